import Foundation
import Testing
@testable import MiniportKit

/// The virtio-blk example miniport (Examples/VirtioBlkMiniport/virtioblk.c) on both virtio-blk
/// devices, built as a `.so` and as a `.sys`, with MSI-X and with INTx, through the legacy and the
/// modern interface: every verifier scenario (faults, crash dump, hibernation) passes, and the
/// main run's I/O reads back what it wrote.
@Suite("virtio-blk example miniport")
struct VirtioBlkRunTests {
    static let source = "Examples/VirtioBlkMiniport/virtioblk.c"

    /// One machine configuration the example runs on.
    struct Configuration: CustomStringConvertible {
        var adapter: AdapterKind
        var target: MiniportBuildTarget
        var msi: Bool
        var legacy: Bool

        var description: String {
            "\(adapter) \(target.imageExtension) \(msi ? "MSI-X" : "INTx")\(legacy ? " legacy" : "")"
        }

        /// What the driver prints in the fault pass: the interface and the interrupt kind it runs
        /// with, a reset the port asked for (the held command's timeout) and the recovery from
        /// DEVICE_NEEDS_RESET.
        var expectedLines: [String] {
            [legacy ? "found legacy interface" : "found modern interface", msi ? ", MSI-X" : ", INTx",
             "reset requested with", ": resetting"]
        }
    }

    func runner(_ configuration: Configuration, image: String) -> MiniportRunner {
        var runner = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path)
        runner.adapter = configuration.adapter
        runner.dumpMemoryBytes = 1 << 20
        runner.parameters.messageSignaledInterrupts = configuration.msi
        if configuration.legacy { runner.parameters["VirtioLegacy"] = .dword(1) }
        return runner
    }

    /// Builds the example for `target` (with -Werror) into `directory`.
    static func image(_ target: MiniportBuildTarget, in directory: URL) throws -> String {
        let output = directory.appendingPathComponent("virtioblk.\(target.imageExtension)").path
        try MiniportBuilder.build(sources: [FixtureBuilder.root.appendingPathComponent(source).path], output: output,
                                  sdkRoot: FixtureBuilder.root, werror: true, target: target)
        return output
    }

    /// Runs `scenarios` on `configuration` and checks each passed; the fault pass must show the
    /// interface, the interrupt kind and both recoveries in the driver's log.
    func check(_ configuration: Configuration, image: String, scenarios: [MiniportRunner.Scenario]) {
        let runner = runner(configuration, image: image)
        for scenario in scenarios {
            let report = runner.run(scenario)
            #expect(report.passed, "\(configuration), \(scenario): \(report.violations) \(report.errors)")
            if scenario == .normal {
                for line in configuration.expectedLines {
                    #expect(report.log.contains { $0.contains(line) }, "\(configuration): no \"\(line)\" in the log")
                }
            } else {
                #expect(report.dump?.verified == true, "\(configuration), \(scenario): dump not verified")
            }
        }
    }

    @Test("As a .so: every scenario on the modern device with MSI-X, the fault pass and the main run on the transitional one")
    func linuxImage() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try Self.image(.linux, in: directory)
        check(.init(adapter: .virtioBlkModern, target: .linux, msi: true, legacy: false), image: image,
              scenarios: MiniportRunner.Scenario.allCases)
        check(.init(adapter: .virtioBlk, target: .linux, msi: true, legacy: true), image: image, scenarios: [.normal])

        // The main job (bring-up, scan, verified I/O; the dump is covered above) through the
        // transitional device's modern interface, with INTx.
        var runner = runner(.init(adapter: .virtioBlk, target: .linux, msi: false, legacy: false), image: image)
        runner.crashDump = false
        let report = try runner.run()
        #expect(report.succeeded, "\(report.errors) \(report.violations)")
        #expect(report.io.reads > 0 && report.io.writes > 0 && report.io.mismatches == 0)
        #expect(report.adapters.count == 1)
    }

    @Test("As a .sys: every scenario on the transitional device's legacy interface with INTx, the fault pass on the modern one")
    func windowsImage() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = try Self.image(.windows, in: directory)
        check(.init(adapter: .virtioBlk, target: .windows, msi: false, legacy: true), image: image,
              scenarios: MiniportRunner.Scenario.allCases)
        check(.init(adapter: .virtioBlkModern, target: .windows, msi: true, legacy: false), image: image,
              scenarios: [.normal])
    }
}
