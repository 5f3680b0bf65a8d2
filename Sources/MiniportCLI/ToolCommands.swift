import ArgumentParser
import Foundation
import MiniportKit

/// `miniport build`: compile a C miniport with the SDK headers and the import stub.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile a C miniport into a loadable .so (system cc, SDK headers, import stub) or a Windows .sys.",
        discussion: """
            --target linux (default), equivalent to: cc -shared -fPIC -O2 -std=c11 -Wall -Wextra \
            -I CMiniportABI/include SOURCE.c CMiniportABI/stub/*.c -o OUT.so

            --target windows: each source with clang --target=x86_64-pc-windows-msvc -ffreestanding \
            -fno-stack-protector -mno-stack-arg-probe -O2 -std=c11 -Wall -Wextra -I CMiniportABI/include -c, \
            linked with lld-link /driver /subsystem:native /entry:DriverEntry /nodefaultlib /machine:x64 against \
            import libraries of ntoskrnl.exe, hal.dll, scsiport.sys and storport.sys made from the SDK's export \
            lists, and the SDK's static library (ScsiPortWmi*, WPP). The import stub is not in a .sys. \
            $CC and $CFLAGS apply to the linux target only.

            Without -o the image is SOURCE.so or SOURCE.sys (the first source's name) in the current directory. \
            An -o with the other target's extension (.so for windows; .sys, .dll or .exe for linux) is refused.
            """
    )

    @Argument(help: "C source files.")
    var sources: [String]

    @Option(name: .shortAndLong, help: "Output path (default: the first source's name, .so or .sys by --target).")
    var output: String?

    @OptionGroup var build: BuildTargetOptions

    @Option(name: .customShort("I"), help: "Extra include directory (repeatable).")
    var include: [String] = []

    @Option(name: .customShort("D"), help: "Preprocessor definition NAME[=VALUE] (repeatable).")
    var define: [String] = []

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ is (default: found from here).")
    var sdkRoot: String?

    @Option(name: .customLong("tmh-dir"),
            help: "Directory of WPP .tmh files to use instead of generated stand-ins (docs/wpp.md).")
    var tmhDir: String?

    @Flag(name: .long, help: "Treat compiler warnings as errors (-Werror).")
    var werror = false

    @Flag(name: .long, help: "Print the exact compiler command before running it.")
    var verbose = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    /// What `--json` prints on success (a failure prints the common error document, with
    /// `compilerOutput`).
    struct Document: Codable {
        var ok: Bool
        var output: String
        /// The compiler's warnings.
        var compilerOutput: String
        /// The exact compiler command (`--verbose`); for `--target windows` every command the
        /// build ran (compiler, library and link), one per line.
        var command: String?
    }

    func run() throws {
        do {
            let root: URL
            do {
                root = try SDKLocator.root(explicit: sdkRoot)
            } catch {
                throw CommandFailure(status: .badInput, message: "\(error)")
            }
            guard !sources.isEmpty else { throw CommandFailure(status: .badInput, message: "no source file given") }
            for source in sources where !FileManager.default.isReadableFile(atPath: source) {
                throw CommandFailure(status: .badInput, message: "\(source): no such file or not readable")
            }
            let output = self.output ?? URL(fileURLWithPath: sources[0]).deletingPathExtension().lastPathComponent
                + "." + build.target.imageExtension
            do {
                try build.target.checkOutputName(output)
            } catch {
                throw CommandFailure(status: .badInput, message: "\(error)")
            }
            var command: String?
            let compilerOutput: String
            do {
                compilerOutput = try MiniportBuilder.build(
                    sources: sources, output: output, sdkRoot: root, includes: include, defines: define, werror: werror,
                    tmhDirectory: tmhDir, target: build.target,
                    verbose: verbose ? { line in
                        command = command.map { $0 + "\n" + line } ?? line
                        if !json { FileHandle.standardError.write(Data((line + "\n").utf8)) }
                    } : nil)
            } catch MiniportRunner.RunnerError.toolchainNotFound(let reason) {
                throw CommandFailure(status: .badInput, message: reason)
            } catch MiniportRunner.RunnerError.buildFailed(let text) {
                throw CommandFailure(status: .checkFailed, message: "the compiler failed; no \(output) was written",
                                     compilerOutput: text)
            } catch {
                throw CommandFailure(status: .internalError, message: "\(error)")
            }
            if json {
                print(try prettyJSON(Document(ok: true, output: output, compilerOutput: compilerOutput,
                                              command: verbose ? command : nil)))
            } else {
                FileHandle.standardError.write(Data(compilerOutput.utf8))
                print("built \(output)")
            }
        } catch let failure as CommandFailure {
            report(failure, json: json)
        }
    }
}

/// `miniport inspect`: what a miniport registers, like `!drvobj`.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show DriverEntry, the DRIVER_OBJECT dispatch table and the HW_INITIALIZATION_DATA a miniport registers."
    )

    @Argument(help: "Miniport image (.so or .sys, by content) or .c file.")
    var path: String

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ is (default: found from here).")
    var sdkRoot: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var isolation: IsolationOptions

    @OptionGroup var build: BuildTargetOptions

    struct Output: Codable {
        struct Dispatch: Codable {
            var major: String
            var owner: String
            var routine: String
        }
        /// The PE facts of a Windows driver image (absent for an ELF .so).
        struct WindowsImage: Codable {
            struct Section: Codable {
                var name: String
                var rva: String
                var size: UInt32
                var protection: String
            }
            struct Import: Codable {
                var module: String
                var routine: String
                /// Bound to the SDK's routine (false: a stub returning STATUS_NOT_IMPLEMENTED).
                var resolved: Bool
            }
            var machine: String
            var subsystem: String
            var imageBase: String
            var sizeOfImage: UInt32
            var entryPoint: String
            var sections: [Section]
            var imports: [Import]
        }
        var path: String
        /// "ELF shared object" or "PE32+ driver image".
        var format: String?
        var windowsImage: WindowsImage?
        var driverEntry: String
        var driverEntryStatus: String
        /// scsiport or storport (which Initialize DriverEntry called), absent if neither.
        var model: String?
        var dispatch: [Dispatch]
        var registrations: [ScsiPortDriverRegistration]
        /// Routines DriverEntry called that the SDK does not implement (documented-failure stubs
        /// and empty slots), in call order, each once.
        var unresolvedCalls: [String] = []
        var log: [String]
        /// What the miniport printed (its standard output and error), when it ran in a child.
        var miniportOutput: String?
    }

    func run() throws {
        if isolation.isolatedChild {
            isolation.serveChild { try Answer(value: inspect(image: isolation.prebuiltImage ?? path, named: path)) }
        }
        do {
            let prepared = try PreparedMiniport.prepare(path, sdkRoot: sdkRoot, target: build.target)
            defer { prepared.remove() }
            if let warnings = prepared.compilerOutput, !json { FileHandle.standardError.write(Data(warnings.utf8)) }
            var output: Output
            if isolation.inProcess {
                output = try inspect(image: prepared.image, named: prepared.source)
            } else {
                let supervised = try isolation.supervise(["inspect", prepared.source, "--prebuilt-image", prepared.image]
                                                             + (sdkRoot.map { ["--sdk-root", $0] } ?? []),
                                                         what: "inspection", as: Output.self, progress: nil)
                output = try supervised.value()
                output.miniportOutput = supervised.miniportOutput
            }
            if json {
                print(try prettyJSON(output))
            } else {
                if let text = output.miniportOutput { FileHandle.standardError.write(Data(miniportOutputBlock(text).utf8)) }
                print(Self.text(output), terminator: "")
            }
        } catch let failure as CommandFailure {
            report(failure, json: json)
        }
    }

    /// Loads `image` and runs its DriverEntry (in whichever process runs the miniport).
    private func inspect(image: String, named path: String) throws(CommandFailure) -> Output {
        let driver: PortDriver
        do {
            driver = try PortDriver.inspect(path: image)
        } catch {
            throw CommandFailure(status: .checkFailed, message: error.description.replacingOccurrences(of: image, with: path),
                                 violations: error.violations)
        }
        let entry = driver.image.symbol("DriverEntry").map { "0x" + String(UInt(bitPattern: $0), radix: 16) }
            ?? (driver.image.usesMicrosoftABI ? "0x" + String(UInt(bitPattern: driver.image.entryPoint), radix: 16) : "?")
        return Output(
            path: path, format: driver.image.format.rawValue, windowsImage: driver.image.peFile.map { Self.facts($0, driver.image) },
            driverEntry: entry,
            driverEntryStatus: "0x" + String(driver.driverEntryStatus ?? 0, radix: 16, uppercase: true),
            model: driver.model?.rawValue,
            dispatch: driver.driverObject.majorFunctions.map { .init(major: $0.name, owner: $0.owner, routine: $0.routine) },
            registrations: driver.registrations.map(ScsiPortDriverRegistration.init),
            unresolvedCalls: driver.unresolvedCalls.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } },
            log: driver.log.map(\.description))
    }

    /// The PE facts `inspect` prints for a `.sys`.
    static func facts(_ file: PEFile, _ image: MiniportImage) -> Output.WindowsImage {
        let hex = { (value: UInt64) in "0x" + String(value, radix: 16) }
        let unresolved = Set(image.unresolvedImports.map { "\($0.module.lowercased())!\($0.routine)" })
        return Output.WindowsImage(
            machine: PEConstants.machineName(file.machine) ?? hex(UInt64(file.machine)),
            subsystem: PEConstants.subsystemName(file.subsystem), imageBase: hex(file.imageBase),
            sizeOfImage: file.sizeOfImage, entryPoint: "RVA " + hex(UInt64(file.entryPointRVA)),
            sections: file.sections.map { .init(name: $0.name, rva: hex(UInt64($0.virtualAddress)), size: $0.virtualSize,
                                                protection: $0.protection) },
            imports: file.imports.flatMap { module in
                module.entries.map { entry in
                    .init(module: module.dllName, routine: entry.routine.description,
                          resolved: !unresolved.contains("\(module.dllName.lowercased())!\(entry.routine.description)"))
                }
            })
    }

    static func text(_ output: Output) -> String {
        var text = "Driver object for \(output.path)\n"
        if let pe = output.windowsImage {
            text += "Image: \(output.format ?? "PE32+ driver image"), \(pe.machine), \(pe.subsystem) subsystem, "
                + "\(pe.sizeOfImage) bytes (image base \(pe.imageBase)), entry point \(pe.entryPoint)\n"
            text += "  sections: " + pe.sections.map { "\($0.name) \($0.protection) \($0.size) B" }.joined(separator: ", ") + "\n"
            let modules = pe.imports.reduce(into: [String]()) { if !$0.contains($1.module) { $0.append($1.module) } }
            for module in modules {
                let entries = pe.imports.filter { $0.module == module }
                let missing = entries.filter { !$0.resolved }.map(\.routine)
                text += "  imports from \(module): \(entries.count)"
                    + (missing.isEmpty ? " (all provided by the SDK)\n"
                        : ", not provided (bound to STATUS_NOT_IMPLEMENTED stubs): \(missing.joined(separator: ", "))\n")
            }
        } else if let format = output.format {
            text += "Image: \(format)\n"
        }
        text += "DriverEntry: \(output.driverEntry)  returned \(output.driverEntryStatus)\n"
        switch output.model {
        case "scsiport": text += "Model: SCSI Port miniport (ScsiPortInitialize)\n"
        case "storport": text += "Model: StorPort miniport (StorPortInitialize)\n"
        default: text += "Model: unknown (DriverEntry called neither ScsiPortInitialize nor StorPortInitialize)\n"
        }
        text += "\nDispatch routines:\n"
        for item in output.dispatch {
            text += "  [\(item.major.padding(toLength: 33, withPad: " ", startingAt: 0))] \(item.owner.padding(toLength: 8, withPad: " ", startingAt: 0)) \(item.routine)\n"
        }
        for (index, registration) in output.registrations.enumerated() {
            text += "\nScsiPortInitialize #\(index + 1) (status \(registration.status)):\n"
            text += "  HW_INITIALIZATION_DATA size \(registration.size), interface type \(registration.interfaceType)\n"
            text += "  PCI IDs \(registration.vendorId):\(registration.deviceId)\n"
            text += "  miniport routines: \(registration.callbacks.joined(separator: ", "))\n"
            text += "  extensions: device \(registration.deviceExtensionSize), LU \(registration.luExtensionSize), "
                + "SRB \(registration.srbExtensionSize); access ranges \(registration.accessRanges)\n"
            text += "  flags: \(registration.flags.joined(separator: ", "))\n"
        }
        if !output.unresolvedCalls.isEmpty {
            text += "\nUnresolved (not implemented by the SDK; documented failure returned):\n"
            for name in output.unresolvedCalls { text += "  \(name)\n" }
        }
        return text
    }
}

/// The JSON form of a registration.
struct ScsiPortDriverRegistration: Codable {
    var size: UInt32
    var interfaceType: Int32
    var vendorId: String
    var deviceId: String
    var callbacks: [String]
    var deviceExtensionSize: UInt32
    var luExtensionSize: UInt32
    var srbExtensionSize: UInt32
    var accessRanges: UInt32
    var flags: [String]
    var status: String

    init(_ r: PortDriver.Registration) {
        size = r.hwInitializationDataSize
        interfaceType = r.interfaceType
        vendorId = r.vendorId
        deviceId = r.deviceId
        callbacks = r.callbacks
        deviceExtensionSize = r.deviceExtensionSize
        luExtensionSize = r.specificLuExtensionSize
        srbExtensionSize = r.srbExtensionSize
        accessRanges = r.numberOfAccessRanges
        flags = [("MapBuffers", r.mapBuffers), ("NeedPhysicalAddresses", r.needPhysicalAddresses),
                 ("TaggedQueuing", r.taggedQueuing), ("AutoRequestSense", r.autoRequestSense),
                 ("MultipleRequestPerLu", r.multipleRequestPerLu), ("ReceiveEvent", r.receiveEvent)]
            .filter { $0.1 }.map { $0.0 }
        status = "0x" + String(r.status, radix: 16, uppercase: true)
    }
}
