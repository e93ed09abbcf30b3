import Cryptography
import Foundation
import JSON
import Records

extension PostgresStore {
  /// Writes a whole store's contents in one transaction (see `RecordStore.receive`): conflicts
  /// first, all of them, then every row numbered after what the network store holds, the copied
  /// audit log carried entry by entry, one closing entry covering every row, and the counts
  /// checked before the commit.
  public func receive(
    _ contents: StoreContents, evidence: (String) throws(RecordsError) -> [UInt8]?, source: String, actor: AuditActor
  ) throws(RecordsError) -> StoreCounts {
    guard isOwner else { throw .forbidden("only the network store's owner may copy a store into it (\(caller) is not)") }
    return try write { c -> StoreCounts in
      let conflicts = try copyConflicts(c, contents)
      if !conflicts.isEmpty {
        let shown = conflicts.prefix(5).joined(separator: ", ")
        let more = conflicts.count > 5 ? " and \(conflicts.count - 5) more" : ""
        throw RecordsError.invalid(
          "from", .duplicate, "the network store already holds \(shown)\(more); nothing was copied")
      }
      var numbers = CopyNumbers()
      try copyPeople(c, contents, &numbers)
      let rows = try copyActivities(c, contents, &numbers, evidence: evidence)
      try copyAssessmentsLoginsAndCertificates(c, contents, &numbers)
      for version in contents.frameworkVersions {
        try c.query(
          "INSERT INTO cpd.framework_versions (version, bound_at, snapshot) VALUES ($1, $2, decode($3, 'hex')) ON CONFLICT DO NOTHING",
          [version.version, version.boundAt, version.snapshot.hexString])
      }
      for entry in contents.audit {
        try appendAudit(
          c, actor: actor, action: CopiedAuditEntry.action, subject: "store:\(contents.storeID)#\(entry.seq)",
          detail: CopiedAuditEntry.detail(entry))
      }
      var detail = JSONObject([
        ("source", .string(source)), ("store", .string(contents.storeID)), ("entries", .int(contents.audit.count)),
        ("head", ["seq": .int(Int(contents.audit.last?.seq ?? 0)), "hash": .string(contents.audit.last?.hash ?? AuditEntry.genesis)]),
        ("logins", .object(JSONObject(numbers.logins.sorted { $0.key < $1.key }.map { ("login#\($0.key)", .string("login#\($0.value)")) }))),
      ])
      if let key = contents.auditPublicKey { detail["key"] = .string(key) }
      try appendAudit(
        c, actor: actor, action: CopiedAuditEntry.closingAction, subject: "store:\(contents.storeID)", detail: .object(detail),
        coverage: rows)
      let counted = try copiedCounts(c, contents, numbers)
      guard counted == contents.counts else {
        throw RecordsError.storage("\(location): the copy wrote \(counted.summary), not \(contents.counts.summary); nothing was copied")
      }
      try Self.refreshStatistics(c)
      return counted
    }
  }

  /// Tables just grown by many rows get fresh planner statistics with the write, so that the
  /// reads that follow (the audit check's per-row look-ups) are not planned for empty tables:
  /// without them, checking the audit after copying 2,000 people took minutes, not a second.
  static func refreshStatistics(_ c: PGConnection) throws {
    try c.execute("ANALYZE cpd.practitioners, cpd.activities, cpd.signoffs, cpd.voidings, cpd.evidence_files, cpd.self_assessments")
  }

  /// Everything in `contents` that the network store already has, named for the user.
  func copyConflicts(_ c: PGConnection, _ contents: StoreContents) throws -> [String] {
    var found: [String] = []
    found += try taken(c, "practitioner", contents.practitioners.map(\.id)).sorted().map { "practitioner \"\($0)\"" }
    found += try taken(c, "email", contents.practitioners.compactMap { $0.email?.lowercased() }).sorted().map { "e-mail address \($0)" }
    found += try taken(c, "activity", contents.activities.map(\.id)).sorted().map { "activity \"\($0)\"" }
    let statements = Set(contents.activities.compactMap(\.xapiID) + contents.voidings.flatMap { [$0.statement, $0.target] })
    if !statements.isEmpty {
      let r = try c.query(
        """
        SELECT s FROM (SELECT a.xapi_id AS s FROM cpd.activities a WHERE a.xapi_id = ANY ($1::text[])
          UNION SELECT v.statement FROM cpd.voidings v WHERE v.statement = ANY ($1::text[])
          UNION SELECT v.target FROM cpd.voidings v WHERE v.target = ANY ($1::text[])) t ORDER BY s
        """, [PGConnection.array(Array(statements))])
      found += r.map { "statement \(r.string($0, 0))" }
    }
    let names = contents.logins.map(\.name)
    if !names.isEmpty {
      let r = try c.query(
        """
        SELECT n FROM (SELECT l.name AS n FROM cpd.logins l WHERE l.name = ANY ($1::text[])
          UNION SELECT r.rolname::text FROM pg_roles r WHERE r.rolname = ANY ($1::text[])) t ORDER BY n
        """, [PGConnection.array(names)])
      found += r.map { "login \"\(r.string($0, 0))\"" }
    }
    if !contents.certificates.isEmpty {
      let r = try c.query(
        "SELECT credential_id FROM cpd.certificates WHERE credential_id = ANY ($1::text[]) ORDER BY credential_id",
        [PGConnection.array(contents.certificates.map(\.credentialID))])
      found += r.map { "certificate \(r.string($0, 0))" }
      for slot in Set(contents.certificates.compactMap(\.status)).sorted(by: { ($0.list, $0.index) < ($1.list, $1.index) }) {
        let taken = try c.query(
          "SELECT 1 FROM cpd.certificates WHERE status_list = $1 AND status_index = $2", [slot.list, String(slot.index)])
        if taken.rows > 0 { found.append("status slot \(slot.index) of \(slot.list)") }
      }
    }
    return found
  }

  /// The network store's numbers for the copied store's rows.
  struct CopyNumbers {
    var pids: [Int64: Int64] = [:]
    var aids: [Int64: Int64] = [:]
    var firstAid: Int64? = nil
    var firstSid: Int64? = nil
    var firstVid: Int64? = nil
    var logins: [Int64: Int64] = [:]

    func pid(_ old: Int64?) throws -> Int64? {
      guard let old else { return nil }
      guard let new = pids[old] else { throw RecordsError.storage("the copied store names practitioner number \(old), which it does not hold") }
      return new
    }

    func aid(_ old: Int64?) throws -> Int64? {
      guard let old else { return nil }
      guard let new = aids[old] else { throw RecordsError.storage("the copied store names activity number \(old), which it does not hold") }
      return new
    }
  }

  func reserve(_ c: PGConnection, _ sequence: String, _ count: Int) throws -> Int64 {
    try Int64(c.scalar("SELECT cpd.reserve($1, $2)", [sequence, String(count)]) ?? "0") ?? 0
  }

  func copyPeople(_ c: PGConnection, _ contents: StoreContents, _ numbers: inout CopyNumbers) throws {
    guard !contents.practitioners.isEmpty else { return }
    let first = try reserve(c, "practitioners_pid_seq", contents.practitioners.count)
    for (i, p) in contents.practitioners.enumerated() {
      numbers.pids[p.pid] = first + Int64(i)
    }
    let rows = try contents.practitioners.map { p -> [String?] in
      [
        String(numbers.pids[p.pid]!), p.id, p.name, p.email, p.agency, p.team, p.role, try numbers.pid(p.manager).map { String($0) },
        p.language, p.createdAt,
      ]
    }
    try c.insertRows("practitioners", ["pid", "id", "name", "email", "agency", "team", "role", "manager", "language", "created_at"], rows)
  }

  /// Activities, their evidence, sign-offs and voidings, renumbered; returns the coverage of the
  /// rows written, for the closing audit entry.
  func copyActivities(
    _ c: PGConnection, _ contents: StoreContents, _ numbers: inout CopyNumbers, evidence: (String) throws(RecordsError) -> [UInt8]?
  ) throws -> AuditCoverage {
    let activityDigest = RowDigest()
    let signoffDigest = RowDigest()
    let voidingDigest = RowDigest()
    if !contents.activities.isEmpty {
      let first = try reserve(c, "activities_aid_seq", contents.activities.count)
      numbers.firstAid = first
      for (i, a) in contents.activities.enumerated() { numbers.aids[a.aid] = first + Int64(i) }
    }
    var filesByActivity: [Int64: [StoreContents.EvidenceFile]] = [:]
    for file in contents.evidenceFiles { filesByActivity[file.activity, default: []].append(file) }
    var activityRows: [[String?]] = []
    var fileRows: [[String?]] = []
    activityRows.reserveCapacity(contents.activities.count)
    for a in contents.activities {
      let aid = try numbers.aid(a.aid)!
      let owner = try numbers.pid(a.practitioner)!
      let supersedes = try numbers.aid(a.supersedes)
      let files = filesByActivity[a.aid] ?? []
      activityRows.append([
        String(aid), String(owner), String(a.day), String(a.kind), a.centihours.map { String($0) }, a.participatory ? "t" : "f", a.module,
        a.claims, String(a.status), supersedes.map { String($0) }, String(a.reflectionWords), a.id, a.title, a.reflection, a.source,
        a.xapiID, a.frameworkVersion, a.recordedAt,
      ])
      for file in files { fileRows.append([String(aid), file.sha256, file.name, String(file.bytes)]) }
      activityDigest.activity(
        aid: aid, practitioner: owner, day: a.day, kind: a.kind, centihours: a.centihours, participatory: a.participatory, module: a.module,
        claims: a.claims, supersedes: supersedes, reflectionWords: a.reflectionWords, id: a.id, title: a.title, reflection: a.reflection,
        source: a.source, xapiID: a.xapiID, frameworkVersion: a.frameworkVersion, recordedAt: a.recordedAt,
        evidence: files.map { ($0.sha256, $0.name, $0.bytes) })
    }
    try c.insertRows("activities", Self.activityColumnNames, activityRows)
    try c.insertRows("evidence_files", ["activity", "sha256", "name", "bytes"], fileRows)
    for sha256 in Set(contents.evidenceFiles.map(\.sha256)).sorted() {
      guard let content = try evidence(sha256), Digest.sha256(content).hexString == sha256 else {
        throw RecordsError.invalid("from", .unknown, "evidence file \(sha256) is missing or changed in the store copied from; nothing was copied")
      }
      try Self.storeEvidence(c, sha256: sha256, content: content)
    }
    if !contents.signoffs.isEmpty {
      let first = try reserve(c, "signoffs_sid_seq", contents.signoffs.count)
      numbers.firstSid = first
      var rows: [[String?]] = []
      for (i, s) in contents.signoffs.enumerated() {
        let sid = first + Int64(i)
        let activity = try numbers.aid(s.activity)!
        let verifier = try numbers.pid(s.verifier)
        rows.append([
          String(sid), String(activity), String(s.decision), verifier.map { String($0) }, s.note, String(s.day), s.recordedAt,
          s.centihours.map { String($0) },
        ])
        signoffDigest.signoff(
          sid: sid, activity: activity, decision: s.decision, verifier: verifier, note: s.note, day: s.day, recordedAt: s.recordedAt,
          centihours: s.centihours)
      }
      try c.insertRows("signoffs", ["sid", "activity", "decision", "verifier", "note", "day", "recorded_at", "centihours"], rows)
    }
    if !contents.voidings.isEmpty {
      let first = try reserve(c, "voidings_vid_seq", contents.voidings.count)
      numbers.firstVid = first
      var rows: [[String?]] = []
      for (i, v) in contents.voidings.enumerated() {
        let vid = first + Int64(i)
        let activity = try numbers.aid(v.activity)
        rows.append([String(vid), v.statement, v.target, activity.map { String($0) }, v.reason, String(v.day), v.recordedAt])
        voidingDigest.voiding(
          vid: vid, statement: v.statement, target: v.target, activity: activity, reason: v.reason, day: v.day, recordedAt: v.recordedAt)
      }
      try c.insertRows("voidings", ["vid", "statement", "target", "activity", "reason", "day", "recorded_at"], rows)
    }
    func range(_ first: Int64?, _ count: Int) -> ClosedRange<Int64>? { first.map { $0...($0 + Int64(count) - 1) } }
    return AuditCoverage(
      activities: range(numbers.firstAid, contents.activities.count), signoffs: range(numbers.firstSid, contents.signoffs.count),
      voidings: range(numbers.firstVid, contents.voidings.count),
      digest: RowDigest.combine(activityDigest, signoffDigest, contents.voidings.isEmpty ? nil : voidingDigest))
  }

  func copyAssessmentsLoginsAndCertificates(_ c: PGConnection, _ contents: StoreContents, _ numbers: inout CopyNumbers) throws {
    let assessments = try contents.selfAssessments.map { s -> [String?] in
      [String(try numbers.pid(s.practitioner)!), s.competency, String(s.level), String(s.day), s.recordedAt]
    }
    try c.insertRows("self_assessments", ["practitioner", "competency", "level", "day", "recorded_at"], assessments)
    for login in contents.logins {
      let person = try numbers.pid(login.practitioner)
      let number = try Int64(
        c.scalar("SELECT cpd.add_login($1, $2, $3, $4)", [login.name, login.role.rawValue, person.map { String($0) }, login.createdAt])
          ?? "0") ?? 0
      numbers.logins[login.number] = number
      if let hash = login.passwordHash { try c.query("SELECT cpd.set_password($1, $2)", [login.name, hash]) }
      if let language = login.language { try c.query("SELECT cpd.set_language($1, $2)", [login.name, language]) }
    }
    let pidByID = Dictionary(uniqueKeysWithValues: contents.practitioners.compactMap { p in numbers.pids[p.pid].map { (p.id, $0) } })
    let rows = try contents.certificates.map { k -> [String?] in
      let holder = try k.practitioner.map { id throws -> String in
        guard let pid = pidByID[id] else { throw RecordsError.storage("a certificate names practitioner \"\(id)\", who is not copied") }
        return String(pid)
      }
      return [
        k.credentialID, holder, String(k.periodStart.ordinal), String(k.periodEnd.ordinal), k.frameworkID, k.frameworkVersion, k.policyID,
        k.policyVersion, k.achievementID, k.status?.list, k.status.map { String($0.index) }, k.issuedAt, k.issuerDID, k.revokedAt,
        k.revocationReason,
      ]
    }
    try c.insertRows(
      "certificates",
      [
        "credential_id", "practitioner", "period_start", "period_end", "framework_id", "framework_version", "policy_id", "policy_version",
        "achievement_id", "status_list", "status_index", "issued_at", "issuer_did", "revoked_at", "revocation_reason",
      ], rows)
  }

  /// What the network store now holds of the copy, counted from its tables.
  func copiedCounts(_ c: PGConnection, _ contents: StoreContents, _ numbers: CopyNumbers) throws -> StoreCounts {
    func between(_ first: Int64?, _ count: Int) -> [String?] {
      guard let first else { return ["0", "-1"] }
      return [String(first), String(first + Int64(count) - 1)]
    }
    let people = numbers.pids.values.min().map { [String($0), String(numbers.pids.values.max()!)] } ?? ["0", "-1"]
    let activities = between(numbers.firstAid, contents.activities.count)
    let r = try c.query(
      """
      SELECT (SELECT count(*) FROM cpd.practitioners WHERE pid BETWEEN $1 AND $2),
             (SELECT count(*) FROM cpd.activities WHERE aid BETWEEN $3 AND $4),
             (SELECT count(*) FROM cpd.signoffs WHERE sid BETWEEN $5 AND $6),
             (SELECT count(*) FROM cpd.voidings WHERE vid BETWEEN $7 AND $8),
             (SELECT count(*) FROM cpd.evidence_files WHERE activity BETWEEN $3 AND $4),
             (SELECT count(*) FROM cpd.self_assessments WHERE practitioner BETWEEN $1 AND $2),
             (SELECT count(*) FROM cpd.logins WHERE number = ANY ($9::bigint[])),
             (SELECT count(*) FROM cpd.certificates WHERE credential_id = ANY ($10::text[])),
             (SELECT count(*) FROM cpd.audit WHERE action = $11 AND subject LIKE $12)
      """,
      people + activities + between(numbers.firstSid, contents.signoffs.count) + between(numbers.firstVid, contents.voidings.count) + [
        "{" + numbers.logins.values.map { String($0) }.joined(separator: ",") + "}", PGConnection.array(contents.certificates.map(\.credentialID)),
        CopiedAuditEntry.action, "store:" + contents.storeID.replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "#%",
      ])
    func n(_ i: Int) -> Int { Int(r.int(0, i)) }
    return StoreCounts(
      practitioners: n(0), activities: n(1), signoffs: n(2), voidings: n(3), evidenceFiles: n(4), selfAssessments: n(5), logins: n(6),
      certificates: n(7), auditEntries: n(8))
  }
}
