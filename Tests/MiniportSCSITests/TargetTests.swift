import Testing
import MiniportSCSI

@Suite("Targets and buses")
struct TargetTests {
    static func target(luns: [Int]) throws -> SCSITarget {
        let target = SCSITarget(id: 3)
        for lun in luns { try target.attach(try makeDisk(blocks: 8), lun: lun) }
        return target
    }

    @Test("REPORT LUNS lists every populated LUN, for any LUN addressed")
    func reportLUNs() throws {
        let target = try Self.target(luns: [0, 2, 7, 255])
        for addressed in [0, 1, 200] {
            let outcome = run(target, lun: addressed, CDB.reportLUNs(), dataIn: 256)
            #expect(outcome.status == .good)
            #expect(be32(outcome.data, 0) == 32)
            #expect(outcome.transferred == 8 + 32)
            let luns = (0..<4).map { Int(outcome.data[8 + $0 * 8]) << 8 | Int(outcome.data[9 + $0 * 8]) }
            #expect(luns == [0, 2, 7, 255])
            #expect(outcome.data[8...].enumerated().allSatisfy { $0.offset % 8 < 2 || $0.element == 0 })
        }
    }

    @Test("REPORT LUNS truncates to the allocation length; the list length stays whole")
    func reportLUNsTruncation() throws {
        let target = try Self.target(luns: [0, 1, 2])
        let outcome = run(target, lun: 0, CDB.reportLUNs(allocation: 20), dataIn: 256)
        #expect(outcome.transferred == 20)
        #expect(be32(outcome.data, 0) == 24)
        #expect(outcome.data[9] == 0)
        #expect(outcome.data[17] == 1)
    }

    @Test("REPORT LUNS select report 1 (well-known only) is empty; 2 lists all")
    func reportLUNsSelect() throws {
        let target = try Self.target(luns: [0, 1])
        #expect(be32(run(target, lun: 0, CDB.reportLUNs(select: 1), dataIn: 64).data, 0) == 0)
        #expect(be32(run(target, lun: 0, CDB.reportLUNs(select: 2), dataIn: 64).data, 0) == 16)
    }

    @Test("REPORT LUNS with an unknown select report or allocation below 16 is 05/24/00")
    func reportLUNsInvalid() throws {
        let target = try Self.target(luns: [0])
        let select = run(target, lun: 0, CDB.reportLUNs(select: 3), dataIn: 64)
        expectCheck(select, SenseKey.illegalRequest, 0x24, 0x00)
        #expect(senseKeySpecific(select) == [0xC0, 0, 2])
        expectCheck(run(target, lun: 0, CDB.reportLUNs(allocation: 15), dataIn: 64), SenseKey.illegalRequest, 0x24, 0x00)
    }

    @Test("A missing LUN answers INQUIRY with qualifier 011b, type 1Fh")
    func missingLUNInquiry() throws {
        let target = try Self.target(luns: [0])
        let outcome = run(target, lun: 4, CDB.inquiry(), dataIn: 255)
        #expect(outcome.status == .good)
        #expect(outcome.transferred == 36)
        #expect(outcome.data[0] == 0x7F)
        #expect(outcome.data[4] == 31)
        #expect(run(target, lun: 4, CDB.inquiry(allocation: 5), dataIn: 255).transferred == 5)
    }

    @Test("A missing LUN's REQUEST SENSE returns 05/25/00 as data")
    func missingLUNRequestSense() throws {
        let target = try Self.target(luns: [0])
        let outcome = run(target, lun: 9, CDB.requestSense(), dataIn: 18)
        #expect(outcome.status == .good)
        #expect(outcome.data[2] == SenseKey.illegalRequest && outcome.data[12] == 0x25 && outcome.data[13] == 0)
    }

    @Test("Any other command to a missing LUN is CHECK CONDITION 05/25/00")
    func missingLUNOtherCommands() throws {
        let target = try Self.target(luns: [0])
        expectCheck(run(target, lun: 1, CDB.testUnitReady), SenseKey.illegalRequest, 0x25, 0x00)
        expectCheck(run(target, lun: 1, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512),
                    SenseKey.illegalRequest, 0x25, 0x00)
        expectCheck(run(target, lun: 300, CDB.testUnitReady), SenseKey.illegalRequest, 0x25, 0x00)
        var none = SCSIDataTransfer.none
        let wide = target.execute(lun: UInt64(1) << 40, cdb: SCSICDB(CDB.testUnitReady), data: &none)
        #expect(wide.sense?.asc == 0x25)
    }

    @Test("Commands reach the logical unit at their LUN")
    func routing() throws {
        let target = SCSITarget(id: 0)
        let first = try makeDisk(blocks: 10)
        let second = try makeDisk(blocks: 20)
        try target.attach(first, lun: 0)
        try target.attach(second, lun: 1)
        let capacity = run(target, lun: 1, [SCSIOpcode.readCapacity10, 0, 0, 0, 0, 0, 0, 0, 0, 0], dataIn: 8)
        #expect(be32(capacity.data, 0) == 19)
        #expect(second.commandsExecuted == 1 && first.commandsExecuted == 0)
        #expect(target[1] === second)
        #expect(target.populatedLUNs == [0, 1])
    }

    @Test("Attaching to an occupied or out-of-range LUN throws; detach frees the LUN")
    func attachErrors() throws {
        let target = try Self.target(luns: [0])
        #expect(throws: SCSITarget.AttachError.lunInUse(0)) { try target.attach(try makeDisk(), lun: 0) }
        #expect(throws: SCSITarget.AttachError.lunOutOfRange(256)) { try target.attach(try makeDisk(), lun: 256) }
        #expect(target.detach(lun: 0) != nil)
        try target.attach(try makeDisk(), lun: 0)
    }

    @Test("A target reset reaches every logical unit")
    func targetReset() throws {
        let target = SCSITarget(id: 0)
        let disks = try (0..<3).map { _ in try makeDisk() }
        for (lun, disk) in disks.enumerated() { try target.attach(disk, lun: lun) }
        target.reset(.target)
        for lun in 0..<3 { expectCheck(run(target, lun: lun, CDB.testUnitReady), SenseKey.unitAttention, 0x29, 0x03) }
    }

    @Test("A bus reset gives every unit on every target 06/29/02")
    func busReset() throws {
        let bus = SCSIBus()
        let disks = try (0..<2).map { _ in try makeDisk() }
        try bus.target(0).attach(disks[0], lun: 0)
        try bus.target(5).attach(disks[1], lun: 3)
        #expect(bus.populatedIDs == [0, 5])
        bus.reset()
        var none = SCSIDataTransfer.none
        let cdb = SCSICDB(CDB.testUnitReady)
        #expect(bus.execute(target: 0, lun: 0, cdb: cdb, data: &none)?.sense?.ascq == 0x02)
        #expect(bus.execute(target: 5, lun: 3, cdb: cdb, data: &none)?.sense?.ascq == 0x02)
        #expect(bus.execute(target: 5, lun: 3, cdb: cdb, data: &none)?.status == .good)
        #expect(bus.execute(target: 9, lun: 0, cdb: cdb, data: &none) == nil)
        #expect(bus.detach(id: 5)?.id == 5)
        #expect(bus[5] == nil)
    }
}

@Suite("Fault injection")
struct FaultTests {
    @Test("A persistent read medium error fails reads of its range, with the failing LBA")
    func readMediumError() throws {
        let disk = try makeDisk()
        let data = pattern(8 * 512)
        run(disk, CDB.block(SCSIOpcode.write10, lba: 0, blocks: 8), dataOut: data)
        let rule = disk.faults.injectMediumError(at: 5..<7, on: .read)
        for _ in 0..<2 {
            let outcome = run(disk, CDB.block(SCSIOpcode.read10, lba: 2, blocks: 6), dataIn: 6 * 512)
            expectCheck(outcome, SenseKey.mediumError, 0x11, 0x00)
            #expect(outcome.sense?.information == 5)
            #expect(outcome.data == Array(data[(2 * 512)..<(5 * 512)]))  // blocks before the error arrive
        }
        #expect(rule.fired == 2)
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 5), dataIn: 5 * 512).status == .good)
        #expect(run(disk, CDB.block(SCSIOpcode.write10, lba: 5, blocks: 1), dataOut: pattern(512)).status == .good)
        expectCheck(run(disk, CDB.block(SCSIOpcode.verify10, lba: 6, blocks: 1)), SenseKey.mediumError, 0x11, 0x00)
        #expect(rule.fired == 3)
    }

    @Test("A write medium error is 03/0C/00; blocks before it are written")
    func writeMediumError() throws {
        let disk = try makeDisk()
        let rule = disk.faults.injectMediumError(at: 10..<11, on: .write)
        let data = pattern(4 * 512)
        let outcome = run(disk, CDB.block(SCSIOpcode.write16, lba: 8, blocks: 4), dataOut: data)
        expectCheck(outcome, SenseKey.mediumError, 0x0C, 0x00)
        #expect(outcome.sense?.information == 10)
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 8, blocks: 2), dataIn: 1024).data == Array(data.prefix(1024)))
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 10, blocks: 1), dataIn: 512).status == .good)
        expectCheck(run(disk, CDB.block(SCSIOpcode.writeSame10, lba: 10, blocks: 1), dataOut: pattern(512)),
                    SenseKey.mediumError, 0x0C, 0x00)
        #expect(rule.fired == 2)
    }

    @Test("A medium error for N firings disarms itself")
    func countedMediumError() throws {
        let disk = try makeDisk()
        let rule = disk.faults.injectMediumError(at: 0..<1, on: .readWrite, firings: 2)
        expectCheck(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512), SenseKey.mediumError, 0x11, 0x00)
        expectCheck(run(disk, CDB.block(SCSIOpcode.write10, lba: 0, blocks: 1), dataOut: pattern(512)), SenseKey.mediumError, 0x0C, 0x00)
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512).status == .good)
        #expect(rule.fired == 2)
        #expect(!rule.isArmed)
    }

    @Test("The earliest failing block wins among overlapping rules")
    func overlappingRules() throws {
        let disk = try makeDisk()
        let late = disk.faults.injectMediumError(at: 20..<30)
        let early = disk.faults.injectMediumError(at: 12..<13)
        let outcome = run(disk, CDB.block(SCSIOpcode.read10, lba: 10, blocks: 20), dataIn: 20 * 512)
        #expect(outcome.sense?.information == 12)
        #expect(early.fired == 1 && late.fired == 0)
        disk.faults.clear()
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 10, blocks: 20), dataIn: 20 * 512).status == .good)
    }

    @Test("BUSY for the next N commands, then normal service")
    func busy() throws {
        let disk = try makeDisk()
        disk.faults.busy.arm(forNext: 2)
        #expect(run(disk, CDB.testUnitReady) .status == .busy)
        #expect(run(disk, CDB.inquiry(), dataIn: 36).status == .busy)
        #expect(run(disk, CDB.testUnitReady).status == .good)
        #expect(disk.faults.busy.fired == 2)
        #expect(disk.faults.busy.remaining == 0)
    }

    @Test("TASK SET FULL for the next N commands, with no sense data")
    func taskSetFull() throws {
        let disk = try makeDisk()
        disk.faults.taskSetFull.arm(forNext: 1)
        let outcome = run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512)
        #expect(outcome.status == .taskSetFull)
        #expect(outcome.sense == nil)
        #expect(outcome.transferred == 0)
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512).status == .good)
        #expect(disk.faults.taskSetFull.fired == 1)
    }

    @Test("A one-shot unit attention with a chosen ASC/ASCQ")
    func unitAttention() throws {
        let disk = try makeDisk()
        disk.faults.unitAttention.arm(.modeParametersChanged)
        #expect(run(disk, CDB.inquiry(), dataIn: 36).status == .good)
        expectCheck(run(disk, CDB.testUnitReady), SenseKey.unitAttention, 0x2A, 0x01)
        #expect(run(disk, CDB.testUnitReady).status == .good)
        #expect(disk.faults.unitAttention.fired == 1)
        #expect(disk.faults.unitAttention.pending == nil)
    }

    @Test("commandsExecuted counts every command, including refused ones")
    func commandCounter() throws {
        let disk = try makeDisk()
        disk.faults.busy.arm(forNext: 1)
        run(disk, CDB.testUnitReady)
        run(disk, [0xC7, 0, 0, 0, 0, 0])
        run(disk, CDB.inquiry(), dataIn: 36)
        #expect(disk.commandsExecuted == 3)
    }
}

/// The command path reaches a target's disks as `SCSIDisk` (no existential, no reference
/// counting) and a bus's targets through `withTarget`: the tables behind them follow every
/// attach, detach and replacement.
@Suite("Targets and buses: the command path's tables")
struct TargetTableTests {
    /// A logical unit of its own kind (not a SCSIDisk): counts the commands it is given.
    final class CountingUnit: SCSILogicalUnit {
        var commands = 0
        func execute(_ cdb: SCSICDB, data: inout SCSIDataTransfer) -> SCSICompletion {
            commands += 1
            return .good
        }
        func reset(_ kind: SCSIResetKind) {}
    }

    @Test("A disk attached, detached and replaced by another kind of unit: each command reaches what the LUN holds now")
    func diskTableFollowsTheUnits() throws {
        let target = SCSITarget(id: 1)
        try target.attach(try makeDisk(blocks: 8), lun: 4)
        #expect(run(target, lun: 4, CDB.inquiry(), dataIn: 36).status == .good)
        #expect(run(target, lun: 4, CDB.inquiry(), dataIn: 36).data.first == 0x00)   // a direct-access device
        target.detach(lun: 4)
        // No unit: the target answers for the LUN (peripheral qualifier 011b, type 1Fh).
        #expect(run(target, lun: 4, CDB.inquiry(), dataIn: 36).data.first == 0x7F)
        let counting = CountingUnit()
        target[4] = counting
        #expect(run(target, lun: 4, CDB.inquiry(), dataIn: 36).status == .good)
        #expect(counting.commands == 1)
        target[4] = try makeDisk(blocks: 8)
        #expect(run(target, lun: 4, CDB.inquiry(), dataIn: 36).data.first == 0x00)
        #expect(counting.commands == 1)
        // Out-of-range LUNs still reach no unit.
        #expect(run(target, lun: -1, [0, 0, 0, 0, 0, 0]).status != .good)
        #expect(run(target, lun: 256, [0, 0, 0, 0, 0, 0]).status != .good)
    }

    @Test("withTarget and hasTarget follow attach, detach and target(_:); out-of-range IDs have none")
    func busTableFollowsTheTargets() {
        let bus = SCSIBus()
        #expect(!bus.hasTarget(5))
        #expect(bus.withTarget(5) { $0.id } == nil)
        bus.attach(SCSITarget(id: 5))
        #expect(bus.hasTarget(5))
        #expect(bus.withTarget(5) { $0.id } == 5)
        let replacement = SCSITarget(id: 5)
        bus.attach(replacement)
        #expect(bus.withTarget(5) { $0 === replacement } == true)
        bus.detach(id: 5)
        #expect(!bus.hasTarget(5))
        #expect(bus.withTarget(5) { $0.id } == nil)
        _ = bus.target(9)
        #expect(bus.withTarget(9) { $0.id } == 9)
        #expect(!bus.hasTarget(-1) && !bus.hasTarget(256))
        #expect(bus.withTarget(256) { $0.id } == nil)
    }
}
