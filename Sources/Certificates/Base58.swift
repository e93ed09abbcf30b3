/// Base58 with the Bitcoin alphabet, as multibase `z` strings use.
public enum Base58 {
  static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
  static let values: [UInt8: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

  public static func encode(_ bytes: [UInt8]) -> String {
    let zeros = bytes.prefix { $0 == 0 }.count
    var digits: [Int] = []  // little-endian base 58
    for byte in bytes {
      var carry = Int(byte)
      for i in digits.indices {
        carry += digits[i] << 8
        digits[i] = carry % 58
        carry /= 58
      }
      while carry > 0 {
        digits.append(carry % 58)
        carry /= 58
      }
    }
    let text = Array(repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[$0] }
    return String(decoding: text, as: UTF8.self)
  }

  public static func decode(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    let zeros = chars.prefix { $0 == alphabet[0] }.count
    var bytes: [Int] = []  // little-endian base 256
    for c in chars {
      guard var carry = values[c] else { return nil }
      for i in bytes.indices {
        carry += bytes[i] * 58
        bytes[i] = carry & 0xFF
        carry >>= 8
      }
      while carry > 0 {
        bytes.append(carry & 0xFF)
        carry >>= 8
      }
    }
    return Array(repeating: 0, count: zeros) + bytes.reversed().map(UInt8.init)
  }
}

/// `did:key` identifiers for Ed25519 public keys: `did:key:z` + base58(0xed 0x01 + key).
public enum DIDKey {
  public static func identifier(for key: [UInt8]) -> String { "did:key:" + fingerprint(for: key) }

  public static func fingerprint(for key: [UInt8]) -> String { "z" + Base58.encode([0xED, 0x01] + key) }

  /// The 32-byte public key named by a `did:key`, optionally with the key's own fingerprint as
  /// `#fragment` (any other fragment names no key of this DID).
  public static func publicKey(from did: String) -> [UInt8]? {
    let parts = did.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
    let id = parts[0]
    guard id.hasPrefix("did:key:z"), let bytes = Base58.decode(String(id.dropFirst("did:key:z".count))),
      bytes.count == 34, bytes[0] == 0xED, bytes[1] == 0x01
    else { return nil }
    if parts.count == 2 && "did:key:" + parts[1] != id { return nil }
    return Array(bytes.dropFirst(2))
  }
}
