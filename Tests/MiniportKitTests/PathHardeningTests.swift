import Foundation
import Testing
@testable import MiniportKit

#if canImport(Glibc)
import Glibc
#endif

/// Paths handed to the command line: a miniport is loaded from where it is named, never from
/// the library path; a disk that is not a file or a block device is refused in words.
@Suite("Paths from the command line")
struct PathHardeningTests {
    @Test("A miniport named like a system library (libz.so.1) is loaded from the current directory")
    func bareNameIsNotSearchedOnTheLibraryPath() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("libz.so.1").path
        let built = try miniport(["build", "Examples/SkeletonScsiPort/skeleton.c", "-o", output])
        #expect(built.status == 0, "\(built)")
        // dlopen("libz.so.1") would load the system zlib, which has no import table.
        let inspect = try miniport(["inspect", "libz.so.1", "--json"], in: dir)
        #expect(inspect.status == 0, "\(inspect)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any])
        #expect(json["model"] as? String == "scsiport")
        // Not in the current directory: missing, even though the library path has one.
        let missing = try miniport(["inspect", "libc.so.6"], in: dir)
        #expect(missing.status != 0)
        #expect((missing.output + missing.error).lowercased().contains("libc.so.6: no such file"), "\(missing)")
    }

    @Test("run refuses a directory and a FIFO as --disk, naming the path and the kind, without hanging")
    func runRefusesSpecialDisks() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let directory = try miniport(["run", "--disk", dir.path, "--no-dump"])
        #expect(directory.status != 0)
        #expect((directory.output + directory.error).contains("\(dir.path) is a directory"), "\(directory)")
        let fifo = dir.appendingPathComponent("disk.fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let piped = try miniport(["run", "--disk", fifo, "--no-dump"])
        #expect(piped.status != 0)
        #expect((piped.output + piped.error).contains("\(fifo) is a FIFO (named pipe)"), "\(piped)")
        let empty = dir.appendingPathComponent("empty.img").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let none = try miniport(["run", "--disk", empty, "--no-dump"])
        #expect(none.status != 0)
        #expect((none.output + none.error).contains("\(empty) is empty"), "\(none)")
    }

    @Test("The loader refuses a directory given as the miniport, in words")
    func miniportDirectoryInWords() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try miniport(["inspect", dir.path])
        #expect(result.status != 0)
        let text = result.output + result.error
        #expect(text.contains("\(dir.path): is a directory, not a regular file"), "\(result)")
        #expect(!text.contains("errno"))
    }
}
