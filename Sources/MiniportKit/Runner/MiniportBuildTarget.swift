/// What `miniport build` makes of C miniport sources (`--target`).
public enum MiniportBuildTarget: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
    /// A Linux shared object (`.so`) with the import stub inside, built with the system C
    /// compiler (`$CC`, `$CFLAGS`): what the port loads with `dlopen`. The default.
    case linux
    /// A Windows x64 driver image (`.sys`, PE32+, native subsystem) built with the Swift
    /// toolchain's clang (`--target=x86_64-pc-windows-msvc`, freestanding) and lld-link. It
    /// imports the port and kernel routines from ntoskrnl.exe, hal.dll, scsiport.sys and
    /// storport.sys (import libraries made from ``SDKExports``); the SDK's static libraries
    /// (ScsiPortWmi*, the WPP formatter) are linked into the image.
    case windows

    /// The image's file extension, without the dot: `so` or `sys`.
    public var imageExtension: String {
        switch self {
        case .linux: return "so"
        case .windows: return "sys"
        }
    }

    /// The target's name as `--target` takes it.
    public var description: String { rawValue }

    /// Extensions of images the other target makes, which an output of this target must not
    /// carry (`--target windows -o x.so` is a mistake, not a choice).
    var foreignExtensions: [String] {
        switch self {
        case .linux: return ["sys", "dll", "exe"]
        case .windows: return ["so"]
        }
    }

    /// Refuses an output name whose extension belongs to the other target, in words.
    public func checkOutputName(_ output: String) throws {
        let name = output.split(separator: "/").last.map(String.init) ?? output
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return }
        let ext = name[name.index(after: dot)...].lowercased()
        guard foreignExtensions.contains(ext) else { return }
        throw MiniportRunner.RunnerError.badOutputName(
            "\(output): a \(self == .windows ? "Windows driver image" : "Linux miniport image") is a "
                + ".\(imageExtension), not a .\(ext) (use -o \(name.dropLast(ext.count))\(imageExtension)"
                + (self == .windows ? ", or --target linux for a .so)" : ", or --target windows for a .sys)"))
    }
}
