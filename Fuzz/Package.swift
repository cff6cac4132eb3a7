// swift-tools-version:6.1
// libFuzzer targets for tousu (Linux only). Build and run them with `scripts/fuzz.sh TARGET SECONDS`;
// a plain `swift build` here fails to link: the targets have no `main` (libFuzzer provides it).
import PackageDescription

let package = Package(
    name: "tousu-fuzz",
    dependencies: [.package(name: "tousu", path: "..")],
    targets: [
        // The entry point each target hands to libFuzzer's driver.
        .target(name: "FuzzSupport"),
        // JSONL/CSV/TSV framing, decoding and parsing: every byte of the input is in a record or a
        // line ending, read = written + rejected, a reject's raw bytes are the input's bytes.
        .executableTarget(
            name: "FuzzRecords", dependencies: ["FuzzSupport", .product(name: "TousuBatch", package: "tousu")]),
        // Encoding detection and the UTF-8 / GB18030 / UTF-16 decoders.
        .executableTarget(
            name: "FuzzDecoding", dependencies: ["FuzzSupport", .product(name: "TousuBatch", package: "tousu")]),
        // Normalizer + tokenizer (ICU word breaks, numeral and phrase merging, name cuts).
        .executableTarget(
            name: "FuzzTokenizer", dependencies: ["FuzzSupport", .product(name: "TousuText", package: "tousu")]),
        // The model-file reader (checksum patched so the fuzzer reaches the parser), then a classifier
        // built from whatever it accepted.
        .executableTarget(
            name: "FuzzModelFile", dependencies: ["FuzzSupport", .product(name: "TousuClassifier", package: "tousu")]),
    ]
)
