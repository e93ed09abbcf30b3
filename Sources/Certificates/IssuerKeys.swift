import Cryptography
import Foundation
import JSON

#if canImport(Glibc)
  import Glibc
#endif

public enum CertificateError: Error, Sendable, Equatable, CustomStringConvertible {
  case noKeys(String)
  case keysExist(String)
  case unreadable(String)
  case invalid(String)

  public var description: String {
    switch self {
    case .noKeys(let dir): "\(dir): no issuer keys (create them with 'cpd keys init')"
    case .keysExist(let dir): "\(dir): issuer keys already exist (give --force to replace them)"
    case .unreadable(let why): why
    case .invalid(let why): why
    }
  }
}

/// The issuer's keys, kept in a folder beside the store: the Ed25519 key pair whose `did:key` is
/// the issuer's identifier (PEM, the private key readable by its owner only), an RSA key for
/// VC-JWT (RS256) signatures, the issuer's name, and `issuer-keys.json`, the public key document
/// that binds the RSA key to the issuer (see `keyDocument`).
public struct IssuerKeys: Sendable {
  public let directory: String
  public let name: String
  public let privateKey: Ed25519PrivateKey
  /// The RS256 key; nil for a key folder made before VC-JWT was supported (see `addRSAKeyIfMissing`).
  public let rsaKey: RSAPrivateKey?

  public init(directory: String, name: String, privateKey: Ed25519PrivateKey, rsaKey: RSAPrivateKey? = nil) {
    self.directory = directory
    self.name = name
    self.privateKey = privateKey
    self.rsaKey = rsaKey
  }

  public var publicKey: Ed25519PublicKey { privateKey.publicKey }
  public var did: String { DIDKey.identifier(for: publicKey.raw) }
  public var verificationMethod: String { did + "#" + DIDKey.fingerprint(for: publicKey.raw) }

  /// The RSA key as a JWK, published under `kid` = the issuer's DID, `#`, and the key's RFC 7638
  /// thumbprint, so the key ID names both whose key it is and which key.
  public var jwk: JWK? {
    guard let rsaKey else { return nil }
    let key = rsaKey.publicKey
    return JWK(key: key, keyID: did + "#" + JWK(key: key).thumbprint)
  }

  /// The issuer's public key document (a controlled identifier document): its Ed25519 key as a
  /// Multikey and its RSA key as a JsonWebKey, both for assertion, signed with an
  /// `eddsa-jcs-2022` proof by the DID's own key. A verifier given this document can trust the
  /// RSA key named by a JWT's `kid` without trusting whoever handed the document over.
  public func keyDocument(created: String) throws(CertificateError) -> JSONValue {
    let multikey: JSONValue = [
      "id": .string(verificationMethod), "type": "Multikey", "controller": .string(did),
      "publicKeyMultibase": .string(DIDKey.fingerprint(for: publicKey.raw)),
    ]
    var methods: [JSONValue] = [multikey]
    var assertion: [JSONValue] = [.string(verificationMethod)]
    if let jwk, let kid = jwk.keyID {
      methods.append(["id": .string(kid), "type": "JsonWebKey", "controller": .string(did), "publicKeyJwk": jwk.json])
      assertion.append(.string(kid))
    }
    let document: JSONValue = [
      "@context": ["https://www.w3.org/ns/cid/v1"], "id": .string(did), "name": .string(name),
      "verificationMethod": .array(methods), "assertionMethod": .array(assertion),
    ]
    return try DataIntegrity.addProofs(document, suites: [.eddsaJcs2022], keys: self, created: created)
  }

  static func privatePath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-private.pem") }
  static func publicPath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-public.pem") }
  static func namePath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-name.txt") }
  static func rsaPath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-rsa-private.pem") }
  static func documentPath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-keys.json") }

  /// Creates new keys; the private key files are created with mode 0600.
  public static func create(in directory: String, name: String, replacing: Bool = false, rsaBits: Int = 3072)
    throws(CertificateError) -> IssuerKeys
  {
    let fm = FileManager.default
    if fm.fileExists(atPath: privatePath(directory)) && !replacing { throw .keysExist(directory) }
    let key: Ed25519PrivateKey
    let rsa: RSAPrivateKey
    do {
      key = try Ed25519PrivateKey()
      rsa = try RSAPrivateKey(bits: rsaBits)
    } catch {
      throw .unreadable("cannot create a key: \(error)")
    }
    let keys = IssuerKeys(directory: directory, name: name, privateKey: key, rsaKey: rsa)
    do {
      try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      try writePrivately(key.pem, to: privatePath(directory))
      try writePrivately(rsa.pem, to: rsaPath(directory))
      try Data(key.publicKey.pem.utf8).write(to: URL(fileURLWithPath: publicPath(directory)), options: .atomic)
      try Data((name + "\n").utf8).write(to: URL(fileURLWithPath: namePath(directory)), options: .atomic)
      try keys.writeKeyDocument()
    } catch let error as CertificateError {
      throw error
    } catch {
      throw .unreadable("\(directory): cannot write the keys: \(error.localizedDescription)")
    }
    return keys
  }

  /// Gives a key folder made before VC-JWT support its RSA key and key document; the Ed25519
  /// key, and so the issuer's DID and every credential already issued, stay as they are.
  public static func addRSAKeyIfMissing(in directory: String, rsaBits: Int = 3072) throws(CertificateError) -> IssuerKeys {
    let keys = try load(from: directory)
    if keys.rsaKey != nil { return keys }
    let rsa: RSAPrivateKey
    do {
      rsa = try RSAPrivateKey(bits: rsaBits)
    } catch {
      throw .unreadable("cannot create a key: \(error)")
    }
    try writePrivately(rsa.pem, to: rsaPath(directory))
    let updated = IssuerKeys(directory: directory, name: keys.name, privateKey: keys.privateKey, rsaKey: rsa)
    try updated.writeKeyDocument()
    return updated
  }

  func writeKeyDocument() throws(CertificateError) {
    let document = try keyDocument(created: XSDDateTime.format(Date()))
    do {
      try Data(JSONWriter.bytes(document)).write(to: URL(fileURLWithPath: Self.documentPath(directory)), options: .atomic)
    } catch {
      throw .unreadable("\(directory): cannot write the key document: \(error.localizedDescription)")
    }
  }

  /// The public key document in `directory` (`issuer-keys.json`), to hand to verifiers of VC-JWTs.
  public static func publishedKeyDocument(in directory: String) -> JSONValue? {
    guard let data = FileManager.default.contents(atPath: documentPath(directory)) else { return nil }
    return try? JSONParser.parse(Array(data))
  }

  /// Writes a file that only its owner can read: created with mode 0600 (never readable by others,
  /// even for a moment), synced, then renamed over any old one, so a replaced key is never lost
  /// before its successor is safely on disk.
  static func writePrivately(_ text: String, to path: String) throws(CertificateError) {
    if let failure = PrivateFile.replace(path, with: Array(text.utf8)) {
      throw .unreadable("\(path): cannot write the private key: \(String(cString: strerror(failure)))")
    }
  }

  /// The issuer DID of the keys in `directory`, from the public key alone; nil when there are none.
  public static func did(in directory: String) -> String? {
    guard let data = FileManager.default.contents(atPath: publicPath(directory)),
      let key = try? Ed25519PublicKey(pem: String(decoding: data, as: UTF8.self))
    else { return nil }
    return DIDKey.identifier(for: key.raw)
  }

  public static func load(from directory: String) throws(CertificateError) -> IssuerKeys {
    guard let data = FileManager.default.contents(atPath: privatePath(directory)) else { throw .noKeys(directory) }
    let key: Ed25519PrivateKey
    do {
      key = try Ed25519PrivateKey(pem: String(decoding: data, as: UTF8.self))
    } catch {
      throw .unreadable("\(privatePath(directory)): \(error)")
    }
    var rsa: RSAPrivateKey?
    if let rsaData = FileManager.default.contents(atPath: rsaPath(directory)) {
      do {
        rsa = try RSAPrivateKey(pem: String(decoding: rsaData, as: UTF8.self))
      } catch {
        throw .unreadable("\(rsaPath(directory)): \(error)")
      }
    }
    let name = FileManager.default.contents(atPath: namePath(directory)).map {
      String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return IssuerKeys(directory: directory, name: name ?? "CPD issuer", privateKey: key, rsaKey: rsa)
  }
}
