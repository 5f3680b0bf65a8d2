import CMiniportABI

/// The two header families of the WDK storage interface.
public enum HeaderFamily: String, CaseIterable, Sendable, Codable {
    /// `miniport.h` + `srb.h` + `scsi.h`: SCSI Port miniports.
    case scsiPort = "scsiport"
    /// `storport.h` (+ `scsi.h`): StorPort miniports.
    case storPort = "storport"

    var cValue: Int32 {
        switch self {
        case .scsiPort: return Int32(MPABI_FAMILY_SCSIPORT.rawValue)
        case .storPort: return Int32(MPABI_FAMILY_STORPORT.rawValue)
        }
    }
}

/// One measured fact about the project's compiled headers: a record's size, a field's offset,
/// a bit-field's position or a constant's value.
///
/// The entries come from `CMiniportABI/src/layout_*.c`, generated for every entry of the
/// Windows x64 golden table and compiled against the headers a miniport includes, so they
/// report what a miniport built with these headers really gets.
public struct ABILayoutEntry: Sendable, Hashable {
    /// What an entry measures: a record (size, alignment), a field (offset, size), a bit-field (position, width) or a constant (value).
    public enum Kind: String, Sendable, Codable {
        /// A structure: `value` is its size, `size` its alignment.
        case record
        /// A field: `value` is its offset, `size` its size.
        case field
        /// A bit-field: its position and width in bits.
        case bitfield
        /// A constant: `value` is its value.
        case constant
    }

    /// The header family the entry was measured in.
    public var family: HeaderFamily
    /// What the entry measures.
    public var kind: Kind
    /// The typedef name of the record (nil for constants).
    public var record: String?
    /// Field path (`CDB10.LogicalBlockByte0`) or constant name (nil for records).
    public var name: String?
    /// Record: size. Field: offset. Constant: value.
    public var value: Int64
    /// Record: alignment. Field: size (0 for a flexible array member).
    public var size: UInt64
    /// Bit-fields: first bit counted from the start of the record, and width.
    public var bitOffset: UInt64?
    /// Bit-fields: width in bits.
    public var bitWidth: UInt64?

    /// The key that identifies the entry in the golden table.
    public var key: String {
        "\(family.rawValue)|\(kind.rawValue)|\(record ?? "")|\(name ?? "")"
    }
}

/// The compiled layout of the project's headers.
public enum ABILayout {
    /// All entries of one family, in generation order (records followed by their fields).
    public static func entries(_ family: HeaderFamily) -> [ABILayoutEntry] {
        var count: UInt = 0
        guard let base = MpAbiLayoutEntries(family.cValue, &count) else { return [] }
        var result: [ABILayoutEntry] = []
        result.reserveCapacity(Int(count))
        for index in 0..<Int(count) {
            let raw = base.advanced(by: index)
            let kind: ABILayoutEntry.Kind
            switch Int(raw.pointee.Kind) {
            case Int(MPABI_LAYOUT_RECORD.rawValue): kind = .record
            case Int(MPABI_LAYOUT_FIELD.rawValue): kind = .field
            case Int(MPABI_LAYOUT_BITFIELD.rawValue): kind = .bitfield
            default: kind = .constant
            }
            var entry = ABILayoutEntry(
                family: family, kind: kind,
                record: raw.pointee.Record.map { String(cString: $0) },
                name: raw.pointee.Name.map { String(cString: $0) },
                value: raw.pointee.Value, size: raw.pointee.Size)
            if kind == .bitfield {
                var offset: UInt = 0
                var width: UInt = 0
                if MpAbiLayoutBitfield(raw, &offset, &width) != 0 {
                    entry.bitOffset = UInt64(offset)
                    entry.bitWidth = UInt64(width)
                }
                entry.value = 0
                entry.size = 0
            }
            result.append(entry)
        }
        return result
    }

    /// Entries of every family.
    public static func allEntries() -> [ABILayoutEntry] {
        HeaderFamily.allCases.flatMap { entries($0) }
    }
}
