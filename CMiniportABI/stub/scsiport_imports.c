/*
 * scsiport_imports.c - the SCSI Port routines of the import stub.
 *
 * Each routine a SCSI Port miniport may call is defined here, hidden inside the image, and
 * forwarded through MpAbiImportTable.ScsiPort. ScsiPortNotification and ScsiDebugPrint are
 * the variadic ones: their arguments are decoded here, where C can read them.
 */
/* System headers first: their declarations keep default visibility (libc's vsnprintf). */
#include <stdarg.h>
#include <stdio.h>
#pragma GCC visibility push(hidden)
#include "miniport.h"
#include "srb.h"
#include "mpabi_stub.h"

/* srb.h defines DebugPrint(x) when DBG is set; the slot of that name must not be touched. */
#undef DebugPrint

ULONG ScsiPortInitialize(PVOID Argument1, PVOID Argument2, struct _HW_INITIALIZATION_DATA *HwInitializationData,
                         PVOID HwContext)
{
    MPABI_FORWARD_RET(ScsiPort, Initialize, (ULONG)STATUS_NOT_IMPLEMENTED, Argument1, Argument2,
                      (PVOID)HwInitializationData, HwContext);
}

ULONG ScsiPortGetBusData(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber, ULONG SlotNumber,
                         PVOID Buffer, ULONG Length)
{
    MPABI_FORWARD_RET(ScsiPort, GetBusData, 0, DeviceExtension, BusDataType, SystemIoBusNumber, SlotNumber,
                      Buffer, Length);
}

ULONG ScsiPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber,
                                 ULONG SlotNumber, PVOID Buffer, ULONG Offset, ULONG Length)
{
    MPABI_FORWARD_RET(ScsiPort, SetBusDataByOffset, 0, DeviceExtension, BusDataType, SystemIoBusNumber,
                      SlotNumber, Buffer, Offset, Length);
}

PVOID ScsiPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
                            SCSI_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
    MPABI_FORWARD_RET(ScsiPort, GetDeviceBase, NULL, HwDeviceExtension, (ULONG)BusType, SystemIoBusNumber,
                      (ULONGLONG)IoAddress.QuadPart, NumberOfBytes, InIoSpace);
}

VOID ScsiPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress)
{
    MPABI_FORWARD_VOID(ScsiPort, FreeDeviceBase, HwDeviceExtension, MappedAddress);
}

BOOLEAN ScsiPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
                              SCSI_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace)
{
    MPABI_FORWARD_RET(ScsiPort, ValidateRange, FALSE, HwDeviceExtension, (ULONG)BusType, SystemIoBusNumber,
                      (ULONGLONG)IoAddress.QuadPart, NumberOfBytes, InIoSpace);
}

PVOID ScsiPortGetUncachedExtension(PVOID HwDeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                   ULONG NumberOfBytes)
{
    MPABI_FORWARD_RET(ScsiPort, GetUncachedExtension, NULL, HwDeviceExtension, (PVOID)ConfigInfo,
                      NumberOfBytes);
}

PVOID ScsiPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    MPABI_FORWARD_RET(ScsiPort, GetLogicalUnit, NULL, HwDeviceExtension, PathId, TargetId, Lun);
}

PSCSI_REQUEST_BLOCK ScsiPortGetSrb(PVOID DeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                   LONG QueueTag)
{
    MPABI_FORWARD_RET(ScsiPort, GetSrb, NULL, DeviceExtension, PathId, TargetId, Lun, QueueTag);
}

SCSI_PHYSICAL_ADDRESS ScsiPortGetPhysicalAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                                 PVOID VirtualAddress, ULONG *Length)
{
    if (MPABI_SLOT(ScsiPort, GetPhysicalAddress) == NULL) {
        MpAbiReportUnresolved("ScsiPortGetPhysicalAddress");
        if (Length != NULL)
            *Length = 0;
        return MpAbiPhysical(0);
    }
    return MpAbiPhysical(
        MPABI_SLOT(ScsiPort, GetPhysicalAddress)(MPABI_CONTEXT, HwDeviceExtension, Srb, VirtualAddress, Length));
}

PVOID ScsiPortGetVirtualAddress(PVOID HwDeviceExtension, SCSI_PHYSICAL_ADDRESS PhysicalAddress)
{
    MPABI_FORWARD_RET(ScsiPort, GetVirtualAddress, NULL, HwDeviceExtension,
                      (ULONGLONG)PhysicalAddress.QuadPart);
}

VOID ScsiPortFlushDma(PVOID DeviceExtension)
{
    MPABI_FORWARD_VOID(ScsiPort, FlushDma, DeviceExtension);
}

VOID ScsiPortIoMapTransfer(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID LogicalAddress, ULONG Length)
{
    MPABI_FORWARD_VOID(ScsiPort, IoMapTransfer, HwDeviceExtension, Srb, LogicalAddress, Length);
}

VOID ScsiPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, UCHAR SrbStatus)
{
    MPABI_FORWARD_VOID(ScsiPort, CompleteRequest, HwDeviceExtension, PathId, TargetId, Lun, SrbStatus);
}

VOID ScsiPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                      ULONG ErrorCode, ULONG UniqueId)
{
    MPABI_FORWARD_VOID(ScsiPort, LogError, HwDeviceExtension, Srb, PathId, TargetId, Lun, ErrorCode, UniqueId);
}

VOID ScsiPortStallExecution(ULONG Delay)
{
    MPABI_FORWARD_VOID(ScsiPort, StallExecution, Delay);
}

VOID ScsiPortQuerySystemTime(PLARGE_INTEGER CurrentTime)
{
    MPABI_FORWARD_VOID(ScsiPort, QuerySystemTime, CurrentTime);
}

VOID ScsiPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length)
{
    MPABI_FORWARD_VOID(ScsiPort, MoveMemory, WriteBuffer, ReadBuffer, Length);
}

SCSI_PHYSICAL_ADDRESS ScsiPortConvertUlongToPhysicalAddress(ULONG_PTR UlongAddress)
{
    if (MPABI_SLOT(ScsiPort, ConvertUlongToPhysicalAddress) == NULL) {
        MpAbiReportUnresolved("ScsiPortConvertUlongToPhysicalAddress");
        return MpAbiPhysical(0);
    }
    return MpAbiPhysical(MPABI_SLOT(ScsiPort, ConvertUlongToPhysicalAddress)(MPABI_CONTEXT, UlongAddress));
}

/* srb.h also offers this name as a macro (as the WDK does); the exported function is kept. */
#undef ScsiPortConvertPhysicalAddressToUlong
ULONG ScsiPortConvertPhysicalAddressToUlong(SCSI_PHYSICAL_ADDRESS Address)
{
    MPABI_FORWARD_RET(ScsiPort, ConvertPhysicalAddressToUlong, 0, (ULONGLONG)Address.QuadPart);
}

VOID ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage, ...)
{
    char text[MPABI_DEBUG_TEXT_MAX];
    MPABI_VA_LIST ap;
    MPABI_VA_START(ap, DebugMessage);
    MPABI_VSNPRINTF(text, sizeof text, DebugMessage != NULL ? DebugMessage : "(null)", ap);
    MPABI_VA_END(ap);
    MPABI_FORWARD_VOID(ScsiPort, DebugPrint, DebugPrintLevel, text);
}

/* ---- register and port accessors ---- */
UCHAR ScsiPortReadPortUchar(PUCHAR Port) { MPABI_FORWARD_RET(ScsiPort, ReadPortUchar, 0xFF, Port); }
USHORT ScsiPortReadPortUshort(PUSHORT Port) { MPABI_FORWARD_RET(ScsiPort, ReadPortUshort, 0xFFFF, Port); }
ULONG ScsiPortReadPortUlong(PULONG Port) { MPABI_FORWARD_RET(ScsiPort, ReadPortUlong, 0xFFFFFFFFU, Port); }
VOID ScsiPortReadPortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadPortBufferUchar, Port, Buffer, Count);
}
VOID ScsiPortReadPortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadPortBufferUshort, Port, Buffer, Count);
}
VOID ScsiPortReadPortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadPortBufferUlong, Port, Buffer, Count);
}
UCHAR ScsiPortReadRegisterUchar(PUCHAR Register)
{
    MPABI_FORWARD_RET(ScsiPort, ReadRegisterUchar, 0xFF, Register);
}
USHORT ScsiPortReadRegisterUshort(PUSHORT Register)
{
    MPABI_FORWARD_RET(ScsiPort, ReadRegisterUshort, 0xFFFF, Register);
}
ULONG ScsiPortReadRegisterUlong(PULONG Register)
{
    MPABI_FORWARD_RET(ScsiPort, ReadRegisterUlong, 0xFFFFFFFFU, Register);
}
VOID ScsiPortReadRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadRegisterBufferUchar, Register, Buffer, Count);
}
VOID ScsiPortReadRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadRegisterBufferUshort, Register, Buffer, Count);
}
VOID ScsiPortReadRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadRegisterBufferUlong, Register, Buffer, Count);
}
VOID ScsiPortWritePortUchar(PUCHAR Port, UCHAR Value) { MPABI_FORWARD_VOID(ScsiPort, WritePortUchar, Port, Value); }
VOID ScsiPortWritePortUshort(PUSHORT Port, USHORT Value)
{
    MPABI_FORWARD_VOID(ScsiPort, WritePortUshort, Port, Value);
}
VOID ScsiPortWritePortUlong(PULONG Port, ULONG Value) { MPABI_FORWARD_VOID(ScsiPort, WritePortUlong, Port, Value); }
VOID ScsiPortWritePortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WritePortBufferUchar, Port, Buffer, Count);
}
VOID ScsiPortWritePortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WritePortBufferUshort, Port, Buffer, Count);
}
VOID ScsiPortWritePortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WritePortBufferUlong, Port, Buffer, Count);
}
VOID ScsiPortWriteRegisterUchar(PUCHAR Register, UCHAR Value)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterUchar, Register, Value);
}
VOID ScsiPortWriteRegisterUshort(PUSHORT Register, USHORT Value)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterUshort, Register, Value);
}
VOID ScsiPortWriteRegisterUlong(PULONG Register, ULONG Value)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterUlong, Register, Value);
}
VOID ScsiPortWriteRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterBufferUchar, Register, Buffer, Count);
}
VOID ScsiPortWriteRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterBufferUshort, Register, Buffer, Count);
}
VOID ScsiPortWriteRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterBufferUlong, Register, Buffer, Count);
}

/* ---- ScsiPortNotification: one slot per notification type ---- */
VOID ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...)
{
    MPABI_VA_LIST ap;
    MPABI_VA_START(ap, HwDeviceExtension);
    switch ((ULONG)NotificationType) {
    case RequestComplete: {
        PSCSI_REQUEST_BLOCK srb = va_arg(ap, PSCSI_REQUEST_BLOCK);
        MPABI_FORWARD_VOID(ScsiPort, NotifyRequestComplete, HwDeviceExtension, srb);
        break;
    }
    case NextRequest:
        MPABI_FORWARD_VOID(ScsiPort, NotifyNextRequest, HwDeviceExtension);
        break;
    case NextLuRequest: {
        /* UCHAR arguments arrive promoted to int */
        UCHAR pathId = (UCHAR)va_arg(ap, int);
        UCHAR targetId = (UCHAR)va_arg(ap, int);
        UCHAR lun = (UCHAR)va_arg(ap, int);
        MPABI_FORWARD_VOID(ScsiPort, NotifyNextLuRequest, HwDeviceExtension, pathId, targetId, lun);
        break;
    }
    case ResetDetected:
        MPABI_FORWARD_VOID(ScsiPort, NotifyResetDetected, HwDeviceExtension);
        break;
    case CallDisableInterrupts: {
        PHW_INTERRUPT routine = va_arg(ap, PHW_INTERRUPT);
        MPABI_FORWARD_VOID(ScsiPort, NotifyCallDisableInterrupts, HwDeviceExtension, routine);
        break;
    }
    case CallEnableInterrupts: {
        PHW_INTERRUPT routine = va_arg(ap, PHW_INTERRUPT);
        MPABI_FORWARD_VOID(ScsiPort, NotifyCallEnableInterrupts, HwDeviceExtension, routine);
        break;
    }
    case RequestTimerCall: {
        PHW_TIMER timer = va_arg(ap, PHW_TIMER);
        ULONG value = va_arg(ap, ULONG);
        MPABI_FORWARD_VOID(ScsiPort, NotifyRequestTimerCall, HwDeviceExtension, timer, value);
        break;
    }
    case BusChangeDetected: {
        UCHAR pathId = (UCHAR)va_arg(ap, int);
        MPABI_FORWARD_VOID(ScsiPort, NotifyBusChangeDetected, HwDeviceExtension, pathId);
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
        MPABI_FORWARD_VOID(ScsiPort, NotifyWMIEvent, HwDeviceExtension, event, pathId, targetId, lun);
        break;
    }
    case WMIReregister: {
        UCHAR pathId = (UCHAR)va_arg(ap, int);
        UCHAR targetId = 0, lun = 0;
        if (pathId != 0xFF) {
            targetId = (UCHAR)va_arg(ap, int);
            lun = (UCHAR)va_arg(ap, int);
        }
        MPABI_FORWARD_VOID(ScsiPort, NotifyWMIReregister, HwDeviceExtension, pathId, targetId, lun);
        break;
    }
    case LinkUp:
        MPABI_FORWARD_VOID(ScsiPort, NotifyLinkUp, HwDeviceExtension);
        break;
    case LinkDown:
        MPABI_FORWARD_VOID(ScsiPort, NotifyLinkDown, HwDeviceExtension);
        break;
    case QueryTickCount: {
        PLARGE_INTEGER tickCount = va_arg(ap, PLARGE_INTEGER);
        MPABI_FORWARD_VOID(ScsiPort, NotifyQueryTickCount, HwDeviceExtension, tickCount);
        break;
    }
    case BufferOverrunDetected:
        MPABI_FORWARD_VOID(ScsiPort, NotifyBufferOverrunDetected, HwDeviceExtension);
        break;
    case TraceNotification: {
        PVOID argument = va_arg(ap, PVOID);
        MPABI_FORWARD_VOID(ScsiPort, NotifyTraceNotification, HwDeviceExtension, argument);
        break;
    }
    default:
        MPABI_FORWARD_VOID(ScsiPort, NotifyUnknown, (ULONG)NotificationType, HwDeviceExtension);
        break;
    }
    MPABI_VA_END(ap);
}

#if defined(MPABI_MS_ABI_BRIDGE)
/* The bridge's table of these routines (bridge_exports.c). */
#include "mpabi_port_exports.h"
MPABI_SCSIPORT_EXPORTS(MPABI_MS_CHECK)
__attribute__((visibility("hidden"))) const MPABI_BRIDGE_EXPORT MpAbiBridgeScsiPortExports[] = {
    MPABI_SCSIPORT_EXPORTS(MPABI_BRIDGE_ROW)
    {NULL, NULL, NULL},
};
#endif
