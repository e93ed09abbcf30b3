import Competency
import Foundation
import Records
import RecordsPostgres
import RecordsSQLite
import TestSupport
import Testing
import Workforce

/// A store backend the shared suites run against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case sqlite
  /// A new database on the test process's PostgreSQL server, made by its installer (the store's owner).
  case postgres

  var testDescription: String { rawValue }

  /// A fresh, empty store of this kind in `dir` (a PostgreSQL store keeps its keys there).
  func makeStore(_ dir: TemporaryDirectory, name: String = "store") throws -> any RecordStore {
    switch self {
    case .sqlite: try SQLiteStore.open(at: dir.file("\(name).sqlite"), access: .create)
    case .postgres:
      try PostgresStore.open(
        PostgresServer.shared.address(PostgresServer.shared.newDatabaseName(name)), access: .create, keys: dir.file("\(name)-keys"))
    }
  }
}

/// A fresh store on the mini framework with a manager and two officers.
struct StoreFixture {
  let dir = TemporaryDirectory("cpd-records")
  let store: any RecordStore
  let framework = MiniFramework.load()
  let rules: RecordRules
  static let today = Day("2026-06-30")!
  static let actor = AuditActor.system("test")

  init(_ backend: Backend = .sqlite, people: Bool = true) throws {
    store = try backend.makeStore(dir)
    try store.bind(FrameworkBinding(id: framework.id, version: framework.version), actor: Self.actor)
    rules = RecordRules(frameworks: [framework], today: Self.today)
    if people {
      try add([
        NewPractitioner(id: "mgr", name: "Megan Hughes", email: "megan@example.org", agency: "la-n", team: "North CSP", role: "manager"),
        NewPractitioner(id: "p1", name: "Rhys Evans", email: "rhys@example.org", agency: "la-n", team: "North CSP", role: "officer", manager: "mgr"),
        NewPractitioner(id: "p2", name: "Siân Lloyd", agency: "pol-n", team: "North CSP", role: "officer", manager: "mgr", language: "cy"),
      ])
    }
  }

  /// The SQLite store, for tests that look beneath the interface.
  var sqlite: SQLiteStore { store as! SQLiteStore }

  func add(_ people: [NewPractitioner]) throws {
    try store.add(try people.map { p throws(RecordsError) in try rules.check(p) }, actor: Self.actor)
  }

  /// Logs one activity through the rules, as `cpd log` does.
  @discardableResult
  func log(
    _ who: String, _ date: String, _ kind: ActivityKind, hours: Hours = 3, module: String? = nil,
    claims: [String] = [], id: String? = nil, supersedes: String? = nil, reflection: String? = nil,
    evidence: [EvidenceFile] = [], signOff: PresetSignOff? = nil
  ) throws -> String {
    let activity = NewActivity(
      id: id, practitioner: who, date: Day(date)!, kind: kind, hours: hours, title: "\(kind.rawValue) on \(date)",
      module: module, claims: claims.map { ClaimedLevel($0)! }, reflection: reflection, evidence: evidence,
      supersedes: supersedes, signOff: signOff)
    return try store.log([try rules.check(activity)], source: "test", frameworkVersion: framework.version, actor: Self.actor)[0]
  }

  /// Signs off through the rules, as `cpd verify` does.
  func signOff(_ activity: String, _ decision: SignOffStatus = .verified, by: String = "mgr", note: String? = nil, on: Day = today)
    throws
  {
    try store.signOff([try rules.checkSignOff(activity: activity, decision: decision, by: by, note: note, on: on)], actor: Self.actor)
  }

  func assess(_ who: String, _ competency: String, _ level: Int, on date: String) throws {
    try store.assess([try rules.checkAssessment(practitioner: who, competency: competency, level: level, on: Day(date)!)], actor: Self.actor)
  }

  func sql(_ text: String) throws {
    if let pg = store as? PostgresStore { try pg.unsafeExecute(text) } else { try sqlite.unsafeExecute(text) }
  }

  func scalar(_ text: String) throws -> String? {
    if let pg = store as? PostgresStore { return try pg.unsafeScalar(text) }
    return try sqlite.unsafeScalar(text)
  }
}

/// The message a throwing body fails with (nil when it does not throw).
func failure(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return "\(error)"
  }
}
