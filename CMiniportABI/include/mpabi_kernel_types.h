/*
 * mpabi_kernel_types.h - the kernel object and parameter types of the ntoskrnl.exe / hal.dll
 * routines a miniport imports (mpabi_kernel.h declares the routines).
 *
 * One home for the kernel types: storport.h (through mpabi_storport_types.h), wdm.h and
 * mpabi_kernel.h include this file. Layouts are Windows x64 (LLP64): the sizes the WDK has are
 * pinned by C_ASSERTs at the end (measured against mingw-w64's DDK wdm.h, the layout oracle),
 * so a miniport structure that embeds a KEVENT or a KDPC keeps its offsets. The port never
 * looks inside a dispatcher object except through DISPATCHER_HEADER (Type, SignalState) and a
 * KTIMER's DueTime, as the kernel routines of docs/kernel-routines.md describe.
 */
#ifndef MPABI_KERNEL_TYPES_H
#define MPABI_KERNEL_TYPES_H

#include "mpabi_types.h"
/* The ntdef.h base types (HANDLE, CSHORT, ACCESS_MASK, PCSZ, PCUNICODE_STRING, ...) have their one
 * home there; this header only adds the kernel's own. */
#include "ntdef.h"

MPABI_EXTERN_C_BEGIN

typedef CCHAR KPROCESSOR_MODE;
typedef LONG KPRIORITY;

/* =====================================================================================
 * Spin locks, DPCs, processors, caching (StorPort structures embed these).
 * ===================================================================================== */


#ifndef MPABI_KERNEL_SYNC_TYPES_DEFINED
#define MPABI_KERNEL_SYNC_TYPES_DEFINED

typedef ULONG_PTR KSPIN_LOCK, *PKSPIN_LOCK;

struct _KDPC;
typedef VOID (*PKDEFERRED_ROUTINE)(struct _KDPC *Dpc, PVOID DeferredContext,
                                   PVOID SystemArgument1, PVOID SystemArgument2);

/* Deferred procedure call object: 64 bytes on x64. */
typedef struct _KDPC {
    union {
        ULONG TargetInfoAsUlong;
        struct {
            UCHAR Type;
            UCHAR Importance;
            volatile USHORT Number;
        };
    };
    SINGLE_LIST_ENTRY DpcListEntry;
    KAFFINITY ProcessorHistory;
    PKDEFERRED_ROUTINE DeferredRoutine;
    PVOID DeferredContext;
    PVOID SystemArgument1;
    PVOID SystemArgument2;
    PVOID volatile DpcData;
} KDPC, *PKDPC, *PRKDPC;

/* One waiter in a queued spin lock, and the handle a queued acquire fills in. */
typedef struct _KSPIN_LOCK_QUEUE {
    struct _KSPIN_LOCK_QUEUE *volatile Next;
    PKSPIN_LOCK volatile Lock;
} KSPIN_LOCK_QUEUE, *PKSPIN_LOCK_QUEUE;

typedef struct _KLOCK_QUEUE_HANDLE {
    KSPIN_LOCK_QUEUE LockQueue;
    KIRQL OldIrql;
} KLOCK_QUEUE_HANDLE, *PKLOCK_QUEUE_HANDLE;

#endif /* MPABI_KERNEL_SYNC_TYPES_DEFINED */

#ifndef MPABI_PROCESSOR_TYPES_DEFINED
#define MPABI_PROCESSOR_TYPES_DEFINED

/* A processor named by group and number within the group. */
typedef struct _PROCESSOR_NUMBER {
    USHORT Group;
    UCHAR Number;
    UCHAR Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;

/* An affinity mask within one processor group (16 bytes). */
typedef struct _GROUP_AFFINITY {
    KAFFINITY Mask;
    USHORT Group;
    USHORT Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

typedef enum _LOGICAL_PROCESSOR_RELATIONSHIP {
    RelationProcessorCore = 0,
    RelationNumaNode = 1,
    RelationCache = 2,
    RelationProcessorPackage = 3,
    RelationGroup = 4,
    RelationProcessorDie = 5,
    RelationNumaNodeEx = 6,
    RelationProcessorModule = 7,
    RelationAll = 0xffff
} LOGICAL_PROCESSOR_RELATIONSHIP;

/* Only ever handled through a pointer by StorPort miniports. */
struct _SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX;
typedef struct _SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX *PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX;

#endif /* MPABI_PROCESSOR_TYPES_DEFINED */

#ifndef MPABI_MEMORY_CACHING_TYPE_DEFINED
#define MPABI_MEMORY_CACHING_TYPE_DEFINED

typedef enum _MEMORY_CACHING_TYPE {
    MmNotMapped = -1,
    MmNonCached = 0,
    MmCached = 1,
    MmWriteCombined = 2,
    MmHardwareCoherentCached = 3,
    MmNonCachedUnordered = 4,
    MmUSWCCached = 5,
    MmMaximumCacheType = 6
} MEMORY_CACHING_TYPE;

/* NUMA node a contiguous allocation should come from. */
typedef ULONG NODE_REQUIREMENT;
#define MM_ANY_NODE_OK 0x80000000

#endif /* MPABI_MEMORY_CACHING_TYPE_DEFINED */

/* The role types of a DPC routine and a system-thread start routine. */
typedef VOID KDEFERRED_ROUTINE(struct _KDPC *Dpc, PVOID DeferredContext, PVOID SystemArgument1,
                               PVOID SystemArgument2);
typedef VOID KSTART_ROUTINE(PVOID StartContext);
typedef KSTART_ROUTINE *PKSTART_ROUTINE;

/* KDPC.Importance. */
typedef enum _KDPC_IMPORTANCE {
    LowImportance = 0,
    MediumImportance = 1,
    HighImportance = 2,
    MediumHighImportance = 3
} KDPC_IMPORTANCE;

/* =====================================================================================
 * Dispatcher objects: what a thread waits on.
 * ===================================================================================== */

/* The common head of every dispatcher object (24 bytes on x64). Type is an MPABI_OBJECT_* value;
 * SignalState > 0 means signalled. */
typedef struct _DISPATCHER_HEADER {
    union {
        struct {
            UCHAR Type;
            UCHAR Signalling;
            UCHAR Size;
            UCHAR Reserved1;
        };
        volatile LONG Lock;
        LONG LockNV;
    };
    LONG SignalState;
    LIST_ENTRY WaitListHead;
} DISPATCHER_HEADER, *PDISPATCHER_HEADER;

/* DISPATCHER_HEADER.Type values KeInitializeEvent/Semaphore/Mutex/Timer(Ex) store (the
 * kernel's KOBJECTS numbering, which the WDK headers do not publish: hence the prefix). */
#define MPABI_OBJECT_EVENT_NOTIFICATION 0
#define MPABI_OBJECT_EVENT_SYNCHRONIZATION 1
#define MPABI_OBJECT_MUTANT 2
#define MPABI_OBJECT_SEMAPHORE 5
#define MPABI_OBJECT_TIMER_NOTIFICATION 8
#define MPABI_OBJECT_TIMER_SYNCHRONIZATION 9

typedef enum _EVENT_TYPE {
    NotificationEvent = 0,
    SynchronizationEvent = 1
} EVENT_TYPE;

typedef enum _TIMER_TYPE {
    NotificationTimer = 0,
    SynchronizationTimer = 1
} TIMER_TYPE;

typedef enum _WAIT_TYPE {
    WaitAll = 0,
    WaitAny = 1,
    WaitNotification = 2,
    WaitDequeue = 3,
    WaitDpc = 4
} WAIT_TYPE;

typedef enum _KWAIT_REASON {
    Executive = 0, FreePage, PageIn, PoolAllocation, DelayExecution, Suspended, UserRequest,
    WrExecutive, WrFreePage, WrPageIn, WrPoolAllocation, WrDelayExecution, WrSuspended,
    WrUserRequest, WrSpare0, WrQueue, WrLpcReceive, WrLpcReply, WrVirtualMemory, WrPageOut,
    WrRendezvous, WrKeyedEvent, WrTerminated, WrProcessInSwap, WrCpuRateControl,
    WrCalloutStack, WrKernel, WrResource, WrPushLock, WrMutex, WrQuantumEnd, WrDispatchInt,
    WrPreempted, WrYieldExecution, WrFastMutex, WrGuardedMutex, WrRundown,
    WrAlertByThreadId, WrDeferredPreempt, WrPhysicalFault, MaximumWaitReason
} KWAIT_REASON;

typedef enum _MODE {
    KernelMode = 0,
    UserMode = 1,
    MaximumMode = 2
} MODE;

/* Waiting on more than THREAD_WAIT_OBJECTS objects needs a caller-supplied KWAIT_BLOCK array. */
#define THREAD_WAIT_OBJECTS 3
#define MAXIMUM_WAIT_OBJECTS 64

typedef struct _KWAIT_BLOCK {
    LIST_ENTRY WaitListEntry;
    UCHAR WaitType;
    volatile UCHAR BlockState;
    USHORT WaitKey;
    LONG SpareLong;
    union {
        struct _KTHREAD *Thread;
        struct _KQUEUE *NotificationQueue;
    };
    PVOID Object;
    PVOID SparePtr;
} KWAIT_BLOCK, *PKWAIT_BLOCK, *PRKWAIT_BLOCK;

typedef struct _KEVENT {
    DISPATCHER_HEADER Header;
} KEVENT, *PKEVENT, *PRKEVENT;

typedef struct _KSEMAPHORE {
    DISPATCHER_HEADER Header;
    LONG Limit;
} KSEMAPHORE, *PKSEMAPHORE, *PRKSEMAPHORE;

typedef struct _KMUTANT {
    DISPATCHER_HEADER Header;
    LIST_ENTRY MutantListEntry;
    struct _KTHREAD *OwnerThread;
    BOOLEAN Abandoned;
    UCHAR ApcDisable;
} KMUTANT, *PKMUTANT, *PRKMUTANT, KMUTEX, *PKMUTEX, *PRKMUTEX;

typedef struct _KTIMER {
    DISPATCHER_HEADER Header;
    ULARGE_INTEGER DueTime;
    LIST_ENTRY TimerListEntry;
    struct _KDPC *Dpc;
    ULONG Processor;
    ULONG Period;
} KTIMER, *PKTIMER, *PRKTIMER;

/* Opaque objects a driver holds only by pointer. */
struct _KTHREAD;
struct _ETHREAD;
struct _KPROCESS;
struct _EPROCESS;
typedef struct _KTHREAD *PKTHREAD, *PRKTHREAD;
typedef struct _ETHREAD *PETHREAD;
typedef struct _EPROCESS *PEPROCESS;
typedef struct _KPROCESS *PKPROCESS;

/* =====================================================================================
 * Pool.
 * ===================================================================================== */

typedef enum _POOL_TYPE {
    NonPagedPool = 0,
    NonPagedPoolExecute = NonPagedPool,
    PagedPool = 1,
    NonPagedPoolMustSucceed = NonPagedPool + 2,
    DontUseThisType = 3,
    NonPagedPoolCacheAligned = NonPagedPool + 4,
    PagedPoolCacheAligned = 5,
    NonPagedPoolCacheAlignedMustS = NonPagedPool + 6,
    MaxPoolType = 7,
    NonPagedPoolBase = 0,
    NonPagedPoolBaseMustSucceed = NonPagedPoolBase + 2,
    NonPagedPoolBaseCacheAligned = NonPagedPoolBase + 4,
    NonPagedPoolBaseCacheAlignedMustS = NonPagedPoolBase + 6,
    NonPagedPoolSession = 32,
    PagedPoolSession = NonPagedPoolSession + 1,
    NonPagedPoolMustSucceedSession = PagedPoolSession + 1,
    DontUseThisTypeSession = NonPagedPoolMustSucceedSession + 1,
    NonPagedPoolCacheAlignedSession = DontUseThisTypeSession + 1,
    PagedPoolCacheAlignedSession = NonPagedPoolCacheAlignedSession + 1,
    NonPagedPoolCacheAlignedMustSSession = PagedPoolCacheAlignedSession + 1,
    NonPagedPoolNx = 512,
    NonPagedPoolNxCacheAligned = NonPagedPoolNx + 4,
    NonPagedPoolSessionNx = NonPagedPoolNx + 32
} POOL_TYPE;

/* ExAllocatePoolWithTag's POOL_TYPE modifiers. */
#define POOL_COLD_ALLOCATION 256
#define POOL_NX_ALLOCATION 512
#define POOL_ZERO_ALLOCATION 1024
#define POOL_RAISE_IF_ALLOCATION_FAILURE 16
#define POOL_QUOTA_FAIL_INSTEAD_OF_RAISE 8

/* ExAllocatePool2 / ExAllocatePool3 flags. One of NON_PAGED, NON_PAGED_EXECUTE and PAGED is
 * required; the bits between REQUIRED_START and REQUIRED_END that are not defined fail the
 * call, optional bits an older system does not know are ignored. */
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_REQUIRED_START          0x0000000000000001ULL
#define POOL_FLAG_USE_QUOTA               0x0000000000000001ULL
#define POOL_FLAG_UNINITIALIZED           0x0000000000000002ULL
#define POOL_FLAG_SESSION                 0x0000000000000004ULL
#define POOL_FLAG_CACHE_ALIGNED           0x0000000000000008ULL
#define POOL_FLAG_RESERVED1               0x0000000000000010ULL
#define POOL_FLAG_RAISE_ON_FAILURE        0x0000000000000020ULL
#define POOL_FLAG_NON_PAGED               0x0000000000000040ULL
#define POOL_FLAG_NON_PAGED_EXECUTE       0x0000000000000080ULL
#define POOL_FLAG_PAGED                   0x0000000000000100ULL
#define POOL_FLAG_RESERVED2               0x0000000000000200ULL
#define POOL_FLAG_RESERVED3               0x0000000000000400ULL
#define POOL_FLAG_REQUIRED_END            0x0000000080000000ULL
#define POOL_FLAG_OPTIONAL_START          0x0000000100000000ULL
#define POOL_FLAG_SPECIAL_POOL            0x0000000100000000ULL
#define POOL_FLAG_OPTIONAL_END            0x8000000000000000ULL

/* ExAllocatePoolWithTagPriority's priority. */
typedef enum _EX_POOL_PRIORITY {
    LowPoolPriority = 0,
    LowPoolPrioritySpecialPoolOverrun = 8,
    LowPoolPrioritySpecialPoolUnderrun = 9,
    NormalPoolPriority = 16,
    NormalPoolPrioritySpecialPoolOverrun = 24,
    NormalPoolPrioritySpecialPoolUnderrun = 25,
    HighPoolPriority = 32,
    HighPoolPrioritySpecialPoolOverrun = 40,
    HighPoolPrioritySpecialPoolUnderrun = 41
} EX_POOL_PRIORITY;

/* MmGetSystemAddressForMdlSafe / MmMapLockedPagesSpecifyCache priority (with MdlMapping*). */
typedef enum _MM_PAGE_PRIORITY {
    LowPagePriority = 0,
    NormalPagePriority = 16,
    HighPagePriority = 32
} MM_PAGE_PRIORITY;
#define MdlMappingNoWrite 0x80000000
#define MdlMappingNoExecute 0x40000000

/* =====================================================================================
 * Memory descriptor lists.
 * ===================================================================================== */

/* An MDL (48 bytes on x64); the PFN array follows it in memory. */
typedef struct _MDL {
    struct _MDL *Next;
    CSHORT Size;
    CSHORT MdlFlags;
    struct _EPROCESS *Process;
    PVOID MappedSystemVa;
    PVOID StartVa;
    ULONG ByteCount;
    ULONG ByteOffset;
} MDL, *PMDL;
typedef MDL *PMDLX;

#define MDL_MAPPED_TO_SYSTEM_VA     0x0001
#define MDL_PAGES_LOCKED            0x0002
#define MDL_SOURCE_IS_NONPAGED_POOL 0x0004
#define MDL_ALLOCATED_FIXED_SIZE    0x0008
#define MDL_PARTIAL                 0x0010
#define MDL_PARTIAL_HAS_BEEN_MAPPED 0x0020
#define MDL_IO_PAGE_READ            0x0040
#define MDL_WRITE_OPERATION         0x0080
#define MDL_LOCKED_PAGE_TABLES      0x0100
#define MDL_PARENT_MAPPED_SYSTEM_VA MDL_LOCKED_PAGE_TABLES
#define MDL_FREE_EXTRA_PTES         0x0200
#define MDL_DESCRIBES_AWE           0x0400
#define MDL_IO_SPACE                0x0800
#define MDL_NETWORK_HEADER          0x1000
#define MDL_MAPPING_CAN_FAIL        0x2000
#define MDL_PAGE_CONTENTS_INVARIANT 0x4000
#define MDL_ALLOCATED_MUST_SUCCEED  MDL_PAGE_CONTENTS_INVARIANT
#define MDL_INTERNAL                0x8000
#define MDL_MAPPING_FLAGS (MDL_MAPPED_TO_SYSTEM_VA | MDL_PAGES_LOCKED | MDL_SOURCE_IS_NONPAGED_POOL | \
                           MDL_PARTIAL_HAS_BEEN_MAPPED | MDL_PARENT_MAPPED_SYSTEM_VA | MDL_IO_SPACE)

#define MmGetMdlVirtualAddress(Mdl) ((PVOID)((PCHAR)((Mdl)->StartVa) + (Mdl)->ByteOffset))
#define MmGetMdlByteCount(Mdl) ((Mdl)->ByteCount)
#define MmGetMdlByteOffset(Mdl) ((Mdl)->ByteOffset)
#define MmGetMdlBaseVa(Mdl) ((Mdl)->StartVa)
#define MmGetMdlPfnArray(Mdl) ((PPFN_NUMBER)((Mdl) + 1))
typedef ULONG_PTR PFN_NUMBER, *PPFN_NUMBER;

/* =====================================================================================
 * Time, work items, bus data.
 * ===================================================================================== */

typedef struct _TIME_FIELDS {
    CSHORT Year;          /* 1601... */
    CSHORT Month;         /* 1..12 */
    CSHORT Day;           /* 1..31 */
    CSHORT Hour;          /* 0..23 */
    CSHORT Minute;        /* 0..59 */
    CSHORT Second;        /* 0..59 */
    CSHORT Milliseconds;  /* 0..999 */
    CSHORT Weekday;       /* 0..6 = Sunday..Saturday */
} TIME_FIELDS, *PTIME_FIELDS;

typedef enum _WORK_QUEUE_TYPE {
    CriticalWorkQueue = 0,
    DelayedWorkQueue = 1,
    HyperCriticalWorkQueue = 2,
    NormalWorkQueue = 3,
    BackgroundWorkQueue = 4,
    RealTimeWorkQueue = 5,
    SuperCriticalWorkQueue = 6,
    MaximumWorkQueue = 7,
    CustomPriorityWorkQueue = 32
} WORK_QUEUE_TYPE;

/* An I/O work item: opaque, allocated by IoAllocateWorkItem. */
typedef struct _IO_WORKITEM *PIO_WORKITEM;
struct _DEVICE_OBJECT;
typedef VOID IO_WORKITEM_ROUTINE(struct _DEVICE_OBJECT *DeviceObject, PVOID Context);
typedef IO_WORKITEM_ROUTINE *PIO_WORKITEM_ROUTINE;

/* Registry access the routines name (RtlQueryRegistryValues, ZwQueryValueKey). */
typedef NTSTATUS RTL_QUERY_REGISTRY_ROUTINE(PWSTR ValueName, ULONG ValueType, PVOID ValueData, ULONG ValueLength,
                                            PVOID Context, PVOID EntryContext);
typedef RTL_QUERY_REGISTRY_ROUTINE *PRTL_QUERY_REGISTRY_ROUTINE;
typedef struct _RTL_QUERY_REGISTRY_TABLE {
    PRTL_QUERY_REGISTRY_ROUTINE QueryRoutine;
    ULONG Flags;
    PWSTR Name;
    PVOID EntryContext;
    ULONG DefaultType;
    PVOID DefaultData;
    ULONG DefaultLength;
} RTL_QUERY_REGISTRY_TABLE, *PRTL_QUERY_REGISTRY_TABLE;
#define RTL_REGISTRY_ABSOLUTE 0
#define RTL_REGISTRY_SERVICES 1
#define RTL_REGISTRY_CONTROL 2
#define RTL_REGISTRY_WINDOWS_NT 3
#define RTL_REGISTRY_DEVICEMAP 4
#define RTL_REGISTRY_USER 5
#define RTL_REGISTRY_MAXIMUM 6
#define RTL_REGISTRY_HANDLE 0x40000000
#define RTL_REGISTRY_OPTIONAL 0x80000000
#define RTL_QUERY_REGISTRY_SUBKEY 0x00000001
#define RTL_QUERY_REGISTRY_TOPKEY 0x00000002
#define RTL_QUERY_REGISTRY_REQUIRED 0x00000004
#define RTL_QUERY_REGISTRY_NOVALUE 0x00000008
#define RTL_QUERY_REGISTRY_NOEXPAND 0x00000010
#define RTL_QUERY_REGISTRY_DIRECT 0x00000020
#define RTL_QUERY_REGISTRY_DELETE 0x00000040

typedef enum _KEY_VALUE_INFORMATION_CLASS {
    KeyValueBasicInformation = 0,
    KeyValueFullInformation = 1,
    KeyValuePartialInformation = 2,
    KeyValueFullInformationAlign64 = 3,
    KeyValuePartialInformationAlign64 = 4,
    KeyValueLayerInformation = 5,
    MaxKeyValueInfoClass = 6
} KEY_VALUE_INFORMATION_CLASS;

typedef struct _CLIENT_ID {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

/* DbgPrintEx component ids (DPFLTR_TYPE, the storage-relevant subset and the IHV ids) and
 * levels. A level below 32 is a severity (ERROR, WARNING, TRACE, INFO); a larger one is a
 * mask, marked by DPFLTR_MASK. */
typedef enum _DPFLTR_TYPE {
    DPFLTR_SYSTEM_ID = 0,
    DPFLTR_CRASHDUMP_ID = 5,
    DPFLTR_CDROM_ID = 7,
    DPFLTR_CLASSPNP_ID = 8,
    DPFLTR_DISK_ID = 9,
    DPFLTR_STORPROP_ID = 11,
    DPFLTR_SCSIPORT_ID = 12,
    DPFLTR_SCSIMINIPORT_ID = 13,
    DPFLTR_CONFIG_ID = 14,
    DPFLTR_ACPI_ID = 24,
    DPFLTR_PNPMGR_ID = 35,
    DPFLTR_IDEP_ID = 57,
    DPFLTR_PCIIDE_ID = 58,
    DPFLTR_FCPORT_ID = 65,
    DPFLTR_PCI_ID = 66,
    DPFLTR_IHVDRIVER_ID = 77,
    DPFLTR_IHVVIDEO_ID = 78,
    DPFLTR_IHVAUDIO_ID = 79,
    DPFLTR_IHVNETWORK_ID = 80,
    DPFLTR_IHVSTREAMING_ID = 81,
    DPFLTR_IHVBUS_ID = 82,
    DPFLTR_STORPORT_ID = 89,
    DPFLTR_STORMINIPORT_ID = 90,
    DPFLTR_VERIFIER_ID = 93,
    DPFLTR_DEFAULT_ID = 101,
    DPFLTR_MPIO_ID = 133,
    DPFLTR_MSDSM_ID = 134,
    DPFLTR_STORVSP_ID = 137
} DPFLTR_TYPE;

#define DPFLTR_ERROR_LEVEL   0
#define DPFLTR_WARNING_LEVEL 1
#define DPFLTR_TRACE_LEVEL   2
#define DPFLTR_INFO_LEVEL    3
#define DPFLTR_MASK          0x80000000

/* Layouts (Windows x64; measured with mingw-w64's DDK where it has the type). */
C_ASSERT(sizeof(KDPC) == 64);
C_ASSERT(sizeof(KLOCK_QUEUE_HANDLE) == 24);
C_ASSERT(sizeof(GROUP_AFFINITY) == 16);
C_ASSERT(sizeof(PROCESSOR_NUMBER) == 4);
C_ASSERT(sizeof(DISPATCHER_HEADER) == 24);
C_ASSERT(sizeof(KEVENT) == 24);
C_ASSERT(sizeof(KSEMAPHORE) == 32);
C_ASSERT(sizeof(KMUTEX) == 56);
C_ASSERT(sizeof(KTIMER) == 64);
C_ASSERT(FIELD_OFFSET(KTIMER, DueTime) == 24);
C_ASSERT(FIELD_OFFSET(KTIMER, Dpc) == 48);
C_ASSERT(sizeof(KWAIT_BLOCK) == 48);
C_ASSERT(sizeof(MDL) == 48);
C_ASSERT(FIELD_OFFSET(MDL, MappedSystemVa) == 24);
C_ASSERT(FIELD_OFFSET(MDL, ByteCount) == 40);
C_ASSERT(sizeof(TIME_FIELDS) == 16);
C_ASSERT(sizeof(RTL_QUERY_REGISTRY_TABLE) == 56);

MPABI_EXTERN_C_END

#endif /* MPABI_KERNEL_TYPES_H */
