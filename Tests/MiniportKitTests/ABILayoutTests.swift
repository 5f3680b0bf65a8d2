import CMiniportABI
import Foundation
import Testing
@testable import MiniportKit

/// The Windows x64 golden table (Tests/MiniportKitTests/Golden/windows-x64.json), produced by
/// Scripts/abi/generate_golden.py from the mingw-w64 DDK headers and the WDK documentation.
struct GoldenTable: Decodable {
    struct Entry: Decodable {
        var family: String
        var kind: String
        var record: String?
        var name: String?
        var size: Int64?
        var align: Int64?
        var offset: Int64?
        var bitOffset: Int64?
        var bitWidth: Int64?
        var value: Int64?

        var key: String { "\(family)|\(kind)|\(record ?? "")|\(name ?? "")" }
    }

    var abi: String
    var entries: [Entry]

    static func load() throws -> GoldenTable {
        let url = FixtureBuilder.root.appendingPathComponent("Tests/MiniportKitTests/Golden/windows-x64.json")
        return try JSONDecoder().decode(GoldenTable.self, from: Data(contentsOf: url))
    }
}

/// Compares one golden entry with the compiled layout; returns a description of each difference.
func layoutDifferences(golden: [GoldenTable.Entry], compiled: [ABILayoutEntry]) -> [String] {
    let byKey = Dictionary(compiled.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    var problems: [String] = []
    for expected in golden {
        let label = [expected.record, expected.name].compactMap { $0 }.joined(separator: ".")
        guard let actual = byKey[expected.key] else {
            problems.append("\(expected.family) \(expected.kind) \(label): missing from the compiled headers")
            continue
        }
        switch expected.kind {
        case "record":
            if actual.value != expected.size { problems.append("\(label): size \(actual.value), Windows x64 \(expected.size!)") }
            if Int64(actual.size) != expected.align {
                problems.append("\(label): alignment \(actual.size), Windows x64 \(expected.align!)")
            }
        case "field":
            if actual.value != expected.offset {
                problems.append("\(label): offset \(actual.value), Windows x64 \(expected.offset!)")
            }
            if let size = expected.size, Int64(actual.size) != size {
                problems.append("\(label): size \(actual.size), Windows x64 \(size)")
            }
        case "bitfield":
            if actual.bitOffset.map(Int64.init) != expected.bitOffset || actual.bitWidth.map(Int64.init) != expected.bitWidth {
                problems.append("\(label): bits \(actual.bitOffset.map(String.init) ?? "?")+\(actual.bitWidth.map(String.init) ?? "?"), "
                    + "Windows x64 \(expected.bitOffset!)+\(expected.bitWidth!)")
            }
        case "constant":
            if actual.value != expected.value {
                problems.append("\(label) = \(actual.value), Windows x64 \(expected.value!)")
            }
        default:
            problems.append("\(label): unknown golden kind \(expected.kind)")
        }
    }
    return problems
}

@Suite("ABI layout: the headers match Windows x64 entry for entry")
struct ABILayoutTests {
    @Test("Every golden entry (records, fields, bit-fields, constants) matches the compiled headers")
    func everyEntryMatches() throws {
        let golden = try GoldenTable.load()
        #expect(golden.abi == "windows-x64")
        let compiled = ABILayout.allEntries()
        let problems = layoutDifferences(golden: golden.entries, compiled: compiled)
        #expect(problems.isEmpty, "\(problems.count) differences:\n\(problems.prefix(60).joined(separator: "\n"))")
        // The compiled table is generated from the golden one: same entries, same count.
        #expect(compiled.count == golden.entries.count)
    }

    @Test("The golden table covers what the issue names, field by field")
    func goldenCoverage() throws {
        let golden = try GoldenTable.load()
        func record(_ family: String, _ name: String) -> GoldenTable.Entry? {
            golden.entries.first { $0.family == family && $0.kind == "record" && $0.record == name }
        }
        #expect(record("scsiport", "SCSI_REQUEST_BLOCK")?.size == 88)
        #expect(record("scsiport", "PORT_CONFIGURATION_INFORMATION")?.size == 152)
        #expect(record("scsiport", "HW_INITIALIZATION_DATA")?.size == 128)
        #expect(record("storport", "PORT_CONFIGURATION_INFORMATION")?.size == 224)
        #expect(record("storport", "HW_INITIALIZATION_DATA")?.size == 208)
        #expect(record("scsiport", "READ_CAPACITY_DATA_EX")?.size == 12)
        for name in ["CDB", "SENSE_DATA", "INQUIRYDATA", "READ_CAPACITY_DATA", "MODE_PARAMETER_HEADER",
                     "MODE_PARAMETER_HEADER10", "MODE_PARAMETER_BLOCK", "ACCESS_RANGE", "SCSI_WMI_REQUEST_BLOCK",
                     "SCSI_SUPPORTED_CONTROL_TYPE_LIST"] {
            #expect(record("scsiport", name) != nil, "\(name) missing from the golden table")
        }
        for name in ["MEMORY_REGION", "MINIPORT_DUMP_POINTERS", "STOR_SCATTER_GATHER_ELEMENT", "STOR_SCATTER_GATHER_LIST"] {
            #expect(record("storport", name) != nil, "\(name) missing from the golden table")
        }
        // Every field of SCSI_REQUEST_BLOCK, not a sample.
        let srbFields = golden.entries.filter { $0.record == "SCSI_REQUEST_BLOCK" && $0.kind == "field" }.map { $0.name! }
        #expect(srbFields == ["Length", "Function", "SrbStatus", "ScsiStatus", "PathId", "TargetId", "Lun", "QueueTag",
                              "QueueAction", "CdbLength", "SenseInfoBufferLength", "SrbFlags", "DataTransferLength",
                              "TimeOutValue", "DataBuffer", "SenseInfoBuffer", "NextSrb", "OriginalRequest",
                              "SrbExtension", "InternalStatus", "QueueSortKey", "LinkTimeoutValue", "Reserved", "Cdb"])
        let bitfields = golden.entries.filter { $0.kind == "bitfield" }.count
        let constants = golden.entries.filter { $0.kind == "constant" }.count
        #expect(bitfields > 500 && constants > 500)

        // The kernel objects and parameters of mpabi_kernel_types.h, in both families, with the
        // documented x64 sizes; every KDPC field (the current WDK form, not mingw's Windows 7 one).
        let kernelSizes: [String: Int64] = [
            "DISPATCHER_HEADER": 24, "KEVENT": 24, "KSEMAPHORE": 32, "KMUTANT": 56, "KMUTEX": 56, "KTIMER": 64,
            "KDPC": 64, "KWAIT_BLOCK": 48, "KSPIN_LOCK_QUEUE": 16, "KLOCK_QUEUE_HANDLE": 24, "MDL": 48,
            "TIME_FIELDS": 16, "PROCESSOR_NUMBER": 4, "GROUP_AFFINITY": 16, "RTL_QUERY_REGISTRY_TABLE": 56,
            "CLIENT_ID": 16,
        ]
        for family in ["scsiport", "storport"] {
            for (name, size) in kernelSizes {
                #expect(record(family, name)?.size == size, "\(family) \(name)")
            }
        }
        let dpcFields = golden.entries.filter { $0.family == "scsiport" && $0.record == "KDPC" && $0.kind == "field" }
            .map { $0.name! }
        #expect(dpcFields == ["TargetInfoAsUlong", "Type", "Importance", "Number", "DpcListEntry", "DpcListEntry.Next",
                              "ProcessorHistory", "DeferredRoutine", "DeferredContext", "SystemArgument1",
                              "SystemArgument2", "DpcData"])
        func constant(_ name: String) -> Int64? {
            golden.entries.first { $0.family == "storport" && $0.kind == "constant" && $0.name == name }?.value
        }
        #expect(constant("NonPagedPoolNx") == 512)
        #expect(constant("POOL_FLAG_NON_PAGED") == 0x40)
        #expect(constant("SynchronizationEvent") == 1)
        #expect(constant("WrDispatchInt") != nil)
        #expect(constant("UserMode") == 1)
        #expect(constant("MmWriteCombined") == 2)
        #expect(constant("DelayedWorkQueue") == 1)
        #expect(constant("DPFLTR_MASK") == 0x80000000)
        #expect(constant("MDL_MAPPED_TO_SYSTEM_VA") == 1)
    }

    @Test("A deliberately wrong layout is caught: the comparison is not vacuous")
    func brokenLayoutIsCaught() throws {
        let golden = try GoldenTable.load()
        var compiled = ABILayout.allEntries()
        // Move one field, resize one record, shift one bit-field and change one constant.
        func mutate(_ predicate: (ABILayoutEntry) -> Bool, _ change: (inout ABILayoutEntry) -> Void) {
            let index = compiled.firstIndex(where: predicate)!
            change(&compiled[index])
        }
        mutate({ $0.record == "SCSI_REQUEST_BLOCK" && $0.name == "DataBuffer" }) { $0.value += 4 }
        mutate({ $0.family == .storPort && $0.record == "PORT_CONFIGURATION_INFORMATION" && $0.kind == .record }) { $0.value = 216 }
        mutate({ $0.record == "STOR_DEVICE_CAPABILITIES" && $0.name == "DeviceD1" }) { $0.bitOffset = 16 }
        mutate({ $0.name == "SRB_STATUS_BUS_RESET" }) { $0.value = 0x0F }
        let problems = layoutDifferences(golden: golden.entries, compiled: compiled)
        #expect(problems.count == 4)
        #expect(problems.contains("SCSI_REQUEST_BLOCK.DataBuffer: offset 28, Windows x64 24"))
        #expect(problems.contains("PORT_CONFIGURATION_INFORMATION: size 216, Windows x64 224"))
        #expect(problems.contains("STOR_DEVICE_CAPABILITIES.DeviceD1: bits 16+1, Windows x64 32+1"))
        #expect(problems.contains("SRB_STATUS_BUS_RESET = 15, Windows x64 14"))
    }

    @Test("Swift sees the same layouts through the CMiniportABI module")
    func swiftImportMatches() {
        #expect(MemoryLayout<SCSI_REQUEST_BLOCK>.size == 88)
        #expect(MemoryLayout<SCSI_REQUEST_BLOCK>.offset(of: \SCSI_REQUEST_BLOCK.Cdb) == 72)
        #expect(MemoryLayout<SCSI_REQUEST_BLOCK>.offset(of: \SCSI_REQUEST_BLOCK.DataBuffer) == 24)
        #expect(MemoryLayout<PORT_CONFIGURATION_INFORMATION>.size == 152)
        #expect(MemoryLayout<HW_INITIALIZATION_DATA>.size == 128)
        #expect(MemoryLayout<STOR_PORT_CONFIGURATION_INFORMATION>.size == 224)
        #expect(MemoryLayout<STOR_HW_INITIALIZATION_DATA>.size == 208)
        #expect(MemoryLayout<STOR_DEVICE_CAPABILITIES>.size == 8)
        #expect(MemoryLayout<LARGE_INTEGER>.size == 8)
        #expect(MemoryLayout<ULONG>.size == 4)
        #expect(MemoryLayout<WCHAR>.size == 2)
        #expect(MemoryLayout<BOOLEAN>.size == 1)
        #expect(MemoryLayout<INTERFACE_TYPE>.size == 4)
    }
}
