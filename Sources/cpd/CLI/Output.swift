import Foundation
import Service

enum Output {
  static func standardOutput(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
  }

  /// A one-line `error:` message on standard error; newlines inside are flattened.
  static func error(_ message: String) {
    standardError("error: " + message.replacingOccurrences(of: "\n", with: " ") + "\n")
  }

  static func warning(_ message: String) {
    standardError("warning: " + message.replacingOccurrences(of: "\n", with: " ") + "\n")
  }

  static var stderrIsTerminal: Bool { isatty(2) != 0 }

  /// Writes to `-o FILE`, or to standard output; a file that is part of the service's store is
  /// refused. `privately`: the file is readable by its owner only (personal data).
  static func emit(_ text: String, to file: String?, for service: Service? = nil, privately: Bool = false) throws {
    if let file, let service { try service.checkOutput(file) }
    try emit(Data(text.utf8), to: file, privately: privately)
  }

  /// A regular file (or a new one) is written whole or not at all: a temporary file beside it,
  /// synced, renamed over it (through a link, the link's target is what is replaced). Anything
  /// else, such as `/dev/null`, `/dev/stdout` or a FIFO, is written to and never replaced.
  static func emit(_ data: Data, to file: String?, privately: Bool = false) throws(CLIError) {
    guard let file, file != "-" else {
      FileHandle.standardOutput.write(data)
      return
    }
    var target = file
    var info = stat()
    if lstat(file, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
      target = URL(fileURLWithPath: file).resolvingSymlinksInPath().path
    }
    if stat(target, &info) == 0 && (info.st_mode & S_IFMT) != S_IFREG {
      guard (info.st_mode & S_IFMT) != S_IFDIR else { throw .failure("\(file): is a folder") }
      let fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC)
      guard fd >= 0 else { throw .failure("\(file): cannot write: \(String(cString: strerror(errno)))") }
      defer { close(fd) }
      guard writeAll(fd, data) else { throw .failure("\(file): cannot write: \(String(cString: strerror(errno)))") }
      return
    }
    let folder = (target as NSString).deletingLastPathComponent
    do {
      if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
    } catch {
      throw .failure("\(file): cannot write: \(error.localizedDescription)")
    }
    let temporary = (folder.isEmpty ? "" : folder + "/") + ".\((target as NSString).lastPathComponent).tmp-\(getpid())"
    let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, privately ? 0o600 : 0o644)
    guard fd >= 0 else { throw .failure("\(file): cannot write: \(String(cString: strerror(errno)))") }
    if privately { fchmod(fd, 0o600) }
    let written = writeAll(fd, data) && fsync(fd) == 0
    close(fd)
    guard written, rename(temporary, target) == 0 else {
      unlink(temporary)
      throw .failure("\(file): cannot write: \(String(cString: strerror(errno)))")
    }
  }

  static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
    data.withUnsafeBytes { buffer in
      var done = 0
      while done < buffer.count {
        let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return false }
        done += n
      }
      return true
    }
  }
}

/// Progress on standard error for long work: a line that updates in place on a terminal, or
/// (when asked for in a log) a line every tenth of the way.
struct Progress {
  let label: String
  let enabled: Bool
  let terminal: Bool
  private var lastShown = -1

  init(_ label: String, force: Bool = false) {
    self.label = label
    terminal = Output.stderrIsTerminal
    enabled = force || terminal
  }

  mutating func update(_ done: Int, of total: Int) {
    guard enabled, total > 0 else { return }
    let percent = min(100, done * 100 / total)
    let shown = terminal ? percent : percent / 10 * 10
    guard shown != lastShown else { return }
    lastShown = shown
    Output.standardError(terminal ? "\r\(label): \(percent)% (\(done)/\(total))" : "\(label): \(shown)%\n")
  }

  func finish() {
    if enabled && terminal && lastShown >= 0 { Output.standardError("\n") }
  }
}
