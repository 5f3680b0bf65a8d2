import MiniportPlatform

/// The project's HBA takes the shared transport faults.
public typealias HBAFaults = TransportFaults

extension EmulatedHBA: StorageController {
    /// Stops the controller as if it had failed: STATUS.FATAL, ERROR = injected fatal, the
    /// ERROR interrupt; only a controller reset brings it back.
    public func injectControllerFatal() {
        faults.noteFatalInjected()
        raiseFatal(.injectedFatal)
    }
}
