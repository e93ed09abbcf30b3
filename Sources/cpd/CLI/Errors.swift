import Competency
import Service

extension RecordsError: UserFacingError {
  var exitCode: Int32 {
    switch self {
    case .invalid: 65
    case .forbidden, .missingStore, .notAStore, .newerStore, .olderStore, .storage: 1
    }
  }

  var lines: [String] { [description] }
}

extension PlanningError: UserFacingError {
  var exitCode: Int32 {
    switch self {
    case .invalidInstance: 65
    case .brokenPlan: 1
    }
  }

  var lines: [String] {
    switch self {
    case .invalidInstance(let problems): problems
    case .brokenPlan(let message): [message]
    }
  }
}

extension FrameworkError: UserFacingError {
  var exitCode: Int32 { CLIError(self).exitCode }
  var lines: [String] {
    if case .invalid(let problems) = self { return problems.map(\.description) }
    return [description]
  }
}
