import CMiniportABI
import Foundation
import MiniportHBA
import MiniportPlatform
import MiniportSCSI
import Testing
@testable import MiniportKit

/// A machine with the emulated HBA in slot 3 and RAM disks behind it.
struct TestMachine {
    let machine: Machine
    let hba: EmulatedHBA
    var disks: [SCSIDisk] = []

    init(disks count: Int = 1, blocks: UInt64 = 4096, blockSize: Int = 512,
         configuration: EmulatedHBA.Configuration = .init(), processors: Int = 1) throws {
        machine = Machine(processors: processors)
        hba = EmulatedHBA(configuration: configuration, machine: machine)
        try machine.plug(hba, slot: 3)
        for index in 0..<count {
            let disk = SCSIDisk(store: try RAMBlockStore(blockSize: blockSize, blockCount: blocks))
            let target = SCSITarget(id: UInt8(index))
            try target.attach(disk, lun: 0)
            try hba.attach(target, bus: 0)
            disks.append(disk)
        }
    }
}

/// The two example miniports for the emulated HBA, which must behave the same: phba.c built
/// with `cc`, and its Swift twin built by SwiftPM as the `PhbaSwiftMiniport` product.
enum ExampleMiniport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case c = "C (phba.c, cc)"
    case swift = "Swift (PhbaSwiftMiniport, SwiftPM)"

    var testDescription: String { rawValue }

    /// A private image of the miniport in `dir`: a byte copy of phba.c compiled once per test
    /// process, or of SwiftPM's product. Every test gets its own file, hence its own dlopen
    /// handle and import table, so tests running in parallel never share one.
    func image(in dir: URL) throws -> String {
        switch self {
        case .c:
            let output = dir.appendingPathComponent("phba.so")
            try Self.compiledC.get().write(to: output)
            return output.path
        case .swift:
            let output = dir.appendingPathComponent("phba_swift.so")
            try FileManager.default.copyItem(at: URL(fileURLWithPath: try BuildProducts.path("libPhbaSwiftMiniport.so")),
                                             to: output)
            return output.path
        }
    }

    /// phba.c built once (cc takes most of a second), kept as bytes.
    private static let compiledC = Result<Data, any Error> {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try Data(contentsOf: URL(fileURLWithPath: try build(in: dir)))
    }

    /// phba.c and the import stub compiled with `cc`, warnings as errors.
    static func build(in dir: URL, name: String = "phba.so") throws -> String {
        let source = FixtureBuilder.root.appendingPathComponent("Examples/PhbaMiniport/phba.c").path
        let output = dir.appendingPathComponent(name).path
        try FixtureBuilder.run("cc", ["-shared", "-fPIC", "-O1", "-std=c11", "-Wall", "-Wextra", "-Werror",
                                      "-I", FixtureBuilder.includeDirectory, source] + FixtureBuilder.stubSources
                                     + ["-o", output])
        return output
    }
}

func pattern(_ count: Int, seed: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed) } }

func read10(_ lba: UInt32, _ blocks: UInt16) -> [UInt8] {
    [0x28, 0, UInt8(lba >> 24), UInt8(lba >> 16 & 0xFF), UInt8(lba >> 8 & 0xFF), UInt8(lba & 0xFF), 0,
     UInt8(blocks >> 8), UInt8(blocks & 0xFF), 0]
}

func write10(_ lba: UInt32, _ blocks: UInt16) -> [UInt8] {
    var cdb = read10(lba, blocks)
    cdb[0] = 0x2A
    return cdb
}

let testUnitReady: [UInt8] = [0, 0, 0, 0, 0, 0]

/// What a disk's block store holds, read directly (not through the port).
func medium(_ disk: SCSIDisk, lba: UInt64, blocks: Int) throws -> [UInt8] {
    let blockSize = disk.store.blockSize
    var bytes = [UInt8](repeating: 0, count: blocks * blockSize)
    try bytes.withUnsafeMutableBytes { try disk.store.read(byteOffset: lba * UInt64(blockSize), into: $0) }
    return bytes
}

/// One test's miniport on one machine, with the scratch directory cleaned up at the end.
final class ExampleSession {
    let dir: URL
    let test: TestMachine
    let driver: PortDriver
    var adapter: PortAdapter { driver.adapters[0] }
    var clock: VirtualClock { test.machine.clock }

    init(_ miniport: ExampleMiniport, _ test: TestMachine, argumentString: String? = nil) throws {
        dir = try FixtureBuilder.scratchDirectory()
        self.test = test
        do {
            driver = try PortDriver.load(path: try miniport.image(in: dir), machine: test.machine,
                                             argumentString: argumentString)
        } catch {
            try? FileManager.default.removeItem(at: dir)
            throw error
        }
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// Sends TEST UNIT READY until it succeeds (unit attentions after bring-up and resets).
    func clearUnitAttentions(target: UInt8 = 0) {
        for _ in 0..<4 where !adapter.execute(.init(targetId: target, cdb: testUnitReady)).succeeded {}
    }

    /// The request descriptors in the miniport's request ring (the start of its uncached
    /// extension, which the port allocates page-aligned): (FLAGS, SG_COUNT) of each slot.
    func requestRing() -> [(flags: UInt8, sgCount: UInt16)] {
        guard let region = adapter.uncachedExtension else { return [] }
        let entries = Int(test.hba.readRegister(0x40))
        return (0..<min(entries, region.length / 64)).map { slot in
            (region.hostAddress.load(fromByteOffset: slot * 64 + 0x08, as: UInt8.self),
             region.hostAddress.load(fromByteOffset: slot * 64 + 0x0A, as: UInt16.self))
        }
    }

    /// Makes ScsiPortGetPhysicalAddress report an SRB's buffers in pieces that end at 4 KiB
    /// boundaries of the virtual address, as Windows does for a buffer whose pages are not
    /// physically contiguous. (The port reports a mapped buffer as one run, so without this a
    /// miniport's scatter/gather lists are never built.) Addresses stay the port's.
    func usePageSizedPieces() {
        driver.image.importTable.pointee.ScsiPort.GetPhysicalAddress = { context, ext, srb, address, length in
            let driver = Unmanaged<PortDriver>.fromOpaque(context!).takeUnretainedValue()
            guard let adapter = driver.adapter(ext, "ScsiPortGetPhysicalAddress") else {
                length?.pointee = 0
                return 0
            }
            let physical = adapter.physicalAddress(srb: srb, virtual: address, length: length)
            if srb != nil, physical != 0, let address, let length {
                length.pointee = min(length.pointee, ULONG(4096 - Int(UInt(bitPattern: address) & 4095)))
            }
            return physical
        }
    }

    /// Stands in for a dump port, which polls: calls HwInterrupt every millisecond of virtual
    /// time (in dump mode the miniport masks the controller's interrupts).
    func pollInterrupts() {
        clock.schedule(after: 1_000_000) { [weak self] in
            guard let self, let interrupt = self.adapter.hw.HwInterrupt else { return }
            _ = self.adapter.callMiniport("HwInterrupt") { interrupt(self.adapter.deviceExtension) }
            self.adapter.runDeferred()
            self.pollInterrupts()
        }
    }
}

/// Host memory for one transfer.
final class TransferBuffer {
    let bytes: UnsafeMutableRawBufferPointer
    private let allocation: UnsafeMutableRawPointer

    /// `offset` bytes past a page boundary, so tests control how the buffer crosses pages.
    init(count: Int, offset: Int = 0, seed: Int? = nil) {
        allocation = .allocate(byteCount: count + offset, alignment: 4096)
        bytes = UnsafeMutableRawBufferPointer(start: allocation + offset, count: count)
        for index in 0..<count { bytes[index] = seed.map { UInt8(truncatingIfNeeded: index &* 31 &+ $0) } ?? 0 }
    }

    deinit { allocation.deallocate() }
}

@Suite("SCSI Port driver with the example miniports (C and Swift)")
struct ScsiPortExampleTests {
    @Test("Requests an SRB cannot carry end with SRB_STATUS_INVALID_REQUEST without reaching the miniport")
    func uncarriableRequests() throws {
        let test = try TestMachine()
        let session = try ExampleSession(.c, test)
        let adapter = try #require(session.driver.adapters.first)
        let before = test.hba.commandsCompleted
        let results = adapter.execute([
            .init(cdb: []),
            .init(cdb: [UInt8](repeating: 0, count: 17)),
            .init(cdb: [0x00, 0, 0, 0, 0, 0]),
        ])
        #expect(results.prefix(2).allSatisfy { $0.status == UInt8(SRB_STATUS_INVALID_REQUEST) })
        #expect(results[2].status != UInt8(SRB_STATUS_INVALID_REQUEST))
        #expect(test.hba.commandsCompleted == before + 1)
    }

    @Test("An adapter kept past its driver refuses work (SRB_STATUS_NO_HBA); a disk keeps its driver loaded",
          arguments: ExampleMiniport.allCases)
    func adapterOutlivesDriver(_ miniport: ExampleMiniport) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let path = try miniport.image(in: dir)
        let block = TransferBuffer(count: 512)
        let read = PortAdapter.Request(cdb: [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], direction: .dataIn, buffer: block.bytes)

        var driver: PortDriver? = try PortDriver.load(path: path, machine: test.machine)
        let adapter = try #require(driver?.adapters.first)
        let device = try #require(adapter.devices.first)
        var disk: DiskClass? = try DiskClass(adapter: adapter, device: device)
        driver = nil
        #expect(!adapter.isShutDown, "the disk holds the driver")
        try disk?.read(lba: 0, into: block.bytes)
        disk = nil
        #expect(adapter.isShutDown)
        #expect(adapter.execute(read).status == UInt8(SRB_STATUS_NO_HBA))
        #expect(!adapter.stop() && !adapter.restart())
        adapter.scan()
        #expect(throws: DiskError.adapterShutDown) { _ = try DiskClass(adapter: adapter, device: device) }
    }

    @Test("Bring-up: DriverEntry registers, HwFindAdapter and HwInitialize run, the scan finds the disks",
          arguments: ExampleMiniport.allCases)
    func bringUp(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine(disks: 2)
        let session = try ExampleSession(miniport, test)
        let driver = session.driver
        #expect(driver.registrations.count == 1)
        let registration = try #require(driver.registrations.first)
        #expect(registration.hwInitializationDataSize == 128 && registration.vendorId == "6D70" && registration.deviceId == "5343")
        #expect(registration.status == 0)
        #expect(registration.srbExtensionSize == 256 * 16 + 8)
        #expect(registration.callbacks.sorted() == ["HwAdapterControl", "HwFindAdapter", "HwInitialize", "HwInterrupt",
                                                    "HwResetBus", "HwStartIo"])
        #expect(registration.taggedQueuing && registration.autoRequestSense && registration.multipleRequestPerLu)
        #expect(registration.needPhysicalAddresses && !registration.mapBuffers)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.devices.map { "\($0.pathId):\($0.targetId):\($0.lun)" } == ["0:0:0", "0:1:0"])
        #expect(adapter.devices.first?.vendor == "MINIPORT")
        #expect(adapter.uncachedExtension != nil)
        #expect(adapter.supportedControlTypes == [0, 1, 2])          // query, stop, restart
        #expect(adapter.maximumTransferLength == 255 * 4096 && adapter.numberOfPhysicalBreaks == 255)
        #expect(test.hba.readRegister(0x40) == 256)                  // RING_ENTRIES
        #expect(test.hba.readRegister(0x58) == 0)                    // INTERRUPT_MASK: both sources on
        #expect(driver.driverObject.majorFunctions.filter { $0.owner == "port" }.count == 7)
        #expect(driver.driverObject.majorFunctions.allSatisfy { $0.owner != "miniport" })
        #expect(driver.unresolvedCalls.isEmpty)
        #expect(driver.errorLog.isEmpty)
    }

    @Test("The controller reset in HwInitialize leaves a unit attention, which a TEST UNIT READY consumes",
          arguments: ExampleMiniport.allCases)
    func unitAttentionAfterBringUp(_ miniport: ExampleMiniport) throws {
        let session = try ExampleSession(miniport, try TestMachine())
        let first = session.adapter.execute(.init(cdb: testUnitReady))
        #expect(first.status == UInt8(SRB_STATUS_ERROR) && first.scsiStatus == 0x02)
        #expect(first.senseKey == 0x06 && first.asc == 0x29 && first.ascq == 0x02)
        #expect(session.adapter.execute(.init(cdb: testUnitReady)).succeeded)
    }

    @Test("Verified writes and reads through the disk class: one block, a few, and more than the maximum (split)",
          arguments: ExampleMiniport.allCases)
    func verifiedIO(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine(blocks: 8192)
        let session = try ExampleSession(miniport, test)
        let disk = try #require(DiskClass.disks(on: session.adapter).first)
        #expect(disk.blockCount == 8192 && disk.blockSize == 512)
        #expect(disk.maximumBlocksPerRequest == 2040)
        for (lba, blocks) in [(0, 1), (7, 8), (100, 3000)] as [(UInt64, Int)] {
            let data = TransferBuffer(count: blocks * 512, offset: 16, seed: Int(lba))
            let back = TransferBuffer(count: blocks * 512, offset: 16)
            try disk.write(lba: lba, from: UnsafeRawBufferPointer(data.bytes))
            try disk.read(lba: lba, into: back.bytes)
            #expect(Array(back.bytes) == Array(data.bytes), "lba \(lba) blocks \(blocks)")
            // And on the medium itself.
            let stored = try medium(test.disks[0], lba: lba, blocks: blocks)
            #expect(stored == Array(data.bytes), "medium at lba \(lba)")
        }
        #expect(disk.retriesUsed == 1)        // the unit attention after bring-up
        #expect(test.machine.memory.violationCount == 0, "\(test.machine.memory.violations)")
        #expect(test.machine.memory.activeMappings == 0)
        #expect(session.adapter.interruptsServiced > 0 && session.adapter.spuriousInterrupts == 0)
        try disk.flush()
    }

    @Test("Scatter/gather: buffers reported in page-sized pieces go out as SG lists built in the SRB extension",
          arguments: ExampleMiniport.allCases)
    func scatterGather(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine(blocks: 8192)
        let session = try ExampleSession(miniport, test)
        session.usePageSizedPieces()
        let disk = try #require(DiskClass.disks(on: session.adapter).first)
        // 2040 blocks (the largest request) from 512 bytes into a page: 256 pieces, the limit.
        for (lba, blocks, offset) in [(0, 8, 0), (9, 9, 3584), (50, 2040, 512), (3000, 3000, 1000)] as [(UInt64, Int, Int)] {
            let data = TransferBuffer(count: blocks * 512, offset: offset, seed: Int(lba) + 5)
            let back = TransferBuffer(count: blocks * 512, offset: offset)
            try disk.write(lba: lba, from: UnsafeRawBufferPointer(data.bytes))
            try disk.read(lba: lba, into: back.bytes)
            #expect(Array(back.bytes) == Array(data.bytes), "lba \(lba) blocks \(blocks) offset \(offset)")
        }
        let lists = session.requestRing().filter { $0.flags & 0x04 != 0 }    // FLAGS.SG_LIST
        #expect(!lists.isEmpty)
        #expect(lists.map(\.sgCount).max() == 256)
        #expect(test.machine.memory.violationCount == 0)
        #expect(test.machine.memory.activeMappings == 0)
        #expect(session.driver.errorLog.isEmpty)
    }

    @Test("A CHECK CONDITION comes back with autosense", arguments: ExampleMiniport.allCases)
    func senseData(_ miniport: ExampleMiniport) throws {
        let session = try ExampleSession(miniport, try TestMachine(blocks: 64))
        let adapter = session.adapter
        session.clearUnitAttentions()
        var buffer = [UInt8](repeating: 0, count: 512)
        let result = buffer.withUnsafeMutableBytes {
            adapter.execute(.init(cdb: read10(64, 1), direction: .dataIn, buffer: $0))
        }
        #expect(result.status == UInt8(SRB_STATUS_ERROR) && result.scsiStatus == 0x02)
        #expect(result.srbStatus & UInt8(SRB_STATUS_AUTOSENSE_VALID) != 0)
        #expect(result.senseKey == 0x05 && result.asc == 0x21, "\(result)")
        // Autosense disabled: no sense data, the LU keeps it for a REQUEST SENSE.
        let quiet = buffer.withUnsafeMutableBytes {
            adapter.execute(.init(cdb: read10(64, 1), direction: .dataIn, buffer: $0, senseLength: 0))
        }
        #expect(quiet.status == UInt8(SRB_STATUS_ERROR) && quiet.scsiStatus == 0x02 && quiet.sense.isEmpty)
    }

    @Test("A medium error reaches the disk class as a typed error with the LBA from the sense data",
          arguments: ExampleMiniport.allCases)
    func mediumError(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine(blocks: 256)
        let session = try ExampleSession(miniport, test)
        let disk = try #require(DiskClass.disks(on: session.adapter).first)
        _ = test.disks[0].faults.injectMediumError(at: 20..<21, on: .read)
        let buffer = TransferBuffer(count: 8 * 512)
        #expect(throws: DiskError.mediumError(lba: 20, asc: 0x11, ascq: 0x00)) { try disk.read(lba: 16, into: buffer.bytes) }
        try disk.read(lba: 24, into: buffer.bytes)                       // the rest of the disk reads
    }

    @Test("A lost command times out: the port calls HwResetBus and ends it with SRB_STATUS_BUS_RESET",
          arguments: ExampleMiniport.allCases)
    func timeout(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine()
        let session = try ExampleSession(miniport, test)
        let adapter = session.adapter
        session.clearUnitAttentions()
        let rule = test.hba.faults.inject(.timeout)
        let started = test.machine.clock.now
        let result = adapter.execute(.init(cdb: testUnitReady, timeout: 5))
        #expect(rule.fired == 1)
        #expect(result.status == UInt8(SRB_STATUS_BUS_RESET))
        #expect(adapter.timeouts == 1)
        #expect(test.machine.clock.now - started >= 5_000_000_000)
        // The reset leaves a unit attention, reported with sense.
        let next = adapter.execute(.init(cdb: testUnitReady))
        #expect(next.scsiStatus == 0x02 && next.senseKey == 0x06 && next.asc == 0x29)
        #expect(adapter.execute(.init(cdb: testUnitReady)).succeeded)
        #expect(test.hba.outstandingCommands == 0)
    }

    @Test("A lost interrupt: the timeout's HwResetBus finds the completion in the ring and reports the real result",
          arguments: ExampleMiniport.allCases)
    func lostInterrupt(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine()
        let session = try ExampleSession(miniport, test)
        session.clearUnitAttentions()
        let rule = test.hba.faults.inject(.lostInterrupt)
        let data = TransferBuffer(count: 512, seed: 9)
        let result = session.adapter.execute(.init(cdb: write10(5, 1), direction: .dataOut, buffer: data.bytes, timeout: 3))
        #expect(rule.fired == 1)
        #expect(session.adapter.timeouts == 1)
        #expect(result.succeeded, "\(result)")                            // the WRITE did reach the medium
        #expect(try medium(test.disks[0], lba: 5, blocks: 1) == Array(data.bytes))
    }

    @Test("Several commands outstanding at once complete out of order, each matched by its tag",
          arguments: ExampleMiniport.allCases)
    func multipleOutstanding(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine(blocks: 1024)
        let session = try ExampleSession(miniport, test)
        let adapter = session.adapter
        session.clearUnitAttentions()
        let clock = session.clock
        let buffers = (0..<3).map { TransferBuffer(count: 8 * 512, seed: 40 + $0) }
        final class Log { var finished: [(name: String, time: UInt64, result: PortAdapter.Result)] = []; var inFlight = -1 }
        let log = Log()
        func write(_ index: Int, delay: UInt64?) -> PortAdapter.Result {
            if let delay { test.hba.faults.inject(.delay(nanoseconds: delay)) }
            let result = adapter.execute(.init(cdb: write10(UInt32(100 * (index + 1)), 8), direction: .dataOut,
                                               buffer: buffers[index].bytes))
            log.finished.append(("\(index)", clock.now, result))
            return result
        }
        // t = 0: command 0, completion held for 5 ms. t = 1 ms: command 1, held for 2 ms.
        // t = 2 ms: command 2, completed at once. The port issues each while the earlier ones
        // are still with the controller (the miniport asked for more with NextLuRequest).
        clock.schedule(after: 1_000_000) {
            clock.schedule(after: 1_000_000) {
                log.inFlight = test.hba.outstandingCommands
                _ = write(2, delay: nil)
            }
            _ = write(1, delay: 2_000_000)
        }
        _ = write(0, delay: 5_000_000)
        #expect(log.inFlight == 2)
        #expect(log.finished.map(\.name) == ["2", "1", "0"])
        #expect(log.finished.map(\.time) == [2_000_000, 3_000_000, 5_000_000])
        #expect(log.finished.allSatisfy { $0.result.succeeded && $0.result.transferred == 4096 })
        for index in 0..<3 {
            #expect(try medium(test.disks[0], lba: UInt64(100 * (index + 1)), blocks: 8) == Array(buffers[index].bytes))
        }
        #expect(adapter.timeouts == 0 && adapter.busyRetries == 0)
        #expect(test.machine.memory.activeMappings == 0)
    }

    @Test("A full ring: with N - 1 commands outstanding the miniport holds back NextRequest until one completes",
          arguments: ExampleMiniport.allCases)
    func ringFull(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine(disks: 2, configuration: .init(queueDepth: 4))
        let session = try ExampleSession(miniport, test)
        let adapter = session.adapter
        session.clearUnitAttentions(target: 0)
        session.clearUnitAttentions(target: 1)
        #expect(test.hba.readRegister(0x40) == 4)                    // RING_ENTRIES: 3 commands at most
        let clock = session.clock
        final class Log { var finished: [(name: Int, time: UInt64, ok: Bool)] = []; var inFlight: [Int] = [] }
        let log = Log()
        func run(_ index: Int, delay: UInt64?) {
            if let delay { test.hba.faults.inject(.delay(nanoseconds: delay)) }
            let ok = adapter.execute(.init(targetId: index < 3 ? 0 : 1, cdb: testUnitReady)).succeeded
            log.finished.append((index, clock.now, ok))
        }
        // Commands 0, 1, 2 to target 0 at t = 0, 1, 2 ms, each completing 10 ms after it
        // started, fill the ring; command 3 (target 1) at t = 3 ms waits for the first
        // completion, which frees a slot and sends the held-back NextRequest.
        func chain(_ index: Int) {
            guard index < 4 else { return }
            clock.schedule(after: 1_000_000) {
                log.inFlight.append(test.hba.outstandingCommands)
                chain(index + 1)
                run(index, delay: index < 3 ? 10_000_000 : nil)
            }
        }
        chain(1)
        run(0, delay: 10_000_000)
        #expect(log.inFlight == [1, 2, 3])
        #expect(log.finished.map(\.name) == [3, 2, 1, 0])
        // Command 3 returns as soon as it completes; the others return, innermost first, once
        // command 2 (the last to complete) is done.
        #expect(log.finished.map(\.time) == [10_000_000, 12_000_000, 12_000_000, 12_000_000])
        #expect(log.finished.allSatisfy { $0.ok })
        #expect(adapter.busyRetries == 0 && adapter.timeouts == 0)   // the port never overfilled the ring
    }

    @Test("Controller FATAL with a command outstanding: recovery ends it with BUS_RESET, logs the error, I/O resumes",
          arguments: ExampleMiniport.allCases)
    func fatalRecovery(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine()
        let session = try ExampleSession(miniport, test)
        let adapter = session.adapter
        session.clearUnitAttentions()
        test.hba.faults.inject(.delay(nanoseconds: 5_000_000))
        session.clock.schedule(after: 1_000_000) { test.hba.injectControllerFatal() }
        let buffer = TransferBuffer(count: 512)
        let result = adapter.execute(.init(cdb: read10(0, 1), direction: .dataIn, buffer: buffer.bytes))
        #expect(result.status == UInt8(SRB_STATUS_BUS_RESET), "\(result)")
        #expect(session.driver.errorLog.map(\.uniqueId) == [0x5048_0106])   // site: FATAL in HwInterrupt; error 6
        #expect(session.driver.errorLog.first?.errorCode == UInt32(SP_INTERNAL_ADAPTER_ERROR))
        #expect(!test.hba.isFatal && test.hba.isReady)
        session.clearUnitAttentions()
        let data = TransferBuffer(count: 4096, seed: 3)
        #expect(adapter.execute(.init(cdb: write10(8, 8), direction: .dataOut, buffer: data.bytes)).succeeded)
        #expect(try medium(test.disks[0], lba: 8, blocks: 8) == Array(data.bytes))
        #expect(test.machine.memory.violationCount == 0)
    }

    @Test("RESET_DEVICE and RESET_BUS SRBs reset through the controller's registers", arguments: ExampleMiniport.allCases)
    func resetSrbs(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine(disks: 2)
        let session = try ExampleSession(miniport, test)
        let adapter = session.adapter
        session.clearUnitAttentions(target: 0)
        session.clearUnitAttentions(target: 1)
        var reset = PortAdapter.Request(targetId: 1, cdb: testUnitReady)
        reset.function = UInt8(SRB_FUNCTION_RESET_DEVICE)
        #expect(adapter.execute(reset).succeeded)
        #expect(adapter.execute(.init(targetId: 0, cdb: testUnitReady)).succeeded)       // target 0 untouched
        let target1 = adapter.execute(.init(targetId: 1, cdb: testUnitReady))
        #expect(target1.senseKey == 0x06 && target1.asc == 0x29 && target1.ascq == 0x03)  // device reset occurred
        reset.function = UInt8(SRB_FUNCTION_RESET_BUS)
        #expect(adapter.execute(reset).succeeded)
        for target in [0, 1] as [UInt8] {
            let next = adapter.execute(.init(targetId: target, cdb: testUnitReady))
            #expect(next.senseKey == 0x06 && next.asc == 0x29 && next.ascq == 0x02)     // bus reset occurred
        }
        var abort = PortAdapter.Request(cdb: testUnitReady)
        abort.function = UInt8(SRB_FUNCTION_ABORT_COMMAND)
        #expect(adapter.execute(abort).status == UInt8(SRB_STATUS_ABORT_FAILED))
    }

    @Test("HwAdapterControl: stop quiesces the controller, restart reprograms it and I/O works again",
          arguments: ExampleMiniport.allCases)
    func stopAndRestart(_ miniport: ExampleMiniport) throws {
        let test = try TestMachine()
        let session = try ExampleSession(miniport, test)
        let adapter = session.adapter
        session.clearUnitAttentions()
        #expect(adapter.stop())
        #expect(!test.hba.isReady)
        #expect(adapter.restart())
        #expect(test.hba.isReady && test.hba.readRegister(0x40) == 256)
        session.clearUnitAttentions()
        let data = TransferBuffer(count: 1024, seed: 11)
        #expect(adapter.execute(.init(cdb: write10(3, 2), direction: .dataOut, buffer: data.bytes)).succeeded)
        #expect(try medium(test.disks[0], lba: 3, blocks: 2) == Array(data.bytes))
    }

    @Test("Dump mode (\"dump=1\"): an 8-slot ring, interrupts masked, completions found by polling HwInterrupt",
          arguments: ExampleMiniport.allCases)
    func dumpMode(_ miniport: ExampleMiniport) throws {
        // A small bus keeps the bring-up scan short: this port has no polled mode (the dump
        // port will), so each scan command ends through the timeout and HwResetBus, which
        // drains the completion ring.
        let test = try TestMachine(configuration: .init(targetsPerBus: 2, lunsPerTarget: 1))
        let session = try ExampleSession(miniport, test, argumentString: "dump=1")
        let adapter = session.adapter
        #expect(session.driver.argumentString == "dump=1")
        #expect(adapter.devices.map(\.targetId) == [0])
        #expect(test.hba.readRegister(0x40) == 8)                    // RING_ENTRIES
        #expect(test.hba.readRegister(0x58) == 3)                    // INTERRUPT_MASK: both masked
        let interruptsBefore = adapter.interruptsServiced
        session.pollInterrupts()
        let disk = try DiskClass(adapter: adapter, device: adapter.devices[0])
        let data = TransferBuffer(count: 64 * 512, seed: 21)
        let back = TransferBuffer(count: 64 * 512)
        try disk.write(lba: 10, from: UnsafeRawBufferPointer(data.bytes))
        try disk.read(lba: 10, into: back.bytes)
        #expect(Array(back.bytes) == Array(data.bytes))
        #expect(adapter.interruptsServiced == interruptsBefore)      // nothing was interrupt-driven
        // A lost command still ends through HwResetBus, completed with its own RequestComplete.
        test.hba.faults.inject(.timeout)
        let result = adapter.execute(.init(cdb: testUnitReady, timeout: 2))
        #expect(result.status == UInt8(SRB_STATUS_BUS_RESET))
        #expect(test.machine.memory.violationCount == 0)
    }

    @Test("No matching adapter: load fails with the reason", arguments: ExampleMiniport.allCases)
    func noAdapter(_ miniport: ExampleMiniport) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try miniport.image(in: dir)
        #expect(throws: PortDriver.LoadError.self) { _ = try PortDriver.load(path: path, machine: Machine()) }
    }
}

@Suite("ScsiPortInitialize validates HW_INITIALIZATION_DATA")
struct ScsiPortValidationTests {
    @Test("Bad registrations return the status a real port returns, with the reason in the log", arguments: [
        ("BAD_SIZE", 0xC000_0059 as UInt32, "HwInitializationDataSize"),
        ("SMALL_SIZE", 0xC000_0059, "HwInitializationDataSize is 64"),
        ("NO_STARTIO", 0xC000_0059, "HwStartIo"),
        ("BAD_INTERFACE", 0xC000_000D, "AdapterInterfaceType"),
        ("ISA_BUS", 0xC000_000E, "only PCI"),
    ])
    func badRegistration(flag: String, status: UInt32, reason: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["bad_init.c"], name: "bad.so", extraFlags: ["-D\(flag)"], in: dir)
        let machine = try TestMachine().machine
        do throws(PortDriver.LoadError) {
            _ = try PortDriver.load(path: path, machine: machine)
            Issue.record("\(flag): load succeeded")
        } catch {
            guard case .driverEntryFailed(_, let returned, let log) = error else {
                Issue.record("\(flag): \(error)")
                return
            }
            #expect(returned == status, "\(flag)")
            #expect(log.contains { $0.kind == .refused && $0.message.contains(reason) }, "\(flag): \(log)")
            // Refused arguments are the init.bad-arguments rule; an absent bus type is not.
            #expect(log.contains { $0.message.hasPrefix("[init.bad-arguments]") } == (flag != "ISA_BUS"), "\(flag)")
            #expect(error.description.contains(reason))
        }
    }
}

extension ScsiPortValidationTests {
    @Test("An older, 120-byte HW_INITIALIZATION_DATA (no HwAdapterControl) is accepted; the field is not read")
    func olderStructure() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let phba = FixtureBuilder.root.appendingPathComponent("Examples/PhbaMiniport/phba.c").path
        let source = dir.appendingPathComponent("old_size.c")
        // phba, registering with the pre-HwAdapterControl size; the field it still sets lies past it.
        try """
            #include <miniport.h>
            #include <srb.h>
            static ULONG OldSizeInitialize(PVOID a, PVOID b, struct _HW_INITIALIZATION_DATA *d, PVOID c)
            {
                d->HwInitializationDataSize = 120;
                return ScsiPortInitialize(a, b, d, c);
            }
            #define ScsiPortInitialize OldSizeInitialize
            #include "\(phba)"
            """.write(to: source, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("old_size.so").path
        try MiniportBuilder.build(sources: [source.path], output: output, sdkRoot: FixtureBuilder.root)
        let driver = try PortDriver.load(path: output, machine: try TestMachine().machine)
        #expect(driver.registrations.first?.hwInitializationDataSize == 120)
        #expect(driver.registrations.first?.callbacks.contains("HwAdapterControl") == false)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.supportedControlTypes.isEmpty && adapter.devices.count == 1)
    }
}

@Suite("The Swift example miniport's image")
struct SwiftMiniportImageTests {
    @Test("Exports DriverEntry, MpAbiImportTable and driverEntry's own Swift symbol, nothing else of its own")
    func exports() throws {
        let output = try FixtureBuilder.run("nm", ["-D", "--defined-only", try BuildProducts.path("libPhbaSwiftMiniport.so")])
        let names = Set(output.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
        let linkerDefined: Set = ["__bss_start", "_edata", "_end"]
        #expect(names.subtracting(linkerDefined)
                == ["DriverEntry", "MpAbiImportTable", "$s17PhbaSwiftMiniport11driverEntryys6UInt32VSvSg_AEtF"])
    }

    @Test("The image pins itself: after the last dlclose it stays mapped (the Swift runtime keeps pointers into it)")
    func pinned() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try ExampleMiniport.swift.image(in: dir)
        let image = try MiniportImage.load(path: path)
        image.unload()
        let handle = dlopen(path, RTLD_NOW | RTLD_NOLOAD)
        #expect(handle != nil)
        if let handle { dlclose(handle) }
    }
}
