/*
 * mpabi_stub.h - forwarding helpers shared by the import stub's files.
 *
 * The stub is compiled into every miniport image. Each file includes this header after
 * `#pragma GCC visibility push(hidden)`, so every routine it defines stays inside the image
 * (a host symbol of the same name can never interpose) while MpAbiImportTable, declared
 * here with default visibility, is the single symbol the loader looks up.
 */
#ifndef MPABI_STUB_H
#define MPABI_STUB_H

#include "mpabi_import.h"

extern __attribute__((visibility("default"))) MPABI_IMPORT_TABLE MpAbiImportTable;

/* Reports a routine whose slot the port left empty (defined in import_table.c). */
void MpAbiReportUnresolved(const char *RoutineName);

#define MPABI_SLOT(Group, Name) (MpAbiImportTable.Group.Name)
#define MPABI_CONTEXT (MpAbiImportTable.Header.Context)

/* Return the slot's result, or report the routine and return Fallback if the slot is empty. */
#define MPABI_FORWARD_RET(Group, Name, Fallback, ...)                                   \
    do {                                                                                \
        if (__builtin_expect(MPABI_SLOT(Group, Name) != NULL, 1))                       \
            return MPABI_SLOT(Group, Name)(MPABI_CONTEXT, ##__VA_ARGS__);               \
        MpAbiReportUnresolved(#Group #Name);                                            \
        return (Fallback);                                                              \
    } while (0)

/* Call a void slot, or report the routine if the slot is empty. Usable inside a switch. */
#define MPABI_FORWARD_VOID(Group, Name, ...)                                            \
    do {                                                                                \
        if (__builtin_expect(MPABI_SLOT(Group, Name) != NULL, 1))                       \
            MPABI_SLOT(Group, Name)(MPABI_CONTEXT, ##__VA_ARGS__);                      \
        else                                                                            \
            MpAbiReportUnresolved(#Group #Name);                                        \
    } while (0)

/*
 * Variadic routines. In a miniport .so the stub's routines use the Linux (System V) convention
 * and its va_list. Compiled as the Windows-image bridge (MPABI_MS_ABI_BRIDGE: every exported
 * routine is ms_abi, see stub/bridge_exports.c), a variadic routine receives the Microsoft x64
 * va_list instead (a pointer to consecutive 8-byte slots) and formats text with the Microsoft
 * printf rules (32-bit long, %I64x, %wZ, ...) in ms_format.c.
 */
#if defined(MPABI_MS_ABI_BRIDGE)
#include "ms_format.h"
typedef __builtin_ms_va_list MPABI_VA_LIST;
#define MPABI_VA_START(List, Last) __builtin_ms_va_start(List, Last)
#define MPABI_VA_END(List) __builtin_ms_va_end(List)
#define MPABI_VSNPRINTF(Buffer, Count, Format, List) MpAbiMsFormat(Buffer, Count, Format, List)
/* A va_list parameter (vDbgPrintEx) holds the caller's Microsoft va_list: the slot pointer. */
#define MPABI_VA_PARAMETER(List) ((__builtin_ms_va_list)(void *)(List))

/* MPABI_BRIDGE_EXPORT, one row of the bridge's export table, is in mpabi_msabi.h. */
#include "mpabi_msabi.h"
/* A routine with the Microsoft convention converts to a pointer of its own type made ms_abi;
 * a System V routine does not (clang: incompatible function pointer types, an error). So a
 * routine whose declaration lacks its convention keyword (NTAPI, STORPORT_API, ...) stops the
 * bridge from compiling. */
#define MPABI_MS_CHECK(Name, Module) \
    static __typeof__(Name) MPABI_MS_ABI *const MpAbiMsCheck_##Name __attribute__((unused)) = &Name;
#define MPABI_BRIDGE_ROW(Name, Module) {#Name, MPABI_MODULE_NAME_##Module, (const void *)&Name},
#define MPABI_MODULE_NAME_scsiport "scsiport.sys"
#define MPABI_MODULE_NAME_storport "storport.sys"
#define MPABI_MODULE_NAME_hal "hal.dll"
#define MPABI_MODULE_NAME_ntoskrnl "ntoskrnl.exe"
#else
#include <stdarg.h>
typedef va_list MPABI_VA_LIST;
#define MPABI_VA_START(List, Last) va_start(List, Last)
#define MPABI_VA_END(List) va_end(List)
#define MPABI_VSNPRINTF(Buffer, Count, Format, List) vsnprintf(Buffer, Count, Format, List)
#define MPABI_VA_PARAMETER(List) (List)
#endif

/* Debug text is formatted in the image into a bounded buffer; longer text is truncated. */
#define MPABI_DEBUG_TEXT_MAX 512

static inline SCSI_PHYSICAL_ADDRESS MpAbiPhysical(ULONGLONG Value)
{
    SCSI_PHYSICAL_ADDRESS address;
    address.QuadPart = (LONGLONG)Value;
    return address;
}

#endif /* MPABI_STUB_H */
