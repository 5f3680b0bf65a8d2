import Foundation
import Testing
@testable import MiniportKit

#if canImport(Glibc)
import Glibc
#endif

// MARK: - a hand-written NBD client

/// A minimal NBD client for the protocol tests: blocking socket, every read bounded by a
/// receive timeout (a server that hangs fails the test instead of hanging it).
final class NBDTestClient {
    struct Closed: Error {}
    let fd: Int32

    init(fd: Int32) {
        self.fd = fd
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Connects to a Unix socket path.
    convenience init(path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
        let code = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard code == 0 else {
            close(fd)
            throw Closed()
        }
        self.init(fd: fd)
    }

    deinit { close(fd) }

    /// Bytes held back by ``cork()`` until ``uncork()`` sends them in one call.
    private var corked: [UInt8]?

    /// Holds back what is sent until ``uncork()``: requests then reach the server together,
    /// whatever the scheduling of the two threads.
    func cork() { corked = [] }

    func uncork() {
        guard let bytes = corked else { return }
        corked = nil
        send(bytes)
    }

    func send(_ bytes: [UInt8]) {
        if corked != nil {
            corked! += bytes
            return
        }
        bytes.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let sent = Glibc.send(fd, raw.baseAddress! + done, raw.count - done, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return }
                done += sent
            }
        }
    }

    func receive(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + done, count - done, 0) }
            guard got > 0 else { throw Closed() }
            done += got
        }
        return bytes
    }

    /// True when the server closed the connection (EOF), false if it sent anything.
    func isClosed() -> Bool {
        var byte: UInt8 = 0
        return recv(fd, &byte, 1, 0) <= 0
    }

    static func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] { withUnsafeBytes(of: value.bigEndian) { Array($0) } }
    static func read<T: FixedWidthInteger>(_ bytes: [UInt8], _ offset: Int, as: T.Type) -> T {
        bytes[offset..<(offset + MemoryLayout<T>.size)].reduce(T(0)) { $0 << 8 | T($1) }
    }

    /// The server's greeting, checked; answers with `flags`.
    @discardableResult
    func greet(flags: UInt32 = NBD.clientFlagFixedNewstyle | NBD.clientFlagNoZeroes) throws -> UInt16 {
        let hello = try receive(18)
        #expect(Self.read(hello, 0, as: UInt64.self) == NBD.initMagic)
        #expect(Self.read(hello, 8, as: UInt64.self) == NBD.optionMagic)
        send(Self.be(flags))
        return Self.read(hello, 16, as: UInt16.self)
    }

    struct OptionReply {
        var option: UInt32
        var type: UInt32
        var data: [UInt8]
    }

    func sendOption(_ option: UInt32, _ data: [UInt8] = [], declaredLength: UInt32? = nil) {
        send(Self.be(NBD.optionMagic) + Self.be(option) + Self.be(declaredLength ?? UInt32(data.count)) + data)
    }

    func optionReply() throws -> OptionReply {
        let header = try receive(20)
        #expect(Self.read(header, 0, as: UInt64.self) == NBD.optionReplyMagic)
        let length = Int(Self.read(header, 16, as: UInt32.self))
        #expect(length < 1 << 20)
        return OptionReply(option: Self.read(header, 8, as: UInt32.self), type: Self.read(header, 12, as: UInt32.self),
                           data: try receive(length))
    }

    /// Option replies up to and including the final one (ACK or an error).
    func optionReplies() throws -> [OptionReply] {
        var replies: [OptionReply] = []
        while true {
            let reply = try optionReply()
            replies.append(reply)
            if reply.type == NBD.replyAck || reply.type & NBD.replyErrorBit != 0 { return replies }
        }
    }

    static func infoData(name: String = "", requests: [UInt16] = []) -> [UInt8] {
        be(UInt32(name.utf8.count)) + Array(name.utf8) + be(UInt16(requests.count)) + requests.flatMap { be($0) }
    }

    /// NBD_OPT_GO on the default export; returns (size, flags).
    func go() throws -> (size: UInt64, flags: UInt16) {
        sendOption(NBD.Option.go.rawValue, Self.infoData(requests: [NBD.infoBlockSize]))
        var size: UInt64 = 0, flags: UInt16 = 0
        for reply in try optionReplies() where reply.type == NBD.replyInfo && Self.read(reply.data, 0, as: UInt16.self) == 0 {
            size = Self.read(reply.data, 2, as: UInt64.self)
            flags = Self.read(reply.data, 10, as: UInt16.self)
        }
        return (size, flags)
    }

    var cookie: UInt64 = 0x1000

    func sendRequest(_ command: UInt16, flags: UInt16 = 0, offset: UInt64, length: UInt32, payload: [UInt8] = [],
                     magic: UInt32 = NBD.requestMagic) -> UInt64 {
        cookie += 1
        send(Self.be(magic) + Self.be(flags) + Self.be(command) + Self.be(cookie) + Self.be(offset) + Self.be(length) + payload)
        return cookie
    }

    /// A simple reply: (error, data of `dataLength` bytes when the error is 0).
    func reply(cookie expected: UInt64, dataLength: Int = 0) throws -> (error: UInt32, data: [UInt8]) {
        let header = try receive(16)
        #expect(Self.read(header, 0, as: UInt32.self) == NBD.simpleReplyMagic)
        #expect(Self.read(header, 8, as: UInt64.self) == expected)
        let error = Self.read(header, 4, as: UInt32.self)
        return (error, error == 0 && dataLength > 0 ? try receive(dataLength) : [])
    }

    func command(_ command: NBD.Command, flags: UInt16 = 0, offset: UInt64, length: Int, payload: [UInt8] = []) throws
        -> (error: UInt32, data: [UInt8]) {
        let cookie = sendRequest(command.rawValue, flags: flags, offset: offset, length: UInt32(length), payload: payload)
        return try reply(cookie: cookie, dataLength: command == .read ? length : 0)
    }
}

/// A server on one end of a socketpair, served on a thread; `finish()` waits for it to end.
final class SocketPairServer: @unchecked Sendable {
    let server: NBDServer
    let client: NBDTestClient
    private let done = DispatchSemaphore(value: 0)

    init(_ device: any NBDBlockDevice, configuration: NBDServer.Configuration = .init()) {
        server = NBDServer(device: device, configuration: configuration)
        var pair: [Int32] = [-1, -1]
        socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair)
        client = NBDTestClient(fd: pair[0])
        let serverSide = pair[1]
        Thread { [server, done] in
            server.serveConnection(descriptor: serverSide)
            done.signal()
        }.start()
    }

    /// Whether the server's side of the connection ended (waits for it, bounded).
    func finished() -> Bool { done.wait(timeout: .now() + 30) == .success }
}

/// A server listening on a fresh Unix socket and serving on a thread of its own.
final class ThreadedServer: @unchecked Sendable {
    let server: NBDServer
    let place = NSTemporaryDirectory() + "nbd-test-\(UUID().uuidString).sock"
    private let ended = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: NBDServer.Ending?

    init(_ device: any NBDBlockDevice, configuration: NBDServer.Configuration = .init()) throws {
        server = NBDServer(device: device, configuration: configuration)
        try server.listen(on: .unix(place))
        Thread { [self] in
            let ending = server.serve()
            lock.withLock { result = ending }
            ended.signal()
        }.start()
    }

    /// How `serve()` ended, once it has (waits at most 30 s; nil if it did not end).
    func ending() -> NBDServer.Ending? {
        guard ended.wait(timeout: .now() + 30) == .success else { return nil }
        ended.signal()   // later calls return at once
        return lock.withLock { result }
    }
}

/// A device whose every operation fails as the port does once it stopped the adapter.
final class FailingDevice: NBDBlockDevice {
    let size: UInt64 = 1 << 20
    let blockSize = 512
    let isReadOnly = false
    func read(offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(NBDDeviceError) {
        throw NBDDeviceError(.io, "the adapter was stopped by the port", fatal: true)
    }
    func write(offset: UInt64, from buffer: UnsafeRawBufferPointer) throws(NBDDeviceError) {
        throw NBDDeviceError(.io, "the adapter was stopped by the port", fatal: true)
    }
    func flush() throws(NBDDeviceError) {}
    func trim(offset: UInt64, length: UInt64) throws(NBDDeviceError) {}
}

func randomBytes(_ count: Int, seed: UInt64) -> [UInt8] {
    var state = seed | 1
    return (0..<count).map { _ in
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}

// MARK: - protocol tests

@Suite("NBD server: protocol, hostile clients, concurrency")
struct NBDProtocolTests {
    static func bootedDevice(readOnly: Bool = false) throws -> (MiniportRunner.Session, DiskClassBlockDevice) {
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.disks = [.ram(bytes: 8 << 20, blockSize: 512)]
        let session = try runner.boot()
        return (session, try DiskClassBlockDevice(session: session, readOnly: readOnly))
    }

    @Test("Handshake, LIST, INFO block sizes, GO, then write/read/flush/trim/write-zeroes/disc through the miniport")
    func fullSession() throws {
        let (session, device) = try Self.bootedDevice()
        defer { session.unload() }
        let pair = SocketPairServer(device)
        let client = pair.client
        let handshakeFlags = try client.greet()
        #expect(handshakeFlags == NBD.flagFixedNewstyle | NBD.flagNoZeroes)

        client.sendOption(NBD.Option.list.rawValue)
        let list = try client.optionReplies()
        #expect(list.map(\.type) == [NBD.replyServer, NBD.replyAck])
        let nameLength = Int(NBDTestClient.read(list[0].data, 0, as: UInt32.self))
        #expect(String(decoding: list[0].data[4..<(4 + nameLength)], as: UTF8.self) == "miniport")

        client.sendOption(NBD.Option.info.rawValue, NBDTestClient.infoData(name: "miniport", requests: [NBD.infoBlockSize]))
        let info = try client.optionReplies()
        #expect(info.last?.type == NBD.replyAck)
        let sizes = try #require(info.first { NBDTestClient.read($0.data, 0, as: UInt16.self) == NBD.infoBlockSize })
        #expect(NBDTestClient.read(sizes.data, 2, as: UInt32.self) == 512)
        #expect(NBDTestClient.read(sizes.data, 6, as: UInt32.self) == 4096)
        #expect(NBDTestClient.read(sizes.data, 10, as: UInt32.self) == 32 << 20)

        let (size, flags) = try client.go()
        #expect(size == 8 << 20)
        #expect(flags & NBD.flagHasFlags != 0 && flags & NBD.flagSendFlush != 0 && flags & NBD.flagSendFUA != 0)
        #expect(flags & NBD.flagSendTrim != 0 && flags & NBD.flagSendWriteZeroes != 0 && flags & NBD.flagReadOnly == 0)

        let data = randomBytes(64 << 10, seed: 7)
        #expect(try client.command(.write, flags: NBD.commandFlagFUA, offset: 4096, length: data.count, payload: data).error == 0)
        #expect(try client.command(.read, offset: 4096, length: data.count).data == data)
        // Unaligned: read-modify-write of the blocks touched.
        let odd = randomBytes(1000, seed: 9)
        #expect(try client.command(.write, offset: 4096 + 100, length: odd.count, payload: odd).error == 0)
        var expected = data
        expected.replaceSubrange(100..<1100, with: odd)
        #expect(try client.command(.read, offset: 4096, length: data.count).data == expected)
        #expect(try client.command(.read, offset: 4096 + 7, length: 33).data == Array(expected[7..<40]))
        #expect(try client.command(.flush, offset: 0, length: 0).error == 0)
        #expect(try client.command(.trim, offset: 0, length: 4096).error == 0)
        #expect(try client.command(.writeZeroes, offset: 4096 + 8192, length: 4096 + 3).error == 0)
        expected.replaceSubrange(8192..<(8192 + 4099), with: [UInt8](repeating: 0, count: 4099))
        #expect(try client.command(.read, offset: 4096, length: data.count).data == expected)
        _ = client.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
        #expect(client.isClosed())
        #expect(pair.finished())
        // Through the disk class directly: the bytes are on the disk.
        var back = [UInt8](repeating: 0, count: data.count)
        try back.withUnsafeMutableBytes { try device.read(offset: 4096, into: $0) }
        #expect(back == expected)
        #expect(device.violations.isEmpty, "\(device.violations)")
    }

    @Test("NBD_OPT_EXPORT_NAME: size and flags, 124 zeros unless NO_ZEROES")
    func exportName() throws {
        for noZeroes in [false, true] {
            let device = MemoryBlockDevice(size: 1 << 20)
            let pair = SocketPairServer(device)
            try pair.client.greet(flags: NBD.clientFlagFixedNewstyle | (noZeroes ? NBD.clientFlagNoZeroes : 0))
            pair.client.sendOption(NBD.Option.exportName.rawValue, Array("miniport".utf8))
            let reply = try pair.client.receive(10 + (noZeroes ? 0 : 124))
            #expect(NBDTestClient.read(reply, 0, as: UInt64.self) == 1 << 20)
            #expect(reply[10...].allSatisfy { $0 == 0 })
            #expect(try pair.client.command(.read, offset: 0, length: 512).error == 0)
            _ = pair.client.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
            #expect(pair.finished())
        }
    }

    @Test("Hostile handshakes: unknown client flags, bad option magic, huge option lengths end the connection")
    func hostileHandshakes() throws {
        // Unknown client flags.
        var pair = SocketPairServer(MemoryBlockDevice(size: 1 << 20))
        try pair.client.greet(flags: 0x8000_0000)
        #expect(pair.client.isClosed())
        #expect(pair.finished())
        // Bad option magic.
        pair = SocketPairServer(MemoryBlockDevice(size: 1 << 20))
        try pair.client.greet()
        pair.client.send(NBDTestClient.be(UInt64(0x1234)) + NBDTestClient.be(UInt32(7)) + NBDTestClient.be(UInt32(0)))
        #expect(pair.client.isClosed())
        #expect(pair.finished())
        // An option claiming 4 GiB of data.
        pair = SocketPairServer(MemoryBlockDevice(size: 1 << 20))
        try pair.client.greet()
        pair.client.sendOption(NBD.Option.go.rawValue, [], declaredLength: 0xFFFF_FFFF)
        #expect(pair.client.isClosed())
        #expect(pair.finished())
        // Garbage instead of a greeting answer, then close.
        pair = SocketPairServer(MemoryBlockDevice(size: 1 << 20))
        _ = try pair.client.receive(18)
        pair.client.send([1, 2])
        shutdown(pair.client.fd, Int32(SHUT_WR))
        #expect(pair.finished())
    }

    @Test("Unknown, malformed and too large options get error replies and the negotiation goes on")
    func optionErrors() throws {
        let pair = SocketPairServer(MemoryBlockDevice(size: 1 << 20))
        let client = pair.client
        try client.greet()
        client.sendOption(99, [1, 2, 3])
        #expect(try client.optionReply().type == NBD.replyErrUnsup)
        client.sendOption(NBD.Option.structuredReply.rawValue)
        #expect(try client.optionReply().type == NBD.replyErrUnsup)
        client.sendOption(NBD.Option.list.rawValue, [0])
        #expect(try client.optionReply().type == NBD.replyErrInvalid)
        client.sendOption(NBD.Option.info.rawValue, [0, 0, 0, 9, 1])
        #expect(try client.optionReply().type == NBD.replyErrInvalid)
        client.sendOption(NBD.Option.go.rawValue, NBDTestClient.infoData(name: "nope"))
        #expect(try client.optionReply().type == NBD.replyErrUnknown)
        client.sendOption(NBD.Option.go.rawValue, [UInt8](repeating: 0, count: 100 << 10))
        #expect(try client.optionReply().type == NBD.replyErrTooBig)
        #expect(try client.go().size == 1 << 20)
        _ = client.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
        #expect(pair.finished())
    }

    @Test("NBD_OPT_ABORT is acknowledged and ends the connection")
    func abort() throws {
        let pair = SocketPairServer(MemoryBlockDevice(size: 1 << 20))
        try pair.client.greet()
        pair.client.sendOption(NBD.Option.abort.rawValue)
        #expect(try pair.client.optionReply().type == NBD.replyAck)
        #expect(pair.client.isClosed())
        #expect(pair.finished())
    }

    @Test("Hostile requests: out of range, oversize, unknown command, bad magic; the data stays intact")
    func hostileRequests() throws {
        let device = MemoryBlockDevice(size: 1 << 20)
        var configuration = NBDServer.Configuration()
        configuration.maximumRequestLength = 64 << 10
        let pair = SocketPairServer(device, configuration: configuration)
        let client = pair.client
        try client.greet()
        _ = try client.go()
        let data = randomBytes(8192, seed: 3)
        #expect(try client.command(.write, offset: 0, length: data.count, payload: data).error == 0)
        let einval = NBD.Error.inval.rawValue, enospc = NBD.Error.nospc.rawValue
        #expect(try client.command(.read, offset: (1 << 20) - 512, length: 1024).error == einval)
        #expect(try client.command(.read, offset: UInt64.max - 10, length: 512).error == einval)
        #expect(try client.command(.write, offset: 1 << 20, length: 512, payload: data[0..<512].map { $0 }).error == enospc)
        #expect(try client.command(.writeZeroes, offset: (1 << 20) - 512, length: 1024).error == enospc)
        #expect(try client.command(.trim, offset: 1 << 21, length: 512).error == einval)
        #expect(try client.command(.read, offset: 0, length: 128 << 10).error == einval)
        // A write above the maximum but small enough to skip: EINVAL, and the connection goes on.
        #expect(try client.command(.write, offset: 0, length: 100 << 10, payload: [UInt8](repeating: 0xEE, count: 100 << 10)).error == einval)
        #expect(try client.command(.cache, offset: 0, length: 512).error == einval)
        #expect(try client.command(.blockStatus, offset: 0, length: 512).error == einval)
        var cookie = client.sendRequest(77, offset: 0, length: 0)
        #expect(try client.reply(cookie: cookie).error == einval)
        #expect(try client.command(.read, offset: 0, length: data.count).data == data)
        // A write too large to skip: EINVAL, then the connection is closed.
        cookie = client.sendRequest(NBD.Command.write.rawValue, offset: 0, length: 0xFFFF_FFFF)
        #expect(try client.reply(cookie: cookie).error == einval)
        #expect(client.isClosed())
        #expect(pair.finished())
        #expect(Array(device.bytes[0..<8192]) == data)
        #expect(device.bytes[8192...].allSatisfy { $0 == 0 })

        // Bad request magic closes the connection.
        let second = SocketPairServer(device)
        try second.client.greet()
        _ = try second.client.go()
        _ = second.client.sendRequest(NBD.Command.read.rawValue, offset: 0, length: 512, magic: 0xDEAD_BEEF)
        #expect(second.client.isClosed())
        #expect(second.finished())
    }

    @Test("A read-only export: the flag is set, writes, trims and write-zeroes get EPERM, reads work")
    func readOnly() throws {
        let device = MemoryBlockDevice(size: 1 << 20, readOnly: true)
        let pair = SocketPairServer(device)
        try pair.client.greet()
        #expect(try pair.client.go().flags & NBD.flagReadOnly != 0)
        let eperm = NBD.Error.perm.rawValue
        #expect(try pair.client.command(.write, offset: 0, length: 512, payload: [UInt8](repeating: 1, count: 512)).error == eperm)
        #expect(try pair.client.command(.trim, offset: 0, length: 512).error == eperm)
        #expect(try pair.client.command(.writeZeroes, offset: 0, length: 512).error == eperm)
        #expect(try pair.client.command(.read, offset: 0, length: 512).data == [UInt8](repeating: 0, count: 512))
        _ = pair.client.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
        #expect(pair.finished())
        #expect(device.bytes.allSatisfy { $0 == 0 })
    }

    @Test("A read-only disk-class export refuses writes (EPERM) before they reach the miniport")
    func readOnlyDisk() throws {
        let (session, device) = try Self.bootedDevice(readOnly: true)
        defer { session.unload() }
        let pair = SocketPairServer(device)
        try pair.client.greet()
        _ = try pair.client.go()
        #expect(try pair.client.command(.write, offset: 0, length: 512, payload: [UInt8](repeating: 1, count: 512)).error
            == NBD.Error.perm.rawValue)
        #expect(try pair.client.command(.read, offset: 0, length: 4096).error == 0)
        _ = pair.client.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
        #expect(pair.finished())
    }

    @Test("A client that vanishes mid-handshake, mid-request or mid-payload: the server goes on, the data is intact")
    func vanishingClients() throws {
        let device = MemoryBlockDevice(size: 1 << 20)
        var configuration = NBDServer.Configuration()
        configuration.exitAfterConnections = 4
        let served = try ThreadedServer(device, configuration: configuration)
        let place = served.place
        do {   // mid-handshake
            let client = try NBDTestClient(path: place)
            _ = try client.receive(10)
        }
        do {   // mid-request header
            let client = try NBDTestClient(path: place)
            try client.greet()
            _ = try client.go()
            client.send([0x25, 0x60])
        }
        do {   // mid-payload of a write
            let client = try NBDTestClient(path: place)
            try client.greet()
            _ = try client.go()
            _ = client.sendRequest(NBD.Command.write.rawValue, offset: 0, length: 4096,
                                   payload: [UInt8](repeating: 0xAB, count: 1000))
        }
        // The server still serves.
        let client = try NBDTestClient(path: place)
        try client.greet()
        _ = try client.go()
        #expect(try client.command(.read, offset: 0, length: 4096).data == [UInt8](repeating: 0, count: 4096))
        _ = client.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
        #expect(served.ending() == .connectionsEnded(4))
        #expect(device.bytes.allSatisfy { $0 == 0 })
        #expect(!FileManager.default.fileExists(atPath: place))
    }

    @Test("Connections past the limit are closed at once; the open ones go on")
    func connectionLimit() throws {
        var configuration = NBDServer.Configuration()
        configuration.maximumConnections = 1
        configuration.exitAfterConnections = 1
        let served = try ThreadedServer(MemoryBlockDevice(size: 1 << 20), configuration: configuration)
        let place = served.place
        let server = served.server
        let first = try NBDTestClient(path: place)
        try first.greet()
        _ = try first.go()
        let second = try NBDTestClient(path: place)
        #expect(second.isClosed())
        #expect(try first.command(.read, offset: 0, length: 512).error == 0)
        _ = first.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
        #expect(served.ending() != nil)
        #expect(server.endedConnections == 1)
    }

    @Test("Several clients at once: unaligned writes to neighbouring ranges all land (the device lock)")
    func concurrentClients() throws {
        let (session, device) = try Self.bootedDevice()
        defer { session.unload() }
        var configuration = NBDServer.Configuration()
        configuration.exitAfterConnections = 4
        let served = try ThreadedServer(device, configuration: configuration)
        let place = served.place
        let piece = 300   // not a multiple of the block: neighbours share blocks
        let failures = NSLock()
        nonisolated(unsafe) var problems: [String] = []
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            do {
                let client = try NBDTestClient(path: place)
                try client.greet()
                _ = try client.go()
                for round in 0..<20 {
                    let offset = UInt64((round * 4 + index) * piece)
                    let bytes = [UInt8](repeating: UInt8(index + 1), count: piece)
                    let result = try client.command(.write, offset: offset, length: piece, payload: bytes)
                    if result.error != 0 { throw NBDTestClient.Closed() }
                }
                _ = client.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
            } catch {
                failures.lock()
                problems.append("client \(index): \(error)")
                failures.unlock()
            }
        }
        #expect(problems.isEmpty)
        #expect(served.ending() != nil)
        var back = [UInt8](repeating: 0, count: 80 * piece + 512 - (80 * piece) % 512)
        try back.withUnsafeMutableBytes { try device.read(offset: 0, into: $0) }
        for slot in 0..<80 {
            #expect(back[(slot * piece)..<((slot + 1) * piece)].allSatisfy { $0 == UInt8(slot % 4 + 1) }, "slot \(slot)")
        }
        #expect(device.violations.isEmpty)
    }

    @Test("A fatal device error: NBD_EIO to the client, every connection closed, the server ends")
    func fatalDevice() throws {
        let served = try ThreadedServer(FailingDevice())
        let place = served.place
        let idle = try NBDTestClient(path: place)
        try idle.greet()
        _ = try idle.go()
        let client = try NBDTestClient(path: place)
        try client.greet()
        _ = try client.go()
        #expect(try client.command(.read, offset: 0, length: 512).error == NBD.Error.io.rawValue)
        #expect(client.isClosed())
        #expect(idle.isClosed())
        #expect(served.ending() == .deviceFailed("the adapter was stopped by the port"))
    }

    @Test("Serving a disk whose driver is released: NBD_EIO, every connection closed, the export ends")
    func driverReleasedWhileServing() throws {
        let (session, device) = try Self.bootedDevice()
        let served = try ThreadedServer(device)
        let place = served.place
        let other = try NBDTestClient(path: place)
        try other.greet()
        _ = try other.go()
        let client = try NBDTestClient(path: place)
        try client.greet()
        _ = try client.go()
        #expect(try client.command(.read, offset: 0, length: 4096).error == 0)
        session.unload()   // between requests: the port stops the adapter
        #expect(try client.command(.read, offset: 0, length: 4096).error == NBD.Error.io.rawValue)
        #expect(client.isClosed())
        #expect(other.isClosed())
        let ending = served.ending()
        if case .deviceFailed = ending {} else { Issue.record("ended with \(String(describing: ending))") }
        #expect(!FileManager.default.fileExists(atPath: place))
    }

    @Test("The disk class device: a stopped adapter is a fatal NBD_EIO")
    func stoppedAdapter() throws {
        let (session, device) = try Self.bootedDevice()
        defer { session.unload() }
        session.unload()
        var buffer = [UInt8](repeating: 0, count: 512)
        do {
            try buffer.withUnsafeMutableBytes { try device.read(offset: 0, into: $0) }
            Issue.record("a read after the unload succeeded")
        } catch let error as NBDDeviceError {
            #expect(error.error == .io)
            #expect(error.fatal)
        }
    }
}

// MARK: - real clients against the built executable

enum NBDTools {
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return (path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"])
            .map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let qemuImg = find("qemu-img")
    static let nbdinfo = find("nbdinfo")
    static let nbdcopy = find("nbdcopy")
    static var present: Bool { qemuImg != nil && nbdinfo != nil && nbdcopy != nil }

    /// `count` random bytes from /dev/urandom.
    static func random(_ count: Int) throws -> Data {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        defer { try? handle.close() }
        return try handle.read(upToCount: count) ?? Data()
    }

    struct Outcome {
        var status: Int32
        var output: String
        var error: String
    }

    /// Runs a tool, killed after `limit` seconds (a hang fails the test, never blocks it).
    static func run(_ tool: String, _ arguments: [String], limit: Double = 60) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        nonisolated(unsafe) var out = Data(), err = Data()
        let readers = DispatchGroup()
        DispatchQueue.global().async(group: readers) { out = output.fileHandleForReading.readDataToEndOfFile() }
        DispatchQueue.global().async(group: readers) { err = error.fileHandleForReading.readDataToEndOfFile() }
        if exited.wait(timeout: .now() + limit) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = exited.wait(timeout: .now() + 10)
        }
        _ = readers.wait(timeout: .now() + 10)
        return Outcome(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
                       error: String(decoding: err, as: UTF8.self))
    }
}

/// `miniport serve` running in the background; the URI from its ready line.
final class ServeProcess {
    let process = Process()
    let uri: String
    let directory: URL
    private let exited = DispatchSemaphore(value: 0)
    private let output = Pipe(), error = Pipe()

    struct NotReady: Error, CustomStringConvertible { var description: String }

    init(_ arguments: [String], tcp: Bool = false) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("nbd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let socket = directory.appendingPathComponent("s.sock").path
        process.executableURL = URL(fileURLWithPath: try BuildProducts.path("miniport"))
        process.arguments = ["serve", "--nbd"] + (tcp ? ["--port", "0"] : ["--socket", socket])
            + ["--sdk-root", FixtureBuilder.root.path] + arguments
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        process.terminationHandler = { [exited] _ in exited.signal() }
        try process.run()
        // The ready line, read on another thread so that a server that never prints it fails
        // the test after a bound instead of blocking it.
        let line = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var ready = ""
        let reader = output.fileHandleForReading
        DispatchQueue.global().async {
            var text = Data()
            while !text.contains(UInt8(ascii: "\n")) {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                text.append(chunk)
            }
            ready = String(decoding: text, as: UTF8.self)
            line.signal()
        }
        guard line.wait(timeout: .now() + 120) == .success, ready.hasPrefix("nbd: serving ") else {
            kill(process.processIdentifier, SIGKILL)
            throw NotReady(description: "no ready line: \(ready)")
        }
        let parts = ready.split(separator: " ")
        uri = String(parts[parts.firstIndex(of: "on")! + 1]).trimmingCharacters(in: .whitespacesAndNewlines)
        if tcp {
            #expect(uri.hasPrefix("nbd://127.0.0.1:"))
        } else {
            #expect(uri == "nbd+unix:///?socket=" + socket)
        }
    }

    /// Waits for the server to exit by itself (`--exit-after`), or kills it; the status.
    @discardableResult
    func finish(wait seconds: Double = 0) -> Int32? {
        if seconds == 0 || exited.wait(timeout: .now() + seconds) == .timedOut {
            kill(process.processIdentifier, SIGTERM)
            _ = exited.wait(timeout: .now() + 10)
            try? FileManager.default.removeItem(at: directory)
            return nil
        }
        try? FileManager.default.removeItem(at: directory)
        return process.terminationStatus
    }

    func file(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// What the server printed on standard error (once it has exited).
    func standardError() -> String {
        String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}

@Suite("NBD server: real clients (qemu-img, nbdinfo, nbdcopy) against miniport serve", .serialized)
struct NBDRealClientTests {
    @Test("The NBD client tools are installed when MINIPORT_REQUIRE_NBD_TOOLS=1 (CI cannot skip the real-client tests)")
    func toolsRequired() {
        guard ProcessInfo.processInfo.environment["MINIPORT_REQUIRE_NBD_TOOLS"] == "1" else { return }
        #expect(NBDTools.qemuImg != nil, "qemu-img is missing (Debian: qemu-utils)")
        #expect(NBDTools.nbdinfo != nil, "nbdinfo is missing (Debian: libnbd-bin)")
        #expect(NBDTools.nbdcopy != nil, "nbdcopy is missing (Debian: libnbd-bin)")
    }

    @Test("qemu-img, nbdinfo and nbdcopy move 4 MiB through the miniport and back, byte for byte",
          .enabled(if: NBDTools.present), arguments: ["phba", "virtio-blk"])
    func roundTrip(hba: String) throws {
        let size = 4 << 20
        let server = try ServeProcess(["--hba", hba, "--disk", "ram:4M"])
        defer { server.finish() }
        let qemuImg = NBDTools.qemuImg!, nbdinfo = NBDTools.nbdinfo!, nbdcopy = NBDTools.nbdcopy!
        let first = try NBDTools.random(size), second = try NBDTools.random(size)
        try first.write(to: URL(fileURLWithPath: server.file("first.raw")))
        try second.write(to: URL(fileURLWithPath: server.file("second.raw")))

        let info = try NBDTools.run(nbdinfo, [server.uri])
        #expect(info.status == 0, "\(info.error)")
        #expect(info.output.contains("export-size: \(size)"))
        #expect(info.output.contains("block_size_minimum: 512"))
        #expect(info.output.contains("can_flush: true"))
        let size2 = try NBDTools.run(nbdinfo, ["--size", server.uri])
        #expect(size2.output.trimmingCharacters(in: .whitespacesAndNewlines) == "\(size)")

        var result = try NBDTools.run(qemuImg, ["convert", "-f", "raw", "-O", "raw", server.file("first.raw"), server.uri])
        #expect(result.status == 0, "\(result.error)")
        result = try NBDTools.run(qemuImg, ["compare", "-s", "-f", "raw", "-F", "raw", server.file("first.raw"), server.uri])
        #expect(result.status == 0, "\(result.output) \(result.error)")
        result = try NBDTools.run(qemuImg, ["convert", "-f", "raw", "-O", "raw", server.uri, server.file("back1.raw")])
        #expect(result.status == 0, "\(result.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: server.file("back1.raw"))) == first)
        result = try NBDTools.run(qemuImg, ["info", "--output=json", server.uri])
        #expect(result.status == 0 && result.output.contains("\"virtual-size\": \(size)"), "\(result.output) \(result.error)")

        result = try NBDTools.run(nbdcopy, [server.file("second.raw"), server.uri])
        #expect(result.status == 0, "\(result.error)")
        result = try NBDTools.run(nbdcopy, [server.uri, server.file("back2.raw")])
        #expect(result.status == 0, "\(result.error)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: server.file("back2.raw"))) == second)
        result = try NBDTools.run(qemuImg, ["compare", "-s", "-f", "raw", "-F", "raw", server.file("second.raw"), server.uri])
        #expect(result.status == 0, "\(result.output) \(result.error)")
    }

    @Test("--port 0: a free loopback TCP port; nbdcopy writes and reads back over TCP", .enabled(if: NBDTools.present))
    func tcp() throws {
        let server = try ServeProcess(["--disk", "ram:1M", "--exit-after", "2"], tcp: true)
        let source = server.file("x.raw"), back = server.file("back.raw")
        let bytes = try NBDTools.random(1 << 20)
        try bytes.write(to: URL(fileURLWithPath: source))
        #expect(try NBDTools.run(NBDTools.nbdcopy!, [source, server.uri]).status == 0)
        #expect(try NBDTools.run(NBDTools.nbdcopy!, [server.uri, back]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: back)) == bytes)
        #expect(server.finish(wait: 60) == 0)
    }

    @Test("A rule the miniport breaks while serving is printed as it happens and makes the exit status 1",
          .enabled(if: NBDTools.present))
    func violationWhileServing() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let hostile = try FixtureBuilder.buildSharedObject(["hostile.c"], name: "hostile_data_out.so",
                                                           extraFlags: ["-DHOSTILE_DATA_OUT_WRITE"], in: dir)
        let server = try ServeProcess(["--miniport", hostile, "--disk", "ram:1M", "--exit-after", "1"])
        let source = server.file("x.raw")
        try NBDTools.random(64 << 10).write(to: URL(fileURLWithPath: source))
        let copy = try NBDTools.run(NBDTools.nbdcopy!, [source, server.uri])
        #expect(copy.status == 0, "\(copy.error)")
        #expect(server.finish(wait: 60) == 1)
        let error = server.standardError()
        #expect(error.contains("nbd: violation") && error.contains("srb.data-out-written"), "\(error)")
    }

    @Test("--read-only: nbdinfo sees a read-only export, nbdcopy cannot write it; --exit-after ends the server, status 0",
          .enabled(if: NBDTools.present))
    func readOnlyExport() throws {
        let server = try ServeProcess(["--disk", "ram:1M", "--read-only", "--exit-after", "2"])
        let info = try NBDTools.run(NBDTools.nbdinfo!, [server.uri])
        #expect(info.output.contains("is_read_only: true"), "\(info.output)")
        let source = server.file("x.raw")
        try NBDTools.random(1 << 20).write(to: URL(fileURLWithPath: source))
        let write = try NBDTools.run(NBDTools.nbdcopy!, [source, server.uri])
        #expect(write.status != 0)
        #expect(server.finish(wait: 60) == 0)
    }
}

// MARK: - pipelined requests

/// Requests a client sends without waiting for replies reach the port together.
@Suite("NBD server: pipelined requests are queued to the miniport together")
struct NBDPipelineTests {
    /// The StorPort example on the project's HBA (it takes many requests at once).
    static func storPortDevice(in dir: URL) throws -> (MiniportRunner.Session, DiskClassBlockDevice) {
        var runner = MiniportRunner(miniportPath: try StorPortTests.buildExample("Examples/StorPortPhba/storphba.c", in: dir),
                                    sdkRoot: FixtureBuilder.root.path)
        runner.disks = [.ram(bytes: 8 << 20, blockSize: 512)]
        let session = try runner.boot()
        return (session, try DiskClassBlockDevice(session: session))
    }

    @Test("DiskClass.perform queues a batch at once; oversized, misaligned and failing transfers take the single path")
    func diskClassBatch() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (session, device) = try Self.storPortDevice(in: dir)
        defer { session.unload() }
        let disk = device.disk
        let adapter = disk.adapter
        let buffers = (0..<8).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096) }
        defer { buffers.forEach { $0.deallocate() } }
        for (index, buffer) in buffers.enumerated() {
            buffer.copyBytes(from: randomBytes(4096, seed: UInt64(index + 1)))
        }
        let before = adapter.mostActiveRequests
        let writes = disk.perform(buffers.enumerated().map { .write(lba: UInt64($0.offset * 8), from: UnsafeRawBufferPointer($0.element)) })
        #expect(writes.allSatisfy { $0 == nil }, "\(writes)")
        #expect(disk.batchedRequests == 8)
        #expect(adapter.mostActiveRequests > max(before, 1), "at most \(adapter.mostActiveRequests) outstanding")

        // Reads back in one batch, plus one past the end (refused before the port), one that is
        // not whole blocks, and one larger than a request may carry (split on the single path).
        let large = UnsafeMutableRawBufferPointer.allocate(byteCount: (disk.maximumBlocksPerRequest + 8) * disk.blockSize,
                                                           alignment: 4096)
        defer { large.deallocate() }
        let back = (0..<8).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096) }
        defer { back.forEach { $0.deallocate() } }
        let odd = UnsafeMutableRawBufferPointer.allocate(byteCount: 100, alignment: 16)
        defer { odd.deallocate() }
        var transfers = back.enumerated().map { DiskClass.Transfer.read(lba: UInt64($0.offset * 8), into: $0.element) }
        transfers.append(.read(lba: disk.blockCount, into: back[0]))
        transfers.append(.read(lba: 0, into: odd))
        transfers.append(.read(lba: 0, into: large))
        let reads = disk.perform(transfers)
        #expect(reads[0..<8].allSatisfy { $0 == nil }, "\(reads)")
        #expect(reads[8] == .illegalRequest(asc: 0x21, ascq: 0x00))
        if case .invalidBuffer = reads[9] {} else { Issue.record("a partial block: \(String(describing: reads[9]))") }
        #expect(reads[10] == nil)
        for index in 0..<8 {
            #expect(Array(back[index]) == Array(buffers[index]), "transfer \(index)")
        }
        #expect(Array(large[0..<4096]) == Array(buffers[0]))
        #expect(session.driver.violations.isEmpty, "\(session.driver.violations)")
    }

    @Test("A client's pipelined WRITEs and READs are served together, replied to in order, and land")
    func pipelined() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (session, device) = try Self.storPortDevice(in: dir)
        defer { session.unload() }
        let pair = SocketPairServer(device)
        let client = pair.client
        _ = try client.greet()
        _ = try client.go()
        let blocks = (0..<16).map { randomBytes(4096, seed: UInt64(100 + $0)) }
        // Sixteen WRITEs (the last with FUA) sent in one piece before any reply is read.
        client.cork()
        let writeCookies = blocks.enumerated().map { index, data in
            client.sendRequest(NBD.Command.write.rawValue, flags: index == 15 ? NBD.commandFlagFUA : 0,
                               offset: UInt64(index) * 8192, length: 4096, payload: data)
        }
        client.uncork()
        for cookie in writeCookies { #expect(try client.reply(cookie: cookie).error == 0) }
        // Sixteen READs, then an unaligned one (served after them, on its own).
        client.cork()
        let readCookies = (0..<16).map { client.sendRequest(NBD.Command.read.rawValue, offset: UInt64($0) * 8192, length: 4096) }
        let oddCookie = client.sendRequest(NBD.Command.read.rawValue, offset: 8192 + 10, length: 20)
        client.uncork()
        for (index, cookie) in readCookies.enumerated() {
            #expect(try client.reply(cookie: cookie, dataLength: 4096).data == blocks[index], "read \(index)")
        }
        #expect(try client.reply(cookie: oddCookie, dataLength: 20).data == Array(blocks[1][10..<30]))
        _ = client.sendRequest(NBD.Command.disc.rawValue, offset: 0, length: 0)
        #expect(pair.finished())
        // Several requests were handed to the port together, and it had them outstanding at once.
        #expect(device.disk.batchedRequests > 0)
        #expect(device.disk.adapter.mostActiveRequests > 1)
        #expect(device.violations.isEmpty, "\(device.violations)")
    }

    @Test("The default perform runs operations one by one and stops at a fatal error")
    func defaultPerform() throws {
        let memory = MemoryBlockDevice(size: 1 << 20)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1024, alignment: 16)
        defer { buffer.deallocate() }
        buffer.copyBytes(from: randomBytes(1024, seed: 3))
        let errors = memory.perform([NBDBlockOperation(offset: 512, buffer: buffer, isWrite: true)])
        #expect(errors.count == 1 && errors[0] == nil)
        #expect(Array(memory.bytes[512..<1536]) == Array(buffer))
        let failing = FailingDevice().perform([NBDBlockOperation(offset: 0, buffer: buffer, isWrite: false),
                                               NBDBlockOperation(offset: 1024, buffer: buffer, isWrite: true)])
        #expect(failing.count == 2 && failing.allSatisfy { $0?.fatal == true })
    }
}
