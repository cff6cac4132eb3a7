// swift-tools-version:6.1
// Release-built benchmarks of tousu. Run all of them, with the Python peers, by `bash Benchmarks/run.sh`.
import PackageDescription

let package = Package(
    name: "tousu-benchmarks",
    dependencies: [.package(name: "tousu", path: "..")],
    targets: [
        .target(name: "BenchSupport"),
        .executableTarget(
            name: "TextBenchmark",
            dependencies: ["BenchSupport", .product(name: "TousuText", package: "tousu")]),
        .executableTarget(
            name: "ICUBaseline",
            dependencies: ["BenchSupport", .product(name: "TousuText", package: "tousu")]),
        .executableTarget(
            name: "ClassifierBenchmark",
            dependencies: [
                "BenchSupport", .product(name: "TousuText", package: "tousu"),
                .product(name: "TousuClassifier", package: "tousu"),
            ]),
        .executableTarget(
            name: "HotspotBenchmark",
            dependencies: [
                "BenchSupport", .product(name: "TousuText", package: "tousu"),
                .product(name: "TousuClassifier", package: "tousu"),
                .product(name: "TousuHotspots", package: "tousu"), .product(name: "TousuBatch", package: "tousu"),
            ]),
    ]
)
