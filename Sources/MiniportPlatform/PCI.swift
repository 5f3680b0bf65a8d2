import Synchronization
/// A function's identity in PCI configuration space.
public struct PCIIdentity: Sendable, Equatable {
    /// The vendor ID (configuration offset 0x00).
    public var vendorID: UInt16
    /// The device ID (configuration offset 0x02).
    public var deviceID: UInt16
    /// The subsystem vendor ID (configuration offset 0x2C).
    public var subsystemVendorID: UInt16
    /// The subsystem ID (configuration offset 0x2E).
    public var subsystemID: UInt16
    /// The revision ID (configuration offset 0x08).
    public var revision: UInt8
    /// Base class, subclass, programming interface (a SCSI controller is 01/00/00).
    public var classCode: (base: UInt8, sub: UInt8, programmingInterface: UInt8)

    /// An identity; the revision defaults to 1 and the class code to 01/00/00 (SCSI bus
    /// controller).
    public init(vendorID: UInt16, deviceID: UInt16, subsystemVendorID: UInt16, subsystemID: UInt16,
                revision: UInt8 = 1, classCode: (base: UInt8, sub: UInt8, programmingInterface: UInt8) = (0x01, 0x00, 0x00)) {
        self.vendorID = vendorID
        self.deviceID = deviceID
        self.subsystemVendorID = subsystemVendorID
        self.subsystemID = subsystemID
        self.revision = revision
        self.classCode = classCode
    }

    public static func == (a: PCIIdentity, b: PCIIdentity) -> Bool {
        a.vendorID == b.vendorID && a.deviceID == b.deviceID && a.subsystemVendorID == b.subsystemVendorID
            && a.subsystemID == b.subsystemID && a.revision == b.revision && a.classCode.base == b.classCode.base
            && a.classCode.sub == b.classCode.sub && a.classCode.programmingInterface == b.classCode.programmingInterface
    }
}

/// One base address register a device asks for.
public struct PCIBar: Sendable, Equatable {
    /// The address space a BAR decodes in.
    public enum Kind: Sendable, Equatable {
        /// An I/O-port BAR.
        case io
        /// A 32-bit memory BAR.
        case memory32
    }

    /// The address space the BAR decodes in.
    public var kind: Kind
    /// A power of two: at least 4 for I/O, at least 16 for memory.
    public var size: UInt32

    /// A BAR of `kind` and `size` bytes (a power of two: at least 4 for I/O, at least 16 for memory).
    public init(kind: Kind, size: UInt32) {
        precondition(size.nonzeroBitCount == 1 && size >= (kind == .io ? 4 : 16), "BAR size must be a power of two")
        self.kind = kind
        self.size = size
    }
}

/// A PCI device model: its identity, the BARs it decodes, its interrupt pin, and register access.
public protocol PCIDevice: DeviceIO {
    /// The function's identity in configuration space.
    var identity: PCIIdentity { get }
    /// Up to six BARs, indexed as the `region` in ``DeviceIO`` accesses.
    var bars: [PCIBar] { get }
    /// 1 = INTA#, 0 = no interrupt.
    var interruptPin: UInt8 { get }
    /// Called once when the device is plugged in, with its function (config space, interrupt line).
    func attach(to function: PCIFunction)
    /// Called when `function` goes away (its bus is freed) while the device may live on: a
    /// device that keeps an unowned reference to its function drops it here.
    func detach(from function: PCIFunction)
    /// The device's own capabilities (vendor-specific, power management, ...), laid out from
    /// configuration offset 0x40 (default: none). Declare MSI-X through ``msix``, not here.
    var capabilities: [PCICapability] { get }
    /// The MSI-X table and PBA placement, if the device has MSI-X (default: nil).
    var msix: PCIMSIXLayout? { get }
    /// Lets the device serve live fields of its capabilities: called for every configuration
    /// read at offset 0x40 or above with the stored `value`; returns what the reader sees
    /// (default: `value`).
    func configRead(offset: Int, width: Int, value: UInt32) -> UInt32
    /// Called after a configuration write at offset 0x40 or above was applied under the
    /// capabilities' writable masks (default: nothing).
    func configWritten(offset: Int, width: Int, value: UInt32)
}

extension PCIDevice {
    public func detach(from function: PCIFunction) {}
    public var capabilities: [PCICapability] { [] }
    public var msix: PCIMSIXLayout? { nil }
    public func configRead(offset: Int, width: Int, value: UInt32) -> UInt32 { value }
    public func configWritten(offset: Int, width: Int, value: UInt32) {}
}

/// A device that can tell whether a driver really reset it: the verifier checks that a
/// miniport asked to reset the bus in a dump mode does so.
public protocol ResetObservable: AnyObject {
    /// Bus and controller resets performed so far.
    var resetsPerformed: Int { get }
}

/// Bits of the PCI command register this platform honours.
public struct PCICommand: OptionSet, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// Bit 0: the function decodes its I/O BARs.
    public static let ioSpace = PCICommand(rawValue: 1 << 0)
    /// Bit 1: the function decodes its memory BARs.
    public static let memorySpace = PCICommand(rawValue: 1 << 1)
    /// Bit 2: the function may master the bus (DMA).
    public static let busMaster = PCICommand(rawValue: 1 << 2)
    /// Bit 10: the function must not drive INTx.
    public static let interruptDisable = PCICommand(rawValue: 1 << 10)
    static let writable: PCICommand = [.ioSpace, .memorySpace, .busMaster, .interruptDisable]
}

/// Offsets in type-0 configuration space.
public enum PCIConfigOffset {
    /// Vendor ID (16 bits).
    public static let vendorID = 0x00
    /// Device ID (16 bits).
    public static let deviceID = 0x02
    /// Command register (16 bits, ``PCICommand``).
    public static let command = 0x04
    /// Status register (16 bits).
    public static let status = 0x06
    /// Revision ID (8 bits).
    public static let revision = 0x08
    /// Class code: programming interface, subclass, base class (3 bytes).
    public static let classCode = 0x09
    /// Cache line size (8 bits).
    public static let cacheLineSize = 0x0C
    /// Latency timer (8 bits).
    public static let latencyTimer = 0x0D
    /// Header type (8 bits; 0 for these functions).
    public static let headerType = 0x0E
    /// The first of the six BARs (32 bits each).
    public static let bar0 = 0x10
    /// Subsystem vendor ID (16 bits).
    public static let subsystemVendorID = 0x2C
    /// Subsystem ID (16 bits).
    public static let subsystemID = 0x2E
    /// Expansion ROM base address (32 bits).
    public static let expansionROM = 0x30
    /// Capabilities pointer (8 bits): the offset of the first capability.
    public static let capabilities = 0x34
    /// Interrupt line (8 bits): the line number the platform routed.
    public static let interruptLine = 0x3C
    /// Interrupt pin (8 bits): 1 for INTA#, 0 for none.
    public static let interruptPin = 0x3D
}

/// One function on a PCI bus: 256 bytes of type-0 configuration space and the decoding state
/// that follows from it.
///
/// Identity fields are read-only. The command register's I/O-space, memory-space, bus-master
/// and interrupt-disable bits are honoured: BAR ranges are routed only while their space is
/// enabled, a device must not DMA without bus mastering, and INTx is held low while interrupts
/// are disabled. Writing all ones to a BAR makes it read back its size mask (size probing);
/// writing an address moves the BAR (aligned down to its size).
public final class PCIFunction {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// The number of the bus the function is on.
    public let bus: Int
    /// The slot (device number) on the bus, 0...31.
    public let slot: Int
    /// The function number within the slot.
    public let function: Int
    /// The device model behind the function.
    public let device: PCIDevice
    /// The interrupt line this function drives (nil for a device without an interrupt pin).
    public let interrupt: InterruptLine?
    @exclusivity(unchecked) private var space = [UInt8](repeating: 0, count: 256)
    @exclusivity(unchecked) private var barBase: [UInt32]
    @exclusivity(unchecked) private var probing: [Bool]
    private unowned let ioSpace: AddressSpace
    private unowned let memorySpace: AddressSpace
    /// The machine's physical address map: a device reaches memory only through it (``dma(_:length:access:)``).
    public unowned let memory: PhysicalMemory
    /// ``memory`` for ``dma(_:length:access:)``, which devices call several times per request:
    /// reading an `unowned` reference retains and releases it (the machine owns the memory).
    private let memoryReference: Unmanaged<PhysicalMemory>
    /// The machine's virtual clock, for a device's timers.
    public unowned let clock: VirtualClock
    /// Bits of configuration space a write may change, for offsets 0x40 and up (capabilities).
    @exclusivity(unchecked) private var writable = [UInt8](repeating: 0, count: 256)
    @exclusivity(unchecked) private var capabilityOffsets: [Int] = []
    @exclusivity(unchecked) private var msixCapability: Int?
    let msixTable: MSIXTable?
    /// Called for each MSI-X message the function sends: the vector, and the message address
    /// and data programmed in its table entry (the port's hook: it decodes the data).
    public var onMessage: ((_ vector: Int, _ address: UInt64, _ data: UInt32) -> Void)? {
        get { messageHandler.body }
        set { messageHandler.body = newValue }
    }
    private let messageHandler = HotCallback<(_ vector: Int, _ address: UInt64, _ data: UInt32) -> Void>()
    /// Messages sent so far.
    @exclusivity(unchecked) public private(set) var messagesSent = 0
    /// Called when the device reports that the driver broke its programming interface
    /// (``reportProtocolViolation(_:)``): the port turns it into the verifier rule `device.protocol`.
    @exclusivity(unchecked) public var onProtocolViolation: ((String) -> Void)?
    /// The most recent protocol violations reported by the device (at most 64 kept).
    @exclusivity(unchecked) public private(set) var protocolViolations: [String] = []
    /// Every protocol violation ever reported.
    @exclusivity(unchecked) public private(set) var protocolViolationCount = 0
    /// Writes to read-only configuration fields that were ignored.
    @exclusivity(unchecked) public private(set) var ignoredConfigWrites = 0
    /// The device work in flight on this function (``DeviceWorker``).
    let work: FunctionWork
    /// MSI-X vectors a device's own thread signalled, not sent yet.
    private let postedVectors = Atomic<UInt64>(0)
    /// The closure that sends them, made once (at init).
    @exclusivity(unchecked) private var deliverPostedMessages: () -> Void = {}
    /// Called on a device's own thread when it has finished the work it was woken for
    /// (``DeviceWorker``): the port's hook wakes a thread waiting for the device. Set it before
    /// the device starts working.
    public var onAsynchronousWorkEnded: (() -> Void)? {
        get { work.onEnded }
        set { work.onEnded = newValue }
    }

    init(bus: Int, slot: Int, function: Int, device: PCIDevice, interrupt: InterruptLine?,
         ioSpace: AddressSpace, memorySpace: AddressSpace, memory: PhysicalMemory, clock: VirtualClock,
         machineWork: DeviceWorkCounter = DeviceWorkCounter()) {
        self.work = FunctionWork(machine: machineWork)
        self.memory = memory
        self.memoryReference = Unmanaged.passUnretained(memory)
        self.clock = clock
        self.msixTable = device.msix.map { MSIXTable(layout: $0) }
        self.bus = bus
        self.slot = slot
        self.function = function
        self.device = device
        self.interrupt = interrupt
        self.ioSpace = ioSpace
        self.memorySpace = memorySpace
        self.barBase = Array(repeating: 0, count: 6)
        self.probing = Array(repeating: false, count: 6)
        let identity = device.identity
        put16(PCIConfigOffset.vendorID, identity.vendorID)
        put16(PCIConfigOffset.deviceID, identity.deviceID)
        put16(PCIConfigOffset.status, 0x0000)
        space[PCIConfigOffset.revision] = identity.revision
        space[PCIConfigOffset.classCode] = identity.classCode.programmingInterface
        space[PCIConfigOffset.classCode + 1] = identity.classCode.sub
        space[PCIConfigOffset.classCode + 2] = identity.classCode.base
        space[PCIConfigOffset.headerType] = 0x00
        put16(PCIConfigOffset.subsystemVendorID, identity.subsystemVendorID)
        put16(PCIConfigOffset.subsystemID, identity.subsystemID)
        space[PCIConfigOffset.interruptLine] = interrupt?.number ?? 0xFF
        space[PCIConfigOffset.interruptPin] = device.interruptPin
        layOutCapabilities()
        msixTable?.onUnmask = { [unowned self] vector in self.deliverPending(vector) }
        deliverPostedMessages = { [unowned self] in self.sendPostedMessages() }
    }

    deinit {
        device.detach(from: self)
    }

    // MARK: decoding state

    /// The command register's current value.
    public var command: PCICommand { PCICommand(rawValue: get16(PCIConfigOffset.command)) }
    /// Whether the command register lets the device master the bus (DMA).
    public var busMasterEnabled: Bool { command.contains(.busMaster) }
    /// Whether the command register keeps the device's INTx low.
    public var interruptsDisabled: Bool { command.contains(.interruptDisable) }

    /// The address BAR `index` decodes at (0 when unassigned).
    public func barAddress(_ index: Int) -> UInt64 {
        guard index >= 0, index < device.bars.count else { return 0 }
        return UInt64(barBase[index])
    }

    // MARK: configuration space access

    /// Reads `width` (1, 2 or 4) bytes at `offset`; out-of-range or misaligned reads return all ones.
    public func configRead(offset: Int, width: Int) -> UInt32 {
        guard [1, 2, 4].contains(width), offset >= 0, offset + width <= 256, offset % width == 0 else {
            return UInt32(truncatingIfNeeded: AddressSpace.allOnes(width == 4 ? 4 : width))
        }
        var value: UInt32 = 0
        for byte in 0..<width {
            value |= UInt32(configByte(offset + byte)) << (8 * UInt32(byte))
        }
        return offset >= Self.capabilityBase ? device.configRead(offset: offset, width: width, value: value) : value
    }

    /// Writes `width` bytes at `offset`, honouring which fields are writable.
    public func configWrite(offset: Int, width: Int, value: UInt32) {
        guard [1, 2, 4].contains(width), offset >= 0, offset + width <= 256, offset % width == 0 else {
            ignoredConfigWrites += 1
            return
        }
        if offset >= PCIConfigOffset.bar0, offset < PCIConfigOffset.bar0 + 24 {
            writeBAR(offset: offset, width: width, value: value)
            return
        }
        let msixBefore = msixControl
        for byte in 0..<width {
            writeByte(offset + byte, UInt8(truncatingIfNeeded: value >> (8 * UInt32(byte))))
        }
        if offset >= Self.capabilityBase { capabilitiesWritten(offset: offset, width: width, value: value, msixBefore: msixBefore) }
    }

    /// Reads a byte range (what ScsiPortGetBusData returns).
    public func configRead(offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard offset >= 0, offset < 256 else { return 0 }
        let count = min(buffer.count, 256 - offset)
        for index in 0..<count {
            let at = offset + index
            buffer[index] = at >= Self.capabilityBase
                ? UInt8(truncatingIfNeeded: device.configRead(offset: at, width: 1, value: UInt32(configByte(at))))
                : configByte(at)
        }
        return count
    }

    /// Writes a byte range (what ScsiPortSetBusDataByOffset does), field rules applied.
    public func configWrite(offset: Int, from buffer: UnsafeRawBufferPointer) -> Int {
        guard offset >= 0, offset < 256 else { return 0 }
        let count = min(buffer.count, 256 - offset)
        var index = 0
        while index < count {
            let at = offset + index
            if at >= PCIConfigOffset.bar0, at < PCIConfigOffset.bar0 + 24, at % 4 == 0, index + 4 <= count {
                let value = UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8
                    | UInt32(buffer[index + 2]) << 16 | UInt32(buffer[index + 3]) << 24
                writeBAR(offset: at, width: 4, value: value)
                index += 4
            } else {
                configWrite(offset: at, width: 1, value: UInt32(buffer[index]))   // capability hooks per byte
                index += 1
            }
        }
        return count
    }

    private func configByte(_ offset: Int) -> UInt8 {
        if offset >= PCIConfigOffset.bar0, offset < PCIConfigOffset.bar0 + 24 {
            let index = (offset - PCIConfigOffset.bar0) / 4
            return UInt8(truncatingIfNeeded: barRegister(index) >> (8 * UInt32(offset % 4)))
        }
        return space[offset]
    }

    private func barRegister(_ index: Int) -> UInt32 {
        guard index < device.bars.count else { return 0 }
        let bar = device.bars[index]
        let typeBits: UInt32 = bar.kind == .io ? 0x1 : 0x0
        if probing[index] { return ~(bar.size - 1) | typeBits }
        return barBase[index] | typeBits
    }

    private func writeBAR(offset: Int, width: Int, value: UInt32) {
        let index = (offset - PCIConfigOffset.bar0) / 4
        guard index < device.bars.count else {
            ignoredConfigWrites += 1
            return
        }
        // Merge partial writes into the current register image.
        var current = barRegister(index)
        let shift = UInt32(offset % 4) * 8
        let mask: UInt32 = width == 4 ? .max : ((1 << (UInt32(width) * 8)) - 1) << shift
        current = (current & ~mask) | ((value << shift) & mask)
        let bar = device.bars[index]
        let addressMask = ~(bar.size - 1) & (bar.kind == .io ? 0xFFFF_FFFC : 0xFFFF_FFF0)
        if current & addressMask == addressMask {
            probing[index] = true          // all ones: the next read returns the size mask
            return
        }
        probing[index] = false
        unmapBars()
        barBase[index] = current & addressMask
        remapBars()
    }

    private func writeByte(_ offset: Int, _ byte: UInt8) {
        switch offset {
        case PCIConfigOffset.command, PCIConfigOffset.command + 1:
            let before = command
            space[offset] = byte
            let after = PCICommand(rawValue: get16(PCIConfigOffset.command)).intersection(.writable)
            put16(PCIConfigOffset.command, after.rawValue)
            if before.contains(.ioSpace) != after.contains(.ioSpace)
                || before.contains(.memorySpace) != after.contains(.memorySpace) {
                unmapBars()
                remapBars()
            }
            if before.contains(.interruptDisable) != after.contains(.interruptDisable) {
                interruptStateChanged?()
            }
        case PCIConfigOffset.status, PCIConfigOffset.status + 1:
            space[offset] &= ~byte        // write one to clear
        case PCIConfigOffset.cacheLineSize, PCIConfigOffset.latencyTimer, PCIConfigOffset.interruptLine:
            space[offset] = byte
        default:
            if offset >= Self.capabilityBase, writable[offset] != 0 {
                space[offset] = (space[offset] & ~writable[offset]) | (byte & writable[offset])
            } else {
                ignoredConfigWrites += 1      // identity, class, header type, pin, ...: read-only
            }
        }
    }

    /// Called when the interrupt-disable bit changes, so the device can re-drive its line.
    @exclusivity(unchecked) public var interruptStateChanged: (() -> Void)?

    func unmapBars() {
        ioSpace.unmapAll(of: device)
        memorySpace.unmapAll(of: device)
        if let msixTable { memorySpace.unmapAll(of: msixTable) }
    }

    func remapBars() {
        let cmd = command
        for (index, bar) in device.bars.enumerated() where barBase[index] != 0 {
            switch bar.kind {
            case .io where cmd.contains(.ioSpace):
                try? ioSpace.map(base: UInt64(barBase[index]), length: UInt64(bar.size), device: device, region: index)
            case .memory32 where cmd.contains(.memorySpace):
                let decoder: DeviceIO = msixTable.flatMap { $0.layout.bar == index ? $0 : nil } ?? device
                try? memorySpace.map(base: UInt64(barBase[index]), length: UInt64(bar.size), device: decoder, region: index)
            default:
                break
            }
        }
    }

    private func get16(_ offset: Int) -> UInt16 { UInt16(space[offset]) | UInt16(space[offset + 1]) << 8 }

    private func put16(_ offset: Int, _ value: UInt16) {
        space[offset] = UInt8(truncatingIfNeeded: value)
        space[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
    }

    /// Firmware setup: assigns BAR `index` without the probing dance.
    func assignBAR(_ index: Int, base: UInt32) {
        barBase[index] = base
    }

    /// Firmware setup: sets the command register directly.
    func setCommand(_ value: PCICommand) {
        put16(PCIConfigOffset.command, value.intersection(.writable).rawValue)
        unmapBars()
        remapBars()
    }
}

/// A PCI bus with 32 slots of one function each.
public final class PCIBus {
    /// The bus number.
    public let number: Int
    /// The functions plugged in, by slot.
    public private(set) var functions: [Int: PCIFunction] = [:]

    init(number: Int) {
        self.number = number
    }

    /// The function in `slot`, nil when the slot is empty.
    public func function(slot: Int) -> PCIFunction? { functions[slot] }

    func insert(_ function: PCIFunction) { functions[function.slot] = function }

    /// Configuration read for ScsiPortGetBusData-style access: an empty slot reads all ones
    /// (vendor ID 0xFFFF), as on a real bus.
    public func configRead(slot: Int, offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard slot >= 0, slot < 32, let function = functions[slot] else {
            for index in 0..<buffer.count { buffer[index] = 0xFF }
            return buffer.count >= 2 ? 2 : buffer.count
        }
        return function.configRead(offset: offset, into: buffer)
    }
}

// MARK: - Capabilities, MSI-X, DMA and protocol reports

extension PCIFunction {
    /// Where capabilities start in configuration space.
    static let capabilityBase = 0x40

    /// Lays out the device's capabilities, then MSI-X, from 0x40; links them; sets status bit 4.
    /// ``Machine/plug(_:bus:slot:)`` has checked that they fit.
    fileprivate func layOutCapabilities() {
        var list = device.capabilities
        if let layout = device.msix {
            let control = UInt16(layout.vectors - 1)
            let table = layout.tableOffset | UInt32(layout.bar)
            let pba = layout.pbaOffset | UInt32(layout.bar)
            var body: [UInt8] = [UInt8(truncatingIfNeeded: control), UInt8(truncatingIfNeeded: control >> 8)]
            for word in [table, pba] { for shift in stride(from: 0, to: 32, by: 8) { body.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) } }
            list.append(PCICapability(id: PCIMSIX.capabilityID, body: body,
                                      writableMask: [0, 0xC0] + [UInt8](repeating: 0, count: 8)))
        }
        guard !list.isEmpty else { return }
        var offset = Self.capabilityBase
        var previousNext = PCIConfigOffset.capabilities
        for (index, capability) in list.enumerated() {
            space[previousNext] = UInt8(offset)
            space[offset] = capability.id
            space[offset + 1] = 0
            for (byte, value) in capability.body.enumerated() {
                space[offset + 2 + byte] = value
                writable[offset + 2 + byte] = capability.writableMask?[byte] ?? 0
            }
            if index < device.capabilities.count { capabilityOffsets.append(offset) } else { msixCapability = offset }
            previousNext = offset + 1
            offset = (offset + capability.size + 3) & ~3
        }
        put16(PCIConfigOffset.status, get16(PCIConfigOffset.status) | 0x0010)
    }

    /// Configuration-space bytes the capabilities of `device` (with MSI-X) need, from 0x40.
    static func capabilityBytes(of device: PCIDevice) -> Int {
        let sizes = device.capabilities.map(\.size) + (device.msix == nil ? [] : [PCIMSIX.capabilitySize])
        return sizes.reduce(0) { ($0 + $1 + 3) & ~3 }
    }

    /// The configuration offset of the device's capability `index` (in ``PCIDevice/capabilities`` order).
    public func capabilityOffset(_ index: Int) -> Int? {
        index >= 0 && index < capabilityOffsets.count ? capabilityOffsets[index] : nil
    }

    /// The configuration offset of the MSI-X capability, if the device has one.
    public var msixCapabilityOffset: Int? { msixCapability }

    private var msixControl: UInt16 {
        guard let msixCapability else { return 0 }
        return get16(msixCapability + PCIMSIX.messageControl)
    }

    /// MSI-X enable (message control bit 15): the function signals through its table, not INTx.
    public var msixEnabled: Bool { msixControl & PCIMSIX.enable != 0 }

    /// Function mask (message control bit 14): every vector held pending.
    public var msixFunctionMasked: Bool { msixControl & PCIMSIX.functionMask != 0 }

    /// The number of MSI-X vectors (0 without MSI-X).
    public var msixVectors: Int { msixTable?.layout.vectors ?? 0 }

    /// Table entry `vector` as the driver (or the port) programmed it.
    public func msixEntry(_ vector: Int) -> (address: UInt64, data: UInt32, masked: Bool, pending: Bool)? {
        guard let msixTable, vector >= 0, vector < msixTable.layout.vectors else { return nil }
        return (msixTable.address(vector), msixTable.data(vector), msixTable.isMasked(vector), msixTable.isPending(vector))
    }

    // MARK: work on the device's own threads

    /// Wakes a device's own thread has not finished yet (``DeviceWorker``): while it is above
    /// 0 the device may still complete requests and signal, so the thread driving the machine
    /// waits for it in real time before virtual time moves on.
    public var asynchronousWork: Int { work.count.load(ordering: .acquiring) }

    /// The device started work on a thread of its own (any thread).
    public func beginAsynchronousWork() { work.begin() }

    /// The device finished a piece of work on its own thread; what it signalled is posted to
    /// the clock. Calls ``onAsynchronousWorkEnded``.
    public func endAsynchronousWork() { work.end() }

    /// Sends MSI-X message `vector`: now, or, while the vector or the function is masked, by
    /// setting its pending bit (sent when unmasked). Ignored while MSI-X is disabled or for a
    /// vector outside the table (a device asking for one it lacks is its own bug, not the driver's).
    public func signalMSIX(vector: Int) {
        // From a device's own thread: sent by the thread that drives the machine.
        if work.hasWorkers, DeviceWorker.isCurrentThread {
            postMessage(vector)
            return
        }
        // `msixTable?.` and `msixTable!.` borrow the table; `guard let` would retain and release
        // it per message.
        guard msixEnabled, vector >= 0, vector < msixTable?.layout.vectors ?? 0 else { return }
        if msixFunctionMasked || msixTable!.isMasked(vector) {
            msixTable!.setPending(vector, true)
            return
        }
        send(vector)
    }

    /// A message from a device's own thread: the vector's bit is set, and the first bit set
    /// posts the one delivery closure (no allocation per message).
    private func postMessage(_ vector: Int) {
        guard vector >= 0, vector < 64 else { return }
        if postedVectors.bitwiseOr(1 << UInt64(vector), ordering: .acquiringAndReleasing).oldValue == 0 {
            clock.post(deliverPostedMessages)
        }
    }

    /// Sends the messages a device's own thread signalled, lowest vector first (driving thread).
    private func sendPostedMessages() {
        var vectors = postedVectors.exchange(0, ordering: .acquiringAndReleasing)
        while vectors != 0 {
            let vector = vectors.trailingZeroBitCount
            vectors &= vectors - 1
            signalMSIX(vector: vector)
        }
    }

    private func send(_ vector: Int) {
        guard msixTable != nil else { return }
        msixTable!.setPending(vector, false)
        messagesSent += 1
        let (address, data) = (msixTable!.address(vector), msixTable!.data(vector))
        messageHandler.call { $0(vector, address, data) }
    }

    fileprivate func deliverPending(_ vector: Int) {
        guard let msixTable, msixEnabled, !msixFunctionMasked, !msixTable.isMasked(vector), msixTable.isPending(vector) else { return }
        send(vector)
    }

    /// Programs MSI-X the way the platform's PCI driver does before the function driver starts:
    /// entry n gets `address` and `data(n)`, unmasked, and MSI-X is enabled (with `enable`
    /// false: every entry masked and MSI-X disabled, back to the INTx state).
    public func configureMSIX(enable: Bool, address: UInt64 = 0xFEE0_0000, data: (Int) -> UInt32 = { UInt32($0) }) {
        guard let msixTable, let msixCapability else { return }
        if enable {
            for vector in 0..<msixTable.layout.vectors { msixTable.program(vector, address: address, data: data(vector), masked: false) }
            put16(msixCapability + PCIMSIX.messageControl, (msixControl & ~PCIMSIX.functionMask) | PCIMSIX.enable)
        } else {
            put16(msixCapability + PCIMSIX.messageControl, msixControl & ~(PCIMSIX.enable | PCIMSIX.functionMask))
            msixTable.reset()
        }
        device.configWritten(offset: msixCapability + PCIMSIX.messageControl, width: 2, value: UInt32(msixControl))
    }

    fileprivate func capabilitiesWritten(offset: Int, width: Int, value: UInt32, msixBefore: UInt16) {
        let after = msixControl
        if let msixTable, msixBefore != after, after & PCIMSIX.enable != 0, after & PCIMSIX.functionMask == 0 {
            for vector in 0..<msixTable.layout.vectors where msixTable.isPending(vector) { deliverPending(vector) }
        }
        device.configWritten(offset: offset, width: width, value: value)
    }

    /// The host bytes behind `length` bytes of physical memory at `address`, for a device's
    /// DMA: nil when bus mastering is disabled (the access is recorded as refused) or the
    /// physical map refuses it (recorded by the map).
    public func dma(_ address: UInt64, length: Int, access: PhysicalMemory.Access) -> UnsafeMutableRawPointer? {
        guard busMasterEnabled else {
            memory.refuse(address, length: length, access: access, reason: "bus mastering is disabled on PCI \(bus):\(slot).\(function)")
            return nil
        }
        return memoryReference._withUnsafeGuaranteedRef { $0.resolve(address, length: length, access: access) }
    }

    /// A device reports that the driver broke its programming interface (a descriptor loop, an
    /// index out of range, a command in the wrong state): kept in ``protocolViolations`` and
    /// handed to ``onProtocolViolation`` (the port reports the verifier rule `device.protocol`).
    public func reportProtocolViolation(_ detail: String) {
        if work.hasWorkers, DeviceWorker.isCurrentThread {
            clock.post { [unowned self] in self.reportProtocolViolation(detail) }
            return
        }
        protocolViolationCount += 1
        if protocolViolations.count == 64 { protocolViolations.removeFirst() }
        protocolViolations.append(detail)
        onProtocolViolation?(detail)
    }
}
