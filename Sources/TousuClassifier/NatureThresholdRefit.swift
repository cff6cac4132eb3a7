import Foundation

extension NatureCalibration {
    /// The thresholds refined for the fitted decision rule: one pass over the natures in order,
    /// each nature's threshold set to the value of the `bestThreshold` grid with the best
    /// objective of the whole decision (micro-F1 plus primary-nature accuracy, see
    /// `NatureDecisionRule.objective`), smoothed over the grid values within 0.05 as
    /// `bestThreshold` smooths F1 (ties: the value nearest the one it had). Per-nature F1 is
    /// not what the natures said together are judged by: once the rule admits the primary
    /// nature on its own, a nature's threshold need only catch it as a further nature.
    static func refinedThresholds(_ samples: [Sample], calibration: NatureCalibration) -> [Double] {
        var c = calibration
        let scored = NatureDecisionRule.Scored.of(samples, calibration: c)
        guard scored.count >= 20 else { return c.threshold }
        let grid = thresholdGrid
        for j in c.natures.indices {
            let start = c.threshold[j]
            let objective = grid.map { t -> Double in
                c.threshold[j] = t
                return NatureDecisionRule.objective(scored, calibration: c)
            }
            var best = start, bestScore = -Double.infinity
            for i in grid.indices {
                let window = max(0, i - 2)...min(grid.count - 1, i + 2)
                let smoothed = window.map { objective[$0] }.reduce(0, +) / Double(window.count)
                if smoothed > bestScore + 1e-12 || abs(smoothed - bestScore) <= 1e-12 && abs(grid[i] - start) < abs(best - start) {
                    best = grid[i]
                    bestScore = smoothed
                }
            }
            c.threshold[j] = best
        }
        return c.threshold
    }
}
