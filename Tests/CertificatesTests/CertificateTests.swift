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

  @Test func base64URLAndMultibaseRoundTrip() {
    for bytes in [[], [0], [0xFB, 0xFF], Array(0...255)] as [[UInt8]] {
      let text = Base64URL.encode(bytes)
      #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
      #expect(Base64URL.decode(text) == bytes)
      #expect(Multibase.decode(Multibase.base64url(bytes)) == bytes)
      #expect(Multibase.decode(Multibase.base58btc(bytes)) == bytes)
    }
    #expect(Base64URL.decode("a+b") == nil)
    #expect(Multibase.decode("mAAAA") == nil)
  }

  @Test func xsdDateTimesParseStrictly() {
    #expect(XSDDateTime.parse("2023-02-24T23:36:38Z")?.timeIntervalSince1970 == 1_677_281_798)
    #expect(XSDDateTime.parse("2023-02-24T23:36:38+01:00")?.timeIntervalSince1970 == 1_677_278_198)
    #expect(XSDDateTime.parse("2023-02-24T23:36:38.5Z")?.timeIntervalSince1970 == 1_677_281_798.5)
    for bad in ["2023-02-30T00:00:00Z", "2023-13-01T00:00:00Z", "2023-02-24 23:36:38Z", "2023-02-24T23:61:00Z", "yesterday"] {
      #expect(XSDDateTime.parse(bad) == nil, "\(bad)")
    }
    #expect(XSDDateTime.format(Date(timeIntervalSince1970: 1_677_281_798)) == "2023-02-24T23:36:38Z")
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

@Suite struct KeyTests {
  @Test func keysAreWrittenPrivatelyAndLoadBack() throws {
    let dir = TemporaryDirectory()
    let keys = try IssuerKeys.create(in: dir.file("a"), name: "Real Issuer", rsaBits: 2048)
    for file in ["issuer-private.pem", "issuer-rsa-private.pem"] {
      let mode = try FileManager.default.attributesOfItem(atPath: dir.file("a/\(file)"))[.posixPermissions] as? NSNumber
      #expect(mode?.intValue == 0o600, "\(file)")
    }
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.file("a")).sorted() == [
        "issuer-keys.json", "issuer-name.txt", "issuer-private.pem", "issuer-public.pem", "issuer-rsa-private.pem",
      ])
    let loaded = try IssuerKeys.load(from: dir.file("a"))
    #expect(loaded.did == keys.did)
    #expect(loaded.jwk == keys.jwk)
    #expect(loaded.name == "Real Issuer")
    #expect(IssuerKeys.did(in: dir.file("a")) == keys.did)
    // The kid names the issuer and the key: the DID, '#', and the key's RFC 7638 thumbprint.
    #expect(keys.jwk?.keyID == keys.did + "#" + keys.jwk!.thumbprint)
    #expect(throws: CertificateError.keysExist(dir.file("a"))) { try IssuerKeys.create(in: dir.file("a"), name: "Again") }
    let replaced = try IssuerKeys.create(in: dir.file("a"), name: "Again", replacing: true, rsaBits: 2048)
    #expect(replaced.did != keys.did)
    #expect(try IssuerKeys.load(from: dir.file("a")).did == replaced.did)
  }

  @Test func aKeyFolderFromBeforeVCJWTGetsAnRSAKeyAndKeepsItsDID() throws {
    let dir = TemporaryDirectory()
    let keys = try IssuerKeys.create(in: dir.file("k"), name: "Old Issuer", rsaBits: 2048)
    try FileManager.default.removeItem(atPath: dir.file("k/issuer-rsa-private.pem"))
    try FileManager.default.removeItem(atPath: dir.file("k/issuer-keys.json"))
    let old = try IssuerKeys.load(from: dir.file("k"))
    #expect(old.rsaKey == nil)
    #expect(throws: CertificateError.self) { try CPDCertificate.vcJWT(miniCertificate(keys: old).credential, keys: old) }
    let upgraded = try IssuerKeys.addRSAKeyIfMissing(in: dir.file("k"), rsaBits: 2048)
    #expect(upgraded.did == keys.did)
    #expect(upgraded.rsaKey != nil)
    #expect(IssuerKeys.publishedKeyDocument(in: dir.file("k"))?["id"] == .string(keys.did))
  }

  /// The key document is signed by the DID's own key, so a verifier can take the RSA key from it.
  @Test func theKeyDocumentBindsTheRSAKeyToTheDID() throws {
    let document = SharedKeys.keyDocument
    #expect(document["id"] == .string(SharedKeys.issuer.did))
    let checks = DataIntegrity.checkProofs(document)
    #expect(checks.count == 1 && checks[0].valid && checks[0].cryptosuite == "eddsa-jcs-2022")
    let methods = document["verificationMethod"]?.arrayValue ?? []
    #expect(methods.map { $0["type"] } == ["Multikey", "JsonWebKey"])
    #expect(methods[1]["publicKeyJwk"]?["d"] == nil, "no private part is published")
    #expect(try JWK(methods[1]["publicKeyJwk"]!) == JWK(key: SharedKeys.issuer.jwk!.key, keyID: SharedKeys.issuer.jwk!.keyID))
  }

  @Test func aJWKWithAPrivatePartOrTooSmallAModulusIsRefused() throws {
    var json = SharedKeys.issuer.jwk!.json.objectValue!
    json["d"] = "AAAA"
    #expect(throws: CertificateError.invalid("the JWK contains a private key")) { try JWK(.object(json)) }
    json["d"] = nil
    json["n"] = .string(Base64URL.encode([UInt8](repeating: 0xFF, count: 128)))
    #expect(throws: CertificateError.self) { try JWK(.object(json)) }
  }

  @Test func signaturesCheckOutWithTheOpenSSLCommandLine() throws {
    let dir = TemporaryDirectory()
    let issued = try miniCertificate().issued(keys: SharedKeys.issuer, options: IssuanceOptions(site: site))
    let check = CredentialVerifier.verify(credential: issued.credential)
    let proof = try #require(check.proofs.first)
    dir.write("data.bin", bytes: proof.hashInput!.hashData)
    dir.write("sig.bin", bytes: proof.signature)
    dir.write("ed.pem", SharedKeys.issuer.publicKey.pem)
    let jwt = CredentialVerifier.verify(jws: issued.jwt!, options: VerificationOptions(keyDocuments: [SharedKeys.keyDocument]))
    #expect(jwt.valid, "\(jwt.failure ?? "")")
    dir.write("input.bin", bytes: jwt.jws!.signingInput)
    dir.write("rsasig.bin", bytes: jwt.jws!.signature)
    dir.write("rsa.pem", jwt.jws!.key!.pem)
    func openssl(_ arguments: [String]) throws -> Int32 {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      p.arguments = ["openssl"] + arguments
      p.standardOutput = FileHandle.nullDevice
      p.standardError = FileHandle.nullDevice
      try p.run()
      p.waitUntilExit()
      return p.terminationStatus
    }
    let ed = ["pkeyutl", "-verify", "-pubin", "-inkey", dir.file("ed.pem"), "-rawin", "-sigfile", dir.file("sig.bin"), "-in"]
    #expect(try openssl(ed + [dir.file("data.bin")]) == 0)
    let rsa = ["dgst", "-sha256", "-verify", dir.file("rsa.pem"), "-signature", dir.file("rsasig.bin")]
    #expect(try openssl(rsa + [dir.file("input.bin")]) == 0)
    var altered = proof.hashInput!.hashData
    altered[0] ^= 1
    dir.write("other.bin", bytes: altered)
    #expect(try openssl(ed + [dir.file("other.bin")]) != 0)
    var input = jwt.jws!.signingInput
    input[5] ^= 1
    dir.write("other-input.bin", bytes: input)
    #expect(try openssl(rsa + [dir.file("other-input.bin")]) != 0)
  }

  /// Certificates issued before: one eddsa-jcs-2022 proof object that names the contexts.
  @Test func theEarlierSingleProofFormStillVerifies() throws {
    let keys = SharedKeys.issuer
    let certificate = miniCertificate()
    let proof = try DataIntegrity.createProof(
      certificate.credential, suite: .eddsaJcs2022, key: keys.privateKey, verificationMethod: keys.verificationMethod,
      created: certificate.issuedAt)
    var signed = certificate.credential.objectValue!
    signed["proof"] = .object(proof)
    let check = DataIntegrity.verify(.object(signed))
    #expect(check.valid, "\(check.reason ?? "")")
    #expect(check.issuerDID == keys.did)
    #expect(check.signedData.count == 64)
    #expect(check.publicKey == keys.publicKey)
    var claimed = signed
    claimed["issuer"] = ["id": .string(SharedKeys.other.did), "type": ["Profile"], "name": "Impostor"]
    #expect(DataIntegrity.verify(.object(claimed)).reason?.hasPrefix("the signing key does not belong to the issuer") == true)
  }
}
