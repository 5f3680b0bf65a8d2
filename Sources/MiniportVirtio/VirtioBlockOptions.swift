import MiniportSCSI

/// How a virtio block device presents itself: queues, limits, topology and identity.
///
/// The defaults suit a disk on a RAM or file store; tests shrink the limits to reach the
/// bounds checks.
public struct VirtioBlockOptions: Sendable, Equatable {
    /// Request queues (more than one offers VIRTIO_BLK_F_MQ), 1...64.
    public var queues: Int
    /// Largest queue size offered (a power of two).
    public var queueSize: UInt16
    /// Largest data segment in bytes (`size_max`).
    public var sizeMax: UInt32
    /// Most data segments in one request (`seg_max`); defaults to the queue size minus the
    /// header and status descriptors.
    public var segMax: UInt32?
    /// log2(physical block / logical block) (`physical_block_exp`).
    public var physicalBlockExponent: UInt8
    /// First aligned logical block (`alignment_offset`).
    public var alignmentOffset: UInt8
    /// Smallest efficient I/O, in logical blocks (`min_io_size`).
    public var minIOSize: UInt16
    /// Optimal sustained I/O, in logical blocks (`opt_io_size`, 0: not reported).
    public var optIOSize: UInt32
    /// Most sectors one DISCARD segment may name.
    public var maxDiscardSectors: UInt32
    /// Most segments in one DISCARD request.
    public var maxDiscardSegments: UInt32
    /// Most sectors one WRITE_ZEROES segment may name.
    public var maxWriteZeroesSectors: UInt32
    /// Most segments in one WRITE_ZEROES request.
    public var maxWriteZeroesSegments: UInt32
    /// The GET_ID string (at most 20 bytes are returned; shorter strings are NUL-padded).
    public var serial: String

    /// Options with the given values (see the properties).
    public init(queues: Int = 1, queueSize: UInt16 = 256, sizeMax: UInt32 = 1 << 20, segMax: UInt32? = nil,
                physicalBlockExponent: UInt8 = 0, alignmentOffset: UInt8 = 0, minIOSize: UInt16 = 1,
                optIOSize: UInt32 = 0, maxDiscardSectors: UInt32 = 0x3F_FFFF, maxDiscardSegments: UInt32 = 32,
                maxWriteZeroesSectors: UInt32 = 0x3F_FFFF, maxWriteZeroesSegments: UInt32 = 32,
                serial: String = "MINIPORT-VIRTIO-BLK") {
        self.queues = queues
        self.queueSize = queueSize
        self.sizeMax = sizeMax
        self.segMax = segMax
        self.physicalBlockExponent = physicalBlockExponent
        self.alignmentOffset = alignmentOffset
        self.minIOSize = minIOSize
        self.optIOSize = optIOSize
        self.maxDiscardSectors = maxDiscardSectors
        self.maxDiscardSegments = maxDiscardSegments
        self.maxWriteZeroesSectors = maxWriteZeroesSectors
        self.maxWriteZeroesSegments = maxWriteZeroesSegments
        self.serial = serial
    }

    /// `seg_max` as offered.
    var effectiveSegMax: UInt32 { segMax ?? UInt32(max(1, Int(queueSize) - 2)) }
}
