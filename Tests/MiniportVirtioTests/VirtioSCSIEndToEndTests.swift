import Testing
import MiniportPlatform
import MiniportSCSI
@testable import MiniportVirtio

@Suite struct VirtioSCSIEndToEndTests {
    @Test func commandsEventsAndAbortThroughThePCITransport() throws {
        let disk = SCSIDisk(store: try RAMBlockStore(blockCount: 64))
        let adapter = VirtioSCSIBackend(disks: [disk])
        let pci = try BackendPCIDriver(adapter)
        #expect(pci.function.configRead(offset: 2, width: 2) == 0x1048)
        #expect(pci.common(VirtioCommonConfig.numQueues, 2) == 3)
        #expect(pci.deviceConfig(VirtioSCSI.ConfigOffset.eventInfoSize, 4) == 16)
        pci.start(features: 1 << 1, queueCount: 3)

        // An event buffer, held by the device.
        let event = pci.submit(1, [Buffer(address: pci.at(0x8000), length: 16, writable: true)])
        #expect(pci.used(1).isEmpty)

        // INQUIRY on the request queue.
        let lun0 = SCSIRequest.lun(target: 0, lun: 0)
        pci.fill(0, SCSIRequest.command(lun: lun0, cdb: SCSIRequest.inquiry))
        pci.submit(2, [Buffer(address: pci.at(0), length: 51, writable: false),
                       Buffer(address: pci.at(0x100), length: 108, writable: true),
                       Buffer(address: pci.at(0x200), length: 36, writable: true)])
        #expect(pci.used(2).map(\.length) == [144])
        #expect(pci.bytes(0x100 + 10, 2) == [0, VirtioSCSI.Response.ok])
        #expect(pci.bytes(0x200 + 8, 8) == Array("MINIPORT".utf8))

        // A target appears: the held event buffer is filled through guest memory.
        let target = SCSITarget(id: 4)
        target[0] = SCSIDisk(store: try RAMBlockStore(blockCount: 8))
        adapter.attach(target)
        let events = pci.used(1)
        #expect(events.count == 1 && events[0].id == UInt32(event) && events[0].length == 16)
        let bytes = pci.bytes(0x8000, 16)
        #expect(bytes.le(UInt32.self, at: 0) == VirtioSCSI.Event.transportReset)
        #expect(Array(bytes[4..<12]) == SCSIRequest.lun(target: 4, lun: 0))
        #expect(bytes.le(UInt32.self, at: 12) == VirtioSCSI.ResetReason.rescan)

        // A held command ended by ABORT TASK on the control queue.
        pci.device.faults.inject(.timeout, count: 1)
        pci.fill(0x1000, SCSIRequest.command(lun: lun0, tag: 0x55, cdb: SCSIRequest.testUnitReady))
        let held = pci.submit(2, [Buffer(address: pci.at(0x1000), length: 51, writable: false),
                                  Buffer(address: pci.at(0x1100), length: 108, writable: true)])
        #expect(pci.used(2).isEmpty && adapter.heldRequestCount == 1)
        // The held command counts as outstanding; posted event buffers do not.
        pci.submit(1, [Buffer(address: pci.at(0x8100), length: 16, writable: true)])
        #expect(pci.device.outstandingCommands == 1)
        pci.fill(0x2000, SCSIRequest.tmf(VirtioSCSI.TMF.abortTask, lun: lun0, tag: 0x55))
        pci.submit(0, [Buffer(address: pci.at(0x2000), length: 24, writable: false),
                       Buffer(address: pci.at(0x2100), length: 1, writable: true)])
        #expect(pci.used(0).map(\.length) == [1])
        #expect(pci.bytes(0x2100, 1) == [VirtioSCSI.Response.functionComplete])
        let aborted = pci.used(2)
        #expect(aborted.count == 1 && aborted[0].id == UInt32(held))
        #expect(pci.bytes(0x1100 + 11, 1) == [VirtioSCSI.Response.aborted])
        #expect(adapter.heldRequestCount == 0)
    }
}
