import Foundation
import MiniportPlatform
import MiniportSCSI
import MiniportVirtio
import CMiniportABI
import Testing
@testable import MiniportKit

/// The virtio-scsi example miniport (Examples/VirtioScsiMiniport/virtioscsi.c, extended SRBs) on
/// both virtio-scsi devices, built as a `.so` and as a `.sys`, with MSI-X and with INTx: every
/// verifier scenario (faults, crash dump, hibernation) passes with the recoveries in the log, the
/// scan finds the disk behind the device, and the main run reads back what it wrote. Each device
/// runs the scenarios with one image and interrupt kind and the main job with the other.
@Suite("virtio-scsi example miniport")
struct VirtioScsiRunTests {
    static let source = "Examples/VirtioScsiMiniport/virtioscsi.c"

    /// One machine configuration the example runs on.
    struct Configuration: CustomStringConvertible {
        var adapter: AdapterKind
        var target: MiniportBuildTarget
        var msi: Bool

        var description: String { "\(adapter) \(target.imageExtension) \(msi ? "MSI-X" : "INTx")" }
    }

    /// Every scenario runs on these.
    static let scenarioConfigurations: [Configuration] = [
        .init(adapter: .virtioScsiModern, target: .linux, msi: true),
        .init(adapter: .virtioScsi, target: .windows, msi: false),
    ]

    /// The main job runs on these (the other image and interrupt kind for each device).
    static let runConfigurations: [Configuration] = [
        .init(adapter: .virtioScsiModern, target: .windows, msi: false),
        .init(adapter: .virtioScsi, target: .linux, msi: true),
    ]

    func runner(_ configuration: Configuration, image: String) -> MiniportRunner {
        var runner = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path)
        runner.adapter = configuration.adapter
        runner.dumpMemoryBytes = 1 << 20
        runner.parameters.messageSignaledInterrupts = configuration.msi
        return runner
    }

    /// Builds the example as `.so` and `.sys` (with -Werror) into `directory`.
    static func images(in directory: URL) throws -> [MiniportBuildTarget: String] {
        let path = FixtureBuilder.root.appendingPathComponent(source).path
        var images: [MiniportBuildTarget: String] = [:]
        for target in MiniportBuildTarget.allCases {
            let output = directory.appendingPathComponent("virtioscsi.\(target.imageExtension)").path
            try MiniportBuilder.build(sources: [path], output: output, sdkRoot: FixtureBuilder.root,
                                      werror: true, target: target)
            images[target] = output
        }
        return images
    }

    @Test("Every scenario passes on both devices with MSI-X and INTx; the main run, .so and .sys, moves verified data")
    func everyScenario() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let images = try Self.images(in: directory)

        for configuration in Self.scenarioConfigurations {
            let runner = runner(configuration, image: try #require(images[configuration.target]))
            for scenario in MiniportRunner.Scenario.allCases {
                let report = runner.run(scenario)
                #expect(report.passed, "\(configuration), \(scenario): \(report.violations) \(report.errors)")
                if scenario == .normal {
                    let interrupts = configuration.msi ? "MSI-X" : "INTx"
                    #expect(report.log.contains { $0.contains("virtioscsi: running, \(interrupts)") },
                            "\(configuration): the device did not start with \(interrupts)")
                    // The fault pass: timeouts recovered through HwResetBus, and the controller
                    // fatal error (DEVICE_NEEDS_RESET) through a device reset.
                    #expect(report.log.contains { $0.contains("timed out on path 0: HwResetBus") }, "\(configuration)")
                    #expect(report.log.contains { $0.contains("virtioscsi: device status") && $0.contains("resetting") },
                            "\(configuration): no DEVICE_NEEDS_RESET recovery in the log")
                } else {
                    #expect(report.dump?.verified == true, "\(configuration), \(scenario): dump not verified")
                }
            }
        }

        // The main job (bring-up, scan, verified I/O, crash dump) on each device.
        for configuration in Self.runConfigurations {
            let report = try runner(configuration, image: try #require(images[configuration.target])).run()
            #expect(report.succeeded, "\(configuration): \(report.errors) \(report.violations)")
            let devices = report.adapters.flatMap(\.devices)
            #expect(!devices.isEmpty && devices.allSatisfy { $0.lun == 0 }, "\(configuration): \(devices)")
            #expect(report.io.reads > 0 && report.io.writes > 0 && report.io.mismatches == 0, "\(configuration)")
        }
    }

    @Test("A device with three request queues gets one MSI-X message per queue and passes the fault pass")
    func multipleRequestQueues() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("virtioscsi.so").path
        try MiniportBuilder.build(sources: [FixtureBuilder.root.appendingPathComponent(Self.source).path], output: image,
                                  sdkRoot: FixtureBuilder.root, werror: true, target: .linux)

        var runner = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path)
        runner.controllerFactory = { _, disks in
            var targets: [SCSITarget] = []
            for (index, disk) in disks.enumerated() {
                let target = SCSITarget(id: UInt8(index))
                try target.attach(disk, lun: 0)
                targets.append(target)
            }
            return VirtioPCIDevice(backend: VirtioSCSIBackend(targets: targets, options: VirtioSCSIOptions(requestQueues: 3)))
        }
        let report = runner.run(.normal)
        #expect(report.passed, "\(report.violations) \(report.errors)")
        // Six messages (configuration, control/event, three queues) of the table's six.
        #expect(report.log.contains { $0.contains("virtioscsi: 3 request queue(s)") })
        #expect(report.log.contains { $0.contains("virtioscsi: running, MSI-X, 6 messages") })
    }

    @Test("A hot-plugged target arrives as a transport-reset event and the rescan finds it; LUN and target resets are TMFs")
    func hotPlug() throws {
        let directory = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let image = directory.appendingPathComponent("virtioscsi.so").path
        try MiniportBuilder.build(sources: [FixtureBuilder.root.appendingPathComponent(Self.source).path], output: image,
                                  sdkRoot: FixtureBuilder.root, werror: true, target: .linux)

        var runner = MiniportRunner(miniportPath: image, sdkRoot: FixtureBuilder.root.path)
        runner.adapter = .virtioScsiModern
        let session = try runner.boot()
        defer { _ = session.unload() }
        let device = try #require(session.controller as? VirtioPCIDevice)
        let backend = try #require(device.backend as? VirtioSCSIBackend)
        let adapter = try #require(session.driver.adapters.first)
        #expect(adapter.devices.map(\.targetId) == [0])

        let target = SCSITarget(id: 5)
        try target.attach(SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 64)), lun: 0)
        backend.attach(target)
        // The next request lets the port run: the event interrupt, the DPC's BusChangeDetected, the rescan.
        #expect(adapter.execute(PortAdapter.Request(cdb: [0, 0, 0, 0, 0, 0])).succeeded)
        #expect(adapter.devices.map(\.targetId) == [0, 5])

        // LUN and target resets go to the control queue as task management functions: they
        // succeed without resetting the device, and the disks go on working.
        let resetsBefore = device.resetsPerformed
        for function in [SRB_FUNCTION_RESET_LOGICAL_UNIT, SRB_FUNCTION_RESET_DEVICE] {
            var reset = PortAdapter.Request(targetId: 5, cdb: [0, 0, 0, 0, 0, 0])
            reset.function = UInt8(function)
            #expect(adapter.execute(reset).succeeded, "function 0x\(String(function, radix: 16))")
        }
        #expect(device.resetsPerformed == resetsBefore)
        // The reset leaves a unit attention, reported with autosense; then the disk is ready.
        let attention = adapter.execute(PortAdapter.Request(targetId: 5, cdb: [0, 0, 0, 0, 0, 0]))
        #expect(attention.srbStatus == UInt8(SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID))
        #expect(attention.scsiStatus == UInt8(SCSISTAT_CHECK_CONDITION))
        #expect(attention.sense.count >= 13 && attention.sense[2] & 0x0F == 6 && attention.sense[12] == 0x29)
        #expect(adapter.execute(PortAdapter.Request(targetId: 5, cdb: [0, 0, 0, 0, 0, 0])).succeeded)
    }
}
