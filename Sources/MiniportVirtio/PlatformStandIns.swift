// Stand-in for the shared fault-injection type until it lands in MiniportPlatform (removed then).

/// Faults injected into a controller's transport (stand-in; MiniportPlatform's replaces it).
public final class TransportFaults {
    /// What happens to one command's completion.
    public enum Action: Equatable, Sendable {
        case none
        case hold
        case delay(UInt64)
        case loseInterrupt
    }

    /// Creates an empty rule set.
    public init() {}

    /// The action for a command to `bus`/`target`/`lun` (none: the stand-in has no rules).
    public func decide(bus: UInt8, target: UInt8, lun: UInt8) -> Action { .none }

    /// Counts an injected controller fatal error.
    public func noteFatalInjected() {}
}
