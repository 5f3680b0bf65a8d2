// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "MiniportSDK",
    products: [
        .library(name: "MiniportKit", targets: ["MiniportKit"]),
        .executable(name: "miniport", targets: ["MiniportCLI"]),
        // For miniports written in Swift (in this package or another): the import stub and the
        // miniport view of the headers. Link it into a miniport's .dynamic library only, never
        // into a host.
        .library(name: "CMiniportStub", targets: ["CMiniportStub"]),
        // The example SCSI Port miniport written in Swift: a loadable miniport image (.so).
        .library(name: "PhbaSwiftMiniport", type: .dynamic, targets: ["PhbaSwiftMiniport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The port log is also emitted through a swift-log Logger an application can route.
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // `swift package generate-documentation` for the MiniportKit catalog (Scripts/docs.sh).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // The Windows storage ABI: WDK-named headers (include/), the per-image import stub
        // (stub/, compiled into each miniport .so, not into the host) and the compiled layout
        // table of the headers (src/).
        .target(
            name: "CMiniportABI",
            path: "CMiniportABI",
            exclude: ["stub", "resources"],
            sources: ["src"],
            publicHeadersPath: "include"
        ),
        // The headers and the import stub again, as a resource bundle that travels with every
        // program built on MiniportKit: C miniports compile from any package, with no path
        // (SDKLocator finds the bundle beside the executable).
        .target(
            name: "MiniportSDKFiles",
            path: "CMiniportABI",
            exclude: ["src"],
            sources: ["resources/SDKResources.swift"],
            resources: [.copy("include"), .copy("stub")]
        ),
        // The import stub as a C target, for miniports written in Swift: linked into the
        // miniport's .dynamic library, never into the host. Its module (stub/swift) is the
        // miniport view of the headers (miniport.h, srb.h, scsi.h with the routines).
        .target(
            name: "CMiniportStub",
            path: "CMiniportABI/stub",
            publicHeadersPath: "swift",
            cSettings: [.headerSearchPath("../include")]
        ),
        // The example miniport for the emulated HBA in Swift (Examples/PhbaMiniport/phba.c's twin).
        .target(
            name: "PhbaSwiftMiniport",
            dependencies: ["CMiniportStub"],
            path: "Examples/PhbaSwiftMiniport",
            exclude: ["README.md"]
        ),
        // The machine: PCI bus and config space, I/O and MMIO dispatch, interrupt lines, the
        // physical address map that checks every DMA, and the virtual clock.
        .target(name: "MiniportPlatform"),
        // SCSI targets, logical units, disks and block stores (they do not know the HBA).
        .target(name: "MiniportSCSI"),
        // The emulated PCI SCSI host bus adapter (docs/hba-spec.md).
        .target(
            name: "MiniportHBA",
            dependencies: ["MiniportPlatform", "MiniportSCSI"]
        ),
        // The BusLogic BT-958 MultiMaster PCI SCSI host adapter (docs/buslogic-spec.md).
        .target(
            name: "MiniportBusLogic",
            dependencies: ["MiniportPlatform", "MiniportSCSI"]
        ),
        // Virtio 1.x over PCI (modern and transitional): the transport, split and packed
        // virtqueues, and the backend protocol device types implement (docs/virtio-spec.md).
        .target(
            name: "MiniportVirtio",
            dependencies: ["MiniportPlatform", "MiniportSCSI"]
        ),
        // CRC-32C with the SSE4.2 instruction where the processor has it (dump image checksums).
        .target(name: "CChecksum"),
        // The seccomp filter and resource limits of the supervised child that runs miniport code.
        .target(name: "CSandbox"),
        .target(
            name: "MiniportKit",
            dependencies: ["CMiniportABI", "MiniportSDKFiles", "CChecksum", "CSandbox", "MiniportPlatform", "MiniportSCSI", "MiniportHBA",
                           "MiniportBusLogic", "MiniportVirtio", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "MiniportCLI",
            dependencies: [
                "MiniportKit",
                "CMallocCounter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Example app: a Swift program that reads and writes a disk through a miniport.
        .executableTarget(
            name: "disk-app",
            dependencies: ["MiniportKit"],
            path: "Examples/DiskApp"
        ),
        // The device-model example (docs/device-models.md): a toy PCI block controller written
        // on the public platform API, and a program that runs its StorPort miniport (toyblock.c).
        .target(
            name: "ToyDeviceModel",
            dependencies: ["MiniportPlatform", "MiniportSCSI"],
            path: "Examples/DeviceModel/ToyDeviceModel"
        ),
        .executableTarget(
            name: "device-model-example",
            dependencies: ["ToyDeviceModel", "MiniportKit", "MiniportPlatform", "MiniportSCSI"],
            path: "Examples/DeviceModel/Example"
        ),
        // Counts heap allocations (malloc and friends interposed): linked into `miniport` for
        // `bench` and into the tests, never into MiniportKit (a library must not interpose).
        .target(name: "CMallocCounter"),
        // Test support: stub/ms_format.c and stub/ms_crt.c compiled as the Windows-image bridge
        // compiles them, with C callers that call them with the Microsoft x64 convention (Swift cannot).
        .target(
            name: "CMsFormatTestSupport",
            path: "Tests/CMsFormatTestSupport",
            cSettings: [.define("MPABI_MS_ABI_BRIDGE")]
        ),
        .testTarget(
            name: "MiniportKitTests",
            dependencies: ["MiniportKit", "CMiniportABI", "MiniportSDKFiles", "CMallocCounter", "CMsFormatTestSupport", "ToyDeviceModel",
                           "MiniportBusLogic", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "MiniportPlatformTests",
            dependencies: ["MiniportPlatform"]
        ),
        .testTarget(
            name: "MiniportSCSITests",
            dependencies: ["MiniportSCSI"]
        ),
        .testTarget(
            name: "MiniportBusLogicTests",
            dependencies: ["MiniportBusLogic", "MiniportPlatform", "MiniportSCSI", "CMallocCounter"]
        ),
        .testTarget(
            name: "MiniportVirtioTests",
            dependencies: ["MiniportVirtio", "MiniportPlatform", "MiniportSCSI", "CMallocCounter"]
        ),
        .testTarget(
            name: "MiniportHBATests",
            dependencies: ["MiniportHBA", "MiniportPlatform", "MiniportSCSI", "CMallocCounter"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: - Fuzz targets

// One libFuzzer target per folder of Fuzz/, product `fuzz-<name>` (Scripts/fuzz.sh builds and
// runs them; docs/hardening.md). In a normal build each is a program that replays the files given
// as arguments; FuzzReplayTests replays every committed corpus through each target's function.
let fuzzTargets: [(product: String, folder: String, dependencies: [Target.Dependency])] = [
    ("fuzz-cdb", "CDB", ["MiniportSCSI"]),
    ("fuzz-hba", "HBA", ["MiniportHBA", "MiniportPlatform", "MiniportSCSI"]),
    // The BusLogic BT-958 model: registers, host adapter commands, mailboxes, CCBs.
    ("fuzz-buslogic", "BusLogic", ["MiniportBusLogic", "MiniportPlatform", "MiniportSCSI"]),
    // The virtio PCI transport, split and packed virtqueues and both backends, driven by a
    // driver that writes hostile rings (docs/virtio-spec.md).
    ("fuzz-virtio", "Virtio", ["MiniportVirtio", "MiniportPlatform", "MiniportSCSI"]),
    ("fuzz-dump-image", "DumpImage", ["MiniportKit", "CChecksum"]),
    ("fuzz-loader", "Loader", ["MiniportKit"]),
    // Hostile HW_INITIALIZATION_DATA / PORT_CONFIGURATION_INFORMATION through the port's
    // Initialize and HwFindAdapter handling.
    ("fuzz-init", "InitData", ["MiniportKit", "MiniportPlatform", "MiniportSCSI", "MiniportHBA"]),
    // Hostile PE32+ (.sys) images through PEFile.parse and PEMapping (nothing of them runs).
    ("fuzz-pe", "PE", ["MiniportKit"]),
    // Any bytes through the fault trap's x86-64 instruction decoder (mpabi_trap.h).
    ("fuzz-x86", "X86", ["CMiniportABI"]),
]
package.targets.append(.target(name: "CFuzzDriver", path: "Fuzz/Driver"))
package.targets.append(.target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "Fuzz/Support"))
for fuzz in fuzzTargets {
    package.products.append(.executable(name: fuzz.product, targets: ["Fuzz" + fuzz.folder]))
    package.targets.append(.executableTarget(name: "Fuzz" + fuzz.folder, dependencies: ["FuzzSupport"] + fuzz.dependencies,
                                             path: "Fuzz/" + fuzz.folder, exclude: ["corpus"]))
}
package.targets.append(.testTarget(
    name: "FuzzReplayTests",
    dependencies: ["FuzzSupport"] + fuzzTargets.map { .target(name: "Fuzz" + $0.folder) }))
