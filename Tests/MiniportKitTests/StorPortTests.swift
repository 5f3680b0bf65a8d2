import CMiniportABI
import Foundation
import Testing
import MiniportPlatform
import MiniportSCSI
import Synchronization
@testable import MiniportKit

/// The StorPort driver: both StorPort examples through the shared scenarios, the registry
/// parameter store, the verifier's StorPort rules (one fixture build each), and many threads
/// issuing I/O at once.
@Suite("StorPort")
struct StorPortTests {
    static let examples = ["Examples/StorPortPhba/storphba.c", "Examples/StorPortRamDisk/ramdisk.c"]

    /// An example compiled with `cc` (see ``FixtureBuilder/compiler``), warnings as errors.
    /// `extendedSRB`: the example's extended-SRB build (STORPORT_EXTENDED_SRB=1).
    static func buildExample(_ path: String, in dir: URL, extendedSRB: Bool = false) throws -> String {
        let source = FixtureBuilder.root.appendingPathComponent(path).path
        let output = dir.appendingPathComponent(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            + (extendedSRB ? "_srbx" : "") + ".so").path
        let compiler = FixtureBuilder.compiler
        try FixtureBuilder.run(compiler.tool, ["-shared", "-fPIC", "-O1", "-std=c11", "-Wall", "-Wextra", "-Werror",
                                               "-I", FixtureBuilder.includeDirectory, source] + compiler.flags
                                              + (extendedSRB ? ["-DSTORPORT_EXTENDED_SRB=1"] : [])
                                              + FixtureBuilder.stubSources + ["-o", output])
        return output
    }

    static func buildRules(_ define: String?, in dir: URL) throws -> String {
        try FixtureBuilder.buildSharedObject(["storport_rules.c"], name: "rules_\(define ?? "none").so",
                                             extraFlags: define.map { ["-D" + $0] } ?? [], in: dir)
    }

    @Test("Both StorPort examples pass the normal, crash and hibernation scenarios", arguments: examples)
    func examplesPassScenarios(_ example: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.buildExample(example, in: dir)
        let runner = MiniportRunner(miniportPath: path)
        for scenario in MiniportRunner.Scenario.allCases {
            let report = runner.run(scenario)
            #expect(report.passed, "\(example) \(scenario): \(report.errors) \(report.violations)")
            if scenario != .normal { #expect(report.dump?.verified == true, "\(example) \(scenario)") }
        }
    }

    @Test("The StorPort examples are driven by the StorPort model, with every routine they call bound",
          arguments: examples)
    func modelAndBindings(_ example: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.buildExample(example, in: dir)
        let (machine, _) = try MiniportRunner(miniportPath: path).makeMachine(disks: [SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 1 << 17))])
        let driver = try PortDriver.load(path: path, machine: machine)
        #expect(driver.model == .storPort)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.isVirtual == example.contains("RamDisk"))
        let device = try #require(adapter.devices.first)
        let disk = try DiskClass(adapter: adapter, device: device)
        let data = pattern(64 * 1024, seed: 9)
        try data.withUnsafeBytes { try disk.write(lba: 100, from: $0) }
        var back = [UInt8](repeating: 0, count: data.count)
        try back.withUnsafeMutableBytes { try disk.read(lba: 100, into: $0) }
        #expect(back == data)
        #expect(driver.unresolvedCalls.isEmpty, "\(driver.unresolvedCalls)")
        #expect(driver.violations.isEmpty, "\(driver.violations)")
        if adapter.isVirtual { #expect(adapter.miniportDumpData != nil) }
    }

    /// DumpMode, copy by copy: hibernation starts with a mark-memory copy (DUMP_MODE_MARK_MEMORY)
    /// that only runs HwFindAdapter; the hibernation copy sees DUMP_MODE_HIBER, the copy that
    /// reads the image back after the resume DUMP_MODE_RESUME, a crash copy DUMP_MODE_CRASH.
    @Test("Each dump copy sees its DumpMode; the mark-memory copy marks what the hibernation copy needs")
    func dumpModes() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runner = MiniportRunner(miniportPath: try Self.buildExample("Examples/StorPortPhba/storphba.c", in: dir))
        let hiber = runner.run(.hiber)
        #expect(hiber.passed, "\(hiber.errors) \(hiber.violations)")
        func saw(_ prefix: String, _ mode: Int) -> Bool {
            hiber.log.contains { $0.hasPrefix(prefix) && $0.contains("synchronization, DumpMode \(mode)") }
        }
        #expect(saw("mark-memory:", 3) && saw("hiber:", 2) && saw("resume:", 4), "\(hiber.log.filter { $0.contains("DumpMode") })")
        // storphba marks its device extension, in the mark-memory copy only once.
        #expect((hiber.dump?.markedMemory ?? 0) > 0)
        #expect(hiber.log.contains { $0.hasPrefix("mark-memory:") && $0.contains("HwFindAdapter only (1 range(s) marked)") })
        #expect(!hiber.log.contains { $0.hasPrefix("mark-memory:") && $0.contains("initialized") })
        let crash = runner.run(.crash)
        #expect(crash.log.contains { $0.hasPrefix("crash:") && $0.contains("DumpMode 1") } && crash.dump?.markedMemory == nil)
    }

    @Test("StorPortMarkDumpMemory from DriverEntry accepts only the image's own memory")
    func imageMemory() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.buildRules(nil, in: dir), machine: Machine())
        let entry = try #require(driver.image.symbol("DriverEntry"))
        #expect(driver.image.contains(entry, length: 16))
        let host = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
        defer { host.deallocate() }
        #expect(!driver.image.contains(host, length: 16))
        #expect(!driver.image.contains(entry, length: 0))
    }

    @Test("Registry parameters reach StorPortRegistryRead (the RAM disk's DiskSizeMB)")
    func registryParameters() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.buildExample("Examples/StorPortRamDisk/ramdisk.c", in: dir)
        let driver = try PortDriver.load(path: path, machine: Machine(),
                                         parameters: AdapterParameters(["DiskSizeMB": .dword(8)]))
        let adapter = try #require(driver.adapters.first)
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        #expect(disk.blockCount * UInt64(disk.blockSize) == 8 << 20)
        #expect(adapter.parameters?["disksizemb"] == .dword(8))
    }

    @Test("--param values parse to the registry types, and bad ones say why")
    func parameterParsing() throws {
        #expect(try AdapterParameters.parse("DiskSizeMB=0x10").value == .dword(16))
        #expect(try AdapterParameters.parse("Big=4294967296").value == .qword(1 << 32))
        #expect(try AdapterParameters.parse("Name=fast").value == .string("fast"))
        #expect(try AdapterParameters.parse("Id=sz:42").value == .string("42"))
        #expect(try AdapterParameters.parse("Wide=qword:7").value == .qword(7))
        #expect(try AdapterParameters.parse("Blob=binary:0aFF").value == .binary([0x0A, 0xFF]))
        #expect(try AdapterParameters.parse("Url=http://x").value == .string("http://x"))
        for bad in ["=1", "novalue", "A\\B=1", "N=dword:0x100000000", "N=binary:abc", "N=binary:zz", "N=qword:x"] {
            #expect(throws: AdapterParameters.ParameterError.self, "\(bad)") { try AdapterParameters.parse(bad) }
        }
    }

    @Test("Rules broken in normal mode, each by its own fixture build", arguments: [
        ("RULE_LOCK_ORDER", "lock.misuse", nil), ("RULE_LOCK_LEFT", "lock.misuse", nil),
        ("RULE_DOUBLE_COMPLETE", "srb.double-completion", "0x2004"), ("RULE_LONG_STALL", "stall.too-long", "0x2001"),
        ("RULE_BAD_DUMP_POINTERS", "dump.pointers-invalid", nil),
    ] as [(String, String, String?)])
    func normalModeRules(_ define: String, _ rule: String, _ code: String?) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.buildRules(define, in: dir), machine: Machine())
        let adapter = try #require(driver.adapters.first)
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        var buffer = [UInt8](repeating: 0, count: 4096)
        _ = try? buffer.withUnsafeMutableBytes { try disk.read(lba: 0, into: $0) }
        #expect(Set(driver.violations.map(\.rule)) == [rule], "\(driver.violations)")
        #expect(driver.violations.first?.code == code && driver.violations.first?.mode == "normal")
    }

    @Test("Concurrent channels: HwStartIo runs without the StartIo lock, so taking the DPC lock there breaks no rule")
    func concurrentChannels() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["storport_rules.c"], name: "rules_channels.so",
                                                        extraFlags: ["-DRULE_LOCK_ORDER", "-DWITH_CONCURRENT_CHANNELS"], in: dir)
        let driver = try PortDriver.load(path: path, machine: Machine())
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.performanceOptions == UInt32(STOR_PERF_DPC_REDIRECTION | STOR_PERF_CONCURRENT_CHANNELS))
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        var buffer = [UInt8](repeating: 0, count: 4096)
        try buffer.withUnsafeMutableBytes { try disk.read(lba: 0, into: $0) }
        #expect(driver.violations.isEmpty, "\(driver.violations)")
        #expect(!driver.log.contains { $0.message.contains("FAIL") }, "StorPortGetStartIoPerfParams gave a channel past the two")
        #expect(driver.log.contains { $0.message.contains("concurrent channels: 2") })
    }

    @Test("Rules only a dump copy can break, each by its own fixture build", arguments: [
        ("RULE_DUMP_DPC", "dump.dpc"), ("RULE_DUMP_TIME", "dump.time-query"), ("RULE_DUMP_REGISTRY", "dump.passive-only"),
    ])
    func dumpModeRules(_ define: String, _ rule: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = MiniportRunner(miniportPath: try Self.buildRules(define, in: dir)).run(.crash)
        #expect(Set(report.violations.map(\.rule)) == [rule], "\(report.violations) \(report.errors)")
        #expect(report.violations.allSatisfy { $0.mode == "crash" })
    }

    @Test("The rules fixture built with no rule breaks nothing in any scenario")
    func rulesControl() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runner = MiniportRunner(miniportPath: try Self.buildRules(nil, in: dir))
        for scenario in MiniportRunner.Scenario.allCases {
            let report = runner.run(scenario)
            #expect(report.passed, "\(scenario): \(report.errors) \(report.violations)")
        }
    }

    /// Many threads issue I/O at once; HwBuildIo runs on each without locks, the rest under the
    /// adapter's engine lock. Every request must complete exactly once with its own data.
    /// The examples with the controller each drives: the virtio ones with MSI-X messages, so the
    /// message path runs under the thread sanitizer too (Scripts/tsan-test.sh).
    static let concurrentExamples: [(String, AdapterKind)] = examples.map { ($0, .phba) }
        + [("Examples/VirtioBlkMiniport/virtioblk.c", .virtioBlkModern),
           ("Examples/VirtioScsiMiniport/virtioscsi.c", .virtioScsiModern)]

    @Test("Many threads issuing I/O: nothing lost, duplicated or mixed up", arguments: concurrentExamples)
    func concurrentIO(_ example: String, _ kind: AdapterKind) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.buildExample(example, in: dir)
        var runner = MiniportRunner(miniportPath: path)
        runner.adapter = kind
        let (machine, _) = try runner.makeMachine(disks: [SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 1 << 17))])
        let driver = try PortDriver.load(path: path, machine: machine)
        let adapter = try #require(driver.adapters.first)
        // The emulated disk reports a unit attention (power on) on its first command.
        _ = adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))
        let before = adapter.requestsCompleted
        let threads = 8, rounds = 40, blocks = 8
        let failures = Mutex<[String]>([])
        // A StorPort adapter may be driven from several threads (its engine lock); the type is
        // not Sendable because a SCSI Port adapter may not.
        nonisolated(unsafe) let shared = adapter
        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            let adapter = shared
            let write = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks * 512, alignment: 4096)
            let read = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks * 512, alignment: 4096)
            defer {
                write.deallocate()
                read.deallocate()
            }
            for round in 0..<rounds {
                let lba = UInt32(thread * rounds * blocks + round * blocks)
                for offset in 0..<write.count { write[offset] = UInt8(truncatingIfNeeded: offset &* 13 &+ thread &* 7 &+ round) }
                let results = adapter.execute([
                    .init(cdb: write10(lba, UInt16(blocks)), direction: .dataOut, buffer: write),
                ]) + adapter.execute([.init(cdb: read10(lba, UInt16(blocks)), direction: .dataIn, buffer: read)])
                if !results.allSatisfy(\.succeeded) || !read.elementsEqual(write) {
                    failures.withLock { $0.append("thread \(thread) round \(round): \(results.map(\.srbStatus))") }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0.prefix(5) })")
        #expect(adapter.requestsCompleted - before == threads * rounds * 2)
        #expect(driver.violations.isEmpty, "\(driver.violations)")
        if kind != .phba { #expect(adapter.messagesServiced > 0) }
    }
}
