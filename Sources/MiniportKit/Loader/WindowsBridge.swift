import CMiniportABI
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The library a Windows `.sys` image imports its routines from: the SDK's import stub compiled
/// for Linux with every exported routine in the Microsoft x64 convention (`MPABI_MS_ABI_BRIDGE`,
/// see `CMiniportABI/stub/bridge_exports.c`).
///
/// A `.so` miniport links the stub; a `.sys` cannot, so each loaded `.sys` gets a private copy of
/// the bridge instead: its own import table (filled by the port exactly as a `.so`'s), its own
/// globals, and the routines the image's import address table is bound to. The port routines
/// behind it are the ones the `.so` path uses; only the calling convention differs.
///
/// The bridge is built once per SDK content with the toolchain's `clang` (``WindowsToolchain``;
/// ms_abi and the Microsoft va_list need clang) into the user's cache
/// directory (`$XDG_CACHE_HOME` or `~/.cache`, `miniport-sdk/`), keyed by a hash of the sources
/// and headers, so a changed SDK gets a new bridge and concurrent processes never see a
/// half-written one.
public enum WindowsBridge {
    /// Why the bridge could not be provided.
    public struct BuildError: Error, CustomStringConvertible, Sendable {
        /// What went wrong, in words.
        public let description: String
    }

    /// Stub files that a Windows build links into the image itself (static libraries on
    /// Windows: scsiwmi.lib, the WPP runtime), never into the bridge.
    static let imageSideSources: Set<String> = ["scsiwmi.c", "wpp_trace.c"]

    private static let built = Mutex<[String: String]>([:])

    /// The path of the built bridge for the SDK at `sdkRoot`, building it if the cache lacks it.
    public static func library(sdkRoot: URL) throws(BuildError) -> String {
        let key = sdkRoot.standardizedFileURL.path
        if let path = built.withLock({ $0[key] }), FileManager.default.fileExists(atPath: path) { return path }
        let stub = SDKLocator.stub(in: sdkRoot)
        let include = SDKLocator.headers(in: sdkRoot)
        let files = { (directory: URL, suffixes: [String]) -> [String] in
            ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                .filter { name in suffixes.contains { name.hasSuffix($0) } }.sorted()
                .map { directory.appendingPathComponent($0).path }
        }
        let sources = files(stub, [".c"]).filter { !imageSideSources.contains(URL(fileURLWithPath: $0).lastPathComponent) }
        guard !sources.isEmpty else { throw BuildError(description: "no import stub sources in \(stub.path)") }
        let compiler = clangPath()
        var hash = Hasher64()
        hash.add(compiler)
        for file in sources + files(stub, [".h"]) + files(include, [".h"]) {
            hash.add(URL(fileURLWithPath: file).lastPathComponent)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw BuildError(description: "cannot read \(file)")
            }
            hash.add(data)
        }
        let directory = cacheDirectory()
        let output = directory.appendingPathComponent("bridge-\(String(hash.value, radix: 16)).so").path
        if !FileManager.default.fileExists(atPath: output) {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            } catch {
                throw BuildError(description: "cannot create the cache directory \(directory.path): \(error)")
            }
            let temporary = output + ".\(getpid()).\(UUID().uuidString).tmp"
            defer { unlink(temporary) }
            let arguments = ["-shared", "-fPIC", "-O2", "-std=gnu11", "-DMPABI_MS_ABI_BRIDGE", "-fvisibility=hidden",
                             "-I", include.path, "-I", stub.path] + sources + ["-o", temporary]
            let result: (succeeded: Bool, output: String)
            do {
                result = try WindowsDriverBuilder.run(compiler, arguments)
            } catch {
                throw BuildError(description: "cannot build the Windows-image bridge: \(error)")
            }
            guard result.succeeded else {
                throw BuildError(description: "building the Windows-image bridge with \(compiler) failed:\n\(result.output)")
            }
            // rename is atomic: a concurrent builder's identical file may win; either is fine.
            guard rename(temporary, output) == 0 else {
                throw BuildError(description: "cannot write \(output): \(String(cString: strerror(errno)))")
            }
        }
        built.withLock { $0[key] = output }
        return output
    }

    /// The toolchain's clang (``WindowsToolchain``: the one that builds `.sys` images), else
    /// `clang` on the PATH.
    static func clangPath() -> String {
        (try? WindowsToolchain.locate().clang) ?? "/usr/bin/clang"
    }

    static func cacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            return URL(fileURLWithPath: xdg).appendingPathComponent("miniport-sdk")
        }
        if let home = environment["HOME"], home.hasPrefix("/"), access(home, W_OK) == 0 {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache/miniport-sdk")
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("miniport-sdk-cache-\(getuid())")
    }

    /// A private copy of the bridge, opened: the file is copied into a fresh directory, opened
    /// with `dlopen(RTLD_NOW | RTLD_LOCAL)` (a second open of one path would share globals) and
    /// removed again (the mapping stays).
    static func openCopy(of library: String) throws(BuildError) -> UnsafeMutableRawPointer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-bridge-\(UUID().uuidString)")
        let copy = directory.appendingPathComponent("bridge.so")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: library, toPath: copy.path)
        } catch {
            throw BuildError(description: "cannot copy the Windows-image bridge \(library): \(error)")
        }
        guard let handle = dlopen(copy.path, RTLD_NOW | RTLD_LOCAL) else {
            let message = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw BuildError(description: "the dynamic loader refused the Windows-image bridge: \(message)")
        }
        return handle
    }

    /// The routines an opened bridge exports, by lower-cased module name and routine name.
    static func exports(of handle: UnsafeMutableRawPointer) -> [String: [String: UnsafeRawPointer]] {
        guard let raw = dlsym(handle, "MpAbiBridgeExportTables") else { return [:] }
        var result: [String: [String: UnsafeRawPointer]] = [:]
        let tables = raw.assumingMemoryBound(to: UnsafePointer<MPABI_BRIDGE_EXPORT>?.self)
        var index = 0
        while let table = tables[index] {
            var row = 0
            while let name = table[row].Name, let module = table[row].Module, let address = table[row].Address {
                result[String(cString: module).lowercased(), default: [:]][String(cString: name)] = address
                row += 1
            }
            index += 1
        }
        return result
    }
}
