extension Framework {
  /// Gives a framework that brought no scale of its own (a CASE import) the default
  /// four-level scale, the learning/practice evidence categories and the blended rule.
  public mutating func applyDefaultScale() {
    func text(_ en: String, _ cy: String) -> LocalizedText {
      var values: [String: String] = [:]
      for language in languages { values[language] = language == "cy" ? cy : en }
      return LocalizedText(values)
    }
    levels = [
      Level(level: 1, id: "awareness", title: text("Awareness", "Ymwybyddiaeth"), descriptor: nil, crosswalks: []),
      Level(level: 2, id: "practitioner", title: text("Practitioner", "Ymarferydd"), descriptor: nil, crosswalks: []),
      Level(level: 3, id: "advanced", title: text("Advanced", "Uwch"), descriptor: nil, crosswalks: []),
      Level(level: 4, id: "leading", title: text("Leading", "Arwain"), descriptor: nil, crosswalks: []),
    ]
    evidenceCategories = [
      EvidenceCategory(
        id: "learning", title: text("Learning", "Dysgu"),
        kinds: [.classroom, .workshop, .eLearning, .conference, .reading]),
      EvidenceCategory(
        id: "practice", title: text("Practice", "Ymarfer"),
        kinds: [
          .onTheJob, .shadowing, .mentoringGiven, .mentoringReceived, .coaching, .actionLearning, .reflectiveAccount,
          .assessment,
        ]),
    ]
    evidenceRules = [EvidenceRule(level: 1, requires: [EvidenceCategory.anyID])]
      + (2...4).map { EvidenceRule(level: $0, requires: ["learning", "practice"]) }
  }
}
