import Certificates
import Competency
import Foundation
import JSON
import Service

let keysOption = OptionSpec.option("--keys", value: "dir", help: "The issuer's key folder (default: the store's own).")

let keysGroup = CommandGroup(name: "keys", abstract: "Manage the certificate issuer's signing keys.", children: [.command(KeysInit.self)])

struct KeysInit: Command {
  static let name = "init"
  static let abstract = "Create the issuer's Ed25519 key pair beside the store (the private key readable by its owner only)."
  static let options =
    [
      OptionSpec.option("--issuer", value: "name", help: "The issuing body's name (default: Wales Safer Communities Network)."),
      OptionSpec.flag("--force", help: "Replace existing keys (certificates already issued will no longer verify against them)."),
      keysOption,
    ] + StoreCommandOptions.options

  let issuer: String
  let replacing: Bool
  let keys: String?
  let common: StoreCommandOptions

  init(_ arguments: ParsedArguments) throws(CLIError) {
    issuer = arguments.value("--issuer") ?? "Wales Safer Communities Network"
    replacing = arguments.has("--force")
    keys = arguments.value("--keys")
    common = StoreCommandOptions(arguments)
  }

  func run() throws {
    let made = try common.service(.write).createIssuerKeys(name: issuer, directory: keys, replacing: replacing)
    Output.standardOutput("\(made.directory): issuer \(made.name), \(made.did)\n")
  }
}

let certificateGroup = CommandGroup(
  name: "certificate", abstract: "Issue CPD certificates (signed Open Badges 3.0 credentials) and verify them.",
  children: [.command(CertificateIssue.self), .command(CertificateVerify.self)], defaultCommand: CertificateIssue.self)

struct CertificateIssue: Command {
  static let name = "issue"
  static let abstract = "Issue a CPD certificate when a practitioner has met the CPD policy for a period."
  static let discussion: String? = """
    Counts verified activities dated in the period (hours, participatory hours, reflective accounts:
    activities whose written reflection is as long as the policy asks) against the CPD policy in effect
    on its last day, scaled to the period's length. When the policy is met, writes an Open Badges 3.0
    OpenBadgeCredential signed with the issuer's Ed25519 key (eddsa-jcs-2022 data-integrity proof) as
    JSON, or a printable certificate as HTML. When it is not met, exits 1 and says what is still missing.
    """
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let formats: [Format] = [.json, .html]
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
    let service = try common.service(.read)
    switch try service.certificate(practitioner, period: period, keysDirectory: keys) {
    case .notMet(let why):
      throw CLIError.notMet(why)
    case .issued(let certificate, let signed):
      let text = format == .html ? certificate.html(language: language, signed: signed) : JSONWriter.string(signed)
      try Output.emit(text, to: output.file, for: service)
    }
  }
}

struct CertificateVerify: Command {
  static let name = "verify"
  static let abstract = "Check a certificate's signature and that a trusted issuer made it."
  static let discussion: String? = """
    Exits 0 when the eddsa-jcs-2022 proof verifies against the issuer's did:key and that issuer is
    trusted, 1 when not. The trusted issuers are those given with --issuer; else the keys beside the
    store (or in --keys). With neither, the signature is still checked, and a warning says the issuer
    was not. With --explain DIR, writes the signed data, the signature and the issuer's public key
    there, so the check can be repeated with OpenSSL:
      openssl pkeyutl -verify -pubin -inkey DIR/issuer-public.pem -rawin -in DIR/signed-data.bin -sigfile DIR/signature.bin
    """
  static let arguments = [ArgumentSpec(name: "file", help: "The certificate (Open Badges 3.0 JSON).")]
  static let options = [
    OptionSpec.option("--issuer", value: "did", help: "A trusted issuer's did:key (repeatable).", repeatable: true),
    OptionSpec.option("--explain", value: "dir", help: "Write the signed data, signature and public key here."),
    keysOption, StoreOptions.storeOption,
  ]

  let file: String
  let trusted: [String]
  let explain: String?
  let keys: String
  let location: StoreLocation

  init(_ arguments: ParsedArguments) throws(CLIError) {
    file = arguments.positionals[0]
    trusted = arguments.all("--issuer")
    explain = arguments.value("--explain")
    location = StoreLocation.resolve(arguments.value("--store"))
    keys = arguments.value("--keys") ?? Workspace.keysDirectory(for: location)
  }

  func run() throws {
    let outcome = try CertificateCheck.verify(try readInput(file), file: file, trusted: trusted, keysDirectory: keys)
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
    Output.standardOutput(
      "\(file): valid: issued by \(outcome.issuerName) (\(outcome.issuerDID)) to \(outcome.subject) on \(outcome.validFrom)\n")
  }
}
