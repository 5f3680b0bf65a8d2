/*
 * mpabi_import.h - the per-image import table: how a miniport .so reaches the port.
 *
 * Every miniport image links the import stub (the C files in CMiniportABI/stub). The stub defines each
 * WDK port routine (ScsiPort*, StorPort*, the HAL accessors, the kernel routines) with hidden visibility and
 * forwards it through the image's own table, `MpAbiImportTable`, the one symbol the stub
 * exports. The loader finds the table with dlsym right after dlopen, checks Magic, Version
 * and Size, stores its Context and fills every slot before it calls DriverEntry. Because
 * each image (and each dlopen'ed copy of an image, such as the crash-dump copy) has its own
 * table, several images and copies can be driven by different ports in one process.
 *
 * Slots are fixed-arity C function pointers; each takes the table's Context first, then the
 * routine's own arguments. Values the WDK passes as PHYSICAL_ADDRESS travel as ULONGLONG
 * (the QuadPart). Pointers to PORT_CONFIGURATION_INFORMATION / HW_INITIALIZATION_DATA travel
 * as PVOID because their layout depends on the family (SCSI Port or StorPort); the port knows
 * which family it serves. Variadic routines are decoded in C: ScsiPortNotification and
 * StorPortNotification call one slot per notification type, debug prints are formatted in
 * the image and arrive as text.
 *
 * When a slot is NULL the stub calls Header.Unresolved with the routine's name and returns a
 * zero value, so a port that leaves a routine out is told instead of crashing.
 *
 * Compatibility: Version changes whenever a slot is added, removed or changed; the loader
 * refuses an image whose Version or Size differs from its own, naming both versions.
 */
#ifndef MPABI_IMPORT_H
#define MPABI_IMPORT_H

#include "mpabi_types.h"
#include "mpabi_bus.h"
#include "mpabi_srb_common.h"
#include "mpabi_import_scsiport.h"
#include "mpabi_import_storport.h"
#include "mpabi_import_kernel.h"

MPABI_EXTERN_C_BEGIN

/* 'MPIT' */
#define MPABI_IMPORT_MAGIC 0x5449504DU
/* History: 1 - first table (SCSI Port, HAL accessors, StorPort).
 *          2 - the Kernel group (ntoskrnl.exe / hal.dll routines that need the port: clock,
 *              IRQL, spin locks, waits, bug check, DbgPrint, pool, physical addresses).
 *          3 - Kernel.SetTimer / CancelTimer (timers and their DPCs on the port's clock) and
 *              Kernel.ReleaseObject (semaphore limit, mutex owner).
 *          4 - Kernel.CurrentProcessor / ActiveProcessors (the machine's virtual processors). */
#define MPABI_IMPORT_VERSION 4U
/* The exported symbol the loader looks up. */
#define MPABI_IMPORT_TABLE_SYMBOL "MpAbiImportTable"

typedef VOID (*MPABI_UNRESOLVED_ROUTINE)(PVOID Context, const char *RoutineName);

typedef struct _MPABI_IMPORT_HEADER {
    ULONG Magic;    /* MPABI_IMPORT_MAGIC, set by the stub at build time */
    ULONG Version;  /* MPABI_IMPORT_VERSION the stub was built with */
    ULONG Size;     /* sizeof(MPABI_IMPORT_TABLE) the stub was built with */
    ULONG Flags;    /* reserved, 0 */
    PVOID Context;  /* owned by the host; passed first to every slot */
    MPABI_UNRESOLVED_ROUTINE Unresolved; /* called for a NULL slot */
} MPABI_IMPORT_HEADER, *PMPABI_IMPORT_HEADER;

typedef struct _MPABI_IMPORT_TABLE {
    MPABI_IMPORT_HEADER Header;
    MPABI_SCSIPORT_IMPORTS ScsiPort;
    MPABI_STORPORT_IMPORTS StorPort;
    MPABI_KERNEL_IMPORTS Kernel;
} MPABI_IMPORT_TABLE, *PMPABI_IMPORT_TABLE;

/* What DriverEntry looks like from the loader (DRIVER_OBJECT and UNICODE_STRING pointers). */
typedef ULONG (*MPABI_DRIVER_ENTRY)(PVOID DriverObject, PVOID RegistryPath);

MPABI_EXTERN_C_END

#endif /* MPABI_IMPORT_H */
