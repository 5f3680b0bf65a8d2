import MiniportHBA
import MiniportPlatform
import MiniportSCSI

/// A minimal driver for the emulated HBA written in Swift, the way a miniport would drive it:
/// registers through the machine's memory space (BAR 0), rings and buffers in DMA memory.
/// Tests use it to drive the controller without a miniport.
final class RingDriver {
    struct Completion: Equatable {
        var tag: UInt32
        var hbaStatus: UInt8
        var scsiStatus: UInt8
        var senseLength: UInt8
        var flags: UInt8
        var residual: UInt32
    }

    let machine: Machine
    let hba: EmulatedHBA
    let function: PCIFunction
    let entries: UInt32
    let requestRing: PhysicalMemory.DMARegion
    let completionRing: PhysicalMemory.DMARegion
    private(set) var requestTail: UInt32 = 0
    private(set) var completionHead: UInt32 = 0

    init(configuration: EmulatedHBA.Configuration = .init(), entries: UInt32 = 16, enable: Bool = true) throws {
        machine = Machine()
        hba = EmulatedHBA(configuration: configuration, machine: machine)
        function = try machine.plug(hba, slot: 3)
        self.entries = entries
        requestRing = machine.memory.allocateDMA(length: Int(entries) * HBARequestLayout.size, label: "request ring")!
        completionRing = machine.memory.allocateDMA(length: Int(entries) * HBACompletionLayout.size, label: "completion ring")!
        if enable { self.enable() }
    }

    var bar0: UInt64 { function.barAddress(0) }
    var bar1: UInt64 { function.barAddress(1) }

    func read(_ register: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: machine.memorySpace.read(bar0 + register, width: 4))
    }

    func write(_ register: UInt64, _ value: UInt32) {
        machine.memorySpace.write(bar0 + register, width: 4, value: UInt64(value))
    }

    func enable() {
        write(HBARegister.requestRingLow, UInt32(truncatingIfNeeded: requestRing.physicalAddress))
        write(HBARegister.requestRingHigh, UInt32(truncatingIfNeeded: requestRing.physicalAddress >> 32))
        write(HBARegister.completionRingLow, UInt32(truncatingIfNeeded: completionRing.physicalAddress))
        write(HBARegister.completionRingHigh, UInt32(truncatingIfNeeded: completionRing.physicalAddress >> 32))
        write(HBARegister.ringEntries, entries)
        write(HBARegister.interruptMask, 0)
        write(HBARegister.control, HBAValue.controlEnable)
        requestTail = 0
        completionHead = 0
    }

    /// Fills the next request slot; returns its index. Does not ring the doorbell.
    @discardableResult
    func queue(tag: UInt32, bus: UInt8 = 0, target: UInt8 = 0, lun: UInt8 = 0, cdb: [UInt8], flags: UInt8 = 0,
               transferLength: UInt32 = 0, dataAddress: UInt64 = 0, sgCount: UInt16 = 0,
               senseAddress: UInt64 = 0, senseLength: UInt8 = 0, cdbLength: UInt8? = nil) -> UInt32 {
        let slot = requestTail
        let base = requestRing.hostAddress + Int(slot) * HBARequestLayout.size
        base.initializeMemory(as: UInt8.self, repeating: 0, count: HBARequestLayout.size)
        base.storeBytes(of: tag.littleEndian, toByteOffset: HBARequestLayout.tag, as: UInt32.self)
        base.storeBytes(of: bus, toByteOffset: HBARequestLayout.bus, as: UInt8.self)
        base.storeBytes(of: target, toByteOffset: HBARequestLayout.target, as: UInt8.self)
        base.storeBytes(of: lun, toByteOffset: HBARequestLayout.lun, as: UInt8.self)
        base.storeBytes(of: cdbLength ?? UInt8(cdb.count), toByteOffset: HBARequestLayout.cdbLength, as: UInt8.self)
        base.storeBytes(of: flags, toByteOffset: HBARequestLayout.flags, as: UInt8.self)
        base.storeBytes(of: senseLength, toByteOffset: HBARequestLayout.senseLength, as: UInt8.self)
        base.storeBytes(of: sgCount.littleEndian, toByteOffset: HBARequestLayout.sgCount, as: UInt16.self)
        base.storeBytes(of: transferLength.littleEndian, toByteOffset: HBARequestLayout.transferLength, as: UInt32.self)
        for (index, byte) in cdb.prefix(16).enumerated() {
            base.storeBytes(of: byte, toByteOffset: HBARequestLayout.cdb + index, as: UInt8.self)
        }
        base.storeBytes(of: dataAddress.littleEndian, toByteOffset: HBARequestLayout.dataAddress, as: UInt64.self)
        base.storeBytes(of: senseAddress.littleEndian, toByteOffset: HBARequestLayout.senseAddress, as: UInt64.self)
        requestTail = (requestTail + 1) % entries
        return slot
    }

    /// Rings the doorbell with the current tail.
    func ring() {
        write(HBARegister.requestTail, requestTail)
    }

    /// Reads every posted completion, advances COMPLETION HEAD and acknowledges the interrupt.
    func reap() -> [Completion] {
        var result: [Completion] = []
        let tail = read(HBARegister.completionTail)
        while completionHead != tail {
            let slot = completionRing.hostAddress + Int(completionHead) * HBACompletionLayout.size
            result.append(Completion(
                tag: UInt32(littleEndian: slot.load(fromByteOffset: HBACompletionLayout.tag, as: UInt32.self)),
                hbaStatus: slot.load(fromByteOffset: HBACompletionLayout.hbaStatus, as: UInt8.self),
                scsiStatus: slot.load(fromByteOffset: HBACompletionLayout.scsiStatus, as: UInt8.self),
                senseLength: slot.load(fromByteOffset: HBACompletionLayout.senseLength, as: UInt8.self),
                flags: slot.load(fromByteOffset: HBACompletionLayout.flags, as: UInt8.self),
                residual: UInt32(littleEndian: slot.load(fromByteOffset: HBACompletionLayout.residual, as: UInt32.self))))
            completionHead = (completionHead + 1) % entries
        }
        write(HBARegister.completionHead, completionHead)
        write(HBARegister.interruptStatus, HBAValue.interruptCompletion)
        return result
    }

    /// Queues one command, rings, and returns its completion (nil if none arrived).
    func run(tag: UInt32 = 1, bus: UInt8 = 0, target: UInt8 = 0, lun: UInt8 = 0, cdb: [UInt8], flags: UInt8 = 0,
             transferLength: UInt32 = 0, dataAddress: UInt64 = 0, sgCount: UInt16 = 0,
             senseAddress: UInt64 = 0, senseLength: UInt8 = 0) -> Completion? {
        queue(tag: tag, bus: bus, target: target, lun: lun, cdb: cdb, flags: flags, transferLength: transferLength,
              dataAddress: dataAddress, sgCount: sgCount, senseAddress: senseAddress, senseLength: senseLength)
        ring()
        return reap().first
    }

    /// DMA memory for a data buffer, zero-filled.
    func buffer(_ length: Int, _ label: String = "buffer") -> PhysicalMemory.DMARegion {
        machine.memory.allocateDMA(length: length, label: label)!
    }

    /// Writes a scatter/gather list into `list` describing `pieces`.
    func writeSG(_ list: PhysicalMemory.DMARegion, _ pieces: [(address: UInt64, length: UInt32)]) {
        for (index, piece) in pieces.enumerated() {
            let entry = list.hostAddress + index * HBASGLayout.size
            entry.storeBytes(of: piece.address.littleEndian, toByteOffset: HBASGLayout.address, as: UInt64.self)
            entry.storeBytes(of: piece.length.littleEndian, toByteOffset: HBASGLayout.length, as: UInt32.self)
            entry.storeBytes(of: UInt32(0), toByteOffset: HBASGLayout.reserved, as: UInt32.self)
        }
    }
}

/// CDB builders.
enum CDB {
    static func read10(lba: UInt32, blocks: UInt16) -> [UInt8] {
        [0x28, 0, UInt8(lba >> 24), UInt8(lba >> 16 & 0xFF), UInt8(lba >> 8 & 0xFF), UInt8(lba & 0xFF), 0,
         UInt8(blocks >> 8), UInt8(blocks & 0xFF), 0]
    }

    static func write10(lba: UInt32, blocks: UInt16) -> [UInt8] {
        var cdb = read10(lba: lba, blocks: blocks)
        cdb[0] = 0x2A
        return cdb
    }

    static let testUnitReady: [UInt8] = [0, 0, 0, 0, 0, 0]
    static func inquiry(_ length: UInt8) -> [UInt8] { [0x12, 0, 0, 0, length, 0] }
}
