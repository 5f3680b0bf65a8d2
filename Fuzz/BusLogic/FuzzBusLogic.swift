import FuzzSupport
import MiniportBusLogic
import MiniportPlatform
import MiniportSCSI

/// fuzz-buslogic: the BusLogic BT-958 model (Sources/MiniportBusLogic, docs/buslogic-spec.md)
/// driven by random register accesses and host adapter commands, with mailboxes, CCBs,
/// scatter/gather lists and buffers placed in guest memory, random clock advances, faults and
/// fatal errors.
///
/// Input: byte 0 bit 0 starts from a reset adapter with 8 mailboxes initialised; then up to
/// `maximumOperations` operations, each an opcode byte and its operands.
///
/// Checked: nothing crashes or overruns, the adapter never holds more CCBs than it has slots,
/// and after the clock runs out the registers still read.
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    var reader = ByteReader(input)
    let rig = Rig()
    defer { rig.tearDown() }
    if (reader.byte() ?? 0) & 1 != 0 { rig.start() }
    var operations = 0
    while operations < maximumOperations, let opcode = reader.byte() {
        operations += 1
        rig.perform(opcode, &reader)
        precondition(rig.adapter.outstandingCommands <= BusLogicAdapter.maximumMailboxes + 1)
    }
    var steps = 0
    while steps < 256, rig.machine.clock.advanceToNextDeadline() { steps += 1 }
    _ = rig.read(BusLogicRegister.controlStatus)
    _ = rig.read(BusLogicRegister.interrupt)
}

/// Operations per input.
let maximumOperations = 96

/// A machine with the adapter, one disk at target 0 (LUN 0) and three DMA regions:
/// 0 mailboxes, 1 CCBs and SG lists, 2 data and sense.
final class Rig {
    let machine = Machine()
    let adapter: BusLogicAdapter
    let function: PCIFunction
    let regions: [PhysicalMemory.DMARegion]

    init() {
        adapter = BusLogicAdapter(configuration: .init(maxSGEntries: 16, maxTransfer: 1 << 16), machine: machine)
        do {
            function = try machine.plug(adapter, slot: 3)
            let disk = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 256))
            let target = SCSITarget(id: 0)
            try target.attach(disk, lun: 0)
            try adapter.attach(target)
        } catch {
            fatalError("fuzz-buslogic: cannot build the machine: \(error)")
        }
        let memory = machine.memory
        regions = [(4096, "mailboxes"), (4096, "CCBs and SG lists"), (1 << 16, "data and sense")].map { length, label in
            guard let region = memory.allocateDMA(length: length, label: label) else {
                fatalError("fuzz-buslogic: cannot allocate \(label)")
            }
            region.bytes.initializeMemory(as: UInt8.self, repeating: 0)
            return region
        }
    }

    func tearDown() {
        adapter.faults.removeAll()
        for region in regions { machine.memory.freeDMA(region) }
    }

    var io: UInt64 { function.barAddress(0) }
    func read(_ register: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: machine.ioSpace.read(io + register, width: 1)) }
    func write(_ register: UInt64, _ value: UInt8) { machine.ioSpace.write(io + register, width: 1, value: UInt64(value)) }

    func command(_ bytes: [UInt8]) {
        for byte in bytes { write(BusLogicRegister.commandData, byte) }
        for _ in 0..<256 where read(BusLogicRegister.controlStatus) & BusLogicStatus.dataInReady != 0 {
            _ = read(BusLogicRegister.commandData)
        }
    }

    func start() {
        write(BusLogicRegister.controlStatus, BusLogicControl.hardReset)
        machine.clock.advance(by: 1_000_000)
        let a = UInt32(regions[0].physicalAddress)
        command([BusLogicCommand.initializeExtendedMailbox, 8, UInt8(a & 0xFF), UInt8(a >> 8 & 0xFF), UInt8(a >> 16 & 0xFF),
                 UInt8(a >> 24)])
    }

    /// A 32-bit guest address: mostly inside a region, sometimes just past one, sometimes any value.
    func address(_ reader: inout ByteReader) -> UInt32 {
        let selector = reader.byte() ?? 0
        let offset = UInt64(reader.u16())
        switch selector % 8 {
        case 0: return reader.u32()
        case 1: return UInt32(truncatingIfNeeded: regions[Int(selector >> 3) % 3].physicalAddress + UInt64(regions[Int(selector >> 3) % 3].length))
        default:
            let region = regions[Int(selector) % 3]
            return UInt32(truncatingIfNeeded: region.physicalAddress + offset % UInt64(region.length))
        }
    }

    func perform(_ opcode: UInt8, _ reader: inout ByteReader) {
        switch opcode % 12 {
        case 0:   // any register, any byte
            write(UInt64(reader.byte() ?? 0) % 4, reader.byte() ?? 0)
        case 1:   // any register read, any width
            _ = machine.ioSpace.read(io + UInt64(reader.byte() ?? 0) % 4, width: [1, 2, 4][Int(opcode >> 4) % 3])
        case 2:   // a host adapter command with its parameters
            let count = Int(reader.byte() ?? 0) % 8
            command((0...count).map { _ in reader.byte() ?? 0 })
        case 3:   // INITIALIZE EXTENDED MAILBOX with any count and address
            let a = address(&reader)
            command([BusLogicCommand.initializeExtendedMailbox, reader.byte() ?? 0, UInt8(a & 0xFF), UInt8(a >> 8 & 0xFF),
                     UInt8(a >> 16 & 0xFF), UInt8(a >> 24)])
        case 4:   // an outgoing mailbox (in region 0) with a CCB address and an action
            let at = Int(reader.byte() ?? 0) % 16 * 8
            regions[0].hostAddress.storeBytes(of: address(&reader).littleEndian, toByteOffset: at, as: UInt32.self)
            regions[0].hostAddress.storeBytes(of: (reader.byte() ?? 0) % 4, toByteOffset: at + 7, as: UInt8.self)
        case 5:   // a CCB in region 1: random bytes, then pointers into memory
            let at = Int(reader.byte() ?? 0) % 64 * 64
            let ccb = regions[1].hostAddress + at
            for index in 0..<40 { ccb.storeBytes(of: reader.byte() ?? 0, toByteOffset: index, as: UInt8.self) }
            if opcode & 0x10 != 0 {
                ccb.storeBytes(of: address(&reader).littleEndian, toByteOffset: 8, as: UInt32.self)
                ccb.storeBytes(of: address(&reader).littleEndian, toByteOffset: 36, as: UInt32.self)
            }
        case 6:   // a scatter/gather list in region 1
            var at = Int(reader.byte() ?? 0) * 16 % regions[1].length
            for _ in 0..<(Int(reader.byte() ?? 0) % 20) where at + 8 <= regions[1].length {
                regions[1].hostAddress.storeBytes(of: UInt32(reader.u16()).littleEndian, toByteOffset: at, as: UInt32.self)
                regions[1].hostAddress.storeBytes(of: address(&reader).littleEndian, toByteOffset: at + 4, as: UInt32.self)
                at += 8
            }
        case 7:   // EXECUTE MAILBOX COMMAND
            write(BusLogicRegister.commandData, BusLogicCommand.executeMailboxCommand)
        case 8:   // time passes
            machine.clock.advance(by: UInt64(reader.u32()))
        case 9:   // a transport fault
            switch (reader.byte() ?? 0) % 5 {
            case 0: adapter.faults.inject(.timeout)
            case 1: adapter.faults.inject(.delay(nanoseconds: UInt64(reader.u16()) * 1000))
            case 2: adapter.faults.inject(.lostInterrupt)
            case 3: adapter.faults.removeTarget(bus: 0, target: (reader.byte() ?? 0) % 16)
            default: adapter.faults.removeAll()
            }
        case 10:  // consume incoming mailboxes
            for index in 0..<16 { regions[0].hostAddress.storeBytes(of: UInt8(0), toByteOffset: (16 + index) * 8 + 7, as: UInt8.self) }
            write(BusLogicRegister.controlStatus, BusLogicControl.interruptReset)
        default:  // the adapter fails, or the PCI command register changes
            if opcode & 0x10 != 0 {
                adapter.injectControllerFatal()
            } else {
                function.configWrite(offset: PCIConfigOffset.command, width: 2, value: UInt32(reader.u16()) & 0x0407)
            }
        }
    }
}
