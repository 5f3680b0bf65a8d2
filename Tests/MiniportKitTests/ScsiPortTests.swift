import CMiniportABI
import Foundation
import MiniportHBA
import MiniportPlatform
import MiniportSCSI
import Testing
@testable import MiniportKit

/// A machine with the emulated HBA in slot 3 and RAM disks behind it.
struct TestMachine {
    let machine = Machine()
    let hba: EmulatedHBA
    var disks: [SCSIDisk] = []

    init(disks count: Int = 1, blocks: UInt64 = 4096, blockSize: Int = 512) throws {
        hba = EmulatedHBA(machine: machine)
        try machine.plug(hba, slot: 3)
        for index in 0..<count {
            let disk = SCSIDisk(store: try RAMBlockStore(blockSize: blockSize, blockCount: blocks))
            let target = SCSITarget(id: UInt8(index))
            try target.attach(disk, lun: 0)
            try hba.attach(target, bus: 0)
            disks.append(disk)
        }
    }
}

/// The example C miniport, built once per test into a scratch directory.
enum ExampleMiniport {
    static func build(in dir: URL, name: String = "phba.so") throws -> String {
        let source = FixtureBuilder.root.appendingPathComponent("Examples/PhbaMiniport/phba.c").path
        let output = dir.appendingPathComponent(name).path
        try FixtureBuilder.run("cc", ["-shared", "-fPIC", "-O1", "-std=c11", "-Wall", "-Wextra", "-Werror",
                                      "-I", FixtureBuilder.includeDirectory, source] + FixtureBuilder.stubSources
                                     + ["-o", output])
        return output
    }
}

func pattern(_ count: Int, seed: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed) } }

func read10(_ lba: UInt32, _ blocks: UInt16) -> [UInt8] {
    [0x28, 0, UInt8(lba >> 24), UInt8(lba >> 16 & 0xFF), UInt8(lba >> 8 & 0xFF), UInt8(lba & 0xFF), 0,
     UInt8(blocks >> 8), UInt8(blocks & 0xFF), 0]
}

func write10(_ lba: UInt32, _ blocks: UInt16) -> [UInt8] {
    var cdb = read10(lba, blocks)
    cdb[0] = 0x2A
    return cdb
}

@Suite("SCSI Port driver with the example C miniport")
struct ScsiPortExampleTests {
    @Test("Bring-up: DriverEntry registers, HwFindAdapter and HwInitialize run, the scan finds the disks")
    func bringUp() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try ExampleMiniport.build(in: dir)
        let test = try TestMachine(disks: 2)
        let driver = try ScsiPortDriver.load(path: path, machine: test.machine)
        #expect(driver.registrations.count == 1)
        let registration = try #require(driver.registrations.first)
        #expect(registration.hwInitializationDataSize == 128 && registration.vendorId == "6D70" && registration.deviceId == "5343")
        #expect(registration.status == 0)
        let adapter = try #require(driver.adapters.first)
        #expect(adapter.devices.map { "\($0.pathId):\($0.targetId):\($0.lun)" } == ["0:0:0", "0:1:0"])
        #expect(adapter.devices.first?.vendor == "MINIPORT")
        #expect(adapter.uncachedExtension != nil)
        #expect(driver.driverObject.majorFunctions.filter { $0.owner == "port" }.count == 7)
        #expect(driver.driverObject.majorFunctions.allSatisfy { $0.owner != "miniport" })
        #expect(driver.unresolvedCalls.isEmpty)
    }

    @Test("The controller reset in HwInitialize leaves a unit attention, which a TEST UNIT READY consumes")
    func unitAttentionAfterBringUp() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let driver = try ScsiPortDriver.load(path: try ExampleMiniport.build(in: dir), machine: test.machine)
        let adapter = try #require(driver.adapters.first)
        let first = adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))
        #expect(first.status == UInt8(SRB_STATUS_ERROR) && first.scsiStatus == 0x02)
        #expect(first.senseKey == 0x06 && first.asc == 0x29 && first.ascq == 0x02)
        #expect(adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0])).succeeded)
    }

    @Test("Verified writes and reads through the disk class and the miniport, data checked on the disk")
    func verifiedIO() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(blocks: 8192)
        let driver = try ScsiPortDriver.load(path: try ExampleMiniport.build(in: dir), machine: test.machine)
        let adapter = try #require(driver.adapters.first)
        let disk = try #require(DiskClass.disks(on: adapter).first)
        #expect(disk.blockCount == 8192 && disk.blockSize == 512)
        // One block, a few blocks, and a transfer larger than the adapter's maximum (split).
        for (lba, blocks) in [(0, 1), (7, 8), (100, 3000)] as [(UInt64, Int)] {
            let length = blocks * 512
            let data = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 16)
            let back = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 16)
            defer { data.deallocate(); back.deallocate() }
            for index in 0..<length { data[index] = UInt8(truncatingIfNeeded: index &* 31 &+ Int(lba)) }
            try disk.write(lba: lba, from: data)
            try disk.read(lba: lba, into: back)
            #expect(Array(back) == Array(data), "lba \(lba) blocks \(blocks)")
        }
        #expect(disk.retriesUsed == 1)        // the unit attention after bring-up
        #expect(test.machine.memory.violationCount == 0)
        #expect(test.machine.memory.activeMappings == 0)
        try disk.flush()
    }

    @Test("A CHECK CONDITION comes back with autosense")
    func senseData() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(blocks: 64)
        let driver = try ScsiPortDriver.load(path: try ExampleMiniport.build(in: dir), machine: test.machine)
        let adapter = try #require(driver.adapters.first)
        _ = adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))       // consume the unit attention from bring-up
        var buffer = [UInt8](repeating: 0, count: 512)
        let result = buffer.withUnsafeMutableBytes {
            adapter.execute(.init(cdb: read10(64, 1), direction: .dataIn, buffer: $0))
        }
        #expect(result.status == UInt8(SRB_STATUS_ERROR) && result.scsiStatus == 0x02)
        #expect(result.srbStatus & UInt8(SRB_STATUS_AUTOSENSE_VALID) != 0)
        #expect(result.senseKey == 0x05 && result.asc == 0x21, "\(result)")
    }

    @Test("A lost command times out: the port calls HwResetBus and ends it with SRB_STATUS_BUS_RESET")
    func timeout() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let driver = try ScsiPortDriver.load(path: try ExampleMiniport.build(in: dir), machine: test.machine)
        let adapter = try #require(driver.adapters.first)
        _ = adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))       // consume the unit attention from bring-up
        let rule = test.hba.faults.inject(.timeout)
        let started = test.machine.clock.now
        let result = adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0], timeout: 5))
        #expect(rule.fired == 1)
        #expect(result.status == UInt8(SRB_STATUS_BUS_RESET))
        #expect(adapter.timeouts == 1)
        #expect(test.machine.clock.now - started >= 5_000_000_000)
        // The reset leaves a unit attention, reported with sense.
        let next = adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))
        #expect(next.scsiStatus == 0x02 && next.senseKey == 0x06 && next.asc == 0x29)
        let after = adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))
        #expect(after.succeeded)
    }

    @Test("No matching adapter: load fails with the reason")
    func noAdapter() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try ExampleMiniport.build(in: dir)
        #expect(throws: ScsiPortDriver.LoadError.self) { _ = try ScsiPortDriver.load(path: path, machine: Machine()) }
    }
}

@Suite("ScsiPortInitialize validates HW_INITIALIZATION_DATA")
struct ScsiPortValidationTests {
    @Test("Bad registrations return the status a real port returns, with the reason in the log", arguments: [
        ("BAD_SIZE", 0xC000_0059 as UInt32, "HwInitializationDataSize"),
        ("NO_STARTIO", 0xC000_0059, "HwStartIo"),
        ("BAD_INTERFACE", 0xC000_000D, "AdapterInterfaceType"),
        ("ISA_BUS", 0xC000_000E, "only PCI"),
    ])
    func badRegistration(flag: String, status: UInt32, reason: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["bad_init.c"], name: "bad.so", extraFlags: ["-D\(flag)"], in: dir)
        let machine = try TestMachine().machine
        do throws(ScsiPortDriver.LoadError) {
            _ = try ScsiPortDriver.load(path: path, machine: machine)
            Issue.record("\(flag): load succeeded")
        } catch {
            guard case .driverEntryFailed(_, let returned, let log) = error else {
                Issue.record("\(flag): \(error)")
                return
            }
            #expect(returned == status, "\(flag)")
            #expect(log.contains { $0.kind == .refused && $0.message.contains(reason) }, "\(flag): \(log)")
            #expect(error.description.contains(reason))
        }
    }
}
