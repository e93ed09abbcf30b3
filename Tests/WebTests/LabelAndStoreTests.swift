import Competency
@testable import Cryptography
import Foundation
import Records
import RecordsSQLite
import Service
import TestSupport
import Testing
@testable import Web
import Workforce

@Suite("Labels, passwords and the store's web additions")
struct LabelAndStoreTests {
  @Test func everyLabelHasBothLanguagesWithTheSamePlaceholders() {
    func placeholders(_ s: String) -> [String] {
      s.split(separator: "{", omittingEmptySubsequences: false).dropFirst().map { String($0.prefix { $0 != "}" }) }.sorted()
    }
    for key in L.allCases {
      let pair = L.pair(key)
      #expect(!pair.en.isEmpty && !pair.cy.isEmpty, "\(key)")
      #expect(placeholders(pair.en) == placeholders(pair.cy), "\(key)")
    }
    for kind in ActivityKind.allCases { #expect(!L.kind(kind).cy.isEmpty && L.kind(kind).cy != L.kind(kind).en, "\(kind)") }
  }

  /// What a certificate still needs is said in the page's language: the Service gives the items,
  /// not an English sentence.
  @Test func theCertificatePageSaysWhatIsMissingInWelsh() throws {
    let f = try WebFixture()
    let rhys = f.signedIn("rhys")
    let english = rhys.get("/certificate?period=2026").text
    #expect(english.contains("0 of 30 hours (30 to go); 0 of 15 participatory hours (15 to go); 0 of 2 reflective accounts"))
    let form = rhys.get("/language?to=cy&back=/")
    #expect(rhys.post("/language", [("to", "cy"), ("back", "/"), ("csrf", Agent.token(form) ?? "")]).status == 303)
    let welsh = rhys.get("/certificate?period=2026").text
    #expect(welsh.contains("<html lang=\"cy\">"))
    #expect(welsh.contains("0 o 30 awr (30 i fynd); 0 o 15 awr gyfranogol (15 i fynd); 0 o 2 cyfrif myfyriol (myfyrdod o 20 gair o leiaf); dim gweithgaredd wedi"))
    #expect(!welsh.contains("to go") && !welsh.contains("no verified activity"))
  }

  @Test func passwordHashesCheckAndNeverHoldThePassword() {
    let hash = PasswordHash.make("correct horse battery", iterations: 1000)
    #expect(hash.hasPrefix("pbkdf2-sha256$1000$"))
    #expect(!hash.contains("correct"))
    #expect(PasswordHash.matches("correct horse battery", hash))
    #expect(!PasswordHash.matches("correct horse batterY", hash))
    #expect(!PasswordHash.matches("", hash))
    #expect(PasswordHash.make("same", iterations: 1000) != PasswordHash.make("same", iterations: 1000), "salted")
    for broken in ["", "pbkdf2-sha256$x$00$00", "md5$1$00$00", hash + "0", "pbkdf2-sha256$0$00$" + String(repeating: "0", count: 64)] {
      #expect(!PasswordHash.matches("anything", broken))
    }
    // PBKDF2-HMAC-SHA256 test vector (RFC 7914 section 11): P="passwd", S="salt", c=1, dkLen=64 (first 32 bytes).
    #expect(PasswordHash.derive("passwd", salt: Array("salt".utf8), iterations: 1).hexString == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
  }

  @Test func sessionsAndFailuresAreKeptByTheStoreButNotCountedAsRecords() throws {
    let dir = TemporaryDirectory("cpd-web-store")
    let store = try SQLiteStore.open(at: dir.file("s.sqlite"), access: .create)
    let rules = RecordRules(frameworks: [MiniFramework.load()])
    try store.add([try rules.check(NewPractitioner(id: "p1", name: "Rhys", agency: "la-n", team: "North", role: "officer"))], actor: .owner)
    let login = try store.addLogin(try rules.checkLogin(name: "rhys", role: .practitioner, practitioner: "p1").withPasswordHash(PasswordHash.make("a good long password", iterations: 1000)), actor: .owner)
    #expect(try store.passwordHash(login: "rhys").map { PasswordHash.matches("a good long password", $0) } == true)
    let records = try store.contentChecksum()
    let hash = String(repeating: "a", count: 64)
    try store.createSession(WebSession(tokenHash: hash, login: login.number, csrf: String(repeating: "c", count: 32), createdAt: 100, seenAt: 100))
    #expect(try store.session(tokenHash: hash)?.loginName == "rhys")
    try store.touchSession(tokenHash: hash, at: 150)
    #expect(try store.session(tokenHash: hash)?.seenAt == 150)
    #expect(try store.recordSignInFailure(login: "rhys", at: 10).count == 1)
    #expect(try store.recordSignInFailure(login: "rhys", at: 11) == SignInFailures(count: 2, lastAt: 11))
    #expect(try store.contentChecksum() == records, "sessions and failure counts are not records")
    #expect(try store.endSessions(seenBefore: 151) == 1)
    #expect(try store.session(tokenHash: hash) == nil)
    #expect(try store.signInFailures(login: "rhys") == nil, "old failures are forgotten with old sessions")
    // A new password ends the login's sessions and is audited.
    try store.createSession(WebSession(tokenHash: hash, login: login.number, csrf: String(repeating: "c", count: 32), createdAt: 200, seenAt: 200))
    let audited = try store.auditEntries().count
    try store.setPassword(login: "rhys", hash: PasswordHash.make("another long password", iterations: 1000), actor: .owner)
    #expect(try store.session(tokenHash: hash) == nil)
    #expect(try store.auditEntries().count == audited + 1)
    try store.setLanguage(login: "rhys", language: "cy", actor: .owner)
    #expect(try store.login(named: "rhys")?.language == "cy")
    #expect(throws: RecordsError.self) { try store.setLanguage(login: "rhys", language: "fr", actor: .owner) }
    // Moving a practitioner.
    try store.update(try rules.check(PractitionerChange(id: "p1", team: "South", agency: "la-s")), actor: .owner)
    let moved = try #require(try store.practitioner("p1"))
    #expect(moved.team == "South" && moved.agency == "la-s" && moved.role == "officer")
    #expect(throws: RecordsError.self) { try rules.check(PractitionerChange(id: "p1", role: "no-such-role")) }
    #expect(try store.verifyAudit().firstBroken == nil)
  }
}
