/// The record of broken rules a port driver keeps: what SCSI Port, the dump port and StorPort
/// share. A port calls ``record(_:_:routine:mode:model:time:)``; it decides what to log.
public struct Verifier: Sendable {
    /// Rules broken, in order; at most ``recordedPerRule`` of each.
    public private(set) var violations: [Violation] = []
    /// How often each rule was broken, including violations past ``recordedPerRule``.
    public private(set) var counts: [VerifierRule: Int] = [:]
    /// Violations of one rule kept in ``violations``; later ones are only counted, so a
    /// broken loop (a bad SG list on every request) does not flood the report.
    public static let recordedPerRule = 16

    /// An empty record.
    public init() {}

    /// What happened to a violation.
    public enum Outcome {
        /// The violation was kept in ``violations``.
        case recorded
        /// The first violation of the rule past the limit (the port says so once).
        case limitReached
        /// The violation was only counted (its rule's limit was reached earlier).
        case counted
    }

    /// Counts a broken rule and keeps it unless its limit is reached.
    public mutating func record(_ rule: VerifierRule, _ detail: String, routine: StaticString, mode: PortMode,
                                model: PortDriver.Model? = nil, time: UInt64) -> Outcome {
        let count = counts[rule, default: 0] + 1
        counts[rule] = count
        guard count <= Self.recordedPerRule else { return count == Self.recordedPerRule + 1 ? .limitReached : .counted }
        violations.append(Violation(rule: rule.rawValue, code: rule.code(for: model), mode: mode.rawValue, routine: "\(routine)",
                                    detail: detail, time: time))
        return .recorded
    }
}
