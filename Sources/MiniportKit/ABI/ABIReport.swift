/// Renders the layout table for people (`miniport abi`) and for tools (`miniport abi --json`).
public struct ABIReport: Sendable {
    /// A structure: its size, alignment and fields.
    public struct Record: Sendable, Codable, Equatable {
        /// A field: its offset and size, or a bit-field's position and width.
        public struct Field: Sendable, Codable, Equatable {
            /// The field path (`CDB10.LogicalBlockByte0`).
            public var name: String
            /// Byte offset from the start of the record (nil for a bit-field).
            public var offset: Int64?
            /// Size in bytes (nil for a bit-field).
            public var size: UInt64?
            /// Bit-fields: first bit counted from the start of the record.
            public var bitOffset: UInt64?
            /// Bit-fields: width in bits.
            public var bitWidth: UInt64?
        }
        /// The typedef name.
        public var name: String
        /// Size in bytes.
        public var size: Int64
        /// Alignment in bytes.
        public var align: UInt64
        /// The fields measured, in table order.
        public var fields: [Field]
    }

    /// A constant and its value.
    public struct Constant: Sendable, Codable, Equatable {
        /// The constant's name.
        public var name: String
        /// Its value.
        public var value: Int64
    }

    /// The records and constants of one header family.
    public struct Family: Sendable, Codable, Equatable {
        /// `scsiport` or `storport` (``HeaderFamily``).
        public var family: String
        /// The records of the family.
        public var records: [Record]
        /// The constants of the family, when there are any.
        public var constants: [Constant]?
    }

    /// The families, in the order asked for.
    public var families: [Family]

    /// Builds the report from the compiled table.
    /// - Parameters:
    ///   - families: which header families to include.
    ///   - recordFilter: only records whose name equals one of these (case-insensitive); all if empty.
    ///   - includeConstants: add the constants of each family.
    public init(families: [HeaderFamily], recordFilter: [String] = [], includeConstants: Bool = false) {
        let wanted = Set(recordFilter.map { $0.uppercased() })
        self.families = families.map { family in
            var records: [Record] = []
            var constants: [Constant] = []
            for entry in ABILayout.entries(family) {
                switch entry.kind {
                case .record:
                    records.append(Record(name: entry.record ?? "?", size: entry.value, align: entry.size, fields: []))
                case .field:
                    guard !records.isEmpty else { continue }
                    records[records.count - 1].fields.append(
                        .init(name: entry.name ?? "?", offset: entry.value, size: entry.size))
                case .bitfield:
                    guard !records.isEmpty else { continue }
                    records[records.count - 1].fields.append(
                        .init(name: entry.name ?? "?", bitOffset: entry.bitOffset, bitWidth: entry.bitWidth))
                case .constant:
                    constants.append(Constant(name: entry.name ?? "?", value: entry.value))
                }
            }
            if !wanted.isEmpty {
                records = records.filter { wanted.contains($0.name.uppercased()) }
            }
            return Family(family: family.rawValue, records: records,
                          constants: includeConstants ? constants : nil)
        }
    }

    /// Human-readable text: one block per record, offsets in decimal and hex.
    public func text() -> String {
        var out = ""
        for family in families where !family.records.isEmpty || family.constants != nil {
            out += "== \(family.family) headers (Windows x64 layout) ==\n"
            for record in family.records {
                out += "\n\(record.name)  size \(record.size)  align \(record.align)\n"
                for field in record.fields {
                    if let offset = field.offset {
                        let size = field.size.map { $0 == 0 ? "[]" : String($0) } ?? "?"
                        out += "  " + pad(String(offset), 5) + "  0x" + pad(String(offset, radix: 16), 3, "0")
                            + "  " + pad(size, 4) + "  \(field.name)\n"
                    } else {
                        let bit = field.bitOffset ?? 0
                        let width = field.bitWidth ?? 0
                        out += "  " + pad(String(bit / 8), 5) + "  0x" + pad(String(bit / 8, radix: 16), 3, "0")
                            + "  " + pad("b\(bit % 8):\(width)", 4) + "  \(field.name)\n"
                    }
                }
            }
            if let constants = family.constants {
                out += "\nconstants (\(constants.count))\n"
                for constant in constants {
                    out += "  \(constant.name) = \(constant.value)"
                    out += constant.value >= 0 ? " (0x\(String(constant.value, radix: 16)))\n" : "\n"
                }
            }
            out += "\n"
        }
        return out
    }

    private func pad(_ s: String, _ width: Int, _ fill: Character = " ") -> String {
        s.count >= width ? s : String(repeating: fill, count: width - s.count) + s
    }
}
