/*
 * import_probe.c - a miniport that exercises the import table (used by ImportTableTests).
 *
 * DriverEntry calls ScsiPortInitialize with a filled HW_INITIALIZATION_DATA, then a set of
 * port routines with known arguments, every ScsiPortNotification form, an unknown
 * notification type, ScsiDebugPrint and the HAL accessors. Values the port returns are
 * written to ProbeResults so the test can check that they arrived intact in C.
 */
#include <miniport.h>
#include <srb.h>

typedef struct {
    ULONGLONG PhysicalAddress;   /* from ScsiPortGetPhysicalAddress */
    ULONG PhysicalLength;        /* its Length out-parameter */
    ULONG RegisterValue;         /* from ScsiPortReadRegisterUlong */
    ULONG HalRegisterValue;      /* from READ_REGISTER_ULONG */
    UCHAR PortValue;             /* from ScsiPortReadPortUchar */
    PVOID DeviceBase;            /* from ScsiPortGetDeviceBase */
    ULONGLONG Converted;         /* from ScsiPortConvertUlongToPhysicalAddress */
    ULONG InitializeStatus;      /* ScsiPortInitialize's result */
    ULONG RegisterBuffer[4];     /* filled by ScsiPortReadRegisterBufferUlong */
} PROBE_RESULTS;

PROBE_RESULTS ProbeResults;

static BOOLEAN ProbeHwInitialize(PVOID DeviceExtension) { (void)DeviceExtension; return TRUE; }
static BOOLEAN ProbeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) { (void)DeviceExtension; (void)Srb; return TRUE; }
static BOOLEAN ProbeInterrupt(PVOID DeviceExtension) { (void)DeviceExtension; return FALSE; }
static ULONG ProbeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    (void)DeviceExtension; (void)HwContext; (void)BusInformation; (void)ArgumentString; (void)ConfigInfo;
    *Again = FALSE;
    return SP_RETURN_NOT_FOUND;
}
static BOOLEAN ProbeResetBus(PVOID DeviceExtension, ULONG PathId) { (void)DeviceExtension; (void)PathId; return TRUE; }
static VOID ProbeTimer(PVOID DeviceExtension) { (void)DeviceExtension; }

static UCHAR VendorId[] = "1AF4";
static UCHAR DeviceId[] = "5C51";

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    SCSI_REQUEST_BLOCK srb;
    ULONG registers[8] = {0};
    LARGE_INTEGER ticks;
    UCHAR wmiEvent[16] = {0};
    ULONG length = 0;
    SCSI_PHYSICAL_ADDRESS pa, io;

    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = PCIBus;
    init.HwInitialize = ProbeHwInitialize;
    init.HwStartIo = ProbeStartIo;
    init.HwInterrupt = ProbeInterrupt;
    init.HwFindAdapter = ProbeFindAdapter;
    init.HwResetBus = ProbeResetBus;
    init.DeviceExtensionSize = 0x240;
    init.SpecificLuExtensionSize = 0x18;
    init.SrbExtensionSize = 0x80;
    init.NumberOfAccessRanges = 2;
    init.NeedPhysicalAddresses = TRUE;
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;
    init.VendorId = VendorId;
    init.VendorIdLength = 4;
    init.DeviceId = DeviceId;
    init.DeviceIdLength = 4;
    ProbeResults.InitializeStatus = ScsiPortInitialize(DriverObject, RegistryPath, &init, (PVOID)0x1234);

    RtlZeroMemory(&srb, sizeof srb);
    srb.Length = sizeof srb;
    srb.PathId = 1;
    srb.TargetId = 2;
    srb.Lun = 3;
    srb.Cdb[0] = 0x28;

    /* every notification form, in type order */
    ScsiPortNotification(RequestComplete, (PVOID)0xE0, &srb);
    ScsiPortNotification(NextRequest, (PVOID)0xE1);
    ScsiPortNotification(NextLuRequest, (PVOID)0xE2, 1, 2, 3);
    ScsiPortNotification(ResetDetected, (PVOID)0xE3);
    ScsiPortNotification(CallDisableInterrupts, (PVOID)0xE4, ProbeInterrupt);
    ScsiPortNotification(CallEnableInterrupts, (PVOID)0xE5, ProbeInterrupt);
    ScsiPortNotification(RequestTimerCall, (PVOID)0xE6, ProbeTimer, (ULONG)250000);
    ScsiPortNotification(BusChangeDetected, (PVOID)0xE7, 4);
    ScsiPortNotification(WMIEvent, (PVOID)0xE8, wmiEvent, 0xFF);          /* adapter event: no target/lun */
    ScsiPortNotification(WMIEvent, (PVOID)0xE8, wmiEvent, 0, 5, 6);
    ScsiPortNotification(WMIReregister, (PVOID)0xE9, 0xFF);
    ScsiPortNotification(WMIReregister, (PVOID)0xE9, 2, 7, 8);
    ScsiPortNotification(LinkUp, (PVOID)0xEA);
    ScsiPortNotification(LinkDown, (PVOID)0xEB);
    ScsiPortNotification(QueryTickCount, (PVOID)0xEC, &ticks);
    ScsiPortNotification(BufferOverrunDetected, (PVOID)0xED);
    ScsiPortNotification(TraceNotification, (PVOID)0xEE, (PVOID)0xABCDEF);
    ScsiPortNotification((SCSI_NOTIFICATION_TYPE)0x77, (PVOID)0xEF);

    /* the fixed-arity helpers a Swift miniport uses go through the same path */
    ScsiPortNotifyNextLuRequest((PVOID)0xF2, 9, 10, 11);

    ScsiDebugPrint(1, "value=%d name=%s", 42, "probe");

    pa = ScsiPortGetPhysicalAddress((PVOID)0xD0, &srb, registers, &length);
    ProbeResults.PhysicalAddress = (ULONGLONG)pa.QuadPart;
    ProbeResults.PhysicalLength = length;

    io.QuadPart = 0xFEBF0000LL;
    ProbeResults.DeviceBase = ScsiPortGetDeviceBase((PVOID)0xD1, PCIBus, 0, io, 0x1000, FALSE);
    ProbeResults.RegisterValue = ScsiPortReadRegisterUlong(&registers[1]);
    ScsiPortWriteRegisterUlong(&registers[2], 0xCAFEF00D);
    ProbeResults.HalRegisterValue = READ_REGISTER_ULONG(&registers[3]);
    WRITE_REGISTER_ULONG(&registers[4], 0x0BADBEEF);
    ProbeResults.PortValue = ScsiPortReadPortUchar((PUCHAR)&registers[5]);
    ScsiPortReadRegisterBufferUlong(&registers[6], ProbeResults.RegisterBuffer, 4);
    ScsiPortStallExecution(17);
    ScsiPortLogError((PVOID)0xD2, &srb, 1, 2, 3, SP_REQUEST_TIMEOUT, 0x5150);
    ScsiPortCompleteRequest((PVOID)0xD3, 1, 2, 3, SRB_STATUS_BUS_RESET);
    ProbeResults.Converted = (ULONGLONG)ScsiPortConvertUlongToPhysicalAddress(0x87654321).QuadPart;
    ScsiPortFlushDma((PVOID)0xD4);   /* the test leaves this slot empty: reported as unresolved */
    return 0;
}
