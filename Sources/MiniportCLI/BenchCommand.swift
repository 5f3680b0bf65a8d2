import ArgumentParser
import CMallocCounter
import Foundation
import MiniportKit

/// `miniport bench`: every workload next to its baseline, measured in one run (see
/// ``MiniportBench``). Build with `-c release`: a debug build measures the debug build.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure the emulated I/O path, crash dump and bring-up against baselines from the same run.",
        discussion: """
            Figures: qd1_4k_read (ns per 4 KiB read at queue depth 1, next to memcpy_4k), seq_1m_read (GB/s next to \
            memcpy), storport_qd32 (IOPS from 2 threads next to 1 thread), crash_dump_256m (GB/s next to pwrite to the \
            same file; crash_dump_256m_1thread with the checksums on the writing thread), bringup (ms next to dlopen), allocations_per_io (heap allocations per read in steady state), nbd_copy_64m (MB/s of nbdcopy from an in-process NBD export of the example's 64 MiB disk next to cp; skipped without nbdcopy). \
            Run it with `swift run -c release miniport bench`.
            """
    )

    @Flag(name: .long, help: "Print {\"results\": [{name, value, unit, baseline, ratio, …}]}.")
    var json = false

    @Option(name: .long, parsing: .unconditional, help: "Seconds each workload runs for.")
    var seconds: Double = 1

    @Option(name: .long, help: "Run only these workloads (qd1, seq, storport, crash, bringup, virtio, nbd, scaling; repeatable).")
    var only: [String] = []

    @Option(name: .long,
            help: ArgumentHelp("The controller qd1 and seq run on, with its example miniport (as for run).", valueName: "kind"))
    var hba: String = AdapterKind.phba.rawValue

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ and Examples/ are (default: found from here).")
    var sdkRoot: String?

    @OptionGroup var tracing: TraceOptions

    func validate() throws {
        guard seconds > 0, seconds <= 600 else { throw ValidationError("--seconds \(seconds.formatted()): expected above 0 and at most 600") }
        for name in only where MiniportBench.Workload(rawValue: name) == nil {
            throw ValidationError("--only \(name): expected one of "
                + MiniportBench.Workload.allCases.map(\.rawValue).joined(separator: ", "))
        }
        do {
            _ = try AdapterKind.parse(hba)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        var bench = MiniportBench(seconds: seconds, sdkRoot: sdkRoot)
        bench.adapter = (try? AdapterKind.parse(hba)) ?? .phba
        if MallocCounterIsAvailable() != 0 {
            bench.allocationCounter = .init(start: { MallocCounterStart() }, stop: { MallocCounterStop() })
        }
        if RefCountCounterIsAvailable() != 0 {
            bench.referenceCounter = .init(start: { RefCountCounterStart() }, stop: { RefCountCounterStop() })
        }
        if !json { bench.progress = { FileHandle.standardError.write(Data("… \($0)\n".utf8)) } }
        // --trace records the traced QD1 run (qd1_4k_read_traced).
        bench.trace = tracing.recorder()
        defer { if let trace = bench.trace { tracing.write(trace.jsonData()) } }
        #if DEBUG
        FileHandle.standardError.write(Data("note: a debug build; use `swift run -c release miniport bench`\n".utf8))
        #endif
        let results: [MiniportBench.Result]
        do {
            results = try bench.run(only.isEmpty ? MiniportBench.Workload.allCases : only.compactMap { .init(rawValue: $0) })
        } catch {
            report(CommandFailure(status: .internalError, message: "\(error)"), json: json)
        }
        if json {
            struct Output: Encodable { var results: [MiniportBench.Result] }
            print(try prettyJSON(Output(results: results)))
        } else {
            print(Self.table(results))
        }
    }

    static func table(_ results: [MiniportBench.Result]) -> String {
        func number(_ value: Double) -> String {
            value >= 100 ? String(format: "%.0f", value) : value >= 1 ? String(format: "%.2f", value) : String(format: "%.3f", value)
        }
        let rows = [["figure", "value", "baseline", "ratio", "target"]] + results.map { result in
            [result.name, number(result.value) + " " + result.unit,
             result.baseline.map { number($0) + " " + result.unit + " (" + (result.baselineName ?? "") + ")" } ?? "",
             result.ratio.map { String(format: "%.3f", $0) } ?? "",
             result.target.map { $0 + (result.met == true ? ": met" : ": missed") } ?? ""]
        }
        let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == 4 ? text : text.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }
}
