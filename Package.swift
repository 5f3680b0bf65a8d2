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
        .target(
            name: "MiniportKit",
            dependencies: ["CMiniportABI"]
        ),
        .executableTarget(
            name: "MiniportCLI",
            dependencies: [
                "MiniportKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "MiniportKitTests",
            dependencies: ["MiniportKit", "CMiniportABI"],
            exclude: ["Fixtures", "Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
