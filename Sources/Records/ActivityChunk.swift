import Competency
import Foundation
import Workforce

/// Activities as a backend reads them (by one connection or several), before they are grouped by
/// person into a `Workforce`.
package struct ActivityChunk: Sendable {
  package var persons: [Int32] = []
  package var items: [EvidenceItem] = []
  /// Each distinct claims text's claims, once: items with the same text share one range.
  package var claims: [EvidenceClaim] = []
  package var lists = ClaimLists()

  package init() {}

  package mutating func reserve(_ rows: Int) {
    persons.reserveCapacity(rows)
    items.reserveCapacity(rows)
  }

  /// Where the claims of `bytes` are in `claims`: parsed the first time a text is seen, and
  /// shared by every later activity with the same text (a national store has millions of
  /// activities but a few thousand distinct claim lists, most of them a module's).
  package mutating func claimRange(_ bytes: UnsafeBufferPointer<UInt8>, _ table: ByteKeyTable) -> (Int32, Int16) {
    if bytes.isEmpty { return (Int32(claims.count), 0) }
    let hash = ByteKeyTable.hash(bytes)
    if let known = lists.find(bytes, hash: hash) { return known }
    let start = Int32(claims.count)
    parseClaims(bytes, table)
    let range = (start, Int16(claims.count - Int(start)))
    lists.insert(bytes, hash: hash, range)
    return range
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

  /// Groups every chunk's activities by person (a counting sort) into one `Workforce`. Each
  /// chunk's claims are laid one after another, so an item's range only moves by its chunk's start.
  package static func assemble(_ chunks: [ActivityChunk], people: [Person], ratings: [(person: Int32, SelfRating)]) -> Workforce {
    var counts = [Int32](repeating: 0, count: people.count + 1)
    for chunk in chunks {
      for p in chunk.persons { counts[Int(p) + 1] += 1 }
    }
    for i in 1..<counts.count { counts[i] += counts[i - 1] }
    let itemStart = counts
    var cursor = counts
    let total = Int(counts[people.count])
    var claims: [EvidenceClaim] = []
    claims.reserveCapacity(chunks.reduce(0) { $0 + $1.claims.count })
    let placeholder = EvidenceItem(day: Day(ordinal: 0), kind: .classroom, status: .pending, centihours: 0, claimStart: 0, claimCount: 0)
    var items = [EvidenceItem](repeating: placeholder, count: total)
    items.withUnsafeMutableBufferPointer { items in
      cursor.withUnsafeMutableBufferPointer { cursor in
        for chunk in chunks {
          let offset = Int32(claims.count)
          claims.append(contentsOf: chunk.claims)
          chunk.persons.withUnsafeBufferPointer { persons in
            chunk.items.withUnsafeBufferPointer { chunkItems in
              for k in 0..<persons.count {
                let p = Int(persons[k])
                let slot = Int(cursor[p])
                cursor[p] += 1
                var item = chunkItems[k]
                item.claimStart += offset
                items[slot] = item
              }
            }
          }
        }
      }
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

/// Claims texts already parsed, by their bytes: open addressing over one byte arena. It stops
/// remembering new texts past `limit` (every later one is parsed afresh), so a store whose every
/// activity claims something different costs no more memory than the claims themselves.
package struct ClaimLists: Sendable {
  private var arena: [UInt8] = []
  /// Per slot: where its text is in the arena (offset, length; length -1 for an empty slot),
  /// its hash and its claims.
  private var slots: [(offset: Int32, length: Int32, hash: Int, start: Int32, count: Int16)]
  private var used = 0
  static let limit = 1 << 16

  package init() { slots = Array(repeating: (0, -1, 0, 0, 0), count: 1024) }

  package func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: Int) -> (Int32, Int16)? {
    let mask = slots.count - 1
    var i = hash & mask
    return arena.withUnsafeBufferPointer { arena in
      while true {
        let slot = slots[i]
        if slot.length < 0 { return nil }
        if slot.hash == hash && Int(slot.length) == bytes.count
          && memcmp(arena.baseAddress! + Int(slot.offset), bytes.baseAddress!, bytes.count) == 0
        {
          return (slot.start, slot.count)
        }
        i = (i + 1) & mask
      }
    }
  }

  package mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, hash: Int, _ range: (Int32, Int16)) {
    guard used < Self.limit else { return }
    if (used + 1) * 2 > slots.count { grow() }
    let mask = slots.count - 1
    var i = hash & mask
    while slots[i].length >= 0 { i = (i + 1) & mask }
    slots[i] = (Int32(arena.count), Int32(bytes.count), hash, range.0, range.1)
    arena.append(contentsOf: bytes)
    used += 1
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: (0, -1, 0, 0, 0), count: old.count * 2)
    let mask = slots.count - 1
    for slot in old where slot.length >= 0 {
      var i = slot.hash & mask
      while slots[i].length >= 0 { i = (i + 1) & mask }
      slots[i] = slot
    }
  }
}
