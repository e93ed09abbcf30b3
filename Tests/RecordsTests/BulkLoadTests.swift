import Competency
import Foundation
import Records
import TestSupport
import Testing
import Workforce

@testable import RecordsSQLite

/// A batch into an empty activities table builds its non-unique indexes once, at the end, in the
/// same transaction: the schema, the rows and the audit are as if they had been kept row by row.
@Suite struct BulkLoadTests {
  static let indexesSQL = "SELECT group_concat(name || ': ' || sql, char(10)) FROM (SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name)"

  func batch(_ f: StoreFixture, _ rows: [(String, String)]) throws -> [CheckedActivity] {
    try rows.enumerated().map { (i, row) throws(RecordsError) in
      try f.rules.check(NewActivity(practitioner: row.0, date: Day(row.1)!, kind: .reading, hours: 2, title: "r\(i)"))
    }
  }

  @Test func aBatchIntoAnEmptyTableKeepsTheIndexesAndTheAudit() throws {
    let f = try StoreFixture()
    let before = try f.scalar(Self.indexesSQL)
    #expect(before?.contains("activities_by_practitioner") == true)
    let ids = try f.store.log(
      try batch(f, [("p1", "2026-03-01"), ("p2", "2026-03-01"), ("p1", "2026-03-02")]), source: "test",
      frameworkVersion: f.framework.version, actor: StoreFixture.actor)
    #expect(ids.count == 3)
    #expect(try f.scalar(Self.indexesSQL) == before)
    #expect(try f.scalar("SELECT count(*) FROM activities INDEXED BY activities_by_practitioner WHERE practitioner > 0") == "3")
    #expect(try f.store.verifyAudit().firstBroken == nil)
    // The 24-hour rule still sees the first batch's rows through the index.
    #expect(
      failure {
        _ = try f.store.log(
          try batch(f, Array(repeating: ("p1", "2026-03-01"), count: 12)), source: "test", frameworkVersion: f.framework.version,
          actor: StoreFixture.actor)
      }?.contains("more than the 24 in a day") == true)
  }

  @Test func aRefusedBatchIntoAnEmptyTableLeavesTheIndexes() throws {
    let f = try StoreFixture()
    let before = try f.scalar(Self.indexesSQL)
    let message = failure {
      _ = try f.store.log(
        try batch(f, Array(repeating: ("p1", "2026-03-01"), count: 13)), source: "test", frameworkVersion: f.framework.version,
        actor: StoreFixture.actor)
    }
    #expect(message?.contains("more than the 24 in a day") == true)
    #expect(try f.scalar("SELECT count(*) FROM activities") == "0")
    #expect(try f.scalar(Self.indexesSQL) == before)
    #expect(try f.store.verifyAudit().firstBroken == nil)
  }
}
