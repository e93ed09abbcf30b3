import Competency
import Foundation
import Records
import Workforce

extension PostgresStore {
  /// An activity's hours (`a`), its own or those its verifier confirmed, else 0, written out:
  /// `cpd.hours_of(a)`, a function of the whole row, costs ten times the scan over two million
  /// rows, while COALESCE looks at sign-offs only for the few that have no hours of their own.
  static let hoursOrZero = """
    coalesce(a.centihours, (SELECT s.centihours FROM cpd.signoffs s WHERE s.activity = a.aid AND s.centihours IS NOT NULL
      ORDER BY s.sid DESC LIMIT 1), 0)
    """

  /// People, their activities and self-assessments as plain values for the analyser, in one
  /// snapshot: three queries whatever the number of people, the activities streamed with
  /// `COPY ... TO STDOUT` and parsed from their bytes.
  public func workforce(catalog: CompetencyCatalog, framework: Framework, filter: PeopleFilter) throws(RecordsError) -> Workforce {
    if case .people(let ids) = filter, ids.isEmpty { return .empty }
    if case .agencies(let ids) = filter, ids.isEmpty { return .empty }
    return try read { c -> Workforce in
      // A planner (through the gateway) reads everyone's evidence without names or ids.
      let planner = try c.scalar("SELECT cpd.me_role()") == "planner"
      let r: PGResult
      if planner {
        var agencies: String? = nil
        switch filter {
        case .everyone: break
        case .agencies(let ids): agencies = PGConnection.array(ids)
        case .team, .people: throw RecordsError.forbidden("\(caller) reads aggregates only")
        }
        r = try c.query(
          "SELECT p.pid, '#' || p.pid, '', p.agency, p.team, p.role, NULL, 'en' FROM cpd.planner_people($1::text[]) p ORDER BY p.pid",
          [agencies])
      } else {
        let (where_, values) = Self.clause(filter)
        r = try c.query(
          """
          SELECT p.pid, p.id, p.name, p.agency, p.team, p.role, m.id, p.language
          FROM cpd.practitioners p LEFT JOIN cpd.practitioners m ON m.pid = p.manager
          """ + where_ + " ORDER BY p.pid", values)
      }
      guard r.rows > 0 else { return .empty }
      var people: [Person] = []
      var pidToPerson: [Int64: Int32] = [:]
      people.reserveCapacity(r.rows)
      for i in 0..<r.rows {
        pidToPerson[r.int(i, 0)] = Int32(i)
        people.append(
          Person(
            id: r.string(i, 1), name: r.string(i, 2), agency: r.string(i, 3), team: r.string(i, 4), role: r.string(i, 5),
            manager: r.text(i, 6), language: r.text(i, 7) ?? "en"))
      }
      let competencies = ByteKeyTable(catalog.ids.enumerated().map { ($0.element, Int32($0.offset)) })
      let modules = ByteKeyTable(framework.modules.enumerated().map { ($0.element.id, Int32($0.offset)) })
      // Replaced by a verified correction that stands (not voided), or voided (a voided verified
      // activity stays verified).
      let supersededRows = try c.query(
        planner
          ? "SELECT * FROM cpd.planner_superseded()"
          : """
          SELECT c.supersedes FROM cpd.activities c WHERE c.supersedes IS NOT NULL AND c.status = 1
            AND NOT EXISTS (SELECT 1 FROM cpd.voidings v WHERE v.activity = c.aid)
          UNION SELECT activity FROM cpd.voidings WHERE activity IS NOT NULL
          """)
      let superseded = Set(supersededRows.map { supersededRows.int($0, 0) })
      // Whose activities: everyone's, or the chosen people's (by number, which the copy cannot bind).
      let restriction: String
      if case .everyone = filter {
        restriction = ""
      } else {
        restriction = " WHERE practitioner IN (" + pidToPerson.keys.map { String($0) }.joined(separator: ",") + ")"
      }
      var chunk = ActivityChunk()
      var fields: [Range<Int>] = []
      fields.reserveCapacity(10)
      try c.copyOut(
        planner
          ? "COPY (SELECT * FROM cpd.planner_activities() a\(restriction) ORDER BY aid) TO STDOUT"
          : "COPY (SELECT aid, practitioner, day, kind, \(Self.hoursOrZero), participatory, module, claims, status, "
            + "reflection_words FROM cpd.activities a\(restriction) ORDER BY aid) TO STDOUT"
      ) { line in
        COPYText.split(line, into: &fields)
        guard fields.count == 10 else { return }
        func number(_ i: Int) -> Int64 { COPYText.int(UnsafeBufferPointer(rebasing: line[fields[i]])) }
        guard let person = pidToPerson[number(1)] else { return }
        let (claimStart, claimCount) = chunk.claimRange(UnsafeBufferPointer(rebasing: line[fields[7]]), competencies)
        var module: Int16 = -1
        let moduleBytes = UnsafeBufferPointer(rebasing: line[fields[6]])
        if !(moduleBytes.count == 2 && moduleBytes[0] == 0x5C && moduleBytes[1] == 0x4E) {
          module = Int16(modules.lookup(moduleBytes) ?? -1)
        }
        chunk.persons.append(person)
        chunk.items.append(
          EvidenceItem(
            day: Day(ordinal: Int32(truncatingIfNeeded: number(2))), kind: ActivityKind(code: Int(number(3))) ?? .classroom,
            status: SignOffStatus(rawValue: UInt8(truncatingIfNeeded: number(8))) ?? .pending,
            superseded: !superseded.isEmpty && superseded.contains(number(0)), participatory: line[fields[5].lowerBound] == 0x74,
            module: module, centihours: UInt16(clamping: number(4)), claimStart: claimStart,
            claimCount: claimCount, reflectionWords: UInt16(clamping: number(9))))
      }
      let ratingRows = try c.query(
        "SELECT practitioner, competency, level, day FROM " + (planner ? "cpd.planner_ratings()" : "cpd.self_assessments") + restriction)
      var competencyIndex: [String: Int32] = [:]
      for (i, id) in catalog.ids.enumerated() { competencyIndex[id] = Int32(i) }
      var ratings: [(person: Int32, SelfRating)] = []
      for i in 0..<ratingRows.rows {
        guard let person = pidToPerson[ratingRows.int(i, 0)] else { continue }
        let competency = ratingRows.string(i, 1)
        guard let index = competencyIndex[competency] else { continue }
        ratings.append(
          (person, SelfRating(competency: index, level: UInt8(clamping: ratingRows.int(i, 2)), day: Day(ordinal: Int32(ratingRows.int(i, 3))))))
      }
      return ActivityChunk.assemble([chunk], people: people, ratings: ratings)
    }
  }
}
