import Competency
import Foundation

/// Output formats; each command accepts a subset.
enum Format: String, CaseIterable {
  case text, json, csv, md, html, case_ = "case"

  static func parse(_ value: String?, allowed: [Format], default fallback: Format) throws(CLIError) -> Format {
    guard let value else { return fallback }
    guard let format = Format(rawValue: value), allowed.contains(format) else {
      throw .usage("unknown format '\(value)' (expected \(allowed.map(\.rawValue).joined(separator: ", ")))")
    }
    return format
  }
}

/// The shared flags and where their defaults come from.
enum Common {
  static let defaultFrameworkPath = "Frameworks/wales-community-safety"
  static let defaultStorePath = "Records/cpd.sqlite"

  static let store = OptionSpec.option(
    "--store", value: "path", help: "The records store (default: $CPD_STORE, else Records/cpd.sqlite).")
  static let framework = OptionSpec.option(
    "--framework", value: "dir",
    help:
      "Framework folder (default: $CPD_FRAMEWORK, else Frameworks/wales-community-safety). Give it again to load further frameworks for crosswalks.",
    repeatable: true)
  static let output = OptionSpec.option("-o", "--output", value: "file", help: "Write to this file instead of standard output.")
  static let lang = OptionSpec.option("--lang", value: "en|cy", help: "Language of framework text and labels (default: en).")
  static let asOf = OptionSpec.option("--as-of", value: "date", help: "Analysis date, YYYY-MM-DD (default: today).")

  static func format(_ allowed: [Format], default fallback: Format) -> OptionSpec {
    .option("--format", value: "format", help: "\(allowed.map(\.rawValue).joined(separator: ", ")) (default: \(fallback.rawValue)).")
  }

  static func storePath(_ arguments: ParsedArguments) -> String {
    arguments.value("--store") ?? ProcessInfo.processInfo.environment["CPD_STORE"] ?? defaultStorePath
  }

  static func language(_ arguments: ParsedArguments) throws(CLIError) -> String {
    let lang = arguments.value("--lang") ?? "en"
    guard lang == "en" || lang == "cy" else { throw .usage("unknown language '\(lang)' (expected en or cy)") }
    return lang
  }

  static func day(_ arguments: ParsedArguments, _ key: String = "--as-of") throws(CLIError) -> Day {
    guard let text = arguments.value(key) else { return Day.today }
    guard let day = Day(text) else { throw .usage("\(key): '\(text)' is not a date (YYYY-MM-DD)") }
    return day
  }

  /// The framework folders to load: `--framework`, else $CPD_FRAMEWORK, else the shipped one,
  /// looked for in the working folder and then beside the executable (for installed copies).
  static func frameworkPaths(_ arguments: ParsedArguments) -> [String] {
    let given = arguments.all("--framework")
    if !given.isEmpty { return given }
    if let env = ProcessInfo.processInfo.environment["CPD_FRAMEWORK"], !env.isEmpty { return [env] }
    return [locateDefaultFramework()]
  }

  static func locateDefaultFramework() -> String {
    let fm = FileManager.default
    if fm.fileExists(atPath: defaultFrameworkPath) { return defaultFrameworkPath }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent(defaultFrameworkPath).path
      if fm.fileExists(atPath: candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return defaultFrameworkPath
  }

  /// Loads the primary framework (and any further ones, for crosswalks).
  static func loadFrameworks(_ paths: [String]) throws(CLIError) -> [Framework] {
    var result: [Framework] = []
    for path in paths {
      do {
        result.append(try Framework.load(from: path))
      } catch {
        throw frameworkError(error)
      }
    }
    return result
  }

  static func loadFramework(_ arguments: ParsedArguments) throws(CLIError) -> Framework {
    try loadFrameworks(frameworkPaths(arguments))[0]
  }

  static func frameworkError(_ error: FrameworkError) -> CLIError {
    switch error {
    case .invalid(let problems): .data(problems.map(\.description))
    case .notAFramework, .unreadableInterchange: .data(error.description)
    case .cannotWrite: .failure(error.description)
    }
  }
}
