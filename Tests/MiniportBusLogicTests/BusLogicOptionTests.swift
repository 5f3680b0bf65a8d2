import CMallocCounter
import MiniportBusLogic
import MiniportPlatform
import MiniportSCSI
import Testing

@Suite("BusLogic adapter: options, soft reset and the request path")
struct BusLogicOptionTests {
    @Test("Commands work through the memory BAR alias as through the I/O BAR")
    func memoryAlias() throws {
        let driver = try MailboxDriver()
        let base = driver.function.barAddress(1) + 8      // the registers repeat every 4 bytes
        let space = driver.machine.memorySpace
        space.write(base + BusLogicRegister.commandData, width: 1, value: UInt64(BusLogicCommand.inquireFirmwareVersionLetter))
        #expect(space.read(base + BusLogicRegister.controlStatus, width: 1) & UInt64(BusLogicStatus.dataInReady) != 0)
        #expect(space.read(base + BusLogicRegister.commandData, width: 1) == 0x42)
        #expect(space.read(base + BusLogicRegister.interrupt, width: 1)
            == UInt64(BusLogicInterrupt.commandComplete | BusLogicInterrupt.interruptValid))
    }

    @Test("Soft reset forgets the mailboxes without diagnostics; options return to their defaults")
    func softReset() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        driver.command(BusLogicCommand.setCCBFormat, [1])
        driver.write(BusLogicRegister.controlStatus, BusLogicControl.softReset)
        #expect(driver.status == BusLogicStatus.hostAdapterReady | BusLogicStatus.initializationRequired)
        #expect(driver.adapter.mailboxes == nil)
        #expect(driver.adapter.resetsPerformed == 2)
    }

    @Test("Wide LUN format reaches LUNs above 7; the legacy format keeps 3 bits")
    func wideLUN() throws {
        let driver = try MailboxDriver()
        let wide = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 64))
        try driver.adapter.target(id: 0)?.attach(wide, lun: 9)
        #expect(try driver.initializeMailboxes())
        let buffer = try #require(driver.machine.memory.allocateDMA(length: 64, label: "inquiry"))
        let ccb = try driver.makeCCB(direction: BusLogicCCBLayout.directionIn, cdb: [0x12, 0, 0, 0, 36, 0], lun: 9,
                                     dataLength: 36, dataPointer: buffer.physicalAddress)
        #expect(try driver.run(ccb).code == BusLogicCompletion.withoutError)
        #expect(buffer.byte(0) == 0x7F)               // legacy: LUN 9 & 7 = LUN 1, which the target lacks
        driver.command(BusLogicCommand.setCCBFormat, [1])
        ccb.region.hostAddress.storeBytes(of: UInt32(36).littleEndian, toByteOffset: 4, as: UInt32.self)
        buffer.bytes.initializeMemory(as: UInt8.self, repeating: 0xEE)
        #expect(try driver.run(ccb).code == BusLogicCompletion.withoutError)
        #expect(buffer.byte(0) == 0x00 && buffer.byte(8) == UInt8(ascii: "M"))
    }

    @Test("Out-of-order outgoing mailboxes are found unless strict round robin is on; freed ones raise OUTGOING MAILBOX AVAILABLE")
    func roundRobin() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes(count: 4))
        driver.command(BusLogicCommand.enableOutgoingMailboxAvailableInterrupt, [1])
        let ccb = try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0])
        let out = driver.mailboxes!.hostAddress
        // A mailbox filled at index 2 while the adapter looks at 0.
        out.storeBytes(of: ccb.address.littleEndian, toByteOffset: 2 * 8, as: UInt32.self)
        out.storeBytes(of: BusLogicAction.start, toByteOffset: 2 * 8 + 7, as: UInt8.self)
        driver.command(BusLogicCommand.enableStrictRoundRobin, [1])
        driver.write(BusLogicRegister.commandData, BusLogicCommand.executeMailboxCommand)
        #expect(driver.nextCompletion() == nil)
        #expect(out.load(fromByteOffset: 2 * 8 + 7, as: UInt8.self) == BusLogicAction.start)
        driver.command(BusLogicCommand.enableStrictRoundRobin, [0])
        driver.write(BusLogicRegister.commandData, BusLogicCommand.executeMailboxCommand)
        #expect(out.load(fromByteOffset: 2 * 8 + 7, as: UInt8.self) == BusLogicAction.free)
        #expect(driver.nextCompletion()?.ccb == ccb.address)
        #expect(driver.interrupt & BusLogicInterrupt.outgoingMailboxAvailable != 0)
    }

    @Test("INTx follows the PCI interrupt-disable bit")
    func interruptDisable() throws {
        let driver = try MailboxDriver()
        driver.write(BusLogicRegister.commandData, BusLogicCommand.testCommandCompleteInterrupt)
        #expect(driver.adapter.interruptAsserted)
        driver.function.configWrite(offset: PCIConfigOffset.command, width: 2, value: 0x0407)
        #expect(!driver.adapter.interruptAsserted)
        driver.function.configWrite(offset: PCIConfigOffset.command, width: 2, value: 0x0007)
        #expect(driver.adapter.interruptAsserted)
    }

    @Test("The CCB path allocates nothing in steady state",
          .enabled(if: MallocCounterIsAvailable() != 0, "allocations are not counted under a sanitizer"))
    func noAllocation() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        try driver.consumeUnitAttention()
        let buffer = try #require(driver.machine.memory.allocateDMA(length: 4096, label: "data"))
        let write = try driver.makeCCB(direction: BusLogicCCBLayout.directionOut, cdb: [0x2A, 0, 0, 0, 0, 8, 0, 0, 8, 0],
                                       dataLength: 4096, dataPointer: buffer.physicalAddress)
        for _ in 0..<4 { _ = try driver.run(write) }
        let completed = driver.adapter.commandsCompleted
        let out = driver.mailboxes!.hostAddress
        out.storeBytes(of: write.address.littleEndian, toByteOffset: 4 * 8, as: UInt32.self)
        out.storeBytes(of: BusLogicAction.start, toByteOffset: 4 * 8 + 7, as: UInt8.self)
        let port = driver.io + BusLogicRegister.commandData, space = driver.machine.ioSpace
        MallocCounterStart()
        space.write(port, width: 1, value: UInt64(BusLogicCommand.executeMailboxCommand))
        let allocations = MallocCounterStop()
        #expect(allocations == 0)
        #expect(driver.adapter.commandsCompleted == completed + 1)
    }
}
