import Competency
import Foundation
import JSON
import Service

struct BenchSuiteCommand: Command {
  static let name = "all"
  static let abstract = "Time the network report, the plain read, one gap report and a CSV import as whole processes."
  static let discussion: String? = """
    Builds a demo store of N people in a temporary folder, then runs this program as separate
    processes on it: the network report and the plain read ('cpd bench read --plain') in turn, and the
    ratio of each pair; one person's gap report; and a CSV import into a fresh store. Each is run once
    without counting, then --runs times; every figure is printed as its median, least and greatest, with
    wall and CPU seconds and peak memory as the kernel accounts for them. Also run as 'cpd bench
    --practitioners N'. The folder is removed at the end.
    """
  static let formats: [Format] = [.text, .json]
  static let options = [
    OptionSpec.option("--practitioners", value: "n", help: "People in the demo store (default: 10000)."),
    OptionSpec.option("--runs", value: "n", help: "Counted runs of each command (default: 5)."),
    OptionSpec.option("--import-rows", value: "n", help: "Activities in the imported CSV (default: 200000)."),
    DateOption.asOf, Format.option(formats), FrameworkOptions.option,
  ]

  let practitioners: Int
  let runs: Int
  let importRows: Int
  let asOf: Day
  let format: Format
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    practitioners = try arguments.count("--practitioners", default: 10000, in: 10...1_000_000)
    runs = try arguments.count("--runs", default: 5, in: 1...100)
    importRows = try arguments.count("--import-rows", default: 200_000, in: 1...10_000_000)
    asOf = try DateOption(arguments).day
    format = try Format(arguments, allowed: Self.formats)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    let loaded = try frameworks.load()
    let scratch = (NSTemporaryDirectory() as NSString).appendingPathComponent("cpd-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? Bundle.main.executablePath
      ?? CommandLine.arguments[0]
    let suite: BenchSuite
    do {
      suite = try Workspace.benchSuite(
        executable: executable, frameworkPaths: frameworks.paths, frameworks: loaded, practitioners: practitioners, runs: runs,
        importRows: importRows, asOf: asOf, scratch: scratch
      ) { Output.standardError($0 + "\n") }
    } catch let error as BenchError {
      throw CLIError.failure("bench: \(error.description)")
    }
    switch format {
    case .json: Output.standardOutput(JSONWriter.string(suite.json) + "\n")
    default: Output.standardOutput(Self.text(suite))
    }
  }

  static func text(_ suite: BenchSuite) -> String {
    var out = "\(suite.practitioners) practitioners, \(suite.activities) activities; CSV import of \(suite.importRows) activities; "
    out += "\(suite.runs) counted runs of each, after one not counted\n"
    let width = suite.figures.map { $0.name.count + $0.unit.count + 3 }.max() ?? 0
    func number(_ value: Double, _ unit: String) -> String {
      let text =
        switch unit {
        case "ratio": String(format: "%.3f", value)
        case "activities/s", "MiB": String(format: "%.0f", value)
        case "ms": String(format: "%.1f", value)
        default: String(format: "%.3f", value)
        }
      return String(repeating: " ", count: max(0, 11 - text.count)) + text
    }
    out += "".padding(toLength: width, withPad: " ", startingAt: 0) + "     median        min        max\n"
    for f in suite.figures {
      out += "\(f.name) (\(f.unit))".padding(toLength: width, withPad: " ", startingAt: 0)
      out += number(f.spread.median, f.unit) + number(f.spread.min, f.unit) + number(f.spread.max, f.unit) + "\n"
    }
    return out
  }
}

extension ParsedArguments {
  /// A whole-number option within `range`, or `fallback` when it is not given.
  func count(_ option: String, default fallback: Int, in range: ClosedRange<Int>) throws(CLIError) -> Int {
    guard let text = value(option) else { return fallback }
    guard let n = Int(text), range.contains(n) else {
      throw .usage("\(option) takes a number from \(range.lowerBound) to \(range.upperBound)")
    }
    return n
  }
}
