import MiniportPlatform
import MiniportSCSI

/// The BusLogic BT-958 MultiMaster PCI SCSI host adapter (docs/buslogic-spec.md is its
/// specification).
///
/// A driver talks to the adapter through four 8-bit registers (in the I/O BAR and again in the
/// memory BAR): it resets the adapter from CONTROL, sends host adapter commands byte by byte
/// through COMMAND/PARAMETER and reads their replies from DATA IN, watching STATUS. SCSI
/// commands travel as CCBs in host memory, handed over through a ring of outgoing mailboxes;
/// the adapter answers in a ring of incoming mailboxes and raises INTx (level) until the driver
/// writes INTERRUPT RESET.
///
/// Everything read from memory is bounded before use: the mailbox count and area, CCB fields,
/// scatter/gather counts, lengths and addresses (through the physical map). A malformed CCB
/// completes with the documented error code; a driver that breaks the programming interface
/// is reported (``protocolViolations``). The request path allocates nothing.
public final class BusLogicAdapter: StorageController {
    /// What the adapter reports and accepts.
    public struct Configuration: Sendable, Equatable {
        /// The adapter's PCI identity (vendor, device, subsystem IDs, revision).
        public var identity: PCIIdentity
        /// Largest scatter/gather list, in entries (1...8192).
        public var maxSGEntries: Int
        /// Largest data transfer of one CCB, in bytes.
        public var maxTransfer: Int
        /// Virtual time the diagnostics after a hard reset take.
        public var diagnosticNanoseconds: UInt64

        /// Vendor 0x104B (BusLogic), device 0x1040 (MultiMaster), class 01/00/00.
        public static let defaultIdentity = PCIIdentity(vendorID: 0x104B, deviceID: 0x1040, subsystemVendorID: 0x104B,
                                                        subsystemID: 0x1040, revision: 8)

        /// A configuration; the defaults are the BT-958 identity, 128 scatter/gather entries, 16 MiB
        /// transfers and 200 µs of diagnostics.
        public init(identity: PCIIdentity = Configuration.defaultIdentity, maxSGEntries: Int = 128,
                    maxTransfer: Int = 16 << 20, diagnosticNanoseconds: UInt64 = 200_000) {
            self.identity = identity
            self.maxSGEntries = maxSGEntries
            self.maxTransfer = maxTransfer
            self.diagnosticNanoseconds = diagnosticNanoseconds
        }
    }

    /// Why a target could not be attached.
    public enum AttachError: Error, Equatable, CustomStringConvertible {
        /// The target ID is not below ``BusLogicAdapter/targetCount``.
        case targetOutOfRange(Int)
        /// A device is already attached at that target ID.
        case occupied(Int)

        public var description: String {
            switch self {
            case .targetOutOfRange(let id): return "target \(id) is outside the adapter's IDs 0...15"
            case .occupied(let id): return "target \(id) already has a device"
            }
        }
    }

    /// SCSI target IDs on the adapter's bus.
    public static let targetCount = 16
    /// The adapter's own SCSI ID.
    public static let hostAdapterID: UInt8 = 7
    /// Largest mailbox count (the count is one byte).
    public static let maximumMailboxes = 255
    /// Size of the adapter local RAM reachable with store/fetch local RAM.
    public static let localRAMSize = 256

    /// The configuration the adapter was created with.
    public let configuration: Configuration
    /// The PCI identity from the configuration.
    public var identity: PCIIdentity { configuration.identity }
    /// BAR 0, the four I/O ports, and BAR 1, the same registers in memory; each BAR's index is the
    /// `region` of the register accesses.
    public let bars: [PCIBar] = [PCIBar(kind: .io, size: BusLogicRegister.ioBarSize),
                                 PCIBar(kind: .memory32, size: BusLogicRegister.memoryBarSize)]
    public let interruptPin: UInt8 = 1
    /// Fault injection (timeouts, delays, lost interrupts, removed targets).
    public let faults = TransportFaults()
    /// The SCSI bus behind the adapter (targets 0...15).
    public let scsiBus = SCSIBus()

    /// The PCI function the adapter is plugged into (nil before, and after the machine is gone).
    public var function: PCIFunction? { pciFunction?.takeUnretainedValue() }
    @exclusivity(unchecked) private var pciFunction: Unmanaged<PCIFunction>?
    unowned(unsafe) let memory: PhysicalMemory
    unowned(unsafe) let clock: VirtualClock

    // Adapter state.
    @exclusivity(unchecked) var diagnosing = false
    @exclusivity(unchecked) var stopped = false
    @exclusivity(unchecked) var resetGeneration: UInt32 = 0
    @exclusivity(unchecked) var diagnosticTimer: VirtualClock.TimerID?
    @exclusivity(unchecked) var interruptBits: UInt8 = 0
    @exclusivity(unchecked) var adapterInterruptsEnabled = true
    @exclusivity(unchecked) var outgoingAvailableInterrupt = false
    @exclusivity(unchecked) var strictRoundRobin = false
    @exclusivity(unchecked) var wideLUNFormat = false

    // Mailboxes.
    @exclusivity(unchecked) var mailboxCount = 0
    @exclusivity(unchecked) var mailboxBase: UInt64 = 0
    @exclusivity(unchecked) var outgoingIndex = 0
    @exclusivity(unchecked) var incomingIndex = 0

    // Host adapter command in progress.
    @exclusivity(unchecked) var opcode: UInt8?
    @exclusivity(unchecked) var parameters = [UInt8](repeating: 0, count: 2 + 256)
    @exclusivity(unchecked) var parameterCount = 0
    @exclusivity(unchecked) var parametersExpected = 0
    @exclusivity(unchecked) var reply = [UInt8](repeating: 0, count: 256)
    @exclusivity(unchecked) var replyLength = 0
    @exclusivity(unchecked) var replyIndex = 0
    @exclusivity(unchecked) var commandInvalid = false
    @exclusivity(unchecked) var localRAM = [UInt8](repeating: 0, count: BusLogicAdapter.localRAMSize)
    @exclusivity(unchecked) var busTimings: (selectionTimeout: UInt16, preempt: UInt8, offBus: UInt8, rate: UInt8) = (250, 0, 0, 0)

    // CCBs executed whose completion is held or delayed.
    struct InFlight {
        var active = false
        var ccb: UInt32 = 0
        var target: UInt8 = 0
        var record = Completion()
        var timer: VirtualClock.TimerID?
        var generation: UInt32 = 0
    }

    /// One completion: the CCB, its status bytes and what goes back into the CCB.
    struct Completion {
        var ccb: UInt32 = 0
        var hostStatus: UInt8 = 0
        var targetStatus: UInt8 = 0
        var code: UInt8 = 0
        /// Residual written into the CCB's data length (residual opcodes only).
        var residual: UInt32?
        /// Whether the CCB's status bytes are written back (not for an unreadable CCB).
        var updateCCB = true
    }

    @exclusivity(unchecked) var inFlight = [InFlight](repeating: InFlight(), count: BusLogicAdapter.maximumMailboxes + 1)
    @exclusivity(unchecked) var inFlightCount = 0
    // Completions waiting for a free incoming mailbox.
    @exclusivity(unchecked) var pending = [Completion](repeating: Completion(), count: 2 * BusLogicAdapter.maximumMailboxes)
    @exclusivity(unchecked) var pendingHead = 0
    @exclusivity(unchecked) var pendingCount = 0
    let segments: UnsafeMutableBufferPointer<UnsafeMutableRawBufferPointer>

    /// Hard, soft and SCSI bus resets a driver performed.
    @exclusivity(unchecked) public internal(set) var resetsPerformed = 0
    /// CCBs completed into incoming mailboxes.
    @exclusivity(unchecked) public internal(set) var commandsCompleted = 0
    /// Register accesses of a width or at an offset the adapter does not decode.
    @exclusivity(unchecked) public internal(set) var invalidRegisterAccesses = 0
    /// Breaches of the programming interface (each also reported through the function:
    /// the port's verifier rule `device.protocol`).
    @exclusivity(unchecked) public internal(set) var protocolViolations = 0
    /// The last breach, described.
    @exclusivity(unchecked) public internal(set) var lastProtocolViolation: String?

    /// An adapter in the state a hard reset leaves it, diagnostics already passed.
    public init(configuration: Configuration = Configuration(), machine: Machine) {
        precondition((1...8192).contains(configuration.maxSGEntries), "max SG entries must be 1...8192")
        precondition(configuration.maxTransfer > 0 && configuration.maxTransfer <= Int(UInt32.max))
        self.configuration = configuration
        self.memory = machine.memory
        self.clock = machine.clock
        self.segments = .allocate(capacity: configuration.maxSGEntries)
        self.segments.initialize(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0))
    }

    deinit {
        segments.deallocate()
    }

    public func attach(to function: PCIFunction) {
        pciFunction = Unmanaged.passUnretained(function)
        function.interruptStateChanged = { [unowned self] in self.updateInterruptLine() }
    }

    public func detach(from function: PCIFunction) {
        if pciFunction?.toOpaque() == Unmanaged.passUnretained(function).toOpaque() { pciFunction = nil }
    }

    // MARK: devices

    /// Puts a target on the bus at its own ID (0...15).
    public func attach(_ target: SCSITarget) throws(AttachError) {
        let id = Int(target.id)
        guard id < Self.targetCount else { throw .targetOutOfRange(id) }
        guard scsiBus[id] == nil else { throw .occupied(id) }
        scsiBus.attach(target)
    }

    /// Removes the target at `id` (hot removal): later CCBs for it get SELECTION TIMEOUT.
    public func detach(target id: Int) {
        guard id >= 0, id < Self.targetCount else { return }
        _ = scsiBus.detach(id: id)
    }

    /// The target at `id`, if any.
    public func target(id: Int) -> SCSITarget? {
        guard id >= 0, id < Self.targetCount else { return nil }
        return scsiBus[id]
    }

    // MARK: observable state

    /// CCBs executed whose completion has not reached an incoming mailbox.
    public var outstandingCommands: Int { inFlightCount }
    /// Diagnostics passed, not stopped: the adapter accepts host adapter commands.
    public var isReady: Bool { !diagnosing && !stopped }
    /// Stopped by a fatal error until a hard reset.
    public var isStopped: Bool { stopped }
    /// Mailboxes initialised: (count, bus address of the outgoing ring).
    public var mailboxes: (count: Int, base: UInt64)? { mailboxCount > 0 ? (mailboxCount, mailboxBase) : nil }
    /// Whether INTx is asserted.
    public var interruptAsserted: Bool { function?.interrupt?.isAsserted ?? false }

    /// Stops the adapter as if its processor had failed: STATUS shows DIAGNOSTIC FAILURE and no
    /// HOST ADAPTER READY, commands in flight are lost, nothing runs until a hard reset.
    public func injectControllerFatal() {
        faults.noteFatalInjected()
        guard !stopped else { return }
        stopped = true
        dropInFlight()
        opcode = nil
        replyLength = 0
        replyIndex = 0
        interruptBits = 0
        updateInterruptLine()
    }

    // MARK: DeviceIO

    /// Registers are 8 bits wide: BAR 0 (I/O, 4 ports) and BAR 1 (memory, repeating every 4
    /// bytes). Other widths are counted as invalid accesses.
    public func read(region: Int, offset: UInt64, width: Int) -> UInt64 {
        guard width == 1, region == 0 || region == 1 else {
            invalidRegisterAccesses += 1
            return AddressSpace.allOnes(width)
        }
        return UInt64(readRegister(offset & 3))
    }

    /// Writes a register: 8-bit accesses in BAR 0 or BAR 1; other widths are dropped and counted as
    /// invalid accesses.
    public func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
        guard width == 1, region == 0 || region == 1 else {
            invalidRegisterAccesses += 1
            return
        }
        writeRegister(offset & 3, UInt8(truncatingIfNeeded: value))
    }

    /// The value a driver reads from register `offset` (0...3).
    public func readRegister(_ offset: UInt64) -> UInt8 {
        switch offset {
        case BusLogicRegister.controlStatus: return status
        case BusLogicRegister.commandData:
            guard !stopped, replyIndex < replyLength else {
                invalidRegisterAccesses += 1      // nothing in DATA IN
                return 0
            }
            let byte = reply[replyIndex]
            replyIndex += 1
            return byte
        case BusLogicRegister.interrupt:
            return interruptBits == 0 ? 0 : interruptBits | BusLogicInterrupt.interruptValid
        default:
            return 0      // GEOMETRY: no extended translation, no BIOS drives
        }
    }

    /// The STATUS register.
    public var status: UInt8 {
        if stopped { return BusLogicStatus.diagnosticFailure }
        if diagnosing { return BusLogicStatus.diagnosticActive }
        var value: UInt8 = 0
        if mailboxCount == 0 { value |= BusLogicStatus.initializationRequired }
        if opcode == nil { value |= BusLogicStatus.hostAdapterReady }
        if replyIndex < replyLength { value |= BusLogicStatus.dataInReady }
        if commandInvalid { value |= BusLogicStatus.commandInvalid }
        return value
    }

    /// A driver's write to register `offset` (0...3).
    public func writeRegister(_ offset: UInt64, _ value: UInt8) {
        switch offset {
        case BusLogicRegister.controlStatus: writeControl(value)
        case BusLogicRegister.commandData: writeCommandByte(value)
        default: invalidRegisterAccesses += 1   // INTERRUPT and GEOMETRY are read-only
        }
    }

    private func writeControl(_ value: UInt8) {
        if value & BusLogicControl.hardReset != 0 {
            hardReset()
            return
        }
        guard !stopped else { return }      // only a hard reset restarts a stopped adapter
        if value & BusLogicControl.softReset != 0 {
            resetsPerformed += 1
            resetState()
            updateInterruptLine()
            return
        }
        if value & BusLogicControl.interruptReset != 0 {
            interruptBits = 0
            flushPending()
        }
        if value & BusLogicControl.scsiBusReset != 0 {
            resetsPerformed += 1
            dropInFlight()
            scsiBus.reset()
            interruptBits |= BusLogicInterrupt.scsiResetState
        }
        updateInterruptLine()
    }

    /// Hard reset: everything a driver set up is forgotten, the SCSI bus is reset, and the
    /// diagnostics run for ``Configuration/diagnosticNanoseconds`` of virtual time (DIAGNOSTIC
    /// ACTIVE), after which STATUS shows HOST ADAPTER READY and INITIALIZATION REQUIRED.
    private func hardReset() {
        resetsPerformed += 1
        resetState()
        stopped = false
        scsiBus.reset()
        if let timer = diagnosticTimer { clock.cancel(timer) }
        diagnosing = true
        let generation = resetGeneration
        diagnosticTimer = clock.schedule(after: configuration.diagnosticNanoseconds) { [weak self] in
            guard let self, self.resetGeneration == generation else { return }
            self.diagnosing = false
            self.diagnosticTimer = nil
        }
        updateInterruptLine()
    }

    /// The state both resets leave: no mailboxes, no command, no interrupt, default options.
    private func resetState() {
        dropInFlight()
        if let timer = diagnosticTimer { clock.cancel(timer) }
        diagnosticTimer = nil
        diagnosing = false
        mailboxCount = 0
        mailboxBase = 0
        outgoingIndex = 0
        incomingIndex = 0
        pendingHead = 0
        pendingCount = 0
        opcode = nil
        parameterCount = 0
        replyLength = 0
        replyIndex = 0
        commandInvalid = false
        interruptBits = 0
        adapterInterruptsEnabled = true
        outgoingAvailableInterrupt = false
        strictRoundRobin = false
        wideLUNFormat = false
    }

    // MARK: helpers

    /// Reports a breach of the programming interface.
    func violation(_ detail: String) {
        protocolViolations += 1
        lastProtocolViolation = detail
        function?.reportProtocolViolation("BusLogic BT-958: " + detail)
    }

    /// Host memory for a DMA by the adapter: nil when bus mastering is off or the map refuses
    /// (either is recorded as a DMA violation).
    func dma(_ address: UInt64, length: Int, access: PhysicalMemory.Access) -> UnsafeMutableRawPointer? {
        pciFunction?._withUnsafeGuaranteedRef { $0.dma(address, length: length, access: access) }
    }

    func updateInterruptLine() {
        // Unretained, as in dma(_:length:access:): the function and its line outlive the adapter's attachment.
        let level = interruptBits != 0 && adapterInterruptsEnabled && !stopped
        pciFunction?._withUnsafeGuaranteedRef { function in
            function.interrupt?.drive(level && !function.interruptsDisabled)
        }
    }

    func raise(_ bits: UInt8) {
        interruptBits |= bits
        updateInterruptLine()
    }
}

extension UnsafeMutableRawPointer {
    @inline(__always) func le32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    @inline(__always) func putLE32(_ offset: Int, _ value: UInt32) {
        storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt32.self)
    }
}

extension BusLogicAdapter: DirectDeviceIO {
    /// Register handlers the address space calls without protocol dispatch or reference counting.
    public var directRegisterAccess: DirectRegisterAccess {
        DirectRegisterAccess(context: Unmanaged.passUnretained(self).toOpaque(),
            read: { context, region, offset, width in
                Unmanaged<BusLogicAdapter>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.read(region: region, offset: offset, width: width)
                }
            },
            write: { context, region, offset, width, value in
                Unmanaged<BusLogicAdapter>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.write(region: region, offset: offset, width: width, value: value)
                }
            })
    }
}
