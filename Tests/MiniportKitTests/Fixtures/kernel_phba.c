/*
 * kernel_phba.c - the example miniport (Examples/PhbaMiniport/phba.c), unchanged, with the
 * kernel routines of mpabi_kernel.h called around its routines (KernelRoutineTests). What each
 * call answered lands in KernelProbe. Good behaviour by default; one misbehaviour per define:
 *
 *   KERNEL_BAD_IRQL     HwStartIo lowers the IRQL below DIRQL and raises it "down";
 *                       HwInitialize returns at HIGH_LEVEL (irql.bad-change)
 *   KERNEL_WAIT_RULES   HwStartIo waits with a timeout (wait.irql); HwFindAdapter waits without
 *                       a timeout on an event nobody sets (wait.forever)
 *   KERNEL_DEADLOCK     HwFindAdapter acquires one spin lock twice (lock.misuse)
 *   KERNEL_BAD_FREE     HwFindAdapter frees with the wrong tag, then twice (pool.bad-free), and
 *                       asks MmGetPhysicalAddress for pool memory (phys.invalid-address)
 *   KERNEL_LEAK         one allocation is never freed (pool.leak at unload)
 *   KERNEL_BUGCHECK     HwStartIo calls KeBugCheckEx on the first READ (miniport.bugcheck)
 *   KERNEL_UNRESOLVED   DriverEntry calls routines the SDK does not implement
 *   KERNEL_TIMERS       HwInitialize sets timers with DPCs: a one-shot (relative, re-set), an
 *                       absolute one, a cancelled one and a periodic one its DPC cancels
 *   KERNEL_SYNC         HwFindAdapter releases a semaphore past its limit
 *                       (sync.semaphore-limit) and a mutex it does not hold (lock.misuse)
 */
#include <ntddk.h>
#include <miniport.h>
#include <srb.h>
#include <scsi.h>
#include <string.h>

/* Pool tags are multi-character constants, as in WDK code (MSVC and gcc give them one value). */
#pragma GCC diagnostic ignored "-Wmultichar"

typedef struct {
    KIRQL DriverEntryIrql, FindAdapterIrql, InitializeIrql, StartIoIrql, InterruptIrql;
    KIRQL SpinOldIrql, SpinHeldIrql, SpinAfterIrql, QueuedHeldIrql, RaiseOldIrql, RaisedIrql;
    ULONGLONG StallBefore, StallAfter;          /* KeQueryInterruptTime around KeStallExecutionProcessor(250) */
    LONGLONG SystemTime, TickCount, Performance, Frequency;
    ULONG TimeIncrement;
    NTSTATUS WaitSignalled, WaitZero, WaitTimeout, WaitTimer, WaitAll;
    ULONGLONG WaitTimeoutBefore, WaitTimeoutAfter, TimerAt, TimerWokeAt;
    LONG EventStateAfterSyncWait;
    ULONGLONG UncachedKernelPhysical, UncachedPortPhysical, PoolPhysical;
    UCHAR Pool2Zeroed, PoolZeroZeroed;
    PVOID Pool2Null;                            /* ExAllocatePool2 with no pool type flag: NULL */
    ULONG ActiveProcessors, ProcessorNumber, MaximumProcessors;
    PROCESSOR_NUMBER ProcNumber;
    USHORT ActiveGroups;
    SIZE_T CompareSame;
    LONG CompareUnicode;
    BOOLEAN EqualCaseInsensitive;
    ULONG ParsedDecimal, ParsedHex;
    WCHAR IntegerText[16];
    USHORT IntegerTextLength;
    CHAR AnsiRoundTrip[16];
    TIME_FIELDS Fields;
    LARGE_INTEGER FieldsBack;
    NTSTATUS UnresolvedStatus;
    PVOID WorkItem;
    ULONG FindAdapterCalls;
    BOOLEAN DpcQueued, DpcQueuedAgain;
    ULONG DpcRuns;
    KIRQL DpcIrql;
    ULONG_PTR DpcArguments;
    /* KERNEL_TIMERS */
    BOOLEAN TimerSetFirst, TimerSetAgain, CancelWasSet, CancelAgain, PeriodicCancel, ReadStateAfterStall;
    ULONG OneShotRuns, AbsoluteRuns, CancelledRuns, PeriodicRuns;
    KIRQL TimerDpcIrql;
    ULONGLONG OneShotDue, OneShotRanAt, AbsoluteDue, AbsoluteRanAt, PeriodicFirstAt, PeriodicLastAt;
    /* KERNEL_SYNC */
    LONG SemaphoreFirst, SemaphorePastLimit, SemaphoreAfter, MutexWait, MutexRecursive, MutexAfter;
    LONG MutexReleaseFirst, MutexReleaseSecond, MutexReleaseThird;
} KERNEL_PROBE;

KERNEL_PROBE KernelProbe;

static PHW_FIND_ADAPTER KernelFindAdapter;
static PHW_INITIALIZE KernelInitialize;
static PHW_STARTIO KernelStartIo;
static PHW_INTERRUPT KernelInterrupt;
static PVOID KernelUncached;
static KSPIN_LOCK KernelLock;
static PVOID KernelLeak;
static KDPC KernelDpc;

static VOID KernelDpcRoutine(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    (void)Dpc;
    ((KERNEL_PROBE *)DeferredContext)->DpcRuns++;
    KernelProbe.DpcIrql = KeGetCurrentIrql();
    KernelProbe.DpcArguments = (ULONG_PTR)SystemArgument1 * 16 + (ULONG_PTR)SystemArgument2;
}

#ifdef KERNEL_TIMERS
static KTIMER OneShotTimer, AbsoluteTimer, CancelledTimer, PeriodicTimer;
static KDPC OneShotDpc, AbsoluteDpc, CancelledDpc, PeriodicDpc;

static VOID TimerDpcRoutine(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    ULONGLONG now = KeQueryInterruptTime();
    (void)DeferredContext;
    (void)SystemArgument1;
    (void)SystemArgument2;
    KernelProbe.TimerDpcIrql = KeGetCurrentIrql();
    if (Dpc == &OneShotDpc) {
        KernelProbe.OneShotRuns++;
        KernelProbe.OneShotRanAt = now;
    } else if (Dpc == &AbsoluteDpc) {
        KernelProbe.AbsoluteRuns++;
        KernelProbe.AbsoluteRanAt = now;
    } else if (Dpc == &CancelledDpc) {
        KernelProbe.CancelledRuns++;
    } else if (Dpc == &PeriodicDpc) {
        /* The first run waited for HwInitialize to return (its stall passed the due time). */
        if (KernelProbe.PeriodicRuns++ == 1)
            KernelProbe.PeriodicFirstAt = now;
        KernelProbe.PeriodicLastAt = now;
        if (KernelProbe.PeriodicRuns == 3)
            KernelProbe.PeriodicCancel = KeCancelTimer(&PeriodicTimer);
    }
}

static VOID KernelSetTimers(VOID)
{
    LARGE_INTEGER due;
    KeInitializeDpc(&OneShotDpc, TimerDpcRoutine, NULL);
    KeInitializeDpc(&AbsoluteDpc, TimerDpcRoutine, NULL);
    KeInitializeDpc(&CancelledDpc, TimerDpcRoutine, NULL);
    KeInitializeDpc(&PeriodicDpc, TimerDpcRoutine, NULL);
    KeInitializeTimer(&OneShotTimer);
    KeInitializeTimer(&AbsoluteTimer);
    KeInitializeTimer(&CancelledTimer);
    KeInitializeTimerEx(&PeriodicTimer, SynchronizationTimer);

    due.QuadPart = -10 * 1000 * 50;                     /* 50 ms, relative */
    KernelProbe.TimerSetFirst = KeSetTimer(&OneShotTimer, due, &OneShotDpc);
    due.QuadPart = -10 * 1000 * 10;                     /* re-set: 10 ms */
    KernelProbe.TimerSetAgain = KeSetTimer(&OneShotTimer, due, &OneShotDpc);
    KernelProbe.OneShotDue = KeQueryInterruptTime() + 10 * 1000 * 10;

    KeQuerySystemTime(&due);                            /* absolute: now + 20 ms */
    due.QuadPart += 10 * 1000 * 20;
    (void)KeSetTimer(&AbsoluteTimer, due, &AbsoluteDpc);
    KernelProbe.AbsoluteDue = KeQueryInterruptTime() + 10 * 1000 * 20;

    due.QuadPart = -10 * 1000;                          /* 1 ms, then cancelled */
    (void)KeSetTimer(&CancelledTimer, due, &CancelledDpc);
    KernelProbe.CancelWasSet = KeCancelTimer(&CancelledTimer);
    KernelProbe.CancelAgain = KeCancelTimer(&CancelledTimer);

    due.QuadPart = -10 * 1000 * 2;                      /* 2 ms, then every 5 ms */
    (void)KeSetTimerEx(&PeriodicTimer, due, 5, &PeriodicDpc);
    KeStallExecutionProcessor(3000);                    /* the first period passes in the routine */
    KernelProbe.ReadStateAfterStall = KeReadStateTimer(&PeriodicTimer);
}
#endif

#ifdef KERNEL_SYNC
static VOID KernelSemaphoreAndMutex(VOID)
{
    KSEMAPHORE semaphore;
    KMUTEX mutex;
    KeInitializeSemaphore(&semaphore, 1, 2);
    KernelProbe.SemaphoreFirst = KeReleaseSemaphore(&semaphore, 0, 1, FALSE);
    KernelProbe.SemaphorePastLimit = KeReleaseSemaphore(&semaphore, 0, 1, FALSE);   /* 2 + 1 > 2 */
    KernelProbe.SemaphoreAfter = KeReadStateSemaphore(&semaphore);
    KeInitializeMutex(&mutex, 0);
    KernelProbe.MutexWait = KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL);
    KernelProbe.MutexRecursive = KeWaitForSingleObject(&mutex, Executive, KernelMode, FALSE, NULL);
    KernelProbe.MutexReleaseFirst = KeReleaseMutex(&mutex, FALSE);
    KernelProbe.MutexReleaseSecond = KeReleaseMutex(&mutex, FALSE);
    KernelProbe.MutexReleaseThird = KeReleaseMutex(&mutex, FALSE);                 /* not held */
    KernelProbe.MutexAfter = KeReadStateMutex(&mutex);
}
#endif

static ULONG KernelHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                                 PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    KLOCK_QUEUE_HANDLE handle;
    KEVENT event, sync;
    KTIMER timer;
    LARGE_INTEGER timeout;
    PVOID objects[2];
    PVOID pool;

    KernelProbe.FindAdapterCalls++;
    KernelProbe.FindAdapterIrql = KeGetCurrentIrql();
#ifdef KERNEL_SYNC
    KernelSemaphoreAndMutex();
#endif

    /* Spin locks at PASSIVE_LEVEL: raise to DISPATCH_LEVEL, restore. */
    KeInitializeSpinLock(&KernelLock);
    KeAcquireSpinLock(&KernelLock, &KernelProbe.SpinOldIrql);
    KernelProbe.SpinHeldIrql = KeGetCurrentIrql();
#ifdef KERNEL_DEADLOCK
    {
        KIRQL again;
        KeAcquireSpinLock(&KernelLock, &again);
    }
#endif
    KeReleaseSpinLock(&KernelLock, KernelProbe.SpinOldIrql);
    KernelProbe.SpinAfterIrql = KeGetCurrentIrql();
    KeAcquireInStackQueuedSpinLock(&KernelLock, &handle);
    KernelProbe.QueuedHeldIrql = KeGetCurrentIrql();
    KeReleaseInStackQueuedSpinLock(&handle);

    /* Events and waits (PASSIVE_LEVEL: allowed). */
    KeInitializeEvent(&event, NotificationEvent, FALSE);
    KeInitializeEvent(&sync, SynchronizationEvent, FALSE);
    timeout.QuadPart = 0;
    KernelProbe.WaitZero = KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout);
    timeout.QuadPart = -10 * 1000 * 20;   /* 20 ms, relative */
    KernelProbe.WaitTimeoutBefore = KeQueryInterruptTime();
    KernelProbe.WaitTimeout = KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout);
    KernelProbe.WaitTimeoutAfter = KeQueryInterruptTime();
    KeSetEvent(&sync, 0, FALSE);
    KernelProbe.WaitSignalled = KeWaitForSingleObject(&sync, Executive, KernelMode, FALSE, NULL);
    KernelProbe.EventStateAfterSyncWait = KeReadStateEvent(&sync);
    KeInitializeTimer(&timer);
    timeout.QuadPart = -10 * 1000 * 5;    /* 5 ms */
    KeSetTimer(&timer, timeout, NULL);
    KernelProbe.TimerAt = KeQueryInterruptTime() + 10 * 1000 * 5;
    objects[0] = &event;
    objects[1] = &timer;
    KernelProbe.WaitTimer = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode, FALSE, NULL, NULL);
    KernelProbe.TimerWokeAt = KeQueryInterruptTime();
    KeSetEvent(&event, 0, FALSE);
    KernelProbe.WaitAll = KeWaitForMultipleObjects(2, objects, WaitAll, Executive, KernelMode, FALSE, NULL, NULL);
#ifdef KERNEL_WAIT_RULES
    KeResetEvent(&event);
    (void)KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
#endif

    /* Pool. */
    pool = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, 'bKpM');
    KernelProbe.Pool2Zeroed = pool != NULL && ((PUCHAR)pool)[0] == 0 && ((PUCHAR)pool)[63] == 0;
#ifdef KERNEL_BAD_FREE
    KernelProbe.PoolPhysical = (ULONGLONG)MmGetPhysicalAddress(pool).QuadPart;   /* no DMA address */
#endif
    ExFreePoolWithTag(pool, 'bKpM');
    KernelProbe.Pool2Null = ExAllocatePool2(POOL_FLAG_UNINITIALIZED, 64, 'bKpM');
    pool = ExAllocatePoolZero(NonPagedPoolNx, 32, 'zKpM');
    KernelProbe.PoolZeroZeroed = pool != NULL && ((PUCHAR)pool)[31] == 0;
    ExFreePool(pool);
#ifdef KERNEL_BAD_FREE
    pool = ExAllocatePoolWithTag(NonPagedPoolNx, 16, 'aKpM');
    ExFreePoolWithTag(pool, 'xxxx');
    ExFreePoolWithTag(pool, 'aKpM');
#endif
#ifdef KERNEL_LEAK
    if (KernelLeak == NULL)
        KernelLeak = ExAllocatePoolWithTag(NonPagedPoolNx, 100, 'kaeL');
#endif
    (void)KernelLeak;
    /* A dump copy has no pool: this is refused there (dump.pool). */
    pool = ExAllocatePoolWithTag(NonPagedPoolNx, 8, 'pmuD');
    if (pool != NULL)
        ExFreePoolWithTag(pool, 'pmuD');

    return KernelFindAdapter(DeviceExtension, HwContext, BusInformation, ArgumentString, ConfigInfo, Again);
}

static BOOLEAN KernelHwInitialize(PVOID DeviceExtension)
{
    ULONG length = 0;
    KernelProbe.InitializeIrql = KeGetCurrentIrql();
    KernelProbe.StallBefore = KeQueryInterruptTime();
    KeStallExecutionProcessor(250);
    KernelProbe.StallAfter = KeQueryInterruptTime();
    KeQuerySystemTime((PLARGE_INTEGER)&KernelProbe.SystemTime);
    KeQueryTickCount((PLARGE_INTEGER)&KernelProbe.TickCount);
    KernelProbe.TimeIncrement = KeQueryTimeIncrement();
    KernelProbe.Performance = KeQueryPerformanceCounter((PLARGE_INTEGER)&KernelProbe.Frequency).QuadPart;
    if (KernelUncached != NULL) {
        KernelProbe.UncachedKernelPhysical = (ULONGLONG)MmGetPhysicalAddress(KernelUncached).QuadPart;
        KernelProbe.UncachedPortPhysical =
            (ULONGLONG)ScsiPortGetPhysicalAddress(DeviceExtension, NULL, KernelUncached, &length).QuadPart;
    }
    KeInitializeDpc(&KernelDpc, KernelDpcRoutine, &KernelProbe);
    KernelProbe.DpcQueued = KeInsertQueueDpc(&KernelDpc, (PVOID)1, (PVOID)2);
    KernelProbe.DpcQueuedAgain = KeInsertQueueDpc(&KernelDpc, (PVOID)3, (PVOID)4);
#ifdef KERNEL_TIMERS
    KernelSetTimers();
#endif
    KeRaiseIrql(HIGH_LEVEL, &KernelProbe.RaiseOldIrql);
    KernelProbe.RaisedIrql = KeGetCurrentIrql();
#ifndef KERNEL_BAD_IRQL
    KeLowerIrql(KernelProbe.RaiseOldIrql);
#endif
    return KernelInitialize(DeviceExtension);
}

static BOOLEAN KernelHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    KernelProbe.StartIoIrql = KeGetCurrentIrql();
#ifdef KERNEL_BAD_IRQL
    {
        KIRQL old;
        KeLowerIrql(PASSIVE_LEVEL);
        KeRaiseIrql(DISPATCH_LEVEL, &old);
    }
#endif
#ifdef KERNEL_WAIT_RULES
    {
        KEVENT event;
        LARGE_INTEGER timeout;
        timeout.QuadPart = -10 * 1000;
        KeInitializeEvent(&event, NotificationEvent, FALSE);
        (void)KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout);
    }
#endif
#ifdef KERNEL_BUGCHECK
    if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && Srb->Cdb[0] == SCSIOP_READ)
        KeBugCheckEx(0xDEAD0001, 0x11, 0x22, 0x33, (ULONG_PTR)Srb->TargetId);
#endif
    return KernelStartIo(DeviceExtension, Srb);
}

static BOOLEAN KernelHwInterrupt(PVOID DeviceExtension)
{
    KernelProbe.InterruptIrql = KeGetCurrentIrql();
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "kernel probe interrupt at %u\n", (unsigned)KernelProbe.InterruptIrql);
    return KernelInterrupt(DeviceExtension);
}

static PVOID KernelGetUncachedExtension(PVOID DeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG Length)
{
    KernelUncached = ScsiPortGetUncachedExtension(DeviceExtension, ConfigInfo, Length);
    return KernelUncached;
}

static VOID KernelPureRoutines(VOID)
{
    static const WCHAR upper[] = {'D', 'I', 'S', 'K', 0}, lower[] = {'d', 'i', 's', 'k', 0};
    static const WCHAR number[] = {' ', '4', '2', 0}, hex[] = {'0', 'x', '1', 'F', 0};
    UNICODE_STRING a, b, text;
    ANSI_STRING ansi, back;
    LARGE_INTEGER time;
    UCHAR x[4] = {1, 2, 3, 4}, y[4] = {1, 2, 9, 4};

    KernelProbe.CompareSame = RtlCompareMemory(x, y, sizeof x);
    RtlInitUnicodeString(&a, upper);
    RtlInitUnicodeString(&b, lower);
    KernelProbe.CompareUnicode = RtlCompareUnicodeString(&a, &b, FALSE);
    KernelProbe.EqualCaseInsensitive = RtlEqualUnicodeString(&a, &b, TRUE);
    RtlInitUnicodeString(&text, number);
    RtlUnicodeStringToInteger(&text, 0, &KernelProbe.ParsedDecimal);
    RtlInitUnicodeString(&text, hex);
    RtlUnicodeStringToInteger(&text, 0, &KernelProbe.ParsedHex);
    text.Buffer = KernelProbe.IntegerText;
    text.Length = 0;
    text.MaximumLength = sizeof KernelProbe.IntegerText;
    RtlIntegerToUnicodeString(4096, 16, &text);
    KernelProbe.IntegerTextLength = text.Length;
    RtlInitAnsiString(&ansi, "phba");
    if (RtlAnsiStringToUnicodeString(&a, &ansi, TRUE) == STATUS_SUCCESS) {
        if (RtlUnicodeStringToAnsiString(&back, &a, TRUE) == STATUS_SUCCESS) {
            RtlCopyMemory(KernelProbe.AnsiRoundTrip, back.Buffer, back.Length);
            RtlFreeAnsiString(&back);
        }
        RtlFreeUnicodeString(&a);
    }
    time.QuadPart = 134118144000000000LL + 10000000LL * (3600 * 5 + 60 * 4 + 3) + 10000LL * 6;
    RtlTimeToTimeFields(&time, &KernelProbe.Fields);
    RtlTimeFieldsToTime(&KernelProbe.Fields, &KernelProbe.FieldsBack);
    KernelProbe.ActiveProcessors = KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS);
    KernelProbe.MaximumProcessors = KeQueryMaximumProcessorCount();
    KernelProbe.ProcessorNumber = KeGetCurrentProcessorNumberEx(&KernelProbe.ProcNumber);
    KernelProbe.ActiveGroups = KeQueryActiveGroupCount();
}

static ULONG KernelScsiPortInitialize(PVOID Argument1, PVOID Argument2, PHW_INITIALIZATION_DATA Init, PVOID HwContext)
{
    KernelProbe.DriverEntryIrql = KeGetCurrentIrql();
    DbgPrint("kernel probe: DriverEntry %s\n", Argument1 == NULL ? "(dump copy)" : "");
    KernelPureRoutines();
#ifdef KERNEL_UNRESOLVED
    KernelProbe.UnresolvedStatus = ZwClose(NULL);
    KernelProbe.WorkItem = IoAllocateWorkItem(NULL);
#endif
    KernelFindAdapter = Init->HwFindAdapter;
    KernelInitialize = Init->HwInitialize;
    KernelStartIo = Init->HwStartIo;
    KernelInterrupt = Init->HwInterrupt;
    Init->HwFindAdapter = KernelHwFindAdapter;
    Init->HwInitialize = KernelHwInitialize;
    Init->HwStartIo = KernelHwStartIo;
    Init->HwInterrupt = KernelHwInterrupt;
    return ScsiPortInitialize(Argument1, Argument2, Init, HwContext);
}

/* The tests read KernelProbe through this, by field name (no C layout on the Swift side). */
#define KERNEL_FIELD(Name) if (strcmp(Field, #Name) == 0) return (long long)KernelProbe.Name;
long long KernelProbeValue(const char *Field)
{
    KERNEL_FIELD(DriverEntryIrql) KERNEL_FIELD(FindAdapterIrql) KERNEL_FIELD(InitializeIrql)
    KERNEL_FIELD(StartIoIrql) KERNEL_FIELD(InterruptIrql) KERNEL_FIELD(SpinOldIrql) KERNEL_FIELD(SpinHeldIrql)
    KERNEL_FIELD(SpinAfterIrql) KERNEL_FIELD(QueuedHeldIrql) KERNEL_FIELD(RaiseOldIrql) KERNEL_FIELD(RaisedIrql)
    KERNEL_FIELD(StallBefore) KERNEL_FIELD(StallAfter) KERNEL_FIELD(SystemTime) KERNEL_FIELD(TickCount)
    KERNEL_FIELD(Performance) KERNEL_FIELD(Frequency) KERNEL_FIELD(TimeIncrement) KERNEL_FIELD(WaitSignalled)
    KERNEL_FIELD(WaitZero) KERNEL_FIELD(WaitTimeout) KERNEL_FIELD(WaitTimer) KERNEL_FIELD(WaitAll)
    KERNEL_FIELD(WaitTimeoutBefore) KERNEL_FIELD(WaitTimeoutAfter) KERNEL_FIELD(TimerAt) KERNEL_FIELD(TimerWokeAt)
    KERNEL_FIELD(EventStateAfterSyncWait) KERNEL_FIELD(UncachedKernelPhysical) KERNEL_FIELD(UncachedPortPhysical)
    KERNEL_FIELD(PoolPhysical) KERNEL_FIELD(Pool2Zeroed) KERNEL_FIELD(PoolZeroZeroed) KERNEL_FIELD(Pool2Null)
    KERNEL_FIELD(ActiveProcessors) KERNEL_FIELD(ProcessorNumber) KERNEL_FIELD(MaximumProcessors)
    KERNEL_FIELD(ProcNumber.Group) KERNEL_FIELD(ProcNumber.Number) KERNEL_FIELD(ActiveGroups)
    KERNEL_FIELD(CompareSame) KERNEL_FIELD(CompareUnicode) KERNEL_FIELD(EqualCaseInsensitive)
    KERNEL_FIELD(ParsedDecimal) KERNEL_FIELD(ParsedHex) KERNEL_FIELD(IntegerTextLength)
    KERNEL_FIELD(IntegerText[0]) KERNEL_FIELD(IntegerText[1]) KERNEL_FIELD(IntegerText[2])
    KERNEL_FIELD(AnsiRoundTrip[0]) KERNEL_FIELD(AnsiRoundTrip[3]) KERNEL_FIELD(Fields.Year) KERNEL_FIELD(Fields.Month)
    KERNEL_FIELD(Fields.Day) KERNEL_FIELD(Fields.Hour) KERNEL_FIELD(Fields.Minute) KERNEL_FIELD(Fields.Second)
    KERNEL_FIELD(Fields.Milliseconds) KERNEL_FIELD(Fields.Weekday) KERNEL_FIELD(FieldsBack.QuadPart)
    KERNEL_FIELD(UnresolvedStatus) KERNEL_FIELD(WorkItem) KERNEL_FIELD(FindAdapterCalls)
    KERNEL_FIELD(DpcQueued) KERNEL_FIELD(DpcQueuedAgain) KERNEL_FIELD(DpcRuns) KERNEL_FIELD(DpcIrql)
    KERNEL_FIELD(DpcArguments)
    KERNEL_FIELD(TimerSetFirst) KERNEL_FIELD(TimerSetAgain) KERNEL_FIELD(CancelWasSet) KERNEL_FIELD(CancelAgain)
    KERNEL_FIELD(PeriodicCancel) KERNEL_FIELD(ReadStateAfterStall) KERNEL_FIELD(OneShotRuns) KERNEL_FIELD(AbsoluteRuns)
    KERNEL_FIELD(CancelledRuns) KERNEL_FIELD(PeriodicRuns) KERNEL_FIELD(TimerDpcIrql) KERNEL_FIELD(OneShotDue)
    KERNEL_FIELD(OneShotRanAt) KERNEL_FIELD(AbsoluteDue) KERNEL_FIELD(AbsoluteRanAt) KERNEL_FIELD(PeriodicFirstAt)
    KERNEL_FIELD(PeriodicLastAt)
    KERNEL_FIELD(SemaphoreFirst) KERNEL_FIELD(SemaphorePastLimit) KERNEL_FIELD(SemaphoreAfter) KERNEL_FIELD(MutexWait)
    KERNEL_FIELD(MutexRecursive) KERNEL_FIELD(MutexAfter) KERNEL_FIELD(MutexReleaseFirst)
    KERNEL_FIELD(MutexReleaseSecond) KERNEL_FIELD(MutexReleaseThird)
    return -1;
}

#define ScsiPortInitialize KernelScsiPortInitialize
#define ScsiPortGetUncachedExtension KernelGetUncachedExtension
#include "../../../Examples/PhbaMiniport/phba.c"
