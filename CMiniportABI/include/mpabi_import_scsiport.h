/*
 * mpabi_import_scsiport.h - the SCSI Port half of the import table (see mpabi_import.h).
 *
 * One slot per scsiport export, named without the "ScsiPort" prefix, plus one slot per
 * ScsiPortNotification type. The HAL accessors (READ_REGISTER_ULONG, ...) forward to the
 * register/port slots here. Host-visible: include no family header (srb.h, storport.h).
 */
#ifndef MPABI_IMPORT_SCSIPORT_H
#define MPABI_IMPORT_SCSIPORT_H

#include "mpabi_types.h"
#include "mpabi_srb_common.h"

MPABI_EXTERN_C_BEGIN

typedef struct _MPABI_SCSIPORT_IMPORTS {
    /* adapter bring-up and configuration */
    ULONG (*Initialize)(PVOID Context, PVOID Argument1, PVOID Argument2, PVOID HwInitializationData,
                        PVOID HwContext);
    ULONG (*GetBusData)(PVOID Context, PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber,
                        ULONG SlotNumber, PVOID Buffer, ULONG Length);
    ULONG (*SetBusDataByOffset)(PVOID Context, PVOID DeviceExtension, ULONG BusDataType,
                                ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer, ULONG Offset,
                                ULONG Length);
    PVOID (*GetDeviceBase)(PVOID Context, PVOID HwDeviceExtension, ULONG BusType, ULONG SystemIoBusNumber,
                           ULONGLONG IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace);
    VOID (*FreeDeviceBase)(PVOID Context, PVOID HwDeviceExtension, PVOID MappedAddress);
    BOOLEAN (*ValidateRange)(PVOID Context, PVOID HwDeviceExtension, ULONG BusType, ULONG SystemIoBusNumber,
                             ULONGLONG IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace);
    PVOID (*GetUncachedExtension)(PVOID Context, PVOID HwDeviceExtension, PVOID ConfigInfo,
                                  ULONG NumberOfBytes);

    /* requests, units and addresses */
    PVOID (*GetLogicalUnit)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
    PSCSI_REQUEST_BLOCK (*GetSrb)(PVOID Context, PVOID DeviceExtension, UCHAR PathId, UCHAR TargetId,
                                  UCHAR Lun, LONG QueueTag);
    ULONGLONG (*GetPhysicalAddress)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                    PVOID VirtualAddress, PULONG Length);
    PVOID (*GetVirtualAddress)(PVOID Context, PVOID HwDeviceExtension, ULONGLONG PhysicalAddress);
    VOID (*FlushDma)(PVOID Context, PVOID DeviceExtension);
    VOID (*IoMapTransfer)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                          PVOID LogicalAddress, ULONG Length);
    VOID (*CompleteRequest)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                            UCHAR SrbStatus);
    VOID (*LogError)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId,
                     UCHAR TargetId, UCHAR Lun, ULONG ErrorCode, ULONG UniqueId);

    /* time, memory, conversions, debugging */
    VOID (*StallExecution)(PVOID Context, ULONG Delay);
    VOID (*QuerySystemTime)(PVOID Context, PLARGE_INTEGER CurrentTime);
    VOID (*MoveMemory)(PVOID Context, PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length);
    ULONGLONG (*ConvertUlongToPhysicalAddress)(PVOID Context, ULONG_PTR UlongAddress);
    ULONG (*ConvertPhysicalAddressToUlong)(PVOID Context, ULONGLONG Address);
    VOID (*DebugPrint)(PVOID Context, ULONG DebugPrintLevel, const char *Text);

    /* register (memory-mapped) and port (I/O space) accessors */
    UCHAR (*ReadPortUchar)(PVOID Context, PUCHAR Port);
    USHORT (*ReadPortUshort)(PVOID Context, PUSHORT Port);
    ULONG (*ReadPortUlong)(PVOID Context, PULONG Port);
    VOID (*ReadPortBufferUchar)(PVOID Context, PUCHAR Port, PUCHAR Buffer, ULONG Count);
    VOID (*ReadPortBufferUshort)(PVOID Context, PUSHORT Port, PUSHORT Buffer, ULONG Count);
    VOID (*ReadPortBufferUlong)(PVOID Context, PULONG Port, PULONG Buffer, ULONG Count);
    UCHAR (*ReadRegisterUchar)(PVOID Context, PUCHAR Register);
    USHORT (*ReadRegisterUshort)(PVOID Context, PUSHORT Register);
    ULONG (*ReadRegisterUlong)(PVOID Context, PULONG Register);
    VOID (*ReadRegisterBufferUchar)(PVOID Context, PUCHAR Register, PUCHAR Buffer, ULONG Count);
    VOID (*ReadRegisterBufferUshort)(PVOID Context, PUSHORT Register, PUSHORT Buffer, ULONG Count);
    VOID (*ReadRegisterBufferUlong)(PVOID Context, PULONG Register, PULONG Buffer, ULONG Count);
    VOID (*WritePortUchar)(PVOID Context, PUCHAR Port, UCHAR Value);
    VOID (*WritePortUshort)(PVOID Context, PUSHORT Port, USHORT Value);
    VOID (*WritePortUlong)(PVOID Context, PULONG Port, ULONG Value);
    VOID (*WritePortBufferUchar)(PVOID Context, PUCHAR Port, PUCHAR Buffer, ULONG Count);
    VOID (*WritePortBufferUshort)(PVOID Context, PUSHORT Port, PUSHORT Buffer, ULONG Count);
    VOID (*WritePortBufferUlong)(PVOID Context, PULONG Port, PULONG Buffer, ULONG Count);
    VOID (*WriteRegisterUchar)(PVOID Context, PUCHAR Register, UCHAR Value);
    VOID (*WriteRegisterUshort)(PVOID Context, PUSHORT Register, USHORT Value);
    VOID (*WriteRegisterUlong)(PVOID Context, PULONG Register, ULONG Value);
    VOID (*WriteRegisterBufferUchar)(PVOID Context, PUCHAR Register, PUCHAR Buffer, ULONG Count);
    VOID (*WriteRegisterBufferUshort)(PVOID Context, PUSHORT Register, PUSHORT Buffer, ULONG Count);
    VOID (*WriteRegisterBufferUlong)(PVOID Context, PULONG Register, PULONG Buffer, ULONG Count);

    /* ScsiPortNotification, decoded per type */
    VOID (*NotifyRequestComplete)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb);
    VOID (*NotifyNextRequest)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyNextLuRequest)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
    VOID (*NotifyResetDetected)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyCallDisableInterrupts)(PVOID Context, PVOID HwDeviceExtension, PHW_INTERRUPT Routine);
    VOID (*NotifyCallEnableInterrupts)(PVOID Context, PVOID HwDeviceExtension, PHW_INTERRUPT Routine);
    VOID (*NotifyRequestTimerCall)(PVOID Context, PVOID HwDeviceExtension, PHW_TIMER HwTimer,
                                   ULONG MiniportTimerValue);
    VOID (*NotifyBusChangeDetected)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId);
    /* TargetId and Lun are 0 when PathId is 0xFF (an adapter event: the miniport passed none). */
    VOID (*NotifyWMIEvent)(PVOID Context, PVOID HwDeviceExtension, PVOID WmiEvent, UCHAR PathId,
                           UCHAR TargetId, UCHAR Lun);
    VOID (*NotifyWMIReregister)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                UCHAR Lun);
    VOID (*NotifyLinkUp)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyLinkDown)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyQueryTickCount)(PVOID Context, PVOID HwDeviceExtension, PLARGE_INTEGER TickCount);
    VOID (*NotifyBufferOverrunDetected)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyTraceNotification)(PVOID Context, PVOID HwDeviceExtension, PVOID Argument);
    /* A NotificationType the stub does not know: the port reports it. */
    VOID (*NotifyUnknown)(PVOID Context, ULONG NotificationType, PVOID HwDeviceExtension);
} MPABI_SCSIPORT_IMPORTS, *PMPABI_SCSIPORT_IMPORTS;

MPABI_EXTERN_C_END

#endif /* MPABI_IMPORT_SCSIPORT_H */
