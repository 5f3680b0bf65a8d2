/*
 * mpabi_kernel.h - the ntoskrnl.exe routines a miniport may import (Ke*, Ex*, Mm*, Rtl*,
 * Dbg*), declared as the WDK declares them. wdm.h and ntddk.h include this header; the
 * per-image import stub defines each routine and forwards it to the port's kernel model.
 */
#ifndef MPABI_KERNEL_H
#define MPABI_KERNEL_H

#include "mpabi_types.h"

#endif /* MPABI_KERNEL_H */
