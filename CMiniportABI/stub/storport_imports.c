/*
 * storport_imports.c - the StorPort routines of the import stub.
 *
 * Each routine a StorPort miniport may call is defined here, hidden inside the image, and
 * forwarded through MpAbiImportTable.StorPort. The variadic ones are decoded here, where C
 * can read their arguments: StorPortNotification (one slot per notification type),
 * StorPortExtendedFunction (one slot per decoded function code) and StorPortDebugPrint
 * (formatted into a bounded buffer).
 *
 * The decoding of the helper-only notification types and of every function code follows
 * the argument order of the inline wrappers in storport.h; change both together.
 */
/* C library headers come before the pragma: declared hidden, vsnprintf would not link. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#pragma GCC visibility push(hidden)
#include "storport.h"
#include "mpabi_import.h"
#include "mpabi_stub.h"

/* storport.h may define a DebugPrint(x) macro (under DBG); it would capture the slot name. */
#undef DebugPrint

static inline STOR_PHYSICAL_ADDRESS MpAbiStorPhysical(ULONGLONG Value)
{
    STOR_PHYSICAL_ADDRESS address;
    address.QuadPart = (LONGLONG)Value;
    return address;
}

/* =====================================================================================
 * Adapter bring-up and configuration
 * ===================================================================================== */
ULONG StorPortInitialize(PVOID Argument1, PVOID Argument2, struct _HW_INITIALIZATION_DATA *HwInitializationData,
                         PVOID HwContext)
{
    MPABI_FORWARD_RET(StorPort, Initialize, (ULONG)STATUS_NOT_IMPLEMENTED, Argument1, Argument2,
                      (PVOID)HwInitializationData, HwContext);
}

ULONG StorPortGetBusData(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber,
                         PVOID Buffer, ULONG Length)
{
    MPABI_FORWARD_RET(StorPort, GetBusData, 0, DeviceExtension, BusDataType, SystemIoBusNumber, SlotNumber,
                      Buffer, Length);
}

ULONG StorPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber,
                                 ULONG SlotNumber, PVOID Buffer, ULONG Offset, ULONG Length)
{
    MPABI_FORWARD_RET(StorPort, SetBusDataByOffset, 0, DeviceExtension, BusDataType, SystemIoBusNumber,
                      SlotNumber, Buffer, Offset, Length);
}

PVOID StorPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
                            STOR_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
    MPABI_FORWARD_RET(StorPort, GetDeviceBase, NULL, HwDeviceExtension, (ULONG)BusType, SystemIoBusNumber,
                      (ULONGLONG)IoAddress.QuadPart, NumberOfBytes, InIoSpace);
}

VOID StorPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress)
{
    MPABI_FORWARD_VOID(StorPort, FreeDeviceBase, HwDeviceExtension, MappedAddress);
}

BOOLEAN StorPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
                              STOR_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
    MPABI_FORWARD_RET(StorPort, ValidateRange, FALSE, HwDeviceExtension, (ULONG)BusType, SystemIoBusNumber,
                      (ULONGLONG)IoAddress.QuadPart, NumberOfBytes, InIoSpace);
}

PVOID StorPortGetUncachedExtension(PVOID HwDeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                   ULONG NumberOfBytes)
{
    MPABI_FORWARD_RET(StorPort, GetUncachedExtension, NULL, HwDeviceExtension, (PVOID)ConfigInfo,
                      NumberOfBytes);
}

/* =====================================================================================
 * Requests, units, addresses
 * ===================================================================================== */
PVOID StorPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    MPABI_FORWARD_RET(StorPort, GetLogicalUnit, NULL, HwDeviceExtension, PathId, TargetId, Lun);
}

PSCSI_REQUEST_BLOCK StorPortGetSrb(PVOID DeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                   LONG QueueTag)
{
    MPABI_FORWARD_RET(StorPort, GetSrb, NULL, DeviceExtension, PathId, TargetId, Lun, QueueTag);
}

STOR_PHYSICAL_ADDRESS StorPortGetPhysicalAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                                 PVOID VirtualAddress, ULONG *Length)
{
    if (__builtin_expect(MPABI_SLOT(StorPort, GetPhysicalAddress) != NULL, 1))
        return MpAbiStorPhysical(MPABI_SLOT(StorPort, GetPhysicalAddress)(MPABI_CONTEXT, HwDeviceExtension, Srb,
                                                                          VirtualAddress, Length));
    MpAbiReportUnresolved("StorPortGetPhysicalAddress");
    if (Length != NULL)
        *Length = 0;
    return MpAbiStorPhysical(0);
}

PVOID StorPortGetVirtualAddress(PVOID HwDeviceExtension, STOR_PHYSICAL_ADDRESS PhysicalAddress)
{
    MPABI_FORWARD_RET(StorPort, GetVirtualAddress, NULL, HwDeviceExtension,
                      (ULONGLONG)PhysicalAddress.QuadPart);
}

PSTOR_SCATTER_GATHER_LIST StorPortGetScatterGatherList(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    MPABI_FORWARD_RET(StorPort, GetScatterGatherList, NULL, DeviceExtension, Srb);
}

VOID StorPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, UCHAR SrbStatus)
{
    MPABI_FORWARD_VOID(StorPort, CompleteRequest, HwDeviceExtension, PathId, TargetId, Lun, SrbStatus);
}

VOID StorPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                      ULONG ErrorCode, ULONG UniqueId)
{
    MPABI_FORWARD_VOID(StorPort, LogError, HwDeviceExtension, Srb, PathId, TargetId, Lun, ErrorCode, UniqueId);
}

/* =====================================================================================
 * Queue management
 * ===================================================================================== */
BOOLEAN StorPortBusy(PVOID HwDeviceExtension, ULONG RequestsToComplete)
{
    MPABI_FORWARD_RET(StorPort, Busy, FALSE, HwDeviceExtension, RequestsToComplete);
}

BOOLEAN StorPortReady(PVOID HwDeviceExtension)
{
    MPABI_FORWARD_RET(StorPort, Ready, FALSE, HwDeviceExtension);
}

BOOLEAN StorPortDeviceBusy(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                           ULONG RequestsToComplete)
{
    MPABI_FORWARD_RET(StorPort, DeviceBusy, FALSE, HwDeviceExtension, PathId, TargetId, Lun, RequestsToComplete);
}

BOOLEAN StorPortDeviceReady(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    MPABI_FORWARD_RET(StorPort, DeviceReady, FALSE, HwDeviceExtension, PathId, TargetId, Lun);
}

BOOLEAN StorPortPause(PVOID HwDeviceExtension, ULONG TimeOut)
{
    MPABI_FORWARD_RET(StorPort, Pause, FALSE, HwDeviceExtension, TimeOut);
}

BOOLEAN StorPortResume(PVOID HwDeviceExtension)
{
    MPABI_FORWARD_RET(StorPort, Resume, FALSE, HwDeviceExtension);
}

BOOLEAN StorPortPauseDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, ULONG TimeOut)
{
    MPABI_FORWARD_RET(StorPort, PauseDevice, FALSE, HwDeviceExtension, PathId, TargetId, Lun, TimeOut);
}

BOOLEAN StorPortResumeDevice(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    MPABI_FORWARD_RET(StorPort, ResumeDevice, FALSE, HwDeviceExtension, PathId, TargetId, Lun);
}

BOOLEAN StorPortSetDeviceQueueDepth(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                    ULONG Depth)
{
    MPABI_FORWARD_RET(StorPort, SetDeviceQueueDepth, FALSE, HwDeviceExtension, PathId, TargetId, Lun, Depth);
}

/* =====================================================================================
 * Registry
 * ===================================================================================== */
BOOLEAN StorPortRegistryRead(PVOID HwDeviceExtension, PUCHAR ValueName, ULONG Global, ULONG Type,
                             PUCHAR Buffer, PULONG BufferLength)
{
    MPABI_FORWARD_RET(StorPort, RegistryRead, FALSE, HwDeviceExtension, ValueName, Global, Type, Buffer,
                      BufferLength);
}

BOOLEAN StorPortRegistryWrite(PVOID HwDeviceExtension, PUCHAR ValueName, ULONG Global, ULONG Type,
                              PUCHAR Buffer, ULONG BufferLength)
{
    MPABI_FORWARD_RET(StorPort, RegistryWrite, FALSE, HwDeviceExtension, ValueName, Global, Type, Buffer,
                      BufferLength);
}

PUCHAR StorPortAllocateRegistryBuffer(PVOID HwDeviceExtension, PULONG Length)
{
    MPABI_FORWARD_RET(StorPort, AllocateRegistryBuffer, NULL, HwDeviceExtension, Length);
}

VOID StorPortFreeRegistryBuffer(PVOID HwDeviceExtension, PUCHAR Buffer)
{
    MPABI_FORWARD_VOID(StorPort, FreeRegistryBuffer, HwDeviceExtension, Buffer);
}

/* =====================================================================================
 * Synchronization, time, memory, conversions, debugging
 * ===================================================================================== */
BOOLEAN StorPortSynchronizeAccess(PVOID HwDeviceExtension, PSTOR_SYNCHRONIZED_ACCESS SynchronizedAccessRoutine,
                                  PVOID Context)
{
    MPABI_FORWARD_RET(StorPort, SynchronizeAccess, FALSE, HwDeviceExtension, SynchronizedAccessRoutine, Context);
}

VOID StorPortStallExecution(ULONG Delay)
{
    MPABI_FORWARD_VOID(StorPort, StallExecution, Delay);
}

VOID StorPortQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    MPABI_FORWARD_VOID(StorPort, QuerySystemTime, CurrentTime);
}

VOID StorPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length)
{
    MPABI_FORWARD_VOID(StorPort, MoveMemory, WriteBuffer, ReadBuffer, Length);
}

STOR_PHYSICAL_ADDRESS StorPortConvertUlongToPhysicalAddress(ULONG_PTR UlongAddress)
{
    if (__builtin_expect(MPABI_SLOT(StorPort, ConvertUlongToPhysicalAddress) != NULL, 1))
        return MpAbiStorPhysical(MPABI_SLOT(StorPort, ConvertUlongToPhysicalAddress)(MPABI_CONTEXT, UlongAddress));
    MpAbiReportUnresolved("StorPortConvertUlongToPhysicalAddress");
    return MpAbiStorPhysical((ULONGLONG)UlongAddress);
}

VOID StorPortDebugPrint(ULONG DebugPrintLevel, PCSTR DebugMessage, ...)
{
    char text[MPABI_DEBUG_TEXT_MAX];
    MPABI_VA_LIST ap;

    if (DebugMessage == NULL)
        return;
    MPABI_VA_START(ap, DebugMessage);
    MPABI_VSNPRINTF(text, sizeof(text), DebugMessage, ap);
    MPABI_VA_END(ap);
    MPABI_FORWARD_VOID(StorPort, DebugPrint, DebugPrintLevel, text);
}

/* =====================================================================================
 * Register and port accessors (hot: one indirect call each, nothing else)
 * ===================================================================================== */
UCHAR StorPortReadPortUchar(PVOID HwDeviceExtension, PUCHAR Port)
{
    MPABI_FORWARD_RET(StorPort, ReadPortUchar, 0xFF, HwDeviceExtension, Port);
}

USHORT StorPortReadPortUshort(PVOID HwDeviceExtension, PUSHORT Port)
{
    MPABI_FORWARD_RET(StorPort, ReadPortUshort, 0xFFFF, HwDeviceExtension, Port);
}

ULONG StorPortReadPortUlong(PVOID HwDeviceExtension, PULONG Port)
{
    MPABI_FORWARD_RET(StorPort, ReadPortUlong, 0xFFFFFFFFU, HwDeviceExtension, Port);
}

VOID StorPortReadPortBufferUchar(PVOID HwDeviceExtension, PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, ReadPortBufferUchar, HwDeviceExtension, Port, Buffer, Count);
}

VOID StorPortReadPortBufferUshort(PVOID HwDeviceExtension, PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, ReadPortBufferUshort, HwDeviceExtension, Port, Buffer, Count);
}

VOID StorPortReadPortBufferUlong(PVOID HwDeviceExtension, PULONG Port, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, ReadPortBufferUlong, HwDeviceExtension, Port, Buffer, Count);
}

UCHAR StorPortReadRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register)
{
    MPABI_FORWARD_RET(StorPort, ReadRegisterUchar, 0xFF, HwDeviceExtension, Register);
}

USHORT StorPortReadRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register)
{
    MPABI_FORWARD_RET(StorPort, ReadRegisterUshort, 0xFFFF, HwDeviceExtension, Register);
}

ULONG StorPortReadRegisterUlong(PVOID HwDeviceExtension, PULONG Register)
{
    MPABI_FORWARD_RET(StorPort, ReadRegisterUlong, 0xFFFFFFFFU, HwDeviceExtension, Register);
}

ULONG64 StorPortReadRegisterUlong64(PVOID HwDeviceExtension, PULONG64 Register)
{
    MPABI_FORWARD_RET(StorPort, ReadRegisterUlong64, ~(ULONG64)0, HwDeviceExtension, Register);
}

VOID StorPortReadRegisterBufferUchar(PVOID HwDeviceExtension, PUCHAR Register, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, ReadRegisterBufferUchar, HwDeviceExtension, Register, Buffer, Count);
}

VOID StorPortReadRegisterBufferUshort(PVOID HwDeviceExtension, PUSHORT Register, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, ReadRegisterBufferUshort, HwDeviceExtension, Register, Buffer, Count);
}

VOID StorPortReadRegisterBufferUlong(PVOID HwDeviceExtension, PULONG Register, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, ReadRegisterBufferUlong, HwDeviceExtension, Register, Buffer, Count);
}

VOID StorPortReadRegisterBufferUlong64(PVOID HwDeviceExtension, PULONG64 Register, PULONG64 Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, ReadRegisterBufferUlong64, HwDeviceExtension, Register, Buffer, Count);
}

VOID StorPortWritePortUchar(PVOID HwDeviceExtension, PUCHAR Port, UCHAR Value)
{
    MPABI_FORWARD_VOID(StorPort, WritePortUchar, HwDeviceExtension, Port, Value);
}

VOID StorPortWritePortUshort(PVOID HwDeviceExtension, PUSHORT Port, USHORT Value)
{
    MPABI_FORWARD_VOID(StorPort, WritePortUshort, HwDeviceExtension, Port, Value);
}

VOID StorPortWritePortUlong(PVOID HwDeviceExtension, PULONG Port, ULONG Value)
{
    MPABI_FORWARD_VOID(StorPort, WritePortUlong, HwDeviceExtension, Port, Value);
}

VOID StorPortWritePortBufferUchar(PVOID HwDeviceExtension, PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, WritePortBufferUchar, HwDeviceExtension, Port, Buffer, Count);
}

VOID StorPortWritePortBufferUshort(PVOID HwDeviceExtension, PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, WritePortBufferUshort, HwDeviceExtension, Port, Buffer, Count);
}

VOID StorPortWritePortBufferUlong(PVOID HwDeviceExtension, PULONG Port, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, WritePortBufferUlong, HwDeviceExtension, Port, Buffer, Count);
}

VOID StorPortWriteRegisterUchar(PVOID HwDeviceExtension, PUCHAR Register, UCHAR Value)
{
    MPABI_FORWARD_VOID(StorPort, WriteRegisterUchar, HwDeviceExtension, Register, Value);
}

VOID StorPortWriteRegisterUshort(PVOID HwDeviceExtension, PUSHORT Register, USHORT Value)
{
    MPABI_FORWARD_VOID(StorPort, WriteRegisterUshort, HwDeviceExtension, Register, Value);
}

VOID StorPortWriteRegisterUlong(PVOID HwDeviceExtension, PULONG Register, ULONG Value)
{
    MPABI_FORWARD_VOID(StorPort, WriteRegisterUlong, HwDeviceExtension, Register, Value);
}

VOID StorPortWriteRegisterUlong64(PVOID HwDeviceExtension, PULONG64 Register, ULONG64 Value)
{
    MPABI_FORWARD_VOID(StorPort, WriteRegisterUlong64, HwDeviceExtension, Register, Value);
}

VOID StorPortWriteRegisterBufferUchar(PVOID HwDeviceExtension, PUCHAR Register, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, WriteRegisterBufferUchar, HwDeviceExtension, Register, Buffer, Count);
}

VOID StorPortWriteRegisterBufferUshort(PVOID HwDeviceExtension, PUSHORT Register, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, WriteRegisterBufferUshort, HwDeviceExtension, Register, Buffer, Count);
}

VOID StorPortWriteRegisterBufferUlong(PVOID HwDeviceExtension, PULONG Register, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, WriteRegisterBufferUlong, HwDeviceExtension, Register, Buffer, Count);
}

VOID StorPortWriteRegisterBufferUlong64(PVOID HwDeviceExtension, PULONG64 Register, PULONG64 Buffer,
                                        ULONG Count)
{
    MPABI_FORWARD_VOID(StorPort, WriteRegisterBufferUlong64, HwDeviceExtension, Register, Buffer, Count);
}

/* =====================================================================================
 * StorPortNotification: one slot per notification type.
 * UCHAR and USHORT arguments arrive promoted to int.
 * ===================================================================================== */
VOID StorPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...)
{
    MPABI_VA_LIST ap;
    MPABI_VA_START(ap, HwDeviceExtension);
    switch ((ULONG)NotificationType) {
    case RequestComplete: {
        PSCSI_REQUEST_BLOCK srb = va_arg(ap, PSCSI_REQUEST_BLOCK);
        MPABI_FORWARD_VOID(StorPort, NotifyRequestComplete, HwDeviceExtension, srb);
        break;
    }
    case NextRequest:
        MPABI_FORWARD_VOID(StorPort, NotifyNextRequest, HwDeviceExtension);
        break;
    case NextLuRequest: {
        UCHAR pathId = (UCHAR)va_arg(ap, int);
        UCHAR targetId = (UCHAR)va_arg(ap, int);
        UCHAR lun = (UCHAR)va_arg(ap, int);
        MPABI_FORWARD_VOID(StorPort, NotifyNextLuRequest, HwDeviceExtension, pathId, targetId, lun);
        break;
    }
    case ResetDetected:
        MPABI_FORWARD_VOID(StorPort, NotifyResetDetected, HwDeviceExtension);
        break;
    case RequestTimerCall: {
        PHW_TIMER timer = va_arg(ap, PHW_TIMER);
        ULONG value = va_arg(ap, ULONG);
        MPABI_FORWARD_VOID(StorPort, NotifyRequestTimerCall, HwDeviceExtension, timer, value);
        break;
    }
    case BusChangeDetected: {
        /* Optional in the WDK; read from the argument area either way (never faults on the
         * LP64 ABIs this module targets, the value is meaningless when not passed). */
        UCHAR pathId = (UCHAR)va_arg(ap, int);
        MPABI_FORWARD_VOID(StorPort, NotifyBusChangeDetected, HwDeviceExtension, pathId);
        break;
    }
    case WMIEvent: {
        PVOID event = va_arg(ap, PVOID);
        UCHAR pathId = (UCHAR)va_arg(ap, int);
        UCHAR targetId = 0, lun = 0;
        if (pathId != 0xFF) {
            targetId = (UCHAR)va_arg(ap, int);
            lun = (UCHAR)va_arg(ap, int);
        }
        MPABI_FORWARD_VOID(StorPort, NotifyWMIEvent, HwDeviceExtension, event, pathId, targetId, lun);
        break;
    }
    case WMIReregister: {
        UCHAR pathId = (UCHAR)va_arg(ap, int);
        UCHAR targetId = 0, lun = 0;
        if (pathId != 0xFF) {
            targetId = (UCHAR)va_arg(ap, int);
            lun = (UCHAR)va_arg(ap, int);
        }
        MPABI_FORWARD_VOID(StorPort, NotifyWMIReregister, HwDeviceExtension, pathId, targetId, lun);
        break;
    }
    case LinkUp:
        MPABI_FORWARD_VOID(StorPort, NotifyLinkUp, HwDeviceExtension);
        break;
    case LinkDown:
        MPABI_FORWARD_VOID(StorPort, NotifyLinkDown, HwDeviceExtension);
        break;
    case QueryTickCount: {
        PLARGE_INTEGER tickCount = va_arg(ap, PLARGE_INTEGER);
        MPABI_FORWARD_VOID(StorPort, NotifyQueryTickCount, HwDeviceExtension, tickCount);
        break;
    }
    case BufferOverrunDetected:
        MPABI_FORWARD_VOID(StorPort, NotifyBufferOverrunDetected, HwDeviceExtension);
        break;
    case TraceNotification: {
        PVOID argument = va_arg(ap, PVOID);
        MPABI_FORWARD_VOID(StorPort, NotifyTraceNotification, HwDeviceExtension, argument);
        break;
    }
    case 15: /* GetExtendedFunctionTable */ {
        PVOID argument = va_arg(ap, PVOID);
        MPABI_FORWARD_VOID(StorPort, NotifyGetExtendedFunctionTable, HwDeviceExtension, argument);
        break;
    }
    case 0x1000: /* EnablePassiveInitialization */ {
        PHW_PASSIVE_INITIALIZE_ROUTINE routine = va_arg(ap, PHW_PASSIVE_INITIALIZE_ROUTINE);
        PLONG result = va_arg(ap, PLONG);
        MPABI_FORWARD_VOID(StorPort, NotifyEnablePassiveInitialization, HwDeviceExtension, routine, result);
        break;
    }
    case 0x1001: /* InitializeDpc */ {
        PSTOR_DPC dpc = va_arg(ap, PSTOR_DPC);
        PHW_DPC_ROUTINE routine = va_arg(ap, PHW_DPC_ROUTINE);
        MPABI_FORWARD_VOID(StorPort, NotifyInitializeDpc, HwDeviceExtension, dpc, routine);
        break;
    }
    case 0x1002: /* IssueDpc */ {
        PSTOR_DPC dpc = va_arg(ap, PSTOR_DPC);
        PVOID argument1 = va_arg(ap, PVOID);
        PVOID argument2 = va_arg(ap, PVOID);
        PLONG result = va_arg(ap, PLONG);
        MPABI_FORWARD_VOID(StorPort, NotifyIssueDpc, HwDeviceExtension, dpc, argument1, argument2, result);
        break;
    }
    case 0x1003: /* AcquireSpinLock */ {
        STOR_SPINLOCK lock = (STOR_SPINLOCK)va_arg(ap, int);
        PVOID lockContext = va_arg(ap, PVOID);
        PSTOR_LOCK_HANDLE handle = va_arg(ap, PSTOR_LOCK_HANDLE);
        MPABI_FORWARD_VOID(StorPort, NotifyAcquireSpinLock, HwDeviceExtension, lock, lockContext, handle);
        break;
    }
    case 0x1004: /* ReleaseSpinLock */ {
        PSTOR_LOCK_HANDLE handle = va_arg(ap, PSTOR_LOCK_HANDLE);
        MPABI_FORWARD_VOID(StorPort, NotifyReleaseSpinLock, HwDeviceExtension, handle);
        break;
    }
    case MPABI_STOR_NOTIFY_STATE_CHANGE_DETECTED: {
        ULONG changedEntity = va_arg(ap, ULONG);
        PSTOR_ADDRESS address = va_arg(ap, PSTOR_ADDRESS);
        ULONG attributes = va_arg(ap, ULONG);
        PHW_STATE_CHANGE callback = va_arg(ap, PHW_STATE_CHANGE);
        PVOID callbackContext = va_arg(ap, PVOID);
        PULONG status = va_arg(ap, PULONG);
        MPABI_FORWARD_VOID(StorPort, NotifyStateChangeDetected, HwDeviceExtension, changedEntity, address,
                           attributes, callback, callbackContext, status);
        break;
    }
    case MPABI_STOR_NOTIFY_IO_TARGET_REQUEST_SERVICE_TIME: {
        ULONGLONG duration = va_arg(ap, ULONGLONG);
        PSCSI_REQUEST_BLOCK srb = va_arg(ap, PSCSI_REQUEST_BLOCK);
        MPABI_FORWARD_VOID(StorPort, NotifyIoTargetRequestServiceTime, HwDeviceExtension, duration, srb);
        break;
    }
    case MPABI_STOR_NOTIFY_ASYNC_NOTIFICATION_DETECTED: {
        PSTOR_ADDRESS address = va_arg(ap, PSTOR_ADDRESS);
        ULONGLONG flags = va_arg(ap, ULONGLONG);
        PULONG status = va_arg(ap, PULONG);
        MPABI_FORWARD_VOID(StorPort, NotifyAsyncNotificationDetected, HwDeviceExtension, address, flags, status);
        break;
    }
    case MPABI_STOR_NOTIFY_MARK_DEVICE_FAILED: {
        PSTOR_ADDRESS address = va_arg(ap, PSTOR_ADDRESS);
        ULONG flags = va_arg(ap, ULONG);
        PWSTR reason = va_arg(ap, PWSTR);
        MPABI_FORWARD_VOID(StorPort, NotifyMarkDeviceFailed, HwDeviceExtension, address, flags, reason);
        break;
    }
    case MPABI_STOR_NOTIFY_MARK_DEVICE_FAILED_EX: {
        PSTOR_ADDRESS address = va_arg(ap, PSTOR_ADDRESS);
        ULONG flags = va_arg(ap, ULONG);
        USHORT faultCode = (USHORT)va_arg(ap, int);
        PWSTR description = va_arg(ap, PWSTR);
        USHORT additionalSize = (USHORT)va_arg(ap, int);
        PUCHAR additional = va_arg(ap, PUCHAR);
        USHORT criticalSize = (USHORT)va_arg(ap, int);
        PUCHAR critical = va_arg(ap, PUCHAR);
        PULONG status = va_arg(ap, PULONG);
        MPABI_FORWARD_VOID(StorPort, NotifyMarkDeviceFailedEx, HwDeviceExtension, address, flags, faultCode,
                           description, additionalSize, additional, criticalSize, critical, status);
        break;
    }
    default:
        MPABI_FORWARD_VOID(StorPort, NotifyUnknown, (ULONG)NotificationType, HwDeviceExtension);
        break;
    }
    MPABI_VA_END(ap);
}

/* =====================================================================================
 * StorPortExtendedFunction: one slot per decoded function code.
 * Each case reads its arguments, ends the list, then forwards and returns.
 * ===================================================================================== */
#define MPABI_EXT_NEXT(Type) va_arg(ap, Type)
#define MPABI_EXT_NEXT_SMALL(Type) ((Type)va_arg(ap, int))
#define MPABI_EXT_FORWARD(Slot, ...)                                                         \
    do {                                                                                     \
        MPABI_VA_END(ap);                                                                          \
        MPABI_FORWARD_RET(StorPort, Slot, STOR_STATUS_NOT_IMPLEMENTED, HwDeviceExtension,    \
                          __VA_ARGS__);                                                      \
    } while (0)

ULONG StorPortExtendedFunction(STORPORT_FUNCTION_CODE FunctionCode, PVOID HwDeviceExtension, ...)
{
    MPABI_VA_LIST ap;
    MPABI_VA_START(ap, HwDeviceExtension);
    switch ((ULONG)FunctionCode) {
    case ExtFunctionAllocatePool: {
        ULONG numberOfBytes = MPABI_EXT_NEXT(ULONG);
        ULONG tag = MPABI_EXT_NEXT(ULONG);
        PVOID *bufferPointer = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(AllocatePool, numberOfBytes, tag, bufferPointer);
    }
    case ExtFunctionFreePool: {
        PVOID bufferPointer = MPABI_EXT_NEXT(PVOID);
        MPABI_EXT_FORWARD(FreePool, bufferPointer);
    }
    case ExtFunctionAllocateMdl: {
        PVOID bufferPointer = MPABI_EXT_NEXT(PVOID);
        ULONG numberOfBytes = MPABI_EXT_NEXT(ULONG);
        PVOID *mdl = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(AllocateMdl, bufferPointer, numberOfBytes, mdl);
    }
    case ExtFunctionFreeMdl: {
        PVOID mdl = MPABI_EXT_NEXT(PVOID);
        MPABI_EXT_FORWARD(FreeMdl, mdl);
    }
    case ExtFunctionBuildMdlForNonPagedPool: {
        PVOID mdl = MPABI_EXT_NEXT(PVOID);
        MPABI_EXT_FORWARD(BuildMdlForNonPagedPool, mdl);
    }
    case ExtFunctionGetSystemAddress: {
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        PVOID *systemAddress = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(GetSystemAddress, srb, systemAddress);
    }
    case ExtFunctionGetOriginalMdl: {
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        PVOID *mdl = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(GetOriginalMdl, srb, mdl);
    }
    case ExtFunctionCompleteServiceIrp: {
        PVOID irp = MPABI_EXT_NEXT(PVOID);
        MPABI_EXT_FORWARD(CompleteServiceIrp, irp);
    }
    case ExtFunctionGetDeviceObjects: {
        PVOID *adapterDeviceObject = MPABI_EXT_NEXT(PVOID *);
        PVOID *physicalDeviceObject = MPABI_EXT_NEXT(PVOID *);
        PVOID *lowerDeviceObject = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(GetDeviceObjects, adapterDeviceObject, physicalDeviceObject, lowerDeviceObject);
    }
    case ExtFunctionBuildScatterGatherList: {
        PVOID mdl = MPABI_EXT_NEXT(PVOID);
        PVOID currentVa = MPABI_EXT_NEXT(PVOID);
        ULONG length = MPABI_EXT_NEXT(ULONG);
        PpostScaterGatherExecute executionRoutine = MPABI_EXT_NEXT(PpostScaterGatherExecute);
        PVOID context = MPABI_EXT_NEXT(PVOID);
        BOOLEAN writeToDevice = MPABI_EXT_NEXT_SMALL(BOOLEAN);
        PVOID buffer = MPABI_EXT_NEXT(PVOID);
        ULONG bufferLength = MPABI_EXT_NEXT(ULONG);
        MPABI_EXT_FORWARD(BuildScatterGatherList, mdl, currentVa, length, executionRoutine, context,
                          writeToDevice, buffer, bufferLength);
    }
    case ExtFunctionPutScatterGatherList: {
        PSTOR_SCATTER_GATHER_LIST list = MPABI_EXT_NEXT(PSTOR_SCATTER_GATHER_LIST);
        BOOLEAN writeToDevice = MPABI_EXT_NEXT_SMALL(BOOLEAN);
        MPABI_EXT_FORWARD(PutScatterGatherList, list, writeToDevice);
    }
    case ExtFunctionAcquireMSISpinLock: {
        ULONG messageId = MPABI_EXT_NEXT(ULONG);
        PULONG oldIrql = MPABI_EXT_NEXT(PULONG);
        MPABI_EXT_FORWARD(AcquireMSISpinLock, messageId, oldIrql);
    }
    case ExtFunctionReleaseMSISpinLock: {
        ULONG messageId = MPABI_EXT_NEXT(ULONG);
        ULONG oldIrql = MPABI_EXT_NEXT(ULONG);
        MPABI_EXT_FORWARD(ReleaseMSISpinLock, messageId, oldIrql);
    }
    case ExtFunctionGetMessageInterruptInformation: {
        ULONG messageId = MPABI_EXT_NEXT(ULONG);
        PMESSAGE_INTERRUPT_INFORMATION info = MPABI_EXT_NEXT(PMESSAGE_INTERRUPT_INFORMATION);
        MPABI_EXT_FORWARD(GetMSIInfo, messageId, info);
    }
    case ExtFunctionInitializePerformanceOptimizations: {
        BOOLEAN query = MPABI_EXT_NEXT_SMALL(BOOLEAN);
        PPERF_CONFIGURATION_DATA data = MPABI_EXT_NEXT(PPERF_CONFIGURATION_DATA);
        MPABI_EXT_FORWARD(InitializePerfOpts, query, data);
    }
    case ExtFunctionGetStartIoPerformanceParameters: {
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        PSTARTIO_PERFORMANCE_PARAMETERS params = MPABI_EXT_NEXT(PSTARTIO_PERFORMANCE_PARAMETERS);
        MPABI_EXT_FORWARD(GetStartIoPerfParams, srb, params);
    }
    case ExtFunctionLogSystemEvent: {
        PSTOR_LOG_EVENT_DETAILS details = MPABI_EXT_NEXT(PSTOR_LOG_EVENT_DETAILS);
        PULONG maximumSize = MPABI_EXT_NEXT(PULONG);
        MPABI_EXT_FORWARD(LogSystemEvent, details, maximumSize);
    }
    case ExtFunctionGetCurrentProcessorNumber: {
        PPROCESSOR_NUMBER number = MPABI_EXT_NEXT(PPROCESSOR_NUMBER);
        MPABI_EXT_FORWARD(GetCurrentProcessorNumber, number);
    }
    case ExtFunctionGetActiveGroupCount: {
        PUSHORT groups = MPABI_EXT_NEXT(PUSHORT);
        MPABI_EXT_FORWARD(GetActiveGroupCount, groups);
    }
    case ExtFunctionGetGroupAffinity: {
        USHORT group = MPABI_EXT_NEXT_SMALL(USHORT);
        PKAFFINITY mask = MPABI_EXT_NEXT(PKAFFINITY);
        MPABI_EXT_FORWARD(GetGroupAffinity, group, mask);
    }
    case ExtFunctionGetActiveNodeCount: {
        PULONG nodes = MPABI_EXT_NEXT(PULONG);
        MPABI_EXT_FORWARD(GetActiveNodeCount, nodes);
    }
    case ExtFunctionGetNodeAffinity: {
        ULONG node = MPABI_EXT_NEXT(ULONG);
        PGROUP_AFFINITY mask = MPABI_EXT_NEXT(PGROUP_AFFINITY);
        MPABI_EXT_FORWARD(GetNodeAffinity, node, mask);
    }
    case ExtFunctionGetHighestNodeNumber: {
        PULONG highest = MPABI_EXT_NEXT(PULONG);
        MPABI_EXT_FORWARD(GetHighestNodeNumber, highest);
    }
    case ExtFunctionGetLogicalProcessorRelationship: {
        PPROCESSOR_NUMBER number = MPABI_EXT_NEXT(PPROCESSOR_NUMBER);
        LOGICAL_PROCESSOR_RELATIONSHIP relationship = (LOGICAL_PROCESSOR_RELATIONSHIP)MPABI_EXT_NEXT(int);
        PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX buffer = MPABI_EXT_NEXT(PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX);
        PULONG length = MPABI_EXT_NEXT(PULONG);
        MPABI_EXT_FORWARD(GetLogicalProcessorRelationship, number, relationship, buffer, length);
    }
    case ExtFunctionAllocateContiguousMemorySpecifyCacheNode: {
        SIZE_T numberOfBytes = MPABI_EXT_NEXT(SIZE_T);
        PHYSICAL_ADDRESS lowest = MPABI_EXT_NEXT(PHYSICAL_ADDRESS);
        PHYSICAL_ADDRESS highest = MPABI_EXT_NEXT(PHYSICAL_ADDRESS);
        PHYSICAL_ADDRESS boundary = MPABI_EXT_NEXT(PHYSICAL_ADDRESS);
        MEMORY_CACHING_TYPE cacheType = (MEMORY_CACHING_TYPE)MPABI_EXT_NEXT(int);
        NODE_REQUIREMENT node = MPABI_EXT_NEXT(NODE_REQUIREMENT);
        PVOID *bufferPointer = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(AllocateContiguousMemorySpecifyCacheNode, numberOfBytes, (ULONGLONG)lowest.QuadPart,
                          (ULONGLONG)highest.QuadPart, (ULONGLONG)boundary.QuadPart, cacheType, node,
                          bufferPointer);
    }
    case ExtFunctionFreeContiguousMemorySpecifyCache: {
        PVOID baseAddress = MPABI_EXT_NEXT(PVOID);
        SIZE_T numberOfBytes = MPABI_EXT_NEXT(SIZE_T);
        MEMORY_CACHING_TYPE cacheType = (MEMORY_CACHING_TYPE)MPABI_EXT_NEXT(int);
        MPABI_EXT_FORWARD(FreeContiguousMemorySpecifyCache, baseAddress, numberOfBytes, cacheType);
    }
    case ExtFunctionSetPowerSettingNotificationGuids: {
        ULONG count = MPABI_EXT_NEXT(ULONG);
        LPGUID guids = MPABI_EXT_NEXT(LPGUID);
        MPABI_EXT_FORWARD(SetPowerSettingNotificationGuids, count, guids);
    }
    case ExtFunctionInvokeAcpiMethod: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        ULONG methodName = MPABI_EXT_NEXT(ULONG);
        PVOID inputBuffer = MPABI_EXT_NEXT(PVOID);
        ULONG inputLength = MPABI_EXT_NEXT(ULONG);
        PVOID outputBuffer = MPABI_EXT_NEXT(PVOID);
        ULONG outputLength = MPABI_EXT_NEXT(ULONG);
        PULONG bytesReturned = MPABI_EXT_NEXT(PULONG);
        MPABI_EXT_FORWARD(InvokeAcpiMethod, address, methodName, inputBuffer, inputLength, outputBuffer,
                          outputLength, bytesReturned);
    }
    case ExtFunctionGetRequestInfo: {
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        PSTOR_REQUEST_INFO info = MPABI_EXT_NEXT(PSTOR_REQUEST_INFO);
        MPABI_EXT_FORWARD(GetRequestInfo, srb, info);
    }
    case ExtFunctionInitializeWorker: {
        PVOID *worker = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(InitializeWorker, worker);
    }
    case ExtFunctionQueueWorkItem: {
        PHW_WORKITEM callback = MPABI_EXT_NEXT(PHW_WORKITEM);
        PVOID worker = MPABI_EXT_NEXT(PVOID);
        PVOID context = MPABI_EXT_NEXT(PVOID);
        MPABI_EXT_FORWARD(QueueWorkItem, callback, worker, context);
    }
    case ExtFunctionFreeWorker: {
        PVOID worker = MPABI_EXT_NEXT(PVOID);
        MPABI_EXT_FORWARD(FreeWorker, worker);
    }
    case ExtFunctionInitializeTimer: {
        PVOID *timerHandle = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(InitializeTimer, timerHandle);
    }
    case ExtFunctionRequestTimer: {
        PVOID timerHandle = MPABI_EXT_NEXT(PVOID);
        PHW_TIMER_EX callback = MPABI_EXT_NEXT(PHW_TIMER_EX);
        PVOID callbackContext = MPABI_EXT_NEXT(PVOID);
        ULONGLONG timerValue = MPABI_EXT_NEXT(ULONGLONG);
        ULONGLONG tolerableDelay = MPABI_EXT_NEXT(ULONGLONG);
        MPABI_EXT_FORWARD(RequestTimer, timerHandle, callback, callbackContext, timerValue, tolerableDelay);
    }
    case ExtFunctionFreeTimer: {
        PVOID timerHandle = MPABI_EXT_NEXT(PVOID);
        MPABI_EXT_FORWARD(FreeTimer, timerHandle);
    }
    case ExtFunctionInitializeSListHead: {
        PSTOR_SLIST_HEADER head = MPABI_EXT_NEXT(PSTOR_SLIST_HEADER);
        MPABI_EXT_FORWARD(InitializeSListHead, head);
    }
    case ExtFunctionInterlockedFlushSList: {
        PSTOR_SLIST_HEADER head = MPABI_EXT_NEXT(PSTOR_SLIST_HEADER);
        PSTOR_SLIST_ENTRY *result = MPABI_EXT_NEXT(PSTOR_SLIST_ENTRY *);
        MPABI_EXT_FORWARD(InterlockedFlushSList, head, result);
    }
    case ExtFunctionInterlockedPopEntrySList: {
        PSTOR_SLIST_HEADER head = MPABI_EXT_NEXT(PSTOR_SLIST_HEADER);
        PSTOR_SLIST_ENTRY *result = MPABI_EXT_NEXT(PSTOR_SLIST_ENTRY *);
        MPABI_EXT_FORWARD(InterlockedPopEntrySList, head, result);
    }
    case ExtFunctionInterlockedPushEntrySList: {
        PSTOR_SLIST_HEADER head = MPABI_EXT_NEXT(PSTOR_SLIST_HEADER);
        PSTOR_SLIST_ENTRY entry = MPABI_EXT_NEXT(PSTOR_SLIST_ENTRY);
        PSTOR_SLIST_ENTRY *result = MPABI_EXT_NEXT(PSTOR_SLIST_ENTRY *);
        MPABI_EXT_FORWARD(InterlockedPushEntrySList, head, entry, result);
    }
    case ExtFunctionQueryDepthSList: {
        PSTOR_SLIST_HEADER head = MPABI_EXT_NEXT(PSTOR_SLIST_HEADER);
        PUSHORT result = MPABI_EXT_NEXT(PUSHORT);
        MPABI_EXT_FORWARD(QueryDepthSList, head, result);
    }
    case ExtFunctionGetActivityId: {
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        LPGUID activityId = MPABI_EXT_NEXT(LPGUID);
        MPABI_EXT_FORWARD(GetActivityIdSrb, srb, activityId);
    }
    case ExtFunctionGetSystemPortNumber: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        MPABI_EXT_FORWARD(GetSystemPortNumber, address);
    }
    case ExtFunctionGetDataInBufferMdl: {
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        PVOID *mdl = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(GetDataInBufferMdl, srb, mdl);
    }
    case ExtFunctionGetDataInBufferSystemAddress: {
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        PVOID *systemAddress = MPABI_EXT_NEXT(PVOID *);
        MPABI_EXT_FORWARD(GetDataInBufferSystemAddress, srb, systemAddress);
    }
    case ExtFunctionGetDataInBufferScatterGatherList: {
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        PSTOR_SCATTER_GATHER_LIST *list = MPABI_EXT_NEXT(PSTOR_SCATTER_GATHER_LIST *);
        MPABI_EXT_FORWARD(GetDataInBufferScatterGatherList, srb, list);
    }
    case ExtFunctionMarkDumpMemory: {
        PVOID address = MPABI_EXT_NEXT(PVOID);
        ULONG_PTR length = MPABI_EXT_NEXT(ULONG_PTR);
        ULONG flags = MPABI_EXT_NEXT(ULONG);
        MPABI_EXT_FORWARD(MarkDumpMemory, address, length, flags);
    }
    case ExtFunctionSetUnitAttributes: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        STOR_UNIT_ATTRIBUTES attributes = MPABI_EXT_NEXT(STOR_UNIT_ATTRIBUTES);
        ULONG bits;
        memcpy(&bits, &attributes, sizeof(bits));
        MPABI_EXT_FORWARD(SetUnitAttributes, address, bits);
    }
    case ExtFunctionQueryPerformanceCounter: {
        PLARGE_INTEGER frequency = MPABI_EXT_NEXT(PLARGE_INTEGER);
        PLARGE_INTEGER counter = MPABI_EXT_NEXT(PLARGE_INTEGER);
        MPABI_EXT_FORWARD(QueryPerformanceCounter, frequency, counter);
    }
    case ExtFunctionInitializePoFxPower: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        PSTOR_POFX_DEVICE device = MPABI_EXT_NEXT(PSTOR_POFX_DEVICE);
        PBOOLEAN d3ColdEnabled = MPABI_EXT_NEXT(PBOOLEAN);
        MPABI_EXT_FORWARD(InitializePoFxPower, address, device, d3ColdEnabled);
    }
    case ExtFunctionPoFxActivateComponent: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        ULONG component = MPABI_EXT_NEXT(ULONG);
        ULONG flags = MPABI_EXT_NEXT(ULONG);
        MPABI_EXT_FORWARD(PoFxActivateComponent, address, srb, component, flags);
    }
    case ExtFunctionPoFxIdleComponent: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        PSCSI_REQUEST_BLOCK srb = MPABI_EXT_NEXT(PSCSI_REQUEST_BLOCK);
        ULONG component = MPABI_EXT_NEXT(ULONG);
        ULONG flags = MPABI_EXT_NEXT(ULONG);
        MPABI_EXT_FORWARD(PoFxIdleComponent, address, srb, component, flags);
    }
    case ExtFunctionPoFxSetComponentLatency: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        ULONG component = MPABI_EXT_NEXT(ULONG);
        ULONGLONG latency = MPABI_EXT_NEXT(ULONGLONG);
        MPABI_EXT_FORWARD(PoFxSetComponentLatency, address, component, latency);
    }
    case ExtFunctionPoFxSetComponentResidency: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        ULONG component = MPABI_EXT_NEXT(ULONG);
        ULONGLONG residency = MPABI_EXT_NEXT(ULONGLONG);
        MPABI_EXT_FORWARD(PoFxSetComponentResidency, address, component, residency);
    }
    case ExtFunctionPoFxPowerControl: {
        PSTOR_ADDRESS address = MPABI_EXT_NEXT(PSTOR_ADDRESS);
        LPCGUID code = MPABI_EXT_NEXT(LPCGUID);
        PVOID inBuffer = MPABI_EXT_NEXT(PVOID);
        SIZE_T inSize = MPABI_EXT_NEXT(SIZE_T);
        PVOID outBuffer = MPABI_EXT_NEXT(PVOID);
        SIZE_T outSize = MPABI_EXT_NEXT(SIZE_T);
        PSIZE_T bytesReturned = MPABI_EXT_NEXT(PSIZE_T);
        MPABI_EXT_FORWARD(PoFxPowerControl, address, code, inBuffer, inSize, outBuffer, outSize, bytesReturned);
    }
    case ExtFunctionCurrentOsInstallationUpgrade: {
        PBOOLEAN upgrade = MPABI_EXT_NEXT(PBOOLEAN);
        MPABI_EXT_FORWARD(IsCurrentOsInstallationUpgrade, upgrade);
    }
    case ExtFunctionRegistryReadAdapterKey: {
        PUCHAR subKeyName = MPABI_EXT_NEXT(PUCHAR);
        PUCHAR valueName = MPABI_EXT_NEXT(PUCHAR);
        ULONG valueType = MPABI_EXT_NEXT(ULONG);
        PVOID *valueData = MPABI_EXT_NEXT(PVOID *);
        PULONG valueDataLength = MPABI_EXT_NEXT(PULONG);
        MPABI_EXT_FORWARD(RegistryReadAdapterKey, subKeyName, valueName, valueType, valueData, valueDataLength);
    }
    case ExtFunctionRegistryWriteAdapterKey: {
        PUCHAR subKeyName = MPABI_EXT_NEXT(PUCHAR);
        PUCHAR valueName = MPABI_EXT_NEXT(PUCHAR);
        ULONG valueType = MPABI_EXT_NEXT(ULONG);
        PVOID valueData = MPABI_EXT_NEXT(PVOID);
        ULONG valueDataLength = MPABI_EXT_NEXT(ULONG);
        MPABI_EXT_FORWARD(RegistryWriteAdapterKey, subKeyName, valueName, valueType, valueData, valueDataLength);
    }
    case ExtFunctionSetAdapterBusType: {
        ULONG busType = MPABI_EXT_NEXT(ULONG);
        MPABI_EXT_FORWARD(SetAdapterBusType, busType);
    }
    default:
        MPABI_VA_END(ap);
        if (MPABI_SLOT(StorPort, ExtendedUnknown) != NULL)
            return MPABI_SLOT(StorPort, ExtendedUnknown)(MPABI_CONTEXT, FunctionCode, HwDeviceExtension);
        MpAbiReportUnresolved("StorPortExtendedFunction");
        return STOR_STATUS_NOT_IMPLEMENTED;
    }
}

#undef MPABI_EXT_NEXT
#undef MPABI_EXT_NEXT_SMALL
#undef MPABI_EXT_FORWARD

#pragma GCC visibility pop

#if defined(MPABI_MS_ABI_BRIDGE)
/* The bridge's table of these routines (bridge_exports.c). */
#include "mpabi_port_exports.h"
MPABI_STORPORT_EXPORTS(MPABI_MS_CHECK)
__attribute__((visibility("hidden"))) const MPABI_BRIDGE_EXPORT MpAbiBridgeStorPortExports[] = {
    MPABI_STORPORT_EXPORTS(MPABI_BRIDGE_ROW)
    {NULL, NULL, NULL},
};
#endif
