import Foundation
import Testing
@testable import MiniportKit

/// A `.sys` that reaches the hardware as WDK x64 code does (Fixtures/direct_phba.c): registers
/// by dereferencing the mapped base, ports with IN/OUT, the IRQL through CR8 and the time from
/// KUSER_SHARED_DATA. The loader's trap emulates each; what it does not allow is a rule, and a
/// real crash is named by the image offset.
@Suite("Windows images: privileged instructions and device windows through the trap")
struct WindowsTrapRunTests {
    static func build(_ defines: [String], in directory: URL) throws -> String {
        let output = directory.appendingPathComponent("direct\(defines.map { "_" + $0 }.joined()).sys").path
        try MiniportBuilder.build(sources: [FixtureBuilder.fixturesDirectory.appendingPathComponent("direct_phba.c").path],
                                  output: output, sdkRoot: FixtureBuilder.root, defines: defines, target: .windows)
        return output
    }

    @Test("Direct register, port, CR8 and KUSER_SHARED_DATA accesses run the example to a clean pass")
    func emulated() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try Self.build([], in: directory)
        let report = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path).run(.normal)
        #expect(report.passed, "\(report.violations) \(report.errors)")
        // IN from the I/O BAR's port number reads the HBA's MAGIC ("PHBA"); HwInitialize runs at
        // DIRQL (5) as SCSI Port has it, read through CR8; the KUSER_SHARED_DATA time is set.
        #expect(report.log.contains { $0.contains("direct: MAGIC through IN is 0x41424850") }, "\(report.log)")
        #expect(report.log.contains { $0.contains("direct: HwInitialize at IRQL 5; system time set") })
    }

    @Test("A KUSER_SHARED_DATA time read in a dump copy is dump.time-query, once per query")
    func timeInDump() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try Self.build([], in: directory)
        var runner = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path)
        runner.dumpMemoryBytes = 1 << 20
        let report = runner.run(.crash)
        let rules = report.violations.map(\.rule)
        #expect(rules == ["dump.time-query"], "\(report.violations)")
        #expect(report.violations.first?.detail.contains("KeQuerySystemTime") == true)
    }

    @Test("cli in a miniport routine is miniport.privileged-instruction naming the instruction, image offset and routine")
    func privileged() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try Self.build(["DIRECT_CLI"], in: directory)
        let report = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path).run(.normal)
        let violation = try #require(report.violations.first { $0.rule == "miniport.privileged-instruction" },
                                     "\(report.violations)")
        #expect(violation.routine == "HwInitialize")
        #expect(violation.detail.contains("`cli`") && violation.detail.contains("direct_DIRECT_CLI.sys+0x"),
                "\(violation.detail)")
        #expect(report.errors.isEmpty, "the instruction is skipped and the run goes on: \(report.errors)")
    }

    @Test("A fault in a .sys under `verify` is miniport.crashed at image+offset with the instruction")
    func crashNamed() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try Self.build(["DIRECT_SEGV"], in: directory)
        let result = try miniport(["verify", image, "--scenario", "normal"])
        #expect(result.status == 1, "\(result.error)")
        #expect(result.output.contains("miniport.crashed in HwStartIo"), "\(result.output)")
        #expect(result.output.contains("SIGSEGV (signal 11) in HwStartIo at direct_DIRECT_SEGV.sys+0x"), "\(result.output)")
        #expect(result.output.contains("mov dword [rax], 0x5e6f"), "\(result.output)")
    }
}
