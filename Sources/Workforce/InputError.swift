/// Which record-keeping rule an input broke, so that a form can say so beside the field.
public enum InputRule: String, Sendable, Hashable, CaseIterable {
  /// Missing or empty.
  case required
  /// Not of the expected shape: a date, a number, an id, an email address, a list.
  case malformed
  /// A number or a date outside what is allowed.
  case outOfRange
  case tooLong
  /// Control characters or invalid UTF-8.
  case badText
  /// Names something the framework or the store does not have.
  case unknown
  /// Already there, or given twice.
  case duplicate
  /// Record keeping forbids it: signing off one's own activity, editing a signed-off one.
  case notAllowed
}

/// One wrong input: where (file, row), which field, which rule, and a plain message.
///
/// Reads as `activities.csv: row 4: hours: "x" is not a number`.
public struct InputError: Error, Sendable, Hashable, CustomStringConvertible {
  /// Outermost first: a file, then a row or a statement.
  public var location: [String]
  /// The field as the user named it (`hours`, `verified_by`); empty when the whole record is wrong.
  public var field: String
  public var rule: InputRule
  public var message: String

  public init(_ field: String, _ rule: InputRule, _ message: String, at location: [String] = []) {
    self.field = field
    self.rule = rule
    self.message = message
    self.location = location
  }

  /// The same error, placed inside `place` (which goes before any place it already has).
  public func located(_ place: String) -> InputError {
    var copy = self
    copy.location.insert(place, at: 0)
    return copy
  }

  public var description: String {
    (location + (field.isEmpty ? [] : [field]) + [message]).joined(separator: ": ")
  }
}
