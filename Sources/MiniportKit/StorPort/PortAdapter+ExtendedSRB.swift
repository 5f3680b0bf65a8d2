import CMiniportABI

#if canImport(Glibc)
import Glibc
#endif

/// Extended SRBs (STORAGE_REQUEST_BLOCK) for StorPort miniports that set
/// SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK in HW_INITIALIZATION_DATA.SrbTypeFlags.
///
/// The slot's SCSI_REQUEST_BLOCK stays the port's record of the request; what the miniport gets
/// is the slot's extended SRB, built from that record each time the request becomes active
/// (``buildExtendedSRB(_:)``), in preallocated per-slot memory (nothing allocated per I/O). At
/// RequestComplete the port checks the extended SRB before it reads anything from it
/// (``adoptExtendedCompletion(_:)``, rule srb.extended-invalid) and copies the completion
/// (SrbStatus, DataTransferLength, and ScsiStatus / SenseInfoBufferLength from the CDB block)
/// into its record; from there on both kinds take the same path. docs/extended-srb.md.
///
/// The port's layout, in the slot's ``extendedSRBStride`` bytes:
/// the STORAGE_REQUEST_BLOCK with room for two SrbExDataOffset entries (128 bytes), the
/// STOR_ADDR_BTL8 at 128, then the data blocks from 144, each 8-byte aligned.
/// The srb.h *_LENGTH constants (sizeof expressions, which Swift does not import): the bytes
/// of each data block after its Type and Length (ExtendedSRBTests checks them against the C
/// headers' values).
enum SRBExLength {
    static let SRBEX_DATA_BIDIRECTIONAL_LENGTH: ULONG = 16
    static let SRBEX_DATA_SCSI_CDB16_LENGTH: ULONG = 32
    static let SRBEX_DATA_SCSI_CDB32_LENGTH: ULONG = 48
    static let SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN: ULONG = 24
    static let SRBEX_DATA_WMI_LENGTH: ULONG = 16
    static let SRBEX_DATA_POWER_LENGTH: ULONG = 12
    static let SRBEX_DATA_PNP_LENGTH: ULONG = 16
    static let SRBEX_DATA_IO_INFO_LENGTH: ULONG = 24
}

extension PortAdapter {
    /// Bytes between two slots' extended SRBs (what the port builds fits with room to spare).
    static var extendedSRBStride: Int { 256 }
    static var extendedAddressOffset: Int { 128 }
    static var extendedBlocksOffset: Int { 144 }
    /// Where SrbExDataOffset[0] lies in the header.
    static var extendedOffsetTable: Int { 0x78 }

    /// Whether the adapter hands its miniport extended SRBs.
    public var usesExtendedSRBs: Bool { srbExBlock != nil }

    /// The extended SRB for the slot's request, from the port's record (`slot.srb`).
    func buildExtendedSRB(_ slot: RequestSlot) {
        guard let ex = slot.srbEx else { return }
        let record = slot.srb.pointee
        ex.initializeMemory(as: UInt8.self, repeating: 0, count: Self.extendedSRBStride)
        let header = ex.assumingMemoryBound(to: STORAGE_REQUEST_BLOCK.self)
        header.pointee.Length = USHORT(MemoryLayout<STORAGE_REQUEST_BLOCK>.offset(of: \.Signature)!)
        header.pointee.Function = UCHAR(SRB_FUNCTION_STORAGE_REQUEST_BLOCK)
        header.pointee.SrbStatus = record.SrbStatus
        header.pointee.Signature = ULONG(SRB_SIGNATURE)
        header.pointee.Version = ULONG(STORAGE_REQUEST_BLOCK_VERSION_1)
        header.pointee.SrbFunction = ULONG(record.Function)
        header.pointee.SrbFlags = record.SrbFlags
        // PnP and power requests keep their parameters where a SCSI_REQUEST_BLOCK has the queue
        // tag and action (see applyFunctionParameters): they go untagged, as simple requests.
        let parameters = Int32(record.Function) == SRB_FUNCTION_PNP || Int32(record.Function) == SRB_FUNCTION_POWER
            || Int32(record.Function) == SRB_FUNCTION_WMI
        header.pointee.RequestTag = parameters ? ULONG(spUntagged) : ULONG(record.QueueTag)
        header.pointee.RequestPriority = USHORT(StorIoPriorityNormal.rawValue)
        header.pointee.RequestAttribute = parameters ? USHORT(SRB_SIMPLE_TAG_REQUEST) : USHORT(record.QueueAction)
        header.pointee.TimeOutValue = record.TimeOutValue
        header.pointee.AddressOffset = ULONG(Self.extendedAddressOffset)
        header.pointee.DataTransferLength = record.DataTransferLength
        header.pointee.DataBuffer = record.DataBuffer
        header.pointee.OriginalRequest = record.OriginalRequest
        header.pointee.MiniportContext = record.SrbExtension
        let address = (ex + Self.extendedAddressOffset).assumingMemoryBound(to: STOR_ADDR_BTL8.self)
        address.pointee.Type = USHORT(STOR_ADDRESS_TYPE_BTL8)
        address.pointee.Port = 0
        address.pointee.AddressLength = ULONG(STOR_ADDR_BTL8_ADDRESS_LENGTH)
        address.pointee.Path = record.PathId
        address.pointee.Target = record.TargetId
        address.pointee.Lun = record.Lun

        var next = Self.extendedBlocksOffset
        var count = 0
        func place(_ size: Int) -> UnsafeMutableRawPointer {
            let at = ex + next
            (ex + Self.extendedOffsetTable + 4 * count).storeBytes(of: ULONG(next), as: ULONG.self)
            count += 1
            next += (size + 7) & ~7
            return at
        }
        switch Int32(record.Function) {
        case SRB_FUNCTION_EXECUTE_SCSI where slot.cdbLength > 16:
            // A CDB of 17 to 32 bytes: the SRBEX_DATA_SCSI_CDB32 block.
            let cdb = place(MemoryLayout<SRBEX_DATA_SCSI_CDB32>.size).assumingMemoryBound(to: SRBEX_DATA_SCSI_CDB32.self)
            cdb.pointee.Type = SrbExDataTypeScsiCdb32
            cdb.pointee.Length = SRBExLength.SRBEX_DATA_SCSI_CDB32_LENGTH
            cdb.pointee.ScsiStatus = record.ScsiStatus
            cdb.pointee.SenseInfoBufferLength = record.SenseInfoBufferLength
            cdb.pointee.CdbLength = UCHAR(slot.cdbLength)
            cdb.pointee.SenseInfoBuffer = record.SenseInfoBuffer
            withUnsafeMutableBytes(of: &cdb.pointee.Cdb) { bytes in
                withUnsafeBytes(of: record.Cdb) { bytes.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 16) }
                withUnsafeBytes(of: slot.longCdb) { (bytes.baseAddress! + 16).copyMemory(from: $0.baseAddress!, byteCount: 16) }
            }
        case SRB_FUNCTION_EXECUTE_SCSI:
            let cdb = place(MemoryLayout<SRBEX_DATA_SCSI_CDB16>.size).assumingMemoryBound(to: SRBEX_DATA_SCSI_CDB16.self)
            cdb.pointee.Type = SrbExDataTypeScsiCdb16
            cdb.pointee.Length = SRBExLength.SRBEX_DATA_SCSI_CDB16_LENGTH
            cdb.pointee.ScsiStatus = record.ScsiStatus
            cdb.pointee.SenseInfoBufferLength = record.SenseInfoBufferLength
            cdb.pointee.CdbLength = record.CdbLength
            cdb.pointee.SenseInfoBuffer = record.SenseInfoBuffer
            cdb.pointee.Cdb = record.Cdb
            if let stor, stor.hw.FeatureSupport & ULONG(STOR_FEATURE_EXTRA_IO_INFORMATION) != 0,
               Self.isReadWrite(withUnsafeBytes(of: record.Cdb) { $0[0] }) {
                let info = place(MemoryLayout<SRBEX_DATA_IO_INFO>.size).assumingMemoryBound(to: SRBEX_DATA_IO_INFO.self)
                info.pointee.Type = SrbExDataTypeIoInfo
                info.pointee.Length = SRBExLength.SRBEX_DATA_IO_INFO_LENGTH
                info.pointee.Flags = Self.requestInfoFlags(record)
                info.pointee.Key = 0
                info.pointee.RWLength = record.DataTransferLength
                info.pointee.IsWriteRequest = record.SrbFlags & ULONG(SRB_FLAGS_DATA_OUT) != 0 ? 1 : 0
                info.pointee.CachePriority = 0
            }
        case SRB_FUNCTION_PNP:
            let request = UnsafeRawPointer(slot.srb).load(as: SCSI_PNP_REQUEST_BLOCK.self)
            let pnp = place(MemoryLayout<SRBEX_DATA_PNP>.size).assumingMemoryBound(to: SRBEX_DATA_PNP.self)
            pnp.pointee.Type = SrbExDataTypePnP
            pnp.pointee.Length = SRBExLength.SRBEX_DATA_PNP_LENGTH
            pnp.pointee.PnPSubFunction = request.PnPSubFunction
            pnp.pointee.PnPAction = request.PnPAction
            pnp.pointee.SrbPnPFlags = request.SrbPnPFlags
        case SRB_FUNCTION_POWER:
            let request = UnsafeRawPointer(slot.srb).load(as: SCSI_POWER_REQUEST_BLOCK.self)
            let power = place(MemoryLayout<SRBEX_DATA_POWER>.size).assumingMemoryBound(to: SRBEX_DATA_POWER.self)
            power.pointee.Type = SrbExDataTypePower
            power.pointee.Length = SRBExLength.SRBEX_DATA_POWER_LENGTH
            power.pointee.SrbPowerFlags = request.SrbPowerFlags
            power.pointee.DevicePowerState = request.DevicePowerState
            power.pointee.PowerAction = request.PowerAction
        case SRB_FUNCTION_WMI:
            let request = UnsafeRawPointer(slot.srb).load(as: SCSI_WMI_REQUEST_BLOCK.self)
            let wmi = place(MemoryLayout<SRBEX_DATA_WMI>.size).assumingMemoryBound(to: SRBEX_DATA_WMI.self)
            wmi.pointee.Type = SrbExDataTypeWmi
            wmi.pointee.Length = SRBExLength.SRBEX_DATA_WMI_LENGTH
            wmi.pointee.WMISubFunction = request.WMISubFunction
            wmi.pointee.WMIFlags = request.WMIFlags
            wmi.pointee.DataPath = request.DataPath
        default:
            // SRB_FUNCTION_DUMP_POINTERS, FREE_DUMP_POINTERS, FLUSH, SHUTDOWN, IO_CONTROL, resets:
            // everything they carry is in the header (DataBuffer / DataTransferLength).
            break
        }
        header.pointee.NumSrbExData = ULONG(count)
        header.pointee.SrbLength = ULONG(next)
        slot.srbExLength = next
        slot.srbExBlocks = count
    }

    /// REQUEST_INFO_*_FLAG for a request, as SRBEX_DATA_IO_INFO and StorPortGetRequestInfo
    /// report them. No I/O manager sits above the port: no file object, no cache or paging
    /// hints; a WRITE with FUA set is write-through.
    static func requestInfoFlags(_ record: SCSI_REQUEST_BLOCK) -> ULONG {
        var flags = ULONG(REQUEST_INFO_NO_FILE_OBJECT_FLAG)
        let (operation, byte1) = withUnsafeBytes(of: record.Cdb) { ($0[0], $0[1]) }
        let isWrite = operation == 0x2A || operation == 0xAA || operation == 0x8A
        if isWrite && byte1 & 0x08 != 0 { flags |= ULONG(REQUEST_INFO_WRITE_THROUGH_FLAG) }
        return flags
    }

    /// READ / WRITE (6, 10, 12, 16): the requests SRBEX_DATA_IO_INFO describes.
    static func isReadWrite(_ operation: UInt8) -> Bool {
        switch operation {
        case 0x08, 0x0A, 0x28, 0x2A, 0xA8, 0xAA, 0x88, 0x8A: return true
        default: return false
        }
    }

    /// The length a data block of `type` declares at least; nil for a type the port does not know.
    static func minimumBlockLength(_ type: ULONG) -> ULONG? {
        switch type {
        case ULONG(SrbExDataTypeBidirectional.rawValue): return SRBExLength.SRBEX_DATA_BIDIRECTIONAL_LENGTH
        case ULONG(SrbExDataTypeScsiCdb16.rawValue): return SRBExLength.SRBEX_DATA_SCSI_CDB16_LENGTH
        case ULONG(SrbExDataTypeScsiCdb32.rawValue): return SRBExLength.SRBEX_DATA_SCSI_CDB32_LENGTH
        case ULONG(SrbExDataTypeScsiCdbVar.rawValue): return SRBExLength.SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN
        case ULONG(SrbExDataTypeWmi.rawValue): return SRBExLength.SRBEX_DATA_WMI_LENGTH
        case ULONG(SrbExDataTypePower.rawValue): return SRBExLength.SRBEX_DATA_POWER_LENGTH
        case ULONG(SrbExDataTypePnP.rawValue): return SRBExLength.SRBEX_DATA_PNP_LENGTH
        case ULONG(SrbExDataTypeIoInfo.rawValue): return SRBExLength.SRBEX_DATA_IO_INFO_LENGTH
        default: return nil
        }
    }

    /// RequestComplete for an extended SRB: checks what the miniport may have changed before
    /// reading it (srb.extended-invalid), then copies the completion into the port's record.
    /// Every read stays inside the slot's ``extendedSRBStride`` bytes: the blocks are looked at
    /// only once SrbLength is the length the port built.
    func adoptExtendedCompletion(_ slot: RequestSlot) {
        guard let ex = slot.srbEx else { return }
        let header = ex.assumingMemoryBound(to: STORAGE_REQUEST_BLOCK.self)
        let record = slot.srb.pointee
        // Nil until a problem is found: even an empty array is released once per request.
        var problems: [String]?
        func problem(_ text: String) { problems = (problems ?? []) + [text] }
        func hex<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16) }
        if header.pointee.Function != UCHAR(SRB_FUNCTION_STORAGE_REQUEST_BLOCK) {
            problem("Function \(hex(header.pointee.Function)) (not SRB_FUNCTION_STORAGE_REQUEST_BLOCK)")
        }
        if header.pointee.Signature != ULONG(SRB_SIGNATURE) { problem("Signature \(hex(header.pointee.Signature))") }
        if header.pointee.Version != ULONG(STORAGE_REQUEST_BLOCK_VERSION_1) { problem("Version \(header.pointee.Version)") }
        if header.pointee.SrbFunction != ULONG(record.Function) {
            problem("SrbFunction \(hex(header.pointee.SrbFunction)), sent as \(hex(record.Function))")
        }
        if header.pointee.AddressOffset != ULONG(Self.extendedAddressOffset) {
            problem("AddressOffset \(header.pointee.AddressOffset), sent as \(Self.extendedAddressOffset)")
        }
        let srbLength = header.pointee.SrbLength
        let lengthValid = srbLength == ULONG(slot.srbExLength)
        if !lengthValid { problem("SrbLength \(srbLength), sent as \(slot.srbExLength)") }
        let sentBlocks = slot.srbExBlocks
        let blockCount = header.pointee.NumSrbExData
        let countValid = blockCount == ULONG(sentBlocks)
        if !countValid { problem("NumSrbExData \(blockCount), sent as \(sentBlocks)") }
        var cdbBlock: Int?
        if lengthValid && countValid {
            let tableEnd = Self.extendedOffsetTable + 4 * Int(blockCount)
            for index in 0..<Int(blockCount) {
                let offset = Int(ex.load(fromByteOffset: Self.extendedOffsetTable + 4 * index, as: ULONG.self))
                guard offset >= tableEnd, offset % 8 == 0, offset <= Int(srbLength) - 8 else {
                    problem("SrbExDataOffset[\(index)] \(offset) (outside the \(srbLength)-byte SRB or misaligned)")
                    continue
                }
                let type = ex.load(fromByteOffset: offset, as: ULONG.self)
                let length = ex.load(fromByteOffset: offset + 4, as: ULONG.self)
                guard let minimum = Self.minimumBlockLength(type) else {
                    problem("SrbExDataOffset[\(index)]: block type \(hex(type)) is unknown")
                    continue
                }
                guard length >= minimum, Int(length) <= Int(srbLength) - offset - 8 else {
                    problem("SrbExDataOffset[\(index)]: block \(hex(type)) declares Length \(length) "
                        + "(at least \(minimum), at most \(Int(srbLength) - offset - 8) bytes left in the SRB)")
                    continue
                }
                if cdbBlock == nil, type == ULONG(SrbExDataTypeScsiCdb16.rawValue) || type == ULONG(SrbExDataTypeScsiCdb32.rawValue)
                    || type == ULONG(SrbExDataTypeScsiCdbVar.rawValue) {
                    cdbBlock = offset
                }
            }
        }
        if let problems {
            driver.violate(.srbExtendedInvalid, "request \(slot.index) (function \(hex(record.Function)), operation "
                + hex(withUnsafeBytes(of: record.Cdb) { $0[0] }) + ") completed with an extended SRB the port cannot read: "
                + problems.joined(separator: ", ") + "; ended with SRB_STATUS_ERROR")
            slot.srb.pointee.SrbStatus = UCHAR(SRB_STATUS_ERROR)
            slot.srb.pointee.ScsiStatus = 0
            slot.srb.pointee.DataTransferLength = 0
            slot.srb.pointee.SenseInfoBufferLength = 0
            buildExtendedSRB(slot)
            return
        }
        slot.srb.pointee.SrbStatus = header.pointee.SrbStatus
        slot.srb.pointee.DataTransferLength = header.pointee.DataTransferLength
        if let cdbBlock {
            // ScsiStatus and SenseInfoBufferLength sit at the same offsets in all three CDB blocks.
            slot.srb.pointee.ScsiStatus = ex.load(fromByteOffset: cdbBlock + 8, as: UInt8.self)
            slot.srb.pointee.SenseInfoBufferLength = ex.load(fromByteOffset: cdbBlock + 9, as: UInt8.self)
        } else {
            slot.srb.pointee.ScsiStatus = 0
            slot.srb.pointee.SenseInfoBufferLength = 0
        }
    }
}

// MARK: PnP and power requests

extension PortAdapter {
    /// Writes SRB_FUNCTION_PNP / _POWER parameters where SCSI_PNP_REQUEST_BLOCK and
    /// SCSI_POWER_REQUEST_BLOCK keep them (the same bytes in both); the extended SRB's
    /// SRBEX_DATA_PNP / _POWER block is built from them.
    func applyFunctionParameters(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>, _ parameters: (UInt8, UInt32, UInt32)) {
        let raw = UnsafeMutableRawPointer(srb)
        raw.storeBytes(of: parameters.0, toByteOffset: 4, as: UInt8.self)
        raw.storeBytes(of: parameters.1, toByteOffset: 8, as: UInt32.self)
        raw.storeBytes(of: parameters.2, toByteOffset: 0x40, as: UInt32.self)
    }

    /// SRB_FUNCTION_WMI: WMISubFunction at 4 (set by applyFunctionParameters) and WMIFlags at 9.
    func applyWMIFlags(_ srb: UnsafeMutablePointer<SCSI_REQUEST_BLOCK>, _ flags: UInt8) {
        UnsafeMutableRawPointer(srb).storeBytes(of: flags, toByteOffset: 9, as: UInt8.self)
    }

    /// SRB_FUNCTION_PNP, as StorPort sends it for a unit's (or, with `adapterRequest`, the
    /// adapter's) PnP events: a SCSI_PNP_REQUEST_BLOCK, or an extended SRB with an SRBEX_DATA_PNP
    /// block. The miniport completes it like any request.
    @discardableResult
    public func sendPnP(_ action: STOR_PNP_ACTION, pathId: UInt8 = 0, targetId: UInt8 = 0, lun: UInt8 = 0,
                        adapterRequest: Bool = false) -> Result {
        var request = Request(pathId: pathId, targetId: targetId, lun: lun, cdb: [0], timeout: 10, senseLength: 0)
        request.function = UInt8(SRB_FUNCTION_PNP)
        request.functionParameters = (0, action.rawValue, adapterRequest ? UInt32(SRB_PNP_FLAGS_ADAPTER_REQUEST) : 0)
        return execute(request)
    }

    /// SRB_FUNCTION_WMI, as the port sends a WMI request (IRP_MN_* minor function `subFunction`)
    /// to a miniport that registered WMI support: a SCSI_WMI_REQUEST_BLOCK (DataPath, WMISubFunction,
    /// WMIFlags), or an extended SRB with an SRBEX_DATA_WMI block. `buffer` holds the WNODE (or
    /// WMIREGINFO) the miniport answers in; `dataPath` usually points at the data block's GUID.
    @discardableResult
    public func sendWMI(_ subFunction: UInt8, dataPath: UnsafeMutableRawPointer?, buffer: UnsafeMutableRawBufferPointer?,
                        pathId: UInt8 = 0, targetId: UInt8 = 0, lun: UInt8 = 0, adapterRequest: Bool = true) -> Result {
        var request = Request(pathId: pathId, targetId: targetId, lun: lun, cdb: [0],
                              direction: buffer == nil ? .none : .dataIn, buffer: buffer, timeout: 10, senseLength: 0)
        request.function = UInt8(SRB_FUNCTION_WMI)
        request.wmiDataPath = dataPath
        request.functionParameters = (subFunction, 0, 0)
        request.wmiFlags = adapterRequest ? UInt8(SRB_WMI_FLAGS_ADAPTER_REQUEST) : 0
        return execute(request)
    }

    /// SRB_FUNCTION_POWER for a unit (or, with `adapterRequest`, the adapter): a
    /// SCSI_POWER_REQUEST_BLOCK, or an extended SRB with an SRBEX_DATA_POWER block.
    @discardableResult
    public func sendPower(_ state: STOR_DEVICE_POWER_STATE, action: STOR_POWER_ACTION = StorPowerActionNone,
                          pathId: UInt8 = 0, targetId: UInt8 = 0, lun: UInt8 = 0, adapterRequest: Bool = false) -> Result {
        var request = Request(pathId: pathId, targetId: targetId, lun: lun, cdb: [0], timeout: 10, senseLength: 0)
        request.function = UInt8(SRB_FUNCTION_POWER)
        request.functionParameters = (adapterRequest ? UInt8(SRB_POWER_FLAGS_ADAPTER_REQUEST) : 0, state.rawValue, action.rawValue)
        return execute(request)
    }
}
