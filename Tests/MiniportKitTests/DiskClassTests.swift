import CMiniportABI
import Foundation
import MiniportSCSI
import Testing
@testable import MiniportKit

@Suite("Disk class: splitting, retries, typed errors, pass-through, async")
struct DiskClassTests {
    static func boot(disks: [MiniportRunner.DiskSpec] = [.ram(bytes: 8 << 20, blockSize: 512)]) throws -> MiniportRunner.Session {
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.disks = disks
        return try runner.boot()
    }

    @Test("A result's sense reads back as set; no sense and empty sense are the same result")
    func resultSense() {
        var result = PortAdapter.Result(srbStatus: UInt8(SRB_STATUS_ERROR), scsiStatus: 0x02)
        #expect(result.sense.isEmpty && result.senseKey == nil)
        #expect(result == PortAdapter.Result(srbStatus: UInt8(SRB_STATUS_ERROR), scsiStatus: 0x02, transferred: 0, sense: []))
        let bytes: [UInt8] = [0x70, 0, 0x03, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x11, 0x00]
        result.sense = bytes
        #expect(result.sense == bytes && result.senseKey == 0x03 && result.asc == 0x11 && result.ascq == 0x00)
        #expect(result != PortAdapter.Result(srbStatus: UInt8(SRB_STATUS_ERROR), scsiStatus: 0x02))
        result.sense = []
        #expect(result == PortAdapter.Result(srbStatus: UInt8(SRB_STATUS_ERROR), scsiStatus: 0x02))
    }

    @Test("Sense data maps to typed errors", arguments: [
        (0x03, 0x11, 0x00, "medium error 11/00 at LBA 77"),
        (0x05, 0x21, 0x00, "illegal request 21/00"),
        (0x05, 0x24, 0x00, "illegal request 24/00"),
        (0x02, 0x04, 0x02, "not ready 04/02"),
        (0x06, 0x29, 0x00, "unit attention 29/00"),
        (0x07, 0x27, 0x00, "write protected"),
        (0x0B, 0x47, 0x00, "sense 0B/47/00"),
    ] as [(UInt8, UInt8, UInt8, String)])
    func senseMapping(key: UInt8, asc: UInt8, ascq: UInt8, text: String) {
        var sense = [UInt8](repeating: 0, count: 18)
        sense[0] = 0xF0
        sense[2] = key
        sense[6] = 77
        sense[12] = asc
        sense[13] = ascq
        let result = PortAdapter.Result(srbStatus: UInt8(SRB_STATUS_ERROR) | UInt8(SRB_STATUS_AUTOSENSE_VALID),
                                            scsiStatus: 0x02, transferred: 0, sense: sense)
        #expect(DiskClass.decode(result).description == text)
    }

    @Test("Transport and status failures map too")
    func transportMapping() {
        let busy = PortAdapter.Result(srbStatus: UInt8(SRB_STATUS_ERROR), scsiStatus: 0x08, transferred: 0, sense: [])
        #expect(DiskClass.decode(busy) == .deviceBusy(scsiStatus: 0x08))
        let reset = PortAdapter.Result(srbStatus: UInt8(SRB_STATUS_BUS_RESET), scsiStatus: 0, transferred: 0, sense: [])
        #expect(DiskClass.decode(reset) == .transport(srbStatus: UInt8(SRB_STATUS_BUS_RESET)))
        #expect(DiskClass.isRetryable(.transport(srbStatus: UInt8(SRB_STATUS_BUS_RESET))))
        #expect(!DiskClass.isRetryable(.illegalRequest(asc: 0x21, ascq: 0)))
        let noSense = PortAdapter.Result(srbStatus: UInt8(SRB_STATUS_ERROR), scsiStatus: 0x02, transferred: 0, sense: [])
        #expect(DiskClass.decode(noSense) == .checkConditionWithoutSense)
    }

    @Test("CDBs: READ/WRITE(10) while they fit, (16) beyond")
    func cdbChoice() {
        #expect(DiskClass.readWriteCDB(lba: 0x1234, blocks: 8, write: false) == [0x28, 0, 0, 0, 0x12, 0x34, 0, 0, 8, 0])
        let big = DiskClass.readWriteCDB(lba: 0x1_0000_0000, blocks: 1, write: true)
        #expect(big.count == 16 && big[0] == 0x8A && big[5] == 1 && big[13] == 1)
    }

    @Test("Medium errors and out-of-range requests come back typed, through the miniport")
    func errorsThroughMiniport() throws {
        let session = try Self.boot()
        let adapter = try #require(session.driver.adapters.first)
        let disk = try #require(DiskClass.disks(on: adapter).first)
        let target = try #require(session.hba.target(bus: 0, id: 0))
        let unit = try #require(target[0] as? SCSIDisk)
        unit.faults.injectMediumError(at: 20..<21, on: .read)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        #expect(throws: DiskError.mediumError(lba: 20, asc: 0x11, ascq: 0)) { try disk.read(lba: 16, into: buffer) }
        #expect(throws: DiskError.illegalRequest(asc: 0x21, ascq: 0)) { try disk.read(lba: disk.blockCount - 1, into: buffer) }
        #expect(throws: DiskError.self) {
            try disk.read(lba: 0, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<100]))
        }
    }

    @Test("Buffers that break the adapter's alignment go through a bounce buffer, data intact")
    func alignmentBounce() throws {
        let session = try Self.boot()
        let adapter = try #require(session.driver.adapters.first)
        let disk = try #require(DiskClass.disks(on: adapter).first)
        disk.alignmentMask = 0x1FF
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096 + 1, alignment: 4096)
        let back = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096 + 3, alignment: 4096)
        defer { storage.deallocate(); back.deallocate() }
        let data = UnsafeMutableRawBufferPointer(rebasing: storage[1...])          // misaligned by one byte
        for index in 0..<data.count { data[index] = UInt8(truncatingIfNeeded: index * 7) }
        try disk.write(lba: 40, from: UnsafeRawBufferPointer(data))
        let into = UnsafeMutableRawBufferPointer(rebasing: back[3..<(3 + 4096)])
        try disk.read(lba: 40, into: into)
        #expect(Array(into) == Array(data))
        #expect(disk.bouncedRequests == 2)
        try disk.write(lba: 48, from: UnsafeRawBufferPointer(UnsafeMutableRawBufferPointer(rebasing: storage[0..<4096])))   // aligned: direct
        #expect(disk.bouncedRequests == 2)
    }

    @Test("Pass-through sends a raw CDB and returns the raw result")
    func passThrough() throws {
        let session = try Self.boot()
        let adapter = try #require(session.driver.adapters.first)
        let disk = try #require(DiskClass.disks(on: adapter).first)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 36, alignment: 16)
        defer { buffer.deallocate() }
        let result = disk.passThrough(cdb: [0x12, 0, 0, 0, 36, 0], direction: .dataIn, buffer: buffer)
        #expect(result.succeeded && result.transferred == 36)
        #expect(String(decoding: buffer[8..<16], as: UTF8.self) == "MINIPORT")
        let bad = disk.passThrough(cdb: [0xFF, 0, 0, 0, 0, 0], direction: .none, buffer: nil)
        #expect(bad.scsiStatus == 0x02 && bad.senseKey == 0x05 && bad.asc == 0x20)
    }

    @Test("Async reads and writes run on the disk's queue")
    func asyncDisk() async throws {
        let session = try Self.boot()
        let adapter = try #require(session.driver.adapters.first)
        let disk = AsyncDisk(try #require(DiskClass.disks(on: adapter).first))
        let geometry = await disk.geometry
        #expect(geometry.blockSize == 512 && geometry.blockCount == 16384)
        let message = Array("hello from an async disk".utf8) + [UInt8](repeating: 0, count: 512 - 24)
        try await disk.write(lba: 3, data: message)
        #expect(try await disk.read(lba: 3, blocks: 1) == message)
        try await disk.flush()
        await #expect(throws: DiskError.illegalRequest(asc: 0x21, ascq: 0)) { _ = try await disk.read(lba: 16384, blocks: 1) }
        _ = session
    }
}
