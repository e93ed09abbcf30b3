import Competency
import Foundation
import Records
import Service
import TestSupport
import Testing
import Web
import Workforce

/// An HTTP answer as a client sees it.
struct Reply {
  var status: Int
  var headers: [(String, String)]
  var body: [UInt8]

  var text: String { String(decoding: body, as: UTF8.self) }
  func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
  var setCookies: [String] { headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1) }
}

/// A plain HTTP/1.1 client over a socket (one request per connection), so tests see exactly
/// what was sent back (redirects are not followed) and can choose the address they come from.
enum RawHTTP {
  static func send(
    port: UInt16, method: String, path: String, headers: [(String, String)] = [], body: [UInt8] = [], from source: String? = nil
  ) -> Reply {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    precondition(fd >= 0)
    defer { close(fd) }
    if let source {
      var local = sockaddr_in()
      local.sin_family = sa_family_t(AF_INET)
      inet_pton(AF_INET, source, &local.sin_addr)
      let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
      precondition(bound == 0, "cannot bind to \(source)")
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
    let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    precondition(connected == 0, "cannot connect to port \(port)")
    var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (k, v) in headers { head += "\(k): \(v)\r\n" }
    if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
    head += "\r\n"
    let request = Array(head.utf8) + body
    var sent = 0
    while sent < request.count {
      let n = request.withUnsafeBytes { write(fd, $0.baseAddress! + sent, request.count - sent) }
      if n <= 0 { break }
      sent += n
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = read(fd, &buffer, buffer.count)
      if n <= 0 { break }
      received += buffer[0..<n]
    }
    return parse(received)
  }

  static func parse(_ bytes: [UInt8]) -> Reply {
    let separator: [UInt8] = [13, 10, 13, 10]
    var split = bytes.count
    if bytes.count >= 4 {
      for i in 0...(bytes.count - 4) where Array(bytes[i..<i + 4]) == separator {
        split = i
        break
      }
    }
    let head = String(decoding: bytes[0..<split], as: UTF8.self).components(separatedBy: "\r\n")
    let status = head.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
    var headers: [(String, String)] = []
    for line in head.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
    }
    let body = split + 4 <= bytes.count ? Array(bytes[(split + 4)...]) : []
    return Reply(status: status, headers: headers, body: body)
  }
}

/// A browser of sorts: a cookie jar and the last page's CSRF token.
final class Agent {
  let port: UInt16
  var cookies: [String: String] = [:]
  var source: String?

  init(port: UInt16, source: String? = nil) {
    self.port = port
    self.source = source
  }

  var cookieHeader: [(String, String)] {
    cookies.isEmpty ? [] : [("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))]
  }

  func keep(_ reply: Reply) {
    for set in reply.setCookies {
      let pair = set.split(separator: ";")[0]
      guard let eq = pair.firstIndex(of: "=") else { continue }
      let name = String(pair[..<eq])
      let value = String(pair[pair.index(after: eq)...])
      if value.isEmpty || set.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
    }
  }

  @discardableResult
  func get(_ path: String, headers: [(String, String)] = []) -> Reply {
    let reply = RawHTTP.send(port: port, method: "GET", path: path, headers: cookieHeader + headers, from: source)
    keep(reply)
    return reply
  }

  @discardableResult
  func post(_ path: String, _ fields: [(String, String)], headers: [(String, String)] = []) -> Reply {
    let body = Array(fields.map { "\(Self.form($0.0))=\(Self.form($0.1))" }.joined(separator: "&").utf8)
    let reply = RawHTTP.send(
      port: port, method: "POST", path: path, headers: cookieHeader + [("Content-Type", "application/x-www-form-urlencoded")] + headers,
      body: body, from: source)
    keep(reply)
    return reply
  }

  /// A multipart form, with files as (field, filename, bytes).
  @discardableResult
  func postMultipart(_ path: String, _ fields: [(String, String)], files: [(String, String, [UInt8])]) -> Reply {
    let boundary = "cpdtest\(UUID().uuidString.prefix(8))"
    var body: [UInt8] = []
    for (k, v) in fields {
      body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8)
    }
    for (field, name, bytes) in files {
      body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
      body += bytes + Array("\r\n".utf8)
    }
    body += Array("--\(boundary)--\r\n".utf8)
    let reply = RawHTTP.send(
      port: port, method: "POST", path: path, headers: cookieHeader + [("Content-Type", "multipart/form-data; boundary=\(boundary)")],
      body: body, from: source)
    keep(reply)
    return reply
  }

  static func form(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  /// The CSRF token of a page's forms.
  static func token(_ page: Reply) -> String? {
    guard let range = page.text.range(of: "name=\"csrf\" value=\"", options: .backwards) else { return nil }
    let rest = page.text[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
  }

  /// Signs in through the form; returns the answer to the form.
  @discardableResult
  func signIn(_ login: String, _ password: String) -> Reply {
    let form = get("/sign-in")
    return post("/sign-in", [("csrf", Agent.token(form) ?? ""), ("login", login), ("password", password), ("next", "/")])
  }

  /// A page's token, for posting a form as this agent.
  func formToken(_ path: String = "/") -> String { Agent.token(get(path)) ?? "" }
}

/// A store with two teams, a login of every role (with passwords) and a running server.
/// - team North: `lead` (team leader, practitioner `mgr`), `rhys` (practitioner `p1`), `gwen` (`p2`);
/// - team South: `sian` (practitioner `q1`);
/// - `planner`, `admin`, `lms`.
final class WebFixture: @unchecked Sendable {
  let dir = TemporaryDirectory("cpd-web")
  let workspace: Workspace
  let app: WebApp
  let server: HTTPServer
  static let today = Day("2026-06-30")!
  static let password = "correct horse battery"
  var activityOfP2 = ""
  var activityOfQ1 = ""

  var port: UInt16 { server.port }

  init(options: WebOptions = WebOptions(), limits: ServerLimits = ServerLimits()) throws {
    workspace = try Workspace.open(StoreLocation(dir.file("store.sqlite")), frameworks: [MiniFramework.load()], intent: .create)
    let owner = workspace.service(as: .owner, today: Self.today)
    _ = try owner.initialise()
    for p in [
      NewPractitioner(id: "mgr", name: "Megan Hughes", agency: "la-n", team: "North", role: "manager"),
      NewPractitioner(id: "p1", name: "Rhys Evans", agency: "la-n", team: "North", role: "officer", manager: "mgr"),
      NewPractitioner(id: "p2", name: "Gwen Price", agency: "la-n", team: "North", role: "officer", manager: "mgr"),
      NewPractitioner(id: "q1", name: "Siân Lloyd", agency: "la-s", team: "South", role: "officer"),
      NewPractitioner(id: "mover", name: "Moe Ver", agency: "la-s", team: "South", role: "officer"),
    ] {
      try owner.addPractitioner(p)
    }
    for (login, role, person) in [
      ("lead", LoginRole.teamLeader, "mgr"), ("rhys", .practitioner, "p1"), ("sian", .practitioner, "q1"), ("planner", .planner, nil),
      ("admin", .admin, nil), ("lms", .lms, nil),
    ] as [(String, LoginRole, String?)] {
      _ = try owner.addLogin(login, role: role, practitioner: person, password: Self.password)
    }
    _ = try owner.createIssuerKeys(name: "Test Network", site: "https://cpd.example.org", directory: nil, replacing: false)
    func log(_ who: String, _ date: String) throws -> String {
      try owner.log(
        NewActivity(practitioner: who, date: Day(date)!, kind: .classroom, hours: 3, title: "Course of \(who)", claims: [ClaimedLevel(competency: "C-INF", level: 1)]))
    }
    var options = options
    options.asOf = Self.today
    // As `cpd serve` does: large reads on a second, read-only opening of the store.
    let readers = try Workspace.open(StoreLocation(dir.file("store.sqlite")), frameworks: [MiniFramework.load()], intent: .read)
    app = WebApp(workspace: workspace, readers: readers, options: options)
    let handler: HTTPServer.Handler = { [app] request in app.handle(request) }
    server = try HTTPServer(host: "127.0.0.1", port: 0, limits: limits, uploads: dir.file("uploads"), handler: handler)
    activityOfP2 = try log("p2", "2026-03-01")
    activityOfQ1 = try log("q1", "2026-03-02")
  }

  deinit { server.stop() }

  func agent(source: String? = nil) -> Agent { Agent(port: port, source: source) }

  func signedIn(_ login: String) -> Agent {
    let agent = agent()
    let reply = agent.signIn(login, Self.password)
    precondition(reply.status == 303, "sign-in of \(login) answered \(reply.status)")
    return agent
  }

  var checksum: String { get throws { try workspace.store.contentChecksum() } }
}
