import Certificates
import Competency
import Foundation
import JSON
import Records
import RecordsSQLite
import Workforce

/// A certificate issued, or why not.
public enum CertificateOutcome: Sendable {
  case issued(certificate: CPDCertificate, signed: JSONValue)
  /// The policy is not met yet: what is missing, in one sentence.
  case notMet(String)
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
    SQLiteStore.keysDirectory(forPath: location.value)
  }
}

extension Service {
  /// Creates the issuer's Ed25519 key pair (the private key readable by its owner only).
  public func createIssuerKeys(name: String, directory: String?, replacing: Bool) throws(RecordsError) -> IssuerKeys {
    try actor.require(.manageFramework)
    do {
      return try IssuerKeys.create(in: directory ?? store.keysDirectory, name: name, replacing: replacing)
    } catch {
      throw error.recordsError
    }
  }

  /// A CPD certificate for a period, when the person has met the CPD policy in effect on its
  /// last day: the credential signed with the issuer's key.
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
    guard compliance.isMet else {
      var message = "\(workforce.people[person].id) has not yet met \(compliance.policy.title.en) (\(compliance.policy.version)) for \(period): "
        + compliance.shortfalls.joined(separator: "; ")
      if compliance.pendingActivities > 0 {
        let n = compliance.pendingActivities
        let unknown = compliance.pendingWithoutHours
        let hours =
          unknown == 0
          ? "\(JSONWriter.formatTenths(compliance.pendingHours)) hours"
          : "\(JSONWriter.formatTenths(compliance.pendingHours)) hours, and \(unknown) whose hours the verifier is to confirm"
        message += "; \(n) \(n == 1 ? "activity" : "activities") (\(hours)) \(n == 1 ? "awaits" : "await") sign-off"
      }
      return .notMet(message)
    }
    do {
      let keys = try IssuerKeys.load(from: keysDirectory)
      let issued = try CPDCertificate.issue(workforce, person: person, compliance: compliance, model: model, keys: keys, today: today)
      return .issued(certificate: issued.certificate, signed: issued.signed)
    } catch let error as CertificateError {
      throw error.recordsError
    } catch {
      throw .storage("cannot sign the certificate: \(error)")
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
    /// True when no trusted issuer was at hand, so only the signature was checked.
    public var issuerUnchecked: Bool
    /// The signed bytes, signature and public key, for checking again with OpenSSL.
    public var explanation: [(name: String, bytes: [UInt8])]
  }

  /// Checks the proof, then that the signer is trusted: one of `trusted`, else the issuer whose
  /// keys are in `keysDirectory` (a valid signature alone proves little: anyone can make keys).
  public static func verify(_ bytes: [UInt8], file: String, trusted: [String], keysDirectory: String) throws(RecordsError)
    -> Outcome
  {
    let credential: JSONValue
    do {
      credential = try JSONParser.parse(bytes)
    } catch {
      throw .invalid("", .malformed, "\(file): not JSON: \(error)")
    }
    let result = DataIntegrity.verify(credential)
    var explanation: [(String, [UInt8])] = []
    if let key = result.publicKey, !result.signature.isEmpty {
      explanation = [("signed-data.bin", result.signedData), ("signature.bin", result.signature), ("issuer-public.pem", Array(key.pem.utf8))]
    }
    let did = result.issuerDID ?? "?"
    let name = printable(result.issuerName ?? "an unnamed issuer")
    var outcome = Outcome(
      failure: nil, issuerName: name, issuerDID: did,
      subject: printable(credential["credentialSubject"]?["identifier"]?.arrayValue?.first?["identityHash"]?.stringValue ?? "?"),
      validFrom: String(printable(credential["validFrom"]?.stringValue ?? "?").prefix(10)), issuerUnchecked: false,
      explanation: explanation)
    guard result.valid else {
      outcome.failure = "\(file): not valid: \(result.reason ?? "unknown reason")"
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
