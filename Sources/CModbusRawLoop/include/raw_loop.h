#ifndef GAMMALOG_RAW_LOOP_H
#define GAMMALOG_RAW_LOOP_H

#include <stdint.h>

/* Reads `count` input registers at `address` from a Modbus TCP server
 * `iterations` times with plain libmodbus, the way a C programmer would,
 * and returns the elapsed wall time in nanoseconds, or -1 with `*error`
 * set to the errno of the first failure. Used only by the benchmark. */
int64_t gammalog_raw_read_loop(const char *host, int port, int unit, int address, int count,
                               int iterations, int *error);

#endif
