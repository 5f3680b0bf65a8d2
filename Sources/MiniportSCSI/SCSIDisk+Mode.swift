/// MODE SENSE(6/10) and MODE SELECT(6/10) over two mode pages: Caching (08h), whose WCE bit
/// is the only changeable field, and Control (0Ah). Saved values are not supported.

/// Layouts of the mode parameter headers, block descriptors and pages this disk implements.
enum ModeLayout {
    static let header6Length = 4
    static let header10Length = 8
    static let shortBlockDescriptorLength = 8
    static let longBlockDescriptorLength = 16
    static let cachingPageLength = 20
    static let controlPageLength = 12
    /// Room for a header, a long descriptor and every page, rounded up.
    static let maximumResponseLength = 64

    /// MODE SELECT parameter lists longer than this are refused with PARAMETER LIST LENGTH
    /// ERROR: a list naming each page once is far shorter.
    static let maximumSelectListLength = 512

    /// Caching page byte 2: write cache enable.
    static let writeCacheEnable: UInt8 = 0x04
    /// Control page byte 3: queue algorithm modifier 1 (unrestricted reordering).
    static let unrestrictedReordering: UInt8 = 0x10
    /// Device-specific parameter (header): write protected, and DPO/FUA supported.
    static let writeProtect: UInt8 = 0x80
    static let dpoFUA: UInt8 = 0x10
    /// MODE SENSE(10) byte 1 and MODE SELECT(10) header byte 4: long LBA descriptors.
    static let longLBA: UInt8 = 0x10
    static let longLBAHeaderBit: UInt8 = 0x01
    static let disableBlockDescriptors: UInt8 = 0x08
    /// Page byte 0: subpage format; the page code is in bits 5...0.
    static let subpageFormat: UInt8 = 0x40
    static let pageCodeMask: UInt8 = 0x3F
    /// Subpage value asking for every subpage (with page 3Fh).
    static let allSubpages: UInt8 = 0xFF

    static func pageLength(of code: UInt8) -> Int? {
        switch code {
        case ModePage.caching: return cachingPageLength
        case ModePage.control: return controlPageLength
        default: return nil
        }
    }
}

extension SCSIDisk {
    /// Writes mode page `code` as `control` values (current, changeable or default) at
    /// `offset`; returns its length.
    @discardableResult
    func buildModePage(_ code: UInt8, control: UInt8, into page: inout ResponseBuilder, at offset: Int) -> Int {
        guard let length = ModeLayout.pageLength(of: code) else { return 0 }
        page[offset] = code
        page[offset + 1] = UInt8(length - 2)
        switch (code, control) {
        case (ModePage.caching, ModePageControl.changeable):
            page[offset + 2] = ModeLayout.writeCacheEnable
        case (ModePage.caching, _):
            let enabled = control == ModePageControl.current ? writeCacheEnabled : defaultWriteCacheEnabled
            page.setBits(ModeLayout.writeCacheEnable, at: offset + 2, if: enabled)
        case (ModePage.control, ModePageControl.changeable):
            break
        default:
            page[offset + 3] = ModeLayout.unrestrictedReordering
        }
        page.reserve(upTo: offset + length)
        return length
    }

    /// MODE SENSE(6/10): header, optional block descriptor (short, or long with LLBAA in the
    /// 10-byte form), then page 08h, 0Ah or both (3Fh). PC=saved gets 05/39/00.
    func modeSense(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let isTen = cdb.operationCode == SCSIOpcode.modeSense10
        let control = cdb[2] >> 6
        let pageCode = cdb[2] & ModeLayout.pageCodeMask
        let subpage = cdb[3]
        let allocationLength = isTen ? Int(cdb.bigEndian(at: 7, width: 2)) : Int(cdb[4])
        guard control != ModePageControl.saved else {
            return .checkCondition(SenseKey.illegalRequest, .savingParametersNotSupported)
        }
        let all = pageCode == ModePage.allPages
        guard all || ModeLayout.pageLength(of: pageCode) != nil else { return .invalidField(inCDBByte: 2, bit: 5) }
        guard subpage == 0 || (all && subpage == ModeLayout.allSubpages) else { return .invalidField(inCDBByte: 3) }

        let longLBA = isTen && cdb[1] & ModeLayout.longLBA != 0
        let descriptorLength = cdb[1] & ModeLayout.disableBlockDescriptors != 0 ? 0
            : (longLBA ? ModeLayout.longBlockDescriptorLength : ModeLayout.shortBlockDescriptorLength)
        let headerLength = isTen ? ModeLayout.header10Length : ModeLayout.header6Length
        let deviceSpecific = ModeLayout.dpoFUA | (store.isReadOnly ? ModeLayout.writeProtect : 0)
        let reportValues = control != ModePageControl.changeable

        Response.send(&data, allocationLength: allocationLength, capacity: ModeLayout.maximumResponseLength) { page in
            var offset = headerLength
            if descriptorLength == ModeLayout.shortBlockDescriptorLength && reportValues {
                let blocks = blockCount > UInt64(UInt32.max) ? UInt32.max : UInt32(blockCount)
                page.setBigEndian(blocks, at: offset)
                page.setBigEndian(UInt64(blockSize), at: offset + 5, width: 3)
            } else if descriptorLength == ModeLayout.longBlockDescriptorLength && reportValues {
                page.setBigEndian(blockCount, at: offset)
                page.setBigEndian(UInt32(blockSize), at: offset + 12)
            }
            offset += descriptorLength
            if all || pageCode == ModePage.caching {
                offset += buildModePage(ModePage.caching, control: control, into: &page, at: offset)
            }
            if all || pageCode == ModePage.control {
                offset += buildModePage(ModePage.control, control: control, into: &page, at: offset)
            }
            page.reserve(upTo: offset)
            if isTen {
                page.setBigEndian(UInt16(offset - 2), at: 0)
                page[3] = deviceSpecific
                page.setBits(ModeLayout.longLBAHeaderBit, at: 4, if: descriptorLength == ModeLayout.longBlockDescriptorLength)
                page.setBigEndian(UInt16(descriptorLength), at: 6)
            } else {
                page[0] = UInt8(offset - 1)
                page[2] = deviceSpecific
                page[3] = UInt8(descriptorLength)
            }
        }
        return .good
    }

    /// MODE SELECT(6/10): validates the whole parameter list, then applies it. Only WCE may
    /// change; any other difference from the current values is 05/26/00 pointing at the field.
    func modeSelect(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let isTen = cdb.operationCode == SCSIOpcode.modeSelect10
        let savePages: UInt8 = 0x01
        guard cdb[1] & savePages == 0 else { return .invalidField(inCDBByte: 1, bit: 0) }
        let listLength = isTen ? Int(cdb.bigEndian(at: 7, width: 2)) : Int(cdb[4])
        guard listLength > 0 else { return .good }
        let headerLength = isTen ? ModeLayout.header10Length : ModeLayout.header6Length
        guard listLength >= headerLength, listLength <= ModeLayout.maximumSelectListLength,
              data.count >= listLength else {
            return .parameterListLengthError
        }
        return withUnsafeTemporaryAllocation(byteCount: listLength, alignment: 8) { list in
            data.copyOut(to: list.baseAddress!, count: listLength)
            return applyModeParameters(UnsafeRawBufferPointer(list), isTen: isTen)
        }
    }

    private func applyModeParameters(_ list: UnsafeRawBufferPointer, isTen: Bool) -> SCSICompletion {
        let headerLength = isTen ? ModeLayout.header10Length : ModeLayout.header6Length
        let mediumTypeField = isTen ? 2 : 1
        guard list[mediumTypeField] == 0 else { return .invalidField(inParameterByte: mediumTypeField) }
        let descriptorLengthField = isTen ? 6 : 3
        let descriptorLength = isTen ? Int(list[6]) << 8 | Int(list[7]) : Int(list[3])
        let longLBA = isTen && list[4] & ModeLayout.longLBAHeaderBit != 0
        let expected = longLBA ? ModeLayout.longBlockDescriptorLength : ModeLayout.shortBlockDescriptorLength
        guard descriptorLength == 0 || descriptorLength == expected else {
            return .invalidField(inParameterByte: descriptorLengthField)
        }
        guard headerLength + descriptorLength <= list.count else { return .parameterListLengthError }
        if descriptorLength > 0, let failure = checkBlockDescriptor(list, at: headerLength, long: longLBA) {
            return failure
        }

        var newWriteCache = writeCacheEnabled
        var offset = headerLength + descriptorLength
        while offset < list.count {
            guard offset + 2 <= list.count else { return .parameterListLengthError }
            guard list[offset] & ModeLayout.subpageFormat == 0 else { return .invalidField(inParameterByte: offset, bit: 6) }
            let code = list[offset] & ModeLayout.pageCodeMask
            guard let length = ModeLayout.pageLength(of: code) else { return .invalidField(inParameterByte: offset, bit: 5) }
            guard Int(list[offset + 1]) == length - 2 else { return .invalidField(inParameterByte: offset + 1) }
            guard offset + length <= list.count else { return .parameterListLengthError }
            if let failure = checkUnchangeable(code, list, at: offset, length: length) { return failure }
            if code == ModePage.caching {
                newWriteCache = list[offset + 2] & ModeLayout.writeCacheEnable != 0
            }
            offset += length
        }
        writeCacheEnabled = newWriteCache
        return .good
    }

    /// Compares page `code` at `offset` of `list` with the current values outside the
    /// changeable mask; nil when only changeable bits differ.
    private func checkUnchangeable(_ code: UInt8, _ list: UnsafeRawBufferPointer, at offset: Int,
                                   length: Int) -> SCSICompletion? {
        withUnsafeTemporaryAllocation(byteCount: 2 * length, alignment: 8) { buffer in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            var pages = ResponseBuilder(buffer)
            buildModePage(code, control: ModePageControl.current, into: &pages, at: 0)
            buildModePage(code, control: ModePageControl.changeable, into: &pages, at: length)
            // Byte 0 carries PS (reserved in MODE SELECT) beside the page code checked already.
            for index in 2..<length {
                let difference = (list[offset + index] ^ buffer[index]) & ~buffer[length + index]
                if difference != 0 {
                    let bit = UInt8.bitWidth - 1 - difference.leadingZeroBitCount
                    return .invalidField(inParameterByte: offset + index, bit: bit)
                }
            }
            return nil
        }
    }

    /// A block descriptor may only restate the capacity (or give 0 blocks) and the block size.
    private func checkBlockDescriptor(_ list: UnsafeRawBufferPointer, at offset: Int, long: Bool) -> SCSICompletion? {
        func field(_ at: Int, _ width: Int) -> UInt64 {
            var value: UInt64 = 0
            for index in 0..<width { value = value << 8 | UInt64(list[offset + at + index]) }
            return value
        }
        let blocks = long ? field(0, 8) : field(0, 4)
        let reported = long ? blockCount : min(blockCount, UInt64(UInt32.max))
        guard blocks == 0 || blocks == reported else { return .invalidField(inParameterByte: offset) }
        let lengthField = long ? 12 : 5
        guard field(lengthField, long ? 4 : 3) == UInt64(blockSize) else {
            return .invalidField(inParameterByte: offset + lengthField)
        }
        return nil
    }
}
