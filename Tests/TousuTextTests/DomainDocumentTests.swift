import Foundation
import Testing
@testable import TousuText

/// The public documents the project started from all tokenize cleanly (skipped, and said so, in a
/// checkout without ../shared/domain beside it).
@Suite(.enabled(if: FileManager.default.fileExists(atPath: Paths.domain.path), "needs ../shared/domain"))
struct DomainDocumentTests {
    func document(_ prefix: String) throws -> String {
        let names = try FileManager.default.contentsOfDirectory(atPath: Paths.domain.path)
        let name = try #require(names.first { $0.hasPrefix(prefix) }, "no document \(prefix) in \(Paths.domain.path)")
        return try String(contentsOf: Paths.domain.appendingPathComponent(name), encoding: .utf8)
    }

    @Test(arguments: ["000", "001", "002", "003", "004"])
    func tokenizesWithoutError(prefix: String) throws {
        let result = try TokenizerTests.bundled.tokenize(document(prefix))
        #expect(result.tokens.count > 500)
    }

    @Test(arguments: ["002", "003"])
    func traditionalDocumentsComeOutSimplified(prefix: String) throws {
        let result = try TokenizerTests.bundled.tokenize(document(prefix))
        #expect(result.normalized.convertedTraditional)
        // 消費者, 宣傳 (003 has pinyin inside words: 消費(fèi)者) come out Simplified.
        let text = result.normalized.text
        #expect(text.contains("消费") && text.contains("宣传"))
        #expect(result.strings.contains { $0.hasPrefix("消费") })
        for traditional in "會費權們與這說個時為國對動發關開過於還實現" {
            #expect(!text.contains(traditional), "\(traditional) left")
        }
    }

    /// The table-driven conversion gives exactly what ICU's transliterator gives, also where the
    /// transliterator uses context (餘額, 顯著, 乾隆).
    @Test(arguments: ["002", "003"])
    func tableConversionEqualsTheTransliterator(prefix: String) throws {
        let text = try document(prefix) + "，餘額、顯著、乾隆、著作、乾淨、頭髮、後來"
        let fast = try Normalizer().normalize(text)
        let icu = try Normalizer(convertTraditional: true, alwaysTransliterate: true).normalize(text)
        #expect(fast.text == icu.text)
    }

    @Test func englishDocumentYieldsLowercaseWords() throws {
        let result = try TokenizerTests.bundled.tokenize(document("000"))
        let latin = result.tokens.filter { $0.kind == .latin }.map(result.string)
        #expect(latin.count > 1000)
        #expect(latin.allSatisfy { $0 == $0.lowercased() })
        for word in ["consumer", "rights", "international"] { #expect(latin.contains(word)) }
    }
}
