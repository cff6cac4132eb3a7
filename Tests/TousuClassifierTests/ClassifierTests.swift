import Foundation
import Testing
@testable import TousuClassifier

@Suite struct ClassifierTests {
    let classifier = Fixtures.classifier

    @Test(arguments: [
        ("瑜伽馆突然关门，老板联系不上，卡里还有4000元", "prepaid"),
        ("我妈参加免费健康讲座，花一万多买了保健品，说能治糖尿病", "elderly_health"),
        ("4S店维修后发动机还是异响，拒绝三包", "auto"),
        ("在超市买的牛奶过期了，要求退一赔十", "food"),
        ("快递丢件了，客服一直不处理", "other"),
    ])
    func tagsPlainComplaints(text: String, sector: String) throws {
        let p = try classifier.classify(text)
        #expect(p.sector == sector, "\(text): \(p.scores)")
        #expect(p.sectorName != p.sector)
    }

    @Test func scoresAreProbabilities() throws {
        let p = try classifier.classify("美容院办卡充值两万，现在不给退")
        #expect(abs(p.scores.values.reduce(0, +) - 1) < 0.001)
        #expect(p.confidence == p.scores[p.sector])
    }

    @Test func keywordsPointIntoTheOriginalText() throws {
        let text = "健身房老闆跑路，會員卡１０００元退不了"
        let p = try classifier.classify(text)
        let scalars = Array(text.unicodeScalars)
        #expect(!p.keywords.isEmpty)
        for k in p.keywords {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[k.start..<k.end])
            #expect(String(view) == k.original)
        }
        #expect(p.keywords.contains { $0.original == "會員卡" || $0.original == "健身房" })
    }

    @Test func exclusionsSilenceMisleadingKeywords() throws {
        let lexicon = Lexicon(labels: [
            .init(kind: .sector, label: "auto", entries: [
                .init(phrase: "汽车", weight: 2, isExclusion: false),
                .init(phrase: "汽车站", weight: 0, isExclusion: true),
            ])
        ])
        let matcher = try LexiconMatcher(lexicon: lexicon, normalizer: .init())
        let units = Array("在汽车站买的票".utf16), other = Array("汽车发动机".utf16)
        #expect(matcher.matches(in: units).isEmpty)
        #expect(matcher.matches(in: other).count == 1)
    }

    @Test func latinKeywordsMatchWholeWordsOnly() throws {
        let lexicon = Lexicon(labels: [.init(kind: .sector, label: "prepaid", entries: [.init(phrase: "gym", weight: 2, isExclusion: false)])])
        let matcher = try LexiconMatcher(lexicon: lexicon, normalizer: .init())
        #expect(matcher.matches(in: Array("gymnastics".utf16)).isEmpty)
        #expect(matcher.matches(in: Array("my gym closed".utf16)).count == 1)
    }

    @Test func naturesAreFound() throws {
        let p = try classifier.classify("商家虚假宣传，产品质量太差，还拒绝退货")
        #expect(p.natures.contains("false_advertising"))
        #expect(p.natures.count >= 2)
    }

    @Test func textWithoutEvidenceNeedsReview() throws {
        let p = try classifier.classify("！！！")
        #expect(p.needsReview)
        #expect(p.sector == "other")
        #expect(try classifier.classify("").needsReview)
    }

    @Test func explanationNamesFeatures() throws {
        let p = try classifier.classify("老人听讲座买的灵芝孢子粉根本没用")
        #expect(!p.topFeatures.isEmpty)
    }

    @Test func lexiconErrorsNameTheLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-lex-\(UUID())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sectors"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "# comment\n预付卡\t3\n跑路\tabc\n".write(to: dir.appendingPathComponent("sectors/prepaid.tsv"), atomically: true, encoding: .utf8)
        let taxonomy = Taxonomy(sectors: [Label(id: "prepaid", nameZh: "预付式消费", nameEn: "Prepaid")], natures: [])
        #expect(throws: ClassifierError.badDataFile(path: dir.appendingPathComponent("sectors/prepaid.tsv").path, line: 3, reason: "weight must be a positive number")) {
            try Lexicon.load(lexicons: dir, taxonomy: taxonomy)
        }
    }
}

@Suite struct EvaluationTests {
    func prediction(_ sector: String, _ confidence: Double) -> Prediction {
        Prediction(sector: sector, sectorName: sector, scores: [sector: confidence], confidence: confidence,
                   natures: ["other"], needsReview: confidence < 0.6, keywords: [], topFeatures: [])
    }

    @Test func metricsOfAKnownConfusion() {
        let pairs: [(truth: String, prediction: Prediction)] = [
            ("a", prediction("a", 0.9)), ("a", prediction("a", 0.9)), ("a", prediction("b", 0.5)),
            ("b", prediction("b", 0.9)),
        ]
        let r = EvaluationReport(labels: ["a", "b"], pairs: pairs)
        #expect(r.confusion == [[2, 1], [0, 1]])
        #expect(r.accuracy == 0.75)
        let a = r.perLabel[0], b = r.perLabel[1]
        #expect(a.precision == 1 && abs(a.recall - 2.0 / 3) < 1e-9)
        #expect(b.precision == 0.5 && b.recall == 1)
        #expect(abs(r.macroF1 - (0.8 + 2.0 / 3) / 2) < 1e-9)
        #expect(r.reviewRate == 0.25)
    }

    @Test func crossValidationUsesEveryRecordOnce() throws {
        let records = Fixtures.records.enumerated().filter { $0.offset % 10 == 0 }.map(\.element)
        let report = try Evaluation.crossValidate(Fixtures.trainer, records: records, folds: 3)
        #expect(report.count == records.count)
        #expect(report.macroF1 > 0.7)
    }
}
