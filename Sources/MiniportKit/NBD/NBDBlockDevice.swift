/// What an ``NBDServer`` serves: a range of bytes in whole blocks.
///
/// The server calls a device from one thread at a time (it holds its device lock around every
/// call), always with offsets and lengths that are multiples of ``blockSize`` and inside
/// ``size``: requests that are not aligned are completed by the server with a read-modify-write
/// of the blocks they touch, under the same lock, so two clients never interleave inside one.
public protocol NBDBlockDevice: AnyObject {
    /// Bytes in the export (a multiple of ``blockSize``).
    var size: UInt64 { get }
    /// The device's block size: the smallest unit it reads or writes.
    var blockSize: Int { get }
    /// Writes, trims and write-zeroes are refused with EPERM.
    var isReadOnly: Bool { get }
    /// Fills `buffer` with the bytes at `offset`.
    func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(NBDDeviceError)
    /// Writes `buffer` at `offset`.
    func write(offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(NBDDeviceError)
    /// Makes every completed write durable (SYNCHRONIZE CACHE).
    func flush() throws(NBDDeviceError)
    /// Whether ``trim(offset:length:)`` releases space (else it is an accepted no-op).
    func trim(offset: UInt64, length: UInt64) throws(NBDDeviceError)
    /// Serves several block-aligned reads and writes together: the requests a client sent
    /// before waiting for replies. Returns one entry per operation, nil when it succeeded.
    /// The default runs them one by one; a device with a queue hands them over at once.
    func perform(_ operations: [NBDBlockOperation]) -> [NBDDeviceError?]
}

/// A block-aligned read or write the server hands a device with others
/// (``NBDBlockDevice/perform(_:)``).
public struct NBDBlockOperation {
    /// Where it starts (a multiple of the block size).
    public var offset: UInt64
    /// The bytes (a whole number of blocks): filled by a read, only read by a write.
    public var buffer: UnsafeMutableRawBufferPointer
    /// A write (else a read).
    public var isWrite: Bool

    /// An operation on `buffer.count` bytes at `offset`.
    public init(offset: UInt64, buffer: UnsafeMutableRawBufferPointer, isWrite: Bool) {
        (self.offset, self.buffer, self.isWrite) = (offset, buffer, isWrite)
    }
}

extension NBDBlockDevice {
    /// One by one, in order; after a fatal error the rest fail with it.
    public func perform(_ operations: [NBDBlockOperation]) -> [NBDDeviceError?] {
        var errors: [NBDDeviceError?] = []
        errors.reserveCapacity(operations.count)
        for operation in operations {
            if let fatal = errors.lazy.compactMap({ $0 }).first(where: \.fatal) {
                errors.append(fatal)
                continue
            }
            do throws(NBDDeviceError) {
                if operation.isWrite {
                    try write(offset: operation.offset, from: UnsafeRawBufferPointer(operation.buffer))
                } else {
                    try read(offset: operation.offset, into: operation.buffer)
                }
                errors.append(nil)
            } catch {
                errors.append(error)
            }
        }
        return errors
    }
}

/// A device error: the NBD error to reply with, what happened, and whether the device can no
/// longer serve anything (the server then ends the export).
public struct NBDDeviceError: Error, CustomStringConvertible, Sendable {
    /// The error the client is told.
    public var error: NBD.Error
    /// What happened (logged by the server).
    public var message: String
    /// The device is gone (the adapter stopped, the driver was released): every connection is
    /// told NBD_EIO and closed, and the server stops.
    public var fatal: Bool

    /// An error to reply with `error`; `fatal` ends the export.
    public init(_ error: NBD.Error, _ message: String, fatal: Bool = false) {
        self.error = error
        self.message = message
        self.fatal = fatal
    }

    public var description: String { "\(error): \(message)" + (fatal ? " (fatal)" : "") }
}

/// An NBD export backed by the SDK's disk class: every request goes disk class → port →
/// miniport → emulated device, with the port's verifier on.
///
/// A machine is driven from one context at a time (see ``AsyncDisk``); the ``NBDServer``'s
/// device lock provides that. Violations the verifier records while serving are passed to
/// ``violationHandler`` as they appear. An adapter the port stopped (a controller failure, a
/// surprise removal, a released driver) makes every later request fail fatally.
public final class DiskClassBlockDevice: NBDBlockDevice {
    /// The disk every request goes through.
    public let disk: DiskClass
    public let isReadOnly: Bool
    /// Called with each new verifier violation (on the thread serving the request).
    public var violationHandler: ((Violation) -> Void)?
    private var violationsSeen: Int
    /// TRIM is accepted and does nothing (the disk's UNMAP is not used): a permitted
    /// implementation, since TRIM is advisory and the data read after it is unspecified.
    public let trimIsNoOp = true

    /// Serves `disk`; `readOnly` refuses writes, trims and write-zeroes with EPERM.
    public init(disk: DiskClass, readOnly: Bool = false) {
        self.disk = disk
        self.isReadOnly = readOnly
        violationsSeen = disk.adapter.driver.violations.count
    }

    public var size: UInt64 { disk.capacityBytes }
    public var blockSize: Int { disk.blockSize }

    /// The verifier's rules broken so far, on this disk's driver.
    public var violations: [Violation] { disk.adapter.driver.violations }

    /// READ(10/16) through the disk class.
    public func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(NBDDeviceError) {
        try check()
        do {
            try disk.read(lba: offset / UInt64(disk.blockSize), into: buffer)
        } catch {
            try fail(error, "read of \(buffer.count) bytes at \(offset)")
        }
        reportViolations()
    }

    /// WRITE(10/16) through the disk class.
    public func write(offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(NBDDeviceError) {
        guard !isReadOnly else { throw NBDDeviceError(.perm, "the export is read-only") }
        try check()
        do {
            try disk.write(lba: offset / UInt64(disk.blockSize), from: buffer)
        } catch {
            try fail(error, "write of \(buffer.count) bytes at \(offset)")
        }
        reportViolations()
    }

    /// The operations queued together through ``DiskClass/perform(_:)``: the miniport sees
    /// them outstanding at once, as far as it allows.
    public func perform(_ operations: [NBDBlockOperation]) -> [NBDDeviceError?] {
        do throws(NBDDeviceError) {
            try check()
        } catch {
            return operations.map { _ in error }
        }
        let block = UInt64(disk.blockSize)
        var transfers: [DiskClass.Transfer] = []
        transfers.reserveCapacity(operations.count)
        for operation in operations {
            transfers.append(operation.isWrite
                ? .write(lba: operation.offset / block, from: UnsafeRawBufferPointer(operation.buffer))
                : .read(lba: operation.offset / block, into: operation.buffer))
        }
        let refused = isReadOnly ? NBDDeviceError(.perm, "the export is read-only") : nil
        let errors = disk.perform(transfers.filter { !$0.isWrite || refused == nil })
        var next = errors.makeIterator()
        let results: [NBDDeviceError?] = operations.map { operation in
            if operation.isWrite, let refused { return refused }
            guard let error = next.next() ?? nil else { return nil }
            return mapped(error, "\(operation.isWrite ? "write" : "read") of \(operation.buffer.count) bytes at \(operation.offset)")
        }
        reportViolations()
        return results
    }

    /// Makes every completed write durable: SYNCHRONIZE CACHE through the disk class.
    public func flush() throws(NBDDeviceError) {
        try check()
        do {
            try disk.flush()
        } catch {
            try fail(error, "SYNCHRONIZE CACHE")
        }
        reportViolations()
    }

    /// Accepted and ignored (``trimIsNoOp``), after the same checks as a write.
    public func trim(offset: UInt64, length: UInt64) throws(NBDDeviceError) {
        guard !isReadOnly else { throw NBDDeviceError(.perm, "the export is read-only") }
        try check()
    }

    /// Whether the adapter can still take requests.
    private var adapterGone: Bool { disk.adapter.isShutDown || disk.adapter.isRemoved }

    private func check() throws(NBDDeviceError) {
        reportViolations()
        if adapterGone { throw NBDDeviceError(.io, "the adapter was stopped by the port", fatal: true) }
    }

    private func fail(_ error: DiskError, _ what: String) throws(NBDDeviceError) -> Never {
        reportViolations()
        throw mapped(error, what)
    }

    /// The NBD error a disk error is reported as (fatal once the adapter is gone).
    private func mapped(_ error: DiskError, _ what: String) -> NBDDeviceError {
        let fatal = adapterGone || error == .adapterShutDown
        let code: NBD.Error
        switch error {
        case .writeProtected: code = .perm
        case .illegalRequest(0x21, _): code = .inval
        case .invalidBuffer: code = .inval
        default: code = .io
        }
        return NBDDeviceError(code, "\(what): \(error)", fatal: fatal)
    }

    private func reportViolations() {
        let all = disk.adapter.driver.violations
        guard all.count > violationsSeen else { return }
        for violation in all[violationsSeen...] { violationHandler?(violation) }
        violationsSeen = all.count
    }
}

/// A RAM-backed device (for tests and for the bench's baseline): blocks in an array.
public final class MemoryBlockDevice: NBDBlockDevice {
    /// The device's contents.
    public private(set) var bytes: [UInt8]
    public let blockSize: Int
    public let isReadOnly: Bool
    /// Flushes received.
    public private(set) var flushes = 0

    /// A zero-filled device of `size` bytes.
    public init(size: Int, blockSize: Int = 512, readOnly: Bool = false) {
        bytes = Array(repeating: 0, count: size)
        self.blockSize = blockSize
        self.isReadOnly = readOnly
    }

    public var size: UInt64 { UInt64(bytes.count) }

    /// Copies from ``bytes``.
    public func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(NBDDeviceError) {
        bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[Int(offset)..<(Int(offset) + buffer.count)]))
        }
    }

    /// Copies into ``bytes``.
    public func write(offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(NBDDeviceError) {
        guard !isReadOnly else { throw NBDDeviceError(.perm, "read-only") }
        bytes.withUnsafeMutableBytes { raw in
            UnsafeMutableRawBufferPointer(rebasing: raw[Int(offset)..<(Int(offset) + buffer.count)]).copyMemory(from: buffer)
        }
    }

    public func flush() throws(NBDDeviceError) { flushes += 1 }

    public func trim(offset: UInt64, length: UInt64) throws(NBDDeviceError) {
        guard !isReadOnly else { throw NBDDeviceError(.perm, "read-only") }
    }
}
