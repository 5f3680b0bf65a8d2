import Foundation
import Testing
@testable import MiniportKit

/// Windows driver images built by `miniport build --target windows`, read back with the
/// toolchain's `llvm-objdump -p`.
enum WindowsImages {
    /// One C miniport to build as a .sys: a path under the repository root and its definitions.
    struct Source: CustomStringConvertible, Sendable {
        var path: String
        var defines: [String] = []
        var description: String { path + defines.map { " -D" + $0 }.joined() }
    }

    /// Every C example miniport, the StorPort examples' extended-SRB builds and the extended-SRB
    /// fixture ExtendedSRBTests loads, and the WPP and WMI fixtures (the SDK's static library).
    static let sources: [Source] = [
        .init(path: "Examples/PhbaMiniport/phba.c"),
        .init(path: "Examples/SkeletonScsiPort/skeleton.c"),
        .init(path: "Examples/StorPortPhba/storphba.c"),
        .init(path: "Examples/StorPortRamDisk/ramdisk.c"),
        .init(path: "Examples/StorPortPhba/storphba.c", defines: ["STORPORT_EXTENDED_SRB=1"]),
        .init(path: "Examples/StorPortRamDisk/ramdisk.c", defines: ["STORPORT_EXTENDED_SRB=1"]),
        .init(path: "Tests/MiniportKitTests/Fixtures/storport_srbx.c"),
        .init(path: "Tests/MiniportKitTests/Fixtures/wpp/wpp_fixture.c"),
        .init(path: "Tests/MiniportKitTests/Fixtures/wmi_fixture.c"),
    ]

    /// A built image, read back: its bytes and what llvm-objdump says of it.
    struct Built {
        var bytes: Data
        var headers: Headers
    }

    /// Builds made in this test run, by source: each is built once (in a scratch directory
    /// removed at once; the image is kept in memory).
    private static let cache = Cache()

    private final class Cache: @unchecked Sendable {
        let lock = NSLock()
        var images: [String: Result<Built, Error>] = [:]
    }

    /// The .sys built from `source` (with -Werror), building it on first use.
    static func image(_ source: Source) throws -> Built {
        cache.lock.lock()
        defer { cache.lock.unlock() }
        if let built = cache.images[source.description] { return try built.get() }
        let result = Result<Built, Error> {
            let directory = try FixtureBuilder.scratchDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let name = URL(fileURLWithPath: source.path).deletingPathExtension().lastPathComponent
            let output = directory.appendingPathComponent(name + ".sys").path
            try MiniportBuilder.build(sources: [FixtureBuilder.root.appendingPathComponent(source.path).path],
                                      output: output, sdkRoot: FixtureBuilder.root, defines: source.defines,
                                      werror: true, target: .windows)
            return Built(bytes: try #require(FileManager.default.contents(atPath: output)),
                         headers: try headers(of: output))
        }
        cache.images[source.description] = result
        return try result.get()
    }

    /// The toolchain's llvm-objdump (beside its clang: /usr/bin may have none).
    static func objdump() throws -> String {
        let toolchain = try WindowsToolchain.locate()
        let path = URL(fileURLWithPath: toolchain.clang).deletingLastPathComponent()
            .appendingPathComponent("llvm-objdump").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw FixtureBuilder.BuildError(description: "no llvm-objdump beside \(toolchain.clang)")
        }
        return path
    }

    /// What `llvm-objdump -p` says about an image.
    struct Headers {
        var text: String
        /// Imports per DLL name, each with the hint lld-link wrote.
        var imports: [String: [(hint: Int, name: String)]] = [:]

        init(_ text: String) {
            self.text = text
            var module: String?
            for line in text.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if line.hasPrefix("DLL Name:") {
                    module = line.dropFirst("DLL Name:".count).trimmingCharacters(in: .whitespaces)
                    imports[module!, default: []] = imports[module!] ?? []
                } else if line.hasPrefix("lookup ") || line.isEmpty {
                    continue
                } else if let current = module, !line.hasPrefix("Hint/Ord") {
                    let parts = line.split(separator: " ", omittingEmptySubsequences: true)
                    if parts.count == 2, let hint = Int(parts[0]) {
                        imports[current, default: []].append((hint, String(parts[1])))
                    } else {
                        module = nil
                    }
                }
            }
        }

        func field(_ name: String) -> String? {
            text.split(separator: "\n").first { $0.hasPrefix(name + " ") }
                .map { $0.dropFirst(name.count).trimmingCharacters(in: .whitespaces) }
        }
    }

    static func headers(of image: String) throws -> Headers {
        Headers(try FixtureBuilder.run(try objdump(), ["-p", image]))
    }
}

@Suite("miniport build --target windows")
struct WindowsBuildTests {
    @Test("Every C example and extended-SRB build links as a PE32+ AMD64 native driver importing only SDK exports",
          arguments: WindowsImages.sources)
    func examplesBuildAsDrivers(_ source: WindowsImages.Source) throws {
        let image = try WindowsImages.image(source)
        #expect(image.bytes.starts(with: [0x4D, 0x5A]))
        let headers = image.headers
        #expect(headers.text.contains("file format coff-x86-64"))
        #expect(headers.field("Magic")?.contains("(PE32+)") == true)
        #expect(headers.field("Subsystem")?.contains("(NT native)") == true)
        #expect(!headers.imports.isEmpty)
        for (module, names) in headers.imports {
            let known = try #require(SDKExports.Module(fileName: module), "\(source) imports from \(module)")
            #expect(!names.isEmpty)
            for entry in names {
                let ordinal = SDKExports.ordinal(of: entry.name, in: known)
                #expect(ordinal != nil, "\(source): \(entry.name) from \(module) is not an SDK export")
                // The import library carries the ordinals of the .def: lld-link writes them as hints.
                #expect(ordinal == entry.hint, "\(source): \(entry.name) hint \(entry.hint)")
                #expect(!SDKExports.inlineRoutines.contains(entry.name))
            }
        }
    }

    @Test("The port family decides the port module: SCSI Port examples import scsiport.sys, StorPort ones storport.sys")
    func portModules() throws {
        let phba = try WindowsImages.image(WindowsImages.sources[0]).headers
        #expect(phba.imports["scsiport.sys"]?.contains { $0.name == "ScsiPortInitialize" } == true)
        #expect(phba.imports["storport.sys"] == nil)
        let storphba = try WindowsImages.image(WindowsImages.sources[2]).headers
        #expect(storphba.imports["storport.sys"]?.contains { $0.name == "StorPortInitialize" } == true)
        #expect(storphba.imports["scsiport.sys"] == nil)
    }

    @Test("WPP-traced sources build: the formatter is inside the image and prints through DbgPrintEx")
    func wppInsideImage() throws {
        let image = try WindowsImages.image(WindowsImages.sources[7])
        let ntoskrnl = image.headers.imports["ntoskrnl.exe"]?.map(\.name) ?? []
        #expect(ntoskrnl.contains("DbgPrintEx") && ntoskrnl.contains("_vsnprintf"), "\(ntoskrnl)")
        #expect(!ntoskrnl.contains { $0.hasPrefix("MpAbi") })
    }

    @Test("The import stub is not in a .sys; ScsiPortWmi* is linked in from the SDK's static library")
    func noImportStub() throws {
        let wmi = try WindowsImages.image(WindowsImages.sources[8])
        #expect(!String(decoding: wmi.bytes, as: UTF8.self).contains("MpAbiImportTable"))
        let imports = wmi.headers.imports
        #expect(imports.values.allSatisfy { !$0.contains { $0.name.hasPrefix("ScsiPortWmi") } })
    }

    @Test("The WDK's inline kernel routines are computed in the image: CR8 for the IRQL, KUSER_SHARED_DATA for time")
    func inlineRoutines() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("inline_probe.c")
        try """
            #include <ntddk.h>
            ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
            static volatile LONGLONG sink;
            ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
            {
                KSPIN_LOCK lock;
                KIRQL old, dpc;
                LARGE_INTEGER now, ticks;
                (void)DriverObject;
                (void)RegistryPath;
                KeQuerySystemTime(&now);
                KeQueryTickCount(&ticks);
                KeRaiseIrql(DISPATCH_LEVEL, &old);
                KeLowerIrql(old);
                dpc = KeRaiseIrqlToDpcLevel();
                KeLowerIrql(dpc);
                KeInitializeSpinLock(&lock);
                KeAcquireSpinLock(&lock, &old);
                KeReleaseSpinLock(&lock, old);
                PVOID zero = ExAllocatePoolZero(NonPagedPoolNx, 64, 0x656e6f5a);
                PVOID raw = ExAllocatePoolUninitialized(NonPagedPoolNx, 64, 0x656e6f5a);
                sink = now.QuadPart + ticks.QuadPart + (LONGLONG)KeQueryInterruptTime() + KeGetCurrentIrql()
                    + KeGetCurrentProcessorNumber() + (LONGLONG)(ULONG_PTR)zero + (LONGLONG)(ULONG_PTR)raw;
                ExFreePoolWithTag(zero, 0x656e6f5a);
                ExFreePoolWithTag(raw, 0x656e6f5a);
                return 0;
            }
            """.write(to: source, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("inline_probe.sys").path
        try MiniportBuilder.build(sources: [source.path], output: output, sdkRoot: FixtureBuilder.root, werror: true,
                                  target: .windows)
        let imports = try WindowsImages.headers(of: output).imports
        let names = Set(imports.values.flatMap { $0.map(\.name) })
        #expect(names.isDisjoint(with: SDKExports.inlineRoutines), "\(names)")
        #expect(names.isSuperset(of: ["KeAcquireSpinLockRaiseToDpc", "KeGetCurrentProcessorNumberEx",
                                      "ExAllocatePoolWithTag"]), "\(names)")
        let disassembly = try FixtureBuilder.run(try WindowsImages.objdump(), ["-d", output])
        #expect(disassembly.contains("%cr8, %"), "reads CR8")
        #expect(disassembly.contains(", %cr8"), "writes CR8")
        // The page's address is loaded as a movabs immediate (llvm-objdump: "# imm = 0xFFFFF780...");
        // the compiler may fold a field's offset into it, so only the page is checked.
        #expect(disassembly.lowercased().contains("imm = 0xfffff780000000"), "reads KUSER_SHARED_DATA")
    }

    @Test("A source that does not compile fails the build with the compiler's message naming the file, and no image")
    func compileError() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("broken_driver.c")
        try "#include <miniport.h>\nULONG DriverEntry(PVOID a, PVOID b) { return undeclared_thing; }\n"
            .write(to: source, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("broken_driver.sys").path
        do {
            try MiniportBuilder.build(sources: [source.path], output: output, sdkRoot: FixtureBuilder.root,
                                      target: .windows)
            Issue.record("a broken source built")
        } catch MiniportRunner.RunnerError.buildFailed(let text) {
            #expect(text.contains(source.path) && text.contains("undeclared_thing"), "\(text)")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
        #expect((try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["broken_driver.c"])
    }

    @Test("An undefined routine fails the link, with a note on what a .sys may import")
    func linkError() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("unknown_import.c")
        try """
            #include <miniport.h>
            void NotAnExportAnywhere(void);
            ULONG DriverEntry(PVOID a, PVOID b) { (void)a; (void)b; NotAnExportAnywhere(); return 0; }
            """.write(to: source, atomically: true, encoding: .utf8)
        let output = dir.appendingPathComponent("unknown_import.sys").path
        #expect {
            try MiniportBuilder.build(sources: [source.path], output: output, sdkRoot: FixtureBuilder.root,
                                      target: .windows)
        } throws: { error in
            guard case MiniportRunner.RunnerError.buildFailed(let text) = error else { return false }
            return text.contains("NotAnExportAnywhere") && text.contains("mpabi_kernel_exports.h")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("An output with the other target's extension is refused before anything is built")
    func outputNames() throws {
        let source = FixtureBuilder.root.appendingPathComponent("Examples/SkeletonScsiPort/skeleton.c").path
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (target, output) in [(MiniportBuildTarget.windows, "x.so"), (.linux, "x.sys"), (.linux, "X.DLL")] {
            let path = dir.appendingPathComponent(output).path
            #expect {
                try MiniportBuilder.build(sources: [source], output: path, sdkRoot: FixtureBuilder.root, target: target)
            } throws: { error in
                guard case MiniportRunner.RunnerError.badOutputName(let text) = error else { return false }
                return text.contains(output) && text.contains("." + target.imageExtension)
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(throws: Never.self) { try MiniportBuildTarget.windows.checkOutputName("out/driver.bin") }
        #expect(throws: Never.self) { try MiniportBuildTarget.windows.checkOutputName("phba.sys") }
        #expect(throws: Never.self) { try MiniportBuildTarget.linux.checkOutputName("libphba.so") }
        #expect(MiniportBuilder.displayName(of: "/tmp/c/phba-12-\(UUID().uuidString).sys") == "phba.sys")
        #expect(MiniportBuilder.displayName(of: "/tmp/c/phba-12-\(UUID().uuidString).so") == "phba.so")
    }

    @Test("miniport build --target windows: a default .sys name, a usage error for -o x.so, --target on every .c command")
    func commandLine() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = FixtureBuilder.root.appendingPathComponent("Examples/SkeletonScsiPort/skeleton.c").path
        let built = try miniport(["build", "--target", "windows", source, "--sdk-root", FixtureBuilder.root.path],
                                 in: dir)
        #expect(built.status == 0, "\(built.error)")
        #expect(built.output.contains("built skeleton.sys"))
        let image = try #require(FileManager.default.contents(atPath: dir.appendingPathComponent("skeleton.sys").path))
        #expect(image.starts(with: [0x4D, 0x5A]))

        let wrong = try miniport(["build", "--target", "windows", source, "-o", "skeleton.so", "--json"], in: dir)
        #expect(wrong.status == 64)
        #expect(wrong.output.contains("skeleton.so") && wrong.output.contains("skeleton.sys"), "\(wrong.output)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("skeleton.so").path))

        let bad = try miniport(["build", "--target", "macos", source], in: dir)
        #expect(bad.status == 64 && bad.error.contains("macos"))

        for command in ["build", "run", "verify", "inspect", "soak"] {
            let help = try miniport([command, "--help"])
            #expect(help.output.contains("--target, --build-target <linux|windows>"), "\(command) --help")
        }
        // raw's --target is the SCSI target ID: the build target is --build-target there.
        let raw = try miniport(["raw", "--help"])
        #expect(raw.output.contains("--build-target <linux|windows>") && raw.output.contains("--target <target>"),
                "\(raw.output)")
    }
}

@Suite("The SDK's export lists (SDKExports) and the import libraries' .def files")
struct SDKExportsTests {
    /// Every `X(Name, module...)` entry of the export headers, read as text: the oracle the
    /// compiled table is checked against.
    static func headerEntries() throws -> [(name: String, module: String)] {
        let include = FixtureBuilder.root.appendingPathComponent("CMiniportABI/include")
        var entries: [(String, String)] = []
        for file in ["mpabi_kernel_exports.h", "mpabi_port_exports.h"] {
            let text = try String(contentsOf: include.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("X("), let close = trimmed.firstIndex(of: ")") else { continue }
                let fields = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 2)..<close]
                    .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                entries.append((fields[0], fields[1]))
            }
        }
        return entries
    }

    @Test("Each module's names are the headers' entries for it, each once, sorted; inline routines are in none")
    func namesMatchHeaders() throws {
        let entries = try Self.headerEntries()
        let modules: [String: SDKExports.Module] = ["ntoskrnl": .ntoskrnl, "hal": .hal, "scsiport": .scsiport,
                                                    "storport": .storport]
        for module in SDKExports.modules {
            let expected = entries.filter { modules[$0.module] == module }.map(\.name)
            let names = SDKExports.names(in: module)
            #expect(Set(names).count == names.count, "\(module) lists a name twice")
            #expect(Set(names) == Set(expected), "\(module)")
            #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            #expect(!names.isEmpty)
        }
        let inline = entries.filter { $0.module == "inline" }.map(\.name)
        #expect(Set(SDKExports.inlineRoutines) == Set(inline))
        #expect(Set(inline) == ["KeGetCurrentIrql", "KeRaiseIrql", "KeLowerIrql", "KeRaiseIrqlToDpcLevel",
                                "KeQuerySystemTime", "KeQueryInterruptTime", "KeQueryTickCount", "KeInitializeSpinLock",
                                "KeAcquireSpinLock", "KeGetCurrentProcessorNumber", "ExAllocatePoolZero",
                                "ExAllocatePoolUninitialized", "MmGetSystemAddressForMdlSafe"])
        for name in inline { #expect(SDKExports.modules(exporting: name).isEmpty, "\(name) is exported") }
        #expect(SDKExports.count == entries.count - inline.count)
    }

    @Test("Ordinals are 1...n in name order and name(ordinal:) inverts them; modules match without case")
    func ordinals() throws {
        for module in SDKExports.modules {
            let names = SDKExports.names(in: module)
            for (index, name) in names.enumerated() {
                #expect(SDKExports.ordinal(of: name, in: module) == index + 1)
                #expect(SDKExports.name(ordinal: index + 1, in: module) == name)
                #expect(SDKExports.contains(name, in: module))
            }
            #expect(SDKExports.name(ordinal: 0, in: module) == nil)
            #expect(SDKExports.name(ordinal: names.count + 1, in: module) == nil)
            #expect(SDKExports.name(ordinal: -1, in: module) == nil)
        }
        #expect(SDKExports.Module(fileName: "NTOSKRNL.EXE") == .ntoskrnl)
        #expect(SDKExports.Module(fileName: "StorPort.sys") == .storport)
        #expect(SDKExports.Module(fileName: "ntdll.dll") == nil)
        #expect(SDKExports.modules.map(\.fileName) == ["ntoskrnl.exe", "hal.dll", "scsiport.sys", "storport.sys"])
        #expect(SDKExports.ordinal(of: "storportinitialize", in: .storport) == nil)
        #expect(SDKExports.contains("memcpy", in: .ntoskrnl) && SDKExports.contains("READ_PORT_UCHAR", in: .hal))
        #expect(SDKExports.modules(exporting: "KeStallExecutionProcessor") == [.hal])
        #expect(!SDKExports.contains("ScsiPortInitialize", in: .storport))
    }

    @Test("Each .def names its module and lists every export once with its ordinal")
    func moduleDefinitions() throws {
        for module in SDKExports.modules {
            let lines = SDKExports.moduleDefinition(for: module).split(separator: "\n").map(String.init)
            #expect(lines.first == "LIBRARY \(module.fileName)")
            #expect(lines.dropFirst().first == "EXPORTS")
            let exports = lines.dropFirst(2).map { $0.trimmingCharacters(in: .whitespaces) }
            let names = SDKExports.names(in: module)
            #expect(exports == names.enumerated().map { "\($1) @\($0 + 1)" })
            #expect(Set(exports.map { $0.split(separator: " ")[0] }).count == exports.count)
        }
    }
}
