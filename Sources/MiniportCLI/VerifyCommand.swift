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

    @Argument(help: "Miniport image (.so or .sys, by content) or .c file (default: the example miniport for --hba).")
    var path: String?

    @Option(name: .long, help: "normal, crash, hiber or all.")
    var scenario: ScenarioOption = .all

    @OptionGroup var machine: MachineOptions

    @OptionGroup var build: BuildTargetOptions

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
            /// What the miniport printed during the scenario (its standard output and error).
            var miniportOutput: String?
        }
        var miniport: String
        var violations: [Violation]
        var scenarios: [Entry]
        var compilerOutput: String?
        var passed: Bool { scenarios.allSatisfy(\.passed) }
    }

    func run() throws {
        var runner = try machine.runner(miniport: path)
        let scenarios = scenario == .all ? MiniportRunner.Scenario.allCases : [MiniportRunner.Scenario(rawValue: scenario.rawValue)!]
        if isolation.isolatedChild {
            // One scenario, in the child a supervisor started: its report through the channel.
            runner.prebuiltImage = isolation.prebuiltImage
            runner.progress = { IsolatedChild.sendProgress($0) }
            isolation.serveChild { () throws -> Answer<MiniportRunner.ScenarioReport> in
                runner.trace = tracing.recorder()
                defer { if let trace = runner.trace { tracing.write(trace.jsonData()) } }
                return Answer(value: runner.run(scenarios[0]))
            }
        }
        let progress: ((String) -> Void)? = json ? nil : { line in
            FileHandle.standardError.write(Data(("… " + line + "\n").utf8))
        }
        do {
            // A .c file is built once, for every scenario to use.
            let prepared = try PreparedMiniport.prepare(path, sdkRoot: machine.sdkRoot, tmhDirectory: machine.tmhDir,
                                                        target: build.target, example: machine.adapterKind)
            defer { prepared.remove() }
            if let warnings = prepared.compilerOutput, !json { FileHandle.standardError.write(Data(warnings.utf8)) }
            runner.miniportPath = prepared.source
            runner.prebuiltImage = prepared.image
            runner.progress = progress

            var reports: [MiniportRunner.ScenarioReport] = []
            var outputs: [String?] = []
            // Each scenario's trace is recorded apart (in its own process) and merged at the end.
            var traces: [(label: String, json: Data)] = []
            for scenario in scenarios {
                progress?("scenario \(scenario.rawValue)")
                if isolation.inProcess {
                    runner.trace = tracing.recorder()
                    reports.append(runner.run(scenario))
                    outputs.append(nil)
                    if let trace = runner.trace { traces.append((scenario.rawValue, trace.jsonData())) }
                } else {
                    let part = tracing.trace.map { _ in
                        FileManager.default.temporaryDirectory
                            .appendingPathComponent("miniport-trace-\(scenario.rawValue)-\(UUID().uuidString).json").path
                    }
                    defer { if let part { try? FileManager.default.removeItem(atPath: part) } }
                    let (report, output) = try isolated(scenario, prepared: prepared, trace: part, progress: progress)
                    reports.append(report)
                    outputs.append(output)
                    if let part, let data = FileManager.default.contents(atPath: part) {
                        traces.append((scenario.rawValue, data))
                    }
                }
            }
            if tracing.trace != nil { tracing.write(TraceRecorder.merge(traces)) }
            let output = Output(
                miniport: prepared.source, violations: reports.flatMap(\.violations),
                scenarios: zip(reports, outputs).map {
                    .init(name: $0.name, passed: $0.passed, errors: $0.errors, dump: $0.dump, miniportOutput: $1)
                },
                compilerOutput: prepared.compilerOutput)
            if json {
                print(try prettyJSON(output))
            } else {
                print(Self.text(output, reports: reports), terminator: "")
            }
            if !output.passed { throw ExitStatus.checkFailed.code }
        } catch let failure as CommandFailure {
            report(failure, json: json)
        }
    }

    /// Runs one scenario in a child process; a crash, an exit or a timeout becomes its violation.
    private func isolated(_ scenario: MiniportRunner.Scenario, prepared: PreparedMiniport, trace: String?,
                          progress: ((String) -> Void)?) throws(CommandFailure)
        -> (MiniportRunner.ScenarioReport, String?) {
        let arguments = ["verify", prepared.source, "--prebuilt-image", prepared.image, "--scenario", scenario.rawValue]
            + machine.arguments + (trace.map { ["--trace", $0] } ?? [])
        let supervised = try isolation.supervise(arguments, what: "\(scenario.rawValue) scenario",
                                                 as: MiniportRunner.ScenarioReport.self, progress: progress)
        if let violation = supervised.violation {
            return (MiniportRunner.ScenarioReport(name: scenario.rawValue, violations: [violation], errors: []),
                    supervised.miniportOutput)
        }
        if let failure = supervised.answer?.failure {
            return (MiniportRunner.ScenarioReport(name: scenario.rawValue, violations: failure.violations,
                                                  errors: [failure.message]), supervised.miniportOutput)
        }
        do {
            return (try supervised.value(), supervised.miniportOutput)
        } catch {
            return (MiniportRunner.ScenarioReport(name: scenario.rawValue, violations: error.violations,
                                                  errors: [error.message]), supervised.miniportOutput)
        }
    }

    static func text(_ output: Output, reports: [MiniportRunner.ScenarioReport]) -> String {
        var out = "miniport  \(output.miniport)\n"
        for (report, entry) in zip(reports, output.scenarios) {
            var line = "scenario  \(report.name.padding(toLength: 7, withPad: " ", startingAt: 0)) "
                + (report.passed ? "passed" : "FAILED")
            if let dump = report.dump {
                line += "  \(dump.image) wrote \(RunCommand.megabytes(dump.bytes)) over \(dump.runs.count) runs"
                    + (dump.inFlight.map { ", \($0) commands in flight" } ?? "")
                    + (dump.verified ? ", verified" : ", NOT verified")
            }
            out += line + "\n"
            if let text = entry.miniportOutput { out += miniportOutputBlock(text).split(separator: "\n").map { "  " + $0 + "\n" }.joined() }
            for violation in report.violations { out += "  violation \(violation)\n" }
            for error in report.errors { out += "  error     \(error)\n" }
        }
        let count = output.violations.count
        out += output.passed ? "result    OK\n" : "result    FAILED (\(count) violation\(count == 1 ? "" : "s"))\n"
        return out
    }
}
