import Certificates
import Competency
import Cryptography
import Foundation
import JSON
import TestSupport
import Testing
import Workforce

let withKeys = VerificationOptions(keyDocuments: [SharedKeys.keyDocument])

@Suite struct IssuanceTests {
  @Test func oneIssueGivesTheSameCredentialInEveryForm() throws {
    let entry = StatusListEntry(listCredential: site.statusListURL(), index: 4_242)
    let issued = try miniCertificate().issued(
      keys: SharedKeys.issuer, options: IssuanceOptions(site: site, proofs: [.eddsaRdfc2022, .eddsaJcs2022], status: entry))
    let id = "urn:uuid:00000000-0000-4000-8000-000000000001"
    #expect(issued.credential["id"] == .string(id))
    #expect(issued.record.credentialID == id)
    #expect(issued.record.status == entry)
    #expect(issued.record.practitioner == "p1")
    #expect(issued.record.period == CPDPeriod("2026"))
    #expect(issued.record.policyVersion == "2026")
    #expect(issued.record.achievementID == "https://cpd.example.org/achievements/mini/cpd/2026")
    #expect(issued.credential["proof"]?.arrayValue?.compactMap { $0["cryptosuite"]?.stringValue } == ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
    #expect(issued.credential["credentialStatus"] == entry.json)

    let json = CredentialVerifier.verify(Array(issued.json.utf8))
    #expect(json.valid, "\(json.failure ?? "")")
    #expect(json.format == .dataIntegrity)
    #expect(json.issuerDID == SharedKeys.issuer.did)
    #expect(json.issuerName == "Test Issuer")
    #expect(json.keyID == SharedKeys.issuer.verificationMethod)
    #expect(json.proofs.count == 2 && json.proofs.allSatisfy(\.valid))
    #expect(json.statusUnchecked, "no list was given, so the status is not known")

    let jwt = try #require(issued.jwt)
    let parts = try CompactJWS.decode(jwt)
    #expect(parts.header["alg"] == "RS256")
    #expect(parts.header["kid"] == .string(SharedKeys.issuer.jwk!.keyID!))
    #expect(parts.payload["jti"] == .string(id))
    #expect(parts.payload["iss"] == .string(SharedKeys.issuer.did))
    #expect(parts.payload["sub"] == issued.credential["credentialSubject"]?["id"])
    #expect(parts.payload["nbf"] == .number(XSDDateTime.parse("2026-12-31T12:00:00Z")!.timeIntervalSince1970))
    let fromJWT = CredentialVerifier.verify(Array(jwt.utf8), options: withKeys)
    #expect(fromJWT.valid, "\(fromJWT.failure ?? "")")
    #expect(fromJWT.format == .jwt)
    #expect(fromJWT.keyID == SharedKeys.issuer.jwk!.keyID)
    #expect(
      fromJWT.credential.map { JSONWriter.string($0, style: .canonical) } == JSONWriter.string(issued.credential, style: .canonical),
      "the JWT carries the very same signed credential")

    #expect(try BadgeImage.unbake(issued.badge) == .json(issued.credential))
    let fromBadge = CredentialVerifier.verify(Array(issued.badge.utf8))
    #expect(fromBadge.valid, "\(fromBadge.failure ?? "")")
    #expect(fromBadge.credential == issued.credential)

    // The printable page names and carries this credential.
    let html = issued.html(language: "cy")
    #expect(html.contains(id))
    #expect(html.contains(SharedKeys.issuer.did))
    #expect(html.contains("eddsa-rdfc-2022"))
    let escapedJSON = issued.json.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    #expect(html.contains(escapedJSON))
  }

  @Test func aBadgeCanCarryTheJWTInstead() throws {
    let issued = try miniCertificate().issued(keys: SharedKeys.issuer, options: IssuanceOptions(site: site, bake: .jwt))
    #expect(try BadgeImage.unbake(issued.badge) == .jwt(issued.jwt!))
    #expect(issued.badge.contains("xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\""))
    #expect(issued.badge.components(separatedBy: "<openbadges:credential").count == 2)
    #expect(CredentialVerifier.verify(Array(issued.badge.utf8), options: withKeys).valid)
    #expect(throws: CertificateError.invalid("the image already carries a credential")) {
      try BadgeImage.bake(issued.badge, with: .jwt(issued.jwt!))
    }
  }

  @Test func bakingSurvivesJSONThatLooksLikeTheEndOfCDATA() throws {
    let svg = BadgeImage.svg(policy: mini.policies[0], framework: mini)
    let awkward: JSONValue = ["note": "a ]]> b ]]]]> c", "n": 1]
    let baked = try BadgeImage.bake(svg, with: .json(awkward))
    #expect(try BadgeImage.unbake(baked) == .json(awkward))
    #expect(baked.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(throws: CertificateError.self) { try BadgeImage.unbake(svg) }
  }

  /// Every credential issued passes the Open Badges 3.0 AchievementCredential JSON Schema.
  @Test func theOpenBadgesSchemaAcceptsEveryIssuedCredential() throws {
    var credentials: [JSONValue] = []
    for proofs in [[Cryptosuite.eddsaRdfc2022], [.eddsaJcs2022], [.eddsaRdfc2022, .eddsaJcs2022]] {
      for status in [nil, StatusListEntry(listCredential: site.statusListURL(), index: 17)] {
        let options = IssuanceOptions(site: site, proofs: proofs, status: status)
        credentials.append(try miniCertificate().issued(keys: SharedKeys.issuer, options: options).credential)
        credentials.append(try shippedIssue("ws-001", name: "Siân Owen", options: options).credential)
      }
    }
    let jwt = try shippedIssue("ws-002", name: "Dai Jones", options: IssuanceOptions(site: site)).jwt!
    var payload = try CompactJWS.decode(jwt).payload.objectValue!
    for claim in ["iss", "jti", "nbf", "sub"] { payload[claim] = nil }
    credentials.append(.object(payload))
    guard let errors = schemaErrors(credentials) else {
      print("skipped: python3 with jsonschema is not installed — the Open Badges 3.0 schema was not checked")
      return
    }
    #expect(errors.isEmpty, "\(errors.joined(separator: "\n"))")
    // The schema is no rubber stamp: a single proof object, or an identity type it does not know, fails.
    var single = credentials[0].objectValue!
    single["proof"] = single["proof"]!.arrayValue![0]
    let unknownType = credentials[0].replacing([.key("credentialSubject"), .key("identifier"), .index(0), .key("identityType")]) {
      _ in "nickname"
    }
    #expect(schemaErrors([.object(single), unknownType])?.count == 2)
  }

  /// One Achievement per policy version: the same object whoever earns it and whenever.
  @Test func theAchievementIsTheSameForEveryone() throws {
    let a = try shippedIssue("ws-001", name: "Siân Owen", options: IssuanceOptions(site: site))
    let b = try shippedIssue("ws-009", name: "Gareth Price", options: IssuanceOptions(site: site), now: "2027-02-01T10:00:00Z")
    let achievementA = try #require(a.credential["credentialSubject"]?["achievement"])
    #expect(achievementA == b.credential["credentialSubject"]?["achievement"])
    #expect(a.credential["credentialSubject"]?["id"] != b.credential["credentialSubject"]?["id"])
    let policy = shipped.policy(on: Day("2026-12-31")!)!
    #expect(achievementA["id"] == .string("https://cpd.example.org/achievements/wales-community-safety/\(policy.id)/\(policy.version)"))
    #expect(achievementA["name"] == .string("\(policy.title.en) (\(policy.version))"))
    #expect(achievementA["image"]?["id"]?.stringValue?.hasPrefix("data:image/svg+xml;base64,") == true)
    // Alignments: every competency of the framework, each to its published https page.
    let alignments = achievementA["alignment"]?.arrayValue ?? []
    #expect(alignments.count == shipped.competencies.count)
    for (alignment, competency) in zip(alignments, shipped.competencies) {
      #expect(alignment["targetUrl"] == .string("https://cpd.example.org/framework/competencies/\(competency.id)"))
      #expect(alignment["targetCode"] == .string(competency.id))
    }
    // The person's figures are results, pointing at the achievement's result descriptions.
    let results = a.credential["credentialSubject"]?["result"]?.arrayValue ?? []
    let descriptions = Set((achievementA["resultDescription"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue })
    #expect(results.allSatisfy { descriptions.contains($0["resultDescription"]?.stringValue ?? "") })
    let hours = results.first { $0["resultDescription"]?.stringValue?.hasSuffix("#hours") == true }
    #expect(hours?["value"] == "36")
    #expect(a.credential["credentialSubject"]?["creditsEarned"] == 36)
    let competencyResults = results.filter { $0["achievedLevel"] != nil }
    let codes: [JSONValue] = competencyResults.map { $0["alignment"]?.arrayValue?.first?["targetCode"] ?? .null }
    #expect(codes.contains("CS-LAW-01"))
    let levels = achievementA["resultDescription"]?.arrayValue?.last?["rubricCriterionLevel"]?.arrayValue ?? []
    let levelIDs = Set(levels.compactMap { $0["id"]?.stringValue })
    let achieved = Set(competencyResults.compactMap { $0["achievedLevel"]?.stringValue })
    #expect(!achieved.isEmpty && achieved.isSubset(of: levelIDs))
  }

  @Test func issuingNeedsAMetPolicyAnHTTPSSiteAndTheRightKeys() throws {
    #expect(throws: CertificateError.self) { try PublicationSite(baseURL: "http://cpd.example.org") }
    #expect(throws: CertificateError.self) { try PublicationSite(baseURL: "https://cpd.example.org/?q=1") }
    #expect(try PublicationSite(baseURL: "https://cpd.example.org/wales/").competencyURL("CS LAW") == "https://cpd.example.org/wales/framework/competencies/CS%20LAW")
    #expect(throws: CertificateError.self) {
      try miniCertificate(keys: SharedKeys.issuer).issued(keys: SharedKeys.other, options: IssuanceOptions(site: site))
    }
    let unmet = compliance { b, p in b.activity(p, "2026-02-01", .classroom, claims: [], hours: 2) }
    var w = WorkforceBuilder([mini])
    _ = w.person("p1", role: "officer", agency: "la-n")
    #expect(throws: CertificateError.self) {
      try CPDCertificate.issue(
        w.workforce, person: 0, compliance: unmet, model: .init(frameworks: [mini]), keys: SharedKeys.issuer,
        today: Day("2027-01-01")!, options: IssuanceOptions(site: site))
    }
  }
}

@Suite struct TamperingTests {
  static let issued = try! miniCertificate().issued(
    keys: SharedKeys.issuer,
    options: IssuanceOptions(site: site, status: StatusListEntry(listCredential: site.statusListURL(), index: 99)))

  /// Changing any value anywhere in the credential breaks the eddsa-rdfc-2022 proof: every field
  /// is in the canonical RDF that is signed.
  @Test func changingAnyFieldFails() throws {
    var unsecured = Self.issued.credential.objectValue!
    let proof = unsecured["proof"]!
    unsecured["proof"] = nil
    let leaves = JSONValue.object(unsecured).leaves()
    #expect(leaves.count > 60)
    var passed: [String] = []
    for (path, value) in leaves {
      var tampered = JSONValue.object(unsecured).replacing(path) { _ in altered(value) }.objectValue!
      tampered["proof"] = proof
      let outcome = CredentialVerifier.verify(credential: .object(tampered))
      if outcome.valid { passed.append(path.map(\.description).joined(separator: ".")) }
    }
    #expect(passed.isEmpty, "still valid after changing: \(passed)")
  }

  @Test func addingOrRemovingAFieldFails() throws {
    let credential = Self.issued.credential
    var added = credential.objectValue!
    added["validUntil"] = "2030-01-01T00:00:00Z"
    #expect(!CredentialVerifier.verify(credential: .object(added)).valid)
    var undefined = credential.objectValue!
    undefined["colour"] = "red"
    #expect(CredentialVerifier.verify(credential: .object(undefined)).failure?.contains("no context defines \"colour\"") == true)
    for key in credential["credentialSubject"]!.objectValue!.keys where key != "type" {
      let removed = credential.replacing([.key("credentialSubject")]) { subject in
        var s = subject.objectValue!
        s[key] = nil
        return .object(s)
      }
      #expect(!CredentialVerifier.verify(credential: removed).valid, "\(key)")
    }
    var dropped = credential.objectValue!
    dropped["credentialStatus"] = nil
    #expect(!CredentialVerifier.verify(credential: .object(dropped)).valid)
  }

  @Test func changingTheProofOptionsFails() throws {
    let credential = Self.issued.credential
    let changes: [(String, JSONValue)] = [
      ("created", "2027-01-01T00:00:00Z"), ("proofPurpose", "authentication"), ("cryptosuite", "eddsa-jcs-2022"),
      ("type", "Ed25519Signature2020"), ("nonce", "added"), ("expires", "2030-01-01T00:00:00Z"),
      ("verificationMethod", .string(SharedKeys.other.verificationMethod)),
      ("verificationMethod", .string(SharedKeys.issuer.did + "#" + DIDKey.fingerprint(for: SharedKeys.other.publicKey.raw))),
      ("proofValue", .string(Multibase.base58btc([UInt8](repeating: 1, count: 64)))),
    ]
    for (field, value) in changes {
      let tampered = credential.replacing([.key("proof"), .index(0)]) { proof in
        var p = proof.objectValue!
        p[field] = value
        return .object(p)
      }
      #expect(!CredentialVerifier.verify(credential: tampered).valid, "\(field)")
    }
    // A second proof signed by someone else spoils the set.
    var set = credential.objectValue!
    let foreign = try DataIntegrity.createProof(
      credential, suite: .eddsaJcs2022, key: SharedKeys.other.privateKey, verificationMethod: SharedKeys.other.verificationMethod,
      created: "2026-12-31T12:00:00Z")
    set["proof"] = .array(credential["proof"]!.arrayValue! + [.object(foreign)])
    #expect(CredentialVerifier.verify(credential: .object(set)).failure?.hasPrefix("proof 2 (eddsa-jcs-2022): the signing key does not belong") == true)
    var none = credential.objectValue!
    none["proof"] = []
    #expect(!CredentialVerifier.verify(credential: .object(none)).valid)
  }

  @Test func jcsProofsBreakWhenTheirContextIsStrippedOrTheDocumentChanges() throws {
    let issued = try miniCertificate().issued(keys: SharedKeys.issuer, options: IssuanceOptions(site: site, proofs: [.eddsaJcs2022]))
    #expect(CredentialVerifier.verify(credential: issued.credential).valid)
    let stripped = issued.credential.replacing([.key("proof"), .index(0)]) { proof in
      var p = proof.objectValue!
      p["@context"] = nil
      return .object(p)
    }
    #expect(CredentialVerifier.verify(credential: stripped).failure?.hasPrefix("the signature does not match") == true)
    let renamed = issued.credential.replacing([.key("name")]) { _ in "CPD certificate: someone else" }
    #expect(!CredentialVerifier.verify(credential: renamed).valid)
  }
}

@Suite struct VCJWTTests {
  static let issued = try! miniCertificate().issued(keys: SharedKeys.issuer, options: IssuanceOptions(site: site))
  var jwt: String { Self.issued.jwt! }

  @Test func aWrongSignatureFails() throws {
    var parts = jwt.split(separator: ".").map(String.init)
    var signature = Base64URL.decode(parts[2])!
    signature[10] ^= 0x40
    parts[2] = Base64URL.encode(signature)
    let outcome = CredentialVerifier.verify(jws: parts.joined(separator: "."), options: withKeys)
    #expect(outcome.failure?.hasPrefix("the JWS signature does not match the content") == true)
    // A changed payload under the old signature fails too.
    var payload = try CompactJWS.decode(jwt).payload.objectValue!
    payload["name"] = "CPD certificate: someone else"
    let forged = jwt.split(separator: ".")[0] + "." + Base64URL.encode(JSONWriter.bytes(.object(payload), style: .canonical)) + "."
      + jwt.split(separator: ".")[2]
    #expect(!CredentialVerifier.verify(jws: String(forged), options: withKeys).valid)
  }

  @Test func aWrongKeyFails() throws {
    let parts = try CompactJWS.decode(jwt)
    // Signed with another issuer's RSA key, under our kid.
    let otherKey = try #require(SharedKeys.other.rsaKey)
    let resigned = try CompactJWS.sign(payload: parts.payload, header: parts.header, key: otherKey)
    #expect(CredentialVerifier.verify(jws: resigned, options: withKeys).failure?.hasPrefix("the JWS signature does not match") == true)
    var header = parts.header.objectValue!
    header["jwk"] = SharedKeys.other.jwk!.json
    let otherJWK = try CompactJWS.sign(payload: parts.payload, header: .object(header), key: otherKey)
    #expect(CredentialVerifier.verify(jws: otherJWK, options: withKeys).failure == "the key in its JWS header is not the issuer's published key \(SharedKeys.issuer.jwk!.keyID!)")
    header["jwk"] = nil
    let bare = try CompactJWS.sign(payload: parts.payload, header: .object(header), key: otherKey)
    #expect(CredentialVerifier.verify(jws: bare, options: withKeys).failure?.hasPrefix("the JWS signature does not match") == true)
    // The other issuer's own key and kid: the kid is not the credential issuer's.
    header["kid"] = .string(SharedKeys.other.jwk!.keyID!)
    let theirs = try CompactJWS.sign(payload: parts.payload, header: .object(header), key: otherKey)
    let both = VerificationOptions(keyDocuments: [SharedKeys.keyDocument, SharedKeys.otherKeyDocument])
    #expect(CredentialVerifier.verify(jws: theirs, options: both).failure?.contains("does not belong to the issuer") == true)
    // Without the issuer's key document the RSA key cannot be trusted.
    #expect(CredentialVerifier.verify(jws: jwt).failure?.contains("is not one the issuer published") == true)
    // A key document with the JWK swapped no longer verifies, so its key is not taken.
    let swapped = SharedKeys.keyDocument.replacing([.key("verificationMethod"), .index(1), .key("publicKeyJwk")]) { _ in
      SharedKeys.other.jwk!.json
    }
    #expect(!CredentialVerifier.verify(jws: jwt, options: VerificationOptions(keyDocuments: [swapped])).valid)
    // A JWK the caller vouches for works in place of the key document.
    #expect(CredentialVerifier.verify(jws: jwt, options: VerificationOptions(rsaKeys: [SharedKeys.issuer.jwk!])).valid)
  }

  @Test func theHeaderAndClaimsAreChecked() throws {
    let parts = try CompactJWS.decode(jwt)
    let rsa = try #require(SharedKeys.issuer.rsaKey)
    func signed(header: (inout JSONObject) -> Void = { _ in }, payload: (inout JSONObject) -> Void = { _ in }) throws -> String {
      var h = parts.header.objectValue!
      var p = parts.payload.objectValue!
      header(&h)
      payload(&p)
      return try CompactJWS.sign(payload: .object(p), header: .object(h), key: rsa)
    }
    #expect(CredentialVerifier.verify(jws: try signed(), options: withKeys).valid)
    let cases: [(String, String)] = [
      (try signed(header: { $0["alg"] = "none" }), "its JWS algorithm is \"none\", not RS256"),
      (try signed(header: { $0["alg"] = "HS256" }), "its JWS algorithm is \"HS256\", not RS256"),
      (try signed(header: { $0["typ"] = "vc+ld+json" }), "its JWS type is \"vc+ld+json\", not JWT"),
      (try signed(header: { $0["kid"] = nil }), "its JWS header names no key (kid)"),
      (try signed(payload: { $0["jti"] = "urn:uuid:another" }), "its jti claim is not the credential's id"),
      (try signed(payload: { $0["nbf"] = 0 }), "its nbf claim is not the credential's validFrom"),
      (try signed(payload: { $0["sub"] = "urn:uuid:someone-else" }), "its sub claim is not the credential subject's id"),
      (try signed(payload: { $0["iss"] = "did:example:x" }), "its iss claim is not the credential's issuer"),
    ]
    for (token, reason) in cases {
      #expect(CredentialVerifier.verify(jws: token, options: withKeys).failure == reason)
    }
    // The embedded proof inside the payload is checked as well.
    let broken = try signed(payload: { p in
      p["name"] = "changed, and re-signed by the JWT key only"
    })
    #expect(CredentialVerifier.verify(jws: broken, options: withKeys).failure?.hasPrefix("its embedded proof:") == true)
    #expect(CredentialVerifier.verify(Array("not.a.jws!".utf8)).failure != nil)
  }
}

@Suite struct StatusListTests {
  static let entry = StatusListEntry(listCredential: site.statusListURL(), index: 1_234)
  static let issued = try! miniCertificate().issued(
    keys: SharedKeys.issuer, options: IssuanceOptions(site: site, status: entry))

  func list(_ revoked: Set<Int>, keys: IssuerKeys = SharedKeys.issuer, validUntil: String? = nil) throws -> JSONValue {
    try StatusList.credential(
      url: site.statusListURL(), revoked: revoked, keys: keys, validFrom: "2027-01-01T00:00:00Z", validUntil: validUntil)
  }

  @Test func theEntryAndTheListHaveTheSpecifiedShape() throws {
    #expect(
      Self.entry.json == [
        "id": "https://cpd.example.org/status/revocation#1234", "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation", "statusListIndex": "1234",
        "statusListCredential": "https://cpd.example.org/status/revocation",
      ])
    #expect(StatusListEntry(Self.entry.json) == Self.entry)
    let credential = try list([5])
    #expect(credential["type"] == ["VerifiableCredential", "BitstringStatusListCredential"])
    #expect(credential["credentialSubject"]?["type"] == "BitstringStatusList")
    #expect(credential["credentialSubject"]?["id"] == "https://cpd.example.org/status/revocation#list")
    #expect(CredentialVerifier.verify(credential: credential).valid)
    let bits = try Bitstring(encoded: credential["credentialSubject"]!["encodedList"]!.stringValue!)
    #expect(bits.length == StatusList.minimumLength)
    #expect(bits[5] && !bits[4] && !bits[6])
    #expect(bits.bytes[0] == 0b0000_0100, "index 0 is the leftmost bit")
    #expect(throws: CertificateError.self) { try self.list([StatusList.minimumLength]) }
  }

  @Test func aRevokedCredentialFailsAndAnActiveOnePasses() throws {
    let revoked = CredentialVerifier.verify(credential: Self.issued.credential, options: VerificationOptions(statusLists: [try list([1_234])]))
    #expect(revoked.failure == "it was revoked by its issuer (status list https://cpd.example.org/status/revocation, entry 1234)")
    #expect(revoked.status.first?.state == .set)
    let active = CredentialVerifier.verify(credential: Self.issued.credential, options: VerificationOptions(statusLists: [try list([1_233, 1_235])]))
    #expect(active.valid)
    #expect(active.status.first?.state == .clear)
    #expect(!active.statusUnchecked)
    // The JWT and the badge carry the same status.
    #expect(!CredentialVerifier.verify(jws: Self.issued.jwt!, options: VerificationOptions(keyDocuments: [SharedKeys.keyDocument], statusLists: [try list([1_234])])).valid)
    #expect(!CredentialVerifier.verify(Array(Self.issued.badge.utf8), options: VerificationOptions(statusLists: [try list([1_234])])).valid)
  }

  @Test func onlyTheIssuersOwnValidListCounts() throws {
    let foreign = CredentialVerifier.verify(credential: Self.issued.credential, options: VerificationOptions(statusLists: [try list([], keys: SharedKeys.other)]))
    #expect(foreign.failure?.contains("is issued by \(SharedKeys.other.did), not by its issuer") == true)
    // A list edited after signing (the bit cleared again) is not believed.
    let genuine = try list([1_234])
    let cleared = genuine.replacing([.key("credentialSubject"), .key("encodedList")]) { _ in .string(Bitstring(length: StatusList.minimumLength).encoded) }
    #expect(CredentialVerifier.verify(credential: Self.issued.credential, options: VerificationOptions(statusLists: [cleared])).failure?.contains("is not valid") == true)
    let expired = try list([], validUntil: "2027-02-01T00:00:00Z")
    let late = VerificationOptions(statusLists: [expired], now: XSDDateTime.parse("2027-03-01T00:00:00Z"))
    #expect(CredentialVerifier.verify(credential: Self.issued.credential, options: late).failure?.contains("expired") == true)
    // A list for another URL does not answer for this entry.
    let elsewhere = try StatusList.credential(url: site.statusListURL("other"), revoked: [1_234], keys: SharedKeys.issuer, validFrom: "2027-01-01T00:00:00Z")
    let unrelated = CredentialVerifier.verify(credential: Self.issued.credential, options: VerificationOptions(statusLists: [elsewhere]))
    #expect(unrelated.valid && unrelated.statusUnchecked)
  }

  @Test func indexesAreDrawnAtRandomWithoutRepeats() {
    var used = Set<Int>()
    for _ in 0..<500 { used.insert(StatusList.randomIndex(excluding: used)!) }
    #expect(used.count == 500)
    #expect(used.allSatisfy { (0..<StatusList.minimumLength).contains($0) })
    #expect(StatusList.randomIndex(excluding: Set(0..<8), length: 8) == nil)
  }
}

/// The issued credentials checked by independent implementations: PyLD for JSON-LD and RDF
/// canonicalisation, pyca/cryptography for Ed25519 and RS256.
@Suite struct IndependentCheckTests {
  @Test func pyldAndPycaAgree() throws {
    guard pythonHas("pyld", "cryptography") else {
      print("skipped: PyLD or pyca/cryptography is not installed for python3 — no independent check was made")
      return
    }
    let dir = TemporaryDirectory()
    for (url, document) in KnownContexts.documents.documents {
      dir.write("contexts/" + Digest.sha256(url).hexString + ".json", JSONWriter.string(document))
    }
    let issued = try shippedIssue(
      "ws-003", name: "Ffion Ellis",
      options: IssuanceOptions(site: site, proofs: [.eddsaRdfc2022, .eddsaJcs2022], status: StatusListEntry(listCredential: site.statusListURL(), index: 3)))
    dir.write("credential.json", issued.json)
    dir.write("credential.jwt", issued.jwt!)
    dir.write("keys.json", JSONWriter.string(SharedKeys.keyDocument))
    dir.write("list.json", JSONWriter.string(try StatusList.credential(url: site.statusListURL(), revoked: [3], keys: SharedKeys.issuer, validFrom: "2027-01-01T00:00:00Z")))
    let script = fixtures + "/independent_check.py"
    let run = try #require(python([script, dir.file("contexts"), dir.file("credential.json"), dir.file("credential.jwt"), dir.file("keys.json")]))
    #expect(run.status == 0, "\(run.output)\(run.error)")
    #expect(run.output.components(separatedBy: "\nok ").count >= 7, "\(run.output)")
    let list = try #require(python([script, dir.file("contexts"), dir.file("list.json")]))
    #expect(list.status == 0, "\(list.output)\(list.error)")
  }
}
