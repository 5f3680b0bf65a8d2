import Foundation

/// Builds C miniport sources into a Windows x64 driver image (`.sys`): what
/// `MiniportBuilder.build(..., target: .windows)` does.
///
/// Each source is compiled with ``compileFlags`` and the SDK headers (which define the
/// routines the x64 WDK makes inline, `mpabi_kernel_inline.h`); the import stub is not: the
/// image imports the port and kernel routines by name from ntoskrnl.exe, hal.dll,
/// scsiport.sys and storport.sys, through import libraries made from ``SDKExports`` (one
/// `.def` per module, every name with its ordinal). What a Windows driver links statically
/// comes from the SDK's own static library, `mpabi_sdk.lib`: the ScsiPortWmi* library
/// (stub/scsiwmi.c, scsiwmi.lib on Windows), the WPP formatter (stub/wpp_trace.c, which
/// formats with ntoskrnl.exe's `_vsnprintf` and prints with `DbgPrintEx`) and `_fltused`; the
/// linker takes a member only when the image calls into it. The libraries are made once per
/// SDK content into the build cache.
enum WindowsDriverBuilder {
    /// Compiler flags before the include directories and definitions: a freestanding MSVC-ABI
    /// object without stack cookies (`/GS`) or stack probes (`__chkstk`), neither of which a
    /// driver gets from this SDK, with the Linux build's optimization and warnings.
    static let compileFlags = ["--target=x86_64-pc-windows-msvc", "-ffreestanding", "-fno-stack-protector",
                               "-mno-stack-arg-probe", "-O2", "-std=c11", "-Wall", "-Wextra"]

    /// Linker flags: a native-subsystem kernel driver entered at DriverEntry, no default
    /// libraries, no debug information, unreferenced code dropped.
    static let linkFlags = ["/driver", "/subsystem:native", "/entry:DriverEntry", "/nodefaultlib", "/machine:x64",
                            "/debug:none", "/incremental:no", "/opt:ref"]

    /// The SDK sources of `mpabi_sdk.lib`, relative to the import stub's directory.
    static let staticLibrarySources = ["scsiwmi.c", "wpp_trace.c", "windows/fltused.c"]

    /// The name of the SDK's static library.
    static let staticLibraryName = "mpabi_sdk.lib"

    /// Builds `sources` into the driver image `output`; returns the compiler's warnings.
    static func build(sources: [String], output: String, sdkRoot: URL, includes: [String], defines: [String],
                      werror: Bool, environment: [String: String], verbose: ((String) -> Void)?) throws -> String {
        let toolchain = try WindowsToolchain.locate(environment: environment)
        let scratch = try MiniportBuilder.cacheDirectory().appendingPathComponent("win-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }

        let include = SDKLocator.headers(in: sdkRoot).path
        let flags = compileFlags + ["-I", include] + includes.flatMap { ["-I", $0] } + defines.map { "-D" + $0 }
            + (werror ? ["-Werror"] : [])
        var warnings = ""
        var objects: [String] = []
        for (index, source) in sources.enumerated() {
            let object = scratch.appendingPathComponent(
                "\(index)-\(URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent).obj").path
            let arguments = flags + ["-c", source, "-o", object]
            verbose?(([toolchain.clang] + arguments).map(MiniportBuilder.shellQuoted).joined(separator: " "))
            let result = try run(toolchain.clang, arguments)
            warnings += result.output
            guard result.succeeded else { throw MiniportRunner.RunnerError.buildFailed(warnings) }
            objects.append(object)
        }

        let libraries = try self.libraries(sdkRoot: sdkRoot, toolchain: toolchain, verbose: verbose)
        let arguments = linkFlags + ["/out:\(output)"] + objects + libraries
        verbose?(([toolchain.lldLink] + arguments).map(MiniportBuilder.shellQuoted).joined(separator: " "))
        let link = try run(toolchain.lldLink, arguments)
        guard link.succeeded else {
            var text = warnings + link.output
            if link.output.contains("undefined symbol") {
                text += "note: a .sys imports only the routines the SDK exports (mpabi_kernel_exports.h, "
                    + "mpabi_port_exports.h); the rest must be defined in the miniport's own sources\n"
            }
            throw MiniportRunner.RunnerError.buildFailed(text)
        }
        warnings += link.output
        try checkImage(output)
        return warnings
    }

    /// Checks that `path` is a PE32+ x64 image: `MZ`, a `PE\0\0` signature where `e_lfanew`
    /// points, machine AMD64 and the PE32+ optional-header magic.
    static func checkImage(_ path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw MiniportRunner.RunnerError.buildFailed("lld-link wrote no \(path)")
        }
        defer { try? handle.close() }
        let header = [UInt8]((try? handle.read(upToCount: 4096)) ?? Data())
        func u16(_ at: Int) -> Int { at + 2 <= header.count ? Int(header[at]) | Int(header[at + 1]) << 8 : -1 }
        func u32(_ at: Int) -> Int { at + 4 <= header.count ? u16(at) | u16(at + 2) << 16 : -1 }
        guard header.count >= 64, header[0] == 0x4D, header[1] == 0x5A else {
            throw MiniportRunner.RunnerError.buildFailed("lld-link's output does not start with MZ: not a PE image")
        }
        let pe = u32(0x3C)
        guard pe >= 64, pe + 26 <= header.count, u32(pe) == 0x0000_4550, u16(pe + 4) == 0x8664, u16(pe + 24) == 0x20B else {
            throw MiniportRunner.RunnerError.buildFailed("lld-link's output is not a PE32+ x64 image")
        }
    }

    // MARK: import and static libraries

    /// The import libraries of the four modules and the SDK's static library, from the build
    /// cache (made on first use; the directory is named after a hash of everything that goes
    /// into them, so a changed SDK or toolchain gets its own).
    static func libraries(sdkRoot: URL, toolchain: WindowsToolchain, verbose: ((String) -> Void)?) throws -> [String] {
        let names = SDKExports.modules.map { $0.baseName + ".lib" } + [staticLibraryName]
        var key = Hasher64()
        key.add(toolchain.clang + "\n" + toolchain.lldLink + "\n" + compileFlags.joined(separator: " "))
        for module in SDKExports.modules { key.add(SDKExports.moduleDefinition(for: module)) }
        let include = SDKLocator.headers(in: sdkRoot)
        let stub = SDKLocator.stub(in: sdkRoot)
        let headers = ((try? FileManager.default.contentsOfDirectory(atPath: include.path)) ?? []).sorted()
        for file in headers.map({ include.appendingPathComponent($0) }) + staticLibrarySources.map({
            stub.appendingPathComponent($0)
        }) {
            key.add(file.lastPathComponent)
            key.add((try? Data(contentsOf: file)) ?? Data())
        }
        let cache = try MiniportBuilder.cacheDirectory()
        let directory = cache.appendingPathComponent("winlibs-" + String(key.value, radix: 16))
        let paths = names.map { directory.appendingPathComponent($0).path }
        if paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) { return paths }

        // Made in a private directory, then renamed into place: builds running at the same
        // time never see a half-made set.
        let staging = cache.appendingPathComponent(".winlibs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        for module in SDKExports.modules {
            let def = staging.appendingPathComponent(module.baseName + ".def")
            try SDKExports.moduleDefinition(for: module).write(to: def, atomically: false, encoding: .utf8)
            let arguments = ["/lib", "/def:\(def.path)", "/machine:x64",
                             "/out:\(staging.appendingPathComponent(module.baseName + ".lib").path)"]
            verbose?(([toolchain.lldLink] + arguments).map(MiniportBuilder.shellQuoted).joined(separator: " "))
            let result = try run(toolchain.lldLink, arguments)
            guard result.succeeded else {
                throw MiniportRunner.RunnerError.buildFailed("making \(module.baseName).lib failed:\n\(result.output)")
            }
        }
        var objects: [String] = []
        for source in staticLibrarySources {
            let object = staging.appendingPathComponent(URL(fileURLWithPath: source).deletingPathExtension()
                .lastPathComponent + ".obj").path
            let arguments = compileFlags + ["-I", include.path, "-c", stub.appendingPathComponent(source).path,
                                            "-o", object]
            verbose?(([toolchain.clang] + arguments).map(MiniportBuilder.shellQuoted).joined(separator: " "))
            let result = try run(toolchain.clang, arguments)
            guard result.succeeded else {
                throw MiniportRunner.RunnerError.buildFailed("compiling the SDK's \(source) failed:\n\(result.output)")
            }
            objects.append(object)
        }
        let arguments = ["/lib", "/machine:x64", "/out:\(staging.appendingPathComponent(staticLibraryName).path)"]
            + objects
        verbose?(([toolchain.lldLink] + arguments).map(MiniportBuilder.shellQuoted).joined(separator: " "))
        let archive = try run(toolchain.lldLink, arguments)
        guard archive.succeeded else {
            throw MiniportRunner.RunnerError.buildFailed("making \(staticLibraryName) failed:\n\(archive.output)")
        }
        for file in (try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []
        where !names.contains(file) {
            try? FileManager.default.removeItem(at: staging.appendingPathComponent(file))
        }
        // A set left incomplete (a build killed half-way through an older layout) is replaced.
        if FileManager.default.fileExists(atPath: directory.path),
           !paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            try? FileManager.default.removeItem(at: directory)
        }
        if rename(staging.path, directory.path) != 0,
           !paths.allSatisfy({ FileManager.default.fileExists(atPath: $0) }) {
            throw MiniportRunner.RunnerError.buildFailed(
                "cannot write \(directory.path): \(String(cString: strerror(errno)))")
        }
        return paths
    }

    // MARK: running the tools

    /// Runs `executable` with `arguments` (``MiniportBuilder/runTool(_:_:name:)``).
    static func run(_ executable: String, _ arguments: [String]) throws -> (succeeded: Bool, output: String) {
        try MiniportBuilder.runTool(executable, arguments)
    }
}

/// FNV-1a, 64 bits: a stable hash (unlike `Hasher`, the same in every process) for cache keys.
struct Hasher64 {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        value = (value ^ 0xFF) &* 0x0000_0100_0000_01b3
    }

    mutating func add(_ text: String) { add(text.utf8) }
}
