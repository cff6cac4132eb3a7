import Foundation

extension NatureCalibration {
    /// How far (in probability) the refinement may move a nature's threshold from its F1 choice:
    /// the refinement prefers values near that choice, linearly less up to this distance.
    static let refinementRadius = 0.2

    /// The thresholds refined for the fitted decision rule: one pass over the natures in order,
    /// each nature's threshold set to the `NearOptimalChoice` mean of the `bestThreshold` grid
    /// by the objective of the whole decision (micro-F1 plus primary-nature accuracy, see
    /// `NatureDecisionRule.objective`), smoothed over the grid values within 0.05 as
    /// `bestThreshold` smooths F1, within three documents' worth of the objective of the best
    /// value and weighted towards the threshold it had (a triangle of `refinementRadius`), so that
    /// where the decision hardly cares the F1 choice stands. Per-nature F1 is not what the
    /// natures said together are judged by: once the rule admits the primary nature on its own, a
    /// nature's threshold need only catch it as a further nature.
    static func refinedThresholds(_ samples: [Sample], calibration: NatureCalibration) -> [Double] {
        var c = calibration
        let scored = NatureDecisionRule.Scored.of(samples, calibration: c)
        guard scored.count >= 20 else { return c.threshold }
        let grid = thresholdGrid
        for j in c.natures.indices {
            let start = c.threshold[j]
            var steps = [Double]()
            let objective = grid.map { t -> Double in
                c.threshold[j] = t
                let tally = NatureDecisionRule.Tally(scored, calibration: c)
                steps.append(tally.oneDocument)
                return tally.objective
            }
            let top = objective.indices.max { objective[$0] < objective[$1] } ?? 0
            c.threshold[j] = NearOptimalChoice.mean(
                grid, scores: NearOptimalChoice.smoothed(objective), tolerance: NearOptimalChoice.documents * steps[top],
                fallback: start, prior: { max(0, 1 - abs($0 - start) / refinementRadius) })
        }
        return c.threshold
    }
}
