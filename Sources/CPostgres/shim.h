// libpq, the PostgreSQL client library (Debian: libpq-dev), imported by RecordsPostgres only.
//
// The library is opened when a network store is first used, not when cpd starts: libpq and what
// it brings (Kerberos, LDAP, GnuTLS, SASL and their helpers) are some twenty libraries whose
// symbols the dynamic linker would otherwise bind before every command on a SQLite store. The
// header's declarations are renamed out of the way; each function RecordsPostgres calls is
// defined here, with the header's own type, as a call through the symbol found on first use.
#ifndef CPD_CPOSTGRES_SHIM_H
#define CPD_CPOSTGRES_SHIM_H

#define PQclear cpd_pq_declared_PQclear
#define PQcmdTuples cpd_pq_declared_PQcmdTuples
#define PQconnectdb cpd_pq_declared_PQconnectdb
#define PQerrorMessage cpd_pq_declared_PQerrorMessage
#define PQexec cpd_pq_declared_PQexec
#define PQexecParams cpd_pq_declared_PQexecParams
#define PQfinish cpd_pq_declared_PQfinish
#define PQfreemem cpd_pq_declared_PQfreemem
#define PQgetCopyData cpd_pq_declared_PQgetCopyData
#define PQgetResult cpd_pq_declared_PQgetResult
#define PQgetisnull cpd_pq_declared_PQgetisnull
#define PQgetvalue cpd_pq_declared_PQgetvalue
#define PQnfields cpd_pq_declared_PQnfields
#define PQntuples cpd_pq_declared_PQntuples
#define PQputCopyData cpd_pq_declared_PQputCopyData
#define PQputCopyEnd cpd_pq_declared_PQputCopyEnd
#define PQresultErrorField cpd_pq_declared_PQresultErrorField
#define PQresultStatus cpd_pq_declared_PQresultStatus
#define PQsetNoticeProcessor cpd_pq_declared_PQsetNoticeProcessor
#define PQstatus cpd_pq_declared_PQstatus
#define PQunescapeBytea cpd_pq_declared_PQunescapeBytea
#include <postgresql/libpq-fe.h>
#undef PQclear
#undef PQcmdTuples
#undef PQconnectdb
#undef PQerrorMessage
#undef PQexec
#undef PQexecParams
#undef PQfinish
#undef PQfreemem
#undef PQgetCopyData
#undef PQgetResult
#undef PQgetisnull
#undef PQgetvalue
#undef PQnfields
#undef PQntuples
#undef PQputCopyData
#undef PQputCopyEnd
#undef PQresultErrorField
#undef PQresultStatus
#undef PQsetNoticeProcessor
#undef PQstatus
#undef PQunescapeBytea

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/// The named libpq function, the library opened on first need. A machine without the library
/// gets one line naming it and exit status 69 (EX_UNAVAILABLE) when a network store is opened.
static inline void *cpd_pq_symbol(const char *name) {
  static void *library;
  void *handle = __atomic_load_n(&library, __ATOMIC_ACQUIRE);
  if (!handle) {
    handle = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      fprintf(stderr, "error: the PostgreSQL client library libpq.so.5 cannot be loaded (%s); install libpq5\n", dlerror());
      exit(69);
    }
    __atomic_store_n(&library, handle, __ATOMIC_RELEASE);
  }
  void *symbol = dlsym(handle, name);
  if (!symbol) {
    fprintf(stderr, "error: the PostgreSQL client library has no %s\n", name);
    exit(69);
  }
  return symbol;
}

#define CPD_PQ_POINTER(name) \
  static inline __typeof__(&cpd_pq_declared_##name) cpd_pq_##name(void) { \
    static __typeof__(&cpd_pq_declared_##name) found; \
    __typeof__(&cpd_pq_declared_##name) f = __atomic_load_n(&found, __ATOMIC_ACQUIRE); \
    if (!f) { \
      f = (__typeof__(&cpd_pq_declared_##name))cpd_pq_symbol(#name); \
      __atomic_store_n(&found, f, __ATOMIC_RELEASE); \
    } \
    return f; \
  }

CPD_PQ_POINTER(PQclear)
static inline void PQclear(PGresult *res) { cpd_pq_PQclear()(res); }
CPD_PQ_POINTER(PQcmdTuples)
static inline char *PQcmdTuples(PGresult *res) { return cpd_pq_PQcmdTuples()(res); }
CPD_PQ_POINTER(PQconnectdb)
static inline PGconn *PQconnectdb(const char *conninfo) { return cpd_pq_PQconnectdb()(conninfo); }
CPD_PQ_POINTER(PQerrorMessage)
static inline char *PQerrorMessage(const PGconn *conn) { return cpd_pq_PQerrorMessage()(conn); }
CPD_PQ_POINTER(PQexec)
static inline PGresult *PQexec(PGconn *conn, const char *query) { return cpd_pq_PQexec()(conn, query); }
CPD_PQ_POINTER(PQexecParams)
static inline PGresult *PQexecParams(PGconn *conn, const char *command, int nParams, const Oid *paramTypes, const char *const *paramValues, const int *paramLengths, const int *paramFormats, int resultFormat) { return cpd_pq_PQexecParams()(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat); }
CPD_PQ_POINTER(PQfinish)
static inline void PQfinish(PGconn *conn) { cpd_pq_PQfinish()(conn); }
CPD_PQ_POINTER(PQfreemem)
static inline void PQfreemem(void *ptr) { cpd_pq_PQfreemem()(ptr); }
CPD_PQ_POINTER(PQgetCopyData)
static inline int PQgetCopyData(PGconn *conn, char **buffer, int async) { return cpd_pq_PQgetCopyData()(conn, buffer, async); }
CPD_PQ_POINTER(PQgetResult)
static inline PGresult *PQgetResult(PGconn *conn) { return cpd_pq_PQgetResult()(conn); }
CPD_PQ_POINTER(PQgetisnull)
static inline int PQgetisnull(const PGresult *res, int tup_num, int field_num) { return cpd_pq_PQgetisnull()(res, tup_num, field_num); }
CPD_PQ_POINTER(PQgetvalue)
static inline char *PQgetvalue(const PGresult *res, int tup_num, int field_num) { return cpd_pq_PQgetvalue()(res, tup_num, field_num); }
CPD_PQ_POINTER(PQnfields)
static inline int PQnfields(const PGresult *res) { return cpd_pq_PQnfields()(res); }
CPD_PQ_POINTER(PQntuples)
static inline int PQntuples(const PGresult *res) { return cpd_pq_PQntuples()(res); }
CPD_PQ_POINTER(PQputCopyData)
static inline int PQputCopyData(PGconn *conn, const char *buffer, int nbytes) { return cpd_pq_PQputCopyData()(conn, buffer, nbytes); }
CPD_PQ_POINTER(PQputCopyEnd)
static inline int PQputCopyEnd(PGconn *conn, const char *errormsg) { return cpd_pq_PQputCopyEnd()(conn, errormsg); }
CPD_PQ_POINTER(PQresultErrorField)
static inline char *PQresultErrorField(const PGresult *res, int fieldcode) { return cpd_pq_PQresultErrorField()(res, fieldcode); }
CPD_PQ_POINTER(PQresultStatus)
static inline ExecStatusType PQresultStatus(const PGresult *res) { return cpd_pq_PQresultStatus()(res); }
CPD_PQ_POINTER(PQsetNoticeProcessor)
static inline PQnoticeProcessor PQsetNoticeProcessor(PGconn *conn, PQnoticeProcessor proc, void *arg) { return cpd_pq_PQsetNoticeProcessor()(conn, proc, arg); }
CPD_PQ_POINTER(PQstatus)
static inline ConnStatusType PQstatus(const PGconn *conn) { return cpd_pq_PQstatus()(conn); }
CPD_PQ_POINTER(PQunescapeBytea)
static inline unsigned char *PQunescapeBytea(const unsigned char *strtext, size_t *retbuflen) { return cpd_pq_PQunescapeBytea()(strtext, retbuflen); }

#endif
