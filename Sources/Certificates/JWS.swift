import Cryptography
import Foundation
import JSON

/// An RSA public key as a JSON Web Key (RFC 7517, RFC 7518 §6.3), with the key ID it is published under.
public struct JWK: Sendable, Equatable {
  public var key: RSAPublicKey
  public var keyID: String?

  public init(key: RSAPublicKey, keyID: String? = nil) {
    self.key = key
    self.keyID = keyID
  }

  /// Reads a public RSA JWK; one that carries private parts (`d`) is refused.
  public init(_ json: JSONValue) throws(CertificateError) {
    guard json["kty"] == "RSA" else { throw .invalid("the JWK is not an RSA key") }
    guard json["d"] == nil, json["p"] == nil else { throw .invalid("the JWK contains a private key") }
    guard let n = json["n"]?.stringValue.flatMap(Base64URL.decode), let e = json["e"]?.stringValue.flatMap(Base64URL.decode)
    else { throw .invalid("the JWK has no base64url n and e") }
    if let alg = json["alg"]?.stringValue, alg != "RS256" { throw .invalid("the JWK is for \(alg), not RS256") }
    do {
      key = try RSAPublicKey(modulus: n, exponent: e)
    } catch {
      throw .invalid("the JWK is not a usable key: \(error)")
    }
    keyID = json["kid"]?.stringValue
  }

  public var json: JSONValue {
    var o = JSONObject([
      ("kty", "RSA"), ("n", .string(Base64URL.encode(key.modulus))), ("e", .string(Base64URL.encode(key.exponent))),
      ("alg", "RS256"), ("use", "sig"),
    ])
    if let keyID { o["kid"] = .string(keyID) }
    return .object(o)
  }

  /// The RFC 7638 thumbprint: base64url SHA-256 of the required members in lexicographic order.
  public var thumbprint: String {
    let required: JSONValue = [
      "e": .string(Base64URL.encode(key.exponent)), "kty": "RSA", "n": .string(Base64URL.encode(key.modulus)),
    ]
    return Base64URL.encode(Digest.sha256(JSONWriter.bytes(required, style: .canonical)))
  }
}

/// Compact JWS with RS256, the VC-JWT proof format Open Badges 3.0 names (§8.2).
public enum CompactJWS {
  public struct Parts: Sendable {
    public var header: JSONValue
    public var payload: JSONValue
    /// The bytes signed: ASCII(BASE64URL(header) "." BASE64URL(payload)).
    public var signingInput: [UInt8]
    public var signature: [UInt8]
  }

  public static func sign(payload: JSONValue, header: JSONValue, key: RSAPrivateKey) throws(CertificateError) -> String {
    let encodedHeader = Base64URL.encode(JSONWriter.bytes(header, style: .canonical))
    let encodedPayload = Base64URL.encode(JSONWriter.bytes(payload, style: .canonical))
    let signingInput = encodedHeader + "." + encodedPayload
    do {
      let signature = try key.signRS256(Array(signingInput.utf8))
      return signingInput + "." + Base64URL.encode(signature)
    } catch {
      throw .invalid("cannot sign: \(error)")
    }
  }

  /// Whether `text` has the shape of a compact JWS (three base64url parts).
  public static func looksLikeCompactJWS(_ text: String) -> Bool {
    let parts = text.split(separator: ".", omittingEmptySubsequences: false)
    return parts.count == 3 && parts.allSatisfy { p in
      p.utf8.allSatisfy { c in
        (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-")
          || c == UInt8(ascii: "_")
      }
    } && !parts[0].isEmpty && !parts[2].isEmpty
  }

  public static func decode(_ text: String) throws(CertificateError) -> Parts {
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard looksLikeCompactJWS(trimmed) else { throw .invalid("it is not a compact JWS (three base64url parts)") }
    let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
    guard let headerBytes = Base64URL.decode(parts[0]), let payloadBytes = Base64URL.decode(parts[1]),
      let signature = Base64URL.decode(parts[2])
    else { throw .invalid("a part of the JWS is not base64url") }
    let header: JSONValue
    let payload: JSONValue
    do {
      header = try JSONParser.parse(headerBytes)
      payload = try JSONParser.parse(payloadBytes)
    } catch {
      throw .invalid("the JWS header or payload is not JSON: \(error)")
    }
    guard case .object = header, case .object = payload else { throw .invalid("the JWS header and payload must be objects") }
    return Parts(header: header, payload: payload, signingInput: Array((parts[0] + "." + parts[1]).utf8), signature: signature)
  }
}
