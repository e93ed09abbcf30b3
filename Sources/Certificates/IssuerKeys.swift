import Cryptography
import Foundation

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

/// The issuer's Ed25519 key pair, kept in a folder beside the store: the private key (PEM,
/// readable by its owner only), the public key (PEM) and the issuer's name.
public struct IssuerKeys: Sendable {
  public let directory: String
  public let name: String
  public let privateKey: Ed25519PrivateKey

  public var publicKey: Ed25519PublicKey { privateKey.publicKey }
  public var did: String { DIDKey.identifier(for: publicKey.raw) }
  public var verificationMethod: String { did + "#" + DIDKey.fingerprint(for: publicKey.raw) }

  static func privatePath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-private.pem") }
  static func publicPath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-public.pem") }
  static func namePath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("issuer-name.txt") }

  /// Creates a new key pair; the private key file is created with mode 0600.
  public static func create(in directory: String, name: String, replacing: Bool = false) throws(CertificateError) -> IssuerKeys {
    let fm = FileManager.default
    if fm.fileExists(atPath: privatePath(directory)) && !replacing { throw .keysExist(directory) }
    let key: Ed25519PrivateKey
    do {
      key = try Ed25519PrivateKey()
    } catch {
      throw .unreadable("cannot create a key: \(error)")
    }
    do {
      try fm.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      try writePrivately(key.pem, to: privatePath(directory))
      try Data(key.publicKey.pem.utf8).write(to: URL(fileURLWithPath: publicPath(directory)), options: .atomic)
      try Data((name + "\n").utf8).write(to: URL(fileURLWithPath: namePath(directory)), options: .atomic)
    } catch let error as CertificateError {
      throw error
    } catch {
      throw .unreadable("\(directory): cannot write the keys: \(error.localizedDescription)")
    }
    return IssuerKeys(directory: directory, name: name, privateKey: key)
  }

  /// Writes a file that only its owner can read: created with mode 0600 (never readable by others,
  /// even for a moment), synced, then renamed over any old one, so a replaced key is never lost
  /// before its successor is safely on disk.
  static func writePrivately(_ text: String, to path: String) throws(CertificateError) {
    let temporary = path + ".new-\(getpid())"
    unlink(temporary)
    let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw .unreadable("\(path): cannot create the private key: \(String(cString: strerror(errno)))") }
    let bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
      guard n > 0 else { break }
      written += n
    }
    let synced = fchmod(fd, 0o600) == 0 && fsync(fd) == 0
    close(fd)
    guard written == bytes.count, synced, rename(temporary, path) == 0 else {
      unlink(temporary)
      throw .unreadable("\(path): cannot write the private key: \(String(cString: strerror(errno)))")
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
    let name = FileManager.default.contents(atPath: namePath(directory)).map {
      String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    return IssuerKeys(directory: directory, name: name ?? "CPD issuer", privateKey: key)
  }
}
