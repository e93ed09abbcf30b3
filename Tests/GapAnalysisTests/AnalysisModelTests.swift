import Competency
import TestSupport
import Testing
import Workforce

@testable import GapAnalysis

/// The model works out once what the framework's queries say for each role, agency type and
/// need; it must say the same.
@Suite struct AnalysisModelTests {
  @Test func requirementsAreTheFrameworksWithOverlaysApplied() throws {
    let framework = try Framework.load(from: shippedFrameworkPath)
    let model = AnalysisModel(frameworks: [framework])
    var overlaid = 0
    for role in framework.roles {
      for (number, type) in model.agencyTypes.enumerated() {
        let expected = (framework.requirements(forRole: role.id, agencyType: type.isEmpty ? nil : type) ?? []).map {
          ResolvedRequirement(competency: model.catalog.index[$0.competency]!, level: $0.level, priority: $0.priority)
        }
        #expect(model.requirements(role: role.id, agencyType: number) == expected, "\(role.id) in \(type)")
        if expected != model.requirements(role: role.id, agencyType: model.agencyTypes.count - 1) { overlaid += 1 }
      }
    }
    #expect(overlaid > 0, "the shipped framework has overlays that change requirements")
  }

  /// Each need's options are the modules open to the agency type (and their prerequisites) that
  /// develop the competency, or one it exactly matches, to the level, in a mode of the category.
  @Test func optionsAreTheModulesThatMeetEachNeed() throws {
    let framework = try Framework.load(from: shippedFrameworkPath)
    let model = AnalysisModel(frameworks: [framework])
    func open(_ m: Int, _ type: String) -> Bool {
      model.modules[m].isOpen(to: type) && model.modules[m].prerequisites.allSatisfy { open($0, type) }
    }
    var nonEmpty = 0
    // The bits a need can have: one per evidence category, and "any".
    let bits = Array(0..<min(framework.evidenceCategories.count, 7)) + [7]
    for (t, type) in model.agencyTypes.enumerated() {
      for c in 0..<model.catalog.count {
        for level in 1...model.maxLevel {
          for bit in bits {
            let expected = model.modules.indices.filter { m in
              open(m, type) && model.modules[m].mask & (1 << bit) != 0
                && model.modules[m].develops.contains { d in d.level >= level && model.catalog.equivalents[Int(d.competency)].contains(Int32(c)) }
            }
            let options = model.options(type: t, competency: Int32(c), level: level, bit: bit)
            #expect(options == expected, "type \(type), competency \(model.catalog.ids[c]), level \(level), bit \(bit)")
            if !options.isEmpty { nonEmpty += 1 }
            var reach = ModuleSet(expected)
            for m in expected { reach = reach.union(model.prerequisiteClosure[m]) }
            #expect(model.extentSets[model.cell(type: t, competency: Int32(c), level: level, bit: bit)] == reach)
          }
        }
      }
    }
    #expect(nonEmpty > 100)
  }
}
