import Cryptography
import Foundation
import Reports

/// HTML building: every piece of text goes through `esc`, so what users typed is shown, never run.
enum Markup {
  static func esc(_ text: String) -> String { HTML.escape(text) }

  /// A path segment or query value, percent-encoded.
  static func encode(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  static func link(_ href: String, _ text: String, attributes: String = "") -> String {
    "<a href=\"\(esc(href))\"\(attributes.isEmpty ? "" : " " + attributes)>\(esc(text))</a>"
  }

  /// A table with a caption, column headers and (first column) row headers; cells are HTML already.
  static func table(caption: String, headers: [String], rows: [[String]], numeric: Set<Int> = []) -> String {
    var out = "<div class=\"scroll\"><table><caption>\(esc(caption))</caption><thead><tr>"
    for (i, h) in headers.enumerated() { out += "<th scope=\"col\"\(numeric.contains(i) ? " class=\"num\"" : "")>\(esc(h))</th>" }
    out += "</tr></thead><tbody>"
    for row in rows {
      out += "<tr>"
      for (i, cell) in row.enumerated() {
        let cls = numeric.contains(i) ? " class=\"num\"" : ""
        out += i == 0 ? "<th scope=\"row\"\(cls)>\(cell)</th>" : "<td\(cls)>\(cell)</td>"
      }
      out += "</tr>"
    }
    return out + "</tbody></table></div>"
  }

  /// A CSP source for an inline style element's content.
  static func styleHash(_ css: String) -> String {
    let digest = Digest.sha256(css)
    return "'sha256-\(Data(digest).base64EncodedString())'"
  }

  /// The style and the body of a self-contained HTML document from the Reports or Certificates
  /// modules, to show inside the application's own page.
  static func parts(ofDocument html: String) -> (style: String?, body: String) {
    var style: String? = nil
    if let open = html.range(of: "<style>"), let close = html.range(of: "</style>", range: open.upperBound..<html.endIndex) {
      style = String(html[open.upperBound..<close.lowerBound])
    }
    guard let bodyOpen = html.range(of: "<body>"), let bodyClose = html.range(of: "</body>", options: .backwards) else {
      return (style, html)
    }
    return (style, String(html[bodyOpen.upperBound..<bodyClose.lowerBound]))
  }

  static func number(_ x: Double) -> String {
    let rounded = (x * 100).rounded() / 100
    if rounded == rounded.rounded() { return String(Int(rounded)) }
    return String(format: "%.2f", rounded).replacingOccurrences(of: #"0$"#, with: "", options: .regularExpression)
  }
}
