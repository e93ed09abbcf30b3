import Competency
import Foundation
import GapAnalysis
import Workforce
import Records

extension RecordsError: UserFacingError {
  var exitCode: Int32 {
    switch self {
    case .invalid: 65
    case .missingStore, .newerStore, .storage: 1
    }
  }

  var lines: [String] { [description] }
}

/// The store and frameworks a records command works with.
struct Workspace {
  let store: SQLiteStore
  let frameworks: [Framework]
  let rules: RecordRules

  var framework: Framework { frameworks[0] }

  /// Opens the store (creating it only for `init`) and loads the frameworks; a store kept
  /// against a different framework is refused.
  static func open(_ arguments: ParsedArguments, create: Bool = false) throws -> Workspace {
    let frameworks = try Common.loadFrameworks(Common.frameworkPaths(arguments))
    let store = try SQLiteStore.open(at: Common.storePath(arguments), create: create)
    if let kept = try store.meta("framework_id"), kept != frameworks[0].id {
      throw RecordsError.invalid(
        "framework: the store is kept against framework \"\(kept)\", but \"\(frameworks[0].id)\" was loaded (give --framework)")
    }
    return Workspace(store: store, frameworks: frameworks, rules: RecordRules(frameworks: frameworks))
  }

  /// The analysis model and one practitioner's records, for commands about one person.
  func person(_ id: String) throws -> (model: AnalysisModel, workforce: Workforce) {
    let model = AnalysisModel(frameworks: frameworks)
    let workforce = try store.workforce(catalog: model.catalog, framework: framework, filter: .people([id]))
    guard !workforce.people.isEmpty else { throw RecordsError.invalid("practitioner: unknown practitioner \"\(id)\"") }
    return (model, workforce)
  }
}
