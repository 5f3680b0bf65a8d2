/// UNMAP, WRITE SAME and FORMAT UNIT: commands that write or discard many blocks at once.

/// The UNMAP parameter list layout (SBC-3 5.28.2).
enum UnmapParameters {
    static let headerLength = 8
    static let descriptorLength = 16
    /// Offset of BLOCK DESCRIPTOR DATA LENGTH in the header.
    static let descriptorDataLengthField = 2
    /// Offsets inside one block descriptor.
    static let lbaField = 0
    static let countField = 8
}

extension SCSIDisk {
    /// UNMAP: discards the ranges of the block descriptors. Every descriptor is checked (range,
    /// totals against the Block Limits page) before any block is discarded.
    func unmap(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        guard store.supportsUnmap else { return .invalidOpcode }
        let anchor: UInt8 = 0x01
        guard cdb[1] & anchor == 0 else { return .invalidField(inCDBByte: 1, bit: 0) }
        guard !store.isReadOnly else { return .writeProtected }
        let listLength = Int(cdb.bigEndian(at: 7, width: 2))
        guard listLength > 0 else { return .good }
        guard listLength >= UnmapParameters.headerLength, data.count >= listLength else {
            return .parameterListLengthError
        }

        var header: UInt64 = 0
        withUnsafeMutableBytes(of: &header) { raw in
            _ = data.copyOut(to: raw.baseAddress!, count: UnmapParameters.headerLength)
        }
        let headerBytes = UInt64(bigEndian: header)
        let descriptorBytes = Int(truncatingIfNeeded: (headerBytes >> 32) & 0xFFFF)
        // A trailing partial descriptor is ignored, as SBC allows.
        let descriptors = min(descriptorBytes, listLength - UnmapParameters.headerLength) / UnmapParameters.descriptorLength
        guard descriptors <= Int(limits.maximumUnmapDescriptorCount) else {
            return .invalidField(inParameterByte: UnmapParameters.descriptorDataLengthField)
        }

        var total: UInt64 = 0
        for index in 0..<descriptors {
            let (lba, count) = unmapDescriptor(index, in: &data)
            guard store.contains(lba: lba, count: count) else { return .lbaOutOfRange }
            total += count
            guard total <= UInt64(limits.maximumUnmapLBACount) else {
                return .invalidField(inParameterByte: descriptorOffset(index) + UnmapParameters.countField)
            }
        }
        for index in 0..<descriptors {
            let (lba, count) = unmapDescriptor(index, in: &data)
            if count > 0 { onMediumChange?(lba, count) }
            do throws(BlockStoreError) {
                try store.unmap(lba: lba, count: count)
            } catch {
                return completion(for: error)
            }
        }
        return .good
    }

    private func descriptorOffset(_ index: Int) -> Int {
        UnmapParameters.headerLength + index * UnmapParameters.descriptorLength
    }

    /// LBA and block count of descriptor `index`.
    private func unmapDescriptor(_ index: Int, in data: inout SCSIDataTransfer) -> (lba: UInt64, count: UInt64) {
        var fields: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &fields) { raw in
            _ = data.copyOut(to: raw.baseAddress!, count: UnmapParameters.descriptorLength, at: descriptorOffset(index))
        }
        let lba = UInt64(bigEndian: fields.0)
        let count = UInt64(bigEndian: fields.1) >> 32  // 4-byte count, then 4 reserved bytes
        return (lba, count)
    }

    /// WRITE SAME(10/16). With UNMAP set and a block of zeros (or NDOB), the range is
    /// discarded; otherwise the one Data-Out block (zeros with NDOB) is written to every block.
    /// A Data-Out buffer shorter than a block is padded with zeros.
    func writeSame(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let fields = BlockCommandFields(cdb)
        let unmapBit: UInt8 = 0x08
        let noDataOutBuffer: UInt8 = 0x01
        let isSixteen = cdb.operationCode == SCSIOpcode.writeSame16
        let noDataOut = isSixteen && fields.flags & noDataOutBuffer != 0
        let wantsUnmap = fields.flags & unmapBit != 0
        guard fields.flags & BlockCommandFields.protectionMask == 0 else { return .invalidField(inCDBByte: 1, bit: 7) }
        guard store.contains(lba: fields.lba, count: fields.count) else { return .lbaOutOfRange }
        // WSNZ is set in the Block Limits page: zero blocks is not "to the end of the medium".
        guard fields.count > 0, fields.count <= limits.maximumWriteSameLength else {
            return .invalidField(inCDBByte: fields.lengthField)
        }
        guard !store.isReadOnly else { return .writeProtected }

        scratchBlock.initializeMemory(as: UInt8.self, repeating: 0)
        if !noDataOut {
            data.copyOut(to: scratchBlock.baseAddress!, count: blockSize)
        }
        if wantsUnmap && store.supportsUnmap && isZero(scratchBlock) {
            onMediumChange?(fields.lba, fields.count)
            do throws(BlockStoreError) {
                try store.unmap(lba: fields.lba, count: fields.count)
            } catch {
                return completion(for: error)
            }
            return .good
        }

        let failing = faults.firstMediumError(lba: fields.lba, count: fields.count, operation: .write)
        let writable = failing.map { $0 - fields.lba } ?? fields.count
        let block = UnsafeRawBufferPointer(scratchBlock)
        if writable > 0 { onMediumChange?(fields.lba, writable) }
        do throws(BlockStoreError) {
            for index in 0..<writable {
                try store.write(byteOffset: (fields.lba + index) * UInt64(blockSize), from: block)
            }
            if let failing { return .writeError(lba: failing) }
            if !writeCacheEnabled { try store.flush() }
        } catch {
            return completion(for: error)
        }
        return .good
    }

    private func isZero(_ buffer: UnsafeMutableRawBufferPointer) -> Bool {
        for byte in buffer where byte != 0 { return false }
        return true
    }

    /// FORMAT UNIT with FMTDATA=0 (no parameter list): every block reads zeros afterwards.
    /// Protection information (FMTPINFO) and parameter lists are refused.
    func formatUnit(_ cdb: SCSICDB) -> SCSICompletion {
        let protectionInformation: UInt8 = 0xC0
        let formatData: UInt8 = 0x10
        guard cdb[1] & protectionInformation == 0 else { return .invalidField(inCDBByte: 1, bit: 7) }
        guard cdb[1] & formatData == 0 else { return .invalidField(inCDBByte: 1, bit: 4) }
        guard !store.isReadOnly else { return .writeProtected }
        onMediumChange?(0, blockCount)
        do throws(BlockStoreError) {
            if store.supportsUnmap {
                try store.unmap(lba: 0, count: blockCount)
            } else {
                scratchBlock.initializeMemory(as: UInt8.self, repeating: 0)
                for lba in 0..<blockCount {
                    try store.write(byteOffset: lba * UInt64(blockSize), from: UnsafeRawBufferPointer(scratchBlock))
                }
            }
            try store.flush()
        } catch {
            return completion(for: error)
        }
        return .good
    }
}
