#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CMiniportABI

/// A parsed PE32+ image mapped into this process, ready for its code to be called (nothing of
/// it has run).
///
/// One anonymous mapping holds the image (`SizeOfImage` rounded up to pages) and, after it,
/// the stubs of the imports the resolver could not bind. Mapping copies the headers and each
/// section's raw data, applies the base relocations for the actual base (the difference from
/// `ImageBase`), binds every import address table slot through the resolver (or to a failure
/// stub), replaces a default `/GS` security cookie with a fresh random one, and only then
/// protects each page as its sections ask: read-only, read-write or read-execute, never
/// writable and executable; the headers read-only. An image whose relocations were stripped
/// is refused: it can only run at its `ImageBase`, a kernel address.
///
/// The mapping is immutable once made (hence `Sendable`); `deinit` unmaps it and frees the
/// stubs' records.
public final class PEMapping: @unchecked Sendable {
    /// Where the report of an unbound import goes: a C function called (System V convention)
    /// on the calling thread with `context` and the routine's name, each time the image calls
    /// an import the resolver did not bind. The stub then returns `STATUS_NOT_IMPLEMENTED`.
    public struct UnresolvedHandler {
        /// The report function type.
        public typealias Report = @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Void
        /// Called with `context` and the routine name (valid while the mapping lives).
        public var report: Report
        /// Passed to `report` unchanged.
        public var context: UnsafeMutableRawPointer?

        /// A handler calling `report` with `context`.
        public init(report: Report, context: UnsafeMutableRawPointer?) {
            self.report = report
            self.context = context
        }
    }

    /// The image's first byte (its RVA 0).
    public let base: UnsafeMutableRawPointer
    /// Bytes of the image as mapped (`SizeOfImage` rounded up to whole pages; stubs excluded).
    public let size: Int
    /// The entry point (`base` + `AddressOfEntryPoint`), to be called with the ms_abi convention.
    public let entryPoint: UnsafeRawPointer
    /// The imports bound to failure stubs, in import table order.
    public let unresolved: [(module: String, routine: String)]
    /// Address ranges mapped executable: the image's code pages and the stub pages.
    public let executableRanges: [Range<UInt>]
    /// The mapped exception table (`RUNTIME_FUNCTION` array, sorted), for a lookup from C
    /// that must not allocate (signal handlers). `count` is 0 when the image has none.
    public let pdata: (UnsafeRawPointer, count: Int)
    /// The parsed file this mapping was made from.
    public let file: PEFile
    /// The name the image was mapped under (for messages).
    public let name: String

    /// Bytes of one failure stub (36 bytes of code, padded with `int3`).
    static let stubSize = 48

    private let mappingLength: Int
    private let records: UnsafeMutablePointer<MPABI_PE_UNRESOLVED>?
    private let recordCount: Int

    /// Maps `file`, parsed from `bytes` (the same bytes), binding each import to what
    /// `resolve(module, routine)` returns, or to a failure stub reporting to
    /// `unresolvedHandler` when it returns nil.
    public init(file: PEFile, bytes: UnsafeRawBufferPointer, name: String,
                resolve: (_ module: String, _ import: PEImport) -> UnsafeRawPointer?,
                unresolvedHandler: UnresolvedHandler) throws(PEFormatError) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let imageLength = Self.roundUp(Int(file.sizeOfImage), page)
        guard UInt64(file.sizeOfHeaders) <= UInt64(bytes.count),
              file.sections.allSatisfy({ UInt64($0.rawDataOffset) + UInt64($0.copiedSize) <= UInt64(bytes.count) }) else {
            throw PEFormatError(.mapping, "\(name): the bytes given are not those the image was parsed from (too short)")
        }

        // Bind first: the stub count decides the mapping's length.
        var slots: [(rva: UInt32, address: UInt?)] = []
        var unresolved: [(module: String, routine: String)] = []
        for module in file.imports {
            for entry in module.entries {
                let address = resolve(module.dllName, entry.routine)
                if address == nil { unresolved.append((module.dllName, entry.routine.description)) }
                slots.append((entry.iatRVA, address.map { UInt(bitPattern: $0) }))
            }
        }
        let stubLength = Self.roundUp(unresolved.count * Self.stubSize, page)
        let length = imageLength + stubLength
        guard let mapped = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else {
            throw PEFormatError(.mapping, "\(name): cannot map \(peHex(length)) bytes: \(String(cString: strerror(errno)))")
        }
        let base = mapped
        var records: UnsafeMutablePointer<MPABI_PE_UNRESOLVED>?
        func release() {
            if let records {
                for index in 0..<unresolved.count { free(UnsafeMutableRawPointer(mutating: records[index].Routine)) }
                records.deallocate()
            }
            munmap(base, length)
        }

        let executable: [Range<UInt>]
        do throws(PEFormatError) {
            // Headers and sections.
            if let source = bytes.baseAddress {
                memcpy(base, source, Int(file.sizeOfHeaders))
                for section in file.sections where section.copiedSize != 0 {
                    memcpy(base + Int(section.virtualAddress), source + Int(section.rawDataOffset), Int(section.copiedSize))
                }
            }

            // Base relocations.
            let delta = UInt64(UInt(bitPattern: base)) &- file.imageBase
            if delta != 0 && file.relocationsStripped {
                throw PEFormatError(.mapping, "\(name): the image's relocations were stripped (IMAGE_FILE_RELOCS_STRIPPED), so it can only "
                                    + "run at its ImageBase \(peHex(file.imageBase)), where this loader cannot map it")
            }
            if delta != 0 {
                for relocation in file.relocations {
                    let rva = Int(relocation & ~PEFile.highLowFlag)
                    if relocation & PEFile.highLowFlag != 0 {
                        let old = base.loadUnaligned(fromByteOffset: rva, as: UInt32.self)
                        let new = UInt64(UInt32(littleEndian: old)) &+ delta
                        guard new <= UInt64(UInt32.max) else {
                            throw PEFormatError(.mapping, "\(name): the HIGHLOW relocation at RVA \(peHex(rva)) cannot hold its address "
                                                + "\(peHex(new)) at base \(peHex(UInt(bitPattern: base))) (32 bits)")
                        }
                        base.storeBytes(of: UInt32(new).littleEndian, toByteOffset: rva, as: UInt32.self)
                    } else {
                        let old = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: rva, as: UInt64.self))
                        base.storeBytes(of: (old &+ delta).littleEndian, toByteOffset: rva, as: UInt64.self)
                    }
                }
            }

            // Failure stubs and their records.
            let stubs = base + imageLength
            if !unresolved.isEmpty {
                let table = UnsafeMutablePointer<MPABI_PE_UNRESOLVED>.allocate(capacity: unresolved.count)
                for (index, entry) in unresolved.enumerated() {
                    table[index] = MPABI_PE_UNRESOLVED(Report: unresolvedHandler.report, Context: unresolvedHandler.context,
                                                       Routine: UnsafePointer(strdup(entry.routine)))
                }
                records = table
                let handler = UInt64(UInt(bitPattern: MpAbiPEUnresolvedCallAddress()))
                for index in 0..<unresolved.count {
                    Self.writeStub(at: stubs + index * Self.stubSize,
                                   record: UInt64(UInt(bitPattern: table + index)), handler: handler)
                }
            }

            // Imports.
            var stubIndex = 0
            for slot in slots {
                let address: UInt64
                if let bound = slot.address {
                    address = UInt64(bound)
                } else {
                    address = UInt64(UInt(bitPattern: stubs + stubIndex * Self.stubSize))
                    stubIndex += 1
                }
                base.storeBytes(of: address.littleEndian, toByteOffset: Int(slot.rva), as: UInt64.self)
            }

            // The /GS security cookie.
            if let cookieRVA = file.securityCookieRVA {
                let current = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: Int(cookieRVA), as: UInt64.self))
                if current == PEConstants.defaultSecurityCookie || current == 0 {
                    base.storeBytes(of: Self.freshCookie().littleEndian, toByteOffset: Int(cookieRVA), as: UInt64.self)
                }
            }

            // Protections, page by page.
            executable = try Self.protect(file: file, base: base, imageLength: imageLength, page: page, name: name)
            if stubLength != 0 {
                guard mprotect(stubs, stubLength, PROT_READ | PROT_EXEC) == 0 else {
                    throw PEFormatError(.mapping, "\(name): cannot protect the import stubs: \(String(cString: strerror(errno)))")
                }
            }
        } catch {
            release()
            throw error
        }

        self.base = base
        self.size = imageLength
        self.entryPoint = UnsafeRawPointer(base + Int(file.entryPointRVA))
        self.unresolved = unresolved
        let stubStart = UInt(bitPattern: base) + UInt(imageLength)
        self.executableRanges = executable + (stubLength != 0 ? [stubStart..<(stubStart + UInt(stubLength))] : [])
        self.pdata = (UnsafeRawPointer(base + Int(file.exceptionTableRVA ?? 0)), file.runtimeFunctions.count)
        self.file = file
        self.name = name
        self.mappingLength = length
        self.records = records
        self.recordCount = unresolved.count
    }

    deinit {
        if let records {
            for index in 0..<recordCount { free(UnsafeMutableRawPointer(mutating: records[index].Routine)) }
            records.deallocate()
        }
        munmap(base, mappingLength)
    }

    /// True when `[address, address + length)` lies inside the image (stubs excluded).
    public func contains(_ address: UnsafeRawPointer, length: Int) -> Bool {
        let start = UInt(bitPattern: base)
        let at = UInt(bitPattern: address)
        guard length >= 0, at >= start else { return false }
        let offset = at - start
        return offset <= UInt(size) && UInt(length) <= UInt(size) - offset
    }

    /// The RVA of `address` when it lies inside the image, else nil.
    public func rva(of address: UnsafeRawPointer) -> UInt32? {
        contains(address, length: 1) ? UInt32(UInt(bitPattern: address) - UInt(bitPattern: base)) : nil
    }

    /// The address of `rva` in the mapping (not checked against the image).
    public func address(ofRVA rva: UInt32) -> UnsafeRawPointer {
        UnsafeRawPointer(base + Int(rva))
    }

    // MARK: - Helpers

    static func roundUp(_ value: Int, _ alignment: Int) -> Int { (value + alignment - 1) / alignment * alignment }

    /// A random x64 cookie: top 16 bits clear (as the Windows loader makes it), never 0 nor the
    /// default value.
    static func freshCookie() -> UInt64 {
        while true {
            let value = UInt64.random(in: 1...UInt64.max) & 0x0000_FFFF_FFFF_FFFF
            if value != 0 && value != PEConstants.defaultSecurityCookie { return value }
        }
    }

    /// `sub rsp,40; movabs rcx,record; movabs rax,handler; call rax; add rsp,40;
    /// mov eax,0xC0000002; ret`, then `int3` up to ``stubSize``. Entered with RSP ≡ 8 (mod 16),
    /// the subtraction leaves it 16-byte aligned with 32 bytes of home space for the handler.
    static func writeStub(at stub: UnsafeMutableRawPointer, record: UInt64, handler: UInt64) {
        var code: [UInt8] = [0x48, 0x83, 0xEC, 0x28, 0x48, 0xB9]
        withUnsafeBytes(of: record.littleEndian) { code += $0 }
        code += [0x48, 0xB8]
        withUnsafeBytes(of: handler.littleEndian) { code += $0 }
        code += [0xFF, 0xD0, 0x48, 0x83, 0xC4, 0x28, 0xB8]
        withUnsafeBytes(of: PEConstants.statusNotImplemented.littleEndian) { code += $0 }
        code += [0xC3]
        code += [UInt8](repeating: 0xCC, count: stubSize - code.count)
        code.withUnsafeBytes { stub.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    /// Protects each page of the image with the union of what the sections on it ask (headers:
    /// read-only; pages of no section: no access). Returns the executable ranges.
    static func protect(file: PEFile, base: UnsafeMutableRawPointer, imageLength: Int, page: Int,
                        name: String) throws(PEFormatError) -> [Range<UInt>] {
        let pages = imageLength / page
        var protections = [Int32](repeating: PROT_NONE, count: pages)
        func grant(_ start: Int, _ end: Int, _ protection: Int32) {
            guard end > start else { return }
            for index in (start / page)..<min(pages, (end + page - 1) / page) { protections[index] |= protection }
        }
        grant(0, Int(file.sizeOfHeaders), PROT_READ)
        for section in file.sections {
            let protection = PROT_READ | (section.writable ? PROT_WRITE : 0) | (section.executable ? PROT_EXEC : 0)
            grant(Int(section.virtualAddress), Int(section.rvaRange.upperBound), protection)
        }
        if let index = protections.firstIndex(where: { $0 & PROT_WRITE != 0 && $0 & PROT_EXEC != 0 }) {
            throw PEFormatError(.mapping, "\(name): page RVA \(peHex(index * page)) holds writable and executable sections "
                                + "(SectionAlignment \(peHex(file.sectionAlignment)) is below the page size); this loader never "
                                + "maps memory writable and executable")
        }
        var executable: [Range<UInt>] = []
        var start = 0
        while start < pages {
            var end = start + 1
            while end < pages && protections[end] == protections[start] { end += 1 }
            let address = base + start * page
            guard mprotect(address, (end - start) * page, protections[start]) == 0 else {
                throw PEFormatError(.mapping, "\(name): cannot protect RVA \(peHex(start * page)): \(String(cString: strerror(errno)))")
            }
            if protections[start] & PROT_EXEC != 0 {
                let low = UInt(bitPattern: address)
                executable.append(low..<(low + UInt((end - start) * page)))
            }
            start = end
        }
        return executable
    }
}
