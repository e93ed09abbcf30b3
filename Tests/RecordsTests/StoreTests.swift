import Competency
import Foundation
import Records
import TestSupport
import Testing
import Workforce

// The store's rules, written against the store interface: every backend runs these.

@Suite struct PractitionerTests {
  @Test(arguments: Backend.allCases) func addsAndListsByTeam(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    try f.add([NewPractitioner(id: "x1", name: "Other", agency: "la-s", team: "South", role: "officer")])
    #expect(try f.store.practitioners(.team("North CSP")).map(\.id) == ["mgr", "p1", "p2"])
    #expect(try f.store.practitioners(.everyone).count == 4)
    #expect(try f.store.practitioners(.agencies(["la-s"])).map(\.id) == ["x1"])
    #expect(try f.store.practitioners(.people(["p2", "x1"])).map(\.id) == ["p2", "x1"])
    #expect(try f.store.practitioner("p1")?.manager == "mgr")
    #expect(try f.store.practitioner("p2")?.language == "cy")
  }

  @Test(arguments: Backend.allCases) func refusesDuplicatesAndUnknownManagers(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    #expect(failure { try f.add([NewPractitioner(id: "p1", name: "Again", agency: "la-n", team: "t", role: "officer")]) }
      == "id: practitioner \"p1\" already exists")
    #expect(failure {
      try f.add([NewPractitioner(id: "p9", name: "New", agency: "la-n", team: "t", role: "officer", manager: "nobody")])
    } == "manager: unknown practitioner \"nobody\"")
    #expect(failure {
      try f.add([NewPractitioner(id: "p8", name: "New", email: "RHYS@example.org", agency: "la-n", team: "t", role: "officer")])
    } == "email: RHYS@example.org is already used by another practitioner")
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
    (NewPractitioner(id: "ok", name: "A\nB", agency: "la-n", team: "t", role: "officer"), "name: contains control characters"),
    (NewPractitioner(id: "ok", name: String(repeating: "n", count: 201), agency: "la-n", team: "t", role: "officer"),
     "name: 201 characters is more than the 200 allowed"),
  ])
  func rulesRefuseBadPractitioners(person: NewPractitioner, message: String) throws {
    let f = try StoreFixture(people: false)
    #expect(failure { _ = try f.rules.check(person) } == message)
  }

  @Test func idsAreAsciiLettersAndDigitsThenAFewMarks() {
    for id in ["a", "Z9", "p.1_x:y@z-w", "0", String(repeating: "x", count: 200)] { #expect(RecordRules.isValidID(id), "\(id)") }
    for id in ["", "-a", ".a", "a b", "Siân", "a/b", "a[", "a`", "a{", "a~", "a^", "a\u{0}", String(repeating: "x", count: 201)] {
      #expect(!RecordRules.isValidID(id), "\(id)")
    }
  }
}

@Suite struct ActivityTests {
  @Test(arguments: Backend.allCases) func moduleClaimsAreMergedWithExplicitOnes(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let checked = try f.rules.check(
      NewActivity(
        practitioner: "p1", date: Day("2026-03-01")!, kind: .classroom, hours: 3, title: "t", module: "M-BLEND",
        claims: [ClaimedLevel(competency: "C-PRB", level: 3), ClaimedLevel(competency: "C-ENG", level: 1)]))
    #expect(checked.value.claims.map(\.text) == ["C-INF:2", "C-PRB:3", "C-ENG:1"])
    let id = try f.log("p1", "2026-03-01", .classroom, module: "M-INF-C")
    let record = try #require(try f.store.activity(id))
    #expect(record.claims.map(\.text) == ["C-INF:2"])
    #expect(record.module == "M-INF-C")
    #expect(record.status == .pending)
    #expect(record.frameworkVersion == "1.0.0")
  }

  @Test func theParticipatoryDefaultIsTheRulesToSettle() throws {
    let f = try StoreFixture()
    func participatory(_ kind: ActivityKind, _ given: Bool?) throws -> Bool {
      try f.rules.check(NewActivity(practitioner: "p1", date: Day("2026-03-01")!, kind: kind, hours: 1, participatory: given, title: "t"))
        .participatory
    }
    #expect(try participatory(.workshop, nil))
    #expect(try !participatory(.reading, nil))
    #expect(try !participatory(.eLearning, nil))
    #expect(try participatory(.reading, true))
    #expect(try !participatory(.workshop, false))
  }

  @Test(arguments: [
    (Hours(hundredths: 2450), "2026-03-01", "hours: 24.5 is more than the 24 hours in a day"),
    (Hours(hundredths: 0), "2026-03-01", "hours: 0 is not a positive number of hours"),
    (Hours(hundredths: -200), "2026-03-01", "hours: -2 is not a positive number of hours"),
    (Hours(hundredths: 200), "2026-07-01", "date: 2026-07-01 is in the future (today is 2026-06-30)"),
  ])
  func rulesRefuseBadActivities(hours: Hours, date: String, message: String) throws {
    let f = try StoreFixture()
    #expect(failure { try f.log("p1", date, .reading, hours: hours) } == message)
  }

  @Test(arguments: Backend.allCases) func unknownCompetencyModuleAndLevelAreRefused(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    #expect(failure { try f.log("p1", "2026-03-01", .reading, claims: ["C-NONE:1"]) }
      == "competency: unknown competency \"C-NONE\" (see 'cpd framework list competencies')")
    #expect(failure { try f.log("p1", "2026-03-01", .reading, claims: ["C-INF:5"]) }
      == "competency: level 5 for C-INF is outside the scale 1-4")
    #expect(failure { try f.log("p1", "2026-03-01", .reading, module: "M-NONE") }
      == "module: unknown module \"M-NONE\" (see 'cpd framework list modules')")
    #expect(failure { try f.log("ghost", "2026-03-01", .reading) } == "practitioner: unknown practitioner \"ghost\"")
  }

  @Test(arguments: Backend.allCases) func aDaysHoursCannotPass24AndNothingIsStored(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    try f.log("p1", "2026-03-02", .classroom, hours: 20)
    let before = try f.store.contentChecksum()
    #expect(failure { try f.log("p1", "2026-03-02", .onTheJob, hours: 5) }
      == "hours: p1's activities on 2026-03-02 would add up to 25 hours, more than the 24 in a day")
    #expect(try f.store.contentChecksum() == before)
    try f.log("p2", "2026-03-02", .onTheJob, hours: 5)  // another person, another count
  }

  @Test(arguments: Backend.allCases) func activityIdsAreUniqueAndGeneratedOnesSortByTime(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let a = try f.log("p1", "2026-03-01", .reading, hours: 1)
    let b = try f.log("p1", "2026-03-01", .reading, hours: 1)
    #expect(a.hasPrefix("A-") && a.count == 15)
    #expect(a < b)
    try f.log("p1", "2026-03-01", .reading, hours: 1, id: "mine-1")
    #expect(failure { try f.log("p2", "2026-03-01", .reading, hours: 1, id: "mine-1") } == "id: activity \"mine-1\" already exists")
  }

  @Test(arguments: Backend.allCases) func signOffRules(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let id = try f.log("p1", "2026-03-01", .classroom)
    #expect(failure { try f.signOff(id, by: "p1") } == "by: p1 cannot sign off their own activity")
    #expect(failure { try f.signOff(id, by: "ghost") } == "by: unknown practitioner \"ghost\"")
    #expect(failure { try f.signOff("A-NONE") } == "activity: unknown activity \"A-NONE\"")
    try f.signOff(id, note: "seen the certificate")
    #expect(failure { try f.signOff(id, .rejected, note: "no") } == "activity: \"\(id)\" is already verified")
    let record = try #require(try f.store.activity(id))
    #expect(record.status == .verified)
    #expect(record.signOffs.map(\.note) == ["seen the certificate"])
    #expect(record.signOffs.first?.verifier == "mgr")
  }

  /// The store itself refuses a decision dated before the activity, whoever calls it; the rules
  /// refuse one dated in the future, a note with control characters and a rejection without a note.
  @Test(arguments: Backend.allCases) func signOffDatesAndNotesAreCheckedOnEveryPath(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let id = try f.log("p1", "2026-03-10", .classroom)
    let before = try f.store.contentChecksum()
    #expect(failure { try f.signOff(id, on: Day("2026-03-09")!) } == "date: 2026-03-09 is before the activity (2026-03-10)")
    #expect(failure { try f.signOff(id, on: Day("2026-07-01")!) } == "date: 2026-07-01 is in the future (today is 2026-06-30)")
    #expect(failure { try f.signOff(id, note: "fine\u{1B}[2J") } == "note: contains control characters")
    #expect(failure { try f.signOff(id, .rejected, note: "  ") } == "note: a rejection needs a note saying why")
    #expect(try f.store.contentChecksum() == before)
    // An imported activity's sign-off goes through the same checks.
    #expect(failure {
      try f.log("p1", "2026-03-11", .classroom, signOff: PresetSignOff(decision: .verified, verifier: "mgr", note: nil, date: Day("2026-03-01")!))
    } == "verified_on: 2026-03-01 is before the activity (2026-03-11)")
    #expect(failure {
      try f.log("p1", "2026-03-11", .classroom, signOff: PresetSignOff(decision: .verified, verifier: "mgr", note: "a\u{7}b", date: Day("2026-03-12")!))
    } == "note: contains control characters")
    #expect(failure {
      try f.log("p1", "2026-03-11", .classroom, signOff: PresetSignOff(decision: .verified, verifier: "p1", note: nil, date: Day("2026-03-12")!))
    } == "verified_by: p1 cannot sign off their own activity")
    #expect(try f.store.contentChecksum() == before)
  }

  @Test(arguments: Backend.allCases) func manyDecisionsGoInOneTransaction(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let a = try f.log("p1", "2026-03-01", .classroom)
    let b = try f.log("p2", "2026-03-02", .classroom)
    let c = try f.log("mgr", "2026-03-03", .classroom)
    let before = try f.store.contentChecksum()
    // One bad decision (the manager signing off their own) refuses them all.
    let decisions = try [(a, "mgr"), (b, "mgr"), (c, "mgr")].map { item throws(RecordsError) in
      try f.rules.checkSignOff(activity: item.0, decision: .verified, by: item.1, note: nil, on: StoreFixture.today)
    }
    #expect(failure { try f.store.signOff(decisions, actor: StoreFixture.actor) } == "by: mgr cannot sign off their own activity")
    #expect(try f.store.contentChecksum() == before)
    try f.store.signOff(Array(decisions.prefix(2)), actor: StoreFixture.actor)
    #expect(try f.store.activity(a)?.status == .verified)
    #expect(try f.store.activity(b)?.status == .verified)
  }

  @Test(arguments: Backend.allCases) func correctionsSupersedeOnlyOnceVerified(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let original = try f.log("p1", "2026-03-01", .classroom, hours: 3, claims: ["C-INF:1"])
    try f.signOff(original)
    #expect(failure { try f.log("p2", "2026-03-01", .classroom, hours: 3, supersedes: original) }
      == "supersedes: activity \"\(original)\" belongs to another practitioner")
    let correction = try f.log("p1", "2026-03-01", .classroom, hours: 3, claims: ["C-INF:2"], supersedes: original)
    #expect(failure { try f.log("p1", "2026-03-01", .classroom, hours: 1, supersedes: original) }
      == "supersedes: activity \"\(original)\" already has a correction (\(correction))")
    let catalog = CompetencyCatalog([f.framework])
    var w = try f.store.workforce(catalog: catalog, framework: f.framework, filter: .people(["p1"]))
    #expect(w.items.map(\.superseded) == [false, false])  // the correction is still pending
    try f.signOff(correction)
    w = try f.store.workforce(catalog: catalog, framework: f.framework, filter: .people(["p1"]))
    #expect(w.items.map(\.superseded) == [true, false])
    #expect(try f.store.activity(original)?.supersededBy == correction)
  }

  @Test(arguments: Backend.allCases) func logIsNewestFirst(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let a = try f.log("p1", "2026-01-05", .reading, hours: 1)
    let b = try f.log("p1", "2026-03-05", .reading, hours: 1)
    let c = try f.log("p1", "2026-02-05", .reading, hours: 1)
    #expect(try f.store.activities(of: "p1").map(\.id) == [b, c, a])
    #expect(failure { _ = try f.store.activities(of: "ghost") } == "practitioner: unknown practitioner \"ghost\"")
  }

  @Test(arguments: Backend.allCases) func reflectionIsMeasuredInWords(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    try f.log("p1", "2026-03-01", .reading, hours: 1, reflection: "  one two\tthree\nfour  ")
    try f.log("p1", "2026-03-02", .reading, hours: 1, reflection: ".")
    try f.log("p1", "2026-03-03", .reading, hours: 1)
    let w = try f.store.workforce(catalog: CompetencyCatalog([f.framework]), framework: f.framework, filter: .people(["p1"]))
    #expect(w.items.map(\.reflectionWords) == [4, 1, 0])
  }
}

@Suite struct SelfAssessmentStoreTests {
  @Test(arguments: Backend.allCases) func ratingsAreKeptAndDatedOnes(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    try f.assess("p1", "C-INF", 2, on: "2026-01-01")
    try f.assess("p1", "C-INF", 3, on: "2026-02-01")
    #expect(try f.store.selfAssessments(of: "p1").map(\.level) == [3, 2])
    #expect(failure { try f.assess("p1", "C-INF", 2, on: "2026-07-01") } == "date: 2026-07-01 is in the future (today is 2026-06-30)")
    #expect(failure { try f.assess("p1", "C-INF", 9, on: "2026-01-01") } == "competency: level 9 for C-INF is outside the scale 0-4")
    #expect(failure { try f.assess("ghost", "C-INF", 1, on: "2026-01-01") } == "practitioner: unknown practitioner \"ghost\"")
  }
}

@Suite struct LoginStoreTests {
  @Test(arguments: Backend.allCases) func loginsAreNumberedAndNamePeople(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let leader = try f.store.addLogin(try f.rules.checkLogin(name: "megan", role: .teamLeader, practitioner: "mgr"), actor: StoreFixture.actor)
    let planner = try f.store.addLogin(try f.rules.checkLogin(name: "wscn", role: .planner, practitioner: nil), actor: StoreFixture.actor)
    #expect(leader.practitioner == "mgr")
    #expect(planner.number > leader.number)
    #expect(try f.store.logins().map(\.name) == ["megan", "wscn"])
    #expect(failure { _ = try f.store.addLogin(try f.rules.checkLogin(name: "megan", role: .admin, practitioner: nil), actor: StoreFixture.actor) }
      == "login: login \"megan\" already exists")
    #expect(failure { _ = try f.rules.checkLogin(name: "x", role: .practitioner, practitioner: nil) }
      == "practitioner: a practitioner login needs --practitioner ID")
    #expect(failure { _ = try f.rules.checkLogin(name: "x", role: .lms, practitioner: "p1") }
      == "practitioner: a lms login acts for no one practitioner")
    try f.store.removeLogin(named: "wscn", actor: StoreFixture.actor)
    #expect(try f.store.login(named: "wscn") == nil)
    // Erasing a person removes their logins too.
    _ = try f.store.erase("mgr", actor: StoreFixture.actor)
    #expect(try f.store.logins().isEmpty)
  }
}

@Suite struct EvidenceTests {
  @Test(arguments: Backend.allCases) func filesAreKeptByContentAndErasedWhenNoLongerUsed(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let file = f.dir.write("certificate.txt", "ACE TIME attendance certificate")
    let copy = f.dir.write("copy.txt", "ACE TIME attendance certificate")
    let other = f.dir.write("notes.txt", "different")
    try f.log("p1", "2026-03-01", .classroom, evidence: [EvidenceFile(path: file, name: "certificate.txt")])
    try f.log("p2", "2026-03-01", .classroom, evidence: [EvidenceFile(path: copy, name: "copy.txt")])
    try f.log("p1", "2026-03-02", .classroom, evidence: [EvidenceFile(path: other, name: "notes.txt")])
    let record = try f.store.activities(of: "p1").last!
    #expect(record.evidence.map(\.name) == ["certificate.txt"])
    let sha = record.evidence[0].sha256
    #expect(try f.store.evidence(sha) == Array("ACE TIME attendance certificate".utf8))
    let otherSHA = try f.store.activities(of: "p1").first!.evidence[0].sha256
    let result = try f.store.erase("p1", actor: StoreFixture.actor)
    #expect(result.activities == 2)
    #expect(result.files == 1)  // the certificate is still p2's evidence
    #expect(try f.store.evidence(sha) != nil)
    #expect(try f.store.evidence(otherSHA) == nil)
  }

  @Test(arguments: Backend.allCases) func aMissingFileIsRefusedAndNothingStored(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let before = try f.store.contentChecksum()
    #expect(failure {
      try f.log("p1", "2026-03-01", .classroom, evidence: [EvidenceFile(path: "/nonexistent/file.pdf", name: "file.pdf")])
    } == "evidence: cannot read /nonexistent/file.pdf")
    #expect(try f.store.contentChecksum() == before)
  }
}

@Suite struct AuditChainTests {
  @Test(arguments: Backend.allCases) func everyWriteIsAuditedAndTheChainVerifies(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let id = try f.log("p1", "2026-03-01", .classroom)
    try f.signOff(id)
    let check = try f.store.verifyAudit()
    #expect(check.isIntact)
    // Created (and migrated, as the backend does it), framework bound, practitioners added,
    // activity logged, verified.
    let actions = try f.store.auditEntries().map(\.action)
    #expect(actions.first == "store.create")
    #expect(actions.drop { $0.hasPrefix("store.") } == ["framework.bind", "practitioners.add", "activity.log", "activity.verify"])
    #expect(try f.store.auditEntries().allSatisfy { $0.actor == "system:test" || $0.actor == "owner" })
  }

  @Test(arguments: Backend.allCases) func theLogHoldsNoPersonalData(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    try f.log("p1", "2026-03-01", .classroom, reflection: "Confidential reflection about a case")
    let everything = try f.store.auditEntries().map { "\($0.actor) \($0.action) \($0.subject) \($0.detail)" }.joined()
    for secret in ["Rhys", "Evans", "rhys@example.org", "Confidential", "Megan", "p1", "mgr"] { #expect(!everything.contains(secret)) }
  }
}

@Suite struct PersonalDataTests {
  @Test(arguments: Backend.allCases) func theExportHoldsEverythingAboutThePerson(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    let mine = try f.log("p1", "2026-03-01", .classroom)
    let theirs = try f.log("p2", "2026-03-02", .classroom)
    try f.signOff(mine)
    try f.signOff(theirs, by: "p1", note: "checked")
    try f.assess("p1", "C-INF", 2, on: "2026-01-01")
    let data = try f.store.personalData(of: "p1")
    #expect(data.practitioner.name == "Rhys Evans")
    #expect(data.activities.map(\.id) == [mine])
    #expect(data.selfAssessments.count == 1)
    #expect(data.signOffsGiven.map(\.activity) == [theirs])
    #expect(data.signOffsGiven.first?.note == "checked")
    #expect(data.auditEntries.map(\.action).contains("activity.verify"))
    #expect(failure { _ = try f.store.personalData(of: "ghost") } == "practitioner: unknown practitioner \"ghost\"")
  }
}

@Suite struct CertificateRegisterTests {
  static func entry(_ id: String, for who: String = "p1", slot: Int? = 7) -> CertificateEntry {
    CertificateEntry(
      credentialID: id, practitioner: who, periodStart: Day("2025-01-01")!, periodEnd: Day("2025-12-31")!, frameworkID: "mini",
      frameworkVersion: "1.0.0", policyID: "cpd", policyVersion: "2024.1", achievementID: "https://x.example/a",
      status: slot.map { StatusSlot(list: "https://x.example/status/revocation", index: $0) }, issuedAt: "2026-01-02T03:04:05Z",
      issuerDID: "did:key:z6Mk")
  }

  @Test(arguments: Backend.allCases) func aSlotAndAnIdAreGivenOutOnce(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    try f.store.register(Self.entry("urn:uuid:1"), actor: StoreFixture.actor)
    let before = try f.store.contentChecksum()
    #expect(failure { try f.store.register(Self.entry("urn:uuid:2"), actor: StoreFixture.actor) }
      == "status: status list slot 7 is already given out")
    #expect(failure { try f.store.register(Self.entry("urn:uuid:1", slot: 8), actor: StoreFixture.actor) }
      == "credential: credential urn:uuid:1 is already registered")
    #expect(failure { try f.store.register(Self.entry("urn:uuid:3", for: "nobody", slot: 9), actor: StoreFixture.actor) }
      == "practitioner: unknown practitioner \"nobody\"")
    #expect(try f.store.contentChecksum() == before)
    try f.store.register(Self.entry("urn:uuid:2", for: "p2", slot: 8), actor: StoreFixture.actor)
    #expect(try f.store.usedStatusIndexes(list: "https://x.example/status/revocation") == [7, 8])
    #expect(try f.store.certificates(of: "p2").map(\.credentialID) == ["urn:uuid:2"])
    #expect(try f.store.certificates(of: nil).map(\.credentialID) == ["urn:uuid:2", "urn:uuid:1"])
    #expect(try f.store.verifyAudit().isIntact)
  }

  @Test(arguments: Backend.allCases) func aRevocationIsOnceAndForAll(_ backend: Backend) throws {
    let f = try StoreFixture(backend)
    try f.store.register(Self.entry("urn:uuid:1"), actor: StoreFixture.actor)
    #expect(failure { _ = try f.rules.checkRevocation(credentialID: "urn:uuid:1", reason: "two\nlines") }
      == "reason: one line of text, without control characters")
    let revoked = try f.store.revoke(try f.rules.checkRevocation(credentialID: "urn:uuid:1", reason: "Issued in error"), actor: StoreFixture.actor)
    #expect(revoked.isRevoked && revoked.revocationReason == "Issued in error")
    #expect(failure { _ = try f.store.revoke(try f.rules.checkRevocation(credentialID: "urn:uuid:1", reason: "again"), actor: StoreFixture.actor) }?
      .hasPrefix("credential: certificate urn:uuid:1 was already revoked on ") == true)
    // Erasure revokes what the holder had and keeps the slot given out.
    try f.store.register(Self.entry("urn:uuid:2", for: "p2", slot: 8), actor: StoreFixture.actor)
    _ = try f.store.erase("p2", actor: StoreFixture.actor)
    let kept = try #require(try f.store.certificate("urn:uuid:2"))
    #expect(kept.practitioner == nil && kept.isRevoked)
    #expect(try f.store.usedStatusIndexes(list: "https://x.example/status/revocation") == [7, 8])
    #expect(try f.store.verifyAudit().isIntact)
  }
}
