/* See mpabi_export_table.h. The lists are read through their X-macros, never parsed. */
#include "mpabi_export_table.h"
#include "mpabi_kernel_exports.h"
#include "mpabi_port_exports.h"

#define MPABI_MODULE_ntoskrnl "ntoskrnl.exe"
#define MPABI_MODULE_hal "hal.dll"
#define MPABI_MODULE_scsiport "scsiport.sys"
#define MPABI_MODULE_storport "storport.sys"

/* Kernel list entries: an export of ntoskrnl or hal, nothing for an inline one. */
#define MPABI_KERNEL_ENTRY(Name, Module, How) MPABI_KERNEL_ENTRY_##Module(Name)
#define MPABI_KERNEL_ENTRY_ntoskrnl(Name) {#Name, MPABI_MODULE_ntoskrnl},
#define MPABI_KERNEL_ENTRY_hal(Name) {#Name, MPABI_MODULE_hal},
#define MPABI_KERNEL_ENTRY_inline(Name)

#define MPABI_PORT_ENTRY(Name, Module) {#Name, MPABI_MODULE_##Module},

const MPABI_EXPORT MpAbiExports[] = {
    MPABI_KERNEL_EXPORTS(MPABI_KERNEL_ENTRY)
    MPABI_SCSIPORT_EXPORTS(MPABI_PORT_ENTRY)
    MPABI_STORPORT_EXPORTS(MPABI_PORT_ENTRY)
    MPABI_HAL_EXPORTS(MPABI_PORT_ENTRY)
    MPABI_CRT_EXPORTS(MPABI_PORT_ENTRY)
};
const unsigned MpAbiExportCount = sizeof MpAbiExports / sizeof MpAbiExports[0];

#define MPABI_INLINE_ENTRY(Name, Module, How) MPABI_INLINE_ENTRY_##Module(Name)
#define MPABI_INLINE_ENTRY_ntoskrnl(Name)
#define MPABI_INLINE_ENTRY_hal(Name)
#define MPABI_INLINE_ENTRY_inline(Name) #Name,

const char *const MpAbiInlineRoutines[] = {
    MPABI_KERNEL_EXPORTS(MPABI_INLINE_ENTRY)
};
const unsigned MpAbiInlineRoutineCount = sizeof MpAbiInlineRoutines / sizeof MpAbiInlineRoutines[0];

const MPABI_EXPORT *MpAbiExportAt(unsigned Index)
{
    return Index < MpAbiExportCount ? &MpAbiExports[Index] : 0;
}

const char *MpAbiInlineRoutineAt(unsigned Index)
{
    return Index < MpAbiInlineRoutineCount ? MpAbiInlineRoutines[Index] : 0;
}
