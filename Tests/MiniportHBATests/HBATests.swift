import CMallocCounter
import Foundation
import MiniportHBA
import MiniportPlatform
import MiniportSCSI
import Testing

/// A driver with a 512-byte-block RAM disk at bus 0 target 0 LUN 0 (plus optional extras).
func makeDriver(blocks: UInt64 = 2048, entries: UInt32 = 16,
                configuration: EmulatedHBA.Configuration = .init()) throws -> (RingDriver, SCSIDisk) {
    let driver = try RingDriver(configuration: configuration, entries: entries)
    let disk = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: blocks))
    let target = SCSITarget(id: 0)
    try target.attach(disk, lun: 0)
    try driver.hba.attach(target, bus: 0)
    return (driver, disk)
}

func fill(_ region: PhysicalMemory.DMARegion, seed: UInt8) {
    for index in 0..<region.length { region.hostAddress.storeBytes(of: UInt8(truncatingIfNeeded: index &* 7 &+ Int(seed)), toByteOffset: index, as: UInt8.self) }
}

func bytes(_ region: PhysicalMemory.DMARegion, _ range: Range<Int>? = nil) -> [UInt8] {
    let r = range ?? 0..<region.length
    return r.map { region.hostAddress.load(fromByteOffset: $0, as: UInt8.self) }
}

let dataIn = HBARequestLayout.flagDataIn
let dataOut = HBARequestLayout.flagDataOut
let sgList = HBARequestLayout.flagSGList

@Suite("HBA registers, ring setup and interrupts")
struct HBARegisterTests {
    @Test("Capability registers report the configuration; the I/O BAR mirrors the registers")
    func capabilities() throws {
        let configuration = EmulatedHBA.Configuration(buses: 2, targetsPerBus: 32, lunsPerTarget: 4, queueDepth: 64,
                                                      maxTransfer: 512 * 1024, maxSGEntries: 33)
        let driver = try RingDriver(configuration: configuration, entries: 8, enable: false)
        #expect(driver.read(HBARegister.magic) == HBAValue.magic)
        #expect(driver.read(HBARegister.version) == HBAValue.version)
        #expect(driver.read(HBARegister.capBuses) == 2)
        #expect(driver.read(HBARegister.capTargets) == 32)
        #expect(driver.read(HBARegister.capLuns) == 4)
        #expect(driver.read(HBARegister.capQueueDepth) == 64)
        #expect(driver.read(HBARegister.capMaxTransfer) == 512 * 1024)
        #expect(driver.read(HBARegister.capMaxSGEntries) == 33)
        #expect(driver.machine.ioSpace.read(driver.bar1 + HBARegister.magic, width: 4) == UInt64(HBAValue.magic))
        #expect(driver.machine.ioSpace.read(driver.bar1 + HBARegister.capBuses, width: 4) == 2)
        // Only aligned 32-bit accesses are defined.
        #expect(driver.machine.memorySpace.read(driver.bar0 + 1, width: 1) == 0xFF)
        #expect(driver.hba.invalidRegisterAccesses == 1)
    }

    @Test("A configurable PCI identity is what config space shows")
    func identity() throws {
        let custom = PCIIdentity(vendorID: 0x1000, deviceID: 0x0030, subsystemVendorID: 0x15AD, subsystemID: 0x1976, revision: 3)
        let driver = try RingDriver(configuration: .init(identity: custom), enable: false)
        #expect(driver.function.configRead(offset: 0, width: 4) == 0x0030_1000)
        #expect(driver.function.configRead(offset: 0x2C, width: 4) == 0x1976_15AD)
        #expect(driver.function.configRead(offset: 0x08, width: 4) == 0x0100_0003)
    }

    @Test("Enabling with a valid ring sets READY; ring registers are frozen while enabled")
    func enable() throws {
        let driver = try RingDriver(entries: 8)
        #expect(driver.read(HBARegister.status) == HBAValue.statusReady)
        #expect(driver.read(HBARegister.ringEntries) == 8)
        driver.write(HBARegister.ringEntries, 64)
        #expect(driver.read(HBARegister.ringEntries) == 8)
    }

    @Test("Bad ring configurations stop the controller with an error code", arguments: [
        ("entries not a power of two", 12 as UInt32, 0 as UInt64),
        ("entries above the queue depth", 512, 0),
        ("misaligned base", 8, 8),
        ("base outside memory", 8, 0x7000_0000),
        ("rings overlap", 8, 0x4000_0000),
    ])
    func badRings(label: String, entries: UInt32, skew: UInt64) throws {
        let driver = try RingDriver(entries: 8, enable: false)
        let base = skew == 0x7000_0000 ? skew : skew == 0x4000_0000 ? driver.requestRing.physicalAddress
            : driver.requestRing.physicalAddress + skew
        let completion = skew == 0x4000_0000 ? driver.requestRing.physicalAddress + 128 : driver.completionRing.physicalAddress
        driver.write(HBARegister.requestRingLow, UInt32(truncatingIfNeeded: base))
        driver.write(HBARegister.completionRingLow, UInt32(truncatingIfNeeded: completion))
        driver.write(HBARegister.ringEntries, entries)
        driver.write(HBARegister.interruptMask, 0)
        driver.write(HBARegister.control, HBAValue.controlEnable)
        #expect(driver.read(HBARegister.status) == HBAValue.statusFatal, "\(label)")
        #expect(driver.read(HBARegister.control) == 0)      // a failed enable leaves ENABLE clear
        #expect(driver.read(HBARegister.error) == HBAErrorCode.badRingConfiguration.rawValue)
        #expect(driver.read(HBARegister.interruptStatus) & HBAValue.interruptError != 0)
        #expect(driver.hba.interruptAsserted)
        // Only a controller reset recovers.
        driver.write(HBARegister.control, HBAValue.controlReset)
        #expect(driver.read(HBARegister.status) == 0 && driver.read(HBARegister.error) == 0)
        #expect(!driver.hba.interruptAsserted)
    }

    @Test("A ring base whose ring would wrap past 2^64 is a bad ring configuration, not an overflow trap",
          arguments: [HBARegister.requestRingLow, HBARegister.completionRingLow])
    func ringWrapsAddressSpace(low: UInt64) throws {
        let driver = try RingDriver(entries: 8, enable: false)
        driver.write(low, 0xFFFF_FFC0)
        driver.write(low + 4, 0xFFFF_FFFF)
        driver.write(HBARegister.ringEntries, 2)
        driver.write(HBARegister.control, HBAValue.controlEnable)
        #expect(driver.read(HBARegister.status) == HBAValue.statusFatal)
        #expect(driver.read(HBARegister.error) == HBAErrorCode.badRingConfiguration.rawValue)
    }

    @Test("Hostile ring indices stop the controller instead of being followed")
    func hostileIndices() throws {
        let (driver, _) = try makeDriver(entries: 8)
        driver.write(HBARegister.requestTail, 8)
        #expect(driver.read(HBARegister.error) == HBAErrorCode.badRequestTail.rawValue)
        #expect(driver.read(HBARegister.requestHead) == 0)
        driver.write(HBARegister.control, HBAValue.controlReset)
        driver.enable()
        driver.write(HBARegister.completionHead, 0xFFFF_FFFF)
        #expect(driver.read(HBARegister.error) == HBAErrorCode.badCompletionHead.rawValue)
        driver.write(HBARegister.control, HBAValue.controlReset)
        driver.write(HBARegister.requestTail, 1)     // doorbell while disabled
        #expect(driver.read(HBARegister.error) == HBAErrorCode.notReady.rawValue)
    }

    @Test("Interrupt status is write-one-to-clear; the mask and PCI interrupt-disable gate the line")
    func interrupts() throws {
        let (driver, _) = try makeDriver()
        let line = try #require(driver.function.interrupt)
        driver.queue(tag: 1, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(line.isAsserted && driver.read(HBARegister.interruptStatus) == HBAValue.interruptCompletion)
        driver.write(HBARegister.interruptMask, HBAValue.interruptCompletion)
        #expect(!line.isAsserted)
        driver.write(HBARegister.interruptMask, 0)
        #expect(line.isAsserted)
        driver.function.configWrite(offset: 0x04, width: 2, value: 0x0407)     // interrupt disable
        #expect(!line.isAsserted)
        driver.function.configWrite(offset: 0x04, width: 2, value: 0x0007)
        #expect(line.isAsserted)
        driver.write(HBARegister.interruptStatus, HBAValue.interruptCompletion)
        #expect(!line.isAsserted && driver.read(HBARegister.interruptStatus) == 0)
        #expect(line.assertions == 3)     // first completion, unmask, interrupt enable
    }

    @Test("Polled operation: with every interrupt masked, completions are still posted and can be reaped")
    func polled() throws {
        let (driver, _) = try makeDriver()
        driver.write(HBARegister.interruptMask, HBAValue.interruptAll)
        let buffer = driver.buffer(512)
        driver.queue(tag: 9, cdb: CDB.read10(lba: 0, blocks: 1), flags: dataIn, transferLength: 512,
                     dataAddress: buffer.physicalAddress)
        driver.ring()
        #expect(!driver.hba.interruptAsserted)
        #expect(driver.read(HBARegister.completionTail) == 1)
        #expect(driver.reap().map(\.tag) == [9])
    }
}

@Suite("HBA data path through the rings")
struct HBADataPathTests {
    @Test("A file-backed disk is written and read back through the rings, data verified")
    func fileBackedRoundTrip() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hba-\(UUID().uuidString).img").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let driver = try RingDriver()
        let store = try FileBlockStore(creatingAt: path, blockSize: 4096, blockCount: 256)
        let target = SCSITarget(id: 2)
        try target.attach(SCSIDisk(store: store), lun: 1)
        try driver.hba.attach(target, bus: 0)

        let out = driver.buffer(3 * 4096, "write data")
        fill(out, seed: 0x5A)
        let written = driver.run(tag: 0x10, target: 2, lun: 1, cdb: CDB.write10(lba: 40, blocks: 3), flags: dataOut,
                                 transferLength: 3 * 4096, dataAddress: out.physicalAddress)
        #expect(written == .init(tag: 0x10, hbaStatus: 0, scsiStatus: 0, senseLength: 0, flags: 0, residual: 0))

        // The bytes are in the image file at LBA 40.
        let file = try #require(FileHandle(forReadingAtPath: path))
        try file.seek(toOffset: 40 * 4096)
        let onDisk = try #require(try file.read(upToCount: 3 * 4096))
        #expect(Array(onDisk) == bytes(out))

        let back = driver.buffer(3 * 4096, "read data")
        let read = driver.run(tag: 0x11, target: 2, lun: 1, cdb: CDB.read10(lba: 40, blocks: 3), flags: dataIn,
                              transferLength: 3 * 4096, dataAddress: back.physicalAddress)
        #expect(read?.hbaStatus == 0 && read?.scsiStatus == 0 && read?.residual == 0)
        #expect(bytes(back) == bytes(out))
    }

    @Test("Scatter/gather lists split one transfer over several buffers")
    func scatterGather() throws {
        let (driver, _) = try makeDriver()
        let pieces = [driver.buffer(512), driver.buffer(1024), driver.buffer(512)]
        for (index, piece) in pieces.enumerated() { fill(piece, seed: UInt8(index * 40)) }
        let list = driver.buffer(3 * HBASGLayout.size, "sg list")
        driver.writeSG(list, pieces.map { ($0.physicalAddress, UInt32($0.length)) })
        let write = driver.run(tag: 1, cdb: CDB.write10(lba: 100, blocks: 4), flags: dataOut | sgList,
                               transferLength: 2048, dataAddress: list.physicalAddress, sgCount: 3)
        #expect(write?.hbaStatus == 0 && write?.scsiStatus == 0)
        let whole = driver.buffer(2048)
        _ = driver.run(tag: 2, cdb: CDB.read10(lba: 100, blocks: 4), flags: dataIn, transferLength: 2048,
                       dataAddress: whole.physicalAddress)
        #expect(bytes(whole) == pieces.flatMap { bytes($0) })
    }

    @Test("CHECK CONDITION delivers fixed-format autosense into the driver's buffer")
    func autosense() throws {
        let (driver, _) = try makeDriver(blocks: 100)
        let sense = driver.buffer(64, "sense")
        let buffer = driver.buffer(512)
        let completion = try #require(driver.run(tag: 3, cdb: CDB.read10(lba: 100, blocks: 1), flags: dataIn,
                                                 transferLength: 512, dataAddress: buffer.physicalAddress,
                                                 senseAddress: sense.physicalAddress, senseLength: 32))
        #expect(completion.scsiStatus == SCSIStatus.checkCondition.rawValue)
        #expect(completion.flags == HBACompletionLayout.flagSenseValid && completion.senseLength == 18)
        let raw = bytes(sense, 0..<18)
        #expect(raw[0] & 0x7F == 0x70 && raw[2] & 0x0F == 0x05 && raw[12] == 0x21 && raw[13] == 0x00)
        #expect(completion.residual == 512)
        // Without a sense buffer the status still arrives, without sense.
        let bare = try #require(driver.run(tag: 4, cdb: [0xFF, 0, 0, 0, 0, 0]))
        #expect(bare.scsiStatus == SCSIStatus.checkCondition.rawValue && bare.flags == 0 && bare.senseLength == 0)
    }

    @Test("Short reads report a residual")
    func residual() throws {
        let (driver, _) = try makeDriver()
        let buffer = driver.buffer(255)
        let completion = try #require(driver.run(tag: 5, cdb: CDB.inquiry(36), flags: dataIn, transferLength: 255,
                                                 dataAddress: buffer.physicalAddress))
        #expect(completion.scsiStatus == 0 && completion.residual == 255 - 36)
    }

    @Test("Nothing answers at an empty target or bus: SELECTION TIMEOUT; a LUN beyond CAP_LUNS is not supported")
    func selection() throws {
        let (driver, _) = try makeDriver()
        #expect(driver.run(tag: 1, target: 5, cdb: CDB.testUnitReady)?.hbaStatus == HBACommandStatus.selectionTimeout.rawValue)
        #expect(driver.run(tag: 2, bus: 3, cdb: CDB.testUnitReady)?.hbaStatus == HBACommandStatus.selectionTimeout.rawValue)
        let sense = driver.buffer(18)
        let beyond = driver.run(tag: 3, lun: 200, cdb: CDB.testUnitReady, senseAddress: sense.physicalAddress, senseLength: 18)
        #expect(beyond?.hbaStatus == 0 && beyond?.scsiStatus == SCSIStatus.checkCondition.rawValue)
        #expect(bytes(sense, 0..<18)[2] == 0x05 && bytes(sense, 0..<18)[12] == 0x25)
    }

    @Test("Malformed descriptors complete with INVALID REQUEST and run nothing", arguments: [
        "undefined flag", "in and out", "cdb length 0", "cdb length 17", "too long", "length without direction",
        "direction without length", "sg count 0", "sg count above max", "zero-length sg entry", "sg total short",
        "sg total long",
    ])
    func malformed(_ kind: String) throws {
        let (driver, disk) = try makeDriver(configuration: .init(maxTransfer: 64 * 1024, maxSGEntries: 4))
        let buffer = driver.buffer(4096)
        let list = driver.buffer(8 * HBASGLayout.size)
        let read = CDB.read10(lba: 0, blocks: 1)
        var flags = dataIn, length: UInt32 = 512, sgCount: UInt16 = 0, cdbLength: UInt8? = nil
        var address = buffer.physicalAddress
        switch kind {
        case "undefined flag": flags |= 0x80
        case "in and out": flags |= dataOut
        case "cdb length 0": cdbLength = 0
        case "cdb length 17": cdbLength = 17
        case "too long": length = 128 * 1024
        case "length without direction": flags = 0
        case "direction without length": length = 0
        case "sg count 0": flags |= sgList; address = list.physicalAddress
        case "sg count above max":
            flags |= sgList; sgCount = 5; address = list.physicalAddress
            driver.writeSG(list, Array(repeating: (buffer.physicalAddress, 100), count: 5))
        case "zero-length sg entry":
            flags |= sgList; sgCount = 2; address = list.physicalAddress
            driver.writeSG(list, [(buffer.physicalAddress, 512), (buffer.physicalAddress, 0)])
        case "sg total short":
            flags |= sgList; sgCount = 1; address = list.physicalAddress
            driver.writeSG(list, [(buffer.physicalAddress, 256)])
        case "sg total long":
            flags |= sgList; sgCount = 2; address = list.physicalAddress
            driver.writeSG(list, [(buffer.physicalAddress, 512), (buffer.physicalAddress, 0xFFFF_FFFF)])
        default: Issue.record("unknown case")
        }
        let before = disk.commandsExecuted
        driver.queue(tag: 77, cdb: read, flags: flags, transferLength: length, dataAddress: address, sgCount: sgCount,
                     cdbLength: cdbLength)
        driver.ring()
        let completion = try #require(driver.reap().first)
        #expect(completion.tag == 77 && completion.hbaStatus == HBACommandStatus.invalidRequest.rawValue, "\(kind)")
        #expect(disk.commandsExecuted == before)
        #expect(driver.hba.isReady)    // a bad request is not a controller error
    }

    @Test("DMA outside the map is refused, reported, and never performed", arguments: [
        "data", "sg list", "sg entry", "sense", "read-only mapping",
    ])
    func dmaOutsideMap(_ kind: String) throws {
        let (driver, disk) = try makeDriver()
        let buffer = driver.buffer(512)
        let list = driver.buffer(HBASGLayout.size)
        let memory = driver.machine.memory
        var flags = dataIn, address = buffer.physicalAddress, sgCount: UInt16 = 0, sense: UInt64 = 0
        var cdb = CDB.read10(lba: 0, blocks: 1)
        let hostile: UInt64 = 0x3000_0000
        let host = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 16)
        defer { host.deallocate() }
        switch kind {
        case "data": address = hostile
        case "sg list": flags |= sgList; sgCount = 1; address = hostile
        case "sg entry":
            flags |= sgList; sgCount = 1; address = list.physicalAddress
            driver.writeSG(list, [(hostile, 512)])
        case "sense": cdb = [0xFF, 0, 0, 0, 0, 0]; flags = 0; sense = hostile
        case "read-only mapping":
            let mapping = try #require(memory.map(host, writable: false))
            address = mapping.physicalAddress   // a READ would make the device write into it
        default: break
        }
        let violations = memory.violationCount
        let completion = try #require(driver.run(tag: 8, cdb: cdb, flags: flags, transferLength: flags == 0 ? 0 : 512,
                                                 dataAddress: address, sgCount: sgCount, senseAddress: sense,
                                                 senseLength: sense == 0 ? 0 : 18))
        #expect(memory.violationCount == violations + 1, "\(kind)")
        if kind == "sense" {
            #expect(completion.hbaStatus == 0 && completion.flags == 0 && completion.senseLength == 0)
        } else {
            #expect(completion.hbaStatus == HBACommandStatus.dmaError.rawValue)
            #expect(disk.commandsExecuted == 0)
        }
    }

    @Test("Every DMA, ring fetches included, is refused while bus mastering is off")
    func busMaster() throws {
        let (driver, disk) = try makeDriver()
        driver.function.configWrite(offset: 0x04, width: 2, value: 0x0003)
        let buffer = driver.buffer(512)
        let completion = driver.run(tag: 1, cdb: CDB.read10(lba: 0, blocks: 1), flags: dataIn, transferLength: 512,
                                    dataAddress: buffer.physicalAddress)
        #expect(completion == nil && disk.commandsExecuted == 0)
        #expect(driver.read(HBARegister.error) == HBAErrorCode.ringAccessFault.rawValue)
        #expect(driver.machine.memory.violations.last?.reason.contains("bus mastering") == true)
    }

    @Test("COMPLETION HEAD may not move past posted completions")
    func completionHeadBeyondTail() throws {
        let (driver, _) = try makeDriver(entries: 8)
        driver.queue(tag: 1, cdb: CDB.testUnitReady)
        driver.ring()
        driver.write(HBARegister.completionHead, 2)      // only one completion was posted
        #expect(driver.read(HBARegister.error) == HBAErrorCode.badCompletionHead.rawValue)
    }

    @Test("Clearing ENABLE forgets commands in flight; they never post")
    func disableDropsInFlight() throws {
        let (driver, _) = try makeDriver()
        driver.hba.faults.inject(.delay(nanoseconds: 100), count: nil)
        driver.queue(tag: 1, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(driver.hba.outstandingCommands == 1)
        driver.write(HBARegister.control, 0)
        #expect(driver.hba.outstandingCommands == 0 && driver.read(HBARegister.status) == 0)
        driver.machine.clock.advance(by: 1_000)
        driver.hba.faults.removeAll()
        driver.enable()
        #expect(driver.reap().isEmpty)
    }

    @Test("Many requests in one doorbell; completions wait for room and resume when COMPLETION HEAD moves")
    func backPressure() throws {
        let (driver, _) = try makeDriver(entries: 4)
        for tag in 1...3 { driver.queue(tag: UInt32(tag), cdb: CDB.testUnitReady) }
        driver.ring()
        #expect(driver.read(HBARegister.requestHead) == 3 && driver.read(HBARegister.completionTail) == 3)
        // The completion ring is full (3 of 4): new requests wait.
        driver.queue(tag: 4, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(driver.read(HBARegister.requestHead) == 3)
        #expect(driver.reap().map(\.tag) == [1, 2, 3])       // writes COMPLETION HEAD → request 4 runs
        #expect(driver.read(HBARegister.requestHead) == 0)
        #expect(driver.reap().map(\.tag) == [4])
    }

    @Test("The request path allocates nothing in steady state",
          .enabled(if: MallocCounterIsAvailable() != 0, "allocations are not counted under a sanitizer"))
    func noAllocation() throws {
        let (driver, _) = try makeDriver()
        let buffer = driver.buffer(4096)
        let write = CDB.write10(lba: 8, blocks: 8), read = CDB.read10(lba: 8, blocks: 8)
        // Warm up: allocate the RAM disk's chunk and any lazy runtime state.
        for _ in 0..<4 {
            driver.queue(tag: 1, cdb: write, flags: dataOut, transferLength: 4096, dataAddress: buffer.physicalAddress)
            driver.queue(tag: 2, cdb: read, flags: dataIn, transferLength: 4096, dataAddress: buffer.physicalAddress)
            driver.ring()
            _ = driver.reap()
        }
        // Fill descriptors up front, then count only the doorbell (the controller's work).
        driver.queue(tag: 3, cdb: write, flags: dataOut, transferLength: 4096, dataAddress: buffer.physicalAddress)
        driver.queue(tag: 4, cdb: read, flags: dataIn, transferLength: 4096, dataAddress: buffer.physicalAddress)
        let doorbell = driver.bar0 + HBARegister.requestTail, tail = UInt64(driver.requestTail)
        let space = driver.machine.memorySpace
        MallocCounterStart()
        space.write(doorbell, width: 4, value: tail)      // MMIO dispatch, DMA checks, disk, completion
        let allocations = MallocCounterStop()
        #expect(allocations == 0)
        #expect(driver.hba.commandsCompleted == 10)
    }
}

@Suite("HBA resets and fault injection")
struct HBAFaultTests {
    @Test("Timeout: the command never completes; a bus reset ends it with BUS RESET and unit attention follows")
    func timeoutThenBusReset() throws {
        let (driver, disk) = try makeDriver()
        let rule = driver.hba.faults.inject(.timeout, count: 2)
        driver.queue(tag: 1, cdb: CDB.testUnitReady)
        driver.queue(tag: 2, cdb: CDB.testUnitReady)
        driver.queue(tag: 3, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(rule.fired == 2)
        #expect(driver.reap().map(\.tag) == [3])
        #expect(driver.read(HBARegister.outstanding) == 2)
        driver.machine.clock.advance(by: 60_000_000_000)
        #expect(driver.reap().isEmpty)                   // still nothing: it is lost
        driver.write(HBARegister.busReset, 0)
        let ended = driver.reap()
        #expect(ended.map(\.tag) == [1, 2] && ended.allSatisfy { $0.hbaStatus == HBACommandStatus.busReset.rawValue })
        #expect(driver.read(HBARegister.outstanding) == 0)
        let sense = driver.buffer(18)
        let next = driver.run(tag: 4, cdb: CDB.testUnitReady, senseAddress: sense.physicalAddress, senseLength: 18)
        #expect(next?.scsiStatus == SCSIStatus.checkCondition.rawValue)
        #expect(bytes(sense, 0..<18)[2] == 0x06 && bytes(sense, 0..<18)[12] == 0x29)
        _ = disk
    }

    @Test("Target reset ends that target's outstanding commands with TARGET RESET")
    func targetReset() throws {
        let (driver, _) = try makeDriver()
        let other = SCSITarget(id: 1)
        try other.attach(SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 64)), lun: 0)
        try driver.hba.attach(other, bus: 0)
        driver.hba.faults.inject(.timeout, count: nil)
        driver.queue(tag: 1, target: 0, cdb: CDB.testUnitReady)
        driver.queue(tag: 2, target: 1, cdb: CDB.testUnitReady)
        driver.ring()
        driver.write(HBARegister.targetReset, 0x0100)    // bus 0, target 1
        #expect(driver.reap().map { [$0.tag, UInt32($0.hbaStatus)] } == [[2, UInt32(HBACommandStatus.targetReset.rawValue)]])
        #expect(driver.read(HBARegister.outstanding) == 1)
    }

    @Test("Controller reset in the middle of outstanding commands drops them and forgets the rings")
    func controllerReset() throws {
        let (driver, _) = try makeDriver()
        driver.hba.faults.inject(.delay(nanoseconds: 1_000_000), count: nil)
        for tag in 1...3 { driver.queue(tag: UInt32(tag), cdb: CDB.testUnitReady) }
        driver.ring()
        #expect(driver.hba.outstandingCommands == 3)
        driver.write(HBARegister.control, HBAValue.controlReset)
        #expect(driver.hba.outstandingCommands == 0 && driver.read(HBARegister.ringEntries) == 0)
        #expect(driver.read(HBARegister.interruptMask) == HBAValue.interruptAll)
        driver.machine.clock.advance(by: 10_000_000)     // the cancelled delays never post
        driver.hba.faults.removeAll()
        driver.enable()
        #expect(driver.reap().isEmpty)
        let sense = driver.buffer(18)
        let first = driver.run(tag: 9, cdb: CDB.testUnitReady, senseAddress: sense.physicalAddress, senseLength: 18)
        #expect(first?.scsiStatus == SCSIStatus.checkCondition.rawValue && bytes(sense, 0..<18)[12] == 0x29)
    }

    @Test("Delayed completions arrive in virtual time, out of order when delays differ")
    func delays() throws {
        let (driver, _) = try makeDriver()
        let slow = driver.hba.faults.inject(.delay(nanoseconds: 5_000), lun: 0, count: 1)
        let fast = driver.hba.faults.inject(.delay(nanoseconds: 1_000), count: 1)
        driver.queue(tag: 1, cdb: CDB.testUnitReady)
        driver.queue(tag: 2, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(driver.reap().isEmpty && driver.hba.outstandingCommands == 2)
        driver.machine.clock.advance(by: 1_000)
        #expect(driver.reap().map(\.tag) == [2])
        driver.machine.clock.advance(by: 4_000)
        #expect(driver.reap().map(\.tag) == [1])
        #expect(slow.fired == 1 && fast.fired == 1)
    }

    @Test("A lost interrupt: the completion is in the ring but the line never rises")
    func lostInterrupt() throws {
        let (driver, _) = try makeDriver()
        let rule = driver.hba.faults.inject(.lostInterrupt)
        driver.queue(tag: 1, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(!driver.hba.interruptAsserted && driver.read(HBARegister.interruptStatus) == 0)
        #expect(driver.read(HBARegister.completionTail) == 1 && rule.fired == 1)
        #expect(driver.reap().map(\.tag) == [1])
    }

    @Test("Device removal: the target stops answering; restoring brings it back")
    func removal() throws {
        let (driver, _) = try makeDriver()
        driver.hba.faults.removeTarget(bus: 0, target: 0)
        #expect(driver.run(tag: 1, cdb: CDB.testUnitReady)?.hbaStatus == HBACommandStatus.selectionTimeout.rawValue)
        #expect(driver.hba.faults.removalRefusals == 1)
        driver.hba.faults.restoreTarget(bus: 0, target: 0)
        #expect(driver.run(tag: 2, cdb: CDB.testUnitReady)?.hbaStatus == 0)
    }

    @Test("Controller fatal error: STATUS.FATAL, the ERROR interrupt, doorbells ignored until reset")
    func fatal() throws {
        let (driver, _) = try makeDriver()
        driver.hba.injectControllerFatal()
        #expect(driver.hba.faults.fatalErrorsInjected == 1)
        #expect(driver.read(HBARegister.status) & HBAValue.statusFatal != 0)
        #expect(driver.read(HBARegister.error) == HBAErrorCode.injectedFatal.rawValue)
        #expect(driver.hba.interruptAsserted)
        driver.queue(tag: 1, cdb: CDB.testUnitReady)
        driver.ring()
        #expect(driver.read(HBARegister.requestHead) == 0 && driver.read(HBARegister.completionTail) == 0)
    }

    @Test("Disk faults reach the initiator through the HBA: BUSY, TASK SET FULL, medium error with its LBA")
    func diskFaultsThroughHBA() throws {
        let (driver, disk) = try makeDriver()
        disk.faults.busy.arm(forNext: 1)
        #expect(driver.run(tag: 1, cdb: CDB.testUnitReady)?.scsiStatus == SCSIStatus.busy.rawValue)
        disk.faults.taskSetFull.arm(forNext: 1)
        #expect(driver.run(tag: 2, cdb: CDB.testUnitReady)?.scsiStatus == SCSIStatus.taskSetFull.rawValue)
        let rule = disk.faults.injectMediumError(at: 10..<11, on: .read)
        let buffer = driver.buffer(1024), sense = driver.buffer(18)
        let failed = driver.run(tag: 3, cdb: CDB.read10(lba: 9, blocks: 2), flags: dataIn, transferLength: 1024,
                                dataAddress: buffer.physicalAddress, senseAddress: sense.physicalAddress, senseLength: 18)
        let raw = bytes(sense, 0..<18)
        #expect(failed?.scsiStatus == SCSIStatus.checkCondition.rawValue)
        #expect(raw[0] == 0xF0 && raw[2] == 0x03 && raw[12] == 0x11 && Array(raw[3..<7]) == [0, 0, 0, 10])
        #expect(rule.fired == 1)
    }
}

@Suite("README example")
struct ReadmeExampleTests {
    @Test("A controller kept past its machine forgets its PCI function (no dangling reference)")
    func outlivesMachine() throws {
        var machine: Machine? = Machine()
        let hba = EmulatedHBA(machine: machine!)
        weak var released: PCIFunction?
        do {
            let function = try machine!.plug(hba, slot: 1)
            #expect(hba.function === function)
            released = function
        }
        machine = nil
        #expect(released == nil, "the machine owned the function")
        #expect(hba.function == nil)
        #expect(!hba.interruptAsserted)
    }

    @Test("The README's machine set-up runs as written")
    func readmeSnippet() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("disk.img").path

        let machine = Machine()
        let hba = EmulatedHBA(configuration: .init(buses: 1, targetsPerBus: 16), machine: machine)
        try machine.plug(hba, slot: 3)
        let disk = SCSIDisk(store: try FileBlockStore(creatingAt: image, blockSize: 512, blockCount: 1 << 20))
        let target = SCSITarget(id: 0)
        try target.attach(disk, lun: 0)
        try hba.attach(target, bus: 0)
        disk.faults.injectMediumError(at: 1000..<1001, on: .read)

        #expect(hba.target(bus: 0, id: 0) === target)
        #expect(try FileManager.default.attributesOfItem(atPath: image)[.size] as? Int == 512 << 20)
    }
}
