/// What a port saw happen: miniport error-log entries, debug prints, notifications it could not
/// act on, and the port's own reports. Kept in order; tests and the CLI read it.
public struct PortLogEntry: Sendable, Equatable, CustomStringConvertible {
    /// What an entry records.
    public enum Kind: String, Sendable, Codable {
        /// ScsiPortLogError from the miniport.
        case miniportError
        /// ScsiDebugPrint text.
        case debugPrint
        /// Something the port noticed (bring-up steps, resets, timeouts).
        case port
        /// A call the miniport made that the port refused or could not honour.
        case refused
    }

    /// What the entry records.
    public var kind: Kind
    /// Virtual time in nanoseconds.
    public var time: UInt64
    /// The entry's text.
    public var message: String
    /// The verifier rule this entry records, when it records one (so that a failed load can
    /// still say which rules the miniport broke).
    public var violation: Violation? = nil

    /// The entry in one line: virtual time, kind and message.
    public var description: String { "[\(time) ns] \(kind.rawValue): \(message)" }
}

/// One ScsiPortLogError call, as the miniport made it.
public struct MiniportErrorLog: Sendable, Equatable {
    /// The SCSI path (bus) ID the miniport named.
    public var pathId: UInt8
    /// The target ID the miniport named.
    public var targetId: UInt8
    /// The LUN the miniport named.
    public var lun: UInt8
    /// The error code (SP_* for SCSI Port).
    public var errorCode: UInt32
    /// The miniport's own identifier for the error.
    public var uniqueId: UInt32
    /// Whether the call named an SRB.
    public var hadSrb: Bool
}

/// A logical unit's address: path (bus), target and LUN.
public struct UnitAddress: Sendable, Hashable, CustomStringConvertible {
    /// The SCSI path (bus) ID.
    public var pathId: UInt8
    /// The target ID.
    public var targetId: UInt8
    /// The logical unit number.
    public var lun: UInt8

    /// The unit at `pathId`:`targetId`:`lun`.
    public init(pathId: UInt8, targetId: UInt8, lun: UInt8) {
        (self.pathId, self.targetId, self.lun) = (pathId, targetId, lun)
    }

    /// The address as `path:target:lun`.
    public var description: String { "\(pathId):\(targetId):\(lun)" }
}

/// One StorPortLogSystemEvent call the port accepted: what would reach the system event log.
public struct SystemEvent: Sendable, Equatable {
    /// STOR_EVENT_ASSOCIATION_ENUM: 0 adapter, 1 LUN, 2 target.
    public var association: UInt32
    /// The adapter, target or LUN the event is about.
    public var unit: UnitAddress
    /// TRUE: ErrorCode is a StorPort-specific code; FALSE: passed through as is.
    public var storportSpecificErrorCode: Bool
    /// The event's error code.
    public var errorCode: UInt32
    /// The miniport's identifier for the event.
    public var uniqueId: UInt32
    /// The binary dump data the event carries.
    public var dumpData: [UInt8]
    /// The event's insertion strings.
    public var strings: [String]
}

/// A StorPortMarkDeviceFailed(Ex) report: the miniport declares the adapter (`unit` nil) or a
/// unit failed.
public struct DeviceFailure: Sendable, Equatable {
    /// The failed unit, or nil for the adapter.
    public var unit: UnitAddress?
    /// STORPORT_MARK_DEVICE_FAILED_FLAG_* bits.
    public var flags: UInt32
    /// MarkDeviceFailedEx's FaultCode (nil for MarkDeviceFailed).
    public var faultCode: UInt16?
    /// The reason the miniport gave.
    public var reason: String
    /// Additional data the miniport attached.
    public var additionalData: [UInt8]
    /// Critical data the miniport attached.
    public var criticalData: [UInt8]
}

/// A StorPortAsyncNotificationDetected event the port processed.
public struct AsyncNotification: Sendable, Equatable {
    /// The unit the notification is for.
    public var unit: UnitAddress
    /// RAID_ASYNC_NOTIFY_FLAG_* bits (0: every status).
    public var flags: UInt64
}
