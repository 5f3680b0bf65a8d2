#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw disk image in a host file or block device, accessed with `pread`/`pwrite`.
///
/// Only a regular file or a block device is accepted: the path is checked with `stat` before it
/// is opened, and opened with `O_NONBLOCK` (cleared afterwards), so a FIFO, a socket, a
/// directory or a character device is refused by name and can never block the open; an empty
/// file is refused naming the file. Capacity is the file's (or device's) size divided by the
/// block size; a size that is not a whole number of blocks is rejected. A read-only store opens the file `O_RDONLY`. Failed reads and writes
/// surface as ``BlockStoreError/readFailed(lba:)`` / ``BlockStoreError/writeFailed(lba:)``
/// naming the first block of the failed request, which a disk reports as a MEDIUM ERROR.
///
/// Discards overwrite the range with zeros (so LBPRZ holds); the zero source is one buffer
/// made at open time.
public final class FileBlockStore: BlockStore {
    /// The path of the image file the store reads and writes.
    public let path: String
    public let blockSize: Int
    public let blockCount: UInt64
    public let isReadOnly: Bool
    public var supportsUnmap: Bool { !isReadOnly }
    public var unmappedBlocksReadZero: Bool { true }

    private let descriptor: Int32
    private let zeros: UnsafeMutableRawBufferPointer
    private static let zeroBufferSize = 64 * 1024

    /// Opens an existing image; its size must be a non-zero multiple of `blockSize`.
    public init(path: String, blockSize: Int = BlockSize.sector512, readOnly: Bool = false) throws(BlockStoreOpenError) {
        try BlockSize.validate(blockSize)
        let descriptor = try Self.openImage(path, flags: readOnly ? O_RDONLY : O_RDWR, create: false)
        do throws(BlockStoreOpenError) {
            blockCount = try Self.blockCount(of: descriptor, path: path, blockSize: blockSize)
        } catch {
            close(descriptor)
            throw error
        }
        self.path = path
        self.blockSize = blockSize
        self.isReadOnly = readOnly
        self.descriptor = descriptor
        zeros = Self.makeZeroBuffer()
    }

    /// Opens `path` for writing, creating it if missing and extending it with zeros to at least
    /// `blockCount` blocks (a larger file is kept whole). Capacity is the resulting size.
    public init(creatingAt path: String, blockSize: Int = BlockSize.sector512, blockCount: UInt64) throws(BlockStoreOpenError) {
        try BlockSize.validate(blockSize)
        guard blockCount > 0 else { throw .emptyStore }
        guard let wanted = BlockSize.byteCapacity(blockCount: blockCount, blockSize: blockSize),
              wanted <= UInt64(Int64.max) else { throw .capacityTooLarge }
        let descriptor = try Self.openImage(path, flags: O_RDWR, create: true)
        do throws(BlockStoreOpenError) {
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw BlockStoreOpenError.cannotSize(path: path, errno: errno) }
            // A block device keeps its size; a regular file grows to the wanted size.
            if (status.st_mode & S_IFMT) == S_IFREG, UInt64(status.st_size) < wanted, ftruncate(descriptor, off_t(wanted)) != 0 {
                throw BlockStoreOpenError.cannotSize(path: path, errno: errno)
            }
            self.blockCount = try Self.blockCount(of: descriptor, path: path, blockSize: blockSize)
        } catch {
            close(descriptor)
            throw error
        }
        self.path = path
        self.blockSize = blockSize
        self.isReadOnly = false
        self.descriptor = descriptor
        zeros = Self.makeZeroBuffer()
    }

    deinit {
        close(descriptor)
        zeros.deallocate()
    }

    public func read(byteOffset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws(BlockStoreError) {
        guard let base = destination.baseAddress else { return }
        guard isInside(byteOffset, destination.count) else { throw .outOfRange }
        var done = 0
        while done < destination.count {
            let result = pread(descriptor, base + done, destination.count - done, off_t(byteOffset + UInt64(done)))
            if result < 0 && errno == EINTR { continue }
            // An error, or end of file inside the image (it shrank under us).
            guard result > 0 else { throw .readFailed(lba: (byteOffset + UInt64(done)) / UInt64(blockSize)) }
            done += result
        }
    }

    public func write(byteOffset: UInt64, from source: UnsafeRawBufferPointer) throws(BlockStoreError) {
        guard let base = source.baseAddress else { return }
        guard !isReadOnly else { throw .writeProtected }
        guard isInside(byteOffset, source.count) else { throw .outOfRange }
        try writeFully(base, source.count, at: byteOffset)
    }

    public func flush() throws(BlockStoreError) {
        guard !isReadOnly else { return }
        while fsync(descriptor) != 0 {
            guard errno == EINTR else { throw .writeFailed(lba: 0) }
        }
    }

    public func unmap(lba: UInt64, count: UInt64) throws(BlockStoreError) {
        guard !isReadOnly else { throw .writeProtected }
        guard contains(lba: lba, count: count) else { throw .outOfRange }
        var offset = lba * UInt64(blockSize)
        var remaining = count * UInt64(blockSize)
        while remaining > 0 {
            let length = Int(min(remaining, UInt64(zeros.count)))
            try writeFully(UnsafeRawPointer(zeros.baseAddress!), length, at: offset)
            offset += UInt64(length)
            remaining -= UInt64(length)
        }
    }

    // MARK: - Helpers

    private func isInside(_ offset: UInt64, _ length: Int) -> Bool {
        let capacity = byteCapacity
        return offset <= capacity && UInt64(length) <= capacity - offset
    }

    private func writeFully(_ base: UnsafeRawPointer, _ count: Int, at byteOffset: UInt64) throws(BlockStoreError) {
        var done = 0
        while done < count {
            let result = pwrite(descriptor, base + done, count - done, off_t(byteOffset + UInt64(done)))
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else { throw .writeFailed(lba: (byteOffset + UInt64(done)) / UInt64(blockSize)) }
            done += result
        }
    }

    /// Opens `path` without ever blocking: anything but a regular file or a block device is
    /// refused, by `stat` before the open (a FIFO is never opened) and by `fstat` on the
    /// descriptor after it (the path may have changed in between). `O_NONBLOCK` is cleared once
    /// the descriptor is known to be a file or a device.
    private static func openImage(_ path: String, flags: Int32, create: Bool) throws(BlockStoreOpenError) -> Int32 {
        var before = stat()
        if stat(path, &before) == 0 {
            try requireDiskKind(before.st_mode, path: path)
        } else if !(create && errno == ENOENT) {
            throw .cannotOpen(path: path, errno: errno)
        }
        let descriptor = open(path, flags | O_NONBLOCK | O_CLOEXEC | (create ? O_CREAT : 0), 0o644)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        var after = stat()
        do throws(BlockStoreOpenError) {
            guard fstat(descriptor, &after) == 0 else { throw .cannotSize(path: path, errno: errno) }
            try requireDiskKind(after.st_mode, path: path)
            let status = fcntl(descriptor, F_GETFL)
            guard status >= 0, fcntl(descriptor, F_SETFL, status & ~O_NONBLOCK) == 0 else {
                throw .cannotOpen(path: path, errno: errno)
            }
        } catch {
            close(descriptor)
            throw error
        }
        return descriptor
    }

    private static func requireDiskKind(_ mode: mode_t, path: String) throws(BlockStoreOpenError) {
        let kind = mode & S_IFMT
        guard kind == S_IFREG || kind == S_IFBLK else { throw .notADiskImage(path: path, kind: HostFile.kind(of: mode)) }
    }

    /// `BLKGETSIZE64` (`_IOR(0x12, 114, size_t)`): a block device's size in bytes.
    private static let blockDeviceSizeRequest: UInt = 0x8008_1272

    private static func blockCount(of descriptor: Int32, path: String, blockSize: Int) throws(BlockStoreOpenError) -> UInt64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw .cannotSize(path: path, errno: errno) }
        var size = UInt64(status.st_size)
        if (status.st_mode & S_IFMT) == S_IFBLK {
            guard ioctl(descriptor, blockDeviceSizeRequest, &size) == 0 else { throw .cannotSize(path: path, errno: errno) }
        }
        guard size > 0 else { throw .emptyImage(path: path) }
        guard size % UInt64(blockSize) == 0 else {
            throw .sizeNotMultipleOfBlockSize(path: path, size: size, blockSize: blockSize)
        }
        return size / UInt64(blockSize)
    }

    private static func makeZeroBuffer() -> UnsafeMutableRawBufferPointer {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: zeroBufferSize, alignment: 4096)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        return buffer
    }
}
