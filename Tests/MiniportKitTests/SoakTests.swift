import Foundation
import Testing
@testable import MiniportKit

@Suite("Soak: random I/O with faults, every block and completion checked")
struct SoakTests {
    @Test("A few thousand operations with faults on the C example pass: no mismatch, no lost write, one completion per request")
    func soakWithFaultsPasses() throws {
        let report = try Soak(.init(operations: 3000, seed: 7, faults: true)).run()
        #expect(report.passed, "\(report.problems) \(report.violations)")
        #expect(report.reads > 0 && report.writes > 0 && report.flushes > 0 && report.bursts > 0)
        #expect(report.faultsInjected.total > 0)
        #expect(report.faultsInjected.mediumErrors > 0 && report.faultsInjected.timeouts > 0)
        #expect(report.faultsInjected.lostInterrupts > 0 && report.faultsInjected.busResets > 0 && report.faultsInjected.busy > 0)
        #expect(report.mismatches == 0 && report.lostWrites == 0)
        #expect(report.doubleCompletions == 0 && report.missingCompletions == 0)
        #expect(report.requests == report.completions)
        #expect(report.finalCheckBlocks == 4096)
    }

    @Test("The same seed gives the same mix")
    func seedIsReproducible() throws {
        let first = try Soak(.init(operations: 300, seed: 42, faults: true)).run()
        let second = try Soak(.init(operations: 300, seed: 42, faults: true)).run()
        #expect(first.reads == second.reads && first.writes == second.writes && first.bursts == second.bursts)
        #expect(first.faultsInjected == second.faultsInjected && first.errors == second.errors)
        #expect(first.requests == second.requests)
    }

    @Test("A disk that silently drops writes is caught: lost writes reported, the soak fails")
    func droppedWritesAreCaught() throws {
        let report = try Soak(.init(operations: 2000, seed: 3, faults: false, lostWrites: 4)).run()
        #expect(report.faultsInjected.droppedWrites == 4)
        #expect(report.lostWrites > 0)
        #expect(!report.passed)
        #expect(report.problems.contains { $0.contains("a lost write") })
    }

    @Test("Block stamps: zeros, another block's data, torn data and foreign data are told apart")
    func stampsDecode() {
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 8)
        defer { block.deallocate() }
        block.initializeMemory(as: UInt8.self, repeating: 0)
        #expect(BlockStamp.decode(UnsafeRawBufferPointer(block), seed: 9) == .zeros)
        BlockStamp.stamp(block, seed: 9, lba: 77, generation: 5)
        #expect(BlockStamp.decode(UnsafeRawBufferPointer(block), seed: 9) == .stamped(lba: 77, generation: 5))
        if case .foreign = BlockStamp.decode(UnsafeRawBufferPointer(block), seed: 10) {} else {
            Issue.record("another seed's data decoded as this seed's")
        }
        block[300] ^= 1
        if case .foreign(let reason) = BlockStamp.decode(UnsafeRawBufferPointer(block), seed: 9) {
            #expect(reason.contains("torn or corrupt"))
        } else {
            Issue.record("a torn block decoded as whole")
        }
    }

    @Test("miniport soak: bad --ops is refused with a range message and status 64, in JSON too")
    func badInput() throws {
        let negative = try miniport(["soak", "--ops", "-5"])
        #expect(negative.status == 64)
        #expect(negative.error.contains("--ops must be a whole number from 1 to 1000000000, not '-5'"), "\(negative)")
        #expect(!negative.error.contains("Missing value"))
        let zero = try miniport(["soak", "--ops", "0", "--json"])
        #expect(zero.status == 64)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(zero.output.utf8)) as? [String: Any])
        #expect((json["error"] as? String)?.contains("--ops must be") == true)
        let seed = try miniport(["soak", "--seed", "x", "--json"])
        #expect(seed.status == 64)
        #expect(seed.output.contains("--seed must be"))
        let missing = try miniport(["soak", "--miniport", "/nonexistent/x.so", "--json"])
        #expect(missing.status == 64)
        #expect(missing.output.contains("/nonexistent/x.so") && missing.output.lowercased().contains("no such file"), "\(missing.output)")
    }

    @Test("miniport soak --json: one document; a lost-write self-test exits 1")
    func cliReports() throws {
        let ok = try miniport(["soak", "--ops", "400", "--faults", "--json"])
        #expect(ok.status == 0, "\(ok)")
        let report = try JSONDecoder().decode(Soak.Report.self, from: Data(ok.output.utf8))
        #expect(report.passed && report.operations == 400)
        let broken = try miniport(["soak", "--ops", "600", "--lose-writes", "3", "--json"])
        #expect(broken.status == 1)
        let failed = try JSONDecoder().decode(Soak.Report.self, from: Data(broken.output.utf8))
        #expect(!failed.passed && failed.lostWrites > 0)
        let text = try miniport(["soak", "--ops", "200"])
        #expect(text.status == 0 && text.output.contains("result       PASSED"), "\(text)")
    }
}
