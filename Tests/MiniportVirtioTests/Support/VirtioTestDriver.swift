import MiniportPlatform
@testable import MiniportVirtio

/// A backend that copies the driver-readable bytes of each chain into its device-writable
/// bytes, or does what the test tells it for the next chains.
final class EchoBackend: VirtioBackend {
    let deviceType: UInt16
    let deviceFeatures: UInt64 = 1 << 5
    let queueCount: Int
    let maxQueueSize: UInt16
    let configSize = 8
    var config: [UInt8] = [1, 2, 3, 4, 5, 6, 7, 8]
    /// Dispositions for the next chains, in order (then echo and complete).
    var script: [VirtioDisposition] = []
    /// (queue, id, readable bytes, writable bytes) of every chain seen.
    var seen: [(queue: Int, id: UInt16, readable: Int, writable: Int)] = []
    weak var transport: VirtioTransport?
    var resets = 0
    var accepted: UInt64?
    /// Whether `seen` records chains (off for allocation counting).
    var recording = true

    init(deviceType: UInt16 = 2, queueCount: Int = 2, maxQueueSize: UInt16 = 16) {
        self.deviceType = deviceType
        self.queueCount = queueCount
        self.maxQueueSize = maxQueueSize
    }

    func readConfig(offset: Int, width: Int) -> UInt64 {
        var value: UInt64 = 0
        for byte in 0..<width { value |= UInt64(config[offset + byte]) << (8 * UInt64(byte)) }
        return value
    }

    func writeConfig(offset: Int, width: Int, value: UInt64) {
        for byte in 0..<width { config[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte))) }
    }

    func attach(_ transport: VirtioTransport) { self.transport = transport }
    func reset() { resets += 1 }
    func featuresAccepted(_ features: UInt64) { accepted = features }

    func process(queue: Int, chain: inout VirtioChain) -> VirtioDisposition {
        if recording { seen.append((queue, chain.id, chain.readableLength, chain.writableLength)) }
        var copied = 0
        var byte: UInt8 = 0
        while copied < min(chain.readableLength, chain.writableLength) {
            _ = withUnsafeMutableBytes(of: &byte) { chain.copyOut(offset: copied, into: $0) }
            _ = withUnsafeBytes(of: &byte) { chain.copyIn(offset: copied, from: $0) }
            copied += 1
        }
        if !script.isEmpty { return script.removeFirst() }
        return .complete(written: UInt32(copied))
    }
}

/// One buffer of a chain the test driver builds.
struct Buffer {
    var address: UInt64
    var length: UInt32
    var writable: Bool
}

/// A test-side virtio driver: finds the capabilities, negotiates, lays rings out in DMA
/// memory and talks to the device through its BARs.
final class VirtioTestDriver {
    struct Capability {
        var at: Int
        var bar: Int
        var offset: UInt32
        var length: UInt32
        var extra: UInt32
    }

    let machine = Machine()
    let backend: EchoBackend
    let device: VirtioPCIDevice
    let function: PCIFunction
    var capabilities: [UInt8: Capability] = [:]
    let data: PhysicalMemory.DMARegion
    var queues: [Int: TestQueue] = [:]
    var messages: [Int] = []

    init(flavor: VirtioPCIDevice.Flavor = .modern, backend: EchoBackend = EchoBackend()) throws {
        self.backend = backend
        device = VirtioPCIDevice(backend: backend, flavor: flavor)
        function = try machine.plug(device, slot: 3)
        data = machine.memory.allocateDMA(length: 0x10000, label: "buffers")!
        function.onMessage = { [unowned self] vector, _, _ in self.messages.append(vector) }
        var at = Int(function.configRead(offset: 0x34, width: 1))
        var guardCount = 0
        while at != 0, guardCount < 48 {
            guardCount += 1
            if function.configRead(offset: at, width: 1) == 0x09 {
                let type = UInt8(function.configRead(offset: at + 3, width: 1))
                let length = function.configRead(offset: at + 2, width: 1)
                capabilities[type] = Capability(at: at, bar: Int(function.configRead(offset: at + 4, width: 1)),
                                                offset: function.configRead(offset: at + 8, width: 4),
                                                length: function.configRead(offset: at + 12, width: 4),
                                                extra: length >= 20 ? function.configRead(offset: at + 16, width: 4) : 0)
            }
            at = Int(function.configRead(offset: at + 1, width: 1))
        }
    }

    // MARK: registers

    func address(_ type: UInt8, _ offset: Int) -> UInt64 {
        let cap = capabilities[type]!
        return function.barAddress(cap.bar) + UInt64(cap.offset) + UInt64(offset)
    }

    func common(_ offset: Int, _ width: Int) -> UInt64 { machine.memorySpace.read(address(VirtioPCICapType.commonConfig, offset), width: width) }
    func setCommon(_ offset: Int, _ width: Int, _ value: UInt64) {
        machine.memorySpace.write(address(VirtioPCICapType.commonConfig, offset), width: width, value: value)
    }

    var status: UInt8 { UInt8(common(VirtioCommonConfig.deviceStatus, 1)) }
    func setStatus(_ value: UInt8) { setCommon(VirtioCommonConfig.deviceStatus, 1, UInt64(value)) }
    func readISR() -> UInt8 { UInt8(machine.memorySpace.read(address(VirtioPCICapType.isrConfig, 0), width: 1)) }

    var deviceFeatures: UInt64 {
        setCommon(VirtioCommonConfig.deviceFeatureSelect, 4, 0)
        let low = common(VirtioCommonConfig.deviceFeature, 4)
        setCommon(VirtioCommonConfig.deviceFeatureSelect, 4, 1)
        return low | common(VirtioCommonConfig.deviceFeature, 4) << 32
    }

    /// Reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK; true when the device kept FEATURES_OK.
    @discardableResult
    func negotiate(_ features: UInt64) -> Bool {
        setStatus(0)
        setStatus(VirtioStatus.acknowledge)
        setStatus(VirtioStatus.acknowledge | VirtioStatus.driver)
        setCommon(VirtioCommonConfig.driverFeatureSelect, 4, 0)
        setCommon(VirtioCommonConfig.driverFeature, 4, features & 0xFFFF_FFFF)
        setCommon(VirtioCommonConfig.driverFeatureSelect, 4, 1)
        setCommon(VirtioCommonConfig.driverFeature, 4, features >> 32)
        setStatus(VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.featuresOK)
        return status & VirtioStatus.featuresOK != 0
    }

    func driverOK() {
        setStatus(VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.featuresOK | VirtioStatus.driverOK)
    }

    /// Allocates and enables queue `index` through the common configuration.
    @discardableResult
    func setUpQueue(_ index: Int, size: UInt16 = 16, packed: Bool = false, vector: UInt16 = virtioNoVector) -> TestQueue {
        let region = machine.memory.allocateDMA(length: 0x3000, label: "queue \(index)")!
        let queue = TestQueue(index: index, size: size, packed: packed, region: region)
        setCommon(VirtioCommonConfig.queueSelect, 2, UInt64(index))
        setCommon(VirtioCommonConfig.queueSize, 2, UInt64(size))
        setCommon(VirtioCommonConfig.queueMSIXVector, 2, UInt64(vector))
        for (offset, value) in [(VirtioCommonConfig.queueDesc, queue.desc), (VirtioCommonConfig.queueDriver, queue.driver),
                                (VirtioCommonConfig.queueDevice, queue.deviceArea)] {
            setCommon(offset, 4, value & 0xFFFF_FFFF)
            setCommon(offset + 4, 4, value >> 32)
        }
        setCommon(VirtioCommonConfig.queueEnable, 2, 1)
        queues[index] = queue
        return queue
    }

    /// Negotiates `features` (VERSION_1 added), sets queue 0 up and sets DRIVER_OK.
    @discardableResult
    func start(_ features: UInt64 = 0, packed: Bool = false, vector: UInt16 = virtioNoVector) -> TestQueue {
        negotiate(features | VirtioFeature.version1 | (packed ? VirtioFeature.ringPacked : 0))
        let queue = setUpQueue(0, packed: packed, vector: vector)
        driverOK()
        return queue
    }

    func notify(_ index: Int) {
        let cap = capabilities[VirtioPCICapType.notifyConfig]!
        setCommon(VirtioCommonConfig.queueSelect, 2, UInt64(index))
        let off = common(VirtioCommonConfig.queueNotifyOff, 2)
        machine.memorySpace.write(function.barAddress(cap.bar) + UInt64(cap.offset) + off * UInt64(cap.extra), width: 2,
                                  value: UInt64(index))
    }

    // MARK: legacy

    func legacy(_ offset: Int, _ width: Int) -> UInt64 { machine.ioSpace.read(function.barAddress(0) + UInt64(offset), width: width) }
    func setLegacy(_ offset: Int, _ width: Int, _ value: UInt64) {
        machine.ioSpace.write(function.barAddress(0) + UInt64(offset), width: width, value: value)
    }

    // MARK: buffers

    /// Physical address of byte `offset` of the data region.
    func buffer(_ offset: Int) -> UInt64 { data.physicalAddress + UInt64(offset) }
    func bytes(_ offset: Int, _ count: Int) -> [UInt8] { (0..<count).map { data.bytes[offset + $0] } }
    func fill(_ offset: Int, _ values: [UInt8]) { for (index, value) in values.enumerated() { data.bytes[offset + index] = value } }
}

/// The driver's side of one queue: ring memory and its own indices.
final class TestQueue {
    let index: Int
    let size: UInt16
    let packed: Bool
    let region: PhysicalMemory.DMARegion
    var nextDescriptor = 0
    var availIndex: UInt16 = 0
    var lastUsed: UInt16 = 0
    // Packed.
    var availPosition = 0
    var availWrap = true
    var usedPosition = 0
    var usedWrap = true
    var chainLengths: [UInt16: Int] = [:]

    init(index: Int, size: UInt16, packed: Bool, region: PhysicalMemory.DMARegion) {
        self.index = index
        self.size = size
        self.packed = packed
        self.region = region
    }

    var desc: UInt64 { region.physicalAddress }
    var driver: UInt64 { region.physicalAddress + 0x1000 }
    var deviceArea: UInt64 { region.physicalAddress + 0x2000 }
    var host: UnsafeMutableRawPointer { region.hostAddress }

    func put16(_ offset: Int, _ value: UInt16) { host.storeBytes(of: value.littleEndian, toByteOffset: offset, as: UInt16.self) }
    func get16(_ offset: Int) -> UInt16 { UInt16(littleEndian: host.loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    func get32(_ offset: Int) -> UInt32 { UInt32(littleEndian: host.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }

    /// Writes a 16-byte descriptor (split layout when `next` is given, packed with `id`).
    static func descriptor(_ base: UnsafeMutableRawPointer, _ slot: Int, address: UInt64, length: UInt32, flags: UInt16,
                           next: UInt16 = 0) {
        let entry = base.advanced(by: 16 * slot)
        entry.storeBytes(of: address.littleEndian, as: UInt64.self)
        entry.storeBytes(of: length.littleEndian, toByteOffset: 8, as: UInt32.self)
        entry.storeBytes(of: flags.littleEndian, toByteOffset: 12, as: UInt16.self)
        entry.storeBytes(of: next.littleEndian, toByteOffset: 14, as: UInt16.self)
    }

    /// Writes a 16-byte packed descriptor (address, length, buffer ID, flags).
    static func packedDescriptor(_ base: UnsafeMutableRawPointer, _ slot: Int, address: UInt64, length: UInt32,
                                 id: UInt16 = 0, flags: UInt16) {
        descriptor(base, slot, address: address, length: length, flags: id, next: flags)
    }

    // MARK: split

    /// Writes raw split descriptor `slot`.
    func splitDescriptor(_ slot: Int, address: UInt64, length: UInt32, flags: UInt16, next: UInt16 = 0) {
        Self.descriptor(host, slot, address: address, length: length, flags: flags, next: next)
    }

    /// Makes head `head` available (avail ring entry and index).
    func publish(_ head: UInt16) {
        put16(0x1000 + 4 + 2 * Int(availIndex % size), head)
        availIndex &+= 1
        put16(0x1000 + 2, availIndex)
    }

    /// Builds a direct chain from free descriptors and publishes it; returns the head.
    @discardableResult
    func submit(_ buffers: [Buffer]) -> UInt16 {
        let head = UInt16(nextDescriptor)
        for (position, buffer) in buffers.enumerated() {
            let slot = (nextDescriptor + position) % Int(size)
            let last = position == buffers.count - 1
            splitDescriptor(slot, address: buffer.address, length: buffer.length,
                            flags: (buffer.writable ? VirtqFlag.write : 0) | (last ? 0 : VirtqFlag.next),
                            next: UInt16((slot + 1) % Int(size)))
        }
        nextDescriptor = (nextDescriptor + buffers.count) % Int(size)
        publish(head)
        return head
    }

    /// Writes `buffers` as an indirect table at `table` (host `tableHost`) and publishes one
    /// descriptor pointing at it.
    @discardableResult
    func submitIndirect(_ buffers: [Buffer], table: UInt64, tableHost: UnsafeMutableRawPointer) -> UInt16 {
        for (position, buffer) in buffers.enumerated() {
            let last = position == buffers.count - 1
            Self.descriptor(tableHost, position, address: buffer.address, length: buffer.length,
                            flags: (buffer.writable ? VirtqFlag.write : 0) | (last ? 0 : VirtqFlag.next), next: UInt16(position + 1))
        }
        let head = UInt16(nextDescriptor)
        splitDescriptor(Int(head), address: table, length: UInt32(16 * buffers.count), flags: VirtqFlag.indirect)
        nextDescriptor = (nextDescriptor + 1) % Int(size)
        publish(head)
        return head
    }

    var usedIndex: UInt16 { get16(0x2000 + 2) }
    /// Used entries posted since the last call: (id, len).
    func takeUsed() -> [(id: UInt32, length: UInt32)] {
        if packed { return takePackedUsed() }
        var result: [(UInt32, UInt32)] = []
        while lastUsed != usedIndex {
            let slot = 0x2000 + 4 + 8 * Int(lastUsed % size)
            result.append((get32(slot), get32(slot + 4)))
            lastUsed &+= 1
        }
        return result
    }

    /// used_event (split, in the available ring).
    func setUsedEvent(_ value: UInt16) { put16(0x1000 + 4 + 2 * Int(size), value) }
    /// avail_event (split, in the used ring).
    var availEvent: UInt16 { get16(0x2000 + 4 + 8 * Int(size)) }

    // MARK: packed

    /// Writes a chain into the packed ring under buffer `id` (head flags last).
    func submitPacked(_ buffers: [Buffer], id: UInt16) {
        var headFlags: UInt16 = 0
        let headSlot = availPosition
        for (position, buffer) in buffers.enumerated() {
            let last = position == buffers.count - 1
            let flags = (buffer.writable ? VirtqFlag.write : 0) | (last ? 0 : VirtqFlag.next)
                | (availWrap ? VirtqFlag.avail : VirtqFlag.used)
            Self.descriptor(host, availPosition, address: buffer.address, length: buffer.length,
                            flags: position == 0 ? 0 : flags, next: 0)
            put16(16 * availPosition + 12, id)
            if position == 0 { headFlags = flags } else { put16(16 * availPosition + 14, flags) }
            availPosition += 1
            if availPosition == Int(size) {
                availPosition = 0
                availWrap.toggle()
            }
        }
        put16(16 * headSlot + 14, headFlags)
        chainLengths[id] = buffers.count
    }

    /// One packed descriptor pointing at an indirect table.
    func submitPackedIndirect(_ buffers: [Buffer], id: UInt16, table: UInt64, tableHost: UnsafeMutableRawPointer) {
        for (position, buffer) in buffers.enumerated() {
            Self.packedDescriptor(tableHost, position, address: buffer.address, length: buffer.length,
                                  flags: buffer.writable ? VirtqFlag.write : 0)
        }
        let flags = VirtqFlag.indirect | (availWrap ? VirtqFlag.avail : VirtqFlag.used)
        Self.descriptor(host, availPosition, address: table, length: UInt32(16 * buffers.count), flags: 0)
        put16(16 * availPosition + 12, id)
        put16(16 * availPosition + 14, flags)
        availPosition += 1
        if availPosition == Int(size) {
            availPosition = 0
            availWrap.toggle()
        }
        chainLengths[id] = 1
    }

    private func takePackedUsed() -> [(id: UInt32, length: UInt32)] {
        var result: [(UInt32, UInt32)] = []
        while true {
            let flags = get16(16 * usedPosition + 14)
            let avail = flags & VirtqFlag.avail != 0
            let used = flags & VirtqFlag.used != 0
            guard avail == usedWrap, used == usedWrap else { break }
            let id = get16(16 * usedPosition + 12)
            result.append((UInt32(id), get32(16 * usedPosition + 8)))
            usedPosition += chainLengths[id] ?? 1
            if usedPosition >= Int(size) {
                usedPosition -= Int(size)
                usedWrap.toggle()
            }
        }
        return result
    }

    /// The driver event suppression structure (packed).
    func setDriverEvent(flags: UInt16, offWrap: UInt16 = 0) {
        put16(0x1000, offWrap)
        put16(0x1000 + 2, flags)
    }
}
