import Foundation

/// The normal-build face of a fuzz target: replays the files (and the files in directories)
/// given as arguments through the target's one-input function, so a corpus entry or a crash
/// artifact can be run under a debugger without libFuzzer. Exits 64 for a missing path.
public enum FuzzReplay {
    public static func main(_ body: (UnsafeRawBufferPointer) -> Void) {
        let paths = CommandLine.arguments.dropFirst()
        if paths.isEmpty {
            print("usage: \(CommandLine.arguments.first ?? "fuzz-target") FILE-OR-DIRECTORY...")
            return
        }
        var count = 0
        for path in paths {
            guard let files = files(at: path) else {
                FileHandle.standardError.write(Data("\(path): no such file or directory\n".utf8))
                exit(64)
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                data.withUnsafeBytes { body($0) }
                count += 1
            }
        }
        print("replayed \(count) input(s)")
    }

    /// The regular files at `path`: the file itself, or a directory's files sorted by name.
    /// Nil when nothing is there.
    public static func files(at path: String) -> [String]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.sorted().map { path + "/" + $0 }.filter {
            var nested: ObjCBool = false
            return FileManager.default.fileExists(atPath: $0, isDirectory: &nested) && !nested.boolValue
        }
    }
}
