/// What every emulated device implements: reads and writes at an offset inside one of its
/// regions (a BAR), in widths of 1, 2, 4 or 8 bytes.
///
/// The address spaces find the device and region for an address; devices never see absolute
/// addresses, only `region` (the BAR index) and `offset`.
public protocol DeviceIO: AnyObject {
    /// Reads `width` bytes at `offset` in region `region`; the value is little-endian in the low
    /// bytes of the result.
    func read(region: Int, offset: UInt64, width: Int) -> UInt64
    /// Writes the low `width` bytes of `value` at `offset` in region `region`.
    func write(region: Int, offset: UInt64, width: Int, value: UInt64)
}

/// A device's register handlers as C function pointers over an unretained context: what an
/// address space calls instead of dispatching through ``DeviceIO``.
///
/// A call through a protocol existential retains and releases the device around every
/// register access (two atomic operations each time); a plain function pointer with the device
/// passed unretained does neither. A device offers one by conforming to ``DirectDeviceIO``;
/// the handlers receive the same `region`, `offset` and `width` (and `value` for a write) as
/// ``DeviceIO/read(region:offset:width:)`` and ``DeviceIO/write(region:offset:width:value:)``,
/// and must behave exactly as they do. The context is the device itself
/// (`Unmanaged.passUnretained(self).toOpaque()`): the address space keeps the device alive
/// while it is mapped.
public struct DirectRegisterAccess {
    /// Reads `width` bytes at `offset` of region `region` of the device at `context`.
    public typealias Read = @convention(c) (_ context: UnsafeMutableRawPointer, _ region: Int, _ offset: UInt64,
                                            _ width: Int) -> UInt64
    /// Writes the low `width` bytes of `value` at `offset` of region `region` of the device at `context`.
    public typealias Write = @convention(c) (_ context: UnsafeMutableRawPointer, _ region: Int, _ offset: UInt64,
                                             _ width: Int, _ value: UInt64) -> Void
    /// The device, unretained.
    public let context: UnsafeMutableRawPointer
    /// The read handler.
    public let read: Read
    /// The write handler.
    public let write: Write

    /// Handlers `read` and `write` called with `context`.
    public init(context: UnsafeMutableRawPointer, read: Read, write: Write) {
        self.context = context
        self.read = read
        self.write = write
    }
}

/// A device whose register accesses an address space may call through plain function pointers
/// (``DirectRegisterAccess``) rather than through the ``DeviceIO`` protocol: the port's
/// register accessors then reach it without a range search, a protocol dispatch or reference
/// counting. A concrete device class implements it in a few lines:
///
/// ```swift
/// extension MyController: DirectDeviceIO {
///     public var directRegisterAccess: DirectRegisterAccess {
///         DirectRegisterAccess(context: Unmanaged.passUnretained(self).toOpaque(),
///             read: { context, region, offset, width in
///                 Unmanaged<MyController>.fromOpaque(context)._withUnsafeGuaranteedRef {
///                     $0.read(region: region, offset: offset, width: width) } },
///             write: { context, region, offset, width, value in
///                 Unmanaged<MyController>.fromOpaque(context)._withUnsafeGuaranteedRef {
///                     $0.write(region: region, offset: offset, width: width, value: value) } })
///     }
/// }
/// ```
public protocol DirectDeviceIO: DeviceIO {
    /// The handlers, read once when a range is mapped to the device.
    var directRegisterAccess: DirectRegisterAccess { get }
}

/// An I/O-port or memory address space that dispatches accesses to devices by address range.
///
/// Accesses that hit no device read as all ones (as on a real bus with nothing decoding the
/// address) and writes are dropped; both are counted in ``unclaimedAccesses``.
public final class AddressSpace {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// Whether an address space holds I/O ports or memory addresses; the raw value is its name.
    public enum Kind: String, Sendable {
        /// The I/O-port space (BARs of kind ``PCIBar/Kind/io``).
        case io = "I/O"
        /// The memory space (BARs of kind ``PCIBar/Kind/memory32``).
        case memory = "memory"
    }

    /// One address range a device decodes: `length` bytes from `base`, routed to one of its
    /// regions.
    public struct Range: CustomStringConvertible {
        /// The first address of the range.
        public let base: UInt64
        /// The number of addresses in the range.
        public let length: UInt64
        /// The device decoding the range. Unowned: dispatching an access copies the range and
        /// must not count references (the address space keeps every mapped device alive in
        /// `mappedDevices`).
        public unowned(unsafe) let device: DeviceIO
        /// The device's region (BAR index) the range stands for.
        public let region: Int
        /// The device's function-pointer handlers, when it offers them (``DirectDeviceIO``).
        public let direct: DirectRegisterAccess?

        @inline(__always)
        func read(_ offset: UInt64, width: Int) -> UInt64 {
            if let direct { return direct.read(direct.context, region, offset, width) }
            return device.read(region: region, offset: offset, width: width)
        }

        @inline(__always)
        func write(_ offset: UInt64, width: Int, value: UInt64) {
            if let direct { return direct.write(direct.context, region, offset, width, value) }
            device.write(region: region, offset: offset, width: width, value: value)
        }

        public var description: String {
            "0x\(String(base, radix: 16))-0x\(String(base + length - 1, radix: 16)) region \(region)"
        }
    }

    /// Why ``AddressSpace/map(base:length:device:region:)`` refused a range.
    public enum MapError: Error, Equatable, CustomStringConvertible {
        /// The range has no addresses (a zero length).
        case empty
        /// The range at `base` of `length` addresses overlaps a range already mapped.
        case overlaps(base: UInt64, length: UInt64)

        public var description: String {
            switch self {
            case .empty: return "an address range must not be empty"
            case .overlaps(let base, let length):
                return "range 0x\(String(base, radix: 16)) (+0x\(String(length, radix: 16))) overlaps a mapped range"
            }
        }
    }

    /// Whether this space holds I/O ports or memory addresses.
    public let kind: Kind
    /// Sorted by base, non-overlapping.
    @exclusivity(unchecked) public private(set) var ranges: [Range] = []
    /// Accesses no device decoded, or of a width other than 1, 2, 4 or 8 bytes: reads returned all
    /// ones and writes were dropped.
    @exclusivity(unchecked) public private(set) var unclaimedAccesses = 0
    /// Changes whenever a range is mapped or unmapped: a ``Window`` taken at an earlier
    /// generation must be taken again.
    public var generation: UInt64 { mapGeneration }
    // Read from other modules on every register access: a computed property over unchecked
    // storage (a stored one is checked at run time outside its module, docs/performance.md).
    @exclusivity(unchecked) private var mapGeneration: UInt64 = 0
    /// One strong reference per mapped range: what keeps the devices of `ranges` alive.
    private var mappedDevices: [ObjectIdentifier: (device: DeviceIO, ranges: Int)] = [:]

    /// An empty address space of `kind`.
    public init(kind: Kind) {
        self.kind = kind
    }

    /// Routes `base ..< base + length` to `device`'s `region`.
    public func map(base: UInt64, length: UInt64, device: DeviceIO, region: Int) throws(MapError) {
        guard length > 0 else { throw .empty }
        let (end, overflow) = base.addingReportingOverflow(length)
        guard !overflow else { throw .overlaps(base: base, length: length) }
        for range in ranges where base < range.base + range.length && range.base < end {
            throw .overlaps(base: base, length: length)
        }
        let index = ranges.firstIndex { $0.base > base } ?? ranges.count
        ranges.insert(Range(base: base, length: length, device: device, region: region,
                            direct: (device as? DirectDeviceIO)?.directRegisterAccess), at: index)
        mapGeneration &+= 1
        mappedDevices[ObjectIdentifier(device), default: (device, 0)].ranges += 1
    }

    /// Removes the range that starts at `base` (if any).
    public func unmap(base: UInt64) {
        guard let index = ranges.firstIndex(where: { $0.base == base }) else { return }
        let removed = ranges.remove(at: index)
        mapGeneration &+= 1
        forget(removed.device)
    }

    /// Removes every range routed to `device`.
    public func unmapAll(of device: DeviceIO) {
        ranges.removeAll { $0.device === device }
        mapGeneration &+= 1
        mappedDevices[ObjectIdentifier(device)] = nil
    }

    private func forget(_ device: DeviceIO) {
        let key = ObjectIdentifier(device)
        guard let entry = mappedDevices[key] else { return }
        mappedDevices[key] = entry.ranges > 1 ? (entry.device, entry.ranges - 1) : nil
    }

    /// The range containing `address .. address + width`, by binary search.
    @inline(__always)
    public func lookup(_ address: UInt64, width: Int) -> Range? {
        var low = 0, high = ranges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = ranges[mid]
            if address < range.base {
                high = mid - 1
            } else if address >= range.base + range.length {
                low = mid + 1
            } else {
                return address - range.base + UInt64(width) <= range.length ? range : nil
            }
        }
        return nil
    }

    /// Reads `width` bytes (1, 2, 4 or 8) at `address` from the device whose range holds the whole
    /// access; all ones when none does.
    public func read(_ address: UInt64, width: Int) -> UInt64 {
        guard Self.validWidth(width), let range = lookup(address, width: width) else {
            unclaimedAccesses += 1
            return Self.allOnes(width)
        }
        return range.read(address - range.base, width: width) & Self.allOnes(width)
    }

    /// Writes the low `width` bytes (1, 2, 4 or 8) of `value` at `address` to the device whose range
    /// holds the whole access; dropped when none does.
    public func write(_ address: UInt64, width: Int, value: UInt64) {
        guard Self.validWidth(width), let range = lookup(address, width: width) else {
            unclaimedAccesses += 1
            return
        }
        range.write(address - range.base, width: width, value: value & Self.allOnes(width))
    }

    /// The addresses from `base` to the end of the range holding `base`, resolved once so that
    /// accesses inside need no search (a mapped register window: what a port keeps for each
    /// ScsiPortGetDeviceBase). Valid while ``generation`` is the one it was taken at; an access
    /// that does not lie wholly inside ``Window/length`` must go through
    /// ``read(_:width:)`` and ``write(_:width:value:)`` (it may reach a neighbouring range).
    public struct Window {
        /// The range holding the window.
        public let range: Range
        /// Where the window starts inside the range's region.
        public let offset: UInt64
        /// Addresses from the window's start to the end of its range.
        public let length: UInt64
        /// The address space's ``generation`` when the window was taken.
        public let generation: UInt64
    }

    /// The window from `base` to the end of the range holding it, or nil when none does.
    public func window(at base: UInt64) -> Window? {
        guard let range = lookup(base, width: 1) else { return nil }
        let offset = base - range.base
        return Window(range: range, offset: offset, length: range.length - offset, generation: mapGeneration)
    }

    /// Reads `width` bytes at `offset` inside `window`. The caller has checked that the access
    /// lies inside the window's length and that its generation is current.
    @inline(__always)
    public func read(_ window: Window, at offset: UInt64, width: Int) -> UInt64 {
        guard Self.validWidth(width) else {
            unclaimedAccesses += 1
            return Self.allOnes(width)
        }
        return window.range.read(window.offset + offset, width: width) & Self.allOnes(width)
    }

    /// Writes the low `width` bytes of `value` at `offset` inside `window` (checked by the caller).
    @inline(__always)
    public func write(_ window: Window, at offset: UInt64, width: Int, value: UInt64) {
        guard Self.validWidth(width) else {
            unclaimedAccesses += 1
            return
        }
        window.range.write(window.offset + offset, width: width, value: value & Self.allOnes(width))
    }

    /// Repeated reads into `buffer` (`count` elements of `width` bytes). Port I/O reads the same
    /// address each time (`advancing: false`); memory-mapped buffer reads walk the addresses.
    public func readBuffer(_ address: UInt64, width: Int, count: Int, into buffer: UnsafeMutableRawPointer, advancing: Bool) {
        for index in 0..<max(count, 0) {
            let value = read(advancing ? address + UInt64(index * width) : address, width: width)
            storeLittleEndian(value, width: width, at: buffer + index * width)
        }
    }

    /// Repeated writes from `buffer`, the counterpart of ``readBuffer(_:width:count:into:advancing:)``.
    public func writeBuffer(_ address: UInt64, width: Int, count: Int, from buffer: UnsafeRawPointer, advancing: Bool) {
        for index in 0..<max(count, 0) {
            let value = loadLittleEndian(width: width, at: buffer + index * width)
            write(advancing ? address + UInt64(index * width) : address, width: width, value: value)
        }
    }

    @inline(__always)
    static func validWidth(_ width: Int) -> Bool { width == 1 || width == 2 || width == 4 || width == 8 }

    /// A value of `width` bytes with every bit set (what a read nothing decodes returns).
    @inline(__always)
    public static func allOnes(_ width: Int) -> UInt64 { width >= 8 ? .max : (1 << UInt64(width * 8)) - 1 }
}

@inline(__always)
func storeLittleEndian(_ value: UInt64, width: Int, at pointer: UnsafeMutableRawPointer) {
    switch width {
    case 1: pointer.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
    case 2: pointer.storeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian, toByteOffset: 0, as: UInt16.self)
    case 4: pointer.storeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian, toByteOffset: 0, as: UInt32.self)
    default: pointer.storeBytes(of: value.littleEndian, toByteOffset: 0, as: UInt64.self)
    }
}

@inline(__always)
func loadLittleEndian(width: Int, at pointer: UnsafeRawPointer) -> UInt64 {
    switch width {
    case 1: return UInt64(pointer.load(as: UInt8.self))
    case 2: return UInt64(UInt16(littleEndian: pointer.loadUnaligned(as: UInt16.self)))
    case 4: return UInt64(UInt32(littleEndian: pointer.loadUnaligned(as: UInt32.self)))
    default: return UInt64(littleEndian: pointer.loadUnaligned(as: UInt64.self))
    }
}

/// A level-triggered interrupt line (PCI INTx).
///
/// A device drives the level; the line is asserted while any source holds it. A port learns of
/// a rising edge through ``onAssert`` or polls ``isAsserted`` (the dump path polls with the
/// device's interrupts masked, where the line never rises).
public final class InterruptLine {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// The line number the platform assigned (what PCI config reports as Interrupt Line).
    public let number: UInt8
    /// Whether a device drives the line now.
    public var isAsserted: Bool { asserted }
    /// Rising edges so far.
    public var assertions: Int { risingEdges }
    // Other modules reach stored properties directly and check them at run time whatever the
    // attribute says: they read through computed properties (docs/performance.md).
    @exclusivity(unchecked) private var asserted = false
    @exclusivity(unchecked) private var risingEdges = 0
    /// Called on each rising edge, synchronously, from the device's context.
    public var onAssert: (() -> Void)? {
        get { handler.body }
        set { handler.body = newValue }
    }
    private let handler = HotCallback<() -> Void>()

    /// A released line with the number `number`.
    public init(number: UInt8) {
        self.number = number
    }

    /// Sets the level the device drives.
    public func drive(_ level: Bool) {
        if level && !asserted {
            asserted = true
            risingEdges += 1
            handler.call { $0() }
        } else if !level {
            asserted = false
        }
    }
}
