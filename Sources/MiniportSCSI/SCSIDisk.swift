/// How a disk names itself in INQUIRY data.
public struct SCSIDiskIdentity: Sendable, Equatable {
    /// T10 vendor identification, up to 8 ASCII characters.
    public var vendor: String
    /// Product identification, up to 16 ASCII characters.
    public var product: String
    /// Product revision level, up to 4 ASCII characters.
    public var revision: String
    /// Unit serial number (VPD page 80h).
    public var serialNumber: String
    /// The logical unit's designator in VPD page 83h.
    public var deviceIdentifier: SCSIDeviceIdentifier

    /// An identity; the defaults name a "MINIPORT VIRTUAL DISK", and the device identifier defaults
    /// to a T10 vendor ID designator made of the product and serial number.
    public init(vendor: String = "MINIPORT", product: String = "VIRTUAL DISK", revision: String = "1.0",
                serialNumber: String = "0000000001", deviceIdentifier: SCSIDeviceIdentifier? = nil) {
        self.vendor = vendor
        self.product = product
        self.revision = revision
        self.serialNumber = serialNumber
        self.deviceIdentifier = deviceIdentifier ?? .t10VendorID(vendorSpecific: product + serialNumber)
    }
}

/// A logical unit designator for VPD page 83h.
public enum SCSIDeviceIdentifier: Sendable, Equatable {
    /// An 8-byte NAA name, given whole (its top nibble is the NAA type, e.g. 5 for IEEE
    /// Registered).
    case naa(UInt64)
    /// T10 vendor ID based: the disk's vendor (8 bytes) followed by this vendor-specific text.
    case t10VendorID(vendorSpecific: String)
}

/// Limits a disk advertises in the Block Limits VPD page (B0h) and enforces.
public struct SCSIDiskLimits: Sendable, Equatable {
    /// Largest READ/WRITE/VERIFY transfer length in blocks; larger requests get 05/24/00.
    public var maximumTransferLength: UInt32
    /// Preferred multiple of the transfer length, in blocks.
    public var optimalTransferLengthGranularity: UInt16
    /// Preferred transfer length in blocks (0: not reported).
    public var optimalTransferLength: UInt32
    /// Most blocks one UNMAP command may discard.
    public var maximumUnmapLBACount: UInt32
    /// Most block descriptors one UNMAP parameter list may hold.
    public var maximumUnmapDescriptorCount: UInt32
    /// Preferred discard granularity in blocks.
    public var optimalUnmapGranularity: UInt32
    /// Largest NUMBER OF LOGICAL BLOCKS for WRITE SAME.
    public var maximumWriteSameLength: UInt64

    /// Limits; the defaults allow 0xFFFF-block transfers, 0x400000-block UNMAP and WRITE SAME
    /// ranges, and 256 UNMAP descriptors.
    public init(maximumTransferLength: UInt32 = 0xFFFF, optimalTransferLengthGranularity: UInt16 = 1,
                optimalTransferLength: UInt32 = 0, maximumUnmapLBACount: UInt32 = 0x40_0000,
                maximumUnmapDescriptorCount: UInt32 = 256, optimalUnmapGranularity: UInt32 = 1,
                maximumWriteSameLength: UInt64 = 0x40_0000) {
        self.maximumTransferLength = maximumTransferLength
        self.optimalTransferLengthGranularity = optimalTransferLengthGranularity
        self.optimalTransferLength = optimalTransferLength
        self.maximumUnmapLBACount = maximumUnmapLBACount
        self.maximumUnmapDescriptorCount = maximumUnmapDescriptorCount
        self.optimalUnmapGranularity = optimalUnmapGranularity
        self.maximumWriteSameLength = maximumWriteSameLength
    }
}

/// A direct-access block device (SBC-3) over a ``BlockStore``.
///
/// The disk knows nothing of the transport: it gets a CDB and a ``SCSIDataTransfer`` and
/// returns a status with fixed-format sense. It keeps the state SPC gives a logical unit — a
/// pending unit attention, the started/stopped state, the caching mode page — and sense data
/// from the last CHECK CONDITION, which a REQUEST SENSE issued as the very next command
/// returns (for transports without autosense).
///
/// **Data length.** For READ, WRITE and VERIFY the CDB sets the length of the data phase
/// (blocks × block size). When the initiator's buffer (`data.count`) is shorter, the disk
/// moves `min(blocks × blockSize, data.count)` bytes and returns GOOD, as a real disk behind an
/// HBA does: `data.transferred` falls short of the expected length and the transport reports
/// the under-run as a residual. A WRITE of fewer bytes than the CDB asks stores only the bytes
/// received.
///
/// **Read/write path.** READ and WRITE move data between the store and the transfer's
/// segments directly; on a RAM store whose chunks exist, or a file store, a READ/WRITE(6/10/
/// 12/16) performs no heap allocation. Fixed parameter data (INQUIRY, VPD pages) is built once
/// at init; variable data (MODE SENSE, READ CAPACITY) is built in stack buffers.
///
/// **Unit attention.** Power-on is the transport's event: `reset(.powerOn)` (or creating the
/// disk with `powerOnUnitAttention: true`) makes the next command report 06/29/00. Hard resets
/// report 06/29/02 (bus) or 06/29/03 (target and logical unit reset) and return the mode pages
/// to their defaults. A freshly created disk has no unit attention pending by default.
///
/// Not thread-safe: the transport issues one command at a time to a unit.
public final class SCSIDisk: SCSILogicalUnit {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// The block store holding the disk's medium.
    public let store: any BlockStore
    /// How the disk names itself in INQUIRY data.
    public let identity: SCSIDiskIdentity
    /// The transfer and discard limits the disk reports (block limits VPD page).
    public let limits: SCSIDiskLimits
    /// Scriptable faults (medium errors, BUSY, TASK SET FULL, unit attention).
    public let faults = DiskFaults()
    /// The LUN this disk reports when asked REPORT LUNS directly.
    @exclusivity(unchecked) public var lun: UInt16
    /// WCE in the caching mode page; MODE SELECT may change it. With WCE clear every write is
    /// flushed before the command completes.
    @exclusivity(unchecked) public var writeCacheEnabled: Bool
    /// The WCE value of the default (and reset) caching page.
    public let defaultWriteCacheEnabled: Bool
    /// Cleared by START STOP UNIT with START=0; media commands then get 02/04/02.
    @exclusivity(unchecked) public private(set) var isStarted = true
    /// Every command received, including those answered with BUSY or a unit attention.
    @exclusivity(unchecked) public private(set) var commandsExecuted: UInt64 = 0
    /// Told, before the medium changes, about every range a command is about to write or
    /// discard (WRITE, WRITE AND VERIFY, WRITE SAME, UNMAP, FORMAT UNIT): the dump port's
    /// dump.write-outside-area check watches the boot disk through it.
    @exclusivity(unchecked) public var onMediumChange: ((_ lba: UInt64, _ blocks: UInt64) -> Void)?

    /// Block size and count, cached from the store (fixed for the disk's life).
    public let blockSize: Int
    /// The number of blocks, cached from the store.
    public let blockCount: UInt64

    @exclusivity(unchecked) var pendingUnitAttention: AdditionalSenseCode?
    @exclusivity(unchecked) var deferredSense: SenseData?
    /// One block of scratch memory for WRITE SAME and VERIFY, made at init.
    let scratchBlock: UnsafeMutableRawBufferPointer
    let pages: StaticPages

    /// A disk over `store`. `writeCacheEnabled` is both the current and the default WCE;
    /// `powerOnUnitAttention` starts the disk with 06/29/00 pending.
    public init(store: any BlockStore, identity: SCSIDiskIdentity = SCSIDiskIdentity(),
                limits: SCSIDiskLimits = SCSIDiskLimits(), lun: UInt16 = 0,
                writeCacheEnabled: Bool = true, powerOnUnitAttention: Bool = false) {
        self.store = store
        self.identity = identity
        self.limits = limits
        self.lun = lun
        self.writeCacheEnabled = writeCacheEnabled
        self.defaultWriteCacheEnabled = writeCacheEnabled
        self.blockSize = store.blockSize
        self.blockCount = store.blockCount
        self.pendingUnitAttention = powerOnUnitAttention ? .powerOnOrReset : nil
        self.scratchBlock = .allocate(byteCount: store.blockSize, alignment: 64)
        self.scratchBlock.initializeMemory(as: UInt8.self, repeating: 0)
        self.pages = StaticPages(identity: identity, limits: limits, store: store)
    }

    deinit {
        scratchBlock.deallocate()
    }

    // MARK: - SCSILogicalUnit

    public func execute(_ cdb: SCSICDB, data: inout SCSIDataTransfer) -> SCSICompletion {
        commandsExecuted &+= 1
        let deferred = deferredSense
        deferredSense = nil
        if let status = faults.takeStatusFault() { return SCSICompletion(status: status) }

        let opcode = cdb.operationCode
        let completion: SCSICompletion
        if !Self.ignoresUnitAttention(opcode), let attention = takeUnitAttention() {
            completion = .checkCondition(SenseKey.unitAttention, attention)
        } else if !isStarted && Self.needsStartedUnit(opcode) {
            completion = .notReadyStopped
        } else {
            completion = dispatch(cdb, opcode, &data, deferred: deferred)
        }
        if completion.status == .checkCondition { deferredSense = completion.sense }
        return completion
    }

    public func reset(_ kind: SCSIResetKind) {
        switch kind {
        case .powerOn:
            pendingUnitAttention = .powerOnOrReset
            isStarted = true
        case .bus:
            pendingUnitAttention = .busResetOccurred
        case .target, .logicalUnit:
            pendingUnitAttention = .deviceResetOccurred
        }
        writeCacheEnabled = defaultWriteCacheEnabled
        deferredSense = nil
    }

    // MARK: - Dispatch

    private func dispatch(_ cdb: SCSICDB, _ opcode: UInt8, _ data: inout SCSIDataTransfer,
                          deferred: SenseData?) -> SCSICompletion {
        switch opcode {
        case SCSIOpcode.testUnitReady:
            return .good
        case SCSIOpcode.requestSense:
            return requestSense(cdb, &data, deferred: deferred)
        case SCSIOpcode.inquiry:
            return inquiry(cdb, &data)
        case SCSIOpcode.reportLUNs:
            let own = lun
            return ReportLUNs.respond(cdb, &data, count: 1) { own }
        case SCSIOpcode.readCapacity10:
            return readCapacity10(cdb, &data)
        case SCSIOpcode.serviceActionIn16:
            guard cdb[1] & 0x1F == SCSIServiceAction.readCapacity16 else {
                return .invalidField(inCDBByte: 1, bit: 4)
            }
            return readCapacity16(cdb, &data)
        case SCSIOpcode.read6, SCSIOpcode.read10, SCSIOpcode.read12, SCSIOpcode.read16:
            return read(cdb, &data)
        case SCSIOpcode.write6, SCSIOpcode.write10, SCSIOpcode.write12, SCSIOpcode.write16,
             SCSIOpcode.writeAndVerify10, SCSIOpcode.writeAndVerify16:
            return write(cdb, &data)
        case SCSIOpcode.verify10, SCSIOpcode.verify16:
            return verify(cdb, &data)
        case SCSIOpcode.synchronizeCache10, SCSIOpcode.synchronizeCache16:
            return synchronizeCache(cdb)
        case SCSIOpcode.modeSense6, SCSIOpcode.modeSense10:
            return modeSense(cdb, &data)
        case SCSIOpcode.modeSelect6, SCSIOpcode.modeSelect10:
            return modeSelect(cdb, &data)
        case SCSIOpcode.startStopUnit:
            return startStopUnit(cdb)
        case SCSIOpcode.preventAllowMediumRemoval:
            return .good
        case SCSIOpcode.unmap:
            return unmap(cdb, &data)
        case SCSIOpcode.writeSame10, SCSIOpcode.writeSame16:
            return writeSame(cdb, &data)
        case SCSIOpcode.formatUnit:
            return formatUnit(cdb)
        default:
            return .invalidOpcode
        }
    }

    /// INQUIRY, REPORT LUNS and REQUEST SENSE neither report nor clear a unit attention
    /// (REQUEST SENSE reports it as its parameter data and clears it).
    private static func ignoresUnitAttention(_ opcode: UInt8) -> Bool {
        opcode == SCSIOpcode.inquiry || opcode == SCSIOpcode.reportLUNs || opcode == SCSIOpcode.requestSense
    }

    /// Commands that touch the medium and so fail while the unit is stopped.
    private static func needsStartedUnit(_ opcode: UInt8) -> Bool {
        switch opcode {
        case SCSIOpcode.testUnitReady, SCSIOpcode.readCapacity10, SCSIOpcode.serviceActionIn16,
             SCSIOpcode.read6, SCSIOpcode.read10, SCSIOpcode.read12, SCSIOpcode.read16,
             SCSIOpcode.write6, SCSIOpcode.write10, SCSIOpcode.write12, SCSIOpcode.write16,
             SCSIOpcode.writeAndVerify10, SCSIOpcode.writeAndVerify16,
             SCSIOpcode.verify10, SCSIOpcode.verify16,
             SCSIOpcode.synchronizeCache10, SCSIOpcode.synchronizeCache16,
             SCSIOpcode.unmap, SCSIOpcode.writeSame10, SCSIOpcode.writeSame16, SCSIOpcode.formatUnit:
            return true
        default:
            return false
        }
    }

    /// The reset unit attention, else an injected one; either is cleared by being taken.
    private func takeUnitAttention() -> AdditionalSenseCode? {
        if let pending = pendingUnitAttention {
            pendingUnitAttention = nil
            return pending
        }
        return faults.unitAttention.take()
    }

    // MARK: - Simple commands

    /// REQUEST SENSE: the sense of the previous command's CHECK CONDITION, else a pending unit
    /// attention (cleared), else NOT READY while stopped, else NO SENSE. Fixed format only.
    private func requestSense(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer, deferred: SenseData?) -> SCSICompletion {
        let descriptorFormat: UInt8 = 0x01
        guard cdb[1] & descriptorFormat == 0 else { return .invalidField(inCDBByte: 1, bit: 0) }
        let allocationLength = Int(cdb[4])
        let sense: SenseData
        if let deferred {
            sense = deferred
        } else if let attention = takeUnitAttention() {
            sense = SenseData(key: SenseKey.unitAttention, attention)
        } else if !isStarted {
            sense = SenseData(key: SenseKey.notReady, .notReadyInitializingCommandRequired)
        } else {
            sense = .noSense
        }
        withUnsafeTemporaryAllocation(byteCount: SenseData.fixedLength, alignment: 1) { buffer in
            let length = sense.write(to: buffer)
            data.copyIn(from: UnsafeRawPointer(buffer.baseAddress!), count: min(length, allocationLength))
        }
        return .good
    }

    /// START STOP UNIT: START=0 stops, START=1 starts. LOEJ is ignored (fixed medium) and a
    /// non-zero POWER CONDITION is accepted without changing the started state.
    private func startStopUnit(_ cdb: SCSICDB) -> SCSICompletion {
        let powerCondition = cdb[4] >> 4
        let start: UInt8 = 0x01
        if powerCondition == 0 { isStarted = cdb[4] & start != 0 }
        return .good
    }
}
