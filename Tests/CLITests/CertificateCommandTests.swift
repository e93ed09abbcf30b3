import Foundation
import JSON
import TestSupport
import Testing

/// A reflection long enough (over 100 words) to be a reflective account under the shipped policies.
let fullReflection = Array(repeating: "I applied the information-sharing protocol in a case meeting and will review it with my manager.", count: 7)
  .joined(separator: " ")

@Suite struct CertificateCommandTests {
  /// Logs and (optionally) verifies an activity for p1, returning its id.
  @discardableResult
  func log(_ store: String, date: String, kind: String, hours: String, reflection: String? = nil, verify: Bool = true) -> String {
    var args = ["log", "--practitioner", "p1", "--date", date, "--kind", kind, "--hours", hours, "--title", "CPD", "--store", store]
    if let reflection { args += ["--reflection", reflection] }
    let id = runCPD(args).stdout.trimmingCharacters(in: .newlines)
    if verify { _ = runCPD(["verify", id, "--by", "mgr", "--store", store]) }
    return id
  }

  @Test func aCertificateIsRefusedUntilThePolicyIsMetThenIssuedAndVerified() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
    #expect(runCPD(["keys", "init", "--store", store]).status == 64, "a site is required")
    #expect(runCPD(["keys", "init", "--site", "http://cpd.example.org", "--store", store]).status == 65, "https only")
    #expect(runCPD(["keys", "init", "--site", "https://cpd.example.org", "--store", store]).status == 0)
    let privateKey = try FileManager.default.attributesOfItem(atPath: store + "-keys/issuer-private.pem")
    #expect((privateKey[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    #expect(runCPD(["keys", "init", "--site", "https://cpd.example.org", "--store", store]).status == 1, "existing keys are never silently replaced")

    // 2025 is under the 2024.1 policy: 20 hours, 10 participatory, 1 reflective account.
    log(store, date: "2025-03-01", kind: "classroom", hours: "8")
    log(store, date: "2025-05-01", kind: "reading", hours: "6")
    log(store, date: "2025-07-01", kind: "workshop", hours: "5", verify: false)
    let refused = runCPD(["certificate", "p1", "--period", "2025", "--store", store])
    #expect(refused.status == 1)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr.hasPrefix("error: p1 has not yet met"))
    #expect(refused.stderr.contains("14 of 20 hours (6 to go)"))
    #expect(refused.stderr.contains("8 of 10 participatory hours (2 to go)"))
    #expect(refused.stderr.contains("0 of 1 reflective accounts (a reflection of at least 100 words)"))
    #expect(refused.stderr.contains("1 activity (5 hours) awaits sign-off"))

    // A token reflection is no reflective account: the policy decides what is.
    log(store, date: "2025-09-01", kind: "workshop", hours: "4", reflection: ".")
    log(store, date: "2025-11-01", kind: "mentoring-received", hours: "2")
    let token = runCPD(["certificate", "p1", "--period", "2025", "--store", store])
    #expect(token.status == 1)
    #expect(token.stderr.contains("0 of 1 reflective accounts"))
    log(store, date: "2025-10-01", kind: "reflective-account", hours: "1", reflection: fullReflection)
    let issued = runCPD(["certificate", "p1", "--period", "2025", "--store", store, "-o", dir.file("cert.json")])
    #expect(issued.status == 0, "\(issued.stderr)")
    let credential = try JSONParser.parse(dir.read("cert.json") ?? "")
    #expect(credential["type"]?.arrayValue?.contains("OpenBadgeCredential") == true)
    #expect(credential["proof"]?.arrayValue?.compactMap { $0["cryptosuite"]?.stringValue } == ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
    // One issue, one credential in every form, written side by side.
    let id = try #require(credential["id"]?.stringValue)
    #expect(issued.stdout.hasPrefix("\(id): issued to p1 for 2025"))
    #expect(dir.read("cert.html")?.contains(id) == true)
    #expect(dir.read("cert.svg")?.contains(id) == true)
    #expect(dir.read("cert.jwt")?.split(separator: ".").count == 3)

    let verified = runCPD(["certificate", "verify", dir.file("cert.json"), "--explain", dir.file("explain"), "--store", store])
    #expect(verified.status == 0, "\(verified.stderr)")
    #expect(verified.stdout.contains("valid (JSON with Data Integrity proofs: eddsa-rdfc-2022 and eddsa-jcs-2022): issued by Wales Safer Communities Network (did:key:z6Mk"))
    #expect(verified.stderr.contains("whether it has been revoked was not checked"))
    for form in ["cert.jwt", "cert.svg", "cert.html"] where form != "cert.html" {
      let other = runCPD(["certificate", "verify", dir.file(form), "--store", store])
      #expect(other.status == 0, "\(form): \(other.stderr)")
    }

    // The same signature checks out with the openssl command line.
    let openssl = Process()
    openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
    openssl.arguments = [
      "pkeyutl", "-verify", "-pubin", "-inkey", dir.file("explain/issuer-public.pem"), "-rawin",
      "-in", dir.file("explain/signed-data.bin"), "-sigfile", dir.file("explain/signature.bin"),
    ]
    openssl.standardOutput = Pipe()
    try openssl.run()
    openssl.waitUntilExit()
    #expect(openssl.terminationStatus == 0)

    // Raising the hours on the certificate breaks it.
    let original = dir.read("cert.json") ?? ""
    let tampered = original.replacingOccurrences(of: "\"creditsEarned\": 21,", with: "\"creditsEarned\": 200,")
    #expect(tampered != original)
    try tampered.write(toFile: dir.file("tampered.json"), atomically: true, encoding: .utf8)
    let rejected = runCPD(["certificate", "verify", dir.file("tampered.json")])
    #expect(rejected.status == 1)
    #expect(rejected.stderr.hasPrefix("error: \(dir.file("tampered.json")): not valid:"))

    let welsh = runCPD(["certificate", "issue", "p1", "--period", "2025", "--format", "html", "--lang", "cy", "--store", store, "-o", dir.file("cert.html")])
    #expect(welsh.status == 0, "\(welsh.stderr)")
    let html = dir.read("cert.html") ?? ""
    #expect(html.contains("lang=\"cy\""))
    #expect(html.contains("Rhys Evans"))
    // The page carries its own signed credential.
    #expect(html.contains("<details>"))
    #expect(html.contains("eddsa-rdfc-2022"))
  }

  /// The register keeps every certificate; a revoked one fails against the published list, and
  /// the others still pass.
  @Test func revokedCertificatesFailAgainstThePublishedList() throws {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
    #expect(runCPD(["keys", "init", "--site", "https://cpd.example.org", "--store", store]).status == 0)
    for (date, kind) in [("2025-03-01", "classroom"), ("2025-06-01", "workshop"), ("2025-09-01", "on-the-job")] {
      log(store, date: date, kind: kind, hours: "8", reflection: fullReflection)
    }
    #expect(runCPD(["certificate", "p1", "--period", "2025", "--store", store, "-o", dir.file("a.json")]).status == 0)
    #expect(runCPD(["certificate", "p1", "--period", "2025", "--store", store, "-o", dir.file("b.json")]).status == 0)
    let a = try #require(try JSONParser.parse(dir.read("a.json") ?? "")["id"]?.stringValue)
    let list = try JSONParser.parse(runCPD(["certificate", "list", "--format", "json", "--store", store]).stdout).arrayValue ?? []
    #expect(list.count == 2)
    #expect(Set(list.compactMap { $0["status"]?["index"]?.intValue }).count == 2, "each has its own slot")
    #expect(list.allSatisfy { $0["practitioner"] == "p1" && $0["revokedAt"] == .null })

    #expect(runCPD(["certificate", "revoke", a, "--store", store]).status == 64, "a reason is required")
    #expect(runCPD(["certificate", "revoke", a, "--reason", " ", "--store", store]).status == 65)
    let revoked = runCPD(["certificate", "revoke", a, "--reason", "Issued in error: hours double counted", "--store", store])
    #expect(revoked.status == 0, "\(revoked.stderr)")
    #expect(runCPD(["certificate", "revoke", a, "--reason", "again", "--store", store]).status == 65, "once only")
    #expect(runCPD(["certificate", "revoke", "urn:uuid:nope", "--reason", "x", "--store", store]).status == 65)
    // A practitioner may not revoke, nor read the whole register.
    #expect(runCPD(["user", "add", "rhys", "--as", "practitioner", "--practitioner", "p1", "--store", store]).status == 0)
    #expect(runCPD(["certificate", "revoke", a, "--reason", "x", "--user", "rhys", "--store", store]).status != 0)
    #expect(runCPD(["certificate", "list", "--user", "rhys", "--store", store]).status != 0)
    #expect(runCPD(["certificate", "list", "--practitioner", "p1", "--user", "rhys", "--store", store]).status == 0)

    let published = runCPD(["certificate", "status-list", "-o", dir.file("revocation.json"), "--store", store])
    #expect(published.status == 0, "\(published.stderr)")
    #expect(published.stderr.contains("1 revoked; publish it at https://cpd.example.org/status/revocation"))
    let failed = runCPD(["certificate", "verify", dir.file("a.json"), "--status-list", dir.file("revocation.json"), "--store", store])
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("revoked"), "\(failed.stderr)")
    let standing = runCPD(["certificate", "verify", dir.file("b.json"), "--status-list", dir.file("revocation.json"), "--store", store])
    #expect(standing.status == 0, "\(standing.stderr)")
    #expect(standing.stderr.isEmpty)
    // The VC-JWT form is revoked too: it is the same credential.
    #expect(runCPD(["certificate", "verify", dir.file("a.jwt"), "--status-list", dir.file("revocation.json"), "--store", store]).status == 1)

    // Erasing the holder revokes what they held and keeps the slots given out.
    #expect(runCPD(["erase", "person", "p1", "--confirm", "--store", store]).status == 0)
    let after = try JSONParser.parse(runCPD(["certificate", "list", "--format", "json", "--store", store]).stdout).arrayValue ?? []
    #expect(after.count == 2)
    #expect(after.allSatisfy { $0["practitioner"] == .null && $0["revokedAt"] != .null })
    #expect(runCPD(["audit", "verify", "--store", store]).status == 0)
  }

  @Test func onlyATrustedIssuerPasses() throws {
    // Two bodies, each with keys named "Wales Safer Communities Network"; each issues p1 a certificate.
    let dir = TemporaryDirectory()
    let places = [TemporaryDirectory(), TemporaryDirectory()]
    var stores: [String] = []
    for (name, place) in zip(["real", "forger"], places) {
      let store = makeCLIStore(place)
      #expect(runCPD(["keys", "init", "--site", "https://\(name).example.org", "--store", store]).status == 0)
      for (date, kind) in [("2025-03-01", "classroom"), ("2025-06-01", "workshop"), ("2025-09-01", "on-the-job")] {
        log(store, date: date, kind: kind, hours: "8", reflection: fullReflection)
      }
      #expect(runCPD(["certificate", "p1", "--period", "2025", "--store", store, "-o", dir.file("\(name).json")]).status == 0)
      stores.append(store)
    }
    let realDID = try #require(runCPD(["certificate", "verify", dir.file("real.json"), "--store", stores[0]]).stdout
      .split(separator: "(").last?.split(separator: ")").first.map(String.init))
    #expect(realDID.hasPrefix("did:key:z6Mk"))
    // The forger's signature is sound, but theirs is not the trusted key.
    let forged = runCPD(["certificate", "verify", dir.file("forger.json"), "--store", stores[0]])
    #expect(forged.status == 1)
    #expect(forged.stderr.contains("not by a trusted issuer (\(realDID))"))
    #expect(runCPD(["certificate", "verify", dir.file("forger.json"), "--issuer", realDID]).status == 1)
    #expect(runCPD(["certificate", "verify", dir.file("real.json"), "--issuer", realDID]).status == 0)
    // With no trusted issuer at hand, the signature is checked and the gap said.
    let unchecked = runCPD(["certificate", "verify", dir.file("forger.json")], in: dir.path)
    #expect(unchecked.status == 0)
    #expect(unchecked.stderr.hasPrefix("warning: "))
  }

  @Test func certificateInputsAreChecked() {
    let dir = TemporaryDirectory()
    let store = makeCLIStore(dir)
    #expect(runCPD(["certificate", "p1", "--store", store]).status == 64)
    #expect(runCPD(["certificate", "p1", "--period", "2025-13-01:2025-12-31", "--store", store]).status == 64)
    #expect(runCPD(["certificate", "nobody", "--period", "2025", "--store", store]).status == 65)
    try? "{not json".write(toFile: dir.file("bad.json"), atomically: true, encoding: .utf8)
    let bad = runCPD(["certificate", "verify", dir.file("bad.json")])
    #expect(bad.status == 65)
    #expect(bad.stderr.hasPrefix("error: \(dir.file("bad.json")): it is not JSON"))
  }
}
