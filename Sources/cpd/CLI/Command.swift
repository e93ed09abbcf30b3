import Foundation

/// Failures the tool reports to the user, each with its exit status.
enum CLIError: Error {
  /// Wrong use of the command line (exit 64, with usage).
  case usage(String)
  /// Bad input data (exit 65); one `error:` line per entry.
  case data([String])
  /// Anything else that failed (exit 1).
  case failure(String)
  /// A condition the user asked about is not met (exit 1), e.g. a certificate not yet earned.
  case notMet(String)

  static func data(_ line: String) -> CLIError { .data([line]) }

  var exitCode: Int32 {
    switch self {
    case .usage: 64
    case .data: 65
    case .failure, .notMet: 1
    }
  }
}

/// A leaf command, in swift-argument-parser's shape: the specs describe it (and write its
/// `--help`); `init` parses what was typed into typed values; `validate` checks them together
/// before anything runs; `run` makes one call into the `Service` and prints.
protocol Command: Sendable {
  static var name: String { get }
  static var abstract: String { get }
  static var discussion: String? { get }
  static var arguments: [ArgumentSpec] { get }
  static var options: [OptionSpec] { get }
  init(_ arguments: ParsedArguments) throws(CLIError)
  func validate() throws(CLIError)
  func run() throws
}

extension Command {
  static var discussion: String? { nil }
  static var arguments: [ArgumentSpec] { [] }
  func validate() throws(CLIError) {}
}

/// A command with subcommands, e.g. `cpd framework`.
struct CommandGroup: Sendable {
  var name: String
  var abstract: String
  var children: [CommandNode]
  /// Run when the next word names no subcommand (`cpd certificate ID` beside `cpd certificate verify`).
  var defaultCommand: (any Command.Type)? = nil
}

enum CommandNode: Sendable {
  case group(CommandGroup)
  case command(any Command.Type)

  var name: String {
    switch self {
    case .group(let g): g.name
    case .command(let c): c.name
    }
  }

  var abstract: String {
    switch self {
    case .group(let g): g.abstract
    case .command(let c): c.abstract
    }
  }
}

enum Help {
  static let helpOption = OptionSpec.flag("-h", "--help", help: "Show help information.")

  static func usage(path: [String], command: any Command.Type) -> String {
    var parts = path
    if !command.options.isEmpty { parts.append("[<options>]") }
    for a in command.arguments {
      var text = "<\(a.name)>"
      if a.repeating { text += " ..." }
      parts.append(a.optional ? "[\(text)]" : text)
    }
    return parts.joined(separator: " ")
  }

  static func text(path: [String], command: any Command.Type) -> String {
    var out = "OVERVIEW: \(command.abstract)\n\n"
    if let discussion = command.discussion { out += discussion + "\n\n" }
    out += "USAGE: \(usage(path: path, command: command))\n"
    if !command.arguments.isEmpty {
      out += "\nARGUMENTS:\n"
      for a in command.arguments { out += row("<\(a.name)>", a.help) }
    }
    out += "\nOPTIONS:\n"
    for o in command.options + [helpOption] {
      var label = o.names.joined(separator: ", ")
      if let v = o.value { label += " <\(v)>" }
      out += row(label, o.help + (o.repeatable ? " (repeatable)" : ""))
    }
    return out
  }

  static func text(path: [String], group: CommandGroup) -> String {
    var out = "OVERVIEW: \(group.abstract)\n\n"
    out += "USAGE: \(path.joined(separator: " ")) <subcommand>\n"
    if let command = group.defaultCommand { out += "       \(usage(path: path, command: command))\n" }
    out += "\nSUBCOMMANDS:\n"
    if let command = group.defaultCommand { out += row("(default)", command.abstract) }
    for child in group.children { out += row(child.name, child.abstract) }
    out += "\n  See '\(path.joined(separator: " ")) <subcommand> --help' for details.\n"
    return out
  }

  /// Two columns: the label padded to 26, wrapped help text.
  static func row(_ label: String, _ help: String) -> String {
    let width = 26
    let lines = wrap(help, width: 94 - width)
    var out = "  " + label
    if label.count + 2 >= width {
      out += "\n" + String(repeating: " ", count: width)
    } else {
      out += String(repeating: " ", count: width - label.count - 2)
    }
    out += lines.joined(separator: "\n" + String(repeating: " ", count: width)) + "\n"
    return out
  }

  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }
}

/// Finds the command the arguments name, handles `--help`, and maps errors to exit codes.
enum Dispatcher {
  static func main(root: CommandGroup, arguments: [String]) -> Int32 {
    var path = [root.name]
    var group = root
    var rest = arguments[...]
    while true {
      guard let first = rest.first else {
        Output.standardOutput(Help.text(path: path, group: group))
        return path.count == 1 ? 0 : 64
      }
      if first == "-h" || first == "--help" || first == "help" {
        Output.standardOutput(Help.text(path: path, group: group))
        return 0
      }
      guard let child = group.children.first(where: { $0.name == first }) else {
        if let command = group.defaultCommand { return run(command, path: path, arguments: Array(rest)) }
        return report(.usage("unknown command '\(first)'"), path: path)
      }
      rest = rest.dropFirst()
      path.append(child.name)
      switch child {
      case .group(let g):
        group = g
      case .command(let command):
        return run(command, path: path, arguments: Array(rest))
      }
    }
  }

  static func run(_ command: any Command.Type, path: [String], arguments: [String]) -> Int32 {
    do {
      let parsed = try ArgumentParsing.parse(arguments, options: command.options, positionals: command.arguments)
      if parsed.helpRequested {
        Output.standardOutput(Help.text(path: path, command: command))
        return 0
      }
      let instance = try command.init(parsed)
      try instance.validate()
      try instance.run()
      return 0
    } catch let error as CLIError {
      return report(error, path: path)
    } catch let error as any UserFacingError {
      for line in error.lines { Output.error(line) }
      return error.exitCode
    } catch {
      Output.error("\(error)")
      return 1
    }
  }

  /// A usage error is one `error:` line and a pointer to `--help`.
  static func report(_ error: CLIError, path: [String]) -> Int32 {
    switch error {
    case .usage(let message):
      Output.error(message)
      Output.standardError("See '\(path.joined(separator: " ")) --help'.\n")
    case .data(let lines):
      for line in lines { Output.error(line) }
    case .failure(let message), .notMet(let message):
      Output.error(message)
    }
    return error.exitCode
  }
}

/// Errors from the libraries that know their exit status and how to read to a user.
protocol UserFacingError: Error {
  var exitCode: Int32 { get }
  var lines: [String] { get }
}
