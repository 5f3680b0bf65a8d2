/*
 * mpabi_export_table.h - the SDK's export lists (mpabi_kernel_exports.h, mpabi_port_exports.h)
 * as one compiled table, for the host: the Windows build writes the import libraries of a .sys
 * from it, and the PE loader binds a .sys's imports against it (SDKExports in MiniportKit).
 *
 * One entry per exported routine, Module being exactly "ntoskrnl.exe", "hal.dll",
 * "scsiport.sys" or "storport.sys". The routines the kernel list marks `inline` are macros or
 * inline functions of the x64 WDK headers, never exports: they are not in MpAbiExports but in
 * MpAbiInlineRoutines.
 */
#ifndef MPABI_EXPORT_TABLE_H
#define MPABI_EXPORT_TABLE_H

typedef struct {
    const char *Name;
    const char *Module;
} MPABI_EXPORT;

/* Every routine a .sys may import, in list order (not sorted). */
extern const MPABI_EXPORT MpAbiExports[];
extern const unsigned MpAbiExportCount;

/* The kernel routines the x64 WDK headers define inline (no module exports them). */
extern const char *const MpAbiInlineRoutines[];
extern const unsigned MpAbiInlineRoutineCount;

/* Entry Index of each table, or NULL past its end (for Swift, which does not import arrays
 * of unknown size). */
const MPABI_EXPORT *MpAbiExportAt(unsigned Index);
const char *MpAbiInlineRoutineAt(unsigned Index);

#endif /* MPABI_EXPORT_TABLE_H */
