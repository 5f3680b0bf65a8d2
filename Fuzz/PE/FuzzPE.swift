import MiniportKit

/// fuzz-pe: the PE32+ loader (Sources/MiniportKit/Loader/PE*.swift) on random file bytes:
/// `PEFile.parse`, and for an input it accepts, `PEMapping` with a resolver that binds nothing
/// (every import goes to a failure stub). Nothing of the image is ever called.
///
/// Checked: every input either parses or is refused with a `PEFormatError` saying something;
/// a parsed image's facts are inside its own bounds; a mapping is either made or refused, and a
/// made one has every import unresolved, its entry point inside the image and its executable
/// ranges disjoint from the writable sections.
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    let file: PEFile
    do {
        file = try PEFile.parse(input)
    } catch {
        precondition(!error.message.isEmpty, "a refusal without a message")
        return
    }
    precondition(PEFile.isPE(input), "a parsed image that isPE does not recognise")
    precondition(file.sizeOfImage > 0 && file.sizeOfImage <= PEConstants.maximumImageSize)
    precondition(file.sections.allSatisfy { $0.rvaRange.upperBound <= UInt64(file.sizeOfImage) })
    precondition(file.section(containing: file.entryPointRVA)?.executable == true)
    precondition(zip(file.runtimeFunctions, file.runtimeFunctions.dropFirst()).allSatisfy { $0.endRVA <= $1.beginRVA })
    _ = file.description
    let importCount = file.imports.reduce(0) { $0 + $1.entries.count }
    do {
        let mapping = try PEMapping(file: file, bytes: input, name: "fuzz.sys", resolve: { _, _ in nil },
                                    unresolvedHandler: .init(report: { _, _ in }, context: nil))
        precondition(mapping.unresolved.count == importCount, "an import bound by a resolver that binds nothing")
        precondition(mapping.contains(mapping.entryPoint, length: 1))
        precondition(mapping.size >= Int(file.sizeOfImage))
        for section in file.sections where section.writable {
            let start = UInt(bitPattern: mapping.base) + UInt(section.virtualAddress)
            let end = start + UInt(section.mappedSize)
            precondition(!mapping.executableRanges.contains { $0.lowerBound < end && start < $0.upperBound },
                         "a writable section mapped executable")
        }
    } catch {
        precondition(!error.message.isEmpty, "a mapping refusal without a message")
    }
}
