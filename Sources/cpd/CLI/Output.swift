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

  /// Writes to `-o FILE` (atomically: a partial file never appears) or to standard output; a
  /// file that is part of the service's store is refused.
  static func emit(_ text: String, to file: String?, for service: Service? = nil) throws {
    if let file, let service { try service.checkOutput(file) }
    try emit(Data(text.utf8), to: file)
  }

  static func emit(_ data: Data, to file: String?) throws(CLIError) {
    guard let file, file != "-" else {
      FileHandle.standardOutput.write(data)
      return
    }
    do {
      let url = URL(fileURLWithPath: file)
      try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try data.write(to: url, options: .atomic)
    } catch {
      throw .failure("\(file): cannot write: \(error.localizedDescription)")
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
