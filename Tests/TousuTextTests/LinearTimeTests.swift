import Foundation
import Testing

@testable import TousuText

/// Work grows linearly with text length (issue 10: 100k × "预付卡" took 48 s in classify): each
/// case times the same text at n and 4n and allows 11× — between the 4× of linear work and the
/// 16× a quadratic step takes, with room for a busy machine — and checks the result.
@Suite struct LinearTimeTests {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let (s, atto) = start.duration(to: .now).components
        return Double(s) + Double(atto) / 1e18
    }

    /// Time at 4n over time at n (best of three each, to ride out a busy machine).
    static func ratio(_ make: (Int) -> String, n: Int, _ work: (String) throws -> Void) rethrows -> Double {
        let small = make(n), large = make(4 * n)
        var a = Double.infinity, b = Double.infinity
        for _ in 0..<3 {
            a = min(a, try seconds { try work(small) })
            b = min(b, try seconds { try work(large) })
        }
        return b / max(a, 1e-4)
    }

    @Test func originalTextsOfManySpans() throws {
        let normalized = try Normalizer().normalize(String(repeating: "預付卡😀", count: 50))
        let spans = stride(from: 0, to: normalized.units.count - 3, by: 3).map { $0..<$0 + 3 }
        #expect(normalized.originalTexts(spans) == spans.map { normalized.originalText(start: $0.lowerBound, end: $0.upperBound) })
        let r = try Self.ratio({ String(repeating: "预付卡", count: $0) }, n: 20_000) { text in
            let n = try Normalizer().normalize(text)
            _ = n.originalTexts(stride(from: 0, to: n.units.count, by: 3).map { $0..<$0 + 3 })
        }
        #expect(r < 11, "4× the text took \(r)× the time")
    }

    @Test func aLongRunOfCombiningMarks() throws {
        let normalizer = Normalizer()
        #expect(try normalizer.normalize("e\u{301}").text == "é")
        // Up to the stream-safe limit the marks still compose with their base.
        #expect(try normalizer.normalize("e\u{301}" + String(repeating: "\u{302}", count: 20)).units.first == 0xE9)
        let r = try Self.ratio({ "e" + String(repeating: "\u{301}", count: $0) }, n: 4_000) { _ = try normalizer.normalize($0) }
        #expect(r < 11, "4× the marks took \(r)× the time")
    }

    @Test func aLongHanRunWithManyNames() throws {
        let tokenizer = try Tokenizer(dictionary: ["发动机", "预付卡"], names: ["奇骏"])
        #expect(try tokenizer.tokenize("奇骏发动机异响").strings.prefix(2) == ["奇骏", "发动机"])
        let r = try Self.ratio({ String(repeating: "奇骏发动机", count: $0) }, n: 1_000) { _ = try tokenizer.tokenize($0) }
        #expect(r < 11, "4× the text took \(r)× the time")
    }
}
