import CMicroHTTPD
import Foundation

/// A request as the application sees it: the body already read (form fields parsed, uploaded
/// files streamed to disk), nothing of libmicrohttpd left in it.
public struct HTTPRequest: Sendable {
  public var method: String
  /// The path, without the query (libmicrohttpd has decoded it).
  public var path: String
  public var query: [String: [String]]
  /// Header names in lower case.
  public var headers: [String: String]
  public var cookies: [String: String]
  /// Fields of an `application/x-www-form-urlencoded` or `multipart/form-data` body.
  public var form: [String: [String]]
  public var files: [UploadedFile]
  /// The body of any other kind of request (JSON, say).
  public var body: [UInt8]
  public var clientAddress: String
  /// Served over TLS by this server.
  public var overTLS: Bool

  public init(
    method: String, path: String, query: [String: [String]] = [:], headers: [String: String] = [:],
    cookies: [String: String] = [:], form: [String: [String]] = [:], files: [UploadedFile] = [], body: [UInt8] = [],
    clientAddress: String = "127.0.0.1", overTLS: Bool = false
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.cookies = cookies
    self.form = form
    self.files = files
    self.body = body
    self.clientAddress = clientAddress
    self.overTLS = overTLS
  }

  public func queryValue(_ name: String) -> String? { query[name]?.first }
  public func field(_ name: String) -> String? { form[name]?.first }
  public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// A file that arrived in a form, streamed to a temporary file as it came.
public struct UploadedFile: Sendable {
  public var field: String
  /// The name the browser gave (its last path component only).
  public var filename: String
  public var path: String
  public var bytes: Int
}

public struct HTTPResponse: Sendable {
  public var status: Int
  public var headers: [(String, String)]
  public var body: [UInt8]

  public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

/// Limits the server keeps to.
public struct ServerLimits: Sendable {
  /// Worker threads in libmicrohttpd's pool.
  public var threads: Int = 16
  public var connections: Int = 512
  public var connectionsPerAddress: Int = 128
  /// Seconds a connection may sit idle.
  public var timeoutSeconds: Int = 30
  /// The largest request body (uploads included).
  public var maxBodyBytes: Int = 25 * 1024 * 1024
  /// The most the non-file fields of a form may hold together.
  public var maxFieldBytes: Int = 1024 * 1024

  public init() {}
}

/// An HTTP server on GNU libmicrohttpd: its own thread pool, connection limits and timeouts.
/// Requests are read whole (uploads to files on disk) and passed to `handler` on a pool thread.
public final class HTTPServer: @unchecked Sendable {
  public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

  let handler: Handler
  let limits: ServerLimits
  let uploads: String
  let tls: Bool
  private var daemon: OpaquePointer?
  public private(set) var port: UInt16 = 0

  /// Starts listening at `host:port` (port 0 picks a free one). Uploads go under `uploads`.
  public init(
    host: String, port: UInt16, limits: ServerLimits = ServerLimits(), uploads: String, certificate: String? = nil,
    key: String? = nil, handler: @escaping Handler
  ) throws(ServerError) {
    self.handler = handler
    self.limits = limits
    self.uploads = uploads
    tls = certificate != nil
    do {
      try FileManager.default.createDirectory(atPath: uploads, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    } catch {
      throw .cannotStart("\(uploads): cannot make the uploads folder: \(error.localizedDescription)")
    }
    var flags = UInt32(MHD_USE_INTERNAL_POLLING_THREAD.rawValue) | UInt32(MHD_USE_ERROR_LOG.rawValue)
    flags |= UInt32(MHD_USE_EPOLL.rawValue)
    let cls = Unmanaged.passUnretained(self).toOpaque()
    var started: OpaquePointer?
    if host.contains(":") {
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_port = port.bigEndian
      guard inet_pton(AF_INET6, host, &address.sin6_addr) == 1 else { throw .cannotStart("\(host) is not an IP address") }
      flags |= UInt32(MHD_USE_IPv6.rawValue)
      started = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { start(flags, $0, cls, certificate, key) }
      }
    } else {
      var address = sockaddr_in()
      address.sin_family = sa_family_t(AF_INET)
      address.sin_port = port.bigEndian
      guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { throw .cannotStart("\(host) is not an IP address") }
      started = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { start(flags, $0, cls, certificate, key) }
      }
    }
    guard let started else {
      throw .cannotStart("cannot listen on \(host):\(port) (in use, not this machine's address, or not allowed)")
    }
    daemon = started
    self.port = cpd_mhd_port(started)
  }

  private func start(_ flags: UInt32, _ address: UnsafePointer<sockaddr>, _ cls: UnsafeMutableRawPointer, _ cert: String?, _ key: String?)
    -> OpaquePointer?
  {
    func go(_ c: UnsafePointer<CChar>?, _ k: UnsafePointer<CChar>?) -> OpaquePointer? {
      cpd_mhd_start(
        flags, address, accessHandler, cls, completedHandler, UInt32(limits.threads), UInt32(limits.connections),
        UInt32(limits.connectionsPerAddress), UInt32(limits.timeoutSeconds), 128 * 1024, c, k)
    }
    guard let cert, let key else { return go(nil, nil) }
    return cert.withCString { c in key.withCString { k in go(c, k) } }
  }

  /// Stops listening and waits for requests in progress.
  public func stop() {
    if let daemon { MHD_stop_daemon(daemon) }
    daemon = nil
  }

  deinit { stop() }
}

public enum ServerError: Error, CustomStringConvertible {
  case cannotStart(String)
  public var description: String {
    switch self {
    case .cannotStart(let why): why
    }
  }
}

/// One request in progress: what has arrived so far.
final class Exchange: @unchecked Sendable {
  var request: HTTPRequest
  var processor: OpaquePointer?
  var received = 0
  var fieldBytes = 0
  var tooLarge = false
  var badUpload = false
  let limits: ServerLimits
  let uploads: String
  var folder: String?
  var current: (fd: Int32, index: Int)?

  init(request: HTTPRequest, limits: ServerLimits, uploads: String) {
    self.request = request
    self.limits = limits
    self.uploads = uploads
  }

  /// Adds a piece of a form field (libmicrohttpd hands long values over in pieces).
  func field(_ key: String, filename: String?, data: UnsafeBufferPointer<UInt8>, offset: UInt64) -> Bool {
    guard let filename else {
      fieldBytes += data.count
      if fieldBytes > limits.maxFieldBytes {
        tooLarge = true
        return false
      }
      let text = String(decoding: data, as: UTF8.self)
      if offset == 0 {
        request.form[key, default: []].append(text)
      } else if var values = request.form[key], !values.isEmpty {
        values[values.count - 1] += text
        request.form[key] = values
      }
      return true
    }
    if offset == 0 || current == nil {
      closeCurrent()
      guard !filename.isEmpty else { return true }
      do {
        if folder == nil {
          let made = (uploads as NSString).appendingPathComponent("upload-\(UUID().uuidString.lowercased())")
          try FileManager.default.createDirectory(atPath: made, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
          folder = made
        }
      } catch {
        badUpload = true
        return false
      }
      let index = request.files.count
      let path = (folder! as NSString).appendingPathComponent("file-\(index)")
      let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
      guard fd >= 0 else {
        badUpload = true
        return false
      }
      let name = (filename.replacingOccurrences(of: "\\", with: "/") as NSString).lastPathComponent
      request.files.append(UploadedFile(field: key, filename: name, path: path, bytes: 0))
      current = (fd, index)
    }
    guard let (fd, index) = current else { return true }
    var done = 0
    while done < data.count {
      let n = write(fd, data.baseAddress! + done, data.count - done)
      if n < 0 && errno == EINTR { continue }
      guard n > 0 else {
        badUpload = true
        return false
      }
      done += n
    }
    request.files[index].bytes += data.count
    return true
  }

  func closeCurrent() {
    if let (fd, _) = current { close(fd) }
    current = nil
  }

  func finish() {
    if let processor { MHD_destroy_post_processor(processor) }
    processor = nil
    closeCurrent()
    // Files that came empty were never chosen.
    request.files.removeAll { file in
      if file.bytes == 0 { unlink(file.path) }
      return file.bytes == 0
    }
  }

  deinit {
    finish()
    if let folder { try? FileManager.default.removeItem(atPath: folder) }
  }
}

private let yes = MHD_Result.YES
private let no = MHD_Result.NO

private func text(_ p: UnsafePointer<CChar>?) -> String? { p.map { String(cString: $0) } }

private let collectValue: MHD_KeyValueIterator = { cls, _, key, value in
  let box = Unmanaged<ValueBox>.fromOpaque(cls!).takeUnretainedValue()
  if let key = text(key) { box.values.append((key, text(value) ?? "")) }
  return yes
}

final class ValueBox {
  var values: [(String, String)] = []
}

private func values(_ connection: OpaquePointer?, _ kind: MHD_ValueKind) -> [(String, String)] {
  let box = ValueBox()
  let cls = Unmanaged.passUnretained(box).toOpaque()
  _ = MHD_get_connection_values(connection, kind, collectValue, cls)
  return box.values
}

private let postIterator: MHD_PostDataIterator = { cls, _, key, filename, _, _, data, offset, size in
  let exchange = Unmanaged<Exchange>.fromOpaque(cls!).takeUnretainedValue()
  guard let key = text(key) else { return yes }
  let buffer = UnsafeBufferPointer(start: data.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }, count: size)
  return exchange.field(key, filename: text(filename), data: buffer, offset: offset) ? yes : no
}

private let accessHandler: MHD_AccessHandlerCallback = { cls, connection, url, method, _, uploadData, uploadSize, state in
  let server = Unmanaged<HTTPServer>.fromOpaque(cls!).takeUnretainedValue()
  guard let state, let uploadSize else { return no }
  if state.pointee == nil {
    var headers: [String: String] = [:]
    for (k, v) in values(connection, .HEADER_KIND) { headers[k.lowercased()] = v }
    var query: [String: [String]] = [:]
    for (k, v) in values(connection, .GET_ARGUMENT_KIND) { query[k, default: []].append(v) }
    var cookies: [String: String] = [:]
    for (k, v) in values(connection, .COOKIE_KIND) where cookies[k] == nil { cookies[k] = v }
    var address = [CChar](repeating: 0, count: 64)
    cpd_mhd_client_address(connection, &address, 64)
    let request = HTTPRequest(
      method: text(method) ?? "GET", path: text(url) ?? "/", query: query, headers: headers, cookies: cookies,
      clientAddress: String(cString: address), overTLS: server.tls)
    let exchange = Exchange(request: request, limits: server.limits, uploads: server.uploads)
    if let length = headers["content-length"].flatMap({ Int($0) }), length > server.limits.maxBodyBytes {
      exchange.tooLarge = true
    }
    let type = (headers["content-type"] ?? "").lowercased()
    if !exchange.tooLarge && (type.hasPrefix("multipart/form-data") || type.hasPrefix("application/x-www-form-urlencoded")) {
      exchange.processor = MHD_create_post_processor(connection, 64 * 1024, postIterator, Unmanaged.passUnretained(exchange).toOpaque())
    }
    state.pointee = Unmanaged.passRetained(exchange).toOpaque()
    if exchange.tooLarge { return respond(connection, server.tooLarge()) }
    return yes
  }
  let exchange = Unmanaged<Exchange>.fromOpaque(state.pointee!).takeUnretainedValue()
  let size = uploadSize.pointee
  if size > 0 {
    uploadSize.pointee = 0
    exchange.received += size
    if exchange.tooLarge || exchange.badUpload { return yes }
    if exchange.received > server.limits.maxBodyBytes {
      exchange.tooLarge = true
      exchange.finish()
      return respond(connection, server.tooLarge())
    }
    if let processor = exchange.processor {
      if MHD_post_process(processor, uploadData, size) != yes && !exchange.tooLarge { exchange.badUpload = true }
    } else if let uploadData {
      exchange.request.body.append(contentsOf: UnsafeRawBufferPointer(start: uploadData, count: size))
    }
    if exchange.tooLarge {
      exchange.finish()
      return respond(connection, server.tooLarge())
    }
    return yes
  }
  exchange.finish()
  if exchange.tooLarge { return respond(connection, server.tooLarge()) }
  if exchange.badUpload {
    return respond(connection, HTTPResponse(status: 400, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array("The form could not be read.\n".utf8)))
  }
  return respond(connection, server.handler(exchange.request))
}

private let completedHandler: MHD_RequestCompletedCallback = { _, _, state, _ in
  guard let state, let pointer = state.pointee else { return }
  Unmanaged<Exchange>.fromOpaque(pointer).release()
  state.pointee = nil
}

extension HTTPServer {
  func tooLarge() -> HTTPResponse {
    let mb = limits.maxBodyBytes / (1024 * 1024)
    return HTTPResponse(
      status: 413, headers: [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close")],
      body: Array("The request is larger than the \(mb) MB allowed.\n".utf8))
  }
}

private func respond(_ connection: OpaquePointer?, _ response: HTTPResponse) -> MHD_Result {
  let made = response.body.withUnsafeBytes { buffer in
    MHD_create_response_from_buffer(buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress), .RESPMEM_MUST_COPY)
  }
  guard let made else { return no }
  for (name, value) in response.headers { _ = MHD_add_response_header(made, name, value) }
  let result = MHD_queue_response(connection, UInt32(response.status), made)
  MHD_destroy_response(made)
  return result
}
