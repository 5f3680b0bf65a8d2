/*
 * wpp_fixture.c - a virtual StorPort miniport traced with WPP: it includes its trace message
 * header ("wpp_fixture.tmh") and calls WPP_INIT_TRACING, DoTraceMessage, its own trace
 * functions (wpptrace.h) with WPP's %!FUNC! / %!STATUS! / %!HEXDUMP! / %!bool! conversions and
 * WPP_CLEANUP. Built by `miniport build`'s code path without a .tmh file: the build generates a
 * stand-in, and the trace text reaches the port log. No logical unit answers (every SCSI
 * request ends in SRB_STATUS_SELECTION_TIMEOUT).
 */
#include <storport.h>
#include <ntstrsafe.h>
#include "wpptrace.h"
#include "wpp_fixture.tmh"

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);

static const WCHAR WfWide[] = {'d', 'i', 's', 'k', 0};

static ULONG WfHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                             PCHAR ArgumentString,
                             PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    static const UCHAR bytes[4] = {0xde, 0xad, 0xbe, 0xef};
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);
    FuncEntry(TRACE_INIT);
    if (Again != NULL)
        *Again = FALSE;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->AdapterInterfaceType = Internal;
    ConfigInfo->MaximumTransferLength = 0x10000;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->InitiatorBusId[0] = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather = TRUE;
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_INIT, "%!FUNC! buses %d targets %u status %!STATUS! virtual %!bool!",
                ConfigInfo->NumberOfBuses, (ULONG)ConfigInfo->MaximumNumberOfTargets, STATUS_SUCCESS,
                ConfigInfo->VirtualDevice);
    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_INIT, "signature %!HEXDUMP! size %I64u name %s wide %ws",
                WppHexDump(bytes, sizeof bytes), (ULONGLONG)0x100000000ULL, "wpp", WfWide);
    return SP_RETURN_FOUND;
}

static BOOLEAN WfHwInitialize(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    DoTraceMessage(TRACE_INIT, "initialized at line %!LINE!");
    return TRUE;
}

static BOOLEAN WfHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    TraceIo("function 0x%02x path %u", Srb->Function, Srb->PathId);
    Srb->SrbStatus = Srb->Function == SRB_FUNCTION_EXECUTE_SCSI ? SRB_STATUS_SELECTION_TIMEOUT : SRB_STATUS_SUCCESS;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static BOOLEAN WfHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS WfHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                      PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    if (ControlType == ScsiQuerySupportedControlTypes) {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (ScsiQuerySupportedControlTypes < list->MaxControlType)
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        if (ScsiStopAdapter < list->MaxControlType)
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    if (ControlType == ScsiStopAdapter)
        WPP_CLEANUP(NULL);
    return ScsiAdapterControlSuccess;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    char banner[16];

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    /* ntstrsafe.h: a truncated copy is terminated and reported. */
    NTSTATUS status = RtlStringCbCopyA(banner, sizeof banner, "wpp fixture miniport");
    TraceEvents(TRACE_LEVEL_WARNING, TRACE_INIT, "banner '%s' status %!STATUS!", banner, status);

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.HwInitialize = WfHwInitialize;
    init.HwStartIo = WfHwStartIo;
    init.HwFindAdapter = WfHwFindAdapter;
    init.HwResetBus = WfHwResetBus;
    init.HwAdapterControl = WfHwAdapterControl;
    init.DeviceExtensionSize = 16;
    init.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
