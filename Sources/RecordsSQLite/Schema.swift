/// The store's schema as an ordered list of migrations (GRDB's `DatabaseMigrator`): each step is
/// frozen literal SQL, never edited once shipped; changes come as new steps. A step runs with
/// foreign keys off, in one IMMEDIATE transaction with its bookkeeping row, and ends with
/// `PRAGMA foreign_key_check`.
enum Schema {
  struct Migration {
    var version: Int
    var name: String
    var sql: String
  }

  static let migrations: [Migration] = [
    Migration(version: 1, name: "practitioners, activities, sign-off and audit", sql: initial),
    Migration(version: 2, name: "evidence files and self-assessments", sql: evidenceAndAssessments),
    Migration(version: 3, name: "logins; reflection measured in words; framework versions kept", sql: loginsAndReflection),
    Migration(version: 4, name: "numbers never reused; hours in hundredths; audit entries that cover their rows", sql: trust),
    Migration(version: 5, name: "the certificate register", sql: certificateRegister),
    Migration(version: 6, name: "hours confirmed at sign-off; voided statements", sql: statements),
    Migration(version: 7, name: "web sign-in: password hashes, language, sessions, failed sign-ins", sql: webSignIn),
  ]

  static var latest: Int { migrations.last!.version }
  /// The first version whose audit entries cover the rows they wrote.
  static let coverageVersion = 4

  static let bookkeeping = """
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    );
    """

  // Activities are split in two: the narrow `activities` table holds what the analysis reads
  // (two million rows must scan in well under a second), and `activity_details` the text.
  // The hot insert path keeps few, cheap CHECKs: on this SQLite a CHECK costs about a
  // microsecond a row, and `x IN (a, b, c)` several (it builds a table per row); lengths and
  // id formats are checked by RecordRules before anything is written.
  static let initial = """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

    CREATE TABLE activity_kinds (code INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
    INSERT INTO activity_kinds VALUES
      (0, 'classroom'), (1, 'workshop'), (2, 'on-the-job'), (3, 'e-learning'), (4, 'action-learning'), (5, 'mentoring-given'), (6, 'mentoring-received'), (7, 'coaching'), (8, 'shadowing'), (9, 'conference'), (10, 'reading'), (11, 'reflective-account'), (12, 'assessment');

    CREATE TABLE practitioners (
      pid INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 200),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email TEXT UNIQUE COLLATE NOCASE CHECK (email IS NULL OR (length(email) <= 254 AND instr(email, '@') > 1)),
      agency TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 200),
      team TEXT NOT NULL CHECK (length(team) BETWEEN 1 AND 200),
      role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 200),
      manager INTEGER REFERENCES practitioners(pid) ON DELETE SET NULL,
      language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
      created_at TEXT NOT NULL
    );
    CREATE INDEX practitioners_by_team ON practitioners(team);
    CREATE INDEX practitioners_by_agency ON practitioners(agency);

    CREATE TABLE activities (
      aid INTEGER PRIMARY KEY,
      practitioner INTEGER NOT NULL REFERENCES practitioners(pid),
      day INTEGER NOT NULL,
      kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 12),
      hours REAL NOT NULL CHECK (hours > 0 AND hours <= 24),
      participatory INTEGER NOT NULL CHECK (participatory BETWEEN 0 AND 1),
      module TEXT,
      claims TEXT NOT NULL DEFAULT '',
      status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),
      supersedes INTEGER REFERENCES activities(aid),
      reflective INTEGER NOT NULL DEFAULT 0 CHECK (reflective BETWEEN 0 AND 1)
    );
    CREATE INDEX activities_by_practitioner ON activities(practitioner, day);
    CREATE INDEX activities_superseding ON activities(supersedes) WHERE supersedes IS NOT NULL;

    CREATE TABLE activity_details (
      aid INTEGER PRIMARY KEY REFERENCES activities(aid) ON DELETE CASCADE,
      id TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      reflection TEXT,
      source TEXT NOT NULL,
      xapi_id TEXT,
      framework_version TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX activity_details_by_statement ON activity_details(xapi_id) WHERE xapi_id IS NOT NULL;

    CREATE TABLE signoffs (
      sid INTEGER PRIMARY KEY,
      activity INTEGER NOT NULL REFERENCES activities(aid) ON DELETE CASCADE,
      decision INTEGER NOT NULL CHECK (decision BETWEEN 1 AND 2),
      verifier INTEGER REFERENCES practitioners(pid) ON DELETE SET NULL,
      note TEXT CHECK (note IS NULL OR length(note) <= 2000),
      day INTEGER NOT NULL,
      recorded_at TEXT NOT NULL
    );
    CREATE INDEX signoffs_by_activity ON signoffs(activity);
    CREATE INDEX signoffs_by_verifier ON signoffs(verifier);

    CREATE TABLE audit (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      subject TEXT NOT NULL,
      detail TEXT NOT NULL,
      prev TEXT NOT NULL,
      hash TEXT NOT NULL
    );

    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    CREATE TRIGGER signed_off_activities_are_not_edited BEFORE UPDATE ON activities WHEN OLD.status != 0
    BEGIN SELECT RAISE(ABORT, 'a signed-off activity is never edited: log a correction that supersedes it'); END;
    CREATE TRIGGER activity_content_is_not_edited
    BEFORE UPDATE OF practitioner, day, kind, hours, participatory, module, claims, supersedes, reflective ON activities
    BEGIN SELECT RAISE(ABORT, 'activity content is never edited: log a correction that supersedes it'); END;
    CREATE TRIGGER activity_details_are_not_edited BEFORE UPDATE ON activity_details
    BEGIN SELECT RAISE(ABORT, 'activity content is never edited: log a correction that supersedes it'); END;

    CREATE VIEW activity_log AS
      SELECT d.id AS activity, p.id AS practitioner, date(a.day * 86400, 'unixepoch') AS date, k.name AS kind,
             a.hours, a.participatory, a.module, a.claims,
             CASE a.status WHEN 0 THEN 'pending' WHEN 1 THEN 'verified' ELSE 'rejected' END AS status,
             d.title, d.reflection, d.source, d.framework_version, d.recorded_at
      FROM activities a JOIN activity_details d USING (aid) JOIN practitioners p ON p.pid = a.practitioner
      JOIN activity_kinds k ON k.code = a.kind;
    """

  static let evidenceAndAssessments = """
    CREATE TABLE evidence_files (
      activity INTEGER NOT NULL REFERENCES activities(aid) ON DELETE CASCADE,
      sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
      bytes INTEGER NOT NULL CHECK (bytes >= 0),
      PRIMARY KEY (activity, sha256)
    ) WITHOUT ROWID;
    CREATE INDEX evidence_files_by_hash ON evidence_files(sha256);

    CREATE TABLE self_assessments (
      practitioner INTEGER NOT NULL REFERENCES practitioners(pid) ON DELETE CASCADE,
      competency TEXT NOT NULL CHECK (length(competency) BETWEEN 1 AND 200),
      level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 20),
      day INTEGER NOT NULL,
      recorded_at TEXT NOT NULL,
      PRIMARY KEY (practitioner, competency, day)
    ) WITHOUT ROWID;
    """

  // Whether an activity is a reflective account is the CPD policy's to decide (for example a
  // minimum length of reflection), so the narrow table keeps the reflection's length in words
  // rather than a yes or no. The triggers that guard activity content are dropped and made again
  // around the change.
  static let loginsAndReflection = """
    CREATE TABLE logins (
      number INTEGER PRIMARY KEY AUTOINCREMENT,
      name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
      role TEXT NOT NULL CHECK (role IN ('practitioner', 'team-leader', 'planner', 'admin', 'lms')),
      practitioner INTEGER REFERENCES practitioners(pid) ON DELETE CASCADE,
      created_at TEXT NOT NULL,
      CHECK ((role IN ('practitioner', 'team-leader')) = (practitioner IS NOT NULL))
    );
    CREATE INDEX logins_by_practitioner ON logins(practitioner);

    -- Each framework version the store has been kept against, whole, so that moving to a newer
    -- one can say what changed.
    CREATE TABLE framework_versions (
      version TEXT PRIMARY KEY,
      bound_at TEXT NOT NULL,
      snapshot BLOB NOT NULL
    ) WITHOUT ROWID;

    DROP TRIGGER signed_off_activities_are_not_edited;
    DROP TRIGGER activity_content_is_not_edited;
    ALTER TABLE activities ADD COLUMN reflection_words INTEGER NOT NULL DEFAULT 0 CHECK (reflection_words >= 0);
    CREATE TEMP TABLE spaced (aid INTEGER PRIMARY KEY, text TEXT NOT NULL);
    INSERT INTO temp.spaced
      SELECT aid, trim(replace(replace(replace(replace(replace(replace(replace(
        coalesce(reflection, ''), char(9), ' '), char(10), ' '), char(13), ' '),
        '  ', ' '), '  ', ' '), '  ', ' '), '  ', ' ')) AS text
      FROM activity_details WHERE reflection IS NOT NULL;
    UPDATE activities SET reflection_words = (
      SELECT CASE WHEN s.text = '' THEN 0 ELSE length(s.text) - length(replace(s.text, ' ', '')) + 1 END
      FROM temp.spaced s WHERE s.aid = activities.aid)
    WHERE aid IN (SELECT aid FROM temp.spaced);
    DROP TABLE temp.spaced;
    ALTER TABLE activities DROP COLUMN reflective;
    CREATE TRIGGER signed_off_activities_are_not_edited BEFORE UPDATE ON activities WHEN OLD.status != 0
    BEGIN SELECT RAISE(ABORT, 'a signed-off activity is never edited: log a correction that supersedes it'); END;
    CREATE TRIGGER activity_content_is_not_edited
    BEFORE UPDATE OF practitioner, day, kind, hours, participatory, module, claims, supersedes, reflection_words ON activities
    BEGIN SELECT RAISE(ABORT, 'activity content is never edited: log a correction that supersedes it'); END;
    """

  // Row numbers are never reused (AUTOINCREMENT), so an erased person's number cannot pass to
  // someone new; the counters start above every number the audit log has ever named. Hours are
  // kept in exact hundredths. Audit entries gain a format version, the rows they cover with a
  // digest of them, and a signature by the store's key; older entries lose the activity ids and
  // operator names they carried (text a user chose), and the chain is worked out again over what
  // is left (`cpd_sha256` is the store's own SQL function). Tables are rebuilt in SQLite's
  // twelve-step way: a new table, the rows copied, the old one dropped, the new one renamed.
  static let trust = """
    DROP VIEW activity_log;
    DROP TRIGGER signed_off_activities_are_not_edited;
    DROP TRIGGER activity_content_is_not_edited;
    DROP TRIGGER audit_is_append_only_update;

    CREATE TABLE new_practitioners (
      pid INTEGER PRIMARY KEY AUTOINCREMENT,
      id TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 200),
      name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email TEXT UNIQUE COLLATE NOCASE CHECK (email IS NULL OR (length(email) <= 254 AND instr(email, '@') > 1)),
      agency TEXT NOT NULL CHECK (length(agency) BETWEEN 1 AND 200),
      team TEXT NOT NULL CHECK (length(team) BETWEEN 1 AND 200),
      role TEXT NOT NULL CHECK (length(role) BETWEEN 1 AND 200),
      manager INTEGER REFERENCES practitioners(pid) ON DELETE SET NULL,
      language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'cy')),
      created_at TEXT NOT NULL
    );
    INSERT INTO new_practitioners SELECT pid, id, name, email, agency, team, role, manager, language, created_at FROM practitioners;
    DROP TABLE practitioners;
    ALTER TABLE new_practitioners RENAME TO practitioners;
    CREATE INDEX practitioners_by_team ON practitioners(team);
    CREATE INDEX practitioners_by_agency ON practitioners(agency);

    CREATE TABLE new_activities (
      aid INTEGER PRIMARY KEY AUTOINCREMENT,
      practitioner INTEGER NOT NULL REFERENCES practitioners(pid),
      day INTEGER NOT NULL,
      kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 12),
      centihours INTEGER NOT NULL CHECK (centihours BETWEEN 1 AND 2400),
      participatory INTEGER NOT NULL CHECK (participatory BETWEEN 0 AND 1),
      module TEXT,
      claims TEXT NOT NULL DEFAULT '',
      status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 2),
      supersedes INTEGER REFERENCES activities(aid),
      reflection_words INTEGER NOT NULL DEFAULT 0 CHECK (reflection_words >= 0)
    );
    INSERT INTO new_activities
      SELECT aid, practitioner, day, kind, max(1, min(2400, CAST(round(hours * 100) AS INTEGER))), participatory, module,
             claims, status, supersedes, reflection_words
      FROM activities;
    DROP TABLE activities;
    ALTER TABLE new_activities RENAME TO activities;
    CREATE INDEX activities_by_practitioner ON activities(practitioner, day);
    CREATE INDEX activities_superseding ON activities(supersedes) WHERE supersedes IS NOT NULL;

    CREATE TABLE new_signoffs (
      sid INTEGER PRIMARY KEY AUTOINCREMENT,
      activity INTEGER NOT NULL REFERENCES activities(aid) ON DELETE CASCADE,
      decision INTEGER NOT NULL CHECK (decision BETWEEN 1 AND 2),
      verifier INTEGER REFERENCES practitioners(pid) ON DELETE SET NULL,
      note TEXT CHECK (note IS NULL OR length(note) <= 2000),
      day INTEGER NOT NULL,
      recorded_at TEXT NOT NULL
    );
    INSERT INTO new_signoffs SELECT sid, activity, decision, verifier, note, day, recorded_at FROM signoffs;
    DROP TABLE signoffs;
    ALTER TABLE new_signoffs RENAME TO signoffs;
    CREATE INDEX signoffs_by_activity ON signoffs(activity);
    CREATE INDEX signoffs_by_verifier ON signoffs(verifier);

    -- Counters above every number the audit log has named (a person erased before this
    -- migration may have held the highest).
    DELETE FROM sqlite_sequence WHERE name IN ('practitioners', 'activities', 'signoffs');
    INSERT INTO sqlite_sequence (name, seq) VALUES
      ('practitioners', max(
        coalesce((SELECT max(pid) FROM practitioners), 0),
        coalesce((SELECT max(CAST(CASE
          WHEN subject LIKE 'practitioner#%' THEN substr(subject, 14)
          WHEN subject LIKE 'practitioners#%' THEN substr(subject, instr(subject, '-') + 1) END AS INTEGER)) FROM audit), 0))),
      ('activities', max(
        coalesce((SELECT max(aid) FROM activities), 0),
        coalesce((SELECT max(CAST(CASE
          WHEN subject LIKE 'activity#%' THEN substr(subject, 10)
          WHEN subject LIKE 'activities#%' THEN substr(subject, instr(subject, '-') + 1) END AS INTEGER)) FROM audit), 0))),
      ('signoffs', coalesce((SELECT max(sid) FROM signoffs), 0));

    -- The audit log: no text a user chose, then the chain worked out again.
    ALTER TABLE audit ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version IN (1, 2));
    ALTER TABLE audit ADD COLUMN rows TEXT NOT NULL DEFAULT '';
    ALTER TABLE audit ADD COLUMN signature TEXT NOT NULL DEFAULT '';
    UPDATE audit SET detail = json_remove(detail, '$.id') WHERE action = 'activity.log' AND json_valid(detail);
    UPDATE audit SET actor = 'owner' WHERE actor LIKE 'system:%' AND actor NOT IN ('system:demo', 'system:test');
    CREATE TEMP TABLE chain (seq INTEGER PRIMARY KEY, prev TEXT NOT NULL, hash TEXT NOT NULL);
    INSERT INTO temp.chain
      WITH RECURSIVE walk(seq, prev, hash) AS (
        SELECT 0, '', '0000000000000000000000000000000000000000000000000000000000000000'
        UNION ALL
        SELECT a.seq, walk.hash, cpd_sha256(walk.hash || char(31) || a.seq || char(31) || a.at || char(31) || a.actor
                 || char(31) || a.action || char(31) || a.subject || char(31) || a.detail)
        FROM audit a JOIN walk ON a.seq = walk.seq + 1
      )
      SELECT seq, prev, hash FROM walk WHERE seq > 0;
    UPDATE audit SET prev = (SELECT c.prev FROM temp.chain c WHERE c.seq = audit.seq),
                     hash = (SELECT c.hash FROM temp.chain c WHERE c.seq = audit.seq)
      WHERE seq IN (SELECT seq FROM temp.chain);
    DROP TABLE temp.chain;
    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

    CREATE TRIGGER signed_off_activities_are_not_edited BEFORE UPDATE ON activities WHEN OLD.status != 0
    BEGIN SELECT RAISE(ABORT, 'a signed-off activity is never edited: log a correction that supersedes it'); END;
    CREATE TRIGGER activity_content_is_not_edited
    BEFORE UPDATE OF practitioner, day, kind, centihours, participatory, module, claims, supersedes, reflection_words ON activities
    BEGIN SELECT RAISE(ABORT, 'activity content is never edited: log a correction that supersedes it'); END;
    CREATE TRIGGER signoffs_are_not_edited BEFORE UPDATE OF activity, decision, note, day, recorded_at ON signoffs
    BEGIN SELECT RAISE(ABORT, 'a sign-off is never edited'); END;

    CREATE VIEW activity_log AS
      SELECT d.id AS activity, p.id AS practitioner, date(a.day * 86400, 'unixepoch') AS date, k.name AS kind,
             a.centihours / 100.0 AS hours, a.participatory, a.module, a.claims,
             CASE a.status WHEN 0 THEN 'pending' WHEN 1 THEN 'verified' ELSE 'rejected' END AS status,
             d.title, d.reflection, d.source, d.framework_version, d.recorded_at
      FROM activities a JOIN activity_details d USING (aid) JOIN practitioners p ON p.pid = a.practitioner
      JOIN activity_kinds k ON k.code = a.kind;
    """

  // The issuer's register: one row per certificate issued, never deleted. A status slot is given
  // out once (revoked or not, and even after its holder is erased), so a bit never changes hands.
  static let certificateRegister = """
    CREATE TABLE certificates (
      cid INTEGER PRIMARY KEY AUTOINCREMENT,
      credential_id TEXT NOT NULL UNIQUE CHECK (length(credential_id) BETWEEN 1 AND 200),
      practitioner INTEGER REFERENCES practitioners(pid) ON DELETE SET NULL,
      period_start INTEGER NOT NULL,
      period_end INTEGER NOT NULL CHECK (period_end >= period_start),
      framework_id TEXT NOT NULL,
      framework_version TEXT NOT NULL,
      policy_id TEXT NOT NULL,
      policy_version TEXT NOT NULL,
      achievement_id TEXT NOT NULL,
      status_list TEXT,
      status_index INTEGER CHECK (status_index IS NULL OR status_index >= 0),
      issued_at TEXT NOT NULL,
      issuer_did TEXT NOT NULL,
      revoked_at TEXT,
      revocation_reason TEXT CHECK ((revoked_at IS NULL) = (revocation_reason IS NULL)),
      UNIQUE (status_list, status_index)
    );
    CREATE INDEX certificates_by_practitioner ON certificates(practitioner);
    CREATE TRIGGER certificates_are_kept BEFORE DELETE ON certificates
    BEGIN SELECT RAISE(ABORT, 'the certificate register keeps every certificate issued'); END;
    CREATE TRIGGER certificates_are_not_edited
    BEFORE UPDATE OF credential_id, period_start, period_end, framework_id, framework_version, policy_id, policy_version,
      achievement_id, status_list, status_index, issued_at, issuer_did ON certificates
    BEGIN SELECT RAISE(ABORT, 'a registered certificate is never edited'); END;
    CREATE TRIGGER a_revocation_stands BEFORE UPDATE OF revoked_at, revocation_reason ON certificates
      WHEN OLD.revoked_at IS NOT NULL
    BEGIN SELECT RAISE(ABORT, 'a revoked certificate stays revoked'); END;
    """

  // xAPI statements (1.0.3) without a duration become activities whose hours a verifier confirms
  // at sign-off: `activities.centihours` may be NULL until then, and the hours confirmed are kept
  // in the sign-off row (an activity row is never edited: its audit entry covers it as it was
  // written). An activity may be withdrawn (status 3) when the statement it came from is voided
  // before sign-off; `voidings` keeps every voiding, with the activity it hit, or none when the
  // voided statement was never imported (so that it never will be). The activities table is
  // rebuilt in SQLite's twelve-step way for its new CHECKs.
  static let statements = """
    DROP VIEW activity_log;
    DROP TRIGGER signed_off_activities_are_not_edited;
    DROP TRIGGER activity_content_is_not_edited;
    DROP TRIGGER signoffs_are_not_edited;

    -- The counter of activity numbers goes with the old table when it is dropped: kept, and put back.
    CREATE TEMP TABLE kept_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'activities';
    CREATE TABLE new_activities (
      aid INTEGER PRIMARY KEY AUTOINCREMENT,
      practitioner INTEGER NOT NULL REFERENCES practitioners(pid),
      day INTEGER NOT NULL,
      kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 12),
      centihours INTEGER CHECK (centihours IS NULL OR centihours BETWEEN 1 AND 2400),
      participatory INTEGER NOT NULL CHECK (participatory BETWEEN 0 AND 1),
      module TEXT,
      claims TEXT NOT NULL DEFAULT '',
      status INTEGER NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 3),
      supersedes INTEGER REFERENCES activities(aid),
      reflection_words INTEGER NOT NULL DEFAULT 0 CHECK (reflection_words >= 0)
    );
    INSERT INTO new_activities
      SELECT aid, practitioner, day, kind, centihours, participatory, module, claims, status, supersedes, reflection_words
      FROM activities;
    DROP TABLE activities;
    ALTER TABLE new_activities RENAME TO activities;
    DELETE FROM sqlite_sequence WHERE name = 'activities';
    INSERT INTO sqlite_sequence (name, seq) VALUES ('activities', max(
      coalesce((SELECT seq FROM temp.kept_sequence), 0), coalesce((SELECT max(aid) FROM activities), 0)));
    DROP TABLE temp.kept_sequence;
    CREATE INDEX activities_by_practitioner ON activities(practitioner, day);
    CREATE INDEX activities_superseding ON activities(supersedes) WHERE supersedes IS NOT NULL;
    CREATE INDEX activities_awaiting_hours ON activities(aid) WHERE centihours IS NULL;

    ALTER TABLE signoffs ADD COLUMN centihours INTEGER CHECK (centihours IS NULL OR centihours BETWEEN 1 AND 2400);

    CREATE TABLE voidings (
      vid INTEGER PRIMARY KEY AUTOINCREMENT,
      statement TEXT NOT NULL UNIQUE CHECK (length(statement) = 36),
      target TEXT NOT NULL UNIQUE CHECK (length(target) = 36),
      activity INTEGER UNIQUE REFERENCES activities(aid) ON DELETE CASCADE,
      reason TEXT CHECK (reason IS NULL OR length(reason) <= 2000),
      day INTEGER NOT NULL,
      recorded_at TEXT NOT NULL
    );

    CREATE TRIGGER signed_off_activities_are_not_edited BEFORE UPDATE ON activities WHEN OLD.status != 0
    BEGIN SELECT RAISE(ABORT, 'a signed-off activity is never edited: log a correction that supersedes it'); END;
    CREATE TRIGGER activity_content_is_not_edited
    BEFORE UPDATE OF practitioner, day, kind, centihours, participatory, module, claims, supersedes, reflection_words ON activities
    BEGIN SELECT RAISE(ABORT, 'activity content is never edited: log a correction that supersedes it'); END;
    CREATE TRIGGER signoffs_are_not_edited BEFORE UPDATE OF activity, decision, note, day, recorded_at, centihours ON signoffs
    BEGIN SELECT RAISE(ABORT, 'a sign-off is never edited'); END;
    CREATE TRIGGER voidings_are_not_edited BEFORE UPDATE ON voidings
    BEGIN SELECT RAISE(ABORT, 'a voiding is never edited'); END;

    CREATE VIEW activity_log AS
      SELECT d.id AS activity, p.id AS practitioner, date(a.day * 86400, 'unixepoch') AS date, k.name AS kind,
             coalesce(a.centihours, (SELECT s.centihours FROM signoffs s WHERE s.activity = a.aid AND s.centihours IS NOT NULL))
               / 100.0 AS hours,
             a.participatory, a.module, a.claims,
             CASE a.status WHEN 0 THEN 'pending' WHEN 1 THEN 'verified' WHEN 2 THEN 'rejected' ELSE 'withdrawn' END AS status,
             d.title, d.reflection, d.source, d.framework_version, d.recorded_at
      FROM activities a JOIN activity_details d USING (aid) JOIN practitioners p ON p.pid = a.practitioner
      JOIN activity_kinds k ON k.code = a.kind;
    """

  // The web application's sign-in. A login keeps a password hash (never the password) and the
  // language it chose. Sessions are kept by the SHA-256 of their token, so a copy of the store
  // does not let anyone in; failed sign-ins are counted by the name typed, known or not.
  static let webSignIn = """
    ALTER TABLE logins ADD COLUMN password_hash TEXT CHECK (password_hash IS NULL OR length(password_hash) BETWEEN 20 AND 300);
    ALTER TABLE logins ADD COLUMN language TEXT CHECK (language IS NULL OR language IN ('en', 'cy'));

    CREATE TABLE web_sessions (
      token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
      login INTEGER NOT NULL REFERENCES logins(number) ON DELETE CASCADE,
      csrf TEXT NOT NULL CHECK (length(csrf) BETWEEN 20 AND 100),
      created_at INTEGER NOT NULL,
      seen_at INTEGER NOT NULL CHECK (seen_at >= created_at)
    ) WITHOUT ROWID;
    CREATE INDEX web_sessions_by_login ON web_sessions(login);
    CREATE INDEX web_sessions_by_seen ON web_sessions(seen_at);

    CREATE TABLE sign_in_failures (
      login TEXT PRIMARY KEY CHECK (length(login) BETWEEN 1 AND 60),
      failures INTEGER NOT NULL CHECK (failures >= 1),
      last_at INTEGER NOT NULL
    ) WITHOUT ROWID;
    """
}
