#include <sqlite3.h>

/// Process-wide settings, made before SQLite is first initialised in the process (they have no
/// effect after). `sqlite3_config` is variadic, so Swift cannot call it directly.
/// - Memory statistics off: they take a global mutex around every allocation SQLite makes, and
///   the store never reads them.
/// - Statement journals (the undo record of one statement or savepoint inside a longer
///   transaction) stay in memory up to `statement_journal_bytes` before spilling to a temporary
///   file, or always with -1. SQLite's default of 64 KiB sends a bulk import's every savepoint
///   to disk; and on Debian's SQLite 3.40.1 a journal allowed past 128 KiB fails with
///   SQLITE_FULL when it does spill (`SQLiteOpeningTests.aStatementWithALargeUndoRecordStillSucceeds`).
///   A statement journal lives only as long as its statement or savepoint.
static inline int cpd_sqlite3_configure(int statement_journal_bytes) {
  int rc = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  if (rc != SQLITE_OK) return rc;
  return sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, statement_journal_bytes);
}
