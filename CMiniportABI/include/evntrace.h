/*
 * evntrace.h - event-tracing (ETW) constants a driver's tracing code names: trace levels,
 * kernel event-trace flags and the TRACEHANDLE type.
 *
 * Part of the miniport SDK's CMiniportABI module: the subset of the WDK header that WPP-traced
 * drivers use (values checked against mingw-w64 by the golden table). No ETW session exists in
 * the emulation; mpabi_wpp.h routes WPP trace calls to the port log.
 */
#ifndef MPABI_EVNTRACE_H
#define MPABI_EVNTRACE_H
#ifndef _EVNTRACE_
#define _EVNTRACE_
#endif

#include "mpabi_types.h"

typedef ULONG64 TRACEHANDLE, *PTRACEHANDLE;

/* Trace levels (the Level of a trace message or an enabled session). */
#define TRACE_LEVEL_NONE        0
#define TRACE_LEVEL_CRITICAL    1
#define TRACE_LEVEL_FATAL       1
#define TRACE_LEVEL_ERROR       2
#define TRACE_LEVEL_WARNING     3
#define TRACE_LEVEL_INFORMATION 4
#define TRACE_LEVEL_VERBOSE     5
#define TRACE_LEVEL_RESERVED6   6
#define TRACE_LEVEL_RESERVED7   7
#define TRACE_LEVEL_RESERVED8   8
#define TRACE_LEVEL_RESERVED9   9

/* Kernel logger event classes. */
#define EVENT_TRACE_FLAG_PROCESS              0x00000001
#define EVENT_TRACE_FLAG_THREAD               0x00000002
#define EVENT_TRACE_FLAG_IMAGE_LOAD           0x00000004
#define EVENT_TRACE_FLAG_PROCESS_COUNTERS     0x00000008
#define EVENT_TRACE_FLAG_CSWITCH              0x00000010
#define EVENT_TRACE_FLAG_DPC                  0x00000020
#define EVENT_TRACE_FLAG_INTERRUPT            0x00000040
#define EVENT_TRACE_FLAG_SYSTEMCALL           0x00000080
#define EVENT_TRACE_FLAG_DISK_IO              0x00000100
#define EVENT_TRACE_FLAG_DISK_FILE_IO         0x00000200
#define EVENT_TRACE_FLAG_DISK_IO_INIT         0x00000400
#define EVENT_TRACE_FLAG_DISPATCHER           0x00000800
#define EVENT_TRACE_FLAG_MEMORY_PAGE_FAULTS   0x00001000
#define EVENT_TRACE_FLAG_MEMORY_HARD_FAULTS   0x00002000
#define EVENT_TRACE_FLAG_VIRTUAL_ALLOC        0x00004000
#define EVENT_TRACE_FLAG_VAMAP                0x00008000
#define EVENT_TRACE_FLAG_NETWORK_TCPIP        0x00010000
#define EVENT_TRACE_FLAG_REGISTRY             0x00020000
#define EVENT_TRACE_FLAG_DBGPRINT             0x00040000
#define EVENT_TRACE_FLAG_JOB                  0x00080000
#define EVENT_TRACE_FLAG_ALPC                 0x00100000
#define EVENT_TRACE_FLAG_SPLIT_IO             0x00200000
#define EVENT_TRACE_FLAG_DEBUG_EVENTS         0x00400000
#define EVENT_TRACE_FLAG_DRIVER               0x00800000
#define EVENT_TRACE_FLAG_PROFILE              0x01000000
#define EVENT_TRACE_FLAG_FILE_IO              0x02000000
#define EVENT_TRACE_FLAG_FILE_IO_INIT         0x04000000
#define EVENT_TRACE_FLAG_NO_SYSCONFIG         0x10000000
#define EVENT_TRACE_FLAG_ENABLE_RESERVE       0x20000000
#define EVENT_TRACE_FLAG_FORWARD_WMI          0x40000000
#define EVENT_TRACE_FLAG_EXTENSION            0x80000000

/* Event types of an event-trace header. */
#define EVENT_TRACE_TYPE_INFO       0x00
#define EVENT_TRACE_TYPE_START      0x01
#define EVENT_TRACE_TYPE_END        0x02
#define EVENT_TRACE_TYPE_STOP       0x02
#define EVENT_TRACE_TYPE_DC_START   0x03
#define EVENT_TRACE_TYPE_DC_END     0x04
#define EVENT_TRACE_TYPE_EXTENSION  0x05
#define EVENT_TRACE_TYPE_REPLY      0x06
#define EVENT_TRACE_TYPE_DEQUEUE    0x07
#define EVENT_TRACE_TYPE_RESUME     0x07
#define EVENT_TRACE_TYPE_CHECKPOINT 0x08
#define EVENT_TRACE_TYPE_SUSPEND    0x08
#define EVENT_TRACE_TYPE_WINEVT_SEND 0x09
#define EVENT_TRACE_TYPE_WINEVT_RECEIVE 0xF0

#endif /* MPABI_EVNTRACE_H */
