import COpenSSL

/// Message digests computed by the system OpenSSL (libcrypto).
public enum Digest {
  public enum Algorithm: Sendable {
    case sha1
    case sha256

    var evp: OpaquePointer? {
      switch self {
      case .sha1: EVP_sha1()
      case .sha256: EVP_sha256()
      }
    }
  }

  public static func sha256(_ bytes: some Collection<UInt8>) -> [UInt8] {
    var hasher = Hasher(.sha256)
    hasher.update(bytes)
    return hasher.finish()
  }

  public static func sha256(_ text: String) -> [UInt8] { sha256(Array(text.utf8)) }

  public static func sha1(_ bytes: some Collection<UInt8>) -> [UInt8] {
    var hasher = Hasher(.sha1)
    hasher.update(bytes)
    return hasher.finish()
  }

  /// An incremental digest, for files read in chunks.
  public struct Hasher: ~Copyable {
    private let context: OpaquePointer

    public init(_ algorithm: Algorithm) {
      guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, algorithm.evp, nil) == 1 else {
        fatalError("OpenSSL could not start a digest; libcrypto is unusable")
      }
      self.context = context
    }

    public mutating func update(_ bytes: some Collection<UInt8>) {
      let done: Void? = bytes.withContiguousStorageIfAvailable { buffer in
        _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
      }
      if done == nil {
        let copy = Array(bytes)
        copy.withUnsafeBufferPointer { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
      }
    }

    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
      _ = EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
    }

    /// The digest of what has been fed so far, leaving the hasher as it is.
    public func current() -> [UInt8] {
      guard let copy = EVP_MD_CTX_new() else { fatalError("OpenSSL could not copy a digest; libcrypto is unusable") }
      defer { EVP_MD_CTX_free(copy) }
      guard EVP_MD_CTX_copy_ex(copy, context) == 1 else { fatalError("OpenSSL could not copy a digest; libcrypto is unusable") }
      var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
      var length: UInt32 = 0
      _ = EVP_DigestFinal_ex(copy, &output, &length)
      return Array(output.prefix(Int(length)))
    }

    public consuming func finish() -> [UInt8] {
      var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
      var length: UInt32 = 0
      _ = EVP_DigestFinal_ex(context, &output, &length)
      return Array(output.prefix(Int(length)))
    }

    deinit { EVP_MD_CTX_free(context) }
  }
}

extension Collection<UInt8> {
  /// Lower-case hexadecimal.
  public var hexString: String {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(count * 2)
    for byte in self {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}

extension Array where Element == UInt8 {
  /// Parses lower- or upper-case hexadecimal; nil if the text is not hex.
  public init?(hex: some StringProtocol) {
    let chars = Array(hex.utf8)
    guard chars.count % 2 == 0 else { return nil }
    func value(_ c: UInt8) -> UInt8? {
      switch c {
      case 0x30...0x39: c - 0x30
      case 0x61...0x66: c - 0x61 + 10
      case 0x41...0x46: c - 0x41 + 10
      default: nil
      }
    }
    var bytes = [UInt8]()
    bytes.reserveCapacity(chars.count / 2)
    var i = 0
    while i < chars.count {
      guard let hi = value(chars[i]), let lo = value(chars[i + 1]) else { return nil }
      bytes.append(hi << 4 | lo)
      i += 2
    }
    self = bytes
  }
}
