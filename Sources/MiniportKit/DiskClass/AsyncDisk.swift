import Dispatch

/// The asynchronous face of ``DiskClass``, for Swift concurrency: every operation runs on one
/// serial dispatch queue that owns the disk's machine, and the caller awaits the result.
///
/// A machine — its port, adapters, miniport and disks — is driven from one context at a time
/// (the miniport's routines are not reentrant, and the virtual clock moves as requests run).
/// `AsyncDisk` gives that context a queue: tasks on any executor may call it at once, and
/// their operations run one after another, in the order they reached the queue. Once an
/// `AsyncDisk` exists, use the machine only through it, or through ``perform(_:)``, which runs
/// any work (other disks of the same adapter, a ``PortAdapter`` pass-through, the driver's
/// violations) on the same queue.
///
/// ```swift
/// let session = try MiniportRunner().boot()            // the example miniport on the project's HBA
/// let disk = AsyncDisk(DiskClass.disks(on: session.driver.adapters[0])[0])
/// try await disk.write(lba: 8, data: Array(repeating: 0xA5, count: 4096))
/// let back = try await disk.read(lba: 8, blocks: 8)
/// let (blockSize, blockCount) = await disk.geometry
/// ```
///
/// Errors are the disk class's typed ``DiskError``s (a medium error, an illegal request, a
/// transport status). The data moves through `[UInt8]`: one copy per call, which keeps the
/// buffers' lifetimes out of the caller's hands; for the zero-copy path use ``DiskClass``
/// itself inside ``perform(_:)``. The queue keeps the disk (and so its driver) alive while
/// operations are pending.
public final class AsyncDisk: @unchecked Sendable {
    private let disk: DiskClass
    private let queue: DispatchQueue

    /// An asynchronous front for `disk`, whose operations run on a new serial queue named `label`.
    public init(_ disk: DiskClass, label: String = "miniport.disk") {
        self.disk = disk
        self.queue = DispatchQueue(label: label)
    }

    /// Block size and count, as last read from the device (READ CAPACITY).
    public var geometry: (blockSize: Int, blockCount: UInt64) {
        get async { await perform { ($0.blockSize, $0.blockCount) } }
    }

    /// Reads `blocks` blocks from `lba` (``DiskClass/read(lba:blocks:)``).
    public func read(lba: UInt64, blocks: Int) async throws(DiskError) -> [UInt8] {
        let result: Result<[UInt8], DiskError> = await perform { disk in
            do throws(DiskError) {
                return .success(try disk.read(lba: lba, blocks: blocks))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Writes `data` (a whole number of blocks) at `lba` (the array form of ``DiskClass``'s `write(lba:from:)`).
    public func write(lba: UInt64, data: [UInt8]) async throws(DiskError) {
        let result: Result<Void, DiskError> = await perform { disk in
            do throws(DiskError) {
                try disk.write(lba: lba, from: data)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// SYNCHRONIZE CACHE for the whole disk (``DiskClass/flush()``).
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

    /// Runs `body` with the disk on the disk's queue, after the operations queued before it,
    /// and returns what it returns. `body` may use the disk's adapter and driver too: it is the
    /// only code touching the machine while it runs.
    public func perform<T: Sendable>(_ body: @escaping @Sendable (DiskClass) -> T) async -> T {
        await withCheckedContinuation { continuation in
            queue.async { [self] in
                continuation.resume(returning: body(self.disk))
            }
        }
    }
}
