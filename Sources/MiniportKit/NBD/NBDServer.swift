import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An NBD server for one export: listens on a Unix socket or a TCP port on the loopback
/// interface and serves each client on a thread of its own (docs/nbd.md).
///
/// Requests from all connections reach the ``NBDBlockDevice`` one at a time, under the
/// server's device lock: the disk class, the port and the miniport drive one machine, which is
/// driven from one context at a time. Socket I/O (payloads in, replies out) happens outside
/// the lock, so a slow client does not hold up the others.
///
/// ```swift
/// let server = NBDServer(device: DiskClassBlockDevice(disk: disk))
/// let address = try server.listen(on: .unix("/tmp/disk.sock"))
/// print(server.uri(for: address))               // nbd+unix:///?socket=/tmp/disk.sock
/// let ending = server.serve()                   // until stop(), exitAfterConnections, or a fatal device error
/// ```
public final class NBDServer: @unchecked Sendable {
    /// What the server offers and how long it waits.
    public struct Configuration: Sendable {
        /// The name NBD_OPT_LIST reports; the empty name (the default export) is accepted too.
        public var exportName = "miniport"
        /// The description NBD_OPT_LIST and NBD_INFO_DESCRIPTION report, if any.
        public var exportDescription: String?
        /// The largest READ or WRITE accepted (NBD_INFO_BLOCK_SIZE's maximum).
        public var maximumRequestLength = 32 << 20
        /// Seconds a client may take over each step of the handshake before it is dropped.
        public var handshakeTimeout: Double = 30
        /// `serve()` returns once this many connections have ended (nil: never).
        public var exitAfterConnections: Int?
        /// Connections served at once (each has a thread); one more is accepted and closed at once.
        public var maximumConnections = 64

        /// The defaults: export `miniport`, 32 MiB requests, 30 s handshake steps, 64 connections.
        public init() {}
    }

    /// Where the server listens.
    public enum Address: Sendable, Equatable, CustomStringConvertible {
        /// A Unix socket at this path (created; removed when the server ends).
        case unix(String)
        /// 127.0.0.1; port 0 picks a free port (``listen(on:)`` returns the one it got).
        case tcp(port: UInt16)

        /// The path, or `127.0.0.1:PORT`.
        public var description: String {
            switch self {
            case .unix(let path): return path
            case .tcp(let port): return "127.0.0.1:\(port)"
            }
        }
    }

    /// How ``serve()`` ended.
    public enum Ending: Sendable, Equatable {
        /// ``stop()`` was called.
        case stopped
        /// ``Configuration/exitAfterConnections`` connections ended.
        case connectionsEnded(Int)
        /// The device failed fatally: every connection was told NBD_EIO and closed.
        case deviceFailed(String)
    }

    /// A socket that cannot be made, bound or listened on.
    public struct ServerError: Error, CustomStringConvertible {
        /// What failed, with the system's reason.
        public var description: String
    }

    /// What the server exports.
    public let device: any NBDBlockDevice
    /// The server's settings.
    public let configuration: Configuration
    /// Called with a line for each notable event: connections, protocol errors, device errors.
    public var log: (@Sendable (String) -> Void)?

    private let deviceLock = NSLock()
    private let state = NSCondition()
    private var listener: Int32 = -1
    private var socketPath: String?
    private var active: Set<Int32> = []
    private var ended = 0
    private var accepted = 0
    private var stopping = false
    private var failure: String?
    private var requests = 0
    /// A fatal device error, under the device lock (before ``fail(_:)`` records it).
    private var fatalSeen: String?

    /// A server for `device`; it listens once ``listen(on:)`` or ``use(_:)`` is called.
    public init(device: any NBDBlockDevice, configuration: Configuration = .init()) {
        self.device = device
        self.configuration = configuration
    }

    deinit {
        if listener >= 0 { close(listener) }
        if let socketPath { unlink(socketPath) }
    }

    /// The transmission flags every client is given.
    var transmissionFlags: UInt16 {
        var flags = NBD.flagHasFlags | NBD.flagSendFlush | NBD.flagSendFUA | NBD.flagSendTrim | NBD.flagSendWriteZeroes
        if device.isReadOnly { flags |= NBD.flagReadOnly }
        return flags
    }

    var minimumBlockSize: Int { device.blockSize }
    var preferredBlockSize: Int { max(device.blockSize, 4096) }

    /// The export a client names: ours, or the default (empty) name.
    func exportMatches(_ name: ArraySlice<UInt8>) -> Bool {
        name.isEmpty || Array(name) == Array(configuration.exportName.utf8)
    }

    var isStopping: Bool {
        state.lock()
        defer { state.unlock() }
        return stopping
    }

    /// Requests received so far, on every connection.
    public var requestCount: Int {
        state.lock()
        defer { state.unlock() }
        return requests
    }

    func countRequest() {
        state.lock()
        requests += 1
        state.unlock()
    }

    /// The URI clients connect to (`nbd+unix:///?socket=PATH` or `nbd://127.0.0.1:PORT`).
    public func uri(for address: Address) -> String {
        switch address {
        case .unix(let path): return "nbd+unix:///?socket=" + path
        case .tcp(let port): return "nbd://127.0.0.1:\(port)"
        }
    }

    // MARK: device

    /// Runs `body` with the device under the device lock. After a fatal error the connection
    /// replies, then calls ``fail(_:)``; until then (and after) the device is not called again.
    func withDevice(_ body: (any NBDBlockDevice) throws(NBDDeviceError) -> Void) -> Result<Void, NBDDeviceError> {
        deviceLock.lock()
        let result: Result<Void, NBDDeviceError>
        if let failure = currentFailure ?? fatalSeen {
            result = .failure(NBDDeviceError(.io, failure, fatal: true))   // the export has ended
        } else {
            do throws(NBDDeviceError) {
                try body(device)
                result = .success(())
            } catch {
                if error.fatal { fatalSeen = error.message }
                result = .failure(error)
            }
        }
        deviceLock.unlock()
        if case .failure(let error) = result { log?("nbd: device error: \(error)") }
        return result
    }

    private var currentFailure: String? {
        state.lock()
        defer { state.unlock() }
        return failure
    }

    /// Ends the export after a fatal device error: no new connections, every open one closed.
    func fail(_ reason: String) {
        state.lock()
        if failure == nil { failure = reason }
        stopping = true
        for descriptor in active { shutdown(descriptor, Int32(SHUT_RDWR)) }
        state.broadcast()
        state.unlock()
    }

    // MARK: listening

    /// A listening socket made by ``bind(_:)``, before a server exists (the CLI binds before
    /// its child enters the sandbox, which forbids creating network sockets).
    public struct Listener: Sendable {
        /// The listening socket's file descriptor (the server closes it when it ends).
        public var descriptor: Int32
        /// The address, with the port a `.tcp(port: 0)` was given.
        public var address: Address
    }

    /// Creates the listening socket and starts serving on it with ``serve()``; returns the
    /// address (with the port a `.tcp(port: 0)` was given).
    @discardableResult
    public func listen(on address: Address) throws(ServerError) -> Address {
        let bound = try Self.bind(address)
        use(bound)
        return bound.address
    }

    /// Serves on `listener` (made by ``bind(_:)``); the server closes it (and removes a Unix
    /// socket's file) when ``serve()`` ends.
    public func use(_ listener: Listener) {
        self.listener = listener.descriptor
        if case .unix(let path) = listener.address { socketPath = path }
    }

    /// Creates a listening socket (a stale socket file at a Unix path is replaced; any other
    /// file there is refused).
    public static func bind(_ address: Address) throws(ServerError) -> Listener {
        switch address {
        case .unix(let path):
            var socketAddress = sockaddr_un()
            socketAddress.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            let capacity = MemoryLayout.size(ofValue: socketAddress.sun_path)
            guard !bytes.isEmpty, bytes.count < capacity, !bytes.contains(0) else {
                throw ServerError(description: "--socket \(path): a socket path must be 1 to \(capacity - 1) bytes")
            }
            var info = stat()
            if lstat(path, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFSOCK else {
                    throw ServerError(description: "--socket \(path): exists and is not a socket")
                }
                unlink(path)
            }
            withUnsafeMutableBytes(of: &socketAddress.sun_path) { raw in
                raw.copyBytes(from: bytes)
            }
            let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { throw ServerError(description: "socket: \(String(cString: strerror(errno)))") }
            let bound = withUnsafePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard bound == 0, Glibc.listen(descriptor, 64) == 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw ServerError(description: "--socket \(path): \(reason)")
            }
            return Listener(descriptor: descriptor, address: address)
        case .tcp(let port):
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard descriptor >= 0 else { throw ServerError(description: "socket: \(String(cString: strerror(errno)))") }
            var one: Int32 = 1
            setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = port.bigEndian
            socketAddress.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &socketAddress) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                    Glibc.bind(descriptor, pointer, length) == 0 && Glibc.listen(descriptor, 64) == 0
                        && getsockname(descriptor, pointer, &length) == 0
                }
            }
            guard bound else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw ServerError(description: "--port \(port): \(reason)")
            }
            return Listener(descriptor: descriptor, address: .tcp(port: UInt16(bigEndian: socketAddress.sin_port)))
        }
    }

    // MARK: serving

    /// Accepts clients until ``stop()``, ``Configuration/exitAfterConnections`` or a fatal
    /// device error, each on a thread of its own; returns when every connection has ended.
    public func serve() -> Ending {
        precondition(listener >= 0, "listen(on:) first")
        while !isStopping {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            guard ready > 0 else {
                if ready < 0 && errno != EINTR { break }
                continue
            }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            var one: Int32 = 1
            setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            state.lock()
            if stopping {
                state.unlock()
                close(client)
                break
            }
            guard active.count < configuration.maximumConnections else {
                state.unlock()
                close(client)
                log?("nbd: connection refused: \(configuration.maximumConnections) connections already open")
                continue
            }
            active.insert(client)
            accepted += 1
            let number = accepted
            state.unlock()
            let thread = Thread { [self] in
                self.runConnection(client, number: number)
            }
            thread.name = "nbd-connection-\(number)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        close(listener)
        listener = -1
        if let socketPath {
            unlink(socketPath)
            self.socketPath = nil
        }
        state.lock()
        while !active.isEmpty { state.wait() }
        let ending: Ending
        if let failure {
            ending = .deviceFailed(failure)
        } else if let limit = configuration.exitAfterConnections, ended >= limit {
            ending = .connectionsEnded(ended)
        } else {
            ending = .stopped
        }
        state.unlock()
        return ending
    }

    /// Serves one connection on the calling thread (a socket from `socketpair`, or one a caller
    /// accepted itself), then closes `descriptor`. Counts towards ``Configuration/exitAfterConnections``.
    public func serveConnection(descriptor: Int32) {
        state.lock()
        active.insert(descriptor)
        accepted += 1
        let number = accepted
        state.unlock()
        runConnection(descriptor, number: number)
    }

    private func runConnection(_ descriptor: Int32, number: Int) {
        log?("nbd: connection \(number) opened")
        let end = NBDConnection(descriptor: descriptor, server: self).run()
        log?("nbd: connection \(number) ended: \(end)")
        state.lock()
        active.remove(descriptor)
        close(descriptor)
        ended += 1
        if let limit = configuration.exitAfterConnections, ended >= limit { stopping = true }
        state.broadcast()
        state.unlock()
    }

    /// Stops accepting and closes every open connection; ``serve()`` then returns.
    public func stop() {
        state.lock()
        stopping = true
        for descriptor in active { shutdown(descriptor, Int32(SHUT_RDWR)) }
        state.broadcast()
        state.unlock()
    }

    /// Connections ended so far.
    public var endedConnections: Int {
        state.lock()
        defer { state.unlock() }
        return ended
    }
}
