/// Faults a storage controller model can be told to produce, each with a counter a test can
/// assert on. Every controller in the SDK (the project's HBA, virtio, BusLogic) takes them, and a
/// user's own model can too (``StorageController``).
///
/// Rules match commands by bus, target and LUN (nil matches any) and fire for a number of
/// commands (nil: until removed). Rules and removals belong to the test harness, not to the
/// controller: they survive a controller reset. A rule also counts requests that then fail
/// validation or selection (their completion is held, delayed or silent all the same). Device-level faults — medium errors, BUSY, TASK SET FULL, unit
/// attention — belong to the disk (`SCSIDisk.faults`); these are the transport's:
///
/// - ``Kind/timeout``: the command is executed but its completion never arrives (until a bus,
///   target or controller reset ends it), which is how a port's SRB timeout is exercised;
/// - ``Kind/delay(nanoseconds:)``: the completion arrives after that much virtual time;
/// - ``Kind/lostInterrupt``: the completion is posted but no interrupt is raised for it;
/// - ``removeTarget(bus:target:)``: the target stops answering selection (SELECTION TIMEOUT);
/// - ``StorageController/injectControllerFatal()``: the controller stops as if it had failed.
public final class TransportFaults {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// A fault to inject into matching commands.
    public enum Kind: Equatable, Sendable {
        /// The command is executed but its completion never arrives (until a reset ends it).
        case timeout
        /// The completion arrives after `nanoseconds` of virtual time.
        case delay(nanoseconds: UInt64)
        /// The completion is posted but no interrupt is raised for it.
        case lostInterrupt
    }

    /// One injected fault. Keep the rule to read ``fired``.
    public final class Rule {
        /// The fault this rule injects.
        public let kind: Kind
        /// The bus the rule matches; nil matches any.
        public let bus: UInt8?
        /// The target ID the rule matches; nil matches any.
        public let target: UInt8?
        /// The LUN the rule matches; nil matches any.
        public let lun: UInt8?
        /// Firings left; nil fires for every matching command.
        @exclusivity(unchecked) public private(set) var remaining: Int?
        /// How many commands this rule has affected.
        @exclusivity(unchecked) public private(set) var fired = 0

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
    public enum Action: Equatable, Sendable {
        /// Complete the command as usual.
        case none
        /// Keep the command's completion until a bus, target or controller reset ends it.
        case hold
        /// Post the completion after this many nanoseconds of virtual time.
        case delay(UInt64)
        /// Post the completion without raising an interrupt.
        case loseInterrupt
    }

    /// The rules in force, in the order added.
    @exclusivity(unchecked) public private(set) var rules: [Rule] = []
    @exclusivity(unchecked) private var removed: Set<UInt16> = []
    /// Commands refused because their target was removed.
    @exclusivity(unchecked) public private(set) var removalRefusals = 0
    /// Controller fatal errors injected.
    @exclusivity(unchecked) public private(set) var fatalErrorsInjected = 0

    /// A fault set with no rules and no removed targets.
    public init() {}

    /// Adds a rule; the first matching rule (in order added) decides a command's fate.
    @discardableResult
    public func inject(_ kind: Kind, bus: UInt8? = nil, target: UInt8? = nil, lun: UInt8? = nil, count: Int? = 1) -> Rule {
        let rule = Rule(kind: kind, bus: bus, target: target, lun: lun, count: count)
        rules.append(rule)
        return rule
    }

    /// Removes `rule`; commands it would have matched complete normally.
    public func remove(_ rule: Rule) {
        rules.removeAll { $0 === rule }
    }

    /// Removes every rule and restores every removed target.
    public func removeAll() {
        rules.removeAll()
        removed.removeAll()
    }

    /// Makes a target vanish from its bus (hot removal).
    public func removeTarget(bus: UInt8, target: UInt8) {
        removed.insert(UInt16(bus) << 8 | UInt16(target))
    }

    /// Brings a removed target back.
    public func restoreTarget(bus: UInt8, target: UInt8) {
        removed.remove(UInt16(bus) << 8 | UInt16(target))
    }

    /// Whether `target` on `bus` was removed (counts a refusal when it was).
    public func isRemoved(bus: UInt8, target: UInt8) -> Bool {
        guard !removed.isEmpty, removed.contains(UInt16(bus) << 8 | UInt16(target)) else { return false }
        removalRefusals += 1
        return true
    }

    /// The fate of one command addressed to `bus`/`target`/`lun`: the first matching rule fires.
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

    /// Counts one injected controller fatal error (``StorageController/injectControllerFatal()`` calls it).
    public func noteFatalInjected() { fatalErrorsInjected += 1 }
}


/// A storage controller model the runner's fault scenarios can drive: transport faults, the
/// commands it holds, and a controller failure the driver must recover from.
public protocol StorageController: PCIDevice, ResetObservable {
    /// Transport fault rules (timeouts, delays, lost interrupts, removed targets).
    var faults: TransportFaults { get }
    /// Commands executed or accepted whose completion has not been posted (held or delayed).
    var outstandingCommands: Int { get }
    /// Makes the controller fail as its hardware would (the project's HBA: FATAL; virtio:
    /// DEVICE_NEEDS_RESET; BusLogic: the adapter stops until a hard reset).
    func injectControllerFatal()
    /// Whether the controller carries SCSI commands to SCSI targets, so a target's BUSY, unit
    /// attention and sense data reach the driver (false for a block interface such as
    /// virtio-blk: the fault scenario then skips the SCSI-status faults). Default true.
    var carriesSCSIStatus: Bool { get }
}

extension StorageController {
    public var carriesSCSIStatus: Bool { true }
}
