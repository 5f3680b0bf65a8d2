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
            try disk.write(lba: UInt64(100 + 32 * round), from: buffer)
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

    @Test("A completion signalled inside the doorbell write (no latency) is serviced after HwStartIo returns")
    func messageDuringStartIo() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("toyblock.so").path
        try MiniportBuilder.build(sources: [FixtureBuilder.root.appendingPathComponent("Examples/DeviceModel/toyblock.c").path],
                                  output: image, sdkRoot: FixtureBuilder.root, werror: true)
        try faultSession(Self.runner(image: image, messages: true, latency: 0), messages: true, label: "latency 0")
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
        // The message routine runs at DIRQL, as HwInterrupt does.
        #expect(said("msi-probe: message 0 at IRQL \(KernelModel.deviceIrql)"), "\(printed)")
        let misuse = session.driver.violations.filter { $0.rule == VerifierRule.lockMisuse.rawValue }
        #expect(misuse.count == 2, "\(session.driver.violations)")
        #expect(misuse.contains { $0.detail.contains("without holding") })
        #expect(misuse.contains { $0.detail.contains("already held") })
    }
}
