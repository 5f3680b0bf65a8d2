import CMiniportABI
import Foundation
import MiniportBusLogic
import Testing
@testable import MiniportKit

/// Examples/BusLogicMiniport/buslogic.c on the BusLogic BT-958 model, built as a Linux `.so` and
/// as a Windows `.sys`: every scenario (normal with faults, crash dump, hibernation) passes, and
/// both images give the same outcome.
@Suite("BusLogic miniport on the BT-958 model")
struct BusLogicRunTests {
    @Test("buslogic.c passes every scenario as .so and as .sys, with the same results")
    func everyScenario() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = FixtureBuilder.root.appendingPathComponent(AdapterKind.buslogic.exampleMiniport).path
        var images: [MiniportBuildTarget: String] = [:]
        for target in MiniportBuildTarget.allCases {
            let output = directory.appendingPathComponent("buslogic.\(target.imageExtension)").path
            try MiniportBuilder.build(sources: [path], output: output, sdkRoot: FixtureBuilder.root, target: target)
            images[target] = output
        }
        for scenario in MiniportRunner.Scenario.allCases {
            var outcomes: [MiniportBuildTarget: String] = [:]
            for (target, image) in images {
                var runner = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path)
                runner.adapter = .buslogic
                runner.dumpMemoryBytes = 1 << 20
                let report = runner.run(scenario)
                #expect(report.passed, "\(target) \(scenario): errors \(report.errors), rules \(report.violations.map(\.rule))")
                #expect(report.violations.isEmpty, "\(target) \(scenario): \(report.violations.map(\.rule))")
                if scenario != .normal { #expect(report.dump?.verified == true, "\(target) \(scenario)") }
                if scenario == .normal {
                    // The fault pass stopped the adapter; the miniport restarted it from a hard reset.
                    #expect(report.log.contains { $0.contains("buslogic: restarting the adapter") }, "\(target): \(report.log.suffix(20))")
                }
                outcomes[target] = "passed=\(report.passed) errors=\(report.errors) "
                    + "dump=\(report.dump.map { "\($0.mode) requests=\($0.requests) interrupts=\($0.interrupts)" } ?? "-")"
            }
            #expect(outcomes[.linux] == outcomes[.windows], "\(scenario): \(outcomes)")
        }
    }

    @Test("The machine the runner builds for buslogic has the BT-958 at 104B:1040 and DMA below 4 GiB")
    func machine() throws {
        var runner = MiniportRunner(miniportPath: nil, sdkRoot: FixtureBuilder.root.path)
        runner.adapter = .buslogic
        let (machine, controller) = try runner.makeMachine(disks: [])
        let adapter = try #require(controller as? BusLogicAdapter)
        #expect(adapter.identity.vendorID == 0x104B && adapter.identity.deviceID == 0x1040)
        #expect(machine.memory.mappingBase + machine.memory.mappingWindow * 1024 <= 1 << 32)
    }

    @Test("RESET_DEVICE reaches the adapter as a BUS DEVICE RESET CCB and ends a held command")
    func deviceReset() throws {
        var runner = MiniportRunner(miniportPath: nil, sdkRoot: FixtureBuilder.root.path)
        runner.adapter = .buslogic
        let session = try runner.boot()
        defer { session.unload() }
        session.consumeUnitAttentions()
        let adapter = try #require(session.controller as? BusLogicAdapter)
        let port = try #require(session.driver.adapters.first)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 4096, alignment: 4096)
        defer { buffer.deallocate() }
        buffer.initializeMemory(as: UInt8.self, repeating: 0x3C)
        adapter.faults.inject(.timeout, count: 1)
        let write = PortAdapter.Request(pathId: 0, targetId: 0, lun: 0, cdb: [0x2A, 0, 0, 0, 0, 64, 0, 0, 8, 0],
                                        direction: .dataOut, buffer: buffer, timeout: 30)
        #expect(port.issueWithoutWaiting([write]) == 1)
        #expect(adapter.outstandingCommands == 1)
        let resets = adapter.resetsPerformed
        var reset = PortAdapter.Request(pathId: 0, targetId: 0, lun: 0, cdb: [0, 0, 0, 0, 0, 0])
        reset.function = UInt8(SRB_FUNCTION_RESET_DEVICE)
        let result = port.execute(reset)
        #expect(result.srbStatus & 0x3F == UInt8(SRB_STATUS_SUCCESS), "\(result)")
        #expect(adapter.resetsPerformed == resets + 1)
        #expect(adapter.outstandingCommands == 0)
        #expect(session.driver.violations.isEmpty, "\(session.driver.violations)")
    }

    @Test("A soak with faults on the BT-958 passes: no mismatch, no lost write, one completion per request")
    func soak() throws {
        var options = Soak.Configuration(operations: 2000, seed: 958, faults: true)
        options.adapter = .buslogic
        options.sdkRoot = FixtureBuilder.root.path
        let report = try Soak(options).run()
        #expect(report.passed, "\(report.problems) \(report.violations)")
        #expect(report.faultsInjected.timeouts > 0 && report.faultsInjected.lostInterrupts > 0 && report.faultsInjected.busResets > 0)
        #expect(report.mismatches == 0 && report.lostWrites == 0)
        #expect(report.doubleCompletions == 0 && report.missingCompletions == 0)
    }
}
