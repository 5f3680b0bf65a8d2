import CMsFormatTestSupport
import Foundation
import Testing
@testable import MiniportKit

/// Memory for the arguments of one formatter call (C strings, WCHAR strings, counted strings),
/// alive as long as the value; arguments are handed over as the 8-byte slots a Microsoft
/// x64 argument list holds.
private final class MsArguments {
    private var blocks: [UnsafeMutableRawPointer] = []

    deinit { blocks.forEach { free($0) } }

    /// A copy of `bytes` in fresh memory, as a slot.
    func bytes(_ bytes: [UInt8]) -> UInt64 {
        let block = malloc(max(bytes.count, 1))!
        blocks.append(block)
        bytes.withUnsafeBytes { block.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return UInt64(UInt(bitPattern: block))
    }

    /// A NUL-terminated char string.
    func cString(_ text: String) -> UInt64 { bytes(Array(text.utf8) + [0]) }

    /// 16-bit WCHAR units, as given (no terminator added).
    func units(_ units: [UInt16]) -> UInt64 {
        bytes(units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
    }

    /// A NUL-terminated WCHAR string.
    func wide(_ text: String) -> UInt64 { units(Array(text.utf16) + [0]) }

    /// An ANSI_STRING / UNICODE_STRING (Length, MaximumLength, Buffer at offset 8).
    func counted(length: UInt16, maximumLength: UInt16, buffer: UInt64) -> UInt64 {
        var structure = MsTestCountedString(
            Length: length, MaximumLength: maximumLength, Buffer: UnsafeRawPointer(bitPattern: UInt(buffer)))
        return withUnsafeBytes(of: &structure) { bytes(Array($0)) }
    }
}

/// Readable bytes that end exactly where an inaccessible page begins: a read past them faults.
private final class GuardedBytes {
    private let mapping: UnsafeMutableRawPointer
    private let mappingSize: Int
    /// The first of the bytes.
    let start: UnsafeMutableRawPointer

    init(_ bytes: [UInt8]) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let dataPages = max(1, (bytes.count + page - 1) / page)
        mappingSize = (dataPages + 1) * page
        mapping = mmap(nil, mappingSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        precondition(mapping != MAP_FAILED)
        precondition(mprotect(mapping + dataPages * page, page, PROT_NONE) == 0)
        start = mapping + dataPages * page - bytes.count
        bytes.withUnsafeBytes { start.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    deinit { munmap(mapping, mappingSize) }

    /// The bytes' address as a slot.
    var slot: UInt64 { UInt64(UInt(bitPattern: start)) }
}

/// What one formatter call left: its result and the buffer, with guard bytes after `count`.
private struct MsOutput {
    static let untouched: UInt8 = 0x7E   // '~'
    static let guardSize = 16

    var result: Int32
    var count: Int
    var bytes: [UInt8]

    /// The text up to the first NUL (or all `count` bytes when there is none).
    var text: String {
        let stored = bytes.prefix(count)
        return String(decoding: stored.prefix(while: { $0 != 0 }), as: UTF8.self)
    }
    /// A NUL within the first `count` bytes.
    var terminated: Bool { bytes.prefix(count).contains(0) }
    /// Nothing was written past `count`.
    var guardIntact: Bool { bytes.dropFirst(count).allSatisfy { $0 == Self.untouched } }

    /// Runs `body` on a buffer of `count` bytes (pre-filled with '~', followed by guard bytes).
    static func run(count: Int, _ body: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> MsOutput {
        var bytes = [UInt8](repeating: untouched, count: count + guardSize)
        let result = bytes.withUnsafeMutableBytes { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: CChar.self), count)
        }
        return MsOutput(result: result, count: count, bytes: bytes)
    }
}

/// `MpAbiMsVsnprintf` over a hand-built argument list.
private func vsnprintf(_ format: String, _ slots: [UInt64] = [], count: Int = 512) -> MsOutput {
    let list = slots.isEmpty ? [0] : slots
    return MsOutput.run(count: count) { buffer, n in
        list.withUnsafeBufferPointer { MsTestVsnprintfSlots(buffer, n, format, $0.baseAddress) }
    }
}

/// `MpAbiMsFormat` over a hand-built argument list.
private func format(_ format: String, _ slots: [UInt64] = [], count: Int = 512) -> MsOutput {
    let list = slots.isEmpty ? [0] : slots
    return MsOutput.run(count: count) { buffer, n in
        list.withUnsafeBufferPointer { MsTestFormatSlots(buffer, n, format, $0.baseAddress) }
    }
}

/// A signed value as the slot a Windows caller leaves (sign-extended to 64 bits).
private func slot(_ value: Int64) -> UInt64 { UInt64(bitPattern: value) }

/// A double as its slot (the bit pattern).
private func doubleSlot(_ value: Double) -> UInt64 { value.bitPattern }

/// Windows printf-style formatting from a Microsoft x64 argument list (stub/ms_format.c) and the
/// ntoskrnl C runtime entry points (stub/ms_crt.c), called the way a Windows image calls them.
@Suite struct MsFormatTests {
    // MARK: integers

    @Test func integerConversionsAndFlags() {
        #expect(vsnprintf("%d %i %u %o %x %X", [slot(-5), 7, 3_000_000_000, 8, 255, 255]).text
                == "-5 7 3000000000 10 ff FF")
        let flags = vsnprintf("%5d|%-5d|%05d|%+d|% d|%.3d|%#x|%#X|%#o|%.0d|%x|%#x|%06d|%-+6d|",
                              [42, 42, 42, 42, 42, 7, 255, 255, 8, 0, 0, 0, slot(-42), 42])
        #expect(flags.text == "   42|42   |00042|+42| 42|007|0xff|0XFF|010||0|0|-00042|+42   |")
        #expect(flags.result == Int32(flags.text.utf8.count))
        #expect(vsnprintf("%d|%u|%x", [slot(Int64(Int32.min)), 0xFFFF_FFFF, 0]).text == "-2147483648|4294967295|0")
    }

    @Test func longIsThirtyTwoBitsAndTheSlotsUpperHalfIsIgnored() {
        let output = vsnprintf("%lx|%ld|%lu|%x|%d|%hx|%hhx|%hd|%hhd|%I32x|%I32d", [
            0xDEAD_BEEF_0000_0005, 0x1234_5678_FFFF_FFFF, 0xFFFF_FFFF_8000_0000, 0xAAAA_BBBB_CCCC_DDDD,
            0x1_0000_0007, 0xFFFF_1234, 0x1FF, 0x8000, 0x80, 0xFFFF_FFFF_0000_0010, 0x7777_7777_FFFF_FFFE,
        ])
        #expect(output.text == "5|-1|2147483648|ccccdddd|7|1234|ff|-32768|-128|10|-2")
    }

    @Test func sixtyFourBitAndPointerSizedPrefixes() {
        let output = vsnprintf("%I64d|%I64u|%I64x|%Ix|%Iu|%Id|%lld|%llx|%zu|%I64X|%llu", [
            slot(-9_000_000_000), UInt64.max, 0x1234_5678_9ABC_DEF0, 0x1122_3344_5566_7788, UInt64.max,
            slot(-2), slot(Int64.min), UInt64.max, 12, 0xABCDEF, 1 << 40,
        ])
        #expect(output.text == "-9000000000|18446744073709551615|123456789abcdef0|1122334455667788|"
                + "18446744073709551615|-2|-9223372036854775808|ffffffffffffffff|12|ABCDEF|1099511627776")
    }

    @Test func pointerIsSixteenUpperCaseHexDigits() {
        #expect(vsnprintf("%p|%20p|%-20p|%p", [0xABCDEF, 1, 2, 0]).text
                == "0000000000ABCDEF|    0000000000000001|0000000000000002    |0000000000000000")
    }

    // MARK: calls with the Microsoft convention

    @Test func microsoftVariadicCallsThroughSnprintf() {
        // A 64-bit value where the format wants a 32-bit long: the upper half is not printed.
        #expect(MsOutput.run(count: 64) { MsTestSnprintfU64($0, $1, "%lx", 0xDEAD_BEEF_0000_0005) }.text == "5")
        #expect(MsOutput.run(count: 64) { MsTestSnprintfU64($0, $1, "%I64x", 0xDEAD_BEEF_0000_0005) }.text
                == "deadbeef00000005")
        #expect(MsOutput.run(count: 64) { MsTestSnprintfInt($0, $1, "[%d]", -7) }.text == "[-7]")
        let four = MsOutput.run(count: 64) {
            MsTestSnprintf4($0, $1, "%I64u %lu %hu %hhu", 1 << 40, 0xFFFF_FFFF_0000_0002, 0x7_0005, 0x101)
        }
        #expect(four.text == "1099511627776 2 5 1")
        #expect(four.result == 19)

        var local: Int32 = 0
        let address = withUnsafeMutablePointer(to: &local) { UInt(bitPattern: $0) }
        let pointer = MsOutput.run(count: 64) { MsTestSnprintfPointer($0, $1, "%p", UnsafeRawPointer(bitPattern: address)) }
        let hex = String(address, radix: 16, uppercase: true)
        #expect(pointer.text == String(repeating: "0", count: 16 - hex.count) + hex)

        let mixed = MsOutput.run(count: 64) { MsTestSnprintfMixed($0, $1, "%*.2f|%s|%d", 6, 3.14159, "str", -9) }
        #expect(mixed.text == "  3.14|str|-9")
        #expect(MsOutput.run(count: 64) { MsTestVsnprintf2($0, $1, "%I64d/%lx", slot(-3), 0x1_0000_00FF) }.text
                == "-3/ff")
        #expect(MsOutput.run(count: 64) { MsTestFormat2($0, $1, "%u-%u", 1, 2) }.text == "1-2")
    }

    @Test func doubles() {
        #expect(MsOutput.run(count: 64) { MsTestSnprintfDouble($0, $1, "%f", 2.25) }.text == "2.250000")
        #expect(MsOutput.run(count: 64) { MsTestSnprintfDouble($0, $1, "%e", 1.5) }.text == "1.500000e+00")
        #expect(MsOutput.run(count: 64) { MsTestSnprintfDouble($0, $1, "%g", 0.0001) }.text == "0.0001")
        #expect(vsnprintf("%.2f|%10.3E|%G|%-8.1f|%+.1f|%08.2f|%a|%Lf|%lf",
                          [doubleSlot(3.14159), doubleSlot(12345.678), doubleSlot(1e-10), doubleSlot(2.5), doubleSlot(-0.25), doubleSlot(-1.5),
                           doubleSlot(1.0), doubleSlot(0.5), doubleSlot(0.125)]).text
                == "3.14| 1.235E+04|1E-10|2.5     |-0.2|-0001.50|0x1p+0|0.500000|0.125000")
    }

    // MARK: characters and strings

    @Test func narrowAndWideStrings() {
        let args = MsArguments()
        let output = vsnprintf("%s|%hs|%S|%ls|%ws|%hS|%s|%S|%ws", [
            args.cString("abc"), args.cString("def"), args.wide("Hié😀"), args.wide("wide"), args.wide("€"),
            args.cString("narrow"), 0, 0, args.units([0x41, 0xD800, 0x42, 0xDC00, 0x43, 0]),
        ])
        #expect(output.text == "abc|def|Hié😀|wide|€|narrow|(null)|(null)|A?B?C")
        #expect(output.result == Int32(output.text.utf8.count))
    }

    @Test func precisionAndWidthOnStrings() {
        let args = MsArguments()
        #expect(vsnprintf("%.2s|%8s|%-8s|%8.3s|%.0s|%.3s|%.10s", [
            args.cString("xyz"), args.cString("r"), args.cString("l"), args.cString("abcdef"),
            args.cString("gone"), 0, args.cString("short"),
        ]).text == "xy|       r|l       |     abc||(nu|short")
        // A wide string's precision counts UTF-8 bytes and never splits a character.
        let text = args.wide("aé€")
        #expect(vsnprintf("%.3ws|%.4ws|%.1ws|%.5ws|%6.2ls|", [text, text, text, text, args.wide("é")]).text
                == "aé|aé|a|aé|    é|")
        // A surrogate pair is one 4-byte character: it is printed whole or not at all; a lone
        // half at the end of a counted string is '?'.
        let pair = args.wide("ab😀c")
        #expect(vsnprintf("%.3ws|%.5ws|%.6ws|%.7ws|%wZ|", [
            pair, pair, pair, pair, args.counted(length: 6, maximumLength: 6, buffer: args.units([0x61, 0x62, 0xD83D])),
        ]).text == "ab|ab|ab😀|ab😀c|ab?|")
    }

    @Test func characters() {
        #expect(vsnprintf("%c%C%wc%hc%lc%hC%C|%3c|%-3c|", [
            0xFFFF_FF41, 0x263A, 0x77, 0x68, 0xE9, 0x17A, 0xD800, 0x78, 0x79,
        ]).text == "A☺whéz?|  x|y  |")
    }

    @Test func countedStrings() {
        let args = MsArguments()
        let ansi = args.cString("Hello, world")
        let unicode = args.wide("Hi there")
        let output = vsnprintf("%Z|%hZ|%wZ|%lZ|%wZ|%wZ|%Z|%wZ|%10.3wZ|%-7Z|", [
            args.counted(length: 5, maximumLength: 0, buffer: ansi),          // MaximumLength not used
            args.counted(length: 12, maximumLength: 13, buffer: ansi),
            args.counted(length: 5, maximumLength: 18, buffer: unicode),      // odd Length: 2 units
            args.counted(length: 0, maximumLength: 18, buffer: unicode),
            args.counted(length: 10, maximumLength: 10, buffer: 0),           // NULL Buffer
            0,                                                                // NULL structure
            args.counted(length: 6, maximumLength: 6, buffer: args.bytes([0x61, 0x62, 0, 0x63, 0x64, 0x65])),
            args.counted(length: 6, maximumLength: 6, buffer: args.units([0x61, 0, 0x62])),
            args.counted(length: 16, maximumLength: 16, buffer: unicode),
            args.counted(length: 2, maximumLength: 2, buffer: ansi),
        ])
        #expect(output.text == "Hello|Hello, world|Hi||(null)|(null)|ab|a|       Hi |He     |")
    }

    // MARK: width, precision and the argument list

    @Test func starWidthAndPrecision() {
        let args = MsArguments()
        #expect(vsnprintf("%*d|%-*d|%*d|%.*s|%.*d|%*.*s|", [
            6, 1, 6, 2, slot(-6), 3, 2, args.cString("abcdef"), slot(-1), 42, 4, 2, args.cString("xyz"),
        ]).text == "     1|2     |3     |ab|42|  xy|")
        // Garbage above a 32-bit `*` argument is ignored; INT_MIN is left-justified and capped.
        #expect(vsnprintf("%*d|", [0xFFFF_FFFF_0000_0003, 7]).text == "  7|")
        let widest = vsnprintf("%*d", [0x8000_0000, 7], count: 8192)
        #expect(widest.result == 4096)
        #expect(widest.text == "7" + String(repeating: " ", count: 4095))
    }

    @Test func widthAndPrecisionAreCapped() {
        #expect(vsnprintf("%99999999999d", [1], count: 8192).result == 4096)
        let digits = vsnprintf("%.99999d", [1], count: 8192)
        #expect(digits.result == 4096)
        #expect(digits.text.hasSuffix("0001"))
        #expect(vsnprintf("%.5000f", [doubleSlot(1.0)], count: 8192).result == 4098)
        #expect(vsnprintf("%.*s", [0x7FFF_FFFF, 0], count: 64).text == "(null)")
    }

    @Test func percentNIsRefusedAndConsumesItsArgument() {
        var target: Int32 = 99
        let output = withUnsafeMutablePointer(to: &target) { pointer in
            vsnprintf("a%nb%d%hn%lln|", [UInt64(UInt(bitPattern: pointer)), 5, UInt64(UInt(bitPattern: pointer)),
                                         UInt64(UInt(bitPattern: pointer))])
        }
        #expect(output.text == "ab5|")
        #expect(target == 99)
        let viaCall = withUnsafeMutablePointer(to: &target) { pointer in
            MsOutput.run(count: 16) { MsTestSnprintfPointer($0, $1, "x%ny", pointer) }
        }
        #expect(viaCall.text == "xy")
        #expect(target == 99)
    }

    @Test func unknownAndIncompleteConversionsPrintLiterally() {
        #expect(vsnprintf("%y|%5k|%-#08.3q|%I3d|%%|%5%|%y%d|%", [7]).text == "%y|%5k|%-#08.3q|%I3d|%|%|%y7|%")
        #expect(vsnprintf("end%-5").text == "end%-5")
        #expect(vsnprintf("%l").text == "%l")
        #expect(vsnprintf("%I64").text == "%I64")
    }

    // MARK: truncation and the return value

    @Test func vsnprintfTruncationFollowsWindows() {
        let fits = vsnprintf("hello", count: 10)
        #expect(fits.result == 5 && fits.text == "hello" && fits.terminated && fits.guardIntact)
        // Exactly Count bytes: Count is returned and no terminator is written.
        let exact = vsnprintf("hello", count: 5)
        #expect(exact.result == 5 && exact.text == "hello" && !exact.terminated && exact.guardIntact)
        // Longer: -1, Count bytes stored, no terminator.
        let long = vsnprintf("hello", count: 3)
        #expect(long.result == -1 && long.text == "hel" && !long.terminated && long.guardIntact)
        let number = vsnprintf("%d", [123_456], count: 4)
        #expect(number.result == -1 && number.text == "1234" && number.guardIntact)
        #expect(vsnprintf("", count: 0).result == 0)
        let nothing = vsnprintf("x", count: 0)
        #expect(nothing.result == -1 && nothing.guardIntact)
    }

    @Test func vsnprintfMeasuresWithNullBufferAndRejectsNullArguments() {
        let list: [UInt64] = [12_345]
        list.withUnsafeBufferPointer { slots in
            #expect(MsTestVsnprintfSlots(nil, 0, "abc%d", slots.baseAddress) == 8)
            #expect(MsTestVsnprintfSlots(nil, 5, "abc%d", slots.baseAddress) == -1)
        }
        #expect(MsOutput.run(count: 8) { buffer, n in MsTestVsnprintfSlots(buffer, n, nil, nil) }.result == -1)
        let formatted = MsOutput.run(count: 8) { buffer, n in MsTestFormatSlots(buffer, n, nil, nil) }
        #expect(formatted.result == -1 && formatted.bytes[0] == 0)
    }

    @Test func formatAlwaysTerminatesAndReportsTruncation() {
        let fits = format("hello", count: 6)
        #expect(fits.result == 5 && fits.text == "hello" && fits.terminated && fits.guardIntact)
        let cut = format("hello", count: 5)
        #expect(cut.result >= 5 && cut.text == "hell" && cut.terminated && cut.guardIntact)
        let one = format("%d", [123_456], count: 1)
        #expect(one.result >= 1 && one.text == "" && one.terminated && one.guardIntact)
        let none = format("hello", count: 0)
        #expect(none.result > 0 && none.guardIntact)
        // A truncated UTF-8 sequence is left out whole.
        let args = MsArguments()
        let utf8 = format("%ws", [args.wide("aé")], count: 3)
        #expect(utf8.result >= 3 && utf8.text == "a" && utf8.bytes[1] == 0)
    }

    // MARK: bounded reads

    @Test func stringsAreReadNoFurtherThanThePrintedText() {
        // Unterminated arguments that end at an inaccessible page: reading one byte too many faults.
        let narrow = GuardedBytes([UInt8](repeating: 0x41, count: 8192))
        let cut = vsnprintf("%s", [narrow.slot], count: 100)
        #expect(cut.result == -1 && cut.text == String(repeating: "A", count: 100))
        let terminated = format("%s", [narrow.slot], count: 100)
        #expect(terminated.result >= 100 && terminated.text == String(repeating: "A", count: 99))
        let right = format("%200s", [narrow.slot], count: 50)
        #expect(right.result >= 50 && right.text == String(repeating: " ", count: 49))

        let wide = GuardedBytes([UInt8](repeating: 0, count: 6000).enumerated().map { $0.offset % 2 == 0 ? 0x42 : 0 })
        #expect(vsnprintf("%ws", [wide.slot], count: 64).result == -1)

        // The precision bounds the read too.
        let five = GuardedBytes(Array("ABCDE".utf8))
        #expect(vsnprintf("%.5s|%.3s", [five.slot, five.slot]).text == "ABCDE|ABC")
        let wideFive = GuardedBytes(Array("ABCDE".utf16).flatMap { [UInt8($0), 0] })
        #expect(vsnprintf("%.5ws", [wideFive.slot]).text == "ABCDE")
    }

    @Test func countedStringsReadOnlyLength() {
        let args = MsArguments()
        // Exactly Length bytes before the inaccessible page, no terminator.
        let ansi = GuardedBytes(Array("0123456789".utf8))
        // An odd Length: 4 units are read from 9 bytes.
        let unicode = GuardedBytes(Array(Array("abcd".utf16).flatMap { [UInt8($0), 0] } + [0x65]))
        #expect(vsnprintf("%Z|%wZ", [
            args.counted(length: 10, maximumLength: 200, buffer: ansi.slot),
            args.counted(length: 9, maximumLength: 9, buffer: unicode.slot),
        ]).text == "0123456789|abcd")
        // A Length far beyond the buffer: only what fits in the output (plus one unit) is read.
        let short = GuardedBytes(Array(repeating: [0x5A, 0], count: 100).flatMap { $0 })
        let output = vsnprintf("%wZ", [args.counted(length: 0xFFFE, maximumLength: 0xFFFE, buffer: short.slot)], count: 50)
        #expect(output.result == -1 && output.text == String(repeating: "Z", count: 50))
    }

    @Test func formatTextIsReadNoFurtherThanThePrintedText() {
        let text = GuardedBytes([UInt8](repeating: 0x42, count: 4096))
        let output = MsOutput.run(count: 10) { buffer, n in
            [UInt64(0)].withUnsafeBufferPointer {
                MsTestVsnprintfSlots(buffer, n, text.start.assumingMemoryBound(to: CChar.self), $0.baseAddress)
            }
        }
        #expect(output.result == -1 && output.text == "BBBBBBBBBB")
    }

    @Test func tenKilobyteFormat() {
        let chunk = "abcdefgh%d|"
        let repeats = 931
        let formatText = String(repeating: chunk, count: repeats)
        #expect(formatText.utf8.count > 10 * 1024)
        let slots = (0..<repeats).map { UInt64($0) }
        let expected = (0..<repeats).map { "abcdefgh\($0)|" }.joined()

        let full = vsnprintf(formatText, slots, count: 65536)
        #expect(full.result == Int32(expected.utf8.count) && full.text == expected)
        let cut = vsnprintf(formatText, slots, count: 100)
        #expect(cut.result == -1 && cut.text == String(expected.prefix(100)) && cut.guardIntact)
        let formatted = format(formatText, slots, count: 20000)
        #expect(formatted.result == Int32(expected.utf8.count) && formatted.text == expected)

        let literal = String(repeating: "0123456789", count: 1100)
        #expect(vsnprintf(literal, count: 65536).text == literal)
    }

    // MARK: the Windows-image bridge

    @Test func bridgeExportsTheFormatterAndTheRuntime() throws {
        let library = try WindowsBridge.library(sdkRoot: FixtureBuilder.root)
        let handle = try WindowsBridge.openCopy(of: library)
        defer { dlclose(handle) }
        let ntoskrnl = try #require(WindowsBridge.exports(of: handle)["ntoskrnl.exe"])
        let snprintf = try #require(ntoskrnl["_snprintf"])
        let vsnprintf = try #require(ntoskrnl["_vsnprintf"])
        let output = MsOutput.run(count: 8) { MsTestCallSnprintf(snprintf, $0, $1, "[%lx]", 0x1_0000_0002) }
        #expect(output.result == 3 && output.text == "[2]")
        let cut = MsOutput.run(count: 2) { MsTestCallSnprintf(snprintf, $0, $1, "[%lx]", 0x1_0000_0002) }
        #expect(cut.result == -1 && cut.text == "[2" && cut.guardIntact)
        #expect(MsOutput.run(count: 32) { MsTestCallVsnprintf(vsnprintf, $0, $1, "%ld|%I64d", UInt64.max, UInt64.max) }.text
                == "-1|-1")
        var source: [UInt8] = [1, 2, 3, 4]
        var destination = [UInt8](repeating: 0, count: 4)
        _ = MsTestCallMemcpy(try #require(ntoskrnl["memcpy"]), &destination, &source, 4)
        #expect(destination == source)
        #expect(MsTestCallWcslen(try #require(ntoskrnl["wcslen"]), Array("abc".utf16) + [0]) == 3)
    }

    // MARK: the C runtime entry points

    @Test func memoryRoutines() {
        var bytes: [UInt8] = Array(0..<16)
        bytes.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            // memcpy of overlapping ranges copies as memmove does.
            #expect(MsTestMemcpy(base + 2, base, 8) == base + 2)
            _ = MsTestMemmove(base + 12, base + 13, 3)
            _ = MsTestMemset(base, 0xAB, 2)
        }
        #expect(bytes == [0xAB, 0xAB, 0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 13, 14, 15, 15])
        // A zero count touches no pointer.
        #expect(MsTestMemcpy(nil, nil, 0) == nil)
        #expect(MsTestMemset(nil, 0, 0) == nil)
        #expect(MsTestMemcmp(nil, nil, 0) == 0)
        #expect(MsTestMemchr(nil, 0, 0) == nil)
        #expect(MsTestStrnlen(nil, 0) == 0)
        let left: [UInt8] = [1, 2, 3]
        let right: [UInt8] = [1, 2, 4]
        #expect(MsTestMemcmp(left, right, 3) < 0)
        #expect(MsTestMemcmp(left, right, 2) == 0)
        left.withUnsafeBytes { raw in
            #expect(MsTestMemchr(raw.baseAddress, 3, 3) == UnsafeMutableRawPointer(mutating: raw.baseAddress! + 2))
            #expect(MsTestMemchr(raw.baseAddress, 3, 2) == nil)
        }
    }

    @Test func stringRoutines() {
        #expect(MsTestStrlen("hello") == 5)
        #expect(MsTestStrnlen("hello", 3) == 3)
        #expect(MsTestStrnlen("hi", 10) == 2)
        #expect(MsTestStrcmp("abc", "abd") < 0)
        #expect(MsTestStrcmp("abc", "abc") == 0)
        #expect(MsTestStrncmp("abcX", "abcY", 3) == 0)
        #expect(MsTestStrncmp("abcX", "abcY", 4) < 0)

        var buffer = [CChar](repeating: 0x7E, count: 16)
        buffer.withUnsafeMutableBufferPointer { raw in
            let base = raw.baseAddress!
            #expect(MsTestStrcpy(base, "ab") == base)
            #expect(MsTestStrcat(base, "cd") == base)
            #expect(String(cString: base) == "abcd")
            #expect(MsTestStrchr(base, 0x63) == base + 2)
            #expect(MsTestStrchr(base, 0x7A) == nil)
            _ = MsTestStrncpy(base, "xy", 6)
        }
        #expect(Array(buffer.prefix(7)) == [0x78, 0x79, 0, 0, 0, 0, 0x7E])

        let wide: [UInt16] = Array("wide text".utf16) + [0]
        #expect(MsTestWcslen(wide) == 9)
    }
}
