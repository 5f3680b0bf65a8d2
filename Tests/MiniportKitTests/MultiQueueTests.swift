import CMiniportABI
import Foundation
import Synchronization
import MiniportHBA
import MiniportPlatform
import MiniportVirtio
import Testing
@testable import MiniportKit

/// Several processors and a request queue per processor (`MiniportRunner.processors`,
/// `--processors`): the virtio-blk example (VIRTIO_BLK_F_MQ) and the StorPort example for the
/// project's HBA (queue pairs, interface 1.1) ask StorPort for a concurrent channel and an
/// MSI-X message per queue, and send each request to its channel's queue; StorPort passes a
/// request in its submitting processor's channel.
@Suite("Processors and multi-queue")
struct MultiQueueTests {
    /// The two multi-queue examples and their devices.
    enum Example: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case virtioBlk = "virtio-blk"
        case storphba = "StorPort HBA"

        var testDescription: String { rawValue }
        var source: String {
            self == .virtioBlk ? "Examples/VirtioBlkMiniport/virtioblk.c" : "Examples/StorPortPhba/storphba.c"
        }
        var adapter: AdapterKind { self == .virtioBlk ? .virtioBlkModern : .phba }

        /// Requests the device took from `queue` so far.
        func taken(_ controller: any StorageController, queue: Int) -> Int {
            if let virtio = controller as? VirtioPCIDevice { return virtio.chainsTaken(queue: queue) }
            return (controller as? EmulatedHBA)?.commandsTaken(queue: queue) ?? -1
        }
    }

    func runner(processors: Int, deviceThreads: Bool = false, example: Example = .virtioBlk,
                concurrent: Bool = false) -> MiniportRunner {
        var runner = MiniportRunner(miniportPath: FixtureBuilder.root.appendingPathComponent(example.source).path,
                                    sdkRoot: FixtureBuilder.root.path)
        runner.adapter = example.adapter
        runner.processors = processors
        runner.deviceThreads = deviceThreads
        runner.concurrentStorPort = concurrent
        runner.dumpMemoryBytes = 1 << 20
        return runner
    }

    /// A batch of 16 WRITEs then 16 READs from each processor in turn: every request succeeds,
    /// every byte comes back, and each processor's requests went to the device queue of its
    /// channel (the device counts the chains each queue carried).
    func batchesFromEveryProcessor(processors: Int, deviceThreads: Bool, example: Example) throws {
        let session = try runner(processors: processors, deviceThreads: deviceThreads, example: example).boot()
        let device = session.controller
        let (port, unit) = try #require(session.bootDevice)
        #expect(session.machine.processors == processors)
        #expect(port.performanceOptions & UInt32(STOR_PERF_CONCURRENT_CHANNELS) != 0)
        #expect(session.driver.log.contains { $0.message.contains("concurrent channels: \(processors)") },
                "the driver asked for a channel per queue")
        #expect(session.driver.log.contains { $0.message.contains("\(processors) queue(s)") })
        _ = port.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))   // a fresh disk's unit attention
        let depth = 16, blocks = 8, bytes = blocks * 512
        for processor in 0..<processors {
            let before = (0..<processors).map { example.taken(device, queue: $0) }
            let written = (0..<depth).map { index in
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 4096)
                for offset in 0..<bytes {
                    buffer[offset] = UInt8(truncatingIfNeeded: index &* 31 &+ offset &* 7 &+ processor &* 13 &+ 1)
                }
                return buffer
            }
            let read = (0..<depth).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 4096) }
            defer { for buffer in written + read { buffer.deallocate() } }
            func requests(_ buffers: [UnsafeMutableRawBufferPointer], write: Bool) -> [PortAdapter.Request] {
                buffers.enumerated().map { index, buffer in
                    let lba = UInt64((processor * depth + index) * blocks)
                    let command = DiskClass.readWriteCommand(lba: lba, blocks: blocks, write: write)
                    return PortAdapter.Request(pathId: unit.pathId, targetId: unit.targetId, lun: unit.lun,
                                               command: command.bytes, length: command.length,
                                               direction: write ? .dataOut : .dataIn, buffer: buffer)
                }
            }
            session.machine.run(onProcessor: processor) {
                for result in port.execute(requests(written, write: true)) {
                    #expect(result.srbStatus & 0x3F == 0x01, "WRITE on processor \(processor) ended with \(result)")
                }
                for result in port.execute(requests(read, write: false)) {
                    #expect(result.srbStatus & 0x3F == 0x01, "READ on processor \(processor) ended with \(result)")
                }
            }
            for index in 0..<depth {
                #expect(memcmp(written[index].baseAddress!, read[index].baseAddress!, bytes) == 0,
                        "processor \(processor), request \(index) read back other bytes")
            }
            let after = (0..<processors).map { example.taken(device, queue: $0) }
            for queue in 0..<processors {
                let carried = after[queue] - before[queue]
                if queue == processor {
                    #expect(carried == 2 * depth, "processor \(processor)'s requests on queue \(queue): \(carried)")
                } else {
                    #expect(carried == 0, "processor \(processor)'s requests reached queue \(queue) (\(carried))")
                }
            }
        }
        #expect(session.machine.settleDevices())
        #expect(session.driver.violations.isEmpty, "\(session.driver.violations)")
        #expect(session.machine.memory.violationCount == 0)
    }

    @Test("A queue per processor: each processor's I/O goes to its own queue and reads back",
          arguments: Example.allCases, [2, 4])
    func queuePerProcessor(example: Example, processors: Int) throws {
        try batchesFromEveryProcessor(processors: processors, deviceThreads: false, example: example)
    }

    @Test("The same with the device consuming its queues on its own thread", arguments: Example.allCases)
    func queuePerProcessorDeviceThread(example: Example) throws {
        try batchesFromEveryProcessor(processors: 2, deviceThreads: true, example: example)
    }

    @Test("Two threads, one per processor, at once: each on its own queue, nothing lost or mixed up",
          arguments: Example.allCases, [false, true])
    func twoThreadsAtOnce(example: Example, deviceThreads: Bool) throws {
        try twoThreads(example: example, deviceThreads: deviceThreads, concurrent: false)
    }

    @Test("The concurrent engine: two threads at once, each on its own channel, queue and message",
          arguments: Example.allCases, [false, true])
    func twoThreadsConcurrentEngine(example: Example, deviceThreads: Bool) throws {
        try twoThreads(example: example, deviceThreads: deviceThreads, concurrent: true)
    }

    /// Two threads, one per processor, each writing and reading back its own blocks in rounds of
    /// `depth` requests at once.
    func twoThreads(example: Example, deviceThreads: Bool, concurrent: Bool) throws {
        let session = try runner(processors: 2, deviceThreads: deviceThreads, example: example, concurrent: concurrent).boot()
        #expect(session.driver.log.contains { $0.message.hasPrefix("concurrent engine") } == concurrent,
                "the port says which engine the adapter runs")
        #expect(session.bootDevice?.adapter.concurrent == concurrent)
        let device = session.controller
        let (port, unit) = try #require(session.bootDevice)
        _ = port.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))
        nonisolated(unsafe) let shared = port
        nonisolated(unsafe) let machine = session.machine
        let failures = Mutex<[String]>([])
        let depth = 16, blocks = 8, bytes = blocks * 512, rounds = 12
        DispatchQueue.concurrentPerform(iterations: 2) { thread in
            machine.run(onProcessor: thread) {
                let written = (0..<depth).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 4096) }
                let read = (0..<depth).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: bytes, alignment: 4096) }
                defer { for buffer in written + read { buffer.deallocate() } }
                for round in 0..<rounds {
                    for (index, buffer) in written.enumerated() {
                        for offset in 0..<bytes {
                            buffer[offset] = UInt8(truncatingIfNeeded: offset &* 5 &+ index &* 3 &+ round &* 11 &+ thread &* 101)
                        }
                    }
                    func requests(_ buffers: [UnsafeMutableRawBufferPointer], write: Bool) -> [PortAdapter.Request] {
                        buffers.enumerated().map { index, buffer in
                            let command = DiskClass.readWriteCommand(lba: UInt64((thread * depth + index) * blocks),
                                                                     blocks: blocks, write: write)
                            return PortAdapter.Request(pathId: unit.pathId, targetId: unit.targetId, lun: unit.lun,
                                                       command: command.bytes, length: command.length,
                                                       direction: write ? .dataOut : .dataIn, buffer: buffer)
                        }
                    }
                    let statuses = shared.execute(requests(written, write: true)).map(\.srbStatus)
                        + shared.execute(requests(read, write: false)).map(\.srbStatus)
                    if let bad = statuses.first(where: { $0 & 0x3F != 0x01 }) {
                        failures.withLock { $0.append("thread \(thread) round \(round): status \(bad)") }
                    }
                    for index in 0..<depth where memcmp(written[index].baseAddress!, read[index].baseAddress!, bytes) != 0 {
                        failures.withLock { $0.append("thread \(thread) round \(round) request \(index): other bytes") }
                    }
                }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0 })")
        // Each request started on its submitting processor: HwStartIo put it on that queue.
        let (zero, one) = (example.taken(device, queue: 0), example.taken(device, queue: 1))
        #expect(zero >= 2 * depth * rounds && one == 2 * depth * rounds, "queue 0 carried \(zero), queue 1 \(one)")
        #expect(session.machine.settleDevices())
        #expect(session.driver.violations.isEmpty, "\(session.driver.violations)")
    }

    @Test("Every scenario (faults, resets, crash dump, hibernation) passes with two queues; the dump copy uses one",
          arguments: Example.allCases)
    func scenarios(example: Example) {
        let runner = runner(processors: 2, example: example)
        for scenario in MiniportRunner.Scenario.allCases {
            let report = runner.run(scenario)
            #expect(report.passed, "\(scenario): \(report.violations) \(report.errors)")
        }
    }

    @Test("Without MSI-X the driver keeps one queue and the InterruptLock", arguments: Example.allCases)
    func intxKeepsOneQueue(example: Example) throws {
        var runner = runner(processors: 2, example: example)
        runner.parameters.messageSignaledInterrupts = false
        let report = runner.run(.normal)
        #expect(report.passed, "\(report.violations) \(report.errors)")
        let session = try runner.boot()
        let device = session.controller
        let (port, _) = try #require(session.bootDevice)
        session.machine.run(onProcessor: 1) { _ = port.execute(.init(cdb: [0, 0, 0, 0, 0, 0])) }
        var buffer = [UInt8](repeating: 0, count: 512)
        let disk = try DiskClass(adapter: port, device: try #require(port.devices.first))
        try session.machine.run(onProcessor: 1) { () throws -> Void in
            try buffer.withUnsafeMutableBytes { try disk.read(lba: 0, into: $0) }
        }
        #expect(example.taken(device, queue: 1) == 0 && example.taken(device, queue: 0) > 0)
        #expect(session.driver.log.contains { $0.message.contains("1 queue(s)") })
    }

    @Test("With an interrupt message range, StorPort names the submitting processor's message within it")
    func messageRange() throws {
        let session = try runner(processors: 4).boot()
        let (port, _) = try #require(session.bootDevice)
        let stor = try #require(port.stor)
        port.withEngine { stor.redirectionMessages = 1...2 }
        let messages = (0..<4).map { processor in
            session.machine.run(onProcessor: processor) { port.withEngine { port.submittingMessage } }
        }
        #expect(messages == [1, 2, 1, 2], "processors spread over messages 1 and 2 in order")
    }

    @Test("StorPort's channel and message follow the submitting processor")
    func channelFollowsProcessor() throws {
        let session = try runner(processors: 4).boot()
        let (port, _) = try #require(session.bootDevice)
        for processor in 0..<4 {
            let channel = session.machine.run(onProcessor: processor) { port.withEngine { port.submittingChannel } }
            #expect(channel == UInt32(processor), "processor \(processor) got channel \(channel)")
            let message = session.machine.run(onProcessor: processor) { port.withEngine { port.submittingMessage } }
            #expect(message == UInt32(processor), "processor \(processor) got message \(message)")
        }
    }
}
