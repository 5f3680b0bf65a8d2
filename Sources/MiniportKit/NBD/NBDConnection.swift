import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One client of an ``NBDServer``: the fixed-newstyle handshake, then the transmission phase
/// with simple replies, on a blocking socket, on the thread that calls ``run()``.
///
/// Everything the client sends is bounded before it is used: option payloads (64 KiB read,
/// up to 16 MiB skipped with NBD_REP_ERR_TOO_BIG, more closes the connection), request
/// lengths (``NBDServer/Configuration/maximumRequestLength``; a WRITE payload up to twice that
/// is skipped with NBD_EINVAL, a longer one closes the connection), offsets (inside the
/// export). The connection's buffers grow to the largest request seen and are then reused.
final class NBDConnection: @unchecked Sendable {
    /// Why a connection ended.
    enum End: Equatable, CustomStringConvertible {
        /// NBD_CMD_DISC, or NBD_OPT_ABORT.
        case disconnected
        /// The client closed the socket (or it failed) at a message boundary or inside one.
        case clientGone(String)
        /// The client broke the protocol so that the connection cannot go on.
        case protocolError(String)
        /// The server stopped (or the device failed) while the connection was open.
        case serverStopped

        var description: String {
            switch self {
            case .disconnected: return "disconnected"
            case .clientGone(let why): return "client gone (\(why))"
            case .protocolError(let why): return "protocol error: \(why)"
            case .serverStopped: return "server stopped"
            }
        }
    }

    /// Thrown by the socket helpers: the connection ends.
    struct Ended: Error { var end: End }

    let descriptor: Int32
    unowned let server: NBDServer
    /// The window of blocks a request covers (payload placed at its offset inside).
    private var buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    /// One block, for the head and tail of an unaligned write.
    private var scratch = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    /// Where pipelined block-aligned READs and WRITEs wait to be served together
    /// (``batchArenaSize`` bytes, allocated on the first one).
    private var arena = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    /// The pipelined requests waiting in ``arena``, in the order they came.
    private var pending: [Pending] = []
    /// Bytes of ``arena`` in use.
    private var arenaUsed = 0

    /// A READ or WRITE received and not yet served.
    private struct Pending {
        var cookie: UInt64
        var offset: UInt64
        var length: Int
        var isWrite: Bool
        var fua: Bool
        /// Where its bytes are in ``arena``.
        var at: Int
    }

    /// Requests served together at most.
    static let batchLimit = 32
    /// Bytes of pipelined requests served together at most.
    static let batchArenaSize = 4 << 20
    /// Options larger than this are not read into memory.
    static let optionReadLimit = 64 << 10
    /// Options up to this are skipped with NBD_REP_ERR_TOO_BIG; larger ones close the connection.
    static let optionSkipLimit = 16 << 20
    /// Options one connection may send before it is closed.
    static let optionCountLimit = 4096

    init(descriptor: Int32, server: NBDServer) {
        self.descriptor = descriptor
        self.server = server
    }

    deinit {
        buffer.deallocate()
        scratch.deallocate()
        arena.deallocate()
    }

    /// Runs the connection to its end; does not close the descriptor.
    func run() -> End {
        do {
            setReceiveTimeout(server.configuration.handshakeTimeout)
            guard try handshake() else { return .disconnected }
            setReceiveTimeout(0)
            try transmission()
            return .disconnected
        } catch let ended as Ended {
            return server.isStopping ? .serverStopped : ended.end
        } catch {
            return .protocolError("\(error)")
        }
    }

    // MARK: handshake

    /// Negotiates; true when the client moved to the transmission phase.
    private func handshake() throws -> Bool {
        var hello: [UInt8] = []
        hello.appendBigEndian(NBD.initMagic)
        hello.appendBigEndian(NBD.optionMagic)
        hello.appendBigEndian(NBD.flagFixedNewstyle | NBD.flagNoZeroes)
        try send(hello)
        var header = [UInt8](repeating: 0, count: NBD.optionHeaderSize)
        try receive(&header, count: 4, what: "client flags")
        let clientFlags = header.withUnsafeBytes { $0.bigEndianUInt32(at: 0) }
        guard clientFlags & ~(NBD.clientFlagFixedNewstyle | NBD.clientFlagNoZeroes) == 0 else {
            throw Ended(end: .protocolError("unknown client flags 0x\(String(clientFlags, radix: 16))"))
        }
        let fixed = clientFlags & NBD.clientFlagFixedNewstyle != 0
        let noZeroes = clientFlags & NBD.clientFlagNoZeroes != 0
        var options = 0
        while true {
            options += 1
            guard options <= Self.optionCountLimit else {
                throw Ended(end: .protocolError("more than \(Self.optionCountLimit) options"))
            }
            try receive(&header, count: NBD.optionHeaderSize, what: "option header")
            let (magic, option, length) = header.withUnsafeBytes {
                ($0.bigEndianUInt64(at: 0), $0.bigEndianUInt32(at: 8), Int($0.bigEndianUInt32(at: 12)))
            }
            guard magic == NBD.optionMagic else {
                throw Ended(end: .protocolError("bad option magic 0x\(String(magic, radix: 16))"))
            }
            guard length <= Self.optionReadLimit else {
                guard length <= Self.optionSkipLimit, option != NBD.Option.exportName.rawValue else {
                    throw Ended(end: .protocolError("option \(option) of \(length) bytes"))
                }
                try skip(length)
                try optionReply(option, NBD.replyErrTooBig, message: "option data of \(length) bytes is too long")
                continue
            }
            var data = [UInt8](repeating: 0, count: length)
            try receive(&data, count: length, what: "option data")
            switch NBD.Option(rawValue: option) {
            case .exportName:
                guard server.exportMatches(data[...]) else {
                    throw Ended(end: .protocolError("NBD_OPT_EXPORT_NAME for an unknown export"))
                }
                var reply: [UInt8] = []
                reply.appendBigEndian(server.device.size)
                reply.appendBigEndian(server.transmissionFlags)
                if !noZeroes { reply += [UInt8](repeating: 0, count: 124) }
                try send(reply)
                return true
            case .abort:
                try? optionReply(option, NBD.replyAck)
                return false
            case .list:
                guard length == 0 else {
                    try optionReply(option, NBD.replyErrInvalid, message: "NBD_OPT_LIST takes no data")
                    continue
                }
                var entry: [UInt8] = []
                let name = Array(server.configuration.exportName.utf8)
                entry.appendBigEndian(UInt32(name.count))
                entry += name
                if let text = server.configuration.exportDescription { entry += Array(text.utf8) }
                try optionReply(option, NBD.replyServer, data: entry)
                try optionReply(option, NBD.replyAck)
            case .info, .go:
                if try infoOrGo(option, data) && option == NBD.Option.go.rawValue { return true }
            default:
                guard fixed else {
                    throw Ended(end: .protocolError("unknown option \(option) from a client without fixed newstyle"))
                }
                try optionReply(option, NBD.replyErrUnsup, message: "option \(option) is not supported")
            }
        }
    }

    /// NBD_OPT_INFO / NBD_OPT_GO; true when the export was described (GO: then transmission).
    private func infoOrGo(_ option: UInt32, _ data: [UInt8]) throws -> Bool {
        let parsed: (name: ArraySlice<UInt8>, requests: [UInt16])? = data.withUnsafeBytes { raw in
            guard raw.count >= 6 else { return nil }
            let nameLength = Int(raw.bigEndianUInt32(at: 0))
            guard nameLength <= raw.count - 6, nameLength <= NBD.maximumStringLength else { return nil }
            let count = Int(raw.bigEndianUInt16(at: 4 + nameLength))
            guard raw.count == 6 + nameLength + 2 * count else { return nil }
            let requests = (0..<count).map { raw.bigEndianUInt16(at: 6 + nameLength + 2 * $0) }
            return (data[4..<(4 + nameLength)], requests)
        }
        guard let parsed else {
            try optionReply(option, NBD.replyErrInvalid, message: "malformed NBD_OPT_INFO/GO data")
            return false
        }
        guard server.exportMatches(parsed.name) else {
            try optionReply(option, NBD.replyErrUnknown, message: "no such export")
            return false
        }
        var export: [UInt8] = []
        export.appendBigEndian(NBD.infoExport)
        export.appendBigEndian(server.device.size)
        export.appendBigEndian(server.transmissionFlags)
        try optionReply(option, NBD.replyInfo, data: export)
        // Block sizes are sent whether asked for or not (the protocol allows it); requests
        // that ignore them are still served (read-modify-write).
        var sizes: [UInt8] = []
        sizes.appendBigEndian(NBD.infoBlockSize)
        sizes.appendBigEndian(UInt32(server.minimumBlockSize))
        sizes.appendBigEndian(UInt32(server.preferredBlockSize))
        sizes.appendBigEndian(UInt32(server.configuration.maximumRequestLength))
        try optionReply(option, NBD.replyInfo, data: sizes)
        if parsed.requests.contains(NBD.infoName) {
            var name: [UInt8] = []
            name.appendBigEndian(NBD.infoName)
            name += Array(server.configuration.exportName.utf8)
            try optionReply(option, NBD.replyInfo, data: name)
        }
        if parsed.requests.contains(NBD.infoDescription), let text = server.configuration.exportDescription {
            var description: [UInt8] = []
            description.appendBigEndian(NBD.infoDescription)
            description += Array(text.utf8)
            try optionReply(option, NBD.replyInfo, data: description)
        }
        try optionReply(option, NBD.replyAck)
        return true
    }

    private func optionReply(_ option: UInt32, _ type: UInt32, data: [UInt8] = [], message: String? = nil) throws {
        let payload = message.map { Array($0.utf8) } ?? data
        var reply: [UInt8] = []
        reply.reserveCapacity(20 + payload.count)
        reply.appendBigEndian(NBD.optionReplyMagic)
        reply.appendBigEndian(option)
        reply.appendBigEndian(type)
        reply.appendBigEndian(UInt32(payload.count))
        reply += payload
        try send(reply)
    }

    // MARK: transmission

    private func transmission() throws {
        let request = UnsafeMutableRawBufferPointer.allocate(byteCount: NBD.requestSize, alignment: 8)
        defer { request.deallocate() }
        let maximum = server.configuration.maximumRequestLength
        let size = server.device.size
        while true {
            do {
                guard try receiveRequest(request) else { return }
            } catch {
                // The client is gone: what it sent before is still served (replies are dropped).
                try? serveBatch()
                throw error
            }
            let raw = UnsafeRawBufferPointer(request)
            let magic = raw.bigEndianUInt32(at: 0)
            guard magic == NBD.requestMagic else {
                throw Ended(end: .protocolError("bad request magic 0x\(String(magic, radix: 16))"))
            }
            let flags = raw.bigEndianUInt16(at: 4)
            let type = raw.bigEndianUInt16(at: 6)
            let cookie = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)   // echoed as sent
            let offset = raw.bigEndianUInt64(at: 16)
            let length = Int(raw.bigEndianUInt32(at: 24))
            let inside = offset <= size && UInt64(length) <= size - offset
            server.countRequest()

            // Block-aligned READs and WRITEs that the client sent without waiting for replies
            // are served together: the port queues them to the miniport at once.
            let block = UInt64(server.device.blockSize)
            if type == NBD.Command.read.rawValue || type == NBD.Command.write.rawValue, inside, length > 0,
               length <= min(maximum, Self.batchArenaSize), offset % block == 0, UInt64(length) % block == 0,
               type == NBD.Command.read.rawValue || !server.device.isReadOnly {
                if arenaUsed + length > Self.batchArenaSize || pending.count == Self.batchLimit { try serveBatch() }
                if arena.count == 0 { arena = .allocate(byteCount: Self.batchArenaSize, alignment: 4096) }
                let isWrite = type == NBD.Command.write.rawValue
                if isWrite {
                    try receive(UnsafeMutableRawBufferPointer(rebasing: arena[arenaUsed..<(arenaUsed + length)]),
                                what: "write payload")
                }
                pending.append(Pending(cookie: cookie, offset: offset, length: length, isWrite: isWrite,
                                       fua: isWrite && flags & NBD.commandFlagFUA != 0, at: arenaUsed))
                arenaUsed += length
                if !requestWaiting() { try serveBatch() }
                continue
            }
            // Anything else is served in order, after what came before it.
            try serveBatch()

            switch NBD.Command(rawValue: type) {
            case .read:
                guard length <= maximum else { try reply(cookie, .inval); continue }
                guard inside else { try reply(cookie, .inval); continue }
                let head = Int(offset % UInt64(server.device.blockSize))
                let result = server.withDevice { device throws(NBDDeviceError) in
                    try readWindow(device, offset: offset, length: length)
                }
                if case .failure(let error) = result { try reply(cookie, error); continue }
                try reply(cookie, .ok, data: UnsafeRawBufferPointer(rebasing: buffer[head..<(head + length)]))
            case .write:
                guard length <= maximum else {
                    guard length <= 2 * maximum else {
                        try? reply(cookie, .inval)
                        throw Ended(end: .protocolError("NBD_CMD_WRITE of \(length) bytes"))
                    }
                    try skip(length)
                    try reply(cookie, .inval)
                    continue
                }
                let head = Int(offset % UInt64(server.device.blockSize))
                ensureCapacity(head + length + server.device.blockSize)
                try receive(UnsafeMutableRawBufferPointer(rebasing: buffer[head..<(head + length)]), what: "write payload")
                guard !server.device.isReadOnly else { try reply(cookie, .perm); continue }
                guard inside else { try reply(cookie, .nospc); continue }
                let fua = flags & NBD.commandFlagFUA != 0
                let result = server.withDevice { device throws(NBDDeviceError) in
                    try writeWindow(device, offset: offset, length: length)
                    if fua { try device.flush() }
                }
                try reply(cookie, result)
            case .disc:
                return   // nothing is pending: served above
            case .flush:
                try reply(cookie, server.withDevice { device throws(NBDDeviceError) in try device.flush() })
            case .trim:
                guard !server.device.isReadOnly else { try reply(cookie, .perm); continue }
                guard inside else { try reply(cookie, .inval); continue }
                let fua = flags & NBD.commandFlagFUA != 0
                try reply(cookie, server.withDevice { device throws(NBDDeviceError) in
                    try device.trim(offset: offset, length: UInt64(length))
                    if fua { try device.flush() }
                })
            case .writeZeroes:
                guard !server.device.isReadOnly else { try reply(cookie, .perm); continue }
                guard inside else { try reply(cookie, .nospc); continue }
                let fua = flags & NBD.commandFlagFUA != 0
                try reply(cookie, server.withDevice { device throws(NBDDeviceError) in
                    try writeZeroes(device, offset: offset, length: length)
                    if fua { try device.flush() }
                })
            default:
                // CACHE, BLOCK_STATUS, RESIZE and unknown commands are not advertised.
                try reply(cookie, .inval)
            }
        }
    }

    /// Whether the client has sent more than has been read (another request is on its way).
    private func requestWaiting() -> Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0 && entry.revents & Int16(POLLIN) != 0
    }

    /// Serves the pending READs and WRITEs together and replies to each, in the order they came.
    /// WRITEs with FUA are made durable (one flush) before any reply.
    private func serveBatch() throws {
        guard !pending.isEmpty else { return }
        defer {
            pending.removeAll(keepingCapacity: true)
            arenaUsed = 0
        }
        let operations = pending.map {
            NBDBlockOperation(offset: $0.offset, buffer: UnsafeMutableRawBufferPointer(rebasing: arena[$0.at..<($0.at + $0.length)]),
                              isWrite: $0.isWrite)
        }
        var errors: [NBDDeviceError?] = []
        var flushError: NBDDeviceError?
        let durable = pending.indices.contains { pending[$0].fua }
        let served = server.withDevice { device throws(NBDDeviceError) in
            errors = device.perform(operations)
            if let fatal = errors.lazy.compactMap({ $0 }).first(where: \.fatal) { throw fatal }
            if durable {
                do throws(NBDDeviceError) { try device.flush() } catch { flushError = error }
                if let flushError, flushError.fatal { throw flushError }
            }
        }
        for (position, request) in pending.enumerated() {
            if case .failure(let error) = served { try reply(request.cookie, error); continue }
            if let error = errors[position] ?? (request.fua ? flushError : nil) {
                try reply(request.cookie, error)
                continue
            }
            try reply(request.cookie, .ok, data: request.isWrite ? nil
                      : UnsafeRawBufferPointer(rebasing: arena[request.at..<(request.at + request.length)]))
        }
    }

    /// Reads the blocks covering offset..<offset+length into `buffer` from its start.
    private func readWindow(_ device: any NBDBlockDevice, offset: UInt64, length: Int) throws(NBDDeviceError) {
        let block = UInt64(device.blockSize)
        let start = offset - offset % block
        let end = (offset + UInt64(length) + block - 1) / block * block
        let window = Int(end - start)
        ensureCapacity(window)
        guard window > 0 else { return }
        try device.read(offset: start, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<window]))
    }

    /// Writes the payload at `buffer[offset % block ..< +length]`, completing the first and last
    /// blocks from the device when the request does not cover them.
    private func writeWindow(_ device: any NBDBlockDevice, offset: UInt64, length: Int) throws(NBDDeviceError) {
        guard length > 0 else { return }
        let block = UInt64(device.blockSize)
        let start = offset - offset % block
        let stop = offset + UInt64(length)
        let end = (stop + block - 1) / block * block
        let window = Int(end - start)
        let head = Int(offset - start)
        if head != 0 || stop != end {
            if scratch.count < Int(block) {
                scratch.deallocate()
                scratch = .allocate(byteCount: Int(block), alignment: 4096)
            }
            let one = UnsafeMutableRawBufferPointer(rebasing: scratch[0..<Int(block)])
            if head != 0 {
                try device.read(offset: start, into: one)
                buffer.baseAddress!.copyMemory(from: one.baseAddress!, byteCount: head)
            }
            if stop != end {
                let last = end - block
                try device.read(offset: last, into: one)
                let from = Int(stop - last)
                (buffer.baseAddress! + Int(stop - start)).copyMemory(from: one.baseAddress! + from, byteCount: Int(block) - from)
            }
        }
        try device.write(offset: start, from: UnsafeRawBufferPointer(rebasing: buffer[0..<window]))
    }

    /// Writes zeros over offset..<offset+length, in pieces of at most the maximum request length.
    private func writeZeroes(_ device: any NBDBlockDevice, offset: UInt64, length: Int) throws(NBDDeviceError) {
        let block = UInt64(device.blockSize)
        let piece = max(Int(block), server.configuration.maximumRequestLength / Int(block) * Int(block))
        var at = offset
        let stop = offset + UInt64(length)
        while at < stop {
            // Pieces after the first start on a block boundary.
            let boundary = (at / block + 1) * block
            let next = min(stop, at % block == 0 ? at + UInt64(piece) : min(boundary, at + UInt64(piece)))
            let count = Int(next - at)
            let head = Int(at % block)
            ensureCapacity(head + count + Int(block))
            (buffer.baseAddress! + head).initializeMemory(as: UInt8.self, repeating: 0, count: count)
            try writeWindow(device, offset: at, length: count)
            at = next
        }
    }

    /// Grows `buffer` to at least `count` bytes (once per new maximum: doubling, capped at the
    /// largest window a request can need).
    private func ensureCapacity(_ count: Int) {
        guard buffer.count < count else { return }
        let cap = server.configuration.maximumRequestLength + 2 * server.device.blockSize
        let size = min(max(count, buffer.count * 2, 64 << 10), max(cap, count))
        buffer.deallocate()
        buffer = .allocate(byteCount: size, alignment: 4096)
    }

    // MARK: replies

    private func reply(_ cookie: UInt64, _ result: Result<Void, NBDDeviceError>) throws {
        switch result {
        case .success: try reply(cookie, .ok)
        case .failure(let error): try reply(cookie, error)
        }
    }

    private func reply(_ cookie: UInt64, _ error: NBDDeviceError) throws {
        guard error.fatal else { return try reply(cookie, error.error) }
        try? reply(cookie, error.error)
        server.fail(error.message)
        throw Ended(end: .serverStopped)
    }

    private func reply(_ cookie: UInt64, _ error: NBD.Error, data: UnsafeRawBufferPointer? = nil) throws {
        var header = (UInt64(0), UInt64(0))
        try withUnsafeMutableBytes(of: &header) { raw in
            raw.storeBytes(of: NBD.simpleReplyMagic.bigEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: error.rawValue.bigEndian, toByteOffset: 4, as: UInt32.self)
            raw.storeBytes(of: cookie, toByteOffset: 8, as: UInt64.self)
            try send(UnsafeRawBufferPointer(raw), more: data != nil && data!.count > 0)
        }
        if let data, data.count > 0 { try send(data) }
    }

    // MARK: socket

    /// Reads a request header; false at a clean end of stream before its first byte.
    private func receiveRequest(_ request: UnsafeMutableRawBufferPointer) throws -> Bool {
        var done = 0
        while done < request.count {
            let got = recv(descriptor, request.baseAddress! + done, request.count - done, 0)
            if got > 0 {
                done += got
            } else if got == 0 {
                if done == 0 { throw Ended(end: .clientGone("closed without NBD_CMD_DISC")) }
                throw Ended(end: .clientGone("closed inside a request header"))
            } else if errno != EINTR {
                throw Ended(end: .clientGone(String(cString: strerror(errno))))
            }
        }
        return true
    }

    private func receive(_ target: UnsafeMutableRawBufferPointer, what: String) throws {
        var done = 0
        while done < target.count {
            let got = recv(descriptor, target.baseAddress! + done, target.count - done, 0)
            if got > 0 {
                done += got
            } else if got == 0 {
                throw Ended(end: .clientGone("closed inside the \(what)"))
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                throw Ended(end: .protocolError("no \(what) within the handshake time limit"))
            } else if errno != EINTR {
                throw Ended(end: .clientGone(String(cString: strerror(errno))))
            }
        }
    }

    private func receive(_ bytes: inout [UInt8], count: Int, what: String) throws {
        try bytes.withUnsafeMutableBytes { raw in
            try receive(UnsafeMutableRawBufferPointer(rebasing: raw[0..<count]), what: what)
        }
    }

    /// Reads and drops `count` bytes.
    private func skip(_ count: Int) throws {
        var left = count
        ensureCapacity(min(count, 1 << 20))
        let chunk = max(1, min(buffer.count, 1 << 20))
        while left > 0 {
            let piece = min(left, chunk)
            try receive(UnsafeMutableRawBufferPointer(rebasing: buffer[0..<piece]), what: "skipped payload")
            left -= piece
        }
    }

    private func send(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try send($0) }
    }

    private func send(_ data: UnsafeRawBufferPointer, more: Bool = false) throws {
        var done = 0
        while done < data.count {
            let sent = Glibc.send(descriptor, data.baseAddress! + done, data.count - done,
                                  Int32(MSG_NOSIGNAL) | (more ? Int32(MSG_MORE) : 0))
            if sent >= 0 {
                done += sent
            } else if errno != EINTR {
                throw Ended(end: .clientGone(String(cString: strerror(errno))))
            }
        }
    }

    private func setReceiveTimeout(_ seconds: Double) {
        var value = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}
