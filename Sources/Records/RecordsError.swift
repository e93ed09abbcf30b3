import Workforce

/// What went wrong in the records, worded for the person at the keyboard.
public enum RecordsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The input is wrong (a field, a row, a statement); nothing was stored.
  case invalid(InputError)
  /// The acting person may not do this (the access model); nothing was read or stored.
  case forbidden(String)
  /// There is no store at the location.
  case missingStore(String)
  /// Something is at the location, but it is not a cpd records store; it was left as it was.
  case notAStore(path: String, reason: String)
  /// The store was written by a newer build.
  case newerStore(path: String, version: Int, known: Int)
  /// The store needs migrating, which a command that only reads does not do.
  case olderStore(path: String, version: Int, latest: Int)
  /// The database or the file system failed.
  case storage(String)

  public static func invalid(_ field: String, _ rule: InputRule, _ message: String) -> RecordsError {
    .invalid(InputError(field, rule, message))
  }

  public var description: String {
    switch self {
    case .invalid(let error): error.description
    case .forbidden(let message): message
    case .missingStore(let path): "\(path): no records store here (create one with 'cpd init --store \(path)')"
    case .notAStore(let path, let reason): "\(path): not a cpd records store (\(reason)); it was left as it is"
    case .newerStore(let path, let version, let known):
      "\(path): the store has schema version \(version), newer than this cpd knows (\(known)); use a newer cpd"
    case .olderStore(let path, let version, let latest):
      "\(path): the store has schema version \(version) and needs migrating to \(latest) "
        + "(run 'cpd init --store \(path)'; commands that only read never change the store)"
    case .storage(let message): message
    }
  }

  /// The input error, if this is one.
  public var inputError: InputError? {
    if case .invalid(let error) = self { return error }
    return nil
  }

  /// Places an input error inside `place`, e.g. "file.csv" or "row 3"; other errors are unchanged.
  public func located(_ place: String?) -> RecordsError {
    guard let place, case .invalid(let error) = self else { return self }
    return .invalid(error.located(place))
  }
}
