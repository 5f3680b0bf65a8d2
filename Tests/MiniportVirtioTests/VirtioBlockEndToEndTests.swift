import Testing
import MiniportPlatform
import MiniportSCSI
@testable import MiniportVirtio

/// A test-side driver for any backend behind a real `VirtioPCIDevice` on a machine: modern
/// capabilities, split queues, guest buffers in DMA memory (the transport's TestQueue rings).
final class BackendPCIDriver {
    let machine = Machine()
    let device: VirtioPCIDevice
    let function: PCIFunction
    let data: PhysicalMemory.DMARegion
    var capabilities: [UInt8: (bar: Int, offset: UInt32, extra: UInt32)] = [:]
    var queues: [Int: TestQueue] = [:]

    init(_ backend: any VirtioBackend) throws {
        device = VirtioPCIDevice(backend: backend, flavor: .modern)
        function = try machine.plug(device, slot: 3)
        data = machine.memory.allocateDMA(length: 0x20000, label: "buffers")!
        var at = Int(function.configRead(offset: 0x34, width: 1))
        var walked = 0
        while at != 0, walked < 48 {
            walked += 1
            if function.configRead(offset: at, width: 1) == 0x09 {
                let type = UInt8(function.configRead(offset: at + 3, width: 1))
                capabilities[type] = (Int(function.configRead(offset: at + 4, width: 1)),
                                      function.configRead(offset: at + 8, width: 4),
                                      function.configRead(offset: at + 2, width: 1) >= 20
                                          ? function.configRead(offset: at + 16, width: 4) : 0)
            }
            at = Int(function.configRead(offset: at + 1, width: 1))
        }
    }

    func address(_ type: UInt8, _ offset: Int) -> UInt64 {
        let cap = capabilities[type]!
        return function.barAddress(cap.bar) + UInt64(cap.offset) + UInt64(offset)
    }

    func common(_ offset: Int, _ width: Int) -> UInt64 {
        machine.memorySpace.read(address(VirtioPCICapType.commonConfig, offset), width: width)
    }

    func setCommon(_ offset: Int, _ width: Int, _ value: UInt64) {
        machine.memorySpace.write(address(VirtioPCICapType.commonConfig, offset), width: width, value: value)
    }

    func deviceConfig(_ offset: Int, _ width: Int) -> UInt64 {
        machine.memorySpace.read(address(VirtioPCICapType.deviceConfig, offset), width: width)
    }

    var status: UInt8 { UInt8(common(VirtioCommonConfig.deviceStatus, 1)) }
    func setStatus(_ value: UInt8) { setCommon(VirtioCommonConfig.deviceStatus, 1, UInt64(value)) }

    /// Negotiates `features` (+ VERSION_1), enables `queueCount` queues and sets DRIVER_OK.
    func start(features: UInt64, queueCount: Int) {
        setStatus(0)
        setStatus(VirtioStatus.acknowledge | VirtioStatus.driver)
        let all = features | VirtioFeature.version1
        setCommon(VirtioCommonConfig.driverFeatureSelect, 4, 0)
        setCommon(VirtioCommonConfig.driverFeature, 4, all & 0xFFFF_FFFF)
        setCommon(VirtioCommonConfig.driverFeatureSelect, 4, 1)
        setCommon(VirtioCommonConfig.driverFeature, 4, all >> 32)
        setStatus(VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.featuresOK)
        for index in 0..<queueCount {
            let region = machine.memory.allocateDMA(length: 0x3000, label: "queue \(index)")!
            let queue = TestQueue(index: index, size: 16, packed: false, region: region)
            setCommon(VirtioCommonConfig.queueSelect, 2, UInt64(index))
            setCommon(VirtioCommonConfig.queueSize, 2, 16)
            for (offset, value) in [(VirtioCommonConfig.queueDesc, queue.desc), (VirtioCommonConfig.queueDriver, queue.driver),
                                    (VirtioCommonConfig.queueDevice, queue.deviceArea)] {
                setCommon(offset, 4, value & 0xFFFF_FFFF)
                setCommon(offset + 4, 4, value >> 32)
            }
            setCommon(VirtioCommonConfig.queueEnable, 2, 1)
            queues[index] = queue
        }
        setStatus(VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.featuresOK | VirtioStatus.driverOK)
    }

    func notify(_ index: Int) {
        let cap = capabilities[VirtioPCICapType.notifyConfig]!
        setCommon(VirtioCommonConfig.queueSelect, 2, UInt64(index))
        let off = common(VirtioCommonConfig.queueNotifyOff, 2)
        machine.memorySpace.write(function.barAddress(cap.bar) + UInt64(cap.offset) + off * UInt64(cap.extra),
                                  width: 2, value: UInt64(index))
    }

    /// Submits `buffers` on `queue` and notifies; returns the head.
    @discardableResult
    func submit(_ queue: Int, _ buffers: [Buffer]) -> UInt16 {
        let head = queues[queue]!.submit(buffers)
        notify(queue)
        return head
    }

    func used(_ queue: Int) -> [(id: UInt32, length: UInt32)] { queues[queue]!.takeUsed() }

    func at(_ offset: Int) -> UInt64 { data.physicalAddress + UInt64(offset) }
    func fill(_ offset: Int, _ bytes: [UInt8]) { for (index, byte) in bytes.enumerated() { data.bytes[offset + index] = byte } }
    func bytes(_ offset: Int, _ count: Int) -> [UInt8] { Array(data.bytes[offset..<(offset + count)]) }
}

@Suite struct VirtioBlockEndToEndTests {
    @Test func requestsThroughThePCITransport() throws {
        let store = try RAMBlockStore(blockCount: 256)
        let pci = try BackendPCIDriver(VirtioBlockBackend(store: store))
        #expect(pci.function.configRead(offset: 2, width: 2) == 0x1042)
        #expect(pci.deviceConfig(VirtioBlock.ConfigOffset.capacity, 8) == 256)
        #expect(pci.deviceConfig(VirtioBlock.ConfigOffset.blockSize, 4) == 512)
        pci.start(features: 1 << 9, queueCount: 1)
        #expect(pci.status & VirtioStatus.driverOK != 0)

        let data = BlockRequest.pattern(1024, seed: 11)
        pci.fill(0, BlockRequest.header(VirtioBlock.RequestType.write, sector: 40))
        pci.fill(0x100, data)
        let write = pci.submit(0, [Buffer(address: pci.at(0), length: 16, writable: false),
                                   Buffer(address: pci.at(0x100), length: 1024, writable: false),
                                   Buffer(address: pci.at(0x600), length: 1, writable: true)])
        let used = pci.used(0)
        #expect(used.count == 1 && used[0].id == UInt32(write) && used[0].length == 1)
        #expect(pci.bytes(0x600, 1) == [VirtioBlock.Status.ok])

        pci.fill(0x700, BlockRequest.header(VirtioBlock.RequestType.read, sector: 40))
        pci.submit(0, [Buffer(address: pci.at(0x700), length: 16, writable: false),
                       Buffer(address: pci.at(0x1000), length: 1024, writable: true),
                       Buffer(address: pci.at(0x1400), length: 1, writable: true)])
        #expect(pci.used(0).map(\.length) == [1025])
        #expect(pci.bytes(0x1000, 1024) == data && pci.bytes(0x1400, 1) == [VirtioBlock.Status.ok])

        // A held completion stays outstanding until a device reset drops it.
        pci.device.faults.inject(.timeout, count: 1)
        pci.fill(0x1500, BlockRequest.header(VirtioBlock.RequestType.flush))
        pci.submit(0, [Buffer(address: pci.at(0x1500), length: 16, writable: false),
                       Buffer(address: pci.at(0x1600), length: 1, writable: true)])
        #expect(pci.used(0).isEmpty && pci.device.outstandingCommands == 1)
        pci.setStatus(0)
        #expect(pci.device.outstandingCommands == 0)
    }

    @Test func shortHeaderSetsDeviceNeedsReset() throws {
        let pci = try BackendPCIDriver(VirtioBlockBackend(store: try RAMBlockStore(blockCount: 16)))
        pci.start(features: 0, queueCount: 1)
        pci.submit(0, [Buffer(address: pci.at(0), length: 8, writable: false),
                       Buffer(address: pci.at(0x100), length: 1, writable: true)])
        #expect(pci.status & VirtioStatus.deviceNeedsReset != 0)
    }
}
