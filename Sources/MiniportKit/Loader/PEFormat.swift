/// PE32+ (Windows x64 image) format facts for the `.sys` loader: constants of the Microsoft
/// PE/COFF specification, the typed values a parsed image is described with, and the error
/// every refusal throws.
///
/// Everything here describes an untrusted file: the values are what the file says, checked by
/// ``PEFile/parse(_:)`` before they are handed out.

/// Why a PE image was refused, in words: the message names the field, the offsets or RVAs and
/// the limit that was crossed.
public struct PEFormatError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The broad kind of problem, for code that reacts to it (tests, the CLI's exit status).
    public enum Kind: String, Equatable, Sendable {
        /// The file ends inside a structure it declares.
        case truncated
        /// Not a PE image at all (no `MZ`, no `PE\0\0`, not an executable image).
        case notPE
        /// A PE image for another processor, or a 32-bit (PE32) one.
        case wrongMachine
        /// A header field out of its documented range (alignments, sizes, counts).
        case header
        /// Section table problems: raw data past the file, virtual ranges past the image, overlaps.
        case sections
        /// Entry point missing or outside executable code.
        case entryPoint
        /// A data directory outside the image, or a directory this loader does not support.
        case directory
        /// The base relocation table.
        case relocations
        /// The import table (descriptors, thunks, names, modules).
        case imports
        /// The export table.
        case exports
        /// The exception table (`.pdata`).
        case exceptions
        /// The load configuration directory (security cookie).
        case loadConfig
        /// Mapping the image into memory (mmap, protections, relocation at the actual base).
        case mapping
    }

    /// The kind of problem.
    public let kind: Kind
    /// The problem in words.
    public let message: String

    /// An error of `kind` saying `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}

/// Constants of the PE/COFF specification the loader reads or checks.
public enum PEConstants {
    /// `IMAGE_DOS_SIGNATURE`: "MZ".
    public static let dosSignature: UInt16 = 0x5A4D
    /// Offset of `e_lfanew` (file offset of the NT headers) in `IMAGE_DOS_HEADER`.
    public static let lfanewOffset = 0x3C
    /// Bytes of `IMAGE_DOS_HEADER`.
    public static let dosHeaderSize = 0x40
    /// `IMAGE_NT_SIGNATURE`: "PE\0\0".
    public static let ntSignature: UInt32 = 0x0000_4550
    /// Bytes of `IMAGE_FILE_HEADER`.
    public static let fileHeaderSize = 20
    /// `IMAGE_NT_OPTIONAL_HDR64_MAGIC` (PE32+).
    public static let optionalMagic64: UInt16 = 0x20B
    /// `IMAGE_NT_OPTIONAL_HDR32_MAGIC` (PE32).
    public static let optionalMagic32: UInt16 = 0x10B
    /// `IMAGE_ROM_OPTIONAL_HDR_MAGIC`.
    public static let optionalMagicROM: UInt16 = 0x107
    /// Bytes of `IMAGE_OPTIONAL_HEADER64` before its data directories.
    public static let optionalHeader64FixedSize = 112
    /// `IMAGE_NUMBEROF_DIRECTORY_ENTRIES`.
    public static let dataDirectoryCount = 16
    /// Bytes of `IMAGE_SECTION_HEADER`.
    public static let sectionHeaderSize = 40
    /// The largest section count the Windows loader accepts.
    public static let maximumSections = 96
    /// `IMAGE_FILE_MACHINE_AMD64`.
    public static let machineAMD64: UInt16 = 0x8664

    /// `IMAGE_FILE_RELOCS_STRIPPED`.
    public static let fileRelocsStripped: UInt16 = 0x0001
    /// `IMAGE_FILE_EXECUTABLE_IMAGE`.
    public static let fileExecutableImage: UInt16 = 0x0002
    /// `IMAGE_FILE_DLL`.
    public static let fileDLL: UInt16 = 0x2000

    /// `IMAGE_SCN_CNT_CODE`.
    public static let sectionCode: UInt32 = 0x0000_0020
    /// `IMAGE_SCN_CNT_UNINITIALIZED_DATA`.
    public static let sectionUninitializedData: UInt32 = 0x0000_0080
    /// `IMAGE_SCN_MEM_DISCARDABLE`.
    public static let sectionDiscardable: UInt32 = 0x0200_0000
    /// `IMAGE_SCN_MEM_EXECUTE`.
    public static let sectionExecute: UInt32 = 0x2000_0000
    /// `IMAGE_SCN_MEM_READ`.
    public static let sectionRead: UInt32 = 0x4000_0000
    /// `IMAGE_SCN_MEM_WRITE`.
    public static let sectionWrite: UInt32 = 0x8000_0000

    /// The x64 default `/GS` security cookie value a toolchain leaves in the image for the
    /// loader to replace.
    public static let defaultSecurityCookie: UInt64 = 0x0000_2B99_2DDF_A232
    /// Offset of `SecurityCookie` (a VA) in `IMAGE_LOAD_CONFIG_DIRECTORY64`.
    public static let loadConfigSecurityCookieOffset = 0x58

    /// Bytes of `IMAGE_IMPORT_DESCRIPTOR`.
    public static let importDescriptorSize = 20
    /// Bytes of `IMAGE_EXPORT_DIRECTORY`.
    public static let exportDirectorySize = 40
    /// Bytes of an x64 `RUNTIME_FUNCTION` (`.pdata` entry).
    public static let runtimeFunctionSize = 12

    /// `STATUS_NOT_IMPLEMENTED`, what an import bound to a failure stub returns.
    public static let statusNotImplemented: UInt32 = 0xC000_0002

    /// The modules a driver may import from: what the SDK provides.
    public static let providedModules = ["ntoskrnl.exe", "hal.dll", "scsiport.sys", "storport.sys"]

    /// The loader's limit on `SizeOfImage`.
    public static let maximumImageSize: UInt32 = 256 << 20
    /// The loader's limit on imported routines (all modules together).
    public static let maximumImports = 65536
    /// The loader's limit on exported routines.
    public static let maximumExports = 65536
    /// The loader's limit on a name (module or routine) read from the image, in bytes.
    public static let maximumNameLength = 256

    /// A machine's specification name (`IMAGE_FILE_MACHINE_*` without the prefix), or nil.
    public static func machineName(_ machine: UInt16) -> String? {
        switch machine {
        case 0x8664: "AMD64"
        case 0x014C: "I386"
        case 0xAA64: "ARM64"
        case 0x01C4: "ARMNT"
        case 0x01C0: "ARM"
        case 0xA641: "ARM64EC"
        case 0xA64E: "ARM64X"
        case 0x0200: "IA64"
        case 0x0EBC: "EBC"
        case 0x5064: "RISCV64"
        case 0x5032: "RISCV32"
        case 0x6264: "LOONGARCH64"
        case 0x0166: "R4000"
        case 0x01F0: "POWERPC"
        case 0x01A2: "SH3"
        case 0x01A6: "SH4"
        case 0x0000: "UNKNOWN"
        default: nil
        }
    }

    /// A subsystem's specification name (`IMAGE_SUBSYSTEM_*` without the prefix).
    public static func subsystemName(_ subsystem: UInt16) -> String {
        switch subsystem {
        case 1: "NATIVE"
        case 2: "WINDOWS_GUI"
        case 3: "WINDOWS_CUI"
        case 10: "EFI_APPLICATION"
        case 11: "EFI_BOOT_SERVICE_DRIVER"
        case 12: "EFI_RUNTIME_DRIVER"
        case 13: "EFI_ROM"
        case 16: "WINDOWS_BOOT_APPLICATION"
        default: "UNKNOWN (\(subsystem))"
        }
    }

    /// A data directory's specification name, by index.
    public static func directoryName(_ index: Int) -> String {
        let names = ["export table", "import table", "resource table", "exception table",
                     "certificate table", "base relocation table", "debug directory", "architecture",
                     "global pointer", "TLS table", "load config table", "bound import table",
                     "import address table", "delay import descriptor", "CLR runtime header", "reserved"]
        return index >= 0 && index < names.count ? names[index] : "directory \(index)"
    }

    /// A base relocation type's specification name (`IMAGE_REL_BASED_*` without the prefix,
    /// x64 meaning of the machine-specific values).
    public static func relocationTypeName(_ type: UInt16) -> String {
        switch type {
        case 0: "ABSOLUTE"
        case 1: "HIGH"
        case 2: "LOW"
        case 3: "HIGHLOW"
        case 4: "HIGHADJ"
        case 5: "ARM_MOV32"
        case 6: "RESERVED"
        case 7: "THUMB_MOV32"
        case 8: "RISCV_LOW12S"
        case 9: "MIPS_JMPADDR16"
        case 10: "DIR64"
        default: "UNKNOWN"
        }
    }

    /// `"ARM64 (0xAA64)"`, or `"0x1234"` for a machine without a name.
    static func describeMachine(_ machine: UInt16) -> String {
        if let name = machineName(machine) { return "\(name) (\(peHex(machine)))" }
        return "machine \(peHex(machine))"
    }
}

/// Data directory indexes (`IMAGE_DIRECTORY_ENTRY_*`).
public enum PEDirectory: Int, Sendable, CaseIterable {
    /// Export table.
    case export = 0
    /// Import table.
    case `import` = 1
    /// Resource table.
    case resource = 2
    /// Exception table (`.pdata`).
    case exception = 3
    /// Certificate table (a file offset, not an RVA).
    case certificate = 4
    /// Base relocation table.
    case baseRelocation = 5
    /// Debug directory.
    case debug = 6
    /// Architecture (reserved).
    case architecture = 7
    /// Global pointer (unused on x64).
    case globalPointer = 8
    /// Thread-local storage.
    case tls = 9
    /// Load configuration.
    case loadConfig = 10
    /// Bound imports.
    case boundImport = 11
    /// Import address table.
    case importAddressTable = 12
    /// Delay-load import descriptors.
    case delayImport = 13
    /// CLR runtime header.
    case clrRuntime = 14
}

/// One data directory: where a table lies in the image.
public struct PEDataDirectory: Equatable, Sendable {
    /// RVA of the table (for the certificate table: a file offset).
    public var rva: UInt32
    /// Bytes of the table.
    public var size: UInt32
    /// True when the image has this table (a non-zero RVA).
    public var isPresent: Bool { rva != 0 }
}

/// One section of the image (`IMAGE_SECTION_HEADER`).
public struct PESection: Equatable, Sendable {
    /// The section name (up to 8 characters; bytes outside printable ASCII shown as `\xNN`).
    public var name: String
    /// RVA of the section's first byte.
    public var virtualAddress: UInt32
    /// `VirtualSize` as the header gives it (0 in some images: see ``mappedSize``).
    public var virtualSize: UInt32
    /// File offset of the section's raw data.
    public var rawDataOffset: UInt32
    /// Bytes of raw data in the file.
    public var rawDataSize: UInt32
    /// `IMAGE_SCN_*` flags.
    public var characteristics: UInt32

    /// A section as its header describes it.
    public init(name: String, virtualAddress: UInt32, virtualSize: UInt32, rawDataOffset: UInt32,
                rawDataSize: UInt32, characteristics: UInt32) {
        self.name = name
        self.virtualAddress = virtualAddress
        self.virtualSize = virtualSize
        self.rawDataOffset = rawDataOffset
        self.rawDataSize = rawDataSize
        self.characteristics = characteristics
    }

    /// Bytes the section occupies in the mapped image: `VirtualSize`, or `SizeOfRawData` when
    /// `VirtualSize` is 0.
    public var mappedSize: UInt32 { virtualSize != 0 ? virtualSize : rawDataSize }
    /// Bytes copied from the file: the raw data up to the mapped size (the rest is zero).
    public var copiedSize: UInt32 { min(rawDataSize, mappedSize) }
    /// `IMAGE_SCN_MEM_READ` (every mapped section is readable in practice).
    public var readable: Bool { characteristics & PEConstants.sectionRead != 0 }
    /// `IMAGE_SCN_MEM_WRITE`.
    public var writable: Bool { characteristics & PEConstants.sectionWrite != 0 }
    /// `IMAGE_SCN_MEM_EXECUTE`.
    public var executable: Bool { characteristics & PEConstants.sectionExecute != 0 }
    /// `IMAGE_SCN_MEM_DISCARDABLE` (INIT, .reloc): mapped like any other section here.
    public var discardable: Bool { characteristics & PEConstants.sectionDiscardable != 0 }
    /// The protection the section is mapped with: `"R--"`, `"RW-"` or `"R-X"` (read is always
    /// granted: x86-64 pages cannot be write- or execute-only).
    public var protection: String { "R" + (writable ? "W" : "-") + (executable ? "X" : "-") }
    /// The section's RVA range in the mapped image.
    public var rvaRange: Range<UInt64> { UInt64(virtualAddress)..<(UInt64(virtualAddress) + UInt64(mappedSize)) }
}

/// How a routine is imported.
public enum PEImport: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// By name, with the linker's hint (an index into the exporter's name table).
    case name(String, hint: UInt16)
    /// By ordinal.
    case ordinal(UInt16)

    /// The name, or `"ordinal N"`.
    public var description: String {
        switch self {
        case .name(let name, _): name
        case .ordinal(let ordinal): "ordinal \(ordinal)"
        }
    }
}

/// One imported routine and the IAT slot the loader binds.
public struct PEImportEntry: Equatable, Sendable {
    /// The routine.
    public var routine: PEImport
    /// RVA of its 8-byte slot in the import address table.
    public var iatRVA: UInt32

    /// An entry importing `routine` through the slot at `iatRVA`.
    public init(routine: PEImport, iatRVA: UInt32) {
        self.routine = routine
        self.iatRVA = iatRVA
    }
}

/// The routines imported from one module.
public struct PEImportModule: Equatable, Sendable {
    /// The module name as the image spells it (e.g. `storport.sys`).
    public var dllName: String
    /// The routines, in import table order.
    public var entries: [PEImportEntry]

    /// The imports `entries` from `dllName`.
    public init(dllName: String, entries: [PEImportEntry]) {
        self.dllName = dllName
        self.entries = entries
    }
}

/// One exported routine.
public struct PEExport: Equatable, Sendable {
    /// The exported name, or nil for an export by ordinal only.
    public var name: String?
    /// The ordinal (the export table's base plus the index).
    public var ordinal: UInt32
    /// RVA of the routine (for a forwarder: of the forwarder string).
    public var rva: UInt32
    /// `"module.routine"` for a forwarded export (not a routine of this image), else nil.
    public var forwarder: String?

    /// An export of `rva` as `ordinal` (and `name`), or of a forwarder.
    public init(name: String?, ordinal: UInt32, rva: UInt32, forwarder: String?) {
        self.name = name
        self.ordinal = ordinal
        self.rva = rva
        self.forwarder = forwarder
    }
}

/// One x64 `RUNTIME_FUNCTION` of the exception table.
public struct PERuntimeFunction: Equatable, Sendable {
    /// RVA of the function's first byte.
    public var beginRVA: UInt32
    /// RVA one past its last byte.
    public var endRVA: UInt32
    /// RVA of its `UNWIND_INFO`.
    public var unwindInfoRVA: UInt32

    /// The function `[beginRVA, endRVA)` unwound by the information at `unwindInfoRVA`.
    public init(beginRVA: UInt32, endRVA: UInt32, unwindInfoRVA: UInt32) {
        self.beginRVA = beginRVA
        self.endRVA = endRVA
        self.unwindInfoRVA = unwindInfoRVA
    }

    /// True when `rva` lies in `[beginRVA, endRVA)`.
    public func contains(rva: UInt32) -> Bool { rva >= beginRVA && rva < endRVA }
}

/// `0x1A2B` formatting for messages.
@inline(__always)
func peHex<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16, uppercase: true) }
