import ArgumentParser
import Foundation
import MiniportKit

/// `miniport soak`: a long seeded random mix of reads, writes, flushes and deep-queue bursts
/// through the normal path, with injected faults, checking every block read back and every
/// completion (see ``Soak``).
///
/// Runs in a supervised child like `run` (docs/isolation.md). Exit status: 0 every check passed;
/// 1 a check failed (or the miniport could not be brought up, crashed or ran out of time); 64
/// bad input; 70 an internal error. With `--json`, exactly one JSON document is printed on
/// standard output in every outcome (the error document of the README when there is no report).
struct SoakCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "soak",
        abstract: "Run a long random I/O mix with injected faults and check every block and completion.",
        discussion: """
            Reads, writes (each block stamped with seed, LBA and a generation number), flushes (SYNCHRONIZE CACHE) \
            and bursts of up to 16 queued requests go through the disk class, the port, the miniport and the \
            emulated HBA. With --faults, medium errors, lost interrupts, command timeouts, bus resets, BUSY and \
            delayed completions are injected. A block that reads back older than its last acknowledged write is \
            a lost write; one holding anything never written there is a mismatch; a write that failed may or may \
            not have landed (both are accepted). Every request must be completed exactly once. The same --seed \
            gives the same mix.
            """
    )

    // Options are read as text and checked here, so a bad value is reported in words (and in
    // JSON with --json) with exit status 64; `.unconditional` takes `--ops -5` as a value.
    @Option(name: .long, parsing: .unconditional, help: "Operations to run (1 to 1000000000).")
    var ops: String = "100000"

    @Option(name: .long, parsing: .unconditional, help: "Seed of the random mix (0 to 2^64-1).")
    var seed: String = "1"

    @Flag(name: .long, help: "Inject faults: medium errors, lost interrupts, timeouts, bus resets, BUSY, delays.")
    var faults = false

    @Option(name: .long, help: "The miniport: a .so or .sys, or a .c built on the fly (default: the example for --hba, Examples/PhbaMiniport/phba.c for phba).")
    var miniport: String?

    @Option(name: .customLong("lose-writes"), parsing: .unconditional,
            help: "Self-test: the disk silently drops this many writes; the soak must report them (exit 1).")
    var loseWrites: String = "0"

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ and Examples/ are (default: found from here).")
    var sdkRoot: String?

    @Option(name: .long, help: ArgumentHelp("The storage controller the disk is behind (as for run).", valueName: "kind"))
    var hba: String = AdapterKind.phba.rawValue

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false

    @OptionGroup var isolation: IsolationOptions

    @OptionGroup var build: BuildTargetOptions

    /// A soak is long: without `--time-limit` its child may take an hour.
    static let defaultTimeLimit: Double = 3600

    func run() throws {
        do {
            var configuration: Soak.Configuration
            do {
                configuration = try parse()
            } catch {
                throw CommandFailure(status: .badInput, message: "\(error)")
            }
            if isolation.isolatedChild {
                configuration.prebuiltImage = isolation.prebuiltImage
                if !json { configuration.progress = { IsolatedChild.sendProgress($0) } }
                isolation.serveChild {
                    let report = try Soak(configuration).run()
                    return Answer(value: report, status: report.passed ? .ok : .checkFailed)
                }
            }
            let miniport = try PreparedMiniport.prepare(self.miniport, sdkRoot: sdkRoot, target: build.target,
                                                        example: configuration.adapter)
            defer { miniport.remove() }
            if let warnings = miniport.compilerOutput, !json { FileHandle.standardError.write(Data(warnings.utf8)) }
            let progress: (@Sendable (String) -> Void)? = json ? nil : Self.printProgress
            var outcome: Soak.Report
            if isolation.inProcess {
                configuration.miniportPath = miniport.source
                configuration.prebuiltImage = miniport.image
                configuration.progress = progress
                do {
                    outcome = try Soak(configuration).run()
                } catch {
                    throw CommandFailure(status: .checkFailed, message: "\(error)")
                }
            } else {
                let arguments = ["soak", "--ops", ops, "--seed", seed, "--lose-writes", loseWrites, "--hba", hba,
                                 "--miniport", miniport.source, "--prebuilt-image", miniport.image]
                    + (faults ? ["--faults"] : []) + (json ? ["--json"] : [])
                    + (sdkRoot.map { ["--sdk-root", $0] } ?? [])
                let supervised = try isolation.supervise(arguments, what: "soak", as: Soak.Report.self,
                                                         defaultTimeLimit: Self.defaultTimeLimit, progress: progress)
                outcome = try supervised.value()
                outcome.miniportOutput = supervised.miniportOutput
            }
            if json {
                print(try prettyJSON(outcome))
            } else {
                if let output = outcome.miniportOutput {
                    FileHandle.standardError.write(Data(miniportOutputBlock(output).utf8))
                }
                print(Self.text(outcome), terminator: "")
            }
            if !outcome.passed { throw ExitStatus.checkFailed.code }
        } catch let failure as CommandFailure {
            report(failure, json: json)
        }
    }

    @Sendable static func printProgress(_ line: String) {
        FileHandle.standardError.write(Data("… \(line)\n".utf8))
    }

    /// The options, checked: a range message for each bad one.
    private func parse() throws -> Soak.Configuration {
        let maximum = Soak.Configuration.maximumOperations
        guard let operations = Int(ops), operations >= 1, operations <= maximum else {
            throw ValidationError("--ops must be a whole number from 1 to \(maximum), not '\(ops)'")
        }
        guard let seedValue = UInt64(seed) else {
            throw ValidationError("--seed must be a whole number from 0 to \(UInt64.max), not '\(seed)'")
        }
        guard let lost = Int(loseWrites), lost >= 0, lost <= operations else {
            throw ValidationError("--lose-writes must be a whole number from 0 to --ops (\(operations)), not '\(loseWrites)'")
        }
        if let miniport, miniport.isEmpty { throw ValidationError("--miniport must name a file") }
        var configuration = Soak.Configuration(operations: operations, seed: seedValue, faults: faults,
                                               miniportPath: miniport, sdkRoot: sdkRoot, lostWrites: lost)
        configuration.progress = nil
        do {
            configuration.adapter = try AdapterKind.parse(hba)
        } catch {
            throw ValidationError("\(error)")
        }
        return configuration
    }

    static func text(_ report: Soak.Report) -> String {
        let faults = report.faultsInjected
        var lines = [
            "miniport     \(report.miniport) (\(report.path))",
            "seed         \(report.seed)",
            "operations   \(report.operations) in \(String(format: "%.2f", report.seconds)) s: "
                + "\(String(format: "%.0f", report.operationsPerSecond)) ops/s",
            "I/O          \(report.reads) reads, \(report.writes) writes, \(report.flushes) flushes, "
                + "\(report.bursts) bursts (\(report.burstRequests) requests), \(report.bytes) bytes",
            "faults       \(faults.total) injected: \(faults.mediumErrors) medium errors, \(faults.lostInterrupts) lost "
                + "interrupts, \(faults.timeouts) timeouts, \(faults.busResets) bus resets, \(faults.busy) BUSY, "
                + "\(faults.delays) delays, \(faults.droppedWrites) dropped writes"
                + (report.faultsSkipped.map { " (skipped: \($0))" } ?? ""),
            "recovery     \(report.errors) errors, \(report.retries) retries, \(report.portTimeouts) port timeouts",
            "data         \(report.mismatches) mismatches, \(report.lostWrites) lost writes "
                + "(final read-back of \(report.finalCheckBlocks) blocks)",
            "completions  \(report.requests) requests, \(report.completions) completed, "
                + "\(report.doubleCompletions) double, \(report.missingCompletions) missing",
        ]
        for violation in report.violations { lines.append("violation    \(violation)") }
        if report.violationCount > report.violations.count {
            lines.append("violation    … \(report.violationCount - report.violations.count) more")
        }
        for problem in report.problems { lines.append("problem      \(problem)") }
        lines.append("result       \(report.passed ? "PASSED" : "FAILED")")
        return lines.joined(separator: "\n") + "\n"
    }
}
