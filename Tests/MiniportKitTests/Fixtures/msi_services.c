/*
 * msi_services.c - probes StorPort's message-signalled interrupt services on the toy block
 * controller of the device-model example (one MSI-X vector): StorPortGetMSIInfo for the
 * granted message and one past it, then the MSI spin lock misused twice (a release without
 * an acquire, an acquire of a lock already held). Results go to the log through
 * StorPortDebugPrint ("msi-probe: ..."). HwInitialize has the controller flush (its
 * completion sends message 0); the message routine reports the IRQL and the processor it runs
 * at.
 */

#include <ntddk.h>
#include <storport.h>

typedef struct _PROBE_EXTENSION {
    PUCHAR Registers;
} PROBE_EXTENSION, *PPROBE_EXTENSION;

/* The toy controller's CONTROL, COMMAND, DOORBELL and INTERRUPT_STATUS registers. */
#define TOY_REG_CONTROL 0x18
#define TOY_REG_COMMAND 0x20
#define TOY_REG_DOORBELL 0x3C
#define TOY_REG_INTERRUPT_STATUS 0x48

static BOOLEAN ProbeMessage(PVOID DeviceExtension, ULONG MessageId)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;

    PROCESSOR_NUMBER processor;

    RtlZeroMemory(&processor, sizeof(processor));
    (VOID)StorPortGetCurrentProcessorNumber(ext, &processor);
    StorPortDebugPrint(0, "msi-probe: message %u at IRQL %u on processor %u\n", (unsigned)MessageId,
                       (unsigned)KeGetCurrentIrql(), (unsigned)processor.Number);
    StorPortWriteRegisterUlong(ext, (PULONG)(ext->Registers + TOY_REG_INTERRUPT_STATUS), 3);
    return TRUE;
}

static CHAR VendorId[] = "6D70";
static CHAR DeviceId[] = "5442";

static ULONG ProbeFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Reserved)
{
    MESSAGE_INTERRUPT_INFORMATION info;
    ULONG status;
    ULONG first = 0;
    ULONG second = 0;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Reserved);

    RtlZeroMemory(&info, sizeof(info));
    status = StorPortGetMSIInfo(DeviceExtension, 0, &info);
    StorPortDebugPrint(0, "msi-probe: message 0 status %u id %u data %u address %llx mode %u\n", (unsigned)status,
                       (unsigned)info.MessageId, (unsigned)info.MessageData,
                       (unsigned long long)info.MessageAddress.QuadPart, (unsigned)info.InterruptMode);
    status = StorPortGetMSIInfo(DeviceExtension, 1, &info);
    StorPortDebugPrint(0, "msi-probe: message 1 status %u\n", (unsigned)status);

    /* Misuse 1: release a lock never acquired. */
    status = StorPortReleaseMSISpinLock(DeviceExtension, 0, 0);
    StorPortDebugPrint(0, "msi-probe: release without acquire status %u\n", (unsigned)status);
    /* Misuse 2: acquire the lock this routine already holds; then release both. */
    (VOID)StorPortAcquireMSISpinLock(DeviceExtension, 0, &first);
    (VOID)StorPortAcquireMSISpinLock(DeviceExtension, 0, &second);
    (VOID)StorPortReleaseMSISpinLock(DeviceExtension, 0, second);
    (VOID)StorPortReleaseMSISpinLock(DeviceExtension, 0, first);

    ((PPROBE_EXTENSION)DeviceExtension)->Registers = (PUCHAR)StorPortGetDeviceBase(
        DeviceExtension, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber,
        (*ConfigInfo->AccessRanges)[0].RangeStart, 0x1000, FALSE);
    if (((PPROBE_EXTENSION)DeviceExtension)->Registers == NULL)
        return SP_RETURN_NOT_FOUND;
    ConfigInfo->HwMSInterruptRoutine = ProbeMessage;
    ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->InitiatorBusId[0] = 1;
    return SP_RETURN_FOUND;
}

static BOOLEAN ProbeInitialize(PVOID DeviceExtension)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;

    StorPortWriteRegisterUlong(ext, (PULONG)(ext->Registers + TOY_REG_CONTROL), 3);   /* ENABLE, INT_ENABLE */
    StorPortWriteRegisterUlong(ext, (PULONG)(ext->Registers + TOY_REG_COMMAND), 3);   /* FLUSH */
    StorPortWriteRegisterUlong(ext, (PULONG)(ext->Registers + TOY_REG_DOORBELL), 1);
    return TRUE;
}

static BOOLEAN ProbeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

static BOOLEAN ProbeInterrupt(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    StorPortDebugPrint(0, "msi-probe: HwInterrupt\n");
    return FALSE;
}

static BOOLEAN ProbeResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = ProbeFindAdapter;
    init.HwInitialize = ProbeInitialize;
    init.HwStartIo = ProbeStartIo;
    init.HwInterrupt = ProbeInterrupt;
    init.HwResetBus = ProbeResetBus;
    init.DeviceExtensionSize = sizeof(PROBE_EXTENSION);
    init.NumberOfAccessRanges = 2;
    init.VendorId = VendorId;
    init.VendorIdLength = sizeof(VendorId) - 1;
    init.DeviceId = DeviceId;
    init.DeviceIdLength = sizeof(DeviceId) - 1;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
