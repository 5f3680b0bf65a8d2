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
        ("StorPort with the kernel routines", ["storport.h", "mpabi_kernel.h"]),
        ("SCSI Port with the kernel routines", ["miniport.h", "srb.h", "mpabi_kernel.h"]),
        ("mpabi_kernel.h alone", ["mpabi_kernel.h", "mpabi_kernel_exports.h"]),
        ("SCSI Port with the protocol headers", ["miniport.h", "srb.h", "scsi.h", "devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h"]),
        ("StorPort with the protocol headers", ["storport.h", "scsi.h", "devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h"]),
        ("protocol headers alone", ["devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h"]),
        ("protocol headers before StorPort", ["devioctl.h", "ntddscsi.h", "ntddstor.h", "ntdddisk.h", "ata.h", "wmistr.h", "scsiwmi.h", "ntstrsafe.h", "evntrace.h", "stortrce.h", "storport.h", "srbhelper.h"]),
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

    @Test("Each include set compiles with -Wall -Wextra -Werror", arguments: 0..<15)
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
