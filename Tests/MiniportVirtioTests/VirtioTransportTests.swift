import Testing
import MiniportPlatform
@testable import MiniportVirtio

@Suite struct VirtioTransportTests {
    @Test func modernIdentityAndCapabilities() throws {
        let driver = try VirtioTestDriver()
        let function = driver.function
        #expect(function.configRead(offset: 0, width: 2) == 0x1AF4)
        #expect(function.configRead(offset: 2, width: 2) == 0x1042)
        #expect(function.configRead(offset: 8, width: 1) == 1)
        #expect(function.configRead(offset: 0x2E, width: 2) == 2)
        #expect(function.configRead(offset: 6, width: 2) & 0x10 != 0)
        for type in [VirtioPCICapType.commonConfig, VirtioPCICapType.notifyConfig, VirtioPCICapType.isrConfig,
                     VirtioPCICapType.deviceConfig] {
            #expect(driver.capabilities[type]?.bar == 0)
        }
        #expect(driver.capabilities[VirtioPCICapType.pciConfigAccess] != nil)
        #expect(driver.capabilities[VirtioPCICapType.notifyConfig]?.extra == VirtioBARLayout.notifyOffMultiplier)
        #expect(driver.device.bars.map(\.kind) == [.memory32, .memory32])
        let msix = try #require(function.msixCapabilityOffset)
        #expect(function.configRead(offset: msix + 2, width: 2) & 0x7FF == 2)   // 3 vectors: 2 queues + config
        #expect(driver.common(VirtioCommonConfig.numQueues, 2) == 2)
        #expect(driver.deviceFeatures == VirtioFeature.transportOffered | 1 << 5)
    }

    @Test func transitionalIdentityAndLegacyBlock() throws {
        let driver = try VirtioTestDriver(flavor: .transitional)
        #expect(driver.function.configRead(offset: 2, width: 2) == 0x1001)
        #expect(driver.function.configRead(offset: 0x2E, width: 2) == 2)
        #expect(driver.function.configRead(offset: 8, width: 1) == 0)
        #expect(driver.device.bars[0].kind == .io)
        #expect(driver.capabilities[VirtioPCICapType.commonConfig]?.bar == 2)
        #expect(driver.legacy(VirtioLegacyRegister.hostFeatures, 4) == (VirtioFeature.transportOffered | 1 << 5) & 0xFFFF_FFFF)
        #expect(driver.legacy(VirtioLegacyRegister.queueSize, 2) == 16)
        // Device configuration follows the header at 0x14 without MSI-X.
        #expect(driver.legacy(VirtioLegacyRegister.deviceConfig, 4) == 0x0403_0201)
        let scsi = try VirtioTestDriver(flavor: .transitional, backend: EchoBackend(deviceType: 8))
        #expect(scsi.function.configRead(offset: 2, width: 2) == 0x1004)
        #expect(scsi.function.configRead(offset: 0x2E, width: 2) == 8)
    }

    @Test func featureNegotiation() throws {
        let driver = try VirtioTestDriver()
        #expect(!driver.negotiate(0))                                         // no VERSION_1
        #expect(!driver.negotiate(VirtioFeature.version1 | 1 << 7))           // not offered
        #expect(driver.negotiate(VirtioFeature.version1 | 1 << 5 | VirtioFeature.ringEventIdx))
        #expect(driver.backend.accepted == VirtioFeature.version1 | 1 << 5 | VirtioFeature.ringEventIdx)
        #expect(driver.device.negotiatedFeatures == VirtioFeature.version1 | 1 << 5 | VirtioFeature.ringEventIdx)
        // Features are frozen after FEATURES_OK.
        driver.setCommon(VirtioCommonConfig.driverFeatureSelect, 4, 0)
        driver.setCommon(VirtioCommonConfig.driverFeature, 4, 0)
        #expect(driver.common(VirtioCommonConfig.driverFeature, 4) == 1 << 5 | VirtioFeature.ringEventIdx)
    }

    @Test func statusMachine() throws {
        let driver = try VirtioTestDriver()
        driver.start()
        #expect(driver.status == VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.featuresOK | VirtioStatus.driverOK)
        let resets = driver.device.resetsPerformed
        driver.setStatus(0)
        #expect(driver.status == 0)
        #expect(driver.device.resetsPerformed == resets + 1)
        #expect(driver.common(VirtioCommonConfig.queueEnable, 2) == 0)
        #expect(driver.backend.resets >= 1)
        // DRIVER_OK without FEATURES_OK breaks the protocol.
        driver.setStatus(VirtioStatus.acknowledge | VirtioStatus.driver)
        driver.setStatus(VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.driverOK)
        #expect(driver.status & VirtioStatus.deviceNeedsReset != 0)
        #expect(driver.function.protocolViolationCount == 1)
        // Queue setup after DRIVER_OK is refused (and reported), the queue stays as it was.
        driver.start()
        driver.setCommon(VirtioCommonConfig.queueSelect, 2, 1)
        driver.setCommon(VirtioCommonConfig.queueSize, 2, 4)
        #expect(driver.common(VirtioCommonConfig.queueSize, 2) == 16)
        #expect(driver.function.protocolViolationCount == 2)
        // A vector the table lacks reads back NO_VECTOR.
        driver.setCommon(VirtioCommonConfig.configMSIXVector, 2, 9)
        #expect(driver.common(VirtioCommonConfig.configMSIXVector, 2) == 0xFFFF)
    }

    @Test func configurationGenerationAndInterrupt() throws {
        let driver = try VirtioTestDriver()
        driver.start()
        let generation = driver.common(VirtioCommonConfig.configGeneration, 1)
        #expect(driver.machine.memorySpace.read(driver.address(VirtioPCICapType.deviceConfig, 2), width: 2) == 0x0403)
        driver.device.configChanged()
        #expect(driver.common(VirtioCommonConfig.configGeneration, 1) == (generation + 1) & 0xFF)
        #expect(driver.function.interrupt?.isAsserted == true)
        #expect(driver.readISR() == VirtioISR.configChange)
        #expect(driver.function.interrupt?.isAsserted == false)
        #expect(driver.readISR() == 0)
    }

    @Test func splitEchoWithINTx() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start()
        driver.fill(0, [10, 20, 30, 40, 50])
        let head = queue.submit([Buffer(address: driver.buffer(0), length: 3, writable: false),
                                 Buffer(address: driver.buffer(3), length: 2, writable: false),
                                 Buffer(address: driver.buffer(0x100), length: 8, writable: true)])
        driver.notify(0)
        let used = queue.takeUsed()
        #expect(used.count == 1 && used.first?.id == UInt32(head) && used.first?.length == 5)
        #expect(driver.bytes(0x100, 5) == [10, 20, 30, 40, 50])
        #expect(driver.function.interrupt?.isAsserted == true)
        #expect(driver.readISR() == VirtioISR.queue)
        #expect(driver.function.interrupt?.isAsserted == false)
        #expect(driver.device.chainsCompleted == 1)
    }

    @Test func splitIndirectAndEventIndex() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start(VirtioFeature.ringIndirectDesc | VirtioFeature.ringEventIdx)
        driver.fill(0, [1, 2, 3, 4])
        queue.setUsedEvent(1)   // interrupt only once the used index passes 1
        let head = queue.submitIndirect([Buffer(address: driver.buffer(0), length: 4, writable: false),
                                         Buffer(address: driver.buffer(0x200), length: 4, writable: true)],
                                        table: driver.buffer(0x1000), tableHost: driver.data.hostAddress + 0x1000)
        driver.notify(0)
        #expect(queue.takeUsed().map(\.id) == [UInt32(head)])
        #expect(driver.bytes(0x200, 4) == [1, 2, 3, 4])
        #expect(driver.device.pendingISR == 0)            // used_event 1 not reached by used idx 1
        #expect(queue.availEvent == 1)                     // the device asks to be notified of entry 1
        queue.submit([Buffer(address: driver.buffer(0), length: 2, writable: false),
                      Buffer(address: driver.buffer(0x300), length: 2, writable: true)])
        driver.notify(0)
        #expect(queue.takeUsed().count == 1)
        #expect(driver.device.pendingISR == VirtioISR.queue)
        #expect(queue.availEvent == 2)
    }

    @Test func splitNoInterruptFlag() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start()
        queue.put16(0x1000, VirtqFlag.availNoInterrupt)
        queue.submit([Buffer(address: driver.buffer(0x400), length: 4, writable: true)])
        driver.notify(0)
        #expect(queue.takeUsed().count == 1)
        #expect(driver.device.pendingISR == 0)
        #expect(driver.function.interrupt?.isAsserted == false)
    }

    @Test func packedEchoIndirectAndEvents() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start(VirtioFeature.ringIndirectDesc | VirtioFeature.ringEventIdx, packed: true)
        driver.fill(0, [7, 8, 9])
        queue.submitPacked([Buffer(address: driver.buffer(0), length: 3, writable: false),
                            Buffer(address: driver.buffer(0x100), length: 3, writable: true)], id: 5)
        driver.notify(0)
        let used = queue.takeUsed()
        #expect(used.count == 1 && used.first?.id == 5 && used.first?.length == 3)
        #expect(driver.bytes(0x100, 3) == [7, 8, 9])
        #expect(driver.readISR() == VirtioISR.queue)
        // Disabled events: no interrupt.
        queue.setDriverEvent(flags: VirtqFlag.eventDisable)
        queue.submitPackedIndirect([Buffer(address: driver.buffer(0), length: 3, writable: false),
                                    Buffer(address: driver.buffer(0x180), length: 3, writable: true)],
                                   id: 9, table: driver.buffer(0x1000), tableHost: driver.data.hostAddress + 0x1000)
        driver.notify(0)
        #expect(queue.takeUsed().map(\.id) == [9])
        #expect(driver.bytes(0x180, 3) == [7, 8, 9])
        #expect(driver.device.pendingISR == 0)
        // Descriptor event at ring slot 4 (wrap 1): entries at slots 3 and 4 interrupt only at 4.
        queue.setDriverEvent(flags: VirtqFlag.eventDesc, offWrap: 0x8000 | 4)
        queue.submitPacked([Buffer(address: driver.buffer(0x200), length: 1, writable: true)], id: 1)
        driver.notify(0)
        #expect(queue.takeUsed().count == 1)
        #expect(driver.device.pendingISR == 0)
        queue.submitPacked([Buffer(address: driver.buffer(0x200), length: 1, writable: true)], id: 2)
        driver.notify(0)
        #expect(queue.takeUsed().count == 1)
        #expect(driver.device.pendingISR == VirtioISR.queue)
    }

    @Test func packedRingWraps() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start(packed: true)
        for round in 0..<40 {
            queue.submitPacked([Buffer(address: driver.buffer(0), length: 2, writable: false),
                                Buffer(address: driver.buffer(0x100), length: 2, writable: true)], id: UInt16(round % 7))
            driver.notify(0)
            #expect(queue.takeUsed().map(\.id) == [UInt32(round % 7)])
        }
        #expect(driver.device.chainsCompleted == 40)
        #expect(!driver.device.needsReset)
    }

    @Test func msixDelivery() throws {
        let driver = try VirtioTestDriver()
        driver.function.configureMSIX(enable: true)
        driver.negotiate(VirtioFeature.version1)
        driver.setCommon(VirtioCommonConfig.configMSIXVector, 2, 0)
        let queue = driver.setUpQueue(0, vector: 1)
        driver.driverOK()
        #expect(driver.common(VirtioCommonConfig.queueMSIXVector, 2) == 1)
        queue.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        driver.notify(0)
        #expect(driver.messages == [1])
        #expect(driver.function.interrupt?.isAsserted == false)
        #expect(driver.device.pendingISR == 0)
        driver.device.configChanged()
        #expect(driver.messages == [1, 0])
        // Legacy layout with MSI-X: the vectors at 0x14/0x16 are not there on a modern device,
        // but a NO_VECTOR queue sends nothing.
        driver.setCommon(VirtioCommonConfig.queueSelect, 2, 0)
        driver.setStatus(0)
        driver.negotiate(VirtioFeature.version1)
        driver.setUpQueue(0, vector: virtioNoVector).submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        driver.driverOK()
        driver.notify(0)
        #expect(driver.messages == [1, 0])
    }

    @Test func legacyDriver() throws {
        let driver = try VirtioTestDriver(flavor: .transitional)
        driver.setLegacy(VirtioLegacyRegister.deviceStatus, 1, 0)
        driver.setLegacy(VirtioLegacyRegister.deviceStatus, 1, UInt64(VirtioStatus.acknowledge | VirtioStatus.driver))
        driver.setLegacy(VirtioLegacyRegister.guestFeatures, 4, VirtioFeature.ringIndirectDesc | 1 << 5)
        #expect(driver.device.isLegacyDriver)
        #expect(driver.device.negotiatedFeatures == VirtioFeature.ringIndirectDesc | 1 << 5)
        // Legacy layout: 16 entries → descriptors 256 bytes, available ring after, used ring at +4096.
        let rings = driver.machine.memory.allocateDMA(length: 0x3000, label: "legacy ring")!
        driver.setLegacy(VirtioLegacyRegister.queueSelect, 2, 0)
        #expect(driver.legacy(VirtioLegacyRegister.queueSize, 2) == 16)
        driver.setLegacy(VirtioLegacyRegister.queueAddress, 4, rings.physicalAddress >> 12)
        #expect(driver.legacy(VirtioLegacyRegister.queueAddress, 4) == rings.physicalAddress >> 12)
        driver.setLegacy(VirtioLegacyRegister.deviceStatus, 1,
                         UInt64(VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.driverOK))
        driver.fill(0, [4, 3, 2, 1])
        TestQueue.descriptor(rings.hostAddress, 0, address: driver.buffer(0), length: 4, flags: VirtqFlag.next, next: 1)
        TestQueue.descriptor(rings.hostAddress, 1, address: driver.buffer(0x100), length: 4, flags: VirtqFlag.write)
        let avail = rings.hostAddress + 256
        avail.storeBytes(of: UInt16(0), toByteOffset: 4, as: UInt16.self)
        avail.storeBytes(of: UInt16(1), toByteOffset: 2, as: UInt16.self)
        driver.setLegacy(VirtioLegacyRegister.queueNotify, 2, 0)
        let used = rings.hostAddress + 0x1000
        #expect(used.load(fromByteOffset: 2, as: UInt16.self) == 1)
        #expect(used.load(fromByteOffset: 8, as: UInt32.self) == 4)
        #expect(driver.bytes(0x100, 4) == [4, 3, 2, 1])
        #expect(driver.function.interrupt?.isAsserted == true)
        #expect(driver.legacy(VirtioLegacyRegister.isrStatus, 1) == UInt64(VirtioISR.queue))
        #expect(driver.function.interrupt?.isAsserted == false)
        // With MSI-X enabled the vectors appear at 0x14/0x16 and the configuration moves to 0x18.
        driver.function.configureMSIX(enable: true)
        driver.setLegacy(VirtioLegacyRegister.queueMSIXVector, 2, 2)
        #expect(driver.legacy(VirtioLegacyRegister.queueMSIXVector, 2) == 2)
        #expect(driver.legacy(VirtioLegacyRegister.deviceConfigMSIX, 4) == 0x0403_0201)
    }

    @Test func modernDriverOnTransitionalDevice() throws {
        let driver = try VirtioTestDriver(flavor: .transitional)
        let queue = driver.start(packed: true)
        #expect(!driver.device.isLegacyDriver)
        driver.fill(0, [5, 6])
        queue.submitPacked([Buffer(address: driver.buffer(0), length: 2, writable: false),
                            Buffer(address: driver.buffer(0x100), length: 2, writable: true)], id: 3)
        driver.notify(0)
        #expect(queue.takeUsed().map(\.id) == [3])
        #expect(driver.bytes(0x100, 2) == [5, 6])
        // The legacy ISR register is the same ISR.
        #expect(driver.legacy(VirtioLegacyRegister.isrStatus, 1) == UInt64(VirtioISR.queue))
    }

    @Test func interruptDisableHoldsINTxLow() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start()
        let command = driver.function.configRead(offset: PCIConfigOffset.command, width: 2)
        driver.function.configWrite(offset: PCIConfigOffset.command, width: 2, value: command | 0x400)
        queue.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        driver.notify(0)
        #expect(driver.device.pendingISR == VirtioISR.queue)
        #expect(driver.function.interrupt?.isAsserted == false)
        driver.function.configWrite(offset: PCIConfigOffset.command, width: 2, value: command)
        #expect(driver.function.interrupt?.isAsserted == true)
    }

    @Test func pciConfigurationAccessWindow() throws {
        let driver = try VirtioTestDriver()
        let cap = try #require(driver.capabilities[VirtioPCICapType.pciConfigAccess])
        driver.function.configWrite(offset: cap.at + 4, width: 1, value: 0)
        driver.function.configWrite(offset: cap.at + 8, width: 4, value: UInt32(VirtioCommonConfig.numQueues))
        driver.function.configWrite(offset: cap.at + 12, width: 4, value: 2)
        #expect(driver.function.configRead(offset: cap.at + 16, width: 2) == 2)
        // A write through the window reaches the common configuration.
        driver.function.configWrite(offset: cap.at + 8, width: 4, value: UInt32(VirtioCommonConfig.deviceStatus))
        driver.function.configWrite(offset: cap.at + 12, width: 4, value: 1)
        driver.function.configWrite(offset: cap.at + 16, width: 1, value: UInt32(VirtioStatus.acknowledge))
        #expect(driver.status == VirtioStatus.acknowledge)
    }

    @Test func dispositions() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start()
        driver.backend.script = [.hold(written: 0), .delay(written: 2, nanoseconds: 1_000), .completeSilently(written: 1)]
        let held = queue.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        let delayed = queue.submit([Buffer(address: driver.buffer(0x200), length: 4, writable: true)])
        let silent = queue.submit([Buffer(address: driver.buffer(0x300), length: 4, writable: true)])
        driver.notify(0)
        #expect(queue.takeUsed().map(\.id) == [UInt32(silent)])
        #expect(driver.device.pendingISR == 0)
        #expect(driver.device.outstandingCommands == 2)
        driver.machine.clock.advance(by: 1_000)
        let late = queue.takeUsed()
        #expect(late.map(\.id) == [UInt32(delayed)] && late.first?.length == 2)
        #expect(driver.readISR() == VirtioISR.queue)
        #expect(driver.device.complete(queue: 0, id: held, written: 3))
        #expect(queue.takeUsed().map(\.id) == [UInt32(held)])
        #expect(!driver.device.complete(queue: 0, id: held, written: 3))    // only once
        #expect(driver.device.outstandingCommands == 0)
        // A reset drops what is held or delayed.
        driver.backend.script = [.hold(written: 0), .delay(written: 0, nanoseconds: 500)]
        let dropped = queue.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        queue.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        driver.notify(0)
        #expect(driver.device.outstandingCommands == 2)
        driver.setStatus(0)
        #expect(driver.device.outstandingCommands == 0)
        driver.machine.clock.advance(by: 1_000)
        #expect(!driver.device.complete(queue: 0, id: dropped, written: 0))
        #expect(queue.takeUsed().isEmpty)
    }

    @Test func queueReset() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start(VirtioFeature.ringReset)
        driver.backend.script = [.delay(written: 0, nanoseconds: 100)]
        queue.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        driver.notify(0)
        #expect(driver.device.outstandingCommands == 1)
        driver.setCommon(VirtioCommonConfig.queueSelect, 2, 0)
        driver.setCommon(VirtioCommonConfig.queueReset, 2, 1)
        #expect(driver.common(VirtioCommonConfig.queueReset, 2) == 1)
        #expect(driver.common(VirtioCommonConfig.queueEnable, 2) == 0)
        #expect(driver.device.outstandingCommands == 0)
        // Set up again after DRIVER_OK; the old delayed completion never lands.
        let fresh = driver.setUpQueue(0)
        #expect(driver.common(VirtioCommonConfig.queueReset, 2) == 0)
        #expect(driver.function.protocolViolationCount == 0)
        driver.machine.clock.advance(by: 1_000)
        #expect(fresh.takeUsed().isEmpty)
        fresh.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        driver.notify(0)
        #expect(fresh.takeUsed().count == 1)
        // Without RING_RESET negotiated the register does nothing.
        driver.start()
        driver.setCommon(VirtioCommonConfig.queueReset, 2, 1)
        #expect(driver.common(VirtioCommonConfig.queueEnable, 2) == 1)
    }

    @Test func controllerFatal() throws {
        let driver = try VirtioTestDriver()
        let queue = driver.start()
        driver.device.injectControllerFatal()
        #expect(driver.status & VirtioStatus.deviceNeedsReset != 0)
        #expect(driver.readISR() == VirtioISR.configChange)
        queue.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        driver.notify(0)
        #expect(queue.takeUsed().isEmpty)                 // stopped until reset
        let fresh = driver.start()
        fresh.submit([Buffer(address: driver.buffer(0x100), length: 4, writable: true)])
        driver.notify(0)
        #expect(fresh.takeUsed().count == 1)
    }
}
