import Testing
import MiniportSCSI
import MiniportVirtio

/// Builds virtio-blk requests.
enum BlockRequest {
    static func header(_ type: UInt32, sector: UInt64 = 0) -> [UInt8] {
        .le(type) + .le(UInt32(0)) + .le(sector)
    }

    static func range(sector: UInt64, sectors: UInt32, flags: UInt32 = 0) -> [UInt8] {
        .le(sector) + .le(sectors) + .le(flags)
    }

    static func pattern(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ Int(seed)) }
    }
}

@Suite struct VirtioBlockTests {
    typealias T = VirtioBlock.RequestType
    typealias S = VirtioBlock.Status

    func makeDevice(blocks: UInt64 = 4096, blockSize: Int = 512, readOnly: Bool = false,
                    faults: DiskFaults? = nil, options: VirtioBlockOptions = VirtioBlockOptions())
        throws -> (VirtioBlockBackend, ChainDriver, RAMBlockStore) {
        let store = try RAMBlockStore(blockSize: blockSize, blockCount: blocks, readOnly: readOnly)
        let device = VirtioBlockBackend(store: store, faults: faults, options: options)
        return (device, ChainDriver(device), store)
    }

    /// Status byte of an outcome (the last writable byte).
    func status(_ outcome: ChainDriver.Outcome) -> UInt8 { outcome.bytes.last! }

    func write(_ driver: ChainDriver, sector: UInt64, _ data: [UInt8], queue: Int = 0) -> UInt8 {
        status(driver.run(queue: queue, readable: [BlockRequest.header(T.write, sector: sector), data], writable: [1]))
    }

    func read(_ driver: ChainDriver, sector: UInt64, count: Int, queue: Int = 0) -> (UInt8, [UInt8]) {
        let outcome = driver.run(queue: queue, readable: [BlockRequest.header(T.read, sector: sector)],
                                 writable: [count, 1])
        let bytes = outcome.bytes
        return (bytes.last!, Array(bytes.dropLast()))
    }

    @Test func configurationSpaceAndFeatures() throws {
        let (device, _, _) = try makeDevice(blocks: 2048, blockSize: 4096,
                                            options: VirtioBlockOptions(queueSize: 128, physicalBlockExponent: 1,
                                                                        minIOSize: 2, optIOSize: 64))
        typealias At = VirtioBlock.ConfigOffset
        #expect(device.deviceType == 2)
        #expect(device.configSize == 60)
        #expect(device.readConfig(offset: At.capacity, width: 8) == 2048 * 8)
        #expect(device.readConfig(offset: At.sizeMax, width: 4) == 1 << 20)
        #expect(device.readConfig(offset: At.segMax, width: 4) == 126)
        #expect(device.readConfig(offset: At.heads, width: 1) == 16)
        #expect(device.readConfig(offset: At.sectors, width: 1) == 63)
        #expect(device.readConfig(offset: At.cylinders, width: 2) == 2048 * 8 / (16 * 63))
        #expect(device.readConfig(offset: At.blockSize, width: 4) == 4096)
        #expect(device.readConfig(offset: At.physicalBlockExponent, width: 1) == 1)
        #expect(device.readConfig(offset: At.minIOSize, width: 2) == 2)
        #expect(device.readConfig(offset: At.optIOSize, width: 4) == 64)
        #expect(device.readConfig(offset: At.numQueues, width: 2) == 1)
        #expect(device.readConfig(offset: At.discardSectorAlignment, width: 4) == 8)
        #expect(device.readConfig(offset: At.maxDiscardSegments, width: 4) == 32)
        #expect(device.readConfig(offset: At.writeZeroesMayUnmap, width: 1) == 1)
        // Byte-wise reads of a 64-bit field agree with the whole read.
        #expect(device.readConfig(offset: At.capacity + 1, width: 1) == (2048 * 8) >> 8 & 0xFF)
        let features = device.deviceFeatures
        for bit in [1, 2, 4, 6, 9, 10, 11, 13, 14] { #expect(features & (1 << UInt64(bit)) != 0, "bit \(bit)") }
        #expect(features & (1 << 5) == 0)   // not read-only
        #expect(features & (1 << 12) == 0)  // one queue: no MQ
        #expect(device.queueCount == 1 && device.maxQueueSize == 128)

        let (readOnly, _, _) = try makeDevice(readOnly: true)
        #expect(readOnly.deviceFeatures & (1 << 5) != 0)
        #expect(readOnly.deviceFeatures & (1 << 13 | 1 << 14) == 0)
    }

    @Test func writebackFollowsFlushNegotiationAndTheDriver() throws {
        let (device, _, _) = try makeDevice()
        let at = VirtioBlock.ConfigOffset.writeback
        device.featuresAccepted(0)
        #expect(!device.writeback && device.readConfig(offset: at, width: 1) == 0)
        device.writeConfig(offset: at, width: 1, value: 1)
        #expect(device.writeback && device.readConfig(offset: at, width: 1) == 1)
        device.featuresAccepted(1 << 9)
        #expect(device.writeback)
        device.writeConfig(offset: 0, width: 8, value: 5)  // capacity is read-only
        #expect(device.readConfig(offset: 0, width: 8) == 4096)
    }

    @Test func writeThenReadAcrossSegments() throws {
        let (device, driver, _) = try makeDevice()
        let data = BlockRequest.pattern(1536, seed: 3)
        // Header and the first data bytes share a descriptor; data splits mid-sector.
        let outcome = driver.run(queue: 0, readable: [BlockRequest.header(T.write, sector: 10) + data[0..<100],
                                                      Array(data[100..<1000]), Array(data[1000...])],
                                 writable: [1])
        #expect(status(outcome) == S.ok)
        #expect(outcome.disposition == .complete(written: 1))
        let back = driver.run(queue: 0, readable: [BlockRequest.header(T.read, sector: 10)], writable: [700, 836, 1])
        #expect(back.bytes.last == S.ok)
        #expect(Array(back.bytes.dropLast()) == data)
        #expect(back.disposition == .complete(written: 1537))
        // Status shares the last writable descriptor with the data.
        let shared = driver.run(queue: 0, readable: [BlockRequest.header(T.read, sector: 11)], writable: [513])
        #expect(shared.bytes.last == S.ok && Array(shared.bytes.prefix(512)) == Array(data[512..<1024]))
        #expect(device.requestsByQueue == [3] && device.failedRequests == 0)
    }

    @Test func flushAndGetID() throws {
        let (_, driver, _) = try makeDevice(options: VirtioBlockOptions(serial: "DISK-7"))
        #expect(status(driver.run(queue: 0, readable: [BlockRequest.header(T.flush)], writable: [1])) == S.ok)
        let id = driver.run(queue: 0, readable: [BlockRequest.header(T.getID)], writable: [20, 1])
        #expect(id.bytes.last == S.ok)
        #expect(Array(id.bytes.prefix(20)) == Array("DISK-7".utf8) + [UInt8](repeating: 0, count: 14))
        #expect(id.disposition == .complete(written: 21))
        // A buffer that cannot hold the 20-byte ID.
        #expect(status(driver.run(queue: 0, readable: [BlockRequest.header(T.getID)], writable: [10, 1])) == S.ioError)
    }

    @Test func unsupportedTypesAnswerUnsupp() throws {
        let (_, driver, _) = try makeDevice()
        for type: UInt32 in [2, 10, 14, 99, 0x8000_0001] {
            #expect(status(driver.run(queue: 0, readable: [BlockRequest.header(type)], writable: [1])) == S.unsupported)
        }
    }

    @Test func rangeAndLengthBoundsGiveIOErr() throws {
        let (device, driver, _) = try makeDevice(blocks: 100)
        #expect(write(driver, sector: 99, [UInt8](repeating: 1, count: 512)) == S.ok)
        #expect(write(driver, sector: 99, [UInt8](repeating: 1, count: 1024)) == S.ioError)
        #expect(write(driver, sector: UInt64.max, [UInt8](repeating: 1, count: 512)) == S.ioError)
        #expect(write(driver, sector: 0, [UInt8](repeating: 1, count: 100)) == S.ioError)
        #expect(read(driver, sector: 100, count: 512).0 == S.ioError)
        #expect(read(driver, sector: 0, count: 700).0 == S.ioError)
        #expect(read(driver, sector: 100, count: 0).0 == S.ok)  // empty read at the end
        #expect(device.failedRequests == 5)
    }

    @Test func segmentLimitsGiveIOErr() throws {
        let (_, driver, _) = try makeDevice(options: VirtioBlockOptions(sizeMax: 1024, segMax: 2))
        let outcome = driver.run(queue: 0, readable: [BlockRequest.header(T.read)], writable: [512, 512, 512, 1])
        #expect(status(outcome) == S.ioError)
        #expect(read(driver, sector: 0, count: 2048).0 == S.ioError)
        #expect(read(driver, sector: 0, count: 1024).0 == S.ok)
        let pieces = driver.run(queue: 0, readable: [BlockRequest.header(T.write), [UInt8](repeating: 0, count: 512),
                                                     [UInt8](repeating: 0, count: 512), [UInt8](repeating: 0, count: 512)],
                                writable: [1])
        #expect(status(pieces) == S.ioError)
    }

    @Test func readOnlyStoreRefusesWrites() throws {
        let (_, driver, store) = try makeDevice(readOnly: true)
        #expect(write(driver, sector: 0, [UInt8](repeating: 9, count: 512)) == S.ioError)
        var block = [UInt8](repeating: 1, count: 512)
        try block.withUnsafeMutableBytes { try store.read(byteOffset: 0, into: $0) }
        #expect(block == [UInt8](repeating: 0, count: 512))
        let zeroes = driver.run(queue: 0, readable: [BlockRequest.header(T.writeZeroes), BlockRequest.range(sector: 0, sectors: 1)],
                                writable: [1])
        #expect(status(zeroes) == S.ioError)
        #expect(read(driver, sector: 0, count: 512).0 == S.ok)
    }

    @Test func discardAndWriteZeroes() throws {
        let (_, driver, _) = try makeDevice()
        let data = BlockRequest.pattern(4096, seed: 1)
        #expect(write(driver, sector: 0, data) == S.ok)
        // Write zeroes over sectors 1-2 (no unmap), then discard sectors 4-7.
        let zeroes = driver.run(queue: 0, readable: [BlockRequest.header(T.writeZeroes),
                                                     BlockRequest.range(sector: 1, sectors: 2)], writable: [1])
        #expect(status(zeroes) == S.ok)
        let discard = driver.run(queue: 0, readable: [BlockRequest.header(T.discard),
                                                      BlockRequest.range(sector: 4, sectors: 4)], writable: [1])
        #expect(status(discard) == S.ok)
        let (result, back) = read(driver, sector: 0, count: 4096)
        #expect(result == S.ok)
        var expected = data
        for index in 512..<1536 { expected[index] = 0 }
        for index in 2048..<4096 { expected[index] = 0 }  // the RAM store reads discarded blocks as zeros
        #expect(back == expected)
        // Write zeroes with unmap, two ranges in one request.
        #expect(write(driver, sector: 0, data) == S.ok)
        let both = driver.run(queue: 0, readable: [BlockRequest.header(T.writeZeroes),
                                                   BlockRequest.range(sector: 0, sectors: 1, flags: 1) +
                                                   BlockRequest.range(sector: 7, sectors: 1, flags: 1)], writable: [1])
        #expect(status(both) == S.ok)
        let (_, after) = read(driver, sector: 0, count: 4096)
        #expect(Array(after[0..<512]) == [UInt8](repeating: 0, count: 512))
        #expect(Array(after[512..<3584]) == Array(data[512..<3584]))
        #expect(Array(after[3584...]) == [UInt8](repeating: 0, count: 512))
    }

    @Test func rangeRequestErrors() throws {
        let (_, driver, _) = try makeDevice(blocks: 64, options: VirtioBlockOptions(maxDiscardSectors: 8, maxDiscardSegments: 2))
        let data = BlockRequest.pattern(512, seed: 5)
        #expect(write(driver, sector: 3, data) == S.ok)
        func run(_ type: UInt32, _ payload: [UInt8]) -> UInt8 {
            status(driver.run(queue: 0, readable: [BlockRequest.header(type), payload], writable: [1]))
        }
        #expect(run(T.discard, BlockRequest.range(sector: 0, sectors: 4, flags: 1)) == S.unsupported)  // unmap on discard
        #expect(run(T.writeZeroes, BlockRequest.range(sector: 0, sectors: 4, flags: 2)) == S.unsupported)  // unknown flag
        #expect(run(T.discard, BlockRequest.range(sector: 0, sectors: 9)) == S.ioError)  // above max_discard_sectors
        #expect(run(T.discard, BlockRequest.range(sector: 0, sectors: 1) + BlockRequest.range(sector: 1, sectors: 1)
                    + BlockRequest.range(sector: 2, sectors: 1)) == S.ioError)  // above max_discard_seg
        #expect(run(T.writeZeroes, BlockRequest.range(sector: 60, sectors: 8)) == S.ioError)  // past the capacity
        #expect(run(T.writeZeroes, Array(BlockRequest.range(sector: 0, sectors: 1).prefix(12))) == S.ioError)  // torn
        // A rejected request changes nothing, even when its first range was valid.
        #expect(run(T.writeZeroes, BlockRequest.range(sector: 3, sectors: 1) + BlockRequest.range(sector: 63, sectors: 2)) == S.ioError)
        #expect(read(driver, sector: 3, count: 512).1 == data)
    }

    @Test func shortHeaderNeedsReset() throws {
        let (_, driver, _) = try makeDevice()
        let short = driver.run(queue: 0, readable: [Array(BlockRequest.header(T.read).prefix(12))], writable: [512, 1])
        #expect(short.disposition == .complete(written: 0))
        #expect(driver.transport.resetRequests.count == 1)
        let noStatus = driver.run(queue: 0, readable: [BlockRequest.header(T.flush)], writable: [])
        #expect(noStatus.disposition == .complete(written: 0))
        #expect(driver.transport.resetRequests.count == 2)
        #expect(driver.transport.resetRequests[0].contains("header"))
    }

    @Test func mediumErrorsGiveIOErr() throws {
        let faults = DiskFaults()
        let (_, driver, _) = try makeDevice(faults: faults)
        let readRule = faults.injectMediumError(at: 8..<9, on: .read, firings: 1)
        let writeRule = faults.injectMediumError(at: 20..<21, on: .write)
        #expect(read(driver, sector: 6, count: 2048).0 == S.ioError)
        #expect(readRule.fired == 1)
        #expect(read(driver, sector: 6, count: 2048).0 == S.ok)  // one firing only
        #expect(write(driver, sector: 19, [UInt8](repeating: 3, count: 1024)) == S.ioError)
        #expect(read(driver, sector: 19, count: 1024).1 == [UInt8](repeating: 0, count: 1024))  // nothing written
        #expect(write(driver, sector: 21, [UInt8](repeating: 3, count: 512)) == S.ok)
        #expect(writeRule.fired == 1)
        let zeroes = driver.run(queue: 0, readable: [BlockRequest.header(T.writeZeroes),
                                                     BlockRequest.range(sector: 20, sectors: 1)], writable: [1])
        #expect(status(zeroes) == S.ioError)
    }

    @Test func fourKStoreAddressesIn512ByteSectors() throws {
        let (_, driver, _) = try makeDevice(blocks: 16, blockSize: 4096)
        let data = BlockRequest.pattern(4096, seed: 9)
        #expect(write(driver, sector: 8, data) == S.ok)
        #expect(read(driver, sector: 8, count: 4096).1 == data)
        #expect(read(driver, sector: 12, count: 512).1 == Array(data[2048..<2560]))
        #expect(read(driver, sector: 127, count: 512).0 == S.ok)
        #expect(read(driver, sector: 128, count: 512).0 == S.ioError)
    }

    @Test func multipleQueuesOfferMQ() throws {
        let (device, driver, _) = try makeDevice(options: VirtioBlockOptions(queues: 4))
        #expect(device.queueCount == 4)
        #expect(device.deviceFeatures & (1 << 12) != 0)
        #expect(device.readConfig(offset: VirtioBlock.ConfigOffset.numQueues, width: 2) == 4)
        let data = BlockRequest.pattern(512, seed: 2)
        #expect(write(driver, sector: 5, data, queue: 3) == S.ok)
        #expect(read(driver, sector: 5, count: 512, queue: 1).1 == data)
        #expect(read(driver, sector: 5, count: 512, queue: 1).0 == S.ok)
        #expect(device.requestsByQueue == [0, 2, 0, 1])
    }
}

@Suite struct VirtioBlockFaultTests {
    @Test func transportFaultsShapeTheCompletion() throws {
        let store = try RAMBlockStore(blockCount: 64)
        let device = VirtioBlockBackend(store: store)
        let driver = ChainDriver(device)
        let faults = driver.transport.faults
        let data = BlockRequest.pattern(512, seed: 1)
        let hold = faults.inject(.timeout, count: 1)
        let held = driver.run(queue: 0, readable: [BlockRequest.header(VirtioBlock.RequestType.write, sector: 2), data],
                              writable: [1])
        #expect(held.disposition == .hold(written: 1) && hold.fired == 1)
        #expect(held.bytes == [VirtioBlock.Status.ok])  // executed; only the completion is held
        faults.inject(.delay(nanoseconds: 1_000), count: 1)
        let delayed = driver.run(queue: 0, readable: [BlockRequest.header(VirtioBlock.RequestType.read, sector: 2)],
                                 writable: [512, 1])
        #expect(delayed.disposition == .delay(written: 513, nanoseconds: 1_000))
        #expect(Array(delayed.bytes.prefix(512)) == data)
        faults.inject(.lostInterrupt, count: 1)
        let silent = driver.run(queue: 0, readable: [BlockRequest.header(VirtioBlock.RequestType.flush)], writable: [1])
        #expect(silent.disposition == .completeSilently(written: 1))
        let normal = driver.run(queue: 0, readable: [BlockRequest.header(VirtioBlock.RequestType.flush)], writable: [1])
        #expect(normal.disposition == .complete(written: 1))
        #expect(device.faultedCompletions == 3)
    }
}

@Suite struct VirtioDiskBackedTests {
    @Test func blockDeviceStandsForADisk() throws {
        let disk = SCSIDisk(store: try RAMBlockStore(blockSize: 4096, blockCount: 8))
        let device = VirtioBlockBackend(disk: disk)
        let driver = ChainDriver(device)
        var changes: [[UInt64]] = []
        disk.onMediumChange = { changes.append([$0, $1]) }  // set after the device was built
        disk.faults.injectMediumError(at: 3..<4, on: .read)
        let write = driver.run(queue: 0, readable: [BlockRequest.header(VirtioBlock.RequestType.write, sector: 9),
                                                    [UInt8](repeating: 1, count: 1024)], writable: [1])
        #expect(write.bytes == [VirtioBlock.Status.ok])
        #expect(changes == [[1, 1]])
        let read = driver.run(queue: 0, readable: [BlockRequest.header(VirtioBlock.RequestType.read, sector: 24)],
                              writable: [512, 1])
        #expect(read.bytes.last == VirtioBlock.Status.ioError)
    }

    @Test func scsiAdapterPutsDiskNAtTargetN() throws {
        let disks = try (0..<3).map { _ in SCSIDisk(store: try RAMBlockStore(blockCount: 16)) }
        let adapter = VirtioSCSIBackend(disks: disks)
        #expect(adapter.targetIDs == [0, 1, 2])
        #expect(adapter.target(2)?[0] === disks[2])
    }
}

@Suite struct VirtioBlockLostWriteTests {
    @Test func droppedWriteReportsOKWithoutStoring() throws {
        let disk = SCSIDisk(store: try RAMBlockStore(blockCount: 16))
        let driver = ChainDriver(VirtioBlockBackend(disk: disk))
        disk.faults.droppedWrites.arm(forNext: 1)
        let data = [UInt8](repeating: 0xA5, count: 512)
        func write() -> [UInt8] {
            driver.run(queue: 0, readable: [BlockRequest.header(VirtioBlock.RequestType.write, sector: 1), data],
                       writable: [1]).bytes
        }
        func read() -> [UInt8] {
            Array(driver.run(queue: 0, readable: [BlockRequest.header(VirtioBlock.RequestType.read, sector: 1)],
                             writable: [512, 1]).bytes.prefix(512))
        }
        #expect(write() == [VirtioBlock.Status.ok])
        #expect(read() == [UInt8](repeating: 0, count: 512))  // lost
        #expect(disk.faults.droppedWrites.fired == 1)
        #expect(write() == [VirtioBlock.Status.ok])
        #expect(read() == data)  // stored
    }
}
