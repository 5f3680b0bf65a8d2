import MiniportBusLogic
import MiniportPlatform
import MiniportSCSI
import Testing

private func cdb10(_ opcode: UInt8, lba: UInt32, blocks: UInt16) -> [UInt8] {
    [opcode, 0, UInt8(lba >> 24), UInt8(lba >> 16 & 0xFF), UInt8(lba >> 8 & 0xFF), UInt8(lba & 0xFF), 0,
     UInt8(blocks >> 8), UInt8(blocks & 0xFF), 0]
}

@Suite("BusLogic adapter: reset, registers and host adapter commands")
struct BusLogicCommandTests {
    @Test("PCI identity and BARs: vendor 0x104B device 0x1040, I/O BAR 0 and its memory alias in BAR 1")
    func identity() throws {
        let driver = try MailboxDriver(reset: false)
        #expect(driver.function.configRead(offset: 0, width: 4) == 0x1040_104B)
        #expect(driver.function.configRead(offset: 0x10, width: 4) & 1 == 1)
        let memory = driver.function.barAddress(1)
        #expect(driver.machine.memorySpace.read(memory, width: 1) == UInt64(driver.status))
        #expect(driver.machine.memorySpace.read(memory + 4 + 2, width: 1) == UInt64(driver.interrupt))
        // Registers are 8 bits wide.
        #expect(driver.machine.ioSpace.read(driver.io, width: 2) == 0xFFFF)
        #expect(driver.adapter.invalidRegisterAccesses == 1)
    }

    @Test("A hard reset runs the diagnostics in virtual time, then reports ready and init required")
    func hardReset() throws {
        let driver = try MailboxDriver(reset: false)
        driver.write(BusLogicRegister.controlStatus, BusLogicControl.hardReset)
        #expect(driver.status == BusLogicStatus.diagnosticActive)
        // Command bytes during diagnostics are a protocol violation and ignored.
        driver.write(BusLogicRegister.commandData, BusLogicCommand.inquireBoardID)
        #expect(driver.adapter.protocolViolations == 1)
        driver.machine.clock.advance(by: 1_000_000)
        #expect(driver.status == BusLogicStatus.hostAdapterReady | BusLogicStatus.initializationRequired)
        #expect(driver.interrupt == 0)
        #expect(driver.adapter.resetsPerformed == 1)
    }

    @Test("Inquiry commands answer with their documented replies")
    func inquiries() throws {
        let driver = try MailboxDriver()
        #expect(driver.command(BusLogicCommand.inquireBoardID, reply: 4).reply == [0x41, 0x41, 0x35, 0x30])
        #expect(driver.command(BusLogicCommand.inquireFirmwareVersion3rdDigit, reply: 1).reply == [0x37])
        #expect(driver.command(BusLogicCommand.inquireFirmwareVersionLetter, reply: 1).reply == [0x42])
        #expect(driver.command(BusLogicCommand.inquireHostAdapterModelNumber, [5], reply: 5).reply == Array("958  ".utf8))
        #expect(driver.command(BusLogicCommand.inquireInstalledDevices0to7, reply: 8).reply == [1, 0, 0, 0, 0, 0, 0, 0])
        #expect(driver.command(BusLogicCommand.inquireInstalledDevices8to15, reply: 8).reply == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(driver.command(BusLogicCommand.inquireTargetDevices, reply: 2).reply == [1, 0])
        #expect(driver.command(BusLogicCommand.inquireConfiguration, reply: 3).reply == [0, 0, 7])
        let pci = driver.command(BusLogicCommand.inquirePCIHostAdapterInformation, reply: 6).reply
        #expect(pci.count == 6 && pci[5] == driver.function.interrupt?.number)
        #expect(driver.command(BusLogicCommand.echoCommandData, [0x5A], reply: 1).reply == [0x5A])
        #expect(driver.command(BusLogicCommand.inquireSynchronousPeriod, [16], reply: 16).reply == [UInt8](repeating: 0, count: 16))
        #expect(try driver.initializeMailboxes(count: 4))
        let setup = driver.command(BusLogicCommand.inquireSetupInformation, [17], reply: 17).reply
        #expect(setup.count == 17 && setup[4] == 4)
        let extended = driver.command(BusLogicCommand.inquireExtendedSetupInformation, [14], reply: 14).reply
        let base = UInt32(driver.mailboxes!.physicalAddress)
        #expect(extended[0] == 0x45 && extended[2] == 128 && extended[4] == 4)
        #expect(UInt32(extended[5]) | UInt32(extended[6]) << 8 | UInt32(extended[7]) << 16 | UInt32(extended[8]) << 24 == base)
        #expect(extended[13] & 1 == 1)     // wide
        #expect(driver.status & BusLogicStatus.initializationRequired == 0)
    }

    @Test("Setting commands are accepted; out-of-range parameters and unknown opcodes give COMMAND INVALID")
    func settings() throws {
        let driver = try MailboxDriver()
        #expect(!driver.command(BusLogicCommand.testCommandCompleteInterrupt).invalid)
        #expect(!driver.command(BusLogicCommand.setSelectionTimeout, [1, 0, 0, 250]).invalid)
        #expect(!driver.command(BusLogicCommand.enableOutgoingMailboxAvailableInterrupt, [1]).invalid)
        #expect(!driver.command(BusLogicCommand.enableStrictRoundRobin, [1]).invalid)
        #expect(!driver.command(BusLogicCommand.setCCBFormat, [1]).invalid)
        #expect(!driver.command(BusLogicCommand.enableTargetMode, [0, 0]).invalid)
        #expect(driver.command(BusLogicCommand.setCCBFormat, [2]).invalid)
        #expect(driver.command(BusLogicCommand.enableStrictRoundRobin, [9]).invalid)
        #expect(driver.command(0x03).invalid)           // BIOS command: not emulated
        #expect(driver.command(0xFE).invalid)
        #expect(driver.command(BusLogicCommand.initializeMailbox, [1, 0, 0x10, 0]).invalid)   // 24-bit mailboxes
        // Local RAM: store then fetch; a range past its end is invalid.
        #expect(!driver.command(BusLogicCommand.storeLocalRAM, [16, 3, 1, 2, 3]).invalid)
        #expect(driver.command(BusLogicCommand.fetchLocalRAM, [15, 5], reply: 5).reply == [0, 1, 2, 3, 0])
        #expect(driver.command(BusLogicCommand.fetchLocalRAM, [250, 10], reply: 10).invalid)
        // TEST CMDC INTERRUPT raises INTx until INTERRUPT RESET.
        driver.write(BusLogicRegister.commandData, BusLogicCommand.testCommandCompleteInterrupt)
        #expect(driver.interrupt == BusLogicInterrupt.commandComplete | BusLogicInterrupt.interruptValid)
        #expect(driver.adapter.interruptAsserted)
        driver.write(BusLogicRegister.controlStatus, BusLogicControl.interruptReset)
        #expect(!driver.adapter.interruptAsserted && driver.interrupt == 0)
        // With adapter interrupts off, the register still shows the state but INTx stays low.
        driver.command(BusLogicCommand.setHostAdapterInterrupt, [0])
        driver.write(BusLogicRegister.commandData, BusLogicCommand.testCommandCompleteInterrupt)
        #expect(driver.interrupt & BusLogicInterrupt.commandComplete != 0 && !driver.adapter.interruptAsserted)
    }
}

@Suite("BusLogic adapter: mailboxes and CCBs")
struct BusLogicMailboxTests {
    @Test("INQUIRY, WRITE and READ with a flat buffer; residuals reported in the CCB")
    func flatIO() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        try driver.consumeUnitAttention()
        let buffer = try #require(driver.machine.memory.allocateDMA(length: 4096, label: "data"))
        let inquiry = try driver.makeCCB(direction: BusLogicCCBLayout.directionIn, cdb: [0x12, 0, 0, 0, 96, 0],
                                         dataLength: 96, dataPointer: buffer.physicalAddress)
        let done = try driver.run(inquiry)
        #expect(done.ccb == inquiry.address && done.code == BusLogicCompletion.withoutError && done.host == 0)
        #expect(buffer.byte(0) == 0 && inquiry.region.le32(4) < 96)
        #expect(driver.adapter.interruptAsserted)
        driver.write(BusLogicRegister.controlStatus, BusLogicControl.interruptReset)

        for index in 0..<1024 { buffer.hostAddress.storeBytes(of: UInt8(truncatingIfNeeded: index * 3), toByteOffset: index, as: UInt8.self) }
        let write = try driver.makeCCB(direction: BusLogicCCBLayout.directionOut, cdb: cdb10(0x2A, lba: 10, blocks: 2),
                                       dataLength: 1024, dataPointer: buffer.physicalAddress)
        #expect(try driver.run(write).code == BusLogicCompletion.withoutError)
        #expect(write.region.le32(4) == 0)
        buffer.bytes.initializeMemory(as: UInt8.self, repeating: 0)
        let read = try driver.makeCCB(direction: BusLogicCCBLayout.directionIn, cdb: cdb10(0x28, lba: 10, blocks: 2),
                                      dataLength: 1024, dataPointer: buffer.physicalAddress)
        #expect(try driver.run(read).code == BusLogicCompletion.withoutError)
        #expect((0..<1024).allSatisfy { buffer.byte($0) == UInt8(truncatingIfNeeded: $0 * 3) })
    }

    @Test("Scatter/gather READ and WRITE; a non-residual CCB with an underrun reports DATA OVER/UNDERRUN")
    func scatterGather() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        try driver.consumeUnitAttention()
        let pieces = try (0..<3).map { _ in try #require(driver.machine.memory.allocateDMA(length: 512, label: "piece")) }
        for (n, piece) in pieces.enumerated() { piece.bytes.initializeMemory(as: UInt8.self, repeating: UInt8(n + 1)) }
        let list = try #require(driver.machine.memory.allocateDMA(length: 64, label: "sg"))
        for (n, piece) in pieces.enumerated() {
            list.hostAddress.storeBytes(of: UInt32(512).littleEndian, toByteOffset: n * 8, as: UInt32.self)
            list.hostAddress.storeBytes(of: UInt32(piece.physicalAddress).littleEndian, toByteOffset: n * 8 + 4, as: UInt32.self)
        }
        let write = try driver.makeCCB(opcode: BusLogicCCBOpcode.initiatorScatterGatherResidual,
                                       direction: BusLogicCCBLayout.directionOut, cdb: cdb10(0x2A, lba: 100, blocks: 3),
                                       dataLength: 24, dataPointer: list.physicalAddress)
        #expect(try driver.run(write).code == BusLogicCompletion.withoutError)
        for piece in pieces { piece.bytes.initializeMemory(as: UInt8.self, repeating: 0) }
        let read = try driver.makeCCB(opcode: BusLogicCCBOpcode.initiatorScatterGather,
                                      direction: BusLogicCCBLayout.directionIn, cdb: cdb10(0x28, lba: 100, blocks: 3),
                                      dataLength: 24, dataPointer: list.physicalAddress)
        #expect(try driver.run(read).code == BusLogicCompletion.withoutError)
        #expect(pieces.enumerated().allSatisfy { n, piece in (0..<512).allSatisfy { piece.byte($0) == UInt8(n + 1) } })
        // Reading 1 block into 1536 bytes: the residual opcode reports 1024 left.
        let short = try driver.makeCCB(opcode: BusLogicCCBOpcode.initiatorScatterGatherResidual,
                                       direction: BusLogicCCBLayout.directionIn, cdb: cdb10(0x28, lba: 0, blocks: 1),
                                       dataLength: 24, dataPointer: list.physicalAddress)
        #expect(try driver.run(short).code == BusLogicCompletion.withoutError)
        #expect(short.region.le32(4) == 1024)
        let underrun = try driver.makeCCB(opcode: BusLogicCCBOpcode.initiatorScatterGather,
                                          direction: BusLogicCCBLayout.directionIn, cdb: cdb10(0x28, lba: 0, blocks: 1),
                                          dataLength: 24, dataPointer: list.physicalAddress)
        let result = try driver.run(underrun)
        #expect(result.code == BusLogicCompletion.withError && result.host == BusLogicHostStatus.dataOverUnderrun)
    }

    @Test("CHECK CONDITION writes autosense to the CCB's sense pointer")
    func autosense() throws {
        let driver = try MailboxDriver(blocks: 16)
        #expect(try driver.initializeMailboxes())
        try driver.consumeUnitAttention()
        let ccb = try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: cdb10(0x28, lba: 1000, blocks: 1))
        let done = try driver.run(ccb)
        #expect(done.code == BusLogicCompletion.withError && done.target == 0x02 && done.host == 0)
        #expect(ccb.region.byte(64) == 0x70 && ccb.region.byte(64 + 2) & 0x0F == 0x05)
        #expect(ccb.region.byte(15) == 0x02)
    }

    @Test("A held CCB is aborted; an abort of an unknown CCB says not found; BUS DEVICE RESET ends held CCBs")
    func abortAndDeviceReset() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        driver.adapter.faults.inject(.timeout, count: 2)
        let held = try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0])
        driver.start(held.address)
        #expect(driver.nextCompletion() == nil && driver.adapter.outstandingCommands == 1)
        driver.start(held.address, action: BusLogicAction.abort)
        let aborted = try #require(driver.nextCompletion())
        #expect(aborted.ccb == held.address && aborted.code == BusLogicCompletion.aborted)
        #expect(driver.adapter.outstandingCommands == 0)
        driver.start(held.address, action: BusLogicAction.abort)
        #expect(driver.nextCompletion()?.code == BusLogicCompletion.abortedNotFound)

        driver.start(held.address)
        #expect(driver.adapter.outstandingCommands == 1)
        let reset = try driver.makeCCB(opcode: BusLogicCCBOpcode.busDeviceReset, direction: 0, cdb: [0])
        driver.start(reset.address)
        let ended = try #require(driver.nextCompletion())
        #expect(ended.ccb == held.address && ended.host == BusLogicHostStatus.hostAssertedBusDeviceReset)
        let resetDone = try #require(driver.nextCompletion())
        #expect(resetDone.ccb == reset.address && resetDone.code == BusLogicCompletion.withoutError)
        // The reset leaves a unit attention behind.
        let tur = try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0])
        #expect(try driver.run(tur).target == 0x02)
    }

    @Test("Delayed completions arrive in virtual time; a lost interrupt leaves the mailbox filled but INTx low")
    func delaysAndLostInterrupts() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        driver.adapter.faults.inject(.delay(nanoseconds: 1_000_000))
        let ccb = try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0])
        driver.start(ccb.address)
        #expect(driver.nextCompletion() == nil)
        driver.machine.clock.advance(by: 2_000_000)
        #expect(driver.nextCompletion()?.code == BusLogicCompletion.withError)     // power-on unit attention
        driver.write(BusLogicRegister.controlStatus, BusLogicControl.interruptReset)
        driver.adapter.faults.inject(.lostInterrupt)
        driver.start(ccb.address)
        #expect(!driver.adapter.interruptAsserted)
        #expect(driver.nextCompletion()?.code == BusLogicCompletion.withoutError)
    }

    @Test("SCSI bus reset from CONTROL drops held CCBs and raises SCSI RESET")
    func busReset() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        driver.adapter.faults.inject(.timeout)
        let ccb = try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0])
        driver.start(ccb.address)
        #expect(driver.adapter.outstandingCommands == 1)
        driver.write(BusLogicRegister.controlStatus, BusLogicControl.scsiBusReset)
        #expect(driver.adapter.outstandingCommands == 0)
        #expect(driver.interrupt & BusLogicInterrupt.scsiResetState != 0 && driver.adapter.interruptAsserted)
        #expect(driver.nextCompletion() == nil)
    }

    @Test("A fatal error stops the adapter (DIAGNOSTIC FAILURE) until a hard reset")
    func fatal() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        driver.adapter.injectControllerFatal()
        #expect(driver.status == BusLogicStatus.diagnosticFailure)
        driver.write(BusLogicRegister.commandData, BusLogicCommand.inquireBoardID)
        #expect(driver.status == BusLogicStatus.diagnosticFailure)
        driver.write(BusLogicRegister.controlStatus, BusLogicControl.softReset)
        #expect(driver.adapter.isStopped)
        try driver.hardReset()
        #expect(driver.status == BusLogicStatus.hostAdapterReady | BusLogicStatus.initializationRequired)
        #expect(try driver.initializeMailboxes())
        let ccb = try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0])
        #expect(try driver.run(ccb).code != 0)
    }
}

@Suite("BusLogic adapter: hostile drivers")
struct BusLogicHostileTests {
    @Test("Mailbox misuse: a zero count, an area outside memory, EXECUTE before init")
    func mailboxMisuse() throws {
        let driver = try MailboxDriver()
        #expect(driver.command(BusLogicCommand.executeMailboxCommand).invalid)
        #expect(driver.command(BusLogicCommand.initializeExtendedMailbox, [0, 0, 0, 0x10, 0]).invalid)
        #expect(driver.command(BusLogicCommand.initializeExtendedMailbox, [8, 0, 0, 0, 0x70]).invalid)
        #expect(driver.adapter.protocolViolations == 3)
        #expect(driver.function.protocolViolationCount == 3)
        #expect(driver.function.protocolViolations.first?.contains("EXECUTE MAILBOX COMMAND") == true)
        #expect(driver.status & BusLogicStatus.initializationRequired != 0)
        #expect(driver.adapter.mailboxes == nil)
    }

    @Test("Malformed CCBs complete with INVALID CCB and the documented host adapter status", arguments: [
        ("bad opcode", UInt8(0x07), UInt8(0), UInt8(6), BusLogicHostStatus.invalidCCBOpcode),
        ("CDB length 0", BusLogicCCBOpcode.initiator, UInt8(0), UInt8(0), BusLogicHostStatus.invalidCCBParameter),
        ("CDB length 13", BusLogicCCBOpcode.initiator, UInt8(0), UInt8(13), BusLogicHostStatus.invalidCCBParameter),
        ("target 16", BusLogicCCBOpcode.initiator, UInt8(16), UInt8(6), BusLogicHostStatus.invalidCCBParameter),
    ])
    func malformedCCB(_ label: String, opcode: UInt8, target: UInt8, cdbLength: UInt8, host: UInt8) throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        let ccb = try driver.makeCCB(opcode: opcode, direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0],
                                     target: target)
        ccb.region.hostAddress.storeBytes(of: cdbLength, toByteOffset: 2, as: UInt8.self)
        let done = try driver.run(ccb)
        #expect(done.code == BusLogicCompletion.invalidCCB && done.host == host, "\(label)")
    }

    @Test("A CCB, a data buffer or an SG list outside memory, and a huge SG count, never reach host memory")
    func outsideMemory() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        driver.start(0x7000_0000)
        var done = try #require(driver.nextCompletion())
        #expect(done.ccb == 0x7000_0000 && done.code == BusLogicCompletion.invalidCCB)
        let flat = try driver.makeCCB(direction: BusLogicCCBLayout.directionIn, cdb: cdb10(0x28, lba: 0, blocks: 1),
                                      dataLength: 512, dataPointer: 0x7000_0000)
        done = try driver.run(flat)
        #expect(done.code == BusLogicCompletion.invalidCCB && done.host == BusLogicHostStatus.invalidCCBParameter)
        let list = try driver.makeCCB(opcode: BusLogicCCBOpcode.initiatorScatterGather, direction: BusLogicCCBLayout.directionIn,
                                      cdb: cdb10(0x28, lba: 0, blocks: 1), dataLength: 16, dataPointer: 0x7000_0000)
        #expect(try driver.run(list).code == BusLogicCompletion.invalidCCB)
        let huge = try driver.makeCCB(opcode: BusLogicCCBOpcode.initiatorScatterGather, direction: BusLogicCCBLayout.directionIn,
                                      cdb: cdb10(0x28, lba: 0, blocks: 1), dataLength: 0xFFFF_FFF8, dataPointer: 0x10_0000)
        #expect(try driver.run(huge).host == BusLogicHostStatus.invalidCCBParameter)
        let ragged = try driver.makeCCB(opcode: BusLogicCCBOpcode.initiatorScatterGather, direction: BusLogicCCBLayout.directionIn,
                                        cdb: cdb10(0x28, lba: 0, blocks: 1), dataLength: 12, dataPointer: flat.region.physicalAddress)
        #expect(try driver.run(ragged).host == BusLogicHostStatus.invalidCCBParameter)
        #expect(driver.machine.memory.violationCount >= 3)
        #expect(driver.adapter.protocolViolations >= 3)
    }

    @Test("An unknown action code, an absent and a removed target")
    func selection() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes())
        let ccb = try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0], target: 5)
        driver.start(ccb.address, action: 9)
        let bad = try #require(driver.nextCompletion())
        #expect(bad.code == BusLogicCompletion.invalidCCB && bad.host == BusLogicHostStatus.invalidMailboxAction)
        var done = try driver.run(ccb)
        #expect(done.code == BusLogicCompletion.withError && done.host == BusLogicHostStatus.selectionTimeout)
        driver.adapter.faults.removeTarget(bus: 0, target: 0)
        ccb.region.hostAddress.storeBytes(of: UInt8(0), toByteOffset: 16, as: UInt8.self)
        done = try driver.run(ccb)
        #expect(done.host == BusLogicHostStatus.selectionTimeout)
    }

    @Test("Completions wait for a free incoming mailbox and are never lost or overwritten")
    func incomingBackpressure() throws {
        let driver = try MailboxDriver()
        #expect(try driver.initializeMailboxes(count: 2))
        let ccbs = try (0..<2).map { _ in try driver.makeCCB(direction: BusLogicCCBLayout.directionNone, cdb: [0, 0, 0, 0, 0, 0]) }
        driver.start(ccbs[0].address)
        driver.start(ccbs[1].address)
        // Both incoming mailboxes are full; one more completion waits.
        driver.start(ccbs[0].address)
        #expect(driver.nextCompletion()?.ccb == ccbs[0].address)
        #expect(driver.nextCompletion()?.ccb == ccbs[1].address)
        #expect(driver.nextCompletion() == nil)
        driver.write(BusLogicRegister.controlStatus, BusLogicControl.interruptReset)
        #expect(driver.nextCompletion()?.ccb == ccbs[0].address)
    }
}
