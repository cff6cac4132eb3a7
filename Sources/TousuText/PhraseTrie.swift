/// A set of phrases over normalized UTF-16 code units, searchable from any position of a text
/// without building Strings. The first step is one array read, so most positions fail fast; each
/// further step is one probe of an open-addressing table keyed by (node, unit) with a
/// multiplicative hash (Swift's `Dictionary` hashed every step with SipHash, which was most of the
/// cost of matching phrases).
public struct PhraseTrie: Sendable {
    /// Child of the root for each first code unit (0 = none).
    private var rootChildren: [Int32]
    /// Children of the other nodes: `edgeKeys[i]` = node << 16 | unit, `edgeChildren[i]` its child
    /// (0: empty slot; no edge leads back to the root). A power of two, at most half full.
    private var edgeKeys: [UInt64]
    private var edgeChildren: [Int32]
    private var edgeCount = 0
    private var shift: UInt64
    /// For each node, the phrase id that ends there, or -1.
    private var terminal: [Int32]
    /// Number of phrases.
    public private(set) var count: Int = 0

    public init() {
        rootChildren = [Int32](repeating: 0, count: 0x10000)
        edgeKeys = [UInt64](repeating: 0, count: 16)
        edgeChildren = [Int32](repeating: 0, count: 16)
        shift = 64 - 4
        terminal = [-1]  // node 0 is the root
    }

    /// Adds a phrase and returns its id (the existing id for a phrase already present).
    @discardableResult
    public mutating func insert(_ phrase: [UInt16]) -> Int {
        guard !phrase.isEmpty else { return -1 }
        var node: Int32 = 0
        for unit in phrase {
            if let next = child(node, unit) {
                node = next
            } else {
                let created = Int32(terminal.count)
                terminal.append(-1)
                if node == 0 {
                    rootChildren[Int(unit)] = created
                } else {
                    addEdge(Self.key(node, unit), created)
                }
                node = created
            }
        }
        if terminal[Int(node)] < 0 {
            terminal[Int(node)] = Int32(count)
            count += 1
        }
        return Int(terminal[Int(node)])
    }

    @inline(__always) private static func key(_ node: Int32, _ unit: UInt16) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 16 | UInt64(unit)
    }

    @inline(__always) private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private mutating func addEdge(_ key: UInt64, _ child: Int32) {
        if (edgeCount + 1) * 2 > edgeKeys.count {
            let oldKeys = edgeKeys, oldChildren = edgeChildren
            edgeKeys = [UInt64](repeating: 0, count: oldKeys.count * 2)
            edgeChildren = [Int32](repeating: 0, count: oldKeys.count * 2)
            shift -= 1
            for i in oldKeys.indices where oldChildren[i] != 0 { place(oldKeys[i], oldChildren[i]) }
        }
        place(key, child)
        edgeCount += 1
    }

    private mutating func place(_ key: UInt64, _ child: Int32) {
        var i = slot(key)
        while edgeChildren[i] != 0 { i = (i + 1) & (edgeKeys.count - 1) }
        edgeKeys[i] = key
        edgeChildren[i] = child
    }

    @inline(__always) private func child(_ node: Int32, _ unit: UInt16) -> Int32? {
        if node == 0 {
            let c = rootChildren[Int(unit)]
            return c == 0 ? nil : c
        }
        let key = Self.key(node, unit)
        var i = slot(key)
        while true {
            let c = edgeChildren[i]
            if c == 0 { return nil }
            if edgeKeys[i] == key { return c }
            i = (i + 1) & (edgeKeys.count - 1)
        }
    }

    /// The id of the phrase equal to `units[range]`, if any.
    public func lookup(_ units: [UInt16], _ range: Range<Int>) -> Int? {
        var node: Int32 = 0
        for i in range {
            guard let next = child(node, units[i]) else { return nil }
            node = next
        }
        let id = terminal[Int(node)]
        return id >= 0 ? Int(id) : nil
    }

    /// Calls `body(start, end, id)` for every phrase anywhere in `units`, by start, then
    /// shortest first: `forEachMatch(in:from:_:)` from every position, in one call.
    public func forEachMatch(in units: [UInt16], _ body: (Int, Int, Int) -> Void) {
        for start in units.indices {
            var node: Int32 = 0
            var i = start
            while i < units.count, let next = child(node, units[i]) {
                node = next
                i += 1
                let id = terminal[Int(node)]
                if id >= 0 { body(start, i, Int(id)) }
            }
        }
    }

    /// Calls `body(end, id)` for every phrase that starts at `start`, shortest first.
    @inline(__always)
    public func forEachMatch(in units: [UInt16], from start: Int, _ body: (Int, Int) -> Void) {
        var node: Int32 = 0
        var i = start
        while i < units.count, let next = child(node, units[i]) {
            node = next
            i += 1
            let id = terminal[Int(node)]
            if id >= 0 { body(i, Int(id)) }
        }
    }
}
