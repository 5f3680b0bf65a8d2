import Foundation
import Testing
@testable import MiniportKit

/// One output contract for every command: with `--json`, exactly one JSON document on standard
/// output in every outcome (usage errors included); one exit-status table (0 ok, 1 a check
/// failed, 2 the device returned an error, 64 bad input, 70 internal error).
@Suite("Output contract: one JSON document, one exit-status table")
struct OutputContractTests {
    /// The one JSON object `arguments` (with `--json`) printed, with the exit status.
    static func document(_ arguments: [String]) throws -> (status: Int32, object: [String: Any]) {
        let result = try miniport(arguments + ["--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        return (result.status, try #require(object as? [String: Any], "one JSON object: \(result.output)"))
    }

    @Test("Bad input is status 64 and one JSON error document, whatever the command")
    func badInput() throws {
        let cases: [(arguments: [String], mentions: String)] = [
            (["run", "--disk", "ram:lots"], "ram:lots"),
            (["run", "--time-limit", "-1"], "--time-limit -1"),
            (["run", "--memory-limit", "-5"], "--memory-limit -5"),
            (["run", "--miniport", "/nonexistent/driver.so"], "/nonexistent/driver.so"),
            (["verify", "/nonexistent/driver.so"], "/nonexistent/driver.so"),
            (["verify", "Examples/PhbaMiniport/phba.c", "--scenario", "sideways"], "sideways"),
            (["raw", "--cdb", "zz"], "cdb zz"),
            (["raw", "--cdb", "000000000000", "--target", "-1"], "--target -1"),
            (["raw", "--cdb", "000000000000", "--lun", "300"], "--lun 300"),
            (["raw", "--cdb", "000000000000", "--miniport", "/nonexistent/driver.so"], "/nonexistent/driver.so"),
            (["inspect", "/nonexistent/driver.so"], "/nonexistent/driver.so"),
            (["inspect", "Examples"], "not a regular file"),
            (["build", "/nonexistent/missing.c", "-o", "/tmp/never.so"], "/nonexistent/missing.c"),
            (["bench", "--seconds", "-5"], "--seconds -5"),
            (["abi", "--record", "NO_SUCH_STRUCT"], "NO_SUCH_STRUCT"),
            (["run", "--trace", "/nonexistent/directory/trace.json"], "No such file or directory"),
        ]
        for (arguments, mentions) in cases {
            let (status, object) = try Self.document(arguments)
            #expect(status == 64, "\(arguments)")
            let error = object["error"] as? String ?? ""
            #expect(error.contains(mentions), "\(arguments): \(error)")
            #expect(object["status"] as? Int == 64, "\(arguments)")
            #expect(!error.contains("Domain=") && !error.contains("errno"), "in words: \(error)")
        }
    }

    @Test("In text mode, a negative number is a range error, not a missing value")
    func negativeNumbers() throws {
        for arguments in [["run", "--time-limit", "-1"], ["raw", "--cdb", "000000000000", "--target", "-1"],
                          ["bench", "--seconds", "-5"]] {
            let result = try miniport(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(!result.error.contains("Missing value") && result.error.contains("expected"), "\(result.error)")
        }
    }

    @Test("abi --json is one Codable document")
    func abi() throws {
        let (status, object) = try Self.document(["abi", "--record", "SCSI_REQUEST_BLOCK"])
        #expect(status == 0 && object["abi"] as? String == "windows-x64")
        #expect((object["families"] as? [[String: Any]])?.isEmpty == false)
    }

    @Test("build shows the compiler's warnings, --werror fails on them, --verbose prints the command, no file is left behind")
    func buildWarnings() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("warns.c")
        let skeleton = FixtureBuilder.root.appendingPathComponent("Examples/SkeletonScsiPort/skeleton.c").path
        try Data("#include \"\(skeleton)\"\nstatic int NeverCalled(void) { return 1; }\n".utf8).write(to: source)
        let output = dir.appendingPathComponent("warns.so").path

        let built = try miniport(["build", source.path, "-o", output, "--verbose"])
        #expect(built.status == 0, "\(built.error)")
        #expect(built.error.contains("warning:") && built.error.contains("NeverCalled"), "\(built.error)")
        #expect(built.error.contains(" -shared -fPIC") && built.error.contains("-o \(output)"), "the exact command: \(built.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["warns.c", "warns.so"])

        let (jsonStatus, document) = try Self.document(["build", source.path, "-o", output])
        #expect(jsonStatus == 0 && (document["compilerOutput"] as? String)?.contains("NeverCalled") == true)

        try FileManager.default.removeItem(atPath: output)
        let strict = try miniport(["build", source.path, "-o", output, "--werror"])
        #expect(strict.status == 1 && strict.error.contains("NeverCalled"), "\(strict.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["warns.c"], "no output, no temporary file")

        let (failedStatus, failed) = try Self.document(["build", source.path, "-o", output, "--werror"])
        #expect(failedStatus == 1 && (failed["compilerOutput"] as? String)?.contains("NeverCalled") == true)
        #expect(failed["status"] as? Int == 1 && failed["error"] is String)
    }

    @Test("The builder takes $CC and $CFLAGS: the flags reach the compiler, a missing compiler is a failure naming it")
    func builderEnvironment() throws {
        #expect(MiniportBuilder.compiler(environment: [:]).command == ["cc"])
        #expect(MiniportBuilder.compiler(environment: ["CC": " "]).command == ["cc"])
        let parsed = MiniportBuilder.compiler(environment: ["CC": "ccache  gcc", "CFLAGS": "-O0\t-g "])
        #expect(parsed.command == ["ccache", "gcc"] && parsed.flags == ["-O0", "-g"])

        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("flagged.c")
        let skeleton = FixtureBuilder.root.appendingPathComponent("Examples/SkeletonScsiPort/skeleton.c").path
        try Data("#ifdef MUST_FAIL\n#error CFLAGS reached the compiler\n#endif\n#include \"\(skeleton)\"\n".utf8)
            .write(to: source)
        let output = dir.appendingPathComponent("flagged.so").path
        func failure(_ environment: [String: String]) -> String? {
            do {
                try MiniportBuilder.build(sources: [source.path], output: output, sdkRoot: FixtureBuilder.root,
                                          environment: environment)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(failure(["CFLAGS": "-DMUST_FAIL"])?.contains("CFLAGS reached the compiler") == true)
        #expect(failure(["CC": "no-such-compiler-for-miniports"])?.contains("no-such-compiler-for-miniports") == true)
        #expect(!FileManager.default.fileExists(atPath: output), "a failed build leaves no output")
        #expect(failure(["CFLAGS": "-DNOT_FAILING"]) == nil)
        #expect(FileManager.default.fileExists(atPath: output))
    }

    @Test("run on a .c shows the compiler's warnings (stderr in text, compilerOutput in JSON)")
    func runShowsWarnings() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("phba_warns.c")
        let phba = FixtureBuilder.root.appendingPathComponent("Examples/PhbaMiniport/phba.c").path
        try Data("#include \"\(phba)\"\nstatic int NeverCalled(void) { return 1; }\n".utf8).write(to: source)
        let (status, document) = try Self.document(["run", "--miniport", source.path, "--no-dump"])
        #expect(status == 0)
        #expect((document["compilerOutput"] as? String)?.contains("NeverCalled") == true)
        let text = try miniport(["run", "--miniport", source.path, "--no-dump"])
        #expect(text.status == 0 && text.error.contains("warning:") && text.output.contains("result    OK"))
    }
}
