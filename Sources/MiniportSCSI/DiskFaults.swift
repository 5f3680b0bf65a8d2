/// Faults a test can script into an ``SCSIDisk``.
///
/// Every rule is an object with a `fired` counter, so a test keeps the rule it armed and reads
/// how often it fired. Rules are checked in the disk's command path without allocating.
/// Timeouts, lost interrupts and device removal belong to the transport, not here.
public final class DiskFaults {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// Which data operations a medium-error rule applies to.
    public struct Operations: OptionSet, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// READ and the medium reads of VERIFY.
        public static let read = Operations(rawValue: 1 << 0)
        /// WRITE, WRITE AND VERIFY and WRITE SAME.
        public static let write = Operations(rawValue: 1 << 1)
        /// Both reads and writes.
        public static let readWrite: Operations = [.read, .write]
    }

    /// A range of blocks that fails with a MEDIUM ERROR.
    public final class MediumErrorRule {
        /// The failing blocks.
        public let lbas: Range<UInt64>
        /// The kinds of command the rule fails.
        public let operations: Operations
        /// Firings left, or nil for a persistent fault.
        @exclusivity(unchecked) public internal(set) var remaining: Int?
        /// Commands this rule has failed.
        @exclusivity(unchecked) public internal(set) var fired = 0

        init(lbas: Range<UInt64>, operations: Operations, firings: Int?) {
            self.lbas = lbas
            self.operations = operations
            self.remaining = firings
        }

        /// Whether the rule can still fire.
        public var isArmed: Bool { remaining.map { $0 > 0 } ?? true }
    }

    /// A status (BUSY, TASK SET FULL) returned instead of executing the next commands.
    public final class StatusFault {
        /// Commands still to be answered with the status.
        @exclusivity(unchecked) public var remaining = 0
        /// Commands answered with the status so far.
        @exclusivity(unchecked) public internal(set) var fired = 0

        /// Answers the next `commands` commands with the status.
        public func arm(forNext commands: Int) { remaining = commands }

        /// Consumes one armed firing (counting it); false when none is armed. Transports that
        /// bypass ``SCSIDisk`` (virtio-blk) use it for lost writes.
        public func take() -> Bool {
            guard remaining > 0 else { return false }
            remaining -= 1
            fired += 1
            return true
        }
    }

    /// A unit attention reported once, on the next command that unit attentions apply to.
    public final class UnitAttentionFault {
        /// The pending condition, if armed.
        @exclusivity(unchecked) public internal(set) var pending: AdditionalSenseCode?
        /// Unit attentions reported so far.
        @exclusivity(unchecked) public internal(set) var fired = 0

        /// Reports UNIT ATTENTION with `code` once.
        public func arm(_ code: AdditionalSenseCode) { pending = code }

        func take() -> AdditionalSenseCode? {
            guard let code = pending else { return nil }
            pending = nil
            fired += 1
            return code
        }
    }

    /// Medium-error rules in the order they were added.
    @exclusivity(unchecked) public private(set) var mediumErrors: [MediumErrorRule] = []
    /// BUSY status for the next N commands.
    public let busy = StatusFault()
    /// TASK SET FULL status for the next N commands.
    public let taskSetFull = StatusFault()
    /// A one-shot unit attention.
    public let unitAttention = UnitAttentionFault()
    /// Lost writes: the next N WRITE commands report GOOD without storing their data, as a
    /// disk with a broken cache would. Nothing on the initiator's side can tell; a soak that
    /// reads the blocks back must (`miniport soak --lose-writes N`).
    public let droppedWrites = StatusFault()

    /// A fault set with no rules armed.
    public init() {}

    /// Makes `lbas` fail `operations` with a MEDIUM ERROR, forever or for `firings` commands.
    @discardableResult
    public func injectMediumError(at lbas: Range<UInt64>, on operations: Operations = .readWrite,
                                  firings: Int? = nil) -> MediumErrorRule {
        let rule = MediumErrorRule(lbas: lbas, operations: operations, firings: firings)
        mediumErrors.append(rule)
        return rule
    }

    /// Removes every medium-error rule and disarms the status, lost-write and unit-attention faults.
    public func clear() {
        mediumErrors.removeAll()
        busy.remaining = 0
        taskSetFull.remaining = 0
        droppedWrites.remaining = 0
        unitAttention.pending = nil
    }

    /// The status a command gets instead of executing, if a status fault is armed.
    func takeStatusFault() -> SCSIStatus? {
        if busy.take() { return .busy }
        if taskSetFull.take() { return .taskSetFull }
        return nil
    }

    /// The first failing block of `lba ..< lba + count` for `operation`, firing the rule that
    /// owns it; nil when the range is clean. Transports that bypass ``SCSIDisk`` (virtio-blk)
    /// consult it directly.
    public func firstMediumError(lba: UInt64, count: UInt64, operation: Operations) -> UInt64? {
        guard !mediumErrors.isEmpty, count > 0 else { return nil }
        let end = lba &+ count < lba ? UInt64.max : lba + count
        var failing = UInt64.max
        var owner: MediumErrorRule?
        for rule in mediumErrors where rule.isArmed && !rule.operations.isDisjoint(with: operation) {
            let first = max(rule.lbas.lowerBound, lba)
            if first < min(rule.lbas.upperBound, end) && (owner == nil || first < failing) {
                failing = first
                owner = rule
            }
        }
        guard let rule = owner else { return nil }
        rule.fired += 1
        if let left = rule.remaining { rule.remaining = left - 1 }
        return failing
    }
}
