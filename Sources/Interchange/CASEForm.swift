import Competency
import JSON

/// The forms CASE 1.0 gives the fields an export writes (the CFPackage JSON schema: identifiers
/// are UUIDs, `uri`s absolute URIs, `lastChangeDateTime` an RFC 3339 date-time with its zone,
/// `sequenceNumber` a 32-bit integer, `associationType` one of nine names, node links exactly
/// `{title, identifier, uri}`). What another tool gave us need not have them; what we write must.
enum CASEForm {
  /// CASE 1.0's association types. Our packages carry no `caseVersion`, so they are read as 1.0:
  /// 1.1's `isTranslationOf` and `ext:` types are not among them.
  static let associationTypes: Set<String> = [
    "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo", "replacedBy", "exemplar",
    "hasSkillLevel",
  ]

  /// The type an association of another kind is written with; the kind itself goes in our
  /// extension (`extensions.cpd.associationType`), which the import reads back.
  static let otherAssociationType = "isRelatedTo"

  static func isUUID(_ text: String) -> Bool { NameBasedUUID.parse(text) != nil }

  /// An absolute URI (RFC 3986): a scheme, a colon, then only the characters a URI may hold,
  /// every `%` starting a two-digit escape.
  static func isURI(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    guard let colon = scalars.firstIndex(of: ":"), colon > 0, isLetter(scalars[0]),
      scalars[1..<colon].allSatisfy({ isLetter($0) || isDigit($0) || "+-.".unicodeScalars.contains($0) })
    else { return false }
    var i = colon + 1
    while i < scalars.count {
      let c = scalars[i]
      if c == "%" {
        guard i + 2 < scalars.count, isHex(scalars[i + 1]), isHex(scalars[i + 2]) else { return false }
        i += 3
        continue
      }
      guard isLetter(c) || isDigit(c) || uriMarks.contains(c) else { return false }
      i += 1
    }
    return true
  }

  static let uriMarks = Set("-._~:/?#[]@!$&'()*+,;=".unicodeScalars)
  static func isLetter(_ c: Unicode.Scalar) -> Bool { ("a"..."z").contains(c) || ("A"..."Z").contains(c) }
  static func isDigit(_ c: Unicode.Scalar) -> Bool { ("0"..."9").contains(c) }
  static func isHex(_ c: Unicode.Scalar) -> Bool { isDigit(c) || ("a"..."f").contains(c) || ("A"..."F").contains(c) }

  /// `text` as an RFC 3339 date-time: itself when it is one; with `Z` when it has a time but no
  /// zone, or `T00:00:00Z` when it is a date alone (the import reads both as UTC); nil when it is
  /// not a date and time at all.
  static func dateTime(_ text: String) -> String? {
    let c = Array(text.utf8)
    guard c.count >= 10, Day(String(decoding: c[0..<10], as: UTF8.self)) != nil else { return nil }
    if c.count == 10 { return text + "T00:00:00Z" }
    guard c.count >= 19, c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: "t"), c[13] == colon, c[16] == colon,
      let h = digits(c[11..<13]), let m = digits(c[14..<16]), let s = digits(c[17..<19]), h < 24, m < 60, s <= 60
    else { return nil }
    var rest = c[19...]
    if rest.first == UInt8(ascii: ".") {
      let fraction = rest.dropFirst().prefix { (48...57).contains($0) }
      guard !fraction.isEmpty else { return nil }
      rest = rest.dropFirst(1 + fraction.count)
    }
    let zone = Array(rest)
    if zone.isEmpty { return text + "Z" }
    if zone == [UInt8(ascii: "Z")] || zone == [UInt8(ascii: "z")] { return text }
    guard zone.count == 6, zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-"), zone[3] == colon,
      let zh = digits(zone[1..<3]), let zm = digits(zone[4..<6]), zh < 24, zm < 60
    else { return nil }
    return text
  }

  static let colon = UInt8(ascii: ":")

  static func digits(_ c: ArraySlice<UInt8>) -> Int? {
    guard c.allSatisfy({ (48...57).contains($0) }) else { return nil }
    return c.reduce(0) { $0 * 10 + Int($1 - 48) }
  }

  /// A sequence number as CASE writes it: a 32-bit integer, given as a number or as its text.
  static func sequenceNumber(_ value: JSONValue) -> JSONValue? {
    let n: Int? =
      switch value {
      case .number(let d): Int(exactly: d)
      case .string(let s): Int(s.trimmingWhitespace())
      default: nil
      }
    guard let n, Int(Int32.min)...Int(Int32.max) ~= n else { return nil }
    return .int(n)
  }
}

extension CASEForm {
  /// `text` as one path segment of a URI: every byte outside the unreserved characters and the
  /// sub-delimiters percent-encoded (so `/`, `?`, `#`, spaces and letters beyond ASCII are).
  static func uriSafe(_ text: String) -> String {
    let kept = Set("-._~:@!$&'()*+,;=".unicodeScalars)
    var out = String.UnicodeScalarView()
    for byte in text.utf8 {
      let c = Unicode.Scalar(byte)
      if byte < 0x80 && (isLetter(c) || isDigit(c) || kept.contains(c)) {
        out.append(c)
      } else {
        out.append("%")
        for nibble in [byte >> 4, byte & 15] { out.append(Unicode.Scalar(nibble < 10 ? 48 + nibble : 55 + nibble)) }
      }
    }
    return String(out)
  }

  /// A link to a CASE object: exactly a title, a UUID identifier and a URI.
  static func isLinkURI(_ value: JSONValue) -> Bool {
    guard let o = value.objectValue, o.count == 3, o["title"]?.stringValue != nil,
      let identifier = o["identifier"]?.stringValue, isUUID(identifier), let uri = o["uri"]?.stringValue, isURI(uri)
    else { return false }
    return true
  }

  /// An identifier as another tool may write it: text (trimmed) or a number; nil when empty.
  static func identifierText(_ value: JSONValue?) -> String? {
    switch value {
    case .string(let s)?:
      let text = String(s.trimmingWhitespace())
      return text.isEmpty ? nil : text
    case .number(let n)?: return JSONWriter.formatNumber(n)
    default: return nil
    }
  }
}

extension Framework {
  /// The type an association is written with, and its `extensions`: ours (`cpd`, with the type
  /// itself when CASE 1.0 does not have it) beside any others it came with.
  static func caseType(_ type: String, cpd: JSONValue, others: JSONObject?) -> (String, JSONValue?) {
    var ours = cpd.objectValue ?? JSONObject()
    var written = type
    if !CASEForm.associationTypes.contains(type) {
      ours["associationType"] = .string(type)
      written = CASEForm.otherAssociationType
    }
    var extensions = others ?? JSONObject()
    extensions["cpd"] = ours.isEmpty ? nil : .object(ours)
    return (written, extensions.isEmpty ? nil : .object(extensions))
  }

  /// An association kept as another tool wrote it, in CASE's forms: a UUID identifier and a URI
  /// (made from the package's own when its are not), a CASE 1.0 type, the document's link, a
  /// 32-bit sequence number or none, node links of three members, a date-time with its zone
  /// (the export's time when it has none that can be read). Other members stay as they were.
  func conformant(_ kept: JSONValue, docLink: JSONValue, timestamp: String, renamed: [String: String]) -> JSONValue {
    let object = kept.objectValue ?? JSONObject()
    let stored = CASEForm.identifierText(object["identifier"])
    let identifier =
      stored.flatMap { CASEForm.isUUID($0) ? $0 : nil }
      ?? NameBasedUUID.string(
        namespace: caseNamespace, name: "kept association:\(stored ?? JSONWriter.string(kept, style: .compact))")
    let extensions = object["extensions"]?.objectValue
    let (type, writtenExtensions) = Self.caseType(
      object["associationType"]?.stringValue ?? CASEForm.otherAssociationType, cpd: extensions?["cpd"] ?? [:],
      others: extensions)
    let uri = object["uri"]?.stringValue.flatMap { CASEForm.isURI($0) ? $0 : nil }
    var o = ObjectBuilder()
    o.set("identifier", .string(identifier))
    o.set("uri", .string(uri ?? caseBase + "CFAssociations/" + identifier))
    o.set("associationType", .string(type))
    o.set("CFDocumentURI", docLink)
    o.set("sequenceNumber", object["sequenceNumber"].flatMap(CASEForm.sequenceNumber))
    o.set("originNodeURI", nodeLink(object["originNodeURI"], renamed: renamed))
    o.set("destinationNodeURI", nodeLink(object["destinationNodeURI"], renamed: renamed))
    let time = object["lastChangeDateTime"]?.stringValue.flatMap(CASEForm.dateTime)
    o.set("lastChangeDateTime", .string(time ?? timestamp))
    o.set("CFAssociationGroupingURI", object["CFAssociationGroupingURI"].flatMap { CASEForm.isLinkURI($0) ? $0 : nil })
    o.set("notes", object["notes"]?.stringValue.map(JSONValue.string))
    o.set("extensions", writtenExtensions)
    let written: Set = [
      "identifier", "uri", "associationType", "CFDocumentURI", "sequenceNumber", "originNodeURI", "destinationNodeURI",
      "lastChangeDateTime", "CFAssociationGroupingURI", "notes", "extensions",
    ]
    for (key, value) in object where !written.contains(key) { o.set(key, value) }
    return o.value
  }

  /// A node link of a kept association: its identifier (the one the export gives the element,
  /// when it names one of ours), its title (else the identifier) and its URI (else one made in
  /// the package's own space).
  func nodeLink(_ value: JSONValue?, renamed: [String: String]) -> JSONValue {
    var identifier: String?
    var title: String?
    var uri: String?
    switch value {
    case .object(let o)?:
      identifier = CASEForm.identifierText(o["identifier"])
      title = o["title"]?.stringValue
      uri = o["uri"]?.stringValue
    case .string(let s)?:
      identifier = CASEForm.identifierText(.string(s))
      if s.contains("://") { uri = identifier }
    default: break
    }
    if identifier == nil, let uri { identifier = uri.split(separator: "/").last.map(String.init) }
    let stored = identifier ?? "unknown"
    let written = renamed[stored.lowercased()] ?? stored
    let address = uri.flatMap { CASEForm.isURI($0) ? $0 : nil } ?? caseBase + "nodes/" + CASEForm.uriSafe(written)
    return link(title ?? stored, written, address)
  }
}
