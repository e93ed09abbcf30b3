import Cryptography
import JSON

/// W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite: the document and the proof
/// configuration are each canonicalised by JCS (RFC 8785) and hashed with SHA-256; the two
/// hashes, configuration first, are signed with Ed25519; the signature is multibase base58btc.
public enum DataIntegrity {
  public static let cryptosuite = "eddsa-jcs-2022"

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

  /// The bytes that are signed: SHA-256(JCS(proof configuration)) ‖ SHA-256(JCS(document)).
  /// The configuration is the proof without its value, carrying the document's `@context`.
  public static func hashData(document: JSONValue, proofOptions: JSONObject) -> [UInt8] {
    var config = proofOptions
    config["proofValue"] = nil
    if let context = document["@context"] { config["@context"] = context }
    var unsecured = document.objectValue ?? JSONObject()
    unsecured["proof"] = nil
    let configHash = Digest.sha256(JSONWriter.bytes(.object(config), style: .canonical))
    let documentHash = Digest.sha256(JSONWriter.bytes(.object(unsecured), style: .canonical))
    return configHash + documentHash
  }

  /// Adds an `eddsa-jcs-2022` proof made with the issuer's key.
  public static func sign(_ document: JSONValue, keys: IssuerKeys, created: String) throws(CertificateError) -> JSONValue {
    var options = JSONObject([
      ("type", "DataIntegrityProof"), ("cryptosuite", .string(cryptosuite)), ("created", .string(created)),
      ("verificationMethod", .string(keys.verificationMethod)), ("proofPurpose", "assertionMethod"),
    ])
    // The proof names the document's contexts, so verifiers that check them find them.
    if let context = document["@context"] { options["@context"] = context }
    let data = hashData(document: document, proofOptions: options)
    let signature: [UInt8]
    do {
      signature = try keys.privateKey.sign(data)
    } catch {
      throw .invalid("cannot sign: \(error)")
    }
    var proof = options
    proof["proofValue"] = .string("z" + Base58.encode(signature))
    var signed = document.objectValue ?? JSONObject()
    signed["proof"] = .object(proof)
    return .object(signed)
  }

  /// Checks the proof against the public key its verification method names, and that the
  /// issuer is that key's owner. Whether that issuer is one to trust is for the caller to say.
  public static func verify(_ credential: JSONValue) -> Verification {
    var result = Verification(valid: false, signedData: [], signature: [])
    result.issuerDID = credential["issuer"]?["id"]?.stringValue ?? credential["issuer"]?.stringValue
    result.issuerName = credential["issuer"]?["name"]?.stringValue
    guard let proof = credential["proof"]?.objectValue else {
      result.reason = "it has no proof"
      return result
    }
    guard proof["type"] == "DataIntegrityProof", proof["cryptosuite"] == .string(cryptosuite) else {
      result.reason = "its proof is not a DataIntegrityProof with the \(cryptosuite) cryptosuite"
      return result
    }
    guard proof["proofPurpose"] == "assertionMethod" else {
      result.reason = "its proof is not for assertion"
      return result
    }
    guard let method = proof["verificationMethod"]?.stringValue, method.utf8.count < 256, let raw = DIDKey.publicKey(from: method),
      let key = try? Ed25519PublicKey(raw: raw)
    else {
      result.reason = "its verification method is not an Ed25519 did:key"
      return result
    }
    result.publicKey = key
    guard let issuer = result.issuerDID, method.hasPrefix(issuer + "#") || method == issuer else {
      result.reason = "the signing key does not belong to the issuer \(result.issuerDID ?? "(none)")"
      return result
    }
    guard let value = proof["proofValue"]?.stringValue, value.hasPrefix("z"), value.utf8.count < 128,
      let signature = Base58.decode(String(value.dropFirst())), signature.count == 64
    else {
      result.reason = "its proof value is not a multibase base58btc Ed25519 signature"
      return result
    }
    result.signature = signature
    // A proof that names contexts must name the document's first ones, in order; they are then
    // the contexts hashed.
    var document = credential
    if let context = proof["@context"] {
      let named = context.arrayValue ?? [context]
      let actual = credential["@context"].map { $0.arrayValue ?? [$0] } ?? []
      guard actual.starts(with: named) else {
        result.reason = "its proof's @context does not match the credential's"
        return result
      }
      var object = credential.objectValue ?? JSONObject()
      object["@context"] = context
      document = .object(object)
    }
    result.signedData = hashData(document: document, proofOptions: proof)
    guard key.isValidSignature(signature, for: result.signedData) else {
      result.reason = "the signature does not match the content (it was changed after signing, or signed by another key)"
      return result
    }
    result.valid = true
    return result
  }
}
