/*
 * mpabi_import_kernel.h - the kernel half of the import table (see mpabi_import.h): the
 * ntoskrnl.exe / hal.dll routines that need the port's state (virtual clock, IRQL of the
 * running routine, verifier, pool accounting, physical map). Pure routines (Rtl string,
 * memory and time conversions, event and DPC object set-up) are computed in the image by the
 * stub (stub/kernel_imports.c) and have no slot. Both ports (SCSI Port, StorPort, and their
 * dump copies) fill these slots the same way (Sources/MiniportKit/Kernel).
 * Host-visible: include no family header.
 */
#ifndef MPABI_IMPORT_KERNEL_H
#define MPABI_IMPORT_KERNEL_H

#include "mpabi_types.h"
#include "mpabi_kernel_types.h"

MPABI_EXTERN_C_BEGIN

/* QueryTime kinds: which routine asks (units: 100 ns, except the tick count and the
 * performance counter). */
typedef enum _MPABI_KERNEL_TIME {
    MpAbiTimeSystem = 0,            /* KeQuerySystemTime */
    MpAbiTimeSystemPrecise = 1,     /* KeQuerySystemTimePrecise */
    MpAbiTimeInterrupt = 2,         /* KeQueryInterruptTime */
    MpAbiTimeInterruptPrecise = 3,  /* KeQueryInterruptTimePrecise */
    MpAbiTimeTickCount = 4,         /* KeQueryTickCount: 15.625 ms ticks */
    MpAbiTimePerformanceCounter = 5,/* KeQueryPerformanceCounter: 10 MHz */
    MpAbiTimeUnbiasedInterrupt = 6  /* KeQueryUnbiasedInterruptTime */
} MPABI_KERNEL_TIME;

/* AcquireSpinLock / ReleaseSpinLock kinds. */
typedef enum _MPABI_SPIN_LOCK_KIND {
    MpAbiSpinLockRaise = 0,         /* KeAcquireSpinLock(Raise)ToDpcLevel / KeReleaseSpinLock */
    MpAbiSpinLockAtDpc = 1,         /* KeAcquireSpinLockAtDpcLevel / KeReleaseSpinLockFromDpcLevel */
    MpAbiSpinLockQueued = 2,        /* KeAcquireInStackQueuedSpinLock / KeReleaseInStackQueuedSpinLock */
    MpAbiSpinLockQueuedAtDpc = 3    /* ...AtDpcLevel / ...FromDpcLevel */
} MPABI_SPIN_LOCK_KIND;

/* WaitForObjects kinds. */
typedef enum _MPABI_WAIT_KIND {
    MpAbiWaitSingle = 0,            /* KeWaitForSingleObject */
    MpAbiWaitMultiple = 1,          /* KeWaitForMultipleObjects */
    MpAbiWaitDelay = 2              /* KeDelayExecutionThread (no object) */
} MPABI_WAIT_KIND;

/* AllocatePool kinds: how TypeOrFlags is to be read. */
typedef enum _MPABI_POOL_KIND {
    MpAbiPoolWithTag = 0,           /* ExAllocatePoolWithTag / ExAllocatePool: a POOL_TYPE */
    MpAbiPoolZero = 1,              /* ExAllocatePoolZero: a POOL_TYPE, zeroed */
    MpAbiPoolFlags = 2,             /* ExAllocatePool2: POOL_FLAGS */
    MpAbiPoolContiguous = 3         /* MmAllocateContiguousMemory(SpecifyCache): DMA-able */
} MPABI_POOL_KIND;

/* ReleaseObject kinds. */
typedef enum _MPABI_RELEASE_KIND {
    MpAbiReleaseSemaphore = 0,      /* KeReleaseSemaphore: Adjustment added, up to Limit */
    MpAbiReleaseMutex = 1           /* KeReleaseMutex: the owner releases once */
} MPABI_RELEASE_KIND;

/* FreePool kinds. */
typedef enum _MPABI_FREE_KIND {
    MpAbiFreeWithTag = 0,           /* ExFreePoolWithTag: Tag must match */
    MpAbiFreeAnyTag = 1,            /* ExFreePool */
    MpAbiFreeContiguous = 2         /* MmFreeContiguousMemory */
} MPABI_FREE_KIND;

typedef struct _MPABI_KERNEL_IMPORTS {
    /* time and stall (virtual clock) */
    VOID (*StallExecutionProcessor)(PVOID Context, ULONG MicroSeconds);
    LONGLONG (*QueryTime)(PVOID Context, ULONG Kind);

    /* IRQL of the running routine */
    KIRQL (*GetCurrentIrql)(PVOID Context);
    KIRQL (*RaiseIrql)(PVOID Context, KIRQL NewIrql);
    VOID (*LowerIrql)(PVOID Context, KIRQL NewIrql);

    /* spin locks and waits */
    KIRQL (*AcquireSpinLock)(PVOID Context, PKSPIN_LOCK SpinLock, ULONG Kind);
    VOID (*ReleaseSpinLock)(PVOID Context, PKSPIN_LOCK SpinLock, KIRQL NewIrql, ULONG Kind);
    NTSTATUS (*WaitForObjects)(PVOID Context, ULONG Kind, ULONG Count, PVOID *Objects, ULONG WaitType,
                               KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Timeout);

    /* bug check and debug output */
    VOID (*BugCheck)(PVOID Context, ULONG BugCheckCode, ULONG_PTR Parameter1, ULONG_PTR Parameter2,
                     ULONG_PTR Parameter3, ULONG_PTR Parameter4);
    VOID (*DebugPrint)(PVOID Context, ULONG ComponentId, ULONG Level, const char *Text);

    /* pool and physical memory */
    PVOID (*AllocatePool)(PVOID Context, ULONG Kind, ULONG64 TypeOrFlags, SIZE_T NumberOfBytes, ULONG Tag);
    VOID (*FreePool)(PVOID Context, ULONG Kind, PVOID P, ULONG Tag);
    ULONGLONG (*GetPhysicalAddress)(PVOID Context, PVOID BaseAddress);
    BOOLEAN (*IsAddressValid)(PVOID Context, PVOID VirtualAddress);

    /* DPCs: queued on the running routine's adapter, run at DISPATCH_LEVEL when it returns */
    BOOLEAN (*InsertQueueDpc)(PVOID Context, PKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2);
    BOOLEAN (*RemoveQueueDpc)(PVOID Context, PKDPC Dpc);

    /* Timers (version 3): the port keeps set timers on the virtual clock; at expiry it signals
     * the timer and queues its DPC. DueTime as KeSetTimerEx takes it (negative: relative,
     * 100 ns; else absolute system time), Period in ms (0: one-shot). Both return whether the
     * timer was set (in the timer queue) before the call. */
    BOOLEAN (*SetTimer)(PVOID Context, PKTIMER Timer, LONGLONG DueTime, LONG Period, PKDPC Dpc);
    BOOLEAN (*CancelTimer)(PVOID Context, PKTIMER Timer);

    /* KeReleaseSemaphore / KeReleaseMutex (version 3): the port checks the limit and the owner.
     * Returns the previous signal state. */
    LONG (*ReleaseObject)(PVOID Context, ULONG Kind, PVOID Object, LONG Adjustment);

    /* Processors (version 4): the machine's virtual processors, all in group 0. CurrentProcessor
     * returns the number of the processor the calling thread runs on (and fills Number when it
     * is not NULL); ActiveProcessors returns how many there are (and their affinity mask in
     * Mask when it is not NULL). */
    ULONG (*CurrentProcessor)(PVOID Context, PPROCESSOR_NUMBER Number);
    ULONG (*ActiveProcessors)(PVOID Context, PKAFFINITY Mask);
} MPABI_KERNEL_IMPORTS, *PMPABI_KERNEL_IMPORTS;

MPABI_EXTERN_C_END

#endif /* MPABI_IMPORT_KERNEL_H */
