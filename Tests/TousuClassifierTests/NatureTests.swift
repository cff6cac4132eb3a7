import Foundation
import Testing
@testable import TousuClassifier

/// The nature model: natures ordered primary first, with probabilities and explanations.
@Suite struct NatureTests {
    let classifier = Fixtures.classifier

    @Test(arguments: [
        ("我在健身房办了一张年卡三千多，才去了两个月健身房就关门了，老板联系不上", "contract"),
        ("老人在免费讲座上买了保健品，推销的人说能治好糖尿病，不用再吃药", "false_advertising"),
        ("孩子吃了超市买的酸奶以后上吐下泻，去医院说是细菌感染", "safety"),
        ("菜市场买的三斤牛肉回家一称只有两斤半，摊主的秤有问题", "measurement"),
        ("超市保安怀疑我偷东西，当众搜我的包，还骂我是小偷", "dignity"),
    ])
    func primaryNatureOfPlainComplaints(text: String, nature: String) throws {
        let p = try classifier.classify(text)
        #expect(p.natures.first == nature, "\(text): \(p.natureScores.map { ($0.nature, $0.probability) })")
    }

    @Test func scoresFollowTheNaturesWithProbabilitiesAndFeatures() throws {
        let p = try classifier.classify("4S店卖给我的新车发动机异响，要求换车被拒绝，一直拖着不处理")
        #expect(p.natureScores.map(\.nature) == p.natures)
        #expect((1...3).contains(p.natures.count))
        for score in p.natureScores {
            #expect(score.probability > 0 && score.probability <= 1)
            if score.nature != "other" { #expect(!score.topFeatures.isEmpty, "\(score.nature)") }
        }
        var quiet = classifier
        quiet.explanationLimit = 0
        let q = try quiet.classify("4S店卖给我的新车发动机异响，要求换车被拒绝，一直拖着不处理")
        #expect(q.natures == p.natures)
        #expect(q.natureScores.allSatisfy { $0.topFeatures.isEmpty })
    }

    @Test func otherOnlyWhenNothingElseFits() throws {
        let dev = try LabelledCorpus.readNatures(Fixtures.natureDev)
        for record in dev.prefix(300) {
            let natures = try classifier.classify(record.text).natures
            #expect(!natures.contains("other") || natures == ["other"], "\(record.id): \(natures)")
        }
        #expect(try classifier.classify("！！！").natures == ["other"])
    }

    @Test func aModelWithoutNaturesUsesTheLexicon() throws {
        var model = Fixtures.model
        model.natures = nil
        let p = try Classifier(model: model).classify("商家虚假宣传，产品质量太差")
        #expect(Set(p.natures) == ["false_advertising", "quality"])
        #expect(p.natureScores.allSatisfy { $0.probability == 1 })
    }

    @Test func corporaCarryNatures() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tousu-natures-\(UUID()).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        try """
            {"id": "a", "text": "健身房跑路", "sector": "prepaid", "natures": ["contract", "after_sales"]}
            {"id": "b", "text": "秤不准", "natures": "measurement,price"}
            """.write(to: url, atomically: true, encoding: .utf8)
        let records = try LabelledCorpus.readNatures(url)
        #expect(records.map(\.natures) == [["contract", "after_sales"], ["measurement", "price"]])
        #expect(records.map(\.label) == ["prepaid", ""])
        try #"{"id": "c", "text": "x", "natures": [1]}"#.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ClassifierError.badRecord(source: url.path, line: 1, reason: "\"natures\" must list nature ids")) {
            try LabelledCorpus.readNatures(url)
        }
        try #"{"id": "d", "text": "x", "sector": "food"}"#.write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: ClassifierError.self) { try LabelledCorpus.readNatures(url) }
    }

    @Test func unknownNaturesAreRefused() throws {
        let records = [LabelledRecord(id: "x", text: "健身房跑路", label: "", natures: ["refund"])]
        #expect(throws: ClassifierError.self) { try Fixtures.trainer.train(records) }
    }

    @Test func metricsOfKnownNatures() {
        func s(_ natures: String...) -> [NatureScore] { natures.map { NatureScore(nature: $0, probability: 0.8) } }
        let report = NatureEvaluation(natures: ["a", "b", "c"], pairs: [
            (["a", "b"], s("a", "b")),  // exact
            (["a"], s("b", "a")),       // both found, wrong primary
            (["c"], s("a")),            // wrong
        ])
        #expect(report.count == 3)
        #expect(abs(report.primaryAccuracy - 1.0 / 3) < 1e-9)
        #expect(abs(report.subsetAccuracy - 1.0 / 3) < 1e-9)
        // a: tp 2 fp 1 fn 0; b: tp 1 fp 1; c: fn 1 → micro: tp 3, fp 2, fn 1.
        #expect(abs(report.microF1 - 6.0 / 9) < 1e-9)
        let a = report.perNature[0]
        #expect(a.precision == 2.0 / 3 && a.recall == 1 && a.support == 2 && a.predicted == 3)
        #expect(report.perNature[2].f1 == 0)
        // 5 reports at p 0.8 of which 3 right: |4 − 3| / 5.
        #expect(abs(report.expectedCalibrationError - 0.2) < 1e-9)
    }

    @Test func evaluationReportsNatures() throws {
        let dev = Array(try LabelledCorpus.readNatures(Fixtures.natureDev).prefix(100))
        let report = try Evaluation.evaluate(classifier, on: dev)
        let natures = try #require(report.natures)
        #expect(natures.count == 100)
        #expect(report.table.contains("primary accuracy"))
        let json = try JSONEncoder().encode(report)
        #expect(String(decoding: json, as: UTF8.self).contains("microF1"))
    }
}

/// The decision rule over per-nature probabilities, on a hand-made three-nature calibration.
@Suite struct NatureDecisionRuleTests {
    /// Natures a, b and other; thresholds 0.5; a is seldom first when present, b nearly always.
    static func calibration(_ rule: NatureDecisionRule) -> NatureCalibration {
        var c = NatureCalibration(natures: ["a", "b", "other"])
        c.primacy = [0.2, 0.9, 0.99]
        c.rule = rule
        return c
    }

    func natures(_ rule: NatureDecisionRule, p: [Double], q: [Double] = [1.0 / 3, 1.0 / 3, 1.0 / 3]) -> [String] {
        let c = Self.calibration(rule)
        return rule.choose(p: p, q: q, calibration: c).map { c.natures[$0.nature] }
    }

    @Test(arguments: [
        // (primacy weight, multinomial weight, floor, overrides, p, natures)
        (0.0, 0.0, 0.2, false, [0.9, 0.6, 0.1], ["a", "b"]),   // by probability
        (2.0, 0.0, 0.2, false, [0.9, 0.6, 0.1], ["b", "a"]),   // primacy puts b first
        (0.0, 0.0, 0.2, false, [0.3, 0.1, 0.1], ["a"]),        // nothing found, a above the floor
        (0.0, 0.0, 0.4, false, [0.3, 0.1, 0.1], ["other"]),    // below the floor: other
        (0.0, 0.0, 0.2, true, [0.55, 0.1, 0.8], ["other"]),    // other overrides a weak nature
        (0.0, 0.0, 0.2, false, [0.55, 0.1, 0.8], ["a"]),       // ... only when told to
        (0.0, 0.0, 0.2, true, [0.9, 0.1, 0.8], ["a"]),         // not a stronger one
    ])
    func decides(pw: Double, mw: Double, floor: Double, overrides: Bool, p: [Double], expected: [String]) {
        let rule = NatureDecisionRule(primacyWeight: pw, multinomialWeight: mw, floor: floor, otherOverrides: overrides)
        #expect(natures(rule, p: p) == expected)
    }

    @Test func theMultinomialCanReorder() {
        let rule = NatureDecisionRule(primacyWeight: 0, multinomialWeight: 2)
        #expect(natures(rule, p: [0.9, 0.8, 0.1], q: [0.1, 0.8, 0.1]) == ["b", "a"])
    }

    @Test func otherIsReportedAsTheChanceThatNothingApplies() {
        let rule = NatureDecisionRule(floor: 0.5)
        let c = Self.calibration(rule)
        let chosen = rule.choose(p: [0.3, 0.2, 0.1], q: [0.4, 0.3, 0.3], calibration: c)
        #expect(chosen.count == 1 && chosen[0].nature == 2 && abs(chosen[0].probability - 0.7) < 1e-12)
    }

    @Test func theFittedRuleIsOfTheGrid() throws {
        let calibration = try #require(Fixtures.model.natures?.calibration)
        let rule = calibration.rule
        #expect(!rule.isFormatTwo)
        if rule.regressedPrimary {
            // Near-optimal means of the measured admissions and floors: within their range.
            #expect((0...1).contains(rule.admission) && (0...1).contains(rule.floor), "\(rule)")
        } else {
            #expect(NatureDecisionRule.weights.contains(rule.primacyWeight) && NatureDecisionRule.weights.contains(rule.multinomialWeight))
            #expect(NatureDecisionRule.floors.contains(rule.floor))
        }
        #expect(calibration.primaryCoefficients.count == calibration.natures.count)
        #expect(calibration.primaryCoefficients.allSatisfy { $0.count == 3 * calibration.natures.count + 1 })
    }

    @Test func fittedThresholdsAreWithinTheGrid() throws {
        let calibration = try #require(Fixtures.model.natures?.calibration)
        let grid = NatureCalibration.thresholdGrid
        #expect(calibration.threshold.allSatisfy { $0 >= grid[0] - 1e-12 && $0 <= grid[grid.count - 1] + 1e-12 }, "\(calibration.threshold)")
    }

    @Test func aBroadOptimumGivesItsMiddleNotANarrowPeak() {
        // Every threshold from 0.2 to 0.8 separates the positives (0.9) from the negatives (0.1):
        // the middle of the grid.
        let p = [0.9, 0.9, 0.9, 0.1, 0.1, 0.1], y = [1.0, 1, 1, 0, 0, 0]
        #expect(abs(NatureCalibration.bestThreshold(p, y) - 0.5) < 1e-12)
        // Positives at 0.41 just above negatives at 0.39 make a narrow peak of F1 at 0.4 (0.923;
        // 0.75 below it, 0.727 above); above the negative at 0.6, F1 is 0.8 throughout. Twenty
        // copies, so that a document is worth little F1: the choice lies in the broad optimum.
        let p1 = [0.9, 0.9, 0.9, 0.9, 0.41, 0.41, 0.39, 0.39, 0.39, 0.6, 0.1, 0.1, 0.1]
        let y1 = [1.0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
        let p2 = Array([[Double]](repeating: p1, count: 20).joined()), y2 = Array([[Double]](repeating: y1, count: 20).joined())
        let t = NatureCalibration.bestThreshold(p2, y2)
        #expect(t > 0.65 && t < 0.8, "\(t)")
        // With one copy, a document is worth 0.15 of F1: nothing stands out, so the choice stays
        // near the middle rather than at either end.
        let t1 = NatureCalibration.bestThreshold(p1, y1)
        #expect(t1 > 0.4 && t1 < 0.6, "\(t1)")
    }

    /// 600 documents whose probabilities spread over 0 … 1, positive mostly above 0.45 (every
    /// 7th document on the wrong side): the F1 curve is broad.
    static func spread() -> (p: [Double], y: [Double]) {
        let p = (0..<600).map { Double($0) / 599 }
        let y = p.indices.map { i -> Double in (p[i] > 0.45) != (i % 7 == 3) ? 1 : 0 }
        return (p, y)
    }

    @Test func oneChangedLabelMovesTheThresholdLessThanAGridStep() {
        let (p, y) = Self.spread()
        let base = NatureCalibration.bestThreshold(p, y)
        var largest = 0.0
        for i in stride(from: 0, to: p.count, by: 5) {
            var changed = y
            changed[i] = 1 - changed[i]
            largest = max(largest, abs(NatureCalibration.bestThreshold(p, changed) - base))
        }
        #expect(largest > 0, "a label that changes F1 moves the threshold a little")
        #expect(largest < 0.025, "one label moved the threshold by \(largest)")
    }

    @Test func theNearOptimalMeanIsContinuousWhereTheBestValueJumps() {
        // Two peaks of nearly the same score: the best value jumps from 0.3 to 0.7 when the
        // second gains 0.002; the near-optimal mean moves by a fraction of the distance.
        let values = (0...10).map { Double($0) / 10 }
        let scores = [0.5, 0.6, 0.69, 0.700, 0.69, 0.6, 0.69, 0.699, 0.69, 0.6, 0.5]
        var raised = scores
        raised[7] = 0.701
        let a = NearOptimalChoice.mean(values, scores: scores, tolerance: 0.02, fallback: 0)
        let b = NearOptimalChoice.mean(values, scores: raised, tolerance: 0.02, fallback: 0)
        #expect(abs(a - 0.5) < 0.01 && abs(b - 0.5) < 0.02 && abs(b - a) < 0.02, "\(a) \(b)")
        // Only the values within the tolerance count (0.7 is 0.001 short of the best); a prior
        // bounds them (0.2, 0.3, 0.4 weighted 1 : 2 : 1).
        #expect(abs(NearOptimalChoice.mean(values, scores: scores, tolerance: 0.0005, fallback: 0) - 0.3) < 1e-9)
        #expect(abs(NearOptimalChoice.mean(values, scores: scores, tolerance: 0.02, fallback: 0) { $0 < 0.5 ? 1 : 0 } - 0.3) < 1e-9)
        #expect(NearOptimalChoice.mean(values, scores: scores, tolerance: 0.02, fallback: 0.42) { _ in 0 } == 0.42)
    }

    /// The fixture model's calibration samples scored leave-one-out, as `NatureModel.refit` scores them.
    static func scoredSamples() throws -> (model: NatureModel, samples: [NatureCalibration.Sample]) {
        let model = try #require(Fixtures.model.natures)
        let alpha = Fixtures.model.parameters.alpha
        let logs = LogTable(upTo: model.counts.documents.max() ?? 0, alpha: alpha)
        let samples = model.samples.map { s -> NatureCalibration.Sample in
            let (binary, primary, known) = model.leaveOneOut(s, alpha: alpha, logs: logs)
            return .init(binary: binary, primary: primary, known: known, evidence: s.evidence.map(Double.init), natures: s.natures)
        }
        return (model, samples)
    }

    @Test func leavingOutOneDocumentMovesTheFittedDecisionLittle() throws {
        let (model, samples) = try Self.scoredSamples()
        let full = NatureCalibration.fit(samples, natures: model.natures, settings: model.calibration)
        #expect(full.threshold == model.calibration.threshold && full.rule == model.calibration.rule, "the fit is the model's")
        for drop in [samples.count / 3, 2 * samples.count / 3] {
            var fewer = samples
            fewer.remove(at: drop)
            let c = NatureCalibration.fit(fewer, natures: model.natures, settings: model.calibration)
            #expect(c.rule.regressedPrimary == full.rule.regressedPrimary)
            #expect(abs(c.rule.admission - full.rule.admission) < 0.05, "admission \(full.rule.admission) -> \(c.rule.admission)")
            let moves = zip(c.threshold, full.threshold).map { abs($0 - $1) }
            // A grid choice moved by whole steps of 0.025 (up to 0.1 when one label changed).
            #expect(moves.allSatisfy { $0 < 0.025 }, "thresholds moved by \(moves)")
        }
    }

    @Test func theObjectiveIsMicroF1PlusPrimaryAccuracy() {
        let c = Self.calibration(NatureDecisionRule(primacyWeight: 0, multinomialWeight: 0))
        let q = [1.0 / 3, 1.0 / 3, 1.0 / 3]
        let scored = [
            NatureDecisionRule.Scored(p: [0.9, 0.6, 0.1], q: q, r: [], truth: [0, 1], first: 0),  // a, b: both right
            NatureDecisionRule.Scored(p: [0.9, 0.1, 0.1], q: q, r: [], truth: [1], first: 1),     // a for b: fp + fn
        ]
        // tp 2, fp 1, fn 1: micro 4/6; primary 1/2.
        #expect(abs(NatureDecisionRule.objective(scored, calibration: c) - (4.0 / 6 + 0.5)) < 1e-12)
    }

    func regressed(_ admission: Double, p: [Double], r: [Double]) -> [String] {
        let rule = NatureDecisionRule.regressed(admission: admission, floor: 0.2)
        let c = Self.calibration(rule)
        return rule.choose(p: p, q: [1.0 / 3, 1.0 / 3, 1.0 / 3], r: r, calibration: c).map { c.natures[$0.nature] }
    }

    @Test(arguments: [
        // (admission, p, r, natures)
        (0.3, [0.9, 0.6, 0.1], [0.2, 0.7, 0.1], ["b", "a"]),    // the regression orders the natures found
        (0.3, [0.9, 0.1, 0.1], [0.2, 0.7, 0.1], ["b", "a"]),    // b is admitted though below its threshold
        (0.8, [0.9, 0.1, 0.1], [0.2, 0.7, 0.1], ["a"]),         // ... not below the admission
        (0.3, [0.1, 0.1, 0.1], [0.1, 0.2, 0.6], ["other"]),     // other alone
        (0.3, [0.9, 0.1, 0.1], [0.2, 0.1, 0.6], ["other"]),     // other alone, over a weak nature found
        (0.8, [0.9, 0.1, 0.1], [0.2, 0.1, 0.6], ["a"]),         // ... only when R(other) reaches the admission
        (0.8, [0.3, 0.1, 0.1], [0.2, 0.1, 0.1], ["a"]),         // nothing found or admitted: the floor
    ])
    func theRegressedRuleDecides(admission: Double, p: [Double], r: [Double], expected: [String]) {
        #expect(regressed(admission, p: p, r: r) == expected)
    }

    @Test func anAdmittedNatureIsReportedWithItsRegressionProbabilityAndKeepsTheMaximum() {
        var c = Self.calibration(.regressed(admission: 0.3, floor: 0.2))
        c.maximumNatures = 1
        let chosen = c.rule.choose(p: [0.9, 0.1, 0.1], q: [0.4, 0.3, 0.3], r: [0.2, 0.7, 0.1], calibration: c)
        #expect(chosen.map(\.nature) == [1] && abs(chosen[0].probability - 0.7) < 1e-12)
    }

    @Test func aRuleWrittenBeforeTheRegressionDecodesWithoutIt() throws {
        let json = #"{"primacyWeight":1,"multinomialWeight":0.5,"floor":0.3,"otherOverrides":true,"isFormatTwo":false}"#
        let rule = try JSONDecoder().decode(NatureDecisionRule.self, from: Data(json.utf8))
        #expect(rule == NatureDecisionRule(primacyWeight: 1, multinomialWeight: 0.5, floor: 0.3, otherOverrides: true))
        #expect(!rule.regressedPrimary)
        let again = try JSONDecoder().decode(NatureDecisionRule.self, from: JSONEncoder().encode(NatureDecisionRule.regressed(admission: 0.4, floor: 0.1)))
        #expect(again == .regressed(admission: 0.4, floor: 0.1))
    }

    @Test func leaveOneOutWithTheLogTableIsTheSame() throws {
        let model = try #require(Fixtures.model.natures)
        let alpha = Fixtures.model.parameters.alpha
        let table = LogTable(upTo: model.counts.documents.max() ?? 0, alpha: alpha)
        for sample in model.samples.prefix(40) {
            let a = model.leaveOneOut(sample, alpha: alpha, logs: table), b = model.leaveOneOut(sample, alpha: alpha)
            #expect(a.known == b.known && a.binary == b.binary && a.primary == b.primary)
        }
    }

    @Test func logisticFitIsTheRidgeOptimum() {
        // y = 1 exactly when the first input is > 0; a second input of little use; intercept last.
        var x: [[Double]] = []
        for i in 0..<200 {
            let signal = Double(i % 20) - 9.5
            let noise = Double((i * 7) % 5)
            x.append([signal, i % 3 == 0 ? 0 : noise, 1])
        }
        let y = x.map { $0[0] > 0 ? 1.0 : 0.0 }
        let w = Logistic.fit(x, y)
        #expect(w.count == 3 && w[0] > 0)
        // The gradient of the ridge-penalised log-loss vanishes at the fit (ridge 1, not on the intercept).
        var gradient = [0.0, 0.0, 0.0]
        for (row, target) in zip(x, y) {
            let z = zip(w, row).map { $0 * $1 }.reduce(0, +)
            let p = 1 / (1 + exp(-z))
            for k in 0..<3 { gradient[k] += (p - target) * row[k] }
        }
        gradient[0] += w[0]
        gradient[1] += w[1]
        #expect(gradient.allSatisfy { abs($0) < 1e-6 }, "\(gradient)")
    }
}
