import Foundation

/// Files only their owner may read: keys, and what is signed with them.
public enum PrivateFile {
  /// Writes `bytes` to a new temporary file beside `path`, created with mode 0600 (never readable
  /// by others, even for a moment), syncs it and renames it over `path`, so an old file is never
  /// lost before its successor is safely on disk. Returns nil, or the `errno` of the step that
  /// failed (the temporary file is then removed).
  public static func replace(_ path: String, with bytes: [UInt8]) -> Int32? {
    let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { return errno }
    var written = 0
    while written < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + written, bytes.count - written) }
      guard n > 0 else { break }
      written += n
    }
    let synced = fchmod(fd, 0o600) == 0 && fsync(fd) == 0
    close(fd)
    guard written == bytes.count, synced, rename(temporary, path) == 0 else {
      let failure = errno
      unlink(temporary)
      return failure
    }
    return nil
  }
}
