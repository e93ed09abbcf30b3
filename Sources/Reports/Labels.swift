/// Interface labels in English and Welsh. Framework content carries its own translations;
/// these are the words around it.
public enum Labels {
  public static func text(_ key: Key, _ language: String) -> String {
    language == "cy" ? key.welsh : key.english
  }

  public enum Key: String, Sendable {
    case framework, version, publisher, languages, levels, domains, competencies, roles, modules, standards, agencies
    case policies, competency, level, priority, id, title, domain, mode, hours, count

    var english: String {
      switch self {
      case .framework: "Framework"
      case .version: "Version"
      case .publisher: "Publisher"
      case .languages: "Languages"
      case .levels: "Levels"
      case .domains: "Domains"
      case .competencies: "Competencies"
      case .roles: "Roles"
      case .modules: "Modules"
      case .standards: "Standards"
      case .agencies: "Agencies"
      case .policies: "CPD policies"
      case .competency: "Competency"
      case .level: "Level"
      case .priority: "Priority"
      case .id: "Id"
      case .title: "Title"
      case .domain: "Domain"
      case .mode: "Mode"
      case .hours: "Hours"
      case .count: "Count"
      }
    }

    var welsh: String {
      switch self {
      case .framework: "Fframwaith"
      case .version: "Fersiwn"
      case .publisher: "Cyhoeddwr"
      case .languages: "Ieithoedd"
      case .levels: "Lefelau"
      case .domains: "Parthau"
      case .competencies: "Cymwyseddau"
      case .roles: "Rolau"
      case .modules: "Modiwlau"
      case .standards: "Safonau"
      case .agencies: "Asiantaethau"
      case .policies: "Polisïau DPP"
      case .competency: "Cymhwysedd"
      case .level: "Lefel"
      case .priority: "Blaenoriaeth"
      case .id: "Dynodydd"
      case .title: "Teitl"
      case .domain: "Parth"
      case .mode: "Dull"
      case .hours: "Oriau"
      case .count: "Nifer"
      }
    }
  }
}
