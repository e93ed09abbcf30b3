import Certificates
import Competency
import Foundation
import JSON
import Records
import Service
import TestSupport
import Testing
import Workforce

/// Two teams in the mini framework, with a login of every role:
/// - team North: `lead` (team leader, practitioner `mgr`), `rhys` (practitioner `p1`);
/// - team South: `sian` (practitioner `q1`), whose leader is `south-lead` (practitioner `mgr2`);
/// - `planner`, `admin`, `lms`.
///
/// On PostgreSQL the fixture is made by the store's installer (its owner), and every login acts
/// through a second connection, the trusted gateway's, which sets the database role of the login
/// it serves: the database checks each request again. Logins are server-wide roles there, so a
/// fixture's login names carry its database's name.
enum AccessBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite, postgres
  var testDescription: String { rawValue }
}

struct AccessFixture {
  let dir = TemporaryDirectory("cpd-access")
  let workspace: Workspace
  /// Where the logins act: the owner's workspace on SQLite, the gateway's on PostgreSQL.
  let gateway: Workspace
  let suffix: String
  /// The database (PostgreSQL only).
  let database: String?
  let framework = MiniFramework.load()
  static let today = Day("2026-06-30")!
  let activityOfP1: String
  let activityOfQ1: String
  let activityOfMgr: String

  init(_ backend: AccessBackend = .sqlite) throws {
    let location: String
    switch backend {
    case .sqlite:
      location = dir.file("store.sqlite")
      database = nil
      suffix = ""
    case .postgres:
      let name = PostgresServer.shared.newDatabaseName("access")
      location = PostgresServer.shared.address(name) + "&keys=" + dir.file("keys")
      database = name
      suffix = "." + name
    }
    workspace = try Workspace.open(StoreLocation(location), frameworks: [framework], intent: .create)
    let owner = workspace.service(as: .owner, today: Self.today)
    _ = try owner.initialise()
    for p in [
      NewPractitioner(id: "mgr", name: "Megan Hughes", email: "megan@example.org", agency: "la-n", team: "North", role: "manager"),
      NewPractitioner(id: "p1", name: "Rhys Evans", email: "rhys@example.org", agency: "la-n", team: "North", role: "officer", manager: "mgr"),
      NewPractitioner(id: "mgr2", name: "Dai Jones", agency: "la-s", team: "South", role: "manager"),
      NewPractitioner(id: "q1", name: "Siân Lloyd", email: "sian@example.org", agency: "la-s", team: "South", role: "officer", manager: "mgr2"),
    ] {
      try owner.addPractitioner(p)
    }
    for (login, role, person) in [
      ("lead", LoginRole.teamLeader, "mgr"), ("rhys", .practitioner, "p1"), ("sian", .practitioner, "q1"),
      ("south-lead", .teamLeader, "mgr2"), ("planner", .planner, nil), ("admin", .admin, nil), ("lms", .lms, nil),
    ] {
      _ = try owner.addLogin(login + suffix, role: role, practitioner: person)
    }
    func log(_ who: String, _ date: String) throws -> String {
      try owner.log(NewActivity(practitioner: who, date: Day(date)!, kind: .classroom, hours: 3, title: "Course", claims: [ClaimedLevel(competency: "C-INF", level: 1)]))
    }
    activityOfP1 = try log("p1", "2026-03-01")
    activityOfQ1 = try log("q1", "2026-03-02")
    activityOfMgr = try log("mgr", "2026-03-03")
    if let database {
      // Where `cpd serve` connects: the store's gateway login.
      let address = StoreLocation(location).served
      #expect(address.value == PostgresServer.shared.address(database, user: database + "_gateway") + "&keys=" + dir.file("keys"))
      gateway = try Workspace.open(address, frameworks: [framework], intent: .write)
    } else {
      gateway = workspace
    }
  }

  /// A login's name in this fixture's store.
  func login(_ name: String) -> String { name + suffix }

  func service(_ login: String) throws -> Service { try gateway.service(login: self.login(login), today: Self.today) }

  var checksum: String { get throws { try workspace.store.contentChecksum() } }

  /// Runs `body` as `login`, expecting the access model to refuse it and nothing to change.
  func refused(_ login: String, _ body: (Service) throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let before = try checksum
    do {
      try body(try service(login))
      Issue.record("\(login) was allowed", sourceLocation: sourceLocation)
    } catch let error as RecordsError {
      if case .forbidden = error {} else { Issue.record("\(login): \(error)", sourceLocation: sourceLocation) }
    }
    #expect(try checksum == before, "\(login)'s refused action changed the store", sourceLocation: sourceLocation)
  }
}

@Suite struct AccessModelTests {
  let activity = NewActivity(practitioner: "p1", date: Day("2026-04-01")!, kind: .reading, hours: 1, title: "Guidance")

  @Test(arguments: AccessBackend.allCases) func aPractitionerKeepsToTheirOwnRecords(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let rhys = try f.service("rhys")
    _ = try rhys.log(activity)
    _ = try rhys.gap("p1", asOf: AccessFixture.today, language: "en")
    _ = try rhys.activities(of: "p1")
    _ = try rhys.exportPerson("p1")
    try rhys.assess(practitioner: "p1", competency: "C-INF", level: 2, on: AccessFixture.today)
    var other = activity
    other.practitioner = "q1"
    try f.refused("rhys") { _ = try $0.log(other) }
    try f.refused("rhys") { _ = try $0.gap("q1", asOf: AccessFixture.today, language: "en") }
    try f.refused("rhys") { _ = try $0.gap("nobody", asOf: AccessFixture.today, language: "en") }  // existence is private too
    try f.refused("rhys") { _ = try $0.activities(of: "q1") }
    try f.refused("rhys") { _ = try $0.exportPerson("q1") }
    try f.refused("rhys") { _ = try $0.signOff(activity: f.activityOfQ1, decision: .verified, by: nil, note: nil, on: AccessFixture.today) }
    try f.refused("rhys") { _ = try $0.report(.team("North"), asOf: AccessFixture.today, language: "en") }
    try f.refused("rhys") { _ = try $0.report(.network, asOf: AccessFixture.today, language: "en") }
    try f.refused("rhys") { try $0.addPractitioner(NewPractitioner(id: "x", name: "X", agency: "la-n", team: "North", role: "officer")) }
    try f.refused("rhys") { _ = try $0.erase("q1") }
    try f.refused("rhys") { _ = try $0.logins() }
  }

  @Test(arguments: AccessBackend.allCases) func aTeamLeaderSignsOffTheirTeamButNeverThemselvesOrOthers(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let lead = try f.service("lead")
    #expect(try lead.signOff(activity: f.activityOfP1, decision: .verified, by: nil, note: "seen", on: AccessFixture.today) == "mgr")
    _ = try lead.gap("p1", asOf: AccessFixture.today, language: "en")
    _ = try lead.report(.team("North"), asOf: AccessFixture.today, language: "en")
    #expect(try lead.practitioners(team: nil).map(\.id) == ["mgr", "p1"])
    try f.refused("lead") { _ = try $0.signOff(activity: f.activityOfMgr, decision: .verified, by: nil, note: nil, on: AccessFixture.today) }
    try f.refused("lead") { _ = try $0.signOff(activity: f.activityOfQ1, decision: .verified, by: nil, note: nil, on: AccessFixture.today) }
    try f.refused("lead") { _ = try $0.signOff(activity: f.activityOfQ1, decision: .verified, by: "mgr2", note: nil, on: AccessFixture.today) }
    try f.refused("lead") { _ = try $0.gap("q1", asOf: AccessFixture.today, language: "en") }
    try f.refused("lead") { _ = try $0.report(.team("South"), asOf: AccessFixture.today, language: "en") }
    try f.refused("lead") { _ = try $0.report(.network, asOf: AccessFixture.today, language: "en") }
    try f.refused("lead") { _ = try $0.practitioners(team: "South") }
    // The audit names the acting login by its number, never by name.
    let entry = try #require(try f.workspace.store.auditEntries().last { $0.action == "activity.verify" })
    let number = try #require(try f.workspace.store.login(named: f.login("lead"))).number
    #expect(entry.actor == "login#\(number)")
  }

  @Test(arguments: AccessBackend.allCases) func aPlannerSeesAggregatesOnly(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let planner = try f.service("planner")
    _ = try planner.report(.network, asOf: AccessFixture.today, language: "en")
    _ = try planner.report(.region("north"), asOf: AccessFixture.today, language: "en")
    _ = try planner.report(.agency("la-s"), asOf: AccessFixture.today, language: "en")
    _ = try planner.plan(asOf: AccessFixture.today, limits: PlanLimits(), language: "en")
    try f.refused("planner") { _ = try $0.report(.team("North"), asOf: AccessFixture.today, language: "en") }
    try f.refused("planner") { _ = try $0.gap("p1", asOf: AccessFixture.today, language: "en") }
    try f.refused("planner") { _ = try $0.activities(of: "p1") }
    try f.refused("planner") { _ = try $0.exportXAPI(homePage: "https://x.example") }
    try f.refused("planner") { _ = try $0.practitioners(team: nil) }
    try f.refused("planner") { _ = try $0.log(self.activity) }
  }

  @Test(arguments: AccessBackend.allCases) func anAdminManagesPeopleAndLoginsButReadsNoGaps(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let admin = try f.service("admin")
    try admin.addPractitioner(NewPractitioner(id: "new", name: "New Person", agency: "la-n", team: "North", role: "officer"))
    _ = try admin.addLogin("newbie", role: .practitioner, practitioner: "new")
    #expect(try admin.logins().count == 8)
    // Not their own login: that is for another admin (a removed last admin would leave nobody to manage logins).
    let own = try #require(admin.actor.login).name
    #expect(throws: RecordsError.self) { try admin.removeLogin(own) }
    #expect(try admin.logins().contains { $0.name == own })
    _ = try admin.exportPerson("p1")
    _ = try admin.erase("new")
    if case .intact = try admin.checkAudit() {} else { Issue.record("the audit should be intact") }
    try f.refused("admin") { _ = try $0.gap("p1", asOf: AccessFixture.today, language: "en") }
    try f.refused("admin") { _ = try $0.report(.network, asOf: AccessFixture.today, language: "en") }
    try f.refused("admin") { _ = try $0.signOff(activity: f.activityOfP1, decision: .verified, by: "mgr", note: nil, on: AccessFixture.today) }
    try f.refused("admin") { _ = try $0.log(self.activity) }
  }

  @Test(arguments: AccessBackend.allCases) func aLearningPlatformOnlyAddsStatements(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let lms = try f.service("lms")
    let statement: JSONValue = [
      "id": "6690e6c9-3ef0-4ed3-8b37-7f3964730bee",
      "actor": ["objectType": "Agent", "mbox": "mailto:RHYS@example.org"],
      "verb": ["id": "http://adlnet.gov/expapi/verbs/attended"],
      "object": ["objectType": "Activity", "id": "https://lms.example.org/c/1", "definition": ["name": ["en": "Course"]]],
      "result": ["duration": "PT2H"], "timestamp": "2026-05-01T10:00:00Z",
    ]
    let imported = try lms.importXAPI(JSONWriter.bytes(statement), file: "s.json", create: nil)
    #expect(imported.ids.count == 1)
    try f.refused("lms") {
      _ = try $0.importXAPI(JSONWriter.bytes(statement), file: "s.json", create: .init(agency: "la-n", role: "officer", team: "t"))
    }
    try f.refused("lms") { _ = try $0.gap("p1", asOf: AccessFixture.today, language: "en") }
    try f.refused("lms") { _ = try $0.activities(of: "p1") }
    try f.refused("lms") { _ = try $0.practitioners(team: nil) }
    try f.refused("lms") { _ = try $0.exportXAPI(homePage: "https://x.example") }
    try f.refused("lms") { _ = try $0.report(.network, asOf: AccessFixture.today, language: "en") }
  }

  @Test(arguments: AccessBackend.allCases) func anUnknownLoginIsRefused(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    #expect(throws: RecordsError.forbidden("unknown login \"\(f.login("mallory"))\"")) { try f.service("mallory") }
  }

  /// Signing in to the web application happens where `cpd serve` connects: on a network store
  /// that is the gateway, which may not read the logins table itself (the database refused it).
  @Test(arguments: AccessBackend.allCases) func signingInWorksWhereTheWebServerConnects(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let owner = f.workspace.service(as: .owner, today: AccessFixture.today)
    try owner.setPassword(login: f.login("rhys"), password: "correct horse battery")
    let now = Int64(Date().timeIntervalSince1970)
    guard case .signedIn(let token, let session) = try f.gateway.signIn(login: f.login("rhys"), password: "correct horse battery", now: now)
    else {
      Issue.record("the right password was refused")
      return
    }
    #expect(session.login.name == f.login("rhys") && session.service.actor.person?.id == "p1")
    #expect(try f.gateway.resume(token: token, now: now)?.login.name == f.login("rhys"))
    guard case .refused = try f.gateway.signIn(login: f.login("rhys"), password: "wrong horse battery", now: now) else {
      Issue.record("a wrong password was let in")
      return
    }
    // A login a trusted proxy vouches for (single sign-on), and one nobody knows.
    #expect(try f.gateway.signIn(trustedLogin: f.login("lead"), now: now)?.1.service.actor.person?.id == "mgr")
    #expect(try f.gateway.signIn(trustedLogin: f.login("mallory"), now: now) == nil)
  }

  /// A practitioner who has met the policy issues their own certificate where the web server
  /// connects (on a network store the database once refused them the register's next number).
  @Test(arguments: AccessBackend.allCases) func aPractitionerIssuesTheirOwnCertificateWhereTheWebServerConnects(
    _ backend: AccessBackend
  ) throws {
    let f = try AccessFixture(backend)
    let owner = f.workspace.service(as: .owner, today: AccessFixture.today)
    _ = try owner.createIssuerKeys(name: "Test Network", site: "https://cpd.example.org", directory: nil, replacing: false)
    let reflection = Array(repeating: "I reflected on sharing information with partners safely.", count: 3).joined(separator: " ")
    for (day, title) in [("2026-02-01", "Workshop one"), ("2026-02-08", "Workshop two")] {
      let id = try owner.log(
        NewActivity(practitioner: "p1", date: Day(day)!, kind: .workshop, hours: 15, title: title, reflection: reflection))
      _ = try owner.signOff(activity: id, decision: .verified, by: "mgr", note: nil, on: AccessFixture.today)
    }
    let rhys = try f.service("rhys")
    guard case .issued(_, let entry) = try rhys.certificate("p1", period: CPDPeriod("2026")!, keysDirectory: nil) else {
      Issue.record("the policy is met, yet no certificate was issued")
      return
    }
    #expect(try rhys.certificates(of: "p1").map(\.credentialID) == [entry.credentialID])
    try f.refused("sian") { _ = try $0.certificate("p1", period: CPDPeriod("2026")!, keysDirectory: nil) }
  }

  /// `cpd serve` (and the line `cpd demo` prints for it) opens a network store as its gateway.
  @Test func theWebServerOpensANetworkStoreAsItsGateway() {
    #expect(
      StoreLocation("postgresql://cpd_installer:secret@/cpd_network?host=/run/pg&keys=/srv/k").served.value
        == "postgresql://cpd_network_gateway@/cpd_network?host=/run/pg&keys=/srv/k")
    #expect(StoreLocation("postgres://db.example.org:5433/cpd").served.value == "postgres://cpd_gateway@db.example.org:5433/cpd")
    #expect(StoreLocation("Records/cpd.sqlite").served.value == "Records/cpd.sqlite")
  }

  @Test(arguments: AccessBackend.allCases) func theOwnerMayDoEverythingAndIsAuditedAsOwner(_ backend: AccessBackend) throws {
    let f = try AccessFixture(backend)
    let owner = f.workspace.service(as: .owner, today: AccessFixture.today)
    _ = try owner.signOff(activity: f.activityOfQ1, decision: .verified, by: "mgr", note: nil, on: AccessFixture.today)
    #expect(try f.workspace.store.auditEntries().last?.actor == "owner")
  }
}
