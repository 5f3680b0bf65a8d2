import CMiniportABI
import MiniportPlatform
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One adapter a SCSI Port miniport drives: its device extension, configuration, mapped
/// registers, uncached extension, logical units and the request engine.
///
/// The engine keeps scsiport's rules: HwStartIo and HwInterrupt never overlap (an interrupt
/// that rises while a miniport routine runs is delivered after it returns); after HwStartIo the
/// port starts nothing until the miniport asks with NextRequest or NextLuRequest; one request per
/// logical unit unless the miniport declared MultipleRequestPerLu (or tagged queuing) and asked
/// for more with NextLuRequest; SRB_STATUS_BUSY is resubmitted; a request past its TimeOutValue
/// leads to HwResetBus and the bus's outstanding requests end with SRB_STATUS_BUS_RESET. HwTimer
/// and HwResetBus never run inside another miniport routine (a stall that lets their time come
/// defers them until the routine returns), and HwInterrupt is not called between a
/// CallDisableInterrupts routine and the CallEnableInterrupts routine it requests.
public final class PortAdapter {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// A device the bus scan found.
    public struct Device: Sendable, Equatable {
        /// The SCSI path (bus) ID.
        public var pathId: UInt8
        /// The SCSI target ID.
        public var targetId: UInt8
        /// The logical unit number.
        public var lun: UInt8
        /// The peripheral device type from INQUIRY (0: direct-access block device).
        public var deviceType: UInt8
        /// The INQUIRY vendor identification, trimmed.
        public var vendor: String
        /// The INQUIRY product identification, trimmed.
        public var product: String
        /// The INQUIRY product revision level, trimmed.
        public var revision: String
        /// Whether INQUIRY reports removable medium.
        public var removable: Bool
    }

    /// A SCSI command for ``execute(_:)->PortAdapter.Result``.
    public struct Request {
        /// Which way the data moves: none, from the device (`dataIn`) or to it (`dataOut`).
        public enum Direction: Sendable {
            /// No data phase (TEST UNIT READY, SYNCHRONIZE CACHE): SRB_FLAGS_NO_DATA_TRANSFER.
            case none
            /// The device fills the buffer (READ, INQUIRY): SRB_FLAGS_DATA_IN.
            case dataIn
            /// The device reads the buffer (WRITE): SRB_FLAGS_DATA_OUT; the miniport gets a copy.
            case dataOut
        }
        /// The SCSI path (bus) ID the request is for.
        public var pathId: UInt8 = 0
        /// The SCSI target ID.
        public var targetId: UInt8 = 0
        /// The logical unit number.
        public var lun: UInt8 = 0
        /// The command bytes. Kept inline (16 bytes and a length), so a request built with
        /// ``init(pathId:targetId:lun:command:length:direction:buffer:timeout:senseLength:)``
        /// allocates nothing. Up to 32 bytes reach a miniport that takes extended SRBs (in an
        /// SRBEX_DATA_SCSI_CDB32 block); a SCSI_REQUEST_BLOCK carries at most 16.
        public var cdb: [UInt8] {
            get {
                withUnsafeBytes(of: command) { Array($0.prefix(min(commandLength, 16))) }
                    + (commandLength > 16 ? withUnsafeBytes(of: longCommand) { Array($0.prefix(min(commandLength - 16, 16))) } : [])
            }
            set {
                command = (0, 0)
                longCommand = (0, 0)
                withUnsafeMutableBytes(of: &command) { raw in
                    for (index, byte) in newValue.prefix(16).enumerated() { raw[index] = byte }
                }
                withUnsafeMutableBytes(of: &longCommand) { raw in
                    for (index, byte) in newValue.dropFirst(16).prefix(16).enumerated() { raw[index] = byte }
                }
                commandLength = newValue.count
            }
        }
        var command: (UInt64, UInt64) = (0, 0)
        /// Bytes 16 to 31 of a longer CDB (extended SRBs only).
        var longCommand: (UInt64, UInt64) = (0, 0)
        /// Bytes of `cdb`; more than the SRB kind carries is kept so that it is refused.
        var commandLength = 0
        /// Which way the data moves.
        public var direction: Direction = .none
        /// The data buffer (host memory); mapped for the device while the request is active.
        public var buffer: UnsafeMutableRawBufferPointer?
        /// Seconds (SRB TimeOutValue).
        public var timeout: UInt32 = 10
        /// Sense bytes wanted (0 disables autosense).
        public var senseLength: UInt8 = 18
        /// The SRB function (SRB_FUNCTION_EXECUTE_SCSI unless the port sends another).
        public var function: UInt8 = UInt8(SRB_FUNCTION_EXECUTE_SCSI)
        /// SRB_FUNCTION_PNP / _POWER parameters, in the SCSI_PNP_REQUEST_BLOCK /
        /// SCSI_POWER_REQUEST_BLOCK places: the byte at 4 (PnPSubFunction / SrbPowerFlags), the
        /// ULONG at 8 (PnPAction / DevicePowerState) and the ULONG at 0x40 (SrbPnPFlags /
        /// PowerAction). See ``PortAdapter/sendPnP(_:pathId:targetId:lun:adapterRequest:)``.
        var functionParameters: (UInt8, UInt32, UInt32) = (0, 0, 0)
        /// SRB_FUNCTION_WMI: the GUID (or instance name) the request names, SCSI_WMI_REQUEST_BLOCK's
        /// DataPath. See ``PortAdapter/sendWMI(_:dataPath:buffer:pathId:targetId:lun:adapterRequest:)``.
        var wmiDataPath: UnsafeMutableRawPointer?
        var wmiFlags: UInt8 = 0

        /// What an SRB can carry: a CDB of 1 to 16 bytes and a buffer under 4 GiB.
        var fitsSRB: Bool { commandLength >= 1 && commandLength <= 16 && (buffer?.count ?? 0) <= Int(ULONG.max) }
        /// What an extended SRB can carry: a CDB of up to 32 bytes (SRBEX_DATA_SCSI_CDB32).
        var fitsExtendedSRB: Bool { commandLength >= 1 && commandLength <= 32 && (buffer?.count ?? 0) <= Int(ULONG.max) }

        /// A request carrying `cdb` (1 to 16 bytes, or up to 32 for a miniport taking extended SRBs).
        public init(pathId: UInt8 = 0, targetId: UInt8 = 0, lun: UInt8 = 0, cdb: [UInt8], direction: Direction = .none,
                    buffer: UnsafeMutableRawBufferPointer? = nil, timeout: UInt32 = 10, senseLength: UInt8 = 18) {
            self.init(pathId: pathId, targetId: targetId, lun: lun, command: (0, 0), length: 0, direction: direction,
                      buffer: buffer, timeout: timeout, senseLength: senseLength)
            self.cdb = cdb
        }

        /// A request whose CDB is the first `length` bytes of `command` (in memory order).
        public init(pathId: UInt8 = 0, targetId: UInt8 = 0, lun: UInt8 = 0, command: (UInt64, UInt64), length: Int,
                    direction: Direction = .none, buffer: UnsafeMutableRawBufferPointer? = nil, timeout: UInt32 = 10,
                    senseLength: UInt8 = 18) {
            self.pathId = pathId
            self.targetId = targetId
            self.lun = lun
            self.command = command
            self.commandLength = length
            self.direction = direction
            self.buffer = buffer
            self.timeout = timeout
            self.senseLength = senseLength
        }
    }

    /// How a request ended.
    public struct Result: Sendable, Equatable {
        /// SrbStatus with the AUTOSENSE_VALID / QUEUE_FROZEN bits.
        public var srbStatus: UInt8
        /// The SCSI status byte the target returned.
        public var scsiStatus: UInt8
        /// DataTransferLength after completion.
        public var transferred: Int
        /// Sense bytes when SRB_STATUS_AUTOSENSE_VALID is set.
        public var sense: [UInt8] {
            get { senseBytes ?? [] }
            set { senseBytes = newValue.isEmpty ? nil : newValue }
        }
        /// Nil when there are none: a result without sense then carries no array, whose
        /// retain and release every request would otherwise pay.
        private var senseBytes: [UInt8]?

        /// A result with these fields.
        public init(srbStatus: UInt8, scsiStatus: UInt8 = 0, transferred: Int = 0, sense: [UInt8] = []) {
            self.srbStatus = srbStatus
            self.scsiStatus = scsiStatus
            self.transferred = transferred
            senseBytes = sense.isEmpty ? nil : sense
        }

        /// The SRB status without the AUTOSENSE_VALID and QUEUE_FROZEN bits.
        public var status: UInt8 { srbStatus & 0x3F }
        /// Whether the request ended with SRB_STATUS_SUCCESS.
        public var succeeded: Bool { status == UInt8(SRB_STATUS_SUCCESS) }
        /// The sense key of the sense data, when there is any.
        public var senseKey: UInt8? { sense.count > 2 ? sense[2] & 0x0F : nil }
        /// The additional sense code, when the sense data has one.
        public var asc: UInt8? { sense.count > 12 ? sense[12] : nil }
        /// The additional sense code qualifier, when the sense data has one.
        public var ascq: UInt8? { sense.count > 13 ? sense[13] : nil }
    }

    enum Outcome { case found(again: Bool), notFound, failed }

    /// Unowned: the driver owns its adapters. Code that keeps an adapter past its driver gets
    /// ``isShutDown`` and refused requests, never a call into an unloaded image; ``DiskClass``
    /// keeps the driver alive itself. Unchecked (`unowned(unsafe)`) because the driver's
    /// deinit still calls the miniport through its adapters (SRB_FUNCTION_FREE_DUMP_POINTERS,
    /// HwFreeAdapterResources), which a checked reference refuses once deinit has begun; every
    /// public entry point checks ``isShutDown`` before touching it.
    public unowned(unsafe) let driver: PortDriver
    /// The driver was released: the miniport's image and the adapter's memory are gone, and every
    /// request ends with SRB_STATUS_NO_HBA without reaching the miniport.
    @exclusivity(unchecked) public private(set) var isShutDown = false
    /// Held strongly: the adapter's teardown runs while its driver is being destroyed.
    let machine: Machine
    /// The driver's trace recorder, held here: reading it through the unowned driver reference
    /// counted references at every trace hook (about ten per request).
    let tracer: TraceRecorder?
    /// Whether ``tracer`` is set, tested before binding it: binding an optional reference
    /// retains it (nil included) on a path that runs about ten times per request.
    @inline(__always) var tracing: Bool { tracer != nil }
    /// ``driver`` for the per-request paths: used through `_withUnsafeGuaranteedRef`, it costs
    /// no reference counting (a use of the `unowned(unsafe)` property retains and releases).
    let driverRef: Unmanaged<PortDriver>
    private let ioSpace: Unmanaged<AddressSpace>
    private let memorySpace: Unmanaged<AddressSpace>
    /// The PCI function of a physical adapter; nil for a StorPort virtual adapter.
    public let function: PCIFunction?
    /// The driver's calling convention (a Windows image: ms_abi), read here without the
    /// retain and release a read through the unowned driver reference costs.
    let msABI: Bool
    /// `function`'s INTx line, which the function owns for its life.
    private let interruptLine: Unmanaged<InterruptLine>?
    /// The callbacks and sizes both models share (a StorPort miniport's HW_INITIALIZATION_DATA
    /// begins with the SCSI Port structure).
    let hw: HW_INITIALIZATION_DATA
    /// StorPort only: the whole HW_INITIALIZATION_DATA (as many bytes as the miniport declared,
    /// the rest zero) and what the StorPort engine keeps. nil for a SCSI Port miniport.
    let stor: StorPortState?
    /// `stor` without counting a reference: the hot paths reach it through ``withStor(_:_:)``.
    private let storReference: Unmanaged<StorPortState>?
    /// `body` applied to the StorPort state (`fallback` for a SCSI Port adapter) without
    /// counting a reference: a `guard let stor` binding copies it (a retain and a release,
    /// and a request's path looks at it dozens of times; `refcounts_per_io` in `miniport
    /// bench` counts them).
    @inline(__always)
    func withStor<T>(_ fallback: @autoclosure () -> T, _ body: (StorPortState) -> T) -> T {
        guard let storReference else { return fallback() }
        return storReference._withUnsafeGuaranteedRef(body)
    }
    /// The miniport's device extension: `DeviceExtensionSize` bytes the port allocated.
    public let deviceExtension: UnsafeMutableRawPointer
    /// The SCSI Port view of the configuration; StorPort's larger structure (``storConfig``)
    /// begins with the same fields, in the same memory.
    let configInfo: UnsafeMutablePointer<PORT_CONFIGURATION_INFORMATION>
    var storConfig: UnsafeMutablePointer<STOR_PORT_CONFIGURATION_INFORMATION> {
        UnsafeMutableRawPointer(configInfo).assumingMemoryBound(to: STOR_PORT_CONFIGURATION_INFORMATION.self)
    }
    private let accessRanges: UnsafeMutablePointer<ACCESS_RANGE>
    private let accessRangeCount: Int
    var memory: PhysicalMemory { machine.memory }
    /// ``memory`` for the per-request paths (through ``withMemory(_:)``): no reference counting.
    private let memoryRef: Unmanaged<PhysicalMemory>
    /// `body` applied to the machine's physical memory without reference counting.
    @inline(__always) func withMemory<T>(_ body: (PhysicalMemory) -> T) -> T { memoryRef._withUnsafeGuaranteedRef(body) }
    /// The machine's clock, unretained (the machine owns it), and its time read through it:
    /// what every miniport call reads twice (``callMiniport(_:holding:channel:message:_:)``).
    private let clockRef: Unmanaged<VirtualClock>
    @inline(__always) var now: UInt64 { clockRef._withUnsafeGuaranteedRef { $0.now } }
    var clock: VirtualClock { machine.clock }

    /// Whether srb.use-after-completion also covers the SRB extension (on unless the driver's
    /// ``PortDriver/watchesSrbExtensions`` turned it off). The check copies the extension when a
    /// request completes and compares it when its slot is reused: for a 4 KiB extension, about a
    /// tenth of a 4 KiB read at queue depth 1 (docs/performance.md).
    @exclusivity(unchecked) var watchesSrbExtensions = true {
        didSet {
            guard watchesSrbExtensions, !oldValue else { return }
            // Turned back on: idle slots take their extension as it is now, so that their next
            // reuse compares against it and not against a copy from before.
            for slot in slots where !slot.active {
                if let shadow = slot.extensionShadow, let srbExtension = slot.srbExtension {
                    shadow.copyMemory(from: srbExtension, byteCount: slot.extensionSize)
                }
            }
        }
    }

    /// The devices the last bus scan found.
    @exclusivity(unchecked) public private(set) var devices: [Device] = []
    /// The uncached extension the miniport asked for in HwFindAdapter, if any (a DMA region).
    @exclusivity(unchecked) public private(set) var uncachedExtension: PhysicalMemory.DMARegion?
    /// Where the uncached extension's guard pattern begins (its length), while it has one.
    @exclusivity(unchecked) var uncachedGuardOffset: Int?
    @exclusivity(unchecked) private var deviceBases: [DeviceBase] = [] { didSet { publishBases() } }
    /// A copy of ``deviceBases`` for the register accessors: read without reference counting
    /// (an array property is retained around every use). Replaced, never changed in place, when
    /// the bases change; replaced tables are freed with the adapter (a routine on another
    /// thread may still be reading one).
    @exclusivity(unchecked) private var baseTable = UnsafeMutableBufferPointer<DeviceBase>(start: nil, count: 0)
    private var retiredBaseTables: [UnsafeMutablePointer<DeviceBase>] = []
    @exclusivity(unchecked) private var windowGenerationIO: UInt64 = 0
    @exclusivity(unchecked) private var windowGenerationMemory: UInt64 = 0
    @exclusivity(unchecked) private(set) var inFindAdapter = false
    /// The adapter-control types the miniport reported supporting.
    @exclusivity(unchecked) public private(set) var supportedControlTypes: [Int] = []
    /// Whether the adapter was stopped (``stop()``) and not restarted.
    @exclusivity(unchecked) public private(set) var isStopped = false
    /// ``surpriseRemove()`` was called: requests end with SRB_STATUS_NO_HBA.
    @exclusivity(unchecked) public private(set) var isRemoved = false
    /// Whether new requests may be claimed: not shut down, not surprise-removed.
    private var acceptsRequests: Bool { !isShutDown && !isRemoved }

    // Limits the miniport reported in its configuration.
    /// MaximumTransferLength from the miniport's configuration (bytes per request).
    @exclusivity(unchecked) public private(set) var maximumTransferLength: UInt32 = 0
    /// NumberOfPhysicalBreaks from the miniport's configuration (scatter/gather entries per request, less one).
    @exclusivity(unchecked) public private(set) var numberOfPhysicalBreaks: UInt32 = 0
    /// AlignmentMask from the miniport's configuration (buffer alignment the adapter needs).
    @exclusivity(unchecked) public private(set) var alignmentMask: UInt32 = 0
    /// NumberOfBuses from the miniport's configuration.
    @exclusivity(unchecked) public private(set) var numberOfBuses: Int = 1
    /// MaximumNumberOfTargets from the miniport's configuration.
    @exclusivity(unchecked) public private(set) var maximumTargets: Int = 8
    /// MaximumNumberOfLogicalUnits from the miniport's configuration.
    @exclusivity(unchecked) public private(set) var maximumLogicalUnits: Int = 8

    // Request engine.
    let slots: [RequestSlot]
    @exclusivity(unchecked) private var freeSlots: [Int]
    @exclusivity(unchecked) private var units: [UInt32: LogicalUnit] = [:]
    @exclusivity(unchecked) private var unitOrder: [LogicalUnit] = []
    /// Every logical unit the port created, in order.
    var allUnits: [LogicalUnit] { unitOrder }
    @exclusivity(unchecked) private var lastUnitReference: Unmanaged<LogicalUnit>?
    /// Units with queued requests, in the order they will be offered a start (each at most once;
    /// `LogicalUnit.waiting` says whether it is here). Scanning every unit instead cost 5 % of an
    /// I/O on an adapter whose scan created a hundred. Unretained: ``unitOrder`` owns every unit
    /// until teardown, which empties this first; a retained element cost a retain and a release
    /// per request, and an element type with references a destroy loop per emptying.
    @exclusivity(unchecked) private var waitingUnits: [Unmanaged<LogicalUnit>] = []
    /// The adapter's track in the driver's trace (its routine calls).
    @exclusivity(unchecked) var traceTrack = 0
    /// Requests waiting in the units' queues, all units together.
    @exclusivity(unchecked) private var queuedRequests = 0
    @exclusivity(unchecked) private var readyForNextRequest = true
    @exclusivity(unchecked) private var completed: [Int] = []
    @exclusivity(unchecked) private var deferredRoutines: [(PHW_INTERRUPT, String)] = []
    /// Kernel DPCs the miniport queued with KeInsertQueueDpc (Kernel/), run by the engine.
    @exclusivity(unchecked) var kernelDpcs: [(dpc: UnsafeMutablePointer<KDPC>, argument1: UnsafeMutableRawPointer?,
                                              argument2: UnsafeMutableRawPointer?)] = []
    /// Set from a CallDisableInterrupts routine until the CallEnableInterrupts routine runs:
    /// HwInterrupt is not called in between.
    @exclusivity(unchecked) private var interruptsDisabled = false
    @exclusivity(unchecked) var rescanRequested = false
    @exclusivity(unchecked) private var rescanning = false
    @exclusivity(unchecked) private var holdUntil: UInt64 = 0
    /// Requests started so far (each start gets the next serial number).
    @exclusivity(unchecked) private var startSerial: UInt64 = 0
    /// Miniport routines running (engine lock held to change it).
    @exclusivity(unchecked) var inMiniport = 0
    var inMiniportCount: Int { inMiniport }
    /// Real time `execute` has waited for a miniport's own threads without progress (StorPort).
    @exclusivity(unchecked) var realTimeWaited: UInt64 = 0
    /// SCSI Port: when it began waiting for a device working on its own thread (monotonic ns; 0
    /// while not waiting).
    @exclusivity(unchecked) var deviceWaitStarted: UInt64 = 0
    @exclusivity(unchecked) private var inDeferred = false
    @exclusivity(unchecked) private var interruptPending = false
    @exclusivity(unchecked) private var timer: (routine: PHW_TIMER, id: VirtualClock.TimerID)?
    /// A HwTimer whose time came while a miniport routine was running (it runs after it).
    @exclusivity(unchecked) private var timerDue: PHW_TIMER?
    @exclusivity(unchecked) private var tickArmed = false
    /// The timeout tick came while a miniport routine was running (it runs after it).
    @exclusivity(unchecked) private var tickDue = false
    /// What closures on the clock hold instead of the adapter (cut in deinit).
    private(set) lazy var lifeline = Lifeline(self)
    private lazy var tick: () -> Void = { [lifeline] in lifeline.owner?.timeoutTick() }
    @exclusivity(unchecked) private var srbExtensionPool: PhysicalMemory.DMARegion?
    /// Every slot's SRB, slot by slot in one block: an SRB pointer maps to its slot by arithmetic.
    private let srbBlock: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>
    /// StorPort miniports that set SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK: every slot's extended SRB
    /// (``extendedSRBStride`` bytes each, one block), what the miniport gets instead of the
    /// slot's SCSI_REQUEST_BLOCK (which stays the port's own record of the request). nil otherwise.
    let srbExBlock: UnsafeMutableRawPointer?
    /// `slots`, unmanaged (the array owns them), for ``withSlot(for:_:_:)``.
    private let slotRefs: UnsafeMutablePointer<Unmanaged<RequestSlot>>
    /// Bytes between two slots' SRB extensions (the size and its guard rounded up to 16).
    @exclusivity(unchecked) private(set) var srbExtensionStride: Int
    /// Bytes of each request's SRB extension: HW_INITIALIZATION_DATA's, or the larger size
    /// HwFindAdapter set in ConfigInfo (`adoptConfiguration()`).
    @exclusivity(unchecked) public private(set) var srbExtensionSize: Int

    /// Service requests sent to a virtual miniport and not completed yet, and the completed ones
    /// (``sendServiceRequest(_:)``).
    @exclusivity(unchecked) var pendingServiceRequests: Set<UInt> = []
    /// Service requests a virtual miniport completed, in order.
    @exclusivity(unchecked) public internal(set) var completedServiceRequests: [UnsafeMutableRawPointer] = []

    /// Statistics.
    @exclusivity(unchecked) public private(set) var spuriousInterrupts = 0
    /// HwInterrupt calls the port made for the asserted interrupt line (claimed or not).
    @exclusivity(unchecked) public private(set) var interruptsServiced = 0
    /// Message-signalled interrupts serviced (HwMSInterruptRoutine, or HwInterrupt for a
    /// miniport without one).
    @exclusivity(unchecked) public internal(set) var messagesServiced = 0
    /// Requests RequestComplete ended without the engine lock (the concurrent StorPort engine,
    /// ``PortDriver/concurrentStorPort``), counted when the engine ended them.
    @exclusivity(unchecked) public internal(set) var completionsWithoutEngine = 0
    /// Requests the miniport's own threads (outside any of its routines) claimed with
    /// RequestComplete without the engine lock and the engine has not taken over yet: a
    /// lock-free stack of slot indices linked through ``RequestSlot/nextClaimed`` (-1: empty).
    /// Pushed by any thread, emptied whole under the engine lock. (A routine's own completions
    /// wait in its thread's state until it returns: ``RunningRoutine/pendingCompletions``.)
    let claimedCompletions = Atomic<Int>(-1)
    /// Request timeouts the port acted on (each followed by HwResetBus on that bus).
    @exclusivity(unchecked) public private(set) var timeouts = 0
    /// Requests the port started again because the miniport completed them with SRB_STATUS_BUSY.
    @exclusivity(unchecked) public private(set) var busyRetries = 0
    /// REQUEST SENSE commands the port issued itself (for miniports without autosense).
    @exclusivity(unchecked) public private(set) var requestSensesIssued = 0
    /// Requests the miniport completed (whatever their status), port-issued REQUEST SENSE excluded.
    @exclusivity(unchecked) public private(set) var requestsCompleted = 0
    /// Requests outstanding at the miniport now (started, not yet ended).
    @exclusivity(unchecked) public private(set) var activeRequests = 0
    /// The most requests that were outstanding at the miniport at once.
    @exclusivity(unchecked) public private(set) var mostActiveRequests = 0

    static let slotCount = 64
    static let senseCapacity = 255
    static let tickInterval: UInt64 = 1_000_000_000
    static let resetHold: UInt64 = 4_000_000_000
    static let busyRetryLimit = 64
    /// Host bytes after the SRB extension pool that no device reaches: a miniport running
    /// off the last slot's extension writes there, not into the host's heap.
    static let poolSlack = 4096
    /// HwInterrupt returning FALSE this many times in a row for the adapter's asserted line
    /// breaks interrupt.unclaimed: the port stops calling it (see `serviceInterrupt()`).
    public static let unclaimedInterruptLimit = 32
    /// Host memory the logical units a scan may create can take (their LU extensions and the
    /// port's own state, ``unitOverhead`` each): 256 MiB.
    static let scanMemoryBudget = 256 << 20
    static let unitOverhead = 1024
    /// SCSI_MAXIMUM_BUSES: the InitiatorBusId array has one entry per bus.
    static let maximumBuses: UCHAR = 8
    /// Non-cached memory a dump-mode miniport may get (32 KB).
    static let dumpUncachedLimit: ULONG = 32 * 1024

    init(driver: PortDriver, function: PCIFunction?, hw: HW_INITIALIZATION_DATA, stor: STOR_HW_INITIALIZATION_DATA? = nil) {
        self.driver = driver
        self.tracer = driver.trace
        self.driverRef = Unmanaged.passUnretained(driver)
        self.machine = driver.machine
        ioSpace = Unmanaged.passUnretained(driver.machine.ioSpace)
        memorySpace = Unmanaged.passUnretained(driver.machine.memorySpace)
        memoryRef = Unmanaged.passUnretained(driver.machine.memory)
        clockRef = Unmanaged.passUnretained(driver.machine.clock)
        self.function = function
        msABI = driver.msABI
        interruptLine = function?.interrupt.map { Unmanaged.passUnretained($0) }
        self.hw = hw
        self.stor = stor.map { StorPortState(hw: $0, virtual: function == nil, parameters: driver.parameters) }
        storReference = self.stor.map(Unmanaged.passUnretained)
        let extensionSize = max(Int(hw.DeviceExtensionSize), 1)
        deviceExtension = .allocate(byteCount: extensionSize + ExtensionGuard.bytes, alignment: 16)
        deviceExtension.initializeMemory(as: UInt8.self, repeating: 0, count: extensionSize)
        ExtensionGuard.fill(deviceExtension + extensionSize)
        // Room for the StorPort structure whatever the model: the SCSI Port one is its prefix.
        let storage = UnsafeMutablePointer<STOR_PORT_CONFIGURATION_INFORMATION>.allocate(capacity: 1)
        storage.initialize(to: STOR_PORT_CONFIGURATION_INFORMATION())
        configInfo = UnsafeMutableRawPointer(storage).assumingMemoryBound(to: PORT_CONFIGURATION_INFORMATION.self)
        // PortDriver.checkRegistration refused more than maximumAccessRanges.
        accessRangeCount = max(min(Int(hw.NumberOfAccessRanges), Int(PortDriver.maximumAccessRanges)), 1)
        accessRanges = .allocate(capacity: accessRangeCount)
        accessRanges.initialize(repeating: ACCESS_RANGE(), count: accessRangeCount)
        // Each slot's extension is followed by at least ExtensionGuard.bytes of guard pattern
        // (srb.extension-overrun), up to the next 16-byte boundary. In Int: the size is the
        // miniport's (at most PortDriver.maximumExtensionSize, checked by Initialize).
        let (pool, extensionBytes) = Self.allocateSRBExtensions(size: Int(hw.SrbExtensionSize), in: machine.memory)
        srbExtensionPool = pool
        srbExtensionStride = extensionBytes
        srbExtensionSize = pool == nil ? 0 : Int(hw.SrbExtensionSize)
        let srbExtensionSize = self.srbExtensionSize
        let srbs = UnsafeMutablePointer<SCSI_REQUEST_BLOCK>.allocate(capacity: Self.slotCount)
        srbs.initialize(repeating: SCSI_REQUEST_BLOCK(), count: Self.slotCount)
        srbBlock = srbs
        let extended = stor.map { $0.SrbTypeFlags & ULONG(SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK) != 0 } ?? false
        let exBlock: UnsafeMutableRawPointer? = extended
            ? .allocate(byteCount: Self.extendedSRBStride * Self.slotCount, alignment: 16) : nil
        exBlock?.initializeMemory(as: UInt8.self, repeating: 0, count: Self.extendedSRBStride * Self.slotCount)
        srbExBlock = exBlock
        slots = (0..<Self.slotCount).map { index in
            RequestSlot(index: index, srb: srbs + index, srbExtension: pool.map { $0.hostAddress + index * extensionBytes },
                        extensionSize: pool == nil ? 0 : srbExtensionSize,
                        extendedSRB: exBlock.map { $0 + index * Self.extendedSRBStride })
        }
        slotRefs = .allocate(capacity: Self.slotCount)
        for (index, slot) in slots.enumerated() { (slotRefs + index).initialize(to: Unmanaged.passUnretained(slot)) }
        freeSlots = Array((0..<Self.slotCount).reversed())
        // A new adapter (a dump copy after a crash among them) starts on devices at rest: one
        // still working on its own thread finishes first (its function is about to change).
        driver.machine.settleDevices()
        fillConfiguration()
        if tracing, let trace = tracer {
            traceTrack = trace.track(driver.tracePid, function.map { "adapter PCI \($0.bus):\($0.slot)" } ?? "virtual adapter")
            observeDeviceForTrace()
        }
    }

    /// One pool of `size`-byte SRB extensions, one per slot, each followed by at least
    /// ExtensionGuard.bytes of guard pattern (srb.extension-overrun) up to the next 16-byte
    /// boundary; nil for size 0. `size` is at most PortDriver.maximumExtensionSize (checked by
    /// Initialize and by `adoptConfiguration()`).
    private static func allocateSRBExtensions(size: Int, in memory: PhysicalMemory)
        -> (pool: PhysicalMemory.DMARegion?, stride: Int) {
        guard size > 0 else { return (nil, 0) }
        let stride = (size + ExtensionGuard.bytes + 15) & ~15
        guard let pool = memory.allocateDMA(length: stride * slotCount, label: "SRB extensions", hostSlack: poolSlack) else {
            return (nil, 0)
        }
        for index in 0..<slotCount {
            ExtensionGuard.fill(pool.hostAddress + index * stride + size, count: stride - size)
        }
        return (pool, stride)
    }

    /// HwFindAdapter asked for larger SRB extensions than HW_INITIALIZATION_DATA did: every
    /// slot gets one of `size` bytes (no request exists yet: I/O starts after HwInitialize).
    private func growSRBExtensions(to size: Int) {
        let (pool, stride) = Self.allocateSRBExtensions(size: size, in: memory)
        guard let pool else {
            driver.note(.refused, "no memory for \(Self.slotCount) SRB extensions of \(size) bytes; keeping \(srbExtensionSize)")
            return
        }
        if let srbExtensionPool { memory.freeDMA(srbExtensionPool) }
        srbExtensionPool = pool
        srbExtensionStride = stride
        srbExtensionSize = size
        for slot in slots { slot.useExtension(pool.hostAddress + slot.index * stride, size: size) }
        driver.note(.port, "HwFindAdapter set SrbExtensionSize \(size) (HW_INITIALIZATION_DATA: \(hw.SrbExtensionSize))")
    }

    deinit {
        lifeline.cut()
        baseTable.baseAddress?.deallocate()
        for table in retiredBaseTables { table.deallocate() }
        slotRefs.deallocate()
        srbBlock.deallocate()
        srbExBlock?.deallocate()
    }

    func shutdown() {
        checkExtensionGuards(at: "unload")
        freeze()
        // Requests still in flight (a crash): their buffers are about to go. Completions claimed
        // without the engine lock are dropped with them.
        _ = claimedCompletions.exchange(-1, ordering: .acquiring)
        for slot in slots where slot.active { deactivate(slot) }
        for base in deviceBases where base.reserved {
            if msABI { removeTrapWindow(base) }
            munmap(base.cookie, base.length)
        }
        deviceBases.removeAll()
        if let uncachedExtension { memory.freeDMA(uncachedExtension) }
        uncachedExtension = nil
        if let srbExtensionPool { memory.freeDMA(srbExtensionPool) }
        for unit in unitOrder { unit.luExtension?.deallocate() }
        unitOrder.removeAll()
        uncachedGuardOffset = nil
        waitingUnits.removeAll()
        units.removeAll()
        lastUnitReference = nil
        deviceExtension.deallocate()
        storConfig.deallocate()
        stor?.release(memory)
        accessRanges.deallocate()
    }

    // MARK: bring-up

    /// PORT_CONFIGURATION_INFORMATION as scsiport fills it for a PCI function.
    private func fillConfiguration() {
        var info = PORT_CONFIGURATION_INFORMATION()
        info.Length = ULONG(MemoryLayout<PORT_CONFIGURATION_INFORMATION>.size)
        info.SystemIoBusNumber = ULONG(function?.bus ?? 0)
        info.AdapterInterfaceType = function == nil ? Internal : PCIBus
        let line = ULONG(function?.interrupt?.number ?? 0)
        info.BusInterruptLevel = line
        info.BusInterruptVector = line
        info.InterruptMode = LevelSensitive
        info.MaximumTransferLength = spUninitialized
        info.NumberOfPhysicalBreaks = spUninitialized
        info.DmaChannel = spUninitialized
        info.DmaPort = spUninitialized
        info.DmaWidth = Width8Bits
        info.DmaSpeed = Compatible
        info.AlignmentMask = 0
        info.NumberOfAccessRanges = ULONG(hw.NumberOfAccessRanges)
        info.NumberOfBuses = 0
        _ = withUnsafeMutableBytes(of: &info.InitiatorBusId) { $0.initializeMemory(as: UInt8.self, repeating: 0xFF) }
        info.ScatterGather = 0
        info.Master = 0
        info.CachesData = 0
        info.AdapterScansDown = 0
        info.Dma32BitAddresses = 1
        info.MapBuffers = hw.MapBuffers
        info.NeedPhysicalAddresses = hw.NeedPhysicalAddresses
        info.TaggedQueuing = hw.TaggedQueuing
        info.AutoRequestSense = hw.AutoRequestSense
        info.MultipleRequestPerLu = hw.MultipleRequestPerLu
        info.ReceiveEvent = hw.ReceiveEvent
        info.MaximumNumberOfTargets = UCHAR(SCSI_MAXIMUM_TARGETS)
        info.SlotNumber = function.map { ULONG($0.slot | $0.function << 5) } ?? 0
        info.DeviceExtensionSize = hw.DeviceExtensionSize
        info.SpecificLuExtensionSize = hw.SpecificLuExtensionSize
        info.SrbExtensionSize = hw.SrbExtensionSize
        info.Dma64BitAddresses = UCHAR(SCSI_DMA64_SYSTEM_SUPPORTED)
        info.MaximumNumberOfLogicalUnits = UCHAR(SCSI_MAXIMUM_LOGICAL_UNITS)
        // Access ranges: the function's BARs, in order.
        let bars = function?.device.bars ?? []
        for index in 0..<accessRangeCount {
            var range = ACCESS_RANGE()
            if let function, index < bars.count, index < Int(hw.NumberOfAccessRanges) {
                range.RangeStart.QuadPart = LONGLONG(function.barAddress(index))
                range.RangeLength = ULONG(bars[index].size)
                range.RangeInMemory = bars[index].kind == .io ? 0 : 1
            }
            accessRanges[index] = range
        }
        info.AccessRanges = UnsafeMutableRawPointer(accessRanges).assumingMemoryBound(to: (ACCESS_RANGE).self)
            .withMemoryRebound(to: ACCESS_RANGE.self, capacity: accessRangeCount) { pointer in
                unsafeBitCast(pointer, to: type(of: info.AccessRanges))
            }
        configInfo.pointee = info
        if stor != nil { fillStorPortConfiguration() }
    }

    func findAndInitialize(hwContext: UnsafeMutableRawPointer?, argumentString: UnsafeMutablePointer<CChar>?) -> Outcome {
        withEngine { bringUp(hwContext: hwContext, argumentString: argumentString) }
    }

    private func bringUp(hwContext: UnsafeMutableRawPointer?, argumentString: UnsafeMutablePointer<CChar>?) -> Outcome {
        guard let findAdapter = hw.HwFindAdapter, let initialize = hw.HwInitialize else { return .failed }
        var again: BOOLEAN = 0
        inFindAdapter = true
        let result = callMiniport("HwFindAdapter") { () -> ULONG in
            if stor?.isVirtual == true {
                // VIRTUAL_HW_FIND_ADAPTER: LowerDevice comes before the argument string.
                let find = unsafeBitCast(findAdapter, to: STOR_PVIRTUAL_HW_FIND_ADAPTER.self)
                guard msABI else { return find(deviceExtension, hwContext, nil, nil, argumentString, storConfig, &again) }
                return withUnsafeMutablePointer(to: &again) { again in
                    MpAbiMsCallU327(MsCall.entry(find), MsCall.arg(deviceExtension), MsCall.arg(hwContext), 0, 0,
                                    MsCall.arg(argumentString), MsCall.arg(storConfig), MsCall.arg(again))
                }
            }
            guard msABI else { return findAdapter(deviceExtension, hwContext, nil, argumentString, configInfo, &again) }
            return withUnsafeMutablePointer(to: &again) { again in
                MpAbiMsCallU326(MsCall.entry(findAdapter), MsCall.arg(deviceExtension), MsCall.arg(hwContext), 0,
                                MsCall.arg(argumentString), MsCall.arg(configInfo), MsCall.arg(again))
            }
        }
        inFindAdapter = false
        let location = function.map { "PCI \($0.bus):\($0.slot)" } ?? "virtual adapter"
        switch Int32(result) {
        case SP_RETURN_FOUND:
            break
        case SP_RETURN_NOT_FOUND:
            driver.note(.port, "HwFindAdapter: no adapter at \(location)")
            return .notFound
        case SP_RETURN_ERROR:
            driver.note(.refused, "HwFindAdapter returned SP_RETURN_ERROR at \(location)")
            return .failed
        case SP_RETURN_BAD_CONFIG:
            driver.note(.refused, "HwFindAdapter returned SP_RETURN_BAD_CONFIG at \(location)")
            return .failed
        default:
            driver.note(.refused, "HwFindAdapter returned \(result), which is no SP_RETURN_* value, at \(location)")
            return .failed
        }
        adoptConfiguration()
        if stor != nil { adoptStorPortConfiguration() }
        if driver.dumpMode == UInt8(DUMP_MODE_MARK_MEMORY) {
            driver.note(.port, "mark-memory copy: HwFindAdapter only (\(driver.markedDumpMemory.count) range(s) marked)")
            return .found(again: false)
        }
        if polled {
            driver.note(.port, "\(driver.mode.rawValue) mode: polled, interrupts not delivered, no bus scan")
        } else {
            hookInterrupt()
        }
        // StorPort holds the interrupt lock for a physical adapter's HwInitialize.
        let initializeLocks: StorLocks = stor?.isVirtual == false ? .interrupt : []
        let initialized = callMiniport("HwInitialize", holding: initializeLocks) {
            msABI ? MpAbiMsCallU81(MsCall.entry(initialize), MsCall.arg(deviceExtension)) : initialize(deviceExtension)
        }
        guard initialized != 0 else {
            driver.note(.refused, "HwInitialize returned FALSE at \(location)")
            return .failed
        }
        driver.note(.port, "adapter at \(location) initialized")
        queryAdapterControl()
        runDeferred()
        if stor != nil {
            runPassiveInitialization()
            if !polled { requestDumpPointers() }
        }
        if polled { resetBusesForDump() } else { scan() }
        return .found(again: again != 0)
    }

    /// HwResetBus for `path`; in a dump mode the adapter must really have reset something
    /// (dump.bus-reset-honored).
    private func callResetBus(_ path: UInt8) {
        guard let resetBus = hw.HwResetBus else { return }
        let device = polled ? function?.device as? ResetObservable : nil
        let before = device?.resetsPerformed
        let ok = callMiniport("HwResetBus", holding: startIoLocks) {
            msABI ? MpAbiMsCallU82(MsCall.entry(resetBus), MsCall.arg(deviceExtension), UInt64(path))
                : resetBus(deviceExtension, ULONG(path))
        }
        if ok == 0 {
            driver.note(.refused, "HwResetBus(\(path)) returned FALSE")
        } else if let device, device.resetsPerformed == before {
            driver.violate(.dumpBusResetHonored, "HwResetBus(\(path)) returned TRUE but the adapter "
                + "performed no bus or controller reset", routine: "HwResetBus")
        }
    }

    /// The crash may have come with I/O in flight: before its first request a dump port resets
    /// every bus, and the miniport must really reset the hardware (dump.bus-reset-honored).
    private func resetBusesForDump() {
        for path in 0..<numberOfBuses { callResetBus(UInt8(path)) }
        driver.note(.port, "\(driver.mode.rawValue) mode: reset \(numberOfBuses) bus(es) before the first request")
        runDeferred()
    }

    /// Dump modes drive the miniport polled: one request at a time, HwInterrupt called in a
    /// loop, interrupts never delivered.
    var polled: Bool { driver.mode != .normal }
    /// HwInterrupt calls made by polling.
    @exclusivity(unchecked) public private(set) var polls = 0
    /// Virtual time between two polls.
    static let pollInterval: UInt64 = 50_000

    /// One turn of the dump-mode polling loop: call HwInterrupt (whatever the line says, as the
    /// dump port does), let the work it produced run, then let a little virtual time pass.
    private func poll() {
        if let interrupt = hw.HwInterrupt {
            polls += 1
            _ = callMiniport("HwInterrupt") {
                msABI ? MpAbiMsCallU81(MsCall.entry(interrupt), MsCall.arg(deviceExtension)) : interrupt(deviceExtension)
            }
            runDeferred()
        }
        if slots.contains(where: { $0.active }) { clock.advance(by: Self.pollInterval) }
    }

    /// This adapter installed the line's `onAssert` (normal mode only; dump modes poll).
    @exclusivity(unchecked) private var ownsInterruptHook = false
    /// Set when the line could not be quieted (an interrupt storm, or no HwInterrupt): the port
    /// stops servicing it for the rest of the adapter's life.
    @exclusivity(unchecked) private(set) var interruptLineMasked = false
    /// HwInterrupt calls in a row that returned FALSE with the line asserted.
    @exclusivity(unchecked) private var unclaimedInARow = 0

    /// Whether the adapter's INTx line is asserted (none: false), read without counting a
    /// reference to the line.
    @inline(__always) private var lineAsserted: Bool {
        interruptLine?._withUnsafeGuaranteedRef { $0.isAsserted } ?? false
    }

    private func hookInterrupt() {
        ownsInterruptHook = true
        // Through the lifeline: no reference counting on each interrupt, and nothing to call
        // once the adapter is gone.
        function?.interrupt?.onAssert = { [lifeline] in
            lifeline.withOwner { adapter in
                if adapter.lineSilencedByMessages(noting: true) { return }
                adapter.interruptPending = true
                if adapter.concurrent || adapter.inMiniport == 0 { adapter.runDeferred() }
            }
        }
    }

    /// Reads back what HwFindAdapter set. Every value is the miniport's: one the port cannot
    /// use breaks init.bad-arguments (naming the field and the value) and the port goes on
    /// with the value it would have used had the miniport left the field alone.
    private func adoptConfiguration() {
        let info = configInfo.pointee
        func refuse(_ field: String, _ value: UInt32, _ reason: String) {
            driver.violate(.initBadArguments, "ConfigInfo->\(field) is \(value): \(reason)", routine: "HwFindAdapter")
        }
        maximumTransferLength = info.MaximumTransferLength == spUninitialized ? 64 * 1024 : info.MaximumTransferLength
        if maximumTransferLength == 0 {
            refuse("MaximumTransferLength", 0, "no request could carry data; the port uses 64 KiB")
            maximumTransferLength = 64 * 1024
        }
        numberOfPhysicalBreaks = info.NumberOfPhysicalBreaks == spUninitialized
            ? UInt32(SCSI_MINIMUM_PHYSICAL_BREAKS) : info.NumberOfPhysicalBreaks
        alignmentMask = info.AlignmentMask
        // A mask is one less than a power of two; buffers are never aligned past a page.
        if alignmentMask & (alignmentMask &+ 1) != 0 || alignmentMask >= 4096 {
            driver.note(.refused, "AlignmentMask 0x\(String(alignmentMask, radix: 16)) is not 2^n - 1 below 4096; using 0")
            alignmentMask = 0
        }
        if info.NumberOfBuses > Self.maximumBuses {
            refuse("NumberOfBuses", UInt32(info.NumberOfBuses), "a port has at most \(Self.maximumBuses) buses (SCSI_MAXIMUM_BUSES); "
                + "the port scans \(Self.maximumBuses)")
        }
        numberOfBuses = max(1, min(Int(info.NumberOfBuses), Int(Self.maximumBuses)))
        maximumTargets = info.MaximumNumberOfTargets == 0 ? 8 : Int(info.MaximumNumberOfTargets)
        maximumLogicalUnits = info.MaximumNumberOfLogicalUnits == 0 ? 8 : min(Int(info.MaximumNumberOfLogicalUnits), 255)
        // The scan creates a logical unit (and its LU extension) for every address it probes:
        // buses x targets x LUNs of them at most, each kept for the adapter's life.
        let perUnit = Int(hw.SpecificLuExtensionSize) + Self.unitOverhead
        let affordable = max(Self.scanMemoryBudget / perUnit, 1)
        if numberOfBuses * maximumTargets * maximumLogicalUnits > affordable {
            let luns = max(affordable / (numberOfBuses * maximumTargets), 1)
            refuse("MaximumNumberOfLogicalUnits", UInt32(maximumLogicalUnits), "with \(numberOfBuses) bus(es), "
                + "\(maximumTargets) targets and a \(hw.SpecificLuExtensionSize)-byte LU extension the scan could create "
                + "\(numberOfBuses * maximumTargets * maximumLogicalUnits) logical units, more than the port's "
                + "\(Self.scanMemoryBudget >> 20) MiB for them; the port scans \(min(luns, maximumLogicalUnits)) LUN(s) per target")
            maximumLogicalUnits = min(luns, maximumLogicalUnits)
            if numberOfBuses * maximumTargets * maximumLogicalUnits > affordable {
                maximumTargets = max(affordable / numberOfBuses, 1)
            }
        }
        if info.NumberOfBuses == 0 { driver.note(.port, "NumberOfBuses left at 0; scanning bus 0") }
        // A miniport may ask for a larger SRB extension once it knows its adapter; a smaller
        // value is ignored (a larger extension than asked for is never wrong).
        if info.SrbExtensionSize > PortDriver.maximumExtensionSize {
            refuse("SrbExtensionSize", info.SrbExtensionSize, "the port allows at most \(PortDriver.maximumExtensionSize) bytes; "
                + "the port keeps \(srbExtensionSize)")
        } else if Int(info.SrbExtensionSize) > srbExtensionSize {
            growSRBExtensions(to: Int(info.SrbExtensionSize))
        }
    }

    private func queryAdapterControl() {
        guard let control = hw.HwAdapterControl else { return }
        let count = stor != nil ? SCSI_ADAPTER_CONTROL_TYPE.storPortCount : Int(ScsiAdapterControlMax.rawValue)
        let list = UnsafeMutableRawPointer.allocate(byteCount: 4 + count, alignment: 4)
        defer { list.deallocate() }
        list.initializeMemory(as: UInt8.self, repeating: 0, count: 4 + count)
        list.storeBytes(of: ULONG(count), as: ULONG.self)
        let status = callMiniport("HwAdapterControl") {
            guard msABI else { return control(deviceExtension, ScsiQuerySupportedControlTypes, list) }
            return SCSI_ADAPTER_CONTROL_STATUS(rawValue: MpAbiMsCallU323(
                MsCall.entry(control), MsCall.arg(deviceExtension), UInt64(ScsiQuerySupportedControlTypes.rawValue),
                MsCall.arg(list)))
        }
        guard status == ScsiAdapterControlSuccess else { return }
        supportedControlTypes = (0..<count).filter { list.load(fromByteOffset: 4 + $0, as: UInt8.self) != 0 }
    }

    /// INQUIRY on every bus, target and LUN the miniport declared.
    public func scan() {
        guard !isShutDown else { return }
        // Windows 8 and later: the miniport powers up what it must before an enumeration.
        _ = adapterControl(.prepareForBusReScan, nil)
        devices.removeAll()
        let info = configInfo.pointee
        for path in 0..<numberOfBuses {
            let initiator = withUnsafeBytes(of: info.InitiatorBusId) { $0[path] }
            for target in 0..<maximumTargets where target != Int(initiator) {
                for lun in 0..<maximumLogicalUnits {
                    let (device, targetAbsent) = probe(pathId: UInt8(path), targetId: UInt8(target), lun: UInt8(lun))
                    if targetAbsent { break }
                    if let device { devices.append(device) }
                }
            }
        }
        driver.note(.port, "scan found \(devices.count) device(s)")
    }

    /// INQUIRY to one address: the device when one answers with peripheral qualifier 0.
    public func inquiry(pathId: UInt8, targetId: UInt8, lun: UInt8) -> Device? {
        probe(pathId: pathId, targetId: targetId, lun: lun).device
    }

    /// INQUIRY to one address; `targetAbsent` when the status says nothing is at that target.
    private func probe(pathId: UInt8, targetId: UInt8, lun: UInt8) -> (device: Device?, targetAbsent: Bool) {
        let inquiry = UnsafeMutableRawBufferPointer.allocate(byteCount: 96, alignment: 16)
        defer { inquiry.deallocate() }
        inquiry.initializeMemory(as: UInt8.self, repeating: 0)
        let result = execute(Request(pathId: pathId, targetId: targetId, lun: lun, cdb: [0x12, 0, 0, 0, 96, 0],
                                     direction: .dataIn, buffer: inquiry, timeout: 4))
        let status = result.status
        if status == UInt8(SRB_STATUS_SELECTION_TIMEOUT) || status == UInt8(SRB_STATUS_NO_DEVICE)
            || status == UInt8(SRB_STATUS_INVALID_TARGET_ID) {
            return (nil, true)
        }
        guard status == UInt8(SRB_STATUS_SUCCESS) || status == UInt8(SRB_STATUS_DATA_OVERRUN),
              result.transferred >= 5, inquiry[0] >> 5 == 0 else { return (nil, false) }
        let moved = min(result.transferred, inquiry.count)
        func text(_ range: Range<Int>) -> String {
            guard moved >= range.upperBound else { return "" }
            let printable = inquiry[range].map { $0 >= 0x20 && $0 < 0x7F ? $0 : 0x20 }
            return String(decoding: printable, as: UTF8.self).split(separator: " ").joined(separator: " ")
        }
        return (Device(pathId: pathId, targetId: targetId, lun: lun, deviceType: inquiry[0] & 0x1F,
                       vendor: text(8..<16), product: text(16..<32), revision: text(32..<36),
                       removable: inquiry[1] & 0x80 != 0), false)
    }

    // MARK: requests

    /// Runs one request to completion on the virtual clock and returns how it ended. Allocates
    /// nothing on the way (unless the request ends with sense data).
    public func execute(_ request: Request) -> Result {
        guard carries(request) else { return Result(srbStatus: UInt8(SRB_STATUS_INVALID_REQUEST)) }
        let claimed: Int?? = withEngine {
            guard acceptsRequests else { return .none }
            guard let index = freeSlots.popLast() else { return .some(nil) }
            withSlot(at: index) { prepare($0, request) }
            return .some(index)
        }
        guard let claimed else { return Result(srbStatus: UInt8(SRB_STATUS_NO_HBA)) }
        guard let index = claimed else { return Result(srbStatus: UInt8(SRB_STATUS_BUSY)) }
        clearExtensions(CollectionOfOne(index))
        buildIo(CollectionOfOne(index)) { enqueue($0) }
        return withEngine {
            runUntilDone(CollectionOfOne(index))
            return withSlot(at: index) { finish($0) }
        }
    }

    /// `body` applied to slot `index` without reference counting (the adapter owns its slots).
    @inline(__always) @discardableResult
    func withSlot<T>(at index: Int, _ body: (RequestSlot) -> T) -> T {
        slotRefs[index]._withUnsafeGuaranteedRef(body)
    }

    /// Queues all `requests` at once and runs until every one has ended; results in the same
    /// order. The port starts them as the miniport allows (NextRequest, NextLuRequest and
    /// MultipleRequestPerLu), so several can be outstanding at the miniport together. A request
    /// that finds no free request slot ends with SRB_STATUS_BUSY without reaching the miniport.
    ///
    /// On a StorPort adapter several threads may call this at once: each request's HwBuildIo
    /// runs on the calling thread without the port's locks, everything else under the
    /// adapter's engine lock.
    public func execute(_ requests: [Request]) -> [Result] {
        let invalid = requests.map { !carries($0) }
        let claimed: [Int?]? = withEngine {
            guard acceptsRequests else { return nil }
            return requests.indices.map { position in
                guard !invalid[position], let index = freeSlots.popLast() else { return nil }
                prepare(slots[index], requests[position])
                return index
            }
        }
        guard let claimed else { return requests.map { _ in Result(srbStatus: UInt8(SRB_STATUS_NO_HBA)) } }
        clearExtensions(claimed)
        let indices = submit(claimed)
        return withEngine { wait(for: indices, invalid: invalid) }
    }

    /// Hands prepared slots to the engine: SCSI Port queues them at once; StorPort first calls
    /// HwBuildIo for each, without locks, and queues those it accepts.
    private func submit(_ indices: [Int?]) -> [Int?] {
        buildIo(indices.lazy.compactMap { $0 }) { enqueue($0) }
        return indices
    }

    /// Runs the engine until every slot of `indices` has ended, then releases them (engine
    /// lock held).
    private func wait(for indices: [Int?], invalid: [Bool]) -> [Result] {
        runUntilDone(indices.lazy.compactMap { $0 })
        return indices.indices.map { position in
            guard let index = indices[position] else {
                return Result(srbStatus: UInt8(invalid[position] ? SRB_STATUS_INVALID_REQUEST : SRB_STATUS_BUSY))
            }
            return finish(slots[index])
        }
    }

    /// How an ended request came out; its slot is released.
    private func finish(_ slot: RequestSlot) -> Result {
        checkAfterCompletion(slot, reuse: false)
        let srb = slot.srb.pointee
        var result = Result(srbStatus: srb.SrbStatus, scsiStatus: srb.ScsiStatus,
                            // The miniport may report more than the buffer held; never claim more than that.
                            transferred: min(Int(srb.DataTransferLength), Int(slot.dataLength)))
        if srb.SrbStatus & UInt8(SRB_STATUS_AUTOSENSE_VALID) != 0 {
            let length = min(Int(srb.SenseInfoBufferLength), Int(slot.senseLength))
            result.sense = Array(UnsafeRawBufferPointer(start: slot.sense, count: length))
        }
        release(slot)
        return result
    }

    /// Runs the engine until every slot of `indices` has ended (engine lock held).
    private func runUntilDone<Indices: Collection<Int>>(_ indices: Indices) {
        while let index = indices.first(where: { !self.withSlot(at: $0) { $0.done } }) {
            runDeferred()
            if withSlot(at: index, { $0.done }) { continue }
            if stor != nil, waitForOtherThreads() { continue }
            if stor == nil, deviceStillWorking() { continue }
            if let stuck = indices.lazy.map({ self.slots[$0] }).first(where: { self.neverStarted($0) }) {
                driver.note(.refused, "request \(stuck.index) was queued for \(stuck.srb.pointee.TimeOutValue) s and never "
                    + "started: the miniport has not asked for another request (NextRequest / NextLuRequest)")
                finishAbandoned(stuck, status: SRB_STATUS_TIMEOUT)
                continue
            }
            if polled, slots.contains(where: { $0.active }) {
                poll()
                continue
            }
            guard clock.advanceToNextDeadline() else {
                // Nothing can make progress: no timer, no completion. Should not happen while a
                // request is active (the timeout tick runs); end it rather than hang.
                driver.note(.refused, "request \(index) cannot complete: nothing is pending on the clock")
                finishAbandoned(slots[index], status: SRB_STATUS_ERROR)
                continue
            }
        }
    }

    /// SCSI Port: a device working on a thread of its own (`PCIFunction.asynchronousWork`)
    /// keeps virtual time where it is (the engine loop runs what it posts), for up to
    /// ``foreignCompletionWait`` of real time; a device that never finishes then lets the
    /// requests time out as a dead controller's would.
    private func deviceStillWorking() -> Bool {
        guard let function else { return false }
        if clock.hasPostedEvents { return true }
        guard function.asynchronousWork > 0 else {
            deviceWaitStarted = 0
            return false
        }
        let now = DeviceWorker.monotonic()
        if deviceWaitStarted == 0 { deviceWaitStarted = now }
        guard now &- deviceWaitStarted < Self.foreignCompletionWait else { return false }
        sched_yield()
        return true
    }

    /// Queues `requests` and lets the port start what the miniport allows, without waiting for
    /// any of them to end: how a test leaves I/O in flight before it crashes the machine
    /// (``PortDriver/freeze()``). Returns how many were queued (the others found no free
    /// slot or cannot be carried by an SRB). Their results are not reported; their buffers must
    /// stay valid until they end or the driver is released.
    @discardableResult
    public func issueWithoutWaiting(_ requests: [Request]) -> Int {
        let claimed: [Int?] = withEngine {
            guard acceptsRequests else { return [] }
            var claimed: [Int?] = []
            for request in requests where carries(request) {
                guard let index = freeSlots.popLast() else { break }
                prepare(slots[index], request)
                slots[index].detached = true
                // Nobody waits for it: the caller's buffer may be gone when it ends.
                slots[index].outgoingSource = nil
                claimed.append(index)
            }
            return claimed
        }
        clearExtensions(claimed)
        return submit(claimed).count
    }

    /// A crash: the adapter stops where it is. Nothing reaches the miniport any more (timers,
    /// timeouts, interrupts; requests end with SRB_STATUS_NO_HBA), while its memory — the
    /// extensions, the uncached extension the controller may still write into, the buffers
    /// of requests in flight — stays mapped until the driver is released.
    func freeze() {
        isShutDown = true
        if let timer { clock.cancel(timer.id) }
        timer = nil
        timerDue = nil
        // Only the hook this adapter installed: a dump copy going away must not cut the normal
        // adapter off its interrupts.
        if ownsInterruptHook { function?.interrupt?.onAssert = nil }
        dropMessageHook()
        ownsInterruptHook = false
    }

    private func prepare(_ slot: RequestSlot, _ request: Request) {
        var srb = SCSI_REQUEST_BLOCK()
        srb.Length = USHORT(MemoryLayout<SCSI_REQUEST_BLOCK>.size)
        srb.Function = request.function
        srb.SrbStatus = UCHAR(SRB_STATUS_PENDING)
        srb.PathId = request.pathId
        srb.TargetId = request.targetId
        srb.Lun = request.lun
        slot.processor = machine.processors > 1 ? machine.currentProcessor : 0
        let tagged = hw.TaggedQueuing != 0
        srb.QueueTag = tagged ? UCHAR(slot.index + 1) : spUntagged
        srb.QueueAction = UCHAR(SRB_SIMPLE_TAG_REQUEST)
        srb.CdbLength = UCHAR(min(request.commandLength, 16))
        srb.SenseInfoBufferLength = request.senseLength
        var flags: ULONG = tagged ? ULONG(SRB_FLAGS_QUEUE_ACTION_ENABLE) : 0
        switch request.direction {
        case .none: flags |= ULONG(SRB_FLAGS_NO_DATA_TRANSFER)
        case .dataIn: flags |= ULONG(SRB_FLAGS_DATA_IN)
        case .dataOut: flags |= ULONG(SRB_FLAGS_DATA_OUT)
        }
        if request.senseLength == 0 { flags |= ULONG(SRB_FLAGS_DISABLE_AUTOSENSE) }
        srb.SrbFlags = flags
        let length = request.direction == .none ? 0 : (request.buffer?.count ?? 0)
        srb.DataTransferLength = ULONG(length)
        srb.TimeOutValue = request.timeout
        srb.DataBuffer = length > 0 ? request.buffer?.baseAddress : nil
        slot.outgoingSource = nil
        if request.direction == .dataOut, length > 0, let source = request.buffer?.baseAddress {
            // The caller's bytes are only to be read: the miniport gets a copy (at the same
            // offset in its page, so its scatter/gather list is the one the caller's buffer
            // would give), compared with the caller's when the request ends.
            srb.DataBuffer = slot.stageOutgoing(UnsafeRawPointer(source), length: length)
            slot.outgoingSource = UnsafeRawPointer(source)
        }
        srb.SenseInfoBuffer = request.senseLength > 0 ? slot.sense : nil
        srb.SrbExtension = slot.srbExtension
        srb.OriginalRequest = UnsafeMutableRawPointer(bitPattern: 0x5C5100 + slot.index)
        withUnsafeMutableBytes(of: &srb.Cdb) { $0.storeBytes(of: request.command, as: (UInt64, UInt64).self) }
        // Bytes past 16 go only into an extended SRB's CDB32 block (``buildExtendedSRB(_:)``).
        slot.cdbLength = request.commandLength
        slot.longCdb = request.longCommand
        checkAfterCompletion(slot, reuse: true)
        slot.watched = false
        slot.srb.pointee = srb
        if request.function == UInt8(SRB_FUNCTION_PNP) || request.function == UInt8(SRB_FUNCTION_POWER)
            || request.function == UInt8(SRB_FUNCTION_WMI) {
            applyFunctionParameters(slot.srb, request.functionParameters)
            if request.function == UInt8(SRB_FUNCTION_WMI) { applyWMIFlags(slot.srb, request.wmiFlags) }
        }
        slot.reset()
        slot.wmiDataPath = request.function == UInt8(SRB_FUNCTION_WMI) ? request.wmiDataPath : nil
        slot.dataBuffer = srb.DataBuffer
        slot.dataLength = srb.DataTransferLength
        slot.senseLength = srb.SenseInfoBufferLength
        slot.unitReference = unitReference(path: request.pathId, target: request.targetId, lun: request.lun)
        if tracing, let trace = tracer { traceQueued(slot, trace) }
    }

    /// StorPort hands the miniport a zeroed SRB extension; SCSI Port leaves it as the last
    /// request left it (the WDK documents it as not initialized by the port; zeroing 4 KiB cost
    /// 4 % of an I/O). Called for claimed slots outside the engine lock: a slot that is neither
    /// queued nor active belongs to the thread that claimed it.
    private func clearExtensions<Indices: Sequence<Int?>>(_ indices: Indices) {
        guard stor != nil, srbExtensionSize > 0 else { return }
        for case let index? in indices {
            withSlot(at: index) { slot in
                slot.srbExtension?.initializeMemory(as: UInt8.self, repeating: 0, count: srbExtensionSize)
            }
        }
    }

    /// Queues `slot` on its logical unit: last, or `first` for a resubmission (BUSY) or the
    /// port's REQUEST SENSE, which go ahead of the unit's other requests.
    private func enqueue(_ slot: RequestSlot, first: Bool = false) {
        slot.queuedAt = clock.now
        slot.withUnit { unit in
            if first { unit.queue.prepend(slot.index) } else { unit.queue.append(slot.index) }
            if !unit.waiting {
                unit.waiting = true
                waitingUnits.append(slot.unitReference!)
            }
        }
        queuedRequests += 1
        slot.queued = true
    }

    private func release(_ slot: RequestSlot) {
        if let source = slot.outgoingSource, let staged = slot.dataBuffer {
            slot.outgoingSource = nil
            if memcmp(source, staged, Int(slot.dataLength)) != 0 { reportDataOutWritten(slot, source: source, staged: staged) }
        }
        slot.done = false
        slot.unitReference = nil
        freeSlots.append(slot.index)
    }

    /// The logical unit at an address, created (with its LU extension) on first use.
    func unit(path: UInt8, target: UInt8, lun: UInt8) -> LogicalUnit {
        unitReference(path: path, target: target, lun: lun).takeUnretainedValue()
    }

    /// ``unit(path:target:lun:)`` without counting a reference.
    func unitReference(path: UInt8, target: UInt8, lun: UInt8) -> Unmanaged<LogicalUnit> {
        if let unit = existingUnitReference(path: path, target: target, lun: lun) { return unit }
        let key = UInt32(path) << 16 | UInt32(target) << 8 | UInt32(lun)
        let unit = LogicalUnit(path: path, target: target, lun: lun, extensionSize: Int(hw.SpecificLuExtensionSize))
        if let extensionPointer = unit.luExtension { ExtensionGuard.fill(extensionPointer + Int(hw.SpecificLuExtensionSize)) }
        if let stor { unit.depth = stor.defaultDepth }
        if tracing, let trace = tracer { unit.traceTrack = trace.track(driver.tracePid, "LU \(path):\(target):\(lun)") }
        units[key] = unit
        unitOrder.append(unit)
        return Unmanaged.passUnretained(unit)
    }

    func existingUnit(path: UInt8, target: UInt8, lun: UInt8) -> LogicalUnit? {
        existingUnitReference(path: path, target: target, lun: lun)?.takeUnretainedValue()
    }

    /// The unit at an address without counting a reference (the adapter owns its units).
    @inline(__always)
    func existingUnitReference(path: UInt8, target: UInt8, lun: UInt8) -> Unmanaged<LogicalUnit>? {
        // The unit found last answers most lookups (a request's unit, then its NextLuRequest)
        // without hashing.
        if let last = lastUnitReference, last._withUnsafeGuaranteedRef({ $0.path == path && $0.target == target && $0.lun == lun }) {
            return last
        }
        guard let unit = units[UInt32(path) << 16 | UInt32(target) << 8 | UInt32(lun)] else { return nil }
        lastUnitReference = Unmanaged.passUnretained(unit)
        return lastUnitReference
    }

    /// The miniport's view: the LU extension of a unit the port knows.
    func logicalUnitExtension(path: UInt8, target: UInt8, lun: UInt8) -> UnsafeMutableRawPointer? {
        existingUnit(path: path, target: target, lun: lun)?.luExtension
    }

    // MARK: the engine

    /// Work that waits for the current miniport routine to return: interrupts, completions,
    /// deferred routines, rescans and starting the next request.
    func runDeferred() {
        if stor?.concurrent == true {
            guard !isShutDown else { return }
            runEngineConcurrently(runEngineLoop)
            rescanIfRequested()
            return
        }
        guard inMiniport == 0, !inDeferred, !isShutDown else { return }
        inDeferred = true
        runEngineLoop()
        inDeferred = false
        rescanIfRequested()
    }

    /// One run of the engine: until nothing is left to do.
    private func runEngineLoop() {
        var progress = true
        while progress {
            progress = false
            if takeOverClaimedCompletions() { progress = true }
            // What a device working on a thread of its own posted (its messages, its reports).
            if clock.hasPostedEvents {
                clock.runPostedEvents()
                progress = true
            }
            if let routine = timerDue {
                timerDue = nil
                callMiniport("HwTimer", holding: startIoLocks) {
                    msABI ? MpAbiMsCallVoid1(MsCall.entry(routine), MsCall.arg(deviceExtension)) : routine(deviceExtension)
                }
                progress = true
            }
            // A dump copy runs with interrupts off: an asserted line is never delivered (its
            // completions are found by the polling loop's HwInterrupt calls).
            if !polled, !interruptsDisabled, !interruptLineMasked,
               interruptPending || lineAsserted, stor == nil || !lineSilencedByMessages() {
                interruptPending = false
                if lineAsserted {
                    serviceInterrupt()
                    progress = true
                }
            }
            if stor != nil, serviceMessages() { progress = true }
            if !completed.isEmpty {
                // In order, including any a finishing request adds (its REQUEST SENSE); taken
                // by position so that nothing shifts per completion.
                var next = 0
                while next < completed.count {
                    finishCompleted(completed[next])
                    next += 1
                }
                completed.removeAll(keepingCapacity: true)
                progress = true
            }
            if tickDue {
                tickDue = false
                timeoutTick()
                progress = true
            }
            if stor != nil, runStorPortWork() { progress = true }
            if !kernelDpcs.isEmpty {
                runKernelDpc()
                progress = true
            }
            if !deferredRoutines.isEmpty {
                let (routine, name) = deferredRoutines.removeFirst()
                // The disable routine runs with the adapter's interrupt off, and it stays off
                // until the enable routine (which the disable routine requests) has been called.
                interruptsDisabled = name == "CallDisableInterrupts"
                let claimed = callMiniport("interrupt synchronization routine") {
                    msABI ? MpAbiMsCallU81(MsCall.entry(routine), MsCall.arg(deviceExtension)) : routine(deviceExtension)
                }
                driver.note(.port, "\(name) routine ran (returned \(claimed))")
                progress = true
            }
            if stor == nil ? readyForNextRequest : !adapterHeld(), !isStopped, clock.now >= holdUntil,
               let index = nextToStart() {
                withSlot(at: index) { start($0) }
                progress = true
            }
        }
    }

    private func rescanIfRequested() {
        // The rescan runs requests of its own, which need this loop: only after leaving it (and
        // not inside a rescan; a change reported during one is picked up on the next pass).
        if rescanRequested, !rescanning {
            rescanRequested = false
            rescanning = true
            scan()
            rescanning = false
        }
    }

    /// The next request to start: the first unit in ``waitingUnits`` that may take one gives
    /// its oldest, and goes to the back of the line if it has more (round robin).
    private func nextToStart() -> Int? {
        // The common case (queue depth 1: the one request has started): no unit to look at.
        guard queuedRequests > 0 else { return nil }
        let multiple = !polled && (hw.MultipleRequestPerLu != 0 || hw.TaggedQueuing != 0)
        let here = concurrent ? machine.currentProcessor : 0
        for position in waitingUnits.indices {
            let entry = waitingUnits[position]
            let started: Int? = entry._withUnsafeGuaranteedRef { unit in
                if stor != nil {
                    // StorPort needs no NextLuRequest: a unit takes requests up to its queue depth.
                    guard unit.active == 0 || (multiple && unit.active < unit.depth), !unitHeld(unit) else { return nil }
                } else {
                    guard unit.active == 0 || (multiple && unit.readyForMore) else { return nil }
                }
                // The concurrent engine starts this processor's requests first: their channel is
                // the thread's own, whose lock no other thread then waits for.
                let index = concurrent ? unit.queue.removeFirst(preferring: { slots[$0].processor == here })
                    : unit.queue.removeFirst()
                queuedRequests -= 1
                if position == waitingUnits.count - 1 { waitingUnits.removeLast() } else { waitingUnits.remove(at: position) }
                if unit.queue.isEmpty { unit.waiting = false } else { waitingUnits.append(entry) }
                return index
            }
            if let started { return started }
        }
        return nil
    }

    /// Maps the request's buffers as the port set them up and marks it outstanding at the
    /// miniport (its timeout runs from here).
    private func activate(_ slot: RequestSlot) {
        let srb = slot.srb
        // Buffers as the port set them up: a resubmission (BUSY) must not map what the miniport
        // left in the SRB (a grown DataTransferLength, a moved DataBuffer).
        srb.pointee.DataBuffer = slot.dataBuffer
        srb.pointee.DataTransferLength = slot.dataLength
        srb.pointee.SenseInfoBuffer = slot.senseLength > 0 ? UnsafeMutableRawPointer(slot.sense) : nil
        srb.pointee.SenseInfoBufferLength = slot.senseLength
        if let dataPath = slot.wmiDataPath {
            // SCSI_WMI_REQUEST_BLOCK keeps DataPath where a SCSI_REQUEST_BLOCK has SenseInfoBuffer.
            UnsafeMutableRawPointer(srb).storeBytes(of: dataPath, toByteOffset: 32, as: UnsafeMutableRawPointer.self)
        }
        let length = Int(slot.dataLength)
        if length > 0, let data = slot.dataBuffer {
            let writable = srb.pointee.SrbFlags & ULONG(SRB_FLAGS_DATA_IN) != 0
            slot.dataMapping = withMemory { $0.map(UnsafeMutableRawBufferPointer(start: data, count: length), writable: writable) }
        }
        if let sense = srb.pointee.SenseInfoBuffer, srb.pointee.SenseInfoBufferLength > 0 {
            let count = Int(srb.pointee.SenseInfoBufferLength)
            slot.senseMapping = withMemory { $0.map(UnsafeMutableRawBufferPointer(start: sense, count: count), writable: true) }
        }
        slot.active = true
        activeRequests += 1
        if activeRequests > mostActiveRequests { mostActiveRequests = activeRequests }
        slot.watched = false
        slot.completedBy = "port"
        startSerial &+= 1
        slot.serial = startSerial
        slot.deadline = clock.now &+ UInt64(max(srb.pointee.TimeOutValue, 1)) &* 1_000_000_000
        if slot.srbEx != nil { buildExtendedSRB(slot) }
        // Last: from here on the request may be ended, by the miniport or the port (claimEnd()).
        slot.endClaimed.store(false, ordering: .releasing)
        armTick()
    }

    private func start(_ slot: RequestSlot) {
        slot.queued = false
        // A StorPort request is already active: the port mapped it for HwBuildIo.
        if !slot.active { activate(slot) }
        slot.started = true
        slot.withUnit { unit in
            unit.active += 1
            unit.readyForMore = false
        }
        readyForNextRequest = false
        guard let startIo = hw.HwStartIo else { return }
        if tracing, let trace = tracer { traceStep("StartIo", slot, trace) }
        let srb = slot.miniportSRB
        // The concurrent engine holds the request's channel lock, which the submitting
        // processor's number chose (as StorPortGetStartIoPerfParams reports it).
        let channel = stor.flatMap { $0.concurrent ? slot.processor % Int($0.concurrentChannels) : nil }
        func callStartIo() -> UInt8 {
            guard channel != nil else { return callHwStartIo() }
            // The request StorPortGetStartIoPerfParams may answer for without the engine lock.
            let frame = RoutineLocks.current
            let outer = frame.startingSlot
            frame.startingSlot = slot.index
            defer { frame.startingSlot = outer }
            return callHwStartIo()
        }
        let (extensionPointer, windowsABI) = (deviceExtension, msABI)   // captured instead of the adapter (callMiniport)
        func callHwStartIo() -> UInt8 {
            callMiniport("HwStartIo", holding: hwStartIoLocks, channel: channel) {
                windowsABI ? MpAbiMsCallU82(MsCall.entry(startIo), MsCall.arg(extensionPointer), MsCall.arg(srb))
                    : startIo(extensionPointer, srb)
            }
        }
        // HwStartIo runs on the processor that submitted the request.
        let accepted = machine.processors > 1 ? machine.run(onProcessor: slot.processor, callStartIo) : callStartIo()
        if accepted == 0 { driver.note(.refused, "HwStartIo returned FALSE for request \(slot.index)") }
    }

    /// StorPort: HwBuildIo for each request of `batch` on the submitting thread, without the
    /// port's locks (and so possibly on several threads at once); the engine lock is taken once
    /// before the batch and once after it. `enqueue` runs (engine lock held) for each request to
    /// be started: not those the miniport completed in HwBuildIo, or refused. The engine then
    /// runs what is ready. (SCSI Port: no HwBuildIo; every request is enqueued.)
    func buildIo<Batch: Collection<Int>>(_ batch: Batch, enqueue: (RequestSlot) -> Void) {
        guard let build = stor?.hw.HwBuildIo else {
            withEngine {
                for index in batch { withSlot(at: index, enqueue) }
                runDeferred()
            }
            return
        }
        let ready: Bool = withEngine {
            guard !isShutDown else { return false }
            for index in batch {
                withSlot(at: index) { slot in
                    activate(slot)
                    slot.building = true
                }
            }
            return true
        }
        guard ready else { return }
        let running = RunningRoutine.enter("HwBuildIo", driver: driver, adapter: self)
        for index in batch {
            withSlot(at: index) { slot in
                let traceStart = tracing ? tracer!.now() : 0
                let srb = slot.miniportSRB
                slot.built = (msABI ? MpAbiMsCallU82(MsCall.entry(build), MsCall.arg(deviceExtension), MsCall.arg(srb))
                    : build(deviceExtension, srb)) != 0
                if tracing, let trace = tracer { traceRoutine("HwBuildIo", since: traceStart, trace) }
            }
        }
        let completedInBuildIo = RunningRoutine.pendingCompletions
        RunningRoutine.leave(running)
        withEngine {
            endRoutineCompletions(completedInBuildIo)
            for index in batch {
                withSlot(at: index) { slot in
                    slot.building = false
                    guard slot.active else { return }   // completed in HwBuildIo
                    guard slot.built else {
                        // A RequestComplete from another thread may have ended it meanwhile.
                        guard slot.claimEnd() else { return }
                        driver.note(.refused, "HwBuildIo returned FALSE for request \(slot.index) without completing it; "
                            + "the port ends it with SRB_STATUS_ERROR")
                        slot.srb.pointee.SrbStatus = UCHAR(SRB_STATUS_ERROR)
                        deactivate(slot)
                        completed.append(slot.index)
                        return
                    }
                    enqueue(slot)
                }
            }
            runDeferred()
        }
    }

    private func serviceInterrupt() {
        guard let interrupt = hw.HwInterrupt else {
            driver.note(.refused, "interrupt asserted but the miniport has no HwInterrupt")
            interruptLineMasked = true
            return
        }
        var rounds = 0
        let (extensionPointer, windowsABI) = (deviceExtension, msABI)   // captured instead of the adapter (callMiniport)
        while lineAsserted, rounds < 64 {
            rounds += 1
            let claimed = callMiniport("HwInterrupt", holding: concurrent ? .interrupt : []) {
                windowsABI ? MpAbiMsCallU81(MsCall.entry(interrupt), MsCall.arg(extensionPointer)) : interrupt(extensionPointer)
            }
            interruptsServiced += 1
            if claimed == 0 {
                spuriousInterrupts += 1
                if lineAsserted {
                    unclaimedInARow += 1
                    if unclaimedInARow == 1 {
                        driver.note(.refused, "HwInterrupt returned FALSE while the adapter's line stays asserted")
                    }
                    if unclaimedInARow >= Self.unclaimedInterruptLimit { abandonUnclaimedLine() }
                } else {
                    unclaimedInARow = 0
                }
                return
            }
            unclaimedInARow = 0
        }
        if lineAsserted {
            // An ISR that claims the interrupt but never clears the adapter's condition would
            // keep the port servicing it forever; mask the line instead (requests then time out).
            interruptLineMasked = true
            driver.note(.refused, "HwInterrupt claimed \(rounds) interrupts in a row and the line stays asserted; "
                + "the port masks the adapter's interrupt")
        }
    }

    /// interrupt.unclaimed: the line stayed asserted through ``unclaimedInterruptLimit``
    /// HwInterrupt calls in a row that all returned FALSE. On Windows this is an interrupt
    /// storm; here the port stops calling HwInterrupt for the adapter's life and ends every
    /// outstanding request with SRB_STATUS_ERROR, so the requests end in virtual time.
    private func abandonUnclaimedLine() {
        interruptLineMasked = true
        let outstanding = slots.filter { $0.active && !$0.building }
        driver.violate(.interruptUnclaimed, "the adapter's interrupt line stayed asserted and HwInterrupt returned FALSE "
            + "\(unclaimedInARow) times in a row; the port stops calling it and ends \(outstanding.count) outstanding "
            + "request(s) with SRB_STATUS_ERROR", routine: "HwInterrupt")
        for slot in outstanding where slot.claimEnd() {
            slot.srb.pointee.SrbStatus = UCHAR(SRB_STATUS_ERROR)
            deactivate(slot)
            completed.append(slot.index)
        }
    }

    /// RequestComplete from the miniport.
    func requestComplete(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?) {
        let known = withSlot(for: srb, false) { slot in
            requestComplete(slot)
            return true
        }
        if !known {
            driver.violate(.srbUnknownCompletion, "RequestComplete for an SRB the port did not start "
                + "(0x\(String(UInt(bitPattern: srb), radix: 16)))")
        }
    }

    private func requestComplete(_ slot: RequestSlot) {
        // The claim fails for a request RequestComplete already ended without the engine lock
        // (on another thread, or earlier in this routine) that the engine has not taken over.
        guard slot.active, slot.claimEnd() else {
            driver.violate(.srbDoubleCompletion, "RequestComplete for request \(slot.index), which is not outstanding", unit: slot.address)
            return
        }
        slot.completedBy = driverRef._withUnsafeGuaranteedRef { $0.routine }
        endCompleted(slot)
    }

    /// RequestComplete once the request's end is claimed: the completion's checks, attributed
    /// to the routine that completed it, and the request ended.
    private func endCompleted(_ slot: RequestSlot) {
        let routine = slot.completedBy
        if slot.srbEx != nil { adoptExtendedCompletion(slot) }
        let status = slot.srb.pointee.SrbStatus & 0x3F
        if Self.completionStatuses >> status & 1 == 0 {
            driver.violate(.srbInvalidStatus, "RequestComplete for request \(slot.index) with SrbStatus 0x"
                + String(slot.srb.pointee.SrbStatus, radix: 16) + (status == 0 ? " (still PENDING)" : ""),
                routine: routine, unit: slot.address)
        }
        if slot.srb.pointee.DataTransferLength > slot.dataLength {
            driver.violate(.srbTransferLength, "RequestComplete for request \(slot.index) (operation 0x"
                + String(withUnsafeBytes(of: slot.srb.pointee.Cdb) { $0[0] }, radix: 16) + ") with DataTransferLength "
                + "\(slot.srb.pointee.DataTransferLength), above the \(slot.dataLength) bytes it was given; clamped",
                routine: routine, unit: slot.address)
            slot.srb.pointee.DataTransferLength = slot.dataLength
        }
        deactivate(slot)
        completed.append(slot.index)
        withStor(()) { stor in
            if stor.busyCompletions > 0 { stor.busyCompletions -= 1 }
            slot.unitReference?._withUnsafeGuaranteedRef { unit in
                if unit.busyCompletions > 0 { unit.busyCompletions -= 1 }
            }
            realTimeWaited = 0   // the real-time budget is per request
            stor.signalProgress()
        }
    }

    /// RequestComplete under the concurrent StorPort engine, from a thread without the engine
    /// lock: the request's end is claimed and the SRB as the miniport left it is kept for
    /// srb.use-after-completion, so completing takes no adapter-wide lock. The engine ends the
    /// request later, as StorPort's completion DPC would: a routine's completions once the
    /// routine has returned (they wait in the thread's state, linked through their slots;
    /// ``endRoutineCompletions(_:)``), so the port never reads an SRB the routine may still
    /// be writing; a completion from one of the miniport's own threads at once, pushed on
    /// ``claimedCompletions`` (``takeOverClaimedCompletions()``). False when the engine lock
    /// must decide instead: not the concurrent engine, the engine lock held here already, or an
    /// SRB that is not an outstanding request (the locked path reports it).
    func requestCompleteWithoutEngine(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?) -> Bool {
        guard engineFree, let index = slotIndex(for: srb) else { return false }
        return withSlot(at: index) { slot in
            guard slot.claimEnd() else { return false }
            slot.completedBy = driverRef._withUnsafeGuaranteedRef { $0.routine }
            seal(slot, withExtension: false)
            if routineRunsOnThisThread {
                // One of this adapter's routines: ends when it returns.
                let state = MpAbiHostThread()!
                slot.nextClaimed.store(Int(state.pointee.PendingCompletion) - 1, ordering: .relaxed)
                state.pointee.PendingCompletion = Int32(index + 1)
                return true
            }
            var head = claimedCompletions.load(ordering: .relaxed)
            while true {
                slot.nextClaimed.store(head, ordering: .relaxed)
                let (exchanged, current) = claimedCompletions.compareExchange(expected: head, desired: index, ordering: .releasing)
                if exchanged { break }
                head = current
            }
            withStor(()) { $0.signalProgress() }
            return true
        }
    }

    /// Ends the requests RequestComplete claimed without the engine lock from the miniport's own
    /// threads (engine lock held). True when there were any.
    @inline(__always)
    func takeOverClaimedCompletions() -> Bool {
        guard claimedCompletions.load(ordering: .relaxed) != -1 else { return false }
        endClaimedCompletions(from: claimedCompletions.exchange(-1, ordering: .acquiring))
        return true
    }

    /// Ends the requests a routine that has just returned on this thread completed without the
    /// engine lock (engine lock held): `first` is ``RunningRoutine/pendingCompletions`` as read
    /// before the routine's frame was left.
    @inline(__always)
    func endRoutineCompletions(_ first: Int) {
        if first >= 0 { endClaimedCompletions(from: first) }
    }

    /// Ends a chain of claimed requests (linked through ``RequestSlot/nextClaimed``): what the
    /// miniport wrote to an SRB after completing it is reported and undone first
    /// (srb.use-after-completion), then the completion's checks run as RequestComplete's do.
    private func endClaimedCompletions(from first: Int) {
        var index = first
        while index >= 0 {
            index = withSlot(at: index) { slot in
                let next = slot.nextClaimed.load(ordering: .relaxed)
                checkAfterCompletion(slot, reuse: false)
                endCompleted(slot)
                completionsWithoutEngine += 1
                return next
            }
        }
    }

    /// The SRB_STATUS_* values a request may complete with (flag bits masked off).
    /// A bit per status: 0x01...0x0B, 0x0D...0x18, 0x20...0x25.
    static let completionStatuses: UInt64 = (0x01...0x0B).reduce(0) { $0 | 1 << $1 }
        | (0x0D...0x18).reduce(0) { $0 | 1 << $1 } | (0x20...0x25).reduce(0) { $0 | 1 << $1 }

    private func deactivate(_ slot: RequestSlot) {
        slot.endClaimed.store(true, ordering: .relaxed)   // claimed already, except at shutdown
        if tracing, let trace = tracer { traceEnded(slot, trace) }
        checkSrbExtensionGuard(slot)
        seal(slot)
        if slot.active { activeRequests -= 1 }
        slot.active = false
        if let mapping = slot.dataMapping { withMemory { $0.unmap(mapping) } }
        if let mapping = slot.senseMapping { withMemory { $0.unmap(mapping) } }
        slot.dataMapping = nil
        slot.senseMapping = nil
        if slot.started { slot.withUnit { $0.active -= 1 } }
        slot.started = false
    }

    private func finishCompleted(_ index: Int) {
        withSlot(at: index) { finishCompleted($0) }
    }

    private func finishCompleted(_ slot: RequestSlot) {
        checkAfterCompletion(slot, reuse: false)
        let status = UInt8(slot.srb.pointee.SrbStatus) & 0x3F
        if status == UInt8(SRB_STATUS_BUSY), slot.busyRetries < Self.busyRetryLimit {
            slot.busyRetries += 1
            busyRetries += 1
            slot.watched = false   // the port's again, until the resubmission completes
            slot.srb.pointee.SrbStatus = UCHAR(SRB_STATUS_PENDING)
            enqueue(slot, first: true)
            return
        }
        if let parent = slot.parent {
            finishRequestSense(slot, for: slots[parent])
            return
        }
        let srb = slot.srb.pointee
        if status == UInt8(SRB_STATUS_ERROR), srb.ScsiStatus == UInt8(SCSISTAT_CHECK_CONDITION),
           srb.SrbStatus & UInt8(SRB_STATUS_AUTOSENSE_VALID) == 0, hw.AutoRequestSense == 0,
           srb.SrbFlags & ULONG(SRB_FLAGS_DISABLE_AUTOSENSE) == 0, srb.SenseInfoBuffer != nil,
           srb.SenseInfoBufferLength > 0, let sense = freeSlots.popLast() {
            issueRequestSense(slots[sense], for: slot)
            return
        }
        requestsCompleted += 1
        slot.done = true
        if slot.detached { release(slot) }
    }

    /// The port's own REQUEST SENSE for a miniport that does not do autosense.
    private func issueRequestSense(_ sense: RequestSlot, for original: RequestSlot) {
        requestSensesIssued += 1
        let srb = original.srb.pointee
        let buffer = UnsafeMutableRawBufferPointer(start: sense.sense, count: Int(srb.SenseInfoBufferLength))
        prepare(sense, Request(pathId: srb.PathId, targetId: srb.TargetId, lun: srb.Lun,
                               cdb: [0x03, 0, 0, 0, srb.SenseInfoBufferLength, 0], direction: .dataIn, buffer: buffer,
                               timeout: 2, senseLength: 0))
        clearExtensions(CollectionOfOne(sense.index))
        sense.parent = original.index
        sense.processor = original.processor
        enqueue(sense, first: true)
    }

    private func finishRequestSense(_ sense: RequestSlot, for original: RequestSlot) {
        let result = sense.srb.pointee
        if UInt8(result.SrbStatus) & 0x3F == UInt8(SRB_STATUS_SUCCESS) || UInt8(result.SrbStatus) & 0x3F == UInt8(SRB_STATUS_DATA_OVERRUN) {
            let length = min(Int(result.DataTransferLength), Int(original.senseLength))
            original.sense.copyMemory(from: sense.sense, byteCount: length)
            original.srb.pointee.SenseInfoBufferLength = UCHAR(length)
            original.srb.pointee.SrbStatus |= UCHAR(SRB_STATUS_AUTOSENSE_VALID)
        } else {
            // The original request keeps SRB_STATUS_ERROR, without AUTOSENSE_VALID.
            original.srb.pointee.SrbStatus = UCHAR(SRB_STATUS_ERROR)
            driver.note(.port, "REQUEST SENSE after a CHECK CONDITION failed with SrbStatus \(result.SrbStatus)")
        }
        seal(original, withExtension: false)
        sense.parent = nil
        sense.done = false
        release(sense)
        original.done = true
        if original.detached { release(original) }
    }

    /// A queued request waits at most its own timeout to be started: a miniport that never
    /// sends NextRequest while its timer keeps the clock busy must not hold `execute` forever.
    private func neverStarted(_ slot: RequestSlot) -> Bool {
        slot.queued && !slot.active && !slot.done
            && clock.now &- slot.queuedAt > UInt64(max(slot.srb.pointee.TimeOutValue, 1)) &* 1_000_000_000
    }

    private func finishAbandoned(_ slot: RequestSlot, status: Int32) {
        if slot.active {
            // Completed without the engine lock meanwhile: the engine takes it over as completed.
            guard slot.claimEnd() else { return }
            deactivate(slot)
        }
        if slot.queued, let unit = slot.unit, unit.queue.remove(slot.index) {
            queuedRequests -= 1
            if unit.queue.isEmpty,
               let waiting = waitingUnits.firstIndex(where: { $0.toOpaque() == Unmanaged.passUnretained(unit).toOpaque() }) {
                waitingUnits.remove(at: waiting)
                unit.waiting = false
            }
        }
        slot.srb.pointee.SrbStatus = UCHAR(status)
        seal(slot, withExtension: false)
        slot.done = true
    }

    /// The slot whose SRB a miniport pointer designates (validated: inside the pool, aligned).
    func slot(for srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?) -> RequestSlot? {
        slotIndex(for: srb).map { slots[$0] }
    }

    /// Whether the adapter's SRB kind can carry `request` (its CDB length and buffer size).
    @inline(__always)
    func carries(_ request: Request) -> Bool {
        request.fitsSRB || (srbExBlock != nil && request.fitsExtendedSRB)
    }

    /// The index of the slot whose SRB `srb` is, by address (nil for any other pointer).
    @inline(__always)
    private func slotIndex(for srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?) -> Int? {
        guard let srb else { return nil }
        // A miniport that takes extended SRBs only ever sees those: its pointers map into their block.
        let base = srbExBlock.map { UInt(bitPattern: $0) } ?? UInt(bitPattern: srbBlock)
        let offset = UInt(bitPattern: srb) &- base   // wraps for a pointer below the block
        let stride = srbExBlock == nil ? UInt(MemoryLayout<SCSI_REQUEST_BLOCK>.stride) : UInt(Self.extendedSRBStride)
        guard offset % stride == 0, offset / stride < UInt(Self.slotCount) else { return nil }
        return Int(offset / stride)
    }

    /// `body` applied to the slot whose SRB `srb` is, without reference counting (the port
    /// calls a miniport makes for every request look their SRB up); `fallback` for any other
    /// pointer.
    @inline(__always)
    func withSlot<T>(for srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?, _ fallback: T, _ body: (RequestSlot) -> T) -> T {
        guard let index = slotIndex(for: srb) else { return fallback }
        return withSlot(at: index, body)
    }

    // MARK: notifications and port services

    func nextRequest() { readyForNextRequest = true }

    func nextLuRequest(path: UInt8, target: UInt8, lun: UInt8) {
        readyForNextRequest = true
        existingUnitReference(path: path, target: target, lun: lun)?._withUnsafeGuaranteedRef { nextLuRequest(on: $0) }
    }

    private func nextLuRequest(on unit: LogicalUnit) {
        unit.readyForMore = true
        // An untagged request owns its logical unit until it completes. Requests are untagged
        // only for a miniport without TaggedQueuing (see `prepare`), so others skip the scan.
        if hw.TaggedQueuing == 0, unit.active > 0, let untagged = slots.first(where: {
            $0.active && $0.unit === unit && $0.srb.pointee.QueueTag == spUntagged
        }) {
            driver.violate(.nextLuWhileUntagged, "NextLuRequest for \(unit.path):\(unit.target):\(unit.lun) while untagged request "
                + "\(untagged.index) is outstanding there")
        }
    }

    func resetDetected() {
        driver.note(.port, "ResetDetected: holding new requests for \(Self.resetHold / 1_000_000) ms")
        beginResetHold(path: nil, reportedBy: driver.routine)
    }

    /// A bus reset (the port's HwResetBus after a timeout, or the miniport's ResetDetected):
    /// no request starts for `resetHold`. The miniport is to complete every request outstanding
    /// on the bus (`path`, or all buses); whatever is still outstanding when the hold ends breaks
    /// reset.outstanding-after-hold (0x1007) and is ended by the port with SRB_STATUS_BUS_RESET.
    private func beginResetHold(path: UInt8?, reportedBy routine: StaticString) {
        holdUntil = clock.now &+ Self.resetHold
        let held = slots.filter { $0.active && (path == nil || $0.srb.pointee.PathId == path) }.map { ($0.index, $0.serial) }
        // The hold's end decides their fate; they do not time out (and reset the bus) again.
        for (index, _) in held { slots[index].deadline = .max }
        clock.schedule(after: Self.resetHold) { [lifeline] in
            lifeline.owner?.endResetHold(held, path: path, reportedBy: routine)
        }
    }

    /// The reset hold is over: requests the reset should have ended and did not are ended now.
    private func endResetHold(_ held: [(index: Int, serial: UInt64)], path: UInt8?, reportedBy routine: StaticString) {
        guard !isShutDown else { return }
        for (index, serial) in held where slots[index].active && slots[index].serial == serial && slots[index].claimEnd() {
            let slot = slots[index]
            driver.violate(.resetOutstandingAfterHold, "request \(index) (operation 0x"
                + String(withUnsafeBytes(of: slot.srb.pointee.Cdb) { $0[0] }, radix: 16)
                + ") is still outstanding when the \(Self.resetHold / 1_000_000) ms reset hold ends"
                + (path.map { " on path \($0)" } ?? ""), routine: routine)
            slot.srb.pointee.SrbStatus = UCHAR(SRB_STATUS_BUS_RESET)
            deactivate(slot)
            completed.append(index)
        }
        runDeferred()
    }

    func busChangeDetected(path: UInt8) {
        driver.note(.port, "BusChangeDetected on path \(path): rescan scheduled")
        rescanRequested = true
    }

    func deferRoutine(_ routine: PHW_INTERRUPT?, _ name: String) {
        guard let routine else {
            driver.note(.refused, "\(name) without a routine")
            return
        }
        deferredRoutines.append((routine, name))
    }

    func requestTimer(_ routine: PHW_TIMER?, microseconds: UInt32) {
        if let timer { clock.cancel(timer.id) }
        timer = nil
        timerDue = nil
        guard let routine, microseconds > 0 else { return }
        let id = clock.schedule(after: UInt64(microseconds) * 1_000) { [lifeline] in
            guard let self = lifeline.owner else { return }
            // HwTimer is synchronized with the miniport's other routines: when the time comes
            // while one of them runs (stalling), it is called as soon as that routine returns.
            self.timer = nil
            self.timerDue = routine
            self.runDeferred()
        }
        timer = (routine, id)
    }

    /// ScsiPortCompleteRequest: ends every active request matching the address (spUntagged
    /// 0xFF is a wildcard for target and LUN) with `status`.
    func completeRequests(path: UInt8, target: UInt8, lun: UInt8, status: UInt8) {
        for slot in slots where slot.active && !slot.building {
            let srb = slot.srb.pointee
            guard srb.PathId == path || path == spUntagged, srb.TargetId == target || target == spUntagged,
                  srb.Lun == lun || lun == spUntagged, slot.claimEnd() else { continue }
            slot.srb.pointee.SrbStatus = status
            deactivate(slot)
            completed.append(slot.index)
        }
    }

    /// The active SRB with a queue tag (or the untagged active SRB).
    func activeSrb(path: UInt8, target: UInt8, lun: UInt8, tag: Int32) -> UnsafeMutablePointer<SCSI_REQUEST_BLOCK>? {
        for slot in slots where slot.active && !slot.building {
            let srb = slot.srb.pointee
            guard srb.PathId == path, srb.TargetId == target, srb.Lun == lun else { continue }
            if tag == Int32(spUntagged) ? srb.QueueTag == spUntagged : Int32(srb.QueueTag) == tag { return slot.miniportSRB }
        }
        return nil
    }

    // MARK: timeouts

    private func armTick() {
        guard !tickArmed else { return }
        tickArmed = true
        clock.schedule(after: Self.tickInterval, tick)
    }

    private func timeoutTick() {
        tickArmed = false
        guard !isShutDown else { return }
        // HwResetBus is synchronized with the miniport's other routines, like HwTimer (the
        // concurrent engine: with those its locks exclude).
        guard concurrent ? !routineRunsOnThisThread : inMiniport == 0 else {
            tickDue = true
            return
        }
        let now = clock.now
        var expiredPaths: Set<UInt8> = []
        for slot in slots where slot.active && !slot.building && slot.deadline <= now {
            expiredPaths.insert(slot.srb.pointee.PathId)
            if polled {
                let srb = slot.srb.pointee
                driver.violate(.dumpNoCompletion, "request \(slot.index) (operation 0x"
                    + String(withUnsafeBytes(of: srb.Cdb) { $0[0] }, radix: 16)
                    + ") did not complete within its \(srb.TimeOutValue) s of polling", unit: slot.address)
            }
        }
        for path in expiredPaths.sorted() {
            timeouts += 1
            driver.note(.port, "request timed out on path \(path): HwResetBus")
            callResetBus(path)
            beginResetHold(path: path, reportedBy: "HwResetBus")
        }
        if slots.contains(where: { $0.active }) { armTick() }
        runDeferred()
    }

    // MARK: miniport calls

    /// Runs a miniport routine with the adapter's synchronization held.
    /// `holding`: the StorPort locks the port holds for the routine (see ``StorLocks``).
    /// Under the concurrent engine (``concurrent``) the routine runs without the engine lock,
    /// under real locks: those of `locks`, `channel`'s (HwStartIo) and `message`'s
    /// (HwMSInterruptRoutine with a lock per message).
    ///
    /// On the I/O path `body` captures the device extension and ``msABI`` as local values, not
    /// the adapter: a closure that captures `self` counts a reference to the adapter around
    /// every routine (`refcounts_per_io`, docs/performance.md step 26).
    @inline(__always)
    func callMiniport<T>(_ routine: StaticString, holding locks: StorLocks = [], channel: Int? = nil, message: Int? = nil,
                         _ body: () -> T) -> T {
        if let storReference, storReference._withUnsafeGuaranteedRef({ $0.concurrent }) {
            return storReference._withUnsafeGuaranteedRef {
                callConcurrently($0, routine, holding: locks, channel: channel, message: message, body)
            }
        }
        inMiniport += 1
        refreshWindowsIfNeeded()
        let running = RunningRoutine.enter(routine, driver: driverRef, adapter: Unmanaged.passUnretained(self))
        let previousLocks = stor?.portHeld ?? []
        let acquiredBefore = stor?.acquiredCount ?? 0
        let messageLocksBefore = stor?.messageLocksAcquiredCount ?? 0
        stor?.portHeld = locks
        let started = now
        let traceStart = tracing ? tracer!.now() : 0
        let value = body()
        if tracing, let trace = tracer { traceRoutine(routine, since: traceStart, trace) }
        withStor(()) { stor in
            stor.portHeld = previousLocks
            if stor.acquiredCount > acquiredBefore { releaseLeftLocks(from: acquiredBefore, routine: routine) }
            if stor.messageLocksAcquiredCount > messageLocksBefore { releaseLeftMessageLocks(routine: routine) }
        }
        RunningRoutine.leave(running)
        inMiniport -= 1
        checkDuration(of: routine, since: started)
        return value
    }

    /// routine.too-long: virtual time a routine spent (in stalls) over 0.5 s, or 5 s for
    /// HwInitialize; HwFindAdapter is exempt.
    @inline(__always)
    func checkDuration(of routine: StaticString, since started: UInt64) {
        let spent = now &- started
        guard spent > 500_000_000 else { return }
        let name = "\(routine)"
        let limit: UInt64 = name == "HwInitialize" ? 5_000_000_000 : 500_000_000
        guard name != "HwFindAdapter", spent > limit else { return }
        driver.violate(.routineTooLong, "\(name) ran for \(spent / 1_000_000) ms of virtual time (limit \(limit / 1_000_000) ms)",
                       routine: routine)
    }

    /// HwAdapterControl with `type`, when the miniport reported the type in
    /// ScsiQuerySupportedControlTypes: whether it returned ScsiAdapterControlSuccess. Nil when it
    /// does not support the type (nothing was called).
    func adapterControl(_ type: SCSI_ADAPTER_CONTROL_TYPE, _ parameters: UnsafeMutableRawPointer?,
                        holding locks: StorLocks = []) -> Bool? {
        guard let control = hw.HwAdapterControl, supportedControlTypes.contains(Int(type.rawValue)) else { return nil }
        return callMiniport("HwAdapterControl", holding: locks) {
            guard msABI else { return control(deviceExtension, type, parameters) }
            return SCSI_ADAPTER_CONTROL_STATUS(rawValue: MpAbiMsCallU323(
                MsCall.entry(control), MsCall.arg(deviceExtension), UInt64(type.rawValue), MsCall.arg(parameters)))
        } == ScsiAdapterControlSuccess
    }

    /// ScsiAdapterPower: the adapter to D0 or D3 (runtime: no system power action).
    private func adapterPower(_ state: STOR_DEVICE_POWER_STATE) -> Bool? {
        var power = STOR_ADAPTER_CONTROL_POWER()
        power.Header.Version = 1
        power.Header.Size = ULONG(MemoryLayout<STOR_ADAPTER_CONTROL_POWER>.size)
        power.PowerAction = StorPowerActionNone
        power.PowerState = state
        return withUnsafeMutablePointer(to: &power) { adapterControl(.adapterPower, $0) }
    }

    /// Stops the adapter as for a power-down: ScsiAdapterPower to D3 when the miniport supports
    /// it (then no ScsiStopAdapter); otherwise ScsiStopAdapter (interrupt lock held) followed by
    /// ScsiSetBootConfig, or HwAdapterState for a SCSI Port miniport without HwAdapterControl.
    @discardableResult
    public func stop() -> Bool {
        withEngine {
            guard !isShutDown else { return false }
            checkExtensionGuards(at: "stop")
            if let powered = adapterPower(StorPowerDeviceD3) {
                isStopped = powered
            } else if let stopped = adapterControl(ScsiStopAdapter, nil, holding: .interrupt) {
                isStopped = stopped
                if stopped { _ = adapterControl(ScsiSetBootConfig, nil) }
            } else if let state = hw.HwAdapterState {
                isStopped = callMiniport("HwAdapterState") {
                    msABI ? MpAbiMsCallU83(MsCall.entry(state), MsCall.arg(deviceExtension), 0, 1)
                        : state(deviceExtension, nil, 1)
                } != 0
            } else {
                driver.note(.refused, "the miniport supports neither ScsiStopAdapter nor HwAdapterState")
            }
            return isStopped
        }
    }

    /// Restarts a stopped adapter: ScsiAdapterPower to D0, or ScsiSetRunningConfig followed by
    /// ScsiRestartAdapter (interrupt lock held), or HwAdapterState with SaveState FALSE.
    @discardableResult
    public func restart() -> Bool {
        withEngine {
            guard !isShutDown else { return false }
            guard isStopped else { return true }
            var ok = false
            if let powered = adapterPower(StorPowerDeviceD0) {
                ok = powered
            } else if supportedControlTypes.contains(Int(ScsiRestartAdapter.rawValue)) {
                _ = adapterControl(ScsiSetRunningConfig, nil)
                ok = adapterControl(ScsiRestartAdapter, nil, holding: .interrupt) ?? false
            } else if let state = hw.HwAdapterState {
                ok = callMiniport("HwAdapterState") {
                    msABI ? MpAbiMsCallU83(MsCall.entry(state), MsCall.arg(deviceExtension), 0, 0)
                        : state(deviceExtension, nil, 0)
                } != 0
            }
            isStopped = !ok
            runDeferred()
            return ok
        }
    }

    /// The adapter was pulled out: HwAdapterControl(ScsiAdapterSurpriseRemoval), then every
    /// new request ends with SRB_STATUS_NO_HBA. Requests already at the miniport are left to it.
    public func surpriseRemove() {
        withEngine {
            guard !isShutDown, !isRemoved else { return }
            isRemoved = true
            _ = adapterControl(.surpriseRemoval, nil)
            driver.note(.port, "adapter surprise-removed")
        }
    }

    // MARK: address services

    struct DeviceBase {
        var cookie: UnsafeMutableRawPointer
        var length: Int
        var busAddress: UInt64
        var inIoSpace: Bool
        /// Address space reserved for the range (false: an I/O port number of a Windows image).
        var reserved: Bool
        /// The device range behind `busAddress`, resolved once (``refreshWindows()``): a
        /// register access inside it goes straight to the device's handlers.
        var window: AddressSpace.Window? = nil
    }

    /// The address spaces' generations when the windows were last resolved.
    private var windowGenerations: (io: UInt64, memory: UInt64) {
        get { (windowGenerationIO, windowGenerationMemory) }
        set { (windowGenerationIO, windowGenerationMemory) = newValue }
    }

    /// Resolves every mapped base's window again when a BAR moved or was (un)mapped since:
    /// called as a miniport routine starts, so the windows change only under the port's
    /// synchronization. An access with a stale window takes the searching path meanwhile.
    @inline(__always)
    func refreshWindowsIfNeeded() {
        let current = (io: ioSpace._withUnsafeGuaranteedRef { $0.generation },
                       memory: memorySpace._withUnsafeGuaranteedRef { $0.generation })
        guard current != windowGenerations else { return }
        refreshWindows()
    }

    private func publishBases() {
        let table = UnsafeMutablePointer<DeviceBase>.allocate(capacity: max(deviceBases.count, 1))
        table.initialize(from: deviceBases, count: deviceBases.count)
        if let old = baseTable.baseAddress { retiredBaseTables.append(old) }
        baseTable = UnsafeMutableBufferPointer(start: table, count: deviceBases.count)
    }

    private func refreshWindows() {
        windowGenerations = (ioSpace._withUnsafeGuaranteedRef { $0.generation },
                             memorySpace._withUnsafeGuaranteedRef { $0.generation })
        // Changed as a copy and stored once: each change of `deviceBases` publishes a new table.
        var bases = deviceBases
        for index in bases.indices {
            let base = bases[index]
            bases[index].window = (base.inIoSpace ? ioSpace : memorySpace)._withUnsafeGuaranteedRef {
                $0.window(at: base.busAddress)
            }
        }
        deviceBases = bases
    }

    /// ScsiPortGetDeviceBase: reserves inaccessible address space standing for the range; every
    /// access must go through the port's accessors (a direct dereference faults at once).
    func mapDeviceBase(ioAddress: UInt64, length: ULONG, inIoSpace: Bool) -> UnsafeMutableRawPointer? {
        guard validateRange(ioAddress: ioAddress, length: length, inIoSpace: inIoSpace), length > 0 else {
            driver.violate(.deviceBaseUnassigned, "ScsiPortGetDeviceBase(0x\(String(ioAddress, radix: 16)), \(length), "
                + "\(inIoSpace ? "I/O" : "memory")) is not inside one of the adapter's ranges")
            return nil
        }
        if inIoSpace && msABI {
            // Windows code reaches I/O space with IN and OUT on the port number itself (what
            // Windows returns for an I/O range): the trap handler emulates the instructions,
            // and the port's own accessors accept the number as for any other base.
            guard let port = UnsafeMutableRawPointer(bitPattern: UInt(ioAddress)) else { return nil }
            deviceBases.append(DeviceBase(cookie: port, length: Int(length), busAddress: ioAddress, inIoSpace: true,
                                          reserved: false))
            refreshWindows()
            return port
        }
        let pageLength = (Int(length) + 4095) & ~4095
        guard let cookie = mmap(nil, pageLength, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              cookie != MAP_FAILED else { return nil }
        deviceBases.append(DeviceBase(cookie: cookie, length: pageLength, busAddress: ioAddress, inIoSpace: inIoSpace,
                                      reserved: true))
        refreshWindows()
        if msABI { addTrapWindow(deviceBases[deviceBases.count - 1]) }
        return cookie
    }

    func freeDeviceBase(_ cookie: UnsafeMutableRawPointer?) {
        guard let index = deviceBases.firstIndex(where: { $0.cookie == cookie }) else {
            driver.note(.refused, "ScsiPortFreeDeviceBase with an address ScsiPortGetDeviceBase did not return")
            return
        }
        if deviceBases[index].reserved {
            if msABI { removeTrapWindow(deviceBases[index]) }
            munmap(deviceBases[index].cookie, deviceBases[index].length)
        }
        deviceBases.remove(at: index)
    }

    /// The bus address behind a mapped register pointer.
    @inline(__always)
    func busAddress(of pointer: UnsafeMutableRawPointer?, width: Int, io: Bool) -> UInt64? {
        let value = UInt(bitPattern: pointer)
        do {
            let bases = baseTable
            for base in bases where base.inIoSpace == io {
                let start = UInt(bitPattern: base.cookie)
                // Overflow-free: the pointer and width are the miniport's.
                if value >= start, value - start <= UInt(base.length), UInt(width) <= UInt(base.length) - (value - start) {
                    return base.busAddress + UInt64(value - start)
                }
            }
            return nil
        }
    }

    /// A register or port access (a write when `value` is given) through a pointer from
    /// ScsiPortGetDeviceBase; nil when the pointer lies in none of this adapter's ranges.
    /// An access inside the base's resolved window calls the device directly (no range
    /// search; no reference counting for a ``DirectDeviceIO``); any other goes through the
    /// address space's search.
    @inline(__always)
    func registerAccess(_ pointer: UnsafeMutableRawPointer?, width: Int, io: Bool, write value: UInt64?) -> UInt64? {
        let address = UInt(bitPattern: pointer)
        do {
            let bases = baseTable
            for base in bases where base.inIoSpace == io {
                let start = UInt(bitPattern: base.cookie)
                // Overflow-free: the pointer and width are the miniport's.
                guard address >= start, address - start <= UInt(base.length),
                      UInt(width) <= UInt(base.length) - (address - start) else { continue }
                let offset = UInt64(address - start)
                // Unmanaged: the machine (held by the adapter) owns both spaces; a retained
                // reference here was two atomic operations on every register access.
                return (io ? ioSpace : memorySpace)._withUnsafeGuaranteedRef { space in
                    if let window = base.window, window.generation == space.generation, offset <= window.length,
                       UInt64(width) <= window.length - offset {
                        guard let value else { return space.read(window, at: offset, width: width) }
                        space.write(window, at: offset, width: width, value: value)
                        return 0
                    }
                    guard let value else { return space.read(base.busAddress + offset, width: width) }
                    space.write(base.busAddress + offset, width: width, value: value)
                    return 0
                }
            }
            return nil
        }
    }

    /// Whether `ioAddress`…`ioAddress + length` lies inside one of the adapter's BARs of that
    /// kind (computed without overflow: both values are the miniport's).
    func validateRange(ioAddress: UInt64, length: ULONG, inIoSpace: Bool) -> Bool {
        guard let function else { return false }
        let bars = function.device.bars
        return bars.indices.contains { index in
            let base = function.barAddress(index)
            let size = UInt64(bars[index].size)
            return (bars[index].kind == .io) == inIoSpace && ioAddress >= base && ioAddress - base <= size
                && UInt64(length) <= size - (ioAddress - base)
        }
    }

    func getUncachedExtension(length: ULONG) -> UnsafeMutableRawPointer? {
        guard inFindAdapter else {
            driver.violate(.uncachedBadCall, "ScsiPortGetUncachedExtension outside HwFindAdapter")
            return nil
        }
        if let existing = uncachedExtension {
            guard Int(length) <= existing.length else {
                driver.violate(.uncachedBadCall, "ScsiPortGetUncachedExtension asked for \(length) bytes after \(existing.length)")
                return nil
            }
            return existing.hostAddress
        }
        if polled, length > Self.dumpUncachedLimit {
            driver.violate(.dumpMemoryLimit, "ScsiPortGetUncachedExtension(\(length)) in \(driver.mode.rawValue) mode: "
                + "at most \(Self.dumpUncachedLimit) bytes of non-cached memory are available for a dump")
            return nil
        }
        guard length > 0, length <= 64 << 20,
              let region = memory.allocateDMA(length: Int(length), label: "uncached extension",
                                              hostSlack: ExtensionGuard.bytes) else {
            driver.note(.refused, "ScsiPortGetUncachedExtension(\(length)) could not be satisfied")
            return nil
        }
        ExtensionGuard.fill(region.hostAddress + region.length)
        uncachedGuardOffset = region.length
        uncachedExtension = region
        return region.hostAddress
    }

    /// ScsiPortGetPhysicalAddress over the uncached extension, SRB extensions, and the active
    /// SRB's data and sense buffers.
    func physicalAddress(srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>?, virtual address: UnsafeMutableRawPointer?,
                         length: UnsafeMutablePointer<ULONG>?) -> UInt64 {
        guard let address else {
            length?.pointee = 0
            return 0
        }
        let inRequest: UInt64? = withSlot(for: srb, nil) { slot in
            guard slot.active else { return nil }
            // The buffers the port mapped, whatever the miniport has put in the SRB since.
            func inside(_ mapping: PhysicalMemory.Mapping?, _ base: UnsafeMutableRawPointer?) -> UInt64? {
                guard let mapping, let base, address >= base, address < base + mapping.length else { return nil }
                let offset = address - base
                length?.pointee = ULONG(mapping.length - offset)
                return mapping.physicalAddress + UInt64(offset)
            }
            return inside(slot.dataMapping, slot.dataBuffer) ?? inside(slot.senseMapping, slot.sense)
        }
        if let inRequest { return inRequest }
        if let (physical, contiguous) = withMemory({ $0.physicalAddress(of: address) }),
           physical < withMemory({ $0.mappingBase }) {
            var contiguous = contiguous
            // An SRB extension is contiguous to its own end, not to the end of the pool: the
            // next slot's extension belongs to another request.
            if let pool = srbExtensionPool, srbExtensionStride > 0, address >= pool.hostAddress,
               address < pool.hostAddress + pool.length {
                let offset = address - pool.hostAddress
                contiguous = min(contiguous, srbExtensionSize - offset % srbExtensionStride)
                if contiguous <= 0 {   // in the padding between two extensions
                    length?.pointee = 0
                    driver.note(.refused, "ScsiPortGetPhysicalAddress past the end of an SRB extension")
                    return 0
                }
            }
            length?.pointee = ULONG(min(contiguous, Int(UInt32.max)))
            return physical
        }
        length?.pointee = 0
        driver.violate(.physInvalidAddress, "ScsiPortGetPhysicalAddress for an address that is not DMA-able (not the uncached "
            + "extension, an SRB extension, or the given SRB's data or sense buffer)")
        return 0
    }
}

extension PortAdapter.Result {
    /// A request that ended without data or sense (refused, or ended by the port).
    init(srbStatus: UInt8) {
        self.init(srbStatus: srbStatus, scsiStatus: 0, transferred: 0, sense: [])
    }
}

/// StorPort's HwAdapterControl types past SCSI Port's: the host sees srb.h's enumeration, which
/// ends at ScsiSetRunningConfig.
extension SCSI_ADAPTER_CONTROL_TYPE {
    static let powerSettingNotification = Self(rawValue: 5)
    static let adapterPower = Self(rawValue: 6)
    static let prepareForBusReScan = Self(rawValue: 11)
    static let surpriseRemoval = Self(rawValue: 16)
    /// Entries of the list a StorPort miniport fills for ScsiQuerySupportedControlTypes
    /// (storport.h's ScsiAdapterControlMax).
    static let storPortCount = 22
}

/// SP_UNINITIALIZED_VALUE and SP_UNTAGGED (the C macros cast ~0, which Swift does not import).
let spUninitialized = ULONG.max
let spUntagged: UInt8 = 0xFF

/// Port-side state of one request slot: the SRB the miniport sees and its buffers.
final class RequestSlot {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    let index: Int
    let srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>
    /// The unit the port addressed this request to (log metadata).
    var address: UnitAddress { UnitAddress(pathId: srb.pointee.PathId, targetId: srb.pointee.TargetId, lun: srb.pointee.Lun) }
    /// The slot's STORAGE_REQUEST_BLOCK for a miniport that takes extended SRBs (nil otherwise),
    /// its copy at completion (srb.use-after-completion) and the bytes the port built.
    let srbEx: UnsafeMutableRawPointer?
    let srbExShadow: UnsafeMutableRawPointer?
    @exclusivity(unchecked) var srbExLength = 0
    @exclusivity(unchecked) var srbExBlocks = 0
    /// The whole CDB's length and its bytes past 16 (extended SRBs carry up to 32).
    @exclusivity(unchecked) var cdbLength = 0
    @exclusivity(unchecked) var longCdb: (UInt64, UInt64) = (0, 0)
    /// SRB_FUNCTION_WMI's DataPath (restored each time the request is handed to the miniport).
    @exclusivity(unchecked) var wmiDataPath: UnsafeMutableRawPointer?
    /// What the miniport is handed: the extended SRB, or the SCSI_REQUEST_BLOCK itself.
    let miniportSRB: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>
    let sense: UnsafeMutableRawPointer
    /// Replaced only before any request (``useExtension(_:size:)``).
    @exclusivity(unchecked) private(set) var srbExtension: UnsafeMutableRawPointer?
    /// Unretained: the adapter owns its units (``PortAdapter/unitOrder``) until it shuts down,
    /// after every slot has ended; a counted reference cost a retain and a release per request
    /// (an `unowned(unsafe)` one too, per read). The hot paths use ``withUnit(_:)``.
    @exclusivity(unchecked) var unitReference: Unmanaged<LogicalUnit>?
    var unit: LogicalUnit? { unitReference?.takeUnretainedValue() }

    /// `body` applied to the request's unit without counting a reference (the unit must be set).
    @inline(__always)
    func withUnit<T>(_ body: (LogicalUnit) -> T) -> T { unitReference!._withUnsafeGuaranteedRef(body) }
    /// The virtual processor that submitted the request (its StorPort channel).
    @exclusivity(unchecked) var processor = 0
    @exclusivity(unchecked) var queued = false
    /// Outstanding at the miniport: buffers mapped, completion expected.
    @exclusivity(unchecked) var active = false
    /// HwStartIo was called (a StorPort request is active from HwBuildIo on).
    @exclusivity(unchecked) var started = false
    /// In HwBuildIo (StorPort): the submitting thread owns it, engine scans skip it.
    @exclusivity(unchecked) var building = false
    @exclusivity(unchecked) var done = false
    @exclusivity(unchecked) var deadline: UInt64 = 0
    /// Which start of the slot this is (see `PortAdapter.startSerial`).
    @exclusivity(unchecked) var serial: UInt64 = 0
    /// Virtual time the request was queued.
    @exclusivity(unchecked) var queuedAt: UInt64 = 0
    /// The request's id in the driver's trace.
    @exclusivity(unchecked) var traceID: UInt64 = 0
    /// What HwBuildIo returned for it (StorPort).
    @exclusivity(unchecked) var built = false
    @exclusivity(unchecked) var busyRetries = 0
    /// Issued without a waiter (``PortAdapter/issueWithoutWaiting(_:)``): released when it ends.
    @exclusivity(unchecked) var detached = false
    @exclusivity(unchecked) var parent: Int?
    @exclusivity(unchecked) var dataMapping: PhysicalMemory.Mapping?
    @exclusivity(unchecked) var senseMapping: PhysicalMemory.Mapping?
    /// The data and sense buffers as the port prepared them (the SRB's copies are the miniport's).
    @exclusivity(unchecked) var dataBuffer: UnsafeMutableRawPointer?
    @exclusivity(unchecked) var dataLength: ULONG = 0
    /// A data-out request's caller buffer (read only), while the miniport works on its copy in
    /// `outgoing`; nil for other requests and for requests nobody waits for.
    @exclusivity(unchecked) var outgoingSource: UnsafeRawPointer?
    /// The slot's staging memory for data-out copies: grown to the largest request seen (plus a
    /// page, to keep the caller's offset in its page), then reused without allocating.
    @exclusivity(unchecked) private var outgoing: UnsafeMutableRawPointer?
    @exclusivity(unchecked) private var outgoingCapacity = 0
    @exclusivity(unchecked) var senseLength: UCHAR = 0
    /// srb.use-after-completion: the SRB (and its extension, in `extensionShadow`) as they were
    /// when the request left the miniport, and whether the miniport may no longer touch them.
    @exclusivity(unchecked) var completedSRB = SCSI_REQUEST_BLOCK()
    @exclusivity(unchecked) var watched = false
    /// The routine that completed the request (RequestComplete), for the report.
    @exclusivity(unchecked) var completedBy: StaticString = "port"
    /// Whether the request's end is claimed: false from the moment the port hands it to the
    /// miniport (``PortAdapter``'s `activate`) until RequestComplete or a port path that ends
    /// requests (a reset, an abort, the unclaimed-interrupt fallback) claims it with
    /// ``claimEnd()``. Under the concurrent StorPort engine RequestComplete claims it without
    /// the engine lock, so the claim decides which of two racing ends happens: exactly one.
    let endClaimed = Atomic<Bool>(true)
    /// The next slot on the adapter's stack of completions claimed without the engine lock.
    let nextClaimed = Atomic<Int>(-1)

    /// Claims the request's end; false when it is not outstanding or already claimed.
    @inline(__always)
    func claimEnd() -> Bool {
        endClaimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
    }
    /// Bytes of the SRB extension (0 without one) and their copy at completion.
    @exclusivity(unchecked) private(set) var extensionSize: Int
    @exclusivity(unchecked) private(set) var extensionShadow: UnsafeMutableRawPointer?

    /// `srb` belongs to the adapter's block of SRBs.
    init(index: Int, srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>, srbExtension: UnsafeMutableRawPointer?,
         extensionSize: Int = 0, extendedSRB: UnsafeMutableRawPointer? = nil) {
        self.index = index
        self.srb = srb
        srbEx = extendedSRB
        srbExShadow = extendedSRB.map { _ in
            let shadow = UnsafeMutableRawPointer.allocate(byteCount: PortAdapter.extendedSRBStride, alignment: 16)
            shadow.initializeMemory(as: UInt8.self, repeating: 0, count: PortAdapter.extendedSRBStride)
            return shadow
        }
        // The extended SRB is handed through the same C parameter (PSCSI_REQUEST_BLOCK), as in the WDK.
        miniportSRB = extendedSRB.map { $0.assumingMemoryBound(to: SCSI_REQUEST_BLOCK.self) } ?? srb
        sense = .allocate(byteCount: PortAdapter.senseCapacity, alignment: 16)
        sense.initializeMemory(as: UInt8.self, repeating: 0, count: PortAdapter.senseCapacity)
        self.srbExtension = nil
        self.extensionSize = 0
        extensionShadow = nil
        if let srbExtension { useExtension(srbExtension, size: extensionSize) }
    }

    /// The slot's SRB extension becomes `size` bytes at `srbExtension` (with a fresh shadow).
    func useExtension(_ srbExtension: UnsafeMutableRawPointer, size: Int) {
        extensionShadow?.deallocate()
        self.srbExtension = srbExtension
        extensionSize = size
        if size > 0 {
            let shadow = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
            shadow.initializeMemory(as: UInt8.self, repeating: 0, count: size)
            extensionShadow = shadow
        } else {
            extensionShadow = nil
        }
    }

    /// `length` bytes from `source` copied into the slot's staging memory, at `source`'s offset
    /// in its 4 KiB page; returns the copy.
    func stageOutgoing(_ source: UnsafeRawPointer, length: Int) -> UnsafeMutableRawPointer {
        let offset = Int(bitPattern: source) & 4095
        if outgoingCapacity < offset + length {
            outgoing?.deallocate()
            outgoingCapacity = (offset + length + 4095) & ~4095 + 4096
            outgoing = .allocate(byteCount: outgoingCapacity, alignment: 4096)
        }
        let copy = outgoing! + offset
        copy.copyMemory(from: source, byteCount: length)
        return copy
    }

    func reset() {
        queued = false
        active = false
        started = false
        building = false
        done = false
        busyRetries = 0
        detached = false
        parent = nil
        deadline = 0
    }

    deinit {
        sense.deallocate()
        outgoing?.deallocate()
        extensionShadow?.deallocate()
        srbExShadow?.deallocate()
    }
}

/// A logical unit as the port tracks it: its queue and its LU extension.
final class LogicalUnit {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    let path: UInt8
    let target: UInt8
    let lun: UInt8
    let luExtension: UnsafeMutableRawPointer?
    /// Slot indices waiting to start here, oldest first.
    @exclusivity(unchecked) var queue = SlotQueue(capacity: PortAdapter.slotCount)
    /// In the adapter's `waitingUnits`.
    @exclusivity(unchecked) var waiting = false
    /// Requests started and not yet completed.
    @exclusivity(unchecked) var active = 0
    @exclusivity(unchecked) var readyForMore = false
    // StorPort queue control.
    /// Requests the unit may have outstanding (StorPortSetDeviceQueueDepth).
    @exclusivity(unchecked) var depth = 32
    /// StorPortDeviceBusy: completions to wait for before starting more here.
    @exclusivity(unchecked) var busyCompletions: UInt32 = 0
    /// StorPortPauseDevice: nothing starts here before this virtual time.
    @exclusivity(unchecked) var pausedUntil: UInt64 = 0
    /// The unit's track in the driver's trace (its requests' lifetimes).
    @exclusivity(unchecked) var traceTrack = 0

    init(path: UInt8, target: UInt8, lun: UInt8, extensionSize: Int) {
        self.path = path
        self.target = target
        self.lun = lun
        if extensionSize > 0 {
            // Room for the guard pattern the adapter writes after the extension.
            let pointer = UnsafeMutableRawPointer.allocate(byteCount: extensionSize + ExtensionGuard.bytes, alignment: 16)
            pointer.initializeMemory(as: UInt8.self, repeating: 0, count: extensionSize)
            luExtension = pointer
        } else {
            luExtension = nil
        }
    }

    deinit { queue.deallocate() }
}

/// A logical unit's queue of slot indices: a ring of fixed capacity (the adapter's slot count,
/// so it never fills), taking from the front without moving the rest.
struct SlotQueue {
    private let storage: UnsafeMutablePointer<Int>
    private let capacity: Int
    private var head = 0
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    func deallocate() { storage.deallocate() }

    var isEmpty: Bool { count == 0 }

    /// The element `offset` places from the front.
    private func at(_ offset: Int) -> Int { storage[(head + offset) % capacity] }

    mutating func append(_ index: Int) {
        precondition(count < capacity, "a unit's queue holds at most one entry per slot")
        storage[(head + count) % capacity] = index
        count += 1
    }

    mutating func prepend(_ index: Int) {
        precondition(count < capacity, "a unit's queue holds at most one entry per slot")
        head = (head + capacity - 1) % capacity
        storage[head] = index
        count += 1
    }

    mutating func removeFirst() -> Int {
        precondition(count > 0, "removeFirst on an empty queue")
        let index = storage[head]
        head = (head + 1) % capacity
        count -= 1
        return index
    }

    /// Removes and returns the first element `preferred` accepts, or the first element when
    /// none does (the queue must not be empty).
    mutating func removeFirst(preferring preferred: (Int) -> Bool) -> Int {
        guard let position = (0..<count).first(where: { preferred(at($0)) }), position > 0 else { return removeFirst() }
        let index = at(position)
        for offset in position..<(count - 1) { storage[(head + offset) % capacity] = at(offset + 1) }
        count -= 1
        return index
    }

    /// Removes `index` wherever it is; whether it was there.
    @discardableResult
    mutating func remove(_ index: Int) -> Bool {
        guard let position = (0..<count).first(where: { at($0) == index }) else { return false }
        for offset in position..<(count - 1) { storage[(head + offset) % capacity] = at(offset + 1) }
        count -= 1
        return true
    }
}
