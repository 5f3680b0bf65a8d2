/*
 * stortrce.h - tracing support for storage miniports (WPP and trace levels).
 *
 * Part of the miniport SDK's CMiniportABI module. In the WDK a StorPort miniport includes this
 * header to trace through WPP; here it brings in evntrace.h (TRACE_LEVEL_*, EVENT_TRACE_FLAG_*)
 * and mpabi_wpp.h (WPP_INIT_TRACING, WPP_CLEANUP, the WPP_CONTROL_GUIDS helpers and
 * DoTraceMessage), whose trace calls reach the port log. StorPort's ETW routines
 * (StorPortEtwEvent*) and the HW_INITIALIZE_TRACING / HW_CLEANUP_TRACING callbacks belong to
 * storport.h.
 */
#ifndef MPABI_STORTRCE_H
#define MPABI_STORTRCE_H
#ifndef _STORTRCE_H_
#define _STORTRCE_H_
#endif

#include "evntrace.h"
#include "mpabi_wpp.h"

#endif /* MPABI_STORTRCE_H */
