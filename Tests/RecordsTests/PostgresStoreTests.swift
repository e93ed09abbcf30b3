import Competency
import Foundation
import Records
import RecordsPostgres
import TestSupport
import Testing
import Workforce

/// What only the network store has: migrations recorded in the database, and many writers at once.
@Suite struct PostgresStoreTests {
  let server = PostgresServer.shared

  @Test func anOlderStoreIsMigratedByItsOwnerAndANewerOneRefused() throws {
    let dir = TemporaryDirectory("cpd-pg")
    let name = server.newDatabaseName("migrate")
    let address = server.address(name)
    let keys = dir.file("keys")
    let old = try PostgresStore.open(address, access: .create, keys: keys, upTo: 1)
    #expect(try old.schemaVersions() == [1])
    let framework = MiniFramework.load()
    let rules = RecordRules(frameworks: [framework], today: Day("2026-06-30")!)
    // What a store of that schema held (written as that version's tool wrote it: this one writes the newest).
    try server.psql(
      name, "INSERT INTO cpd.practitioners (id, name, agency, team, role, created_at) VALUES ('p1', 'Rhys', 'la-n', 't', 'officer', 'x')")
    // Reading never migrates: an older store is refused.
    #expect(throws: RecordsError.olderStore(path: address, version: 1, latest: PostgresStore.latestSchema)) {
      try PostgresStore.open(address, access: .read, keys: keys)
    }
    let migrated = try PostgresStore.open(address, access: .write, keys: keys)
    #expect(try migrated.schemaVersions() == Array(1...PostgresStore.latestSchema))
    #expect(try migrated.auditEntries().filter { $0.action == "store.migrate" }.count == PostgresStore.latestSchema - 1)
    #expect(try migrated.practitioner("p1")?.name == "Rhys")
    #expect(try migrated.verifyAudit().isIntact)
    // The migrated schema takes what the newest does: an activity whose hours are to be confirmed.
    var waiting = NewActivity(practitioner: "p1", date: Day("2026-03-01")!, kind: .eLearning, hours: .zero, title: "Course")
    waiting.needsHours = true
    _ = try migrated.log([try rules.check(waiting)], source: "test", frameworkVersion: framework.version, actor: .system("test"))
    #expect(try migrated.activities(of: "p1").first?.needsHours == true)
    // A store a newer cpd made is refused, for reading and writing alike.
    try server.psql(name, "INSERT INTO cpd.schema_migrations VALUES (99, 'from the future', 'x')")
    for access in [PostgresStore.Access.read, .write] {
      #expect(throws: RecordsError.newerStore(path: address, version: 99, known: PostgresStore.latestSchema)) {
        try PostgresStore.open(address, access: access, keys: keys)
      }
    }
  }

  @Test func concurrentWritersKeepOneValidAuditChain() throws {
    let dir = TemporaryDirectory("cpd-pg")
    let address = server.address(server.newDatabaseName("writers"))
    let keys = dir.file("keys")
    let first = try PostgresStore.open(address, access: .create, keys: keys)
    let framework = MiniFramework.load()
    let rules = RecordRules(frameworks: [framework], today: Day("2026-06-30")!)
    let writers = 8
    let each = 15
    try first.add(
      try (0..<writers).map { try rules.check(NewPractitioner(id: "p\($0)", name: "P \($0)", agency: "la-n", team: "t", role: "officer")) }
        + [try rules.check(NewPractitioner(id: "lead", name: "Lead", agency: "la-n", team: "t", role: "manager"))],
      actor: .system("test"))
    let failures = Failures()
    DispatchQueue.concurrentPerform(iterations: writers) { w in
      do {
        let store = try PostgresStore.open(address, access: .write, keys: keys)
        for i in 0..<each {
          let activity = NewActivity(
            practitioner: "p\(w)", date: Day(ordinal: Day("2026-01-01")!.ordinal + Int32(i)), kind: .reading, hours: 1,
            title: "Reading \(i)")
          let id = try store.log([try rules.check(activity)], source: "test", frameworkVersion: framework.version, actor: .system("w\(w)"))[0]
          if i % 3 == 0 {
            try store.signOff(
              [try rules.checkSignOff(activity: id, decision: .verified, by: "lead", note: nil, on: Day("2026-06-01")!)],
              actor: .system("w\(w)"))
          }
        }
      } catch {
        failures.add("\(error)")
      }
    }
    #expect(failures.all.isEmpty, "\(failures.all)")
    #expect(try first.activityCount() == writers * each)
    let check = try first.verifyAudit()
    #expect(check.isIntact, "\(check)")
    let seqs = try first.auditEntries().map(\.seq)
    #expect(seqs == Array(1...Int64(seqs.count)))
  }
}

final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [String] = []
  func add(_ s: String) {
    lock.lock()
    list.append(s)
    lock.unlock()
  }
  var all: [String] {
    lock.lock()
    defer { lock.unlock() }
    return list
  }
}
