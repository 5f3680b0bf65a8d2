/*
 * skeleton.c - the shape of a SCSI Port miniport, written as WDK source is written.
 *
 * It compiles unchanged against CMiniportABI/include and shows the entry points a port
 * calls. It is the shape only: it registers the IDs of the project's HBA, so the port finds
 * the adapter and calls HwFindAdapter, which claims no hardware (SP_RETURN_NOT_FOUND: it has
 * no register code). `miniport run` therefore loads it, reports that HwFindAdapter found no
 * adapter, and fails. Examples/PhbaMiniport/phba.c is the complete driver for the same HBA.
 *
 * Build: see Examples/README.md (plain cc, the headers and the import stub).
 */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>

typedef struct _SKELETON_EXTENSION {
    PULONG Registers;          /* from ScsiPortGetDeviceBase */
    ULONG OutstandingRequests;
} SKELETON_EXTENSION, *PSKELETON_EXTENSION;

static ULONG SkeletonFindAdapter(_In_ PVOID DeviceExtension, _In_ PVOID HwContext, _In_ PVOID BusInformation,
                                 _In_ PCHAR ArgumentString, _Inout_ PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                 _Out_ PBOOLEAN Again)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(ConfigInfo);
    *Again = FALSE;
    return SP_RETURN_NOT_FOUND;
}

static BOOLEAN SkeletonInitialize(_In_ PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

static BOOLEAN SkeletonStartIo(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb)
{
    PCDB cdb = (PCDB)Srb->Cdb;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    } else if (cdb->CDB6GENERIC.OperationCode == SCSIOP_TEST_UNIT_READY) {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    } else {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    }
    ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
    ScsiPortNotification(NextRequest, DeviceExtension);
    return TRUE;
}

static BOOLEAN SkeletonInterrupt(_In_ PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return FALSE; /* not ours */
}

static BOOLEAN SkeletonResetBus(_In_ PVOID DeviceExtension, _In_ ULONG PathId)
{
    ScsiPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    return TRUE;
}

ULONG DriverEntry(_In_ PVOID DriverObject, _In_ PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hwInitData;
    /* The PCI IDs the port matches functions by (docs/hba-spec.md, PCI function). */
    static UCHAR vendorId[4] = { '6', 'D', '7', '0' };
    static UCHAR deviceId[4] = { '5', '3', '4', '3' };

    RtlZeroMemory(&hwInitData, sizeof(hwInitData));
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.AdapterInterfaceType = PCIBus;
    hwInitData.HwFindAdapter = SkeletonFindAdapter;
    hwInitData.HwInitialize = SkeletonInitialize;
    hwInitData.HwStartIo = SkeletonStartIo;
    hwInitData.HwInterrupt = SkeletonInterrupt;
    hwInitData.HwResetBus = SkeletonResetBus;
    hwInitData.DeviceExtensionSize = sizeof(SKELETON_EXTENSION);
    hwInitData.NumberOfAccessRanges = 1;
    hwInitData.NeedPhysicalAddresses = TRUE;
    hwInitData.AutoRequestSense = TRUE;
    hwInitData.VendorId = vendorId;
    hwInitData.VendorIdLength = sizeof(vendorId);
    hwInitData.DeviceId = deviceId;
    hwInitData.DeviceIdLength = sizeof(deviceId);
    return ScsiPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
}
