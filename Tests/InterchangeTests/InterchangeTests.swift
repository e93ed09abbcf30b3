import Competency
import Foundation
import Interchange
import JSON
import TestSupport
import Testing
import Workforce

@testable import Interchange

/// The message a throwing body fails with (nil when it does not throw).
func failure(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return "\(error)"
  }
}

@Suite struct CSVReadTests {
  @Test func readsRowsWithQuotingEvidenceAndSignOff() throws {
    let text = """
      \u{FEFF}Practitioner,date,kind,hours,title,module,competencies,participatory,evidence,verified_by,note,id\r
      p1,2026-02-01,classroom,6,"Sharing course, day one",M-INF-C,C-PRB:1,yes,evidence/cert.txt,mgr,"Seen ""the"" certificate",csv-1\r
      p2,2026-02-02,reading,1.5,"A long
      title",,C-SAF:1;C-TRA:2,no,,,,\r
      """
    let rows = try ActivityCSV.read(Array(text.utf8), file: "/data/log.csv")
    #expect(rows.map(\.number) == [2, 3])
    let first = rows[0].activity
    #expect(first.id == "csv-1")
    #expect(first.title == "Sharing course, day one")
    #expect(first.module == "M-INF-C")
    #expect(first.claims.map(\.text) == ["C-PRB:1"])
    #expect(first.participatory == true)
    #expect(first.signOff == PresetSignOff(decision: .verified, verifier: "mgr", note: "Seen \"the\" certificate", date: Day("2026-02-01")!))
    #expect(first.evidence == [EvidenceFile(path: "/data/evidence/cert.txt", name: "cert.txt", within: "/data")])
    let second = rows[1].activity
    #expect(second.title == "A long\ntitle")
    #expect(second.participatory == false)
    #expect(second.hours == 1.5)
    #expect(second.claims.map(\.text) == ["C-SAF:1", "C-TRA:2"])
    #expect(second.module == nil)
  }

  /// Hours are exact hundredths: "0.7" is 70 hundredths, and reads back as 0.7.
  @Test func hoursAreExactHundredths() throws {
    let rows = try ActivityCSV.read(Array("practitioner,date,kind,hours,title\np1,2026-01-01,reading,0.7,x\n".utf8), file: "log.csv")
    #expect(rows[0].activity.hours == Hours(hundredths: 70))
    #expect(rows[0].activity.hours.description == "0.7")
    #expect(JSONWriter.string(.number(rows[0].activity.hours.value), style: .compact) == "0.7")
    #expect(Hours("2.50") == Hours(hundredths: 250))
    for text in ["0x10", "1e1", "-1", "+1", " 1", "1 ", "01", ".5", "5.", "1,5", "", "١"] { #expect(Hours(text) == nil, "\(text)") }
  }

  @Test func participatoryIsLeftToTheRulesWhenTheColumnIsEmpty() throws {
    let rows = try ActivityCSV.read(Array("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,x\n".utf8), file: "log.csv")
    #expect(rows[0].activity.participatory == nil)
  }

  @Test(arguments: [
    ("practitioner,date,kind,hours\np1,2026-01-01,reading,1\n", "log.csv: row 1: missing column \"title\""),
    ("practitioner,date,kind,hours,title,colour\n", "log.csv: row 1: unknown column \"colour\" (see 'cpd import csv --help')"),
    ("practitioner,date,kind,hours,title,title\n", "log.csv: row 1: column \"title\" appears twice"),
    ("practitioner,date,kind,hours,title\n", "log.csv: no activities after the header row"),
    ("", "log.csv: the file is empty (expected a header row)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,ok\np1,2026-13-01,reading,1,bad\n",
     "log.csv: row 3: date: \"2026-13-01\" is not a date (YYYY-MM-DD)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,lecture,1,x\n",
     "log.csv: row 2: kind: unknown kind \"lecture\" (expected one of \(ActivityKind.allNames))"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,lots,x\n",
     "log.csv: row 2: hours: \"lots\" is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,\"abc\"def\n",
     "log.csv: row 2: column 5: text after the closing quote of a quoted field"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,0x10,x\n",
     "log.csv: row 2: hours: \"0x10\" is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1e1,x\n",
     "log.csv: row 2: hours: \"1e1\" is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading, 3,x\n",
     "log.csv: row 2: hours: \" 3\" is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,03,x\n",
     "log.csv: row 2: hours: \"03\" is not a number of hours (write it as digits, like 3, 1.5 or 0.25)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,0.333,x\n",
     "log.csv: row 2: hours: \"0.333\" has more than two decimal places (hours are kept to the hundredth)"),
    ("practitioner,date,kind,hours,title,evidence\np1,2026-01-01,reading,1,x,../../etc/passwd\n",
     "log.csv: row 2: evidence: \"../../etc/passwd\" must be a path inside the CSV's folder (no '..' or absolute paths)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,\"unclosed\n", "log.csv: row 2: a quoted field is not closed before the end of the file"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,ab\"c\n",
     "log.csv: row 2: column 5: a quote in the middle of an unquoted field"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,\(String(repeating: "x", count: 100_001))\n",
     "log.csv: row 2: column 5: a field longer than 100000 bytes"),
    ("practitioner,date,kind,hours,title,competencies\np1,2026-01-01,reading,1,x,C-INF\n",
     "log.csv: row 2: competencies: \"C-INF\" is not COMPETENCY:LEVEL"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,x,extra\n", "log.csv: row 2: 6 fields, but the header has 5 columns"),
    ("practitioner,date,kind,hours,title,note\np1,2026-01-01,reading,1,x,seen\n", "log.csv: row 2: verified_by: verified_on and note need verified_by"),
  ])
  func badFilesAreRefusedByRow(text: String, message: String) throws {
    #expect(failure { _ = try ActivityCSV.read(Array(text.utf8), file: "log.csv") } == message)
  }

  @Test func invalidUTF8IsRefusedByRow() throws {
    let bytes = Array("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,".utf8) + [0xC3, 0x28] + [0x0A]
    #expect(failure { _ = try ActivityCSV.read(bytes, file: "log.csv") } == "log.csv: row 2: column 5: is not valid UTF-8")
  }
}

@Suite struct XAPITests {
  static let good: JSONValue = [
    "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "actor": ["objectType": "Agent", "name": "Rhys Evans", "mbox": "mailto:rhys@example.org"],
    "verb": ["id": "http://adlnet.gov/expapi/verbs/attended", "display": ["en-GB": "attended"]],
    "object": [
      "objectType": "Activity", "id": "https://lms.example.org/courses/waspi",
      "definition": ["name": ["en-GB": "WASPI information sharing", "cy": "Rhannu gwybodaeth WASPI"]],
    ],
    "result": ["duration": "PT2H30M", "completion": true],
    "timestamp": "2026-04-01T09:30:00+01:00",
  ]

  func changed(_ path: [String], to value: JSONValue?) -> JSONValue {
    func set(_ v: JSONValue, _ keys: ArraySlice<String>) -> JSONValue {
      guard let key = keys.first, var o = v.objectValue else { return value ?? .null }
      if keys.count == 1 {
        o[key] = value
      } else {
        o[key] = set(o[key] ?? [:], keys.dropFirst())
      }
      return .object(o)
    }
    return set(Self.good, path[...])
  }

  @Test func theGoodStatementIsValid() {
    #expect(XAPIValidator.validate(Self.good) == nil)
  }

  @Test(arguments: [
    (["actor"], nil as JSONValue?, "actor: is required"),
    (["verb"], nil, "verb: is required"),
    (["object"], nil, "object: is required"),
    (["id"], "not-a-uuid", "id: must be a UUID, not \"not-a-uuid\""),
    (["actor", "mbox"], "rhys@example.org", "actor.mbox: must be a mailto: IRI, not \"rhys@example.org\""),
    (["actor", "account"], ["homePage": "https://lms.example.org", "name": "p1"],
     "actor: an agent has 2 identifiers (exactly one of mbox, mbox_sha1sum, openid, account is required)"),
    (["actor", "mbox"], nil, "actor: an agent has 0 identifiers (exactly one of mbox, mbox_sha1sum, openid, account is required)"),
    (["verb", "id"], "attended", "verb.id: must be an IRI with a scheme, not \"attended\""),
    (["verb", "display"], ["en_GB": "attended"], "verb.display: \"en_GB\" is not an RFC 5646 language tag"),
    (["object", "definition", "name"], "WASPI", "object.definition.name: must be a language map (an object), not a string"),
    (["result", "duration"], "2.5 hours", "result.duration: must be an ISO 8601 duration, not \"2.5 hours\""),
    (["result", "completion"], "true", "result.completion: must be true or false, not a string"),
    (["result", "score"], ["scaled": 1.5], "result.score.scaled: must be between -1 and 1"),
    (["timestamp"], "yesterday", "timestamp: must be an ISO 8601 timestamp, not \"yesterday\""),
    (["result", "response"], .null, "result.response: must not be null"),
    (["Actor"], ["mbox": "mailto:x@example.org"],
     "Actor: is not a property the specification allows here (the specification spells it \"actor\")"),
    (["object", "definition", "colour"], "blue", "object.definition.colour: is not a property the specification allows here"),
    (["object", "objectType"], "activity", "object.objectType: must be Activity, Agent, Group, StatementRef or SubStatement, not \"activity\""),
    (["version"], "2.0.0", "version: must be a 1.0.x version, not \"2.0.0\""),
    (["context", "registration"], "12345", "context.registration: must be a UUID"),
    (["context", "extensions"], ["not an iri": 1], "context.extensions: extension key \"not an iri\" must be an IRI"),
  ] as [([String], JSONValue?, String)])
  func eachMustRuleRefusesWithItsPathAndReason(path: [String], value: JSONValue?, message: String) {
    #expect(XAPIValidator.validate(changed(path, to: value)).map { $0.field.isEmpty ? $0.message : "\($0.field): \($0.message)" } == message)
  }

  @Test func nullsAreAllowedInsideExtensions() {
    #expect(XAPIValidator.validate(changed(["context", "extensions"], to: ["https://example.org/x": .null])) == nil)
  }

  @Test func duplicateKeysAreRefusedByStatementIndex() throws {
    let good = JSONWriter.string(Self.good, style: .compact)
    let twice = good.replacingOccurrences(of: #""mbox":"mailto:rhys@example.org""#, with: #""mbox":"mailto:rhys@example.org","mbox":"mailto:rhys@example.org""#)
    #expect(twice != good)
    let text = "[\(good), \(twice)]"
    #expect(failure { _ = try XAPI.read(Array(text.utf8), file: "s.json", framework: framework, actors: people, create: nil, today: today) }
      == "s.json: statements[1]: actor.mbox: appears twice in one object")
  }

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

  func read(_ statements: [JSONValue], create: XAPI.NewPractitionerDefaults? = nil) throws -> XAPI.ImportPlan {
    try XAPI.read(JSONWriter.bytes(.array(statements)), file: "s.json", framework: framework, actors: people, create: create, today: today)
  }

  @Test func mapsStatementsToActivities() throws {
    var byAccount = changed(["actor"], to: ["account": ["homePage": "https://lms.example.org", "name": "p2"]])
    byAccount = .object({ var o = byAccount.objectValue!; o["id"] = "7a8e6c9d-3ef0-4ed3-8b37-7f3964730bee"; return o }())
    let module = changed(["object"], to: ["id": "urn:cpd:module:M-INF-C"])
    let moduleWithID = JSONValue.object({ var o = module.objectValue!; o["id"] = nil; o["result"] = nil; return o }())
    var launched = changed(["verb", "id"], to: "http://adlnet.gov/expapi/verbs/launched")
    launched = .object({ var o = launched.objectValue!; o["id"] = "9a8e6c9d-3ef0-4ed3-8b37-7f3964730bee"; return o }())
    let plan = try read([Self.good, byAccount, moduleWithID, launched])
    #expect(plan.activities.count == 3)
    let first = plan.activities[0]
    #expect(first.practitioner == "p1")
    #expect(first.kind == .classroom)
    #expect(first.hours == 2.5)
    #expect(first.date == Day("2026-04-01"))
    #expect(first.title == "WASPI information sharing")
    #expect(first.xapiID == "6690e6c9-3ef0-4ed3-8b37-7f3964730bee")
    #expect(plan.activities[1].practitioner == "p2")
    #expect(plan.activities[2].module == "M-INF-C")
    #expect(plan.activities[2].hours == 6)  // the module's hours, as the statement has no duration
    #expect(plan.activities[2].claims.isEmpty)  // the module's own are the rules' to add
    #expect(plan.warnings == ["s.json: skipped 1 statement with verb launched, which is not a CPD activity"])
  }

  @Test func unknownActorsAreRefusedOrCreated() throws {
    let stranger = changed(["actor"], to: ["mbox": "mailto:new.person@example.org", "name": "New Person"])
    #expect(failure { _ = try read([stranger]) }
      == "s.json: statements[0]: actor: mbox mailto:new.person@example.org matches no practitioner (add them first, or import with --create-practitioners --agency A --role R)")
    let again = JSONValue.object({ var o = stranger.objectValue!; o["id"] = "8a8e6c9d-3ef0-4ed3-8b37-7f3964730bee"; return o }())
    let plan = try read([stranger, again], create: .init(agency: "la-s", role: "officer", team: "imported"))
    #expect(plan.newPractitioners.map(\.id) == ["new.person"])
    #expect(plan.newPractitioners.first?.email == "new.person@example.org")
    #expect(plan.newPractitioners.first?.name == "New Person")
    #expect(plan.activities.map(\.practitioner) == ["new.person", "new.person"])
  }

  @Test func actorsAreMatchedByEmailInAnyCase() throws {
    let shouting = changed(["actor"], to: ["mbox": "mailto:RHYS@EXAMPLE.ORG"])
    #expect(try read([shouting]).activities[0].practitioner == "p1")
  }

  @Test func aStatementWithoutTimestampIsDatedWithAWarning() throws {
    let undated = changed(["timestamp"], to: nil)
    let plan = try read([undated])
    #expect(plan.activities[0].date == today)
    #expect(plan.warnings == ["s.json: 1 statement has no timestamp; dated by 'stored' or today"])
  }
}
