import Foundation
import Testing
@testable import MiniportKit

/// Whatever miniport code does to its process, `run`, `verify`, `raw` and `inspect` survive it,
/// keep their output to themselves and say what happened (docs/isolation.md). Fixture:
/// Fixtures/escape.c, the example miniport with one escape attempt around it.
@Suite("Supervised child: a miniport cannot fool or take down the tool")
struct IsolationTests {
    /// Fixtures/escape.c built with `ESCAPE_<variant>`.
    static func build(_ variant: String, in dir: URL) throws -> String {
        try FixtureBuilder.buildSharedObject(["escape.c"], name: "escape_\(variant.lowercased()).so",
                                             extraFlags: ["-DESCAPE_" + variant], in: dir)
    }

    /// `arguments` with `--json`: the status and the one JSON document on standard output.
    static func json(_ arguments: [String]) throws -> (status: Int32, document: [String: Any], error: String) {
        let result = try miniport(arguments + ["--json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        let document = try #require(object as? [String: Any], "stdout is one JSON object: \(result.output)")
        return (result.status, document, result.error)
    }

    static func violations(_ document: [String: Any]) -> [[String: Any]] {
        document["violations"] as? [[String: Any]] ?? []
    }

    @Test("exit(0) in DriverEntry is miniport.exited in DriverEntry, not a silent success")
    func exitInDriverEntry() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let so = try Self.build("EXIT", in: dir)
        let result = try Self.json(["run", "--miniport", so, "--no-dump"])
        #expect(result.status == 1)
        let violation = try #require(Self.violations(result.document).first)
        #expect(violation["rule"] as? String == "miniport.exited")
        #expect(violation["routine"] as? String == "DriverEntry")
        let text = try miniport(["run", "--miniport", so, "--no-dump"])
        #expect(text.status == 1 && text.output.contains("miniport.exited") && text.output.contains("result    FAILED"))
    }

    @Test("_exit(0) and SIGKILL in HwStartIo name HwStartIo, from the shared page")
    func endsInStartIo() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (variant, rule) in [("UNDERSCORE_EXIT", "miniport.exited"), ("SIGKILL", "miniport.crashed")] {
            let so = try Self.build(variant, in: dir)
            let result = try Self.json(["run", "--miniport", so, "--no-dump"])
            #expect(result.status == 1, "\(variant)")
            let violation = try #require(Self.violations(result.document).first, "\(variant)")
            #expect(violation["rule"] as? String == rule, "\(variant)")
            #expect(violation["routine"] as? String == "HwStartIo", "\(variant)")
            if variant == "SIGKILL" { #expect((violation["detail"] as? String)?.contains("SIGKILL") == true) }
        }
    }

    @Test("A miniport that ignores SIGALRM and spins is stopped and named")
    func ignoredAlarm() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let so = try Self.build("IGNORE_ALARM", in: dir)
        let result = try Self.json(["run", "--miniport", so, "--no-dump", "--time-limit", "1"])
        #expect(result.status == 1)
        let violation = try #require(Self.violations(result.document).first)
        #expect(violation["rule"] as? String == "routine.too-long")
        #expect(violation["routine"] as? String == "HwStartIo")
    }

    @Test("What the miniport prints is miniportOutput, never mixed into the tool's standard output")
    func printedOutput() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let so = try Self.build("PRINT", in: dir)
        let result = try Self.json(["run", "--miniport", so, "--no-dump"])
        #expect(result.status == 0, "\(result.error)")
        let output = try #require(result.document["miniportOutput"] as? String)
        #expect(output.contains("hello from DriverEntry on stdout") && output.contains("and on stderr"))
        #expect((result.document["io"] as? [String: Any])?["mismatches"] as? Int == 0)
        let text = try miniport(["run", "--miniport", so, "--no-dump"])
        #expect(text.status == 0 && !text.output.contains("hello") && text.error.contains("| hello from DriverEntry"))
        #expect(text.output.hasPrefix("miniport  escape_print"))
    }

    @Test("Closing standard output (and 0, 2) does not lose the report")
    func closedDescriptors() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let so = try Self.build("CLOSE_STDOUT", in: dir)
        let result = try Self.json(["run", "--miniport", so, "--no-dump"])
        #expect(result.status == 0, "\(result.error)")
        #expect((result.document["io"] as? [String: Any])?["writes"] as? Int ?? 0 > 0)
    }

    @Test("fork, kill of the parent, exec and an IPv4 socket are refused by the sandbox")
    func sandboxRefusals() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (variant, call) in [("FORK", "fork"), ("KILL_PARENT", "kill"), ("EXEC", "execve"), ("SOCKET", "socket")] {
            let so = try Self.build(variant, in: dir)
            let result = try Self.json(["run", "--miniport", so, "--no-dump"])
            // The tool is alive to print its report, and the run itself passed.
            #expect(result.status == 0, "\(variant): \(result.error)")
            let output = result.document["miniportOutput"] as? String ?? ""
            #expect(output.contains("\(call)=-1 errno=Operation not permitted"), "\(variant): \(output)")
        }
    }

    @Test("A scan that finds no disk fails the run: nothing verified is no pass")
    func nothingVerified() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let so = try Self.build("NO_DEVICES", in: dir)
        let result = try Self.json(["run", "--miniport", so, "--no-dump"])
        #expect(result.status == 1)
        let errors = result.document["errors"] as? [String] ?? []
        #expect(errors.contains { $0.contains("found no disk") && $0.contains("nothing was verified") }, "\(errors)")
    }

    @Test("verify, raw and inspect run the miniport in the supervised child too")
    func otherCommands() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let kill = try Self.build("SIGKILL", in: dir)
        let verify = try Self.json(["verify", kill, "--scenario", "normal"])
        #expect(verify.status == 1)
        #expect(Self.violations(verify.document).contains {
            $0["rule"] as? String == "miniport.crashed" && $0["routine"] as? String == "HwStartIo"
        })
        let raw = try Self.json(["raw", "--miniport", kill, "--cdb", "28000000000000000100", "--in", "512"])
        #expect(raw.status == 1)
        #expect(Self.violations(raw.document).first?["rule"] as? String == "miniport.crashed")
        let exit = try Self.build("EXIT", in: dir)
        let inspect = try Self.json(["inspect", exit])
        #expect(inspect.status == 1 && Self.violations(inspect.document).first?["rule"] as? String == "miniport.exited")
        let dataEntry = try FixtureBuilder.buildSharedObject(["data_entry.c"], name: "data_entry.so", in: dir)
        let crashed = try Self.json(["inspect", dataEntry])
        #expect(crashed.status == 1)
        let violation = try #require(Self.violations(crashed.document).first)
        #expect(violation["rule"] as? String == "miniport.crashed" && violation["routine"] as? String == "DriverEntry")
        let printed = try Self.json(["inspect", try Self.build("PRINT", in: dir)])
        #expect(printed.status == 0 && (printed.document["miniportOutput"] as? String)?.contains("hello") == true)
    }

    @Test("A bare file name is the file in the working directory, never a library on the search path")
    func bareNames() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let so = try Self.build("PRINT", in: dir)
        try FileManager.default.copyItem(atPath: so, toPath: dir.appendingPathComponent("libz.so.1").path)
        for name in ["escape_print.so", "libz.so.1"] {
            let result = try miniport(["run", "--miniport", name, "--no-dump", "--json"], in: dir)
            #expect(result.status == 0, "\(name): \(result.error) \(result.output)")
            #expect(result.output.contains("hello from DriverEntry"), "\(name) loaded the file in the directory")
        }
    }

    @Test("Nothing the child started outlives it: its process group is killed when it ends")
    func processGroupKilled() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pidFile = dir.appendingPathComponent("pid").path
        // A plain shell (no sandbox) leaves a sleeping process behind and exits.
        let outcome = try IsolatedProcess(executable: "/bin/sh",
                                          arguments: ["-c", "sleep 60 & echo $! > \(pidFile); echo printed; exit 3"],
                                          timeLimit: 30).run()
        #expect(outcome.termination == .exited(3))
        #expect(String(decoding: outcome.output, as: UTF8.self) == "printed\n")
        let violation = try #require(IsolatedProcess.violation(for: outcome, scenario: "test", timeLimit: 30))
        #expect(violation.rule == "miniport.exited" && violation.detail.contains("status 3"))
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        // Gone, or a zombie waiting for its new parent to reap it: not running either way.
        var state = "gone"
        for _ in 0..<200 {
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { state = "gone"; break }
            state = String(stat[stat.index(close, offsetBy: 2)])
            if state == "Z" { break }
            usleep(10_000)
        }
        #expect(state == "gone" || state == "Z", "the background sleep is \(state)")
    }

    @Test("A child's progress lines arrive through the channel; its result is decoded, its output kept apart")
    func channel() throws {
        var process = IsolatedProcess(executable: "/bin/sh",
                                      arguments: ["-c", "printf 'P one\\nP two\\nR [1,2]\\n' >&3; echo to-stdout"],
                                      timeLimit: 30)
        nonisolated(unsafe) var collected: [String] = []
        process.progress = { collected.append($0) }
        let outcome = try process.run()
        #expect(collected == ["one", "two"])
        #expect(outcome.result.map { String(decoding: $0, as: UTF8.self) } == "[1,2]")
        #expect(String(decoding: outcome.output, as: UTF8.self) == "to-stdout\n")
        #expect(IsolatedProcess.violation(for: outcome, scenario: "test", timeLimit: 30) == nil)
    }
}
