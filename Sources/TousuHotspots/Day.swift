/// A calendar day (proleptic Gregorian, no time zone) as a count of days since 1970-01-01.
/// Pure arithmetic: no Foundation calendar, so it is fast and the same on every machine.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public var number: Int

    public init(number: Int) { self.number = number }

    /// The day of a civil date; nil when month or day is out of range.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Self.daysIn(year: year, month: month) else {
            return nil
        }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        number = era * 146097 + doe - 719468
    }

    /// Parses `yyyy-MM-dd`, `yyyy/MM/dd` (month and day may have one digit) and ISO date-times
    /// that start with such a date (`2020-06-05T10:30:00+08:00`, `2020-06-05 10:30`).
    public init?(parsing text: String) {
        // The three fields in place (no array: a million records' dates are parsed).
        var fields = (0, 0, 0)
        var count = 0
        var current = 0
        var digits = 0
        var separator: UInt8? = nil
        func append(_ value: Int) {
            switch count {
            case 0: fields.0 = value
            case 1: fields.1 = value
            default: fields.2 = value
            }
            count += 1
        }
        for byte in text.utf8 {
            if byte >= 0x30 && byte <= 0x39 {
                current = current * 10 + Int(byte - 0x30)
                digits += 1
                if digits > (count == 0 ? 4 : 2) { return nil }
                continue
            }
            guard digits > 0 else { return nil }
            append(current)
            current = 0
            digits = 0
            if count == 3 {
                // Only a time part may follow.
                guard byte == 0x54 /* T */ || byte == 0x20 else { return nil }
                break
            }
            guard byte == 0x2D || byte == 0x2F else { return nil }
            if let separator, separator != byte { return nil }
            separator = byte
        }
        if count == 2 && digits > 0 { append(current) }
        guard count == 3, fields.0 >= 1000 else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// (year, month, day).
    public var civil: (year: Int, month: Int, day: Int) {
        let z = number + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO weekday, 0 = Monday … 6 = Sunday.
    public var weekday: Int { ((number + 3) % 7 + 7) % 7 }

    /// The Monday of this day's ISO week.
    public var weekStart: Day { Day(number: number - weekday) }

    public static func + (day: Day, days: Int) -> Day { Day(number: day.number + days) }
    public static func - (day: Day, days: Int) -> Day { Day(number: day.number - days) }
    public static func < (a: Day, b: Day) -> Bool { a.number < b.number }

    /// `yyyy-MM-dd`.
    public var description: String {
        let (y, m, d) = civil
        return "\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
    }

    /// `2020年6月5日`.
    public var chinese: String {
        let (y, m, d) = civil
        return "\(y)年\(m)月\(d)日"
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(parsing: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = day
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// How records are grouped in time.
public enum WindowKind: String, Sendable, Codable, CaseIterable {
    /// One calendar day.
    case day
    /// One ISO week, Monday to Sunday.
    case week

    /// The first day of the window that holds `day`.
    public func start(of day: Day) -> Day { self == .day ? day : day.weekStart }

    /// Number of days in a window.
    public var length: Int { self == .day ? 1 : 7 }
}
