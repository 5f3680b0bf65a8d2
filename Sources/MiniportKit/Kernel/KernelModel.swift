import CMiniportABI
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

/// The kernel a miniport sees beside its port (docs/kernel-routines.md): the IRQL of the
/// running routine, kernel spin locks, waits, pool and bug checks, on the port's model.
///
/// What changes per call lives where Windows keeps it: the IRQL a routine raised or lowered
/// to and the spin locks it holds in the thread's state (``RunningRoutine``, reset when the
/// port enters a routine and checked when it returns), event and timer state in the objects
/// themselves. Pool allocations are accounted per driver (``KernelState``).
enum KernelModel {
    /// MPABI_HOST_THREAD.Irql while a routine runs at the level the port called it at.
    static let unchangedIrql: UInt8 = 0xFF
    /// The model's device IRQL (DIRQL): HwInterrupt, HwInitialize, and SCSI Port's
    /// synchronized routines (HwStartIo, HwTimer, HwResetBus, ...) run at it.
    static let deviceIrql: UInt8 = 5

    static func name(_ irql: UInt8) -> String {
        switch irql {
        case 0: return "PASSIVE_LEVEL"
        case 1: return "APC_LEVEL"
        case 2: return "DISPATCH_LEVEL"
        case deviceIrql: return "DIRQL (\(deviceIrql))"
        case 15: return "HIGH_LEVEL"
        default: return "IRQL \(irql)"
        }
    }

    /// The IRQL the port runs `routine` at. A dump copy runs everything at HIGH_LEVEL (the
    /// machine has crashed or is going to sleep with interrupts off). SCSI Port synchronizes
    /// its miniport routines with the interrupt (DIRQL); StorPort runs HwStartIo, HwBuildIo,
    /// HwTimer, HwResetBus and DPCs at DISPATCH_LEVEL, HwInitialize, HwInterrupt and
    /// HwMSInterruptRoutine at DIRQL.
    /// Routines the table does not name (DPCs, HwStateChange, ...) run at DISPATCH_LEVEL.
    static func routineIrql(_ routine: String, model: PortDriver.Model?, mode: PortMode) -> UInt8 {
        guard mode == .normal else { return UInt8(HIGH_LEVEL) }
        return table(model).first { "\($0.0)" == routine }?.1 ?? UInt8(DISPATCH_LEVEL)
    }

    /// The same for a routine's StaticString name, without building a String (KeGetCurrentIrql
    /// is called on I/O paths): the names are compared byte for byte.
    static func routineIrql(_ routine: StaticString, model: PortDriver.Model?, mode: PortMode) -> UInt8 {
        guard mode == .normal else { return UInt8(HIGH_LEVEL) }
        guard routine.hasPointerRepresentation else { return UInt8(DISPATCH_LEVEL) }
        let name = UnsafeRawBufferPointer(start: routine.utf8Start, count: routine.utf8CodeUnitCount)
        for (candidate, irql) in table(model) where candidate.utf8CodeUnitCount == name.count
            && memcmp(candidate.utf8Start, name.baseAddress!, name.count) == 0 {
            return irql
        }
        return UInt8(DISPATCH_LEVEL)
    }

    private static let scsiPortTable: [(StaticString, UInt8)] = makeTable(startIoLevel: deviceIrql)
    private static let storPortTable: [(StaticString, UInt8)] = makeTable(startIoLevel: UInt8(DISPATCH_LEVEL))
    private static func table(_ model: PortDriver.Model?) -> [(StaticString, UInt8)] {
        model == .storPort ? storPortTable : scsiPortTable
    }
    private static func makeTable(startIoLevel: UInt8) -> [(StaticString, UInt8)] {
        let passive = UInt8(PASSIVE_LEVEL)
        return [("HwStartIo", startIoLevel), ("HwInterrupt", deviceIrql), ("HwMSInterruptRoutine", deviceIrql),
                ("HwBuildIo", UInt8(DISPATCH_LEVEL)),
                ("DriverEntry", passive), ("HwFindAdapter", passive), ("HwInitialize", deviceIrql),
                ("HwTimer", startIoLevel), ("HwResetBus", startIoLevel), ("HwAdapterControl", startIoLevel),
                ("HwAdapterState", startIoLevel), ("HwPassiveInitializeRoutine", passive), ("HwWorkItem", passive),
                ("HwFreeAdapterResources", passive), ("HwProcessServiceRequest", passive), ("port", passive),
                ("interrupt synchronization routine", deviceIrql), ("synchronized access routine", deviceIrql)]
    }

    /// The routine running on this thread (for `driver`), and the IRQL the port called it at.
    static func called(_ driver: PortDriver) -> (routine: String, irql: UInt8) {
        ("\(driver.routine)", calledIrql(driver))
    }

    /// The IRQL the port called the running routine at, without building its name: looked up
    /// once per routine call and kept in the thread's state.
    static func calledIrql(_ driver: PortDriver) -> UInt8 {
        let state = MpAbiHostThread()!
        guard state.pointee.Driver == UnsafeRawPointer(Unmanaged.passUnretained(driver).toOpaque()) else {
            return routineIrql(driver.routine, model: driver.model, mode: driver.mode)
        }
        if state.pointee.CalledIrql != unchangedIrql { return state.pointee.CalledIrql }
        let irql = routineIrql(driver.routine, model: driver.model, mode: driver.mode)
        state.pointee.CalledIrql = irql
        return irql
    }

    /// The IRQL the miniport runs at on this thread: what it raised or lowered to, else the
    /// level of the routine the port called.
    static func currentIrql(_ driver: PortDriver) -> UInt8 {
        let state = MpAbiHostThread()!
        if state.pointee.Driver == UnsafeRawPointer(Unmanaged.passUnretained(driver).toOpaque()),
           state.pointee.Irql != unchangedIrql {
            return state.pointee.Irql
        }
        return calledIrql(driver)
    }

    /// Sets this thread's IRQL (only inside a routine of `driver`).
    static func setIrql(_ driver: PortDriver, _ irql: UInt8) {
        let state = MpAbiHostThread()!
        guard state.pointee.Driver == UnsafeRawPointer(Unmanaged.passUnretained(driver).toOpaque()) else { return }
        state.pointee.Irql = irql == calledIrql(driver) ? unchangedIrql : irql
    }

    /// A routine returns with its IRQL changed or kernel spin locks held (RunningRoutine.leave).
    static func routineReturned(_ state: UnsafeMutablePointer<MPABI_HOST_THREAD>) {
        guard let raw = state.pointee.Driver else { return }
        let driver = Unmanaged<PortDriver>.fromOpaque(raw).takeUnretainedValue()
        let (routine, irql) = called(driver)
        if state.pointee.Irql != unchangedIrql, state.pointee.Irql != irql {
            driver.violate(.irqlBadChange, "\(routine) returned at \(name(state.pointee.Irql)); the port called it at "
                + "\(name(irql)) and a routine must return at the IRQL it was called at")
        }
        if state.pointee.SpinLocks != 0 {
            driver.violate(.lockMisuse, "\(routine) returned holding \(state.pointee.SpinLocks) kernel spin lock(s)")
        }
    }

    static func adjustSpinLocks(_ driver: PortDriver, by delta: Int) {
        let state = MpAbiHostThread()!
        guard state.pointee.Driver == UnsafeRawPointer(Unmanaged.passUnretained(driver).toOpaque()) else { return }
        let count = max(0, min(255, Int(state.pointee.SpinLocks) + delta))
        state.pointee.SpinLocks = UInt8(count)
    }
}

/// Per-driver kernel state: the pool the miniport allocated.
final class KernelState {
    struct Allocation {
        var bytes: Int
        var tag: UInt32
        var routine: String
        /// Contiguous (DMA-able) memory from MmAllocateContiguousMemory*.
        var region: PhysicalMemory.DMARegion?
    }
    @exclusivity(unchecked) var pool: [UInt: Allocation] = [:]
    @exclusivity(unchecked) var poolBytes = 0
    /// Set timers (KeSetTimer*) and their entries on the virtual clock.
    @exclusivity(unchecked) var timers: [PKTIMER: VirtualClock.TimerID] = [:]
    /// All pool together may not exceed this (1 GiB): a garbage size must not exhaust the host.
    static let poolLimit = 1 << 30

    /// A pool tag as text ('Strg' for 0x67727453), or hex when not printable.
    static func tagText(_ tag: UInt32) -> String {
        let bytes = withUnsafeBytes(of: tag.littleEndian) { Array($0) }
        guard bytes.allSatisfy({ (0x20..<0x7F).contains($0) }) else { return "0x" + String(tag, radix: 16) }
        return "'" + String(decoding: bytes, as: UTF8.self) + "'"
    }
}
