import Foundation
import Records

/// What `cpd store copy` did.
public struct StoreCopied: Sendable {
  /// The store copied from, as the user named it.
  public var source: String
  /// The records copied, as the network store counted them before committing (the same as the
  /// source holds, or nothing was written).
  public var counts: StoreCounts
  /// The network store's audit log checked after the copy.
  public var audit: Service.AuditOutcome
}

extension Service {
  /// Moves a team's SQLite store into this store (the network store) whole: every practitioner,
  /// activity, sign-off, voiding, self-assessment, evidence file, login, certificate and audit
  /// entry, in one transaction that writes nothing if anything in it is already here. The source
  /// must be sound (its integrity checks and audit log pass) and kept against the framework
  /// loaded, or an older version of it; it is only read.
  public func copyStore(from source: StoreLocation) throws(RecordsError) -> StoreCopied {
    try actor.require(.copyStores)
    guard !source.isNetwork else {
      throw .invalid("from", .notAllowed, "\(source): give the path of a SQLite store to copy from")
    }
    guard FileManager.default.fileExists(atPath: source.value) else {
      throw .invalid("from", .unknown, "\(source.value): no such store")
    }
    let from = try Workspace.open(source, frameworks: workspace.frameworks, intent: .read)
    if let problem = try from.store.integrityProblems().first {
      throw .invalid("from", .notAllowed, "\(source): the database is damaged (\(problem)); nothing was copied")
    }
    if let broken = try from.store.verifyAudit().firstBroken {
      throw .invalid("from", .notAllowed, "\(source): audit entry \(broken.seq) is broken (\(broken.reason)); nothing was copied")
    }
    let contents = try from.store.contents()
    let sourceStore = from.store
    let counts = try store.receive(
      contents, evidence: { sha256 throws(RecordsError) in try sourceStore.evidence(sha256) }, source: source.description,
      actor: actor.auditActor)
    return StoreCopied(source: source.description, counts: counts, audit: try checkAudit())
  }
}
