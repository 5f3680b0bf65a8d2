import CMiniportABI

/// The routines the SDK exports to a Windows driver image (.sys), per module: the lists of
/// `mpabi_kernel_exports.h` and `mpabi_port_exports.h`, read from the compiled table of the
/// CMiniportABI target (`MpAbiExports`).
///
/// `miniport build --target windows` writes the import libraries of a .sys from these lists,
/// and the PE loader binds a .sys's imports against them, by name or by ordinal. An ordinal is
/// the 1-based position of the routine in its module's names sorted by byte value (ASCII
/// order), the numbers the import libraries carry too, so both ways of importing agree.
/// The kernel routines the x64 WDK headers define inline (``inlineRoutines``) are not exports.
public enum SDKExports {
    /// A module that exports routines to drivers.
    public enum Module: String, CaseIterable, Sendable, Codable, CustomStringConvertible {
        /// The kernel: `ntoskrnl.exe`.
        case ntoskrnl = "ntoskrnl.exe"
        /// The hardware abstraction layer: `hal.dll`.
        case hal = "hal.dll"
        /// The SCSI Port driver: `scsiport.sys`.
        case scsiport = "scsiport.sys"
        /// The StorPort driver: `storport.sys`.
        case storport = "storport.sys"

        /// The module an import descriptor names, compared without regard to case as Windows
        /// does (`NTOSKRNL.EXE` is `ntoskrnl.exe`); nil for any other module.
        public init?(fileName: String) {
            guard let module = Module(rawValue: fileName.lowercased()) else { return nil }
            self = module
        }

        /// The file name: `ntoskrnl.exe`, `hal.dll`, `scsiport.sys`, `storport.sys`.
        public var fileName: String { rawValue }

        /// The file name without its extension (`ntoskrnl`): the name of the module's `.def`
        /// and import library.
        public var baseName: String { String(rawValue.prefix { $0 != "." }) }

        /// The module's file name (`storport.sys`).
        public var description: String { rawValue }
    }

    /// Every module, in a fixed order.
    public static var modules: [Module] { Module.allCases }

    /// The names `module` exports, sorted by byte value: name n - 1 has ordinal n.
    public static func names(in module: Module) -> [String] {
        tables.names[module] ?? []
    }

    /// Every exported name of every module (a name some modules share appears once per module).
    public static var count: Int { tables.names.values.reduce(0) { $0 + $1.count } }

    /// The ordinal of `name` in `module` (1-based), or nil when the module does not export it.
    /// Names compare exactly (exports are case-sensitive).
    public static func ordinal(of name: String, in module: Module) -> Int? {
        tables.ordinals[module]?[name]
    }

    /// The routine `module` exports under `ordinal`, or nil when the ordinal is out of range.
    public static func name(ordinal: Int, in module: Module) -> String? {
        let names = names(in: module)
        guard ordinal >= 1, ordinal <= names.count else { return nil }
        return names[ordinal - 1]
    }

    /// Whether `module` exports `name`.
    public static func contains(_ name: String, in module: Module) -> Bool {
        ordinal(of: name, in: module) != nil
    }

    /// The modules that export `name` (usually one; empty when none does).
    public static func modules(exporting name: String) -> [Module] {
        Module.allCases.filter { contains(name, in: $0) }
    }

    /// The kernel routines the x64 WDK headers define as macros or inline functions (they read
    /// CR8 or KUSER_SHARED_DATA, or are built on exported routines): no module exports them,
    /// and the SDK headers define them in the image for the Windows target.
    public static var inlineRoutines: [String] { tables.inline }

    /// The module-definition (`.def`) file of `module`'s import library: `LIBRARY` and each
    /// name with its ordinal (`Name @N`), in ordinal order.
    public static func moduleDefinition(for module: Module) -> String {
        var text = "LIBRARY \(module.fileName)\nEXPORTS\n"
        for (index, name) in names(in: module).enumerated() {
            text += "    \(name) @\(index + 1)\n"
        }
        return text
    }

    // MARK: the compiled table

    private struct Tables: Sendable {
        var names: [Module: [String]] = [:]
        var ordinals: [Module: [String: Int]] = [:]
        var inline: [String] = []
    }

    private static let tables: Tables = {
        var sets: [Module: Set<String>] = [:]
        for index in 0..<MpAbiExportCount {
            guard let entry = MpAbiExportAt(index)?.pointee, let name = entry.Name, let file = entry.Module,
                  let module = Module(rawValue: String(cString: file)) else { continue }
            sets[module, default: []].insert(String(cString: name))
        }
        var tables = Tables()
        for module in Module.allCases {
            // Byte order, not String's Unicode ordering: the same order any tool gets from the
            // names' ASCII bytes.
            let sorted = (sets[module] ?? []).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            tables.names[module] = sorted
            tables.ordinals[module] = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0 + 1) })
        }
        tables.inline = (0..<MpAbiInlineRoutineCount).compactMap { index in
            MpAbiInlineRoutineAt(index).map { String(cString: $0) }
        }
        return tables
    }()
}
