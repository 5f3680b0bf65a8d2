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
            --target and --lun), and prints {"results": [...]} in order. Every command is checked before \
            the machine starts. After the bus scan, the power-on UNIT ATTENTION of every device is consumed \
            with TEST UNIT READY, as a class driver does (--keep-unit-attention leaves it). The miniport runs \
            in a supervised child (see `miniport run --help`). Exit status: 0 when every command ended with \
            SRB_STATUS_SUCCESS, 2 when one did not (its status and sense are in the output), 1 when the \
            machine could not run or the miniport crashed, 64 for bad input, 70 for an internal error.
            """
    )

    @Option(name: .long, help: "The CDB in hexadecimal (6 to 16 bytes).")
    var cdb: String?

    @Option(name: .customLong("in"), help: "Bytes to read from the device.")
    var inLength: Int?

    @Option(name: .customLong("out"), help: "Data to send to the device, hexadecimal.")
    var outData: String?

    @Option(name: .long, parsing: .unconditional, help: "Target ID (0-255).")
    var target: Int = 0

    @Option(name: .long, parsing: .unconditional, help: "LUN (0-255).")
    var lun: Int = 0

    @Option(name: .long, help: "Run a batch of commands from FILE (- for standard input).")
    var batch: String?

    @Option(name: .long, help: "Miniport image (.so or .sys, by content) or .c file (default: the bundled example).")
    var miniport: String?

    @Flag(name: .customLong("keep-unit-attention"),
          help: "Leave the power-on UNIT ATTENTION for the first command (default: consumed after the bus scan, as a class driver does).")
    var keepUnitAttention = false

    @OptionGroup var machine: MachineOptions

    @OptionGroup var build: RawBuildTargetOptions

    @OptionGroup var isolation: IsolationOptions

    @Flag(name: .long, help: "Print JSON (batch output is always JSON).")
    var json = false

    struct Command: Codable {
        var cdb: String
        var `in`: Int?
        var out: String?
        var target: Int?
        var lun: Int?
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
        /// What the miniport printed (single command with `--json` only; a batch has it once).
        var miniportOutput: String?
    }

    /// What `--json` prints for a batch: the results, with what the miniport printed.
    struct BatchDocument: Codable {
        var results: [Output]
        var miniportOutput: String?
    }

    func validate() throws {
        guard (0...255).contains(target) else { throw ValidationError("--target \(target): expected 0 to 255") }
        guard (0...255).contains(lun) else { throw ValidationError("--lun \(lun): expected 0 to 255") }
        if batch == nil {
            guard cdb != nil else { throw ValidationError("--cdb is required (or --batch)") }
            if inLength != nil && outData != nil { throw ValidationError("--in and --out exclude each other") }
            if let inLength, !(0...(16 << 20)).contains(inLength) {
                throw ValidationError("--in \(inLength): expected 0 to \(16 << 20) bytes")
            }
        }
    }

    func run() throws {
        var runner = try machine.runner(miniport: miniport)
        runner.writesReachImages = true   // a WRITE sent by hand is meant to land in the image
        let asJSON = json || batch != nil
        do {
            let prepared: [Prepared]
            do {
                prepared = try Self.prepare(try readCommands())
            } catch let error as InputError {
                throw CommandFailure(status: .badInput, message: error.text)
            }
            if isolation.isolatedChild {
                runner.prebuiltImage = isolation.prebuiltImage
                isolation.serveChild { try Answer(value: execute(prepared, runner: runner)) }
            }
            let miniport = try PreparedMiniport.prepare(self.miniport, sdkRoot: machine.sdkRoot, tmhDirectory: machine.tmhDir,
                                                        target: build.target, example: machine.adapterKind)
            defer { miniport.remove() }
            if let warnings = miniport.compilerOutput, !asJSON { FileHandle.standardError.write(Data(warnings.utf8)) }
            var outputs: [Output]
            var miniportOutput: String?
            if isolation.inProcess {
                runner.miniportPath = miniport.source
                runner.prebuiltImage = miniport.image
                outputs = try execute(prepared, runner: runner)
            } else {
                // The checked commands travel to the child as a batch file.
                let file = FileManager.default.temporaryDirectory.appendingPathComponent("miniport-raw-\(UUID().uuidString).jsonl")
                defer { try? FileManager.default.removeItem(at: file) }
                let encoder = JSONEncoder()
                let lines = try prepared.map { command in
                    String(decoding: try encoder.encode(Command(
                        cdb: command.cdb.map { String(format: "%02x", $0) }.joined(),
                        in: command.direction == .dataIn ? command.buffer.count : nil,
                        out: command.direction == .dataOut ? command.buffer.map { String(format: "%02x", $0) }.joined() : nil,
                        target: Int(command.target), lun: Int(command.lun))), as: UTF8.self)
                }
                if let problem = writeFile(file.path, Data((lines.joined(separator: "\n") + "\n").utf8)) {
                    throw CommandFailure(status: .internalError, message: "cannot write \(file.path): \(problem)")
                }
                let arguments = ["raw", "--batch", file.path, "--miniport", miniport.source, "--prebuilt-image", miniport.image]
                    + machine.arguments + (keepUnitAttention ? ["--keep-unit-attention"] : [])
                let supervised = try isolation.supervise(arguments, what: "raw command", as: [Output].self, progress: nil)
                outputs = try supervised.value()
                miniportOutput = supervised.miniportOutput
            }
            guard outputs.count == prepared.count else {
                throw CommandFailure(status: .internalError,
                                     message: "\(outputs.count) results for \(prepared.count) commands")
            }
            let allSucceeded = outputs.allSatisfy { $0.srbStatus & 0x3F == 0x01 }   // SRB_STATUS_SUCCESS
            if batch != nil {
                print(try prettyJSON(BatchDocument(results: outputs, miniportOutput: miniportOutput)))
            } else if json {
                var single = outputs[0]
                single.miniportOutput = miniportOutput
                print(try prettyJSON(single))
            } else {
                if let miniportOutput { FileHandle.standardError.write(Data(miniportOutputBlock(miniportOutput).utf8)) }
                let output = outputs[0]
                var text = "SRB status 0x\(String(output.srbStatus, radix: 16))  SCSI status 0x\(String(output.scsiStatus, radix: 16))"
                if let sense = output.sense {
                    text += String(format: "  sense %02X/%02X/%02X", sense.key, sense.asc, sense.ascq)
                }
                print(text)
                if !output.data.isEmpty { print(output.data) }
            }
            if !allSucceeded { throw ExitStatus.deviceError.code }
        } catch let failure as CommandFailure {
            report(failure, json: asJSON)
        }
    }

    /// Boots the machine and runs the commands, in whichever process runs the miniport.
    private func execute(_ prepared: [Prepared], runner: MiniportRunner) throws -> [Output] {
        let session: MiniportRunner.Session
        do {
            session = try runner.boot()
        } catch MiniportRunner.RunnerError.load(let reason, let violations) {
            throw CommandFailure(status: .checkFailed, message: reason, violations: violations)
        } catch {
            throw CommandFailure(status: .checkFailed, message: "\(error)")
        }
        guard let adapter = session.driver.adapters.first else {
            throw CommandFailure(status: .checkFailed, message: "the miniport brought up no adapter")
        }
        if !keepUnitAttention { session.consumeUnitAttentions() }
        var outputs: [Output] = []
        for var command in prepared {
            let result = command.buffer.withUnsafeMutableBytes { raw in
                adapter.execute(.init(targetId: command.target, lun: command.lun, cdb: command.cdb,
                                      direction: command.direction, buffer: raw.isEmpty ? nil : raw))
            }
            let data = command.direction == .dataIn
                ? command.buffer.prefix(min(max(result.transferred, 0), command.buffer.count))
                    .map { String(format: "%02x", $0) }.joined() : ""
            outputs.append(Output(
                srbStatus: Int(result.srbStatus), scsiStatus: Int(result.scsiStatus),
                sense: result.senseKey.map { Output.Sense(key: Int($0), asc: Int(result.asc ?? 0), ascq: Int(result.ascq ?? 0)) },
                data: data))
        }
        withExtendedLifetime(session) {}
        return outputs
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
            guard let target = UInt8(exactly: command.target ?? 0), let lun = UInt8(exactly: command.lun ?? 0) else {
                throw InputError(text: at + "target and lun: expected 0 to 255")
            }
            var prepared = Prepared(target: target, lun: lun, cdb: cdb, direction: .none, buffer: [])
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
