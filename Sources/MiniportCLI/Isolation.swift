import ArgumentParser
import Foundation
import MiniportKit

/// The machine options `run` and `verify` share.
struct MachineOptions: ParsableArguments {
    @Option(name: .long, help: "A disk: ram:SIZE[:BLOCKSIZE] or an image path (repeatable).")
    var disk: [String] = []

    @Option(name: .customLong("pci-id"), help: "The emulated HBA's PCI vendor:device IDs, hexadecimal (VVVV:DDDD).")
    var pciID: String?

    @Option(name: .customLong("param"),
            help: ArgumentHelp("A registry value StorPort adapters read: NAME=VALUE (repeatable).",
                               discussion: "VALUE: a number (REG_DWORD, or REG_QWORD above 32 bits) or text (REG_SZ); "
                                   + "dword:N, qword:N, sz:TEXT or binary:HEX force the type."))
    var param: [String] = []

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ and Examples/ are (default: found from here).")
    var sdkRoot: String?

    /// A runner for `miniport` (nil: the bundled example) with these options; bad specs are usage errors.
    func runner(miniport: String?) throws -> MiniportRunner {
        var runner = MiniportRunner(miniportPath: miniport, sdkRoot: sdkRoot)
        do {
            if !disk.isEmpty { runner.disks = try disk.map { try MiniportRunner.DiskSpec(parsing: $0) } }
            if let pciID { runner.pciID = try MiniportRunner.parsePCIID(pciID) }
            for text in param {
                let (name, value) = try AdapterParameters.parse(text)
                runner.parameters[name] = value
            }
        } catch {
            throw ValidationError("\(error)")
        }
        return runner
    }

    /// The options again, as arguments for a child process.
    var arguments: [String] {
        disk.flatMap { ["--disk", $0] } + (pciID.map { ["--pci-id", $0] } ?? []) + param.flatMap { ["--param", $0] }
            + (sdkRoot.map { ["--sdk-root", $0] } ?? [])
    }
}

/// Options for running the work in a supervised child process.
struct IsolationOptions: ParsableArguments {
    @Flag(name: .customLong("in-process"),
          help: "Run the miniport in this process (no crash isolation: for a debugger).")
    var inProcess = false

    @Option(name: .customLong("time-limit"), help: "Wall-clock seconds a child process may run before it is stopped.")
    var timeLimit: Double = 120

    /// Set in the child a supervisor starts.
    @Flag(name: .customLong("isolated-child"), help: .hidden)
    var isolatedChild = false

    func validate() throws {
        guard timeLimit > 0, timeLimit <= 86_400 else {
            throw ValidationError("--time-limit must be a number of seconds above 0 and at most 86400")
        }
    }

    /// In a child: report a crash to the file the supervisor named.
    func installReporterIfChild() {
        guard isolatedChild, let path = ProcessInfo.processInfo.environment[IsolatedProcess.reportVariable] else { return }
        do {
            try CrashReporter.install(reportPath: path)
        } catch {
            FileHandle.standardError.write(Data("warning: \(error)\n".utf8))
        }
    }

    /// Runs this executable with `arguments` as a supervised child (see ``IsolatedProcess``).
    func runChild(_ arguments: [String]) throws -> IsolatedProcess.Outcome {
        try IsolatedProcess(executable: try Self.executable(), arguments: arguments + ["--isolated-child"],
                            timeLimit: timeLimit).run()
    }

    /// This executable, for starting a child.
    static func executable() throws -> String {
        do {
            return try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        } catch {
            throw ValidationError("cannot find this executable (/proc/self/exe): \(error)")
        }
    }
}

/// `value` as the pretty-printed, key-sorted JSON every command prints.
func prettyJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// `--trace FILE`, shared by `run`, `verify` and `bench`.
struct TraceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Write a Chrome trace-event JSON file: every SRB's lifetime and every miniport routine call.",
        discussion: "Open it in https://ui.perfetto.dev or chrome://tracing. One process per driver (normal, dump "
            + "copies, rebooted), one track per adapter and per logical unit.",
        valueName: "FILE"))
    var trace: String?

    /// A recorder when --trace was given.
    func recorder() -> TraceRecorder? { trace == nil ? nil : TraceRecorder() }

    /// Writes `data` to the --trace file; a failure is reported, not fatal.
    func write(_ data: Data) {
        guard let trace else { return }
        do {
            try data.write(to: URL(fileURLWithPath: trace))
        } catch {
            FileHandle.standardError.write(Data("warning: cannot write the trace to \(trace): \(error)\n".utf8))
        }
    }
}
