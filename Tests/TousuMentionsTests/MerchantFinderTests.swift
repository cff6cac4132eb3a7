import Foundation
import Testing
import TousuMentions
import TousuText

@Suite struct MerchantFinderTests {
    static let tokenizer = try! Tokenizer.load(lexicons: Paths.lexicons)
    static let extractor = try! MentionExtractor.load(lexicons: Paths.lexicons)

    func mentions(_ text: String) throws -> Mentions {
        Self.extractor.mentions(in: try Self.tokenizer.tokenize(text))
    }

    @Test(arguments: [
        ("我在丽人坊美容院办了一张卡，现在关门了", "丽人坊美容院"),
        ("杭州市西湖区的星光健身房跑路了", "星光健身房"),
        ("去年在“金色年华”养生馆听讲座买了保健品", "金色年华养生馆"),
        ("北京渊大教育科技有限公司不退费", "北京渊大教育科技有限公司"),
        ("深圳小鹰房租租赁有限公司拖欠退款", "深圳小鹰房租租赁有限公司"),
    ])
    func namedMerchant(text: String, key: String) throws {
        #expect(try mentions(text).merchant == key)
    }

    @Test(arguments: ["小区楼下新开的一家健身房", "这家店的服务太差了", "快递公司一直不送货", "我去超市买了一瓶"])
    func noNameNoMerchant(text: String) throws {
        #expect(try mentions(text).merchant == nil)
    }

    /// A known limitation: a name made of everyday words (新东方: 东方 is in common_words.txt) is cut
    /// at the everyday word, so only its other part remains — or nothing.
    @Test func everydayWordsEndANameKnownLimitation() throws {
        #expect(try mentions("北京新东方培训学校不退费").merchant == nil)
    }

    /// ICU joins the type word's first character to the name (雅蔻 雅美 | 发 | 店); the rest of the
    /// type is single characters, so the cut is taken. A type word whose rest is a word of its own
    /// stays refused (生 | 喝酒 | 店 is no 酒店).
    @Test func aTypeWordICUJoinedToTheNameIsFound() throws {
        let t = try Self.tokenizer.tokenize("我在雅蔻雅美发店办的卡，现在关门了")
        #expect(t.strings.contains("雅美"))
        #expect(Self.extractor.mentions(in: t).merchant == "雅蔻雅美发店")
        #expect(try mentions("所以各位千万不能生喝酒店提供的饮用水").merchant == nil)
    }

    @Test func singleCharactersICULeavesUnknownAreMergedBack() throws {
        // ICU: 丽 | 人 | 坊 | 美容院
        let t = try Self.tokenizer.tokenize("丽人坊美容院")
        #expect(t.tokens.count > 2)
        #expect(Self.extractor.mentions(in: t).merchants.map(\.name) == ["丽人坊"])
    }

    @Test func regionFromGazetteer() throws {
        #expect(try mentions("杭州市西湖区的星光健身房跑路了").region == "杭州市西湖区")
        #expect(try mentions("北京朝阳区一家美容院").region == "北京市朝阳区")
        #expect(try mentions("我在长春朝阳区办的卡").region == "长春市朝阳区")
        #expect(try mentions("广东的一家超市").region == "广东省")
        // Short names only as whole tokens; ambiguous ones not at all.
        #expect(try mentions("新东方培训学校").region == nil)
        #expect(try mentions("中山路的一家面馆").region == nil)
    }

    @Test func closureSignals() throws {
        #expect(try mentions("老板跑路了，店门关门，电话打不通").closureSignals == ["老板跑了", "跑路", "关门", "电话打不通"].filter { "老板跑路了，店门关门，电话打不通".contains($0) })
        #expect(try mentions("健身房的教练很专业").closureSignals.isEmpty)
    }
}
