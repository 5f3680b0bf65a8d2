import CChecksum

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table-driven: the checksum of dump
/// image format version 1.
public enum CRC32 {
    /// Eight tables of 256 entries (slicing by 8): table k gives the CRC of a byte followed by
    /// k zero bytes, so eight bytes are folded in with eight lookups.
    static let tables: [UInt32] = {
        var tables = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
            tables[index] = value
        }
        for slice in 1..<8 {
            for index in 0..<256 {
                let previous = tables[(slice - 1) * 256 + index]
                tables[slice * 256 + index] = (previous >> 8) ^ tables[Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// The CRC-32 (IEEE 802.3, reflected) of `bytes`: dump image format version 1.
    public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return 0 }
        // The running value stays in a local of the closure: captured from outside, it went
        // through memory on every step (a store and a load in the dependency chain).
        let crc = tables.withUnsafeBufferPointer { table -> UInt32 in
            var crc: UInt32 = 0xFFFF_FFFF
            var offset = 0
            let count = bytes.count
            while offset &+ 8 <= count {
                let low = crc ^ UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                let high = UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset &+ 4, as: UInt32.self))
                crc = table[7 * 256 + Int(low & 0xFF)] ^ table[6 * 256 + Int(low >> 8 & 0xFF)]
                    ^ table[5 * 256 + Int(low >> 16 & 0xFF)] ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)] ^ table[2 * 256 + Int(high >> 8 & 0xFF)]
                    ^ table[256 + Int(high >> 16 & 0xFF)] ^ table[Int(high >> 24)]
                offset &+= 8
            }
            while offset < count {
                crc = table[Int((crc ^ UInt32(base.load(fromByteOffset: offset, as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
                offset &+= 1
            }
            return crc
        }
        return crc ^ 0xFFFF_FFFF
    }
}

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, initial value and final XOR
/// 0xFFFFFFFF): the checksum of dump image format version 2. The SSE4.2 CRC32 instruction
/// computes it where the processor has one, a table everywhere else (`CChecksum`).
public enum CRC32C {
    /// An implementation of the checksum.
    public enum Engine: Sendable, CaseIterable, CustomStringConvertible {
        /// Slicing by 8 tables, on any processor.
        case table
        /// The SSE4.2 CRC32 instruction, four chunks side by side (x86-64).
        case sse42

        var raw: mp_crc32c_engine { self == .table ? MP_CRC32C_TABLE : MP_CRC32C_SSE42 }

        /// Whether this processor can run the engine.
        public var isAvailable: Bool { mp_crc32c_available(raw) != 0 }

        /// The fastest engine this processor has.
        public static var fastest: Engine { mp_crc32c_selected() == MP_CRC32C_SSE42 ? .sse42 : .table }

        /// How the engine computes, in words.
        public var description: String { self == .table ? "table (slicing by 8)" : "SSE4.2 CRC32 instruction" }
    }

    /// The CRC-32C of `bytes`. An engine this processor lacks falls back to the table.
    public static func checksum(_ bytes: UnsafeRawBufferPointer, engine: Engine = .fastest) -> UInt32 {
        mp_crc32c(engine.raw, bytes.baseAddress, bytes.count)
    }

    /// The CRC-32C of every `chunkSize`-byte piece of `bytes` (the last may be shorter) into
    /// `checksums`, which must hold one entry per piece.
    public static func checksums(of bytes: UnsafeRawBufferPointer, chunkSize: Int,
                                 into checksums: UnsafeMutableBufferPointer<UInt32>, engine: Engine = .fastest) {
        precondition(chunkSize > 0, "chunk size must be positive")
        let count = (bytes.count + chunkSize - 1) / chunkSize
        precondition(checksums.count >= count, "\(count) checksums do not fit in \(checksums.count)")
        guard count > 0 else { return }
        mp_crc32c_chunks(engine.raw, bytes.baseAddress, bytes.count, chunkSize, checksums.baseAddress)
    }

    /// CPUs this process may run on.
    public static var usableCPUs: Int { Int(mp_crc32c_usable_cpus()) }

    /// ``checksums(of:chunkSize:into:engine:)`` on a thread of its own; nil when no thread could
    /// be started. `bytes` must not change, and neither buffer go away, until the result's
    /// ``Background/wait()`` returns (dropping the result waits too).
    public static func checksumsInBackground(of bytes: UnsafeRawBufferPointer, chunkSize: Int,
                                             into checksums: UnsafeMutableBufferPointer<UInt32>,
                                             engine: Engine = .fastest) -> Background? {
        precondition(chunkSize > 0, "chunk size must be positive")
        precondition(checksums.count >= (bytes.count + chunkSize - 1) / chunkSize, "the checksums do not fit")
        guard bytes.count > 0 else { return nil }
        guard let job = mp_crc32c_chunks_start(engine.raw, bytes.baseAddress, bytes.count, chunkSize,
                                               checksums.baseAddress) else { return nil }
        return Background(job: job)
    }

    /// Checksums being computed on another thread.
    public struct Background: ~Copyable {
        private let job: OpaquePointer

        fileprivate init(job: OpaquePointer) { self.job = job }

        /// Returns when every checksum is written.
        public consuming func wait() {}

        deinit { mp_crc32c_chunks_wait(job) }
    }
}
