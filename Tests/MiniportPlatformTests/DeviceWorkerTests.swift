import Foundation
import Synchronization
import Testing
@testable import MiniportPlatform

/// The platform side: a worker's accounting, events posted to the clock, and refusals seen on a
/// device's thread.
@Suite("Device workers")
struct DeviceWorkerTests {
    @Test("A worker counts its work in flight, posts what it signals and tells when a round ended")
    func accounting() throws {
        let machine = Machine()
        let function = try machine.plug(ProbeDevice(), slot: 2)
        let ended = Atomic<Int>(0)
        function.onAsynchronousWorkEnded = { ended.add(1, ordering: .relaxed) }
        let onWorker = Atomic<Int>(-1)
        let worker = DeviceWorker(name: "probe", function: function) {
            onWorker.store(DeviceWorker.isCurrentThread ? 1 : 0, ordering: .relaxed)
            // A refused DMA and a report from the device's thread: posted, not done here.
            _ = function.dma(0xDEAD_0000, length: 4, access: .read)
            function.reportProtocolViolation("probe")
        }
        #expect(machine.memory.isShared)
        worker.wake()
        var waited = 0
        while ended.load(ordering: .relaxed) == 0, waited < 5_000 {
            usleep(1_000)
            waited += 1
        }
        #expect(ended.load(ordering: .relaxed) == 1)
        #expect(function.asynchronousWork == 0)
        #expect(worker.rounds == 1)
        #expect(onWorker.load(ordering: .relaxed) == 1)
        #expect(!DeviceWorker.isCurrentThread)
        // Nothing happened on the machine's side until its driving thread runs the posts.
        #expect(machine.memory.violationCount == 0)
        #expect(function.protocolViolationCount == 0)
        #expect(machine.clock.hasPostedEvents)
        #expect(machine.clock.runPostedEvents())
        #expect(machine.memory.violationCount == 1)
        #expect(function.protocolViolations == ["probe"])
        worker.stop()
        // After stop, a wake runs the work on the caller's thread.
        worker.wake()
        #expect(onWorker.load(ordering: .relaxed) == 0)
        #expect(function.asynchronousWork == 0)
        // The inline round's refusal and report happened at once.
        #expect(!machine.clock.hasPostedEvents)
        #expect(machine.memory.violationCount == 2)
        #expect(function.protocolViolationCount == 2)
    }

    @Test("Events posted from another thread run on the driving thread: at once, or as timers")
    func posting() {
        let clock = VirtualClock()
        // Only post(after:_:) is called from the other thread.
        nonisolated(unsafe) let poster = clock
        let log = Mutex<[String]>([])
        let thread = Thread {
            poster.post { log.withLock { $0.append("now") } }
            poster.post(after: 1_000) { log.withLock { $0.append("later") } }
        }
        thread.start()
        while !clock.hasPostedEvents { usleep(100) }
        while log.withLock({ $0.isEmpty }) { _ = clock.runPostedEvents(); usleep(100) }
        #expect(log.withLock { $0 } == ["now"])
        #expect(clock.pendingTimers == 1)
        clock.advance(by: 999)
        #expect(log.withLock { $0 } == ["now"])
        clock.advance(by: 1)
        #expect(log.withLock { $0 } == ["now", "later"])
    }
}
