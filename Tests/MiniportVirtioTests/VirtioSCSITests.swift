import Testing
import MiniportPlatform
import MiniportSCSI
import MiniportVirtio

/// Builds virtio-scsi requests.
enum SCSIRequest {
    static func lun(target: UInt8, lun: UInt16) -> [UInt8] {
        let field = VirtioSCSI.encodeLUN(target: target, lun: lun)
        return [field.0, field.1, field.2, field.3, field.4, field.5, field.6, field.7]
    }

    /// A command header with a `cdbSize`-byte CDB field.
    static func command(lun: [UInt8], tag: UInt64 = 1, cdb: [UInt8], cdbSize: Int = 32) -> [UInt8] {
        lun + .le(tag) + [0, 0, 0] + cdb + [UInt8](repeating: 0, count: cdbSize - cdb.count)
    }

    static func tmf(_ subtype: UInt32, lun: [UInt8], tag: UInt64 = 0) -> [UInt8] {
        .le(UInt32(0)) + .le(subtype) + lun + .le(tag)
    }

    static let inquiry: [UInt8] = [0x12, 0, 0, 0, 36, 0]
    static let testUnitReady: [UInt8] = [0, 0, 0, 0, 0, 0]

    static func read10(lba: UInt32, blocks: UInt16) -> [UInt8] {
        [0x28, 0] + bigEndian(lba) + [0, UInt8(blocks >> 8), UInt8(blocks & 0xFF), 0]
    }

    static func write10(lba: UInt32, blocks: UInt16) -> [UInt8] {
        [0x2A, 0] + bigEndian(lba) + [0, UInt8(blocks >> 8), UInt8(blocks & 0xFF), 0]
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}

/// A decoded command response (the 12-byte header and the sense bytes).
struct SCSIResponse {
    var senseLength: UInt32
    var residual: UInt32
    var status: UInt8
    var response: UInt8
    var sense: [UInt8]
    var dataIn: [UInt8]

    init(_ bytes: [UInt8], senseSize: Int = 96) {
        senseLength = bytes.le(UInt32.self, at: 0)
        residual = bytes.le(UInt32.self, at: 4)
        status = bytes[10]
        response = bytes[11]
        sense = Array(bytes[12..<(12 + Int(min(senseLength, UInt32(senseSize))))])
        dataIn = Array(bytes[(12 + senseSize)...])
    }

    /// Sense key / ASC / ASCQ of fixed-format sense.
    var senseCode: (UInt8, UInt8, UInt8)? {
        sense.count >= 14 ? (sense[2] & 0x0F, sense[12], sense[13]) : nil
    }
}

@Suite struct VirtioSCSITests {
    typealias R = VirtioSCSI.Response
    static let responseSize = 12 + 96
    static let hotplugAndChange: UInt64 = 1 << 1 | 1 << 2

    /// An adapter with a disk at target 0 LUN 0 (and target 2 LUN 0 when asked).
    func makeAdapter(blocks: UInt64 = 1024, secondTarget: Bool = false,
                     options: VirtioSCSIOptions = VirtioSCSIOptions()) throws -> (VirtioSCSIBackend, ChainDriver, [SCSIDisk]) {
        var targets: [SCSITarget] = []
        var disks: [SCSIDisk] = []
        for id: UInt8 in secondTarget ? [0, 2] : [0] {
            let disk = SCSIDisk(store: try RAMBlockStore(blockCount: blocks))
            let target = SCSITarget(id: id)
            try target.attach(disk, lun: 0)
            targets.append(target)
            disks.append(disk)
        }
        let adapter = VirtioSCSIBackend(targets: targets, options: options)
        return (adapter, ChainDriver(adapter), disks)
    }

    func command(_ driver: ChainDriver, queue: Int = 2, lun: [UInt8], tag: UInt64 = 1, cdb: [UInt8],
                 dataOut: [UInt8]? = nil, dataIn: Int = 0) -> (ChainDriver.Outcome, SCSIResponse) {
        var readable = [SCSIRequest.command(lun: lun, tag: tag, cdb: cdb)]
        if let dataOut { readable.append(dataOut) }
        let outcome = driver.run(queue: queue, readable: readable,
                                 writable: dataIn > 0 ? [Self.responseSize, dataIn] : [Self.responseSize])
        return (outcome, SCSIResponse(outcome.bytes))
    }

    @Test func configurationSpace() throws {
        let (adapter, _, _) = try makeAdapter(options: VirtioSCSIOptions(requestQueues: 3, queueSize: 128))
        typealias At = VirtioSCSI.ConfigOffset
        #expect(adapter.deviceType == 8 && adapter.configSize == 36)
        #expect(adapter.queueCount == 5)
        #expect(adapter.readConfig(offset: At.numQueues, width: 4) == 3)
        #expect(adapter.readConfig(offset: At.segMax, width: 4) == 126)
        #expect(adapter.readConfig(offset: At.maxSectors, width: 4) == 0xFFFF)
        #expect(adapter.readConfig(offset: At.cmdPerLUN, width: 4) == 128)
        #expect(adapter.readConfig(offset: At.eventInfoSize, width: 4) == 16)
        #expect(adapter.readConfig(offset: At.senseSize, width: 4) == 96)
        #expect(adapter.readConfig(offset: At.cdbSize, width: 4) == 32)
        #expect(adapter.readConfig(offset: At.maxChannel, width: 2) == 0)
        #expect(adapter.readConfig(offset: At.maxTarget, width: 2) == 255)
        #expect(adapter.readConfig(offset: At.maxLUN, width: 4) == 255)
        #expect(adapter.deviceFeatures == Self.hotplugAndChange)
        // sense_size and cdb_size are writable (clamped); other fields are not; reset restores.
        adapter.writeConfig(offset: At.senseSize, width: 4, value: 32)
        adapter.writeConfig(offset: At.cdbSize, width: 4, value: 0xFFFF_FFFF)
        adapter.writeConfig(offset: At.numQueues, width: 4, value: 9)
        #expect(adapter.readConfig(offset: At.senseSize, width: 4) == 32)
        #expect(adapter.readConfig(offset: At.cdbSize, width: 4) == 256)
        #expect(adapter.readConfig(offset: At.numQueues, width: 4) == 3)
        adapter.reset()
        #expect(adapter.readConfig(offset: At.senseSize, width: 4) == 96)
        #expect(adapter.readConfig(offset: At.cdbSize, width: 4) == 32)
    }

    @Test func lunEncoding() {
        #expect(SCSIRequest.lun(target: 3, lun: 5) == [1, 3, 0x40, 5, 0, 0, 0, 0])
        #expect(VirtioSCSI.decodeLUN(0x0540_0301) == .unit(target: 3, lun: 5))
        #expect(VirtioSCSI.decodeLUN(0x0700_0201) == .unit(target: 2, lun: 7))   // peripheral method
        #expect(VirtioSCSI.decodeLUN(0x0000_0002) == .badTarget)
        #expect(VirtioSCSI.decodeLUN(0x1_0040_0001) == .incorrectLUN(target: 0))  // bytes 4-7 set
        #expect(VirtioSCSI.decodeLUN(0x0080_0001) == .incorrectLUN(target: 0))    // extended method
        #expect(VirtioSCSI.decodeLUN(0x0001_0001) == .incorrectLUN(target: 0))    // peripheral with bus bits
    }

    @Test func inquiryAndReadWrite() throws {
        let (adapter, driver, _) = try makeAdapter()
        let lun0 = SCSIRequest.lun(target: 0, lun: 0)
        let (inquiry, response) = command(driver, lun: lun0, cdb: SCSIRequest.inquiry, dataIn: 36)
        #expect(response.response == R.ok && response.status == 0 && response.senseLength == 0)
        #expect(response.residual == 0)
        #expect(Array(response.dataIn[8..<16]) == Array("MINIPORT".utf8))
        #expect(inquiry.disposition == .complete(written: UInt32(Self.responseSize + 36)))

        let data = BlockRequest.pattern(1024, seed: 4)
        let (written, write) = command(driver, lun: lun0, cdb: SCSIRequest.write10(lba: 7, blocks: 2), dataOut: data)
        #expect(write.response == R.ok && write.status == 0 && write.residual == 0)
        #expect(written.disposition == .complete(written: UInt32(Self.responseSize)))
        let (_, read) = command(driver, lun: lun0, cdb: SCSIRequest.read10(lba: 7, blocks: 2), dataIn: 1024)
        #expect(read.status == 0 && read.dataIn == data)
        // A buffer larger than the transfer leaves a residual.
        let (_, short) = command(driver, lun: lun0, cdb: SCSIRequest.read10(lba: 7, blocks: 1), dataIn: 1024)
        #expect(short.status == 0 && short.residual == 512 && Array(short.dataIn.prefix(512)) == Array(data.prefix(512)))
        #expect(adapter.requestsByQueue == [4])
    }

    @Test func checkConditionCarriesSense() throws {
        let (_, driver, _) = try makeAdapter(blocks: 100)
        let (outcome, response) = command(driver, lun: SCSIRequest.lun(target: 0, lun: 0),
                                          cdb: SCSIRequest.read10(lba: 100, blocks: 1), dataIn: 512)
        #expect(response.response == R.ok && response.status == 2)
        #expect(response.senseLength == 18)
        #expect(response.senseCode! == (5, 0x21, 0))
        #expect(outcome.disposition == .complete(written: UInt32(Self.responseSize)))
        // An absent LUN on a present target: the target answers (05/25/00), as on the phba.
        let (_, absent) = command(driver, lun: SCSIRequest.lun(target: 0, lun: 3), cdb: SCSIRequest.testUnitReady)
        #expect(absent.response == R.ok && absent.status == 2 && absent.senseCode! == (5, 0x25, 0))
        // A smaller sense_size truncates the sense data.
        let adapter = driver.backend as! VirtioSCSIBackend
        adapter.writeConfig(offset: VirtioSCSI.ConfigOffset.senseSize, width: 4, value: 8)
        let small = driver.run(queue: 2, readable: [SCSIRequest.command(lun: SCSIRequest.lun(target: 0, lun: 3),
                                                                          cdb: SCSIRequest.testUnitReady)],
                               writable: [12 + 8])
        let bytes = small.bytes
        #expect(bytes.le(UInt32.self, at: 0) == 8 && bytes[10] == 2 && bytes[12] == 0x70)
    }

    @Test func addressingErrors() throws {
        let (_, driver, _) = try makeAdapter(options: VirtioSCSIOptions(maxLUN: 7))
        func response(_ lun: [UInt8]) -> UInt8 {
            command(driver, lun: lun, cdb: SCSIRequest.inquiry, dataIn: 36).1.response
        }
        #expect(response([2, 0, 0x40, 0, 0, 0, 0, 0]) == R.badTarget)          // byte 0 not 1
        #expect(response(SCSIRequest.lun(target: 5, lun: 0)) == R.badTarget)   // no target 5
        #expect(response([1, 0, 0x40, 0, 0, 0, 1, 0]) == R.incorrectLUN)       // bytes 4-7 set
        #expect(response([1, 0, 0x80, 0, 0, 0, 0, 0]) == R.incorrectLUN)       // extended addressing
        #expect(response(SCSIRequest.lun(target: 0, lun: 8)) == R.incorrectLUN)  // above max_lun
        #expect(response([1, 5, 0x80, 0, 0, 0, 0, 0]) == R.badTarget)          // malformed LUN, no target
        #expect(response([1, 0, 0x00, 0, 0, 0, 0, 0]) == R.ok)                 // peripheral addressing
        // A target the fault rules removed is gone too.
        driver.transport.faults.removeTarget(bus: 0, target: 0)
        #expect(response(SCSIRequest.lun(target: 0, lun: 0)) == R.badTarget)
    }

    @Test func malformedRequests() throws {
        let (adapter, driver, _) = try makeAdapter()
        let lun0 = SCSIRequest.lun(target: 0, lun: 0)
        // Header shorter than 19 + cdb_size.
        let short = driver.run(queue: 2, readable: [Array(SCSIRequest.command(lun: lun0, cdb: SCSIRequest.inquiry).prefix(40))],
                               writable: [Self.responseSize])
        #expect(short.disposition == .complete(written: 0))
        #expect(driver.transport.resetRequests.count == 1)
        // Response shorter than 12 + sense_size.
        driver.run(queue: 2, readable: [SCSIRequest.command(lun: lun0, cdb: SCSIRequest.inquiry)], writable: [50])
        #expect(driver.transport.resetRequests.count == 2)
        // A driver that sets cdb_size to 16 sends 35-byte headers.
        adapter.writeConfig(offset: VirtioSCSI.ConfigOffset.cdbSize, width: 4, value: 16)
        let small = driver.run(queue: 2, readable: [SCSIRequest.command(lun: lun0, cdb: SCSIRequest.testUnitReady, cdbSize: 16)],
                               writable: [Self.responseSize])
        #expect(SCSIResponse(small.bytes).response == R.ok && SCSIResponse(small.bytes).status == 0)
        // Data in both directions without VIRTIO_SCSI_F_INOUT.
        let both = driver.run(queue: 2, readable: [SCSIRequest.command(lun: lun0, cdb: SCSIRequest.write10(lba: 0, blocks: 1),
                                                                         cdbSize: 16), [UInt8](repeating: 0, count: 512)],
                              writable: [Self.responseSize, 512])
        #expect(SCSIResponse(both.bytes).response == R.failure)
        // Control requests: too short, unknown type.
        driver.run(queue: 0, readable: [[0, 0]], writable: [1])
        driver.run(queue: 0, readable: [.le(UInt32(9)) + [UInt8](repeating: 0, count: 20)], writable: [1])
        #expect(driver.transport.resetRequests.count == 4)
        // An event buffer too small for an event.
        driver.run(queue: 1, readable: [], writable: [8])
        #expect(driver.transport.resetRequests.count == 5)
    }

    @Test func taskManagementResponses() throws {
        let (_, driver, disks) = try makeAdapter()
        let lun0 = SCSIRequest.lun(target: 0, lun: 0)
        func tmf(_ subtype: UInt32, _ lun: [UInt8], tag: UInt64 = 0) -> UInt8 {
            let outcome = driver.run(queue: 0, readable: [SCSIRequest.tmf(subtype, lun: lun, tag: tag)], writable: [1])
            #expect(outcome.disposition == .complete(written: 1))
            return outcome.bytes[0]
        }
        typealias F = VirtioSCSI.TMF
        #expect(tmf(F.abortTask, lun0, tag: 9) == R.functionComplete)
        #expect(tmf(F.abortTaskSet, lun0) == R.functionComplete)
        #expect(tmf(F.clearACA, lun0) == R.functionComplete)
        #expect(tmf(F.clearTaskSet, lun0) == R.functionComplete)
        #expect(tmf(F.itNexusReset, lun0) == R.functionComplete)
        #expect(tmf(F.queryTask, lun0, tag: 9) == R.functionComplete)
        #expect(tmf(F.queryTaskSet, lun0) == R.functionComplete)
        #expect(tmf(42, lun0) == R.functionRejected)
        #expect(tmf(F.abortTask, SCSIRequest.lun(target: 4, lun: 0)) == R.badTarget)
        #expect(tmf(F.logicalUnitReset, SCSIRequest.lun(target: 0, lun: 2)) == R.incorrectLUN)
        #expect(tmf(F.logicalUnitReset, lun0) == R.functionComplete)
        // The logical unit saw the reset: its next command reports 06/29/03.
        let (_, attention) = command(driver, lun: lun0, cdb: SCSIRequest.testUnitReady)
        #expect(attention.status == 2 && attention.senseCode! == (6, 0x29, 0x03))
        #expect(disks[0].commandsExecuted == 1)
    }

    @Test func asynchronousNotificationRequests() throws {
        let (_, driver, _) = try makeAdapter()
        for type: UInt32 in [1, 2] {
            let request: [UInt8] = .le(type) + SCSIRequest.lun(target: 0, lun: 0) + .le(UInt32(0x7E))
            let outcome = driver.run(queue: 0, readable: [request], writable: [5])
            #expect(outcome.disposition == .complete(written: 5))
            #expect(outcome.bytes == [0, 0, 0, 0, R.ok])
        }
        let bad: [UInt8] = .le(UInt32(1)) + SCSIRequest.lun(target: 9, lun: 0) + .le(UInt32(2))
        #expect(driver.run(queue: 0, readable: [bad], writable: [5]).bytes[4] == R.badTarget)
    }

    @Test func hotplugEventsFillPostedBuffers() throws {
        let (adapter, driver, _) = try makeAdapter()
        adapter.featuresAccepted(Self.hotplugAndChange)
        let first = driver.run(queue: 1, readable: [], writable: [16])
        let second = driver.run(queue: 1, readable: [], writable: [10, 6])  // an event split over two descriptors
        #expect(first.disposition == .hold(written: 0) && second.disposition == .hold(written: 0))
        #expect(adapter.postedEventBuffers == 2)

        let target = SCSITarget(id: 6)
        try target.attach(SCSIDisk(store: try RAMBlockStore(blockCount: 8)), lun: 0)
        adapter.attach(target)
        #expect(driver.transport.completions == [.init(queue: 1, id: first.id, written: 16)])
        let rescan = first.bytes
        #expect(rescan.le(UInt32.self, at: 0) == VirtioSCSI.Event.transportReset)
        #expect(Array(rescan[4..<12]) == SCSIRequest.lun(target: 6, lun: 0))
        #expect(rescan.le(UInt32.self, at: 12) == VirtioSCSI.ResetReason.rescan)
        let (_, inquiry) = command(driver, lun: SCSIRequest.lun(target: 6, lun: 0), cdb: SCSIRequest.inquiry, dataIn: 36)
        #expect(inquiry.response == R.ok && inquiry.status == 0)

        adapter.detach(targetID: 6)
        let removed = second.bytes
        #expect(removed.le(UInt32.self, at: 0) == VirtioSCSI.Event.transportReset)
        #expect(removed.le(UInt32.self, at: 12) == VirtioSCSI.ResetReason.removed)
        #expect(command(driver, lun: SCSIRequest.lun(target: 6, lun: 0), cdb: SCSIRequest.inquiry, dataIn: 36).1.response
                == R.badTarget)
        #expect(adapter.eventsDelivered == 2 && adapter.postedEventBuffers == 0)
    }

    /// A logical unit that detaches its own target from the adapter while it executes a
    /// command (a user's model reacting to a command by unplugging the device).
    final class SelfRemovingUnit: SCSILogicalUnit {
        weak var adapter: VirtioSCSIBackend?
        var executed = 0
        func execute(_ cdb: SCSICDB, data: inout SCSIDataTransfer) -> SCSICompletion {
            executed += 1
            adapter?.detach(targetID: 5)
            return SCSICompletion(status: .good)
        }
        func reset(_ kind: SCSIResetKind) {}
    }

    @Test("A target detached while it executes a command survives the command (the command path holds it unretained)")
    func targetDetachedDuringItsCommand() throws {
        let (adapter, driver, _) = try makeAdapter()
        let unit = SelfRemovingUnit()
        unit.adapter = adapter
        do {
            let target = SCSITarget(id: 5)
            try target.attach(unit, lun: 0)
            adapter.attach(target)
        }   // the adapter holds the only reference to the target now
        let (_, first) = command(driver, lun: SCSIRequest.lun(target: 5, lun: 0), cdb: SCSIRequest.testUnitReady)
        #expect(first.response == R.ok && first.status == 0 && unit.executed == 1)
        #expect(adapter.target(5) == nil)
        #expect(command(driver, lun: SCSIRequest.lun(target: 5, lun: 0), cdb: SCSIRequest.testUnitReady).1.response
                == R.badTarget)
        #expect(unit.executed == 1)
    }

    @Test func missedEventsAreReported() throws {
        let (adapter, driver, _) = try makeAdapter()
        adapter.featuresAccepted(Self.hotplugAndChange)
        // No buffer posted: the event is lost and remembered.
        #expect(!adapter.reportCapacityChange(target: 0, lun: 0))
        #expect(adapter.eventsLost == 1)
        // The next buffer carries NO_EVENT | EVENTS_MISSED at once.
        let next = driver.run(queue: 1, readable: [], writable: [16])
        #expect(next.disposition == .complete(written: 16))
        #expect(next.bytes.le(UInt32.self, at: 0) == VirtioSCSI.Event.none | VirtioSCSI.Event.missed)
        // A parameter change with a buffer posted: ASC in bits 0-7, ASCQ in bits 8-15.
        let buffer = driver.run(queue: 1, readable: [], writable: [16])
        #expect(adapter.reportCapacityChange(target: 0, lun: 0))
        #expect(buffer.bytes.le(UInt32.self, at: 0) == VirtioSCSI.Event.parameterChange)
        #expect(Array(buffer.bytes[4..<12]) == SCSIRequest.lun(target: 0, lun: 0))
        #expect(buffer.bytes.le(UInt32.self, at: 12) == 0x092A)
    }

    @Test func eventsNeedTheirFeatures() throws {
        let (adapter, driver, _) = try makeAdapter()
        adapter.featuresAccepted(0)
        driver.run(queue: 1, readable: [], writable: [16])
        adapter.attach(SCSITarget(id: 3))
        #expect(!adapter.reportCapacityChange(target: 0, lun: 0))
        #expect(driver.transport.completions.isEmpty && adapter.postedEventBuffers == 1)
        adapter.reset()
        #expect(adapter.postedEventBuffers == 0)
    }

    @Test func heldCommandsEndWithAborted() throws {
        let (adapter, driver, _) = try makeAdapter(secondTarget: true)
        let faults = driver.transport.faults
        let lun0 = SCSIRequest.lun(target: 0, lun: 0)
        let data = BlockRequest.pattern(512, seed: 8)
        let rule = faults.inject(.timeout, target: 0, count: 3)
        // Executed, completion held.
        let (held, _) = command(driver, lun: lun0, tag: 77, cdb: SCSIRequest.write10(lba: 1, blocks: 1), dataOut: data)
        #expect(held.disposition == .hold(written: UInt32(Self.responseSize)))
        #expect(adapter.heldRequestCount == 1 && rule.fired == 1)
        let query = driver.run(queue: 0, readable: [SCSIRequest.tmf(VirtioSCSI.TMF.queryTask, lun: lun0, tag: 77)], writable: [1])
        #expect(query.bytes[0] == R.functionSucceeded)
        // ABORT TASK for another tag leaves it; for its tag ends it with ABORTED.
        driver.run(queue: 0, readable: [SCSIRequest.tmf(VirtioSCSI.TMF.abortTask, lun: lun0, tag: 78)], writable: [1])
        #expect(adapter.heldRequestCount == 1)
        let abort = driver.run(queue: 0, readable: [SCSIRequest.tmf(VirtioSCSI.TMF.abortTask, lun: lun0, tag: 77)], writable: [1])
        #expect(abort.bytes[0] == R.functionComplete)
        #expect(driver.transport.completions == [.init(queue: 2, id: held.id, written: UInt32(Self.responseSize))])
        #expect(SCSIResponse(held.bytes).response == R.aborted && SCSIResponse(held.bytes).residual == 512)
        #expect(adapter.heldRequestCount == 0 && adapter.abortedRequests == 1)
        // The command did execute (a timeout, not a lost command).
        let (_, read) = command(driver, lun: SCSIRequest.lun(target: 2, lun: 0), cdb: SCSIRequest.read10(lba: 1, blocks: 1), dataIn: 512)
        #expect(read.status == 0)
        // LOGICAL UNIT RESET and I_T NEXUS RESET end held commands too.
        let second = command(driver, lun: lun0, tag: 1, cdb: SCSIRequest.testUnitReady).0
        let third = command(driver, lun: lun0, tag: 2, cdb: SCSIRequest.testUnitReady).0
        #expect(adapter.heldRequestCount == 2)
        driver.run(queue: 0, readable: [SCSIRequest.tmf(VirtioSCSI.TMF.logicalUnitReset, lun: lun0)], writable: [1])
        #expect(SCSIResponse(second.bytes).response == R.aborted && SCSIResponse(third.bytes).response == R.aborted)
        #expect(adapter.heldRequestCount == 0 && driver.transport.completions.count == 3)
        faults.inject(.timeout, target: 0, count: 1)
        let fourth = command(driver, lun: lun0, tag: 3, cdb: SCSIRequest.testUnitReady).0
        driver.run(queue: 0, readable: [SCSIRequest.tmf(VirtioSCSI.TMF.itNexusReset, lun: lun0)], writable: [1])
        #expect(SCSIResponse(fourth.bytes).response == R.aborted && adapter.heldRequestCount == 0)
    }

    @Test func deviceResetDropsHeldCommands() throws {
        let (adapter, driver, _) = try makeAdapter()
        driver.transport.faults.inject(.timeout, count: nil)
        command(driver, lun: SCSIRequest.lun(target: 0, lun: 0), cdb: SCSIRequest.testUnitReady)
        command(driver, lun: SCSIRequest.lun(target: 0, lun: 0), tag: 2, cdb: SCSIRequest.testUnitReady)
        #expect(adapter.heldRequestCount == 2)
        adapter.reset()
        #expect(adapter.heldRequestCount == 0 && driver.transport.completions.isEmpty)
    }

    @Test func delayAndLostInterrupt() throws {
        let (_, driver, _) = try makeAdapter()
        let faults = driver.transport.faults
        faults.inject(.delay(nanoseconds: 5_000_000), count: 1)
        let lun0 = SCSIRequest.lun(target: 0, lun: 0)
        let delayed = command(driver, lun: lun0, cdb: SCSIRequest.inquiry, dataIn: 36).0
        #expect(delayed.disposition == .delay(written: UInt32(Self.responseSize + 36), nanoseconds: 5_000_000))
        faults.inject(.lostInterrupt, count: 1)
        let silent = command(driver, lun: lun0, cdb: SCSIRequest.testUnitReady).0
        #expect(silent.disposition == .completeSilently(written: UInt32(Self.responseSize)))
        #expect(command(driver, lun: lun0, cdb: SCSIRequest.testUnitReady).0.disposition
                == .complete(written: UInt32(Self.responseSize)))
    }

    @Test func multipleRequestQueues() throws {
        let (adapter, driver, _) = try makeAdapter(options: VirtioSCSIOptions(requestQueues: 4))
        #expect(adapter.queueCount == 6)
        let lun0 = SCSIRequest.lun(target: 0, lun: 0)
        let data = BlockRequest.pattern(512, seed: 6)
        #expect(command(driver, queue: 5, lun: lun0, cdb: SCSIRequest.write10(lba: 3, blocks: 1), dataOut: data).1.status == 0)
        #expect(command(driver, queue: 3, lun: lun0, cdb: SCSIRequest.read10(lba: 3, blocks: 1), dataIn: 512).1.dataIn == data)
        #expect(adapter.requestsByQueue == [0, 1, 0, 1])
    }
}
