import Foundation
import MiniportPlatform
import MiniportSCSI
import Testing
import ToyDeviceModel
@testable import MiniportKit

/// The device-model example (Examples/DeviceModel, docs/device-models.md): a controller model
/// of one's own, plugged in with `MiniportRunner.controllerFactory`, driven by its StorPort
/// miniport as a `.so` and as a `.sys`, with MSI-X granted and on INTx; and the port's MSI
/// services as a miniport sees them.
@Suite("Device-model example: the toy block controller and toyblock.c")
struct DeviceModelExampleTests {
    static func runner(image: String, messages: Bool, latency: UInt64 = 20_000) -> MiniportRunner {
        var runner = MiniportRunner(miniportPath: image, disks: [.ram(bytes: 8 << 20, blockSize: 512)],
                                    sdkRoot: FixtureBuilder.root.path)
        runner.controllerFactory = { _, disks in ToyBlockController(disk: disks[0], latency: latency) }
        runner.parameters.messageSignaledInterrupts = messages
        runner.dumpMemoryBytes = 1 << 20
        return runner
    }

    @Test("toyblock.c passes every scenario on the toy controller, with MSI-X and on INTx",
          arguments: MiniportBuildTarget.allCases)
    func everyScenario(_ target: MiniportBuildTarget) throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("toyblock.\(target.imageExtension)").path
        try MiniportBuilder.build(sources: [FixtureBuilder.root.appendingPathComponent("Examples/DeviceModel/toyblock.c").path],
                                  output: image, sdkRoot: FixtureBuilder.root, werror: true, target: target)

        for messages in [true, false] {
            let runner = Self.runner(image: image, messages: messages)
            let label = "\(target) \(messages ? "MSI-X" : "INTx")"

            // The session (and the image it loaded) is gone before the scenarios load it again.
            try faultSession(runner, messages: messages, label: label)
            for scenario in MiniportRunner.Scenario.allCases {
                let report = runner.run(scenario)
                #expect(report.passed, "\(label), \(scenario): \(report.errors) \(report.violations)")
            }
        }
    }

    /// A session of our own: I/O through a lost interrupt, a held command and a controller
    /// failure, counting how the completions arrived (messages or INTx).
    func faultSession(_ runner: MiniportRunner, messages: Bool, label: String) throws {
        let session = try runner.boot()
        let adapter = try #require(session.driver.adapters.first)
        let device = try #require(adapter.devices.first { $0.deviceType == 0 }, "\(label): no disk found")
        let disk = try DiskClass(adapter: adapter, device: device)
        let controller = try #require(session.controller as? ToyBlockController)
        let function = try #require(session.machine.functions.first)
        #expect(function.msixEnabled == messages, "\(label)")

        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 512, alignment: 4096)
        let back = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 512, alignment: 4096)
        defer {
            buffer.deallocate()
            back.deallocate()
        }
        let resetsBefore = controller.resetsPerformed
        for (round, fault) in ["none", "lost interrupt", "timeout", "fatal"].enumerated() {
            switch fault {
            case "lost interrupt": controller.faults.inject(.lostInterrupt)
            case "timeout": controller.faults.inject(.timeout)
            case "fatal": controller.injectControllerFatal()
            default: break
            }
            for index in 0..<buffer.count { buffer[index] = UInt8(truncatingIfNeeded: index &* 7 &+ round) }
            try disk.write(lba: UInt64(100 + 32 * round), from: UnsafeRawBufferPointer(buffer))
            try disk.read(lba: UInt64(100 + 32 * round), into: back)
            #expect(buffer.elementsEqual(back), "\(label), \(fault): the data read back differs")
        }
        // Each of the three faults ended in a controller reset; the data is on the disk.
        #expect(controller.resetsPerformed >= resetsBefore + 3, "\(label)")
        #expect(controller.faults.rules.allSatisfy { $0.fired == 1 }, "\(label)")
        #expect(controller.outstandingCommands == 0)
        if messages {
            #expect(adapter.messagesServiced > 0, "\(label): no message was serviced")
            #expect(function.interrupt?.assertions == 0, "\(label): INTx was driven while MSI-X was enabled")
        } else {
            #expect(adapter.messagesServiced == 0, "\(label)")
            #expect((function.interrupt?.assertions ?? 0) > 0, "\(label): INTx never rose")
        }
        #expect(session.unload().isEmpty)
        #expect(session.driver.violations.isEmpty, "\(label): \(session.driver.violations)")
    }

    @Test("StorPortGetMSIInfo answers for the granted message only; MSI spin lock misuse is lock.misuse; messages at DIRQL")
    func messageServices() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try FixtureBuilder.buildSharedObject(["msi_services.c"], name: "msi_services.so", in: directory)
        let session = try Self.runner(image: image, messages: true, latency: 0).boot()
        defer { session.unload() }
        let printed = session.driver.log.filter { $0.kind == .debugPrint }.map(\.message)
        func said(_ text: String) -> Bool { printed.contains { $0.contains(text) } }
        #expect(said("msi-probe: message 0 status 0 id 0 data 0 address fee00000 mode 1"), "\(printed)")
        #expect(said("msi-probe: message 1 status \(0xC100_0006 as UInt32)"), "\(printed)")
        #expect(said("msi-probe: release without acquire status \(0xC100_0006 as UInt32)"), "\(printed)")
        // The flush HwInitialize started completed inside its doorbell write (latency 0): the
        // message was serviced after HwInitialize returned, at DIRQL, as HwInterrupt runs.
        #expect(said("msi-probe: message 0 at IRQL \(KernelModel.deviceIrql)"), "\(printed)")
        let misuse = session.driver.violations.filter { $0.rule == VerifierRule.lockMisuse.rawValue }
        #expect(misuse.count == 2, "\(session.driver.violations)")
        #expect(misuse.contains { $0.detail.contains("without holding") })
        #expect(misuse.contains { $0.detail.contains("already held") })
    }

    @Test("The toy controller refuses what a driver gets wrong: protocol reports, refused DMA, defined results")
    func hostileDriver() throws {
        let machine = Machine()
        let disk = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 64))
        let toy = ToyBlockController(disk: disk, latency: 1_000)
        let function = try machine.plug(toy, slot: 3)
        let bar = function.barAddress(0)
        func write(_ offset: UInt64, _ value: UInt32) { machine.memorySpace.write(bar + offset, width: 4, value: UInt64(value)) }
        func read(_ offset: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: machine.memorySpace.read(bar + offset, width: 4)) }
        let list = try #require(machine.memory.allocateDMA(length: 4096, label: "list"))
        let data = try #require(machine.memory.allocateDMA(length: 4096, label: "data"))
        func entry(_ address: UInt64, _ length: UInt32) {
            list.bytes.storeBytes(of: address.littleEndian, toByteOffset: 0, as: UInt64.self)
            list.bytes.storeBytes(of: length.littleEndian, toByteOffset: 8, as: UInt32.self)
        }
        func command(_ code: UInt32, blocks: UInt32, entries: UInt32) {
            write(ToyRegister.command, code)
            write(ToyRegister.blocks, blocks)
            write(ToyRegister.sgLow, UInt32(truncatingIfNeeded: list.physicalAddress))
            write(ToyRegister.sgHigh, UInt32(truncatingIfNeeded: list.physicalAddress >> 32))
            write(ToyRegister.sgCount, entries)
            write(ToyRegister.doorbell, 1)
            machine.clock.advance(by: 1_000)
        }

        #expect(read(ToyRegister.magic) == ToyValue.magic)
        write(ToyRegister.doorbell, 1)                          // not enabled
        #expect(function.protocolViolations.last?.contains("ENABLE") == true)
        write(ToyRegister.control, ToyValue.controlEnable | ToyValue.controlInterruptEnable)

        entry(data.physicalAddress, 512)
        command(ToyValue.commandRead, blocks: 1, entries: 1)   // a good READ: DONE, INTA# up
        #expect(read(ToyRegister.result) == ToyValue.resultOK)
        #expect(read(ToyRegister.interruptStatus) == ToyValue.interruptDone)
        #expect(function.interrupt?.isAsserted == true)
        write(ToyRegister.interruptStatus, ToyValue.interruptDone)
        #expect(function.interrupt?.isAsserted == false)

        entry(0xDEAD_0000, 512)                                 // outside every DMA region
        let refusals = machine.memory.violationCount
        command(ToyValue.commandWrite, blocks: 1, entries: 1)
        #expect(read(ToyRegister.result) == ToyValue.resultDMAError)
        #expect(machine.memory.violationCount == refusals + 1)

        let reports = function.protocolViolationCount
        command(ToyValue.commandRead, blocks: 1, entries: 0)   // no list
        #expect(read(ToyRegister.result) == ToyValue.resultInvalid)
        entry(data.physicalAddress, 100_000)                    // longer than the transfer
        command(ToyValue.commandRead, blocks: 1, entries: 1)
        #expect(read(ToyRegister.result) == ToyValue.resultInvalid)
        command(9, blocks: 1, entries: 1)                       // no such command
        #expect(read(ToyRegister.result) == ToyValue.resultInvalid)
        #expect(function.protocolViolationCount == reports + 3)

        toy.faults.inject(.timeout)                             // held: BUSY until reset
        entry(data.physicalAddress, 512)
        command(ToyValue.commandRead, blocks: 1, entries: 1)
        #expect(toy.outstandingCommands == 1 && read(ToyRegister.status) & ToyValue.statusBusy != 0)
        write(ToyRegister.doorbell, 1)                          // while busy
        #expect(function.protocolViolations.last?.contains("in progress") == true)
        write(ToyRegister.control, ToyValue.controlReset)
        #expect(toy.outstandingCommands == 0 && toy.resetsPerformed == 1 && read(ToyRegister.control) == 0)
        #expect(read(0x1000 - 4) == 0 && machine.memorySpace.read(bar + 2, width: 2) == 0xFFFF)
    }

    /// A broken device model: it raises INTx and an MSI-X message for the same event.
    final class BothInterrupts: PCIDevice {
        let identity = PCIIdentity(vendorID: 0x6D70, deviceID: 0x5442, subsystemVendorID: 0, subsystemID: 0)
        let bars = [PCIBar(kind: .memory32, size: 4096), PCIBar(kind: .memory32, size: 4096)]
        let interruptPin: UInt8 = 1
        let msix: PCIMSIXLayout? = PCIMSIXLayout(vectors: 1, bar: 1)
        unowned(unsafe) var function: PCIFunction?
        func attach(to function: PCIFunction) { self.function = function }
        func read(region: Int, offset: UInt64, width: Int) -> UInt64 { 0 }
        func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
            switch offset {
            case ToyRegister.doorbell:
                function?.interrupt?.drive(true)
                function?.signalMSIX(vector: 0)
            case ToyRegister.interruptStatus: function?.interrupt?.drive(false)
            default: break
            }
        }
    }

    /// Four MSI-X vectors; the doorbell sends each once.
    final class FourMessages: PCIDevice {
        let identity = PCIIdentity(vendorID: 0x6D70, deviceID: 0x5442, subsystemVendorID: 0, subsystemID: 0)
        let bars = [PCIBar(kind: .memory32, size: 4096), PCIBar(kind: .memory32, size: 4096)]
        let interruptPin: UInt8 = 1
        let msix: PCIMSIXLayout? = PCIMSIXLayout(vectors: 4, bar: 1)
        unowned(unsafe) var function: PCIFunction?
        func attach(to function: PCIFunction) { self.function = function }
        func read(region: Int, offset: UInt64, width: Int) -> UInt64 { 0 }
        func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
            if offset == ToyRegister.doorbell { for vector in 0..<4 { function?.signalMSIX(vector: vector) } }
        }
    }

    @Test("HwMSInterruptRoutine for message m runs on processor m modulo the processors, then the thread's own")
    func messageRoutineProcessor() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try FixtureBuilder.buildSharedObject(["msi_services.c"], name: "msi_processors.so", in: directory)
        let machine = Machine(processors: 2)
        try machine.plug(FourMessages(), slot: 3)
        let driver = try PortDriver.load(path: image, machine: machine, parameters: AdapterParameters())
        defer { driver.unload() }
        let printed = driver.log.map(\.message)
        for (message, processor) in [(0, 0), (1, 1), (2, 0), (3, 1)] {
            #expect(printed.contains { $0.contains("msi-probe: message \(message) at IRQL \(KernelModel.deviceIrql) on processor \(processor)") },
                    "message \(message): \(printed)")
        }
        #expect(machine.currentProcessor == 0)
    }

    @Test("While MSI-X is enabled the port ignores INTx: a device model driving both is noted, HwInterrupt not called")
    func lineIgnoredUnderMessages() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try FixtureBuilder.buildSharedObject(["msi_services.c"], name: "msi_services.so", in: directory)
        let device = BothInterrupts()
        let machine = Machine()
        try machine.plug(device, slot: 3)
        let driver = try PortDriver.load(path: image, machine: machine, parameters: AdapterParameters())
        defer { driver.unload() }
        let printed = driver.log.map(\.message)
        #expect(printed.contains { $0.contains("msi-probe: message 0 at IRQL") }, "\(printed)")
        #expect(!printed.contains { $0.contains("msi-probe: HwInterrupt") }, "\(printed)")
        #expect(printed.contains { $0.contains("asserted INTx while MSI-X is enabled") }, "\(printed)")
        #expect(device.function?.interrupt?.assertions == 1)
    }
}
