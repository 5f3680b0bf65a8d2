import MiniportPlatform

// Register access: the virtio memory BAR (common configuration, ISR, device configuration,
// notifications), the legacy I/O block of a transitional device, and the PCI configuration
// access window.
extension VirtioPCIDevice {
    /// Reads a register of the virtio memory BAR or of the legacy I/O block; an access to another
    /// region reads all ones and is counted in ``VirtioPCIDevice/invalidRegisterAccesses``.
    public func read(region: Int, offset: UInt64, width: Int) -> UInt64 {
        serialized { readHeld(region: region, offset: offset, width: width) }
    }

    @inline(__always)
    private func readHeld(region: Int, offset: UInt64, width: Int) -> UInt64 {
        if region == modernBar { return modernRead(offset: offset, width: width) }
        if region == legacyBar { return legacyRead(offset: offset, width: width) }
        invalidRegisterAccesses += 1
        return AddressSpace.allOnes(width)
    }

    /// Writes a register of the virtio memory BAR or of the legacy I/O block; an access to another
    /// region is dropped and counted in ``VirtioPCIDevice/invalidRegisterAccesses``.
    public func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
        if deviceIsThreaded, notifyWithoutLock(region: region, offset: offset) { return }
        serialized { writeHeld(region: region, offset: offset, width: width, value: value) }
    }

    @inline(__always)
    private func writeHeld(region: Int, offset: UInt64, width: Int, value: UInt64) {
        if region == modernBar {
            modernWrite(offset: offset, width: width, value: value)
        } else if region == legacyBar {
            legacyWrite(offset: offset, width: width, value: value)
        } else {
            invalidRegisterAccesses += 1
        }
    }

    var selectedQueue: VirtioQueue? { Int(queueSelect) < queues.count ? queues[Int(queueSelect)] : nil }

    /// The vector a driver wrote, or NO_VECTOR when the table has no such entry.
    func validVector(_ value: UInt16) -> UInt16 {
        value == virtioNoVector || Int(value) < backend.queueCount + 1 ? value : virtioNoVector
    }

    // MARK: modern

    private func modernRead(offset: UInt64, width: Int) -> UInt64 {
        if interface == .undecided { interface = .modern }
        switch UInt32(truncatingIfNeeded: offset) {
        case VirtioBARLayout.commonConfig..<VirtioBARLayout.commonConfig + UInt32(VirtioCommonConfig.size):
            return commonRead(Int(offset) - Int(VirtioBARLayout.commonConfig), width: width)
        case VirtioBARLayout.isr..<VirtioBARLayout.isr + 4:
            return UInt64(readISR())
        case VirtioBARLayout.deviceConfig..<VirtioBARLayout.deviceConfig + 0x1000:
            return deviceConfigRead(Int(offset) - Int(VirtioBARLayout.deviceConfig), width: width)
        default:
            invalidRegisterAccesses += 1
            return 0
        }
    }

    private func modernWrite(offset: UInt64, width: Int, value: UInt64) {
        if interface == .undecided { interface = .modern }
        switch UInt32(truncatingIfNeeded: offset) {
        case VirtioBARLayout.commonConfig..<VirtioBARLayout.commonConfig + UInt32(VirtioCommonConfig.size):
            commonWrite(Int(offset) - Int(VirtioBARLayout.commonConfig), width: width, value: value)
        case VirtioBARLayout.deviceConfig..<VirtioBARLayout.deviceConfig + 0x1000:
            deviceConfigWrite(Int(offset) - Int(VirtioBARLayout.deviceConfig), width: width, value: value)
        case VirtioBARLayout.notify..<VirtioBARLayout.notify + UInt32(queues.count) * VirtioBARLayout.notifyOffMultiplier:
            let queue = (Int(offset) - Int(VirtioBARLayout.notify)) / Int(VirtioBARLayout.notifyOffMultiplier)
            notify(queue: queue)
        default:
            invalidRegisterAccesses += 1
        }
    }

    private func commonRead(_ offset: Int, width: Int) -> UInt64 {
        // Looked up only for the queue registers (a lookup retains the queue).
        lazy var queue = selectedQueue
        switch (offset, width) {
        case (VirtioCommonConfig.deviceFeatureSelect, 4): return UInt64(deviceFeatureSelect)
        case (VirtioCommonConfig.deviceFeature, 4):
            return deviceFeatureSelect < 2 ? (offeredFeatures >> (32 * UInt64(deviceFeatureSelect))) & 0xFFFF_FFFF : 0
        case (VirtioCommonConfig.driverFeatureSelect, 4): return UInt64(driverFeatureSelect)
        case (VirtioCommonConfig.driverFeature, 4):
            return driverFeatureSelect < 2 ? (driverFeatures >> (32 * UInt64(driverFeatureSelect))) & 0xFFFF_FFFF : 0
        case (VirtioCommonConfig.configMSIXVector, 2): return UInt64(configVector)
        case (VirtioCommonConfig.numQueues, 2): return UInt64(queues.count)
        case (VirtioCommonConfig.deviceStatus, 1): return UInt64(status)
        case (VirtioCommonConfig.configGeneration, 1): return UInt64(configGeneration)
        case (VirtioCommonConfig.queueSelect, 2): return UInt64(queueSelect)
        case (VirtioCommonConfig.queueSize, 2): return UInt64(queue?.size ?? 0)
        case (VirtioCommonConfig.queueMSIXVector, 2): return UInt64(queue?.msixVector ?? virtioNoVector)
        case (VirtioCommonConfig.queueEnable, 2): return queue?.enabled == true ? 1 : 0
        case (VirtioCommonConfig.queueNotifyOff, 2): return UInt64(queue?.index ?? 0)
        case (VirtioCommonConfig.queueNotifConfigData, 2): return 0
        case (VirtioCommonConfig.queueReset, 2): return queue?.resetPending == true ? 1 : 0
        case (VirtioCommonConfig.queueDesc..<VirtioCommonConfig.queueNotifConfigData, _):
            guard let queue else { return 0 }
            let field = (offset - VirtioCommonConfig.queueDesc) / 8
            let address = [queue.descAddress, queue.driverAddress, queue.deviceAddress][field]
            switch (offset % 8, width) {
            case (0, 8): return address
            case (0, 4): return address & 0xFFFF_FFFF
            case (4, 4): return address >> 32
            default: break
            }
        default: break
        }
        invalidRegisterAccesses += 1
        return 0
    }

    private func commonWrite(_ offset: Int, width: Int, value: UInt64) {
        // Looked up only for the queue registers (a lookup retains the queue).
        lazy var queue = selectedQueue
        let setupOpen = status & VirtioStatus.driverOK == 0
        switch (offset, width) {
        case (VirtioCommonConfig.deviceFeatureSelect, 4): deviceFeatureSelect = UInt32(truncatingIfNeeded: value)
        case (VirtioCommonConfig.driverFeatureSelect, 4): driverFeatureSelect = UInt32(truncatingIfNeeded: value)
        case (VirtioCommonConfig.driverFeature, 4):
            guard status & VirtioStatus.featuresOK == 0, driverFeatureSelect < 2 else {
                invalidRegisterAccesses += 1
                return
            }
            let shift = 32 * UInt64(driverFeatureSelect)
            driverFeatures = (driverFeatures & ~(0xFFFF_FFFF << shift)) | ((value & 0xFFFF_FFFF) << shift)
        case (VirtioCommonConfig.configMSIXVector, 2): configVector = validVector(UInt16(truncatingIfNeeded: value))
        case (VirtioCommonConfig.deviceStatus, 1): writeStatus(UInt8(truncatingIfNeeded: value))
        case (VirtioCommonConfig.queueSelect, 2): queueSelect = UInt16(truncatingIfNeeded: value)
        case (VirtioCommonConfig.queueMSIXVector, 2):
            queue?.msixVector = validVector(UInt16(truncatingIfNeeded: value))
        case (VirtioCommonConfig.queueReset, 2):
            guard let queue, negotiated(VirtioFeature.ringReset), value & 1 == 1 else {
                invalidRegisterAccesses += 1
                return
            }
            resetQueue(queue)
        case (VirtioCommonConfig.queueSize, 2), (VirtioCommonConfig.queueEnable, 2),
             (VirtioCommonConfig.queueDesc..<VirtioCommonConfig.queueNotifConfigData, _):
            guard let queue else {
                invalidRegisterAccesses += 1
                return
            }
            guard setupOpen || queue.resetPending, !queue.enabled else {
                invalidRegisterAccesses += 1
                reportOnly("queue \(queue.index) setup written after "
                           + (setupOpen ? "the queue was enabled" : "DRIVER_OK"))
                return
            }
            queueSetupWrite(queue, offset: offset, width: width, value: value)
        default:
            invalidRegisterAccesses += 1
        }
    }

    private func queueSetupWrite(_ queue: VirtioQueue, offset: Int, width: Int, value: UInt64) {
        switch offset {
        case VirtioCommonConfig.queueSize:
            queue.size = UInt16(truncatingIfNeeded: value)
        case VirtioCommonConfig.queueEnable:
            if value & 1 == 1 { enableQueue(queue) }
        default:
            let field = (offset - VirtioCommonConfig.queueDesc) / 8
            func update(_ address: inout UInt64) {
                switch (offset % 8, width) {
                case (0, 8): address = value
                case (0, 4): address = (address & ~0xFFFF_FFFF) | (value & 0xFFFF_FFFF)
                case (4, 4): address = (address & 0xFFFF_FFFF) | ((value & 0xFFFF_FFFF) << 32)
                default: invalidRegisterAccesses += 1
                }
            }
            switch field {
            case 0: update(&queue.descAddress)
            case 1: update(&queue.driverAddress)
            default: update(&queue.deviceAddress)
            }
        }
    }

    /// queue_enable = 1: checks the layout and that the rings are in memory the device may reach.
    func enableQueue(_ queue: VirtioQueue) {
        queue.packed = negotiated(VirtioFeature.ringPacked)
        let size = queue.size
        guard size >= 1, size <= queue.maxSize, queue.packed || size.nonzeroBitCount == 1 else {
            protocolViolation("queue \(queue.index) enabled with size \(size) (the device allows "
                              + (queue.packed ? "1" : "a power of two up") + " to \(queue.maxSize))")
            return
        }
        let alignments: (UInt64, UInt64, UInt64) = queue.packed ? (16, 4, 4) : (16, 2, 4)
        guard queue.descAddress % alignments.0 == 0, queue.driverAddress % alignments.1 == 0,
              queue.deviceAddress % alignments.2 == 0 else {
            protocolViolation("queue \(queue.index) ring addresses misaligned (descriptors 0x\(String(queue.descAddress, radix: 16)), "
                              + "driver 0x\(String(queue.driverAddress, radix: 16)), device 0x\(String(queue.deviceAddress, radix: 16)))")
            return
        }
        guard ringsReachable(queue) else { return }
        queue.startRing()
        queue.enabled = true
        queue.resetPending = false
        if queue.packed, let events = function?.dma(queue.deviceAddress, length: 4, access: .write) {
            events.storeBytes(of: UInt32(0), as: UInt32.self)   // notifications enabled
        }
    }

    /// queue_reset: the queue stops, forgets its held and delayed chains and its setup, and may
    /// be set up and enabled again (also after DRIVER_OK).
    func resetQueue(_ queue: VirtioQueue) {
        queue.reset()
        queue.resetPending = true
    }

    /// Whether the three ring areas resolve through the physical map (reported when not).
    func ringsReachable(_ queue: VirtioQueue) -> Bool {
        guard let function else { return false }
        let areas: [(String, UInt64, Int, PhysicalMemory.Access)] = [
            ("descriptor " + (queue.packed ? "ring" : "table"), queue.descAddress, queue.descBytes, .read),
            (queue.packed ? "driver event area" : "available ring", queue.driverAddress, queue.driverBytes, .read),
            (queue.packed ? "device event area" : "used ring", queue.deviceAddress, queue.deviceBytes, .write),
        ]
        for (name, address, length, access) in areas where function.dma(address, length: length, access: access) == nil {
            protocolViolation("queue \(queue.index) \(name) at 0x\(String(address, radix: 16)) (\(length) bytes) "
                              + "is not memory the device can reach")
            return false
        }
        for first in 0..<areas.count {
            for second in first + 1..<areas.count {
                let a = areas[first], b = areas[second]
                // Both ranges resolved above, so neither wraps.
                if a.1 < b.1 + UInt64(b.2), b.1 < a.1 + UInt64(a.2) {
                    protocolViolation("queue \(queue.index) \(a.0) and \(b.0) overlap")
                    return false
                }
            }
        }
        return true
    }

    // MARK: device configuration

    private func deviceConfigRead(_ offset: Int, width: Int) -> UInt64 {
        guard [1, 2, 4, 8].contains(width), offset >= 0, offset + width <= backend.configSize else {
            invalidRegisterAccesses += 1
            return 0
        }
        return backend.readConfig(offset: offset, width: width)
    }

    private func deviceConfigWrite(_ offset: Int, width: Int, value: UInt64) {
        guard [1, 2, 4, 8].contains(width), offset >= 0, offset + width <= backend.configSize else {
            invalidRegisterAccesses += 1
            return
        }
        backend.writeConfig(offset: offset, width: width, value: value)
    }

    // MARK: legacy

    private var legacyConfigBase: Int { msixEnabled ? VirtioLegacyRegister.deviceConfigMSIX : VirtioLegacyRegister.deviceConfig }

    private func legacyRead(offset: UInt64, width: Int) -> UInt64 {
        if interface == .undecided { interface = .legacy }
        let offset = Int(offset)
        if offset >= legacyConfigBase { return deviceConfigRead(offset - legacyConfigBase, width: width) }
        let queue = selectedQueue
        switch (offset, width) {
        case (VirtioLegacyRegister.hostFeatures, 4): return offeredFeatures & VirtioFeature.legacyMask
        case (VirtioLegacyRegister.guestFeatures, 4): return driverFeatures & VirtioFeature.legacyMask
        case (VirtioLegacyRegister.queueAddress, 4): return UInt64(queue?.legacyPFN ?? 0)
        case (VirtioLegacyRegister.queueSize, 2): return UInt64(queue?.maxSize ?? 0)
        case (VirtioLegacyRegister.queueSelect, 2): return UInt64(queueSelect)
        case (VirtioLegacyRegister.queueNotify, 2): return 0
        case (VirtioLegacyRegister.deviceStatus, 1): return UInt64(status)
        case (VirtioLegacyRegister.isrStatus, 1): return UInt64(readISR())
        case (VirtioLegacyRegister.configMSIXVector, 2): return UInt64(configVector)
        case (VirtioLegacyRegister.queueMSIXVector, 2): return UInt64(queue?.msixVector ?? virtioNoVector)
        default:
            invalidRegisterAccesses += 1
            return AddressSpace.allOnes(width)
        }
    }

    private func legacyWrite(offset: UInt64, width: Int, value: UInt64) {
        if interface == .undecided { interface = .legacy }
        let offset = Int(offset)
        if offset >= legacyConfigBase {
            deviceConfigWrite(offset - legacyConfigBase, width: width, value: value)
            return
        }
        switch (offset, width) {
        case (VirtioLegacyRegister.guestFeatures, 4):
            legacyFeaturesWritten(UInt32(truncatingIfNeeded: value))
        case (VirtioLegacyRegister.queueAddress, 4):
            guard let queue = selectedQueue else {
                invalidRegisterAccesses += 1
                return
            }
            legacyQueueAddress(queue, pfn: UInt32(truncatingIfNeeded: value))
        case (VirtioLegacyRegister.queueSelect, 2): queueSelect = UInt16(truncatingIfNeeded: value)
        case (VirtioLegacyRegister.queueNotify, 2): notify(queue: Int(value & 0xFFFF))
        case (VirtioLegacyRegister.deviceStatus, 1): writeStatus(UInt8(truncatingIfNeeded: value))
        case (VirtioLegacyRegister.configMSIXVector, 2): configVector = validVector(UInt16(truncatingIfNeeded: value))
        case (VirtioLegacyRegister.queueMSIXVector, 2): selectedQueue?.msixVector = validVector(UInt16(truncatingIfNeeded: value))
        default:
            invalidRegisterAccesses += 1
        }
    }

    /// A legacy queue address: the descriptor table at `pfn` pages, the available ring right
    /// after it, the used ring at the next 4096-byte boundary; 0 stops the queue.
    private func legacyQueueAddress(_ queue: VirtioQueue, pfn: UInt32) {
        guard pfn != 0 else {
            queue.enabled = false
            queue.legacyPFN = 0
            queue.outstandingCount = 0
            return
        }
        guard !queue.enabled else {
            reportOnly("queue \(queue.index) address written while the queue is active")
            return
        }
        let size = UInt64(queue.maxSize)
        let align = VirtioLegacyRegister.queueAlign
        queue.size = queue.maxSize
        queue.packed = false
        queue.legacyPFN = pfn
        queue.descAddress = UInt64(pfn) << VirtioLegacyRegister.queueAddressShift
        queue.driverAddress = queue.descAddress + 16 * size
        queue.deviceAddress = (queue.driverAddress + 6 + 2 * size + align - 1) & ~(align - 1)
        guard ringsReachable(queue) else { return }
        queue.startRing()
        queue.enabled = true
    }

    // MARK: PCI configuration access capability

    private func pciConfigAccessTarget() -> (bar: Int, offset: UInt64, length: Int)? {
        guard let function, let base = function.capabilityOffset(Self.pciConfigAccessCapability) else { return nil }
        let bar = Int(function.configRead(offset: base + 4, width: 1))
        let offset = UInt64(function.configRead(offset: base + 8, width: 4))
        let length = Int(function.configRead(offset: base + 12, width: 4))
        guard [1, 2, 4].contains(length), offset % UInt64(length) == 0, bar == modernBar || bar == legacyBar else { return nil }
        return (bar, offset, length)
    }

    func pciConfigAccessRead(offset: Int, width: Int) -> UInt32 {
        guard let target = pciConfigAccessTarget() else { return 0 }
        let value = read(region: target.bar, offset: target.offset, width: target.length)
        return UInt32(truncatingIfNeeded: value >> (8 * UInt64(offset)))
    }

    func pciConfigAccessWrite(offset: Int, width: Int, value: UInt32) {
        guard offset == 0, let target = pciConfigAccessTarget() else { return }
        let mask: UInt64 = target.length == 4 ? 0xFFFF_FFFF : (1 << (8 * UInt64(target.length))) - 1
        write(region: target.bar, offset: target.offset, width: target.length, value: UInt64(value) & mask)
    }

    /// Reports a driver mistake the device survives (the write is ignored; no NEEDS_RESET).
    func reportOnly(_ detail: String) {
        noteViolation(detail)
        function?.reportProtocolViolation(detail)
    }
}

extension VirtioPCIDevice: DirectDeviceIO {
    /// Register handlers the address space calls without protocol dispatch or reference counting.
    public var directRegisterAccess: DirectRegisterAccess {
        DirectRegisterAccess(context: Unmanaged.passUnretained(self).toOpaque(),
            read: { context, region, offset, width in
                Unmanaged<VirtioPCIDevice>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.read(region: region, offset: offset, width: width)
                }
            },
            write: { context, region, offset, width, value in
                Unmanaged<VirtioPCIDevice>.fromOpaque(context)._withUnsafeGuaranteedRef {
                    $0.write(region: region, offset: offset, width: width, value: value)
                }
            })
    }
}
