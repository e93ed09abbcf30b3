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
  static let maxBytes = 100 * 1024 * 1024

  var journal: String { directory + "/.adding" }

  func location(_ sha256: String) -> String {
    "\(directory)/\(sha256.prefix(2))/\(sha256)"
  }

  /// Opens a file to read as evidence: it must be a regular file (opened without blocking, so a
  /// FIFO cannot hang us) and, when `within` is given, stay inside that folder once links are
  /// followed.
  func open(_ file: EvidenceFile) throws(RecordsError) -> FileHandle {
    if let within = file.within {
      let folder = URL(fileURLWithPath: within).resolvingSymlinksInPath().path
      let target = URL(fileURLWithPath: file.path).resolvingSymlinksInPath().path
      guard target.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") else {
        throw .invalid("evidence", .notAllowed, "\(file.path) leads outside the folder the import is in (\(within))")
      }
    }
    let fd = Glibc.open(file.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw .invalid("evidence", .unknown, "cannot read \(file.path)") }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw .invalid("evidence", .malformed, "\(file.path) is not a regular file")
    }
    return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
  }

  /// Reads and hashes a file without storing it.
  func digest(of file: EvidenceFile) throws(RecordsError) -> (sha256: String, bytes: Int) {
    let handle = try open(file)
    defer { try? handle.close() }
    var hasher = Digest.Hasher(.sha256)
    var total = 0
    while true {
      let chunk: Data
      do {
        chunk = try handle.read(upToCount: 1 << 20) ?? Data()
      } catch {
        throw .invalid("evidence", .unknown, "cannot read \(file.path): \(error.localizedDescription)")
      }
      if chunk.isEmpty { break }
      total += chunk.count
      if total > Self.maxBytes { throw .invalid("evidence", .tooLong, "\(file.path) is larger than the 100 MiB allowed") }
      chunk.withUnsafeBytes { hasher.update($0) }
    }
    return (hasher.finish().hexString, total)
  }

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
  /// and any half-written temporary file. Run while holding the store's write lock.
  func recover(isReferenced: (String) throws -> Bool) throws(RecordsError) {
    guard let text = try? String(contentsOfFile: journal, encoding: .utf8) else { return }
    do {
      for hash in text.split(separator: "\n").map(String.init) where hash.count == 64 {
        if try !isReferenced(hash) { remove(hash) }
      }
    } catch let error as RecordsError {
      throw error
    } catch {
      throw .storage("\(directory): cannot check the evidence being added: \(error)")
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
    let handle = try open(file)
    defer { try? handle.close() }
    let data: Data
    do {
      data = try handle.readToEnd() ?? Data()
    } catch {
      throw .invalid("evidence", .unknown, "cannot read \(file.path): \(error.localizedDescription)")
    }
    guard Digest.sha256(data).hexString == sha256 else {
      throw .invalid("evidence", .notAllowed, "\(file.path) changed while it was being stored")
    }
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
