import Cryptography

/// Name-based UUIDs (RFC 9562 version 5, SHA-1), so that an exported item keeps its
/// identifier from one export to the next.
public enum NameBasedUUID {
  /// The RFC's URL namespace, 6ba7b811-9dad-11d1-80b4-00c04fd430c8.
  public static let urlNamespace: [UInt8] = [
    0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8,
  ]

  public static func bytes(namespace: [UInt8], name: String) -> [UInt8] {
    var hash = Array(Digest.sha1(namespace + Array(name.utf8)).prefix(16))
    hash[6] = (hash[6] & 0x0F) | 0x50
    hash[8] = (hash[8] & 0x3F) | 0x80
    return hash
  }

  public static func string(namespace: [UInt8], name: String) -> String {
    format(bytes(namespace: namespace, name: name))
  }

  public static func format(_ bytes: [UInt8]) -> String {
    let hex = bytes.hexString
    let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
      String(hex.utf8.dropFirst(range.lowerBound).prefix(range.count)).map { String($0) } ?? ""
    }
    return parts.joined(separator: "-")
  }

  /// Parses the 8-4-4-4-12 hex form, any case; nil if it is not one.
  public static func parse(_ text: String) -> [UInt8]? {
    let chars = Array(text.utf8)
    guard chars.count == 36, [8, 13, 18, 23].allSatisfy({ chars[$0] == UInt8(ascii: "-") }) else { return nil }
    return [UInt8](hex: String(decoding: chars.filter { $0 != UInt8(ascii: "-") }, as: UTF8.self))
  }

  /// The version nibble of a parsed UUID.
  public static func version(_ bytes: [UInt8]) -> Int { Int(bytes[6] >> 4) }
}
