/*
 * mpabi_host.h - what the Swift port drivers see of the ABI (the CMiniportABI module).
 *
 * The SCSI Port family under its WDK names (miniport.h, srb.h, scsi.h), the StorPort-only
 * types, the StorPort forms of PORT_CONFIGURATION_INFORMATION and HW_INITIALIZATION_DATA
 * under STOR_-prefixed names (their WDK names belong to srb.h here), the import table and
 * the compiled layout table. Miniports never include this header.
 */
#ifndef MPABI_HOST_H
#define MPABI_HOST_H

/* Hides the routine declarations: the host implements the port, it does not call it. */
#define MPABI_HOST_VIEW 1

#include "miniport.h"
#include "srb.h"
#include "scsi.h"
#include "mpabi_storport_types.h"

#define MPABI_SP(name) STOR_##name
#include "mpabi_storport_layout.h"
#undef MPABI_SP

#include "mpabi_import.h"
#include "mpabi_layout.h"
#include "mpabi_host_support.h"
#include "mpabi_export_table.h"
#include "mpabi_msabi.h"
#include "mpabi_pe.h"
#include "mpabi_trap.h"

#endif /* MPABI_HOST_H */
