/// A choice of one value from a grid by a score measured on documents, made so that it moves
/// little when a few documents change: not the grid value of the best score (which jumps to
/// another value as soon as one document tips a near tie) but the mean of the grid values whose
/// score is within `tolerance` of the best, each weighted by how far it is inside that margin:
///
///     weight(v) = max(0, score(v) − (best − tolerance)) · prior(v)
///
/// The weights are continuous in the scores, so a document that changes the scores by less than
/// the tolerance moves the choice by a fraction of the near-optimal range instead of a whole
/// jump. The tolerance is a number of documents' worth of score (`documents` times how much one
/// document changes it), so a broad optimum of many documents is averaged and a narrow peak that
/// two documents make is weighed as little as they are. `prior` (1 everywhere by default) lets
/// a caller prefer values near an earlier choice; its support bounds the values considered.
enum NearOptimalChoice {
    /// How many documents' worth of score a grid value may fall short of the best and still count.
    static let documents = 3.0

    /// The weighted mean of `values` (see the type's documentation); `fallback` when no value
    /// has a positive weight (empty grid, or a prior that is zero everywhere).
    static func mean(
        _ values: [Double], scores: [Double], tolerance: Double, fallback: Double, prior: (Double) -> Double = { _ in 1 }
    ) -> Double {
        precondition(values.count == scores.count)
        let priors = values.map(prior)
        var best = -Double.infinity
        for i in values.indices where priors[i] > 0 { best = max(best, scores[i]) }
        guard best.isFinite else { return fallback }
        let margin = max(tolerance, 1e-12)
        var weighted = 0.0, total = 0.0
        for i in values.indices where priors[i] > 0 {
            let w = max(0, scores[i] - (best - margin)) * priors[i]
            weighted += w * values[i]
            total += w
        }
        return total > 0 ? weighted / total : fallback
    }

    /// Scores averaged over the grid values within `radius` places on either side (fewer at the
    /// ends), so that the score of a value is that of its neighbourhood.
    static func smoothed(_ scores: [Double], radius: Int = 2) -> [Double] {
        scores.indices.map { i in
            let window = max(0, i - radius)...min(scores.count - 1, i + radius)
            return window.map { scores[$0] }.reduce(0, +) / Double(window.count)
        }
    }
}
