import CMiniportABI
import Foundation
import MiniportHBA
import MiniportPlatform
import Testing
@testable import MiniportKit

/// Issue 17: every rule broken anywhere is in the report's `violations`, whatever failed.
@Suite("Hardening: rules are reported wherever they are broken")
struct ReportedViolationTests {
    typealias Misbehaviour = HostileMiniportTests.Misbehaviour

    @Test("dump.memory-limit broken by the dump copy is in the crash and hiber scenarios' violations", arguments: ["crash", "hiber"])
    func dumpCopyRuleReported(_ name: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The example with its dump copy asking for 64 KB more uncached memory: refused, so the
        // copy finds no adapter and the scenario fails with the rule in its error text.
        let path = try VerifierRuleTests.buildWrapped(["WRAP_DUMP_MEMORY"], in: dir)
        let runner = MiniportRunner(miniportPath: path, disks: [.ram(bytes: 16 << 20, blockSize: 512)],
                                    sdkRoot: FixtureBuilder.root.path)
        let report = runner.run(try #require(MiniportRunner.Scenario(rawValue: name)))
        #expect(!report.passed && report.errors.contains { $0.contains("dump.memory-limit") }, "\(report.errors)")
        #expect(report.violations.contains { $0.rule == "dump.memory-limit" && $0.mode == name },
                "violations \(report.violations), errors \(report.errors)")
    }
}

extension ReportedViolationTests {
    @Test("A miniport that does not load still reports the rules it broke: init.missing in the scenario's violations")
    func loadFailureRulesReported() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try HostileMiniportTests.build(.initMissing, in: dir)
        let report = MiniportRunner(miniportPath: path, sdkRoot: FixtureBuilder.root.path).run(.normal)
        #expect(!report.passed && !report.errors.isEmpty)
        #expect(report.violations.map(\.rule) == ["init.missing"], "\(report.violations)")
    }
}

/// The rules issue 17 added, each triggered by its own hostile.c variant.
@Suite("Verifier rules added for hardening: one fixture each")
struct HardeningRuleTests {
    typealias Misbehaviour = HostileMiniportTests.Misbehaviour

    static func load(_ misbehaviour: Misbehaviour, machine: TestMachine) throws -> PortDriver {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try PortDriver.load(path: try HostileMiniportTests.build(misbehaviour, in: dir), machine: machine.machine)
    }

    static var read: PortAdapter.Request { PortAdapter.Request(cdb: [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], direction: .dataIn) }

    @Test("srb.use-after-completion: SrbStatus overwritten after RequestComplete; the scan uses the completion's status")
    func statusAfterCompletion() throws {
        let driver = try Self.load(.statusAfterComplete, machine: try TestMachine())
        let adapter = try #require(driver.adapters.first)
        // The INQUIRY completed with SUCCESS; the later SRB_STATUS_ERROR must not lose the disk.
        #expect(adapter.devices.count == 1, "the scan found \(adapter.devices.count) device(s)")
        #expect(Set(driver.violations.map(\.rule)) == ["srb.use-after-completion"])
        let violation = try #require(driver.violations.first)
        #expect(violation.routine == "HwStartIo" && violation.code == nil && violation.mode == "normal")
        #expect(violation.detail.contains("SrbStatus 0x1 → 0x4") && violation.detail.contains("operation 0x12"),
                "\(violation.detail)")
    }

    @Test("srb.data-out-written: a miniport that writes into a WRITE's data changes only the port's copy")
    func dataOutWritten() throws {
        let driver = try Self.load(.dataOutWrite, machine: try TestMachine())
        let adapter = try #require(driver.adapters.first)
        let device = try #require(adapter.devices.first)
        let disk = try DiskClass(adapter: adapter, device: device)
        // Read-only caller memory: the bytes of a `let` array, handed over as UnsafeRawBufferPointer.
        let data: [UInt8] = (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        try disk.write(lba: 8, from: data)
        #expect(data == (0..<1024).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }, "the caller's data changed")
        #expect(driver.violations.map(\.rule) == ["srb.data-out-written"], "\(driver.violations)")
        let violation = try #require(driver.violations.first)
        #expect(violation.routine == "HwStartIo" && violation.code == nil && violation.mode == "normal")
        #expect(violation.detail.contains("operation 0x2a") && violation.detail.contains("offset 0 of 1024"),
                "\(violation.detail)")
        // A READ's buffer is the miniport's to fill: no rule for it.
        let back = try disk.read(lba: 8, blocks: 2)
        #expect(back.count == 1024)
        #expect(driver.violations.count == 1)
    }

    @Test("srb.use-after-completion: the SRB extension written after RequestComplete")
    func extensionAfterCompletion() throws {
        let driver = try Self.load(.extensionAfterComplete, machine: try TestMachine())
        #expect(driver.violations.isEmpty, "bring-up sends no READ")
        let buffer = TransferBuffer(count: 512)
        var request = Self.read
        request.buffer = buffer.bytes
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.execute(request).succeeded)
        // The port never reads the extension: the write is found when the slot is reused.
        #expect(adapter.execute(.init(cdb: [0x00, 0, 0, 0, 0, 0])).succeeded)
        #expect(driver.violations.map(\.rule) == ["srb.use-after-completion"])
        #expect(driver.violations.first?.detail.contains("the SRB extension") == true)
        #expect(driver.violations.first?.routine == "HwStartIo")
    }

    @Test("PortDriver.watchesSrbExtensions off: the SRB extension is not watched; on again, it is, from then on")
    func extensionWatchSwitch() throws {
        let driver = try Self.load(.extensionAfterComplete, machine: try TestMachine())
        let buffer = TransferBuffer(count: 512)
        var request = Self.read
        request.buffer = buffer.bytes
        let adapter = try #require(driver.adapters.first)
        driver.watchesSrbExtensions = false
        #expect(adapter.execute(request).succeeded)
        #expect(adapter.execute(.init(cdb: [0x00, 0, 0, 0, 0, 0])).succeeded)
        #expect(driver.violations.isEmpty, "\(driver.violations)")
        // On again: the extension as it is now is the reference (the write made while the
        // watch was off is not reported), and later writes are.
        driver.watchesSrbExtensions = true
        #expect(adapter.execute(.init(cdb: [0x00, 0, 0, 0, 0, 0])).succeeded)
        #expect(driver.violations.isEmpty, "\(driver.violations)")
        #expect(adapter.execute(request).succeeded)
        #expect(adapter.execute(.init(cdb: [0x00, 0, 0, 0, 0, 0])).succeeded)
        #expect(driver.violations.map(\.rule) == ["srb.use-after-completion"])
    }

    @Test("srb.extension-overrun: 256 bytes written past a 64-byte SRB extension are caught at completion")
    func srbExtensionOverrun() throws {
        let driver = try Self.load(.extensionOverrun, machine: try TestMachine())
        #expect(driver.violations.isEmpty)
        let buffer = TransferBuffer(count: 512)
        var request = Self.read
        request.buffer = buffer.bytes
        let result = try #require(driver.adapters.first).execute(request)
        #expect(result.succeeded)
        #expect(driver.violations.map(\.rule) == ["srb.extension-overrun"])
        let violation = try #require(driver.violations.first)
        #expect(violation.routine == "HwStartIo" && violation.detail.contains("64-byte SRB extension"), "\(violation.detail)")
    }

    @Test("HwFindAdapter may raise ConfigInfo->SrbExtensionSize: every request gets the larger extension, no overrun")
    func srbExtensionRaisedByFindAdapter() throws {
        let driver = try Self.load(.extensionGrown, machine: try TestMachine())
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.srbExtensionSize == 320)
        for _ in 0..<(PortAdapter.slotCount + 2) {   // every slot, and two reused
            let buffer = TransferBuffer(count: 512)
            var request = Self.read
            request.buffer = buffer.bytes
            #expect(adapter.execute(request).succeeded)
        }
        driver.checkExtensionGuards()
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("ConfigInfo->SrbExtensionSize: a raise within the port's limit is honoured, one above it is init.bad-arguments",
          arguments: [false, true])
    func srbExtensionRaiseBounded(storPort: Bool) throws {
        let harness = try InitDataHarness()
        let offset = InitDataHarness.configOffset + 0x8C   // PORT_CONFIGURATION_INFORMATION.SrbExtensionSize
        var input = HardeningInitTests.baseline(storPort: storPort)
        HardeningInitTests.put32(4096, at: offset, in: &input)
        let raised = try harness.run(input)
        #expect(raised.loaded && raised.violations.isEmpty, "\(raised.violations)")
        #expect(raised.srbExtensionSize == 4096)

        HardeningInitTests.put32(0x4000_0000, at: offset, in: &input)
        let refused = try harness.run(input)
        #expect(refused.loaded)
        #expect(refused.violations.map(\.rule) == ["init.bad-arguments"])
        #expect(refused.violations.first?.detail.contains("SrbExtensionSize is 1073741824") == true, "\(refused.violations)")
        #expect(refused.srbExtensionSize == 0, "the registered size (0) stays")
    }

    @Test("srb.extension-overrun: a write past the device extension is found at stop, and at unload")
    func deviceExtensionOverrun() throws {
        let test = try TestMachine()
        let driver = try Self.load(.deviceOverrun, machine: test)
        #expect(driver.violations.isEmpty, "found only when the port checks")
        _ = try #require(driver.adapters.first).stop()
        #expect(driver.violations.map(\.rule) == ["srb.extension-overrun"])
        #expect(driver.violations.first?.detail.contains("device extension") == true)
        #expect(driver.violations.first?.detail.contains("found at stop") == true)
        driver.checkExtensionGuards()
        #expect(driver.violations.count == 1, "one overrun is reported once")
    }

    @Test("srb.transfer-length: DataTransferLength above the buffer is recorded and clamped")
    func transferLength() throws {
        let driver = try Self.load(.transferGrow, machine: try TestMachine())
        let bring = driver.violations
        #expect(bring.isEmpty, "\(bring)")
        let buffer = TransferBuffer(count: 512)
        var request = Self.read
        request.buffer = buffer.bytes
        let result = try #require(driver.adapters.first).execute(request)
        #expect(result.succeeded && result.transferred == 512)
        #expect(driver.violations.map(\.rule) == ["srb.transfer-length"])
        #expect(driver.violations.first?.detail.contains("4608") == true && driver.violations.first?.routine == "HwStartIo")
    }

    @Test("interrupt.unclaimed: an asserted line HwInterrupt never claims ends the READ in virtual time, blamed on HwInterrupt")
    func interruptUnclaimed() throws {
        let test = try TestMachine()
        let driver = try Self.load(.unclaimed, machine: test)
        #expect(driver.violations.isEmpty)
        let adapter = try #require(driver.adapters.first)
        let buffer = TransferBuffer(count: 512)
        var request = Self.read
        request.buffer = buffer.bytes
        request.timeout = 10
        let started = test.machine.clock.now
        let result = adapter.execute(request)
        #expect(result.status == UInt8(SRB_STATUS_ERROR))
        #expect(test.machine.clock.now - started < 10_000_000_000, "ended before its timeout, not by it")
        #expect(adapter.interruptsServiced == PortAdapter.unclaimedInterruptLimit && adapter.interruptLineMasked)
        #expect(driver.violations.map(\.rule) == ["interrupt.unclaimed"])
        #expect(driver.violations.first?.routine == "HwInterrupt")
    }

    @Test("init.twice: ScsiPortInitialize again with the same data is recorded; the adapter stays up")
    func initializeTwice() throws {
        let driver = try Self.load(.initTwice, machine: try TestMachine())
        #expect(driver.adapters.count == 1 && driver.initializeCalls == 2)
        #expect(driver.violations.map(\.rule) == ["init.twice"])
        #expect(driver.violations.first?.routine == "DriverEntry")
        #expect(driver.violations.first?.detail.contains("6D70:5343") == true)
    }

    @Test("A second ScsiPortInitialize for another PCI DeviceId is allowed (WDK: once per supported ID)")
    func initializeForAnotherDevice() throws {
        let driver = try Self.load(.initTwoIds, machine: try TestMachine())
        #expect(driver.adapters.count == 1 && driver.registrations.count == 2)
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("init.missing: DriverEntry returns success without ScsiPortInitialize; the load error carries the rule")
    func initializeMissing() throws {
        do {
            _ = try Self.load(.initMissing, machine: try TestMachine())
            Issue.record("loaded a miniport that registered nothing")
        } catch let error as PortDriver.LoadError {
            guard case .noAdapter = error else {
                Issue.record("\(error)")
                return
            }
            #expect(error.violations.map(\.rule) == ["init.missing"])
            #expect(error.violations.first?.routine == "DriverEntry")
        }
    }
}
