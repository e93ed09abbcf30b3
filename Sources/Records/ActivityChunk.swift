import Competency
import Workforce

/// Activities as a backend reads them (by one connection or several), before they are grouped by
/// person into a `Workforce`.
package struct ActivityChunk: Sendable {
  package var persons: [Int32] = []
  package var items: [EvidenceItem] = []
  package var claims: [EvidenceClaim] = []

  package init() {}

  package mutating func reserve(_ rows: Int) {
    persons.reserveCapacity(rows)
    items.reserveCapacity(rows)
    claims.reserveCapacity(rows * 2)
  }

  /// Parses `ID:LEVEL,ID:LEVEL` from column bytes; unknown competencies are skipped.
  package mutating func parseClaims(_ bytes: UnsafeBufferPointer<UInt8>, _ table: ByteKeyTable) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
    var start = 0
    var colon = -1
    var i = 0
    while i <= bytes.count {
      let end = i == bytes.count || bytes[i] == UInt8(ascii: ",")
      if !end, bytes[i] == UInt8(ascii: ":") { colon = i }
      if end {
        if colon > start {
          var level = 0
          var j = colon + 1
          while j < i, bytes[j] >= 0x30, bytes[j] <= 0x39 {
            level = level * 10 + Int(bytes[j] - 0x30)
            j += 1
          }
          if let competency = table.lookup(UnsafeBufferPointer(start: base + start, count: colon - start)) {
            claims.append(EvidenceClaim(competency: competency, level: UInt8(clamping: level)))
          }
        }
        start = i + 1
        colon = -1
      }
      i += 1
    }
  }

  /// Groups every chunk's activities by person (a counting sort) into one `Workforce`.
  package static func assemble(_ chunks: [ActivityChunk], people: [Person], ratings: [(person: Int32, SelfRating)]) -> Workforce {
    var counts = [Int32](repeating: 0, count: people.count + 1)
    var claimTotal = 0
    for chunk in chunks {
      for p in chunk.persons { counts[Int(p) + 1] += 1 }
      claimTotal += chunk.claims.count
    }
    for i in 1..<counts.count { counts[i] += counts[i - 1] }
    let itemStart = counts
    var cursor = counts
    let total = Int(counts[people.count])
    let placeholder = EvidenceItem(day: Day(ordinal: 0), kind: .classroom, status: .pending, centihours: 0, claimStart: 0, claimCount: 0)
    var items = [EvidenceItem](repeating: placeholder, count: total)
    var claimSlots = [Int](repeating: 0, count: total)  // where each placed item's claims came from, chunk-encoded
    var chunkOf = [UInt8](repeating: 0, count: total)
    for (c, chunk) in chunks.enumerated() {
      for (k, p) in chunk.persons.enumerated() {
        let slot = Int(cursor[Int(p)])
        cursor[Int(p)] += 1
        let item = chunk.items[k]
        items[slot] = item
        claimSlots[slot] = Int(item.claimStart)
        chunkOf[slot] = UInt8(c)
      }
    }
    // Lay claims out in item order, so each person's claims are contiguous too.
    var claims: [EvidenceClaim] = []
    claims.reserveCapacity(claimTotal)
    for slot in 0..<total {
      let from = claimSlots[slot]
      let count = Int(items[slot].claimCount)
      items[slot].claimStart = Int32(claims.count)
      claims.append(contentsOf: chunks[Int(chunkOf[slot])].claims[from..<(from + count)])
    }
    var ratingCounts = [Int32](repeating: 0, count: people.count + 1)
    for r in ratings { ratingCounts[Int(r.person) + 1] += 1 }
    for i in 1..<ratingCounts.count { ratingCounts[i] += ratingCounts[i - 1] }
    var ratingCursor = ratingCounts
    var sortedRatings = [SelfRating](repeating: SelfRating(competency: 0, level: 0, day: Day(ordinal: 0)), count: ratings.count)
    for r in ratings {
      sortedRatings[Int(ratingCursor[Int(r.person)])] = r.1
      ratingCursor[Int(r.person)] += 1
    }
    return Workforce(
      people: people, items: items, itemStart: itemStart, claims: claims, ratings: sortedRatings, ratingStart: ratingCounts)
  }
}
