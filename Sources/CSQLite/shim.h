#include <sqlite3.h>

/// SQLite's memory statistics off (they take a global mutex around every allocation SQLite
/// makes, and the store never reads them). `sqlite3_config` is variadic, so Swift cannot call it
/// directly; it has effect only before SQLite is first initialised in the process.
static inline int cpd_sqlite3_disable_memory_statistics(void) {
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
