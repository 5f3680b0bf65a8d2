import ArgumentParser
import Foundation
import MiniportKit

/// `miniport run`: the main job.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Load a miniport, bring up the emulated HBA, scan, and run a verified read/write pass.",
        discussion: """
            PATH is a miniport .so or .sys (told apart by content) or a .c source (built with cc, the SDK headers and the import stub, or with --target windows into a .sys). \
            Without --miniport the bundled example C miniport for --hba (Examples/PhbaMiniport/phba.c for the \
            project's HBA) is built and run. \
            Each --disk is ram:SIZE[:BLOCKSIZE] (e.g. ram:64M, ram:1G:4096) or the path of a raw image \
            (append :ro for read-only); default: one ram:64M disk. After the read/write pass the run crashes the \
            machine: the dump copy of the miniport (dump_<name>.so, polled) writes a 4 MiB memory image over a \
            dump area on the first disk, and after a reboot the normal path validates it (--no-dump skips this). \
            Exit status 0 only if everything succeeded.
            """
    )

    @Option(name: .long, help: "Miniport image (.so or .sys, by content) or .c file (default: the bundled example).")
    var miniport: String?

    @OptionGroup var machine: MachineOptions

    @OptionGroup var build: BuildTargetOptions

    @Flag(name: .customLong("no-dump"), help: "Skip the crash-dump step.")
    var noDump = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var isolation: IsolationOptions

    @OptionGroup var tracing: TraceOptions

    /// What `--json` prints: the report, with what the miniport and the compiler printed.
    struct Document: Encodable {
        var report: MiniportRunner.Report
        var miniportOutput: String?
        var compilerOutput: String?

        enum Keys: String, CodingKey { case miniportOutput, compilerOutput }

        func encode(to encoder: any Encoder) throws {
            try report.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encodeIfPresent(miniportOutput, forKey: .miniportOutput)
            try container.encodeIfPresent(compilerOutput, forKey: .compilerOutput)
        }
    }

    func run() throws {
        var runner = try machine.runner(miniport: miniport)
        runner.crashDump = !noDump
        if isolation.isolatedChild {
            runner.prebuiltImage = isolation.prebuiltImage
            runner.progress = { IsolatedChild.sendProgress($0) }
            isolation.serveChild { try Answer(value: work(runner)) }
        }
        let progress: ((String) -> Void)? = json ? nil : { line in
            FileHandle.standardError.write(Data(("… " + line + "\n").utf8))
        }
        do {
            let prepared = try PreparedMiniport.prepare(miniport, sdkRoot: machine.sdkRoot, tmhDirectory: machine.tmhDir,
                                                        target: build.target, example: machine.adapterKind)
            defer { prepared.remove() }
            if let warnings = prepared.compilerOutput, !json { FileHandle.standardError.write(Data(warnings.utf8)) }
            var document: Document
            if isolation.inProcess {
                runner.miniportPath = prepared.source
                runner.prebuiltImage = prepared.image
                runner.progress = progress
                document = Document(report: try work(runner))
            } else {
                let arguments = ["run", "--miniport", prepared.source, "--prebuilt-image", prepared.image]
                    + machine.arguments + (noDump ? ["--no-dump"] : []) + (tracing.trace.map { ["--trace", $0] } ?? [])
                let supervised = try isolation.supervise(arguments, what: "run", as: MiniportRunner.Report.self,
                                                         progress: progress)
                document = Document(report: try supervised.value(), miniportOutput: supervised.miniportOutput)
            }
            document.compilerOutput = prepared.compilerOutput
            if json {
                print(try prettyJSON(document))
            } else {
                if let output = document.miniportOutput {
                    FileHandle.standardError.write(Data(miniportOutputBlock(output).utf8))
                }
                print(Self.text(document.report), terminator: "")
            }
            if !document.report.succeeded { throw ExitStatus.checkFailed.code }
        } catch let failure as CommandFailure {
            report(failure, json: json)
        }
    }

    /// The run itself, in whichever process runs the miniport.
    private func work(_ runner: MiniportRunner) throws -> MiniportRunner.Report {
        var runner = runner
        runner.trace = tracing.recorder()
        defer { if let trace = runner.trace { tracing.write(trace.jsonData()) } }
        do {
            return try runner.run()
        } catch MiniportRunner.RunnerError.load(let reason, let violations) {
            throw CommandFailure(status: .checkFailed, message: reason, violations: violations)
        } catch {
            throw CommandFailure(status: .checkFailed, message: "\(error)")
        }
    }

    static func text(_ report: MiniportRunner.Report) -> String {
        var out = "miniport  \(report.miniport.name)  (\(report.miniport.path))\n"
        for adapter in report.adapters {
            out += "adapter   PCI \(adapter.bus):\(adapter.slot)  \(adapter.pci)  \(adapter.devices.count) device(s)\n"
            for device in adapter.devices {
                let size = device.blockSize > 0 ? "  \(device.blocks) blocks x \(device.blockSize) B (\(megabytes(device.blocks * UInt64(device.blockSize))))" : ""
                out += "  device  \(device.path):\(device.target):\(device.lun)  type \(device.type)  \(device.vendor) \(device.product)\(size)\n"
            }
        }
        let io = report.io
        out += "verify    \(io.writes) writes, \(io.reads) reads, \(megabytes(io.bytes)) moved, \(io.mismatches) mismatches\n"
        if let dump = report.dump, dump.bytes == 0 {
            out += "dump      \(dump.mode): \(dump.image) did not write the image\n"
        } else if let dump = report.dump {
            out += "dump      \(dump.mode): \(dump.image) wrote \(megabytes(dump.bytes)) over \(dump.runs.count) runs of disk "
                + "\(dump.disk) in \(dump.requests) polled requests, \(dump.interrupts) interrupts; "
                + (dump.verified ? "verified (read back by \(dump.verifiedBy ?? "reboot"))\n" : "NOT verified\n")
        }
        for violation in report.violations { out += "violation \(violation)\n" }
        if let reason = report.dumpSkipped { out += "dump      skipped: \(reason)\n" }
        for error in report.errors { out += "error     \(error)\n" }
        out += report.succeeded ? "result    OK\n" : "result    FAILED\n"
        return out
    }

    static func megabytes(_ bytes: UInt64) -> String {
        bytes >= 1 << 20 ? String(format: "%.1f MiB", Double(bytes) / 1_048_576) : "\(bytes / 1024) KiB"
    }
}

