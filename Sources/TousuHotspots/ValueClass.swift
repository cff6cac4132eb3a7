import Synchronization

/// A value of a record numbered among the values of one numbering (`table`): two records whose
/// classes of a kind are equal hold byte-equal values of that kind — their texts
/// (`ClassifiedRecord.textClass`), their terms (`termsClass`), or their sector, natures, merchant
/// and region together (`fieldsClass`). The text stage numbers the records it reads
/// (`RecordAnalyzer.analyze`), so that the stages after it find
/// the distinct texts (`DistinctTexts`) and the records' groups (`TermGroups`, `FieldGroups`)
/// from the numbers, without hashing every record's strings again. Numbers of different
/// numberings never mix: each numbering has its own `table`.
struct ValueClass: Sendable, Hashable {
    /// The numbering (`ValueClass.newTable()`).
    var table: UInt32
    /// The value's number in it.
    var index: Int32

    /// A numbering no other has used in this process.
    static func newTable() -> UInt32 { tables.wrappingAdd(1, ordering: .relaxed).newValue }

    private static let tables = Atomic<UInt32>(0)
}
