import ArgumentParser
import Foundation
import MiniportKit

/// `miniport build`: compile a C miniport with the SDK headers and the import stub.
struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Compile a C miniport into a loadable .so (system cc, SDK headers, import stub).",
        discussion: "Equivalent to: cc -shared -fPIC -O2 -I CMiniportABI/include SOURCE.c CMiniportABI/stub/*.c -o OUT.so"
    )

    @Argument(help: "C source files.")
    var sources: [String]

    @Option(name: .shortAndLong, help: "Output .so path.")
    var output: String

    @Option(name: .customShort("I"), help: "Extra include directory (repeatable).")
    var include: [String] = []

    @Option(name: .customShort("D"), help: "Preprocessor definition NAME[=VALUE] (repeatable).")
    var define: [String] = []

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ is (default: found from here).")
    var sdkRoot: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    func run() throws {
        let root = try SDKLocator.root(explicit: sdkRoot)
        for source in sources where !FileManager.default.fileExists(atPath: source) {
            throw ValidationError("\(source): no such file")
        }
        do {
            try MiniportBuilder.build(sources: sources, output: output, sdkRoot: root, includes: include, defines: define)
        } catch {
            if json { print(#"{"ok": false, "error": \#(jsonString("\(error)"))}"#) } else { print("error: \(error)") }
            throw ExitCode.failure
        }
        if json { print(#"{"ok": true, "output": \#(jsonString(output))}"#) } else { print("built \(output)") }
    }
}

/// `miniport inspect`: what a miniport registers, like `!drvobj`.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show DriverEntry, the DRIVER_OBJECT dispatch table and the HW_INITIALIZATION_DATA a miniport registers."
    )

    @Argument(help: "Miniport .so or .c file.")
    var path: String

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ is (default: found from here).")
    var sdkRoot: String?

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    struct Output: Codable {
        struct Dispatch: Codable {
            var major: String
            var owner: String
            var routine: String
        }
        var path: String
        var driverEntry: String
        var driverEntryStatus: String
        /// scsiport or storport (which Initialize DriverEntry called), absent if neither.
        var model: String?
        var dispatch: [Dispatch]
        var registrations: [ScsiPortDriverRegistration]
        var log: [String]
    }

    func run() throws {
        let root = try? SDKLocator.root(explicit: sdkRoot)
        guard FileManager.default.fileExists(atPath: path) else { throw ValidationError("\(path): no such file") }
        let image: String
        if path.hasSuffix(".c") {
            guard let root else { throw ValidationError("cannot build \(path): SDK not found (pass --sdk-root)") }
            image = try MiniportBuilder.soPath(for: path, sdkRoot: root)
        } else {
            image = path
        }
        defer { if image != path { try? FileManager.default.removeItem(atPath: image) } }
        let driver: PortDriver
        do {
            driver = try PortDriver.inspect(path: image)
        } catch {
            if json { print(#"{"error": \#(jsonString("\(error)"))}"#) } else { print("error: \(error)") }
            throw ExitCode.failure
        }
        let entry = driver.image.symbol("DriverEntry").map { "0x" + String(UInt(bitPattern: $0), radix: 16) } ?? "?"
        let output = Output(
            path: path, driverEntry: entry,
            driverEntryStatus: "0x" + String(driver.driverEntryStatus ?? 0, radix: 16, uppercase: true),
            model: driver.model?.rawValue,
            dispatch: driver.driverObject.majorFunctions.map { .init(major: $0.name, owner: $0.owner, routine: $0.routine) },
            registrations: driver.registrations.map(ScsiPortDriverRegistration.init),
            log: driver.log.map(\.description))
        if json {
            print(try prettyJSON(output))
            return
        }
        var text = "Driver object for \(path)\n"
        text += "DriverEntry: \(entry)  returned \(output.driverEntryStatus)\n"
        switch driver.model {
        case .scsiPort: text += "Model: SCSI Port miniport (ScsiPortInitialize)\n"
        case .storPort: text += "Model: StorPort miniport (StorPortInitialize) — not supported yet: the StorPort driver is not implemented\n"
        case nil: text += "Model: unknown (DriverEntry called neither ScsiPortInitialize nor StorPortInitialize)\n"
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
        print(text, terminator: "")
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
