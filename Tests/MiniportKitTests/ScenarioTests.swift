import Foundation
import Testing
@testable import MiniportKit

/// The scenarios `miniport verify` runs, in process: the example miniports pass every one.
@Suite("Verify scenarios: normal with faults, crash with I/O in flight, hibernate and resume")
struct ScenarioTests {
    @Test("Both example miniports pass every scenario with no violation and a validated image",
          arguments: ExampleMiniport.allCases, MiniportRunner.Scenario.allCases)
    func examplesPass(_ miniport: ExampleMiniport, _ scenario: MiniportRunner.Scenario) throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runner = MiniportRunner(miniportPath: try miniport.image(in: dir), sdkRoot: FixtureBuilder.root.path)
        let report = runner.run(scenario)
        #expect(report.passed, "\(report.violations) \(report.errors)")
        #expect(report.name == scenario.rawValue)
        switch scenario {
        case .normal:
            #expect(report.dump == nil)
            #expect(report.log.contains { $0.contains("HwResetBus") || $0.contains("timed out") }, "the timeout fault ran")
        case .crash:
            let dump = try #require(report.dump)
            #expect(dump.mode == "crash" && dump.verified && dump.interrupts == 0)
            #expect(dump.inFlight == MiniportRunner.crashInFlight, "the crash came with WRITEs outstanding")
            #expect(dump.image.hasPrefix("dump_"))
        case .hiber:
            let dump = try #require(report.dump)
            #expect(dump.mode == "hiber" && dump.verified && dump.image.hasPrefix("hiber_"))
            #expect(report.log.contains { $0.hasPrefix("resume: ") }, "read back through the hibernation copy")
        }
    }

    @Test("A miniport that reports success without moving data fails the normal scenario")
    func faultsAreChecked() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // hostile.c completes every READ and WRITE with success without moving data.
        let path = try HostileMiniportTests.build(.alignment, in: dir)
        let report = MiniportRunner(miniportPath: path, sdkRoot: FixtureBuilder.root.path).run(.normal)
        #expect(!report.passed)
        #expect(report.errors.contains { $0.contains("mismatches") }, "\(report.errors)")
    }
}
