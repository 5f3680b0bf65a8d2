import FuzzSupport
import MiniportHBA
import MiniportPlatform
import MiniportSCSI

/// fuzz-hba: the emulated HBA's register and ring interface (Sources/MiniportHBA,
/// docs/hba-spec.md) driven by random register accesses, with rings, descriptors, scatter/gather
/// lists and buffers placed in guest memory through the platform's physical map, random
/// clock advances and random injected faults.
///
/// Input: byte 0 selects a starting state (bit 0: rings programmed and the controller enabled,
/// as a driver leaves it); then up to `maximumOperations` operations, each an opcode byte and
/// its operands (see `Operation`). Values that name memory are usually built from a region
/// (rings, data, sense/SG) and an offset, so the fuzzer reaches past the address checks.
///
/// The controller has three queue pairs (interface 1.1): the operations also reach the queue
/// register blocks, the queues' doorbells and completion heads, and the MSI-X enable bit.
///
/// Checked: nothing crashes or overruns (AddressSanitizer), the controller never holds more
/// commands than its rings have slots, and after the clock runs out the register file still reads.
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    var reader = ByteReader(input)
    let rig = Rig()
    defer { rig.tearDown() }
    if (reader.byte() ?? 0) & 1 != 0 { rig.enable(entries: 16) }
    var operations = 0
    while operations < maximumOperations, let opcode = reader.byte() {
        operations += 1
        rig.perform(opcode, &reader)
        precondition(rig.hba.outstandingCommands <= Int(HBAFuzzLimits.ringSlots) * HBAFuzzLimits.queues,
                     "\(rig.hba.outstandingCommands) commands outstanding")
    }
    // Let every timer (delayed completions, timeouts) fire, boundedly.
    var steps = 0
    while steps < 256, rig.machine.clock.advanceToNextDeadline() { steps += 1 }
    _ = rig.read(HBARegister.status)
    _ = rig.read(HBARegister.outstanding)
}

/// Operations per input.
let maximumOperations = 96

enum HBAFuzzLimits {
    /// Largest RING_ENTRIES the rig's rings have room for.
    static let ringSlots: UInt32 = 64
    /// Queue pairs of the rig's controller.
    static let queues = 3
}

/// A machine with the HBA in slot 3, two disks behind it and three DMA regions.
final class Rig {
    let machine = Machine()
    let hba: EmulatedHBA
    let function: PCIFunction
    /// 0: rings (request ring then completion ring), 1: data buffers, 2: sense and SG lists.
    let regions: [PhysicalMemory.DMARegion]
    let disks: [SCSIDisk]

    init() {
        hba = EmulatedHBA(configuration: .init(buses: 2, targetsPerBus: 4, lunsPerTarget: 2, queueDepth: 64,
                                               maxTransfer: 1 << 16, maxSGEntries: 16, queues: HBAFuzzLimits.queues),
                          machine: machine)
        do {
            function = try machine.plug(hba, slot: 3)
            let small = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 256))
            let large = SCSIDisk(store: try RAMBlockStore(blockSize: 4096, blockCount: 32))
            disks = [small, large]
            let zero = SCSITarget(id: 0), one = SCSITarget(id: 1)
            try zero.attach(small, lun: 0)
            try one.attach(large, lun: 1)
            try hba.attach(zero, bus: 0)
            try hba.attach(one, bus: 1)
        } catch {
            fatalError("fuzz-hba: cannot build the machine: \(error)")
        }
        let ringBytes = Int(HBAFuzzLimits.ringSlots) * (HBARequestLayout.size + HBACompletionLayout.size)
        let memory = machine.memory
        regions = [(ringBytes, "rings"), (1 << 16, "data"), (4096, "sense and SG")].map { length, label in
            guard let region = memory.allocateDMA(length: length, label: label) else {
                fatalError("fuzz-hba: cannot allocate \(label)")
            }
            region.bytes.initializeMemory(as: UInt8.self, repeating: 0)
            return region
        }
    }

    func tearDown() {
        hba.faults.removeAll()
        for region in regions { machine.memory.freeDMA(region) }
    }

    var bar0: UInt64 { function.barAddress(0) }

    func read(_ register: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: machine.memorySpace.read(bar0 + register, width: 4))
    }

    func write(_ register: UInt64, _ value: UInt32) {
        machine.memorySpace.write(bar0 + register, width: 4, value: UInt64(value))
    }

    /// The completion ring follows the request ring's largest size in region 0.
    var completionRing: UInt64 { regions[0].physicalAddress + UInt64(HBAFuzzLimits.ringSlots) * UInt64(HBARequestLayout.size) }

    /// Register `offset` (a 1.0 ring register offset, 0x30...0x50) of queue `queue`: queue 0's
    /// at the 1.0 offset, the others in their blocks.
    func queueRegister(_ queue: Int, _ offset: UInt64) -> UInt64 {
        queue == 0 ? offset : HBAQueueRegister.base + UInt64(queue) * HBAQueueRegister.stride + (offset - HBARegister.requestRingLow)
    }

    func enable(entries: UInt32) {
        let request = regions[0].physicalAddress
        write(HBARegister.requestRingLow, UInt32(truncatingIfNeeded: request))
        write(HBARegister.requestRingHigh, UInt32(truncatingIfNeeded: request >> 32))
        write(HBARegister.completionRingLow, UInt32(truncatingIfNeeded: completionRing))
        write(HBARegister.completionRingHigh, UInt32(truncatingIfNeeded: completionRing >> 32))
        write(HBARegister.ringEntries, entries)
        write(HBARegister.interruptMask, 0)
        write(HBARegister.control, HBAValue.controlEnable)
    }

    /// A guest address: mostly inside one of the regions (offset from the input), sometimes
    /// just past one, sometimes any 64-bit value.
    func address(_ reader: inout ByteReader) -> UInt64 {
        let selector = reader.byte() ?? 0
        let offset = UInt64(reader.u16())
        switch selector % 8 {
        case 0: return reader.u64()
        case 1: return regions[Int(selector >> 3) % 3].physicalAddress &+ UInt64(regions[Int(selector >> 3) % 3].length)
        default:
            let region = regions[Int(selector) % 3]
            return region.physicalAddress + offset % UInt64(region.length)
        }
    }

    func perform(_ opcode: UInt8, _ reader: inout ByteReader) {
        switch opcode % 12 {
        case 0:   // any register, any value (bit 4: in the queue blocks)
            if opcode & 0x10 != 0 {
                let span = HBAQueueRegister.stride * UInt64(HBAFuzzLimits.queues)
                write(HBAQueueRegister.base + UInt64(reader.byte() ?? 0) * 4 % span, reader.u32())
            } else {
                write(UInt64(reader.byte() ?? 0) * 4 % 0x80, reader.u32())
            }
        case 1:   // a ring base register of some queue, pointing into guest memory
            let value = address(&reader)
            let register = queueRegister(Int(opcode >> 5) % HBAFuzzLimits.queues,
                                         [HBARegister.requestRingLow, HBARegister.completionRingLow][Int(opcode >> 4) & 1])
            write(register, UInt32(truncatingIfNeeded: value))
            write(register + 4, UInt32(truncatingIfNeeded: value >> 32))
        case 2:   // a register read (the side-effect-free ones and the rest)
            _ = read(UInt64(reader.byte() ?? 0) * 4 % 0x1000)
        case 3:   // a request descriptor in a request ring slot
            writeRequest(slot: Int(reader.byte() ?? 0) % Int(HBAFuzzLimits.ringSlots), &reader)
        case 4:   // a scatter/gather list in region 2
            let count = Int(reader.byte() ?? 0) % 20
            var at = Int(reader.byte() ?? 0) * 16 % regions[2].length
            for _ in 0..<count where at + HBASGLayout.size <= regions[2].length {
                let base = regions[2].hostAddress + at
                base.storeBytes(of: address(&reader).littleEndian, toByteOffset: HBASGLayout.address, as: UInt64.self)
                base.storeBytes(of: UInt32(reader.u16()).littleEndian, toByteOffset: HBASGLayout.length, as: UInt32.self)
                at += HBASGLayout.size
            }
        case 5:   // a queue's doorbell
            write(queueRegister(Int(opcode >> 4) % HBAFuzzLimits.queues, HBARegister.requestTail), UInt32(reader.byte() ?? 0))
        case 6:   // consume a queue's completions
            write(queueRegister(Int(opcode >> 4) % HBAFuzzLimits.queues, HBARegister.completionHead), UInt32(reader.byte() ?? 0))
            write(HBARegister.interruptStatus, HBAValue.interruptAll)
        case 7:   // time passes
            let step = reader.byte() ?? 0
            if step & 1 == 0 { machine.clock.advance(by: UInt64(step) << 20) } else { machine.clock.advanceToNextDeadline() }
        case 8:   // an injected fault
            let kind = reader.byte() ?? 0
            switch kind % 8 {
            case 0: _ = hba.faults.inject(.timeout, count: Int(kind >> 3) % 4 + 1)
            case 1: _ = hba.faults.inject(.delay(nanoseconds: UInt64(kind) << 16), count: 2)
            case 2: _ = hba.faults.inject(.lostInterrupt, count: 1)
            case 3: hba.injectControllerFatal()
            case 4: disks[Int(kind >> 3) & 1].faults.busy.arm(forNext: 1)
            case 5: disks[Int(kind >> 3) & 1].faults.injectMediumError(at: 0..<8)
            case 6: disks[Int(kind >> 3) & 1].faults.unitAttention.arm(.powerOnOrReset)
            default: hba.faults.removeAll()
            }
        case 9:   // an access of the wrong width or alignment, or through the I/O BAR
            let offset = UInt64(reader.byte() ?? 0)
            let width = [1, 2, 8, 4][Int(offset & 3)]
            if opcode & 0x10 != 0 {
                machine.ioSpace.write(function.barAddress(1) + offset % 0x80, width: width, value: UInt64(reader.u32()))
            } else {
                _ = machine.memorySpace.read(bar0 + offset, width: width)
            }
        case 10:  // PCI command register (bus master, interrupt disable, decode enables), or MSI-X on/off
            if opcode & 0x10 != 0 {
                function.configureMSIX(enable: opcode & 0x20 != 0)
            } else {
                function.configWrite(offset: 4, width: 2, value: UInt32(reader.u16()))
            }
        default:  // raw bytes anywhere in a region
            let region = regions[Int(reader.byte() ?? 0) % 3]
            let at = Int(reader.u16()) % region.length
            let count = min(Int(reader.byte() ?? 0), region.length - at)
            for index in 0..<count { region.bytes[at + index] = reader.byte() ?? 0 }
        }
    }

    private func writeRequest(slot: Int, _ reader: inout ByteReader) {
        let base = regions[0].hostAddress + slot * HBARequestLayout.size
        base.storeBytes(of: reader.u32().littleEndian, toByteOffset: HBARequestLayout.tag, as: UInt32.self)
        let addressing = reader.byte() ?? 0
        base.storeBytes(of: addressing & 1, toByteOffset: HBARequestLayout.bus, as: UInt8.self)
        base.storeBytes(of: (addressing >> 1) & 3, toByteOffset: HBARequestLayout.target, as: UInt8.self)
        base.storeBytes(of: (addressing >> 3) & 1, toByteOffset: HBARequestLayout.lun, as: UInt8.self)
        base.storeBytes(of: reader.byte() ?? 10, toByteOffset: HBARequestLayout.cdbLength, as: UInt8.self)
        base.storeBytes(of: reader.byte() ?? 0, toByteOffset: HBARequestLayout.flags, as: UInt8.self)
        base.storeBytes(of: reader.byte() ?? 0, toByteOffset: HBARequestLayout.senseLength, as: UInt8.self)
        base.storeBytes(of: UInt16(reader.byte() ?? 0).littleEndian, toByteOffset: HBARequestLayout.sgCount, as: UInt16.self)
        base.storeBytes(of: UInt32(reader.u16()).littleEndian, toByteOffset: HBARequestLayout.transferLength, as: UInt32.self)
        for index in 0..<16 {
            base.storeBytes(of: reader.byte() ?? 0, toByteOffset: HBARequestLayout.cdb + index, as: UInt8.self)
        }
        base.storeBytes(of: address(&reader).littleEndian, toByteOffset: HBARequestLayout.dataAddress, as: UInt64.self)
        base.storeBytes(of: address(&reader).littleEndian, toByteOffset: HBARequestLayout.senseAddress, as: UInt64.self)
    }
}

