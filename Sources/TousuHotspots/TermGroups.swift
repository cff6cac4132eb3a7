import TousuText

/// The term groups (`GroupKind.term`) of many records, numbered. Each distinct pair of a record's
/// sector and terms is resolved to its groups once — streams repeat texts, and records with equal
/// texts carry equal terms — so that counting a day's records adds to an array of counts instead
/// of building and looking up a group key for each term of each record.
struct TermGroups {
    /// The groups, by number.
    private(set) var keys: [GroupKey] = []
    /// For each distinct (sector, terms), the numbers of its groups, each once.
    private(set) var lists: [[Int32]] = []
    /// For each record, the index in `lists` of its sector and terms; -1 for a record without
    /// terms or without a date (it counts in no day).
    private(set) var listOf: [Int32]

    init(_ records: [ClassifiedRecord]) {
        listOf = [Int32](repeating: -1, count: records.count)
        var listIndex: [SectorTerms: Int32] = [:]
        var groupIndex: [GroupKey: Int32] = [:]
        // The keys' hashes on all cores; the numbering in order.
        let withTerms = records.indices.filter { records[$0].date != nil && records[$0].tokens != nil }
        let found = DistinctTexts.inChunks(withTerms) { SectorTerms(sector: records[$0].sector, terms: records[$0].tokens ?? []) }
        for (i, key) in zip(withTerms, found) {
            let tokens = key.terms
            if let known = listIndex[key] {
                listOf[i] = known
                continue
            }
            var list: [Int32] = []
            list.reserveCapacity(tokens.count)
            for term in tokens {
                let group = GroupKey(.term, sector: key.sector, key: term)
                let number: Int32
                if let known = groupIndex[group] {
                    number = known
                } else {
                    number = Int32(keys.count)
                    groupIndex[group] = number
                    keys.append(group)
                }
                // A term twice in a record counts once.
                if !list.contains(number) { list.append(number) }
            }
            listIndex[key] = Int32(lists.count)
            listOf[i] = Int32(lists.count)
            lists.append(list)
        }
    }

    /// The term counts of the records at `indices` (each record once in each of its groups).
    func counts(of indices: [Int]) -> [(GroupKey, Int)] {
        var dense = [Int32](repeating: 0, count: keys.count)
        var touched: [Int32] = []
        for i in indices {
            let l = listOf[i]
            guard l >= 0 else { continue }
            for g in lists[Int(l)] {
                if dense[Int(g)] == 0 { touched.append(g) }
                dense[Int(g)] += 1
            }
        }
        return touched.map { (keys[Int($0)], Int(dense[Int($0)])) }
    }
}

/// A record's sector and terms as a dictionary key, equal and hashed on their UTF-8 bytes.
private struct SectorTerms: Hashable, Sendable {
    let sector: String
    let terms: [String]
    private let hash: UInt64

    init(sector: String, terms: [String]) {
        self.sector = sector
        self.terms = terms
        var h = FNV1a.hash(sector.utf8)
        for s in terms { h = FNV1a.hash(s.utf8, seed: FNV1a.hash(CollectionOfOne(0x1F), seed: h)) }
        hash = h
    }

    static func == (a: SectorTerms, b: SectorTerms) -> Bool {
        a.hash == b.hash && UTF8Bytes.equal(a.sector, b.sector) && a.terms.elementsEqual(b.terms, by: UTF8Bytes.equal)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
