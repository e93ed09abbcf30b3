import Competency
import Foundation
import JSON

/// The badge image of a CPD achievement (SVG), and Open Badges 3.0 baking: the credential
/// embedded in the image (Open Badges 3.0 §5.3.2), so the image alone can be checked.
public enum BadgeImage {
  public static let namespace = "https://purl.imsglobal.org/ob/v3p0"

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  /// Words of `text` in lines of at most `width` characters.
  static func lines(_ text: String, width: Int, limit: Int) -> [String] {
    var lines: [String] = []
    var current = ""
    for word in text.split(separator: " ") {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        lines.append(current)
        current = String(word)
      }
    }
    if !current.isEmpty { lines.append(current) }
    if lines.count > limit {
      lines = Array(lines.prefix(limit))
      lines[limit - 1] += " …"
    }
    return lines
  }

  /// The badge: a rosette naming the policy, its version and the framework. It is the same for
  /// everyone who earns the achievement.
  public static func svg(policy: CPDPolicy, framework: Framework) -> String {
    let title = lines(policy.title.en, width: 24, limit: 4)
    let titleText = title.enumerated().map { i, line in
      "<tspan x=\"256\" dy=\"\(i == 0 ? 0 : 30)\">\(escape(line))</tspan>"
    }.joined()
    let frameworkLines = lines(framework.title.en, width: 34, limit: 2).enumerated().map { i, line in
      "<tspan x=\"256\" dy=\"\(i == 0 ? 0 : 22)\">\(escape(line))</tspan>"
    }.joined()
    return """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" width="512" height="512" role="img" aria-label="\(escape("CPD certificate: \(policy.title.en) (\(policy.version))"))">
      <title>\(escape("CPD certificate: \(policy.title.en) (\(policy.version))"))</title>
      <circle cx="256" cy="256" r="244" fill="#005a8c"/>
      <circle cx="256" cy="256" r="222" fill="#ffffff"/>
      <circle cx="256" cy="256" r="206" fill="none" stroke="#005a8c" stroke-width="4" stroke-dasharray="6 10"/>
      <text x="256" y="132" text-anchor="middle" font-family="Georgia, 'DejaVu Serif', serif" font-size="54" font-weight="bold" fill="#005a8c">CPD</text>
      <text x="256" y="210" text-anchor="middle" font-family="Georgia, 'DejaVu Serif', serif" font-size="24" fill="#1b1b1b">\(titleText)</text>
      <text x="256" y="356" text-anchor="middle" font-family="Georgia, 'DejaVu Serif', serif" font-size="22" fill="#005a8c">\(escape("Version \(policy.version)"))</text>
      <text x="256" y="392" text-anchor="middle" font-family="Georgia, 'DejaVu Serif', serif" font-size="17" fill="#444444">\(frameworkLines)</text>
      </svg>

      """
  }

  /// A `data:` URI of an SVG image, as an Open Badges `Image` id.
  public static func dataURI(_ svg: String) -> String {
    "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString()
  }

  /// What a baked badge carries.
  public enum Baked: Sendable, Equatable {
    /// A credential with embedded proofs, as JSON.
    case json(JSONValue)
    /// A VC-JWT (compact JWS).
    case jwt(String)
  }

  /// Bakes `credential` into `svg`: the `openbadges` namespace on the root element and, right
  /// after it, one `<openbadges:credential>` element, with the JWS in its `verify` attribute or
  /// the JSON inside CDATA. A badge already baked is refused.
  public static func bake(_ svg: String, with credential: Baked) throws(CertificateError) -> String {
    guard !svg.contains("openbadges:credential") else { throw .invalid("the image already carries a credential") }
    guard let open = svg.range(of: "<svg"), let close = svg[open.upperBound...].firstIndex(of: ">") else {
      throw .invalid("the image is not SVG: it has no <svg> element")
    }
    let selfClosing = svg[svg.index(before: close)] == "/"
    guard !selfClosing else { throw .invalid("the SVG root element is empty") }
    let attributesEnd = close
    var head = String(svg[..<attributesEnd])
    if !head.contains("xmlns:openbadges=") { head += " xmlns:openbadges=\"\(namespace)\"" }
    let element: String
    switch credential {
    case .jwt(let jws):
      guard CompactJWS.looksLikeCompactJWS(jws) else { throw .invalid("not a compact JWS") }
      element = "<openbadges:credential verify=\"\(jws)\"></openbadges:credential>"
    case .json(let value):
      // "]]>" cannot appear inside CDATA: split it across two sections.
      let json = JSONWriter.string(value).replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>")
      element = "<openbadges:credential><![CDATA[\n" + json + "]]></openbadges:credential>"
    }
    return head + ">\n" + element + String(svg[svg.index(after: attributesEnd)...])
  }

  /// Reads the credential out of a baked SVG: the first `<openbadges:credential>` element.
  public static func unbake(_ svg: String) throws(CertificateError) -> Baked {
    guard let start = svg.range(of: "<openbadges:credential") else {
      throw .invalid("the image carries no Open Badges credential")
    }
    guard let tagEnd = svg[start.upperBound...].firstIndex(of: ">") else { throw .invalid("the credential element is cut short") }
    let attributes = svg[start.upperBound..<tagEnd]
    if let verify = attributes.range(of: "verify=") {
      let rest = attributes[verify.upperBound...]
      guard let quote = rest.first, quote == "\"" || quote == "'",
        let end = rest.dropFirst().firstIndex(of: quote)
      else { throw .invalid("the verify attribute is not quoted") }
      return .jwt(String(rest[rest.index(after: rest.startIndex)..<end]))
    }
    guard let close = svg[tagEnd...].range(of: "</openbadges:credential>") else {
      throw .invalid("the credential element is not closed")
    }
    var body = String(svg[svg.index(after: tagEnd)..<close.lowerBound])
    // Undo CDATA sections (possibly several); text outside them is taken as it is.
    var text = ""
    while let open = body.range(of: "<![CDATA[") {
      text += body[..<open.lowerBound]
      guard let end = body[open.upperBound...].range(of: "]]>") else { throw .invalid("a CDATA section is not closed") }
      text += body[open.upperBound..<end.lowerBound]
      body = String(body[end.upperBound...])
    }
    text += body
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    if CompactJWS.looksLikeCompactJWS(trimmed) { return .jwt(trimmed) }
    do {
      return .json(try JSONParser.parse(trimmed))
    } catch {
      throw .invalid("the baked credential is not JSON: \(error)")
    }
  }
}
