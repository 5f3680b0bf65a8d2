import CMiniportABI
import Foundation
import MiniportPlatform
import Synchronization
import Testing
@testable import MiniportKit

/// The concurrent StorPort engine (``PortDriver/concurrentStorPort``) on the virtual rules
/// fixture with two concurrent channels, on a machine of two processors. (The multi-queue
/// examples under it: MultiQueueTests.)
@Suite("Concurrent StorPort engine")
struct ConcurrentStorPortTests {
    /// The rules fixture built with concurrent channels and `defines`, loaded on a 2-processor
    /// machine, the concurrent engine asked for.
    func load(_ defines: [String], concurrent: Bool = true, in dir: URL) throws -> PortDriver {
        let name = "rules_concurrent_" + defines.joined(separator: "_").lowercased() + ".so"
        let path = try FixtureBuilder.buildSharedObject(["storport_rules.c"], name: name,
                                                        extraFlags: defines.map { "-D" + $0 }, in: dir)
        let driver = try PortDriver.load(path: path, machine: Machine(processors: 2))
        driver.concurrentStorPort = concurrent
        return driver
    }

    /// `rounds` READs of 8 blocks from each processor at once (a thread each), processor n's at
    /// block `firstLBA` + 8n; the SRB statuses, processor 0's first.
    func readFromBothProcessors(_ adapter: PortAdapter, machine: Machine, firstLBA: UInt64 = 0,
                                rounds: Int = 1) -> [[UInt8]] {
        nonisolated(unsafe) let shared = adapter
        nonisolated(unsafe) let machine = machine
        let statuses = Mutex<[[UInt8]]>([[], []])
        DispatchQueue.concurrentPerform(iterations: 2) { processor in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 8 * 512, alignment: 4096)
            defer { buffer.deallocate() }
            machine.run(onProcessor: processor) {
                for _ in 0..<rounds {
                    let read = DiskClass.readWriteCommand(lba: firstLBA + UInt64(processor) * 8, blocks: 8, write: false)
                    let result = shared.execute(PortAdapter.Request(command: read.bytes, length: read.length,
                                                                    direction: .dataIn, buffer: buffer))
                    statuses.withLock { $0[processor].append(result.srbStatus & 0x3F) }
                }
            }
        }
        return statuses.withLock { $0 }
    }

    @Test("HwStartIo runs on two channels at once: each waits in HwStartIo until the other is in it too")
    func startIoOnTwoChannelsAtOnce() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load(["WITH_CONCURRENT_CHANNELS", "WITH_RENDEZVOUS"], in: dir)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.concurrent)
        #expect(driver.log.contains { $0.message.hasPrefix("concurrent engine: HwStartIo on 2 channel(s)") })
        // Blocks 8192 and up: the fixture's rendezvous (SRB_STATUS_TIMEOUT when no partner came).
        let statuses = readFromBothProcessors(adapter, machine: driver.machine, firstLBA: 8192)
        #expect(statuses == [[UInt8(SRB_STATUS_SUCCESS)], [UInt8(SRB_STATUS_SUCCESS)]],
                "both HwStartIo calls met inside the routine: \(statuses)")
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("The lock checks are per thread: a HwStartIo that returns holding a lock is reported on each channel, and the lock is released for it")
    func lockLeftPerThread() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load(["WITH_CONCURRENT_CHANNELS", "RULE_LOCK_LEFT"], in: dir)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.concurrent)
        // Had the port not released the real InterruptLock, the next HwStartIo would hang.
        let statuses = readFromBothProcessors(adapter, machine: driver.machine, rounds: 8)
        #expect(statuses.allSatisfy { $0 == Array(repeating: UInt8(SRB_STATUS_SUCCESS), count: 8) }, "\(statuses)")
        #expect(!driver.violations.isEmpty && driver.violations.allSatisfy {
            $0.rule == "lock.misuse" && $0.routine == "HwStartIo" && $0.detail.contains("returned holding InterruptLock")
        }, "\(driver.violations)")
    }

    @Test("HwStartIo takes its DpcLock (a real lock, made on first use) on both channels; nothing is misused")
    func dpcLockOnBothChannels() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load(["WITH_CONCURRENT_CHANNELS", "RULE_LOCK_ORDER"], in: dir)
        let adapter = try #require(driver.adapters.first)
        let statuses = readFromBothProcessors(adapter, machine: driver.machine, rounds: 16)
        #expect(statuses.allSatisfy { $0 == Array(repeating: UInt8(SRB_STATUS_SUCCESS), count: 16) }, "\(statuses)")
        #expect(driver.violations.isEmpty, "\(driver.violations)")
        #expect(!driver.log.contains { $0.message.contains("FAIL") }, "StorPortGetStartIoPerfParams gave a channel past the two")
    }

    @Test("RequestComplete takes no engine lock: HwStartIo's completions are claimed without it and ended by the engine")
    func completionWithoutEngineLock() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load(["WITH_CONCURRENT_CHANNELS"], in: dir)
        let adapter = try #require(driver.adapters.first)
        let before = adapter.completionsWithoutEngine
        let statuses = readFromBothProcessors(adapter, machine: driver.machine, rounds: 8)
        #expect(statuses.allSatisfy { $0 == Array(repeating: UInt8(SRB_STATUS_SUCCESS), count: 8) }, "\(statuses)")
        // The fixture completes every request in HwStartIo, which runs outside the engine lock.
        #expect(adapter.completionsWithoutEngine - before == 16)
        #expect(adapter.claimedCompletions.load(ordering: .relaxed) == -1, "every claimed completion was taken over")
        #expect(driver.violations.isEmpty, "\(driver.violations)")

        // The deterministic engine completes under its lock, as before.
        driver.concurrentStorPort = false
        let deterministic = adapter.completionsWithoutEngine
        _ = readFromBothProcessors(adapter, machine: driver.machine, rounds: 2)
        #expect(adapter.completionsWithoutEngine == deterministic)
    }

    @Test("A request completed twice without the engine lock is srb.double-completion, named for HwStartIo, and ends once")
    func doubleCompletionWithoutEngineLock() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load(["WITH_CONCURRENT_CHANNELS", "RULE_DOUBLE_COMPLETE"], in: dir)
        let adapter = try #require(driver.adapters.first)
        let statuses = readFromBothProcessors(adapter, machine: driver.machine, rounds: 4)
        #expect(statuses.allSatisfy { $0 == Array(repeating: UInt8(SRB_STATUS_SUCCESS), count: 4) }, "\(statuses)")
        let doubles = driver.violations.filter { $0.rule == "srb.double-completion" }
        #expect(doubles.count == 8 && doubles.allSatisfy { $0.routine == "HwStartIo" }, "\(driver.violations)")
        #expect(driver.violations.allSatisfy { $0.rule == "srb.double-completion" }, "\(driver.violations)")
        #expect(adapter.completionsWithoutEngine >= 8)
    }

    @Test("A request completed by a thread of the miniport's own, outside any routine, is ended by the engine from the shared list")
    func completionFromMiniportThread() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load(["WITH_CONCURRENT_CHANNELS", "WITH_COMPLETION_THREAD"], in: dir)
        let adapter = try #require(driver.adapters.first)
        let before = adapter.completionsWithoutEngine
        let statuses = readFromBothProcessors(adapter, machine: driver.machine, rounds: 4)
        #expect(statuses.allSatisfy { $0 == Array(repeating: UInt8(SRB_STATUS_SUCCESS), count: 4) }, "\(statuses)")
        #expect(adapter.completionsWithoutEngine - before == 8)
        #expect(adapter.claimedCompletions.load(ordering: .relaxed) == -1, "every claimed completion was taken over")
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("An SRB written after a completion claimed without the engine lock is srb.use-after-completion, and the write is undone")
    func writeAfterCompletionWithoutEngineLock() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load(["WITH_CONCURRENT_CHANNELS", "RULE_WRITE_AFTER_COMPLETE"], in: dir)
        let adapter = try #require(driver.adapters.first)
        let statuses = readFromBothProcessors(adapter, machine: driver.machine, rounds: 4)
        // The port goes on with what the miniport completed: SUCCESS, not the ERROR written after.
        #expect(statuses.allSatisfy { $0 == Array(repeating: UInt8(SRB_STATUS_SUCCESS), count: 4) }, "\(statuses)")
        let reports = driver.violations.filter { $0.rule == "srb.use-after-completion" }
        #expect(reports.count == 8 && reports.allSatisfy { $0.detail.contains("SrbStatus") }, "\(driver.violations)")
        #expect(adapter.completionsWithoutEngine >= 8)
    }

    @Test("Without concurrent channels the adapter keeps the deterministic engine, and says why")
    func needsConcurrentChannels() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load([], in: dir)
        let adapter = try #require(driver.adapters.first)
        #expect(!adapter.concurrent)
        #expect(driver.log.contains { $0.message.contains("concurrent engine not used: the miniport asked for no concurrent channels") })
        let statuses = readFromBothProcessors(adapter, machine: driver.machine)
        #expect(statuses == [[UInt8(SRB_STATUS_SUCCESS)], [UInt8(SRB_STATUS_SUCCESS)]])
    }

    @Test("The engine switches back to the deterministic one while idle, and on again")
    func switchesBack() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let driver = try load(["WITH_CONCURRENT_CHANNELS"], in: dir)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.concurrent)
        driver.concurrentStorPort = false
        #expect(!adapter.concurrent)
        #expect(driver.log.contains { $0.message.contains("deterministic engine: one routine at a time") })
        let statuses = readFromBothProcessors(adapter, machine: driver.machine, rounds: 4)
        #expect(statuses.allSatisfy { $0 == Array(repeating: UInt8(SRB_STATUS_SUCCESS), count: 4) }, "\(statuses)")
        driver.concurrentStorPort = true
        #expect(adapter.concurrent)
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }
}
