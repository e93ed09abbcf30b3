import Foundation
import JSON
import Workforce

/// Records as JSON, for `cpd activities --format json`, `cpd practitioner list --format json` and
/// the subject access export.
public enum RecordJSON {
  public static func practitioner(_ p: PractitionerRecord) -> JSONValue {
    [
      "id": .string(p.id), "name": .string(p.name), "email": .optional(p.email), "agency": .string(p.agency),
      "team": .string(p.team), "role": .string(p.role), "manager": .optional(p.manager), "language": .string(p.language),
      "createdAt": .string(p.createdAt),
    ]
  }

  /// An activity; `content` gives an evidence file's bytes by SHA-256 when files go with it.
  public static func activity(_ a: ActivityRecord, content: ((String) -> [UInt8]?)? = nil) -> JSONValue {
    [
      "id": .string(a.id), "practitioner": .string(a.practitioner), "date": .string(a.date.description),
      "kind": .string(a.kind.rawValue), "hours": a.needsHours ? .null : .number(a.hours.value), "needsHours": .bool(a.needsHours),
      "participatory": .bool(a.participatory),
      "title": .string(a.title), "module": .optional(a.module), "competencies": .strings(a.claims.map(\.text)),
      "reflection": .optional(a.reflection), "status": .string(a.status.name), "supersedes": .optional(a.supersedes),
      "supersededBy": .optional(a.supersededBy),
      "voidedBy": a.voiding.map { v in
        ["statement": .string(v.statement), "target": .string(v.target), "reason": .optional(v.reason), "date": .string(v.date.description)]
      } ?? .null,
      "evidence": .array(
        a.evidence.map { e in
          var o = JSONObject([("name", .string(e.name)), ("sha256", .string(e.sha256)), ("bytes", .int(e.bytes))])
          if let bytes = content?(e.sha256) { o["contentBase64"] = .string(Data(bytes).base64EncodedString()) }
          return .object(o)
        }),
      "signOffs": .array(
        a.signOffs.map {
          [
            "decision": .string($0.decision.name), "by": .optional($0.verifier), "note": .optional($0.note),
            "date": .string($0.date.description), "hours": $0.hours.map { .number($0.value) } ?? .null,
          ]
        }),
      "source": .string(a.source), "frameworkVersion": .string(a.frameworkVersion), "recordedAt": .string(a.recordedAt),
    ]
  }
}
