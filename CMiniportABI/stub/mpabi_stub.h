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

/* Debug text is formatted in the image into a bounded buffer; longer text is truncated. */
#define MPABI_DEBUG_TEXT_MAX 512

static inline SCSI_PHYSICAL_ADDRESS MpAbiPhysical(ULONGLONG Value)
{
    SCSI_PHYSICAL_ADDRESS address;
    address.QuadPart = (LONGLONG)Value;
    return address;
}

#endif /* MPABI_STUB_H */
