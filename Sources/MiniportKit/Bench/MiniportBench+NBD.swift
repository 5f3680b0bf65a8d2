import Foundation

#if canImport(Glibc)
import Glibc
#endif

extension MiniportBench {
    /// `nbd_copy_64m`: the example miniport's 64 MiB RAM disk (every block written) served by
    /// an in-process ``NBDServer`` on a Unix socket, copied to a file by `nbdcopy`; the baseline
    /// is `cp` of a file holding the same bytes, in the same run. Both are external processes,
    /// so both figures include a process start.
    func runNBD(into results: inout [Result]) throws {
        guard let nbdcopy = Self.tool("nbdcopy"), let cp = Self.tool("cp") else {
            progress?("nbd_copy_64m: skipped: nbdcopy is not installed (Debian: libnbd-bin)")
            return
        }
        let span = 64 << 20
        progress?("nbd_copy_64m: booting the example miniport with a 64 MiB disk")
        var runner = MiniportRunner(sdkRoot: sdkRoot)
        runner.adapter = adapter
        runner.disks = [.ram(bytes: UInt64(span), blockSize: 512)]
        let session = try runner.boot()
        defer { session.unload() }
        let device = try DiskClassBlockDevice(session: session)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-bench-nbd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("source.raw").path
        let copy = directory.appendingPathComponent("copy.raw").path

        // The same bytes on the disk and in the local file.
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: span, alignment: 4096)
        defer { bytes.deallocate() }
        for offset in stride(from: 0, to: span, by: 8) {
            bytes.storeBytes(of: UInt64(offset) &* 0x9E37_79B9_7F4A_7C15, toByteOffset: offset, as: UInt64.self)
        }
        for mib in 0..<(span >> 20) {
            do {
                try device.write(offset: UInt64(mib << 20), from: UnsafeRawBufferPointer(rebasing: bytes[(mib << 20)..<((mib + 1) << 20)]))
            } catch {
                throw BenchError.setup("nbd_copy_64m: filling the disk: \(error)")
            }
        }
        guard FileManager.default.createFile(atPath: source, contents: Data(UnsafeRawBufferPointer(bytes))) else {
            throw BenchError.setup("nbd_copy_64m: cannot write \(source)")
        }

        let server = NBDServer(device: device)
        let socket = directory.appendingPathComponent("s.sock").path
        do {
            try server.listen(on: .unix(socket))
        } catch {
            throw BenchError.setup("nbd_copy_64m: \(error)")
        }
        let ended = DispatchSemaphore(value: 0)
        Thread {
            _ = server.serve()
            ended.signal()
        }.start()
        defer {
            server.stop()
            _ = ended.wait(timeout: .now() + 30)
        }
        let uri = server.uri(for: .unix(socket))

        func timed(_ tool: String, _ arguments: [String]) throws -> Double {
            var rates: [Double] = []
            let started = Self.now()
            while rates.count < 3 || (Double(Self.now() - started) < seconds * 1e9 && rates.count < 50) {
                try? FileManager.default.removeItem(atPath: copy)
                let begin = Self.now()
                let status = try Self.runTool(tool, arguments)
                let elapsed = Double(Self.now() - begin)
                guard status == 0 else { throw BenchError.setup("nbd_copy_64m: \(tool) exited with \(status)") }
                rates.append(Double(span) / 1e6 / (elapsed / 1e9))
            }
            return Self.median(rates)
        }
        progress?("nbd_copy_64m: nbdcopy \(uri) → file")
        let nbd = try timed(nbdcopy, [uri, copy])
        guard FileManager.default.contentsEqual(atPath: source, andPath: copy) else {
            throw BenchError.setup("nbd_copy_64m: nbdcopy's copy differs from the disk's bytes")
        }
        progress?("nbd_copy_64m: cp file → file")
        let local = try timed(cp, [source, copy])
        results.append(Result(name: "nbd_copy_64m", value: nbd, unit: "MB/s", baseline: local, baselineName: "cp"))
        if !device.violations.isEmpty {
            throw BenchError.setup("nbd_copy_64m: the miniport broke rules: \(device.violations)")
        }
    }

    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/bin"])
            .map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `tool` to its end (output discarded); its exit status.
    static func runTool(_ tool: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
