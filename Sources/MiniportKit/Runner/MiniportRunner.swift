import Foundation
import MiniportSDKFiles
import MiniportHBA
import MiniportPlatform
import MiniportSCSI

/// Builds an emulated machine from command-line style specifications, loads a miniport on it
/// and runs a verified read/write pass over every disk: what `miniport run` does.
public struct MiniportRunner {
    /// A disk to put behind the HBA.
    public enum DiskSpec: Equatable, CustomStringConvertible {
        /// A sparse RAM disk of `bytes` bytes in blocks of `blockSize` bytes (`ram:SIZE[:BLOCKSIZE]`).
        case ram(bytes: UInt64, blockSize: Int)
        /// An existing raw image file (`PATH[:ro]`); `readOnly` makes the disk write-protected.
        case image(path: String, blockSize: Int, readOnly: Bool)

        /// `ram:SIZE[:BLOCKSIZE]` (SIZE with K, M, G or T suffix) or `PATH[:ro]` for an existing raw image.
        public init(parsing text: String) throws {
            if text.hasPrefix("ram:") {
                let parts = text.dropFirst(4).split(separator: ":")
                guard let first = parts.first, let bytes = Self.size(String(first)), bytes > 0 else {
                    throw RunnerError.badDiskSpec(text, "expected ram:SIZE such as ram:64M")
                }
                let blockSize = parts.count > 1 ? Int(parts[1]) ?? 0 : 512
                guard blockSize == 512 || blockSize == 4096 else {
                    throw RunnerError.badDiskSpec(text, "block size must be 512 or 4096")
                }
                guard bytes % UInt64(blockSize) == 0 else {
                    throw RunnerError.badDiskSpec(text, "size must be a multiple of the \(blockSize)-byte block")
                }
                self = .ram(bytes: bytes, blockSize: blockSize)
                return
            }
            var path = text
            var readOnly = false
            if path.hasSuffix(":ro") {
                path = String(path.dropLast(3))
                readOnly = true
            }
            guard !path.isEmpty else { throw RunnerError.badDiskSpec(text, "empty image path") }
            self = .image(path: path, blockSize: 512, readOnly: readOnly)
        }

        static func size(_ text: String) -> UInt64? {
            let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
            if let last = text.last?.uppercased().first, let unit = units[last] {
                return UInt64(text.dropLast()).flatMap { $0.multipliedReportingOverflow(by: unit).overflow ? nil : $0 * unit }
            }
            return UInt64(text)
        }

        /// The specification in `--disk` form.
        public var description: String {
            switch self {
            case .ram(let bytes, let blockSize): return "ram:\(bytes)B:\(blockSize)"
            case .image(let path, _, let readOnly): return path + (readOnly ? ":ro" : "")
            }
        }
    }

    /// Why the runner could not build the machine, build or load the miniport.
    public enum RunnerError: Error, CustomStringConvertible {
        /// A `--disk` specification that does not parse: the text and the reason.
        case badDiskSpec(String, String)
        /// A `--pci-id` that is not `VVVV:DDDD` in hexadecimal.
        case badPCIID(String)
        /// Neither the resource bundle nor a checkout of the SDK was found (pass `sdkRoot`).
        case sdkNotFound
        /// Compiling the miniport failed; the compiler's output.
        case buildFailed(String)
        /// The output name does not fit the build target (`--target windows -o x.so`).
        case badOutputName(String)
        /// The Windows target's tools (clang, lld-link) were not found.
        case toolchainNotFound(String)
        /// The miniport did not load; `violations`: the rules it broke on the way.
        case load(String, violations: [Violation] = [])
        /// A disk could not be created or opened, or the miniport file does not exist.
        case disk(String)
        /// `--hba` names no adapter kind.
        case badAdapter(String)
        /// The adapter kind exists but this build has no model for it.
        case unsupportedAdapter(String)
        /// `--pci-id` given for a controller whose IDs are fixed (virtio).
        case pciIDNotApplicable(String)

        /// The error in words, as the CLI prints it.
        public var description: String {
            switch self {
            case .badDiskSpec(let spec, let reason): return "--disk \(spec): \(reason)"
            case .badPCIID(let text): return "--pci-id \(text): expected VVVV:DDDD in hexadecimal"
            case .sdkNotFound:
                return "cannot find the SDK's headers and import stub (a checkout with CMiniportABI/, or the "
                    + "\(SDKResources.bundleName) bundle beside the executable); pass --sdk-root (sdkRoot)"
            case .buildFailed(let output): return "building the miniport failed:\n\(output)"
            case .badOutputName(let reason), .toolchainNotFound(let reason): return reason
            case .load(let reason, _), .disk(let reason): return reason
            case .badAdapter(let text):
                return "--hba \(text): expected one of \(AdapterKind.allCases.map(\.rawValue).joined(separator: ", "))"
            case .unsupportedAdapter(let kind): return "--hba \(kind): this adapter model is not available"
            case .pciIDNotApplicable(let kind):
                return "--pci-id: a \(kind) device's IDs are fixed by the virtio specification (its driver finds the device type in them)"
            }
        }
    }

    /// Results of a run (the shape `miniport run --json` prints).
    public struct Report: Codable, Equatable {
        /// The miniport that was run.
        public struct MiniportInfo: Codable, Equatable {
            /// The file name without its extension.
            public var name: String
            /// The path given (the source, for a miniport built from C).
            public var path: String
        }

        /// A device the bus scan found.
        public struct DeviceInfo: Codable, Equatable {
            /// The SCSI path (bus) ID.
            public var path: Int
            /// The SCSI target ID.
            public var target: Int
            /// The logical unit number.
            public var lun: Int
            /// The peripheral device type from INQUIRY (0: direct-access block device).
            public var type: Int
            /// The INQUIRY vendor identification.
            public var vendor: String
            /// The INQUIRY product identification.
            public var product: String
            /// The capacity in blocks, from READ CAPACITY.
            public var blocks: UInt64
            /// The block size in bytes.
            public var blockSize: Int
        }

        /// An adapter the miniport found, with its devices.
        public struct AdapterInfo: Codable, Equatable {
            /// The PCI vendor and device IDs, `VVVV:DDDD`.
            public var pci: String
            /// The PCI bus number of the adapter's function.
            public var bus: Int
            /// The PCI slot number of the adapter's function.
            public var slot: Int
            /// The devices the bus scan found on this adapter.
            public var devices: [DeviceInfo]
        }

        /// Counts of the verified read/write pass.
        public struct IOInfo: Codable, Equatable {
            /// READ requests completed.
            public var reads: Int
            /// WRITE requests completed.
            public var writes: Int
            /// Bytes transferred in both directions.
            public var bytes: UInt64
            /// Blocks that read back different from what was written.
            public var mismatches: Int
        }

        /// The crash-dump step: the dump copy writes an image of the machine's memory over a dump
        /// area on the boot disk; after a reboot the normal path reads it back and validates it.
        public struct DumpInfo: Codable, Equatable, Sendable {
            /// The dump mode: `crash` or `hiber`.
            public var mode: String
            /// The dump copy's file name (`dump_<name>.so`).
            public var image: String
            /// Disk and runs the image was written to.
            public var disk: String
            /// The block runs of the dump area the image was laid over.
            public var runs: [DumpImage.Run]
            /// Size of the emulated memory the image saves.
            public var memoryBytes: Int
            /// Bytes of the image written (header, checksum table and memory).
            public var bytes: UInt64
            /// Requests the dump copy completed, its HwInterrupt calls by polling, and the
            /// interrupts it was delivered (0 unless the port is broken).
            public var requests: Int
            /// HwInterrupt calls the dump port made by polling.
            public var polls: Int
            /// Interrupts delivered to the dump copy (0 unless the port is broken).
            public var interrupts: Int
            /// Whether the image read back matched the memory, chunk by chunk.
            public var verified: Bool
            /// How the image was read back: "reboot" (a fresh normal driver), "resume" (the
            /// hibernation copy on a fresh machine) or "dump copy" (a virtual adapter, whose
            /// RAM-backed disk survives neither, before the machine goes down).
            public var verifiedBy: String?
            /// Commands outstanding at the controller when the machine crashed (when the
            /// scenario leaves I/O in flight).
            public var inFlight: Int?
            /// Hibernation of a StorPort miniport: bytes its mark-memory copy
            /// (DUMP_MODE_MARK_MEMORY) marked with StorPortMarkDumpMemory.
            public var markedMemory: Int?
        }

        /// The miniport that was run.
        public var miniport: MiniportInfo
        /// The adapters the miniport found, with the devices of each.
        public var adapters: [AdapterInfo]
        /// The verified read/write pass.
        public var io: IOInfo
        /// Absent when the step was not run (`--no-dump`, or no disk to dump to).
        public var dump: DumpInfo?
        /// Why the crash-dump step did not run, when it was asked for and did not.
        public var dumpSkipped: String?
        /// Verifier rules the miniport broke (normal path, dump copy and the rebooted driver).
        public var violations: [Violation] = []
        /// The port's log lines (normal path, dump copy and the rebooted driver).
        public var log: [String]
        /// Failures that make the run unsuccessful.
        public var errors: [String]

        /// Whether the run succeeded: no error, no mismatch, at least one adapter and no broken rule.
        public var succeeded: Bool { errors.isEmpty && io.mismatches == 0 && !adapters.isEmpty && violations.isEmpty }
    }

    /// The miniport to load: a `.c` (built with the SDK headers first), a `.so` or a `.sys`; nil for the example miniport of ``adapter``.
    public var miniportPath: String?
    /// The disks behind the controller (`--disk`): disk n is target n, LUN 0.
    public var disks: [DiskSpec]
    /// PCI vendor and device IDs the controller presents (`--pci-id`; virtio's are fixed); nil for its defaults.
    public var pciID: (vendor: UInt16, device: UInt16)?
    /// The storage controller the machine gets (`--hba`; default the project's HBA).
    public var adapter: AdapterKind = .phba
    /// A controller model of your own (docs/device-models.md): when set, every machine the
    /// runner builds (the normal boot, and the reboot that reads a crash dump back) gets the
    /// controller this returns, with the runner's disks behind it, instead of ``adapter``.
    public var controllerFactory: ((_ machine: Machine, _ disks: [SCSIDisk]) throws -> any StorageController)?
    /// The SDK root for headers, the import stub and the examples; nil to let ``SDKLocator`` find it.
    public var sdkRoot: String?
    /// Writes to image-backed disks reach the files. Off by default: `run` writes test patterns
    /// and a crash dump, which land in an in-memory overlay so the image is left as it was
    /// (`:ro` images stay write-protected either way). `raw` turns it on.
    public var writesReachImages = false
    /// Run the crash-dump step after the read/write pass (on by default).
    public var crashDump = true
    /// Size of the emulated memory the crash dump saves.
    public var dumpMemoryBytes = 4 << 20
    /// Registry values every StorPort adapter starts with (`--param`), at each boot.
    public var parameters = AdapterParameters()
    /// Records every driver of the run (normal, dump copies, rebooted) when set (`--trace`).
    public var trace: TraceRecorder?
    /// Emits every driver's port log (normal, dump copies, rebooted) through swift-log as well
    /// (``PortLogging``); off by default.
    public var logging: PortLogging = .off
    /// Called with a line of text at each step of a run (`miniport run` prints them).
    public var progress: ((String) -> Void)?
    /// A loadable .so the caller already built from ``miniportPath`` (a .c): the runner loads it
    /// instead of building, names the source in its report, and leaves the file in place.
    public var prebuiltImage: String?
    /// What a `.c` ``miniportPath`` is built into: a `.so` (default) or a Windows `.sys`.
    public var buildTarget: MiniportBuildTarget = .linux
    /// Devices run beside the CPU (`--device-threads`, `DeviceExecution.ownThread`): the
    /// project's HBA consumes its request ring, and a virtio device its queues (while MSI-X is
    /// enabled), on a thread of its own. Off by default: the deterministic device, which the
    /// verifier's scenarios use. BusLogic stays inline.
    public var deviceThreads = false
    /// StorPort adapters run the concurrent engine (`--concurrent`,
    /// ``PortDriver/concurrentStorPort``): a miniport that asked for concurrent channels has its
    /// routines called without the adapter's engine lock, under real StorPort locks. Off by
    /// default: the deterministic engine.
    public var concurrentStorPort = false
    /// ``sdkRoot`` as a URL (nil: found from here): the SDK a `.sys` is bound through.
    var sdkRootURL: URL? { sdkRoot.map { URL(fileURLWithPath: $0) } }
    /// Virtual processors of the machine (1...64, `--processors`): what the processor queries
    /// report and what StorPort's concurrent channels and an adapter's MSI-X messages spread
    /// over. The normal pass issues its verified I/O from each processor in turn, so a
    /// multi-queue miniport's every queue carries some of it.
    public var processors = 1

    /// A runner for `miniportPath` (nil: the example miniport of ``adapter``) with `disks` behind the controller.
    public init(miniportPath: String? = nil, disks: [DiskSpec] = [.ram(bytes: 64 << 20, blockSize: 512)],
                pciID: (vendor: UInt16, device: UInt16)? = nil, sdkRoot: String? = nil) {
        self.miniportPath = miniportPath
        self.disks = disks
        self.pciID = pciID
        self.sdkRoot = sdkRoot
    }

    /// Parses `VVVV:DDDD`.
    public static func parsePCIID(_ text: String) throws -> (vendor: UInt16, device: UInt16) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 4 }), let vendor = UInt16(parts[0], radix: 16),
              let device = UInt16(parts[1], radix: 16) else { throw RunnerError.badPCIID(text) }
        return (vendor, device)
    }

    // MARK: running

    /// A booted machine: the HBA with its disks and the loaded miniport.
    public struct Session {
        /// The emulated machine: PCI bus, address spaces, interrupts, DMA map and virtual clock.
        public let machine: Machine
        /// The storage controller the disks are behind (``MiniportRunner/adapter``).
        public let controller: any StorageController
        /// The project's HBA, for a session on it (``AdapterKind/phba``, the default). A session
        /// on another adapter has none: use ``controller``.
        public var hba: EmulatedHBA {
            guard let hba = controller as? EmulatedHBA else {
                preconditionFailure("this session's adapter is \(type(of: controller)), not the project's HBA: use controller")
            }
            return hba
        }
        /// The port driver that loaded the miniport; its ``PortDriver/adapters`` hold the scanned devices.
        public let driver: PortDriver
        /// The miniport as given (the source of a miniport built from C).
        public let source: String
        /// The miniport's name: the file name without its extension.
        public let name: String
        /// The emulated disks, in `disks` order: disk n is target n, LUN 0, on bus 0.
        public let disks: [SCSIDisk]

        /// The first disk the scan found, with its adapter: the boot disk.
        var bootDevice: (adapter: PortAdapter, device: PortAdapter.Device)? {
            driver.adapters.lazy.flatMap { adapter in
                adapter.devices.lazy.filter { $0.deviceType == 0 }.map { (adapter, $0) }
            }.first
        }

        /// Unloads the driver as the I/O manager does when the device goes away
        /// (``PortDriver/unload()``): the adapters stop, timers are cancelled, and pool the
        /// miniport still holds breaks `pool.leak` (and is freed). Returns the violations the
        /// unload added. `run()` and `miniport run` / `verify` end their normal pass with it; a
        /// program driving a ``Session`` of its own calls it when it is done with the driver.
        /// Idempotent: a second call adds nothing.
        @discardableResult
        public func unload() -> [Violation] {
            let known = driver.violations.count
            driver.unload()
            return Array(driver.violations.dropFirst(known))
        }

        /// Does what a class driver does when it starts on a device the scan found: TEST UNIT
        /// READY until it no longer reports a UNIT ATTENTION (at most four times per device), so
        /// the power-on and reset attentions are consumed. Returns how many were.
        @discardableResult
        public func consumeUnitAttentions() -> Int {
            var consumed = 0
            for adapter in driver.adapters {
                for device in adapter.devices {
                    for _ in 0..<4 {
                        let result = adapter.execute(.init(pathId: device.pathId, targetId: device.targetId,
                                                           lun: device.lun, cdb: [0, 0, 0, 0, 0, 0]))
                        guard result.senseKey == 0x06 else { break }
                        consumed += 1
                    }
                }
            }
            return consumed
        }

        /// The name the dump copies are made from: the source's name with the built image's
        /// extension (`.so` or `.sys`) for a built .c, else the file's.
        func imageName(of image: String) -> String {
            let file = URL(fileURLWithPath: image)
            return source.hasSuffix(".c") ? name + "." + (file.pathExtension.isEmpty ? "so" : file.pathExtension)
                : file.lastPathComponent
        }
    }

    /// The emulated disk at an address, if it is one of `disks` (disk n is target n, LUN 0, bus 0).
    static func emulatedDisk(path: UInt8, target: UInt8, lun: UInt8, in disks: [SCSIDisk]) -> SCSIDisk? {
        path == 0 && lun == 0 && Int(target) < disks.count ? disks[Int(target)] : nil
    }

    /// A machine with the ``adapter`` (with `pciID`, if set) in slot 3 and `disks` behind it.
    func makeMachine(disks: [SCSIDisk]) throws -> (Machine, any StorageController) {
        let machine = Machine(processors: max(1, min(processors, Machine.processorLimit)),
                              memory: adapter.makePhysicalMemory())
        let controller = try controllerFactory?(machine, disks)
            ?? adapter.makeController(machine: machine, setup: .init(disks: disks, pciID: pciID, deviceThreads: deviceThreads,
                                                                              processors: machine.processors))
        try machine.plug(controller, slot: 3)
        return (machine, controller)
    }

    /// Builds the machine, loads the miniport (building a .c first) and brings the adapter up.
    public func boot() throws -> Session {
        try boot(keepingImage: false).session
    }

    /// `boot()`, optionally keeping a .so built for this run (the dump step copies it); the
    /// caller removes `image` when `temporary`.
    func boot(keepingImage: Bool) throws -> (session: Session, image: String, temporary: Bool) {
        let source = try miniportPath
            ?? SDKLocator.example(adapter.exampleMiniport, root: SDKLocator.root(explicit: sdkRoot)).path
        guard FileManager.default.fileExists(atPath: source) else {
            throw RunnerError.disk("\(source): no such file")
        }
        let image = try prebuiltImage
            ?? (source.hasSuffix(".c") ? MiniportBuilder.imagePath(for: source, sdkRoot: SDKLocator.root(explicit: sdkRoot),
                                                                    target: buildTarget) : source)
        let owned = image != source && prebuiltImage == nil
        let name = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent

        let scsiDisks = try disks.map { spec in
            let store: any BlockStore
            switch spec {
            case .ram(let bytes, let blockSize):
                store = try RAMBlockStore(blockSize: blockSize, blockCount: bytes / UInt64(blockSize))
            case .image(let path, let blockSize, let readOnly):
                let file = try FileBlockStore(path: path, blockSize: blockSize, readOnly: readOnly || !writesReachImages)
                // Unless asked, the run's writes (test patterns, the crash dump) stay in memory.
                store = readOnly || writesReachImages ? file : OverlayBlockStore(base: file)
            }
            return SCSIDisk(store: store)
        }
        let (machine, controller) = try makeMachine(disks: scsiDisks)

        progress?(image == source ? "loading \(image)" : "loading \(image) (built from \(source))")
        let driver: PortDriver
        do {
            driver = try PortDriver.load(path: image, machine: machine, parameters: parameters, trace: trace, logging: logging,
                                         sdkRoot: sdkRootURL)
            if concurrentStorPort { driver.concurrentStorPort = true }
            if owned && !keepingImage { try? FileManager.default.removeItem(atPath: image) }   // built for this run
        } catch {
            if owned { try? FileManager.default.removeItem(atPath: image) }
            // Name the file the user gave, not the temporary build product.
            throw RunnerError.load(error.description.replacingOccurrences(of: image, with: source),
                                   violations: error.violations)
        }
        return (Session(machine: machine, controller: controller, driver: driver, source: source, name: name, disks: scsiDisks),
                image, owned)
    }

    /// Boots, runs the verified pass and, with `crashDump`, the crash step and the reboot.
    /// Without `crashDump` the pass ends with the driver's unload (``Session/unload()``), as
    /// `verify`'s normal scenario does, so pool the miniport leaks is reported as `pool.leak`.
    /// With `crashDump` the normal driver ends in the crash, as on Windows (nothing unloads
    /// it); the driver the reboot loads to read the dump back is unloaded when it is done.
    public func run() throws -> Report {
        try bootAndPass(keepingImage: crashDump) { booted, image, report in
            guard crashDump else {
                report.violations += booted!.unload()
                return
            }
            let machine = booted!.machine
            guard let pending = dumpStep(.crashDump, booted: &booted, image: image, into: &report) else { return }
            // Reboot: the normal driver is gone (the same image cannot be bound twice); load it afresh.
            precondition(booted == nil)
            reboot(pending, image: image, machine: machine, into: &report)
        }
    }

    /// Boots, runs the verified pass and, when it was clean, `then` with the session (held only
    /// there, so a crash step can end it), the loadable image and the report.
    func bootAndPass(keepingImage: Bool, then: (inout Session?, String, inout Report) -> Void) throws -> Report {
        // The session lives only in `booted`: a crash step that ends it must leave no other reference.
        var booted: Session?, image: String, temporary: Bool
        (booted, image, temporary) = try boot(keepingImage: keepingImage)
        defer { if temporary { try? FileManager.default.removeItem(atPath: image) } }
        var report = normalPass(booted!)
        guard report.errors.isEmpty, report.io.mismatches == 0 else { return report }
        then(&booted, image, &report)
        return report
    }

    func normalPass(_ session: Session) -> Report {
        let driver = session.driver, source = session.source, name = session.name
        var report = Report(miniport: .init(name: name, path: source), adapters: [],
                            io: .init(reads: 0, writes: 0, bytes: 0, mismatches: 0), log: [], errors: [])
        for adapter in driver.adapters {
            var info = Report.AdapterInfo(
                pci: adapter.function.map {
                    String(format: "%04X:%04X", $0.device.identity.vendorID, $0.device.identity.deviceID)
                } ?? "virtual",
                bus: adapter.function?.bus ?? 0, slot: adapter.function?.slot ?? 0, devices: [])
            for device in adapter.devices {
                var entry = Report.DeviceInfo(path: Int(device.pathId), target: Int(device.targetId), lun: Int(device.lun),
                                              type: Int(device.deviceType), vendor: device.vendor, product: device.product,
                                              blocks: 0, blockSize: 0)
                guard device.deviceType == 0 else {
                    info.devices.append(entry)
                    continue
                }
                do {
                    let disk = try DiskClass(adapter: adapter, device: device)
                    entry.blocks = disk.blockCount
                    entry.blockSize = disk.blockSize
                    progress?("verifying disk \(device.pathId):\(device.targetId):\(device.lun) (\(disk.blockCount) blocks)")
                    try verify(disk, into: &report.io)
                } catch {
                    report.errors.append("disk \(device.pathId):\(device.targetId):\(device.lun): \(error)")
                }
                info.devices.append(entry)
            }
            report.adapters.append(info)
        }
        driver.checkExtensionGuards()
        report.log = driver.log.map(\.description)
        report.violations = driver.violations
        // A pass that checked nothing is no pass.
        if driver.adapters.isEmpty {
            report.errors.append("no adapter came up: nothing was verified")
        } else if !report.adapters.contains(where: { $0.devices.contains { $0.type == 0 } }) {
            let found = report.adapters.reduce(0) { $0 + $1.devices.count }
            report.errors.append("the bus scan found no disk (direct-access device) behind \(driver.adapters.count) "
                + "adapter\(driver.adapters.count == 1 ? "" : "s") (\(found) other device\(found == 1 ? "" : "s")): "
                + "nothing was verified")
        } else if report.errors.isEmpty && report.io.reads == 0 {
            report.errors.append("no verified read or write was done")
        }
        return report
    }

    /// What the crash (or hibernation) left for the reboot (or resume) to check.
    struct PendingDump {
        let mode: PortMode
        let runs: [DumpImage.Run]
        let memory: SystemMemory
        let sentinel: [UInt8]
        let pathId: UInt8, targetId: UInt8, lun: UInt8
        /// The emulated disks, for a resume on a fresh machine.
        let disks: [SCSIDisk]
        /// What the dump copies are named after.
        let imageName: String
        /// A StorPort miniport: its resume copy sees DUMP_MODE_RESUME.
        let storPort: Bool
        var address: String { "\(pathId):\(targetId):\(lun)" }
        var label: String { mode == .hibernation ? "hibernation image" : "crash dump" }
    }

    /// The crash (or hibernation): the normal path records a fragmented dump area on the boot
    /// disk (the first disk it found) and marks the block on either side of each run; with
    /// `inFlight` > 0 it leaves that many WRITEs outstanding at the controller; then the normal
    /// driver freezes where it is and the dump copy of the miniport (`dump_<name>.so` or
    /// `hiber_<name>.so`: polled, no interrupts, no scan) writes an image of the machine's
    /// memory over the area, watched for writes outside it. The normal session ends here.
    func dumpStep(_ mode: PortMode, booted: inout Session?, image: String, inFlight: Int = 0,
                  into report: inout Report) -> PendingDump? {
        guard let session = booted, let (adapter, device) = session.bootDevice else {
            report.dumpSkipped = "no disk"
            return nil
        }
        let machine = session.machine, source = session.source
        let address = "\(device.pathId):\(device.targetId):\(device.lun)"
        let label = mode == .hibernation ? "hibernation" : "crash dump"
        let bootDisk = adapter.isVirtual ? nil
            : Self.emulatedDisk(path: device.pathId, target: device.targetId, lun: device.lun, in: session.disks)
        let memory = SystemMemory(size: dumpMemoryBytes, seed: machine.clock.now | 1)
        let runs: [DumpImage.Run], sentinel: [UInt8]
        let blockSize: Int
        do {
            let disk = try DiskClass(adapter: adapter, device: device)
            blockSize = disk.blockSize
            guard let area = DumpImage.area(bytes: DumpImage.imageBytes(memorySize: memory.bytes.count, blockSize: blockSize),
                                            blockSize: blockSize, blockCount: disk.blockCount) else {
                report.dumpSkipped = "disk \(address) is too small for a \(dumpMemoryBytes >> 20) MiB memory image"
                return nil
            }
            runs = area
            sentinel = (0..<blockSize).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 0xA5) }
            var marks = sentinel   // the disk class takes a mutable buffer for either direction
            try marks.withUnsafeMutableBytes { bytes in
                for run in runs {
                    try disk.write(lba: run.lba - 1, from: UnsafeRawBufferPointer(bytes))
                    try disk.write(lba: run.lba + run.blocks, from: UnsafeRawBufferPointer(bytes))
                }
            }
            try disk.flush()
        } catch {
            report.errors.append("\(label) on disk \(address): recording the dump area: \(error)")
            return nil
        }

        // I/O in flight: WRITEs the controller holds (it executes them, the completion never comes).
        let pieces = Self.freeRanges(count: inFlight, blocks: 8, avoiding: runs, blockCount: session.disks.first?.blockCount ?? 0)
        let buffers = pieces.map { _ in UnsafeMutableRawBufferPointer.allocate(byteCount: 8 * blockSize, alignment: 4096) }
        defer { for buffer in buffers { buffer.deallocate() } }
        var outstanding = 0
        if !pieces.isEmpty {
            let rule = session.controller.faults.inject(.timeout, bus: device.pathId, target: device.targetId, lun: device.lun,
                                                 count: pieces.count)
            let requests = zip(pieces, buffers).map { lba, buffer in
                buffer.initializeMemory(as: UInt8.self, repeating: 0x5A)
                return PortAdapter.Request(pathId: device.pathId, targetId: device.targetId, lun: device.lun,
                                               cdb: [0x2A, 0, UInt8(truncatingIfNeeded: lba >> 24), UInt8(truncatingIfNeeded: lba >> 16),
                                                     UInt8(truncatingIfNeeded: lba >> 8), UInt8(truncatingIfNeeded: lba), 0, 0, 8, 0],
                                               direction: .dataOut, buffer: buffer, timeout: 30)
            }
            adapter.issueWithoutWaiting(requests)
            // A controller on its own thread (--device-threads) takes the requests a moment
            // later: the crash comes once it has them, and its faults change only at rest.
            session.machine.quiesceDevices()
            outstanding = session.controller.outstandingCommands
            session.controller.faults.remove(rule)
        }
        // The crash: the normal driver stops where it is; its memory stays until the dump is written.
        session.driver.freeze()
        booted = nil

        let imageName = session.imageName(of: image)
        let copy = DumpPort.copyName(of: imageName, mode: mode)
        progress?("\(label): \(copy) writes \(memory.bytes.count >> 20) MiB of memory over \(runs.count) runs of disk \(address)"
            + (outstanding > 0 ? " (\(outstanding) commands in flight)" : ""))
        var info = Report.DumpInfo(mode: mode.rawValue, image: copy, disk: address, runs: runs, memoryBytes: memory.bytes.count,
                                   bytes: 0, requests: 0, polls: 0, interrupts: 0, verified: false)
        if inFlight > 0 { info.inFlight = outstanding }
        defer { report.dump = info }
        // The dump copy, until its violations are in the report: a step that fails after it
        // loaded must still report the rules it broke.
        var unreported: PortDriver?
        let pending = PendingDump(mode: mode, runs: runs, memory: memory, sentinel: sentinel, pathId: device.pathId,
                                  targetId: device.targetId, lun: device.lun, disks: session.disks, imageName: imageName,
                                  storPort: session.driver.model == .storPort)
        do {
            if mode == .hibernation, session.driver.model == .storPort {
                // Before hibernating, a StorPort miniport's copy marks the memory it will need.
                let marking = try DumpPort.markMemory(miniportPath: image, imageName: imageName, machine: machine,
                                                      dumpData: adapter.miniportDumpData, trace: trace, logging: logging,
                                                      sdkRoot: sdkRootURL)
                info.markedMemory = marking.markedDumpMemory.reduce(0) { $0 + $1.length }
                report.log += marking.log.map { "mark-memory: \($0)" }
                report.violations += marking.violations
            }
            let dump = try DumpPort(miniportPath: image, imageName: imageName, machine: machine, mode: mode, pathId: device.pathId,
                                    targetId: device.targetId, lun: device.lun, bootDevice: device,
                                    area: bootDisk.map { DumpPort.Area(disk: $0, runs: runs) },
                                    dumpData: adapter.miniportDumpData, trace: trace, logging: logging, sdkRoot: sdkRootURL)
            unreported = dump.driver
            info.bytes = try DumpImage.write(UnsafeRawBufferPointer(memory.bytes), mode: mode == .hibernation ? .hibernation : .crash,
                                             runs: runs, to: dump.disk, createdAt: machine.clock.now)
            info.requests = dump.adapter.requestsCompleted
            info.polls = dump.adapter.polls
            info.interrupts = dump.adapter.interruptsServiced
            report.log += dump.driver.log.map { "\(mode.rawValue): \($0)" }
            report.violations += dump.driver.violations
            unreported = nil
            if info.interrupts != 0 {
                report.errors.append("\(label) on disk \(address): the dump copy was delivered \(info.interrupts) interrupt(s)")
            }
            if adapter.isVirtual {
                // A virtual adapter's disk lives in the normal miniport's memory, which neither a
                // reboot nor a resume from power-off keeps: the image is read back through the
                // dump copy itself, while the machine is still up.
                progress?("\(label): a virtual adapter; reading the image back through \(copy)")
                _ = try DumpImage.verify(runs: runs, from: dump.disk, expected: UnsafeRawBufferPointer(memory.bytes))
                info.verified = checkMarks(pending, on: dump.disk, prefix: "\(pending.label) on disk \(address): ",
                                           into: &report)
                info.verifiedBy = "dump copy"
                report.log.append("\(mode.rawValue): virtual adapter: image verified through \(copy) before the reboot "
                    + "(a RAM-backed disk does not survive it)")
                withExtendedLifetime(session) {}
                return nil
            }
        } catch {
            // Every rule broken on the way is reported, whatever failed: the dump copy's
            // (loaded, or refused with its load error) and the mark-memory copy's.
            report.violations += unreported?.violations ?? (error as? DumpPort.LoadError)?.violations ?? []
            report.errors.append("\(label) on disk \(address): "
                + String(describing: error).replacingOccurrences(of: image, with: source))
            withExtendedLifetime(session) {}
            return nil
        }
        withExtendedLifetime(session) {}   // the frozen normal driver goes only now
        return pending
    }

    /// `count` ranges of `blocks` blocks that stay clear of the runs and the marked block on
    /// either side of each.
    static func freeRanges(count: Int, blocks: UInt64, avoiding runs: [DumpImage.Run], blockCount: UInt64) -> [UInt64] {
        var found: [UInt64] = []
        var lba: UInt64 = 64
        while found.count < count, lba + blocks <= blockCount {
            if let hit = runs.first(where: { lba + blocks > $0.lba - 1 && lba < $0.lba + $0.blocks + 1 }) {
                lba = hit.lba + hit.blocks + 1
                continue
            }
            found.append(lba)
            lba += blocks * 4
        }
        return found
    }

    /// Reboot: a fresh normal driver reads the image back and validates header, runs and every
    /// chunk against the memory; the marked blocks around the runs must be unchanged.
    func reboot(_ pending: PendingDump, image: String, machine: Machine, into report: inout Report) {
        let prefix = "\(pending.label) on disk \(pending.address): "
        progress?("reboot: validating the crash dump")
        do {
            let driver = try PortDriver.load(path: image, machine: machine, parameters: parameters, trace: trace, logging: logging,
                                         sdkRoot: sdkRootURL)
            // The rebooted driver's life ends with its unload: what it leaked is pool.leak.
            defer {
                driver.unload()
                report.violations += driver.violations
            }
            guard let adapter = driver.adapters.first,
                  let device = adapter.devices.first(where: {
                      $0.pathId == pending.pathId && $0.targetId == pending.targetId && $0.lun == pending.lun }) else {
                report.errors.append(prefix + "after the reboot the disk is gone")
                return
            }
            let disk = try DiskClass(adapter: adapter, device: device)
            _ = try DumpImage.verify(runs: pending.runs, from: disk, expected: UnsafeRawBufferPointer(pending.memory.bytes))
            if checkMarks(pending, on: disk, prefix: prefix, into: &report) { report.markDumpVerified(by: "reboot") }
        } catch {
            report.violations += (error as? PortDriver.LoadError)?.violations ?? []
            report.errors.append(prefix + "after the reboot: " + String(describing: error))
        }
    }

    /// Resume: the hibernation image is read back through the hibernation copy on a fresh
    /// machine (the same disks behind a new controller) and compared with the memory.
    func resume(_ pending: PendingDump, image: String, into report: inout Report) {
        let prefix = "\(pending.label) on disk \(pending.address): "
        progress?("resume: reading the hibernation image into a fresh machine")
        do {
            let (machine, _) = try makeMachine(disks: pending.disks)
            let bootDisk = Self.emulatedDisk(path: pending.pathId, target: pending.targetId, lun: pending.lun, in: pending.disks)
            let hiber = try DumpPort(miniportPath: image, imageName: pending.imageName, machine: machine, mode: .hibernation,
                                     pathId: pending.pathId, targetId: pending.targetId, lun: pending.lun,
                                     area: bootDisk.map { DumpPort.Area(disk: $0, runs: pending.runs) },
                                     resume: pending.storPort, trace: trace, logging: logging, sdkRoot: sdkRootURL)
            defer {
                report.violations += hiber.driver.violations
                report.log += hiber.driver.log.map { "resume: \($0)" }
            }
            let header = try DumpImage.verify(runs: pending.runs, from: hiber.disk,
                                              expected: UnsafeRawBufferPointer(pending.memory.bytes))
            if header.mode != .hibernation { report.errors.append(prefix + "the image says mode \(header.mode)") }
            if checkMarks(pending, on: hiber.disk, prefix: prefix, into: &report) { report.markDumpVerified(by: "resume") }
        } catch {
            report.violations += (error as? DumpPort.LoadError)?.violations ?? []
            report.errors.append(prefix + "resume: " + String(describing: error))
        }
    }

    /// The marked blocks on either side of every run must be unchanged; then the dump counts as verified.
    /// True when nothing went wrong for this dump (no error starting with `prefix`).
    private func checkMarks(_ pending: PendingDump, on disk: DiskClass, prefix: String, into report: inout Report) -> Bool {
        var check = [UInt8](repeating: 0, count: pending.sentinel.count)
        for run in pending.runs {
            for lba in [run.lba - 1, run.lba + run.blocks] {
                do {
                    try check.withUnsafeMutableBytes { try disk.read(lba: lba, into: $0) }
                } catch {
                    report.errors.append(prefix + "reading block \(lba): \(error)")
                    continue
                }
                if check != pending.sentinel {
                    report.errors.append(prefix + "block \(lba), outside the dump area, changed")
                }
            }
        }
        return !report.errors.contains(where: { $0.hasPrefix(prefix) })
    }

    /// Writes patterns at the start, middle and end of the disk (one large transfer included),
    /// reads them back and compares.
    func verify(_ disk: DiskClass, into io: inout Report.IOInfo) throws {
        let block = disk.blockSize
        let total = disk.blockCount
        let large = min(UInt64(1 << 20) / UInt64(block), total)
        let small = min(UInt64(8), total)
        let regions: [(lba: UInt64, blocks: UInt64)] = [
            (0, small), (total / 2, min(small, total - total / 2)), (total - small, small), (0, large),
        ]
        for (index, region) in regions.enumerated() where region.blocks > 0 {
            let length = Int(region.blocks) * block
            let out = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 4096)
            let back = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 4096)
            defer {
                out.deallocate()
                back.deallocate()
            }
            for offset in 0..<length { out[offset] = UInt8(truncatingIfNeeded: offset &* 131 &+ index &* 17 &+ Int(region.lba)) }
            back.initializeMemory(as: UInt8.self, repeating: 0)
            // Each region from the next processor: a multi-queue miniport's queues all take part.
            let machine = disk.adapter.driver.machine
            try machine.run(onProcessor: index) { () throws -> Void in
                try disk.write(lba: region.lba, from: UnsafeRawBufferPointer(out))
                try disk.read(lba: region.lba, into: back)
            }
            io.writes += 1
            io.reads += 1
            io.bytes += UInt64(2 * length)
            if !out.elementsEqual(back) { io.mismatches += 1 }
        }
        try disk.flush()
    }
}

/// Finds the SDK's files: the WDK-named headers and the import stub every C miniport is
/// compiled with, and the example miniports.
///
/// The files come in two layouts, both accepted wherever an SDK root is taken:
/// - a **checkout** of this package: `CMiniportABI/include`, `CMiniportABI/stub`, `Examples/`;
/// - the **resource bundle** SwiftPM copies beside every executable built on MiniportKit
///   (``resourceBundle``): `include/` and `stub/`, no examples.
///
/// ``root(explicit:)`` needs no path from a program in a package that depends on this one: it
/// finds the bundle beside the executable, or this package's checkout (where the build found
/// its sources).
public enum SDKLocator {
    /// The SDK root to build with: `explicit` if given (it must hold the headers and the stub, in
    /// either layout); else the first checkout found walking up from the working directory or the
    /// executable (a program run from the repository uses the repository's files); else the
    /// resource bundle beside the executable; else the checkout this library was built from.
    /// Throws ``MiniportRunner/RunnerError/sdkNotFound`` when none is there.
    public static func root(explicit: String?) throws -> URL {
        if let explicit {
            let url = URL(fileURLWithPath: explicit)
            guard isRoot(url) else { throw MiniportRunner.RunnerError.sdkNotFound }
            return url
        }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath)]
        candidates.append(URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent())
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        for start in candidates {
            var url = start.standardizedFileURL
            for _ in 0..<8 {
                if isCheckout(url) { return url }
                url.deleteLastPathComponent()
            }
        }
        if let bundle = resourceBundle { return bundle }
        if let checkout = packageCheckout { return checkout }
        throw MiniportRunner.RunnerError.sdkNotFound
    }

    /// The resource bundle beside the running executable (`include/`, `stub/`), if it is there:
    /// SwiftPM copies it from this package into the build directory of every program that uses
    /// MiniportKit.
    public static var resourceBundle: URL? { SDKResources.directory }

    /// The directory of the WDK-named headers (`-I`) under an SDK root.
    public static func headers(in root: URL) -> URL {
        isCheckout(root) ? root.appendingPathComponent("CMiniportABI/include") : root.appendingPathComponent("include")
    }

    /// The directory of the import stub's sources under an SDK root.
    public static func stub(in root: URL) -> URL {
        isCheckout(root) ? root.appendingPathComponent("CMiniportABI/stub") : root.appendingPathComponent("stub")
    }

    /// The file of an example miniport, `relative` to a checkout (``AdapterKind/exampleMiniport``:
    /// `Examples/PhbaMiniport/phba.c`): under `root` when it is a checkout, else under the
    /// checkout this library was built from. Throws ``MiniportRunner/RunnerError/disk(_:)``
    /// naming the file when neither has it (a program copied away from its build, with only the
    /// resource bundle: pass a miniport).
    public static func example(_ relative: String, root: URL) throws -> URL {
        for base in [root, packageCheckout].compactMap({ $0 }) {
            let file = base.appendingPathComponent(relative)
            if FileManager.default.fileExists(atPath: file.path) { return file }
        }
        throw MiniportRunner.RunnerError.disk(
            "the example miniport \(relative) is not here (the SDK at \(root.path) has only the headers and the stub); give a miniport")
    }

    /// The checkout of this package that MiniportKit was compiled from, if it is still there
    /// (a dependent package's `.build/checkouts/…` or the path it depends on).
    public static var packageCheckout: URL? {
        // This file is Sources/MiniportKit/Runner/MiniportRunner.swift in the checkout.
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return isCheckout(url) ? url : nil
    }

    /// Whether `url` holds the headers and the stub, in either layout.
    static func isRoot(_ url: URL) -> Bool {
        isCheckout(url) || (exists(url, "include/srb.h") && exists(url, "stub/import_table.c"))
    }

    static func isCheckout(_ url: URL) -> Bool {
        exists(url, "CMiniportABI/include/srb.h") && exists(url, "CMiniportABI/stub/import_table.c")
    }

    private static func exists(_ url: URL, _ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: url.appendingPathComponent(relative).path)
    }
}

/// Compiles C miniports: with the system compiler, the SDK headers and the import stub into a
/// Linux `.so`, or with the Swift toolchain's clang and lld-link into a Windows `.sys`
/// (``MiniportBuildTarget``).
public enum MiniportBuilder {
    /// The compiler command line for `sources` → `output`.
    public static func arguments(sources: [String], output: String, sdkRoot: URL, includes: [String] = [],
                                 defines: [String] = []) -> [String] {
        let stub = SDKLocator.stub(in: sdkRoot)
        let stubSources = ((try? FileManager.default.contentsOfDirectory(atPath: stub.path)) ?? [])
            .filter { $0.hasSuffix(".c") }.sorted().map { stub.appendingPathComponent($0).path }
        return ["-shared", "-fPIC", "-O2", "-std=c11", "-Wall", "-Wextra",
                "-I", SDKLocator.headers(in: sdkRoot).path]
            + includes.flatMap { ["-I", $0] } + defines.map { "-D" + $0 } + sources + stubSources + ["-o", output]
    }

    /// The compiler command: `$CC` (split at spaces, so `ccache gcc` works) or `cc`, followed by
    /// `$CFLAGS` — the usual variables, so a miniport can be built with a sanitizer
    /// (`CC=clang CFLAGS=-fsanitize=address`, Scripts/asan-test.sh) or another compiler.
    public static func compiler(environment: [String: String] = ProcessInfo.processInfo.environment)
        -> (command: [String], flags: [String]) {
        let words = { (name: String) in
            (environment[name] ?? "").split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        }
        let command = words("CC")
        return (command.isEmpty ? ["cc"] : command, words("CFLAGS"))
    }

    /// Builds `sources` into `output` for `target`; throws with the compiler's output on
    /// failure and returns it (the warnings) on success. The build writes a temporary file
    /// beside `output` that becomes `output` only when the build succeeded: a failed build
    /// leaves neither a partial `output` nor the temporary file. `werror` turns warnings into
    /// errors; `verbose` is handed the exact command lines before they run.
    ///
    /// `.linux` (the default) compiles the sources and the import stub into a `.so` with
    /// ``compiler(environment:)``. `.windows` builds a PE32+ driver image (`.sys`) with the
    /// Swift toolchain's clang and lld-link (``WindowsToolchain``): see
    /// ``MiniportBuildTarget/windows``; `$CC` and `$CFLAGS` do not apply to it. An `output`
    /// whose extension belongs to the other target (`.so` for Windows, `.sys` for Linux) is
    /// refused (``MiniportRunner/RunnerError/badOutputName(_:)``).
    ///
    /// WPP: a source that includes a `.tmh` no include directory (or `tmhDirectory`) has gets a
    /// generated stand-in (``WPPTracing``) in a scratch include directory, removed afterwards.
    @discardableResult
    public static func build(sources: [String], output: String, sdkRoot: URL, includes: [String] = [],
                             defines: [String] = [], werror: Bool = false, tmhDirectory: String? = nil,
                             target: MiniportBuildTarget = .linux,
                             environment: [String: String] = ProcessInfo.processInfo.environment,
                             verbose: ((String) -> Void)? = nil) throws -> String {
        try target.checkOutputName(output)
        var includes = includes
        if let tmhDirectory { includes.append(tmhDirectory) }
        let wpp: URL?
        do {
            wpp = try WPPTracing.prepare(sources: sources, includes: includes, tmhDirectory: tmhDirectory)
        } catch {
            throw MiniportRunner.RunnerError.buildFailed("cannot write the WPP stand-in headers: \(error)")
        }
        defer { if let wpp { try? FileManager.default.removeItem(at: wpp) } }
        if let wpp { includes.append(wpp.path) }
        let temporary = URL(fileURLWithPath: output).deletingLastPathComponent()
            .appendingPathComponent(".\(URL(fileURLWithPath: output).lastPathComponent).\(UUID().uuidString).tmp").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let shown = verbose.map { verbose in { (line: String) in verbose(line.replacingOccurrences(of: temporary, with: output)) } }
        let text: String
        do {
            switch target {
            case .linux:
                text = try compileLinux(sources: sources, output: temporary, sdkRoot: sdkRoot, includes: includes,
                                        defines: defines, werror: werror, environment: environment, verbose: shown)
            case .windows:
                text = try WindowsDriverBuilder.build(sources: sources, output: temporary, sdkRoot: sdkRoot,
                                                      includes: includes, defines: defines, werror: werror,
                                                      environment: environment, verbose: shown)
            }
        } catch MiniportRunner.RunnerError.buildFailed(let text) {
            throw MiniportRunner.RunnerError.buildFailed(text.replacingOccurrences(of: temporary, with: output))
        }
        guard rename(temporary, output) == 0 else {
            throw MiniportRunner.RunnerError.buildFailed("cannot write \(output): \(String(cString: strerror(errno)))")
        }
        return text.replacingOccurrences(of: temporary, with: output)
    }

    /// The Linux build: one compiler run, sources and import stub into a shared object.
    static func compileLinux(sources: [String], output: String, sdkRoot: URL, includes: [String], defines: [String],
                             werror: Bool, environment: [String: String], verbose: ((String) -> Void)?) throws -> String {
        let compiler = compiler(environment: environment)
        let arguments = compiler.command + self.arguments(sources: sources, output: output, sdkRoot: sdkRoot,
                                                           includes: includes, defines: defines)
            + compiler.flags + (werror ? ["-Werror"] : [])
        verbose?(arguments.map(shellQuoted).joined(separator: " "))
        let result = try runTool("/usr/bin/env", arguments, name: compiler.command[0])
        guard result.succeeded else { throw MiniportRunner.RunnerError.buildFailed(result.output) }
        return result.output
    }

    /// Runs `executable` with `arguments`, no input; whether it exited with status 0, and its
    /// standard output and error together. A tool that cannot be started is `buildFailed`,
    /// naming `name` (default: the executable).
    static func runTool(_ executable: String, _ arguments: [String],
                        name: String? = nil) throws -> (succeeded: Bool, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw MiniportRunner.RunnerError.buildFailed("cannot run \(name ?? executable): \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationReason == .exit && process.terminationStatus == 0, String(decoding: data, as: UTF8.self))
    }

    /// `text` quoted for a POSIX shell where it needs to be.
    static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:+,@%".contains($0) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// Builds a .c miniport for `target` into a new file of the build cache; returns the image
    /// and the compiler's warnings. The caller removes the image.
    public static func buildTemporary(source: String, sdkRoot: URL, tmhDirectory: String? = nil,
                                      target: MiniportBuildTarget = .linux,
                                      verbose: ((String) -> Void)? = nil) throws
        -> (image: String, output: String) {
        let output = try cachePath(for: source, target: target)
        let warnings = try build(sources: [source], output: output, sdkRoot: sdkRoot, tmhDirectory: tmhDirectory,
                                 target: target, verbose: verbose)
        return (output, warnings)
    }

    /// The name a built image stands for: `phba.so` (or `phba.sys`) for the
    /// `phba-<pid>-<uuid>.so` that ``soPath(for:sdkRoot:)`` (or a Windows build) makes; any
    /// other file's own name.
    public static func displayName(of path: String) -> String {
        let file = URL(fileURLWithPath: path).lastPathComponent
        guard let ext = MiniportBuildTarget.allCases.map({ "." + $0.imageExtension }).first(where: file.hasSuffix) else {
            return file
        }
        let parts = file.dropLast(ext.count).split(separator: "-")
        guard parts.count >= 7, Int(parts[parts.count - 6]) != nil,
              UUID(uuidString: parts.suffix(5).joined(separator: "-")) != nil else {
            return file
        }
        return parts.dropLast(6).joined(separator: "-") + ext
    }

    /// A loadable .so for `path`: the file itself, or a .c source built into a cache directory.
    public static func soPath(for path: String, sdkRoot: URL) throws -> String {
        try imagePath(for: path, sdkRoot: sdkRoot, target: .linux)
    }

    /// A loadable image for `path`: the file itself, or a .c source built for `target` into a
    /// cache directory (a `.sys` also has its Windows-image bridge built, ready to load).
    public static func imagePath(for path: String, sdkRoot: URL, target: MiniportBuildTarget) throws -> String {
        guard path.hasSuffix(".c") else { return path }
        let output = try cachePath(for: path, target: target)
        try build(sources: [path], output: output, sdkRoot: sdkRoot, target: target)
        if target == .windows { _ = try WindowsBridge.library(sdkRoot: sdkRoot) }
        return output
    }

    /// A new path in the build cache for a build of `source` for `target`.
    static func cachePath(for source: String, target: MiniportBuildTarget = .linux) throws -> String {
        let cache = try cacheDirectory()
        let name = URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent
        // One file per build: builds running at the same time in one process must not share a
        // path (dlopen would hand the second the first one's handle and import table).
        return cache.appendingPathComponent(
            "\(name)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString).\(target.imageExtension)").path
    }

    /// The build cache: a directory of the user's in the temporary directory.
    static func cacheDirectory() throws -> URL {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-sdk-build-\(getuid())")
        try FileManager.default.createDirectory(at: cache, withIntermediateDirectories: true)
        return cache
    }
}

extension MiniportRunner.Report {
    /// The image was read back and matched, and the blocks around it are unchanged.
    mutating func markDumpVerified(by reader: String) {
        dump?.verified = true
        dump?.verifiedBy = reader
    }
}
