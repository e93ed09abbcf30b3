import Foundation
import Service

let storeGroup = CommandGroup(
  name: "store", abstract: "Move records between stores.", children: [.command(StoreCopy.self)])

struct StoreCopy: Command {
  static let name = "copy"
  static let abstract = "Copy a team's SQLite store into the network store, whole, in one transaction."
  static let discussion: String? = """
    Copies every practitioner, activity, sign-off, voiding, self-assessment, evidence file, login
    (with its password hash and language), certificate and audit entry. The network store numbers
    the rows after its own; each entry of the team's audit log is carried whole in the network
    store's log, and one closing entry covers every row copied and names the team log's last
    entry, so 'cpd audit verify' checks both. Nothing is written if the network store already holds
    any of the team's practitioners, e-mail addresses, activities, statements, logins or
    certificates, or if the team's store fails its own audit check. Run it as the network store's
    owner (the login that created it). The team's store is only read: retire it afterwards.
    """
  static let options = [
    OptionSpec.option("--from", value: "path", help: "The SQLite store to copy (it is only read)."),
    OptionSpec.option("--to", value: "address", help: "The network store, a postgresql:// address (default: $CPD_STORE)."),
    FrameworkOptions.option,
  ]

  let from: String
  let to: StoreLocation
  let frameworks: FrameworkOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    guard let from = arguments.value("--from"), !from.isEmpty else { throw .usage("missing --from PATH (the SQLite store to copy)") }
    self.from = from
    let environment = ProcessInfo.processInfo.environment["CPD_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    guard let to = arguments.value("--to") ?? environment else {
      throw .usage("missing --to ADDRESS (the network store, postgresql://...)")
    }
    guard StoreLocation(to).isNetwork else { throw .usage("--to: \(to) is not a postgresql:// address; a store is copied into the network store") }
    self.to = StoreLocation(to)
    frameworks = FrameworkOptions(arguments)
  }

  func run() throws {
    let workspace = try Workspace.open(to, frameworks: try frameworks.load(), intent: .write)
    for notice in workspace.notices { Output.warning(notice) }
    let copied = try workspace.service(login: nil).copyStore(from: StoreLocation(from))
    Output.standardOutput("\(copied.source) copied into \(workspace.store.location): \(copied.counts.summary)\n")
    switch copied.audit {
    case .damaged(let problem): throw CLIError.failure("\(workspace.store.location): the database is damaged: \(problem)")
    case .broken(let seq, let reason): throw CLIError.failure("\(workspace.store.location): audit entry \(seq) is broken: \(reason)")
    case .intact(let entries): Output.standardOutput("\(workspace.store.location): audit log intact (\(entries) entries)\n")
    }
  }
}
