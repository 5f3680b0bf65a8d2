import CFuzzDriver

#if canImport(Glibc)
import Glibc
#endif

/// The entry point every fuzz target's `@main` calls with its one-input function.
///
/// In a fuzz build (`-Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer`, Scripts/fuzz.sh) it hands
/// the program's arguments to libFuzzer's driver; otherwise it replays the files given as
/// arguments (``FuzzReplay``). libFuzzer's own `main` cannot be used: SwiftPM renames a Swift
/// executable's entry point and points `main` at it.
public enum FuzzEntry {
    public static func main(_ body: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        #if FUZZING
        target = body
        exit(mp_fuzz_run_driver(CommandLine.argc, CommandLine.unsafeArgv, { data, size in
            FuzzEntry.target?(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
            return 0
        }))
        #else
        FuzzReplay.main(body)
        exit(0)
        #endif
    }

    /// The target's function while libFuzzer runs (one per process, set before the driver starts).
    nonisolated(unsafe) static var target: ((UnsafeRawBufferPointer) -> Void)?
}
