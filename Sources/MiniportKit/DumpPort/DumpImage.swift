#if canImport(Glibc)
import Glibc
#endif

/// What the dump image writer and reader need of a disk: its block size and whole-block reads
/// and writes. ``DiskClass`` is one (the dump port's disk, the rebooted driver's); a test or a
/// fuzz target can hand the reader any other, such as bytes in memory.
public protocol DumpImageDisk: AnyObject {
    /// Bytes per block.
    var blockSize: Int { get }
    /// Reads whole blocks from `lba` into `buffer` (a multiple of the block size).
    func read(lba: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DiskError)
    /// Writes whole blocks from `buffer` (a multiple of the block size) at `lba`.
    func write(lba: UInt64, from buffer: UnsafeRawBufferPointer) throws(DiskError)
}

extension DiskClass: DumpImageDisk {}

/// The image the dump port writes: a crash dump or a hibernation image of the machine's
/// memory, laid over the block runs of the boot disk's dump area (docs/dump-image.md).
public enum DumpImage {
    /// "MPDUMP01"
    public static let magic: [UInt8] = Array("MPDUMP01".utf8)
    /// The format version ``write(_:mode:runs:to:createdAt:format:parallelChecksums:)`` writes by default.
    public static let version: UInt32 = Format.current.rawValue
    /// Bytes of the header at the start of the image.
    public static let headerSize = 4096
    /// Runs the header can describe.
    public static let maximumRuns = (headerSize - Offset.runs) / 16
    /// Memory moves in pieces of about this size: each piece is checksummed, then written (or
    /// read, then checked) while it is still in the processor's cache.
    static let pieceTarget = 256 * 1024
    /// From this much memory on, ``write(_:mode:runs:to:createdAt:format:parallelChecksums:)``
    /// may checksum on a second thread.
    static let parallelThreshold = 8 << 20

    /// A version of the image format: how the memory is cut into chunks and checksummed.
    public enum Format: UInt32, Sendable, CaseIterable {
        /// CRC-32 (IEEE) over 64 KiB chunks.
        case version1 = 1
        /// CRC-32C over 4 KiB chunks: the SSE4.2 instruction computes four chunks side by
        /// side, about 15× faster than the CRC-32 table on the machines measured
        /// (docs/performance.md).
        case version2 = 2

        /// The version the writer uses unless told otherwise.
        public static let current = Format.version2

        /// Bytes of memory per checksum.
        public var chunkSize: Int { self == .version1 ? 64 * 1024 : 4096 }

        /// The checksum of the header and of one chunk.
        func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
            self == .version1 ? CRC32.checksum(bytes) : CRC32C.checksum(bytes)
        }

        /// The checksum of every chunk of `bytes` (the last may be shorter) into `output`.
        func checksums(of bytes: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt32>) {
            if self == .version2 {
                CRC32C.checksums(of: bytes, chunkSize: chunkSize, into: output)
                return
            }
            var index = 0, offset = 0
            while offset < bytes.count {
                output[index] = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[offset..<min(offset + chunkSize, bytes.count)]))
                index += 1
                offset += chunkSize
            }
        }

        /// Bytes of memory moved per request: whole chunks and whole blocks, about ``pieceTarget``.
        func pieceSize(blockSize: Int) -> Int {
            func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }
            let unit = chunkSize / gcd(chunkSize, blockSize) * blockSize
            return max(1, DumpImage.pieceTarget / unit) * unit
        }
    }

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
        /// First block of the run.
        public var lba: UInt64
        /// Length of the run in blocks.
        public var blocks: UInt64

        /// A run of `blocks` blocks from `lba`.
        public init(lba: UInt64, blocks: UInt64) {
            self.lba = lba
            self.blocks = blocks
        }
    }

    /// Why the image was written, recorded in its header.
    public enum Mode: UInt32, Sendable, Codable {
        /// A crash dump (dump mode 1).
        case crash = 1
        /// A hibernation image (dump mode 2).
        case hibernation = 2
    }

    /// Why an image could not be written or did not validate.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// The dump area has fewer blocks than the image needs.
        case areaTooSmall(needed: UInt64, available: UInt64)
        /// More runs than the header can describe (``DumpImage/maximumRuns``).
        case tooManyRuns(Int)
        /// No complete image: the magic is missing.
        case badMagic
        /// A format version this reader does not know.
        case unsupportedVersion(UInt32)
        /// The header's own checksum does not match.
        case headerChecksum
        /// A header field disagrees with the machine (the field named).
        case headerMismatch(String)
        /// A chunk of memory does not match its checksum.
        case chunkChecksum(chunk: Int)
        /// The memory read back differs from the expected memory at this byte offset.
        case contentMismatch(offset: Int)
        /// The disk failed a read or a write.
        case disk(DiskError)

        /// The failure in words.
        public var description: String {
            switch self {
            case .areaTooSmall(let needed, let available):
                return "the dump area holds \(available) bytes; the image needs \(needed)"
            case .tooManyRuns(let count): return "\(count) runs; the header describes at most \(DumpImage.maximumRuns)"
            case .badMagic: return "no complete dump image (bad magic: never written, or writing stopped before the header)"
            case .unsupportedVersion(let version): return "dump image version \(version) is not supported"
            case .headerChecksum: return "the dump header's checksum does not match"
            case .headerMismatch(let field): return "the dump header's \(field) does not match the machine"
            case .chunkChecksum(let chunk): return "memory chunk \(chunk) fails its checksum"
            case .contentMismatch(let offset): return "memory differs from the machine's at byte \(offset)"
            case .disk(let error): return "disk: \(error)"
            }
        }
    }

    /// Bytes an image of `memorySize` bytes takes: header and checksum table together padded
    /// to whole blocks, then the memory padded to whole blocks.
    public static func imageBytes(memorySize: Int, blockSize: Int, format: Format = .current) -> UInt64 {
        UInt64(headBytes(memorySize: memorySize, blockSize: blockSize, format: format) + roundUp(memorySize, blockSize))
    }

    /// Bytes of header and checksum table.
    static func headBytes(memorySize: Int, blockSize: Int, format: Format) -> Int {
        roundUp(headerSize + chunkCount(memorySize: memorySize, format: format) * 4, blockSize)
    }

    static func chunkCount(memorySize: Int, format: Format) -> Int {
        (memorySize + format.chunkSize - 1) / format.chunkSize
    }

    static func roundUp(_ value: Int, _ unit: Int) -> Int { (value + unit - 1) / unit * unit }

    // MARK: writing

    /// Writes an image of `memory` over `runs` of `disk`, in transfers the disk class sizes to
    /// the adapter's limits; returns the bytes written.
    ///
    /// The first block of the area is zeroed first and the header written last, so an image
    /// whose writing stopped midway is never taken for a complete one.
    ///
    /// With `parallelChecksums` (the default), at least `parallelThreshold` bytes of memory and
    /// more than one CPU to run on, a second thread computes the checksums while this one writes
    /// (the emulated machine, the dump port and the miniport stay on this thread). Otherwise
    /// each piece of memory is checksummed right before it is written, while it is in the cache.
    @discardableResult
    public static func write(_ memory: UnsafeRawBufferPointer, mode: Mode, runs: [Run], to disk: some DumpImageDisk,
                             createdAt: UInt64 = 0, format: Format = .current,
                             parallelChecksums: Bool = true) throws(Failure) -> UInt64 {
        let blockSize = disk.blockSize
        guard runs.count <= maximumRuns else { throw .tooManyRuns(runs.count) }
        let needed = imageBytes(memorySize: memory.count, blockSize: blockSize, format: format)
        let available = runs.reduce(UInt64(0)) { $0 + $1.blocks * UInt64(blockSize) }
        guard needed <= available else { throw .areaTooSmall(needed: needed, available: available) }

        let chunks = chunkCount(memorySize: memory.count, format: format)
        let headBytes = headBytes(memorySize: memory.count, blockSize: blockSize, format: format)
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: headBytes, alignment: 4096)
        defer { head.deallocate() }
        head.initializeMemory(as: UInt8.self, repeating: 0)

        var invalidate = RunStream(runs: runs, blockSize: blockSize)
        try invalidate.write(UnsafeRawBufferPointer(rebasing: head[0..<blockSize]), to: disk)

        let table = UnsafeMutableBufferPointer<UInt32>(
            start: (head.baseAddress! + headerSize).bindMemory(to: UInt32.self, capacity: chunks), count: chunks)
        var stream = RunStream(runs: runs, blockSize: blockSize)
        stream.skip(blocks: UInt64(headBytes / blockSize))
        if parallelChecksums, format == .version2, memory.count >= parallelThreshold, CRC32C.usableCPUs > 1,
           let background = CRC32C.checksumsInBackground(of: memory, chunkSize: format.chunkSize, into: table) {
            do {
                try stream.write(memory, to: disk)
            } catch {
                background.wait()
                throw error
            }
            background.wait()
        } else {
            try writeChecksummingPieces(memory, into: table, stream: &stream, disk: disk, format: format)
        }
        for index in table.indices { table[index] = table[index].littleEndian }

        for (index, byte) in magic.enumerated() { head[Offset.magic + index] = byte }
        head.storeBytes(of: format.rawValue.littleEndian, toByteOffset: Offset.version, as: UInt32.self)
        head.storeBytes(of: mode.rawValue.littleEndian, toByteOffset: Offset.mode, as: UInt32.self)
        head.storeBytes(of: UInt64(memory.count).littleEndian, toByteOffset: Offset.memorySize, as: UInt64.self)
        head.storeBytes(of: UInt32(format.chunkSize).littleEndian, toByteOffset: Offset.chunkSize, as: UInt32.self)
        head.storeBytes(of: UInt32(chunks).littleEndian, toByteOffset: Offset.chunkCount, as: UInt32.self)
        head.storeBytes(of: UInt32(runs.count).littleEndian, toByteOffset: Offset.runCount, as: UInt32.self)
        head.storeBytes(of: UInt32(blockSize).littleEndian, toByteOffset: Offset.blockSize, as: UInt32.self)
        head.storeBytes(of: needed.littleEndian, toByteOffset: Offset.imageBytes, as: UInt64.self)
        head.storeBytes(of: createdAt.littleEndian, toByteOffset: Offset.createdAt, as: UInt64.self)
        for (index, run) in runs.enumerated() {
            head.storeBytes(of: run.lba.littleEndian, toByteOffset: Offset.runs + index * 16, as: UInt64.self)
            head.storeBytes(of: run.blocks.littleEndian, toByteOffset: Offset.runs + index * 16 + 8, as: UInt64.self)
        }
        let checksum = format.checksum(UnsafeRawBufferPointer(rebasing: head[0..<headerSize]))
        head.storeBytes(of: checksum.littleEndian, toByteOffset: Offset.headerChecksum, as: UInt32.self)

        var headStream = RunStream(runs: runs, blockSize: blockSize)
        try headStream.write(UnsafeRawBufferPointer(head), to: disk)
        return needed
    }

    /// Checksums each piece of `memory` into `table`, then writes it while it is in the cache.
    private static func writeChecksummingPieces(_ memory: UnsafeRawBufferPointer, into table: UnsafeMutableBufferPointer<UInt32>,
                                                stream: inout RunStream, disk: some DumpImageDisk,
                                                format: Format) throws(Failure) {
        let piece = format.pieceSize(blockSize: disk.blockSize)
        var offset = 0
        while offset < memory.count {
            let part = UnsafeRawBufferPointer(rebasing: memory[offset..<min(offset + piece, memory.count)])
            let first = offset / format.chunkSize
            format.checksums(of: part, into: UnsafeMutableBufferPointer(
                rebasing: table[first..<min(first + piece / format.chunkSize, table.count)]))
            try stream.write(part, to: disk)
            offset += part.count
        }
    }

    // MARK: reading

    /// What a validated image says.
    public struct Header: Sendable, Equatable {
        /// The format version the image was written in.
        public var format: Format
        /// Crash dump or hibernation image.
        public var mode: Mode
        /// Bytes of memory the image holds.
        public var memorySize: Int
        /// The runs of the dump area, as recorded.
        public var runs: [Run]
        /// The block size of the disk the image was written to.
        public var blockSize: Int
        /// Total bytes of the image (``DumpImage/imageBytes(memorySize:blockSize:format:)``).
        public var imageBytes: UInt64
        /// The creation time the writer recorded.
        public var createdAt: UInt64
    }

    /// Reads the image over `runs`, checks header and every chunk checksum, and copies the
    /// memory into `memory` (which must be the recorded size). Reads every format version.
    public static func read(runs: [Run], from disk: some DumpImageDisk,
                            into memory: UnsafeMutableRawBufferPointer) throws(Failure) -> Header {
        let blockSize = disk.blockSize
        let headerBlocks = roundUp(headerSize, blockSize)
        let header = UnsafeMutableRawBufferPointer.allocate(byteCount: headerBlocks, alignment: 4096)
        defer { header.deallocate() }
        var stream = RunStream(runs: runs, blockSize: blockSize)
        try stream.read(into: header, from: disk)
        guard Array(header[0..<8]) == magic else { throw .badMagic }
        let imageVersion = UInt32(littleEndian: header.load(fromByteOffset: Offset.version, as: UInt32.self))
        guard let format = Format(rawValue: imageVersion) else { throw .unsupportedVersion(imageVersion) }
        let stored = UInt32(littleEndian: header.load(fromByteOffset: Offset.headerChecksum, as: UInt32.self))
        header.storeBytes(of: 0, toByteOffset: Offset.headerChecksum, as: UInt32.self)
        guard format.checksum(UnsafeRawBufferPointer(rebasing: header[0..<headerSize])) == stored else {
            throw .headerChecksum
        }
        guard let mode = Mode(rawValue: UInt32(littleEndian: header.load(fromByteOffset: Offset.mode, as: UInt32.self))) else {
            throw .headerMismatch("mode")
        }
        // Read as recorded (any 64-bit value: the disk is untrusted), compared before any use.
        let recordedMemorySize = UInt64(littleEndian: header.load(fromByteOffset: Offset.memorySize, as: UInt64.self))
        let chunks = Int(UInt32(littleEndian: header.load(fromByteOffset: Offset.chunkCount, as: UInt32.self)))
        let runCount = Int(UInt32(littleEndian: header.load(fromByteOffset: Offset.runCount, as: UInt32.self)))
        let recordedBlockSize = Int(UInt32(littleEndian: header.load(fromByteOffset: Offset.blockSize, as: UInt32.self)))
        guard recordedMemorySize == UInt64(memory.count) else { throw .headerMismatch("memory size") }
        let memorySize = memory.count
        guard UInt32(littleEndian: header.load(fromByteOffset: Offset.chunkSize, as: UInt32.self)) == UInt32(format.chunkSize),
              chunks == chunkCount(memorySize: memorySize, format: format) else { throw .headerMismatch("chunk layout") }
        guard recordedBlockSize == blockSize else { throw .headerMismatch("block size") }
        guard runCount == runs.count, runCount <= maximumRuns else { throw .headerMismatch("run count") }
        var recorded: [Run] = []
        for index in 0..<runCount {
            recorded.append(Run(
                lba: UInt64(littleEndian: header.load(fromByteOffset: Offset.runs + index * 16, as: UInt64.self)),
                blocks: UInt64(littleEndian: header.load(fromByteOffset: Offset.runs + index * 16 + 8, as: UInt64.self))))
        }
        guard recorded == runs else { throw .headerMismatch("runs") }

        // The checksum table: what follows the header in the head, then the blocks after it.
        let headBytes = headBytes(memorySize: memorySize, blockSize: blockSize, format: format)
        let head = UnsafeMutableRawBufferPointer.allocate(byteCount: max(headBytes, headerBlocks), alignment: 4096)
        defer { head.deallocate() }
        head.copyMemory(from: UnsafeRawBufferPointer(header))
        if headBytes > headerBlocks {
            try stream.read(into: UnsafeMutableRawBufferPointer(rebasing: head[headerBlocks..<headBytes]), from: disk)
        }
        let table = UnsafeBufferPointer<UInt32>(
            start: (head.baseAddress! + headerSize).bindMemory(to: UInt32.self, capacity: chunks), count: chunks)

        let piece = format.pieceSize(blockSize: blockSize)
        let computed = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: piece / format.chunkSize)
        defer { computed.deallocate() }
        var offset = 0
        while offset < memory.count {
            let part = UnsafeMutableRawBufferPointer(rebasing: memory[offset..<min(offset + piece, memory.count)])
            try stream.read(into: part, from: disk)
            let first = offset / format.chunkSize
            let count = (part.count + format.chunkSize - 1) / format.chunkSize
            format.checksums(of: UnsafeRawBufferPointer(part), into: computed)
            for index in 0..<count where computed[index] != UInt32(littleEndian: table[first + index]) {
                throw .chunkChecksum(chunk: first + index)
            }
            offset += part.count
        }
        return Header(format: format, mode: mode, memorySize: memorySize, runs: recorded, blockSize: blockSize,
                      imageBytes: UInt64(littleEndian: header.load(fromByteOffset: Offset.imageBytes, as: UInt64.self)),
                      createdAt: UInt64(littleEndian: header.load(fromByteOffset: Offset.createdAt, as: UInt64.self)))
    }

    /// Reads and validates the image, then compares the memory with `expected` bit for bit.
    @discardableResult
    public static func verify(runs: [Run], from disk: some DumpImageDisk, expected: UnsafeRawBufferPointer) throws(Failure) -> Header {
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

    /// Moves the stream's position `blocks` forward without transferring anything.
    mutating func skip(blocks: UInt64) {
        advance(blocks)
    }

    /// Writes `data` (padded with zeros to whole blocks) at the stream's position.
    mutating func write(_ data: UnsafeRawBufferPointer, to disk: some DumpImageDisk) throws(DumpImage.Failure) {
        // The disk class only reads a buffer it writes from.
        try transfer(UnsafeMutableRawBufferPointer(mutating: data), write: true, disk: disk)
    }

    /// Reads into `data` (whole blocks; a partial last block is read and trimmed).
    mutating func read(into data: UnsafeMutableRawBufferPointer, from disk: some DumpImageDisk) throws(DumpImage.Failure) {
        try transfer(data, write: false, disk: disk)
    }

    /// Moves `data` in place, as much of the current run per request as fits; only a partial
    /// last block goes through a zero-padded block of its own.
    private mutating func transfer(_ data: UnsafeMutableRawBufferPointer, write: Bool,
                                   disk: some DumpImageDisk) throws(DumpImage.Failure) {
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
                if write { try disk.write(lba: lba, from: UnsafeRawBufferPointer(buffer)) } else { try disk.read(lba: lba, into: buffer) }
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

/// The machine's memory for dump tests: a buffer of a chosen size with known, reproducible
/// content (xorshift64* from a seed).
public final class SystemMemory {
    /// The memory's content.
    public let bytes: UnsafeMutableRawBufferPointer
    /// The seed of the content.
    public let seed: UInt64

    /// `size` bytes of content generated from `seed`.
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
