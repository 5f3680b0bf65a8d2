// consumer: what a program in another package does with MiniportKit.
//
//     swift run consumer [MINIPORT]     (a .c, .so or .sys; default: the SDK's example SCSI Port miniport)
//
// 1. builds the miniport from C (if it is C) with the SDK's headers and import stub, found as
//    the package resource that travels with this program (no path given anywhere);
// 2. runs the verifier's three scenarios on it (normal with injected faults, crash dump,
//    hibernation);
// 3. boots a machine of its own and writes and reads blocks through the disk class, both
//    synchronously and with Swift concurrency (AsyncDisk).
// The exit status is 0 when every scenario passed and every block read back as written.

import Foundation
import MiniportKit

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("consumer: \(message)\n".utf8))
    exit(1)
}

do {
    // The SDK's files: the resource bundle beside this executable.
    guard let sdk = SDKLocator.resourceBundle else { fail("the SDK's resource bundle is not beside the executable") }
    print("SDK headers: \(SDKLocator.headers(in: sdk).path)")

    let miniport = try CommandLine.arguments.dropFirst().first
        ?? SDKLocator.example("Examples/PhbaMiniport/phba.c", root: sdk).path
    var image = miniport
    if miniport.hasSuffix(".c") {
        image = FileManager.default.temporaryDirectory.appendingPathComponent("consumer-\(getpid()).so").path
        let warnings = try MiniportBuilder.build(sources: [miniport], output: image, sdkRoot: sdk)
        if !warnings.isEmpty { print(warnings) }
        print("built \(miniport) → \(image)")
    }
    defer { if image != miniport { try? FileManager.default.removeItem(atPath: image) } }

    // The verifier's scenarios, in this process.
    let runner = MiniportRunner(miniportPath: image, disks: [.ram(bytes: 16 << 20, blockSize: 512)], sdkRoot: sdk.path)
    var passed = true
    for scenario in MiniportRunner.Scenario.allCases {
        let report = runner.run(scenario)
        print("scenario \(scenario.rawValue): \(report.passed ? "passed" : "FAILED \(report.errors) \(report.violations)")")
        passed = passed && report.passed
    }

    // A machine of our own: the example HBA with one RAM disk, the miniport loaded and scanned.
    let session = try runner.boot()
    defer { session.unload() }
    guard let adapter = session.driver.adapters.first, let disk = DiskClass.disks(on: adapter).first else {
        fail("the miniport found no disk")
    }
    print("disk: \(disk.blockCount) blocks of \(disk.blockSize) bytes")

    // Synchronous: read-only data in, a new array out.
    let pattern = (0..<(8 * disk.blockSize)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
    try disk.write(lba: 100, from: pattern)
    let back = try disk.read(lba: 100, blocks: 8)
    print("sync write/read of \(pattern.count) bytes: \(back == pattern ? "match" : "MISMATCH")")

    // Swift concurrency: every operation on the disk's own queue.
    let asyncDisk = AsyncDisk(disk)
    let message = Array("hello from another package".utf8) + Array(repeating: 0, count: disk.blockSize - 26)
    let asyncBack: [UInt8] = try await {
        try await asyncDisk.write(lba: 7, data: message)
        try await asyncDisk.flush()
        return try await asyncDisk.read(lba: 7, blocks: 1)
    }()
    print("async write/read: \(asyncBack == message ? "match" : "MISMATCH")")

    let violations = session.driver.violations
    if !violations.isEmpty { print("violations: \(violations)") }
    exit(passed && back == pattern && asyncBack == message && violations.isEmpty ? 0 : 1)
} catch {
    fail("\(error)")
}
