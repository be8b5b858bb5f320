#ifndef GAMMALOG_BUILD_INFO_H
#define GAMMALOG_BUILD_INFO_H

/// The commit this build was made from: scripts/package.sh passes
/// -Xcc -DGAMMALOG_COMMIT=\"<hash>\"; other builds say "unknown".
const char *gammalog_build_commit(void);

#endif
