/*
 * bridge_exports.c - the export table of the Windows-image bridge.
 *
 * The bridge is this stub directory compiled for Linux with MPABI_MS_ABI_BRIDGE (by clang):
 * the routines a miniport .so links, each with the Microsoft x64 convention, forwarding
 * through the same import table to the port. The PE loader gives every .sys its own copy of
 * the bridge (own table, own globals, as a .so has its own stub) and binds the image's
 * imports to the addresses the module files list (MpAbiBridge<Module>Exports, each checked at
 * compile time to hold ms_abi routines only), gathered here with the C runtime routines.
 * Without the macro this file compiles to nothing, so a miniport .so never carries it.
 */
#if defined(MPABI_MS_ABI_BRIDGE)
#include <stddef.h>
#pragma GCC visibility push(hidden)
#include "mpabi_types.h"
#include "mpabi_port_exports.h"
#include "mpabi_stub.h"
#pragma GCC visibility pop

extern const MPABI_BRIDGE_EXPORT MpAbiBridgeScsiPortExports[];
extern const MPABI_BRIDGE_EXPORT MpAbiBridgeStorPortExports[];
extern const MPABI_BRIDGE_EXPORT MpAbiBridgeHalExports[];
extern const MPABI_BRIDGE_EXPORT MpAbiBridgeKernelExports[];

#define MPABI_CRT_CHECK(Name, Module) \
    static __typeof__(MpAbiMs_##Name) MPABI_MS_ABI *const MpAbiMsCheck_##Name __attribute__((unused)) = &MpAbiMs_##Name;
MPABI_CRT_EXPORTS(MPABI_CRT_CHECK)
#define MPABI_CRT_ROW(Name, Module) {#Name, MPABI_MODULE_NAME_##Module, (const void *)&MpAbiMs_##Name},
static const MPABI_BRIDGE_EXPORT MpAbiBridgeCrtExports[] = {
    MPABI_CRT_EXPORTS(MPABI_CRT_ROW)
    {NULL, NULL, NULL},
};

/* What the loader reads with dlsym: the module tables, each ended by a NULL name; NULL ends the list. */
__attribute__((visibility("default"))) const MPABI_BRIDGE_EXPORT *const MpAbiBridgeExportTables[] = {
    MpAbiBridgeScsiPortExports, MpAbiBridgeStorPortExports, MpAbiBridgeHalExports,
    MpAbiBridgeKernelExports, MpAbiBridgeCrtExports, NULL,
};
#endif /* MPABI_MS_ABI_BRIDGE */
