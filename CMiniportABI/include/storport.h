/*
 * storport.h - the StorPort interface (WDK-compatible, Windows x64 layout).
 *
 * A StorPort miniport includes this header (usually with scsi.h, which it pulls in anyway)
 * and compiles unchanged. It provides the Windows 8+ StorPort forms of
 * PORT_CONFIGURATION_INFORMATION (224 bytes) and HW_INITIALIZATION_DATA (208 bytes), every
 * routine storport exports to miniports, the inline helpers the WDK builds on
 * StorPortNotification and StorPortExtendedFunction, and the ScsiPort* register macros.
 *
 * srb.h and storport.h are alternatives, as in the WDK: including srb.h first is an error,
 * and after this header a later #include <srb.h> does nothing.
 *
 * Every routine declared here is defined by the per-image import stub
 * (CMiniportABI/stub/storport_imports.c) and forwarded to the Swift port. The register and
 * port accessors are real functions so that every access reaches the emulated device.
 */
#ifndef _NTSTORPORT_
#define _NTSTORPORT_

#if defined(_NTSRB_)
#error "storport.h and srb.h are alternatives: a StorPort miniport includes storport.h only"
#endif
/* Make a later #include <srb.h> a no-op. */
#define _NTSRB_

/* Selects the StorPort lists in the shared request-block header. */
#ifndef MPABI_STORPORT_FAMILY
#define MPABI_STORPORT_FAMILY 1
#endif

#include "ntdef.h"
#include "mpabi_bus.h"
#include "mpabi_hal.h"
#include "mpabi_srb_common.h"
#include "scsi.h"
#include "mpabi_storport_types.h"

#define MPABI_SP(name) name
#include "mpabi_storport_layout.h"
#undef MPABI_SP

MPABI_EXTERN_C_BEGIN

#ifndef STORPORT_API
#define STORPORT_API
#endif
#define STORPORTAPI STORPORT_API

#if defined(DBG) && DBG
#define DebugPrint(x) StorPortDebugPrint x
#else
#define DebugPrint(x)
#endif

#define CONFIG_INFO_VERSION_2 sizeof(PORT_CONFIGURATION_INFORMATION)
/* The Windows 8 and later form (MiniportDumpData, DumpMode, FeatureSupport, ...): the same
 * 224 bytes on x64, so a miniport checking ConfigInfo->Length against either accepts it. */
#define CONFIG_INFO_VERSION_3 sizeof(PORT_CONFIGURATION_INFORMATION)

/*
 * HwInitializationDataSize values the WDK names. StorPort's HwFindAdapter dispatch compares
 * the miniport's size with exactly two numbers on x64, 0x88 and 0xd0 (observed in a public
 * disassembly of storport!RaCallMiniportFindAdapter; no WDK page states them): 0x88 is the
 * structure through HwBuildIo, the size physical miniports built with pre-Windows 8 headers
 * pass, and 0xd0 the whole Windows 8 structure, which virtual miniports must pass.
 */
#define HW_INIT_DATA_SIZE_PHYSICAL \
    (FIELD_OFFSET(HW_INITIALIZATION_DATA, HwBuildIo) + sizeof(PHW_BUILDIO))
#define HW_INIT_DATA_SIZE_VIRTUAL sizeof(HW_INITIALIZATION_DATA)
C_ASSERT(HW_INIT_DATA_SIZE_PHYSICAL == 0x88);
C_ASSERT(HW_INIT_DATA_SIZE_VIRTUAL == 0xd0);

/* =====================================================================================
 * Routines exported by the StorPort driver.
 * ===================================================================================== */

/* ---- adapter bring-up and configuration ---- */
STORPORT_API ULONG StorPortInitialize(_In_ PVOID Argument1, _In_ PVOID Argument2,
                                      _In_ struct _HW_INITIALIZATION_DATA *HwInitializationData,
                                      _In_opt_ PVOID HwContext);
STORPORT_API ULONG StorPortGetBusData(_In_ PVOID DeviceExtension, _In_ ULONG BusDataType,
                                      _In_ ULONG SystemIoBusNumber, _In_ ULONG SlotNumber,
                                      _Out_ PVOID Buffer, _In_ ULONG Length);
STORPORT_API ULONG StorPortSetBusDataByOffset(_In_ PVOID DeviceExtension, _In_ ULONG BusDataType,
                                              _In_ ULONG SystemIoBusNumber, _In_ ULONG SlotNumber,
                                              _In_ PVOID Buffer, _In_ ULONG Offset, _In_ ULONG Length);
STORPORT_API PVOID StorPortGetDeviceBase(_In_ PVOID HwDeviceExtension, _In_ INTERFACE_TYPE BusType,
                                         _In_ ULONG SystemIoBusNumber, _In_ STOR_PHYSICAL_ADDRESS IoAddress,
                                         _In_ ULONG NumberOfBytes, _In_ BOOLEAN InIoSpace);
STORPORT_API VOID StorPortFreeDeviceBase(_In_ PVOID HwDeviceExtension, _In_ PVOID MappedAddress);
STORPORT_API BOOLEAN StorPortValidateRange(_In_ PVOID HwDeviceExtension, _In_ INTERFACE_TYPE BusType,
                                           _In_ ULONG SystemIoBusNumber, _In_ STOR_PHYSICAL_ADDRESS IoAddress,
                                           _In_ ULONG NumberOfBytes, _In_ BOOLEAN InIoSpace);
STORPORT_API PVOID StorPortGetUncachedExtension(_In_ PVOID HwDeviceExtension,
                                                _In_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                                _In_ ULONG NumberOfBytes);

/* ---- requests, units, addresses ---- */
STORPORT_API PVOID StorPortGetLogicalUnit(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId,
                                          _In_ UCHAR TargetId, _In_ UCHAR Lun);
STORPORT_API PSCSI_REQUEST_BLOCK StorPortGetSrb(_In_ PVOID DeviceExtension, _In_ UCHAR PathId,
                                                _In_ UCHAR TargetId, _In_ UCHAR Lun, _In_ LONG QueueTag);
STORPORT_API STOR_PHYSICAL_ADDRESS StorPortGetPhysicalAddress(_In_ PVOID HwDeviceExtension,
                                                              _In_opt_ PSCSI_REQUEST_BLOCK Srb,
                                                              _In_ PVOID VirtualAddress,
                                                              _Out_ ULONG *Length);
STORPORT_API PVOID StorPortGetVirtualAddress(_In_ PVOID HwDeviceExtension,
                                             _In_ STOR_PHYSICAL_ADDRESS PhysicalAddress);
STORPORT_API PSTOR_SCATTER_GATHER_LIST StorPortGetScatterGatherList(_In_ PVOID DeviceExtension,
                                                                    _In_ PSCSI_REQUEST_BLOCK Srb);
STORPORT_API VOID StorPortCompleteRequest(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId,
                                          _In_ UCHAR TargetId, _In_ UCHAR Lun, _In_ UCHAR SrbStatus);
STORPORT_API VOID StorPortLogError(_In_ PVOID HwDeviceExtension, _In_opt_ PSCSI_REQUEST_BLOCK Srb,
                                   _In_ UCHAR PathId, _In_ UCHAR TargetId, _In_ UCHAR Lun,
                                   _In_ ULONG ErrorCode, _In_ ULONG UniqueId);

/*
 * Variadic; the arguments after HwDeviceExtension depend on NotificationType:
 *   RequestComplete              PSCSI_REQUEST_BLOCK Srb
 *   NextRequest, ResetDetected, LinkUp, LinkDown, BufferOverrunDetected: none
 *   NextLuRequest                UCHAR PathId, UCHAR TargetId, UCHAR Lun
 *   RequestTimerCall             PHW_TIMER HwStorTimer, ULONG MiniportTimerValue (us; 0 cancels)
 *   BusChangeDetected            [UCHAR PathId]
 *   WMIEvent                     PVOID WmiEvent, UCHAR PathId [, UCHAR TargetId, UCHAR Lun
 *                                unless PathId is 0xFF]
 *   WMIReregister                UCHAR PathId [, UCHAR TargetId, UCHAR Lun unless PathId is 0xFF]
 *   QueryTickCount               PLARGE_INTEGER TickCount
 *   IoTargetRequestServiceTime   ULONGLONG Duration (100 ns units), PSCSI_REQUEST_BLOCK Srb
 * and the helper-only types used by the inline routines further down.
 */
STORPORT_API VOID StorPortNotification(_In_ SCSI_NOTIFICATION_TYPE NotificationType,
                                       _In_ PVOID HwDeviceExtension, ...);

/* ---- queue management ---- */
STORPORT_API BOOLEAN StorPortBusy(_In_ PVOID HwDeviceExtension, _In_ ULONG RequestsToComplete);
STORPORT_API BOOLEAN StorPortReady(_In_ PVOID HwDeviceExtension);
STORPORT_API BOOLEAN StorPortDeviceBusy(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId, _In_ UCHAR TargetId,
                                        _In_ UCHAR Lun, _In_ ULONG RequestsToComplete);
STORPORT_API BOOLEAN StorPortDeviceReady(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId,
                                         _In_ UCHAR TargetId, _In_ UCHAR Lun);
STORPORT_API BOOLEAN StorPortPause(_In_ PVOID HwDeviceExtension, _In_ ULONG TimeOut);
STORPORT_API BOOLEAN StorPortResume(_In_ PVOID HwDeviceExtension);
STORPORT_API BOOLEAN StorPortPauseDevice(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId, _In_ UCHAR TargetId,
                                         _In_ UCHAR Lun, _In_ ULONG TimeOut);
STORPORT_API BOOLEAN StorPortResumeDevice(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId,
                                          _In_ UCHAR TargetId, _In_ UCHAR Lun);
STORPORT_API BOOLEAN StorPortSetDeviceQueueDepth(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId,
                                                 _In_ UCHAR TargetId, _In_ UCHAR Lun, _In_ ULONG Depth);

/* ---- registry (values under the miniport's Parameters\Device key) ---- */
STORPORT_API BOOLEAN StorPortRegistryRead(_In_ PVOID HwDeviceExtension, _In_ PUCHAR ValueName,
                                          _In_ ULONG Global, _In_ ULONG Type, _In_ PUCHAR Buffer,
                                          _In_ PULONG BufferLength);
STORPORT_API BOOLEAN StorPortRegistryWrite(_In_ PVOID HwDeviceExtension, _In_ PUCHAR ValueName,
                                           _In_ ULONG Global, _In_ ULONG Type, _In_ PUCHAR Buffer,
                                           _In_ ULONG BufferLength);
STORPORT_API PUCHAR StorPortAllocateRegistryBuffer(_In_ PVOID HwDeviceExtension, _In_ PULONG Length);
STORPORT_API VOID StorPortFreeRegistryBuffer(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Buffer);

/* ---- synchronization, time, memory, conversions, debugging ---- */
STORPORT_API BOOLEAN StorPortSynchronizeAccess(_In_ PVOID HwDeviceExtension,
                                               _In_ PSTOR_SYNCHRONIZED_ACCESS SynchronizedAccessRoutine,
                                               _In_opt_ PVOID Context);
STORPORT_API VOID StorPortStallExecution(_In_ ULONG Delay);
STORPORT_API VOID StorPortQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime);
STORPORT_API VOID StorPortMoveMemory(_Out_ PVOID WriteBuffer, _In_ PVOID ReadBuffer, _In_ ULONG Length);
STORPORT_API STOR_PHYSICAL_ADDRESS StorPortConvertUlongToPhysicalAddress(_In_ ULONG_PTR UlongAddress);
/* Variadic; the arguments depend on FunctionCode (see the wrappers below). */
STORPORT_API ULONG StorPortExtendedFunction(_In_ STORPORT_FUNCTION_CODE FunctionCode,
                                            _In_ PVOID HwDeviceExtension, ...);
/* printf-style; the text is formatted in the miniport's image and handed to the port. */
STORPORT_API VOID StorPortDebugPrint(_In_ ULONG DebugPrintLevel, _In_z_ PCSTR DebugMessage, ...)
    __attribute__((format(printf, 2, 3)));

/* Macros only in the WDK. */
#define StorPortConvertPhysicalAddressToUlong(Address) ((Address).LowPart)
#define StorPortConvertPhysicalAddressToULong64(Address) ((ULONG64)((Address).QuadPart))
#define StorPortCopyMemory(Destination, Source, Length) RtlCopyMemory((Destination), (Source), (Length))

/* ---- register (memory-mapped) and port (I/O space) accessors ---- */
STORPORT_API UCHAR StorPortReadPortUchar(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Port);
STORPORT_API USHORT StorPortReadPortUshort(_In_ PVOID HwDeviceExtension, _In_ PUSHORT Port);
STORPORT_API ULONG StorPortReadPortUlong(_In_ PVOID HwDeviceExtension, _In_ PULONG Port);
STORPORT_API VOID StorPortReadPortBufferUchar(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Port,
                                              _Out_ PUCHAR Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortReadPortBufferUshort(_In_ PVOID HwDeviceExtension, _In_ PUSHORT Port,
                                               _Out_ PUSHORT Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortReadPortBufferUlong(_In_ PVOID HwDeviceExtension, _In_ PULONG Port,
                                              _Out_ PULONG Buffer, _In_ ULONG Count);
STORPORT_API UCHAR StorPortReadRegisterUchar(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Register);
STORPORT_API USHORT StorPortReadRegisterUshort(_In_ PVOID HwDeviceExtension, _In_ PUSHORT Register);
STORPORT_API ULONG StorPortReadRegisterUlong(_In_ PVOID HwDeviceExtension, _In_ PULONG Register);
STORPORT_API ULONG64 StorPortReadRegisterUlong64(_In_ PVOID HwDeviceExtension, _In_ PULONG64 Register);
STORPORT_API VOID StorPortReadRegisterBufferUchar(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Register,
                                                  _Out_ PUCHAR Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortReadRegisterBufferUshort(_In_ PVOID HwDeviceExtension, _In_ PUSHORT Register,
                                                   _Out_ PUSHORT Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortReadRegisterBufferUlong(_In_ PVOID HwDeviceExtension, _In_ PULONG Register,
                                                  _Out_ PULONG Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortReadRegisterBufferUlong64(_In_ PVOID HwDeviceExtension, _In_ PULONG64 Register,
                                                    _Out_ PULONG64 Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortWritePortUchar(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Port, _In_ UCHAR Value);
STORPORT_API VOID StorPortWritePortUshort(_In_ PVOID HwDeviceExtension, _In_ PUSHORT Port,
                                          _In_ USHORT Value);
STORPORT_API VOID StorPortWritePortUlong(_In_ PVOID HwDeviceExtension, _In_ PULONG Port, _In_ ULONG Value);
STORPORT_API VOID StorPortWritePortBufferUchar(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Port,
                                               _In_ PUCHAR Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortWritePortBufferUshort(_In_ PVOID HwDeviceExtension, _In_ PUSHORT Port,
                                                _In_ PUSHORT Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortWritePortBufferUlong(_In_ PVOID HwDeviceExtension, _In_ PULONG Port,
                                               _In_ PULONG Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortWriteRegisterUchar(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Register,
                                             _In_ UCHAR Value);
STORPORT_API VOID StorPortWriteRegisterUshort(_In_ PVOID HwDeviceExtension, _In_ PUSHORT Register,
                                              _In_ USHORT Value);
STORPORT_API VOID StorPortWriteRegisterUlong(_In_ PVOID HwDeviceExtension, _In_ PULONG Register,
                                             _In_ ULONG Value);
STORPORT_API VOID StorPortWriteRegisterUlong64(_In_ PVOID HwDeviceExtension, _In_ PULONG64 Register,
                                               _In_ ULONG64 Value);
STORPORT_API VOID StorPortWriteRegisterBufferUchar(_In_ PVOID HwDeviceExtension, _In_ PUCHAR Register,
                                                   _In_ PUCHAR Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortWriteRegisterBufferUshort(_In_ PVOID HwDeviceExtension, _In_ PUSHORT Register,
                                                    _In_ PUSHORT Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortWriteRegisterBufferUlong(_In_ PVOID HwDeviceExtension, _In_ PULONG Register,
                                                   _In_ PULONG Buffer, _In_ ULONG Count);
STORPORT_API VOID StorPortWriteRegisterBufferUlong64(_In_ PVOID HwDeviceExtension, _In_ PULONG64 Register,
                                                     _In_ PULONG64 Buffer, _In_ ULONG Count);

/* The SCSI Port accessor names, as storport.h maps them (no device extension to pass). */
#define ScsiPortReadPortUchar(Port) StorPortReadPortUchar(NULL, (Port))
#define ScsiPortReadPortUshort(Port) StorPortReadPortUshort(NULL, (Port))
#define ScsiPortReadPortUlong(Port) StorPortReadPortUlong(NULL, (Port))
#define ScsiPortReadPortBufferUchar(Port, Buffer, Count) StorPortReadPortBufferUchar(NULL, (Port), (Buffer), (Count))
#define ScsiPortReadPortBufferUshort(Port, Buffer, Count) StorPortReadPortBufferUshort(NULL, (Port), (Buffer), (Count))
#define ScsiPortReadPortBufferUlong(Port, Buffer, Count) StorPortReadPortBufferUlong(NULL, (Port), (Buffer), (Count))
#define ScsiPortReadRegisterUchar(Register) StorPortReadRegisterUchar(NULL, (Register))
#define ScsiPortReadRegisterUshort(Register) StorPortReadRegisterUshort(NULL, (Register))
#define ScsiPortReadRegisterUlong(Register) StorPortReadRegisterUlong(NULL, (Register))
#define ScsiPortReadRegisterBufferUchar(Register, Buffer, Count) StorPortReadRegisterBufferUchar(NULL, (Register), (Buffer), (Count))
#define ScsiPortReadRegisterBufferUshort(Register, Buffer, Count) StorPortReadRegisterBufferUshort(NULL, (Register), (Buffer), (Count))
#define ScsiPortReadRegisterBufferUlong(Register, Buffer, Count) StorPortReadRegisterBufferUlong(NULL, (Register), (Buffer), (Count))
#define ScsiPortWritePortUchar(Port, Value) StorPortWritePortUchar(NULL, (Port), (Value))
#define ScsiPortWritePortUshort(Port, Value) StorPortWritePortUshort(NULL, (Port), (Value))
#define ScsiPortWritePortUlong(Port, Value) StorPortWritePortUlong(NULL, (Port), (Value))
#define ScsiPortWritePortBufferUchar(Port, Buffer, Count) StorPortWritePortBufferUchar(NULL, (Port), (Buffer), (Count))
#define ScsiPortWritePortBufferUshort(Port, Buffer, Count) StorPortWritePortBufferUshort(NULL, (Port), (Buffer), (Count))
#define ScsiPortWritePortBufferUlong(Port, Buffer, Count) StorPortWritePortBufferUlong(NULL, (Port), (Buffer), (Count))
#define ScsiPortWriteRegisterUchar(Register, Value) StorPortWriteRegisterUchar(NULL, (Register), (Value))
#define ScsiPortWriteRegisterUshort(Register, Value) StorPortWriteRegisterUshort(NULL, (Register), (Value))
#define ScsiPortWriteRegisterUlong(Register, Value) StorPortWriteRegisterUlong(NULL, (Register), (Value))
#define ScsiPortWriteRegisterBufferUchar(Register, Buffer, Count) StorPortWriteRegisterBufferUchar(NULL, (Register), (Buffer), (Count))
#define ScsiPortWriteRegisterBufferUshort(Register, Buffer, Count) StorPortWriteRegisterBufferUshort(NULL, (Register), (Buffer), (Count))
#define ScsiPortWriteRegisterBufferUlong(Register, Buffer, Count) StorPortWriteRegisterBufferUlong(NULL, (Register), (Buffer), (Count))

/* =====================================================================================
 * Helpers built on StorPortNotification. The argument order after HwDeviceExtension is
 * what storport_imports.c decodes; keep the two in step.
 * ===================================================================================== */

/* Asks for HwPassiveInitializeRoutine at PASSIVE_LEVEL after HwStorInitialize returns. */
FORCEINLINE BOOLEAN StorPortEnablePassiveInitialization(_In_ PVOID DeviceExtension,
                                                        _In_ PHW_PASSIVE_INITIALIZE_ROUTINE HwPassiveInitializeRoutine)
{
    LONG accepted = FALSE;
    StorPortNotification(EnablePassiveInitialization, DeviceExtension, HwPassiveInitializeRoutine, &accepted);
    return (BOOLEAN)(accepted != 0);
}

FORCEINLINE VOID StorPortInitializeDpc(_In_ PVOID DeviceExtension, _Out_ PSTOR_DPC Dpc,
                                       _In_ PHW_DPC_ROUTINE HwDpcRoutine)
{
    StorPortNotification(InitializeDpc, DeviceExtension, Dpc, HwDpcRoutine);
}

/* TRUE if the DPC was queued, FALSE if it was already pending. */
FORCEINLINE BOOLEAN StorPortIssueDpc(_In_ PVOID DeviceExtension, _In_ PSTOR_DPC Dpc,
                                     _In_opt_ PVOID SystemArgument1, _In_opt_ PVOID SystemArgument2)
{
    LONG queued = FALSE;
    StorPortNotification(IssueDpc, DeviceExtension, Dpc, SystemArgument1, SystemArgument2, &queued);
    return (BOOLEAN)(queued != 0);
}

FORCEINLINE VOID StorPortAcquireSpinLock(_In_ PVOID DeviceExtension, _In_ STOR_SPINLOCK SpinLock,
                                         _In_opt_ PVOID LockContext, _Out_ PSTOR_LOCK_HANDLE LockHandle)
{
    StorPortNotification(AcquireSpinLock, DeviceExtension, SpinLock, LockContext, LockHandle);
}

FORCEINLINE VOID StorPortReleaseSpinLock(_In_ PVOID DeviceExtension, _Inout_ PSTOR_LOCK_HANDLE LockHandle)
{
    StorPortNotification(ReleaseSpinLock, DeviceExtension, LockHandle);
}

/* Reports added or removed LUNs, targets or buses; STOR_STATUS_* result. */
FORCEINLINE ULONG StorPortStateChangeDetected(_In_ PVOID HwDeviceExtension, _In_ ULONG ChangedEntity,
                                              _In_ PSTOR_ADDRESS Address, _In_ ULONG Attributes,
                                              _In_opt_ PHW_STATE_CHANGE HwStateChange,
                                              _In_opt_ PVOID HwStateChangeContext)
{
    ULONG status = STOR_STATUS_NOT_IMPLEMENTED;
    StorPortNotification((SCSI_NOTIFICATION_TYPE)MPABI_STOR_NOTIFY_STATE_CHANGE_DETECTED, HwDeviceExtension,
                         ChangedEntity, Address, Attributes, HwStateChange, HwStateChangeContext, &status);
    return status;
}

FORCEINLINE ULONG StorPortAsyncNotificationDetected(_In_ PVOID HwDeviceExtension, _In_ PSTOR_ADDRESS Address,
                                                    _In_ ULONGLONG Flags)
{
    ULONG status = STOR_STATUS_NOT_IMPLEMENTED;
    StorPortNotification((SCSI_NOTIFICATION_TYPE)MPABI_STOR_NOTIFY_ASYNC_NOTIFICATION_DETECTED,
                         HwDeviceExtension, Address, Flags, &status);
    return status;
}

FORCEINLINE VOID StorPortMarkDeviceFailed(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS StorAddress,
                                          _In_ ULONG Flags, _In_ PWSTR FailReason)
{
    StorPortNotification((SCSI_NOTIFICATION_TYPE)MPABI_STOR_NOTIFY_MARK_DEVICE_FAILED, HwDeviceExtension,
                         StorAddress, Flags, FailReason);
}

FORCEINLINE ULONG StorPortMarkDeviceFailedEx(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS StorAddress,
                                             _In_ ULONG Flags, _In_ USHORT FaultCode,
                                             _In_ PWSTR FaultDescription, _In_ USHORT AdditionalDataSize,
                                             _In_opt_ PUCHAR AdditionalData, _In_ USHORT CriticalDataSize,
                                             _In_opt_ PUCHAR CriticalData)
{
    ULONG status = STOR_STATUS_NOT_IMPLEMENTED;
    StorPortNotification((SCSI_NOTIFICATION_TYPE)MPABI_STOR_NOTIFY_MARK_DEVICE_FAILED_EX, HwDeviceExtension,
                         StorAddress, Flags, FaultCode, FaultDescription, AdditionalDataSize, AdditionalData,
                         CriticalDataSize, CriticalData, &status);
    return status;
}

/*
 * Fixed-arity forms of StorPortNotification for callers that cannot make C variadic calls
 * (Swift miniports). Each is exactly the variadic call with that notification type.
 */
static inline VOID StorPortNotifyRequestComplete(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    StorPortNotification(RequestComplete, HwDeviceExtension, Srb);
}
static inline VOID StorPortNotifyNextRequest(PVOID HwDeviceExtension)
{
    StorPortNotification(NextRequest, HwDeviceExtension);
}
static inline VOID StorPortNotifyNextLuRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    StorPortNotification(NextLuRequest, HwDeviceExtension, PathId, TargetId, Lun);
}
static inline VOID StorPortNotifyResetDetected(PVOID HwDeviceExtension)
{
    StorPortNotification(ResetDetected, HwDeviceExtension);
}
static inline VOID StorPortNotifyRequestTimerCall(PVOID HwDeviceExtension, PHW_TIMER HwStorTimer,
                                                  ULONG MiniportTimerValue)
{
    StorPortNotification(RequestTimerCall, HwDeviceExtension, HwStorTimer, MiniportTimerValue);
}
static inline VOID StorPortNotifyBusChangeDetected(PVOID HwDeviceExtension, UCHAR PathId)
{
    StorPortNotification(BusChangeDetected, HwDeviceExtension, PathId);
}
static inline VOID StorPortNotifyWMIEvent(PVOID HwDeviceExtension, PVOID WmiEvent, UCHAR PathId,
                                          UCHAR TargetId, UCHAR Lun)
{
    if (PathId == 0xFF)
        StorPortNotification(WMIEvent, HwDeviceExtension, WmiEvent, PathId);
    else
        StorPortNotification(WMIEvent, HwDeviceExtension, WmiEvent, PathId, TargetId, Lun);
}
static inline VOID StorPortNotifyWMIReregister(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    if (PathId == 0xFF)
        StorPortNotification(WMIReregister, HwDeviceExtension, PathId);
    else
        StorPortNotification(WMIReregister, HwDeviceExtension, PathId, TargetId, Lun);
}
static inline VOID StorPortNotifyLinkUp(PVOID HwDeviceExtension)
{
    StorPortNotification(LinkUp, HwDeviceExtension);
}
static inline VOID StorPortNotifyLinkDown(PVOID HwDeviceExtension)
{
    StorPortNotification(LinkDown, HwDeviceExtension);
}
static inline VOID StorPortNotifyQueryTickCount(PVOID HwDeviceExtension, PLARGE_INTEGER TickCount)
{
    StorPortNotification(QueryTickCount, HwDeviceExtension, TickCount);
}
static inline VOID StorPortNotifyBufferOverrunDetected(PVOID HwDeviceExtension)
{
    StorPortNotification(BufferOverrunDetected, HwDeviceExtension);
}
static inline VOID StorPortNotifyIoTargetRequestServiceTime(PVOID HwDeviceExtension, ULONGLONG Duration,
                                                            PSCSI_REQUEST_BLOCK Srb)
{
    StorPortNotification((SCSI_NOTIFICATION_TYPE)MPABI_STOR_NOTIFY_IO_TARGET_REQUEST_SERVICE_TIME,
                         HwDeviceExtension, Duration, Srb);
}
/* Fixed-arity debug print: the text is already formatted. */
static inline VOID StorPortDebugPrintText(ULONG DebugPrintLevel, PCSTR Text)
{
    StorPortDebugPrint(DebugPrintLevel, "%s", Text);
}

/* =====================================================================================
 * Wrappers over StorPortExtendedFunction. Each passes its arguments after
 * HwDeviceExtension in the order of its own parameter list; storport_imports.c decodes
 * them in the same order. On a port without the function they return
 * STOR_STATUS_NOT_IMPLEMENTED.
 * ===================================================================================== */

/* ---- memory and MDLs ---- */
FORCEINLINE ULONG StorPortAllocatePool(_In_ PVOID HwDeviceExtension, _In_ ULONG NumberOfBytes, _In_ ULONG Tag,
                                       _Out_ PVOID *BufferPointer)
{
    return StorPortExtendedFunction(ExtFunctionAllocatePool, HwDeviceExtension, NumberOfBytes, Tag,
                                    BufferPointer);
}

FORCEINLINE ULONG StorPortFreePool(_In_ PVOID HwDeviceExtension, _In_ PVOID BufferPointer)
{
    return StorPortExtendedFunction(ExtFunctionFreePool, HwDeviceExtension, BufferPointer);
}

FORCEINLINE ULONG StorPortAllocateMdl(_In_ PVOID HwDeviceExtension, _In_ PVOID BufferPointer,
                                      _In_ ULONG NumberOfBytes, _Out_ PVOID *Mdl)
{
    return StorPortExtendedFunction(ExtFunctionAllocateMdl, HwDeviceExtension, BufferPointer, NumberOfBytes,
                                    Mdl);
}

FORCEINLINE ULONG StorPortFreeMdl(_In_ PVOID HwDeviceExtension, _In_ PVOID Mdl)
{
    return StorPortExtendedFunction(ExtFunctionFreeMdl, HwDeviceExtension, Mdl);
}

FORCEINLINE ULONG StorPortBuildMdlForNonPagedPool(_In_ PVOID HwDeviceExtension, _Inout_ PVOID Mdl)
{
    return StorPortExtendedFunction(ExtFunctionBuildMdlForNonPagedPool, HwDeviceExtension, Mdl);
}

FORCEINLINE ULONG StorPortGetSystemAddress(_In_ PVOID HwDeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb,
                                           _Out_ PVOID *SystemAddress)
{
    return StorPortExtendedFunction(ExtFunctionGetSystemAddress, HwDeviceExtension, Srb, SystemAddress);
}

FORCEINLINE ULONG StorPortGetOriginalMdl(_In_ PVOID HwDeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb,
                                         _Out_ PVOID *Mdl)
{
    return StorPortExtendedFunction(ExtFunctionGetOriginalMdl, HwDeviceExtension, Srb, Mdl);
}

FORCEINLINE ULONG StorPortAllocateContiguousMemorySpecifyCacheNode(
    _In_ PVOID HwDeviceExtension, _In_ SIZE_T NumberOfBytes, _In_ PHYSICAL_ADDRESS LowestAcceptableAddress,
    _In_ PHYSICAL_ADDRESS HighestAcceptableAddress, _In_opt_ PHYSICAL_ADDRESS BoundaryAddressMultiple,
    _In_ MEMORY_CACHING_TYPE CacheType, _In_ NODE_REQUIREMENT PreferredNode, _Out_ PVOID *BufferPointer)
{
    return StorPortExtendedFunction(ExtFunctionAllocateContiguousMemorySpecifyCacheNode, HwDeviceExtension,
                                    NumberOfBytes, LowestAcceptableAddress, HighestAcceptableAddress,
                                    BoundaryAddressMultiple, CacheType, PreferredNode, BufferPointer);
}

FORCEINLINE ULONG StorPortFreeContiguousMemorySpecifyCache(_In_ PVOID HwDeviceExtension, _In_ PVOID BaseAddress,
                                                           _In_ SIZE_T NumberOfBytes,
                                                           _In_ MEMORY_CACHING_TYPE CacheType)
{
    return StorPortExtendedFunction(ExtFunctionFreeContiguousMemorySpecifyCache, HwDeviceExtension, BaseAddress,
                                    NumberOfBytes, CacheType);
}

FORCEINLINE ULONG StorPortMarkDumpMemory(_In_ PVOID HwDeviceExtension, _In_ PVOID Address,
                                         _In_ ULONG_PTR Length, _In_ ULONG Flags)
{
    return StorPortExtendedFunction(ExtFunctionMarkDumpMemory, HwDeviceExtension, Address, Length, Flags);
}

/* ---- request data buffers ---- */
FORCEINLINE ULONG StorPortGetDataInBufferMdl(_In_ PVOID HwDeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb,
                                             _Out_ PVOID *Mdl)
{
    return StorPortExtendedFunction(ExtFunctionGetDataInBufferMdl, HwDeviceExtension, Srb, Mdl);
}

FORCEINLINE ULONG StorPortGetDataInBufferSystemAddress(_In_ PVOID HwDeviceExtension,
                                                       _In_ PSCSI_REQUEST_BLOCK Srb,
                                                       _Out_ PVOID *SystemAddress)
{
    return StorPortExtendedFunction(ExtFunctionGetDataInBufferSystemAddress, HwDeviceExtension, Srb,
                                    SystemAddress);
}

FORCEINLINE ULONG StorPortGetDataInBufferScatterGatherList(_In_ PVOID HwDeviceExtension,
                                                           _In_ PSCSI_REQUEST_BLOCK Srb,
                                                           _Out_ PSTOR_SCATTER_GATHER_LIST *SgList)
{
    return StorPortExtendedFunction(ExtFunctionGetDataInBufferScatterGatherList, HwDeviceExtension, Srb, SgList);
}

FORCEINLINE ULONG StorPortBuildScatterGatherList(_In_ PVOID HwDeviceExtension, _In_ PVOID Mdl,
                                                 _In_ PVOID CurrentVa, _In_ ULONG Length,
                                                 _In_ PpostScaterGatherExecute ExecutionRoutine,
                                                 _In_ PVOID Context, _In_ BOOLEAN WriteToDevice,
                                                 _Inout_ PVOID ScatterGatherBuffer,
                                                 _In_ ULONG ScatterGatherBufferLength)
{
    return StorPortExtendedFunction(ExtFunctionBuildScatterGatherList, HwDeviceExtension, Mdl, CurrentVa, Length,
                                    ExecutionRoutine, Context, WriteToDevice, ScatterGatherBuffer,
                                    ScatterGatherBufferLength);
}

FORCEINLINE ULONG StorPortPutScatterGatherList(_In_ PVOID HwDeviceExtension,
                                               _In_ PSTOR_SCATTER_GATHER_LIST ScatterGatherList,
                                               _In_ BOOLEAN WriteToDevice)
{
    return StorPortExtendedFunction(ExtFunctionPutScatterGatherList, HwDeviceExtension, ScatterGatherList,
                                    WriteToDevice);
}

/* ---- virtual miniports ---- */
FORCEINLINE ULONG StorPortCompleteServiceIrp(_In_ PVOID HwDeviceExtension, _In_ PVOID Irp)
{
    return StorPortExtendedFunction(ExtFunctionCompleteServiceIrp, HwDeviceExtension, Irp);
}

FORCEINLINE ULONG StorPortGetDeviceObjects(_In_ PVOID HwDeviceExtension, _Out_ PVOID *AdapterDeviceObject,
                                           _Out_ PVOID *PhysicalDeviceObject, _Out_ PVOID *LowerDeviceObject)
{
    return StorPortExtendedFunction(ExtFunctionGetDeviceObjects, HwDeviceExtension, AdapterDeviceObject,
                                    PhysicalDeviceObject, LowerDeviceObject);
}

/* ---- message-signaled interrupts and performance options ---- */
FORCEINLINE ULONG StorPortAcquireMSISpinLock(_In_ PVOID HwDeviceExtension, _In_ ULONG MessageId,
                                             _Out_ PULONG OldIrql)
{
    return StorPortExtendedFunction(ExtFunctionAcquireMSISpinLock, HwDeviceExtension, MessageId, OldIrql);
}

FORCEINLINE ULONG StorPortReleaseMSISpinLock(_In_ PVOID HwDeviceExtension, _In_ ULONG MessageId,
                                             _In_ ULONG OldIrql)
{
    return StorPortExtendedFunction(ExtFunctionReleaseMSISpinLock, HwDeviceExtension, MessageId, OldIrql);
}

FORCEINLINE ULONG StorPortGetMSIInfo(_In_ PVOID HwDeviceExtension, _In_ ULONG MessageId,
                                     _Out_ PMESSAGE_INTERRUPT_INFORMATION InterruptInfo)
{
    return StorPortExtendedFunction(ExtFunctionGetMessageInterruptInformation, HwDeviceExtension, MessageId,
                                    InterruptInfo);
}

FORCEINLINE ULONG StorPortInitializePerfOpts(_In_ PVOID HwDeviceExtension, _In_ BOOLEAN Query,
                                             _Inout_ PPERF_CONFIGURATION_DATA PerfConfigData)
{
    return StorPortExtendedFunction(ExtFunctionInitializePerformanceOptimizations, HwDeviceExtension, Query,
                                    PerfConfigData);
}

FORCEINLINE ULONG StorPortGetStartIoPerfParams(_In_ PVOID HwDeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb,
                                               _Inout_ PSTARTIO_PERFORMANCE_PARAMETERS StartIoPerfParams)
{
    return StorPortExtendedFunction(ExtFunctionGetStartIoPerformanceParameters, HwDeviceExtension, Srb,
                                    StartIoPerfParams);
}

FORCEINLINE ULONG StorPortLogSystemEvent(_In_ PVOID HwDeviceExtension,
                                         _Inout_ PSTOR_LOG_EVENT_DETAILS LogDetails,
                                         _Inout_ PULONG MaximumSize)
{
    return StorPortExtendedFunction(ExtFunctionLogSystemEvent, HwDeviceExtension, LogDetails, MaximumSize);
}

/* ---- processors and NUMA ---- */
FORCEINLINE ULONG StorPortGetCurrentProcessorNumber(_In_ PVOID HwDeviceExtension,
                                                    _Out_ PPROCESSOR_NUMBER ProcNumber)
{
    return StorPortExtendedFunction(ExtFunctionGetCurrentProcessorNumber, HwDeviceExtension, ProcNumber);
}

FORCEINLINE ULONG StorPortGetActiveGroupCount(_In_ PVOID HwDeviceExtension, _Out_ PUSHORT NumberGroups)
{
    return StorPortExtendedFunction(ExtFunctionGetActiveGroupCount, HwDeviceExtension, NumberGroups);
}

FORCEINLINE ULONG StorPortGetGroupAffinity(_In_ PVOID HwDeviceExtension, _In_ USHORT GroupNumber,
                                           _Out_ PKAFFINITY GroupAffinityMask)
{
    return StorPortExtendedFunction(ExtFunctionGetGroupAffinity, HwDeviceExtension, GroupNumber,
                                    GroupAffinityMask);
}

FORCEINLINE ULONG StorPortGetActiveNodeCount(_In_ PVOID HwDeviceExtension, _Out_ PULONG NumberNodes)
{
    return StorPortExtendedFunction(ExtFunctionGetActiveNodeCount, HwDeviceExtension, NumberNodes);
}

FORCEINLINE ULONG StorPortGetNodeAffinity(_In_ PVOID HwDeviceExtension, _In_ ULONG NodeNumber,
                                          _Out_ PGROUP_AFFINITY NodeAffinityMask)
{
    return StorPortExtendedFunction(ExtFunctionGetNodeAffinity, HwDeviceExtension, NodeNumber, NodeAffinityMask);
}

FORCEINLINE ULONG StorPortGetHighestNodeNumber(_In_ PVOID HwDeviceExtension, _Out_ PULONG HighestNode)
{
    return StorPortExtendedFunction(ExtFunctionGetHighestNodeNumber, HwDeviceExtension, HighestNode);
}

FORCEINLINE ULONG StorPortGetLogicalProcessorRelationship(
    _In_ PVOID HwDeviceExtension, _In_opt_ PPROCESSOR_NUMBER ProcessorNumber,
    _In_ LOGICAL_PROCESSOR_RELATIONSHIP RelationshipType,
    _Out_ PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX Buffer, _Inout_ PULONG Length)
{
    return StorPortExtendedFunction(ExtFunctionGetLogicalProcessorRelationship, HwDeviceExtension,
                                    ProcessorNumber, RelationshipType, Buffer, Length);
}

/* ---- power, ACPI, request information ---- */
FORCEINLINE ULONG StorPortSetPowerSettingNotificationGuids(_In_ PVOID HwDeviceExtension, _In_ ULONG GuidCount,
                                                           _In_ LPGUID Guid)
{
    return StorPortExtendedFunction(ExtFunctionSetPowerSettingNotificationGuids, HwDeviceExtension, GuidCount,
                                    Guid);
}

FORCEINLINE ULONG StorPortInvokeAcpiMethod(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS Address,
                                           _In_ ULONG MethodName, _In_opt_ PVOID InputBuffer,
                                           _In_ ULONG InputBufferLength, _Out_opt_ PVOID OutputBuffer,
                                           _In_ ULONG OutputBufferLength, _Out_opt_ PULONG BytesReturned)
{
    return StorPortExtendedFunction(ExtFunctionInvokeAcpiMethod, HwDeviceExtension, Address, MethodName,
                                    InputBuffer, InputBufferLength, OutputBuffer, OutputBufferLength,
                                    BytesReturned);
}

FORCEINLINE ULONG StorPortGetRequestInfo(_In_ PVOID HwDeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb,
                                         _Inout_ PSTOR_REQUEST_INFO RequestInfo)
{
    return StorPortExtendedFunction(ExtFunctionGetRequestInfo, HwDeviceExtension, Srb, RequestInfo);
}

FORCEINLINE ULONG StorPortGetActivityIdSrb(_In_ PVOID HwDeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb,
                                           _Out_ LPGUID ActivityId)
{
    return StorPortExtendedFunction(ExtFunctionGetActivityId, HwDeviceExtension, Srb, ActivityId);
}

/* Address is a STOR_ADDR_BTL8 the caller fills; its Port member receives the port number. */
FORCEINLINE ULONG StorPortGetSystemPortNumber(_In_ PVOID HwDeviceExtension, _Inout_ PSTOR_ADDRESS Address)
{
    return StorPortExtendedFunction(ExtFunctionGetSystemPortNumber, HwDeviceExtension, Address);
}

FORCEINLINE ULONG StorPortSetUnitAttributes(_In_ PVOID HwDeviceExtension, _In_ PSTOR_ADDRESS Address,
                                            _In_ STOR_UNIT_ATTRIBUTES Attributes)
{
    return StorPortExtendedFunction(ExtFunctionSetUnitAttributes, HwDeviceExtension, Address, Attributes);
}

FORCEINLINE ULONG StorPortIsCurrentOsInstallationUpgrade(_In_ PVOID HwDeviceExtension, _Out_ PBOOLEAN Upgrade)
{
    return StorPortExtendedFunction(ExtFunctionCurrentOsInstallationUpgrade, HwDeviceExtension, Upgrade);
}

FORCEINLINE ULONG StorPortRegistryReadAdapterKey(_In_ PVOID HwDeviceExtension, _In_opt_ PUCHAR SubKeyName,
                                                 _In_ PUCHAR ValueName, _In_ ULONG ValueType,
                                                 _Inout_ PVOID *ValueData, _Inout_ PULONG ValueDataLength)
{
    return StorPortExtendedFunction(ExtFunctionRegistryReadAdapterKey, HwDeviceExtension, SubKeyName, ValueName,
                                    ValueType, ValueData, ValueDataLength);
}

FORCEINLINE ULONG StorPortRegistryWriteAdapterKey(_In_ PVOID HwDeviceExtension, _In_opt_ PUCHAR SubKeyName,
                                                  _In_ PUCHAR ValueName, _In_ ULONG ValueType,
                                                  _In_ PVOID ValueData, _In_ ULONG ValueDataLength)
{
    return StorPortExtendedFunction(ExtFunctionRegistryWriteAdapterKey, HwDeviceExtension, SubKeyName, ValueName,
                                    ValueType, ValueData, ValueDataLength);
}

FORCEINLINE ULONG StorPortSetAdapterBusType(_In_ PVOID HwDeviceExtension, _In_ ULONG BusType)
{
    return StorPortExtendedFunction(ExtFunctionSetAdapterBusType, HwDeviceExtension, BusType);
}

/* ---- work items and timers ---- */
FORCEINLINE ULONG StorPortInitializeWorker(_In_ PVOID HwDeviceExtension, _Out_ PVOID *Worker)
{
    return StorPortExtendedFunction(ExtFunctionInitializeWorker, HwDeviceExtension, Worker);
}

FORCEINLINE ULONG StorPortQueueWorkItem(_In_ PVOID HwDeviceExtension, _In_ PHW_WORKITEM WorkItemCallback,
                                        _In_ PVOID Worker, _In_opt_ PVOID Context)
{
    return StorPortExtendedFunction(ExtFunctionQueueWorkItem, HwDeviceExtension, WorkItemCallback, Worker,
                                    Context);
}

FORCEINLINE ULONG StorPortFreeWorker(_In_ PVOID HwDeviceExtension, _In_ PVOID Worker)
{
    return StorPortExtendedFunction(ExtFunctionFreeWorker, HwDeviceExtension, Worker);
}

FORCEINLINE ULONG StorPortInitializeTimer(_In_ PVOID HwDeviceExtension, _Out_ PVOID *TimerHandle)
{
    return StorPortExtendedFunction(ExtFunctionInitializeTimer, HwDeviceExtension, TimerHandle);
}

FORCEINLINE ULONG StorPortRequestTimer(_In_ PVOID HwDeviceExtension, _In_ PVOID TimerHandle,
                                       _In_ PHW_TIMER_EX TimerCallback, _In_opt_ PVOID CallbackContext,
                                       _In_ ULONGLONG TimerValue, _In_ ULONGLONG TolerableDelay)
{
    return StorPortExtendedFunction(ExtFunctionRequestTimer, HwDeviceExtension, TimerHandle, TimerCallback,
                                    CallbackContext, TimerValue, TolerableDelay);
}

FORCEINLINE ULONG StorPortFreeTimer(_In_ PVOID HwDeviceExtension, _In_ PVOID TimerHandle)
{
    return StorPortExtendedFunction(ExtFunctionFreeTimer, HwDeviceExtension, TimerHandle);
}

FORCEINLINE ULONG StorPortQueryPerformanceCounter(_In_ PVOID HwDeviceExtension,
                                                  _Out_opt_ PLARGE_INTEGER PerformanceFrequency,
                                                  _Out_ PLARGE_INTEGER PerformanceCounter)
{
    return StorPortExtendedFunction(ExtFunctionQueryPerformanceCounter, HwDeviceExtension, PerformanceFrequency,
                                    PerformanceCounter);
}

/* ---- interlocked singly linked lists ---- */
FORCEINLINE ULONG StorPortInitializeSListHead(_In_ PVOID HwDeviceExtension, _Out_ PSTOR_SLIST_HEADER SListHead)
{
    return StorPortExtendedFunction(ExtFunctionInitializeSListHead, HwDeviceExtension, SListHead);
}

FORCEINLINE ULONG StorPortInterlockedFlushSList(_In_ PVOID HwDeviceExtension, _Inout_ PSTOR_SLIST_HEADER SListHead,
                                                _Out_ PSTOR_SLIST_ENTRY *Result)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedFlushSList, HwDeviceExtension, SListHead, Result);
}

FORCEINLINE ULONG StorPortInterlockedPopEntrySList(_In_ PVOID HwDeviceExtension,
                                                   _Inout_ PSTOR_SLIST_HEADER SListHead,
                                                   _Out_ PSTOR_SLIST_ENTRY *Result)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedPopEntrySList, HwDeviceExtension, SListHead, Result);
}

FORCEINLINE ULONG StorPortInterlockedPushEntrySList(_In_ PVOID HwDeviceExtension,
                                                    _Inout_ PSTOR_SLIST_HEADER SListHead,
                                                    _Inout_ PSTOR_SLIST_ENTRY SListEntry,
                                                    _Out_ PSTOR_SLIST_ENTRY *Result)
{
    return StorPortExtendedFunction(ExtFunctionInterlockedPushEntrySList, HwDeviceExtension, SListHead,
                                    SListEntry, Result);
}

FORCEINLINE ULONG StorPortQueryDepthSList(_In_ PVOID HwDeviceExtension, _In_ PSTOR_SLIST_HEADER SListHead,
                                          _Out_ PUSHORT Result)
{
    return StorPortExtendedFunction(ExtFunctionQueryDepthSList, HwDeviceExtension, SListHead, Result);
}

/* ---- runtime power management (PoFx) ---- */
FORCEINLINE ULONG StorPortInitializePoFxPower(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS Address,
                                              _In_ PSTOR_POFX_DEVICE Device, _Inout_ PBOOLEAN D3ColdEnabled)
{
    return StorPortExtendedFunction(ExtFunctionInitializePoFxPower, HwDeviceExtension, Address, Device,
                                    D3ColdEnabled);
}

FORCEINLINE ULONG StorPortPoFxActivateComponent(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS Address,
                                                _In_opt_ PSCSI_REQUEST_BLOCK Srb, _In_ ULONG Component,
                                                _In_ ULONG Flags)
{
    return StorPortExtendedFunction(ExtFunctionPoFxActivateComponent, HwDeviceExtension, Address, Srb, Component,
                                    Flags);
}

FORCEINLINE ULONG StorPortPoFxIdleComponent(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS Address,
                                            _In_opt_ PSCSI_REQUEST_BLOCK Srb, _In_ ULONG Component,
                                            _In_ ULONG Flags)
{
    return StorPortExtendedFunction(ExtFunctionPoFxIdleComponent, HwDeviceExtension, Address, Srb, Component,
                                    Flags);
}

FORCEINLINE ULONG StorPortPoFxSetComponentLatency(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS Address,
                                                  _In_ ULONG Component, _In_ ULONGLONG Latency)
{
    return StorPortExtendedFunction(ExtFunctionPoFxSetComponentLatency, HwDeviceExtension, Address, Component,
                                    Latency);
}

FORCEINLINE ULONG StorPortPoFxSetComponentResidency(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS Address,
                                                    _In_ ULONG Component, _In_ ULONGLONG Residency)
{
    return StorPortExtendedFunction(ExtFunctionPoFxSetComponentResidency, HwDeviceExtension, Address, Component,
                                    Residency);
}

FORCEINLINE ULONG StorPortPoFxPowerControl(_In_ PVOID HwDeviceExtension, _In_opt_ PSTOR_ADDRESS Address,
                                           _In_ LPCGUID PowerControlCode, _In_opt_ PVOID InBuffer,
                                           _In_ SIZE_T InBufferSize, _Out_opt_ PVOID OutBuffer,
                                           _In_ SIZE_T OutBufferSize, _Out_opt_ PSIZE_T BytesReturned)
{
    return StorPortExtendedFunction(ExtFunctionPoFxPowerControl, HwDeviceExtension, Address, PowerControlCode,
                                    InBuffer, InBufferSize, OutBuffer, OutBufferSize, BytesReturned);
}

MPABI_EXTERN_C_END

#endif /* _NTSTORPORT_ */
