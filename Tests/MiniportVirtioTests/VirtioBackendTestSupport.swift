import MiniportPlatform
import MiniportVirtio

/// Guest memory for backend tests: one host buffer standing for physical addresses from
/// `physicalBase`, handed out by a bump allocator.
final class TestGuestArena {
    static let physicalBase: UInt64 = 0x10_0000
    let size: Int
    let host: UnsafeMutableRawPointer
    private var next = 0

    init(size: Int = 4 << 20) {
        self.size = size
        host = .allocate(byteCount: size, alignment: 4096)
        host.initializeMemory(as: UInt8.self, repeating: 0xCC, count: size)
    }

    deinit { host.deallocate() }

    /// A fresh region of `length` bytes (at least 1), 16-byte aligned.
    func allocate(_ length: Int) -> (host: UnsafeMutableRawPointer, physical: UInt64) {
        let at = next
        next = (next + max(length, 1) + 15) & ~15
        precondition(next <= size, "test arena exhausted")
        return (host + at, Self.physicalBase + UInt64(at))
    }

    /// Host memory for a physical range, or nil outside the arena.
    func resolve(_ physical: UInt64, _ length: Int) -> UnsafeMutableRawPointer? {
        guard physical >= Self.physicalBase else { return nil }
        let offset = Int(physical - Self.physicalBase)
        guard offset + length <= size else { return nil }
        return host + offset
    }
}

/// A transport stand-in that records what a backend asks of it.
final class RecordingTransport: VirtioTransport {
    struct Completion: Equatable {
        var queue: Int
        var id: UInt16
        var written: UInt32
    }

    let arena: TestGuestArena
    let clock = VirtualClock()
    let faults = TransportFaults()
    var completions: [Completion] = []
    var resetRequests: [String] = []
    var configChanges = 0

    init(arena: TestGuestArena) { self.arena = arena }

    func complete(queue: Int, id: UInt16, written: UInt32) -> Bool {
        completions.append(Completion(queue: queue, id: id, written: written))
        return true
    }

    func writeGuest(physical: UInt64, bytes: UnsafeRawBufferPointer) -> Bool {
        guard let host = arena.resolve(physical, bytes.count), let base = bytes.baseAddress else { return false }
        host.copyMemory(from: base, byteCount: bytes.count)
        return true
    }

    func readGuest(physical: UInt64, into bytes: UnsafeMutableRawBufferPointer) -> Bool {
        guard let host = arena.resolve(physical, bytes.count), let base = bytes.baseAddress else { return false }
        base.copyMemory(from: host, byteCount: bytes.count)
        return true
    }

    func configChanged() { configChanges += 1 }

    func needsReset(_ detail: String) { resetRequests.append(detail) }
}

/// Builds chains in the arena and hands them to a backend, as the transport would.
final class ChainDriver {
    let arena = TestGuestArena()
    lazy var transport = RecordingTransport(arena: arena)
    let backend: any VirtioBackend
    private var nextID: UInt16 = 0

    init(_ backend: any VirtioBackend) {
        self.backend = backend
        backend.attach(transport)
    }

    /// The result of one chain: what the backend answered and where its writable bytes live.
    struct Outcome {
        var disposition: VirtioDisposition
        var id: UInt16
        var writable: [(host: UnsafeMutableRawPointer, physical: UInt64, length: Int)]

        /// The device-writable bytes, concatenated.
        var bytes: [UInt8] {
            var all: [UInt8] = []
            for piece in writable {
                all.append(contentsOf: UnsafeRawBufferPointer(start: piece.host, count: piece.length))
            }
            return all
        }
    }

    /// Processes a chain of `readable` segments (given as bytes) and `writable` segments (given
    /// as lengths, filled with 0xCC first) on `queue`.
    @discardableResult
    func run(queue: Int, readable: [[UInt8]], writable: [Int]) -> Outcome {
        let count = readable.count + writable.count
        let storage = UnsafeMutablePointer<VirtioSegment>.allocate(capacity: max(count, 1))
        defer { storage.deallocate() }
        var index = 0
        for bytes in readable {
            let region = arena.allocate(bytes.count)
            bytes.withUnsafeBytes { region.host.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
            storage[index] = VirtioSegment(host: region.host, physical: region.physical, length: bytes.count)
            index += 1
        }
        var pieces: [(host: UnsafeMutableRawPointer, physical: UInt64, length: Int)] = []
        for length in writable {
            let region = arena.allocate(length)
            region.host.initializeMemory(as: UInt8.self, repeating: 0xCC, count: length)
            storage[index] = VirtioSegment(host: region.host, physical: region.physical, length: length)
            pieces.append((region.host, region.physical, length))
            index += 1
        }
        let id = nextID
        nextID &+= 1
        var chain = VirtioChain(queue: queue, id: id, storage: storage, readableCount: readable.count,
                                writableCount: writable.count)
        let disposition = backend.process(queue: queue, chain: &chain)
        return Outcome(disposition: disposition, id: id, writable: pieces)
    }
}

/// Little-endian byte helpers for building requests.
extension Array where Element == UInt8 {
    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        Swift.withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    func le<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
        var value: T = 0
        for index in stride(from: MemoryLayout<T>.size - 1, through: 0, by: -1) {
            value = value << 8 | T(self[offset + index])
        }
        return value
    }
}
