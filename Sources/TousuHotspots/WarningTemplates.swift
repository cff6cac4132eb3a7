import Foundation

/// Per-sector consumer-warning templates (lexicons/warnings/<sector id>.md): a `# ` title line,
/// then the text with placeholders {period} {region} {merchant} {count} {terms} {nature}.
/// Placeholders without a value (also unknown ones) become empty.
public struct WarningTemplates: Sendable {
    /// Template text per sector id, title line included.
    public var templates: [String: String]

    public init(templates: [String: String] = [:]) { self.templates = templates }

    /// Loads every `*.md` of a directory; a missing directory gives no templates.
    public static func load(directory: URL) throws(HotspotError) -> WarningTemplates {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: directory.path) else { return WarningTemplates() }
        var templates: [String: String] = [:]
        for name in names where name.hasSuffix(".md") {
            let url = directory.appendingPathComponent(name)
            guard let data = fm.contents(atPath: url.path), let text = String(data: data, encoding: .utf8) else {
                throw .template(path: url.path, reason: "not readable as UTF-8")
            }
            templates[String(name.dropLast(3))] = text
        }
        return WarningTemplates(templates: templates)
    }

    /// The filled warning for a sector ("" when it has no template): the title without its `#`,
    /// a blank line, then the text.
    public func fill(sector: String, values: [String: String]) -> String {
        guard let template = templates[sector] ?? templates["other"] else { return "" }
        var lines = template.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        var out: [String] = []
        if let first = lines.first, first.hasPrefix("#") {
            out = [first.drop { $0 == "#" || $0 == " " }.description, ""]
            lines.removeFirst()
            while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        }
        for line in lines { out.append(Self.substitute(line, values)) }
        return out.joined(separator: "\n")
    }

    /// Replaces every `{name}` (ASCII letters and _) with its value, or with nothing.
    static func substitute(_ line: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(line)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest.index(after: open)
            if let close = rest[after...].firstIndex(of: "}"),
                !rest[after..<close].isEmpty,
                rest[after..<close].allSatisfy({ $0 == "_" || ($0.isASCII && $0.isLetter) })
            {
                out += values[String(rest[after..<close])] ?? ""
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[after...]
            }
        }
        return out + rest
    }
}

/// Display names of sectors and natures (lexicons/taxonomy/*.tsv, column name_zh).
public struct DisplayNames: Sendable {
    public var sectors: [String: String]
    public var natures: [String: String]

    public init(sectors: [String: String] = [:], natures: [String: String] = [:]) {
        self.sectors = sectors
        self.natures = natures
    }

    /// Reads taxonomy/sectors.tsv and taxonomy/natures.tsv under a lexicon directory; missing
    /// files give no names (ids are shown instead).
    public static func load(lexicons: URL) -> DisplayNames {
        func read(_ name: String) -> [String: String] {
            let url = lexicons.appendingPathComponent("taxonomy").appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path),
                let text = String(data: data, encoding: .utf8)
            else { return [:] }
            var names: [String: String] = [:]
            for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
                let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
                if cols.count >= 2, cols[0] != "id" { names[String(cols[0])] = String(cols[1]) }
            }
            return names
        }
        return DisplayNames(sectors: read("sectors.tsv"), natures: read("natures.tsv"))
    }

    public func sector(_ id: String) -> String { sectors[id] ?? id }
    public func nature(_ id: String) -> String { natures[id] ?? id }
}
