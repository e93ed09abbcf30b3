import Certificates
import Competency
import Foundation
import GapAnalysis
import JSON
import TestSupport
import Workforce

/// Runs `python3` with `arguments`; nil when there is no python3 on the machine.
func python(_ arguments: [String], input: [UInt8]? = nil) -> (status: Int32, output: String, error: String)? {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  process.arguments = ["python3"] + arguments
  let out = Pipe()
  let err = Pipe()
  let inPipe = Pipe()
  process.standardOutput = out
  process.standardError = err
  process.standardInput = inPipe
  do { try process.run() } catch { return nil }
  if let input { inPipe.fileHandleForWriting.write(Data(input)) }
  try? inPipe.fileHandleForWriting.close()
  let output = out.fileHandleForReading.readDataToEndOfFile()
  let error = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  if process.terminationStatus == 127 { return nil }
  return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self))
}

/// Whether python3 can import every module named.
func pythonHas(_ modules: String...) -> Bool {
  python(["-c", modules.map { "import \($0)" }.joined(separator: "; ")])?.status == 0
}

let fixtures = repositoryRoot + "/Tests/CertificatesTests/Fixtures"
let schemaPath = fixtures + "/ob_v3p0_achievementcredential_schema.json"

/// Validates each credential with Python's `jsonschema` against the shipped Open Badges 3.0
/// AchievementCredential schema (draft 2019-09, formats checked); the errors, one line each.
func schemaErrors(_ credentials: [JSONValue]) -> [String]? {
  guard pythonHas("jsonschema") else { return nil }
  let script = """
    import json, sys, jsonschema
    schema = json.load(open(sys.argv[1]))
    validator = jsonschema.Draft201909Validator(schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    for n, credential in enumerate(json.load(sys.stdin)):
        for e in validator.iter_errors(credential):
            print(f"credential {n}: {'/'.join(map(str, e.absolute_path))}: {e.message[:200]}")
    """
  guard let run = python(["-c", script, schemaPath], input: JSONWriter.bytes(.array(credentials))) else { return nil }
  guard run.status == 0 else { return ["python failed: \(run.error)"] }
  return run.output.split(separator: "\n").map(String.init)
}

/// Issuer keys made once per test process (RSA key generation is slow): a 2048-bit RSA key.
final class SharedKeys: Sendable {
  static let folder = TemporaryDirectory("cpd-keys")
  static let issuer: IssuerKeys = try! IssuerKeys.create(in: folder.file("issuer"), name: "Test Issuer", rsaBits: 2048)
  static let other: IssuerKeys = try! IssuerKeys.create(in: folder.file("other"), name: "Test Issuer", rsaBits: 2048)
  static let keyDocument: JSONValue = try! issuer.keyDocument(created: "2026-12-31T12:00:00Z")
  static let otherKeyDocument: JSONValue = try! other.keyDocument(created: "2026-12-31T12:00:00Z")
}

let site = try! PublicationSite(baseURL: "https://cpd.example.org")

/// Rhys Evans's certificate for 2026 under the mini framework, with two competencies.
func miniCertificate(keys: IssuerKeys = SharedKeys.issuer, id: String = "urn:uuid:00000000-0000-4000-8000-000000000001")
  -> CPDCertificate
{
  let c = compliance { b, p in
    b.activity(p, "2026-02-01", .classroom, claims: ["C-INF:2"], hours: 20, reflectionWords: 20)
    b.activity(p, "2026-03-01", .reflectiveAccount, claims: [], hours: 12.5, participatory: false, reflectionWords: 20)
  }
  let person = Person(id: "p1", name: "Rhys Evans", agency: "la-n", team: "North", role: "officer")
  return CPDCertificate(
    person: person, compliance: c,
    competencies: [("C-INF", mini.competency("C-INF")!.title, 2), ("C-PRB", mini.competency("C-PRB")!.title, 1)],
    framework: mini, issuerName: keys.name, issuerDID: keys.did, credentialID: id, issuedAt: "2026-12-31T12:00:00Z",
    site: site)
}

let shipped: Framework = try! Framework.load(from: shippedFrameworkPath)

/// A certificate under the shipped framework, from a workforce through `CPDCertificate.issue`.
func shippedIssue(
  _ person: String, name: String, options: IssuanceOptions, keys: IssuerKeys = SharedKeys.issuer,
  now: String = "2027-01-10T09:30:00Z"
) throws -> IssuedCertificate {
  var b = WorkforceBuilder([shipped])
  let p = b.person(person, role: "community-safety-officer", agency: "gwynedd-council")
  b.activity(p, "2026-05-01", .classroom, claims: ["CS-LAW-01:2", "CS-LAW-02:1"], hours: 18)
  b.activity(p, "2026-06-01", .workshop, claims: ["CS-LAW-03:1"], hours: 7)
  b.activity(p, "2026-07-01", .onTheJob, claims: ["CS-LAW-01:2"], hours: 6)
  b.activity(p, "2026-08-01", .reflectiveAccount, claims: [], hours: 2, participatory: false, reflectionWords: 150)
  b.activity(p, "2026-09-01", .reading, claims: [], hours: 3, participatory: false, reflectionWords: 120)
  var workforce = b.workforce
  workforce.people[p].name = name
  let model = AnalysisModel(frameworks: [shipped])
  let c = CPDCompliance.assess(workforce, person: p, framework: shipped, period: CPDPeriod("2026")!)!
  return try CPDCertificate.issue(
    workforce, person: p, compliance: c, model: model, keys: keys, today: Day("2027-01-10")!, options: options,
    now: XSDDateTime.parse(now)!)
}

extension JSONValue {
  /// The value at a path of keys and indexes, replaced by `transform`.
  func replacing(_ path: [PathStep], with transform: (JSONValue) -> JSONValue) -> JSONValue {
    guard let step = path.first else { return transform(self) }
    switch (self, step) {
    case (.object(var o), .key(let k)):
      o[k] = o[k]!.replacing(Array(path.dropFirst()), with: transform)
      return .object(o)
    case (.array(var a), .index(let i)):
      a[i] = a[i].replacing(Array(path.dropFirst()), with: transform)
      return .array(a)
    default:
      return self
    }
  }

  /// Every path to a scalar, with the scalar.
  func leaves(_ prefix: [PathStep] = []) -> [([PathStep], JSONValue)] {
    switch self {
    case .object(let o): return o.flatMap { $0.value.leaves(prefix + [.key($0.key)]) }
    case .array(let a): return a.enumerated().flatMap { $0.element.leaves(prefix + [.index($0.offset)]) }
    default: return [(prefix, self)]
    }
  }
}

enum PathStep: CustomStringConvertible {
  case key(String)
  case index(Int)
  var description: String {
    switch self {
    case .key(let k): k
    case .index(let i): "[\(i)]"
    }
  }
}

/// A different scalar of the same kind.
func altered(_ value: JSONValue) -> JSONValue {
  switch value {
  case .string(let s):
    if s.isEmpty { return "x" }
    if s.hasPrefix("urn:uuid:") || s.hasPrefix("did:") || s.hasPrefix("https:") || s.hasPrefix("data:") { return .string(s + "0") }
    return .string(s + "!")
  case .number(let n): return .number(n + 1)
  case .bool(let b): return .bool(!b)
  default: return "x"
  }
}
