/*
 * mpabi_kernel.h - the ntoskrnl.exe and hal.dll routines a miniport may import (Ke*, Ex*, Mm*,
 * Rtl*, Dbg*, Hal*, and the Io/Zw/Ps/Ob routines drivers commonly touch), declared as the WDK
 * declares them. wdm.h and ntddk.h include this header. The per-image import stub defines
 * each routine (stub/kernel_imports.c) and forwards the ones that need the port to its
 * kernel model (import table, Kernel group); mpabi_kernel_exports.h lists them all, and
 * docs/kernel-routines.md says what each does on the model.
 *
 * Differences from the x64 WDK, all deliberate: KeQuerySystemTime, KeQueryInterruptTime,
 * KeQueryTickCount, KeGetCurrentIrql, KeRaiseIrql, KeLowerIrql, KeAcquireSpinLock and
 * KeGetCurrentProcessorNumber are macros or inlines there (they read KUSER_SHARED_DATA, CR8
 * or the PRCB, none of which exists in user space); here they are routines of the image with
 * the same prototypes and meaning. Built for the Windows driver target (_WIN32, a .sys), the
 * headers define them as the x64 WDK does (mpabi_kernel_inline.h), with ExAllocatePoolZero,
 * ExAllocatePoolUninitialized, KeRaiseIrqlToDpcLevel, KeInitializeSpinLock and
 * MmGetSystemAddressForMdlSafe.
 */
#ifndef MPABI_KERNEL_H
#define MPABI_KERNEL_H

#include <stdarg.h>
#include "mpabi_types.h"
#include "mpabi_bus.h"
#include "mpabi_kernel_types.h"

MPABI_EXTERN_C_BEGIN

#if !defined(MPABI_HOST_VIEW)

struct _IRP;
struct _DEVICE_OBJECT;
struct _OBJECT_ATTRIBUTES;
struct _OBJECT_TYPE;
struct _OBJECT_HANDLE_INFORMATION;

/* ---- clock and stall ---- */
VOID NTAPI KeStallExecutionProcessor(_In_ ULONG MicroSeconds);
LARGE_INTEGER NTAPI KeQueryPerformanceCounter(_Out_opt_ PLARGE_INTEGER PerformanceFrequency);
#if !defined(_WIN32) /* the Windows target: mpabi_kernel_inline.h */
VOID NTAPI KeQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime);
#endif
VOID NTAPI KeQuerySystemTimePrecise(_Out_ PLARGE_INTEGER CurrentTime);
#if !defined(_WIN32) /* the Windows target: mpabi_kernel_inline.h */
ULONGLONG NTAPI KeQueryInterruptTime(VOID);
#endif
ULONG64 NTAPI KeQueryInterruptTimePrecise(_Out_ PULONG64 QpcTimeStamp);
ULONGLONG NTAPI KeQueryUnbiasedInterruptTime(VOID);
#if !defined(_WIN32) /* the Windows target: mpabi_kernel_inline.h */
VOID NTAPI KeQueryTickCount(_Out_ PLARGE_INTEGER CurrentCount);
#endif
ULONG NTAPI KeQueryTimeIncrement(VOID);

/* ---- IRQL ---- */
#if !defined(_WIN32) /* the Windows target: mpabi_kernel_inline.h */
KIRQL NTAPI KeGetCurrentIrql(VOID);
VOID NTAPI KeRaiseIrql(_In_ KIRQL NewIrql, _Out_ PKIRQL OldIrql);
VOID NTAPI KeLowerIrql(_In_ KIRQL NewIrql);
KIRQL NTAPI KeRaiseIrqlToDpcLevel(VOID);
#endif
VOID NTAPI KeEnterCriticalRegion(VOID);
VOID NTAPI KeLeaveCriticalRegion(VOID);

/* ---- spin locks ---- */
#if !defined(_WIN32) /* the Windows target: mpabi_kernel_inline.h */
VOID NTAPI KeInitializeSpinLock(_Out_ PKSPIN_LOCK SpinLock);
VOID NTAPI KeAcquireSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _Out_ PKIRQL OldIrql);
#endif
KIRQL NTAPI KeAcquireSpinLockRaiseToDpc(_Inout_ PKSPIN_LOCK SpinLock);
VOID NTAPI KeReleaseSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _In_ KIRQL NewIrql);
VOID NTAPI KeAcquireSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
VOID NTAPI KeReleaseSpinLockFromDpcLevel(_Inout_ PKSPIN_LOCK SpinLock);
VOID NTAPI KeAcquireInStackQueuedSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
VOID NTAPI KeReleaseInStackQueuedSpinLock(_In_ PKLOCK_QUEUE_HANDLE LockHandle);
VOID NTAPI KeAcquireInStackQueuedSpinLockAtDpcLevel(_Inout_ PKSPIN_LOCK SpinLock, _Out_ PKLOCK_QUEUE_HANDLE LockHandle);
VOID NTAPI KeReleaseInStackQueuedSpinLockFromDpcLevel(_In_ PKLOCK_QUEUE_HANDLE LockHandle);

/* ---- dispatcher objects and waits ---- */
VOID NTAPI KeInitializeEvent(_Out_ PRKEVENT Event, _In_ EVENT_TYPE Type, _In_ BOOLEAN State);
LONG NTAPI KeSetEvent(_Inout_ PRKEVENT Event, _In_ KPRIORITY Increment, _In_ BOOLEAN Wait);
LONG NTAPI KeResetEvent(_Inout_ PRKEVENT Event);
VOID NTAPI KeClearEvent(_Inout_ PRKEVENT Event);
LONG NTAPI KeReadStateEvent(_In_ PRKEVENT Event);
VOID NTAPI KeInitializeSemaphore(_Out_ PRKSEMAPHORE Semaphore, _In_ LONG Count, _In_ LONG Limit);
LONG NTAPI KeReleaseSemaphore(_Inout_ PRKSEMAPHORE Semaphore, _In_ KPRIORITY Increment, _In_ LONG Adjustment,
                              _In_ BOOLEAN Wait);
LONG NTAPI KeReadStateSemaphore(_In_ PRKSEMAPHORE Semaphore);
VOID NTAPI KeInitializeMutex(_Out_ PRKMUTEX Mutex, _In_ ULONG Level);
LONG NTAPI KeReleaseMutex(_Inout_ PRKMUTEX Mutex, _In_ BOOLEAN Wait);
LONG NTAPI KeReadStateMutex(_In_ PRKMUTEX Mutex);
VOID NTAPI KeInitializeTimer(_Out_ PKTIMER Timer);
VOID NTAPI KeInitializeTimerEx(_Out_ PKTIMER Timer, _In_ TIMER_TYPE Type);
BOOLEAN NTAPI KeSetTimer(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_opt_ PKDPC Dpc);
BOOLEAN NTAPI KeSetTimerEx(_Inout_ PKTIMER Timer, _In_ LARGE_INTEGER DueTime, _In_ LONG Period, _In_opt_ PKDPC Dpc);
BOOLEAN NTAPI KeCancelTimer(_Inout_ PKTIMER Timer);
BOOLEAN NTAPI KeReadStateTimer(_In_ PKTIMER Timer);
NTSTATUS NTAPI KeWaitForSingleObject(_In_ PVOID Object, _In_ KWAIT_REASON WaitReason, _In_ KPROCESSOR_MODE WaitMode,
                                     _In_ BOOLEAN Alertable, _In_opt_ PLARGE_INTEGER Timeout);
NTSTATUS NTAPI KeWaitForMultipleObjects(_In_ ULONG Count, _In_ PVOID Object[], _In_ WAIT_TYPE WaitType,
                                        _In_ KWAIT_REASON WaitReason, _In_ KPROCESSOR_MODE WaitMode,
                                        _In_ BOOLEAN Alertable, _In_opt_ PLARGE_INTEGER Timeout,
                                        _Out_opt_ PKWAIT_BLOCK WaitBlockArray);
NTSTATUS NTAPI KeDelayExecutionThread(_In_ KPROCESSOR_MODE WaitMode, _In_ BOOLEAN Alertable,
                                      _In_ PLARGE_INTEGER Interval);

/* ---- DPCs ---- */
VOID NTAPI KeInitializeDpc(_Out_ PRKDPC Dpc, _In_ PKDEFERRED_ROUTINE DeferredRoutine, _In_opt_ PVOID DeferredContext);
VOID NTAPI KeSetImportanceDpc(_Inout_ PRKDPC Dpc, _In_ KDPC_IMPORTANCE Importance);
BOOLEAN NTAPI KeInsertQueueDpc(_Inout_ PRKDPC Dpc, _In_opt_ PVOID SystemArgument1, _In_opt_ PVOID SystemArgument2);
BOOLEAN NTAPI KeRemoveQueueDpc(_Inout_ PRKDPC Dpc);

/* ---- processors (the model has one: group 0, number 0) ---- */
#if !defined(_WIN32) /* the Windows target: mpabi_kernel_inline.h */
ULONG NTAPI KeGetCurrentProcessorNumber(VOID);
#endif
ULONG NTAPI KeGetCurrentProcessorNumberEx(_Out_opt_ PPROCESSOR_NUMBER ProcNumber);
ULONG NTAPI KeQueryActiveProcessorCount(_Out_opt_ PKAFFINITY ActiveProcessors);
ULONG NTAPI KeQueryActiveProcessorCountEx(_In_ USHORT GroupNumber);
ULONG NTAPI KeQueryMaximumProcessorCount(VOID);
ULONG NTAPI KeQueryMaximumProcessorCountEx(_In_ USHORT GroupNumber);
USHORT NTAPI KeQueryActiveGroupCount(VOID);
USHORT NTAPI KeQueryMaximumGroupCount(VOID);
KAFFINITY NTAPI KeQueryActiveProcessors(VOID);
#define ALL_PROCESSOR_GROUPS 0xffff

/* ---- bug check and debugging ---- */
DECLSPEC_NORETURN VOID NTAPI KeBugCheckEx(_In_ ULONG BugCheckCode, _In_ ULONG_PTR BugCheckParameter1,
                                          _In_ ULONG_PTR BugCheckParameter2, _In_ ULONG_PTR BugCheckParameter3,
                                          _In_ ULONG_PTR BugCheckParameter4);
DECLSPEC_NORETURN VOID NTAPI KeBugCheck(_In_ ULONG BugCheckCode);
ULONG __cdecl DbgPrint(_In_z_ PCSTR Format, ...);
ULONG __cdecl DbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ PCSTR Format, ...);
ULONG NTAPI vDbgPrintEx(_In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ PCCH Format, _In_ va_list arglist);
ULONG NTAPI vDbgPrintExWithPrefix(_In_z_ PCCH Prefix, _In_ ULONG ComponentId, _In_ ULONG Level, _In_z_ PCCH Format,
                                  _In_ va_list arglist);
VOID NTAPI DbgBreakPoint(VOID);
VOID NTAPI RtlAssert(_In_ PVOID VoidFailedAssertion, _In_ PVOID VoidFileName, _In_ ULONG LineNumber,
                     _In_opt_ PSTR MutableMessage);

#ifndef KdPrint
#if DBG
#define KdPrint(_x_) DbgPrint _x_
#define KdPrintEx(_x_) DbgPrintEx _x_
#define vKdPrintEx(_x_) vDbgPrintEx _x_
#define vKdPrintExWithPrefix(_x_) vDbgPrintExWithPrefix _x_
#define KdBreakPoint() DbgBreakPoint()
#else
#define KdPrint(_x_)
#define KdPrintEx(_x_)
#define vKdPrintEx(_x_)
#define vKdPrintExWithPrefix(_x_)
#define KdBreakPoint()
#endif
#endif

/* ---- pool ---- */
PVOID NTAPI ExAllocatePoolWithTag(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
PVOID NTAPI ExAllocatePool(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes);
PVOID NTAPI ExAllocatePoolWithTagPriority(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag,
                                          _In_ EX_POOL_PRIORITY Priority);
#if !defined(_WIN32) /* the Windows target: mpabi_kernel_inline.h */
PVOID NTAPI ExAllocatePoolZero(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
PVOID NTAPI ExAllocatePoolUninitialized(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
#endif
PVOID NTAPI ExAllocatePool2(_In_ POOL_FLAGS Flags, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag);
VOID NTAPI ExFreePoolWithTag(_In_ PVOID P, _In_ ULONG Tag);
VOID NTAPI ExFreePool(_In_ PVOID P);

/* ---- physical memory and MDLs ---- */
PHYSICAL_ADDRESS NTAPI MmGetPhysicalAddress(_In_ PVOID BaseAddress);
BOOLEAN NTAPI MmIsAddressValid(_In_ PVOID VirtualAddress);
PVOID NTAPI MmAllocateContiguousMemory(_In_ SIZE_T NumberOfBytes, _In_ PHYSICAL_ADDRESS HighestAcceptableAddress);
PVOID NTAPI MmAllocateContiguousMemorySpecifyCache(_In_ SIZE_T NumberOfBytes,
                                                   _In_ PHYSICAL_ADDRESS LowestAcceptableAddress,
                                                   _In_ PHYSICAL_ADDRESS HighestAcceptableAddress,
                                                   _In_opt_ PHYSICAL_ADDRESS BoundaryAddressMultiple,
                                                   _In_ MEMORY_CACHING_TYPE CacheType);
VOID NTAPI MmFreeContiguousMemory(_In_ PVOID BaseAddress);
VOID NTAPI MmBuildMdlForNonPagedPool(_Inout_ PMDL MemoryDescriptorList);
PVOID NTAPI MmMapLockedPagesSpecifyCache(_Inout_ PMDL MemoryDescriptorList, _In_ KPROCESSOR_MODE AccessMode,
                                         _In_ MEMORY_CACHING_TYPE CacheType, _In_opt_ PVOID RequestedAddress,
                                         _In_ ULONG BugCheckOnFailure, _In_ ULONG Priority);
#if !defined(_WIN32) /* the Windows target: mpabi_kernel_inline.h */
PVOID NTAPI MmGetSystemAddressForMdlSafe(_Inout_ PMDL Mdl, _In_ ULONG Priority);
#endif
PMDL NTAPI IoAllocateMdl(_In_opt_ PVOID VirtualAddress, _In_ ULONG Length, _In_ BOOLEAN SecondaryBuffer,
                         _In_ BOOLEAN ChargeQuota, _Inout_opt_ struct _IRP *Irp);
VOID NTAPI IoFreeMdl(_In_ PMDL Mdl);

/* ---- run-time library ---- */
SIZE_T NTAPI RtlCompareMemory(_In_ const VOID *Source1, _In_ const VOID *Source2, _In_ SIZE_T Length);
VOID NTAPI RtlInitString(_Out_ PSTRING DestinationString, _In_opt_z_ PCSZ SourceString);
VOID NTAPI RtlInitAnsiString(_Out_ PANSI_STRING DestinationString, _In_opt_z_ PCSZ SourceString);
VOID NTAPI RtlInitUnicodeString(_Out_ PUNICODE_STRING DestinationString, _In_opt_z_ PCWSTR SourceString);
VOID NTAPI RtlCopyString(_Out_ PSTRING DestinationString, _In_opt_ const STRING *SourceString);
VOID NTAPI RtlCopyUnicodeString(_Inout_ PUNICODE_STRING DestinationString, _In_opt_ PCUNICODE_STRING SourceString);
LONG NTAPI RtlCompareString(_In_ const STRING *String1, _In_ const STRING *String2, _In_ BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlEqualString(_In_ const STRING *String1, _In_ const STRING *String2, _In_ BOOLEAN CaseInSensitive);
LONG NTAPI RtlCompareUnicodeString(_In_ PCUNICODE_STRING String1, _In_ PCUNICODE_STRING String2,
                                   _In_ BOOLEAN CaseInSensitive);
BOOLEAN NTAPI RtlEqualUnicodeString(_In_ PCUNICODE_STRING String1, _In_ PCUNICODE_STRING String2,
                                    _In_ BOOLEAN CaseInSensitive);
WCHAR NTAPI RtlUpcaseUnicodeChar(_In_ WCHAR SourceCharacter);
NTSTATUS NTAPI RtlAnsiStringToUnicodeString(_Inout_ PUNICODE_STRING DestinationString, _In_ PCANSI_STRING SourceString,
                                            _In_ BOOLEAN AllocateDestinationString);
NTSTATUS NTAPI RtlUnicodeStringToAnsiString(_Inout_ PANSI_STRING DestinationString, _In_ PCUNICODE_STRING SourceString,
                                            _In_ BOOLEAN AllocateDestinationString);
VOID NTAPI RtlFreeUnicodeString(_Inout_ PUNICODE_STRING UnicodeString);
VOID NTAPI RtlFreeAnsiString(_Inout_ PANSI_STRING AnsiString);
NTSTATUS NTAPI RtlIntegerToUnicodeString(_In_ ULONG Value, _In_opt_ ULONG Base, _Inout_ PUNICODE_STRING String);
NTSTATUS NTAPI RtlUnicodeStringToInteger(_In_ PCUNICODE_STRING String, _In_opt_ ULONG Base, _Out_ PULONG Value);
NTSTATUS NTAPI RtlCharToInteger(_In_z_ PCSZ String, _In_opt_ ULONG Base, _Out_ PULONG Value);
VOID NTAPI RtlTimeToTimeFields(_In_ PLARGE_INTEGER Time, _Out_ PTIME_FIELDS TimeFields);
BOOLEAN NTAPI RtlTimeFieldsToTime(_In_ PTIME_FIELDS TimeFields, _Out_ PLARGE_INTEGER Time);

/* ---- HAL bus data ---- */
ULONG NTAPI HalGetBusData(_In_ BUS_DATA_TYPE BusDataType, _In_ ULONG BusNumber, _In_ ULONG SlotNumber,
                          _Out_ PVOID Buffer, _In_ ULONG Length);
ULONG NTAPI HalGetBusDataByOffset(_In_ BUS_DATA_TYPE BusDataType, _In_ ULONG BusNumber, _In_ ULONG SlotNumber,
                                  _Out_ PVOID Buffer, _In_ ULONG Offset, _In_ ULONG Length);
ULONG NTAPI HalSetBusData(_In_ BUS_DATA_TYPE BusDataType, _In_ ULONG BusNumber, _In_ ULONG SlotNumber,
                          _In_ PVOID Buffer, _In_ ULONG Length);
ULONG NTAPI HalSetBusDataByOffset(_In_ BUS_DATA_TYPE BusDataType, _In_ ULONG BusNumber, _In_ ULONG SlotNumber,
                                  _In_ PVOID Buffer, _In_ ULONG Offset, _In_ ULONG Length);

/* ---- threads, processes, objects, registry, WMI, work items ---- */
HANDLE NTAPI PsGetCurrentThreadId(VOID);
HANDLE NTAPI PsGetCurrentProcessId(VOID);
NTSTATUS NTAPI PsCreateSystemThread(_Out_ PHANDLE ThreadHandle, _In_ ULONG DesiredAccess,
                                    _In_opt_ struct _OBJECT_ATTRIBUTES *ObjectAttributes,
                                    _In_opt_ HANDLE ProcessHandle, _Out_opt_ PCLIENT_ID ClientId,
                                    _In_ PKSTART_ROUTINE StartRoutine, _In_opt_ PVOID StartContext);
NTSTATUS NTAPI ObReferenceObjectByHandle(_In_ HANDLE Handle, _In_ ACCESS_MASK DesiredAccess,
                                         _In_opt_ struct _OBJECT_TYPE *ObjectType, _In_ KPROCESSOR_MODE AccessMode,
                                         _Out_ PVOID *Object,
                                         _Out_opt_ struct _OBJECT_HANDLE_INFORMATION *HandleInformation);
LONG_PTR NTAPI ObfDereferenceObject(_In_ PVOID Object);
#define ObDereferenceObject(Object) ObfDereferenceObject(Object)
NTSTATUS NTAPI RtlQueryRegistryValues(_In_ ULONG RelativeTo, _In_ PCWSTR Path,
                                      _Inout_ PRTL_QUERY_REGISTRY_TABLE QueryTable, _In_opt_ PVOID Context,
                                      _In_opt_ PVOID Environment);
NTSTATUS NTAPI RtlWriteRegistryValue(_In_ ULONG RelativeTo, _In_ PCWSTR Path, _In_z_ PCWSTR ValueName,
                                     _In_ ULONG ValueType, _In_opt_ PVOID ValueData, _In_ ULONG ValueLength);
NTSTATUS NTAPI ZwClose(_In_ HANDLE Handle);
NTSTATUS NTAPI ZwOpenKey(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
                         _In_ struct _OBJECT_ATTRIBUTES *ObjectAttributes);
NTSTATUS NTAPI ZwCreateKey(_Out_ PHANDLE KeyHandle, _In_ ACCESS_MASK DesiredAccess,
                           _In_ struct _OBJECT_ATTRIBUTES *ObjectAttributes, _Reserved_ ULONG TitleIndex,
                           _In_opt_ PUNICODE_STRING Class, _In_ ULONG CreateOptions, _Out_opt_ PULONG Disposition);
NTSTATUS NTAPI ZwQueryValueKey(_In_ HANDLE KeyHandle, _In_ PUNICODE_STRING ValueName,
                               _In_ KEY_VALUE_INFORMATION_CLASS KeyValueInformationClass,
                               _Out_opt_ PVOID KeyValueInformation, _In_ ULONG Length, _Out_ PULONG ResultLength);
NTSTATUS NTAPI ZwSetValueKey(_In_ HANDLE KeyHandle, _In_ PUNICODE_STRING ValueName, _In_opt_ ULONG TitleIndex,
                             _In_ ULONG Type, _In_opt_ PVOID Data, _In_ ULONG DataSize);
NTSTATUS NTAPI IoWMIRegistrationControl(_In_ struct _DEVICE_OBJECT *DeviceObject, _In_ ULONG Action);
PIO_WORKITEM NTAPI IoAllocateWorkItem(_In_ struct _DEVICE_OBJECT *DeviceObject);
VOID NTAPI IoQueueWorkItem(_Inout_ PIO_WORKITEM IoWorkItem, _In_ PIO_WORKITEM_ROUTINE WorkerRoutine,
                           _In_ WORK_QUEUE_TYPE QueueType, _In_opt_ PVOID Context);
VOID NTAPI IoFreeWorkItem(_In_ PIO_WORKITEM IoWorkItem);

#endif /* !MPABI_HOST_VIEW */

MPABI_EXTERN_C_END

#include "mpabi_kernel_inline.h"

MPABI_EXTERN_C_BEGIN

MPABI_EXTERN_C_END

#endif /* MPABI_KERNEL_H */
