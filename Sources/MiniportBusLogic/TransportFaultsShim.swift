/// Transport faults for the adapter, with the shape MiniportPlatform's TransportFaults has
/// (removed once that lands on the platform).
public final class TransportFaults {
    /// A kind of injected fault.
    public enum Kind: Equatable, Sendable {
        case timeout
        case delay(nanoseconds: UInt64)
        case lostInterrupt
    }

    /// One injected fault.
    public final class Rule {
        public let kind: Kind
        public let bus: UInt8?
        public let target: UInt8?
        public let lun: UInt8?
        /// Firings left; nil fires for every matching command.
        public private(set) var remaining: Int?
        /// Commands this rule affected.
        public private(set) var fired = 0

        init(kind: Kind, bus: UInt8?, target: UInt8?, lun: UInt8?, count: Int?) {
            self.kind = kind
            self.bus = bus
            self.target = target
            self.lun = lun
            self.remaining = count
        }

        func matches(_ bus: UInt8, _ target: UInt8, _ lun: UInt8) -> Bool {
            (remaining ?? 1) > 0 && (self.bus == nil || self.bus == bus) && (self.target == nil || self.target == target)
                && (self.lun == nil || self.lun == lun)
        }

        func fire() {
            fired += 1
            if let left = remaining { remaining = left - 1 }
        }
    }

    /// What the controller does with one command's completion.
    public enum Action: Equatable {
        case none
        case hold
        case delay(UInt64)
        case loseInterrupt
    }

    public private(set) var rules: [Rule] = []
    private var removed: Set<UInt16> = []
    /// Commands refused because their target was removed.
    public private(set) var removalRefusals = 0
    /// Controller fatal errors injected.
    public private(set) var fatalErrorsInjected = 0

    public init() {}

    /// Adds a rule; the first matching rule decides a command's fate.
    @discardableResult
    public func inject(_ kind: Kind, bus: UInt8? = nil, target: UInt8? = nil, lun: UInt8? = nil, count: Int? = 1) -> Rule {
        let rule = Rule(kind: kind, bus: bus, target: target, lun: lun, count: count)
        rules.append(rule)
        return rule
    }

    /// Removes a rule.
    public func remove(_ rule: Rule) { rules.removeAll { $0 === rule } }

    /// Makes a target vanish from its bus.
    public func removeTarget(bus: UInt8, target: UInt8) { removed.insert(UInt16(bus) << 8 | UInt16(target)) }

    /// Brings a removed target back.
    public func restoreTarget(bus: UInt8, target: UInt8) { removed.remove(UInt16(bus) << 8 | UInt16(target)) }

    /// Whether the target no longer answers selection (counted).
    public func isRemoved(bus: UInt8, target: UInt8) -> Bool {
        guard !removed.isEmpty, removed.contains(UInt16(bus) << 8 | UInt16(target)) else { return false }
        removalRefusals += 1
        return true
    }

    /// The fate of one command.
    public func decide(bus: UInt8, target: UInt8, lun: UInt8) -> Action {
        guard !rules.isEmpty else { return .none }
        for rule in rules where rule.matches(bus, target, lun) {
            rule.fire()
            switch rule.kind {
            case .timeout: return .hold
            case .delay(let nanoseconds): return .delay(nanoseconds)
            case .lostInterrupt: return .loseInterrupt
            }
        }
        return .none
    }

    /// Counts an injected controller fatal error.
    public func noteFatalInjected() { fatalErrorsInjected += 1 }
}
