import ArgumentParser
import Foundation
import MiniportKit

/// `miniport run`: the main job.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Load a miniport, bring up the emulated HBA, scan, and run a verified read/write pass.",
        discussion: """
            PATH is a miniport .so or a .c source (built with cc, the SDK headers and the import stub). \
            Without --miniport the bundled example C miniport (Examples/PhbaMiniport/phba.c) is built and run. \
            Each --disk is ram:SIZE[:BLOCKSIZE] (e.g. ram:64M, ram:1G:4096) or the path of a raw image \
            (append :ro for read-only); default: one ram:64M disk. After the read/write pass the run crashes the \
            machine: the dump copy of the miniport (dump_<name>.so, polled) writes a 4 MiB memory image over a \
            dump area on the first disk, and after a reboot the normal path validates it (--no-dump skips this). \
            Exit status 0 only if everything succeeded.
            """
    )

    @Option(name: .long, help: "Miniport .so or .c file (default: the bundled example).")
    var miniport: String?

    @OptionGroup var machine: MachineOptions

    @Flag(name: .customLong("no-dump"), help: "Skip the crash-dump step.")
    var noDump = false

    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @OptionGroup var isolation: IsolationOptions

    @OptionGroup var tracing: TraceOptions

    func run() throws {
        var runner = try machine.runner(miniport: miniport)
        runner.crashDump = !noDump
        if !isolation.inProcess && !isolation.isolatedChild { return try supervise() }
        isolation.installReporterIfChild()
        runner.trace = tracing.recorder()
        defer { if let trace = runner.trace { tracing.write(trace.jsonData()) } }
        if !json {
            runner.progress = { line in FileHandle.standardError.write(Data(("… " + line + "\n").utf8)) }
        }
        let report: MiniportRunner.Report
        do {
            report = try runner.run()
        } catch {
            if json {
                print(#"{"error": \#(jsonString(String(describing: error)))}"#)
            } else {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
            throw ExitCode.failure
        }
        if json {
            print(try prettyJSON(report))
        } else {
            print(Self.text(report), terminator: "")
        }
        if !report.succeeded { throw ExitCode.failure }
    }

    /// Runs this same command in a child process and relays what it printed and its exit
    /// status; if the miniport killed the child or it ran out of time, reports that instead.
    private func supervise() throws {
        let outcome: IsolatedProcess.Outcome
        do {
            outcome = try isolation.runChild(Array(CommandLine.arguments.dropFirst()))
        } catch {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
        FileHandle.standardOutput.write(outcome.output)
        if case .exited(let status) = outcome.termination {
            if status != 0 { throw ExitCode(status) }
            return
        }
        let violation = IsolatedProcess.violation(for: outcome, scenario: "run", timeLimit: isolation.timeLimit)!
        if json {
            let violations = try prettyJSON([violation])
            print(#"{"error": \#(jsonString(violation.detail)), "violations": \#(violations)}"#)
        } else {
            print("violation \(violation)\nresult    FAILED")
        }
        throw ExitCode.failure
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

func jsonString(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    let data = (try? encoder.encode(text)) ?? Data("\"\"".utf8)
    return String(decoding: data, as: UTF8.self)
}
