import Competency
import Foundation
import JSON

/// Where the issuer publishes its framework pages, achievements and status lists: every URL a
/// credential names is built from one https base, so the links are real and stay stable.
public struct PublicationSite: Sendable, Hashable {
  /// `https://host[/path]`, without a trailing slash.
  public let baseURL: String

  public init(baseURL: String) throws(CertificateError) {
    var base = baseURL
    while base.hasSuffix("/") { base.removeLast() }
    guard let url = URL(string: base), url.scheme == "https", let host = url.host, !host.isEmpty, url.query == nil,
      url.fragment == nil, !base.contains(" ")
    else { throw .invalid("the publication site \(baseURL) is not an https URL without query or fragment") }
    self.baseURL = base
  }

  /// A placeholder for callers that do not name a site yet (the old `CPDCertificate.credential`).
  public static let placeholder = try! PublicationSite(baseURL: "https://cpd.example.org")

  static func segment(_ text: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
  }

  /// The published page of the framework.
  public var frameworkURL: String { baseURL + "/framework" }
  /// The published page of one competency: `BASE/framework/competencies/ID`.
  public func competencyURL(_ id: String) -> String { baseURL + "/framework/competencies/" + Self.segment(id) }
  /// The achievement of one CPD policy version: `BASE/achievements/FRAMEWORK/POLICY/VERSION`.
  public func achievementURL(framework: String, policy: String, version: String) -> String {
    baseURL + "/achievements/" + [framework, policy, version].map(Self.segment).joined(separator: "/")
  }
  /// A status list credential: `BASE/status/NAME`.
  public func statusListURL(_ name: String = "revocation") -> String { baseURL + "/status/" + Self.segment(name) }
}

/// The Open Badges 3.0 `Achievement` for one CPD policy version: the same object in every
/// certificate issued under that version, whoever earns it. What differs from person to person
/// (hours, competencies, levels) goes in the credential subject's `result`.
public enum CPDAchievement {
  public static func id(framework: Framework, policy: CPDPolicy, site: PublicationSite) -> String {
    site.achievementURL(framework: framework.id, policy: policy.id, version: policy.version)
  }

  /// The result descriptions every certificate's results point at, by fragment of the achievement id.
  static func hoursID(_ achievement: String) -> String { achievement + "#hours" }
  static func participatoryID(_ achievement: String) -> String { achievement + "#participatory-hours" }
  static func reflectiveID(_ achievement: String) -> String { achievement + "#reflective-accounts" }
  static func levelScaleID(_ achievement: String) -> String { achievement + "#competency-level" }
  static func levelID(_ achievement: String, _ level: Level) -> String { achievement + "#level-" + PublicationSite.segment(level.id) }

  static func number(_ x: Double) -> String { JSONWriter.formatNumber(((x * 100).rounded()) / 100) }

  /// What the policy asks, per cycle, in one sentence (the policy's own figures, not a period's).
  public static func criteria(_ policy: CPDPolicy) -> String {
    var parts: [String] = []
    if let h = policy.hours { parts.append("at least \(number(h)) hours of CPD") }
    if let h = policy.participatoryHours { parts.append("\(number(h)) of them participatory") }
    if policy.reflectiveAccounts > 0 {
      let n = policy.reflectiveAccounts
      parts.append("\(n) reflective account\(n == 1 ? "" : "s") (a written reflection of at least \(policy.reflectiveAccountWords) words)")
    }
    let cycle = policy.periodMonths == 12 ? "every 12 months" : "every \(policy.periodMonths) months"
    return "Under \(policy.title.en) (version \(policy.version)): \(parts.joined(separator: ", ")) \(cycle), the "
      + "requirement scaled to the length of the period certified; every activity verified by a line manager or assessor."
  }

  /// An alignment to one competency's published page.
  public static func alignment(competency id: String, title: LocalizedText, framework: Framework, site: PublicationSite) -> JSONValue {
    [
      "type": ["Alignment"], "targetName": .string(title.en), "targetCode": .string(id),
      "targetFramework": .string(framework.title.en), "targetType": "CFItem", "targetUrl": .string(site.competencyURL(id)),
    ]
  }

  public static func achievement(framework: Framework, policy: CPDPolicy, issuer: JSONValue, site: PublicationSite) -> JSONValue {
    let id = id(framework: framework, policy: policy, site: site)
    func rawScore(_ descriptionID: String, _ name: String) -> JSONValue {
      ["id": .string(descriptionID), "type": ["ResultDescription"], "name": .string(name), "resultType": "RawScore", "valueMin": "0"]
    }
    let levels = framework.levels.map { l -> JSONValue in
      var level: JSONObject = JSONObject([
        ("id", .string(levelID(id, l))), ("type", ["RubricCriterionLevel"]), ("name", .string(l.title.en)),
        ("level", .string(String(l.level))),
      ])
      if let descriptor = l.descriptor { level["description"] = .string(descriptor.en) }
      return .object(level)
    }
    let descriptions: [JSONValue] = [
      rawScore(hoursID(id), "Verified CPD hours in the period"),
      rawScore(participatoryID(id), "Verified participatory CPD hours in the period"),
      rawScore(reflectiveID(id), "Reflective accounts in the period"),
      [
        "id": .string(levelScaleID(id)), "type": ["ResultDescription"],
        "name": .string("Competency level evidenced on the \(framework.title.en) scale"),
        "resultType": "RubricCriterionLevel", "rubricCriterionLevel": .array(levels),
      ],
    ]
    return [
      "id": .string(id), "type": ["Achievement"], "achievementType": "Certificate",
      "name": .string("\(policy.title.en) (\(policy.version))"),
      "description": .string(
        "Awarded to a practitioner whose verified continuing professional development met \(policy.title.en), "
          + "version \(policy.version), of the \(framework.title.en), for the period the certificate names."),
      "criteria": ["id": .string(site.frameworkURL + "/cpd-policy"), "narrative": .string(criteria(policy))],
      "image": [
        "id": .string(BadgeImage.dataURI(BadgeImage.svg(policy: policy, framework: framework))), "type": "Image",
        "caption": .string("\(policy.title.en) (\(policy.version))"),
      ],
      "creator": issuer, "fieldOfStudy": .string(framework.title.en), "humanCode": .string(policy.id),
      "version": .string(policy.version), "inLanguage": "en",
      "alignment": .array(
        framework.competencies.map { alignment(competency: $0.id, title: $0.title, framework: framework, site: site) }),
      "resultDescription": .array(descriptions),
    ]
  }
}
