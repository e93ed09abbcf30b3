// COIN-OR CBC's C interface (Debian: coinor-libcbc-dev), imported by CohortPlanning only.
#include <Cbc_C_Interface.h>
