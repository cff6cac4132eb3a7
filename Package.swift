// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tousu",
    products: [
        .executable(name: "tousu", targets: ["tousu"]),
        .library(name: "TousuText", targets: ["TousuText"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Compiler and linker flags for the system's libicu; no Swift code imports it.
        .systemLibrary(
            name: "CICU",
            pkgConfig: "icu-i18n",
            providers: [.apt(["libicu-dev"])]
        ),
        // The only code that includes ICU headers: plain C types under stable names.
        .target(name: "CICUShim", dependencies: ["CICU"]),
        .target(name: "TousuText", dependencies: ["CICUShim"]),
        .executableTarget(
            name: "tousu",
            dependencies: [
                "TousuText",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TousuTextTests", dependencies: ["TousuText"]),
        .testTarget(name: "EndToEndTests", dependencies: ["tousu"]),
    ]
)
