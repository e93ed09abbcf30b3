/// One option or flag a command accepts; the same list parses arguments and writes `--help`.
struct OptionSpec: Sendable {
  var names: [String]  // e.g. ["-o", "--output"]; the last is the canonical name
  var value: String?  // placeholder for the value, nil for a flag
  var help: String
  var repeatable = false

  var key: String { names.last! }

  static func option(_ names: String..., value: String, help: String, repeatable: Bool = false) -> OptionSpec {
    OptionSpec(names: names, value: value, help: help, repeatable: repeatable)
  }

  static func flag(_ names: String..., help: String) -> OptionSpec {
    OptionSpec(names: names, value: nil, help: help)
  }
}

struct ArgumentSpec: Sendable {
  var name: String
  var help: String
  var optional = false
  var repeating = false
}

/// What the user typed, sorted into options, flags and positional arguments.
struct ParsedArguments {
  var values: [String: [String]] = [:]
  var flags: Set<String> = []
  var positionals: [String] = []
  /// `-h` or `--help` was given where an option may stand (not as another option's value).
  var helpRequested = false

  func value(_ key: String) -> String? { values[key]?.last }
  func all(_ key: String) -> [String] { values[key] ?? [] }
  func has(_ key: String) -> Bool { flags.contains(key) }
}

enum ArgumentParsing {
  /// Parses `arguments` against the specs; `--name=value` and `--name value` both work. Help is
  /// an option like the others: `--title -h` gives the title "-h", while `-h` in an option's
  /// place asks for help (and then nothing else is checked).
  static func parse(_ arguments: [String], options: [OptionSpec], positionals: [ArgumentSpec]) throws(CLIError)
    -> ParsedArguments
  {
    var parsed = ParsedArguments()
    var byName: [String: OptionSpec] = [:]
    for spec in options + [Help.helpOption] { for name in spec.names { byName[name] = spec } }
    var problem: CLIError? = nil
    var i = 0
    var onlyPositionals = false
    while i < arguments.count {
      let argument = arguments[i]
      i += 1
      if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
        parsed.positionals.append(argument)
        continue
      }
      if argument == "--" {
        onlyPositionals = true
        continue
      }
      var name = argument
      var inline: String?
      if let eq = argument.firstIndex(of: "="), argument.hasPrefix("--") {
        name = String(argument[..<eq])
        inline = String(argument[argument.index(after: eq)...])
      }
      guard let spec = byName[name] else {
        if argument.count > 1, Double(argument) != nil {
          parsed.positionals.append(argument)
          continue
        }
        problem = problem ?? .usage("unknown option '\(name)'")
        continue
      }
      if spec.key == Help.helpOption.key {
        parsed.helpRequested = true
        continue
      }
      if spec.value == nil {
        if inline != nil { problem = problem ?? .usage("'\(name)' takes no value") }
        parsed.flags.insert(spec.key)
        continue
      }
      let value: String
      if let inline {
        value = inline
      } else {
        guard i < arguments.count else {
          problem = problem ?? .usage("'\(name)' needs a value <\(spec.value!)>")
          continue
        }
        value = arguments[i]
        i += 1
      }
      if !spec.repeatable, parsed.values[spec.key] != nil {
        problem = problem ?? .usage("'\(spec.key)' given more than once")
      }
      parsed.values[spec.key, default: []].append(value)
    }
    if parsed.helpRequested { return parsed }
    if let problem { throw problem }
    let required = positionals.filter { !$0.optional }.count
    if parsed.positionals.count < required {
      let missing = positionals[parsed.positionals.count]
      throw .usage("missing argument <\(missing.name)>")
    }
    if !(positionals.last?.repeating ?? false), parsed.positionals.count > positionals.count {
      throw .usage("unexpected argument '\(parsed.positionals[positionals.count])'")
    }
    return parsed
  }
}
