#if canImport(Glibc)
import Glibc
#endif
import MiniportKit

/// fuzz-loader: the image loader's file checks (Sources/MiniportKit/Loader/ImageFileCheck.swift)
/// on random file bytes: the header check on the bytes themselves, and the whole file check
/// (stat, O_NONBLOCK open, bounded read) on a file holding them. Nothing is ever `dlopen`ed:
/// the check decides what the dynamic loader may see, it does not make a hostile ELF safe.
///
/// Checked: every input either passes or is refused with an error naming the path; an input
/// that passes is at least an ELF64 header long and says ET_DYN / EM_X86_64.
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    let path = LoaderScratch.shared.path
    do {
        try MiniportImageFile.checkHeader(input, path: path)
        precondition(input.count >= MiniportImageFile.headerSize && input[16] == 3 && input[17] == 0
                     && input[18] == 62 && input[19] == 0, "an input that is no x86-64 shared object passed")
    } catch {
        precondition(error.description.hasPrefix(path), "an error that does not name the path: \(error)")
    }
    LoaderScratch.shared.store(input)
    do {
        try MiniportImageFile.check(path: path)
    } catch {
        precondition(error.description.hasPrefix(path), "an error that does not name the path: \(error)")
    }
}

/// One scratch file per process, rewritten for every input.
final class LoaderScratch: @unchecked Sendable {
    static let shared = LoaderScratch()
    let path: String
    private let descriptor: Int32

    private init() {
        let directory = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
        path = "\(directory)/fuzz-loader-\(getpid()).so"
        descriptor = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(descriptor >= 0, "fuzz-loader: cannot create \(path)")
        atexit { unlink(LoaderScratch.shared.path) }
    }

    func store(_ input: UnsafeRawBufferPointer) {
        precondition(ftruncate(descriptor, 0) == 0)
        if let base = input.baseAddress, !input.isEmpty {
            precondition(pwrite(descriptor, base, input.count, 0) == input.count)
        }
    }
}
