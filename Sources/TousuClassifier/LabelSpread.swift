import Foundation

/// How unevenly a feature spreads over the labels, as a weight in [0, 1]:
///
///     P(l | f) ∝ (count(f, l) + 1) / (total(l) + vocabulary)
///     weight(f) = 1 − H(P(· | f)) / log(labels)
///
/// P(l | f) is the label posterior of the feature alone under Laplace-smoothed naive Bayes with
/// equal priors. The weight is 0 for a word all labels use at the same rate (的, 我们) and near 1
/// for a word one label owns (蒙牛, 热水器). Rates rather than counts, so a big label does not own
/// every word; the Laplace smoothing keeps a feature seen once from counting as decisive.
/// Computed from raw counts when a model is loaded, so training stays additive.
enum LabelSpread {
    static func weight(row: ArraySlice<Int32>, totals: [Int], vocabulary: Double) -> Double {
        let width = totals.count
        guard width > 1 else { return 1 }
        // Two passes over the row instead of an array of rates: this runs once per feature.
        func rate(_ l: Int) -> Double { (Double(row[row.startIndex + l]) + 1) / (Double(totals[l]) + vocabulary) }
        var sum = 0.0
        for l in 0..<width { sum += rate(l) }
        var entropy = 0.0
        for l in 0..<width {
            let p = rate(l) / sum
            if p > 0 { entropy -= p * log(p) }
        }
        return max(0, 1 - entropy / log(Double(width)))
    }
}
