import Competency
import Foundation
import Records
import Workforce

extension Service {
  /// Many clients at once, each on its own connection, for `seconds`: each logs activities,
  /// verifies ones logged before and reads a practitioner's log, in turn. Afterwards every
  /// acknowledged write is looked for and the audit chain checked. Prints nothing itself.
  public func benchLoad(clients: Int, seconds: Double) throws -> BenchFigures {
    let agency = framework.agencies[0].id
    let role = framework.roles[0].id
    let competency = framework.competencies[0].id
    let run = String(UUID().uuidString.prefix(8)).lowercased()
    // A verifier and one practitioner per client, new for this run.
    let people = try (0...clients).map { i throws(RecordsError) in
      try rules.check(
        NewPractitioner(id: "load-\(run)-\(i)", name: "Load Person \(i)", agency: agency, team: "load-\(run)", role: role))
    }
    try store.add(people, actor: actor.auditActor)
    let verifier = "load-\(run)-0"
    let results = LoadResults()
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
    let group = DispatchGroup()
    for client in 1...clients {
      group.enter()
      let thread = Thread {
        defer { group.leave() }
        do {
          let service = try self.workspace.reopened().service(as: self.actor, today: self.today)
          let me = "load-\(run)-\(client)"
          var pending: [String] = []
          var i = 0
          while DispatchTime.now().uptimeNanoseconds < deadline {
            let start = DispatchTime.now().uptimeNanoseconds
            switch i % 3 {
            case 0:
              let id = try service.log(
                NewActivity(
                  practitioner: me, date: self.today.adding(days: -(i % 3000)), kind: .reading, hours: 0.25, title: "Load \(i)",
                  claims: [ClaimedLevel(competency: competency, level: 1)]), source: "bench")
              results.wrote(id, verified: false, nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
              pending.append(id)
            case 1:
              if let id = pending.popLast() {
                _ = try service.signOff(activity: id, decision: .verified, by: verifier, note: nil, on: self.today)
                results.wrote(id, verified: true, nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
              }
            default:
              _ = try service.activities(of: me)
              results.read(nanoseconds: DispatchTime.now().uptimeNanoseconds - start)
            }
            i += 1
          }
        } catch {
          results.failed(error)
        }
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    group.wait()
    if let failure = results.failure { throw failure }
    // Every acknowledged write is there, as acknowledged.
    var missing = 0
    for (id, verified) in results.acknowledged {
      guard let found = try store.activity(id) else {
        missing += 1
        continue
      }
      if verified && found.status != .verified { missing += 1 }
    }
    let audit = try store.verifyAudit()
    let writes = results.writeLatencies.sorted()
    let reads = results.readLatencies.sorted()
    func percentile(_ list: [Double], _ p: Double) -> String {
      list.isEmpty ? "-" : String(format: "%.1f ms", list[min(list.count - 1, Int(Double(list.count) * p))])
    }
    return BenchFigures(lines: [
      ("clients", "\(clients)"),
      ("seconds", String(format: "%.0f", seconds)),
      ("writes", "\(writes.count) (\(String(format: "%.1f", Double(writes.count) / seconds))/s)"),
      ("reads", "\(reads.count) (\(String(format: "%.1f", Double(reads.count) / seconds))/s)"),
      ("write latency p50/p95/p99", "\(percentile(writes, 0.5)) / \(percentile(writes, 0.95)) / \(percentile(writes, 0.99))"),
      ("read latency p50/p95/p99", "\(percentile(reads, 0.5)) / \(percentile(reads, 0.95)) / \(percentile(reads, 0.99))"),
      ("acknowledged writes missing", "\(missing)"),
      ("audit chain", audit.isIntact ? "intact (\(try store.auditEntries().count) entries)" : "BROKEN: \(audit)"),
    ])
  }
}

/// What the load's clients saw, shared between their threads.
final class LoadResults: @unchecked Sendable {
  private let lock = NSLock()
  private(set) var acknowledged: [String: Bool] = [:]
  private(set) var writeLatencies: [Double] = []
  private(set) var readLatencies: [Double] = []

  func wrote(_ id: String, verified: Bool, nanoseconds: UInt64) {
    lock.lock()
    acknowledged[id] = verified || (acknowledged[id] ?? false)
    writeLatencies.append(Double(nanoseconds) / 1e6)
    lock.unlock()
  }

  private(set) var failure: Error? = nil

  func failed(_ error: Error) {
    lock.lock()
    if failure == nil { failure = error }
    lock.unlock()
  }

  func read(nanoseconds: UInt64) {
    lock.lock()
    readLatencies.append(Double(nanoseconds) / 1e6)
    lock.unlock()
  }
}
