/// A copy-on-write view of another store: reads come from the base until a block is written,
/// writes and unmaps stay in memory and never reach the base. `miniport run` puts this over
/// image files so a test pass (patterns at LBA 0, a crash dump) leaves the user's image as it was.
///
/// Blocks are kept one allocation each, in a dictionary: meant for test passes that touch a
/// small part of a large image, not for the emulator's hot path (use ``RAMBlockStore`` there).
public final class OverlayBlockStore: BlockStore {
    /// The store underneath: blocks the overlay does not hold are read from it; it is never written.
    public let base: any BlockStore
    public var blockSize: Int { base.blockSize }
    public var blockCount: UInt64 { base.blockCount }
    /// Writable whatever the base is: writes never reach it.
    public var isReadOnly: Bool { false }
    public var supportsUnmap: Bool { true }
    public var unmappedBlocksReadZero: Bool { true }

    /// Blocks written (or unmapped, as zeros) since the overlay was made.
    private var blocks: [UInt64: UnsafeMutableRawBufferPointer] = [:]
    /// Blocks the overlay holds (written or unmapped since it was made).
    public var overlaidBlockCount: Int { blocks.count }
    /// At most this many bytes of blocks are held; a write or unmap past it fails
    /// (MEDIUM ERROR) rather than exhausting the host's memory.
    public let limitBytes: Int

    /// An empty overlay over `base` holding at most `limitBytes` bytes of blocks (256 MiB by default).
    public init(base: any BlockStore, limitBytes: Int = 256 << 20) {
        self.base = base
        self.limitBytes = limitBytes
    }

    deinit {
        for buffer in blocks.values { buffer.deallocate() }
    }

    private func checkRange(_ byteOffset: UInt64, _ count: Int) throws(BlockStoreError) {
        let capacity = blockCount * UInt64(blockSize)
        guard byteOffset <= capacity, UInt64(count) <= capacity - byteOffset else { throw .outOfRange }
    }

    public func read(byteOffset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws(BlockStoreError) {
        try checkRange(byteOffset, destination.count)
        if blocks.isEmpty { return try base.read(byteOffset: byteOffset, into: destination) }
        let size = UInt64(blockSize)
        var done = 0
        while done < destination.count {
            let offset = byteOffset + UInt64(done)
            let lba = offset / size, within = Int(offset % size)
            var take = min(blockSize - within, destination.count - done)
            if let block = blocks[lba] {
                UnsafeMutableRawBufferPointer(rebasing: destination[done..<done + take])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: block[within..<within + take]))
            } else {
                // One base read for the whole stretch of blocks the overlay does not hold.
                var next = lba + 1
                while done + take < destination.count, blocks[next] == nil {
                    take = min(take + blockSize, destination.count - done)
                    next += 1
                }
                try base.read(byteOffset: offset, into: UnsafeMutableRawBufferPointer(rebasing: destination[done..<done + take]))
            }
            done += take
        }
    }

    /// The overlay's copy of `lba`, made from the base (or zeros) on first touch.
    private func block(_ lba: UInt64, fromBase: Bool) throws(BlockStoreError) -> UnsafeMutableRawBufferPointer {
        if let block = blocks[lba] { return block }
        guard (blocks.count + 1) * blockSize <= limitBytes else { throw .writeFailed(lba: lba) }
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 16)
        if fromBase {
            do {
                try base.read(byteOffset: lba * UInt64(blockSize), into: block)
            } catch {
                block.deallocate()
                throw error
            }
        } else {
            block.initializeMemory(as: UInt8.self, repeating: 0)
        }
        blocks[lba] = block
        return block
    }

    public func write(byteOffset: UInt64, from source: UnsafeRawBufferPointer) throws(BlockStoreError) {
        try checkRange(byteOffset, source.count)
        let size = UInt64(blockSize)
        var done = 0
        while done < source.count {
            let offset = byteOffset + UInt64(done)
            let lba = offset / size, within = Int(offset % size)
            let take = min(blockSize - within, source.count - done)
            // A whole block needs nothing from the base.
            let target = try block(lba, fromBase: take != blockSize)
            UnsafeMutableRawBufferPointer(rebasing: target[within..<within + take])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: source[done..<done + take]))
            done += take
        }
    }

    public func flush() throws(BlockStoreError) {}

    public func unmap(lba: UInt64, count: UInt64) throws(BlockStoreError) {
        guard lba <= blockCount, count <= blockCount - lba else { throw .outOfRange }
        for index in lba..<lba + count {
            try block(index, fromBase: false).initializeMemory(as: UInt8.self, repeating: 0)
        }
    }
}
