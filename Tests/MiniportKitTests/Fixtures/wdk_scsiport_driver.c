/*
 * A SCSI Port miniport skeleton written the way WDK sources are: miniport.h, srb.h and scsi.h,
 * then ntddk.h after them; routines declared by role type (sp_DRIVER_INITIALIZE for
 * DriverEntry), legacy SAL, STATUS codes and list helpers. Compiled (not run) for Linux and for
 * the Windows driver target.
 */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>
#include <ntddk.h>

sp_DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER LegacyFindAdapter;
HW_INITIALIZE LegacyInitialize;
HW_STARTIO LegacyStartIo;
HW_INTERRUPT LegacyInterrupt;
HW_RESET_BUS LegacyResetBus;
HW_ADAPTER_STATE LegacyAdapterState;
HW_DMA_STARTED LegacyDmaStarted;
HW_TIMER LegacyTimer;

typedef struct _LEGACY_EXTENSION {
    SINGLE_LIST_ENTRY Free;
    LIST_ENTRY Active;
    PUCHAR Ports;
    ULONG Flags;
} LEGACY_EXTENSION, *PLEGACY_EXTENSION;

ULONG LegacyFindAdapter(__in PVOID DeviceExtension, __in PVOID HwContext, __in PVOID BusInformation,
                        __in PCHAR ArgumentString, __inout PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                        __out PBOOLEAN Again)
{
    PLEGACY_EXTENSION ext = (PLEGACY_EXTENSION)DeviceExtension;
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    *Again = FALSE;
    InitializeListHead(&ext->Active);
    ext->Free.Next = NULL;
    if (ConfigInfo->NumberOfAccessRanges == 0)
        return SP_RETURN_NOT_FOUND;
    ext->Ports = (PUCHAR)ScsiPortGetDeviceBase(DeviceExtension, ConfigInfo->AdapterInterfaceType,
                                               ConfigInfo->SystemIoBusNumber,
                                               (*ConfigInfo->AccessRanges)[0].RangeStart, 16, TRUE);
    SetFlag(ext->Flags, 0x1);
    return BooleanFlagOn(ext->Flags, 0x1) ? SP_RETURN_FOUND : SP_RETURN_ERROR;
}

BOOLEAN LegacyInitialize(__in PVOID DeviceExtension)
{
    PLEGACY_EXTENSION ext = (PLEGACY_EXTENSION)DeviceExtension;
    ClearFlag(ext->Flags, 0x2);
    return TRUE;
}

BOOLEAN LegacyStartIo(__in PVOID DeviceExtension, __in PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
    ScsiPortNotification(NextRequest, DeviceExtension, NULL);
    return TRUE;
}

BOOLEAN LegacyInterrupt(__in PVOID DeviceExtension)
{
    PLEGACY_EXTENSION ext = (PLEGACY_EXTENSION)DeviceExtension;
    return ScsiPortReadPortUchar(ext->Ports) != 0;
}

BOOLEAN LegacyResetBus(__in PVOID DeviceExtension, __in ULONG PathId)
{
    ScsiPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

BOOLEAN LegacyAdapterState(PVOID DeviceExtension, PVOID Context, BOOLEAN SaveState)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Context);
    return SaveState;
}

VOID LegacyDmaStarted(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

VOID LegacyTimer(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

NTSTATUS DriverEntry(struct _DRIVER_OBJECT *DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    ULONG status;
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Isa;
    init.HwFindAdapter = LegacyFindAdapter;
    init.HwInitialize = LegacyInitialize;
    init.HwStartIo = LegacyStartIo;
    init.HwInterrupt = LegacyInterrupt;
    init.HwResetBus = LegacyResetBus;
    init.HwAdapterState = LegacyAdapterState;
    init.HwDmaStarted = LegacyDmaStarted;
    init.DeviceExtensionSize = sizeof(LEGACY_EXTENSION);
    init.NumberOfAccessRanges = 1;
    status = ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
    return NT_SUCCESS((NTSTATUS)status) ? STATUS_SUCCESS : STATUS_NO_SUCH_DEVICE;
}
