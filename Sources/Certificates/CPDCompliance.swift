import Competency
import Foundation
import Workforce

/// A period of CPD, inclusive of both days.
public struct CPDPeriod: Sendable, Hashable, CustomStringConvertible {
  public var start: Day
  public var end: Day

  public init(start: Day, end: Day) {
    self.start = start
    self.end = end
  }

  /// `YYYY` (the calendar year) or `YYYY-MM-DD:YYYY-MM-DD`.
  public init?(_ text: String) {
    if text.count == 4, let year = Int(text), let start = Day(year: year, month: 1, day: 1),
      let end = Day(year: year, month: 12, day: 31)
    {
      self.init(start: start, end: end)
      return
    }
    let parts = text.split(separator: ":")
    guard parts.count == 2, let start = Day(parts[0]), let end = Day(parts[1]), start <= end else { return nil }
    self.init(start: start, end: end)
  }

  public var days: Int { end.days(since: start) + 1 }
  public var description: String { "\(start):\(end)" }
}

/// One thing a person's verified CPD still lacks for the policy (a front end words it in its
/// reader's language; `description` is the English).
public enum CPDShortfall: Sendable, Equatable, CustomStringConvertible {
  /// Verified hours against those the policy asks for the period.
  case hours(have: Double, need: Double)
  case participatoryHours(have: Double, need: Double)
  /// Reflective accounts against those asked, each a reflection of at least `words` words.
  case reflectiveAccounts(have: Int, need: Int, words: Int)
  case noVerifiedActivity

  /// Hours as the policy's figures are shown: to the hundredth, without a trailing `.0`.
  public static func format(_ x: Double) -> String {
    let rounded = (x * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
  }

  public var description: String {
    let f = Self.format
    switch self {
    case .hours(let have, let need): return "\(f(have)) of \(f(need)) hours (\(f(need - have)) to go)"
    case .participatoryHours(let have, let need): return "\(f(have)) of \(f(need)) participatory hours (\(f(need - have)) to go)"
    case .reflectiveAccounts(let have, let need, let words):
      return "\(have) of \(need) reflective accounts (a reflection of at least \(words) words)"
    case .noVerifiedActivity: return "no verified activity in the period"
    }
  }
}

/// How a person's verified CPD in a period measures up to the CPD policy in effect.
public struct CPDCompliance: Sendable {
  public var policy: CPDPolicy
  public var period: CPDPeriod
  /// The policy's figures scaled to the period (a policy per 12 months, asked about 6, wants half).
  public var requiredHours: Double?
  public var requiredParticipatoryHours: Double?
  public var requiredReflectiveAccounts: Int
  public var hours: Double
  public var participatoryHours: Double
  public var reflectiveAccounts: Int
  public var verifiedActivities: Int
  /// Activities in the period still awaiting sign-off, and their hours.
  public var pendingActivities: Int
  public var pendingHours: Double
  /// Of those, the ones whose hours are not known until their verifier confirms them (they add
  /// nothing to `pendingHours`).
  public var pendingWithoutHours = 0

  public var isMet: Bool { shortfalls.isEmpty }

  /// What is still missing, in the order a reader is told.
  public var missing: [CPDShortfall] {
    var missing: [CPDShortfall] = []
    if let required = requiredHours, hours < required { missing.append(.hours(have: hours, need: required)) }
    if let required = requiredParticipatoryHours, participatoryHours < required {
      missing.append(.participatoryHours(have: participatoryHours, need: required))
    }
    if reflectiveAccounts < requiredReflectiveAccounts {
      missing.append(.reflectiveAccounts(have: reflectiveAccounts, need: requiredReflectiveAccounts, words: policy.reflectiveAccountWords))
    }
    if verifiedActivities == 0 { missing.append(.noVerifiedActivity) }
    return missing
  }

  /// What is still missing, one plain English sentence each.
  public var shortfalls: [String] { missing.map(\.description) }

  /// Counts a person's verified, uncorrected activities dated in the period against the policy in
  /// effect on its last day. An activity is a reflective account when the policy's rule says so:
  /// its written reflection has at least the policy's number of words.
  public static func assess(_ workforce: Workforce, person: Int, framework: Framework, period: CPDPeriod) -> CPDCompliance? {
    guard let policy = framework.policy(on: period.end) else { return nil }
    // The policy's cycle counted from the period's own start, so a leap year is still one year.
    let cycleDays = period.start.adding(months: policy.periodMonths).days(since: period.start)
    let scale = Double(period.days) / Double(max(1, cycleDays))
    // Rounded up to the half hour; the small allowance keeps whole cycles from rounding up.
    func halfHours(_ x: Double) -> Double { ((x * scale * 2) - 1e-9).rounded(.up) / 2 }
    var result = CPDCompliance(
      policy: policy, period: period, requiredHours: policy.hours.map(halfHours),
      requiredParticipatoryHours: policy.participatoryHours.map(halfHours),
      requiredReflectiveAccounts: Int((Double(policy.reflectiveAccounts) * scale - 1e-9).rounded(.up)), hours: 0,
      participatoryHours: 0, reflectiveAccounts: 0, verifiedActivities: 0, pendingActivities: 0, pendingHours: 0)
    // Hours are added in hundredths, so that many small entries do not fall short by a rounding error.
    var hundredths = 0
    var participatory = 0
    var pending = 0
    for item in workforce.items(of: person) where item.day >= period.start && item.day <= period.end && !item.superseded {
      let h = Int(item.centihours)
      switch item.status {
      case .verified:
        result.verifiedActivities += 1
        hundredths += h
        if item.participatory { participatory += h }
        if Int(item.reflectionWords) >= policy.reflectiveAccountWords { result.reflectiveAccounts += 1 }
      case .pending:
        result.pendingActivities += 1
        pending += h
        if item.needsHours { result.pendingWithoutHours += 1 }
      case .rejected, .withdrawn:
        break
      }
    }
    result.hours = Double(hundredths) / 100
    result.participatoryHours = Double(participatory) / 100
    result.pendingHours = Double(pending) / 100
    return result
  }
}
