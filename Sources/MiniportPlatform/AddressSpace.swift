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
        ranges.insert(Range(base: base, length: length, device: device, region: region), at: index)
        mappedDevices[ObjectIdentifier(device), default: (device, 0)].ranges += 1
    }

    /// Removes the range that starts at `base` (if any).
    public func unmap(base: UInt64) {
        guard let index = ranges.firstIndex(where: { $0.base == base }) else { return }
        let removed = ranges.remove(at: index)
        forget(removed.device)
    }

    /// Removes every range routed to `device`.
    public func unmapAll(of device: DeviceIO) {
        ranges.removeAll { $0.device === device }
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
        return range.device.read(region: range.region, offset: address - range.base, width: width)
            & Self.allOnes(width)
    }

    /// Writes the low `width` bytes (1, 2, 4 or 8) of `value` at `address` to the device whose range
    /// holds the whole access; dropped when none does.
    public func write(_ address: UInt64, width: Int, value: UInt64) {
        guard Self.validWidth(width), let range = lookup(address, width: width) else {
            unclaimedAccesses += 1
            return
        }
        range.device.write(region: range.region, offset: address - range.base, width: width,
                           value: value & Self.allOnes(width))
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
    @exclusivity(unchecked) public var onAssert: (() -> Void)?

    /// A released line with the number `number`.
    public init(number: UInt8) {
        self.number = number
    }

    /// Sets the level the device drives.
    public func drive(_ level: Bool) {
        if level && !asserted {
            asserted = true
            risingEdges += 1
            onAssert?()
        } else if !level {
            asserted = false
        }
    }
}
