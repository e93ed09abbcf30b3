import Cryptography
import Foundation
import JSON

/// The rows an audit entry vouches for: the activities and sign-offs its write added (each write
/// adds consecutive numbers), and a digest of their content. Editing a covered row, even with the
/// store's triggers dropped, no longer matches the digest.
public struct AuditCoverage: Sendable, Hashable {
  public var activities: ClosedRange<Int64>?
  public var signoffs: ClosedRange<Int64>?
  /// Voidings of statements (imports of xAPI statements).
  public var voidings: ClosedRange<Int64>?
  public var digest: String

  public init(activities: ClosedRange<Int64>?, signoffs: ClosedRange<Int64>?, voidings: ClosedRange<Int64>? = nil, digest: String) {
    self.activities = activities
    self.signoffs = signoffs
    self.voidings = voidings
    self.digest = digest
  }

  /// As the audit log keeps it: canonical JSON.
  public var text: String {
    var o = JSONObject([("digest", .string(digest))])
    if let a = activities { o["activities"] = .array([.int(Int(a.lowerBound)), .int(Int(a.upperBound))]) }
    if let s = signoffs { o["signoffs"] = .array([.int(Int(s.lowerBound)), .int(Int(s.upperBound))]) }
    if let v = voidings { o["voidings"] = .array([.int(Int(v.lowerBound)), .int(Int(v.upperBound))]) }
    return JSONWriter.string(.object(o), style: .canonical)
  }

  public init?(text: String) {
    guard !text.isEmpty, let value = try? JSONParser.parse(Array(text.utf8)), let digest = value["digest"]?.stringValue else { return nil }
    func range(_ key: String) -> ClosedRange<Int64>? {
      guard let pair = value[key]?.arrayValue, pair.count == 2, let a = pair[0].intValue, let b = pair[1].intValue, a <= b else {
        return nil
      }
      return Int64(a)...Int64(b)
    }
    self.init(activities: range("activities"), signoffs: range("signoffs"), voidings: range("voidings"), digest: digest)
  }
}

/// What one write of activities (and voidings) is audited as, the same on every backend:
/// `statements.import` when it voided statements, `activity.log` for one activity, else
/// `activities.import`.
public struct BatchAuditEntry: Sendable {
  public let action: String
  public let subject: String
  public let detail: JSONValue

  public init(count: Int, activities: ClosedRange<Int64>?, voidings: ClosedRange<Int64>?, source: String) {
    let first = activities?.lowerBound ?? 0
    let last = activities?.upperBound ?? 0
    if let voidings {
      var detail = JSONObject([("count", .int(count)), ("voided", .int(Int(voidings.upperBound - voidings.lowerBound + 1))), ("source", .string(source))])
      if count == 0 { detail["count"] = nil }
      action = "statements.import"
      subject = count > 0 ? "activities#\(first)-\(last)" : "voidings#\(voidings.lowerBound)-\(voidings.upperBound)"
      self.detail = .object(detail)
    } else if count == 1 {
      action = "activity.log"
      subject = "activity#\(first)"
      detail = ["source": .string(source)]
    } else {
      action = "activities.import"
      subject = "activities#\(first)-\(last)"
      detail = ["count": .int(count), "source": .string(source)]
    }
  }
}

extension RowDigest {
  /// One digest for an entry's activities, sign-offs and voidings (an entry that covers no
  /// voidings digests as entries did before there were any).
  public static func combine(_ activities: RowDigest, _ signoffs: RowDigest, _ voidings: RowDigest? = nil) -> String {
    let text = "activities:\(activities.finish());signoffs:\(signoffs.finish())" + (voidings.map { ";voidings:\($0.finish())" } ?? "")
    return Digest.sha256(Array(text.utf8)).hexString
  }
}

/// A digest of rows, fed field by field in row order; every field is length-prefixed so that
/// no two different rows read the same. Every backend feeds the same fields the same way.
///
/// Fields are laid out in one raw buffer that is handed to SHA-256 when it fills (the digest is
/// of the bytes in order, however they are split): an import digests every row it writes, and
/// a call into the hash, or an array's checks, per field cost more than the hashing.
public final class RowDigest {
  private var hasher = Digest.Hasher(.sha256)
  private var buffer: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var used = 0
  public private(set) var rows = 0

  public init() {
    capacity = 1 << 16
    buffer = .allocate(capacity: capacity)
  }

  deinit { buffer.deallocate() }

  /// Room for `count` more bytes: what is laid out so far goes to the hash first, and a field
  /// larger than the whole buffer gets a buffer of its own size.
  private func reserve(_ count: Int) {
    guard used + count > capacity else { return }
    flush()
    if count > capacity {
      buffer.deallocate()
      capacity = count
      buffer = .allocate(capacity: capacity)
    }
  }

  private func flush() {
    hasher.update(UnsafeRawBufferPointer(start: buffer, count: used))
    used = 0
  }

  private func byte(_ b: UInt8) {
    buffer[used] = b
    used += 1
  }

  /// `~;` for a missing value; otherwise the byte count, `:`, the bytes and `;`.
  func field(_ text: String?) {
    guard let text else {
      reserve(2)
      byte(0x7E)
      byte(0x3B)
      return
    }
    let utf8 = text.utf8
    let count = utf8.count
    reserve(count + 22)
    decimal(Int64(count))
    byte(0x3A)
    let copied: Void? = utf8.withContiguousStorageIfAvailable { bytes in
      if let base = bytes.baseAddress { (buffer + used).update(from: base, count: count) }
    }
    if copied == nil { _ = UnsafeMutableBufferPointer(start: buffer + used, count: count).initialize(from: utf8) }
    used += count
    byte(0x3B)
  }

  /// A number, as `field(String(number))` would feed it.
  func field(_ number: Int64?) {
    guard let number else {
      field(nil as String?)
      return
    }
    reserve(44)
    decimal(Int64(Self.digits(number.magnitude) + (number < 0 ? 1 : 0)))
    byte(0x3A)
    decimal(number)
    byte(0x3B)
  }

  static func digits(_ magnitude: UInt64) -> Int {
    var count = 1
    var rest = magnitude
    while rest >= 10 {
      rest /= 10
      count += 1
    }
    return count
  }

  /// Lays out the decimal text of `number` (room for it reserved: at most 20 bytes).
  private func decimal(_ number: Int64) {
    if number < 0 { byte(0x2D) }
    var rest = number.magnitude
    used += Self.digits(rest)
    var at = used
    repeat {
      at -= 1
      buffer[at] = 0x30 + UInt8(rest % 10)
      rest /= 10
    } while rest > 0
  }

  private func endRow() { rows += 1 }

  /// One activity as stored: everything but its sign-off status, which the sign-offs decide.
  /// `centihours` is nil for an activity whose hours a verifier is to confirm.
  public func activity(
    aid: Int64, practitioner: Int64, day: Int32, kind: Int, centihours: Int?, participatory: Bool, module: String?,
    claims: String, supersedes: Int64?, reflectionWords: Int, id: String, title: String, reflection: String?, source: String,
    xapiID: String?, frameworkVersion: String, recordedAt: String, evidence: [(sha256: String, name: String, bytes: Int)]
  ) {
    field("activity")
    field(aid)
    field(practitioner)
    field(Int64(day))
    field(Int64(kind))
    field(centihours.map { Int64($0) })
    field(participatory ? 1 : 0)
    field(module)
    field(claims)
    field(supersedes)
    field(Int64(reflectionWords))
    field(id)
    field(title)
    field(reflection)
    field(source)
    field(xapiID)
    field(frameworkVersion)
    field(recordedAt)
    field(Int64(evidence.count))
    for e in evidence.sorted(by: { ($0.sha256, $0.name) < ($1.sha256, $1.name) }) {
      field(e.sha256)
      field(e.name)
      field(Int64(e.bytes))
    }
    endRow()
  }

  /// One sign-off; `centihours`, the hours it confirmed, only when it confirmed some (so that
  /// every earlier sign-off digests as it always did).
  public func signoff(
    sid: Int64, activity: Int64, decision: Int, verifier: Int64?, note: String?, day: Int32, recordedAt: String,
    centihours: Int? = nil
  ) {
    field("signoff")
    field(sid)
    field(activity)
    field(Int64(decision))
    field(verifier)
    field(note)
    field(Int64(day))
    field(recordedAt)
    if let centihours {
      field("hours")
      field(Int64(centihours))
    }
    endRow()
  }

  /// One voiding of a statement; `activity` is nil when the voided statement was never imported.
  public func voiding(vid: Int64, statement: String, target: String, activity: Int64?, reason: String?, day: Int32, recordedAt: String) {
    field("voiding")
    field(vid)
    field(statement)
    field(target)
    field(activity)
    field(reason)
    field(Int64(day))
    field(recordedAt)
    endRow()
  }

  public func finish() -> String {
    flush()
    return hasher.current().hexString
  }
}

/// The last audit entry, signed with the store's key and kept outside the database: cutting
/// entries off the end of the log, or emptying it, no longer matches it.
public struct AuditHead: Sendable, Hashable {
  public var store: String
  public var seq: Int64
  public var hash: String
  public var signature: String

  public init(store: String, seq: Int64, hash: String, signature: String = "") {
    self.store = store
    self.seq = seq
    self.hash = hash
    self.signature = signature
  }

  var signedBytes: [UInt8] { Array("cpd-audit-head\u{1F}\(store)\u{1F}\(seq)\u{1F}\(hash)".utf8) }

  public func signed(with key: Ed25519PrivateKey) throws(CryptographyError) -> AuditHead {
    var copy = self
    copy.signature = Data(try key.sign(signedBytes)).base64EncodedString()
    return copy
  }

  public func isSigned(by key: Ed25519PublicKey) -> Bool {
    guard let signature = Data(base64Encoded: signature) else { return false }
    return key.isValidSignature([UInt8](signature), for: signedBytes)
  }

  public var text: String {
    JSONWriter.string(
      ["store": .string(store), "seq": .int(Int(seq)), "hash": .string(hash), "signature": .string(signature)])
  }

  public init?(text: String) {
    guard let value = try? JSONParser.parse(Array(text.utf8)), let store = value["store"]?.stringValue,
      let seq = value["seq"]?.intValue, let hash = value["hash"]?.stringValue, let signature = value["signature"]?.stringValue
    else { return nil }
    self.init(store: store, seq: Int64(seq), hash: hash, signature: signature)
  }
}

extension AuditEntry {
  /// The signature of a version-2 entry: the store's key over its hash.
  static func signedBytes(_ hash: String) -> [UInt8] { Array("cpd-audit-entry\u{1F}\(hash)".utf8) }

  public func signed(with key: Ed25519PrivateKey) throws(CryptographyError) -> AuditEntry {
    var copy = self
    copy.signature = Data(try key.sign(Self.signedBytes(hash))).base64EncodedString()
    return copy
  }

  func isSigned(by key: Ed25519PublicKey) -> Bool {
    guard let signature = Data(base64Encoded: signature) else { return false }
    return key.isValidSignature([UInt8](signature), for: Self.signedBytes(hash))
  }
}

/// What the store must show `AuditVerifier`: the rows that entries cover, and how many there are.
public protocol AuditedRows {
  /// The digest of the rows in a coverage's ranges as they are now, and how many there were.
  func digest(of coverage: AuditCoverage) throws -> (digest: String, rows: Int)
  /// How many activities, sign-offs and voidings the store holds.
  func rowCounts() throws -> (activities: Int, signoffs: Int, voidings: Int)
  /// Activities whose status disagrees with their sign-offs.
  func statusMismatches() throws -> [String]
}

/// Checks the audit log end to end: the chain; every entry after the first signed one signed by
/// the store's key; the signed head beside the store; every covered row as it was when covered
/// (or when an erasure last re-anchored it); no activity or sign-off that no entry covers; every
/// status the sign-offs give.
public enum AuditVerifier {
  public static func check(
    _ entries: [AuditEntry], key: Ed25519PublicKey?, head: AuditHead?, storeID: String, rows: some AuditedRows
  ) throws -> AuditCheck {
    let chain = AuditCheck.walk(entries)
    if !chain.isIntact { return chain }
    func broken(_ seq: Int64?, _ reason: String) -> AuditCheck {
      AuditCheck(entries: entries.count, firstBroken: (seq ?? 0, reason))
    }
    if let copied = CopiedAuditLog.check(entries) { return broken(copied.seq, copied.reason) }
    // The key and the signed head kept beside the store: without them, a log cut short or
    // rewritten whole could not be told from the real one.
    guard let key else { return broken(nil, "the store's audit key is missing, so its entries cannot be checked") }
    guard let head else { return broken(nil, "the signed head of the log kept beside the store is missing") }
    guard head.isSigned(by: key) else { return broken(nil, "the head of the log kept beside the store is not signed by its key") }
    guard head.store == storeID else { return broken(nil, "the head of the log kept beside the store is another store's") }
    guard let last = entries.last, last.seq >= head.seq else {
      return broken(head.seq, "the log ends before entry \(head.seq), the last one signed: entries are missing")
    }
    guard entries.first(where: { $0.seq == head.seq })?.hash == head.hash else {
      return broken(head.seq, "it is not the entry the signed head names")
    }
    // Signatures: entries from before the store had a key (a migrated store's) are held by the
    // chain up to the head; every entry from the first signed one on must be signed.
    if let first = entries.firstIndex(where: { $0.version >= 2 }) {
      for entry in entries[first...] {
        guard entry.version >= 2 else { return broken(entry.seq, "an unsigned entry after signed ones") }
        guard entry.isSigned(by: key) else { return broken(entry.seq, "its signature is not the store's") }
      }
    } else {
      return broken(nil, "no entry is signed by the store's key")
    }
    // Rows: each as it was covered, or as an erasure re-anchored it.
    var expected: [Int64: String] = [:]
    var covered: [(Int64, AuditCoverage)] = []
    for entry in entries {
      if let coverage = AuditCoverage(text: entry.rows) {
        covered.append((entry.seq, coverage))
        expected[entry.seq] = coverage.digest
      }
      if let reanchor = (try? JSONParser.parse(Array(entry.detail.utf8)))?["reanchor"]?.objectValue {
        for (seq, digest) in reanchor { if let n = Int64(seq), let d = digest.stringValue { expected[n] = d } }
      }
    }
    var counted = 0
    for (seq, coverage) in covered {
      let now = try rows.digest(of: coverage)
      counted += now.rows
      if now.digest != expected[seq] { return broken(seq, "the activities or sign-offs it covers have been changed") }
    }
    let totals = try rows.rowCounts()
    let held = totals.activities + totals.signoffs + totals.voidings
    if counted != held {
      return broken(nil, "\(held - counted) activities, sign-offs or voidings are in the store with no audit entry")
    }
    if let mismatch = try rows.statusMismatches().first { return broken(nil, mismatch) }
    return chain
  }
}
