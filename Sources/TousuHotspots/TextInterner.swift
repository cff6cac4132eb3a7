/// Numbers the texts of records as they are read (`ClassifiedRecord.textClass`, one numbering):
/// the first record with a text keeps its string, every later record with the same bytes gets that
/// string and number, so that a stream that repeats its texts holds each once and the text stage
/// finds its distinct texts from the numbers.
struct TextInterner {
    /// The numbering.
    let table = ValueClass.newTable()
    private var index: [TextKey: Int32] = [:]

    /// Numbers `record`'s text, whose `FNV1a.hash` of its UTF-8 bytes is `hash` (computed where
    /// the record was read).
    mutating func intern(_ record: inout ClassifiedRecord, hash: UInt64) {
        let key = TextKey(record.text, hash: hash)
        let number: Int32
        if let known = index.index(forKey: key) {
            record.text = index[known].key.text
            number = index[known].value
        } else {
            number = Int32(index.count)
            index[key] = number
        }
        record.textClass = ValueClass(table: table, index: number)
    }
}
