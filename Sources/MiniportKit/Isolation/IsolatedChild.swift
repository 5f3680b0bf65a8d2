import CSandbox
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The child's half of ``IsolatedProcess``: connects to the report channel and the shared
/// page the supervisor opened, and enters the sandbox. Call ``connect()`` first thing in the
/// child, before any miniport code is loaded.
public enum IsolatedChild {
    /// The channel descriptor after ``connect()`` moved it (−1 before).
    nonisolated(unsafe) static var channel: Int32 = -1

    /// Whether this process was started by an ``IsolatedProcess``.
    public static var isSupervised: Bool {
        ProcessInfo.processInfo.environment[IsolatedProcess.channelVariable] != nil
    }

    /// The process was not started by an ``IsolatedProcess``, or its channel, shared page, limits or sandbox could not be set up.
    public struct ConnectError: Error, CustomStringConvertible {
        /// The error in words.
        public var description: String
    }

    /// Takes the channel and the shared page, then enters the sandbox: the seccomp filter
    /// (`mp_sandbox_enter`: no signals to other processes, no ptrace, no exec, no new
    /// processes, no sockets but AF_UNIX) and the limits (address space as the supervisor
    /// asked, no core files).
    public static func connect() throws(ConnectError) {
        let environment = ProcessInfo.processInfo.environment
        guard let channelText = environment[IsolatedProcess.channelVariable], let channelFD = Int32(channelText),
              let sharedText = environment[IsolatedProcess.sharedVariable], let sharedFD = Int32(sharedText) else {
            throw ConnectError(description: "not started by a supervisor (\(IsolatedProcess.channelVariable) unset)")
        }
        // Out of the low numbers a miniport might close or reuse by accident.
        let moved = fcntl(channelFD, F_DUPFD_CLOEXEC, 200)
        guard moved >= 0 else { throw ConnectError(description: "report channel: \(String(cString: strerror(errno)))") }
        close(channelFD)
        channel = moved
        guard let page = mmap(nil, CrashContext.pageSize, PROT_READ | PROT_WRITE, MAP_SHARED, sharedFD, 0),
              page != MAP_FAILED else {
            throw ConnectError(description: "shared page: \(String(cString: strerror(errno)))")
        }
        close(sharedFD)
        CrashContext.page = page
        CrashContext.connectFaultNote(page)
        unsetenv(IsolatedProcess.channelVariable)
        unsetenv(IsolatedProcess.sharedVariable)

        let limit = environment[IsolatedProcess.memoryLimitVariable].flatMap { UInt64($0) } ?? 0
        var code = mp_sandbox_limit(limit)
        guard code == 0 else { throw ConnectError(description: "resource limits: \(String(cString: strerror(code)))") }
        code = mp_sandbox_enter(UInt32(MP_SANDBOX_ALL), getpid())
        guard code == 0 else { throw ConnectError(description: "seccomp filter: \(String(cString: strerror(code)))") }
    }

    /// Sends a progress line (shown by the supervisor as it arrives).
    public static func sendProgress(_ line: String) {
        send("P " + line.replacingOccurrences(of: "\n", with: " ") + "\n")
    }

    /// Sends the result: one JSON document (no newline inside: encode without pretty printing).
    public static func sendResult(_ json: Data) {
        var line = Data("R ".utf8)
        line.append(contentsOf: json.filter { $0 != UInt8(ascii: "\n") })
        line.append(UInt8(ascii: "\n"))
        send(line)
    }

    private static func send(_ text: String) { send(Data(text.utf8)) }

    private static func send(_ data: Data) {
        guard channel >= 0 else { return }
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(channel, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
        }
    }
}
