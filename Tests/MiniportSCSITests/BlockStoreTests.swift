import Testing
import Foundation
import MiniportSCSI

/// A unique scratch path under the temporary directory, removed by the caller.
func temporaryImagePath(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    return NSTemporaryDirectory() + "miniport-scsi-\(safe)-\(UUID().uuidString).img"
}

@Suite("Block stores")
struct BlockStoreTests {
    @Test("RAM store: unwritten blocks read zeros and allocate nothing")
    func ramUnwrittenReadsZero() throws {
        let store = try RAMBlockStore(blockSize: 512, blockCount: 4096)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 8)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0xAA)
        try store.read(byteOffset: 512 * 100, into: buffer)
        #expect(buffer.allSatisfy { $0 == 0 })
        #expect(store.allocatedChunkCount == 0)
    }

    @Test("RAM store: a write across a chunk boundary reads back whole")
    func ramRoundTripAcrossChunks() throws {
        let store = try RAMBlockStore(blockSize: 512, blockCount: 4096)
        let data = pattern(RAMBlockStore.chunkSize)
        let offset = UInt64(RAMBlockStore.chunkSize - 1024)
        try data.withUnsafeBytes { try store.write(byteOffset: offset, from: $0) }
        #expect(store.allocatedChunkCount == 2)
        var back = [UInt8](repeating: 0, count: data.count)
        try back.withUnsafeMutableBytes { try store.read(byteOffset: offset, into: $0) }
        #expect(back == data)
    }

    @Test("RAM store: unmap zeroes partial chunks and frees whole ones")
    func ramUnmap() throws {
        let store = try RAMBlockStore(blockSize: 512, blockCount: 1024)
        let blocksPerChunk = UInt64(RAMBlockStore.chunkSize / 512)
        let data = [UInt8](repeating: 0x5A, count: 512 * Int(blocksPerChunk) * 2)
        try data.withUnsafeBytes { try store.write(byteOffset: 0, from: $0) }
        #expect(store.allocatedChunkCount == 2)
        try store.unmap(lba: 1, count: blocksPerChunk * 2 - 1)  // chunk 0 partly, chunk 1 whole
        #expect(store.allocatedChunkCount == 1)
        var back = [UInt8](repeating: 0xFF, count: data.count)
        try back.withUnsafeMutableBytes { try store.read(byteOffset: 0, into: $0) }
        #expect(back.prefix(512).allSatisfy { $0 == 0x5A })
        #expect(back.dropFirst(512).allSatisfy { $0 == 0 })
    }

    @Test("RAM store: 2^33 blocks cost no memory until written")
    func ramHugeCapacity() throws {
        let store = try RAMBlockStore(blockSize: 512, blockCount: 1 << 33)
        #expect(store.blockCount == 1 << 33)
        #expect(store.allocatedChunkCount == 0)
        let block = pattern(512)
        let last = (UInt64(1) << 33) - 1
        try block.withUnsafeBytes { try store.write(byteOffset: last * 512, from: $0) }
        #expect(store.allocatedChunkCount == 1)
        try store.unmap(lba: 0, count: 1 << 33)  // visits existing chunks, not 2^27 indices
        #expect(store.allocatedChunkCount == 0)
    }

    @Test("Stores refuse unsupported block sizes and empty capacities")
    func invalidGeometry() {
        #expect(throws: BlockStoreOpenError.unsupportedBlockSize(1024)) { try RAMBlockStore(blockSize: 1024, blockCount: 8) }
        #expect(throws: BlockStoreOpenError.emptyStore) { try RAMBlockStore(blockSize: 512, blockCount: 0) }
        #expect(throws: BlockStoreOpenError.capacityTooLarge) { try RAMBlockStore(blockSize: 4096, blockCount: .max) }
    }

    @Test("RAM store: out-of-range and read-only accesses throw")
    func ramErrors() throws {
        let store = try RAMBlockStore(blockSize: 512, blockCount: 8)
        let block = [UInt8](repeating: 1, count: 512)
        #expect(throws: BlockStoreError.outOfRange) {
            try block.withUnsafeBytes { try store.write(byteOffset: 8 * 512, from: $0) }
        }
        store.isReadOnly = true
        #expect(throws: BlockStoreError.writeProtected) {
            try block.withUnsafeBytes { try store.write(byteOffset: 0, from: $0) }
        }
        #expect(throws: BlockStoreError.writeProtected) { try store.unmap(lba: 0, count: 1) }
    }

    @Test("File store: capacity from size; a size not a multiple of the block size is rejected")
    func fileGeometry() throws {
        let path = temporaryImagePath()
        defer { unlink(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 4096 * 3)))
        let store = try FileBlockStore(path: path, blockSize: 4096)
        #expect(store.blockCount == 3)
        #expect(try FileBlockStore(path: path, blockSize: 512).blockCount == 24)

        let odd = temporaryImagePath("odd")
        defer { unlink(odd) }
        #expect(FileManager.default.createFile(atPath: odd, contents: Data(count: 1000)))
        #expect(throws: BlockStoreOpenError.sizeNotMultipleOfBlockSize(path: odd, size: 1000, blockSize: 512)) {
            try FileBlockStore(path: odd)
        }
        let error = BlockStoreOpenError.sizeNotMultipleOfBlockSize(path: odd, size: 1000, blockSize: 512)
        #expect(error.description.contains("not a multiple"))
        #expect(throws: BlockStoreOpenError.self) { try FileBlockStore(path: "/nonexistent/dir/image.img") }
    }

    @Test("File store: creating extends to the block count and never truncates")
    func fileCreate() throws {
        let path = temporaryImagePath()
        defer { unlink(path) }
        let store = try FileBlockStore(creatingAt: path, blockSize: 512, blockCount: 64)
        #expect(store.blockCount == 64)
        let grown = try FileBlockStore(creatingAt: path, blockSize: 512, blockCount: 128)
        #expect(grown.blockCount == 128)
        let kept = try FileBlockStore(creatingAt: path, blockSize: 512, blockCount: 16)
        #expect(kept.blockCount == 128)
    }

    @Test("File store: unmap zeroes the range")
    func fileUnmap() throws {
        let path = temporaryImagePath()
        defer { unlink(path) }
        let store = try FileBlockStore(creatingAt: path, blockSize: 512, blockCount: 300)
        let data = pattern(512 * 300)
        try data.withUnsafeBytes { try store.write(byteOffset: 0, from: $0) }
        try store.unmap(lba: 1, count: 298)
        var back = [UInt8](repeating: 0xFF, count: data.count)
        try back.withUnsafeMutableBytes { try store.read(byteOffset: 0, into: $0) }
        #expect(Array(back.prefix(512)) == Array(data.prefix(512)))
        #expect(back[512..<(512 * 299)].allSatisfy { $0 == 0 })
        #expect(Array(back.suffix(512)) == Array(data.suffix(512)))
    }

    @Test("Overlay: reads see the base until written; partial-block writes merge; the base never changes; bounded")
    func overlay() throws {
        let base = try RAMBlockStore(blockSize: 512, blockCount: 64)
        let pattern = [UInt8]((0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 1) })
        try pattern.withUnsafeBytes { try base.write(byteOffset: 0, from: $0) }
        let overlay = OverlayBlockStore(base: base, limitBytes: 8 * 512)
        #expect(!overlay.isReadOnly && overlay.blockCount == 64 && overlay.blockSize == 512)

        // Straddling blocks 0 and 1: 100 bytes from offset 500.
        let patch = [UInt8](repeating: 0xEE, count: 100)
        try patch.withUnsafeBytes { try overlay.write(byteOffset: 500, from: $0) }
        try overlay.unmap(lba: 3, count: 1)
        var seen = [UInt8](repeating: 0, count: 2048)
        try seen.withUnsafeMutableBytes { try overlay.read(byteOffset: 0, into: $0) }
        var expected = pattern
        expected.replaceSubrange(500..<600, with: patch)
        expected.replaceSubrange(1536..<2048, with: [UInt8](repeating: 0, count: 512))
        #expect(seen == expected)
        #expect(overlay.overlaidBlockCount == 3)

        var original = [UInt8](repeating: 0, count: 2048)
        try original.withUnsafeMutableBytes { try base.read(byteOffset: 0, into: $0) }
        #expect(original == pattern)

        // Out of range and past the memory limit: errors, not crashes.
        #expect(throws: BlockStoreError.outOfRange) {
            try patch.withUnsafeBytes { try overlay.write(byteOffset: 64 * 512 - 50, from: $0) }
        }
        #expect(throws: BlockStoreError.outOfRange) { try overlay.unmap(lba: 60, count: UInt64.max) }
        #expect(throws: BlockStoreError.writeFailed(lba: 13)) { try overlay.unmap(lba: 8, count: 8) }
    }
}
