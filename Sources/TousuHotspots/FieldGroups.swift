import TousuText

/// The groups other than terms of many records (total, sector, nature, merchant, region, theme,
/// closure: `DailyAggregates.forEachKey`), numbered. They follow from a record's sector, natures,
/// merchant, region and whether it carries closure signals, and records repeat those few fields
/// far more than they differ, so each distinct combination is resolved to its groups once and
/// counting a day's records adds to an array of counts.
struct FieldGroups {
    /// The groups and, for each distinct combination of the fields, the numbers of its groups.
    private(set) var groups = GroupLists()
    /// For each record, the index in `groups.lists` of its fields; -1 for an undated record.
    private(set) var listOf: [Int32]

    init(_ records: [ClassifiedRecord]) {
        listOf = [Int32](repeating: -1, count: records.count)
        let dated = records.indices.filter { records[$0].date != nil }
        // Records whose fields the text stage numbered (`fieldsClass`, the numbering of the first
        // such record): list by number and closure (2 × number + 1 with closure signals), -1 not
        // seen yet; the others keyed by their fields, hashed on all cores.
        let table = dated.lazy.compactMap { records[$0].fieldsClass?.table }.first
        var byClass: [Int32] = []
        let unnumbered = dated.filter { i in records[i].fieldsClass.map { $0.table != table } ?? true }
        var found = parallelMap(unnumbered, chunk: DistinctTexts.hashChunk) { i in
            RecordFields(
                sector: records[i].sector, natures: records[i].natures, merchant: records[i].merchant,
                region: records[i].region, closure: !records[i].closureSignals.isEmpty)
        }.makeIterator()
        var listIndex: [RecordFields: Int32] = [:]
        for i in dated {
            if let c = records[i].fieldsClass, c.table == table {
                let slot = 2 * Int(c.index) + (records[i].closureSignals.isEmpty ? 0 : 1)
                if slot >= byClass.count { byClass.append(contentsOf: repeatElement(-1, count: slot - byClass.count + 1)) }
                if byClass[slot] < 0 { byClass[slot] = list(of: records[i]) }
                listOf[i] = byClass[slot]
                continue
            }
            guard let key = found.next() else { continue }  // one for each record without a number
            if let known = listIndex[key] {
                listOf[i] = known
                continue
            }
            let list = list(of: records[i])
            listIndex[key] = list
            listOf[i] = list
        }
    }

    /// Adds the list of the record's groups.
    private mutating func list(of record: ClassifiedRecord) -> Int32 {
        var keys: [GroupKey] = []
        DailyAggregates.forEachKey(of: record, terms: false) { keys.append($0) }
        return groups.add(keys)
    }

    /// The counts of the records at `indices` (each record once in each of its groups;
    /// `scratch`: see `GroupLists.counts`).
    func counts(of indices: [Int], scratch: inout [Int32]) -> [(GroupKey, Int)] {
        groups.counts(of: indices, listOf: listOf, scratch: &scratch)
    }
}

/// The fields a record's groups other than terms follow from, as a dictionary key, equal and
/// hashed on their UTF-8 bytes.
private struct RecordFields: Hashable, Sendable {
    let sector: String
    let natures: [String]
    let merchant: String?
    let region: String?
    let closure: Bool
    private let hash: UInt64

    init(sector: String, natures: [String], merchant: String?, region: String?, closure: Bool) {
        self.sector = sector
        self.natures = natures
        self.merchant = merchant
        self.region = region
        self.closure = closure
        var h = FNV1a.hash(sector.utf8)
        for s in natures { h = FNV1a.hash(s.utf8, seed: FNV1a.hash(CollectionOfOne(0x1F), seed: h)) }
        // Absent and empty fields differ: a marker byte before each.
        for field in [merchant, region] {
            h = FNV1a.hash(CollectionOfOne(field == nil ? 0x1C : 0x1D), seed: h)
            if let field { h = FNV1a.hash(field.utf8, seed: h) }
        }
        hash = FNV1a.hash(CollectionOfOne(closure ? 1 : 0), seed: h)
    }

    static func == (a: RecordFields, b: RecordFields) -> Bool {
        a.hash == b.hash && a.closure == b.closure && UTF8Bytes.equal(a.sector, b.sector)
            && a.natures.elementsEqual(b.natures, by: UTF8Bytes.equal) && same(a.merchant, b.merchant) && same(a.region, b.region)
    }

    private static func same(_ a: String?, _ b: String?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?): return UTF8Bytes.equal(x, y)
        default: return false
        }
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
