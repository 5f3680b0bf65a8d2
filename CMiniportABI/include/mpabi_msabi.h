/*
 * mpabi_msabi.h - the calling-convention boundary between the port (Linux, System V x86-64)
 * and a Windows x64 driver image (.sys, Microsoft x64 convention).
 *
 * Into the port: a .sys imports its routines from the Windows-image bridge, the import stub
 * compiled with every routine ms_abi (stub/bridge_exports.c); MPABI_BRIDGE_EXPORT is one row
 * of the bridge's export table.
 *
 * Into the miniport: every routine of a .sys (DriverEntry, HwFindAdapter, HwStartIo, timers,
 * DPCs, ...) is called through MpAbiMsCall*: the compiler passes the arguments in RCX, RDX,
 * R8, R9 and the stack, reserves the 32 bytes of home space, keeps RSP 16-byte aligned at the
 * call and treats RSI, RDI and XMM6-XMM15 as preserved by the callee, as the Microsoft
 * convention requires. Arguments are handed over as 64-bit values: the Microsoft convention
 * leaves the upper bits of a narrower argument undefined, so the callee reads only its part.
 * The return value is read at its declared width (a BOOLEAN from AL, a ULONG from EAX).
 * Host code only: miniports never include this header.
 */
#ifndef MPABI_MSABI_H
#define MPABI_MSABI_H

#include <stdint.h>

typedef struct _MPABI_BRIDGE_EXPORT {
    const char *Name;
    const char *Module;
    const void *Address;
} MPABI_BRIDGE_EXPORT;

#if defined(__x86_64__)
#define MPABI_MSCALL __attribute__((ms_abi))

typedef uint64_t MPABI_MSARG;

#define MPABI_MSCALL_FAMILY(Suffix, Result)                                                                        \
    static inline Result MpAbiMsCall##Suffix##0(const void *Routine)                                               \
    {                                                                                                              \
        return ((Result(MPABI_MSCALL *)(void))Routine)();                                                          \
    }                                                                                                              \
    static inline Result MpAbiMsCall##Suffix##1(const void *Routine, MPABI_MSARG A1)                               \
    {                                                                                                              \
        return ((Result(MPABI_MSCALL *)(MPABI_MSARG))Routine)(A1);                                                 \
    }                                                                                                              \
    static inline Result MpAbiMsCall##Suffix##2(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2)               \
    {                                                                                                              \
        return ((Result(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG))Routine)(A1, A2);                                \
    }                                                                                                              \
    static inline Result MpAbiMsCall##Suffix##3(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2,               \
                                                MPABI_MSARG A3)                                                    \
    {                                                                                                              \
        return ((Result(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG, MPABI_MSARG))Routine)(A1, A2, A3);               \
    }                                                                                                              \
    static inline Result MpAbiMsCall##Suffix##4(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2,               \
                                                MPABI_MSARG A3, MPABI_MSARG A4)                                    \
    {                                                                                                              \
        return ((Result(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG))Routine)(A1, A2, A3,   \
                                                                                                     A4);          \
    }                                                                                                              \
    static inline Result MpAbiMsCall##Suffix##6(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2,               \
                                                MPABI_MSARG A3, MPABI_MSARG A4, MPABI_MSARG A5, MPABI_MSARG A6)    \
    {                                                                                                              \
        return ((Result(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG,           \
                                        MPABI_MSARG))Routine)(A1, A2, A3, A4, A5, A6);                             \
    }

/* HwFindAdapter of a StorPort virtual miniport (VIRTUAL_HW_FIND_ADAPTER) takes seven. */
static inline uint32_t MpAbiMsCallU327(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2, MPABI_MSARG A3,
                                       MPABI_MSARG A4, MPABI_MSARG A5, MPABI_MSARG A6, MPABI_MSARG A7)
{
    return ((uint32_t(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG,
                                      MPABI_MSARG))Routine)(A1, A2, A3, A4, A5, A6, A7);
}

/* MpAbiMsCallU8N: BOOLEAN results; MpAbiMsCallU32N: ULONG, NTSTATUS and enum results. */
MPABI_MSCALL_FAMILY(U8, uint8_t)
MPABI_MSCALL_FAMILY(U32, uint32_t)

/* Routines without a result. */
static inline void MpAbiMsCallVoid1(const void *Routine, MPABI_MSARG A1)
{
    ((void(MPABI_MSCALL *)(MPABI_MSARG))Routine)(A1);
}
static inline void MpAbiMsCallVoid2(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2)
{
    ((void(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG))Routine)(A1, A2);
}
static inline void MpAbiMsCallVoid3(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2, MPABI_MSARG A3)
{
    ((void(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG, MPABI_MSARG))Routine)(A1, A2, A3);
}
static inline void MpAbiMsCallVoid4(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2, MPABI_MSARG A3,
                                    MPABI_MSARG A4)
{
    ((void(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG))Routine)(A1, A2, A3, A4);
}
static inline void MpAbiMsCallVoid5(const void *Routine, MPABI_MSARG A1, MPABI_MSARG A2, MPABI_MSARG A3,
                                    MPABI_MSARG A4, MPABI_MSARG A5)
{
    ((void(MPABI_MSCALL *)(MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG, MPABI_MSARG))Routine)(A1, A2, A3, A4, A5);
}
#endif /* __x86_64__ */

/*
 * The report behind a .sys's unresolved-import stubs: Table is the image's import table (in its
 * bridge copy); the routine is reported through Header.Unresolved to the port bound to it, as
 * the stub of a .so reports a routine the SDK declares but does not implement.
 */
void MpAbiReportUnresolvedThroughTable(void *Table, const char *Routine);

#endif /* MPABI_MSABI_H */
