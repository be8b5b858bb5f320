#include "raw_loop.h"

#include <errno.h>
#include <modbus/modbus.h>
#include <time.h>

static int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t gammalog_raw_read_loop(const char *host, int port, int unit, int address, int count,
                               int iterations, int *error) {
    uint16_t registers[MODBUS_MAX_READ_REGISTERS];
    modbus_t *ctx = modbus_new_tcp(host, port);
    if (ctx == NULL) {
        *error = errno;
        return -1;
    }
    modbus_set_slave(ctx, unit);
    if (modbus_connect(ctx) == -1) {
        *error = errno;
        modbus_free(ctx);
        return -1;
    }
    int64_t start = now_ns();
    for (int i = 0; i < iterations; i++) {
        if (modbus_read_input_registers(ctx, address, count, registers) != count) {
            *error = errno;
            modbus_close(ctx);
            modbus_free(ctx);
            return -1;
        }
    }
    int64_t elapsed = now_ns() - start;
    modbus_close(ctx);
    modbus_free(ctx);
    return elapsed;
}
