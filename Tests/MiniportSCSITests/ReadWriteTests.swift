import Testing
import Foundation
import MiniportSCSI

/// A store whose every data access fails, to check the MEDIUM ERROR mapping.
final class FailingStore: BlockStore {
    let blockSize = 512
    let blockCount: UInt64 = 64
    let isReadOnly = false
    let supportsUnmap = false
    let unmappedBlocksReadZero = false
    func read(byteOffset: UInt64, into destination: UnsafeMutableRawBufferPointer) throws(BlockStoreError) {
        throw .readFailed(lba: byteOffset / 512)
    }
    func write(byteOffset: UInt64, from source: UnsafeRawBufferPointer) throws(BlockStoreError) {
        throw .writeFailed(lba: byteOffset / 512)
    }
    func flush() throws(BlockStoreError) {}
    func unmap(lba: UInt64, count: UInt64) throws(BlockStoreError) {}
}

@Suite("READ, WRITE, VERIFY and SYNCHRONIZE CACHE")
struct ReadWriteTests {
    static let pairs: [(read: UInt8, write: UInt8)] = [
        (SCSIOpcode.read6, SCSIOpcode.write6), (SCSIOpcode.read10, SCSIOpcode.write10),
        (SCSIOpcode.read12, SCSIOpcode.write12), (SCSIOpcode.read16, SCSIOpcode.write16),
    ]

    @Test("WRITE then READ round trip", arguments: pairs, [512, 4096])
    func roundTrip(pair: (read: UInt8, write: UInt8), blockSize: Int) throws {
        let disk = try makeDisk(blocks: 256, blockSize: blockSize)
        let data = pattern(3 * blockSize, seed: pair.write)
        let written = run(disk, CDB.block(pair.write, lba: 17, blocks: 3), dataOut: data)
        #expect(written.status == .good)
        #expect(written.transferred == data.count)
        let read = run(disk, CDB.block(pair.read, lba: 17, blocks: 3), dataIn: data.count)
        #expect(read.status == .good)
        #expect(read.data == data)
    }

    @Test("Transfers split over several segments, with segment edges inside blocks")
    func segmentedTransfers() throws {
        let disk = try makeDisk(blocks: 256)
        let data = pattern(8 * 512, seed: 9)
        let segments = [1, 511, 700, 3, 1024, 900]
        #expect(run(disk, CDB.block(SCSIOpcode.write16, lba: 40, blocks: 8), dataOut: data, segments: segments).status == .good)
        let read = run(disk, CDB.block(SCSIOpcode.read10, lba: 40, blocks: 8), dataIn: data.count, segments: [513, 2, 2000])
        #expect(read.data == data)
        let single = run(disk, CDB.block(SCSIOpcode.read10, lba: 41, blocks: 1), dataIn: 512)
        #expect(single.data == Array(data[512..<1024]))
    }

    @Test("READ(6) and WRITE(6) with transfer length 0 move 256 blocks")
    func sixByteZeroLength() throws {
        let disk = try makeDisk(blocks: 512)
        let data = pattern(256 * 512, seed: 3)
        let written = run(disk, CDB.block(SCSIOpcode.write6, lba: 1, blocks: 0), dataOut: data)
        #expect(written.transferred == data.count)
        let read = run(disk, CDB.block(SCSIOpcode.read6, lba: 1, blocks: 0), dataIn: data.count)
        #expect(read.data == data)
    }

    @Test("READ(10) of zero blocks transfers nothing")
    func zeroLengthRead() throws {
        let outcome = run(try makeDisk(), CDB.block(SCSIOpcode.read10, lba: 0, blocks: 0), dataIn: 512)
        #expect(outcome.status == .good)
        #expect(outcome.transferred == 0)
    }

    @Test("A buffer shorter than the CDB's length gets what fits; GOOD with a residual")
    func shortBuffer() throws {
        let disk = try makeDisk()
        let data = pattern(4 * 512)
        #expect(run(disk, CDB.block(SCSIOpcode.write10, lba: 0, blocks: 4), dataOut: data).status == .good)
        let read = run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 4), dataIn: 1000)
        #expect(read.status == .good)
        #expect(read.transferred == 1000)
        #expect(read.data == Array(data.prefix(1000)))
    }

    @Test("Reading past the last block is 05/21/00", arguments: [SCSIOpcode.read6, SCSIOpcode.read10, SCSIOpcode.read12, SCSIOpcode.read16])
    func readOutOfRange(opcode: UInt8) throws {
        let disk = try makeDisk(blocks: 100)
        expectCheck(run(disk, CDB.block(opcode, lba: 99, blocks: 2), dataIn: 1024), SenseKey.illegalRequest, 0x21, 0x00)
        expectCheck(run(disk, CDB.block(opcode, lba: 100, blocks: 1), dataIn: 512), SenseKey.illegalRequest, 0x21, 0x00)
    }

    @Test("Writing past the last block is 05/21/00", arguments: [SCSIOpcode.write6, SCSIOpcode.write10, SCSIOpcode.write12, SCSIOpcode.write16])
    func writeOutOfRange(opcode: UInt8) throws {
        let disk = try makeDisk(blocks: 100)
        expectCheck(run(disk, CDB.block(opcode, lba: 99, blocks: 2), dataOut: pattern(1024)), SenseKey.illegalRequest, 0x21, 0x00)
    }

    @Test("READ(16) with an LBA near 2^64 does not overflow the range check")
    func hugeLBA() throws {
        let outcome = run(try makeDisk(), CDB.block(SCSIOpcode.read16, lba: .max, blocks: 2), dataIn: 1024)
        expectCheck(outcome, SenseKey.illegalRequest, 0x21, 0x00)
    }

    @Test("A transfer longer than the Block Limits maximum is 05/24/00 at the length field")
    func transferTooLong() throws {
        let disk = try makeDisk(limits: SCSIDiskLimits(maximumTransferLength: 8))
        let outcome = run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 9), dataIn: 9 * 512)
        expectCheck(outcome, SenseKey.illegalRequest, 0x24, 0x00)
        #expect(senseKeySpecific(outcome) == [0xC0, 0, 7])
    }

    @Test("RDPROTECT/WRPROTECT are refused (no protection information)")
    func protectionFields() throws {
        let disk = try makeDisk()
        expectCheck(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1, flags: 0x20), dataIn: 512),
                    SenseKey.illegalRequest, 0x24, 0x00)
        expectCheck(run(disk, CDB.block(SCSIOpcode.write16, lba: 0, blocks: 1, flags: 0x40), dataOut: pattern(512)),
                    SenseKey.illegalRequest, 0x24, 0x00)
    }

    @Test("A write to a read-only disk is 07/27/00", arguments: [SCSIOpcode.write6, SCSIOpcode.write10, SCSIOpcode.write16, SCSIOpcode.writeAndVerify10])
    func writeProtected(opcode: UInt8) throws {
        let disk = try makeDisk(readOnly: true)
        expectCheck(run(disk, CDB.block(opcode, lba: 0, blocks: 1), dataOut: pattern(512)), SenseKey.dataProtect, 0x27, 0x00)
    }

    @Test("WRITE AND VERIFY stores the data", arguments: [SCSIOpcode.writeAndVerify10, SCSIOpcode.writeAndVerify16])
    func writeAndVerify(opcode: UInt8) throws {
        let disk = try makeDisk()
        let data = pattern(1024, seed: 5)
        #expect(run(disk, CDB.block(opcode, lba: 8, blocks: 2, flags: 0x02), dataOut: data).status == .good)
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 8, blocks: 2), dataIn: 1024).data == data)
    }

    @Test("FUA writes and writes with the cache disabled complete GOOD")
    func forceUnitAccess() throws {
        let disk = try makeDisk(writeCache: false)
        #expect(run(disk, CDB.block(SCSIOpcode.write10, lba: 0, blocks: 1, flags: 0x08), dataOut: pattern(512)).status == .good)
        #expect(run(disk, CDB.block(SCSIOpcode.write10, lba: 1, blocks: 1), dataOut: pattern(512)).status == .good)
    }

    @Test("VERIFY with BYTCHK=0 checks the range only", arguments: [SCSIOpcode.verify10, SCSIOpcode.verify16])
    func verifyRange(opcode: UInt8) throws {
        let disk = try makeDisk(blocks: 100)
        #expect(run(disk, CDB.block(opcode, lba: 0, blocks: 100)).status == .good)
        expectCheck(run(disk, CDB.block(opcode, lba: 50, blocks: 51)), SenseKey.illegalRequest, 0x21, 0x00)
    }

    @Test("VERIFY with BYTCHK=1 compares the Data-Out buffer", arguments: [SCSIOpcode.verify10, SCSIOpcode.verify16])
    func verifyCompare(opcode: UInt8) throws {
        let disk = try makeDisk()
        let data = pattern(3 * 512, seed: 11)
        run(disk, CDB.block(SCSIOpcode.write10, lba: 20, blocks: 3), dataOut: data)
        let same = run(disk, CDB.block(opcode, lba: 20, blocks: 3, flags: 0x02), dataOut: data, segments: [100, 600])
        #expect(same.status == .good)
        #expect(same.transferred == data.count)

        var changed = data
        changed[700] ^= 0xFF
        let different = run(disk, CDB.block(opcode, lba: 20, blocks: 3, flags: 0x02), dataOut: changed)
        expectCheck(different, SenseKey.miscompare, 0x1D, 0x00)
        #expect(different.sense?.information == 700)
    }

    @Test("VERIFY with BYTCHK=11b compares one block against every block")
    func verifyOneBlock() throws {
        let disk = try makeDisk()
        let block = pattern(512, seed: 2)
        run(disk, CDB.block(SCSIOpcode.write10, lba: 0, blocks: 1), dataOut: block)
        run(disk, CDB.block(SCSIOpcode.write10, lba: 1, blocks: 1), dataOut: block)
        #expect(run(disk, CDB.block(SCSIOpcode.verify10, lba: 0, blocks: 2, flags: 0x06), dataOut: block).status == .good)
        expectCheck(run(disk, CDB.block(SCSIOpcode.verify10, lba: 0, blocks: 3, flags: 0x06), dataOut: block),
                    SenseKey.miscompare, 0x1D, 0x00)
    }

    @Test("VERIFY with the reserved BYTCHK value is 05/24/00")
    func verifyReservedByteCheck() throws {
        expectCheck(run(try makeDisk(), CDB.block(SCSIOpcode.verify10, lba: 0, blocks: 1, flags: 0x04), dataOut: pattern(512)),
                    SenseKey.illegalRequest, 0x24, 0x00)
    }

    @Test("SYNCHRONIZE CACHE: GOOD in range (0 blocks = to the end), 05/21/00 beyond",
          arguments: [SCSIOpcode.synchronizeCache10, SCSIOpcode.synchronizeCache16])
    func synchronizeCache(opcode: UInt8) throws {
        let disk = try makeDisk(blocks: 100)
        #expect(run(disk, CDB.block(opcode, lba: 0, blocks: 0)).status == .good)
        #expect(run(disk, CDB.block(opcode, lba: 10, blocks: 90)).status == .good)
        expectCheck(run(disk, CDB.block(opcode, lba: 10, blocks: 91)), SenseKey.illegalRequest, 0x21, 0x00)
        expectCheck(run(disk, CDB.block(opcode, lba: 100, blocks: 0)), SenseKey.illegalRequest, 0x21, 0x00)
    }

    @Test("Store failures map to MEDIUM ERROR with the failing LBA")
    func storeFailures() {
        let disk = SCSIDisk(store: FailingStore(), powerOnUnitAttention: false)
        let read = run(disk, CDB.block(SCSIOpcode.read10, lba: 7, blocks: 2), dataIn: 1024)
        expectCheck(read, SenseKey.mediumError, 0x11, 0x00)
        #expect(read.sense?.information == 7)
        let write = run(disk, CDB.block(SCSIOpcode.write10, lba: 9, blocks: 1), dataOut: pattern(512))
        expectCheck(write, SenseKey.mediumError, 0x0C, 0x00)
        #expect(write.sense?.information == 9)
    }
}

@Suite("File-backed disks")
struct FileDiskTests {
    @Test("File-backed WRITE/READ round trip reaches the image", arguments: [512, 4096])
    func fileRoundTrip(blockSize: Int) throws {
        let path = temporaryImagePath()
        defer { unlink(path) }
        let store = try FileBlockStore(creatingAt: path, blockSize: blockSize, blockCount: 32)
        let disk = SCSIDisk(store: store, powerOnUnitAttention: false)
        let data = pattern(4 * blockSize, seed: 77)
        #expect(run(disk, CDB.block(SCSIOpcode.write10, lba: 5, blocks: 4), dataOut: data, segments: [10, 2000]).status == .good)
        #expect(run(disk, CDB.block(SCSIOpcode.synchronizeCache10, lba: 0, blocks: 0)).status == .good)
        #expect(run(disk, CDB.block(SCSIOpcode.read16, lba: 5, blocks: 4), dataIn: data.count).data == data)
        let image = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(image.count == 32 * blockSize)
        #expect(Array(image[(5 * blockSize)..<(9 * blockSize)]) == data)
    }

    @Test("A read-only file store refuses writes with 07/27/00 and shows WP")
    func readOnlyFile() throws {
        let path = temporaryImagePath()
        defer { unlink(path) }
        _ = try FileBlockStore(creatingAt: path, blockSize: 512, blockCount: 16)
        let disk = SCSIDisk(store: try FileBlockStore(path: path, readOnly: true), powerOnUnitAttention: false)
        expectCheck(run(disk, CDB.block(SCSIOpcode.write10, lba: 0, blocks: 1), dataOut: pattern(512)),
                    SenseKey.dataProtect, 0x27, 0x00)
        #expect(run(disk, CDB.block(SCSIOpcode.read10, lba: 0, blocks: 1), dataIn: 512).status == .good)
        #expect(run(disk, CDB.modeSense6(page: 0x3F), dataIn: 255).data[2] & 0x80 != 0)
    }

    @Test("An image that shrinks under the disk reads as MEDIUM ERROR 03/11/00")
    func truncatedImage() throws {
        let path = temporaryImagePath()
        defer { unlink(path) }
        let disk = SCSIDisk(store: try FileBlockStore(creatingAt: path, blockSize: 512, blockCount: 16),
                            powerOnUnitAttention: false)
        #expect(truncate(path, 512 * 4) == 0)
        let outcome = run(disk, CDB.block(SCSIOpcode.read10, lba: 2, blocks: 4), dataIn: 2048)
        expectCheck(outcome, SenseKey.mediumError, 0x11, 0x00)
        #expect(outcome.sense?.information == 4)
    }
}
