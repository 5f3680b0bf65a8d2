/// A function's identity in PCI configuration space.
public struct PCIIdentity: Sendable, Equatable {
    public var vendorID: UInt16
    public var deviceID: UInt16
    public var subsystemVendorID: UInt16
    public var subsystemID: UInt16
    public var revision: UInt8
    /// Base class, subclass, programming interface (a SCSI controller is 01/00/00).
    public var classCode: (base: UInt8, sub: UInt8, programmingInterface: UInt8)

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
    public enum Kind: Sendable, Equatable {
        case io
        case memory32
    }

    public var kind: Kind
    /// A power of two: at least 4 for I/O, at least 16 for memory.
    public var size: UInt32

    public init(kind: Kind, size: UInt32) {
        precondition(size.nonzeroBitCount == 1 && size >= (kind == .io ? 4 : 16), "BAR size must be a power of two")
        self.kind = kind
        self.size = size
    }
}

/// A PCI device model: its identity, the BARs it decodes, its interrupt pin, and register access.
public protocol PCIDevice: DeviceIO {
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
}

extension PCIDevice {
    public func detach(from function: PCIFunction) {}
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
    public static let ioSpace = PCICommand(rawValue: 1 << 0)
    public static let memorySpace = PCICommand(rawValue: 1 << 1)
    public static let busMaster = PCICommand(rawValue: 1 << 2)
    public static let interruptDisable = PCICommand(rawValue: 1 << 10)
    static let writable: PCICommand = [.ioSpace, .memorySpace, .busMaster, .interruptDisable]
}

/// Offsets in type-0 configuration space.
public enum PCIConfigOffset {
    public static let vendorID = 0x00
    public static let deviceID = 0x02
    public static let command = 0x04
    public static let status = 0x06
    public static let revision = 0x08
    public static let classCode = 0x09
    public static let cacheLineSize = 0x0C
    public static let latencyTimer = 0x0D
    public static let headerType = 0x0E
    public static let bar0 = 0x10
    public static let subsystemVendorID = 0x2C
    public static let subsystemID = 0x2E
    public static let expansionROM = 0x30
    public static let capabilities = 0x34
    public static let interruptLine = 0x3C
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
    public let bus: Int
    public let slot: Int
    public let function: Int
    public let device: PCIDevice
    /// The interrupt line this function drives (nil for a device without an interrupt pin).
    public let interrupt: InterruptLine?
    @exclusivity(unchecked) private var space = [UInt8](repeating: 0, count: 256)
    @exclusivity(unchecked) private var barBase: [UInt32]
    @exclusivity(unchecked) private var probing: [Bool]
    private unowned let ioSpace: AddressSpace
    private unowned let memorySpace: AddressSpace
    /// Writes to read-only configuration fields that were ignored.
    @exclusivity(unchecked) public private(set) var ignoredConfigWrites = 0

    init(bus: Int, slot: Int, function: Int, device: PCIDevice, interrupt: InterruptLine?,
         ioSpace: AddressSpace, memorySpace: AddressSpace) {
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
    }

    deinit {
        device.detach(from: self)
    }

    // MARK: decoding state

    public var command: PCICommand { PCICommand(rawValue: get16(PCIConfigOffset.command)) }
    public var busMasterEnabled: Bool { command.contains(.busMaster) }
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
        return value
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
        for byte in 0..<width {
            writeByte(offset + byte, UInt8(truncatingIfNeeded: value >> (8 * UInt32(byte))))
        }
    }

    /// Reads a byte range (what ScsiPortGetBusData returns).
    public func configRead(offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        guard offset >= 0, offset < 256 else { return 0 }
        let count = min(buffer.count, 256 - offset)
        for index in 0..<count { buffer[index] = configByte(offset + index) }
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
                configWrite(offset: at, width: 1, value: UInt32(buffer[index]))
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
            ignoredConfigWrites += 1      // identity, class, header type, pin, ...: read-only
        }
    }

    /// Called when the interrupt-disable bit changes, so the device can re-drive its line.
    @exclusivity(unchecked) public var interruptStateChanged: (() -> Void)?

    func unmapBars() {
        ioSpace.unmapAll(of: device)
        memorySpace.unmapAll(of: device)
    }

    func remapBars() {
        let cmd = command
        for (index, bar) in device.bars.enumerated() where barBase[index] != 0 {
            switch bar.kind {
            case .io where cmd.contains(.ioSpace):
                try? ioSpace.map(base: UInt64(barBase[index]), length: UInt64(bar.size), device: device, region: index)
            case .memory32 where cmd.contains(.memorySpace):
                try? memorySpace.map(base: UInt64(barBase[index]), length: UInt64(bar.size), device: device, region: index)
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
    public let number: Int
    public private(set) var functions: [Int: PCIFunction] = [:]

    init(number: Int) {
        self.number = number
    }

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
