/*
 * mpabi_wpp.h - WPP software tracing without the WPP preprocessor.
 *
 * Part of the miniport SDK's CMiniportABI module. `miniport build` generates a stand-in for each
 * `#include "X.tmh"` a source names (see docs/wpp.md); the stand-in includes this header and
 * defines every trace function of the driver's `begin_wpp config` blocks as a call of
 * MpAbiWppTraceMessage, which formats the message in the image (WPP's %!...! extensions
 * included) and hands the text to the port log through the DebugPrint slot.
 *
 * What a WPP-traced driver names besides its trace functions is defined here: WPP_INIT_TRACING,
 * WPP_CLEANUP, WPP_DEFINE_CONTROL_GUID / WPP_DEFINE_BIT (through WPP_CONTROL_GUIDS), the
 * enabled/logger queries (every level and flag counts as enabled), WPP_CONTROL, WppHexDump and
 * LOG_LENSTR, and the default DoTraceMessage(FLAG, MSG, ...).
 */
#ifndef MPABI_WPP_H
#define MPABI_WPP_H

#include "mpabi_types.h"
#include "evntrace.h"

MPABI_EXTERN_C_BEGIN

/* Formats Format (printf conversions plus WPP's %!NAME! ones) and logs it with the level and
 * flag name. Implemented in the import stub (CMiniportABI/stub/wpp_trace.c). */
void MpAbiWppTraceMessage(ULONG Level, const char *Flags, const char *Function, int Line, const char *Format, ...);

/* The argument of %!HEXDUMP! (and of WPP's LOG_LENSTR for %!lstr!-style counted strings). */
typedef struct {
    const void *Data;
    USHORT Length;
} MPABI_WPP_HEXDUMP;
static inline MPABI_WPP_HEXDUMP MpAbiWppHexDump(const void *Data, ULONG Length)
{
    MPABI_WPP_HEXDUMP dump;
    dump.Data = Data;
    dump.Length = (USHORT)(Length > 0xFFFF ? 0xFFFF : Length);
    return dump;
}
#define WppHexDump(Data, Length) MpAbiWppHexDump((Data), (ULONG)(Length))
#define LOG_LENSTR(Length, String) MpAbiWppHexDump((String), (ULONG)(Length))

/* Control blocks: every flag of every control GUID is on at every level. */
typedef struct {
    UCHAR Level;
    ULONG Flags[1];
    PVOID Logger;
} MPABI_WPP_CONTROL_BLOCK;
static inline const MPABI_WPP_CONTROL_BLOCK *MpAbiWppControlBlock(void)
{
    static const MPABI_WPP_CONTROL_BLOCK all = {0xFF, {0xFFFFFFFFU}, NULL};
    return &all;
}

#define WPP_INIT_TRACING(DriverObject, RegistryPath) ((void)(DriverObject), (void)(RegistryPath))
#define WPP_CLEANUP(DriverObject) ((void)(DriverObject))
#define WPP_SYSTEMCONTROL(PDO)
#define WPP_SYSTEMCONTROL2(PDO, offset)
#define WPP_CONTROL(x) (*MpAbiWppControlBlock())
#define WPP_FLAG_NO(x) ((x) / 32)
#define WPP_MASK(x) (1U << ((x) % 32))
#define WPP_LEVEL_ENABLED(x) 1
#define WPP_LEVEL_LOGGER(x) ((TRACEHANDLE)0)
#define WPP_FLAG_ENABLED(x) 1
#define WPP_FLAG_LOGGER(x) ((TRACEHANDLE)0)
#define WPP_LEVEL_FLAGS_ENABLED_DEFAULT(lvl, flags) 1
#define WPP_GLOBALLOGGER

/* The flag names of WPP_CONTROL_GUIDS become bit numbers WPP_BIT_<name>, as WPP numbers them. */
#define WPP_DEFINE_CONTROL_GUID(Name, Guid, Bits) Bits
#define WPP_DEFINE_BIT(Name) WPP_BIT_##Name,

/* The default trace function of WPP. */
#ifndef DoTraceMessage
#define DoTraceMessage(FLAG, MSG, ...) \
    MpAbiWppTraceMessage(0, #FLAG, __func__, __LINE__, MSG, ##__VA_ARGS__)
#endif

MPABI_EXTERN_C_END

#endif /* MPABI_WPP_H */
