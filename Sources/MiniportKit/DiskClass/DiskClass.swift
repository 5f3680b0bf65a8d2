import CMiniportABI

/// What a disk operation can fail with, decoded from the SRB status and sense data.
public enum DiskError: Error, Equatable, CustomStringConvertible {
    /// MEDIUM ERROR (03/xx/xx); `lba` from the sense INFORMATION field when valid.
    case mediumError(lba: UInt64?, asc: UInt8, ascq: UInt8)
    /// ILLEGAL REQUEST (05/xx/xx), e.g. 05/21/00 LBA out of range, 05/24/00 invalid field.
    case illegalRequest(asc: UInt8, ascq: UInt8)
    /// NOT READY (02/xx/xx).
    case notReady(asc: UInt8, ascq: UInt8)
    /// DATA PROTECT (07/27/xx): the medium is write protected.
    case writeProtected
    /// UNIT ATTENTION that persisted through the retries.
    case unitAttention(asc: UInt8, ascq: UInt8)
    /// Any other sense key.
    case sense(key: UInt8, asc: UInt8, ascq: UInt8)
    /// CHECK CONDITION without sense data.
    case checkConditionWithoutSense
    /// SCSI status BUSY / TASK SET FULL / RESERVATION CONFLICT that persisted.
    case deviceBusy(scsiStatus: UInt8)
    /// The request did not reach the device or was ended by the port (SRB status).
    case transport(srbStatus: UInt8)
    /// The caller's buffer does not fit the request.
    case invalidBuffer(String)
    /// READ CAPACITY returned a block size of 0 or above 1 MiB, or a last LBA of 2^64 - 1.
    case invalidCapacity(lastLBA: UInt64, blockSize: UInt64)
    /// The adapter's driver was released.
    case adapterShutDown

    /// The error in words, with the sense key, ASC and ASCQ where there are any.
    public var description: String {
        func hex(_ v: UInt8) -> String { String(v, radix: 16, uppercase: true).leftPadded(2) }
        switch self {
        case .mediumError(let lba, let asc, let ascq):
            return "medium error \(hex(asc))/\(hex(ascq))" + (lba.map { " at LBA \($0)" } ?? "")
        case .illegalRequest(let asc, let ascq): return "illegal request \(hex(asc))/\(hex(ascq))"
        case .notReady(let asc, let ascq): return "not ready \(hex(asc))/\(hex(ascq))"
        case .writeProtected: return "write protected"
        case .unitAttention(let asc, let ascq): return "unit attention \(hex(asc))/\(hex(ascq))"
        case .sense(let key, let asc, let ascq): return "sense \(hex(key))/\(hex(asc))/\(hex(ascq))"
        case .checkConditionWithoutSense: return "CHECK CONDITION without sense data"
        case .deviceBusy(let status): return "device busy (SCSI status 0x\(hex(status)))"
        case .transport(let status): return "request failed with SRB status 0x\(hex(status))"
        case .invalidBuffer(let reason): return "invalid buffer: \(reason)"
        case .invalidCapacity(let last, let size): return "READ CAPACITY returned last LBA \(last), block size \(size)"
        case .adapterShutDown: return "the adapter's driver was released"
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

/// A disk behind a SCSI Port adapter, as a class driver sees it: blocks in, blocks out.
///
/// Reads and writes are split to respect the adapter's MaximumTransferLength and
/// NumberOfPhysicalBreaks; buffers that break the adapter's AlignmentMask go through an aligned
/// bounce buffer. UNIT ATTENTION, BUSY and port-ended requests (bus reset, timeout) are retried a
/// few times; everything else becomes a typed ``DiskError``.
public final class DiskClass {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// The adapter the disk is on.
    public let adapter: PortAdapter
    /// Keeps the adapter's driver (and so the miniport) loaded while the disk is in use.
    private let driver: PortDriver
    /// The device (path, target, LUN and INQUIRY identity) the disk class addresses.
    public let device: PortAdapter.Device
    /// Bytes per block, from READ CAPACITY.
    @exclusivity(unchecked) public private(set) var blockSize: Int = 512
    /// The number of blocks, from READ CAPACITY.
    @exclusivity(unchecked) public private(set) var blockCount: UInt64 = 0
    /// How many times a request is retried for UNIT ATTENTION, BUSY and port-ended requests.
    @exclusivity(unchecked) public var retries = 4
    /// Commands retried so far.
    @exclusivity(unchecked) public private(set) var retriesUsed = 0
    /// Seconds per command.
    @exclusivity(unchecked) public var timeout: UInt32 = 10
    /// Buffer alignment the adapter needs (its ConfigInfo AlignmentMask); buffers that break it
    /// go through an aligned bounce buffer.
    @exclusivity(unchecked) public var alignmentMask: UInt32
    /// Requests that went through a bounce buffer.
    @exclusivity(unchecked) public private(set) var bouncedRequests = 0

    /// Opens `device` on `adapter` as a disk and reads its capacity.
    public init(adapter: PortAdapter, device: PortAdapter.Device) throws(DiskError) {
        self.adapter = adapter
        guard !adapter.isShutDown else { throw .adapterShutDown }
        driver = adapter.driver
        self.device = device
        self.alignmentMask = adapter.alignmentMask
        try refreshCapacity()
    }

    /// All disks (peripheral type 0) an adapter's scan found.
    public static func disks(on adapter: PortAdapter) -> [DiskClass] {
        adapter.devices.filter { $0.deviceType == 0 }.compactMap { try? DiskClass(adapter: adapter, device: $0) }
    }

    /// The capacity in bytes.
    public var capacityBytes: UInt64 { blockCount &* UInt64(blockSize) }

    /// READ CAPACITY(10), then (16) when the disk is too large for it.
    public func refreshCapacity() throws(DiskError) {
        let data = UnsafeMutableRawBufferPointer.allocate(byteCount: 32, alignment: 16)
        defer { data.deallocate() }
        data.initializeMemory(as: UInt8.self, repeating: 0)
        try send([0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0], .dataIn, UnsafeMutableRawBufferPointer(rebasing: data[0..<8]))
        func be(_ range: Range<Int>) -> UInt64 { data[range].reduce(0) { $0 << 8 | UInt64($1) } }
        var last = be(0..<4)
        var size = be(4..<8)
        if last == 0xFFFF_FFFF {
            try send([0x9E, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0], .dataIn, data)
            last = be(0..<8)
            size = be(8..<12)
        }
        guard size > 0, size <= 1 << 20, last < UInt64.max else { throw .invalidCapacity(lastLBA: last, blockSize: size) }
        blockCount = last &+ 1
        blockSize = Int(size)
    }

    /// Standard INQUIRY data (up to 96 bytes).
    public func inquiry() throws(DiskError) -> [UInt8] {
        let data = UnsafeMutableRawBufferPointer.allocate(byteCount: 96, alignment: 16)
        defer { data.deallocate() }
        data.initializeMemory(as: UInt8.self, repeating: 0)
        let moved = try send([0x12, 0, 0, 0, 96, 0], .dataIn, data).transferred
        return Array(data.prefix(moved))
    }

    /// Reads `buffer.count / blockSize` blocks from `lba` into `buffer` (a whole number of
    /// blocks, inside the disk). Nothing is allocated for a buffer that meets the adapter's
    /// ``alignmentMask``; larger reads are split into requests the adapter takes.
    public func read(lba: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DiskError) {
        try transfer(lba: lba, buffer: buffer, write: false)
    }

    /// Writes `buffer.count / blockSize` blocks at `lba` from `buffer`, which is only read: the
    /// port hands the miniport a copy of each request's bytes, so a miniport that writes into
    /// a WRITE's data buffer cannot change the caller's memory (it breaks
    /// ``VerifierRule/srbDataOutWritten`` instead).
    public func write(lba: UInt64, from buffer: UnsafeRawBufferPointer) throws(DiskError) {
        try transfer(lba: lba, buffer: UnsafeMutableRawBufferPointer(mutating: buffer), write: true)
    }

    /// Reads `blocks` blocks from `lba` into a new array (`blocks * blockSize` bytes).
    public func read(lba: UInt64, blocks: Int) throws(DiskError) -> [UInt8] {
        guard blocks >= 0, blocks <= Int(clamping: blockCount) else { throw .illegalRequest(asc: 0x21, ascq: 0x00) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blocks * blockSize, alignment: 4096)
        defer { buffer.deallocate() }
        try read(lba: lba, into: buffer)
        return Array(buffer)
    }

    /// Writes `bytes` (a whole number of blocks) at `lba`.
    public func write(lba: UInt64, from bytes: [UInt8]) throws(DiskError) {
        let result: Result<Void, DiskError> = bytes.withUnsafeBytes { raw in
            do throws(DiskError) {
                try write(lba: lba, from: raw)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    /// A read or a write of whole blocks, one of a batch for ``perform(_:)``.
    public struct Transfer {
        /// The first block.
        public var lba: UInt64
        /// The blocks' bytes: filled by a read, only read by a write.
        public var buffer: UnsafeMutableRawBufferPointer
        /// A WRITE (else a READ).
        public var isWrite: Bool

        /// A read of `buffer.count / blockSize` blocks from `lba` into `buffer`.
        public static func read(lba: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Transfer {
            Transfer(lba: lba, buffer: buffer, isWrite: false)
        }

        /// A write of `buffer` (whole blocks) at `lba`; `buffer` is only read.
        public static func write(lba: UInt64, from buffer: UnsafeRawBufferPointer) -> Transfer {
            Transfer(lba: lba, buffer: UnsafeMutableRawBufferPointer(mutating: buffer), isWrite: true)
        }
    }

    /// Runs `transfers` together, as a class driver with a deep queue does: every one that fits
    /// a single request (at most ``maximumBlocksPerRequest`` blocks, a buffer that meets
    /// ``alignmentMask``) is queued at once with the others, so the miniport sees them
    /// outstanding together as far as it allows (tagged queuing, StorPort's queues); the
    /// others, and any that fail, then go one by one through the path ``read(lba:into:)`` and
    /// `write(lba:from:)` take, with its splitting and retries (a failed one's error is that
    /// attempt's). Transfers that overlap have no order among themselves, as on a real queue.
    /// Returns one entry per transfer: nil when it succeeded.
    public func perform(_ transfers: [Transfer]) -> [DiskError?] {
        var errors = [DiskError?](repeating: nil, count: transfers.count)
        var queued: [Int] = []
        var requests: [PortAdapter.Request] = []
        var alone: [Int] = []
        let mask = Int(alignmentMask)
        for (position, transfer) in transfers.enumerated() {
            let buffer = transfer.buffer
            guard blockSize > 0, buffer.count % blockSize == 0, buffer.baseAddress != nil || buffer.count == 0 else {
                errors[position] = .invalidBuffer("length \(buffer.count) is not a multiple of the \(blockSize)-byte block")
                continue
            }
            let blocks = buffer.count / blockSize
            guard UInt64(blocks) <= blockCount, transfer.lba <= blockCount - UInt64(blocks) else {
                errors[position] = .illegalRequest(asc: 0x21, ascq: 0x00)
                continue
            }
            guard blocks > 0 else { continue }
            if blocks <= maximumBlocksPerRequest, mask == 0 || Int(bitPattern: buffer.baseAddress) & mask == 0 {
                queued.append(position)
                requests.append(request(Self.readWriteCommand(lba: transfer.lba, blocks: blocks, write: transfer.isWrite),
                                        transfer.isWrite ? .dataOut : .dataIn, buffer))
            } else {
                alone.append(position)
            }
        }
        if requests.count == 1 {
            alone.append(queued[0])
        } else if !requests.isEmpty {
            batchedRequests += requests.count
            for (position, result) in zip(queued, adapter.execute(requests))
            where !(result.succeeded || result.status == UInt8(SRB_STATUS_DATA_OVERRUN)) {
                alone.append(position)
            }
        }
        for position in alone.sorted() {
            let transfer = transfers[position]
            do {
                try self.transfer(lba: transfer.lba, buffer: transfer.buffer, write: transfer.isWrite)
            } catch {
                errors[position] = error
            }
        }
        return errors
    }

    /// Requests ``perform(_:)`` queued together with others.
    @exclusivity(unchecked) public private(set) var batchedRequests = 0

    /// SYNCHRONIZE CACHE(10) for the whole disk.
    public func flush() throws(DiskError) {
        try send([0x35, 0, 0, 0, 0, 0, 0, 0, 0, 0], .none, nil)
    }

    /// Sends one raw CDB (like IOCTL_SCSI_PASS_THROUGH): no retries, no error decoding.
    public func passThrough(cdb: [UInt8], direction: PortAdapter.Request.Direction,
                            buffer: UnsafeMutableRawBufferPointer?) -> PortAdapter.Result {
        adapter.execute(request(Self.command(cdb), direction, buffer))
    }

    // MARK: - splitting

    /// The largest transfer one request may carry on this adapter, in blocks.
    public var maximumBlocksPerRequest: Int {
        let byLength = Int(adapter.maximumTransferLength)
        // NumberOfPhysicalBreaks + 1 pages; a buffer that does not start on a page boundary
        // spends one of them on its head, so whole pages cover NumberOfPhysicalBreaks of them
        // (as the Windows disk class computes it).
        let byBreaks = max(Int(adapter.numberOfPhysicalBreaks), 1) * 4096
        return max(1, min(byLength, byBreaks, 1 << 24) / max(blockSize, 1))
    }

    private func transfer(lba: UInt64, buffer: UnsafeMutableRawBufferPointer, write: Bool) throws(DiskError) {
        guard blockSize > 0, buffer.count % blockSize == 0, buffer.baseAddress != nil || buffer.count == 0 else {
            throw .invalidBuffer("length \(buffer.count) is not a multiple of the \(blockSize)-byte block")
        }
        let blocks = buffer.count / blockSize
        guard UInt64(blocks) <= blockCount, lba <= blockCount - UInt64(blocks) else {
            throw .illegalRequest(asc: 0x21, ascq: 0x00)
        }
        var done = 0
        while done < blocks {
            let count = min(blocks - done, maximumBlocksPerRequest)
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[(done * blockSize)..<((done + count) * blockSize)])
            try transferAligned(lba: lba + UInt64(done), blocks: count, piece: piece, write: write)
            done += count
        }
    }

    private func transferAligned(lba: UInt64, blocks: Int, piece: UnsafeMutableRawBufferPointer, write: Bool) throws(DiskError) {
        let mask = Int(alignmentMask)
        let cdb = Self.readWriteCommand(lba: lba, blocks: blocks, write: write)
        if mask != 0, Int(bitPattern: piece.baseAddress) & mask != 0 {
            let bounce = UnsafeMutableRawBufferPointer.allocate(byteCount: piece.count, alignment: max(mask + 1, 16))
            defer { bounce.deallocate() }
            bouncedRequests += 1
            if write { bounce.copyMemory(from: UnsafeRawBufferPointer(piece)) }
            try send(cdb, write ? .dataOut : .dataIn, bounce)
            if !write { piece.copyMemory(from: UnsafeRawBufferPointer(bounce)) }
            return
        }
        try send(cdb, write ? .dataOut : .dataIn, piece)
    }

    /// A CDB kept inline: the bytes in memory order and how many there are.
    typealias Command = (bytes: (UInt64, UInt64), length: Int)

    /// READ/WRITE(10) when the LBA and length fit, (16) otherwise; built without allocating.
    static func readWriteCommand(lba: UInt64, blocks: Int, write: Bool) -> Command {
        var bytes: (UInt64, UInt64) = (0, 0)
        let length = withUnsafeMutableBytes(of: &bytes) { raw -> Int in
            if lba <= UInt64(UInt32.max), blocks <= Int(UInt16.max) {
                raw[0] = write ? 0x2A : 0x28
                raw.storeBytes(of: UInt32(lba).bigEndian, toByteOffset: 2, as: UInt32.self)
                raw.storeBytes(of: UInt16(blocks).bigEndian, toByteOffset: 7, as: UInt16.self)
                return 10
            }
            raw[0] = write ? 0x8A : 0x88
            raw.storeBytes(of: lba.bigEndian, toByteOffset: 2, as: UInt64.self)
            raw.storeBytes(of: UInt32(truncatingIfNeeded: blocks).bigEndian, toByteOffset: 10, as: UInt32.self)
            return 16
        }
        return (bytes, length)
    }

    /// ``readWriteCommand(lba:blocks:write:)`` as bytes.
    static func readWriteCDB(lba: UInt64, blocks: Int, write: Bool) -> [UInt8] {
        let command = readWriteCommand(lba: lba, blocks: blocks, write: write)
        return withUnsafeBytes(of: command.bytes) { Array($0.prefix(command.length)) }
    }

    // MARK: - sending with retries

    @discardableResult
    private func send(_ cdb: [UInt8], _ direction: PortAdapter.Request.Direction,
                      _ buffer: UnsafeMutableRawBufferPointer?) throws(DiskError) -> PortAdapter.Result {
        try send(Self.command(cdb), direction, buffer)
    }

    /// `cdb` packed as a ``Command`` (its length kept, so an oversized CDB is still refused).
    private static func command(_ cdb: [UInt8]) -> Command {
        let packed = PortAdapter.Request(cdb: cdb)
        return (packed.command, packed.commandLength)
    }

    /// A request for this disk's unit.
    private func request(_ cdb: Command, _ direction: PortAdapter.Request.Direction,
                         _ buffer: UnsafeMutableRawBufferPointer?) -> PortAdapter.Request {
        PortAdapter.Request(pathId: device.pathId, targetId: device.targetId, lun: device.lun, command: cdb.bytes,
                            length: cdb.length, direction: direction, buffer: buffer, timeout: timeout, senseLength: 18)
    }

    /// Sends a command, retrying what may succeed on a retry (unit attention, BUSY, a reset).
    @discardableResult
    private func send(_ cdb: Command, _ direction: PortAdapter.Request.Direction,
                      _ buffer: UnsafeMutableRawBufferPointer?) throws(DiskError) -> PortAdapter.Result {
        let request = request(cdb, direction, buffer)
        var attempt = 0
        while true {
            let result = adapter.execute(request)
            if result.succeeded || result.status == UInt8(SRB_STATUS_DATA_OVERRUN) { return result }
            let error = Self.decode(result)
            attempt += 1
            guard attempt <= retries, Self.isRetryable(error) else { throw error }
            retriesUsed += 1
        }
    }

    static func isRetryable(_ error: DiskError) -> Bool {
        switch error {
        case .unitAttention, .deviceBusy: return true
        case .transport(let status):
            return [SRB_STATUS_BUS_RESET, SRB_STATUS_TIMEOUT, SRB_STATUS_COMMAND_TIMEOUT, SRB_STATUS_BUSY,
                    SRB_STATUS_REQUEST_FLUSHED].map { UInt8($0) }.contains(status)
        case .notReady(let asc, let ascq): return asc == 0x04 && ascq == 0x01   // becoming ready
        default: return false
        }
    }

    /// Maps a failed request to a ``DiskError``.
    static func decode(_ result: PortAdapter.Result) -> DiskError {
        guard result.status == UInt8(SRB_STATUS_ERROR) else { return .transport(srbStatus: result.status) }
        switch result.scsiStatus {
        case 0x02:
            guard let key = result.senseKey, let asc = result.asc, let ascq = result.ascq else {
                return .checkConditionWithoutSense
            }
            switch key {
            case 0x02: return .notReady(asc: asc, ascq: ascq)
            case 0x03:
                let valid = result.sense[0] & 0x80 != 0
                let information = result.sense[3..<7].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                return .mediumError(lba: valid ? information : nil, asc: asc, ascq: ascq)
            case 0x05: return .illegalRequest(asc: asc, ascq: ascq)
            case 0x06: return .unitAttention(asc: asc, ascq: ascq)
            case 0x07: return .writeProtected
            default: return .sense(key: key, asc: asc, ascq: ascq)
            }
        case 0x08, 0x28, 0x18: return .deviceBusy(scsiStatus: result.scsiStatus)
        default: return .transport(srbStatus: result.status)
        }
    }
}
