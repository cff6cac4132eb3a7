import Testing
@testable import TousuText

@Suite struct NormalizerTests {
    let normalizer = Normalizer()

    @Test func fullWidthBecomesHalfWidth() throws {
        let n = try normalizer.normalize("ＡＢＣ　１２３，ｔｅｓｔ！")
        #expect(n.text == "abc 123,test!")
    }

    @Test func latinIsLowercased() throws {
        #expect(try normalizer.normalize("Refund My GYM Membership").text == "refund my gym membership")
    }

    @Test func traditionalBecomesSimplified() throws {
        let n = try normalizer.normalize("消費者權益，會員卡退費")
        #expect(n.text == "消费者权益,会员卡退费")
        #expect(n.convertedTraditional)
    }

    @Test func simplifiedTextIsNotSentToTheTransliterator() throws {
        let n = try normalizer.normalize("消费者权益保护法")
        #expect(n.text == "消费者权益保护法")
        #expect(!n.convertedTraditional)
    }

    @Test func traditionalConversionCanBeTurnedOff() throws {
        let n = try Normalizer(convertTraditional: false).normalize("會員")
        #expect(n.text == "會員")
    }

    @Test func mixedScriptsKeepTheirOrder() throws {
        let n = try normalizer.normalize("4S店說iPhone沒問題OK")
        #expect(n.text == "4s店说iphone没问题ok")
    }

    @Test func controlCharactersAreRemovedAndLineBreaksBecomeSpaces() throws {
        let n = try normalizer.normalize("退款\u{0007}申请\r\n被拒\u{200B}绝\t了")
        #expect(n.text == "退款申请  被拒绝 了")
    }

    @Test func emojiSurviveAndOffsetsStayRight() throws {
        let text = "差评😡预付卡"
        let n = try normalizer.normalize(text)
        #expect(n.text == text)
        let start = n.units.count - 3
        #expect(n.originalText(start: start, end: n.units.count) == "预付卡")
        #expect(n.originalRange(start: start, end: n.units.count) == 3..<6)
    }

    @Test func combiningMarksAreComposed() throws {
        let n = try normalizer.normalize("Cafe\u{0301} OK")
        #expect(n.text == "café ok")
        #expect(n.originalText(start: 0, end: 4) == "Cafe\u{0301}")
    }

    @Test func offsetsPointIntoTheOriginal() throws {
        let text = "ＶＩＰ會員卡１０００元"
        let n = try normalizer.normalize(text)
        #expect(n.text == "vip会员卡1000元")
        // "会员卡" in the normalized text is "會員卡" in the original, at scalars 3..<6.
        #expect(n.originalRange(start: 3, end: 6) == 3..<6)
        #expect(n.originalText(start: 3, end: 6) == "會員卡")
        #expect(n.originalText(start: 6, end: 10) == "１０００")
    }

    @Test func emptyTextIsEmpty() throws {
        let n = try normalizer.normalize("")
        #expect(n.units.isEmpty)
    }
}
