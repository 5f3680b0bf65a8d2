/// A small PE32+ writer for the loader's tests: DOS header, NT headers, a section table and
/// sections laid out one after another in the file. Every header field is a property a test
/// can set to a hostile value; `build()` writes exactly what the properties say.
struct PEBuilder {
    struct Section {
        var name: String
        var rva: UInt32
        /// `VirtualSize`; nil: the data's length.
        var virtualSize: UInt32?
        var data: [UInt8]
        var characteristics: UInt32
        /// `PointerToRawData`; nil: the next file-aligned offset.
        var rawOffset: UInt32?
        /// `SizeOfRawData`; nil: the data's length rounded up to the file alignment.
        var rawSize: UInt32?
    }

    static let code: UInt32 = 0x6000_0020      // CNT_CODE | MEM_EXECUTE | MEM_READ
    static let readOnly: UInt32 = 0x4000_0040  // CNT_INITIALIZED_DATA | MEM_READ
    static let readWrite: UInt32 = 0xC000_0040 // CNT_INITIALIZED_DATA | MEM_READ | MEM_WRITE
    static let discardable: UInt32 = 0x4200_0040

    var lfanew: UInt32 = 0x40
    var signature: UInt32 = 0x0000_4550
    var machine: UInt16 = 0x8664
    var sectionCount: UInt16?
    var timeDateStamp: UInt32 = 0x6000_0000
    var sizeOfOptionalHeader: UInt16?
    var characteristics: UInt16 = 0x0022         // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE
    var magic: UInt16 = 0x20B
    var entryPoint: UInt32 = 0x1000
    var imageBase: UInt64 = 0x1_4000_0000
    var sectionAlignment: UInt32 = 0x1000
    var fileAlignment: UInt32 = 0x200
    var sizeOfImage: UInt32?
    var sizeOfHeaders: UInt32?
    var subsystem: UInt16 = 1
    var dllCharacteristics: UInt16 = 0x0160
    var numberOfRvaAndSizes: UInt32 = 16
    var directories = [(rva: UInt32, size: UInt32)](repeating: (0, 0), count: 16)
    var sections: [Section] = []
    /// Bytes appended after the last section's raw data.
    var trailer: [UInt8] = []

    static func align(_ value: UInt32, _ alignment: UInt32) -> UInt32 { (value + alignment - 1) / alignment * alignment }

    /// Offset of the optional header in the file.
    var optionalOffset: Int { Int(lfanew) + 24 }

    var headersEnd: UInt32 {
        UInt32(optionalOffset) + UInt32(sizeOfOptionalHeader ?? UInt16(112 + 8 * min(Int(numberOfRvaAndSizes), 16)))
            + 40 * UInt32(sections.count)
    }

    /// File offset of each section's raw data, as `build()` lays it out.
    var rawOffsets: [UInt32] {
        var next = Self.align(sizeOfHeaders ?? Self.align(headersEnd, fileAlignment), fileAlignment)
        var offsets: [UInt32] = []
        for section in sections {
            offsets.append(section.rawOffset ?? next)
            next += Self.align(UInt32(section.data.count), fileAlignment)
        }
        return offsets
    }

    func build() -> [UInt8] {
        let headerSize = sizeOfHeaders ?? Self.align(headersEnd, fileAlignment)
        var out = [UInt8](repeating: 0, count: max(Int(Self.align(headersEnd, fileAlignment)), Int(headerSize), 0x40))
        func put<T: FixedWidthInteger>(_ value: T, _ at: Int) {
            for index in 0..<MemoryLayout<T>.size where at + index < out.count {
                out[at + index] = UInt8(truncatingIfNeeded: value >> (8 * index))
            }
        }
        put(UInt16(0x5A4D), 0)
        put(lfanew, 0x3C)
        let nt = Int(lfanew)
        if nt + 24 > out.count { out += [UInt8](repeating: 0, count: nt + 24 - out.count) }
        put(signature, nt)
        put(machine, nt + 4)
        put(sectionCount ?? UInt16(sections.count), nt + 6)
        put(timeDateStamp, nt + 8)
        let optionalSize = sizeOfOptionalHeader ?? UInt16(112 + 8 * min(Int(numberOfRvaAndSizes), 16))
        put(optionalSize, nt + 20)
        put(characteristics, nt + 22)
        let opt = optionalOffset
        put(magic, opt)
        put(UInt8(14), opt + 2)
        put(entryPoint, opt + 16)
        put(imageBase, opt + 24)
        put(sectionAlignment, opt + 32)
        put(fileAlignment, opt + 36)
        put(UInt16(10), opt + 40)
        put(UInt16(10), opt + 48)
        let lastEnd = sections.map { $0.rva + ($0.virtualSize ?? UInt32($0.data.count)) }.max() ?? 0x1000
        put(sizeOfImage ?? Self.align(lastEnd, sectionAlignment), opt + 56)
        put(headerSize, opt + 60)
        put(subsystem, opt + 68)
        put(dllCharacteristics, opt + 70)
        put(UInt64(0x40000), opt + 72)
        put(numberOfRvaAndSizes, opt + 108)
        for index in 0..<min(Int(numberOfRvaAndSizes), 16) where opt + 112 + 8 * index + 8 <= opt + Int(optionalSize) {
            put(directories[index].rva, opt + 112 + 8 * index)
            put(directories[index].size, opt + 116 + 8 * index)
        }
        let table = opt + Int(optionalSize)
        let offsets = rawOffsets
        for (index, section) in sections.enumerated() {
            let at = table + 40 * index
            for (position, byte) in section.name.utf8.prefix(8).enumerated() { out[at + position] = byte }
            put(section.virtualSize ?? UInt32(section.data.count), at + 8)
            put(section.rva, at + 12)
            put(section.rawSize ?? Self.align(UInt32(section.data.count), fileAlignment), at + 16)
            put(offsets[index], at + 20)
            put(section.characteristics, at + 36)
        }
        for (index, section) in sections.enumerated() {
            let start = Int(offsets[index])
            let end = start + Int(Self.align(UInt32(section.data.count), fileAlignment))
            if out.count < end { out += [UInt8](repeating: 0, count: end - out.count) }
            out.replaceSubrange(start..<(start + section.data.count), with: section.data)
        }
        return out + trailer
    }

    /// The section named `name`'s index.
    func index(of name: String) -> Int { sections.firstIndex { $0.name == name }! }

    /// Writes `value` little-endian at `offset` of section `name`'s data.
    mutating func patch<T: FixedWidthInteger>(_ name: String, _ offset: Int, _ value: T) {
        let index = index(of: name)
        for byte in 0..<MemoryLayout<T>.size {
            sections[index].data[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * byte))
        }
    }

    /// Writes `bytes` at `offset` of section `name`'s data.
    mutating func patch(_ name: String, _ offset: Int, bytes: [UInt8]) {
        let index = index(of: name)
        sections[index].data.replaceSubrange(offset..<(offset + bytes.count), with: bytes)
    }
}

/// The valid baseline image every hostile variant starts from: a tiny "driver" with code,
/// imports by name and by ordinal, an export table, an exception table, a load config with a
/// security cookie, and DIR64 relocations.
///
/// Layout (RVAs):
/// - `.text` 0x1000 (R-X): 0x1000 `mov eax,42; ret` (the entry point); 0x1010 a function
///   calling the IAT slot of `StorPortNotification` and returning its result; 0x1020 a
///   function returning the 32-bit value its relocated pointer at 0x3000 points at.
/// - `.rdata` 0x2000 (R--): import descriptors at 0x2000 (storport.sys, ntoskrnl.exe, null),
///   lookup tables at 0x2040 / 0x2060, IATs at 0x2080 / 0x20A0, hint/names at 0x20C0...,
///   module names at 0x2140 / 0x2150, exception table at 0x2180 (3 entries), unwind info at
///   0x21C0, load config at 0x2200 (cookie VA at 0x2258), export directory at 0x2280.
/// - `.data` 0x3000 (RW-): 0x3000 pointer to 0x3010, 0x3008 the security cookie (default
///   value), 0x3010 the UInt32 1234.
/// - `.reloc` 0x4000 (R--, discardable): two blocks, DIR64 at 0x3000 and at 0x2258.
enum PEBaseline {
    static let storportIATSlots: [UInt32] = [0x2080, 0x2088]       // StorPortInitialize, StorPortNotification
    static let ntoskrnlIATSlots: [UInt32] = [0x20A0, 0x20A8]       // ordinal 5, KeStallExecutionProcessor
    static let pointedValue: UInt32 = 1234

    static func builder() -> PEBuilder {
        var builder = PEBuilder()
        let imageBase = builder.imageBase

        var text = [UInt8](repeating: 0xCC, count: 0x40)
        text.replaceSubrange(0..<6, with: [0xB8, 0x2A, 0x00, 0x00, 0x00, 0xC3])           // mov eax,42; ret
        // 0x1010: sub rsp,40; call [rip+disp]; add rsp,40; ret   (slot 0x2088)
        let callDisp = Int32(0x2088) - Int32(0x1010 + 4 + 6)
        text.replaceSubrange(0x10..<0x1D, with: [0x48, 0x83, 0xEC, 0x28, 0xFF, 0x15] + leBytes(callDisp) + [0x48, 0x83, 0xC4, 0x28, 0xC3])
        // 0x1020: mov rax,[rip+disp]; mov eax,[rax]; ret   (pointer at 0x3000)
        let loadDisp = Int32(0x3000) - Int32(0x1020 + 7)
        text.replaceSubrange(0x20..<0x2A, with: [0x48, 0x8B, 0x05] + leBytes(loadDisp) + [0x8B, 0x00, 0xC3])

        var rdata = [UInt8](repeating: 0, count: 0x400)
        func put(_ offset: Int, _ bytes: [UInt8]) { rdata.replaceSubrange(offset..<(offset + bytes.count), with: bytes) }
        // Import descriptors: OriginalFirstThunk, TimeDateStamp, ForwarderChain, Name, FirstThunk.
        put(0x00, leBytes(UInt32(0x2040)) + leBytes(UInt32(0)) + leBytes(UInt32(0)) + leBytes(UInt32(0x2140)) + leBytes(UInt32(0x2080)))
        put(0x14, leBytes(UInt32(0x2060)) + leBytes(UInt32(0)) + leBytes(UInt32(0)) + leBytes(UInt32(0x2150)) + leBytes(UInt32(0x20A0)))
        // Lookup tables and IATs (the IAT holds the same thunks until bound).
        let storport = leBytes(UInt64(0x20C0)) + leBytes(UInt64(0x20E0)) + leBytes(UInt64(0))
        let ntoskrnl = leBytes(UInt64(1) << 63 | 5) + leBytes(UInt64(0x2100)) + leBytes(UInt64(0))
        put(0x40, storport); put(0x80, storport)
        put(0x60, ntoskrnl); put(0xA0, ntoskrnl)
        put(0xC0, leBytes(UInt16(7)) + Array("StorPortInitialize".utf8) + [0])
        put(0xE0, leBytes(UInt16(9)) + Array("StorPortNotification".utf8) + [0])
        put(0x100, leBytes(UInt16(3)) + Array("KeStallExecutionProcessor".utf8) + [0])
        put(0x140, Array("storport.sys".utf8) + [0])
        put(0x150, Array("ntoskrnl.exe".utf8) + [0])
        // Exception table: BeginAddress, EndAddress, UnwindData.
        put(0x180, leBytes(UInt32(0x1000)) + leBytes(UInt32(0x1006)) + leBytes(UInt32(0x21C0)))
        put(0x18C, leBytes(UInt32(0x1010)) + leBytes(UInt32(0x101D)) + leBytes(UInt32(0x21C0)))
        put(0x198, leBytes(UInt32(0x1020)) + leBytes(UInt32(0x102A)) + leBytes(UInt32(0x21C0)))
        // UNWIND_INFO: version 1, prolog 4 bytes, one code: UWOP_ALLOC_SMALL 40 at offset 4.
        put(0x1C0, [0x01, 0x04, 0x01, 0x00, 0x04, 0x42, 0x00, 0x00])
        // Load config: Size 0x70, SecurityCookie (VA) at +0x58.
        put(0x200, leBytes(UInt32(0x70)))
        put(0x258, leBytes(imageBase + 0x3008))
        // Export directory: Name, Base 1, 2 functions, 1 name, tables.
        put(0x280 + 12, leBytes(UInt32(0x22D0)))
        put(0x280 + 16, leBytes(UInt32(1)) + leBytes(UInt32(2)) + leBytes(UInt32(1)) + leBytes(UInt32(0x22B0)) + leBytes(UInt32(0x22B8)) + leBytes(UInt32(0x22BC)))
        put(0x2B0, leBytes(UInt32(0x1020)) + leBytes(UInt32(0x1000)))
        put(0x2B8, leBytes(UInt32(0x22E0)))
        put(0x2BC, leBytes(UInt16(0)))
        put(0x2D0, Array("baseline.sys".utf8) + [0])
        put(0x2E0, Array("ReadThroughPointer".utf8) + [0])

        var data = [UInt8](repeating: 0, count: 0x20)
        data.replaceSubrange(0..<8, with: leBytes(imageBase + 0x3010))
        data.replaceSubrange(8..<16, with: leBytes(UInt64(0x0000_2B99_2DDF_A232)))
        data.replaceSubrange(16..<20, with: leBytes(pointedValue))

        // Base relocations: page 0x3000 [DIR64 +0, ABSOLUTE], page 0x2000 [DIR64 +0x258, ABSOLUTE].
        let reloc = leBytes(UInt32(0x3000)) + leBytes(UInt32(12)) + leBytes(UInt16(0xA000)) + leBytes(UInt16(0))
            + leBytes(UInt32(0x2000)) + leBytes(UInt32(12)) + leBytes(UInt16(0xA258)) + leBytes(UInt16(0))

        builder.sections = [
            .init(name: ".text", rva: 0x1000, virtualSize: 0x40, data: text, characteristics: PEBuilder.code),
            .init(name: ".rdata", rva: 0x2000, virtualSize: 0x400, data: rdata, characteristics: PEBuilder.readOnly),
            .init(name: ".data", rva: 0x3000, virtualSize: 0x100, data: data, characteristics: PEBuilder.readWrite),
            .init(name: ".reloc", rva: 0x4000, virtualSize: UInt32(reloc.count), data: reloc, characteristics: PEBuilder.discardable),
        ]
        builder.directories[0] = (0x2280, 0x80)      // export
        builder.directories[1] = (0x2000, 0x3C)      // import
        builder.directories[3] = (0x2180, 36)        // exception
        builder.directories[5] = (0x4000, 24)        // base relocation
        builder.directories[10] = (0x2200, 0x70)     // load config
        builder.directories[12] = (0x2080, 0x38)     // IAT
        return builder
    }

    static func bytes() -> [UInt8] { builder().build() }
}

/// Little-endian bytes of an integer.
func leBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
}
