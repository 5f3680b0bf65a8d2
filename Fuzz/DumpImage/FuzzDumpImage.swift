import CChecksum
import MiniportKit

/// fuzz-dump-image: the dump image reader (Sources/MiniportKit/DumpPort/DumpImage.swift) on
/// random disk content: what a reboot or a resume reads back from a dump area it cannot trust.
///
/// Input:
/// - byte 0, flags: bit 0 4096-byte blocks (else 512); bit 1 recompute the header checksum
///   after laying the content (so the fuzzer gets past it into the fields, as a hostile disk
///   could); bits 2-3 the memory size the machine expects (`memorySizes`); bit 4 also verify
///   the memory against zeros;
/// - byte 1: number of runs (1...4), then 4 bytes per run (LBA and blocks, 16-bit each,
///   bounded to the disk);
/// - the rest: the bytes of the dump area, in run order (the image as written).
///
/// Checked: the reader returns or throws; it never traps, overruns or reads outside the runs.
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    guard input.count >= 2 else { return }
    let flags = input[0]
    let blockSize = flags & 1 != 0 ? 4096 : 512
    let disk = MemoryDumpDisk(blockSize: blockSize, blockCount: UInt64(diskBytes / blockSize))
    var offset = 1
    let runCount = Int(input[offset]) % 4 + 1
    offset += 1
    var runs: [DumpImage.Run] = []
    for _ in 0..<runCount {
        guard offset + 4 <= input.count else { break }
        let lba = UInt64(input[offset]) | UInt64(input[offset + 1]) << 8
        let blocks = UInt64(input[offset + 2]) | UInt64(input[offset + 3]) << 8
        offset += 4
        // The runner hands the reader runs inside the disk; the content is what is untrusted.
        let start = lba % disk.blockCount
        runs.append(DumpImage.Run(lba: start, blocks: min(blocks, disk.blockCount - start)))
    }
    guard !runs.isEmpty else { return }
    disk.lay(UnsafeRawBufferPointer(rebasing: input[offset...]), over: runs)
    if flags & 2 != 0 { disk.fixHeaderChecksum(over: runs) }
    let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: memorySizes[Int(flags >> 2) & 3], alignment: 4096)
    defer { memory.deallocate() }
    memory.initializeMemory(as: UInt8.self, repeating: 0)
    if flags & 0x10 != 0 {
        _ = try? DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory))
    } else {
        _ = try? DumpImage.read(runs: runs, from: disk, into: memory)
    }
}

/// Memory sizes the machine can expect: one chunk of either format, partial chunks, several.
let memorySizes = [1000, 4096, 9000, 16384]
/// The disk's size: room for the largest image in any layout of runs.
let diskBytes = 256 << 10

/// Valid images of every memory size, block size and format (and a fragmented one), encoded as
/// inputs: the seed corpus (`fuzz-dump-image --make-seeds DIR`) and what the replay test
/// checks the encoding with.
public func seedInputs() -> [[UInt8]] {
    var seeds: [[UInt8]] = []
    for (sizeIndex, size) in memorySizes.enumerated() {
        for blockSize in [512, 4096] {
            for format in DumpImage.Format.allCases {
                let disk = MemoryDumpDisk(blockSize: blockSize, blockCount: UInt64(diskBytes / blockSize))
                let needed = DumpImage.imageBytes(memorySize: size, blockSize: blockSize, format: format)
                let blocks = (needed + UInt64(blockSize) - 1) / UInt64(blockSize)
                let fragmented = sizeIndex % 2 == 1
                let runs = fragmented
                    ? [DumpImage.Run(lba: 3, blocks: blocks / 2), DumpImage.Run(lba: 40 + blocks, blocks: blocks - blocks / 2)]
                    : [DumpImage.Run(lba: 1, blocks: blocks)]
                let memory = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ sizeIndex) }
                do {
                    try memory.withUnsafeBytes {
                        _ = try DumpImage.write($0, mode: .crash, runs: runs, to: disk, createdAt: 7, format: format)
                    }
                } catch {
                    fatalError("fuzz-dump-image: writing a seed image failed: \(error)")
                }
                var input: [UInt8] = [UInt8(blockSize == 4096 ? 1 : 0) | UInt8(sizeIndex) << 2, UInt8(runs.count - 1)]
                for run in runs {
                    input += [UInt8(run.lba & 0xFF), UInt8(run.lba >> 8), UInt8(run.blocks & 0xFF), UInt8(run.blocks >> 8)]
                }
                input += disk.bytes(over: runs)
                seeds.append(input)
            }
        }
    }
    return seeds
}

/// The memory each seed image holds (for checking the seeds decode).
public func seedMemory(sizeIndex: Int) -> [UInt8] {
    (0..<memorySizes[sizeIndex]).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ sizeIndex) }
}

/// A disk whose blocks are bytes in memory.
public final class MemoryDumpDisk: DumpImageDisk {
    public let blockSize: Int
    public let blockCount: UInt64
    private var storage: [UInt8]

    public init(blockSize: Int, blockCount: UInt64) {
        self.blockSize = blockSize
        self.blockCount = blockCount
        storage = [UInt8](repeating: 0, count: blockSize * Int(blockCount))
    }

    public func read(lba: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DiskError) {
        let start = try range(lba: lba, bytes: buffer.count)
        storage.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[start..<(start + buffer.count)])) }
    }

    public func write(lba: UInt64, from buffer: UnsafeRawBufferPointer) throws(DiskError) {
        let start = try range(lba: lba, bytes: buffer.count)
        storage.withUnsafeMutableBytes {
            UnsafeMutableRawBufferPointer(rebasing: $0[start..<(start + buffer.count)]).copyMemory(from: UnsafeRawBufferPointer(buffer))
        }
    }

    private func range(lba: UInt64, bytes: Int) throws(DiskError) -> Int {
        guard bytes % blockSize == 0 else { throw .invalidBuffer("\(bytes) bytes is not whole blocks") }
        guard lba <= blockCount, UInt64(bytes / blockSize) <= blockCount - lba else {
            throw .illegalRequest(asc: 0x21, ascq: 0)
        }
        return Int(lba) * blockSize
    }

    /// The byte offsets of the area's blocks, in run order.
    private func offsets(over runs: [DumpImage.Run]) -> [Int] {
        runs.flatMap { run in (0..<Int(run.blocks)).map { (Int(run.lba) + $0) * blockSize } }
    }

    /// Lays `content` over the runs' blocks in order (the rest stays zero).
    public func layForTest(_ content: UnsafeRawBufferPointer, over runs: [DumpImage.Run]) { lay(content, over: runs) }

    func lay(_ content: UnsafeRawBufferPointer, over runs: [DumpImage.Run]) {
        var consumed = 0
        for start in offsets(over: runs) where consumed < content.count {
            let take = min(blockSize, content.count - consumed)
            for index in 0..<take { storage[start + index] = content[consumed + index] }
            consumed += take
        }
    }

    /// The area's bytes in run order.
    func bytes(over runs: [DumpImage.Run]) -> [UInt8] {
        offsets(over: runs).flatMap { storage[$0..<($0 + blockSize)] }
    }

    /// Stores the checksum the header's own version calls for (CRC-32 for version 1, else
    /// CRC-32C) over its first 4096 bytes, as a hostile disk could.
    func fixHeaderChecksum(over runs: [DumpImage.Run]) {
        let blocks = offsets(over: runs)
        guard blocks.count * blockSize >= DumpImage.headerSize else { return }
        var header = [UInt8](repeating: 0, count: DumpImage.headerSize)
        for index in header.indices { header[index] = storage[blocks[index / blockSize] + index % blockSize] }
        for index in 0x38..<0x3C { header[index] = 0 }   // the checksum field
        let version = UInt32(header[8]) | UInt32(header[9]) << 8 | UInt32(header[10]) << 16 | UInt32(header[11]) << 24
        let checksum = header.withUnsafeBytes { version == 1 ? CRC32.checksum($0) : CRC32C.checksum($0) }
        for index in 0..<4 {
            let at = 0x38 + index
            storage[blocks[at / blockSize] + at % blockSize] = UInt8(truncatingIfNeeded: checksum >> (8 * UInt32(index)))
        }
    }
}
