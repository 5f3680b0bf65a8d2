import Logging

/// Where a port driver's log goes besides ``PortDriver/log``: a swift-log `Logger` per driver,
/// so an application routes the port's messages into its own logging backend.
///
/// Every ``PortLogEntry`` a driver records is also emitted through the driver's
/// ``PortDriver/logger``, labelled `miniport.<image>.<mode>` (``label(image:mode:)``: `normal`,
/// `crash` or `hiber`), at a level that follows the entry's kind:
///
/// | Entry | Level |
/// |---|---|
/// | ``PortLogEntry/Kind/debugPrint`` (DbgPrint, ScsiDebugPrint, StorPortDebugPrint) | `debug` |
/// | ``PortLogEntry/Kind/port`` (bring-up steps, resets, timeouts) | `info` |
/// | ``PortLogEntry/Kind/miniportError``, ``PortLogEntry/Kind/refused`` | `warning` |
/// | an entry that records a ``Violation`` | `error` |
///
/// with metadata under ``MetadataKey``: the miniport routine that was running, the adapter
/// (its PCI location), the unit (path, target, LUN) where the port knows it, the rule and its
/// Driver Verifier code for a violation, and the virtual time.
///
/// Logging is off unless asked for (``off``): the port then builds no `Logger` and pays
/// nothing beyond its own log. The CLI leaves it off and prints ``PortDriver/log`` as before.
///
/// ```swift
/// import Logging
/// import MiniportKit
///
/// let logging = PortLogging.handler { label in StreamLogHandler.standardError(label: label) }
/// let driver = try PortDriver.load(path: "phba.so", machine: machine, logging: logging)
/// ```
public struct PortLogging: Sendable {
    /// Makes the logger of a driver from its label; nil: logging off.
    let makeLogger: (@Sendable (_ label: String) -> Logger)?

    /// Each driver's logger comes from `makeLogger`, given the driver's label.
    public init(makeLogger: @escaping @Sendable (_ label: String) -> Logger) {
        self.makeLogger = makeLogger
    }

    private init(off: Void) { makeLogger = nil }

    /// No logger: the port log stays in ``PortDriver/log`` only (the default).
    public static let off = PortLogging(off: ())

    /// Loggers from the process's `LoggingSystem` (whatever handler the application bootstrapped).
    public static let global = PortLogging { Logger(label: $0) }

    /// Loggers whose handler `factory` makes, for the driver's label.
    public static func handler(_ factory: @escaping @Sendable (_ label: String) -> any LogHandler) -> PortLogging {
        PortLogging { Logger(label: $0, factory: factory) }
    }

    /// `miniport.<image>.<mode>`: the image's name without directory, extension, the dump
    /// copy's `dump_`/`hiber_` prefix or the build's unique suffix (`miniport.phba.crash`).
    public static func label(image path: String, mode: PortMode) -> String {
        var name = MiniportBuilder.displayName(of: path)
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        if mode != .normal {
            for prefix in ["dump_", "hiber_"] where name.hasPrefix(prefix) && name.count > prefix.count {
                name.removeFirst(prefix.count)
            }
        }
        if name.hasPrefix("lib"), name.count > 3 { name.removeFirst(3) }
        return "miniport.\(name).\(mode.rawValue)"
    }

    /// The metadata keys the port attaches to its log messages.
    public enum MetadataKey {
        /// The miniport routine running when the entry was made (`HwStartIo`; `port` for none).
        public static let routine = "routine"
        /// The adapter: `PCI <bus>:<slot>`, or `virtual` for a StorPort virtual miniport.
        public static let adapter = "adapter"
        /// The unit's path (bus) ID, where the entry concerns one unit.
        public static let path = "path"
        /// The unit's target ID.
        public static let target = "target"
        /// The unit's logical unit number.
        public static let lun = "lun"
        /// The ``VerifierRule`` raw value, for a violation.
        public static let rule = "rule"
        /// The Driver Verifier code (`0x1002`), for a violation that has one.
        public static let code = "code"
        /// The entry's ``PortLogEntry/Kind``.
        public static let kind = "kind"
        /// Virtual time in nanoseconds (the machine's clock).
        public static let time = "time"
    }

    /// The level an entry is logged at.
    static func level(of entry: PortLogEntry) -> Logger.Level {
        if entry.violation != nil { return .error }
        switch entry.kind {
        case .debugPrint: return .debug
        case .port: return .info
        case .miniportError, .refused: return .warning
        }
    }
}

extension PortDriver {
    /// Emits `entry` through ``logger`` with the running routine, adapter and unit as metadata.
    func emit(_ entry: PortLogEntry, unit: UnitAddress?) {
        guard let logger else { return }
        let level = PortLogging.level(of: entry)
        guard logger.logLevel <= level else { return }
        var metadata: Logger.Metadata = [
            // A violation names the routine at fault, which may have returned before the check ran.
            PortLogging.MetadataKey.routine: "\(entry.violation?.routine ?? "\(routine)")",
            PortLogging.MetadataKey.kind: "\(entry.kind.rawValue)",
            PortLogging.MetadataKey.time: "\(entry.time)",
        ]
        if let adapter = current ?? (adapters.count == 1 ? adapters[0] : nil) {
            metadata[PortLogging.MetadataKey.adapter] = adapter.function.map { "PCI \($0.bus):\($0.slot)" } ?? "virtual"
        }
        if let unit {
            metadata[PortLogging.MetadataKey.path] = "\(unit.pathId)"
            metadata[PortLogging.MetadataKey.target] = "\(unit.targetId)"
            metadata[PortLogging.MetadataKey.lun] = "\(unit.lun)"
        }
        if let violation = entry.violation {
            metadata[PortLogging.MetadataKey.rule] = "\(violation.rule)"
            if let code = violation.code { metadata[PortLogging.MetadataKey.code] = "\(code)" }
        }
        logger.log(level: level, "\(entry.message)", metadata: metadata)
    }
}
