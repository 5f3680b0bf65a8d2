import CMiniportABI
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

/// StorPort semantics on the shared engine: the engine lock, configuration, passive
/// initialization, the dump-pointers handshake, queue control, the lock model, DPCs, timers
/// and work items, and the address and memory services only StorPort has.
extension PortAdapter {
    // MARK: the engine lock

    /// Runs `body` with the adapter's engine lock held (StorPort; a SCSI Port adapter is
    /// single-threaded and takes no lock). The outermost call, when it comes from outside the
    /// port (a miniport's own thread), lets the engine run what the call made ready.
    @inline(__always)
    func withEngine<T>(_ body: () -> T) -> T {
        withStor(body()) { stor in
            // Already held here (a routine the port called with it, calling back): its depth is
            // above 0, so taking it again would change nothing but cost a lock and an unlock.
            if stor.heldByCurrentThread { return body() }
            stor.lock()
            stor.depth += 1
            // Completions claimed without the lock are ended first: the port call sees them ended.
            _ = takeOverClaimedCompletions()
            let value = body()
            stor.depth -= 1
            if stor.depth == 0, stor.concurrent || inMiniport == 0 { runDeferred() }
            stor.unlock()
            return value
        }
    }

    /// The port's locks for HwStartIo, HwTimer and HwResetBus: the StartIo lock, and the
    /// interrupt lock too in the half-duplex model.
    var startIoLocks: StorLocks {
        withStor([]) { $0.fullDuplex || $0.isVirtual ? .startIo : [.startIo, .interrupt] }
    }

    /// The port's locks for HwStartIo itself: with concurrent channels (StorPortInitializePerfOpts,
    /// STOR_PERF_CONCURRENT_CHANNELS) StorPort does not take the StartIo lock before calling it,
    /// and the miniport synchronizes its channels itself.
    var hwStartIoLocks: StorLocks {
        guard (stor?.concurrentChannels ?? 0) > 0 else { return startIoLocks }
        return startIoLocks.subtracting(.startIo)
    }

    /// Nothing on the virtual clock but the port's own timeout tick while requests are
    /// outstanding at the miniport: only the miniport's own threads can complete them. Waits
    /// for them in real time (engine lock released), a slice at a time, up to
    /// ``foreignCompletionWait`` per request before virtual time may move on (and time them
    /// out). True when something ended.
    ///
    /// A device working on a thread of its own (`PCIFunction.asynchronousWork`) is waited for
    /// whatever else the clock holds (`Machine.settleDevices(limit:)`): virtual time stays put
    /// until the device has posted what it did (`VirtualClock.post(after:_:)`), and the loop
    /// runs that.
    func waitForOtherThreads() -> Bool {
        guard let stor else { return false }
        let seen = stor.progressGeneration   // before looking: an end signalled after this wakes the wait
        if clock.hasPostedEvents { return true }   // the engine loop runs them
        // Work this thread may take after all (its owner's thread left the engine loop).
        if stor.concurrent, !isShutDown,
           stor.queuedDpcs.contains(where: { mayServe(processor: $0.processor) }) || nextMessage(stor) != nil {
            return true
        }
        if stor.concurrent, inMiniport > 0 {
            // Another thread runs one of the miniport's routines (the concurrent engine): time
            // stands still until it returns, and the engine loop then runs what it left.
            let held = stor.releaseFully()
            _ = stor.waitForProgress(since: seen, nanoseconds: 1_000_000)
            stor.reacquire(held)
            return true
        }
        if (function?.asynchronousWork ?? 0) > 0 {
            // The device is working: wait for it to end a round, with the engine lock released
            // so that other submitting threads go on meanwhile. False when it made no progress
            // within the limit (a device model that never finishes).
            let held = stor.releaseFully()
            // Only waits: what the device posted runs in the engine loop, under the lock.
            let progressed = driver.machine.waitForDevices(limit: Self.foreignCompletionWait)
            stor.reacquire(held)
            return progressed
        }
        // A dump copy has no thread of its own to wait for: its completions come from polling.
        guard !polled, clock.pendingTimers <= 1, slots.contains(where: { $0.started && $0.active }) else { return false }
        if realTimeWaited >= Self.foreignCompletionWait { return false }
        // Fully release the recursive lock so the miniport's thread can call in.
        let held = stor.releaseFully()
        let slice: UInt64 = 5_000_000
        let progressed = stor.waitForProgress(since: seen, nanoseconds: slice)
        stor.reacquire(held)
        realTimeWaited = progressed ? 0 : realTimeWaited + slice
        return true
    }

    /// Real time (ns) `execute` waits for a miniport's own threads before letting virtual
    /// time, and so the request's timeout, run on.
    static var foreignCompletionWait: UInt64 { 2_000_000_000 }

    // MARK: configuration

    /// The StorPort fields of PORT_CONFIGURATION_INFORMATION, after the common ones.
    func fillStorPortConfiguration() {
        guard let stor else { return }
        let config = storConfig
        config.pointee.Length = ULONG(MemoryLayout<STOR_PORT_CONFIGURATION_INFORMATION>.size)
        config.pointee.SynchronizationModel = StorSynchronizeHalfDuplex
        config.pointee.MaxNumberOfIO = ULONG(Self.slotCount)
        config.pointee.MaxIOsPerLun = ULONG(Self.slotCount)
        config.pointee.InitialLunQueueDepth = ULONG(stor.defaultDepth)
        config.pointee.BusResetHoldTime = ULONG(Self.resetHold / 1_000)
        config.pointee.SrbType = UCHAR(srbExBlock == nil ? SRB_TYPE_SCSI_REQUEST_BLOCK : SRB_TYPE_STORAGE_REQUEST_BLOCK)
        config.pointee.AddressType = UCHAR(STORAGE_ADDRESS_TYPE_BTL8)
        config.pointee.DumpMode = driver.dumpMode
        config.pointee.MiniportDumpData = driver.miniportDumpData
        grantMessages()
    }

    /// Reads back what HwStorFindAdapter set that only StorPort has.
    func adoptStorPortConfiguration() {
        guard let stor else { return }
        let config = storConfig.pointee
        stor.fullDuplex = config.SynchronizationModel == StorSynchronizeFullDuplex
        if stor.isVirtual, config.VirtualDevice == 0 {
            driver.note(.refused, "a virtual miniport's HwFindAdapter left ConfigInfo->VirtualDevice FALSE")
        }
        if config.InitialLunQueueDepth > 0 {
            stor.defaultDepth = max(1, min(Int(config.InitialLunQueueDepth), Self.slotCount))
        }
        if polled, config.RequestedDumpBufferSize > 0 { provideDumpRegion(bytes: config.RequestedDumpBufferSize) }
        adoptMessageConfiguration()
        driver.note(.port, "StorPort \(stor.isVirtual ? "virtual" : "physical") adapter, "
            + (stor.fullDuplex ? "full-duplex" : "half-duplex") + " synchronization"
            + (driver.mode == .normal ? "" : ", DumpMode \(driver.dumpMode)")
            + (usesExtendedSRBs ? ", extended SRBs (STORAGE_REQUEST_BLOCK)" : ""))
    }

    /// Dump modes: the buffer HwFindAdapter asked for in RequestedDumpBufferSize, described in
    /// ConfigInfo->DumpRegion (what the miniport finds there from HwInitialize on).
    private func provideDumpRegion(bytes: ULONG) {
        guard let stor else { return }
        guard bytes <= Self.dumpRegionLimit,
              let region = memory.allocateDMA(length: Int(bytes), label: "dump region") else {
            driver.violate(.dumpMemoryLimit, "RequestedDumpBufferSize \(bytes): at most \(Self.dumpRegionLimit) bytes "
                + "are available for a dump buffer", routine: "HwFindAdapter")
            return
        }
        stor.dumpRegion = region
        storConfig.pointee.DumpRegion.VirtualBase = region.hostAddress.assumingMemoryBound(to: UCHAR.self)
        storConfig.pointee.DumpRegion.PhysicalBase.QuadPart = LONGLONG(region.physicalAddress)
        storConfig.pointee.DumpRegion.Length = ULONG(region.length)
    }

    /// Upper bound on RequestedDumpBufferSize (1 MiB).
    static var dumpRegionLimit: ULONG { 1 << 20 }

    // MARK: passive initialization and the dump-pointers handshake

    /// StorPortEnablePassiveInitialization: the routine runs once HwInitialize has returned.
    func runPassiveInitialization() {
        guard let stor, let routine = stor.passiveInitialize else { return }
        stor.passiveInitialize = nil
        let ok = callMiniport("HwPassiveInitializeRoutine") {
            msABI ? MpAbiMsCallU81(MsCall.entry(routine), MsCall.arg(deviceExtension)) : routine(deviceExtension)
        }
        if ok == 0 { driver.note(.refused, "the passive initialization routine returned FALSE") }
        runDeferred()
    }

    /// The handshake a crash-dump stack makes with the normal miniport: SRB_FUNCTION_DUMP_POINTERS
    /// with a MINIPORT_DUMP_POINTERS to fill. Sent to virtual miniports and to those that
    /// declared STOR_FEATURE_DUMP_POINTERS; what they hand back (MiniportPrivateDumpData) goes
    /// to the dump copy in ConfigInfo->MiniportDumpData.
    func requestDumpPointers() {
        guard let stor, stor.isVirtual || stor.hw.FeatureSupport & ULONG(STOR_FEATURE_DUMP_POINTERS) != 0 else { return }
        let size = MemoryLayout<MINIPORT_DUMP_POINTERS>.size
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        var request = Request(cdb: [0], direction: .dataIn, buffer: buffer, timeout: 10, senseLength: 0)
        request.function = UInt8(SRB_FUNCTION_DUMP_POINTERS)
        let result = execute(request)
        guard result.succeeded else {
            driver.note(.port, "SRB_FUNCTION_DUMP_POINTERS ended with SrbStatus 0x\(String(result.srbStatus, radix: 16)): "
                + "the miniport offers no dump pointers")
            return
        }
        let pointers = buffer.load(as: MINIPORT_DUMP_POINTERS.self)
        var problems: [String] = []
        if pointers.Version != UInt16(DUMP_MINIPORT_VERSION_1), pointers.Version != UInt16(DUMP_MINIPORT_VERSION) {
            problems.append("Version 0x\(String(pointers.Version, radix: 16))")
        }
        if Int(pointers.Size) < MemoryLayout<MINIPORT_DUMP_POINTERS>.offset(of: \.MiniportPrivateDumpData)! + 8 {
            problems.append("Size \(pointers.Size)")
        }
        if pointers.CommonBufferSize > Self.dumpCommonBufferLimit {
            problems.append("CommonBufferSize \(pointers.CommonBufferSize) (at most \(Self.dumpCommonBufferLimit))")
        }
        guard problems.isEmpty else {
            driver.violate(.dumpPointersInvalid, "MINIPORT_DUMP_POINTERS: " + problems.joined(separator: ", "), routine: "HwStartIo")
            return
        }
        stor.dumpPointers = pointers
        driver.note(.port, "dump pointers: private dump data at 0x"
            + String(UInt(bitPattern: pointers.MiniportPrivateDumpData), radix: 16)
            + ", common buffer \(pointers.CommonBufferSize) bytes")
    }

    /// The common buffer a miniport may ask for in MINIPORT_DUMP_POINTERS (64 KB).
    static var dumpCommonBufferLimit: ULONG { 64 * 1024 }

    /// What the dump copy gets in ConfigInfo->MiniportDumpData.
    public var miniportDumpData: UnsafeMutableRawPointer? { stor?.dumpPointers?.MiniportPrivateDumpData }

    /// SRB_FUNCTION_FREE_DUMP_POINTERS, before the adapter goes away.
    func freeDumpPointers() {
        guard let stor, stor.dumpPointers != nil, !isShutDown else { return }
        stor.dumpPointers = nil
        var request = Request(cdb: [0], timeout: 10, senseLength: 0)
        request.function = UInt8(SRB_FUNCTION_FREE_DUMP_POINTERS)
        _ = execute(request)
    }

    // MARK: queue control

    /// StorPortBusy / StorPortPause hold the whole adapter.
    func adapterHeld() -> Bool {
        withStor(false) { stor in
            if stor.pausedUntil != 0 {
                if clock.now < stor.pausedUntil { return true }
                stor.pausedUntil = 0
            }
            return stor.busyCompletions > 0 && slots.contains { $0.started }
        }
    }

    /// StorPortDeviceBusy / StorPortPauseDevice hold one unit.
    func unitHeld(_ unit: LogicalUnit) -> Bool {
        if unit.pausedUntil != 0 {
            if clock.now < unit.pausedUntil { return true }
            unit.pausedUntil = 0
        }
        return unit.busyCompletions > 0 && unit.active > 0
    }

    func busy(requestsToComplete: ULONG) -> Bool {
        stor?.busyCompletions = max(requestsToComplete, 1)
        return true
    }

    func ready() -> Bool {
        stor?.busyCompletions = 0
        return true
    }

    /// StorPortPause(TimeOut seconds) / StorPortResume.
    func pause(seconds: ULONG) -> Bool {
        guard let stor else { return false }
        stor.pausedUntil = pauseEnd(seconds: seconds)
        return true
    }

    /// The end of a pause of `seconds` (at least 1), with a wake-up scheduled for it so the
    /// engine resumes even when nothing else is on the clock.
    private func pauseEnd(seconds: ULONG) -> UInt64 {
        let length = UInt64(max(seconds, 1)) &* 1_000_000_000
        clock.schedule(after: length) { [lifeline] in lifeline.owner?.runDeferred() }
        return clock.now &+ length
    }

    func resume() -> Bool {
        stor?.pausedUntil = 0
        return true
    }

    func deviceBusy(path: UInt8, target: UInt8, lun: UInt8, requestsToComplete: ULONG) -> Bool {
        guard let unit = existingUnit(path: path, target: target, lun: lun) else { return false }
        unit.busyCompletions = max(requestsToComplete, 1)
        return true
    }

    func deviceReady(path: UInt8, target: UInt8, lun: UInt8) -> Bool {
        guard let unit = existingUnit(path: path, target: target, lun: lun) else { return false }
        unit.busyCompletions = 0
        return true
    }

    func pauseDevice(path: UInt8, target: UInt8, lun: UInt8, seconds: ULONG) -> Bool {
        guard let unit = existingUnit(path: path, target: target, lun: lun) else { return false }
        unit.pausedUntil = pauseEnd(seconds: seconds)
        return true
    }

    func resumeDevice(path: UInt8, target: UInt8, lun: UInt8) -> Bool {
        guard let unit = existingUnit(path: path, target: target, lun: lun) else { return false }
        unit.pausedUntil = 0
        return true
    }

    func setDeviceQueueDepth(path: UInt8, target: UInt8, lun: UInt8, depth: ULONG) -> Bool {
        guard depth > 0 else { return false }
        // The unit may not have seen a request yet (the miniport sets depths at INQUIRY time).
        let unit = unit(path: path, target: target, lun: lun)
        unit.depth = min(Int(depth), Self.slotCount)
        return true
    }

    // MARK: the lock model

    /// StorPortAcquireSpinLock: checks the lock order against what the port and the miniport
    /// hold, records the acquisition in the handle, and holds the engine lock until the
    /// release, so a miniport's own thread really excludes the port's calls.
    func acquireSpinLock(_ raw: STOR_SPINLOCK, context: UnsafeMutableRawPointer?, handle: UnsafeMutablePointer<STOR_LOCK_HANDLE>?) {
        withStor(()) { stor in
            guard let handle, let lock = StorLocks(raw) else {
                driver.violate(.lockMisuse, "StorPortAcquireSpinLock(\(raw.rawValue)) "
                    + (handle == nil ? "without a lock handle" : "for a lock it does not take (DpcLock, StartIoLock, InterruptLock)"))
                return
            }
            var held = stor.withAcquired { $0.reduce(stor.portHeld) { $0.union($1.lock) } }
            // Messages that share the interrupt lock: holding one's MSI spin lock holds it.
            if !stor.perMessageLocks, stor.messageLocksAcquiredCount > 0 { held.insert(.interrupt) }
            var misused = true
            if held.contains(lock) {
                driver.violate(.lockMisuse, "StorPortAcquireSpinLock(\(lock)) while it is already held (\(held)): a deadlock on Windows")
            } else if !held.intersection(lock.higher).isEmpty {
                driver.violate(.lockMisuse, "StorPortAcquireSpinLock(\(lock)) while holding \(held.intersection(lock.higher)): "
                    + "locks are taken in the order DpcLock, StartIoLock, InterruptLock")
            } else {
                misused = false
            }
            if lock == .dpc, let context, stor.dpcRoutines[context] == nil {
                driver.note(.refused, "StorPortAcquireSpinLock(DpcLock) with a LockContext that is no initialized STOR_DPC")
            }
            handle.pointee.Lock = raw
            // The IRQL the lock runs at (DISPATCH_LEVEL, DIRQL for the interrupt lock), for
            // KeGetCurrentIrql; the handle keeps the old one, as on Windows.
            // Through driverRef: each use of the unowned driver property counts a reference.
            driverRef._withUnsafeGuaranteedRef { driver in
                let oldIrql = KernelModel.currentIrql(driver)
                handle.pointee.Context.OldIrql = oldIrql
                let lockIrql = lock == .interrupt ? KernelModel.deviceIrql : UInt8(DISPATCH_LEVEL)
                if lockIrql > oldIrql { KernelModel.setIrql(driver, lockIrql) }
                if stor.concurrent {
                    // The lock itself; none after a misuse report (taking it could hang the thread).
                    let mutex = misused ? nil : stor.mutexes!.mutex(for: lock, context: context)
                    if let mutex { take(mutex) }
                    stor.acquired.append((lock, UnsafeMutableRawPointer(handle), driver.routine, mutex?.raw))
                } else {
                    stor.lock()   // released by StorPortReleaseSpinLock
                    stor.depth += 1
                    stor.acquired.append((lock, UnsafeMutableRawPointer(handle), driver.routine, nil))
                }
            }
        }
    }

    func releaseSpinLock(_ handle: UnsafeMutablePointer<STOR_LOCK_HANDLE>?) {
        withStor(()) { stor in
            // Found and removed in place (see StorPortState.withAcquired); reports after.
            let found: (released: StorPortState.AcquiredLock, outOfOrder: StorLocks?)? = stor.withAcquired { acquired in
                guard let handle, let index = acquired.lastIndex(where: { $0.handle == UnsafeMutableRawPointer(handle) }) else {
                    return nil
                }
                let last = acquired.count - 1
                let outOfOrder = index != last ? acquired[last].lock : nil
                return (index == last ? acquired.removeLast() : acquired.remove(at: index), outOfOrder)
            }
            guard let handle, let found else {
                driver.violate(.lockMisuse, "StorPortReleaseSpinLock with a handle no StorPortAcquireSpinLock filled (or released twice)")
                return
            }
            let released = found.released
            if let after = found.outOfOrder {
                driver.note(.refused, "StorPortReleaseSpinLock(\(released.lock)) out of order: \(after) was acquired after it")
            }
            driverRef._withUnsafeGuaranteedRef { KernelModel.setIrql($0, handle.pointee.Context.OldIrql) }
            unlock(released, stor)
        }
    }

    /// Releases what StorPortAcquireSpinLock took for `entry`: its mutex (concurrent engine) or
    /// the engine lock.
    private func unlock(_ entry: StorPortState.AcquiredLock, _ stor: StorPortState) {
        if stor.concurrent {
            if let mutex = entry.mutex { pthread_mutex_unlock(mutex) }
        } else {
            stor.depth -= 1
            stor.unlock()
        }
    }

    /// A routine returned still holding locks it acquired: reported, and released for it.
    func releaseLeftLocks(from count: Int, routine: StaticString) {
        withStor(()) { stor in
            while stor.acquiredCount > count {
                let left = stor.acquired.removeLast()
                driver.violate(.lockMisuse, "\(routine) returned holding \(left.lock)", routine: routine)
                unlock(left, stor)
            }
            // Released for the routine: it is back at the level it was called at (lock.misuse said it).
            KernelModel.setIrql(driver, KernelModel.calledIrql(driver))
        }
    }

    /// StorPortSynchronizeAccess: the routine runs with the interrupt lock held.
    func synchronizeAccess(_ routine: PSTOR_SYNCHRONIZED_ACCESS?, context: UnsafeMutableRawPointer?) -> Bool {
        guard let routine else {
            driver.note(.refused, "StorPortSynchronizeAccess without a routine")
            return false
        }
        let held = (stor?.portHeld ?? []).union(.interrupt)
        return callMiniport("synchronized access routine", holding: held) {
            msABI ? MpAbiMsCallU82(MsCall.entry(routine), MsCall.arg(deviceExtension), MsCall.arg(context))
                : routine(deviceExtension, context)
        } != 0
    }

    // MARK: DPCs, timers, work items

    func initializeDpc(_ dpc: UnsafeMutableRawPointer?, routine: PHW_DPC_ROUTINE?) {
        guard let stor else { return }
        if polled {
            driver.violate(.dumpDpc, "StorPortInitializeDpc in \(driver.mode.rawValue) mode: a dump copy runs without DPCs")
            return
        }
        guard let dpc, let routine else {
            driver.note(.refused, "StorPortInitializeDpc without a STOR_DPC or a routine")
            return
        }
        stor.dpcRoutines[dpc] = routine
    }

    /// StorPortIssueDpc: TRUE when queued, FALSE when it already was (or cannot be).
    func issueDpc(_ dpc: UnsafeMutableRawPointer?, _ argument1: UnsafeMutableRawPointer?,
                  _ argument2: UnsafeMutableRawPointer?) -> Bool {
        withStor(false) { stor in
            if polled {
                driver.violate(.dumpDpc, "StorPortIssueDpc in \(driver.mode.rawValue) mode: a dump copy runs without DPCs")
                return false
            }
            guard let dpc, stor.dpcRoutines[dpc] != nil else {
                driver.note(.refused, "StorPortIssueDpc for a STOR_DPC StorPortInitializeDpc did not initialize")
                return false
            }
            guard !stor.queuedDpcs.contains(where: { $0.dpc == dpc }) else { return false }
            // The DPC runs on the processor that issued it (DPC redirection).
            stor.queuedDpcs.append((dpc, argument1, argument2, machine.processors > 1 ? machine.currentProcessor : 0))
            return true
        }
    }

    func enablePassiveInitialization(_ routine: PHW_PASSIVE_INITIALIZE_ROUTINE?) -> Bool {
        guard let stor else { return false }
        if polled {
            driver.violate(.dumpPassiveOnly, "StorPortEnablePassiveInitialization in \(driver.mode.rawValue) mode: "
                + "a dump copy runs above PASSIVE_LEVEL and must initialize in HwInitialize")
            return false
        }
        guard let routine else { return false }
        stor.passiveInitialize = routine
        return true
    }

    func initializeTimer() -> UnsafeMutableRawPointer? {
        guard let stor else { return nil }
        let handle = stor.makeHandle()
        stor.timers[handle] = .some(nil)
        return UnsafeMutableRawPointer(bitPattern: handle)
    }

    /// StorPortRequestTimer: (re)arms a timer; a value of 0 cancels it.
    func requestTimer(_ handle: UnsafeMutableRawPointer?, _ callback: PHW_TIMER_EX?, context: UnsafeMutableRawPointer?,
                      microseconds: ULONGLONG) -> ULONG {
        guard let stor, let key = handle.map({ UInt(bitPattern: $0) }), let armed = stor.timers[key] else {
            driver.note(.refused, "StorPortRequestTimer with a handle StorPortInitializeTimer did not return")
            return STOR_STATUS_INVALID_PARAMETER
        }
        if let armed { clock.cancel(armed) }
        stor.timers[key] = .some(nil)
        guard let callback, microseconds > 0 else { return STOR_STATUS_SUCCESS }
        let id = clock.schedule(after: microseconds &* 1_000) { [lifeline] in
            guard let self = lifeline.owner, let stor = self.stor, !self.isShutDown, stor.timers[key] != nil else { return }
            stor.timers[key] = .some(nil)
            stor.dueTimers.append((callback, context))
            self.runDeferred()
        }
        stor.timers[key] = id
        return STOR_STATUS_SUCCESS
    }

    func freeTimer(_ handle: UnsafeMutableRawPointer?) -> ULONG {
        guard let stor, let key = handle.map({ UInt(bitPattern: $0) }), let armed = stor.timers[key] else {
            return STOR_STATUS_INVALID_PARAMETER
        }
        if let armed { clock.cancel(armed) }
        stor.timers[key] = nil
        return STOR_STATUS_SUCCESS
    }

    func initializeWorker() -> UnsafeMutableRawPointer? {
        guard let stor else { return nil }
        if polled {
            driver.violate(.dumpPassiveOnly, "StorPortInitializeWorker in \(driver.mode.rawValue) mode: work items run "
                + "at PASSIVE_LEVEL, which a dump copy never reaches")
            return nil
        }
        let handle = stor.makeHandle()
        stor.workers.insert(handle)
        return UnsafeMutableRawPointer(bitPattern: handle)
    }

    func queueWorkItem(_ callback: PHW_WORKITEM?, worker: UnsafeMutableRawPointer?, context: UnsafeMutableRawPointer?) -> ULONG {
        guard let stor, let worker, stor.workers.contains(UInt(bitPattern: worker)), let callback else {
            driver.note(.refused, "StorPortQueueWorkItem with a worker StorPortInitializeWorker did not return")
            return STOR_STATUS_INVALID_PARAMETER
        }
        guard !stor.queuedWork.contains(where: { $0.worker == worker }) else { return STOR_STATUS_BUSY }
        stor.queuedWork.append((callback, worker, context))
        return STOR_STATUS_SUCCESS
    }

    func freeWorker(_ worker: UnsafeMutableRawPointer?) -> ULONG {
        guard let stor, let worker, stor.workers.remove(UInt(bitPattern: worker)) != nil else {
            return STOR_STATUS_INVALID_PARAMETER
        }
        stor.queuedWork.removeAll { $0.worker == worker }
        return STOR_STATUS_SUCCESS
    }

    /// One round of StorPort's deferred work, in the order Windows would reach it: DPCs, then
    /// extended timers, then work items (PASSIVE_LEVEL). True when something ran.
    func runStorPortWork() -> Bool {
        withStor(false) { stor in
            // Under the concurrent engine a thread runs the DPCs of its own processor, and those of
            // a processor no thread serves now.
            if !stor.queuedDpcs.isEmpty,
               let position = stor.concurrent ? stor.queuedDpcs.firstIndex(where: { mayServe(processor: $0.processor) }) : 0 {
                let (dpc, argument1, argument2, processor) = stor.queuedDpcs.remove(at: position)
                if let routine = stor.dpcRoutines[dpc] {
                    let dpcPointer = dpc.assumingMemoryBound(to: STOR_DPC.self)
                    let (extensionPointer, windowsABI) = (deviceExtension, msABI)   // not the adapter (callMiniport)
                    func runDpc() {
                        callMiniport("HwDpcRoutine") {
                            if windowsABI {
                                MpAbiMsCallVoid4(MsCall.entry(routine), MsCall.arg(dpcPointer), MsCall.arg(extensionPointer),
                                                 MsCall.arg(argument1), MsCall.arg(argument2))
                            } else {
                                routine(dpcPointer, extensionPointer, argument1, argument2)
                            }
                        }
                    }
                    if machine.processors > 1 { machine.run(onProcessor: processor, runDpc) } else { runDpc() }
                }
                return true
            }
            if !stor.dueTimers.isEmpty {
                let (callback, context) = stor.dueTimers.removeFirst()
                callMiniport("HwTimer", holding: startIoLocks) {
                    msABI ? MpAbiMsCallVoid2(MsCall.entry(callback), MsCall.arg(deviceExtension), MsCall.arg(context))
                        : callback(deviceExtension, context)
                }
                return true
            }
            if !stor.queuedWork.isEmpty {
                let (callback, worker, context) = stor.queuedWork.removeFirst()
                callMiniport("HwWorkItem") {
                    if msABI {
                        MpAbiMsCallVoid3(MsCall.entry(callback), MsCall.arg(deviceExtension), MsCall.arg(context),
                                         MsCall.arg(worker))
                    } else {
                        callback(deviceExtension, context, worker)
                    }
                }
                return true
            }
            return processStorPortNotifications()
        }
    }

    // MARK: memory and addresses

    func allocatePool(bytes: ULONG, into result: UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> ULONG {
        guard let stor, let result else { return STOR_STATUS_INVALID_PARAMETER }
        result.pointee = nil
        guard bytes > 0, stor.poolBytes + Int(bytes) <= StorPortState.poolLimit else {
            driver.note(.refused, "StorPortAllocatePool(\(bytes)): over the \(StorPortState.poolLimit >> 20) MiB the port "
                + "allows a miniport (\(stor.poolBytes) bytes allocated)")
            return STOR_STATUS_INSUFFICIENT_RESOURCES
        }
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: Int(bytes), alignment: 16)
        // Pool is not zeroed on Windows; a recognisable pattern finds miniports that assume it is.
        pointer.initializeMemory(as: UInt8.self, repeating: 0xA5, count: Int(bytes))
        stor.pool[pointer] = Int(bytes)
        stor.poolBytes += Int(bytes)
        result.pointee = pointer
        return STOR_STATUS_SUCCESS
    }

    func freePool(_ pointer: UnsafeMutableRawPointer?) -> ULONG {
        guard let stor, let pointer, let bytes = stor.pool.removeValue(forKey: pointer) else {
            driver.note(.refused, "StorPortFreePool with an address StorPortAllocatePool did not return (or freed twice)")
            return STOR_STATUS_INVALID_PARAMETER
        }
        stor.poolBytes -= bytes
        pointer.deallocate()
        return STOR_STATUS_SUCCESS
    }

    /// StorPortGetScatterGatherList: the active request's data buffer as the device sees it.
    func scatterGatherList(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?) -> UnsafeMutableRawPointer? {
        guard let stor, let slot = slot(for: srb), slot.active else {
            driver.note(.refused, "StorPortGetScatterGatherList for an SRB that is not outstanding")
            return nil
        }
        guard let mapping = slot.dataMapping, stor.performanceOptions & ULONG(STOR_PERF_NO_SGL) == 0 else { return nil }
        let list = stor.sgList(slot.index)
        // One element: the port maps a request's buffer as one range of bus addresses.
        list.storeBytes(of: ULONG(1), as: ULONG.self)
        list.storeBytes(of: 0 as UInt64, toByteOffset: 8, as: UInt64.self)
        list.storeBytes(of: mapping.physicalAddress, toByteOffset: 16, as: UInt64.self)
        list.storeBytes(of: ULONG(mapping.length), toByteOffset: 24, as: ULONG.self)
        list.storeBytes(of: 0 as UInt64, toByteOffset: 32, as: UInt64.self)
        return list
    }

    /// The system address of an active request's data buffer (StorPortGetSystemAddress).
    func systemAddress(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?) -> UnsafeMutableRawPointer? {
        guard let slot = slot(for: srb), slot.active else { return nil }
        return slot.dataBuffer
    }

    // MARK: registry

    func allocateRegistryBuffer(_ length: UnsafeMutablePointer<ULONG>?) -> UnsafeMutableRawPointer? {
        guard let stor, let length else { return nil }
        guard passiveOnly("StorPortAllocateRegistryBuffer") else { return nil }
        guard length.pointee > 0, length.pointee <= 64 * 1024, stor.registryBuffers.isEmpty else {
            driver.note(.refused, "StorPortAllocateRegistryBuffer(\(length.pointee)): one buffer of at most 64 KiB at a time")
            return nil
        }
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: Int(length.pointee), alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: Int(length.pointee))
        stor.registryBuffers[pointer] = Int(length.pointee)
        return pointer
    }

    func freeRegistryBuffer(_ buffer: UnsafeMutableRawPointer?) {
        guard let stor, let buffer, stor.registryBuffers.removeValue(forKey: buffer) != nil else {
            driver.note(.refused, "StorPortFreeRegistryBuffer with a buffer StorPortAllocateRegistryBuffer did not return")
            return
        }
        buffer.deallocate()
    }

    /// StorPortRegistryRead: the named value, when it exists with that type and fits. The
    /// buffer must come from StorPortAllocateRegistryBuffer.
    func registryRead(name: UnsafeMutablePointer<UCHAR>?, type: ULONG, buffer: UnsafeMutableRawPointer?,
                      length: UnsafeMutablePointer<ULONG>?) -> Bool {
        guard let stor, let name, let length else { return false }
        guard passiveOnly("StorPortRegistryRead") else { return false }
        guard let buffer, let capacity = stor.registryBuffers[buffer] else {
            driver.note(.refused, "StorPortRegistryRead into a buffer StorPortAllocateRegistryBuffer did not return")
            return false
        }
        let key = String(cString: name)
        guard let value = registryValue(key, type: type, routine: "StorPortRegistryRead") else { return false }
        let bytes = value.bytes
        let room = min(Int(length.pointee), capacity)
        guard bytes.count <= room else {
            length.pointee = ULONG(bytes.count)
            driver.note(.refused, "StorPortRegistryRead(\(key)): \(bytes.count) bytes do not fit in \(room)")
            return false
        }
        buffer.copyMemory(from: bytes, byteCount: bytes.count)
        length.pointee = ULONG(bytes.count)
        return true
    }

    /// The stored value `key` when it exists with `type` (a REG_SZ also reads as REG_EXPAND_SZ);
    /// a missing value or another type is logged for `routine`.
    func registryValue(_ key: String, type: ULONG, routine: String) -> AdapterParameters.Value? {
        guard let value = stor?.parameters[key] else {
            driver.note(.port, "\(routine)(\(key)): no such value")
            return nil
        }
        guard value.type == type || (type == ULONG(REG_EXPAND_SZ) && value.type == ULONG(REG_SZ)) else {
            driver.note(.refused, "\(routine)(\(key)) as type \(type): the value is \(value)")
            return nil
        }
        return value
    }

    func registryWrite(name: UnsafeMutablePointer<UCHAR>?, type: ULONG, buffer: UnsafeMutableRawPointer?, length: ULONG) -> Bool {
        guard let stor, let name else { return false }
        guard passiveOnly("StorPortRegistryWrite") else { return false }
        guard let buffer, let capacity = stor.registryBuffers[buffer], Int(length) <= capacity else {
            driver.note(.refused, "StorPortRegistryWrite from a buffer StorPortAllocateRegistryBuffer did not return")
            return false
        }
        let key = String(cString: name)
        guard let value = AdapterParameters.Value(type: type, bytes: UnsafeRawBufferPointer(start: buffer, count: Int(length))) else {
            driver.note(.refused, "StorPortRegistryWrite(\(key)): type \(type) with \(length) bytes is not supported")
            return false
        }
        stor.parameters[key] = value
        return true
    }

    /// The adapter's registry parameters as its miniport left them.
    public var parameters: AdapterParameters? { withEngine { stor?.parameters } }

    /// Whether the adapter is a StorPort virtual adapter (no PCI function).
    public var isVirtual: Bool { stor?.isVirtual ?? false }
}
