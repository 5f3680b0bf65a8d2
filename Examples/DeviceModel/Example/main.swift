// device-model-example: a device model of one's own, driven by a miniport written for it.
//
// It plugs the toy block controller (Examples/DeviceModel/ToyDeviceModel) into every machine
// the runner builds (MiniportRunner.controllerFactory), builds toyblock.c, runs it (bring-up,
// the verified read/write pass, a crash dump and the reboot that reads it back), then runs the
// verify scenarios: normal with injected faults, crash, hibernation.
//
//     swift run device-model-example
//     swift run device-model-example --windows          # build toyblock.c as a Windows .sys
//     swift run device-model-example --no-msi           # no MSI-X granted: the miniport uses INTA#
//     swift run device-model-example path/to/other.c    # another miniport for the same device
//
// The exit status is 0 when everything passed.

import Foundation
import MiniportKit
import MiniportPlatform
import MiniportSCSI
import ToyDeviceModel

struct NoDisk: Error, CustomStringConvertible {
    var description: String { "the toy controller needs one disk" }
}

var arguments = Array(CommandLine.arguments.dropFirst())
let windows = arguments.contains("--windows")
let noMSI = arguments.contains("--no-msi")
arguments.removeAll { $0.hasPrefix("--") }

do {
    let source = try arguments.first
        ?? SDKLocator.root(explicit: nil).appendingPathComponent("Examples/DeviceModel/toyblock.c").path
    var runner = MiniportRunner(miniportPath: source, disks: [.ram(bytes: 16 << 20, blockSize: 512)])
    // The one line that puts your hardware in the machine: called for every machine the
    // runner builds (the boot, the reboot after a crash, the resume after hibernation).
    runner.controllerFactory = { _, disks in
        guard let disk = disks.first else { throw NoDisk() }
        return ToyBlockController(disk: disk)
    }
    runner.buildTarget = windows ? .windows : .linux
    runner.parameters.messageSignaledInterrupts = !noMSI
    runner.progress = { print("  \($0)") }

    print("run \(source) on the toy block controller (\(windows ? ".sys" : ".so"), \(noMSI ? "INTx" : "MSI-X"))")
    let report = try runner.run()
    print("run: \(report.succeeded ? "passed" : "FAILED"): \(report.io.reads) reads, \(report.io.writes) writes, "
        + "\(report.io.bytes) bytes" + (report.dump.map { ", crash dump \($0.bytes) bytes verified: \($0.verified)" } ?? ""))
    var passed = report.succeeded
    for line in report.errors + report.violations.map(\.description) { print("  \(line)") }

    runner.progress = nil
    for scenario in MiniportRunner.Scenario.allCases {
        let outcome = runner.run(scenario)
        print("verify \(scenario.rawValue): \(outcome.passed ? "passed" : "FAILED")")
        for line in outcome.errors + outcome.violations.map(\.description) { print("  \(line)") }
        passed = passed && outcome.passed
    }
    exit(passed ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("device-model-example: \(error)\n".utf8))
    exit(2)
}
