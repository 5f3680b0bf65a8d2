import CMallocCounter
import Foundation
import Testing
@testable import MiniportKit

/// The normal I/O path allocates nothing per request once warm: disk class, port, the example
/// C miniport, the emulated HBA, DMA, interrupt and completion (counted, not estimated).
///
/// A property of optimized code: an unoptimized build boxes values in unspecialized generic
/// code. CI runs it with `swift test -c release --filter HotPath` (.ci/run).
@Suite("Hot path")
struct HotPathTests {
    static var optimized: Bool {
        #if DEBUG
        false
        #else
        true
        #endif
    }

    @Test("A 4 KiB read or write through the whole normal path allocates nothing in steady state",
          .enabled(if: MallocCounterIsAvailable() != 0, "allocations are not counted under a sanitizer"),
          .enabled(if: optimized, "a debug build allocates in unspecialized generic code"))
    func readsAllocateNothing() throws {
        let session = try MiniportRunner(sdkRoot: FixtureBuilder.root.path).boot()
        let (adapter, device) = try #require(session.bootDevice)
        try Self.expectNoAllocations(try DiskClass(adapter: adapter, device: device))
    }

    @Test("The same with extended SRBs (the StorPort example's extended build): building and checking them allocates nothing",
          .enabled(if: MallocCounterIsAvailable() != 0, "allocations are not counted under a sanitizer"),
          .enabled(if: optimized, "a debug build allocates in unspecialized generic code"))
    func extendedReadsAllocateNothing() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try StorPortTests.buildExample("Examples/StorPortPhba/storphba.c", in: dir, extendedSRB: true)
        let session = try MiniportRunner(miniportPath: path, sdkRoot: FixtureBuilder.root.path).boot()
        let (adapter, device) = try #require(session.bootDevice)
        #expect(adapter.usesExtendedSRBs)
        try Self.expectNoAllocations(try DiskClass(adapter: adapter, device: device))
    }

    @Test("The same on virtio-blk (the StorPort virtio-blk example, MSI-X): the transport, the split ring and the message path allocate nothing",
          .enabled(if: MallocCounterIsAvailable() != 0, "allocations are not counted under a sanitizer"),
          .enabled(if: optimized, "a debug build allocates in unspecialized generic code"))
    func virtioReadsAllocateNothing() throws {
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.adapter = .virtioBlkModern
        let session = try runner.boot()
        let (adapter, device) = try #require(session.bootDevice)
        try Self.expectNoAllocations(try DiskClass(adapter: adapter, device: device))
        #expect(adapter.messagesServiced > 0)
    }

    @Test("A 4 KiB read or write counts no reference (swift_retain / swift_release) on any controller: port, miniport, device model, DMA, interrupt or message",
          .enabled(if: RefCountCounterIsAvailable() != 0, "reference counting is not hooked under a sanitizer"),
          .enabled(if: optimized, "a debug build counts references the optimizer removes"),
          arguments: AdapterKind.allCases)
    func requestsCountNoReferences(adapter kind: AdapterKind) throws {
        var runner = MiniportRunner(sdkRoot: FixtureBuilder.root.path)
        runner.adapter = kind
        let session = try runner.boot()
        let (adapter, device) = try #require(session.bootDevice)
        let counted = try Self.countRequests(try DiskClass(adapter: adapter, device: device),
                                             start: RefCountCounterStart, stop: RefCountCounterStop)
        #expect(counted == 0, "\(counted) retains and releases in 200 requests on \(kind.rawValue)")
    }

    /// 200 warm 4 KiB requests through `disk`, counting allocations.
    static func expectNoAllocations(_ disk: DiskClass) throws {
        let allocations = try countRequests(disk, start: MallocCounterStart, stop: MallocCounterStop)
        #expect(allocations == 0, "\(allocations) allocations in 200 requests")
    }

    /// What a counter (`start`, `stop`) counts over 200 warm 4 KiB requests through `disk`
    /// (100 reads, 100 writes); every read must return what was written.
    static func countRequests(_ disk: DiskClass, start: () -> Void, stop: () -> UInt64) throws -> UInt64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0x3C)
        // Warm up: the disk's chunks, the slot, lazily created runtime state.
        for lba in stride(from: UInt64(0), to: 64, by: 8) {
            try disk.write(lba: lba, from: UnsafeRawBufferPointer(buffer))
            try disk.read(lba: lba, into: buffer)
        }
        start()
        for round in 0..<100 {
            try disk.read(lba: UInt64(round % 8) * 8, into: buffer)
            try disk.write(lba: UInt64(round % 8) * 8, from: UnsafeRawBufferPointer(buffer))
        }
        let counted = stop()
        #expect(buffer.allSatisfy { $0 == 0x3C })
        return counted
    }
}
