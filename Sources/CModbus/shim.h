#ifndef GAMMALOG_CMODBUS_SHIM_H
#define GAMMALOG_CMODBUS_SHIM_H

#include <modbus/modbus.h>
#include <errno.h>

/* Swift cannot import macros whose values are expressions over enum
 * constants, nor function-like macros; these re-export them. */

static inline int cmodbus_errno(void) { return errno; }
static inline void cmodbus_set_errno(int value) { errno = value; }

static inline int cmodbus_enobase(void) { return MODBUS_ENOBASE; }
static inline int cmodbus_embxilfun(void) { return EMBXILFUN; }
static inline int cmodbus_embxiladd(void) { return EMBXILADD; }
static inline int cmodbus_embxilval(void) { return EMBXILVAL; }
static inline int cmodbus_embxsfail(void) { return EMBXSFAIL; }
static inline int cmodbus_embxack(void) { return EMBXACK; }
static inline int cmodbus_embxsbusy(void) { return EMBXSBUSY; }
static inline int cmodbus_embxnack(void) { return EMBXNACK; }
static inline int cmodbus_embxmempar(void) { return EMBXMEMPAR; }
static inline int cmodbus_embxgpath(void) { return EMBXGPATH; }
static inline int cmodbus_embxgtar(void) { return EMBXGTAR; }
static inline int cmodbus_embbadcrc(void) { return EMBBADCRC; }
static inline int cmodbus_embbaddata(void) { return EMBBADDATA; }
static inline int cmodbus_embbadexc(void) { return EMBBADEXC; }
static inline int cmodbus_embunkexc(void) { return EMBUNKEXC; }
static inline int cmodbus_embmdata(void) { return EMBMDATA; }
static inline int cmodbus_embbadslave(void) { return EMBBADSLAVE; }

static inline int cmodbus_max_read_registers(void) { return MODBUS_MAX_READ_REGISTERS; }
static inline int cmodbus_tcp_max_adu_length(void) { return MODBUS_TCP_MAX_ADU_LENGTH; }
static inline int cmodbus_rtu_max_adu_length(void) { return MODBUS_RTU_MAX_ADU_LENGTH; }

static inline unsigned char cmodbus_get_high_byte(unsigned int data) { return MODBUS_GET_HIGH_BYTE(data); }
static inline unsigned char cmodbus_get_low_byte(unsigned int data) { return MODBUS_GET_LOW_BYTE(data); }
static inline unsigned int cmodbus_get_int32_from_int16(const uint16_t *tab, int index) {
    return ((unsigned int)tab[index] << 16) + tab[index + 1];
}

#endif
