import CMiniportABI
import Foundation
import MiniportHBA
import MiniportPlatform
import MiniportSCSI
import Testing
@testable import MiniportKit

@Suite("Dump port: the dump copy of the boot miniport, polled")
struct DumpPortTests {
    @Test("Crash and hibernation copies load separately, run polled, and what they write survives a reboot",
          arguments: ExampleMiniport.allCases, [PortMode.crashDump, .hibernation])
    func dumpCopy(_ miniport: ExampleMiniport, mode: PortMode) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(disks: 1, blocks: 8192)
        let path = try miniport.image(in: dir)

        var normal: PortDriver? = try PortDriver.load(path: path, machine: test.machine)
        let boot = try #require(normal?.adapters.first?.devices.first)
        // A disk keeps its driver loaded: it goes away with the normal port at the reboot.
        var normalDisk: DiskClass? = try DiskClass(adapter: normal!.adapters[0], device: boot)
        let before = TransferBuffer(count: 4096, seed: 5)
        try normalDisk?.write(lba: 0, from: UnsafeRawBufferPointer(before.bytes))

        var dump: DumpPort? = try DumpPort(miniportPath: path, machine: test.machine, mode: mode, targetId: boot.targetId)
        let port = try #require(dump)
        let prefix = mode == .crashDump ? "dump_" : "hiber_"
        #expect(URL(fileURLWithPath: port.imagePath).lastPathComponent.hasPrefix(prefix))
        #expect(port.driver.mode == mode && port.driver.argumentString == "dump=1")
        #expect(port.driver.image.importTable != normal!.image.importTable)     // a separate image
        #expect(port.adapter.devices.isEmpty)                                   // no bus scan in dump mode
        #expect(port.driver.log.contains { $0.message.contains("with NULL arguments") })

        let image = TransferBuffer(count: 64 * 512, seed: 9)
        try port.disk.write(lba: 1000, from: UnsafeRawBufferPointer(image.bytes))
        try port.disk.flush()
        #expect(port.adapter.polls > 0)
        #expect(port.adapter.interruptsServiced == 0)                           // nothing was interrupt-driven
        #expect(test.machine.memory.violationCount == 0)

        // "Reboot": both ports go away, a fresh normal port reads back what the dump copy wrote.
        dump = nil
        normalDisk = nil
        normal = nil
        let rebooted = try PortDriver.load(path: path, machine: test.machine)
        let disk = try DiskClass(adapter: rebooted.adapters[0], device: boot)
        let back = TransferBuffer(count: 64 * 512)
        try disk.read(lba: 1000, into: back.bytes)
        #expect(Array(back.bytes) == Array(image.bytes))
        let first = TransferBuffer(count: 4096)
        try disk.read(lba: 0, into: first.bytes)
        #expect(Array(first.bytes) == Array(before.bytes))
    }

    @Test("A dump copy is never delivered its adapter's INTx, even when the device raises it: it polls")
    func noInterruptsInDumpMode() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(disks: 1, blocks: 8192)
        let path = try ExampleMiniport.c.image(in: dir)
        let function = try #require(test.machine.functions.first)
        let line = try #require(function.interrupt)
        let normal = try PortDriver.load(path: path, machine: test.machine)
        let boot = try #require(normal.adapters.first?.devices.first)
        normal.freeze()
        let dump = try DumpPort(miniportPath: path, machine: test.machine, mode: .crashDump, targetId: boot.targetId)
        // The dump copy masked the HBA's interrupts; unmask them behind its back, so every
        // completion raises the line until the polling loop's HwInterrupt acknowledges it.
        test.machine.memorySpace.write(function.barAddress(0) + HBARegister.interruptMask, width: 4, value: 0)
        let image = TransferBuffer(count: 16 * 512, seed: 3)
        try dump.disk.write(lba: 100, from: UnsafeRawBufferPointer(image.bytes))
        let back = TransferBuffer(count: 16 * 512)
        try dump.disk.read(lba: 100, into: back.bytes)
        #expect(Array(back.bytes) == Array(image.bytes))
        #expect(dump.adapter.polls > 0)
        #expect(dump.adapter.interruptsServiced == 0)
        #expect(line.assertions > 0)        // the line did rise
        withExtendedLifetime(normal) {}
    }

    @Test("A boot disk the dump copy cannot see is reported")
    func missingBootDisk() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let path = try ExampleMiniport.c.image(in: dir)
        #expect {
            _ = try DumpPort(miniportPath: path, machine: test.machine, mode: .crashDump, targetId: 7)
        } throws: { error in
            "\(error)".contains("does not see the boot disk at 0:7:0")
        }
    }
}

@Suite("Crash dump and hibernation images")
struct DumpImageTests {
    @Test("CRC-32 (slicing by 8) gives the standard check value and agrees with the bitwise definition")
    func crc32() {
        let check = Array("123456789".utf8)
        #expect(check.withUnsafeBytes { CRC32.checksum($0) } == 0xCBF4_3926)
        // Every length from 0 to 40 and every alignment of the 8-byte steps.
        let bytes = (0..<48).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }
        func bitwise(_ data: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in data {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        for start in 0..<8 {
            for length in 0...40 {
                let slice = bytes[start..<(start + length)]
                #expect(slice.withUnsafeBytes { CRC32.checksum($0) } == bitwise(slice), "start \(start) length \(length)")
            }
        }
    }

    @Test("CRC-32C gives the standard check value and agrees with the bitwise definition on every engine")
    func crc32c() {
        let engines = CRC32C.Engine.allCases.filter(\.isAvailable)
        #expect(engines.contains(.table) && engines.contains(CRC32C.Engine.fastest))
        func bitwise(_ data: UnsafeRawBufferPointer) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in data {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 != 0 ? 0x82F6_3B78 ^ (crc >> 1) : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        let bytes = (0..<4400).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }
        bytes.withUnsafeBytes { all in
            for engine in engines {
                #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0, engine: engine) } == 0xE306_9283)
                // Every length from 0 to 40 at every alignment of the 8-byte steps.
                for start in 0..<8 {
                    for length in 0...40 {
                        let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                        #expect(CRC32C.checksum(slice, engine: engine) == bitwise(slice),
                                "\(engine) start \(start) length \(length)")
                    }
                }
                // Chunks: four side by side, then the rest one at a time, with a short last chunk.
                for (chunk, length) in [(64, 64 * 9 + 13), (64, 64 * 4), (24, 100), (13, 13 * 5), (4096, 4200), (1000, 999)] {
                    let data = UnsafeRawBufferPointer(rebasing: all[3..<(3 + length)])
                    let count = (length + chunk - 1) / chunk
                    var sums = [UInt32](repeating: 0, count: count)
                    sums.withUnsafeMutableBufferPointer { CRC32C.checksums(of: data, chunkSize: chunk, into: $0, engine: engine) }
                    let expected = (0..<count).map { index in
                        bitwise(UnsafeRawBufferPointer(rebasing: data[(index * chunk)..<min((index + 1) * chunk, length)]))
                    }
                    #expect(sums == expected, "\(engine) chunk \(chunk) length \(length)")
                }
            }
        }
    }

    @Test("Releasing a dump copy leaves the normal adapter its interrupts", arguments: ExampleMiniport.allCases)
    func normalPortKeepsInterrupts(_ miniport: ExampleMiniport) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(disks: 1, blocks: 8192)
        let path = try miniport.image(in: dir)
        let normal = try PortDriver.load(path: path, machine: test.machine)
        let adapter = try #require(normal.adapters.first)
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        let buffer = TransferBuffer(count: 4096, seed: 5)
        try disk.read(lba: 0, into: buffer.bytes)
        // Hibernation: the normal adapter is stopped, the hiber copy writes, then the adapter is
        // restarted on resume (the copy has reprogrammed the controller meanwhile).
        #expect(adapter.stop())
        do {
            let hiber = try DumpPort(miniportPath: path, machine: test.machine, mode: .hibernation, targetId: 0)
            try hiber.disk.write(lba: 10, from: UnsafeRawBufferPointer(buffer.bytes))
        }
        #expect(test.hba.function?.interrupt?.onAssert != nil)
        #expect(adapter.restart())
        let serviced = adapter.interruptsServiced, start = test.machine.clock.now
        try disk.read(lba: 0, into: buffer.bytes)
        #expect(adapter.interruptsServiced > serviced && adapter.timeouts == 0)
        #expect(test.machine.clock.now - start < 1_000_000_000, "no timeout and bus reset on the way")
    }

    @Test("A crash dump written by the dump copy validates bit for bit after a reboot; nothing outside the area changes",
          arguments: ExampleMiniport.allCases)
    func crashDump(_ miniport: ExampleMiniport) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(disks: 1, blocks: 65536)
        let path = try miniport.image(in: dir)
        let memory = SystemMemory(size: 2 << 20, seed: 42)

        // Boot: the normal path records the dump area and writes sentinels around it.
        var normal: PortDriver? = try PortDriver.load(path: path, machine: test.machine)
        let boot = try #require(normal?.adapters.first?.devices.first)
        let sentinel = TransferBuffer(count: 512, seed: 77)
        let runs: [DumpImage.Run]
        do {   // the disk (and with it the normal driver) ends with the crash
            let disk = try DiskClass(adapter: normal!.adapters[0], device: boot)
            runs = try #require(DumpImage.area(bytes: DumpImage.imageBytes(memorySize: memory.bytes.count, blockSize: 512),
                                               blockSize: 512, blockCount: disk.blockCount))
            #expect(runs.count == 3)
            for run in runs {
                try disk.write(lba: run.lba - 1, from: UnsafeRawBufferPointer(sentinel.bytes))
                try disk.write(lba: run.lba + run.blocks, from: UnsafeRawBufferPointer(sentinel.bytes))
            }
        }

        // Crash: the dump copy writes the image, polled, within its transfer limit.
        let dump = try DumpPort(miniportPath: path, machine: test.machine, mode: .crashDump, targetId: boot.targetId)
        let written = try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: dump.disk,
                                          createdAt: test.machine.clock.now)
        #expect(written == DumpImage.imageBytes(memorySize: memory.bytes.count, blockSize: 512))
        #expect(dump.disk.maximumBlocksPerRequest * 512 <= Int(dump.adapter.maximumTransferLength))
        #expect(dump.adapter.interruptsServiced == 0 && dump.adapter.polls > 0)

        // Reboot: a fresh normal path reads the image back and validates it.
        normal = nil
        let rebooted = try PortDriver.load(path: path, machine: test.machine)
        let after = try DiskClass(adapter: rebooted.adapters[0], device: boot)
        let header = try DumpImage.verify(runs: runs, from: after, expected: UnsafeRawBufferPointer(memory.bytes))
        #expect(header.mode == .crash && header.memorySize == memory.bytes.count && header.runs == runs)
        let check = TransferBuffer(count: 512)
        for run in runs {
            for lba in [run.lba - 1, run.lba + run.blocks] {
                try after.read(lba: lba, into: check.bytes)
                #expect(Array(check.bytes) == Array(sentinel.bytes), "block \(lba) outside the dump area changed")
            }
        }
        _ = dump
    }

    @Test("Hibernate, then resume into a fresh machine through the hibernation copy", arguments: ExampleMiniport.allCases)
    func hibernateAndResume(_ miniport: ExampleMiniport) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(disks: 1, blocks: 32768)
        let path = try miniport.image(in: dir)
        let memory = SystemMemory(size: 1 << 20, seed: 7)
        let runs = try #require(DumpImage.area(bytes: DumpImage.imageBytes(memorySize: memory.bytes.count, blockSize: 512),
                                               blockSize: 512, blockCount: 32768))
        do {
            let normal = try PortDriver.load(path: path, machine: test.machine)
            let boot = try #require(normal.adapters.first?.devices.first)
            let hiber = try DumpPort(miniportPath: path, machine: test.machine, mode: .hibernation, targetId: boot.targetId)
            try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .hibernation, runs: runs, to: hiber.disk)
        }

        // Power off. A fresh machine with the same disk resumes through its hibernation copy.
        let fresh = Machine()
        let hba = EmulatedHBA(machine: fresh)
        try fresh.plug(hba, slot: 3)
        let target = SCSITarget(id: 0)
        try target.attach(test.disks[0], lun: 0)
        try hba.attach(target, bus: 0)
        let resume = try DumpPort(miniportPath: path, machine: fresh, mode: .hibernation, targetId: 0)
        let restored = UnsafeMutableRawBufferPointer.allocate(byteCount: memory.bytes.count, alignment: 4096)
        defer { restored.deallocate() }
        let header = try DumpImage.read(runs: runs, from: resume.disk, into: restored)
        #expect(header.mode == .hibernation)
        #expect(memcmp(restored.baseAddress!, memory.bytes.baseAddress!, restored.count) == 0)
    }

    @Test("A memory size that is not a whole number of blocks round-trips: the last block is padded, then trimmed")
    func partialLastBlock() throws {
        let (_, disk) = try exampleDisk(blocks: 16384)
        let memory = SystemMemory(size: 100_003, seed: 11)
        // The memory's last 163 bytes share a block with 349 bytes of padding, at the end of the second run.
        let runs = [DumpImage.Run(lba: 8000, blocks: 100), DumpImage.Run(lba: 9000, blocks: 105)]
        let written = try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: disk)
        #expect(written == DumpImage.imageBytes(memorySize: 100_003, blockSize: 512))
        try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))
        let last = TransferBuffer(count: 512)
        let lastLBA = 9000 + 105 - 1 as UInt64
        try disk.read(lba: lastLBA, into: last.bytes)
        #expect(Array(last.bytes[163...]).allSatisfy { $0 == 0 }, "padding is zeros")
        #expect(Array(last.bytes[..<163]) == Array(memory.bytes[(100_003 - 163)...]))
    }

    @Test("Damaged images are refused with the reason")
    func damagedImages() throws {
        let (_, disk) = try exampleDisk(blocks: 16384)
        let memory = SystemMemory(size: 256 << 10)
        let runs = [DumpImage.Run(lba: 8000, blocks: 300), DumpImage.Run(lba: 9000, blocks: 300)]
        try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: disk)
        try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))

        let block = TransferBuffer(count: 512, seed: 3)
        try disk.write(lba: 9000 + 10, from: UnsafeRawBufferPointer(block.bytes))                 // corrupt memory in the second run
        // 9 blocks of header and table, 291 memory blocks in the first run: byte 301 × 512 of
        // memory is in 4 KiB chunk 37.
        #expect(throws: DumpImage.Failure.chunkChecksum(chunk: 37)) {
            try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))
        }
        #expect(throws: DumpImage.Failure.headerMismatch("runs")) {
            try DumpImage.verify(runs: [runs[0], .init(lba: 9001, blocks: 300)], from: disk,
                                 expected: UnsafeRawBufferPointer(memory.bytes))
        }
        try disk.write(lba: 8000, from: UnsafeRawBufferPointer(block.bytes))                      // destroy the header
        #expect(throws: DumpImage.Failure.badMagic) {
            try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))
        }
        #expect(throws: DumpImage.Failure.areaTooSmall(needed: DumpImage.imageBytes(memorySize: 256 << 10, blockSize: 512),
                                                       available: 512 * 10)) {
            try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: [.init(lba: 0, blocks: 10)], to: disk)
        }
    }

    @Test("An image in format version 1 (CRC-32 over 64 KiB chunks) is still read and validated")
    func formatVersion1() throws {
        let (_, disk) = try exampleDisk(blocks: 16384)
        let memory = SystemMemory(size: 300_000, seed: 19)
        let runs = [DumpImage.Run(lba: 4000, blocks: 300), DumpImage.Run(lba: 5000, blocks: 400)]
        let written = try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: disk,
                                          format: .version1)
        #expect(written == DumpImage.imageBytes(memorySize: 300_000, blockSize: 512, format: .version1))
        let header = try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))
        #expect(header.format == .version1)
        /// The header on disk: its version, chunk size and header checksum.
        func expectHeader(version: UInt32, chunkSize: UInt32, checksum: (UnsafeRawBufferPointer) -> UInt32) throws {
            let block = TransferBuffer(count: 4096)
            try disk.read(lba: 4000, into: block.bytes)
            #expect(UInt32(littleEndian: block.bytes.load(fromByteOffset: 8, as: UInt32.self)) == version)
            #expect(UInt32(littleEndian: block.bytes.load(fromByteOffset: 0x18, as: UInt32.self)) == chunkSize)
            let stored = UInt32(littleEndian: block.bytes.load(fromByteOffset: 0x38, as: UInt32.self))
            block.bytes.storeBytes(of: 0, toByteOffset: 0x38, as: UInt32.self)
            #expect(checksum(UnsafeRawBufferPointer(block.bytes)) == stored)
        }
        try expectHeader(version: 1, chunkSize: 65536) { CRC32.checksum($0) }
        // Corrupting memory byte 100 000 fails 64 KiB chunk 1 (header 8 blocks + table 1 block).
        let damage = TransferBuffer(count: 512, seed: 4)
        try disk.write(lba: 4000 + 9 + 100_000 / 512, from: UnsafeRawBufferPointer(damage.bytes))
        #expect(throws: DumpImage.Failure.chunkChecksum(chunk: 1)) {
            try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))
        }
        // Today's format over the same area: version 2, 4 KiB chunks, CRC-32C.
        try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: disk)
        #expect(try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes)).format == .version2)
        try expectHeader(version: 2, chunkSize: 4096) { CRC32C.checksum($0) }
    }

    @Test("A dump that stops midway leaves no valid image behind, even over an older complete one",
          arguments: [1 << 20, 16 << 20])
    func interruptedDump(memorySize: Int) throws {
        let (test, disk) = try exampleDisk(blocks: 65536)
        let memory = SystemMemory(size: memorySize, seed: 23)
        let blocks = DumpImage.imageBytes(memorySize: memorySize, blockSize: 512) / 512
        let runs = [DumpImage.Run(lba: 6000, blocks: blocks)]
        try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: disk)
        try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))

        // The second dump fails on a medium error half way through the memory (with 16 MiB,
        // while the checksums are computed on another thread where there is a second CPU).
        test.disks[0].faults.injectMediumError(at: (6000 + blocks / 2)..<(6001 + blocks / 2), on: .write)
        #expect {
            try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: runs, to: disk)
        } throws: { error in
            if case DumpImage.Failure.disk = error { return true }
            return false
        }
        test.disks[0].faults.clear()
        #expect(throws: DumpImage.Failure.badMagic) {
            try DumpImage.verify(runs: runs, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))
        }
    }

    @Test("Checksums on a second thread and on the writing thread give the same image, block for block")
    func parallelChecksums() throws {
        let (_, disk) = try exampleDisk(blocks: 90000)
        // Over the threshold, and not a whole number of chunks or blocks.
        let size = DumpImage.parallelThreshold + 4096 * 3 + 100
        let memory = SystemMemory(size: size, seed: 31)
        let blocks = DumpImage.imageBytes(memorySize: size, blockSize: 512) / 512
        let first = [DumpImage.Run(lba: 1000, blocks: blocks / 2), DumpImage.Run(lba: 30000, blocks: blocks - blocks / 2)]
        let second = [DumpImage.Run(lba: 50000, blocks: blocks)]
        try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: first, to: disk, parallelChecksums: true)
        try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash, runs: second, to: disk, parallelChecksums: false)
        try DumpImage.verify(runs: first, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))
        try DumpImage.verify(runs: second, from: disk, expected: UnsafeRawBufferPointer(memory.bytes))
        // Past the header (which records the runs), the two images are the same bytes.
        let headerBlocks = UInt64(DumpImage.headerSize / 512)
        let one = TransferBuffer(count: 64 * 512), other = TransferBuffer(count: 64 * 512)
        var block = headerBlocks
        while block < blocks {
            let count = min(64, blocks - block)
            func lba(_ runs: [DumpImage.Run], _ index: UInt64) -> UInt64 {
                index < runs[0].blocks ? runs[0].lba + index : runs[1].lba + index - runs[0].blocks
            }
            let span = block < first[0].blocks ? min(count, first[0].blocks - block) : count
            let a = UnsafeMutableRawBufferPointer(rebasing: one.bytes[0..<Int(span) * 512])
            let b = UnsafeMutableRawBufferPointer(rebasing: other.bytes[0..<Int(span) * 512])
            try disk.read(lba: lba(first, block), into: a)
            try disk.read(lba: second[0].lba + block, into: b)
            #expect(memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0, "image block \(block)")
            block += span
        }
    }

    /// The C example miniport on a machine with one RAM disk of `blocks` blocks, and a disk
    /// class over it (which keeps the driver alive).
    private func exampleDisk(blocks: UInt64) throws -> (test: TestMachine, disk: DiskClass) {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }   // the loaded image stays mapped
        let test = try TestMachine(disks: 1, blocks: blocks)
        let driver = try PortDriver.load(path: try ExampleMiniport.c.image(in: dir), machine: test.machine)
        return (test, try DiskClass(adapter: driver.adapters[0], device: driver.adapters[0].devices[0]))
    }
}
