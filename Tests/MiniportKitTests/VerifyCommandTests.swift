import Foundation
import Testing
@testable import MiniportKit

/// `miniport verify` and the crash isolation of `run` and `verify`, through the built executable.
@Suite("miniport verify: scenarios in child processes, crashes and hangs reported")
struct VerifyCommandTests {
    struct Output: Decodable {
        struct Entry: Decodable {
            var name: String
            var passed: Bool
        }
        var violations: [Violation]
        var scenarios: [Entry]
    }

    static func verify(_ arguments: [String]) throws -> (status: Int32, output: Output?, text: String, error: String) {
        let result = try miniport(["verify"] + arguments)
        return (result.status, try? JSONDecoder().decode(Output.self, from: Data(result.output.utf8)), result.output, result.error)
    }

    @Test("The example C miniport passes all three scenarios: JSON as documented, exit 0")
    func examplePasses() throws {
        let result = try Self.verify(["Examples/PhbaMiniport/phba.c", "--json", "--disk", "ram:32M"])
        #expect(result.status == 0, "\(result.error)")
        let output = try #require(result.output, "\(result.text)")
        #expect(output.violations.isEmpty)
        #expect(output.scenarios.map(\.name) == ["normal", "crash", "hiber"] && output.scenarios.allSatisfy(\.passed))
        let text = try Self.verify(["Examples/PhbaMiniport/phba.c", "--scenario", "hiber"])
        #expect(text.status == 0 && text.text.contains("hiber_phba.so wrote 4.0 MiB") && text.text.contains("result    OK"))
    }

    @Test("A SIGSEGV or abort in HwStartIo: miniport.crashed with the signal and routine; the tool exits 1",
          arguments: [("WRAP_SEGV", "SIGSEGV"), ("WRAP_ABORT", "SIGABRT")])
    func crashes(define: String, signal: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try VerifierRuleTests.buildWrapped([define], in: dir)
        let result = try Self.verify([path, "--json"])
        #expect(result.status == 1, "\(result.error)")
        let output = try #require(result.output, "\(result.text)")
        #expect(output.violations.count == 3, "every scenario's first READ crashes it")
        #expect(output.scenarios.allSatisfy { !$0.passed })
        let violation = try #require(output.violations.first)
        #expect(violation.rule == "miniport.crashed" && violation.routine == "HwStartIo" && violation.mode == "normal")
        #expect(violation.detail.contains(signal), "\(violation.detail)")
    }

    @Test("A crash only in the dump copy names the crash mode; the other scenarios pass")
    func crashInDumpCopy() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try VerifierRuleTests.buildWrapped(["WRAP_SEGV", "WRAP_ONLY_IN_DUMP"], in: dir)
        let result = try Self.verify([path, "--json", "--scenario", "all"])
        #expect(result.status == 1)
        let output = try #require(result.output, "\(result.text)")
        #expect(output.violations.map(\.rule) == ["miniport.crashed", "miniport.crashed"])
        #expect(output.violations.map(\.mode) == ["crash", "hiber"])
        #expect(output.scenarios.map(\.passed) == [true, false, false])
    }

    @Test("An endless loop in HwStartIo: routine.too-long (0x1002) after the time limit, by wall clock")
    func endlessLoop() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try VerifierRuleTests.buildWrapped(["WRAP_SPIN"], in: dir)
        let result = try Self.verify([path, "--json", "--scenario", "normal", "--time-limit", "2"])
        #expect(result.status == 1)
        let violation = try #require(result.output?.violations.first, "\(result.text)")
        #expect(violation.rule == "routine.too-long" && violation.code == "0x1002" && violation.routine == "HwStartIo")
        #expect(violation.detail.contains("did not return within 2 s"), "\(violation.detail)")
    }

    @Test("Verifier violations found inside a child reach the report (reset.outstanding-after-hold)")
    func childViolations() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try HostileMiniportTests.build(.resetKeeps, in: dir)
        let result = try Self.verify([path, "--json", "--scenario", "normal"])
        #expect(result.status == 1)
        let output = try #require(result.output, "\(result.text)")
        #expect(output.violations.contains { $0.rule == "reset.outstanding-after-hold" && $0.code == "0x1007" })
    }

    @Test("run survives a crashing miniport: miniport.crashed in text and JSON, exit 1")
    func runIsolated() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try VerifierRuleTests.buildWrapped(["WRAP_SEGV"], in: dir)
        let text = try miniport(["run", "--miniport", path])
        #expect(text.status == 1 && text.output.contains("violation miniport.crashed") && text.output.contains("SIGSEGV")
            && text.output.contains("result    FAILED"), "\(text.output)")
        let json = try miniport(["run", "--miniport", path, "--json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let violations = try #require(object["violations"] as? [[String: Any]])
        #expect(violations.first?["rule"] as? String == "miniport.crashed" && violations.first?["routine"] as? String == "HwStartIo")
    }

    @Test("Bad input is a usage error (64) with the reason")
    func badInput() throws {
        for arguments in [["/nonexistent/x.so"], ["Examples/PhbaMiniport/phba.c", "--scenario", "sometimes"],
                          ["Examples/PhbaMiniport/phba.c", "--time-limit", "0"],
                          ["Examples/PhbaMiniport/phba.c", "--time-limit", "1e300"],
                          ["Examples/PhbaMiniport/phba.c", "--time-limit", "nan"],
                          ["Examples/PhbaMiniport/phba.c", "--disk", "ram:0"]] {
            let result = try Self.verify(arguments)
            #expect(result.status == 64, "\(arguments): \(result.error)")
            #expect(!result.error.isEmpty)
        }
    }
}
