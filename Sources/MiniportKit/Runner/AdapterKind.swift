import MiniportBusLogic
import MiniportHBA
import MiniportPlatform
import MiniportSCSI
import MiniportVirtio

/// The storage controller a runner's machine gets (`--hba` on the CLI), with the runner's disks
/// behind it: disk n is SCSI target n, LUN 0 (virtio-blk: disk 0 is the device's disk).
public enum AdapterKind: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The project's own HBA (docs/hba-spec.md).
    case phba
    /// virtio-blk, transitional PCI device (1AF4:1001, legacy I/O BAR beside the modern capabilities).
    case virtioBlk = "virtio-blk"
    /// virtio-blk, modern-only PCI device (1AF4:1042).
    case virtioBlkModern = "virtio-blk-modern"
    /// virtio-scsi, transitional PCI device (1AF4:1004).
    case virtioScsi = "virtio-scsi"
    /// virtio-scsi, modern-only PCI device (1AF4:1048).
    case virtioScsiModern = "virtio-scsi-modern"
    /// BusLogic BT-958 MultiMaster (104B:1040).
    case buslogic

    /// The kind's name as `--hba` takes it.
    public var description: String { rawValue }

    /// The example miniport written for this controller, relative to the SDK root: what `run`,
    /// `verify` and `bench` drive when no miniport is named.
    public var exampleMiniport: String {
        switch self {
        case .phba: return "Examples/PhbaMiniport/phba.c"
        case .virtioBlk, .virtioBlkModern: return "Examples/VirtioBlkMiniport/virtioblk.c"
        case .virtioScsi, .virtioScsiModern: return "Examples/VirtioScsiMiniport/virtioscsi.c"
        case .buslogic: return "Examples/BusLogicMiniport/buslogic.c"
        }
    }

    /// The machine's physical memory for this controller. A controller that addresses only 32
    /// bits (BusLogic: every CCB, mailbox, data and sense pointer is 32-bit) gets a map whose
    /// DMA regions and buffer mappings all lie below 4 GiB: DMA regions from 1 MiB, 1024
    /// mapping windows of 1 MiB from 1 GiB (up to 2 GiB, below the BARs).
    public func makePhysicalMemory() -> PhysicalMemory {
        switch self {
        case .buslogic:
            return PhysicalMemory(dmaBase: 0x0010_0000, mappingBase: 0x4000_0000, mappingWindow: 1 << 20, mappingSlots: 1024)
        default:
            return PhysicalMemory()
        }
    }

    /// What the runner needs to build the machine.
    struct Setup {
        var disks: [SCSIDisk]
        /// `--pci-id`: replaces the controller's vendor and device IDs.
        var pciID: (vendor: UInt16, device: UInt16)?
        /// `--device-threads`: a device that can consume its queues on a thread of its own.
        var deviceThreads = false
        /// The machine's processors: a virtio-blk device gets a request queue for each (as
        /// QEMU's virtio-blk-pci does by default), the project's HBA a queue pair for each (up
        /// to 16), so a multi-queue driver has one per channel.
        var processors = 1
    }

    /// The most disks the controller carries (disk n at target n, LUN 0; virtio-blk: one).
    public var maximumDisks: Int {
        switch self {
        case .phba: return EmulatedHBA.Configuration().targetsPerBus
        case .buslogic: return BusLogicAdapter.targetCount
        case .virtioBlk, .virtioBlkModern: return 1
        case .virtioScsi, .virtioScsiModern: return Int(VirtioSCSIOptions().maxTarget) + 1
        }
    }

    /// Whether `--pci-id` can replace the controller's IDs (a virtio device's are fixed by the
    /// virtio specification: a driver finds the device type in them).
    public var takesPCIID: Bool {
        switch self {
        case .phba, .buslogic: return true
        case .virtioBlk, .virtioBlkModern, .virtioScsi, .virtioScsiModern: return false
        }
    }

    /// Checks a machine's options against the controller before anything is built: the CLI
    /// reports a failure as bad input.
    public func check(diskCount: Int, pciID: (vendor: UInt16, device: UInt16)?) throws {
        if pciID != nil, !takesPCIID {
            throw MiniportRunner.RunnerError.pciIDNotApplicable(rawValue)
        }
        guard diskCount <= maximumDisks else {
            throw MiniportRunner.RunnerError.badDiskSpec("\(diskCount) disks", maximumDisks == 1
                ? "a \(rawValue) device carries one disk" : "the \(rawValue) controller carries at most \(maximumDisks)")
        }
    }

    /// Builds the controller with `setup.disks` behind it (not yet plugged in).
    func makeController(machine: Machine, setup: Setup) throws -> any StorageController {
        try check(diskCount: setup.disks.count, pciID: setup.pciID)
        switch self {
        case .phba:
            var configuration = EmulatedHBA.Configuration()
            if let pciID = setup.pciID {
                configuration.identity.vendorID = pciID.vendor
                configuration.identity.deviceID = pciID.device
            }
            configuration.execution = setup.deviceThreads ? .ownThread : .inline
            // A queue pair per processor (with several, an MSI-X vector each), as for virtio-blk.
            configuration.queues = max(1, min(setup.processors, HBAQueueRegister.maxQueues))
            let hba = EmulatedHBA(configuration: configuration, machine: machine)
            for (index, disk) in setup.disks.enumerated() {
                let target = SCSITarget(id: UInt8(index))
                try target.attach(disk, lun: 0)
                try hba.attach(target, bus: 0)
            }
            return hba
        case .buslogic:
            var configuration = BusLogicAdapter.Configuration()
            if let pciID = setup.pciID {
                configuration.identity.vendorID = pciID.vendor
                configuration.identity.deviceID = pciID.device
            }
            let adapter = BusLogicAdapter(configuration: configuration, machine: machine)
            for (index, disk) in setup.disks.enumerated() {
                let target = SCSITarget(id: UInt8(index))
                try target.attach(disk, lun: 0)
                try adapter.attach(target)
            }
            return adapter
        case .virtioBlk, .virtioBlkModern:
            // One virtio-blk device carries one disk (none: an empty store).
            let options = VirtioBlockOptions(queues: max(1, min(setup.processors, 64)))
            let backend = try setup.disks.first.map { VirtioBlockBackend(disk: $0, options: options) }
                ?? VirtioBlockBackend(store: RAMBlockStore(blockSize: 512, blockCount: 0), faults: nil, options: options)
            return VirtioPCIDevice(backend: backend, flavor: self == .virtioBlk ? .transitional : .modern,
                                   execution: setup.deviceThreads ? .ownThread : .inline)
        case .virtioScsi, .virtioScsiModern:
            // Disk n is target n, LUN 0, as on the phba.
            let backend = VirtioSCSIBackend(disks: setup.disks)
            return VirtioPCIDevice(backend: backend, flavor: self == .virtioScsi ? .transitional : .modern,
                                   execution: setup.deviceThreads ? .ownThread : .inline)
        }
    }

    /// Parses `--hba`, naming the choices when `text` is none of them.
    public static func parse(_ text: String) throws -> AdapterKind {
        guard let kind = AdapterKind(rawValue: text.lowercased()) else {
            throw MiniportRunner.RunnerError.badAdapter(text)
        }
        return kind
    }
}
