import Testing
@testable import TousuText

/// The trie against a plain dictionary of phrases: same ids, same lookups, same matches at every
/// position, across the growth of its edge table (thousands of phrases over a small alphabet, so
/// that nodes share prefixes and the table is rebuilt many times).
@Suite struct PhraseTrieTests {
    /// A deterministic generator (SplitMix64).
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func unit(_ alphabet: [UInt16]) -> UInt16 { alphabet[Int(next() % UInt64(alphabet.count))] }
    }

    static let alphabet: [UInt16] = [0x4E00, 0x4E8C, 0x9000, 0x6B3E, 0x0061, 0x0062, 0xFFFF, 0x0000]

    @Test func agreesWithADictionaryOfPhrases() {
        var g = Generator(state: 42)
        var trie = PhraseTrie()
        var reference: [[UInt16]: Int] = [:]
        for _ in 0..<5000 {
            let phrase = (0..<(1 + Int(g.next() % 7))).map { _ in g.unit(Self.alphabet) }
            let id = trie.insert(phrase)
            if let known = reference[phrase] {
                #expect(id == known)
            } else {
                #expect(id == reference.count)
                reference[phrase] = id
            }
        }
        #expect(trie.count == reference.count)
        #expect(trie.insert([]) == -1)

        let text = (0..<3000).map { _ in g.unit(Self.alphabet) }
        for start in text.indices {
            var found: [(Int, Int)] = []
            trie.forEachMatch(in: text, from: start) { end, id in found.append((end, id)) }
            var expected: [(Int, Int)] = []
            for end in (start + 1)...min(text.count, start + 7) {
                if let id = reference[Array(text[start..<end])] { expected.append((end, id)) }
            }
            #expect(found.map(\.0) == expected.map(\.0) && found.map(\.1) == expected.map(\.1), "at \(start)")
            let end = min(text.count, start + 1 + start % 7)
            #expect(trie.lookup(text, start..<end) == reference[Array(text[start..<end])])
        }
        #expect(trie.lookup(text, 0..<0) == nil)
    }
}
