import Cryptography
import Foundation
import JSON
import LinkedData

/// What a verifier is given besides the credential.
public struct VerificationOptions: Sendable {
  /// RSA keys the caller vouches for (for example the issuer's published JWK set), by `kid`.
  public var rsaKeys: [JWK]
  /// Issuer key documents (`IssuerKeys.keyDocument`): each is checked against its own DID's key,
  /// and then its RSA keys count as that issuer's.
  public var keyDocuments: [JSONValue]
  /// Status list credentials at hand; a credential whose status entry names one is checked against it.
  public var statusLists: [JSONValue]
  /// When given, `validFrom`, `validUntil` and status list expiry are checked against it.
  public var now: Date?
  /// The contexts JSON-LD processing may use.
  public var contexts: ContextDocuments

  public init(
    rsaKeys: [JWK] = [], keyDocuments: [JSONValue] = [], statusLists: [JSONValue] = [], now: Date? = nil,
    contexts: ContextDocuments = KnownContexts.documents
  ) {
    self.rsaKeys = rsaKeys
    self.keyDocuments = keyDocuments
    self.statusLists = statusLists
    self.now = now
    self.contexts = contexts
  }
}

/// What checking one credential found: valid or why not, who issued it and with which key.
public struct CredentialVerification: Sendable {
  public enum Format: String, Sendable {
    /// JSON with embedded Data Integrity proofs.
    case dataIntegrity = "JSON with Data Integrity proofs"
    /// A VC-JWT: compact JWS with RS256.
    case jwt = "VC-JWT (compact JWS, RS256)"
  }

  public var format: Format?
  /// Nil when the credential is valid; otherwise the first reason it is not, as a sentence.
  public var failure: String?
  public var valid: Bool { failure == nil }
  /// The credential itself (for a JWT, the payload less its JWT claims).
  public var credential: JSONValue?
  public var issuerDID: String?
  public var issuerName: String?
  /// The key that signed: the first proof's verification method, or the JWT's `kid`.
  public var keyID: String?
  /// Each embedded proof and what checking it found.
  public var proofs: [DataIntegrity.ProofCheck] = []
  /// For a JWT: the signing input, signature and the RSA key used.
  public var jws: (signingInput: [UInt8], signature: [UInt8], key: RSAPublicKey?)?
  /// What the status lists given said, one per status entry the credential carries.
  public var status: [StatusList.Check] = []

  /// True when the credential carries a status entry that no list given could answer for.
  public var statusUnchecked: Bool { status.contains { $0.state == .unknown } }
}

/// One verifier for every form a CPD certificate takes: a JSON credential with
/// `eddsa-rdfc-2022` and/or `eddsa-jcs-2022` proofs (one proof or a set), a VC-JWT, or a
/// baked SVG badge carrying either.
public enum CredentialVerifier {
  /// Checks `input`, whatever its form: JSON, a compact JWS, or a baked SVG badge.
  public static func verify(_ input: [UInt8], options: VerificationOptions = VerificationOptions()) -> CredentialVerification {
    let text = String(decoding: input, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    if text.hasPrefix("{") {
      do {
        return verify(credential: try JSONParser.parse(Array(text.utf8)), options: options)
      } catch {
        return CredentialVerification(failure: "it is not JSON: \(error)")
      }
    }
    if CompactJWS.looksLikeCompactJWS(text) { return verify(jws: text, options: options) }
    if text.hasPrefix("<") {
      do {
        switch try BadgeImage.unbake(text) {
        case .json(let credential): return verify(credential: credential, options: options)
        case .jwt(let jws): return verify(jws: jws, options: options)
        }
      } catch {
        return CredentialVerification(failure: error.description)
      }
    }
    return CredentialVerification(failure: "it is neither a JSON credential, a compact JWS nor a baked SVG badge")
  }

  /// Checks a credential with embedded proofs: every proof must verify, be made with a key of the
  /// issuer's (`issuer.id` is the `did:key` the verification method belongs to), and the status,
  /// when a list is given, must not be set.
  public static func verify(credential: JSONValue, options: VerificationOptions = VerificationOptions())
    -> CredentialVerification
  {
    var result = describe(credential)
    result.format = .dataIntegrity
    guard case .object = credential else {
      result.failure = "it is not a JSON object"
      return result
    }
    guard credential["proof"] != nil else {
      result.failure = "it has no proof"
      return result
    }
    result.proofs = DataIntegrity.checkProofs(credential, contexts: options.contexts)
    result.keyID = result.proofs.first?.verificationMethod
    guard !result.proofs.isEmpty else {
      result.failure = "its proof list is empty"
      return result
    }
    let numbered = result.proofs.count > 1
    for check in result.proofs {
      let label = numbered ? "proof \(check.index + 1) (\(check.cryptosuite ?? "?")): " : ""
      // Whose key it is comes first: a sound signature by someone else's key is still a forgery.
      if check.publicKey != nil, let method = check.verificationMethod {
        guard let issuer = result.issuerDID, method.hasPrefix(issuer + "#") || method == issuer else {
          result.failure = label + "the signing key does not belong to the issuer \(result.issuerDID ?? "(none)")"
          return result
        }
      }
      if let failure = check.failure {
        result.failure = label + failure
        return result
      }
    }
    checkValidity(&result, credential: credential, options: options)
    if result.valid { checkStatus(&result, credential: credential, options: options) }
    return result
  }

  /// Checks a VC-JWT (Open Badges 3.0 §8.2): an RS256 compact JWS whose `kid` is one of the
  /// issuer's published RSA keys, whose claims agree with the credential, and whose payload's
  /// embedded proofs, if any, verify as well.
  public static func verify(jws text: String, options: VerificationOptions = VerificationOptions()) -> CredentialVerification {
    var result = CredentialVerification(format: .jwt)
    let parts: CompactJWS.Parts
    do {
      parts = try CompactJWS.decode(text)
    } catch {
      result.failure = error.description
      return result
    }
    let header = parts.header
    var credential = parts.payload.objectValue ?? JSONObject()
    let claims = ["iss", "sub", "jti", "nbf", "exp", "iat", "aud"].reduce(into: JSONObject()) { claims, name in
      if let v = credential[name] { claims[name] = v }
      credential[name] = nil
    }
    result = describe(.object(credential))
    result.format = .jwt
    result.jws = (parts.signingInput, parts.signature, nil)
    guard header["alg"] == "RS256" else {
      result.failure = "its JWS algorithm is \(header["alg"].map { JSONWriter.string($0, style: .compact) } ?? "missing"), not RS256"
      return result
    }
    if let typ = header["typ"], typ != "JWT" {
      result.failure = "its JWS type is \(JSONWriter.string(typ, style: .compact)), not JWT"
      return result
    }
    guard let kid = header["kid"]?.stringValue else {
      result.failure = "its JWS header names no key (kid)"
      return result
    }
    result.keyID = kid
    guard let issuer = result.issuerDID, kid.hasPrefix(issuer + "#") else {
      result.failure = "the signing key \(kid) does not belong to the issuer \(result.issuerDID ?? "(none)")"
      return result
    }
    guard let key = publishedRSAKey(kid, issuer: issuer, options: options) else {
      result.failure =
        "the signing key \(kid) is not one the issuer published (give the issuer's key document to check a VC-JWT)"
      return result
    }
    if let headerKey = header["jwk"] {
      guard let jwk = try? JWK(headerKey), jwk.key == key else {
        result.failure = "the key in its JWS header is not the issuer's published key \(kid)"
        return result
      }
    }
    result.jws = (parts.signingInput, parts.signature, key)
    guard key.isValidRS256Signature(parts.signature, for: parts.signingInput) else {
      result.failure = "the JWS signature does not match the content (it was changed after signing, or signed by another key)"
      return result
    }
    // The JWT claims must say what the credential says.
    guard claims["iss"]?.stringValue == issuer else {
      result.failure = "its iss claim is not the credential's issuer"
      return result
    }
    guard claims["jti"]?.stringValue == credential["id"]?.stringValue, claims["jti"] != nil else {
      result.failure = "its jti claim is not the credential's id"
      return result
    }
    if let subject = credential["credentialSubject"]?["id"]?.stringValue {
      guard claims["sub"]?.stringValue == subject else {
        result.failure = "its sub claim is not the credential subject's id"
        return result
      }
    }
    guard let nbf = claims["nbf"]?.intValue, let validFrom = credential["validFrom"]?.stringValue.flatMap(XSDDateTime.parse),
      Int(validFrom.timeIntervalSince1970.rounded(.down)) == nbf
    else {
      result.failure = "its nbf claim is not the credential's validFrom"
      return result
    }
    if let until = credential["validUntil"]?.stringValue.flatMap(XSDDateTime.parse) {
      guard claims["exp"]?.intValue == Int(until.timeIntervalSince1970.rounded(.down)) else {
        result.failure = "its exp claim is not the credential's validUntil"
        return result
      }
    }
    result.credential = .object(credential)
    if credential["proof"] != nil {
      let embedded = verify(credential: .object(credential), options: options)
      result.proofs = embedded.proofs
      if let failure = embedded.failure {
        result.failure = "its embedded proof: " + failure
        return result
      }
      result.status = embedded.status
      return result
    }
    checkValidity(&result, credential: .object(credential), options: options)
    if result.valid { checkStatus(&result, credential: .object(credential), options: options) }
    return result
  }

  static func describe(_ credential: JSONValue) -> CredentialVerification {
    var result = CredentialVerification()
    result.credential = credential
    result.issuerDID = credential["issuer"]?["id"]?.stringValue ?? credential["issuer"]?.stringValue
    result.issuerName = credential["issuer"]?["name"]?.stringValue
    return result
  }

  static func checkValidity(_ result: inout CredentialVerification, credential: JSONValue, options: VerificationOptions) {
    guard let now = options.now else { return }
    if let from = credential["validFrom"]?.stringValue.flatMap(XSDDateTime.parse), from > now {
      result.failure = "it is not valid before \(credential["validFrom"]!.stringValue!)"
    } else if let until = credential["validUntil"]?.stringValue.flatMap(XSDDateTime.parse), until < now {
      result.failure = "it expired on \(credential["validUntil"]!.stringValue!)"
    }
  }

  static func checkStatus(_ result: inout CredentialVerification, credential: JSONValue, options: VerificationOptions) {
    guard let status = credential["credentialStatus"] else { return }
    for entryValue in status.arrayValue ?? [status] {
      guard let entry = StatusListEntry(entryValue) else {
        let type = entryValue["type"].map { JSONWriter.string($0, style: .compact) } ?? "untyped"
        if type.contains("BitstringStatusListEntry") {
          result.failure = "its credentialStatus is not a well-formed BitstringStatusListEntry"
          return
        }
        continue
      }
      guard let list = options.statusLists.first(where: { $0["id"]?.stringValue == entry.listCredential }) else {
        result.status.append(StatusList.Check(entry: entry, state: .unknown))
        continue
      }
      let check = StatusList.check(entry, against: list, issuer: result.issuerDID, now: options.now, options: options)
      result.status.append(check)
      if let problem = check.problem {
        result.failure = problem
        return
      }
      if check.state == .set {
        result.failure =
          entry.purpose == "revocation"
          ? "it was revoked by its issuer (status list \(entry.listCredential), entry \(entry.index))"
          : "it is suspended by its issuer (status list \(entry.listCredential), entry \(entry.index))"
        return
      }
    }
  }

  /// The RSA key published as `kid` for `issuer`: from a key document signed by the issuer's
  /// own `did:key`, or from the keys the caller vouches for.
  static func publishedRSAKey(_ kid: String, issuer: String, options: VerificationOptions) -> RSAPublicKey? {
    for document in options.keyDocuments where document["id"]?.stringValue == issuer {
      let checks = DataIntegrity.checkProofs(document, contexts: options.contexts)
      guard !checks.isEmpty, checks.allSatisfy({ $0.valid && ($0.verificationMethod?.hasPrefix(issuer + "#") ?? false) })
      else { continue }
      let assertion = document["assertionMethod"]?.arrayValue?.compactMap(\.stringValue) ?? []
      guard assertion.contains(kid) else { continue }
      for method in document["verificationMethod"]?.arrayValue ?? [] where method["id"]?.stringValue == kid {
        guard method["controller"]?.stringValue == issuer, let jwkValue = method["publicKeyJwk"],
          let jwk = try? JWK(jwkValue)
        else { continue }
        return jwk.key
      }
    }
    return options.rsaKeys.first { $0.keyID == kid }?.key
  }
}
