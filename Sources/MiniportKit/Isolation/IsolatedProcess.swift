import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command in a child process with a wall-clock limit, so that a miniport that
/// crashes (SIGSEGV, abort) or never returns takes down the child, not the caller.
///
/// The child's standard output goes to a file (read back when it ends; a pipe could fill up
/// while the supervisor waits), its standard error is the caller's. The child finds the path
/// of its crash report in `MINIPORT_CRASH_REPORT` and is expected to call
/// ``CrashReporter/install(reportPath:)``. When the limit passes, the child gets SIGALRM (its
/// reporter records the routine it was in), then SIGKILL two seconds later.
public struct IsolatedProcess {
    /// How the child ended.
    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signaled(Int32)
        /// Stopped by the supervisor after the time limit.
        case timedOut
    }

    /// What the child's crash reporter wrote.
    public struct CrashReport: Equatable, Sendable {
        public var signal: Int32
        /// The miniport routine that was running, or "port".
        public var routine: String
        /// normal, crash or hiber.
        public var mode: String
    }

    public struct Outcome: Sendable {
        public var termination: Termination
        public var output: Data
        public var crash: CrashReport?
        /// Wall-clock seconds the child ran.
        public var seconds: Double
    }

    public enum SpawnError: Error, CustomStringConvertible {
        case spawnFailed(String, Int32)
        case io(String)
        public var description: String {
            switch self {
            case .spawnFailed(let path, let code): return "cannot start \(path): \(String(cString: strerror(code)))"
            case .io(let reason): return reason
            }
        }
    }

    /// Environment variable naming the crash report file.
    public static let reportVariable = "MINIPORT_CRASH_REPORT"

    public var executable: String
    public var arguments: [String]
    /// Wall-clock limit in seconds.
    public var timeLimit: Double

    public init(executable: String, arguments: [String], timeLimit: Double) {
        self.executable = executable
        self.arguments = arguments
        self.timeLimit = timeLimit
    }

    public func run() throws(SpawnError) -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-child-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(directory.path): \(error)")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputPath = directory.appendingPathComponent("stdout").path
        let reportPath = directory.appendingPathComponent("crash").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // The child starts with no signal blocked and default dispositions, whatever this
        // process (a test runner, a shell with SIGALRM ignored) has.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in CrashReporter.signals + [SIGPIPE, SIGTERM] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment = ProcessInfo.processInfo.environment
        environment[Self.reportVariable] = reportPath
        environment["SWIFT_BACKTRACE"] = "enable=no"   // the child's own report is enough
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let started = DispatchTime.now().uptimeNanoseconds
        let code = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard code == 0 else { throw .spawnFailed(executable, code) }

        var status: Int32 = 0
        var timedOut = false
        var killAt: UInt64?
        let limit = UInt64(min(max(timeLimit.isNaN ? 0 : timeLimit, 0.001), 86_400 * 366) * 1e9)
        var pause: UInt32 = 100   // microseconds, growing to 10 ms
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { break }
            let elapsed = DispatchTime.now().uptimeNanoseconds - started
            if !timedOut && elapsed > limit {
                timedOut = true
                kill(pid, SIGALRM)
                killAt = elapsed + 2_000_000_000
            } else if let deadline = killAt, elapsed > deadline {
                kill(pid, SIGKILL)
                killAt = nil
            }
            usleep(pause)
            pause = min(pause * 2, 10_000)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let output = FileManager.default.contents(atPath: outputPath) ?? Data()
        let report = (try? String(contentsOfFile: reportPath, encoding: .utf8)).flatMap(Self.parseReport)
        let termination: Termination
        if timedOut {
            termination = .timedOut
        } else if status & 0x7F == 0 {
            termination = .exited((status >> 8) & 0xFF)
        } else {
            termination = .signaled(status & 0x7F)
        }
        return Outcome(termination: termination, output: output, crash: report, seconds: seconds)
    }

    static func parseReport(_ text: String) -> CrashReport? {
        var fields: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        guard let signal = fields["signal"].flatMap({ Int32($0) }) else { return nil }
        return CrashReport(signal: signal, routine: fields["routine"] ?? "port", mode: fields["mode"] ?? "normal")
    }

    /// SIGSEGV, SIGABRT, … for a signal number.
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGFPE: "SIGFPE",
                                      SIGABRT: "SIGABRT", SIGTRAP: "SIGTRAP", SIGALRM: "SIGALRM", SIGKILL: "SIGKILL",
                                      SIGTERM: "SIGTERM", SIGPIPE: "SIGPIPE"]
        return names[signal] ?? "signal \(signal)"
    }

    /// The violation a child's abnormal end stands for: miniport.crashed for a signal,
    /// routine.too-long for the time limit; nil when the child exited.
    public static func violation(for outcome: Outcome, scenario: String, timeLimit: Double) -> Violation? {
        switch outcome.termination {
        case .exited:
            return nil
        case .signaled(let signal):
            let routine = outcome.crash?.routine ?? "unknown"
            return Violation(rule: VerifierRule.miniportCrashed.rawValue, code: nil, mode: outcome.crash?.mode ?? "normal",
                             routine: routine,
                             detail: "\(signalName(signal)) (signal \(signal)) in \(routine) during the \(scenario) scenario; "
                                + "its process died, the tool did not", time: 0)
        case .timedOut:
            let routine = outcome.crash?.routine ?? "unknown"
            let limit = timeLimit == timeLimit.rounded() ? String(Int(timeLimit)) : String(timeLimit)
            let detail = routine == "port"
                ? "the \(scenario) scenario did not finish within \(limit) s of wall-clock time outside any miniport routine"
                : "\(routine) did not return within \(limit) s of wall-clock time during the \(scenario) scenario; "
                    + "its process was stopped"
            return Violation(rule: VerifierRule.routineTooLong.rawValue, code: VerifierRule.routineTooLong.code,
                             mode: outcome.crash?.mode ?? "normal", routine: routine, detail: detail, time: 0)
        }
    }
}
