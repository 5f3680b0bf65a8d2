import CMiniportABI

/// The miniport routine running on this thread: the driver and adapter it belongs to and its
/// name. Kept per thread (C thread-local storage, see mpabi_host_support.h) because a StorPort
/// adapter runs HwBuildIo on every submitting thread at once and a miniport may call the port
/// from threads of its own; ``PortDriver/current`` and ``PortDriver/routine`` read it.
/// Entering a routine also tells ``CrashContext`` (what a crash report names).
enum RunningRoutine {
    typealias Saved = MPABI_HOST_THREAD

    /// Makes `name` (of `adapter`, or of `driver` alone before there is one) this thread's
    /// running routine; returns what was running, for ``leave(_:)``.
    @inline(__always)
    static func enter(_ name: StaticString, driver: PortDriver, adapter: PortAdapter?) -> Saved {
        enter(name, driver: Unmanaged.passUnretained(driver), adapter: adapter.map { Unmanaged.passUnretained($0) })
    }

    /// The same from unretained references (the port's miniport calls: no reference counting;
    /// the caller keeps both alive for the routine).
    @inline(__always)
    static func enter(_ name: StaticString, driver: Unmanaged<PortDriver>, adapter: Unmanaged<PortAdapter>?) -> Saved {
        assert(MemoryLayout<StaticString>.size <= MemoryLayout.size(ofValue: MpAbiHostThread()!.pointee.Routine))
        let state = MpAbiHostThread()!
        let saved = state.pointee
        state.pointee.Driver = UnsafeRawPointer(driver.toOpaque())
        state.pointee.Adapter = adapter.map { UnsafeRawPointer($0.toOpaque()) }
        withUnsafeMutableBytes(of: &state.pointee.Routine) { $0.storeBytes(of: name, as: StaticString.self) }
        state.pointee.Irql = KernelModel.unchangedIrql
        state.pointee.CalledIrql = KernelModel.unchangedIrql
        state.pointee.SpinLocks = 0
        state.pointee.PendingCompletion = 0
        CrashContext.enter(name, driver._withUnsafeGuaranteedRef { $0.mode })
        return saved
    }

    /// The requests the routine running on this thread completed without the engine lock (the
    /// first slot index of their chain, or -1): read before ``leave(_:)``, which restores the
    /// outer routine's chain.
    @inline(__always)
    static var pendingCompletions: Int {
        Int(MpAbiHostThread()!.pointee.PendingCompletion) - 1
    }

    @inline(__always)
    static func leave(_ saved: Saved) {
        let state = MpAbiHostThread()!
        // A routine that raised or lowered the IRQL, or still holds a kernel spin lock (rare).
        if state.pointee.Irql != KernelModel.unchangedIrql || state.pointee.SpinLocks != 0 {
            KernelModel.routineReturned(state)
        }
        state.pointee = saved
        if CrashContext.page != nil {
            // The outer routine's driver is alive (its routine is still running): read its
            // mode without counting a reference.
            let mode = saved.Driver.map { Unmanaged<PortDriver>.fromOpaque($0)._withUnsafeGuaranteedRef { $0.mode } }
            CrashContext.leave(restoring: mode == nil ? nil : withUnsafeBytes(of: saved.Routine) { $0.load(as: StaticString.self) },
                               mode)
        }
    }

    /// `body` applied to the adapter whose routine runs on this thread for `driver`, if there is
    /// one and `accepts` it; nil otherwise. No reference counting: the adapter is alive while
    /// its routine runs, and the port calls the miniport make come back here several times per
    /// request (docs/performance.md).
    @inline(__always)
    static func withAdapter<T>(of driver: PortDriver, where accepts: (PortAdapter) -> Bool = { _ in true },
                               _ body: (PortAdapter) -> T) -> T? {
        let state = MpAbiHostThread()!
        guard state.pointee.Driver == UnsafeRawPointer(Unmanaged.passUnretained(driver).toOpaque()),
              let raw = state.pointee.Adapter else { return nil }
        return Unmanaged<PortAdapter>.fromOpaque(raw)._withUnsafeGuaranteedRef { adapter in
            accepts(adapter) ? body(adapter) : nil
        }
    }

    /// The name of the routine running on this thread for `driver`, if one is (no reference
    /// to the adapter is made: StorPort's lock checks ask for it on every acquisition).
    @inline(__always)
    static func name(for driver: PortDriver) -> StaticString? {
        let state = MpAbiHostThread()!
        guard state.pointee.Driver == UnsafeRawPointer(Unmanaged.passUnretained(driver).toOpaque()) else { return nil }
        return withUnsafeBytes(of: state.pointee.Routine) { $0.load(as: StaticString.self) }
    }

    /// The adapter and routine name running on this thread for `driver`, if one is.
    @inline(__always)
    static func running(for driver: PortDriver) -> (adapter: PortAdapter?, name: StaticString)? {
        let state = MpAbiHostThread()!
        guard state.pointee.Driver == UnsafeRawPointer(Unmanaged.passUnretained(driver).toOpaque()) else { return nil }
        let adapter = state.pointee.Adapter.map { Unmanaged<PortAdapter>.fromOpaque($0).takeUnretainedValue() }
        return (adapter, withUnsafeBytes(of: state.pointee.Routine) { $0.load(as: StaticString.self) })
    }
}
