/*
 * kernel_imports.c - the ntoskrnl.exe / hal.dll routines of the import stub (mpabi_kernel.h).
 *
 * Three kinds (mpabi_kernel_exports.h lists which is which):
 *   - routines that need the port (clock, IRQL, spin locks, waits, bug check, debug output,
 *     pool, physical addresses) forward to the Kernel slots of the import table;
 *   - pure routines (Rtl strings, memory and time, dispatcher-object set-up, processor
 *     counts) are computed here, in the image;
 *   - routines the model has no service for return the failure their documentation gives and
 *     are reported through Header.Unresolved (the port's unresolvedCalls).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#pragma GCC visibility push(hidden)

#include "mpabi_kernel.h"
#include "mpabi_stub.h"

/* Forward to a Kernel slot; an empty slot is reported under the routine's own name. */
#define MPABI_KERNEL_RET(Slot, Routine, Fallback, ...)                                  \
    do {                                                                                \
        if (__builtin_expect(MPABI_SLOT(Kernel, Slot) != NULL, 1))                      \
            return MPABI_SLOT(Kernel, Slot)(MPABI_CONTEXT, ##__VA_ARGS__);              \
        MpAbiReportUnresolved(Routine);                                                 \
        return (Fallback);                                                              \
    } while (0)
#define MPABI_KERNEL_VOID(Slot, Routine, ...)                                           \
    do {                                                                                \
        if (__builtin_expect(MPABI_SLOT(Kernel, Slot) != NULL, 1))                      \
            MPABI_SLOT(Kernel, Slot)(MPABI_CONTEXT, ##__VA_ARGS__);                     \
        else                                                                            \
            MpAbiReportUnresolved(Routine);                                             \
    } while (0)

/* ===== clock and stall ===== */

VOID KeStallExecutionProcessor(ULONG MicroSeconds)
{
    MPABI_KERNEL_VOID(StallExecutionProcessor, "KeStallExecutionProcessor", MicroSeconds);
}

static LONGLONG MpAbiQueryTime(ULONG Kind, const char *Routine)
{
    MPABI_KERNEL_RET(QueryTime, Routine, 0, Kind);
}

LARGE_INTEGER KeQueryPerformanceCounter(PLARGE_INTEGER PerformanceFrequency)
{
    LARGE_INTEGER value;
    value.QuadPart = MpAbiQueryTime(MpAbiTimePerformanceCounter, "KeQueryPerformanceCounter");
    if (PerformanceFrequency != NULL)
        PerformanceFrequency->QuadPart = 10000000;   /* 10 MHz: one count per 100 ns */
    return value;
}
VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    CurrentTime->QuadPart = MpAbiQueryTime(MpAbiTimeSystem, "KeQuerySystemTime");
}
VOID KeQuerySystemTimePrecise(PLARGE_INTEGER CurrentTime)
{
    CurrentTime->QuadPart = MpAbiQueryTime(MpAbiTimeSystemPrecise, "KeQuerySystemTimePrecise");
}
ULONGLONG KeQueryInterruptTime(VOID)
{
    return (ULONGLONG)MpAbiQueryTime(MpAbiTimeInterrupt, "KeQueryInterruptTime");
}
ULONG64 KeQueryInterruptTimePrecise(PULONG64 QpcTimeStamp)
{
    ULONG64 value = (ULONG64)MpAbiQueryTime(MpAbiTimeInterruptPrecise, "KeQueryInterruptTimePrecise");
    if (QpcTimeStamp != NULL)
        *QpcTimeStamp = value;   /* the 10 MHz performance counter counts the same 100 ns units */
    return value;
}
ULONGLONG KeQueryUnbiasedInterruptTime(VOID)
{
    return (ULONGLONG)MpAbiQueryTime(MpAbiTimeUnbiasedInterrupt, "KeQueryUnbiasedInterruptTime");
}
VOID KeQueryTickCount(PLARGE_INTEGER CurrentCount)
{
    CurrentCount->QuadPart = MpAbiQueryTime(MpAbiTimeTickCount, "KeQueryTickCount");
}
ULONG KeQueryTimeIncrement(VOID)
{
    return 156250;   /* one clock tick: 15.625 ms in 100 ns units */
}

/* ===== IRQL ===== */

KIRQL KeGetCurrentIrql(VOID)
{
    MPABI_KERNEL_RET(GetCurrentIrql, "KeGetCurrentIrql", PASSIVE_LEVEL);
}
VOID KeRaiseIrql(KIRQL NewIrql, PKIRQL OldIrql)
{
    KIRQL old = PASSIVE_LEVEL;
    if (MPABI_SLOT(Kernel, RaiseIrql) != NULL)
        old = MPABI_SLOT(Kernel, RaiseIrql)(MPABI_CONTEXT, NewIrql);
    else
        MpAbiReportUnresolved("KeRaiseIrql");
    if (OldIrql != NULL)
        *OldIrql = old;
}
VOID KeLowerIrql(KIRQL NewIrql)
{
    MPABI_KERNEL_VOID(LowerIrql, "KeLowerIrql", NewIrql);
}
KIRQL KeRaiseIrqlToDpcLevel(VOID)
{
    MPABI_KERNEL_RET(RaiseIrql, "KeRaiseIrqlToDpcLevel", PASSIVE_LEVEL, DISPATCH_LEVEL);
}
/* Normal kernel APCs: there are none on the model. */
VOID KeEnterCriticalRegion(VOID) {}
VOID KeLeaveCriticalRegion(VOID) {}

/* ===== spin locks ===== */

VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
    *SpinLock = 0;
}
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
    MPABI_KERNEL_RET(AcquireSpinLock, "KeAcquireSpinLockRaiseToDpc", DISPATCH_LEVEL, SpinLock, MpAbiSpinLockRaise);
}
VOID KeAcquireSpinLock(PKSPIN_LOCK SpinLock, PKIRQL OldIrql)
{
    KIRQL old = KeAcquireSpinLockRaiseToDpc(SpinLock);
    if (OldIrql != NULL)
        *OldIrql = old;
}
VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    MPABI_KERNEL_VOID(ReleaseSpinLock, "KeReleaseSpinLock", SpinLock, NewIrql, MpAbiSpinLockRaise);
}
VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    if (MPABI_SLOT(Kernel, AcquireSpinLock) != NULL)
        (void)MPABI_SLOT(Kernel, AcquireSpinLock)(MPABI_CONTEXT, SpinLock, MpAbiSpinLockAtDpc);
    else
        MpAbiReportUnresolved("KeAcquireSpinLockAtDpcLevel");
}
VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    MPABI_KERNEL_VOID(ReleaseSpinLock, "KeReleaseSpinLockFromDpcLevel", SpinLock, DISPATCH_LEVEL, MpAbiSpinLockAtDpc);
}
VOID KeAcquireInStackQueuedSpinLock(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    LockHandle->LockQueue.Next = NULL;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = DISPATCH_LEVEL;
    if (MPABI_SLOT(Kernel, AcquireSpinLock) != NULL)
        LockHandle->OldIrql = MPABI_SLOT(Kernel, AcquireSpinLock)(MPABI_CONTEXT, SpinLock, MpAbiSpinLockQueued);
    else
        MpAbiReportUnresolved("KeAcquireInStackQueuedSpinLock");
}
VOID KeReleaseInStackQueuedSpinLock(PKLOCK_QUEUE_HANDLE LockHandle)
{
    MPABI_KERNEL_VOID(ReleaseSpinLock, "KeReleaseInStackQueuedSpinLock", LockHandle->LockQueue.Lock,
                      LockHandle->OldIrql, MpAbiSpinLockQueued);
}
VOID KeAcquireInStackQueuedSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock, PKLOCK_QUEUE_HANDLE LockHandle)
{
    LockHandle->LockQueue.Next = NULL;
    LockHandle->LockQueue.Lock = SpinLock;
    LockHandle->OldIrql = DISPATCH_LEVEL;
    if (MPABI_SLOT(Kernel, AcquireSpinLock) != NULL)
        (void)MPABI_SLOT(Kernel, AcquireSpinLock)(MPABI_CONTEXT, SpinLock, MpAbiSpinLockQueuedAtDpc);
    else
        MpAbiReportUnresolved("KeAcquireInStackQueuedSpinLockAtDpcLevel");
}
VOID KeReleaseInStackQueuedSpinLockFromDpcLevel(PKLOCK_QUEUE_HANDLE LockHandle)
{
    MPABI_KERNEL_VOID(ReleaseSpinLock, "KeReleaseInStackQueuedSpinLockFromDpcLevel", LockHandle->LockQueue.Lock,
                      DISPATCH_LEVEL, MpAbiSpinLockQueuedAtDpc);
}

/* ===== dispatcher objects: the state lives in the object, as on Windows ===== */

static void MpAbiInitializeHeader(DISPATCHER_HEADER *Header, UCHAR Type, ULONG Size, LONG SignalState)
{
    Header->Lock = 0;
    Header->Type = Type;
    Header->Size = (UCHAR)(Size / sizeof(LONG));
    Header->SignalState = SignalState;
    Header->WaitListHead.Flink = &Header->WaitListHead;
    Header->WaitListHead.Blink = &Header->WaitListHead;
}

VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State)
{
    MpAbiInitializeHeader(&Event->Header,
                          Type == SynchronizationEvent ? MPABI_OBJECT_EVENT_SYNCHRONIZATION
                                                       : MPABI_OBJECT_EVENT_NOTIFICATION,
                          sizeof(KEVENT), State ? 1 : 0);
}
LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait)
{
    (void)Increment;
    (void)Wait;
    LONG previous = Event->Header.SignalState;
    Event->Header.SignalState = 1;
    return previous;
}
LONG KeResetEvent(PRKEVENT Event)
{
    LONG previous = Event->Header.SignalState;
    Event->Header.SignalState = 0;
    return previous;
}
VOID KeClearEvent(PRKEVENT Event)
{
    Event->Header.SignalState = 0;
}
LONG KeReadStateEvent(PRKEVENT Event)
{
    return Event->Header.SignalState;
}

VOID KeInitializeSemaphore(PRKSEMAPHORE Semaphore, LONG Count, LONG Limit)
{
    MpAbiInitializeHeader(&Semaphore->Header, MPABI_OBJECT_SEMAPHORE, sizeof(KSEMAPHORE), Count);
    Semaphore->Limit = Limit;
}
/* Past Limit, Windows raises STATUS_SEMAPHORE_LIMIT_EXCEEDED; the port reports
 * sync.semaphore-limit and leaves the count unchanged. */
LONG KeReleaseSemaphore(PRKSEMAPHORE Semaphore, KPRIORITY Increment, LONG Adjustment, BOOLEAN Wait)
{
    (void)Increment;
    (void)Wait;
    MPABI_KERNEL_RET(ReleaseObject, "KeReleaseSemaphore", Semaphore->Header.SignalState, MpAbiReleaseSemaphore,
                     Semaphore, Adjustment);
}
LONG KeReadStateSemaphore(PRKSEMAPHORE Semaphore)
{
    return Semaphore->Header.SignalState;
}

VOID KeInitializeMutex(PRKMUTEX Mutex, ULONG Level)
{
    (void)Level;
    MpAbiInitializeHeader(&Mutex->Header, MPABI_OBJECT_MUTANT, sizeof(KMUTEX), 1);
    Mutex->MutantListEntry.Flink = Mutex->MutantListEntry.Blink = NULL;
    Mutex->OwnerThread = NULL;
    Mutex->Abandoned = FALSE;
    Mutex->ApcDisable = 1;
}
/* The port checks that the mutex is held (a wait acquired it): releasing one that is not
 * breaks lock.misuse and leaves it as it was. */
LONG KeReleaseMutex(PRKMUTEX Mutex, BOOLEAN Wait)
{
    (void)Wait;
    MPABI_KERNEL_RET(ReleaseObject, "KeReleaseMutex", Mutex->Header.SignalState, MpAbiReleaseMutex, Mutex, 1);
}
LONG KeReadStateMutex(PRKMUTEX Mutex)
{
    return Mutex->Header.SignalState;
}

/* Timers: DueTime holds the absolute interrupt time of expiry; Header.Reserved1 is 1 while
 * the timer is set (in the model's timer queue). The port keeps set timers on the virtual
 * clock (Kernel.SetTimer / CancelTimer): when the clock reaches DueTime it signals the timer,
 * queues its DPC and re-arms a periodic timer. */
VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type)
{
    MpAbiInitializeHeader(&Timer->Header,
                          Type == SynchronizationTimer ? MPABI_OBJECT_TIMER_SYNCHRONIZATION
                                                       : MPABI_OBJECT_TIMER_NOTIFICATION,
                          sizeof(KTIMER), 0);
    Timer->DueTime.QuadPart = 0;
    Timer->TimerListEntry.Flink = Timer->TimerListEntry.Blink = NULL;
    Timer->Dpc = NULL;
    Timer->Processor = 0;
    Timer->Period = 0;
}
VOID KeInitializeTimer(PKTIMER Timer)
{
    KeInitializeTimerEx(Timer, NotificationTimer);
}
BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc)
{
    MPABI_KERNEL_RET(SetTimer, "KeSetTimerEx", FALSE, Timer, DueTime.QuadPart, Period, Dpc);
}
BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc)
{
    return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}
BOOLEAN KeCancelTimer(PKTIMER Timer)
{
    MPABI_KERNEL_RET(CancelTimer, "KeCancelTimer", FALSE, Timer);
}
BOOLEAN KeReadStateTimer(PKTIMER Timer)
{
    return Timer->Header.SignalState > 0;
}

NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                               PLARGE_INTEGER Timeout)
{
    (void)WaitReason;
    MPABI_KERNEL_RET(WaitForObjects, "KeWaitForSingleObject", STATUS_TIMEOUT, MpAbiWaitSingle, 1, &Object, WaitAny,
                     WaitMode, Alertable, Timeout);
}
NTSTATUS KeWaitForMultipleObjects(ULONG Count, PVOID Object[], WAIT_TYPE WaitType, KWAIT_REASON WaitReason,
                                  KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout,
                                  PKWAIT_BLOCK WaitBlockArray)
{
    (void)WaitReason;
    (void)WaitBlockArray;
    MPABI_KERNEL_RET(WaitForObjects, "KeWaitForMultipleObjects", STATUS_TIMEOUT, MpAbiWaitMultiple, Count, Object,
                     WaitType, WaitMode, Alertable, Timeout);
}
NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Interval)
{
    MPABI_KERNEL_RET(WaitForObjects, "KeDelayExecutionThread", STATUS_SUCCESS, MpAbiWaitDelay, 0, NULL, WaitAny,
                     WaitMode, Alertable, Interval);
}

/* ===== DPCs ===== */

VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext)
{
    memset(Dpc, 0, sizeof(*Dpc));
    Dpc->Type = 19;   /* DpcObject */
    Dpc->Importance = MediumImportance;
    Dpc->DeferredRoutine = DeferredRoutine;
    Dpc->DeferredContext = DeferredContext;
}
VOID KeSetImportanceDpc(PRKDPC Dpc, KDPC_IMPORTANCE Importance)
{
    Dpc->Importance = (UCHAR)Importance;
}
BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2)
{
    MPABI_KERNEL_RET(InsertQueueDpc, "KeInsertQueueDpc", FALSE, Dpc, SystemArgument1, SystemArgument2);
}
BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc)
{
    MPABI_KERNEL_RET(RemoveQueueDpc, "KeRemoveQueueDpc", FALSE, Dpc);
}

/* ===== processors: the machine's virtual processors, all in group 0 ===== */

ULONG KeGetCurrentProcessorNumber(VOID) { return KeGetCurrentProcessorNumberEx(NULL); }
ULONG KeGetCurrentProcessorNumberEx(PPROCESSOR_NUMBER ProcNumber)
{
    MPABI_KERNEL_RET(CurrentProcessor, "KeGetCurrentProcessorNumberEx", 0, ProcNumber);
}
ULONG KeQueryActiveProcessorCount(PKAFFINITY ActiveProcessors)
{
    MPABI_KERNEL_RET(ActiveProcessors, "KeQueryActiveProcessorCount", 1, ActiveProcessors);
}
ULONG KeQueryActiveProcessorCountEx(USHORT GroupNumber)
{
    return (GroupNumber == 0 || GroupNumber == ALL_PROCESSOR_GROUPS) ? KeQueryActiveProcessorCount(NULL) : 0;
}
ULONG KeQueryMaximumProcessorCount(VOID) { return KeQueryActiveProcessorCount(NULL); }
ULONG KeQueryMaximumProcessorCountEx(USHORT GroupNumber)
{
    return KeQueryActiveProcessorCountEx(GroupNumber);
}
USHORT KeQueryActiveGroupCount(VOID) { return 1; }
USHORT KeQueryMaximumGroupCount(VOID) { return 1; }
KAFFINITY KeQueryActiveProcessors(VOID)
{
    KAFFINITY Mask = 1;
    (VOID)KeQueryActiveProcessorCount(&Mask);
    return Mask;
}

/* ===== bug check and debugging ===== */

/* The slot records miniport.bugcheck and freezes the port; the machine is then dead and the
 * routine must not return into the driver: the process ends as a crash does (SIGABRT), and
 * a supervisor reports the bug check the port wrote into the shared page. */
DECLSPEC_NORETURN VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1, ULONG_PTR BugCheckParameter2,
                                    ULONG_PTR BugCheckParameter3, ULONG_PTR BugCheckParameter4)
{
    MPABI_KERNEL_VOID(BugCheck, "KeBugCheckEx", BugCheckCode, BugCheckParameter1, BugCheckParameter2,
                      BugCheckParameter3, BugCheckParameter4);
    abort();
}
DECLSPEC_NORETURN VOID KeBugCheck(ULONG BugCheckCode)
{
    KeBugCheckEx(BugCheckCode, 0, 0, 0, 0);
}

static ULONG MpAbiDebugText(ULONG ComponentId, ULONG Level, const char *Prefix, const char *Format,
                            MPABI_VA_LIST Arguments)
{
    char text[MPABI_DEBUG_TEXT_MAX];
    size_t used = 0;
    if (Prefix != NULL) {
        used = strlen(Prefix);
        if (used >= sizeof(text))
            used = sizeof(text) - 1;
        memcpy(text, Prefix, used);
        text[used] = 0;
    }
    if (Format != NULL)
        MPABI_VSNPRINTF(text + used, sizeof(text) - used, Format, Arguments);
    else
        text[used] = 0;
    MPABI_KERNEL_VOID(DebugPrint, "DbgPrint", ComponentId, Level, text);
    return (ULONG)STATUS_SUCCESS;
}
ULONG DbgPrint(PCSTR Format, ...)
{
    MPABI_VA_LIST arguments;
    MPABI_VA_START(arguments, Format);
    ULONG status = MpAbiDebugText(DPFLTR_DEFAULT_ID, DPFLTR_INFO_LEVEL, NULL, Format, arguments);
    MPABI_VA_END(arguments);
    return status;
}
ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...)
{
    MPABI_VA_LIST arguments;
    MPABI_VA_START(arguments, Format);
    ULONG status = MpAbiDebugText(ComponentId, Level, NULL, Format, arguments);
    MPABI_VA_END(arguments);
    return status;
}
ULONG vDbgPrintEx(ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist)
{
    return MpAbiDebugText(ComponentId, Level, NULL, Format, MPABI_VA_PARAMETER(arglist));
}
ULONG vDbgPrintExWithPrefix(PCCH Prefix, ULONG ComponentId, ULONG Level, PCCH Format, va_list arglist)
{
    return MpAbiDebugText(ComponentId, Level, Prefix, Format, MPABI_VA_PARAMETER(arglist));
}
/* No kernel debugger is attached: the break point is logged and execution goes on (as on a
 * machine booted without /DEBUG, where DbgBreakPoint would bug check instead, the model is
 * lenient and says so in the log). */
VOID DbgBreakPoint(VOID)
{
    MPABI_KERNEL_VOID(DebugPrint, "DbgBreakPoint", DPFLTR_DEFAULT_ID, DPFLTR_ERROR_LEVEL,
                      "DbgBreakPoint: no kernel debugger attached; continuing");
}
VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage)
{
    char text[MPABI_DEBUG_TEXT_MAX];
    snprintf(text, sizeof(text), "*** Assertion failed: %s%s%s\n***   Source File: %s, line %u",
             MutableMessage != NULL ? MutableMessage : "", MutableMessage != NULL ? " " : "",
             VoidFailedAssertion != NULL ? (const char *)VoidFailedAssertion : "?",
             VoidFileName != NULL ? (const char *)VoidFileName : "?", (unsigned)LineNumber);
    MPABI_KERNEL_VOID(DebugPrint, "RtlAssert", DPFLTR_DEFAULT_ID, DPFLTR_ERROR_LEVEL, text);
}

/* ===== pool ===== */

static PVOID MpAbiAllocate(ULONG Kind, ULONG64 TypeOrFlags, SIZE_T Bytes, ULONG Tag, const char *Routine)
{
    MPABI_KERNEL_RET(AllocatePool, Routine, NULL, Kind, TypeOrFlags, Bytes, Tag);
}
PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return MpAbiAllocate(MpAbiPoolWithTag, (ULONG64)PoolType, NumberOfBytes, Tag, "ExAllocatePoolWithTag");
}
PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return MpAbiAllocate(MpAbiPoolWithTag, (ULONG64)PoolType, NumberOfBytes, 0x656E6F4E /* 'None' */,
                         "ExAllocatePool");
}
PVOID ExAllocatePoolWithTagPriority(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag, EX_POOL_PRIORITY Priority)
{
    (void)Priority;
    return MpAbiAllocate(MpAbiPoolWithTag, (ULONG64)PoolType, NumberOfBytes, Tag, "ExAllocatePoolWithTagPriority");
}
PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return MpAbiAllocate(MpAbiPoolZero, (ULONG64)PoolType, NumberOfBytes, Tag, "ExAllocatePoolZero");
}
PVOID ExAllocatePoolUninitialized(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    return MpAbiAllocate(MpAbiPoolWithTag, (ULONG64)PoolType, NumberOfBytes, Tag, "ExAllocatePoolUninitialized");
}
PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
    return MpAbiAllocate(MpAbiPoolFlags, Flags, NumberOfBytes, Tag, "ExAllocatePool2");
}
VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    MPABI_KERNEL_VOID(FreePool, "ExFreePoolWithTag", MpAbiFreeWithTag, P, Tag);
}
VOID ExFreePool(PVOID P)
{
    MPABI_KERNEL_VOID(FreePool, "ExFreePool", MpAbiFreeAnyTag, P, 0);
}

/* ===== physical memory and MDLs ===== */

PHYSICAL_ADDRESS MmGetPhysicalAddress(PVOID BaseAddress)
{
    PHYSICAL_ADDRESS address;
    address.QuadPart = 0;
    if (MPABI_SLOT(Kernel, GetPhysicalAddress) != NULL)
        address.QuadPart = (LONGLONG)MPABI_SLOT(Kernel, GetPhysicalAddress)(MPABI_CONTEXT, BaseAddress);
    else
        MpAbiReportUnresolved("MmGetPhysicalAddress");
    return address;
}
BOOLEAN MmIsAddressValid(PVOID VirtualAddress)
{
    MPABI_KERNEL_RET(IsAddressValid, "MmIsAddressValid", FALSE, VirtualAddress);
}
PVOID MmAllocateContiguousMemorySpecifyCache(SIZE_T NumberOfBytes, PHYSICAL_ADDRESS LowestAcceptableAddress,
                                             PHYSICAL_ADDRESS HighestAcceptableAddress,
                                             PHYSICAL_ADDRESS BoundaryAddressMultiple, MEMORY_CACHING_TYPE CacheType)
{
    /* The port's DMA memory lies low in the physical map; the bounds are checked there. */
    (void)LowestAcceptableAddress;
    (void)BoundaryAddressMultiple;
    (void)CacheType;
    return MpAbiAllocate(MpAbiPoolContiguous, (ULONG64)HighestAcceptableAddress.QuadPart, NumberOfBytes, 0,
                         "MmAllocateContiguousMemorySpecifyCache");
}
PVOID MmAllocateContiguousMemory(SIZE_T NumberOfBytes, PHYSICAL_ADDRESS HighestAcceptableAddress)
{
    return MpAbiAllocate(MpAbiPoolContiguous, (ULONG64)HighestAcceptableAddress.QuadPart, NumberOfBytes, 0,
                         "MmAllocateContiguousMemory");
}
VOID MmFreeContiguousMemory(PVOID BaseAddress)
{
    MPABI_KERNEL_VOID(FreePool, "MmFreeContiguousMemory", MpAbiFreeContiguous, BaseAddress, 0);
}

#define MPABI_PAGE_SIZE 4096ULL
#define MPABI_PAGES_SPANNED(Va, Size) \
    ((((ULONG_PTR)(Va) & (MPABI_PAGE_SIZE - 1)) + (Size) + MPABI_PAGE_SIZE - 1) / MPABI_PAGE_SIZE)

PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota,
                   struct _IRP *Irp)
{
    (void)SecondaryBuffer;
    (void)ChargeQuota;
    (void)Irp;   /* PARTIAL: the model has no IRPs to chain the MDL to */
    SIZE_T pages = MPABI_PAGES_SPANNED(VirtualAddress, Length);
    SIZE_T size = sizeof(MDL) + pages * sizeof(PFN_NUMBER);
    PMDL mdl = (PMDL)MpAbiAllocate(MpAbiPoolWithTag, NonPagedPoolNx, size, 0x206C644D /* 'Mdl ' */, "IoAllocateMdl");
    if (mdl == NULL)
        return NULL;
    memset(mdl, 0, size);
    mdl->Size = (CSHORT)size;
    mdl->StartVa = (PVOID)((ULONG_PTR)VirtualAddress & ~(ULONG_PTR)(MPABI_PAGE_SIZE - 1));
    mdl->ByteOffset = (ULONG)((ULONG_PTR)VirtualAddress & (MPABI_PAGE_SIZE - 1));
    mdl->ByteCount = Length;
    return mdl;
}
VOID IoFreeMdl(PMDL Mdl)
{
    MPABI_KERNEL_VOID(FreePool, "IoFreeMdl", MpAbiFreeWithTag, Mdl, 0x206C644D);
}
VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
    PMDL mdl = MemoryDescriptorList;
    PPFN_NUMBER pfns = (PPFN_NUMBER)(mdl + 1);
    SIZE_T pages = MPABI_PAGES_SPANNED(mdl->ByteOffset, mdl->ByteCount);
    for (SIZE_T page = 0; page < pages; page++) {
        PVOID va = (PVOID)((PCHAR)mdl->StartVa + page * MPABI_PAGE_SIZE);
        pfns[page] = (PFN_NUMBER)(MmGetPhysicalAddress(va).QuadPart / MPABI_PAGE_SIZE);
    }
    mdl->MappedSystemVa = (PVOID)((PCHAR)mdl->StartVa + mdl->ByteOffset);
    mdl->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
}
/* User space has one address space: the system address of locked pages is their address. */
PVOID MmMapLockedPagesSpecifyCache(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode,
                                   MEMORY_CACHING_TYPE CacheType, PVOID RequestedAddress, ULONG BugCheckOnFailure,
                                   ULONG Priority)
{
    (void)AccessMode;
    (void)CacheType;
    (void)RequestedAddress;
    (void)BugCheckOnFailure;
    (void)Priority;
    PMDL mdl = MemoryDescriptorList;
    mdl->MappedSystemVa = (PVOID)((PCHAR)mdl->StartVa + mdl->ByteOffset);
    mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    return mdl->MappedSystemVa;
}
PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority)
{
    if (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
        return Mdl->MappedSystemVa;
    return MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE, Priority);
}

/* ===== run-time library ===== */

SIZE_T RtlCompareMemory(const VOID *Source1, const VOID *Source2, SIZE_T Length)
{
    const UCHAR *a = (const UCHAR *)Source1, *b = (const UCHAR *)Source2;
    SIZE_T same = 0;
    while (same < Length && a[same] == b[same])
        same++;
    return same;
}

static USHORT MpAbiClampLength(SIZE_T Length, SIZE_T Limit)
{
    return (USHORT)(Length > Limit ? Limit : Length);
}
VOID RtlInitString(PSTRING DestinationString, PCSZ SourceString)
{
    SIZE_T length = SourceString != NULL ? strlen(SourceString) : 0;
    DestinationString->Length = MpAbiClampLength(length, 0xFFFE);
    DestinationString->MaximumLength = SourceString != NULL ? (USHORT)(DestinationString->Length + 1) : 0;
    DestinationString->Buffer = (PCHAR)SourceString;
}
VOID RtlInitAnsiString(PANSI_STRING DestinationString, PCSZ SourceString)
{
    RtlInitString(DestinationString, SourceString);
}
VOID RtlInitUnicodeString(PUNICODE_STRING DestinationString, PCWSTR SourceString)
{
    SIZE_T characters = 0;
    if (SourceString != NULL)
        while (SourceString[characters] != 0)
            characters++;
    DestinationString->Length = MpAbiClampLength(characters * sizeof(WCHAR), 0xFFFC);
    DestinationString->MaximumLength =
        SourceString != NULL ? (USHORT)(DestinationString->Length + sizeof(WCHAR)) : 0;
    DestinationString->Buffer = (PWSTR)SourceString;
}
VOID RtlCopyString(PSTRING DestinationString, const STRING *SourceString)
{
    if (SourceString == NULL) {
        DestinationString->Length = 0;
        return;
    }
    USHORT length = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
                                                                             : DestinationString->MaximumLength;
    memmove(DestinationString->Buffer, SourceString->Buffer, length);
    DestinationString->Length = length;
    if (length < DestinationString->MaximumLength)
        DestinationString->Buffer[length] = 0;
}
VOID RtlCopyUnicodeString(PUNICODE_STRING DestinationString, PCUNICODE_STRING SourceString)
{
    if (SourceString == NULL) {
        DestinationString->Length = 0;
        return;
    }
    USHORT length = SourceString->Length < DestinationString->MaximumLength ? SourceString->Length
                                                                             : DestinationString->MaximumLength;
    length &= (USHORT)~1U;
    memmove(DestinationString->Buffer, SourceString->Buffer, length);
    DestinationString->Length = length;
    if (length + sizeof(WCHAR) <= DestinationString->MaximumLength)
        DestinationString->Buffer[length / sizeof(WCHAR)] = 0;
}
static int MpAbiUpcaseAnsi(int c)
{
    return (c >= 'a' && c <= 'z') ? c - 'a' + 'A' : c;
}
WCHAR RtlUpcaseUnicodeChar(WCHAR SourceCharacter)
{
    /* ASCII and Latin-1 letters (the model has no full Unicode case table). */
    if (SourceCharacter >= 'a' && SourceCharacter <= 'z')
        return (WCHAR)(SourceCharacter - 'a' + 'A');
    if (SourceCharacter >= 0xE0 && SourceCharacter <= 0xFE && SourceCharacter != 0xF7)
        return (WCHAR)(SourceCharacter - 0x20);
    return SourceCharacter;
}
LONG RtlCompareString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
    USHORT n = String1->Length < String2->Length ? String1->Length : String2->Length;
    for (USHORT i = 0; i < n; i++) {
        int a = (UCHAR)String1->Buffer[i], b = (UCHAR)String2->Buffer[i];
        if (CaseInSensitive) {
            a = MpAbiUpcaseAnsi(a);
            b = MpAbiUpcaseAnsi(b);
        }
        if (a != b)
            return a - b;
    }
    return (LONG)String1->Length - (LONG)String2->Length;
}
BOOLEAN RtlEqualString(const STRING *String1, const STRING *String2, BOOLEAN CaseInSensitive)
{
    return String1->Length == String2->Length && RtlCompareString(String1, String2, CaseInSensitive) == 0;
}
LONG RtlCompareUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    USHORT n1 = String1->Length / sizeof(WCHAR), n2 = String2->Length / sizeof(WCHAR);
    USHORT n = n1 < n2 ? n1 : n2;
    for (USHORT i = 0; i < n; i++) {
        WCHAR a = String1->Buffer[i], b = String2->Buffer[i];
        if (CaseInSensitive) {
            a = RtlUpcaseUnicodeChar(a);
            b = RtlUpcaseUnicodeChar(b);
        }
        if (a != b)
            return (LONG)a - (LONG)b;
    }
    return (LONG)n1 - (LONG)n2;
}
BOOLEAN RtlEqualUnicodeString(PCUNICODE_STRING String1, PCUNICODE_STRING String2, BOOLEAN CaseInSensitive)
{
    return String1->Length == String2->Length && RtlCompareUnicodeString(String1, String2, CaseInSensitive) == 0;
}

#define MPABI_STRING_TAG 0x67727453   /* 'Strg' */

/* ANSI <-> Unicode over the model's code page: Latin-1 (bytes map to U+0000..U+00FF; other
 * characters become '?'). */
NTSTATUS RtlAnsiStringToUnicodeString(PUNICODE_STRING DestinationString, PCANSI_STRING SourceString,
                                      BOOLEAN AllocateDestinationString)
{
    ULONG bytes = (ULONG)SourceString->Length * sizeof(WCHAR);
    if (bytes + sizeof(WCHAR) > 0xFFFE)
        return STATUS_INVALID_PARAMETER_2;
    if (AllocateDestinationString) {
        DestinationString->Buffer =
            (PWSTR)MpAbiAllocate(MpAbiPoolWithTag, PagedPool, bytes + sizeof(WCHAR), MPABI_STRING_TAG,
                                 "RtlAnsiStringToUnicodeString");
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
        DestinationString->MaximumLength = (USHORT)(bytes + sizeof(WCHAR));
    } else if (bytes > DestinationString->MaximumLength) {
        return STATUS_BUFFER_OVERFLOW;
    }
    for (USHORT i = 0; i < SourceString->Length; i++)
        DestinationString->Buffer[i] = (WCHAR)(UCHAR)SourceString->Buffer[i];
    DestinationString->Length = (USHORT)bytes;
    if (bytes + sizeof(WCHAR) <= DestinationString->MaximumLength)
        DestinationString->Buffer[bytes / sizeof(WCHAR)] = 0;
    return STATUS_SUCCESS;
}
NTSTATUS RtlUnicodeStringToAnsiString(PANSI_STRING DestinationString, PCUNICODE_STRING SourceString,
                                      BOOLEAN AllocateDestinationString)
{
    USHORT characters = SourceString->Length / sizeof(WCHAR);
    if (AllocateDestinationString) {
        DestinationString->Buffer = (PCHAR)MpAbiAllocate(MpAbiPoolWithTag, PagedPool, (SIZE_T)characters + 1,
                                                         MPABI_STRING_TAG, "RtlUnicodeStringToAnsiString");
        if (DestinationString->Buffer == NULL)
            return STATUS_NO_MEMORY;
        DestinationString->MaximumLength = (USHORT)(characters + 1);
    }
    NTSTATUS status = STATUS_SUCCESS;
    USHORT count = characters;
    if (count > DestinationString->MaximumLength) {
        count = DestinationString->MaximumLength;
        status = STATUS_BUFFER_OVERFLOW;
    }
    for (USHORT i = 0; i < count; i++) {
        WCHAR c = SourceString->Buffer[i];
        DestinationString->Buffer[i] = (CHAR)(c <= 0xFF ? c : '?');
    }
    DestinationString->Length = count;
    if (count < DestinationString->MaximumLength)
        DestinationString->Buffer[count] = 0;
    return status;
}
VOID RtlFreeUnicodeString(PUNICODE_STRING UnicodeString)
{
    if (UnicodeString->Buffer != NULL)
        ExFreePoolWithTag(UnicodeString->Buffer, MPABI_STRING_TAG);
    UnicodeString->Buffer = NULL;
    UnicodeString->Length = UnicodeString->MaximumLength = 0;
}
VOID RtlFreeAnsiString(PANSI_STRING AnsiString)
{
    if (AnsiString->Buffer != NULL)
        ExFreePoolWithTag(AnsiString->Buffer, MPABI_STRING_TAG);
    AnsiString->Buffer = NULL;
    AnsiString->Length = AnsiString->MaximumLength = 0;
}

NTSTATUS RtlIntegerToUnicodeString(ULONG Value, ULONG Base, PUNICODE_STRING String)
{
    if (Base == 0)
        Base = 10;
    if (Base != 2 && Base != 8 && Base != 10 && Base != 16)
        return STATUS_INVALID_PARAMETER;
    char digits[33];
    int n = 0;
    do {
        ULONG digit = Value % Base;
        digits[n++] = (char)(digit < 10 ? '0' + digit : 'A' + digit - 10);
        Value /= Base;
    } while (Value != 0);
    if ((ULONG)n * sizeof(WCHAR) > String->MaximumLength)
        return STATUS_BUFFER_OVERFLOW;
    for (int i = 0; i < n; i++)
        String->Buffer[i] = (WCHAR)digits[n - 1 - i];
    String->Length = (USHORT)(n * sizeof(WCHAR));
    if (String->Length + sizeof(WCHAR) <= String->MaximumLength)
        String->Buffer[n] = 0;
    return STATUS_SUCCESS;
}

/* Parses optional white space, sign, 0x/0o/0b prefix (when Base is 0) and digits. */
static NTSTATUS MpAbiParseInteger(const WCHAR *Wide, const char *Narrow, SIZE_T Count, ULONG Base, PULONG Value)
{
    if (Value == NULL)
        return STATUS_ACCESS_VIOLATION;
    SIZE_T i = 0;
#define MPABI_AT(k) (Wide != NULL ? (ULONG)Wide[k] : (ULONG)(UCHAR)Narrow[k])
    while (i < Count && MPABI_AT(i) != 0 && MPABI_AT(i) <= ' ')
        i++;
    BOOLEAN negative = FALSE;
    if (i < Count && (MPABI_AT(i) == '-' || MPABI_AT(i) == '+')) {
        negative = MPABI_AT(i) == '-';
        i++;
    }
    if (Base == 0) {
        Base = 10;
        if (i + 1 < Count && MPABI_AT(i) == '0') {
            ULONG p = MPABI_AT(i + 1);
            if (p == 'x' || p == 'X') { Base = 16; i += 2; }
            else if (p == 'o' || p == 'O') { Base = 8; i += 2; }
            else if (p == 'b' || p == 'B') { Base = 2; i += 2; }
        }
    } else if (Base != 2 && Base != 8 && Base != 10 && Base != 16) {
        return STATUS_INVALID_PARAMETER;
    }
    ULONG result = 0;
    for (; i < Count && MPABI_AT(i) != 0; i++) {
        ULONG c = MPABI_AT(i), digit;
        if (c >= '0' && c <= '9') digit = c - '0';
        else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
        else break;
        if (digit >= Base)
            break;
        result = result * Base + digit;
    }
#undef MPABI_AT
    *Value = negative ? (ULONG)(0U - result) : result;
    return STATUS_SUCCESS;
}
NTSTATUS RtlUnicodeStringToInteger(PCUNICODE_STRING String, ULONG Base, PULONG Value)
{
    return MpAbiParseInteger(String->Buffer, NULL, String->Length / sizeof(WCHAR), Base, Value);
}
NTSTATUS RtlCharToInteger(PCSZ String, ULONG Base, PULONG Value)
{
    return MpAbiParseInteger(NULL, String, (SIZE_T)-1, Base, Value);
}

/* Time: 100 ns units since 1601-01-01 (Gregorian, UTC). */
static const CSHORT MpAbiMonthDays[2][12] = {
    {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
    {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
};
static int MpAbiLeap(LONGLONG Year)
{
    return (Year % 4 == 0 && Year % 100 != 0) || Year % 400 == 0;
}
VOID RtlTimeToTimeFields(PLARGE_INTEGER Time, PTIME_FIELDS TimeFields)
{
    ULONGLONG t = (ULONGLONG)Time->QuadPart;
    ULONGLONG milliseconds = t / 10000ULL;
    ULONGLONG days = milliseconds / 86400000ULL;
    ULONGLONG dayMs = milliseconds % 86400000ULL;
    TimeFields->Milliseconds = (CSHORT)(dayMs % 1000);
    TimeFields->Second = (CSHORT)((dayMs / 1000) % 60);
    TimeFields->Minute = (CSHORT)((dayMs / 60000) % 60);
    TimeFields->Hour = (CSHORT)(dayMs / 3600000);
    TimeFields->Weekday = (CSHORT)((days + 1) % 7);   /* 1601-01-01 was a Monday */
    LONGLONG year = 1601;
    for (;;) {
        ULONGLONG inYear = MpAbiLeap(year) ? 366 : 365;
        if (days < inYear)
            break;
        days -= inYear;
        year++;
    }
    int leap = MpAbiLeap(year);
    int month = 0;
    while (days >= (ULONGLONG)MpAbiMonthDays[leap][month]) {
        days -= (ULONGLONG)MpAbiMonthDays[leap][month];
        month++;
    }
    TimeFields->Year = (CSHORT)year;
    TimeFields->Month = (CSHORT)(month + 1);
    TimeFields->Day = (CSHORT)(days + 1);
}
BOOLEAN RtlTimeFieldsToTime(PTIME_FIELDS TimeFields, PLARGE_INTEGER Time)
{
    TIME_FIELDS f = *TimeFields;
    if (f.Year < 1601 || f.Month < 1 || f.Month > 12 || f.Day < 1 || f.Hour < 0 || f.Hour > 23 || f.Minute < 0 ||
        f.Minute > 59 || f.Second < 0 || f.Second > 59 || f.Milliseconds < 0 || f.Milliseconds > 999)
        return FALSE;
    int leap = MpAbiLeap(f.Year);
    if (f.Day > MpAbiMonthDays[leap][f.Month - 1])
        return FALSE;
    ULONGLONG days = 0;
    for (LONGLONG y = 1601; y < f.Year; y++)
        days += MpAbiLeap(y) ? 366 : 365;
    for (int m = 0; m < f.Month - 1; m++)
        days += (ULONGLONG)MpAbiMonthDays[leap][m];
    days += (ULONGLONG)(f.Day - 1);
    ULONGLONG milliseconds = days * 86400000ULL + (ULONGLONG)f.Hour * 3600000ULL + (ULONGLONG)f.Minute * 60000ULL +
                             (ULONGLONG)f.Second * 1000ULL + (ULONGLONG)f.Milliseconds;
    Time->QuadPart = (LONGLONG)(milliseconds * 10000ULL);
    return TRUE;
}

/* ===== HAL bus data: PCI configuration space through the port's bus-data slots ===== */

ULONG HalGetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer,
                            ULONG Offset, ULONG Length)
{
    UCHAR space[4096];
    if (Offset >= sizeof(space) || Length > sizeof(space) - Offset)
        return 0;
    if (MPABI_SLOT(ScsiPort, GetBusData) == NULL) {
        MpAbiReportUnresolved("HalGetBusDataByOffset");
        return 0;
    }
    ULONG got = MPABI_SLOT(ScsiPort, GetBusData)(MPABI_CONTEXT, NULL, (ULONG)BusDataType, BusNumber, SlotNumber,
                                                 space, Offset + Length);
    if (got <= Offset)
        return got == 2 ? 2 : 0;   /* 2: "no device" (the vendor ID reads 0xFFFF) */
    ULONG copied = got - Offset < Length ? got - Offset : Length;
    memcpy(Buffer, space + Offset, copied);
    return copied;
}
ULONG HalGetBusData(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer, ULONG Length)
{
    return HalGetBusDataByOffset(BusDataType, BusNumber, SlotNumber, Buffer, 0, Length);
}
ULONG HalSetBusDataByOffset(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer, ULONG Offset,
                            ULONG Length)
{
    if (MPABI_SLOT(ScsiPort, SetBusDataByOffset) == NULL) {
        MpAbiReportUnresolved("HalSetBusDataByOffset");
        return 0;
    }
    return MPABI_SLOT(ScsiPort, SetBusDataByOffset)(MPABI_CONTEXT, NULL, (ULONG)BusDataType, BusNumber, SlotNumber,
                                                    Buffer, Offset, Length);
}
ULONG HalSetBusData(BUS_DATA_TYPE BusDataType, ULONG BusNumber, ULONG SlotNumber, PVOID Buffer, ULONG Length)
{
    return HalSetBusDataByOffset(BusDataType, BusNumber, SlotNumber, Buffer, 0, Length);
}

/* ===== threads and processes: the model's one system thread and process ===== */

HANDLE PsGetCurrentThreadId(VOID) { return (HANDLE)(ULONG_PTR)8; }
HANDLE PsGetCurrentProcessId(VOID) { return (HANDLE)(ULONG_PTR)4; }

/* ===== documented-failure stubs (no such service on the model; reported as unresolved) ===== */

NTSTATUS PsCreateSystemThread(PHANDLE ThreadHandle, ULONG DesiredAccess, struct _OBJECT_ATTRIBUTES *ObjectAttributes,
                              HANDLE ProcessHandle, PCLIENT_ID ClientId, PKSTART_ROUTINE StartRoutine,
                              PVOID StartContext)
{
    (void)ThreadHandle; (void)DesiredAccess; (void)ObjectAttributes; (void)ProcessHandle; (void)ClientId;
    (void)StartRoutine; (void)StartContext;
    MpAbiReportUnresolved("PsCreateSystemThread");
    return STATUS_NOT_IMPLEMENTED;
}
NTSTATUS ObReferenceObjectByHandle(HANDLE Handle, ACCESS_MASK DesiredAccess, struct _OBJECT_TYPE *ObjectType,
                                   KPROCESSOR_MODE AccessMode, PVOID *Object,
                                   struct _OBJECT_HANDLE_INFORMATION *HandleInformation)
{
    (void)Handle; (void)DesiredAccess; (void)ObjectType; (void)AccessMode; (void)HandleInformation;
    if (Object != NULL)
        *Object = NULL;
    MpAbiReportUnresolved("ObReferenceObjectByHandle");
    return STATUS_NOT_IMPLEMENTED;
}
LONG_PTR ObfDereferenceObject(PVOID Object)
{
    (void)Object;
    MpAbiReportUnresolved("ObfDereferenceObject");
    return 0;
}
NTSTATUS RtlQueryRegistryValues(ULONG RelativeTo, PCWSTR Path, PRTL_QUERY_REGISTRY_TABLE QueryTable, PVOID Context,
                                PVOID Environment)
{
    (void)RelativeTo; (void)Path; (void)QueryTable; (void)Context; (void)Environment;
    MpAbiReportUnresolved("RtlQueryRegistryValues");
    return STATUS_NOT_IMPLEMENTED;
}
NTSTATUS RtlWriteRegistryValue(ULONG RelativeTo, PCWSTR Path, PCWSTR ValueName, ULONG ValueType, PVOID ValueData,
                               ULONG ValueLength)
{
    (void)RelativeTo; (void)Path; (void)ValueName; (void)ValueType; (void)ValueData; (void)ValueLength;
    MpAbiReportUnresolved("RtlWriteRegistryValue");
    return STATUS_NOT_IMPLEMENTED;
}
NTSTATUS ZwClose(HANDLE Handle)
{
    (void)Handle;
    MpAbiReportUnresolved("ZwClose");
    return STATUS_NOT_IMPLEMENTED;
}
NTSTATUS ZwOpenKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, struct _OBJECT_ATTRIBUTES *ObjectAttributes)
{
    (void)DesiredAccess; (void)ObjectAttributes;
    if (KeyHandle != NULL)
        *KeyHandle = NULL;
    MpAbiReportUnresolved("ZwOpenKey");
    return STATUS_NOT_IMPLEMENTED;
}
NTSTATUS ZwCreateKey(PHANDLE KeyHandle, ACCESS_MASK DesiredAccess, struct _OBJECT_ATTRIBUTES *ObjectAttributes,
                     ULONG TitleIndex, PUNICODE_STRING Class, ULONG CreateOptions, PULONG Disposition)
{
    (void)DesiredAccess; (void)ObjectAttributes; (void)TitleIndex; (void)Class; (void)CreateOptions;
    (void)Disposition;
    if (KeyHandle != NULL)
        *KeyHandle = NULL;
    MpAbiReportUnresolved("ZwCreateKey");
    return STATUS_NOT_IMPLEMENTED;
}
NTSTATUS ZwQueryValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName,
                         KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass, PVOID KeyValueInformation, ULONG Length,
                         PULONG ResultLength)
{
    (void)KeyHandle; (void)ValueName; (void)KeyValueInformationClass; (void)KeyValueInformation; (void)Length;
    if (ResultLength != NULL)
        *ResultLength = 0;
    MpAbiReportUnresolved("ZwQueryValueKey");
    return STATUS_NOT_IMPLEMENTED;
}
NTSTATUS ZwSetValueKey(HANDLE KeyHandle, PUNICODE_STRING ValueName, ULONG TitleIndex, ULONG Type, PVOID Data,
                       ULONG DataSize)
{
    (void)KeyHandle; (void)ValueName; (void)TitleIndex; (void)Type; (void)Data; (void)DataSize;
    MpAbiReportUnresolved("ZwSetValueKey");
    return STATUS_NOT_IMPLEMENTED;
}
NTSTATUS IoWMIRegistrationControl(struct _DEVICE_OBJECT *DeviceObject, ULONG Action)
{
    (void)DeviceObject; (void)Action;
    MpAbiReportUnresolved("IoWMIRegistrationControl");
    return STATUS_NOT_IMPLEMENTED;
}
PIO_WORKITEM IoAllocateWorkItem(struct _DEVICE_OBJECT *DeviceObject)
{
    (void)DeviceObject;
    MpAbiReportUnresolved("IoAllocateWorkItem");
    return NULL;   /* documented: NULL when no work item could be allocated */
}
VOID IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine, WORK_QUEUE_TYPE QueueType,
                     PVOID Context)
{
    (void)IoWorkItem; (void)WorkerRoutine; (void)QueueType; (void)Context;
    MpAbiReportUnresolved("IoQueueWorkItem");
}
VOID IoFreeWorkItem(PIO_WORKITEM IoWorkItem)
{
    (void)IoWorkItem;
    MpAbiReportUnresolved("IoFreeWorkItem");
}

#if defined(MPABI_MS_ABI_BRIDGE)
/* The bridge's table of the kernel routines (bridge_exports.c); `inline` ones are not imports. */
#include "mpabi_kernel_exports.h"
#define MPABI_KERNEL_CHECK(Name, Module, How) MPABI_KERNEL_CHECK_##Module(Name)
#define MPABI_KERNEL_CHECK_ntoskrnl(Name) MPABI_MS_CHECK(Name, ntoskrnl)
#define MPABI_KERNEL_CHECK_hal(Name) MPABI_MS_CHECK(Name, hal)
#define MPABI_KERNEL_CHECK_inline(Name)
MPABI_KERNEL_EXPORTS(MPABI_KERNEL_CHECK)
#define MPABI_KERNEL_ROW(Name, Module, How) MPABI_KERNEL_ROW_##Module(Name)
#define MPABI_KERNEL_ROW_ntoskrnl(Name) MPABI_BRIDGE_ROW(Name, ntoskrnl)
#define MPABI_KERNEL_ROW_hal(Name) MPABI_BRIDGE_ROW(Name, hal)
#define MPABI_KERNEL_ROW_inline(Name)
__attribute__((visibility("hidden"))) const MPABI_BRIDGE_EXPORT MpAbiBridgeKernelExports[] = {
    MPABI_KERNEL_EXPORTS(MPABI_KERNEL_ROW)
    {NULL, NULL, NULL},
};
#endif
