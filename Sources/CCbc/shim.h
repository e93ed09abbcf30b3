// COIN-OR CBC's C interface (Debian: coinor-libcbc-dev), imported by CohortPlanning only.
//
// The library is opened when a plan is first solved, not when cpd starts: CBC and the libraries
// under it (Clp, Cgl, Osi, CoinUtils, LAPACK, BLAS, gfortran) are a third of the symbols the
// dynamic linker would otherwise bind before every command, a gap report or a log entry too.
// The header's declarations are renamed out of the way; each function CohortPlanning calls is
// defined here, with the header's own type, as a call through the symbol found on first use.
#ifndef CPD_CCBC_SHIM_H
#define CPD_CCBC_SHIM_H

#define CPD_CBC_FUNCTIONS(X) \
  X(newModel) X(deleteModel) X(loadProblem) X(setInteger) X(setParameter) X(solve) X(setInitialSolution) X(setCutoff) \
  X(writeMps) X(isProvenInfeasible) X(bestSolution) X(getObjValue) X(getBestPossibleObjValue) X(isProvenOptimal) \
  X(isSecondsLimitReached) X(getNodeCount)

#define Cbc_newModel cpd_cbc_declared_newModel
#define Cbc_deleteModel cpd_cbc_declared_deleteModel
#define Cbc_loadProblem cpd_cbc_declared_loadProblem
#define Cbc_setInteger cpd_cbc_declared_setInteger
#define Cbc_setParameter cpd_cbc_declared_setParameter
#define Cbc_solve cpd_cbc_declared_solve
#define Cbc_setInitialSolution cpd_cbc_declared_setInitialSolution
#define Cbc_setCutoff cpd_cbc_declared_setCutoff
#define Cbc_writeMps cpd_cbc_declared_writeMps
#define Cbc_isProvenInfeasible cpd_cbc_declared_isProvenInfeasible
#define Cbc_bestSolution cpd_cbc_declared_bestSolution
#define Cbc_getObjValue cpd_cbc_declared_getObjValue
#define Cbc_getBestPossibleObjValue cpd_cbc_declared_getBestPossibleObjValue
#define Cbc_isProvenOptimal cpd_cbc_declared_isProvenOptimal
#define Cbc_isSecondsLimitReached cpd_cbc_declared_isSecondsLimitReached
#define Cbc_getNodeCount cpd_cbc_declared_getNodeCount
#include <coin/Cbc_C_Interface.h>
#undef Cbc_newModel
#undef Cbc_deleteModel
#undef Cbc_loadProblem
#undef Cbc_setInteger
#undef Cbc_setParameter
#undef Cbc_solve
#undef Cbc_setInitialSolution
#undef Cbc_setCutoff
#undef Cbc_writeMps
#undef Cbc_isProvenInfeasible
#undef Cbc_bestSolution
#undef Cbc_getObjValue
#undef Cbc_getBestPossibleObjValue
#undef Cbc_isProvenOptimal
#undef Cbc_isSecondsLimitReached
#undef Cbc_getNodeCount

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

/// The named CBC function, the library opened on first need. A machine without the library
/// gets one line naming it and exit status 69 (EX_UNAVAILABLE) when a plan is solved.
static inline void *cpd_cbc_symbol(const char *name) {
  static void *library;
  void *handle = __atomic_load_n(&library, __ATOMIC_ACQUIRE);
  if (!handle) {
    handle = dlopen("libCbcSolver.so.3", RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
      fprintf(stderr, "error: the solver library libCbcSolver.so.3 cannot be loaded (%s); install coinor-libcbc3.1\n", dlerror());
      exit(69);
    }
    __atomic_store_n(&library, handle, __ATOMIC_RELEASE);
  }
  void *symbol = dlsym(handle, name);
  if (!symbol) {
    fprintf(stderr, "error: the solver library has no %s\n", name);
    exit(69);
  }
  return symbol;
}

#define CPD_CBC_POINTER(name) \
  static inline __typeof__(&cpd_cbc_declared_##name) cpd_cbc_##name(void) { \
    static __typeof__(&cpd_cbc_declared_##name) found; \
    __typeof__(&cpd_cbc_declared_##name) f = __atomic_load_n(&found, __ATOMIC_ACQUIRE); \
    if (!f) { \
      f = (__typeof__(&cpd_cbc_declared_##name))cpd_cbc_symbol("Cbc_" #name); \
      __atomic_store_n(&found, f, __ATOMIC_RELEASE); \
    } \
    return f; \
  }
CPD_CBC_FUNCTIONS(CPD_CBC_POINTER)

/// Every function is found when the first model is made, in the process that makes it: the
/// solver runs in a forked child, where the dynamic linker's lock may not be taken.
#define CPD_CBC_RESOLVE(name) (void)cpd_cbc_##name();
static inline Cbc_Model *Cbc_newModel(void) {
  CPD_CBC_FUNCTIONS(CPD_CBC_RESOLVE)
  return cpd_cbc_newModel()();
}
static inline void Cbc_deleteModel(Cbc_Model *model) { cpd_cbc_deleteModel()(model); }
static inline void Cbc_loadProblem(
  Cbc_Model *model, const int numcols, const int numrows, const CoinBigIndex *start, const int *index, const double *value,
  const double *collb, const double *colub, const double *obj, const double *rowlb, const double *rowub) {
  cpd_cbc_loadProblem()(model, numcols, numrows, start, index, value, collb, colub, obj, rowlb, rowub);
}
static inline void Cbc_setInteger(Cbc_Model *model, int column) { cpd_cbc_setInteger()(model, column); }
static inline void Cbc_setParameter(Cbc_Model *model, const char *name, const char *value) { cpd_cbc_setParameter()(model, name, value); }
static inline int Cbc_solve(Cbc_Model *model) { return cpd_cbc_solve()(model); }
static inline void Cbc_setInitialSolution(Cbc_Model *model, const double *sol) { cpd_cbc_setInitialSolution()(model, sol); }
static inline void Cbc_setCutoff(Cbc_Model *model, double cutoff) { cpd_cbc_setCutoff()(model, cutoff); }
static inline void Cbc_writeMps(Cbc_Model *model, const char *filename) { cpd_cbc_writeMps()(model, filename); }
static inline int Cbc_isProvenInfeasible(Cbc_Model *model) { return cpd_cbc_isProvenInfeasible()(model); }
static inline double *Cbc_bestSolution(Cbc_Model *model) { return cpd_cbc_bestSolution()(model); }
static inline double Cbc_getObjValue(Cbc_Model *model) { return cpd_cbc_getObjValue()(model); }
static inline double Cbc_getBestPossibleObjValue(Cbc_Model *model) { return cpd_cbc_getBestPossibleObjValue()(model); }
static inline int Cbc_isProvenOptimal(Cbc_Model *model) { return cpd_cbc_isProvenOptimal()(model); }
static inline int Cbc_isSecondsLimitReached(Cbc_Model *model) { return cpd_cbc_isSecondsLimitReached()(model); }
static inline int Cbc_getNodeCount(Cbc_Model *model) { return cpd_cbc_getNodeCount()(model); }

#endif
