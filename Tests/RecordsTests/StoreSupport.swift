import Competency
import Foundation
import TestSupport
@testable import Records

/// A fresh store on the mini framework with a manager and two officers.
struct StoreFixture {
  let dir = TemporaryDirectory("cpd-records")
  let store: SQLiteStore
  let framework = MiniFramework.load()
  let rules: RecordRules
  static let today = Day("2026-06-30")!

  init(people: Bool = true) throws {
    store = try SQLiteStore.open(at: dir.file("store.sqlite"), create: true)
    try store.bind(framework: framework)
    rules = RecordRules(frameworks: [framework], today: Self.today)
    if people {
      try store.add(
        [
          NewPractitioner(id: "mgr", name: "Megan Hughes", email: "megan@example.org", agency: "la-n", team: "North CSP", role: "manager"),
          NewPractitioner(id: "p1", name: "Rhys Evans", email: "rhys@example.org", agency: "la-n", team: "North CSP", role: "officer", manager: "mgr"),
          NewPractitioner(id: "p2", name: "Siân Lloyd", agency: "pol-n", team: "North CSP", role: "officer", manager: "mgr", language: "cy"),
        ], actor: .system("test"))
    }
  }

  /// Logs one activity through the rules, as `cpd log` does.
  @discardableResult
  func log(
    _ who: String, _ date: String, _ kind: ActivityKind, hours: Double = 3, module: String? = nil,
    claims: [String] = [], id: String? = nil, supersedes: String? = nil, reflection: String? = nil,
    evidence: [EvidenceFile] = []
  ) throws -> String {
    let explicit = claims.map { ClaimedLevel($0)! }
    let activity = NewActivity(
      id: id, practitioner: who, date: Day(date)!, kind: kind, hours: hours, title: "\(kind.rawValue) on \(date)",
      module: module, claims: try rules.claims(module: module, explicit: explicit), reflection: reflection,
      evidence: evidence, supersedes: supersedes)
    try rules.check(activity)
    return try store.log([activity], source: "test", frameworkVersion: framework.version, actor: .system("test"))[0]
  }

  func sql(_ text: String) throws { try store.db.execute(text) }

  func scalar(_ text: String) throws -> String? { try store.db.scalar(text) }
}

extension RecordsError {
  var message: String { description }
}
