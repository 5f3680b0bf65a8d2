import Foundation
import MiniportPlatform
import Testing
@testable import MiniportHBA

/// Checks docs/hba-spec.md against the constants of Sources/MiniportHBA/HBAInterface.swift and
/// against a freshly plugged controller.
///
/// The specification's machine-checkable tables (PCI configuration, Registers, Bit fields, HBA
/// status codes, Error codes, Request descriptor, Scatter/gather entry, Completion descriptor)
/// are parsed and compared in both directions: every documented row must name a constant with
/// the documented value, and every constant must have a row. The mapping from the names used in
/// the document to the Swift constants is spelled out in the dictionaries below; a constant
/// added to `HBARegister` or to a layout enum without a row (and a dictionary entry) fails the
/// source-scan checks.
@Suite("HBA specification conformance")
struct SpecConformanceTests {

    // MARK: - Doc name → Swift constant

    /// Registers table: doc name → (Swift member of `HBARegister`, offset, access).
    static let registers: [String: (swift: String, offset: UInt64, access: String)] = [
        "MAGIC": ("magic", HBARegister.magic, "RO"),
        "VERSION": ("version", HBARegister.version, "RO"),
        "CAP_BUSES": ("capBuses", HBARegister.capBuses, "RO"),
        "CAP_TARGETS": ("capTargets", HBARegister.capTargets, "RO"),
        "CAP_LUNS": ("capLuns", HBARegister.capLuns, "RO"),
        "CAP_QUEUE_DEPTH": ("capQueueDepth", HBARegister.capQueueDepth, "RO"),
        "CAP_MAX_TRANSFER": ("capMaxTransfer", HBARegister.capMaxTransfer, "RO"),
        "CAP_MAX_SG_ENTRIES": ("capMaxSGEntries", HBARegister.capMaxSGEntries, "RO"),
        "CONTROL": ("control", HBARegister.control, "RW"),
        "STATUS": ("status", HBARegister.status, "RO"),
        "ERROR": ("error", HBARegister.error, "RO"),
        "REQUEST_RING_LOW": ("requestRingLow", HBARegister.requestRingLow, "RW"),
        "REQUEST_RING_HIGH": ("requestRingHigh", HBARegister.requestRingHigh, "RW"),
        "COMPLETION_RING_LOW": ("completionRingLow", HBARegister.completionRingLow, "RW"),
        "COMPLETION_RING_HIGH": ("completionRingHigh", HBARegister.completionRingHigh, "RW"),
        "RING_ENTRIES": ("ringEntries", HBARegister.ringEntries, "RW"),
        "REQUEST_TAIL": ("requestTail", HBARegister.requestTail, "RW"),
        "REQUEST_HEAD": ("requestHead", HBARegister.requestHead, "RO"),
        "COMPLETION_TAIL": ("completionTail", HBARegister.completionTail, "RO"),
        "COMPLETION_HEAD": ("completionHead", HBARegister.completionHead, "RW"),
        "INTERRUPT_STATUS": ("interruptStatus", HBARegister.interruptStatus, "W1C"),
        "INTERRUPT_MASK": ("interruptMask", HBARegister.interruptMask, "RW"),
        "BUS_RESET": ("busReset", HBARegister.busReset, "WO"),
        "TARGET_RESET": ("targetReset", HBARegister.targetReset, "WO"),
        "OUTSTANDING": ("outstanding", HBARegister.outstanding, "RO"),
        "CAP_QUEUES": ("capQueues", HBARegister.capQueues, "RO"),
    ]

    /// Queue registers table (section 17): doc name → (Swift member of `HBAQueueRegister`,
    /// offset in the block, access).
    static let queueRegisters: [String: (swift: String, offset: UInt64, access: String)] = [
        "REQUEST_RING_LOW": ("requestRingLow", HBAQueueRegister.requestRingLow, "RW"),
        "REQUEST_RING_HIGH": ("requestRingHigh", HBAQueueRegister.requestRingHigh, "RW"),
        "COMPLETION_RING_LOW": ("completionRingLow", HBAQueueRegister.completionRingLow, "RW"),
        "COMPLETION_RING_HIGH": ("completionRingHigh", HBAQueueRegister.completionRingHigh, "RW"),
        "RING_ENTRIES": ("ringEntries", HBAQueueRegister.ringEntries, "RW"),
        "REQUEST_TAIL": ("requestTail", HBAQueueRegister.requestTail, "RW"),
        "REQUEST_HEAD": ("requestHead", HBAQueueRegister.requestHead, "RO"),
        "COMPLETION_TAIL": ("completionTail", HBAQueueRegister.completionTail, "RO"),
        "COMPLETION_HEAD": ("completionHead", HBAQueueRegister.completionHead, "RW"),
        "QUEUE_ENABLE": ("queueEnable", HBAQueueRegister.queueEnable, "RW"),
        "QUEUE_OUTSTANDING": ("queueOutstanding", HBAQueueRegister.queueOutstanding, "RO"),
    ]

    /// Bit fields table: "FIELD.NAME" → mask.
    static let bitFields: [String: UInt32] = [
        "CONTROL.ENABLE": HBAValue.controlEnable,
        "CONTROL.RESET": HBAValue.controlReset,
        "STATUS.READY": HBAValue.statusReady,
        "STATUS.FATAL": HBAValue.statusFatal,
        "INTERRUPT_STATUS.COMPLETION": HBAValue.interruptCompletion,
        "INTERRUPT_STATUS.ERROR": HBAValue.interruptError,
        "INTERRUPT_MASK.COMPLETION": HBAValue.interruptCompletion,
        "INTERRUPT_MASK.ERROR": HBAValue.interruptError,
        "REQUEST.FLAGS.DATA_IN": UInt32(HBARequestLayout.flagDataIn),
        "REQUEST.FLAGS.DATA_OUT": UInt32(HBARequestLayout.flagDataOut),
        "REQUEST.FLAGS.SG_LIST": UInt32(HBARequestLayout.flagSGList),
        "COMPLETION.FLAGS.SENSE_VALID": UInt32(HBACompletionLayout.flagSenseValid),
    ]

    /// HBA status codes table: doc name → case.
    static let commandStatuses: [String: HBACommandStatus] = [
        "OK": .ok,
        "SELECTION_TIMEOUT": .selectionTimeout,
        "INVALID_REQUEST": .invalidRequest,
        "DMA_ERROR": .dmaError,
        "BUS_RESET": .busReset,
        "TARGET_RESET": .targetReset,
    ]

    /// Error codes table: doc name → case.
    static let errorCodes: [String: HBAErrorCode] = [
        "NONE": .none,
        "BAD_RING_CONFIGURATION": .badRingConfiguration,
        "BAD_REQUEST_TAIL": .badRequestTail,
        "BAD_COMPLETION_HEAD": .badCompletionHead,
        "RING_ACCESS_FAULT": .ringAccessFault,
        "NOT_READY": .notReady,
        "INJECTED_FATAL": .injectedFatal,
    ]

    /// One descriptor layout: its table heading, Swift enum, total size and fields.
    struct Layout: Sendable {
        var heading: String
        var swiftEnum: String
        var size: Int
        /// Doc field name → (Swift member, offset).
        var fields: [String: (swift: String, offset: Int)]
    }

    static let layouts: [Layout] = [
        Layout(heading: "Request descriptor", swiftEnum: "HBARequestLayout", size: HBARequestLayout.size, fields: [
            "TAG": ("tag", HBARequestLayout.tag),
            "BUS": ("bus", HBARequestLayout.bus),
            "TARGET": ("target", HBARequestLayout.target),
            "LUN": ("lun", HBARequestLayout.lun),
            "CDB_LENGTH": ("cdbLength", HBARequestLayout.cdbLength),
            "FLAGS": ("flags", HBARequestLayout.flags),
            "SENSE_LENGTH": ("senseLength", HBARequestLayout.senseLength),
            "SG_COUNT": ("sgCount", HBARequestLayout.sgCount),
            "TRANSFER_LENGTH": ("transferLength", HBARequestLayout.transferLength),
            "CDB": ("cdb", HBARequestLayout.cdb),
            "DATA_ADDRESS": ("dataAddress", HBARequestLayout.dataAddress),
            "SENSE_ADDRESS": ("senseAddress", HBARequestLayout.senseAddress),
            "RESERVED": ("reserved", HBARequestLayout.reserved),
        ]),
        Layout(heading: "Scatter/gather entry", swiftEnum: "HBASGLayout", size: HBASGLayout.size, fields: [
            "ADDRESS": ("address", HBASGLayout.address),
            "LENGTH": ("length", HBASGLayout.length),
            "RESERVED": ("reserved", HBASGLayout.reserved),
        ]),
        Layout(heading: "Completion descriptor", swiftEnum: "HBACompletionLayout", size: HBACompletionLayout.size, fields: [
            "TAG": ("tag", HBACompletionLayout.tag),
            "HBA_STATUS": ("hbaStatus", HBACompletionLayout.hbaStatus),
            "SCSI_STATUS": ("scsiStatus", HBACompletionLayout.scsiStatus),
            "SENSE_LENGTH": ("senseLength", HBACompletionLayout.senseLength),
            "FLAGS": ("flags", HBACompletionLayout.flags),
            "RESIDUAL": ("residual", HBACompletionLayout.residual),
            "RESERVED": ("reserved", HBACompletionLayout.reserved),
        ]),
    ]

    // MARK: - Registers

    @Test func registerTableListsExactlyTheRegisterConstants() throws {
        let table = try Self.table("Registers", columns: ["Offset", "Name", "Access", "Reset", "Description"])
        var seenNames: Set<String> = []
        var seenOffsets: Set<UInt64> = []
        for row in table.rows {
            let name = row["Name"]
            #expect(seenNames.insert(name).inserted, "register \(name) is listed twice")
            let offset = try Self.number(row["Offset"], "offset of \(name)")
            #expect(seenOffsets.insert(offset).inserted, "offset \(Self.hex(offset)) is listed twice")
            #expect(offset % 4 == 0 && offset < UInt64(HBARegister.memoryBarSize),
                    "\(name): offset \(Self.hex(offset)) is not an aligned register in BAR0")
            #expect(["RO", "RW", "W1C", "WO"].contains(row["Access"]), "\(name): unknown access \(row["Access"])")
            guard let constant = Self.registers[name] else {
                Issue.record("the specification lists register \(name), which has no constant in HBARegister")
                continue
            }
            #expect(offset == constant.offset,
                    "\(name): specification says \(Self.hex(offset)), HBARegister.\(constant.swift) is \(Self.hex(constant.offset))")
            #expect(row["Access"] == constant.access,
                    "\(name): specification says access \(row["Access"]), the controller implements \(constant.access)")
        }
        for name in Self.registers.keys where !seenNames.contains(name) {
            Issue.record("register \(name) (HBARegister.\(Self.registers[name]!.swift)) is missing from the specification")
        }

        // Every register offset constant in the source is in the mapping (and so in the doc).
        let declared = try Self.sourceConstants(in: "HBARegister").filter { $0.type == "UInt64" }.map(\.name)
        #expect(!declared.isEmpty, "found no UInt64 constants in HBARegister")
        let mapped = Set(Self.registers.values.map(\.swift))
        for name in declared where !mapped.contains(name) {
            Issue.record("HBARegister.\(name) is not in the specification's register table (nor in this test's mapping)")
        }
        for name in mapped where !declared.contains(name) {
            Issue.record("this test maps a register to HBARegister.\(name), which the source no longer declares")
        }
    }

    @Test func queueRegisterTableListsExactlyTheQueueRegisterConstants() throws {
        let table = try Self.table("Queue registers", columns: ["Offset", "Name", "Access", "Description"])
        var seen: Set<String> = []
        for row in table.rows {
            let name = row["Name"]
            guard let constant = Self.queueRegisters[name] else {
                Issue.record("the specification lists queue register \(name), which has no constant in HBAQueueRegister")
                continue
            }
            seen.insert(name)
            let offset = try Self.number(row["Offset"], "offset of \(name)")
            #expect(offset == constant.offset, "\(name): specification says \(Self.hex(offset)), constant is \(Self.hex(constant.offset))")
            #expect(offset < HBAQueueRegister.stride)
            #expect(row["Access"] == constant.access, "\(name): access \(row["Access"]) in the specification")
        }
        #expect(seen == Set(Self.queueRegisters.keys), "queue registers missing from the specification")
        // The first nine repeat the layout of REQUEST_RING_LOW...COMPLETION_HEAD.
        for (name, constant) in Self.queueRegisters where constant.offset <= HBAQueueRegister.completionHead {
            #expect(Self.registers[name]?.offset == HBARegister.requestRingLow + constant.offset, "\(name)")
        }
        let declared = try Self.sourceConstants(in: "HBAQueueRegister").filter { $0.type == "UInt64" }.map(\.name)
        for name in declared where !["base", "stride"].contains(name) && !Self.queueRegisters.values.contains(where: { $0.swift == name }) {
            Issue.record("HBAQueueRegister.\(name) is not in the specification's queue register table")
        }
        let text = try Self.specification()
        #expect(text.contains("0x100 + 0x40 × *q*") && HBAQueueRegister.base == 0x100 && HBAQueueRegister.stride == 0x40)
    }

    @Test func registerResetValuesMatchAFreshController() throws {
        let table = try Self.table("Registers", columns: ["Offset", "Name", "Access", "Reset", "Description"])
        let (machine, hba, function) = try Self.freshController()
        let bar0 = function.barAddress(0)
        let bar1 = function.barAddress(1)
        #expect(bar0 != 0 && bar1 != 0)
        for row in table.rows {
            let name = row["Name"]
            let offset = try Self.number(row["Offset"], "offset of \(name)")
            let reset = try Self.number(row["Reset"], "reset value of \(name)")
            let value = hba.readRegister(offset)
            #expect(UInt64(value) == reset,
                    "\(name): specification says reset value \(Self.hex(reset)), a fresh controller reads \(Self.hex(UInt64(value)))")
            // The same value through BAR0 and, for the first 128 bytes, through the I/O mirror.
            #expect(machine.memorySpace.read(bar0 + offset, width: 4) == reset, "\(name) through BAR0")
            if offset < UInt64(HBARegister.ioBarSize) {
                #expect(machine.ioSpace.read(bar1 + offset, width: 4) == reset, "\(name) through BAR1")
            }
        }
    }

    @Test func offsetsWithoutARowReadZero() throws {
        let table = try Self.table("Registers", columns: ["Offset", "Name", "Access", "Reset", "Description"])
        let documented = Set(try table.rows.map { try Self.number($0["Offset"], "offset") })
        let (_, hba, _) = try Self.freshController()
        for offset in stride(from: UInt64(0), to: UInt64(HBARegister.memoryBarSize), by: 4)
        where !documented.contains(offset) {
            #expect(hba.readRegister(offset) == 0,
                    "offset \(Self.hex(offset)) has no row in the specification but reads \(Self.hex(UInt64(hba.readRegister(offset))))")
        }
    }

    @Test func accessColumnMatchesBehaviour() throws {
        let table = try Self.table("Registers", columns: ["Offset", "Name", "Access", "Reset", "Description"])
        let (machine, hba, _) = try Self.freshController()
        var access: [String: (offset: UInt64, access: String)] = [:]
        for row in table.rows {
            access[row["Name"]] = (try Self.number(row["Offset"], "offset of \(row["Name"])"), row["Access"])
        }

        // RO: writes change nothing (probed on a fresh controller, where no RO write has side effects).
        for (name, entry) in access where entry.access == "RO" {
            let before = hba.readRegister(entry.offset)
            hba.writeRegister(entry.offset, 0xFFFF_FFFF)
            hba.writeRegister(entry.offset, 0)
            #expect(hba.readRegister(entry.offset) == before, "\(name) is documented read-only but a write changed it")
        }
        #expect(!hba.isFatal, "writing read-only registers must not stop the controller")

        // RW registers without side effects while disabled: a written value reads back.
        for (name, entry) in access where entry.access == "RW" {
            let pattern: UInt32
            switch entry.offset {
            case HBARegister.requestRingLow, HBARegister.requestRingHigh, HBARegister.completionRingLow,
                 HBARegister.completionRingHigh, HBARegister.ringEntries:
                pattern = 0x1234_5640
            case HBARegister.interruptMask:
                pattern = HBAValue.interruptError
            default:
                continue   // CONTROL, REQUEST_TAIL, COMPLETION_HEAD act on the controller when written
            }
            hba.writeRegister(entry.offset, pattern)
            #expect(hba.readRegister(entry.offset) == pattern, "\(name) is documented read/write but does not read back")
        }

        // W1C: a set bit survives a write of 0 and is cleared by a write of 1.
        hba.raiseFatal(.injectedFatal)
        for (name, entry) in access where entry.access == "W1C" {
            let set = hba.readRegister(entry.offset)
            #expect(set != 0, "\(name): expected a latched bit after a fatal error")
            hba.writeRegister(entry.offset, 0)
            #expect(hba.readRegister(entry.offset) == set, "\(name) is documented write-one-to-clear but a 0 write changed it")
            hba.writeRegister(entry.offset, set)
            #expect(hba.readRegister(entry.offset) == 0, "\(name) is documented write-one-to-clear but a 1 write did not clear it")
        }

        // WO: reads 0 whatever the state (fatal, registers written, a reset just done).
        for (name, entry) in access where entry.access == "WO" {
            hba.writeRegister(entry.offset, 0)
            #expect(hba.readRegister(entry.offset) == 0, "\(name) is documented write-only but does not read 0")
        }
        #expect(machine.memory.violationCount == 0)
    }

    // MARK: - Bit fields

    @Test func bitFieldTableMatchesTheValueConstants() throws {
        let table = try Self.table("Bit fields", columns: ["Field", "Bit", "Name", "Description"])
        var seen: Set<String> = []
        var unions: [String: UInt32] = [:]
        for row in table.rows {
            let key = "\(row["Field"]).\(row["Name"])"
            #expect(seen.insert(key).inserted, "bit \(key) is listed twice")
            let bit = try Self.number(row["Bit"], "bit of \(key)")
            guard bit < 32 else {
                Issue.record("\(key): bit \(bit) is outside a 32-bit register")
                continue
            }
            unions[row["Field"], default: 0] |= 1 << UInt32(bit)
            guard let mask = Self.bitFields[key] else {
                Issue.record("the specification lists bit \(key), which this test does not map to a constant")
                continue
            }
            #expect(mask == 1 << UInt32(bit), "\(key): specification says bit \(bit), the constant is \(Self.hex(UInt64(mask)))")
        }
        for key in Self.bitFields.keys where !seen.contains(key) {
            Issue.record("bit \(key) is missing from the specification")
        }
        #expect(unions["REQUEST.FLAGS"] == UInt32(HBARequestLayout.flagsDefined),
                "documented request FLAGS bits differ from HBARequestLayout.flagsDefined")
        #expect(unions["INTERRUPT_STATUS"] == HBAValue.interruptAll,
                "documented INTERRUPT_STATUS bits differ from HBAValue.interruptAll")
        #expect(unions["INTERRUPT_MASK"] == HBAValue.interruptAll,
                "documented INTERRUPT_MASK bits differ from HBAValue.interruptAll")
    }

    // MARK: - Status and error codes

    @Test func hbaStatusTableMatchesHBACommandStatus() throws {
        let table = try Self.table("HBA status codes", columns: ["Value", "Name", "Meaning"])
        try Self.checkCodes(table, mapping: Self.commandStatuses.mapValues { UInt64($0.rawValue) },
                            allCases: HBACommandStatus.allCases.map { "\($0)" },
                            mappedCases: Self.commandStatuses.values.map { "\($0)" }, what: "HBACommandStatus")
    }

    @Test func errorCodeTableMatchesHBAErrorCode() throws {
        let table = try Self.table("Error codes", columns: ["Value", "Name", "Meaning"])
        try Self.checkCodes(table, mapping: Self.errorCodes.mapValues { UInt64($0.rawValue) },
                            allCases: HBAErrorCode.allCases.map { "\($0)" },
                            mappedCases: Self.errorCodes.values.map { "\($0)" }, what: "HBAErrorCode")
    }

    static func checkCodes(_ table: Table, mapping: [String: UInt64], allCases: [String], mappedCases: [String],
                           what: String) throws {
        var seenNames: Set<String> = []
        var seenValues: Set<UInt64> = []
        for row in table.rows {
            let name = row["Name"]
            #expect(seenNames.insert(name).inserted, "\(what) \(name) is listed twice")
            let value = try number(row["Value"], "value of \(name)")
            #expect(seenValues.insert(value).inserted, "\(what) value \(value) is listed twice")
            guard let expected = mapping[name] else {
                Issue.record("the specification lists \(what) \(name), which this test does not map to a case")
                continue
            }
            #expect(value == expected, "\(what) \(name): specification says \(value), the code says \(expected)")
        }
        for name in mapping.keys where !seenNames.contains(name) {
            Issue.record("\(what) \(name) is missing from the specification")
        }
        // Every case of the enum is mapped (so a new case needs a row).
        #expect(Set(mappedCases) == Set(allCases) && mappedCases.count == allCases.count,
                "\(what) has cases \(allCases.sorted()), the mapping covers \(mappedCases.sorted())")
    }

    // MARK: - Descriptor layouts

    @Test(arguments: SpecConformanceTests.layouts.map(\.heading))
    func descriptorTableMatchesLayoutConstants(heading: String) throws {
        let layout = try #require(Self.layouts.first { $0.heading == heading })
        let table = try Self.table(heading, columns: ["Offset", "Size", "Field", "Description"])

        // Sizes follow from the constants: a field runs to the next field (or the end).
        let ordered = layout.fields.sorted { $0.value.offset < $1.value.offset }
        var sizes: [String: Int] = [:]
        for (index, field) in ordered.enumerated() {
            let end = index + 1 < ordered.count ? ordered[index + 1].value.offset : layout.size
            sizes[field.key] = end - field.value.offset
            #expect(end > field.value.offset, "\(layout.swiftEnum).\(field.value.swift) overlaps the next field")
        }

        var seen: Set<String> = []
        var expectedOffset: UInt64 = 0
        for row in table.rows {
            let name = row["Field"]
            #expect(seen.insert(name).inserted, "\(heading): field \(name) is listed twice")
            let offset = try Self.number(row["Offset"], "\(heading) offset of \(name)")
            let size = try Self.number(row["Size"], "\(heading) size of \(name)")
            #expect(offset == expectedOffset, "\(heading): \(name) at \(Self.hex(offset)) leaves a gap or overlap (expected \(Self.hex(expectedOffset)))")
            expectedOffset = offset + size
            guard let field = layout.fields[name] else {
                Issue.record("\(heading): the specification lists \(name), which has no constant in \(layout.swiftEnum)")
                continue
            }
            #expect(offset == UInt64(field.offset),
                    "\(heading) \(name): specification says offset \(Self.hex(offset)), \(layout.swiftEnum).\(field.swift) is \(Self.hex(UInt64(field.offset)))")
            #expect(size == UInt64(sizes[name] ?? -1),
                    "\(heading) \(name): specification says \(size) bytes, the constants give \(sizes[name] ?? -1)")
        }
        #expect(expectedOffset == UInt64(layout.size),
                "\(heading): documented fields cover \(expectedOffset) bytes, \(layout.swiftEnum).size is \(layout.size)")
        for name in layout.fields.keys where !seen.contains(name) {
            Issue.record("\(heading): field \(name) (\(layout.swiftEnum).\(layout.fields[name]!.swift)) is missing from the specification")
        }

        // Every offset constant of the enum (untyped `= 0x..` members other than `size`) is mapped.
        let declared = try Self.sourceConstants(in: layout.swiftEnum).filter { $0.type == nil && $0.name != "size" }.map(\.name)
        #expect(!declared.isEmpty, "found no field constants in \(layout.swiftEnum)")
        let mapped = Set(layout.fields.values.map(\.swift))
        for name in declared where !mapped.contains(name) {
            Issue.record("\(layout.swiftEnum).\(name) is not in the specification's \(heading) table (nor in this test's mapping)")
        }
        for name in mapped where !declared.contains(name) {
            Issue.record("this test maps a field to \(layout.swiftEnum).\(name), which the source no longer declares")
        }
    }

    // MARK: - PCI configuration

    @Test func pciConfigurationDefaultsMatchAPluggedController() throws {
        let table = try Self.table("PCI configuration", columns: ["Offset", "Size", "Field", "Default", "Description"])
        let (_, hba, function) = try Self.freshController()
        #expect(hba.identity == EmulatedHBA.Configuration.defaultIdentity)
        var checked = 0
        for row in table.rows {
            let name = row["Field"]
            let offset = Int(try Self.number(row["Offset"], "config offset of \(name)"))
            let size = Int(try Self.number(row["Size"], "config size of \(name)"))
            #expect((1...4).contains(size) && offset + size <= 256, "\(name): bad offset/size")
            guard row["Default"] != "assigned" else { continue }
            let expected = try Self.number(row["Default"], "default of \(name)")
            var value: UInt64 = 0
            for byte in 0..<size {
                value |= UInt64(function.configRead(offset: offset + byte, width: 1)) << (8 * UInt64(byte))
            }
            #expect(value == expected, "PCI \(name): specification says \(Self.hex(expected)), config space reads \(Self.hex(value))")
            checked += 1
        }
        #expect(checked >= 8, "expected the PCI identity rows to be checked")
        let fields = Set(table.rows.map { $0["Field"] })
        for required in ["VENDOR_ID", "DEVICE_ID", "CLASS_CODE", "SUBSYSTEM_VENDOR_ID", "SUBSYSTEM_ID", "INTERRUPT_PIN", "BAR0", "BAR1"] {
            #expect(fields.contains(required), "PCI configuration table lacks \(required)")
        }
        // BAR sizes as documented in the prose (size probing read-back).
        #expect(hba.bars.map(\.size) == [HBARegister.memoryBarSize, HBARegister.ioBarSize])
        let text = try Self.specification()
        #expect(text.contains("`0xFFFFF000` for BAR0") && HBARegister.memoryBarSize == 0x1000)
        #expect(text.contains("`0xFFFFFF81` for BAR1") && HBARegister.ioBarSize == 0x80)
    }

    // MARK: - Helpers

    /// A fresh controller with the default configuration, plugged into slot 1 of a new machine.
    static func freshController() throws -> (Machine, EmulatedHBA, PCIFunction) {
        let machine = Machine()
        let hba = EmulatedHBA(machine: machine)
        let function = try machine.plug(hba, slot: 1)
        return (machine, hba, function)
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // Tests/MiniportHBATests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // repository root
    }

    static func specification() throws -> String {
        try String(contentsOf: repositoryRoot.appendingPathComponent("docs/hba-spec.md"), encoding: .utf8)
    }

    /// One parsed markdown table: its header and rows of cells keyed by column name.
    struct Table {
        struct Row {
            var cells: [String: String]
            subscript(_ column: String) -> String { cells[column] ?? "" }
        }
        var header: [String]
        var rows: [Row]
    }

    struct SpecError: Error, CustomStringConvertible {
        var description: String
    }

    /// The first table under the heading whose text is exactly `heading` (any level), which
    /// must have exactly `columns` as its header.
    static func table(_ heading: String, columns: [String]) throws -> Table {
        let lines = try specification().components(separatedBy: "\n")
        var inFence = false
        var headingLines: [Int] = []
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") { inFence.toggle(); continue }
            if !inFence, trimmed.hasPrefix("#"),
               trimmed.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces) == heading {
                headingLines.append(index)
            }
        }
        guard headingLines.count == 1, let start = headingLines.first else {
            throw SpecError(description: "docs/hba-spec.md must have exactly one heading \"\(heading)\" (found \(headingLines.count))")
        }
        var tableLines: [String] = []
        inFence = false
        for line in lines[(start + 1)...] {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") { inFence.toggle(); continue }
            if inFence { continue }
            if trimmed.hasPrefix("#") { break }
            if trimmed.hasPrefix("|") {
                tableLines.append(trimmed)
            } else if !tableLines.isEmpty {
                break
            }
        }
        guard tableLines.count >= 2 else {
            throw SpecError(description: "no table under the heading \"\(heading)\"")
        }
        let header = cells(tableLines[0])
        guard header == columns else {
            throw SpecError(description: "table \"\(heading)\" has columns \(header), expected \(columns)")
        }
        guard cells(tableLines[1]).allSatisfy({ !$0.isEmpty && $0.allSatisfy { "-: ".contains($0) } }) else {
            throw SpecError(description: "table \"\(heading)\" lacks its separator row")
        }
        var rows: [Table.Row] = []
        for line in tableLines.dropFirst(2) {
            let values = cells(line)
            guard values.count == columns.count else {
                throw SpecError(description: "table \"\(heading)\": row \(line) has \(values.count) cells, expected \(columns.count)")
            }
            rows.append(Table.Row(cells: Dictionary(uniqueKeysWithValues: zip(columns, values))))
        }
        guard !rows.isEmpty else { throw SpecError(description: "table \"\(heading)\" has no rows") }
        return Table(header: header, rows: rows)
    }

    /// Cells of a table line: split on unescaped `|`, trimmed, code backticks removed.
    static func cells(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var escaped = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        // A line "| a | b |" splits into "", " a ", " b ", "".
        if result.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { result.removeFirst() }
        if result.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { result.removeLast() }
        return result.map { $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "`", with: "") }
    }

    /// A number written as `0x…` (hex, underscores allowed) or decimal.
    static func number(_ text: String, _ what: String) throws -> UInt64 {
        let cleaned = text.replacingOccurrences(of: "_", with: "")
        let value = cleaned.lowercased().hasPrefix("0x") ? UInt64(cleaned.dropFirst(2), radix: 16) : UInt64(cleaned)
        guard let value else { throw SpecError(description: "\(what): \"\(text)\" is not a number") }
        return value
    }

    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16, uppercase: true) }

    /// `public static let` members of `enum name` in HBAInterface.swift, with their declared type
    /// (nil when the member has no type annotation).
    static func sourceConstants(in name: String) throws -> [(name: String, type: String?)] {
        let url = repositoryRoot.appendingPathComponent("Sources/MiniportHBA/HBAInterface.swift")
        let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("public enum \(name)") && $0.hasSuffix("{") }) else {
            throw SpecError(description: "HBAInterface.swift has no `public enum \(name)`")
        }
        var result: [(name: String, type: String?)] = []
        for line in lines[(start + 1)...] {
            if line.hasPrefix("}") { break }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("public static let ") else { continue }
            let rest = trimmed.dropFirst("public static let ".count)
            let identifier = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            let after = rest.dropFirst(identifier.count).trimmingCharacters(in: .whitespaces)
            var type: String?
            if after.hasPrefix(":") {
                type = after.dropFirst().prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces)
            }
            result.append((identifier, type))
        }
        return result
    }
}
