import MiniportPlatform
import MiniportSCSI

/// The virtio SCSI host adapter (ID 8) over `SCSITarget`s, behind the virtio PCI transport.
///
/// Queue 0 is the control queue (task management, asynchronous notification queries), queue 1
/// the event queue (buffers the driver lends for events), queues 2... carry commands. A
/// command runs on the addressed `SCSITarget` with `execute(lun:cdb:data:)`, so commands,
/// sense data and absent-LUN behaviour are those of the phba path.
///
/// A chain too short for the request header (19 + `cdb_size` bytes) or the response (12 +
/// `sense_size`) breaks the interface: the transport is told (DEVICE_NEEDS_RESET and a
/// verifier report). Addressing errors are answered per request: BAD_TARGET when byte 0 of the
/// LUN is not 1 or no target sits at the ID, INCORRECT_LUN for a malformed LUN or one above
/// `max_lun`.
///
/// Transport faults (`TransportFaults.decide(bus:target:lun:)`, bus 0) apply after a command
/// executed: a held command completes with ABORTED when ABORT TASK, ABORT TASK SET, CLEAR TASK
/// SET, LOGICAL UNIT RESET or I_T NEXUS RESET names it, or disappears with a device reset.
///
/// The command path allocates nothing.
public final class VirtioSCSIBackend: VirtioBackend {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)) like
    // EmulatedHBA's: they sit on the I/O path.
    /// Queues and limits.
    public let options: VirtioSCSIOptions
    /// Commands handled, per request queue (index 0 is queue 2).
    @exclusivity(unchecked) public private(set) var requestsByQueue: [UInt64]
    /// Events written into driver buffers.
    @exclusivity(unchecked) public private(set) var eventsDelivered: UInt64 = 0
    /// Events that found no buffer (the next event carries VIRTIO_SCSI_T_EVENTS_MISSED).
    @exclusivity(unchecked) public private(set) var eventsLost: UInt64 = 0
    /// Commands ended by a task management function or a target removal.
    @exclusivity(unchecked) public private(set) var abortedRequests: UInt64 = 0

    /// A command whose completion a transport fault holds.
    struct HeldRequest {
        var queue: Int
        var id: UInt16
        var target: UInt8
        var lun: UInt16
        var tag: UInt64
        var written: UInt32
        var dataLength: UInt32
        var response: VirtioGuestPieces
    }

    /// An event-queue buffer waiting for an event.
    struct EventBuffer {
        var id: UInt16
        var pieces: VirtioGuestPieces
    }

    @exclusivity(unchecked) private weak var transport: (any VirtioTransport)?
    @exclusivity(unchecked) private var transportFaults = AttachedFaults()
    /// Commands a target is executing (a command reaches its target without counting a
    /// reference), and the targets detached meanwhile, kept until they return.
    @exclusivity(unchecked) private var executing = 0
    @exclusivity(unchecked) private var detachedWhileExecuting: [SCSITarget] = []
    @exclusivity(unchecked) private var targets: [SCSITarget?]
    @exclusivity(unchecked) private var held: [HeldRequest] = []
    @exclusivity(unchecked) private var eventBuffers: [EventBuffer] = []
    @exclusivity(unchecked) private var eventsMissed = false
    @exclusivity(unchecked) private var negotiated: UInt64 = 0
    @exclusivity(unchecked) private var active = false
    @exclusivity(unchecked) private var cdbSize = VirtioSCSI.defaultCDBSize
    @exclusivity(unchecked) private var senseSize = VirtioSCSI.defaultSenseSize
    @exclusivity(unchecked) private var config: [UInt8] = []
    private let segments: UnsafeMutablePointer<UnsafeMutableRawBufferPointer>
    private let segmentCapacity: Int

    /// An adapter with `targets` attached (by their IDs).
    public init(targets: [SCSITarget] = [], options: VirtioSCSIOptions = VirtioSCSIOptions()) {
        var options = options
        options.requestQueues = min(max(options.requestQueues, 1), 62)
        options.maxTarget = min(options.maxTarget, 255)
        options.maxLUN = min(options.maxLUN, UInt32(SCSITarget.maximumLUNs - 1))
        self.options = options
        self.requestsByQueue = Array(repeating: 0, count: options.requestQueues)
        self.targets = Array(repeating: nil, count: 256)
        for target in targets { self.targets[Int(target.id)] = target }
        self.segmentCapacity = Int(options.queueSize) + 8
        self.segments = .allocate(capacity: segmentCapacity)
        self.segments.initialize(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0), count: segmentCapacity)
        let queued = options.requestQueues * Int(options.queueSize)
        held.reserveCapacity(queued)
        eventBuffers.reserveCapacity(Int(options.queueSize))
        config = buildConfig()
    }

    /// An adapter with disk n at target n, LUN 0 (the runner's layout, as on the phba); disks
    /// past the 256th have no target ID and are left out.
    public convenience init(disks: [SCSIDisk], options: VirtioSCSIOptions = VirtioSCSIOptions()) {
        var targets: [SCSITarget] = []
        for (index, disk) in disks.prefix(256).enumerated() {
            let target = SCSITarget(id: UInt8(index))
            target[0] = disk
            targets.append(target)
        }
        self.init(targets: targets, options: options)
    }

    deinit {
        segments.deallocate()
        transportFaults.release()
    }

    // MARK: - Targets and events

    /// The target at `id`, or nil.
    public func target(_ id: UInt8) -> SCSITarget? { targets[Int(id)] }

    /// IDs that hold a target, ascending.
    public var targetIDs: [Int] { targets.indices.filter { targets[$0] != nil } }

    /// Commands whose completion a transport fault holds.
    public var heldRequestCount: Int { held.count }

    /// Event buffers the driver has posted and the device still holds.
    public var postedEventBuffers: Int { eventBuffers.count }

    /// Places `target` at its ID (replacing any there). With VIRTIO_SCSI_F_HOTPLUG negotiated,
    /// reports TRANSPORT_RESET / RESCAN for it.
    public func attach(_ target: SCSITarget) {
        targets[Int(target.id)] = target
        if active && negotiatedFeature(VirtioSCSI.Feature.hotplug) {
            emit(VirtioSCSI.Event.transportReset, target: target.id, lun: 0, reason: VirtioSCSI.ResetReason.rescan)
        }
    }

    /// Removes the target at `id`; its held commands end with TARGET_FAILURE. With
    /// VIRTIO_SCSI_F_HOTPLUG negotiated, reports TRANSPORT_RESET / REMOVED for it.
    @discardableResult
    public func detach(targetID id: UInt8) -> SCSITarget? {
        guard let target = targets[Int(id)] else { return nil }
        targets[Int(id)] = nil
        if executing > 0 { detachedWhileExecuting.append(target) }
        abort(response: VirtioSCSI.Response.targetFailure) { $0.target == id }
        if active && negotiatedFeature(VirtioSCSI.Feature.hotplug) {
            emit(VirtioSCSI.Event.transportReset, target: id, lun: 0, reason: VirtioSCSI.ResetReason.removed)
        }
        return target
    }

    /// Reports a parameter change of `target`/`lun` (ASC/ASCQ, e.g. 2Ah/09h CAPACITY DATA HAS
    /// CHANGED) with a PARAM_CHANGE event when VIRTIO_SCSI_F_CHANGE was negotiated; false when
    /// not negotiated or no buffer was posted (then the next event carries EVENTS_MISSED).
    @discardableResult
    public func reportParameterChange(target: UInt8, lun: UInt16, asc: UInt8, ascq: UInt8) -> Bool {
        guard active && negotiatedFeature(VirtioSCSI.Feature.change) else { return false }
        return emit(VirtioSCSI.Event.parameterChange, target: target, lun: lun,
                    reason: UInt32(asc) | UInt32(ascq) << 8)
    }

    /// Reports CAPACITY DATA HAS CHANGED (2Ah/09h) for `target`/`lun` (see
    /// ``reportParameterChange(target:lun:asc:ascq:)``).
    @discardableResult
    public func reportCapacityChange(target: UInt8, lun: UInt16) -> Bool {
        reportParameterChange(target: target, lun: lun, asc: 0x2A, ascq: 0x09)
    }

    // MARK: - VirtioBackend

    /// The virtio device ID.
    public var deviceType: UInt16 { VirtioSCSI.deviceType }

    /// Device-specific feature bits offered (docs/virtio-spec.md lists them).
    public var deviceFeatures: UInt64 {
        1 << UInt64(VirtioSCSI.Feature.hotplug) | 1 << UInt64(VirtioSCSI.Feature.change)
    }

    /// Number of virtqueues.
    public var queueCount: Int { VirtioSCSI.firstRequestQueue + options.requestQueues }
    /// Largest queue size offered.
    public var maxQueueSize: UInt16 { options.queueSize }
    /// Bytes of device configuration space.
    public var configSize: Int { VirtioSCSI.ConfigOffset.size }

    /// Reads the configuration image, little-endian.
    public func readConfig(offset: Int, width: Int) -> UInt64 {
        VirtioConfigBytes.read(config, offset: offset, width: width)
    }

    /// Applies a driver write to the writable configuration fields; others are ignored.
    public func writeConfig(offset: Int, width: Int, value: UInt64) {
        // Only sense_size and cdb_size are writable; each is clamped to what the device carries.
        let first = VirtioSCSI.ConfigOffset.senseSize
        let end = VirtioSCSI.ConfigOffset.cdbSize + 4
        guard offset < end, offset + width > first else { return }
        var image = config
        VirtioConfigBytes.write(&image, offset: offset, width: width, value: value)
        senseSize = min(UInt32(VirtioConfigBytes.read(image, offset: first, width: 4)), VirtioSCSI.maximumSenseSize)
        cdbSize = min(UInt32(VirtioConfigBytes.read(image, offset: VirtioSCSI.ConfigOffset.cdbSize, width: 4)),
                      VirtioSCSI.maximumCDBSize)
        storeSizes()
    }

    /// Remembers the transport (held completions, guest writes, NEEDS_RESET).
    public func attach(_ transport: VirtioTransport) {
        self.transport = transport
        transportFaults.keep(transport.faults)
    }

    /// Device reset: forgets negotiated state and everything held.
    public func reset() {
        held.removeAll(keepingCapacity: true)
        eventBuffers.removeAll(keepingCapacity: true)
        eventsMissed = false
        negotiated = 0
        active = false
        cdbSize = VirtioSCSI.defaultCDBSize
        senseSize = VirtioSCSI.defaultSenseSize
        storeSizes()
    }

    /// The driver set FEATURES_OK with `features`.
    public func featuresAccepted(_ features: UInt64) {
        negotiated = features
        active = true
    }

    /// Event buffers (queue 1) are lent to the device, not commands; the control and request
    /// queues carry commands.
    public func queueCarriesCommands(_ queue: Int) -> Bool { queue != VirtioSCSI.eventQueue }

    /// Handles one chain of `queue`.
    public func process(queue: Int, chain: inout VirtioChain) -> VirtioDisposition {
        switch queue {
        case VirtioSCSI.controlQueue:
            return control(&chain)
        case VirtioSCSI.eventQueue:
            return eventBuffer(&chain)
        default:
            return command(queue: queue, &chain)
        }
    }

    // MARK: - Commands

    private func command(queue: Int, _ chain: inout VirtioChain) -> VirtioDisposition {
        let headerLength = VirtioSCSI.requestHeaderLength + Int(cdbSize)
        let responseLength = VirtioSCSI.responseHeaderLength + Int(senseSize)
        guard chain.readableLength >= headerLength, chain.writableLength >= responseLength else {
            transport?.needsReset(
                "virtio-scsi command on queue \(queue) (descriptor \(chain.id)): \(chain.readableLength) "
                    + "driver-readable bytes (the header needs \(headerLength)) and \(chain.writableLength) "
                    + "device-writable (the response needs \(responseLength))")
            return .complete(written: 0)
        }
        let slot = queue - VirtioSCSI.firstRequestQueue
        if slot >= 0 && slot < requestsByQueue.count { requestsByQueue[slot] &+= 1 }
        let dataOut = chain.readableLength - headerLength
        let dataIn = chain.writableLength - responseLength
        let responseOnly = UInt32(responseLength)

        // Addressing.
        let lunField = chain.load(UInt64.self, readableOffset: 0) ?? 0
        let tag = chain.load(UInt64.self, readableOffset: 8) ?? 0
        let target: Unmanaged<SCSITarget>
        let targetID: UInt8
        let lun: UInt16
        switch resolve(lunField) {
        case .failure(let response):
            respond(&chain, response: response, residual: UInt32(clamping: max(dataIn, dataOut)))
            return .complete(written: responseOnly)
        case .success(let found, let foundID, let foundLUN):
            (target, targetID, lun) = (found, foundID, foundLUN)
        }
        // One direction per command (VIRTIO_SCSI_F_INOUT is not offered).
        if dataIn > 0 && dataOut > 0 {
            respond(&chain, response: VirtioSCSI.Response.failure, residual: UInt32(clamping: dataIn))
            return .complete(written: responseOnly)
        }

        // The CDB (at most 16 bytes reach the target) and the data segments.
        var cdb = SCSICDB()
        let cdbBytes = min(Int(cdbSize), 16)
        withUnsafeMutableBytes(of: &cdb.bytes) { raw in
            _ = chain.copyOut(offset: VirtioSCSI.requestHeaderLength,
                              into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<cdbBytes]))
        }
        cdb.length = Self.cdbLength(opcode: cdb.operationCode, available: cdbBytes)
        var count = 0
        var overflow = false
        let writable = dataIn > 0
        let segments = self.segments
        let capacity = segmentCapacity
        chain.forEachPiece(writable: writable, offset: writable ? responseLength : headerLength,
                           count: writable ? dataIn : dataOut) { piece, _ in
            guard count < capacity else {
                overflow = true
                return
            }
            segments[count] = piece
            count += 1
        }
        if overflow || count > Int(options.effectiveSegMax) {
            respond(&chain, response: VirtioSCSI.Response.failure, residual: UInt32(clamping: max(dataIn, dataOut)))
            return .complete(written: responseOnly)
        }
        var data = SCSIDataTransfer(direction: writable ? .toInitiator : dataOut > 0 ? .fromInitiator : .none,
                                    segments: UnsafeBufferPointer(start: segments, count: count))
        executing += 1
        let completion = target._withUnsafeGuaranteedRef { $0.execute(lun: UInt64(lun), cdb: cdb, data: &data) }
        executing -= 1
        if executing == 0, !detachedWhileExecuting.isEmpty { detachedWhileExecuting.removeAll() }

        // The response: status, residual and sense.
        var senseLength = 0
        if let sense = completion.sense, senseSize > 0 {
            withUnsafeTemporaryAllocation(byteCount: SenseData.fixedLength, alignment: 1) { buffer in
                let length = min(sense.write(to: buffer), Int(senseSize))
                senseLength = chain.copyIn(offset: VirtioSCSI.responseHeaderLength,
                                           from: UnsafeRawBufferPointer(rebasing: buffer[0..<length]))
            }
        }
        let residual = UInt32(clamping: max(data.count - data.transferred, 0))
        respond(&chain, response: VirtioSCSI.Response.ok, status: completion.status.rawValue,
                senseLength: UInt32(senseLength), residual: residual)
        let written = responseOnly + (writable ? UInt32(clamping: data.transferred) : 0)
        return disposition(&chain, queue: queue, target: targetID, lun: lun, tag: tag, written: written,
                           dataLength: UInt32(clamping: max(dataIn, dataOut)))
    }

    /// The target at `id` when it is attached, within `max_target` and not removed by a fault;
    /// unretained: the table holds it, and a detach during its command keeps it until the
    /// command returns.
    private func addressable(_ id: UInt8) -> Unmanaged<SCSITarget>? {
        guard UInt16(id) <= options.maxTarget else { return nil }
        if transportFaults.with({ $0.isRemoved(bus: 0, target: id) }) == true { return nil }
        return targets.withUnsafeBufferPointer { table in table[Int(id)].map { Unmanaged.passUnretained($0) } }
    }

    /// CDB length from the opcode's group code, bounded by the bytes the driver sent.
    static func cdbLength(opcode: UInt8, available: Int) -> Int {
        let length: Int
        switch opcode >> 5 {
        case 0: length = 6
        case 1, 2: length = 10
        case 4: length = 16
        case 5: length = 12
        default: length = 16
        }
        return min(length, available)
    }

    /// Writes the 12-byte response header.
    private func respond(_ chain: inout VirtioChain, response: UInt8, status: UInt8 = 0, senseLength: UInt32 = 0,
                         residual: UInt32) {
        chain.store(senseLength, writableOffset: 0)
        chain.store(residual, writableOffset: 4)
        chain.store(UInt16(0), writableOffset: 8)
        chain.store(status, writableOffset: 10)
        chain.store(response, writableOffset: 11)
    }

    private func disposition(_ chain: inout VirtioChain, queue: Int, target: UInt8, lun: UInt16, tag: UInt64,
                             written: UInt32, dataLength: UInt32) -> VirtioDisposition {
        switch transportFaults.with({ $0.decide(bus: 0, target: target, lun: UInt8(clamping: lun)) }) ?? TransportFaults.Action.none {
        case .none:
            return .complete(written: written)
        case .hold:
            var request = HeldRequest(queue: queue, id: chain.id, target: target, lun: lun, tag: tag,
                                      written: written, dataLength: dataLength, response: VirtioGuestPieces())
            chain.writablePhysicalPieces(count: VirtioSCSI.responseHeaderLength, into: &request.response)
            held.append(request)
            return .hold(written: written)
        case .delay(let nanoseconds):
            return .delay(written: written, nanoseconds: nanoseconds)
        case .loseInterrupt:
            return .completeSilently(written: written)
        }
    }

    /// Ends every held command matching `match` with `response`; returns how many.
    @discardableResult
    private func abort(response: UInt8, where match: (HeldRequest) -> Bool) -> Int {
        var ended = 0
        var index = held.count - 1
        while index >= 0 {
            let request = held[index]
            if match(request) {
                held.remove(at: index)
                ended += 1
                abortedRequests &+= 1
                if let transport {
                    var header: (UInt32, UInt32, UInt16, UInt8, UInt8) =
                        (0, request.dataLength.littleEndian, 0, 0, response)
                    withUnsafeBytes(of: &header) { raw in
                        _ = request.response.write(
                            UnsafeRawBufferPointer(rebasing: raw[0..<VirtioSCSI.responseHeaderLength]),
                            through: transport)
                    }
                    transport.complete(queue: request.queue, id: request.id,
                                       written: UInt32(VirtioSCSI.responseHeaderLength) + senseSize)
                }
            }
            index -= 1
        }
        return ended
    }

    // MARK: - Control queue

    private func control(_ chain: inout VirtioChain) -> VirtioDisposition {
        guard let type = chain.load(UInt32.self, readableOffset: 0) else {
            return malformedControl(&chain, "no request type")
        }
        switch type {
        case VirtioSCSI.ControlType.taskManagement:
            guard chain.readableLength >= VirtioSCSI.tmfRequestLength, chain.writableLength >= 1 else {
                return malformedControl(&chain, "task management request needs 24 readable bytes and 1 writable")
            }
            let subtype = chain.load(UInt32.self, readableOffset: 4) ?? 0
            let lunField = chain.load(UInt64.self, readableOffset: 8) ?? 0
            let tag = chain.load(UInt64.self, readableOffset: 16) ?? 0
            chain.store(taskManagement(subtype: subtype, lunField: lunField, tag: tag), writableOffset: 0)
            return .complete(written: 1)
        case VirtioSCSI.ControlType.asyncNotificationQuery, VirtioSCSI.ControlType.asyncNotificationSubscribe:
            guard chain.readableLength >= VirtioSCSI.anRequestLength,
                  chain.writableLength >= VirtioSCSI.anResponseLength else {
                return malformedControl(&chain, "asynchronous notification request needs 16 readable bytes and 5 writable")
            }
            let lunField = chain.load(UInt64.self, readableOffset: 4) ?? 0
            // No asynchronous notification classes are supported: event_actual is 0.
            chain.store(UInt32(0), writableOffset: 0)
            let response: UInt8
            switch resolve(lunField) {
            case .failure(let code): response = code
            case .success: response = VirtioSCSI.Response.ok
            }
            chain.store(response, writableOffset: 4)
            return .complete(written: UInt32(VirtioSCSI.anResponseLength))
        default:
            return malformedControl(&chain, "unknown control request type \(type)")
        }
    }

    private func malformedControl(_ chain: inout VirtioChain, _ detail: String) -> VirtioDisposition {
        transport?.needsReset("virtio-scsi control request (descriptor \(chain.id)): \(detail)")
        return .complete(written: 0)
    }

    /// A decoded LUN field naming an attached target, or the response that refuses it.
    private enum Resolved {
        case success(target: Unmanaged<SCSITarget>, id: UInt8, lun: UInt16)
        case failure(UInt8)
    }

    private func resolve(_ lunField: UInt64) -> Resolved {
        switch VirtioSCSI.decodeLUN(lunField) {
        case .badTarget:
            return .failure(VirtioSCSI.Response.badTarget)
        case .incorrectLUN(let id):
            return .failure(addressable(id) == nil ? VirtioSCSI.Response.badTarget : VirtioSCSI.Response.incorrectLUN)
        case .unit(let id, let lun):
            guard let target = addressable(id) else { return .failure(VirtioSCSI.Response.badTarget) }
            guard UInt32(lun) <= options.maxLUN else { return .failure(VirtioSCSI.Response.incorrectLUN) }
            return .success(target: target, id: id, lun: lun)
        }
    }

    private func taskManagement(subtype: UInt32, lunField: UInt64, tag: UInt64) -> UInt8 {
        let target: SCSITarget
        let id: UInt8
        let lun: UInt16
        switch resolve(lunField) {
        case .failure(let code):
            return code
        case .success(let found, let foundID, let foundLUN):
            (target, id, lun) = (found.takeUnretainedValue(), foundID, foundLUN)
        }
        let aborted = VirtioSCSI.Response.aborted
        if subtype != VirtioSCSI.TMF.itNexusReset && target[Int(lun)] == nil {
            return VirtioSCSI.Response.incorrectLUN
        }
        switch subtype {
        case VirtioSCSI.TMF.abortTask:
            abort(response: aborted) { $0.target == id && $0.lun == lun && $0.tag == tag }
            return VirtioSCSI.Response.functionComplete
        case VirtioSCSI.TMF.abortTaskSet, VirtioSCSI.TMF.clearTaskSet:
            abort(response: aborted) { $0.target == id && $0.lun == lun }
            return VirtioSCSI.Response.functionComplete
        case VirtioSCSI.TMF.clearACA:
            // No ACA condition is ever established.
            return VirtioSCSI.Response.functionComplete
        case VirtioSCSI.TMF.itNexusReset:
            abort(response: aborted) { $0.target == id }
            return VirtioSCSI.Response.functionComplete
        case VirtioSCSI.TMF.logicalUnitReset:
            abort(response: aborted) { $0.target == id && $0.lun == lun }
            target[Int(lun)]?.reset(.logicalUnit)
            return VirtioSCSI.Response.functionComplete
        case VirtioSCSI.TMF.queryTask:
            return held.contains { $0.target == id && $0.lun == lun && $0.tag == tag }
                ? VirtioSCSI.Response.functionSucceeded : VirtioSCSI.Response.functionComplete
        case VirtioSCSI.TMF.queryTaskSet:
            return held.contains { $0.target == id && $0.lun == lun }
                ? VirtioSCSI.Response.functionSucceeded : VirtioSCSI.Response.functionComplete
        default:
            return VirtioSCSI.Response.functionRejected
        }
    }

    // MARK: - Event queue

    private func eventBuffer(_ chain: inout VirtioChain) -> VirtioDisposition {
        guard chain.writableLength >= VirtioSCSI.eventLength else {
            transport?.needsReset("virtio-scsi event buffer (descriptor \(chain.id)): \(chain.writableLength) "
                                  + "device-writable bytes, an event needs \(VirtioSCSI.eventLength)")
            return .complete(written: 0)
        }
        if eventsMissed {
            // Tell the driver at once that events were lost, so it rescans.
            eventsMissed = false
            var event = Self.eventBytes(VirtioSCSI.Event.none | VirtioSCSI.Event.missed, lunField: 0, reason: 0)
            withUnsafeBytes(of: &event) { _ = chain.copyIn(offset: 0, from: $0) }
            eventsDelivered &+= 1
            return .complete(written: UInt32(VirtioSCSI.eventLength))
        }
        guard eventBuffers.count < Int(options.queueSize) else { return .complete(written: 0) }
        var buffer = EventBuffer(id: chain.id, pieces: VirtioGuestPieces())
        chain.writablePhysicalPieces(count: VirtioSCSI.eventLength, into: &buffer.pieces)
        eventBuffers.append(buffer)
        return .hold(written: 0)
    }

    /// Writes an event into the oldest posted buffer and completes it; without one, remembers
    /// that events were missed.
    @discardableResult
    private func emit(_ type: UInt32, target: UInt8, lun: UInt16, reason: UInt32) -> Bool {
        guard let transport, !eventBuffers.isEmpty else {
            eventsMissed = true
            eventsLost &+= 1
            return false
        }
        let buffer = eventBuffers.removeFirst()
        let code = eventsMissed ? type | VirtioSCSI.Event.missed : type
        eventsMissed = false
        var lunBytes = VirtioSCSI.encodeLUN(target: target, lun: lun)
        let lunField = withUnsafeBytes(of: &lunBytes) { $0.loadUnaligned(as: UInt64.self) }
        var event = Self.eventBytes(code, lunField: UInt64(littleEndian: lunField), reason: reason)
        let stored = withUnsafeBytes(of: &event) { buffer.pieces.write($0, through: transport) }
        transport.complete(queue: VirtioSCSI.eventQueue, id: buffer.id,
                           written: stored ? UInt32(VirtioSCSI.eventLength) : 0)
        eventsDelivered &+= 1
        return stored
    }

    /// The 16 bytes of an event, little-endian.
    private static func eventBytes(_ event: UInt32, lunField: UInt64, reason: UInt32) -> (UInt32, UInt32, UInt32, UInt32) {
        (event.littleEndian, UInt32(truncatingIfNeeded: lunField).littleEndian,
         UInt32(truncatingIfNeeded: lunField >> 32).littleEndian, reason.littleEndian)
    }

    // MARK: - Configuration space

    private func negotiatedFeature(_ bit: Int) -> Bool { negotiated & (1 << UInt64(bit)) != 0 }

    private func storeSizes() {
        VirtioConfigBytes.write(&config, offset: VirtioSCSI.ConfigOffset.senseSize, width: 4, value: UInt64(senseSize))
        VirtioConfigBytes.write(&config, offset: VirtioSCSI.ConfigOffset.cdbSize, width: 4, value: UInt64(cdbSize))
    }

    private func buildConfig() -> [UInt8] {
        typealias At = VirtioSCSI.ConfigOffset
        var bytes = [UInt8](repeating: 0, count: At.size)
        func put(_ offset: Int, _ width: Int, _ value: UInt64) {
            VirtioConfigBytes.write(&bytes, offset: offset, width: width, value: value)
        }
        put(At.numQueues, 4, UInt64(options.requestQueues))
        put(At.segMax, 4, UInt64(options.effectiveSegMax))
        put(At.maxSectors, 4, UInt64(options.maxSectors))
        put(At.cmdPerLUN, 4, UInt64(options.commandsPerLUN))
        put(At.eventInfoSize, 4, UInt64(VirtioSCSI.eventLength))
        put(At.senseSize, 4, UInt64(senseSize))
        put(At.cdbSize, 4, UInt64(cdbSize))
        put(At.maxChannel, 2, 0)
        put(At.maxTarget, 2, UInt64(options.maxTarget))
        put(At.maxLUN, 4, UInt64(options.maxLUN))
        return bytes
    }
}
