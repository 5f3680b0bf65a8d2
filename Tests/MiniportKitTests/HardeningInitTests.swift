import CMiniportABI
import Foundation
import MiniportHBA
import MiniportPlatform
import Testing
@testable import MiniportKit

#if canImport(Glibc)
import Glibc
#endif

/// Fixtures/init_data.c, loaded with hostile HW_INITIALIZATION_DATA and
/// PORT_CONFIGURATION_INFORMATION values (the layout of its InitDataInput is described there).
/// The builds are held open here, so the input written into them before a load is what their
/// DriverEntry and HwFindAdapter see.
final class InitDataHarness {
    static let inputSize = 0x1B8
    static let hwOffset = 0x004
    static let configOffset = 0x0D4
    let paths: [String]
    private var handles: [UnsafeMutableRawPointer] = []
    private let directory: URL

    init() throws {
        directory = try FixtureBuilder.scratchDirectory()
        paths = [
            try FixtureBuilder.buildSharedObject(["init_data.c"], name: "init_data_scsiport.so", in: directory),
            try FixtureBuilder.buildSharedObject(["init_data.c"], name: "init_data_storport.so",
                                                 extraFlags: ["-DINIT_DATA_STORPORT"], in: directory),
        ]
        for path in paths {
            guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else { throw InitDataError.cannotOpen(path) }
            handles.append(handle)
        }
    }

    deinit {
        for handle in handles { dlclose(handle) }
        try? FileManager.default.removeItem(at: directory)
    }

    enum InitDataError: Error { case cannotOpen(String) }

    /// What one input did.
    struct Outcome {
        var storPort: Bool
        var loaded: Bool
        var violations: [Violation]
        var failure: String?
        /// The adapter's limits after HwFindAdapter, when one came up.
        var numberOfBuses: Int?
        var maximumTransferLength: UInt32?
        var srbExtensionSize: Int?
    }

    /// Loads the build the control word names with `input` (zero-padded) on a fresh machine,
    /// and, if an adapter came up, runs one READ and checks the extension guards.
    func run(_ input: [UInt8]) throws -> Outcome {
        var bytes = Array(input.prefix(Self.inputSize))
        bytes += [UInt8](repeating: 0, count: Self.inputSize - bytes.count)
        let storPort = bytes[0] & 1 != 0
        let index = storPort ? 1 : 0
        let symbol = try #require(dlsym(handles[index], "InitDataInput"))
        symbol.copyMemory(from: bytes, byteCount: bytes.count)
        let test = try TestMachine()
        do {
            let driver = try PortDriver.load(path: paths[index], machine: test.machine)
            var outcome = Outcome(storPort: storPort, loaded: true, violations: [], failure: nil)
            if let adapter = driver.adapters.first {
                outcome.numberOfBuses = adapter.numberOfBuses
                outcome.maximumTransferLength = adapter.maximumTransferLength
                outcome.srbExtensionSize = adapter.srbExtensionSize
                let buffer = TransferBuffer(count: 512)
                _ = adapter.execute(.init(cdb: [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], direction: .dataIn, buffer: buffer.bytes))
            }
            driver.checkExtensionGuards()
            outcome.violations = driver.violations
            return outcome
        } catch {
            return Outcome(storPort: storPort, loaded: false, violations: error.violations, failure: error.description)
        }
    }
}

/// A small deterministic generator (SplitMix64): the same seed gives the same inputs on every run.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

@Suite("Hardening: hostile HW_INITIALIZATION_DATA and PORT_CONFIGURATION_INFORMATION")
struct HardeningInitTests {
    static func put32(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
        for byte in 0..<4 { bytes[offset + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(byte))) }
    }

    /// HW_INITIALIZATION_DATA counts and sizes (offsets in the structure).
    static let hwFields: [(name: String, offset: Int)] = [
        ("DeviceExtensionSize", 0x40), ("SpecificLuExtensionSize", 0x44), ("SrbExtensionSize", 0x48),
        ("NumberOfAccessRanges", 0x4C),
    ]
    /// PORT_CONFIGURATION_INFORMATION values a miniport sets (32-bit ones).
    static let configFields: [Int] = [0x18, 0x1C, 0x30, 0x34, 0x84, 0x88, 0x8C, 0x94, 0xA0, 0xC0, 0xC8, 0xCC, 0xD0, 0xD4,
                                      0xD8, 0xDC]
    static let extremes: [UInt32] = [0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x7FFF_FFFF, 0xFFFF_FFF8, 0xFFFF_F000, 0xFFFF_0000,
                                     1 << 20, (1 << 20) + 1, 64, 65, 4096]

    /// A "good" input: random configuration bytes, sane HW_INITIALIZATION_DATA sizes.
    static func baseline(storPort: Bool) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: InitDataHarness.inputSize)
        bytes[0] = storPort ? 1 : 0
        put32(64, at: InitDataHarness.hwOffset + 0x40, in: &bytes)
        put32(2, at: InitDataHarness.hwOffset + 0x4C, in: &bytes)
        put32(0xFFFF_FFFF, at: InitDataHarness.configOffset + 0x18, in: &bytes)   // MaximumTransferLength: SP_UNINITIALIZED_VALUE
        return bytes
    }

    @Test("Each HW_INITIALIZATION_DATA count or size at an extreme is refused as init.bad-arguments naming it, or accepted",
          arguments: [false, true])
    func extremeInitializationData(storPort: Bool) throws {
        let harness = try InitDataHarness()
        for field in Self.hwFields {
            let values: [UInt32] = [0xFFFF_FFFF, 0x8000_0000, 0xFFFF_FFF0, (1 << 20) + 1, 65]
            for value in values {
                var input = Self.baseline(storPort: storPort)
                Self.put32(value, at: InitDataHarness.hwOffset + field.offset, in: &input)
                let outcome = try harness.run(input)
                let limit: UInt32 = field.name == "NumberOfAccessRanges" ? 64 : 1 << 20
                if value > limit {
                    #expect(!outcome.loaded, "\(field.name) \(value)")
                    #expect(outcome.violations.map(\.rule) == ["init.bad-arguments"], "\(field.name) \(value)")
                    #expect(outcome.violations.first?.detail.contains("\(field.name) is \(value)") == true,
                            "\(outcome.violations)")
                } else {
                    #expect(outcome.loaded && outcome.violations.isEmpty, "\(field.name) \(value): \(outcome)")
                }
            }
        }
    }

    @Test("ConfigInfo MaximumTransferLength 0 and NumberOfBuses 200 are refused, named, and replaced", arguments: [false, true])
    func extremeConfiguration(storPort: Bool) throws {
        let harness = try InitDataHarness()
        var input = Self.baseline(storPort: storPort)
        Self.put32(0, at: InitDataHarness.configOffset + 0x18, in: &input)
        input[InitDataHarness.configOffset + 0x48] = 200
        let outcome = try harness.run(input)
        #expect(outcome.loaded)
        #expect(outcome.violations.map(\.rule) == ["init.bad-arguments", "init.bad-arguments"])
        #expect(outcome.violations.map(\.routine) == ["HwFindAdapter", "HwFindAdapter"])
        #expect(outcome.violations.first?.detail.contains("MaximumTransferLength is 0") == true)
        #expect(outcome.violations.last?.detail.contains("NumberOfBuses is 200") == true)
        #expect(outcome.numberOfBuses == 8 && outcome.maximumTransferLength == 64 * 1024)
    }

    @Test("8 buses x 255 targets x 255 LUNs with a 4 KiB LU extension: more logical units than the port affords; refused and bounded",
          arguments: [false, true])
    func scanBudget(storPort: Bool) throws {
        let harness = try InitDataHarness()
        var input = Self.baseline(storPort: storPort)
        Self.put32(4096, at: InitDataHarness.hwOffset + 0x44, in: &input)
        input[InitDataHarness.configOffset + 0x48] = 8
        input[InitDataHarness.configOffset + 0x61] = 255
        input[InitDataHarness.configOffset + 0x92] = 255
        let outcome = try harness.run(input)
        #expect(outcome.loaded)
        #expect(outcome.violations.map(\.rule) == ["init.bad-arguments"])
        #expect(outcome.violations.first?.detail.contains("MaximumNumberOfLogicalUnits is 255") == true, "\(outcome.violations)")
    }

    @Test("Random and extreme HW_INITIALIZATION_DATA / PORT_CONFIGURATION_INFORMATION (seeded): survived, refusals are rules")
    func randomized() throws {
        let harness = try InitDataHarness()
        var random = SplitMix64(state: 0x17_1717)
        var refused = 0, loaded = 0
        for round in 0..<400 {
            var input = (0..<InitDataHarness.inputSize).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            // Mostly keep the interface type, find-adapter result and ID lengths sane, so that a
            // failed load can only be a refusal (and must then carry a rule).
            var control = UInt32(random.next() & 1)
            for bit: UInt32 in [0x02, 0x08, 0x40] where random.below(8) == 0 { control |= bit }
            if random.below(8) == 0 { control |= UInt32(random.next() & 0x34) }
            Self.put32(control, at: 0, in: &input)
            input[1] = UInt8(truncatingIfNeeded: random.next())
            for field in Self.hwFields {
                let value: UInt32
                switch random.below(10) {
                case 0: value = Self.extremes[random.below(Self.extremes.count)]
                case 1: value = UInt32(truncatingIfNeeded: random.next())
                default: value = UInt32(random.below(field.name == "NumberOfAccessRanges" ? 8 : 4096))
                }
                Self.put32(value, at: InitDataHarness.hwOffset + field.offset, in: &input)
            }
            if control & 0x08 != 0 {
                let sizes: [UInt32] = [0, 120, 127, 128, 129, 136, 176, 208, 224, 0xFFFF_FFFF, 0x8000_0000]
                Self.put32(sizes[random.below(sizes.count)], at: InitDataHarness.hwOffset, in: &input)
            }
            for offset in Self.configFields where random.below(2) == 0 {
                Self.put32(Self.extremes[random.below(Self.extremes.count)], at: InitDataHarness.configOffset + offset, in: &input)
            }
            // Keep most scans small (targets and LUNs are scanned one by one).
            if random.below(4) != 0 { input[InitDataHarness.configOffset + 0x61] %= 4 }
            if random.below(4) != 0 { input[InitDataHarness.configOffset + 0x92] %= 4 }

            let outcome = try harness.run(input)
            let expectRule = control & 0x34 == 0
            if outcome.loaded {
                loaded += 1
                #expect(Set(outcome.violations.map(\.rule)).isSubset(of: ["init.bad-arguments"]),
                        "round \(round): \(outcome.violations)")
                if let buses = outcome.numberOfBuses { #expect((1...8).contains(buses)) }
                if let length = outcome.maximumTransferLength { #expect(length > 0) }
            } else {
                refused += 1
                if expectRule {
                    #expect(!outcome.violations.isEmpty, "round \(round): refused without a rule: \(outcome.failure ?? "")")
                    #expect(outcome.violations.allSatisfy { $0.rule.hasPrefix("init.") }, "round \(round): \(outcome.violations)")
                }
            }
        }
        // The generator reaches both outcomes (a check on the test itself).
        #expect(refused > 50 && loaded > 50, "refused \(refused), loaded \(loaded)")
    }
}
