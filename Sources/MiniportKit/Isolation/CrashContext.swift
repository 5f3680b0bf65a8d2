import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What the process is doing, for a crash report: the miniport routine running and the port's
/// mode. The port updates it around every miniport call (relaxed atomic stores, no allocation),
/// and a signal handler can read it.
enum CrashContext {
    /// Address of the running routine's name (a NUL-terminated static string), 0 for none.
    static let routine = Atomic<UInt>(0)
    /// ``PortMode`` as 0 normal, 1 crash, 2 hiber.
    static let mode = Atomic<UInt8>(0)

    typealias Saved = (routine: UInt, mode: UInt8)

    @inline(__always)
    static func enter(_ name: StaticString, _ portMode: PortMode) -> Saved {
        let saved = (routine.load(ordering: .relaxed), mode.load(ordering: .relaxed))
        routine.store(name.hasPointerRepresentation ? UInt(bitPattern: name.utf8Start) : 0, ordering: .relaxed)
        mode.store(portMode.code, ordering: .relaxed)
        return saved
    }

    @inline(__always)
    static func leave(_ saved: Saved) {
        routine.store(saved.routine, ordering: .relaxed)
        mode.store(saved.mode, ordering: .relaxed)
    }
}

extension PortMode {
    var code: UInt8 {
        switch self {
        case .normal: return 0
        case .crashDump: return 1
        case .hibernation: return 2
        }
    }
}

/// Writes a crash report when the process dies of a signal (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
/// SIGABRT, SIGTRAP, or the SIGALRM a supervisor sends when its time is up), then dies of
/// that signal. The report names the signal and what ``CrashContext`` held:
///
///     signal=11
///     routine=HwStartIo
///     mode=normal
///
/// ``IsolatedProcess`` reads it back. The handler runs on its own stack (a miniport that
/// overflows its stack is reported too) and only calls `write` and `raise`.
public enum CrashReporter {
    /// The signals reported.
    public static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGALRM]

    /// Installs the handlers; the report goes to `path` (created or truncated now, so that the
    /// handler needs no allocation). Call once, early, in the process that runs the miniport.
    public static func install(reportPath path: String) throws(InstallError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw InstallError(path: path, errno: errno) }
        reportDescriptor = fd
        let stackSize = 256 * 1024
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: stackSize, alignment: 16)
        stack.ss_size = stackSize
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = crashSignalHandler
        action.sa_flags = Int32(bitPattern: UInt32(SA_RESETHAND)) | Int32(SA_ONSTACK)
        sigemptyset(&action.sa_mask)
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in signals {
            sigaction(signal, &action, nil)
            sigaddset(&unblock, signal)
        }
        // A mask inherited from whoever started the process must not hold them back.
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    public struct InstallError: Error, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var description: String { "cannot create the crash report \(path): \(String(cString: strerror(errno)))" }
    }

    nonisolated(unsafe) static var reportDescriptor: Int32 = -1
}

/// The signal handler: async-signal-safe (atomics, `write`, `raise`; no allocation, no locks).
private func crashSignalHandler(_ signal: Int32) {
    let fd = CrashReporter.reportDescriptor
    if fd >= 0 {
        func put(_ text: StaticString) { _ = write(fd, text.utf8Start, text.utf8CodeUnitCount) }
        put("signal=")
        var digits: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var value = UInt32(truncatingIfNeeded: signal), count = 0
            repeat {
                buffer[3 - count] = 0x30 + UInt8(value % 10)
                value /= 10
                count += 1
            } while value > 0 && count < 4
            _ = write(fd, buffer.baseAddress! + (4 - count), count)
        }
        put("\nroutine=")
        let routine = CrashContext.routine.load(ordering: .relaxed)
        if let name = UnsafePointer<UInt8>(bitPattern: routine) {
            var length = 0
            while length < 64 && name[length] != 0 { length += 1 }
            _ = write(fd, name, length)
        } else {
            put("port")
        }
        switch CrashContext.mode.load(ordering: .relaxed) {
        case 1: put("\nmode=crash\n")
        case 2: put("\nmode=hiber\n")
        default: put("\nmode=normal\n")
        }
    }
    // SA_RESETHAND restored the default action: die of the same signal.
    raise(signal)
}
