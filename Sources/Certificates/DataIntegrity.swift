import Cryptography
import Foundation
import JSON
import LinkedData

/// The Data Integrity cryptosuites this program makes and checks (W3C Data Integrity EdDSA
/// Cryptosuites v1.0).
public enum Cryptosuite: String, Sendable, CaseIterable {
  /// RDF Dataset Canonicalization of the JSON-LD, then SHA-256 and Ed25519; the suite Open Badges
  /// 3.0 verifiers expect for embedded proofs.
  case eddsaRdfc2022 = "eddsa-rdfc-2022"
  /// JSON Canonicalization Scheme (RFC 8785), then SHA-256 and Ed25519.
  case eddsaJcs2022 = "eddsa-jcs-2022"
}

/// W3C Data Integrity proofs (`DataIntegrityProof`) with the EdDSA cryptosuites.
///
/// Hashing follows the cryptosuites exactly. For `eddsa-rdfc-2022` the proof configuration is
/// the proof options with the document's `@context` set into them, canonicalised with RDFC-1.0;
/// the proof itself carries no `@context`. For `eddsa-jcs-2022` the proof is given the
/// document's `@context` when it is made, and the configuration hashed is the proof as it is,
/// less its `proofValue`: a verifier never adds a `@context` the proof does not carry, so
/// removing or changing the proof's `@context` breaks the signature. In both, the hash data is
/// SHA-256(canonical proof configuration) ‖ SHA-256(canonical document), signed with Ed25519.
public enum DataIntegrity {
  /// The cryptosuite of the proofs `sign(_:keys:created:)` makes (kept for older callers).
  public static let cryptosuite = "eddsa-jcs-2022"

  /// What one proof's signature covers.
  public struct HashInput: Sendable, Equatable {
    public var canonicalProofConfig: [UInt8]
    public var canonicalDocument: [UInt8]
    public var proofConfigHash: [UInt8]
    public var documentHash: [UInt8]
    /// proofConfigHash ‖ documentHash: the bytes signed.
    public var hashData: [UInt8] { proofConfigHash + documentHash }
  }

  /// The transformation and hashing of a cryptosuite: `document` is the unsecured document as
  /// the proof covers it (no `proof`, or, for a proof in a chain, just the previous proofs it
  /// names), `proofOptions` the proof without its value.
  public static func hashInput(
    document: JSONValue, proofOptions: JSONObject, contexts: ContextDocuments = KnownContexts.documents
  ) throws(CertificateError) -> HashInput {
    let unsecured = document.objectValue ?? JSONObject()
    var config = proofOptions
    config["proofValue"] = nil
    guard config["type"] == "DataIntegrityProof" else { throw .invalid("the proof is not a DataIntegrityProof") }
    if let created = config["created"] {
      guard let text = created.stringValue, XSDDateTime.parse(text) != nil else {
        throw .invalid("the proof's created time is not an XML Schema dateTime")
      }
    }
    let canonicalConfig: [UInt8]
    let canonicalDocument: [UInt8]
    switch config["cryptosuite"]?.stringValue.flatMap(Cryptosuite.init(rawValue:)) {
    case .eddsaJcs2022:
      canonicalConfig = JSONWriter.bytes(.object(config), style: .canonical)
      canonicalDocument = JSONWriter.bytes(.object(unsecured), style: .canonical)
    case .eddsaRdfc2022:
      config["@context"] = unsecured["@context"]
      do {
        canonicalConfig = Array(try RDFC10.canonicalNQuads(try JSONLD.toRDF(.object(config), contexts: contexts)).utf8)
        canonicalDocument = Array(try RDFC10.canonicalNQuads(try JSONLD.toRDF(.object(unsecured), contexts: contexts)).utf8)
      } catch {
        throw .invalid("its content cannot be canonicalised: \(error)")
      }
    case nil:
      throw .invalid("the proof's cryptosuite \(config["cryptosuite"].map { JSONWriter.string($0, style: .compact) } ?? "(none)") is not one this program checks")
    }
    return HashInput(
      canonicalProofConfig: canonicalConfig, canonicalDocument: canonicalDocument,
      proofConfigHash: Digest.sha256(canonicalConfig), documentHash: Digest.sha256(canonicalDocument))
  }

  /// A new proof over `document` (whose existing proofs it does not cover: a proof set, not a
  /// chain), made with `key`.
  public static func createProof(
    _ document: JSONValue, suite: Cryptosuite, key: Ed25519PrivateKey, verificationMethod: String, created: String,
    contexts: ContextDocuments = KnownContexts.documents
  ) throws(CertificateError) -> JSONObject {
    var proof = JSONObject([
      ("type", "DataIntegrityProof"), ("cryptosuite", .string(suite.rawValue)), ("created", .string(created)),
      ("verificationMethod", .string(verificationMethod)), ("proofPurpose", "assertionMethod"),
    ])
    // eddsa-jcs-2022 §3.3.1 step 2: the proof names the document's contexts (and so signs them).
    if suite == .eddsaJcs2022, let context = document["@context"] { proof["@context"] = context }
    // A new member of a proof set covers the document without the proofs already there.
    var unsecured = document.objectValue ?? JSONObject()
    unsecured["proof"] = nil
    let input = try hashInput(document: .object(unsecured), proofOptions: proof, contexts: contexts)
    let signature: [UInt8]
    do {
      signature = try key.sign(input.hashData)
    } catch {
      throw .invalid("cannot sign: \(error)")
    }
    proof["proofValue"] = .string(Multibase.base58btc(signature))
    return proof
  }

  /// The document with one more proof per suite, all made with the issuer's key; `proof` is an
  /// array (a proof set), as the Open Badges 3.0 schema requires.
  public static func addProofs(_ document: JSONValue, suites: [Cryptosuite], keys: IssuerKeys, created: String)
    throws(CertificateError) -> JSONValue
  {
    var signed = document.objectValue ?? JSONObject()
    var proofs = signed["proof"].map { $0.arrayValue ?? [$0] } ?? []
    for suite in suites {
      let proof = try createProof(
        document, suite: suite, key: keys.privateKey, verificationMethod: keys.verificationMethod, created: created)
      proofs.append(.object(proof))
    }
    signed["proof"] = .array(proofs)
    return .object(signed)
  }

  /// What checking one proof found.
  public struct ProofCheck: Sendable {
    /// The proof's place in the document's `proof` array (0 when there is a single proof object).
    public var index: Int
    public var cryptosuite: String?
    public var verificationMethod: String?
    public var publicKey: Ed25519PublicKey?
    public var signature: [UInt8] = []
    public var hashInput: HashInput?
    /// Nil when the proof is valid; otherwise why not, in a sentence about the credential.
    public var failure: String?
    public var valid: Bool { failure == nil }
  }

  /// The proofs of a secured document, each with what checking it found. Keys come from each
  /// proof's `did:key` verification method; who that key belongs to is the caller's question.
  public static func checkProofs(_ secured: JSONValue, contexts: ContextDocuments = KnownContexts.documents) -> [ProofCheck] {
    guard let proofValue = secured["proof"] else { return [] }
    let proofs = proofValue.arrayValue ?? [proofValue]
    return proofs.enumerated().map { index, proof in
      checkProof(proof, at: index, of: secured, allProofs: proofs, contexts: contexts)
    }
  }

  static func checkProof(
    _ proofValue: JSONValue, at index: Int, of secured: JSONValue, allProofs: [JSONValue], contexts: ContextDocuments
  ) -> ProofCheck {
    var check = ProofCheck(index: index)
    guard case .object(let proof) = proofValue else {
      check.failure = "its proof is not an object"
      return check
    }
    check.cryptosuite = proof["cryptosuite"]?.stringValue
    check.verificationMethod = proof["verificationMethod"]?.stringValue
    guard proof["type"] == "DataIntegrityProof", let suiteName = check.cryptosuite,
      let suite = Cryptosuite(rawValue: suiteName)
    else {
      check.failure = "its proof is not a DataIntegrityProof with the eddsa-rdfc-2022 or eddsa-jcs-2022 cryptosuite"
      return check
    }
    guard proof["proofPurpose"] == "assertionMethod" else {
      check.failure = "its proof is not for assertion"
      return check
    }
    guard let method = check.verificationMethod, method.utf8.count < 256, let raw = DIDKey.publicKey(from: method),
      let key = try? Ed25519PublicKey(raw: raw)
    else {
      check.failure = "its verification method is not an Ed25519 did:key"
      return check
    }
    check.publicKey = key
    guard let value = proof["proofValue"]?.stringValue, value.hasPrefix("z"), value.utf8.count < 128,
      let signature = Multibase.decode(value), signature.count == 64
    else {
      check.failure = "its proof value is not a multibase base58btc Ed25519 signature"
      return check
    }
    check.signature = signature
    var unsecured = secured.objectValue ?? JSONObject()
    unsecured["proof"] = nil
    // A proof in a chain also covers the proofs it names as previous (VC Data Integrity §4.3).
    if let previous = proof["previousProof"] {
      let wanted = (previous.arrayValue ?? [previous]).compactMap(\.stringValue)
      let found = allProofs.filter { p in p["id"]?.stringValue.map(wanted.contains) ?? false }
      guard found.count == wanted.count, !wanted.isEmpty else {
        check.failure = "its proof names a previous proof that is not there"
        return check
      }
      unsecured["proof"] = .array(found)
    }
    var options = proof
    options["proofValue"] = nil
    if suite == .eddsaJcs2022, let context = options["@context"] {
      // The document's contexts must start with the proof's, in order; those are then hashed.
      let named = context.arrayValue ?? [context]
      let actual = unsecured["@context"].map { $0.arrayValue ?? [$0] } ?? []
      guard actual.starts(with: named) else {
        check.failure = "its proof's @context does not match the credential's"
        return check
      }
      unsecured["@context"] = context
    }
    do {
      let input = try hashInput(document: .object(unsecured), proofOptions: options, contexts: contexts)
      check.hashInput = input
      guard key.isValidSignature(signature, for: input.hashData) else {
        check.failure = "the signature does not match the content (it was changed after signing, or signed by another key)"
        return check
      }
    } catch {
      check.failure = error.description
    }
    return check
  }

  // MARK: The earlier interface, kept for callers not yet moved to `CredentialVerifier`.

  /// What a verifier found, and the exact bytes checked (so anyone can redo it with openssl).
  public struct Verification: Sendable {
    public var valid: Bool
    public var reason: String?
    public var issuerName: String?
    public var issuerDID: String?
    public var signedData: [UInt8]
    public var signature: [UInt8]
    public var publicKey: Ed25519PublicKey?
  }

  /// The bytes an `eddsa-jcs-2022` proof signs: SHA-256(JCS(proof options less proofValue)) ‖
  /// SHA-256(JCS(document less proof)). The options are hashed as given: include the proof's
  /// `@context` in them if the proof carries one.
  public static func hashData(document: JSONValue, proofOptions: JSONObject) -> [UInt8] {
    var config = proofOptions
    config["proofValue"] = nil
    var unsecured = document.objectValue ?? JSONObject()
    unsecured["proof"] = nil
    return Digest.sha256(JSONWriter.bytes(.object(config), style: .canonical))
      + Digest.sha256(JSONWriter.bytes(.object(unsecured), style: .canonical))
  }

  /// Adds one `eddsa-jcs-2022` proof, as a single object, made with the issuer's key.
  @available(*, deprecated, message: "use CPDCertificate.issue(…, options:) or DataIntegrity.addProofs")
  public static func sign(_ document: JSONValue, keys: IssuerKeys, created: String) throws(CertificateError) -> JSONValue {
    let proof = try createProof(
      document, suite: .eddsaJcs2022, key: keys.privateKey, verificationMethod: keys.verificationMethod, created: created)
    var signed = document.objectValue ?? JSONObject()
    signed["proof"] = .object(proof)
    return .object(signed)
  }

  /// Checks every proof against its `did:key`, and that the issuer owns that key. Whether that
  /// issuer is one to trust is for the caller to say.
  public static func verify(_ credential: JSONValue) -> Verification {
    let outcome = CredentialVerifier.verify(credential: credential)
    let first = outcome.proofs.first
    return Verification(
      valid: outcome.valid, reason: outcome.failure, issuerName: outcome.issuerName, issuerDID: outcome.issuerDID,
      signedData: first?.hashInput?.hashData ?? [], signature: first?.signature ?? [], publicKey: first?.publicKey)
  }
}

/// XML Schema 1.1 `dateTime` values, as `created`, `validFrom` and `validUntil` use them.
public enum XSDDateTime {
  /// The instant, or nil if `text` is not a dateTime (a missing zone is read as UTC).
  public static func parse(_ text: String) -> Date? {
    let u = Array(text.utf8)
    func digits(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= u.count else { return nil }
      var v = 0
      for c in u[from..<from + count] {
        guard c >= 0x30 && c <= 0x39 else { return nil }
        v = v * 10 + Int(c - 0x30)
      }
      return v
    }
    guard u.count >= 19, let year = digits(0, 4), u[4] == UInt8(ascii: "-"), let month = digits(5, 2),
      u[7] == UInt8(ascii: "-"), let day = digits(8, 2), u[10] == UInt8(ascii: "T"), let hour = digits(11, 2),
      u[13] == UInt8(ascii: ":"), let minute = digits(14, 2), u[16] == UInt8(ascii: ":"), let second = digits(17, 2)
    else { return nil }
    var i = 19
    var fraction = 0.0
    if i < u.count, u[i] == UInt8(ascii: ".") {
      i += 1
      var scale = 0.1
      let start = i
      while i < u.count, u[i] >= 0x30, u[i] <= 0x39 {
        fraction += Double(u[i] - 0x30) * scale
        scale /= 10
        i += 1
      }
      guard i > start else { return nil }
    }
    var offset = 0
    if i < u.count {
      if u[i] == UInt8(ascii: "Z") {
        i += 1
      } else if u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"), let h = digits(i + 1, 2), i + 3 < u.count,
        u[i + 3] == UInt8(ascii: ":"), let m = digits(i + 4, 2), h <= 14, m < 60
      {
        offset = (h * 60 + m) * 60 * (u[i] == UInt8(ascii: "-") ? -1 : 1)
        i += 6
      } else {
        return nil
      }
    }
    guard i == u.count, (1...12).contains(month), hour < 24 || (hour == 24 && minute == 0 && second == 0), minute < 60,
      second < 60
    else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let components = DateComponents(year: year, month: month, day: day)
    guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else { return nil }
    return date.addingTimeInterval(Double(hour * 3600 + minute * 60 + second) + fraction - Double(offset))
  }

  /// `yyyy-MM-ddTHH:mm:ssZ`, to the second, in UTC.
  public static func format(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: date)
  }
}
