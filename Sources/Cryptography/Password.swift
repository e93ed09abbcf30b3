import COpenSSL

/// Random bytes from OpenSSL's generator (seeded by the operating system), for session tokens,
/// salts and passwords.
public enum SecureRandom {
  public static func bytes(_ count: Int) -> [UInt8] {
    var out = [UInt8](repeating: 0, count: count)
    guard count == 0 || RAND_bytes(&out, Int32(count)) == 1 else {
      fatalError("OpenSSL could not produce random bytes; libcrypto is unusable")
    }
    return out
  }

  /// `count` random bytes as unpadded base64url text (cookie- and URL-safe).
  public static func token(_ count: Int = 32) -> String { base64URL(bytes(count)) }

  static func base64URL(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    var out: [UInt8] = []
    var i = 0
    while i + 2 < bytes.count {
      let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
      for shift in [18, 12, 6, 0] { out.append(alphabet[Int((n >> UInt32(shift)) & 63)]) }
      i += 3
    }
    let rest = bytes.count - i
    if rest > 0 {
      var n = UInt32(bytes[i]) << 16
      if rest == 2 { n |= UInt32(bytes[i + 1]) << 8 }
      out.append(alphabet[Int((n >> 18) & 63)])
      out.append(alphabet[Int((n >> 12) & 63)])
      if rest == 2 { out.append(alphabet[Int((n >> 6) & 63)]) }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Equal bytes, compared in time that does not depend on where they differ.
public func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
  guard a.count == b.count else { return false }
  if a.isEmpty { return true }
  return CRYPTO_memcmp(a, b, a.count) == 0
}

/// Password hashes: PBKDF2-HMAC-SHA256 through OpenSSL, with a random 16-byte salt, kept as
/// `pbkdf2-sha256$ITERATIONS$SALT$HASH` (salt and hash in hexadecimal) so the cost can rise
/// later without breaking older hashes. The clear password is never kept.
public enum PasswordHash {
  /// OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
  public static let defaultIterations = 600_000
  static let scheme = "pbkdf2-sha256"

  public static func make(_ password: String, iterations: Int = defaultIterations) -> String {
    let salt = SecureRandom.bytes(16)
    let key = derive(password, salt: salt, iterations: iterations)
    return "\(scheme)$\(iterations)$\(salt.hexString)$\(key.hexString)"
  }

  /// Whether `password` is the one `stored` was made from; false for anything malformed.
  public static func matches(_ password: String, _ stored: String) -> Bool {
    let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == scheme, let iterations = Int(parts[1]), (1...10_000_000).contains(iterations),
      let salt = [UInt8](hex: parts[2]), let expected = [UInt8](hex: parts[3]), expected.count == 32
    else { return false }
    return constantTimeEqual(derive(password, salt: salt, iterations: iterations), expected)
  }

  static func derive(_ password: String, salt: [UInt8], iterations: Int) -> [UInt8] {
    let length = password.utf8.count
    let pass = Array(password.utf8) + [0]
    var out = [UInt8](repeating: 0, count: 32)
    let ok = pass.withUnsafeBufferPointer { p in
      p.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pass.count) { chars in
        PKCS5_PBKDF2_HMAC(chars, Int32(length), salt, Int32(salt.count), Int32(iterations), EVP_sha256(), 32, &out)
      }
    }
    guard ok == 1 else { fatalError("OpenSSL could not derive a key; libcrypto is unusable") }
    return out
  }
}
