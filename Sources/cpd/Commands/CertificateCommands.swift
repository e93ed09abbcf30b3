import Certificates
import Competency
import Foundation
import JSON
import Service

let keysOption = OptionSpec.option("--keys", value: "dir", help: "The issuer's key folder (default: the store's own).")

let keysGroup = CommandGroup(
  name: "keys", abstract: "Manage the certificate issuer's signing keys and where it publishes.",
  children: [.command(KeysInit.self), .command(KeysSite.self)])

let siteHelp = "Where the issuer publishes its framework pages and status list (an https address)."

struct KeysInit: Command {
  static let name = "init"
  static let abstract = "Create the issuer's signing keys beside the store (private keys readable by their owner only)."
  static let discussion: String? = """
    Makes an Ed25519 key (the issuer is its did:key; it signs the certificates' Data Integrity proofs),
    an RSA key for the VC-JWT form, and issuer-keys.json, the public key document that binds the RSA key
    to the did:key. Certificates name pages and the revocation list under --site, so publish them there.
    """
  static let options =
    [
      OptionSpec.option("--site", value: "url", help: siteHelp),
      OptionSpec.option("--issuer", value: "name", help: "The issuing body's name (default: Wales Safer Communities Network)."),
      OptionSpec.flag("--force", help: "Replace existing keys (certificates already issued will no longer verify against them)."),
      keysOption,
    ] + StoreCommandOptions.options

  let issuer: String
  let site: String
  let replacing: Bool
  let keys: String?
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    issuer = arguments.value("--issuer") ?? "Wales Safer Communities Network"
    guard let site = arguments.value("--site") else {
      throw .usage("missing --site (the https address where the issuer publishes, e.g. --site https://cpd.example.org)")
    }
    self.site = site
    replacing = arguments.has("--force")
    keys = arguments.value("--keys")
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let made = try common.service(.write).createIssuerKeys(name: issuer, site: site, directory: keys, replacing: replacing)
    Output.standardOutput("\(made.directory): issuer \(made.name), \(made.did), publishing at \(site)\n")
  }
}

struct KeysSite: Command {
  static let name = "site"
  static let abstract = "Change where the issuer publishes (certificates already issued keep their addresses)."
  static let arguments = [ArgumentSpec(name: "url", help: siteHelp)]
  static let options = [keysOption] + StoreCommandOptions.options

  let site: String
  let keys: String?
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    site = arguments.positionals[0]
    keys = arguments.value("--keys")
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let set = try common.service(.write).setIssuerSite(site, directory: keys)
    Output.standardOutput("the issuer publishes at \(set.baseURL); its revocation list is \(set.statusListURL())\n")
  }
}

let certificateGroup = CommandGroup(
  name: "certificate", abstract: "Issue CPD certificates (signed Open Badges 3.0 credentials), keep their register, verify them.",
  children: [
    .command(CertificateIssue.self), .command(CertificateVerify.self), .command(CertificateList.self),
    .command(CertificateRevoke.self), .command(CertificateStatusList.self),
  ], defaultCommand: CertificateIssue.self)

struct CertificateIssue: Command {
  static let name = "issue"
  static let abstract = "Issue a CPD certificate when a practitioner has met the CPD policy for a period."
  static let discussion: String? = """
    Counts verified activities dated in the period (hours, participatory hours, reflective accounts:
    activities whose written reflection is as long as the policy asks) against the CPD policy in effect
    on its last day, scaled to the period's length. When the policy is met, issues one Open Badges 3.0
    OpenBadgeCredential: signed with the issuer's Ed25519 key (an eddsa-rdfc-2022 and an eddsa-jcs-2022
    Data Integrity proof), carrying a slot in the issuer's revocation list, and recorded in the store's
    register. --format picks the form written: the JSON credential, a printable HTML certificate holding
    it, the same credential as a VC-JWT (RS256), or a badge (SVG) with it baked in. With -o, the other
    forms are written beside the file too (same name, their own extensions), all one credential.
    When the policy is not met, exits 1, says what is still missing and issues nothing.
    """
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let formats: [Format] = [.json, .html, .jwt, .svg]
  static let options =
    [
      OptionSpec.option("--period", value: "YYYY|YYYY-MM-DD:YYYY-MM-DD", help: "The period: a calendar year, or two dates."),
      Format.option(formats), OutputOption.option, LanguageOption.option, keysOption,
    ] + StoreCommandOptions.options

  let practitioner: String
  let period: CPDPeriod
  let format: Format
  let output: OutputOption
  let language: String
  let keys: String?
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    practitioner = arguments.positionals[0]
    guard let text = arguments.value("--period") else { throw .usage("missing --period (a year such as 2026, or 2026-01-01:2026-12-31)") }
    guard let period = CPDPeriod(text) else { throw .usage("--period: '\(text)' is not YYYY or YYYY-MM-DD:YYYY-MM-DD") }
    self.period = period
    format = try Format(arguments, allowed: Self.formats)
    output = OutputOption(arguments)
    language = try LanguageOption(arguments).language
    keys = arguments.value("--keys")
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let service = try common.service(.write)
    // Every output is checked before anything is issued, so a refused path issues nothing.
    let paths = output.file.map { file in Self.formats.map { ($0, $0 == format ? file : Self.sibling(of: file, as: $0)) } } ?? []
    for (_, path) in paths { try service.checkOutput(path) }
    switch try service.certificate(practitioner, period: period, keysDirectory: keys) {
    case .notMet(let why):
      throw CLIError.notMet(why.description)
    case .issued(let issued, let entry):
      guard output.file != nil else {
        try Output.emit(Self.text(issued, format, language), to: nil)
        return
      }
      for (form, path) in paths { try Output.emit(Self.text(issued, form, language), to: path, privately: true) }
      Output.standardOutput(
        "\(entry.credentialID): issued to \(practitioner) for \(period); written to \(paths.map(\.1).joined(separator: ", "))\n")
    }
  }

  static func text(_ issued: IssuedCertificate, _ format: Format, _ language: String) -> String {
    switch format {
    case .html: issued.html(language: language)
    case .jwt: (issued.jwt ?? "") + "\n"
    case .svg: issued.badge
    default: issued.json
    }
  }

  /// `certificate.html` beside `certificate.json`: the file's name with the form's extension.
  static func sibling(of file: String, as format: Format) -> String {
    let base = (file as NSString).deletingPathExtension
    return base + "." + format.rawValue
  }
}

struct CertificateList: Command {
  static let name = "list"
  static let abstract = "List the certificates in the register: whom each was for, when, and whether it stands."
  static let formats: [Format] = [.text, .json]
  static let options =
    [
      OptionSpec.option("--practitioner", value: "id", help: "Only this practitioner's certificates."),
      Format.option(formats),
    ] + StoreCommandOptions.options

  let practitioner: String?
  let format: Format
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    practitioner = arguments.value("--practitioner")
    format = try Format(arguments, allowed: Self.formats)
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let entries = try common.service(.read).certificates(of: practitioner)
    if format == .json {
      Output.standardOutput(JSONWriter.string(.array(entries.map(\.json))))
      return
    }
    for e in entries {
      let state = e.revokedAt.map { "revoked \($0.prefix(10)): \(e.revocationReason ?? "")" } ?? "stands"
      Output.standardOutput(
        "\(e.credentialID)  \(e.practitioner ?? "(erased)")  \(e.periodStart)–\(e.periodEnd)  \(e.policyID) \(e.policyVersion)  "
          + "issued \(e.issuedAt.prefix(10))  \(state)\n")
    }
  }
}

struct CertificateRevoke: Command {
  static let name = "revoke"
  static let abstract = "Revoke a certificate; the next status list published says so to every verifier."
  static let arguments = [ArgumentSpec(name: "credential", help: "The certificate's credential id (urn:uuid:...).")]
  static let options =
    [OptionSpec.option("--reason", value: "text", help: "Why, in a sentence kept in the register.")] + StoreCommandOptions.options

  let credential: String
  let reason: String
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    credential = arguments.positionals[0]
    guard let reason = arguments.value("--reason") else { throw .usage("missing --reason (why the certificate is revoked)") }
    self.reason = reason
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let entry = try common.service(.write).revokeCertificate(credential, reason: reason)
    let slot = entry.status.map { " (slot \($0.index) of \($0.list)); publish the new list with 'cpd certificate status-list'" } ?? ""
    Output.standardOutput("\(entry.credentialID): revoked\(slot)\n")
  }
}

struct CertificateStatusList: Command {
  static let name = "status-list"
  static let abstract = "Write the issuer's signed revocation list (a Bitstring Status List credential) to publish."
  static let discussion: String? = """
    The list says, for every slot given out, whether that certificate is revoked. Publish the file at the
    address it names (printed); verifiers fetch it there. It is valid for --days days (default 7):
    publish a fresh one before then, and after every revocation.
    """
  static let options =
    [
      OptionSpec.option("--days", value: "n", help: "How long the list is valid (default: 7)."), OutputOption.option, keysOption,
    ] + StoreCommandOptions.options

  let days: Int
  let output: OutputOption
  let keys: String?
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    let text = arguments.value("--days") ?? "7"
    guard let days = Int(text), (1...366).contains(days) else { throw .usage("--days: '\(text)' is not a whole number of days from 1 to 366") }
    self.days = days
    output = OutputOption(arguments)
    keys = arguments.value("--keys")
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let service = try common.service(.read)
    let list = try service.statusList(keysDirectory: keys, validFor: days)
    try Output.emit(JSONWriter.string(list.credential), to: output.file, for: service)
    Output.standardError("\(list.revoked) revoked; publish it at \(list.url)\n")
  }
}

struct CertificateVerify: Command {
  static let name = "verify"
  static let abstract = "Check a certificate's proofs, that a trusted issuer made it, and whether it is revoked."
  static let discussion: String? = """
    Takes any form a certificate comes in: the JSON credential (eddsa-rdfc-2022 and eddsa-jcs-2022
    proofs, one or several, all of which must verify), a VC-JWT (RS256, its key found from the kid in
    the issuer's key document: the one beside the store, or --key-document FILE), or a badge (SVG)
    with either baked in. Exits 0 when it verifies and a trusted issuer made it, 1 when not. The
    trusted issuers are those given with --issuer; else the keys beside the store (or in --keys). With
    neither, the signature is still checked, and a warning says the issuer was not. With --status-list
    FILE (the issuer's published list), a revoked certificate fails; without it, a warning says its
    status was not checked. With --explain DIR, writes the signed data, the signature and the public
    key there, so the check can be repeated with OpenSSL:
      openssl pkeyutl -verify -pubin -inkey DIR/issuer-public.pem -rawin -in DIR/signed-data.bin -sigfile DIR/signature.bin
    """
  static let arguments = [ArgumentSpec(name: "file", help: "The certificate (JSON, VC-JWT or SVG badge).")]
  static let options = [
    OptionSpec.option("--issuer", value: "did", help: "A trusted issuer's did:key (repeatable).", repeatable: true),
    OptionSpec.option("--status-list", value: "file", help: "The issuer's published status list (repeatable).", repeatable: true),
    OptionSpec.option("--key-document", value: "file", help: "An issuer's published key document, for VC-JWT (repeatable).", repeatable: true),
    OptionSpec.option("--explain", value: "dir", help: "Write the signed data, signature and public key here."),
    keysOption, StoreOptions.storeOption,
  ]

  let file: String
  let trusted: [String]
  let statusLists: [String]
  let keyDocuments: [String]
  let explain: String?
  let keys: String
  let location: StoreLocation

  init(_ arguments: ParsedArguments) throws(CLIError) {
    file = arguments.positionals[0]
    trusted = arguments.all("--issuer")
    statusLists = arguments.all("--status-list")
    keyDocuments = arguments.all("--key-document")
    explain = arguments.value("--explain")
    location = StoreLocation.resolve(arguments.value("--store"))
    keys = arguments.value("--keys") ?? Workspace.keysDirectory(for: location)
  }

  func run() throws {
    let outcome = try CertificateCheck.verify(
      try readInput(file), file: file, trusted: trusted, keysDirectory: keys,
      statusLists: try statusLists.map { try readInput($0) }, keyDocuments: try keyDocuments.map { try readInput($0) })
    if let explain, !outcome.explanation.isEmpty {
      for (name, bytes) in outcome.explanation {
        let path = (explain as NSString).appendingPathComponent(name)
        try Workspace.checkOutput(path, near: location)
        try Output.emit(Data(bytes), to: path)
      }
    }
    if let failure = outcome.failure { throw CLIError.failure(failure) }
    if outcome.issuerUnchecked {
      Output.warning("\(file): the issuer was not checked against a trusted key (give --issuer DID, or --keys DIR)")
    }
    if outcome.statusUnchecked {
      Output.warning("\(file): whether it has been revoked was not checked (give the issuer's list with --status-list FILE)")
    }
    Output.standardOutput(
      "\(file): valid (\(outcome.form)): issued by \(outcome.issuerName) (\(outcome.issuerDID)) to \(outcome.subject) on \(outcome.validFrom)\n")
  }
}
