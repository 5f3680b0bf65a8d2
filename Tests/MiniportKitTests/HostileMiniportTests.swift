import CMiniportABI
import Foundation
import MiniportHBA
import MiniportPlatform
import Testing
@testable import MiniportKit

/// Values a broken miniport hands the port (addresses near 2^64, absurd sizes, a bad alignment
/// mask, an ISR that never clears the interrupt) are refused and logged: the host process
/// neither crashes nor hangs. Fixture: Fixtures/hostile.c, one build per misbehaviour.
@Suite("Hostile miniports: refused and logged, never a crash or a hang")
struct HostileMiniportTests {
    enum Misbehaviour: String, CaseIterable, Sendable {
        case deviceBase = "HOSTILE_DEVICE_BASE"
        case registerPointer = "HOSTILE_REGISTER_POINTER"
        case srbExtension = "HOSTILE_SRB_EXTENSION"
        case alignment = "HOSTILE_ALIGNMENT"
        case storm = "HOSTILE_STORM"
        case busyGrow = "HOSTILE_BUSY_GROW"
        case noNextRequest = "HOSTILE_NO_NEXT_REQUEST"
        case longStall = "HOSTILE_LONG_STALL"
        case badStatus = "HOSTILE_BAD_STATUS"
        case dumpMemory = "HOSTILE_DUMP_MEMORY"
        case fakeReset = "HOSTILE_FAKE_RESET"
        case dumpSilent = "HOSTILE_DUMP_SILENT"
        case dumpNotReady = "HOSTILE_DUMP_NOT_READY"
        case dumpIdentity = "HOSTILE_DUMP_IDENTITY"
        case badPhysical = "HOSTILE_BAD_PHYSICAL"
        case lateUncached = "HOSTILE_LATE_UNCACHED"
        case slowStartIo = "HOSTILE_SLOW_STARTIO"
        case nextLuUntagged = "HOSTILE_NEXTLU_UNTAGGED"
        case doubleComplete = "HOSTILE_DOUBLE_COMPLETE"
        case foreignComplete = "HOSTILE_FOREIGN_COMPLETE"
        case skewedSrb = "HOSTILE_SKEWED_SRB"
        case resetKeeps = "HOSTILE_RESET_KEEPS"
        case statusAfterComplete = "HOSTILE_STATUS_AFTER_COMPLETE"
        case extensionAfterComplete = "HOSTILE_EXTENSION_AFTER_COMPLETE"
        case extensionOverrun = "HOSTILE_EXTENSION_OVERRUN"
        case dataOutWrite = "HOSTILE_DATA_OUT_WRITE"
        case extensionGrown = "HOSTILE_EXTENSION_GROWN"
        case deviceOverrun = "HOSTILE_DEVICE_OVERRUN"
        case transferGrow = "HOSTILE_TRANSFER_GROW"
        case unclaimed = "HOSTILE_UNCLAIMED"
        case initTwice = "HOSTILE_INIT_TWICE"
        case initTwoIds = "HOSTILE_INIT_TWO_IDS"
        case initMissing = "HOSTILE_INIT_MISSING"
    }

    /// Fixtures/hostile.c built with the variant's define.
    static func build(_ misbehaviour: Misbehaviour, in dir: URL) throws -> String {
        try FixtureBuilder.buildSharedObject(["hostile.c"], name: "hostile_\(misbehaviour).so",
                                             extraFlags: ["-D" + misbehaviour.rawValue], in: dir)
    }

    /// Loads the variant on a machine with one disk; returns the driver or the load error.
    static func load(_ misbehaviour: Misbehaviour, in dir: URL, machine: TestMachine)
        throws -> Result<PortDriver, PortDriver.LoadError> {
        let path = try build(misbehaviour, in: dir)
        do {
            return .success(try PortDriver.load(path: path, machine: machine.machine))
        } catch {
            return .failure(error)
        }
    }

    @Test("ScsiPortGetDeviceBase for a range that wraps past 2^64 returns NULL and is logged")
    func deviceBaseWrap() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try Self.load(.deviceBase, in: dir, machine: try TestMachine()).get()
        #expect(driver.adapters.count == 1, "the miniport returns SP_RETURN_ERROR if it got a mapping")
        #expect(driver.log.contains { $0.kind == .refused && $0.message.contains("0xfffffffffffffff0") })
        #expect(driver.violations.map(\.rule) == ["devicebase.unassigned"])
        #expect(driver.violations.first?.code == "0x2003" && driver.violations.first?.routine == "HwFindAdapter")
    }

    @Test("A register read through a pointer near 2^64 is refused, the adapter still comes up")
    func registerPointerWrap() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try Self.load(.registerPointer, in: dir, machine: try TestMachine()).get()
        #expect(driver.adapters.count == 1)
        #expect(driver.log.contains { $0.kind == .refused && $0.message.contains("32-bit register read at 0xfffffffffffffffc") },
                "\(driver.log.map(\.description))")
    }

    @Test("An SrbExtensionSize of almost 4 GiB is refused by ScsiPortInitialize, with the reason")
    func hugeSrbExtension() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Self.load(.srbExtension, in: dir, machine: try TestMachine())
        #expect(throws: PortDriver.LoadError.self) { try result.get() }
        if case .failure(let error) = result {
            #expect(error.description.contains("SrbExtensionSize is 4294967288"), "\(error)")
        }
    }

    @Test("AlignmentMask 0x17 is not 2^n - 1: logged and replaced by 0; unaligned I/O still works")
    func badAlignmentMask() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try Self.load(.alignment, in: dir, machine: try TestMachine()).get()
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.alignmentMask == 0)
        #expect(driver.log.contains { $0.kind == .refused && $0.message.contains("AlignmentMask 0x17") })
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 513, alignment: 16)
        defer { buffer.deallocate() }
        try disk.read(lba: 0, into: UnsafeMutableRawBufferPointer(rebasing: buffer[1..<513]))
    }

    @Test("An ISR that claims every interrupt and never clears it: the port masks the line instead of spinning")
    func interruptStorm() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let driver = try Self.load(.storm, in: dir, machine: test).get()
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.interruptLineMasked)
        #expect(adapter.interruptsServiced == 64)
        #expect(driver.log.contains { $0.kind == .refused && $0.message.contains("masks the adapter's interrupt") })
        #expect(test.hba.function?.interrupt?.isAsserted == true, "the adapter still holds its line")
    }

    @Test("A BUSY resubmission maps the buffer the port prepared, not the length the miniport left in the SRB")
    func busyResubmission() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try Self.load(.busyGrow, in: dir, machine: try TestMachine()).get()
        let adapter = try #require(driver.adapters.first)
        let buffer = TransferBuffer(count: 512)
        let result = adapter.execute(.init(cdb: [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], direction: .dataIn, buffer: buffer.bytes))
        #expect(result.succeeded && adapter.busyRetries == 1)
        let mapped = try #require(driver.image.symbol("HostileMappedLength")).load(as: UInt32.self)
        #expect(mapped == 512, "the retry saw a \(mapped)-byte mapping over a 512-byte buffer")
        #expect(result.transferred == 512, "the miniport's 16 MiB is clamped to the buffer")
    }

    @Test("A miniport that never asks for the next request while its timer keeps firing: queued requests time out")
    func neverReady() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let driver = try Self.load(.noNextRequest, in: dir, machine: test).get()
        let adapter = try #require(driver.adapters.first)
        #expect(driver.log.contains { $0.kind == .refused && $0.message.contains("never started") })
        let buffer = TransferBuffer(count: 512)
        let results = adapter.execute([
            .init(cdb: [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], direction: .dataIn, buffer: buffer.bytes, timeout: 2),
            .init(cdb: [0x00, 0, 0, 0, 0, 0], timeout: 2),
        ])
        #expect(results.map(\.status) == [UInt8(SRB_STATUS_TIMEOUT), UInt8(SRB_STATUS_TIMEOUT)])
    }
}

/// Each verifier rule, triggered by its own fixture and by nothing else (miniport.crashed: VerifyCommandTests).
@Suite("Verifier rules: one fixture each")
struct VerifierRuleTests {
    typealias Misbehaviour = HostileMiniportTests.Misbehaviour

    static func build(_ misbehaviour: Misbehaviour, in dir: URL) throws -> String {
        try HostileMiniportTests.build(misbehaviour, in: dir)
    }

    /// Loads the variant, expects a bring-up that broke no rule, and reads block 0: the first
    /// data command, where the HwStartIo variants misbehave.
    static func readFirstBlock(_ misbehaviour: Misbehaviour) throws -> (driver: PortDriver, result: PortAdapter.Result) {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try build(misbehaviour, in: dir), machine: try TestMachine().machine)
        #expect(driver.violations.isEmpty, "bring-up sends no data command")
        let buffer = TransferBuffer(count: 512)
        let result = try #require(driver.adapters.first).execute(.init(cdb: [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0],
                                                                      direction: .dataIn, buffer: buffer.bytes))
        return (driver, result)
    }

    @Test("stall.too-long (0x1001): a 0.2 s stall in HwInitialize")
    func stallTooLong() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.build(.longStall, in: dir), machine: try TestMachine().machine)
        #expect(driver.violations.map(\.rule) == ["stall.too-long"])
        let violation = try #require(driver.violations.first)
        #expect(violation.code == "0x1001" && violation.routine == "HwInitialize" && violation.mode == "normal")
        #expect(violation.detail.contains("200000"))
    }

    @Test("srb.invalid-status (0x1004): a completion with SrbStatus 0x0C")
    func invalidStatus() throws {
        let (driver, _) = try Self.readFirstBlock(.badStatus)
        #expect(driver.violations.map(\.rule) == ["srb.invalid-status"])
        #expect(driver.violations.first?.code == "0x1004" && driver.violations.first?.routine == "HwStartIo")
    }

    @Test("dump.memory-limit: 64 KB of non-cached memory asked for by the crash-dump copy, refused")
    func dumpMemoryLimit() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let path = try Self.build(.dumpMemory, in: dir)
        let normal = try PortDriver.load(path: path, machine: test.machine)
        #expect(normal.violations.isEmpty, "the normal copy asks for nothing")
        let dump = try DumpPort(miniportPath: path, machine: test.machine, mode: .crashDump, targetId: 0)
        #expect(dump.driver.violations.map(\.rule) == ["dump.memory-limit"])
        let violation = try #require(dump.driver.violations.first)
        #expect(violation.mode == "crash" && violation.routine == "HwFindAdapter" && violation.code == nil)
        #expect(dump.adapter.uncachedExtension == nil)
    }

    @Test("dump.bus-reset-honored: HwResetBus returns TRUE and touches nothing; the dump port's initial reset finds out")
    func busResetHonored() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let path = try Self.build(.fakeReset, in: dir)
        let normal = try PortDriver.load(path: path, machine: test.machine)
        #expect(normal.violations.isEmpty)
        let hiber = try DumpPort(miniportPath: path, machine: test.machine, mode: .hibernation, targetId: 0)
        #expect(hiber.driver.violations.map(\.rule) == ["dump.bus-reset-honored"])
        #expect(hiber.driver.violations.first?.routine == "HwResetBus" && hiber.driver.violations.first?.mode == "hiber")
    }

    @Test("dump.no-completion: a polled READ that the dump copy never completes")
    func noCompletion() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let path = try Self.build(.dumpSilent, in: dir)
        let dump = try DumpPort(miniportPath: path, machine: test.machine, mode: .crashDump, targetId: 0)
        let buffer = TransferBuffer(count: 512)
        dump.disk.retries = 0
        #expect(throws: DiskError.self) { try dump.disk.read(lba: 0, into: buffer.bytes) }
        #expect(Set(dump.driver.violations.map(\.rule)) == ["dump.no-completion"])
        #expect(dump.driver.violations.first?.detail.contains("operation 0x28") == true)
        #expect(dump.adapter.interruptsServiced == 0)
    }

    @Test("dump.not-ready: the dump copy fails the first request after HwInitialize")
    func notReady() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let dump = try DumpPort(miniportPath: try Self.build(.dumpNotReady, in: dir), machine: test.machine,
                                mode: .crashDump, targetId: 0)
        #expect(dump.driver.violations.map(\.rule) == ["dump.not-ready"])
        #expect(dump.driver.violations.first?.detail.contains("0x8") == true)
    }

    @Test("dump.target-changed: the dump copy reports the boot disk with another vendor; a wrong address too")
    func targetChanged() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let path = try Self.build(.dumpIdentity, in: dir)
        let normal = try PortDriver.load(path: path, machine: test.machine)
        let boot = try #require(normal.adapters.first?.devices.first)
        let dump = try DumpPort(miniportPath: path, machine: test.machine, mode: .crashDump, targetId: 0, bootDevice: boot)
        #expect(dump.driver.violations.map(\.rule) == ["dump.target-changed"])
        #expect(dump.driver.violations.first?.detail.contains("CHANGED") == true)

        // The same image with an honest INQUIRY, but the normal path's disk expected at target 1.
        let honest = try Self.build(.alignment, in: dir)
        var moved = boot
        moved.targetId = 1
        do {
            _ = try DumpPort(miniportPath: honest, machine: test.machine, mode: .crashDump, targetId: 1, bootDevice: moved)
            Issue.record("the dump copy opened a disk that is not there")
        } catch {
            guard case .bootDeviceMissing(_, let target, _, _, let violations) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(target == 1)
            #expect(violations.map(\.rule) == ["dump.not-ready", "dump.target-changed"])
        }
    }

    @Test("phys.invalid-address (0x1006), uncached.bad-call (0x2002), srb.unknown-completion, from HwInitialize",
          arguments: [(Misbehaviour.badPhysical, "phys.invalid-address", "0x1006" as String?),
                      (Misbehaviour.lateUncached, "uncached.bad-call", "0x2002"),
                      (Misbehaviour.foreignComplete, "srb.unknown-completion", nil)])
    func initializeCalls(misbehaviour: Misbehaviour, rule: String, code: String?) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.build(misbehaviour, in: dir), machine: try TestMachine().machine)
        #expect(driver.violations.map(\.rule) == [rule])
        #expect(driver.violations.first?.code == code && driver.violations.first?.routine == "HwInitialize")
    }

    @Test("routine.too-long (0x1002), nextlu.while-untagged (0x1005), srb.double-completion (0x1003), from HwStartIo on a READ",
          arguments: [(Misbehaviour.slowStartIo, "routine.too-long", "0x1002"),
                      (Misbehaviour.nextLuUntagged, "nextlu.while-untagged", "0x1005"),
                      (Misbehaviour.doubleComplete, "srb.double-completion", "0x1003")])
    func startIoRules(misbehaviour: Misbehaviour, rule: String, code: String) throws {
        let (driver, result) = try Self.readFirstBlock(misbehaviour)
        #expect(result.succeeded)
        #expect(driver.violations.map(\.rule) == [rule])
        #expect(driver.violations.first?.code == code && driver.violations.first?.routine == "HwStartIo")
    }

    @Test("A pointer into the port's SRB block that is no SRB names no request: GetPhysicalAddress and RequestComplete refuse it")
    func skewedSrb() throws {
        let (driver, result) = try Self.readFirstBlock(.skewedSrb)
        #expect(result.succeeded, "the real SRB still completes")
        #expect(driver.violations.map(\.rule) == ["phys.invalid-address", "srb.unknown-completion"])
        #expect(driver.violations.allSatisfy { $0.routine == "HwStartIo" })
    }

    @Test("reset.outstanding-after-hold (0x1007): HwResetBus leaves a timed-out READ outstanding past the hold")
    func outstandingAfterHold() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let driver = try PortDriver.load(path: try Self.build(.resetKeeps, in: dir), machine: test.machine)
        #expect(driver.violations.isEmpty, "bring-up sends no READ")
        let adapter = try #require(driver.adapters.first)
        let buffer = TransferBuffer(count: 512)
        let started = test.machine.clock.now
        let result = adapter.execute(.init(cdb: [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], direction: .dataIn,
                                           buffer: buffer.bytes, timeout: 2))
        #expect(result.status == UInt8(SRB_STATUS_BUS_RESET), "the port ends it after the hold")
        #expect(adapter.timeouts == 1)
        #expect(test.machine.clock.now - started >= 6_000_000_000, "2 s timeout + 4 s hold")
        #expect(driver.violations.map(\.rule) == ["reset.outstanding-after-hold"])
        let violation = try #require(driver.violations.first)
        #expect(violation.code == "0x1007" && violation.routine == "HwResetBus" && violation.detail.contains("0x28"))
        // The adapter goes on: the next request (not a READ) completes normally.
        #expect(adapter.execute(.init(cdb: [0x00, 0, 0, 0, 0, 0])).succeeded)
        #expect(driver.violations.count == 1)
    }

    /// Fixtures/wrapped_phba.c (the example with one misbehaviour around it) built with `defines`.
    static func buildWrapped(_ defines: [String], in dir: URL) throws -> String {
        try FixtureBuilder.buildSharedObject(["wrapped_phba.c"], name: "wrapped_\(defines.joined(separator: "_")).so",
                                             extraFlags: defines.map { "-D" + $0 }, in: dir)
    }

    @Test("dma.out-of-bounds: data pieces programmed 64 KiB past their buffers; the HBA's DMA is refused")
    func dmaOutOfBounds() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let driver = try PortDriver.load(path: try Self.buildWrapped(["WRAP_DMA_PAST_BUFFER"], in: dir),
                                             machine: test.machine)
        #expect(driver.adapters[0].devices.isEmpty, "INQUIRY data never arrives: the scan finds nothing")
        #expect(Set(driver.violations.map(\.rule)) == ["dma.out-of-bounds"])
        let violation = try #require(driver.violations.first)
        #expect(violation.routine == "HwStartIo" && violation.code == nil && violation.mode == "normal")
        #expect(violation.detail.contains("refused"), "\(violation.detail)")
        #expect(driver.violations.count <= Verifier.recordedPerRule)
        #expect(driver.verifier.counts[.dmaOutOfBounds] == test.machine.memory.violationCount)
    }

    @Test("dump.write-outside-area: the dump copy moves every WRITE 64 blocks on; the boot disk's watch catches it")
    func writeOutsideArea() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(disks: 1, blocks: 8192)
        let path = try Self.buildWrapped(["WRAP_DUMP_WRITE_SHIFT"], in: dir)
        let normal = try PortDriver.load(path: path, machine: test.machine)
        let boot = try #require(normal.adapters.first?.devices.first)
        #expect(normal.violations.isEmpty)
        let runs = [DumpImage.Run(lba: 1000, blocks: 100), DumpImage.Run(lba: 3000, blocks: 100)]
        let memory = SystemMemory(size: 64 << 10, seed: 5)
        do {
            let dump = try DumpPort(miniportPath: path, machine: test.machine, mode: .crashDump, targetId: boot.targetId,
                                    bootDevice: boot, area: .init(disk: test.disks[0], runs: runs))
            _ = try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: dump.disk)
            let rules = Set(dump.driver.violations.map(\.rule))
            #expect(rules == ["dump.write-outside-area"])
            let violation = try #require(dump.driver.violations.first)
            #expect(violation.mode == "crash" && violation.routine == "HwStartIo")
            // The header lands 64 blocks on, still inside the first run; the next transfer
            // crosses the run's end at block 1100.
            #expect(violation.detail.contains("64 of them lie outside the dump area"), "\(violation.detail)")
        }
        #expect(test.disks[0].onMediumChange == nil, "the watch ends with the dump port")

        // The honest example writes the same image with no violation.
        let honest = try ExampleMiniport.c.image(in: dir)
        let clean = (test: try TestMachine(disks: 1, blocks: 8192), ())
        _ = try PortDriver.load(path: honest, machine: clean.test.machine)
        let dump = try DumpPort(miniportPath: honest, machine: clean.test.machine, mode: .crashDump, targetId: 0,
                                area: .init(disk: clean.test.disks[0], runs: runs))
        _ = try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: dump.disk)
        #expect(dump.driver.violations.isEmpty, "\(dump.driver.violations)")
    }

    @Test("A rule broken again and again is kept 16 times, said once, and counted every time")
    func perRuleLimit() {
        var verifier = Verifier()
        let outcomes = (0..<20).map { verifier.record(.dmaOutOfBounds, "piece \($0)", routine: "HwStartIo", mode: .crashDump, time: 7) }
        _ = verifier.record(.stallTooLong, "other", routine: "HwTimer", mode: .normal, time: 8)
        #expect(outcomes.filter { $0 == .recorded }.count == 16 && outcomes[16] == .limitReached && outcomes[19] == .counted)
        #expect(verifier.violations.count == 17 && verifier.counts == [.dmaOutOfBounds: 20, .stallTooLong: 1])
        #expect(verifier.violations[15].detail == "piece 15" && verifier.violations[16].rule == "stall.too-long")
        #expect(verifier.violations[0].mode == "crash" && verifier.violations[0].routine == "HwStartIo")
    }

    @Test("docs/scsiport.md lists every rule with its 0xF1 code, and nothing else")
    func documentedRules() throws {
        let text = try String(contentsOf: FixtureBuilder.root.appendingPathComponent("docs/scsiport.md"), encoding: .utf8)
        var documented: [String: String?] = [:]
        let table = try #require(text.range(of: "| Rule | 0xF1 code | Trigger |"))
        let rows = text[table.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            .dropFirst(2).prefix { $0.hasPrefix("|") }
        for line in rows {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2 else { continue }
            documented[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[1] == "—" ? nil : cells[1]
        }
        let rules = Dictionary(uniqueKeysWithValues: VerifierRule.allCases.map { ($0.rawValue, $0.code) })
        #expect(documented == rules)
    }

    @Test("The example miniports break no rule: bring-up, I/O, crash dump and hibernation",
          arguments: ExampleMiniport.allCases)
    func examplesAreClean(_ miniport: ExampleMiniport) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try miniport.image(in: dir)
        // (The whole `run`, normal pass + crash + reboot, is checked in RunnerTests.crashDumpStep.)
        let test = try TestMachine()
        let normal = try PortDriver.load(path: path, machine: test.machine)
        #expect(normal.violations.isEmpty, "\(normal.violations)")
        for mode in [PortMode.crashDump, .hibernation] {
            let dump = try DumpPort(miniportPath: path, machine: test.machine, mode: mode, targetId: 0)
            let buffer = TransferBuffer(count: 4096, seed: 3)
            try dump.disk.write(lba: 8, from: UnsafeRawBufferPointer(buffer.bytes))
            try dump.disk.read(lba: 8, into: buffer.bytes)
            #expect(dump.driver.violations.isEmpty, "\(mode): \(dump.driver.violations)")
        }
    }
}
