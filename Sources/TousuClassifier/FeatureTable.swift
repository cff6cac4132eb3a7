/// Open-addressing hash containers keyed by 64-bit feature hashes. The keys are already FNV-1a
/// hashes, so one multiply spreads them; Swift's `Dictionary` and `Set` hash them again with
/// SipHash, which was most of the cost of scoring a complaint.

/// Feature hash → row, built once per model, read by every classification.
struct FeatureRows: Sendable {
    private var keys: [UInt64]
    private var rows: [Int32]  // -1: empty slot
    private let shift: UInt64

    init<S: Sequence>(_ features: S, count: Int) where S.Element == UInt64 {
        var bits: UInt64 = 4
        while (1 << bits) < count * 2 { bits += 1 }
        shift = 64 - bits
        keys = [UInt64](repeating: 0, count: 1 << bits)
        rows = [Int32](repeating: -1, count: 1 << bits)
        for (row, feature) in features.enumerated() {
            var i = slot(feature)
            while rows[i] >= 0 && keys[i] != feature { i = (i + 1) & (keys.count - 1) }
            keys[i] = feature
            rows[i] = Int32(row)
        }
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The row of a feature, or nil when the model never saw it.
    @inline(__always) subscript(_ feature: UInt64) -> Int32? {
        var i = slot(feature)
        while true {
            let row = rows[i]
            if row < 0 { return nil }
            if keys[i] == feature { return row }
            i = (i + 1) & (keys.count - 1)
        }
    }
}

/// The features already seen in one text (binary counting), sized for at most `capacity`.
struct FeatureSet {
    /// 0 marks an empty slot; the feature 0 itself is kept in `hasZero`.
    private var keys: [UInt64]
    private var hasZero = false
    private let shift: UInt64

    init(capacity: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        shift = 64 - bits
        keys = [UInt64](repeating: 0, count: 1 << bits)
    }

    /// Adds a feature; false when it was already there.
    @inline(__always) mutating func insert(_ feature: UInt64) -> Bool {
        if feature == 0 {
            defer { hasZero = true }
            return !hasZero
        }
        var i = Int(truncatingIfNeeded: (feature &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let key = keys[i]
            if key == 0 {
                keys[i] = feature
                return true
            }
            if key == feature { return false }
            i = (i + 1) & (keys.count - 1)
        }
    }
}

/// Feature hash → (sector row, nature row): both models' features in one table, so that
/// scoring a text with both takes one probe per feature. -1: the model never saw it.
struct JointFeatureRows: Sendable {
    struct Rows: Sendable {
        var sector: Int32
        var nature: Int32
    }

    private var keys: [UInt64]
    private var rows: [Rows]  // (-1, -1): empty slot
    private let shift: UInt64

    init(sector: [UInt64], nature: [UInt64]) {
        var bits: UInt64 = 4
        while (1 << bits) < (sector.count + nature.count) * 2 { bits += 1 }
        shift = 64 - bits
        keys = [UInt64](repeating: 0, count: 1 << bits)
        rows = [Rows](repeating: Rows(sector: -1, nature: -1), count: 1 << bits)
        for (row, feature) in sector.enumerated() { self.place(feature) { $0.sector = Int32(row) } }
        for (row, feature) in nature.enumerated() { self.place(feature) { $0.nature = Int32(row) } }
    }

    private mutating func place(_ feature: UInt64, _ set: (inout Rows) -> Void) {
        var i = slot(feature)
        while !isEmpty(rows[i]) && keys[i] != feature { i = (i + 1) & (keys.count - 1) }
        keys[i] = feature
        set(&rows[i])
    }

    @inline(__always) private func isEmpty(_ r: Rows) -> Bool { r.sector < 0 && r.nature < 0 }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The rows of a feature, or nil when neither model saw it.
    @inline(__always) subscript(_ feature: UInt64) -> Rows? {
        var i = slot(feature)
        while true {
            let r = rows[i]
            if isEmpty(r) { return nil }
            if keys[i] == feature { return r }
            i = (i + 1) & (keys.count - 1)
        }
    }
}
