import Testing
@testable import MiniportKit

/// How `miniport bench` times a figure beside its baseline.
@Suite("Bench timing: figures and baselines in turns")
struct BenchTimingTests {
    @Test("interleaved: every workload runs one batch per round, in order, with enter and leave around it, untimed")
    func interleavedTurns() throws {
        var log: [String] = []
        var inside = [false, false]
        var calls = [0, 0]
        var indices: [Int] = []
        let timed = try MiniportBench.interleaved(seconds: 0, [
            MiniportBench.Turn(3, { index in
                #expect(inside[0], "a call outside enter/leave")
                calls[0] += 1
                indices.append(index)
            }, enter: { inside[0] = true; log.append("enter 0") }, leave: { inside[0] = false; log.append("leave 0") }),
            MiniportBench.Turn(2, { _ in
                #expect(!inside[0])
                calls[1] += 1
            }),
        ])
        // With no time budget, the minimum of five rounds.
        #expect(timed.count == 2)
        #expect(timed[0].count == 5 && timed[1].count == 5)
        #expect(calls == [15, 10])
        #expect(log == Array(repeating: ["enter 0", "leave 0"], count: 5).flatMap { $0 })
        #expect(timed.allSatisfy { $0.allSatisfy { $0 >= 0 } })
        // Consecutive indices, each round after the last (the reads cycle over the working set).
        #expect(indices == Array(0..<15))
    }

    @Test("interleaved: a workload's error ends the timing and reaches the caller")
    func interleavedError() {
        struct Stop: Error {}
        var second = 0
        #expect(throws: Stop.self) {
            _ = try MiniportBench.interleaved(seconds: 0, [
                MiniportBench.Turn(1, { index in if index >= 1 { throw Stop() } }),
                MiniportBench.Turn(1, { _ in second += 1 }),
            ])
        }
        #expect(second == 1, "the round that failed stopped before the next workload")
    }
}
