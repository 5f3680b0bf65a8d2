import Foundation
import MiniportKit

/// Builds C fixture miniports with the system C compiler, the way a miniport author does:
/// `cc -shared -fPIC -I CMiniportABI/include miniport.c CMiniportABI/stub/*.c`.
enum FixtureBuilder {
    /// The repository root, found from this file's location.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static var includeDirectory: String { root.appendingPathComponent("CMiniportABI/include").path }
    static var fixturesDirectory: URL { root.appendingPathComponent("Tests/MiniportKitTests/Fixtures") }

    /// The import stub's C files.
    static var stubSources: [String] {
        let dir = root.appendingPathComponent("CMiniportABI/stub")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".c") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    /// The C compiler and its extra flags, as `MiniportBuilder` takes them: `$CC` (default
    /// `cc`) and `$CFLAGS`. The sanitizer scripts set them so that the miniport's own memory
    /// accesses are checked too, with clang (gcc's sanitizer runtime is not the one Swift links):
    /// Scripts/tsan-test.sh `-fsanitize=thread`, Scripts/asan-test.sh
    /// `-fsanitize=address,undefined` with undefined behaviour fatal. An instrumented .so leaves
    /// the runtime unresolved (`-shared-libsan` is not used): the test executable, linked with
    /// the runtime, exports it.
    static var compiler: (tool: String, flags: [String]) {
        let compiler = MiniportBuilder.compiler()
        return (compiler.command[0], Array(compiler.command.dropFirst()) + compiler.flags)
    }

    struct BuildError: Error, CustomStringConvertible {
        var description: String
    }

    /// A fresh directory for one test's build products.
    static func scratchDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("miniport-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Compiles fixture sources (names under Fixtures/) into a shared object.
    static func buildSharedObject(
        _ fixtures: [String], withStub: Bool = true, name: String, extraFlags: [String] = [], in dir: URL
    ) throws -> String {
        let output = dir.appendingPathComponent(name).path
        var arguments = ["-shared", "-fPIC", "-std=c11", "-Wall", "-Wextra", "-Werror", "-O1",
                         "-I", includeDirectory] + compiler.flags + extraFlags
        arguments += fixtures.map { fixturesDirectory.appendingPathComponent($0).path }
        if withStub { arguments += stubSources }
        arguments += ["-o", output]
        try run(compiler.tool, arguments)
        return output
    }

    /// Runs a tool from PATH and fails with its output if it exits non-zero.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BuildError(description: "\(tool) \(arguments.joined(separator: " ")) failed:\n\(text)")
        }
        return text
    }
}
