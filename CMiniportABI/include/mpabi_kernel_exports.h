/*
 * mpabi_kernel_exports.h - the one list of the ntoskrnl.exe / hal.dll routines the SDK
 * provides to miniports (mpabi_kernel.h declares them, stub/kernel_imports.c defines them).
 *
 * MPABI_KERNEL_EXPORTS(X) expands X(Name, Module, How) once per routine:
 *   Module  ntoskrnl | hal   the Windows x64 module that exports it (an import library's .def
 *                            lists it under that module)
 *           inline           a macro or inline function of the x64 WDK headers (it reads
 *                            KUSER_SHARED_DATA, CR8 or the PRCB on Windows and is never
 *                            imported); the SDK defines it as a routine of the image
 *   How     PORT             forwarded to the port's kernel model (import table, Kernel group)
 *           IMAGE            computed in the image (pure routine, or built on PORT ones)
 *           FAILURE          not implemented: returns the failure the documentation gives
 *                            (STATUS_NOT_IMPLEMENTED, NULL, FALSE, or nothing for VOID) and
 *                            is recorded in the port's unresolvedCalls (Header.Unresolved)
 * Keep it sorted by group; docs/kernel-routines.md describes each group on the model.
 */
#ifndef MPABI_KERNEL_EXPORTS_H
#define MPABI_KERNEL_EXPORTS_H

#define MPABI_KERNEL_EXPORTS(X) \
    /* clock and stall */ \
    X(KeStallExecutionProcessor, hal, PORT) \
    X(KeQueryPerformanceCounter, hal, PORT) \
    X(KeQuerySystemTime, inline, PORT) \
    X(KeQuerySystemTimePrecise, ntoskrnl, PORT) \
    X(KeQueryInterruptTime, inline, PORT) \
    X(KeQueryInterruptTimePrecise, ntoskrnl, PORT) \
    X(KeQueryUnbiasedInterruptTime, ntoskrnl, PORT) \
    X(KeQueryTickCount, inline, PORT) \
    X(KeQueryTimeIncrement, ntoskrnl, IMAGE) \
    /* IRQL */ \
    X(KeGetCurrentIrql, inline, PORT) \
    X(KeRaiseIrql, inline, PORT) \
    X(KeLowerIrql, inline, PORT) \
    X(KeRaiseIrqlToDpcLevel, inline, PORT) \
    X(KeEnterCriticalRegion, ntoskrnl, IMAGE) \
    X(KeLeaveCriticalRegion, ntoskrnl, IMAGE) \
    /* spin locks */ \
    X(KeInitializeSpinLock, inline, IMAGE) \
    X(KeAcquireSpinLock, inline, PORT) \
    X(KeAcquireSpinLockRaiseToDpc, ntoskrnl, PORT) \
    X(KeReleaseSpinLock, ntoskrnl, PORT) \
    X(KeAcquireSpinLockAtDpcLevel, ntoskrnl, PORT) \
    X(KeReleaseSpinLockFromDpcLevel, ntoskrnl, PORT) \
    X(KeAcquireInStackQueuedSpinLock, ntoskrnl, PORT) \
    X(KeReleaseInStackQueuedSpinLock, ntoskrnl, PORT) \
    X(KeAcquireInStackQueuedSpinLockAtDpcLevel, ntoskrnl, PORT) \
    X(KeReleaseInStackQueuedSpinLockFromDpcLevel, ntoskrnl, PORT) \
    /* dispatcher objects and waits */ \
    X(KeInitializeEvent, ntoskrnl, IMAGE) \
    X(KeSetEvent, ntoskrnl, IMAGE) \
    X(KeResetEvent, ntoskrnl, IMAGE) \
    X(KeClearEvent, ntoskrnl, IMAGE) \
    X(KeReadStateEvent, ntoskrnl, IMAGE) \
    X(KeInitializeSemaphore, ntoskrnl, IMAGE) \
    X(KeReleaseSemaphore, ntoskrnl, IMAGE) \
    X(KeReadStateSemaphore, ntoskrnl, IMAGE) \
    X(KeInitializeMutex, ntoskrnl, IMAGE) \
    X(KeReleaseMutex, ntoskrnl, IMAGE) \
    X(KeReadStateMutex, ntoskrnl, IMAGE) \
    X(KeInitializeTimer, ntoskrnl, IMAGE) \
    X(KeInitializeTimerEx, ntoskrnl, IMAGE) \
    X(KeSetTimer, ntoskrnl, IMAGE) \
    X(KeSetTimerEx, ntoskrnl, IMAGE) \
    X(KeCancelTimer, ntoskrnl, IMAGE) \
    X(KeReadStateTimer, ntoskrnl, IMAGE) \
    X(KeWaitForSingleObject, ntoskrnl, PORT) \
    X(KeWaitForMultipleObjects, ntoskrnl, PORT) \
    X(KeDelayExecutionThread, ntoskrnl, PORT) \
    /* DPCs */ \
    X(KeInitializeDpc, ntoskrnl, IMAGE) \
    X(KeSetImportanceDpc, ntoskrnl, IMAGE) \
    X(KeInsertQueueDpc, ntoskrnl, PORT) \
    X(KeRemoveQueueDpc, ntoskrnl, PORT) \
    /* processors */ \
    X(KeGetCurrentProcessorNumber, inline, IMAGE) \
    X(KeGetCurrentProcessorNumberEx, ntoskrnl, PORT) \
    X(KeQueryActiveProcessorCount, ntoskrnl, PORT) \
    X(KeQueryActiveProcessorCountEx, ntoskrnl, PORT) \
    X(KeQueryMaximumProcessorCount, ntoskrnl, PORT) \
    X(KeQueryMaximumProcessorCountEx, ntoskrnl, PORT) \
    X(KeQueryActiveGroupCount, ntoskrnl, IMAGE) \
    X(KeQueryMaximumGroupCount, ntoskrnl, IMAGE) \
    X(KeQueryActiveProcessors, ntoskrnl, PORT) \
    /* bug check and debugging */ \
    X(KeBugCheckEx, ntoskrnl, PORT) \
    X(KeBugCheck, ntoskrnl, PORT) \
    X(DbgPrint, ntoskrnl, PORT) \
    X(DbgPrintEx, ntoskrnl, PORT) \
    X(vDbgPrintEx, ntoskrnl, PORT) \
    X(vDbgPrintExWithPrefix, ntoskrnl, PORT) \
    X(DbgBreakPoint, ntoskrnl, PORT) \
    X(RtlAssert, ntoskrnl, PORT) \
    /* pool */ \
    X(ExAllocatePoolWithTag, ntoskrnl, PORT) \
    X(ExAllocatePool, ntoskrnl, PORT) \
    X(ExAllocatePoolWithTagPriority, ntoskrnl, PORT) \
    X(ExAllocatePoolZero, inline, PORT) \
    X(ExAllocatePoolUninitialized, inline, PORT) \
    X(ExAllocatePool2, ntoskrnl, PORT) \
    X(ExFreePoolWithTag, ntoskrnl, PORT) \
    X(ExFreePool, ntoskrnl, PORT) \
    /* physical memory and MDLs */ \
    X(MmGetPhysicalAddress, ntoskrnl, PORT) \
    X(MmIsAddressValid, ntoskrnl, PORT) \
    X(MmAllocateContiguousMemory, ntoskrnl, PORT) \
    X(MmAllocateContiguousMemorySpecifyCache, ntoskrnl, PORT) \
    X(MmFreeContiguousMemory, ntoskrnl, PORT) \
    X(MmBuildMdlForNonPagedPool, ntoskrnl, IMAGE) \
    X(MmMapLockedPagesSpecifyCache, ntoskrnl, IMAGE) \
    X(MmGetSystemAddressForMdlSafe, inline, IMAGE) \
    X(IoAllocateMdl, ntoskrnl, PORT) \
    X(IoFreeMdl, ntoskrnl, PORT) \
    /* run-time library: strings, memory, time */ \
    X(RtlCompareMemory, ntoskrnl, IMAGE) \
    X(RtlInitString, ntoskrnl, IMAGE) \
    X(RtlInitAnsiString, ntoskrnl, IMAGE) \
    X(RtlInitUnicodeString, ntoskrnl, IMAGE) \
    X(RtlCopyString, ntoskrnl, IMAGE) \
    X(RtlCopyUnicodeString, ntoskrnl, IMAGE) \
    X(RtlCompareString, ntoskrnl, IMAGE) \
    X(RtlEqualString, ntoskrnl, IMAGE) \
    X(RtlCompareUnicodeString, ntoskrnl, IMAGE) \
    X(RtlEqualUnicodeString, ntoskrnl, IMAGE) \
    X(RtlUpcaseUnicodeChar, ntoskrnl, IMAGE) \
    X(RtlAnsiStringToUnicodeString, ntoskrnl, IMAGE) \
    X(RtlUnicodeStringToAnsiString, ntoskrnl, IMAGE) \
    X(RtlFreeUnicodeString, ntoskrnl, IMAGE) \
    X(RtlFreeAnsiString, ntoskrnl, IMAGE) \
    X(RtlIntegerToUnicodeString, ntoskrnl, IMAGE) \
    X(RtlUnicodeStringToInteger, ntoskrnl, IMAGE) \
    X(RtlCharToInteger, ntoskrnl, IMAGE) \
    X(RtlTimeToTimeFields, ntoskrnl, IMAGE) \
    X(RtlTimeFieldsToTime, ntoskrnl, IMAGE) \
    /* HAL bus data (PCI configuration space through the port) */ \
    X(HalGetBusData, hal, IMAGE) \
    X(HalGetBusDataByOffset, hal, IMAGE) \
    X(HalSetBusData, hal, IMAGE) \
    X(HalSetBusDataByOffset, hal, IMAGE) \
    /* threads and processes */ \
    X(PsGetCurrentThreadId, ntoskrnl, IMAGE) \
    X(PsGetCurrentProcessId, ntoskrnl, IMAGE) \
    /* documented-failure stubs: no such service on the model */ \
    X(RtlQueryRegistryValues, ntoskrnl, FAILURE) \
    X(RtlWriteRegistryValue, ntoskrnl, FAILURE) \
    X(IoWMIRegistrationControl, ntoskrnl, FAILURE) \
    X(IoAllocateWorkItem, ntoskrnl, FAILURE) \
    X(IoQueueWorkItem, ntoskrnl, FAILURE) \
    X(IoFreeWorkItem, ntoskrnl, FAILURE) \
    X(ZwClose, ntoskrnl, FAILURE) \
    X(ZwOpenKey, ntoskrnl, FAILURE) \
    X(ZwCreateKey, ntoskrnl, FAILURE) \
    X(ZwQueryValueKey, ntoskrnl, FAILURE) \
    X(ZwSetValueKey, ntoskrnl, FAILURE) \
    X(PsCreateSystemThread, ntoskrnl, FAILURE) \
    X(ObReferenceObjectByHandle, ntoskrnl, FAILURE) \
    X(ObfDereferenceObject, ntoskrnl, FAILURE)

#endif /* MPABI_KERNEL_EXPORTS_H */
