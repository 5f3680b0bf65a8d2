#if canImport(Glibc)
import Glibc
#endif

/// The machine's physical address map, and the only way a device reaches memory.
///
/// Two kinds of memory have physical addresses here:
/// - **DMA regions**: memory the platform allocates and owns (uncached extensions, common
///   buffers, device rings), at addresses from `dmaBase` upward.
/// - **Mappings**: host buffers the port lends to the device for the life of one request (SRB
///   data buffers, sense buffers), registered with ``map(_:writable:)`` and revoked with
///   ``unmap(_:)``. Each mapping gets its own window of physical addresses, so translating an
///   address is arithmetic, not a search.
///
/// Every device access goes through ``resolve(_:length:access:)``. An access that is not fully
/// inside one region or mapping — or that writes a read-only mapping — is refused: it returns
/// nil, is counted and recorded as a ``Violation``, and is never performed.
///
/// A machine is driven from one thread at a time (the port serializes), and the map needs no
/// lock for that. Once a device works on a thread of its own (``DeviceWorker``) the map is
/// shared (``shareWithDeviceThreads()``): mapping, unmapping and translating take a lock, and
/// a refusal seen on the device's thread is reported on the driving thread (through the
/// machine's clock).
public final class PhysicalMemory {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// The direction of a device access.
    public enum Access: String, Sendable {
        /// The device reads memory.
        case read
        /// The device writes memory.
        case write
    }

    /// A refused device access.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// The first physical address of the refused access.
        public var address: UInt64
        /// The length of the refused access, in bytes.
        public var length: Int
        /// Whether the device read or wrote.
        public var access: Access
        /// Why the access was refused.
        public var reason: String

        public var description: String {
            "\(access) of \(length) bytes at physical 0x\(String(address, radix: 16)) refused: \(reason)"
        }
    }

    /// Memory the platform owns, with a physical address.
    public struct DMARegion: Equatable {
        /// The region's first physical address.
        public let physicalAddress: UInt64
        /// The region's length in bytes.
        public let length: Int
        /// Where the region is in host memory.
        public let hostAddress: UnsafeMutableRawPointer
        /// What the region is for (in messages and violation reports).
        public let label: String

        /// The region's bytes in host memory.
        public var bytes: UnsafeMutableRawBufferPointer {
            UnsafeMutableRawBufferPointer(start: hostAddress, count: length)
        }
    }

    /// A host buffer lent to devices; valid until unmapped.
    public struct Mapping: Sendable, Equatable {
        /// The mapping slot (which window of physical addresses).
        public let slot: Int
        /// The slot's generation when the mapping was made: a stale mapping of a reused slot does not
        /// match it.
        public let generation: UInt32
        /// The first physical address of the mapping's window.
        public let physicalAddress: UInt64
        /// The length of the lent buffer in bytes.
        public let length: Int
    }

    private struct Slot {
        var base: UnsafeMutableRawPointer?
        var length: Int = 0
        var writable = false
        var generation: UInt32 = 0
        var active = false
    }

    /// Where DMA regions start.
    public let dmaBase: UInt64
    /// Where mapping windows start; slot `n` covers `mappingBase + n * mappingWindow`.
    public let mappingBase: UInt64
    /// Size of one mapping window (the largest buffer one mapping can cover).
    public let mappingWindow: UInt64
    @exclusivity(unchecked) private var slots: [Slot]
    /// Free mapping slots, oldest first (a ring): a slot is reused as late as possible, so a
    /// stale physical address from an ended request lands on an inactive slot and is refused
    /// rather than on the next request's buffer.
    @exclusivity(unchecked) private var freeSlots: [Int]
    @exclusivity(unchecked) private var freeHead = 0
    @exclusivity(unchecked) private var freeCount: Int
    @exclusivity(unchecked) private var regions: [DMARegion] = []
    @exclusivity(unchecked) private var nextDMAAddress: UInt64
    @exclusivity(unchecked) private var lastRegion = 0

    /// Violations recorded so far (the most recent `violationLogLimit` are kept).
    @exclusivity(unchecked) public private(set) var violations: [Violation] = []
    /// Every violation ever, including those dropped from the log.
    @exclusivity(unchecked) public private(set) var violationCount = 0
    /// How many violations ``violations`` keeps.
    @exclusivity(unchecked) public var violationLogLimit = 256
    /// Told about each violation as it happens (the verifier hooks in here).
    @exclusivity(unchecked) public var onViolation: ((Violation) -> Void)?

    /// Bytes currently allocated in DMA regions.
    @exclusivity(unchecked) public private(set) var dmaBytesAllocated = 0
    /// The lock of a shared map (nil until ``shareWithDeviceThreads()``).
    @exclusivity(unchecked) private var sharedLock: UnsafeMutablePointer<pthread_mutex_t>?
    /// The machine's clock, to which a device thread's refusals are posted (set by ``Machine``).
    @exclusivity(unchecked) weak var eventClock: VirtualClock?

    /// An empty address map: no DMA regions, every mapping slot free.
    ///
    /// - Parameters:
    ///   - dmaBase: the physical address of the first DMA region.
    ///   - mappingBase: where mapping windows start (not below `dmaBase`).
    ///   - mappingSlots: how many host buffers can be mapped at once.
    ///   - mappingWindow: the largest buffer one mapping can cover (a power of two).
    public init(dmaBase: UInt64 = 0x0010_0000, mappingBase: UInt64 = 1 << 44,
                mappingWindow: UInt64 = 1 << 32, mappingSlots: Int = 1024) {
        precondition(mappingWindow.nonzeroBitCount == 1, "mapping window must be a power of two")
        precondition(mappingSlots > 0 && mappingBase >= dmaBase)
        self.dmaBase = dmaBase
        self.mappingBase = mappingBase
        self.mappingWindow = mappingWindow
        self.nextDMAAddress = dmaBase
        self.slots = Array(repeating: Slot(), count: mappingSlots)
        self.freeSlots = Array(0..<mappingSlots)
        self.freeCount = mappingSlots
    }

    deinit {
        for region in regions { free(region.hostAddress) }
        if let sharedLock {
            pthread_mutex_destroy(sharedLock)
            sharedLock.deallocate()
        }
    }

    /// From now on devices may reach memory from threads of their own: every map operation
    /// takes a lock. Call it on the driving thread before the first device thread starts
    /// (``DeviceWorker`` does); calling it again changes nothing.
    public func shareWithDeviceThreads() {
        guard sharedLock == nil else { return }
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        sharedLock = lock
    }

    /// Whether device threads share the map.
    public var isShared: Bool { sharedLock != nil }

    @inline(__always)
    private func locked<T>(_ body: () -> T) -> T {
        guard let sharedLock else { return body() }
        pthread_mutex_lock(sharedLock)
        defer { pthread_mutex_unlock(sharedLock) }
        return body()
    }

    // MARK: DMA regions

    /// The DMA regions allocated so far, in allocation order.
    public var dmaRegions: [DMARegion] { regions }

    /// Allocates zeroed, page-aligned memory with a physical address. Returns nil if `length`
    /// is not positive or memory is exhausted. `hostSlack` bytes more of host memory follow the
    /// region (zeroed, no physical address: no device reaches them), for a guard pattern that
    /// catches a CPU running off the region's end.
    public func allocateDMA(length: Int, alignment: Int = 4096, label: String, hostSlack: Int = 0) -> DMARegion? {
        locked { allocateUnlocked(length: length, alignment: alignment, label: label, hostSlack: hostSlack) }
    }

    private func allocateUnlocked(length: Int, alignment: Int, label: String, hostSlack: Int) -> DMARegion? {
        guard length > 0, alignment > 0, alignment.nonzeroBitCount == 1, hostSlack >= 0,
              !length.addingReportingOverflow(hostSlack).overflow else { return nil }
        var pointer: UnsafeMutableRawPointer?
        guard posix_memalign(&pointer, max(alignment, 16), length + hostSlack) == 0, let pointer else { return nil }
        memset(pointer, 0, length + hostSlack)
        let align = UInt64(alignment)
        let physical = (nextDMAAddress + align - 1) & ~(align - 1)
        guard physical + UInt64(length) <= mappingBase else {
            free(pointer)
            return nil
        }
        // Leave a guard gap so that running off the end of one region never lands in the next.
        nextDMAAddress = (physical + UInt64(length) + 0xFFFF) & ~0xFFFF
        let region = DMARegion(physicalAddress: physical, length: length, hostAddress: pointer, label: label)
        regions.append(region)
        dmaBytesAllocated += length
        return region
    }

    /// Releases a DMA region; later accesses to its addresses are violations.
    public func freeDMA(_ region: DMARegion) {
        locked { freeUnlocked(region) }
    }

    private func freeUnlocked(_ region: DMARegion) {
        guard let index = regions.firstIndex(where: { $0.physicalAddress == region.physicalAddress }) else { return }
        free(regions[index].hostAddress)
        dmaBytesAllocated -= regions[index].length
        regions.remove(at: index)
        lastRegion = 0
    }

    // MARK: mappings

    /// Lends a host buffer to devices. Returns nil when every slot is in use or the buffer is
    /// larger than a mapping window.
    public func map(_ buffer: UnsafeMutableRawBufferPointer, writable: Bool) -> Mapping? {
        guard sharedLock != nil else { return mapUnlocked(buffer, writable: writable) }
        return locked { mapUnlocked(buffer, writable: writable) }
    }

    @inline(__always)
    private func mapUnlocked(_ buffer: UnsafeMutableRawBufferPointer, writable: Bool) -> Mapping? {
        guard let base = buffer.baseAddress, buffer.count > 0, UInt64(buffer.count) <= mappingWindow,
              freeCount > 0 else { return nil }
        let slot = freeSlots[freeHead]
        freeHead = freeHead + 1 == freeSlots.count ? 0 : freeHead + 1
        freeCount -= 1
        slots[slot].base = base
        slots[slot].length = buffer.count
        slots[slot].writable = writable
        slots[slot].generation &+= 1
        slots[slot].active = true
        return Mapping(slot: slot, generation: slots[slot].generation,
                       physicalAddress: mappingBase + UInt64(slot) * mappingWindow, length: buffer.count)
    }

    /// Revokes a mapping; its addresses become violations. Unmapping twice is harmless.
    public func unmap(_ mapping: Mapping) {
        guard sharedLock != nil else { return unmapUnlocked(mapping) }
        locked { unmapUnlocked(mapping) }
    }

    @inline(__always)
    private func unmapUnlocked(_ mapping: Mapping) {
        guard mapping.slot >= 0, mapping.slot < slots.count, slots[mapping.slot].active,
              slots[mapping.slot].generation == mapping.generation else { return }
        slots[mapping.slot].active = false
        slots[mapping.slot].base = nil
        var tail = freeHead + freeCount
        if tail >= freeSlots.count { tail -= freeSlots.count }
        freeSlots[tail] = mapping.slot
        freeCount += 1
    }

    /// Number of active mappings.
    public var activeMappings: Int { slots.count - freeCount }

    // MARK: translation

    /// Host memory for a device access of `length` bytes at `address`, or nil (recorded as a
    /// violation) when the range is not entirely inside one region or mapping, or writes a
    /// read-only mapping.
    @inline(__always)
    public func resolve(_ address: UInt64, length: Int, access: Access) -> UnsafeMutableRawPointer? {
        if let pointer = translate(address, length: length, access: access) { return pointer }
        refuse(address, length: length, access: access)
        return nil
    }

    /// Like ``resolve(_:length:access:)`` but records nothing: for probing.
    public func translate(_ address: UInt64, length: Int, access: Access) -> UnsafeMutableRawPointer? {
        guard sharedLock != nil else { return translateUnlocked(address, length: length, access: access) }
        return locked { translateUnlocked(address, length: length, access: access) }
    }

    @inline(__always)
    private func translateUnlocked(_ address: UInt64, length: Int, access: Access) -> UnsafeMutableRawPointer? {
        guard length >= 0 else { return nil }
        let (end, overflow) = address.addingReportingOverflow(UInt64(length))
        guard !overflow else { return nil }
        if address >= mappingBase {
            let slot = (address - mappingBase) / mappingWindow
            guard slot < UInt64(slots.count) else { return nil }
            let entry = slots[Int(slot)]
            let offset = (address - mappingBase) % mappingWindow
            guard entry.active, let base = entry.base, offset + UInt64(length) <= UInt64(entry.length),
                  access == .read || entry.writable else { return nil }
            return base + Int(offset)
        }
        if lastRegion < regions.count, let pointer = inside(regions[lastRegion], address, end) { return pointer }
        for index in regions.indices {
            if let pointer = inside(regions[index], address, end) {
                lastRegion = index
                return pointer
            }
        }
        return nil
    }

    @inline(__always)
    private func inside(_ region: DMARegion, _ address: UInt64, _ end: UInt64) -> UnsafeMutableRawPointer? {
        guard address >= region.physicalAddress, end <= region.physicalAddress + UInt64(region.length) else { return nil }
        return region.hostAddress + Int(address - region.physicalAddress)
    }

    /// The physical address of host memory inside a DMA region or an active mapping, with the
    /// number of contiguous bytes from there to the end of that region or mapping.
    public func physicalAddress(of pointer: UnsafeRawPointer) -> (address: UInt64, contiguous: Int)? {
        locked { physicalAddressUnlocked(of: pointer) }
    }

    private func physicalAddressUnlocked(of pointer: UnsafeRawPointer) -> (address: UInt64, contiguous: Int)? {
        let value = UInt(bitPattern: pointer)
        for region in regions {
            let start = UInt(bitPattern: region.hostAddress)
            if value >= start, value < start + UInt(region.length) {
                let offset = Int(value - start)
                return (region.physicalAddress + UInt64(offset), region.length - offset)
            }
        }
        for (index, slot) in slots.enumerated() where slot.active {
            let start = UInt(bitPattern: slot.base)
            if value >= start, value < start + UInt(slot.length) {
                let offset = Int(value - start)
                return (mappingBase + UInt64(index) * mappingWindow + UInt64(offset), slot.length - offset)
            }
        }
        return nil
    }

    /// Records a refused access (also used by devices for refusals the map itself cannot see,
    /// such as DMA while bus mastering is off).
    public func refuse(_ address: UInt64, length: Int, access: Access, reason: String? = nil) {
        let violation = Violation(address: address, length: length, access: access,
                                  reason: reason ?? "outside every DMA region and mapping")
        // On a device's own thread: recorded and reported by the thread that drives the machine.
        if DeviceWorker.isCurrentThread, let eventClock {
            eventClock.post { [unowned self] in self.record(violation) }
            return
        }
        record(violation)
    }

    private func record(_ violation: Violation) {
        locked {
            violationCount += 1
            if violations.count >= violationLogLimit { violations.removeFirst() }
            violations.append(violation)
        }
        onViolation?(violation)
    }

    // MARK: typed device accesses (little-endian)

    /// Reads a little-endian integer a device fetches from memory; nil on a violation.
    @inline(__always)
    public func load<T: FixedWidthInteger>(_ type: T.Type, at address: UInt64) -> T? {
        guard let pointer = resolve(address, length: MemoryLayout<T>.size, access: .read) else { return nil }
        return T(littleEndian: pointer.loadUnaligned(as: T.self))
    }

    /// Writes a little-endian integer on behalf of a device; false on a violation.
    @inline(__always)
    @discardableResult
    public func store<T: FixedWidthInteger>(_ value: T, at address: UInt64) -> Bool {
        guard let pointer = resolve(address, length: MemoryLayout<T>.size, access: .write) else { return false }
        pointer.storeBytes(of: value.littleEndian, as: T.self)
        return true
    }
}
