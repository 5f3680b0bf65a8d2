import CMiniportABI

/// fuzz-x86: any bytes through the fault trap's instruction decoder (CMiniportABI/src/
/// mpabi_trap_decode.c), walked like a disassembler: an instruction at each position, the next
/// one after it (or one byte on when nothing decodes).
///
/// Checked: a decoded length is 1...15 and within the bytes given; an undecoded one is 0; the
/// text is NUL-terminated inside its 48 bytes; the instruction's own bytes decode to the same op,
/// length and text (what follows does not change it); the effective address of a decoded memory
/// operand is computed without a trap; and (AddressSanitizer) nothing is read past the bytes.
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    let bytes = Array(input.prefix(maximumInput))
    let registers: [UInt64] = (0..<16).map { 0x0101_0101_0101_0101 &* UInt64($0) }
    var at = 0
    while at < bytes.count {
        let window = Array(bytes[at..<min(bytes.count, at + 17)])
        let (decoded, result) = decode(window)
        if decoded {
            precondition(result.Length >= 1 && result.Length <= 15 && Int(result.Length) <= window.count,
                         "decoded length \(result.Length) of \(window.count) bytes")
            let again = decode(Array(window.prefix(Int(result.Length))))
            precondition(again.decoded && again.result.Op == result.Op && again.result.Length == result.Length
                         && text(again.result) == text(result), "the instruction's own bytes decode differently")
            var copy = result
            _ = registers.withUnsafeBufferPointer { MpAbiTrapEffectiveAddress(&copy, $0.baseAddress, 0x1000) }
            at += Int(result.Length)
        } else {
            precondition(result.Length == 0, "undecoded with length \(result.Length)")
            at += 1
        }
        _ = text(result)
    }
}

/// Largest input walked (bytes).
let maximumInput = 4096

private func decode(_ bytes: [UInt8]) -> (decoded: Bool, result: MPABI_TRAP_DECODED) {
    var result = MPABI_TRAP_DECODED()
    let decoded = bytes.withUnsafeBufferPointer { MpAbiTrapDecode($0.baseAddress, $0.count, &result) }
    return (decoded == 1, result)
}

/// The text, checked to end inside its field.
private func text(_ decoded: MPABI_TRAP_DECODED) -> String {
    withUnsafeBytes(of: decoded.Text) { raw in
        precondition(raw.contains(0), "the text is not NUL-terminated")
        return String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}
