import Competency
import Cryptography
import Foundation
import JSON
import TestSupport
import Testing
import Workforce

@testable import Interchange

/// Statements as learning platforms and record stores send them: without durations, in a
/// StatementResult, in their thousands, voiding others; dates and durations that must exist.
@Suite struct XAPIStatementTests {
  let framework = MiniFramework.load()
  let today = Day("2026-06-30")!
  let people = XAPI.ActorDirectory([
    PractitionerRecord(
      id: "p1", name: "Rhys Evans", email: "Rhys@Example.org", agency: "la-n", team: "t", role: "officer", manager: nil,
      language: "en", createdAt: ""),
    PractitionerRecord(
      id: "p2", name: "Siân Lloyd", email: nil, agency: "pol-n", team: "t", role: "officer", manager: nil, language: "cy",
      createdAt: ""),
  ])

  /// An attendance statement as platforms send them: no result at all.
  static func attendance(_ n: Int, actor: JSONValue = ["mbox": "mailto:rhys@example.org"]) -> JSONValue {
    [
      "id": .string(uuid(n)), "actor": actor,
      "verb": ["id": "http://adlnet.gov/expapi/verbs/attended"],
      "object": ["id": .string("https://lms.example.org/events/\(n)"), "definition": ["name": ["en": "Briefing"]]],
      "timestamp": "2026-04-01T09:30:00Z",
    ]
  }

  static func uuid(_ n: Int) -> String { String(format: "%08x-3ef0-4ed3-8b37-7f3964730bee", n) }

  static func voiding(_ n: Int, target: String) -> JSONValue {
    [
      "id": .string(uuid(n)), "actor": ["mbox": "mailto:admin@lms.example.org"],
      "verb": ["id": "http://adlnet.gov/expapi/verbs/voided", "display": ["en-US": "voided"]],
      "object": ["objectType": "StatementRef", "id": .string(target)],
      "result": ["response": "Logged against the wrong person"],
      "timestamp": "2026-04-02T10:00:00Z",
    ]
  }

  static func with(_ statement: JSONValue, _ key: String, _ value: JSONValue?) -> JSONValue {
    var o = statement.objectValue!
    o[key] = value
    return .object(o)
  }

  func read(_ value: JSONValue, defaultHours: Hours? = nil, create: XAPI.NewPractitionerDefaults? = nil) throws -> XAPI.ImportPlan {
    try XAPI.read(
      JSONWriter.bytes(value), file: "s.json", framework: framework, actors: people, create: create, defaultHours: defaultHours,
      today: today)
  }

  // MARK: - (a) no duration

  @Test func aStatementWithoutDurationAwaitsItsHours() throws {
    let plan = try read(.array([Self.attendance(1), Self.attendance(2)]))
    #expect(plan.activities.map(\.needsHours) == [true, true])
    #expect(plan.activities.map(\.hours) == [.zero, .zero])
    #expect(plan.summary.needingHours == 2)
    #expect(plan.summary.defaultedHours == 0)
  }

  @Test func aZeroDurationSaysNothingOfTheHours() throws {
    let zero = Self.with(Self.attendance(1), "result", ["duration": "PT0S", "completion": true])
    #expect(try read(zero).activities[0].needsHours)
  }

  @Test func defaultHoursFillStatementsWithoutDuration() throws {
    let timed = Self.with(Self.attendance(2), "result", ["duration": "PT45M"])
    let plan = try read(.array([Self.attendance(1), timed]), defaultHours: 1.5)
    #expect(plan.activities.map(\.hours) == [1.5, 0.75])
    #expect(plan.activities.map(\.needsHours) == [false, false])
    #expect(plan.summary.defaultedHours == 1)
    #expect(plan.summary.needingHours == 0)
  }

  // MARK: - (b) what record stores export

  @Test func aStatementResultIsReadWithItsMore() throws {
    let page: JSONValue = ["statements": .array([Self.attendance(1), Self.attendance(2)]), "more": "/xapi/statements?page=2"]
    let plan = try read(page)
    #expect(plan.activities.count == 2)
    #expect(plan.paths == ["statements[0]", "statements[1]"])
    #expect(plan.summary.more == "/xapi/statements?page=2")
    #expect(plan.warnings.contains { $0.contains("more: /xapi/statements?page=2") })
    // The last page: more is empty, and may come first.
    let last = try XAPI.read(
      Array(#"{"more": "", "statements": [\#(JSONWriter.string(Self.attendance(3)))]}"#.utf8), file: "s.json", framework: framework,
      actors: people, create: nil, today: today)
    #expect(last.activities.count == 1)
    #expect(last.warnings.isEmpty)
  }

  @Test(arguments: [
    (#"{"statements": [], "more": ""}"#, "s.json: the StatementResult holds no statements"),
    (#"{"statements": [STATEMENT], "more": "", "total": 1}"#,
     "s.json: total: a StatementResult has only statements and more (xAPI 1.0.3 Part Two §2.5)"),
    (#"{"more": 3, "statements": [STATEMENT]}"#, "s.json: more: must be a string (an IRL, or empty), not a number"),
    (#"{"statements": [STATEMENT,]}"#, "s.json: not JSON: line 1, column 288: unexpected character ']'"),
    (#"[STATEMENT STATEMENT]"#, "s.json: not JSON: line 1, column 273: expected ',' or ']' in an array"),
  ])
  func aBadStatementResultIsRefusedWithWhereAndWhy(text: String, message: String) {
    let statement = JSONWriter.string(Self.attendance(1), style: .compact)
    let bytes = Array(text.replacingOccurrences(of: "STATEMENT", with: statement).utf8)
    #expect(
      failure {
        _ = try XAPI.read(bytes, file: "s.json", framework: framework, actors: people, create: nil, today: today)
      } == message)
  }

  @Test func thousandsOfStatementsAreReadOneAtATime() throws {
    let n = 5_000
    var text = "["
    for i in 0..<n { text += (i == 0 ? "" : ",") + JSONWriter.string(Self.attendance(i), style: .compact) }
    text += "]"
    var reader = try XAPI.Reader(
      Array(text.utf8), file: "s.json", framework: framework, actors: people, create: nil, defaultHours: nil, today: today)
    var activities = 0
    while let item = try reader.next() {
      if case .activity = item { activities += 1 }
    }
    #expect(activities == n)
    #expect(reader.summary.statements == n)
    #expect(reader.summary.needingHours == n)
  }

  @Test func theLastOfThousandsIsNamedWhenBad() throws {
    var list = (0..<3_000).map { Self.attendance($0) }
    list[2_999] = Self.with(list[2_999], "timestamp", "2026-02-30T10:00:00Z")
    #expect(failure { _ = try read(.array(list)) }
      == "s.json: statements[2999]: timestamp: \"2026-02-30T10:00:00Z\" is not a real date and time: it has day 30 of a month with 28 days")
  }

  // MARK: - (c) voiding

  @Test func voidingStatementsAreReadAsVoidings() throws {
    let plan = try read(.array([Self.voiding(9, target: Self.uuid(1).uppercased()), Self.attendance(1)]))
    #expect(plan.activities.count == 1)
    #expect(plan.voidings == [
      XAPI.Voiding(statement: Self.uuid(9), target: Self.uuid(1), reason: "Logged against the wrong person", date: Day("2026-04-02")!)
    ])
    // Only voidings: still something to import.
    #expect(try read(Self.voiding(9, target: Self.uuid(1))).voidings.count == 1)
  }

  @Test func aVoidingNeedsAStatementRef() {
    let wrong = Self.with(Self.voiding(9, target: Self.uuid(1)), "object", ["objectType": "Activity", "id": "https://x.example/a"])
    #expect(failure { _ = try read(wrong) }
      == "s.json: statement: object.objectType: must be \"StatementRef\" in a statement that voids another (verb voided)")
    let anonymous = Self.with(Self.voiding(9, target: Self.uuid(1)), "id", nil)
    #expect(failure { _ = try read(anonymous) }
      == "s.json: statement: id: a statement that voids another needs its own id, so that it is not applied twice")
  }

  // MARK: - (d) dates and durations that exist

  @Test(arguments: [
    ("2026-13-45T99:99:99Z", "it has month 13, which does not exist"),
    ("2026-02-29T10:00:00Z", "it has day 29 of a month with 28 days"),
    ("2026-04-31T10:00:00Z", "it has day 31 of a month with 30 days"),
    ("2026-04-01T24:30:00Z", "it has hour 24, which does not exist (hours run 00-23)"),
    ("2026-04-01T10:60:00Z", "it has minute 60, which does not exist (minutes run 00-59)"),
    ("2026-04-01T10:30:60Z", "it has second 60, which does not exist (seconds run 00-59, or 60 for a leap second)"),
    ("2026-04-01T10:30:00+24:00", "it has a time zone offset of 24:0, which does not exist"),
    ("2026-00-01T10:30:00Z", "it has month 0, which does not exist"),
  ])
  func aTimestampThatDoesNotExistIsRefusedWithItsPath(stamp: String, reason: String) {
    let statement = Self.with(Self.attendance(1), "timestamp", .string(stamp))
    #expect(failure { _ = try read(.array([Self.attendance(2), statement])) }
      == "s.json: statements[1]: timestamp: \"\(stamp)\" is not a real date and time: \(reason)")
    let stored = Self.with(Self.attendance(1), "stored", .string(stamp))
    #expect(failure { _ = try read(stored) } == "s.json: statement: stored: \"\(stamp)\" is not a real date and time: \(reason)")
  }

  @Test(arguments: ["2024-02-29T10:00:00Z", "2026-04-01T23:59:60Z", "2026-04-01T24:00:00Z", "2026-04-01T10:30:00.123+01:00"])
  func timestampsThatExistAreRead(stamp: String) throws {
    let plan = try read(Self.with(Self.attendance(1), "timestamp", .string(stamp)))
    #expect(plan.activities[0].date == Day(stamp.prefix(10)))
  }

  @Test(arguments: [
    ("PT1H1H", "\"PT1H1H\" has its H out of order or twice"),
    ("PT30M1H", "\"PT30M1H\" has its H out of order or twice"),
    ("P4W1D", "\"P4W1D\" combines weeks with other components (P4W1D is not valid)"),
    ("PT1.5H30M", "\"PT1.5H30M\" has a fraction before its last component (only the last may have one)"),
    ("PT", "must be an ISO 8601 duration, not \"PT\""),
    ("P1DT", "must be an ISO 8601 duration, not \"P1DT\""),
    ("P0003-01-29T04:35:59", "must be an ISO 8601 duration, not \"P0003-01-29T04:35:59\""),
    ("P16559.14S", "\"P16559.14S\" has S before a T (hours, minutes and seconds come after one, as in PT1H30M)"),
    ("PT" + String(repeating: "9", count: 30) + "H", "\"PT999999999999999999999999999999H\" is longer than any activity could be"),
  ])
  func aDurationThatIsNotOneIsRefused(duration: String, message: String) {
    let statement = Self.with(Self.attendance(1), "result", ["duration": .string(duration)])
    #expect(failure { _ = try read(statement) } == "s.json: statement: result.duration: \(message)")
  }

  @Test(arguments: [("PT4H35M59.14S", 4.6), ("PT90M", 1.5), ("PT0,5H", 0.5), ("PT16559.14S", 4.6), ("PT1H0M0S", 1)])
  func durationsAreReadAsHours(duration: String, hours: Double) throws {
    let statement = Self.with(Self.attendance(1), "result", ["duration": .string(duration)])
    #expect(try read(statement).activities[0].hours == Hours(rounding: hours))
  }

  @Test func aDurationOfMoreThanADayIsRefusedByItsField() {
    let statement = Self.with(Self.attendance(1), "result", ["duration": "P3D"])
    #expect(failure { _ = try read(statement) } == "s.json: statement: result.duration: P3D is more than the 24 hours in a day")
  }

  // MARK: - (e) actors

  @Test func anMboxSha1sumMatchesThePractitionersEmail() throws {
    let sum = Digest.sha1(Array("mailto:rhys@example.org".utf8)).hexString
    let plan = try read(Self.attendance(1, actor: ["mbox_sha1sum": .string(sum)]))
    #expect(plan.activities[0].practitioner == "p1")
  }

  @Test func anUnknownActorIsNamedWithWhatWouldAddThem() {
    let sum = Digest.sha1(Array("mailto:nobody@example.org".utf8)).hexString
    #expect(failure { _ = try read(Self.attendance(1, actor: ["name": "No Body", "mbox_sha1sum": .string(sum)])) }
      == "s.json: statement: actor: \"No Body\" (mbox_sha1sum \(sum)) matches no practitioner's email; add them with their email "
        + "first ('cpd practitioner add --email'): --create-practitioners cannot, as a hash does not give the address")
    #expect(failure { _ = try read(Self.attendance(1, actor: ["openid": "https://id.example.org/rhys"])) }
      == "s.json: statement: actor: (openid https://id.example.org/rhys) cannot be matched to a practitioner: cpd matches an "
        + "agent's mbox, mbox_sha1sum or account name; ask the platform for one of those")
    #expect(failure { _ = try read(Self.attendance(1, actor: ["account": ["homePage": "https://lms.example.org", "name": "u42"]])) }
      == "s.json: statement: actor: account u42 matches no practitioner (add them first, or import with --create-practitioners --agency A --role R)")
  }
}

@Suite struct JSONPieceReaderTests {
  @Test func readsAnArrayElementByElement() throws {
    var reader = JSONPieceReader(Array(#" [ {"a": 1}, [2, 3] , "x" ] "#.utf8))
    #expect(try reader.peek() == .array)
    try reader.enter()
    var values: [JSONValue] = []
    while try reader.nextElement() { values.append(try reader.value()) }
    try reader.finish()
    #expect(values == [["a": 1], [2, 3], "x"])
  }

  @Test func readsAnObjectKeyByKey() throws {
    var reader = JSONPieceReader(Array(#"{"more": "", "statements": [1, 2]}"#.utf8))
    try reader.enter()
    #expect(try reader.nextKey() == "more")
    #expect(try reader.value() == "")
    #expect(try reader.nextKey() == "statements")
    try reader.enter()
    var n = 0
    while try reader.nextElement() {
      _ = try reader.value()
      n += 1
    }
    #expect(n == 2)
    #expect(try reader.nextKey() == nil)
    try reader.finish()
  }

  @Test(arguments: [
    ("[1, 2", "line 1, column 6: the document ends inside an array"),
    ("[1 2]", "line 1, column 4: expected ',' or ']' in an array"),
    ("[1,\n]", "line 2, column 1: unexpected character ']'"),
    ("[1] x", "line 1, column 5: unexpected text after the end of the document"),
  ])
  func errorsSayWhereInTheWholeDocument(text: String, message: String) {
    var reader = JSONPieceReader(Array(text.utf8))
    #expect(failure {
      try reader.enter()
      while try reader.nextElement() { _ = try reader.value() }
      try reader.finish()
    } == message)
  }
}
