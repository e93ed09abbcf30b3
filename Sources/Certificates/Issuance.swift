import Competency
import Foundation
import GapAnalysis
import JSON
import Workforce

/// How a certificate is issued.
public struct IssuanceOptions: Sendable {
  /// Where the framework pages, achievements and status lists are published.
  public var site: PublicationSite
  /// The embedded proofs, in order (a proof set when there are several).
  public var proofs: [Cryptosuite]
  /// Whether to make a VC-JWT of the same credential too (needs the issuer's RSA key).
  public var jwt: Bool
  /// The certificate's entry in the issuer's revocation list (the caller allocates the index,
  /// for example with `StatusList.randomIndex`, and records it).
  public var status: StatusListEntry?
  /// What the baked badge carries.
  public var bake: BakedForm

  public enum BakedForm: Sendable {
    /// The JSON credential with its embedded proofs.
    case json
    /// The VC-JWT (needs `jwt`).
    case jwt
  }

  public init(
    site: PublicationSite, proofs: [Cryptosuite] = [.eddsaRdfc2022], jwt: Bool = true, status: StatusListEntry? = nil,
    bake: BakedForm = .json
  ) {
    self.site = site
    self.proofs = proofs
    self.jwt = jwt
    self.status = status
    self.bake = bake
  }
}

/// What the issuer's register keeps for each certificate issued.
public struct CertificateRecord: Sendable, Equatable {
  public var credentialID: String
  /// The practitioner's id in the store.
  public var practitioner: String
  public var period: CPDPeriod
  public var frameworkID: String
  public var frameworkVersion: String
  public var policyID: String
  public var policyVersion: String
  public var achievementID: String
  /// Where its revocation bit is (list URL and index), if it has one.
  public var status: StatusListEntry?
  /// The `validFrom` of the credential (and `created` of its proofs).
  public var issuedAt: String
  public var issuerDID: String
}

/// One certificate, issued once: the same credential (same id) in each form it is handed out in.
public struct IssuedCertificate: Sendable {
  /// What the HTML and SVG renderers draw from.
  public let certificate: CPDCertificate
  /// The signed credential with its embedded proofs: the `.json` file.
  public let credential: JSONValue
  /// The same credential as a VC-JWT, when asked for: the `.jwt` file.
  public let jwt: String?
  /// The badge image with the credential baked in: the `.svg` file.
  public let badge: String
  /// The register row.
  public let record: CertificateRecord

  /// The `.json` file's text.
  public var json: String { JSONWriter.string(credential) }

  /// The printable certificate, which carries this very credential.
  public func html(language: String) -> String { certificate.html(language: language, signed: credential) }
}

extension CPDCertificate {
  /// Issues this certificate: signs its credential with each proof asked for, makes the VC-JWT
  /// of the signed credential and bakes the badge. The credential id and time are the
  /// certificate's own, so every form is the same credential.
  public func issued(keys: IssuerKeys, options: IssuanceOptions) throws(CertificateError) -> IssuedCertificate {
    guard keys.did == issuerDID else { throw .invalid("the certificate names issuer \(issuerDID), not the keys' \(keys.did)") }
    guard !options.proofs.isEmpty || options.jwt else { throw .invalid("a certificate needs at least one proof") }
    var certificate = self
    certificate.site = options.site
    certificate.status = options.status
    let unsigned = certificate.credential
    let signed = options.proofs.isEmpty
      ? unsigned : try DataIntegrity.addProofs(unsigned, suites: options.proofs, keys: keys, created: issuedAt)
    var jwt: String?
    if options.jwt { jwt = try Self.vcJWT(signed, keys: keys) }
    let image = BadgeImage.svg(policy: compliance.policy, framework: framework)
    let baked: BadgeImage.Baked
    switch options.bake {
    case .json: baked = .json(signed)
    case .jwt:
      guard let jwt else { throw .invalid("a badge baked with the VC-JWT needs the VC-JWT") }
      baked = .jwt(jwt)
    }
    let record = CertificateRecord(
      credentialID: credentialID, practitioner: person.id, period: compliance.period, frameworkID: framework.id,
      frameworkVersion: framework.version, policyID: compliance.policy.id, policyVersion: compliance.policy.version,
      achievementID: CPDAchievement.id(framework: framework, policy: compliance.policy, site: options.site),
      status: options.status, issuedAt: issuedAt, issuerDID: issuerDID)
    return IssuedCertificate(
      certificate: certificate, credential: signed, jwt: jwt, badge: try BadgeImage.bake(image, with: baked), record: record)
  }

  /// A certificate for someone who met the policy, issued: signed credential, VC-JWT, baked
  /// badge and register row. `credentialID` defaults to a fresh `urn:uuid`.
  public static func issue(
    _ workforce: Workforce, person: Int, compliance: CPDCompliance, model: AnalysisModel, keys: IssuerKeys, today: Day,
    options: IssuanceOptions, now: Date = Date(), credentialID: String? = nil
  ) throws(CertificateError) -> IssuedCertificate {
    guard compliance.isMet else { throw .invalid("the policy is not met: \(compliance.shortfalls.joined(separator: "; "))") }
    let certificate = CPDCertificate(
      person: workforce.people[person], compliance: compliance,
      competencies: evidencedCompetencies(workforce, person: person, model: model, period: compliance.period, today: today),
      framework: model.framework, issuerName: keys.name, issuerDID: keys.did,
      credentialID: credentialID ?? "urn:uuid:\(UUID().uuidString.lowercased())", issuedAt: XSDDateTime.format(now),
      site: options.site, status: options.status)
    return try certificate.issued(keys: keys, options: options)
  }

  /// The credential as a VC-JWT (Open Badges 3.0 §8.2): the credential, embedded proofs and all,
  /// with the `iss`, `jti`, `nbf` and `sub` claims, signed RS256 with the issuer's RSA key.
  public static func vcJWT(_ credential: JSONValue, keys: IssuerKeys) throws(CertificateError) -> String {
    guard let rsa = keys.rsaKey, let jwk = keys.jwk, let kid = jwk.keyID else {
      throw .noKeys("\(keys.directory) has no RSA key for VC-JWT (add one with IssuerKeys.addRSAKeyIfMissing)")
    }
    guard var payload = credential.objectValue, let id = credential["id"]?.stringValue,
      let validFrom = credential["validFrom"]?.stringValue, let from = XSDDateTime.parse(validFrom)
    else { throw .invalid("a VC-JWT needs a credential with an id and a validFrom") }
    payload["iss"] = .string(keys.did)
    payload["jti"] = .string(id)
    payload["nbf"] = .number(from.timeIntervalSince1970.rounded(.down))
    if let subject = credential["credentialSubject"]?["id"]?.stringValue { payload["sub"] = .string(subject) }
    if let until = credential["validUntil"]?.stringValue.flatMap(XSDDateTime.parse) {
      payload["exp"] = .number(until.timeIntervalSince1970.rounded(.down))
    }
    var publicJWK = jwk.json.objectValue ?? JSONObject()
    publicJWK["kid"] = nil
    let header: JSONValue = ["alg": "RS256", "typ": "JWT", "kid": .string(kid), "jwk": .object(publicJWK)]
    return try CompactJWS.sign(payload: .object(payload), header: header, key: rsa)
  }
}
