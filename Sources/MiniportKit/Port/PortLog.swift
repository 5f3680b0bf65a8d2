/// What a port saw happen: miniport error-log entries, debug prints, notifications it could not
/// act on, and the port's own reports. Kept in order; tests and the CLI read it.
public struct PortLogEntry: Sendable, Equatable, CustomStringConvertible {
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

    public var kind: Kind
    /// Virtual time in nanoseconds.
    public var time: UInt64
    public var message: String

    public var description: String { "[\(time) ns] \(kind.rawValue): \(message)" }
}

/// One ScsiPortLogError call, as the miniport made it.
public struct MiniportErrorLog: Sendable, Equatable {
    public var pathId: UInt8
    public var targetId: UInt8
    public var lun: UInt8
    public var errorCode: UInt32
    public var uniqueId: UInt32
    public var hadSrb: Bool
}
