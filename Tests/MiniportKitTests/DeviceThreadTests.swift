import Foundation
import MiniportHBA
import MiniportPlatform
import MiniportVirtio
import Testing
@testable import MiniportKit

/// Devices beside the CPU (`MiniportRunner.deviceThreads`, `--device-threads`): the project's
/// HBA (SCSI Port and StorPort examples) and the virtio examples with their rings consumed on
/// the device's own thread, the port waiting for it in real time, and every byte and status
/// as the deterministic device gives them.
@Suite("Device threads")
struct DeviceThreadTests {
    func runner(_ adapter: AdapterKind, source: String) -> MiniportRunner {
        var runner = MiniportRunner(miniportPath: FixtureBuilder.root.appendingPathComponent(source).path,
                                    sdkRoot: FixtureBuilder.root.path)
        runner.adapter = adapter
        runner.deviceThreads = true
        runner.dumpMemoryBytes = 1 << 20
        return runner
    }

    /// 32 WRITEs of distinct patterns in one batch, then 32 READs in one batch: every request
    /// succeeds, every byte comes back, the device's thread did the work, and nothing is left
    /// in flight.
    func batches(_ adapter: AdapterKind, source: String) throws {
        let session = try runner(adapter, source: source).boot()
        let rounds: () -> Int
        if let virtio = session.controller as? VirtioPCIDevice {
            #expect(virtio.execution == .ownThread)
            rounds = { virtio.workerRounds }
        } else {
            let hba = try #require(session.controller as? EmulatedHBA)
            #expect(hba.configuration.execution == .ownThread)
            rounds = { hba.workerRounds }
        }
        let function = try #require(session.machine.buses[0].functions[3])
        let (port, unit) = try #require(session.bootDevice)
        _ = port.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))   // a fresh disk's unit attention
        let depth = 32, blocks = 8, bytes = blocks * 512
        let written = (0..<depth).map { index in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 4096)
            for offset in 0..<bytes { buffer[offset] = UInt8(truncatingIfNeeded: index &* 31 &+ offset &* 7 &+ 1) }
            return buffer
        }
        let read = (0..<depth).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 4096) }
        defer { for buffer in written + read { buffer.deallocate() } }
        func requests(_ buffers: [UnsafeMutableRawBufferPointer], write: Bool) -> [PortAdapter.Request] {
            buffers.enumerated().map { index, buffer in
                let command = DiskClass.readWriteCommand(lba: UInt64(index * blocks), blocks: blocks, write: write)
                return PortAdapter.Request(pathId: unit.pathId, targetId: unit.targetId, lun: unit.lun, command: command.bytes,
                                           length: command.length, direction: write ? .dataOut : .dataIn, buffer: buffer)
            }
        }
        let roundsBefore = rounds()
        for result in port.execute(requests(written, write: true)) {
            #expect(result.srbStatus & 0x3F == 0x01, "WRITE ended with \(result)")
        }
        for result in port.execute(requests(read, write: false)) {
            #expect(result.srbStatus & 0x3F == 0x01, "READ ended with \(result)")
        }
        for index in 0..<depth {
            #expect(memcmp(written[index].baseAddress!, read[index].baseAddress!, bytes) == 0, "request \(index) read back other bytes")
        }
        #expect(rounds() > roundsBefore, "the device's thread ran no round")
        // The last round may still be ending (its completions were all seen): settled, nothing is left.
        #expect(session.machine.settleDevices())
        #expect(function.asynchronousWork == 0)
        #expect(session.machine.asynchronousWork == 0)
        #expect(!session.machine.clock.hasPostedEvents)
        #expect(session.driver.violations.isEmpty, "\(session.driver.violations)")
        #expect(session.machine.memory.violationCount == 0)
    }

    @Test("The project's HBA under SCSI Port: batches of 32 on the controller's own thread read back what they wrote")
    func hbaScsiPortBatches() throws {
        try batches(.phba, source: "Examples/PhbaMiniport/phba.c")
    }

    @Test("The project's HBA under StorPort: batches of 32 on the controller's own thread read back what they wrote")
    func hbaStorPortBatches() throws {
        try batches(.phba, source: "Examples/StorPortPhba/storphba.c")
    }

    @Test("virtio-blk: batches of 32 on the device's own thread read back what they wrote")
    func virtioBlockBatches() throws {
        try batches(.virtioBlkModern, source: "Examples/VirtioBlkMiniport/virtioblk.c")
    }

    @Test("virtio-scsi: batches of 32 on the device's own thread read back what they wrote")
    func virtioSCSIBatches() throws {
        try batches(.virtioScsiModern, source: "Examples/VirtioScsiMiniport/virtioscsi.c")
    }

    @Test("Every scenario (faults, resets, crash dump, hibernation) passes with the device on its own thread",
          arguments: [(AdapterKind.virtioBlkModern, "Examples/VirtioBlkMiniport/virtioblk.c"),
                      (.phba, "Examples/PhbaMiniport/phba.c"), (.phba, "Examples/StorPortPhba/storphba.c")])
    func scenarios(adapter: AdapterKind, source: String) {
        let runner = runner(adapter, source: source)
        for scenario in MiniportRunner.Scenario.allCases {
            let report = runner.run(scenario)
            #expect(report.passed, "\(source), \(scenario): \(report.violations) \(report.errors)")
        }
    }

    @Test("Without MSI-X the device stays inline (its thread never starts)")
    func intxStaysInline() throws {
        var runner = runner(.virtioBlkModern, source: "Examples/VirtioBlkMiniport/virtioblk.c")
        runner.parameters.messageSignaledInterrupts = false
        let report = runner.run(.normal)
        #expect(report.passed, "\(report.violations) \(report.errors)")
        let session = try runner.boot()
        let device = try #require(session.controller as? VirtioPCIDevice)
        let (port, _) = try #require(session.bootDevice)
        _ = port.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))
        #expect(device.workerRounds == 0)
    }
}

