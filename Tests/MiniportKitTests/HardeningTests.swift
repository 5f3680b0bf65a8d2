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
