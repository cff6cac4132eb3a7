/// Groups numbered, and lists of their numbers that many records share: each distinct list is
/// resolved to numbers once, so that counting a day's records adds to an array of counts instead
/// of building and looking up a group key for each group of each record (`TermGroups`,
/// `FieldGroups`).
struct GroupLists: Sendable {
    /// The groups, by number.
    private(set) var keys: [GroupKey] = []
    /// The lists, each group once in each.
    private(set) var lists: [[Int32]] = []
    private var numbers: [GroupKey: Int32] = [:]

    /// Adds the list of `groups` (a group given twice is in it once); returns its index in `lists`.
    mutating func add(_ groups: some Sequence<GroupKey>) -> Int32 {
        var list: [Int32] = []
        for group in groups {
            let number: Int32
            if let known = numbers[group] {
                number = known
            } else {
                number = Int32(keys.count)
                numbers[group] = number
                keys.append(group)
            }
            if !list.contains(number) { list.append(number) }
        }
        lists.append(list)
        return Int32(lists.count - 1)
    }

    /// The counts of the records at `indices`, `listOf[i]` the list of record `i` (-1: none):
    /// each record once in each group of its list; the groups in order of first count. `scratch`
    /// is a counting array kept across calls (all zeros between them): a fresh array for each day
    /// was a large part of the counting time (new pages to clear).
    func counts(of indices: [Int], listOf: [Int32], scratch: inout [Int32]) -> [(GroupKey, Int)] {
        // Days whose records have no list (terms outside the windows that need them) need no array.
        guard indices.contains(where: { listOf[$0] >= 0 }) else { return [] }
        if scratch.count < keys.count { scratch = [Int32](repeating: 0, count: keys.count) }
        var touched: [Int32] = []
        for i in indices {
            let l = listOf[i]
            guard l >= 0 else { continue }
            for g in lists[Int(l)] {
                if scratch[Int(g)] == 0 { touched.append(g) }
                scratch[Int(g)] += 1
            }
        }
        let out = touched.map { (keys[Int($0)], Int(scratch[Int($0)])) }
        for g in touched { scratch[Int(g)] = 0 }
        return out
    }
}
