import Competency
import Foundation
import Records
import TestSupport
import Testing
import Workforce

@testable import RecordsSQLite

/// A batch writes its plain activities many rows to a statement (`ActivityInserter.flush`):
/// the store must hold exactly what writing them one at a time holds, and refuse exactly what it
/// refuses, naming the same row and storing nothing.
@Suite struct BatchWriteTests {
  /// `count` plain activities with given ids, spread over people and days (none reaches 24 hours).
  func rows(_ f: StoreFixture, _ count: Int, id: (Int) -> String? = { "act-\($0)" }) throws -> [CheckedActivity] {
    try (0..<count).map { i throws(RecordsError) in
      try f.rules.check(
        NewActivity(
          id: id(i), practitioner: i % 3 == 0 ? "p2" : "p1", date: Day("2026-03-01")!.adding(days: -(i % 400)),
          kind: ActivityKind.allCases[i % ActivityKind.allCases.count], hours: Hours(hundredths: 25 + i % 7 * 25),
          title: "Activity \(i)", reflection: i % 5 == 0 ? "What I learnt from activity \(i)" : nil)
      ).located("row \(i + 2)")
    }
  }

  static let activitiesSQL = """
    SELECT group_concat(aid || '|' || practitioner || '|' || day || '|' || kind || '|' || coalesce(centihours, '-') || '|'
      || participatory || '|' || coalesce(module, '-') || '|' || claims || '|' || status || '|' || coalesce(supersedes, '-') || '|'
      || reflection_words, char(10)) FROM (SELECT * FROM activities ORDER BY aid)
    """
  static let detailsSQL = """
    SELECT group_concat(aid || '|' || id || '|' || title || '|' || coalesce(reflection, '-') || '|' || source || '|'
      || coalesce(xapi_id, '-') || '|' || framework_version, char(10)) FROM (SELECT * FROM activity_details ORDER BY aid)
    """

  func contents(_ f: StoreFixture) throws -> [String?] {
    try [Self.activitiesSQL, Self.detailsSQL, "SELECT group_concat(name || seq) FROM sqlite_sequence"].map { try f.scalar($0) }
  }

  func log(_ f: StoreFixture, _ batch: [CheckedActivity]) throws -> [String] {
    try f.store.log(batch, source: "test", frameworkVersion: f.framework.version, actor: StoreFixture.actor)
  }

  @Test func aBatchStoresWhatOneAtATimeStores() throws {
    // Two full statements' worth and a remainder, after an activity already stored.
    let count = ActivityInserter.rowsPerStatement * 2 + 5
    let together = try StoreFixture()
    let apart = try StoreFixture()
    for f in [together, apart] { try f.log("p1", "2026-01-05", .workshop, id: "first") }
    let batch = try rows(together, count)
    let ids = try log(together, batch)
    #expect(ids == batch.map { $0.value.id! })
    for activity in batch { _ = try log(apart, [activity]) }
    #expect(try contents(together) == contents(apart))
    #expect(try together.scalar("SELECT count(*) FROM activities") == String(count + 1))
    #expect(try together.store.verifyAudit().firstBroken == nil)
    #expect(try apart.store.verifyAudit().firstBroken == nil)
    #expect(try together.store.activity("act-70")?.title == "Activity 70")
  }

  @Test func generatedIDsAreKeptInOrder() throws {
    let f = try StoreFixture()
    let batch = try rows(f, ActivityInserter.rowsPerStatement + 3, id: { _ in nil })
    let ids = try log(f, batch)
    #expect(ids.count == batch.count)
    #expect(Set(ids).count == ids.count)
    let stored = try f.scalar("SELECT group_concat(id, ',') FROM (SELECT id FROM activity_details ORDER BY aid)")
    #expect(stored == ids.joined(separator: ","))
    #expect(try f.store.verifyAudit().firstBroken == nil)
  }

  /// A refusal leaves the store as it was: no rows, no audit entry.
  func expectRefused(_ f: StoreFixture, _ batch: [CheckedActivity], naming row: String, _ message: String) throws {
    let audit = try f.scalar("SELECT count(*) FROM audit")
    let activities = try f.scalar("SELECT count(*) FROM activities")
    let refusal = failure { _ = try log(f, batch) }
    #expect(refusal?.hasPrefix(row + ": ") == true, "\(refusal ?? "accepted")")
    #expect(refusal?.contains(message) == true, "\(refusal ?? "accepted")")
    #expect(try f.scalar("SELECT count(*) FROM activities") == activities)
    #expect(try f.scalar("SELECT count(*) FROM audit") == audit)
    #expect(try f.store.verifyAudit().firstBroken == nil)
  }

  @Test func aBadRowAtTheEndOfALargeBatchStoresNothing() throws {
    let f = try StoreFixture()
    var batch = try rows(f, 5000)
    // The last row repeats the first one's id: only the unique index can tell.
    batch[4999] = try rows(f, 1, id: { _ in "act-0" })[0].located("row 5001")
    try expectRefused(f, batch, naming: "row 5001", "activity \"act-0\" already exists")
    // And the same when the last row names no one the store knows.
    batch = try rows(f, 5000)
    batch[4999] = try f.rules.check(NewActivity(practitioner: "nobody", date: Day("2026-03-01")!, kind: .reading, hours: 1, title: "x"))
      .located("row 5001")
    try expectRefused(f, batch, naming: "row 5001", "unknown practitioner \"nobody\"")
    // The indexes set aside for the load are back.
    #expect(try f.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'activities_by_practitioner'") == "1")
  }

  @Test func aClashInsideOneStatementNamesItsOwnRow() throws {
    let f = try StoreFixture()
    try f.log("p1", "2026-01-05", .workshop, id: "stored")
    var batch = try rows(f, ActivityInserter.rowsPerStatement * 2)
    batch[70] = try rows(f, 1, id: { _ in "act-3" })[0].located("row 72")
    try expectRefused(f, batch, naming: "row 72", "activity \"act-3\" already exists")
    batch = try rows(f, ActivityInserter.rowsPerStatement * 2)
    batch[10] = try rows(f, 1, id: { _ in "stored" })[0].located("row 12")
    try expectRefused(f, batch, naming: "row 12", "activity \"stored\" already exists")
  }

  @Test func theFirstRefusedRowIsTheOneNamed() throws {
    let f = try StoreFixture()
    var batch = try rows(f, 40)
    // Row 7 clashes (found when its statement runs); row 30 names no one (found as it comes).
    batch[5] = try rows(f, 1, id: { _ in "act-1" })[0].located("row 7")
    batch[28] = try f.rules.check(NewActivity(practitioner: "nobody", date: Day("2026-03-01")!, kind: .reading, hours: 1, title: "x"))
      .located("row 30")
    try expectRefused(f, batch, naming: "row 7", "activity \"act-1\" already exists")
  }

  @Test func aCorrectionInTheBatchFindsTheRowsBeforeIt() throws {
    let f = try StoreFixture()
    var batch = try rows(f, ActivityInserter.rowsPerStatement + 10)
    // Row 50's activity is still waiting to be written when its correction comes.
    batch.append(
      try f.rules.check(
        NewActivity(
          id: "fix", practitioner: batch[50].value.practitioner, date: batch[50].value.date, kind: .reading, hours: 1,
          title: "Corrected", supersedes: "act-50")
      ).located("row 76"))
    batch += try rows(f, 10, id: { "late-\($0)" })
    _ = try log(f, batch)
    #expect(try f.store.activity("act-50")?.supersededBy == "fix")
    #expect(try f.scalar("SELECT count(*) FROM activities") == String(batch.count))
    #expect(try f.store.verifyAudit().firstBroken == nil)
  }

  /// A batch is written with SQLite's own reference lookups off, each reference having been found
  /// first: what it leaves must still pass `foreign_key_check`, and the connection checks
  /// references again afterwards, whether the batch was stored or refused.
  @Test func aBatchLeavesEveryReferenceWholeAndTheChecksOnAgain() throws {
    let f = try StoreFixture()
    let verified = PresetSignOff(decision: .verified, verifier: "mgr", note: nil, date: Day("2026-03-02")!)
    let file = f.dir.path + "/certificate.txt"
    try Data("attended".utf8).write(to: URL(fileURLWithPath: file))
    var batch = try rows(f, ActivityInserter.rowsPerStatement + 3)
    for (id, extra) in [("signed", verified), ("with-file", nil)] {
      batch.append(
        try f.rules.check(
          NewActivity(
            id: id, practitioner: "p1", date: Day("2026-03-02")!, kind: .classroom, hours: 1, title: id,
            evidence: extra == nil ? [EvidenceFile(path: file, name: "certificate.txt")] : [], signOff: extra)))
    }
    batch.append(
      try f.rules.check(
        NewActivity(id: "fix", practitioner: "p1", date: Day("2026-03-01")!, kind: .reading, hours: 1, title: "Fix", supersedes: "act-1")))
    _ = try log(f, batch)
    #expect(try f.scalar("SELECT count(*) FROM pragma_foreign_key_check") == "0")
    #expect(try f.scalar("SELECT count(*) FROM signoffs") == "1")
    #expect(try f.scalar("SELECT count(*) FROM evidence_files") == "1")
    #expect(try f.scalar("PRAGMA foreign_keys") == "1")
    #expect(throws: RecordsError.self) { _ = try log(f, try rows(f, 2, id: { _ in "signed" })) }
    #expect(try f.scalar("PRAGMA foreign_keys") == "1")
    let orphan = "INSERT INTO activities (practitioner, day, kind, centihours, participatory) VALUES (9999, 20000, 0, 100, 1)"
    #expect(throws: RecordsError.self) { try f.sql(orphan) }
  }

  /// New stores are made with 16 KiB pages (a quarter of the WAL frames a bulk import commits).
  @Test func aNewStoreHasLargePages() throws {
    let f = try StoreFixture()
    #expect(try f.scalar("PRAGMA page_size") == String(SQLiteStore.pageSize))
    #expect(SQLiteStore.pageSize == 16_384)
  }
}
