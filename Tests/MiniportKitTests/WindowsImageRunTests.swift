import CMiniportABI
import Foundation
import Testing
@testable import MiniportKit

/// The same C miniport built as a Linux `.so` and as a Windows `.sys` gives the same results in
/// every scenario: the PE loader, the Windows-image bridge and the ms_abi calls into the image
/// change nothing a miniport author can see.
@Suite("Windows .sys images behave as their .so")
struct WindowsImageRunTests {
    /// Every C example that runs on the project's HBA or as a virtual adapter, and the StorPort
    /// examples' extended-SRB builds.
    static let examples: [WindowsImages.Source] = [
        .init(path: "Examples/PhbaMiniport/phba.c"),
        .init(path: "Examples/StorPortPhba/storphba.c"),
        .init(path: "Examples/StorPortRamDisk/ramdisk.c"),
        .init(path: "Examples/StorPortPhba/storphba.c", defines: ["STORPORT_EXTENDED_SRB=1"]),
        .init(path: "Examples/StorPortRamDisk/ramdisk.c", defines: ["STORPORT_EXTENDED_SRB=1"]),
    ]

    /// What must agree between the two images: the outcome, the rules broken, the errors and the
    /// dump step's facts (the copy's file name differs by its extension only).
    struct Outcome: Equatable, CustomStringConvertible {
        var passed: Bool
        var rules: [String]
        var errors: [String]
        var dump: String?

        init(_ report: MiniportRunner.ScenarioReport) {
            passed = report.passed
            rules = report.violations.map(\.rule)
            errors = report.errors
            dump = report.dump.map { dump in
                "\(dump.mode) runs=\(dump.runs.count) bytes=\(dump.bytes) memory=\(dump.memoryBytes) "
                    + "requests=\(dump.requests) polls=\(dump.polls) interrupts=\(dump.interrupts) "
                    + "verified=\(dump.verified) inFlight=\(dump.inFlight.map(String.init) ?? "-")"
            }
        }

        var description: String { "passed=\(passed) rules=\(rules) errors=\(errors) dump=\(dump ?? "-")" }
    }

    @Test("Built both ways, every scenario gives the same result", arguments: examples)
    func sameResults(_ source: WindowsImages.Source) throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = FixtureBuilder.root.appendingPathComponent(source.path).path
        let name = URL(fileURLWithPath: source.path).deletingPathExtension().lastPathComponent
        var images: [MiniportBuildTarget: String] = [:]
        for target in MiniportBuildTarget.allCases {
            let output = directory.appendingPathComponent("\(name).\(target.imageExtension)").path
            try MiniportBuilder.build(sources: [path], output: output, sdkRoot: FixtureBuilder.root,
                                      defines: source.defines, target: target)
            images[target] = output
        }
        for scenario in MiniportRunner.Scenario.allCases {
            var outcomes: [MiniportBuildTarget: Outcome] = [:]
            for (target, image) in images {
                var runner = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path)
                runner.dumpMemoryBytes = 1 << 20
                outcomes[target] = Outcome(runner.run(scenario))
            }
            let linux = try #require(outcomes[.linux]), windows = try #require(outcomes[.windows])
            #expect(windows.passed, "\(source) as .sys, \(scenario): \(windows)")
            #expect(windows == linux, "\(source), \(scenario): .so \(linux) vs .sys \(windows)")
        }
    }

    @Test("A .sys is recognised by its content, whatever its name, and reports itself as PE")
    func detectedByContent() throws {
        let built = try WindowsImages.image(.init(path: "Examples/PhbaMiniport/phba.c"))
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let renamed = directory.appendingPathComponent("phba.so").path
        try built.bytes.write(to: URL(fileURLWithPath: renamed))
        #expect(try MiniportImageFile.check(path: renamed) == .pe)
        let image = try MiniportImage.load(path: renamed, sdkRoot: FixtureBuilder.root)
        defer { image.unload() }
        #expect(image.format == .pe && image.usesMicrosoftABI)
        #expect(image.unresolvedImports.isEmpty, "\(image.unresolvedImports)")
        #expect(image.peFile?.machine == 0x8664)
        let entry = try #require(image.peFile?.entryPointRVA)
        #expect(image.contains(image.entryPoint, length: 1) && image.mapping?.rva(of: image.entryPoint) == entry)
    }

    @Test("`run --target windows` builds the bundled example as a .sys and crash-dumps through dump_phba.sys")
    func runTargetWindows() throws {
        let result = try miniport(["run", "--target", "windows", "--disk", "ram:16M"])
        #expect(result.status == 0, "\(result.output) \(result.error)")
        #expect(result.output.contains("dump      crash: dump_phba.sys wrote"), "\(result.output)")
        #expect(result.output.contains("result    OK"), "\(result.output)")
    }

    @Test("A damaged .sys is refused before anything runs, with the problem named (exit 64)")
    func damagedImage() throws {
        let built = try WindowsImages.image(.init(path: "Examples/PhbaMiniport/phba.c"))
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let truncated = directory.appendingPathComponent("truncated.sys").path
        try built.bytes.prefix(600).write(to: URL(fileURLWithPath: truncated))
        for command in ["verify", "inspect", "run"] {
            let arguments = command == "run" ? ["run", "--miniport", truncated] : [command, truncated]
            let result = try miniport(arguments)
            #expect(result.status == 64, "\(command): \(result.output) \(result.error)")
            #expect(result.error.contains("truncated.sys: not a loadable Windows x64 driver image: SizeOfHeaders"),
                    "\(command): \(result.error)")
        }
    }

    @Test("Every routine of the SDK's export lists is in the Windows-image bridge, at an ms_abi entry point")
    func bridgeExportsEverything() throws {
        let library = try WindowsBridge.library(sdkRoot: FixtureBuilder.root)
        let handle = try WindowsBridge.openCopy(of: library)
        defer { dlclose(handle) }
        let exports = WindowsBridge.exports(of: handle)
        var missing: [String] = []
        for module in SDKExports.Module.allCases {
            for name in SDKExports.names(in: module) where exports[module.fileName.lowercased()]?[name] == nil {
                missing.append("\(module.fileName)!\(name)")
            }
        }
        #expect(missing.isEmpty, "not in the bridge: \(missing)")
        let bridgeCount = exports.values.reduce(0) { $0 + $1.count }
        #expect(bridgeCount == SDKExports.count, "the bridge has \(bridgeCount) routines, the export lists \(SDKExports.count)")
    }

    @Test("A .sys that imports a routine the SDK lacks loads; the call reports it and returns STATUS_NOT_IMPLEMENTED")
    func unresolvedImport() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("lacking.c")
        // A routine of storport.sys the SDK does not provide, declared here as a driver would.
        try """
            #include <storport.h>
            NTSTATUS StorPortRoutineTheSdkLacks(PVOID Extension);
            ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
            {
                UNREFERENCED_PARAMETER(RegistryPath);
                return (ULONG)StorPortRoutineTheSdkLacks(DriverObject);
            }
            """.write(to: source, atomically: true, encoding: .utf8)
        let output = directory.appendingPathComponent("lacking.sys").path
        // The SDK's import library lacks the name: link against one that has it.
        let def = directory.appendingPathComponent("extra.def")
        try "LIBRARY storport.sys\nEXPORTS\n  StorPortRoutineTheSdkLacks\n".write(to: def, atomically: true, encoding: .utf8)
        let toolchain = try WindowsToolchain.locate()
        let object = directory.appendingPathComponent("lacking.obj").path
        let lib = directory.appendingPathComponent("extra.lib").path
        try run(toolchain.clang, ["--target=x86_64-pc-windows-msvc", "-ffreestanding", "-fno-stack-protector",
                                  "-mno-stack-arg-probe", "-I", FixtureBuilder.includeDirectory, "-c", source.path,
                                  "-o", object])
        try run(toolchain.lldLink, ["/lib", "/def:" + def.path, "/machine:x64", "/out:" + lib])
        try run(toolchain.lldLink, ["/driver", "/subsystem:native", "/entry:DriverEntry", "/nodefaultlib",
                                    "/machine:x64", "/out:" + output, object, lib])
        let driver = try PortDriver.inspect(path: output)
        #expect(driver.image.unresolvedImports.map { "\($0.module)!\($0.routine)" }
                    == ["storport.sys!StorPortRoutineTheSdkLacks"])
        #expect(driver.driverEntryStatus == 0xC000_0002)
        #expect(driver.unresolvedCalls.contains { $0.contains("StorPortRoutineTheSdkLacks") }, "\(driver.unresolvedCalls)")

        // `inspect` prints the PE facts and marks the import it could not bind.
        let inspected = try miniport(["inspect", output])
        #expect(inspected.output.contains("Image: PE32+ driver image, AMD64, NATIVE subsystem"), "\(inspected.output)")
        #expect(inspected.output.contains("imports from storport.sys: 1, not provided (bound to STATUS_NOT_IMPLEMENTED "
                                          + "stubs): StorPortRoutineTheSdkLacks"), "\(inspected.output)")
        let json = try miniport(["inspect", output, "--json"])
        #expect(json.output.contains("\"resolved\" : false") && json.output.contains("\"machine\" : \"AMD64\""),
                "\(json.output)")
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(tool) \(arguments): \(text)")
    }
}
