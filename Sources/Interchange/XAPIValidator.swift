import JSON
import Workforce

/// Checks an xAPI 1.0.3 statement against the specification's MUST rules for statements:
/// required actor, verb and object; UUID ids; exactly one identifier per agent; `mailto:`
/// mboxes; IRIs with a scheme; language maps keyed by RFC 5646 tags; ISO 8601 timestamps and
/// durations; numbers and booleans where the specification wants them; no keys it does not
/// allow (in the case it gives); no duplicate keys in an object; no `null` outside extensions.
///
/// Problems come back as `path: rule`, e.g. `actor: an agent has 2 identifiers (exactly one of
/// mbox, mbox_sha1sum, openid, account is required)`.
struct XAPIValidator {
  /// The first problem found: the JSON path inside the statement, and the rule broken.
  private(set) var problem: (field: String, message: String)?

  static func validate(_ statement: JSONValue) -> (field: String, message: String)? {
    var v = XAPIValidator()
    v.statement(statement, path: "", sub: false)
    return v.problem
  }

  mutating func fail(_ path: String, _ message: String) {
    if problem == nil { problem = (path, message) }
  }

  func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  /// An object with only `allowed` keys, each once, none null.
  mutating func object(_ value: JSONValue?, path: String, allowed: Set<String>, required: Set<String> = []) -> JSONObject? {
    guard let value else {
      fail(path, "is required")
      return nil
    }
    guard case .object(let o) = value else {
      fail(path, "must be an object, not \(value.kindName)")
      return nil
    }
    var seen: Set<String> = []
    for (key, v) in o {
      if !seen.insert(key).inserted { fail(join(path, key), "appears twice in one object") }
      if !allowed.contains(key) {
        let hint = allowed.first { $0.lowercased() == key.lowercased() }.map { " (the specification spells it \"\($0)\")" } ?? ""
        fail(join(path, key), "is not a property the specification allows here\(hint)")
      }
      if v == .null { fail(join(path, key), "must not be null") }
    }
    for key in required.sorted() where o[key] == nil { fail(join(path, key), "is required") }
    return o
  }

  mutating func string(_ o: JSONObject, _ key: String, path: String) -> String? {
    guard let value = o[key] else { return nil }
    guard case .string(let s) = value else {
      fail(join(path, key), "must be a string, not \(value.kindName)")
      return nil
    }
    return s
  }

  mutating func iri(_ o: JSONObject, _ key: String, path: String) {
    if let s = string(o, key, path: path), !Self.isIRI(s) {
      fail(join(path, key), "must be an IRI with a scheme, not \"\(s.prefix(80))\"")
    }
  }

  static func isIRI(_ s: String) -> Bool {
    guard let colon = s.firstIndex(of: ":"), colon != s.startIndex else { return false }
    let scheme = s[..<colon]
    guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic else { return false }
    guard scheme.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+.-".unicodeScalars.contains($0)) })
    else { return false }
    return s.index(after: colon) < s.endIndex && !s.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" })
  }

  static func isUUID(_ s: String) -> Bool {
    let chars = Array(s.utf8)
    guard chars.count == 36 else { return false }
    for (i, c) in chars.enumerated() {
      if [8, 13, 18, 23].contains(i) {
        if c != UInt8(ascii: "-") { return false }
      } else if !((0x30...0x39).contains(c) || (0x61...0x66).contains(c) || (0x41...0x46).contains(c)) {
        return false
      }
    }
    // RFC 4122 variant (10xx).
    return "89abAB".utf8.contains(chars[19])
  }

  /// Why `s` is not an ISO 8601 timestamp (Part Two §4.5: the extended format of a combined date
  /// and time, `YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]`) whose every part exists: a month of
  /// 1-12, a day the month has (29 February only in a leap year), hours 0-23 (or 24:00:00, the
  /// end of the day), minutes 0-59, seconds 0-59 (60 for a leap second at minute 59), an offset
  /// of at most 23:59. Nil when it is one.
  static func timestampProblem(_ s: String) -> String? {
    let c = Array(s.utf8)
    let shape = notAShape
    guard c.count >= 19 else { return shape }
    func digits(_ r: Range<Int>) -> Bool { r.allSatisfy { (0x30...0x39).contains(c[$0]) } }
    func number(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + Int(c[$1] - 0x30) } }
    guard digits(0..<4), c[4] == 0x2D, digits(5..<7), c[7] == 0x2D, digits(8..<10), c[10] == 0x54 || c[10] == 0x74,
      digits(11..<13), c[13] == 0x3A, digits(14..<16), c[16] == 0x3A, digits(17..<19)
    else { return shape }
    var i = 19
    var fractionIsZero = true
    if i < c.count, c[i] == 0x2E || c[i] == 0x2C {
      i += 1
      let start = i
      while i < c.count, (0x30...0x39).contains(c[i]) {
        if c[i] != 0x30 { fractionIsZero = false }
        i += 1
      }
      if i == start { return shape }
    }
    var offset: (hours: Int, minutes: Int)? = nil
    if i < c.count {
      if c[i] == 0x5A || c[i] == 0x7A {
        guard i + 1 == c.count else { return shape }
      } else {
        guard c[i] == 0x2B || c[i] == 0x2D, c.count == i + 6, digits((i + 1)..<(i + 3)), c[i + 3] == 0x3A,
          digits((i + 4)..<(i + 6))
        else { return shape }
        offset = (number((i + 1)..<(i + 3)), number((i + 4)..<(i + 6)))
      }
    }
    let (year, month, day) = (number(0..<4), number(5..<7), number(8..<10))
    let (hour, minute, second) = (number(11..<13), number(14..<16), number(17..<19))
    guard (1...12).contains(month) else { return "has month \(month), which does not exist" }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    guard (1...days).contains(day) else { return "has day \(day) of a month with \(days) days" }
    let endOfDay = hour == 24 && minute == 0 && second == 0 && fractionIsZero
    guard hour <= 23 || endOfDay else { return "has hour \(hour), which does not exist (hours run 00-23)" }
    guard minute <= 59 else { return "has minute \(minute), which does not exist (minutes run 00-59)" }
    guard second <= 59 || (second == 60 && minute == 59) else {
      return "has second \(second), which does not exist (seconds run 00-59, or 60 for a leap second)"
    }
    if let offset, offset.hours > 23 || offset.minutes > 59 {
      return "has a time zone offset of \(offset.hours):\(offset.minutes), which does not exist"
    }
    return nil
  }

  /// What the problem functions say when the text is not of the format at all (the caller
  /// then says which format it must be).
  static let notAShape = ""

  mutating func timestamp(_ o: JSONObject, _ key: String, path: String) {
    if let s = string(o, key, path: path), let problem = Self.timestampProblem(s) {
      fail(
        join(path, key),
        problem == Self.notAShape
          ? "must be an ISO 8601 timestamp, not \"\(s.prefix(40))\"" : "\"\(s.prefix(40))\" is not a real date and time: it \(problem)")
    }
  }

  mutating func languageMap(_ value: JSONValue?, path: String) {
    guard let value else { return }
    guard case .object(let o) = value else {
      fail(path, "must be a language map (an object), not \(value.kindName)")
      return
    }
    var seen: Set<String> = []
    for (tag, text) in o {
      if !seen.insert(tag).inserted { fail(join(path, tag), "appears twice in one object") }
      if !Self.isLanguageTag(tag) { fail(path, "\"\(tag)\" is not an RFC 5646 language tag") }
      if text.stringValue == nil { fail(join(path, tag), "must be a string, not \(text.kindName)") }
    }
  }

  /// RFC 5646 shape: a 2-3 (or 4-8) letter language, then subtags of 1-8 letters or digits.
  static func isLanguageTag(_ tag: String) -> Bool {
    let parts = tag.split(separator: "-", omittingEmptySubsequences: false)
    guard let language = parts.first, (2...8).contains(language.count),
      language.unicodeScalars.allSatisfy({ $0.isASCII && $0.properties.isAlphabetic })
    else { return tag.hasPrefix("x-") || tag.hasPrefix("i-") }
    return parts.dropFirst().allSatisfy { part in
      (1...8).contains(part.count) && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
  }

  mutating func extensions(_ value: JSONValue?, path: String) {
    guard let value else { return }
    guard case .object(let o) = value else {
      fail(path, "must be an object, not \(value.kindName)")
      return
    }
    var seen: Set<String> = []
    for (key, _) in o {
      if !seen.insert(key).inserted { fail(join(path, key), "appears twice in one object") }
      if !Self.isIRI(key) { fail(path, "extension key \"\(key.prefix(80))\" must be an IRI") }
    }
  }

  // MARK: - Statement parts

  mutating func statement(_ value: JSONValue, path: String, sub: Bool) {
    let allowed: Set<String> =
      sub
      ? ["objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments"]
      : ["id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority", "version", "attachments"]
    guard let s = object(value, path: path, allowed: allowed, required: ["actor", "verb", "object"]) else { return }
    if let id = string(s, "id", path: path), !Self.isUUID(id) { fail(join(path, "id"), "must be a UUID, not \"\(id.prefix(60))\"") }
    if sub, string(s, "objectType", path: path) != "SubStatement" { fail(join(path, "objectType"), "must be \"SubStatement\"") }
    if let actor = s["actor"] { agentOrGroup(actor, path: join(path, "actor")) }
    if let verb = s["verb"], let v = object(verb, path: join(path, "verb"), allowed: ["id", "display"], required: ["id"]) {
      iri(v, "id", path: join(path, "verb"))
      languageMap(v["display"], path: join(path, "verb.display"))
      // Part Two §2.3.2.s2.b1: a voiding statement's object is a StatementRef.
      if v["id"]?.stringValue == XAPI.voidedVerb, s["object"]?["objectType"]?.stringValue != "StatementRef" {
        fail(join(path, "object.objectType"), "must be \"StatementRef\" in a statement that voids another (verb voided)")
      }
    }
    if let object = s["object"] { statementObject(object, path: join(path, "object"), inSub: sub) }
    if let result = s["result"] { self.result(result, path: join(path, "result")) }
    if let context = s["context"] { self.context(context, path: join(path, "context"), objectIsActivity: isActivity(s["object"])) }
    timestamp(s, "timestamp", path: path)
    timestamp(s, "stored", path: path)
    if let authority = s["authority"] { agentOrGroup(authority, path: join(path, "authority")) }
    if let version = string(s, "version", path: path), !(version == "1.0" || version.hasPrefix("1.0.")) {
      fail(join(path, "version"), "must be a 1.0.x version, not \"\(version)\"")
    }
    if let attachments = s["attachments"] {
      guard case .array(let list) = attachments else {
        fail(join(path, "attachments"), "must be an array")
        return
      }
      for (i, a) in list.enumerated() {
        let here = "\(join(path, "attachments"))[\(i)]"
        guard let o = object(
          a, path: here, allowed: ["usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"],
          required: ["usageType", "display", "contentType", "length", "sha2"])
        else { continue }
        iri(o, "usageType", path: here)
        languageMap(o["display"], path: join(here, "display"))
        languageMap(o["description"], path: join(here, "description"))
        if let length = o["length"], length.intValue == nil { fail(join(here, "length"), "must be a whole number") }
        _ = string(o, "contentType", path: here)
        _ = string(o, "sha2", path: here)
        iri(o, "fileUrl", path: here)
      }
    }
  }

  func isActivity(_ value: JSONValue?) -> Bool {
    guard case .object(let o)? = value else { return false }
    return o["objectType"] == nil || o["objectType"] == "Activity"
  }

  mutating func agentOrGroup(_ value: JSONValue, path: String) {
    guard case .object(let o) = value else {
      fail(path, "must be an object, not \(value.kindName)")
      return
    }
    let type = o["objectType"]?.stringValue ?? "Agent"
    if type == "Group" {
      guard let g = object(value, path: path, allowed: ["objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"])
      else { return }
      let ifis = identifiers(g, path: path)
      if ifis > 1 { fail(path, "a group has \(ifis) identifiers (at most one of mbox, mbox_sha1sum, openid, account)") }
      if let members = g["member"] {
        guard case .array(let list) = members else {
          fail(join(path, "member"), "must be an array")
          return
        }
        for (i, m) in list.enumerated() {
          if m["objectType"]?.stringValue == "Group" { fail("\(join(path, "member"))[\(i)]", "a group member must be an agent") }
          agentOrGroup(m, path: "\(join(path, "member"))[\(i)]")
        }
      } else if ifis == 0 {
        fail(path, "an anonymous group must list its members")
      }
      _ = string(g, "name", path: path)
    } else if type == "Agent" {
      guard let a = object(value, path: path, allowed: ["objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"]) else {
        return
      }
      let ifis = identifiers(a, path: path)
      if ifis != 1 {
        fail(path, "an agent has \(ifis) identifiers (exactly one of mbox, mbox_sha1sum, openid, account is required)")
      }
      _ = string(a, "name", path: path)
    } else {
      fail(join(path, "objectType"), "must be \"Agent\" or \"Group\", not \"\(type)\"")
    }
  }

  /// Checks each inverse functional identifier present and returns how many there are.
  mutating func identifiers(_ o: JSONObject, path: String) -> Int {
    var count = 0
    if let mbox = string(o, "mbox", path: path) {
      count += 1
      let address = mbox.dropFirst(7)
      if !mbox.hasPrefix("mailto:") || !address.contains("@") || address.hasPrefix("@") || address.hasSuffix("@") {
        fail(join(path, "mbox"), "must be a mailto: IRI, not \"\(mbox.prefix(60))\"")
      }
    }
    if let sum = string(o, "mbox_sha1sum", path: path) {
      count += 1
      if sum.count != 40 || !sum.allSatisfy(\.isHexDigit) { fail(join(path, "mbox_sha1sum"), "must be 40 hexadecimal digits") }
    }
    if o["openid"] != nil {
      count += 1
      iri(o, "openid", path: path)
    }
    if let account = o["account"] {
      count += 1
      let here = join(path, "account")
      if let a = self.object(account, path: here, allowed: ["homePage", "name"], required: ["homePage", "name"]) {
        iri(a, "homePage", path: here)
        _ = string(a, "name", path: here)
      }
    }
    return count
  }

  mutating func statementObject(_ value: JSONValue, path: String, inSub: Bool) {
    guard case .object(let o) = value else {
      fail(path, "must be an object, not \(value.kindName)")
      return
    }
    switch o["objectType"]?.stringValue ?? "Activity" {
    case "Activity":
      guard let a = object(value, path: path, allowed: ["objectType", "id", "definition"], required: ["id"]) else { return }
      iri(a, "id", path: path)
      if let definition = a["definition"] { activityDefinition(definition, path: join(path, "definition")) }
    case "Agent", "Group":
      agentOrGroup(value, path: path)
    case "StatementRef":
      guard let r = object(value, path: path, allowed: ["objectType", "id"], required: ["objectType", "id"]) else { return }
      if let id = string(r, "id", path: path), !Self.isUUID(id) { fail(join(path, "id"), "must be a UUID") }
    case "SubStatement":
      if inSub { fail(path, "a sub-statement cannot contain another sub-statement") }
      statement(value, path: path, sub: true)
    case let other:
      fail(join(path, "objectType"), "must be Activity, Agent, Group, StatementRef or SubStatement, not \"\(other)\"")
    }
  }

  mutating func activityDefinition(_ value: JSONValue, path: String) {
    guard let d = object(
      value, path: path,
      allowed: [
        "name", "description", "type", "moreInfo", "extensions", "interactionType", "correctResponsesPattern", "choices",
        "scale", "source", "target", "steps",
      ])
    else { return }
    languageMap(d["name"], path: join(path, "name"))
    languageMap(d["description"], path: join(path, "description"))
    iri(d, "type", path: path)
    iri(d, "moreInfo", path: path)
    extensions(d["extensions"], path: join(path, "extensions"))
    if let type = string(d, "interactionType", path: path) {
      let known = ["true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing", "likert", "numeric", "other"]
      if !known.contains(type) { fail(join(path, "interactionType"), "\"\(type)\" is not an interaction type the specification defines") }
    }
    if let pattern = d["correctResponsesPattern"] {
      if pattern.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true {
        fail(join(path, "correctResponsesPattern"), "must be an array of strings")
      }
    }
    for key in ["choices", "scale", "source", "target", "steps"] {
      guard let list = d[key] else { continue }
      guard case .array(let components) = list else {
        fail(join(path, key), "must be an array")
        continue
      }
      for (i, c) in components.enumerated() {
        let here = "\(join(path, key))[\(i)]"
        if let component = object(c, path: here, allowed: ["id", "description"], required: ["id"]) {
          _ = string(component, "id", path: here)
          languageMap(component["description"], path: join(here, "description"))
        }
      }
    }
  }

  mutating func result(_ value: JSONValue, path: String) {
    guard let r = object(value, path: path, allowed: ["score", "success", "completion", "response", "duration", "extensions"])
    else { return }
    if let score = r["score"], let s = object(score, path: join(path, "score"), allowed: ["scaled", "raw", "min", "max"]) {
      var numbers: [String: Double] = [:]
      for key in ["scaled", "raw", "min", "max"] {
        guard let v = s[key] else { continue }
        guard let n = v.numberValue else {
          fail(join(path, "score.\(key)"), "must be a number, not \(v.kindName)")
          continue
        }
        numbers[key] = n
      }
      if let scaled = numbers["scaled"], !(-1...1).contains(scaled) { fail(join(path, "score.scaled"), "must be between -1 and 1") }
      if let lo = numbers["min"], let hi = numbers["max"], lo >= hi { fail(join(path, "score.max"), "must be more than min") }
      if let raw = numbers["raw"] {
        if let lo = numbers["min"], raw < lo { fail(join(path, "score.raw"), "must not be below min") }
        if let hi = numbers["max"], raw > hi { fail(join(path, "score.raw"), "must not be above max") }
      }
    }
    for key in ["success", "completion"] {
      if let v = r[key], v.boolValue == nil { fail(join(path, key), "must be true or false, not \(v.kindName)") }
    }
    _ = string(r, "response", path: path)
    if let duration = string(r, "duration", path: path), let problem = ISODuration.problem(duration) {
      fail(
        join(path, "duration"),
        problem == Self.notAShape
          ? "must be an ISO 8601 duration, not \"\(duration.prefix(40))\"" : "\"\(duration.prefix(40))\" \(problem)")
    }
    extensions(r["extensions"], path: join(path, "extensions"))
  }

  mutating func context(_ value: JSONValue, path: String, objectIsActivity: Bool) {
    guard let c = object(
      value, path: path,
      allowed: [
        "registration", "instructor", "team", "contextActivities", "revision", "platform", "language", "statement", "extensions",
      ])
    else { return }
    if let registration = string(c, "registration", path: path), !Self.isUUID(registration) {
      fail(join(path, "registration"), "must be a UUID")
    }
    if let instructor = c["instructor"] { agentOrGroup(instructor, path: join(path, "instructor")) }
    if let team = c["team"] {
      if team["objectType"]?.stringValue != "Group" { fail(join(path, "team"), "must be a group") }
      agentOrGroup(team, path: join(path, "team"))
    }
    if let activities = c["contextActivities"],
      let o = object(activities, path: join(path, "contextActivities"), allowed: ["parent", "grouping", "category", "other"])
    {
      for (key, v) in o {
        let list = v.arrayValue ?? [v]
        for (i, a) in list.enumerated() {
          let here = "\(join(path, "contextActivities.\(key)"))[\(i)]"
          if let activity = object(a, path: here, allowed: ["objectType", "id", "definition"], required: ["id"]) {
            if let type = activity["objectType"], type != "Activity" { fail(join(here, "objectType"), "must be \"Activity\"") }
            iri(activity, "id", path: here)
            if let definition = activity["definition"] { activityDefinition(definition, path: join(here, "definition")) }
          }
        }
      }
    }
    for key in ["revision", "platform"] where c[key] != nil {
      _ = string(c, key, path: path)
      if !objectIsActivity { fail(join(path, key), "is only allowed when the object is an activity") }
    }
    if let language = string(c, "language", path: path), !Self.isLanguageTag(language) {
      fail(join(path, "language"), "\"\(language)\" is not an RFC 5646 language tag")
    }
    if let statement = c["statement"],
      let r = object(statement, path: join(path, "statement"), allowed: ["objectType", "id"], required: ["objectType", "id"])
    {
      if r["objectType"] != "StatementRef" { fail(join(path, "statement.objectType"), "must be \"StatementRef\"") }
      if let id = string(r, "id", path: join(path, "statement")), !Self.isUUID(id) { fail(join(path, "statement.id"), "must be a UUID") }
    }
    extensions(c["extensions"], path: join(path, "extensions"))
  }
}

/// ISO 8601 durations (Part Two §4.6: ISO 8601:2004 §4.4.3.2), such as `PT1H30M`, `PT1.5H` or
/// `P4W`, as hours.
enum ISODuration {
  /// Why `text` is not such a duration, or nil: `P`, then years, months and days, then `T` and
  /// hours, minutes and seconds, each at most once and in that order, or weeks alone ("P4W1D"
  /// is not valid, §4.6.s2); at least one component, none after a `T` left empty; only the last
  /// component may have a fraction (`.` or `,`). The alternative format (`P0003-01-29T…`) is
  /// refused, as §4.6.s1.b1 says. So is `P16559.14S`, an example in §4.6.s2 that puts seconds
  /// before the `T`, as ISO 8601 does not allow (the independent implementations checked, TinCan
  /// Python and Ralph, refuse it too).
  static func problem(_ text: String) -> String? {
    parse(text).problem
  }

  /// Hours in the duration; nil if it is not one. Years and months have no fixed length and are
  /// read as 365 and 30 days.
  static func hours(_ text: String) -> Double? {
    parse(text).hours
  }

  static func parse(_ text: String) -> (hours: Double?, problem: String?) {
    let shape = XAPIValidator.notAShape
    let bytes = Array(text.utf8)
    guard bytes.first == UInt8(ascii: "P"), bytes.count > 1 else { return (nil, shape) }
    // Designators in the order they may come, with their length in hours.
    let order: [(designator: UInt8, time: Bool, hours: Double)] = [
      (UInt8(ascii: "Y"), false, 365 * 24), (UInt8(ascii: "M"), false, 30 * 24), (UInt8(ascii: "W"), false, 7 * 24),
      (UInt8(ascii: "D"), false, 24), (UInt8(ascii: "H"), true, 1), (UInt8(ascii: "M"), true, 1.0 / 60),
      (UInt8(ascii: "S"), true, 1.0 / 3600),
    ]
    var next = 0  // the first designator still allowed
    var inTime = false
    var total = 0.0
    var components = 0
    var timeComponents = 0
    var sawFraction = false
    var sawWeeks = false
    var i = 1
    while i < bytes.count {
      if bytes[i] == UInt8(ascii: "T") {
        guard !inTime, i + 1 < bytes.count else { return (nil, shape) }
        inTime = true
        i += 1
        continue
      }
      let start = i
      while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
      guard i > start else { return (nil, shape) }
      var digits = String(decoding: bytes[start..<i], as: UTF8.self)
      var fraction = false
      if i < bytes.count, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
        i += 1
        let fractionStart = i
        while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
        guard i > fractionStart else { return (nil, shape) }
        digits += "." + String(decoding: bytes[fractionStart..<i], as: UTF8.self)
        fraction = true
      }
      guard i < bytes.count, !sawFraction else {
        return (nil, sawFraction ? "has a fraction before its last component (only the last may have one)" : shape)
      }
      let designator = bytes[i]
      i += 1
      guard let found = order.indices.first(where: { $0 >= next && order[$0].designator == designator && order[$0].time == inTime })
      else {
        let name = Character(Unicode.Scalar(designator))
        if !inTime && (name == "H" || name == "S") {
          return (nil, "has \(name) before a T (hours, minutes and seconds come after one, as in PT1H30M)")
        }
        return (nil, order.contains { $0.designator == designator } ? "has its \(name) out of order or twice" : shape)
      }
      guard let value = Double(digits), value.isFinite else { return (nil, shape) }
      if order[found].designator == UInt8(ascii: "W") { sawWeeks = true }
      components += 1
      if inTime { timeComponents += 1 }
      if sawWeeks && components > 1 { return (nil, "combines weeks with other components (P4W1D is not valid)") }
      total += value * order[found].hours
      sawFraction = fraction
      next = found + 1
    }
    guard components > 0, !inTime || timeComponents > 0 else { return (nil, shape) }
    guard total.isFinite, total < 1e9 else { return (nil, "is longer than any activity could be") }
    return (total, nil)
  }

  /// Hours as a duration (`PT1.5H`), written so it reads back as the same number of hundredths.
  static func string(hours: Hours) -> String { "PT\(hours)H" }
}
