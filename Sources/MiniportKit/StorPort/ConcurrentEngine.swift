import CMiniportABI
import MiniportPlatform
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

// The concurrent StorPort engine (``PortDriver/concurrentStorPort``): for a miniport that asked
// for concurrent channels (StorPortInitializePerfOpts, STOR_PERF_CONCURRENT_CHANNELS), the port
// calls its routines without the adapter's engine lock, under the StorPort locks Windows holds
// for them, now real mutexes: HwStartIo under its channel's lock on several channels at once,
// HwMSInterruptRoutine under its message's lock (per-message synchronization) for different
// messages at once, HwInterrupt and the synchronized-access routines under the interrupt lock,
// HwTimer and HwResetBus under the StartIo lock. StorPortAcquireSpinLock and
// StorPortAcquireMSISpinLock take those mutexes too. The engine lock still guards the port's
// own state: each port call a routine makes takes it for the length of the call (docs/performance.md,
// step 23, says what that leaves serialized).
//
// Lock order: the engine lock is never held while a thread waits for a StorPort lock (``PortAdapter/take(_:)``
// gives it up while waiting), and the StorPort locks are taken in the order channel, StartIo,
// interrupt, message. A miniport that breaks the order is reported (lock.misuse) and the lock it
// asked for is not taken, so the report cannot turn into a hang.

/// Locks `mutex`, spinning a while before the thread sleeps on it: the port's locks are held for
/// a few hundred nanoseconds, so a waiter whose holder runs on another processor gets the lock
/// sooner by spinning than by a futex sleep and wake-up (several microseconds each).
@inline(__always)
func lockSpinning(_ mutex: UnsafeMutablePointer<pthread_mutex_t>) {
    if pthread_mutex_trylock(mutex) == 0 { return }
    lockAfterSpinning(mutex)
}

@inline(never)
private func lockAfterSpinning(_ mutex: UnsafeMutablePointer<pthread_mutex_t>) {
    for round in 0..<64 {
        for _ in 0..<(16 << min(round, 4)) { _ = spinDelay.load(ordering: .relaxed) }
        if pthread_mutex_trylock(mutex) == 0 { return }
    }
    pthread_mutex_lock(mutex)
}

/// Read while spinning (a delay the optimizer keeps).
private let spinDelay = Atomic<Int>(0)

/// A pthread mutex at a fixed address: one StorPort spin lock of the concurrent engine.
struct HostMutex {
    let raw: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        raw = .allocate(capacity: 1)
        pthread_mutex_init(raw, nil)
    }

    @inline(__always) func lock() { lockSpinning(raw) }
    @inline(__always) func tryLock() -> Bool { pthread_mutex_trylock(raw) == 0 }
    @inline(__always) func unlock() { pthread_mutex_unlock(raw) }

    func destroy() {
        pthread_mutex_destroy(raw)
        raw.deallocate()
    }
}

/// The StorPort locks of an adapter the concurrent engine drives: the StartIo lock, the
/// interrupt lock, a lock per concurrent channel (the port's, around HwStartIo), a lock per
/// granted MSI-X message (per-message synchronization) and a DpcLock per STOR_DPC.
final class ConcurrentLocks {
    let startIo = HostMutex()
    let interrupt = HostMutex()
    let channels: [HostMutex]
    let messages: [HostMutex]
    /// DpcLock of each STOR_DPC the miniport locked, made on first use (engine lock held).
    @exclusivity(unchecked) private var dpcs: [UnsafeMutableRawPointer: HostMutex] = [:]

    init(channels: Int, messages: Int) {
        self.channels = (0..<max(1, channels)).map { _ in HostMutex() }
        self.messages = (0..<max(0, messages)).map { _ in HostMutex() }
    }

    deinit {
        for mutex in [startIo, interrupt] + channels + messages + Array(dpcs.values) { mutex.destroy() }
    }

    /// The mutex StorPortAcquireSpinLock takes for `lock` (`context`: the STOR_DPC of a DpcLock;
    /// nil when it names none). Engine lock held.
    func mutex(for lock: StorLocks, context: UnsafeMutableRawPointer?) -> HostMutex? {
        switch lock {
        case .startIo: return startIo
        case .interrupt: return interrupt
        default:
            guard let context else { return nil }
            if let existing = dpcs[context] { return existing }
            let made = HostMutex()
            dpcs[context] = made
            return made
        }
    }
}

/// The StorPort lock state of the routines running on one thread under the concurrent engine:
/// what ``StorPortState`` keeps for the adapter when one routine runs at a time. Only the
/// owning thread touches it.
final class RoutineLocks {
    @exclusivity(unchecked) var portHeld: StorLocks = []
    @exclusivity(unchecked) var acquired: [StorPortState.AcquiredLock] = []
    @exclusivity(unchecked) var messageHeld: Int?
    @exclusivity(unchecked) var messageLocksAcquired: [StorPortState.AcquiredMessageLock] = []
    /// The request slot whose HwStartIo runs on this thread (-1: none).
    @exclusivity(unchecked) var startingSlot = -1

    /// This thread's (made on first use, released when the thread ends).
    static var current: RoutineLocks {
        if let raw = pthread_getspecific(routineLocksKey) {
            return Unmanaged<RoutineLocks>.fromOpaque(raw).takeUnretainedValue()
        }
        let made = RoutineLocks()
        pthread_setspecific(routineLocksKey, Unmanaged.passRetained(made).toOpaque())
        return made
    }
}

private let routineLocksKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { raw in
        if let raw { Unmanaged<RoutineLocks>.fromOpaque(raw).release() }
    }
    return key
}()

extension PortAdapter {
    /// Whether this adapter runs the concurrent engine.
    var concurrent: Bool { stor?.concurrent ?? false }

    /// Switches the concurrent engine on or off as ``PortDriver/concurrentStorPort`` says: on
    /// for a StorPort adapter (not a dump copy) whose miniport asked for concurrent channels,
    /// and only while nothing runs on it (no request outstanding, no routine running).
    /// Returns whether the adapter now runs as asked.
    @discardableResult
    func useConcurrentEngine(_ wanted: Bool) -> Bool {
        guard let stor else { return !wanted }
        return withEngine {
            guard stor.concurrent != wanted else { return true }
            guard !wanted || (!polled && stor.concurrentChannels > 0) else {
                driver.note(.port, "concurrent engine not used: "
                    + (polled ? "a dump copy is polled" : "the miniport asked for no concurrent channels"))
                return false
            }
            guard inMiniport == 0, !slots.contains(where: { $0.active || $0.queued }),
                  stor.acquired.isEmpty, stor.messageLocksAcquired.isEmpty else {
                driver.note(.refused, "the engine cannot change while requests are outstanding or a routine runs")
                return false
            }
            stor.setConcurrent(wanted)
            driver.note(.port, wanted
                ? "concurrent engine: HwStartIo on \(stor.concurrentChannels) channel(s) at once, "
                    + (stor.perMessageLocks ? "a lock per message" : "one interrupt lock") + ", routines outside the engine lock"
                : "deterministic engine: one routine at a time")
            return true
        }
    }

    /// Takes `mutex` on a thread that may hold the engine lock: at once when it is free,
    /// otherwise with the engine lock given up while waiting (its holder may need the engine
    /// to get on) and taken back afterwards.
    func take(_ mutex: HostMutex) {
        if mutex.tryLock() { return }
        guard stor?.heldByCurrentThread == true else {
            mutex.lock()
            return
        }
        withStor(()) { stor in
            let held = stor.releaseFully()
            mutex.lock()
            stor.reacquire(held)
        }
    }

    /// Whether one of this adapter's miniport routines runs on the calling thread (HwBuildIo
    /// included): the engine loop does not run inside it.
    @inline(__always)
    var routineRunsOnThisThread: Bool {
        MpAbiHostThread()!.pointee.Adapter == UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque())
    }

    /// Runs the engine loop (`loop`) on this thread unless a routine of this adapter runs on it
    /// or the loop already does; several threads may each run it, taking turns on the engine
    /// lock (given up only while a miniport routine runs). Engine lock held.
    func runEngineConcurrently(_ loop: () -> Void) {
        let state = MpAbiHostThread()!
        let me = UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque())
        guard state.pointee.Adapter != me, state.pointee.Engine != me else { return }
        let outer = state.pointee.Engine
        state.pointee.Engine = me
        let here = machine.currentProcessor
        stor?.engineLoops[here] += 1
        loop()
        stor?.engineLoops[here] -= 1
        state.pointee.Engine = outer
    }

    /// Whether this thread may run a message routine or DPC bound to `processor` (engine lock
    /// held): it runs on that processor, or no thread runs the engine loop there now (the
    /// work would wait otherwise). Keeps a queue's message lock and data with one thread.
    func mayServe(processor: Int) -> Bool {
        guard let stor, stor.concurrent, machine.processors > 1 else { return true }
        return processor == machine.currentProcessor || stor.engineLoops[processor] == 0
    }

    /// A miniport routine under the concurrent engine: the engine lock (held on entry) is given
    /// up for the call, and the StorPort locks the routine runs under are taken instead —
    /// `channel`'s lock (HwStartIo), those of `locks` this thread does not hold already, and
    /// `message`'s lock (HwMSInterruptRoutine with per-message synchronization).
    func callConcurrently<T>(_ stor: StorPortState, _ routine: StaticString, holding locks: StorLocks,
                             channel: Int?, message: Int?, _ body: () -> T) -> T {
        let mutexes = stor.mutexes!
        // The engine lock guards the bookkeeping around the call (a routine's own thread may
        // reach here without it).
        let entered = !stor.heldByCurrentThread
        if entered { stor.lock() }
        inMiniport += 1
        refreshWindowsIfNeeded()
        let frame = RoutineLocks.current
        let previousLocks = frame.portHeld
        let acquiredBefore = frame.acquired.count
        let messageLocksBefore = frame.messageLocksAcquired.count
        // A routine the miniport has called from one of its own (StorPortSynchronizeAccess from
        // HwTimer): what this thread holds already is not taken again.
        let alreadyHeld = frame.acquired.reduce(previousLocks) { $1.mutex == nil ? $0 : $0.union($1.lock) }
        let toTake = locks.subtracting(alreadyHeld)
        let channelLock = channel.map { mutexes.channels[$0 % mutexes.channels.count] }
        let messageLock = message.flatMap { $0 < mutexes.messages.count ? mutexes.messages[$0] : nil }
        frame.portHeld = locks
        let started = clock.now
        let held = stor.releaseFully()
        channelLock?.lock()
        if toTake.contains(.startIo) { mutexes.startIo.lock() }
        if toTake.contains(.interrupt) { mutexes.interrupt.lock() }
        messageLock?.lock()
        let running = driverRef._withUnsafeGuaranteedRef { RunningRoutine.enter(routine, driver: $0, adapter: self) }
        let traceStart = tracing ? tracer!.now() : 0
        let value = body()
        if tracing, let trace = tracer { traceRoutine(routine, since: traceStart, trace) }
        messageLock?.unlock()
        if toTake.contains(.interrupt) { mutexes.interrupt.unlock() }
        if toTake.contains(.startIo) { mutexes.startIo.unlock() }
        channelLock?.unlock()
        stor.reacquire(held)
        frame.portHeld = previousLocks
        if frame.acquired.count > acquiredBefore { releaseLeftLocks(from: acquiredBefore, routine: routine) }
        if frame.messageLocksAcquired.count > messageLocksBefore { releaseLeftMessageLocks(routine: routine) }
        let completed = RunningRoutine.pendingCompletions
        RunningRoutine.leave(running)
        inMiniport -= 1
        checkDuration(of: routine, since: started)
        // What the routine completed without the engine lock ends now that it has returned.
        endRoutineCompletions(completed)
        if entered { stor.unlock() }
        // Threads waiting for the engine to move on look again.
        stor.signalProgress()
        return value
    }
}

// MARK: port calls without the engine lock

// Under the concurrent engine the lock calls and the StartIo parameters touch only the calling
// thread's lock state, the adapter's fixed configuration and the real locks, so they run
// without the engine lock (a routine's most frequent port calls after its register accesses).
// Each returns nil when it needs the engine after all: not the concurrent engine, a misuse
// to report, a DpcLock (its lock is made on first use).
extension PortAdapter {
    /// Whether a port call may skip the engine lock: the concurrent engine, from a thread that
    /// does not hold it already (one that does gains nothing).
    @inline(__always)
    var engineFree: Bool {
        withStor(false) { $0.concurrent && !$0.heldByCurrentThread && $0.mutexes != nil }
    }

    /// `body` applied to the StorPort state when the port call may skip the engine lock
    /// (``engineFree``), `fallback` otherwise.
    @inline(__always)
    private func withEngineFreeStor<T>(_ fallback: T, _ body: (StorPortState) -> T) -> T {
        engineFree ? withStor(fallback, body) : fallback
    }

    /// StorPortAcquireSpinLock for the StartIo and interrupt locks.
    func acquireSpinLockWithoutEngine(_ raw: STOR_SPINLOCK, handle: UnsafeMutablePointer<STOR_LOCK_HANDLE>?) -> Bool {
        withEngineFreeStor(false) { stor in
            guard let handle, let lock = StorLocks(raw), lock != .dpc else { return false }
            var held = stor.acquired.reduce(stor.portHeld) { $0.union($1.lock) }
            if !stor.perMessageLocks, !stor.messageLocksAcquired.isEmpty { held.insert(.interrupt) }
            guard !held.contains(lock), held.intersection(lock.higher).isEmpty else { return false }
            handle.pointee.Lock = raw
            let mutex = lock == .startIo ? stor.mutexes!.startIo : stor.mutexes!.interrupt
            driverRef._withUnsafeGuaranteedRef { driver in
                let oldIrql = KernelModel.currentIrql(driver)
                handle.pointee.Context.OldIrql = oldIrql
                let lockIrql = lock == .interrupt ? KernelModel.deviceIrql : UInt8(DISPATCH_LEVEL)
                if lockIrql > oldIrql { KernelModel.setIrql(driver, lockIrql) }
                mutex.lock()
                stor.acquired.append((lock, UnsafeMutableRawPointer(handle), driver.routine, mutex.raw))
            }
            return true
        }
    }

    /// StorPortReleaseSpinLock of the lock this thread acquired last.
    func releaseSpinLockWithoutEngine(_ handle: UnsafeMutablePointer<STOR_LOCK_HANDLE>?) -> Bool {
        withEngineFreeStor(false) { stor in
            guard let handle, let last = stor.acquired.last,
                  last.handle == UnsafeMutableRawPointer(handle) else { return false }
            stor.acquired.removeLast()
            driverRef._withUnsafeGuaranteedRef { KernelModel.setIrql($0, handle.pointee.Context.OldIrql) }
            if let mutex = last.mutex { pthread_mutex_unlock(mutex) }
            return true
        }
    }

    /// StorPortAcquireMSISpinLock.
    func acquireMessageLockWithoutEngine(_ message: ULONG, oldIrql: UnsafeMutablePointer<ULONG>?) -> ULONG? {
        withEngineFreeStor(nil) { stor in
            guard Int(message) < stor.messagesGranted else { return nil }
            let id = Int(message), shared = !stor.perMessageLocks
            guard stor.messageHeld != id, !stor.messageLocksAcquired.contains(where: { $0.message == id || shared }),
                  !shared || (!stor.portHeld.contains(.interrupt) && !stor.acquired.contains { $0.lock == .interrupt }) else { return nil }
            let mutex = shared ? stor.mutexes!.interrupt : stor.mutexes!.messages[id]
            driverRef._withUnsafeGuaranteedRef { driver in
                oldIrql?.pointee = ULONG(KernelModel.currentIrql(driver))
                if KernelModel.currentIrql(driver) < KernelModel.deviceIrql { KernelModel.setIrql(driver, KernelModel.deviceIrql) }
            }
            mutex.lock()
            stor.messageLocksAcquired.append((id, mutex.raw))
            return STOR_STATUS_SUCCESS
        }
    }

    /// StorPortReleaseMSISpinLock.
    func releaseMessageLockWithoutEngine(_ message: ULONG, oldIrql: ULONG) -> ULONG? {
        withEngineFreeStor(nil) { stor in
            guard Int(message) < stor.messagesGranted, oldIrql <= ULONG(KernelModel.deviceIrql),
                  let index = stor.messageLocksAcquired.lastIndex(where: { $0.message == Int(message) }) else { return nil }
            if let mutex = stor.messageLocksAcquired.remove(at: index).mutex { pthread_mutex_unlock(mutex) }
            driverRef._withUnsafeGuaranteedRef { KernelModel.setIrql($0, UInt8(oldIrql)) }
            return STOR_STATUS_SUCCESS
        }
    }

    /// StorPortGetStartIoPerfParams for the request HwStartIo runs for on this thread.
    func startIoPerformanceParametersWithoutEngine(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?,
                                                   _ parameters: UnsafeMutablePointer<STARTIO_PERFORMANCE_PARAMETERS>?) -> ULONG? {
        guard engineFree, let parameters,
              parameters.pointee.Size >= ULONG(MemoryLayout<STARTIO_PERFORMANCE_PARAMETERS>.size),
              let index = slot(for: srb)?.index, index == RoutineLocks.current.startingSlot else { return nil }
        parameters.pointee.MessageNumber = submittingMessage
        parameters.pointee.ChannelNumber = submittingChannel
        return STOR_STATUS_SUCCESS
    }
}
