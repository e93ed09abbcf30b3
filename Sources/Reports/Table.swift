import Foundation

/// Rows of plain cells, rendered for people (aligned text, Markdown) or spreadsheets (CSV).
public struct Table: Sendable, Equatable {
  public var headers: [String]
  public var rows: [[String]]

  public init(headers: [String], rows: [[String]] = []) {
    self.headers = headers
    self.rows = rows
  }

  /// RFC 4180 CSV with CRLF line ends. Cells that a spreadsheet would run as a formula (starting
  /// with =, +, -, @, a tab or a carriage return) are prefixed with an apostrophe.
  public var csv: String {
    var out = ""
    for row in [headers] + rows {
      out += row.map(Table.csvCell).joined(separator: ",") + "\r\n"
    }
    return out
  }

  public static func csvCell(_ value: String) -> String {
    var v = value
    if let first = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { v = "'" + v }
    if v.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return v
  }

  /// Columns padded to their widest cell; the last column is not padded.
  public var text: String {
    let all = [headers] + rows
    var widths = headers.map(\.count)
    for row in all { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
    var out = ""
    for (r, row) in all.enumerated() {
      var line = ""
      for (i, cell) in row.enumerated() {
        line += i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
      }
      out += line + "\n"
      if r == 0 { out += widths.enumerated().map { String(repeating: "-", count: $0.element) }.joined(separator: "  ") + "\n" }
    }
    return out
  }

  public var markdown: String {
    func line(_ cells: [String]) -> String {
      "| " + cells.map { Table.markdownText($0).replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |\n"
    }
    return line(headers) + line(headers.map { _ in "---" }) + rows.map(line).joined()
  }

  /// Text safe to put in Markdown: HTML in it is shown, never run, and it stays on one line.
  /// Markdown passes raw HTML through, and raw HTML starts with `<` and a letter, `/`, `!` or
  /// `?`; such a `<` (and `&`, so that text cannot spell one) is written as an entity, while a
  /// plain `<5` stays as it is.
  public static func markdownText(_ value: String) -> String {
    var out = ""
    out.reserveCapacity(value.utf8.count)
    let characters = Array(value)
    for (i, c) in characters.enumerated() {
      switch c {
      case "&": out += "&amp;"
      case "<":
        let next = i + 1 < characters.count ? characters[i + 1] : " "
        out += next.isLetter || next == "/" || next == "!" || next == "?" ? "&lt;" : "<"
      case "\n", "\r", "\r\n": out += " "
      default: out.append(c)
      }
    }
    return out
  }
}
