import Dispatch

/// The asynchronous face of ``DiskClass``: every operation runs on one serial queue that owns
/// the disk's machine, and the caller awaits the result.
///
/// A machine (and so its port, adapters and disks) is driven from one context at a time. Once
/// an `AsyncDisk` is created, use the machine only through it — or through ``perform(_:)``,
/// which runs arbitrary work on the same queue — so that no two threads touch it at once.
public final class AsyncDisk: @unchecked Sendable {
    private let disk: DiskClass
    private let queue: DispatchQueue

    public init(_ disk: DiskClass, label: String = "miniport.disk") {
        self.disk = disk
        self.queue = DispatchQueue(label: label)
    }

    /// Block size and count, as last read from the device.
    public var geometry: (blockSize: Int, blockCount: UInt64) {
        get async { await perform { ($0.blockSize, $0.blockCount) } }
    }

    /// Reads `blocks` blocks from `lba`.
    public func read(lba: UInt64, blocks: Int) async throws(DiskError) -> [UInt8] {
        let result: Result<[UInt8], DiskError> = await perform { disk in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks * disk.blockSize, alignment: 4096)
            defer { buffer.deallocate() }
            do throws(DiskError) {
                try disk.read(lba: lba, into: buffer)
                return .success(Array(buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Writes `data` (a whole number of blocks) at `lba`.
    public func write(lba: UInt64, data: [UInt8]) async throws(DiskError) {
        let result: Result<Void, DiskError> = await perform { disk in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 4096)
            defer { buffer.deallocate() }
            buffer.copyBytes(from: data)
            do throws(DiskError) {
                try disk.write(lba: lba, from: buffer)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// SYNCHRONIZE CACHE.
    public func flush() async throws(DiskError) {
        let result: Result<Void, DiskError> = await perform { disk in
            do throws(DiskError) {
                try disk.flush()
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// Runs `body` with the disk on the disk's queue.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (DiskClass) -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: body(self.disk))
            }
        }
    }
}
