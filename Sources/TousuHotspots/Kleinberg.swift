import Foundation

/// Kleinberg's two-state burst automaton, batched version (Kleinberg 2002, "Bursty and
/// hierarchical structure in streams", §4): batch t has r_t relevant events out of d_t. State 0
/// emits at the base rate p0 = Σr/Σd, state 1 at p1 = s·p0; entering state 1 costs γ·ln n
/// (n batches), leaving it is free. The optimal state sequence is found with Viterbi.
public struct Kleinberg: Sendable, Codable, Equatable {
    /// Rate multiplier of the burst state (default 2).
    public var s: Double
    /// Cost of entering the burst state, in units of ln n (default 1).
    public var gamma: Double

    public init(s: Double = 2, gamma: Double = 1) {
        self.s = s
        self.gamma = gamma
    }

    /// The state (0 base, 1 burst) of each batch. `relevant[t] ≤ totals[t]`.
    public func states(relevant: [Int], totals: [Int]) -> [Int] {
        let n = relevant.count
        guard n > 0, n == totals.count else { return [] }
        let r = relevant.reduce(0, +), d = totals.reduce(0, +)
        guard r > 0, d > 0 else { return Array(repeating: 0, count: n) }
        let p0 = Double(r) / Double(d)
        let p1 = min(s * p0, 0.9999)
        guard p1 > p0 else { return Array(repeating: 0, count: n) }
        let enter = gamma * log(Double(max(n, 2)))
        func cost(_ p: Double, _ t: Int) -> Double {
            let rt = Double(relevant[t]), dt = Double(totals[t])
            return -(rt * log(p) + (dt - rt) * log(1 - p))
        }
        var c0 = cost(p0, 0), c1 = enter + cost(p1, 0)
        var back: [[Int]] = [[0, 0]]
        for t in 1..<n {
            let from0To1 = c0 + enter, from1To1 = c1
            let from0To0 = c0, from1To0 = c1
            let best0 = from0To0 <= from1To0 ? 0 : 1
            let best1 = from0To1 < from1To1 ? 0 : 1
            let n0 = min(from0To0, from1To0) + cost(p0, t)
            let n1 = min(from0To1, from1To1) + cost(p1, t)
            back.append([best0, best1])
            c0 = n0
            c1 = n1
        }
        var states = [Int](repeating: 0, count: n)
        var state = c0 <= c1 ? 0 : 1
        for t in stride(from: n - 1, through: 0, by: -1) {
            states[t] = state
            state = back[t][state]
        }
        return states
    }
}
