import Cryptography
import Foundation

/// Who made a change, as the audit log names them: never by a name a person chose, so that the
/// log carries no personal data and erasing a person leaves it intact.
public struct AuditActor: Sendable, Hashable, CustomStringConvertible {
  public let name: String

  /// Whoever holds a local store file (the command line on SQLite, without `--as`).
  public static let owner = AuditActor(name: "owner")
  /// A login, by the store's number for it.
  public static func login(_ number: Int64) -> AuditActor { AuditActor(name: "login#\(number)") }
  /// A process of the tool itself, such as the demo generator.
  public static func system(_ what: String) -> AuditActor { AuditActor(name: "system:\(what)") }

  public var description: String { name }
}

/// The audit log: every change appended, who and when, each entry's hash covering the
/// previous one's, so that editing, removing or reordering entries is detectable.
///
/// Entries name people and activities only by the store's internal numbers and carry no
/// personal data, so erasing a person leaves the chain intact and nothing about them in it.
public struct AuditEntry: Sendable, Hashable {
  public var seq: Int64
  public var at: String
  public var actor: String
  public var action: String
  public var subject: String
  public var detail: String
  public var prev: String
  public var hash: String
  /// 1: the first format (chain only); 2: the hash covers `rows` and the store's key signs it.
  public var version: Int
  /// The rows the entry vouches for (`AuditCoverage`), or empty.
  public var rows: String
  /// The store key's signature of the hash (version 2).
  public var signature: String

  public static let genesis = String(repeating: "0", count: 64)

  public init(
    seq: Int64, at: String, actor: String, action: String, subject: String, detail: String, prev: String, hash: String,
    version: Int = 1, rows: String = "", signature: String = ""
  ) {
    self.seq = seq
    self.at = at
    self.actor = actor
    self.action = action
    self.subject = subject
    self.detail = detail
    self.prev = prev
    self.hash = hash
    self.version = version
    self.rows = rows
    self.signature = signature
  }

  /// A new (version 2) entry following `prev`, its hash worked out here; unsigned until `signed(with:)`.
  public init(
    seq: Int64, at: String, actor: String, action: String, subject: String, detail: String, prev: String, rows: String = ""
  ) {
    self.init(
      seq: seq, at: at, actor: actor, action: action, subject: subject, detail: detail, prev: prev, hash: "", version: 2,
      rows: rows)
    hash = expectedHash
  }

  public var expectedHash: String {
    var fields = [prev, String(seq), at, actor, action, subject, detail]
    if version >= 2 { fields.append(rows) }
    return Digest.sha256(Array(fields.joined(separator: "\u{1F}").utf8)).hexString
  }
}

/// The outcome of `cpd audit verify`.
public struct AuditCheck: Sendable, Equatable {
  public var entries: Int
  /// The first entry that does not follow from the one before, and why.
  public var firstBroken: (seq: Int64, reason: String)?

  public var isIntact: Bool { firstBroken == nil }

  public init(entries: Int, firstBroken: (seq: Int64, reason: String)?) {
    self.entries = entries
    self.firstBroken = firstBroken
  }

  public static func == (a: AuditCheck, b: AuditCheck) -> Bool {
    a.entries == b.entries && a.firstBroken?.seq == b.firstBroken?.seq && a.firstBroken?.reason == b.firstBroken?.reason
  }

  /// Walks the chain from the first entry; reports the first one that does not follow.
  public static func walk(_ entries: [AuditEntry]) -> AuditCheck {
    var expectedPrev = AuditEntry.genesis
    var expectedSeq: Int64 = 1
    for entry in entries {
      if entry.seq != expectedSeq {
        return AuditCheck(entries: entries.count, firstBroken: (entry.seq, "expected entry \(expectedSeq) here: entries are missing"))
      }
      if entry.prev != expectedPrev {
        return AuditCheck(entries: entries.count, firstBroken: (entry.seq, "it does not follow the previous entry's hash"))
      }
      if entry.hash != entry.expectedHash {
        return AuditCheck(entries: entries.count, firstBroken: (entry.seq, "its content does not match its hash"))
      }
      expectedPrev = entry.hash
      expectedSeq += 1
    }
    return AuditCheck(entries: entries.count, firstBroken: nil)
  }
}

/// Wall-clock helpers, kept in one place.
public enum Clock {
  public static func timestamp(_ date: Date = Date()) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.string(from: date)
  }
}
