import CMiniportABI
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

/// Fills an image's Kernel slots (mpabi_import_kernel.h): the ntoskrnl.exe / hal.dll routines
/// that need the port's state. The same for both ports and their dump copies; each slot finds
/// the driver through the table's Context.
enum KernelBindings {
    static func bind(_ table: UnsafeMutablePointer<MPABI_IMPORT_TABLE>) {
        withUnsafeMutablePointer(to: &table.pointee.Kernel) { bindKernel($0) }
    }

    // swiftlint:disable:next function_body_length
    private static func bindKernel(_ slots: UnsafeMutablePointer<MPABI_KERNEL_IMPORTS>) {
        slots.pointee.StallExecutionProcessor = { context, microseconds in
            let driver = port(context)
            driver.withCurrentEngine { driver.stall(microseconds, "KeStallExecutionProcessor") }
        }
        slots.pointee.QueryTime = { context, kind in
            let driver = port(context)
            return driver.withCurrentEngine { driver.kernelTime(kind) }
        }
        slots.pointee.GetCurrentIrql = { context in KernelModel.currentIrql(port(context)) }
        slots.pointee.RaiseIrql = { context, irql in port(context).raiseIrql(to: irql) }
        slots.pointee.LowerIrql = { context, irql in port(context).lowerIrql(to: irql) }
        slots.pointee.AcquireSpinLock = { context, lock, kind in port(context).acquireSpinLock(lock, kind: kind) }
        slots.pointee.ReleaseSpinLock = { context, lock, irql, kind in
            port(context).releaseSpinLock(lock, newIrql: irql, kind: kind)
        }
        slots.pointee.WaitForObjects = { context, kind, count, objects, waitType, _, _, timeout in
            let driver = port(context)
            return driver.withCurrentEngine {
                driver.wait(kind: kind, count: Int(count), objects: objects, waitAll: waitType == ULONG(WaitAll.rawValue),
                            timeout: timeout?.pointee.QuadPart)
            }
        }
        slots.pointee.BugCheck = { context, code, p1, p2, p3, p4 in port(context).bugCheck(code, [p1, p2, p3, p4]) }
        slots.pointee.DebugPrint = { context, component, level, text in
            let driver = port(context)
            let message = String(cString: text!)
            driver.withCurrentEngine {
                if component == ULONG(DPFLTR_DEFAULT_ID.rawValue), level == ULONG(DPFLTR_INFO_LEVEL) {
                    driver.note(.debugPrint, "DbgPrint: " + message)
                } else {
                    driver.note(.debugPrint, "DbgPrintEx(component \(component), level \(level)): " + message)
                }
            }
        }
        slots.pointee.AllocatePool = { context, kind, typeOrFlags, bytes, tag in
            let driver = port(context)
            return driver.withCurrentEngine { driver.allocatePool(kind: kind, typeOrFlags, bytes: Int(bitPattern: UInt(bytes)), tag: tag) }
        }
        slots.pointee.FreePool = { context, kind, pointer, tag in
            let driver = port(context)
            driver.withCurrentEngine { driver.freePool(kind: kind, pointer, tag: tag) }
        }
        slots.pointee.GetPhysicalAddress = { context, address in
            let driver = port(context)
            return driver.withCurrentEngine { driver.kernelPhysicalAddress(address) }
        }
        slots.pointee.InsertQueueDpc = { context, dpc, argument1, argument2 in
            let driver = port(context)
            return driver.withCurrentEngine { driver.insertQueueDpc(dpc, argument1, argument2) } ? 1 : 0
        }
        slots.pointee.RemoveQueueDpc = { context, dpc in
            let driver = port(context)
            return driver.withCurrentEngine { driver.removeQueueDpc(dpc) } ? 1 : 0
        }
        slots.pointee.SetTimer = { context, timer, dueTime, period, dpc in
            let driver = port(context)
            return driver.withCurrentEngine { driver.setTimer(timer, dueTime: dueTime, period: period, dpc: dpc) } ? 1 : 0
        }
        slots.pointee.CancelTimer = { context, timer in
            let driver = port(context)
            return driver.withCurrentEngine { driver.cancelTimer(timer) } ? 1 : 0
        }
        slots.pointee.ReleaseObject = { context, kind, object, adjustment in
            let driver = port(context)
            return driver.withCurrentEngine { driver.releaseObject(kind: kind, object, adjustment: adjustment) }
        }
        // The machine's virtual processors (MiniportPlatform's Processors.swift): no engine
        // state, so no lock.
        slots.pointee.CurrentProcessor = { context, number in
            let machine = port(context).machine
            let current = machine.currentProcessor
            if let number {
                number.pointee = PROCESSOR_NUMBER()
                number.pointee.Number = UCHAR(current)
            }
            return ULONG(current)
        }
        slots.pointee.ActiveProcessors = { context, mask in
            let machine = port(context).machine
            mask?.pointee = KAFFINITY(machine.activeProcessorMask)
            return ULONG(machine.processors)
        }
        slots.pointee.IsAddressValid = { context, address in
            guard let address else { return 0 }
            let driver = port(context)
            return driver.withCurrentEngine {
                let key = UInt(bitPattern: address)
                let inPool = driver.kernel.pool.contains { key >= $0.key && key < $0.key + UInt(max($0.value.bytes, 1)) }
                return inPool || driver.machine.memory.physicalAddress(of: address) != nil ? 1 : 0
            }
        }
    }
}

extension PortDriver {
    // MARK: time

    /// KeQuery*Time / KeQueryTickCount / KeQueryPerformanceCounter on the virtual clock. A dump
    /// copy has no time routines (dump.time-query); the answer is still the clock's, so that a
    /// miniport polling it while it stalls does not loop forever.
    func kernelTime(_ kind: ULONG, reporting: Bool = true) -> Int64 {
        let now = machine.clock.now
        let routine: String
        let value: Int64
        switch kind {
        case ULONG(MpAbiTimeSystem.rawValue): (routine, value) = ("KeQuerySystemTime", Self.systemTime(at: now))
        case ULONG(MpAbiTimeSystemPrecise.rawValue): (routine, value) = ("KeQuerySystemTimePrecise", Self.systemTime(at: now))
        case ULONG(MpAbiTimeInterrupt.rawValue): (routine, value) = ("KeQueryInterruptTime", Int64(now / 100))
        case ULONG(MpAbiTimeInterruptPrecise.rawValue): (routine, value) = ("KeQueryInterruptTimePrecise", Int64(now / 100))
        case ULONG(MpAbiTimeUnbiasedInterrupt.rawValue): (routine, value) = ("KeQueryUnbiasedInterruptTime", Int64(now / 100))
        case ULONG(MpAbiTimeTickCount.rawValue): (routine, value) = ("KeQueryTickCount", tickCount)
        default: (routine, value) = ("KeQueryPerformanceCounter", Int64(now / 100))
        }
        if mode != .normal && reporting {
            violate(.dumpTimeQuery, "\(routine) in \(mode.rawValue) mode: a dump copy has no time routines")
        }
        return value
    }

    // MARK: IRQL

    func raiseIrql(to irql: KIRQL) -> KIRQL {
        let current = KernelModel.currentIrql(self)
        guard irql >= current else {
            violate(.irqlBadChange, "KeRaiseIrql to \(KernelModel.name(irql)) from \(KernelModel.name(current)): "
                + "raising to a lower level")
            return current
        }
        KernelModel.setIrql(self, irql)
        return current
    }

    func lowerIrql(to irql: KIRQL) {
        let current = KernelModel.currentIrql(self)
        let (routine, base) = KernelModel.called(self)
        guard irql <= current else {
            violate(.irqlBadChange, "KeLowerIrql to \(KernelModel.name(irql)) from \(KernelModel.name(current)): "
                + "lowering to a higher level")
            return
        }
        guard irql >= base else {
            violate(.irqlBadChange, "KeLowerIrql to \(KernelModel.name(irql)) in \(routine), which the port called at "
                + "\(KernelModel.name(base)): below the level the routine was called at")
            return
        }
        KernelModel.setIrql(self, irql)
    }

    // MARK: spin locks

    /// Kernel spin locks on the single-threaded model: the lock word is 1 while held. An
    /// acquire of a held lock would spin forever on Windows (lock.misuse); so would a release
    /// of a free one corrupt it.
    func acquireSpinLock(_ lock: PKSPIN_LOCK?, kind: ULONG) -> KIRQL {
        let current = KernelModel.currentIrql(self)
        let atDpc = kind == ULONG(MpAbiSpinLockAtDpc.rawValue) || kind == ULONG(MpAbiSpinLockQueuedAtDpc.rawValue)
        let routine = Self.spinLockRoutine(kind, acquire: true)
        guard let lock else {
            violate(.lockMisuse, "\(routine) with a NULL spin lock")
            return current
        }
        if atDpc {
            if current < KIRQL(DISPATCH_LEVEL) {
                violate(.irqlBadChange, "\(routine) at \(KernelModel.name(current)): it needs DISPATCH_LEVEL or above")
            }
        } else if current > KIRQL(DISPATCH_LEVEL) {
            violate(.irqlBadChange, "\(routine) at \(KernelModel.name(current)): above DISPATCH_LEVEL, acquiring would "
                + "lower the IRQL")
        }
        guard lock.pointee == 0 else {
            violate(.lockMisuse, "\(routine) of a spin lock that is already held: a deadlock on Windows")
            return current
        }
        lock.pointee = 1
        KernelModel.adjustSpinLocks(self, by: 1)
        if !atDpc, current < KIRQL(DISPATCH_LEVEL) { KernelModel.setIrql(self, KIRQL(DISPATCH_LEVEL)) }
        return current
    }

    func releaseSpinLock(_ lock: PKSPIN_LOCK?, newIrql: KIRQL, kind: ULONG) {
        let routine = Self.spinLockRoutine(kind, acquire: false)
        guard let lock, lock.pointee != 0 else {
            violate(.lockMisuse, "\(routine) of a spin lock that is not held")
            return
        }
        lock.pointee = 0
        KernelModel.adjustSpinLocks(self, by: -1)
        let atDpc = kind == ULONG(MpAbiSpinLockAtDpc.rawValue) || kind == ULONG(MpAbiSpinLockQueuedAtDpc.rawValue)
        if !atDpc, newIrql != KernelModel.currentIrql(self) { lowerIrql(to: newIrql) }
    }

    private static func spinLockRoutine(_ kind: ULONG, acquire: Bool) -> String {
        switch kind {
        case ULONG(MpAbiSpinLockAtDpc.rawValue):
            return acquire ? "KeAcquireSpinLockAtDpcLevel" : "KeReleaseSpinLockFromDpcLevel"
        case ULONG(MpAbiSpinLockQueued.rawValue):
            return acquire ? "KeAcquireInStackQueuedSpinLock" : "KeReleaseInStackQueuedSpinLock"
        case ULONG(MpAbiSpinLockQueuedAtDpc.rawValue):
            return acquire ? "KeAcquireInStackQueuedSpinLockAtDpcLevel" : "KeReleaseInStackQueuedSpinLockFromDpcLevel"
        default:
            return acquire ? "KeAcquireSpinLock" : "KeReleaseSpinLock"
        }
    }

    // MARK: waits

    /// The wait routines. Nothing else runs while a miniport routine waits (no other thread,
    /// DPC or interrupt: the port's model is synchronous), so a wait ends when the objects are
    /// already signalled, when a timer among them expires (the virtual clock moves to its due
    /// time), or at the timeout (the clock moves by it).
    func wait(kind: ULONG, count: Int, objects: UnsafeMutablePointer<PVOID?>?, waitAll: Bool, timeout: Int64?) -> NTSTATUS {
        let routine = kind == ULONG(MpAbiWaitDelay.rawValue) ? "KeDelayExecutionThread"
            : kind == ULONG(MpAbiWaitMultiple.rawValue) ? "KeWaitForMultipleObjects" : "KeWaitForSingleObject"
        let irql = KernelModel.currentIrql(self)
        let now = machine.clock.now
        // The wake-up time (virtual ns), nil for no timeout.
        let deadline: UInt64? = timeout.map { value in
            if value < 0 { return now &+ UInt64(-value) &* 100 }
            let system = Self.systemTime(at: now)
            return value > system ? now &+ UInt64(value - system) &* 100 : now
        }
        let blocks = deadline.map { $0 > now } ?? true
        let mayBlock = irql <= KIRQL(APC_LEVEL)
        if blocks, !mayBlock {
            violate(.waitIrql, "\(routine) at \(KernelModel.name(irql)) with "
                + (timeout == nil ? "no timeout" : "a timeout of \(((deadline ?? now) - now) / 1_000) µs")
                + ": waits need APC_LEVEL or below (zero timeouts DISPATCH_LEVEL)")
        }
        if kind == ULONG(MpAbiWaitDelay.rawValue) {
            guard let deadline else { return STATUS_SUCCESS }
            if mayBlock, deadline > now { machine.clock.advance(to: deadline) }
            return STATUS_SUCCESS
        }
        guard let objects, count > 0, count <= Int(MAXIMUM_WAIT_OBJECTS) else {
            note(.refused, "\(routine) with \(count) objects")
            return NTSTATUS(bitPattern: 0xC000_000D)   // STATUS_INVALID_PARAMETER
        }
        let headers = (0..<count).map { objects[$0]?.assumingMemoryBound(to: DISPATCHER_HEADER.self) }
        guard headers.allSatisfy({ $0 != nil }) else {
            note(.refused, "\(routine) with a NULL object")
            return NTSTATUS(bitPattern: 0xC000_000D)   // STATUS_INVALID_PARAMETER
        }
        if let status = satisfy(headers.map { $0! }, waitAll: waitAll) { return status }
        // Not signalled: the earliest timer that would end the wait.
        let timerDue = Self.waitTimerDue(headers.map { $0! }, waitAll: waitAll)
        if mayBlock, let due = timerDue, deadline.map({ due <= $0 }) ?? true {
            if due > machine.clock.now { machine.clock.advance(to: due) }
            if let status = satisfy(headers.map { $0! }, waitAll: waitAll) { return status }
        }
        guard let deadline else {
            violate(.waitForever, "\(routine) without a timeout on \(count == 1 ? "an object" : "objects") nothing can "
                + "signal (no other thread, DPC or interrupt runs while a miniport routine waits): returns STATUS_TIMEOUT")
            return STATUS_TIMEOUT
        }
        if mayBlock, deadline > machine.clock.now { machine.clock.advance(to: deadline) }
        return STATUS_TIMEOUT
    }

    /// Satisfies the wait if the objects allow it: the status to return, or nil.
    private func satisfy(_ headers: [UnsafeMutablePointer<DISPATCHER_HEADER>], waitAll: Bool) -> NTSTATUS? {
        let signalled = headers.map { $0.pointee.SignalState > 0 || Self.ownedHere($0) }
        if waitAll {
            guard signalled.allSatisfy({ $0 }) else { return nil }
            for header in headers { Self.consume(header) }
            return STATUS_SUCCESS
        }
        guard let index = signalled.firstIndex(of: true) else { return nil }
        Self.consume(headers[index])
        return STATUS_WAIT_0 + NTSTATUS(index)
    }

    /// What a satisfied wait does to the object: synchronization events and timers reset,
    /// semaphores and mutexes count down.
    private static func consume(_ header: UnsafeMutablePointer<DISPATCHER_HEADER>) {
        switch Int32(header.pointee.Type) {
        case MPABI_OBJECT_EVENT_SYNCHRONIZATION, MPABI_OBJECT_TIMER_SYNCHRONIZATION: header.pointee.SignalState = 0
        case MPABI_OBJECT_SEMAPHORE: header.pointee.SignalState -= 1
        case MPABI_OBJECT_MUTANT:
            // The waiting thread owns the mutex (recursively: the owner's waits succeed).
            header.pointee.SignalState -= 1
            UnsafeMutableRawPointer(header).assumingMemoryBound(to: KMUTEX.self).pointee.OwnerThread = currentOwner
        default: break
        }
    }

    /// What KMUTEX.OwnerThread holds for a mutex this thread acquired.
    private static var currentOwner: OpaquePointer { OpaquePointer(MpAbiHostThread()!) }

    /// A mutex this thread holds is signalled for it (KMUTEX is recursive).
    private static func ownedHere(_ header: UnsafeMutablePointer<DISPATCHER_HEADER>) -> Bool {
        guard Int32(header.pointee.Type) == MPABI_OBJECT_MUTANT else { return false }
        return UnsafeMutableRawPointer(header).assumingMemoryBound(to: KMUTEX.self).pointee.OwnerThread == currentOwner
    }

    /// The virtual time (ns) at which the timers among the objects would end the wait.
    private static func waitTimerDue(_ headers: [UnsafeMutablePointer<DISPATCHER_HEADER>], waitAll: Bool) -> UInt64? {
        var dues: [UInt64] = []
        for header in headers where header.pointee.SignalState <= 0 {
            let type = Int32(header.pointee.Type)
            guard type == MPABI_OBJECT_TIMER_NOTIFICATION || type == MPABI_OBJECT_TIMER_SYNCHRONIZATION,
                  header.pointee.Reserved1 != 0 else {
                if waitAll { return nil }   // an object no timer will signal
                continue
            }
            let timer = UnsafeMutableRawPointer(header).assumingMemoryBound(to: KTIMER.self)
            dues.append(timer.pointee.DueTime.QuadPart &* 100)
        }
        return waitAll ? dues.max() : dues.min()
    }

    // MARK: DPCs

    /// KeInsertQueueDpc: queued on the adapter whose routine runs (or the first adapter); the
    /// engine runs it at DISPATCH_LEVEL once no miniport routine runs. KDPC.DpcData marks a
    /// queued DPC, as on Windows. A dump copy has no DPCs (dump.dpc).
    func insertQueueDpc(_ dpc: PKDPC?, _ argument1: UnsafeMutableRawPointer?, _ argument2: UnsafeMutableRawPointer?) -> Bool {
        guard let dpc else { return false }
        if mode != .normal {
            violate(.dumpDpc, "KeInsertQueueDpc in \(mode.rawValue) mode: a dump copy runs without DPCs")
            return false
        }
        guard let adapter = current ?? adapters.first else {
            note(.refused, "KeInsertQueueDpc before any adapter exists: no processor queue to put it on")
            return false
        }
        guard dpc.pointee.DpcData == nil else { return false }
        dpc.pointee.DpcData = UnsafeMutableRawPointer(bitPattern: 1)
        adapter.kernelDpcs.append((dpc, argument1, argument2))
        return true
    }

    func removeQueueDpc(_ dpc: PKDPC?) -> Bool {
        guard let dpc, dpc.pointee.DpcData != nil else { return false }
        dpc.pointee.DpcData = nil
        for adapter in adapters { adapter.kernelDpcs.removeAll { $0.dpc == dpc } }
        return true
    }

    // MARK: bug check

    /// KeBugCheckEx: the machine stops. Recorded as miniport.bugcheck, written where a
    /// supervisor finds it after the process ends (``CrashContext``), and the port freezes.
    /// The stub then ends the process (the routine must not return into the driver).
    func bugCheck(_ code: ULONG, _ parameters: [ULONG_PTR]) {
        let text = "KeBugCheckEx(0x" + String(code, radix: 16, uppercase: true) + ", "
            + parameters.map { "0x" + String($0, radix: 16, uppercase: true) }.joined(separator: ", ") + ")"
        violate(.miniportBugcheck, text + ": the machine stops")
        CrashContext.bugCheck(code: code, parameters: parameters)
        freeze()
    }
}
