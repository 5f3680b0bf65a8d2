/*
 * import_table.c - the image's import table, the one symbol the import stub exports.
 *
 * Magic, Version and Size are fixed here at build time, so the loader can tell which table
 * layout the image was built against before it writes a single slot.
 */
#pragma GCC visibility push(hidden)
#include "mpabi_stub.h"
#pragma GCC visibility pop

__attribute__((visibility("default"))) MPABI_IMPORT_TABLE MpAbiImportTable = {
    .Header = {
        .Magic = MPABI_IMPORT_MAGIC,
        .Version = MPABI_IMPORT_VERSION,
        .Size = (ULONG)sizeof(MPABI_IMPORT_TABLE),
        .Flags = 0,
        .Context = NULL,
        .Unresolved = NULL,
    },
};

__attribute__((visibility("hidden"))) void MpAbiReportUnresolved(const char *RoutineName)
{
    if (MpAbiImportTable.Header.Unresolved != NULL)
        MpAbiImportTable.Header.Unresolved(MpAbiImportTable.Header.Context, RoutineName);
}
