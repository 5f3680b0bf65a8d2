import MiniportSCSI

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The checks a file passes before the loader hands it to `dlopen`.
///
/// The file is untrusted: it is looked at with `stat` before it is opened (a FIFO or a device
/// is refused, never opened), opened with `O_NONBLOCK`, checked again on the descriptor, and
/// at most ``headerSize`` bytes of it are read. The ELF header must describe a 64-bit,
/// little-endian, x86-64 shared object (`ET_DYN`). Every refusal names the path and the reason
/// in words.
public enum MiniportImageFile {
    /// Bytes of an ELF64 file header (`Elf64_Ehdr`): all the check ever reads.
    public static let headerSize = 64

    /// `path` made absolute against the current directory. `dlopen` searches the library path
    /// for a name without a slash (a miniport called `libz.so.1` would load the system libz);
    /// an absolute path is opened as it is.
    public static func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let cwd = getcwd(nil, 0) else { return "./" + path }
        defer { free(cwd) }
        let directory = String(cString: cwd)
        return (directory.hasSuffix("/") ? directory : directory + "/") + path
    }

    /// `path` opened for reading after checking, by name and again on the descriptor, that it is
    /// a regular file (a FIFO or a device is refused, never opened); the descriptor and its stat.
    private static func openRegularFile(_ path: String) throws(MiniportImageError) -> (Int32, stat) {
        var before = stat()
        guard stat(path, &before) == 0 else { throw .unreadable(path: path, reason: HostFile.reason(errno)) }
        guard (before.st_mode & S_IFMT) == S_IFREG else {
            throw .notAFile(path: path, kind: HostFile.kind(of: before.st_mode))
        }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: HostFile.reason(errno)) }
        var after = stat()
        guard fstat(descriptor, &after) == 0 else {
            let reason = HostFile.reason(errno)
            close(descriptor)
            throw .unreadable(path: path, reason: reason)
        }
        guard (after.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .notAFile(path: path, kind: HostFile.kind(of: after.st_mode))
        }
        return (descriptor, after)
    }

    /// Checks that `path` is a readable regular file holding a 64-bit x86-64 ELF shared object,
    /// or a PE image (a Windows `.sys`, MZ signature) that ``PEFile`` accepts, every field
    /// checked. `path` appears in the error as given. Returns which of the two the content is:
    /// the extension is not looked at.
    @discardableResult
    public static func check(path: String) throws(MiniportImageError) -> MiniportImage.Format {
        let format = try sniff(path: path)
        if format == .pe { _ = try parsePE(path: path) }
        return format
    }

    /// A PE file read whole (at most ``MiniportImage/maximumPEFileSize``) and parsed.
    static func parsePE(path: String) throws(MiniportImageError) -> (bytes: [UInt8], file: PEFile) {
        let bytes = try read(path: path, limit: MiniportImage.maximumPEFileSize)
        let parsed = bytes.withUnsafeBytes { buffer in Result { () throws(PEFormatError) in try PEFile.parse(buffer) } }
        switch parsed {
        case .success(let file): return (bytes, file)
        case .failure(let error): throw .badPEImage(path: path, reason: error.description)
        }
    }

    /// The ELF checks of ``check(path:)``, or `.pe` for a file starting with MZ (not parsed).
    static func sniff(path: String) throws(MiniportImageError) -> MiniportImage.Format {
        let (descriptor, _) = try openRegularFile(path)
        defer { close(descriptor) }
        var header: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        let got: Int = try withUnsafeMutableBytes(of: &header) { bytes throws(MiniportImageError) in
            var done = 0
            while done < bytes.count {
                let result = pread(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(done))
                if result < 0 && errno == EINTR { continue }
                guard result >= 0 else { throw .unreadable(path: path, reason: HostFile.reason(errno)) }
                if result == 0 { break }
                done += result
            }
            return done
        }
        return try withUnsafeBytes(of: &header) { bytes throws(MiniportImageError) -> MiniportImage.Format in
            let prefix = UnsafeRawBufferPointer(rebasing: bytes[0..<got])
            if prefix.count >= 2, prefix[0] == 0x4D, prefix[1] == 0x5A { return .pe }   // "MZ"
            try checkHeader(prefix, path: path)
            return .elf
        }
    }

    /// The whole file, for the PE loader: the same checks as ``check(path:)`` on the path and
    /// the descriptor, and at most `limit` bytes (a larger file is refused, not truncated).
    public static func read(path: String, limit: Int) throws(MiniportImageError) -> [UInt8] {
        let (descriptor, after) = try openRegularFile(path)
        defer { close(descriptor) }
        guard after.st_size <= limit else {
            throw .badPEImage(path: path, reason: "the file is \(after.st_size) bytes, above the loader's limit of "
                + "\(limit >> 20) MiB")
        }
        var bytes = [UInt8](repeating: 0, count: Int(after.st_size))
        var failure: Int32 = 0
        let got: Int = bytes.withUnsafeMutableBytes { buffer in
            var done = 0
            while done < buffer.count {
                let result = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(done))
                if result < 0 && errno == EINTR { continue }
                guard result >= 0 else { failure = errno; break }
                if result == 0 { break }
                done += result
            }
            return done
        }
        guard failure == 0 else { throw .unreadable(path: path, reason: HostFile.reason(failure)) }
        return got == bytes.count ? bytes : Array(bytes.prefix(got))
    }

    /// Checks the first bytes of a file (at most ``headerSize`` are looked at): ELF magic,
    /// 64-bit class, little-endian data, version 1, type `ET_DYN`, machine `EM_X86_64`.
    public static func checkHeader(_ bytes: UnsafeRawBufferPointer, path: String) throws(MiniportImageError) {
        guard !bytes.isEmpty else { throw .notAnELFSharedObject(path: path, reason: "the file is empty") }
        let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46]   // "\x7fELF"
        let prefix = min(bytes.count, 4)
        guard bytes.prefix(prefix).elementsEqual(magic.prefix(prefix)), bytes.count >= 4 else {
            if bytes.prefix(prefix).elementsEqual(magic.prefix(prefix)) {
                throw .notAnELFSharedObject(path: path, reason: "the file is \(bytes.count) bytes, cut off inside the ELF magic")
            }
            throw .notAnELFSharedObject(path: path, reason: "no ELF magic")
        }
        guard bytes.count >= headerSize else {
            throw .notAnELFSharedObject(
                path: path, reason: "the file is \(bytes.count) bytes, shorter than a \(headerSize)-byte ELF64 header")
        }
        switch bytes[4] {   // EI_CLASS
        case 2: break
        case 1: throw .wrongArchitecture(path: path, found: "a 32-bit ELF class")
        default: throw .notAnELFSharedObject(path: path, reason: "invalid ELF class \(bytes[4])")
        }
        switch bytes[5] {   // EI_DATA
        case 1: break
        case 2: throw .wrongArchitecture(path: path, found: "big-endian ELF")
        default: throw .notAnELFSharedObject(path: path, reason: "invalid ELF data encoding \(bytes[5])")
        }
        guard bytes[6] == 1 else {   // EI_VERSION
            throw .notAnELFSharedObject(path: path, reason: "unknown ELF version \(bytes[6])")
        }
        let type = UInt16(bytes[16]) | UInt16(bytes[17]) << 8
        guard type == 3 else {   // ET_DYN
            let kind = switch type {
            case 0: "ELF type none"
            case 1: "a relocatable object (.o)"
            case 2: "an executable"
            case 4: "a core dump"
            default: "ELF type \(type)"
            }
            throw .notAnELFSharedObject(path: path, reason: "\(kind), not a shared object")
        }
        let machine = UInt16(bytes[18]) | UInt16(bytes[19]) << 8
        guard machine == 62 else {   // EM_X86_64
            let name = switch machine {
            case 3: "i386"
            case 40: "ARM"
            case 183: "AArch64"
            case 243: "RISC-V"
            default: "machine \(machine)"
            }
            throw .wrongArchitecture(path: path, found: name)
        }
    }
}
