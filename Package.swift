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
        .library(name: "TousuService", targets: ["TousuService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
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
        // HTTP adapter over the library: routes, the record store, limits, auth, metrics.
        .target(
            name: "TousuService",
            dependencies: [
                "TousuText", "TousuClassifier", "TousuBatch", "TousuHotspots",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "tousu",
            dependencies: [
                "TousuText", "TousuClassifier", "TousuMentions", "TousuBatch", "TousuHotspots", "TousuService",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "TousuTextTests", dependencies: ["TousuText"]),
        .testTarget(name: "TousuClassifierTests", dependencies: ["TousuClassifier"]),
        .testTarget(name: "TousuBatchTests", dependencies: ["TousuBatch", "TousuMentions"]),
        .testTarget(name: "TousuMentionsTests", dependencies: ["TousuMentions"]),
        .testTarget(name: "TousuHotspotsTests", dependencies: ["TousuHotspots", "TousuBatch", "TousuClassifier", "TousuMentions"]),
        .testTarget(
            name: "TousuServiceTests",
            dependencies: ["TousuService", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["tousu"]),
    ]
)
