import CMiniportABI
#if canImport(Glibc)
import Glibc
#endif

/// What a supervisor needs to know when its child dies: the miniport routine the child last
/// entered and the port's mode. It lives in a page of memory shared with the supervisor
/// (``IsolatedChild/connect()`` maps it), so the supervisor reads it even after a SIGKILL or an
/// `_exit` that left the child no chance to say anything.
///
/// The port writes it around every miniport call (``RunningRoutine``). Outside a supervised
/// child there is no page and entering a routine costs one load and a branch here. With
/// several threads in miniport routines at once (StorPort), the page names the one entered
/// last.
///
/// Page layout (bytes): 0–3 magic `MPSH`, 4 mode (0 normal, 1 crash, 2 hiber), 5 name length,
/// 8–71 the routine's name (UTF-8, not terminated); a bug check (KeBugCheckEx) adds 72–75
/// magic `BUGC`, 76–79 the code, 80–111 the four parameters; 128–383 where a fault in a
/// Windows image happened (`phba.sys+0x1234 (function at 0x1200 +0x34)`, NUL-terminated,
/// written by the trap handler of `mpabi_trap.h` before the signal takes the process).
enum CrashContext {
    static let magic: UInt32 = 0x4853_504D   // "MPSH" little-endian
    static let nameOffset = 8
    static let nameCapacity = 64
    static let pageSize = 4096

    /// The shared page in a supervised child; nil elsewhere. Set once, before any miniport
    /// code runs and before the port starts threads.
    nonisolated(unsafe) static var page: UnsafeMutableRawPointer?

    @inline(__always)
    static func enter(_ name: StaticString, _ portMode: PortMode) {
        guard let page else { return }
        write(name, mode: portMode.code, to: page)
    }

    /// After a routine returned: `name` is what runs now on this thread (nil: no routine).
    @inline(__always)
    static func leave(restoring name: StaticString?, _ portMode: PortMode?) {
        guard let page else { return }
        if let name {
            write(name, mode: portMode?.code ?? 0, to: page)
        } else {
            page.storeBytes(of: 0, toByteOffset: 5, as: UInt8.self)
        }
    }

    private static func write(_ name: StaticString, mode: UInt8, to page: UnsafeMutableRawPointer) {
        // The length goes last: a reader that sees it sees the bytes it covers (the reader only
        // looks once the child is gone).
        page.storeBytes(of: 0, toByteOffset: 5, as: UInt8.self)
        page.storeBytes(of: mode, toByteOffset: 4, as: UInt8.self)
        guard name.hasPointerRepresentation else { return }
        let count = min(name.utf8CodeUnitCount, nameCapacity)
        (page + nameOffset).copyMemory(from: name.utf8Start, byteCount: count)
        page.storeBytes(of: UInt8(count), toByteOffset: 5, as: UInt8.self)
    }

    static let faultOffset = 128
    static let faultCapacity = 256

    /// Gives the trap handler the page's fault area (a supervised child, once).
    static func connectFaultNote(_ page: UnsafeMutableRawPointer) {
        page.storeBytes(of: 0, toByteOffset: faultOffset, as: UInt8.self)
        MpAbiTrapSetCrashNote((page + faultOffset).assumingMemoryBound(to: CChar.self), faultCapacity)
    }

    /// Where the child's fault happened, if the trap handler could name it.
    static func readFault(_ page: UnsafeRawPointer) -> String? {
        let bytes = UnsafeRawBufferPointer(start: page + faultOffset, count: faultCapacity)
        var text = Substring(String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self))
        // The report names the signal already: "SIGSEGV at phba.sys+0x10: ..." becomes "phba.sys+0x10: ...".
        if text.hasPrefix("SIG"), let at = text.range(of: " at ") { text = text[at.upperBound...] }
        return text.isEmpty ? nil : String(text)
    }

    static let bugCheckMagic: UInt32 = 0x4347_5542   // "BUGC" little-endian
    static let bugCheckOffset = 72

    /// KeBugCheckEx: the code and parameters, for the supervisor to report once the process
    /// has ended (the stub ends it right after).
    static func bugCheck(code: UInt32, parameters: [UInt64]) {
        guard let page else { return }
        page.storeBytes(of: code, toByteOffset: bugCheckOffset + 4, as: UInt32.self)
        for (index, value) in parameters.prefix(4).enumerated() {
            page.storeBytes(of: UInt64(value), toByteOffset: bugCheckOffset + 8 + index * 8, as: UInt64.self)
        }
        page.storeBytes(of: bugCheckMagic, toByteOffset: bugCheckOffset, as: UInt32.self)
    }

    /// The bug check a child recorded before it ended, if any.
    static func readBugCheck(_ page: UnsafeRawPointer) -> (code: UInt32, parameters: [UInt64])? {
        guard page.load(fromByteOffset: bugCheckOffset, as: UInt32.self) == bugCheckMagic else { return nil }
        let code = page.load(fromByteOffset: bugCheckOffset + 4, as: UInt32.self)
        let parameters = (0..<4).map { page.load(fromByteOffset: bugCheckOffset + 8 + $0 * 8, as: UInt64.self) }
        return (code, parameters)
    }

    /// Reads a page a child wrote: the routine's name (nil when none was running) and the mode.
    static func read(_ page: UnsafeRawPointer) -> (routine: String?, mode: String) {
        let mode: String
        switch page.load(fromByteOffset: 4, as: UInt8.self) {
        case 1: mode = "crash"
        case 2: mode = "hiber"
        default: mode = "normal"
        }
        guard page.load(as: UInt32.self) == magic else { return (nil, mode) }
        let count = min(Int(page.load(fromByteOffset: 5, as: UInt8.self)), nameCapacity)
        guard count > 0 else { return (nil, mode) }
        // The child is untrusted: keep printable ASCII only.
        let bytes = UnsafeRawBufferPointer(start: page + nameOffset, count: count)
            .map { (0x20..<0x7F).contains($0) ? $0 : UInt8(ascii: "?") }
        return (String(decoding: bytes, as: UTF8.self), mode)
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
