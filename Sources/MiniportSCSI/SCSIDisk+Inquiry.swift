/// INQUIRY: standard data and the vital product data pages, built once per disk.
struct StaticPages {
    /// Standard INQUIRY data with version descriptors.
    static let standardInquiryLength = 96
    static let standardInquiryAdditionalLength: UInt8 = 91
    static let vpdHeaderLength = 4
    /// Page length of the Block Limits and Block Device Characteristics pages.
    static let longVPDPageLength: UInt16 = 0x3C
    static let provisioningPageLength: UInt16 = 0x04
    static let supportedVPDPages: [UInt8] = [
        VPDPage.supportedPages, VPDPage.unitSerialNumber, VPDPage.deviceIdentification,
        VPDPage.blockLimits, VPDPage.blockDeviceCharacteristics, VPDPage.logicalBlockProvisioning,
    ]

    let standardInquiry: [UInt8]
    let supportedPages: [UInt8]
    let unitSerialNumber: [UInt8]
    let deviceIdentification: [UInt8]
    let blockLimits: [UInt8]
    let blockDeviceCharacteristics: [UInt8]
    let logicalBlockProvisioning: [UInt8]

    init(identity: SCSIDiskIdentity, limits: SCSIDiskLimits, store: any BlockStore) {
        let vendor = Self.ascii(identity.vendor)
        standardInquiry = Response.make(capacity: Self.standardInquiryLength) { page in
            Self.buildStandardInquiry(&page, peripheral: PeripheralDevice.directAccessBlock)
            page.setPadded(vendor, at: 8, width: 8)
            page.setPadded(Self.ascii(identity.product), at: 16, width: 16)
            page.setPadded(Self.ascii(identity.revision), at: 32, width: 4)
            page.setBigEndian(SCSIVersion.sam5Descriptor, at: 58)
            page.setBigEndian(SCSIVersion.spc4Descriptor, at: 60)
            page.setBigEndian(SCSIVersion.sbc3Descriptor, at: 62)
            page.reserve(upTo: Self.standardInquiryLength)
        }

        supportedPages = Self.vpdPage(VPDPage.supportedPages, Self.supportedVPDPages)
        unitSerialNumber = Self.vpdPage(VPDPage.unitSerialNumber, Self.ascii(identity.serialNumber))
        deviceIdentification = Self.vpdPage(VPDPage.deviceIdentification,
                                            Self.designationDescriptor(identity.deviceIdentifier, vendor: vendor))

        let unmap = store.supportsUnmap && !store.isReadOnly
        blockLimits = Response.make(capacity: Self.vpdHeaderLength + Int(Self.longVPDPageLength)) { page in
            page[1] = VPDPage.blockLimits
            page.setBigEndian(Self.longVPDPageLength, at: 2)
            let writeSameNonZero: UInt8 = 0x01  // WSNZ: a WRITE SAME of zero blocks is refused
            page[4] = writeSameNonZero
            page.setBigEndian(limits.optimalTransferLengthGranularity, at: 6)
            page.setBigEndian(limits.maximumTransferLength, at: 8)
            page.setBigEndian(limits.optimalTransferLength, at: 12)
            if unmap {
                page.setBigEndian(limits.maximumUnmapLBACount, at: 20)
                page.setBigEndian(limits.maximumUnmapDescriptorCount, at: 24)
                page.setBigEndian(limits.optimalUnmapGranularity, at: 28)
            }
            page.setBigEndian(limits.maximumWriteSameLength, at: 36)
            page.reserve(upTo: Self.vpdHeaderLength + Int(Self.longVPDPageLength))
        }

        blockDeviceCharacteristics = Response.make(capacity: Self.vpdHeaderLength + Int(Self.longVPDPageLength)) { page in
            page[1] = VPDPage.blockDeviceCharacteristics
            page.setBigEndian(Self.longVPDPageLength, at: 2)
            let nonRotatingMedium: UInt16 = 0x0001
            page.setBigEndian(nonRotatingMedium, at: 4)
            page.reserve(upTo: Self.vpdHeaderLength + Int(Self.longVPDPageLength))
        }

        let zeroAfterUnmap = unmap && store.unmappedBlocksReadZero
        logicalBlockProvisioning = Response.make(capacity: Self.vpdHeaderLength + Int(Self.provisioningPageLength)) { page in
            page[1] = VPDPage.logicalBlockProvisioning
            page.setBigEndian(Self.provisioningPageLength, at: 2)
            page.setBits(Provisioning.lbpu | Provisioning.lbpws | Provisioning.lbpws10, at: 5, if: unmap)
            page.setBits(Provisioning.lbprz, at: 5, if: zeroAfterUnmap)
            page[6] = unmap ? Provisioning.thinProvisioned : 0
            page.reserve(upTo: Self.vpdHeaderLength + Int(Self.provisioningPageLength))
        }
    }

    /// Byte 5 and 6 values of the Logical Block Provisioning page.
    enum Provisioning {
        static let lbpu: UInt8 = 0x80
        static let lbpws: UInt8 = 0x40
        static let lbpws10: UInt8 = 0x20
        static let lbprz: UInt8 = 0x04
        static let thinProvisioned: UInt8 = 0x02
    }

    /// Bytes 0...7 of standard INQUIRY data; the caller adds the identification strings.
    static func buildStandardInquiry(_ page: inout ResponseBuilder, peripheral: UInt8) {
        let hierarchicalSupport: UInt8 = 0x10
        let commandQueueing: UInt8 = 0x02
        page[0] = peripheral
        page[1] = 0  // RMB clear: not removable
        page[2] = SCSIVersion.spc4
        page[3] = hierarchicalSupport | SCSIVersion.responseDataFormat
        page[4] = standardInquiryAdditionalLength
        page[7] = commandQueueing
    }

    /// A VPD page: 4-byte header followed by `payload`.
    private static func vpdPage(_ code: UInt8, _ payload: [UInt8]) -> [UInt8] {
        var page: [UInt8] = [0, code]
        page.append(UInt8(truncatingIfNeeded: payload.count >> 8))
        page.append(UInt8(truncatingIfNeeded: payload.count))
        return page + payload
    }

    /// One designation descriptor, logical-unit association.
    private static func designationDescriptor(_ identifier: SCSIDeviceIdentifier, vendor: [UInt8]) -> [UInt8] {
        let binaryCodeSet: UInt8 = 0x01
        let asciiCodeSet: UInt8 = 0x02
        let t10VendorIDType: UInt8 = 0x01
        let naaType: UInt8 = 0x03
        let designator: [UInt8]
        let header: (UInt8, UInt8)
        switch identifier {
        case .naa(let name):
            header = (binaryCodeSet, naaType)
            designator = (0..<8).map { UInt8(truncatingIfNeeded: name >> (56 - $0 * 8)) }
        case .t10VendorID(let specific):
            header = (asciiCodeSet, t10VendorIDType)
            let paddedVendor = vendor.prefix(8) + [UInt8](repeating: ASCII.space, count: max(0, 8 - vendor.count))
            designator = Array(paddedVendor) + ascii(specific).prefix(255 - 8)
        }
        return [header.0, header.1, 0, UInt8(designator.count)] + designator
    }

    /// Printable ASCII of `text` (other characters become spaces).
    static func ascii(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            scalar.value >= 0x20 && scalar.value < 0x7F ? UInt8(scalar.value) : ASCII.space
        }
    }
}

extension SCSIDisk {
    /// INQUIRY: standard data (EVPD=0, page code 0) or a VPD page; CmdDt is obsolete and refused.
    func inquiry(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let evpd: UInt8 = 0x01
        let commandSupportData: UInt8 = 0x02
        let allocationLength = Int(cdb.bigEndian(at: 3, width: 2))
        guard cdb[1] & commandSupportData == 0 else { return .invalidField(inCDBByte: 1, bit: 1) }
        guard cdb[1] & evpd != 0 else {
            guard cdb[2] == 0 else { return .invalidField(inCDBByte: 2) }
            Response.send(pages.standardInquiry, &data, allocationLength: allocationLength)
            return .good
        }
        let page: [UInt8]
        switch cdb[2] {
        case VPDPage.supportedPages: page = pages.supportedPages
        case VPDPage.unitSerialNumber: page = pages.unitSerialNumber
        case VPDPage.deviceIdentification: page = pages.deviceIdentification
        case VPDPage.blockLimits: page = pages.blockLimits
        case VPDPage.blockDeviceCharacteristics: page = pages.blockDeviceCharacteristics
        case VPDPage.logicalBlockProvisioning: page = pages.logicalBlockProvisioning
        default: return .invalidField(inCDBByte: 2)
        }
        Response.send(page, &data, allocationLength: allocationLength)
        return .good
    }

    // MARK: - READ CAPACITY

    /// READ CAPACITY(10): last LBA (0xFFFFFFFF when it needs more than 32 bits) and block size.
    func readCapacity10(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let partialMediumIndicator: UInt8 = 0x01
        if cdb[8] & partialMediumIndicator == 0 && cdb.bigEndian(at: 2, width: 4) != 0 {
            return .invalidField(inCDBByte: 2)
        }
        let responseLength = 8
        let lastLBA = blockCount - 1
        Response.send(&data, allocationLength: responseLength, capacity: responseLength) { page in
            page.setBigEndian(lastLBA > UInt64(UInt32.max) ? UInt32.max : UInt32(lastLBA), at: 0)
            page.setBigEndian(UInt32(blockSize), at: 4)
        }
        return .good
    }

    /// READ CAPACITY(16): 64-bit last LBA, block size and the provisioning bits.
    func readCapacity16(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer) -> SCSICompletion {
        let partialMediumIndicator: UInt8 = 0x01
        if cdb[14] & partialMediumIndicator == 0 && cdb.bigEndian(at: 2, width: 8) != 0 {
            return .invalidField(inCDBByte: 2)
        }
        let allocationLength = Int(cdb.bigEndian(at: 10, width: 4))
        let responseLength = 32
        let provisioning = store.supportsUnmap && !store.isReadOnly
        let zeroAfterUnmap = provisioning && store.unmappedBlocksReadZero
        let lbpme: UInt8 = 0x80
        let lbprz: UInt8 = 0x40
        let lastLBA = blockCount - 1
        Response.send(&data, allocationLength: allocationLength, capacity: responseLength) { page in
            page.setBigEndian(lastLBA, at: 0)
            page.setBigEndian(UInt32(blockSize), at: 8)
            page.setBits(lbpme, at: 14, if: provisioning)
            page.setBits(lbprz, at: 14, if: zeroAfterUnmap)
            page.reserve(upTo: responseLength)
        }
        return .good
    }
}
