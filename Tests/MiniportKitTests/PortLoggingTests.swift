import Foundation
import Logging
import Synchronization
import Testing
@testable import MiniportKit

/// The port log through swift-log: labels per driver and mode, levels, metadata.
@Suite("Port log through swift-log")
struct PortLoggingTests {
    /// One message a handler received.
    struct Message: Sendable {
        var label: String
        var level: Logger.Level
        var text: String
        var metadata: [String: String]
    }

    /// Keeps every message its handlers receive (handlers share it across drivers and threads).
    final class Capture: Sendable {
        let messages = Mutex<[Message]>([])
        let minimum: Logger.Level

        init(minimum: Logger.Level = .trace) { self.minimum = minimum }

        var logging: PortLogging {
            PortLogging.handler { label in Handler(label: label, capture: self, logLevel: self.minimum) }
        }

        var all: [Message] { messages.withLock { $0 } }
    }

    struct Handler: LogHandler {
        let label: String
        let capture: Capture
        var logLevel: Logger.Level
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let message = Message(label: label, level: event.level, text: event.message.description,
                                  metadata: (event.metadata ?? [:]).mapValues(\.description))
            capture.messages.withLock { $0.append(message) }
        }
    }

    static var example: String { FixtureBuilder.root.appendingPathComponent("Examples/PhbaMiniport/phba.c").path }

    @Test("Labels: image name without directory, extension, lib or dump-copy prefix; the mode last")
    func labels() {
        #expect(PortLogging.label(image: "/tmp/x/phba.so", mode: .normal) == "miniport.phba.normal")
        #expect(PortLogging.label(image: "/tmp/x/dump_phba.so", mode: .crashDump) == "miniport.phba.crash")
        #expect(PortLogging.label(image: "/tmp/x/hiber_phba.sys", mode: .hibernation) == "miniport.phba.hiber")
        #expect(PortLogging.label(image: "/tmp/libvirtio_blk.so", mode: .normal) == "miniport.virtio_blk.normal")
        // A normal image that happens to start with dump_ keeps its name.
        #expect(PortLogging.label(image: "dump_tool.so", mode: .normal) == "miniport.dump_tool.normal")
    }

    @Test("Off by default: no logger, and the port log is kept as before")
    func offByDefault() throws {
        let driver = try HardeningRuleTests.load(.dataOutWrite, machine: try TestMachine())
        #expect(driver.logger == nil)
        #expect(!driver.log.isEmpty)
    }

    @Test("Every port log entry reaches the handler once, in order, with its level and metadata")
    func everyEntry() throws {
        let capture = Capture()
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try HostileMiniportTests.build(.dataOutWrite, in: dir)
        let driver = try PortDriver.load(path: path, machine: try TestMachine().machine, logging: capture.logging)
        let adapter = try #require(driver.adapters.first)
        let device = try #require(adapter.devices.first)
        let disk = try DiskClass(adapter: adapter, device: device)
        try disk.write(lba: 8, from: [UInt8](repeating: 0x5A, count: 512))

        let messages = capture.all
        #expect(messages.map(\.text) == driver.log.map(\.message))
        #expect(Set(messages.map(\.label)).count == 1)
        let label = try #require(messages.first?.label)
        #expect(label.hasPrefix("miniport.") && label.hasSuffix(".normal"), "\(label)")
        for (message, entry) in zip(messages, driver.log) {
            #expect(message.metadata[PortLogging.MetadataKey.kind] == entry.kind.rawValue)
            #expect(message.metadata[PortLogging.MetadataKey.time] == "\(entry.time)")
            #expect(message.metadata[PortLogging.MetadataKey.routine] != nil)
        }
        // The broken rule: error level, the rule, the routine that broke it, its adapter and unit.
        let violation = try #require(messages.first { $0.metadata[PortLogging.MetadataKey.rule] != nil })
        #expect(violation.level == .error)
        #expect(violation.metadata[PortLogging.MetadataKey.rule] == "srb.data-out-written")
        #expect(violation.metadata[PortLogging.MetadataKey.routine] == "HwStartIo")
        #expect(violation.metadata[PortLogging.MetadataKey.adapter]?.hasPrefix("PCI ") == true, "\(violation.metadata)")
        #expect(violation.metadata[PortLogging.MetadataKey.target] == "\(device.targetId)")
        #expect(violation.metadata[PortLogging.MetadataKey.lun] == "\(device.lun)")
        #expect(violation.metadata[PortLogging.MetadataKey.path] == "\(device.pathId)")
        // Port bring-up notes are info.
        #expect(messages.contains { $0.level == .info && $0.metadata[PortLogging.MetadataKey.kind] == "port" })
    }

    @Test("The handler's level filters: a warning handler sees no info or debug entries")
    func levelFilter() throws {
        let capture = Capture(minimum: .warning)
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try HostileMiniportTests.build(.dataOutWrite, in: dir)
        let driver = try PortDriver.load(path: path, machine: try TestMachine().machine, logging: capture.logging)
        let adapter = try #require(driver.adapters.first)
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        try disk.write(lba: 0, from: [UInt8](repeating: 1, count: 512))
        let messages = capture.all
        #expect(!messages.isEmpty)
        #expect(messages.allSatisfy { $0.level >= .warning }, "\(messages.map(\.level))")
        #expect(messages.count == driver.log.filter { $0.kind == .refused || $0.kind == .miniportError }.count)
    }

    @Test("A runner's drivers log under their own labels: the normal driver, the crash copy, the hibernation copies")
    func runnerLabels() throws {
        let capture = Capture()
        var runner = MiniportRunner(miniportPath: Self.example, disks: [.ram(bytes: 16 << 20, blockSize: 512)],
                                    sdkRoot: FixtureBuilder.root.path)
        runner.logging = capture.logging
        for scenario in [MiniportRunner.Scenario.crash, .hiber] {
            let report = runner.run(scenario)
            #expect(report.passed, "\(scenario): \(report.errors)")
        }
        let labels = Set(capture.all.map(\.label))
        #expect(labels == ["miniport.phba.normal", "miniport.phba.crash", "miniport.phba.hiber"], "\(labels)")
        // The dump copies' bring-up is logged through their own loggers.
        #expect(capture.all.contains { $0.label == "miniport.phba.crash" && $0.level == .info })
    }
}
