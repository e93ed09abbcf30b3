import Certificates
import Competency
import Cryptography
import Foundation
import GapAnalysis
import JSON
import TestSupport
import Testing
import Workforce

@Suite struct EncodingTests {
  @Test(arguments: [
    ([UInt8](), ""), (Array("Hello World!".utf8), "2NEpo7TZRRrLZSi2U"), ([0, 0, 1], "112"),
    (Array("The quick brown fox jumps over the lazy dog.".utf8), "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"),
  ])
  func base58MatchesKnownValues(bytes: [UInt8], text: String) {
    #expect(Base58.encode(bytes) == text)
    #expect(Base58.decode(text) == bytes)
  }

  @Test func didKeyRoundTrips() throws {
    let key = try Ed25519PrivateKey()
    let did = DIDKey.identifier(for: key.publicKey.raw)
    #expect(did.hasPrefix("did:key:z6Mk"))  // the Ed25519 multicodec prefix always reads z6Mk
    #expect(DIDKey.publicKey(from: did) == key.publicKey.raw)
    #expect(DIDKey.publicKey(from: did + "#" + DIDKey.fingerprint(for: key.publicKey.raw)) == key.publicKey.raw)
    #expect(DIDKey.publicKey(from: "did:web:example.org") == nil)
  }
}

let mini = MiniFramework.load()

/// One person with the given verified activities in 2026 (the mini policy: 30 h, 15 participatory,
/// 2 reflective accounts per 12 months).
func compliance(_ build: (inout WorkforceBuilder, Int) -> Void, period: String = "2026") -> CPDCompliance {
  var b = WorkforceBuilder([mini])
  let p = b.person("p1", role: "officer", agency: "la-n")
  build(&b, p)
  return CPDCompliance.assess(b.workforce, person: p, framework: mini, period: CPDPeriod(period)!)!
}

@Suite struct ComplianceTests {
  @Test func metWhenHoursParticipationAndReflectionAreAllThere() {
    let c = compliance { b, p in
      b.activity(p, "2026-02-01", .classroom, claims: ["C-INF:1"], hours: 7)
      b.activity(p, "2026-03-01", .workshop, claims: ["C-PRB:1"], hours: 7, reflectionWords: 20)
      b.activity(p, "2026-04-01", .onTheJob, claims: ["C-PRB:2"], hours: 7)
      b.activity(p, "2026-05-01", .reading, claims: ["C-ENG:1"], hours: 5, participatory: false)
      b.activity(p, "2026-06-01", .eLearning, claims: ["C-SAF:1"], hours: 4, participatory: false)
      b.activity(p, "2026-07-01", .reflectiveAccount, claims: [], hours: 1, participatory: false, reflectionWords: 20)
    }
    #expect(c.hours == 31)
    #expect(c.participatoryHours == 21)
    #expect(c.reflectiveAccounts == 2)
    #expect(c.isMet)
  }

  @Test func notMetSaysExactlyWhatIsMissing() {
    let c = compliance { b, p in
      b.activity(p, "2026-02-01", .classroom, claims: [], hours: 7)
      b.activity(p, "2026-03-01", .reading, claims: [], hours: 6, participatory: false, reflectionWords: 20)
      b.activity(p, "2026-04-01", .workshop, .pending, claims: [], hours: 7)
      b.activity(p, "2026-05-01", .workshop, .rejected, claims: [], hours: 7)
      b.activity(p, "2026-06-01", .workshop, claims: [], hours: 7, superseded: true)
      b.activity(p, "2025-12-31", .workshop, claims: [], hours: 7)  // before the period
    }
    #expect(!c.isMet)
    #expect(
      c.shortfalls == [
        "13 of 30 hours (17 to go)", "7 of 15 participatory hours (8 to go)",
        "1 of 2 reflective accounts (a reflection of at least 20 words)",
      ])
    #expect(c.pendingActivities == 1)
    #expect(c.pendingHours == 7)
  }

  /// The policy decides what a reflective account is (a reflection of at least its number of
  /// words), not the activity's kind or a token reflection: "." is no reflective account.
  @Test func aReflectiveAccountIsWhatThePolicySaysItIs() {
    let c = compliance { b, p in
      b.activity(p, "2026-02-01", .reflectiveAccount, claims: [], hours: 1, participatory: false)
      b.activity(p, "2026-03-01", .reading, claims: [], hours: 1, participatory: false, reflectionWords: 1)
      b.activity(p, "2026-04-01", .reading, claims: [], hours: 1, participatory: false, reflectionWords: 19)
      b.activity(p, "2026-05-01", .reading, claims: [], hours: 1, participatory: false, reflectionWords: 20)
    }
    #expect(c.reflectiveAccounts == 1)
  }

  @Test func aLeapYearIsStillOneYear() {
    // 2028 has 366 days; the yearly policy still asks 30 hours, 15 participatory, 2 accounts.
    let c = compliance({ _, _ in }, period: "2028")
    #expect(c.requiredHours == 30)
    #expect(c.requiredParticipatoryHours == 15)
    #expect(c.requiredReflectiveAccounts == 2)
  }

  @Test func manySmallEntriesAddUpExactly() {
    // 3.3 × 4 + 1.8 = 15 participatory hours, though 3.3 has no exact binary form.
    let c = compliance { b, p in
      for month in 1...4 { b.activity(p, "2026-0\(month)-10", .workshop, claims: [], hours: 3.3) }
      b.activity(p, "2026-05-10", .workshop, claims: [], hours: 1.8, reflectionWords: 20)
      b.activity(p, "2026-06-10", .reading, claims: [], hours: 15, participatory: false, reflectionWords: 20)
    }
    #expect(c.participatoryHours == 15)
    #expect(c.hours == 30)
    #expect(c.isMet)
  }

  @Test func requirementsScaleWithThePeriod() {
    let c = compliance({ _, _ in }, period: "2026-01-01:2026-06-30")
    // 181 of 365 days: 30 h × 181/365 = 14.9 → 15 (rounded up to the half hour); 2 → 1 account.
    #expect(c.requiredHours == 15)
    #expect(c.requiredParticipatoryHours == 7.5)
    #expect(c.requiredReflectiveAccounts == 1)
    #expect(c.shortfalls.last == "no verified activity in the period")
  }

  @Test func periodsParse() {
    #expect(CPDPeriod("2026")?.description == "2026-01-01:2026-12-31")
    #expect(CPDPeriod("2026-04-01:2027-03-31")?.days == 365)
    #expect(CPDPeriod("2027-01-01:2026-01-01") == nil)
    #expect(CPDPeriod("last year") == nil)
  }
}

@Suite struct SigningTests {
  func signedCertificate(_ keys: IssuerKeys) throws -> JSONValue {
    let c = compliance { b, p in
      b.activity(p, "2026-02-01", .classroom, claims: [], hours: 20, reflectionWords: 20)
      b.activity(p, "2026-03-01", .reflectiveAccount, claims: [], hours: 12, reflectionWords: 20)
    }
    let person = Person(id: "p1", name: "Rhys Evans", agency: "la-n", team: "North", role: "officer")
    let certificate = CPDCertificate(
      person: person, compliance: c, competencies: [("C-INF", mini.competency("C-INF")!.title, 2)], framework: mini,
      issuerName: keys.name, issuerDID: keys.did, credentialID: "urn:uuid:00000000-0000-4000-8000-000000000001",
      issuedAt: "2026-12-31T12:00:00Z")
    return try DataIntegrity.sign(certificate.credential, keys: keys, created: "2026-12-31T12:00:00Z")
  }

  @Test func aSignedCertificateVerifiesAndIsAnOpenBadgeCredential() throws {
    let dir = TemporaryDirectory()
    let keys = try IssuerKeys.create(in: dir.file("keys"), name: "Test Issuer")
    let signed = try signedCertificate(keys)
    #expect(signed["type"] == ["VerifiableCredential", "OpenBadgeCredential"])
    #expect(signed["credentialSubject"]?["achievement"]?["achievementType"] == "Certificate")
    // Each competency's level is a rubric criterion level of the framework's scale.
    let result = signed["credentialSubject"]?["result"]?.arrayValue?.first
    let described = signed["credentialSubject"]?["achievement"]?["resultDescription"]?.arrayValue?.first
    #expect(result?["resultDescription"] == described?["id"])
    #expect(described?["resultType"] == "RubricCriterionLevel")
    let achieved = described?["rubricCriterionLevel"]?.arrayValue?.first { $0["id"] == result?["achievedLevel"] }
    #expect(achieved?["level"] == "2")
    #expect(signed["proof"]?["cryptosuite"] == "eddsa-jcs-2022")
    // The proof names the credential's contexts.
    #expect(signed["proof"]?["@context"] == signed["@context"])
    let check = DataIntegrity.verify(signed)
    #expect(check.valid)
    #expect(check.issuerName == "Test Issuer")
    #expect(check.issuerDID == keys.did)
    // The private key is readable by its owner only.
    let mode = try FileManager.default.attributesOfItem(atPath: dir.file("keys/issuer-private.pem"))[.posixPermissions] as? Int
    #expect(mode == 0o600)
    // Keys load back.
    #expect(try IssuerKeys.load(from: dir.file("keys")).did == keys.did)
  }

  @Test func tamperingIsDetected() throws {
    let dir = TemporaryDirectory()
    let keys = try IssuerKeys.create(in: dir.file("keys"), name: "Test Issuer")
    let signed = try signedCertificate(keys)
    var subject = signed["credentialSubject"]!.objectValue!
    subject["creditsEarned"] = 90
    var tampered = signed.objectValue!
    tampered["credentialSubject"] = .object(subject)
    let check = DataIntegrity.verify(.object(tampered))
    #expect(!check.valid)
    #expect(check.reason?.hasPrefix("the signature does not match the content") == true)
    // A proof re-dated after signing fails too (the proof options are signed as well).
    var proof = signed["proof"]!.objectValue!
    proof["created"] = "2030-01-01T00:00:00Z"
    var redated = signed.objectValue!
    redated["proof"] = .object(proof)
    #expect(!DataIntegrity.verify(.object(redated)).valid)
    // A proof naming other contexts than the credential's, or a key fragment of another key.
    var contexts = signed["proof"]!.objectValue!
    contexts["@context"] = ["https://example.org/other"]
    var recontexted = signed.objectValue!
    recontexted["proof"] = .object(contexts)
    #expect(DataIntegrity.verify(.object(recontexted)).reason == "its proof's @context does not match the credential's")
    var method = signed["proof"]!.objectValue!
    let other = try IssuerKeys.create(in: dir.file("other"), name: "Other")
    method["verificationMethod"] = .string(keys.did + "#" + DIDKey.fingerprint(for: other.publicKey.raw))
    var refragmented = signed.objectValue!
    refragmented["proof"] = .object(method)
    #expect(DataIntegrity.verify(.object(refragmented)).reason == "its verification method is not an Ed25519 did:key")
  }

  @Test func anotherIssuersKeyIsRefused() throws {
    let dir = TemporaryDirectory()
    let keys = try IssuerKeys.create(in: dir.file("a"), name: "Real Issuer")
    let other = try IssuerKeys.create(in: dir.file("b"), name: "Impostor")
    let signed = try signedCertificate(keys)
    var claimed = signed.objectValue!
    claimed["issuer"] = ["id": .string(other.did), "type": ["Profile"], "name": "Impostor"]
    let check = DataIntegrity.verify(.object(claimed))
    #expect(!check.valid)
    #expect(check.reason?.hasPrefix("the signing key does not belong to the issuer") == true)
    #expect(throws: CertificateError.keysExist(dir.file("a"))) { try IssuerKeys.create(in: dir.file("a"), name: "Again") }
    // Replacing keys on purpose leaves one private key, readable by its owner only.
    let replaced = try IssuerKeys.create(in: dir.file("a"), name: "Again", replacing: true)
    #expect(replaced.did != keys.did)
    #expect(try IssuerKeys.load(from: dir.file("a")).did == replaced.did)
    #expect(IssuerKeys.did(in: dir.file("a")) == replaced.did)
    let mode = try FileManager.default.attributesOfItem(atPath: dir.file("a/issuer-private.pem"))[.posixPermissions] as? NSNumber
    #expect(mode?.intValue == 0o600)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("a")).sorted() == ["issuer-name.txt", "issuer-private.pem", "issuer-public.pem"])
  }

  @Test func theSignatureVerifiesWithTheOpenSSLCommandLine() throws {
    let dir = TemporaryDirectory()
    let keys = try IssuerKeys.create(in: dir.file("keys"), name: "Test Issuer")
    let check = DataIntegrity.verify(try signedCertificate(keys))
    try Data(check.signedData).write(to: URL(fileURLWithPath: dir.file("data.bin")))
    try Data(check.signature).write(to: URL(fileURLWithPath: dir.file("sig.bin")))
    try Data(keys.publicKey.pem.utf8).write(to: URL(fileURLWithPath: dir.file("pub.pem")))
    func openssl(_ data: String) throws -> Int32 {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["openssl", "pkeyutl", "-verify", "-pubin", "-inkey", dir.file("pub.pem"), "-rawin", "-in", data, "-sigfile", dir.file("sig.bin")]
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      p.waitUntilExit()
      return p.terminationStatus
    }
    #expect(try openssl(dir.file("data.bin")) == 0)
    var altered = check.signedData
    altered[0] ^= 1
    try Data(altered).write(to: URL(fileURLWithPath: dir.file("other.bin")))
    #expect(try openssl(dir.file("other.bin")) != 0)
  }
}
