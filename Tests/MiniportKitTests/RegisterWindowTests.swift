import Foundation
import Testing
import MiniportHBA
import MiniportPlatform
@testable import MiniportKit

/// The port resolves each ScsiPortGetDeviceBase range to its device once (a register window)
/// and calls the device directly for accesses inside it; a window must follow the address
/// space: a BAR that moves away is not reached through a stale window.
@Suite("Register windows")
struct RegisterWindowTests {
    @Test("A request reaches the HBA through its window; once the BAR moves away, the old addresses reach nothing")
    func barMovesAway() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(disks: 1, blocks: 8192)
        let function = try #require(test.machine.functions.first)
        let driver = try PortDriver.load(path: try ExampleMiniport.c.image(in: dir), machine: test.machine)
        let adapter = try #require(driver.adapters.first)
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        let data = TransferBuffer(count: 4096, seed: 9)
        try disk.write(lba: 8, from: UnsafeRawBufferPointer(data.bytes))
        let back = TransferBuffer(count: 4096)
        try disk.read(lba: 8, into: back.bytes)
        #expect(Array(back.bytes) == Array(data.bytes))
        #expect(test.machine.memorySpace.unclaimedAccesses == 0)

        // Move BAR 0 (the HBA's registers) to another address behind the miniport's back.
        let original = function.barAddress(0)
        let moved = UInt32(truncatingIfNeeded: original) &+ 0x0100_0000
        function.configWrite(offset: PCIConfigOffset.bar0, width: 4, value: moved)
        #expect(function.barAddress(0) == UInt64(moved))
        let completedBefore = test.hba.commandsCompleted
        #expect(throws: (any Error).self) { try disk.read(lba: 8, into: back.bytes) }
        #expect(test.hba.commandsCompleted == completedBefore, "the doorbell at the old address reached nothing")
        #expect(test.machine.memorySpace.unclaimedAccesses > 0)
    }
}
