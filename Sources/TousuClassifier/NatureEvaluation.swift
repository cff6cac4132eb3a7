import Foundation

/// Multi-label nature metrics: per-nature precision, recall and F1, micro- and macro-F1,
/// primary-nature accuracy, subset accuracy, and how well the reported probabilities are
/// calibrated (per nature: mean reported probability beside the share of those reports that
/// were right; overall: expected calibration error over 10 bins).
public struct NatureEvaluation: Sendable, Codable {
    public struct PerNature: Sendable, Codable {
        public var nature: String
        public var precision: Double
        public var recall: Double
        public var f1: Double
        /// Texts carrying this nature / texts it was found in.
        public var support: Int
        public var predicted: Int
        /// Mean probability tousu reported when it found this nature.
        public var meanProbability: Double
    }

    public var natures: [String]
    public var perNature: [PerNature]
    public var microF1: Double
    public var macroF1: Double
    /// Share of texts whose first nature is the labelled primary nature.
    public var primaryAccuracy: Double
    /// Share of texts whose set of natures is exactly the labelled set.
    public var subsetAccuracy: Double
    /// Expected calibration error of every reported nature probability (10 equal-width bins).
    public var expectedCalibrationError: Double
    public var count: Int

    /// From (labelled natures, predicted natures with probabilities) pairs; texts without
    /// labelled natures are skipped.
    public init(natures: [String], pairs: [(truth: [String], predicted: [NatureScore])]) {
        var natures = natures
        for (truth, predicted) in pairs {
            for n in truth + predicted.map(\.nature) where !natures.contains(n) { natures.append(n) }
        }
        self.natures = natures
        let used = pairs.filter { !$0.truth.isEmpty }
        count = used.count
        var tp = [Int](repeating: 0, count: natures.count), fp = tp, fn = tp
        var probabilitySum = [Double](repeating: 0, count: natures.count)
        var primaryRight = 0, subsetRight = 0
        var bins = Array(repeating: (n: 0, probability: 0.0, right: 0), count: 10)
        let index = Dictionary(uniqueKeysWithValues: natures.enumerated().map { ($1, $0) })
        for (truth, predicted) in used {
            let truthSet = Set(truth), predictedSet = Set(predicted.map(\.nature))
            if predicted.first?.nature == truth.first { primaryRight += 1 }
            if truthSet == predictedSet { subsetRight += 1 }
            for p in predicted {
                let i = index[p.nature]!
                let right = truthSet.contains(p.nature)
                if right { tp[i] += 1 } else { fp[i] += 1 }
                probabilitySum[i] += p.probability
                let b = min(9, max(0, Int(p.probability * 10)))
                bins[b].n += 1
                bins[b].probability += p.probability
                if right { bins[b].right += 1 }
            }
            for t in truthSet.subtracting(predictedSet) { fn[index[t]!] += 1 }
        }
        func f1(_ tp: Int, _ fp: Int, _ fn: Int) -> Double { tp > 0 ? 2 * Double(tp) / Double(2 * tp + fp + fn) : 0 }
        perNature = natures.indices.map { i in
            let predicted = tp[i] + fp[i], support = tp[i] + fn[i]
            return PerNature(
                nature: natures[i], precision: predicted > 0 ? Double(tp[i]) / Double(predicted) : 0,
                recall: support > 0 ? Double(tp[i]) / Double(support) : 0, f1: f1(tp[i], fp[i], fn[i]),
                support: support, predicted: predicted,
                meanProbability: predicted > 0 ? probabilitySum[i] / Double(predicted) : 0)
        }
        microF1 = f1(tp.reduce(0, +), fp.reduce(0, +), fn.reduce(0, +))
        let present = perNature.filter { $0.support > 0 }
        macroF1 = present.isEmpty ? 0 : present.map(\.f1).reduce(0, +) / Double(present.count)
        primaryAccuracy = count > 0 ? Double(primaryRight) / Double(count) : 0
        subsetAccuracy = count > 0 ? Double(subsetRight) / Double(count) : 0
        let reports = bins.map(\.n).reduce(0, +)
        expectedCalibrationError = reports > 0
            ? bins.filter { $0.n > 0 }.map { abs($0.probability - Double($0.right)) }.reduce(0, +) / Double(reports) : 0
    }

    /// A plain-text table.
    public var table: String {
        func f(_ x: Double) -> String { String(format: "%.3f", x) }
        let width = max(19, (natures.map(\.count).max() ?? 0) + 2)
        func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : s + String(repeating: " ", count: w - s.count) }
        var out = pad("nature", width) + "precision  recall  f1     support  found  mean p (precision)\n"
        for p in perNature {
            out += pad(p.nature, width) + pad(f(p.precision), 11) + pad(f(p.recall), 8) + pad(f(p.f1), 7)
                + pad("\(p.support)", 9) + pad("\(p.predicted)", 7) + "\(f(p.meanProbability)) (\(f(p.precision)))\n"
        }
        out += "natures: micro-F1 \(f(microF1))  macro-F1 \(f(macroF1))  primary accuracy \(f(primaryAccuracy))  subset accuracy \(f(subsetAccuracy))  n \(count)\n"
        out += "nature calibration: ECE \(f(expectedCalibrationError)) over every reported nature probability\n"
        return out
    }
}
