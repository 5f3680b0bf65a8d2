import MiniportPlatform
import MiniportSCSI

/// Register offsets of the toy block controller's BAR 0 (32-bit registers, 4-aligned).
public enum ToyRegister {
    public static let magic: UInt64 = 0x00        // RO  "TOYB"
    public static let blockSize: UInt64 = 0x04    // RO  bytes per block
    public static let capacityLow: UInt64 = 0x08  // RO  blocks
    public static let capacityHigh: UInt64 = 0x0C // RO
    public static let maxBlocks: UInt64 = 0x10    // RO  most blocks one command moves
    public static let maxSG: UInt64 = 0x14        // RO  most scatter/gather entries
    public static let control: UInt64 = 0x18      // RW  ENABLE, INT_ENABLE; RESET (write-only)
    public static let status: UInt64 = 0x1C       // RO  READY, BUSY, FATAL
    public static let command: UInt64 = 0x20      // RW  READ, WRITE, FLUSH
    public static let lbaLow: UInt64 = 0x24
    public static let lbaHigh: UInt64 = 0x28
    public static let blocks: UInt64 = 0x2C
    public static let sgLow: UInt64 = 0x30        // RW  bus address of the scatter/gather list
    public static let sgHigh: UInt64 = 0x34
    public static let sgCount: UInt64 = 0x38
    public static let doorbell: UInt64 = 0x3C     // WO  any write starts the command
    public static let result: UInt64 = 0x40       // RO  ToyResult of the last command
    public static let sense: UInt64 = 0x44        // RO  key | ASC << 8 | ASCQ << 16 after CHECK CONDITION
    public static let interruptStatus: UInt64 = 0x48 // RO DONE, ERROR; write 1 to acknowledge
}

/// Register values (the bits of CONTROL, STATUS and INTERRUPT STATUS, commands and results).
public enum ToyValue {
    public static let magic: UInt32 = 0x5459_4F42
    public static let controlEnable: UInt32 = 1 << 0
    public static let controlInterruptEnable: UInt32 = 1 << 1
    public static let controlReset: UInt32 = 1 << 31
    public static let statusReady: UInt32 = 1 << 0
    public static let statusBusy: UInt32 = 1 << 1
    public static let statusFatal: UInt32 = 1 << 2
    public static let interruptDone: UInt32 = 1 << 0
    public static let interruptError: UInt32 = 1 << 1
    public static let commandRead: UInt32 = 1, commandWrite: UInt32 = 2, commandFlush: UInt32 = 3
    public static let resultOK: UInt32 = 0, resultCheckCondition: UInt32 = 1, resultBusy: UInt32 = 2
    public static let resultDMAError: UInt32 = 3, resultInvalid: UInt32 = 4
}

/// A teaching device: a PCI block controller that runs one command at a time against a
/// ``SCSIDisk`` (docs/device-models.md walks through it).
///
/// BAR 0 (memory, 4 KiB) holds the registers (``ToyRegister``); BAR 1 (memory, 4 KiB) is the
/// MSI-X table and PBA (one vector). The driver fills COMMAND, LBA, BLOCKS and the address and
/// length of a scatter/gather list (16-byte entries: 64-bit address, 32-bit length, 32 bits
/// reserved), then writes DOORBELL. The controller moves the data through ``PCIFunction/dma(_:length:access:)``
/// at once, and posts RESULT, sets INTERRUPT STATUS.DONE and interrupts (MSI-X vector 0 while
/// MSI-X is enabled, else INTA#) after ``latency`` of virtual time. Transport faults
/// (``TransportFaults``) hold, delay or silence that completion; ``injectControllerFatal()``
/// stops the controller (STATUS.FATAL, INTERRUPT STATUS.ERROR) until CONTROL.RESET.
public final class ToyBlockController: StorageController {
    /// Placeholder IDs (not assigned to anyone): vendor 0x6D70, device 0x5442; class 01/80/00.
    public let identity = PCIIdentity(vendorID: 0x6D70, deviceID: 0x5442, subsystemVendorID: 0x6D70, subsystemID: 0x0002,
                                      classCode: (0x01, 0x80, 0x00))
    public let bars = [PCIBar(kind: .memory32, size: 4096), PCIBar(kind: .memory32, size: 4096)]
    public let interruptPin: UInt8 = 1
    public let msix: PCIMSIXLayout? = PCIMSIXLayout(vectors: 1, bar: 1)
    public let faults = TransportFaults()
    /// Virtual time between the doorbell and the completion interrupt (0: the completion is
    /// posted inside the doorbell write).
    public let latency: UInt64
    /// The disk behind the controller: its store holds the data, its faults (BUSY, unit
    /// attention, medium errors) come back as RESULT and SENSE.
    public let disk: SCSIDisk
    public static let maxBlocks: UInt32 = 256
    public static let maxSGEntries = 32

    // Stored properties skip the runtime exclusivity check: they are touched on every access.
    // The function owns the device; `unowned(unsafe)` costs no reference counting, and detach clears it.
    @exclusivity(unchecked) private unowned(unsafe) var function: PCIFunction?
    @exclusivity(unchecked) private var control: UInt32 = 0
    @exclusivity(unchecked) private var fatal = false
    @exclusivity(unchecked) private var busy = false
    @exclusivity(unchecked) private var command: UInt32 = 0
    @exclusivity(unchecked) private var lba: UInt64 = 0
    @exclusivity(unchecked) private var blockCount: UInt32 = 0
    @exclusivity(unchecked) private var sgAddress: UInt64 = 0
    @exclusivity(unchecked) private var sgCount: UInt32 = 0
    @exclusivity(unchecked) private var result: UInt32 = 0
    @exclusivity(unchecked) private var sense: UInt32 = 0
    @exclusivity(unchecked) private var interruptStatus: UInt32 = 0
    /// The command's fate once executed: posted by `completionDue` (nil while none is pending).
    @exclusivity(unchecked) private var pendingTimer: VirtualClock.TimerID?
    @exclusivity(unchecked) private var pendingSilent = false
    /// Made once: scheduling a stored closure allocates nothing per command.
    @exclusivity(unchecked) private var completionAction: (() -> Void)?
    private let segments: UnsafeMutableBufferPointer<UnsafeMutableRawBufferPointer>

    public private(set) var resetsPerformed = 0
    public private(set) var commandsCompleted = 0
    public var outstandingCommands: Int { busy ? 1 : 0 }

    public init(disk: SCSIDisk, latency: UInt64 = 20_000) {
        self.disk = disk
        self.latency = latency
        segments = .allocate(capacity: Self.maxSGEntries)
        segments.initialize(repeating: UnsafeMutableRawBufferPointer(start: nil, count: 0))
        completionAction = { [unowned self] in self.completionDue() }
    }

    deinit { segments.deallocate() }

    public func attach(to function: PCIFunction) {
        self.function = function
        function.interruptStateChanged = { [unowned self] in self.updateInterrupt(newEvent: false) }
    }

    public func detach(from function: PCIFunction) {
        if self.function === function { self.function = nil }
    }

    /// MSI-X was enabled or disabled (the port does it before the miniport starts): the
    /// interrupt moves between INTA# and messages.
    public func configWritten(offset: Int, width: Int, value: UInt32) {
        updateInterrupt(newEvent: false)
    }

    // MARK: registers

    public func read(region: Int, offset: UInt64, width: Int) -> UInt64 {
        guard region == 0, width == 4, offset % 4 == 0 else { return AddressSpace.allOnes(width) }
        switch offset {
        case ToyRegister.magic: return UInt64(ToyValue.magic)
        case ToyRegister.blockSize: return UInt64(disk.blockSize)
        case ToyRegister.capacityLow: return disk.blockCount & 0xFFFF_FFFF
        case ToyRegister.capacityHigh: return disk.blockCount >> 32
        case ToyRegister.maxBlocks: return UInt64(Self.maxBlocks)
        case ToyRegister.maxSG: return UInt64(Self.maxSGEntries)
        case ToyRegister.control: return UInt64(control)
        case ToyRegister.status:
            return UInt64((control & ToyValue.controlEnable != 0 && !fatal ? ToyValue.statusReady : 0)
                | (busy ? ToyValue.statusBusy : 0) | (fatal ? ToyValue.statusFatal : 0))
        case ToyRegister.command: return UInt64(command)
        case ToyRegister.lbaLow: return lba & 0xFFFF_FFFF
        case ToyRegister.lbaHigh: return lba >> 32
        case ToyRegister.blocks: return UInt64(blockCount)
        case ToyRegister.sgLow: return sgAddress & 0xFFFF_FFFF
        case ToyRegister.sgHigh: return sgAddress >> 32
        case ToyRegister.sgCount: return UInt64(sgCount)
        case ToyRegister.result: return UInt64(result)
        case ToyRegister.sense: return UInt64(sense)
        case ToyRegister.interruptStatus: return UInt64(interruptStatus)
        default: return 0
        }
    }

    public func write(region: Int, offset: UInt64, width: Int, value: UInt64) {
        guard region == 0, width == 4, offset % 4 == 0 else { return }
        let value = UInt32(truncatingIfNeeded: value)
        switch offset {
        case ToyRegister.control:
            if value & ToyValue.controlReset != 0 { return reset() }
            control = value & (ToyValue.controlEnable | ToyValue.controlInterruptEnable)
            updateInterrupt(newEvent: true)     // enabling with an event pending signals it
        case ToyRegister.command: command = value
        case ToyRegister.lbaLow: lba = lba & ~0xFFFF_FFFF | UInt64(value)
        case ToyRegister.lbaHigh: lba = lba & 0xFFFF_FFFF | UInt64(value) << 32
        case ToyRegister.blocks: blockCount = value
        case ToyRegister.sgLow: sgAddress = sgAddress & ~0xFFFF_FFFF | UInt64(value)
        case ToyRegister.sgHigh: sgAddress = sgAddress & 0xFFFF_FFFF | UInt64(value) << 32
        case ToyRegister.sgCount: sgCount = value
        case ToyRegister.doorbell: ring()
        case ToyRegister.interruptStatus:
            interruptStatus &= ~value
            updateInterrupt(newEvent: false)
        default: break
        }
    }

    // MARK: commands

    private func ring() {
        guard !fatal else { return }                      // a failed controller ignores its doorbell
        guard control & ToyValue.controlEnable != 0, !busy else {
            function?.reportProtocolViolation(busy ? "DOORBELL while a command is in progress"
                                                   : "DOORBELL while CONTROL.ENABLE is clear")
            return
        }
        busy = true
        let completion = execute()
        result = completion.result
        sense = completion.sense
        switch faults.decide(bus: 0, target: 0, lun: 0) {
        case .none: schedule(after: latency, silent: false)
        case .delay(let nanoseconds): schedule(after: nanoseconds, silent: false)
        case .loseInterrupt: schedule(after: latency, silent: true)
        case .hold: break                                // BUSY until CONTROL.RESET
        }
    }

    /// Checks the registers, resolves the scatter/gather list and runs the command on the disk.
    private func execute() -> (result: UInt32, sense: UInt32) {
        guard let function else { return (ToyValue.resultDMAError, 0) }
        let cdb: SCSICDB
        var direction = SCSIDataTransfer.Direction.none
        switch command {
        case ToyValue.commandFlush:
            var flush = SCSICDB()                          // SYNCHRONIZE CACHE (10), the whole disk
            (flush.length, flush[0]) = (10, 0x35)
            return run(flush, data: .none)
        case ToyValue.commandRead, ToyValue.commandWrite:
            direction = command == ToyValue.commandRead ? .toInitiator : .fromInitiator
            var raw = SCSICDB()
            raw.length = 16
            raw[0] = command == ToyValue.commandRead ? 0x88 : 0x8A
            for index in 0..<8 { raw[2 + index] = UInt8(truncatingIfNeeded: lba >> (56 - 8 * UInt64(index))) }
            for index in 0..<4 { raw[10 + index] = UInt8(truncatingIfNeeded: blockCount >> (24 - 8 * UInt32(index))) }
            cdb = raw
        default:
            function.reportProtocolViolation("COMMAND \(command) is not READ, WRITE or FLUSH")
            return (ToyValue.resultInvalid, 0)
        }
        let count = Int(sgCount)
        let expected = Int(blockCount) * disk.blockSize
        guard blockCount >= 1, blockCount <= Self.maxBlocks, count >= 1, count <= Self.maxSGEntries else {
            function.reportProtocolViolation("BLOCKS \(blockCount) / SG COUNT \(count) outside 1...\(Self.maxBlocks) / 1...\(Self.maxSGEntries)")
            return (ToyValue.resultInvalid, 0)
        }
        // The list itself, then each piece it names: every address through the checked map.
        guard let list = function.dma(sgAddress, length: count * 16, access: .read) else { return (ToyValue.resultDMAError, 0) }
        var total = 0
        for index in 0..<count {
            let address = list.loadUnaligned(fromByteOffset: index * 16, as: UInt64.self).littleEndian
            let length = Int(list.loadUnaligned(fromByteOffset: index * 16 + 8, as: UInt32.self).littleEndian)
            guard length > 0, length <= expected - total else {
                function.reportProtocolViolation("SG entry \(index) length \(length) does not fit BLOCKS x BLOCK SIZE (\(expected))")
                return (ToyValue.resultInvalid, 0)
            }
            guard let piece = function.dma(address, length: length, access: direction == .toInitiator ? .write : .read) else {
                return (ToyValue.resultDMAError, 0)
            }
            segments[index] = UnsafeMutableRawBufferPointer(start: piece, count: length)
            total += length
        }
        guard total == expected else {
            function.reportProtocolViolation("the SG list covers \(total) bytes, BLOCKS x BLOCK SIZE is \(expected)")
            return (ToyValue.resultInvalid, 0)
        }
        return run(cdb, data: SCSIDataTransfer(direction: direction,
                                               segments: UnsafeBufferPointer(start: segments.baseAddress, count: count)))
    }

    private func run(_ cdb: SCSICDB, data: SCSIDataTransfer) -> (result: UInt32, sense: UInt32) {
        var data = data
        let completion = disk.execute(cdb, data: &data)
        switch completion.status {
        case .good: return (ToyValue.resultOK, 0)
        case .busy, .taskSetFull: return (ToyValue.resultBusy, 0)
        default:
            let sense = completion.sense.map { UInt32($0.key) | UInt32($0.asc) << 8 | UInt32($0.ascq) << 16 } ?? 0
            return (ToyValue.resultCheckCondition, sense)
        }
    }

    /// Posts the completion after `delay` of virtual time (0: before the doorbell write returns).
    private func schedule(after delay: UInt64, silent: Bool) {
        guard let function, let completionAction else { return }
        pendingSilent = silent
        if delay == 0 { return completionDue() }
        pendingTimer = function.clock.schedule(after: delay, completionAction)
    }

    /// The completion falls due: BUSY clears, RESULT is final, DONE is raised (unless the
    /// interrupt is lost: the driver only finds out by reading STATUS).
    private func completionDue() {
        pendingTimer = nil
        busy = false
        commandsCompleted += 1
        guard !pendingSilent else { return }
        interruptStatus |= ToyValue.interruptDone
        updateInterrupt(newEvent: true)
    }

    // MARK: interrupts

    /// MSI-X while the driver enabled it (a message per new event), else INTA# at the level
    /// of INTERRUPT STATUS; never both. CONTROL.INT_ENABLE gates either.
    private func updateInterrupt(newEvent: Bool) {
        guard let function else { return }
        let raise = interruptStatus != 0 && control & ToyValue.controlInterruptEnable != 0
        if function.msixEnabled {
            function.interrupt?.drive(false)
            if raise && newEvent { function.signalMSIX(vector: 0) }
        } else {
            function.interrupt?.drive(raise && !function.interruptsDisabled)
        }
    }

    // MARK: reset and failure

    /// CONTROL.RESET: the command in progress (held, delayed or not) is dropped, every
    /// register returns to its power-on value, the controller is disabled.
    private func reset() {
        if let pendingTimer { function?.clock.cancel(pendingTimer) }
        pendingTimer = nil
        busy = false
        fatal = false
        control = 0
        (command, lba, blockCount, sgAddress, sgCount, result, sense, interruptStatus) = (0, 0, 0, 0, 0, 0, 0, 0)
        resetsPerformed += 1
        updateInterrupt(newEvent: false)
    }

    /// The controller fails: the command in progress is lost, STATUS.FATAL and INTERRUPT
    /// STATUS.ERROR are set; only CONTROL.RESET brings it back.
    public func injectControllerFatal() {
        faults.noteFatalInjected()
        if let pendingTimer { function?.clock.cancel(pendingTimer) }
        pendingTimer = nil
        fatal = true
        interruptStatus |= ToyValue.interruptError
        updateInterrupt(newEvent: true)
    }
}
