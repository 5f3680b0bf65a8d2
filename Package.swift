// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "MiniportSDK",
    products: [
        .library(name: "MiniportKit", targets: ["MiniportKit"]),
        .executable(name: "miniport", targets: ["MiniportCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The Windows storage ABI: WDK-named headers (include/), the per-image import stub
        // (stub/, compiled into each miniport .so, not into the host) and the compiled layout
        // table of the headers (src/).
        .target(
            name: "CMiniportABI",
            path: "CMiniportABI",
            exclude: ["stub"],
            sources: ["src"],
            publicHeadersPath: "include"
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
        .target(
            name: "MiniportKit",
            dependencies: ["CMiniportABI", "MiniportPlatform", "MiniportSCSI", "MiniportHBA"]
        ),
        .executableTarget(
            name: "MiniportCLI",
            dependencies: [
                "MiniportKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Counts heap allocations in the test process (malloc/calloc/realloc interposed).
        .target(name: "CMallocCounter", path: "Tests/CMallocCounter"),
        .testTarget(
            name: "MiniportKitTests",
            dependencies: ["MiniportKit", "CMiniportABI"],
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
            name: "MiniportHBATests",
            dependencies: ["MiniportHBA", "MiniportPlatform", "MiniportSCSI", "CMallocCounter"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
