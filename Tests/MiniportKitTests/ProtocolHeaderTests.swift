import CMiniportABI
import Foundation
import MiniportPlatform
import Testing
@testable import MiniportKit

/// The protocol and I/O-control headers (devioctl.h, ntddscsi.h, ntddstor.h, ntdddisk.h, ata.h,
/// wmistr.h, scsiwmi.h, ntstrsafe.h, evntrace.h, stortrce.h): used the way WDK code uses them,
/// on both targets, and the behaviour of the routines behind them.
@Suite("Protocol headers, ntstrsafe and the SCSI WMI library")
struct ProtocolHeaderTests {
    static let windowsClang = "/opt/swift/usr/bin/clang"

    @Test("A miniport using every protocol header compiles for Linux and for the Windows target, both families",
          arguments: [false, true])
    func fixtureCompilesOnBothTargets(storport: Bool) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = FixtureBuilder.fixturesDirectory.appendingPathComponent("proto_headers.c").path
        let family = storport ? ["-DPROTO_STORPORT"] : []
        let common = ["-Wall", "-Wextra", "-Werror", "-c", "-I", FixtureBuilder.includeDirectory] + family + [source]
        try FixtureBuilder.run("gcc", ["-std=c11"] + common + ["-o", dir.appendingPathComponent("linux.o").path])
        try FixtureBuilder.run("g++", ["-x", "c++", "-std=c++17"] + common + ["-o", dir.appendingPathComponent("linux-cxx.o").path])
        if FileManager.default.isExecutableFile(atPath: Self.windowsClang) {
            try FixtureBuilder.run(Self.windowsClang, ["--target=x86_64-pc-windows-msvc", "-ffreestanding"] + common
                                   + ["-o", dir.appendingPathComponent("windows.obj").path])
        }
    }

    /// Compiles `fixture` (with the import stub when `stub`) into a program, runs it and returns
    /// its PASS lines; fails on any FAIL line or a non-zero exit.
    static func runChecks(_ fixture: String, stub: Bool) throws -> Set<String> {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let program = dir.appendingPathComponent("checks").path
        try FixtureBuilder.run("cc", ["-std=c11", "-Wall", "-Wextra", "-Werror", "-I", FixtureBuilder.includeDirectory,
                                      FixtureBuilder.fixturesDirectory.appendingPathComponent(fixture).path]
                               + (stub ? FixtureBuilder.stubSources : []) + ["-o", program])
        let output = try FixtureBuilder.run(program, [])
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("FAIL") }.isEmpty, "\(lines.filter { $0.hasPrefix("FAIL") })")
        #expect(lines.last == "DONE 0")
        return Set(lines.filter { $0.hasPrefix("PASS ") }.map { String($0.dropFirst(5)) })
    }

    @Test("ntstrsafe: truncation is STATUS_BUFFER_OVERFLOW with a terminated buffer, bad sizes are refused")
    func ntstrsafeSemantics() throws {
        let passed = try Self.runChecks("ntstrsafe_run.c", stub: false)
        #expect(passed.isSuperset(of: ["copy.fits", "copy.truncates", "copy.zero-size", "copy.too-large", "copyn",
                                       "cat.fits", "cat.truncates", "cat.unterminated", "length", "length.unterminated",
                                       "printf.fits", "printf.truncates", "wide.copy", "wide.cb-length", "wide.printf",
                                       "wide.printf.truncates"]))
    }

    @Test("ScsiPortWmiDispatchFunction answers registration, data-block, set and control requests with bounded WNODEs")
    func wmiLibrary() throws {
        let passed = try Self.runChecks("scsiwmi_run.c", stub: true)
        #expect(passed.count == 26, "\(passed.sorted())")
        #expect(passed.isSuperset(of: ["reginfo.guids", "reginfo.small", "alldata.offsets", "alldata.values",
                                       "toosmall.reply", "set.value", "single.reply", "guid.unknown", "minor.unknown",
                                       "dynamic.post"]))
    }
}

/// WPP tracing without the WPP preprocessor (docs/wpp.md).
@Suite("WPP tracing through generated .tmh stand-ins")
struct WPPTracingTests {
    static let fixtureDirectory = FixtureBuilder.fixturesDirectory.appendingPathComponent("wpp")

    @Test("The config block's trace functions are read: parameters, fixed values, prefixes")
    func parsesConfigBlock() throws {
        let header = try String(contentsOf: Self.fixtureDirectory.appendingPathComponent("wpptrace.h"), encoding: .utf8)
        let functions = WPPTracing.configFunctions(in: header)
        #expect(functions.map(\.name) == ["TraceEvents", "TraceIo", "FuncEntry"])
        #expect(functions[0].parameters == ["LEVEL", "FLAGS", "MSG", "..."])
        #expect(functions[1].fixed == ["LEVEL": "TRACE_LEVEL_VERBOSE", "FLAGS": "TRACE_IO"])
        #expect(functions[1].prefix == "io: ")
        #expect(functions[2].prefix == "--> %!FUNC!")
        let text = WPPTracing.tmhText(for: "x.c", functions: functions)
        #expect(text.contains("#define TraceEvents(LEVEL, FLAGS, MSG, ...)"))
        #expect(text.contains("#define TraceIo(MSG, ...)"))
        #expect(text.contains("#define FuncEntry(FLAGS)"))
    }

    /// Builds the WPP fixture through `miniport build`'s code path and loads it.
    static func load(tmhDirectory: String? = nil, in dir: URL) throws -> PortDriver {
        let output = dir.appendingPathComponent("wpp_fixture.so").path
        try MiniportBuilder.build(sources: [Self.fixtureDirectory.appendingPathComponent("wpp_fixture.c").path],
                                  output: output, sdkRoot: FixtureBuilder.root, werror: true,
                                  tmhDirectory: tmhDirectory)
        return try PortDriver.load(path: output, machine: Machine())
    }

    static func debugText(_ driver: PortDriver) -> [String] {
        driver.log.filter { $0.kind == .debugPrint }.map(\.message)
    }

    @Test("A WPP-traced StorPort miniport builds without .tmh files and its trace text reaches the port log")
    func traceReachesPortLog() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try Self.load(in: dir)
        let text = Self.debugText(driver)
        func logged(_ fragment: String) -> Bool { text.contains { $0.contains(fragment) } }
        #expect(logged("[WPP TRACE_INIT WARNING] banner 'wpp fixture min' status 0x80000005"), "\(text)")
        #expect(logged("[WPP TRACE_INIT VERBOSE] --> WfHwFindAdapter"))
        #expect(logged("[WPP TRACE_INIT INFORMATION] WfHwFindAdapter buses 1 targets 1 status 0x00000000 virtual TRUE"))
        #expect(logged("signature de ad be ef size 4294967296 name wpp wide disk"))
        #expect(logged("[WPP TRACE_INIT NONE] initialized at line "))
        #expect(logged("[WPP TRACE_IO VERBOSE] io: function 0x"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("wpp_fixture.tmh").path))
    }

    @Test("--tmh-dir: a .tmh the user supplies is used instead of a generated one")
    func userTmhDirectory() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let tmh = dir.appendingPathComponent("tmh")
        try FileManager.default.createDirectory(at: tmh, withIntermediateDirectories: true)
        try """
        #include "mpabi_wpp.h"
        #define TraceEvents(LEVEL, FLAGS, MSG, ...) MpAbiWppTraceMessage(LEVEL, "USER", __func__, __LINE__, MSG, ##__VA_ARGS__)
        #define TraceIo(MSG, ...) ((void)0)
        #define FuncEntry(FLAGS) ((void)0)

        """.write(to: tmh.appendingPathComponent("wpp_fixture.tmh"), atomically: true, encoding: .utf8)
        let driver = try Self.load(tmhDirectory: tmh.path, in: dir)
        let text = Self.debugText(driver)
        #expect(text.contains { $0.contains("[WPP USER WARNING] banner") }, "\(text)")
        #expect(!text.contains { $0.contains("--> WfHwFindAdapter") })
    }
}

/// SRB_FUNCTION_WMI from the port (``PortAdapter/sendWMI(_:dataPath:buffer:pathId:targetId:lun:adapterRequest:)``)
/// to Fixtures/wmi_fixture.c, which answers with ScsiPortWmiDispatchFunction: registration, a
/// data block query, a set and an all-data query, as SCSI_WMI_REQUEST_BLOCK and as an extended
/// SRB with SRBEX_DATA_WMI.
@Suite("WMI requests reach a miniport that uses the SCSI WMI library")
struct WMIRequestTests {
    /// {3f1c2b4a-5d6e-4f70-8192-a3b4c5d6e7f8} in memory order.
    static let counterGuid: [UInt8] = [0x4a, 0x2b, 0x1c, 0x3f, 0x6e, 0x5d, 0x70, 0x4f,
                                       0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8]

    @Test("Registration, query, set and all-data requests come back as WNODEs", arguments: [false, true])
    func wmiRoundTrip(extended: Bool) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["wmi_fixture.c"], name: extended ? "wmi_ex.so" : "wmi.so",
                                                        extraFlags: extended ? ["-DWMI_EXTENDED"] : [], in: dir)
        let driver = try PortDriver.load(path: path, machine: Machine())
        let adapter = try #require(driver.adapters.first)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 8)
        defer { buffer.deallocate() }
        let guid = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 8)
        defer { guid.deallocate() }
        guid.copyBytes(from: Self.counterGuid)
        func u32(_ offset: Int) -> UInt32 { buffer.load(fromByteOffset: offset, as: UInt32.self) }
        func put(_ value: UInt32, _ offset: Int) { buffer.storeBytes(of: value, toByteOffset: offset, as: UInt32.self) }
        func single(_ subFunction: UInt8, value: UInt32? = nil) -> PortAdapter.Result {
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            put(512, 0)                                 // WnodeHeader.BufferSize
            buffer.baseAddress!.advanced(by: 24).copyMemory(from: guid.baseAddress!, byteCount: 16)
            put(64, 56)                                 // DataBlockOffset
            if let value { put(4, 60); put(value, 64) } // SizeDataBlock, data
            return adapter.sendWMI(subFunction, dataPath: guid.baseAddress, buffer: buffer)
        }

        // IRP_MN_REGINFO: a WMIREGINFOW naming the one GUID, with the MOF resource name.
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        var result = adapter.sendWMI(8, dataPath: nil, buffer: buffer)
        #expect(result.succeeded)
        #expect(result.transferred == Int(u32(0)))
        #expect(u32(16) == 1)                            // GuidCount
        #expect(Array(buffer[24..<40]) == Self.counterGuid)
        #expect(u32(44) == 1)                            // InstanceCount
        #expect(u32(12) != 0)                            // MofResourceName

        // IRP_MN_QUERY_SINGLE_INSTANCE: the counter the miniport set in HwFindAdapter.
        result = single(1)
        #expect(result.succeeded)
        #expect(result.transferred == 68)
        #expect(u32(60) == 4 && u32(64) == 7)

        // IRP_MN_CHANGE_SINGLE_INSTANCE, then IRP_MN_QUERY_ALL_DATA sees the new value.
        #expect(single(2, value: 0x55AA).succeeded)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        put(512, 0)
        result = adapter.sendWMI(0, dataPath: guid.baseAddress, buffer: buffer)
        #expect(result.succeeded)
        #expect(u32(52) == 1)                            // InstanceCount
        let offset = Int(u32(60))                        // OffsetInstanceDataAndLength[0]
        #expect(u32(64) == 4 && offset >= 68 && offset % 8 == 0 && u32(offset) == 0x55AA)

        // A GUID the miniport did not register.
        guid.storeBytes(of: 0xFFFF_FFFF, toByteOffset: 0, as: UInt32.self)
        #expect(single(1).status == UInt8(SRB_STATUS_ERROR))
    }
}
