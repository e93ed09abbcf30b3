import Foundation
import JSON
import Service

/// A learning platform sends completions here (xAPI 1.0.3): `POST` one statement or an array,
/// `PUT ?statementId=` one statement, with HTTP Basic authentication of an lms login. The
/// statements go through the same validation and mapping as `cpd import xapi`.
enum XAPIEndpoint {
  static let version = "1.0.3"

  static func json(_ status: Int, _ value: JSONValue, _ extra: [(String, String)] = []) -> HTTPResponse {
    HTTPResponse(
      status: status, headers: [("Content-Type", "application/json"), ("X-Experience-API-Version", version)] + extra,
      body: Array(JSONWriter.string(value, style: .compact).utf8))
  }

  static func error(_ status: Int, _ message: String, _ extra: [(String, String)] = []) -> HTTPResponse {
    json(status, ["error": .string(message)], extra)
  }

  static func about() -> HTTPResponse { json(200, ["version": [.string(version)]]) }

  static func statements(_ c: inout Context) throws -> HTTPResponse {
    let r = c.request
    guard r.method == "POST" || r.method == "PUT" else {
      return error(405, "statements are sent with POST or PUT", [("Allow", "POST, PUT")])
    }
    guard let given = r.header("X-Experience-API-Version"), given.hasPrefix("1.0") else {
      return error(400, "the X-Experience-API-Version header (1.0.x) is required")
    }
    guard let (login, password) = basicCredentials(r.header("Authorization")) else {
      return error(401, "HTTP Basic authentication of an lms login is required", [("WWW-Authenticate", "Basic realm=\"cpd xAPI\"")])
    }
    let statementID = r.method == "PUT" ? r.queryValue("statementId") : nil
    if r.method == "PUT" && statementID == nil { return error(400, "a PUT needs ?statementId=") }
    switch try c.app.workspace.authenticate(login: login, password: password, policy: c.app.options.policy, now: WebApp.now) {
    case .refused:
      return error(401, "wrong login or password", [("WWW-Authenticate", "Basic realm=\"cpd xAPI\"")])
    case .wait(let seconds):
      return error(429, "too many failed attempts; try again in \(seconds) s", [("Retry-After", String(seconds))])
    case .signedIn(_, let session):
      do throws(RecordsError) {
        let receipt = try session.service.receiveStatements(r.body, statementID: statementID)
        if r.method == "PUT" { return HTTPResponse(status: 204, headers: [("X-Experience-API-Version", version)]) }
        return json(200, .array(receipt.statementIDs.map { .string($0) }))
      } catch {
        switch error {
        case .forbidden(let why): return XAPIEndpoint.error(403, why)
        case .invalid(let input): return XAPIEndpoint.error(400, input.description)
        default: return XAPIEndpoint.error(500, "the statements could not be stored")
        }
      }
    }
  }

  /// `Authorization: Basic base64(login:password)`.
  static func basicCredentials(_ header: String?) -> (String, String)? {
    guard let header, header.lowercased().hasPrefix("basic "),
      let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
      let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
    else { return nil }
    return (String(text[..<colon]), String(text[text.index(after: colon)...]))
  }
}
