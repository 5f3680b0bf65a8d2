import Foundation
import Testing

/// Runs the `disk-app` example (Examples/DiskApp), the executable SwiftPM builds next to the
/// test bundle, as a user would.
@Suite("The disk-app example writes and reads a disk through a miniport")
struct DiskAppTests {
    struct Run {
        var status: Int32
        var output: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try BuildProducts.path("disk-app"))
        process.arguments = arguments
        process.currentDirectoryURL = FixtureBuilder.root
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    @Test("Default: the C example miniport (built with cc) and a RAM disk")
    func cMiniportRAMDisk() throws {
        let message = "disk-app test \(UUID().uuidString)"
        let run = try Self.run(["--message", message])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("miniport: \(FixtureBuilder.root.path)/Examples/PhbaMiniport/phba.c"), "\(run.output)")
        #expect(run.output.contains("disk 0:0:0: MINIPORT VIRTUAL DISK, 2048 blocks of 512 bytes"), "\(run.output)")
        #expect(run.output.contains("read back: \(message)\n"), "\(run.output)")
    }

    @Test("The Swift example miniport and an image file: the message lands in the file's first block")
    func swiftMiniportImageFile() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let image = dir.appendingPathComponent("disk.img")
        let message = String(repeating: "a block and a bit. ", count: 30)       // 570 bytes: two blocks
        let run = try Self.run(["--miniport", try BuildProducts.path("libPhbaSwiftMiniport.so"),
                                "--image", image.path, "--message", message])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("wrote 570 bytes (2 block(s)) at LBA 0"), "\(run.output)")
        let bytes = try Data(contentsOf: image)
        #expect(bytes.count == 2048 * 512)
        #expect(Array(bytes.prefix(570)) == Array(message.utf8))
        #expect(bytes[570..<1024].allSatisfy { $0 == 0 })
    }

    @Test("A bad option is refused with exit status 2")
    func badOption() throws {
        let run = try Self.run(["--bogus", "x"])
        #expect(run.status == 2)
        #expect(run.output.contains("unknown option --bogus"))
    }
}
