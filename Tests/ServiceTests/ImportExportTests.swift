import Competency
import Foundation
import JSON
import Records
import Service
import TestSupport
import Testing
import Workforce

/// A store on the mini framework with a manager and two officers, used as its owner.
struct ServiceFixture {
  let dir = TemporaryDirectory("cpd-service")
  let workspace: Workspace
  let service: Service
  static let today = Day("2026-06-30")!

  /// The database, on PostgreSQL.
  var database: String? = nil

  init(_ backend: AccessBackend = .sqlite) throws {
    var location = dir.file("store.sqlite")
    if backend == .postgres {
      let name = PostgresServer.shared.newDatabaseName("service")
      location = PostgresServer.shared.address(name) + "&keys=" + dir.file("keys")
      database = name
    }
    workspace = try Workspace.open(StoreLocation(location), frameworks: [MiniFramework.load()], intent: .create)
    service = workspace.service(as: .owner, today: Self.today)
    _ = try service.initialise()
    for p in [
      NewPractitioner(id: "mgr", name: "Megan Hughes", email: "megan@example.org", agency: "la-n", team: "North CSP", role: "manager"),
      NewPractitioner(id: "p1", name: "Rhys Evans", email: "rhys@example.org", agency: "la-n", team: "North CSP", role: "officer", manager: "mgr"),
      NewPractitioner(id: "p2", name: "Siân Lloyd", agency: "pol-n", team: "North CSP", role: "officer", manager: "mgr", language: "cy"),
    ] {
      try service.addPractitioner(p)
    }
  }

  var store: any RecordStore { workspace.store }

  func importCSV(_ text: String, name: String = "log.csv") throws -> [String] {
    try service.importCSV(Array(text.utf8), file: dir.write(name, text))
  }
}

func failure(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return "\(error)"
  }
}

@Suite struct CSVImportTests {
  @Test func importsRowsWithQuotingEvidenceAndSignOff() throws {
    let f = try ServiceFixture()
    f.dir.write("evidence/cert.txt", "certificate")
    let ids = try f.importCSV(
      """
      \u{FEFF}Practitioner,date,kind,hours,title,module,competencies,participatory,evidence,verified_by,note,id\r
      p1,2026-02-01,classroom,6,"Sharing course, day one",M-INF-C,C-PRB:1,yes,evidence/cert.txt,mgr,"Seen ""the"" certificate",csv-1\r
      p2,2026-02-02,reading,1.5,"A long
      title",,C-SAF:1;C-TRA:2,,,,,\r
      """)
    #expect(ids[0] == "csv-1")
    let first = try #require(try f.store.activity("csv-1"))
    #expect(first.claims.map(\.text) == ["C-INF:2", "C-PRB:1"])  // the module's claims and the explicit one
    #expect(first.status == .verified)
    #expect(first.signOffs.first?.note == "Seen \"the\" certificate")
    #expect(first.evidence.map(\.name) == ["cert.txt"])
    let second = try #require(try f.store.activity(ids[1]))
    #expect(second.title == "A long\ntitle")
    #expect(second.participatory == false)  // reading is done alone unless the row says otherwise
  }

  /// Whichever check refuses a row, the error names it by its row number.
  @Test(arguments: [
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,ok\np1,2026-13-01,reading,1,bad\n",
     "log.csv: row 3: date: \"2026-13-01\" is not a date (YYYY-MM-DD)"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,ok\np1,2026-01-01,reading,25,x\n",
     "log.csv: row 3: hours: 25 is more than the 24 hours in a day"),
    ("practitioner,date,kind,hours,title,module\np1,2026-01-01,reading,1,ok,\np1,2026-01-01,reading,1,x,M-NONE\n",
     "log.csv: row 3: module: unknown module \"M-NONE\" (see 'cpd framework list modules')"),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,1,ok\nghost,2026-01-01,reading,1,who\n",
     "log.csv: row 3: practitioner: unknown practitioner \"ghost\""),
    ("practitioner,date,kind,hours,title\np1,2026-01-01,reading,20,ok\np1,2026-01-01,reading,5,more\n",
     "log.csv: row 2: hours: p1's activities on 2026-01-01 would add up to 25 hours, more than the 24 in a day"),
    ("practitioner,date,kind,hours,title,id\np1,2026-01-01,reading,1,ok,dup\np1,2026-01-02,reading,1,x,dup\n",
     "log.csv: row 3: id: activity \"dup\" already exists"),
    ("practitioner,date,kind,hours,title,verified_by,verified_on\np1,2026-01-05,reading,1,ok,mgr,2026-01-01\n",
     "log.csv: row 2: verified_on: 2026-01-01 is before the activity (2026-01-05)"),
  ])
  func aBadRowIsNamedByItsRowAndNothingIsStored(text: String, message: String) throws {
    let f = try ServiceFixture()
    let before = try f.store.contentChecksum()
    #expect(failure { _ = try f.service.importCSV(Array(text.utf8), file: "log.csv") } == message)
    #expect(try f.store.contentChecksum() == before)
  }
}

@Suite struct XAPIImportTests {
  static let statement: JSONValue = [
    "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
    "actor": ["objectType": "Agent", "name": "New Person", "mbox": "mailto:new.person@example.org"],
    "verb": ["id": "http://adlnet.gov/expapi/verbs/attended"],
    "object": ["objectType": "Activity", "id": "urn:cpd:module:M-INF-C"],
    "timestamp": "2026-04-01T09:30:00+01:00",
  ]

  @Test func practitionersAreCreatedWhenAskedAndModulesClaimed() throws {
    let f = try ServiceFixture()
    let result = try f.service.importXAPI(
      JSONWriter.bytes(Self.statement), file: "s.json", create: .init(agency: "la-s", role: "officer", team: "imported"))
    #expect(result.newPractitioners == 1)
    #expect(try f.store.practitioner("new.person")?.name == "New Person")
    let activity = try #require(try f.store.activity(result.ids[0]))
    #expect(activity.claims.map(\.text) == ["C-INF:2"])
    #expect(activity.hours == 6)
    #expect(failure { _ = try f.service.importXAPI(JSONWriter.bytes(Self.statement), file: "s.json", create: nil) }
      == "s.json: statement: id: statement 6690e6c9-3ef0-4ed3-8b37-7f3964730bee has already been imported")
  }

  @Test func exportReadsBackIdentically() throws {
    let f = try ServiceFixture()
    let s = f.service
    let a = try s.log(
      NewActivity(
        practitioner: "p1", date: Day("2026-03-01")!, kind: .classroom, hours: 6, title: "Course", module: "M-INF-C",
        claims: [ClaimedLevel(competency: "C-PRB", level: 1)], reflection: "Useful"))
    _ = try s.log(
      NewActivity(
        practitioner: "p2", date: Day("2026-03-02")!, kind: .onTheJob, hours: 2.25, title: "Work",
        claims: [ClaimedLevel(competency: "C-SAF", level: 2)]))
    _ = try s.log(NewActivity(practitioner: "p1", date: Day("2026-03-03")!, kind: .shadowing, hours: 1, title: "Fix", supersedes: a))
    _ = try s.signOff(activity: a, decision: .verified, by: "mgr", note: "ok", on: ServiceFixture.today)
    let first = try s.exportXAPI(homePage: "https://x.example/p")
    let g = try ServiceFixture()
    let imported = try g.service.importXAPI(Array(first.utf8), file: "export.json", create: nil)
    #expect(imported.ids.count == 3)
    #expect(try g.service.exportXAPI(homePage: "https://x.example/p") == first)
    #expect(try g.store.activity(a)?.status == .verified)
    #expect(try g.store.activity(a)?.reflection == "Useful")
  }
}

@Suite struct PrivacyTests {
  @Test func theSubjectAccessExportHoldsEverythingAboutThePerson() throws {
    let f = try ServiceFixture()
    let file = f.dir.write("cert.txt", "certificate")
    let mine = try f.service.log(
      NewActivity(
        practitioner: "p1", date: Day("2026-03-01")!, kind: .classroom, hours: 3, title: "Course",
        evidence: [EvidenceFile(path: file, name: "cert.txt")]))
    let theirs = try f.service.log(NewActivity(practitioner: "p2", date: Day("2026-03-01")!, kind: .classroom, hours: 3, title: "Course"))
    _ = try f.service.signOff(activity: theirs, decision: .verified, by: "p1", note: "fine", on: ServiceFixture.today)
    try f.service.assess(practitioner: "p1", competency: "C-INF", level: 2, on: ServiceFixture.today)
    let export = try f.service.exportPerson("p1")
    #expect(export["practitioner"]?["email"] == "rhys@example.org")
    #expect(export["activities"]?.arrayValue?.map { $0["id"] } == [.string(mine)])
    let evidence = export["activities"]?.arrayValue?.first?["evidence"]?.arrayValue?.first
    #expect(evidence?["contentBase64"] == .string(Data("certificate".utf8).base64EncodedString()))
    #expect(export["selfAssessments"]?.arrayValue?.count == 1)
    #expect(export["signOffsGiven"]?.arrayValue?.first?["activity"] == .string(theirs))
    #expect((export["auditEntries"]?.arrayValue?.count ?? 0) >= 2)
  }

  @Test func erasureRemovesThePersonAndKeepsTheChain() throws {
    let f = try ServiceFixture()
    let mine = try f.service.log(NewActivity(practitioner: "p1", date: Day("2026-03-01")!, kind: .classroom, hours: 3, title: "Course"))
    let theirs = try f.service.log(NewActivity(practitioner: "p2", date: Day("2026-03-01")!, kind: .classroom, hours: 3, title: "Course"))
    _ = try f.service.signOff(activity: theirs, decision: .verified, by: "p1", note: nil, on: ServiceFixture.today)
    _ = try f.service.signOff(activity: mine, decision: .verified, by: "mgr", note: nil, on: ServiceFixture.today)
    try f.service.assess(practitioner: "p1", competency: "C-INF", level: 2, on: ServiceFixture.today)
    _ = try f.service.erase("p1")
    #expect(try f.store.practitioner("p1") == nil)
    #expect(try f.store.activity(mine) == nil)
    #expect(try f.store.activity(theirs)?.signOffs.first?.verifier == nil)  // kept, verifier removed
    #expect(try f.store.activity(theirs)?.status == .verified)
    #expect(try f.store.verifyAudit().isIntact)
    #expect(try f.store.auditEntries().last?.action == "practitioner.erase")
    #expect(failure { _ = try f.service.erase("p1") } == "practitioner: unknown practitioner \"p1\"")
  }
}

@Suite struct FrameworkBindingTests {
  @Test func aStoreKeptAgainstAnotherFrameworkIsRefused() throws {
    let f = try ServiceFixture()
    var other = MiniFramework.load()
    other.id = "other"
    #expect(failure { _ = try Workspace.open(StoreLocation(f.store.location), frameworks: [other], intent: .read) }
      == "framework: the store is kept against framework \"mini\", but \"other\" was loaded (give --framework)")
  }

  @Test func aNewerVersionOpensWithANoticeAndInitMovesTheStore() throws {
    let f = try ServiceFixture()
    var newer = MiniFramework.load()
    newer.version = "1.1.0"
    let reading = try Workspace.open(StoreLocation(f.store.location), frameworks: [newer], intent: .read)
    #expect(reading.notices[0].contains("kept against mini 1.0.0; 'cpd init' moves it to the 1.1.0 loaded"))
    #expect(reading.notices[1] == "mini: 1.0.0 → 1.1.0")
    #expect(reading.notices[2] == "no changes")
    let moving = try Workspace.open(StoreLocation(f.store.location), frameworks: [newer], intent: .create)
    let ready = try moving.service(as: .owner).initialise()
    #expect(ready.previousVersion == "1.0.0")
    #expect(try moving.store.frameworkBinding()?.version == "1.1.0")
    var older = MiniFramework.load()
    older.version = "0.9.0"
    #expect(failure { _ = try Workspace.open(StoreLocation(f.store.location), frameworks: [older], intent: .read) }
      == "framework: the store is kept against mini 1.1.0, newer than the 0.9.0 loaded (give --framework)")
  }
}
