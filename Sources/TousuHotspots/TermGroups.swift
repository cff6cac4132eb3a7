import TousuText

/// The term groups (`GroupKind.term`) of many records, numbered. Each distinct pair of a record's
/// sector and terms is resolved to its groups once — streams repeat texts, and records with equal
/// texts carry equal terms — so that counting a day's records adds to an array of counts instead
/// of building and looking up a group key for each term of each record.
struct TermGroups {
    /// The groups and, for each distinct (sector, terms), the numbers of its groups.
    private(set) var groups = GroupLists()
    /// For each record, the index in `groups.lists` of its sector and terms; -1 for a record
    /// without terms or without a date (it counts in no day).
    private(set) var listOf: [Int32]

    init(_ records: [ClassifiedRecord]) {
        listOf = [Int32](repeating: -1, count: records.count)
        var listIndex: [SectorTerms: Int32] = [:]
        // Records whose terms the text stage numbered (`termsClass`): their sector and that number.
        var classIndex: [SectorClass: Int32] = [:]
        let withTerms = records.indices.filter { records[$0].date != nil && records[$0].tokens != nil }
        // The other records' keys hashed on all cores; the numbering in order.
        let unnumbered = withTerms.filter { records[$0].termsClass == nil }
        var found = parallelMap(unnumbered, chunk: DistinctTexts.hashChunk) { SectorTerms(sector: records[$0].sector, terms: records[$0].tokens ?? []) }
            .makeIterator()
        for i in withTerms {
            let key: SectorTerms
            var byClass: SectorClass?
            if let c = records[i].termsClass {
                let k = SectorClass(sector: records[i].sector, terms: c)
                if let known = classIndex[k] {
                    listOf[i] = known
                    continue
                }
                byClass = k
                key = SectorTerms(sector: records[i].sector, terms: records[i].tokens ?? [])
            } else {
                guard let next = found.next() else { continue }  // one for each record without a number
                key = next
            }
            let list: Int32
            if let known = listIndex[key] {
                list = known
            } else {
                list = groups.add(key.terms.lazy.map { GroupKey(.term, sector: key.sector, key: $0) })
                listIndex[key] = list
            }
            if let byClass { classIndex[byClass] = list }
            listOf[i] = list
        }
    }

    /// The term counts of the records at `indices` (each record once in each of its groups;
    /// `scratch`: see `GroupLists.counts`).
    func counts(of indices: [Int], scratch: inout [Int32]) -> [(GroupKey, Int)] {
        groups.counts(of: indices, listOf: listOf, scratch: &scratch)
    }
}

/// A record's sector and the number of its terms (`ClassifiedRecord.termsClass`) as a dictionary key.
private struct SectorClass: Hashable {
    let sector: String
    let terms: ValueClass
    private let hash: UInt64

    init(sector: String, terms: ValueClass) {
        self.sector = sector
        self.terms = terms
        hash = FNV1a.hash(sector.utf8, seed: UInt64(terms.table) << 32 | UInt64(UInt32(bitPattern: terms.index)))
    }

    static func == (a: SectorClass, b: SectorClass) -> Bool {
        a.hash == b.hash && a.terms == b.terms && UTF8Bytes.equal(a.sector, b.sector)
    }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
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
