import Competency
import Workforce

// What a store needs to import xAPI statements (Interchange reads them, Service checks them, a
// store keeps them). The rules come from xAPI 1.0.3 Part Two §2.3.2 (Voiding).

/// A statement that voids an earlier one, checked: the voiding statement's id, the id of the
/// statement it voids, what it said, and when.
public struct CheckedVoiding: Sendable, Hashable {
  public let statement: String
  public let target: String
  public let reason: String?
  public let date: Day
  /// Where it came from ("statements[3]"), for errors and for the import's summary.
  public let place: String?

  init(statement: String, target: String, reason: String?, date: Day, place: String?) {
    self.statement = statement
    self.target = target
    self.reason = reason
    self.date = date
    self.place = place
  }
}

/// One thing a file of statements records, in the order it is read.
public enum StatementEntry: Sendable, Hashable {
  /// A practitioner the import adds (for an actor nobody matched), before their activities.
  case practitioner(CheckedPractitioner)
  case activity(CheckedActivity)
  /// Applied once every activity of the file is in, so that a voiding may come before the
  /// statement it voids (a record store lists the newest first).
  case voiding(CheckedVoiding)
}

/// What voiding a statement did.
public struct VoidingOutcome: Sendable, Hashable {
  public enum Effect: Sendable, Hashable {
    /// The activity was pending: it is withdrawn.
    case withdrawn
    /// The activity was verified: it stays on the record, superseded by the voiding.
    case superseded
    /// The activity had been rejected: the voiding is recorded beside the rejection.
    case alreadyRejected
    /// No statement with that id has been imported: the voiding is kept, so it never will be.
    case unknownTarget
    /// The target was voided already (by `by`); nothing more is recorded.
    case alreadyVoided(by: String)
    /// The target voids another statement itself, and a voiding statement cannot be voided.
    case targetIsVoiding
  }

  public var statement: String
  public var target: String
  public var place: String?
  /// The activity the voided statement created, if there is one.
  public var activity: String?
  public var effect: Effect

  public init(statement: String, target: String, place: String?, activity: String?, effect: Effect) {
    self.statement = statement
    self.target = target
    self.place = place
    self.activity = activity
    self.effect = effect
  }
}

/// What importing a file of statements stored.
public struct StatementsImported: Sendable, Hashable {
  /// The activities' ids, in the order they were read.
  public var ids: [String]
  public var voidings: [VoidingOutcome]

  public init(ids: [String], voidings: [VoidingOutcome]) {
    self.ids = ids
    self.voidings = voidings
  }
}

extension RecordRules {
  /// Checks a voiding: statement ids are UUIDs (lower case, as stores keep them), distinct; the
  /// reason short plain text; the date not ahead of today.
  public func checkVoiding(statement: String, target: String, reason: String?, on date: Day, place: String?)
    throws(RecordsError) -> CheckedVoiding
  {
    guard statement != target else { throw .invalid("object.id", .notAllowed, "a statement cannot void itself") }
    guard date <= today else { throw .invalid("timestamp", .outOfRange, "\(date) is in the future (today is \(today))") }
    guard date >= Self.earliest else { throw .invalid("timestamp", .outOfRange, "\(date) is too far in the past") }
    var kept: String? = nil
    if let reason {
      try Self.checkText(reason, field: "result.response", max: Self.maxNote, required: false)
      kept = reason.allSatisfy(\.isWhitespace) ? nil : reason
    }
    return CheckedVoiding(statement: statement.lowercased(), target: target.lowercased(), reason: kept, date: date, place: place)
  }
}
