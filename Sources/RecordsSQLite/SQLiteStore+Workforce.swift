import Competency
import Dispatch
import Foundation
import Records
import Workforce

extension SQLiteStore {
  /// Reads people, their activities and self-assessments as plain values for the analyser.
  ///
  /// This is the one large read behind every report: a few big queries, never one per person,
  /// all in one snapshot. For the whole store the activity table is split by row id and read by
  /// one connection per core; each reader proves it sees the same snapshot as the others by
  /// reading the same last audit entry (every write appends one). Claims and modules are
  /// resolved to numbers from the raw column bytes.
  public func workforce(catalog: CompetencyCatalog, framework: Framework, filter: PeopleFilter) throws(RecordsError)
    -> Workforce
  {
    for attempt in 0..<5 {
      if let workforce = try readWorkforce(catalog: catalog, framework: framework, filter: filter, attempt: attempt) {
        return workforce
      }
    }
    throw .storage("\(path): the store kept changing while it was being read; try again")
  }

  /// One attempt: nil when a parallel reader saw a different snapshot (a write landed between them).
  func readWorkforce(catalog: CompetencyCatalog, framework: Framework, filter: PeopleFilter, attempt: Int)
    throws(RecordsError) -> Workforce?
  {
    try db.read { c -> Workforce? in
      let (people, pids, pidToPerson) = try Self.readPeople(c, filter)
      if people.isEmpty { return .empty }
      let competencies = ByteKeyTable(catalog.ids.enumerated().map { ($0.element, Int32($0.offset)) })
      let modules = ByteKeyTable(framework.modules.enumerated().map { ($0.element.id, Int32($0.offset)) })
      // Replaced by a verified correction that stands (not voided), or voided (a voided verified
      // activity stays verified).
      let superseded = Set(
        try c.prepare(
          """
          SELECT c.supersedes FROM activities c WHERE c.supersedes IS NOT NULL AND c.status = 1
            AND NOT EXISTS (SELECT 1 FROM voidings v WHERE v.activity = c.aid)
          UNION SELECT activity FROM voidings WHERE activity IS NOT NULL
          """
        ).rows { $0.int(0) })
      let tables = LookupTables(competencies: competencies, modules: modules, pidToPerson: pidToPerson, superseded: superseded)

      var chunks: [ActivityChunk]
      switch filter {
      case .everyone:
        let head = try c.scalar("SELECT coalesce(max(seq), 0) FROM audit") ?? "0"
        guard let all = try readAllActivities(c, tables, auditHead: head) else { return nil }
        chunks = all
      case .people, .team, .agencies:
        let reader = try c.prepare(ActivityChunk.select + " WHERE practitioner = ? ORDER BY aid")
        var chunk = ActivityChunk()
        for pid in pids {
          reader.reset()
          reader.bindAll([.int(pid)])
          try chunk.read(reader, tables)
        }
        chunks = [chunk]
      }
      let ratings = try Self.readRatings(c, filter: filter, pids: pids, tables: tables)
      return ActivityChunk.assemble(chunks, people: people, ratings: ratings)
    }
  }

  struct LookupTables: Sendable {
    var competencies: ByteKeyTable
    var modules: ByteKeyTable
    var pidToPerson: [Int32]
    /// Activities replaced by a verified correction, or voided (found up front through small indexes).
    var superseded: Set<Int64>

    func person(_ pid: Int64) -> Int32 {
      pid >= 0 && pid < pidToPerson.count ? pidToPerson[Int(pid)] : -1
    }
  }

  static func readPeople(_ c: Connection, _ filter: PeopleFilter) throws -> ([Person], [Int64], [Int32]) {
    if case .people(let ids) = filter, ids.isEmpty { return ([], [], []) }
    if case .agencies(let ids) = filter, ids.isEmpty { return ([], [], []) }
    let (where_, values) = clause(filter)
    let sql = """
      SELECT p.pid, p.id, p.name, p.agency, p.team, p.role, m.id, p.language
      FROM practitioners p LEFT JOIN practitioners m ON m.pid = p.manager
      """ + where_ + " ORDER BY p.pid"
    var people: [Person] = []
    var pids: [Int64] = []
    let s = try c.prepare(sql)
    s.bindAll(values)
    while try s.step() {
      pids.append(s.int(0))
      people.append(
        Person(
          id: s.text(1) ?? "", name: s.text(2) ?? "", agency: s.text(3) ?? "", team: s.text(4) ?? "", role: s.text(5) ?? "",
          manager: s.text(6), language: s.text(7) ?? "en"))
    }
    var pidToPerson = [Int32](repeating: -1, count: Int(pids.last.map { $0 + 1 } ?? 0))
    for (i, pid) in pids.enumerated() { pidToPerson[Int(pid)] = Int32(i) }
    return (people, pids, pidToPerson)
  }

  /// Splits the table by row id across one connection per core, inside the caller's read
  /// transaction on `c` (whose snapshot the others must match). Nil when one does not.
  func readAllActivities(_ c: Connection, _ tables: LookupTables, auditHead: String) throws -> [ActivityChunk]? {
    let bounds = try c.prepare("SELECT coalesce(min(aid), 0), coalesce(max(aid), 0) FROM activities")
    _ = try bounds.step()
    let low = bounds.int(0)
    let high = bounds.int(1)
    let cores = Int64(max(1, ProcessInfo.processInfo.activeProcessorCount))
    let parts = Int(max(1, min(cores, (high - low + 1) / rowsPerParallelReader)))
    let step = (high - low) / Int64(parts) + 1
    if parts == 1 {
      let reader = try c.prepare(ActivityChunk.select + " ORDER BY aid")
      var chunk = ActivityChunk()
      try chunk.read(reader, tables)
      return [chunk]
    }
    let path = self.path
    let chunks = try Parallel.map(parts: parts) { part -> ActivityChunk? in
      // Each thread owns its connection; nothing else touches it.
      let connection = try Connection(path: path, mode: .readOnly)
      connection.setBusyTimeout(milliseconds: SQLiteStore.busyTimeoutMilliseconds)
      return try connection.transaction(immediate: false) { () throws -> ActivityChunk? in
        guard try connection.scalar("SELECT coalesce(max(seq), 0) FROM audit") == auditHead else { return nil }
        let reader = try connection.prepare(ActivityChunk.select + " WHERE aid >= ? AND aid < ? ORDER BY aid")
        let from = low + Int64(part) * step
        reader.bindAll([.int(from), .int(from + step)])
        var chunk = ActivityChunk()
        chunk.reserve(Int(step))
        try chunk.read(reader, tables)
        return chunk
      }
    }
    // A reader that saw another snapshot makes the whole read start again.
    guard chunks.allSatisfy({ $0 != nil }) else { return nil }
    return chunks.map { $0! }
  }

  static func readRatings(_ c: Connection, filter: PeopleFilter, pids: [Int64], tables: LookupTables) throws
    -> [(person: Int32, SelfRating)]
  {
    var result: [(person: Int32, SelfRating)] = []
    func read(_ s: Statement) throws {
      while try s.step() {
        let person = tables.person(s.int(0))
        guard person >= 0, let competency = tables.competencies.lookup(s.bytes(1)) else { continue }
        result.append((person, SelfRating(competency: competency, level: UInt8(clamping: s.int(2)), day: Day(ordinal: Int32(s.int(3))))))
      }
    }
    let select = "SELECT practitioner, competency, level, day FROM self_assessments"
    if case .everyone = filter {
      try read(try c.prepare(select))
    } else {
      let s = try c.prepare(select + " WHERE practitioner = ?")
      for pid in pids {
        s.reset()
        s.bindAll([.int(pid)])
        try read(s)
      }
    }
    return result
  }
}

/// How SQLite's rows become a chunk's activities.
extension ActivityChunk {
  static let select = """
    SELECT aid, practitioner, day, kind, coalesce(\(SQLiteStore.hours(of: "activities")), 0), participatory, module, claims, status,
           reflection_words
    FROM activities
    """

  mutating func read(_ s: Statement, _ tables: SQLiteStore.LookupTables) throws {
    while try s.step() {
      let person = tables.person(s.int(1))
      guard person >= 0 else { continue }
      let status = SignOffStatus(rawValue: UInt8(truncatingIfNeeded: s.int(8))) ?? .pending
      let (claimStart, claimCount) = claimRange(s.bytes(7), tables.competencies)
      // NULL and '' read as no bytes; neither names a module.
      let moduleBytes = s.bytes(6)
      let module: Int16 = moduleBytes.isEmpty ? -1 : Int16(tables.modules.lookup(moduleBytes) ?? -1)
      persons.append(person)
      let superseded = !tables.superseded.isEmpty && tables.superseded.contains(s.int(0))
      items.append(
        EvidenceItem(
          day: Day(ordinal: Int32(truncatingIfNeeded: s.int(2))), kind: ActivityKind(code: Int(s.int(3))) ?? .classroom,
          status: status, superseded: superseded, participatory: s.int(5) == 1, module: module,
          centihours: UInt16(clamping: s.int(4)), claimStart: claimStart, claimCount: claimCount,
          reflectionWords: UInt16(clamping: s.int(9))))
    }
  }
}
