import Competency
import Foundation
import Reports
import Service
import Workforce

/// Output formats; each command lists the ones it takes once, the first being its default.
enum Format: String, CaseIterable, Sendable {
  case text, json, csv, md, html, case_ = "case", jwt, svg

  /// The document format this stands for.
  var document: DocumentFormat? { DocumentFormat(rawValue: rawValue) }

  static func option(_ allowed: [Format]) -> OptionSpec {
    .option("--format", value: "format", help: "\(allowed.map(\.rawValue).joined(separator: ", ")) (default: \(allowed[0].rawValue)).")
  }

  static func documents(_ formats: [DocumentFormat]) -> [Format] { formats.compactMap { Format(rawValue: $0.rawValue) } }

  /// `--format`, one of `allowed` (default: the first).
  init(_ arguments: ParsedArguments, allowed: [Format]) throws(CLIError) {
    guard let value = arguments.value("--format") else {
      self = allowed[0]
      return
    }
    guard let format = Format(rawValue: value), allowed.contains(format) else {
      throw .usage("unknown format '\(value)' (expected \(allowed.map(\.rawValue).joined(separator: ", ")))")
    }
    self = format
  }
}

/// Where the records are and who is acting: `--store`, `--user`.
struct StoreOptions: Sendable {
  static let storeOption = OptionSpec.option(
    "--store", value: "path", help: "The records store (default: $CPD_STORE, else Records/cpd.sqlite).")
  static let userOption = OptionSpec.option(
    "--user", value: "login",
    help: "Act as this login, with its role's permissions (default: $CPD_USER, else the store's owner, who may do everything).")
  static let options = [storeOption, userOption]

  let location: StoreLocation
  let login: String?

  init(_ arguments: ParsedArguments, environment: [String: String] = ProcessInfo.processInfo.environment) {
    location = StoreLocation.resolve(arguments.value("--store"))
    login = arguments.value("--user") ?? environment["CPD_USER"].flatMap { $0.isEmpty ? nil : $0 }
  }
}

/// The frameworks to load: `--framework` (repeatable, for crosswalks).
struct FrameworkOptions: Sendable {
  static let option = OptionSpec.option(
    "--framework", value: "dir",
    help:
      "Framework folder (default: $CPD_FRAMEWORK, else Frameworks/wales-community-safety). Give it again to load further frameworks for crosswalks.",
    repeatable: true)

  let paths: [String]

  init(_ arguments: ParsedArguments) { paths = Frameworks.paths(arguments.all("--framework")) }

  func load() throws(CLIError) -> [Framework] {
    do {
      return try Frameworks.load(paths)
    } catch {
      throw CLIError(error)
    }
  }
}

/// `-o FILE`, or standard output.
struct OutputOption: Sendable {
  static let option = OptionSpec.option("-o", "--output", value: "file", help: "Write to this file instead of standard output.")

  let file: String?

  init(_ arguments: ParsedArguments) {
    let given = arguments.value("--output")
    file = given == "-" ? nil : given
  }
}

/// `--lang en|cy`.
struct LanguageOption: Sendable {
  static let option = OptionSpec.option("--lang", value: "en|cy", help: "Language of framework text and labels (default: en).")

  let language: String

  init(_ arguments: ParsedArguments) throws(CLIError) {
    let lang = arguments.value("--lang") ?? "en"
    guard lang == "en" || lang == "cy" else { throw .usage("unknown language '\(lang)' (expected en or cy)") }
    language = lang
  }
}

/// A date option, `--as-of` by default (YYYY-MM-DD, default today).
struct DateOption: Sendable {
  static let asOf = OptionSpec.option("--as-of", value: "date", help: "Analysis date, YYYY-MM-DD (default: today).")

  let day: Day

  init(_ arguments: ParsedArguments, _ key: String = "--as-of") throws(CLIError) {
    guard let text = arguments.value(key) else {
      day = .today
      return
    }
    guard let day = Day(text) else { throw .usage("\(key): '\(text)' is not a date (YYYY-MM-DD)") }
    self.day = day
  }
}

/// An option giving a number of hours (`--hours 1.5`), as people write them.
struct HoursOption: Sendable {
  let hours: Hours?

  init(_ arguments: ParsedArguments, _ key: String) throws(CLIError) {
    guard let text = arguments.value(key) else {
      hours = nil
      return
    }
    guard let hours = Hours(text) else { throw .data("\(key.dropFirst(2)): " + Hours.refusal(text)) }
    self.hours = hours
  }
}

/// A store and its frameworks, opened for a command, and the use cases as the acting login.
struct Session {
  let workspace: Workspace
  let service: Service

  static func open(_ store: StoreOptions, _ frameworks: FrameworkOptions, intent: StoreIntent) throws -> Session {
    let workspace = try Workspace.open(store.location, frameworks: try frameworks.load(), intent: intent)
    for notice in workspace.notices { Output.warning(notice) }
    return Session(workspace: workspace, service: try workspace.service(login: store.login))
  }
}

extension CLIError {
  init(_ error: FrameworkError) {
    switch error {
    case .invalid(let problems): self = .data(problems.map(\.description))
    case .notAFramework, .unreadableInterchange: self = .data(error.description)
    case .cannotWrite: self = .failure(error.description)
    }
  }
}

/// Reads a file named on the command line (a pipe too, to its end).
func readInput(_ file: String) throws(CLIError) -> [UInt8] {
  guard let bytes = FileContents.bytes(atPath: file) else { throw .data("\(file): cannot read the file") }
  return bytes
}
