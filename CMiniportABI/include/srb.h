/*
 * srb.h - the SCSI Port interface (WDK-compatible, Windows x64 layout).
 *
 * PORT_CONFIGURATION_INFORMATION (152 bytes) and HW_INITIALIZATION_DATA (128 bytes) in their
 * SCSI Port form, and every routine scsiport exports to miniports. StorPort miniports include
 * storport.h instead; the two headers exclude each other as in the WDK.
 *
 * Every routine declared here is defined by the per-image import stub
 * (the C files in CMiniportABI/stub, linked into the miniport .so) and forwarded to the Swift port.
 * The register and port accessors are real functions, not the HAL macros the x64 WDK uses,
 * so that every access reaches the emulated device.
 */
#ifndef _NTSRB_
#define _NTSRB_

#if defined(_NTSTORPORT_)
#error "srb.h and storport.h are alternatives: a StorPort miniport includes storport.h only"
#endif

#include "miniport.h"
#include "mpabi_srb_common.h"

MPABI_EXTERN_C_BEGIN

#if defined(DBG) && DBG
#define DebugPrint(x) ScsiDebugPrint x
#else
#define DebugPrint(x)
#endif

/* Configuration handed to HwFindAdapter (SCSI Port form, 152 bytes). */
typedef struct _PORT_CONFIGURATION_INFORMATION {
    ULONG Length;                          /* 0x00 */
    ULONG SystemIoBusNumber;               /* 0x04 */
    INTERFACE_TYPE AdapterInterfaceType;   /* 0x08 */
    ULONG BusInterruptLevel;               /* 0x0c */
    ULONG BusInterruptVector;              /* 0x10 */
    KINTERRUPT_MODE InterruptMode;         /* 0x14 */
    ULONG MaximumTransferLength;           /* 0x18 */
    ULONG NumberOfPhysicalBreaks;          /* 0x1c */
    ULONG DmaChannel;                      /* 0x20 */
    ULONG DmaPort;                         /* 0x24 */
    DMA_WIDTH DmaWidth;                    /* 0x28 */
    DMA_SPEED DmaSpeed;                    /* 0x2c */
    ULONG AlignmentMask;                   /* 0x30 */
    ULONG NumberOfAccessRanges;            /* 0x34 */
    ACCESS_RANGE (*AccessRanges)[];        /* 0x38 */
    PVOID Reserved;                        /* 0x40 */
    UCHAR NumberOfBuses;                   /* 0x48 */
    UCHAR InitiatorBusId[8];               /* 0x49 */
    BOOLEAN ScatterGather;                 /* 0x51 */
    BOOLEAN Master;
    BOOLEAN CachesData;
    BOOLEAN AdapterScansDown;
    BOOLEAN AtdiskPrimaryClaimed;
    BOOLEAN AtdiskSecondaryClaimed;
    BOOLEAN Dma32BitAddresses;
    BOOLEAN DemandMode;
    BOOLEAN MapBuffers;
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    BOOLEAN RealModeInitialized;
    BOOLEAN BufferAccessScsiPortControlled;
    UCHAR MaximumNumberOfTargets;          /* 0x61 */
    UCHAR ReservedUchars[2];               /* 0x62 */
    ULONG SlotNumber;                      /* 0x64 */
    ULONG BusInterruptLevel2;
    ULONG BusInterruptVector2;
    KINTERRUPT_MODE InterruptMode2;
    ULONG DmaChannel2;
    ULONG DmaPort2;
    DMA_WIDTH DmaWidth2;
    DMA_SPEED DmaSpeed2;
    ULONG DeviceExtensionSize;             /* 0x84 */
    ULONG SpecificLuExtensionSize;
    ULONG SrbExtensionSize;
    UCHAR Dma64BitAddresses;               /* 0x90 */
    BOOLEAN ResetTargetSupported;
    UCHAR MaximumNumberOfLogicalUnits;
    BOOLEAN WmiDataProvider;
} PORT_CONFIGURATION_INFORMATION, *PPORT_CONFIGURATION_INFORMATION;

#define CONFIG_INFO_VERSION_2 sizeof(PORT_CONFIGURATION_INFORMATION)

typedef ULONG HW_FIND_ADAPTER(_In_ PVOID DeviceExtension, _In_ PVOID HwContext,
                              _In_ PVOID BusInformation, _In_ PCHAR ArgumentString,
                              _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                              _Out_ PBOOLEAN Again);
typedef HW_FIND_ADAPTER *PHW_FIND_ADAPTER;

/* What DriverEntry passes to ScsiPortInitialize (SCSI Port form, 128 bytes). */
typedef struct _HW_INITIALIZATION_DATA {
    ULONG HwInitializationDataSize;        /* 0x00 */
    INTERFACE_TYPE AdapterInterfaceType;   /* 0x04 */
    PHW_INITIALIZE HwInitialize;           /* 0x08 */
    PHW_STARTIO HwStartIo;                 /* 0x10 */
    PHW_INTERRUPT HwInterrupt;             /* 0x18 */
    PHW_FIND_ADAPTER HwFindAdapter;        /* 0x20 */
    PHW_RESET_BUS HwResetBus;              /* 0x28 */
    PHW_DMA_STARTED HwDmaStarted;          /* 0x30 */
    PHW_ADAPTER_STATE HwAdapterState;      /* 0x38 */
    ULONG DeviceExtensionSize;             /* 0x40 */
    ULONG SpecificLuExtensionSize;         /* 0x44 */
    ULONG SrbExtensionSize;                /* 0x48 */
    ULONG NumberOfAccessRanges;            /* 0x4c */
    PVOID Reserved;                        /* 0x50 */
    BOOLEAN MapBuffers;                    /* 0x58 */
    BOOLEAN NeedPhysicalAddresses;
    BOOLEAN TaggedQueuing;
    BOOLEAN AutoRequestSense;
    BOOLEAN MultipleRequestPerLu;
    BOOLEAN ReceiveEvent;
    USHORT VendorIdLength;                 /* 0x5e */
    PVOID VendorId;                        /* 0x60 */
    union {                                /* 0x68 */
        USHORT ReservedUshort;
        USHORT PortVersionFlags;
    };
    USHORT DeviceIdLength;                 /* 0x6a */
    PVOID DeviceId;                        /* 0x70 */
    PHW_ADAPTER_CONTROL HwAdapterControl;  /* 0x78 */
} HW_INITIALIZATION_DATA, *PHW_INITIALIZATION_DATA;

C_ASSERT(sizeof(SCSI_REQUEST_BLOCK) == 88);
C_ASSERT(sizeof(PORT_CONFIGURATION_INFORMATION) == 152);
C_ASSERT(sizeof(HW_INITIALIZATION_DATA) == 128);

#if !defined(MPABI_HOST_VIEW)

#ifndef SCSIPORT_API
#define SCSIPORT_API
#endif
#define SCSIPORTAPI SCSIPORT_API

/* ---- routines exported by the SCSI port driver ---- */
SCSIPORT_API ULONG ScsiPortInitialize(_In_ PVOID Argument1, _In_ PVOID Argument2,
                                      _In_ struct _HW_INITIALIZATION_DATA *HwInitializationData,
                                      _In_ PVOID HwContext);
SCSIPORT_API VOID ScsiPortFreeDeviceBase(_In_ PVOID HwDeviceExtension, _In_ PVOID MappedAddress);
SCSIPORT_API ULONG ScsiPortGetBusData(_In_ PVOID DeviceExtension, _In_ ULONG BusDataType,
                                      _In_ ULONG SystemIoBusNumber, _In_ ULONG SlotNumber,
                                      _In_ PVOID Buffer, _In_ ULONG Length);
SCSIPORT_API ULONG ScsiPortSetBusDataByOffset(_In_ PVOID DeviceExtension, _In_ ULONG BusDataType,
                                              _In_ ULONG SystemIoBusNumber, _In_ ULONG SlotNumber,
                                              _In_ PVOID Buffer, _In_ ULONG Offset, _In_ ULONG Length);
SCSIPORT_API PVOID ScsiPortGetDeviceBase(_In_ PVOID HwDeviceExtension, _In_ INTERFACE_TYPE BusType,
                                         _In_ ULONG SystemIoBusNumber, _In_ SCSI_PHYSICAL_ADDRESS IoAddress,
                                         _In_ ULONG NumberOfBytes, _In_ BOOLEAN InIoSpace);
SCSIPORT_API PVOID ScsiPortGetLogicalUnit(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId,
                                          _In_ UCHAR TargetId, _In_ UCHAR Lun);
SCSIPORT_API PSCSI_REQUEST_BLOCK ScsiPortGetSrb(_In_ PVOID DeviceExtension, _In_ UCHAR PathId,
                                                _In_ UCHAR TargetId, _In_ UCHAR Lun, _In_ LONG QueueTag);
SCSIPORT_API SCSI_PHYSICAL_ADDRESS ScsiPortGetPhysicalAddress(_In_ PVOID HwDeviceExtension,
                                                              _In_opt_ PSCSI_REQUEST_BLOCK Srb,
                                                              _In_ PVOID VirtualAddress,
                                                              _Out_ ULONG *Length);
SCSIPORT_API PVOID ScsiPortGetVirtualAddress(_In_ PVOID HwDeviceExtension,
                                             _In_ SCSI_PHYSICAL_ADDRESS PhysicalAddress);
SCSIPORT_API PVOID ScsiPortGetUncachedExtension(_In_ PVOID HwDeviceExtension,
                                                _In_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                                _In_ ULONG NumberOfBytes);
SCSIPORT_API VOID ScsiPortFlushDma(_In_ PVOID DeviceExtension);
SCSIPORT_API VOID ScsiPortIoMapTransfer(_In_ PVOID HwDeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb,
                                        _In_ PVOID LogicalAddress, _In_ ULONG Length);
/* Variadic; the arguments after HwDeviceExtension depend on NotificationType:
 *   RequestComplete        PSCSI_REQUEST_BLOCK Srb
 *   NextRequest, ResetDetected, LinkUp, LinkDown, BufferOverrunDetected: none
 *   NextLuRequest          UCHAR PathId, UCHAR TargetId, UCHAR Lun
 *   CallDisableInterrupts, CallEnableInterrupts: PHW_INTERRUPT-shaped routine to call
 *   RequestTimerCall       PHW_TIMER HwTimer, ULONG MiniportTimerValue (microseconds; 0 cancels)
 *   BusChangeDetected      UCHAR PathId
 *   WMIEvent               PVOID WmiEvent, UCHAR PathId [, UCHAR TargetId, UCHAR Lun unless PathId is 0xFF]
 *   WMIReregister          UCHAR PathId [, UCHAR TargetId, UCHAR Lun unless PathId is 0xFF]
 *   QueryTickCount         PLARGE_INTEGER TickCount
 *   TraceNotification      PVOID Argument */
SCSIPORT_API VOID ScsiPortNotification(_In_ SCSI_NOTIFICATION_TYPE NotificationType,
                                       _In_ PVOID HwDeviceExtension, ...);
SCSIPORT_API VOID ScsiPortLogError(_In_ PVOID HwDeviceExtension, _In_opt_ PSCSI_REQUEST_BLOCK Srb,
                                   _In_ UCHAR PathId, _In_ UCHAR TargetId, _In_ UCHAR Lun,
                                   _In_ ULONG ErrorCode, _In_ ULONG UniqueId);
SCSIPORT_API VOID ScsiPortCompleteRequest(_In_ PVOID HwDeviceExtension, _In_ UCHAR PathId,
                                          _In_ UCHAR TargetId, _In_ UCHAR Lun, _In_ UCHAR SrbStatus);
SCSIPORT_API VOID ScsiPortStallExecution(_In_ ULONG Delay);

SCSIPORT_API UCHAR ScsiPortReadPortUchar(_In_ PUCHAR Port);
SCSIPORT_API USHORT ScsiPortReadPortUshort(_In_ PUSHORT Port);
SCSIPORT_API ULONG ScsiPortReadPortUlong(_In_ PULONG Port);
SCSIPORT_API VOID ScsiPortReadPortBufferUchar(_In_ PUCHAR Port, _In_ PUCHAR Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortReadPortBufferUshort(_In_ PUSHORT Port, _In_ PUSHORT Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortReadPortBufferUlong(_In_ PULONG Port, _In_ PULONG Buffer, _In_ ULONG Count);
SCSIPORT_API UCHAR ScsiPortReadRegisterUchar(_In_ PUCHAR Register);
SCSIPORT_API USHORT ScsiPortReadRegisterUshort(_In_ PUSHORT Register);
SCSIPORT_API ULONG ScsiPortReadRegisterUlong(_In_ PULONG Register);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUchar(_In_ PUCHAR Register, _In_ PUCHAR Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUshort(_In_ PUSHORT Register, _In_ PUSHORT Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUlong(_In_ PULONG Register, _In_ PULONG Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortUchar(_In_ PUCHAR Port, _In_ UCHAR Value);
SCSIPORT_API VOID ScsiPortWritePortUshort(_In_ PUSHORT Port, _In_ USHORT Value);
SCSIPORT_API VOID ScsiPortWritePortUlong(_In_ PULONG Port, _In_ ULONG Value);
SCSIPORT_API VOID ScsiPortWritePortBufferUchar(_In_ PUCHAR Port, _In_ PUCHAR Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortBufferUshort(_In_ PUSHORT Port, _In_ PUSHORT Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortBufferUlong(_In_ PULONG Port, _In_ PULONG Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterUchar(_In_ PUCHAR Register, _In_ UCHAR Value);
SCSIPORT_API VOID ScsiPortWriteRegisterUshort(_In_ PUSHORT Register, _In_ USHORT Value);
SCSIPORT_API VOID ScsiPortWriteRegisterUlong(_In_ PULONG Register, _In_ ULONG Value);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUchar(_In_ PUCHAR Register, _In_ PUCHAR Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUshort(_In_ PUSHORT Register, _In_ PUSHORT Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUlong(_In_ PULONG Register, _In_ PULONG Buffer, _In_ ULONG Count);
SCSIPORT_API VOID ScsiPortMoveMemory(_In_ PVOID WriteBuffer, _In_ PVOID ReadBuffer, _In_ ULONG Length);

SCSIPORT_API SCSI_PHYSICAL_ADDRESS ScsiPortConvertUlongToPhysicalAddress(_In_ ULONG_PTR UlongAddress);
SCSIPORT_API ULONG ScsiPortConvertPhysicalAddressToUlong(_In_ SCSI_PHYSICAL_ADDRESS Address);
SCSIPORT_API VOID ScsiPortQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime);
SCSIPORT_API BOOLEAN ScsiPortValidateRange(_In_ PVOID HwDeviceExtension, _In_ INTERFACE_TYPE BusType,
                                           _In_ ULONG SystemIoBusNumber, _In_ SCSI_PHYSICAL_ADDRESS IoAddress,
                                           _In_ ULONG NumberOfBytes, _In_ BOOLEAN InIoSpace);
/* printf-style; the text is formatted in the miniport's image and handed to the port. */
SCSIPORT_API VOID ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage, ...)
    __attribute__((format(printf, 2, 3)));

/* As in the WDK: the conversion to ULONG is also a macro (the exported function stays for
 * callers that take its address), and the ULONG_PTR form exists only as a macro. */
#define ScsiPortConvertPhysicalAddressToUlong(Address) ((Address).LowPart)
#define ScsiPortConvertPhysicalAddressToULongPtr(Address) ((ULONG_PTR)((Address).QuadPart))

/*
 * Fixed-arity forms of ScsiPortNotification for callers that cannot make C variadic calls
 * (Swift miniports). Each is exactly the variadic call with that notification type.
 */
static inline VOID ScsiPortNotifyRequestComplete(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    ScsiPortNotification(RequestComplete, HwDeviceExtension, Srb);
}
static inline VOID ScsiPortNotifyNextRequest(PVOID HwDeviceExtension)
{
    ScsiPortNotification(NextRequest, HwDeviceExtension);
}
static inline VOID ScsiPortNotifyNextLuRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    ScsiPortNotification(NextLuRequest, HwDeviceExtension, PathId, TargetId, Lun);
}
static inline VOID ScsiPortNotifyResetDetected(PVOID HwDeviceExtension)
{
    ScsiPortNotification(ResetDetected, HwDeviceExtension);
}
static inline VOID ScsiPortNotifyCallDisableInterrupts(PVOID HwDeviceExtension, PHW_INTERRUPT Routine)
{
    ScsiPortNotification(CallDisableInterrupts, HwDeviceExtension, Routine);
}
static inline VOID ScsiPortNotifyCallEnableInterrupts(PVOID HwDeviceExtension, PHW_INTERRUPT Routine)
{
    ScsiPortNotification(CallEnableInterrupts, HwDeviceExtension, Routine);
}
static inline VOID ScsiPortNotifyRequestTimerCall(PVOID HwDeviceExtension, PHW_TIMER HwTimer, ULONG MiniportTimerValue)
{
    ScsiPortNotification(RequestTimerCall, HwDeviceExtension, HwTimer, MiniportTimerValue);
}
static inline VOID ScsiPortNotifyBusChangeDetected(PVOID HwDeviceExtension, UCHAR PathId)
{
    ScsiPortNotification(BusChangeDetected, HwDeviceExtension, PathId);
}
static inline VOID ScsiPortNotifyWMIEvent(PVOID HwDeviceExtension, PVOID WmiEvent, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    if (PathId == 0xFF)
        ScsiPortNotification(WMIEvent, HwDeviceExtension, WmiEvent, PathId);
    else
        ScsiPortNotification(WMIEvent, HwDeviceExtension, WmiEvent, PathId, TargetId, Lun);
}
static inline VOID ScsiPortNotifyWMIReregister(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun)
{
    if (PathId == 0xFF)
        ScsiPortNotification(WMIReregister, HwDeviceExtension, PathId);
    else
        ScsiPortNotification(WMIReregister, HwDeviceExtension, PathId, TargetId, Lun);
}
static inline VOID ScsiPortNotifyLinkUp(PVOID HwDeviceExtension)
{
    ScsiPortNotification(LinkUp, HwDeviceExtension);
}
static inline VOID ScsiPortNotifyLinkDown(PVOID HwDeviceExtension)
{
    ScsiPortNotification(LinkDown, HwDeviceExtension);
}
static inline VOID ScsiPortNotifyQueryTickCount(PVOID HwDeviceExtension, PLARGE_INTEGER TickCount)
{
    ScsiPortNotification(QueryTickCount, HwDeviceExtension, TickCount);
}
static inline VOID ScsiPortNotifyBufferOverrunDetected(PVOID HwDeviceExtension)
{
    ScsiPortNotification(BufferOverrunDetected, HwDeviceExtension);
}
static inline VOID ScsiPortNotifyTraceNotification(PVOID HwDeviceExtension, PVOID Argument)
{
    ScsiPortNotification(TraceNotification, HwDeviceExtension, Argument);
}
/* Fixed-arity debug print: the text is already formatted. */
static inline VOID ScsiDebugPrintText(ULONG DebugPrintLevel, PCCHAR Text)
{
    ScsiDebugPrint(DebugPrintLevel, (PCCHAR)"%s", Text);
}

#endif /* !MPABI_HOST_VIEW */

MPABI_EXTERN_C_END

#endif /* _NTSRB_ */
