import Foundation
import CMiniportABI
import MiniportPlatform
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// The SCSI Port driver for one miniport image, on one emulated machine.
///
/// Loading plays the part of the Windows I/O manager and scsiport.sys: the image is opened
/// (``MiniportImage``), every SCSI Port routine of its import table is bound to this port, an
/// emulated DRIVER_OBJECT is handed to `DriverEntry`, and each `ScsiPortInitialize` call the
/// miniport makes is validated and turned into adapters: PCI functions matching the
/// miniport's VendorId/DeviceId are configured, `HwFindAdapter` and `HwInitialize` run, and the
/// buses, targets and LUNs the miniport declared are scanned with INQUIRY.
///
/// Everything runs on the caller's thread, synchronously, on the machine's virtual clock.
public final class PortDriver {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// Why a miniport could not be loaded and brought up.
    public enum LoadError: Error, CustomStringConvertible {
        /// The image did not load (file, format, import table).
        case image(MiniportImageError)
        /// DriverEntry returned an error NTSTATUS; the port's log up to then.
        case driverEntryFailed(path: String, status: UInt32, log: [PortLogEntry])
        /// DriverEntry succeeded but no adapter was found (HwFindAdapter claimed none, or failed); the port's log.
        case noAdapter(path: String, log: [PortLogEntry])
        /// The image is already bound to another port: `dlopen` returned the handle (and the one
        /// import table) of a copy that is still loaded, e.g. the same path loaded twice.
        case imageInUse(path: String)

        /// The error in words, with the last reasons the port logged.
        public var description: String {
            switch self {
            case .image(let error): return error.description
            case .driverEntryFailed(let path, let status, let log):
                return "\(path): DriverEntry returned 0x\(String(status, radix: 16, uppercase: true))"
                    + PortDriver.lastReasons(log)
            case .noAdapter(let path, let log):
                return "\(path): the miniport found no adapter" + PortDriver.lastReasons(log)
            case .imageInUse(let path):
                return "\(path): this image is already loaded by another port (load a copy of the file instead)"
            }
        }

        /// The rules the miniport broke before the load failed (they are in its log).
        public var violations: [Violation] {
            switch self {
            case .driverEntryFailed(_, _, let log), .noAdapter(_, let log): return log.compactMap(\.violation)
            case .image, .imageInUse: return []
            }
        }
    }

    /// One ScsiPortInitialize call, as the miniport registered it.
    public struct Registration: Sendable, Equatable {
        /// HwInitializationDataSize as the miniport set it.
        public var hwInitializationDataSize: UInt32
        /// AdapterInterfaceType, an INTERFACE_TYPE value (5: PCIBus).
        public var interfaceType: Int32
        /// The PCI vendor ID string the port matches (`"6D70"`).
        public var vendorId: String
        /// The PCI device ID string the port matches.
        public var deviceId: String
        /// DeviceExtensionSize: bytes of per-adapter state the port allocates.
        public var deviceExtensionSize: UInt32
        /// SpecificLuExtensionSize: bytes of per-LU state.
        public var specificLuExtensionSize: UInt32
        /// SrbExtensionSize: bytes of per-request state.
        public var srbExtensionSize: UInt32
        /// NumberOfAccessRanges: the BARs the miniport expects.
        public var numberOfAccessRanges: UInt32
        /// MapBuffers: the miniport wants virtual addresses of data buffers.
        public var mapBuffers: Bool
        /// NeedPhysicalAddresses: the miniport calls ScsiPortGetPhysicalAddress.
        public var needPhysicalAddresses: Bool
        /// TaggedQueuing: more than one request per LU, with queue tags.
        public var taggedQueuing: Bool
        /// AutoRequestSense: the miniport returns sense data with CHECK CONDITION.
        public var autoRequestSense: Bool
        /// MultipleRequestPerLu: several untagged requests per LU.
        public var multipleRequestPerLu: Bool
        /// ReceiveEvent: the miniport accepts asynchronous event notifications.
        public var receiveEvent: Bool
        /// Which callbacks were provided, by name.
        public var callbacks: [String]
        /// The NTSTATUS ScsiPortInitialize or StorPortInitialize returned.
        public var status: UInt32
        /// A StorPort virtual miniport (no hardware).
        public var isVirtual = false
        /// StorPort's HW_INITIALIZATION_DATA.FeatureSupport (STOR_FEATURE_*), Windows 8 form.
        public var featureSupport: UInt32 = 0
    }

    /// The loaded miniport image.
    public let image: MiniportImage
    /// The image is Windows code (a `.sys`): every miniport routine is called with the
    /// Microsoft x64 convention (``MsCall``).
    let msABI: Bool
    /// The machine the adapters are on.
    public let machine: Machine
    /// The adapters HwFindAdapter claimed, each brought up and scanned.
    @exclusivity(unchecked) public private(set) var adapters: [PortAdapter] = []
    /// Whether the srb.use-after-completion rule also watches each request's SRB extension
    /// (default on): the port copies the extension as the request completes and compares it
    /// when the request slot is reused. The SRB itself is always watched. Turning it off is for
    /// measurements that want the port's cost without the verifier's (`miniport bench` prints
    /// `qd1_4k_read_unwatched` beside `qd1_4k_read`); the dump copies and other drivers keep
    /// their own setting.
    public var watchesSrbExtensions = true {
        didSet { for adapter in adapters { adapter.watchesSrbExtensions = watchesSrbExtensions } }
    }
    /// Whether StorPort adapters run the concurrent engine (default off: the deterministic
    /// engine, one miniport routine at a time, which the verifier's scenarios use). It applies
    /// to an adapter whose miniport asked for concurrent channels (StorPortInitializePerfOpts,
    /// STOR_PERF_CONCURRENT_CHANNELS) and that has nothing in flight: its routines then run
    /// without the adapter's engine lock, under real StorPort locks — HwStartIo on several
    /// channels at once (a lock per channel), HwMSInterruptRoutine for different messages at
    /// once (a lock per message with per-message synchronization), StorPortAcquireSpinLock and
    /// StorPortAcquireMSISpinLock taking those locks — with the lock checks kept per thread.
    /// Set it after loading, before driving I/O from several threads (`--concurrent`, and what
    /// `miniport bench`'s two-queue scaling figures use); the port logs each adapter's answer.
    public var concurrentStorPort = false {
        didSet { for adapter in adapters { adapter.useConcurrentEngine(concurrentStorPort) } }
    }
    /// The miniport's ScsiPortInitialize / StorPortInitialize calls, in order.
    @exclusivity(unchecked) public internal(set) var registrations: [Registration] = []
    /// What the port saw: bring-up steps, the miniport's error-log entries and debug prints, refused calls, rules broken.
    @exclusivity(unchecked) public private(set) var log: [PortLogEntry] = []
    /// The miniport's ScsiPortLogError calls, in order.
    @exclusivity(unchecked) public private(set) var errorLog: [MiniportErrorLog] = []
    /// StorPortLogSystemEvent entries, in order.
    @exclusivity(unchecked) public internal(set) var systemEvents: [SystemEvent] = []
    /// StorPortMarkDeviceFailed(Ex) reports, in order.
    @exclusivity(unchecked) public internal(set) var deviceFailures: [DeviceFailure] = []
    /// A dump copy's StorPortMarkDumpMemory ranges (DriverEntry and HwFindAdapter).
    @exclusivity(unchecked) public internal(set) var markedDumpMemory: [MarkedMemory] = []
    /// Routines the miniport called whose slot this port leaves empty (should stay empty).
    @exclusivity(unchecked) public private(set) var unresolvedCalls: [String] = []
    /// The emulated DRIVER_OBJECT handed to DriverEntry.
    public let driverObject: EmulatedDriverObject
    /// Argument string handed to HwFindAdapter (the dump port passes "dump=1").
    public let argumentString: String?
    /// Normal operation, or the crash-dump / hibernation copy the dump port drives.
    public let mode: PortMode
    /// Registry parameters each StorPort adapter starts with (StorPortRegistryRead).
    public let parameters: AdapterParameters
    /// A StorPort dump copy: what the normal miniport handed out as MiniportPrivateDumpData
    /// (ConfigInfo->MiniportDumpData).
    let miniportDumpData: UnsafeMutableRawPointer?
    /// ConfigInfo->DumpMode a StorPort miniport sees: 0 normal, DUMP_MODE_CRASH,
    /// DUMP_MODE_HIBER, DUMP_MODE_MARK_MEMORY (the copy runs DriverEntry and HwFindAdapter
    /// only, to mark the memory it needs) or DUMP_MODE_RESUME (the copy reading a hibernation
    /// image back).
    public let dumpMode: UInt8
    /// Where SRB lifetimes and routine calls are recorded, when tracing (see ``TraceRecorder``).
    public let trace: TraceRecorder?
    /// The swift-log logger every ``log`` entry is also emitted through (label
    /// `miniport.<image>.<mode>`); nil when logging is off (``PortLogging``).
    public let logger: Logger?
    /// This driver's process in `trace`.
    let tracePid: Int
    /// The next SRB trace id.
    @exclusivity(unchecked) var nextTraceID: UInt64 = 0

    /// The adapter whose miniport routine is running on this thread (for routines without a
    /// device extension).
    var current: PortAdapter? { RunningRoutine.running(for: self)?.adapter }
    /// The miniport routine running on this thread ("port" when none is).
    var routine: StaticString { RunningRoutine.name(for: self) ?? "port" }
    /// The rules the miniport broke.
    @exclusivity(unchecked) public private(set) var verifier = Verifier()
    /// Rules the miniport broke, in order (see ``VerifierRule``; at most
    /// ``Verifier/recordedPerRule`` of each, ``Verifier/counts`` has them all).
    public var violations: [Violation] { verifier.violations }
    /// Adapters by device-extension address.
    @exclusivity(unchecked) var byExtension: [UInt: PortAdapter] = [:]
    @exclusivity(unchecked) private var argumentStorage: UnsafeMutablePointer<CChar>?
    /// The kernel routines' per-driver state: the miniport's pool (Kernel/).
    let kernel = KernelState()
    /// Set by ``unload()``.
    @exclusivity(unchecked) public private(set) var isUnloaded = false
    /// What the machine's DMA-violation callback holds instead of the driver (cut in deinit).
    private(set) lazy var lifeline = Lifeline(self)

    /// Loads `path`, runs DriverEntry and brings up every adapter the miniport finds on `machine`.
    /// The model (SCSI Port or StorPort) is the one DriverEntry shows by the routine it calls.
    /// `parameters` are the registry values StorPort adapters read.
    /// `trace` records SRB lifetimes and routine calls (``TraceRecorder``); `logging` also emits
    /// the port log through a swift-log `Logger` (``PortLogging``). `sdkRoot` is the SDK whose
    /// import stub a Windows `.sys` is bound through (nil: found from here, as
    /// `SDKLocator.root(explicit:)` finds it).
    public static func load(path: String, machine: Machine, argumentString: String? = nil,
                            parameters: AdapterParameters = AdapterParameters(),
                            trace: TraceRecorder? = nil, logging: PortLogging = .off,
                            sdkRoot: URL? = nil) throws(LoadError) -> PortDriver {
        try load(path: path, machine: machine, argumentString: argumentString, mode: .normal, parameters: parameters,
                 trace: trace, logging: logging, sdkRoot: sdkRoot)
    }

    private static func load(path: String, machine: Machine, argumentString: String?, mode: PortMode,
                             parameters: AdapterParameters = AdapterParameters(),
                             dumpData: UnsafeMutableRawPointer? = nil, dumpMode: UInt8? = nil,
                             trace: TraceRecorder? = nil, logging: PortLogging = .off,
                             sdkRoot: URL? = nil) throws(LoadError) -> PortDriver {
        let image = try loadUnbound(path: path, sdkRoot: sdkRoot)
        let driver = PortDriver(image: image, machine: machine, argumentString: argumentString, mode: mode,
                                parameters: parameters, dumpData: dumpData, dumpMode: dumpMode, trace: trace,
                                logging: logging)
        let status = driver.callDriverEntry()
        guard status == 0 else { throw .driverEntryFailed(path: path, status: status, log: driver.log) }
        driver.checkInitializeCalled()
        guard !driver.adapters.isEmpty else { throw .noAdapter(path: path, log: driver.log) }
        return driver
    }

    /// Runs DriverEntry on a machine with no hardware and returns what the miniport registered,
    /// without requiring an adapter (what `miniport inspect` shows).
    public static func inspect(path: String) throws(LoadError) -> PortDriver {
        let image = try loadUnbound(path: path)
        let driver = PortDriver(image: image, machine: Machine(), argumentString: nil)
        driver.driverEntryStatus = driver.callDriverEntry()
        if driver.driverEntryStatus == 0 { driver.checkInitializeCalled() }
        return driver
    }

    /// Loads an image whose import table no port has bound yet. Binding a table another live
    /// port uses would redirect that port's miniport to this one (and to freed memory later).
    private static func loadUnbound(path: String, sdkRoot: URL? = nil) throws(LoadError) -> MiniportImage {
        let image: MiniportImage
        do {
            image = try MiniportImage.load(path: path, sdkRoot: sdkRoot)
        } catch {
            throw .image(error)
        }
        guard image.importTable.pointee.Header.Context == nil else { throw .imageInUse(path: path) }
        return image
    }

    /// What DriverEntry returned (set by ``inspect(path:)``).
    @exclusivity(unchecked) public private(set) var driverEntryStatus: UInt32?

    private init(image: MiniportImage, machine: Machine, argumentString: String?, mode: PortMode = .normal,
                 parameters: AdapterParameters = AdapterParameters(), dumpData: UnsafeMutableRawPointer? = nil,
                 dumpMode: UInt8? = nil, trace: TraceRecorder? = nil, logging: PortLogging = .off) {
        self.image = image
        self.logger = logging.makeLogger?(PortLogging.label(image: image.path, mode: mode))
        self.msABI = image.usesMicrosoftABI
        self.machine = machine
        self.argumentString = argumentString
        self.mode = mode
        switch mode {
        case .normal: self.dumpMode = 0
        case .crashDump: self.dumpMode = dumpMode ?? UInt8(DUMP_MODE_CRASH)
        case .hibernation: self.dumpMode = dumpMode ?? UInt8(DUMP_MODE_HIBER)
        }
        self.trace = trace
        let modeName = self.dumpMode == UInt8(DUMP_MODE_MARK_MEMORY) ? "mark-memory"
            : self.dumpMode == UInt8(DUMP_MODE_RESUME) ? "resume" : mode.rawValue
        tracePid = trace?.process("\(modeName) \(MiniportBuilder.displayName(of: image.path))") ?? 0
        self.parameters = parameters
        self.miniportDumpData = dumpData
        self.driverObject = EmulatedDriverObject(imagePath: image.path)
        if let argumentString { argumentStorage = strdup(argumentString) }
        ScsiPortBindings.bind(image.importTable, to: self)
        StorPortBindings.bind(image.importTable, to: self)
        KernelBindings.bind(image.importTable)
        // Device DMA the address map refuses is the miniport's doing (it programmed the
        // address). The newest driver on a machine hears it; once it is gone, the one before.
        let previous = machine.memory.onViolation
        machine.memory.onViolation = { [lifeline] refused in
            guard let self = lifeline.owner else { return previous?(refused) ?? () }
            self.violate(.dmaOutOfBounds, "device \(refused)")
        }
        // A device's report that the driver broke its programming interface, likewise.
        for function in machine.functions {
            let before = function.onProtocolViolation
            let name = String(format: "PCI %04X:%04X at %d:%d", function.device.identity.vendorID,
                              function.device.identity.deviceID, function.bus, function.slot)
            function.onProtocolViolation = { [lifeline] detail in
                guard let self = lifeline.owner else { return before?(detail) ?? () }
                self.violate(.deviceProtocol, "\(name): \(detail)")
            }
        }
    }

    deinit {
        lifeline.cut()
        cancelAllTimers()
        for adapter in adapters {
            adapter.freeDumpPointers()
            adapter.releaseResources()
            adapter.shutdown()
        }
        releasePool()
        free(argumentStorage)
        if image.importTable.pointee.Header.Context == Unmanaged.passUnretained(self).toOpaque() {
            image.importTable.pointee.Header.Context = nil
        }
        image.unload()
    }

    /// Unloads the driver as the I/O manager does before it frees the image: every adapter
    /// stops where it is (no more requests), then what the miniport still has allocated from
    /// the pool breaks pool.leak and is freed. Releasing the driver then tears the adapters
    /// down and unmaps the image. Idempotent.
    public func unload() {
        guard !isUnloaded else { return }
        isUnloaded = true
        for adapter in adapters { adapter.freeze() }
        cancelAllTimers()
        note(.port, "unload")
        checkPoolAtUnload()
    }

    /// The machine crashed: every adapter stops where it is (see ``PortAdapter``'s
    /// `freeze`). The miniport's memory stays as the crash left it, as a dump port finds it,
    /// until the driver is released.
    public func freeze() {
        for adapter in adapters { adapter.freeze() }
        cancelAllTimers()
        note(.port, "frozen: the machine crashed")
    }

    private func callDriverEntry() -> UInt32 {
        let running = RunningRoutine.enter("DriverEntry", driver: self, adapter: nil)
        defer { RunningRoutine.leave(running) }
        note(.port, "DriverEntry(\(image.path))" + (mode == .normal ? "" : " for \(mode.rawValue), with NULL arguments"))
        guard mode == .normal else { return image.callDriverEntry(driverObject: nil, registryPath: nil) }
        let registry = UnsafeMutableRawPointer(driverObject.registryPath)
        return image.callDriverEntry(driverObject: driverObject.pointer, registryPath: registry)
    }

    /// Loads the dump copy of a miniport for `mode` (crash dump or hibernation): runs its
    /// DriverEntry with NULL arguments, HwFindAdapter with "dump=1" and HwInitialize, without a
    /// bus scan; requests then run polled, one at a time, with interrupts never delivered.
    /// `path` must be the copy itself (``DumpPort`` makes it).
    /// `dumpData` is what the normal StorPort miniport handed out in the dump-pointers
    /// handshake (ConfigInfo->MiniportDumpData of the copy); `dumpMode` overrides the
    /// ConfigInfo->DumpMode `mode` implies (DUMP_MODE_MARK_MEMORY, DUMP_MODE_RESUME).
    static func loadDump(path: String, machine: Machine, mode: PortMode, dumpData: UnsafeMutableRawPointer? = nil,
                         dumpMode: UInt8? = nil, trace: TraceRecorder? = nil,
                         logging: PortLogging = .off, sdkRoot: URL? = nil) throws(LoadError) -> PortDriver {
        try load(path: path, machine: machine, argumentString: "dump=1", mode: mode, dumpData: dumpData, dumpMode: dumpMode,
                 trace: trace, logging: logging, sdkRoot: sdkRoot)
    }

    // MARK: ScsiPortInitialize

    /// ScsiPortInitialize and StorPortInitialize calls DriverEntry made, refused ones included.
    @exclusivity(unchecked) public internal(set) var initializeCalls = 0

    /// init.missing: DriverEntry returned STATUS_SUCCESS without registering with the port, so
    /// no adapter can ever be found (the port would otherwise only say "no adapter").
    func checkInitializeCalled() {
        guard initializeCalls == 0 else { return }
        violate(.initMissing, "DriverEntry returned STATUS_SUCCESS without calling ScsiPortInitialize or "
            + "StorPortInitialize", routine: "DriverEntry")
    }

    /// init.twice: the miniport registers again what an earlier successful call of this
    /// DriverEntry registered. A miniport may call Initialize once per adapter interface type
    /// (and, on PCI, per VendorId/DeviceId) it supports, each with its own
    /// HW_INITIALIZATION_DATA; the same bus type and IDs again finds nothing new (the adapters
    /// are claimed). The call is recorded and returns what the earlier one returned, so the
    /// adapters it found stay up. Nil when the registration is not a duplicate.
    func duplicateRegistration(_ registration: Registration) -> UInt32? {
        func same(_ a: String, _ b: String) -> Bool { a.uppercased() == b.uppercased() }
        guard let earlier = registrations.first(where: {
            $0.status == NTStatus.success && $0.interfaceType == registration.interfaceType
                && $0.isVirtual == registration.isVirtual
                && (registration.isVirtual || (same($0.vendorId, registration.vendorId) && same($0.deviceId, registration.deviceId)))
        }) else { return nil }
        let what = registration.isVirtual ? "a virtual adapter"
            : "interface type \(registration.interfaceType), PCI \(registration.vendorId):\(registration.deviceId)"
        violate(.initTwice, "\(model == .storPort ? "StorPortInitialize" : "ScsiPortInitialize") called again for \(what), "
            + "which an earlier call of this DriverEntry registered; the call changes nothing")
        var duplicate = registration
        duplicate.status = earlier.status
        registrations.append(duplicate)
        return earlier.status
    }

    /// Upper bound on each extension size a miniport asks for (1 MiB): real ones are a few
    /// kilobytes, and a garbage value must not make the host allocate gigabytes.
    static let maximumExtensionSize: ULONG = 1 << 20
    /// Upper bound on NumberOfAccessRanges (64): a PCI function has six BARs; the port
    /// allocates one ACCESS_RANGE per declared range.
    static let maximumAccessRanges: ULONG = 64

    /// Validates the miniport's HW_INITIALIZATION_DATA and brings up every matching adapter.
    func initialize(argument1: UnsafeMutableRawPointer?, argument2: UnsafeMutableRawPointer?,
                    data: UnsafeMutableRawPointer?, hwContext: UnsafeMutableRawPointer?) -> UInt32 {
        model = .scsiPort
        initializeCalls += 1
        guard let data else {
            return refuseArguments(status: NTStatus.invalidParameter, "ScsiPortInitialize without HW_INITIALIZATION_DATA")
        }
        let size = Int(data.load(as: UInt32.self))
        let full = MemoryLayout<HW_INITIALIZATION_DATA>.size
        let withoutAdapterControl = MemoryLayout<HW_INITIALIZATION_DATA>.offset(of: \.HwAdapterControl)!
        guard size <= full else {
            return refuseArguments(status: NTStatus.revisionMismatch,
                          "HwInitializationDataSize is \(size); SCSI Port knows structures of up to \(full) bytes")
        }
        guard size >= withoutAdapterControl else {
            return refuseArguments(status: NTStatus.revisionMismatch, "HwInitializationDataSize is \(size); the smallest "
                + "HW_INITIALIZATION_DATA SCSI Port accepts (without HwAdapterControl) is \(withoutAdapterControl) bytes")
        }
        // Only the bytes the miniport declared: an older, shorter structure has no HwAdapterControl.
        var hw = HW_INITIALIZATION_DATA()
        withUnsafeMutableBytes(of: &hw) { $0.copyMemory(from: UnsafeRawBufferPointer(start: data, count: size)) }
        var registration = Registration(hw)
        if let refused = checkRegistration(hw, argument1: argument1, recording: &registration) { return refused }
        let interface = hw.AdapterInterfaceType.rawValue
        guard interface >= 0, interface < MaximumInterfaceType.rawValue else {
            registration.status = NTStatus.invalidParameter
            registrations.append(registration)
            return refuseArguments(status: NTStatus.invalidParameter, "AdapterInterfaceType \(interface) is not an interface type")
        }
        if let status = duplicateRegistration(registration) { return status }
        driverObject.installPortDispatch()
        guard hw.AdapterInterfaceType == PCIBus else {
            registration.status = NTStatus.noSuchDevice
            registrations.append(registration)
            return refuse(status: NTStatus.noSuchDevice,
                          "interface type \(interface) has no buses on this machine (only PCI is emulated)")
        }
        let found = bringUpPCIAdapters(hw, registration: registration, hwContext: hwContext)
        if found == 0 { noteNoPCIAdapter(registration) }
        registration.status = found > 0 ? 0 : NTStatus.noSuchDevice
        registrations.append(registration)
        note(.port, "ScsiPortInitialize: \(found) adapter(s) for \(registration.vendorId):\(registration.deviceId)")
        return registration.status
    }

    /// The checks ScsiPortInitialize and StorPortInitialize share: Argument1 is the
    /// DRIVER_OBJECT (NULL in a dump copy), the four required callbacks are there, and no
    /// extension is larger than ``maximumExtensionSize``. A refusal records `registration`
    /// with its status and returns the status; nil when the miniport passes.
    func checkRegistration(_ hw: HW_INITIALIZATION_DATA, argument1: UnsafeMutableRawPointer?,
                           recording registration: inout Registration) -> UInt32? {
        func refuse(_ status: UInt32, _ message: String) -> UInt32 {
            registration.status = status
            registrations.append(registration)
            return refuseArguments(status: status, message)
        }
        guard argument1 == driverObject.pointer || (mode != .normal && argument1 == nil) else {
            return refuse(NTStatus.invalidParameter, "Argument1 is not the DRIVER_OBJECT passed to DriverEntry")
        }
        let missing = [("HwInitialize", hw.HwInitialize == nil), ("HwStartIo", hw.HwStartIo == nil),
                       ("HwFindAdapter", hw.HwFindAdapter == nil), ("HwResetBus", hw.HwResetBus == nil)]
            .filter(\.1).map(\.0)
        guard missing.isEmpty else {
            return refuse(NTStatus.revisionMismatch, "required callbacks missing: \(missing.joined(separator: ", "))")
        }
        // The port allocates and zeroes these per adapter, per logical unit and per request slot.
        let sizes = [("DeviceExtensionSize", hw.DeviceExtensionSize), ("SpecificLuExtensionSize", hw.SpecificLuExtensionSize),
                     ("SrbExtensionSize", hw.SrbExtensionSize)]
        if let (name, value) = sizes.first(where: { $0.1 > Self.maximumExtensionSize }) {
            return refuse(NTStatus.invalidParameter, "\(name) is \(value) bytes; the port allows at most \(Self.maximumExtensionSize)")
        }
        // One ACCESS_RANGE per declared range is allocated and filled.
        guard hw.NumberOfAccessRanges <= Self.maximumAccessRanges else {
            return refuse(NTStatus.invalidParameter, "NumberOfAccessRanges is \(hw.NumberOfAccessRanges); the port allows "
                + "at most \(Self.maximumAccessRanges)")
        }
        return nil
    }

    func bringUpPCIAdapters(_ hw: HW_INITIALIZATION_DATA, stor: STOR_HW_INITIALIZATION_DATA? = nil,
                            registration: Registration, hwContext: UnsafeMutableRawPointer?) -> Int {
        var found = 0
        for function in machine.functions {
            let identity = function.device.identity
            guard matches(registration.vendorId, identity.vendorID), matches(registration.deviceId, identity.deviceID) else {
                continue
            }
            guard !adapters.contains(where: { $0.function === function }) else { continue }
            let adapter = PortAdapter(driver: self, function: function, hw: hw, stor: stor)
            if case .found(let again) = bringUp(adapter, hwContext: hwContext) {
                found += 1
                if !again { return found }
            }
        }
        return found
    }

    /// HwFindAdapter and HwInitialize for one adapter; kept when the miniport found it.
    func bringUp(_ adapter: PortAdapter, hwContext: UnsafeMutableRawPointer?) -> PortAdapter.Outcome {
        byExtension[UInt(bitPattern: adapter.deviceExtension)] = adapter
        let outcome = adapter.findAndInitialize(hwContext: hwContext, argumentString: argumentStorage)
        if case .found = outcome {
            adapter.watchesSrbExtensions = watchesSrbExtensions
            adapters.append(adapter)
        } else {
            forget(adapter)
        }
        return outcome
    }

    func noteNoPCIAdapter(_ registration: Registration) {
        let present = machine.functions.map {
            String(format: "%04X:%04X", $0.device.identity.vendorID, $0.device.identity.deviceID)
        }
        let functions = "functions on this machine: \(present.isEmpty ? "none" : present.joined(separator: ", "))"
        // The port finds a PCI adapter by the IDs the miniport registers: without them, nothing matches.
        let unnamed = [("VendorId", registration.vendorId), ("DeviceId", registration.deviceId)].filter { $0.1.isEmpty }.map(\.0)
        guard unnamed.isEmpty else {
            note(.refused, "HW_INITIALIZATION_DATA names no \(unnamed.joined(separator: " and no ")) (its length is 0): the port "
                + "finds a PCI adapter by VendorId and DeviceId, hexadecimal strings such as \"6D70\" and \"5343\" "
                + "for the project's HBA (\(functions))")
            return
        }
        let matching = machine.functions.filter {
            matches(registration.vendorId, $0.device.identity.vendorID) && matches(registration.deviceId, $0.device.identity.deviceID)
        }
        guard matching.isEmpty else {
            // The IDs matched: the miniport's HwFindAdapter declined (or failed on) every one.
            note(.refused, "HwFindAdapter claimed none of the \(matching.count) function(s) matching PCI "
                + "\(registration.vendorId):\(registration.deviceId) (at \(matching.map { "PCI \($0.bus):\($0.slot)" }.joined(separator: ", ")))")
            return
        }
        note(.refused, "no adapter found for PCI \(registration.vendorId):\(registration.deviceId) (\(functions))")
    }

    private func forget(_ adapter: PortAdapter) {
        byExtension[UInt(bitPattern: adapter.deviceExtension)] = nil
        adapter.shutdown()
    }

    /// A VendorId/DeviceId string from HW_INITIALIZATION_DATA against a PCI ID ("1AF4" vs 0x1af4).
    private func matches(_ text: String, _ id: UInt16) -> Bool {
        guard !text.isEmpty, let value = UInt16(text, radix: 16) else { return false }
        return value == id
    }

    // MARK: lookup

    /// `body` applied to the adapter owning the device extension the miniport passed, or
    /// `fallback` when none does (logged). The adapter whose routine is running is found
    /// without reference counting; any other through ``adapter(_:_:)``.
    @inline(__always)
    func withAdapter<T>(_ extensionPointer: UnsafeMutableRawPointer?, _ routine: StaticString, _ fallback: T,
                        _ body: (PortAdapter) -> T) -> T {
        if let result = RunningRoutine.withAdapter(of: self, where: { $0.deviceExtension == extensionPointer }, body) {
            return result
        }
        guard let adapter = adapter(extensionPointer, routine) else { return fallback }
        return body(adapter)
    }

    /// The adapter owning a device extension pointer the miniport passed.
    @inline(__always)
    func adapter(_ extensionPointer: UnsafeMutableRawPointer?, _ routine: StaticString) -> PortAdapter? {
        if let current, current.deviceExtension == extensionPointer { return current }
        if let extensionPointer, let adapter = byExtension[UInt(bitPattern: extensionPointer)] { return adapter }
        note(.refused, "\(routine) with a device extension that belongs to no adapter")
        return nil
    }

    // MARK: logging

    /// Records a log entry (and emits it through ``logger``); `unit` names the unit it concerns.
    func note(_ kind: PortLogEntry.Kind, _ message: String, unit: UnitAddress? = nil) {
        record(PortLogEntry(kind: kind, time: machine.clock.now, message: message), unit: unit)
    }

    private func record(_ entry: PortLogEntry, unit: UnitAddress?) {
        log.append(entry)
        if logger != nil { emit(entry, unit: unit) }
    }

    /// Records a broken rule (and logs it as a refusal).
    /// `routine` names the miniport routine at fault when the check runs after it returned.
    /// `unit` names the unit the broken rule concerns, where the caller knows it (log metadata).
    func violate(_ rule: VerifierRule, _ detail: String, routine: StaticString? = nil, unit: UnitAddress? = nil) {
        switch verifier.record(rule, detail, routine: routine ?? self.routine, mode: mode, model: model,
                               time: machine.clock.now) {
        case .recorded:
            record(PortLogEntry(kind: .refused, time: machine.clock.now, message: "[\(rule.rawValue)] \(detail)",
                                violation: verifier.violations.last), unit: unit)
        case .limitReached: note(.refused, "[\(rule.rawValue)] more violations of this rule are counted, not recorded")
        case .counted: break
        }
    }

    /// ScsiPortInitialize refusing what the miniport passed: also the init.bad-arguments rule.
    func refuseArguments(status: UInt32, _ message: String) -> UInt32 {
        violate(.initBadArguments, message)
        return status
    }

    func refuse(status: UInt32, _ message: String) -> UInt32 {
        note(.refused, message)
        return status
    }

    /// KeQueryTickCount on the virtual clock: 15.625 ms per tick.
    var tickCount: Int64 { Int64(machine.clock.now / 15_625_000) }

    /// GetVirtualAddress for both ports: the host address of `physical` when it lies in DMA
    /// memory; nil, noted against `routine`, otherwise.
    func virtualAddress(_ physical: UInt64, routine: String) -> UnsafeMutableRawPointer? {
        guard physical < machine.memory.mappingBase,
              let pointer = machine.memory.translate(physical, length: 1, access: .read) else {
            note(.refused, "\(routine)(0x\(String(physical, radix: 16))): not in DMA memory")
            return nil
        }
        return pointer
    }

    func recordError(_ entry: MiniportErrorLog) {
        errorLog.append(entry)
        note(.miniportError, "ScsiPortLogError path \(entry.pathId) target \(entry.targetId) lun \(entry.lun) "
            + "code 0x\(String(entry.errorCode, radix: 16)) id 0x\(String(entry.uniqueId, radix: 16))",
             unit: entry.hadSrb || entry.targetId != 0 || entry.lun != 0 || entry.pathId != 0
                ? UnitAddress(pathId: entry.pathId, targetId: entry.targetId, lun: entry.lun) : nil)
    }

    /// The miniport model DriverEntry showed: SCSI Port (ScsiPortInitialize) or StorPort
    /// (StorPortInitialize); nil until it called either.
    public enum Model: String, Codable, Sendable {
        /// A SCSI Port miniport (ScsiPortInitialize).
        case scsiPort = "scsiport"
        /// A StorPort miniport (StorPortInitialize).
        case storPort = "storport"
    }

    /// Which port the miniport chose; nil until DriverEntry called an initialize routine.
    @exclusivity(unchecked) public internal(set) var model: Model?

    func recordUnresolved(_ name: String) {
        unresolvedCalls.append(name)
        note(.refused, "\(name): not provided by this port")
    }

    static func lastReasons(_ log: [PortLogEntry]) -> String {
        let reasons = log.filter { $0.kind == .refused || $0.kind == .miniportError }.suffix(3).map(\.message)
        return reasons.isEmpty ? "" : " (" + reasons.joined(separator: "; ") + ")"
    }
}

extension PortDriver.Registration {
    init(_ hw: HW_INITIALIZATION_DATA) {
        func text(_ pointer: UnsafeMutableRawPointer?, _ length: UInt16) -> String {
            guard let pointer, length > 0, length <= 64 else { return "" }
            let bytes = UnsafeRawBufferPointer(start: pointer, count: Int(length))
            return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        var callbacks: [String] = []
        if hw.HwInitialize != nil { callbacks.append("HwInitialize") }
        if hw.HwStartIo != nil { callbacks.append("HwStartIo") }
        if hw.HwInterrupt != nil { callbacks.append("HwInterrupt") }
        if hw.HwFindAdapter != nil { callbacks.append("HwFindAdapter") }
        if hw.HwResetBus != nil { callbacks.append("HwResetBus") }
        if hw.HwDmaStarted != nil { callbacks.append("HwDmaStarted") }
        if hw.HwAdapterState != nil { callbacks.append("HwAdapterState") }
        if hw.HwAdapterControl != nil { callbacks.append("HwAdapterControl") }
        self.init(hwInitializationDataSize: hw.HwInitializationDataSize, interfaceType: hw.AdapterInterfaceType.rawValue,
                  vendorId: text(hw.VendorId, hw.VendorIdLength), deviceId: text(hw.DeviceId, hw.DeviceIdLength),
                  deviceExtensionSize: hw.DeviceExtensionSize, specificLuExtensionSize: hw.SpecificLuExtensionSize,
                  srbExtensionSize: hw.SrbExtensionSize, numberOfAccessRanges: hw.NumberOfAccessRanges,
                  mapBuffers: hw.MapBuffers != 0, needPhysicalAddresses: hw.NeedPhysicalAddresses != 0,
                  taggedQueuing: hw.TaggedQueuing != 0, autoRequestSense: hw.AutoRequestSense != 0,
                  multipleRequestPerLu: hw.MultipleRequestPerLu != 0, receiveEvent: hw.ReceiveEvent != 0,
                  callbacks: callbacks, status: 0)
    }
}

/// Which copy of a miniport a port drives.
public enum PortMode: String, Sendable, Codable {
    /// The normal copy, loaded at boot.
    case normal
    /// The crash-dump copy (`dump_<name>`).
    case crashDump = "crash"
    /// The hibernation copy (`hiber_<name>`).
    case hibernation = "hiber"
}

/// NTSTATUS values the port returns.
enum NTStatus {
    static let success: UInt32 = 0
    static let invalidParameter: UInt32 = 0xC000_000D
    static let noSuchDevice: UInt32 = 0xC000_000E
    static let revisionMismatch: UInt32 = 0xC000_0059
    static let deviceDoesNotExist: UInt32 = 0xC000_00C0
}

/// The DRIVER_OBJECT a miniport receives: opaque memory the miniport passes back to
/// ScsiPortInitialize, plus the dispatch table the port installs (what `!drvobj` shows).
public final class EmulatedDriverObject {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// IRP_MJ_* names, in order (28 major functions).
    public static let majorFunctionNames = [
        "IRP_MJ_CREATE", "IRP_MJ_CREATE_NAMED_PIPE", "IRP_MJ_CLOSE", "IRP_MJ_READ", "IRP_MJ_WRITE",
        "IRP_MJ_QUERY_INFORMATION", "IRP_MJ_SET_INFORMATION", "IRP_MJ_QUERY_EA", "IRP_MJ_SET_EA",
        "IRP_MJ_FLUSH_BUFFERS", "IRP_MJ_QUERY_VOLUME_INFORMATION", "IRP_MJ_SET_VOLUME_INFORMATION",
        "IRP_MJ_DIRECTORY_CONTROL", "IRP_MJ_FILE_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CONTROL",
        "IRP_MJ_INTERNAL_DEVICE_CONTROL", "IRP_MJ_SHUTDOWN", "IRP_MJ_LOCK_CONTROL", "IRP_MJ_CLEANUP",
        "IRP_MJ_CREATE_MAILSLOT", "IRP_MJ_QUERY_SECURITY", "IRP_MJ_SET_SECURITY", "IRP_MJ_POWER",
        "IRP_MJ_SYSTEM_CONTROL", "IRP_MJ_DEVICE_CHANGE", "IRP_MJ_QUERY_QUOTA", "IRP_MJ_SET_QUOTA", "IRP_MJ_PNP",
    ]

    /// Opaque storage the miniport sees as its DRIVER_OBJECT (sized like the x64 structure).
    public let pointer: UnsafeMutableRawPointer
    /// A UNICODE_STRING with the registry path.
    let registryPath: UnsafeMutablePointer<UNICODE_STRING>
    private let registryText: UnsafeMutablePointer<UInt16>
    /// The major-function table: the owner ("port" or "miniport") and routine name of each entry.
    @exclusivity(unchecked) public private(set) var majorFunctions: [(name: String, owner: String, routine: String)]

    init(imagePath: String) {
        pointer = .allocate(byteCount: 0x150, alignment: 16)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: 0x150)
        let base = imagePath.split(separator: "/").last.map(String.init) ?? imagePath
        let name = base.hasSuffix(".so") || base.hasSuffix(".sys") ? String(base.prefix { $0 != "." }) : base
        let text = Array("\\Registry\\Machine\\System\\CurrentControlSet\\Services\\\(name)".utf16)
        registryText = .allocate(capacity: text.count + 1)
        registryText.initialize(from: text + [0], count: text.count + 1)
        registryPath = .allocate(capacity: 1)
        registryPath.initialize(to: UNICODE_STRING(Length: USHORT(text.count * 2), MaximumLength: USHORT(text.count * 2 + 2),
                                                   Buffer: registryText))
        majorFunctions = Self.majorFunctionNames.map { ($0, "kernel", "IopInvalidDeviceRequest") }
    }

    deinit {
        pointer.deallocate()
        registryText.deallocate()
        registryPath.deallocate()
    }

    /// What ScsiPortInitialize installs: the port's dispatch routines for the major functions it
    /// handles (the rest stay the kernel's invalid-request routine). The miniport owns no entry:
    /// it is reached only through the callbacks in HW_INITIALIZATION_DATA.
    /// `prefix` names the port ("ScsiPort" or "StorPort").
    func installPortDispatch(prefix: String = "ScsiPort") {
        let routines = [
            "IRP_MJ_CREATE": "CreateClose", "IRP_MJ_CLOSE": "CreateClose",
            "IRP_MJ_DEVICE_CONTROL": "DeviceControl", "IRP_MJ_SCSI": "DispatchScsi",
            "IRP_MJ_INTERNAL_DEVICE_CONTROL": "DispatchScsi", "IRP_MJ_POWER": "DispatchPower",
            "IRP_MJ_SYSTEM_CONTROL": "SystemControl", "IRP_MJ_PNP": "DispatchPnp",
        ].mapValues { prefix + $0 }
        majorFunctions = Self.majorFunctionNames.map { name in
            if let routine = routines[name] { return (name, "port", routine) }
            return (name, "kernel", "IopInvalidDeviceRequest")
        }
    }
}
