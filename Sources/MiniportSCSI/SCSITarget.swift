/// A SCSI target: one ID on a bus, holding up to 256 logical units.
///
/// The target answers REPORT LUNS itself, for any LUN, and speaks for LUNs that have no
/// logical unit: INQUIRY shows peripheral qualifier 011b / type 1Fh, REQUEST SENSE returns
/// LOGICAL UNIT NOT SUPPORTED as its data, and every other command gets CHECK CONDITION
/// 05/25/00. Everything else goes to the logical unit unchanged.
public final class SCSITarget {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// LUNs 0...255.
    public static let maximumLUNs = 256
    /// Length of the INQUIRY data returned for a LUN without a logical unit.
    static let absentUnitInquiryLength = 36
    static let absentUnitAdditionalLength: UInt8 = 31

    /// The target ID on its bus.
    public let id: UInt8
    @exclusivity(unchecked) private var units: [(any SCSILogicalUnit)?] {
        didSet { refreshDisks() }
    }
    /// The units that are ``SCSIDisk``s, unretained (`units` holds them): a command for one is
    /// a direct call, with no existential dispatch and no reference counting.
    private let disks: UnsafeMutablePointer<Unmanaged<SCSIDisk>?>

    /// A target at `id` with no logical units.
    public init(id: UInt8) {
        self.id = id
        disks = .allocate(capacity: Self.maximumLUNs)
        disks.initialize(repeating: nil, count: Self.maximumLUNs)
        units = Array(repeating: nil, count: Self.maximumLUNs)
    }

    deinit { disks.deallocate() }

    private func refreshDisks() {
        for lun in 0..<Self.maximumLUNs {
            disks[lun] = (units[lun] as? SCSIDisk).map { Unmanaged.passUnretained($0) }
        }
    }

    /// The logical unit at `lun`, or nil; out-of-range LUNs have none. Looking up allocates
    /// nothing.
    public subscript(lun: Int) -> (any SCSILogicalUnit)? {
        get { lun >= 0 && lun < Self.maximumLUNs ? units[lun] : nil }
        set {
            precondition(lun >= 0 && lun < Self.maximumLUNs, "LUN \(lun) outside 0...255")
            units[lun] = newValue
        }
    }

    /// Why a logical unit cannot be attached.
    public enum AttachError: Error, Sendable, Equatable {
        /// The LUN is outside 0...255.
        case lunOutOfRange(Int)
        /// A logical unit already occupies the LUN.
        case lunInUse(Int)
    }

    /// Places `unit` at a free `lun`.
    public func attach(_ unit: any SCSILogicalUnit, lun: Int) throws(AttachError) {
        guard lun >= 0 && lun < Self.maximumLUNs else { throw .lunOutOfRange(lun) }
        guard units[lun] == nil else { throw .lunInUse(lun) }
        units[lun] = unit
    }

    /// Removes the unit at `lun`, returning it.
    @discardableResult
    public func detach(lun: Int) -> (any SCSILogicalUnit)? {
        let unit = self[lun]
        self[lun] = nil
        return unit
    }

    /// LUNs that hold a logical unit, ascending.
    public var populatedLUNs: [Int] { units.indices.filter { units[$0] != nil } }

    /// Executes `cdb` for a 64-bit SAM LUN as a transport carries it; LUNs above 255 have no
    /// logical unit.
    public func execute(lun: UInt64, cdb: SCSICDB, data: inout SCSIDataTransfer) -> SCSICompletion {
        execute(lun: lun < UInt64(Self.maximumLUNs) ? Int(lun) : -1, cdb: cdb, data: &data)
    }

    /// Executes `cdb` for `lun` (negative or above 255: no logical unit).
    public func execute(lun: Int, cdb: SCSICDB, data: inout SCSIDataTransfer) -> SCSICompletion {
        let opcode = cdb.operationCode
        if opcode == SCSIOpcode.reportLUNs { return reportLUNs(cdb, &data) }
        if lun >= 0, lun < Self.maximumLUNs, let disk = disks[lun] {
            return disk._withUnsafeGuaranteedRef { $0.execute(cdb, data: &data) }
        }
        if let unit = self[lun] { return unit.execute(cdb, data: &data) }
        switch opcode {
        case SCSIOpcode.inquiry:
            return absentUnitInquiry(cdb, &data)
        case SCSIOpcode.requestSense:
            return absentUnitRequestSense(cdb, &data)
        default:
            return .logicalUnitNotSupported
        }
    }

    /// Forwards a reset to every logical unit.
    public func reset(_ kind: SCSIResetKind) {
        for case let unit? in units { unit.reset(kind) }
    }

    // MARK: - Commands answered by the target

    private func reportLUNs(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        var populated = 0
        for unit in units where unit != nil { populated += 1 }
        var lun = -1
        return ReportLUNs.respond(cdb, &data, count: populated) {
            repeat { lun += 1 } while units[lun] == nil
            return UInt16(lun)
        }
    }

    /// Standard INQUIRY data for a LUN with no logical unit; VPD pages are not available.
    private func absentUnitInquiry(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let evpd: UInt8 = 0x01
        guard cdb[1] & evpd == 0 else { return .logicalUnitNotSupported }
        let allocationLength = Int(cdb.bigEndian(at: 3, width: 2))
        Response.send(&data, allocationLength: allocationLength, capacity: Self.absentUnitInquiryLength) { page in
            StaticPages.buildStandardInquiry(&page, peripheral: PeripheralDevice.notSupported)
            page[4] = Self.absentUnitAdditionalLength
            page[7] = 0
            page.reserve(upTo: Self.absentUnitInquiryLength)
        }
        return .good
    }

    /// REQUEST SENSE for a LUN with no logical unit: GOOD, with 05/25/00 as the sense data.
    private func absentUnitRequestSense(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let allocationLength = Int(cdb[4])
        let sense = SenseData(key: SenseKey.illegalRequest, .logicalUnitNotSupported)
        withUnsafeTemporaryAllocation(byteCount: SenseData.fixedLength, alignment: 1) { buffer in
            let length = sense.write(to: buffer)
            data.copyIn(from: UnsafeRawPointer(buffer.baseAddress!), count: min(length, allocationLength))
        }
        return .good
    }
}

/// A SCSI bus: targets by ID 0...255.
public final class SCSIBus {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// Target IDs 0...255.
    public static let maximumTargets = 256
    @exclusivity(unchecked) private var targets: [SCSITarget?] {
        didSet {
            for id in 0..<Self.maximumTargets { targetReferences[id] = targets[id].map { Unmanaged.passUnretained($0) } }
        }
    }
    /// `targets` unretained (the array holds them), for ``withTarget(_:_:)``.
    private let targetReferences: UnsafeMutablePointer<Unmanaged<SCSITarget>?>

    /// An empty bus.
    public init() {
        targetReferences = .allocate(capacity: Self.maximumTargets)
        targetReferences.initialize(repeating: nil, count: Self.maximumTargets)
        targets = Array(repeating: nil, count: Self.maximumTargets)
    }

    deinit { targetReferences.deallocate() }

    /// `body` applied to the target with `id` without counting a reference to it (the bus
    /// keeps it); nil when there is none. What a transport's command path uses.
    @inline(__always)
    public func withTarget<T>(_ id: Int, _ body: (SCSITarget) -> T) -> T? {
        guard id >= 0, id < Self.maximumTargets, let target = targetReferences[id] else { return nil }
        return target._withUnsafeGuaranteedRef(body)
    }

    /// Whether a target answers at `id`.
    public func hasTarget(_ id: Int) -> Bool {
        id >= 0 && id < Self.maximumTargets && targetReferences[id] != nil
    }

    /// The target with `id`, or nil.
    public subscript(id: Int) -> SCSITarget? {
        id >= 0 && id < Self.maximumTargets ? targets[id] : nil
    }

    /// Places `target` at its ID, replacing any target there.
    public func attach(_ target: SCSITarget) {
        targets[Int(target.id)] = target
    }

    /// Removes the target with `id`, returning it.
    @discardableResult
    public func detach(id: Int) -> SCSITarget? {
        guard let target = self[id] else { return nil }
        targets[id] = nil
        return target
    }

    /// The target with `id`, created empty if missing.
    public func target(_ id: UInt8) -> SCSITarget {
        if let existing = targets[Int(id)] { return existing }
        let target = SCSITarget(id: id)
        targets[Int(id)] = target
        return target
    }

    /// IDs that hold a target, ascending.
    public var populatedIDs: [Int] { targets.indices.filter { targets[$0] != nil } }

    /// Executes `cdb` at `target`/`lun`; nil when no target answers at that ID (the transport
    /// reports a selection timeout).
    public func execute(target id: Int, lun: Int, cdb: SCSICDB, data: inout SCSIDataTransfer) -> SCSICompletion? {
        self[id]?.execute(lun: lun, cdb: cdb, data: &data)
    }

    /// A bus reset: every logical unit of every target reports 06/29/02 next.
    public func reset() {
        for case let target? in targets { target.reset(.bus) }
    }
}
