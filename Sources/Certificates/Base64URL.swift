import Foundation

/// Base64url without padding (RFC 4648 §5), as JWS and multibase `u` strings use.
public enum Base64URL {
  public static func encode(_ bytes: some Collection<UInt8>) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
      .replacingOccurrences(of: "=", with: "")
  }

  /// Nil unless `text` is base64url (padding tolerated, no other characters).
  public static func decode(_ text: some StringProtocol) -> [UInt8]? {
    var s = String(text)
    while s.hasSuffix("=") { s.removeLast() }
    guard s.utf8.allSatisfy({ c in
      (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-")
        || c == UInt8(ascii: "_")
    }), s.count % 4 != 1
    else { return nil }
    s = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    s += String(repeating: "=", count: (4 - s.count % 4) % 4)
    return Data(base64Encoded: s).map(Array.init)
  }
}

/// Multibase strings (the `z` base58btc and `u` base64url forms the VC specifications use).
public enum Multibase {
  public static func base58btc(_ bytes: [UInt8]) -> String { "z" + Base58.encode(bytes) }
  public static func base64url(_ bytes: [UInt8]) -> String { "u" + Base64URL.encode(bytes) }

  public static func decode(_ text: String) -> [UInt8]? {
    switch text.first {
    case "z": Base58.decode(String(text.dropFirst()))
    case "u": Base64URL.decode(text.dropFirst())
    default: nil
    }
  }
}
