import Competency
import Dispatch
import Foundation
import Service
import Web

struct Serve: Command {
  static let name = "serve"
  static let abstract = "Serve the web application (bilingual pages for practitioners, team leaders, planners and admins)."
  static let discussion: String? = """
    Serves the application over HTTP with GNU libmicrohttpd (a thread pool, connection limits and
    timeouts); put a reverse proxy such as nginx in front for TLS, or give --tls-cert and --tls-key.
    People sign in with logins made by 'cpd user add LOGIN --as ROLE --password-stdin'; sessions are
    kept in the store, so several servers can share one. The framework is published at /framework
    for anyone; learning platforms send xAPI statements to /xapi/statements. Stops on Ctrl-C.
    """
  static let options =
    [
      OptionSpec.option("--listen", value: "address:port", help: "Where to listen (default: 127.0.0.1:8080; port 0 picks a free one)."),
      OptionSpec.option("--threads", value: "n", help: "Worker threads (default: 16)."),
      OptionSpec.option("--tls-cert", value: "file", help: "PEM certificate, to serve HTTPS directly (with --tls-key)."),
      OptionSpec.option("--tls-key", value: "file", help: "PEM private key for --tls-cert."),
      OptionSpec.option("--trust-proxy-header", value: "header", help: "Take the signed-in login from this header (single sign-on)..."),
      OptionSpec.option(
        "--trusted-proxy", value: "address",
        help: "The reverse proxy's address: only from it are the header above and X-Forwarded-Proto: https (Secure cookies) believed."),
      OptionSpec.option("--session-idle", value: "minutes", help: "Sign out sessions idle this long (default: 30)."),
      DateOption.asOf,
    ] + [StoreOptions.storeOption, FrameworkOptions.option]

  let host: String
  let port: UInt16
  let threads: Int
  let certificate: String?
  let key: String?
  let options: WebOptions
  let store: StoreOptions
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    let listen = arguments.value("--listen") ?? "127.0.0.1:8080"
    guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
      throw .usage("--listen takes ADDRESS:PORT, e.g. 127.0.0.1:8080")
    }
    var host = String(listen[..<colon])
    if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    self.host = host.isEmpty ? "0.0.0.0" : host
    self.port = port
    guard let threads = Int(arguments.value("--threads") ?? "16"), (1...256).contains(threads) else {
      throw .usage("--threads takes a number from 1 to 256")
    }
    self.threads = threads
    let cert = arguments.value("--tls-cert")
    let key = arguments.value("--tls-key")
    guard (cert == nil) == (key == nil) else { throw .usage("--tls-cert and --tls-key go together") }
    certificate = try cert.map { file throws(CLIError) in String(decoding: try readInput(file), as: UTF8.self) }
    self.key = try key.map { file throws(CLIError) in String(decoding: try readInput(file), as: UTF8.self) }
    var options = WebOptions()
    options.trustProxyHeader = arguments.value("--trust-proxy-header")
    options.trustedProxy = arguments.value("--trusted-proxy")
    guard options.trustProxyHeader == nil || options.trustedProxy != nil else {
      throw .usage("--trust-proxy-header needs --trusted-proxy (the only address the header is believed from)")
    }
    if let minutes = arguments.value("--session-idle") {
      guard let m = Int64(minutes), (1...24 * 60).contains(m) else { throw .usage("--session-idle takes minutes from 1 to 1440") }
      options.policy.idleSeconds = m * 60
    }
    if arguments.value("--as-of") != nil { options.asOf = try DateOption(arguments).day }
    self.options = options
    store = StoreOptions(arguments)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    let workspace = try Workspace.open(store.location, frameworks: try frameworks.load(), intent: .write)
    for notice in workspace.notices { Output.warning(notice) }
    let readers = try Workspace.open(store.location, frameworks: workspace.frameworks, intent: .read)
    let app = WebApp(workspace: workspace, readers: readers, options: options)
    var limits = ServerLimits()
    limits.threads = threads
    let uploads = (NSTemporaryDirectory() as NSString).appendingPathComponent("cpd-uploads-\(getpid())")
    let server: HTTPServer
    do {
      server = try HTTPServer(host: host, port: port, limits: limits, uploads: uploads, certificate: certificate, key: key) { request in
        app.handle(request)
      }
    } catch {
      throw CLIError.failure(error.description)
    }
    let shown = host.contains(":") ? "[\(host)]" : host
    Output.standardOutput("Serving \(workspace.store.location) at \(certificate == nil ? "http" : "https")://\(shown):\(server.port)/ (Ctrl-C to stop)\n")
    app.warmUp()
    let stop = DispatchSemaphore(value: 0)
    var sources: [DispatchSourceSignal] = []
    for sig in [SIGINT, SIGTERM] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler { stop.signal() }
      source.resume()
      sources.append(source)
    }
    stop.wait()
    server.stop()
    try? FileManager.default.removeItem(atPath: uploads)
    Output.standardError("Stopped.\n")
  }
}
