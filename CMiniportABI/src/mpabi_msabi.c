/*
 * mpabi_msabi.c - host side of the calling-convention boundary (mpabi_msabi.h).
 */
#include "mpabi_host.h"

void MpAbiReportUnresolvedThroughTable(void *Table, const char *Routine)
{
    MPABI_IMPORT_TABLE *table = (MPABI_IMPORT_TABLE *)Table;
    if (table != NULL && table->Header.Unresolved != NULL)
        table->Header.Unresolved(table->Header.Context, Routine);
}
