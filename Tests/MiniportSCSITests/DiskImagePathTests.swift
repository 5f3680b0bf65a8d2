import Testing
import Foundation
import MiniportSCSI

#if canImport(Glibc)
import Glibc
#endif

/// `--disk PATH` takes a regular file or a block device; anything else is refused by name,
/// in words, before it can block or pretend to be a disk.
@Suite("Disk image paths")
struct DiskImagePathTests {
    private func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "miniport-disk-paths-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("A directory is refused as a directory (it used to open as an 8-block disk)")
    func directoryIsRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: BlockStoreOpenError.notADiskImage(path: dir, kind: "a directory")) {
            try FileBlockStore(path: dir)
        }
        #expect(throws: BlockStoreOpenError.notADiskImage(path: dir, kind: "a directory")) {
            try FileBlockStore(path: dir, readOnly: true)
        }
        #expect(throws: BlockStoreOpenError.notADiskImage(path: dir, kind: "a directory")) {
            try FileBlockStore(creatingAt: dir, blockCount: 8)
        }
        let message = BlockStoreOpenError.notADiskImage(path: dir, kind: "a directory").description
        #expect(message.contains(dir) && message.contains("is a directory"))
    }

    @Test("A FIFO is refused without being opened (opening it used to block forever)")
    func fifoIsRefusedWithoutBlocking() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/pipe.img"
        #expect(mkfifo(fifo, 0o600) == 0)
        // No writer ever opens the FIFO: a blocking open would hang this test.
        #expect(throws: BlockStoreOpenError.notADiskImage(path: fifo, kind: "a FIFO (named pipe)")) {
            try FileBlockStore(path: fifo)
        }
        #expect(throws: BlockStoreOpenError.notADiskImage(path: fifo, kind: "a FIFO (named pipe)")) {
            try FileBlockStore(path: fifo, readOnly: true)
        }
        #expect(throws: BlockStoreOpenError.notADiskImage(path: fifo, kind: "a FIFO (named pipe)")) {
            try FileBlockStore(creatingAt: fifo, blockCount: 8)
        }
    }

    @Test("A socket and a character device are refused by kind")
    func socketAndCharacterDeviceAreRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let socketPath = dir + "/disk.sock"
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            let bytes = Array(socketPath.utf8)
            raw.copyBytes(from: bytes.prefix(raw.count - 1))
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)
        #expect(throws: BlockStoreOpenError.notADiskImage(path: socketPath, kind: "a socket")) {
            try FileBlockStore(path: socketPath)
        }
        #expect(throws: BlockStoreOpenError.notADiskImage(path: "/dev/null", kind: "a character device")) {
            try FileBlockStore(path: "/dev/null", readOnly: true)
        }
    }

    @Test("An empty file is refused naming the file")
    func emptyFileIsNamed() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = dir + "/empty.img"
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        #expect(throws: BlockStoreOpenError.emptyImage(path: empty)) { try FileBlockStore(path: empty) }
        #expect(BlockStoreOpenError.emptyImage(path: empty).description.contains(empty))
    }

    @Test("A missing file is reported with the system's words, not an errno number")
    func missingFileInWords() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/image.img"
        do {
            _ = try FileBlockStore(path: missing)
            Issue.record("a missing image opened")
        } catch {
            #expect(error == .cannotOpen(path: missing, errno: ENOENT))
            #expect(error.description == "cannot open \(missing): No such file or directory")
            #expect(!error.description.contains("errno"))
        }
    }

    @Test("A regular file still opens; the descriptor is blocking again after the O_NONBLOCK open")
    func regularFileOpens() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/disk.img"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(count: 512 * 16)))
        let store = try FileBlockStore(path: path)
        #expect(store.blockCount == 16)
        let created = try FileBlockStore(creatingAt: dir + "/new.img", blockCount: 4)
        #expect(created.blockCount == 4)
    }
}
