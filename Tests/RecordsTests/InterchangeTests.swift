import Competency
import Foundation
import JSON
import TestSupport
import Testing
import Workforce

@testable import Records

@Suite struct WorkforceReadTests {
  @Test func readsPeopleActivitiesClaimsAndRatingsAsPlainValues() throws {
    let f = try StoreFixture()
    let a = try f.log("p1", "2026-03-01", .classroom, hours: 6, module: "M-INF-C")
    try f.log("p1", "2026-03-04", .onTheJob, hours: 2, claims: ["C-INF:2", "C-PRB:1"], reflection: "Learnt a lot")
    try f.log("p2", "2026-03-01", .reading, hours: 1, claims: ["C-SAF:1"])
    try f.store.signOff(activity: a, decision: .verified, by: "mgr", note: nil, on: StoreFixture.today)
    try f.store.assess(practitioner: "p2", competency: "C-SAF", level: 3, on: StoreFixture.today, actor: .system("t"))
    let catalog = CompetencyCatalog([f.framework])
    let w = try f.store.workforce(catalog: catalog, framework: f.framework)
    #expect(w.people.map(\.id) == ["mgr", "p1", "p2"])
    #expect(w.items(of: 0).isEmpty)
    let p1 = Array(w.items(of: 1))
    #expect(p1.map(\.kind) == [.classroom, .onTheJob])
    #expect(p1.map(\.status) == [.verified, .pending])
    #expect(p1[0].module == Int16(f.framework.moduleIndex["M-INF-C"]!))
    #expect(p1[1].module == -1)
    #expect(p1.map(\.hours) == [6, 2])
    #expect(p1.map(\.reflective) == [false, true])
    #expect(w.claims(of: p1[1]).map { catalog.ids[Int($0.competency)] + ":\($0.level)" } == ["C-INF:2", "C-PRB:1"])
    #expect(w.claims(of: p1[0]).map { catalog.ids[Int($0.competency)] } == ["C-INF"])
    #expect(Array(w.ratings(of: 2)) == [SelfRating(competency: catalog.index["C-SAF"]!, level: 3, day: StoreFixture.today)])
    #expect(w.people[1].manager == "mgr")
  }

  @Test func parallelReadMatchesFilteredReads() throws {
    let f = try StoreFixture()
    var rows: [NewActivity] = []
    for i in 0..<600 {
      let who = ["mgr", "p1", "p2"][i % 3]
      rows.append(
        NewActivity(
          practitioner: who, date: Day("2026-01-01")!.adding(days: i % 150), kind: ActivityKind.allCases[i % 13], hours: 0.5,
          title: "Row \(i)", claims: [ClaimedLevel(competency: ["C-INF", "C-PRB", "C-TRA"][i % 3], level: 1 + i % 4)]))
    }
    try f.store.log(rows, source: "test", frameworkVersion: "1.0.0", actor: .system("t"))
    f.store.rowsPerParallelReader = 100  // six readers' worth of rows, read by one connection per core
    let catalog = CompetencyCatalog([f.framework])
    let all = try f.store.workforce(catalog: catalog, framework: f.framework)
    for (p, person) in all.people.enumerated() {
      let alone = try f.store.workforce(catalog: catalog, framework: f.framework, filter: .people([person.id]))
      #expect(Array(all.items(of: p)).map(\.day) == Array(alone.items(of: 0)).map(\.day))
      #expect(all.items(of: p).flatMap { all.claims(of: $0) } == alone.items(of: 0).flatMap { alone.claims(of: $0) })
    }
    #expect(all.items.count == 600)
    let team = try f.store.workforce(catalog: catalog, framework: f.framework, filter: .team("North CSP"))
    #expect(team.items.count == 600)
    let police = try f.store.workforce(catalog: catalog, framework: f.framework, filter: .agencies(["pol-n"]))
    #expect(police.people.map(\.id) == ["p2"])
    #expect(police.items.count == 200)
  }
}

@Suite struct CSVImportTests {
  func importCSV(_ f: StoreFixture, _ text: String, name: String = "log.csv") throws -> [String] {
    let file = f.dir.write(name, text)
    let activities = try ActivityCSV.read(Array(text.utf8), file: file, rules: f.rules)
    return try f.store.log(activities, source: "csv", frameworkVersion: "1.0.0", actor: .system("t"))
  }

  @Test func importsRowsWithQuotingEvidenceAndSignOff() throws {
    let f = try StoreFixture()
    f.dir.write("evidence/cert.txt", "certificate")
    let ids = try importCSV(
      f,
      """
      \u{FEFF}Practitioner,date,kind,hours,title,module,competencies,participatory,evidence,verified_by,note,id\r
      p1,2026-02-01,classroom,6,"Sharing course, day one",M-INF-C,C-PRB:1,yes,evidence/cert.txt,mgr,"Seen ""the"" certificate",csv-1\r
      p2,2026-02-02,reading,1.5,"A long
      title",,C-SAF:1;C-TRA:2,no,,,,\r
      """)
    #expect(ids[0] == "csv-1")
    let first = try #require(try f.store.activity("csv-1"))
    #expect(first.title == "Sharing course, day one")
    #expect(first.claims.map(\.text) == ["C-INF:2", "C-PRB:1"])
    #expect(first.status == .verified)
    #expect(first.signOffs.first?.note == "Seen \"the\" certificate")
    #expect(first.evidence.map(\.name) == ["cert.txt"])
    let second = try #require(try f.store.activity(ids[1]))
    #expect(second.title == "A long\ntitle")
    #expect(second.participatory == false)
    #expect(second.hours == 1.5)
  }

  @Test(arguments: [
    ("practitioner,date,kind,hours\np1,2026-01-01,reading,1\n", "log.csv: row 1: missing column \"title\""),
    ("practitioner,date,kind,hours,title,colour\n", "log.csv: row 1: unknown column \"colour\" (see 'cpd import csv --help')"),
    ("practitioner,date,kind,hours,title\n", "log.csv: no activities after the header row"),
    ("", "log.csv: the file is empty (expected a header row)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,ok\np1,2026-13-01,reading,1,bad\n",
     "log.csv: row 3: date: \"2026-13-01\" is not a date (YYYY-MM-DD)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,lecture,1,x\n",
     "log.csv: row 2: kind: unknown kind \"lecture\" (expected one of \(ActivityKind.allNames))"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,lots,x\n", "log.csv: row 2: hours: \"lots\" is not a number"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,25,x\n", "log.csv: row 2: hours: 25 is more than the 24 hours in a day"),
    ("practitioner,date,kind,hours,title,evidence\np1,2026-01-01,reading,1,x,../../etc/passwd\n",
     "log.csv: row 2: evidence: \"../../etc/passwd\" must be a path inside the CSV's folder (no '..' or absolute paths)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,\"unclosed\n", "log.csv: row 2: a quoted field is not closed before the end of the file"),
    ("practitioner,date,kind,hours,title,competencies\np1,2026-01-01,reading,1,x,C-INF\n",
     "log.csv: row 2: competencies: \"C-INF\" is not COMPETENCY:LEVEL"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,x,extra\n", "log.csv: row 2: 6 fields, but the header has 5 columns"),
  ])
  func badFilesAreRefusedByRowAndNothingIsStored(text: String, message: String) throws {
    let f = try StoreFixture()
    let before = try f.store.contentChecksum()
    do {
      let file = f.dir.write("log.csv", text)
      let activities = try ActivityCSV.read(Array(text.utf8), file: "log.csv", rules: f.rules)
      try f.store.log(activities, source: "csv", frameworkVersion: "1.0.0", actor: .system("t"))
      Issue.record("expected a refusal for \(file)")
    } catch {
      #expect(error.description == message)
    }
    #expect(try f.store.contentChecksum() == before)
  }

  @Test func invalidUTF8IsRefusedByRow() throws {
    let f = try StoreFixture()
    let bytes = Array("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,".utf8) + [0xC3, 0x28] + [0x0A]
    #expect(throws: RecordsError.invalid("log.csv: row 2: column 5: is not valid UTF-8")) {
      _ = try ActivityCSV.read(bytes, file: "log.csv", rules: f.rules)
    }
  }

  @Test func aStoreProblemLaterInTheFileRollsBackEveryRow() throws {
    let f = try StoreFixture()
    let before = try f.store.contentChecksum()
    let text = "practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,ok\nghost,2026-01-01,reading,1,who\n"
    let activities = try ActivityCSV.read(Array(text.utf8), file: "log.csv", rules: f.rules)
    #expect(throws: RecordsError.invalid("log.csv: row 3: practitioner: unknown practitioner \"ghost\"")) {
      try f.store.log(
        activities, source: "csv", frameworkVersion: "1.0.0", actor: .system("t"), label: { "log.csv: row \($0 + 2)" })
    }
    #expect(try f.store.contentChecksum() == before)
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
    #expect(XAPIValidator.validate(changed(path, to: value)) == message)
  }

  @Test func nullsAreAllowedInsideExtensions() {
    #expect(XAPIValidator.validate(changed(["context", "extensions"], to: ["https://example.org/x": .null])) == nil)
  }

  @Test func duplicateKeysAreRefusedByStatementIndex() throws {
    let f = try StoreFixture()
    let good = JSONWriter.string(Self.good, style: .compact)
    let twice = good.replacingOccurrences(of: #""mbox":"mailto:rhys@example.org""#, with: #""mbox":"mailto:rhys@example.org","mbox":"mailto:rhys@example.org""#)
    #expect(twice != good)
    let text = "[\(good), \(twice)]"
    #expect(throws: RecordsError.invalid("s.json: statements[1].actor.mbox: appears twice in one object")) {
      try XAPI.read(Array(text.utf8), file: "s.json", rules: f.rules, practitionerIDs: ["p1"], emails: [:], create: nil)
    }
  }

  func read(_ f: StoreFixture, _ statements: [JSONValue], create: XAPI.NewPractitionerDefaults? = nil) throws -> XAPI.ImportPlan {
    let people = try f.store.practitioners()
    var emails: [String: String] = [:]
    for p in people { if let e = p.email { emails[e] = p.id } }
    return try XAPI.read(
      JSONWriter.bytes(.array(statements)), file: "s.json", rules: f.rules, practitionerIDs: Set(people.map(\.id)),
      emails: emails, create: create)
  }

  @Test func mapsStatementsToActivities() throws {
    let f = try StoreFixture()
    var byAccount = changed(["actor"], to: ["account": ["homePage": "https://lms.example.org", "name": "p2"]])
    byAccount = .object({ var o = byAccount.objectValue!; o["id"] = "7a8e6c9d-3ef0-4ed3-8b37-7f3964730bee"; return o }())
    let module = changed(["object"], to: ["id": "urn:cpd:module:M-INF-C"])
    let moduleWithID = JSONValue.object({ var o = module.objectValue!; o["id"] = nil; o["result"] = nil; return o }())
    var launched = changed(["verb", "id"], to: "http://adlnet.gov/expapi/verbs/launched")
    launched = .object({ var o = launched.objectValue!; o["id"] = "9a8e6c9d-3ef0-4ed3-8b37-7f3964730bee"; return o }())
    let plan = try read(f, [Self.good, byAccount, moduleWithID, launched])
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
    #expect(plan.activities[2].claims.map(\.text) == ["C-INF:2"])
    #expect(plan.warnings == ["s.json: skipped 1 statement with verb launched, which is not a CPD activity"])
  }

  @Test func unknownActorsAreRefusedOrCreated() throws {
    let f = try StoreFixture()
    let stranger = changed(["actor"], to: ["mbox": "mailto:new.person@example.org", "name": "New Person"])
    #expect(
      throws: RecordsError.invalid(
        "s.json: statements[0]: actor: mbox mailto:new.person@example.org matches no practitioner (add them first, or import with --create-practitioners --agency A --role R)"
      )
    ) { try read(f, [stranger]) }
    let plan = try read(f, [stranger], create: .init(agency: "la-s", role: "officer", team: "imported"))
    #expect(plan.newPractitioners.map(\.id) == ["new.person"])
    #expect(plan.newPractitioners.first?.email == "new.person@example.org")
    let ids = try f.store.importActivities(
      plan.activities, creating: plan.newPractitioners, source: "xapi", frameworkVersion: "1.0.0", actor: .system("t"))
    #expect(ids.count == 1)
    #expect(try f.store.practitioner("new.person")?.name == "New Person")
  }

  @Test func aStatementWithoutTimestampIsDatedWithAWarning() throws {
    let f = try StoreFixture()
    let undated = changed(["timestamp"], to: nil)
    let plan = try read(f, [undated])
    #expect(plan.activities[0].date == StoreFixture.today)
    #expect(plan.warnings == ["s.json: 1 statement has no timestamp; dated by 'stored' or today"])
  }

  @Test func exportReadsBackIdentically() throws {
    let f = try StoreFixture()
    let a = try f.log("p1", "2026-03-01", .classroom, hours: 6, module: "M-INF-C", claims: ["C-PRB:1"], reflection: "Useful")
    try f.log("p2", "2026-03-02", .onTheJob, hours: 2.25, claims: ["C-SAF:2"])
    try f.log("p1", "2026-03-03", .shadowing, hours: 1, supersedes: a)
    try f.store.signOff(activity: a, decision: .verified, by: "mgr", note: "ok", on: StoreFixture.today)
    func export(_ store: SQLiteStore) throws -> String {
      var names: [String: String] = [:]
      for p in try store.practitioners() { names[p.id] = p.name }
      var out: [JSONValue] = []
      try store.forEachActivity { page in
        for activity in page { out.append(XAPI.statement(activity, name: names[activity.practitioner], homePage: "https://x.example/p")) }
      }
      return JSONWriter.string(.array(out))
    }
    let first = try export(f.store)
    for statement in try JSONParser.parse(first).arrayValue! { #expect(XAPIValidator.validate(statement) == nil) }
    let g = try StoreFixture()
    let people = try g.store.practitioners()
    let plan = try XAPI.read(
      Array(first.utf8), file: "export.json", rules: g.rules, practitionerIDs: Set(people.map(\.id)), emails: [:], create: nil)
    try g.store.log(plan.activities, source: "xapi", frameworkVersion: "1.0.0", actor: .system("t"))
    #expect(try export(g.store) == first)
    #expect(try g.store.activity(a)?.status == .verified)
    #expect(try g.store.activity(a)?.reflection == "Useful")
  }
}

@Suite struct PrivacyTests {
  @Test func subjectAccessExportHoldsEverythingAboutThePerson() throws {
    let f = try StoreFixture()
    let file = f.dir.write("cert.txt", "certificate")
    let mine = try f.log("p1", "2026-03-01", .classroom, evidence: [EvidenceFile(path: file, name: "cert.txt")])
    let theirs = try f.log("p2", "2026-03-01", .classroom)
    try f.store.signOff(activity: theirs, decision: .verified, by: "p1", note: "fine", on: StoreFixture.today)
    try f.store.assess(practitioner: "p1", competency: "C-INF", level: 2, on: StoreFixture.today, actor: .system("t"))
    let export = try f.store.subjectAccessExport("p1")
    #expect(export["practitioner"]?["email"] == "rhys@example.org")
    #expect(export["activities"]?.arrayValue?.map { $0["id"] } == [.string(mine)])
    let evidence = export["activities"]?.arrayValue?.first?["evidence"]?.arrayValue?.first
    #expect(evidence?["contentBase64"] == .string(Data("certificate".utf8).base64EncodedString()))
    #expect(export["selfAssessments"]?.arrayValue?.count == 1)
    #expect(export["signOffsGiven"]?.arrayValue?.first?["activity"] == .string(theirs))
    #expect((export["auditEntries"]?.arrayValue?.count ?? 0) >= 2)
  }

  @Test func erasureRemovesThePersonAndKeepsTheChain() throws {
    let f = try StoreFixture()
    let mine = try f.log("p1", "2026-03-01", .classroom)
    let theirs = try f.log("p2", "2026-03-01", .classroom)
    try f.store.signOff(activity: theirs, decision: .verified, by: "p1", note: nil, on: StoreFixture.today)
    try f.store.signOff(activity: mine, decision: .verified, by: "mgr", note: nil, on: StoreFixture.today)
    try f.store.assess(practitioner: "p1", competency: "C-INF", level: 2, on: StoreFixture.today, actor: .system("t"))
    _ = try f.store.erase("p1", actor: .system("t"))
    #expect(try f.store.practitioner("p1") == nil)
    #expect(try f.store.activity(mine) == nil)
    #expect(try f.store.activity(theirs)?.signOffs.first?.verifier == nil)  // kept, verifier removed
    #expect(try f.store.activity(theirs)?.status == .verified)
    #expect(try f.scalar("SELECT count(*) FROM self_assessments") == "0")
    #expect(try f.store.verifyAudit().isIntact)
    #expect(try f.store.auditEntries().last?.action == "practitioner.erase")
    #expect(throws: RecordsError.invalid("practitioner: unknown practitioner \"p1\"")) { try f.store.erase("p1", actor: .system("t")) }
  }
}
