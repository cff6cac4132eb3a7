import ArgumentParser
import TousuBatch
import TousuHotspots

// The library's enums as option values (no CLI copies).

extension InputFormat: ExpressibleByArgument {}
extension OutputFormat: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension PeriodReportFormat: ExpressibleByArgument {}
extension WindowKind: ExpressibleByArgument {}

extension InputEncoding: ExpressibleByArgument {
    /// Also accepts "utf-16" (little-endian unless a byte-order mark says otherwise).
    public init?(argument: String) {
        if argument == "utf-16" {
            self = .utf16le
        } else {
            self.init(rawValue: argument)
        }
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) + ["utf-16"] }
}
