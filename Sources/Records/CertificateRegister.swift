import Competency
import Foundation

/// Where a certificate's revocation bit is: a status list (by its URL) and an index in it.
public struct StatusSlot: Sendable, Hashable {
  public var list: String
  public var index: Int

  public init(list: String, index: Int) {
    self.list = list
    self.index = index
  }
}

/// One certificate in the issuer's register: who it was for, for which period and policy, and
/// whether it has been revoked. No credential content is kept: the credential is the holder's.
public struct CertificateEntry: Sendable, Hashable {
  public var credentialID: String
  /// The holder's practitioner id; nil once the holder has been erased.
  public var practitioner: String?
  public var periodStart: Day
  public var periodEnd: Day
  public var frameworkID: String
  public var frameworkVersion: String
  public var policyID: String
  public var policyVersion: String
  public var achievementID: String
  public var status: StatusSlot?
  public var issuedAt: String
  public var issuerDID: String
  /// When it was revoked, and why; nil while it stands.
  public var revokedAt: String?
  public var revocationReason: String?

  public init(
    credentialID: String, practitioner: String?, periodStart: Day, periodEnd: Day, frameworkID: String,
    frameworkVersion: String, policyID: String, policyVersion: String, achievementID: String, status: StatusSlot?,
    issuedAt: String, issuerDID: String, revokedAt: String? = nil, revocationReason: String? = nil
  ) {
    self.credentialID = credentialID
    self.practitioner = practitioner
    self.periodStart = periodStart
    self.periodEnd = periodEnd
    self.frameworkID = frameworkID
    self.frameworkVersion = frameworkVersion
    self.policyID = policyID
    self.policyVersion = policyVersion
    self.achievementID = achievementID
    self.status = status
    self.issuedAt = issuedAt
    self.issuerDID = issuerDID
    self.revokedAt = revokedAt
    self.revocationReason = revocationReason
  }

  public var isRevoked: Bool { revokedAt != nil }
}

/// A revocation reason as the rules accept it (made by `RecordRules.checkRevocation`).
public struct CheckedRevocation: Sendable, Hashable {
  public let credentialID: String
  public let reason: String

  init(credentialID: String, reason: String) {
    self.credentialID = credentialID
    self.reason = reason
  }
}

extension RecordRules {
  /// A revocation needs a reason a person can read later: one line of plain text.
  public func checkRevocation(credentialID: String, reason: String) throws(RecordsError) -> CheckedRevocation {
    let id = credentialID.trimmingCharacters(in: .whitespaces)
    guard !id.isEmpty, id.count <= 200, !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw .invalid("credential", .malformed, "not a credential id")
    }
    let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { throw .invalid("reason", .required, "say why the certificate is revoked") }
    guard text.count <= 500 else { throw .invalid("reason", .tooLong, "at most 500 characters (\(text.count) given)") }
    guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw .invalid("reason", .badText, "one line of text, without control characters")
    }
    return CheckedRevocation(credentialID: id, reason: text)
  }
}
