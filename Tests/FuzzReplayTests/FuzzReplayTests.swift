import Foundation
import Testing
import FuzzSupport
import FuzzCDB
import FuzzDumpImage
import FuzzHBA
import FuzzLoader
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

    @Test("fuzz-dump-image: the committed corpus replays through the dump image reader")
    func dumpImage() throws {
        #expect(try Self.replay("DumpImage", through: FuzzDumpImage.fuzzOne) > 0)
    }

    @Test("fuzz-loader: the committed corpus replays through the image file checks")
    func loader() throws {
        #expect(try Self.replay("Loader", through: FuzzLoader.fuzzOne) > 0)
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
}
