import MiniportPlatform
import MiniportSCSI

/// The virtio block device (ID 2) over a `BlockStore`, behind the virtio PCI transport.
///
/// Each request is one chain: a 16-byte header (type, reserved, sector) the driver can read,
/// then the data (driver-readable for writes and range lists, device-writable for reads and
/// GET_ID), and the status byte, which is the last device-writable byte. Framing is free: the
/// header may share a descriptor with data, data may split anywhere.
///
/// Errors the driver can cause with a well-formed request (a range past the capacity, a
/// length that is not whole sectors, too many or too large segments, a write to a read-only
/// disk, a medium error injected through `DiskFaults`) end that request with
/// VIRTIO_BLK_S_IOERR; unknown types and flags with VIRTIO_BLK_S_UNSUPP. A chain too short to
/// hold the header and the status byte breaks the device's interface: the transport is told
/// (``VirtioTransport/needsReset(_:)``, DEVICE_NEEDS_RESET and a verifier report).
///
/// A lost write armed in `DiskFaults.droppedWrites` completes OK without storing its data.
///
/// Transport faults (`TransportFaults.decide(bus:target:lun:)` for bus 0, target 0, LUN 0)
/// apply after a request executed: its completion is held until a reset, delayed, or posted
/// without an interrupt.
///
/// The I/O path allocates nothing.
public final class VirtioBlockBackend: VirtioBackend {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)) like
    // EmulatedHBA's: they sit on the I/O path.
    /// Where the sectors live.
    public let store: any BlockStore
    /// Medium errors of the disk this device stands for (reads and writes fail with IOERR).
    public let diskFaults: DiskFaults?
    /// Limits, topology, queues and identity.
    public let options: VirtioBlockOptions
    /// Write cache mode: true writeback, false writethrough (every write is flushed before
    /// it completes). Follows FLUSH negotiation and the driver's writes to `writeback`.
    @exclusivity(unchecked) public private(set) var writeback = true
    /// Requests handled, per request queue.
    @exclusivity(unchecked) public private(set) var requestsByQueue: [UInt64]
    /// Requests whose status was not OK.
    @exclusivity(unchecked) public private(set) var failedRequests: UInt64 = 0
    /// Completions the transport faults held, delayed or posted without an interrupt.
    @exclusivity(unchecked) public private(set) var faultedCompletions: UInt64 = 0
    /// Told, before the medium changes, about every range of store blocks a request is about
    /// to write, zero or discard (as `SCSIDisk.onMediumChange` is): the dump port's
    /// write-outside-area check watches the boot disk through it.
    @exclusivity(unchecked) public var onMediumChange: ((_ lba: UInt64, _ blocks: UInt64) -> Void)?

    @exclusivity(unchecked) private weak var transport: (any VirtioTransport)?
    @exclusivity(unchecked) private var transportFaults = AttachedFaults()
    @exclusivity(unchecked) private var negotiated: UInt64 = 0
    @exclusivity(unchecked) private var config: [UInt8]
    private let zeros: UnsafeMutableRawBufferPointer
    /// The disk the device stands for (``init(disk:options:)``): a `let`, so that a write asks
    /// for its observer without counting a reference (a forwarding closure would count two).
    private let disk: SCSIDisk?
    private let idBytes: [UInt8]
    private let capacitySectors: UInt64

    /// A block device over `store`; `faults` are the disk's medium errors.
    public convenience init(store: any BlockStore, faults: DiskFaults? = nil, options: VirtioBlockOptions = VirtioBlockOptions()) {
        self.init(store: store, faults: faults, options: options, disk: nil)
    }

    /// A block device standing for `disk`: its store, its medium errors, and its
    /// `SCSIDisk.onMediumChange` observer (looked up at each write, so it may be set later; it
    /// is told as well as this device's own ``onMediumChange``).
    /// The device keeps the disk alive, as a target keeps its logical units: a caller need not.
    public convenience init(disk: SCSIDisk, options: VirtioBlockOptions = VirtioBlockOptions()) {
        self.init(store: disk.store, faults: disk.faults, options: options, disk: disk)
    }

    private init(store: any BlockStore, faults: DiskFaults?, options: VirtioBlockOptions, disk: SCSIDisk?) {
        self.store = store
        self.disk = disk
        self.diskFaults = faults
        var options = options
        options.queues = min(max(options.queues, 1), 64)
        self.options = options
        self.capacitySectors = store.byteCapacity / UInt64(VirtioBlock.sectorSize)
        self.requestsByQueue = Array(repeating: 0, count: options.queues)
        self.zeros = .allocate(byteCount: 64 * 1024, alignment: 64)
        self.zeros.initializeMemory(as: UInt8.self, repeating: 0)
        var id = Array(options.serial.utf8.prefix(VirtioBlock.idLength))
        id.append(contentsOf: repeatElement(0, count: VirtioBlock.idLength - id.count))
        self.idBytes = id
        self.config = []
        self.config = buildConfig()
    }

    deinit {
        zeros.deallocate()
        transportFaults.release()
    }

    // MARK: - VirtioBackend

    /// The virtio device ID.
    public var deviceType: UInt16 { VirtioBlock.deviceType }

    /// Device-specific feature bits offered (docs/virtio-spec.md lists them).
    public var deviceFeatures: UInt64 {
        var bits: UInt64 = 0
        func offer(_ bit: Int) { bits |= 1 << UInt64(bit) }
        offer(VirtioBlock.Feature.sizeMax)
        offer(VirtioBlock.Feature.segMax)
        offer(VirtioBlock.Feature.geometry)
        offer(VirtioBlock.Feature.blockSize)
        offer(VirtioBlock.Feature.flush)
        offer(VirtioBlock.Feature.topology)
        offer(VirtioBlock.Feature.configWCE)
        if options.queues > 1 { offer(VirtioBlock.Feature.multiQueue) }
        if store.isReadOnly {
            offer(VirtioBlock.Feature.readOnly)
        } else {
            offer(VirtioBlock.Feature.writeZeroes)
            if store.supportsUnmap { offer(VirtioBlock.Feature.discard) }
        }
        return bits
    }

    /// Number of virtqueues.
    public var queueCount: Int { options.queues }
    /// Largest queue size offered.
    public var maxQueueSize: UInt16 { options.queueSize }
    /// Bytes of device configuration space.
    public var configSize: Int { VirtioBlock.ConfigOffset.size }

    /// Reads the configuration image, little-endian.
    public func readConfig(offset: Int, width: Int) -> UInt64 {
        VirtioConfigBytes.read(config, offset: offset, width: width)
    }

    /// Applies a driver write to the writable configuration fields; others are ignored.
    public func writeConfig(offset: Int, width: Int, value: UInt64) {
        // Only `writeback` is writable (VIRTIO_BLK_F_CONFIG_WCE); other writes are ignored.
        guard offset == VirtioBlock.ConfigOffset.writeback else { return }
        setWriteback(value & 0xFF != 0)
    }

    /// Remembers the transport (held completions, guest writes, NEEDS_RESET).
    public func attach(_ transport: VirtioTransport) {
        self.transport = transport
        transportFaults.keep(transport.faults)
    }

    /// Device reset: forgets negotiated state and everything held.
    public func reset() {
        negotiated = 0
        setWriteback(true)
    }

    /// The driver set FEATURES_OK with `features`.
    public func featuresAccepted(_ features: UInt64) {
        negotiated = features
        // Without FLUSH the driver cannot order writes against a cache: run writethrough.
        setWriteback(features & (1 << UInt64(VirtioBlock.Feature.flush)) != 0)
    }

    /// Handles one chain of `queue`.
    public func process(queue: Int, chain: inout VirtioChain) -> VirtioDisposition {
        guard chain.readableLength >= VirtioBlock.headerLength, chain.writableLength >= 1 else {
            transport?.needsReset(
                "virtio-blk request on queue \(queue) (descriptor \(chain.id)): \(chain.readableLength) "
                    + "driver-readable bytes (the header needs 16) and \(chain.writableLength) device-writable "
                    + "(the status byte needs 1)")
            return .complete(written: 0)
        }
        let type = chain.load(UInt32.self, readableOffset: 0) ?? 0
        let sector = chain.load(UInt64.self, readableOffset: 8) ?? 0
        let status: UInt8
        var written: UInt32 = 1
        switch type {
        case VirtioBlock.RequestType.read:
            status = read(chain, sector: sector)
            written = UInt32(clamping: chain.writableLength)
        case VirtioBlock.RequestType.write:
            status = write(chain, sector: sector)
        case VirtioBlock.RequestType.flush:
            status = flush()
        case VirtioBlock.RequestType.getID:
            status = getID(chain)
            if status == VirtioBlock.Status.ok { written = UInt32(VirtioBlock.idLength + 1) }
        case VirtioBlock.RequestType.discard:
            status = ranges(chain, discard: true)
        case VirtioBlock.RequestType.writeZeroes:
            status = ranges(chain, discard: false)
        default:
            status = VirtioBlock.Status.unsupported
        }
        chain.store(status, writableOffset: chain.writableLength - 1)
        if queue >= 0 && queue < requestsByQueue.count { requestsByQueue[queue] &+= 1 }
        if status != VirtioBlock.Status.ok { failedRequests &+= 1 }
        return disposition(written: written)
    }

    // MARK: - Requests

    /// IN: sectors into the writable data (all writable bytes but the status byte).
    private func read(_ chain: VirtioChain, sector: UInt64) -> UInt8 {
        let length = chain.writableLength - 1
        guard let start = byteRange(sector: sector, length: length),
              segmentsFit(chain, writable: true, offset: 0, count: length) else { return VirtioBlock.Status.ioError }
        if hitsMediumError(start: start, length: length, operation: .read) { return VirtioBlock.Status.ioError }
        let store = self.store
        do {
            try chain.forEachPiece(writable: true, offset: 0, count: length) { (piece, at) throws(BlockStoreError) in
                try store.read(byteOffset: start + UInt64(at), into: piece)
            }
        } catch {
            return VirtioBlock.Status.ioError
        }
        return VirtioBlock.Status.ok
    }

    /// OUT: the readable data after the header onto the sectors.
    private func write(_ chain: VirtioChain, sector: UInt64) -> UInt8 {
        if store.isReadOnly { return VirtioBlock.Status.ioError }
        let length = chain.readableLength - VirtioBlock.headerLength
        guard let start = byteRange(sector: sector, length: length),
              segmentsFit(chain, writable: false, offset: VirtioBlock.headerLength, count: length) else {
            return VirtioBlock.Status.ioError
        }
        if hitsMediumError(start: start, length: length, operation: .write) { return VirtioBlock.Status.ioError }
        // A lost write (DiskFaults.droppedWrites): OK, and the data never reaches the store.
        if length > 0, let faults = diskFaults, faults.droppedWrites.take() { return VirtioBlock.Status.ok }
        noteMediumChange(start: start, length: UInt64(length))
        let store = self.store
        do {
            try chain.forEachPiece(writable: false, offset: VirtioBlock.headerLength, count: length) {
                (piece, at) throws(BlockStoreError) in
                try store.write(byteOffset: start + UInt64(at), from: UnsafeRawBufferPointer(piece))
            }
            if !writeback { try store.flush() }
        } catch {
            return VirtioBlock.Status.ioError
        }
        return VirtioBlock.Status.ok
    }

    private func flush() -> UInt8 {
        do { try store.flush() } catch { return VirtioBlock.Status.ioError }
        return VirtioBlock.Status.ok
    }

    /// GET_ID: the 20-byte identifier into the writable data (which must hold 20 bytes).
    private func getID(_ chain: VirtioChain) -> UInt8 {
        guard chain.writableLength - 1 >= VirtioBlock.idLength else { return VirtioBlock.Status.ioError }
        idBytes.withUnsafeBytes { _ = chain.copyIn(offset: 0, from: $0) }
        return VirtioBlock.Status.ok
    }

    /// DISCARD and WRITE_ZEROES: a list of 16-byte ranges after the header. Every range is
    /// checked before any is executed, so a rejected request changes nothing.
    private func ranges(_ chain: VirtioChain, discard: Bool) -> UInt8 {
        if discard && !store.supportsUnmap { return VirtioBlock.Status.unsupported }
        if store.isReadOnly { return VirtioBlock.Status.ioError }
        let payload = chain.readableLength - VirtioBlock.headerLength
        let maxSegments = Int(discard ? options.maxDiscardSegments : options.maxWriteZeroesSegments)
        let maxSectors = discard ? options.maxDiscardSectors : options.maxWriteZeroesSectors
        guard payload > 0, payload % VirtioBlock.rangeLength == 0 else { return VirtioBlock.Status.ioError }
        let count = payload / VirtioBlock.rangeLength
        guard count <= maxSegments else { return VirtioBlock.Status.ioError }
        for index in 0..<count {
            let range = self.range(chain, index)
            if range.flags & ~VirtioBlock.rangeFlagUnmap != 0 { return VirtioBlock.Status.unsupported }
            if discard && range.flags & VirtioBlock.rangeFlagUnmap != 0 { return VirtioBlock.Status.unsupported }
            if range.sectors > maxSectors { return VirtioBlock.Status.ioError }
            let length = Int(range.sectors) * VirtioBlock.sectorSize
            if byteRange(sector: range.sector, length: length) == nil { return VirtioBlock.Status.ioError }
        }
        do {
            for index in 0..<count {
                let range = self.range(chain, index)
                let start = range.sector * UInt64(VirtioBlock.sectorSize)
                let length = UInt64(range.sectors) * UInt64(VirtioBlock.sectorSize)
                noteMediumChange(start: start, length: length)
                if discard {
                    try unmapWholeBlocks(start: start, length: length)
                } else {
                    if hitsMediumError(start: start, length: Int(length), operation: .write) {
                        return VirtioBlock.Status.ioError
                    }
                    try zero(start: start, length: length, unmap: range.flags & VirtioBlock.rangeFlagUnmap != 0)
                }
            }
            if !writeback && !discard { try store.flush() }
        } catch {
            return VirtioBlock.Status.ioError
        }
        return VirtioBlock.Status.ok
    }

    private func range(_ chain: VirtioChain, _ index: Int) -> (sector: UInt64, sectors: UInt32, flags: UInt32) {
        let base = VirtioBlock.headerLength + index * VirtioBlock.rangeLength
        return (chain.load(UInt64.self, readableOffset: base) ?? 0,
                chain.load(UInt32.self, readableOffset: base + 8) ?? 0,
                chain.load(UInt32.self, readableOffset: base + 12) ?? 0)
    }

    /// Discards the store blocks lying wholly inside the byte range (a discard is advisory).
    private func unmapWholeBlocks(start: UInt64, length: UInt64) throws(BlockStoreError) {
        let blockSize = UInt64(store.blockSize)
        let first = (start + blockSize - 1) / blockSize
        let end = (start + length) / blockSize
        if end > first { try store.unmap(lba: first, count: end - first) }
    }

    /// Zeroes the byte range; with `unmap` on a store whose unmapped blocks read as zeros,
    /// whole blocks are deallocated and only the partial edges written.
    private func zero(start: UInt64, length: UInt64, unmap: Bool) throws(BlockStoreError) {
        guard length > 0 else { return }
        if unmap && store.supportsUnmap && store.unmappedBlocksReadZero {
            let blockSize = UInt64(store.blockSize)
            let first = (start + blockSize - 1) / blockSize
            let end = (start + length) / blockSize
            if end > first {
                try writeZeros(start: start, length: first * blockSize - start)
                try store.unmap(lba: first, count: end - first)
                try writeZeros(start: end * blockSize, length: start + length - end * blockSize)
                return
            }
        }
        try writeZeros(start: start, length: length)
    }

    private func writeZeros(start: UInt64, length: UInt64) throws(BlockStoreError) {
        var done: UInt64 = 0
        while done < length {
            let take = Int(min(UInt64(zeros.count), length - done))
            try store.write(byteOffset: start + done, from: UnsafeRawBufferPointer(rebasing: zeros[0..<take]))
            done += UInt64(take)
        }
    }

    // MARK: - Checks

    /// The byte offset of `sector` when `length` bytes from there are whole sectors inside the
    /// capacity; nil otherwise.
    private func byteRange(sector: UInt64, length: Int) -> UInt64? {
        guard length >= 0, length % VirtioBlock.sectorSize == 0 else { return nil }
        let sectors = UInt64(length / VirtioBlock.sectorSize)
        guard sector <= capacitySectors, sectors <= capacitySectors - sector else { return nil }
        return sector * UInt64(VirtioBlock.sectorSize)
    }

    /// Whether the data range respects `seg_max` and `size_max`.
    private func segmentsFit(_ chain: VirtioChain, writable: Bool, offset: Int, count: Int) -> Bool {
        let shape = chain.pieceShape(writable: writable, offset: offset, count: count)
        return shape.pieces <= Int(options.effectiveSegMax) && shape.longest <= Int(options.sizeMax)
    }

    private func noteMediumChange(start: UInt64, length: UInt64) {
        guard length > 0, onMediumChange != nil || disk?.onMediumChange != nil else { return }
        let blockSize = UInt64(store.blockSize)
        let first = start / blockSize
        let blocks = (start + length + blockSize - 1) / blockSize - first
        onMediumChange?(first, blocks)
        disk?.onMediumChange?(first, blocks)
    }

    private func hitsMediumError(start: UInt64, length: Int, operation: DiskFaults.Operations) -> Bool {
        // `diskFaults?.` borrows the fault set; `guard let` would retain and release it per request.
        guard diskFaults != nil, length > 0 else { return false }
        let blockSize = UInt64(store.blockSize)
        let first = start / blockSize
        let end = (start + UInt64(length) + blockSize - 1) / blockSize
        return diskFaults?.firstMediumError(lba: first, count: end - first, operation: operation) != nil
    }

    // MARK: - Completion

    private func disposition(written: UInt32) -> VirtioDisposition {
        switch transportFaults.with({ $0.decide(bus: 0, target: 0, lun: 0) }) ?? TransportFaults.Action.none {
        case .none:
            return .complete(written: written)
        case .hold:
            faultedCompletions &+= 1
            return .hold(written: written)
        case .delay(let nanoseconds):
            faultedCompletions &+= 1
            return .delay(written: written, nanoseconds: nanoseconds)
        case .loseInterrupt:
            faultedCompletions &+= 1
            return .completeSilently(written: written)
        }
    }

    // MARK: - Configuration space

    private func setWriteback(_ enabled: Bool) {
        writeback = enabled
        if config.count > VirtioBlock.ConfigOffset.writeback {
            config[VirtioBlock.ConfigOffset.writeback] = enabled ? 1 : 0
        }
    }

    private func buildConfig() -> [UInt8] {
        typealias At = VirtioBlock.ConfigOffset
        var bytes = [UInt8](repeating: 0, count: At.size)
        func put(_ offset: Int, _ width: Int, _ value: UInt64) {
            VirtioConfigBytes.write(&bytes, offset: offset, width: width, value: value)
        }
        put(At.capacity, 8, capacitySectors)
        put(At.sizeMax, 4, UInt64(options.sizeMax))
        put(At.segMax, 4, UInt64(options.effectiveSegMax))
        let heads: UInt64 = 16
        let sectorsPerTrack: UInt64 = 63
        put(At.cylinders, 2, min(capacitySectors / (heads * sectorsPerTrack), 0xFFFF))
        put(At.heads, 1, heads)
        put(At.sectors, 1, sectorsPerTrack)
        put(At.blockSize, 4, UInt64(store.blockSize))
        put(At.physicalBlockExponent, 1, UInt64(options.physicalBlockExponent))
        put(At.alignmentOffset, 1, UInt64(options.alignmentOffset))
        put(At.minIOSize, 2, UInt64(options.minIOSize))
        put(At.optIOSize, 4, UInt64(options.optIOSize))
        put(At.writeback, 1, writeback ? 1 : 0)
        put(At.numQueues, 2, UInt64(options.queues))
        put(At.maxDiscardSectors, 4, UInt64(options.maxDiscardSectors))
        put(At.maxDiscardSegments, 4, UInt64(options.maxDiscardSegments))
        put(At.discardSectorAlignment, 4, UInt64(store.blockSize / VirtioBlock.sectorSize))
        put(At.maxWriteZeroesSectors, 4, UInt64(options.maxWriteZeroesSectors))
        put(At.maxWriteZeroesSegments, 4, UInt64(options.maxWriteZeroesSegments))
        put(At.writeZeroesMayUnmap, 1, store.supportsUnmap && store.unmappedBlocksReadZero ? 1 : 0)
        return bytes
    }
}
