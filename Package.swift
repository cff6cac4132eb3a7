// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tousu",
    products: [
        .executable(name: "tousu", targets: ["tousu"]),
        .library(name: "TousuText", targets: ["TousuText"]),
        .library(name: "TousuClassifier", targets: ["TousuClassifier"]),
        .library(name: "TousuBatch", targets: ["TousuBatch"]),
        .library(name: "TousuMentions", targets: ["TousuMentions"]),
        .library(name: "TousuHotspots", targets: ["TousuHotspots"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
        .target(name: "TousuClassifier", dependencies: ["TousuText"]),
        // Merchants, regions and closure signals named in tokenized text (lexicons/mentions, lexicons/places).
        .target(name: "TousuMentions", dependencies: ["TousuText"]),
        .target(name: "TousuBatch", dependencies: ["TousuText", "TousuClassifier", "TousuMentions"]),
        .target(
            name: "TousuHotspots",
            dependencies: [
                "TousuText", "TousuClassifier", "TousuMentions", "TousuBatch", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(
            name: "tousu",
            dependencies: [
                "TousuText", "TousuClassifier", "TousuMentions", "TousuBatch", "TousuHotspots",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "TousuTextTests", dependencies: ["TousuText"]),
        .testTarget(name: "TousuClassifierTests", dependencies: ["TousuClassifier"]),
        .testTarget(name: "TousuBatchTests", dependencies: ["TousuBatch"]),
        .testTarget(name: "TousuMentionsTests", dependencies: ["TousuMentions"]),
        .testTarget(name: "TousuHotspotsTests", dependencies: ["TousuHotspots", "TousuBatch", "TousuClassifier", "TousuMentions"]),
        .testTarget(name: "EndToEndTests", dependencies: ["tousu"]),
    ]
)
