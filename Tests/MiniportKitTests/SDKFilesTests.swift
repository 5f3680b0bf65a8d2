import Foundation
import Testing
@testable import MiniportKit
import MiniportSDKFiles

/// The SDK's headers and import stub travel as a package resource, so a program in any package
/// that depends on this one compiles and runs C miniports without a path.
@Suite("SDK files: the resource bundle, the checkout, and building from either")
struct SDKFilesTests {
    @Test("The resource bundle beside the test executable holds the headers and the import stub")
    func bundleIsThere() throws {
        let bundle = try #require(SDKLocator.resourceBundle, "no \(SDKResources.bundleName) beside the executable")
        #expect(SDKLocator.isRoot(bundle) && !SDKLocator.isCheckout(bundle))
        #expect(SDKLocator.headers(in: bundle) == bundle.appendingPathComponent("include"))
        for header in ["miniport.h", "storport.h", "srb.h", "scsi.h", "ntddk.h"] {
            #expect(FileManager.default.fileExists(atPath: SDKLocator.headers(in: bundle).appendingPathComponent(header).path),
                    "\(header) missing from the bundle")
        }
        // Every stub source of the checkout is in the bundle, byte for byte.
        let checkoutStub = SDKLocator.stub(in: FixtureBuilder.root)
        let names = try FileManager.default.contentsOfDirectory(atPath: checkoutStub.path).filter { $0.hasSuffix(".c") }
        #expect(!names.isEmpty)
        for name in names {
            let a = try Data(contentsOf: checkoutStub.appendingPathComponent(name))
            let b = try Data(contentsOf: SDKLocator.stub(in: bundle).appendingPathComponent(name))
            #expect(a == b, "\(name) differs between the checkout and the bundle")
        }
    }

    @Test("The checkout MiniportKit was built from is found from the library itself")
    func packageCheckout() throws {
        let checkout = try #require(SDKLocator.packageCheckout)
        #expect(checkout.standardizedFileURL.path == FixtureBuilder.root.standardizedFileURL.path)
        #expect(SDKLocator.headers(in: checkout).path.hasSuffix("CMiniportABI/include"))
    }

    /// Builds the example miniport from the bundle alone as `target`, boots it and moves blocks.
    func buildAndRun(_ target: MiniportBuildTarget, file: String) throws {
        let bundle = try #require(SDKLocator.resourceBundle)
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = try SDKLocator.example("Examples/PhbaMiniport/phba.c", root: bundle).path
        let image = dir.appendingPathComponent(file).path
        try MiniportBuilder.build(sources: [source], output: image, sdkRoot: bundle, target: target)
        var runner = MiniportRunner(miniportPath: image, disks: [.ram(bytes: 4 << 20, blockSize: 512)], sdkRoot: bundle.path)
        runner.crashDump = false
        let session = try runner.boot()
        defer { session.unload() }
        #expect(session.driver.image.usesMicrosoftABI == (target == .windows))
        let adapter = try #require(session.driver.adapters.first)
        let disk = try #require(DiskClass.disks(on: adapter).first)
        let data = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
        try disk.write(lba: 64, from: data)
        #expect(try disk.read(lba: 64, blocks: 8) == data)
        #expect(session.driver.violations.isEmpty, "\(session.driver.violations)")
    }

    @Test("A C miniport builds against the bundle alone and runs: bring-up, writes and reads through the disk class")
    func buildFromBundle() throws {
        try buildAndRun(.linux, file: "phba.so")
    }

    @Test("A Windows .sys builds against the bundle alone (import libraries from the SDK's own export lists) and runs")
    func buildWindowsImageFromBundle() throws {
        try buildAndRun(.windows, file: "phba.sys")
    }

    @Test("An explicit root that holds neither layout is refused; an example the root lacks is named")
    func badRoots() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: MiniportRunner.RunnerError.self) { try SDKLocator.root(explicit: dir.path) }
        #expect(throws: MiniportRunner.RunnerError.self) {
            try SDKLocator.example("Examples/NoSuchMiniport/none.c", root: FixtureBuilder.root)
        }
        // The error text names the resource bundle and how to point at a root.
        #expect(MiniportRunner.RunnerError.sdkNotFound.description.contains(SDKResources.bundleName))
    }
}
