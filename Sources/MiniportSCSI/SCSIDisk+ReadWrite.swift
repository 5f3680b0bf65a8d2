/// READ, WRITE, WRITE AND VERIFY, VERIFY and SYNCHRONIZE CACHE.
///
/// Nothing here allocates: CDB fields decode into a value type, data moves between the store
/// and the transfer's segments, and errors are typed.

/// The LBA and length fields of a block command, wherever its CDB size puts them.
struct BlockCommandFields {
    var lba: UInt64
    var count: UInt64
    /// Byte offset of the transfer length field (for sense field pointers).
    var lengthField: Int
    /// Byte 1 of 10-, 12- and 16-byte CDBs (protection, DPO, FUA, BYTCHK); 0 for 6-byte CDBs.
    var flags: UInt8

    /// Protection information fields (RDPROTECT, WRPROTECT, VRPROTECT): byte 1, bits 7...5.
    static let protectionMask: UInt8 = 0xE0
    static let forceUnitAccess: UInt8 = 0x08

    init(lba: UInt64, count: UInt64, lengthField: Int, flags: UInt8) {
        self.lba = lba
        self.count = count
        self.lengthField = lengthField
        self.flags = flags
    }

    /// Decodes by CDB group: 6-byte (21-bit LBA, length 0 meaning 256), 10-byte, 12-byte
    /// and 16-byte forms.
    init(_ cdb: SCSICDB) {
        switch cdb.operationCode >> 5 {
        case 0:
            let lbaHighMask: UInt8 = 0x1F
            let length = UInt64(cdb[4])
            self.init(lba: UInt64(cdb[1] & lbaHighMask) << 16 | cdb.bigEndian(at: 2, width: 2),
                      count: length == 0 ? 256 : length, lengthField: 4, flags: 0)
        case 1, 2:
            self.init(lba: cdb.bigEndian(at: 2, width: 4), count: cdb.bigEndian(at: 7, width: 2),
                      lengthField: 7, flags: cdb[1])
        case 5:
            self.init(lba: cdb.bigEndian(at: 2, width: 4), count: cdb.bigEndian(at: 6, width: 4),
                      lengthField: 6, flags: cdb[1])
        default:
            self.init(lba: cdb.bigEndian(at: 2, width: 8), count: cdb.bigEndian(at: 10, width: 4),
                      lengthField: 10, flags: cdb[1])
        }
    }

    var forceUnitAccess: Bool { flags & Self.forceUnitAccess != 0 }
}

extension SCSIDisk {
    /// Range, protection and transfer-length checks shared by READ, WRITE and VERIFY.
    private func validateTransfer(_ fields: BlockCommandFields) -> SCSICompletion? {
        guard store.contains(lba: fields.lba, count: fields.count) else { return .lbaOutOfRange }
        guard fields.flags & BlockCommandFields.protectionMask == 0 else { return .invalidField(inCDBByte: 1, bit: 7) }
        guard fields.count <= UInt64(limits.maximumTransferLength) else {
            return .invalidField(inCDBByte: fields.lengthField)
        }
        return nil
    }

    /// The completion for a store failure.
    func completion(for error: BlockStoreError) -> SCSICompletion {
        switch error {
        case .readFailed(let lba): return .unrecoveredReadError(lba: lba)
        case .writeFailed(let lba): return .writeError(lba: lba)
        case .writeProtected: return .writeProtected
        case .outOfRange: return .lbaOutOfRange
        }
    }

    /// READ(6/10/12/16). Blocks before an injected medium error are delivered; the error's
    /// INFORMATION field names the failing LBA.
    func read(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let fields = BlockCommandFields(cdb)
        if let failure = validateTransfer(fields) { return failure }
        guard fields.count > 0 else { return .good }
        let failing = faults.firstMediumError(lba: fields.lba, count: fields.count, operation: .read)
        let readable = failing.map { $0 - fields.lba } ?? fields.count
        do throws(BlockStoreError) {
            try store.read(lba: fields.lba, count: readable, into: &data)
        } catch {
            return completion(for: error)
        }
        if let failing { return .unrecoveredReadError(lba: failing) }
        return .good
    }

    /// WRITE(6/10/12/16) and WRITE AND VERIFY(10/16). Data lands in the store as it is read
    /// from the transfer; FUA, WRITE AND VERIFY and a disabled write cache flush before GOOD.
    func write(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let fields = BlockCommandFields(cdb)
        if let failure = validateTransfer(fields) { return failure }
        guard !store.isReadOnly else { return .writeProtected }
        guard fields.count > 0 else { return .good }
        if faults.droppedWrites.take() {   // a lost write: GOOD, the data never reaches the store
            data.transferred = Int(min(UInt64(data.count), fields.count &* UInt64(blockSize)))
            return .good
        }
        let failing = faults.firstMediumError(lba: fields.lba, count: fields.count, operation: .write)
        let writable = failing.map { $0 - fields.lba } ?? fields.count
        if writable > 0 { onMediumChange?(fields.lba, writable) }
        let opcode = cdb.operationCode
        let verifies = opcode == SCSIOpcode.writeAndVerify10 || opcode == SCSIOpcode.writeAndVerify16
        do throws(BlockStoreError) {
            try store.write(lba: fields.lba, count: writable, from: &data)
            if let failing { return .writeError(lba: failing) }
            if fields.forceUnitAccess || verifies || !writeCacheEnabled { try store.flush() }
        } catch {
            return completion(for: error)
        }
        return .good
    }

    /// VERIFY(10/16). BYTCHK 00b checks the range (and injected read faults) only; 01b compares
    /// the Data-Out buffer with the medium; 11b compares one Data-Out block with every block.
    /// A difference is MISCOMPARE 0E/1D/00 with INFORMATION = offset of the first differing
    /// byte in the Data-Out buffer.
    func verify(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let fields = BlockCommandFields(cdb)
        if let failure = validateTransfer(fields) { return failure }
        let byteCheck = (fields.flags >> 1) & 0x03
        let noCompare: UInt8 = 0b00, compareAll: UInt8 = 0b01, reserved: UInt8 = 0b10
        guard byteCheck != reserved else { return .invalidField(inCDBByte: 1, bit: 2) }
        guard fields.count > 0 else { return .good }
        if let failing = faults.firstMediumError(lba: fields.lba, count: fields.count, operation: .read) {
            return .unrecoveredReadError(lba: failing)
        }
        if byteCheck == noCompare { return .good }

        for index in 0..<fields.count {
            do throws(BlockStoreError) {
                try store.read(byteOffset: (fields.lba + index) * UInt64(blockSize), into: scratchBlock)
            } catch {
                return completion(for: error)
            }
            let offset = byteCheck == compareAll ? Int(index) * blockSize : 0
            guard offset < data.count else { break }  // nothing left to compare against
            if let difference = firstDifference(in: data, at: offset) {
                return .checkCondition(SenseKey.miscompare, .miscompareDuringVerify,
                                       information: UInt32(truncatingIfNeeded: offset + difference))
            }
            data.transferred = max(data.transferred, min(data.count, offset + blockSize))
        }
        return .good
    }

    /// The first byte of `data[offset ..< offset + blockSize]` that differs from
    /// ``scratchBlock``, relative to `offset`; bytes beyond the buffer are not compared.
    private func firstDifference(in data: SCSIDataTransfer, at offset: Int) -> Int? {
        var difference: Int?
        let medium = UnsafeRawBufferPointer(scratchBlock)
        data.forEachSegment(offset: offset, count: blockSize) { piece, at in
            guard difference == nil else { return }
            for index in 0..<piece.count where piece[index] != medium[at + index] {
                difference = at + index
                return
            }
        }
        return difference
    }

    /// SYNCHRONIZE CACHE(10/16): a NUMBER OF LOGICAL BLOCKS of 0 means "to the last block".
    func synchronizeCache(_ cdb: SCSICDB) -> SCSICompletion {
        let fields = BlockCommandFields(cdb)
        let count = fields.count == 0 ? blockCount &- min(fields.lba, blockCount) : fields.count
        guard fields.lba < blockCount, store.contains(lba: fields.lba, count: count) else { return .lbaOutOfRange }
        do throws(BlockStoreError) {
            try store.flush()
        } catch {
            return completion(for: error)
        }
        return .good
    }
}
