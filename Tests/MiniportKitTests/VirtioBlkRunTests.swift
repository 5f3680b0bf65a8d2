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

        /// What the driver prints once the device runs: the interface and the interrupt kind.
        var expectedLines: [String] {
            [legacy ? "found legacy interface" : "found modern interface", msi ? "MSI-X" : "INTx"]
        }
    }

    static let configurations: [Configuration] = [
        .init(adapter: .virtioBlkModern, target: .linux, msi: true, legacy: false),
        .init(adapter: .virtioBlkModern, target: .windows, msi: false, legacy: false),
        .init(adapter: .virtioBlk, target: .linux, msi: false, legacy: true),
        .init(adapter: .virtioBlk, target: .windows, msi: true, legacy: true),
    ]

    func runner(_ configuration: Configuration, image: String) -> MiniportRunner {
        var runner = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path)
        runner.adapter = configuration.adapter
        runner.dumpMemoryBytes = 1 << 20
        runner.parameters.messageSignaledInterrupts = configuration.msi
        if configuration.legacy { runner.parameters["VirtioLegacy"] = .dword(1) }
        return runner
    }

    /// Builds the example as `.so` and `.sys` (with -Werror) into `directory`.
    static func images(in directory: URL) throws -> [MiniportBuildTarget: String] {
        let path = FixtureBuilder.root.appendingPathComponent(source).path
        var images: [MiniportBuildTarget: String] = [:]
        for target in MiniportBuildTarget.allCases {
            let output = directory.appendingPathComponent("virtioblk.\(target.imageExtension)").path
            try MiniportBuilder.build(sources: [path], output: output, sdkRoot: FixtureBuilder.root,
                                      werror: true, target: target)
            images[target] = output
        }
        return images
    }

    @Test("Every scenario passes on both devices, as .so and .sys, with MSI-X and INTx; the main run moves verified data")
    func everyScenario() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = try Self.images(in: directory)

        for configuration in Self.configurations {
            let runner = runner(configuration, image: try #require(images[configuration.target]))
            for scenario in MiniportRunner.Scenario.allCases {
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

        // The main job (bring-up, scan, verified I/O, crash dump) on each device.
        for configuration in [Self.configurations[0], Self.configurations[2]] {
            let report = try runner(configuration, image: try #require(images[configuration.target])).run()
            #expect(report.succeeded, "\(configuration): \(report.errors) \(report.violations)")
            #expect(report.io.reads > 0 && report.io.writes > 0 && report.io.mismatches == 0, "\(configuration)")
        }
    }
}
