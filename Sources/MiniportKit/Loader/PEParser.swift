/// The checks of ``PEFile/parse(_:)``, in the order the headers are read: DOS header, NT
/// headers, optional header, section table, then the directories the loader uses (relocations,
/// imports, exports, exceptions, load config) read through a ``PEImageView``.
struct PEParser {
    let file: PEFileBytes

    init(_ file: PEFileBytes) { self.file = file }

    private func fail(_ kind: PEFormatError.Kind, _ message: String) -> PEFormatError {
        PEFormatError(kind, message)
    }

    func parse() throws(PEFormatError) -> PEFile {
        // DOS header.
        guard file.count >= PEConstants.dosHeaderSize else {
            throw fail(.truncated, "the file is \(file.count) bytes, shorter than the 64-byte DOS header")
        }
        guard file.u16(0) == PEConstants.dosSignature else {
            throw fail(.notPE, "no MZ signature at the start of the file (not a PE image)")
        }
        let lfanew = UInt64(file.u32(PEConstants.lfanewOffset))
        guard lfanew >= 4, file.contains(lfanew, 4) else {
            throw fail(.truncated, "e_lfanew \(peHex(lfanew)) points outside the file (\(peHex(file.count)) bytes)")
        }
        guard file.u32(Int(lfanew)) == PEConstants.ntSignature else {
            throw fail(.notPE, "no PE signature (\"PE\\0\\0\") at e_lfanew \(peHex(lfanew))")
        }
        let fileHeader = Int(lfanew) + 4
        guard file.contains(UInt64(fileHeader), UInt64(PEConstants.fileHeaderSize)) else {
            throw fail(.truncated, "the file ends inside the COFF file header (at \(peHex(fileHeader)), 20 bytes)")
        }

        // COFF file header.
        let machine = file.u16(fileHeader)
        let sectionCount = Int(file.u16(fileHeader + 2))
        let timeDateStamp = file.u32(fileHeader + 4)
        let optionalSize = Int(file.u16(fileHeader + 16))
        let characteristics = file.u16(fileHeader + 18)
        guard machine == PEConstants.machineAMD64 else {
            throw fail(.wrongMachine, "built for \(PEConstants.describeMachine(machine)); this SDK loads AMD64 (0x8664) images")
        }
        guard characteristics & PEConstants.fileExecutableImage != 0 else {
            throw fail(.notPE, "not an executable image (IMAGE_FILE_EXECUTABLE_IMAGE is clear: an object file or a failed link)")
        }

        // Optional header.
        let optional = fileHeader + PEConstants.fileHeaderSize
        guard file.contains(UInt64(optional), 2) else {
            throw fail(.truncated, "the file ends before the optional header (at \(peHex(optional)))")
        }
        let magic = file.u16(optional)
        switch magic {
        case PEConstants.optionalMagic64: break
        case PEConstants.optionalMagic32:
            throw fail(.wrongMachine, "a PE32 (32-bit) image (optional header magic 0x10B); this SDK loads PE32+ (0x20B) images")
        case PEConstants.optionalMagicROM:
            throw fail(.wrongMachine, "a ROM image (optional header magic 0x107); this SDK loads PE32+ (0x20B) images")
        default:
            throw fail(.header, "optional header magic \(peHex(magic)) is not PE32+ (0x20B)")
        }
        guard optionalSize >= PEConstants.optionalHeader64FixedSize else {
            throw fail(.header, "SizeOfOptionalHeader \(peHex(optionalSize)) is smaller than the \(peHex(PEConstants.optionalHeader64FixedSize)) "
                       + "bytes of a PE32+ optional header without data directories")
        }
        guard file.contains(UInt64(optional), UInt64(optionalSize)) else {
            throw fail(.truncated, "the optional header (at \(peHex(optional)), \(peHex(optionalSize)) bytes) runs past the end of the file (\(peHex(file.count)) bytes)")
        }
        let entryPointRVA = file.u32(optional + 16)
        let imageBase = file.u64(optional + 24)
        let sectionAlignment = file.u32(optional + 32)
        let fileAlignment = file.u32(optional + 36)
        let sizeOfImage = file.u32(optional + 56)
        let sizeOfHeaders = file.u32(optional + 60)
        let subsystem = file.u16(optional + 68)
        let dllCharacteristics = file.u16(optional + 70)
        var directoryCount = Int(file.u32(optional + 108))
        var notes: [String] = []
        if directoryCount > PEConstants.dataDirectoryCount {
            notes.append("NumberOfRvaAndSizes \(directoryCount) is above 16; only the first 16 data directories are read")
            directoryCount = PEConstants.dataDirectoryCount
        }
        guard PEConstants.optionalHeader64FixedSize + 8 * directoryCount <= optionalSize else {
            throw fail(.header, "NumberOfRvaAndSizes \(directoryCount): the data directories (\(8 * directoryCount) bytes) "
                       + "run past the optional header (SizeOfOptionalHeader \(peHex(optionalSize)))")
        }
        var directories: [PEDataDirectory] = []
        for index in 0..<directoryCount {
            let at = optional + PEConstants.optionalHeader64FixedSize + 8 * index
            directories.append(PEDataDirectory(rva: file.u32(at), size: file.u32(at + 4)))
        }

        // Alignments and sizes.
        guard sectionAlignment != 0 && sectionAlignment & (sectionAlignment - 1) == 0 else {
            throw fail(.header, "SectionAlignment \(peHex(sectionAlignment)) is not a power of two")
        }
        guard fileAlignment != 0 && fileAlignment & (fileAlignment - 1) == 0 else {
            throw fail(.header, "FileAlignment \(peHex(fileAlignment)) is not a power of two")
        }
        if sectionAlignment < 4096 {
            // The specification's small-alignment layout: file and memory layouts coincide.
            guard fileAlignment == sectionAlignment else {
                throw fail(.header, "SectionAlignment \(peHex(sectionAlignment)) is below the page size, so FileAlignment "
                           + "(\(peHex(fileAlignment))) must equal it")
            }
        } else {
            guard fileAlignment >= 512 && fileAlignment <= 65536 else {
                throw fail(.header, "FileAlignment \(peHex(fileAlignment)) is outside 512 to 64 KiB (0x200...0x10000)")
            }
            guard sectionAlignment >= fileAlignment else {
                throw fail(.header, "SectionAlignment \(peHex(sectionAlignment)) is smaller than FileAlignment \(peHex(fileAlignment))")
            }
        }
        guard sizeOfImage != 0 else { throw fail(.header, "SizeOfImage is 0") }
        guard sizeOfImage <= PEConstants.maximumImageSize else {
            throw fail(.header, "SizeOfImage \(peHex(sizeOfImage)) exceeds the loader's limit of 256 MiB")
        }
        guard imageBase & 0xFFFF == 0 else {
            throw fail(.header, "ImageBase \(peHex(imageBase)) is not a multiple of 64 KiB")
        }

        // Section table.
        guard sectionCount > 0 else { throw fail(.sections, "the image has no sections") }
        guard sectionCount <= PEConstants.maximumSections else {
            throw fail(.sections, "\(sectionCount) sections; the loader accepts at most \(PEConstants.maximumSections)")
        }
        let table = optional + optionalSize
        let tableEnd = UInt64(table) + UInt64(sectionCount * PEConstants.sectionHeaderSize)
        guard tableEnd <= UInt64(file.count) else {
            throw fail(.truncated, "the section table (\(sectionCount) sections at \(peHex(table))) runs past the end of the file (\(peHex(file.count)) bytes)")
        }
        guard UInt64(sizeOfHeaders) >= tableEnd else {
            throw fail(.header, "SizeOfHeaders \(peHex(sizeOfHeaders)) ends before the section table does (\(peHex(tableEnd)))")
        }
        guard sizeOfHeaders <= sizeOfImage else {
            throw fail(.header, "SizeOfHeaders \(peHex(sizeOfHeaders)) is larger than SizeOfImage \(peHex(sizeOfImage))")
        }
        guard UInt64(sizeOfHeaders) <= UInt64(file.count) else {
            throw fail(.truncated, "SizeOfHeaders \(peHex(sizeOfHeaders)) runs past the end of the file (\(peHex(file.count)) bytes)")
        }
        var sections: [PESection] = []
        for index in 0..<sectionCount {
            let at = table + index * PEConstants.sectionHeaderSize
            sections.append(PESection(name: Self.sectionName(file, at), virtualAddress: file.u32(at + 12),
                                      virtualSize: file.u32(at + 8), rawDataOffset: file.u32(at + 20),
                                      rawDataSize: file.u32(at + 16), characteristics: file.u32(at + 36)))
        }
        try checkSections(sections, sizeOfImage: sizeOfImage, sizeOfHeaders: sizeOfHeaders, sectionAlignment: sectionAlignment)

        // Entry point.
        guard entryPointRVA != 0 else { throw fail(.entryPoint, "the entry point is 0 (a driver needs DriverEntry)") }
        guard let entrySection = sections.first(where: { $0.rvaRange.contains(UInt64(entryPointRVA)) }) else {
            throw fail(.entryPoint, "the entry point RVA \(peHex(entryPointRVA)) lies in no section of the image (SizeOfImage \(peHex(sizeOfImage)))")
        }
        guard entrySection.executable else {
            throw fail(.entryPoint, "the entry point RVA \(peHex(entryPointRVA)) lies in section \(entrySection.name), which is not executable")
        }

        // Data directories.
        for (index, directory) in directories.enumerated() where index != PEDirectory.certificate.rawValue && directory.isPresent {
            guard UInt64(directory.rva) + UInt64(directory.size) <= UInt64(sizeOfImage) else {
                throw fail(.directory, "data directory \(index) (\(PEConstants.directoryName(index))) at RVA \(peHex(directory.rva)), "
                           + "\(peHex(directory.size)) bytes, lies outside the image (SizeOfImage \(peHex(sizeOfImage)))")
            }
        }
        let view = PEImageView(file: file, sizeOfHeaders: sizeOfHeaders, sections: sections)
        func directory(_ which: PEDirectory) -> PEDataDirectory? {
            which.rawValue < directories.count && directories[which.rawValue].isPresent ? directories[which.rawValue] : nil
        }
        if let tls = directory(.tls) {
            throw fail(.directory, "the image has a TLS directory (RVA \(peHex(tls.rva))): kernel drivers have no thread-local "
                       + "storage, and this loader runs no TLS callbacks")
        }
        if let delay = directory(.delayImport) {
            let module: String
            if let nameRVA = view.load(UInt64(delay.rva) + 4, as: UInt32.self), case .string(let name) = view.string(at: UInt64(nameRVA)) {
                module = " (from \(name))"
            } else {
                module = ""
            }
            throw fail(.imports, "the image has delay-load imports\(module); this loader binds only ordinary imports")
        }
        if let clr = directory(.clrRuntime) {
            throw fail(.directory, "the image has a CLR runtime header (RVA \(peHex(clr.rva))): a .NET image, not a driver")
        }

        let relocations = try directory(.baseRelocation).map { directory throws(PEFormatError) in
            try parseRelocations(directory, view: view, sizeOfImage: sizeOfImage)
        } ?? []
        let imports = try directory(.import).map { directory throws(PEFormatError) in
            try parseImports(directory, view: view)
        } ?? []
        let exports = try directory(.export).map { directory throws(PEFormatError) in
            try parseExports(directory, view: view, sizeOfImage: sizeOfImage)
        } ?? []
        let functions = try directory(.exception).map { directory throws(PEFormatError) in
            try parseExceptions(directory, view: view, sections: sections)
        } ?? []
        let cookie = try directory(.loadConfig).flatMap { directory throws(PEFormatError) in
            try parseLoadConfig(directory, view: view, imageBase: imageBase, sizeOfImage: sizeOfImage)
        }

        return PEFile(machine: machine, characteristics: characteristics, timeDateStamp: timeDateStamp,
                      subsystem: subsystem, dllCharacteristics: dllCharacteristics, imageBase: imageBase,
                      sizeOfImage: sizeOfImage, sizeOfHeaders: sizeOfHeaders, sectionAlignment: sectionAlignment,
                      fileAlignment: fileAlignment, entryPointRVA: entryPointRVA, dataDirectories: directories,
                      sections: sections, imports: imports, exports: exports, securityCookieRVA: cookie,
                      runtimeFunctions: functions, exceptionTableRVA: functions.isEmpty ? nil : directory(.exception)?.rva,
                      notes: notes, relocations: relocations)
    }

    /// The 8-byte name field, up to its first NUL; bytes outside printable ASCII as `\xNN`.
    static func sectionName(_ file: PEFileBytes, _ at: Int) -> String {
        var name = ""
        for index in 0..<8 {
            let value = file.u8(at + index)
            if value == 0 { break }
            if value >= 0x20 && value < 0x7F {
                name.unicodeScalars.append(Unicode.Scalar(value))
            } else {
                name += "\\x" + String(value, radix: 16, uppercase: true).leftPaddedHex
            }
        }
        return name.isEmpty ? "(unnamed)" : name
    }

    // MARK: - Sections

    private func checkSections(_ sections: [PESection], sizeOfImage: UInt32, sizeOfHeaders: UInt32,
                               sectionAlignment: UInt32) throws(PEFormatError) {
        for section in sections {
            if section.rawDataSize != 0 {
                guard file.contains(UInt64(section.rawDataOffset), UInt64(section.rawDataSize)) else {
                    throw fail(.sections, "section \(section.name) raw data (offset \(peHex(section.rawDataOffset)), "
                               + "\(peHex(section.rawDataSize)) bytes) runs past the end of the file (\(peHex(file.count)) bytes)")
                }
            }
            guard section.virtualAddress % sectionAlignment == 0 else {
                throw fail(.sections, "section \(section.name) RVA \(peHex(section.virtualAddress)) is not a multiple of "
                           + "SectionAlignment \(peHex(sectionAlignment))")
            }
            guard section.virtualAddress >= sizeOfHeaders else {
                throw fail(.sections, "section \(section.name) at RVA \(peHex(section.virtualAddress)) overlaps the headers "
                           + "(SizeOfHeaders \(peHex(sizeOfHeaders)))")
            }
            guard section.rvaRange.upperBound <= UInt64(sizeOfImage) else {
                throw fail(.sections, "section \(section.name) (RVA \(peHex(section.virtualAddress)), \(peHex(section.mappedSize)) bytes) "
                           + "runs past SizeOfImage \(peHex(sizeOfImage))")
            }
            guard !(section.writable && section.executable) else {
                throw fail(.sections, "section \(section.name) is both writable and executable (characteristics "
                           + "\(peHex(section.characteristics))); this loader never maps memory writable and executable")
            }
        }
        let ordered = sections.sorted { $0.virtualAddress < $1.virtualAddress }
        for (previous, next) in zip(ordered, ordered.dropFirst()) where next.virtualAddress < previous.rvaRange.upperBound {
            throw fail(.sections, "sections \(previous.name) (RVA \(peHex(previous.virtualAddress))...\(peHex(previous.rvaRange.upperBound))) "
                       + "and \(next.name) (RVA \(peHex(next.virtualAddress))) overlap")
        }
    }

    // MARK: - Base relocations

    private func parseRelocations(_ directory: PEDataDirectory, view: PEImageView,
                                  sizeOfImage: UInt32) throws(PEFormatError) -> [UInt32] {
        guard view.contains(UInt64(directory.rva), UInt64(directory.size)) else {
            throw fail(.relocations, "the base relocation table (RVA \(peHex(directory.rva)), \(peHex(directory.size)) bytes) "
                       + "does not lie inside one section")
        }
        var relocations: [UInt32] = []
        var offset: UInt64 = 0
        let size = UInt64(directory.size)
        while offset < size {
            let blockRVA = UInt64(directory.rva) + offset
            guard size - offset >= 8, let page = view.load(blockRVA, as: UInt32.self),
                  let blockSize = view.load(blockRVA + 4, as: UInt32.self) else {
                throw fail(.relocations, "the base relocation block at RVA \(peHex(blockRVA)) is cut off by the end of the directory")
            }
            guard blockSize >= 8 else {
                throw fail(.relocations, "the base relocation block at RVA \(peHex(blockRVA)) has size \(blockSize), less than its 8-byte header")
            }
            guard blockSize % 2 == 0 else {
                throw fail(.relocations, "the base relocation block at RVA \(peHex(blockRVA)) has odd size \(blockSize) "
                           + "(its entries are 2 bytes each)")
            }
            guard UInt64(blockSize) <= size - offset else {
                throw fail(.relocations, "the base relocation block at RVA \(peHex(blockRVA)) (\(peHex(blockSize)) bytes) runs past "
                           + "the end of the relocation directory (\(peHex(directory.size)) bytes)")
            }
            var entryRVA = blockRVA + 8
            while entryRVA < blockRVA + UInt64(blockSize) {
                let entry = view.load(entryRVA, as: UInt16.self) ?? 0
                entryRVA += 2
                let type = entry >> 12
                let target = UInt64(page) + UInt64(entry & 0xFFF)
                let width: UInt64
                switch type {
                case 0: continue
                case 3: width = 4
                case 10: width = 8
                default:
                    throw fail(.relocations, "relocation type \(PEConstants.relocationTypeName(type)) (\(type)) at RVA \(peHex(target)) "
                               + "is not supported (DIR64, HIGHLOW and ABSOLUTE are)")
                }
                guard target + width <= UInt64(sizeOfImage) else {
                    throw fail(.relocations, "a \(width == 8 ? "DIR64" : "HIGHLOW") relocation patches RVA \(peHex(target)), "
                               + "outside the image (SizeOfImage \(peHex(sizeOfImage)))")
                }
                guard view.inSection(target, width) else {
                    throw fail(.relocations, "a \(width == 8 ? "DIR64" : "HIGHLOW") relocation patches RVA \(peHex(target)) "
                               + "(\(width) bytes), which does not lie inside one section")
                }
                relocations.append(UInt32(target) | (width == 4 ? PEFile.highLowFlag : 0))
            }
            offset += UInt64(blockSize)
        }
        return relocations
    }

    // MARK: - Imports

    private func readName(_ view: PEImageView, at rva: UInt64, what: String,
                          kind: PEFormatError.Kind) throws(PEFormatError) -> String {
        switch view.string(at: rva) {
        case .string(let name):
            guard !name.isEmpty else { throw fail(kind, "\(what), at RVA \(peHex(rva)), is empty") }
            return name
        case .outside: throw fail(kind, "\(what), at RVA \(peHex(rva)), lies outside the image's sections")
        case .unterminated: throw fail(kind, "\(what), at RVA \(peHex(rva)), is not NUL-terminated inside its section")
        case .tooLong: throw fail(kind, "\(what), at RVA \(peHex(rva)), is longer than \(PEConstants.maximumNameLength) characters")
        case .notASCII(let value):
            throw fail(kind, "\(what), at RVA \(peHex(rva)), holds byte \(peHex(value)), not printable ASCII")
        }
    }

    private func parseImports(_ directory: PEDataDirectory, view: PEImageView) throws(PEFormatError) -> [PEImportModule] {
        var modules: [PEImportModule] = []
        var total = 0
        var at = UInt64(directory.rva)
        while true {
            let size = UInt64(PEConstants.importDescriptorSize)
            guard view.contains(at, size), let lookup = view.load(at, as: UInt32.self),
                  let nameRVA = view.load(at + 12, as: UInt32.self), let iat = view.load(at + 16, as: UInt32.self),
                  let stamp = view.load(at + 4, as: UInt32.self), let chain = view.load(at + 8, as: UInt32.self) else {
                if at == UInt64(directory.rva) {
                    throw fail(.imports, "the import descriptor table at RVA \(peHex(directory.rva)) lies outside the image's sections")
                }
                throw fail(.imports, "the import descriptor table at RVA \(peHex(directory.rva)) is not terminated "
                           + "(descriptor at RVA \(peHex(at)) lies outside its section)")
            }
            if lookup == 0 && nameRVA == 0 && iat == 0 && stamp == 0 && chain == 0 { break }
            guard nameRVA != 0 else {
                throw fail(.imports, "the import descriptor at RVA \(peHex(at)) has no module name")
            }
            let module = try readName(view, at: UInt64(nameRVA), what: "the module name of the import descriptor at RVA \(peHex(at))",
                                      kind: .imports)
            guard PEConstants.providedModules.contains(module.lowercased()) else {
                throw fail(.imports, "imports from unknown module \(module) (the SDK provides "
                           + PEConstants.providedModules.joined(separator: ", ") + ")")
            }
            guard iat != 0 else {
                throw fail(.imports, "the imports from \(module) have no import address table (FirstThunk is 0)")
            }
            let thunks = UInt64(lookup != 0 ? lookup : iat)
            var entries: [PEImportEntry] = []
            var index: UInt64 = 0
            while true {
                let thunkRVA = thunks + 8 * index
                let slotRVA = UInt64(iat) + 8 * index
                guard let thunk = view.load(thunkRVA, as: UInt64.self) else {
                    throw fail(.imports, "the import lookup table of \(module) (RVA \(peHex(thunks))) is not terminated "
                               + "inside its section")
                }
                if thunk == 0 { break }
                guard view.inSection(slotRVA, 8) else {
                    throw fail(.imports, "the import address table slot of \(module) at RVA \(peHex(slotRVA)) lies outside the image's sections")
                }
                total += 1
                guard total <= PEConstants.maximumImports else {
                    throw fail(.imports, "the image imports more than \(PEConstants.maximumImports) routines")
                }
                let routine: PEImport
                if thunk & (1 << 63) != 0 {
                    guard thunk & 0x7FFF_FFFF_FFFF_0000 == 0 else {
                        throw fail(.imports, "the import by ordinal from \(module) at RVA \(peHex(thunkRVA)) has bits set above "
                                   + "the 16-bit ordinal (\(peHex(thunk)))")
                    }
                    routine = .ordinal(UInt16(truncatingIfNeeded: thunk))
                } else {
                    guard thunk >> 31 == 0 else {
                        throw fail(.imports, "the import by name from \(module) at RVA \(peHex(thunkRVA)) has bits set above "
                                   + "its 31-bit hint/name RVA (\(peHex(thunk)))")
                    }
                    guard let hint = view.load(thunk, as: UInt16.self) else {
                        throw fail(.imports, "the hint/name entry of an import from \(module) at RVA \(peHex(thunk)) lies outside "
                                   + "the image's sections")
                    }
                    let name = try readName(view, at: thunk + 2, what: "the name of an import from \(module)", kind: .imports)
                    routine = .name(name, hint: hint)
                }
                entries.append(PEImportEntry(routine: routine, iatRVA: UInt32(slotRVA)))
                index += 1
            }
            modules.append(PEImportModule(dllName: module, entries: entries))
            at += size
        }
        return modules
    }

    // MARK: - Exports

    private func parseExports(_ directory: PEDataDirectory, view: PEImageView,
                              sizeOfImage: UInt32) throws(PEFormatError) -> [PEExport] {
        let at = UInt64(directory.rva)
        guard view.contains(at, UInt64(PEConstants.exportDirectorySize)),
              let base = view.load(at + 16, as: UInt32.self), let functionCount = view.load(at + 20, as: UInt32.self),
              let nameCount = view.load(at + 24, as: UInt32.self), let functionsRVA = view.load(at + 28, as: UInt32.self),
              let namesRVA = view.load(at + 32, as: UInt32.self), let ordinalsRVA = view.load(at + 36, as: UInt32.self) else {
            throw fail(.exports, "the export directory at RVA \(peHex(at)) does not lie inside one section")
        }
        guard functionCount <= PEConstants.maximumExports && nameCount <= functionCount else {
            throw fail(.exports, "the export directory counts \(functionCount) routines and \(nameCount) names "
                       + "(at most \(PEConstants.maximumExports) routines, and no more names than routines)")
        }
        guard view.contains(UInt64(functionsRVA), 4 * UInt64(functionCount)) || functionCount == 0 else {
            throw fail(.exports, "the export address table (RVA \(peHex(functionsRVA)), \(functionCount) entries) does not lie inside one section")
        }
        guard (view.contains(UInt64(namesRVA), 4 * UInt64(nameCount)) && view.contains(UInt64(ordinalsRVA), 2 * UInt64(nameCount)))
                || nameCount == 0 else {
            throw fail(.exports, "the export name tables (RVA \(peHex(namesRVA)) and \(peHex(ordinalsRVA)), \(nameCount) entries) "
                       + "do not lie inside one section each")
        }
        var names: [Int: String] = [:]
        for index in 0..<UInt64(nameCount) {
            let ordinalIndex = Int(view.load(UInt64(ordinalsRVA) + 2 * index, as: UInt16.self) ?? 0)
            guard ordinalIndex < Int(functionCount) else {
                throw fail(.exports, "export name \(index) refers to routine index \(ordinalIndex), past the \(functionCount) routines")
            }
            let nameRVA = view.load(UInt64(namesRVA) + 4 * index, as: UInt32.self) ?? 0
            names[ordinalIndex] = try readName(view, at: UInt64(nameRVA), what: "export name \(index)", kind: .exports)
        }
        let directoryRange = at..<(at + UInt64(directory.size))
        var exports: [PEExport] = []
        for index in 0..<UInt64(functionCount) {
            let rva = view.load(UInt64(functionsRVA) + 4 * index, as: UInt32.self) ?? 0
            if rva == 0 { continue }
            let ordinal = UInt64(base) + index
            guard ordinal <= UInt64(UInt32.max) else {
                throw fail(.exports, "export ordinal base \(base) plus index \(index) overflows")
            }
            var forwarder: String?
            if directoryRange.contains(UInt64(rva)) {
                forwarder = try readName(view, at: UInt64(rva), what: "the forwarder of export ordinal \(ordinal)", kind: .exports)
            } else {
                guard rva < sizeOfImage else {
                    throw fail(.exports, "export ordinal \(ordinal) at RVA \(peHex(rva)) lies outside the image (SizeOfImage \(peHex(sizeOfImage)))")
                }
            }
            exports.append(PEExport(name: names[Int(index)], ordinal: UInt32(ordinal), rva: rva, forwarder: forwarder))
        }
        return exports
    }

    // MARK: - Exception table

    private func parseExceptions(_ directory: PEDataDirectory, view: PEImageView,
                                 sections: [PESection]) throws(PEFormatError) -> [PERuntimeFunction] {
        let entrySize = UInt32(PEConstants.runtimeFunctionSize)
        guard directory.size % entrySize == 0 else {
            throw fail(.exceptions, "the exception table size \(peHex(directory.size)) is not a multiple of 12 (RUNTIME_FUNCTION entries)")
        }
        guard view.inSection(UInt64(directory.rva), UInt64(directory.size)) else {
            throw fail(.exceptions, "the exception table (RVA \(peHex(directory.rva)), \(peHex(directory.size)) bytes) does not lie inside one section")
        }
        guard directory.rva % 4 == 0 else {
            throw fail(.exceptions, "the exception table at RVA \(peHex(directory.rva)) is not 4-byte aligned")
        }
        var functions: [PERuntimeFunction] = []
        functions.reserveCapacity(min(Int(directory.size / entrySize), 4096))
        var previousEnd: UInt32 = 0
        for index in 0..<UInt64(directory.size / entrySize) {
            let at = UInt64(directory.rva) + index * UInt64(entrySize)
            let function = PERuntimeFunction(beginRVA: view.load(at, as: UInt32.self) ?? 0,
                                             endRVA: view.load(at + 4, as: UInt32.self) ?? 0,
                                             unwindInfoRVA: view.load(at + 8, as: UInt32.self) ?? 0)
            guard function.beginRVA < function.endRVA else {
                throw fail(.exceptions, "runtime function \(index) is empty or reversed (RVA \(peHex(function.beginRVA))...\(peHex(function.endRVA)))")
            }
            guard let code = sections.first(where: { $0.rvaRange.contains(UInt64(function.beginRVA)) }), code.executable,
                  UInt64(function.endRVA) <= code.rvaRange.upperBound else {
                throw fail(.exceptions, "runtime function \(index) (RVA \(peHex(function.beginRVA))...\(peHex(function.endRVA))) "
                           + "does not lie inside one executable section")
            }
            guard view.inSection(UInt64(function.unwindInfoRVA), 4) else {
                throw fail(.exceptions, "the unwind information of runtime function \(index) (RVA \(peHex(function.unwindInfoRVA))) "
                           + "lies outside the image's sections")
            }
            guard function.beginRVA >= previousEnd else {
                throw fail(.exceptions, "the exception table is not sorted: runtime function \(index) begins at RVA "
                           + "\(peHex(function.beginRVA)), before the previous one ends (\(peHex(previousEnd)))")
            }
            previousEnd = function.endRVA
            functions.append(function)
        }
        return functions
    }

    // MARK: - Load config

    private func parseLoadConfig(_ directory: PEDataDirectory, view: PEImageView, imageBase: UInt64,
                                 sizeOfImage: UInt32) throws(PEFormatError) -> UInt32? {
        let at = UInt64(directory.rva)
        guard let size = view.load(at, as: UInt32.self) else {
            throw fail(.loadConfig, "the load config directory at RVA \(peHex(at)) lies outside the image's sections")
        }
        guard view.contains(at, UInt64(size)) else {
            throw fail(.loadConfig, "the load config directory (RVA \(peHex(at)), Size \(peHex(size))) does not lie inside one section")
        }
        let cookieField = UInt64(PEConstants.loadConfigSecurityCookieOffset)
        guard UInt64(size) >= cookieField + 8, let cookieVA = view.load(at + cookieField, as: UInt64.self), cookieVA != 0 else {
            return nil
        }
        let cookieRVA = cookieVA &- imageBase
        guard cookieVA >= imageBase, cookieRVA + 8 <= UInt64(sizeOfImage), view.inSection(cookieRVA, 8) else {
            throw fail(.loadConfig, "the security cookie VA \(peHex(cookieVA)) lies outside the image "
                       + "(ImageBase \(peHex(imageBase)), SizeOfImage \(peHex(sizeOfImage)))")
        }
        return UInt32(cookieRVA)
    }
}

private extension String {
    /// Two hex digits.
    var leftPaddedHex: String { count < 2 ? "0" + self : self }
}
