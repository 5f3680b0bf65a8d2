/// Wire values of the virtio block device (virtio 1.x, device ID 2): feature bits, request
/// types, status bytes and the layouts the driver places in guest memory.
public enum VirtioBlock {
    /// The virtio device ID of a block device.
    public static let deviceType: UInt16 = 2

    /// Device-specific feature bits (bit numbers).
    public enum Feature {
        /// `size_max` bounds every data segment.
        public static let sizeMax = 1
        /// `seg_max` bounds the data segments of one request.
        public static let segMax = 2
        /// `geometry` is valid.
        public static let geometry = 4
        /// The device is read-only: writes fail.
        public static let readOnly = 5
        /// `blk_size` is valid.
        public static let blockSize = 6
        /// The FLUSH request is supported.
        public static let flush = 9
        /// The `topology` fields are valid.
        public static let topology = 10
        /// `writeback` is writable: the driver chooses writeback or writethrough.
        public static let configWCE = 11
        /// More than one request queue (`num_queues`).
        public static let multiQueue = 12
        /// The DISCARD request is supported (limits in the discard fields).
        public static let discard = 13
        /// The WRITE_ZEROES request is supported (limits in the write-zeroes fields).
        public static let writeZeroes = 14
    }

    /// Request types (the `type` field of the request header).
    public enum RequestType {
        /// Read sectors into the device-writable data.
        public static let read: UInt32 = 0
        /// Write sectors from the driver-readable data.
        public static let write: UInt32 = 1
        /// Make completed writes durable.
        public static let flush: UInt32 = 4
        /// Return the 20-byte device ID string.
        public static let getID: UInt32 = 8
        /// Device lifetime (eMMC-style health); not emulated.
        public static let getLifetime: UInt32 = 10
        /// Discard sector ranges.
        public static let discard: UInt32 = 11
        /// Zero sector ranges (optionally by unmapping them).
        public static let writeZeroes: UInt32 = 13
        /// Secure erase; not emulated.
        public static let secureErase: UInt32 = 14
    }

    /// The status byte the device stores at the very end of the device-writable part.
    public enum Status {
        /// Success.
        public static let ok: UInt8 = 0
        /// Device or driver error (bad range, medium error, write to a read-only disk...).
        public static let ioError: UInt8 = 1
        /// Request type or flags not supported.
        public static let unsupported: UInt8 = 2
    }

    /// Bytes of the request header: `le32 type; le32 reserved; le64 sector`.
    public static let headerLength = 16
    /// Bytes of one DISCARD / WRITE_ZEROES segment: `le64 sector; le32 num_sectors; le32 flags`.
    public static let rangeLength = 16
    /// The only defined range flag: unmap (WRITE_ZEROES may deallocate; DISCARD must not set it).
    public static let rangeFlagUnmap: UInt32 = 1
    /// Length of the GET_ID string.
    public static let idLength = 20
    /// Sectors are always 512 bytes on the wire, whatever the logical block size.
    public static let sectorSize = 512

    /// Byte offsets of `struct virtio_blk_config`.
    public enum ConfigOffset {
        /// Offset of `capacity`.
        public static let capacity = 0
        /// Offset of `size_max`.
        public static let sizeMax = 8
        /// Offset of `seg_max`.
        public static let segMax = 12
        /// Offset of `geometry.cylinders`.
        public static let cylinders = 16
        /// Offset of `geometry.heads`.
        public static let heads = 18
        /// Offset of `geometry.sectors`.
        public static let sectors = 19
        /// Offset of `blk_size`.
        public static let blockSize = 20
        /// Offset of `topology.physical_block_exp`.
        public static let physicalBlockExponent = 24
        /// Offset of `topology.alignment_offset`.
        public static let alignmentOffset = 25
        /// Offset of `topology.min_io_size`.
        public static let minIOSize = 26
        /// Offset of `topology.opt_io_size`.
        public static let optIOSize = 28
        /// Offset of `writeback`.
        public static let writeback = 32
        /// Offset of `num_queues`.
        public static let numQueues = 34
        /// Offset of `max_discard_sectors`.
        public static let maxDiscardSectors = 36
        /// Offset of `max_discard_seg`.
        public static let maxDiscardSegments = 40
        /// Offset of `discard_sector_alignment`.
        public static let discardSectorAlignment = 44
        /// Offset of `max_write_zeroes_sectors`.
        public static let maxWriteZeroesSectors = 48
        /// Offset of `max_write_zeroes_seg`.
        public static let maxWriteZeroesSegments = 52
        /// Offset of `write_zeroes_may_unmap`.
        public static let writeZeroesMayUnmap = 56
        /// Size of the configuration structure this device exposes.
        public static let size = 60
    }
}

/// Little-endian reads and writes of a device configuration image (shared by the device types).
enum VirtioConfigBytes {
    /// `width` bytes at `offset` of `bytes`, little-endian; bytes past the end read as 0.
    static func read(_ bytes: [UInt8], offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        guard offset >= 0, width > 0 else { return 0 }
        for index in stride(from: min(width, 8) - 1, through: 0, by: -1) {
            let at = offset + index
            value = value << 8 | (at < bytes.count ? UInt64(bytes[at]) : 0)
        }
        return value
    }

    /// Stores `value` as `width` little-endian bytes at `offset` (clipped to the image).
    static func write(_ bytes: inout [UInt8], offset: Int, width: Int, value: UInt64) {
        guard offset >= 0 else { return }
        for index in 0..<min(width, 8) where offset + index < bytes.count {
            bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(index)))
        }
    }
}

extension VirtioChain {
    /// Visits the host memory covering `offset ..< offset + count` of the readable
    /// (`writable == false`) or writable bytes, in order, with each piece's offset in the range.
    func forEachPiece<E: Error>(
        writable: Bool, offset: Int, count: Int, _ body: (UnsafeMutableRawBufferPointer, Int) throws(E) -> Void
    ) throws(E) {
        guard offset >= 0, count > 0 else { return }
        let segments = writable ? writableCount : readableCount
        var skip = offset
        var done = 0
        var index = 0
        while index < segments, done < count {
            let segment = writable ? self.writable(index) : readable(index)
            index += 1
            if skip >= segment.length {
                skip -= segment.length
                continue
            }
            let length = min(segment.length - skip, count - done)
            if length > 0 {
                try body(UnsafeMutableRawBufferPointer(start: segment.host.advanced(by: skip), count: length), done)
            }
            done += length
            skip = 0
        }
    }

    /// Number of pieces covering a range and the longest of them (see ``forEachPiece``).
    func pieceShape(writable: Bool, offset: Int, count: Int) -> (pieces: Int, longest: Int) {
        var pieces = 0
        var longest = 0
        forEachPiece(writable: writable, offset: offset, count: count) { piece, _ in
            pieces += 1
            longest = max(longest, piece.count)
        }
        return (pieces, longest)
    }

    /// Up to `capacity` (physical address, length) pieces covering the first `count` writable
    /// bytes, for filling them later through ``VirtioTransport/writeGuest(physical:bytes:)``.
    func writablePhysicalPieces(count: Int, into pieces: inout VirtioGuestPieces) {
        pieces.count = 0
        var remaining = count
        var index = 0
        while index < writableCount, remaining > 0, pieces.count < VirtioGuestPieces.capacity {
            let segment = writable(index)
            index += 1
            let length = min(segment.length, remaining)
            if length == 0 { continue }
            pieces.set(pieces.count, physical: segment.physical, length: length)
            pieces.count += 1
            remaining -= length
        }
    }
}

/// A few guest-physical pieces of a held buffer, stored inline (no allocation).
struct VirtioGuestPieces {
    static let capacity = 4
    var physical: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    var length: (Int, Int, Int, Int) = (0, 0, 0, 0)
    var count = 0

    mutating func set(_ index: Int, physical address: UInt64, length bytes: Int) {
        switch index {
        case 0: physical.0 = address; length.0 = bytes
        case 1: physical.1 = address; length.1 = bytes
        case 2: physical.2 = address; length.2 = bytes
        default: physical.3 = address; length.3 = bytes
        }
    }

    func piece(_ index: Int) -> (physical: UInt64, length: Int) {
        switch index {
        case 0: return (physical.0, length.0)
        case 1: return (physical.1, length.1)
        case 2: return (physical.2, length.2)
        default: return (physical.3, length.3)
        }
    }

    /// Writes `bytes` from the start of the pieces, through `transport`; false when the
    /// physical map refused a piece.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0, through transport: VirtioTransport) -> Bool {
        var skip = offset
        var done = 0
        var ok = true
        for index in 0..<count where done < bytes.count {
            let (address, length) = piece(index)
            if skip >= length {
                skip -= length
                continue
            }
            let take = min(length - skip, bytes.count - done)
            let slice = UnsafeRawBufferPointer(rebasing: bytes[done..<(done + take)])
            ok = transport.writeGuest(physical: address + UInt64(skip), bytes: slice) && ok
            done += take
            skip = 0
        }
        return ok && done == bytes.count
    }
}
