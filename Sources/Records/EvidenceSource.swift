import Cryptography
import Foundation
import Workforce

#if canImport(Glibc)
  import Glibc
#endif

/// Reading a file an activity attaches as evidence, for every backend: only a regular file
/// (opened without blocking, so a FIFO cannot hang us), which stays inside the folder an import
/// names once links are followed, of at most 100 MiB.
package enum EvidenceSource {
  package static let maxBytes = 100 * 1024 * 1024

  /// Opens a file to read as evidence: it must be a regular file (opened without blocking, so a
  /// FIFO cannot hang us) and, when `within` is given, stay inside that folder once links are
  /// followed.
  package static func open(_ file: EvidenceFile) throws(RecordsError) -> FileHandle {
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
  package static func digest(of file: EvidenceFile) throws(RecordsError) -> (sha256: String, bytes: Int) {
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
      if total > maxBytes { throw .invalid("evidence", .tooLong, "\(file.path) is larger than the 100 MiB allowed") }
      chunk.withUnsafeBytes { hasher.update($0) }
    }
    return (hasher.finish().hexString, total)
  }

  /// The whole file, checked against the digest taken when it was first read.
  package static func content(of file: EvidenceFile, sha256: String) throws(RecordsError) -> Data {
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
    return data
  }
}
