/// The contract between a SCSI transport (the emulated HBA) and the SCSI devices behind it.
///
/// A logical unit never learns which HBA carries it: it sees a CDB, a data transfer over
/// already-resolved host memory, and returns a status with optional sense data. The HBA does
/// the DMA checking before it builds the transfer, so everything a device touches through
/// ``SCSIDataTransfer`` is memory the port mapped for this command.
///
/// Nothing on this path allocates: CDBs and sense data are fixed-size values and the transfer's
/// segment list is storage the HBA owns.

/// A command descriptor block: up to 16 bytes, stored inline.
public struct SCSICDB: Sendable, Equatable {
    /// The 16 CDB bytes; bytes past `length` are 0.
    public var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                       UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8)
    /// Number of valid bytes (6, 10, 12 or 16 for the commands this SDK knows; 1...16 accepted).
    public var length: Int

    /// An empty CDB: 16 zero bytes, length 0.
    public init() {
        bytes = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        length = 0
    }

    /// A CDB from its bytes (at most 16 are kept).
    public init<C: Collection>(_ source: C) where C.Element == UInt8 {
        self.init()
        var index = 0
        for byte in source.prefix(16) {
            self[index] = byte
            index += 1
        }
        length = index
    }

    /// Byte `index` (0...15); bytes past `length` read as 0.
    public subscript(index: Int) -> UInt8 {
        get {
            precondition(index >= 0 && index < 16, "CDB index out of range")
            return withUnsafeBytes(of: bytes) { $0[index] }
        }
        set {
            precondition(index >= 0 && index < 16, "CDB index out of range")
            withUnsafeMutableBytes(of: &bytes) { $0[index] = newValue }
        }
    }

    /// The operation code (byte 0).
    public var operationCode: UInt8 { self[0] }

    public static func == (lhs: SCSICDB, rhs: SCSICDB) -> Bool {
        guard lhs.length == rhs.length else { return false }
        return withUnsafeBytes(of: lhs.bytes) { a in withUnsafeBytes(of: rhs.bytes) { b in a.elementsEqual(b) } }
    }

    /// Big-endian field of `width` bytes (1...8) starting at `offset`.
    public func bigEndian(at offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + width) { value = value << 8 | UInt64(self[index]) }
        return value
    }
}

/// SCSI status byte values (SAM).
public struct SCSIStatus: RawRepresentable, Sendable, Equatable, Hashable, CustomStringConvertible {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// GOOD (00h): the command completed.
    public static let good = SCSIStatus(rawValue: 0x00)
    /// CHECK CONDITION (02h): sense data describes the error.
    public static let checkCondition = SCSIStatus(rawValue: 0x02)
    /// CONDITION MET (04h).
    public static let conditionMet = SCSIStatus(rawValue: 0x04)
    /// BUSY (08h): the logical unit cannot accept the command now.
    public static let busy = SCSIStatus(rawValue: 0x08)
    /// RESERVATION CONFLICT (18h).
    public static let reservationConflict = SCSIStatus(rawValue: 0x18)
    /// TASK SET FULL (28h): the logical unit's queue is full.
    public static let taskSetFull = SCSIStatus(rawValue: 0x28)
    /// ACA ACTIVE (30h).
    public static let acaActive = SCSIStatus(rawValue: 0x30)
    /// TASK ABORTED (40h).
    public static let taskAborted = SCSIStatus(rawValue: 0x40)

    public var description: String {
        switch self {
        case .good: return "GOOD"
        case .checkCondition: return "CHECK CONDITION"
        case .conditionMet: return "CONDITION MET"
        case .busy: return "BUSY"
        case .reservationConflict: return "RESERVATION CONFLICT"
        case .taskSetFull: return "TASK SET FULL"
        case .acaActive: return "ACA ACTIVE"
        case .taskAborted: return "TASK ABORTED"
        default: return "status 0x\(String(rawValue, radix: 16))"
        }
    }
}

/// Sense key, additional sense code and qualifier, plus the optional fixed-format fields.
/// Rendered as fixed-format sense data (response code 0x70, 18 bytes) by ``write(to:)``.
public struct SenseData: Sendable, Equatable, CustomStringConvertible {
    /// The sense key (``SenseKey``).
    public var key: UInt8
    /// The additional sense code (ASC).
    public var asc: UInt8
    /// The additional sense code qualifier (ASCQ).
    public var ascq: UInt8
    /// INFORMATION field (e.g. the failing LBA for a medium error); sets VALID when present.
    public var information: UInt32?
    /// Sense-key-specific field: bytes 15...17 (SKSV is bit 7 of byte 15).
    public var senseKeySpecific: (UInt8, UInt8, UInt8)?

    /// Sense data with `key`/`asc`/`ascq` and, optionally, the INFORMATION and sense-key-specific
    /// fields.
    public init(key: UInt8, asc: UInt8, ascq: UInt8, information: UInt32? = nil,
                senseKeySpecific: (UInt8, UInt8, UInt8)? = nil) {
        self.key = key
        self.asc = asc
        self.ascq = ascq
        self.information = information
        self.senseKeySpecific = senseKeySpecific
    }

    public static func == (lhs: SenseData, rhs: SenseData) -> Bool {
        lhs.key == rhs.key && lhs.asc == rhs.asc && lhs.ascq == rhs.ascq && lhs.information == rhs.information
            && lhs.senseKeySpecific.map { [$0.0, $0.1, $0.2] } == rhs.senseKeySpecific.map { [$0.0, $0.1, $0.2] }
    }

    /// Length of the fixed-format rendering.
    public static let fixedLength = 18

    /// Writes fixed-format sense data into `buffer` (truncated to its size); returns bytes written.
    @discardableResult
    public func write(to buffer: UnsafeMutableRawBufferPointer) -> Int {
        var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                    UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { raw in
            raw[0] = 0x70 | (information != nil ? 0x80 : 0)
            raw[2] = key & 0x0F
            if let information {
                raw[3] = UInt8(truncatingIfNeeded: information >> 24)
                raw[4] = UInt8(truncatingIfNeeded: information >> 16)
                raw[5] = UInt8(truncatingIfNeeded: information >> 8)
                raw[6] = UInt8(truncatingIfNeeded: information)
            }
            raw[7] = 10  // additional sense length: bytes 8...17
            raw[12] = asc
            raw[13] = ascq
            if let specific = senseKeySpecific {
                raw[15] = specific.0
                raw[16] = specific.1
                raw[17] = specific.2
            }
        }
        let count = min(buffer.count, SenseData.fixedLength)
        withUnsafeBytes(of: bytes) { raw in
            if count > 0, let destination = buffer.baseAddress {
                destination.copyMemory(from: raw.baseAddress!, byteCount: count)
            }
        }
        return count
    }

    public var description: String {
        "sense \(String(format2: key))/\(String(format2: asc))/\(String(format2: ascq))"
    }
}

extension String {
    /// Two hex digits.
    init(format2 value: UInt8) {
        let digits = String(value, radix: 16, uppercase: true)
        self = digits.count == 1 ? "0" + digits : digits
    }
}

/// The data phase of one command, over host memory the HBA resolved and DMA-checked.
///
/// `segments` are the pieces of the initiator's buffer, in order; `count` is the transfer length
/// the initiator asked for (their total). A device moves data with ``copyIn(from:count:at:)`` and
/// ``copyOut(to:count:at:)`` (bounded: never past `count`), or visits the segments of a range
/// with ``forEachSegment(offset:count:_:)`` to read or write a block store directly.
public struct SCSIDataTransfer {
    /// Which way a command's data moves.
    public enum Direction: Sendable, Equatable {
        /// No data phase.
        case none
        /// Device to initiator (READ, INQUIRY, ...).
        case toInitiator
        /// Initiator to device (WRITE, MODE SELECT, ...).
        case fromInitiator
    }

    /// Which way the data moves.
    public let direction: Direction
    /// The pieces of the initiator's buffer, in order.
    public let segments: UnsafeBufferPointer<UnsafeMutableRawBufferPointer>
    /// The transfer length the initiator asked for: the total of the segments.
    public let count: Int
    /// Bytes the device moved; the HBA reports `count - transferred` as the residual.
    public var transferred: Int = 0

    /// A transfer over `segments`, whose total length becomes ``count``.
    public init(direction: Direction, segments: UnsafeBufferPointer<UnsafeMutableRawBufferPointer>) {
        self.direction = direction
        self.segments = segments
        var total = 0
        for segment in segments { total += segment.count }
        self.count = total
    }

    /// A transfer with no data phase.
    public static var none: SCSIDataTransfer { SCSIDataTransfer(direction: .none, segments: UnsafeBufferPointer(start: nil, count: 0)) }

    /// Calls `body` with each piece of host memory covering `offset ..< offset + count`
    /// (clamped to the transfer), in order, and the offset of that piece within the range.
    public func forEachSegment<E: Error>(
        offset: Int, count: Int, _ body: (UnsafeMutableRawBufferPointer, Int) throws(E) -> Void
    ) throws(E) {
        guard offset >= 0, count > 0, offset < self.count else { return }
        var remaining = min(count, self.count - offset)
        var skip = offset
        var produced = 0
        for segment in segments {
            if remaining == 0 { break }
            if skip >= segment.count {
                skip -= segment.count
                continue
            }
            let length = min(segment.count - skip, remaining)
            let piece = UnsafeMutableRawBufferPointer(rebasing: segment[skip..<(skip + length)])
            try body(piece, produced)
            produced += length
            remaining -= length
            skip = 0
        }
    }

    /// Copies `count` bytes from `source` into the initiator's buffer at `offset` (device to
    /// initiator); returns the bytes copied, bounded by the transfer length.
    @discardableResult
    public mutating func copyIn(from source: UnsafeRawPointer, count: Int, at offset: Int = 0) -> Int {
        var copied = 0
        forEachSegment(offset: offset, count: count) { piece, at in
            piece.baseAddress!.copyMemory(from: source + at, byteCount: piece.count)
            copied += piece.count
        }
        // Nothing moved (an offset at or past the end of a short buffer) claims nothing.
        if copied > 0 { transferred = max(transferred, offset + copied) }
        return copied
    }

    /// Copies `count` bytes of the initiator's buffer at `offset` into `destination` (initiator
    /// to device); returns the bytes copied, bounded by the transfer length.
    @discardableResult
    public mutating func copyOut(to destination: UnsafeMutableRawPointer, count: Int, at offset: Int = 0) -> Int {
        var copied = 0
        forEachSegment(offset: offset, count: count) { piece, at in
            (destination + at).copyMemory(from: piece.baseAddress!, byteCount: piece.count)
            copied += piece.count
        }
        if copied > 0 { transferred = max(transferred, offset + copied) }
        return copied
    }
}

/// What a device reports for one command.
public struct SCSICompletion: Sendable, Equatable {
    /// The SCSI status byte.
    public var status: SCSIStatus
    /// Present with CHECK CONDITION.
    public var sense: SenseData?

    /// A completion with `status` and, for CHECK CONDITION, `sense`.
    public init(status: SCSIStatus, sense: SenseData? = nil) {
        self.status = status
        self.sense = sense
    }

    /// GOOD without sense data.
    public static let good = SCSICompletion(status: .good)

    /// CHECK CONDITION with sense `key`/`asc`/`ascq` and, optionally, the INFORMATION field.
    public static func checkCondition(_ key: UInt8, _ asc: UInt8, _ ascq: UInt8, information: UInt32? = nil) -> SCSICompletion {
        SCSICompletion(status: .checkCondition, sense: SenseData(key: key, asc: asc, ascq: ascq, information: information))
    }
}

/// A SCSI logical unit as a transport sees it.
public protocol SCSILogicalUnit: AnyObject {
    /// Executes one command. `data` covers the initiator's buffer; the device sets
    /// `data.transferred` through the copy helpers (or directly when it visits segments).
    func execute(_ cdb: SCSICDB, data: inout SCSIDataTransfer) -> SCSICompletion

    /// A reset reached this unit (bus reset, target reset, LU reset, controller reset). The unit
    /// reports UNIT ATTENTION 06/29/xx on its next command, as the standard says.
    func reset(_ kind: SCSIResetKind)
}

/// Which reset reached a logical unit; it decides the unit attention the unit reports next.
public enum SCSIResetKind: Sendable, Equatable {
    /// Power on (06/29/00).
    case powerOn
    /// A SCSI bus reset (06/29/02).
    case bus
    /// A target reset (06/29/03).
    case target
    /// A logical unit reset (06/29/03).
    case logicalUnit
}
