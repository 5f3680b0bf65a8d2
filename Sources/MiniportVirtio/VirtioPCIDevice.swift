import Synchronization
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

/// A virtio 1.x device on PCI (docs/virtio-spec.md): the transport around a ``VirtioBackend``.
///
/// Two flavours:
/// - **modern**: device ID 0x1040 + type, revision 1; the virtio structures (common
///   configuration, notifications, ISR, device configuration) in memory BAR 0, found through
///   vendor-specific capabilities; MSI-X in memory BAR 1.
/// - **transitional**: device ID 0x1000 + legacy ID (0x1001 block, 0x1004 SCSI), subsystem ID =
///   virtio type, revision 0; the legacy register block in I/O BAR 0, MSI-X in memory BAR 1,
///   and the same modern structures in memory BAR 2.
///
/// A notification processes the queue at once (deterministic). Every ring the driver builds is
/// checked: a malformed one sets DEVICE_NEEDS_RESET, raises the configuration interrupt and is
/// reported through `PCIFunction.reportProtocolViolation(_:)`.
public final class VirtioPCIDevice: StorageController, VirtioTransport {
    /// Which programming interfaces the device exposes.
    public enum Flavor: String, Sendable, CaseIterable {
        /// Virtio 1.x only.
        case modern
        /// Virtio 1.x and the legacy (0.9.5) I/O register block.
        case transitional
    }

    /// The interface the current driver uses (decided by its first register access after reset).
    enum Interface {
        case undecided
        case modern
        case legacy
    }

    /// The PCI vendor ID of virtio devices.
    public static let vendorID: UInt16 = 0x1AF4

    /// The programming interfaces the device exposes (modern or transitional).
    public let flavor: Flavor
    /// The device type behind the transport.
    public let backend: any VirtioBackend
    /// The PCI identity: vendor 0x1AF4 and the device ID, subsystem and revision of the flavour.
    public let identity: PCIIdentity
    /// Modern: BAR 0 the virtio memory structures, BAR 1 the MSI-X table and PBA. Transitional:
    /// BAR 0 the legacy I/O block, BAR 1 MSI-X, BAR 2 the virtio memory structures. Each BAR's
    /// index is the `region` of the register accesses.
    public let bars: [PCIBar]
    public let interruptPin: UInt8 = 1
    public let capabilities: [PCICapability]
    public let msix: PCIMSIXLayout?
    /// Injected transport faults (the backend consults them per request).
    public let faults: TransportFaults
    /// BAR index of the virtio memory structures.
    public let modernBar: Int
    /// BAR index of the legacy I/O block (transitional only).
    public let legacyBar: Int?
    /// BAR index of the MSI-X table and PBA.
    public let msixBar: Int
    /// Capability indices (in ``capabilities``) of the virtio structures.
    static let pciConfigAccessCapability = 4

    /// Where the device consumes its queues: `DeviceExecution.inline` (in the driver's notify
    /// write, the default) or `DeviceExecution.ownThread`: on a `DeviceWorker` woken by the
    /// notify, the queue's MSI-X message reaching the port when the device has posted its used
    /// entries. Only while MSI-X is enabled (a driver on INTx, and a dump copy, get the inline
    /// device).
    public typealias Execution = DeviceExecution

    /// Where the device consumes its queues.
    public let execution: Execution
    /// The device's lock with `DeviceExecution.ownThread` (recursive): every register access, every
    /// configuration hook and every round of the worker holds it. Nil inline.
    private let deviceLock: DeviceLock?
    /// The thread consuming the queues (`DeviceExecution.ownThread`; started by the first notify).
    @exclusivity(unchecked) private var worker: DeviceWorker?
    /// Queues notified since the worker's last round (a bit per queue): set by the notify write
    /// without the device lock, taken by the worker.
    private let notifiedQueues = Atomic<UInt64>(0)
    @exclusivity(unchecked) private(set) var pciFunction: Unmanaged<PCIFunction>?
    private let detachedClock = VirtualClock()
    let queues: [VirtioQueue]
    @exclusivity(unchecked) var status: UInt8 = 0
    @exclusivity(unchecked) var interface: Interface = .undecided
    @exclusivity(unchecked) var deviceFeatureSelect: UInt32 = 0
    @exclusivity(unchecked) var driverFeatureSelect: UInt32 = 0
    @exclusivity(unchecked) var driverFeatures: UInt64 = 0
    /// Features in force (set at FEATURES_OK, or by a legacy driver's guest-features write).
    @exclusivity(unchecked) public internal(set) var negotiatedFeatures: UInt64 = 0
    @exclusivity(unchecked) var configVector: UInt16 = virtioNoVector
    @exclusivity(unchecked) var queueSelect: UInt16 = 0
    /// config_generation: incremented whenever the backend reports a configuration change and when
    /// the device enters DEVICE_NEEDS_RESET.
    @exclusivity(unchecked) public internal(set) var configGeneration: UInt8 = 0
    @exclusivity(unchecked) var isr: UInt8 = 0
    /// Bumped by every reset: a delayed completion scheduled before it is dropped.
    @exclusivity(unchecked) var resetGeneration: UInt32 = 0
    /// Device resets performed (status 0 written, or ``reset()``).
    @exclusivity(unchecked) public internal(set) var resetsPerformed = 0
    /// Register accesses that hit nothing or had the wrong width.
    @exclusivity(unchecked) public internal(set) var invalidRegisterAccesses = 0
    /// Protocol violations this device reported (also counted by the function).
    @exclusivity(unchecked) public internal(set) var protocolViolations = 0
    /// The most recent violation detail.
    @exclusivity(unchecked) public internal(set) var lastViolation: String?
    /// Chains posted to used rings so far.
    @exclusivity(unchecked) public internal(set) var chainsCompleted = 0

    /// Every feature the device offers: the backend's plus the transport's.
    public var offeredFeatures: UInt64 { backend.deviceFeatures & 0x00FF_FFFF | VirtioFeature.transportOffered }

    /// Builds the device around `backend`.
    public init(backend: any VirtioBackend, flavor: Flavor = .modern, faults: TransportFaults = TransportFaults(),
                execution: Execution = .inline) {
        precondition(backend.queueCount >= 1 && backend.queueCount <= 64, "a virtio device here has 1...64 queues")
        precondition(backend.maxQueueSize >= 2 && backend.maxQueueSize <= 32768 && backend.maxQueueSize.nonzeroBitCount == 1,
                     "the queue size is a power of two in 2...32768")
        precondition(backend.configSize >= 0 && backend.configSize <= 0x1000)
        self.backend = backend
        self.flavor = flavor
        self.faults = faults
        self.execution = execution
        deviceLock = execution == .ownThread ? DeviceLock() : nil
        let type = backend.deviceType
        let vectors = backend.queueCount + 1
        switch flavor {
        case .modern:
            identity = PCIIdentity(vendorID: Self.vendorID, deviceID: 0x1040 + type, subsystemVendorID: Self.vendorID,
                                   subsystemID: type, revision: 1, classCode: Self.classCode(type))
            bars = [PCIBar(kind: .memory32, size: VirtioBARLayout.size), PCIBar(kind: .memory32, size: VirtioBARLayout.msixSize)]
            modernBar = 0
            msixBar = 1
            legacyBar = nil
        case .transitional:
            identity = PCIIdentity(vendorID: Self.vendorID, deviceID: 0x1000 + Self.legacyDeviceOffset(type),
                                   subsystemVendorID: Self.vendorID, subsystemID: type, revision: 0,
                                   classCode: Self.classCode(type))
            var ioSize: UInt32 = 32
            while ioSize < UInt32(VirtioLegacyRegister.deviceConfigMSIX + backend.configSize) { ioSize <<= 1 }
            bars = [PCIBar(kind: .io, size: ioSize), PCIBar(kind: .memory32, size: VirtioBARLayout.msixSize),
                    PCIBar(kind: .memory32, size: VirtioBARLayout.size)]
            legacyBar = 0
            msixBar = 1
            modernBar = 2
        }
        msix = PCIMSIXLayout(vectors: vectors, bar: msixBar)
        capabilities = Self.virtioCapabilities(bar: UInt8(modernBar), queueCount: backend.queueCount,
                                               configSize: backend.configSize)
        queues = (0..<backend.queueCount).map { VirtioQueue(index: $0, maxSize: backend.maxQueueSize) }
        backend.attach(self)
    }

    deinit {
        worker?.stop()
    }

    /// Whether the device has its own thread's lock (`DeviceExecution.ownThread`).
    @inline(__always) var deviceIsThreaded: Bool { deviceLock != nil }

    /// `body` under the device lock (`DeviceExecution.ownThread`); inline, just `body`.
    @inline(__always)
    func serialized<T>(_ body: () -> T) -> T {
        guard let deviceLock else { return body() }
        return deviceLock.withLock(body)
    }

    /// A notify for queue `index` with `DeviceExecution.ownThread` and MSI-X enabled: the worker
    /// takes it (device lock held). False when the queue is processed inline.
    func handToWorker(queue index: Int) -> Bool {
        guard deviceLock != nil, msixEnabled, let function else { return false }
        notifiedQueues.bitwiseOr(1 << UInt64(index), ordering: .releasing)
        if worker == nil {
            // Unowned: a weak reference would move the device's reference counts to a side
            // table (every retain the slow path). deinit stops the worker (joining the round it
            // is in) before anything of the device goes away.
            worker = DeviceWorker(name: "virtio \(backend.deviceType)", function: function) { [unowned(unsafe) self] in
                self.runNotifiedQueues()
            }
        }
        worker!.wake()
        return true
    }

    /// A round of the worker: every queue notified since the last one.
    private func runNotifiedQueues() {
        serialized {
            var notified = notifiedQueues.exchange(0, ordering: .acquiring)
            while notified != 0 {
                let index = notified.trailingZeroBitCount
                notified &= notified - 1
                let queue = queues[index]
                guard queue.enabled, !needsReset, interface == .legacy || status & VirtioStatus.driverOK != 0 else { continue }
                process(queue)
            }
        }
    }

    /// The notify write of a modern driver whose queues the worker already consumes: handed
    /// over without the device lock, which the worker may hold for a whole round. False when
    /// the write must take the ordinary path.
    @inline(__always)
    func notifyWithoutLock(region: Int, offset: UInt64) -> Bool {
        guard worker != nil, region == modernBar, interface == .modern,
              offset >= UInt64(VirtioBARLayout.notify),
              offset < UInt64(VirtioBARLayout.notify) + UInt64(queues.count) * UInt64(VirtioBARLayout.notifyOffMultiplier)
        else { return false }
        let queue = Int(offset - UInt64(VirtioBARLayout.notify)) / Int(VirtioBARLayout.notifyOffMultiplier)
        return handToWorker(queue: queue)
    }

    /// Rounds the device's own thread has run (0 inline, or before the first notify).
    public var workerRounds: Int { worker?.rounds ?? 0 }

    /// The legacy device ID offset of a virtio type (block 1, SCSI 4, network 0, ...).
    static func legacyDeviceOffset(_ type: UInt16) -> UInt16 {
        switch type {
        case 1: return 0      // network
        case 2: return 1      // block
        case 3: return 3      // console
        case 4: return 5      // entropy
        case 5: return 2      // memory balloon
        case 8: return 4      // SCSI host
        case 9: return 9      // 9P transport
        default: return 0x3F
        }
    }

    static func classCode(_ type: UInt16) -> (base: UInt8, sub: UInt8, programmingInterface: UInt8) {
        switch type {
        case 2: return (0x01, 0x00, 0x00)   // mass storage, SCSI (what virtio-blk reports)
        case 8: return (0x01, 0x00, 0x00)   // mass storage, SCSI
        case 1: return (0x02, 0x00, 0x00)   // network
        default: return (0xFF, 0x00, 0x00)
        }
    }

    /// The five vendor-specific capabilities: common, notify, ISR, device, PCI configuration access.
    static func virtioCapabilities(bar: UInt8, queueCount: Int, configSize: Int) -> [PCICapability] {
        func cap(_ type: UInt8, offset: UInt32, length: UInt32, extra: UInt32? = nil, writable: Bool = false) -> PCICapability {
            var body: [UInt8] = [extra == nil ? 16 : 20, type, type == VirtioPCICapType.pciConfigAccess ? 0 : bar, 0, 0, 0]
            for word in [offset, length] + (extra.map { [$0] } ?? []) {
                for shift in stride(from: 0, to: 32, by: 8) { body.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
            }
            var mask: [UInt8]?
            if writable {
                // bar, offset, length and the data window are the driver's to write.
                mask = [0, 0, 0xFF, 0, 0, 0] + [UInt8](repeating: 0xFF, count: 12)
            }
            return PCICapability(id: 0x09, body: body, writableMask: mask)
        }
        return [
            cap(VirtioPCICapType.commonConfig, offset: VirtioBARLayout.commonConfig, length: UInt32(VirtioCommonConfig.size)),
            cap(VirtioPCICapType.notifyConfig, offset: VirtioBARLayout.notify,
                length: UInt32(queueCount) * VirtioBARLayout.notifyOffMultiplier, extra: VirtioBARLayout.notifyOffMultiplier),
            cap(VirtioPCICapType.isrConfig, offset: VirtioBARLayout.isr, length: 1),
            cap(VirtioPCICapType.deviceConfig, offset: VirtioBARLayout.deviceConfig, length: UInt32(max(configSize, 1))),
            cap(VirtioPCICapType.pciConfigAccess, offset: 0, length: 0, extra: 0, writable: true),
        ]
    }

    // MARK: PCI

    public func attach(to function: PCIFunction) {
        pciFunction = Unmanaged.passUnretained(function)
        function.interruptStateChanged = { [unowned self] in self.serialized { self.updateInterruptLine() } }
    }

    public func detach(from function: PCIFunction) {
        if pciFunction?.toOpaque() == Unmanaged.passUnretained(function).toOpaque() { pciFunction = nil }
    }

    /// The function the device is plugged into (nil before plugging).
    public var function: PCIFunction? { pciFunction?.takeUnretainedValue() }

    /// The function's ``PCIFunction/dma(_:length:access:)`` (nil when unplugged), reached
    /// without counting a reference to the function: the ring and buffer paths call it several
    /// times per request.
    @inline(__always)
    func dma(_ address: UInt64, length: Int, access: PhysicalMemory.Access) -> UnsafeMutableRawPointer? {
        pciFunction?._withUnsafeGuaranteedRef { $0.dma(address, length: length, access: access) }
    }

    // MARK: observable state

    /// The device status register.
    public var deviceStatus: UInt8 { serialized { status } }
    /// Whether DEVICE_NEEDS_RESET is set.
    public var needsReset: Bool { status & VirtioStatus.deviceNeedsReset != 0 }
    /// Interrupt status bits not yet read by the driver.
    public var pendingISR: UInt8 { serialized { isr } }
    /// Whether the driver negotiated through the legacy interface.
    public var isLegacyDriver: Bool { interface == .legacy }
    /// A virtio-blk device carries no SCSI status (the fault scenario skips BUSY and unit attention).
    public var carriesSCSIStatus: Bool { backend.deviceType != 2 }
    /// Held plus delayed chains over all queues.
    public var outstandingCommands: Int {
        serialized { queues.reduce(0) { $0 + (backend.queueCarriesCommands($1.index) ? $1.outstandingCount : 0) } }
    }

    /// Whether feature `bit` is in force.
    @inline(__always) func negotiated(_ bit: UInt64) -> Bool { negotiatedFeatures & bit != 0 }

    // MARK: VirtioTransport

    public var clock: VirtualClock { function?.clock ?? detachedClock }

    public func writeGuest(physical: UInt64, bytes: UnsafeRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return true }
        guard let host = dma(physical, length: bytes.count, access: .write) else { return false }
        host.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        return true
    }

    public func readGuest(physical: UInt64, into bytes: UnsafeMutableRawBufferPointer) -> Bool {
        guard !bytes.isEmpty else { return true }
        guard let host = dma(physical, length: bytes.count, access: .read) else { return false }
        bytes.baseAddress!.copyMemory(from: host, byteCount: bytes.count)
        return true
    }

    public func configChanged() {
        serialized {
            configGeneration &+= 1
            raiseConfigInterrupt()
        }
    }

    public func needsReset(_ detail: String) {
        serialized {
            lastViolation = detail
            enterNeedsReset()
        }
    }

    @discardableResult
    public func complete(queue index: Int, id: UInt16, written: UInt32) -> Bool {
        serialized { completeHeld(queue: index, id: id, written: written) }
    }

    private func completeHeld(queue index: Int, id: UInt16, written: UInt32) -> Bool {
        guard index >= 0, index < queues.count else { return false }
        let queue = queues[index]
        guard let entry = queue.take(id: id) else { return false }
        guard !needsReset, queue.enabled else { return false }
        guard postUsed(queue, id: id, written: min(written, entry.writableLength), descriptors: entry.descriptors) else { return false }
        interruptIfWanted(queue)
        return true
    }

    /// Sets DEVICE_NEEDS_RESET and raises the configuration interrupt: what an injected
    /// controller fatal error does.
    public func injectControllerFatal() {
        serialized {
            faults.noteFatalInjected()
            needsReset("controller fatal error injected")
        }
    }

    // MARK: status machine

    /// A device reset: what writing 0 to the status does.
    public func reset() {
        serialized { resetHeld() }
    }

    private func resetHeld() {
        notifiedQueues.store(0, ordering: .relaxed)
        status = 0
        interface = .undecided
        deviceFeatureSelect = 0
        driverFeatureSelect = 0
        driverFeatures = 0
        negotiatedFeatures = 0
        configVector = virtioNoVector
        queueSelect = 0
        isr = 0
        resetGeneration &+= 1
        for queue in queues { queue.reset() }
        resetsPerformed += 1
        backend.reset()
        updateInterruptLine()
    }

    /// A status write from either interface.
    func writeStatus(_ value: UInt8) {
        if value == 0 {
            reset()
            return
        }
        var new = (value & ~VirtioStatus.deviceNeedsReset) | (status & VirtioStatus.deviceNeedsReset)
        if new & VirtioStatus.featuresOK != 0, status & VirtioStatus.featuresOK == 0 {
            if !acceptFeatures() { new &= ~VirtioStatus.featuresOK }
        }
        if interface != .legacy, new & VirtioStatus.driverOK != 0, status & VirtioStatus.driverOK == 0,
           new & VirtioStatus.featuresOK == 0 {
            status = new & ~VirtioStatus.driverOK
            protocolViolation("DRIVER_OK set without FEATURES_OK")
            return
        }
        status = new
    }

    /// FEATURES_OK: the device keeps it only for a subset of what it offered, with VERSION_1.
    private func acceptFeatures() -> Bool {
        guard driverFeatures & ~offeredFeatures == 0 else { return false }
        guard driverFeatures & VirtioFeature.version1 != 0 else { return false }
        negotiatedFeatures = driverFeatures
        backend.featuresAccepted(driverFeatures)
        return true
    }

    /// A legacy driver's guest-features write: features are in force at once.
    func legacyFeaturesWritten(_ value: UInt32) {
        let accepted = UInt64(value) & offeredFeatures & VirtioFeature.legacyMask
        driverFeatures = accepted
        negotiatedFeatures = accepted
        backend.featuresAccepted(accepted)
    }

    /// Marks the device broken: no queue is processed until a reset.
    func enterNeedsReset() {
        guard !needsReset else { return }
        status |= VirtioStatus.deviceNeedsReset
        configGeneration &+= 1
        raiseConfigInterrupt()
    }

    /// The driver broke the device's programming interface: NEEDS_RESET and a report.
    func protocolViolation(_ detail: String) {
        noteViolation(detail)
        function?.reportProtocolViolation(detail)
        enterNeedsReset()
    }

    func noteViolation(_ detail: String) {
        protocolViolations += 1
        lastViolation = detail
    }

    // MARK: interrupts

    var msixEnabled: Bool { pciFunction?._withUnsafeGuaranteedRef { $0.msixEnabled } ?? false }

    func raiseQueueInterrupt(_ queue: VirtioQueue) {
        if msixEnabled {
            if queue.msixVector != virtioNoVector {
                pciFunction?._withUnsafeGuaranteedRef { $0.signalMSIX(vector: Int(queue.msixVector)) }
            }
            return
        }
        isr |= VirtioISR.queue
        updateInterruptLine()
    }

    func raiseConfigInterrupt() {
        if msixEnabled {
            if configVector != virtioNoVector { function?.signalMSIX(vector: Int(configVector)) }
            return
        }
        isr |= VirtioISR.configChange
        updateInterruptLine()
    }

    /// INTx follows the ISR while MSI-X is off and interrupts are not disabled.
    func updateInterruptLine() {
        guard let function, let line = function.interrupt else { return }
        // The line is the platform's: driven from the thread that drives the machine.
        if DeviceWorker.isCurrentThread {
            clock.post { [unowned self] in self.serialized { self.updateInterruptLine() } }
            return
        }
        line.drive(isr != 0 && !function.msixEnabled && !function.interruptsDisabled)
    }

    /// Reads and clears the ISR (both interfaces), deasserting INTx.
    func readISR() -> UInt8 {
        let value = isr
        isr = 0
        updateInterruptLine()
        return value
    }

    public func configWritten(offset: Int, width: Int, value: UInt32) {
        serialized { configWrittenHeld(offset: offset, width: width, value: value) }
    }

    private func configWrittenHeld(offset: Int, width: Int, value: UInt32) {
        if let function, let base = function.capabilityOffset(Self.pciConfigAccessCapability),
           offset >= base + 16, offset < base + 20 {
            pciConfigAccessWrite(offset: offset - base - 16, width: width, value: value)
        }
        updateInterruptLine()   // MSI-X enable may have changed
    }

    public func configRead(offset: Int, width: Int, value: UInt32) -> UInt32 {
        serialized { configReadHeld(offset: offset, width: width, value: value) }
    }

    private func configReadHeld(offset: Int, width: Int, value: UInt32) -> UInt32 {
        guard let function, let base = function.capabilityOffset(Self.pciConfigAccessCapability),
              offset >= base + 16, offset < base + 20 else { return value }
        return pciConfigAccessRead(offset: offset - base - 16, width: width)
    }
}
