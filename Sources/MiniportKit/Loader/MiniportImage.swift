import CMiniportABI
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a miniport image could not be loaded. Every case names the file and the reason.
public enum MiniportImageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The path is not a regular file; `kind` says what it is ("a directory").
    case notAFile(path: String, kind: String)
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file is not a 64-bit ELF shared object (or a PE32+ image).
    case notAnELFSharedObject(path: String, reason: String)
    /// The image is built for another machine than x86-64.
    case wrongArchitecture(path: String, found: String)
    /// `dlopen` refused the image, with its message.
    case dlopenFailed(path: String, message: String)
    /// The image has no `MpAbiImportTable`: it was not built with the SDK's import stub.
    case missingImportTable(path: String)
    /// The import table's magic is wrong.
    case badImportTableMagic(path: String, found: UInt32)
    /// The image was built against another import table version than this host's.
    case importTableVersionMismatch(path: String, image: UInt32, host: UInt32)
    /// The image's import table has another size than this host's.
    case importTableSizeMismatch(path: String, image: UInt32, host: UInt32)
    /// The image exports no `DriverEntry`.
    case missingDriverEntry(path: String)
    /// A PE file (MZ signature) that the PE loader refused; `reason` names the problem.
    case badPEImage(path: String, reason: String)
    /// The Windows-image bridge a `.sys` imports from could not be built or opened.
    case windowsBridge(path: String, reason: String)

    /// The error in words, naming the file.
    public var description: String {
        switch self {
        case .notAFile(let path, let kind):
            return "\(path): is \(kind), not a regular file"
        case .unreadable(let path, let reason):
            return "\(path): \(reason)"
        case .notAnELFSharedObject(let path, let reason):
            return "\(path): not an ELF shared object (\(reason))"
        case .wrongArchitecture(let path, let found):
            return "\(path): built for \(found); this SDK runs x86-64 miniports"
        case .dlopenFailed(let path, let message):
            return "\(path): the dynamic loader refused it: \(message)"
        case .missingImportTable(let path):
            return "\(path): no import table (symbol \(MPABI_IMPORT_TABLE_SYMBOL)); link the import stub "
                + "(the C files in CMiniportABI/stub) into the miniport"
        case .badImportTableMagic(let path, let found):
            return "\(path): the symbol \(MPABI_IMPORT_TABLE_SYMBOL) is not an import table "
                + "(magic 0x\(String(found, radix: 16)))"
        case .importTableVersionMismatch(let path, let image, let host):
            return "\(path): built against import table version \(image); this SDK provides version \(host). "
                + "Rebuild the miniport with this SDK's CMiniportABI headers and stub"
        case .importTableSizeMismatch(let path, let image, let host):
            return "\(path): import table is \(image) bytes, this SDK's is \(host) bytes for the same version; "
                + "rebuild the miniport with this SDK's CMiniportABI headers and stub"
        case .missingDriverEntry(let path):
            return "\(path): no DriverEntry symbol (a miniport exports DriverEntry)"
        case .badPEImage(let path, let reason):
            return "\(path): not a loadable Windows x64 driver image: \(reason)"
        case .windowsBridge(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}

/// A miniport image, opened with its own import table and globals: a Linux shared object
/// (`.so`, ELF) or a Windows x64 driver image (`.sys`, PE32+). The format is read from the
/// content (ELF magic or MZ signature), never from the file name.
///
/// **ELF.** Loading checks the file (regular file, 64-bit x86-64 ELF shared object), opens it
/// with `dlopen(RTLD_NOW | RTLD_LOCAL)` so unresolved symbols fail now rather than mid-I/O, finds
/// the import table (the stub linked into the image) and checks its magic, version and size,
/// and finds `DriverEntry`.
///
/// **PE.** The file is read whole and checked by ``PEFile``; a private copy of the
/// ``WindowsBridge`` is opened (its import table plays the stub's part), and ``PEMapping`` maps
/// the image, applies its base relocations, binds its imports to the bridge's routines by module
/// and name or ordinal (an import the SDK lacks is bound to a stub that returns
/// STATUS_NOT_IMPLEMENTED and is reported in the port's `unresolvedCalls`; the load-time list is
/// ``unresolvedImports``) and initialises its security cookie. Every routine of the image is then
/// called with the Microsoft x64 convention (``usesMicrosoftABI``).
///
/// In both cases the caller (a port driver) fills the table's slots and calls
/// ``callDriverEntry(driverObject:registryPath:)``. Each `MiniportImage` has separate globals
/// and a separate table only if it is a separate load: for ELF a second `load` of the same path
/// returns the dynamic loader's existing handle, so the dump copies are copies of the file;
/// every load of a PE file is a new mapping.
public final class MiniportImage {
    /// The two image formats.
    public enum Format: String, Sendable {
        /// A Linux ELF shared object (`.so`) with the import stub linked in.
        case elf = "ELF shared object"
        /// A Windows x64 PE32+ driver image (`.sys`).
        case pe = "PE32+ driver image"
    }

    /// The largest PE file the loader reads.
    public static let maximumPEFileSize = 256 << 20

    /// The path the image was loaded from.
    public let path: String
    /// A Linux `.so` or a Windows `.sys`.
    public let format: Format
    /// The image's import table. The host owns the slots and the context.
    public let importTable: UnsafeMutablePointer<MPABI_IMPORT_TABLE>
    private let entry: UnsafeRawPointer
    private var handle: UnsafeMutableRawPointer?
    /// The mapped PE image (nil for ELF).
    public private(set) var mapping: PEMapping?
    /// The parsed PE headers (nil for ELF): what `miniport inspect` prints.
    public let peFile: PEFile?

    /// Whether the image's routines use the Microsoft x64 calling convention (a `.sys`).
    public var usesMicrosoftABI: Bool { format == .pe }

    /// The imports of a `.sys` that the SDK does not provide, as (module, routine): each is bound
    /// to a stub returning STATUS_NOT_IMPLEMENTED. Empty for ELF (a `.so` cannot load with an
    /// unresolved symbol; routines the SDK declares but does not implement are reported when called).
    public var unresolvedImports: [(module: String, routine: String)] { mapping?.unresolved ?? [] }

    private init(path: String, format: Format, handle: UnsafeMutableRawPointer,
                 table: UnsafeMutablePointer<MPABI_IMPORT_TABLE>, entry: UnsafeRawPointer,
                 mapping: PEMapping? = nil, peFile: PEFile? = nil) {
        self.path = path
        self.format = format
        self.handle = handle
        self.importTable = table
        self.entry = entry
        self.mapping = mapping
        self.peFile = peFile
    }

    deinit { unload() }

    /// Loads and checks a miniport image, ELF or PE by content. Nothing of the miniport runs yet.
    ///
    /// The file is checked first (``MiniportImageFile/check(path:)``) and an ELF image is opened
    /// by its absolute path, so `dlopen` never searches the library path for it. Errors name
    /// `path` as given. `sdkRoot` locates the SDK for the Windows-image bridge (a `.sys` only;
    /// found from the working directory or the executable when nil).
    public static func load(path: String, sdkRoot: URL? = nil) throws(MiniportImageError) -> MiniportImage {
        switch try MiniportImageFile.sniff(path: path) {
        case .elf: return try loadELF(path: path)
        case .pe: return try loadPE(path: path, sdkRoot: sdkRoot)
        }
    }

    private static func loadELF(path: String) throws(MiniportImageError) -> MiniportImage {
        guard let handle = dlopen(MiniportImageFile.absolute(path), RTLD_NOW | RTLD_LOCAL) else {
            let message = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw .dlopenFailed(path: path, message: message)
        }
        do {
            let table = try checkedTable(in: handle, path: path)
            guard let entry = dlsym(handle, "DriverEntry") else {
                throw MiniportImageError.missingDriverEntry(path: path)
            }
            return MiniportImage(path: path, format: .elf, handle: handle, table: table, entry: UnsafeRawPointer(entry))
        } catch let error as MiniportImageError {
            dlclose(handle)
            throw error
        } catch {
            dlclose(handle)
            throw .dlopenFailed(path: path, message: "\(error)")
        }
    }

    /// The import table of an opened image or bridge, its magic, version and size checked.
    private static func checkedTable(in handle: UnsafeMutableRawPointer,
                                     path: String) throws(MiniportImageError) -> UnsafeMutablePointer<MPABI_IMPORT_TABLE> {
        guard let raw = dlsym(handle, MPABI_IMPORT_TABLE_SYMBOL) else { throw .missingImportTable(path: path) }
        // Read the header fields one at a time: an old image's table may be shorter than ours.
        let header = raw.assumingMemoryBound(to: UInt32.self)
        let magic = header[0], version = header[1], size = header[2]
        guard magic == MPABI_IMPORT_MAGIC else { throw .badImportTableMagic(path: path, found: magic) }
        guard version == MPABI_IMPORT_VERSION else {
            throw .importTableVersionMismatch(path: path, image: version, host: MPABI_IMPORT_VERSION)
        }
        let hostSize = UInt32(MemoryLayout<MPABI_IMPORT_TABLE>.size)
        guard size == hostSize else { throw .importTableSizeMismatch(path: path, image: size, host: hostSize) }
        return raw.assumingMemoryBound(to: MPABI_IMPORT_TABLE.self)
    }

    private static func loadPE(path: String, sdkRoot: URL?) throws(MiniportImageError) -> MiniportImage {
        let (bytes, file) = try MiniportImageFile.parsePE(path: path)
        let root: URL
        do {
            root = try sdkRoot ?? SDKLocator.root(explicit: nil)
        } catch {
            throw .windowsBridge(path: path, reason: "the SDK's import stub is needed to run a .sys and was not found "
                + "(run from the SDK's directory or pass --sdk-root)")
        }
        let handle: UnsafeMutableRawPointer
        do {
            handle = try WindowsBridge.openCopy(of: WindowsBridge.library(sdkRoot: root))
        } catch {
            throw .windowsBridge(path: path, reason: error.description)
        }
        do {
            let table = try checkedTable(in: handle, path: path)
            let exports = WindowsBridge.exports(of: handle)
            let resolver = ImportResolver(exports: exports)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let mapping = try bytes.withUnsafeBytes { buffer throws(PEFormatError) in
                try PEMapping(file: file, bytes: buffer, name: name, resolve: resolver.resolve,
                              unresolvedHandler: .init(report: MpAbiReportUnresolvedThroughTable,
                                                       context: UnsafeMutableRawPointer(table)))
            }
            WindowsTraps.register(mapping, name: name)
            return MiniportImage(path: path, format: .pe, handle: handle, table: table, entry: mapping.entryPoint,
                                 mapping: mapping, peFile: file)
        } catch let error as MiniportImageError {
            dlclose(handle)
            throw error
        } catch let error as PEFormatError {
            dlclose(handle)
            throw .badPEImage(path: path, reason: error.description)
        } catch {
            dlclose(handle)
            throw .badPEImage(path: path, reason: "\(error)")
        }
    }

    /// Calls the miniport's `DriverEntry(DriverObject, RegistryPath)`. The table must be filled.
    public func callDriverEntry(driverObject: UnsafeMutableRawPointer?, registryPath: UnsafeMutableRawPointer?) -> UInt32 {
        if usesMicrosoftABI {
            return MpAbiMsCallU322(entry, MsCall.arg(driverObject), MsCall.arg(registryPath))
        }
        return unsafeBitCast(entry, to: MPABI_DRIVER_ENTRY.self)(driverObject, registryPath)
    }

    /// The entry point (DriverEntry).
    public var entryPoint: UnsafeRawPointer { entry }

    /// Looks up another exported symbol of the image (ELF only).
    public func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        guard let handle, format == .elf else { return nil }
        return dlsym(handle, name)
    }

    /// Whether `length` bytes at `address` lie in this image: for ELF its mapped file (code,
    /// data and bss: both ends resolve, through `dladdr`, to the object the import table is in);
    /// for PE the mapped image.
    func contains(_ address: UnsafeRawPointer, length: Int) -> Bool {
        if let mapping { return mapping.contains(address, length: length) }
        return length > 0 && MpAbiSameLoadedObject(importTable, address, UInt(length)) != 0
    }

    /// Closes the image. The table and every pointer into the image become invalid.
    public func unload() {
        if let mapping { WindowsTraps.unregister(mapping) }
        mapping = nil
        if let handle {
            dlclose(handle)
            self.handle = nil
        }
    }
}

/// Binds a `.sys`'s imports to the bridge's routines: by module and name, or by ordinal (the
/// 1-based position of the routine in its module's names sorted by name, the numbering of the
/// import libraries `miniport build --target windows` writes). ntoskrnl.exe and hal.dll are
/// one namespace: Windows moved routines between them over the years and forwards the old names.
struct ImportResolver {
    private var byModule: [String: [String: UnsafeRawPointer]] = [:]
    private var sortedNames: [String: [String]] = [:]

    init(exports: [String: [String: UnsafeRawPointer]]) {
        byModule = exports
        for (module, routines) in exports { sortedNames[module] = routines.keys.sorted() }
    }

    private static func namespace(_ module: String) -> [String] {
        let module = module.lowercased()
        switch module {
        case "ntoskrnl.exe": return ["ntoskrnl.exe", "hal.dll"]
        case "hal.dll": return ["hal.dll", "ntoskrnl.exe"]
        default: return [module]
        }
    }

    func resolve(module: String, import entry: PEImport) -> UnsafeRawPointer? {
        let module = module.lowercased()
        switch entry {
        case .name(let name, _):
            for candidate in Self.namespace(module) {
                if let address = byModule[candidate]?[name] { return address }
            }
            return nil
        case .ordinal(let ordinal):
            guard let names = sortedNames[module], ordinal >= 1, Int(ordinal) <= names.count else { return nil }
            return byModule[module]?[names[Int(ordinal) - 1]]
        }
    }
}
