import Foundation
import TousuText

/// Precision, recall and F1 per label, macro-F1, accuracy, confusion matrix and calibration.
public struct EvaluationReport: Sendable, Codable {
    public struct PerLabel: Sendable, Codable {
        public var label: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        public var support: Int
    }

    public var labels: [String]
    /// confusion[true][predicted]
    public var confusion: [[Int]]
    public var perLabel: [PerLabel]
    public var macroF1: Double
    public var accuracy: Double
    public var count: Int
    /// Expected calibration error of the top probability (10 equal-width bins).
    public var expectedCalibrationError: Double
    /// Mean negative log-probability of the true label.
    public var logLoss: Double
    /// Share of predictions flagged needs_review, and accuracy among the others.
    public var reviewRate: Double
    public var accuracyWithoutReview: Double
    /// Nature metrics, when the records carry natures.
    public var natures: NatureEvaluation?

    /// Builds the report from (true label, prediction) pairs.
    public init(labels: [String], pairs: [(truth: String, prediction: Prediction)]) {
        var labels = labels
        for (truth, p) in pairs where !truth.isEmpty {
            if !labels.contains(truth) { labels.append(truth) }
            if !labels.contains(p.sector) { labels.append(p.sector) }
        }
        self.labels = labels
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var confusion = Array(repeating: Array(repeating: 0, count: labels.count), count: labels.count)
        var bins = Array(repeating: (n: 0, confidence: 0.0, correct: 0), count: 10)
        var logLoss = 0.0
        var reviewed = 0, keptCorrect = 0, kept = 0
        for (truth, p) in pairs where !truth.isEmpty {
            confusion[index[truth]!][index[p.sector]!] += 1
            let correct = truth == p.sector
            let b = min(9, Int(p.confidence * 10))
            bins[b].n += 1
            bins[b].confidence += p.confidence
            if correct { bins[b].correct += 1 }
            logLoss -= log(max(p.scores[truth] ?? 0, 1e-6))
            if p.needsReview { reviewed += 1 } else { kept += 1; if correct { keptCorrect += 1 } }
        }
        self.confusion = confusion
        let n = pairs.filter { !$0.truth.isEmpty }.count
        count = n
        perLabel = labels.indices.map { i in
            let tp = Double(confusion[i][i])
            let predicted = Double(confusion.map { $0[i] }.reduce(0, +))
            let actual = Double(confusion[i].reduce(0, +))
            let p = predicted > 0 ? tp / predicted : 0
            let r = actual > 0 ? tp / actual : 0
            return PerLabel(label: labels[i], precision: p, recall: r, f1: p + r > 0 ? 2 * p * r / (p + r) : 0, support: Int(actual))
        }
        let present = perLabel.filter { $0.support > 0 }
        macroF1 = present.isEmpty ? 0 : present.map(\.f1).reduce(0, +) / Double(present.count)
        accuracy = n > 0 ? Double(labels.indices.map { confusion[$0][$0] }.reduce(0, +)) / Double(n) : 0
        expectedCalibrationError = n > 0
            ? bins.filter { $0.n > 0 }.map { abs($0.confidence / Double($0.n) - Double($0.correct) / Double($0.n)) * Double($0.n) }
                .reduce(0, +) / Double(n) : 0
        self.logLoss = n > 0 ? logLoss / Double(n) : 0
        reviewRate = n > 0 ? Double(reviewed) / Double(n) : 0
        accuracyWithoutReview = kept > 0 ? Double(keptCorrect) / Double(kept) : 0
    }

    /// A plain-text table: per-label figures, then the confusion matrix.
    public var table: String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        let width = max(14, (labels.map(\.count).max() ?? 0) + 2)
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        var out = pad("label", width) + "precision  recall  f1     support\n"
        for p in perLabel {
            out += pad(p.label, width) + pad(f(p.precision), 11) + pad(f(p.recall), 8) + pad(f(p.f1), 7) + "\(p.support)\n"
        }
        out += "macro-F1 \(f(macroF1))  accuracy \(f(accuracy))  n \(count)\n"
        out += "calibration: ECE \(f(expectedCalibrationError))  log-loss \(f(logLoss))  needs_review \(f(reviewRate)) (accuracy of the rest \(f(accuracyWithoutReview)))\n"
        out += "confusion (rows: true, columns: predicted)\n" + pad("", width)
        out += labels.map { pad(String($0.prefix(9)), 10) }.joined() + "\n"
        for (i, row) in confusion.enumerated() {
            out += pad(labels[i], width) + row.map { pad("\($0)", 10) }.joined() + "\n"
        }
        if let natures { out += natures.table }
        return out
    }
}

/// Evaluation on labelled data, and k-fold cross-validation.
public enum Evaluation {
    /// Classifies every record (on all cores) and compares with its label.
    public static func evaluate(_ classifier: Classifier, on records: [LabelledRecord]) throws -> EvaluationReport {
        let predictions = try parallelMap(records) { try classifier.classify($0.text) }
        var report = EvaluationReport(
            labels: classifier.model.counts.labels, pairs: zip(records, predictions).map { ($0.label, $1) })
        report.natures = natureReport(records, predictions, natures: classifier.model.taxonomy.natures.map(\.id))
        return report
    }

    static func natureReport(_ records: [LabelledRecord], _ predictions: [Prediction], natures: [String]) -> NatureEvaluation? {
        guard records.contains(where: { !$0.natures.isEmpty }) else { return nil }
        return NatureEvaluation(natures: natures, pairs: zip(records, predictions).map { ($0.natures, $1.natureScores) })
    }

    /// K-fold cross-validation: fold of a record by a hash of its id; pooled predictions. Only
    /// the records are used (the trainer's nature corpus is not added to the training folds).
    public static func crossValidate(_ trainer: Trainer, records: [LabelledRecord], folds: Int) throws -> EvaluationReport {
        precondition(folds >= 2)
        var trainer = trainer
        trainer.natureCorpus = nil
        func fold(_ r: LabelledRecord) -> Int {
            Int(FNV1a.hash(r.id.utf8) % UInt64(folds))
        }
        var pairs: [(truth: String, prediction: Prediction)] = []
        var labels: [String] = []
        var tested: [LabelledRecord] = [], predicted: [Prediction] = []
        for k in 0..<folds {
            let train = records.filter { fold($0) != k }
            let test = records.filter { fold($0) == k }
            guard !train.isEmpty, !test.isEmpty else { continue }
            let classifier = try Classifier(model: trainer.train(train))
            labels = classifier.model.counts.labels
            let predictions = try parallelMap(test) { try classifier.classify($0.text) }
            pairs += zip(test, predictions).map { ($0.label, $1) }
            tested += test
            predicted += predictions
        }
        var report = EvaluationReport(labels: labels, pairs: pairs)
        report.natures = natureReport(tested, predicted, natures: trainer.taxonomy.natures.map(\.id))
        return report
    }
}
