import Testing
import MiniportPlatform
@testable import MiniportVirtio

/// Each malformed ring sets DEVICE_NEEDS_RESET, raises the configuration interrupt, is reported
/// once as a protocol violation, and leaves the queue stopped (no hang, nothing posted).
@Suite struct VirtioHostileRingTests {
    enum Case: String, CaseIterable {
        case descriptorLoop
        case nextOutOfRange
        case headOutOfRange
        case availIndexJump
        case indirectInIndirect
        case indirectLengthNotMultiple
        case indirectTooLong
        case indirectLoop
        case indirectWithoutFeature
        case indirectWithNext
        case pastMappedMemory
        case writableBeforeReadable
        case writableOverlapsRings
        case packedChainTooLong
        case packedUnavailableContinuation
        case packedIndirectInIndirect

        /// A word the violation detail must contain.
        var keyword: String {
            switch self {
            case .descriptorLoop, .indirectLoop: return "loop"
            case .nextOutOfRange: return "outside the table"
            case .headOutOfRange: return "head descriptor"
            case .availIndexJump: return "ahead"
            case .indirectInIndirect, .packedIndirectInIndirect: return "inside an indirect table"
            case .indirectLengthNotMultiple: return "multiple of 16"
            case .indirectTooLong: return "longer than the queue size"
            case .indirectWithoutFeature: return "RING_INDIRECT_DESC"
            case .indirectWithNext: return "INDIRECT and NEXT"
            case .pastMappedMemory: return "not memory the device can reach"
            case .writableBeforeReadable: return "follows a device-writable"
            case .writableOverlapsRings: return "overlaps the queue's own rings"
            case .packedChainTooLong: return "longer than the queue size"
            case .packedUnavailableContinuation: return "not made available"
            }
        }

        var packed: Bool { rawValue.hasPrefix("packed") }
    }

    @Test(arguments: Case.allCases)
    func hostileRing(_ hostile: Case) throws {
        let driver = try VirtioTestDriver()
        let features = hostile == .indirectWithoutFeature ? 0 : VirtioFeature.ringIndirectDesc
        let queue = driver.start(features, packed: hostile.packed)
        let table = driver.buffer(0x1000)
        let tableHost = driver.data.hostAddress + 0x1000
        let read = Buffer(address: driver.buffer(0), length: 4, writable: false)
        let write = Buffer(address: driver.buffer(0x100), length: 4, writable: true)
        let size = Int(queue.size)
        switch hostile {
        case .descriptorLoop:
            queue.splitDescriptor(0, address: read.address, length: 4, flags: VirtqFlag.next, next: 1)
            queue.splitDescriptor(1, address: read.address, length: 4, flags: VirtqFlag.next, next: 0)
            queue.publish(0)
        case .nextOutOfRange:
            queue.splitDescriptor(0, address: read.address, length: 4, flags: VirtqFlag.next, next: UInt16(size))
            queue.publish(0)
        case .headOutOfRange:
            queue.publish(UInt16(size + 3))
        case .availIndexJump:
            queue.put16(0x1000 + 2, UInt16(size + 1))
        case .indirectInIndirect:
            TestQueue.descriptor(tableHost, 0, address: table, length: 16, flags: VirtqFlag.indirect)
            queue.splitDescriptor(0, address: table, length: 16, flags: VirtqFlag.indirect)
            queue.publish(0)
        case .indirectLengthNotMultiple:
            queue.splitDescriptor(0, address: table, length: 24, flags: VirtqFlag.indirect)
            queue.publish(0)
        case .indirectTooLong:
            queue.splitDescriptor(0, address: table, length: UInt32(16 * (size + 1)), flags: VirtqFlag.indirect)
            queue.publish(0)
        case .indirectLoop:
            TestQueue.descriptor(tableHost, 0, address: read.address, length: 4, flags: VirtqFlag.next, next: 1)
            TestQueue.descriptor(tableHost, 1, address: read.address, length: 4, flags: VirtqFlag.next, next: 0)
            queue.splitDescriptor(0, address: table, length: 32, flags: VirtqFlag.indirect)
            queue.publish(0)
        case .indirectWithoutFeature:
            queue.submitIndirect([read, write], table: table, tableHost: tableHost)
        case .indirectWithNext:
            TestQueue.descriptor(tableHost, 0, address: read.address, length: 4, flags: 0)
            queue.splitDescriptor(0, address: table, length: 16, flags: VirtqFlag.indirect | VirtqFlag.next, next: 1)
            queue.splitDescriptor(1, address: write.address, length: 4, flags: VirtqFlag.write)
            queue.publish(0)
        case .pastMappedMemory:
            queue.submit([read, Buffer(address: driver.buffer(0x100000), length: 0x200, writable: true)])
        case .writableBeforeReadable:
            queue.submit([write, read])
        case .writableOverlapsRings:
            queue.submit([read, Buffer(address: queue.deviceArea, length: 8, writable: true)])
        case .packedChainTooLong:
            // Every slot available and chained: the chain runs round the whole ring.
            for slot in 0..<size {
                TestQueue.packedDescriptor(queue.host, slot, address: read.address, length: 4,
                                           flags: VirtqFlag.next | VirtqFlag.avail)
            }
        case .packedUnavailableContinuation:
            TestQueue.packedDescriptor(queue.host, 0, address: read.address, length: 4, flags: VirtqFlag.next | VirtqFlag.avail)
        case .packedIndirectInIndirect:
            TestQueue.packedDescriptor(tableHost, 0, address: table, length: 16, flags: VirtqFlag.indirect)
            TestQueue.packedDescriptor(queue.host, 0, address: table, length: 16, flags: VirtqFlag.indirect | VirtqFlag.avail)
        }
        driver.notify(0)
        #expect(driver.status & VirtioStatus.deviceNeedsReset != 0)
        #expect(driver.function.protocolViolationCount == 1)
        let detail = driver.function.protocolViolations.last ?? ""
        #expect(detail.contains(hostile.keyword), "\(detail)")
        #expect(driver.readISR() & VirtioISR.configChange != 0)
        #expect(queue.takeUsed().isEmpty)
        #expect(driver.backend.seen.isEmpty)
        // Stopped until reset: another notification does nothing more.
        driver.notify(0)
        #expect(driver.function.protocolViolationCount == 1)
        // A reset and a fresh start work again.
        let fresh = driver.start()
        fresh.submit([read, write])
        driver.notify(0)
        #expect(fresh.takeUsed().count == 1)
    }

    @Test func ringsOutsideMemoryAtEnable() throws {
        let driver = try VirtioTestDriver()
        driver.negotiate(VirtioFeature.version1)
        driver.setCommon(VirtioCommonConfig.queueSelect, 2, 0)
        driver.setCommon(VirtioCommonConfig.queueDesc, 4, 0x10)        // below every DMA region
        driver.setCommon(VirtioCommonConfig.queueEnable, 2, 1)
        #expect(driver.common(VirtioCommonConfig.queueEnable, 2) == 0)
        #expect(driver.device.needsReset)
        #expect(driver.function.protocolViolationCount == 1)
    }

    @Test func overlappingRingAreasAtEnable() throws {
        let driver = try VirtioTestDriver()
        driver.negotiate(VirtioFeature.version1)
        let region = driver.machine.memory.allocateDMA(length: 0x3000, label: "ring")!
        driver.setCommon(VirtioCommonConfig.queueSelect, 2, 0)
        driver.setCommon(VirtioCommonConfig.queueDesc, 4, region.physicalAddress & 0xFFFF_FFFF)
        driver.setCommon(VirtioCommonConfig.queueDriver, 4, (region.physicalAddress + 0x1000) & 0xFFFF_FFFF)
        driver.setCommon(VirtioCommonConfig.queueDevice, 4, (region.physicalAddress + 0x80) & 0xFFFF_FFFF)   // inside the table
        driver.setCommon(VirtioCommonConfig.queueEnable, 2, 1)
        #expect(driver.common(VirtioCommonConfig.queueEnable, 2) == 0)
        #expect(driver.device.needsReset)
        #expect(driver.function.protocolViolations.last?.contains("overlap") == true)
    }

    @Test func badQueueSizeAtEnable() throws {
        let driver = try VirtioTestDriver()
        driver.negotiate(VirtioFeature.version1)
        let region = driver.machine.memory.allocateDMA(length: 0x3000, label: "ring")!
        driver.setCommon(VirtioCommonConfig.queueSelect, 2, 0)
        driver.setCommon(VirtioCommonConfig.queueSize, 2, 12)             // split: not a power of two
        driver.setCommon(VirtioCommonConfig.queueDesc, 4, region.physicalAddress & 0xFFFF_FFFF)
        driver.setCommon(VirtioCommonConfig.queueDriver, 4, (region.physicalAddress + 0x1000) & 0xFFFF_FFFF)
        driver.setCommon(VirtioCommonConfig.queueDevice, 4, (region.physicalAddress + 0x2000) & 0xFFFF_FFFF)
        driver.setCommon(VirtioCommonConfig.queueEnable, 2, 1)
        #expect(driver.device.needsReset)
        #expect(driver.function.protocolViolations.last?.contains("size 12") == true)
    }

    @Test func reusedHeadOverflowsOutstanding() throws {
        let backend = EchoBackend()
        let driver = try VirtioTestDriver(backend: backend)
        let queue = driver.start()
        backend.script = Array(repeating: .hold(written: 0), count: 40)
        // The driver republishes head 0 while it is held: more chains than the queue holds.
        queue.splitDescriptor(0, address: driver.buffer(0x100), length: 4, flags: VirtqFlag.write)
        for _ in 0..<16 { queue.publish(0) }
        driver.notify(0)
        for _ in 0..<16 { queue.publish(0) }
        driver.notify(0)
        #expect(driver.device.needsReset)
        #expect(driver.function.protocolViolations.last?.contains("outstanding") == true)
    }
}
