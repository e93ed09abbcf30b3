import Foundation

/// Reading a whole file into an array, for the framework's files and for the files a command
/// is given.
public enum FileContents {
  /// A file's bytes read straight into an array, without a `Data` to copy them from: as much as
  /// its size says in the first read (a 17 MB import is one read), then on until a read returns
  /// nothing, so that a pipe, which reports no size, is read to its end. Nil when there is no
  /// such file, it cannot be read (a folder), or `regularOnly` and it is not a regular file.
  public static func bytes(atPath path: String, regularOnly: Bool = false) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, !regularOnly || (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
    var filled = 0
    while true {
      if filled == bytes.count { bytes += [UInt8](repeating: 0, count: max(bytes.count, 1 << 16)) }
      let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
      if n < 0 && errno == EINTR { continue }
      guard n >= 0 else { return nil }
      if n == 0 { break }
      filled += n
    }
    bytes.removeLast(bytes.count - filled)
    return bytes
  }
}
