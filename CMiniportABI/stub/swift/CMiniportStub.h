/*
 * CMiniportStub.h - the miniport view of the ABI, for miniports written in Swift.
 *
 * The CMiniportStub target compiles the import stub (the C files one directory up) into
 * whatever links it: a Swift miniport's .dynamic library product. This umbrella header gives
 * Swift what a C SCSI Port miniport gets from `#include <miniport.h>`, `<srb.h>` and
 * `<scsi.h>` (and `<wdm.h>`'s kernel routines, mpabi_kernel.h): the Windows x64 types, the ScsiPort* routines and HAL accessors (defined by the
 * stub inside the image), and the fixed-arity `static inline` helpers that stand in for the
 * variadic ScsiPortNotification and ScsiDebugPrint, which Swift cannot call.
 *
 * MPABI_HOST_VIEW is not defined here: this is not the port's view (that is the CMiniportABI
 * module). A Swift target must import one of the two modules, never both.
 */
#ifndef CMINIPORT_STUB_H
#define CMINIPORT_STUB_H

#include "../../include/miniport.h"
#include "../../include/srb.h"
#include "../../include/scsi.h"
/* The ntoskrnl.exe / hal.dll routines (docs/kernel-routines.md): KeGetCurrentIrql,
 * KeStallExecutionProcessor, ExAllocatePool2, KeSetTimer, ... DbgPrint and DbgPrintEx are
 * variadic, which Swift cannot call: vDbgPrintEx with `withVaList` is the fixed-arity route. */
#include "../../include/mpabi_kernel.h"

#endif /* CMINIPORT_STUB_H */
