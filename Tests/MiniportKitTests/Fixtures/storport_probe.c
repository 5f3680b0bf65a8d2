/*
 * storport_probe.c - a StorPort miniport that exercises the StorPort half of the import table
 * (used by ImportTableTests): StorPortInitialize with the Windows 8 HW_INITIALIZATION_DATA,
 * every StorPortNotification form (through the WDK's inline helpers where the WDK has one),
 * StorPortExtendedFunction (a decoded code and an unknown one), StorPortDebugPrint and the
 * register accessors. Results the port hands back land in StorProbeResults.
 */
#include <storport.h>

typedef struct {
    ULONG InitializeStatus;
    BOOLEAN PassiveAccepted;
    BOOLEAN DpcQueued;
    ULONG StateChangeStatus;
    ULONG AllocateStatus;
    PVOID AllocatedBuffer;
    ULONG UnknownExtendedStatus;
    ULONG RegisterValue;
    ULONGLONG PhysicalAddress;
    ULONG MarkFailedExStatus;
} STOR_PROBE_RESULTS;

STOR_PROBE_RESULTS StorProbeResults;

static BOOLEAN ProbeInitialize(PVOID DeviceExtension) { (void)DeviceExtension; return TRUE; }
static BOOLEAN ProbeBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) { (void)DeviceExtension; (void)Srb; return TRUE; }
static BOOLEAN ProbeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) { (void)DeviceExtension; (void)Srb; return TRUE; }
static ULONG ProbeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Reserved3)
{
    (void)DeviceExtension; (void)HwContext; (void)BusInformation; (void)ArgumentString; (void)Reserved3;
    return ConfigInfo == NULL ? SP_RETURN_BAD_CONFIG : SP_RETURN_FOUND;
}
static VOID ProbeTimer(PVOID DeviceExtension) { (void)DeviceExtension; }
static BOOLEAN ProbePassive(PVOID DeviceExtension) { (void)DeviceExtension; return TRUE; }
static VOID ProbeDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    (void)Dpc; (void)HwDeviceExtension; (void)SystemArgument1; (void)SystemArgument2;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    SCSI_REQUEST_BLOCK srb;
    STOR_DPC dpc;
    STOR_LOCK_HANDLE lockHandle;
    STOR_ADDR_BTL8 address;
    LARGE_INTEGER ticks;
    ULONG registers[4] = {0};
    ULONG length = 0;
    UCHAR critical[3] = {1, 2, 3};
    WCHAR reason[] = {'b', 'a', 'd', 0};
    PVOID table = NULL;
    PVOID ext = (PVOID)0xC0;

    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = PCIBus;
    init.HwInitialize = ProbeInitialize;
    init.HwBuildIo = ProbeBuildIo;
    init.HwStartIo = ProbeStartIo;
    init.HwFindAdapter = ProbeFindAdapter;
    init.DeviceExtensionSize = 0x100;
    init.SrbExtensionSize = 0x40;
    init.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    init.TaggedQueuing = TRUE;
    init.MultipleRequestPerLu = TRUE;
    init.FeatureSupport = 0x5;
    StorProbeResults.InitializeStatus = StorPortInitialize(DriverObject, RegistryPath, &init, NULL);

    RtlZeroMemory(&srb, sizeof srb);
    srb.Length = sizeof srb;
    srb.PathId = 0;
    srb.TargetId = 1;
    srb.Lun = 2;
    RtlZeroMemory(&address, sizeof address);
    address.Type = STOR_ADDRESS_TYPE_BTL8;
    address.Target = 9;

    StorPortNotification(RequestComplete, ext, &srb);
    StorPortNotification(NextRequest, ext);
    StorPortNotification(NextLuRequest, ext, 0, 1, 2);
    StorPortNotification(ResetDetected, ext);
    StorPortNotification(RequestTimerCall, ext, ProbeTimer, (ULONG)1000);
    StorPortNotification(BusChangeDetected, ext, 0);
    StorPortNotification(WMIEvent, ext, &ticks, 0xFF);
    StorPortNotification(WMIReregister, ext, 3, 4, 5);
    StorPortNotification(LinkUp, ext);
    StorPortNotification(LinkDown, ext);
    StorPortNotification(QueryTickCount, ext, &ticks);
    StorPortNotification(BufferOverrunDetected, ext);
    StorPortNotification(TraceNotification, ext, (PVOID)0x77);
    StorPortNotification(GetExtendedFunctionTable, ext, &table);
    StorProbeResults.PassiveAccepted = StorPortEnablePassiveInitialization(ext, ProbePassive);
    StorPortInitializeDpc(ext, &dpc, ProbeDpc);
    StorProbeResults.DpcQueued = StorPortIssueDpc(ext, &dpc, (PVOID)0x11, (PVOID)0x22);
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &lockHandle);
    StorPortReleaseSpinLock(ext, &lockHandle);
    StorProbeResults.StateChangeStatus =
        StorPortStateChangeDetected(ext, STATE_CHANGE_TARGET, (PSTOR_ADDRESS)&address, 0, NULL, NULL);
    StorPortMarkDeviceFailed(ext, (PSTOR_ADDRESS)&address, 0, reason);
    StorProbeResults.MarkFailedExStatus =
        StorPortMarkDeviceFailedEx(ext, (PSTOR_ADDRESS)&address, 0, 0x42, reason, 0, NULL, 3, critical);
    StorPortNotification((SCSI_NOTIFICATION_TYPE)0x4444, ext);
    StorPortNotification((SCSI_NOTIFICATION_TYPE)4, ext, (PVOID)NULL);  /* _obsolete1 in StorPort */

    StorProbeResults.AllocateStatus = StorPortAllocatePool(ext, 4096, 0x636F7250, &StorProbeResults.AllocatedBuffer);
    StorProbeResults.UnknownExtendedStatus = StorPortExtendedFunction((STORPORT_FUNCTION_CODE)0x7777, ext, 1, 2);

    StorPortDebugPrint(2, "storport %s %u", "probe", 7u);
    StorProbeResults.RegisterValue = StorPortReadRegisterUlong(ext, &registers[0]);
    StorPortWriteRegisterUlong(ext, &registers[1], 0x600DF00D);
    StorProbeResults.PhysicalAddress = (ULONGLONG)StorPortGetPhysicalAddress(ext, &srb, registers, &length).QuadPart;
    return 0;
}
