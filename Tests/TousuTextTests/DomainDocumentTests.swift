import Foundation
import Testing
@testable import TousuText

/// The public documents the project started from all tokenize cleanly.
@Suite struct DomainDocumentTests {
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
        let words = Set(result.strings)
        #expect(words.contains("消费者"))
        for traditional in ["消費者", "權益", "會", "費"] {
            #expect(!result.normalized.text.contains(traditional))
        }
        // Nothing the tokenizer outputs is still Traditional.
        let table = CharacterTable.shared
        let left = result.normalized.units.filter { table.isTraditional($0) }
        #expect(left.isEmpty, "\(left.count) Traditional characters left")
    }

    @Test func englishDocumentYieldsLowercaseWords() throws {
        let result = try TokenizerTests.bundled.tokenize(document("000"))
        let latin = result.tokens.filter { $0.kind == .latin }.map(result.string)
        #expect(latin.count > 1000)
        #expect(latin.allSatisfy { $0 == $0.lowercased() })
        for word in ["consumer", "rights", "international"] { #expect(latin.contains(word)) }
    }
}
