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
    func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(NBDDeviceError)
    func write(offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(NBDDeviceError)
    /// Makes every completed write durable (SYNCHRONIZE CACHE).
    func flush() throws(NBDDeviceError)
    /// Whether ``trim(offset:length:)`` releases space (else it is an accepted no-op).
    func trim(offset: UInt64, length: UInt64) throws(NBDDeviceError)
}

/// A device error: the NBD error to reply with, what happened, and whether the device can no
/// longer serve anything (the server then ends the export).
public struct NBDDeviceError: Error, CustomStringConvertible, Sendable {
    public var error: NBD.Error
    public var message: String
    /// The device is gone (the adapter stopped, the driver was released): every connection is
    /// told NBD_EIO and closed, and the server stops.
    public var fatal: Bool

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
    public let disk: DiskClass
    public let isReadOnly: Bool
    /// Called with each new verifier violation (on the thread serving the request).
    public var violationHandler: ((Violation) -> Void)?
    private var violationsSeen: Int
    /// TRIM is accepted and does nothing (the disk's UNMAP is not used): a permitted
    /// implementation, since TRIM is advisory and the data read after it is unspecified.
    public let trimIsNoOp = true

    public init(disk: DiskClass, readOnly: Bool = false) {
        self.disk = disk
        self.isReadOnly = readOnly
        violationsSeen = disk.adapter.driver.violations.count
    }

    public var size: UInt64 { disk.capacityBytes }
    public var blockSize: Int { disk.blockSize }

    /// The verifier's rules broken so far, on this disk's driver.
    public var violations: [Violation] { disk.adapter.driver.violations }

    public func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(NBDDeviceError) {
        try check()
        do {
            try disk.read(lba: offset / UInt64(disk.blockSize), into: buffer)
        } catch {
            try fail(error, "read of \(buffer.count) bytes at \(offset)")
        }
        reportViolations()
    }

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

    public func flush() throws(NBDDeviceError) {
        try check()
        do {
            try disk.flush()
        } catch {
            try fail(error, "SYNCHRONIZE CACHE")
        }
        reportViolations()
    }

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
        let fatal = adapterGone || error == .adapterShutDown
        let code: NBD.Error
        switch error {
        case .writeProtected: code = .perm
        case .illegalRequest(0x21, _): code = .inval
        case .invalidBuffer: code = .inval
        default: code = .io
        }
        throw NBDDeviceError(code, "\(what): \(error)", fatal: fatal)
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
    public private(set) var bytes: [UInt8]
    public let blockSize: Int
    public let isReadOnly: Bool
    public private(set) var flushes = 0

    public init(size: Int, blockSize: Int = 512, readOnly: Bool = false) {
        bytes = Array(repeating: 0, count: size)
        self.blockSize = blockSize
        self.isReadOnly = readOnly
    }

    public var size: UInt64 { UInt64(bytes.count) }

    public func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(NBDDeviceError) {
        bytes.withUnsafeBytes { raw in
            buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[Int(offset)..<(Int(offset) + buffer.count)]))
        }
    }

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
