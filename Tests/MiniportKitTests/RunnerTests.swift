import Foundation
import Testing
@testable import MiniportKit

/// What `miniport run`, `raw`, `build` and `inspect` are built on.
@Suite("miniport run: machine specs, the verified pass, and its errors")
struct RunnerTests {
    @Test("Disk specs parse; bad ones say why")
    func diskSpecs() throws {
        #expect(try MiniportRunner.DiskSpec(parsing: "ram:64M") == .ram(bytes: 64 << 20, blockSize: 512))
        #expect(try MiniportRunner.DiskSpec(parsing: "ram:1G:4096") == .ram(bytes: 1 << 30, blockSize: 4096))
        #expect(try MiniportRunner.DiskSpec(parsing: "ram:2t") == .ram(bytes: 2 << 40, blockSize: 512))
        #expect(try MiniportRunner.DiskSpec(parsing: "/images/boot.img:ro")
            == .image(path: "/images/boot.img", blockSize: 512, readOnly: true))
        for bad in ["ram:", "ram:12Q", "ram:0", "ram:64M:1024", "ram:1000", "ram:99999999999999T", ":ro"] {
            #expect(throws: MiniportRunner.RunnerError.self, "\(bad)") { _ = try MiniportRunner.DiskSpec(parsing: bad) }
        }
        var runner = MiniportRunner(disks: Array(repeating: .ram(bytes: 1 << 20, blockSize: 512), count: 17))
        runner.sdkRoot = FixtureBuilder.root.path
        #expect { _ = try runner.run() } throws: { "\($0)".contains("17 disks") }
    }

    @Test("PCI IDs parse as VVVV:DDDD hexadecimal")
    func pciIDs() throws {
        let id = try MiniportRunner.parsePCIID("1af4:1004")
        #expect(id.vendor == 0x1AF4 && id.device == 0x1004)
        for bad in ["1af4", "1af4:", "xyz1:0001", "12345:0001", "1af4:1004:1"] {
            #expect(throws: MiniportRunner.RunnerError.self) { _ = try MiniportRunner.parsePCIID(bad) }
        }
    }

    @Test("The default run builds the example, finds the disk and verifies it; JSON has the documented shape")
    func defaultRun() throws {
        let runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        let report = try runner.run()
        #expect(report.succeeded)
        #expect(report.miniport.name == "phba")
        let adapter = try #require(report.adapters.first)
        #expect(adapter.pci == "6D70:5343" && adapter.slot == 3)
        #expect(adapter.devices.count == 1 && adapter.devices[0].blocks == 131072 && adapter.devices[0].blockSize == 512)
        #expect(report.io.mismatches == 0 && report.io.reads == 4 && report.io.writes == 4)

        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(report)) as! [String: Any]
        #expect(Set(json.keys).isSuperset(of: ["miniport", "adapters", "io", "log"]))
        let miniport = json["miniport"] as! [String: Any]
        #expect(Set(miniport.keys) == ["name", "path"])
        let device = ((json["adapters"] as! [[String: Any]])[0]["devices"] as! [[String: Any]])[0]
        #expect(Set(device.keys) == ["path", "target", "lun", "type", "vendor", "product", "blocks", "blockSize"])
        #expect(Set((json["io"] as! [String: Any]).keys) == ["reads", "writes", "bytes", "mismatches"])
    }

    @Test("The run crashes the machine: the dump copy writes the memory image polled, the reboot validates it",
          arguments: ExampleMiniport.allCases)
    func crashDumpStep(_ miniport: ExampleMiniport) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try miniport.image(in: dir)
        var runner = MiniportRunner(miniportPath: path, sdkRoot: FixtureBuilder.root.path)
        runner.dumpMemoryBytes = 1 << 20
        let report = try runner.run()
        #expect(report.succeeded, "\(report.errors)")
        let dump = try #require(report.dump)
        #expect(dump.mode == "crash" && dump.verified && dump.disk == "0:0:0")
        #expect(dump.image == "dump_" + URL(fileURLWithPath: path).lastPathComponent)
        #expect(dump.memoryBytes == 1 << 20 && dump.bytes == DumpImage.imageBytes(memorySize: 1 << 20, blockSize: 512))
        #expect(dump.runs.count == 3 && dump.runs.allSatisfy { $0.lba >= 65536 })
        #expect(dump.requests >= dump.runs.count && dump.interrupts == 0)
        #expect(report.log.contains { $0.hasPrefix("crash: ") && $0.contains("with NULL arguments") })
        #expect(report.dumpSkipped == nil)
        #expect(report.violations.isEmpty, "\(report.violations)")
    }

    @Test("A built .c gets dump_<name>.so; --no-dump and a disk too small leave the step out, and say so")
    func crashDumpOptions() throws {
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.dumpMemoryBytes = 256 << 10
        #expect(try runner.run().dump?.image == "dump_phba.so")

        runner.crashDump = false
        let off = try runner.run()
        #expect(off.succeeded && off.dump == nil && off.dumpSkipped == nil)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(off)) as! [String: Any]
        #expect(json["dump"] == nil)

        runner.crashDump = true
        runner.dumpMemoryBytes = 4 << 20
        runner.disks = [.ram(bytes: 1 << 20, blockSize: 512)]
        let small = try runner.run()
        #expect(small.succeeded && small.dump == nil)
        #expect(small.dumpSkipped?.contains("too small") == true)
    }

    @Test("A miniport whose dump copy refuses to load fails the run with the reason, naming the file")
    func crashDumpRefused() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let phba = FixtureBuilder.root.appendingPathComponent("Examples/PhbaMiniport/phba.c").path
        let source = dir.appendingPathComponent("nodump.c").path
        // phba, except that DriverEntry fails when called the dump port's way (NULL, NULL).
        try """
            #define DriverEntry PhbaDriverEntry
            #include "\(phba)"
            #undef DriverEntry
            ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
            ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
            {
                if (DriverObject == NULL && RegistryPath == NULL) return 0xC0000001;
                return PhbaDriverEntry(DriverObject, RegistryPath);
            }
            """.write(toFile: source, atomically: true, encoding: .utf8)
        let runner = MiniportRunner(miniportPath: source, sdkRoot: FixtureBuilder.root.path)
        let report = try runner.run()
        #expect(!report.succeeded && report.io.mismatches == 0)
        let error = try #require(report.errors.first)
        #expect(error.hasPrefix("crash dump on disk 0:0:0: "))
        #expect(error.contains("0xC0000001") || error.contains("C0000001"), "\(error)")
        #expect(error.contains("dump_nodump.so"), "\(error)")
        #expect(report.dump?.verified == false && report.dump?.bytes == 0 && report.dump?.image == "dump_nodump.so")
    }

    @Test("Several disks, 4096-byte blocks and a file-backed image all verify; the image is left as it was")
    func severalDisks() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = dir.appendingPathComponent("disk.img").path
        #expect(FileManager.default.createFile(atPath: image, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: image))
        try handle.truncate(atOffset: 8 << 20)
        try handle.close()
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.disks = [.ram(bytes: 16 << 20, blockSize: 512), .ram(bytes: 64 << 20, blockSize: 4096),
                        .image(path: image, blockSize: 512, readOnly: false)]
        let report = try runner.run()
        #expect(report.succeeded, "\(report.errors)")
        #expect(report.adapters.first?.devices.map(\.blockSize) == [512, 4096, 512])
        #expect(report.dump?.verified == true && report.dump?.disk == "0:0:0")
        // The pass and the crash dump wrote to an overlay: the image file is untouched.
        let untouched = try Data(contentsOf: URL(fileURLWithPath: image))
        #expect(untouched.count == 8 << 20 && !untouched.contains { $0 != 0 })

        // Asked to, the writes reach the file.
        runner.writesReachImages = true
        runner.disks = [.image(path: image, blockSize: 512, readOnly: false)]
        #expect(try runner.run().succeeded)
        let written = try Data(contentsOf: URL(fileURLWithPath: image))
        #expect(written.prefix(512).contains { $0 != 0 })
    }

    @Test("A read-only image makes the run fail with a write-protect error, not a crash")
    func readOnlyImage() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = dir.appendingPathComponent("ro.img").path
        #expect(FileManager.default.createFile(atPath: image, contents: Data(count: 1 << 20)))
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.disks = [.image(path: image, blockSize: 512, readOnly: true)]
        let report = try runner.run()
        #expect(!report.succeeded)
        #expect(report.errors.first?.contains("write protected") == true)
    }

    @Test("A PCI ID the miniport does not claim: no adapter, with the reason")
    func foreignPCIID() throws {
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.pciID = (0x1234, 0x5678)
        #expect {
            _ = try runner.run()
        } throws: { error in
            "\(error)".contains("no adapter found for PCI 6D70:5343") && "\(error)".contains("1234:5678")
        }
    }

    @Test("Bad miniport files give clear errors naming the file", arguments: ["missing", "text", "object", "source"])
    func badMiniports(kind: String) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var path = dir.appendingPathComponent("driver.so").path
        var expected = ""
        switch kind {
        case "missing": expected = "no such file"
        case "text":
            try "hello".write(toFile: path, atomically: true, encoding: .utf8)
            expected = "not an ELF shared object"
        case "object":
            path = dir.appendingPathComponent("driver.o").path
            try FixtureBuilder.run("cc", ["-c", "-fPIC", "-I", FixtureBuilder.includeDirectory,
                                          FixtureBuilder.root.appendingPathComponent("Examples/SkeletonScsiPort/skeleton.c").path,
                                          "-o", path])
            expected = "relocatable object"
        default:
            path = dir.appendingPathComponent("broken.c").path
            try "int DriverEntry(void) { return undeclared; }\n".write(toFile: path, atomically: true, encoding: .utf8)
            expected = "undeclared"
        }
        let runner = MiniportRunner(miniportPath: path, sdkRoot: FixtureBuilder.root.path)
        #expect {
            _ = try runner.run()
        } throws: { error in
            let text = "\(error)"
            return text.contains(expected) && (kind == "source" || text.contains(path))
        }
    }

    @Test("inspect shows the registration without hardware")
    func inspect() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("skeleton.so").path
        try MiniportBuilder.build(sources: [FixtureBuilder.root.appendingPathComponent("Examples/SkeletonScsiPort/skeleton.c").path],
                                  output: output, sdkRoot: FixtureBuilder.root)
        let driver = try PortDriver.inspect(path: output)
        let registration = try #require(driver.registrations.first)
        #expect(registration.callbacks == ["HwInitialize", "HwStartIo", "HwInterrupt", "HwFindAdapter", "HwResetBus"])
        #expect(registration.hwInitializationDataSize == 128 && registration.interfaceType == 5)
        #expect(driver.driverObject.majorFunctions.first { $0.name == "IRP_MJ_DEVICE_CONTROL" }?.owner == "port")
        #expect(driver.driverEntryStatus == 0xC000_000E)     // no PCI device to find
    }
}
