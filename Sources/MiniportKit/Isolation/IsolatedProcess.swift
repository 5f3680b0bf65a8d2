import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs a command in a supervised child process, so that whatever the miniport code in it
/// does — crash, hang, `exit`, `_exit`, close its descriptors, print, fork, signal other
/// processes — the caller survives and can say what happened (docs/isolation.md).
///
/// The child gets:
/// - a **report channel**: a pipe on descriptor 3 (``IsolatedChild`` moves it out of the way),
///   opened before any miniport code runs. The child sends progress lines and, at the end, one
///   result; nothing the tool says goes through standard output;
/// - a **shared page** on descriptor 4 where the port keeps the running routine's name
///   (`CrashContext`), so a child killed by SIGKILL is still reported with its routine;
/// - standard output and standard error in one capture file: the miniport's own output,
///   returned as ``Outcome/output``; standard input from /dev/null;
/// - its own process group, killed as a whole when the child ends (nothing it started outlives
///   it), and the sandbox ``IsolatedChild/connect()`` enters (seccomp filter, resource limits).
///
/// When ``timeLimit`` passes, the child gets SIGALRM and, two seconds later, its group SIGKILL.
public struct IsolatedProcess {
    /// How the child ended.
    public enum Termination: Equatable, Sendable {
        /// The child exited with this status.
        case exited(Int32)
        /// The child was killed by this signal.
        case signaled(Int32)
        /// Stopped by the supervisor after the time limit.
        case timedOut
    }

    /// How a supervised child ended and what it left.
    public struct Outcome: Sendable {
        /// How the child ended.
        public var termination: Termination
        /// The result the child sent (``IsolatedChild/sendResult(_:)``), nil if it sent none.
        public var result: Data?
        /// What the child wrote to its standard output and standard error (the miniport's own
        /// output), at most ``outputLimit`` bytes.
        public var output: Data
        /// The miniport routine the child was in when it ended, nil for none.
        public var routine: String?
        /// normal, crash or hiber: the mode of the port that routine belongs to.
        public var mode: String
        /// Wall-clock seconds the child ran.
        public var seconds: Double
        /// The miniport's KeBugCheckEx code and four parameters, when it ended that way.
        public var bugCheck: (code: UInt32, parameters: [UInt64])? = nil
        /// Where in a Windows image the fatal fault happened (from its unwind data), if known.
        public var fault: String? = nil
    }

    /// Why the child could not be started.
    public enum SpawnError: Error, CustomStringConvertible {
        /// Starting the executable failed: its path and the errno.
        case spawnFailed(String, Int32)
        /// A file or descriptor the supervisor needs could not be set up.
        case io(String)
        /// The error in words.
        public var description: String {
            switch self {
            case .spawnFailed(let path, let code): return "cannot start \(path): \(String(cString: strerror(code)))"
            case .io(let reason): return reason
            }
        }
    }

    /// Environment variables the child reads (``IsolatedChild``).
    public static let channelVariable = "MINIPORT_CHANNEL_FD"
    /// The variable with the descriptor of the shared page (where the running routine is named).
    public static let sharedVariable = "MINIPORT_SHARED_FD"
    /// The variable with the address-space limit the child sets on itself, in bytes.
    public static let memoryLimitVariable = "MINIPORT_MEMORY_LIMIT"
    /// How much of the child's output is kept.
    public static let outputLimit = 1 << 20

    /// The program to run as the child (usually this same executable).
    public var executable: String
    /// The child's arguments.
    public var arguments: [String]
    /// Wall-clock limit in seconds.
    public var timeLimit: Double
    /// The child's address-space limit in bytes (RLIMIT_AS); 0 for none.
    public var memoryLimit: UInt64
    /// Called with each progress line the child sends, as it arrives.
    public var progress: ((String) -> Void)?

    /// A supervisor for `executable` with `arguments`, a wall-clock `timeLimit` in seconds and an optional address-space limit in bytes.
    public init(executable: String, arguments: [String], timeLimit: Double, memoryLimit: UInt64 = 0) {
        self.executable = executable
        self.arguments = arguments
        self.timeLimit = timeLimit
        self.memoryLimit = memoryLimit
    }

    /// Starts the child, waits for it (within the time limit) and returns how it ended, its result and its output.
    public func run() throws(SpawnError) -> Outcome {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-child-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(directory.path): \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: directory) }
        let outputPath = directory.appendingPathComponent("output").path
        let sharedPath = directory.appendingPathComponent("shared").path

        // The shared page: a file both map.
        // Every descriptor handed to the child sits above 10, so that placing one on 3 or 4
        // cannot overwrite another before it is placed.
        let sharedFD = Self.raise(open(sharedPath, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600))
        guard sharedFD >= 0 else { throw .io("cannot create \(sharedPath): \(String(cString: strerror(errno)))") }
        defer { close(sharedFD) }
        guard ftruncate(sharedFD, off_t(CrashContext.pageSize)) == 0,
              let mapped = mmap(nil, CrashContext.pageSize, PROT_READ | PROT_WRITE, MAP_SHARED, sharedFD, 0),
              mapped != MAP_FAILED else {
            throw .io("cannot map \(sharedPath): \(String(cString: strerror(errno)))")
        }
        defer { munmap(mapped, CrashContext.pageSize) }
        mapped.storeBytes(of: CrashContext.magic, as: UInt32.self)

        var channel: [Int32] = [-1, -1]
        guard pipe(&channel) == 0 else { throw .io("cannot create a pipe: \(String(cString: strerror(errno)))") }
        channel = channel.map { Self.raise($0) }
        guard channel.allSatisfy({ $0 >= 0 }) else { throw .io("cannot create a pipe: \(String(cString: strerror(errno)))") }
        defer { close(channel[0]) }
        var writeEnd = channel[1]
        defer { if writeEnd >= 0 { close(writeEnd) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 3)
        posix_spawn_file_actions_adddup2(&actions, sharedFD, 4)
        // The child starts with no signal blocked and default dispositions, whatever this
        // process (a test runner, a shell with SIGALRM ignored) has, in a process group of its own.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGALRM, SIGPIPE, SIGTERM, SIGINT, SIGHUP] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        var environment = ProcessInfo.processInfo.environment
        environment[Self.channelVariable] = "3"
        environment[Self.sharedVariable] = "4"
        environment[Self.memoryLimitVariable] = String(memoryLimit)
        environment["SWIFT_BACKTRACE"] = "enable=no"   // the supervisor's report is enough
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
        close(writeEnd)
        writeEnd = -1
        // Whatever happens below, nothing of the child's group outlives this call.
        defer { kill(-pid, SIGKILL) }

        var reader = ChannelReader(descriptor: channel[0], progress: progress)
        var status: Int32 = 0
        var timedOut = false
        var killAt: UInt64?
        let limit = UInt64(min(max(timeLimit.isNaN ? 0 : timeLimit, 0.001), 86_400 * 366) * 1e9)
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
                kill(-pid, SIGKILL)
                killAt = nil
            }
            reader.poll(milliseconds: 10)
        }
        // The group's other members (none, if the sandbox held) go now; then drain the channel.
        kill(-pid, SIGKILL)
        reader.drain()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let output = Self.readCapped(outputPath)
        let (routine, mode) = CrashContext.read(UnsafeRawPointer(mapped))
        let termination: Termination
        if timedOut {
            termination = .timedOut
        } else if status & 0x7F == 0 {
            termination = .exited((status >> 8) & 0xFF)
        } else {
            termination = .signaled(status & 0x7F)
        }
        return Outcome(termination: termination, result: reader.result, output: output, routine: routine, mode: mode,
                       seconds: seconds, bugCheck: CrashContext.readBugCheck(UnsafeRawPointer(mapped)),
                       fault: CrashContext.readFault(UnsafeRawPointer(mapped)))
    }

    /// `descriptor` moved to a number of at least 10, close-on-exec (−1 stays −1).
    static func raise(_ descriptor: Int32) -> Int32 {
        guard descriptor >= 0 else { return descriptor }
        let moved = fcntl(descriptor, F_DUPFD_CLOEXEC, 10)
        close(descriptor)
        return moved
    }

    /// The first ``outputLimit`` bytes of a file the child wrote (it may be huge).
    static func readCapped(_ path: String) -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else { return Data() }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: outputLimit)) ?? Data()
    }

    /// Reads the channel: `P text` lines are progress, one `R json` line is the result.
    struct ChannelReader {
        let descriptor: Int32
        let progress: ((String) -> Void)?
        var pending = Data()
        var result: Data?
        var closed = false
        /// More than this on the channel is not a report (a miniport writing to descriptor 3).
        static let limit = 64 << 20

        mutating func poll(milliseconds: Int32) {
            guard !closed else {
                usleep(UInt32(milliseconds) * 1000)
                return
            }
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard Glibc.poll(&entry, 1, milliseconds) > 0 else { return }
            readAvailable()
        }

        mutating func drain() {
            let flags = fcntl(descriptor, F_GETFL)
            _ = fcntl(descriptor, F_SETFL, flags | O_NONBLOCK)
            while !closed {
                var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
                guard Glibc.poll(&entry, 1, 0) > 0 else { break }
                readAvailable()
            }
        }

        private mutating func readAvailable() {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno != EINTR && errno != EAGAIN { closed = true }
                return
            }
            if count == 0 {
                closed = true
                return
            }
            guard pending.count + count <= Self.limit else {
                closed = true
                return
            }
            pending.append(contentsOf: buffer[0..<count])
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = pending[pending.startIndex..<newline]
                pending = Data(pending[(newline + 1)...])
                guard line.count >= 2, line[line.startIndex + 1] == UInt8(ascii: " ") else { continue }
                let body = Data(line.dropFirst(2))
                switch line[line.startIndex] {
                case UInt8(ascii: "P"): progress?(String(decoding: body, as: UTF8.self))
                case UInt8(ascii: "R"): result = body
                default: break
                }
            }
        }
    }

    /// SIGSEGV, SIGABRT, … for a signal number.
    public static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [SIGSEGV: "SIGSEGV", SIGBUS: "SIGBUS", SIGILL: "SIGILL", SIGFPE: "SIGFPE",
                                      SIGABRT: "SIGABRT", SIGTRAP: "SIGTRAP", SIGALRM: "SIGALRM", SIGKILL: "SIGKILL",
                                      SIGTERM: "SIGTERM", SIGPIPE: "SIGPIPE", SIGSYS: "SIGSYS", SIGXCPU: "SIGXCPU",
                                      SIGXFSZ: "SIGXFSZ", SIGUSR1: "SIGUSR1", SIGUSR2: "SIGUSR2", SIGHUP: "SIGHUP",
                                      SIGINT: "SIGINT", SIGQUIT: "SIGQUIT"]
        return names[signal] ?? "signal \(signal)"
    }

    /// The violation a child's end stands for when it did not end with a result:
    /// `miniport.crashed` for a signal, `routine.too-long` for the time limit, `miniport.exited`
    /// for an exit without a result. Nil for a child that sent its result and exited.
    public static func violation(for outcome: Outcome, scenario: String, timeLimit: Double) -> Violation? {
        let routine = outcome.routine ?? "port"
        let place = outcome.routine.map { " in \($0)" } ?? " outside any miniport routine"
        switch outcome.termination {
        case .exited(let status):
            guard outcome.result == nil else { return nil }
            return Violation(rule: VerifierRule.miniportExited.rawValue, code: nil, mode: outcome.mode, routine: routine,
                             detail: "the process running the miniport exited with status \(status)\(place) during the "
                                + "\(scenario) without a report (exit or _exit called, or its report channel closed)",
                             time: 0)
        case .signaled(let signal):
            if let bugCheck = outcome.bugCheck {
                let text = "KeBugCheckEx(0x" + String(bugCheck.code, radix: 16, uppercase: true) + ", "
                    + bugCheck.parameters.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ") + ")"
                return Violation(rule: VerifierRule.miniportBugcheck.rawValue, code: nil, mode: outcome.mode, routine: routine,
                                 detail: "\(text)\(place) during the \(scenario): the machine stopped", time: 0)
            }
            return Violation(rule: VerifierRule.miniportCrashed.rawValue, code: nil, mode: outcome.mode, routine: routine,
                             detail: "\(signalName(signal)) (signal \(signal))\(place)"
                                + (outcome.fault.map { " at \($0)" } ?? "") + " during the \(scenario); "
                                + "its process died, the tool did not", time: 0)
        case .timedOut:
            let limit = timeLimit == timeLimit.rounded() ? String(Int(timeLimit)) : String(timeLimit)
            let detail = outcome.routine == nil
                ? "the \(scenario) did not finish within \(limit) s of wall-clock time outside any miniport routine"
                : "\(routine) did not return within \(limit) s of wall-clock time during the \(scenario); "
                    + "its process was stopped"
            return Violation(rule: VerifierRule.routineTooLong.rawValue, code: VerifierRule.routineTooLong.code,
                             mode: outcome.mode, routine: routine, detail: detail, time: 0)
        }
    }
}
