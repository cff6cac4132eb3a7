import Testing
@testable import TousuClassifier

/// Counts are additive: A then B == A+B == merge(A, B).
@Suite struct AdditivityTests {
    @Test func trainThenAddEqualsTrainOnAllEqualsMerge() throws {
        let all = Fixtures.records.enumerated().filter { $0.offset % 7 == 0 }.map(\.element)
        let a = Array(all.prefix(all.count / 2)), b = Array(all.suffix(from: all.count / 2))
        let trainer = Fixtures.trainer

        let modelA = try trainer.train(a)
        let aThenB = try Trainer(continuing: modelA).train(b, base: modelA)
        let together = try trainer.train(a + b)
        let merged = try modelA.merged(with: trainer.train(b))

        #expect(aThenB.counts == together.counts)
        #expect(merged.counts == together.counts)
        #expect(together.counts.documentCount == a.count + b.count)
        // And a model differs once one record is missing.
        let fewer = try trainer.train(Array((a + b).dropLast()))
        #expect(fewer.counts != together.counts)
    }

    @Test func mergeLearnsLabelsOnlyOneSideHas() throws {
        let food = Fixtures.records.filter { $0.label == "food" }.prefix(30)
        let prepaid = Fixtures.records.filter { $0.label == "prepaid" }.prefix(30)
        let merged = try Fixtures.trainer.train(Array(food)).merged(with: Fixtures.trainer.train(Array(prepaid)))
        let direct = try Fixtures.trainer.train(Array(food) + Array(prepaid))
        #expect(merged.counts == direct.counts)
        #expect(Set(merged.counts.labels) == ["food", "prepaid"])
    }

    @Test func modelsWithDifferentSettingsDoNotMerge() throws {
        let a = try Fixtures.trainer.train(Array(Fixtures.records.prefix(40)))
        var other = Fixtures.trainer
        other.features.tokenBigrams = true
        let b = try other.train(Array(Fixtures.records.prefix(40)))
        #expect(throws: ClassifierError.self) { try a.merged(with: b) }
    }
}
