// swift-tools-version: 6.0
// A package that uses the SDK as any other package would: one dependency, one import, no
// paths. CI builds and runs it (`swift run --package-path Examples/ConsumerPackage consumer`).
// Elsewhere, depend on the SDK by URL and version instead of by path.
import PackageDescription

let package = Package(
    name: "ConsumerPackage",
    dependencies: [
        .package(name: "MiniportSDK", path: "../.."),
    ],
    targets: [
        .executableTarget(
            name: "consumer",
            dependencies: [.product(name: "MiniportKit", package: "MiniportSDK")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
