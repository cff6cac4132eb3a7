import Foundation
import Testing
import TousuClassifier
import TousuText

@testable import TousuBatch

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

    /// FuzzRecords, 2026-12-02 (Fuzz/found/FuzzRecords-crash-5fe24de…): a record that starts with
    /// a UTF-8 BOM in the middle of a file (exports joined with `cat`) was rejected as "not a JSON
    /// object", and its reject's `raw` lost the BOM when read back with JSONSerialization, so the
    /// rejects no longer held its exact bytes. A BOM now starts a JSONL line as it starts a file,
    /// and a U+FEFF in a written string is escaped, so `raw` reads back whole.
    @Test func aByteOrderMarkInsideAFileKeepsEveryByte() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let good = Array(#"{"id":"a","text":"车门异响"}"#.utf8), joined = bom + Array(#"{"id":"b","text":"会员卡"}"#.utf8)
        let bad = bom + Array("做父母一定要".utf8)
        let input = good + [0x0A] + joined + [0x0A] + bad + [0x0A]
        let result = try run(input)
        #expect(result.summary.read == 3 && result.summary.written == 2 && result.summary.rejected == 1)
        #expect(lines(result.output).count == 2 && result.output.contains(#""id":"b""#))
        let reject = try #require(result.rejects.first)
        let offset = try #require(reject["offset"] as? Int), length = try #require(reject["length"] as? Int)
        #expect(offset == good.count + 1 + joined.count + 1 && length == bad.count)
        #expect(Array(try #require(reject["raw"] as? String).utf8) == bad)
        #expect(result.rejectsBytes.contains(Array(#"\ufeff"#.utf8)))
    }

    /// FuzzRecords, 2026-12-03 (Fuzz/found/FuzzRecords-crash-dcb9271…): a rejected line holding
    /// `"text"` followed by a U+FEFF lost it in its reject, read back with JSONSerialization, which
    /// drops a raw U+FEFF right after an escape (`\"`) as well as at a string's start. The same
    /// held for a record's text written to the output. Both now escape it as `\ufeff`.
    @Test func aByteOrderMarkAfterAnEscapeReadsBackWhole() throws {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let bad = Array(#"{"id":"x","text""#.utf8) + bom + Array("做父母".utf8)
        let good = Array(#"{"id":"y","text":"引号\""#.utf8) + bom + Array(#"车门"}"#.utf8)
        let result = try run(bad + [0x0A] + good + [0x0A])
        #expect(result.summary.read == 2 && result.summary.written == 1 && result.summary.rejected == 1)
        let reject = try #require(result.rejects.first)
        #expect(Array(try #require(reject["raw"] as? String).utf8) == bad)
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(result.outputBytes.prefix { $0 != 0x0A })) as? [String: Any])
        #expect(Array(try #require(written["text"] as? String).utf8) == Array("引号\"".utf8) + bom + Array("车门".utf8))
    }

    @Test func theSeedModelDecodes() throws {
        let model = try ModelFile.decode([UInt8](try Data(contentsOf: Self.seedModel)))
        #expect(model.counts.labels.count == 5)
    }
}
