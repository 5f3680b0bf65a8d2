import ArgumentParser
import Foundation
import MiniportKit

/// `miniport verify`: the verifier's scenarios, each in a supervised child process.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Run a miniport through the verifier's scenarios: normal I/O with faults, crash dump, hibernation.",
        discussion: """
            normal: bring-up, a verified read/write pass, then the same I/O under injected faults (BUSY, \
            unit attention, medium error, lost interrupt, command timeout, controller fatal error). crash: the \
            pass, then a crash with WRITEs in flight; the dump copy (dump_<name>.so) writes a memory image over \
            a dump area and a rebooted driver validates it. hiber: the pass, then hibernation through \
            hiber_<name>.so and a resume on a fresh machine that reads the image back and compares it. \
            Each scenario runs in a child process: a miniport that crashes is reported as miniport.crashed, \
            one that does not return within --time-limit as routine.too-long. Exit status 0 only when no \
            scenario broke a rule or failed; 64 for bad input.
            """
    )

    enum ScenarioOption: String, ExpressibleByArgument, CaseIterable {
        case normal, crash, hiber, all
    }

    @Argument(help: "Miniport .so or .c file.")
    var path: String

    @Option(name: .long, help: "normal, crash, hiber or all.")
    var scenario: ScenarioOption = .all

    @OptionGroup var machine: MachineOptions

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var isolation: IsolationOptions

    @OptionGroup var tracing: TraceOptions

    /// The scenarios' outcome, as --json prints it.
    struct Output: Codable {
        struct Entry: Codable {
            var name: String
            var passed: Bool
            var errors: [String]
            var dump: MiniportRunner.Report.DumpInfo?
        }
        var miniport: String
        var violations: [Violation]
        var scenarios: [Entry]
        var passed: Bool { scenarios.allSatisfy(\.passed) }
    }

    func validate() throws {
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path): no such file") }
    }

    func run() throws {
        var runner = try machine.runner(miniport: path)
        let scenarios = scenario == .all ? MiniportRunner.Scenario.allCases : [MiniportRunner.Scenario(rawValue: scenario.rawValue)!]
        if isolation.isolatedChild {
            // One scenario, in the child a supervisor started: its report on standard output.
            isolation.installReporterIfChild()
            runner.trace = tracing.recorder()
            defer { if let trace = runner.trace { tracing.write(trace.jsonData()) } }
            let report = runner.run(scenarios[0])
            print(String(decoding: try JSONEncoder().encode(report), as: UTF8.self))
            return
        }
        if !json { runner.progress = { line in FileHandle.standardError.write(Data(("… " + line + "\n").utf8)) } }

        // A .c file is built once, named after the source, for every scenario to use.
        var image = path
        var buildDirectory: URL?
        defer { if let buildDirectory { try? FileManager.default.removeItem(at: buildDirectory) } }
        if path.hasSuffix(".c") {
            let root = try SDKLocator.root(explicit: machine.sdkRoot)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-verify-\(UUID().uuidString)")
            buildDirectory = directory
            image = directory.appendingPathComponent(URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent + ".so").path
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try MiniportBuilder.build(sources: [path], output: image, sdkRoot: root)
            } catch {
                fail("\(error)")
            }
            runner.miniportPath = image
        }

        var reports: [MiniportRunner.ScenarioReport] = []
        // Each scenario's trace is recorded apart (in its own process) and merged at the end.
        var traces: [(label: String, json: Data)] = []
        let traceDirectory = buildDirectory ?? FileManager.default.temporaryDirectory
        for scenario in scenarios {
            runner.progress?("scenario \(scenario.rawValue)")
            if isolation.inProcess {
                runner.trace = tracing.recorder()
                reports.append(runner.run(scenario))
                if let trace = runner.trace { traces.append((scenario.rawValue, trace.jsonData())) }
            } else {
                let part = tracing.trace.map { _ in
                    traceDirectory.appendingPathComponent("trace-\(scenario.rawValue)-\(UUID().uuidString).json").path
                }
                reports.append(try isolated(scenario, image: image, trace: part))
                if let part, let data = FileManager.default.contents(atPath: part) {
                    traces.append((scenario.rawValue, data))
                    try? FileManager.default.removeItem(atPath: part)
                }
            }
        }
        if tracing.trace != nil { tracing.write(TraceRecorder.merge(traces)) }
        let output = Output(miniport: path, violations: reports.flatMap(\.violations),
                            scenarios: reports.map { .init(name: $0.name, passed: $0.passed, errors: $0.errors, dump: $0.dump) })
        if json {
            print(try prettyJSON(output))
        } else {
            print(Self.text(output, reports: reports), terminator: "")
        }
        if !output.passed { throw ExitCode.failure }
    }

    /// Runs one scenario in a child process; a crash or a timeout becomes its violation.
    private func isolated(_ scenario: MiniportRunner.Scenario, image: String,
                          trace: String?) throws -> MiniportRunner.ScenarioReport {
        let outcome: IsolatedProcess.Outcome
        do {
            outcome = try isolation.runChild(["verify", image, "--scenario", scenario.rawValue] + machine.arguments
                                             + (trace.map { ["--trace", $0] } ?? []))
        } catch {
            fail("\(error)")
        }
        if let violation = IsolatedProcess.violation(for: outcome, scenario: scenario.rawValue, timeLimit: isolation.timeLimit) {
            return MiniportRunner.ScenarioReport(name: scenario.rawValue, violations: [violation], errors: [])
        }
        if let report = try? JSONDecoder().decode(MiniportRunner.ScenarioReport.self, from: outcome.output) { return report }
        var status: Int32 = -1
        if case .exited(let code) = outcome.termination { status = code }
        return MiniportRunner.ScenarioReport(name: scenario.rawValue, violations: [],
                                             errors: ["the scenario's process exited with status \(status) without a report"])
    }

    private func fail(_ message: String) -> Never {
        if json {
            print(#"{"error": \#(jsonString(message))}"#)
        } else {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        }
        Self.exit(withError: ExitCode.failure)
    }

    static func text(_ output: Output, reports: [MiniportRunner.ScenarioReport]) -> String {
        var out = "miniport  \(output.miniport)\n"
        for report in reports {
            var line = "scenario  \(report.name.padding(toLength: 7, withPad: " ", startingAt: 0)) "
                + (report.passed ? "passed" : "FAILED")
            if let dump = report.dump {
                line += "  \(dump.image) wrote \(RunCommand.megabytes(dump.bytes)) over \(dump.runs.count) runs"
                    + (dump.inFlight.map { ", \($0) commands in flight" } ?? "")
                    + (dump.verified ? ", verified" : ", NOT verified")
            }
            out += line + "\n"
            for violation in report.violations { out += "  violation \(violation)\n" }
            for error in report.errors { out += "  error     \(error)\n" }
        }
        let count = output.violations.count
        out += output.passed ? "result    OK\n" : "result    FAILED (\(count) violation\(count == 1 ? "" : "s"))\n"
        return out
    }
}
