import Competency
import Foundation
import Interchange
import JSON
import Records

/// The framework use cases, which need no records: finding, loading and checking framework
/// folders, a role's requirements, CASE export and import.
public enum Frameworks {
  public static let defaultPath = "Frameworks/wales-community-safety"

  /// The framework folders to load: those given, else `$CPD_FRAMEWORK`, else the shipped one,
  /// looked for in the working folder and then beside the executable (for installed copies).
  public static func paths(_ given: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
    if !given.isEmpty { return given }
    if let env = environment["CPD_FRAMEWORK"], !env.isEmpty { return [env] }
    return [locateDefault()]
  }

  static func locateDefault() -> String {
    let fm = FileManager.default
    if fm.fileExists(atPath: defaultPath) { return defaultPath }
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
      let candidate = dir.appendingPathComponent(defaultPath).path
      if fm.fileExists(atPath: candidate) { return candidate }
      dir = dir.deletingLastPathComponent()
    }
    return defaultPath
  }

  /// Loads the primary framework and any further ones (for crosswalks); every problem at once.
  public static func load(_ paths: [String]) throws(FrameworkError) -> [Framework] {
    var result: [Framework] = []
    for path in paths { result.append(try Framework.load(from: path)) }
    return result
  }

  /// A role's requirements with an agency's (or agency type's) overlay applied.
  public static func requirements(
    of framework: Framework, role: String, agency: String?, agencyType: String?
  ) throws(RecordsError) -> (agencyType: String?, requirements: [Requirement]) {
    guard framework.role(role) != nil else { throw .invalid("role", .unknown, "unknown role \"\(role)\" (see 'cpd framework list roles')") }
    var type = agencyType
    if let agency {
      guard let a = framework.agency(agency) else {
        throw .invalid("agency", .unknown, "unknown agency \"\(agency)\" (see 'cpd framework list agencies')")
      }
      type = a.type
    }
    if let type, !framework.agencyTypes.contains(where: { $0.id == type }) {
      throw .invalid("agency-type", .unknown, "unknown agency type \"\(type)\"")
    }
    return (type, framework.requirements(forRole: role, agencyType: type) ?? [])
  }

  /// The framework as a CASE 1.0 CFPackage.
  public static func exportCASE(_ framework: Framework, now: Date = Date()) -> JSONValue {
    framework.casePackage(timestamp: ISO8601DateFormatter().string(from: now))
  }

  /// Turns a CASE package into a framework folder; an existing non-empty folder is kept unless
  /// `replacing`. Nothing is written when the package cannot be understood.
  public static func importCASE(_ bytes: [UInt8], file: String, into folder: String, replacing: Bool) throws(FrameworkError)
    -> CASEImport
  {
    let result = try Framework.importCASE(bytes, file: file)
    if !replacing, let existing = try? FileManager.default.contentsOfDirectory(atPath: folder), !existing.isEmpty {
      throw .cannotWrite(path: folder, reason: "the folder is not empty (give --force to replace its framework files)")
    }
    try result.framework.write(to: folder)
    return result
  }
}
