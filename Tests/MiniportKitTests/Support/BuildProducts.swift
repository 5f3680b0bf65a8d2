import Foundation

/// Products SwiftPM builds next to the test bundle: `swift build --build-tests` and
/// `swift test` build every product of the package (the Swift example miniport
/// `libPhbaSwiftMiniport.so`, the `disk-app` example) into `.build/<triple>/<configuration>/`,
/// the directory the test executable runs from.
///
/// The test target deliberately does not depend on those targets: a target dependency would
/// link their objects into the test executable itself (a second `MpAbiImportTable`, the
/// import stub and the Swift miniport inside the host process) instead of producing a
/// loadable image.
enum BuildProducts {
    struct Missing: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "\(path) does not exist: build the package's products first (`swift build --build-tests` or `swift test`)"
        }
    }

    /// The directory holding the running test executable.
    static var directory: URL {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent()
    }

    /// The path of a product in ``directory``, or ``Missing``.
    static func path(_ name: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        guard FileManager.default.fileExists(atPath: path) else { throw Missing(path: path) }
        return path
    }
}
