/*
 * ntddk.h - the WDK's ntddk.h for storage miniports: wdm.h (base types, status codes, lists,
 * Interlocked*, kernel routines and objects, driver objects) plus the PCI configuration
 * definitions (mpabi_bus.h). It may be included before or after miniport.h / srb.h or
 * storport.h, in any order.
 */
#ifndef _NTDDK_
#define _NTDDK_
#ifndef _NTDDK_INCLUDED_
#define _NTDDK_INCLUDED_
#endif

#include "wdm.h"
#include "mpabi_bus.h"

#endif /* _NTDDK_ */
