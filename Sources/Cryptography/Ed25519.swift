import COpenSSL

public enum CryptographyError: Error, Sendable, Equatable, CustomStringConvertible {
  case invalidKey(String)
  case signingFailed
  case invalidRSAKey(String)
  case rsaSigningFailed

  public var description: String {
    switch self {
    case .invalidKey(let why): "not a usable Ed25519 key: \(why)"
    case .signingFailed: "OpenSSL could not sign with the Ed25519 key"
    case .invalidRSAKey(let why): "not a usable RSA key: \(why)"
    case .rsaSigningFailed: "OpenSSL could not sign with the RSA key"
    }
  }
}

/// An Ed25519 key pair held by OpenSSL. The private key never leaves this type except as PEM.
public final class Ed25519PrivateKey: @unchecked Sendable {
  private let key: OpaquePointer

  /// A fresh key from OpenSSL's random generator.
  public init() throws(CryptographyError) {
    guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nil) else { throw .invalidKey("no Ed25519 support") }
    defer { EVP_PKEY_CTX_free(context) }
    var generated: OpaquePointer?
    guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_keygen(context, &generated) == 1, let generated else {
      throw .invalidKey("key generation failed")
    }
    key = generated
  }

  /// The key whose 32-byte private seed is `seed` (RFC 8032), as test vectors give it.
  public init(seed: [UInt8]) throws(CryptographyError) {
    guard seed.count == 32 else { throw .invalidKey("an Ed25519 private key seed is 32 bytes, not \(seed.count)") }
    guard let made = seed.withUnsafeBufferPointer({ EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count) })
    else { throw .invalidKey("OpenSSL refused the seed") }
    key = made
  }

  /// Reads a PKCS#8 PEM private key (as `openssl genpkey -algorithm ed25519` writes).
  public init(pem: String) throws(CryptographyError) {
    let parsed: OpaquePointer? = withMemoryBIO(pem) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) }
    guard let parsed else { throw .invalidKey("the PEM text is not a private key") }
    guard EVP_PKEY_get_base_id(parsed) == EVP_PKEY_ED25519 else {
      EVP_PKEY_free(parsed)
      throw .invalidKey("the key is not Ed25519")
    }
    key = parsed
  }

  deinit { EVP_PKEY_free(key) }

  public var pem: String {
    readBIO { bio in PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) }
  }

  public var publicKey: Ed25519PublicKey {
    var length = 32
    var raw = [UInt8](repeating: 0, count: 32)
    _ = EVP_PKEY_get_raw_public_key(key, &raw, &length)
    // A raw 32-byte key always rebuilds.
    return try! Ed25519PublicKey(raw: raw)
  }

  public func sign(_ message: [UInt8]) throws(CryptographyError) -> [UInt8] {
    guard let context = EVP_MD_CTX_new() else { throw .signingFailed }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestSignInit(context, nil, nil, nil, key) == 1 else { throw .signingFailed }
    var length = 64
    var signature = [UInt8](repeating: 0, count: 64)
    let ok = message.withUnsafeBufferPointer {
      EVP_DigestSign(context, &signature, &length, $0.baseAddress, $0.count)
    }
    guard ok == 1 else { throw .signingFailed }
    return Array(signature.prefix(length))
  }
}

public struct Ed25519PublicKey: Sendable, Equatable {
  public let raw: [UInt8]

  public init(raw: [UInt8]) throws(CryptographyError) {
    guard raw.count == 32 else { throw .invalidKey("an Ed25519 public key is 32 bytes, not \(raw.count)") }
    self.raw = raw
  }

  public init(pem: String) throws(CryptographyError) {
    let parsed: OpaquePointer? = withMemoryBIO(pem) { bio in PEM_read_bio_PUBKEY(bio, nil, nil, nil) }
    guard let parsed else { throw .invalidKey("the PEM text is not a public key") }
    defer { EVP_PKEY_free(parsed) }
    guard EVP_PKEY_get_base_id(parsed) == EVP_PKEY_ED25519 else { throw .invalidKey("the key is not Ed25519") }
    var length = 32
    var raw = [UInt8](repeating: 0, count: 32)
    _ = EVP_PKEY_get_raw_public_key(parsed, &raw, &length)
    self.raw = raw
  }

  /// Runs `body` with the key as OpenSSL holds it, or gives `fallback` if OpenSSL refuses it.
  private func withKey<T>(otherwise fallback: T, _ body: (OpaquePointer) -> T) -> T {
    guard let key = raw.withUnsafeBufferPointer({ EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, $0.baseAddress, $0.count) })
    else { return fallback }
    defer { EVP_PKEY_free(key) }
    return body(key)
  }

  /// SubjectPublicKeyInfo PEM, which `openssl pkeyutl -verify -pubin` reads.
  public var pem: String {
    withKey(otherwise: "") { key in readBIO { bio in PEM_write_bio_PUBKEY(bio, key) } }
  }

  public func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
    guard signature.count == 64 else { return false }
    return withKey(otherwise: false) { key in
      guard let context = EVP_MD_CTX_new() else { return false }
      defer { EVP_MD_CTX_free(context) }
      guard EVP_DigestVerifyInit(context, nil, nil, nil, key) == 1 else { return false }
      return signature.withUnsafeBufferPointer { sig in
        message.withUnsafeBufferPointer { msg in
          EVP_DigestVerify(context, sig.baseAddress, sig.count, msg.baseAddress, msg.count) == 1
        }
      }
    }
  }
}

func withMemoryBIO<T>(_ text: String, _ body: (OpaquePointer) -> T?) -> T? {
  var bytes = Array(text.utf8)
  return bytes.withUnsafeMutableBufferPointer { buffer -> T? in
    guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
    defer { BIO_free(bio) }
    return body(bio)
  }
}

func readBIO(_ write: (OpaquePointer) -> Int32) -> String {
  guard let bio = BIO_new(BIO_s_mem()) else { return "" }
  defer { BIO_free(bio) }
  guard write(bio) == 1 else { return "" }
  var result = [UInt8]()
  var chunk = [UInt8](repeating: 0, count: 1024)
  while true {
    let n = BIO_read(bio, &chunk, Int32(chunk.count))
    if n <= 0 { break }
    result.append(contentsOf: chunk.prefix(Int(n)))
  }
  return String(decoding: result, as: UTF8.self)
}
