#if canImport(Glibc)
import Glibc
#endif

/// The image the dump port writes: a crash dump or a hibernation image of the machine's
/// memory, laid over the block runs of the boot disk's dump area (docs/dump-image.md).
public enum DumpImage {
    /// "MPDUMP01"
    public static let magic: [UInt8] = Array("MPDUMP01".utf8)
    public static let version: UInt32 = 1
    public static let headerSize = 4096
    public static let chunkSize = 64 * 1024
    /// Runs the header can describe.
    public static let maximumRuns = (headerSize - Offset.runs) / 16

    enum Offset {
        static let magic = 0x000
        static let version = 0x008
        static let mode = 0x00C
        static let memorySize = 0x010
        static let chunkSize = 0x018
        static let chunkCount = 0x01C
        static let runCount = 0x020
        static let blockSize = 0x024
        static let imageBytes = 0x028
        static let createdAt = 0x030
        static let headerChecksum = 0x038
        static let runs = 0x040
    }

    /// A contiguous range of blocks of the dump area.
    public struct Run: Sendable, Equatable, Codable {
        public var lba: UInt64
        public var blocks: UInt64

        public init(lba: UInt64, blocks: UInt64) {
            self.lba = lba
            self.blocks = blocks
        }
    }

    public enum Mode: UInt32, Sendable, Codable {
        case crash = 1
        case hibernation = 2
    }

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case areaTooSmall(needed: UInt64, available: UInt64)
        case tooManyRuns(Int)
        case badMagic
        case unsupportedVersion(UInt32)
        case headerChecksum
        case headerMismatch(String)
        case chunkChecksum(chunk: Int)
        case contentMismatch(offset: Int)
        case disk(DiskError)

        public var description: String {
            switch self {
            case .areaTooSmall(let needed, let available):
                return "the dump area holds \(available) bytes; the image needs \(needed)"
            case .tooManyRuns(let count): return "\(count) runs; the header describes at most \(DumpImage.maximumRuns)"
            case .badMagic: return "no dump image (bad magic)"
            case .unsupportedVersion(let version): return "dump image version \(version) is not supported"
            case .headerChecksum: return "the dump header's checksum does not match"
            case .headerMismatch(let field): return "the dump header's \(field) does not match the machine"
            case .chunkChecksum(let chunk): return "memory chunk \(chunk) fails its checksum"
            case .contentMismatch(let offset): return "memory differs from the machine's at byte \(offset)"
            case .disk(let error): return "disk: \(error)"
            }
        }
    }

    /// Bytes an image of `memorySize` bytes takes.
    public static func imageBytes(memorySize: Int, blockSize: Int) -> UInt64 {
        let chunks = (memorySize + chunkSize - 1) / chunkSize
        let checksums = roundUp(chunks * 4, blockSize)
        return UInt64(headerSize + checksums + roundUp(memorySize, blockSize))
    }

    static func roundUp(_ value: Int, _ unit: Int) -> Int { (value + unit - 1) / unit * unit }

    // MARK: writing

    /// Writes an image of `memory` over `runs` of `disk`, in transfers the disk class sizes to
    /// the adapter's limits; returns the bytes written.
    @discardableResult
    public static func write(_ memory: UnsafeRawBufferPointer, mode: Mode, runs: [Run], to disk: DiskClass,
                             createdAt: UInt64 = 0) throws(Failure) -> UInt64 {
        let blockSize = disk.blockSize
        guard runs.count <= maximumRuns else { throw .tooManyRuns(runs.count) }
        let needed = imageBytes(memorySize: memory.count, blockSize: blockSize)
        let available = runs.reduce(UInt64(0)) { $0 + $1.blocks * UInt64(blockSize) }
        guard needed <= available else { throw .areaTooSmall(needed: needed, available: available) }

        let chunks = (memory.count + chunkSize - 1) / chunkSize
        let checksumBytes = roundUp(chunks * 4, blockSize)
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: headerSize + checksumBytes, alignment: 4096)
        defer { head.deallocate() }
        head.initializeMemory(as: UInt8.self, repeating: 0)
        for chunk in 0..<chunks {
            let start = chunk * chunkSize
            let piece = UnsafeRawBufferPointer(rebasing: memory[start..<min(start + chunkSize, memory.count)])
            head.storeBytes(of: CRC32.checksum(piece).littleEndian, toByteOffset: headerSize + chunk * 4, as: UInt32.self)
        }
        for (index, byte) in magic.enumerated() { head[Offset.magic + index] = byte }
        head.storeBytes(of: version.littleEndian, toByteOffset: Offset.version, as: UInt32.self)
        head.storeBytes(of: mode.rawValue.littleEndian, toByteOffset: Offset.mode, as: UInt32.self)
        head.storeBytes(of: UInt64(memory.count).littleEndian, toByteOffset: Offset.memorySize, as: UInt64.self)
        head.storeBytes(of: UInt32(chunkSize).littleEndian, toByteOffset: Offset.chunkSize, as: UInt32.self)
        head.storeBytes(of: UInt32(chunks).littleEndian, toByteOffset: Offset.chunkCount, as: UInt32.self)
        head.storeBytes(of: UInt32(runs.count).littleEndian, toByteOffset: Offset.runCount, as: UInt32.self)
        head.storeBytes(of: UInt32(blockSize).littleEndian, toByteOffset: Offset.blockSize, as: UInt32.self)
        head.storeBytes(of: needed.littleEndian, toByteOffset: Offset.imageBytes, as: UInt64.self)
        head.storeBytes(of: createdAt.littleEndian, toByteOffset: Offset.createdAt, as: UInt64.self)
        for (index, run) in runs.enumerated() {
            head.storeBytes(of: run.lba.littleEndian, toByteOffset: Offset.runs + index * 16, as: UInt64.self)
            head.storeBytes(of: run.blocks.littleEndian, toByteOffset: Offset.runs + index * 16 + 8, as: UInt64.self)
        }
        let checksum = CRC32.checksum(UnsafeRawBufferPointer(rebasing: head[0..<headerSize]))
        head.storeBytes(of: checksum.littleEndian, toByteOffset: Offset.headerChecksum, as: UInt32.self)

        var stream = RunStream(runs: runs, blockSize: blockSize)
        try stream.write(UnsafeRawBufferPointer(head), to: disk)
        try stream.write(memory, to: disk)
        return needed
    }

    // MARK: reading

    /// What a validated image says.
    public struct Header: Sendable, Equatable {
        public var mode: Mode
        public var memorySize: Int
        public var runs: [Run]
        public var blockSize: Int
        public var imageBytes: UInt64
        public var createdAt: UInt64
    }

    /// Reads the image over `runs`, checks header and every chunk checksum, and copies the
    /// memory into `memory` (which must be the recorded size).
    public static func read(runs: [Run], from disk: DiskClass,
                            into memory: UnsafeMutableRawBufferPointer) throws(Failure) -> Header {
        let blockSize = disk.blockSize
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: headerSize, alignment: 4096)
        defer { head.deallocate() }
        var stream = RunStream(runs: runs, blockSize: blockSize)
        try stream.read(into: head, from: disk)
        guard Array(head[0..<8]) == magic else { throw .badMagic }
        let imageVersion = UInt32(littleEndian: head.load(fromByteOffset: Offset.version, as: UInt32.self))
        guard imageVersion == version else { throw .unsupportedVersion(imageVersion) }
        let stored = UInt32(littleEndian: head.load(fromByteOffset: Offset.headerChecksum, as: UInt32.self))
        head.storeBytes(of: 0, toByteOffset: Offset.headerChecksum, as: UInt32.self)
        guard CRC32.checksum(UnsafeRawBufferPointer(head)) == stored else { throw .headerChecksum }
        guard let mode = Mode(rawValue: UInt32(littleEndian: head.load(fromByteOffset: Offset.mode, as: UInt32.self))) else {
            throw .headerMismatch("mode")
        }
        let memorySize = Int(UInt64(littleEndian: head.load(fromByteOffset: Offset.memorySize, as: UInt64.self)))
        let chunks = Int(UInt32(littleEndian: head.load(fromByteOffset: Offset.chunkCount, as: UInt32.self)))
        let runCount = Int(UInt32(littleEndian: head.load(fromByteOffset: Offset.runCount, as: UInt32.self)))
        let recordedBlockSize = Int(UInt32(littleEndian: head.load(fromByteOffset: Offset.blockSize, as: UInt32.self)))
        guard memorySize == memory.count else { throw .headerMismatch("memory size") }
        guard UInt32(littleEndian: head.load(fromByteOffset: Offset.chunkSize, as: UInt32.self)) == UInt32(chunkSize),
              chunks == (memorySize + chunkSize - 1) / chunkSize else { throw .headerMismatch("chunk layout") }
        guard recordedBlockSize == blockSize else { throw .headerMismatch("block size") }
        guard runCount == runs.count, runCount <= maximumRuns else { throw .headerMismatch("run count") }
        var recorded: [Run] = []
        for index in 0..<runCount {
            recorded.append(Run(
                lba: UInt64(littleEndian: head.load(fromByteOffset: Offset.runs + index * 16, as: UInt64.self)),
                blocks: UInt64(littleEndian: head.load(fromByteOffset: Offset.runs + index * 16 + 8, as: UInt64.self))))
        }
        guard recorded == runs else { throw .headerMismatch("runs") }

        let checksumBytes = roundUp(chunks * 4, blockSize)
        let checksums = UnsafeMutableRawBufferPointer.allocate(byteCount: checksumBytes, alignment: 4096)
        defer { checksums.deallocate() }
        try stream.read(into: checksums, from: disk)
        try stream.read(into: memory, from: disk)
        for chunk in 0..<chunks {
            let start = chunk * chunkSize
            let piece = UnsafeRawBufferPointer(rebasing: memory[start..<min(start + chunkSize, memory.count)])
            let expected = UInt32(littleEndian: checksums.load(fromByteOffset: chunk * 4, as: UInt32.self))
            guard CRC32.checksum(piece) == expected else { throw .chunkChecksum(chunk: chunk) }
        }
        return Header(mode: mode, memorySize: memorySize, runs: recorded, blockSize: blockSize,
                      imageBytes: UInt64(littleEndian: head.load(fromByteOffset: Offset.imageBytes, as: UInt64.self)),
                      createdAt: UInt64(littleEndian: head.load(fromByteOffset: Offset.createdAt, as: UInt64.self)))
    }

    /// Reads and validates the image, then compares the memory with `expected` bit for bit.
    @discardableResult
    public static func verify(runs: [Run], from disk: DiskClass, expected: UnsafeRawBufferPointer) throws(Failure) -> Header {
        let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: expected.count, alignment: 4096)
        defer { memory.deallocate() }
        let header = try read(runs: runs, from: disk, into: memory)
        if memcmp(memory.baseAddress!, expected.baseAddress!, expected.count) != 0,
           let offset = memory.indices.first(where: { memory[$0] != expected[$0] }) {
            throw .contentMismatch(offset: offset)
        }
        return header
    }
}

/// A byte stream laid over a list of block runs: sequential, block-aligned reads and writes.
struct RunStream {
    let runs: [DumpImage.Run]
    let blockSize: Int
    private var run = 0
    private var blockInRun: UInt64 = 0

    init(runs: [DumpImage.Run], blockSize: Int) {
        self.runs = runs
        self.blockSize = blockSize
    }

    /// Writes `data` (padded with zeros to whole blocks) at the stream's position.
    mutating func write(_ data: UnsafeRawBufferPointer, to disk: DiskClass) throws(DumpImage.Failure) {
        // The disk class only reads a buffer it writes from.
        try transfer(UnsafeMutableRawBufferPointer(mutating: data), write: true, disk: disk)
    }

    /// Reads into `data` (whole blocks; a partial last block is read and trimmed).
    mutating func read(into data: UnsafeMutableRawBufferPointer, from disk: DiskClass) throws(DumpImage.Failure) {
        try transfer(data, write: false, disk: disk)
    }

    /// Moves `data` in place, as much of the current run per request as fits; only a partial
    /// last block goes through a zero-padded block of its own.
    private mutating func transfer(_ data: UnsafeMutableRawBufferPointer, write: Bool,
                                   disk: DiskClass) throws(DumpImage.Failure) {
        var offset = 0
        var tail: UnsafeMutableRawBufferPointer?
        defer { tail?.deallocate() }
        while offset < data.count {
            let (lba, available) = try position()
            let whole = (data.count - offset) / blockSize
            let blocks = whole > 0 ? min(Int(available), whole) : 1
            let take = min(blocks * blockSize, data.count - offset)
            let buffer: UnsafeMutableRawBufferPointer
            if take == blocks * blockSize {
                buffer = UnsafeMutableRawBufferPointer(rebasing: data[offset..<(offset + take)])
            } else {
                let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 4096)
                tail = block
                block.initializeMemory(as: UInt8.self, repeating: 0)
                if write { block.copyMemory(from: UnsafeRawBufferPointer(rebasing: data[offset..<(offset + take)])) }
                buffer = block
            }
            do throws(DiskError) {
                if write { try disk.write(lba: lba, from: buffer) } else { try disk.read(lba: lba, into: buffer) }
            } catch {
                throw .disk(error)
            }
            if !write, buffer.count > take {
                UnsafeMutableRawBufferPointer(rebasing: data[offset..<(offset + take)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer[0..<take]))
            }
            advance(UInt64(blocks))
            offset += take
        }
    }

    private func position() throws(DumpImage.Failure) -> (lba: UInt64, blocks: UInt64) {
        guard run < runs.count else { throw .areaTooSmall(needed: 0, available: 0) }
        return (runs[run].lba + blockInRun, runs[run].blocks - blockInRun)
    }

    private mutating func advance(_ blocks: UInt64) {
        blockInRun += blocks
        while run < runs.count, blockInRun >= runs[run].blocks {
            blockInRun -= runs[run].blocks
            run += 1
        }
    }
}

/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), table-driven.
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

/// The machine's memory for dump tests: a buffer of a chosen size with known, reproducible
/// content (xorshift64* from a seed).
public final class SystemMemory {
    public let bytes: UnsafeMutableRawBufferPointer
    public let seed: UInt64

    public init(size: Int, seed: UInt64 = 0x5EED) {
        self.seed = seed
        bytes = .allocate(byteCount: size, alignment: 4096)
        var state = seed | 1
        var offset = 0
        while offset < size {
            state ^= state >> 12
            state ^= state << 25
            state ^= state >> 27
            let value = (state &* 0x2545_F491_4F6C_DD1D).littleEndian
            withUnsafeBytes(of: value) { raw in
                let take = min(8, size - offset)
                for index in 0..<take { bytes[offset + index] = raw[index] }
            }
            offset += 8
        }
    }

    deinit { bytes.deallocate() }
}

extension DumpImage {
    /// A dump area for `bytes` on a disk of `blockCount` blocks, the way a pagefile's extents look:
    /// `fragments` runs in the upper half of the disk (or as high as they fit) with gaps before,
    /// between and after them; nil when the disk is too small.
    public static func area(bytes: UInt64, blockSize: Int, blockCount: UInt64, fragments: Int = 3,
                            gapBlocks: UInt64 = 64) -> [Run]? {
        let blocks = (bytes + UInt64(blockSize) - 1) / UInt64(blockSize)
        let pieces = UInt64(max(fragments, 1))
        let per = (blocks + pieces - 1) / pieces
        // A gap before every run and after the last, so the blocks around each run are on the disk.
        let span = per * pieces + gapBlocks * (pieces + 1)
        guard blockCount >= span else { return nil }
        let start = blockCount >= span + blockCount / 2 ? blockCount / 2 : blockCount - span
        return (0..<pieces).map { index in
            Run(lba: start + index * (per + gapBlocks) + gapBlocks, blocks: per)
        }
    }
}
