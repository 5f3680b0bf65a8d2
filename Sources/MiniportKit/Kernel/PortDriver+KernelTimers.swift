import CMiniportABI
import MiniportPlatform

/// KTIMER on the virtual clock, and the release routines of semaphores and mutexes
/// (docs/kernel-routines.md).
///
/// A set timer is an entry on the machine's ``VirtualClock``: whoever advances the clock (a
/// stall, a wait, the port's engine looking for the next deadline, a test) reaches the due
/// time, and the entry signals the timer, re-arms a periodic one and queues the timer's DPC
/// on the adapter, where the engine runs it at DISPATCH_LEVEL once no miniport routine runs
/// (as KeInsertQueueDpc's). The timer object itself keeps what Windows keeps in it: DueTime
/// (interrupt time of expiry), Period, Dpc, SignalState, and Header.Reserved1 = 1 while set.
extension PortDriver {
    // MARK: timers

    /// KeSetTimer / KeSetTimerEx: returns whether the timer was set before (it is re-set).
    func setTimer(_ timer: PKTIMER?, dueTime: Int64, period: Int32, dpc: PKDPC?) -> Bool {
        guard let timer else {
            note(.refused, "KeSetTimerEx with a NULL timer")
            return false
        }
        let routine = period > 0 ? "KeSetTimerEx" : "KeSetTimer"
        if mode != .normal {
            violate(.dumpTimeQuery, "\(routine) in \(mode.rawValue) mode: a dump copy has no time routines")
            if dpc != nil {
                violate(.dumpDpc, "\(routine) with a DPC in \(mode.rawValue) mode: a dump copy runs without DPCs; "
                    + "the DPC is never queued")
            }
        }
        let wasSet = cancelTimerEntry(timer)
        let now = machine.clock.now
        let interruptNow = now / 100
        let due: UInt64
        if dueTime < 0 {
            due = interruptNow &+ UInt64(dueTime.magnitude)
        } else {
            // Absolute system time: the interrupt time at which the system time reaches it.
            let delta = dueTime - Self.systemTime(at: now)
            due = delta > 0 ? interruptNow &+ UInt64(delta) : interruptNow
        }
        timer.pointee.DueTime.QuadPart = due
        timer.pointee.Period = period > 0 ? ULONG(period) : 0
        timer.pointee.Dpc = dpc
        timer.pointee.Header.SignalState = 0
        timer.pointee.Header.Reserved1 = 1
        armTimer(timer)
        return wasSet
    }

    /// KeCancelTimer: TRUE if the timer was in the timer queue (a one-shot timer leaves it when
    /// it expires; a DPC it already queued stays queued, as documented).
    func cancelTimer(_ timer: PKTIMER?) -> Bool {
        guard let timer else { return false }
        return cancelTimerEntry(timer)
    }

    /// Takes a timer off the clock; whether it was on it.
    @discardableResult
    private func cancelTimerEntry(_ timer: PKTIMER) -> Bool {
        guard let id = kernel.timers.removeValue(forKey: timer) else { return false }
        machine.clock.cancel(id)
        timer.pointee.Header.Reserved1 = 0
        return true
    }

    private func armTimer(_ timer: PKTIMER) {
        let dueNs = timer.pointee.DueTime.QuadPart &* 100
        let now = machine.clock.now
        kernel.timers[timer] = machine.clock.schedule(after: dueNs > now ? dueNs - now : 0) { [weak self] in
            self?.expireTimer(timer)
        }
    }

    /// The clock reached a timer's due time: signalled, re-armed if periodic, its DPC queued.
    private func expireTimer(_ timer: PKTIMER) {
        guard kernel.timers.removeValue(forKey: timer) != nil else { return }
        timer.pointee.Header.SignalState = 1
        if timer.pointee.Period != 0 {
            timer.pointee.DueTime.QuadPart &+= UInt64(timer.pointee.Period) &* 10_000
            armTimer(timer)
        } else {
            timer.pointee.Header.Reserved1 = 0
        }
        guard let dpc = timer.pointee.Dpc, mode == .normal, !isUnloaded,
              let adapter = current ?? adapters.first else { return }
        // A DPC still queued from the last expiry is not queued twice.
        guard dpc.pointee.DpcData == nil else { return }
        dpc.pointee.DpcData = UnsafeMutableRawPointer(bitPattern: 1)
        // The system time of expiry, low and high 32 bits, as the DPC's system arguments.
        let system = UInt64(bitPattern: Self.systemTime(at: machine.clock.now))
        adapter.kernelDpcs.append((dpc, UnsafeMutableRawPointer(bitPattern: UInt(system & 0xFFFF_FFFF)),
                                   UnsafeMutableRawPointer(bitPattern: UInt(system >> 32))))
        adapter.runDeferred()
    }

    /// Takes every timer off the clock (unload, freeze, release): nothing writes into the
    /// miniport's memory afterwards.
    func cancelAllTimers() {
        for (timer, id) in kernel.timers {
            machine.clock.cancel(id)
            timer.pointee.Header.Reserved1 = 0
        }
        kernel.timers = [:]
    }

    /// Pool about to be freed that holds a set timer: Windows stops the machine
    /// (TIMER_OR_DPC_INVALID, 0xC7); here pool.bad-free, and the timer is cancelled first so
    /// that its expiry writes into nothing.
    func cancelTimers(in range: Range<UInt>, routine: String) {
        for timer in kernel.timers.keys where range.contains(UInt(bitPattern: timer)) {
            violate(.poolBadFree, "\(routine) of memory holding a set KTIMER (at 0x"
                + String(UInt(bitPattern: timer), radix: 16) + "): cancel it first (Windows: TIMER_OR_DPC_INVALID, 0xC7)")
            cancelTimerEntry(timer)
        }
    }

    // MARK: semaphores and mutexes

    /// KeReleaseSemaphore / KeReleaseMutex: the previous signal state.
    func releaseObject(kind: ULONG, _ object: UnsafeMutableRawPointer?, adjustment: Int32) -> Int32 {
        guard let object else {
            note(.refused, "KeRelease\(kind == ULONG(MpAbiReleaseMutex.rawValue) ? "Mutex" : "Semaphore") of NULL")
            return 0
        }
        if kind == ULONG(MpAbiReleaseMutex.rawValue) {
            let mutex = object.assumingMemoryBound(to: KMUTEX.self)
            let previous = mutex.pointee.Header.SignalState
            guard previous < 1, mutex.pointee.OwnerThread != nil else {
                violate(.lockMisuse, "KeReleaseMutex of a mutex that is not held (no wait acquired it, or it was "
                    + "released already): Windows stops the machine (THREAD_NOT_MUTEX_OWNER, 0x11)")
                return previous
            }
            mutex.pointee.Header.SignalState = previous + 1
            if previous + 1 == 1 { mutex.pointee.OwnerThread = nil }
            return previous
        }
        let semaphore = object.assumingMemoryBound(to: KSEMAPHORE.self)
        let previous = semaphore.pointee.Header.SignalState
        let limit = semaphore.pointee.Limit
        let (next, overflow) = previous.addingReportingOverflow(adjustment)
        guard adjustment > 0 else {
            note(.refused, "KeReleaseSemaphore by \(adjustment): the adjustment must be positive; the count stays \(previous)")
            return previous
        }
        guard !overflow, next <= limit else {
            violate(.syncSemaphoreLimit, "KeReleaseSemaphore by \(adjustment) with the count at \(previous) of limit "
                + "\(limit): Windows raises STATUS_SEMAPHORE_LIMIT_EXCEEDED; the count stays \(previous)")
            return previous
        }
        semaphore.pointee.Header.SignalState = next
        return previous
    }
}
