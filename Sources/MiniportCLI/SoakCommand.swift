import ArgumentParser
import Foundation
import MiniportKit

/// `miniport soak`: a long seeded random mix of reads, writes, flushes and deep-queue bursts
/// through the normal path, with injected faults, checking every block read back and every
/// completion (see ``Soak``).
///
/// Exit status: 0 every check passed; 1 a check failed (or the miniport could not be brought
/// up, crashed or ran out of time); 64 bad input; 70 an internal error. With `--json`, exactly
/// one JSON document is printed on standard output in every outcome (`{"error": "..."}` when
/// there is no report).
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

    @Option(name: .long, help: "The miniport: a .so, or a .c built on the fly (default: Examples/PhbaMiniport/phba.c).")
    var miniport: String?

    @Option(name: .customLong("lose-writes"), parsing: .unconditional,
            help: "Self-test: the disk silently drops this many writes; the soak must report them (exit 1).")
    var loseWrites: String = "0"

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ and Examples/ are (default: found from here).")
    var sdkRoot: String?

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false

    @Flag(name: .customLong("in-process"), help: "Run the miniport in this process (no crash isolation: for a debugger).")
    var inProcess = false

    @Option(name: .customLong("time-limit"), parsing: .unconditional,
            help: "Wall-clock seconds the child process running the soak may take.")
    var timeLimit: String = "3600"

    @Flag(name: .customLong("isolated-child"), help: .hidden)
    var isolatedChild = false

    enum Status {
        static let ok: Int32 = 0
        static let checkFailed: Int32 = 1
        static let badInput: Int32 = 64
        static let internalError: Int32 = 70
    }

    func run() throws {
        let configuration: Soak.Configuration
        let limit: Double
        do {
            (configuration, limit) = try parse()
        } catch {
            try fail("\(error)", status: Status.badInput)
        }
        if !inProcess && !isolatedChild { return try supervise(timeLimit: limit) }
        if isolatedChild, let path = ProcessInfo.processInfo.environment[IsolatedProcess.reportVariable] {
            try? CrashReporter.install(reportPath: path)
        }
        var soak = Soak(configuration)
        if !json { soak.configuration.progress = { FileHandle.standardError.write(Data("… \($0)\n".utf8)) } }
        let report: Soak.Report
        do {
            report = try soak.run()
        } catch {
            try fail("\(error)", status: Status.checkFailed)
        }
        if json {
            print(try Self.encode(report))
        } else {
            print(Self.text(report), terminator: "")
        }
        if !report.passed { throw ExitCode(Status.checkFailed) }
    }

    /// The options, checked: a range message for each bad one.
    private func parse() throws -> (Soak.Configuration, Double) {
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
        guard let limit = Double(timeLimit), limit > 0, limit <= 7 * 86_400 else {
            throw ValidationError("--time-limit must be a number of seconds above 0 and at most 604800, not '\(timeLimit)'")
        }
        if let miniport {
            guard !miniport.isEmpty else { throw ValidationError("--miniport must name a file") }
            guard FileManager.default.fileExists(atPath: miniport) else {
                throw ValidationError("--miniport \(miniport): no such file or directory")
            }
        }
        var configuration = Soak.Configuration(operations: operations, seed: seedValue, faults: faults,
                                               miniportPath: miniport, sdkRoot: sdkRoot, lostWrites: lost)
        configuration.progress = nil
        return (configuration, limit)
    }

    /// Runs this same command in a child process and relays its output and exit status; a
    /// child the miniport killed, or that ran out of time, is reported instead.
    private func supervise(timeLimit: Double) throws {
        let outcome: IsolatedProcess.Outcome
        do {
            let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
            outcome = try IsolatedProcess(executable: executable,
                                          arguments: Array(CommandLine.arguments.dropFirst()) + ["--isolated-child"],
                                          timeLimit: timeLimit).run()
        } catch {
            try fail("cannot start the soak's child process: \(error)", status: Status.internalError)
        }
        if case .exited(let status) = outcome.termination {
            FileHandle.standardOutput.write(outcome.output)
            if status != 0 { throw ExitCode(status) }
            return
        }
        let detail = IsolatedProcess.violation(for: outcome, scenario: "soak", timeLimit: timeLimit)
            .map { "\($0)" } ?? "the soak's child process ended abnormally"
        try fail(detail, status: Status.checkFailed)
    }

    /// Reports `message` (as `{"error": ...}` with --json) and exits with `status`.
    private func fail(_ message: String, status: Int32) throws -> Never {
        if json {
            struct Failure: Encodable { var error: String }
            print((try? Self.encode(Failure(error: message))) ?? #"{"error": "internal error"}"#)
        } else {
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        }
        throw ExitCode(status)
    }

    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            FileHandle.standardError.write(Data("error: encoding the report: \(error)\n".utf8))
            throw ExitCode(Status.internalError)
        }
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
