import Foundation
import MiniportPlatform
import Testing
@testable import MiniportKit

/// `--trace`: Chrome trace-event JSON of every SRB and miniport routine, checked by parsing it.
@Suite("Traces")
struct TraceTests {
    /// The trace's events, after checking the document's shape.
    static func events(_ data: Data) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let events = try #require(object["traceEvents"] as? [[String: Any]])
        for event in events {
            #expect(event["name"] is String && event["ph"] is String && event["pid"] is Int && event["tid"] is Int)
            if event["ph"] as? String != "M" { #expect(event["ts"] is NSNumber, "\(event)") }
        }
        return events
    }

    static func names(_ events: [[String: Any]], phase: String) -> [String] {
        events.filter { $0["ph"] as? String == phase }.compactMap { $0["name"] as? String }
    }

    @Test("One READ(10): queued, StartIo, device start, DMA, completion on its LU; routines on the adapter")
    func requestLifetime() throws {
        let trace = TraceRecorder()
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.trace = trace
        let session = try runner.boot()
        let (adapter, device) = try #require(session.bootDevice)
        let disk = try DiskClass(adapter: adapter, device: device)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        let before = trace.count
        try disk.read(lba: 8, into: buffer)
        let events = try Self.events(trace.jsonData())
        let read = events.suffix(from: before).filter { $0["cat"] as? String == "srb" }
        let id = try #require(read.first { $0["ph"] as? String == "b" && $0["name"] as? String == "READ(10)" }?["id"] as? String)
        let lifetime = read.filter { $0["id"] as? String == id }
        #expect(lifetime.map { $0["ph"] as? String } == ["b", "n", "n", "n", "e"], "\(lifetime)")
        #expect(lifetime.compactMap { $0["ph"] as? String == "n" ? $0["name"] as? String : nil }
                == ["StartIo", "device start", "DMA to host"])
        let times = lifetime.compactMap { ($0["ts"] as? NSNumber)?.doubleValue }
        #expect(times == times.sorted())
        let routines = Self.names(Array(events.suffix(from: before)), phase: "X")
        #expect(routines.contains("HwStartIo") && routines.contains("HwInterrupt"), "\(routines)")
        // Tracks: the adapter's and the LU's, named.
        let tracks = events.filter { $0["name"] as? String == "thread_name" }.compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(tracks.contains("LU 0:0:0") && tracks.contains { $0.hasPrefix("adapter PCI") })
        withExtendedLifetime(session) {}
    }

    @Test("run --trace writes one process per driver: normal, the crash-dump copy, the rebooted driver")
    func runTrace() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("run.json").path
        let run = try miniport(["run", "--trace", path])
        #expect(run.status == 0, "\(run.error)")
        let events = try Self.events(try Data(contentsOf: URL(fileURLWithPath: path)))
        let processes = events.filter { $0["name"] as? String == "process_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(processes == ["normal phba.so", "crash dump_phba.so", "normal phba.so #3"], "\(processes)")
        // Every request that began ended.
        let begun = Set(events.filter { $0["ph"] as? String == "b" }.compactMap { "\($0["pid"]!)/\($0["id"]!)" })
        let ended = Set(events.filter { $0["ph"] as? String == "e" }.compactMap { "\($0["pid"]!)/\($0["id"]!)" })
        #expect(!begun.isEmpty && begun == ended)
    }

    @Test("verify --trace merges the scenarios' traces, each scenario's processes named after it")
    func verifyTrace() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("verify.json").path
        let example = FixtureBuilder.root.appendingPathComponent("Examples/StorPortRamDisk/ramdisk.c").path
        let verify = try miniport(["verify", example, "--scenario", "hiber", "--trace", path])
        #expect(verify.status == 0, "\(verify.error)")
        let events = try Self.events(try Data(contentsOf: URL(fileURLWithPath: path)))
        let processes = events.filter { $0["name"] as? String == "process_name" }
            .compactMap { ($0["args"] as? [String: Any])?["name"] as? String }
        #expect(processes.contains("hiber: normal ramdisk.so") && processes.contains("hiber: mark-memory hiber_ramdisk.so")
                && processes.contains("hiber: hiber hiber_ramdisk.so"), "\(processes)")
        #expect(Set(events.compactMap { $0["pid"] as? Int }).allSatisfy { $0 > 1000 })
    }
}
