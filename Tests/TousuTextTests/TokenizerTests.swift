import Foundation
import Testing
@testable import TousuText

@Suite struct TokenizerTests {
    static let bundled = try! Tokenizer.load(lexicons: Paths.lexicons)

    func words(_ text: String, _ tokenizer: Tokenizer = bundled) throws -> [String] {
        try tokenizer.tokenize(text).strings
    }

    @Test func domainPhrasesStayWhole() throws {
        let tokens = try words("我在健身房办的预付卡，老板跑路了；4S店不给三包，保健品是假的")
        for phrase in ["预付卡", "健身房", "4s店", "三包", "保健品"] {
            #expect(tokens.contains(phrase), "\(phrase) in \(tokens)")
        }
    }

    @Test func phraseMergeFollowsTheDictionary() throws {
        let bare = try Tokenizer()
        let withPhrase = try Tokenizer(dictionary: ["退一赔三"])
        #expect(try words("要求退一赔三", withPhrase).contains("退一赔三"))
        #expect(!(try words("要求退一赔三", bare).contains("退一赔三")))
    }

    @Test func dictionaryPhrasesAreNormalizedToo() throws {
        let t = try Tokenizer(dictionary: ["預付卡", "４Ｓ店"])
        #expect(try words("預付卡和4s店", t) == ["预付卡", "和", "4s店"])
    }

    @Test func namesMayEndInsideAnICUToken() throws {
        // ICU alone: 奇|骏发|动机. A name cuts its way out; the rest is segmented again.
        #expect(try words("奇骏发动机异响", try Tokenizer()).prefix(3) == ["奇", "骏发", "动机"])
        let cars = try Tokenizer(dictionary: ["发动机"], names: ["奇骏"])
        #expect(try words("奇骏发动机异响", cars).prefix(2) == ["奇骏", "发动机"])
        // The same phrase as an ordinary dictionary word only merges whole ICU tokens.
        #expect(try words("奇骏发动机异响", try Tokenizer(dictionary: ["奇骏", "发动机"])).first == "奇")
        // A name that is only the start of one ICU token stays inside it.
        #expect(try words("北京市政府", try Tokenizer(names: ["北京"])).first == "北京市")
        // ICU's split stands when the cut-off characters do not join what follows.
        #expect(try words("老人才", try Tokenizer(names: ["老人"])) == ["老", "人才"])
    }

    @Test func numeralsMerge() throws {
        #expect(try words("二○○一年新年") .first == "二○○一年")
        #expect(try words("2023年3月15日").prefix(3) == ["2023年", "3月", "15日"])
        #expect(try words("十二月三十一日") == ["十二月", "三十一日"])
    }

    @Test func numeralMergeCanBeTurnedOff() throws {
        let t = try Tokenizer(options: .init(mergeNumerals: false))
        #expect(try words("二○○一年", t) != ["二○○一年"])
    }

    @Test func englishWordsAndKinds() throws {
        let result = try Self.bundled.tokenize("The GYM closed, refund my $1,200 now!")
        #expect(result.strings == ["the", "gym", "closed", "refund", "my", "1,200", "now"])
        #expect(result.tokens[1].kind == .latin)
        #expect(result.tokens[5].kind == .number)
    }

    @Test func punctuationAndSpacesAreDropped() throws {
        #expect(try words("！！！  ……，。") == [])
    }

    @Test func stopwordsAreDroppedOnlyWhenAsked() throws {
        let t = try Tokenizer.load(lexicons: Paths.lexicons, options: .init(removeStopwords: true))
        let with = try words("健身房的老板跑了，卡不能退", t)
        let without = try words("健身房的老板跑了，卡不能退")
        #expect(without.contains("的"))
        #expect(!with.contains("的"))
        #expect(with.contains("不能") || with.contains("不"), "negation is not a stopword: \(with)")
    }

    @Test func tokensMapBackToTheOriginal() throws {
        let result = try Self.bundled.tokenize("健身房跑路，會員卡１０００元退不了")
        let card = try #require(result.tokens.first { result.string($0).hasPrefix("会员") })
        #expect(result.originalText(card).hasPrefix("會員"))
        let amount = try #require(result.tokens.first { result.string($0) == "1000" })
        #expect(result.originalText(amount) == "１０００")
        #expect(result.originalRange(amount) == 9..<13)
    }

    @Test func emptyAndHugeTexts() throws {
        #expect(try words("") == [])
        let huge = String(repeating: "健身房老板跑路了，预付卡退不了。", count: 20_000)
        let result = try Self.bundled.tokenize(huge)
        #expect(result.tokens.count > 100_000)
    }

    @Test func oneTokenizerManyThreadsSameResults() async throws {
        let texts = (0..<64).map { "第\($0)号投诉：會員卡１０００元，健身房跑路了 refund \($0)" }
        let tokenizer = Self.bundled
        let expected = try texts.map { try tokenizer.tokenize($0).strings }
        let results = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for _ in 0..<8 {
                for (i, text) in texts.enumerated() {
                    group.addTask { (i, try tokenizer.tokenize(text).strings) }
                }
            }
            var all: [(Int, [String])] = []
            for try await r in group { all.append(r) }
            return all
        }
        #expect(results.count == texts.count * 8)
        for (i, tokens) in results { #expect(tokens == expected[i]) }
    }
}
