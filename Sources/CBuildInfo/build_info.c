#include "build_info.h"

#ifndef GAMMALOG_COMMIT
#define GAMMALOG_COMMIT "unknown"
#endif

const char *gammalog_build_commit(void) { return GAMMALOG_COMMIT; }
