import Records

extension Service {
  /// Adds a login with a role; a practitioner or team leader login names the person it is.
  public func addLogin(_ name: String, role: LoginRole, practitioner: String?) throws(RecordsError) -> LoginRecord {
    try addLogin(name, role: role, practitioner: practitioner, password: nil)
  }

  public func logins() throws(RecordsError) -> [LoginRecord] {
    try actor.require(.manageLogins)
    return try store.logins()
  }

  public func removeLogin(_ name: String) throws(RecordsError) {
    try actor.require(.manageLogins)
    // An admin who removed their own login could lock the store's people out of managing it.
    if let own = actor.login, own.name == name {
      throw .invalid("login", .notAllowed, "\(name) is your own login: another admin must remove it")
    }
    try store.removeLogin(named: name, actor: actor.auditActor)
  }
}
