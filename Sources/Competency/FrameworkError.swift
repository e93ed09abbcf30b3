/// One problem in a framework folder, located by file and JSON path.
public struct FrameworkProblem: Sendable, Equatable, CustomStringConvertible {
  public var file: String
  public var path: String
  public var message: String

  public init(file: String, path: String, message: String) {
    self.file = file
    self.path = path
    self.message = message
  }

  public var description: String { path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)" }
}

public enum FrameworkError: Error, Sendable, CustomStringConvertible {
  /// The folder does not exist or is not a framework.
  case notAFramework(directory: String, reason: String)
  /// Every problem found, in file order.
  case invalid([FrameworkProblem])
  /// An interchange file (CASE) that cannot be understood.
  case unreadableInterchange(file: String, reason: String)
  /// Writing a framework folder failed.
  case cannotWrite(path: String, reason: String)

  public var description: String {
    switch self {
    case .notAFramework(let directory, let reason): "\(directory): not a framework folder: \(reason)"
    case .invalid(let problems): problems.map(\.description).joined(separator: "\n")
    case .unreadableInterchange(let file, let reason): "\(file): \(reason)"
    case .cannotWrite(let path, let reason): "\(path): cannot write: \(reason)"
    }
  }

  public var problems: [FrameworkProblem] {
    if case .invalid(let problems) = self { return problems }
    return []
  }
}
