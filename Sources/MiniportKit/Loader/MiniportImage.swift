import CMiniportABI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Why a miniport image could not be loaded. Every case names the file and the reason.
public enum MiniportImageError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The path is not a regular file; `kind` says what it is ("a directory").
    case notAFile(path: String, kind: String)
    case unreadable(path: String, reason: String)
    case notAnELFSharedObject(path: String, reason: String)
    case wrongArchitecture(path: String, found: String)
    case dlopenFailed(path: String, message: String)
    case missingImportTable(path: String)
    case badImportTableMagic(path: String, found: UInt32)
    case importTableVersionMismatch(path: String, image: UInt32, host: UInt32)
    case importTableSizeMismatch(path: String, image: UInt32, host: UInt32)
    case missingDriverEntry(path: String)

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
        }
    }
}

/// A miniport shared object, opened with its own import table and globals.
///
/// Loading checks the file (regular file, 64-bit x86-64 ELF shared object), opens it with
/// `dlopen(RTLD_NOW | RTLD_LOCAL)` so unresolved symbols fail now rather than mid-I/O, finds
/// the import table and checks its magic, version and size, and finds `DriverEntry`. The caller
/// (a port driver) then fills the table's slots and calls ``callDriverEntry(driverObject:registryPath:)``.
///
/// Each `MiniportImage` is one `dlopen` handle: loading a byte-identical copy of the file under
/// another path gives a second image with separate globals and a separate table (the crash-dump
/// copy relies on this). A second `load` of the same path returns the dynamic loader's existing
/// handle and so shares globals; copy the file first when a separate instance is needed.
public final class MiniportImage {
    public let path: String
    /// The image's import table. The host owns the slots and the context.
    public let importTable: UnsafeMutablePointer<MPABI_IMPORT_TABLE>
    private let driverEntry: MPABI_DRIVER_ENTRY
    private var handle: UnsafeMutableRawPointer?

    private init(path: String, handle: UnsafeMutableRawPointer,
                 table: UnsafeMutablePointer<MPABI_IMPORT_TABLE>, entry: MPABI_DRIVER_ENTRY) {
        self.path = path
        self.handle = handle
        self.importTable = table
        self.driverEntry = entry
    }

    deinit { unload() }

    /// Loads and checks a miniport image. Nothing of the miniport runs yet.
    ///
    /// The file is checked first (``MiniportImageFile/check(path:)``) and opened by its absolute
    /// path, so `dlopen` never searches the library path for it. Errors name `path` as given.
    public static func load(path: String) throws(MiniportImageError) -> MiniportImage {
        try MiniportImageFile.check(path: path)
        guard let handle = dlopen(MiniportImageFile.absolute(path), RTLD_NOW | RTLD_LOCAL) else {
            let message = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw .dlopenFailed(path: path, message: message)
        }
        do {
            guard let raw = dlsym(handle, MPABI_IMPORT_TABLE_SYMBOL) else {
                throw MiniportImageError.missingImportTable(path: path)
            }
            // Read the header fields one at a time: an old image's table may be shorter than ours.
            let header = raw.assumingMemoryBound(to: UInt32.self)
            let magic = header[0], version = header[1], size = header[2]
            guard magic == MPABI_IMPORT_MAGIC else {
                throw MiniportImageError.badImportTableMagic(path: path, found: magic)
            }
            guard version == MPABI_IMPORT_VERSION else {
                throw MiniportImageError.importTableVersionMismatch(
                    path: path, image: version, host: MPABI_IMPORT_VERSION)
            }
            let hostSize = UInt32(MemoryLayout<MPABI_IMPORT_TABLE>.size)
            guard size == hostSize else {
                throw MiniportImageError.importTableSizeMismatch(path: path, image: size, host: hostSize)
            }
            guard let entry = dlsym(handle, "DriverEntry") else {
                throw MiniportImageError.missingDriverEntry(path: path)
            }
            return MiniportImage(
                path: path, handle: handle,
                table: raw.assumingMemoryBound(to: MPABI_IMPORT_TABLE.self),
                entry: unsafeBitCast(entry, to: MPABI_DRIVER_ENTRY.self))
        } catch let error as MiniportImageError {
            dlclose(handle)
            throw error
        } catch {
            dlclose(handle)
            throw .dlopenFailed(path: path, message: "\(error)")
        }
    }

    /// Calls the miniport's `DriverEntry(DriverObject, RegistryPath)`. The table must be filled.
    public func callDriverEntry(driverObject: UnsafeMutableRawPointer?, registryPath: UnsafeMutableRawPointer?) -> UInt32 {
        driverEntry(driverObject, registryPath)
    }

    /// Looks up another exported symbol of the image.
    public func symbol(_ name: String) -> UnsafeMutableRawPointer? {
        guard let handle else { return nil }
        return dlsym(handle, name)
    }

    /// Whether `length` bytes at `address` lie in this image's mapped file (its code, data and
    /// bss): both ends resolve, through `dladdr`, to the object the import table is in.
    func contains(_ address: UnsafeRawPointer, length: Int) -> Bool {
        length > 0 && MpAbiSameLoadedObject(importTable, address, UInt(length)) != 0
    }

    /// Closes the image. The table and every pointer into the image become invalid.
    public func unload() {
        if let handle {
            dlclose(handle)
            self.handle = nil
        }
    }
}
