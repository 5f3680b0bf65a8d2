import CMiniportABI
import Foundation
import MiniportPlatform
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

        var normal: ScsiPortDriver? = try ScsiPortDriver.load(path: path, machine: test.machine)
        let boot = try #require(normal?.adapters.first?.devices.first)
        let normalDisk = try DiskClass(adapter: normal!.adapters[0], device: boot)
        let before = TransferBuffer(count: 4096, seed: 5)
        try normalDisk.write(lba: 0, from: before.bytes)

        var dump: DumpPort? = try DumpPort(miniportPath: path, machine: test.machine, mode: mode, targetId: boot.targetId)
        let port = try #require(dump)
        let prefix = mode == .crashDump ? "dump_" : "hiber_"
        #expect(URL(fileURLWithPath: port.imagePath).lastPathComponent.hasPrefix(prefix))
        #expect(port.driver.mode == mode && port.driver.argumentString == "dump=1")
        #expect(port.driver.image.importTable != normal!.image.importTable)     // a separate image
        #expect(port.adapter.devices.isEmpty)                                   // no bus scan in dump mode
        #expect(port.driver.log.contains { $0.message.contains("with NULL arguments") })

        let image = TransferBuffer(count: 64 * 512, seed: 9)
        try port.disk.write(lba: 1000, from: image.bytes)
        try port.disk.flush()
        #expect(port.adapter.polls > 0)
        #expect(port.adapter.interruptsServiced == 0)                           // nothing was interrupt-driven
        #expect(test.machine.memory.violationCount == 0)

        // "Reboot": both ports go away, a fresh normal port reads back what the dump copy wrote.
        dump = nil
        normal = nil
        let rebooted = try ScsiPortDriver.load(path: path, machine: test.machine)
        let disk = try DiskClass(adapter: rebooted.adapters[0], device: boot)
        let back = TransferBuffer(count: 64 * 512)
        try disk.read(lba: 1000, into: back.bytes)
        #expect(Array(back.bytes) == Array(image.bytes))
        let first = TransferBuffer(count: 4096)
        try disk.read(lba: 0, into: first.bytes)
        #expect(Array(first.bytes) == Array(before.bytes))
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
