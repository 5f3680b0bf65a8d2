/// The register interface of the emulated host bus adapter, as constants.
///
/// This file and docs/hba-spec.md describe the same interface; a test checks that the
/// specification's tables list exactly these values. Change both together.
public enum HBARegister {
    /// Identifies the controller: the bytes "PHBA" (0x41424850).
    public static let magic: UInt64 = 0x00
    /// Interface version: major in bits 31...16, minor in bits 15...0.
    public static let version: UInt64 = 0x04
    /// CAP_BUSES (RO): number of SCSI buses, 1...8; valid BUS values are 0...CAP_BUSES−1.
    public static let capBuses: UInt64 = 0x08
    /// CAP_TARGETS (RO): target IDs per bus, 1...256.
    public static let capTargets: UInt64 = 0x0C
    /// CAP_LUNS (RO): LUNs per target, 1...256.
    public static let capLuns: UInt64 = 0x10
    /// CAP_QUEUE_DEPTH (RO): largest RING_ENTRIES value accepted, a power of two in 2...4096.
    public static let capQueueDepth: UInt64 = 0x14
    /// CAP_MAX_TRANSFER (RO): largest TRANSFER_LENGTH accepted, in bytes.
    public static let capMaxTransfer: UInt64 = 0x18
    /// CAP_MAX_SG_ENTRIES (RO): largest SG_COUNT accepted, 1...4096.
    public static let capMaxSGEntries: UInt64 = 0x1C
    /// CONTROL (RW): bit 0 ENABLE, bit 1 RESET; reads back ENABLE only.
    public static let control: UInt64 = 0x20
    /// STATUS (RO): bit 0 READY, bit 1 FATAL.
    public static let status: UInt64 = 0x24
    /// ERROR (RO): the code of the fatal error (``HBAErrorCode``), 0 while none; sticky until a
    /// controller reset.
    public static let error: UInt64 = 0x28
    /// REQUEST_RING_LOW (RW): bits 31...0 of the request ring's physical address (64-byte aligned).
    public static let requestRingLow: UInt64 = 0x30
    /// REQUEST_RING_HIGH (RW): bits 63...32 of the request ring's physical address.
    public static let requestRingHigh: UInt64 = 0x34
    /// COMPLETION_RING_LOW (RW): bits 31...0 of the completion ring's physical address (64-byte
    /// aligned).
    public static let completionRingLow: UInt64 = 0x38
    /// COMPLETION_RING_HIGH (RW): bits 63...32 of the completion ring's physical address.
    public static let completionRingHigh: UInt64 = 0x3C
    /// RING_ENTRIES (RW): slots in each ring, a power of two in 2...CAP_QUEUE_DEPTH.
    public static let ringEntries: UInt64 = 0x40
    /// The doorbell: the driver writes the index of the next request slot it will fill.
    public static let requestTail: UInt64 = 0x44
    /// REQUEST_HEAD (RO): the next request slot the controller will read (consumer index).
    public static let requestHead: UInt64 = 0x48
    /// COMPLETION_TAIL (RO): the next completion slot the controller will write (producer index).
    public static let completionTail: UInt64 = 0x4C
    /// COMPLETION_HEAD (RW): the next completion slot the driver will read; writing it returns
    /// slots to the controller.
    public static let completionHead: UInt64 = 0x50
    /// INTERRUPT_STATUS (W1C): bit 0 COMPLETION, bit 1 ERROR; cleared by writing 1s.
    public static let interruptStatus: UInt64 = 0x54
    /// INTERRUPT_MASK (RW): the INTERRUPT_STATUS bits; a set bit keeps that source off INTA#.
    /// Everything is masked after reset.
    public static let interruptMask: UInt64 = 0x58
    /// BUS_RESET (WO): writing resets the SCSI bus in bits 7...0.
    public static let busReset: UInt64 = 0x5C
    /// TARGET_RESET (WO): writing resets one target: bus in bits 7...0, target ID in bits 15...8.
    public static let targetReset: UInt64 = 0x60
    /// OUTSTANDING (RO): commands taken from the request ring whose completion is not yet in the
    /// completion ring.
    public static let outstanding: UInt64 = 0x64
    /// CAP_QUEUES (RO, interface 1.1): queue pairs, 1...16. Queue 0 is the ring pair above;
    /// queues 1...CAP_QUEUES−1 have register blocks of their own (``HBAQueueRegister``).
    public static let capQueues: UInt64 = 0x68

    /// The register block's size in the memory BAR (BAR 0).
    public static let memoryBarSize: UInt32 = 0x1000
    /// The I/O BAR (BAR 1) mirrors registers 0x00...0x7F.
    public static let ioBarSize: UInt32 = 0x80
}

/// A queue pair's register block (interface 1.1): queue *q* at ``base`` + *q* × ``stride``,
/// for *q* in 0...CAP_QUEUES−1, in BAR 0 only. The first nine registers repeat the layout of
/// REQUEST_RING_LOW...COMPLETION_HEAD (0x30...0x50) for that queue; queue 0's block is another
/// view of those registers.
public enum HBAQueueRegister {
    /// Offset of queue 0's block in BAR 0.
    public static let base: UInt64 = 0x100
    /// Bytes between two queues' blocks.
    public static let stride: UInt64 = 0x40
    /// The most queue pairs a controller has.
    public static let maxQueues = 16

    /// REQUEST_RING_LOW (RW while the queue is disabled).
    public static let requestRingLow: UInt64 = 0x00
    /// REQUEST_RING_HIGH (RW while the queue is disabled).
    public static let requestRingHigh: UInt64 = 0x04
    /// COMPLETION_RING_LOW (RW while the queue is disabled).
    public static let completionRingLow: UInt64 = 0x08
    /// COMPLETION_RING_HIGH (RW while the queue is disabled).
    public static let completionRingHigh: UInt64 = 0x0C
    /// RING_ENTRIES (RW while the queue is disabled).
    public static let ringEntries: UInt64 = 0x10
    /// REQUEST_TAIL: the queue's doorbell.
    public static let requestTail: UInt64 = 0x14
    /// REQUEST_HEAD (RO).
    public static let requestHead: UInt64 = 0x18
    /// COMPLETION_TAIL (RO).
    public static let completionTail: UInt64 = 0x1C
    /// COMPLETION_HEAD (RW).
    public static let completionHead: UInt64 = 0x20
    /// QUEUE_ENABLE (RW; queue 0: RO, CONTROL.ENABLE): bit 0 runs the queue.
    public static let queueEnable: UInt64 = 0x24
    /// QUEUE_OUTSTANDING (RO): the queue's commands taken and not yet completed.
    public static let queueOutstanding: UInt64 = 0x28
}

/// Register values and bit fields.
public enum HBAValue {
    /// The MAGIC register's value: the ASCII bytes "PHBA" in memory order.
    public static let magic: UInt32 = 0x4142_4850
    /// The VERSION register's value: interface version 1.1 (1.0 plus queue pairs and MSI-X).
    public static let version: UInt32 = 0x0001_0001

    /// CONTROL bits.
    public static let controlEnable: UInt32 = 1 << 0
    /// CONTROL.RESET: writing 1 resets the controller; reads 0.
    public static let controlReset: UInt32 = 1 << 1

    /// STATUS bits.
    public static let statusReady: UInt32 = 1 << 0
    /// STATUS.FATAL: the controller stopped with an error; ERROR holds the code.
    public static let statusFatal: UInt32 = 1 << 1

    /// INTERRUPT STATUS / MASK bits.
    public static let interruptCompletion: UInt32 = 1 << 0
    /// INTERRUPT_STATUS / INTERRUPT_MASK bit 1, ERROR: a fatal error occurred.
    public static let interruptError: UInt32 = 1 << 1
    /// Both interrupt sources (the INTERRUPT_MASK reset value).
    public static let interruptAll: UInt32 = interruptCompletion | interruptError
}

/// Codes in the ERROR register (sticky until controller reset). All are fatal: the controller
/// stops processing requests and raises the ERROR interrupt.
public enum HBAErrorCode: UInt32, Sendable, CaseIterable {
    /// No error.
    case none = 0
    /// ENABLE was set with a ring base not 64-byte aligned, outside DMA memory, overlapping rings,
    /// or an invalid entry count.
    case badRingConfiguration = 1
    /// REQUEST TAIL was written with an index not below RING ENTRIES.
    case badRequestTail = 2
    /// COMPLETION HEAD was written with an index not below RING ENTRIES, or one that moves past
    /// completions the controller has not posted.
    case badCompletionHead = 3
    /// A ring slot could not be read or written through the physical address map, or the
    /// controller needed ring DMA while bus mastering was disabled.
    case ringAccessFault = 4
    /// REQUEST TAIL or COMPLETION HEAD was written while the controller was disabled. (While
    /// the controller is already in error, ring writes are ignored and the first code stays.)
    case notReady = 5
    /// Raised on purpose by fault injection.
    case injectedFatal = 6
}

/// Per-command status the controller reports in a completion (HBA STATUS byte).
public enum HBACommandStatus: UInt8, Sendable, CaseIterable {
    /// The command reached the logical unit; SCSI STATUS is valid.
    case ok = 0x00
    /// No such bus or target (or the target was removed): nothing answered selection.
    case selectionTimeout = 0x01
    /// The request descriptor was malformed; nothing was executed.
    case invalidRequest = 0x02
    /// A data or scatter/gather address was outside the physical address map, or bus mastering
    /// was disabled; nothing was executed. (A bad sense address does not fail the command: it
    /// completes without sense and the refused access is recorded.)
    case dmaError = 0x03
    /// Ended by a bus reset (BUS RESET register) before it completed.
    case busReset = 0x04
    /// Ended by a target reset (TARGET RESET register) before it completed.
    case targetReset = 0x05
}

/// Request descriptor layout: 64 bytes per ring slot, little-endian.
public enum HBARequestLayout {
    /// Bytes per request ring slot.
    public static let size = 64
    /// TAG (u32): returned unchanged in the completion.
    public static let tag = 0x00           // u32
    /// BUS (u8): the SCSI bus (PathId), 0...CAP_BUSES−1.
    public static let bus = 0x04           // u8
    /// TARGET (u8): the target ID, 0...CAP_TARGETS−1.
    public static let target = 0x05       // u8
    /// LUN (u8): the logical unit number, 0...CAP_LUNS−1.
    public static let lun = 0x06           // u8
    /// CDB_LENGTH (u8): bytes of CDB used, 1...16.
    public static let cdbLength = 0x07     // u8, 1...16
    /// FLAGS (u8): DATA_IN, DATA_OUT and SG_LIST; other bits must be 0.
    public static let flags = 0x08         // u8
    /// SENSE_LENGTH (u8): the size of the sense buffer; 0 disables autosense.
    public static let senseLength = 0x09   // u8
    /// SG_COUNT (u16): scatter/gather entries at DATA_ADDRESS when FLAGS.SG_LIST is set.
    public static let sgCount = 0x0A       // u16
    /// TRANSFER_LENGTH (u32): bytes to transfer, 0...CAP_MAX_TRANSFER; 0 exactly when there is no
    /// data phase.
    public static let transferLength = 0x0C // u32
    /// CDB (16 bytes): the command descriptor block; bytes beyond CDB_LENGTH are ignored.
    public static let cdb = 0x10           // 16 bytes
    /// DATA_ADDRESS (u64): physical address of the data buffer, or of the scatter/gather list when
    /// FLAGS.SG_LIST is set.
    public static let dataAddress = 0x20   // u64
    /// SENSE_ADDRESS (u64): physical address of the sense buffer.
    public static let senseAddress = 0x28  // u64
    /// RESERVED (16 bytes): ignored by the controller; write 0.
    public static let reserved = 0x30      // 16 bytes, ignored

    /// FLAGS bits.
    public static let flagDataIn: UInt8 = 1 << 0
    /// FLAGS bit 1, DATA_OUT: data moves from memory to the device.
    public static let flagDataOut: UInt8 = 1 << 1
    /// FLAGS bit 2, SG_LIST: DATA_ADDRESS points to a scatter/gather list of SG_COUNT entries.
    public static let flagSGList: UInt8 = 1 << 2
    /// Every FLAGS bit the interface defines.
    public static let flagsDefined: UInt8 = flagDataIn | flagDataOut | flagSGList
}

/// Scatter/gather entry layout: 16 bytes.
public enum HBASGLayout {
    /// Bytes per scatter/gather entry.
    public static let size = 16
    /// ADDRESS (u64): physical address of this piece of the data buffer.
    public static let address = 0x00       // u64
    /// LENGTH (u32): bytes in this piece; must not be 0.
    public static let length = 0x08        // u32, non-zero
    /// RESERVED (u32): ignored; write 0.
    public static let reserved = 0x0C      // u32, ignored
}

/// Completion descriptor layout: 16 bytes per ring slot.
public enum HBACompletionLayout {
    /// Bytes per completion ring slot.
    public static let size = 16
    /// TAG (u32): the TAG of the request.
    public static let tag = 0x00           // u32
    /// HBA_STATUS (u8): the transport outcome, an ``HBACommandStatus``.
    public static let hbaStatus = 0x04     // u8 (HBACommandStatus)
    /// SCSI_STATUS (u8): the logical unit's SCSI status byte when HBA_STATUS is OK; 0 otherwise.
    public static let scsiStatus = 0x05    // u8
    /// SENSE_LENGTH (u8): bytes of sense data written to the sense buffer; 0 unless SENSE_VALID.
    public static let senseLength = 0x06   // u8, bytes of sense written
    /// FLAGS (u8): SENSE_VALID in bit 0.
    public static let flags = 0x07         // u8
    /// RESIDUAL (u32): TRANSFER_LENGTH minus the bytes transferred.
    public static let residual = 0x08      // u32
    /// RESERVED (u32): written as 0.
    public static let reserved = 0x0C      // u32, written as 0

    /// FLAGS bits.
    public static let flagSenseValid: UInt8 = 1 << 0
}
