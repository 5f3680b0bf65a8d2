import CMiniportABI
import Foundation
import MiniportPlatform
import MiniportSCSI

/// The dump port: a second copy of the boot miniport, driven the way Windows drives it when it
/// writes a crash dump or a hibernation image.
///
/// The boot miniport's file is copied to `dump_<name>.so` (crash) or `hiber_<name>.so`
/// (hibernation) in a private directory and loaded as a separate image — its own globals and
/// its own import table, bound to a port in dump mode. That port calls `DriverEntry` with NULL
/// arguments, `HwFindAdapter` with the argument string "dump=1" and a configuration describing
/// the same adapter, `HwInitialize`, and `HwResetBus` on every bus; it does not scan. Requests then run one at a time and
/// polled: the port calls `HwInterrupt` in a loop while virtual time passes, and never delivers
/// an interrupt. The hardware is the same emulated HBA the normal path was using, in whatever
/// state it was left.
///
/// Rules the dump copy breaks are in `driver.violations` (mode "crash" or "hiber").
public final class DumpPort {
    /// Why the dump copy could not be loaded.
    public enum LoadError: Error, CustomStringConvertible {
        /// The miniport file could not be copied to `dump_<name>` / `hiber_<name>`.
        case copyFailed(path: String, reason: String)
        /// The port refused or failed to load the copy.
        case port(PortDriver.LoadError)
        /// `violations`: the rules the dump copy broke before giving up (dump.not-ready, …).
        case bootDeviceMissing(path: UInt8, target: UInt8, lun: UInt8, reason: String, violations: [Violation])

        /// The error in words, naming the file or the boot disk.
        public var description: String {
            switch self {
            case .copyFailed(let path, let reason): return "cannot copy \(path) for the dump port: \(reason)"
            case .port(let error): return "dump copy: \(error)"
            case .bootDeviceMissing(let path, let target, let lun, let reason, _):
                return "the dump copy does not see the boot disk at \(path):\(target):\(lun) (\(reason))"
            }
        }

        /// The rules the dump copy broke before the load failed.
        public var violations: [Violation] {
            switch self {
            case .copyFailed: return []
            case .port(let error): return error.violations
            case .bootDeviceMissing(_, _, _, _, let violations): return violations
            }
        }
    }

    /// Where the dump may go: the emulated boot disk and the runs of its dump area. While
    /// the dump port lives, every write or discard that reaches that disk outside the runs
    /// breaks dump.write-outside-area.
    public struct Area {
        /// The boot disk the dump goes to.
        public var disk: SCSIDisk
        /// The block runs of the dump area.
        public var runs: [DumpImage.Run]

        /// The area of `runs` on `disk`.
        public init(disk: SCSIDisk, runs: [DumpImage.Run]) {
            self.disk = disk
            self.runs = runs
        }

        /// Blocks of `lba ..< lba + blocks` that no run covers.
        func blocksOutside(lba: UInt64, blocks: UInt64) -> UInt64 {
            let end = lba.addingReportingOverflow(blocks).overflow ? UInt64.max : lba + blocks
            var inside: UInt64 = 0
            for run in runs {
                let low = max(run.lba, lba), high = min(run.lba &+ run.blocks, end)
                if high > low { inside += high - low }
            }
            return (end - lba) - min(inside, end - lba)
        }
    }

    /// Crash dump or hibernation.
    public let mode: PortMode
    /// The watched dump area, when one was given.
    public let area: Area?
    /// The copy that was loaded (`…/dump_<name>.so` or `…/hiber_<name>.so`).
    public let imagePath: String
    /// The port driver in dump mode that runs the copy; its ``PortDriver/violations`` are the dump copy's.
    public let driver: PortDriver
    /// The adapter the dump copy drives (the boot adapter).
    public let adapter: PortAdapter
    /// The boot disk, at the same path, target and LUN as on the normal path.
    public let disk: DiskClass
    private let directory: URL

    /// Loads the dump copy of `miniportPath` on `machine` and opens the boot disk at
    /// `pathId`/`targetId`/`lun`. The copy is named after `imageName` (default: the file's
    /// name, `lib` prefix dropped). With `bootDevice` (the device as the normal path's scan
    /// found it), the dump copy's view of the disk is checked against it (dump.target-changed).
    /// `dumpData` is what a normal StorPort miniport handed out in the dump-pointers handshake
    /// (``PortAdapter/miniportDumpData``); the copy finds it in ConfigInfo->MiniportDumpData.
    /// `resume`: the hibernation copy reads an image back after a resume (a StorPort miniport
    /// sees DUMP_MODE_RESUME). `logging` emits the copy's port log through swift-log
    /// (``PortLogging``; label `miniport.<image>.crash` or `.hiber`).
    public init(miniportPath: String, imageName: String? = nil, machine: Machine, mode: PortMode, pathId: UInt8 = 0,
                targetId: UInt8, lun: UInt8 = 0, bootDevice: PortAdapter.Device? = nil,
                area: Area? = nil, dumpData: UnsafeMutableRawPointer? = nil, resume: Bool = false,
                trace: TraceRecorder? = nil, logging: PortLogging = .off, sdkRoot: URL? = nil) throws(LoadError) {
        precondition(mode != .normal, "the dump port drives crash-dump or hibernation copies")
        precondition(!resume || mode == .hibernation, "a resume reads a hibernation image")
        self.mode = mode
        self.area = area
        let (directory, copy) = try Self.makeCopy(of: miniportPath, imageName: imageName, mode: mode)
        self.directory = directory
        imagePath = copy
        let driver: PortDriver
        do {
            driver = try PortDriver.loadDump(path: copy, machine: machine, mode: mode, dumpData: dumpData,
                                             dumpMode: resume ? UInt8(DUMP_MODE_RESUME) : nil, trace: trace,
                                             logging: logging, sdkRoot: sdkRoot)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw .port(error)
        }
        self.driver = driver
        adapter = driver.adapters[0]
        if let area { Self.watch(area, for: driver) }
        let device = PortAdapter.Device(pathId: pathId, targetId: targetId, lun: lun, deviceType: 0, vendor: "",
                                            product: "", revision: "", removable: false)
        Self.checkBootDevice(driver: driver, adapter: adapter, device: device, expected: bootDevice)
        do {
            disk = try DiskClass(adapter: adapter, device: device)
        } catch {
            area?.disk.onMediumChange = nil
            try? FileManager.default.removeItem(at: directory)
            throw .bootDeviceMissing(path: pathId, target: targetId, lun: lun, reason: error.description,
                                     violations: driver.violations)
        }
    }

    /// The mark-memory load before a hibernation: a copy (`hiber_<name>`) whose StorPort
    /// miniport sees DUMP_MODE_MARK_MEMORY runs DriverEntry and HwFindAdapter only, marking with
    /// StorPortMarkDumpMemory the memory the hibernation copy will need. Returns that driver
    /// (its ``PortDriver/markedDumpMemory``, log and violations); it unloads when released.
    public static func markMemory(miniportPath: String, imageName: String? = nil, machine: Machine,
                                  dumpData: UnsafeMutableRawPointer? = nil,
                                  trace: TraceRecorder? = nil, logging: PortLogging = .off,
                                  sdkRoot: URL? = nil) throws(LoadError) -> PortDriver {
        let (directory, copy) = try makeCopy(of: miniportPath, imageName: imageName, mode: .hibernation)
        // dlopen has mapped the file once loaded; the directory is not needed after that.
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            return try PortDriver.loadDump(path: copy, machine: machine, mode: .hibernation, dumpData: dumpData,
                                           dumpMode: UInt8(DUMP_MODE_MARK_MEMORY), trace: trace, logging: logging,
                                           sdkRoot: sdkRoot)
        } catch {
            throw .port(error)
        }
    }

    /// Copies the miniport to `dump_<name>` / `hiber_<name>` in a fresh private directory.
    private static func makeCopy(of miniportPath: String, imageName: String?,
                                 mode: PortMode) throws(LoadError) -> (directory: URL, copy: String) {
        let source = URL(fileURLWithPath: miniportPath)
        let prefix = mode == .crashDump ? "dump_" : "hiber_"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-\(prefix)\(UUID().uuidString)")
        let copy = directory.appendingPathComponent(copyName(of: imageName ?? source.lastPathComponent, mode: mode))
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: source, to: copy)
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw .copyFailed(path: miniportPath, reason: "\(error)")
        }
        return (directory, copy.path)
    }

    /// The first requests of a dump: TEST UNIT READY must complete (good or CHECK CONDITION,
    /// as after the reset a unit attention is normal), and INQUIRY must show the disk the normal
    /// path saw.
    private static func checkBootDevice(driver: PortDriver, adapter: PortAdapter, device: PortAdapter.Device,
                                        expected: PortAdapter.Device?) {
        let address = "\(device.pathId):\(device.targetId):\(device.lun)"
        let ready = adapter.execute(.init(pathId: device.pathId, targetId: device.targetId, lun: device.lun,
                                          cdb: [0x00, 0, 0, 0, 0, 0], timeout: 10))
        let checkCondition = ready.status == UInt8(SRB_STATUS_ERROR) && ready.scsiStatus == 0x02
        if !ready.succeeded && !checkCondition {
            driver.violate(.dumpNotReady, "TEST UNIT READY to the boot disk \(address), the first request after "
                + "HwInitialize, ended with SrbStatus 0x\(String(ready.srbStatus, radix: 16))")
        }
        guard let expected else { return }
        let found = adapter.inquiry(pathId: device.pathId, targetId: device.targetId, lun: device.lun)
        guard let found else {
            return driver.violate(.dumpTargetChanged, "INQUIRY to the boot disk \(address) failed")
        }
        let was = [String(expected.deviceType), expected.vendor, expected.product, expected.revision]
        let now = [String(found.deviceType), found.vendor, found.product, found.revision]
        if was != now {
            driver.violate(.dumpTargetChanged, "boot disk \(address) was type/vendor/product/revision "
                + was.joined(separator: "/") + ", the dump copy sees " + now.joined(separator: "/"))
        }
    }

    /// dump.write-outside-area: the boot disk tells the dump copy's driver about every range
    /// it is about to change.
    private static func watch(_ area: Area, for driver: PortDriver) {
        area.disk.onMediumChange = { [weak driver] lba, blocks in
            guard let driver else { return }
            let outside = area.blocksOutside(lba: lba, blocks: blocks)
            guard outside > 0 else { return }
            let last = lba.addingReportingOverflow(blocks - 1).overflow ? UInt64.max : lba + blocks - 1
            driver.violate(.dumpWriteOutsideArea, "blocks \(lba)...\(last) of the boot disk were written or discarded; "
                + "\(outside) of them lie outside the dump area (\(area.runs.count) run(s) from block "
                + "\(area.runs.map(\.lba).min() ?? 0))")
        }
    }

    /// `dump_<name>` or `hiber_<name>`, a leading `lib` dropped from `name`.
    public static func copyName(of name: String, mode: PortMode) -> String {
        var name = name
        if name.hasPrefix("lib") { name.removeFirst(3) }
        return (mode == .hibernation ? "hiber_" : "dump_") + name
    }

    deinit {
        area?.disk.onMediumChange = nil
        try? FileManager.default.removeItem(at: directory)
    }
}
