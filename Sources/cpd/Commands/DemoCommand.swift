import Competency
import Foundation
import Service

struct DemoCommand: Command {
  static let name = "demo"
  static let abstract = "Build a synthetic Welsh workforce in a fresh store and write its reports."
  static let discussion: String? = """
    Builds a seeded, realistic workforce (about 2,000 people by default) across the real Welsh agencies
    and regions, with a few years of CPD history, in a fresh store; then writes a team, an agency, a
    region and the network report, one person's gap report, the network's cohort plan and a signed CPD
    certificate into the output folder, and prints where they are. The same seed gives the same data.
    """
  static let options = [
    OptionSpec.option("--practitioners", value: "n", help: "How many people (default: 2000)."),
    OptionSpec.option("--seed", value: "s", help: "Random seed (default: 2026)."),
    OptionSpec.option("--store", value: "path", help: "The store to build (default: <out>/cpd-demo.sqlite; an existing --store is refused)."),
    OptionSpec.option("--out", value: "dir", help: "Where to write the reports (default: Records/demo)."),
    DateOption.asOf, FrameworkOptions.option, LanguageOption.option,
  ]

  let count: Int
  let seed: UInt64
  let out: String
  let location: StoreLocation
  let storeGiven: Bool
  let asOf: Day
  let language: String
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    count = try arguments.count("--practitioners", default: 2000, in: 10...1_000_000)
    guard let seed = UInt64(arguments.value("--seed") ?? "2026") else { throw .usage("--seed takes a whole number") }
    self.seed = seed
    out = arguments.value("--out") ?? "Records/demo"
    storeGiven = arguments.value("--store") != nil
    location = StoreLocation(arguments.value("--store") ?? (out as NSString).appendingPathComponent("cpd-demo.sqlite"))
    asOf = try DateOption(arguments).day
    language = try LanguageOption(arguments).language
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    let loaded = try frameworks.load()
    if FileManager.default.fileExists(atPath: location.value) {
      guard !storeGiven else {
        throw CLIError.failure("\(location): already exists; the demo builds a fresh store (remove it or give another --store)")
      }
      Workspace.removeStore(at: location)
    }
    Output.standardError("Building a workforce of \(count) people (seed \(seed))...\n")
    let lock = NSLock()
    nonisolated(unsafe) var progress = Progress("Generating and storing activities", force: Output.stderrIsTerminal || count >= 20_000)
    let result = try Workspace.demo(
      at: location, frameworks: loaded, practitioners: count, seed: seed, asOf: asOf, language: language
    ) { _, done, total in
      lock.lock()
      progress.update(done, of: total)
      lock.unlock()
    }
    progress.finish()
    Output.standardError(
      "Stored \(result.practitioners) people and \(result.activities) activities in \(String(format: "%.1f", result.seconds)) s\n")
    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    Output.standardOutput("Reports written:\n")
    for file in result.files {
      let path = (out as NSString).appendingPathComponent(file.name)
      try Workspace.checkOutput(path, near: location)
      try Output.emit(file.text, to: path)
      Output.standardOutput("  \(file.what): \(path)\n")
    }
    Output.standardOutput("Store: \(result.location) (\(result.practitioners) practitioners, \(result.activities) activities)\n")
    Output.standardOutput("Logins for the web application (passwords shown once):\n")
    for login in result.logins {
      let who = login.practitioner.map { " (\($0))" } ?? ""
      Output.standardOutput("  \(login.role.rawValue)\(who): \(login.login) / \(login.password)\n")
    }
    // On a network store the server connects as the store's gateway (quoted: the address has `&` and `?`).
    let served = location.served.description
    let shown = served.allSatisfy { $0.isLetter || $0.isNumber || "/._-".contains($0) } ? served : "'\(served)'"
    Output.standardOutput("Serve it: cpd serve --store \(shown)   (then open http://127.0.0.1:8080/)\n")
  }
}
