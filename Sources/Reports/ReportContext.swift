import Competency
import GapAnalysis
import JSON

/// What every renderer needs: the framework (through the analysis model) and the language.
public struct ReportContext: Sendable {
  public let model: AnalysisModel
  public let language: String

  public init(model: AnalysisModel, language: String = "en") {
    self.model = model
    self.language = language
  }

  public var framework: Framework { model.framework }

  func label(_ key: Labels.Key) -> String { Labels.text(key, language) }

  func competencyID(_ c: Int32) -> String { model.catalog.ids[Int(c)] }

  func competencyTitle(_ c: Int32) -> String {
    let id = competencyID(c)
    return framework.competency(id)?.title.text(language) ?? id
  }

  func moduleID(_ m: Int) -> String { framework.modules[m].id }
  func moduleTitle(_ m: Int) -> String { framework.modules[m].title.text(language) }
  /// Where a module stands (proposed, piloted, delivered, quality assured), in the report's language.
  func moduleQuality(_ m: Int) -> String { framework.modules[m].quality.map { Labels.quality($0.status, language) } ?? "" }

  func roleTitle(_ id: String) -> String { framework.role(id)?.title.text(language) ?? id }
  func agencyName(_ id: String) -> String { framework.agency(id)?.name.text(language) ?? id }
  func regionTitle(_ id: String) -> String {
    if let region = framework.region(id) { return region.title.text(language) }
    switch id {
    case Agency.allWales: return label(.allWales)
    case AnalysisModel.unknownRegion: return label(.unknownRegion)
    default: return id
    }
  }

  func status(_ s: GapStatus) -> String {
    switch s {
    case .met: label(.statusMet)
    case .missing: label(.statusMissing)
    case .below: label(.statusBelow)
    case .expired: label(.statusExpired)
    case .expiring: label(.statusExpiring)
    }
  }

  func priority(_ p: Priority) -> String {
    switch p {
    case .mandatory: label(.priorityMandatory)
    case .core: label(.priorityCore)
    case .desirable: label(.priorityDesirable)
    }
  }
}

/// Small counts in aggregate reports: any count below 5 is shown as "<5" so that no individual
/// can be singled out; shares are withheld when either side of them is below 5.
struct Suppression {
  let active: Bool
  var language = "en"
  static let threshold = 5

  func label(_ key: Labels.Key) -> String { Labels.text(key, language) }

  func text(_ n: Int) -> String { active && n < Self.threshold ? "<5" : String(n) }

  func json(_ n: Int) -> JSONValue { active && n < Self.threshold ? "<5" : .int(n) }

  /// Hours that go with a head count: withheld with it (they would reveal it).
  func hours(_ hours: Double, people: Int) -> String {
    active && people < Self.threshold ? label(.fewerThanFivePeople) : JSONWriter.formatTenths(hours)
  }

  /// The share met, or nil when showing it would reveal a count below 5.
  func share(met: Int, of total: Int) -> Double? {
    guard total > 0 else { return nil }
    if active && (met < Self.threshold || total - met < Self.threshold) { return nil }
    return Double(met) / Double(total)
  }

  func percent(met: Int, of total: Int) -> String {
    guard let share = share(met: met, of: total) else {
      if total == 0 { return "–" }
      if active && total < Self.threshold { return "<5" }
      return met < Self.threshold ? label(.fewerThanFiveMet) : label(.fewerThanFiveGaps)
    }
    return "\(Int((share * 100).rounded()))%"
  }
}
