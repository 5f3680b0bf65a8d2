/// One virtqueue's registers and the device's private ring state.
///
/// Segment storage and the table of outstanding chains are allocated once, when the device is
/// built: processing a chain allocates nothing.
final class VirtioQueue {
    /// A chain the backend held or delayed: its used entry is still to be posted.
    struct Outstanding {
        var id: UInt16 = 0
        /// Packed ring: ring slots the chain took (the used entry skips that many).
        var descriptors: UInt16 = 0
        /// Bytes the chain's device-writable part holds (the most a completion may report).
        var writableLength: UInt32 = 0
        /// What the completion reports when nobody says otherwise (delays, fault holds).
        var written: UInt32 = 0
    }

    let index: Int
    let maxSize: UInt16
    // Registers.
    @exclusivity(unchecked) var size: UInt16
    @exclusivity(unchecked) var msixVector: UInt16 = virtioNoVector
    @exclusivity(unchecked) var enabled = false
    @exclusivity(unchecked) var descAddress: UInt64 = 0
    @exclusivity(unchecked) var driverAddress: UInt64 = 0
    @exclusivity(unchecked) var deviceAddress: UInt64 = 0
    @exclusivity(unchecked) var legacyPFN: UInt32 = 0
    /// Reset through queue_reset and not yet enabled again: setup is open after DRIVER_OK.
    @exclusivity(unchecked) var resetPending = false
    /// Bumped by every reset of the queue: a delayed completion from before it is dropped.
    @exclusivity(unchecked) var epoch: UInt32 = 0
    /// Set when the queue is enabled: the ring layout to use.
    @exclusivity(unchecked) var packed = false
    // Split ring state.
    @exclusivity(unchecked) var lastAvail: UInt16 = 0
    @exclusivity(unchecked) var usedIndex: UInt16 = 0
    // Packed ring state.
    @exclusivity(unchecked) var availPosition: UInt16 = 0
    @exclusivity(unchecked) var availWrap = true
    @exclusivity(unchecked) var usedPosition: UInt16 = 0
    @exclusivity(unchecked) var usedWrap = true
    /// Used index (split) or used position in the doubled wrap space (packed) when the device
    /// last decided whether to interrupt.
    @exclusivity(unchecked) var signalled: UInt16 = 0
    /// Chains the device has taken from this queue since the device was created.
    @exclusivity(unchecked) var chainsTaken = 0
    // Chain building.
    let segments: UnsafeMutablePointer<VirtioSegment>
    let segmentCapacity: Int
    @exclusivity(unchecked) var readableCount = 0
    @exclusivity(unchecked) var writableCount = 0
    @exclusivity(unchecked) var writableLength = 0
    // Held and delayed chains.
    let outstanding: UnsafeMutablePointer<Outstanding>
    @exclusivity(unchecked) var outstandingCount = 0

    init(index: Int, maxSize: UInt16) {
        self.index = index
        self.maxSize = maxSize
        self.size = maxSize
        // A direct chain holds at most `size` descriptors and an indirect table as many
        // entries again.
        segmentCapacity = 2 * Int(maxSize)
        segments = .allocate(capacity: segmentCapacity)
        outstanding = .allocate(capacity: Int(maxSize))
        outstanding.initialize(repeating: Outstanding(), count: Int(maxSize))
    }

    deinit {
        segments.deallocate()
        outstanding.deallocate()
    }

    /// Back to the state after a device reset.
    func reset() {
        epoch &+= 1
        size = maxSize
        msixVector = virtioNoVector
        enabled = false
        descAddress = 0
        driverAddress = 0
        deviceAddress = 0
        legacyPFN = 0
        packed = false
        resetPending = false
        startRing()
        outstandingCount = 0
    }

    /// The ring indices a freshly enabled queue starts from.
    func startRing() {
        lastAvail = 0
        usedIndex = 0
        availPosition = 0
        availWrap = true
        usedPosition = 0
        usedWrap = true
        signalled = 0
    }

    // MARK: ring geometry

    var descBytes: Int { 16 * Int(size) }
    /// Split: flags, idx, ring[size], used_event. Packed: the driver event suppression area.
    var driverBytes: Int { packed ? 4 : 6 + 2 * Int(size) }
    /// Split: flags, idx, ring[size] of (id, len), avail_event. Packed: the device event area.
    var deviceBytes: Int { packed ? 4 : 6 + 8 * Int(size) }

    /// Whether a device-writable buffer overlaps one of the queue's own ring areas.
    func overlapsRings(_ address: UInt64, _ length: Int) -> Bool {
        func overlaps(_ base: UInt64, _ bytes: Int) -> Bool {
            let end = address.addingReportingOverflow(UInt64(length))
            return address < base &+ UInt64(bytes) && (end.overflow || base < end.partialValue)
        }
        return overlaps(descAddress, descBytes) || overlaps(driverAddress, driverBytes) || overlaps(deviceAddress, deviceBytes)
    }

    // MARK: outstanding chains

    /// Records a held or delayed chain; false when the table is full (the driver made more
    /// chains available than the queue has room for).
    func hold(_ entry: Outstanding) -> Bool {
        guard outstandingCount < Int(maxSize) else { return false }
        outstanding[outstandingCount] = entry
        outstandingCount += 1
        return true
    }

    /// Takes the outstanding chain `id` out of the table.
    func take(id: UInt16) -> Outstanding? {
        for slot in 0..<outstandingCount where outstanding[slot].id == id {
            let entry = outstanding[slot]
            outstandingCount -= 1
            outstanding[slot] = outstanding[outstandingCount]
            return entry
        }
        return nil
    }
}
