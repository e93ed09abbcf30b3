import Cryptography
import Foundation
import Records
import Workforce

#if canImport(Glibc)
  import Glibc
#endif

/// Evidence files kept by content: `<dir>/<first two hex digits>/<sha256>`, owner-only (0600
/// files in 0700 folders). The same file attached twice is stored once; a name is kept per
/// attachment in the database.
///
/// Only regular files are taken (a FIFO or a device would hang the import or read forever), and
/// a file an import names may not lead, through a link, outside the folder it must stay in.
/// Files being added are named in a journal first, so that after a crash the next writer removes
/// any the database never came to reference.
struct EvidenceVault {
  let directory: String

  var journal: String { directory + "/.adding" }

  /// Whether a journal was being written when its process was killed: `Files.writePrivately`
  /// writes a temporary file beside it and renames it, and the kill came before the rename (no
  /// file it would have named was copied in yet, but the temporary file is left).
  var hasStrandedJournal: Bool {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).contains { $0.hasPrefix(".adding.tmp-") }
  }

  func location(_ sha256: String) -> String {
    "\(directory)/\(sha256.prefix(2))/\(sha256)"
  }

  func digest(of file: EvidenceFile) throws(RecordsError) -> (sha256: String, bytes: Int) { try EvidenceSource.digest(of: file) }

  /// Names the files about to be added, before any is copied in.
  func beginAdding(_ hashes: [String]) throws(RecordsError) {
    try Files.makeFolder(directory)
    try Files.writePrivately(Array((hashes.joined(separator: "\n") + "\n").utf8), to: journal)
  }

  /// The files named are referenced now (or were removed): the journal goes.
  func finishAdding() {
    unlink(journal)
  }

  /// After a crash: removes the files the journal names that the database does not reference,
  /// and any half-written temporary file (the journal's own among them). Run while holding the
  /// store's write lock.
  func recover(isReferenced: (String) throws -> Bool) throws(RecordsError) {
    if let text = try? String(contentsOfFile: journal, encoding: .utf8) {
      do {
        for hash in text.split(separator: "\n").map(String.init) where hash.count == 64 {
          if try !isReferenced(hash) { remove(hash) }
        }
      } catch let error as RecordsError {
        throw error
      } catch {
        throw .storage("\(directory): cannot check the evidence being added: \(error)")
      }
    }
    if let enumerator = FileManager.default.enumerator(atPath: directory) {
      while let item = enumerator.nextObject() as? String {
        if (item as NSString).lastPathComponent.contains(".tmp-") { unlink(directory + "/" + item) }
      }
    }
    finishAdding()
  }

  /// Copies a file in under its hash (a temporary name, synced, renamed), unless present.
  /// Returns true when it added a new file.
  @discardableResult
  func store(_ file: EvidenceFile, sha256: String) throws(RecordsError) -> Bool {
    let target = location(sha256)
    if FileManager.default.fileExists(atPath: target) { return false }
    let data = try EvidenceSource.content(of: file, sha256: sha256)
    try Files.makeFolder(directory)
    try Files.makeFolder((target as NSString).deletingLastPathComponent)
    try Files.writePrivately([UInt8](data), to: target)
    return true
  }

  func remove(_ sha256: String) {
    unlink(location(sha256))
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
