import Foundation
import GapAnalysis
import JSON

/// Building blocks for self-contained HTML reports: one file, inline CSS and SVG, readable on
/// screen and in print, with table headers, text alternatives and status shown by symbol and
/// word as well as colour.
public enum HTML {
  /// The text cut to `limit` characters, with an ellipsis when cut (chart labels; the full text
  /// is in the tooltip).
  static func shortened(_ text: String, to limit: Int) -> String {
    text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
  }

  /// Text made safe for HTML, in text and in attribute values (the web pages use it too).
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text.unicodeScalars {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.unicodeScalars.append(c)
      }
    }
    return out
  }

  static let css = """
    :root { --ink: #1b1b1b; --muted: #555; --line: #c9c9c9; --met: #1a7f37; --expiring: #9a6700; --below: #bc4c00;
            --missing: #b3261e; --expired: #6e4aa6; --accent: #005a8c; }
    * { box-sizing: border-box; }
    body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink);
           margin: 2rem auto; max-width: 1100px; padding: 0 1rem; }
    h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem; }
    .meta { color: var(--muted); margin: 0 0 1rem; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92rem; }
    th, td { border: 1px solid var(--line); padding: .3rem .45rem; text-align: left; vertical-align: top; }
    th { background: #f1f4f7; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
    .status { font-weight: 600; white-space: nowrap; }
    .s-met { color: var(--met); } .s-expiring { color: var(--expiring); } .s-below { color: var(--below); }
    .s-missing { color: var(--missing); } .s-expired { color: var(--expired); }
    .note { background: #f6f8fa; border-left: 4px solid var(--accent); padding: .5rem .75rem; margin: .75rem 0; }
    .cards { display: flex; flex-wrap: wrap; gap: .75rem; margin: .5rem 0 1rem; }
    .card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .9rem; min-width: 9rem; }
    .card b { display: block; font-size: 1.35rem; }
    svg text { font: 11px system-ui, sans-serif; fill: #1b1b1b; }
    .scroll { overflow-x: auto; }
    footer { color: var(--muted); font-size: .85rem; margin-top: 2rem; }
    @media print { body { margin: 0; max-width: none; font-size: 10.5pt; } h2 { break-after: avoid; } table, svg { break-inside: avoid; }
                   .scroll { overflow: visible; } a { color: inherit; text-decoration: none; } }
    """

  static func page(title: String, language: String, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="\(language)">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>\(escape(title))</title>
    <style>
    \(css)
    </style>
    </head>
    <body>
    \(body)
    </body>
    </html>

    """
  }

  /// A table with column headers and row headers (the first column). Every cell is escaped,
  /// except in the `markup` columns, whose cells the caller has built as HTML.
  static func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], markup: Set<Int> = [], caption: String? = nil)
    -> String
  {
    var out = "<table>"
    if let caption { out += "<caption class=\"meta\">\(escape(caption))</caption>" }
    out += "<thead><tr>"
    for (i, h) in headers.enumerated() { out += "<th scope=\"col\"\(numeric.contains(i) ? " class=\"num\"" : "")>\(escape(h))</th>" }
    out += "</tr></thead><tbody>"
    for row in rows {
      out += "<tr>"
      for (i, cell) in row.enumerated() {
        let content = markup.contains(i) ? cell : escape(cell)
        if i == 0 {
          out += "<th scope=\"row\">\(content)</th>"
        } else {
          out += "<td\(numeric.contains(i) ? " class=\"num\"" : "")>\(content)</td>"
        }
      }
      out += "</tr>"
    }
    return out + "</tbody></table>"
  }

  static func symbol(_ status: GapStatus) -> String {
    switch status {
    case .met: "✓"
    case .missing: "✕"
    case .below: "↓"
    case .expired: "∅"
    case .expiring: "!"
    }
  }

  static func colour(_ status: GapStatus) -> String {
    switch status {
    case .met: "#2da44e"
    case .missing: "#d1242f"
    case .below: "#fb8f44"
    case .expired: "#8250df"
    case .expiring: "#d4a72c"
    }
  }

  static func statusCell(_ status: GapStatus, word: String) -> String {
    "<span class=\"status s-\(status.rawValue)\">\(symbol(status)) \(escape(word))</span>"
  }

  /// A share met, as a colour from red (none) to green (all), with a grey for withheld shares.
  static func shareColour(_ share: Double?) -> String {
    guard let share else { return "#d0d7de" }
    let hue = Int(share * 120)
    return "hsl(\(hue), 60%, \(share > 0.5 ? 45 : 55)%)"
  }

  /// Horizontal bars: one row per item, value as bar length and number.
  static func barChart(_ items: [(label: String, value: Double, text: String)], description: String, colour: String = "#005a8c")
    -> String
  {
    guard !items.isEmpty else { return "" }
    let labelWidth = 320.0
    let barWidth = 420.0
    let rowHeight = 20.0
    let height = rowHeight * Double(items.count) + 10
    let top = max(items.map(\.value).max() ?? 1, 1)
    var out =
      "<svg role=\"img\" aria-labelledby=\"t\(description.hashValue & 0xFFFF)\" width=\"\(Int(labelWidth + barWidth + 80))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(labelWidth + barWidth + 80)) \(Int(height))\">"
    out += "<title id=\"t\(description.hashValue & 0xFFFF)\">\(escape(description))</title>"
    for (i, item) in items.enumerated() {
      let y = Double(i) * rowHeight + 5
      let w = max(1, item.value / top * barWidth)
      out += "<text x=\"\(Int(labelWidth - 6))\" y=\"\(Int(y + 13))\" text-anchor=\"end\">\(escape(shortened(item.label, to: 48)))</text>"
      out += "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y + 2))\" width=\"\(Int(w))\" height=\"\(Int(rowHeight - 6))\" fill=\"\(colour)\"><title>\(escape(item.label)): \(escape(item.text))</title></rect>"
      out += "<text x=\"\(Int(labelWidth + w + 4))\" y=\"\(Int(y + 13))\">\(escape(item.text))</text>"
    }
    return out + "</svg>"
  }

  /// Horizontal bars in two parts (a share done and a share to do), with a key; each part has a
  /// tooltip and the figures are printed beside the bar.
  static func splitBarChart(
    _ items: [(label: String, done: Double, toDo: Double, text: String)], description: String, doneLabel: String, toDoLabel: String
  ) -> String {
    guard !items.isEmpty else { return "" }
    let labelWidth = 320.0
    let barWidth = 420.0
    let rowHeight = 20.0
    let width = Int(labelWidth + barWidth + 140)
    let height = rowHeight * Double(items.count) + 34
    let top = max(items.map { $0.done + $0.toDo }.max() ?? 1, 1e-9)
    let id = "t\(description.hashValue & 0xFFFF)"
    var out = "<svg role=\"img\" aria-labelledby=\"\(id)\" width=\"\(width)\" height=\"\(Int(height))\" viewBox=\"0 0 \(width) \(Int(height))\" style=\"max-width: 100%; height: auto\">"
    out += "<title id=\"\(id)\">\(escape(description))</title>"
    out += "<rect x=\"\(Int(labelWidth))\" y=\"4\" width=\"12\" height=\"12\" fill=\"#1a7f37\"/><text x=\"\(Int(labelWidth) + 16)\" y=\"14\">\(escape(doneLabel))</text>"
    out += "<rect x=\"\(Int(labelWidth) + 120)\" y=\"4\" width=\"12\" height=\"12\" fill=\"#d0d7de\" stroke=\"#8c959f\"/><text x=\"\(Int(labelWidth) + 136)\" y=\"14\">\(escape(toDoLabel))</text>"
    for (i, item) in items.enumerated() {
      let y = Double(i) * rowHeight + 26
      let done = item.done / top * barWidth
      let toDo = item.toDo / top * barWidth
      out += "<text x=\"\(Int(labelWidth - 6))\" y=\"\(Int(y + 13))\" text-anchor=\"end\">\(escape(shortened(item.label, to: 48)))</text>"
      out += "<rect x=\"\(Int(labelWidth))\" y=\"\(Int(y + 2))\" width=\"\(max(0, Int(done.rounded())))\" height=\"\(Int(rowHeight - 6))\" fill=\"#1a7f37\"><title>\(escape(item.label)): \(escape(doneLabel)) \(escape(JSONWriter.formatTenths(item.done)))</title></rect>"
      out += "<rect x=\"\(Int(labelWidth + done.rounded()))\" y=\"\(Int(y + 2))\" width=\"\(max(0, Int(toDo.rounded())))\" height=\"\(Int(rowHeight - 6))\" fill=\"#d0d7de\" stroke=\"#8c959f\"><title>\(escape(item.label)): \(escape(toDoLabel)) \(escape(JSONWriter.formatTenths(item.toDo)))</title></rect>"
      out += "<text x=\"\(Int(labelWidth + done.rounded() + toDo.rounded() + 4))\" y=\"\(Int(y + 13))\">\(escape(item.text))</text>"
    }
    return out + "</svg>"
  }
}
