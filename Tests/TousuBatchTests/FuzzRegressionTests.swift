import Foundation
import Testing
import TousuClassifier
import TousuText

/// Inputs the fuzzers (Fuzz/, scripts/fuzz.sh) found to crash tousu, kept as regression tests.
@Suite struct FuzzRegressionTests {
    static let seedModel = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/seeds/FuzzModelFile/tiny-5-labels.tousu")

    /// FuzzModelFile, 2026-12-01: a model file whose row count is larger than the file made the
    /// reader reserve memory for it (25 GB, out of memory) before finding the file too short.
    @Test(arguments: [UInt32.max, 0x0100_0000, 2_000])
    func aRowCountTheFileCannotHoldIsDamage(rowCount: UInt32) throws {
        var bytes = [UInt8](try Data(contentsOf: Self.seedModel))
        let headerLength = (0..<4).reduce(0) { $0 | Int(bytes[12 + $1]) << (8 * $1) }
        let at = 16 + headerLength
        for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: rowCount >> (8 * UInt32(i))) }
        let sum = FNV1a.hash(bytes[0..<(bytes.count - 8)])
        for i in 0..<8 { bytes[bytes.count - 8 + i] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i))) }
        #expect(throws: ClassifierError.modelFile(path: "<bytes>", reason: "truncated rows")) {
            try ModelFile.decode(bytes)
        }
    }

    @Test func theSeedModelDecodes() throws {
        let model = try ModelFile.decode([UInt8](try Data(contentsOf: Self.seedModel)))
        #expect(model.counts.labels.count == 5)
    }
}
