import Competency
import Foundation
import Workforce

/// A practitioner that the record-keeping rules have checked. Only `RecordRules` makes these, so a
/// store cannot be handed one that was not checked.
public struct CheckedPractitioner: Sendable, Hashable {
  public let value: NewPractitioner
  init(_ value: NewPractitioner) { self.value = value }
}

/// An activity the rules have checked and completed: the module's claims merged with explicit
/// ones, whether it was participatory settled, its reflection measured.
public struct CheckedActivity: Sendable, Hashable {
  public let value: NewActivity
  public let participatory: Bool
  /// The claims as stores keep them: `ID:LEVEL,ID:LEVEL`.
  public let claimsText: String
  /// Words of reflection written for it (the CPD policy decides what counts as a reflective account).
  public let reflectionWords: Int
  /// Where it came from, for errors the store finds later ("row 7", "statements[3]").
  public private(set) var place: String?

  /// The same activity, placed (a store's error about it will name `place`).
  public func located(_ place: String) -> CheckedActivity {
    var copy = self
    copy.place = place
    return copy
  }

  init(_ value: NewActivity, participatory: Bool, claimsText: String, reflectionWords: Int) {
    self.value = value
    self.participatory = participatory
    self.claimsText = claimsText
    self.reflectionWords = reflectionWords
  }
}

/// A decision on an activity awaiting sign-off, checked as far as it can be without the store
/// (which checks the rest: the activity exists, is pending, is not the verifier's own, and the
/// decision is not dated before it).
public struct CheckedSignOff: Sendable, Hashable {
  public let activity: String
  public let decision: SignOffStatus
  public let verifier: String
  public let note: String?
  public let date: Day
  /// The hours the verifier confirms, for an activity imported without them (only with a
  /// verification). A store refuses to verify such an activity without them, and refuses them
  /// for an activity that has its hours.
  public let hours: Hours?

  init(activity: String, decision: SignOffStatus, verifier: String, note: String?, date: Day, hours: Hours?) {
    self.activity = activity
    self.decision = decision
    self.verifier = verifier
    self.note = note
    self.date = date
    self.hours = hours
  }
}

/// A self-assessment the rules have checked.
public struct CheckedAssessment: Sendable, Hashable {
  public let practitioner: String
  public let competency: String
  public let level: Int
  public let date: Day

  init(practitioner: String, competency: String, level: Int, date: Day) {
    self.practitioner = practitioner
    self.competency = competency
    self.level = level
    self.date = date
  }
}

/// The record-keeping rules every store obeys, checked before anything reaches one: known agency,
/// role, module and competency; levels on the scale; hours in (0, 24]; no date in the future; text
/// of a sane length without control characters; a sign-off by someone else, dated between the
/// activity and today, with a short plain note. Each refusal names its field and rule.
public struct RecordRules: Sendable {
  public let framework: Framework
  public let catalog: CompetencyCatalog
  public let today: Day
  /// The top of the framework's level scale (looked up once: every claim of an import is checked against it).
  let topLevel: Int

  public static let maxTitle = 500
  public static let maxReflection = 20_000
  public static let maxName = 200
  public static let maxNote = 2_000
  public static let earliest = Day(year: 1950, month: 1, day: 1)!

  public init(frameworks: [Framework], today: Day = .today) {
    framework = frameworks[0]
    catalog = CompetencyCatalog(frameworks)
    self.today = today
    topLevel = framework.maxLevel
  }

  /// Letters and digits (ASCII), then also . _ : @ -; at most 200 bytes. Checked byte by byte:
  /// every row of an import names at least one id.
  public static func isValidID(_ id: String) -> Bool {
    func alphanumeric(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x30 && b <= 0x39 }
    let bytes = id.utf8
    guard let first = bytes.first, alphanumeric(first), bytes.count <= 200 else { return false }
    return bytes.allSatisfy { alphanumeric($0) || $0 == 0x2E || $0 == 0x5F || $0 == 0x3A || $0 == 0x40 || $0 == 0x2D }
  }

  /// One pass over the UTF-8 bytes: not blank (when required), not too long, no control
  /// characters, no U+FFFD (what invalid UTF-8 turns into). Newlines and tabs are allowed only
  /// where `multiline` says so.
  public static func checkText(_ value: String, field: String, max: Int, required: Bool = true, multiline: Bool = true)
    throws(RecordsError)
  {
    var blank = true
    var problem: String? = nil
    var bytes = value.utf8.count
    var copy = value
    copy.withUTF8 { utf8 in
      var i = 0
      while i < utf8.count {
        let b = utf8[i]
        if b < 0x20 || b == 0x7F {
          if !(multiline && (b == 0x0A || b == 0x09 || b == 0x0D)) { problem = "contains control characters" }
        } else if b != 0x20 {
          blank = false
          if b == 0xEF && i + 2 < utf8.count && utf8[i + 1] == 0xBF && utf8[i + 2] == 0xBD { problem = "is not valid UTF-8" }
        }
        i += 1
      }
    }
    if required && blank { throw .invalid(field, .required, "must not be empty") }
    if bytes > max {
      bytes = value.count
      if bytes > max { throw .invalid(field, .tooLong, "\(bytes) characters is more than the \(max) allowed") }
    }
    if let problem { throw .invalid(field, .badText, problem) }
  }

  public func check(_ p: NewPractitioner) throws(RecordsError) -> CheckedPractitioner {
    guard Self.isValidID(p.id) else {
      throw .invalid(
        "id", .malformed, "\"\(p.id)\" is not a valid id (letters, digits and . _ : @ -, starting with a letter or digit)")
    }
    try Self.checkText(p.name, field: "name", max: Self.maxName, multiline: false)
    try Self.checkText(p.team, field: "team", max: 200, multiline: false)
    if let email = p.email {
      let parts = email.split(separator: "@", omittingEmptySubsequences: false)
      guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), email.count <= 254,
        !email.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } ?? false })
      else { throw .invalid("email", .malformed, "\"\(email)\" is not an email address") }
    }
    guard framework.agency(p.agency) != nil else {
      throw .invalid("agency", .unknown, "unknown agency \"\(p.agency)\" (see 'cpd framework list agencies')")
    }
    guard framework.role(p.role) != nil else {
      throw .invalid("role", .unknown, "unknown role \"\(p.role)\" (see 'cpd framework list roles')")
    }
    if let manager = p.manager {
      guard Self.isValidID(manager) else { throw .invalid("manager", .malformed, "\"\(manager)\" is not a valid id") }
      guard manager != p.id else { throw .invalid("manager", .notAllowed, "\(p.id) cannot be their own manager") }
    }
    guard p.language == "en" || p.language == "cy" else { throw .invalid("lang", .unknown, "\"\(p.language)\" is not en or cy") }
    return CheckedPractitioner(p)
  }

  /// The claims an activity makes: the module's competencies and levels, overridden or added to
  /// by explicit claims. Each must name a known competency at a level on the scale, once.
  func claims(module: Module?, explicit: [ClaimedLevel]) throws(RecordsError) -> [ClaimedLevel] {
    var result = module.map { $0.develops.map { ClaimedLevel(competency: $0.competency, level: $0.level) } } ?? []
    let top = topLevel
    for (i, claim) in explicit.enumerated() {
      guard catalog.index[claim.competency] != nil else {
        throw .invalid(
          "competency", .unknown, "unknown competency \"\(claim.competency)\" (see 'cpd framework list competencies')")
      }
      guard (1...top).contains(claim.level) else {
        throw .invalid("competency", .outOfRange, "level \(claim.level) for \(claim.competency) is outside the scale 1-\(top)")
      }
      if explicit[..<i].contains(where: { $0.competency == claim.competency }) {
        throw .invalid("competency", .duplicate, "\(claim.competency) is claimed twice")
      }
      if let at = result.firstIndex(where: { $0.competency == claim.competency }) {
        result[at].level = claim.level
      } else {
        result.append(claim)
      }
    }
    return result
  }

  static func words(_ text: String?) -> Int {
    guard let text else { return 0 }
    var count = 0
    var inWord = false
    for b in text.utf8 {
      let space = b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D
      if !space && !inWord { count += 1 }
      inWord = !space
    }
    return count
  }

  /// Checks an activity and completes it for the store.
  public func check(_ a: NewActivity) throws(RecordsError) -> CheckedActivity {
    if let id = a.id, !Self.isValidID(id) { throw .invalid("id", .malformed, "\"\(id)\" is not a valid activity id") }
    guard Self.isValidID(a.practitioner) else {
      throw .invalid("practitioner", .malformed, "\"\(a.practitioner)\" is not a valid practitioner id")
    }
    if a.needsHours {
      guard a.hours == .zero else { throw .invalid("hours", .notAllowed, "an activity whose hours are to be confirmed has none yet") }
      if a.signOff?.decision == .verified {
        throw .invalid("verified_by", .notAllowed, "an activity whose hours are not known cannot come verified")
      }
    } else {
      try Self.checkHours(a.hours, field: "hours")
    }
    guard a.date <= today else { throw .invalid("date", .outOfRange, "\(a.date) is in the future (today is \(today))") }
    guard a.date >= Self.earliest else { throw .invalid("date", .outOfRange, "\(a.date) is too far in the past") }
    try Self.checkText(a.title, field: "title", max: Self.maxTitle)
    if let reflection = a.reflection { try Self.checkText(reflection, field: "reflection", max: Self.maxReflection, required: false) }
    var module: Module? = nil
    if let id = a.module {
      guard let m = framework.module(id) else {
        throw .invalid("module", .unknown, "unknown module \"\(id)\" (see 'cpd framework list modules')")
      }
      module = m
    }
    let claims = try self.claims(module: module, explicit: a.claims)
    for file in a.evidence {
      try Self.checkText(file.name, field: "evidence", max: 255, multiline: false)
      if file.name.contains("/") || file.name == ".." || file.name == "." {
        throw .invalid("evidence", .malformed, "\"\(file.name)\" is not a plain file name")
      }
    }
    if let old = a.supersedes, !Self.isValidID(old) {
      throw .invalid("supersedes", .malformed, "\"\(old)\" is not a valid activity id")
    }
    if let s = a.signOff {
      guard s.decision.isDecision else { throw .invalid("verified_by", .malformed, "a sign-off is a verification or a rejection") }
      guard s.verifier != a.practitioner else {
        throw .invalid("verified_by", .notAllowed, "\(s.verifier) cannot sign off their own activity")
      }
      _ = try checkDecision(verifier: s.verifier, note: s.note, date: s.date, field: "verified_by", dateField: "verified_on")
      guard s.date >= a.date else {
        throw .invalid("verified_on", .outOfRange, "\(s.date) is before the activity (\(a.date))")
      }
    }
    var value = a
    value.claims = claims
    let participatory = a.participatory ?? a.kind.isParticipatoryByDefault
    value.participatory = participatory
    return CheckedActivity(
      value, participatory: participatory, claimsText: Self.claimsText(claims), reflectionWords: Self.words(a.reflection))
  }

  /// Claims as the store keeps them: `competency:level`, comma-separated, in order.
  static func claimsText(_ claims: [ClaimedLevel]) -> String {
    var text = ""
    text.reserveCapacity(claims.reduce(0) { $0 + $1.competency.utf8.count + 4 })
    for (i, claim) in claims.enumerated() {
      if i > 0 { text.append(",") }
      text.append(claim.competency)
      text.append(":")
      text.append(String(claim.level))
    }
    return text
  }

  func checkDecision(verifier: String, note: String?, date: Day, field: String, dateField: String) throws(RecordsError) -> String? {
    guard Self.isValidID(verifier) else { throw .invalid(field, .malformed, "\"\(verifier)\" is not a valid practitioner id") }
    guard date <= today else { throw .invalid(dateField, .outOfRange, "\(date) is in the future (today is \(today))") }
    guard date >= Self.earliest else { throw .invalid(dateField, .outOfRange, "\(date) is too far in the past") }
    guard let note else { return nil }
    try Self.checkText(note, field: "note", max: Self.maxNote, required: false)
    return note.allSatisfy(\.isWhitespace) ? nil : note
  }

  /// Hours in (0, 24].
  static func checkHours(_ hours: Hours, field: String) throws(RecordsError) {
    guard hours > .zero else { throw .invalid(field, .outOfRange, "\(hours) is not a positive number of hours") }
    guard hours <= .day else { throw .invalid(field, .outOfRange, "\(hours) is more than the 24 hours in a day") }
  }

  /// Checks a verification or rejection. A rejection must say why; `hours` (confirming those of
  /// an activity imported without them) go only with a verification.
  public func checkSignOff(
    activity: String, decision: SignOffStatus, by verifier: String, note: String?, on date: Day, hours: Hours? = nil
  ) throws(RecordsError) -> CheckedSignOff {
    guard Self.isValidID(activity) else { throw .invalid("activity", .malformed, "\"\(activity)\" is not a valid activity id") }
    guard decision.isDecision else { throw .invalid("decision", .malformed, "a sign-off is a verification or a rejection") }
    let note = try checkDecision(verifier: verifier, note: note, date: date, field: "by", dateField: "date")
    if decision == .rejected && note == nil { throw .invalid("note", .required, "a rejection needs a note saying why") }
    if let hours {
      guard decision == .verified else { throw .invalid("hours", .notAllowed, "hours are confirmed by verifying, not rejecting") }
      try Self.checkHours(hours, field: "hours")
    }
    return CheckedSignOff(activity: activity, decision: decision, verifier: verifier, note: note, date: date, hours: hours)
  }

  /// Checks a self-assessment: a known competency, a level from 0 (not at all) to the top, not dated ahead.
  public func checkAssessment(practitioner: String, competency: String, level: Int, on date: Day) throws(RecordsError)
    -> CheckedAssessment
  {
    guard Self.isValidID(practitioner) else {
      throw .invalid("practitioner", .malformed, "\"\(practitioner)\" is not a valid practitioner id")
    }
    guard catalog.index[competency] != nil else {
      throw .invalid("competency", .unknown, "unknown competency \"\(competency)\" (see 'cpd framework list competencies')")
    }
    guard (0...topLevel).contains(level) else {
      throw .invalid("competency", .outOfRange, "level \(level) for \(competency) is outside the scale 0-\(topLevel)")
    }
    guard date <= today else { throw .invalid("date", .outOfRange, "\(date) is in the future (today is \(today))") }
    guard date >= Self.earliest else { throw .invalid("date", .outOfRange, "\(date) is too far in the past") }
    return CheckedAssessment(practitioner: practitioner, competency: competency, level: level, date: date)
  }
}
