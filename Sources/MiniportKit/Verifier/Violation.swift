/// A rule the verifier checks while a port drives a miniport. Every check is deterministic:
/// the same miniport on the same machine breaks the same rules at the same virtual time.
///
public enum VerifierRule: String, CaseIterable, Codable, Sendable {
    /// RequestComplete for an SRB that is not outstanding any more (Driver Verifier 0xF1, 0x1003).
    case srbDoubleCompletion = "srb.double-completion"
    /// RequestComplete for an SRB pointer the port never handed to the miniport.
    case srbUnknownCompletion = "srb.unknown-completion"
    /// A request completed with an SrbStatus that is not an SRB_STATUS_* value, or still PENDING (0x1004).
    case srbInvalidStatus = "srb.invalid-status"
    /// ScsiPortStallExecution for more than 0.1 s (0x1001).
    case stallTooLong = "stall.too-long"
    /// More than 32 KB of non-cached memory asked for in a dump mode; the request is refused.
    case dumpMemoryLimit = "dump.memory-limit"
    /// A polled request did not complete within its timeout in a dump mode.
    case dumpNoCompletion = "dump.no-completion"
    /// In a dump mode, HwResetBus returned TRUE but the adapter performed no bus or controller reset.
    case dumpBusResetHonored = "dump.bus-reset-honored"
    /// The boot device did not complete the dump port's first request (TEST UNIT READY) with
    /// good status or CHECK CONDITION.
    case dumpNotReady = "dump.not-ready"
    /// ScsiPortInitialize refused the miniport's arguments (size, callbacks, Argument1, …) (0x1000).
    case initBadArguments = "init.bad-arguments"
    /// ScsiPortGetPhysicalAddress for an address that is not DMA-able (0x1006).
    case physInvalidAddress = "phys.invalid-address"
    /// ScsiPortGetUncachedExtension outside HwFindAdapter, or for more than the first call got (0x2002).
    case uncachedBadCall = "uncached.bad-call"
    /// ScsiPortGetDeviceBase for a range the adapter was not assigned (0x2003).
    case deviceBaseUnassigned = "devicebase.unassigned"
    /// A miniport routine ran longer than 0.5 s (5 s for HwInitialize; HwFindAdapter exempt) (0x1002).
    case routineTooLong = "routine.too-long"
    /// NextLuRequest while an untagged request is outstanding on that logical unit (0x1005).
    case nextLuWhileUntagged = "nextlu.while-untagged"
    /// The dump copy sees the boot disk with another identity (type, vendor, product, revision)
    /// than the normal path did, or not at all, at the same path/target/LUN.
    case dumpTargetChanged = "dump.target-changed"

    /// A request the miniport still holds when the reset hold period after a bus reset ends
    /// (0x1007). HwResetBus (or the routine that reported ResetDetected) is to complete them.
    case resetOutstandingAfterHold = "reset.outstanding-after-hold"

    /// Device DMA to or from an address the physical map refuses: outside the uncached
    /// extension, the SRB extensions and the buffers of active requests (a wrong or stale
    /// physical address, a scatter/gather entry past its buffer).
    case dmaOutOfBounds = "dma.out-of-bounds"
    /// In a dump mode, a write or discard reached the boot disk outside the dump area.
    case dumpWriteOutsideArea = "dump.write-outside-area"

    /// The miniport killed the process running it (SIGSEGV, SIGBUS, abort, …). Reported by the
    /// supervisor of an isolated scenario, with the signal and the routine that was running.
    case miniportCrashed = "miniport.crashed"
    /// The process running the miniport ended without its report: the miniport called `exit`
    /// or `_exit`, or closed the report channel. Reported by the supervisor with the routine
    /// that was running.
    case miniportExited = "miniport.exited"

    /// StorPortInitializeDpc, StorPortIssueDpc or KeInsertQueueDpc in a dump mode (a dump copy
    /// has no DPCs).
    case dumpDpc = "dump.dpc"
    /// StorPortQuerySystemTime (or the performance counter) in a dump mode.
    case dumpTimeQuery = "dump.time-query"
    /// A routine that needs PASSIVE_LEVEL (registry, work items, passive initialization) in a
    /// dump mode, where everything runs above it.
    case dumpPassiveOnly = "dump.passive-only"
    /// The MINIPORT_DUMP_POINTERS a miniport filled for SRB_FUNCTION_DUMP_POINTERS is unusable:
    /// wrong Version or Size, or a common buffer over 64 KB.
    case dumpPointersInvalid = "dump.pointers-invalid"
    /// A StorPort spin lock taken out of order (DpcLock, StartIoLock, InterruptLock), taken
    /// while already held (a deadlock on Windows), released without being held, or still held
    /// when the routine that took it returned; the same for kernel spin locks
    /// (KeAcquireSpinLock, in-stack queued spin locks), and KeReleaseMutex of a KMUTEX no wait
    /// acquired. Without per-message synchronization every MSI spin lock is the interrupt lock.
    /// Under the concurrent engine (``PortDriver/concurrentStorPort``) each thread's locks are
    /// checked apart, and a lock the check reports is not taken.
    case lockMisuse = "lock.misuse"

    /// The miniport wrote to an SRB (or its SRB extension) after it completed it with
    /// RequestComplete, before the port reused the slot; the port completes the request with
    /// what the SRB said at RequestComplete.
    case srbUseAfterCompletion = "srb.use-after-completion"
    /// The miniport (or its device) changed the data of a data-out request (a WRITE's data is
    /// the caller's, to be read only). The port hands the miniport a copy of the caller's bytes,
    /// so the caller's memory is never written; the change is found when the request ends.
    case srbDataOutWritten = "srb.data-out-written"
    /// The miniport wrote past the end of an extension the port gave it: the guard bytes after
    /// an SRB extension (checked at completion), a LU extension, the device extension or the
    /// uncached extension (checked when the adapter stops or unloads) changed.
    case srbExtensionOverrun = "srb.extension-overrun"
    /// A request completed with DataTransferLength above the length of the request it was
    /// given; the port clamps it to that length.
    case srbTransferLength = "srb.transfer-length"
    /// HwInterrupt returned FALSE for the adapter's asserted line
    /// ``PortAdapter/unclaimedInterruptLimit`` times in a row: the port stops calling it and
    /// ends the outstanding requests with an error.
    case interruptUnclaimed = "interrupt.unclaimed"
    /// ScsiPortInitialize / StorPortInitialize called again for what an earlier successful
    /// call of the same DriverEntry registered (same interface type and PCI IDs).
    case initTwice = "init.twice"
    /// DriverEntry returned STATUS_SUCCESS without calling ScsiPortInitialize or StorPortInitialize.
    case initMissing = "init.missing"
    /// A StorPort miniport completed an extended SRB (STORAGE_REQUEST_BLOCK) whose header the
    /// port cannot trust: Function, Signature, Version, SrbFunction, SrbLength, AddressOffset or
    /// NumSrbExData changed, or a SrbExDataOffset is out of the SRB, misaligned, names a block of
    /// unknown type or one whose Length runs past SrbLength. The port reads nothing from the
    /// blocks and ends the request with SRB_STATUS_ERROR.
    case srbExtendedInvalid = "srb.extended-invalid"

    /// An IRQL change the kernel forbids (Static Driver Verifier's SpChangeIrql and IrqlKe*
    /// rules): KeRaiseIrql to a level below the current one, KeLowerIrql to a level above it or
    /// below the level the port called the routine at, a spin lock acquired above
    /// DISPATCH_LEVEL (or KeAcquireSpinLockAtDpcLevel below it), or a routine returning at
    /// another IRQL than the one it was called at. The IRQL stays as it was.
    case irqlBadChange = "irql.bad-change"
    /// KeWaitForSingleObject / KeWaitForMultipleObjects with a timeout other than zero, or
    /// KeDelayExecutionThread, above APC_LEVEL (most miniport routines run at DISPATCH_LEVEL or
    /// DIRQL). The wait does not block: it answers what a zero timeout would.
    case waitIrql = "wait.irql"
    /// A wait without a timeout on objects nothing can signal: in the port's single-threaded
    /// model no other thread, DPC or interrupt runs while a miniport routine waits, so the wait
    /// would hang forever. It returns STATUS_TIMEOUT instead.
    case waitForever = "wait.forever"
    /// The miniport called KeBugCheckEx (or KeBugCheck): the machine stops. The detail has the
    /// bug check code and the four parameters; the port freezes and the process running the
    /// miniport ends as a crash does (a supervisor reports this rule instead of miniport.crashed).
    case miniportBugcheck = "miniport.bugcheck"
    /// ExFreePoolWithTag / ExFreePool / MmFreeContiguousMemory / IoFreeMdl of an address the
    /// pool routines did not return, or returned and already took back (double free), or with
    /// a tag other than the allocation's (Windows bug checks: BAD_POOL_CALLER, 0xC2).
    case poolBadFree = "pool.bad-free"
    /// Pool (ExAllocatePool*, contiguous memory, MDLs) still allocated when the driver unloads
    /// (Driver Verifier's bug check 0xC4 with parameter 0x62 on Windows). The port frees it.
    case poolLeak = "pool.leak"
    /// A pool allocation in a dump mode: the crash-dump and hibernation stacks have no pool
    /// (memory must come from the uncached extension or be marked at load time). The
    /// allocation returns NULL.
    case dumpPool = "dump.pool"
    /// KeReleaseSemaphore past the semaphore's Limit (Windows raises
    /// STATUS_SEMAPHORE_LIMIT_EXCEEDED into the driver). The count stays as it was.
    case syncSemaphoreLimit = "sync.semaphore-limit"
    /// A Windows image executed a privileged instruction the emulation does not allow a
    /// miniport (`cli`, `sti`, `hlt`, a control-register other than CR8, MSR or descriptor-table
    /// access, ...). The detail names the instruction and its address; the instruction is skipped
    /// (a read gives 0). `mov reg, cr8` / `mov cr8, reg` (the IRQL) and port I/O are emulated.
    case privilegedInstruction = "miniport.privileged-instruction"
    /// The miniport broke its device's programming interface, as the device model reports it:
    /// a virtqueue descriptor loop or a chain longer than the queue, a ring index out of range,
    /// device-writable buffers over the rings themselves, a host adapter command in the wrong
    /// state. The device enters its error state (virtio: DEVICE_NEEDS_RESET); the detail names
    /// the device and what it found.
    case deviceProtocol = "device.protocol"

    /// The Driver Verifier bug check 0xF1 parameter 1 for the rule, where Windows has one
    /// (the SCSI Port code; see ``code(for:)`` for StorPort's).
    public var code: String? {
        switch self {
        case .srbDoubleCompletion: return "0x1003"
        case .srbInvalidStatus: return "0x1004"
        case .stallTooLong: return "0x1001"
        case .initBadArguments: return "0x1000"
        case .routineTooLong: return "0x1002"
        case .nextLuWhileUntagged: return "0x1005"
        case .physInvalidAddress: return "0x1006"
        case .uncachedBadCall: return "0x2002"
        case .deviceBaseUnassigned: return "0x2003"
        case .resetOutstandingAfterHold: return "0x1007"
        case .dumpDpc, .dumpTimeQuery, .dumpPassiveOnly, .dumpPointersInvalid, .lockMisuse:
            return nil
        case .srbUseAfterCompletion, .srbDataOutWritten, .srbExtensionOverrun, .srbTransferLength, .interruptUnclaimed, .initTwice, .initMissing,
             .srbExtendedInvalid:
            return nil
        case .irqlBadChange, .waitIrql, .waitForever, .miniportBugcheck, .poolBadFree, .poolLeak, .dumpPool,
             .syncSemaphoreLimit, .privilegedInstruction, .deviceProtocol:
            return nil
        case .srbUnknownCompletion, .miniportCrashed, .miniportExited, .dmaOutOfBounds, .dumpWriteOutsideArea, .dumpMemoryLimit, .dumpNoCompletion, .dumpBusResetHonored, .dumpNotReady,
             .dumpTargetChanged:
            return nil
        }
    }
}

extension VerifierRule {
    /// The 0xF1 code for a miniport of `model`: StorPort has its own codes (0x2001–0x2005)
    /// for the rules both ports check.
    public func code(for model: PortDriver.Model?) -> String? {
        guard model == .storPort else { return code }
        switch self {
        case .stallTooLong: return "0x2001"
        case .srbDoubleCompletion: return "0x2004"
        case .physInvalidAddress: return "0x2005"
        default: return code
        }
    }
}

/// One broken rule, as `miniport run --json` prints it.
public struct Violation: Codable, Equatable, Sendable, CustomStringConvertible {
    /// The rule's stable id (``VerifierRule``'s raw value), such as `srb.double-completion`.
    public var rule: String
    /// The 0xF1 code, where one exists.
    public var code: String?
    /// normal, crash or hiber.
    public var mode: String
    /// The miniport routine that was running (HwStartIo, HwInterrupt, …), or "port" when none was.
    public var routine: String
    /// What happened, in words.
    public var detail: String
    /// Virtual time of the violation, nanoseconds.
    public var time: UInt64

    /// A violation with every field given.
    public init(rule: String, code: String?, mode: String, routine: String, detail: String, time: UInt64) {
        self.rule = rule
        self.code = code
        self.mode = mode
        self.routine = routine
        self.detail = detail
        self.time = time
    }

    /// The violation in one line: rule, code, routine, mode and detail.
    public var description: String {
        "\(rule)\(code.map { " (\($0))" } ?? "") in \(routine), \(mode) mode: \(detail)"
    }
}
