/// REPORT LUNS (SPC-4 6.33): parameter data and LUN encoding, shared by ``SCSITarget``
/// (which knows every LUN) and ``SCSIDisk`` (which only knows its own).
public enum ReportLUNs {
    /// SELECT REPORT values (CDB byte 2).
    public enum SelectReport {
        /// Every addressable logical unit (no well-known LUs).
        public static let logicalUnits: UInt8 = 0x00
        /// Only well-known logical units (this package has none: the list is empty).
        public static let wellKnownOnly: UInt8 = 0x01
        /// Every logical unit, well-known ones included.
        public static let all: UInt8 = 0x02
    }

    /// Smallest allocation length SPC allows for REPORT LUNS.
    public static let minimumAllocationLength = 16
    static let headerLength = 8
    static let entryLength = 8
    /// Address method 01b (flat space) in the first byte of a LUN entry.
    static let flatSpaceAddressing: UInt8 = 0x40

    /// The 8-byte LUN entry as a big-endian integer: peripheral device addressing (method 00b,
    /// bus 0) for LUNs below 256, flat-space addressing up to 16383.
    public static func encode(_ lun: UInt16) -> UInt64 {
        let first: UInt8 = lun < 256 ? 0 : flatSpaceAddressing | UInt8(truncatingIfNeeded: (lun >> 8) & 0x3F)
        return UInt64(first) << 56 | UInt64(lun & 0xFF) << 48
    }

    /// Answers REPORT LUNS for `count` logical units; `nextLUN` yields their LUNs in ascending
    /// order, one per call (it is called at most `count` times). Writes straight into the
    /// transfer, truncated to the allocation length.
    static func respond(_ cdb: SCSICDB, _ data: inout SCSIDataTransfer, count: Int,
                        nextLUN: () -> UInt16) -> SCSICompletion {
        let select = cdb[2]
        guard select <= SelectReport.all else { return .invalidField(inCDBByte: 2) }
        let allocationLength = Int(cdb.bigEndian(at: 6, width: 4))
        guard allocationLength >= minimumAllocationLength else { return .invalidField(inCDBByte: 6) }
        let entries = select == SelectReport.wellKnownOnly ? 0 : count

        var header = UInt64(UInt32(entries * entryLength)) << 32
        put(&header, at: 0, &data, allocationLength)
        for index in 0..<entries {
            let offset = headerLength + index * entryLength
            guard offset < allocationLength else { break }
            var entry = encode(nextLUN())
            put(&entry, at: offset, &data, allocationLength)
        }
        return .good
    }

    private static func put(_ value: inout UInt64, at offset: Int, _ data: inout SCSIDataTransfer, _ allocationLength: Int) {
        value = value.bigEndian
        withUnsafeBytes(of: &value) { raw in
            _ = data.copyIn(from: raw.baseAddress!, count: min(raw.count, allocationLength - offset), at: offset)
        }
    }
}
