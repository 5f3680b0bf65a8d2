import Testing
import MiniportPlatform
import MiniportSCSI
import MiniportVirtio
@testable import MiniportKit

@Suite struct VirtioAdapterKindTests {
    func disks(_ count: Int) throws -> [SCSIDisk] {
        try (0..<count).map { _ in SCSIDisk(store: try RAMBlockStore(blockCount: 64)) }
    }

    @Test func virtioKindsBuildTheirDevices() throws {
        let cases: [(AdapterKind, UInt16, UInt16)] = [(.virtioBlk, 0x1001, 2), (.virtioBlkModern, 0x1042, 2),
                                                      (.virtioScsi, 0x1004, 8), (.virtioScsiModern, 0x1048, 8)]
        for (kind, deviceID, type) in cases {
            let controller = try kind.makeController(machine: Machine(), setup: .init(disks: try disks(1)))
            let device = try #require(controller as? VirtioPCIDevice)
            #expect(device.identity.vendorID == 0x1AF4 && device.identity.deviceID == deviceID, "\(kind)")
            #expect(device.identity.subsystemID == type, "\(kind)")
            #expect(controller.carriesSCSIStatus == (type == 8), "\(kind)")
        }
    }

    @Test func virtioSCSIPutsDiskNAtTargetN() throws {
        let all = try disks(3)
        let controller = try AdapterKind.virtioScsiModern.makeController(machine: Machine(), setup: .init(disks: all))
        let backend = try #require((controller as? VirtioPCIDevice)?.backend as? VirtioSCSIBackend)
        #expect(backend.targetIDs == [0, 1, 2])
        #expect(backend.target(1)?[0] === all[1])
    }

    @Test func virtioBlockCarriesOneDisk() throws {
        let one = try disks(1)
        let controller = try AdapterKind.virtioBlkModern.makeController(machine: Machine(), setup: .init(disks: one))
        let backend = try #require((controller as? VirtioPCIDevice)?.backend as? VirtioBlockBackend)
        #expect(backend.store === one[0].store && backend.diskFaults === one[0].faults)
        #expect(throws: (any Error).self) {
            try AdapterKind.virtioBlk.makeController(machine: Machine(), setup: .init(disks: try disks(2)))
        }
    }
}
