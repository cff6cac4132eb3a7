/// Place terms: a term that is a place the text names (the text stage writes it as the region's
/// key, `TermExtractor.Place`) is evidence about that region, not a term of its own. Tested as a
/// term (the sector's records naming the place, against their share in the history: sharper than
/// the region's count when the region's own complaints are many), it is reported as the region's
/// hotspot, and when the region's own group is a hotspot of the same window it is folded into it:
/// a regional wave is one hotspot that names the region.
extension DetectionFrame {
    /// Whether `g` is a place term: a term group whose key is the key of a region group (of any
    /// sector) in the frame's windows.
    public func isPlace(_ g: GroupKey) -> Bool {
        g.kind == .term && regionKeys.contains(TextKey(g.key))
    }

    /// The keys of the region groups of `table`'s windows.
    static func regionKeySet(of table: [[GroupKey: Int]]) -> Set<TextKey> {
        var keys: Set<TextKey> = []
        for window in table { for g in window.keys where g.kind == .region { keys.insert(TextKey(g.key)) } }
        return keys
    }

    /// The group a detection is reported as: the region for a place term, else its own.
    public func reported(_ g: GroupKey) -> GroupKey {
        isPlace(g) ? GroupKey(.region, sector: g.sector, key: g.key) : g
    }

    /// The family `g` is tested in (false-discovery control): its kind, the regions for a place
    /// term — a test of whether that region is a hotspot, among the few regions, not among the
    /// sector's thousands of words.
    public func testFamily(_ g: GroupKey) -> GroupKind { isPlace(g) ? .region : g.kind }
}

extension HotspotDetector {
    /// `detections` without the place terms whose region (same sector and key) is among them; a
    /// region's echo that is its own place term is left out of its echoes too.
    static func foldingPlaces(_ detections: [Detection], frame: DetectionFrame) -> [Detection] {
        let regions = Set(detections.filter { $0.group.kind == .region }.map(\.group))
        var out = detections.filter { !(frame.isPlace($0.group) && regions.contains(frame.reported($0.group))) }
        for i in out.indices where out[i].group.kind == .region {
            let own = out[i].group
            out[i].echoes.removeAll { frame.isPlace($0) && frame.reported($0) == own }
        }
        return out
    }
}
