import TousuText

/// The distinct texts of many records: which records share each text (byte-equal UTF-8). Complaint
/// streams repeat texts (reposts, templates, the same review under several records), and what the
/// text stage finds depends on the text alone, so each distinct text is analyzed once.
struct DistinctTexts {
    /// One text per distinct text, in order of first appearance.
    private(set) var texts: [String] = []
    /// For each record given, the index of its text in `texts`.
    private(set) var textOf: [Int] = []

    /// The distinct texts of `records[i].text` for `i` in `indices`; `textOf` follows `indices`.
    /// When the records' texts are numbered by one numbering (`ClassifiedRecord.textClass`), from
    /// the numbers; else from the texts' bytes.
    init(_ records: [ClassifiedRecord], indices: some Collection<Int>) {
        textOf.reserveCapacity(indices.count)
        if fromClasses(records, indices: indices) { return }
        textOf.removeAll(keepingCapacity: true)
        texts.removeAll()
        var index: [TextKey: Int] = [:]
        // The texts' hashes on all cores (a chunk of records at a time); the table in order.
        for key in parallelMap(Array(indices), chunk: Self.hashChunk, { TextKey(records[$0].text) }) {
            if let k = index[key] {
                textOf.append(k)
            } else {
                index[key] = texts.count
                textOf.append(texts.count)
                texts.append(key.text)
            }
        }
    }

    /// The numbering from the records' text classes, in order of first appearance; false (and
    /// the lists partly filled) when a record has none or the classes are of two numberings.
    private mutating func fromClasses(_ records: [ClassifiedRecord], indices: some Collection<Int>) -> Bool {
        guard let first = indices.first, let table = records[first].textClass?.table else { return indices.isEmpty }
        // The class's number → its index in `texts` (-1: not seen yet).
        var dense: [Int32] = []
        for i in indices {
            guard let c = records[i].textClass, c.table == table, c.index >= 0 else { return false }
            let n = Int(c.index)
            if n >= dense.count { dense.append(contentsOf: repeatElement(-1, count: n - dense.count + 1)) }
            if dense[n] < 0 {
                dense[n] = Int32(texts.count)
                texts.append(records[i].text)
            }
            textOf.append(Int(dense[n]))
        }
        return true
    }

    /// Records whose keys one task hashes (`parallelMap(_:chunk:_:)`).
    static let hashChunk = 16_384
}

/// A text as a dictionary key, equal and hashed on its UTF-8 bytes (String's own hashing
/// normalizes Chinese text first, several times slower; byte-equal texts are the equality wanted).
struct TextKey: Hashable {
    let text: String
    private let hash: UInt64

    init(_ text: String) {
        self.init(text, hash: FNV1a.hash(text.utf8))
    }

    /// With its hash computed before (`FNV1a.hash(text.utf8)`).
    init(_ text: String, hash: UInt64) {
        self.text = text
        self.hash = hash
    }

    static func == (a: TextKey, b: TextKey) -> Bool { a.hash == b.hash && UTF8Bytes.equal(a.text, b.text) }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

/// A list of strings as a dictionary key, equal and hashed on its elements' UTF-8 bytes (without
/// joining them into one string first).
struct ListKey: Hashable {
    let list: [String]
    private let hash: UInt64

    init(_ list: [String]) {
        self.list = list
        var h = FNV1a.offset
        for s in list { h = FNV1a.hash(CollectionOfOne(0x1F), seed: FNV1a.hash(s.utf8, seed: h)) }
        hash = h
    }

    static func == (a: ListKey, b: ListKey) -> Bool { a.hash == b.hash && a.list.elementsEqual(b.list, by: UTF8Bytes.equal) }

    func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}
