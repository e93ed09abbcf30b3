import Competency
import Cryptography
import Foundation
import GapAnalysis
import JSON
import Workforce

/// A CPD certificate: the person met the CPD policy for the period. It is issued as an Open
/// Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable Credential) signed by the issuer, and can
/// be printed as a one-page HTML certificate.
public struct CPDCertificate: Sendable {
  public var person: Person
  public var compliance: CPDCompliance
  /// Competencies evidenced at the end of the period, with their levels.
  public var competencies: [(id: String, title: LocalizedText, level: Int)]
  public var framework: Framework
  public var issuerName: String
  public var issuerDID: String
  public var credentialID: String
  public var issuedAt: String
  /// Where the framework pages and the achievement are published.
  public var site: PublicationSite
  /// The certificate's entry in its issuer's revocation list, if it has one.
  public var status: StatusListEntry?

  public init(
    person: Person, compliance: CPDCompliance, competencies: [(id: String, title: LocalizedText, level: Int)],
    framework: Framework, issuerName: String, issuerDID: String, credentialID: String, issuedAt: String,
    site: PublicationSite = .placeholder, status: StatusListEntry? = nil
  ) {
    self.person = person
    self.compliance = compliance
    self.competencies = competencies
    self.framework = framework
    self.issuerName = issuerName
    self.issuerDID = issuerDID
    self.credentialID = credentialID
    self.issuedAt = issuedAt
    self.site = site
    self.status = status
  }

  func reflectiveAccounts(_ n: Int) -> String { n == 1 ? "1 reflective account" : "\(n) reflective accounts" }

  func number(_ x: Double) -> JSONValue { .number((x * 100).rounded() / 100) }

  var issuerProfile: JSONValue { ["id": .string(issuerDID), "type": ["Profile"], "name": .string(issuerName)] }

  /// The stable achievement of the policy version the certificate is issued under.
  public var achievement: JSONValue {
    CPDAchievement.achievement(framework: framework, policy: compliance.policy, issuer: issuerProfile, site: site)
  }

  /// The subject's identifier: a name-based UUID (RFC 4122 version 5) of the issuer and the
  /// practitioner, the same in every certificate the issuer gives the same person.
  public var subjectID: String {
    var hash = Array(Digest.sha1(Array((issuerDID + "\u{0}practitioner\u{0}" + person.id).utf8)).prefix(16))
    hash[6] = (hash[6] & 0x0F) | 0x50
    hash[8] = (hash[8] & 0x3F) | 0x80
    let hex = hash.hexString
    func part(_ from: Int, _ to: Int) -> Substring {
      hex[hex.index(hex.startIndex, offsetBy: from)..<hex.index(hex.startIndex, offsetBy: to)]
    }
    return "urn:uuid:\(part(0, 8))-\(part(8, 12))-\(part(12, 16))-\(part(16, 20))-\(part(20, 32))"
  }

  /// The person's results: hours, participatory hours and reflective accounts as raw scores, and
  /// each competency evidenced as a level on the framework's scale, aligned to its published page.
  var results: [JSONValue] {
    let achievementID = CPDAchievement.id(framework: framework, policy: compliance.policy, site: site)
    func score(_ id: String, _ value: Double) -> JSONValue {
      ["type": ["Result"], "resultDescription": .string(id), "value": .string(JSONWriter.formatNumber(((value * 100).rounded()) / 100))]
    }
    var results = [
      score(CPDAchievement.hoursID(achievementID), compliance.hours),
      score(CPDAchievement.participatoryID(achievementID), compliance.participatoryHours),
      score(CPDAchievement.reflectiveID(achievementID), Double(compliance.reflectiveAccounts)),
    ]
    for c in competencies {
      guard let level = framework.levels.first(where: { $0.level == c.level }) else { continue }
      results.append([
        "type": ["Result"], "resultDescription": .string(CPDAchievement.levelScaleID(achievementID)),
        "achievedLevel": .string(CPDAchievement.levelID(achievementID, level)),
        "alignment": [CPDAchievement.alignment(competency: c.id, title: c.title, framework: framework, site: site)],
      ])
    }
    return results
  }

  /// The credential before signing: an Open Badges 3.0 `OpenBadgeCredential`.
  public var credential: JSONValue {
    let subject: JSONValue = [
      "id": .string(subjectID),
      "type": ["AchievementSubject"],
      "identifier": [
        ["type": "IdentityObject", "identityHash": .string(person.name), "identityType": "name", "hashed": false],
        ["type": "IdentityObject", "identityHash": .string(person.id), "identityType": "identifier", "hashed": false],
      ],
      "activityStartDate": .string("\(compliance.period.start)T00:00:00Z"),
      "activityEndDate": .string("\(compliance.period.end)T23:59:59Z"),
      "creditsEarned": number(compliance.hours),
      "achievement": achievement,
      "result": .array(results),
    ]
    var credential = JSONObject([
      ("@context", .strings(KnownContexts.openBadgeCredential)),
      ("id", .string(credentialID)),
      ("type", ["VerifiableCredential", "OpenBadgeCredential"]),
      ("issuer", issuerProfile),
      ("validFrom", .string(issuedAt)),
      ("name", .string("CPD certificate: \(person.name), \(compliance.period.start) to \(compliance.period.end)")),
      (
        "description",
        .string(
          "\(person.name) met \(compliance.policy.title.en) (\(compliance.policy.version)) between \(compliance.period.start) and "
            + "\(compliance.period.end): \(JSONWriter.formatNumber(((compliance.hours * 100).rounded()) / 100)) hours of verified CPD, "
            + "\(JSONWriter.formatNumber(((compliance.participatoryHours * 100).rounded()) / 100)) participatory, "
            + "\(reflectiveAccounts(compliance.reflectiveAccounts)).")
      ),
      ("credentialSubject", subject),
    ])
    if let status { credential["credentialStatus"] = status.json }
    return .object(credential)
  }

  /// A printable one-page certificate; with `language` "cy", Welsh and English side by side.
  /// The signed credential, when given, goes with it (on screen, below the page), so the page
  /// names a credential that exists and can be checked.
  public func html(language: String, signed: JSONValue? = nil) -> String {
    func esc(_ s: String) -> String {
      s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
    let bilingual = language == "cy"
    func both(_ en: String, _ cy: String) -> String {
      bilingual ? "<span lang=\"cy\">\(esc(cy))</span><span class=\"en\" lang=\"en\">\(esc(en))</span>" : esc(en)
    }
    let hours = JSONWriter.formatTenths(compliance.hours)
    let participatory = JSONWriter.formatTenths(compliance.participatoryHours)
    var rows = ""
    for c in competencies {
      let title = bilingual ? "\(esc(c.title.text("cy"))) <span class=\"en\">\(esc(c.title.en))</span>" : esc(c.title.en)
      rows += "<tr><th scope=\"row\">\(esc(c.id))</th><td>\(title)</td><td class=\"num\">\(c.level)</td></tr>"
    }
    let attachment = signed.map { credential in
      "<details><summary>"
        + both(
          "The signed credential (Open Badges 3.0): save it as a .json file and check it with 'cpd certificate verify'",
          "Y dystysgrif wedi'i llofnodi (Open Badges 3.0): cadwch hi fel ffeil .json a'i gwirio gyda 'cpd certificate verify'")
        + "</summary><pre>" + esc(JSONWriter.string(credential)) + "</pre></details>"
    } ?? ""
    let policyTitle = bilingual ? "\(esc(compliance.policy.title.text("cy"))) <span class=\"en\">\(esc(compliance.policy.title.en))</span>" : esc(compliance.policy.title.en)
    return """
      <!DOCTYPE html>
      <html lang="\(bilingual ? "cy" : "en")">
      <head><meta charset="utf-8"><title>\(esc("CPD certificate: \(person.name)"))</title>
      <style>
      @page { size: A4; margin: 14mm; }
      body { font: 14px/1.45 Georgia, "DejaVu Serif", serif; color: #1b1b1b; max-width: 780px; margin: 1.5rem auto; }
      .frame { border: 3px double #005a8c; padding: 2rem 2.4rem; }
      h1 { font-size: 1.9rem; text-align: center; margin: 0 0 .3rem; color: #005a8c; }
      .sub { text-align: center; margin: 0 0 1.5rem; }
      .name { font-size: 1.7rem; text-align: center; margin: 1rem 0; font-weight: bold; }
      .en { display: block; font-size: .85em; color: #555; }
      h1 .en, .sub .en { display: block; }
      table { border-collapse: collapse; width: 100%; margin: .8rem 0; font-size: .9rem; }
      th, td { border-bottom: 1px solid #ccc; padding: .25rem .4rem; text-align: left; vertical-align: top; }
      td.num { text-align: right; }
      .figures { display: flex; justify-content: space-around; margin: 1rem 0; text-align: center; }
      .figures b { display: block; font-size: 1.4rem; }
      .verify { font: 11px/1.4 monospace; color: #444; word-break: break-all; margin-top: 1.2rem; }
      details { margin-top: 1rem; font-size: .85rem; } details pre { white-space: pre-wrap; word-break: break-all; font-size: 11px; }
      @media print { body { margin: 0; } .frame { border-width: 2px; } details { display: none; } }
      </style></head>
      <body><div class="frame">
      <h1>\(both("CPD certificate", "Tystysgrif DPP"))</h1>
      <p class="sub">\(esc(framework.title.text(bilingual ? "cy" : "en")))\(bilingual ? "<span class=\"en\">\(esc(framework.title.en))</span>" : "")</p>
      <p class="sub">\(both("This certifies that", "Mae hyn yn tystio bod"))</p>
      <p class="name">\(esc(person.name))</p>
      <p class="sub">\(both("met", "wedi bodloni")) \(policyTitle) (\(esc(compliance.policy.version)))<br>\(compliance.period.start) – \(compliance.period.end)</p>
      <div class="figures">
      <div>\(both("Hours of CPD", "Oriau DPP"))<b>\(hours)</b></div>
      <div>\(both("Participatory hours", "Oriau cyfranogol"))<b>\(participatory)</b></div>
      <div>\(both("Reflective accounts", "Cyfrifon myfyriol"))<b>\(compliance.reflectiveAccounts)</b></div>
      </div>
      <table><caption>\(both("Competencies evidenced", "Cymwyseddau wedi'u tystiolaethu"))</caption>
      <thead><tr><th scope="col">\(both("Code", "Cod"))</th><th scope="col">\(both("Competency", "Cymhwysedd"))</th><th scope="col">\(both("Level", "Lefel"))</th></tr></thead>
      <tbody>\(rows)</tbody></table>
      <p>\(both("Issued by", "Cyhoeddwyd gan")) <b>\(esc(issuerName))</b>, \(esc(String(issuedAt.prefix(10))))</p>
      <p class="verify">\(both("Signed credential", "Tystysgrif wedi'i llofnodi")): \(esc(credentialID))<br>\(both("Issuer", "Cyhoeddwr")): \(esc(issuerDID))</p>
      </div>
      \(attachment)
      </body></html>

      """
  }
}

extension CPDCertificate {
  /// The competencies a certificate lists: each requirement of the person's role that is
  /// evidenced (at any level) at the end of the period, or today if the period has not ended.
  public static func evidencedCompetencies(
    _ workforce: Workforce, person: Int, model: AnalysisModel, period: CPDPeriod, today: Day
  ) -> [(id: String, title: LocalizedText, level: Int)] {
    let analysis = GapAnalyser(model: model, asOf: min(period.end, today)).analyse(workforce, person: person, plan: .none)
    return analysis.requirements.filter { $0.evidenced > 0 }.map { r in
      let id = model.catalog.ids[Int(r.competency)]
      return (id, model.framework.competency(id)?.title ?? LocalizedText(en: id), r.evidenced)
    }
  }

  /// A certificate for someone who met the policy, and its credential with one `eddsa-jcs-2022`
  /// proof (a single object) under the placeholder publication site: the earlier behaviour.
  @available(*, deprecated, message: "use issue(_:person:compliance:model:keys:today:options:now:), which returns the one credential in every form")
  public static func issue(
    _ workforce: Workforce, person: Int, compliance: CPDCompliance, model: AnalysisModel, keys: IssuerKeys, today: Day,
    now: Date = Date()
  ) throws -> (certificate: CPDCertificate, signed: JSONValue) {
    let stamp = XSDDateTime.format(now)
    let certificate = CPDCertificate(
      person: workforce.people[person], compliance: compliance,
      competencies: evidencedCompetencies(workforce, person: person, model: model, period: compliance.period, today: today),
      framework: model.framework, issuerName: keys.name, issuerDID: keys.did,
      credentialID: "urn:uuid:\(UUID().uuidString.lowercased())", issuedAt: stamp)
    let proof = try DataIntegrity.createProof(
      certificate.credential, suite: .eddsaJcs2022, key: keys.privateKey, verificationMethod: keys.verificationMethod,
      created: stamp)
    var signed = certificate.credential.objectValue ?? JSONObject()
    signed["proof"] = .object(proof)
    return (certificate, .object(signed))
  }
}
