import Foundation

/// A seeded generator (SplitMix64) with the samplers the simulator needs: uniform, Poisson,
/// gamma, weighted choice. The same seed gives the same stream on every machine.
struct Random: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x2545_F491_4F6C_DD1D }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// Poisson(mean): inversion for small means, a rounded normal for large ones.
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 60 {
            return max(0, Int((mean + sqrt(mean) * normal()).rounded()))
        }
        var k = 0
        var p = exp(-mean)
        var cumulative = p
        let u = uniform()
        while u > cumulative && k < 1000 {
            k += 1
            p *= mean / Double(k)
            cumulative += p
        }
        return k
    }

    /// Standard normal (Box–Muller).
    mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300), u2 = uniform()
        return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }

    /// Gamma with the given shape and mean 1 (Marsaglia–Tsang): a multiplicative noise whose
    /// coefficient of variation is 1/√shape.
    mutating func gammaNoise(shape: Double) -> Double {
        if shape < 1 { return gammaNoise(shape: shape + 1) * pow(uniform(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / sqrt(9 * d)
        while true {
            var x = 0.0, v = 0.0
            repeat {
                x = normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = uniform()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v / shape }
        }
    }

    /// An index drawn with the given cumulative weights (last element = total).
    mutating func pick(cumulative: [Double]) -> Int {
        let u = uniform() * (cumulative.last ?? 0)
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    mutating func element<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
}

/// Running sums of weights, for `Random.pick(cumulative:)`.
func cumulative(_ weights: [Double]) -> [Double] {
    var total = 0.0
    return weights.map { total += $0; return total }
}
