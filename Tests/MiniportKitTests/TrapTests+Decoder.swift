import CMiniportABI
import Testing

/// The fault trap's decoder, effective addresses, registries and crash naming, through the C API
/// directly (no fault involved).
extension TrapTests {
    static func decode(_ bytes: [UInt8]) -> (decoded: Bool, result: MPABI_TRAP_DECODED) {
        var result = MPABI_TRAP_DECODED()
        let decoded = bytes.withUnsafeBufferPointer { MpAbiTrapDecode($0.baseAddress, $0.count, &result) }
        return (decoded == 1, result)
    }

    static func text(_ decoded: MPABI_TRAP_DECODED) -> String {
        withUnsafeBytes(of: decoded.Text) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// Bytes from "44 0f 20 c0".
    static func bytes(_ hex: String) -> [UInt8] {
        hex.split(separator: " ").map { UInt8($0, radix: 16)! }
    }

    /// Encodings the trap knows, with their length and text.
    static let known: [(hex: String, op: MPABI_X86_OP, length: UInt32, text: String)] = [
        ("44 0f 20 c0", MPABI_X86_MOV_FROM_CR, 4, "mov rax, cr8"),
        ("4c 0f 20 c0", MPABI_X86_MOV_FROM_CR, 4, "mov rax, cr8"),
        ("45 0f 20 c1", MPABI_X86_MOV_FROM_CR, 4, "mov r9, cr8"),
        ("0f 20 c0", MPABI_X86_MOV_FROM_CR, 3, "mov rax, cr0"),
        ("0f 20 00", MPABI_X86_MOV_FROM_CR, 3, "mov rax, cr0"),   // the mod bits are ignored
        ("44 0f 22 c7", MPABI_X86_MOV_TO_CR, 4, "mov cr8, rdi"),
        ("0f 22 d8", MPABI_X86_MOV_TO_CR, 3, "mov cr3, rax"),
        ("0f 21 f8", MPABI_X86_MOV_FROM_DR, 3, "mov rax, dr7"),
        ("0f 23 c1", MPABI_X86_MOV_TO_DR, 3, "mov dr0, rcx"),
        ("fa", MPABI_X86_CLI, 1, "cli"),
        ("fb", MPABI_X86_STI, 1, "sti"),
        ("f4", MPABI_X86_HLT, 1, "hlt"),
        ("e4 80", MPABI_X86_IN, 2, "in al, 0x80"),
        ("e5 80", MPABI_X86_IN, 2, "in eax, 0x80"),
        ("66 e7 70", MPABI_X86_OUT, 3, "out 0x70, ax"),
        ("ee", MPABI_X86_OUT, 1, "out dx, al"),
        ("66 ed", MPABI_X86_IN, 2, "in ax, dx"),
        ("48 ed", MPABI_X86_IN, 2, "in eax, dx"),
        ("f3 6c", MPABI_X86_INS, 2, "rep insb"),
        ("f3 66 6f", MPABI_X86_OUTS, 3, "rep outsw"),
        ("6d", MPABI_X86_INS, 1, "insd"),
        ("0f 32", MPABI_X86_RDMSR, 2, "rdmsr"),
        ("0f 30", MPABI_X86_WRMSR, 2, "wrmsr"),
        ("0f 09", MPABI_X86_PRIVILEGED, 2, "wbinvd"),
        ("0f 08", MPABI_X86_PRIVILEGED, 2, "invd"),
        ("0f 06", MPABI_X86_PRIVILEGED, 2, "clts"),
        ("0f 01 38", MPABI_X86_PRIVILEGED, 3, "invlpg"),
        ("0f 01 55 10", MPABI_X86_PRIVILEGED, 4, "lgdt"),
        ("0f 01 15 00 00 00 00", MPABI_X86_PRIVILEGED, 7, "lgdt"),
        ("0f 00 d8", MPABI_X86_PRIVILEGED, 3, "ltr"),
        ("0f 01 f8", MPABI_X86_PRIVILEGED, 3, "swapgs"),
        ("8b 41 10", MPABI_X86_LOAD, 3, "mov eax, dword [rcx+0x10]"),
        ("48 8b 01", MPABI_X86_LOAD, 3, "mov rax, qword [rcx]"),
        ("8a 27", MPABI_X86_LOAD, 2, "mov ah, byte [rdi]"),
        ("40 8a 27", MPABI_X86_LOAD, 3, "mov spl, byte [rdi]"),
        ("0f b7 44 51 04", MPABI_X86_LOAD, 5, "movzx eax, word [rcx+rdx*2+0x4]"),
        ("48 0f be 07", MPABI_X86_LOAD, 4, "movsx rax, byte [rdi]"),
        ("4c 8b 44 24 f8", MPABI_X86_LOAD, 5, "mov r8, qword [rsp-0x8]"),
        ("8b 04 25 78 56 34 12", MPABI_X86_LOAD, 7, "mov eax, dword [0x12345678]"),
        ("8b 04 a5 00 01 00 00", MPABI_X86_LOAD, 7, "mov eax, dword [0x100]"),
        ("42 8b 04 a5 00 01 00 00", MPABI_X86_LOAD, 8, "mov eax, dword [r12*4+0x100]"),
        ("41 8b 45 00", MPABI_X86_LOAD, 4, "mov eax, dword [r13]"),
        ("43 8b 44 fd 80", MPABI_X86_LOAD, 5, "mov eax, dword [r13+r15*8-0x80]"),
        ("8b 05 10 00 00 00", MPABI_X86_LOAD, 6, "mov eax, dword [rip+0x10]"),
        ("67 8b 01", MPABI_X86_LOAD, 3, "mov eax, dword [ecx]"),
        ("48 a1 14 00 00 00 80 f7 ff ff", MPABI_X86_LOAD, 10, "mov rax, qword [0xfffff78000000014]"),
        ("67 a1 44 33 22 11", MPABI_X86_LOAD, 6, "mov eax, dword [0x11223344]"),
        ("a2 00 00 00 00 01 00 00 00", MPABI_X86_STORE, 9, "mov byte [0x100000000], al"),
        ("88 17", MPABI_X86_STORE, 2, "mov byte [rdi], dl"),
        ("66 89 0e", MPABI_X86_STORE, 3, "mov word [rsi], cx"),
        ("c6 00 7f", MPABI_X86_STORE_IMMEDIATE, 3, "mov byte [rax], 0x7f"),
        ("48 c7 40 08 fe ff ff ff", MPABI_X86_STORE_IMMEDIATE, 8, "mov qword [rax+0x8], 0xfffffffffffffffe"),
        ("48 63 07", MPABI_X86_LOAD, 3, "movsxd rax, dword [rdi]"),
        ("63 07", MPABI_X86_LOAD, 2, "mov eax, dword [rdi]"),
        ("f3 48 a5", MPABI_X86_MOVS, 3, "rep movsq"),
        ("a4", MPABI_X86_MOVS, 1, "movsb"),
        ("f2 a5", MPABI_X86_MOVS, 2, "repne movsd"),
        ("65 48 8b 04 25 30 00 00 00", MPABI_X86_LOAD, 9, "mov rax, qword gs:[0x30]"),
        ("48 66 8b 07", MPABI_X86_LOAD, 4, "mov ax, word [rdi]"),     // a prefix after REX cancels it
        ("66 48 8b 07", MPABI_X86_LOAD, 4, "mov rax, qword [rdi]"),   // REX.W wins over 66
        ("48 4c 8b 07", MPABI_X86_LOAD, 4, "mov r8, qword [rdi]"),    // the last REX counts
        ("2e 3e f0 8b 07", MPABI_X86_LOAD, 5, "mov eax, dword [rdi]"),
        ("f3 ab", MPABI_X86_STOS, 2, "rep stosd"),
        ("48 ab", MPABI_X86_STOS, 2, "stosq"),
        ("ac", MPABI_X86_LODS, 1, "lodsb"),
        ("66 ad", MPABI_X86_LODS, 2, "lodsw"),
        ("39 77 04", MPABI_X86_COMPARE, 3, "cmp dword [rdi+0x4], esi"),
        ("3b 37", MPABI_X86_COMPARE, 2, "cmp esi, dword [rdi]"),
        ("38 37", MPABI_X86_COMPARE, 2, "cmp byte [rdi], dh"),
        ("48 83 3f ff", MPABI_X86_COMPARE, 4, "cmp qword [rdi], 0xffffffffffffffff"),
        ("66 81 7f 02 00 80", MPABI_X86_COMPARE, 6, "cmp word [rdi+0x2], 0x8000"),
        ("80 79 10 01", MPABI_X86_COMPARE, 4, "cmp byte [rcx+0x10], 0x1"),
        ("f6 07 80", MPABI_X86_TEST, 3, "test byte [rdi], 0x80"),
        ("f7 41 08 00 00 00 80", MPABI_X86_TEST, 7, "test dword [rcx+0x8], 0x80000000"),
        ("85 37", MPABI_X86_TEST, 2, "test dword [rdi], esi"),
    ]

    @Test("The decoder knows each encoding: op, length and text")
    func decoderKnownEncodings() {
        for entry in Self.known {
            let (decoded, result) = Self.decode(Self.bytes(entry.hex))
            #expect(decoded, "\(entry.hex)")
            #expect(result.Op == entry.op, "\(entry.hex)")
            #expect(result.Length == entry.length, "\(entry.hex)")
            #expect(Self.text(result) == entry.text, "\(entry.hex)")
        }
    }

    @Test("Operands: registers, widths, extension, SIB without base, RIP-relative, immediates")
    func decoderOperands() {
        var r = Self.decode(Self.bytes("45 0f 20 c1")).result
        #expect(r.Special == 8 && r.Register == 9)
        r = Self.decode(Self.bytes("0f b7 44 51 04")).result
        #expect(r.Width == 2 && r.RegisterWidth == 4 && r.Extend == 1 && r.Base == 1 && r.Index == 2 && r.Scale == 2
                && r.Displacement == 4 && r.Register == 0)
        r = Self.decode(Self.bytes("48 63 07")).result
        #expect(r.Width == 4 && r.RegisterWidth == 8 && r.Extend == 2)
        r = Self.decode(Self.bytes("8a 27")).result
        #expect(r.Register == 16 + 0 + 0 + 0 + 0 && r.Width == 1)   // AH
        r = Self.decode(Self.bytes("8b 04 25 78 56 34 12")).result
        #expect(r.Base == MPABI_X86_REGISTER_NONE && r.Index == MPABI_X86_REGISTER_NONE && r.Displacement == 0x1234_5678)
        r = Self.decode(Self.bytes("8b 05 f0 ff ff ff")).result
        #expect(r.Base == MPABI_X86_REGISTER_RIP && r.Displacement == -16)
        r = Self.decode(Self.bytes("48 c7 40 08 fe ff ff ff")).result
        #expect(r.Immediate == 0xFFFF_FFFF_FFFF_FFFE && r.Width == 8)
        r = Self.decode(Self.bytes("e6 80")).result
        #expect(r.Port == 0x80 && r.Width == 1)
        r = Self.decode(Self.bytes("ef")).result
        #expect(r.Port == -1 && r.Width == 4)
        r = Self.decode(Self.bytes("f3 66 6d")).result
        #expect(r.Rep == 0xF3 && r.Width == 2)
        r = Self.decode(Self.bytes("65 48 8b 04 25 30 00 00 00")).result
        #expect(r.Segment == 0x65)
        r = Self.decode(Self.bytes("67 8b 01")).result
        #expect(r.AddressWidth == 4)
    }

    @Test("Effective addresses: base + index * scale + displacement, RIP after the instruction, 32-bit wrap")
    func effectiveAddresses() {
        var registers = [UInt64](repeating: 0, count: 16)
        registers[1] = 0x1000      // rcx
        registers[2] = 0x10        // rdx
        registers[13] = 0x5000     // r13
        registers[15] = 3          // r15
        func address(_ hex: String, rip: UInt64 = 0x40_0000) -> UInt64 {
            var decoded = Self.decode(Self.bytes(hex)).result
            return registers.withUnsafeBufferPointer { MpAbiTrapEffectiveAddress(&decoded, $0.baseAddress, rip) }
        }
        #expect(address("0f b7 44 51 04") == 0x1000 + 0x20 + 4)
        #expect(address("43 8b 44 fd 80") == 0x5000 + 24 - 0x80)
        #expect(address("8b 05 f0 ff ff ff") == 0x40_0000 + 6 - 16)
        #expect(address("8b 04 25 78 56 34 12") == 0x1234_5678)
        #expect(address("48 a1 14 00 00 00 80 f7 ff ff") == 0xFFFF_F780_0000_0014)
        registers[1] = 0x1_0000_0000
        #expect(address("67 8b 41 ff") == 0xFFFF_FFFF)   // [ecx-1] with ECX 0
        #expect(address("fa") == 0)
    }

    @Test("Not decoded: unsupported instructions, register forms, truncation, more than 15 bytes, nothing")
    func decoderRefusals() {
        for hex in ["8b c1", "0f 0b", "03 07", "c7 f8 00 00 00 00", "90", "0f 01 d0", "0f 00 c0", "c6 c0 01", "85 c0",
                    "83 07 01", "f7 17", "f6 c0 01"] {
            let (decoded, result) = Self.decode(Self.bytes(hex))
            #expect(!decoded && result.Op == MPABI_X86_UNSUPPORTED && result.Length == 0, "\(hex)")
            #expect(Self.text(result).hasPrefix("(unsupported) " + hex.prefix(2)), "\(hex)")
        }
        // Every strict prefix of a known encoding is truncated.
        for entry in Self.known {
            let bytes = Self.bytes(entry.hex)
            for count in 0..<bytes.count {
                let (decoded, result) = Self.decode(Array(bytes.prefix(count)))
                #expect(!decoded && result.Op == MPABI_X86_TRUNCATED && result.Length == 0, "\(entry.hex) cut at \(count)")
            }
        }
        let fifteen = [UInt8](repeating: 0x66, count: 12) + Self.bytes("8b 47 10")
        #expect(Self.decode(fifteen).result.Length == 15)
        let sixteen = [UInt8](repeating: 0x66, count: 13) + Self.bytes("8b 47 10")
        let tooLong = Self.decode(sixteen)
        #expect(!tooLong.decoded && tooLong.result.Op == MPABI_X86_INVALID && Self.text(tooLong.result).hasPrefix("(bad) 66"))
        var result = MPABI_TRAP_DECODED()
        #expect(MpAbiTrapDecode(nil, 15, &result) == 0 && result.Op == MPABI_X86_TRUNCATED)
        #expect(MpAbiTrapDecode(nil, 0, nil) == 0)
    }

    @Test("Garbage bytes: a decoded length fits the input and 15 bytes, and the same prefix decodes the same")
    func decoderGarbage() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func random() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        // Bias toward prefixes, REX and the opcodes the decoder knows.
        let interesting: [UInt8] = [0x66, 0x67, 0xF2, 0xF3, 0x64, 0x65, 0x40, 0x44, 0x48, 0x4F, 0x0F, 0x20, 0x22, 0x8B,
                                    0x89, 0x8A, 0x88, 0xC6, 0xC7, 0xA1, 0xA5, 0x6D, 0xEC, 0x04, 0x05, 0x25, 0x44, 0xB7, 0x63]
        var decodedCount = 0
        for _ in 0..<20000 {
            let count = Int(random() % 20)
            let bytes = (0..<count).map { _ in random() % 2 == 0 ? interesting[Int(random()) % interesting.count] : UInt8(truncatingIfNeeded: random()) }
            let (decoded, result) = Self.decode(bytes)
            if decoded {
                decodedCount += 1
                #expect(result.Length >= 1 && result.Length <= min(15, UInt32(count)))
                #expect(!Self.text(result).isEmpty)
                let again = Self.decode(Array(bytes.prefix(Int(result.Length))))
                #expect(again.decoded && again.result.Op == result.Op && again.result.Length == result.Length
                        && Self.text(again.result) == Self.text(result))
            } else {
                #expect(result.Length == 0)
            }
        }
        #expect(decodedCount > 1000)
    }

    // MARK: - Registries and crash naming

    @Test("Describing addresses: function of a registered image, between functions, outside all")
    func describeAddresses() {
        let image = UnsafeMutableRawPointer.allocate(byteCount: 0x3000, alignment: 4096)
        defer { image.deallocate() }
        let runtimeFunctions: [UInt32] = [0x1000, 0x1040, 0, 0x1040, 0x1100, 0, 0x2000, 0x2010, 0]
        func describe(_ address: UnsafeRawPointer, length: Int = 128) -> String {
            var buffer = [CChar](repeating: 0x7F, count: length)
            let written = MpAbiTrapDescribeAddress(address, &buffer, length)
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(written == text.utf8.count)
            return text
        }
        runtimeFunctions.withUnsafeBytes { table in
            #expect(MpAbiTrapAddImage(image, 0x3000, "phba.sys", table.baseAddress, 3) == 1)
            #expect(describe(image + 0x1044) == "phba.sys+0x1044 (function at 0x1040 +0x4)")
            #expect(describe(image + 0x1000) == "phba.sys+0x1000 (function at 0x1000 +0x0)")
            #expect(describe(image + 0x200F) == "phba.sys+0x200f (function at 0x2000 +0xf)")
            #expect(describe(image + 0x1800) == "phba.sys+0x1800")
            #expect(describe(image + 0x10) == "phba.sys+0x10")
            #expect(describe(image + 0x1044, length: 9) == "phba.sys")
            MpAbiTrapRemoveImage(image)
        }
        #expect(describe(image + 0x1044) == "0x" + String(UInt(bitPattern: image + 0x1044), radix: 16))
        #expect(MpAbiTrapAddImage(image, 0x3000, "x", nil, 4) == 0)
        #expect(MpAbiTrapAddImage(image, 0, "x", nil, 0) == 0)
    }

    @Test("Registries: full tables refuse, empty or wrapping ranges are refused, removal frees a slot")
    func registries() {
        let handler: MPABI_TRAP_WINDOW_HANDLER = { _, _, _, _, _ in 1 }
        // Full, refused, freed and found again: on a private table (the process's tables serve
        // the Windows images other tests run meanwhile).
        #expect(MpAbiTrapRegistrySelfTest() == 0)
        let extra = UnsafeRawPointer(bitPattern: UInt(0x7000_1000_0000))!

        let last = UnsafeRawPointer(bitPattern: UInt.max - 0xFFF)!
        #expect(MpAbiTrapAddWindow(last, 0x1000, handler, nil) == 1)   // ends at the last byte: fine
        MpAbiTrapRemoveWindow(last)
        #expect(MpAbiTrapAddWindow(last, 0x1001, handler, nil) == 0)   // wraps
        #expect(MpAbiTrapAddWindow(extra, 0, handler, nil) == 0)
        #expect(MpAbiTrapAddWindow(extra, 16, nil, nil) == 0)
        #expect(MpAbiTrapAddCodeRange(extra, 0) == 0)

    }
}
