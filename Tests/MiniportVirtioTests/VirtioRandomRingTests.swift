import Testing
import MiniportPlatform
@testable import MiniportVirtio

/// Deterministic pseudo-random rings: whatever the driver writes, a notification ends (no hang,
/// no crash) either with chains processed or with DEVICE_NEEDS_RESET and one report.
@Suite struct VirtioRandomRingTests {
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
    }

    @Test(arguments: [false, true])
    func randomRings(packed: Bool) throws {
        var random = SplitMix(state: packed ? 7 : 3)
        var broken = 0
        let runs = 150
        for _ in 0..<runs {
            let driver = try VirtioTestDriver()
            driver.backend.recording = false
            let queue = driver.start(VirtioFeature.ringIndirectDesc | VirtioFeature.ringEventIdx, packed: packed)
            let size = Int(queue.size)
            func address() -> UInt64 {
                switch random.below(8) {
                case 0: return UInt64(random.next())
                case 1: return queue.desc + UInt64(random.below(0x3000))
                default: return driver.buffer(random.below(0x10000))
                }
            }
            func length() -> UInt32 { random.below(6) == 0 ? UInt32(truncatingIfNeeded: random.next()) : UInt32(random.below(0x300)) }
            // Descriptor table (and a possible indirect table in the data region).
            for slot in 0..<size {
                let flags = UInt16(truncatingIfNeeded: random.next()) & (packed ? 0x8087 : 0x7)
                if packed {
                    TestQueue.packedDescriptor(queue.host, slot, address: address(), length: length(),
                                               id: UInt16(random.below(size + 2)), flags: flags)
                } else {
                    queue.splitDescriptor(slot, address: address(), length: length(), flags: flags,
                                          next: UInt16(random.below(size + 2)))
                }
            }
            for slot in 0..<64 {
                TestQueue.descriptor(driver.data.hostAddress + 0x1000, slot, address: address(), length: length(),
                                     flags: UInt16(truncatingIfNeeded: random.next()) & 0x7, next: UInt16(random.below(70)))
            }
            if !packed {
                for entry in 0..<size { queue.put16(0x1000 + 4 + 2 * entry, UInt16(random.below(size + 2))) }
                queue.put16(0x1000 + 2, UInt16(random.below(2 * size)))
            }
            driver.notify(0)
            if driver.device.needsReset {
                broken += 1
                #expect(driver.function.protocolViolationCount == 1)
            } else {
                #expect(driver.function.protocolViolationCount == 0)
            }
        }
        // Both outcomes happen (the generator reaches acceptable rings and malformed ones).
        #expect(broken > 0)
        #expect(broken < runs)
    }
}
