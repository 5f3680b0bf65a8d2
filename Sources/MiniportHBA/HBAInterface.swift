/// The register interface of the emulated host bus adapter, as constants.
///
/// This file and docs/hba-spec.md describe the same interface; a test checks that the
/// specification's tables list exactly these values. Change both together.
public enum HBARegister {
    /// Identifies the controller: the bytes "PHBA" (0x41424850).
    public static let magic: UInt64 = 0x00
    /// Interface version: major in bits 31...16, minor in bits 15...0.
    public static let version: UInt64 = 0x04
    public static let capBuses: UInt64 = 0x08
    public static let capTargets: UInt64 = 0x0C
    public static let capLuns: UInt64 = 0x10
    public static let capQueueDepth: UInt64 = 0x14
    public static let capMaxTransfer: UInt64 = 0x18
    public static let capMaxSGEntries: UInt64 = 0x1C
    public static let control: UInt64 = 0x20
    public static let status: UInt64 = 0x24
    public static let error: UInt64 = 0x28
    public static let requestRingLow: UInt64 = 0x30
    public static let requestRingHigh: UInt64 = 0x34
    public static let completionRingLow: UInt64 = 0x38
    public static let completionRingHigh: UInt64 = 0x3C
    public static let ringEntries: UInt64 = 0x40
    /// The doorbell: the driver writes the index of the next request slot it will fill.
    public static let requestTail: UInt64 = 0x44
    public static let requestHead: UInt64 = 0x48
    public static let completionTail: UInt64 = 0x4C
    public static let completionHead: UInt64 = 0x50
    public static let interruptStatus: UInt64 = 0x54
    public static let interruptMask: UInt64 = 0x58
    public static let busReset: UInt64 = 0x5C
    public static let targetReset: UInt64 = 0x60
    public static let outstanding: UInt64 = 0x64

    /// The register block's size in the memory BAR (BAR 0).
    public static let memoryBarSize: UInt32 = 0x1000
    /// The I/O BAR (BAR 1) mirrors registers 0x00...0x7F.
    public static let ioBarSize: UInt32 = 0x80
}

/// Register values and bit fields.
public enum HBAValue {
    public static let magic: UInt32 = 0x4142_4850
    public static let version: UInt32 = 0x0001_0000

    /// CONTROL bits.
    public static let controlEnable: UInt32 = 1 << 0
    public static let controlReset: UInt32 = 1 << 1

    /// STATUS bits.
    public static let statusReady: UInt32 = 1 << 0
    public static let statusFatal: UInt32 = 1 << 1

    /// INTERRUPT STATUS / MASK bits.
    public static let interruptCompletion: UInt32 = 1 << 0
    public static let interruptError: UInt32 = 1 << 1
    public static let interruptAll: UInt32 = interruptCompletion | interruptError
}

/// Codes in the ERROR register (sticky until controller reset). All are fatal: the controller
/// stops processing requests and raises the ERROR interrupt.
public enum HBAErrorCode: UInt32, Sendable, CaseIterable {
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
    public static let size = 64
    public static let tag = 0x00           // u32
    public static let bus = 0x04           // u8
    public static let target = 0x05       // u8
    public static let lun = 0x06           // u8
    public static let cdbLength = 0x07     // u8, 1...16
    public static let flags = 0x08         // u8
    public static let senseLength = 0x09   // u8
    public static let sgCount = 0x0A       // u16
    public static let transferLength = 0x0C // u32
    public static let cdb = 0x10           // 16 bytes
    public static let dataAddress = 0x20   // u64
    public static let senseAddress = 0x28  // u64
    public static let reserved = 0x30      // 16 bytes, ignored

    /// FLAGS bits.
    public static let flagDataIn: UInt8 = 1 << 0
    public static let flagDataOut: UInt8 = 1 << 1
    public static let flagSGList: UInt8 = 1 << 2
    public static let flagsDefined: UInt8 = flagDataIn | flagDataOut | flagSGList
}

/// Scatter/gather entry layout: 16 bytes.
public enum HBASGLayout {
    public static let size = 16
    public static let address = 0x00       // u64
    public static let length = 0x08        // u32, non-zero
    public static let reserved = 0x0C      // u32, ignored
}

/// Completion descriptor layout: 16 bytes per ring slot.
public enum HBACompletionLayout {
    public static let size = 16
    public static let tag = 0x00           // u32
    public static let hbaStatus = 0x04     // u8 (HBACommandStatus)
    public static let scsiStatus = 0x05    // u8
    public static let senseLength = 0x06   // u8, bytes of sense written
    public static let flags = 0x07         // u8
    public static let residual = 0x08      // u32
    public static let reserved = 0x0C      // u32, written as 0

    /// FLAGS bits.
    public static let flagSenseValid: UInt8 = 1 << 0
}
