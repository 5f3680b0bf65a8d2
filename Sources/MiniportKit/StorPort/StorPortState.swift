import CMiniportABI
import MiniportPlatform
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The StorPort spin locks, as a set (StorPortAcquireSpinLock's DpcLock, StartIoLock and
/// InterruptLock). They rank in that order: a miniport may take a higher lock while holding a
/// lower one, never the reverse, and never one it (or the port, for the routine running)
/// already holds — on Windows either mistake deadlocks the processor.
struct StorLocks: OptionSet, Sendable, CustomStringConvertible {
    let rawValue: UInt8
    static let dpc = StorLocks(rawValue: 1)
    static let startIo = StorLocks(rawValue: 2)
    static let interrupt = StorLocks(rawValue: 4)

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The lock a STOR_SPINLOCK value names; nil for a value StorPortAcquireSpinLock refuses.
    init?(_ lock: STOR_SPINLOCK) {
        switch lock {
        case DpcLock: self = .dpc
        case StartIoLock: self = .startIo
        case InterruptLock: self = .interrupt
        default: return nil
        }
    }

    /// Locks ranked above every lock of this set.
    var higher: StorLocks {
        if contains(.dpc) { return [.startIo, .interrupt] }
        if contains(.startIo) { return .interrupt }
        return []
    }

    var description: String {
        var names: [String] = []
        if contains(.dpc) { names.append("DpcLock") }
        if contains(.startIo) { names.append("StartIoLock") }
        if contains(.interrupt) { names.append("InterruptLock") }
        return names.isEmpty ? "no lock" : names.joined(separator: " + ")
    }
}

/// What a StorPort adapter keeps beyond the engine it shares with SCSI Port: the miniport's
/// whole HW_INITIALIZATION_DATA, the engine lock that makes the adapter safe to drive from
/// several threads, queue control (Busy, Pause, per-unit depth), the lock model, DPCs, timers,
/// work items, pool and registry buffers, and the dump pointers.
///
/// Every field is touched with the engine lock held (``PortAdapter/withEngine(_:)``), except
/// the completion signal, which has its own mutex.
final class StorPortState {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    let hw: STOR_HW_INITIALIZATION_DATA
    /// No PCI function: a virtual miniport (VIRTUAL_HW_INITIALIZATION_DATA, or
    /// STOR_FEATURE_VIRTUAL_MINIPORT).
    let isVirtual: Bool
    /// StorSynchronizeFullDuplex as the miniport set it in HwFindAdapter (default half duplex).
    @exclusivity(unchecked) var fullDuplex = false

    // The engine lock: recursive, so a miniport routine the port calls with it held can call
    // back into the port, and StorPortAcquireSpinLock can keep it until the release.
    private let engine: UnsafeMutablePointer<pthread_mutex_t>
    /// Calls into the engine on the owning thread (0: not held by anyone).
    @exclusivity(unchecked) var depth = 0
    /// Times the owning thread locked `engine` (guarded by it).
    @exclusivity(unchecked) private var recursion = 0
    /// The thread holding `engine` (0: none). Only the holder stores its own identity, so a
    /// thread that reads its own identity here holds the lock: ``PortAdapter/withEngine(_:)``
    /// then skips the recursive lock (a StorPort miniport's every register access and port
    /// call came back through it).
    private let holder = Atomic<UInt>(0)

    // Completions signalled to threads waiting in `execute` for the miniport's own threads.
    // A completion only bumps `generation`; the mutex and broadcast are paid only while a
    // thread waits (sequentially consistent: a waiter counted after the check sees the bump).
    private let signalMutex: UnsafeMutablePointer<pthread_mutex_t>
    private let signalCondition: UnsafeMutablePointer<pthread_cond_t>
    private let generation = Atomic<UInt64>(0)
    private let waiters = Atomic<Int>(0)

    // Queue control.
    /// StorPortBusy: requests to complete before the port starts more (0: not busy).
    @exclusivity(unchecked) var busyCompletions: UInt32 = 0
    /// StorPortPause: no request starts before this virtual time (0: not paused).
    @exclusivity(unchecked) var pausedUntil: UInt64 = 0
    /// Default per-unit queue depth (StorPortSetDeviceQueueDepth changes a unit's).
    @exclusivity(unchecked) var defaultDepth = 32

    // The lock model. With the concurrent engine (``concurrent``) each thread has its own
    // (``RoutineLocks``): several routines run at once. Otherwise one routine runs at a time
    // and the adapter keeps them (no per-thread lookup on the deterministic path).
    /// Locks the port holds for the routine running now.
    var portHeld: StorLocks {
        @inline(__always) get { concurrent ? RoutineLocks.current.portHeld : sharedPortHeld }
        @inline(__always) set { if concurrent { RoutineLocks.current.portHeld = newValue } else { sharedPortHeld = newValue } }
    }
    /// Locks the miniport acquired, newest last, with the handle it passed and the mutex the
    /// port took for it (the concurrent engine; none after a misuse report).
    var acquired: [AcquiredLock] {
        @inline(__always) get { concurrent ? RoutineLocks.current.acquired : sharedAcquired }
        @inline(__always) _modify {
            if concurrent {
                let frame = RoutineLocks.current
                yield &frame.acquired
            } else {
                yield &sharedAcquired
            }
        }
    }
    @exclusivity(unchecked) private var sharedPortHeld: StorLocks = []
    @exclusivity(unchecked) private var sharedAcquired: [AcquiredLock] = []

    /// `body` with ``acquired`` in place. Reading ``acquired`` returns a copy of the array (a
    /// retain and a release each time), which the lock calls and every miniport call would
    /// otherwise pay several times over.
    @inline(__always)
    func withAcquired<T>(_ body: (inout [AcquiredLock]) -> T) -> T {
        if concurrent {
            let frame = RoutineLocks.current
            return body(&frame.acquired)
        }
        return body(&sharedAcquired)
    }

    /// How many locks the miniport holds through StorPortAcquireSpinLock (no copy).
    var acquiredCount: Int { withAcquired { $0.count } }
    /// How many message spin locks it holds (no copy).
    var messageLocksAcquiredCount: Int {
        if concurrent { return RoutineLocks.current.messageLocksAcquired.count }
        return sharedMessageLocks.count
    }
    typealias AcquiredLock = (lock: StorLocks, handle: UnsafeMutableRawPointer, routine: StaticString,
                              mutex: UnsafeMutablePointer<pthread_mutex_t>?)

    /// The concurrent engine is on (``PortDriver/concurrentStorPort`` and concurrent channels;
    /// set once, after initialization): miniport routines run without the engine lock, under
    /// real StorPort locks (``mutexes``).
    @exclusivity(unchecked) private(set) var concurrent = false
    /// The StorPort locks as real mutexes (the concurrent engine only).
    @exclusivity(unchecked) private(set) var mutexes: ConcurrentLocks?

    /// Turns the concurrent engine on or off (engine lock held, no routine running).
    func setConcurrent(_ on: Bool) {
        if on, mutexes == nil { mutexes = ConcurrentLocks(channels: Int(concurrentChannels), messages: messagesGranted) }
        concurrent = on
    }

    // Message-signalled interrupts (PortAdapter+MessageInterrupts.swift).
    /// MSI-X messages granted to the adapter (0: line-based interrupts only).
    @exclusivity(unchecked) var messagesGranted = 0
    /// Messages the device sent that the miniport has not been called for yet, one bit each.
    @exclusivity(unchecked) var pendingMessages: UInt64 = 0
    /// ConfigInfo->HwMSInterruptRoutine as HwFindAdapter left it.
    @exclusivity(unchecked) var messageRoutine: PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE?
    /// ConfigInfo->InterruptSynchronizationMode as HwFindAdapter left it.
    @exclusivity(unchecked) var perMessageLocks = false
    /// The message whose lock the port holds for the routine running now.
    var messageHeld: Int? {
        @inline(__always) get { concurrent ? RoutineLocks.current.messageHeld : sharedMessageHeld }
        @inline(__always) set { if concurrent { RoutineLocks.current.messageHeld = newValue } else { sharedMessageHeld = newValue } }
    }
    /// Message spin locks the miniport acquired (StorPortAcquireMSISpinLock), newest last, with
    /// the mutex the port took for each (as for ``acquired``).
    var messageLocksAcquired: [AcquiredMessageLock] {
        @inline(__always) get { concurrent ? RoutineLocks.current.messageLocksAcquired : sharedMessageLocks }
        @inline(__always) _modify {
            if concurrent {
                let frame = RoutineLocks.current
                yield &frame.messageLocksAcquired
            } else {
                yield &sharedMessageLocks
            }
        }
    }
    @exclusivity(unchecked) private var sharedMessageHeld: Int?
    @exclusivity(unchecked) private var sharedMessageLocks: [AcquiredMessageLock] = []
    typealias AcquiredMessageLock = (message: Int, mutex: UnsafeMutablePointer<pthread_mutex_t>?)
    /// INTx assertions ignored because MSI-X was enabled (a device model's bug).
    @exclusivity(unchecked) var lineAssertionsIgnored = 0

    // DPCs, timers, work items, passive initialization.
    @exclusivity(unchecked) var dpcRoutines: [UnsafeMutableRawPointer: PHW_DPC_ROUTINE] = [:]
    /// DPCs issued and not run yet, with the processor that issued each (it runs there).
    @exclusivity(unchecked) var queuedDpcs: [(dpc: UnsafeMutableRawPointer, argument1: UnsafeMutableRawPointer?,
                                             argument2: UnsafeMutableRawPointer?, processor: Int)] = []
    /// Threads running the concurrent engine's loop, per processor they run on.
    @exclusivity(unchecked) var engineLoops = [Int](repeating: 0, count: Machine.processorLimit)
    @exclusivity(unchecked) var passiveInitialize: PHW_PASSIVE_INITIALIZE_ROUTINE?
    @exclusivity(unchecked) var timers: [UInt: VirtualClock.TimerID?] = [:]
    @exclusivity(unchecked) var workers: Set<UInt> = []
    @exclusivity(unchecked) var queuedWork: [(callback: PHW_WORKITEM, worker: UnsafeMutableRawPointer, context: UnsafeMutableRawPointer?)] = []
    @exclusivity(unchecked) var dueTimers: [(callback: PHW_TIMER_EX, context: UnsafeMutableRawPointer?)] = []
    @exclusivity(unchecked) var nextHandle: UInt = 0x5700_0000

    // Memory the miniport asked for.
    @exclusivity(unchecked) var pool: [UnsafeMutableRawPointer: Int] = [:]
    @exclusivity(unchecked) var poolBytes = 0
    @exclusivity(unchecked) var registryBuffers: [UnsafeMutableRawPointer: Int] = [:]
    /// The adapter's registry parameters (StorPortRegistryRead/Write).
    @exclusivity(unchecked) var parameters: AdapterParameters

    // Services of the Windows 8 and later routines.
    /// StorPortInitializePerfOpts: the STOR_PERF_* optimizations in effect.
    @exclusivity(unchecked) var performanceOptions: ULONG = 0
    /// PERF_CONFIGURATION_DATA.ConcurrentChannels with STOR_PERF_CONCURRENT_CHANNELS in effect:
    /// HwStartIo may run on that many channels at once and is called without the StartIo
    /// lock (0: the optimization is off).
    @exclusivity(unchecked) var concurrentChannels: ULONG = 0
    /// STOR_PERF_INTERRUPT_MESSAGE_RANGES in effect: the messages the processors' requests are
    /// spread over (StorPortGetStartIoPerfParams' MessageNumber).
    @exclusivity(unchecked) var redirectionMessages: ClosedRange<Int>?
    /// StorPortSetPowerSettingNotificationGuids: the settings HwAdapterControl hears about.
    @exclusivity(unchecked) var powerSettings: [[UInt8]] = []
    /// StorPortSetAdapterBusType (in HwFindAdapter): the STORAGE_BUS_TYPE the miniport reports.
    @exclusivity(unchecked) var busTypeOverride: ULONG?
    /// StorPortSetUnitAttributes, per unit (STOR_UNIT_ATTRIBUTES bits).
    @exclusivity(unchecked) var unitAttributes: [UnitAddress: ULONG] = [:]
    /// StorPortAsyncNotificationDetected: the event waiting to be processed, and those processed.
    @exclusivity(unchecked) var pendingAsyncNotification: AsyncNotification?
    @exclusivity(unchecked) var asyncNotifications: [AsyncNotification] = []
    /// StorPortStateChangeDetected: the change waiting to be processed.
    @exclusivity(unchecked) var pendingStateChange: (entity: ULONG, address: UnsafeMutableRawPointer, type: Int16,
                             callback: PHW_STATE_CHANGE?, context: UnsafeMutableRawPointer?)?
    /// StorPortAllocateContiguousMemorySpecifyCacheNode allocations, by address.
    @exclusivity(unchecked) var contiguous: [UnsafeMutableRawPointer: (region: PhysicalMemory.DMARegion, cacheType: MEMORY_CACHING_TYPE)] = [:]

    // Dump support.
    /// What the miniport filled for SRB_FUNCTION_DUMP_POINTERS (normal mode), when it did.
    @exclusivity(unchecked) var dumpPointers: MINIPORT_DUMP_POINTERS?
    /// The buffer the port gave a dump copy for its RequestedDumpBufferSize.
    @exclusivity(unchecked) var dumpRegion: PhysicalMemory.DMARegion?

    /// One STOR_SCATTER_GATHER_LIST per request slot, `sgStride` bytes apart.
    let sgLists: UnsafeMutableRawPointer
    static let sgElements = 17
    static let sgStride = 16 + 24 * sgElements

    /// Upper bound on StorPortAllocatePool, all allocations together (1 GiB).
    static let poolLimit = 1 << 30

    init(hw: STOR_HW_INITIALIZATION_DATA, virtual: Bool, parameters: AdapterParameters) {
        self.hw = hw
        self.isVirtual = virtual
        self.parameters = parameters
        engine = .allocate(capacity: 1)
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(engine, &attributes)
        pthread_mutexattr_destroy(&attributes)
        signalMutex = .allocate(capacity: 1)
        pthread_mutex_init(signalMutex, nil)
        signalCondition = .allocate(capacity: 1)
        pthread_cond_init(signalCondition, nil)
        let bytes = PortAdapter.slotCount * Self.sgStride
        sgLists = .allocate(byteCount: bytes, alignment: 16)
        sgLists.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }

    /// Frees what the miniport left allocated (the adapter is going away).
    func release(_ memory: PhysicalMemory) {
        for (_, allocation) in contiguous { memory.freeDMA(allocation.region) }
        contiguous.removeAll()
        for (pointer, _) in pool { pointer.deallocate() }
        pool.removeAll()
        for (pointer, _) in registryBuffers { pointer.deallocate() }
        registryBuffers.removeAll()
        sgLists.deallocate()
    }

    deinit {
        pthread_mutex_destroy(engine)
        engine.deallocate()
        pthread_mutex_destroy(signalMutex)
        signalMutex.deallocate()
        pthread_cond_destroy(signalCondition)
        signalCondition.deallocate()
    }

    @inline(__always) func lock() {
        lockSpinning(engine)
        recursion += 1
        if recursion == 1 { holder.store(UInt(pthread_self()), ordering: .relaxed) }
    }

    @inline(__always) func unlock() {
        recursion -= 1
        if recursion == 0 { holder.store(0, ordering: .relaxed) }
        pthread_mutex_unlock(engine)
    }

    /// What ``releaseFully()`` gave up: the lock's recursion and the engine depth of the thread.
    struct HeldEngine {
        fileprivate let recursion: Int
        fileprivate let depth: Int
    }

    /// Gives the engine lock up entirely (the calling thread holds it), so that another thread
    /// can run the engine while this one waits; ``reacquire(_:)`` takes it back as it was. The
    /// depth goes with it: it is the holder's, and the next holder counts from 0.
    func releaseFully() -> HeldEngine {
        let held = HeldEngine(recursion: recursion, depth: depth)
        depth = 0
        for _ in 0..<held.recursion { unlock() }
        return held
    }

    func reacquire(_ held: HeldEngine) {
        for _ in 0..<held.recursion { lock() }
        depth = held.depth
    }

    /// Whether this thread holds the engine lock.
    @inline(__always) var heldByCurrentThread: Bool { holder.load(ordering: .relaxed) == UInt(pthread_self()) }

    /// A request ended: wake threads waiting for progress.
    func signalProgress() {
        generation.wrappingAdd(1, ordering: .sequentiallyConsistent)
        guard waiters.load(ordering: .sequentiallyConsistent) > 0 else { return }
        pthread_mutex_lock(signalMutex)
        pthread_cond_broadcast(signalCondition)
        pthread_mutex_unlock(signalMutex)
    }

    var progressGeneration: UInt64 { generation.load(ordering: .sequentiallyConsistent) }

    /// Waits (real time, engine lock not held) until a request ends after `seen`, or
    /// `nanoseconds` pass. True when something ended.
    func waitForProgress(since seen: UInt64, nanoseconds: UInt64) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_REALTIME, &deadline)
        let total = UInt64(deadline.tv_nsec) + nanoseconds
        deadline.tv_sec += Int(total / 1_000_000_000)
        deadline.tv_nsec = Int(total % 1_000_000_000)
        waiters.wrappingAdd(1, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(signalMutex)
        defer {
            pthread_mutex_unlock(signalMutex)
            waiters.wrappingSubtract(1, ordering: .sequentiallyConsistent)
        }
        while generation.load(ordering: .sequentiallyConsistent) == seen {
            if pthread_cond_timedwait(signalCondition, signalMutex, &deadline) == ETIMEDOUT { break }
        }
        return generation.load(ordering: .sequentiallyConsistent) != seen
    }

    func makeHandle() -> UInt {
        nextHandle += 0x10
        return nextHandle
    }

    /// The STOR_SCATTER_GATHER_LIST of a slot.
    func sgList(_ slot: Int) -> UnsafeMutableRawPointer { sgLists + slot * Self.sgStride }
}

/// Registry values a StorPort miniport reads with StorPortRegistryRead (and writes with
/// StorPortRegistryWrite): the adapter's Parameters\Device key. Set them before loading
/// (``PortDriver/load(path:machine:argumentString:parameters:trace:logging:sdkRoot:)``, or `--param` on the CLI);
/// each adapter gets its own copy, which its miniport's writes change.
public struct AdapterParameters: Sendable, Equatable {
    /// A registry value: its type and data.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        /// REG_DWORD.
        case dword(UInt32)
        /// REG_QWORD.
        case qword(UInt64)
        /// REG_SZ.
        case string(String)
        /// REG_BINARY.
        case binary([UInt8])

        /// The REG_* type.
        var type: ULONG {
            switch self {
            case .dword: return ULONG(REG_DWORD)
            case .qword: return ULONG(REG_QWORD)
            case .string: return ULONG(REG_SZ)
            case .binary: return ULONG(REG_BINARY)
            }
        }

        /// The bytes StorPortRegistryRead hands back (a string as NUL-terminated ASCII).
        var bytes: [UInt8] {
            switch self {
            case .dword(let value): return withUnsafeBytes(of: value.littleEndian) { Array($0) }
            case .qword(let value): return withUnsafeBytes(of: value.littleEndian) { Array($0) }
            case .string(let text): return Array(text.utf8) + [0]
            case .binary(let bytes): return bytes
            }
        }

        /// The value's registry type and data, in words.
        public var description: String {
            switch self {
            case .dword(let value): return "REG_DWORD \(value)"
            case .qword(let value): return "REG_QWORD \(value)"
            case .string(let text): return "REG_SZ \"\(text)\""
            case .binary(let bytes): return "REG_BINARY (\(bytes.count) bytes)"
            }
        }
    }

    /// The values, by name (look names up with the subscript: registry names are case-insensitive).
    public var values: [String: Value]
    /// The device key's Interrupt Management\MessageSignaledInterruptProperties\MSISupported:
    /// whether a StorPort adapter on a function with MSI-X is granted messages (true by
    /// default here; `--no-msi` on the CLI). Without them the adapter uses its INTx line.
    public var messageSignaledInterrupts = true
    /// MessageNumberLimit beside it: at most this many messages are granted (nil: as many as
    /// the function's MSI-X table has, up to 64).
    public var messageNumberLimit: Int?

    /// A parameter store with `values`.
    public init(_ values: [String: Value] = [:]) { self.values = values }

    /// Parses `NAME=VALUE` (the CLI's `--param`). VALUE is a decimal or 0x number (a
    /// REG_DWORD, a REG_QWORD above 32 bits) or text (REG_SZ); a type prefix forces the type:
    /// `dword:N`, `qword:N`, `sz:TEXT`, `binary:HEX` (pairs of hexadecimal digits).
    /// Throws ``ParameterError`` naming what is wrong.
    public static func parse(_ text: String) throws(ParameterError) -> (name: String, value: Value) {
        guard let equals = text.firstIndex(of: "=") else { throw ParameterError(text, "expected NAME=VALUE") }
        let name = String(text[..<equals]), raw = String(text[text.index(after: equals)...])
        guard !name.isEmpty, !name.contains("\\") else {
            throw ParameterError(text, name.isEmpty ? "the value name is empty" : "a value name cannot contain a backslash")
        }
        func number(_ digits: Substring) -> UInt64? {
            digits.hasPrefix("0x") || digits.hasPrefix("0X") ? UInt64(digits.dropFirst(2), radix: 16) : UInt64(digits)
        }
        if let colon = raw.firstIndex(of: ":") {
            let body = raw[raw.index(after: colon)...]
            switch raw[..<colon].lowercased() {
            case "dword":
                guard let value = number(body), value <= UInt64(UInt32.max) else {
                    throw ParameterError(text, "dword: takes a number from 0 to 0xFFFFFFFF")
                }
                return (name, .dword(UInt32(value)))
            case "qword":
                guard let value = number(body) else { throw ParameterError(text, "qword: takes a 64-bit number") }
                return (name, .qword(value))
            case "sz":
                return (name, .string(String(body)))
            case "binary":
                let digits = Array(body.utf8)
                guard digits.count % 2 == 0 else { throw ParameterError(text, "binary: takes pairs of hexadecimal digits") }
                var bytes: [UInt8] = []
                for index in stride(from: 0, to: digits.count, by: 2) {
                    guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                        throw ParameterError(text, "binary: takes pairs of hexadecimal digits")
                    }
                    bytes.append(byte)
                }
                return (name, .binary(bytes))
            default:
                break   // text that happens to contain a colon
            }
        }
        if let value = number(Substring(raw)) {
            return (name, value <= UInt64(UInt32.max) ? .dword(UInt32(value)) : .qword(value))
        }
        return (name, .string(raw))
    }

    /// A `--param` that does not parse.
    public struct ParameterError: Error, CustomStringConvertible {
        /// The `--param` text as given.
        public let text: String
        /// What is wrong with it.
        public let reason: String
        init(_ text: String, _ reason: String) { (self.text, self.reason) = (text, reason) }
        /// The error in words, with the `--param` text.
        public var description: String { "--param \(text): \(reason)" }
    }

    /// The value named `name`, compared without regard to case as the registry does.
    public subscript(name: String) -> Value? {
        // Registry value names are case-insensitive.
        get { values.first { $0.key.lowercased() == name.lowercased() }?.value }
        set {
            if let key = values.keys.first(where: { $0.lowercased() == name.lowercased() }) { values[key] = nil }
            values[name] = newValue
        }
    }
}
