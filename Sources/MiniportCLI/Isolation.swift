import ArgumentParser
import Foundation
import MiniportKit

#if canImport(Glibc)
import Glibc
#endif

/// One exit-status table for every command (README, "Exit status").
enum ExitStatus: Int32 {
    /// Everything asked for was done and checked.
    case ok = 0
    /// A check failed: a rule broken, a mismatch, a miniport that did not load or crashed.
    case checkFailed = 1
    /// The device returned an error (`raw`: a command did not end with SRB_STATUS_SUCCESS).
    case deviceError = 2
    /// Bad input: options, paths, files, specifications.
    case badInput = 64
    /// The tool itself failed (a child could not be started, a temporary file not written).
    case internalError = 70

    var code: ExitCode { ExitCode(rawValue) }
}

/// A failure with the exit status it stands for, reported in the command's output format.
struct CommandFailure: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String
    var violations: [Violation] = []
    var miniportOutput: String?
    var compilerOutput: String?
    var description: String { message }
}

/// What every command prints with `--json` when it cannot print its own document.
struct ErrorDocument: Codable {
    var error: String
    var status: Int32
    var violations: [Violation]?
    var miniportOutput: String?
    var compilerOutput: String?
}

/// The machine options `run`, `verify` and `raw` share.
struct MachineOptions: ParsableArguments {
    @Option(name: .long, help: "A disk: ram:SIZE[:BLOCKSIZE] or an image path (repeatable).")
    var disk: [String] = []

    @Option(name: .long,
            help: ArgumentHelp("The storage controller the disks are behind.",
                               discussion: "phba (the project's HBA, docs/hba-spec.md), virtio-blk or virtio-scsi "
                                   + "(transitional virtio PCI devices), virtio-blk-modern or virtio-scsi-modern "
                                   + "(modern-only), buslogic (BT-958); docs/virtio-spec.md, docs/buslogic-spec.md.",
                               valueName: "kind"))
    var hba: String = AdapterKind.phba.rawValue

    @Option(name: .customLong("pci-id"), help: "The controller's PCI vendor:device IDs, hexadecimal (VVVV:DDDD).")
    var pciID: String?

    @Flag(name: .customLong("no-msi"),
          help: "Grant no MSI-X messages: a StorPort adapter uses its INTx line (MSISupported = 0).")
    var noMSI = false

    @Flag(name: .customLong("device-threads"),
          help: ArgumentHelp("Devices that can run beside the CPU do, each on a thread of its own.",
                             discussion: "Off by default: the deterministic device. The project's HBA consumes its request "
                                 + "ring there; a virtio device its queues while MSI-X is enabled (a driver on INTx gets "
                                 + "the inline device). BusLogic stays inline."))
    var deviceThreads = false

    @Flag(name: .customLong("concurrent"),
          help: ArgumentHelp("StorPort runs the concurrent engine for a miniport that asks for concurrent channels.",
                             discussion: "Its routines run without the adapter's engine lock, under real StorPort locks: "
                                 + "HwStartIo on several channels at once, HwMSInterruptRoutine for different messages "
                                 + "at once. Off by default: one routine at a time (deterministic)."))
    var concurrent = false

    @Option(name: .customLong("processors"),
            help: ArgumentHelp("Virtual processors of the machine (1...64).",
                               discussion: "What KeQueryActiveProcessorCount and StorPortGetGroupAffinity report; StorPort "
                                   + "passes a request in its submitting processor's concurrent channel, and the normal "
                                   + "pass issues its I/O from each processor in turn."))
    var processors = 1

    @Option(name: .customLong("param"),
            help: ArgumentHelp("A registry value StorPort adapters read: NAME=VALUE (repeatable).",
                               discussion: "VALUE: a number (REG_DWORD, or REG_QWORD above 32 bits) or text (REG_SZ); "
                                   + "dword:N, qword:N, sz:TEXT or binary:HEX force the type."))
    var param: [String] = []

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ and Examples/ are (default: found from here).")
    var sdkRoot: String?

    @Option(name: .customLong("tmh-dir"),
            help: "Directory of WPP .tmh files for a .c miniport, instead of generated stand-ins (docs/wpp.md).")
    var tmhDir: String?

    /// The `--hba` kind, or the project's HBA when it does not parse (``runner(miniport:)`` reports that).
    var adapterKind: AdapterKind { (try? AdapterKind.parse(hba)) ?? .phba }

    /// A runner for `miniport` (nil: the bundled example) with these options; bad specs are usage errors.
    func runner(miniport: String?) throws -> MiniportRunner {
        var runner = MiniportRunner(miniportPath: miniport, sdkRoot: sdkRoot)
        do {
            if !disk.isEmpty { runner.disks = try disk.map { try MiniportRunner.DiskSpec(parsing: $0) } }
            runner.adapter = try AdapterKind.parse(hba)
            if let pciID { runner.pciID = try MiniportRunner.parsePCIID(pciID) }
            if noMSI { runner.parameters.messageSignaledInterrupts = false }
            runner.deviceThreads = deviceThreads
            runner.concurrentStorPort = concurrent
            guard (1...Machine.processorLimit).contains(processors) else {
                throw ValidationError("--processors \(processors): a machine has 1...\(Machine.processorLimit) processors")
            }
            runner.processors = processors
            try runner.adapter.check(diskCount: runner.disks.count, pciID: runner.pciID)
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
        var arguments: [String] = disk.flatMap { ["--disk", $0] } + ["--hba", hba]
        if let pciID { arguments += ["--pci-id", pciID] }
        if noMSI { arguments.append("--no-msi") }
        if deviceThreads { arguments.append("--device-threads") }
        if concurrent { arguments.append("--concurrent") }
        if processors != 1 { arguments += ["--processors", String(processors)] }
        arguments += param.flatMap { ["--param", $0] }
        if let sdkRoot { arguments += ["--sdk-root", sdkRoot] }
        return arguments
    }
}

extension MiniportBuildTarget: ExpressibleByArgument {}

/// `--target` (alias `--build-target`): what a `.c` miniport is built into, shared by `build`
/// and every command that builds a `.c` on the fly (`run`, `verify`, `inspect`, `soak`; `raw`,
/// whose `--target` is the SCSI target ID, takes ``RawBuildTargetOptions``).
struct BuildTargetOptions: ParsableArguments {
    /// The one help text of the option, whatever its name.
    static let help = ArgumentHelp(
        "What a .c miniport is built into: linux (a .so with the import stub, system cc) or windows "
            + "(a PE32+ .sys driver image, the Swift toolchain's clang and lld-link).",
        discussion: "No effect on a prebuilt image. windows: the image imports from ntoskrnl.exe, hal.dll, "
            + "scsiport.sys and storport.sys (docs/wdk-headers.md, \"Windows driver images\").",
        valueName: "linux|windows")

    @Option(name: [.customLong("target"), .customLong("build-target")], help: help)
    var target: MiniportBuildTarget = .linux
}

/// `--build-target` alone, for `raw` (its `--target` is the SCSI target ID).
struct RawBuildTargetOptions: ParsableArguments {
    @Option(name: .customLong("build-target"), help: BuildTargetOptions.help)
    var target: MiniportBuildTarget = .linux
}

/// Options for running the miniport in a supervised child process (docs/isolation.md).
struct IsolationOptions: ParsableArguments {
    @Flag(name: .customLong("in-process"),
          help: "Run the miniport in this process (no crash isolation, no sandbox: for a debugger).")
    var inProcess = false

    @Option(name: .customLong("time-limit"), parsing: .unconditional,
            help: "Wall-clock seconds the child running the miniport may take (default 120; soak: 3600).")
    var timeLimit: Double?

    @Option(name: .customLong("memory-limit"), parsing: .unconditional,
            help: "Address space the child may map, in MiB (default 16384; 0 for no limit).")
    var memoryLimit: Int = 16_384

    /// Set in the child a supervisor starts.
    @Flag(name: .customLong("isolated-child"), help: .hidden)
    var isolatedChild = false

    /// In the child: the .so the supervisor built from a .c source (the report names the source).
    @Option(name: .customLong("prebuilt-image"), help: .hidden)
    var prebuiltImage: String?

    func validate() throws {
        if let timeLimit, !(timeLimit > 0 && timeLimit <= 86_400) {
            throw ValidationError("--time-limit \(timeLimit.formatted()): expected seconds above 0 and at most 86400")
        }
        guard memoryLimit >= 0, memoryLimit <= 1 << 30 else {
            throw ValidationError("--memory-limit \(memoryLimit): expected MiB from 0 (no limit) to \(1 << 30)")
        }
    }

    /// The options a child needs again.
    var childArguments: [String] {
        ["--isolated-child", "--memory-limit", String(memoryLimit)] + (timeLimit.map { ["--time-limit", String($0)] } ?? [])
    }

    /// In the child: connects to the supervisor, runs `work` and sends what it returned (or the
    /// failure it threw), then exits with the answer's status. Never returns.
    func serveChild<T: Codable>(_ work: () throws -> Answer<T>) -> Never {
        do {
            try IsolatedChild.connect()
        } catch {
            send(Answer<T>(failure: CommandFailure(status: .internalError, message: "\(error)")))
        }
        let answer: Answer<T>
        do {
            answer = try work()
        } catch let failure as CommandFailure {
            answer = Answer(failure: failure)
        } catch {
            answer = Answer(failure: CommandFailure(status: .checkFailed, message: "\(error)"))
        }
        send(answer)
    }

    private func send<T: Codable>(_ answer: Answer<T>) -> Never {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let data = try? encoder.encode(answer) { IsolatedChild.sendResult(data) }
        fflush(nil)
        Glibc.exit(answer.status)
    }

    /// Runs this executable with `arguments` in a supervised child and decodes its answer; a
    /// child that ended without one (crash, exit, time limit) becomes its violation.
    /// `defaultTimeLimit` applies when `--time-limit` was not given.
    func supervise<T: Codable>(_ arguments: [String], what: String, as _: T.Type, defaultTimeLimit: Double = 120,
                               progress: ((String) -> Void)?) throws(CommandFailure) -> Supervised<T> {
        let timeLimit = self.timeLimit ?? defaultTimeLimit
        let executable: String
        do {
            executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        } catch {
            throw CommandFailure(status: .internalError, message: "cannot find this executable (/proc/self/exe)")
        }
        var process = IsolatedProcess(executable: executable, arguments: arguments + childArguments,
                                      timeLimit: timeLimit, memoryLimit: UInt64(memoryLimit) << 20)
        process.progress = progress
        let outcome: IsolatedProcess.Outcome
        do {
            outcome = try process.run()
        } catch {
            throw CommandFailure(status: .internalError, message: "\(error)")
        }
        let output = outcome.output.isEmpty ? nil : String(decoding: outcome.output, as: UTF8.self)
        var supervised = Supervised<T>(answer: nil, violation: nil, miniportOutput: output)
        if let data = outcome.result {
            supervised.answer = try? JSONDecoder().decode(Answer<T>.self, from: data)
            if supervised.answer == nil {
                supervised.violation = Violation(rule: VerifierRule.miniportExited.rawValue, code: nil, mode: outcome.mode,
                                                 routine: outcome.routine ?? "port",
                                                 detail: "the process running the miniport sent an unreadable report "
                                                    + "during the \(what)", time: 0)
            }
        }
        if supervised.violation == nil {
            var ended = outcome
            if supervised.answer == nil { ended.result = nil }
            supervised.violation = IsolatedProcess.violation(for: ended, scenario: what, timeLimit: timeLimit)
        }
        return supervised
    }
}

/// What a child sends back: the command's document, or the failure it ended with.
struct Answer<T: Codable>: Codable {
    var value: T?
    var error: String?
    var status: Int32
    var violations: [Violation]?

    init(value: T, status: ExitStatus = .ok) {
        self.value = value
        self.status = status.rawValue
    }

    init(failure: CommandFailure) {
        error = failure.message
        status = failure.status.rawValue
        violations = failure.violations.isEmpty ? nil : failure.violations
    }

    var failure: CommandFailure? {
        error.map { CommandFailure(status: ExitStatus(rawValue: status) ?? .checkFailed, message: $0,
                                   violations: violations ?? []) }
    }
}

/// A supervised child's answer, the violation its end stands for, and what it printed.
struct Supervised<T: Codable> {
    var answer: Answer<T>?
    var violation: Violation?
    var miniportOutput: String?

    /// The child's document, or the failure to report (its own, or the violation's).
    func value() throws(CommandFailure) -> T {
        if let violation {
            throw CommandFailure(status: .checkFailed, message: violation.detail,
                                 violations: (answer?.violations ?? []) + [violation], miniportOutput: miniportOutput)
        }
        guard let answer else {
            throw CommandFailure(status: .internalError, message: "the child process sent no answer",
                                 miniportOutput: miniportOutput)
        }
        if var failure = answer.failure {
            failure.miniportOutput = miniportOutput
            throw failure
        }
        guard let value = answer.value else {
            throw CommandFailure(status: .internalError, message: "the child process sent an empty answer",
                                 miniportOutput: miniportOutput)
        }
        return value
    }
}

/// A miniport given on the command line, ready to load: made absolute (so that `dlopen` never
/// searches the library path for a bare name), checked, and built first when it is a `.c`.
struct PreparedMiniport {
    /// What the user named (absolute), for reports.
    var source: String
    /// The loadable image: `source`, or a .so built from it (removed by ``remove()``).
    var image: String
    /// The compiler's warnings for a built source.
    var compilerOutput: String?

    /// `path` (nil: the bundled example for `example`'s controller) made absolute, checked and built.
    static func prepare(_ path: String?, sdkRoot: String?, tmhDirectory: String? = nil,
                        target: MiniportBuildTarget = .linux, example: AdapterKind = .phba,
                        verbose: ((String) -> Void)? = nil) throws(CommandFailure)
        -> PreparedMiniport {
        let source: String
        if let path {
            source = absolutePath(path)
        } else {
            do {
                source = try SDKLocator.example(example.exampleMiniport, root: SDKLocator.root(explicit: sdkRoot)).path
            } catch {
                throw CommandFailure(status: .badInput, message: "\(error)")
            }
        }
        guard source.hasSuffix(".c") else {
            try checkMiniportFile(source)
            try prepareWindowsBridge(for: source, sdkRoot: sdkRoot)
            return PreparedMiniport(source: source, image: source)
        }
        guard FileManager.default.isReadableFile(atPath: source) else {
            throw CommandFailure(status: .badInput, message: "\(source): no such file or not readable")
        }
        let root: URL
        do {
            root = try SDKLocator.root(explicit: sdkRoot)
        } catch {
            throw CommandFailure(status: .badInput, message: "cannot build \(source): \(error)")
        }
        do {
            let built = try MiniportBuilder.buildTemporary(source: source, sdkRoot: root, tmhDirectory: tmhDirectory,
                                                           target: target, verbose: verbose)
            try prepareWindowsBridge(for: built.image, sdkRoot: sdkRoot)
            return PreparedMiniport(source: source, image: built.image,
                                    compilerOutput: built.output.isEmpty ? nil : built.output)
        } catch let failure as CommandFailure {
            throw failure
        } catch MiniportRunner.RunnerError.buildFailed(let output) {
            throw CommandFailure(status: .checkFailed, message: "building \(source) failed", compilerOutput: output)
        } catch MiniportRunner.RunnerError.toolchainNotFound(let reason) {
            throw CommandFailure(status: .badInput, message: "cannot build \(source): \(reason)")
        } catch {
            throw CommandFailure(status: .internalError, message: "cannot build \(source): \(error)")
        }
    }

    func remove() {
        if image != source { try? FileManager.default.removeItem(atPath: image) }
    }
}

/// A `.sys` imports from the Windows-image bridge, which is compiled on first use: here, before
/// any supervised child starts (the child's sandbox runs no compiler), so the child only opens
/// the cached library.
func prepareWindowsBridge(for image: String, sdkRoot: String?) throws(CommandFailure) {
    guard (try? MiniportImageFile.check(path: image)) == .pe else { return }
    do {
        _ = try WindowsBridge.library(sdkRoot: SDKLocator.root(explicit: sdkRoot))
    } catch {
        throw CommandFailure(status: .internalError, message: "\(image): \(error)")
    }
}

/// `path` made absolute against the working directory, normalized.
func absolutePath(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
}

/// Refuses a miniport file that is missing, unreadable, not a regular file or not an x86-64 ELF
/// shared object, in words (the loader's own check, run before any child starts).
func checkMiniportFile(_ path: String) throws(CommandFailure) {
    do {
        try MiniportImageFile.check(path: path)
    } catch {
        throw CommandFailure(status: .badInput, message: "\(error)")
    }
}

/// `value` as the pretty-printed, key-sorted JSON every command prints.
func prettyJSON<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}

/// Prints `failure` in the command's format (one JSON document with `--json`, else text on
/// standard error) and exits with its status.
func report(_ failure: CommandFailure, json: Bool) -> Never {
    if json {
        let document = ErrorDocument(error: failure.message, status: failure.status.rawValue,
                                     violations: failure.violations.isEmpty ? nil : failure.violations,
                                     miniportOutput: failure.miniportOutput, compilerOutput: failure.compilerOutput)
        print((try? prettyJSON(document)) ?? #"{"error": "cannot encode the error"}"#)
    } else {
        if let output = failure.compilerOutput { FileHandle.standardError.write(Data(output.utf8)) }
        if let output = failure.miniportOutput { FileHandle.standardError.write(Data(miniportOutputBlock(output).utf8)) }
        for violation in failure.violations { print("violation \(violation)") }
        FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
        if !failure.violations.isEmpty { print("result    FAILED") }
    }
    fflush(nil)
    Glibc.exit(failure.status.rawValue)
}

/// The miniport's own output, framed, for text mode (on standard error).
func miniportOutputBlock(_ output: String) -> String {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
    let body = (output.hasSuffix("\n") ? lines.dropLast() : lines[...]).map { "  | " + $0 }.joined(separator: "\n")
    return "miniport output:\n" + body + "\n"
}

/// `--trace FILE`, shared by `run`, `verify` and `bench`.
struct TraceOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Write a Chrome trace-event JSON file: every SRB's lifetime and every miniport routine call.",
        discussion: "Open it in https://ui.perfetto.dev or chrome://tracing. One process per driver (normal, dump "
            + "copies, rebooted), one track per adapter and per logical unit.",
        valueName: "FILE"))
    var trace: String?

    func validate() throws {
        guard let trace else { return }
        // Refuse an unwritable path now, before anything runs.
        let fd = open(trace, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ValidationError("--trace \(trace): \(String(cString: strerror(errno)))") }
        close(fd)
    }

    /// A recorder when --trace was given.
    func recorder() -> TraceRecorder? { trace == nil ? nil : TraceRecorder() }

    /// Writes `data` to the --trace file; a failure is reported, not fatal.
    func write(_ data: Data) {
        guard let trace else { return }
        if let problem = writeFile(trace, data) {
            FileHandle.standardError.write(Data("warning: cannot write the trace to \(trace): \(problem)\n".utf8))
        }
    }
}

/// Writes `data` to `path` (created or truncated); the reason in words on failure.
func writeFile(_ path: String, _ data: Data) -> String? {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    defer { close(fd) }
    return data.withUnsafeBytes { raw -> String? in
        var offset = 0
        while offset < raw.count {
            let written = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return String(cString: strerror(errno))
            }
            offset += written
        }
        return nil
    }
}
