import Foundation
import MiniportHBA
import MiniportSCSI

/// A long seeded random mix of I/O through the normal path (disk class → port → miniport →
/// emulated HBA → disk), with injected faults, that checks the data and the completions:
/// what `miniport soak` runs.
///
/// Every block written carries a header (magic, seed, LBA, generation) and a pattern derived
/// from them, so a read tells a stale block (an older generation: a lost write), a misplaced
/// one (another LBA), a torn or foreign one (bad pattern) and a never-written one (zeros)
/// apart. The soak keeps, per block, the generation of the last acknowledged write and the
/// generations of writes that failed since (a failed write may or may not have landed: either
/// is accepted, and the first read that sees one of them settles which). After the mix, every
/// block of the working set is read back once more with no fault armed.
///
/// Completions: every SRB the soak sends (the disk class's retries included) must be completed
/// by the miniport exactly once. The port counts the miniport's completions
/// (``PortAdapter/requestsCompleted``) and flags a second completion of a request
/// (`srb.double-completion`) and a request the miniport still holds when a reset hold ends
/// (`reset.outstanding-after-hold`, which the port then ends itself).
public struct Soak {
    /// The parameters of a soak (`miniport soak`'s options).
    public struct Configuration: Sendable {
        /// Operations to run: a read, a write, a flush or a burst each (1...1_000_000_000).
        public var operations: Int
        /// Seed of the random mix and of the block patterns: the same seed repeats the same run.
        public var seed: UInt64
        /// Inject medium errors, lost interrupts, command timeouts, bus resets, BUSY and delayed
        /// completions (about one operation in `faultInterval`).
        public var faults: Bool
        /// A .so or .c miniport; nil: the example for ``adapter`` (``AdapterKind/exampleMiniport``), built on the fly.
        public var miniportPath: String?
        /// The SDK root; nil to let ``SDKLocator`` find it.
        public var sdkRoot: String?
        /// An image already built from a `.c` `miniportPath` (reports still name the source).
        public var prebuiltImage: String?
        /// Self-test of the checks: the disk silently drops this many writes (GOOD without
        /// storing), spread over the run; the soak must report them as lost writes.
        public var lostWrites: Int
        /// Blocks at the start of the disk the soak reads and writes.
        public var workingSetBlocks: UInt64
        /// The storage controller the disk is behind (`--hba`).
        public var adapter: AdapterKind = .phba
        /// Called with a line of text as the soak progresses.
        public var progress: (@Sendable (String) -> Void)?

        /// A configuration; `faults` arms injected faults, `lostWrites` is the self-test of the checks.
        public init(operations: Int = 100_000, seed: UInt64 = 1, faults: Bool = false, miniportPath: String? = nil,
                    sdkRoot: String? = nil, lostWrites: Int = 0, workingSetBlocks: UInt64 = 4096) {
            self.operations = operations
            self.seed = seed
            self.faults = faults
            self.miniportPath = miniportPath
            self.sdkRoot = sdkRoot
            self.lostWrites = lostWrites
            self.workingSetBlocks = workingSetBlocks
        }

        /// The largest `operations` accepted.
        public static let maximumOperations = 1_000_000_000
    }

    /// Faults armed, by kind.
    public struct FaultCounts: Codable, Equatable, Sendable {
        /// Medium errors at chosen LBAs.
        public var mediumErrors = 0
        /// Completions posted without an interrupt.
        public var lostInterrupts = 0
        /// Commands held until a reset ends them (the port's timeout, then HwResetBus).
        public var timeouts = 0
        /// Bus resets requested.
        public var busResets = 0
        /// BUSY answers from the disk.
        public var busy = 0
        /// Completions delayed in virtual time.
        public var delays = 0
        /// Writes the disk was told to drop (`--lose-writes`).
        public var droppedWrites = 0

        /// All faults armed, of every kind.
        public var total: Int { mediumErrors + lostInterrupts + timeouts + busResets + busy + delays + droppedWrites }
    }

    /// What a soak found (the document `miniport soak --json` prints).
    public struct Report: Codable, Equatable, Sendable {
        /// The miniport's name.
        public var miniport: String
        /// The miniport's path as given.
        public var path: String
        /// The seed of the run.
        public var seed: UInt64
        /// Operations run.
        public var operations: Int
        /// Wall-clock duration of the mix and the final check, in seconds.
        public var seconds: Double
        /// Operations per second of wall-clock time.
        public var operationsPerSecond: Double
        /// Read operations.
        public var reads = 0
        /// Write operations.
        public var writes = 0
        /// SYNCHRONIZE CACHE operations.
        public var flushes = 0
        /// Deep-queue bursts, and the requests they carried (counted in reads and writes too).
        public var bursts = 0
        /// Requests the bursts carried.
        public var burstRequests = 0
        /// Bytes read and written.
        public var bytes: UInt64 = 0
        /// Blocks checked by the final read-back of the working set.
        public var finalCheckBlocks = 0
        /// Faults armed during the run, by kind.
        public var faultsInjected = FaultCounts()
        /// Why faults were not injected although asked for (a virtual adapter).
        public var faultsSkipped: String?
        /// Requests the port timed out (each followed by HwResetBus).
        public var portTimeouts = 0
        /// Operations (and burst requests) that ended with an error.
        public var errors = 0
        /// Requests the disk class sent again (unit attention, BUSY, reset, timeout).
        public var retries = 0
        /// Blocks that read back as something never written there (foreign, torn or misplaced).
        public var mismatches = 0
        /// Blocks that read back older than their last acknowledged write.
        public var lostWrites = 0
        /// SRBs sent (retries included) and completions the miniport made.
        public var requests = 0
        /// Completions the miniport made.
        public var completions = 0
        /// Requests the miniport completed a second time.
        public var doubleCompletions = 0
        /// Requests the miniport never completed.
        public var missingCompletions = 0
        /// Verifier rules the miniport broke (at most `violationLimit`; `violationCount` has all).
        public var violations: [Violation] = []
        /// All the rules broken, counted (``violations`` keeps the first ones).
        public var violationCount = 0
        /// The first problems found, in words.
        public var problems: [String] = []
        /// Whether the soak found no problem: no mismatch, no lost write, every completion once, no broken rule.
        public var passed = false
        /// What the miniport printed (set by a supervisor that captured it).
        public var miniportOutput: String?

        /// An empty report for the miniport `miniport` at `path`.
        public init(miniport: String, path: String, seed: UInt64, operations: Int) {
            self.miniport = miniport
            self.path = path
            self.seed = seed
            self.operations = operations
            seconds = 0
            operationsPerSecond = 0
        }
    }

    /// Why a soak could not start.
    public enum SoakError: Error, CustomStringConvertible {
        /// An option out of range (`operations`, `lostWrites`).
        case badConfiguration(String)
        /// The miniport found no disk to soak.
        case noDisk(String)

        /// The error in words.
        public var description: String {
            switch self {
            case .badConfiguration(let reason): return reason
            case .noDisk(let reason): return reason
            }
        }
    }

    /// The soak's parameters.
    public var configuration: Configuration
    /// Roughly one operation in this many gets a fault armed (with `faults`).
    public static let faultInterval: UInt64 = 16
    static let violationLimit = 50
    static let problemLimit = 20
    /// Blocks per single read or write, and per burst request.
    static let maximumBlocks = 8
    static let maximumBurst = 16

    /// A soak with `configuration`; ``run()`` runs it.
    public init(_ configuration: Configuration) {
        self.configuration = configuration
    }

    /// Boots the machine and the miniport, runs the mix and the final read-back, and reports.
    /// Throws only when the soak cannot start (bad configuration, no miniport, no disk).
    public func run() throws -> Report {
        let configuration = self.configuration
        guard configuration.operations > 0, configuration.operations <= Configuration.maximumOperations else {
            throw SoakError.badConfiguration("operations must be from 1 to \(Configuration.maximumOperations)")
        }
        guard configuration.lostWrites >= 0 else { throw SoakError.badConfiguration("lost writes must not be negative") }
        var runner = MiniportRunner(miniportPath: configuration.miniportPath, disks: [.ram(bytes: 64 << 20, blockSize: 512)],
                                    sdkRoot: configuration.sdkRoot)
        runner.prebuiltImage = configuration.prebuiltImage
        runner.adapter = configuration.adapter
        runner.crashDump = false
        let session = try runner.boot()
        guard let (adapter, device) = session.bootDevice else {
            throw SoakError.noDisk("the miniport found no disk (\(session.driver.adapters.count) adapter(s))")
        }
        let disk = try DiskClass(adapter: adapter, device: device)
        let emulated = adapter.isVirtual ? nil
            : MiniportRunner.emulatedDisk(path: device.pathId, target: device.targetId, lun: device.lun, in: session.disks)
        var state = State(configuration: configuration, session: session, adapter: adapter, device: device, disk: disk,
                          emulatedDisk: emulated)
        defer { state.deallocate() }
        var report = Report(miniport: session.name, path: session.source, seed: configuration.seed,
                            operations: configuration.operations)
        if configuration.faults && emulated == nil {
            report.faultsSkipped = "a virtual adapter has no emulated controller or disk to inject faults into"
        }
        if configuration.lostWrites > 0 && emulated == nil {
            report.faultsSkipped = "a virtual adapter has no emulated disk to drop writes"
        }
        let started = DispatchTime.now().uptimeNanoseconds
        state.mix(into: &report)
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        state.finalCheck(into: &report)
        report.seconds = elapsed
        report.operationsPerSecond = elapsed > 0 ? Double(configuration.operations) / elapsed : 0
        report.portTimeouts = adapter.timeouts
        report.retries = disk.retriesUsed
        let violations = session.driver.violations
        report.violationCount = violations.count
        report.violations = Array(violations.prefix(Self.violationLimit))
        report.doubleCompletions += violations.filter { $0.rule == VerifierRule.srbDoubleCompletion.rawValue }.count
        report.missingCompletions += violations.filter { $0.rule == VerifierRule.resetOutstandingAfterHold.rawValue }.count
        report.passed = report.mismatches == 0 && report.lostWrites == 0 && report.doubleCompletions == 0
            && report.missingCompletions == 0 && violations.isEmpty && (configuration.faults || report.errors == 0)
        withExtendedLifetime(session) {}
        return report
    }
}

extension Soak {
    /// The soak's running state: the model of the working set and the buffers (allocated once).
    struct State {
        let configuration: Configuration
        let session: MiniportRunner.Session
        let adapter: PortAdapter
        let device: PortAdapter.Device
        let disk: DiskClass
        let emulatedDisk: SCSIDisk?
        let blockSize: Int
        let blocks: UInt64
        var random: SplitMix64
        /// Per block: the generation of the last acknowledged write (0: never written, zeros).
        var acknowledged: [UInt32]
        /// Per block: generations of writes that failed since (each may or may not have landed).
        var uncertain: [UInt64: [UInt32]] = [:]
        var generation: UInt32 = 0
        let buffer: UnsafeMutableRawBufferPointer
        let burstBuffers: [UnsafeMutableRawBufferPointer]
        var requests: [PortAdapter.Request] = []
        /// Operations at which the disk drops the next write (`lostWrites`), ascending.
        var dropAt: [Int]

        init(configuration: Configuration, session: MiniportRunner.Session, adapter: PortAdapter,
             device: PortAdapter.Device, disk: DiskClass, emulatedDisk: SCSIDisk?) {
            self.configuration = configuration
            self.session = session
            self.adapter = adapter
            self.device = device
            self.disk = disk
            self.emulatedDisk = emulatedDisk
            blockSize = disk.blockSize
            blocks = max(UInt64(Soak.maximumBlocks * Soak.maximumBurst), min(configuration.workingSetBlocks, disk.blockCount))
            random = SplitMix64(seed: configuration.seed)
            acknowledged = [UInt32](repeating: 0, count: Int(blocks))
            buffer = .allocate(byteCount: Soak.maximumBlocks * disk.blockSize * 8, alignment: 4096)
            burstBuffers = (0..<Soak.maximumBurst).map { _ in
                .allocate(byteCount: Soak.maximumBlocks * disk.blockSize, alignment: 4096)
            }
            requests.reserveCapacity(Soak.maximumBurst)
            // Spread over the run, so later reads (and the final read-back) can catch each one.
            let spacing = max(configuration.operations / (configuration.lostWrites + 1), 1)
            dropAt = emulatedDisk == nil || configuration.lostWrites == 0 ? [] : (1...configuration.lostWrites).map { $0 * spacing }
        }

        func deallocate() {
            buffer.deallocate()
            for buffer in burstBuffers { buffer.deallocate() }
        }

        // MARK: the mix

        mutating func mix(into report: inout Report) {
            let total = configuration.operations
            let step = max(total / 10, 1)
            var nextDrop = 0
            for operation in 0..<total {
                if nextDrop < dropAt.count, operation >= dropAt[nextDrop], let emulatedDisk {
                    emulatedDisk.faults.droppedWrites.arm(forNext: emulatedDisk.faults.droppedWrites.remaining + 1)
                    report.faultsInjected.droppedWrites += 1
                    nextDrop += 1
                }
                let kind = random.next() % 100
                let count = Int(random.next() % UInt64(Soak.maximumBlocks)) + 1
                let lba = random.next() % (blocks - UInt64(count) + 1)
                var armed = Armed()
                if configuration.faults, emulatedDisk != nil, random.next() % Soak.faultInterval == 0 {
                    armed = arm(for: kind, lba: lba, count: count, into: &report)
                }
                let before = (completions: adapter.requestsCompleted, retries: disk.retriesUsed)
                var sent = 0
                switch kind {
                case 0..<45:
                    sent = pieces(count)
                    read(lba: lba, count: count, into: &report)
                case 45..<80:
                    sent = pieces(count)
                    write(lba: lba, count: count, into: &report)
                case 80..<85:
                    sent = 1
                    report.flushes += 1
                    do { try disk.flush() } catch { note(&report, error: "flush: \(error)") }
                default:
                    sent = burst(into: &report)
                }
                disarm(armed)
                sent += disk.retriesUsed - before.retries
                let completed = adapter.requestsCompleted - before.completions
                report.requests += sent
                report.completions += completed
                if completed < sent {
                    report.missingCompletions += sent - completed
                    problem(&report, "operation \(operation): \(sent) request(s) sent, the miniport completed \(completed)")
                } else if completed > sent {
                    report.doubleCompletions += completed - sent
                    problem(&report, "operation \(operation): \(sent) request(s) sent, \(completed) completions")
                }
                if (operation + 1) % step == 0 {
                    configuration.progress?("\(operation + 1) of \(total) operations")
                }
            }
        }

        /// Requests the disk class sends for `count` blocks (it splits by the adapter's limits).
        func pieces(_ count: Int) -> Int {
            let limit = max(disk.maximumBlocksPerRequest, 1)
            return (count + limit - 1) / limit
        }

        struct Armed {
            var rules: [HBAFaults.Rule] = []
        }

        /// Arms one fault that the coming operation (of `kind`, over `lba ..< lba + count`) will meet.
        mutating func arm(for kind: UInt64, lba: UInt64, count: Int, into report: inout Report) -> Armed {
            guard let emulatedDisk else { return Armed() }
            let hba = session.controller
            var armed = Armed()
            switch random.next() % 6 {
            case 0:
                // A medium error on a block of this operation (the write or the read of it).
                let bad = lba + random.next() % UInt64(count)
                if emulatedDisk.faults.mediumErrors.count >= 8 { emulatedDisk.faults.clear() }
                emulatedDisk.faults.injectMediumError(at: bad..<(bad + 1), on: kind >= 45 && kind < 80 ? .write : .read,
                                                      firings: 1)
                report.faultsInjected.mediumErrors += 1
            case 1:
                armed.rules.append(hba.faults.inject(.lostInterrupt, count: 1))
                report.faultsInjected.lostInterrupts += 1
            case 2:
                armed.rules.append(hba.faults.inject(.timeout, count: 1))
                report.faultsInjected.timeouts += 1
            case 3:
                // A SCSI bus reset as the disk sees it: UNIT ATTENTION 29/02 on its next command.
                emulatedDisk.reset(.bus)
                report.faultsInjected.busResets += 1
            case 4:
                emulatedDisk.faults.busy.arm(forNext: Int(random.next() % 3) + 1)
                report.faultsInjected.busy += 1
            default:
                armed.rules.append(hba.faults.inject(.delay(nanoseconds: (random.next() % 2_000 + 1) * 1_000_000), count: 1))
                report.faultsInjected.delays += 1
            }
            return armed
        }

        func disarm(_ armed: Armed) {
            for rule in armed.rules { session.controller.faults.remove(rule) }
        }

        // MARK: single reads and writes

        mutating func read(lba: UInt64, count: Int, into report: inout Report) {
            let bytes = count * blockSize
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes])
            report.reads += 1
            do {
                try disk.read(lba: lba, into: piece)
            } catch {
                note(&report, error: "read of \(count) block(s) at \(lba): \(error)")
                return
            }
            report.bytes += UInt64(bytes)
            check(piece, lba: lba, count: count, into: &report)
        }

        mutating func write(lba: UInt64, count: Int, into report: inout Report) {
            let bytes = count * blockSize
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<bytes])
            generation &+= 1
            fill(piece, lba: lba, count: count, generation: generation)
            report.writes += 1
            do {
                try disk.write(lba: lba, from: UnsafeRawBufferPointer(piece))
            } catch {
                note(&report, error: "write of \(count) block(s) at \(lba): \(error)")
                landedMaybe(lba: lba, count: count, generation: generation)
                return
            }
            report.bytes += UInt64(bytes)
            acknowledge(lba: lba, count: count, generation: generation)
        }

        // MARK: bursts

        /// 2...16 reads and writes queued at once over disjoint ranges; returns the requests sent.
        mutating func burst(into report: inout Report) -> Int {
            let width = Int(random.next() % UInt64(Soak.maximumBurst - 1)) + 2
            let region = blocks / UInt64(width)
            var plan: [(lba: UInt64, count: Int, write: Bool, generation: UInt32)] = []
            plan.reserveCapacity(width)
            requests.removeAll(keepingCapacity: true)
            for index in 0..<width {
                let count = Int(random.next() % UInt64(min(Soak.maximumBlocks, Int(region)))) + 1
                let lba = UInt64(index) * region + random.next() % (region - UInt64(count) + 1)
                let write = random.next() % 2 == 0
                let piece = UnsafeMutableRawBufferPointer(rebasing: burstBuffers[index][0..<(count * blockSize)])
                var written: UInt32 = 0
                if write {
                    generation &+= 1
                    written = generation
                    fill(piece, lba: lba, count: count, generation: written)
                }
                plan.append((lba, count, write, written))
                requests.append(PortAdapter.Request(pathId: device.pathId, targetId: device.targetId, lun: device.lun,
                                                    cdb: DiskClass.readWriteCDB(lba: lba, blocks: count, write: write),
                                                    direction: write ? .dataOut : .dataIn, buffer: piece, timeout: disk.timeout))
            }
            report.bursts += 1
            report.burstRequests += width
            let results = adapter.execute(requests)
            for (index, (step, result)) in zip(plan, results).enumerated() {
                if step.write { report.writes += 1 } else { report.reads += 1 }
                guard result.succeeded else {
                    note(&report, error: "burst \(step.write ? "write" : "read") of \(step.count) block(s) at \(step.lba): "
                        + "\(DiskClass.decode(result))")
                    if step.write { landedMaybe(lba: step.lba, count: step.count, generation: step.generation) }
                    continue
                }
                report.bytes += UInt64(step.count * blockSize)
                if step.write {
                    acknowledge(lba: step.lba, count: step.count, generation: step.generation)
                } else {
                    check(UnsafeMutableRawBufferPointer(rebasing: burstBuffers[index][0..<(step.count * blockSize)]),
                          lba: step.lba, count: step.count, into: &report)
                }
            }
            return width
        }

        // MARK: the final read-back

        mutating func finalCheck(into report: inout Report) {
            session.controller.faults.removeAll()
            emulatedDisk?.faults.clear()
            let chunk = Soak.maximumBlocks * 8
            var lba: UInt64 = 0
            while lba < blocks {
                let count = Int(min(UInt64(chunk), blocks - lba))
                let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<(count * blockSize)])
                do {
                    try disk.read(lba: lba, into: piece)
                    check(piece, lba: lba, count: count, into: &report)
                    report.finalCheckBlocks += count
                } catch {
                    report.errors += 1
                    problem(&report, "final read-back of \(count) block(s) at \(lba): \(error)")
                }
                lba += UInt64(count)
            }
        }

        // MARK: the model

        mutating func acknowledge(lba: UInt64, count: Int, generation: UInt32) {
            for block in lba..<(lba + UInt64(count)) {
                acknowledged[Int(block)] = generation
                if !uncertain.isEmpty { uncertain[block] = nil }
            }
        }

        mutating func landedMaybe(lba: UInt64, count: Int, generation: UInt32) {
            for block in lba..<(lba + UInt64(count)) { uncertain[block, default: []].append(generation) }
        }

        /// Checks `count` blocks read from `lba` against the model.
        mutating func check(_ data: UnsafeMutableRawBufferPointer, lba: UInt64, count: Int, into report: inout Report) {
            for index in 0..<count {
                let block = lba + UInt64(index)
                let bytes = UnsafeRawBufferPointer(rebasing: data[(index * blockSize)..<((index + 1) * blockSize)])
                let expected = acknowledged[Int(block)]
                let found: UInt32
                switch BlockStamp.decode(bytes, seed: configuration.seed) {
                case .zeros:
                    found = 0
                case .stamped(let stampLBA, let stampGeneration):
                    guard stampLBA == block else {
                        report.mismatches += 1
                        problem(&report, "block \(block) holds block \(stampLBA)'s data (generation \(stampGeneration)): "
                            + "a misplaced write")
                        continue
                    }
                    found = stampGeneration
                case .foreign(let reason):
                    report.mismatches += 1
                    problem(&report, "block \(block): \(reason) (expected generation \(expected))")
                    continue
                }
                if found == expected { continue }
                if let maybe = uncertain[block], maybe.contains(found) {
                    // A failed write that did land: it is the block's content now.
                    acknowledged[Int(block)] = found
                    uncertain[block] = nil
                    continue
                }
                if found < expected {
                    report.lostWrites += 1
                    problem(&report, "block \(block) reads generation \(found), older than the acknowledged "
                        + "write of generation \(expected): a lost write")
                } else {
                    report.mismatches += 1
                    problem(&report, "block \(block) reads generation \(found), never acknowledged there "
                        + "(expected \(expected))")
                }
            }
        }

        func fill(_ data: UnsafeMutableRawBufferPointer, lba: UInt64, count: Int, generation: UInt32) {
            for index in 0..<count {
                BlockStamp.stamp(UnsafeMutableRawBufferPointer(rebasing: data[(index * blockSize)..<((index + 1) * blockSize)]),
                                 seed: configuration.seed, lba: lba + UInt64(index), generation: generation)
            }
        }

        /// Counts an I/O error; without faults it is also a problem (the text is built only then).
        func note(_ report: inout Report, error: @autoclosure () -> String) {
            report.errors += 1
            if !configuration.faults { problem(&report, error()) }
        }

        func problem(_ report: inout Report, _ text: @autoclosure () -> String) {
            if report.problems.count < Soak.problemLimit { report.problems.append(text()) }
        }
    }
}

/// What a soak writes into a block: magic, seed, LBA, generation, then a pattern of all four.
enum BlockStamp {
    static let magic: UInt64 = 0x4B41_4F53_5452_504D   // "MPRTSOAK" read as little-endian bytes
    static let headerWords = 4

    enum Decoded: Equatable {
        case zeros
        case stamped(lba: UInt64, generation: UInt32)
        case foreign(String)
    }

    static func stamp(_ block: UnsafeMutableRawBufferPointer, seed: UInt64, lba: UInt64, generation: UInt32) {
        let words = block.count / 8
        let base = block.baseAddress!
        base.storeBytes(of: magic.littleEndian, toByteOffset: 0, as: UInt64.self)
        base.storeBytes(of: seed.littleEndian, toByteOffset: 8, as: UInt64.self)
        base.storeBytes(of: lba.littleEndian, toByteOffset: 16, as: UInt64.self)
        base.storeBytes(of: UInt64(generation).littleEndian, toByteOffset: 24, as: UInt64.self)
        let key = key(seed: seed, lba: lba, generation: generation)
        for word in headerWords..<words {
            base.storeBytes(of: SplitMix64.mix(key &+ UInt64(word)).littleEndian, toByteOffset: word * 8, as: UInt64.self)
        }
    }

    static func decode(_ block: UnsafeRawBufferPointer, seed: UInt64) -> Decoded {
        let base = block.baseAddress!
        let words = block.count / 8
        func word(_ index: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)) }
        let first = word(0)
        if first == 0 {
            for index in 1..<words where word(index) != 0 { return .foreign("neither zeros nor soak data") }
            return .zeros
        }
        guard first == magic else { return .foreign("not soak data") }
        guard word(1) == seed else { return .foreign("soak data of seed \(word(1)), not \(seed)") }
        let lba = word(2), generation = word(3)
        guard generation <= UInt64(UInt32.max) else { return .foreign("a generation out of range") }
        let key = key(seed: seed, lba: lba, generation: UInt32(generation))
        for index in headerWords..<words where word(index) != SplitMix64.mix(key &+ UInt64(index)) {
            return .foreign("torn or corrupt soak data (word \(index) of block \(lba), generation \(generation))")
        }
        return .stamped(lba: lba, generation: UInt32(generation))
    }

    static func key(seed: UInt64, lba: UInt64, generation: UInt32) -> UInt64 {
        SplitMix64.mix(seed ^ SplitMix64.mix(lba &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(generation) << 1))
    }
}

/// SplitMix64 (Steele, Lea and Flood): a small seeded generator; the same seed gives the same soak.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
