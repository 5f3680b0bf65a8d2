import CMiniportABI
import Foundation
import MiniportPlatform
import Testing
@testable import MiniportKit

/// The Windows 8+ StorPort routines, through Fixtures/storport_exports.c: a virtual miniport
/// that calls each routine in HwFindAdapter, HwInitialize or HwStartIo (first READ(10)) and
/// checks the answers itself, printing "PASS name" or "FAIL name got .. want ..". The tests
/// here check that every check ran and passed, what the port recorded of the miniport's
/// reports (system events, failed devices, unit attributes, notifications, registry), and
/// HwAdapterControl: stop, restart, rescan, power settings, surprise removal and, in a second
/// build (-DWITH_ADAPTER_POWER), ScsiAdapterPower instead of stop and restart.
@Suite("StorPort exports")
struct StorPortExportsTests {
    /// Every check the fixture makes; one that stops running is missing from the PASS lines.
    static let checks: Set<String> = [
        // HwFindAdapter
        "bustype.sas", "bustype.invalid",
        "regwrite.mode", "regread.mode", "regread.mode.value", "regread.mode.length", "regread.sub-mode",
        "regwrite.sub-name", "regread.small", "regread.small.length", "regread.name", "regread.name.value",
        "regread.name.length", "regread.null-data",
        "upgrade", "upgrade.value", "upgrade.null",
        "contig.alloc", "contig.nonnull", "contig.aligned", "contig.physical", "contig.physical.length", "physical.foreign-extension",
        "contig.free", "contig.free-again", "contig.too-high", "contig.too-high.null",
        "msi.info", "msi.info.null", "msi.lock",
        "group.affinity", "group.affinity.mask", "group.affinity.group1", "group.affinity.null",
        "node.affinity", "node.affinity.mask", "node.affinity.group", "node.affinity.range", "node.affinity.node1",
        "event.log", "event.revision", "event.revision.rewritten", "event.flags", "event.size", "event.size.maximum",
        "powerguids", "dumpmem", "pofx",
        // HwInitialize
        "perf.query", "perf.query.flags", "perf.query.v2", "perf.query.v2.flags", "perf.set.channels",
        "perf.set.channels.count", "perf.set.unoffered", "perf.set.needs.dpc", "perf.set.range.ungranted", "perf.set.dpc",
        "perf.size", "bustype.late",
        // HwStartIo, first READ(10)
        "reqinfo", "reqinfo.length", "reqinfo.write", "reqinfo.priority", "reqinfo.version",
        "perfparams", "perfparams.message", "perfparams.channel", "perfparams.size",
        "activityid", "activityid.null", "portnumber", "portnumber.port", "portnumber.type",
        "datain.address", "sgl",
        "unitattr", "unitattr.target", "unitattr.reserved",
        "async", "async.flags", "async.busy",
        "statechange", "statechange.pending", "statechange.entity",
        "failed.ex.large", "failed.ex",
        // every request
        "srbext.zeroed",
    ]

    static let powerSetting = UUID(uuidString: "0B2D69D7-A2A1-449C-9680-F91C70521C60")!

    /// Builds the fixture, loads it on an empty machine and reads 4 KiB at LBA 0 (the first
    /// READ(10), which runs HwStartIo's checks).
    static func load(in dir: URL, adapterPower: Bool = false) throws -> (PortDriver, PortAdapter, DiskClass) {
        let path = try FixtureBuilder.buildSharedObject(["storport_exports.c"],
                                                        name: adapterPower ? "exports_power.so" : "exports.so",
                                                        extraFlags: adapterPower ? ["-DWITH_ADAPTER_POWER"] : [], in: dir)
        let driver = try PortDriver.load(path: path, machine: Machine())
        let adapter = try #require(driver.adapters.first)
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        var buffer = [UInt8](repeating: 0, count: 4096)
        try buffer.withUnsafeMutableBytes { try disk.read(lba: 0, into: $0) }
        return (driver, adapter, disk)
    }

    /// The miniport's debug prints, without the "[level] " prefix and the newline.
    static func lines(_ driver: PortDriver) -> [String] {
        driver.log.filter { $0.kind == .debugPrint }.map { entry in
            var text = Substring(entry.message)
            if text.hasPrefix("[0] ") { text = text.dropFirst(4) }
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    static func passed(_ driver: PortDriver) -> Set<String> {
        Set(lines(driver).filter { $0.hasPrefix("PASS ") }.map { String($0.dropFirst(5)) })
    }

    static func controlLines(_ driver: PortDriver) -> [String] {
        lines(driver).filter { $0.hasPrefix("CONTROL") }
    }

    /// Runs `action` and returns its result with the "CONTROL …" lines it added.
    static func watch<T>(_ driver: PortDriver, _ action: () -> T) -> (result: T, lines: [String]) {
        let before = controlLines(driver).count
        let result = action()
        return (result, Array(controlLines(driver).dropFirst(before)))
    }

    @Test("Every routine answers as the fixture expects; only PoFx stays unresolved")
    func checksPass() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _, _) = try Self.load(in: dir)
        let lines = Self.lines(driver)
        #expect(lines.filter { $0.contains("FAIL") }.isEmpty, "\(lines.filter { $0.contains("FAIL") })")
        let passed = Self.passed(driver)
        #expect(passed == Self.checks,
                "missing \(Self.checks.subtracting(passed).sorted()), unexpected \(passed.subtracting(Self.checks).sorted())")
        #expect(lines.contains("STATECHANGE ctx 0x1234 type 1 status 0x0"), "\(lines.filter { $0.hasPrefix("STATE") })")
        #expect(driver.unresolvedCalls == ["StorPortInitializePoFxPower"])
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("System events, failed devices, unit attributes, notifications and registry values reach the port")
    func portRecords() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, adapter, _) = try Self.load(in: dir)

        #expect(driver.systemEvents.count == 1)
        let event = try #require(driver.systemEvents.first)
        #expect(event.errorCode == 0x1234 && event.uniqueId == 0x55 && event.association == 1)
        #expect(event.dumpData == [1, 2, 3, 4])
        #expect(event.strings == ["disk"])

        #expect(driver.deviceFailures.count == 2)
        let adapterFailure = try #require(driver.deviceFailures.first)
        #expect(adapterFailure.unit == nil && adapterFailure.reason == "tired")
        let unitFailure = try #require(driver.deviceFailures.dropFirst().first)
        #expect(unitFailure.unit?.targetId == 0 && unitFailure.faultCode == 7)

        #expect(adapter.performanceOptions == 1)
        #expect(adapter.busTypeOverride == BusTypeSas.rawValue)
        #expect(adapter.unitAttributes(pathId: 0, targetId: 0, lun: 0) == 2)
        #expect(adapter.asyncNotifications.count == 1)
        #expect(adapter.asyncNotifications.first?.flags == 1)
        #expect(adapter.parameters?["Sub\\Name"] == .string("abc"))
        #expect(adapter.parameters?["Mode"] == .dword(7))
    }

    @Test("Adapter control: stop, restart, rescan, power setting and surprise removal")
    func adapterControl() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, adapter, disk) = try Self.load(in: dir)

        #expect(Self.watch(driver) { adapter.stop() }.lines == ["CONTROL 1", "CONTROL 3"])
        #expect(Self.watch(driver) { adapter.restart() }.lines == ["CONTROL 4", "CONTROL 2"])
        #expect(Self.watch(driver) { adapter.scan() }.lines.first == "CONTROL 11")

        let setting = Self.watch(driver) { adapter.notifyPowerSetting(Self.powerSetting, value: [2, 0, 0, 0]) }
        #expect(setting.result)
        #expect(setting.lines == ["CONTROL 5 value 2"])
        let other = Self.watch(driver) { adapter.notifyPowerSetting(UUID(), value: [2, 0, 0, 0]) }
        #expect(!other.result)
        #expect(other.lines.isEmpty)

        #expect(Self.watch(driver) { adapter.surpriseRemove() }.lines == ["CONTROL 16"])
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        #expect(throws: (any Error).self) { try disk.read(lba: 0, into: buffer) }
    }

    @Test("A miniport with ScsiAdapterPower is powered down to D3 and up to D0, not stopped and restarted")
    func adapterPower() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, adapter, _) = try Self.load(in: dir, adapterPower: true)

        // StorPowerDeviceD3 (4) and StorPowerDeviceD0 (1), StorPowerActionNone (0).
        #expect(Self.watch(driver) { adapter.stop() }.lines == ["CONTROL 6 state 4 action 0"])
        #expect(Self.watch(driver) { adapter.restart() }.lines == ["CONTROL 6 state 1 action 0"])
        let control = Self.controlLines(driver)
        #expect(!control.contains("CONTROL 1") && !control.contains("CONTROL 2"), "\(control)")
        #expect(Self.lines(driver).filter { $0.contains("FAIL") }.isEmpty)
    }
}
