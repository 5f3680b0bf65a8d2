#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A sparse in-memory block store.
///
/// The byte space is cut into fixed-size chunks (``chunkSize``) that are allocated on their
/// first write; a chunk never written reads as zeros. Capacity is only a number, so a store of
/// 2^33 blocks costs nothing until written. Discarding a whole chunk frees it; discarding part
/// of one zeroes that part, so discarded blocks always read back as zeros.
///
/// Once a chunk exists, reads and writes through it allocate nothing.
public final class RAMBlockStore: BlockStore {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// Bytes per chunk: a multiple of every supported block size.
    public static let chunkSize = 64 * 1024

    public let blockSize: Int
    public let blockCount: UInt64
    /// Write protection, switchable at any time (e.g. to model a write-protect tab).
    @exclusivity(unchecked) public var isReadOnly: Bool
    public var supportsUnmap: Bool { true }
    public var unmappedBlocksReadZero: Bool { true }

    private let capacity: UInt64
    /// Chunks past the first ``directChunks``, by index.
    @exclusivity(unchecked) private var chunks: [UInt64: UnsafeMutableRawPointer] = [:]
    /// The first chunks' addresses in a table (nil: never written): found without hashing.
    /// Up to 16384 entries (the first GiB), allocated zero-filled (untouched pages cost nothing).
    private let direct: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private let directChunks: UInt64
    @exclusivity(unchecked) private var directAllocated = 0

    /// A store of `blockCount` zero-filled blocks of `blockSize` bytes (512 or 4096).
    public init(blockSize: Int = BlockSize.sector512, blockCount: UInt64, readOnly: Bool = false) throws(BlockStoreOpenError) {
        try BlockSize.validate(blockSize)
        guard blockCount > 0 else { throw .emptyStore }
        guard let capacity = BlockSize.byteCapacity(blockCount: blockCount, blockSize: blockSize) else {
            throw .capacityTooLarge
        }
        self.blockSize = blockSize
        self.blockCount = blockCount
        self.capacity = capacity
        self.isReadOnly = readOnly
        let chunkSize = UInt64(Self.chunkSize)
        directChunks = min(capacity / chunkSize + (capacity % chunkSize == 0 ? 0 : 1), 16384)
        let table = calloc(Int(directChunks), MemoryLayout<UnsafeMutableRawPointer?>.stride)!
        direct = table.bindMemory(to: UnsafeMutableRawPointer?.self, capacity: Int(directChunks))
    }

    deinit {
        for chunk in chunks.values { chunk.deallocate() }
        for index in 0..<Int(directChunks) { direct[index]?.deallocate() }
        free(direct)
    }

    /// Chunks currently backed by memory.
    public var allocatedChunkCount: Int { chunks.count + directAllocated }

    public func read(byteOffset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws(BlockStoreError) {
        guard let base = destination.baseAddress else { return }
        guard isInside(byteOffset, destination.count) else { throw .outOfRange }
        forEachChunkPiece(byteOffset, destination.count) { index, within, done, length in
            let target = base + done
            if let chunk = existingChunk(at: index) {
                target.copyMemory(from: chunk + within, byteCount: length)
            } else {
                target.initializeMemory(as: UInt8.self, repeating: 0, count: length)
            }
        }
    }

    public func write(byteOffset: UInt64, from source: UnsafeRawBufferPointer) throws(BlockStoreError) {
        guard let base = source.baseAddress else { return }
        guard !isReadOnly else { throw .writeProtected }
        guard isInside(byteOffset, source.count) else { throw .outOfRange }
        forEachChunkPiece(byteOffset, source.count) { index, within, done, length in
            (chunk(at: index) + within).copyMemory(from: base + done, byteCount: length)
        }
    }

    public func flush() throws(BlockStoreError) {}

    public func unmap(lba: UInt64, count: UInt64) throws(BlockStoreError) {
        guard !isReadOnly else { throw .writeProtected }
        guard contains(lba: lba, count: count) else { throw .outOfRange }
        guard count > 0 else { return }
        let start = lba * UInt64(blockSize)
        let end = start + count * UInt64(blockSize)
        let size = UInt64(Self.chunkSize)
        let firstIndex = start / size
        let lastIndex = (end - 1) / size
        if lastIndex - firstIndex >= UInt64(allocatedChunkCount) {
            // Few chunks exist compared with the range: visit the existing ones.
            let directIndices = (0..<directChunks).lazy.filter { self.direct[Int($0)] != nil }
            for index in Array(directIndices) + chunks.keys.sorted() where index >= firstIndex && index <= lastIndex {
                discard(chunk: index, start: start, end: end)
            }
        } else {
            for index in firstIndex...lastIndex { discard(chunk: index, start: start, end: end) }
        }
    }

    // MARK: - Chunks

    private func isInside(_ offset: UInt64, _ length: Int) -> Bool {
        offset <= capacity && UInt64(length) <= capacity - offset
    }

    /// Splits `offset ..< offset + length` at chunk boundaries; `body` gets the chunk index,
    /// the offset inside that chunk, the bytes already visited and the piece length.
    private func forEachChunkPiece(_ offset: UInt64, _ length: Int, _ body: (UInt64, Int, Int, Int) -> Void) {
        let size = UInt64(Self.chunkSize)
        var done = 0
        while done < length {
            let position = offset + UInt64(done)
            let within = Int(position % size)
            let piece = min(Self.chunkSize - within, length - done)
            body(position / size, within, done, piece)
            done += piece
        }
    }

    /// The chunk at `index` if it was ever written.
    @inline(__always)
    private func existingChunk(at index: UInt64) -> UnsafeMutableRawPointer? {
        index < directChunks ? direct[Int(index)] : chunks[index]
    }

    /// The chunk at `index`, allocated zero-filled on first use.
    private func chunk(at index: UInt64) -> UnsafeMutableRawPointer {
        if let existing = existingChunk(at: index) { return existing }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: Self.chunkSize, alignment: 64)
        fresh.initializeMemory(as: UInt8.self, repeating: 0, count: Self.chunkSize)
        if index < directChunks {
            direct[Int(index)] = fresh
            directAllocated += 1
        } else {
            chunks[index] = fresh
        }
        return fresh
    }

    /// Frees chunk `index` when `start ..< end` covers it, otherwise zeroes the covered part.
    private func discard(chunk index: UInt64, start: UInt64, end: UInt64) {
        guard let memory = existingChunk(at: index) else { return }
        let chunkStart = index * UInt64(Self.chunkSize)
        let chunkEnd = chunkStart + UInt64(Self.chunkSize)
        if start <= chunkStart && end >= chunkEnd {
            memory.deallocate()
            if index < directChunks {
                direct[Int(index)] = nil
                directAllocated -= 1
            } else {
                chunks[index] = nil
            }
            return
        }
        let from = max(start, chunkStart) - chunkStart
        let to = min(end, chunkEnd) - chunkStart
        (memory + Int(from)).initializeMemory(as: UInt8.self, repeating: 0, count: Int(to - from))
    }
}
