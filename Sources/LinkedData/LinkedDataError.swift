/// A JSON-LD or RDF processing error. `code` is the JSON-LD 1.1 API error code where one applies
/// (for example "protected term redefinition"), so a message can be looked up in the specification.
public struct LinkedDataError: Error, Sendable, Equatable, CustomStringConvertible {
  public var code: String
  public var detail: String

  public init(_ code: String, _ detail: String) {
    self.code = code
    self.detail = detail
  }

  public var description: String { detail.isEmpty ? code : "\(code): \(detail)" }
}
