import Foundation
import Testing
@testable import MiniportKit

/// Runs the built `miniport` executable (next to the test binary) in the repository root.
func miniport(_ arguments: [String], stdin: String? = nil,
              in directory: URL = FixtureBuilder.root) throws -> (status: Int32, output: String, error: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try BuildProducts.path("miniport"))
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let output = Pipe(), error = Pipe(), input = Pipe()
    process.standardOutput = output
    process.standardError = error
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    let err = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
}

@Suite("The miniport command line")
struct CLITests {
    @Test("run --json prints the documented object and exits 0")
    func runJSON() throws {
        let result = try miniport(["run", "--json", "--disk", "ram:8M", "--disk", "ram:16M:4096"])
        #expect(result.status == 0, "\(result.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let adapters = try #require(json["adapters"] as? [[String: Any]])
        let devices = try #require(adapters.first?["devices"] as? [[String: Any]])
        #expect(devices.map { $0["blockSize"] as? Int } == [512, 4096])
        #expect((json["io"] as? [String: Any])?["mismatches"] as? Int == 0)
        #expect(adapters.first?["pci"] as? String == "6D70:5343")
        let dump = try #require(json["dump"] as? [String: Any])
        #expect(dump["mode"] as? String == "crash" && dump["image"] as? String == "dump_phba.so")
        #expect(dump["verified"] as? Bool == true && dump["interrupts"] as? Int == 0)
        #expect((dump["runs"] as? [[String: Any]])?.count == 3)
    }

    @Test("run prints devices and a clean pass; a bad option is a usage error")
    func runText() throws {
        let result = try miniport(["run"])
        #expect(result.status == 0)
        #expect(result.output.contains("MINIPORT VIRTUAL DISK") && result.output.contains("0 mismatches")
            && result.output.contains("result    OK"))
        #expect(result.output.contains("dump      crash: dump_phba.so wrote 4.0 MiB over 3 runs of disk 0:0:0")
            && result.output.contains("verified (read back by reboot)"))
        let noDump = try miniport(["run", "--no-dump"])
        #expect(noDump.status == 0 && !noDump.output.contains("dump ") && noDump.output.contains("result    OK"))
        let bad = try miniport(["run", "--disk", "ram:lots"])
        #expect(bad.status != 0 && bad.error.contains("ram:lots"))
        let missing = try miniport(["run", "--miniport", "/nonexistent/driver.so", "--json"])
        #expect(missing.status != 0 && missing.output.contains("/nonexistent/driver.so"))
    }

    @Test("raw sends one command; --batch runs a sequence on one machine")
    func raw() throws {
        let inquiry = try miniport(["raw", "--cdb", "120000002400", "--in", "36", "--json"])
        #expect(inquiry.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(inquiry.output.utf8)) as? [String: Any])
        #expect(object["srbStatus"] as? Int == 1 && (object["data"] as? String)?.count == 72)

        // Write a block, read it back: the bus scan consumed the power-on unit attention.
        let block = String(repeating: "ab", count: 512)
        let lines = [
            #"{"cdb":"000000000000"}"#,
            #"{"cdb":"2a000000001000000100","out":"\#(block)"}"#,
            #"{"cdb":"28000000001000000100","in":512}"#,
        ]
        let result = try miniport(["raw", "--batch", "-"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.error)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let array = try #require(document["results"] as? [[String: Any]])
        #expect(array.count == 3)
        #expect(array[0]["srbStatus"] as? Int == 1 && array[1]["srbStatus"] as? Int == 1)
        #expect(array[2]["data"] as? String == block)

        // The attention kept for those who test it: the first command ends in CHECK CONDITION.
        let kept = try miniport(["raw", "--batch", "-", "--keep-unit-attention"], stdin: lines.joined(separator: "\n") + "\n")
        #expect(kept.status == 2, "\(kept.error)")
        let keptResults = try #require((try JSONSerialization.jsonObject(with: Data(kept.output.utf8)) as? [String: Any])?["results"]
            as? [[String: Any]])
        let sense = try #require(keptResults.first?["sense"] as? [String: Any])
        #expect(sense["key"] as? Int == 6 && sense["asc"] as? Int == 0x29 && sense["ascq"] as? Int == 2)
    }

    @Test("A single READ on a fresh machine succeeds: the scan consumed the power-on unit attention")
    func rawFirstRead() throws {
        let read = try miniport(["raw", "--cdb", "28000000000000000100", "--in", "512"])
        #expect(read.status == 0 && read.output.hasPrefix("SRB status 0x1 "), "\(read.output) \(read.error)")
        let kept = try miniport(["raw", "--cdb", "28000000000000000100", "--in", "512", "--keep-unit-attention"])
        #expect(kept.status == 2 && kept.output.contains("sense 06/29/02"), "\(kept.output)")
    }

    @Test("raw checks every command before the machine starts; failures go to stderr in text mode")
    func rawErrors() throws {
        let badLine = try miniport(["raw", "--batch", "-"],
                                   stdin: #"{"cdb":"000000000000"}"# + "\n\n" + #"{"cdb":"12"}"# + "\n")
        // A batch prints JSON in every outcome.
        #expect(badLine.status == 64)
        let badLineError = (try JSONSerialization.jsonObject(with: Data(badLine.output.utf8)) as? [String: Any])?["error"] as? String
        #expect(badLineError?.contains("batch line 3: cdb 12: expected 6 to 16 bytes") == true, "\(badLine.output)")
        #expect(!badLine.error.contains("loading"), "nothing was built or loaded")
        let badHex = try miniport(["raw", "--cdb", "zz"])
        #expect(badHex.status == 64 && badHex.error.contains("cdb zz"))
        let both = try miniport(["raw", "--batch", "-"], stdin: #"{"cdb":"280000000000000001","in":512,"out":"00"}"#)
        #expect(both.status == 64 && both.output.contains("in and out exclude each other"))

        let missing = try miniport(["raw", "--cdb", "000000000000", "--miniport", "/nonexistent/driver.so"])
        #expect(missing.status == 64 && missing.output.isEmpty)
        #expect(missing.error.contains("error: /nonexistent/driver.so: No such file or directory"), "\(missing.error)")
        let missingJSON = try miniport(["raw", "--cdb", "000000000000", "--json", "--miniport", "/nonexistent/driver.so"])
        let missingDocument = try JSONSerialization.jsonObject(with: Data(missingJSON.output.utf8)) as? [String: Any]
        #expect(missingJSON.status == 64 && (missingDocument?["error"] as? String)?.contains("/nonexistent/driver.so") == true)
        #expect(missingDocument?["status"] as? Int == 64)

        let ok = try miniport(["raw", "--cdb", "120000002400", "--in", "36"])
        #expect(ok.status == 0 && ok.output.hasPrefix("SRB status 0x1"))
    }

    @Test("build compiles a C miniport; inspect shows what it registers")
    func buildAndInspect() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("skeleton.so").path
        let built = try miniport(["build", "Examples/SkeletonScsiPort/skeleton.c", "-o", output, "--json"])
        let builtDocument = try JSONSerialization.jsonObject(with: Data(built.output.utf8)) as? [String: Any]
        #expect(built.status == 0 && builtDocument?["ok"] as? Bool == true, "\(built)")
        let inspect = try miniport(["inspect", output, "--json"])
        #expect(inspect.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any])
        let registrations = try #require(json["registrations"] as? [[String: Any]])
        #expect(registrations.first?["callbacks"] as? [String] == ["HwInitialize", "HwStartIo", "HwInterrupt",
                                                                   "HwFindAdapter", "HwResetBus"])
        #expect(json["model"] as? String == "scsiport")
        let text = try miniport(["inspect", "Examples/PhbaMiniport/phba.c"])
        #expect(text.status == 0 && text.output.contains("6D70:5343") && text.output.contains("IRP_MJ_PNP"))
        #expect(text.output.contains("Model: SCSI Port miniport"))
        let broken = try miniport(["build", "Tests/MiniportKitTests/Fixtures/missing.c", "-o", output])
        #expect(broken.status != 0)
    }

    @Test("inspect shows a StorPort miniport's model and StorPort callbacks")
    func storPortModel() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["storport_probe.c"], name: "storport_probe.so", in: dir)
        let inspect = try miniport(["inspect", path, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any])
        #expect(json["model"] as? String == "storport")
        let registration = (json["registrations"] as? [[String: Any]])?.first
        #expect((registration?["callbacks"] as? [String])?.contains("HwBuildIo") == true)
        #expect(registration?["size"] as? Int == 208)
        // Its PCI IDs match nothing on the default machine: run says so.
        let run = try miniport(["run", "--miniport", path])
        #expect(run.status == 1 && run.error.contains("found no adapter"), "\(run.error)")
    }

    @Test("run --param sets a StorPort registry value (the RAM disk's size); a bad one is a usage error")
    func storPortParameters() throws {
        let root = FixtureBuilder.root.appendingPathComponent("Examples/StorPortRamDisk/ramdisk.c").path
        let run = try miniport(["run", "--miniport", root, "--param", "DiskSizeMB=8", "--no-dump", "--json"])
        #expect(run.status == 0, "\(run.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        let device = ((json["adapters"] as? [[String: Any]])?.first?["devices"] as? [[String: Any]])?.first
        let blocks = try #require(device?["blocks"] as? Int), blockSize = try #require(device?["blockSize"] as? Int)
        #expect(blocks * blockSize == 8 << 20)
        let bad = try miniport(["run", "--miniport", root, "--param", "DiskSizeMB"])
        #expect(bad.status == 64 && bad.error.contains("--param DiskSizeMB: expected NAME=VALUE"), "\(bad.error)")
    }

    @Test("--hba: an unknown kind, too many disks for the controller and --pci-id on virtio are usage errors, named")
    func adapterOptions() throws {
        let unknown = try miniport(["run", "--hba", "nvme", "--no-dump"])
        #expect(unknown.status == 64 && unknown.error.contains("--hba nvme: expected one of phba, virtio-blk"), "\(unknown.error)")
        let twoDisks = try miniport(["verify", "--hba", "virtio-blk", "--disk", "ram:1M", "--disk", "ram:1M"])
        #expect(twoDisks.status == 64 && twoDisks.error.contains("a virtio-blk device carries one disk"), "\(twoDisks.error)")
        let fixedID = try miniport(["raw", "--hba", "virtio-scsi-modern", "--pci-id", "1234:5678", "--cdb", "000000000000"])
        #expect(fixedID.status == 64 && fixedID.error.contains("--pci-id: a virtio-scsi-modern device's IDs are fixed"),
                "\(fixedID.error)")
        let soak = try miniport(["soak", "--ops", "1", "--hba", "scsi"])
        #expect(soak.status == 64 && soak.error.contains("--hba scsi"), "\(soak.error)")
    }

    @Test("bench --json prints {results: [{name, value, unit, baseline, ratio}]}; a bad --only is a usage error")
    func benchJSON() throws {
        let bench = try miniport(["bench", "--json", "--seconds", "0.05", "--only", "qd1", "--only", "bringup"])
        #expect(bench.status == 0, "\(bench.error)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bench.output.utf8)) as? [String: Any])
        let results = try #require(json["results"] as? [[String: Any]])
        let byName = Dictionary(results.compactMap { result in (result["name"] as? String).map { ($0, result) } },
                                uniquingKeysWith: { first, _ in first })
        for name in ["memcpy_4k", "qd1_4k_read", "qd1_4k_read_iops", "qd1_4k_read_sys", "qd1_4k_read_traced",
                     "allocations_per_io", "allocations_per_io_sys", "dlopen", "bringup"] {
            let result = try #require(byName[name], "\(name) missing from \(byName.keys.sorted())")
            #expect((result["value"] as? Double ?? -1) >= 0 && result["unit"] is String, "\(name)")
        }
        for name in ["qd1_4k_read", "qd1_4k_read_sys", "qd1_4k_read_traced", "bringup"] {
            let result = try #require(byName[name])
            let value = try #require(result["value"] as? Double), baseline = try #require(result["baseline"] as? Double)
            let ratio = try #require(result["ratio"] as? Double)
            #expect(abs(ratio - value / baseline) < 1e-9 * max(1, ratio), "\(name)")
        }
        let bad = try miniport(["bench", "--only", "fastest"])
        #expect(bad.status == 64 && bad.error.contains("--only fastest"), "\(bad.error)")
    }

    @Test("abi --json parses and lists both families")
    func abiJSON() throws {
        let result = try miniport(["abi", "--json", "--record", "SCSI_REQUEST_BLOCK"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let families = try #require(json["families"] as? [[String: Any]])
        #expect(families.count == 2)
        let record = (families[0]["records"] as? [[String: Any]])?.first
        #expect(record?["size"] as? Int == 88)
    }
}
