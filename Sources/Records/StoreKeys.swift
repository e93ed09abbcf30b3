import Cryptography
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The store's own Ed25519 key, kept in its keys folder (the private key readable by its owner
/// only). It signs every audit entry and the head of the log written beside the store, so that
/// someone with the database file but not the key cannot cut, recompute or add to the log
/// unseen.
package enum StoreKey {
  package static func privatePath(_ keys: String) -> String { keys + "/audit-private.pem" }
  package static func publicPath(_ keys: String) -> String { keys + "/audit-public.pem" }

  /// The private key, made the first time a store is opened to write.
  package static func loadOrCreate(in keys: String) throws(RecordsError) -> Ed25519PrivateKey {
    if let text = try? String(contentsOfFile: privatePath(keys), encoding: .utf8) {
      do {
        return try Ed25519PrivateKey(pem: text)
      } catch {
        throw .storage("\(privatePath(keys)): \(error)")
      }
    }
    do {
      let key = try Ed25519PrivateKey()
      try Files.makeFolder(keys)
      try Files.writePrivately(Array(key.pem.utf8), to: privatePath(keys))
      try Files.writePrivately(Array(key.publicKey.pem.utf8), to: publicPath(keys))
      return key
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(keys): cannot make the store's audit key: \(error)")
    }
  }

  package static func publicKey(in keys: String) -> Ed25519PublicKey? {
    guard let text = try? String(contentsOfFile: publicPath(keys), encoding: .utf8) else { return nil }
    return try? Ed25519PublicKey(pem: text)
  }
}

/// Files the store writes beside the database: owner-only, whatever the umask, and replaced
/// only by a synced temporary file renamed over them.
package enum Files {
  package static func makeFolder(_ path: String) throws(RecordsError) {
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw .storage("\(path): exists and is not a folder") }
      chmod(path, 0o700)
      return
    }
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      throw .storage("\(path): cannot create the folder: \(String(cString: strerror(errno)))")
    }
    chmod(path, 0o700)
  }

  /// Creates `path` (mode 0600) if it does not exist, without opening it for anything else.
  package static func createPrivately(_ path: String) throws(RecordsError) {
    let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw .storage("\(path): cannot create the file: \(String(cString: strerror(errno)))") }
    fchmod(fd, 0o600)
    close(fd)
  }

  /// Writes `bytes` to a temporary file (0600) beside `path`, syncs it and renames it over `path`.
  package static func writePrivately(_ bytes: [UInt8], to path: String) throws(RecordsError) {
    if let failure = PrivateFile.replace(path, with: bytes) {
      throw .storage("\(path): cannot write: \(String(cString: strerror(failure)))")
    }
  }

}

/// The signed head of a store's audit log, kept in a file outside the database (`<path>`, with a
/// lock file `<path>.lock` beside it).
package struct AuditHeadFile {
  package let path: String

  package init(path: String) { self.path = path }

  /// Moves the head forward to `seq`, never back: writers that commit in one order and get here
  /// in another still leave the newest.
  package func advance(store: String, seq: Int64, hash: String, key: Ed25519PrivateKey) throws(RecordsError) {
    let lockPath = path + ".lock"
    let lock = Glibc.open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
    guard lock >= 0 else { throw .storage("\(lockPath): cannot open: \(String(cString: strerror(errno)))") }
    defer { close(lock) }
    flock(lock, LOCK_EX)
    defer { flock(lock, LOCK_UN) }
    if let current = read(), current.store == store, current.seq >= seq { return }
    do {
      let head = try AuditHead(store: store, seq: seq, hash: hash).signed(with: key)
      try Files.writePrivately(Array(head.text.utf8), to: path)
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(path): cannot sign the head of the audit log: \(error)")
    }
  }

  package func read() -> AuditHead? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return AuditHead(text: text)
  }
}
