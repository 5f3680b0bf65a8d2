/// Where a disk's blocks live.
///
/// A store is addressed in bytes for its data movement primitives, so a device can hand it the
/// pieces of an initiator's scatter/gather list directly — a segment boundary may fall inside
/// a block — and READ copies from the store straight into host memory with no bounce buffer.
/// The block-addressed conveniences in the extension walk a ``SCSIDataTransfer`` that way.
///
/// Errors are typed (``BlockStoreError``), so a failing call allocates no error box.
/// Stores are not internally synchronized: the transport runs one command at a time per unit.
public protocol BlockStore: AnyObject {
    /// Bytes per logical block (512 or 4096).
    var blockSize: Int { get }
    /// Number of logical blocks.
    var blockCount: UInt64 { get }
    /// Writes, unmaps and formats fail with ``BlockStoreError/writeProtected``.
    var isReadOnly: Bool { get }
    /// The store can discard blocks (``unmap(lba:count:)`` releases space rather than failing).
    var supportsUnmap: Bool { get }
    /// Blocks read back as zeros after ``unmap(lba:count:)`` (SBC's LBPRZ).
    var unmappedBlocksReadZero: Bool { get }

    /// Fills `destination` with the store's bytes starting at `byteOffset`.
    func read(byteOffset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws(BlockStoreError)
    /// Stores `source` at `byteOffset`.
    func write(byteOffset: UInt64, from source: UnsafeRawBufferPointer) throws(BlockStoreError)
    /// Makes completed writes durable.
    func flush() throws(BlockStoreError)
    /// Discards `count` blocks from `lba`; afterwards they read as zeros when
    /// ``unmappedBlocksReadZero`` is set.
    func unmap(lba: UInt64, count: UInt64) throws(BlockStoreError)
}

/// Why a block store operation failed.
public enum BlockStoreError: Error, Sendable, Equatable {
    /// Reading the block at `lba` failed (a device reports MEDIUM ERROR 03/11/00).
    case readFailed(lba: UInt64)
    /// Writing the block at `lba` failed (a device reports MEDIUM ERROR 03/0C/00).
    case writeFailed(lba: UInt64)
    /// The store is read-only (DATA PROTECT 07/27/00).
    case writeProtected
    /// The byte range lies outside the store.
    case outOfRange
}

/// Why a block store could not be created or opened.
public enum BlockStoreOpenError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Only 512- and 4096-byte blocks are supported.
    case unsupportedBlockSize(Int)
    /// A zero-block store was requested or the image file is empty.
    case emptyStore
    /// `blockCount × blockSize` does not fit a 64-bit byte count.
    case capacityTooLarge
    /// `open(2)` failed.
    case cannotOpen(path: String, errno: Int32)
    /// `fstat(2)`, `ftruncate(2)` or the block-device size query failed.
    case cannotSize(path: String, errno: Int32)
    /// The path is not a regular file or a block device; `kind` says what it is ("a directory").
    case notADiskImage(path: String, kind: String)
    /// The image file has no bytes.
    case emptyImage(path: String)
    /// The image's size is not a whole number of blocks.
    case sizeNotMultipleOfBlockSize(path: String, size: UInt64, blockSize: Int)

    public var description: String {
        switch self {
        case .unsupportedBlockSize(let size):
            return "unsupported block size \(size) (use 512 or 4096)"
        case .emptyStore:
            return "a block store needs at least one block"
        case .capacityTooLarge:
            return "capacity in bytes does not fit 64 bits"
        case .cannotOpen(let path, let code):
            return "cannot open \(path): \(HostFile.reason(code))"
        case .cannotSize(let path, let code):
            return "cannot find the size of \(path): \(HostFile.reason(code))"
        case .notADiskImage(let path, let kind):
            return "\(path) is \(kind); a disk image is a regular file or a block device"
        case .emptyImage(let path):
            return "\(path) is empty (0 bytes); a disk image needs at least one block"
        case .sizeNotMultipleOfBlockSize(let path, let size, let blockSize):
            return "\(path): size \(size) bytes is not a multiple of the \(blockSize)-byte block size"
        }
    }
}

/// The block sizes stores accept.
public enum BlockSize {
    /// 512-byte logical blocks.
    public static let sector512 = 512
    /// 4096-byte logical blocks.
    public static let sector4K = 4096

    static func validate(_ size: Int) throws(BlockStoreOpenError) {
        guard size == sector512 || size == sector4K else { throw .unsupportedBlockSize(size) }
    }

    /// `blockCount × blockSize` in bytes, or nil when it overflows.
    static func byteCapacity(blockCount: UInt64, blockSize: Int) -> UInt64? {
        let (bytes, overflow) = blockCount.multipliedReportingOverflow(by: UInt64(blockSize))
        return overflow ? nil : bytes
    }
}

extension BlockStore {
    /// Total capacity in bytes.
    public var byteCapacity: UInt64 { blockCount &* UInt64(blockSize) }

    /// Whether `count` blocks from `lba` lie inside the store (overflow-safe).
    public func contains(lba: UInt64, count: UInt64) -> Bool {
        lba <= blockCount && count <= blockCount - lba
    }

    /// Reads `count` blocks from `lba` straight into the transfer's segments.
    ///
    /// Moves `min(count × blockSize, data.count)` bytes: the CDB sets the length of the data
    /// phase, the initiator's buffer bounds it, and the transport reports the difference as a
    /// residual. Updates `data.transferred` to the bytes delivered before any failure.
    public func read(lba: UInt64, count: UInt64, into data: inout SCSIDataTransfer) throws(BlockStoreError) {
        try move(lba: lba, count: count, through: &data) { (piece, offset) throws(BlockStoreError) in
            try self.read(byteOffset: offset, into: piece)
        }
    }

    /// Writes `count` blocks at `lba` straight from the transfer's segments; moves
    /// `min(count × blockSize, data.count)` bytes (see ``read(lba:count:into:)``).
    public func write(lba: UInt64, count: UInt64, from data: inout SCSIDataTransfer) throws(BlockStoreError) {
        if isReadOnly { throw .writeProtected }
        try move(lba: lba, count: count, through: &data) { (piece, offset) throws(BlockStoreError) in
            try self.write(byteOffset: offset, from: UnsafeRawBufferPointer(piece))
        }
    }

    /// Visits the transfer's segments covering `count` blocks from `lba`, handing each piece
    /// with its byte offset in the store to `body`; records the bytes moved before any failure.
    private func move(
        lba: UInt64, count: UInt64, through data: inout SCSIDataTransfer,
        _ body: (UnsafeMutableRawBufferPointer, UInt64) throws(BlockStoreError) -> Void
    ) throws(BlockStoreError) {
        let start = lba &* UInt64(blockSize)
        let length = Self.clampedLength(blocks: count, blockSize: blockSize, available: data.count)
        var moved = 0
        defer { data.transferred = max(data.transferred, moved) }
        try data.forEachSegment(offset: 0, count: length) { (piece, at) throws(BlockStoreError) in
            try body(piece, start + UInt64(at))
            moved = at + piece.count
        }
    }

    /// Bytes a command of `blocks` blocks moves through a buffer of `available` bytes.
    static func clampedLength(blocks: UInt64, blockSize: Int, available: Int) -> Int {
        let (bytes, overflow) = blocks.multipliedReportingOverflow(by: UInt64(blockSize))
        if overflow || bytes > UInt64(available) { return available }
        return Int(bytes)
    }
}
