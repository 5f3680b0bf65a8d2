import Foundation
import Testing
import FuzzSupport
import FuzzBusLogic
import FuzzCDB
import FuzzDumpImage
import FuzzHBA
import FuzzInitData
import FuzzLoader
import FuzzPE
import FuzzVirtio
import FuzzX86
import MiniportKit

/// Every committed corpus file (Fuzz/<Name>/corpus/) goes through its target's function, so an
/// input that once crashed a target fails `swift test` if the bug comes back.
@Suite("Fuzz corpora replay")
struct FuzzReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func corpus(_ folder: String) throws -> [String] {
        let files = try #require(FuzzReplay.files(at: root.appendingPathComponent("Fuzz/\(folder)/corpus").path))
        #expect(!files.isEmpty, "Fuzz/\(folder)/corpus is empty")
        return files
    }

    static func replay(_ folder: String, through body: (UnsafeRawBufferPointer) -> Void) throws -> Int {
        var count = 0
        for file in try corpus(folder) {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            data.withUnsafeBytes { body($0) }
            count += 1
        }
        return count
    }

    @Test("fuzz-cdb: the committed corpus replays through the SCSI target")
    func cdb() throws {
        #expect(try Self.replay("CDB", through: FuzzCDB.fuzzOne) > 0)
    }

    @Test("fuzz-hba: the committed corpus replays through the emulated HBA")
    func hba() throws {
        #expect(try Self.replay("HBA", through: FuzzHBA.fuzzOne) > 0)
    }

    @Test("fuzz-buslogic: the committed corpus replays through the BusLogic BT-958 model")
    func busLogic() throws {
        #expect(try Self.replay("BusLogic", through: FuzzBusLogic.fuzzOne) > 0)
    }

    @Test("fuzz-virtio: the committed corpus replays through the virtio transport, rings and backends")
    func virtio() throws {
        #expect(try Self.replay("Virtio", through: FuzzVirtio.fuzzOne) > 0)
    }

    @Test("fuzz-dump-image: the committed corpus replays through the dump image reader")
    func dumpImage() throws {
        #expect(try Self.replay("DumpImage", through: FuzzDumpImage.fuzzOne) > 0)
    }

    @Test("fuzz-loader: the committed corpus replays through the image file checks")
    func loader() throws {
        #expect(try Self.replay("Loader", through: FuzzLoader.fuzzOne) > 0)
    }

    @Test("fuzz-pe: the committed corpus replays through the PE32+ parser and mapper")
    func pe() throws {
        #expect(try Self.replay("PE", through: FuzzPE.fuzzOne) > 0)
    }

    @Test("fuzz-init: the committed corpus replays through the port's Initialize and HwFindAdapter handling")
    func initData() throws {
        #expect(try Self.replay("InitData", through: FuzzInitData.fuzzOne) > 0)
    }

    @Test("fuzz-x86: the committed corpus replays through the fault trap's instruction decoder")
    func x86() throws {
        #expect(try Self.replay("X86", through: FuzzX86.fuzzOne) > 0)
    }

    @Test("fuzz-dump-image's seed encoding holds valid images the reader accepts")
    func dumpImageSeedsAreValid() throws {
        let seeds = FuzzDumpImage.seedInputs()
        #expect(seeds.count == 16)
        for (index, seed) in seeds.enumerated() {
            let sizeIndex = Int(seed[0] >> 2) & 3
            let blockSize = seed[0] & 1 != 0 ? 4096 : 512
            let disk = MemoryDumpDisk(blockSize: blockSize, blockCount: UInt64((256 << 10) / blockSize))
            var runs: [DumpImage.Run] = []
            for run in 0..<(Int(seed[1]) + 1) {
                let at = 2 + run * 4
                runs.append(DumpImage.Run(lba: UInt64(seed[at]) | UInt64(seed[at + 1]) << 8,
                                          blocks: UInt64(seed[at + 2]) | UInt64(seed[at + 3]) << 8))
            }
            seed.withUnsafeBytes { disk.layForTest(UnsafeRawBufferPointer(rebasing: $0[(2 + runs.count * 4)...]), over: runs) }
            let expected = FuzzDumpImage.seedMemory(sizeIndex: sizeIndex)
            let header = try expected.withUnsafeBytes { try DumpImage.verify(runs: runs, from: disk, expected: $0) }
            #expect(header.memorySize == expected.count, "seed \(index)")
        }
    }

    @Test("A dump header recording a memory size of 2^63 or more is a header mismatch, not a trap (fuzz-dump-image)")
    func hugeRecordedMemorySize() throws {
        let disk = MemoryDumpDisk(blockSize: 512, blockCount: 512)
        let memory = [UInt8](repeating: 0x3C, count: 4096)
        let runs = [DumpImage.Run(lba: 1, blocks: 40)]
        try memory.withUnsafeBytes { _ = try DumpImage.write($0, mode: .crash, runs: runs, to: disk) }
        // Rewrite the header's memory size (offset 0x10) as 2^63 + 4096 and re-seal its checksum.
        var head = [UInt8](repeating: 0, count: 4096)
        try head.withUnsafeMutableBytes { try disk.read(lba: 1, into: $0) }
        withUnsafeBytes(of: (UInt64(1) << 63 | 4096).littleEndian) { head.replaceSubrange(0x10..<0x18, with: $0) }
        head.replaceSubrange(0x38..<0x3C, with: [0, 0, 0, 0])
        let checksum = head.withUnsafeBytes { CRC32C.checksum($0) }
        withUnsafeBytes(of: checksum.littleEndian) { head.replaceSubrange(0x38..<0x3C, with: $0) }
        try head.withUnsafeBytes { try disk.write(lba: 1, from: $0) }
        #expect(throws: DumpImage.Failure.headerMismatch("memory size")) {
            try memory.withUnsafeBytes { _ = try DumpImage.verify(runs: runs, from: disk, expected: $0) }
        }
    }
}
