/// A parsed and validated PE32+ (Windows x64) kernel-mode image: what ``PEFile/parse(_:)``
/// found in the file's bytes, every offset, size, RVA and count checked against the file and
/// the image. Parsing is pure: it reads the bytes and nothing else.
///
/// What the loader refuses (each with its own message): files that are not AMD64 PE32+
/// executable images; header values outside the specification's ranges or the loader's limits
/// (`SizeOfImage` up to 256 MiB, 96 sections); sections whose raw data runs past the file, whose
/// virtual range runs past `SizeOfImage` or overlaps another section or the headers, or that
/// are both writable and executable; an entry point outside executable code; data directories
/// outside the image; relocation types other than `ABSOLUTE`, `HIGHLOW` and `DIR64`, and
/// relocations patching bytes outside a section; imports from modules the SDK does not provide
/// (ntoskrnl.exe, hal.dll, scsiport.sys, storport.sys), malformed import tables, more than 65536
/// imports; delay-load imports; a TLS directory (kernel drivers have none, and the loader runs
/// nothing of the image, TLS callbacks included); an unsorted or out-of-image exception table;
/// a security cookie outside the image.
public struct PEFile: Sendable, CustomStringConvertible {
    /// `IMAGE_FILE_HEADER.Machine` (always AMD64 after parsing).
    public var machine: UInt16
    /// `IMAGE_FILE_HEADER.Characteristics` (`IMAGE_FILE_*`).
    public var characteristics: UInt16
    /// `IMAGE_FILE_HEADER.TimeDateStamp`.
    public var timeDateStamp: UInt32
    /// `IMAGE_OPTIONAL_HEADER64.Subsystem` (1 = native for drivers).
    public var subsystem: UInt16
    /// `IMAGE_OPTIONAL_HEADER64.DllCharacteristics` (`IMAGE_DLLCHARACTERISTICS_*`).
    public var dllCharacteristics: UInt16
    /// The preferred base address (a kernel address for drivers; never where the image goes).
    public var imageBase: UInt64
    /// Bytes of the mapped image.
    public var sizeOfImage: UInt32
    /// Bytes of the headers (DOS header, NT headers, section table), mapped at RVA 0.
    public var sizeOfHeaders: UInt32
    /// Alignment of sections in memory.
    public var sectionAlignment: UInt32
    /// Alignment of raw data in the file.
    public var fileAlignment: UInt32
    /// RVA of the entry point (`DriverEntry`, or the CRT's `GsDriverEntry`).
    public var entryPointRVA: UInt32
    /// The data directories present in the header (at most 16).
    public var dataDirectories: [PEDataDirectory]
    /// The sections, in section table order.
    public var sections: [PESection]
    /// The imports, per module, in import table order.
    public var imports: [PEImportModule]
    /// The exports (usually none for a driver).
    public var exports: [PEExport]
    /// The base relocations the loader applies (ABSOLUTE padding entries not counted).
    public var relocationCount: Int { relocations.count }
    /// RVA of the `/GS` security cookie named by the load config directory, or nil.
    public var securityCookieRVA: UInt32?
    /// The exception table (`.pdata`), sorted by begin RVA, not overlapping.
    public var runtimeFunctions: [PERuntimeFunction]
    /// RVA of the exception table as mapped (what ``PEMapping/pdata`` points at), or nil.
    public var exceptionTableRVA: UInt32?
    /// Notes on what was accepted but ignored (e.g. a `NumberOfRvaAndSizes` above 16).
    public var notes: [String]

    /// The relocations: RVA of the patched field, bit 31 set for HIGHLOW (4 bytes), clear for
    /// DIR64 (8 bytes). RVAs are below 256 MiB, so the bit is free.
    var relocations: [UInt32]
    /// Flag of a HIGHLOW entry in ``relocations``.
    static let highLowFlag: UInt32 = 1 << 31

    /// True when the image says its relocations were stripped (it can only run at `imageBase`).
    public var relocationsStripped: Bool { characteristics & PEConstants.fileRelocsStripped != 0 }

    /// The function of the exception table containing `rva`, or nil (leaf functions have none).
    public func functionContaining(rva: UInt32) -> PERuntimeFunction? {
        var low = 0
        var high = runtimeFunctions.count
        while low < high {
            let middle = (low + high) / 2
            let function = runtimeFunctions[middle]
            if rva < function.beginRVA {
                high = middle
            } else if rva >= function.endRVA {
                low = middle + 1
            } else {
                return function
            }
        }
        return nil
    }

    /// The section containing `rva` in the mapped image, or nil.
    public func section(containing rva: UInt32) -> PESection? {
        sections.first { $0.rvaRange.contains(UInt64(rva)) }
    }

    /// True when `prefix` (the first bytes of a file) looks like a PE image: "MZ", an `e_lfanew`
    /// inside the loader's limits, and "PE\0\0" there when the prefix reaches it. For telling a
    /// `.sys` from an ELF `.so` by content; ``parse(_:)`` decides whether it is a valid one.
    public static func isPE(_ prefix: UnsafeRawBufferPointer) -> Bool {
        let file = PEFileBytes(bytes: prefix)
        guard file.count >= PEConstants.dosHeaderSize, file.u16(0) == PEConstants.dosSignature else { return false }
        let lfanew = Int(file.u32(PEConstants.lfanewOffset))
        guard lfanew >= 4 && lfanew < Int(PEConstants.maximumImageSize) else { return false }
        guard file.contains(UInt64(lfanew), 4) else { return true }
        return file.u32(lfanew) == PEConstants.ntSignature
    }

    /// Parses and validates the PE32+ image in `bytes` (the whole file).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(PEFormatError) -> PEFile {
        try PEParser(PEFileBytes(bytes: bytes)).parse()
    }

    /// A multi-line summary: machine, subsystem, base and sizes, entry point, sections with
    /// their protections, imports per module, exports, relocation and exception table counts.
    public var description: String {
        var lines: [String] = []
        lines.append("PE32+ image, \(PEConstants.describeMachine(machine)), subsystem \(PEConstants.subsystemName(subsystem))")
        lines.append("  image base \(peHex(imageBase)), SizeOfImage \(peHex(sizeOfImage)), headers \(peHex(sizeOfHeaders)), "
                     + "alignment \(peHex(sectionAlignment))/\(peHex(fileAlignment))")
        let entrySection = section(containing: entryPointRVA)?.name ?? "?"
        lines.append("  entry point RVA \(peHex(entryPointRVA)) (\(entrySection))")
        lines.append("  sections:")
        for section in sections {
            lines.append("    \(section.name.padding(toLength: 8, withPad: " ", startingAt: 0)) RVA \(peHex(section.virtualAddress)) "
                         + "size \(peHex(section.mappedSize)) \(section.protection)\(section.discardable ? " discardable" : "")")
        }
        for module in imports {
            lines.append("  imports from \(module.dllName) (\(module.entries.count)):")
            for entry in module.entries { lines.append("    \(entry.routine)") }
        }
        if !exports.isEmpty {
            lines.append("  exports (\(exports.count)):")
            for export in exports {
                let name = export.name ?? "ordinal \(export.ordinal)"
                lines.append("    \(name)" + (export.forwarder.map { " -> \($0)" } ?? " RVA \(peHex(export.rva))"))
            }
        }
        lines.append("  relocations: \(relocationCount), runtime functions: \(runtimeFunctions.count), "
                     + "security cookie: \(securityCookieRVA.map { "RVA " + peHex($0) } ?? "none")")
        for note in notes { lines.append("  note: \(note)") }
        return lines.joined(separator: "\n")
    }
}
