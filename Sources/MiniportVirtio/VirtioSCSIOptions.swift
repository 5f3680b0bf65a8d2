/// How a virtio SCSI adapter presents itself: request queues and the limits in its
/// configuration space.
public struct VirtioSCSIOptions: Sendable, Equatable {
    /// Request queues (`num_queues`), 1...62; the control and event queues come first.
    public var requestQueues: Int
    /// Largest queue size offered (a power of two).
    public var queueSize: UInt16
    /// Most data segments in one command (`seg_max`); defaults to the queue size minus two.
    public var segMax: UInt32?
    /// Largest transfer in 512-byte sectors (`max_sectors`).
    public var maxSectors: UInt32
    /// Commands the driver should queue per LUN (`cmd_per_lun`).
    public var commandsPerLUN: UInt32
    /// Highest target ID (`max_target`, at most 255).
    public var maxTarget: UInt16
    /// Highest LUN (`max_lun`, at most 255: the SCSI targets hold LUNs 0...255).
    public var maxLUN: UInt32

    /// Options with the given values (see the properties).
    public init(requestQueues: Int = 1, queueSize: UInt16 = 256, segMax: UInt32? = nil, maxSectors: UInt32 = 0xFFFF,
                commandsPerLUN: UInt32 = 128, maxTarget: UInt16 = 255, maxLUN: UInt32 = 255) {
        self.requestQueues = requestQueues
        self.queueSize = queueSize
        self.segMax = segMax
        self.maxSectors = maxSectors
        self.commandsPerLUN = commandsPerLUN
        self.maxTarget = maxTarget
        self.maxLUN = maxLUN
    }

    /// `seg_max` as offered.
    var effectiveSegMax: UInt32 { segMax ?? UInt32(max(1, Int(queueSize) - 2)) }
}
