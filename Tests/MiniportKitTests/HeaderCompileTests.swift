import Foundation
import Testing

/// The WDK-named headers compile without a warning in every language mode a miniport uses.
@Suite("Headers compile cleanly with gcc and clang, C11 and C++17")
struct HeaderCompileTests {
    /// The include sets a miniport uses, as the WDK documents them.
    static let includeSets: [(String, [String])] = [
        ("SCSI Port", ["miniport.h", "srb.h", "scsi.h"]),
        ("StorPort", ["storport.h"]),
        ("StorPort with scsi.h", ["storport.h", "scsi.h"]),
        ("scsi.h alone", ["scsi.h"]),
        ("miniport.h alone", ["miniport.h"]),
        ("StorPort with srbhelper.h", ["storport.h", "srbhelper.h"]),
        ("SCSI Port with srbhelper.h", ["miniport.h", "srb.h", "srbhelper.h"]),
        ("srbhelper.h alone", ["srbhelper.h"]),
        ("ntddk.h alone", ["ntddk.h"]),
        ("wdm.h alone", ["wdm.h"]),
        ("ntdef.h alone", ["ntdef.h"]),
        ("ntstatus.h alone", ["ntstatus.h"]),
        ("ntddk.h then StorPort", ["ntddk.h", "storport.h"]),
        ("StorPort then ntddk.h", ["storport.h", "scsi.h", "ntddk.h"]),
        ("ntddk.h then SCSI Port", ["ntddk.h", "miniport.h", "srb.h", "scsi.h"]),
        ("SCSI Port then ntddk.h", ["miniport.h", "srb.h", "scsi.h", "ntddk.h"]),
        ("wdm.h with StorPort and srbhelper.h", ["wdm.h", "storport.h", "srbhelper.h"]),
        ("ntdef.h, miniport.h, wdm.h", ["ntdef.h", "miniport.h", "wdm.h", "srb.h"]),
        ("initguid.h then ntddk.h", ["initguid.h", "ntddk.h"]),
        ("guiddef.h alone", ["guiddef.h"]),
        ("pack headers", ["ntdef.h", "pshpack1.h", "poppack.h", "pshpack2.h", "poppack.h", "pshpack4.h", "poppack.h",
                          "pshpack8.h", "poppack.h"]),
        ("SCSI Port with the protocol headers", ["miniport.h", "srb.h", "scsi.h", "devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h"]),
        ("StorPort with the protocol headers", ["storport.h", "scsi.h", "devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h"]),
        ("protocol headers alone", ["devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h"]),
        ("protocol headers before StorPort", ["devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h", "storport.h", "srbhelper.h"]),
        ("StorPort with the kernel routines", ["storport.h", "mpabi_kernel.h"]),
        ("SCSI Port with the kernel routines", ["miniport.h", "srb.h", "mpabi_kernel.h"]),
        ("mpabi_kernel.h alone", ["mpabi_kernel.h", "mpabi_kernel_exports.h"]),
    ]

    static let compilers: [(String, [String])] = [
        ("gcc", ["-x", "c", "-std=c11"]),
        ("clang", ["-x", "c", "-std=c11"]),
        ("g++", ["-x", "c++", "-std=c++17"]),
        ("clang++", ["-x", "c++", "-std=c++17"]),
    ]

    static func available(_ tool: String) -> Bool {
        (try? FixtureBuilder.run("sh", ["-c", "command -v \(tool)"])) != nil
    }

    @Test("Each include set compiles with -Wall -Wextra -Werror", arguments: 0..<28)
    func includeSetCompiles(index: Int) throws {
        let (label, headers) = Self.includeSets[index]
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("use.c")
        try (headers.map { "#include <\($0)>" }.joined(separator: "\n") + "\nint mpabi_use(void) { return (int)sizeof(ULONG); }\n")
            .write(to: source, atomically: true, encoding: .utf8)
        var compiled = 0
        for (compiler, mode) in Self.compilers where Self.available(compiler) {
            do {
                try FixtureBuilder.run(compiler, mode + ["-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                                                         "-I", FixtureBuilder.includeDirectory, source.path])
                compiled += 1
            } catch {
                Issue.record("\(label) with \(compiler): \(error)")
            }
        }
        #expect(compiled >= 2, "needs at least gcc and one more compiler on PATH")
    }

    @Test("The include-set list and the test's argument range agree")
    func argumentRangeCoversEverySet() {
        #expect(Self.includeSets.count == 28)
    }

    @Test("Each include set compiles for the Windows driver target (x86_64-pc-windows-msvc)", arguments: 0..<28)
    func includeSetCompilesForWindows(index: Int) throws {
        let (label, headers) = Self.includeSets[index]
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("use.c")
        try (headers.map { "#include <\($0)>" }.joined(separator: "\n")
            + "\nint mpabi_use(void) { return (int)sizeof(ULONG) + (int)sizeof(LONG) + (int)sizeof(PVOID); }\n"
            + "_Static_assert(sizeof(ULONG) == 4 && sizeof(PVOID) == 8 && sizeof(WCHAR) == 2, \"LLP64\");\n")
            .write(to: source, atomically: true, encoding: .utf8)
        do {
            try FixtureBuilder.run(WindowsTarget.clang, WindowsTarget.flags + ["-x", "c", "-std=c11", "-Wall", "-Wextra",
                                                                               "-Werror", "-fsyntax-only", "-I",
                                                                               FixtureBuilder.includeDirectory, source.path])
        } catch {
            Issue.record("\(label) for the Windows target: \(error)")
        }
    }

    /// C11 allows an identical typedef twice, C99 does not: compiled as C99, every include set shows
    /// that each typedef name has one home. clang reports a repeat under -Wtypedef-redefinition (an
    /// error here); gcc only as a -Wpedantic warning, which also flags the C11 anonymous unions the
    /// headers use, so its output is searched for the typedef message alone.
    @Test("No typedef is declared twice: each include set compiles as C99, where a repeated typedef is an error")
    func noTypedefDeclaredTwice() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let everything = ["ntddk.h", "storport.h", "srbhelper.h", "devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h",
                          "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h", "initguid.h",
                          "mpabi_kernel.h", "mpabi_kernel_exports.h"]
        var checked = 0
        for (index, (label, headers)) in (Self.includeSets + [("every StorPort-side header", everything)]).enumerated() {
            let source = dir.appendingPathComponent("c99_\(index).c")
            try (headers.map { "#include <\($0)>" }.joined(separator: "\n") + "\nint mpabi_use(void) { return 0; }\n")
                .write(to: source, atomically: true, encoding: .utf8)
            if Self.available("clang") {
                do {
                    try FixtureBuilder.run("clang", ["-x", "c", "-std=c99", "-Werror=typedef-redefinition",
                                                     "-fsyntax-only", "-I", FixtureBuilder.includeDirectory, source.path])
                    checked += 1
                } catch {
                    Issue.record("\(label) as C99 with clang: \(error)")
                }
            }
            let gcc = try FixtureBuilder.run("sh", ["-c", "gcc -x c -std=gnu99 -Wpedantic -fsyntax-only -I '\(FixtureBuilder.includeDirectory)' "
                                                          + "'\(source.path)' 2>&1 | grep 'redefinition of typedef' || true"])
            #expect(gcc.isEmpty, "\(label) as C99 with gcc: \(gcc)")
            checked += 1
        }
        #expect(checked > Self.includeSets.count)
    }

    @Test("srb.h then storport.h is refused; srb.h after storport.h is a no-op, as in the WDK")
    func familiesExcludeEachOther() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func compile(_ headers: [String]) throws {
            let source = dir.appendingPathComponent("mixed.c")
            try headers.map { "#include <\($0)>" }.joined(separator: "\n").appending("\n")
                .write(to: source, atomically: true, encoding: .utf8)
            try FixtureBuilder.run("gcc", ["-fsyntax-only", "-I", FixtureBuilder.includeDirectory, source.path])
        }
        #expect(throws: FixtureBuilder.BuildError.self) { try compile(["miniport.h", "srb.h", "storport.h"]) }
        try compile(["storport.h", "srb.h"])
    }
}
