import Certificates
import Competency
import Foundation
import GapAnalysis
import JSON
import Records
import Workforce

extension CertificateError: UserFacingError {
  var exitCode: Int32 {
    switch self {
    case .invalid: 65
    case .noKeys, .keysExist, .unreadable: 1
    }
  }
  var lines: [String] { [description] }
}

/// The issuer's keys live beside the store: `<store>-keys/`.
func keysDirectory(_ arguments: ParsedArguments) -> String {
  arguments.value("--keys") ?? Common.storePath(arguments) + "-keys"
}

let keysOption = OptionSpec.option("--keys", value: "dir", help: "The issuer's key folder (default: <store>-keys).")

let keysGroup = CommandGroup(name: "keys", abstract: "Manage the certificate issuer's signing keys.", children: [.command(KeysInit.self)])

struct KeysInit: Command {
  static let name = "init"
  static let abstract = "Create the issuer's Ed25519 key pair beside the store (the private key readable by its owner only)."
  static let options = [
    OptionSpec.option("--issuer", value: "name", help: "The issuing body's name (default: Wales Safer Communities Network)."),
    OptionSpec.flag("--force", help: "Replace existing keys (certificates already issued will no longer verify against them)."),
    keysOption, Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) { self.arguments = arguments }

  func run() throws {
    let keys = try IssuerKeys.create(
      in: keysDirectory(arguments), name: arguments.value("--issuer") ?? "Wales Safer Communities Network",
      replacing: arguments.has("--force"))
    Output.standardOutput("\(keys.directory): issuer \(keys.name), \(keys.did)\n")
  }
}

let certificateGroup = CommandGroup(
  name: "certificate", abstract: "Issue CPD certificates (signed Open Badges 3.0 credentials) and verify them.",
  children: [.command(CertificateIssue.self), .command(CertificateVerify.self)], defaultCommand: CertificateIssue.self)

struct CertificateIssue: Command {
  static let name = "issue"
  static let abstract = "Issue a CPD certificate when a practitioner has met the CPD policy for a period."
  static let discussion: String? = """
    Counts verified activities dated in the period (hours, participatory hours, reflective accounts)
    against the CPD policy in effect on its last day, scaled to the period's length. When the policy is
    met, writes an Open Badges 3.0 OpenBadgeCredential signed with the issuer's Ed25519 key
    (eddsa-jcs-2022 data-integrity proof) as JSON, or a printable certificate as HTML. When it is not
    met, exits 1 and says what is still missing.
    """
  static let arguments = [ArgumentSpec(name: "practitioner", help: "The practitioner id.")]
  static let options = [
    OptionSpec.option("--period", value: "YYYY|YYYY-MM-DD:YYYY-MM-DD", help: "The period: a calendar year, or two dates."),
    Common.format([.json, .html], default: .json), Common.output, Common.lang, keysOption, Common.store, Common.framework,
  ]

  let arguments: ParsedArguments
  let period: CPDPeriod
  let format: Format
  let language: String

  init(_ arguments: ParsedArguments) throws(CLIError) {
    self.arguments = arguments
    guard let text = arguments.value("--period") else { throw .usage("missing --period (a year such as 2026, or 2026-01-01:2026-12-31)") }
    guard let period = CPDPeriod(text) else { throw .usage("--period: '\(text)' is not YYYY or YYYY-MM-DD:YYYY-MM-DD") }
    self.period = period
    format = try Format.parse(arguments.value("--format"), allowed: [.json, .html], default: .json)
    language = try Common.language(arguments)
  }

  func run() throws {
    let w = try Workspace.open(arguments)
    let id = arguments.positionals[0]
    let (model, workforce) = try w.person(id)
    guard let compliance = CPDCompliance.assess(workforce, person: 0, framework: w.framework, period: period) else {
      throw CLIError.failure("no CPD policy is in effect on \(period.end)")
    }
    guard compliance.isMet else {
      var message = "\(id) has not yet met \(compliance.policy.title.en) (\(compliance.policy.version)) for \(period): "
        + compliance.shortfalls.joined(separator: "; ")
      if compliance.pendingActivities > 0 {
        let n = compliance.pendingActivities
        message += "; \(n) \(n == 1 ? "activity" : "activities") (\(JSONWriter.formatTenths(compliance.pendingHours)) hours) \(n == 1 ? "awaits" : "await") sign-off"
      }
      throw CLIError.notMet(message)
    }
    let keys = try IssuerKeys.load(from: keysDirectory(arguments))
    let text = try Self.certificate(
      workforce, person: 0, compliance: compliance, model: model, keys: keys, format: format, language: language)
    try Output.emit(text, to: arguments.value("--output"))
  }
}

extension CertificateIssue {
  /// The certificate for one person of `workforce` who has met the policy: a signed Open Badges
  /// credential (JSON) or the printable page (HTML).
  static func certificate(
    _ workforce: Workforce, person: Int, compliance: CPDCompliance, model: AnalysisModel, keys: IssuerKeys, format: Format,
    language: String
  ) throws -> String {
    let framework = model.framework
    // Competencies evidenced at the period's end, for the role's requirements.
    let analysis = GapAnalyser(model: model, asOf: min(compliance.period.end, Day.today)).analyse(workforce, person: person, plan: .none)
    let competencies = analysis.requirements.filter { $0.evidenced > 0 }.map { r -> (id: String, title: LocalizedText, level: Int) in
      let cid = model.catalog.ids[Int(r.competency)]
      return (cid, framework.competency(cid)?.title ?? LocalizedText(en: cid), r.evidenced)
    }
    let now = ISO8601DateFormatter().string(from: Date())
    let certificate = CPDCertificate(
      person: workforce.people[person], compliance: compliance, competencies: competencies, framework: framework,
      issuerName: keys.name, issuerDID: keys.did, credentialID: "urn:uuid:\(UUID().uuidString.lowercased())", issuedAt: now)
    let signed = try DataIntegrity.sign(certificate.credential, keys: keys, created: now)
    return format == .html ? certificate.html(language: language, signed: signed) : JSONWriter.string(signed)
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
    keysOption, Common.store,
  ]

  let arguments: ParsedArguments
  init(_ arguments: ParsedArguments) throws(CLIError) { self.arguments = arguments }

  /// Text from the file, without control characters that could upset a terminal.
  func printable(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) }))
  }

  func run() throws {
    let file = arguments.positionals[0]
    let credential = try readJSON(file)
    let result = DataIntegrity.verify(credential)
    if let dir = arguments.value("--explain"), let key = result.publicKey, !result.signature.isEmpty {
      try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      try Data(result.signedData).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("signed-data.bin")))
      try Data(result.signature).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("signature.bin")))
      try Data(key.pem.utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("issuer-public.pem")))
    }
    guard result.valid else { throw CLIError.failure("\(file): not valid: \(result.reason ?? "unknown reason")") }
    let did = result.issuerDID ?? "?"
    let name = printable(result.issuerName ?? "an unnamed issuer")
    var trusted = arguments.all("--issuer")
    if trusted.isEmpty, let own = IssuerKeys.did(in: keysDirectory(arguments)) { trusted = [own] }
    if !trusted.isEmpty && !trusted.contains(did) {
      throw CLIError.failure(
        "\(file): not valid: it is signed by \(did) (calling itself \(name)), not by a trusted issuer (\(trusted.joined(separator: ", ")))")
    }
    if trusted.isEmpty {
      Output.warning("\(file): the issuer was not checked against a trusted key (give --issuer DID, or --keys DIR)")
    }
    let subject = printable(credential["credentialSubject"]?["identifier"]?.arrayValue?.first?["identityHash"]?.stringValue ?? "?")
    let validFrom = printable(credential["validFrom"]?.stringValue ?? "?")
    Output.standardOutput("\(file): valid: issued by \(name) (\(did)) to \(subject) on \(validFrom.prefix(10))\n")
  }
}
