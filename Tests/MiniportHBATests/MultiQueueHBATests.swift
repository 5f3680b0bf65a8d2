import Foundation
import MiniportHBA
import MiniportPlatform
import MiniportSCSI
import Testing

/// One extra queue pair driven through its register block (``HBAQueueRegister``).
final class QueuePairDriver {
    let driver: RingDriver
    let queue: Int
    let entries: UInt32
    let requestRing: PhysicalMemory.DMARegion
    let completionRing: PhysicalMemory.DMARegion
    private(set) var requestTail: UInt32 = 0
    private(set) var completionHead: UInt32 = 0

    init(_ driver: RingDriver, queue: Int, entries: UInt32 = 8) {
        self.driver = driver
        self.queue = queue
        self.entries = entries
        requestRing = driver.buffer(Int(entries) * HBARequestLayout.size, "queue \(queue) requests")
        completionRing = driver.buffer(Int(entries) * HBACompletionLayout.size, "queue \(queue) completions")
    }

    func register(_ offset: UInt64) -> UInt64 { HBAQueueRegister.base + UInt64(queue) * HBAQueueRegister.stride + offset }
    func read(_ offset: UInt64) -> UInt32 { driver.read(register(offset)) }
    func write(_ offset: UInt64, _ value: UInt32) { driver.write(register(offset), value) }

    /// Programs the rings and sets QUEUE_ENABLE.
    func enable(requestAt request: UInt64? = nil) {
        let requestAddress = request ?? requestRing.physicalAddress
        write(HBAQueueRegister.requestRingLow, UInt32(truncatingIfNeeded: requestAddress))
        write(HBAQueueRegister.requestRingHigh, UInt32(truncatingIfNeeded: requestAddress >> 32))
        write(HBAQueueRegister.completionRingLow, UInt32(truncatingIfNeeded: completionRing.physicalAddress))
        write(HBAQueueRegister.completionRingHigh, UInt32(truncatingIfNeeded: completionRing.physicalAddress >> 32))
        write(HBAQueueRegister.ringEntries, entries)
        write(HBAQueueRegister.queueEnable, 1)
        requestTail = 0
        completionHead = 0
    }

    /// A READ(10) of one block into `buffer`, rung at once.
    func read(tag: UInt32, lba: UInt32, into buffer: PhysicalMemory.DMARegion) {
        let slot = requestRing.hostAddress + Int(requestTail) * HBARequestLayout.size
        slot.initializeMemory(as: UInt8.self, repeating: 0, count: HBARequestLayout.size)
        slot.storeBytes(of: tag.littleEndian, toByteOffset: HBARequestLayout.tag, as: UInt32.self)
        let cdb = CDB.read10(lba: lba, blocks: 1)
        slot.storeBytes(of: UInt8(cdb.count), toByteOffset: HBARequestLayout.cdbLength, as: UInt8.self)
        slot.storeBytes(of: HBARequestLayout.flagDataIn, toByteOffset: HBARequestLayout.flags, as: UInt8.self)
        slot.storeBytes(of: UInt32(512).littleEndian, toByteOffset: HBARequestLayout.transferLength, as: UInt32.self)
        for (index, byte) in cdb.enumerated() { slot.storeBytes(of: byte, toByteOffset: HBARequestLayout.cdb + index, as: UInt8.self) }
        slot.storeBytes(of: buffer.physicalAddress.littleEndian, toByteOffset: HBARequestLayout.dataAddress, as: UInt64.self)
        requestTail = (requestTail + 1) % entries
        write(HBAQueueRegister.requestTail, requestTail)
    }

    /// The tags of the completions posted to this queue's ring since the last call.
    func reap() -> [UInt32] {
        var tags: [UInt32] = []
        let tail = read(HBAQueueRegister.completionTail)
        while completionHead != tail {
            let slot = completionRing.hostAddress + Int(completionHead) * HBACompletionLayout.size
            tags.append(UInt32(littleEndian: slot.load(fromByteOffset: HBACompletionLayout.tag, as: UInt32.self)))
            completionHead = (completionHead + 1) % entries
        }
        write(HBAQueueRegister.completionHead, completionHead)
        return tags
    }
}

/// The controller's queue pairs (interface 1.1): register blocks, enabling, per-queue
/// completion, MSI-X vectors per queue, and the checks a hostile driver meets.
@Suite("HBA queue pairs and MSI-X")
struct MultiQueueHBATests {
    static func driver(queues: Int, execution: DeviceExecution = .inline) throws -> (RingDriver, SCSIDisk) {
        var configuration = EmulatedHBA.Configuration(queues: queues)
        configuration.execution = execution
        return try makeDriver(blocks: 64, entries: 8, configuration: configuration)
    }

    /// The MSI-X vectors a function sent.
    final class Messages: @unchecked Sendable {
        private let lock = NSLock()
        private var sent: [Int] = []
        func append(_ vector: Int) { lock.withLock { sent.append(vector) } }
        var vectors: [Int] { lock.withLock { sent } }
    }

    /// Records the MSI-X vectors the function sends (MSI-X enabled, data = vector).
    static func recordMessages(_ function: PCIFunction) -> Messages {
        let messages = Messages()
        function.configureMSIX(enable: true, data: { UInt32($0) })
        function.onMessage = { vector, _, _ in messages.append(vector) }
        return messages
    }

    @Test("One queue is the interface 1.0 controller: CAP_QUEUES 1, no MSI-X, no queue blocks beyond queue 0's")
    func singleQueueDefault() throws {
        let (driver, _) = try makeDriver()
        #expect(driver.read(HBARegister.capQueues) == 1)
        #expect(driver.read(HBARegister.version) == HBAValue.version)
        #expect(driver.hba.msix == nil && driver.hba.bars.count == 2 && driver.function.msixVectors == 0)
        // Queue 0's block is another view of the ring registers.
        let zero = QueuePairDriver(driver, queue: 0)
        #expect(zero.read(HBAQueueRegister.ringEntries) == driver.read(HBARegister.ringEntries))
        #expect(zero.read(HBAQueueRegister.queueEnable) == 1)
        // A queue the controller does not have: reads 0, writes are invalid accesses.
        let one = QueuePairDriver(driver, queue: 1)
        #expect(one.read(HBAQueueRegister.ringEntries) == 0)
        let before = driver.hba.invalidRegisterAccesses
        one.write(HBAQueueRegister.ringEntries, 8)
        #expect(driver.hba.invalidRegisterAccesses == before + 1)
    }

    @Test("Four queues: CAP_QUEUES, an MSI-X vector per queue, each queue's commands complete in its own ring on its own vector")
    func perQueueCompletionAndVectors() throws {
        let (driver, _) = try Self.driver(queues: 4)
        #expect(driver.read(HBARegister.capQueues) == 4)
        #expect(driver.function.msixVectors == 4 && driver.hba.bars.count == 3)
        let vectors = Self.recordMessages(driver.function)
        let queues = (1..<4).map { QueuePairDriver(driver, queue: $0) }
        for queue in queues { queue.enable() }
        #expect(queues.allSatisfy { $0.read(HBAQueueRegister.queueEnable) == 1 })
        let buffer = driver.buffer(512)
        for queue in queues.reversed() { queue.read(tag: UInt32(0x100 + queue.queue), lba: 1, into: buffer) }
        #expect(vectors.vectors == [3, 2, 1], "each completion on its queue's vector")
        for queue in queues { #expect(queue.reap() == [UInt32(0x100 + queue.queue)]) }
        #expect(driver.read(HBARegister.completionTail) == 0, "queue 0's ring stays empty")
        #expect(!driver.hba.interruptAsserted, "INTA# is not used while MSI-X is enabled")
        // Queue 0 keeps its vector 0.
        #expect(driver.run(tag: 7, cdb: CDB.testUnitReady)?.tag == 7)
        #expect(vectors.vectors.last == 0)
    }

    @Test("Without MSI-X every queue's completions drive INTA#")
    func intxForEveryQueue() throws {
        let (driver, _) = try Self.driver(queues: 2)
        let queue = QueuePairDriver(driver, queue: 1)
        queue.enable()
        queue.read(tag: 9, lba: 0, into: driver.buffer(512))
        #expect(driver.hba.interruptAsserted)
        #expect(queue.reap() == [9])
        driver.write(HBARegister.interruptStatus, HBAValue.interruptCompletion)
        #expect(!driver.hba.interruptAsserted)
    }

    @Test("A queue runs only on an enabled controller, with rings of its own; a hostile setup stops the controller")
    func hostileQueueSetup() throws {
        // QUEUE_ENABLE before CONTROL.ENABLE.
        let (idle, _) = try Self.driver(queues: 2)
        idle.write(HBARegister.control, 0)
        QueuePairDriver(idle, queue: 1).enable()
        #expect(idle.read(HBARegister.error) == HBAErrorCode.notReady.rawValue)
        // Queue 1's request ring on top of queue 0's.
        let (overlap, _) = try Self.driver(queues: 2)
        QueuePairDriver(overlap, queue: 1).enable(requestAt: overlap.requestRing.physicalAddress)
        #expect(overlap.read(HBARegister.error) == HBAErrorCode.badRingConfiguration.rawValue)
        // A doorbell past the ring on queue 1.
        let (tail, _) = try Self.driver(queues: 2)
        let queue = QueuePairDriver(tail, queue: 1)
        queue.enable()
        queue.write(HBAQueueRegister.requestTail, 8)
        #expect(tail.read(HBARegister.error) == HBAErrorCode.badRequestTail.rawValue)
        // Ring registers are frozen while the queue runs; queue 0's QUEUE_ENABLE is read-only.
        let (frozen, _) = try Self.driver(queues: 2)
        let running = QueuePairDriver(frozen, queue: 1)
        running.enable()
        running.write(HBAQueueRegister.ringEntries, 64)
        #expect(running.read(HBAQueueRegister.ringEntries) == 8)
        let before = frozen.hba.invalidRegisterAccesses
        QueuePairDriver(frozen, queue: 0).write(HBAQueueRegister.queueEnable, 0)
        #expect(frozen.hba.invalidRegisterAccesses == before + 1 && frozen.read(HBARegister.status) == HBAValue.statusReady)
    }

    @Test("Disabling a queue drops its held commands and leaves the other queues' alone; a controller reset disables every queue")
    func disableDropsOnlyThatQueue() throws {
        let (driver, _) = try Self.driver(queues: 2)
        let queue = QueuePairDriver(driver, queue: 1)
        queue.enable()
        _ = driver.hba.faults.inject(.timeout, bus: 0, target: 0, lun: 0, count: 2)
        queue.read(tag: 1, lba: 0, into: driver.buffer(512))
        driver.queue(tag: 2, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(queue.read(HBAQueueRegister.queueOutstanding) == 1)
        #expect(driver.read(HBARegister.outstanding) == 2)
        queue.write(HBAQueueRegister.queueEnable, 0)
        #expect(queue.read(HBAQueueRegister.queueOutstanding) == 0 && driver.read(HBARegister.outstanding) == 1)
        queue.enable()
        driver.write(HBARegister.control, HBAValue.controlReset)
        #expect(queue.read(HBAQueueRegister.queueEnable) == 0 && queue.read(HBAQueueRegister.ringEntries) == 0)
        #expect(driver.read(HBARegister.outstanding) == 0)
    }

    @Test("A bus reset ends held commands into the queues they came from")
    func busResetPerQueue() throws {
        let (driver, _) = try Self.driver(queues: 2)
        let queue = QueuePairDriver(driver, queue: 1)
        queue.enable()
        _ = driver.hba.faults.inject(.timeout, bus: 0, target: 0, lun: 0, count: 2)
        queue.read(tag: 11, lba: 0, into: driver.buffer(512))
        driver.queue(tag: 12, cdb: CDB.testUnitReady)
        driver.ring()
        driver.write(HBARegister.busReset, 0)
        #expect(queue.reap() == [11])
        #expect(driver.reap().map(\.tag) == [12])
    }

    @Test("On the controller's own thread both queues are served, each completion on its vector")
    func deviceThreadServesEveryQueue() throws {
        let (driver, _) = try Self.driver(queues: 2, execution: .ownThread)
        let vectors = Self.recordMessages(driver.function)
        let queue = QueuePairDriver(driver, queue: 1)
        queue.enable()
        let buffer = driver.buffer(512)
        queue.read(tag: 21, lba: 2, into: buffer)
        driver.queue(tag: 22, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(driver.machine.quiesceDevices())
        driver.machine.clock.runPostedEvents()
        #expect(queue.reap() == [21])
        #expect(driver.reap().map(\.tag) == [22])
        #expect(Set(vectors.vectors) == [0, 1])
        #expect(driver.hba.workerRounds > 0)
    }
}
