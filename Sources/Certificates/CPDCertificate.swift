import Competency
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

  public init(
    person: Person, compliance: CPDCompliance, competencies: [(id: String, title: LocalizedText, level: Int)],
    framework: Framework, issuerName: String, issuerDID: String, credentialID: String, issuedAt: String
  ) {
    self.person = person
    self.compliance = compliance
    self.competencies = competencies
    self.framework = framework
    self.issuerName = issuerName
    self.issuerDID = issuerDID
    self.credentialID = credentialID
    self.issuedAt = issuedAt
  }

  func reflectiveAccounts(_ n: Int) -> String { n == 1 ? "1 reflective account" : "\(n) reflective accounts" }

  func number(_ x: Double) -> JSONValue { .number((x * 100).rounded() / 100) }

  var criteria: String {
    let p = compliance.policy
    var parts: [String] = []
    if let h = compliance.requiredHours { parts.append("at least \(JSONWriter.formatNumber(h)) hours of CPD") }
    if let h = compliance.requiredParticipatoryHours { parts.append("\(JSONWriter.formatNumber(h)) of them participatory") }
    if compliance.requiredReflectiveAccounts > 0 { parts.append(reflectiveAccounts(compliance.requiredReflectiveAccounts)) }
    return "Under \(p.title.en) (version \(p.version)), \(parts.joined(separator: ", ")) between \(compliance.period.start) and "
      + "\(compliance.period.end), every activity verified by a line manager or assessor."
  }

  /// The credential before signing.
  public var credential: JSONValue {
    let issuer: JSONValue = ["id": .string(issuerDID), "type": ["Profile"], "name": .string(issuerName)]
    let achievementID = "urn:cpd:achievement:\(framework.id):\(compliance.policy.id):\(compliance.policy.version)"
    // Each competency is a rubric criterion whose levels are the framework's scale.
    func levelID(_ c: String, _ level: Int) -> String { "urn:cpd:result:\(framework.id):\(c):level:\(level)" }
    let results = competencies.map { c -> JSONValue in
      [
        "type": ["Result"], "resultDescription": .string("urn:cpd:result:\(framework.id):\(c.id)"),
        "achievedLevel": .string(levelID(c.id, c.level)),
      ]
    }
    let descriptions = competencies.map { c -> JSONValue in
      [
        "id": .string("urn:cpd:result:\(framework.id):\(c.id)"), "type": ["ResultDescription"],
        "name": .string("\(c.id) \(c.title.en)"), "resultType": "RubricCriterionLevel",
        "rubricCriterionLevel": .array(
          framework.levels.map { l in
            [
              "id": .string(levelID(c.id, l.level)), "type": ["RubricCriterionLevel"], "name": .string(l.title.en),
              "level": .string(String(l.level)),
            ]
          }),
      ]
    }
    let alignments = competencies.map { c -> JSONValue in
      [
        "type": ["Alignment"], "targetName": .string(c.title.en), "targetCode": .string(c.id),
        "targetFramework": .string(framework.title.en), "targetType": "CFItem",
        "targetUrl": .string("urn:cpd:case:\(framework.id)/CFItems/\(framework.caseIdentifier(ofItem: c.id))"),
      ]
    }
    let subject: JSONValue = [
      "type": ["AchievementSubject"],
      "identifier": [
        ["type": "IdentityObject", "identityHash": .string(person.name), "identityType": "name", "hashed": false],
        ["type": "IdentityObject", "identityHash": .string(person.id), "identityType": "identifier", "hashed": false],
      ],
      "activityStartDate": .string("\(compliance.period.start)T00:00:00Z"),
      "activityEndDate": .string("\(compliance.period.end)T23:59:59Z"),
      "creditsEarned": number(compliance.hours),
      "achievement": [
        "id": .string(achievementID), "type": ["Achievement"], "achievementType": "Certificate",
        "name": .string("\(compliance.policy.title.en) \(compliance.period.start.components.year)"),
        "description": .string(
          "Met the \(framework.title.en) CPD policy: \(JSONWriter.formatNumber(((compliance.hours * 100).rounded()) / 100)) hours, "
            + "\(JSONWriter.formatNumber(((compliance.participatoryHours * 100).rounded()) / 100)) participatory, "
            + "\(reflectiveAccounts(compliance.reflectiveAccounts))."),
        "criteria": ["narrative": .string(criteria)], "creator": issuer, "fieldOfStudy": "Community safety",
        "resultDescription": .array(descriptions), "alignment": .array(alignments),
      ],
      "result": .array(results),
    ]
    return [
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
      "id": .string(credentialID),
      "type": ["VerifiableCredential", "OpenBadgeCredential"],
      "issuer": issuer,
      "validFrom": .string(issuedAt),
      "name": .string("CPD certificate: \(person.name), \(compliance.period.start) to \(compliance.period.end)"),
      "credentialSubject": subject,
    ]
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

  /// A certificate for someone who met the policy, and its credential signed by the issuer.
  public static func issue(
    _ workforce: Workforce, person: Int, compliance: CPDCompliance, model: AnalysisModel, keys: IssuerKeys, today: Day,
    now: Date = Date()
  ) throws -> (certificate: CPDCertificate, signed: JSONValue) {
    let stamp = ISO8601DateFormatter().string(from: now)
    let certificate = CPDCertificate(
      person: workforce.people[person], compliance: compliance,
      competencies: evidencedCompetencies(workforce, person: person, model: model, period: compliance.period, today: today),
      framework: model.framework, issuerName: keys.name, issuerDID: keys.did,
      credentialID: "urn:uuid:\(UUID().uuidString.lowercased())", issuedAt: stamp)
    return (certificate, try DataIntegrity.sign(certificate.credential, keys: keys, created: stamp))
  }
}
