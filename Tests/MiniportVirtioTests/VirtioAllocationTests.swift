import CMallocCounter
import Testing
import MiniportPlatform
@testable import MiniportVirtio

@Suite struct VirtioAllocationTests {
    @Test("A notification processes split and packed chains without allocating",
          .enabled(if: MallocCounterIsAvailable() != 0, "allocations are not counted under a sanitizer"),
          arguments: [false, true])
    func noAllocation(packed: Bool) throws {
        let driver = try VirtioTestDriver()
        driver.backend.recording = false
        let queue = driver.start(VirtioFeature.ringIndirectDesc | VirtioFeature.ringEventIdx, packed: packed)
        let table = driver.buffer(0x1000)
        let tableHost = driver.data.hostAddress + 0x1000
        let buffers = [Buffer(address: driver.buffer(0), length: 64, writable: false),
                       Buffer(address: driver.buffer(0x100), length: 64, writable: true)]
        func submit(_ round: Int) {
            if packed {
                queue.submitPacked(buffers, id: UInt16(round % 4))
            } else {
                queue.submit(buffers)
            }
        }
        // Warm up (lazy runtime state), then count one notification of three chains.
        for round in 0..<3 {
            submit(round)
            driver.notify(0)
            _ = queue.takeUsed()
            _ = driver.readISR()
        }
        submit(0)
        submit(1)
        if packed {
            queue.submitPackedIndirect(buffers, id: 2, table: table, tableHost: tableHost)
        } else {
            queue.submitIndirect(buffers, table: table, tableHost: tableHost)
        }
        let cap = driver.capabilities[VirtioPCICapType.notifyConfig]!
        let doorbell = driver.function.barAddress(cap.bar) + UInt64(cap.offset)
        let space = driver.machine.memorySpace
        MallocCounterStart()
        space.write(doorbell, width: 2, value: 0)
        let allocations = MallocCounterStop()
        #expect(allocations == 0)
        #expect(queue.takeUsed().count == 3)
        #expect(driver.device.chainsCompleted == 6)
        #expect(!driver.device.needsReset)
    }
}
