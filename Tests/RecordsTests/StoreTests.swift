import Competency
import Foundation
import TestSupport
import Testing
import Workforce

@testable import Records

@Suite struct StoreOpeningTests {
  @Test func freshStoreUsesWALForeignKeysAndRecordsItsMigrations() throws {
    let f = try StoreFixture(people: false)
    #expect(try f.store.schemaVersions() == [1, 2])
    #expect(try f.scalar("PRAGMA journal_mode") == "wal")
    #expect(try f.scalar("PRAGMA foreign_keys") == "1")
    #expect(try f.store.meta("framework_id") == "mini")
  }

  @Test func olderStoreIsMigratedKeepingItsData() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("old.sqlite")
    do {
      let old = try SQLiteStore.open(at: path, create: true, migrateUpTo: 1)
      #expect(try old.schemaVersions() == [1])
      try old.add(NewPractitioner(id: "kept", name: "Kept Person", agency: "la-n", team: "t", role: "officer"), actor: .system("t"))
    }
    let store = try SQLiteStore.open(at: path)
    #expect(try store.schemaVersions() == [1, 2])
    #expect(try store.practitioner("kept")?.name == "Kept Person")
    try store.assess(practitioner: "kept", competency: "C-INF", level: 2, on: Day("2026-01-01")!, actor: .system("t"))
    #expect(try store.selfAssessments(of: "kept").count == 1)
  }

  @Test func newerStoreIsRefused() throws {
    let dir = TemporaryDirectory()
    let path = dir.file("new.sqlite")
    do {
      let store = try SQLiteStore.open(at: path, create: true)
      try store.db.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', 'x')")
    }
    #expect(throws: RecordsError.newerStore(path: path, version: 99, known: 2)) { try SQLiteStore.open(at: path) }
  }

  @Test func missingAndForeignFilesAreRefused() throws {
    let dir = TemporaryDirectory()
    #expect(throws: RecordsError.missingStore(dir.file("none.sqlite"))) { try SQLiteStore.open(at: dir.file("none.sqlite")) }
    let junk = dir.write("junk.sqlite", String(repeating: "not a database ", count: 400))
    do {
      _ = try SQLiteStore.open(at: junk)
      Issue.record("expected a refusal")
    } catch {
      #expect(error.description == "\(junk): not a cpd records store (not a SQLite database)")
    }
  }
}

@Suite struct PractitionerTests {
  @Test func addsAndListsByTeam() throws {
    let f = try StoreFixture()
    try f.store.add(NewPractitioner(id: "x1", name: "Other", agency: "la-s", team: "South", role: "officer"), actor: .system("t"))
    #expect(try f.store.practitioners(team: "North CSP").map(\.id) == ["mgr", "p1", "p2"])
    #expect(try f.store.practitioners().count == 4)
    #expect(try f.store.practitioner("p1")?.manager == "mgr")
    #expect(try f.store.practitioner("p2")?.language == "cy")
  }

  @Test func refusesDuplicatesAndUnknownManagers() throws {
    let f = try StoreFixture()
    #expect(throws: RecordsError.invalid("id: practitioner \"p1\" already exists")) {
      try f.store.add(NewPractitioner(id: "p1", name: "Again", agency: "la-n", team: "t", role: "officer"), actor: .system("t"))
    }
    #expect(throws: RecordsError.invalid("manager: unknown practitioner \"nobody\"")) {
      try f.store.add(
        NewPractitioner(id: "p9", name: "New", agency: "la-n", team: "t", role: "officer", manager: "nobody"), actor: .system("t"))
    }
    #expect(throws: RecordsError.invalid("email: RHYS@example.org is already used by another practitioner")) {
      try f.store.add(
        NewPractitioner(id: "p8", name: "New", email: "RHYS@example.org", agency: "la-n", team: "t", role: "officer"),
        actor: .system("t"))
    }
  }

  @Test(arguments: [
    (NewPractitioner(id: "bad id", name: "N", agency: "la-n", team: "t", role: "officer"),
     "id: \"bad id\" is not a valid id (letters, digits and . _ : @ -, starting with a letter or digit)"),
    (NewPractitioner(id: "ok", name: "N", agency: "atlantis", team: "t", role: "officer"),
     "agency: unknown agency \"atlantis\" (see 'cpd framework list agencies')"),
    (NewPractitioner(id: "ok", name: "N", agency: "la-n", team: "t", role: "wizard"),
     "role: unknown role \"wizard\" (see 'cpd framework list roles')"),
    (NewPractitioner(id: "ok", name: "N", email: "not-an-email", agency: "la-n", team: "t", role: "officer"),
     "email: \"not-an-email\" is not an email address"),
    (NewPractitioner(id: "ok", name: "  ", agency: "la-n", team: "t", role: "officer"), "name: must not be empty"),
    (NewPractitioner(id: "ok", name: String(repeating: "n", count: 201), agency: "la-n", team: "t", role: "officer"),
     "name: 201 characters is more than the 200 allowed"),
  ])
  func rulesRefuseBadPractitioners(person: NewPractitioner, message: String) throws {
    let f = try StoreFixture(people: false)
    #expect(throws: RecordsError.invalid(message)) { try f.rules.check(person) }
  }
}

@Suite struct ActivityTests {
  @Test func moduleClaimsAreMergedWithExplicitOnes() throws {
    let f = try StoreFixture()
    let claims = try f.rules.claims(
      module: "M-BLEND", explicit: [ClaimedLevel(competency: "C-PRB", level: 3), ClaimedLevel(competency: "C-ENG", level: 1)])
    #expect(claims.map(\.text) == ["C-INF:2", "C-PRB:3", "C-ENG:1"])
    let id = try f.log("p1", "2026-03-01", .classroom, module: "M-INF-C")
    let record = try #require(try f.store.activity(id))
    #expect(record.claims.map(\.text) == ["C-INF:2"])
    #expect(record.module == "M-INF-C")
    #expect(record.status == .pending)
    #expect(record.frameworkVersion == "1.0.0")
  }

  @Test(arguments: [
    (24.5, "2026-03-01", "hours: 24.5 is more than the 24 hours in a day"),
    (0.0, "2026-03-01", "hours: 0 is not a positive number of hours"),
    (-2.0, "2026-03-01", "hours: -2 is not a positive number of hours"),
    (2.0, "2026-07-01", "date: 2026-07-01 is in the future (today is 2026-06-30)"),
  ])
  func rulesRefuseBadActivities(hours: Double, date: String, message: String) throws {
    let f = try StoreFixture()
    #expect(throws: RecordsError.invalid(message)) { try f.log("p1", date, .reading, hours: hours) }
  }

  @Test func unknownCompetencyModuleAndLevelAreRefused() throws {
    let f = try StoreFixture()
    #expect(throws: RecordsError.invalid("competency: unknown competency \"C-NONE\" (see 'cpd framework list competencies')")) {
      try f.log("p1", "2026-03-01", .reading, claims: ["C-NONE:1"])
    }
    #expect(throws: RecordsError.invalid("competency: level 5 for C-INF is outside the scale 1-4")) {
      try f.log("p1", "2026-03-01", .reading, claims: ["C-INF:5"])
    }
    #expect(throws: RecordsError.invalid("module: unknown module \"M-NONE\" (see 'cpd framework list modules')")) {
      try f.log("p1", "2026-03-01", .reading, module: "M-NONE")
    }
    #expect(throws: RecordsError.invalid("practitioner: unknown practitioner \"ghost\"")) {
      try f.log("ghost", "2026-03-01", .reading)
    }
  }

  @Test func aDaysHoursCannotPass24AndNothingIsStored() throws {
    let f = try StoreFixture()
    try f.log("p1", "2026-03-02", .classroom, hours: 20)
    let before = try f.store.contentChecksum()
    #expect(throws: RecordsError.invalid("hours: p1's activities on 2026-03-02 would add up to 25 hours, more than the 24 in a day")) {
      try f.log("p1", "2026-03-02", .onTheJob, hours: 5)
    }
    #expect(try f.store.contentChecksum() == before)
    try f.log("p2", "2026-03-02", .onTheJob, hours: 5)  // another person, another count
  }

  @Test func activityIdsAreUniqueAndGeneratedOnesSortByTime() throws {
    let f = try StoreFixture()
    let a = try f.log("p1", "2026-03-01", .reading, hours: 1)
    let b = try f.log("p1", "2026-03-01", .reading, hours: 1)
    #expect(a.hasPrefix("A-") && a.count == 15)
    #expect(a < b)
    try f.log("p1", "2026-03-01", .reading, hours: 1, id: "mine-1")
    #expect(throws: RecordsError.invalid("id: activity \"mine-1\" already exists")) {
      try f.log("p2", "2026-03-01", .reading, hours: 1, id: "mine-1")
    }
  }

  @Test func signOffRules() throws {
    let f = try StoreFixture()
    let id = try f.log("p1", "2026-03-01", .classroom)
    #expect(throws: RecordsError.invalid("by: p1 cannot sign off their own activity")) {
      try f.store.signOff(activity: id, decision: .verified, by: "p1", note: nil, on: StoreFixture.today)
    }
    #expect(throws: RecordsError.invalid("by: unknown practitioner \"ghost\"")) {
      try f.store.signOff(activity: id, decision: .verified, by: "ghost", note: nil, on: StoreFixture.today)
    }
    #expect(throws: RecordsError.invalid("activity: unknown activity \"A-NONE\"")) {
      try f.store.signOff(activity: "A-NONE", decision: .verified, by: "mgr", note: nil, on: StoreFixture.today)
    }
    try f.store.signOff(activity: id, decision: .verified, by: "mgr", note: "seen the certificate", on: StoreFixture.today)
    #expect(throws: RecordsError.invalid("activity: \"\(id)\" is already verified")) {
      try f.store.signOff(activity: id, decision: .rejected, by: "mgr", note: "no", on: StoreFixture.today)
    }
    let record = try #require(try f.store.activity(id))
    #expect(record.status == .verified)
    #expect(record.signOffs.map(\.note) == ["seen the certificate"])
    #expect(record.signOffs.first?.verifier == "mgr")
  }

  @Test func signedOffActivitiesAreNeverEditedInPlace() throws {
    let f = try StoreFixture()
    let id = try f.log("p1", "2026-03-01", .classroom, hours: 3)
    #expect(throws: SQLiteError.self) { try f.sql("UPDATE activities SET hours = 4") }
    try f.store.signOff(activity: id, decision: .verified, by: "mgr", note: nil, on: StoreFixture.today)
    do {
      try f.sql("UPDATE activities SET status = 0")
      Issue.record("expected the trigger to refuse")
    } catch {
      #expect("\(error)".contains("a signed-off activity is never edited"))
    }
    #expect(throws: SQLiteError.self) { try f.sql("UPDATE activity_details SET title = 'changed'") }
  }

  @Test func correctionsSupersedeOnlyOnceVerified() throws {
    let f = try StoreFixture()
    let original = try f.log("p1", "2026-03-01", .classroom, hours: 3, claims: ["C-INF:1"])
    try f.store.signOff(activity: original, decision: .verified, by: "mgr", note: nil, on: StoreFixture.today)
    #expect(throws: RecordsError.invalid("supersedes: activity \"\(original)\" belongs to another practitioner")) {
      try f.log("p2", "2026-03-01", .classroom, hours: 3, supersedes: original)
    }
    let correction = try f.log("p1", "2026-03-01", .classroom, hours: 3, claims: ["C-INF:2"], supersedes: original)
    #expect(throws: RecordsError.invalid("supersedes: activity \"\(original)\" already has a correction (\(correction))")) {
      try f.log("p1", "2026-03-01", .classroom, hours: 1, supersedes: original)
    }
    let catalog = CompetencyCatalog([f.framework])
    var w = try f.store.workforce(catalog: catalog, framework: f.framework, filter: .people(["p1"]))
    #expect(w.items.map(\.superseded) == [false, false])  // the correction is still pending
    try f.store.signOff(activity: correction, decision: .verified, by: "mgr", note: nil, on: StoreFixture.today)
    w = try f.store.workforce(catalog: catalog, framework: f.framework, filter: .people(["p1"]))
    #expect(w.items.map(\.superseded) == [true, false])
    #expect(try f.store.activity(original)?.supersededBy == correction)
  }

  @Test func logIsNewestFirst() throws {
    let f = try StoreFixture()
    let a = try f.log("p1", "2026-01-05", .reading, hours: 1)
    let b = try f.log("p1", "2026-03-05", .reading, hours: 1)
    let c = try f.log("p1", "2026-02-05", .reading, hours: 1)
    #expect(try f.store.activities(of: "p1").map(\.id) == [b, c, a])
    #expect(throws: RecordsError.invalid("practitioner: unknown practitioner \"ghost\"")) { try f.store.activities(of: "ghost") }
  }
}

@Suite struct EvidenceTests {
  @Test func filesAreKeptByContentAndErasedWhenNoLongerUsed() throws {
    let f = try StoreFixture()
    let file = f.dir.write("certificate.txt", "ACE TIME attendance certificate")
    let copy = f.dir.write("copy.txt", "ACE TIME attendance certificate")
    let other = f.dir.write("notes.txt", "different")
    try f.log("p1", "2026-03-01", .classroom, evidence: [EvidenceFile(path: file, name: "certificate.txt")])
    try f.log("p2", "2026-03-01", .classroom, evidence: [EvidenceFile(path: copy, name: "copy.txt")])
    try f.log("p1", "2026-03-02", .classroom, evidence: [EvidenceFile(path: other, name: "notes.txt")])
    let vault = EvidenceVault(directory: f.store.evidenceDirectory)
    #expect(vault.allFiles().count == 2)
    let record = try f.store.activities(of: "p1").last!
    #expect(record.evidence.map(\.name) == ["certificate.txt"])
    #expect(vault.read(record.evidence[0].sha256) == Data("ACE TIME attendance certificate".utf8))
    let result = try f.store.erase("p1", actor: .system("t"))
    #expect(result.activities == 2)
    #expect(result.files == 1)  // the certificate is still p2's evidence
    #expect(vault.allFiles().count == 1)
  }

  @Test func aMissingFileIsRefusedAndNothingStored() throws {
    let f = try StoreFixture()
    let before = try f.store.contentChecksum()
    #expect(throws: RecordsError.invalid("evidence: cannot read /nonexistent/file.pdf")) {
      try f.log("p1", "2026-03-01", .classroom, evidence: [EvidenceFile(path: "/nonexistent/file.pdf", name: "file.pdf")])
    }
    #expect(try f.store.contentChecksum() == before)
  }
}

@Suite struct AuditTests {
  @Test func chainVerifiesAndNamesTheFirstTamperedEntry() throws {
    let f = try StoreFixture()
    let id = try f.log("p1", "2026-03-01", .classroom)
    try f.store.signOff(activity: id, decision: .verified, by: "mgr", note: nil, on: StoreFixture.today)
    let check = try f.store.verifyAudit()
    #expect(check.isIntact)
    #expect(check.entries == 4)  // store created, practitioners added, activity logged, verified
    try f.sql("DROP TRIGGER audit_is_append_only_update")
    try f.sql("UPDATE audit SET actor = 'system:someone-else' WHERE seq = 3")
    let broken = try f.store.verifyAudit()
    #expect(broken.firstBroken?.seq == 3)
    #expect(broken.firstBroken?.reason == "its content does not match its hash")
  }

  @Test func removedEntriesAreDetected() throws {
    let f = try StoreFixture()
    try f.log("p1", "2026-03-01", .classroom)
    try f.sql("DROP TRIGGER audit_is_append_only_delete")
    try f.sql("DELETE FROM audit WHERE seq = 2")
    #expect(try f.store.verifyAudit().firstBroken?.seq == 3)
  }

  @Test func theLogIsAppendOnlyAndHoldsNoPersonalData() throws {
    let f = try StoreFixture()
    try f.log("p1", "2026-03-01", .classroom, reflection: "Confidential reflection about a case")
    #expect(throws: SQLiteError.self) { try f.sql("DELETE FROM audit") }
    #expect(throws: SQLiteError.self) { try f.sql("UPDATE audit SET action = 'x'") }
    let everything = try f.store.auditEntries().map { "\($0.actor) \($0.action) \($0.subject) \($0.detail)" }.joined()
    for secret in ["Rhys", "Evans", "rhys@example.org", "Confidential", "Megan"] { #expect(!everything.contains(secret)) }
  }
}
