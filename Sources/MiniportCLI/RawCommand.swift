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
            {"cdb":"HEX","in":N} or {"cdb":"HEX","out":"HEX"}, with optional "target" and "lun", and prints \
            a JSON array of results in order.
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

    @Option(name: .long, help: "A disk: ram:SIZE[:BLOCKSIZE] or an image path (repeatable).")
    var disk: [String] = []

    @Option(name: .customLong("pci-id"), help: "The emulated HBA's PCI vendor:device IDs (VVVV:DDDD).")
    var pciID: String?

    @Option(name: .customLong("sdk-root"), help: "Where CMiniportABI/ and Examples/ are.")
    var sdkRoot: String?

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
        var runner = MiniportRunner(miniportPath: miniport, sdkRoot: sdkRoot)
        do {
            if !disk.isEmpty { runner.disks = try disk.map { try MiniportRunner.DiskSpec(parsing: $0) } }
            if let pciID { runner.pciID = try MiniportRunner.parsePCIID(pciID) }
            runner.writesReachImages = true   // a WRITE sent by hand is meant to land in the image
        } catch {
            throw ValidationError("\(error)")
        }
        var commands: [Command]
        if let batch {
            let text: String
            if batch == "-" {
                text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            } else {
                guard let data = FileManager.default.contents(atPath: batch) else {
                    throw ValidationError("\(batch): cannot be read")
                }
                text = String(decoding: data, as: UTF8.self)
            }
            commands = []
            for (number, line) in text.split(separator: "\n").enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                do {
                    commands.append(try JSONDecoder().decode(Command.self, from: Data(line.utf8)))
                } catch {
                    throw ValidationError("batch line \(number + 1): not a command object (\(error))")
                }
            }
        } else {
            commands = [Command(cdb: cdb!, in: inLength, out: outData, target: target, lun: lun)]
        }
        let session: MiniportRunner.Session
        do {
            session = try runner.boot()
        } catch {
            print(#"{"error": \#(jsonString("\(error)"))}"#)
            throw ExitCode.failure
        }
        guard let adapter = session.driver.adapters.first else { throw ExitCode.failure }
        var outputs: [Output] = []
        for command in commands {
            guard let cdbBytes = Self.hex(command.cdb), (1...16).contains(cdbBytes.count) else {
                throw ValidationError("cdb \(command.cdb): expected 1 to 16 bytes of hexadecimal")
            }
            var buffer: [UInt8]
            var direction = ScsiPortAdapter.Request.Direction.none
            if let out = command.out {
                guard let bytes = Self.hex(out) else { throw ValidationError("out \(out): not hexadecimal") }
                buffer = bytes
                direction = .dataOut
            } else if let length = command.in, length > 0 {
                guard length <= 16 << 20 else { throw ValidationError("in \(length): at most 16 MiB") }
                buffer = [UInt8](repeating: 0, count: length)
                direction = .dataIn
            } else {
                buffer = []
            }
            let result = buffer.withUnsafeMutableBytes { raw in
                adapter.execute(.init(targetId: command.target ?? 0, lun: command.lun ?? 0, cdb: cdbBytes,
                                      direction: direction, buffer: raw.isEmpty ? nil : raw))
            }
            let data = direction == .dataIn ? buffer.prefix(result.transferred).map { String(format: "%02x", $0) }.joined() : ""
            outputs.append(Output(
                srbStatus: Int(result.srbStatus), scsiStatus: Int(result.scsiStatus),
                sense: result.senseKey.map { Output.Sense(key: Int($0), asc: Int(result.asc ?? 0), ascq: Int(result.ascq ?? 0)) },
                data: data))
        }
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
