import Testing
import MiniportSCSI
import MiniportVirtio

/// Seeded random requests: whatever a driver puts in a chain, the backends answer with a
/// defined status (or a NEEDS_RESET report) and never trap.
@Suite struct VirtioSCSIBlockRandomRequestTests {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
        mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8(truncatingIfNeeded: next()) } }
    }

    @Test func randomBlockRequests() throws {
        let device = VirtioBlockBackend(store: try RAMBlockStore(blockCount: 64),
                                        options: VirtioBlockOptions(queues: 2, sizeMax: 4096, segMax: 8))
        let driver = ChainDriver(device)
        var random = SplitMix(state: 7)
        var answered = 0
        for _ in 0..<1500 {
            // A plausible header most of the time (small type, sector near the end), noise otherwise.
            var header = BlockRequest.header(UInt32(random.below(16)), sector: UInt64(random.below(80)))
            if random.below(4) == 0 { header = random.bytes(random.below(24)) }
            var readable = [header]
            for _ in 0..<random.below(3) { readable.append(random.bytes(random.below(3) * 512 + random.below(40))) }
            let writable = (0..<random.below(4)).map { _ in random.below(3) * 512 + random.below(3) }
            let resets = driver.transport.resetRequests.count
            let outcome = driver.run(queue: random.below(2), readable: readable, writable: writable)
            if driver.transport.resetRequests.count == resets {
                answered += 1
                #expect([VirtioBlock.Status.ok, VirtioBlock.Status.ioError, VirtioBlock.Status.unsupported]
                    .contains(outcome.bytes.last ?? 0xFF))
            } else {
                #expect(outcome.disposition == .complete(written: 0))
            }
        }
        #expect(answered > 500)
    }

    @Test func randomSCSIRequests() throws {
        let disk = SCSIDisk(store: try RAMBlockStore(blockCount: 64))
        let adapter = VirtioSCSIBackend(disks: [disk], options: VirtioSCSIOptions(requestQueues: 2, queueSize: 16))
        let driver = ChainDriver(adapter)
        adapter.featuresAccepted(1 << 1 | 1 << 2)
        var random = SplitMix(state: 11)
        let opcodes: [UInt8] = [0x00, 0x03, 0x12, 0x1A, 0x25, 0x28, 0x2A, 0x35, 0x42, 0x5A, 0x88, 0x8A, 0x9E, 0xA0, 0xFF]
        var answered = 0
        for round in 0..<1500 {
            let queue = random.below(4)
            var readable: [[UInt8]]
            var writable: [Int]
            switch queue {
            case 0:
                readable = [.le(UInt32(random.below(4))) + .le(UInt32(random.below(9))) + random.bytes(random.below(24))]
                writable = [random.below(8)]
            case 1:
                readable = []
                writable = [random.below(24)]
            default:
                let lun = random.below(3) == 0 ? random.bytes(8) : SCSIRequest.lun(target: UInt8(random.below(3)),
                                                                                  lun: UInt16(random.below(3)))
                var cdb = random.bytes(16)
                cdb[0] = opcodes[random.below(opcodes.count)]
                readable = [Array(SCSIRequest.command(lun: lun, tag: UInt64(round), cdb: cdb).prefix(40 + random.below(20)))]
                if random.below(3) == 0 { readable.append(random.bytes(random.below(1100))) }
                writable = [96 + random.below(30)]
                if random.below(2) == 0 { writable.append(random.below(1100)) }
            }
            if round % 97 == 0 { adapter.reportCapacityChange(target: 0, lun: 0) }
            let resets = driver.transport.resetRequests.count
            let outcome = driver.run(queue: queue, readable: readable, writable: writable)
            if driver.transport.resetRequests.count == resets && queue >= 2 {
                answered += 1
                let response = outcome.bytes[11]
                #expect(response <= VirtioSCSI.Response.incorrectLUN)
            }
        }
        #expect(answered > 200)
    }
}
