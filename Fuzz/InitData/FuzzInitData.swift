// fuzz-init: hostile HW_INITIALIZATION_DATA and PORT_CONFIGURATION_INFORMATION through the
// port's real ScsiPortInitialize / StorPortInitialize and HwFindAdapter handling.
//
// Each input is the InitDataInput block of Tests/MiniportKitTests/Fixtures/init_data.c (its
// layout is described there): a control word, a HW_INITIALIZATION_DATA and a
// PORT_CONFIGURATION_INFORMATION. The fixture is built twice (SCSI Port, StorPort) with `cc`
// when the target starts, both builds are held open, and every input is written into the build
// its control word names before that build is loaded on a fresh machine with the emulated HBA.
//
// What must hold (a violation aborts, which libFuzzer reports as a crash):
//   - no Swift runtime trap anywhere (overflow, bad index, huge allocation) — the process lives;
//   - a load that fails when the interface type, HwFindAdapter's result and the ID lengths
//     were left sane carries at least one init.* rule (every refusal is a recorded rule);
//   - a load that succeeds breaks no rule but init.bad-arguments, and the adapter's limits are
//     in range (1...8 buses, a non-zero MaximumTransferLength).
//
// The fixture is found under the SDK root (MINIPORT_SDK_ROOT, or found from the working
// directory). Normal build: `swift run fuzz-init FILE|DIRECTORY ...` replays the files; fuzz
// build: `Scripts/fuzz.sh fuzz-init SECONDS` (docs/hardening.md).
import Foundation
import MiniportHBA
import MiniportKit
import MiniportPlatform
import MiniportSCSI

#if canImport(Glibc)
import Glibc
#endif

/// The two fixture builds, held open for the life of the process.
final class InitDataTarget {
    static let inputSize = 0x1B8
    let paths: [String]
    let inputs: [UnsafeMutableRawPointer]

    init() {
        do {
            let root = try SDKLocator.root(explicit: ProcessInfo.processInfo.environment["MINIPORT_SDK_ROOT"])
            let source = root.appendingPathComponent("Tests/MiniportKitTests/Fixtures/init_data.c").path
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("fuzz-init-\(getpid())-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var paths: [String] = [], inputs: [UnsafeMutableRawPointer] = []
            for (name, defines) in [("init_data_scsiport.so", [String]()), ("init_data_storport.so", ["INIT_DATA_STORPORT"])] {
                let path = directory.appendingPathComponent(name).path
                try MiniportBuilder.build(sources: [source], output: path, sdkRoot: root, defines: defines)
                guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL), let input = dlsym(handle, "InitDataInput") else {
                    fatalError("fuzz-init: cannot open \(path)")
                }
                paths.append(path)
                inputs.append(input)
            }
            self.paths = paths
            self.inputs = inputs
        } catch {
            fatalError("fuzz-init: cannot build Fixtures/init_data.c: \(error)")
        }
    }

    /// What one input did, for the replay summary.
    struct Outcome {
        var storPort: Bool
        var loaded: Bool
        var rules: [String]
    }

    /// Runs one input; aborts when a property above does not hold.
    func run(_ data: UnsafeRawBufferPointer) -> Outcome {
        var bytes = [UInt8](repeating: 0, count: Self.inputSize)
        for index in 0..<min(data.count, Self.inputSize) { bytes[index] = data[index] }
        let control = UInt32(bytes[0]) | UInt32(bytes[1]) << 8
        let storPort = control & 1 != 0
        let build = storPort ? 1 : 0
        inputs[build].copyMemory(from: bytes, byteCount: bytes.count)
        let machine = Machine()
        let hba = EmulatedHBA(configuration: .init(), machine: machine)
        do {
            try machine.plug(hba, slot: 3)
            let target = SCSITarget(id: 0)
            try target.attach(SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 64)), lun: 0)
            try hba.attach(target, bus: 0)
        } catch {
            fatalError("fuzz-init: cannot build the machine: \(error)")
        }
        do {
            let driver = try PortDriver.load(path: paths[build], machine: machine)
            if let adapter = driver.adapters.first {
                guard (1...8).contains(adapter.numberOfBuses), adapter.maximumTransferLength > 0 else {
                    fail("adapter limits out of range: \(adapter.numberOfBuses) buses, "
                        + "MaximumTransferLength \(adapter.maximumTransferLength)")
                }
                let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 512, alignment: 512)
                defer { buffer.deallocate() }
                _ = adapter.execute(.init(cdb: [0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0], direction: .dataIn, buffer: buffer))
            }
            driver.checkExtensionGuards()
            let rules = driver.violations.map(\.rule)
            guard rules.allSatisfy({ $0 == "init.bad-arguments" }) else { fail("unexpected rules \(rules)") }
            return Outcome(storPort: storPort, loaded: true, rules: rules)
        } catch {
            let rules = error.violations.map(\.rule)
            // Interface type, HwFindAdapter's result or the ID lengths taken from the input may
            // legitimately find no adapter; anything else that fails must be a recorded rule.
            if control & 0x34 == 0, rules.isEmpty || !rules.allSatisfy({ $0.hasPrefix("init.") }) {
                fail("refused without an init rule: \(error)")
            }
            return Outcome(storPort: storPort, loaded: false, rules: rules)
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("fuzz-init: \(message)\n".utf8))
        abort()
    }
}

nonisolated(unsafe) let initDataTarget = InitDataTarget()

/// One input through the target (libFuzzer's callback, the replay's and FuzzReplayTests').
public func fuzzOne(_ input: UnsafeRawBufferPointer) {
    _ = initDataTarget.run(input)
}

/// Builds and opens the two fixture builds now (before libFuzzer starts its clock).
public func prepare() {
    _ = initDataTarget
}
