import Competency
import Foundation
import Records
import TestSupport
import Testing
import Workforce

@testable import RecordsSQLite

/// What only the SQLite backend has: its file, its pragmas, its migrations, its triggers.
@Suite struct SQLiteOpeningTests {
  @Test func freshStoreUsesWALForeignKeysAndRecordsItsMigrations() throws {
    let f = try StoreFixture(people: false)
    #expect(try f.store.schemaVersions() == Array(1...SQLiteStore.schemaVersion))
    #expect(try f.scalar("PRAGMA journal_mode") == "wal")
    #expect(try f.scalar("PRAGMA foreign_keys") == "1")
    #expect(try f.sqlite.meta("framework_id") == "mini")
    #expect(try f.store.frameworkBinding() == FrameworkBinding(id: "mini", version: "1.0.0"))
  }

  /// Migration 1 is frozen literal SQL: the kinds it lists are the codes `ActivityKind` gives.
  /// A statement inside a longer transaction keeps an undo record of the pages it changes. On
  /// Debian's SQLite (3.40.1), one allowed to grow in memory past 128 KiB fails with "database or
  /// disk is full" when it passes that limit and spills to a file: here, 22 MB of rows written
  /// again into the pages a DELETE freed in the same transaction (the 100,000-person demo's
  /// index build did the same). Statement journals are therefore kept in memory whatever their size.
  @Test func aStatementWithALargeUndoRecordStillSucceeds() throws {
    let f = try StoreFixture(people: false)
    let rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)"
    try f.sql(
      """
      CREATE TABLE scratch (a INTEGER PRIMARY KEY, b TEXT);
      \(rows) INSERT INTO scratch (b) SELECT printf('%.100c', 'x') FROM n;
      BEGIN IMMEDIATE;
      DELETE FROM scratch;
      \(rows) INSERT INTO scratch (b) SELECT printf('%.100c', 'y') FROM n;
      COMMIT;
      """)
    #expect(try f.scalar("SELECT count(*) FROM scratch WHERE b LIKE 'y%'") == "200000")
  }

  /// A `cpd log` killed while it wrote the journal of the files it was about to add leaves only
  /// that journal's temporary file (no journal yet, no file copied): the next writer removes it.
  @Test func aJournalKilledHalfWrittenIsClearedByTheNextWriter() throws {
    let f = try StoreFixture()
    let file = f.dir.write("certificate.txt", "ACE TIME attendance certificate")
    try f.log("p1", "2026-03-01", .classroom, evidence: [EvidenceFile(path: file, name: "certificate.txt")])
    let folder = f.sqlite.path + "-evidence"
    let stranded = folder + "/.adding.tmp-4242-77"
    #expect(FileManager.default.createFile(atPath: stranded, contents: Data("9".utf8)))
    _ = try SQLiteStore.open(at: f.sqlite.path, access: .write)
    #expect(!FileManager.default.fileExists(atPath: stranded))
    #expect(try f.store.activities(of: "p1")[0].evidence.count == 1)
  }

  @Test func theFrozenKindsTableMatchesTheKindCodes() throws {
    let f = try StoreFixture(people: false)
    #expect(!Schema.initial.contains("\\("))
    for kind in ActivityKind.allCases {
      #expect(try f.scalar("SELECT name FROM activity_kinds WHERE code = \(kind.code)") == kind.rawValue)
    }
    #expect(try f.scalar("SELECT count(*) FROM activity_kinds") == String(ActivityKind.allCases.count))
  }

  @Test func olderStoreIsMigratedKeepingItsData() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("old.sqlite")
    do {
      let old = try SQLiteStore.open(at: path, access: .create, migrateUpTo: 2)
      #expect(try old.schemaVersions() == [1, 2])
      try old.unsafeExecute(
        """
        INSERT INTO practitioners (id, name, agency, team, role, created_at) VALUES ('kept', 'Kept Person', 'la-n', 't', 'officer', 'x');
        INSERT INTO activities (practitioner, day, kind, hours, participatory, claims, reflective) VALUES (1, 20000, 10, 1, 0, '', 1);
        INSERT INTO activity_details (aid, id, title, reflection, source, framework_version, recorded_at)
          VALUES (1, 'A-OLD', 'Old', '  Wrote   a short  reflection ', 'test', '1.0.0', 'x');
        """)
    }
    // A command that only reads refuses to migrate, and changes nothing.
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(throws: RecordsError.olderStore(path: path, version: 2, latest: SQLiteStore.schemaVersion)) { try SQLiteStore.open(at: path, access: .read) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    let store = try SQLiteStore.open(at: path, access: .write)
    #expect(try store.schemaVersions() == Array(1...SQLiteStore.schemaVersion))
    #expect(try store.practitioner("kept")?.name == "Kept Person")
    #expect(try store.unsafeScalar("SELECT reflection_words FROM activities WHERE aid = 1") == "4")
    #expect(try store.auditEntries().last?.action == "store.migrate")
    #expect(try store.integrityProblems().isEmpty)
  }

  @Test func newerStoreIsRefused() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("new.sqlite")
    do {
      let store = try SQLiteStore.open(at: path, access: .create)
      try store.unsafeExecute("INSERT INTO schema_migrations VALUES (99, 'from the future', 'x')")
    }
    #expect(throws: RecordsError.newerStore(path: path, version: 99, known: SQLiteStore.schemaVersion)) { try SQLiteStore.open(at: path, access: .write) }
    #expect(throws: RecordsError.newerStore(path: path, version: 99, known: SQLiteStore.schemaVersion)) { try SQLiteStore.open(at: path, access: .read) }
  }

  /// Anything that is not a cpd store is refused, and left byte for byte as it was.
  @Test(arguments: [SQLiteStore.Access.read, .write, .create])
  func foreignFilesAreRefusedAndLeftAlone(_ access: SQLiteStore.Access) throws {
    let dir = TemporaryDirectory()
    if access != .create {
      #expect(throws: RecordsError.missingStore(dir.file("none.sqlite"))) { try SQLiteStore.open(at: dir.file("none.sqlite"), access: access) }
    }
    let junk = dir.write("junk.sqlite", String(repeating: "not a database ", count: 400))
    let other = dir.file("other.sqlite")
    // Another program's SQLite database: a table, no cpd migrations, in rollback-journal mode.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sqlite3", other, "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine');"]
    try process.run()
    process.waitUntilExit()
    let emptyDatabase = dir.file("empty.db")
    FileManager.default.createFile(atPath: emptyDatabase, contents: Data())
    let cases: [(String, String)] = [
      (junk, "not a SQLite database"), (other, "a SQLite database without cpd's migrations table"),
    ] + (access == .create ? [] : [(emptyDatabase, "the file is empty; 'cpd init' makes a store in it")])
    for (path, reason) in cases {
      let before = try Data(contentsOf: URL(fileURLWithPath: path))
      #expect(throws: RecordsError.notAStore(path: path, reason: reason)) { try SQLiteStore.open(at: path, access: access) }
      #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(path) changed")
      #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
      #expect(!FileManager.default.fileExists(atPath: path + "-keys"), "keys were made beside \(path)")
    }
  }

  @Test func initMakesAStoreInAnEmptyFile() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("empty.sqlite")
    FileManager.default.createFile(atPath: path, contents: Data())
    let store = try SQLiteStore.open(at: path, access: .create)
    #expect(store.isNew)
    #expect(try store.schemaVersions() == Array(1...SQLiteStore.schemaVersion))
  }

  @Test func aReadOnlyOpenNeverWrites() throws {
    let f = try StoreFixture()
    try f.log("p1", "2026-03-01", .reading)
    let path = f.sqlite.path
    let reader = try SQLiteStore.open(at: path, access: .read)
    #expect(try reader.activities(of: "p1").count == 1)
    #expect(throws: RecordsError.self) { try reader.add([try f.rules.check(NewPractitioner(id: "z", name: "Z", agency: "la-n", team: "t", role: "officer"))], actor: .owner) }
  }
}

@Suite struct SQLiteRuleTests {
  @Test func signedOffActivitiesAreNeverEditedInPlace() throws {
    let f = try StoreFixture()
    let id = try f.log("p1", "2026-03-01", .classroom, hours: 3)
    #expect(throws: RecordsError.self) { try f.sql("UPDATE activities SET hours = 4") }
    try f.signOff(id)
    #expect(failure { try f.sql("UPDATE activities SET status = 0") }?.contains("a signed-off activity is never edited") == true)
    #expect(throws: RecordsError.self) { try f.sql("UPDATE activity_details SET title = 'changed'") }
  }

  @Test func tamperedAndRemovedEntriesAreDetected() throws {
    let f = try StoreFixture()
    let id = try f.log("p1", "2026-03-01", .classroom)
    try f.signOff(id)
    #expect(throws: RecordsError.self) { try f.sql("DELETE FROM audit") }
    #expect(throws: RecordsError.self) { try f.sql("UPDATE audit SET action = 'x'") }
    try f.sql("DROP TRIGGER audit_is_append_only_update")
    try f.sql("UPDATE audit SET actor = 'system:someone-else' WHERE seq = 3")
    let broken = try f.store.verifyAudit()
    #expect(broken.firstBroken?.seq == 3)
    #expect(broken.firstBroken?.reason == "its content does not match its hash")
    try f.sql("DROP TRIGGER audit_is_append_only_delete")
    try f.sql("DELETE FROM audit WHERE seq = 2")
    #expect(try f.store.verifyAudit().firstBroken?.seq == 3)
  }
}

@Suite struct SQLiteSnapshotTests {
  /// Everything one read does sees one snapshot, even while another connection commits.
  @Test func aReadSeesOneSnapshot() throws {
    let f = try StoreFixture()
    try f.log("p1", "2026-03-01", .reading, hours: 1)
    let other = try SQLiteStore.open(at: f.sqlite.path, access: .write)
    let otherRules = f.rules
    let (first, second) = try f.sqlite.db.read { c -> (String?, String?) in
      let first = try c.scalar("SELECT count(*) FROM activities")
      let activity = try otherRules.check(
        NewActivity(practitioner: "p2", date: Day("2026-03-02")!, kind: .reading, hours: 1, title: "meanwhile"))
      _ = try other.log([activity], source: "test", frameworkVersion: "1.0.0", actor: .owner)
      return (first, try c.scalar("SELECT count(*) FROM activities"))
    }
    #expect(first == "1")
    #expect(second == "1")
    #expect(try f.store.activityCount() == 2)
  }

  /// Parallel readers prove they share the snapshot of the read that started them; one that does
  /// not (a write landed in between) makes the read start again.
  @Test func parallelReadersThatSeeAnotherSnapshotAreRetried() throws {
    let dir = TemporaryDirectory()
    let store = try SQLiteStore.open(at: dir.file("s.sqlite"), access: .create, rowsPerParallelReader: 1)
    let framework = MiniFramework.load()
    let rules = RecordRules(frameworks: [framework], today: StoreFixture.today)
    try store.add([try rules.check(NewPractitioner(id: "p1", name: "P", agency: "la-n", team: "t", role: "officer"))], actor: .owner)
    let activities = try (1...6).map { i throws(RecordsError) in
      try rules.check(NewActivity(practitioner: "p1", date: Day("2026-03-0\(i)")!, kind: .reading, hours: 1, title: "r\(i)"))
    }
    _ = try store.log(activities, source: "test", frameworkVersion: "1.0.0", actor: .owner)
    let catalog = CompetencyCatalog([framework])
    let tables = SQLiteStore.LookupTables(
      competencies: ByteKeyTable([]), modules: ByteKeyTable([]), pidToPerson: [-1, 0], superseded: [])
    let stale = try store.db.read { c in try store.readAllActivities(c, tables, auditHead: "0") }
    #expect(stale == nil)
    let current = try store.db.read { c in
      try store.readAllActivities(c, tables, auditHead: try c.scalar("SELECT max(seq) FROM audit") ?? "")
    }
    #expect(current?.count == 2)
    #expect(current?.reduce(0) { $0 + $1.items.count } == 6)
    #expect(try store.workforce(catalog: catalog, framework: framework, filter: .everyone).items.count == 6)
  }
}

@Suite struct TrustMigrationTests {
  /// A store from before entries covered rows: after migration its audit names no chosen text
  /// and no operator, the chain still holds (worked out again), numbers an erased person held are
  /// never given out again, and the migration's entry vouches for every row already there.
  @Test func migratingAnOlderStoreRemovesChosenTextAndKeepsNumbersUnique() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("v3.sqlite")
    do {
      let old = try SQLiteStore.open(at: path, access: .create, migrateUpTo: 3)
      let entries = try old.auditEntries()
      var prev = entries.last!.hash
      var seq = entries.last!.seq
      var sql = """
        INSERT INTO practitioners (pid, id, name, agency, team, role, created_at) VALUES (1, 'kept', 'Kept Person', 'la-n', 't', 'officer', 'x');
        INSERT INTO activities (aid, practitioner, day, kind, hours, participatory, claims, reflection_words) VALUES (1, 1, 20000, 10, 0.7, 0, '', 0);
        INSERT INTO activity_details (aid, id, title, source, framework_version, recorded_at)
          VALUES (1, 'jane-doe-disciplinary-course', 'Old', 'test', '1.0.0', 'x');
        """
      // What the old code wrote: an operator's name, a chosen activity id, an erased person #7.
      for (actor, action, subject, detail) in [
        ("system:alice", "practitioners.add", "practitioners#1-7", #"{"count":7}"#),
        ("system:alice", "activity.log", "activity#9", #"{"id":"jane-doe-disciplinary-course","source":"cli"}"#),
        ("system:alice", "practitioner.erase", "practitioner#7", #"{"activities":0,"files":0}"#),
      ] {
        seq += 1
        var e = AuditEntry(seq: seq, at: "2026-01-01T00:00:00Z", actor: actor, action: action, subject: subject, detail: detail, prev: prev, hash: "")
        e.hash = e.expectedHash
        sql += "INSERT INTO audit (seq, at, actor, action, subject, detail, prev, hash) VALUES (\(seq), '\(e.at)', '\(actor)', '\(action)', '\(subject)', '\(detail)', '\(prev)', '\(e.hash)');\n"
        prev = e.hash
      }
      try old.unsafeExecute(sql)
      #expect(try old.verifyAudit().isIntact)
    }
    let store = try SQLiteStore.open(at: path, access: .write)
    #expect(try store.schemaVersions() == Array(1...SQLiteStore.schemaVersion))
    let check = try store.verifyAudit()
    #expect(check.isIntact, "\(String(describing: check.firstBroken))")
    let text = try store.auditEntries().map { "\($0.actor) \($0.detail)" }.joined(separator: "\n")
    #expect(!text.contains("alice"))
    #expect(!text.contains("jane-doe"))
    #expect(try store.activity("jane-doe-disciplinary-course")?.hours == Hours(hundredths: 70))
    // Numbers go on above every one the log ever named.
    let rules = RecordRules(frameworks: [MiniFramework.load()], today: StoreFixture.today)
    try store.add([try rules.check(NewPractitioner(id: "next", name: "Next Person", agency: "la-n", team: "t", role: "officer"))], actor: .owner)
    #expect(try store.unsafeScalar("SELECT pid FROM practitioners WHERE id = 'next'") == "8")
    let activity = try rules.check(NewActivity(practitioner: "next", date: Day("2026-03-01")!, kind: .reading, hours: 1, title: "t"))
    _ = try store.log([activity], source: "test", frameworkVersion: "1.0.0", actor: .owner)
    #expect(try store.unsafeScalar("SELECT max(aid) FROM activities") == "10")
    // The migration's entry covers the row that was there.
    let anchor = try #require(try store.auditEntries().first { $0.action == "store.migrate" && $0.detail.contains("4") })
    #expect(AuditCoverage(text: anchor.rows)?.activities == 1...1)
    #expect(try store.verifyAudit().isIntact)
  }
}
