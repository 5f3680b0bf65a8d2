import ArgumentParser
import Foundation
import MiniportKit

@main
struct MiniportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "miniport",
        abstract: "Run Windows storage miniport drivers on Linux, in user space.",
        discussion: """
            Miniports are built as .so files against the WDK-named headers in CMiniportABI/include \
            and driven against an emulated PCI SCSI host bus adapter.
            """,
        subcommands: [RunCommand.self, VerifyCommand.self, RawCommand.self, BuildCommand.self, InspectCommand.self, ABICommand.self,
                      BenchCommand.self, SoakCommand.self, ServeCommand.self],
        defaultSubcommand: nil
    )

    /// Parses and runs like ArgumentParser's own `main`, except that with `--json` a usage
    /// error is one JSON document on standard output too (exit status 64, as in text).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch {
            let json = arguments.contains("--json") || (arguments.first == "raw" && arguments.contains("--batch"))
            let code = exitCode(for: error)
            guard json, !(error is ExitCode), code != .success else { exit(withError: error) }
            let document = ErrorDocument(error: message(for: error), status: code.rawValue)
            print((try? prettyJSON(document)) ?? #"{"error": "usage error"}"#)
            Foundation.exit(code.rawValue)
        }
    }
}

struct ABICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abi",
        abstract: "Print the Windows x64 layout of the compiled ABI headers.",
        discussion: """
            Structure sizes and alignments, field offsets and sizes, and bit-field positions, as \
            the compiler lays them out for a miniport built with these headers. The ABI tests check \
            every entry against the Windows x64 golden table.
            """
    )

    enum FamilyOption: String, ExpressibleByArgument, CaseIterable {
        case all, scsiport, storport
    }

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Option(name: .long, help: "Header family: all, scsiport (miniport.h/srb.h/scsi.h) or storport.")
    var family: FamilyOption = .all

    @Option(name: .long, parsing: .upToNextOption, help: "Only these structures (typedef names, e.g. SCSI_REQUEST_BLOCK).")
    var record: [String] = []

    @Flag(name: .long, help: "Also print the constants (SRB_*, SCSIOP_*, ...) and their values.")
    var constants = false

    func run() throws {
        let families: [HeaderFamily]
        switch family {
        case .all: families = HeaderFamily.allCases
        case .scsiport: families = [.scsiPort]
        case .storport: families = [.storPort]
        }
        let report = ABIReport(families: families, recordFilter: record, includeConstants: constants)
        if !record.isEmpty {
            let found = Set(report.families.flatMap { $0.records.map { $0.name.uppercased() } })
            let missing = record.filter { !found.contains($0.uppercased()) }
            if !missing.isEmpty {
                let scope = family == .all ? "either header family" : "the \(family.rawValue) headers"
                throw ValidationError("no such structure in \(scope): \(missing.joined(separator: ", "))")
            }
        }
        if json {
            struct Document: Encodable {
                var abi = "windows-x64"
                var families: [ABIReport.Family]
            }
            print(try prettyJSON(Document(families: report.families)))
        } else {
            print(report.text(), terminator: "")
        }
    }
}
