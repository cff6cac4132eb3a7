extension NatureDecisionRule {
    /// The admissions measured for a `regressedPrimary` rule: 0, 0.05 … 1 (1: never admitted in
    /// practice, since R stays below 1).
    static let admissions: [Double] = (0...20).map { Double($0) / 20 }
    /// The floors measured for a `regressedPrimary` rule: 0, 0.05 … 0.5, and 1 (never: "other").
    static let regressedFloors: [Double] = (0...10).map { Double($0) / 20 } + [1]

    /// The `regressedPrimary` rule fitted to the scored samples, or `incumbent` (the best rule
    /// of the other families, with objective `incumbentScore`) when no admission and floor of
    /// the grid beats it. The admission and the floor are not the best cell of the grid but the
    /// `NearOptimalChoice` means of the cells within three documents' worth of the best
    /// objective (micro-F1 plus primary accuracy), so that one changed label moves them a
    /// little instead of flipping the rule to a neighbouring cell.
    static func fitRegressed(
        _ scored: [Scored], calibration c: NatureCalibration, incumbent: NatureDecisionRule, incumbentScore: Double
    ) -> NatureDecisionRule {
        var admission = [Double](), floor = [Double](), score = [Double](), step = [Double]()
        for a in admissions {
            for f in regressedFloors {
                let tally = Tally(scored, calibration: c, rule: .regressed(admission: a, floor: f))
                admission.append(a)
                floor.append(f)
                score.append(tally.objective)
                step.append(tally.oneDocument)
            }
        }
        guard let top = score.indices.max(by: { score[$0] < score[$1] }), score[top] > incumbentScore + 1e-12 else {
            return incumbent
        }
        let tolerance = NearOptimalChoice.documents * step[top]
        return .regressed(
            admission: NearOptimalChoice.mean(admission, scores: score, tolerance: tolerance, fallback: admission[top]),
            floor: NearOptimalChoice.mean(floor, scores: score, tolerance: tolerance, fallback: floor[top]))
    }
}
