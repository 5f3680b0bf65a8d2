import MiniportPlatform

/// A virtio device type behind the PCI transport (virtio-blk, virtio-scsi, ...).
///
/// The transport owns everything generic: PCI identity, feature negotiation, the status
/// machine, the virtqueues and their hostile-ring checks, notifications and interrupts. A
/// backend sees only validated descriptor chains and its own configuration space, and answers
/// each chain with a ``VirtioDisposition``.
///
/// All calls come from the one context that drives the machine (no locking).
public protocol VirtioBackend: AnyObject {
    /// The virtio device ID: 2 for block, 8 for SCSI.
    var deviceType: UInt16 { get }
    /// Device-specific feature bits only (bits 0–23); the transport adds VERSION_1,
    /// RING_INDIRECT_DESC, RING_EVENT_IDX and RING_PACKED.
    var deviceFeatures: UInt64 { get }
    /// Number of virtqueues (at most 64).
    var queueCount: Int { get }
    /// Largest queue size the device offers for each queue (a power of two, at most 32768).
    var maxQueueSize: UInt16 { get }
    /// Bytes of device-specific configuration space.
    var configSize: Int { get }
    /// Reads `width` (1, 2, 4 or 8) bytes of device configuration at `offset` (already bounded
    /// by the transport to `configSize`), little-endian.
    func readConfig(offset: Int, width: Int) -> UInt64
    /// Writes `width` bytes of device configuration at `offset` (bounded like reads).
    func writeConfig(offset: Int, width: Int, value: UInt64)
    /// Called once, when the backend is put behind a transport.
    func attach(_ transport: VirtioTransport)
    /// The device was reset (status 0 written, or a controller reset): forget every held
    /// request; its chain's buffers are no longer the backend's to touch.
    func reset()
    /// The driver set FEATURES_OK with these features (device-specific and transport bits).
    func featuresAccepted(_ features: UInt64)
    /// Handles one available chain of `queue`. The chain's segment storage belongs to the
    /// queue and is valid only during this call; a backend that holds the request keeps the
    /// physical addresses it needs (``VirtioSegment/physical``) and later writes through
    /// ``VirtioTransport/writeGuest(physical:bytes:)``.
    func process(queue: Int, chain: inout VirtioChain) -> VirtioDisposition
    /// Whether chains held on `queue` are commands (counted in
    /// ``VirtioPCIDevice/outstandingCommands``) rather than buffers lent to the device, such as
    /// virtio-scsi's event buffers. Default: every queue carries commands.
    func queueCarriesCommands(_ queue: Int) -> Bool
}

extension VirtioBackend {
    public func queueCarriesCommands(_ queue: Int) -> Bool { true }
}

/// What a backend did with one chain.
public enum VirtioDisposition: Equatable, Sendable {
    /// Done: `written` bytes were stored into the device-writable part; post the used entry
    /// and interrupt (subject to the driver's suppression).
    case complete(written: UInt32)
    /// Executed or waiting, but the completion is posted later by
    /// ``VirtioTransport/complete(queue:id:written:)`` (or dropped by a device reset).
    /// `written` is what a later completion reports when the backend does not say otherwise
    /// (the transport remembers it for fault-injected holds).
    case hold(written: UInt32)
    /// Post the used entry after `nanoseconds` of virtual time (dropped by a reset first).
    case delay(written: UInt32, nanoseconds: UInt64)
    /// Post the used entry now but raise no interrupt for it (a lost interrupt).
    case completeSilently(written: UInt32)
}

/// One driver buffer of a chain, resolved through the physical map and bounds-checked.
public struct VirtioSegment {
    /// Host memory for the whole segment (valid for the duration of ``VirtioBackend/process(queue:chain:)``).
    public var host: UnsafeMutableRawPointer
    /// Guest physical address of the segment.
    public var physical: UInt64
    /// Length in bytes.
    public var length: Int

    /// Creates a segment.
    public init(host: UnsafeMutableRawPointer, physical: UInt64, length: Int) {
        self.host = host
        self.physical = physical
        self.length = length
    }

    /// The segment as a buffer.
    public var bytes: UnsafeMutableRawBufferPointer { UnsafeMutableRawBufferPointer(start: host, count: length) }
}

/// One validated descriptor chain (split or packed, indirect tables flattened): the
/// driver-readable segments first, then the device-writable ones.
///
/// The segments live in storage the queue preallocated; building or reading a chain allocates
/// nothing.
public struct VirtioChain {
    /// The queue the chain came from.
    public let queue: Int
    /// Head descriptor index (split ring) or buffer ID (packed ring): what the used entry names.
    public let id: UInt16
    @usableFromInline let storage: UnsafeMutablePointer<VirtioSegment>
    /// Number of driver-readable segments.
    public let readableCount: Int
    /// Number of device-writable segments.
    public let writableCount: Int
    /// Total driver-readable bytes.
    public let readableLength: Int
    /// Total device-writable bytes.
    public let writableLength: Int

    /// Creates a chain over `storage` (readable segments first). For the transport and tests.
    public init(queue: Int, id: UInt16, storage: UnsafeMutablePointer<VirtioSegment>, readableCount: Int,
                writableCount: Int) {
        self.queue = queue
        self.id = id
        self.storage = storage
        self.readableCount = readableCount
        self.writableCount = writableCount
        var readable = 0
        var writable = 0
        for index in 0..<readableCount { readable += storage[index].length }
        for index in 0..<writableCount { writable += storage[readableCount + index].length }
        self.readableLength = readable
        self.writableLength = writable
    }

    /// Driver-readable segment `index` (0 ..< readableCount).
    public func readable(_ index: Int) -> VirtioSegment {
        precondition(index >= 0 && index < readableCount)
        return storage[index]
    }

    /// Device-writable segment `index` (0 ..< writableCount).
    public func writable(_ index: Int) -> VirtioSegment {
        precondition(index >= 0 && index < writableCount)
        return storage[readableCount + index]
    }

    /// Copies driver-readable bytes from `offset` (counted over all readable segments) into
    /// `buffer`; returns how many were copied (short at the end of the readable part).
    public func copyOut(offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        copy(first: 0, count: readableCount, offset: offset, count: buffer.count) { segment, at, done, length in
            buffer.baseAddress!.advanced(by: done).copyMemory(from: segment.host.advanced(by: at), byteCount: length)
        }
    }

    /// Copies `buffer` into the device-writable bytes from `offset` (counted over all writable
    /// segments); returns how many were copied (short at the end of the writable part).
    public func copyIn(offset: Int, from buffer: UnsafeRawBufferPointer) -> Int {
        copy(first: readableCount, count: writableCount, offset: offset, count: buffer.count) { segment, at, done, length in
            segment.host.advanced(by: at).copyMemory(from: buffer.baseAddress!.advanced(by: done), byteCount: length)
        }
    }

    /// Reads a little-endian integer at `offset` of the readable bytes (nil past the end).
    public func load<T: FixedWidthInteger>(_ type: T.Type, readableOffset offset: Int) -> T? {
        var value: T = 0
        let copied = withUnsafeMutableBytes(of: &value) { copyOut(offset: offset, into: $0) }
        return copied == MemoryLayout<T>.size ? T(littleEndian: value) : nil
    }

    /// Stores a little-endian integer at `offset` of the writable bytes; false past the end.
    @discardableResult
    public func store<T: FixedWidthInteger>(_ value: T, writableOffset offset: Int) -> Bool {
        var little = value.littleEndian
        return withUnsafeBytes(of: &little) { copyIn(offset: offset, from: $0) } == MemoryLayout<T>.size
    }

    private func copy(first: Int, count segments: Int, offset: Int, count: Int,
                      _ body: (VirtioSegment, _ at: Int, _ done: Int, _ length: Int) -> Void) -> Int {
        guard offset >= 0, count > 0 else { return 0 }
        var skip = offset
        var done = 0
        var index = first
        while index < first + segments, done < count {
            let segment = storage[index]
            index += 1
            if skip >= segment.length {
                skip -= segment.length
                continue
            }
            let length = min(segment.length - skip, count - done)
            if length > 0, segment.length > 0 { body(segment, skip, done, length) }
            done += length
            skip = 0
        }
        return done
    }
}

/// What a backend can ask of the PCI transport it sits behind (handed over by
/// ``VirtioBackend/attach(_:)``).
public protocol VirtioTransport: AnyObject {
    /// Posts the used entry of a held chain (`id` from ``VirtioChain/id``) with `written`
    /// bytes and interrupts as the driver asked. Ignored (false) when the queue has no such
    /// chain outstanding (already completed, or dropped by a reset).
    @discardableResult
    func complete(queue: Int, id: UInt16, written: UInt32) -> Bool
    /// Writes into guest memory at a physical address a chain named (for held buffers filled
    /// later); false when the physical map refuses.
    func writeGuest(physical: UInt64, bytes: UnsafeRawBufferPointer) -> Bool
    /// Reads guest memory at a physical address; false when the physical map refuses.
    func readGuest(physical: UInt64, into bytes: UnsafeMutableRawBufferPointer) -> Bool
    /// Device configuration changed: bumps the configuration generation and raises the
    /// configuration-change interrupt.
    func configChanged()
    /// The device hit an error it cannot continue from: sets DEVICE_NEEDS_RESET, reports
    /// `detail` and raises the configuration-change interrupt.
    func needsReset(_ detail: String)
    /// The machine's virtual clock.
    var clock: VirtualClock { get }
    /// Injected transport faults (timeouts, delays, lost interrupts) shared with the runner.
    var faults: TransportFaults { get }
}

/// A transport's fault rules as a backend keeps them from ``VirtioBackend/attach(_:)``: retained
/// by hand, so that each request consults them without counting a reference (loading the weak
/// transport, or reading a strong property, would count two). The backend calls ``release()``
/// in its deinit.
struct AttachedFaults {
    private var reference: Unmanaged<TransportFaults>?

    /// Keeps `faults` (releasing any kept before).
    mutating func keep(_ faults: TransportFaults) {
        reference?.release()
        reference = Unmanaged.passRetained(faults)
    }

    func release() { reference?.release() }

    /// `body` applied to the rules; nil before the backend is attached.
    @inline(__always)
    func with<T>(_ body: (TransportFaults) -> T) -> T? {
        reference?._withUnsafeGuaranteedRef(body)
    }
}
