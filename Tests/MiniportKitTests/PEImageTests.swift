import CMiniportABI
import Foundation
import MiniportKit
import Testing

/// Collects the names the failure stubs report (context of ``PEMapping/UnresolvedHandler``).
final class UnresolvedCalls: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var names: [String] { lock.withLock { storage } }
    func append(_ name: String) { lock.withLock { storage.append(name) } }

    var handler: PEMapping.UnresolvedHandler {
        PEMapping.UnresolvedHandler(report: { context, routine in
            Unmanaged<UnresolvedCalls>.fromOpaque(context!).takeUnretainedValue().append(String(cString: routine!))
        }, context: Unmanaged.passUnretained(self).toOpaque())
    }
}

/// The PE32+ loader: PEFile's validation of hostile images (each refusal with its own error
/// naming the problem) and PEMapping of valid ones (relocations, imports, failure stubs,
/// security cookie, protections), on images written by PEBuilder and on one linked by lld-link.
@Suite("PE32+ image parser and mapper")
struct PEImageTests {
    static func parse(_ bytes: [UInt8]) throws -> PEFile {
        try bytes.withUnsafeBytes { try PEFile.parse($0) }
    }

    /// Asserts that `bytes` is refused with `kind` and a message containing every fragment.
    static func expectRefusal(_ bytes: [UInt8], _ kind: PEFormatError.Kind, _ fragments: String...,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try parse(bytes)
            Issue.record("the image was accepted; expected \(kind): \(fragments)", sourceLocation: sourceLocation)
        } catch let error as PEFormatError {
            #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(error.message.contains(fragment), "\"\(error.message)\" does not say \"\(fragment)\"",
                        sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    static func refuse(_ kind: PEFormatError.Kind, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
                       _ change: (inout PEBuilder) -> Void) {
        var builder = PEBaseline.builder()
        change(&builder)
        let bytes = builder.build()
        do {
            _ = try parse(bytes)
            Issue.record("the image was accepted; expected \(kind): \(fragments)", sourceLocation: sourceLocation)
        } catch let error as PEFormatError {
            #expect(error.kind == kind, "\(error.message)", sourceLocation: sourceLocation)
            for fragment in fragments {
                #expect(error.message.contains(fragment), "\"\(error.message)\" does not say \"\(fragment)\"",
                        sourceLocation: sourceLocation)
            }
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
    }

    static func map(_ bytes: [UInt8], file: PEFile, calls: UnresolvedCalls,
                    resolve: (String, PEImport) -> UnsafeRawPointer? = { _, _ in nil }) throws -> PEMapping {
        try bytes.withUnsafeBytes {
            try PEMapping(file: file, bytes: $0, name: "test.sys", resolve: resolve, unresolvedHandler: calls.handler)
        }
    }

    // MARK: - The valid baseline

    @Test("The baseline image parses into its headers, sections, imports, exports, relocations, exception table and cookie")
    func baselineParses() throws {
        let bytes = PEBaseline.bytes()
        let file = try Self.parse(bytes)
        #expect(file.machine == 0x8664)
        #expect(file.subsystem == 1)
        #expect(file.imageBase == 0x1_4000_0000)
        #expect(file.sizeOfImage == 0x5000)
        #expect(file.entryPointRVA == 0x1000)
        #expect(file.sections.map(\.name) == [".text", ".rdata", ".data", ".reloc"])
        #expect(file.sections.map(\.protection) == ["R-X", "R--", "RW-", "R--"])
        #expect(file.sections[3].discardable)
        #expect(file.imports.map(\.dllName) == ["storport.sys", "ntoskrnl.exe"])
        #expect(file.imports[0].entries == [
            PEImportEntry(routine: .name("StorPortInitialize", hint: 7), iatRVA: 0x2080),
            PEImportEntry(routine: .name("StorPortNotification", hint: 9), iatRVA: 0x2088),
        ])
        #expect(file.imports[1].entries == [
            PEImportEntry(routine: .ordinal(5), iatRVA: 0x20A0),
            PEImportEntry(routine: .name("KeStallExecutionProcessor", hint: 3), iatRVA: 0x20A8),
        ])
        #expect(file.exports == [PEExport(name: "ReadThroughPointer", ordinal: 1, rva: 0x1020, forwarder: nil),
                                 PEExport(name: nil, ordinal: 2, rva: 0x1000, forwarder: nil)])
        #expect(file.relocationCount == 2)
        #expect(file.securityCookieRVA == 0x3008)
        #expect(file.runtimeFunctions.map(\.beginRVA) == [0x1000, 0x1010, 0x1020])
        #expect(file.functionContaining(rva: 0x1015)?.beginRVA == 0x1010)
        #expect(file.functionContaining(rva: 0x1000)?.endRVA == 0x1006)
        #expect(file.functionContaining(rva: 0x1008) == nil)
        #expect(file.functionContaining(rva: 0x102A) == nil)
        #expect(file.notes.isEmpty)
        let summary = file.description
        for fragment in ["AMD64 (0x8664)", "NATIVE", ".text", "R-X", ".data", "RW-", "imports from storport.sys (2)",
                         "StorPortNotification", "ordinal 5", "entry point RVA 0x1000 (.text)", "relocations: 2"] {
            #expect(summary.contains(fragment), "the summary does not say \(fragment):\n\(summary)")
        }
        #expect(bytes.withUnsafeBytes { PEFile.isPE($0) })
        #expect(bytes.withUnsafeBytes { PEFile.isPE(UnsafeRawBufferPointer(rebasing: $0[0..<0x40])) })
    }

    @Test("isPE tells a PE prefix from an ELF header, a short file and an MZ file without PE signature")
    func contentDetection() {
        let elf: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 56)
        #expect(!elf.withUnsafeBytes { PEFile.isPE($0) })
        #expect(![UInt8(0x4D), 0x5A].withUnsafeBytes { PEFile.isPE($0) })
        var noSignature = PEBaseline.bytes()
        noSignature[0x40] = 0x4E
        #expect(!noSignature.withUnsafeBytes { PEFile.isPE($0) })
        var hugeLfanew = PEBaseline.bytes()
        hugeLfanew.replaceSubrange(0x3C..<0x40, with: leBytes(UInt32(0xFFFF_FFF0)))
        #expect(!hugeLfanew.withUnsafeBytes { PEFile.isPE($0) })
    }

    @Test("Mapping the baseline relocates, binds imports, writes failure stubs, renews the cookie and protects the sections")
    func baselineMaps() throws {
        let bytes = PEBaseline.bytes()
        let file = try Self.parse(bytes)
        let calls = UnresolvedCalls()
        let bound = UnsafeRawPointer(bitPattern: 0x1234_5678)!
        let mapping = try Self.map(bytes, file: file, calls: calls) { module, routine in
            module == "storport.sys" && routine == .name("StorPortInitialize", hint: 7) ? bound : nil
        }
        #expect(mapping.size == 0x5000)
        #expect(UInt(bitPattern: mapping.base) != UInt(file.imageBase))
        #expect(mapping.entryPoint == UnsafeRawPointer(mapping.base + 0x1000))
        #expect(mapping.unresolved.map { "\($0.module)!\($0.routine)" }
                == ["storport.sys!StorPortNotification", "ntoskrnl.exe!ordinal 5", "ntoskrnl.exe!KeStallExecutionProcessor"])

        // Relocations: the pointer at 0x3000 points at 0x3010 of this mapping, the cookie VA too.
        #expect(mapping.base.load(fromByteOffset: 0x3000, as: UInt.self) == UInt(bitPattern: mapping.base) + 0x3010)
        #expect(mapping.base.load(fromByteOffset: 0x2258, as: UInt.self) == UInt(bitPattern: mapping.base) + 0x3008)

        // Imports: the bound slot holds the resolver's address, the others distinct stubs outside the image.
        #expect(mapping.base.load(fromByteOffset: 0x2080, as: UInt.self) == UInt(bitPattern: bound))
        let stubs = [0x2088, 0x20A0, 0x20A8].map { mapping.base.load(fromByteOffset: $0, as: UInt.self) }
        #expect(Set(stubs).count == 3)
        for stub in stubs {
            #expect(!mapping.contains(UnsafeRawPointer(bitPattern: stub)!, length: 1))
            #expect(mapping.executableRanges.contains { $0.contains(stub) })
        }

        // The security cookie: a fresh value, top 16 bits clear, not the default.
        let cookie = mapping.base.load(fromByteOffset: 0x3008, as: UInt64.self)
        #expect(cookie != 0x0000_2B99_2DDF_A232 && cookie != 0 && cookie >> 48 == 0)

        // Executable ranges: the .text page and the stub page, nothing else.
        let base = UInt(bitPattern: mapping.base)
        #expect(mapping.executableRanges.first == (base + 0x1000)..<(base + 0x2000))
        #expect(mapping.executableRanges.count == 2)
        #expect(!mapping.executableRanges.contains { $0.contains(base + 0x3000) })

        // The mapped exception table.
        #expect(mapping.pdata.count == 3)
        #expect(mapping.pdata.0 == UnsafeRawPointer(mapping.base + 0x2180))
        #expect(mapping.pdata.0.load(fromByteOffset: 12, as: UInt32.self) == 0x1010)

        // Addresses and RVAs.
        #expect(mapping.rva(of: mapping.base + 0x1234) == 0x1234)
        #expect(mapping.rva(of: mapping.base + 0x5000) == nil)
        #expect(mapping.contains(mapping.base + 0x4FF0, length: 0x10))
        #expect(!mapping.contains(mapping.base + 0x4FF0, length: 0x11))
    }

    @Test("The mapped baseline's code runs: the entry point, a relocated pointer and a call through a failure stub")
    func baselineRuns() throws {
        let bytes = PEBaseline.bytes()
        let file = try Self.parse(bytes)
        let calls = UnresolvedCalls()
        let mapping = try Self.map(bytes, file: file, calls: calls)
        #expect(MpAbiMsCallU320(mapping.entryPoint) == 42)
        #expect(MpAbiMsCallU320(mapping.base + 0x1020) == PEBaseline.pointedValue)
        #expect(calls.names.isEmpty)
        #expect(MpAbiMsCallU320(mapping.base + 0x1010) == 0xC000_0002)
        #expect(calls.names == ["StorPortNotification"])
    }

    @Test("The small-alignment layout (SectionAlignment = FileAlignment below the page size) parses and maps")
    func smallAlignment() throws {
        var builder = PEBaseline.builder()
        builder.sectionAlignment = 0x200
        let bytes = builder.build()
        let file = try Self.parse(bytes)
        #expect(file.sectionAlignment == 0x200)
        let mapping = try Self.map(bytes, file: file, calls: UnresolvedCalls())
        #expect(MpAbiMsCallU320(mapping.base + 0x1020) == PEBaseline.pointedValue)
    }

    @Test("A NumberOfRvaAndSizes above 16 reads 16 directories and says so")
    func manyDirectories() throws {
        var builder = PEBaseline.builder()
        builder.numberOfRvaAndSizes = 17
        builder.sizeOfOptionalHeader = 112 + 8 * 17
        let file = try Self.parse(builder.build())
        #expect(file.dataDirectories.count == 16)
        #expect(file.notes.contains { $0.contains("NumberOfRvaAndSizes 17") })
    }

    @Test("Module names are matched without regard to case")
    func moduleCase() throws {
        var builder = PEBaseline.builder()
        builder.patch(".rdata", 0x140, bytes: Array("STORPORT.SYS".utf8))
        let file = try Self.parse(builder.build())
        #expect(file.imports[0].dllName == "STORPORT.SYS")
    }

    // MARK: - File and headers

    @Test("Truncated files are refused where they end")
    func truncated() {
        let bytes = PEBaseline.bytes()
        Self.expectRefusal([], .truncated, "0 bytes", "64-byte DOS header")
        Self.expectRefusal(Array(bytes[0..<0x30]), .truncated, "shorter than the 64-byte DOS header")
        Self.expectRefusal(Array(bytes[0..<0x50]), .truncated, "COFF file header")
        Self.expectRefusal(Array(bytes[0..<0x80]), .truncated, "optional header", "runs past the end of the file")
        Self.expectRefusal(Array(bytes[0..<0x160]), .truncated, "section table", "runs past the end of the file")
        Self.expectRefusal(Array(bytes[0..<0x1F0]), .truncated, "SizeOfHeaders 0x200 runs past the end of the file (0x1F0 bytes)")
        Self.expectRefusal(Array(bytes[0..<0x500]), .sections, "section .rdata raw data (offset 0x400, 0x400 bytes)",
                           "runs past the end of the file (0x500 bytes)")
    }

    @Test("No MZ, e_lfanew outside the file, no PE signature")
    func signatures() {
        var noMZ = PEBaseline.bytes()
        noMZ[0] = 0x7F
        Self.expectRefusal(noMZ, .notPE, "no MZ signature")
        var farLfanew = PEBaseline.bytes()
        farLfanew.replaceSubrange(0x3C..<0x40, with: leBytes(UInt32(0x10000)))
        Self.expectRefusal(farLfanew, .truncated, "e_lfanew 0x10000 points outside the file")
        var noPE = PEBaseline.bytes()
        noPE[0x41] = 0x58
        Self.expectRefusal(noPE, .notPE, "no PE signature", "e_lfanew 0x40")
    }

    @Test("Images for other machines are refused, naming the machine")
    func otherMachines() {
        Self.refuse(.wrongMachine, "built for ARM64 (0xAA64); this SDK loads AMD64 (0x8664) images") { $0.machine = 0xAA64 }
        Self.refuse(.wrongMachine, "I386 (0x14C)") { $0.machine = 0x14C }
        Self.refuse(.wrongMachine, "ARMNT (0x1C4)") { $0.machine = 0x1C4 }
        Self.refuse(.wrongMachine, "machine 0x1234") { $0.machine = 0x1234 }
        Self.refuse(.wrongMachine, "PE32 (32-bit)") { $0.magic = 0x10B }
        Self.refuse(.header, "optional header magic 0x999") { $0.magic = 0x999 }
        Self.refuse(.notPE, "IMAGE_FILE_EXECUTABLE_IMAGE") { $0.characteristics = 0x0020 }
    }

    @Test("Optional header size and data directory count")
    func optionalHeaderSize() {
        Self.refuse(.header, "SizeOfOptionalHeader 0x60") { $0.sizeOfOptionalHeader = 0x60 }
        Self.refuse(.header, "NumberOfRvaAndSizes 16", "run past the optional header") { $0.sizeOfOptionalHeader = 112 + 8 * 8 }
    }

    @Test("Alignments: powers of two, FileAlignment 512...64K, SectionAlignment at least FileAlignment")
    func alignments() {
        Self.refuse(.header, "SectionAlignment 0x1001 is not a power of two") { $0.sectionAlignment = 0x1001 }
        Self.refuse(.header, "FileAlignment 0x300 is not a power of two") { $0.fileAlignment = 0x300 }
        Self.refuse(.header, "FileAlignment 0x100 is outside 512 to 64 KiB") { $0.fileAlignment = 0x100 }
        Self.refuse(.header, "SectionAlignment 0x1000 is smaller than FileAlignment 0x2000") { $0.fileAlignment = 0x2000 }
        Self.refuse(.header, "below the page size", "FileAlignment (0x200) must equal it") { $0.sectionAlignment = 0x800 }
    }

    @Test("SizeOfImage 0, above 256 MiB, smaller than a section")
    func sizeOfImage() {
        Self.refuse(.header, "SizeOfImage is 0") { $0.sizeOfImage = 0 }
        Self.refuse(.header, "SizeOfImage 0x10001000 exceeds the loader's limit of 256 MiB") { $0.sizeOfImage = 0x1000_1000 }
        Self.refuse(.sections, "section .reloc", "runs past SizeOfImage 0x4000") { $0.sizeOfImage = 0x4000 }
        Self.refuse(.header, "ImageBase 0x140001000 is not a multiple of 64 KiB") { $0.imageBase = 0x1_4000_1000 }
    }

    @Test("SizeOfHeaders must cover the section table and stay inside the image and the file")
    func sizeOfHeaders() {
        Self.refuse(.header, "SizeOfHeaders 0x100 ends before the section table does") { $0.sizeOfHeaders = 0x100 }
        Self.refuse(.header, "SizeOfHeaders 0x6000 is larger than SizeOfImage 0x5000") { $0.sizeOfHeaders = 0x6000 }
    }

    // MARK: - Sections

    @Test("Section table: none, too many, raw data past the file, overlaps, misalignment, headers, W+X")
    func sections() {
        Self.refuse(.sections, "the image has no sections") { $0.sectionCount = 0 }
        Self.refuse(.sections, "100 sections; the loader accepts at most 96") { $0.sectionCount = 100 }
        Self.refuse(.sections, "section .data raw data (offset 0x800, 0x10000 bytes) runs past the end of the file (0xC00 bytes)") {
            $0.sections[2].rawSize = 0x10000
        }
        Self.refuse(.sections, "sections .data (RVA 0x3000...0x4800) and .reloc (RVA 0x4000) overlap") {
            $0.sections[2].virtualSize = 0x1800
            $0.sizeOfImage = 0x5000
        }
        Self.refuse(.sections, "sections .text (RVA 0x1000...0x2800) and .rdata (RVA 0x2000) overlap") {
            $0.sections[0].virtualSize = 0x1800
        }
        Self.refuse(.sections, "section .data RVA 0x3100 is not a multiple of SectionAlignment 0x1000") { $0.sections[2].rva = 0x3100 }
        Self.refuse(.sections, "section .text at RVA 0x0 overlaps the headers") {
            $0.sections[0].rva = 0
            $0.entryPoint = 0x10
        }
        Self.refuse(.sections, "section .text is both writable and executable") {
            $0.sections[0].characteristics |= 0x8000_0000
        }
    }

    @Test("Entry point 0, outside every section, in a section that is not executable")
    func entryPoint() {
        Self.refuse(.entryPoint, "the entry point is 0") { $0.entryPoint = 0 }
        Self.refuse(.entryPoint, "entry point RVA 0x9000 lies in no section") { $0.entryPoint = 0x9000 }
        Self.refuse(.entryPoint, "entry point RVA 0x1800 lies in no section") { $0.entryPoint = 0x1800 }
        Self.refuse(.entryPoint, "RVA 0x3000 lies in section .data, which is not executable") { $0.entryPoint = 0x3000 }
    }

    @Test("Data directories outside the image; TLS, delay-load imports and CLR headers refused by name")
    func directories() {
        Self.refuse(.directory, "data directory 1 (import table) at RVA 0x4F00, 0x200 bytes, lies outside the image") {
            $0.directories[1] = (0x4F00, 0x200)
        }
        Self.refuse(.directory, "data directory 6 (debug directory)") { $0.directories[6] = (0xFFFF_FF00, 0x200) }
        Self.refuse(.directory, "TLS directory") { $0.directories[9] = (0x2300, 0x28) }
        Self.refuse(.imports, "delay-load imports (from storport.sys)") {
            $0.patch(".rdata", 0x304, UInt32(0x2140))
            $0.directories[13] = (0x2300, 0x40)
        }
        Self.refuse(.directory, "CLR runtime header") { $0.directories[14] = (0x2300, 0x48) }
    }

    // MARK: - Relocations

    @Test("Relocation blocks: too small, odd, past the directory")
    func relocationBlocks() {
        Self.refuse(.relocations, "block at RVA 0x4000 has size 4, less than its 8-byte header") { $0.patch(".reloc", 4, UInt32(4)) }
        Self.refuse(.relocations, "block at RVA 0x4000 has odd size 11") { $0.patch(".reloc", 4, UInt32(11)) }
        Self.refuse(.relocations, "block at RVA 0x400C (0x100 bytes) runs past the end of the relocation directory (0x18 bytes)") {
            $0.patch(".reloc", 16, UInt32(0x100))
        }
        Self.refuse(.relocations, "does not lie inside one section") { $0.directories[5] = (0x4000, 0x40) }
    }

    @Test("Relocation targets outside the image or outside every section; unsupported types by name")
    func relocationEntries() {
        Self.refuse(.relocations, "a DIR64 relocation patches RVA 0x4FFC, outside the image (SizeOfImage 0x5000)") {
            $0.patch(".reloc", 0, UInt32(0x4000))
            $0.patch(".reloc", 8, UInt16(0xAFFC))
        }
        Self.refuse(.relocations, "a DIR64 relocation patches RVA 0x10 (8 bytes), which does not lie inside one section") {
            $0.patch(".reloc", 0, UInt32(0))
            $0.patch(".reloc", 8, UInt16(0xA010))
        }
        Self.refuse(.relocations, "a HIGHLOW relocation patches RVA 0x30FE (4 bytes), which does not lie inside one section") {
            $0.patch(".reloc", 8, UInt16(0x30FE))
        }
        Self.refuse(.relocations, "relocation type HIGHADJ (4) at RVA 0x3000 is not supported (DIR64, HIGHLOW and ABSOLUTE are)") {
            $0.patch(".reloc", 8, UInt16(0x4000))
        }
        Self.refuse(.relocations, "relocation type HIGH (1)") { $0.patch(".reloc", 8, UInt16(0x1000)) }
        Self.refuse(.relocations, "relocation type ARM_MOV32 (5)") { $0.patch(".reloc", 8, UInt16(0x5000)) }
        Self.refuse(.relocations, "relocation type UNKNOWN (15)") { $0.patch(".reloc", 8, UInt16(0xF000)) }
    }

    @Test("An image with stripped relocations parses but cannot be mapped away from its ImageBase")
    func strippedRelocations() throws {
        var builder = PEBaseline.builder()
        builder.characteristics |= 0x0001
        let bytes = builder.build()
        let file = try Self.parse(bytes)
        #expect(file.relocationsStripped)
        #expect {
            _ = try Self.map(bytes, file: file, calls: UnresolvedCalls())
        } throws: { error in
            let error = error as? PEFormatError
            return error?.kind == .mapping && error?.message.contains("IMAGE_FILE_RELOCS_STRIPPED") == true
                && error?.message.contains("ImageBase 0x140000000") == true
        }
    }

    // MARK: - Imports

    @Test("Imports from a module the SDK does not provide are refused")
    func unknownModule() {
        Self.refuse(.imports, "imports from unknown module foo.sys (the SDK provides ntoskrnl.exe, hal.dll, scsiport.sys, storport.sys)") {
            $0.patch(".rdata", 0x140, bytes: Array("foo.sys\0".utf8))
        }
        Self.refuse(.imports, "imports from unknown module wmilib.sys") {
            $0.patch(".rdata", 0x150, bytes: Array("wmilib.sys\0".utf8))
        }
    }

    @Test("Import descriptor table unterminated or outside the sections")
    func descriptorTable() {
        Self.refuse(.imports, "the import descriptor table at RVA 0x23EC is not terminated") {
            let descriptor = Array($0.sections[1].data[0..<20])
            $0.patch(".rdata", 0x3EC, bytes: descriptor)
            $0.directories[1] = (0x23EC, 20)
        }
        Self.refuse(.imports, "the import descriptor table at RVA 0x2800 lies outside the image's sections") {
            $0.directories[1] = (0x2800, 0x28)
        }
        Self.refuse(.imports, "descriptor at RVA 0x2014 has no module name") { $0.patch(".rdata", 0x14 + 12, UInt32(0)) }
        Self.refuse(.imports, "the imports from storport.sys have no import address table") { $0.patch(".rdata", 16, UInt32(0)) }
    }

    @Test("Module names: unterminated, outside the sections, not ASCII, too long, empty")
    func moduleNames() {
        Self.refuse(.imports, "the module name of the import descriptor at RVA 0x2000, at RVA 0x23F0, is not NUL-terminated inside its section") {
            $0.patch(".rdata", 0x3F0, bytes: [UInt8](repeating: 0x41, count: 16))
            $0.patch(".rdata", 12, UInt32(0x23F0))
        }
        Self.refuse(.imports, "at RVA 0x2800, lies outside the image's sections") { $0.patch(".rdata", 12, UInt32(0x2800)) }
        Self.refuse(.imports, "holds byte 0xE9, not printable ASCII") { $0.patch(".rdata", 0x141, UInt8(0xE9)) }
        Self.refuse(.imports, "at RVA 0x2400, is longer than 256 characters") {
            $0.sections[1].data += [UInt8](repeating: 0x41, count: 0x200)
            $0.sections[1].virtualSize = 0x600
            $0.patch(".rdata", 12, UInt32(0x2400))
        }
        Self.refuse(.imports, "at RVA 0x23FF, is empty") { $0.patch(".rdata", 12, UInt32(0x23FF)) }
    }

    @Test("Thunk lists: unterminated, hint/name outside, reserved bits set, IAT slot outside the sections")
    func thunks() {
        Self.refuse(.imports, "the import lookup table of storport.sys (RVA 0x23F8) is not terminated inside its section") {
            $0.patch(".rdata", 0x3F8, UInt64(0x20C0))
            $0.patch(".rdata", 0, UInt32(0x23F8))
        }
        Self.refuse(.imports, "the hint/name entry of an import from storport.sys at RVA 0x2900 lies outside") {
            $0.patch(".rdata", 0x40, UInt64(0x2900))
        }
        Self.refuse(.imports, "bits set above the 16-bit ordinal") { $0.patch(".rdata", 0x60, UInt64(1) << 63 | 1 << 20 | 5) }
        Self.refuse(.imports, "bits set above its 31-bit hint/name RVA") { $0.patch(".rdata", 0x40, UInt64(1) << 40 | 0x20C0) }
        Self.refuse(.imports, "the name of an import from storport.sys", "not printable ASCII") { $0.patch(".rdata", 0xC2, UInt8(1)) }
        Self.refuse(.imports, "import address table slot of storport.sys at RVA 0x2800 lies outside") { $0.patch(".rdata", 16, UInt32(0x2800)) }
    }

    @Test("More than 65536 imported routines are refused")
    func tooManyImports() {
        Self.refuse(.imports, "more than 65536 routines") {
            // A section whose lookup table repeats one hint/name 65537 times (FirstThunk only).
            var big = [UInt8]()
            big.reserveCapacity(65538 * 8)
            for _ in 0..<65537 { big += leBytes(UInt64(0x20C0)) }
            big += leBytes(UInt64(0))
            $0.sections.append(.init(name: ".big", rva: 0x5000, data: big, characteristics: PEBuilder.readOnly))
            $0.patch(".rdata", 0, UInt32(0))
            $0.patch(".rdata", 16, UInt32(0x5000))
        }
    }

    // MARK: - Exports, exceptions, load config

    @Test("Export tables with impossible counts, out-of-range name indexes or routines outside the image")
    func exports() throws {
        Self.refuse(.exports, "2 routines and 3 names") { $0.patch(".rdata", 0x280 + 24, UInt32(3)) }
        Self.refuse(.exports, "export name 0 refers to routine index 9") { $0.patch(".rdata", 0x2BC, UInt16(9)) }
        Self.refuse(.exports, "export ordinal 1 at RVA 0x9000 lies outside the image") { $0.patch(".rdata", 0x2B0, UInt32(0x9000)) }
        var builder = PEBaseline.builder()
        builder.patch(".rdata", 0x2B4, UInt32(0x22F0))
        builder.patch(".rdata", 0x2F0, bytes: Array("ntoskrnl.KeBugCheck\0".utf8))
        let file = try Self.parse(builder.build())
        #expect(file.exports[1].forwarder == "ntoskrnl.KeBugCheck")
    }

    @Test("Exception tables: size, order, functions outside code, unwind info outside the image")
    func exceptionTable() {
        Self.refuse(.exceptions, "exception table size 0x20 is not a multiple of 12") { $0.directories[3] = (0x2180, 0x20) }
        Self.refuse(.exceptions, "not sorted", "runtime function 2 begins at RVA 0x1000") { $0.patch(".rdata", 0x198, UInt32(0x1000)) }
        Self.refuse(.exceptions, "runtime function 0 is empty or reversed") { $0.patch(".rdata", 0x184, UInt32(0x1000)) }
        Self.refuse(.exceptions, "runtime function 1 (RVA 0x3000...0x301D) does not lie inside one executable section") {
            $0.patch(".rdata", 0x18C, UInt32(0x3000))
            $0.patch(".rdata", 0x190, UInt32(0x301D))
        }
        Self.refuse(.exceptions, "unwind information of runtime function 0 (RVA 0x9000)") { $0.patch(".rdata", 0x188, UInt32(0x9000)) }
    }

    @Test("A security cookie outside the image is refused; a non-default cookie is left alone")
    func securityCookie() throws {
        Self.refuse(.loadConfig, "security cookie VA 0x140009000 lies outside the image") {
            $0.patch(".rdata", 0x258, UInt64(0x1_4000_9000))
        }
        Self.refuse(.loadConfig, "security cookie VA 0x1000") { $0.patch(".rdata", 0x258, UInt64(0x1000)) }
        Self.refuse(.loadConfig, "Size 0x1000", "does not lie inside one section") { $0.patch(".rdata", 0x200, UInt32(0x1000)) }

        var builder = PEBaseline.builder()
        builder.patch(".data", 8, UInt64(0x1111_2222_3333))
        let bytes = builder.build()
        let mapping = try Self.map(bytes, file: try Self.parse(bytes), calls: UnresolvedCalls())
        #expect(mapping.base.load(fromByteOffset: 0x3008, as: UInt64.self) == 0x1111_2222_3333)

        var small = PEBaseline.builder()
        small.patch(".rdata", 0x200, UInt32(0x40))
        #expect(try Self.parse(small.build()).securityCookieRVA == nil)
    }

    @Test("A small-alignment image putting writable data and code on one page is refused at mapping")
    func writableExecutablePage() throws {
        var builder = PEBaseline.builder()
        builder.sectionAlignment = 0x200
        builder.sections[2].rva = 0x1200    // .data on the .text page
        builder.patch(".text", 0x20 + 3, Int32(0x1200) - Int32(0x1020 + 7))
        builder.patch(".data", 0, UInt64(0x1_4000_1210))
        builder.patch(".reloc", 0, UInt32(0x1000))
        builder.patch(".reloc", 8, UInt16(0xA200))
        builder.patch(".rdata", 0x258, UInt64(0x1_4000_1208))
        let bytes = builder.build()
        let file = try Self.parse(bytes)
        #expect {
            _ = try Self.map(bytes, file: file, calls: UnresolvedCalls())
        } throws: { error in
            let message = (error as? PEFormatError)?.message ?? ""
            return message.contains("page RVA 0x1000 holds writable and executable sections")
        }
    }

    // MARK: - A driver linked by lld-link

    /// The Windows cross tools of the Swift toolchain: `clang` and `lld-link` from PATH or
    /// /opt/swift/usr/bin, or nil.
    static let windowsTools: (clang: String, lldLink: String)? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":").map(String.init) + ["/opt/swift/usr/bin"] {
            let clang = directory + "/clang", lldLink = directory + "/lld-link"
            if FileManager.default.isExecutableFile(atPath: clang) && FileManager.default.isExecutableFile(atPath: lldLink) {
                return (clang, lldLink)
            }
        }
        return nil
    }()

    /// Builds Fixtures/pe_driver.c into a `.sys` importing from storport.sys; its bytes.
    static func linkDriver() throws -> [UInt8] {
        let tools = try #require(windowsTools)
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let object = directory.appendingPathComponent("pe_driver.obj").path
        let definitions = directory.appendingPathComponent("storport.def")
        let library = directory.appendingPathComponent("storport.lib").path
        let image = directory.appendingPathComponent("pe_driver.sys")
        try "LIBRARY storport.sys\nEXPORTS\n    StorPortInitialize\n    StorPortGetBusData\n"
            .write(to: definitions, atomically: true, encoding: .utf8)
        try FixtureBuilder.run(tools.clang, ["--target=x86_64-pc-windows-msvc", "-ffreestanding", "-funwind-tables", "-O0",
                                             "-c", FixtureBuilder.fixturesDirectory.appendingPathComponent("pe_driver.c").path,
                                             "-o", object])
        try FixtureBuilder.run(tools.lldLink, ["/lib", "/def:" + definitions.path, "/machine:x64", "/out:" + library])
        try FixtureBuilder.run(tools.lldLink, ["/driver", "/subsystem:native", "/entry:DriverEntry", "/nodefaultlib",
                                               "/export:second,DATA", "/export:second_pointer,DATA",
                                               "/out:" + image.path, object, library])
        return [UInt8](try Data(contentsOf: image))
    }

    @Test("A driver linked by lld-link parses, maps at another base, binds, renews its cookie and runs",
          .enabled(if: windowsTools != nil, "clang and lld-link (the Swift toolchain's) are not on PATH nor in /opt/swift/usr/bin"))
    func linkedDriver() throws {
        let bytes = try Self.linkDriver()
        #expect(bytes.withUnsafeBytes { PEFile.isPE($0) })
        let file = try Self.parse(bytes)
        #expect(file.machine == 0x8664 && file.subsystem == 1)
        #expect(file.imports.map(\.dllName) == ["storport.sys"])
        #expect(Set(file.imports[0].entries.map(\.routine.description)) == ["StorPortInitialize", "StorPortGetBusData"])
        #expect(file.relocationCount >= 2)
        let cookieRVA = try #require(file.securityCookieRVA)
        let entryFunction = try #require(file.functionContaining(rva: file.entryPointRVA))
        #expect(entryFunction.beginRVA == file.entryPointRVA)
        let second = try #require(file.exports.first { $0.name == "second" })
        let secondPointer = try #require(file.exports.first { $0.name == "second_pointer" })

        let calls = UnresolvedCalls()
        let bound = UnsafeRawPointer(bitPattern: 0xDEAD_0000)!
        let mapping = try Self.map(bytes, file: file, calls: calls) { module, routine in
            module == "storport.sys" && routine.description == "StorPortInitialize" ? bound : nil
        }
        #expect(UInt64(UInt(bitPattern: mapping.base)) != file.imageBase)
        #expect(mapping.unresolved.map { "\($0.module)!\($0.routine)" } == ["storport.sys!StorPortGetBusData"])
        for entry in file.imports[0].entries {
            let slot = mapping.base.load(fromByteOffset: Int(entry.iatRVA), as: UInt.self)
            if entry.routine.description == "StorPortInitialize" {
                #expect(slot == UInt(bitPattern: bound))
            } else {
                #expect(mapping.executableRanges.last?.contains(slot) == true)
            }
        }
        // The relocated pointer points at `second` in this mapping.
        #expect(mapping.base.load(fromByteOffset: Int(secondPointer.rva), as: UInt.self)
                == UInt(bitPattern: mapping.base) + UInt(second.rva))
        let cookie = mapping.base.load(fromByteOffset: Int(cookieRVA), as: UInt64.self)
        #expect(cookie != 0x0000_2B99_2DDF_A232 && cookie != 0 && cookie >> 48 == 0)
        #expect(mapping.pdata.count == file.runtimeFunctions.count)

        let entry = UnsafeMutableRawPointer(mutating: mapping.entryPoint)
        #expect(MpAbiMsCallU322(entry, 0, 0) == 42)
        #expect(calls.names.isEmpty)
        #expect(MpAbiMsCallU322(entry, 1, 0) == 0xC000_0002)
        #expect(calls.names == ["StorPortGetBusData"])
    }

    // MARK: - The fuzz-pe seed corpus

    /// The seeds of Fuzz/PE/corpus: the valid baseline and hostile variants reaching each stage
    /// of the loader (header, sections, relocations, imports, mapping).
    static func fuzzSeeds() -> [String: [UInt8]] {
        func variant(_ change: (inout PEBuilder) -> Void) -> [UInt8] {
            var builder = PEBaseline.builder()
            change(&builder)
            return builder.build()
        }
        return [
            "valid-baseline": PEBaseline.bytes(),
            "arm64": Array(variant { $0.machine = 0xAA64 }.prefix(0x200)),
            "truncated": Array(PEBaseline.bytes().prefix(0x500)),
            "mz-only": [0x4D, 0x5A],
            "reloc-highadj": variant { $0.patch(".reloc", 8, UInt16(0x4000)) },
            "unknown-module": variant { $0.patch(".rdata", 0x140, bytes: Array("foo.sys\0".utf8)) },
            "relocs-stripped": variant { $0.characteristics |= 1 },
            "ordinal-and-forwarder": variant {
                $0.patch(".rdata", 0x2B4, UInt32(0x22F0))
                $0.patch(".rdata", 0x2F0, bytes: Array("ntoskrnl.KeBugCheck\0".utf8))
            },
        ]
    }

    @Test("The fuzz-pe seeds: the valid one parses and maps, each hostile one is refused")
    func fuzzSeedsBehave() throws {
        let seeds = Self.fuzzSeeds()
        for (name, bytes) in seeds {
            let parsed = try? Self.parse(bytes)
            switch name {
            case "valid-baseline", "relocs-stripped", "ordinal-and-forwarder": #expect(parsed != nil, "\(name)")
            default: #expect(parsed == nil, "\(name)")
            }
        }
        #expect(seeds.values.reduce(0) { $0 + $1.count } < 20_000)
    }

    /// Writes the seeds into Fuzz/PE/corpus (run with PE_WRITE_FUZZ_CORPUS=1 after changing them).
    @Test("Write the fuzz-pe seed corpus", .enabled(if: ProcessInfo.processInfo.environment["PE_WRITE_FUZZ_CORPUS"] != nil))
    func writeFuzzSeeds() throws {
        let directory = FixtureBuilder.root.appendingPathComponent("Fuzz/PE/corpus")
        for (name, bytes) in Self.fuzzSeeds() {
            try Data(bytes).write(to: directory.appendingPathComponent(name))
        }
    }
}
