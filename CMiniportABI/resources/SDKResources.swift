// The SDK's C files as a package resource: the WDK-named headers (include/) and the per-image
// import stub (stub/) that every C miniport is compiled with. SwiftPM copies them into a
// resource bundle beside each executable built from a package that uses MiniportKit, so a
// dependent package compiles `.c` miniports without knowing where this package was checked out.

import Foundation

/// Where this package's C files were copied as a resource bundle.
public enum SDKResources {
    /// The bundle's directory name: SwiftPM names it `<package>_<target>.resources`.
    public static let bundleName = "MiniportSDK_MiniportSDKFiles.resources"

    /// The resource bundle of the running program (the directory holding `include/` and
    /// `stub/`), if it is beside the executable where SwiftPM puts it; nil when the program was
    /// copied elsewhere without it. (SwiftPM's own `Bundle.module` accessor stops the program
    /// when the bundle is missing; this lookup never does.)
    public static var directory: URL? {
        var candidates: [URL] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append(URL(fileURLWithPath: executable).deletingLastPathComponent())
        }
        candidates.append(Bundle.main.bundleURL)
        for directory in candidates {
            let bundle = directory.appendingPathComponent(bundleName)
            if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("include/srb.h").path),
               FileManager.default.fileExists(atPath: bundle.appendingPathComponent("stub/import_table.c").path) {
                return bundle
            }
        }
        return nil
    }
}
