import COpenSSL

/// An RSA key pair held by OpenSSL, for RS256 signatures (RSASSA-PKCS1-v1_5 with SHA-256,
/// RFC 7518 §3.3). The private key never leaves this type except as PEM.
public final class RSAPrivateKey: @unchecked Sendable {
  private let key: OpaquePointer

  /// The smallest modulus this module makes or accepts (RFC 7518 §3.3 asks for 2048 bits or more).
  public static let minimumBits = 2048

  /// A fresh key of `bits` bits from OpenSSL's random generator, public exponent 65537.
  public init(bits: Int = 3072) throws(CryptographyError) {
    guard bits >= Self.minimumBits else { throw .invalidRSAKey("\(bits) bits is too small (at least \(Self.minimumBits))") }
    guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { throw .invalidRSAKey("no RSA support") }
    defer { EVP_PKEY_CTX_free(context) }
    var generated: OpaquePointer?
    guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1,
      EVP_PKEY_keygen(context, &generated) == 1, let generated
    else { throw .invalidRSAKey("key generation failed") }
    key = generated
  }

  /// Reads a PKCS#8 (or traditional) PEM RSA private key, as `openssl genpkey -algorithm rsa` writes.
  public init(pem: String) throws(CryptographyError) {
    let parsed: OpaquePointer? = withMemoryBIO(pem) { bio in PEM_read_bio_PrivateKey(bio, nil, nil, nil) }
    guard let parsed else { throw .invalidRSAKey("the PEM text is not a private key") }
    guard EVP_PKEY_get_base_id(parsed) == EVP_PKEY_RSA else {
      EVP_PKEY_free(parsed)
      throw .invalidRSAKey("the key is not RSA")
    }
    guard EVP_PKEY_get_bits(parsed) >= Int32(Self.minimumBits) else {
      EVP_PKEY_free(parsed)
      throw .invalidRSAKey("the key has fewer than \(Self.minimumBits) bits")
    }
    key = parsed
  }

  deinit { EVP_PKEY_free(key) }

  /// PKCS#8 PEM.
  public var pem: String {
    readBIO { bio in PEM_write_bio_PrivateKey(bio, key, nil, nil, 0, nil, nil) }
  }

  public var publicKey: RSAPublicKey {
    // The modulus and exponent of a key OpenSSL made or read always rebuild a public key.
    try! RSAPublicKey(modulus: bigEndianParameter(key, "n"), exponent: bigEndianParameter(key, "e"))
  }

  /// The RS256 signature of `message`.
  public func signRS256(_ message: [UInt8]) throws(CryptographyError) -> [UInt8] {
    guard let context = EVP_MD_CTX_new() else { throw .rsaSigningFailed }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1 else { throw .rsaSigningFailed }
    var length = 0
    let sized = message.withUnsafeBufferPointer { EVP_DigestSign(context, nil, &length, $0.baseAddress, $0.count) }
    guard sized == 1, length > 0 else { throw .rsaSigningFailed }
    var signature = [UInt8](repeating: 0, count: length)
    let ok = message.withUnsafeBufferPointer { EVP_DigestSign(context, &signature, &length, $0.baseAddress, $0.count) }
    guard ok == 1 else { throw .rsaSigningFailed }
    return Array(signature.prefix(length))
  }
}

/// An RSA public key as its modulus and exponent (big-endian, no leading zeros), the form a
/// JSON Web Key (RFC 7518 §6.3.1) carries.
public struct RSAPublicKey: Sendable, Equatable {
  public let modulus: [UInt8]
  public let exponent: [UInt8]

  public init(modulus: [UInt8], exponent: [UInt8]) throws(CryptographyError) {
    let n = Array(modulus.drop { $0 == 0 })
    let e = Array(exponent.drop { $0 == 0 })
    guard !n.isEmpty, !e.isEmpty else { throw .invalidRSAKey("the modulus and the exponent must not be zero") }
    let bits = (n.count - 1) * 8 + (8 - n[0].leadingZeroBitCount)
    guard bits >= RSAPrivateKey.minimumBits else { throw .invalidRSAKey("a \(bits)-bit modulus is too small") }
    guard e.count <= 8, e.last.map({ $0 & 1 == 1 }) == true else { throw .invalidRSAKey("the public exponent is not a small odd number") }
    self.modulus = n
    self.exponent = e
  }

  /// Reads SubjectPublicKeyInfo PEM.
  public init(pem: String) throws(CryptographyError) {
    let parsed: OpaquePointer? = withMemoryBIO(pem) { bio in PEM_read_bio_PUBKEY(bio, nil, nil, nil) }
    guard let parsed else { throw .invalidRSAKey("the PEM text is not a public key") }
    defer { EVP_PKEY_free(parsed) }
    guard EVP_PKEY_get_base_id(parsed) == EVP_PKEY_RSA else { throw .invalidRSAKey("the key is not RSA") }
    try self.init(modulus: bigEndianParameter(parsed, "n"), exponent: bigEndianParameter(parsed, "e"))
  }

  public var bits: Int { (modulus.count - 1) * 8 + (8 - modulus[0].leadingZeroBitCount) }

  /// Runs `body` with the key as OpenSSL holds it, or gives `fallback` if OpenSSL refuses it.
  private func withKey<T>(otherwise fallback: T, _ body: (OpaquePointer) -> T) -> T {
    guard let builder = OSSL_PARAM_BLD_new() else { return fallback }
    defer { OSSL_PARAM_BLD_free(builder) }
    let n = modulus.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
    let e = exponent.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32($0.count), nil) }
    defer {
      BN_free(n)
      BN_free(e)
    }
    // The builder keeps the name pointers until `to_param`, so they must outlive this call:
    // static strings, not Swift's temporary bridged ones.
    guard let n, let e, OSSL_PARAM_BLD_push_BN(builder, staticCString("n"), n) == 1,
      OSSL_PARAM_BLD_push_BN(builder, staticCString("e"), e) == 1, let parameters = OSSL_PARAM_BLD_to_param(builder)
    else { return fallback }
    defer { OSSL_PARAM_free(parameters) }
    guard let context = EVP_PKEY_CTX_new_from_name(nil, "RSA", nil) else { return fallback }
    defer { EVP_PKEY_CTX_free(context) }
    var made: OpaquePointer?
    // EVP_PKEY_PUBLIC_KEY: the public key and all parameters (OSSL_KEYMGMT_SELECT_* 0x84 | 0x02).
    guard EVP_PKEY_fromdata_init(context) == 1, EVP_PKEY_fromdata(context, &made, 0x86, parameters) == 1, let made else {
      return fallback
    }
    defer { EVP_PKEY_free(made) }
    return body(made)
  }

  /// SubjectPublicKeyInfo PEM, which `openssl dgst -sha256 -verify` reads.
  public var pem: String {
    withKey(otherwise: "") { key in readBIO { bio in PEM_write_bio_PUBKEY(bio, key) } }
  }

  /// Whether `signature` is an RS256 signature of `message` by this key.
  public func isValidRS256Signature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
    guard signature.count == modulus.count else { return false }
    return withKey(otherwise: false) { key in
      guard let context = EVP_MD_CTX_new() else { return false }
      defer { EVP_MD_CTX_free(context) }
      guard EVP_DigestVerifyInit(context, nil, EVP_sha256(), nil, key) == 1 else { return false }
      return signature.withUnsafeBufferPointer { sig in
        message.withUnsafeBufferPointer { msg in
          EVP_DigestVerify(context, sig.baseAddress, sig.count, msg.baseAddress, msg.count) == 1
        }
      }
    }
  }
}

/// A NUL-terminated C string in static storage.
private func staticCString(_ s: StaticString) -> UnsafePointer<CChar> {
  UnsafeRawPointer(s.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// A big-number parameter of a key ("n", "e") as big-endian bytes.
private func bigEndianParameter(_ key: OpaquePointer, _ name: String) -> [UInt8] {
  var number: OpaquePointer?
  guard EVP_PKEY_get_bn_param(key, name, &number) == 1, let number else { return [] }
  defer { BN_free(number) }
  let count = (Int(BN_num_bits(number)) + 7) / 8
  var bytes = [UInt8](repeating: 0, count: count)
  _ = BN_bn2bin(number, &bytes)
  return bytes
}
