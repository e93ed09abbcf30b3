import Competency
import Foundation
import Service

let benchGroup = CommandGroup(
  name: "bench", abstract: "Measure the store: write latency, import rate, full read, and all of them as whole processes.",
  children: [
    .command(BenchSuiteCommand.self), .command(BenchWrite.self), .command(BenchImport.self), .command(BenchRead.self),
    .command(BenchAnalyse.self),
  ], defaultCommand: BenchSuiteCommand.self)

func printFigures(_ figures: BenchFigures) {
  Output.standardOutput(figures.lines.map { "\($0.0): \($0.1)\n" }.joined())
}

struct BenchWrite: Command {
  static let name = "write"
  static let abstract = "Log activities one transaction at a time, printing each id once it is committed."
  static let discussion: String? = """
    Each activity goes through the same path as 'cpd log'. An id on standard output means that
    activity is durably stored; the crash-safety and concurrency tests kill and race this command.
    Prints timing figures on standard error at the end.
    """
  static let options =
    [
      OptionSpec.option("--practitioner", value: "id", help: "Whose activities to log."),
      OptionSpec.option("--count", value: "n", help: "How many (default: 100)."),
    ] + StoreCommandOptions.options

  let practitioner: String
  let count: Int
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard let practitioner = arguments.value("--practitioner") else { throw .usage("missing --practitioner") }
    self.practitioner = practitioner
    guard let count = Int(arguments.value("--count") ?? "100"), count > 0 else { throw .usage("--count takes a positive number") }
    self.count = count
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let median = try common.service(.write).benchWrite(practitioner: practitioner, count: count) {
      Output.standardOutput($0 + "\n")
    }
    Output.standardError("bench write: \(count) activities, median \(String(format: "%.2f", median)) ms per committed activity\n")
  }
}

struct BenchImport: Command {
  static let name = "import"
  static let abstract = "Time a CSV import of generated activities into a store."
  static let discussion: String? = """
    Writes a CSV of N activities for the store's practitioners (adding 1,000 practitioners first when it
    has none), then imports it as 'cpd import csv' does and prints rows per second for the whole import
    and for reading and checking alone.
    """
  static let options = [OptionSpec.option("--rows", value: "n", help: "Activities in the file (default: 100000).")] + StoreCommandOptions.options

  let rows: Int
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard let rows = Int(arguments.value("--rows") ?? "100000"), rows > 0 else { throw .usage("--rows takes a positive number") }
    self.rows = rows
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let service = try common.service(.create)
    _ = try service.initialise()
    printFigures(try service.benchImport(rows: rows))
  }
}

struct BenchRead: Command {
  static let name = "read"
  static let abstract = "Time reading every practitioner, activity and self-assessment for analysis."
  static let discussion: String? = """
    By default reads the store as the reports do (into plain values, one connection per core). With
    --plain, merely sums in SQL, on one connection, every column the network report reads from the
    activities, practitioners and signoffs tables, as one sqlite3 process would: the baseline a report is
    measured against.
    """
  static let options = [OptionSpec.flag("--plain", help: "Sum the columns a report reads, building nothing.")] + StoreCommandOptions.options

  let plain: Bool
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    plain = arguments.has("--plain")
    common = StoreCommandOptions(arguments)
  }

  func run() throws { printFigures(try common.service(.read).benchRead(plain: plain)) }
}

struct BenchAnalyse: Command {
  static let name = "analyse"
  static let abstract = "Time reading the whole store and analysing every practitioner (the network report's work)."
  static let options =
    [DateOption.asOf, OptionSpec.flag("--no-plans", help: "Assess requirements only, without recommending training.")]
    + StoreCommandOptions.options

  let asOf: Day
  let plans: Bool
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    asOf = try DateOption(arguments).day
    plans = !arguments.has("--no-plans")
    common = StoreCommandOptions(arguments)
  }

  func run() throws { printFigures(try common.service(.read).benchAnalyse(asOf: asOf, plans: plans)) }
}
