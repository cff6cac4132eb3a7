import Foundation
import NIOCore
import Testing
import TousuClassifier
@testable import TousuService

/// The hand-written prediction JSON is JSONEncoder's document (sorted keys, unescaped slashes),
/// byte for byte, over the dev corpus with and without explanations, and for odd strings.
@Suite struct PredictionJSONTests {
    static func encoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return [UInt8](try encoder.encode(value))
    }

    @Test func sameBytesAsJSONEncoderOverTheDevCorpus() throws {
        let live = try LiveModel(path: try ServiceFixture.modelPath.get()).current
        let texts = try String(
            contentsOf: ServiceFixture.root.appendingPathComponent("corpora/sectors/dev.jsonl"), encoding: .utf8
        ).split(separator: "\n").prefix(400).compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["text"] as? String
        }
        #expect(texts.count >= 100)
        var items: [ClassifiedItem] = []
        for (k, text) in texts.enumerated() {
            for classifier in [live.classifier, live.withoutExplanations] {
                let p = try classifier.classify(text)
                let mine = PredictionJSON.document(p), theirs = try Self.encoded(p)
                #expect(mine == theirs, "\(String(decoding: mine, as: UTF8.self))\n\(String(decoding: theirs, as: UTF8.self))")
                if mine != theirs { return }
                items.append(ClassifiedItem(id: k % 3 == 0 ? nil : "id-\(k)/\"x\"", prediction: p))
            }
        }
        #expect(PredictionJSON.items(items) == (try Self.encoded(["items": items])))
    }

    @Test func oddStringsAndNumbers() throws {
        let odd = "a\"b\\c/d\u{08}\u{0C}\n\r\t\u{01}\u{1F}é健身"
        let p = Prediction(
            sector: odd, sectorName: odd, scores: ["b": 0.1, "a_b": 1e-7, "ab": 1, "A": 0.3333333333333333],
            confidence: 123456789.25, natures: [odd], needsReview: true,
            keywords: [KeywordHit(phrase: odd, label: "x", weight: -0.5, start: 0, end: 3, original: odd)],
            topFeatures: [FeatureWeight(feature: odd, weight: 2.0e21)],
            natureScores: [NatureScore(nature: odd, probability: 0, topFeatures: [FeatureWeight(feature: "f", weight: -3)])])
        let mine = PredictionJSON.document(p), theirs = try Self.encoded(p)
        #expect(mine == theirs, "\(String(decoding: mine, as: UTF8.self))\n\(String(decoding: theirs, as: UTF8.self))")
    }
}

/// `{"text": "…"}` read by the byte scan, and everything else left to the decoder.
@Suite struct SingleTextBodyTests {
    @Test func readsThePlainBodyOnly() {
        func text(_ s: String) -> String? { SingleTextBody.text(in: ByteBuffer(string: s)) }
        #expect(text(#"{"text":"健身房老板跑路了"}"#) == "健身房老板跑路了")
        #expect(text(" {\n \"text\" :\t\"a/b c\" } \n") == "a/b c")
        #expect(text(#"{"text":""}"#) == "")  // then the empty-text check names the field
        for other in [
            #"{"text":"a\"b"}"#, #"{"text":"a\nb"}"#, #"{"text":"a","id":"1"}"#, #"{"id":"1","text":"a"}"#,
            #"{"text":1}"#, #"{"text":"a"} x"#, #"{"text":"a""#, #"["text"]"#, "{\"text\":\"a\u{01}\"}", "",
        ] {
            #expect(text(other) == nil, "\(other)")
        }
        var invalid = ByteBuffer(string: #"{"text":""#)
        invalid.writeBytes([0xFF, 0xFE])
        invalid.writeString(#""}"#)
        #expect(SingleTextBody.text(in: invalid) == nil)
    }
}
