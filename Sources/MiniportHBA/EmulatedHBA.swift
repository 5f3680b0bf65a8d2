import MiniportPlatform
import Synchronization

#if canImport(Glibc)
import Glibc
#endif
import MiniportSCSI

/// What the controller tells an observer (a trace): the command it starts on a device, the
/// data it moved for it, and each completion interrupt it raises. `dataAddress` is the bus
/// address of the command's data (its first scatter/gather element), nil without data. Calls
/// come on the thread driving the controller.
public protocol HBAObserver: AnyObject {
    /// The controller starts a command on `bus`/`target`/`lun`.
    func hbaCommandStarted(bus: UInt8, target: UInt8, lun: UInt8, dataAddress: UInt64?)
    /// The controller moved `bytes` of data for a command on `bus`/`target`/`lun`, to memory when
    /// `toHost` is true, from memory otherwise.
    func hbaTransferred(bus: UInt8, target: UInt8, lun: UInt8, dataAddress: UInt64?, bytes: Int, toHost: Bool)
    /// The controller raised a completion interrupt.
    func hbaInterruptRaised()
}

/// The emulated PCI SCSI host bus adapter (docs/hba-spec.md is its specification).
///
/// A driver gives the controller two rings in DMA memory — 64-byte request descriptors and
/// 16-byte completions — enables it, fills requests and rings the doorbell (REQUEST TAIL).
/// The controller executes each request against the SCSI target it addresses, moves data
/// through the physical address map (every address checked), writes autosense, posts a
/// completion and raises INTx while an unmasked interrupt status bit is set. With interrupts
/// masked, the same completions can be polled (the dump path works this way).
///
/// Requests run when the doorbell rings, so a completion is normally in the ring before the
/// doorbell write returns; fault injection can hold a command forever or post its completion
/// later in virtual time, which is how outstanding commands, timeouts and out-of-order
/// completions arise.
///
/// Everything read from memory is bounded before use: ring indices, descriptor fields,
/// scatter/gather counts and lengths. A malformed request completes with INVALID REQUEST or
/// DMA ERROR; a malformed ring index stops the controller with an ERROR code. The request path
/// allocates nothing.
public final class EmulatedHBA: PCIDevice, ResetObservable {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// What the controller reports in its capability registers and PCI identity.
    public struct Configuration: Sendable, Equatable {
        /// The controller's PCI identity (vendor, device, subsystem IDs).
        public var identity: PCIIdentity
        /// SCSI buses (1...8).
        public var buses: Int
        /// Target IDs per bus (1...256).
        public var targetsPerBus: Int
        /// LUNs per target (1...256).
        public var lunsPerTarget: Int
        /// Largest RING ENTRIES value accepted (a power of two, 2...4096).
        public var queueDepth: Int
        /// Largest TRANSFER LENGTH accepted, in bytes.
        public var maxTransfer: Int
        /// Largest SG COUNT accepted (1...4096).
        public var maxSGEntries: Int
        /// Where the controller consumes its request ring: in the doorbell write (the default,
        /// deterministic) or on a thread of its own (`DeviceExecution.ownThread`), the
        /// completion interrupt reaching the port when the round is done.
        public var execution: DeviceExecution = .inline
        /// Queue pairs (1...16, CAP_QUEUES). With more than one the controller has an MSI-X
        /// capability (a vector per queue, table in BAR 2) and register blocks for queues
        /// 1 and up; with one it is the interface 1.0 controller (INTx only).
        public var queues: Int = 1

        /// The default identity: vendor 0x6D70, device 0x5343 (placeholder IDs, not assigned to
        /// anyone), subsystem 0x6D70/0x0001, class 01/00/00 (SCSI bus controller), revision 1.
        public static let defaultIdentity = PCIIdentity(vendorID: 0x6D70, deviceID: 0x5343,
                                                        subsystemVendorID: 0x6D70, subsystemID: 0x0001)

        /// A configuration; the defaults are one bus of 16 targets with 8 LUNs each, a queue depth of
        /// 256, 1 MiB transfers and 256 scatter/gather entries.
        public init(identity: PCIIdentity = Configuration.defaultIdentity, buses: Int = 1, targetsPerBus: Int = 16,
                    lunsPerTarget: Int = 8, queueDepth: Int = 256, maxTransfer: Int = 1 << 20, maxSGEntries: Int = 256,
                    queues: Int = 1) {
            self.identity = identity
            self.buses = buses
            self.targetsPerBus = targetsPerBus
            self.lunsPerTarget = lunsPerTarget
            self.queueDepth = queueDepth
            self.maxTransfer = maxTransfer
            self.maxSGEntries = maxSGEntries
            self.queues = queues
        }
    }

    /// Why ``EmulatedHBA/attach(_:bus:)`` refused a target.
    public enum AttachError: Error, Equatable, CustomStringConvertible {
        /// The bus number is not below the controller's bus count.
        case busOutOfRange(Int)
        /// The target's ID is not below the controller's target IDs per bus.
        case targetOutOfRange(Int)
        /// The bus already has a device at that target ID.
        case occupied(bus: Int, target: Int)

        public var description: String {
            switch self {
            case .busOutOfRange(let bus): return "bus \(bus) is outside the controller's buses"
            case .targetOutOfRange(let target): return "target \(target) is outside the controller's target IDs"
            case .occupied(let bus, let target): return "bus \(bus) target \(target) already has a device"
            }
        }
    }

    /// The configuration the controller was created with.
    public let configuration: Configuration
    /// The PCI identity from the configuration.
    public var identity: PCIIdentity { configuration.identity }
    /// BAR 0, the 4 KiB memory register block, and BAR 1, the I/O mirror of registers 0x00...0x7F;
    /// each BAR's index is the `region` of the register accesses. With several queues, BAR 2
    /// (4 KiB of memory) holds the MSI-X table and PBA, which the platform decodes.
    public let bars: [PCIBar]
    /// The MSI-X capability: a vector per queue, with several queues (none with one).
    public let msix: PCIMSIXLayout?
    public let interruptPin: UInt8 = 1
    /// Fault injection hooks (timeouts, delays, lost interrupts, removal, fatal errors).
    public let faults = HBAFaults()

    /// The PCI function the controller is plugged into (nil before, and after the machine is gone).
    public var function: PCIFunction? { pciFunction?.takeUnretainedValue() }
    // Unmanaged, not weak: a weak load and a retain on every register access and DMA cost 4 %
    // of an I/O. The function owns the controller and clears this in its deinit (detach(from:)).
    @exclusivity(unchecked) private var pciFunction: Unmanaged<PCIFunction>?
    /// The controller's lock with `DeviceExecution.ownThread` (recursive): every register
    /// access, every hook the driving thread calls and every round of the worker hold it.
    private let deviceLock: DeviceLock?
    /// The thread consuming the request ring (`DeviceExecution.ownThread`; started by the
    /// first doorbell).
    @exclusivity(unchecked) private var worker: DeviceWorker?
    /// An INTx update is posted to the clock and not yet run (from the worker's thread).
    private let lineUpdatePosted = Atomic<Bool>(false)
    /// The posted INTx update, made once.
    @exclusivity(unchecked) private var postedLineUpdate: () -> Void = {}
    /// Told of each command the controller starts, its data transfer and each completion
    /// interrupt (for traces). Nil costs a check.
    @exclusivity(unchecked) public var observer: HBAObserver?
    /// The machine's physical memory (the machine owns it and outlives its devices), used through
    /// ``withMemory(_:)``: an `unowned(unsafe)` reference is still retained around each call.
    private let memoryRef: Unmanaged<PhysicalMemory>
    private unowned(unsafe) let clock: VirtualClock
    /// The SCSI buses behind the controller (bus n is `scsiBuses[n]`).
    public let scsiBuses: [SCSIBus]
    /// The same buses unretained, for the command path (`scsiBuses` holds them).
    private let busReferences: [Unmanaged<SCSIBus>]

    // Register state.
    @exclusivity(unchecked) private var control: UInt32 = 0
    @exclusivity(unchecked) private var fatal = false
    /// The code in the ERROR register; ``HBAErrorCode/none`` while the controller is not in error.
    @exclusivity(unchecked) public private(set) var errorCode: HBAErrorCode = .none
    /// One queue pair's registers and state (queue 0: the interface 1.0 ring pair).
    private struct QueuePair {
        var requestRingBase: UInt64 = 0
        var completionRingBase: UInt64 = 0
        var entries: UInt32 = 0
        var requestTail: UInt32 = 0
        var requestHead: UInt32 = 0
        var completionTail: UInt32 = 0
        var completionHead: UInt32 = 0
        /// QUEUE_ENABLE (queues 1 and up; queue 0 runs with CONTROL.ENABLE).
        var enabled = false
        /// Commands taken from this queue and not yet in its completion ring.
        var inFlight = 0
        /// Commands taken from this queue since the controller was created.
        var taken = 0
    }
    /// The queue pairs, `configuration.queues` of them (raw memory: no array checks on the path).
    private let queuePairs: UnsafeMutablePointer<QueuePair>
    /// The queue the worker looks at first in its next round (round robin).
    @exclusivity(unchecked) private var nextQueue = 0
    @exclusivity(unchecked) private var interruptStatus: UInt32 = 0
    @exclusivity(unchecked) private var interruptMask: UInt32 = HBAValue.interruptAll

    // In-flight commands: executed (or held) but not yet in the completion ring.
    private struct InFlight {
        var active = false
        var tag: UInt32 = 0
        var bus: UInt8 = 0
        var target: UInt8 = 0
        var record = CompletionRecord()
        var timer: VirtualClock.TimerID?
        var generation: UInt32 = 0
        /// The queue pair the command came from (its completion goes there).
        var queue = 0
    }

    struct CompletionRecord {
        var tag: UInt32 = 0
        var hbaStatus: HBACommandStatus = .ok
        var scsiStatus: UInt8 = 0
        var senseLength: UInt8 = 0
        var flags: UInt8 = 0
        var residual: UInt32 = 0
    }

    @exclusivity(unchecked) private var inFlight: [InFlight]
    @exclusivity(unchecked) private var inFlightCount = 0
    @exclusivity(unchecked) private var resetGeneration: UInt32 = 0
    private let segments: UnsafeMutableBufferPointer<UnsafeMutableRawBufferPointer>

    /// Completions the controller posted to the completion ring.
    @exclusivity(unchecked) public private(set) var commandsCompleted = 0
    /// Bus resets (BUS_RESET) and controller resets (CONTROL.RESET) a driver performed.
    @exclusivity(unchecked) public private(set) var resetsPerformed = 0
    /// Register accesses that were not 32-bit, 4-aligned and inside a BAR's register block.
    @exclusivity(unchecked) public private(set) var invalidRegisterAccesses = 0

    /// A controller for `machine` (its physical memory and virtual clock), with the buses of
    /// `configuration` empty.
    public init(configuration: Configuration = Configuration(), machine: Machine) {
        precondition((1...8).contains(configuration.buses), "buses must be 1...8")
        precondition((1...256).contains(configuration.targetsPerBus), "targets per bus must be 1...256")
        precondition((1...256).contains(configuration.lunsPerTarget), "LUNs per target must be 1...256")
        precondition(configuration.queueDepth.nonzeroBitCount == 1 && (2...4096).contains(configuration.queueDepth),
                     "queue depth must be a power of two in 2...4096")
        precondition((1...4096).contains(configuration.maxSGEntries), "max SG entries must be 1...4096")
        precondition(configuration.maxTransfer > 0 && configuration.maxTransfer <= Int(UInt32.max))
        precondition((1...HBAQueueRegister.maxQueues).contains(configuration.queues), "queues must be 1...16")
        self.configuration = configuration
        var bars = [PCIBar(kind: .memory32, size: HBARegister.memoryBarSize), PCIBar(kind: .io, size: HBARegister.ioBarSize)]
        if configuration.queues > 1 { bars.append(PCIBar(kind: .memory32, size: 0x1000)) }
        self.bars = bars
        self.msix = configuration.queues > 1 ? PCIMSIXLayout(vectors: configuration.queues, bar: 2) : nil
        self.queuePairs = .allocate(capacity: configuration.queues)
        self.queuePairs.initialize(repeating: QueuePair(), count: configuration.queues)
        self.memoryRef = Unmanaged.passUnretained(machine.memory)
        self.clock = machine.clock
        self.scsiBuses = (0..<configuration.buses).map { _ in SCSIBus() }
        busReferences = scsiBuses.map { Unmanaged.passUnretained($0) }
        self.inFlight = Array(repeating: InFlight(), count: configuration.queueDepth * configuration.queues)
        self.segments = .allocate(capacity: configuration.maxSGEntries)
        self.segments.initialize(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0))
        deviceLock = configuration.execution == .ownThread ? DeviceLock() : nil
        postedLineUpdate = { [unowned self] in
            self.lineUpdatePosted.store(false, ordering: .releasing)
            self.serialized { self.updateInterruptLine() }
        }
    }

    deinit {
        worker?.stop()
        segments.deallocate()
        queuePairs.deinitialize(count: configuration.queues)
        queuePairs.deallocate()
    }

    /// `body` under the controller's lock (`DeviceExecution.ownThread`); inline, just `body`.
    @inline(__always)
    private func serialized<T>(_ body: () -> T) -> T {
        guard let deviceLock else { return body() }
        return deviceLock.withLock(body)
    }

    /// Rounds the controller's own thread has run (0 inline, or before the first doorbell).
    public var workerRounds: Int { worker?.rounds ?? 0 }

    public func attach(to function: PCIFunction) {
        pciFunction = Unmanaged.passUnretained(function)
        function.interruptStateChanged = { [unowned self] in self.serialized { self.updateInterruptLine() } }
    }

    public func detach(from function: PCIFunction) {
        if pciFunction?.toOpaque() == Unmanaged.passUnretained(function).toOpaque() { pciFunction = nil }
    }

    // MARK: devices

    /// Puts a target on `bus` at its own ID.
    public func attach(_ target: SCSITarget, bus: Int = 0) throws(AttachError) {
        guard bus >= 0, bus < configuration.buses else { throw .busOutOfRange(bus) }
        let id = Int(target.id)
        guard id < configuration.targetsPerBus else { throw .targetOutOfRange(id) }
        guard scsiBuses[bus][id] == nil else { throw .occupied(bus: bus, target: id) }
        scsiBuses[bus].attach(target)
    }

    /// Removes the target at `bus`/`id` (hot removal); later commands get SELECTION TIMEOUT.
    public func detach(bus: Int, target id: Int) {
        guard bus >= 0, bus < configuration.buses, id >= 0, id < configuration.targetsPerBus else { return }
        scsiBuses[bus].detach(id: id)
    }

    /// The target at `bus`/`id`, nil when there is none or the address is out of range.
    public func target(bus: Int, id: Int) -> SCSITarget? {
        guard bus >= 0, bus < configuration.buses, id >= 0, id < configuration.targetsPerBus else { return nil }
        return scsiBuses[bus][id]
    }

    // MARK: observable state (for tests and ports)

    /// Whether CONTROL.ENABLE is set and the controller is not in error (STATUS.READY).
    public var isReady: Bool { serialized { control & HBAValue.controlEnable != 0 && !fatal } }
    /// Whether an error stopped the controller (STATUS.FATAL).
    public var isFatal: Bool { serialized { fatal } }
    /// Commands accepted and not yet posted to the completion ring.
    public var outstandingCommands: Int { serialized { inFlightCount } }
    /// Commands the controller has taken from queue pair `queue` since it was created (0 for a
    /// queue it does not have): which of a multi-queue driver's queues carried the I/O.
    public func commandsTaken(queue: Int) -> Int {
        serialized { queue >= 0 && queue < configuration.queues ? queuePairs[queue].taken : 0 }
    }
    /// Whether the controller's interrupt line is asserted now.
    public var interruptAsserted: Bool { function?.interrupt?.isAsserted ?? false }

    // MARK: DeviceIO

    /// Registers are 32-bit and 4-aligned, in BAR 0 or in the mirror in BAR 1; anything else is
    /// counted as an invalid access. (BAR 2, the MSI-X table, is the platform's.)
    private func claims(region: Int, offset: UInt64, width: Int) -> Bool {
        guard width == 4, offset % 4 == 0, region == 0 || (region == 1 && offset < UInt64(HBARegister.ioBarSize)) else {
            invalidRegisterAccesses += 1
            return false
        }
        return true
    }

    /// Reads a register: 32-bit, 4-aligned accesses in BAR 0 or its mirror in BAR 1; any other
    /// access reads all ones and is counted.
    public func read(region: Int, offset: UInt64, width: Int) -> UInt64 {
        guard claims(region: region, offset: offset, width: width) else { return AddressSpace.allOnes(width) }
        return UInt64(readRegister(offset))
    }

    /// Writes a register: 32-bit, 4-aligned accesses in BAR 0 or its mirror in BAR 1; any other
    /// access is ignored and counted.
    public func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
        guard claims(region: region, offset: offset, width: width) else { return }
        writeRegister(offset, UInt32(truncatingIfNeeded: value))
    }

    /// The value a driver reads from register `offset`.
    public func readRegister(_ offset: UInt64) -> UInt32 {
        serialized { readRegisterHeld(offset) }
    }

    private func readRegisterHeld(_ offset: UInt64) -> UInt32 {
        switch offset {
        case HBARegister.magic: return HBAValue.magic
        case HBARegister.version: return HBAValue.version
        case HBARegister.capBuses: return UInt32(configuration.buses)
        case HBARegister.capTargets: return UInt32(configuration.targetsPerBus)
        case HBARegister.capLuns: return UInt32(configuration.lunsPerTarget)
        case HBARegister.capQueueDepth: return UInt32(configuration.queueDepth)
        case HBARegister.capMaxTransfer: return UInt32(configuration.maxTransfer)
        case HBARegister.capMaxSGEntries: return UInt32(configuration.maxSGEntries)
        case HBARegister.control: return control
        case HBARegister.status:
            return (isReady ? HBAValue.statusReady : 0) | (fatal ? HBAValue.statusFatal : 0)
        case HBARegister.error: return errorCode.rawValue
        case HBARegister.requestRingLow...HBARegister.completionHead:
            return readQueueRegister(0, offset - HBARegister.requestRingLow)
        case HBARegister.interruptStatus: return interruptStatus
        case HBARegister.interruptMask: return interruptMask
        case HBARegister.outstanding: return UInt32(inFlightCount)
        case HBARegister.capQueues: return UInt32(configuration.queues)
        case HBAQueueRegister.base..<registerBlockEnd:
            let (queue, register) = (offset - HBAQueueRegister.base).quotientAndRemainder(dividingBy: HBAQueueRegister.stride)
            return queue < UInt64(configuration.queues) ? readQueueRegister(Int(queue), register) : 0
        default: return 0
        }
    }

    /// Register `register` of queue `queue`'s block (``HBAQueueRegister``).
    private func readQueueRegister(_ queue: Int, _ register: UInt64) -> UInt32 {
        let pair = queuePairs[queue]
        switch register {
        case HBAQueueRegister.requestRingLow: return UInt32(truncatingIfNeeded: pair.requestRingBase)
        case HBAQueueRegister.requestRingHigh: return UInt32(truncatingIfNeeded: pair.requestRingBase >> 32)
        case HBAQueueRegister.completionRingLow: return UInt32(truncatingIfNeeded: pair.completionRingBase)
        case HBAQueueRegister.completionRingHigh: return UInt32(truncatingIfNeeded: pair.completionRingBase >> 32)
        case HBAQueueRegister.ringEntries: return pair.entries
        case HBAQueueRegister.requestTail: return pair.requestTail
        case HBAQueueRegister.requestHead: return pair.requestHead
        case HBAQueueRegister.completionTail: return pair.completionTail
        case HBAQueueRegister.completionHead: return pair.completionHead
        case HBAQueueRegister.queueEnable: return isQueueEnabled(queue) ? 1 : 0
        case HBAQueueRegister.queueOutstanding: return UInt32(pair.inFlight)
        default: return 0
        }
    }

    /// A driver's write to register `offset`.
    public func writeRegister(_ offset: UInt64, _ value: UInt32) {
        serialized { writeRegisterHeld(offset, value) }
    }

    private func writeRegisterHeld(_ offset: UInt64, _ value: UInt32) {
        switch offset {
        case HBARegister.control:
            if value & HBAValue.controlReset != 0 {
                controllerReset()
                return
            }
            guard !fatal else {
                invalidRegisterAccesses += 1       // only a reset leaves the error state
                return
            }
            let wasEnabled = isEnabled
            let enable = value & HBAValue.controlEnable != 0
            if enable && !wasEnabled {
                if validateRings(0) { control = HBAValue.controlEnable }
            } else if !enable && wasEnabled {
                control = 0
                for queue in 1..<max(1, configuration.queues) { queuePairs[queue].enabled = false }
                dropInFlight()                     // disabling forgets commands in flight
            }
            updateInterruptLine()
        case HBARegister.requestRingLow...HBARegister.completionHead:
            writeQueueRegister(0, offset - HBARegister.requestRingLow, value)
        case HBARegister.interruptStatus:
            interruptStatus &= ~value
            updateInterruptLine()
        case HBARegister.interruptMask:
            interruptMask = value & HBAValue.interruptAll
            updateInterruptLine()
        case HBARegister.busReset:
            resetBus(Int(value & 0xFF))
        case HBARegister.targetReset:
            resetTarget(bus: Int(value & 0xFF), target: Int((value >> 8) & 0xFF))
        case HBAQueueRegister.base..<registerBlockEnd:
            let (queue, register) = (offset - HBAQueueRegister.base).quotientAndRemainder(dividingBy: HBAQueueRegister.stride)
            guard queue < UInt64(configuration.queues) else {
                invalidRegisterAccesses += 1   // a queue the controller does not have
                return
            }
            writeQueueRegister(Int(queue), register, value)
        default:
            invalidRegisterAccesses += 1   // read-only or reserved
        }
    }

    /// A write to register `register` of queue `queue`'s block (``HBAQueueRegister``).
    private func writeQueueRegister(_ queue: Int, _ register: UInt64, _ value: UInt32) {
        let disabled = !isQueueEnabled(queue)
        switch register {
        case HBAQueueRegister.requestRingLow where disabled:
            queuePairs[queue].requestRingBase = (queuePairs[queue].requestRingBase & 0xFFFF_FFFF_0000_0000) | UInt64(value)
        case HBAQueueRegister.requestRingHigh where disabled:
            queuePairs[queue].requestRingBase = (queuePairs[queue].requestRingBase & 0xFFFF_FFFF) | UInt64(value) << 32
        case HBAQueueRegister.completionRingLow where disabled:
            queuePairs[queue].completionRingBase = (queuePairs[queue].completionRingBase & 0xFFFF_FFFF_0000_0000) | UInt64(value)
        case HBAQueueRegister.completionRingHigh where disabled:
            queuePairs[queue].completionRingBase = (queuePairs[queue].completionRingBase & 0xFFFF_FFFF) | UInt64(value) << 32
        case HBAQueueRegister.ringEntries where disabled:
            queuePairs[queue].entries = value
        case HBAQueueRegister.requestTail:
            doorbell(queue, value)
        case HBAQueueRegister.completionHead:
            guard !fatal else { return }
            guard isQueueEnabled(queue) else {
                raiseFatal(.notReady)
                return
            }
            // The new head may only move over completions that were posted.
            let pair = queuePairs[queue]
            let posted = (pair.completionTail &- pair.completionHead) & (pair.entries &- 1)
            let advance = (value &- pair.completionHead) & (pair.entries &- 1)
            guard value < pair.entries, advance <= posted else {
                raiseFatal(.badCompletionHead)
                return
            }
            queuePairs[queue].completionHead = value
            processRequests(queue)   // room may have opened for held-back requests
        case HBAQueueRegister.queueEnable where queue > 0:
            guard !fatal else {
                invalidRegisterAccesses += 1       // only a reset leaves the error state
                return
            }
            let enable = value & 1 != 0
            if enable && !queuePairs[queue].enabled {
                guard isEnabled else {
                    raiseFatal(.notReady)          // queues run only on an enabled controller
                    return
                }
                if validateRings(queue) { queuePairs[queue].enabled = true }
            } else if !enable && queuePairs[queue].enabled {
                queuePairs[queue].enabled = false
                dropInFlight(queue: queue)         // disabling a queue forgets its commands in flight
            }
        default:
            invalidRegisterAccesses += 1   // read-only, reserved, or ring setup while the queue runs
        }
    }

    private var isEnabled: Bool { control & HBAValue.controlEnable != 0 }

    /// Whether queue `queue` runs: queue 0 with CONTROL.ENABLE, the others with their
    /// QUEUE_ENABLE (which needs CONTROL.ENABLE too).
    @inline(__always)
    private func isQueueEnabled(_ queue: Int) -> Bool {
        queue == 0 ? isEnabled : isEnabled && queuePairs[queue].enabled
    }

    // MARK: rings

    /// Checks queue `queue`'s ring registers when it is enabled (CONTROL.ENABLE for queue 0,
    /// QUEUE_ENABLE for the others); returns false (and stops the controller) when they are
    /// unusable: bad entries or alignment, a ring outside DMA memory, its two rings overlapping,
    /// or a ring overlapping another running queue's.
    private func validateRings(_ queue: Int) -> Bool {
        let pair = queuePairs[queue]
        let entries = pair.entries
        let requestBytes = UInt64(entries) * UInt64(HBARequestLayout.size)
        let completionBytes = UInt64(entries) * UInt64(HBACompletionLayout.size)
        // The bases are the driver's register writes: a ring that wraps past 2^64 is invalid.
        let (requestEnd, requestWraps) = pair.requestRingBase.addingReportingOverflow(requestBytes)
        let (completionEnd, completionWraps) = pair.completionRingBase.addingReportingOverflow(completionBytes)
        func apart(_ start: UInt64, _ end: UInt64, _ otherStart: UInt64, _ otherEnd: UInt64) -> Bool {
            end <= otherStart || otherEnd <= start
        }
        var disjoint = !requestWraps && !completionWraps
            && apart(pair.requestRingBase, requestEnd, pair.completionRingBase, completionEnd)
        for other in 0..<configuration.queues where disjoint && other != queue && isQueueEnabled(other) {
            let running = queuePairs[other]
            let otherRequestEnd = running.requestRingBase &+ UInt64(running.entries) * UInt64(HBARequestLayout.size)
            let otherCompletionEnd = running.completionRingBase &+ UInt64(running.entries) * UInt64(HBACompletionLayout.size)
            for (start, end) in [(pair.requestRingBase, requestEnd), (pair.completionRingBase, completionEnd)] {
                disjoint = disjoint && apart(start, end, running.requestRingBase, otherRequestEnd)
                    && apart(start, end, running.completionRingBase, otherCompletionEnd)
            }
        }
        let valid = entries >= 2 && entries <= UInt32(configuration.queueDepth) && entries.nonzeroBitCount == 1
            && pair.requestRingBase % 64 == 0 && pair.completionRingBase % 64 == 0 && disjoint
            && withMemory({ $0.translate(pair.requestRingBase, length: Int(requestBytes), access: .read) }) != nil
            && withMemory({ $0.translate(pair.completionRingBase, length: Int(completionBytes), access: .write) }) != nil
        guard valid else {
            raiseFatal(.badRingConfiguration)
            return false
        }
        queuePairs[queue].requestHead = 0
        queuePairs[queue].requestTail = 0
        queuePairs[queue].completionHead = 0
        queuePairs[queue].completionTail = 0
        return true
    }

    /// Bus mastering gates every DMA the controller makes, ring accesses included.
    private var busMaster: Bool { withFunction(false) { $0.busMasterEnabled } }

    /// `body` applied to the machine's physical memory, without reference counting.
    @inline(__always)
    private func withMemory<T>(_ body: (PhysicalMemory) -> T) -> T {
        memoryRef._withUnsafeGuaranteedRef(body)
    }

    /// `body` applied to the PCI function, without reference counting; `fallback` when unplugged.
    @inline(__always)
    private func withFunction<T>(_ fallback: T, _ body: (PCIFunction) -> T) -> T {
        guard let pciFunction else { return fallback }
        return pciFunction._withUnsafeGuaranteedRef(body)
    }

    /// Host memory of one ring slot, or nil after stopping the controller with RING ACCESS FAULT
    /// (bus mastering off, or the slot outside the address map; either is recorded).
    private func ringSlot(_ address: UInt64, length: Int, access: PhysicalMemory.Access) -> UnsafeMutableRawPointer? {
        guard busMaster else {
            withMemory { $0.refuse(address, length: length, access: access,
                          reason: "bus mastering is disabled in the PCI command register") }
            raiseFatal(.ringAccessFault)
            return nil
        }
        guard let slot = withMemory({ $0.resolve(address, length: length, access: access) }) else {
            raiseFatal(.ringAccessFault)
            return nil
        }
        return slot
    }

    private func doorbell(_ queue: Int, _ tail: UInt32) {
        guard !fatal else { return }
        guard isQueueEnabled(queue) else {
            raiseFatal(.notReady)
            return
        }
        guard tail < queuePairs[queue].entries else {
            raiseFatal(.badRequestTail)
            return
        }
        queuePairs[queue].requestTail = tail
        processRequests(queue)
    }

    /// Consumes queue `queue`'s requests while its completion ring can take every command in
    /// flight: now, or (`DeviceExecution.ownThread`) on the controller's thread, which serves
    /// every queue.
    private func processRequests(_ queue: Int) {
        if deviceLock != nil, !DeviceWorker.isCurrentThread, let function {
            if worker == nil {
                // Unowned: a weak reference would move the controller's reference counts to a
                // side table (every retain the slow path). deinit stops the worker (joining the
                // round it is in) before anything of the controller goes away.
                // The lock is taken per request, so the driver's register accesses (its
                // interrupt routine, the next doorbell) get in between.
                worker = DeviceWorker(name: "phba", function: function) { [unowned(unsafe) self] in
                    while self.serialized({ self.consumeAny() }) {}
                }
            }
            worker!.wake()
            return
        }
        while consumeOne(queue) {}
    }

    /// One request from the next queue that has one, round robin (the controller's thread).
    private func consumeAny() -> Bool {
        let count = configuration.queues
        for step in 0..<count {
            let queue = (nextQueue + step) % count
            if consumeOne(queue) {
                nextQueue = (queue + 1) % count
                return true
            }
        }
        return false
    }

    /// Takes and executes queue `queue`'s next request; false when there is none the controller
    /// may take.
    private func consumeOne(_ queue: Int) -> Bool {
        let pair = queuePairs[queue]
        guard isReady, isQueueEnabled(queue), pair.requestHead != pair.requestTail else { return false }
        let mask = pair.entries &- 1
        let queued = Int((pair.completionTail &- pair.completionHead) & mask)
        guard queued + pair.inFlight < Int(pair.entries) - 1 else { return false }
        let slotAddress = pair.requestRingBase + UInt64(pair.requestHead) * UInt64(HBARequestLayout.size)
        guard let descriptor = ringSlot(slotAddress, length: HBARequestLayout.size, access: .read) else { return false }
        queuePairs[queue].requestHead = (pair.requestHead + 1) & mask
        queuePairs[queue].taken &+= 1
        execute(UnsafeRawPointer(descriptor), queue: queue)
        return true
    }

    private func execute(_ descriptor: UnsafeRawPointer, queue: Int) {
        var record = CompletionRecord()
        record.tag = descriptor.le32(HBARequestLayout.tag)
        let bus = descriptor.load(fromByteOffset: HBARequestLayout.bus, as: UInt8.self)
        let targetID = descriptor.load(fromByteOffset: HBARequestLayout.target, as: UInt8.self)
        let lun = descriptor.load(fromByteOffset: HBARequestLayout.lun, as: UInt8.self)
        let cdbLength = Int(descriptor.load(fromByteOffset: HBARequestLayout.cdbLength, as: UInt8.self))
        let flags = descriptor.load(fromByteOffset: HBARequestLayout.flags, as: UInt8.self)
        let senseLength = Int(descriptor.load(fromByteOffset: HBARequestLayout.senseLength, as: UInt8.self))
        let sgCount = Int(descriptor.le16(HBARequestLayout.sgCount))
        let transferLength = Int(descriptor.le32(HBARequestLayout.transferLength))
        let dataAddress = descriptor.le64(HBARequestLayout.dataAddress)
        let senseAddress = descriptor.le64(HBARequestLayout.senseAddress)
        record.residual = UInt32(transferLength)

        // Fault injection that acts before the device sees the command.
        let action = faults.decide(bus: bus, target: targetID, lun: lun)

        // Validate the descriptor.
        let dataIn = flags & HBARequestLayout.flagDataIn != 0
        let dataOut = flags & HBARequestLayout.flagDataOut != 0
        let useSG = flags & HBARequestLayout.flagSGList != 0
        guard flags & ~HBARequestLayout.flagsDefined == 0, !(dataIn && dataOut), (1...16).contains(cdbLength),
              transferLength <= configuration.maxTransfer, (transferLength == 0) == !(dataIn || dataOut),
              !useSG || (1...configuration.maxSGEntries).contains(sgCount) else {
            record.hbaStatus = .invalidRequest
            return finish(record, bus: bus, target: targetID, action: action, queue: queue)
        }

        // Address the device.
        guard Int(bus) < configuration.buses, Int(targetID) < configuration.targetsPerBus,
              busReferences[Int(bus)]._withUnsafeGuaranteedRef({ $0.hasTarget(Int(targetID)) }),
              !faults.isRemoved(bus: bus, target: targetID) else {
            record.hbaStatus = .selectionTimeout
            return finish(record, bus: bus, target: targetID, action: action, queue: queue)
        }

        // Resolve the data buffer through the address map before anything runs.
        var segmentCount = 0
        var firstAddress: UInt64? = transferLength > 0 && !useSG ? dataAddress : nil
        if transferLength > 0 {
            guard busMaster else {
                withMemory { $0.refuse(dataAddress, length: transferLength, access: dataIn ? .write : .read,
                              reason: "bus mastering is disabled in the PCI command register") }
                record.hbaStatus = .dmaError
                return finish(record, bus: bus, target: targetID, action: action, queue: queue)
            }
            let access: PhysicalMemory.Access = dataIn ? .write : .read
            if useSG {
                guard let list = withMemory({ $0.resolve(dataAddress, length: sgCount * HBASGLayout.size, access: .read) }) else {
                    record.hbaStatus = .dmaError
                    return finish(record, bus: bus, target: targetID, action: action, queue: queue)
                }
                var total = 0
                for index in 0..<sgCount {
                    let entry = UnsafeRawPointer(list) + index * HBASGLayout.size
                    let address = entry.le64(HBASGLayout.address)
                    let length = Int(entry.le32(HBASGLayout.length))
                    if index == 0 { firstAddress = address }
                    guard length > 0, total + length <= transferLength else {
                        record.hbaStatus = .invalidRequest
                        return finish(record, bus: bus, target: targetID, action: action, queue: queue)
                    }
                    guard let host = withMemory({ $0.resolve(address, length: length, access: access) }) else {
                        record.hbaStatus = .dmaError
                        return finish(record, bus: bus, target: targetID, action: action, queue: queue)
                    }
                    segments[index] = UnsafeMutableRawBufferPointer(start: host, count: length)
                    total += length
                }
                guard total == transferLength else {
                    record.hbaStatus = .invalidRequest
                    return finish(record, bus: bus, target: targetID, action: action, queue: queue)
                }
                segmentCount = sgCount
            } else {
                guard let host = withMemory({ $0.resolve(dataAddress, length: transferLength, access: access) }) else {
                    record.hbaStatus = .dmaError
                    return finish(record, bus: bus, target: targetID, action: action, queue: queue)
                }
                segments[0] = UnsafeMutableRawBufferPointer(start: host, count: transferLength)
                segmentCount = 1
            }
        }

        // Run the command on the logical unit.
        var cdb = SCSICDB()
        withUnsafeMutableBytes(of: &cdb.bytes) { raw in
            raw.baseAddress!.copyMemory(from: descriptor + HBARequestLayout.cdb, byteCount: cdbLength)
        }
        cdb.length = cdbLength
        var data = SCSIDataTransfer(
            direction: dataIn ? .toInitiator : dataOut ? .fromInitiator : .none,
            segments: UnsafeBufferPointer(start: segments.baseAddress, count: segmentCount))
        // A LUN beyond CAP_LUNS reaches no logical unit: the target answers for it (05/25/00).
        let address = Int(lun) < configuration.lunsPerTarget ? UInt64(lun) : UInt64.max
        if observer != nil { tell { $0.hbaCommandStarted(bus: bus, target: targetID, lun: lun, dataAddress: firstAddress) } }
        // The bus and target reached without reference counting; the target's disks as
        // concrete types (SCSITarget.execute). A target detached since the check above (from
        // another thread) answers as an absent one.
        guard let completion = busReferences[Int(bus)]._withUnsafeGuaranteedRef({
            $0.withTarget(Int(targetID)) { $0.execute(lun: address, cdb: cdb, data: &data) }
        }) else {
            record.hbaStatus = .selectionTimeout
            return finish(record, bus: bus, target: targetID, action: action, queue: queue)
        }
        if transferLength > 0 {
            let bytes = min(data.transferred, transferLength)
            if observer != nil {
                tell { $0.hbaTransferred(bus: bus, target: targetID, lun: lun, dataAddress: firstAddress, bytes: bytes, toHost: dataIn) }
            }
        }
        record.scsiStatus = completion.status.rawValue
        record.residual = UInt32(max(0, transferLength - min(data.transferred, transferLength)))

        // Autosense into the driver's buffer.
        if completion.status == .checkCondition, let sense = completion.sense, senseLength > 0 {
            let length = min(senseLength, SenseData.fixedLength)
            if !busMaster {
                withMemory { $0.refuse(senseAddress, length: length, access: .write,
                              reason: "bus mastering is disabled in the PCI command register") }
            } else if let host = withMemory({ $0.resolve(senseAddress, length: length, access: .write) }) {
                record.senseLength = UInt8(sense.write(to: UnsafeMutableRawBufferPointer(start: host, count: length)))
                record.flags |= HBACompletionLayout.flagSenseValid
            }
        }
        finish(record, bus: bus, target: targetID, action: action, queue: queue)
    }

    /// Tells the observer (traces): at once, or, from the controller's own thread, posted to
    /// the driving thread. Callers check for an observer first: without one no closure is made.
    @inline(__always)
    private func tell(_ event: @escaping (HBAObserver) -> Void) {
        guard let observer else { return }
        if deviceLock != nil, DeviceWorker.isCurrentThread {
            clock.post { event(observer) }
        } else {
            event(observer)
        }
    }

    // MARK: completion

    private func finish(_ record: CompletionRecord, bus: UInt8, target: UInt8, action: HBAFaults.Action, queue: Int) {
        switch action {
        case .none, .loseInterrupt:
            post(record, raiseInterrupt: action != .loseInterrupt, queue: queue)
        case .hold, .delay:
            guard let slot = inFlight.firstIndex(where: { !$0.active }) else {
                post(record, raiseInterrupt: true, queue: queue)   // cannot happen: admission keeps a slot free
                return
            }
            inFlight[slot].active = true
            inFlight[slot].tag = record.tag
            inFlight[slot].bus = bus
            inFlight[slot].target = target
            inFlight[slot].record = record
            inFlight[slot].generation = resetGeneration
            inFlight[slot].queue = queue
            inFlightCount += 1
            queuePairs[queue].inFlight += 1
            if case .delay(let nanoseconds) = action {
                let generation = resetGeneration
                let later = { [weak self] in
                    guard let self else { return }
                    self.serialized { self.completeDelayed(slot: slot, generation: generation) }
                }
                // Virtual time is the driving thread's: from the controller's own thread, posted
                // (no timer to cancel: a stale completion finds its generation changed).
                if deviceLock != nil, DeviceWorker.isCurrentThread { clock.post(after: nanoseconds, later) }
                else { inFlight[slot].timer = clock.schedule(after: nanoseconds, later) }
            }
        }
    }

    private func completeDelayed(slot: Int, generation: UInt32) {
        guard inFlight[slot].active, inFlight[slot].generation == generation, !fatal else { return }
        let record = inFlight[slot].record
        let queue = inFlight[slot].queue
        release(slot)
        post(record, raiseInterrupt: true, queue: queue)
    }

    private func release(_ slot: Int) {
        if let timer = inFlight[slot].timer { clock.cancel(timer) }
        queuePairs[inFlight[slot].queue].inFlight -= 1
        inFlight[slot] = InFlight()
        inFlightCount -= 1
    }

    private func post(_ record: CompletionRecord, raiseInterrupt: Bool, queue: Int) {
        guard isQueueEnabled(queue), !fatal else { return }
        let pair = queuePairs[queue]
        let address = pair.completionRingBase + UInt64(pair.completionTail) * UInt64(HBACompletionLayout.size)
        guard let slot = ringSlot(address, length: HBACompletionLayout.size, access: .write) else { return }
        slot.storeBytes(of: record.tag.littleEndian, toByteOffset: HBACompletionLayout.tag, as: UInt32.self)
        slot.storeBytes(of: record.hbaStatus.rawValue, toByteOffset: HBACompletionLayout.hbaStatus, as: UInt8.self)
        slot.storeBytes(of: record.scsiStatus, toByteOffset: HBACompletionLayout.scsiStatus, as: UInt8.self)
        slot.storeBytes(of: record.senseLength, toByteOffset: HBACompletionLayout.senseLength, as: UInt8.self)
        slot.storeBytes(of: record.flags, toByteOffset: HBACompletionLayout.flags, as: UInt8.self)
        slot.storeBytes(of: record.residual.littleEndian, toByteOffset: HBACompletionLayout.residual, as: UInt32.self)
        slot.storeBytes(of: UInt32(0), toByteOffset: HBACompletionLayout.reserved, as: UInt32.self)
        queuePairs[queue].completionTail = (pair.completionTail + 1) & (pair.entries &- 1)
        commandsCompleted += 1
        if raiseInterrupt {
            interruptStatus |= HBAValue.interruptCompletion
            if observer != nil { tell { $0.hbaInterruptRaised() } }
            signal(vector: queue, source: HBAValue.interruptCompletion)
        }
    }

    /// Raises the interrupt for `source`: with MSI-X enabled, vector `vector`'s message unless
    /// INTERRUPT_MASK masks the source; otherwise INTA# follows INTERRUPT_STATUS and the mask.
    private func signal(vector: Int, source: UInt32) {
        if msix != nil, withFunction(false, { $0.msixEnabled }) {
            guard interruptMask & source == 0 else { return }
            withFunction(()) { $0.signalMSIX(vector: vector) }
            return
        }
        updateInterruptLine()
    }

    // MARK: resets and errors

    /// CONTROL.RESET: drops every command in flight (no completions), forgets the rings, masks
    /// interrupts, clears errors, and resets every device as a bus reset would.
    private func controllerReset() {
        resetsPerformed += 1
        dropInFlight()
        control = 0
        fatal = false
        errorCode = .none
        for queue in 0..<configuration.queues {
            let taken = queuePairs[queue].taken
            queuePairs[queue] = QueuePair()
            queuePairs[queue].taken = taken
        }
        interruptStatus = 0
        interruptMask = HBAValue.interruptAll
        for bus in scsiBuses { bus.reset() }
        updateInterruptLine()
    }

    /// Forgets every command in flight (of `queue`, or of every queue) without completing it
    /// (controller reset, disable).
    private func dropInFlight(queue: Int? = nil) {
        resetGeneration &+= 1
        for slot in inFlight.indices where inFlight[slot].active && (queue == nil || inFlight[slot].queue == queue) {
            release(slot)
        }
    }

    private func resetBus(_ bus: Int) {
        guard bus < configuration.buses else {
            invalidRegisterAccesses += 1
            return
        }
        resetsPerformed += 1
        endInFlight(status: .busReset) { $0.bus == UInt8(bus) }
        scsiBuses[bus].reset()
    }

    private func resetTarget(bus: Int, target id: Int) {
        guard bus < configuration.buses, id < configuration.targetsPerBus else {
            invalidRegisterAccesses += 1
            return
        }
        endInFlight(status: .targetReset) { $0.bus == UInt8(bus) && $0.target == UInt8(id) }
        scsiBuses[bus][id]?.reset(.target)
    }

    private func endInFlight(status: HBACommandStatus, where matches: (InFlight) -> Bool) {
        for slot in inFlight.indices where inFlight[slot].active && matches(inFlight[slot]) {
            var record = CompletionRecord()
            record.tag = inFlight[slot].tag
            record.hbaStatus = status
            record.residual = inFlight[slot].record.residual
            let queue = inFlight[slot].queue
            release(slot)
            post(record, raiseInterrupt: true, queue: queue)
        }
    }

    /// Stops the controller with `code` (fault injection uses this for a controller fatal error).
    public func raiseFatal(_ code: HBAErrorCode) {
        serialized { raiseFatalHeld(code) }
    }

    private func raiseFatalHeld(_ code: HBAErrorCode) {
        guard !fatal else { return }
        fatal = true
        errorCode = code
        interruptStatus |= HBAValue.interruptError
        signal(vector: 0, source: HBAValue.interruptError)
    }

    private func updateInterruptLine() {
        // The line is the platform's: driven from the thread that drives the machine.
        if deviceLock != nil, DeviceWorker.isCurrentThread {
            if !lineUpdatePosted.exchange(true, ordering: .acquiringAndReleasing) { clock.post(postedLineUpdate) }
            return
        }
        let pending = interruptStatus & ~interruptMask != 0
        let level = pending && (isEnabled || fatal)
        withFunction(()) { function in
            // With MSI-X enabled the function may not use INTA# (the PCI rule).
            let drive = level && !function.interruptsDisabled && !(msix != nil && function.msixEnabled)
            function.interrupt?.drive(drive)
        }
    }
}

extension UnsafeRawPointer {
    @inline(__always) func le16(_ offset: Int) -> UInt16 { UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    @inline(__always) func le32(_ offset: Int) -> UInt32 { UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    @inline(__always) func le64(_ offset: Int) -> UInt64 { UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
}

extension EmulatedHBA: DirectDeviceIO {
    /// Register handlers the address space calls without protocol dispatch or reference counting.
    public var directRegisterAccess: DirectRegisterAccess {
        DirectRegisterAccess(context: Unmanaged.passUnretained(self).toOpaque(),
            read: { context, region, offset, width in
                Unmanaged<EmulatedHBA>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.read(region: region, offset: offset, width: width)
                }
            },
            write: { context, region, offset, width, value in
                Unmanaged<EmulatedHBA>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.write(region: region, offset: offset, width: width, value: value)
                }
            })
    }
}

/// The end of BAR 0's register block, as a register offset.
private let registerBlockEnd = UInt64(HBARegister.memoryBarSize)
