/*
 * wmi_fixture.c - a virtual StorPort miniport that answers SRB_FUNCTION_WMI with the SCSI WMI
 * library (scsiwmi.h), as WDK miniports do: one data block (a GUID with one instance holding a
 * ULONG counter the test can set), registered with ScsiPortWmiDispatchFunction's REGINFO. Built
 * with -DWMI_EXTENDED it takes extended SRBs (SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK) and reads
 * the request from SRBEX_DATA_WMI. No logical unit answers.
 */
#include <storport.h>
#include <srbhelper.h>
#include <scsiwmi.h>

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);

/* {3f1c2b4a-5d6e-4f70-8192-a3b4c5d6e7f8} */
static GUID WmCounterGuid = {0x3f1c2b4a, 0x5d6e, 0x4f70, {0x81, 0x92, 0xa3, 0xb4, 0xc5, 0xd6, 0xe7, 0xf8}};
static SCSIWMIGUIDREGINFO WmGuids[] = {{&WmCounterGuid, 1, 0}};
static WCHAR WmMof[] = {'W', 'm', 'i', 'F', 'i', 'x', 0};

typedef struct {
    ULONG Counter;
} WM_EXTENSION;

static UCHAR WmQueryRegInfo(PVOID Ctx, PSCSIWMI_REQUEST_CONTEXT Rc, PWCHAR *MofName)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Rc);
    *MofName = WmMof;
    return SRB_STATUS_SUCCESS;
}

static BOOLEAN WmQueryDataBlock(PVOID Ctx, PSCSIWMI_REQUEST_CONTEXT Rc, ULONG GuidIndex, ULONG InstanceIndex,
                                ULONG InstanceCount, PULONG Lengths, ULONG BufferAvail, PUCHAR Buffer)
{
    WM_EXTENSION *ext = (WM_EXTENSION *)Ctx;
    UNREFERENCED_PARAMETER(GuidIndex);
    UNREFERENCED_PARAMETER(InstanceIndex);
    UNREFERENCED_PARAMETER(InstanceCount);
    if (BufferAvail < sizeof(ULONG)) {
        ScsiPortWmiPostProcess(Rc, SRB_STATUS_DATA_OVERRUN, sizeof(ULONG));
        return FALSE;
    }
    RtlCopyMemory(Buffer, &ext->Counter, sizeof(ULONG));
    Lengths[0] = sizeof(ULONG);
    ScsiPortWmiPostProcess(Rc, SRB_STATUS_SUCCESS, sizeof(ULONG));
    return FALSE;
}

static BOOLEAN WmSetDataBlock(PVOID Ctx, PSCSIWMI_REQUEST_CONTEXT Rc, ULONG GuidIndex, ULONG InstanceIndex,
                              ULONG BufferSize, PUCHAR Buffer)
{
    WM_EXTENSION *ext = (WM_EXTENSION *)Ctx;
    UNREFERENCED_PARAMETER(GuidIndex);
    UNREFERENCED_PARAMETER(InstanceIndex);
    if (BufferSize != sizeof(ULONG)) {
        ScsiPortWmiPostProcess(Rc, SRB_STATUS_ERROR, 0);
        return FALSE;
    }
    RtlCopyMemory(&ext->Counter, Buffer, sizeof(ULONG));
    ScsiPortWmiPostProcess(Rc, SRB_STATUS_SUCCESS, 0);
    return FALSE;
}

static SCSI_WMILIB_CONTEXT WmLib = {1, WmGuids, WmQueryRegInfo, WmQueryDataBlock, WmSetDataBlock, NULL, NULL, NULL};

static ULONG WmHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                             PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    WM_EXTENSION *ext = (WM_EXTENSION *)DeviceExtension;
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    if (Again != NULL)
        *Again = FALSE;
    ext->Counter = 7;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->AdapterInterfaceType = Internal;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->InitiatorBusId[0] = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->WmiDataProvider = TRUE;
    return SP_RETURN_FOUND;
}

static BOOLEAN WmHwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return TRUE;
}

static VOID WmWmi(WM_EXTENSION *Ext, PVOID Srb)
{
    UCHAR subFunction;
    PVOID dataPath;
    PSCSIWMI_REQUEST_CONTEXT rc = (PSCSIWMI_REQUEST_CONTEXT)SrbGetMiniportContext(Srb);

    if (((PSCSI_REQUEST_BLOCK)Srb)->Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK) {
        PSRBEX_DATA_WMI data = (PSRBEX_DATA_WMI)SrbGetSrbExDataByType((PSTORAGE_REQUEST_BLOCK)Srb, SrbExDataTypeWmi);
        if (data == NULL) {
            SrbSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
            return;
        }
        subFunction = data->WMISubFunction;
        dataPath = data->DataPath;
    } else {
        PSCSI_WMI_REQUEST_BLOCK wmi = (PSCSI_WMI_REQUEST_BLOCK)Srb;
        subFunction = wmi->WMISubFunction;
        dataPath = wmi->DataPath;
    }
    if (!ScsiPortWmiDispatchFunction(&WmLib, subFunction, Ext, rc, dataPath, SrbGetDataTransferLength(Srb),
                                     SrbGetDataBuffer(Srb))) {
        SrbSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    SrbSetDataTransferLength(Srb, ScsiPortWmiGetReturnSize(rc));
    SrbSetSrbStatus(Srb, ScsiPortWmiGetReturnStatus(rc));
}

static BOOLEAN WmHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    ULONG function = SrbGetSrbFunction(Srb);
    if (function == SRB_FUNCTION_WMI)
        WmWmi((WM_EXTENSION *)DeviceExtension, Srb);
    else
        SrbSetSrbStatus(Srb, function == SRB_FUNCTION_EXECUTE_SCSI ? SRB_STATUS_SELECTION_TIMEOUT : SRB_STATUS_SUCCESS);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static BOOLEAN WmHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS WmHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                      PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    if (ControlType == ScsiQuerySupportedControlTypes) {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (ScsiQuerySupportedControlTypes < list->MaxControlType)
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
    }
    return ScsiAdapterControlSuccess;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = Internal;
    init.HwInitialize = WmHwInitialize;
    init.HwStartIo = WmHwStartIo;
    init.HwFindAdapter = (PHW_FIND_ADAPTER)(void (*)(void))WmHwFindAdapter;
    init.HwResetBus = WmHwResetBus;
    init.HwAdapterControl = WmHwAdapterControl;
    init.DeviceExtensionSize = sizeof(WM_EXTENSION);
    init.SrbExtensionSize = sizeof(SCSIWMI_REQUEST_CONTEXT);
    init.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;
    init.FeatureSupport = STOR_FEATURE_VIRTUAL_MINIPORT;
#ifdef WMI_EXTENDED
    init.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
#else
    init.SrbTypeFlags = SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK;
#endif
    init.AddressTypeFlags = ADDRESS_TYPE_FLAG_BTL8;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
