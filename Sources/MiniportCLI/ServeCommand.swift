import ArgumentParser
import Foundation
import MiniportKit

#if canImport(Glibc)
import Glibc
#endif

/// `miniport serve --nbd`: the first disk of a machine, driven by the miniport, as an NBD
/// export that qemu-img, nbdinfo, nbdcopy, nbdfuse or the kernel's nbd-client use
/// (docs/nbd.md).
///
/// Like `run`, the miniport runs in a supervised child: the child creates the listening socket
/// (before it enters the sandbox, which forbids creating network sockets), boots the machine
/// and serves; the supervisor prints the child's `nbd: serving …` line on standard output and
/// everything else it reports on standard error.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the first disk of a miniport-driven machine over NBD (Unix socket or loopback TCP).",
        discussion: """
            Every request goes NBD → disk class → port → miniport → emulated device, with the verifier on. \
            When ready, prints one line `nbd: serving EXPORT (BYTES bytes) on URI` on standard output. \
            Image disks are written in place (append :ro for a read-only export). Rules the miniport breaks are \
            printed on standard error as they happen; if the port stops the adapter, the export ends (clients get \
            NBD_EIO) and the exit status is 1. Exit status 0 when --exit-after ended the server with no rule \
            broken; SIGTERM or Ctrl-C stops it (the child follows). See docs/nbd.md.
            """
    )

    @Flag(name: .long, help: "Serve over NBD (the only protocol; implied).")
    var nbd = false

    @Option(name: .long, help: ArgumentHelp("Listen on this Unix socket path.", valueName: "path"))
    var socket: String?

    @Option(name: .long, help: ArgumentHelp("Listen on this TCP port of 127.0.0.1 (0: any free port).", valueName: "n"))
    var port: Int?

    @Option(name: .long, help: "Miniport image (.so or .sys, by content) or .c file (default: the bundled example for --hba).")
    var miniport: String?

    @OptionGroup var machine: MachineOptions

    @OptionGroup var build: BuildTargetOptions

    @Flag(name: .customLong("read-only"), help: "Export read-only: writes, trims and write-zeroes get EPERM.")
    var readOnly = false

    @Option(name: .customLong("exit-after"), help: ArgumentHelp("Exit after this many client connections have ended.", valueName: "n"))
    var exitAfter: Int?

    @Option(name: .customLong("export-name"), help: "The export's name (NBD_OPT_LIST); the empty default name is accepted too.")
    var exportName = "miniport"

    @OptionGroup var isolation: IsolationOptions

    /// What the child answers when the server ends.
    struct Report: Codable {
        var export: String
        var bytes: UInt64
        var uri: String
        var connections: Int
        var requests: Int
        var ending: String
        var failed: Bool
        var violations: [Violation]
    }

    func validate() throws {
        guard (socket == nil) != (port == nil) else { throw ValidationError("give exactly one of --socket PATH and --port N") }
        if let port, !(0...65535).contains(port) { throw ValidationError("--port \(port): expected 0 to 65535") }
        if let exitAfter, exitAfter < 1 { throw ValidationError("--exit-after \(exitAfter): expected at least 1") }
        guard exportName.utf8.count <= 4096, !exportName.utf8.contains(0) else {
            throw ValidationError("--export-name: at most 4096 bytes, no NUL")
        }
    }

    var address: NBDServer.Address {
        if let socket { return .unix(absolutePath(socket)) }
        return .tcp(port: UInt16(port ?? 0))
    }

    func run() throws {
        var runner = try machine.runner(miniport: miniport)
        runner.writesReachImages = true
        let readOnly = self.readOnly || runner.disks.first.map {
            if case .image(_, _, true) = $0 { return true } else { return false }
        } ?? false
        if isolation.isolatedChild {
            runner.prebuiltImage = isolation.prebuiltImage
            // Bound before the sandbox (which refuses network sockets); a failure is the answer.
            let listener = Result { () throws(NBDServer.ServerError) in try NBDServer.bind(address) }
                .mapError { CommandFailure(status: .badInput, message: $0.description) }
            Self.watchParent()
            isolation.serveChild {
                let report = try serve(runner, listener: listener.get(), readOnly: readOnly,
                                       say: { IsolatedChild.sendProgress($0) })
                return Answer(value: report, status: report.failed || !report.violations.isEmpty ? .checkFailed : .ok)
            }
        }
        do {
            let prepared = try PreparedMiniport.prepare(miniport, sdkRoot: machine.sdkRoot, tmhDirectory: machine.tmhDir,
                                                        target: build.target, example: machine.adapterKind)
            defer { prepared.remove() }
            if let warnings = prepared.compilerOutput { FileHandle.standardError.write(Data(warnings.utf8)) }
            let report: Report
            if isolation.inProcess {
                runner.miniportPath = prepared.source
                runner.prebuiltImage = prepared.image
                let listener: NBDServer.Listener
                do {
                    listener = try NBDServer.bind(address)
                } catch {
                    throw CommandFailure(status: .badInput, message: error.description)
                }
                report = try serve(runner, listener: listener, readOnly: readOnly, say: Self.say)
            } else {
                Self.defaultTerminationSignals()
                var arguments = ["serve", "--miniport", prepared.source, "--prebuilt-image", prepared.image,
                                 "--export-name", exportName] + machine.arguments
                if let socket { arguments += ["--socket", absolutePath(socket)] }
                if let port { arguments += ["--port", String(port)] }
                if self.readOnly { arguments.append("--read-only") }
                if let exitAfter { arguments += ["--exit-after", String(exitAfter)] }
                let supervised = try isolation.supervise(arguments, what: "serve", as: Report.self,
                                                         defaultTimeLimit: 86_400 * 365, progress: Self.say)
                report = try supervised.value()
                if let output = supervised.miniportOutput {
                    FileHandle.standardError.write(Data(miniportOutputBlock(output).utf8))
                }
            }
            print("nbd: ended (\(report.ending)): \(report.connections) connection(s), \(report.requests) request(s)")
            for violation in report.violations { print("violation \(violation)") }
            fflush(nil)
            if report.failed || !report.violations.isEmpty { throw ExitStatus.checkFailed.code }
        } catch let failure as CommandFailure {
            report(failure, json: false)
        }
    }

    /// The ready line on standard output (flushed: scripts wait for it), the rest on standard error.
    static let say: @Sendable (String) -> Void = { line in
        if line.hasPrefix("nbd: serving ") {
            print(line)
            fflush(nil)
        } else {
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// In the child: boots, serves until the server ends, unloads.
    private func serve(_ runner: MiniportRunner, listener: NBDServer.Listener, readOnly: Bool,
                       say: @escaping @Sendable (String) -> Void) throws -> Report {
        let session: MiniportRunner.Session
        let device: DiskClassBlockDevice
        do {
            session = try runner.boot()
            device = try DiskClassBlockDevice(session: session, readOnly: readOnly)
        } catch MiniportRunner.RunnerError.load(let reason, let violations) {
            close(listener.descriptor)
            throw CommandFailure(status: .checkFailed, message: reason, violations: violations)
        } catch {
            close(listener.descriptor)
            throw CommandFailure(status: .checkFailed, message: "\(error)")
        }
        device.violationHandler = { violation in say("nbd: violation \(violation)") }
        var configuration = NBDServer.Configuration()
        configuration.exportName = exportName
        configuration.exportDescription = "\(session.name) on \(machine.hba)"
        configuration.exitAfterConnections = exitAfter
        let server = NBDServer(device: device, configuration: configuration)
        server.log = { line in
            if line.hasPrefix("nbd: device error") || line.contains("protocol error") { say(line) }
        }
        server.use(listener)
        let uri = server.uri(for: listener.address)
        say("nbd: serving \(exportName) (\(device.size) bytes) on \(uri)" + (readOnly ? " (read-only)" : ""))
        let ending = server.serve()
        let failed: Bool
        let text: String
        switch ending {
        case .stopped: (failed, text) = (false, "stopped")
        case .connectionsEnded(let count): (failed, text) = (false, "\(count) connection(s) ended")
        case .deviceFailed(let reason): (failed, text) = (true, "the device failed: \(reason)")
        }
        if failed { say("nbd: export ended: \(text)") }
        let violations = session.driver.violations + session.unload()
        return Report(export: exportName, bytes: device.size, uri: uri, connections: server.endedConnections,
                      requests: server.requestCount, ending: text, failed: failed, violations: violations)
    }

    /// A server runs until it is told to stop: SIGTERM, SIGINT and SIGHUP end the supervisor
    /// even when whoever started it left them ignored or blocked (the child then follows,
    /// ``watchParent()``).
    static func defaultTerminationSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in [SIGTERM, SIGINT, SIGHUP] {
            Glibc.signal(signal, SIG_DFL)
            sigaddset(&set, signal)
        }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// In the supervised child: exits when the supervisor is gone (killed without the chance
    /// to kill this process group), so that no orphan keeps the socket.
    static func watchParent() {
        let parent = getppid()
        let thread = Thread {
            while true {
                usleep(250_000)
                if getppid() != parent { _exit(70) }
            }
        }
        thread.name = "nbd-parent-watch"
        thread.start()
    }
}
