import ArgumentParser
import Foundation
import MiniportKit

/// `miniport raw`: SCSI commands through the port (pass-through).
struct RawCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "raw",
        abstract: "Send SCSI commands through the miniport (pass-through), one or a batch.",
        discussion: """
            --batch FILE (or - for standard input) runs one JSON object per line on the same machine, \
            {"cdb":"HEX","in":N} or {"cdb":"HEX","out":"HEX"}, with optional "target" and "lun" (default: \
            --target and --lun), and prints a JSON array of results in order. Every command is checked before \
            the machine starts. Exit status: 0 when every command ended with SRB_STATUS_SUCCESS, 2 when one \
            did not (its status and sense are in the output), 1 when the machine could not run, 64 for bad input.
            """
    )

    @Option(name: .long, help: "The CDB in hexadecimal (6 to 16 bytes).")
    var cdb: String?

    @Option(name: .customLong("in"), help: "Bytes to read from the device.")
    var inLength: Int?

    @Option(name: .customLong("out"), help: "Data to send to the device, hexadecimal.")
    var outData: String?

    @Option(name: .long, help: "Target ID.")
    var target: UInt8 = 0

    @Option(name: .long, help: "LUN.")
    var lun: UInt8 = 0

    @Option(name: .long, help: "Run a batch of commands from FILE (- for standard input).")
    var batch: String?

    @Option(name: .long, help: "Miniport .so or .c file (default: the bundled example).")
    var miniport: String?

    @OptionGroup var machine: MachineOptions

    @Flag(name: .long, help: "Print JSON (batch output is always JSON).")
    var json = false

    struct Command: Decodable {
        var cdb: String
        var `in`: Int?
        var out: String?
        var target: UInt8?
        var lun: UInt8?
    }

    struct Output: Codable {
        struct Sense: Codable {
            var key: Int
            var asc: Int
            var ascq: Int
        }
        var srbStatus: Int
        var scsiStatus: Int
        var sense: Sense?
        var data: String
    }

    func validate() throws {
        if batch == nil {
            guard cdb != nil else { throw ValidationError("--cdb is required (or --batch)") }
            if inLength != nil && outData != nil { throw ValidationError("--in and --out exclude each other") }
        }
    }

    func run() throws {
        var runner = try machine.runner(miniport: miniport)
        runner.writesReachImages = true   // a WRITE sent by hand is meant to land in the image
        let prepared: [Prepared]
        do {
            prepared = try Self.prepare(try readCommands())
        } catch let error as InputError {
            FileHandle.standardError.write(Data("error: \(error.text)\n".utf8))
            throw ExitCode(64)
        }
        let session: MiniportRunner.Session
        do {
            session = try runner.boot()
        } catch {
            if json || batch != nil {
                print(#"{"error": \#(jsonString("\(error)"))}"#)
            } else {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            }
            throw ExitCode.failure
        }
        guard let adapter = session.driver.adapters.first else { throw ExitCode.failure }
        var outputs: [Output] = []
        var allSucceeded = true
        for var command in prepared {
            let result = command.buffer.withUnsafeMutableBytes { raw in
                adapter.execute(.init(targetId: command.target, lun: command.lun, cdb: command.cdb,
                                      direction: command.direction, buffer: raw.isEmpty ? nil : raw))
            }
            allSucceeded = allSucceeded && result.succeeded
            let data = command.direction == .dataIn
                ? command.buffer.prefix(result.transferred).map { String(format: "%02x", $0) }.joined() : ""
            outputs.append(Output(
                srbStatus: Int(result.srbStatus), scsiStatus: Int(result.scsiStatus),
                sense: result.senseKey.map { Output.Sense(key: Int($0), asc: Int(result.asc ?? 0), ascq: Int(result.ascq ?? 0)) },
                data: data))
        }
        withExtendedLifetime(session) {}
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if batch != nil || json {
            let value: Data = batch != nil ? try encoder.encode(outputs) : try encoder.encode(outputs[0])
            print(String(decoding: value, as: UTF8.self))
        } else {
            let output = outputs[0]
            var text = "SRB status 0x\(String(output.srbStatus, radix: 16))  SCSI status 0x\(String(output.scsiStatus, radix: 16))"
            if let sense = output.sense {
                text += String(format: "  sense %02X/%02X/%02X", sense.key, sense.asc, sense.ascq)
            }
            print(text)
            if !output.data.isEmpty { print(output.data) }
        }
        if !allSucceeded { throw ExitCode(2) }
    }

    /// Bad input, reported before the machine starts.
    struct InputError: Error {
        var text: String
    }

    /// A command checked and ready to send.
    struct Prepared {
        var target: UInt8
        var lun: UInt8
        var cdb: [UInt8]
        var direction: PortAdapter.Request.Direction
        var buffer: [UInt8]
    }

    /// The commands to run, each with the line it came from (0 for the command line).
    func readCommands() throws -> [(line: Int, command: Command)] {
        guard let batch else {
            return [(0, Command(cdb: cdb!, in: inLength, out: outData, target: target, lun: lun))]
        }
        let data: Data?
        if batch == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: batch)
        }
        guard let data else { throw InputError(text: "\(batch): cannot be read") }
        var commands: [(line: Int, command: Command)] = []
        for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                var command = try JSONDecoder().decode(Command.self, from: Data(line.utf8))
                command.target = command.target ?? target
                command.lun = command.lun ?? lun
                commands.append((number + 1, command))
            } catch {
                throw InputError(text: "batch line \(number + 1): not a command object (\(error))")
            }
        }
        guard !commands.isEmpty else { throw InputError(text: "\(batch): no commands") }
        return commands
    }

    static func prepare(_ commands: [(line: Int, command: Command)]) throws -> [Prepared] {
        try commands.map { (line, command) in
            let at = line == 0 ? "" : "batch line \(line): "
            guard let cdb = hex(command.cdb), (6...16).contains(cdb.count) else {
                throw InputError(text: at + "cdb \(command.cdb): expected 6 to 16 bytes of hexadecimal")
            }
            if command.in != nil && command.out != nil { throw InputError(text: at + "in and out exclude each other") }
            var prepared = Prepared(target: command.target ?? 0, lun: command.lun ?? 0, cdb: cdb, direction: .none, buffer: [])
            if let out = command.out {
                guard let bytes = hex(out), !bytes.isEmpty else { throw InputError(text: at + "out \(out): not hexadecimal") }
                prepared.buffer = bytes
                prepared.direction = .dataOut
            } else if let length = command.in {
                guard length >= 0, length <= 16 << 20 else { throw InputError(text: at + "in \(length): 0 to 16 MiB") }
                prepared.buffer = [UInt8](repeating: 0, count: length)
                prepared.direction = length > 0 ? .dataIn : .none
            }
            return prepared
        }
    }

    static func hex(_ text: String) -> [UInt8]? {
        let clean = text.filter { !$0.isWhitespace }
        guard clean.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = clean.startIndex
        while index < clean.endIndex {
            let next = clean.index(index, offsetBy: 2)
            guard let byte = UInt8(clean[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
