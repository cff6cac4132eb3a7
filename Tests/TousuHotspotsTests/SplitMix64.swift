/// A fixed-seed random generator (SplitMix64) and a Poisson sampler, for reproducible streams.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Knuth's multiplication method (fine for the small means used here).
    mutating func poisson(_ mean: Double) -> Int {
        let limit = (-mean).exp
        var k = 0
        var p = Double.random(in: 0..<1, using: &self)
        while p > limit {
            k += 1
            p *= Double.random(in: 0..<1, using: &self)
        }
        return k
    }
}

extension Double {
    var exp: Double { Foundation.exp(self) }
}

import Foundation
