import Competency
import Foundation
import Workforce

/// Checks input against the framework before anything reaches the store: unknown agency, role,
/// module or competency, a level outside the scale, hours outside (0, 24], a date in the future,
/// over-long text. Each refusal names the field.
public struct RecordRules: Sendable {
  public let framework: Framework
  public let catalog: CompetencyCatalog
  public let today: Day

  public static let maxTitle = 500
  public static let maxReflection = 20_000
  public static let maxName = 200
  public static let maxNote = 2_000

  public init(frameworks: [Framework], today: Day = .today) {
    framework = frameworks[0]
    catalog = CompetencyCatalog(frameworks)
    self.today = today
  }

  static func isValidID(_ id: String) -> Bool {
    func alphanumeric(_ c: Unicode.Scalar) -> Bool {
      ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }
    guard let first = id.unicodeScalars.first, alphanumeric(first) else { return false }
    return id.count <= 200 && id.unicodeScalars.allSatisfy { alphanumeric($0) || "._:@-".unicodeScalars.contains($0) }
  }

  /// One pass over the UTF-8 bytes: not blank (when required), not too long, no control
  /// characters, no U+FFFD (what invalid UTF-8 turns into).
  func checkText(_ value: String, field: String, max: Int, required: Bool = true) throws(RecordsError) {
    var blank = true
    var problem: String? = nil
    var bytes = value.utf8.count
    var copy = value
    copy.withUTF8 { utf8 in
      var i = 0
      while i < utf8.count {
        let b = utf8[i]
        if b < 0x20 {
          if b != 0x0A && b != 0x09 && b != 0x0D { problem = "contains control characters" }
        } else if b != 0x20 {
          blank = false
          if b == 0xEF && i + 2 < utf8.count && utf8[i + 1] == 0xBF && utf8[i + 2] == 0xBD { problem = "is not valid UTF-8" }
        }
        i += 1
      }
    }
    if required && blank { throw .invalid("\(field): must not be empty") }
    if bytes > max {
      bytes = value.count
      if bytes > max { throw .invalid("\(field): \(bytes) characters is more than the \(max) allowed") }
    }
    if let problem { throw .invalid("\(field): \(problem)") }
  }

  public func check(_ p: NewPractitioner) throws(RecordsError) {
    guard Self.isValidID(p.id) else {
      throw .invalid("id: \"\(p.id)\" is not a valid id (letters, digits and . _ : @ -, starting with a letter or digit)")
    }
    try checkText(p.name, field: "name", max: Self.maxName)
    try checkText(p.team, field: "team", max: 200)
    if let email = p.email {
      let parts = email.split(separator: "@", omittingEmptySubsequences: false)
      guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254,
        !email.contains(where: { $0.isWhitespace })
      else { throw .invalid("email: \"\(email)\" is not an email address") }
    }
    guard framework.agency(p.agency) != nil else {
      throw .invalid("agency: unknown agency \"\(p.agency)\" (see 'cpd framework list agencies')")
    }
    guard framework.role(p.role) != nil else {
      throw .invalid("role: unknown role \"\(p.role)\" (see 'cpd framework list roles')")
    }
    guard p.language == "en" || p.language == "cy" else { throw .invalid("lang: \"\(p.language)\" is not en or cy") }
  }

  /// The claims an activity makes: the module's competencies and levels, overridden or added to
  /// by explicit claims. Each must name a known competency at a level on the scale.
  public func claims(module: String?, explicit: [ClaimedLevel]) throws(RecordsError) -> [ClaimedLevel] {
    var result: [ClaimedLevel] = []
    if let module {
      guard let m = framework.module(module) else {
        throw .invalid("module: unknown module \"\(module)\" (see 'cpd framework list modules')")
      }
      result = m.develops.map { ClaimedLevel(competency: $0.competency, level: $0.level) }
    }
    let top = framework.maxLevel
    for claim in explicit {
      guard catalog.index[claim.competency] != nil else {
        throw .invalid("competency: unknown competency \"\(claim.competency)\" (see 'cpd framework list competencies')")
      }
      guard (1...top).contains(claim.level) else {
        throw .invalid("competency: level \(claim.level) for \(claim.competency) is outside the scale 1-\(top)")
      }
      if let i = result.firstIndex(where: { $0.competency == claim.competency }) {
        result[i].level = claim.level
      } else {
        result.append(claim)
      }
    }
    return result
  }

  /// `claimsChecked`: the claims came from `claims(module:explicit:)`, which checked them.
  public func check(_ a: NewActivity, claimsChecked: Bool = false) throws(RecordsError) {
    if let id = a.id, !Self.isValidID(id) { throw .invalid("id: \"\(id)\" is not a valid activity id") }
    guard a.hours.isFinite, a.hours > 0 else {
      throw .invalid("hours: \(format(a.hours)) is not a positive number of hours")
    }
    guard a.hours <= 24 else { throw .invalid("hours: \(format(a.hours)) is more than the 24 hours in a day") }
    guard a.date <= today else { throw .invalid("date: \(a.date) is in the future (today is \(today))") }
    guard a.date >= Day(year: 1950, month: 1, day: 1)! else { throw .invalid("date: \(a.date) is too far in the past") }
    try checkText(a.title, field: "title", max: Self.maxTitle)
    if let reflection = a.reflection { try checkText(reflection, field: "reflection", max: Self.maxReflection, required: false) }
    if let module = a.module, framework.module(module) == nil {
      throw .invalid("module: unknown module \"\(module)\" (see 'cpd framework list modules')")
    }
    let top = framework.maxLevel
    for (i, claim) in a.claims.enumerated() where !claimsChecked {
      guard catalog.index[claim.competency] != nil else {
        throw .invalid("competency: unknown competency \"\(claim.competency)\" (see 'cpd framework list competencies')")
      }
      guard (1...top).contains(claim.level) else {
        throw .invalid("competency: level \(claim.level) for \(claim.competency) is outside the scale 1-\(top)")
      }
      if a.claims[..<i].contains(where: { $0.competency == claim.competency }) {
        throw .invalid("competency: \(claim.competency) is claimed twice")
      }
    }
    for file in a.evidence {
      try checkText(file.name, field: "evidence", max: 255)
      if file.name.contains("/") || file.name == ".." || file.name == "." {
        throw .invalid("evidence: \"\(file.name)\" is not a plain file name")
      }
    }
    if let signOff = a.signOff {
      guard signOff.verifier != a.practitioner else {
        throw .invalid("verified_by: \(signOff.verifier) cannot sign off their own activity")
      }
      guard signOff.date >= a.date, signOff.date <= today else {
        throw .invalid("verified_on: \(signOff.date) must fall between the activity date and today")
      }
    }
  }

  public func check(assessment competency: String, level: Int) throws(RecordsError) {
    guard catalog.index[competency] != nil else {
      throw .invalid("competency: unknown competency \"\(competency)\" (see 'cpd framework list competencies')")
    }
    guard (0...framework.maxLevel).contains(level) else {
      throw .invalid("competency: level \(level) for \(competency) is outside the scale 0-\(framework.maxLevel)")
    }
  }

  func format(_ hours: Double) -> String {
    hours.rounded() == hours && abs(hours) < 1e9 ? String(Int(hours)) : String(hours)
  }
}
