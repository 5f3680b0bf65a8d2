import MiniportBusLogic
import MiniportPlatform
import MiniportSCSI
import Testing

/// A small driver for the adapter written against docs/buslogic-spec.md: register access
/// through the I/O BAR, host adapter commands, extended mailboxes and CCBs in DMA memory.
final class MailboxDriver {
    let machine = Machine()
    let adapter: BusLogicAdapter
    let function: PCIFunction
    let io: UInt64
    let disk: SCSIDisk
    private(set) var mailboxes: PhysicalMemory.DMARegion?
    private var outIndex = 0
    private var inIndex = 0
    var count = 0

    init(blocks: UInt64 = 2048, reset: Bool = true) throws {
        adapter = BusLogicAdapter(machine: machine)
        function = try machine.plug(adapter, slot: 4)
        io = function.barAddress(0)
        disk = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: blocks))
        let target = SCSITarget(id: 0)
        try target.attach(disk, lun: 0)
        try adapter.attach(target)
        if reset { try hardReset() }
    }

    func read(_ register: UInt64) -> UInt8 { UInt8(machine.ioSpace.read(io + register, width: 1)) }
    func write(_ register: UInt64, _ value: UInt8) { machine.ioSpace.write(io + register, width: 1, value: UInt64(value)) }
    var status: UInt8 { read(BusLogicRegister.controlStatus) }
    var interrupt: UInt8 { read(BusLogicRegister.interrupt) }

    struct Failure: Error, CustomStringConvertible { var description: String }

    /// Hard reset, then wait (in virtual time, bounded) for the diagnostics to end.
    func hardReset() throws {
        write(BusLogicRegister.controlStatus, BusLogicControl.hardReset)
        for _ in 0..<100 {
            if status & BusLogicStatus.diagnosticActive == 0 { break }
            machine.clock.advance(by: 10_000)
        }
        guard status & BusLogicStatus.hostAdapterReady != 0 else { throw Failure(description: "not ready: \(status)") }
    }

    /// Sends a host adapter command; returns the reply and whether it was invalid. Clears the
    /// COMMAND COMPLETE interrupt.
    @discardableResult
    func command(_ opcode: UInt8, _ parameters: [UInt8] = [], reply length: Int = 0) -> (reply: [UInt8], invalid: Bool) {
        write(BusLogicRegister.commandData, opcode)
        for byte in parameters {
            #expect(status & BusLogicStatus.commandParameterBusy == 0)
            write(BusLogicRegister.commandData, byte)
        }
        var reply: [UInt8] = []
        for _ in 0..<length {
            guard status & BusLogicStatus.dataInReady != 0 else { break }
            reply.append(read(BusLogicRegister.commandData))
        }
        let invalid = status & BusLogicStatus.commandInvalid != 0
        if interrupt & BusLogicInterrupt.commandComplete != 0 {
            write(BusLogicRegister.controlStatus, BusLogicControl.interruptReset)
        }
        return (reply, invalid)
    }

    /// INITIALIZE EXTENDED MAILBOX with `count` entries each way in fresh DMA memory.
    @discardableResult
    func initializeMailboxes(count: Int = 8) throws -> Bool {
        let region = try #require(machine.memory.allocateDMA(length: 2 * count * 8, label: "mailboxes"))
        region.bytes.initializeMemory(as: UInt8.self, repeating: 0)
        mailboxes = region
        self.count = count
        outIndex = 0
        inIndex = 0
        let a = UInt32(region.physicalAddress)
        return !command(BusLogicCommand.initializeExtendedMailbox,
                        [UInt8(count), UInt8(a & 0xFF), UInt8(a >> 8 & 0xFF), UInt8(a >> 16 & 0xFF), UInt8(a >> 24)]).invalid
    }

    /// Puts `ccb` in the next outgoing mailbox with `action` and starts the adapter.
    func start(_ ccb: UInt32, action: UInt8 = BusLogicAction.start) {
        let box = mailboxes!.hostAddress + outIndex * 8
        box.storeBytes(of: ccb.littleEndian, toByteOffset: 0, as: UInt32.self)
        box.storeBytes(of: action, toByteOffset: 7, as: UInt8.self)
        outIndex = (outIndex + 1) % count
        command(BusLogicCommand.executeMailboxCommand)
    }

    /// The next filled incoming mailbox (freed after reading), if any.
    func nextCompletion() -> (ccb: UInt32, host: UInt8, target: UInt8, code: UInt8)? {
        let box = mailboxes!.hostAddress + (count + inIndex) * 8
        let code = box.load(fromByteOffset: 7, as: UInt8.self)
        guard code != 0 else { return nil }
        let entry = (UInt32(littleEndian: box.loadUnaligned(as: UInt32.self)), box.load(fromByteOffset: 4, as: UInt8.self),
                     box.load(fromByteOffset: 5, as: UInt8.self), code)
        box.storeBytes(of: UInt8(0), toByteOffset: 7, as: UInt8.self)
        inIndex = (inIndex + 1) % count
        return entry
    }

    /// A CCB in DMA memory (64 bytes, zeroed), and a sense buffer after it.
    func makeCCB(opcode: UInt8 = BusLogicCCBOpcode.initiatorResidual, direction: UInt8, cdb: [UInt8], target: UInt8 = 0,
                 lun: UInt8 = 0, dataLength: UInt32 = 0, dataPointer: UInt64 = 0, senseLength: UInt8 = 18) throws
        -> (region: PhysicalMemory.DMARegion, address: UInt32) {
        let region = try #require(machine.memory.allocateDMA(length: 128, label: "ccb"))
        let ccb = region.hostAddress
        region.bytes.initializeMemory(as: UInt8.self, repeating: 0)
        ccb.storeBytes(of: opcode, toByteOffset: 0, as: UInt8.self)
        ccb.storeBytes(of: direction << 3, toByteOffset: 1, as: UInt8.self)
        ccb.storeBytes(of: UInt8(cdb.count), toByteOffset: 2, as: UInt8.self)
        ccb.storeBytes(of: senseLength, toByteOffset: 3, as: UInt8.self)
        ccb.storeBytes(of: dataLength.littleEndian, toByteOffset: 4, as: UInt32.self)
        ccb.storeBytes(of: UInt32(truncatingIfNeeded: dataPointer).littleEndian, toByteOffset: 8, as: UInt32.self)
        ccb.storeBytes(of: target, toByteOffset: 16, as: UInt8.self)
        ccb.storeBytes(of: lun, toByteOffset: 17, as: UInt8.self)
        for (index, byte) in cdb.prefix(12).enumerated() { ccb.storeBytes(of: byte, toByteOffset: 18 + index, as: UInt8.self) }
        let sense = UInt32(region.physicalAddress) + 64
        ccb.storeBytes(of: sense.littleEndian, toByteOffset: 36, as: UInt32.self)
        return (region, UInt32(region.physicalAddress))
    }

    /// TEST UNIT READY until the reset's UNIT ATTENTION is consumed (at most 4 times).
    func consumeUnitAttention() throws {
        let tur = try makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0])
        for _ in 0..<4 where try run(tur).target != 0 {}
    }

    /// Starts `ccb` and returns its completion.
    func run(_ ccb: (region: PhysicalMemory.DMARegion, address: UInt32)) throws -> (ccb: UInt32, host: UInt8, target: UInt8, code: UInt8) {
        start(ccb.address)
        return try #require(nextCompletion())
    }
}

extension PhysicalMemory.DMARegion {
    func byte(_ offset: Int) -> UInt8 { hostAddress.load(fromByteOffset: offset, as: UInt8.self) }
    func le32(_ offset: Int) -> UInt32 { UInt32(littleEndian: hostAddress.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
}
