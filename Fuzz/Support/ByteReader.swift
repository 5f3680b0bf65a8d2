/// Reads a fuzz input front to back, little-endian; past the end `byte()` is nil, the wider
/// reads are 0 and `bytes(_:)` is short or empty.
public struct ByteReader {
    public let input: UnsafeRawBufferPointer
    public var offset = 0

    public init(_ input: UnsafeRawBufferPointer) { self.input = input }

    public mutating func byte() -> UInt8? {
        guard offset < input.count else { return nil }
        defer { offset += 1 }
        return input[offset]
    }

    /// Up to `count` bytes (fewer at the end of the input).
    public mutating func bytes(_ count: Int) -> UnsafeRawBufferPointer.SubSequence {
        let end = min(input.count, offset + max(0, count))
        defer { offset = end }
        return input[offset..<end]
    }

    public mutating func u16() -> UInt16 { UInt16(byte() ?? 0) | UInt16(byte() ?? 0) << 8 }
    public mutating func u32() -> UInt32 { UInt32(u16()) | UInt32(u16()) << 16 }
    public mutating func u64() -> UInt64 { UInt64(u32()) | UInt64(u32()) << 32 }
}
