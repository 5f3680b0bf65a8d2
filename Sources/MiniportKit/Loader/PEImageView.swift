/// Bounds-checked little-endian reads of an untrusted PE file: by file offset (``PEFileBytes``)
/// and by RVA as the image would be mapped (``PEImageView``), without mapping it.

/// Reads of the file by offset. Every read checks its range first; nothing traps.
struct PEFileBytes {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    /// True when `[offset, offset + length)` lies in the file.
    func contains(_ offset: UInt64, _ length: UInt64) -> Bool {
        offset <= UInt64(bytes.count) && length <= UInt64(bytes.count) - offset
    }

    func u8(_ offset: Int) -> UInt8 { bytes[offset] }

    func u16(_ offset: Int) -> UInt16 {
        UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    func u32(_ offset: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    func u64(_ offset: Int) -> UInt64 {
        UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

/// The image as the loader would map it, read from the file: the headers at RVA 0, each
/// section at its RVA with its raw data and then zeros up to its mapped size. An RVA in no
/// section (a gap, or past the last section) cannot be read.
struct PEImageView {
    /// A run of RVAs backed by one part of the file.
    struct Region {
        /// Name for messages ("the headers", "section .rdata").
        let name: String
        let start: UInt64
        let end: UInt64
        /// RVAs below this come from the file; the rest of the region reads as zero.
        let backedEnd: UInt64
        let fileOffset: Int
        /// False for the headers.
        let isSection: Bool
    }

    let file: PEFileBytes
    let regions: [Region]

    /// `sections` must already be checked: raw data inside the file, virtual ranges inside the
    /// image, no overlaps.
    init(file: PEFileBytes, sizeOfHeaders: UInt32, sections: [PESection]) {
        self.file = file
        var regions = [Region(name: "the headers", start: 0, end: UInt64(sizeOfHeaders),
                              backedEnd: UInt64(sizeOfHeaders), fileOffset: 0, isSection: false)]
        for section in sections.sorted(by: { $0.virtualAddress < $1.virtualAddress }) {
            regions.append(Region(name: "section \(section.name)", start: UInt64(section.virtualAddress),
                                  end: section.rvaRange.upperBound,
                                  backedEnd: UInt64(section.virtualAddress) + UInt64(section.copiedSize),
                                  fileOffset: Int(section.rawDataOffset), isSection: true))
        }
        self.regions = regions
    }

    /// The region holding `rva`, or nil.
    func region(of rva: UInt64) -> Region? {
        regions.first { rva >= $0.start && rva < $0.end }
    }

    /// True when `[rva, rva + length)` lies inside one region.
    func contains(_ rva: UInt64, _ length: UInt64) -> Bool {
        guard let region = region(of: rva) else { return false }
        return length <= region.end - rva
    }

    /// True when `[rva, rva + length)` lies inside one section (not the headers).
    func inSection(_ rva: UInt64, _ length: UInt64) -> Bool {
        guard let region = region(of: rva), region.isSection else { return false }
        return length <= region.end - rva
    }

    /// The byte at `rva` of a region already known to hold it.
    private func byte(_ region: Region, _ rva: UInt64) -> UInt8 {
        rva < region.backedEnd ? file.u8(region.fileOffset + Int(rva - region.start)) : 0
    }

    /// The little-endian integer at `rva`, or nil when it does not lie inside one region.
    func load<T: FixedWidthInteger & UnsignedInteger>(_ rva: UInt64, as type: T.Type = T.self) -> T? {
        let width = UInt64(MemoryLayout<T>.size)
        guard let region = region(of: rva), width <= region.end - rva else { return nil }
        var value: T = 0
        for index in 0..<width {
            value |= T(byte(region, rva + index)) << (8 * index)
        }
        return value
    }

    /// Outcome of reading a NUL-terminated string.
    enum StringRead {
        case string(String)
        case outside
        case unterminated
        case tooLong
        case notASCII(UInt8)
    }

    /// The NUL-terminated printable-ASCII string at `rva`, at most `limit` bytes before the NUL,
    /// all inside one region.
    func string(at rva: UInt64, limit: Int = PEConstants.maximumNameLength) -> StringRead {
        guard let region = region(of: rva) else { return .outside }
        var characters: [UInt8] = []
        var at = rva
        while at < region.end {
            let value = byte(region, at)
            if value == 0 { return .string(String(decoding: characters, as: UTF8.self)) }
            guard value >= 0x20 && value < 0x7F else { return .notASCII(value) }
            guard characters.count < limit else { return .tooLong }
            characters.append(value)
            at += 1
        }
        return .unterminated
    }
}
