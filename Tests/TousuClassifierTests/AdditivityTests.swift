import Foundation
import Testing
@testable import TousuClassifier

/// Everything a model keeps is additive: A then B == A+B == merge(A, B) == merge(B, A), counts,
/// calibration and therefore every prediction.
@Suite struct AdditivityTests {
    /// A sample of sector records and of nature records, split into two halves.
    static let halves: (a: [LabelledRecord], b: [LabelledRecord]) = {
        let sectors = Fixtures.records.enumerated().filter { $0.offset % 5 == 0 }.map(\.element)
        let natures = Fixtures.natureRecords.enumerated().filter { $0.offset % 2 == 0 }.map {
            LabelledRecord(id: $0.element.id, text: $0.element.text, label: "", natures: $0.element.natures)
        }
        let all = sectors + natures
        return (all.enumerated().filter { $0.offset % 2 == 0 }.map(\.element), all.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
    }()

    @Test func trainThenAddEqualsTrainOnAllEqualsMergeEitherWay() throws {
        let (a, b) = Self.halves
        let trainer = Fixtures.trainer
        let modelA = try trainer.train(a), modelB = try trainer.train(b)
        let together = try trainer.train(a + b)
        let aThenB = try Trainer(continuing: modelB).train(a, base: modelB)
        let ab = try modelA.merged(with: modelB), ba = try modelB.merged(with: modelA)
        for (name, model) in [("train A --from B", aThenB), ("merge(A, B)", ab), ("merge(B, A)", ba)] {
            #expect(model.counts == together.counts, "\(name): sector counts")
            #expect(model.calibration == together.calibration, "\(name): sector calibration")
            #expect(model.natures?.counts == together.natures?.counts, "\(name): nature counts")
            #expect(model.natures?.calibration == together.natures?.calibration, "\(name): nature calibration")
            #expect(model.calibrationSamples == together.calibrationSamples, "\(name): samples")
        }
        // The same file bytes, whatever way the model was made.
        let bytes = try ModelFile.encode(together)
        #expect(try ModelFile.encode(ab) == bytes)
        #expect(try ModelFile.encode(ba) == bytes)
        #expect(try ModelFile.encode(aThenB) == bytes)
        #expect(together.counts.documentCount == a.count(where: { !$0.label.isEmpty }) + b.count(where: { !$0.label.isEmpty }))
        // And a model differs once one record is missing.
        let fewer = try trainer.train(Array((a + b).dropLast()))
        #expect(fewer.natures?.counts != together.natures?.counts || fewer.counts != together.counts)
    }

    @Test func mergedModelsClassifyTheDevSetAsTrainingOnTheUnion() throws {
        let (a, b) = Self.halves
        let trainer = Fixtures.trainer
        let together = try Classifier(model: trainer.train(a + b))
        let merged = try Classifier(model: trainer.train(b).merged(with: trainer.train(a)))
        let dev = try LabelledCorpus.readNatures(Fixtures.natureDev)
        var differences = 0
        for record in dev {
            let x = try together.classify(record.text), y = try merged.classify(record.text)
            if x != y {
                differences += 1
                if differences == 1 { Issue.record("first difference: \(x) vs \(y)") }
            }
        }
        #expect(differences == 0, "\(differences) of \(dev.count) dev predictions differ")
    }

    @Test func modelsWithDifferentLabelsDoNotMerge() throws {
        let food = Fixtures.records.filter { $0.label == "food" }.prefix(30)
        let prepaid = Fixtures.records.filter { $0.label == "prepaid" }.prefix(30)
        let a = try Fixtures.trainer.train(Array(food)), b = try Fixtures.trainer.train(Array(prepaid))
        #expect(throws: ClassifierError.incompatibleModels(reason: "different labels (food vs prepaid)")) { try a.merged(with: b) }
        // Training one on top of the other is adding data, not merging: it learns the new label.
        let both = try Trainer(continuing: a).train(Array(prepaid), base: a)
        #expect(Set(both.counts.labels) == ["food", "prepaid"])
    }

    /// Every setting that changes what counts mean refuses a merge, naming the setting.
    @Test(arguments: ["alpha", "complement", "prior", "spread-weighting", "lexicon weight", "token-bigram", "lexicons"])
    func modelsWithDifferentSettingsDoNotMerge(setting: String) throws {
        let records = Array(Fixtures.records.prefix(60))
        let a = try Fixtures.trainer.train(records)
        var other = Fixtures.trainer
        switch setting {
        case "alpha": other.parameters.alpha = 0.1
        case "complement": other.parameters.complement = true
        case "prior": other.parameters.uniformPrior = false
        case "spread-weighting": other.parameters.spreadWeighting = true
        case "lexicon weight": other.calibration.lexiconWeight = 2
        case "token-bigram": other.features.tokenBigrams = true
        default: other.lexicon = Lexicon(labels: [])
        }
        let b = try other.train(records)
        do {
            _ = try a.merged(with: b)
            Issue.record("models with a different \(setting) merged")
        } catch {
            #expect("\(error)".contains(setting), "\(error)")
        }
    }

    @Test func aModelWithNaturesDoesNotMergeWithOneWithout() throws {
        let (a, _) = Self.halves
        let withNatures = try Fixtures.trainer.train(a)
        let without = try Fixtures.trainer.train(a.filter { !$0.label.isEmpty })
        #expect(throws: ClassifierError.incompatibleModels(reason: "different nature models (natures vs none)")) {
            try withNatures.merged(with: without)
        }
    }
}
