import CMiniportABI
import Foundation
import Testing
import MiniportPlatform
import MiniportSCSI
@testable import MiniportKit

/// Extended SRBs (STORAGE_REQUEST_BLOCK): the srbhelper.h accessors, what StorPort hands a
/// miniport that asks for them, the checks on what it hands back (srb.extended-invalid), and
/// both StorPort examples' extended builds through every scenario.
@Suite("Extended SRBs")
struct ExtendedSRBTests {
    /// The extended-SRB fixture miniport, built with `define` (a CORRUPT_* variant or nil).
    static func buildFixture(_ define: String?, in dir: URL) throws -> String {
        try FixtureBuilder.buildSharedObject(["storport_srbx.c"], name: "srbx_\(define ?? "none").so",
                                             extraFlags: define.map { ["-D" + $0] } ?? [], in: dir)
    }

    /// A ULONG global of the fixture (what the miniport saw).
    static func counter(_ driver: PortDriver, _ name: String) throws -> UInt32 {
        try #require(driver.image.symbol(name)).load(as: UInt32.self)
    }

    static func machine() throws -> Machine { Machine() }

    @Test("srbhelper.h: every accessor on both SRB kinds, and lying offsets and lengths find nothing (gcc, clang, g++, clang++, -O0 and -O2)")
    func srbhelperProbe() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = FixtureBuilder.fixturesDirectory.appendingPathComponent("srbhelper_probe.c").path
        var ran = 0
        for (compiler, mode) in HeaderCompileTests.compilers where HeaderCompileTests.available(compiler) {
            for optimization in ["-O0", "-O2"] {
                let output = dir.appendingPathComponent("probe_\(compiler)\(optimization)").path
                try FixtureBuilder.run(compiler, mode + [optimization, "-Wall", "-Wextra", "-Werror",
                                                         "-I", FixtureBuilder.includeDirectory, source, "-o", output])
                let printed = try FixtureBuilder.run(output, [])
                #expect(!printed.contains("FAIL") && printed.contains("checked "), "\(compiler) \(optimization): \(printed)")
                ran += 1
            }
        }
        #expect(ran >= 4)
    }

    @Test("The srb.h *_LENGTH constants the port uses are the bytes after each block's Type and Length")
    func blockLengths() {
        let head = MemoryLayout<SRBEX_DATA>.offset(of: \.Data)!
        #expect(head == 8)
        #expect(Int(SRBExLength.SRBEX_DATA_SCSI_CDB16_LENGTH) == MemoryLayout<SRBEX_DATA_SCSI_CDB16>.offset(of: \.Cdb)! + 16 - head)
        #expect(Int(SRBExLength.SRBEX_DATA_SCSI_CDB32_LENGTH) == MemoryLayout<SRBEX_DATA_SCSI_CDB32>.offset(of: \.Cdb)! + 32 - head)
        #expect(Int(SRBExLength.SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN) == MemoryLayout<SRBEX_DATA_SCSI_CDB_VAR>.offset(of: \.Cdb)! - head)
        #expect(Int(SRBExLength.SRBEX_DATA_BIDIRECTIONAL_LENGTH) == MemoryLayout<SRBEX_DATA_BIDIRECTIONAL>.size - head)
        #expect(Int(SRBExLength.SRBEX_DATA_WMI_LENGTH) == MemoryLayout<SRBEX_DATA_WMI>.size - head)
        #expect(Int(SRBExLength.SRBEX_DATA_POWER_LENGTH) == MemoryLayout<SRBEX_DATA_POWER>.offset(of: \.PowerAction)! + 4 - head)
        #expect(Int(SRBExLength.SRBEX_DATA_PNP_LENGTH) == MemoryLayout<SRBEX_DATA_PNP>.size - head)
        #expect(Int(SRBExLength.SRBEX_DATA_IO_INFO_LENGTH) == MemoryLayout<SRBEX_DATA_IO_INFO>.size - head)
        #expect(MemoryLayout<STORAGE_REQUEST_BLOCK>.size == 128)
        #expect(MemoryLayout<STORAGE_REQUEST_BLOCK>.offset(of: \.SrbExDataOffset)! == PortAdapter.extendedOffsetTable)
        #expect(SRB_SIGNATURE == 0x5352_4258)
    }

    @Test("A miniport that asks for extended SRBs gets them for every request, with address, CDB16 and IO_INFO, and every SRB routine accepts them")
    func portHandsExtendedSRBs() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.buildFixture(nil, in: dir), machine: try Self.machine())
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.usesExtendedSRBs)
        #expect(try Self.counter(driver, "SrbxConfigSrbType") == UInt32(SRB_TYPE_STORAGE_REQUEST_BLOCK))
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        var data = pattern(16 * 1024, seed: 3)
        try data.withUnsafeBytes { try disk.write(lba: 40, from: $0) }
        var back = [UInt8](repeating: 0, count: data.count)
        try back.withUnsafeMutableBytes { try disk.read(lba: 40, into: $0) }
        #expect(back == data)
        // An unsupported command: CHECK CONDITION with sense, through the extended SRB's CDB block.
        let result = adapter.execute(PortAdapter.Request(cdb: [0xEE, 0, 0, 0, 0, 0]))
        #expect(result.status == UInt8(SRB_STATUS_ERROR) && result.scsiStatus == 0x02)
        #expect(result.senseKey == 0x05 && result.asc == 0x20, "\(result)")
        let extended = try Self.counter(driver, "SrbxExtended")
        let classic = try Self.counter(driver, "SrbxClassic")
        #expect(extended > 4 && classic == 0)
        #expect(try Self.counter(driver, "SrbxAddressOk") == extended)
        // The READ and the WRITE (and the scan's READs, if any): IO_INFO, request info and
        // physical addresses for each, StorPortGetSrb for every command.
        let readWrites = try Self.counter(driver, "SrbxIoInfo")
        #expect(readWrites >= 2)
        #expect(try Self.counter(driver, "SrbxRequestInfoOk") == readWrites)
        #expect(try Self.counter(driver, "SrbxPhysicalOk") == readWrites)
        #expect(try Self.counter(driver, "SrbxScatterGatherOk") == readWrites)
        #expect(try Self.counter(driver, "SrbxSystemAddressOk") == readWrites)
        #expect(try Self.counter(driver, "SrbxGetSrbOk") >= readWrites)
        #expect(try Self.counter(driver, "SrbxDumpPointers") == 1, "the dump-pointers handshake came as an extended SRB")
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("The same fixture built for SCSI_REQUEST_BLOCKs gets none: SrbType 0 and classic SRBs")
    func classicWhenNotAsked() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.buildFixture("SRBX_CLASSIC", in: dir), machine: try Self.machine())
        let adapter = try #require(driver.adapters.first)
        #expect(!adapter.usesExtendedSRBs)
        #expect(try Self.counter(driver, "SrbxConfigSrbType") == UInt32(SRB_TYPE_SCSI_REQUEST_BLOCK))
        #expect(adapter.execute(PortAdapter.Request(cdb: [0, 0, 0, 0, 0, 0])).succeeded)
        let extended = try Self.counter(driver, "SrbxExtended"), classic = try Self.counter(driver, "SrbxClassic")
        #expect(extended == 0 && classic > 0)
    }

    @Test("PnP, power and the other functions reach the miniport with their parameters, as either SRB kind",
          arguments: [false, true])
    func pnpPowerAndOtherFunctions(_ extended: Bool) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.buildFixture(extended ? nil : "SRBX_CLASSIC", in: dir),
                                         machine: try Self.machine())
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.usesExtendedSRBs == extended)
        #expect(adapter.sendPnP(StorQueryCapabilities).succeeded)
        #expect(try Self.counter(driver, "SrbxPnpAction") == StorQueryCapabilities.rawValue)
        #expect(try Self.counter(driver, "SrbxPnpFlags") == 0)
        #expect(adapter.sendPnP(StorRemoveDevice, adapterRequest: true).succeeded)
        #expect(try Self.counter(driver, "SrbxPnpAction") == StorRemoveDevice.rawValue)
        #expect(try Self.counter(driver, "SrbxPnpFlags") == UInt32(SRB_PNP_FLAGS_ADAPTER_REQUEST))
        #expect(adapter.sendPower(StorPowerDeviceD3, action: StorPowerActionHibernate, adapterRequest: true).succeeded)
        #expect(try Self.counter(driver, "SrbxPowerState") == StorPowerDeviceD3.rawValue)
        #expect(try Self.counter(driver, "SrbxPowerAction") == StorPowerActionHibernate.rawValue)
        #expect(try Self.counter(driver, "SrbxPowerFlags") == UInt32(SRB_POWER_FLAGS_ADAPTER_REQUEST))
        // Functions that carry nothing beyond the header.
        let others = [SRB_FUNCTION_FLUSH, SRB_FUNCTION_SHUTDOWN, SRB_FUNCTION_RESET_DEVICE, SRB_FUNCTION_RESET_LOGICAL_UNIT,
                      SRB_FUNCTION_IO_CONTROL, SRB_FUNCTION_FREE_DUMP_POINTERS]
        for function in others {
            var request = PortAdapter.Request(cdb: [0], timeout: 10, senseLength: 0)
            request.function = UInt8(function)
            #expect(adapter.execute(request).succeeded, "function 0x\(String(function, radix: 16))")
        }
        let seen = UInt64(try Self.counter(driver, "SrbxFunctions")) | UInt64(try Self.counter(driver, "SrbxFunctionsHigh")) << 32
        for function in others + [SRB_FUNCTION_PNP, SRB_FUNCTION_POWER, SRB_FUNCTION_EXECUTE_SCSI] {
            #expect(seen & (1 << UInt64(function)) != 0, "function 0x\(String(function, radix: 16)) never reached the miniport")
        }
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("A 32-byte CDB reaches a miniport that takes extended SRBs in an SRBEX_DATA_SCSI_CDB32 block; the other kind refuses it")
    func longCdb() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var command = [UInt8](repeating: 0, count: 32)
        command[0] = 0x7F
        command[7] = 24
        command[31] = 0xA5
        let driver = try PortDriver.load(path: try Self.buildFixture(nil, in: dir), machine: try Self.machine())
        let adapter = try #require(driver.adapters.first)
        #expect(PortAdapter.Request(cdb: command).cdb == command)
        #expect(adapter.execute(PortAdapter.Request(cdb: command)).succeeded)
        #expect(try Self.counter(driver, "SrbxLongCdbLength") == 32)
        #expect(try Self.counter(driver, "SrbxLongCdbLast") == 0xA5)
        #expect(try Self.counter(driver, "SrbxLongCdbBlock") == UInt32(SrbExDataTypeScsiCdb32.rawValue))
        #expect(adapter.execute(PortAdapter.Request(cdb: command + [0])).status == UInt8(SRB_STATUS_INVALID_REQUEST),
                "33 bytes: more than the port's extended SRBs carry")
        #expect(driver.violations.isEmpty, "\(driver.violations)")

        let classic = try PortDriver.load(path: try Self.buildFixture("SRBX_CLASSIC", in: dir), machine: try Self.machine())
        let classicAdapter = try #require(classic.adapters.first)
        #expect(classicAdapter.execute(PortAdapter.Request(cdb: command)).status == UInt8(SRB_STATUS_INVALID_REQUEST))
        #expect(try Self.counter(classic, "SrbxLongCdbLength") == 0, "never reached the miniport")
    }

    static let corruptions = ["CORRUPT_FUNCTION", "CORRUPT_SIGNATURE", "CORRUPT_VERSION", "CORRUPT_SRBLENGTH",
                              "CORRUPT_NUMSRBEXDATA", "CORRUPT_OFFSET", "CORRUPT_MISALIGNED", "CORRUPT_BLOCK_LENGTH",
                              "CORRUPT_BLOCK_TYPE", "CORRUPT_ADDRESS"]

    @Test("A completion with a corrupted extended SRB breaks srb.extended-invalid; the request fails, the port goes on",
          arguments: corruptions)
    func corruptedCompletion(_ corruption: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.buildFixture(corruption, in: dir), machine: try Self.machine())
        let adapter = try #require(driver.adapters.first)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        let read = adapter.execute(PortAdapter.Request(cdb: [0x28, 0, 0, 0, 0, 1, 0, 0, 1, 0], direction: .dataIn, buffer: buffer))
        #expect(read.status == UInt8(SRB_STATUS_ERROR) && read.transferred == 0, "\(read)")
        let rules = driver.violations.map(\.rule)
        #expect(rules == ["srb.extended-invalid"], "\(driver.violations)")
        let detail = driver.violations.first?.detail ?? ""
        let field = ["CORRUPT_FUNCTION": "Function", "CORRUPT_SIGNATURE": "Signature", "CORRUPT_VERSION": "Version",
                     "CORRUPT_SRBLENGTH": "SrbLength", "CORRUPT_NUMSRBEXDATA": "NumSrbExData",
                     "CORRUPT_OFFSET": "SrbExDataOffset[0]", "CORRUPT_MISALIGNED": "SrbExDataOffset[0]",
                     "CORRUPT_BLOCK_LENGTH": "Length", "CORRUPT_BLOCK_TYPE": "unknown",
                     "CORRUPT_ADDRESS": "AddressOffset"][corruption]!
        #expect(detail.contains(field), "\(detail)")
        // The port survives: the next request (not a READ, so not corrupted) completes normally.
        #expect(adapter.execute(PortAdapter.Request(cdb: [0, 0, 0, 0, 0, 0])).succeeded)
        #expect(driver.violations.count == 1)
    }

    @Test("The checks both SRB kinds share hold for extended SRBs: transfer length, SRB extension overrun, double completion",
          arguments: [("RULE_TRANSFER_LENGTH", "srb.transfer-length"), ("RULE_EXTENSION_OVERRUN", "srb.extension-overrun"),
                      ("RULE_DOUBLE_COMPLETE", "srb.double-completion")])
    func sharedChecks(_ define: String, _ rule: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.buildFixture(define, in: dir), machine: try Self.machine())
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.usesExtendedSRBs)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 16)
        defer { buffer.deallocate() }
        let read = adapter.execute(PortAdapter.Request(cdb: [0x28, 0, 0, 0, 0, 1, 0, 0, 1, 0], direction: .dataIn, buffer: buffer))
        #expect(read.succeeded && read.transferred == 512, "\(read)")
        #expect(driver.violations.map(\.rule) == [rule], "\(driver.violations)")
        #expect(adapter.execute(PortAdapter.Request(cdb: [0, 0, 0, 0, 0, 0])).succeeded)
    }

    @Test("A write to an extended SRB after RequestComplete is srb.use-after-completion; the port keeps the completion")
    func useAfterCompletion() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try PortDriver.load(path: try Self.buildFixture("CORRUPT_AFTER", in: dir), machine: try Self.machine())
        let adapter = try #require(driver.adapters.first)
        let result = adapter.execute(PortAdapter.Request(cdb: [0, 0, 0, 0, 0, 0]))
        #expect(result.succeeded, "the completion as it was at RequestComplete")
        #expect(driver.violations.contains { $0.rule == "srb.use-after-completion" && $0.detail.contains("SrbStatus") },
                "\(driver.violations)")
        #expect(!driver.violations.contains { $0.rule == "srb.extended-invalid" })
    }

    static let examples = StorPortTests.examples

    @Test("Each StorPort example's extended build passes the normal, crash and hibernation scenarios", arguments: examples)
    func extendedExamplesPassScenarios(_ example: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try StorPortTests.buildExample(example, in: dir, extendedSRB: true)
        let runner = MiniportRunner(miniportPath: path)
        for scenario in MiniportRunner.Scenario.allCases {
            let report = runner.run(scenario)
            #expect(report.passed, "\(example) extended \(scenario): \(report.errors) \(report.violations)")
            if scenario != .normal { #expect(report.dump?.verified == true, "\(example) extended \(scenario)") }
            // Every copy that ran (normal, and the dump / hibernation copies) took extended SRBs.
            let adapters = report.log.filter { $0.contains("synchronization") }
            #expect(!adapters.isEmpty && adapters.allSatisfy { $0.contains("extended SRBs") }, "\(adapters)")
        }
    }

    @Test("The extended builds take extended SRBs and move data unchanged", arguments: examples)
    func extendedExamplesUseExtendedSRBs(_ example: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try StorPortTests.buildExample(example, in: dir, extendedSRB: true)
        let (machine, _) = try MiniportRunner(miniportPath: path).makeMachine(
            disks: [SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 1 << 17))])
        let driver = try PortDriver.load(path: path, machine: machine)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.usesExtendedSRBs)
        #expect(adapter.storConfig.pointee.SrbType == UInt8(SRB_TYPE_STORAGE_REQUEST_BLOCK))
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        var data = pattern(64 * 1024, seed: 21)
        try data.withUnsafeBytes { try disk.write(lba: 300, from: $0) }
        var back = [UInt8](repeating: 0, count: data.count)
        try back.withUnsafeMutableBytes { try disk.read(lba: 300, into: $0) }
        #expect(back == data)
        #expect(driver.violations.isEmpty, "\(driver.violations)")
        #expect(driver.unresolvedCalls.isEmpty, "\(driver.unresolvedCalls)")
    }
}
