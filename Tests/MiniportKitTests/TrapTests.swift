import CMiniportABI
import Foundation
import Testing
@testable import MiniportKit

/// The fault trap (CMiniportABI/include/mpabi_trap.h): hand-assembled x86-64 in an executable
/// page registered as a code range, called through C function pointers; the privileged
/// instructions and device window accesses it executes fault for real and are emulated by the
/// signal handler. What must not be emulated runs in a forked child that has to die of the fault.
@Suite("Fault trap: privileged instructions and device windows", .serialized)
struct TrapTests {
    // MARK: - Machine code

    /// SysV: arguments in RDI, RSI, RDX; the result in RAX.
    typealias Function = @convention(c) (UInt64, UInt64, UInt64) -> UInt64

    /// Two pages: the first holds code (read + execute, registered as a code range), the second
    /// is a PROT_NONE reservation a test may register as a window (reachable RIP-relative).
    final class CodePage {
        static let pageSize = 4096
        let base: UnsafeMutableRawPointer
        var cursor = 0
        var staged: [UInt8] = []
        var registered = false

        init() throws {
            let mapped = mmap(nil, Self.pageSize * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
            guard let mapped, mapped != MAP_FAILED else { throw POSIXError(.ENOMEM) }
            base = mapped
            _ = mprotect(base + Self.pageSize, Self.pageSize, PROT_NONE)
        }

        /// The address the next `add` places its code at.
        var next: UInt64 { UInt64(UInt(bitPattern: base)) + UInt64(cursor) }

        /// The window page's address.
        var window: UnsafeMutableRawPointer { base + Self.pageSize }

        /// Places `code` and returns its offset in the page (16-byte aligned).
        @discardableResult
        func add(_ code: [UInt8]) -> Int {
            let offset = cursor
            (base + offset).copyMemory(from: code, byteCount: code.count)
            cursor = (offset + code.count + 15) & ~15
            return offset
        }

        /// Makes the page executable and registers it (as a code range unless `register` is false).
        func seal(register: Bool = true) {
            _ = mprotect(base, Self.pageSize, PROT_READ | PROT_EXEC)
            if register {
                #expect(MpAbiTrapAddCodeRange(base, Self.pageSize) == 1)
                registered = true
            }
        }

        func function(at offset: Int) -> Function {
            unsafeBitCast(base + offset, to: Function.self)
        }

        deinit {
            if registered { MpAbiTrapRemoveCodeRange(base) }
            munmap(base, Self.pageSize * 2)
        }
    }

    // MARK: - Recorders

    /// One access a window handler saw.
    struct Access: Equatable {
        var offset: UInt64
        var width: UInt32
        var isWrite: Bool
        var value: UInt64
    }

    /// An emulated device window: reads come from `bytes` (little-endian), writes go to it;
    /// every access is logged.
    final class Device: @unchecked Sendable {
        var bytes: [UInt8]
        var log: [Access] = []
        var refuse = false

        init(size: Int) {
            bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 1) }
        }

        func access(_ offset: UInt64, _ width: UInt32, _ isWrite: Bool, _ value: UnsafeMutablePointer<UInt64>) -> Int32 {
            if refuse { return 0 }
            let at = Int(offset)
            if isWrite {
                for index in 0..<Int(width) { bytes[at + index] = UInt8(truncatingIfNeeded: value.pointee >> (8 * index)) }
            } else {
                var result: UInt64 = 0
                for index in 0..<Int(width) { result |= UInt64(bytes[at + index]) << (8 * index) }
                value.pointee = result
            }
            log.append(Access(offset: offset, width: width, isWrite: isWrite, value: value.pointee))
            return 1
        }

        /// The little-endian value of `width` bytes at `offset`.
        func value(at offset: Int, width: Int) -> UInt64 {
            (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
        }
    }

    static let windowHandler: MPABI_TRAP_WINDOW_HANDLER = { context, offset, width, isWrite, value in
        guard let context, let value else { return 0 }
        return Unmanaged<Device>.fromOpaque(context).takeUnretainedValue().access(offset, width, isWrite != 0, value)
    }

    /// Registers `device` as the window [start, start + length) for the duration of `body`.
    static func withWindow<R>(_ start: UnsafeRawPointer, length: Int, device: Device, _ body: () throws -> R) rethrows -> R {
        #expect(MpAbiTrapAddWindow(start, length, windowHandler, Unmanaged.passUnretained(device).toOpaque()) == 1)
        defer { MpAbiTrapRemoveWindow(start) }
        return try withExtendedLifetime(device) { try body() }
    }

    /// A PROT_NONE reservation, like a device base from ScsiPortGetDeviceBase.
    static func reservation(_ length: Int = 4096) -> UnsafeMutableRawPointer {
        let mapped = mmap(nil, length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
        precondition(mapped != MAP_FAILED)
        return mapped!
    }

    /// One privileged instruction the handler saw.
    struct Privileged: Equatable {
        var kind: MPABI_TRAP_KIND
        var width: UInt32
        var port: UInt64
        var value: UInt64
        var text: String
        var length: UInt32
    }

    /// What the privileged handler answers and what it saw (the handler is a C function: no
    /// context, so this is process-wide; the suite is serialized).
    final class PrivilegedRecorder: @unchecked Sendable {
        var log: [Privileged] = []
        var irql: UInt64 = 2
        var portValue: UInt64 = 0
        var msrValue: UInt64 = 0
    }

    nonisolated(unsafe) static var recorder = PrivilegedRecorder()

    static let privilegedHandler: MPABI_TRAP_PRIVILEGED_HANDLER = { event in
        guard let event else { return 0 }
        let recorder = TrapTests.recorder
        let text = withUnsafeBytes(of: event.pointee.Text) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        recorder.log.append(Privileged(kind: event.pointee.Kind, width: event.pointee.Width, port: event.pointee.Port,
                                       value: event.pointee.Value, text: text, length: event.pointee.Length))
        switch event.pointee.Kind {
        case MPABI_TRAP_READ_CR8: event.pointee.Value = recorder.irql
        case MPABI_TRAP_PORT_IN: event.pointee.Value = recorder.portValue
        case MPABI_TRAP_READ_MSR: event.pointee.Value = recorder.msrValue
        default: break
        }
        return 1
    }

    /// A fresh recorder with the handler installed.
    static func install() -> PrivilegedRecorder {
        recorder = PrivilegedRecorder()
        #expect(MpAbiTrapInstall(privilegedHandler) == 1)
        return recorder
    }

    // MARK: - Privileged instructions, emulated for real

    @Test("mov rax, cr8 and mov r9, cr8 read the IRQL; mov cr8, rdi writes it")
    func cr8() throws {
        let recorder = Self.install()
        let page = try CodePage()
        let readRax = page.add([0x44, 0x0F, 0x20, 0xC0, 0xC3])                              // mov rax, cr8; ret
        let readR9 = page.add([0x45, 0x0F, 0x20, 0xC1, 0x4C, 0x89, 0xC8, 0xC3])             // mov r9, cr8; mov rax, r9; ret
        let write = page.add([0x44, 0x0F, 0x22, 0xC7, 0xC3])                                // mov cr8, rdi; ret
        page.seal()
        recorder.irql = 2
        #expect(page.function(at: readRax)(0, 0, 0) == 2)
        recorder.irql = 0xF
        #expect(page.function(at: readR9)(0, 0, 0) == 0xF)
        _ = page.function(at: write)(0xD, 0, 0)
        #expect(recorder.log == [
            Privileged(kind: MPABI_TRAP_READ_CR8, width: 8, port: 8, value: 0, text: "mov rax, cr8", length: 4),
            Privileged(kind: MPABI_TRAP_READ_CR8, width: 8, port: 8, value: 0, text: "mov r9, cr8", length: 4),
            Privileged(kind: MPABI_TRAP_WRITE_CR8, width: 8, port: 8, value: 0xD, text: "mov cr8, rdi", length: 4),
        ])
    }

    @Test("cli, sti and hlt reach the handler in order and execution continues after each")
    func interruptFlag() throws {
        let recorder = Self.install()
        let page = try CodePage()
        let code = page.add([0xFA, 0xFB, 0xF4, 0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3])          // cli; sti; hlt; mov eax, 42; ret
        page.seal()
        #expect(page.function(at: code)(0, 0, 0) == 42)
        #expect(recorder.log.map(\.kind) == [MPABI_TRAP_CLI, MPABI_TRAP_STI, MPABI_TRAP_HLT])
        #expect(recorder.log.map(\.text) == ["cli", "sti", "hlt"])
    }

    @Test("in al, dx writes AL only; in ax, imm8 writes AX only; out dx, eax passes EAX and the port")
    func ports() throws {
        let recorder = Self.install()
        let page = try CodePage()
        let inByte = page.add([0x48, 0x89, 0xF0, 0x89, 0xFA, 0xEC, 0xC3])                   // mov rax, rsi; mov edx, edi; in al, dx; ret
        let inWord = page.add([0x48, 0x89, 0xF0, 0x66, 0xE5, 0x71, 0xC3])                   // mov rax, rsi; in ax, 0x71; ret
        let outDword = page.add([0x89, 0xF0, 0x89, 0xFA, 0xEF, 0xC3])                       // mov eax, esi; mov edx, edi; out dx, eax; ret
        let outByte = page.add([0x89, 0xF0, 0xE6, 0x80, 0xC3])                              // mov eax, esi; out 0x80, al; ret
        page.seal()
        recorder.portValue = 0x1234_5678_9ABC_DEF0
        #expect(page.function(at: inByte)(0xCF8, 0x1111_2222_3333_4444, 0) == 0x1111_2222_3333_44F0)
        #expect(page.function(at: inWord)(0, 0x1111_2222_3333_4444, 0) == 0x1111_2222_3333_DEF0)
        _ = page.function(at: outDword)(0xCFC, 0xAABB_CCDD, 0)
        _ = page.function(at: outByte)(0, 0x5A, 0)
        #expect(recorder.log == [
            Privileged(kind: MPABI_TRAP_PORT_IN, width: 1, port: 0xCF8, value: 0, text: "in al, dx", length: 1),
            Privileged(kind: MPABI_TRAP_PORT_IN, width: 2, port: 0x71, value: 0, text: "in ax, 0x71", length: 3),
            Privileged(kind: MPABI_TRAP_PORT_OUT, width: 4, port: 0xCFC, value: 0xAABB_CCDD, text: "out dx, eax", length: 1),
            Privileged(kind: MPABI_TRAP_PORT_OUT, width: 1, port: 0x80, value: 0x5A, text: "out 0x80, al", length: 2),
        ])
    }

    @Test("rep insw stores one port read per element at RDI and counts RCX down; rep outsb reads RSI")
    func stringPorts() throws {
        let recorder = Self.install()
        let page = try CodePage()
        // mov rcx, rdx; mov edx, esi; rep insw; mov rax, rdi; ret
        let ins = page.add([0x48, 0x89, 0xD1, 0x89, 0xF2, 0x66, 0xF3, 0x6D, 0x48, 0x89, 0xF8, 0xC3])
        // mov rcx, rdx; mov edx, edi; rep outsb; mov rax, rsi; ret
        let outs = page.add([0x48, 0x89, 0xD1, 0x89, 0xFA, 0xF3, 0x6E, 0x48, 0x89, 0xF0, 0xC3])
        page.seal()
        recorder.portValue = 0xBEEF
        var words = [UInt16](repeating: 0, count: 6)
        let end = words.withUnsafeMutableBufferPointer { buffer in
            page.function(at: ins)(UInt64(UInt(bitPattern: buffer.baseAddress)), 0x1F0, 4)
        }
        #expect(words == [0xBEEF, 0xBEEF, 0xBEEF, 0xBEEF, 0, 0])
        #expect(recorder.log.count == 4 && recorder.log.allSatisfy { $0.port == 0x1F0 && $0.width == 2 && $0.text == "rep insw" })
        words.withUnsafeBufferPointer { #expect(end == UInt64(UInt(bitPattern: $0.baseAddress)) + 8) }

        recorder.log = []
        let bytes: [UInt8] = [9, 8, 7]
        let after = bytes.withUnsafeBufferPointer { buffer in
            page.function(at: outs)(0x3F8, UInt64(UInt(bitPattern: buffer.baseAddress)), 3) - UInt64(UInt(bitPattern: buffer.baseAddress))
        }
        #expect(after == 3)
        #expect(recorder.log.map(\.value) == [9, 8, 7])
        #expect(recorder.log.allSatisfy { $0.kind == MPABI_TRAP_PORT_OUT && $0.port == 0x3F8 && $0.text == "rep outsb" })
    }

    @Test("rdmsr returns the handler's value in EDX:EAX for the MSR in ECX")
    func msr() throws {
        let recorder = Self.install()
        let page = try CodePage()
        // mov ecx, edi; rdmsr; shl rdx, 32; or rax, rdx; ret
        let code = page.add([0x89, 0xF9, 0x0F, 0x32, 0x48, 0xC1, 0xE2, 0x20, 0x48, 0x09, 0xD0, 0xC3])
        page.seal()
        recorder.msrValue = 0x0123_4567_89AB_CDEF
        #expect(page.function(at: code)(0x1B, 0, 0) == 0x0123_4567_89AB_CDEF)
        #expect(recorder.log.map(\.kind) == [MPABI_TRAP_READ_MSR] && recorder.log.first?.port == 0x1B)
    }

    // MARK: - Device windows, emulated for real

    @Test("mov eax, [rdi+0x10] reads 4 bytes at offset 0x10 and clears RAX's upper half")
    func load32() throws {
        _ = Self.install()
        let page = try CodePage()
        let code = page.add([0x48, 0x89, 0xF0, 0x8B, 0x47, 0x10, 0xC3])                     // mov rax, rsi; mov eax, [rdi+0x10]; ret
        page.seal()
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        Self.withWindow(window, length: 4096, device: device) {
            let result = page.function(at: code)(UInt64(UInt(bitPattern: window)), 0xFFFF_FFFF_FFFF_FFFF, 0)
            #expect(result == device.value(at: 0x10, width: 4))
            #expect(device.log == [Access(offset: 0x10, width: 4, isWrite: false, value: device.value(at: 0x10, width: 4))])
            #expect(result >> 32 == 0)
        }
    }

    @Test("Byte and word loads keep the register's other bits; mov ah, [rdi] writes bits 8-15")
    func partialRegisters() throws {
        _ = Self.install()
        let page = try CodePage()
        let loadAH = page.add([0x48, 0x89, 0xF0, 0x8A, 0x27, 0xC3])                          // mov rax, rsi; mov ah, [rdi]; ret
        let loadAX = page.add([0x48, 0x89, 0xF0, 0x66, 0x8B, 0x07, 0xC3])                    // mov rax, rsi; mov ax, [rdi]; ret
        let loadR10B = page.add([0x49, 0x89, 0xF2, 0x44, 0x8A, 0x57, 0x01, 0x4C, 0x89, 0xD0, 0xC3]) // mov r10, rsi; mov r10b, [rdi+1]; mov rax, r10; ret
        page.seal()
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        device.bytes[0] = 0xA5
        device.bytes[1] = 0x5A
        Self.withWindow(window, length: 4096, device: device) {
            let address = UInt64(UInt(bitPattern: window))
            #expect(page.function(at: loadAH)(address, 0x1111_2222_3333_4444, 0) == 0x1111_2222_3333_A544)
            #expect(page.function(at: loadAX)(address, 0x1111_2222_3333_4444, 0) == 0x1111_2222_3333_5AA5)
            #expect(page.function(at: loadR10B)(address, 0x1111_2222_3333_4444, 0) == 0x1111_2222_3333_445A)
            #expect(device.log.map(\.width) == [1, 2, 1])
        }
    }

    @Test("mov byte [rdi], dl and mov qword [rdi+8], -2 write through the handler")
    func stores() throws {
        _ = Self.install()
        let page = try CodePage()
        let storeByte = page.add([0x88, 0x17, 0xC3])                                          // mov [rdi], dl; ret
        let storeImmediate = page.add([0x48, 0xC7, 0x47, 0x08, 0xFE, 0xFF, 0xFF, 0xFF, 0xC3]) // mov qword [rdi+8], -2; ret
        let storeWordImmediate = page.add([0x66, 0xC7, 0x47, 0x20, 0x34, 0x12, 0xC3])        // mov word [rdi+0x20], 0x1234; ret
        page.seal()
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        Self.withWindow(window, length: 4096, device: device) {
            let address = UInt64(UInt(bitPattern: window))
            _ = page.function(at: storeByte)(address, 0, 0xFFFF_FF7E)
            _ = page.function(at: storeImmediate)(address, 0, 0)
            _ = page.function(at: storeWordImmediate)(address, 0, 0)
            #expect(device.log == [
                Access(offset: 0, width: 1, isWrite: true, value: 0x7E),
                Access(offset: 8, width: 8, isWrite: true, value: 0xFFFF_FFFF_FFFF_FFFE),
                Access(offset: 0x20, width: 2, isWrite: true, value: 0x1234),
            ])
            #expect(device.bytes[0] == 0x7E && device.value(at: 8, width: 8) == 0xFFFF_FFFF_FFFF_FFFE)
        }
    }

    @Test("movzx eax, word [rdi+rsi*2+4], movsx rax, byte [rdi] and movsxd rax, dword [rdi] extend")
    func extendingLoads() throws {
        _ = Self.install()
        let page = try CodePage()
        let movzx = page.add([0x48, 0xC7, 0xC0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0xB7, 0x44, 0x77, 0x04, 0xC3]) // mov rax, -1; movzx eax, word [rdi+rsi*2+4]; ret
        let movsx = page.add([0x48, 0x0F, 0xBE, 0x07, 0xC3])                                 // movsx rax, byte [rdi]; ret
        let movsxd = page.add([0x48, 0x63, 0x07, 0xC3])                                      // movsxd rax, dword [rdi]; ret
        page.seal()
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        device.bytes[0x0A] = 0x34
        device.bytes[0x0B] = 0x92
        device.bytes[0] = 0x80
        device.bytes[1...3] = [0, 0, 0x80]
        Self.withWindow(window, length: 4096, device: device) {
            let address = UInt64(UInt(bitPattern: window))
            #expect(page.function(at: movzx)(address, 3, 0) == 0x9234)
            #expect(device.log.last == Access(offset: 0x0A, width: 2, isWrite: false, value: 0x9234))
            #expect(page.function(at: movsx)(address, 0, 0) == 0xFFFF_FFFF_FFFF_FF80)
            #expect(page.function(at: movsxd)(address, 0, 0) == 0xFFFF_FFFF_8000_0080)
        }
    }

    /// The page after KUSER_SHARED_DATA (the loader's own window serves that page itself): the
    /// same kind of kernel address, reached by moffs64 and through a register.
    @Test("A kernel-address window at 0xFFFFF78000010000: mov rax, [moffs64] and mov rax, [rdi] reach it")
    func kernelAddress() throws {
        _ = Self.install()
        let page = try CodePage()
        let moffs = page.add([0x48, 0xA1, 0x14, 0x00, 0x01, 0x00, 0x80, 0xF7, 0xFF, 0xFF, 0xC3]) // mov rax, [0xFFFFF78000010014]; ret
        let indirect = page.add([0x48, 0x8B, 0x07, 0xC3])                                          // mov rax, [rdi]; ret
        let moffsStore = page.add([0x89, 0xF8, 0xA3, 0x30, 0x00, 0x01, 0x00, 0x80, 0xF7, 0xFF, 0xFF, 0xC3]) // mov eax, edi; mov [0xFFFFF78000010030], eax; ret
        page.seal()
        let device = Device(size: 4096)
        let start = UnsafeRawPointer(bitPattern: UInt(MPABI_TRAP_KUSER_SHARED_DATA) + 0x10000)!
        Self.withWindow(start, length: 4096, device: device) {
            #expect(page.function(at: moffs)(0, 0, 0) == device.value(at: 0x14, width: 8))
            #expect(page.function(at: indirect)(0xFFFF_F780_0001_0320, 0, 0) == device.value(at: 0x320, width: 8))
            _ = page.function(at: moffsStore)(0xC0FFEE, 0, 0)
            #expect(device.log.map(\.offset) == [0x14, 0x320, 0x30])
            #expect(device.log.last == Access(offset: 0x30, width: 4, isWrite: true, value: 0xC0FFEE))
        }
    }

    @Test("A RIP-relative load reaches the window after the code page")
    func ripRelative() throws {
        _ = Self.install()
        let page = try CodePage()
        let offset = page.cursor
        // mov eax, [rip + disp32] with the target at window + 0x24; ret
        let displacement = Int32(CodePage.pageSize + 0x24 - (offset + 6))
        let code = page.add([0x8B, 0x05] + withUnsafeBytes(of: displacement.littleEndian, Array.init) + [0xC3])
        page.seal()
        let device = Device(size: 4096)
        Self.withWindow(page.window, length: 4096, device: device) {
            #expect(page.function(at: code)(0, 0, 0) == device.value(at: 0x24, width: 4))
            #expect(device.log == [Access(offset: 0x24, width: 4, isWrite: false, value: device.value(at: 0x24, width: 4))])
        }
    }

    @Test("rep movsd copies from the window into a buffer (forward and with DF set); rep movsb copies into it")
    func stringMoves() throws {
        _ = Self.install()
        let page = try CodePage()
        let forward = page.add([0x48, 0x89, 0xD1, 0xF3, 0xA5, 0x48, 0x89, 0xF0, 0xC3])                 // mov rcx, rdx; rep movsd; mov rax, rsi; ret
        let backward = page.add([0xFD, 0x48, 0x89, 0xD1, 0xF3, 0xA5, 0xFC, 0x48, 0x89, 0xF0, 0xC3])    // std; ...; cld
        let bytesIn = page.add([0x48, 0x89, 0xD1, 0xF3, 0xA4, 0x48, 0x89, 0xF8, 0xC3])                 // mov rcx, rdx; rep movsb; mov rax, rdi; ret
        page.seal()
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        Self.withWindow(window, length: 4096, device: device) {
            let address = UInt64(UInt(bitPattern: window))
            var buffer = [UInt32](repeating: 0, count: 8)
            let end = buffer.withUnsafeMutableBufferPointer {
                page.function(at: forward)(UInt64(UInt(bitPattern: $0.baseAddress)), address + 0x40, 5)
            }
            #expect(end == address + 0x40 + 20)
            #expect(buffer == (0..<8).map { $0 < 5 ? UInt32(device.value(at: 0x40 + 4 * $0, width: 4)) : 0 })
            #expect(device.log.map(\.offset) == [0x40, 0x44, 0x48, 0x4C, 0x50])

            device.log = []
            buffer = [UInt32](repeating: 0, count: 8)
            let start = buffer.withUnsafeMutableBufferPointer {
                page.function(at: backward)(UInt64(UInt(bitPattern: $0.baseAddress)) + 12, address + 0x8C, 3)
            }
            #expect(start == address + 0x80)
            #expect(device.log.map(\.offset) == [0x8C, 0x88, 0x84])
            #expect(buffer[1...3] == [UInt32(device.value(at: 0x84, width: 4)), UInt32(device.value(at: 0x88, width: 4)),
                                      UInt32(device.value(at: 0x8C, width: 4))])

            device.log = []
            let source: [UInt8] = [0xDE, 0xAD, 0xBE]
            let after = source.withUnsafeBufferPointer {
                page.function(at: bytesIn)(address + 0x200, UInt64(UInt(bitPattern: $0.baseAddress)), 3)
            }
            #expect(after == address + 0x203)
            #expect(Array(device.bytes[0x200..<0x203]) == source)
            #expect(device.log.allSatisfy { $0.isWrite && $0.width == 1 })
        }
    }

    @Test("rep stosd fills the window from EAX; lodsd reads it into EAX, clearing RAX's upper half")
    func storeAndLoadStrings() throws {
        _ = Self.install()
        let page = try CodePage()
        let fill = page.add([0x89, 0xF0, 0x48, 0x89, 0xD1, 0xF3, 0xAB, 0x48, 0x89, 0xF8, 0xC3])  // mov eax, esi; mov rcx, rdx; rep stosd; mov rax, rdi; ret
        let load = page.add([0x48, 0x89, 0xFE, 0x48, 0xC7, 0xC0, 0xFF, 0xFF, 0xFF, 0xFF, 0xAD, 0xC3]) // mov rsi, rdi; mov rax, -1; lodsd; ret
        page.seal()
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        Self.withWindow(window, length: 4096, device: device) {
            let address = UInt64(UInt(bitPattern: window))
            #expect(page.function(at: fill)(address + 0x100, 0xA1B2_C3D4, 3) == address + 0x10C)
            #expect(device.log == [0x100, 0x104, 0x108].map { Access(offset: $0, width: 4, isWrite: true, value: 0xA1B2_C3D4) })
            #expect(page.function(at: load)(address + 0x104, 0, 0) == 0xA1B2_C3D4)
        }
    }

    @Test("Threads fault on one window at once while another thread adds and removes windows")
    func concurrentFaults() throws {
        _ = Self.install()
        let page = try CodePage()
        let load = page.add([0x48, 0x8B, 0x07, 0xC3])                                              // mov rax, [rdi]; ret
        page.seal()
        let window = Self.reservation(0x10000)
        defer { munmap(window, 0x10000) }
        // Stateless: the value read is a function of the offset and width.
        let handler: MPABI_TRAP_WINDOW_HANDLER = { _, offset, width, isWrite, value in
            guard isWrite == 0, let value else { return 0 }
            value.pointee = offset &* 3 &+ UInt64(width)
            return 1
        }
        #expect(MpAbiTrapAddWindow(window, 0x10000, handler, nil) == 1)
        defer { MpAbiTrapRemoveWindow(window) }
        let others = (0..<32).map { UInt(0x6000_0000_0000) + UInt($0) * 0x1000 }
        let function = page.function(at: load)
        let address = UInt64(UInt(bitPattern: window))
        nonisolated(unsafe) let wrong = UnsafeMutablePointer<Int>.allocate(capacity: 4)
        wrong.initialize(repeating: 0, count: 4)
        defer { wrong.deallocate() }
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            if thread == 0 {
                for round in 0..<300 {
                    for start in others { _ = MpAbiTrapAddWindow(UnsafeRawPointer(bitPattern: start), 0x1000, handler, nil) }
                    for start in others.shuffled() { MpAbiTrapRemoveWindow(UnsafeRawPointer(bitPattern: start)) }
                    _ = round
                }
            } else {
                for index in 0..<3000 {
                    let offset = UInt64((index * 8 + thread * 0x1000) % 0xFFF8)
                    if function(address + offset, 0, 0) != offset * 3 + 8 { wrong[thread] += 1 }
                }
            }
        }
        #expect((0..<4).map { wrong[$0] } == [0, 0, 0, 0])
    }

    @Test("cmp and test with a window operand set the flags the processor sets on ordinary memory")
    func compareAndTest() throws {
        _ = Self.install()
        let page = try CodePage()
        // Each: the instruction, then pushfq; pop rax; ret.
        let codes: [(bytes: [UInt8], mask: UInt64)] = [
            ([0x39, 0x77, 0x04], 0x8D5),                  // cmp dword [rdi+4], esi
            ([0x3B, 0x37], 0x8D5),                        // cmp esi, dword [rdi]
            ([0x38, 0x37], 0x8D5),                        // cmp byte [rdi], dh
            ([0x48, 0x83, 0x3F, 0xFF], 0x8D5),            // cmp qword [rdi], -1
            ([0x66, 0x81, 0x7F, 0x02, 0x00, 0x80], 0x8D5), // cmp word [rdi+2], 0x8000
            ([0xF6, 0x07, 0x80], 0x8C5),                  // test byte [rdi], 0x80
            ([0x85, 0x37], 0x8C5),                        // test dword [rdi], esi
        ].map { ($0.0 + [0x9C, 0x58, 0xC3], $0.1) }
        let offsets = codes.map { page.add($0.bytes) }
        page.seal()
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        let patterns: [[UInt8]] = [[0, 0, 0, 0, 0, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
                                   [0x80, 0, 0, 0x80, 0x7F, 0xFF, 0xFF, 0x7F], [0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE]]
        let operands: [UInt64] = [0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x7654_3210, 0x1_0000_FF10]
        var ordinary = [UInt8](repeating: 0, count: 16)
        Self.withWindow(window, length: 4096, device: device) {
            for pattern in patterns {
                device.bytes.replaceSubrange(0..<8, with: pattern)
                ordinary.replaceSubrange(0..<8, with: pattern)
                for operand in operands {
                    for (index, code) in codes.enumerated() {
                        let function = page.function(at: offsets[index])
                        let emulated = function(UInt64(UInt(bitPattern: window)), operand, 0) & code.mask
                        let native = ordinary.withUnsafeMutableBytes {
                            function(UInt64(UInt(bitPattern: $0.baseAddress)), operand, 0)
                        } & code.mask
                        #expect(emulated == native, "code \(index), memory \(pattern), operand \(operand)")
                    }
                }
            }
        }
        #expect(device.log.count == patterns.count * operands.count * codes.count)
        #expect(device.log.allSatisfy { !$0.isWrite })
    }

    // MARK: - Not emulated: the process dies as it would have (in a forked child)

    /// The child's privileged handler: refuses everything, and allocates nothing (a forked child
    /// of a threaded process must not call malloc).
    static let refusingHandler: MPABI_TRAP_PRIVILEGED_HANDLER = { _ in 0 }

    /// Runs `function(argument)` in a forked child with the trap installed over the default
    /// actions; returns the signal that ended it (0 if it exited) and the crash note.
    static func inChild(_ function: Function, _ argument: UInt64,
                        handler: MPABI_TRAP_PRIVILEGED_HANDLER = refusingHandler) -> (signal: Int32, note: String) {
        let noteLength = 4096
        let note = mmap(nil, noteLength, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(note, noteLength) }
        // The loader installs the trap once per process (on its first .sys), under the lock the
        // child takes too: done before the fork, no other thread can hold it at the fork.
        _ = WindowsTraps.isInstalled
        let pid = fork()
        if pid == 0 {
            // Async-signal-safe calls only: this process has one thread, the others' locks
            // stay as fork found them.
            signal(SIGSEGV, SIG_DFL)
            signal(SIGILL, SIG_DFL)
            signal(SIGBUS, SIG_DFL)
            _ = MpAbiTrapInstall(handler)
            MpAbiTrapSetCrashNote(note.assumingMemoryBound(to: CChar.self), noteLength)
            _ = function(argument, 0, 0)
            _exit(0)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F == 0 ? 0 : status & 0x7F
        return (signal, String(cString: note.assumingMemoryBound(to: CChar.self)))
    }

    @Test("Outside a registered code range a window access is not emulated: SIGSEGV, described by the crash note")
    func unregisteredCode() throws {
        _ = Self.install()
        let page = try CodePage()
        let code = page.add([0x8B, 0x07, 0xC3])                                                         // mov eax, [rdi]; ret
        page.seal(register: false)
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        let result = Self.withWindow(window, length: 4096, device: device) {
            Self.inChild(page.function(at: code), UInt64(UInt(bitPattern: window)))
        }
        #expect(result.signal == SIGSEGV)
        #expect(result.note == "SIGSEGV at 0x\(String(UInt(bitPattern: page.base), radix: 16)), fault address 0x\(String(UInt(bitPattern: window), radix: 16))")
    }

    @Test("An instruction the trap does not model, on a window, is not emulated; the note names image and function")
    func unsupportedInstruction() throws {
        _ = Self.install()
        let page = try CodePage()
        page.add([0x90, 0x90, 0xC3])
        let code = page.add([0x03, 0x07, 0xC3])                                                         // add eax, [rdi]; ret
        page.seal()
        // .pdata: two functions, [0, 3) and [0x10, 0x13).
        let runtimeFunctions: [UInt32] = [0, 3, 0, 0x10, 0x13, 0]
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        let result = runtimeFunctions.withUnsafeBytes { table in
            #expect(MpAbiTrapAddImage(page.base, CodePage.pageSize, "test.sys", table.baseAddress, 2) == 1)
            defer { MpAbiTrapRemoveImage(page.base) }
            return Self.withWindow(window, length: 4096, device: device) {
                Self.inChild(page.function(at: code), UInt64(UInt(bitPattern: window)))
            }
        }
        #expect(result.signal == SIGSEGV)
        #expect(result.note.hasPrefix("SIGSEGV at test.sys+0x10 (function at 0x10 +0x0): (unsupported) 03 07 c3"))
        #expect(device.log.isEmpty)
    }

    @Test("A privileged instruction the handler refuses (mov rax, dr7) and ud2 are not emulated")
    func refusedAndUndefined() throws {
        let recorder = Self.install()
        let page = try CodePage()
        let debug = page.add([0x0F, 0x21, 0xF8, 0xC3])                                                  // mov rax, dr7; ret
        let undefined = page.add([0x0F, 0x0B])                                                          // ud2
        page.seal()
        let refused = Self.inChild(page.function(at: debug), 0)
        #expect(refused.signal == SIGSEGV)
        #expect(refused.note.hasPrefix("SIGSEGV at 0x") && refused.note.contains(": mov rax, dr7 (0f 21 f8)"))
        let illegal = Self.inChild(page.function(at: undefined), 0)
        #expect(illegal.signal == SIGILL)
        #expect(illegal.note.contains(": (unsupported) 0f 0b"))
        // Accepted, it is skipped as a no-op in this process.
        _ = page.function(at: debug)(0, 0, 0)
        #expect(recorder.log.last == Privileged(kind: MPABI_TRAP_OTHER_PRIVILEGED, width: 8, port: 7, value: 0,
                                                text: "mov rax, dr7", length: 3))
    }

    @Test("A refusing window handler lets the fault proceed")
    func refusingWindow() throws {
        _ = Self.install()
        let page = try CodePage()
        let code = page.add([0x8B, 0x47, 0x04, 0xC3])                                                   // mov eax, [rdi+4]; ret
        page.seal()
        let window = Self.reservation()
        defer { munmap(window, 4096) }
        let device = Device(size: 4096)
        device.refuse = true
        let result = Self.withWindow(window, length: 4096, device: device) {
            Self.inChild(page.function(at: code), UInt64(UInt(bitPattern: window)))
        }
        #expect(result.signal == SIGSEGV)
        #expect(result.note.contains(": mov eax, dword [rdi+0x4] (8b 47 04), address 0x\(String(UInt(bitPattern: window) + 4, radix: 16))"))
    }
}
