import Foundation
import Synchronization
import MiniportPlatform
import MiniportSCSI

#if canImport(Glibc)
import Glibc
#endif

/// The workloads `miniport bench` runs, each next to a baseline measured in the same run on
/// the same machine (which is shared and noisy: only the ratios carry over).
///
/// - `qd1_4k_read`: 4 KiB reads at queue depth 1 through the whole normal path (disk class,
///   port, the example C miniport, the emulated HBA, DMA, interrupt, completion) from a RAM
///   disk; the median of per-batch means, next to `memcpy_4k`. Also as IOPS.
/// - `seq_1m_read`: 1 MiB sequential reads, GB/s next to memcpy's GB/s over the same sizes.
/// - `storport_qd32`: the StorPort example for the emulated HBA with 32 requests outstanding,
///   from 2 threads, next to the same from 1 thread.
/// - `crash_dump_256m`: a crash-dump copy writing a 256 MiB memory image to a file-backed
///   disk, next to pwrite of the same bytes to the same file; `crash_dump_256m_1thread` the
///   same with the image's checksums computed on the writing thread.
/// - `bringup`: load, DriverEntry, HwFindAdapter, HwInitialize and the bus scan, next to a bare
///   dlopen/dlclose of the same image.
/// - `allocations_per_io`: heap allocations per 4 KiB read in steady state, counted by the
///   caller's allocation counter (the CLI links one); absent without one.
/// - `refcounts_per_io` and `refcounts_per_io_sys`: swift_retain and swift_release calls per
///   4 KiB read on the submitting thread, counted by ``referenceCounter`` (the CLI installs one
///   where the runtime allows it; docs/performance.md step 24); absent without one.
/// - `qd1_4k_read_unwatched`: `qd1_4k_read` with ``PortDriver/watchesSrbExtensions`` off (the
///   verifier's copy and compare of the example's 4 KiB SRB extension per request), beside it.
/// - `qd1_4k_read_sys`: `qd1_4k_read` with the example built as a Windows `.sys` (the
///   calling-convention boundary on every call), next to the `.so`.
/// - `qd1_4k_read_traced`: `qd1_4k_read` with a ``TraceRecorder`` on, next to it off.
/// - `storport_qd32_device_thread`: `storport_qd32` from 2 threads with the HBA consuming its
///   ring on a thread of its own (`--device-threads`), beside the 1-thread inline figure.
/// - `qd1_4k_read_virtio_blk_device_thread` and `storport_qd32_virtio_blk_device_thread`: the
///   same with the device consuming its queue on a thread of its own (`--device-threads`), each
///   beside the inline device's figure.
/// - `qd1_4k_read_virtio_blk` and `storport_qd32_virtio_blk`: the StorPort virtio-blk example on
///   the modern virtio-blk device (MSI-X), next to the StorPort example for the project's HBA
///   (`qd1_4k_read_storphba`, `storport_qd32_storphba`) measured the same way in the same run;
///   `allocations_per_io_virtio_blk` counts its heap allocations per 4 KiB read.
///
/// - `nbd_copy_64m`: `nbdcopy` reading a 64 MiB export of the example miniport's disk (NBD
///   server, disk class, port, miniport, device) to a file, MB/s next to `cp` of the same bytes
///   between two files; skipped when nbdcopy is not installed.
///
/// With ``adapter`` set to another controller, `qd1` and `seq` drive that controller's example
/// miniport (``AdapterKind/exampleMiniport``) instead of the project's HBA.
public struct MiniportBench {
    /// One figure: `value` in `unit`, with the baseline it is compared with.
    public struct Result: Codable, Equatable, Sendable {
        /// The figure's name (`qd1_4k_read`, `seq_1m_read`, …).
        public var name: String
        /// The measured value.
        public var value: Double
        /// Its unit (`ns`, `MB/s`, `count`, …).
        public var unit: String
        /// The baseline in the same unit, measured in the same run.
        public var baseline: Double?
        /// What the baseline is (`memcpy_4k`, `pwrite`, …).
        public var baselineName: String?
        /// value / baseline (for rates, how close to the baseline; for times, how many times it).
        public var ratio: Double?
        /// The target for this figure, in words, and whether this run met it.
        public var target: String?
        /// Whether this run met ``target`` (nil without one).
        public var met: Bool?

        /// A figure; ``ratio`` is computed from `value` and `baseline`.
        public init(name: String, value: Double, unit: String, baseline: Double? = nil, baselineName: String? = nil,
                    target: String? = nil, met: Bool? = nil) {
            self.name = name
            self.value = value
            self.unit = unit
            self.baseline = baseline
            self.baselineName = baselineName
            ratio = baseline.flatMap { $0 != 0 ? value / $0 : nil }
            self.target = target
            self.met = met
        }
    }

    /// Counts heap allocations made on the calling thread between `start` and `stop`.
    public struct AllocationCounter {
        /// Starts counting on the calling thread.
        public var start: () -> Void
        /// Stops counting and returns the allocations made since ``start``.
        public var stop: () -> UInt64

        /// A counter from its two halves (MiniportKit does not interpose malloc itself: the program does).
        public init(start: @escaping () -> Void, stop: @escaping () -> UInt64) {
            self.start = start
            self.stop = stop
        }
    }

    /// Why the benchmark could not run.
    public enum BenchError: Error, CustomStringConvertible {
        /// A workload could not be set up: a miniport did not build or load, a file could not be made.
        case setup(String)

        /// The error in words.
        public var description: String {
            switch self {
            case .setup(let reason): return "bench setup: \(reason)"
            }
        }
    }

    /// Wall-clock seconds each timed workload runs for (at least one batch).
    public var seconds: Double
    /// The SDK root for the example miniports; nil to let ``SDKLocator`` find it.
    public var sdkRoot: String?
    /// Counts heap allocations per I/O when set; without it that figure is skipped.
    public var allocationCounter: AllocationCounter?
    /// Counts Swift reference-counting calls (retain and release) per I/O when set, with the
    /// same start/stop shape; without it `refcounts_per_io` is skipped.
    public var referenceCounter: AllocationCounter?
    /// Called with a line of text as each workload starts.
    public var progress: ((String) -> Void)?
    /// Where the traced QD1 run records (`qd1_4k_read_traced`); a private recorder if nil.
    public var trace: TraceRecorder?
    /// The controller `qd1` and `seq` run on, with its example miniport (`--hba`).
    public var adapter: AdapterKind = .phba

    /// A benchmark whose timed workloads run `seconds` each.
    public init(seconds: Double = 1, sdkRoot: String? = nil, allocationCounter: AllocationCounter? = nil) {
        self.seconds = seconds
        self.sdkRoot = sdkRoot
        self.allocationCounter = allocationCounter
    }

    /// The workloads, by the name `--only` takes.
    public enum Workload: String, CaseIterable, Sendable {
        /// qd1_4k_read and allocations_per_io.
        case qd1
        /// seq_1m_read.
        case seq
        /// storport_qd32 from one and from two threads on the StorPort example.
        case storport
        /// A 256 MiB crash dump to a file, next to pwrite.
        case crash
        /// Bring-up (load, HwFindAdapter, HwInitialize, scan), next to dlopen.
        case bringup
        /// qd1_4k_read_virtio_blk and storport_qd32_virtio_blk beside the project's HBA.
        case virtio
        /// nbd_copy_64m: nbdcopy from an NBD export (the server `miniport serve` runs, in process) beside cp of the same bytes.
        case nbd
        /// storport_qd32_2queue and storport_qd32_virtio_blk_2queue: QD32 from 2 threads beside
        /// 1 thread on a 2-processor machine, a queue per processor, the concurrent engine;
        /// each with the device on its own threads and inline, the cores each run kept busy, and
        /// the 2 threads beside the same on the deterministic engine (`_engine_gain`).
        case scaling
    }

    /// Runs `workloads` (default: all) and their baselines; the results in the order listed
    /// above, baselines included as their own entries.
    public func run(_ workloads: [Workload] = Workload.allCases) throws -> [Result] {
        var results: [Result] = []
        for workload in workloads {
            switch workload {
            case .qd1: try runQD1(into: &results)
            case .seq: try runSequential(into: &results)
            case .storport: try runStorPort(into: &results)
            case .crash: try runCrashDump(into: &results)
            case .bringup: try runBringUp(into: &results)
            case .virtio: try runVirtio(into: &results)
            case .scaling: try runScaling(into: &results)
            case .nbd: try runNBD(into: &results)
            }
        }
        return results
    }

    // MARK: timing

    /// Monotonic nanoseconds.
    static func now() -> UInt64 { TraceRecorder.monotonic() }

    /// Runs `batch` calls of `body` repeatedly for `seconds` (at least 5 batches) and returns
    /// the nanoseconds per call of each batch.
    static func batches(_ batch: Int, seconds: Double, _ body: (Int) throws -> Void) rethrows -> [Double] {
        var perCall: [Double] = []
        let budget = UInt64(seconds * 1e9), started = now()
        var index = 0
        while perCall.count < 5 || now() - started < budget {
            let begin = now()
            for _ in 0..<batch {
                try body(index)
                index &+= 1
            }
            perCall.append(Double(now() - begin) / Double(batch))
        }
        return perCall
    }

    /// One workload of ``interleaved(seconds:_:)``: `batch` calls of `body` per turn, with
    /// `enter` and `leave` around each turn, outside the timing.
    struct Turn {
        let batch: Int
        let body: (Int) throws -> Void
        let enter: () -> Void
        let leave: () -> Void

        init(_ batch: Int, _ body: @escaping (Int) throws -> Void, enter: @escaping () -> Void = {},
             leave: @escaping () -> Void = {}) {
            self.batch = batch
            self.body = body
            self.enter = enter
            self.leave = leave
        }
    }

    /// ``batches(_:seconds:_:)`` for several workloads taking turns, one batch each per round,
    /// until `seconds` have passed (and at least five rounds): ns per call of each batch, per
    /// workload. Figures compared with each other see the same moments of a noisy machine. A
    /// batch's calls get consecutive indices, each round's after the last round's.
    static func interleaved(seconds: Double, _ turns: [Turn]) throws -> [[Double]] {
        var perCall = Array(repeating: [Double](), count: turns.count)
        let budget = UInt64(seconds * 1e9), started = now()
        let stride = turns.map(\.batch).max() ?? 0
        var index = 0, rounds = 0
        while rounds < 5 || now() - started < budget {
            for (position, turn) in turns.enumerated() {
                turn.enter()
                let begin = now()
                for call in 0..<turn.batch { try turn.body(index &+ call) }
                perCall[position].append(Double(now() - begin) / Double(turn.batch))
                turn.leave()
            }
            index &+= stride
            rounds += 1
        }
        return perCall
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Bytes a benchmark loop reads back so the copies it times cannot be optimized away.
    nonisolated(unsafe) static var sink: UInt8 = 0

    /// memcpy behind a call the optimizer cannot see through: a loop of copies to one buffer
    /// would otherwise be folded into its last copy.
    @inline(never)
    static func copy(_ destination: UnsafeMutableRawPointer, _ source: UnsafeRawPointer, _ count: Int) {
        memcpy(destination, source, count)
        sink &+= destination.load(as: UInt8.self)
    }

    // MARK: qd1_4k_read, seq_1m_read, allocations_per_io

    /// The example C miniport on a fresh machine with a 64 MiB RAM disk, every block written
    /// (a block never written reads as zeros without a copy), and the bytes written.
    private final class FilledDisk {
        static let span = 64 << 20
        let session: MiniportRunner.Session
        let disk: DiskClass
        let source = UnsafeMutableRawBufferPointer.allocate(byteCount: span, alignment: 4096)
        var blocksPerMiB: UInt64 { UInt64((1 << 20) / disk.blockSize) }

        init(_ bench: MiniportBench, trace: TraceRecorder? = nil, target: MiniportBuildTarget = .linux,
             miniport: String? = nil, adapter: AdapterKind? = nil, deviceThreads: Bool = false) throws {
            var runner = MiniportRunner(miniportPath: miniport, sdkRoot: bench.sdkRoot)
            runner.adapter = adapter ?? bench.adapter
            runner.deviceThreads = deviceThreads
            runner.trace = trace
            runner.buildTarget = target
            session = try runner.boot()
            disk = try bench.bootDisk(session)
            for offset in stride(from: 0, to: Self.span, by: 4096) {
                source.storeBytes(of: UInt64(offset), toByteOffset: offset, as: UInt64.self)
            }
            let blocksPerMiB = self.blocksPerMiB
            for mib in 0..<(Self.span >> 20) {
                try disk.write(lba: UInt64(mib) * blocksPerMiB,
                               from: UnsafeRawBufferPointer(rebasing: source[(mib << 20)..<((mib + 1) << 20)]))
            }
        }

        deinit { source.deallocate() }
    }

    private func runQD1(into results: inout [Result]) throws {
        progress?("qd1_4k_read: booting the example C miniport with a 64 MiB RAM disk")
        let filled = try FilledDisk(self)
        let disk = filled.disk, source = filled.source
        let small = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { small.deallocate() }
        // QD1 reads cycle over a 256 KiB working set (in cache, as is memcpy_4k's).
        let blocks4K = UInt64(4096 / disk.blockSize)
        let positions = 64
        func read4K(_ index: Int) throws {
            try disk.read(lba: UInt64(index % positions) * blocks4K, into: small)
        }
        for index in 0..<256 { try read4K(index) }   // warm up

        // The same example built as a Windows .sys: every port call enters through the bridge's
        // ms_abi routines and every miniport routine is called with the Microsoft convention.
        progress?("qd1_4k_read_sys: booting the example built as a Windows .sys")
        let sys = try FilledDisk(self, target: .windows)
        func sysRead(_ index: Int) throws {
            try sys.disk.read(lba: UInt64(index % positions) * blocks4K, into: small)
        }
        for index in 0..<256 { try sysRead(index) }

        // The figures and their baselines take turns batch by batch, so that the shared
        // machine's slow and fast moments fall on all of them alike. `unwatched` is the .so's
        // machine with the verifier's SRB-extension watch off (srb.use-after-completion still
        // checks the SRB): what that one check costs, beside the figure with it on.
        progress?("qd1_4k_read: timing (.so, .so unwatched, .sys and memcpy_4k in turns)")
        let driver = filled.session.driver
        let timed = try Self.interleaved(seconds: 3 * seconds, [
            Turn(256, read4K),
            Turn(256, read4K, enter: { driver.watchesSrbExtensions = false }, leave: { driver.watchesSrbExtensions = true }),
            Turn(256, sysRead),
            Turn(4096) { index in Self.copy(small.baseAddress!, source.baseAddress! + (index % positions) * 4096, 4096) },
        ])
        let qd1 = Self.median(timed[0]), unwatched = Self.median(timed[1])
        let qd1Sys = Self.median(timed[2]), memcpy4K = Self.median(timed[3])
        results.append(Result(name: "memcpy_4k", value: memcpy4K, unit: "ns"))
        results.append(Result(name: "qd1_4k_read", value: qd1, unit: "ns", baseline: memcpy4K, baselineName: "memcpy_4k",
                              target: "<= 300 ns, <= 6 x memcpy_4k", met: qd1 <= 300 && qd1 <= 6 * memcpy4K))
        results.append(Result(name: "qd1_4k_read_iops", value: 1e9 / qd1, unit: "IOPS", baseline: 1e9 / memcpy4K,
                              baselineName: "memcpy_4k per second"))
        results.append(Result(name: "qd1_4k_read_unwatched", value: unwatched, unit: "ns", baseline: qd1,
                              baselineName: "qd1_4k_read (extension watched)"))
        results.append(Result(name: "qd1_4k_read_sys", value: qd1Sys, unit: "ns", baseline: qd1,
                              baselineName: "qd1_4k_read (.so)", target: "<= 1.10 x qd1_4k_read",
                              met: qd1Sys <= 1.10 * qd1))

        // The same with tracing on, on a machine of its own (a driver traces from its load on).
        progress?("qd1_4k_read: timing with tracing on")
        let traced = try FilledDisk(self, trace: trace ?? TraceRecorder())
        func tracedRead(_ index: Int) throws {
            try traced.disk.read(lba: UInt64(index % positions) * blocks4K, into: small)
        }
        for index in 0..<64 { try tracedRead(index) }
        let tracedTurns = try Self.interleaved(seconds: min(2 * seconds, 1), [Turn(64, tracedRead), Turn(64, read4K)])
        let withTrace = Self.median(tracedTurns[0]), untraced = Self.median(tracedTurns[1])
        results.append(Result(name: "qd1_4k_read_traced", value: withTrace, unit: "ns", baseline: untraced,
                              baselineName: "qd1_4k_read (tracing off)"))

        // Counted per read over 1000 warm reads, the .so and the .sys: heap allocations, and
        // swift_retain and swift_release calls on the submitting thread (the extension watch
        // on, as in qd1_4k_read). Target 0 for both.
        for (counter, name, unit) in [(allocationCounter, "allocations_per_io", "allocations"),
                                      (referenceCounter, "refcounts_per_io", "retains+releases")] {
            guard let counter else { continue }
            for (suffix, read) in [("", read4K), ("_sys", sysRead)] {
                let perRead = try Self.count(counter, reads: 1000, read)
                results.append(Result(name: name + suffix, value: perRead, unit: unit, target: "0", met: perRead == 0))
            }
        }
    }

    /// What `counter` counts per call of `read` (the calls numbered from 0), over `reads` calls.
    private static func count(_ counter: AllocationCounter, reads: Int, _ read: (Int) throws -> Void) rethrows -> Double {
        counter.start()
        for index in 0..<reads { try read(index) }
        return Double(counter.stop()) / Double(reads)
    }

    private func runSequential(into results: inout [Result]) throws {
        progress?("seq_1m_read: booting the example C miniport with a 64 MiB RAM disk")
        let filled = try FilledDisk(self)
        let disk = filled.disk, source = filled.source, blocksPerMiB = filled.blocksPerMiB
        let mebibytes = FilledDisk.span >> 20
        progress?("seq_1m_read: timing")
        let large = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 4096)
        defer { large.deallocate() }
        let timed = try Self.interleaved(seconds: 1.25 * seconds, [
            Turn(16) { index in try disk.read(lba: UInt64(index % mebibytes) * blocksPerMiB, into: large) },
            Turn(16) { index in Self.copy(large.baseAddress!, source.baseAddress! + (index % mebibytes) << 20, 1 << 20) },
        ])
        let seqNs = Self.median(timed[0]), memcpyNs = Self.median(timed[1])
        let seq = Double(1 << 20) / seqNs, copy = Double(1 << 20) / memcpyNs   // bytes per ns = GB/s
        results.append(Result(name: "memcpy_1m", value: copy, unit: "GB/s"))
        results.append(Result(name: "seq_1m_read", value: seq, unit: "GB/s", baseline: copy, baselineName: "memcpy_1m",
                              target: ">= 0.85 x memcpy", met: seq >= 0.85 * copy))
    }

    fileprivate func bootDisk(_ session: MiniportRunner.Session) throws -> DiskClass {
        guard let (adapter, device) = session.bootDevice else { throw BenchError.setup("the miniport found no disk") }
        let disk = try DiskClass(adapter: adapter, device: device)
        _ = adapter.execute(.init(cdb: [0, 0, 0, 0, 0, 0]))   // the unit attention of a fresh disk
        return disk
    }

    // MARK: storport_qd32

    private func runStorPort(into results: inout [Result]) throws {
        progress?("storport_qd32: booting the StorPort example for the emulated HBA")
        let root = try SDKLocator.root(explicit: sdkRoot)
        let qd32 = try QD32(self, miniport: SDKLocator.example("Examples/StorPortPhba/storphba.c", root: root).path, adapter: .phba)
        progress?("storport_qd32: 1 thread")
        let one = qd32.iops(threads: 1)
        progress?("storport_qd32: 2 threads")
        let two = qd32.iops(threads: 2)
        results.append(Result(name: "storport_qd32_1thread", value: one, unit: "IOPS"))
        results.append(Result(name: "storport_qd32", value: two, unit: "IOPS", baseline: one, baselineName: "storport_qd32_1thread",
                              target: ">= 1.7 x 1 thread", met: two >= 1.7 * one))
        // The same with the controller consuming its ring on a thread of its own (--device-threads).
        progress?("storport_qd32_device_thread: 2 threads, the controller on its own thread")
        let threaded = try QD32(self, miniport: SDKLocator.example("Examples/StorPortPhba/storphba.c", root: root).path,
                                adapter: .phba, deviceThreads: true).iops(threads: 2)
        results.append(Result(name: "storport_qd32_device_thread", value: threaded, unit: "IOPS", baseline: one,
                              baselineName: "storport_qd32_1thread"))
    }

    // MARK: scaling

    private func runScaling(into results: inout [Result]) throws {
        let root = try SDKLocator.root(explicit: sdkRoot)
        // Two processors and the controller's queue pairs (interface 1.1): a queue, a channel and
        // a message per processor.
        progress?("storport_qd32_2queue: 2 processors, 2 queue pairs, 1 then 2 threads")
        results += try twoQueueScaling("storport_qd32_2queue",
                                       miniport: SDKLocator.example("Examples/StorPortPhba/storphba.c", root: root).path,
                                       adapter: .phba)
        // Two processors, a request queue each (VIRTIO_BLK_F_MQ, a concurrent channel and a
        // message per queue).
        progress?("storport_qd32_virtio_blk_2queue: 2 processors, 2 queues, 1 then 2 threads")
        results += try twoQueueScaling("storport_qd32_virtio_blk_2queue",
                                       miniport: SDKLocator.example(AdapterKind.virtioBlkModern.exampleMiniport, root: root).path,
                                       adapter: .virtioBlkModern)
    }

    // MARK: virtio

    private func runVirtio(into results: inout [Result]) throws {
        let root = try SDKLocator.root(explicit: sdkRoot)
        let storphba = try SDKLocator.example("Examples/StorPortPhba/storphba.c", root: root).path
        let virtio = try SDKLocator.example(AdapterKind.virtioBlkModern.exampleMiniport, root: root).path
        progress?("qd1_4k_read_virtio_blk: booting the StorPort examples for the project's HBA and for virtio-blk")
        let baseline = try FilledDisk(self, miniport: storphba, adapter: .phba)
        let device = try FilledDisk(self, miniport: virtio, adapter: .virtioBlkModern)
        let small = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { small.deallocate() }
        func reader(_ filled: FilledDisk) throws -> (Int) throws -> Void {
            let blocks4K = UInt64(4096 / filled.disk.blockSize)
            let read4K = { (index: Int) throws in try filled.disk.read(lba: UInt64(index % 64) * blocks4K, into: small) }
            for index in 0..<256 { try read4K(index) }
            return read4K
        }
        progress?("qd1_4k_read_virtio_blk: timing (both in turns)")
        let timed = try Self.interleaved(seconds: 2 * seconds, [Turn(256, try reader(baseline)), Turn(256, try reader(device))])
        let phbaNs = Self.median(timed[0]), virtioNs = Self.median(timed[1])
        results.append(Result(name: "qd1_4k_read_storphba", value: phbaNs, unit: "ns"))
        results.append(Result(name: "qd1_4k_read_virtio_blk", value: virtioNs, unit: "ns", baseline: phbaNs,
                              baselineName: "qd1_4k_read_storphba"))
        if let counter = allocationCounter {
            let blocks4K = UInt64(4096 / device.disk.blockSize)
            let allocations = try Self.count(counter, reads: 1000) { index in
                try device.disk.read(lba: UInt64(index % 64) * blocks4K, into: small)
            }
            results.append(Result(name: "allocations_per_io_virtio_blk", value: allocations, unit: "allocations",
                                  target: "0", met: allocations == 0))
        }
        progress?("storport_qd32_virtio_blk: 32 requests outstanding, 1 thread, each adapter")
        let phbaIOPS = try QD32(self, miniport: storphba, adapter: .phba).iops(threads: 1)
        let virtioIOPS = try QD32(self, miniport: virtio, adapter: .virtioBlkModern).iops(threads: 1)
        results.append(Result(name: "storport_qd32_storphba", value: phbaIOPS, unit: "IOPS"))
        results.append(Result(name: "storport_qd32_virtio_blk", value: virtioIOPS, unit: "IOPS", baseline: phbaIOPS,
                              baselineName: "storport_qd32_storphba"))

        // The same virtio-blk device consuming its queue on a thread of its own (--device-threads).
        progress?("virtio-blk with the device on its own thread: QD1 and QD32")
        let threaded = try FilledDisk(self, miniport: virtio, adapter: .virtioBlkModern, deviceThreads: true)
        let threadedTurns = try Self.interleaved(seconds: 2 * seconds, [Turn(256, try reader(threaded)), Turn(256, try reader(device))])
        results.append(Result(name: "qd1_4k_read_virtio_blk_device_thread", value: Self.median(threadedTurns[0]), unit: "ns",
                              baseline: Self.median(threadedTurns[1]), baselineName: "qd1_4k_read_virtio_blk"))
        let threadedIOPS = try QD32(self, miniport: virtio, adapter: .virtioBlkModern, deviceThreads: true).iops(threads: 1)
        results.append(Result(name: "storport_qd32_virtio_blk_device_thread", value: threadedIOPS, unit: "IOPS",
                              baseline: virtioIOPS, baselineName: "storport_qd32_virtio_blk"))
    }

    /// `name` (2 submitting threads, one per processor) beside `name`_1thread (1 thread), on one
    /// machine with 2 processors, a queue per processor and the device on its own thread.
    private func twoQueueScaling(_ name: String, miniport: String, adapter: AdapterKind) throws -> [Result] {
        var results: [Result] = []
        // The device on threads of its own (the figure the target is for), then inline.
        for (suffix, deviceThreads) in [("", true), ("_inline", false)] {
            let machine = try QD32(self, miniport: miniport, adapter: adapter, deviceThreads: deviceThreads, processors: 2,
                                   concurrent: true)
            let (one, oneCores) = Self.withProcessTime { machine.iops(threads: 1) }
            let (two, twoCores) = Self.withProcessTime { machine.iops(threads: 2) }
            // The same two threads on the deterministic engine (one routine at a time).
            let deterministic = try QD32(self, miniport: miniport, adapter: adapter, deviceThreads: deviceThreads,
                                         processors: 2, concurrent: false)
            let serialized = deterministic.iops(threads: 2)
            results += [Result(name: name + suffix + "_1thread", value: one, unit: "IOPS"),
                        Result(name: name + suffix, value: two, unit: "IOPS", baseline: one, baselineName: name + suffix + "_1thread",
                               target: ">= 1.7 x 1 thread", met: two >= 1.7 * one),
                        // What bounds the ratio on a machine of few cores: the cores each run kept busy.
                        Result(name: name + suffix + "_cores", value: twoCores, unit: "cores", baseline: oneCores,
                               baselineName: name + suffix + "_1thread_cores"),
                        Result(name: name + suffix + "_engine_gain", value: two, unit: "IOPS", baseline: serialized,
                               baselineName: name + suffix + "_deterministic_2threads")]
        }
        return results
    }

    /// `body`'s value and the processor time the whole process used meanwhile (user and system,
    /// every thread), per second of real time: how many cores it kept busy.
    static func withProcessTime<T>(_ body: () -> T) -> (T, Double) {
        func cpuNanoseconds() -> UInt64 {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            let user = UInt64(usage.ru_utime.tv_sec) * 1_000_000_000 + UInt64(usage.ru_utime.tv_usec) * 1000
            return user + UInt64(usage.ru_stime.tv_sec) * 1_000_000_000 + UInt64(usage.ru_stime.tv_usec) * 1000
        }
        let (cpu, wall) = (cpuNanoseconds(), now())
        let value = body()
        let elapsed = max(1, now() - wall)
        return (value, Double(cpuNanoseconds() - cpu) / Double(elapsed))
    }

    /// A StorPort example on a fresh machine, driven with 32 requests outstanding per thread.
    private final class QD32 {
        let session: MiniportRunner.Session
        let adapter: PortAdapter
        let budget: Double

        init(_ bench: MiniportBench, miniport: String, adapter kind: AdapterKind, deviceThreads: Bool = false,
             processors: Int = 1, concurrent: Bool = false) throws {
            var runner = MiniportRunner(miniportPath: miniport, sdkRoot: bench.sdkRoot)
            runner.adapter = kind
            runner.deviceThreads = deviceThreads
            runner.concurrentStorPort = concurrent
            runner.processors = processors
            runner.disks = [.ram(bytes: 64 << 20, blockSize: 512)]
            session = try runner.boot()
            adapter = try bench.bootDisk(session).adapter
            budget = bench.seconds * 1e9
        }

        func iops(threads: Int) -> Double {
            let depth = 32, blocks: UInt16 = 8
            // A StorPort adapter may be driven from several threads (its engine lock).
            nonisolated(unsafe) let shared = adapter
            nonisolated(unsafe) let machine = session.machine
            let budget = self.budget
            let total = Atomic<Int>(0)
            let started = MiniportBench.now()
            DispatchQueue.concurrentPerform(iterations: threads) { thread in
                let buffers = (0..<depth).map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: Int(blocks) * 512, alignment: 4096) }
                defer { for buffer in buffers { buffer.deallocate() } }
                let requests = buffers.enumerated().map { index, buffer in
                    let read = DiskClass.readWriteCommand(lba: UInt64((thread * depth + index) * Int(blocks)),
                                                          blocks: Int(blocks), write: false)
                    return PortAdapter.Request(command: read.bytes, length: read.length, direction: .dataIn, buffer: buffer)
                }
                var done = 0
                // Thread n submits on processor n (StorPort's channel n, on a multi-queue driver its queue).
                machine.run(onProcessor: thread) {
                    while Double(MiniportBench.now() - started) < budget {
                        done += shared.execute(requests).count
                    }
                }
                total.add(done, ordering: .relaxed)
            }
            return Double(total.load(ordering: .relaxed)) / (Double(MiniportBench.now() - started) / 1e9)
        }
    }

    // MARK: crash_dump_256m

    private func runCrashDump(into results: inout [Result]) throws {
        let memoryBytes = 256 << 20, blockSize = 512
        let imageBytes = DumpImage.imageBytes(memorySize: memoryBytes, blockSize: blockSize)
        let firstLBA: UInt64 = 2048
        let fileBytes = Int(imageBytes) + Int(firstLBA) * blockSize + (1 << 20)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-bench-\(UUID().uuidString).img").path
        guard let descriptor = Optional(open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)), descriptor >= 0 else {
            throw BenchError.setup("cannot create \(path)")
        }
        defer {
            close(descriptor)
            unlink(path)
        }
        guard ftruncate(descriptor, off_t(fileBytes)) == 0 else { throw BenchError.setup("cannot size \(path)") }

        progress?("crash_dump_256m: generating 256 MiB of memory")
        let memory = SystemMemory(size: memoryBytes, seed: 0xBE7C)
        // Baseline: the same bytes with pwrite, 1 MiB at a time, at the same place in the file.
        func pwritePass() throws -> Double {
            let begin = Self.now()
            var offset = 0
            while offset < Int(imageBytes) {
                let count = min(1 << 20, Int(imageBytes) - offset)
                let source = memory.bytes.baseAddress! + min(offset, memoryBytes - count)
                guard pwrite(descriptor, source, count, off_t(Int(firstLBA) * blockSize + offset)) == count else {
                    throw BenchError.setup("pwrite to \(path) failed")
                }
                offset += count
            }
            return Double(Self.now() - begin)
        }
        // An untimed pass first: the file's blocks are allocated once, before either side is timed.
        progress?("crash_dump_256m: allocating the file")
        _ = try pwritePass()

        var runner = MiniportRunner(disks: [.image(path: path, blockSize: blockSize, readOnly: false)], sdkRoot: sdkRoot)
        runner.writesReachImages = true
        let (session, image, temporary) = try runner.boot(keepingImage: true)
        defer { if temporary { try? FileManager.default.removeItem(atPath: image) } }
        guard let (_, device) = session.bootDevice else { throw BenchError.setup("the miniport found no disk") }
        session.driver.freeze()   // the crash
        let dump = try DumpPort(miniportPath: image, imageName: session.imageName(of: image), machine: session.machine,
                                mode: .crashDump, pathId: device.pathId, targetId: device.targetId, lun: device.lun,
                                sdkRoot: runner.sdkRootURL)
        let blocks = (imageBytes + UInt64(blockSize) - 1) / UInt64(blockSize)
        // pwrite and the dump take turns, three passes each (the page cache and writeback of a
        // shared machine move both the same way); medians. The dump runs twice per pass: as it
        // does by default (checksums on a second thread when there is a second CPU) and with
        // everything on one thread (checksum each piece, then write it).
        let parallel = CRC32C.usableCPUs > 1
        progress?("crash_dump_256m: CRC-32C by the \(CRC32C.Engine.fastest); "
                  + (parallel ? "checksums on a second thread" : "one CPU: checksums on the writing thread"))
        var baselineNs: [Double] = [], dumpNs: [Double] = [], oneThreadNs: [Double] = []
        func dumpPass(parallelChecksums: Bool) throws -> Double {
            let begin = Self.now()
            try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: .crash,
                                runs: [DumpImage.Run(lba: firstLBA, blocks: blocks)], to: dump.disk,
                                parallelChecksums: parallelChecksums)
            return Double(Self.now() - begin)
        }
        for pass in 1...3 {
            progress?("crash_dump_256m: pass \(pass) of 3: pwrite, then the dump copy writes 256 MiB (twice)")
            baselineNs.append(try pwritePass())
            dumpNs.append(try dumpPass(parallelChecksums: true))
            oneThreadNs.append(try dumpPass(parallelChecksums: false))
        }
        let rate = Double(imageBytes) / Self.median(dumpNs), raw = Double(imageBytes) / Self.median(baselineNs)
        let oneThread = Double(imageBytes) / Self.median(oneThreadNs)
        results.append(Result(name: "pwrite_256m", value: raw, unit: "GB/s"))
        results.append(Result(name: "crash_dump_256m", value: rate, unit: "GB/s", baseline: raw, baselineName: "pwrite_256m",
                              target: ">= 0.8 x pwrite", met: rate >= 0.8 * raw))
        results.append(Result(name: "crash_dump_256m_1thread", value: oneThread, unit: "GB/s", baseline: raw,
                              baselineName: "pwrite_256m"))
        withExtendedLifetime((session, dump)) {}
    }

    // MARK: bringup

    private func runBringUp(into results: inout [Result]) throws {
        let root = try SDKLocator.root(explicit: sdkRoot)
        let image = try MiniportBuilder.soPath(for: SDKLocator.example("Examples/PhbaMiniport/phba.c", root: root).path, sdkRoot: root)
        defer { try? FileManager.default.removeItem(atPath: image) }
        let runner = MiniportRunner(sdkRoot: sdkRoot)
        progress?("bringup: timing")
        var loads: [Double] = []
        let started = Self.now()
        while loads.count < 10 || (Double(Self.now() - started) < seconds * 1e9 && loads.count < 1000) {
            let disk = SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: (64 << 20) / 512))
            let (machine, _) = try runner.makeMachine(disks: [disk])
            let begin = Self.now()
            let driver = try PortDriver.load(path: image, machine: machine)
            loads.append(Double(Self.now() - begin))
            guard !driver.adapters.isEmpty else { throw BenchError.setup("bring-up found no adapter") }
        }
        let opens = Self.batches(1, seconds: seconds / 4) { _ in
            if let handle = dlopen(image, RTLD_NOW | RTLD_LOCAL) { dlclose(handle) }
        }
        let bringUp = Self.median(loads) / 1e6, dlopenMs = Self.median(opens) / 1e6
        results.append(Result(name: "dlopen", value: dlopenMs, unit: "ms"))
        results.append(Result(name: "bringup", value: bringUp, unit: "ms", baseline: dlopenMs, baselineName: "dlopen",
                              target: "<= 2 ms", met: bringUp <= 2))
    }
}
