import Testing
@testable import TousuClassifier

@Suite struct FeatureTableTests {
    @Test func rowsFindEveryFeatureAndNothingElse() {
        // Keys that land in the same slots (equal high bits after the multiply) and key 0.
        var keys: [UInt64] = [0, 1, 2, UInt64.max]
        var state: UInt64 = 42
        for _ in 0..<5000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            keys.append(state)
        }
        let rows = FeatureRows(keys, count: keys.count)
        for (row, key) in keys.enumerated() { #expect(rows[key] == Int32(row)) }
        #expect(rows[3] == nil)
        #expect(rows[12345] == nil)
    }

    @Test func setInsertsEachFeatureOnce() {
        var set = FeatureSet(capacity: 100)
        var inserted = 0
        for key in [UInt64(0), 0, 7, 7, 7, UInt64.max, 123_456_789, 0] where set.insert(key) { inserted += 1 }
        #expect(inserted == 4)
    }
}
