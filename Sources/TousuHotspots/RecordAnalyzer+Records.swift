import TousuMentions
import TousuText

extension RecordAnalyzer {
    /// A record the text stage could not analyze (the tokenizer failed on its text).
    public struct Failure: Sendable {
        public var index: Int
        public var reason: String
    }

    /// `analyze(_:parts:)` for many records: each distinct text is tokenized (or, where only its
    /// closure signals are wanted, normalized) once, on all cores, and what it gave goes to every
    /// record with that text, exactly as `analyze` would fill it; records with equal texts end up
    /// sharing one string and one terms array. Returns the records whose text could not be
    /// analyzed; those keep what they had.
    public func analyze(_ records: inout [ClassifiedRecord], parts: Parts = .all) -> [Failure] {
        let distinct = DistinctTexts(records, indices: records.indices)
        // What each distinct text must give: 1 tokens (terms or mentions), 2 terms, 4 closure
        // signals from the normalized text alone (records that need no tokens).
        var wants = [UInt8](repeating: 0, count: distinct.texts.count)
        var plans = [UInt8](repeating: 0, count: records.count)
        for i in records.indices {
            let needTerms = parts.contains(.terms) && records[i].tokens == nil
            let needMentions = mentions != nil && parts.contains(.mentions) && (records[i].merchant == nil || records[i].region == nil)
            let plan: UInt8 = needTerms || needMentions ? (needTerms ? 3 : 1) : (parts.contains(.closure) && mentions != nil ? 4 : 0)
            plans[i] = plan
            wants[distinct.textOf[i]] |= plan
        }
        let jobs = wants.indices.filter { wants[$0] != 0 }.map { (distinct.texts[$0], wants[$0]) }
        let found = (try? parallelMap(jobs) { [self] text, want in
            Result { () throws -> Found in try analyzeText(text, wants: want) }.mapError { TextStageError(reason: "\($0)") }
        }) ?? []
        var results = [Result<Found, TextStageError>?](repeating: nil, count: distinct.texts.count)
        for (k, f) in zip(wants.indices.filter { wants[$0] != 0 }, found) { results[k] = f }
        var failures: [Failure] = []
        var shared = SharedValues()
        // The texts numbered for the stages after this one (`ValueClass`).
        let table = ValueClass.newTable()
        for i in records.indices {
            let k = distinct.textOf[i]
            records[i].text = distinct.texts[k]
            records[i].textClass = ValueClass(table: table, index: Int32(k))
            // Numbered before the text's merchant or region is taken (which clears the number).
            records[i].fieldsClass = ValueClass(table: table, index: shared.share(&records[i]))
            if records[i].merchant != nil && records[i].merchantSource == nil { records[i].merchantSource = .field }
            if records[i].region != nil && records[i].regionSource == nil { records[i].regionSource = .field }
            let plan = plans[i]
            guard plan != 0, let result = results[k] else { continue }
            switch result {
            case .failure(let error): failures.append(Failure(index: i, reason: error.reason))
            case .success(let f):
                apply(f, plan: plan, parts: parts, to: &records[i])
                if plan & 2 != 0 { records[i].termsClass = ValueClass(table: table, index: Int32(k)) }
            }
        }
        return failures
    }

    /// Fills the terms of `records[i]` for each `i` in `indices` (records that carry terms are
    /// given new ones too: pass only those that need them), each distinct text tokenized once, on
    /// all cores. Returns the records whose text could not be tokenized.
    public func fillTerms(_ records: inout [ClassifiedRecord], indices: [Int]) -> [Failure] {
        let distinct = DistinctTexts(records, indices: indices)
        let found = (try? parallelMap(distinct.texts) { [self] text in
            Result { try hotspotTerms(text) }.mapError { TextStageError(reason: "\($0)") }
        }) ?? []
        var failures: [Failure] = []
        // Equal numbers, equal terms (`ClassifiedRecord.termsClass`, for `TermGroups`).
        let table = ValueClass.newTable()
        for (i, k) in zip(indices, distinct.textOf) {
            switch found[k] {
            case .success(let t):
                records[i].tokens = t
                records[i].termsClass = ValueClass(table: table, index: Int32(k))
            case .failure(let error): failures.append(Failure(index: i, reason: error.reason))
            }
        }
        return failures
    }

    /// What one distinct text gives.
    private struct Found: Sendable {
        var terms: [String]?
        var mentions: Mentions?
        var closureOnly: [String] = []
    }

    private func analyzeText(_ text: String, wants: UInt8) throws -> Found {
        var out = Found()
        if wants & 1 != 0 {
            let tokenized = try terms.tokenizer.tokenize(text)
            // The divisions named, found once for the place terms and the region.
            let regionMentions = mentions?.regions.mentions(in: tokenized) ?? []
            if wants & 2 != 0 { out.terms = hotspotTerms(of: tokenized, regionMentions: regionMentions) }
            out.mentions = mentions?.mentions(in: tokenized, regionMentions: regionMentions)
        }
        if wants & 4 != 0, let mentions {
            out.closureOnly = mentions.closureSignals(in: try terms.tokenizer.normalizer.normalize(text).units)
        }
        return out
    }

    /// Fills a record as `analyze` does, from what its text gave (`plan`: 1 tokens, 3 tokens and
    /// terms, 4 closure signals only).
    private func apply(_ f: Found, plan: UInt8, parts: Parts, to record: inout ClassifiedRecord) {
        if plan == 4 {
            record.closureSignals = f.closureOnly
            return
        }
        if plan & 2 != 0 { record.tokens = f.terms }
        guard let found = f.mentions else { return }
        record.take(found, merchantAndRegion: parts.contains(.mentions), closure: parts.contains(.closure))
    }
}

/// Equal sectors, merchants, regions and nature lists of many records made one value each, so
/// that a million records hold a few thousand strings and arrays, not a million; and each
/// distinct combination of the four numbered (`ClassifiedRecord.fieldsClass`).
private struct SharedValues {
    var strings: [TextKey: (String, Int32)] = [:]
    var natures: [ListKey: ([String], Int32)] = [:]
    /// The numbers of (sector, natures, merchant, region) → the combination's number.
    var fields: [FieldNumbers: Int32] = [:]

    struct FieldNumbers: Hashable {
        var sector, natures, merchant, region: Int32
    }

    /// Shares the record's values; returns the number of their combination.
    mutating func share(_ r: inout ClassifiedRecord) -> Int32 {
        var numbers = FieldNumbers(sector: 0, natures: 0, merchant: -1, region: -1)
        (r.sector, numbers.sector) = string(r.sector)
        if let m = r.merchant { (r.merchant, numbers.merchant) = string(m) }
        if let g = r.region { (r.region, numbers.region) = string(g) }
        let key = ListKey(r.natures)
        if let known = natures[key] {
            (r.natures, numbers.natures) = known
        } else {
            numbers.natures = Int32(natures.count)
            natures[key] = (r.natures, numbers.natures)
        }
        if let known = fields[numbers] { return known }
        let number = Int32(fields.count)
        fields[numbers] = number
        return number
    }

    mutating func string(_ s: String) -> (String, Int32) {
        let key = TextKey(s)
        if let known = strings[key] { return known }
        let number = Int32(strings.count)
        strings[key] = (s, number)
        return (s, number)
    }
}

/// A text-stage error carried as its description across the workers.
private struct TextStageError: Error {
    var reason: String
}
