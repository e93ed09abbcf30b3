import Cryptography
import Foundation
import Records

/// Evidence files kept by content: `<dir>/<first two hex digits>/<sha256>`. The same file
/// attached twice is stored once; a name is kept per attachment in the database.
struct EvidenceVault {
  let directory: String
  static let maxBytes = 100 * 1024 * 1024

  func location(_ sha256: String) -> String {
    "\(directory)/\(sha256.prefix(2))/\(sha256)"
  }

  /// Reads and hashes a file without storing it.
  func digest(of path: String) throws(RecordsError) -> (sha256: String, bytes: Int) {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw .invalid("evidence", .unknown, "cannot read \(path)")
    }
    defer { try? handle.close() }
    var hasher = Digest.Hasher(.sha256)
    var total = 0
    while true {
      let chunk: Data
      do {
        chunk = try handle.read(upToCount: 1 << 20) ?? Data()
      } catch {
        throw .invalid("evidence", .unknown, "cannot read \(path): \(error.localizedDescription)")
      }
      if chunk.isEmpty { break }
      total += chunk.count
      if total > Self.maxBytes { throw .invalid("evidence", .tooLong, "\(path) is larger than the 100 MiB allowed") }
      chunk.withUnsafeBytes { hasher.update($0) }
    }
    return (hasher.finish().hexString, total)
  }

  /// Copies a file in under its hash (write to a temporary name, flush, rename), unless present.
  /// Returns true when it added a new file.
  @discardableResult
  func store(_ path: String, sha256: String) throws(RecordsError) -> Bool {
    let target = location(sha256)
    let fm = FileManager.default
    if fm.fileExists(atPath: target) { return false }
    do {
      try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      let temporary = target + ".tmp-\(UUID().uuidString)"
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      guard Digest.sha256(data).hexString == sha256 else {
        throw RecordsError.invalid("evidence", .notAllowed, "\(path) changed while it was being stored")
      }
      _ = fm.createFile(atPath: temporary, contents: nil)
      let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
      try handle.write(contentsOf: data)
      try handle.synchronize()
      try handle.close()
      try fm.moveItem(atPath: temporary, toPath: target)
      return true
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(directory): cannot store evidence: \(error.localizedDescription)")
    }
  }

  func remove(_ sha256: String) {
    try? FileManager.default.removeItem(atPath: location(sha256))
  }

  func read(_ sha256: String) -> Data? {
    FileManager.default.contents(atPath: location(sha256))
  }

  /// Every stored file's hash, sorted.
  func allFiles() -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return [] }
    var names: [String] = []
    while let item = enumerator.nextObject() as? String {
      let name = (item as NSString).lastPathComponent
      if name.count == 64 { names.append(name) }
    }
    return names.sorted()
  }
}
