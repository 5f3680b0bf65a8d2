import Foundation

/// The tools that build a Windows driver image: the Swift toolchain's `clang` (which targets
/// `x86_64-pc-windows-msvc`) and `lld-link`.
public struct WindowsToolchain: Equatable, Sendable {
    /// Path of `clang`.
    public var clang: String
    /// Path of `lld-link`.
    public var lldLink: String

    /// A toolchain from the two tools' paths.
    public init(clang: String, lldLink: String) {
        self.clang = clang
        self.lldLink = lldLink
    }

    /// Finds the tools: `$MPABI_WINDOWS_CLANG` when set (with the `lld-link` beside it), else
    /// the first `PATH` directory that has both `clang` and `lld-link` (so a system clang
    /// earlier on `PATH` does not split the pair), else the directory of the `swift` on `PATH`
    /// with its symbolic links resolved (the running toolchain), else `clang` and `lld-link`
    /// wherever `PATH` has them. Throws ``MiniportRunner/RunnerError/toolchainNotFound(_:)``
    /// naming what is missing.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> WindowsToolchain {
        let path = (environment["PATH"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
        func executable(_ name: String, in directory: String) -> String? {
            let candidate = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            return FileManager.default.isExecutableFile(atPath: candidate) ? candidate : nil
        }
        if let explicit = environment["MPABI_WINDOWS_CLANG"], !explicit.isEmpty {
            let directory = URL(fileURLWithPath: explicit).deletingLastPathComponent().path
            let clang = explicit.contains("/") ? explicit : path.lazy.compactMap { executable(explicit, in: $0) }.first
            guard let clang, FileManager.default.isExecutableFile(atPath: clang) else {
                throw MiniportRunner.RunnerError.toolchainNotFound(
                    "MPABI_WINDOWS_CLANG=\(explicit): no such executable")
            }
            let besideClang = URL(fileURLWithPath: clang).deletingLastPathComponent().path
            if let lld = executable("lld-link", in: besideClang) ?? executable("lld-link", in: directory)
                ?? path.lazy.compactMap({ executable("lld-link", in: $0) }).first {
                return WindowsToolchain(clang: clang, lldLink: lld)
            }
            throw MiniportRunner.RunnerError.toolchainNotFound(
                "--target windows needs lld-link: not beside \(clang) nor on PATH")
        }
        for directory in path {
            if let clang = executable("clang", in: directory), let lld = executable("lld-link", in: directory) {
                return WindowsToolchain(clang: clang, lldLink: lld)
            }
        }
        if let swift = path.lazy.compactMap({ executable("swift", in: $0) }).first {
            let directory = URL(fileURLWithPath: swift).resolvingSymlinksInPath().deletingLastPathComponent().path
            if let clang = executable("clang", in: directory), let lld = executable("lld-link", in: directory) {
                return WindowsToolchain(clang: clang, lldLink: lld)
            }
        }
        let clang = path.lazy.compactMap { executable("clang", in: $0) }.first
        let lld = path.lazy.compactMap { executable("lld-link", in: $0) }.first
        if let clang, let lld { return WindowsToolchain(clang: clang, lldLink: lld) }
        let missing = [clang == nil ? "clang" : nil, lld == nil ? "lld-link" : nil].compactMap { $0 }
        throw MiniportRunner.RunnerError.toolchainNotFound(
            "--target windows needs the Swift toolchain's clang and lld-link; \(missing.joined(separator: " and ")) "
                + "not found on PATH nor beside swift (put the toolchain's usr/bin on PATH, or set MPABI_WINDOWS_CLANG)")
    }
}
