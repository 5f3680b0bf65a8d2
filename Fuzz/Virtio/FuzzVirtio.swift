import FuzzSupport
import MiniportPlatform
import MiniportSCSI
import MiniportVirtio

/// fuzz-virtio: the virtio PCI transport and its virtqueues (Sources/MiniportVirtio,
/// docs/virtio-spec.md) carrying a virtio-blk or virtio-scsi device, driven through its
/// registers by a driver that writes whatever the input says into the rings it placed in guest
/// memory: descriptor tables, available and used rings, indirect tables, packed descriptors,
/// event-suppression areas, request headers.
///
/// Input: byte 0 picks the device (bit 0: virtio-scsi), the flavour (bit 1: transitional)
/// and the ring layout (bit 2: packed); the device is then brought to DRIVER_OK with queue 0
/// in guest memory (unless bit 3 leaves the setup to the input); then up to
/// `maximumOperations` operations, each an opcode byte and its operands.
///
/// Checked: nothing crashes, hangs or overruns; a device in NEEDS_RESET has reported exactly
/// the protocol violations it found; a reset brings it back to status 0, out of NEEDS_RESET.
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    var reader = ByteReader(input)
    let mode = reader.byte() ?? 0
    let rig = Rig(scsi: mode & 1 != 0, transitional: mode & 2 != 0)
    defer { rig.tearDown() }
    if mode & 8 == 0 { rig.start(packed: mode & 4 != 0) }
    var operations = 0
    while operations < maximumOperations, let opcode = reader.byte() {
        operations += 1
        rig.perform(opcode, &reader)
        precondition(rig.device.outstandingCommands <= 2 * 256, "more commands outstanding than queues can hold")
    }
    var steps = 0
    while steps < 256, rig.machine.clock.advanceToNextDeadline() { steps += 1 }
    // A reset always brings the device back to its initial state, whatever the input did to
    // it (the register path may be unreachable: the input can move or overlap its BARs).
    rig.device.reset()
    precondition(rig.device.deviceStatus == 0 && !rig.device.needsReset, "status is 0 after a reset")
}

/// Operations per input.
let maximumOperations = 96

/// A machine with the device and two DMA regions: 0 the rings (64 KiB), 1 data (64 KiB).
final class Rig {
    let machine = Machine()
    let device: VirtioPCIDevice
    let function: PCIFunction
    let regions: [PhysicalMemory.DMARegion]
    /// Where the firmware put the virtio BAR (the input may move it).
    let barAtPlug: UInt32
    var queueSize: UInt16 = 64

    init(scsi: Bool, transitional: Bool) {
        do {
            let disk = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 256))
            let backend: any VirtioBackend = scsi ? VirtioSCSIBackend(disks: [disk]) : VirtioBlockBackend(disk: disk)
            device = VirtioPCIDevice(backend: backend, flavor: transitional ? .transitional : .modern)
            function = try machine.plug(device, slot: 3)
            barAtPlug = UInt32(function.barAddress(device.modernBar))
        } catch {
            fatalError("fuzz-virtio: cannot build the machine: \(error)")
        }
        let memory = machine.memory
        regions = [(1 << 16, "rings"), (1 << 16, "data")].map { length, label in
            guard let region = memory.allocateDMA(length: length, label: label) else {
                fatalError("fuzz-virtio: cannot allocate \(label)")
            }
            region.bytes.initializeMemory(as: UInt8.self, repeating: 0)
            return region
        }
    }

    func tearDown() {
        device.faults.removeAll()
        for region in regions { machine.memory.freeDMA(region) }
    }

    var bar: UInt64 { function.barAddress(device.modernBar) }

    func common(_ offset: Int, width: Int, _ value: UInt64) {
        machine.memorySpace.write(bar + UInt64(VirtioBARLayout.commonConfig) + UInt64(offset), width: width, value: value)
    }

    func readCommon(_ offset: Int, width: Int) -> UInt64 {
        machine.memorySpace.read(bar + UInt64(VirtioBARLayout.commonConfig) + UInt64(offset), width: width)
    }

    func notify(_ queue: UInt16) {
        machine.memorySpace.write(bar + UInt64(VirtioBARLayout.notify) + UInt64(queue) * UInt64(VirtioBARLayout.notifyOffMultiplier),
                                  width: 2, value: UInt64(queue))
    }

    /// A modern driver's bring-up: features (VERSION_1, indirect, event index, packed if asked),
    /// queue 0 of 64 entries in region 0, DRIVER_OK.
    func start(packed: Bool) {
        common(VirtioCommonConfig.deviceStatus, width: 1, 0)
        common(VirtioCommonConfig.deviceStatus, width: 1, UInt64(VirtioStatus.acknowledge | VirtioStatus.driver))
        let features = VirtioFeature.version1 | VirtioFeature.ringIndirectDesc | VirtioFeature.ringEventIdx
            | (packed ? VirtioFeature.ringPacked : 0)
        for select in 0..<2 {
            common(VirtioCommonConfig.driverFeatureSelect, width: 4, UInt64(select))
            common(VirtioCommonConfig.driverFeature, width: 4, features >> (32 * UInt64(select)) & 0xFFFF_FFFF)
        }
        common(VirtioCommonConfig.deviceStatus, width: 1,
               UInt64(VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.featuresOK))
        common(VirtioCommonConfig.queueSelect, width: 2, 0)
        common(VirtioCommonConfig.queueSize, width: 2, UInt64(queueSize))
        let base = regions[0].physicalAddress
        common(VirtioCommonConfig.queueDesc, width: 8, base)
        common(VirtioCommonConfig.queueDriver, width: 8, base + 0x1000)
        common(VirtioCommonConfig.queueDevice, width: 8, base + 0x2000)
        common(VirtioCommonConfig.queueEnable, width: 2, 1)
        common(VirtioCommonConfig.deviceStatus, width: 1,
               UInt64(VirtioStatus.acknowledge | VirtioStatus.driver | VirtioStatus.featuresOK | VirtioStatus.driverOK))
    }

    /// A guest address: mostly inside a region, sometimes at a ring, sometimes anything.
    func address(_ reader: inout ByteReader) -> UInt64 {
        let selector = reader.byte() ?? 0
        let offset = UInt64(reader.u16())
        switch selector % 8 {
        case 0: return reader.u64()
        case 1: return regions[0].physicalAddress + offset % 0x3000          // the rings themselves
        case 2: return regions[1].physicalAddress + UInt64(regions[1].length) - offset % 64   // across the end
        default: return regions[1].physicalAddress + offset % UInt64(regions[1].length)
        }
    }

    func perform(_ opcode: UInt8, _ reader: inout ByteReader) {
        let rings = regions[0].hostAddress
        switch opcode % 12 {
        case 0:   // a descriptor (split: addr, len, flags, next; packed: addr, len, id, flags)
            let slot = Int(reader.byte() ?? 0) % Int(queueSize)
            rings.storeBytes(of: address(&reader).littleEndian, toByteOffset: slot * 16, as: UInt64.self)
            rings.storeBytes(of: reader.u32().littleEndian, toByteOffset: slot * 16 + 8, as: UInt32.self)
            rings.storeBytes(of: reader.u16().littleEndian, toByteOffset: slot * 16 + 12, as: UInt16.self)
            rings.storeBytes(of: reader.u16().littleEndian, toByteOffset: slot * 16 + 14, as: UInt16.self)
        case 1:   // an available-ring entry and index (split), or the driver event area (packed)
            let entry = Int(reader.byte() ?? 0) % Int(queueSize)
            rings.storeBytes(of: reader.u16().littleEndian, toByteOffset: 0x1000 + 4 + 2 * entry, as: UInt16.self)
            rings.storeBytes(of: reader.u16().littleEndian, toByteOffset: 0x1000 + 2, as: UInt16.self)
        case 2:   // the next available index, one past the last (the common case)
            let index = rings.load(fromByteOffset: 0x1000 + 2, as: UInt16.self)
            rings.storeBytes(of: index &+ 1, toByteOffset: 0x1000 + 2, as: UInt16.self)
        case 3:   // an indirect table or a request header in the data region
            let at = Int(reader.u16()) % (regions[1].length - 64)
            for index in 0..<48 { regions[1].hostAddress.storeBytes(of: reader.byte() ?? 0, toByteOffset: at + index, as: UInt8.self) }
        case 4:   // notify a queue (any number)
            notify(UInt16(reader.byte() ?? 0) % 4)
        case 5:   // any common-configuration register, any width
            let width = [1, 2, 4, 8][Int(opcode >> 4) % 4]
            common(Int(reader.byte() ?? 0) % VirtioCommonConfig.size, width: width, reader.u64())
        case 6:   // any register in the BAR (ISR, device config, notify), read or written
            let offset = UInt64(reader.u16()) % UInt64(VirtioBARLayout.size)
            if opcode & 0x10 != 0 {
                _ = machine.memorySpace.read(bar + offset, width: [1, 2, 4][Int(opcode >> 5) % 3])
            } else {
                machine.memorySpace.write(bar + offset, width: [1, 2, 4][Int(opcode >> 5) % 3], value: UInt64(reader.u32()))
            }
        case 7:   // time passes
            machine.clock.advance(by: UInt64(reader.u32()))
        case 8:   // a transport fault
            switch (reader.byte() ?? 0) % 4 {
            case 0: device.faults.inject(.timeout)
            case 1: device.faults.inject(.delay(nanoseconds: UInt64(reader.u16()) * 1000))
            case 2: device.faults.inject(.lostInterrupt)
            default: device.faults.removeAll()
            }
        case 9:   // the legacy I/O block of a transitional device
            let io = function.barAddress(0)
            if device.flavor == .transitional {
                machine.ioSpace.write(io + UInt64(reader.byte() ?? 0) % 0x20, width: [1, 2, 4][Int(opcode >> 4) % 3],
                                      value: UInt64(reader.u32()))
            }
        case 10:  // the device fails, or the driver resets it and starts again
            if opcode & 0x10 != 0 {
                device.injectControllerFatal()
            } else {
                start(packed: opcode & 0x20 != 0)
            }
        default:  // configuration space: MSI-X enable, the command register, the access window
            function.configWrite(offset: Int(reader.byte() ?? 0), width: [1, 2, 4][Int(opcode >> 4) % 3], value: reader.u32())
        }
    }
}
