import Foundation
import Testing

/// The Swift toolchain's clang building for the Windows driver target (LLP64, MSVC layout rules).
enum WindowsTarget {
    /// `$MPABI_WINDOWS_CLANG`, else the `clang` on PATH (the Swift toolchain's).
    static var clang: String { ProcessInfo.processInfo.environment["MPABI_WINDOWS_CLANG"] ?? "clang" }
    static let flags = ["--target=x86_64-pc-windows-msvc", "-ffreestanding"]

    /// Compiles `source` for the Windows target with `-S` and returns the assembly; throws with
    /// the compiler's output when it fails.
    static func assemble(_ source: URL, extra: [String] = []) throws -> String {
        // The assembly goes to a scratch folder, never next to the source (the check files are
        // committed in the source tree).
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent(source.deletingPathExtension().lastPathComponent + ".s")
        try FixtureBuilder.run(clang, flags + ["-w", "-S", "-I", FixtureBuilder.includeDirectory] + extra
                                   + [source.path, "-o", output.path])
        return try String(contentsOf: output, encoding: .utf8)
    }

    /// The first `static assertion failed` message in a compiler error, as the entry it names.
    static func firstFailedEntry(_ error: Error) -> String {
        let text = "\(error)"
        for line in text.split(separator: "\n") where line.contains("static assertion failed") {
            // "static assertion failed due to requirement '<expr>': <entry>" or "...failed: <entry>"
            if line.contains("due to requirement"), let end = line.range(of: "': ", options: .backwards) {
                return String(line[end.upperBound...])
            }
            if let start = line.range(of: "static assertion failed: ") {
                return String(line[start.upperBound...])
            }
            return String(line)
        }
        return String(text.prefix(2000))
    }

    /// Bytes of each data object labelled `prefix<n>:` in clang's assembly output.
    static func objects(in assembly: String, prefix: String) -> [Int: [UInt8]] {
        var result: [Int: [UInt8]] = [:]
        var current: Int?
        var bytes: [UInt8] = []
        func flush() {
            if let current { result[current] = bytes }
            current = nil
            bytes = []
        }
        for raw in assembly.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasSuffix(":"), !line.hasPrefix(".") || line.hasPrefix(".L") {
                flush()
                let label = line.dropLast()
                if label.hasPrefix(prefix), let n = Int(label.dropFirst(prefix.count)) { current = n }
                continue
            }
            guard current != nil, line.hasPrefix(".") else { continue }
            let parts = line.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            let directive = parts[0]
            let operand = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
            let sizes = [".byte": 1, ".short": 2, ".value": 2, ".word": 2, ".long": 4, ".quad": 8]
            if let size = sizes[directive] {
                let number = operand.split(separator: "#")[0].trimmingCharacters(in: .whitespaces)
                guard let value = Int64(number) ?? UInt64(number).map({ Int64(bitPattern: $0) }) else { flush(); continue }
                for i in 0..<size { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
            } else if directive == ".zero" || directive == ".space" {
                let count = Int(operand.split(separator: ",")[0].trimmingCharacters(in: .whitespaces)) ?? 0
                bytes += [UInt8](repeating: 0, count: count)
            } else if directive == ".ascii" || directive == ".asciz" {
                bytes += decodeAsciiOperand(operand)
                if directive == ".asciz" { bytes.append(0) }
            } else if [".p2align", ".align", ".balign"].contains(directive) {
                continue
            } else {
                flush()
            }
        }
        flush()
        return result
    }

    /// The bytes of a quoted assembler string (octal and C escapes).
    static func decodeAsciiOperand(_ operand: String) -> [UInt8] {
        guard let open = operand.firstIndex(of: "\""), let close = operand.lastIndex(of: "\""), open < close else { return [] }
        let chars = Array(operand[operand.index(after: open)..<close].utf8)
        var out: [UInt8] = []
        var i = 0
        while i < chars.count {
            if chars[i] == UInt8(ascii: "\\"), i + 1 < chars.count {
                var j = i + 1
                var octal = 0
                while j < chars.count, j < i + 4, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(chars[j]) {
                    octal = octal * 8 + Int(chars[j] - UInt8(ascii: "0"))
                    j += 1
                }
                if j > i + 1 {
                    out.append(UInt8(truncatingIfNeeded: octal))
                    i = j
                    continue
                }
                let escapes: [UInt8: UInt8] = [UInt8(ascii: "n"): 10, UInt8(ascii: "t"): 9, UInt8(ascii: "r"): 13,
                                               UInt8(ascii: "b"): 8, UInt8(ascii: "f"): 12]
                out.append(escapes[chars[i + 1]] ?? chars[i + 1])
                i += 2
                continue
            }
            out.append(chars[i])
            i += 1
        }
        return out
    }

    /// First set bit and number of bits from the first to the last set bit.
    static func bitRange(_ bytes: [UInt8]) -> (offset: Int, width: Int)? {
        var first: Int?
        var last = 0
        for (index, byte) in bytes.enumerated() {
            for bit in 0..<8 where byte >> bit & 1 == 1 {
                if first == nil { first = index * 8 + bit }
                last = index * 8 + bit
            }
        }
        guard let first else { return nil }
        return (first, last - first + 1)
    }
}

/// The golden table checked on the Windows driver target, not only on Linux: the generator
/// turns every entry into a `_Static_assert` (and every bit-field into a record image) in
/// Golden/windows-x64-<family>.c, which clang compiles for x86_64-pc-windows-msvc.
@Suite("Windows target: the headers have the golden layouts under MSVC rules")
struct WindowsTargetLayoutTests {
    static let families = ["scsiport", "storport"]

    static func checkFile(_ family: String) -> URL {
        FixtureBuilder.root.appendingPathComponent("Tests/MiniportKitTests/Golden/windows-x64-\(family).c")
    }

    @Test("Every record, field and constant of the golden table holds for x86_64-pc-windows-msvc", arguments: families)
    func everyEntryHolds(family: String) throws {
        let golden = try GoldenTable.load().entries.filter { $0.family == family }
        let text = try String(contentsOf: Self.checkFile(family), encoding: .utf8)
        // One check per record size and alignment, field offset (and size), and constant.
        let checks = text.components(separatedBy: "\nMPABI_CHECK(").count - 1
        let expected = golden.reduce(0) { count, entry in
            switch entry.kind {
            case "record": return count + 2
            case "field": return count + 1 + ((entry.size ?? 0) > 0 ? 1 : 0)
            case "constant": return count + 1
            default: return count
            }
        }
        #expect(checks == expected, "the check file is stale: run Scripts/abi/generate_golden.py")
        do {
            _ = try WindowsTarget.assemble(Self.checkFile(family))
        } catch {
            Issue.record("\(family) on x86_64-pc-windows-msvc, first mismatching entry: \(WindowsTarget.firstFailedEntry(error))")
        }
    }

    @Test("Every bit-field sits where the golden table says on x86_64-pc-windows-msvc", arguments: families)
    func bitfieldsHold(family: String) throws {
        let golden = try GoldenTable.load().entries.filter { $0.family == family && $0.kind == "bitfield" }
        let assembly = try WindowsTarget.assemble(Self.checkFile(family))
        let images = WindowsTarget.objects(in: assembly, prefix: "mpabi_bf_")
        #expect(images.count == golden.count)
        var problems: [String] = []
        for (index, entry) in golden.enumerated() {
            let label = "\(entry.record ?? "").\(entry.name ?? "")"
            guard let image = images[index], let range = WindowsTarget.bitRange(image) else {
                problems.append("\(label): no image in the assembly")
                continue
            }
            if Int64(range.offset) != entry.bitOffset || Int64(range.width) != entry.bitWidth {
                problems.append("\(label): bits \(range.offset)+\(range.width) on the Windows target, "
                    + "golden \(entry.bitOffset!)+\(entry.bitWidth!)")
            }
        }
        #expect(problems.isEmpty, "\(problems.count) bit-field mismatches, first: \(problems.first ?? "")")
        #expect(golden.count > (family == "scsiport" ? 500 : 5))
    }

    @Test("A wrong entry is caught and named: the Windows-target check is not vacuous")
    func wrongEntryIsNamed() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("wrong.c")
        var text = try String(contentsOf: Self.checkFile("storport"), encoding: .utf8)
        text += "MPABI_CHECK(sizeof(PORT_CONFIGURATION_INFORMATION) == 220, \"record PORT_CONFIGURATION_INFORMATION: size 220\");\n"
        text += "MPABI_CHECK((long long)(STOR_FEATURE_DUMP_INFO) == 0x800LL, \"constant STOR_FEATURE_DUMP_INFO = 2048\");\n"
        try text.write(to: source, atomically: true, encoding: .utf8)
        var failure: String?
        do { _ = try WindowsTarget.assemble(source) } catch { failure = WindowsTarget.firstFailedEntry(error) }
        #expect(failure == "record PORT_CONFIGURATION_INFORMATION: size 220")

        // A bit-field image moved by one bit is seen as moved.
        let image: [UInt8] = [0, 0b0000_0110, 0]
        #expect(WindowsTarget.bitRange(image)! == (9, 2))
        let parsed = WindowsTarget.objects(in: "mpabi_bf_7:\n\t.short\t0\n\t.byte\t6 # 0x6\n\t.zero\t1\n\t.ascii\t\"\\377A\"\n\t.text\n",
                                           prefix: "mpabi_bf_")
        #expect(parsed[7] == [0, 0, 6, 0, 255, 65])
    }
}
