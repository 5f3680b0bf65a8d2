/// Assembles parameter data (INQUIRY, MODE SENSE, READ CAPACITY ...) in a caller-provided,
/// zero-filled buffer, tracking how many bytes the response holds.
struct ResponseBuilder {
    let buffer: UnsafeMutableRawBufferPointer
    /// One past the highest byte written (or reserved with ``reserve(upTo:)``).
    private(set) var length = 0

    init(_ buffer: UnsafeMutableRawBufferPointer) {
        self.buffer = buffer
    }

    subscript(offset: Int) -> UInt8 {
        get { buffer[offset] }
        set {
            buffer[offset] = newValue
            length = max(length, offset + 1)
        }
    }

    /// Marks bytes up to `end` as part of the response (they stay zero unless written).
    mutating func reserve(upTo end: Int) {
        precondition(end <= buffer.count, "response larger than its buffer")
        length = max(length, end)
    }

    /// Sets bits in the byte at `offset`.
    mutating func setBits(_ mask: UInt8, at offset: Int, if condition: Bool = true) {
        if condition { self[offset] |= mask }
    }

    /// Stores `value` big-endian at `offset`, in `MemoryLayout<T>.size` bytes.
    mutating func setBigEndian<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        let width = MemoryLayout<T>.size
        for index in 0..<width {
            self[offset + index] = UInt8(truncatingIfNeeded: value >> ((width - 1 - index) * 8))
        }
    }

    /// Stores the low `width` bytes of `value` big-endian at `offset` (e.g. 24-bit fields).
    mutating func setBigEndian(_ value: UInt64, at offset: Int, width: Int) {
        for index in 0..<width {
            self[offset + index] = UInt8(truncatingIfNeeded: value >> ((width - 1 - index) * 8))
        }
    }

    /// Stores `bytes` at `offset`, padded with ASCII spaces (or cut) to exactly `width` bytes.
    mutating func setPadded(_ bytes: [UInt8], at offset: Int, width: Int) {
        for index in 0..<width {
            self[offset + index] = index < bytes.count ? bytes[index] : ASCII.space
        }
    }

    /// Stores `bytes` at `offset` as they are.
    mutating func setBytes(_ bytes: [UInt8], at offset: Int) {
        for (index, byte) in bytes.enumerated() { self[offset + index] = byte }
    }
}

enum ASCII {
    static let space: UInt8 = 0x20
}

/// Stack-based response assembly and delivery.
enum Response {
    /// Builds a response in a zeroed stack buffer of `capacity` bytes and copies
    /// `min(allocationLength, built)` bytes to the initiator, as SPC's allocation length rule says.
    static func send(_ data: inout SCSIDataTransfer, allocationLength: Int, capacity: Int,
                     _ build: (inout ResponseBuilder) -> Void) {
        withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 8) { buffer in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            var builder = ResponseBuilder(buffer)
            build(&builder)
            data.copyIn(from: UnsafeRawPointer(buffer.baseAddress!), count: min(allocationLength, builder.length))
        }
    }

    /// Copies prebuilt parameter data, truncated to the allocation length.
    static func send(_ bytes: [UInt8], _ data: inout SCSIDataTransfer, allocationLength: Int) {
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress {
                data.copyIn(from: base, count: min(allocationLength, raw.count))
            }
        }
    }

    /// Builds parameter data once (at init) into an array of exactly the built length.
    static func make(capacity: Int, _ build: (inout ResponseBuilder) -> Void) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: capacity)
        let length = result.withUnsafeMutableBytes { raw in
            var builder = ResponseBuilder(raw)
            build(&builder)
            return builder.length
        }
        result.removeLast(capacity - length)
        return result
    }
}
