import Foundation
@testable import MiniportBusLogic
import Testing

/// docs/buslogic-spec.md's command table and the model agree: each opcode's parameter count,
/// and the length of every fixed-length reply.
@Suite("BusLogic spec: the command table matches the model")
struct BusLogicSpecTableTests {
    struct Row {
        var opcode: UInt8
        var parameters: Int
        var reply: Int?
    }

    static func rows() throws -> [Row] {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let text = try String(contentsOf: root.appendingPathComponent("docs/buslogic-spec.md"), encoding: .utf8)
        let section = try #require(text.range(of: "## 4. Host adapter commands"))
        let end = try #require(text.range(of: "## 5. Mailboxes"))
        return text[section.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4, cells[0].hasPrefix("0x"), let opcode = UInt8(cells[0].dropFirst(2), radix: 16),
                  let parameters = Int(cells[2].prefix { $0.isNumber }) else { return nil }
            return Row(opcode: opcode, parameters: parameters, reply: Int(cells[3]))
        }
    }

    @Test("Every documented opcode takes the documented number of parameter bytes")
    func parameterCounts() throws {
        let rows = try Self.rows()
        #expect(rows.count >= 28)
        for row in rows {
            #expect(BusLogicAdapter.parameterCount(row.opcode) == row.parameters, "opcode 0x\(String(row.opcode, radix: 16))")
        }
    }

    @Test("Fixed-length replies have the documented length")
    func replyLengths() throws {
        for row in try Self.rows() where row.reply != nil && row.opcode != BusLogicCommand.executeMailboxCommand {
            let driver = try MailboxDriver()
            let parameters = [UInt8](repeating: 0, count: row.parameters)
            let result = driver.command(row.opcode, parameters, reply: 64)
            let expected = row.opcode == BusLogicCommand.initializeMailbox || row.opcode == BusLogicCommand.initializeExtendedMailbox
                ? 0 : row.reply!
            #expect(result.reply.count == expected, "opcode 0x\(String(row.opcode, radix: 16))")
        }
    }
}
