import JSON

/// What a CASE 1.0 CFPackage must be, as the 1EdTech CFPackage JSON schema states it (written
/// here in our own words, from the schema's required fields, types and formats; a CASE server
/// such as OpenSALT refuses an import that breaks one of them). 1.0 rather than 1.1: our
/// packages carry no `caseVersion`, so a reader takes them for 1.0, whose rules are the
/// stricter (no 1.1 association types, no `targetType` in node links).
///
/// `problems(_:)` lists every breach as `path: rule`; an empty list means conformant.
enum CASEConformance {
  static let associationTypes: Set<String> = [
    "isChildOf", "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo", "replacedBy", "exemplar",
    "hasSkillLevel",
  ]

  static func problems(_ package: JSONValue) -> [String] {
    var out: [String] = []
    guard let root = package.objectValue else { return ["(package): not an object"] }
    for (key, _) in root.entries
    where !["CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics"].contains(key) {
      out.append("\(key): not a member of a CFPackage")
    }
    if let document = root["CFDocument"] {
      checkDocument(document, at: "CFDocument", &out)
    } else {
      out.append("CFDocument: required")
    }
    for (list, check) in [("CFItems", checkItem), ("CFAssociations", checkAssociation)] {
      guard let value = root[list] else { continue }
      guard let array = value.arrayValue else {
        out.append("\(list): not an array")
        continue
      }
      for (i, element) in array.enumerated() { check(element, "\(list)/\(i)", &out) }
    }
    if let definitions = root["CFDefinitions"] {
      if let array = definitions.arrayValue {
        if !array.isEmpty { out.append("CFDefinitions: an array must be empty") }
      } else if definitions.objectValue == nil {
        out.append("CFDefinitions: neither an empty array nor an object")
      }
    }
    return out
  }

  typealias Check = (JSONValue, String, inout [String]) -> Void

  static func checkDocument(_ value: JSONValue, at path: String, _ out: inout [String]) {
    guard let o = value.objectValue else { return out.append("\(path): not an object") }
    require(o, at: path, [("identifier", uuid), ("uri", uri), ("creator", string), ("title", string), ("lastChangeDateTime", dateTime)], &out)
    optional(
      o, at: path,
      [
        ("officialSourceURL", uri), ("publisher", string), ("description", string), ("language", string),
        ("version", string), ("adoptionStatus", string), ("notes", string), ("subject", stringOrStrings),
        ("subjectURI", array(linkURI)), ("statusStartDate", dateOrNull), ("statusEndDate", dateOrNull),
        ("licenseURI", orNull(linkURI)), ("CFPackageURI", linkURI), ("extensions", object),
      ], &out)
  }

  static func checkItem(_ value: JSONValue, at path: String, _ out: inout [String]) {
    guard let o = value.objectValue else { return out.append("\(path): not an object") }
    require(o, at: path, [("identifier", uuid), ("fullStatement", string), ("uri", uri), ("lastChangeDateTime", dateTime)], &out)
    optional(
      o, at: path,
      [
        ("alternativeLabel", string), ("CFItemType", string), ("humanCodingScheme", string), ("listEnumeration", string),
        ("abbreviatedStatement", string), ("notes", string), ("language", string),
        ("conceptKeywords", orNull(array(string))), ("conceptKeywordsURI", orNull(linkURI)),
        ("educationLevel", stringOrStrings), ("CFItemTypeURI", linkURI), ("licenseURI", linkURI),
        ("statusStartDate", date), ("statusEndDate", date), ("CFDocumentURI", linkURI), ("extensions", object),
      ], &out)
  }

  static func checkAssociation(_ value: JSONValue, at path: String, _ out: inout [String]) {
    guard let o = value.objectValue else { return out.append("\(path): not an object") }
    require(
      o, at: path,
      [
        ("identifier", uuid), ("associationType", associationType), ("uri", uri), ("originNodeURI", linkGenURI),
        ("destinationNodeURI", linkGenURI), ("lastChangeDateTime", dateTime),
      ], &out)
    optional(
      o, at: path,
      [
        ("sequenceNumber", int32), ("CFAssociationGroupingURI", orNull(linkURI)), ("CFDocumentURI", linkURI),
        ("extensions", object),
      ], &out)
  }

  // MARK: - Field rules: nil when the value obeys, else what it breaks.

  typealias Rule = (JSONValue) -> String?

  static func require(_ o: JSONObject, at path: String, _ rules: [(String, Rule)], _ out: inout [String]) {
    for (key, rule) in rules {
      guard let value = o[key] else {
        out.append("\(path)/\(key): required")
        continue
      }
      if let problem = rule(value) { out.append("\(path)/\(key): \(problem)") }
    }
  }

  static func optional(_ o: JSONObject, at path: String, _ rules: [(String, Rule)], _ out: inout [String]) {
    for (key, rule) in rules {
      if let value = o[key], let problem = rule(value) { out.append("\(path)/\(key): \(problem)") }
    }
  }

  static func string(_ v: JSONValue) -> String? { v.stringValue == nil ? "not a string (\(v.kindName))" : nil }

  static func object(_ v: JSONValue) -> String? { v.objectValue == nil ? "not an object (\(v.kindName))" : nil }

  static func stringOrStrings(_ v: JSONValue) -> String? { v.stringValue != nil ? nil : array(string)(v) }

  static func array(_ element: @escaping Rule) -> Rule {
    { v in
      guard let a = v.arrayValue else { return "not an array (\(v.kindName))" }
      return a.lazy.compactMap(element).first.map { "an element is \($0)" }
    }
  }

  static func orNull(_ rule: @escaping Rule) -> Rule { { $0 == .null ? nil : rule($0) } }

  static func int32(_ v: JSONValue) -> String? {
    guard case .number(let n) = v, n == n.rounded(), n >= -2_147_483_648, n <= 2_147_483_647 else {
      return "not a 32-bit integer (\(v))"
    }
    return nil
  }

  static func associationType(_ v: JSONValue) -> String? {
    guard let s = v.stringValue else { return "not a string (\(v.kindName))" }
    return associationTypes.contains(s) ? nil : "\(s.debugDescription) is not a CASE 1.0 association type"
  }

  /// A node link: title, identifier and uri, all three, and nothing else.
  static func linkGenURI(_ v: JSONValue) -> String? { link(v, identifier: string) }

  /// A link to a CASE object: a node link whose identifier is a UUID.
  static func linkURI(_ v: JSONValue) -> String? { link(v, identifier: uuid) }

  static func link(_ v: JSONValue, identifier: @escaping Rule) -> String? {
    guard let o = v.objectValue else { return "not a link object (\(v.kindName))" }
    var out: [String] = []
    require(o, at: "", [("title", string), ("identifier", identifier), ("uri", uri)], &out)
    for (key, _) in o.entries where !["title", "identifier", "uri"].contains(key) { out.append("/\(key): not a link member") }
    return out.isEmpty ? nil : "link \(out.joined(separator: ", "))"
  }

  static func uuid(_ v: JSONValue) -> String? {
    guard let s = v.stringValue else { return "not a string (\(v.kindName))" }
    let groups = s.split(separator: "-", omittingEmptySubsequences: false)
    let ok =
      groups.map(\.count) == [8, 4, 4, 4, 12]
      && groups.allSatisfy { $0.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit } }
    return ok ? nil : "\(s.debugDescription) is not a UUID"
  }

  /// An absolute URI (RFC 3986): a scheme, a colon, then only characters a URI may hold.
  static func uri(_ v: JSONValue) -> String? {
    guard let s = v.stringValue else { return "not a string (\(v.kindName))" }
    let scalars = Array(s.unicodeScalars)
    guard let colon = scalars.firstIndex(of: ":"), colon > 0, scalars[0].properties.isAlphabetic, scalars[0].isASCII,
      scalars[..<colon].allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
    else { return "\(s.debugDescription) is not an absolute URI (no scheme)" }
    let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%".unicodeScalars)
    var i = colon + 1
    while i < scalars.count {
      guard allowed.contains(scalars[i]) else { return "\(s.debugDescription) is not a URI (\(scalars[i].escaped(asASCII: true)))" }
      if scalars[i] == "%" {
        guard i + 2 < scalars.count, scalars[i + 1].properties.isASCIIHexDigit, scalars[i + 2].properties.isASCIIHexDigit
        else { return "\(s.debugDescription) has a bad percent escape" }
        i += 2
      }
      i += 1
    }
    return nil
  }

  /// RFC 3339 date-time: date, `T`, time with seconds (and a fraction), and a zone (`Z` or ±hh:mm).
  static func dateTime(_ v: JSONValue) -> String? {
    guard let s = v.stringValue else { return "not a string (\(v.kindName))" }
    let c = Array(s.utf8)
    guard c.count >= 20, isDate(c[0..<10]), c[10] == UInt8(ascii: "T") || c[10] == UInt8(ascii: "t"),
      let h = number(c[11..<13]), c[13] == UInt8(ascii: ":"), let m = number(c[14..<16]), c[16] == UInt8(ascii: ":"),
      let sec = number(c[17..<19]), h < 24, m < 60, sec <= 60
    else { return "\(s.debugDescription) is not a date-time" }
    var rest = c[19...]
    if rest.first == UInt8(ascii: ".") {
      rest = rest.dropFirst()
      let digits = rest.prefix { (48...57).contains($0) }
      if digits.isEmpty { return "\(s.debugDescription) is not a date-time" }
      rest = rest.dropFirst(digits.count)
    }
    let zone = Array(rest)
    if zone == [UInt8(ascii: "Z")] || zone == [UInt8(ascii: "z")] { return nil }
    guard zone.count == 6, zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-"), let zh = number(zone[1..<3]),
      zone[3] == UInt8(ascii: ":"), let zm = number(zone[4..<6]), zh < 24, zm < 60
    else { return "\(s.debugDescription) is not a date-time (a time zone is required)" }
    return nil
  }

  /// A full date (`YYYY-MM-DD`) or a date-time.
  static func date(_ v: JSONValue) -> String? {
    if let s = v.stringValue, s.utf8.count == 10, isDate(Array(s.utf8)[0..<10]) { return nil }
    return dateTime(v) == nil ? nil : "\(v) is neither a date nor a date-time"
  }

  static func dateOrNull(_ v: JSONValue) -> String? { v == .null ? nil : date(v) }

  static func isDate(_ c: ArraySlice<UInt8>) -> Bool {
    let c = Array(c)
    guard c.count == 10, let y = number(c[0..<4]), c[4] == UInt8(ascii: "-"), let mo = number(c[5..<7]),
      c[7] == UInt8(ascii: "-"), let d = number(c[8..<10]), (1...12).contains(mo)
    else { return false }
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1]
    return (1...days).contains(d)
  }

  static func number(_ c: ArraySlice<UInt8>) -> Int? {
    guard !c.isEmpty, c.allSatisfy({ (48...57).contains($0) }) else { return nil }
    return c.reduce(0) { $0 * 10 + Int($1 - 48) }
  }
}
