import Certificates
import Competency
import Cryptography
import Foundation
import JSON
import Records
import RecordsSQLite
import Workforce

/// A certificate issued (one credential in every form, and its register entry), or why not.
public enum CertificateOutcome: Sendable {
  case issued(IssuedCertificate, entry: CertificateEntry)
  /// The policy is not met yet, and what is missing.
  case notMet(CertificateNotMet)
}

/// Why a certificate cannot be issued yet: the person's standing against the policy, whose
/// `missing` items a front end words in its reader's language. `description` is the English
/// sentence the command line prints.
public struct CertificateNotMet: Sendable, CustomStringConvertible {
  public var person: String
  public var compliance: CPDCompliance

  public var missing: [CPDShortfall] { compliance.missing }

  public var description: String {
    let k = compliance
    var message = "\(person) has not yet met \(k.policy.title.en) (\(k.policy.version)) for \(k.period): " + k.shortfalls.joined(separator: "; ")
    if k.pendingActivities > 0 {
      let n = k.pendingActivities
      let unknown = k.pendingWithoutHours
      let hours =
        unknown == 0
        ? "\(JSONWriter.formatTenths(k.pendingHours)) hours"
        : "\(JSONWriter.formatTenths(k.pendingHours)) hours, and \(unknown) whose hours the verifier is to confirm"
      message += "; \(n) \(n == 1 ? "activity" : "activities") (\(hours)) \(n == 1 ? "awaits" : "await") sign-off"
    }
    return message
  }
}

extension CertificateError {
  var recordsError: RecordsError {
    switch self {
    case .invalid(let why): .invalid("", .malformed, why)
    case .noKeys, .keysExist, .unreadable: .storage(description)
    }
  }
}

extension Workspace {
  /// Where a store keeps its issuer keys, without opening it.
  public static func keysDirectory(for location: StoreLocation) -> String {
    location.isNetwork ? location.files[0] : SQLiteStore.keysDirectory(forPath: location.value)
  }
}

extension Service {
  /// Creates the issuer's keys (Ed25519 for proofs, RSA for VC-JWT; private keys readable by
  /// their owner only) and records where the issuer publishes.
  public func createIssuerKeys(name: String, site: String, directory: String?, replacing: Bool) throws(RecordsError)
    -> IssuerKeys
  {
    try actor.require(.manageFramework)
    let site = try Self.site(site)
    do {
      let keys = try IssuerKeys.create(in: directory ?? store.keysDirectory, name: name, replacing: replacing)
      try IssuerKeys.setSite(site, in: keys.directory)
      return keys
    } catch {
      throw error.recordsError
    }
  }

  /// Changes where the issuer publishes (certificates already issued keep their addresses).
  public func setIssuerSite(_ site: String, directory: String?) throws(RecordsError) -> PublicationSite {
    try actor.require(.manageFramework)
    let site = try Self.site(site)
    do {
      try IssuerKeys.setSite(site, in: directory ?? store.keysDirectory)
      return site
    } catch {
      throw error.recordsError
    }
  }

  static func site(_ text: String) throws(RecordsError) -> PublicationSite {
    do {
      return try PublicationSite(baseURL: text)
    } catch {
      throw .invalid("site", .malformed, "\(text) is not an https address without query or fragment")
    }
  }

  /// The issuer's keys and publication site, ready to sign (an RSA key is added to a key folder
  /// made before VC-JWT support).
  static func issuer(in directory: String) throws(RecordsError) -> (keys: IssuerKeys, site: PublicationSite) {
    do {
      let keys = try IssuerKeys.addRSAKeyIfMissing(in: directory)
      guard let site = try IssuerKeys.site(in: directory) else {
        throw RecordsError.invalid(
          "site", .required, "\(directory): the issuer has no publication site (set one with 'cpd keys site https://...')")
      }
      return (keys, site)
    } catch let error as CertificateError {
      throw error.recordsError
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(directory): \(error)")
    }
  }

  /// A CPD certificate for a period, when the person has met the CPD policy in effect on its
  /// last day: one credential (JSON with proofs, VC-JWT, baked badge, printable page), given a
  /// slot in the issuer's revocation list and recorded in the register.
  public func certificate(_ id: String, period: CPDPeriod, keysDirectory: String?) throws(RecordsError) -> CertificateOutcome {
    _ = try person(id) { .readRecords($0) }
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: .people([id]))
    guard !workforce.people.isEmpty else { throw .invalid("practitioner", .unknown, "unknown practitioner \"\(id)\"") }
    return try certificate(workforce, person: 0, period: period, keysDirectory: keysDirectory ?? store.keysDirectory)
  }

  func certificate(_ workforce: Workforce, person: Int, period: CPDPeriod, keysDirectory: String) throws(RecordsError)
    -> CertificateOutcome
  {
    guard let compliance = CPDCompliance.assess(workforce, person: person, framework: framework, period: period) else {
      throw .invalid("period", .outOfRange, "no CPD policy is in effect on \(period.end)")
    }
    guard compliance.isMet else { return .notMet(CertificateNotMet(person: workforce.people[person].id, compliance: compliance)) }
    let (keys, site) = try Self.issuer(in: keysDirectory)
    let list = site.statusListURL()
    // A slot nobody holds; two issuers racing for one are told apart by the register, and the
    // loser signs again with another.
    for _ in 0..<5 {
      guard let index = StatusList.randomIndex(excluding: try store.usedStatusIndexes(list: list)) else {
        throw .storage("the revocation list \(list) is full")
      }
      let options = IssuanceOptions(
        site: site, proofs: [.eddsaRdfc2022, .eddsaJcs2022], jwt: true, status: StatusListEntry(listCredential: list, index: index))
      let issued: IssuedCertificate
      do {
        issued = try CPDCertificate.issue(
          workforce, person: person, compliance: compliance, model: model, keys: keys, today: today, options: options)
      } catch {
        throw error.recordsError
      }
      let r = issued.record
      let entry = CertificateEntry(
        credentialID: r.credentialID, practitioner: r.practitioner, periodStart: r.period.start, periodEnd: r.period.end,
        frameworkID: r.frameworkID, frameworkVersion: r.frameworkVersion, policyID: r.policyID, policyVersion: r.policyVersion,
        achievementID: r.achievementID, status: r.status.map { StatusSlot(list: $0.listCredential, index: $0.index) },
        issuedAt: r.issuedAt, issuerDID: r.issuerDID)
      do {
        try store.register(entry, actor: actor.auditActor)
        return .issued(issued, entry: entry)
      } catch {
        guard error.inputError?.field == "status" && error.inputError?.rule == .duplicate else { throw error }
      }
    }
    throw .storage("could not find a free slot in the revocation list \(list)")
  }

  /// The register: every certificate (for those who manage it), or one person's.
  public func certificates(of practitioner: String?) throws(RecordsError) -> [CertificateEntry] {
    if let practitioner {
      _ = try person(practitioner) { .readRecords($0) }
    } else {
      try actor.require(.manageCertificates)
    }
    return try store.certificates(of: practitioner)
  }

  /// Revokes a certificate; the next status list published says so.
  public func revokeCertificate(_ credentialID: String, reason: String) throws(RecordsError) -> CertificateEntry {
    try actor.require(.manageCertificates)
    return try store.revoke(try rules.checkRevocation(credentialID: credentialID, reason: reason), actor: actor.auditActor)
  }

  /// The issuer's revocation list as a signed Bitstring Status List credential, to publish at
  /// its address (`validUntil` tells verifiers when to fetch it again).
  public func statusList(keysDirectory: String?, validFor days: Int = 7) throws(RecordsError)
    -> (url: String, credential: JSONValue, revoked: Int)
  {
    try actor.require(.manageCertificates)
    let (keys, site) = try Self.issuer(in: keysDirectory ?? store.keysDirectory)
    let url = site.statusListURL()
    let revoked = Set(
      try store.certificates(of: nil).compactMap { entry -> Int? in
        guard entry.isRevoked, let slot = entry.status, slot.list == url else { return nil }
        return slot.index
      })
    let now = Date()
    do {
      let credential = try StatusList.credential(
        url: url, revoked: revoked, keys: keys, validFrom: XSDDateTime.format(now),
        validUntil: XSDDateTime.format(now.addingTimeInterval(Double(days) * 86_400)))
      return (url, credential, revoked.count)
    } catch {
      throw error.recordsError
    }
  }
}

/// Checking a certificate someone hands over: no records needed.
public enum CertificateCheck {
  /// What a check found.
  public struct Outcome: Sendable {
    /// Nil when the certificate is valid and issued by a trusted issuer; else why not.
    public var failure: String?
    public var issuerName: String
    public var issuerDID: String
    public var subject: String
    public var validFrom: String
    /// The form checked, and each proof's suite.
    public var form: String
    /// True when no trusted issuer was at hand, so only the signature was checked.
    public var issuerUnchecked: Bool
    /// True when the certificate has a revocation entry and no status list was given.
    public var statusUnchecked: Bool
    /// The signed bytes, signature and public key, for checking again with OpenSSL.
    public var explanation: [(name: String, bytes: [UInt8])]
  }

  /// Checks every proof (or the JWS), the status when `statusLists` are given, then that the
  /// signer is trusted: one of `trusted`, else the issuer whose keys are in `keysDirectory` (a
  /// valid signature alone proves little: anyone can make keys). The issuer's published key
  /// document in `keysDirectory`, and any in `keyDocuments`, vouch for VC-JWT keys.
  public static func verify(
    _ bytes: [UInt8], file: String, trusted: [String], keysDirectory: String, statusLists: [[UInt8]] = [],
    keyDocuments: [[UInt8]] = []
  ) throws(RecordsError) -> Outcome {
    func parsed(_ list: [[UInt8]], _ what: String) throws(RecordsError) -> [JSONValue] {
      var out: [JSONValue] = []
      for bytes in list {
        do {
          out.append(try JSONParser.parse(bytes))
        } catch {
          throw .invalid(what, .malformed, "not JSON: \(error)")
        }
      }
      return out
    }
    var documents = try parsed(keyDocuments, "key-document")
    if let own = IssuerKeys.publishedKeyDocument(in: keysDirectory) { documents.append(own) }
    let options = VerificationOptions(keyDocuments: documents, statusLists: try parsed(statusLists, "status-list"), now: Date())
    let result = CredentialVerifier.verify(bytes, options: options)
    // Something that is no certificate at all is bad input, not an invalid certificate.
    if result.format == nil, let failure = result.failure { throw .invalid("", .malformed, "\(file): \(failure)") }
    var explanation: [(String, [UInt8])] = []
    if let proof = result.proofs.first, let key = proof.publicKey, let input = proof.hashInput, !proof.signature.isEmpty {
      explanation = [("signed-data.bin", input.hashData), ("signature.bin", proof.signature), ("issuer-public.pem", Array(key.pem.utf8))]
    } else if let jws = result.jws, let key = jws.key {
      explanation = [("signed-data.bin", jws.signingInput), ("signature.bin", jws.signature), ("issuer-rsa-public.pem", Array(key.pem.utf8))]
    }
    let credential = result.credential ?? .null
    let did = result.issuerDID ?? "?"
    let name = printable(result.issuerName ?? "an unnamed issuer")
    let suites = result.proofs.compactMap(\.cryptosuite)
    var outcome = Outcome(
      failure: nil, issuerName: name, issuerDID: did,
      subject: printable(credential["credentialSubject"]?["identifier"]?.arrayValue?.first?["identityHash"]?.stringValue ?? "?"),
      validFrom: String(printable(credential["validFrom"]?.stringValue ?? "?").prefix(10)),
      form: [result.format?.rawValue, suites.isEmpty ? nil : suites.joined(separator: " and ")].compactMap { $0 }
        .joined(separator: ": "),
      issuerUnchecked: false, statusUnchecked: result.statusUnchecked, explanation: explanation)
    guard result.valid else {
      outcome.failure = "\(file): not valid: \(result.failure ?? "unknown reason")"
      return outcome
    }
    var trust = trusted
    if trust.isEmpty, let own = IssuerKeys.did(in: keysDirectory) { trust = [own] }
    if !trust.isEmpty && !trust.contains(did) {
      outcome.failure =
        "\(file): not valid: it is signed by \(did) (calling itself \(name)), not by a trusted issuer (\(trust.joined(separator: ", ")))"
    }
    outcome.issuerUnchecked = trust.isEmpty
    return outcome
  }

  /// Text from the file, without control characters that could upset a terminal.
  static func printable(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }))
  }
}

extension CertificateEntry {
  /// The register entry as `cpd certificate list --format json` and the subject access export give it.
  public var json: JSONValue {
    [
      "credentialId": .string(credentialID), "practitioner": .optional(practitioner),
      "period": ["start": .string(periodStart.description), "end": .string(periodEnd.description)],
      "framework": .string(frameworkID + " " + frameworkVersion), "policy": .string(policyID + " " + policyVersion),
      "achievement": .string(achievementID),
      "status": status.map { ["list": .string($0.list), "index": .int($0.index)] } ?? .null,
      "issuedAt": .string(issuedAt), "issuer": .string(issuerDID), "revokedAt": .optional(revokedAt),
      "revocationReason": .optional(revocationReason),
    ]
  }
}
