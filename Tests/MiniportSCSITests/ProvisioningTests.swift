import Testing
import Foundation
import MiniportSCSI

@Suite("UNMAP, WRITE SAME and FORMAT UNIT")
struct ProvisioningTests {
    /// A disk whose first `blocks` blocks hold a pattern.
    static func filledDisk(blocks: Int = 512, limits: SCSIDiskLimits = SCSIDiskLimits()) throws -> (SCSIDisk, RAMBlockStore, [UInt8]) {
        let store = try RAMBlockStore(blockSize: 512, blockCount: 1024)
        let disk = SCSIDisk(store: store, limits: limits, powerOnUnitAttention: false)
        let data = pattern(blocks * 512, seed: 4)
        #expect(run(disk, CDB.block(SCSIOpcode.write16, lba: 0, blocks: UInt32(blocks)), dataOut: data).status == .good)
        return (disk, store, data)
    }

    static func readBlocks(_ disk: SCSIDisk, _ lba: UInt64, _ count: UInt32) -> [UInt8] {
        run(disk, CDB.block(SCSIOpcode.read16, lba: lba, blocks: count), dataIn: Int(count) * 512).data
    }

    @Test("UNMAP discards the described ranges; they read zeros")
    func unmapRanges() throws {
        let (disk, store, data) = try Self.filledDisk()
        let chunksBefore = store.allocatedChunkCount
        let list = CDB.unmapList([(lba: 0, count: 128), (lba: 300, count: 2)])
        let outcome = run(disk, CDB.unmap(length: list.count), dataOut: list, segments: [5, 20])
        #expect(outcome.status == .good)
        #expect(store.allocatedChunkCount == chunksBefore - 1)
        #expect(Self.readBlocks(disk, 0, 128).allSatisfy { $0 == 0 })
        #expect(Self.readBlocks(disk, 128, 1) == Array(data[(128 * 512)..<(129 * 512)]))
        #expect(Self.readBlocks(disk, 300, 2).allSatisfy { $0 == 0 })
        #expect(Self.readBlocks(disk, 302, 1) == Array(data[(302 * 512)..<(303 * 512)]))
    }

    @Test("UNMAP with an out-of-range descriptor is 05/21/00 and discards nothing")
    func unmapOutOfRange() throws {
        let (disk, _, data) = try Self.filledDisk()
        let list = CDB.unmapList([(lba: 0, count: 1), (lba: 1000, count: 100)])
        expectCheck(run(disk, CDB.unmap(length: list.count), dataOut: list), SenseKey.illegalRequest, 0x21, 0x00)
        #expect(Self.readBlocks(disk, 0, 1) == Array(data.prefix(512)))
    }

    @Test("UNMAP with a parameter list shorter than its header is 05/1A/00; length 0 is a no-op")
    func unmapListLength() throws {
        let disk = try makeDisk()
        expectCheck(run(disk, CDB.unmap(length: 6), dataOut: [0, 0, 0, 0, 0, 0]), SenseKey.illegalRequest, 0x1A, 0x00)
        #expect(run(disk, CDB.unmap(length: 0), dataOut: []).status == .good)
    }

    @Test("UNMAP beyond the descriptor or LBA count limits is 05/26/00")
    func unmapLimits() throws {
        let limits = SCSIDiskLimits(maximumUnmapLBACount: 100, maximumUnmapDescriptorCount: 2)
        let (disk, _, _) = try Self.filledDisk(limits: limits)
        let many = CDB.unmapList([(lba: 0, count: 1), (lba: 2, count: 1), (lba: 4, count: 1)])
        expectCheck(run(disk, CDB.unmap(length: many.count), dataOut: many), SenseKey.illegalRequest, 0x26, 0x00)
        let large = CDB.unmapList([(lba: 0, count: 60), (lba: 100, count: 60)])
        let outcome = run(disk, CDB.unmap(length: large.count), dataOut: large)
        expectCheck(outcome, SenseKey.illegalRequest, 0x26, 0x00)
        #expect(senseKeySpecific(outcome) == [0x80, 0, 8 + 16 + 8])
    }

    @Test("UNMAP with ANCHOR is 05/24/00; on a read-only disk it is 07/27/00")
    func unmapRefusals() throws {
        let list = CDB.unmapList([(lba: 0, count: 1)])
        expectCheck(run(try makeDisk(), CDB.unmap(length: list.count, anchor: true), dataOut: list),
                    SenseKey.illegalRequest, 0x24, 0x00)
        expectCheck(run(try makeDisk(readOnly: true), CDB.unmap(length: list.count), dataOut: list),
                    SenseKey.dataProtect, 0x27, 0x00)
    }

    @Test("UNMAP on a store without discard support is an unsupported opcode")
    func unmapUnsupported() {
        let disk = SCSIDisk(store: FailingStore(), powerOnUnitAttention: false)
        let list = CDB.unmapList([(lba: 0, count: 1)])
        expectCheck(run(disk, CDB.unmap(length: list.count), dataOut: list), SenseKey.illegalRequest, 0x20, 0x00)
    }

    @Test("WRITE SAME replicates one block", arguments: [SCSIOpcode.writeSame10, SCSIOpcode.writeSame16])
    func writeSameReplicates(opcode: UInt8) throws {
        let disk = try makeDisk()
        let block = pattern(512, seed: 8)
        #expect(run(disk, CDB.block(opcode, lba: 10, blocks: 5), dataOut: block).status == .good)
        #expect(Self.readBlocks(disk, 10, 5) == Array([[UInt8]](repeating: block, count: 5).joined()))
        #expect(Self.readBlocks(disk, 15, 1).allSatisfy { $0 == 0 })
    }

    @Test("WRITE SAME with UNMAP and a zero block discards", arguments: [SCSIOpcode.writeSame10, SCSIOpcode.writeSame16])
    func writeSameUnmap(opcode: UInt8) throws {
        let (disk, store, _) = try Self.filledDisk()
        let before = store.allocatedChunkCount
        #expect(run(disk, CDB.block(opcode, lba: 128, blocks: 128, flags: 0x08), dataOut: [UInt8](repeating: 0, count: 512)).status == .good)
        #expect(store.allocatedChunkCount == before - 1)
        #expect(Self.readBlocks(disk, 128, 128).allSatisfy { $0 == 0 })
    }

    @Test("WRITE SAME(16) with NDOB writes zeros without a Data-Out buffer")
    func writeSameNoDataOut() throws {
        let (disk, _, data) = try Self.filledDisk()
        #expect(run(disk, CDB.block(SCSIOpcode.writeSame16, lba: 3, blocks: 2, flags: 0x01)).status == .good)
        #expect(Self.readBlocks(disk, 3, 2).allSatisfy { $0 == 0 })
        #expect(Self.readBlocks(disk, 5, 1) == Array(data[(5 * 512)..<(6 * 512)]))
        #expect(run(disk, CDB.block(SCSIOpcode.writeSame16, lba: 0, blocks: 256, flags: 0x09)).status == .good)
        #expect(Self.readBlocks(disk, 0, 256).allSatisfy { $0 == 0 })
    }

    @Test("WRITE SAME out of range is 05/21/00; zero or too many blocks are 05/24/00")
    func writeSameErrors() throws {
        let disk = try makeDisk(blocks: 100, limits: SCSIDiskLimits(maximumWriteSameLength: 50))
        let block = pattern(512)
        expectCheck(run(disk, CDB.block(SCSIOpcode.writeSame10, lba: 90, blocks: 11), dataOut: block),
                    SenseKey.illegalRequest, 0x21, 0x00)
        expectCheck(run(disk, CDB.block(SCSIOpcode.writeSame10, lba: 0, blocks: 0), dataOut: block),
                    SenseKey.illegalRequest, 0x24, 0x00)
        expectCheck(run(disk, CDB.block(SCSIOpcode.writeSame16, lba: 0, blocks: 51), dataOut: block),
                    SenseKey.illegalRequest, 0x24, 0x00)
        expectCheck(run(try makeDisk(readOnly: true), CDB.block(SCSIOpcode.writeSame10, lba: 0, blocks: 1), dataOut: block),
                    SenseKey.dataProtect, 0x27, 0x00)
    }

    @Test("FORMAT UNIT leaves every block reading zeros and frees the chunks")
    func formatUnit() throws {
        let (disk, store, _) = try Self.filledDisk()
        #expect(run(disk, [SCSIOpcode.formatUnit, 0, 0, 0, 0, 0]).status == .good)
        #expect(store.allocatedChunkCount == 0)
        #expect(Self.readBlocks(disk, 0, 512).allSatisfy { $0 == 0 })
    }

    @Test("FORMAT UNIT on a file-backed disk zeroes the image")
    func formatUnitFile() throws {
        let path = temporaryImagePath()
        defer { unlink(path) }
        let disk = SCSIDisk(store: try FileBlockStore(creatingAt: path, blockCount: 16), powerOnUnitAttention: false)
        run(disk, CDB.block(SCSIOpcode.write10, lba: 0, blocks: 16), dataOut: pattern(16 * 512))
        #expect(run(disk, [SCSIOpcode.formatUnit, 0, 0, 0, 0, 0]).status == .good)
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 16), dataIn: 16 * 512).data.allSatisfy { $0 == 0 })
    }

    @Test("FORMAT UNIT with FMTDATA=1 is 05/24/00")
    func formatUnitWithData() throws {
        let outcome = run(try makeDisk(), [SCSIOpcode.formatUnit, 0x10, 0, 0, 0, 0])
        expectCheck(outcome, SenseKey.illegalRequest, 0x24, 0x00)
        #expect(senseKeySpecific(outcome) == [0xCC, 0, 1])
    }

    @Test("onMediumChange hears every command that writes or discards, before it does, and nothing else")
    func mediumChangeObserver() throws {
        let (disk, _, _) = try Self.filledDisk(blocks: 16)
        var heard: [[UInt64]] = []
        disk.onMediumChange = { heard.append([$0, $1]) }
        _ = Self.readBlocks(disk, 0, 4)
        #expect(heard.isEmpty, "a READ changes nothing")
        #expect(run(disk, CDB.block(SCSIOpcode.write10, lba: 40, blocks: 2), dataOut: pattern(1024)).status == .good)
        #expect(run(disk, CDB.block(SCSIOpcode.writeSame16, lba: 100, blocks: 7), dataOut: pattern(512)).status == .good)
        let list = CDB.unmapList([(lba: 200, count: 3), (lba: 300, count: 5)])
        #expect(run(disk, CDB.unmap(length: list.count), dataOut: list).status == .good)
        expectCheck(run(disk, CDB.block(SCSIOpcode.write10, lba: 1023, blocks: 2), dataOut: pattern(1024)),
                    SenseKey.illegalRequest, 0x21, 0x00)
        #expect(run(disk, [SCSIOpcode.formatUnit, 0, 0, 0, 0, 0]).status == .good)
        #expect(heard == [[40, 2], [100, 7], [200, 3], [300, 5], [0, 1024]], "a refused WRITE is not heard")
    }
}
