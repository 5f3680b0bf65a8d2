import CMiniportABI
import Foundation
import Testing

/// Fixtures that use the WDK base headers the way WDK miniport source does, on Linux and on the
/// Windows driver target, and the run-time behaviour of their inline helpers.
@Suite("WDK headers: ntddk.h, wdm.h, ntdef.h, guiddef.h and friends used as WDK code uses them")
struct WdkHeaderTests {
    static let driverFixtures = ["wdk_storport_driver.c", "wdk_scsiport_driver.c"]

    static func fixture(_ name: String) -> String {
        FixtureBuilder.fixturesDirectory.appendingPathComponent(name).path
    }

    static let strict = ["-std=c11", "-Wall", "-Wextra", "-Werror"]

    @Test("Driver skeletons (role-typed routines, legacy SAL, lists, PCI, STATUS codes) compile on both targets",
          arguments: driverFixtures)
    func driverSkeletonCompiles(fixture: String) throws {
        for compiler in ["gcc", "clang"] {
            try FixtureBuilder.run(compiler, Self.strict + ["-fsyntax-only", "-I", FixtureBuilder.includeDirectory,
                                                            Self.fixture(fixture)])
        }
        try FixtureBuilder.run(WindowsTarget.clang, WindowsTarget.flags + Self.strict
                                   + ["-fsyntax-only", "-I", FixtureBuilder.includeDirectory, Self.fixture(fixture)])
        // A checked build (DBG=1) turns the assertions into RtlAssert calls: still compiles.
        try FixtureBuilder.run("gcc", Self.strict + ["-DDBG=1", "-fsyntax-only", "-I", FixtureBuilder.includeDirectory,
                                                     Self.fixture(fixture)])
        try FixtureBuilder.run(WindowsTarget.clang, WindowsTarget.flags + Self.strict
                                   + ["-DDBG=1", "-fsyntax-only", "-I", FixtureBuilder.includeDirectory, Self.fixture(fixture)])
    }

    @Test("Lists, Interlocked*, bit scans, byte swaps, page macros and DBG asserts behave as the WDK documents")
    func inlineHelpersBehave() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let program = dir.appendingPathComponent("wdk_runtime").path
        for (compiler, optimisation) in [("gcc", "-O0"), ("clang", "-O2")] {
            try FixtureBuilder.run(compiler, Self.strict + [optimisation, "-DDBG=1", "-fshort-wchar",
                                                            "-I", FixtureBuilder.includeDirectory,
                                                            Self.fixture("wdk_runtime.c"), "-o", program])
            let output = try FixtureBuilder.run(program, [])
            #expect(output.contains("failed 0"), "\(compiler): \(output)")
            let count = output.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            #expect(count >= 80, "\(compiler) ran only \(count) checks: \(output)")
        }
    }

    @Test("Without DBG, ASSERT and NT_ASSERT vanish (no RtlAssert needed) and NT_VERIFY still evaluates")
    func assertionsVanishWithoutDbg() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("nodbg.c")
        try """
        #include <ntddk.h>
        int main(void) {
            int evaluated = 0;
            ASSERT(0);
            NT_ASSERT(0);
            ASSERTMSG("never", 0);
            if (NT_VERIFY(++evaluated == 1) != TRUE) return 2;
            return evaluated == 1 ? 0 : 1;
        }
        """.write(to: source, atomically: true, encoding: .utf8)
        let program = dir.appendingPathComponent("nodbg").path
        try FixtureBuilder.run("gcc", Self.strict + ["-I", FixtureBuilder.includeDirectory, source.path, "-o", program])
        try FixtureBuilder.run(program, [])
    }

    @Test("DEFINE_GUID declares the GUID without initguid.h and defines it after initguid.h")
    func defineGuid() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let program = dir.appendingPathComponent("guids").path
        let include = ["-I", FixturesInclude.path, "-I", FixtureBuilder.includeDirectory]
        try FixtureBuilder.run("gcc", Self.strict + include + [Self.fixture("wdk_guid_define.c"),
                                                               Self.fixture("wdk_guid_use.c"), "-o", program])
        try FixtureBuilder.run(program, [])
        // The user alone only declares the GUIDs: linking it without the defining file fails.
        #expect(throws: FixtureBuilder.BuildError.self) {
            try FixtureBuilder.run("gcc", Self.strict + include + [Self.fixture("wdk_guid_use.c"), "-o", program + "2"])
        }
        // On the Windows target the defining file emits the GUID's 16 bytes.
        let source = URL(fileURLWithPath: Self.fixture("wdk_guid_define.c"))
        let copy = dir.appendingPathComponent("wdk_guid_define.c")
        try FileManager.default.copyItem(at: source, to: copy)
        try FileManager.default.copyItem(at: FixturesInclude.appendingPathComponent("wdk_guids.h"),
                                         to: dir.appendingPathComponent("wdk_guids.h"))
        let assembly = try WindowsTarget.assemble(copy)
        #expect(assembly.contains("GUID_MPABI_FIXTURE_A:"))
        let bytes = WindowsTarget.objects(in: assembly.replacingOccurrences(of: "GUID_MPABI_FIXTURE_A:", with: "mpabi_guid_0:"),
                                          prefix: "mpabi_guid_")[0] ?? []
        #expect(bytes == [0x10, 0x2f, 0x3c, 0x6e, 0x2b, 0x1d, 0x5a, 0x4c, 0x9b, 0x8c, 0x7d, 0x6e, 0x5f, 0x40, 0x31, 0x22])
    }

    @Test("pshpack1/2/4/8.h and poppack.h change and restore structure packing on both targets")
    func packHeaders() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("pack.c")
        try """
        #include <ntdef.h>
        #include <pshpack1.h>
        typedef struct { UCHAR a; ULONG b; ULONGLONG c; } P1;
        #include <pshpack2.h>
        typedef struct { UCHAR a; ULONG b; } P2;
        #include <poppack.h>
        typedef struct { UCHAR a; USHORT b; } P1_AGAIN;
        #include <poppack.h>
        #include <pshpack4.h>
        typedef struct { UCHAR a; ULONGLONG b; } P4;
        #include <poppack.h>
        #include <pshpack8.h>
        typedef struct { UCHAR a; ULONGLONG b; } P8;
        #include <poppack.h>
        typedef struct { UCHAR a; ULONGLONG b; } NATURAL;
        C_ASSERT(sizeof(P1) == 13);
        C_ASSERT(sizeof(P2) == 6);
        C_ASSERT(sizeof(P1_AGAIN) == 3);
        C_ASSERT(sizeof(P4) == 12);
        C_ASSERT(sizeof(P8) == 16);
        C_ASSERT(sizeof(NATURAL) == 16);
        """.write(to: source, atomically: true, encoding: .utf8)
        for compiler in ["gcc", "clang"] {
            try FixtureBuilder.run(compiler, Self.strict + ["-fsyntax-only", "-I", FixtureBuilder.includeDirectory, source.path])
        }
        try FixtureBuilder.run(WindowsTarget.clang, WindowsTarget.flags + Self.strict
                                   + ["-fsyntax-only", "-I", FixtureBuilder.includeDirectory, source.path])
    }

    @Test("A role type is a real function type: a definition with another signature is refused")
    func roleTypesAreChecked() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = dir.appendingPathComponent("good.c")
        try """
        #include <storport.h>
        HW_STARTIO StartIo;
        BOOLEAN StartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) { return DeviceExtension != Srb; }
        PHW_STARTIO Pointer = StartIo;
        """.write(to: good, atomically: true, encoding: .utf8)
        try FixtureBuilder.run("gcc", Self.strict + ["-fsyntax-only", "-I", FixtureBuilder.includeDirectory, good.path])
        let bad = dir.appendingPathComponent("bad.c")
        try """
        #include <storport.h>
        HW_STARTIO StartIo;
        BOOLEAN StartIo(PVOID DeviceExtension) { return DeviceExtension != 0; }
        """.write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: FixtureBuilder.BuildError.self) {
            try FixtureBuilder.run("gcc", Self.strict + ["-fsyntax-only", "-I", FixtureBuilder.includeDirectory, bad.path])
        }
    }

    @Test("C++: standard headers first, or MPABI_NO_LEGACY_SAL and NOMINMAX, and the WDK headers compile")
    func cplusplusCaveat() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = dir.appendingPathComponent("first.cpp")
        try """
        #include <vector>
        #include <string>
        #include <ntddk.h>
        #include <storport.h>
        int use() { std::vector<int> v{1}; LIST_ENTRY h; InitializeListHead(&h); return (int)v.size() + IsListEmpty(&h); }
        """.write(to: first, atomically: true, encoding: .utf8)
        let optOut = dir.appendingPathComponent("optout.cpp")
        try """
        #define MPABI_NO_LEGACY_SAL
        #define NOMINMAX
        #include <ntddk.h>
        #include <vector>
        #include <algorithm>
        int use() { std::vector<int> v{1}; return std::min(0, (int)v.size()); }
        """.write(to: optOut, atomically: true, encoding: .utf8)
        for source in [first, optOut] {
            try FixtureBuilder.run("g++", ["-std=c++17", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                                           "-I", FixtureBuilder.includeDirectory, source.path])
        }
    }

    @Test("One home: every NTSTATUS code and NT_SUCCESS only in ntstatus.h, the GUID type only in mpabi_types.h")
    func statusCodesHaveOneHome() throws {
        let folder = URL(fileURLWithPath: FixtureBuilder.includeDirectory)
        let headers = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".h") }
        var strays: [String] = []
        var codes = 0
        for header in headers {
            let text = try String(contentsOf: folder.appendingPathComponent(header), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                let isStatus = trimmed.hasPrefix("#define STATUS_") && trimmed.contains("(NTSTATUS)")
                let isNtSuccess = trimmed.hasPrefix("#define NT_SUCCESS(")
                let isGuid = trimmed.hasPrefix("} GUID") || trimmed.hasPrefix("typedef struct _GUID")
                if header == "ntstatus.h", isStatus { codes += 1 }
                if (isStatus || isNtSuccess) && header != "ntstatus.h" { strays.append("\(header): \(trimmed)") }
                if isGuid && header != "mpabi_types.h" { strays.append("\(header): \(trimmed)") }
            }
        }
        #expect(strays.isEmpty, "defined outside their home: \(strays.prefix(10))")
        #expect(codes > 500)
    }

    @Test("STOR_FEATURE_* have the WDK's values, and DmaAddressWidth sits at 0xc6 without moving anything")
    func storPortFixes() {
        #expect(STOR_FEATURE_EXTRA_IO_INFORMATION == 0x80)
        #expect(STOR_FEATURE_ADAPTER_CONTROL_PRE_FINDADAPTER == 0x100)
        #expect(STOR_FEATURE_ADAPTER_NOT_REQUIRE_IO_PORT == 0x200)
        #expect(STOR_FEATURE_DUMP_16_BYTE_ALIGNMENT == 0x400)
        #expect(STOR_FEATURE_SET_ADAPTER_INTERFACE_TYPE == 0x800)
        #expect(STOR_FEATURE_DUMP_INFO == 0x1000)
        #expect(STOR_FEATURE_DMA_ALLOCATION_NO_BOUNDARY == 0x2000)
        #expect(STOR_FEATURE_NVME_ICE == 0x20000)
        #expect(MemoryLayout<STOR_PORT_CONFIGURATION_INFORMATION>.size == 224)
        #expect(MemoryLayout<STOR_PORT_CONFIGURATION_INFORMATION>.offset(of: \.DumpMode) == 0xc5)
        #expect(MemoryLayout<STOR_PORT_CONFIGURATION_INFORMATION>.offset(of: \.DmaAddressWidth) == 0xc6)
        #expect(MemoryLayout<STOR_PORT_CONFIGURATION_INFORMATION>.offset(of: \.ExtendedFlags1) == 0xc8)
    }
}

/// The fixtures folder, for `#include "wdk_guids.h"`.
enum FixturesInclude {
    static var path: String { FixtureBuilder.fixturesDirectory.path }
    static func appendingPathComponent(_ name: String) -> URL { FixtureBuilder.fixturesDirectory.appendingPathComponent(name) }
}
