/*
 * A StorPort miniport skeleton written the way WDK sources are: ntddk.h first, then
 * storport.h; routines declared by role type, then defined; legacy and current SAL; kernel
 * helpers from wdm.h. Compiled (not run) for Linux and for the Windows driver target.
 */
#include <ntddk.h>
#include <storport.h>
#include <initguid.h>
#include <guiddef.h>

DEFINE_GUID(MPABI_FIXTURE_GUID, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);

#include <pshpack1.h>
typedef struct _FIXTURE_PACKED {
    UCHAR Tag;
    ULONG Value;
} FIXTURE_PACKED;
#include <poppack.h>
C_ASSERT(sizeof(FIXTURE_PACKED) == 5);

typedef struct _FIXTURE_EXTENSION {
    LIST_ENTRY Pending;
    LONG volatile Outstanding;
    LONG volatile Bits[2];
    PHYSICAL_ADDRESS Bar0;
    ULONG Features;
} FIXTURE_EXTENSION, *PFIXTURE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
HW_FIND_ADAPTER FixtureFindAdapter;
HW_INITIALIZE FixtureInitialize;
HW_PASSIVE_INITIALIZE_ROUTINE FixturePassiveInitialize;
HW_STARTIO FixtureStartIo;
HW_BUILDIO FixtureBuildIo;
HW_INTERRUPT FixtureInterrupt;
HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE FixtureMessageInterrupt;
HW_DPC_ROUTINE FixtureDpc;
HW_RESET_BUS FixtureResetBus;
HW_ADAPTER_CONTROL FixtureAdapterControl;
HW_UNIT_CONTROL FixtureUnitControl;
HW_TIMER FixtureTimer;
HW_FREE_ADAPTER_RESOURCES FixtureFreeResources;
STOR_SYNCHRONIZED_ACCESS FixtureSynchronized;

_Use_decl_annotations_
ULONG FixtureFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                         PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Reserved3)
{
    PFIXTURE_EXTENSION ext = (PFIXTURE_EXTENSION)DeviceExtension;
    UCHAR buffer[PCI_COMMON_HDR_LENGTH];
    PPCI_COMMON_CONFIG pci = (PPCI_COMMON_CONFIG)buffer;
    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Reserved3);
    InitializeListHead(&ext->Pending);
    if (StorPortGetBusData(DeviceExtension, PCIConfiguration, ConfigInfo->SystemIoBusNumber,
                           ConfigInfo->SlotNumber, pci, sizeof(buffer)) != sizeof(buffer))
        return SP_RETURN_NOT_FOUND;
    if (pci->BaseClass != PCI_CLASS_MASS_STORAGE_CTLR || pci->SubClass != PCI_SUBCLASS_MSC_NVM_CTLR)
        return SP_RETURN_NOT_FOUND;
    if (FlagOn(pci->Status, PCI_STATUS_CAPABILITIES_LIST)) {
        PPCI_CAPABILITIES_HEADER cap = (PPCI_CAPABILITIES_HEADER)(buffer + (pci->u.type0.CapabilitiesPtr % 48));
        if (cap->CapabilityID == PCI_CAPABILITY_ID_MSIX)
            ext->Features |= 1;
    }
    ConfigInfo->DmaAddressWidth = 64;
    ConfigInfo->MaximumTransferLength = (ULONG)ROUND_TO_PAGES(128 * 1024);
    ConfigInfo->NumberOfPhysicalBreaks = (ULONG)BYTES_TO_PAGES(ConfigInfo->MaximumTransferLength) + 1;
    NT_ASSERT(ConfigInfo->Length >= CONFIG_INFO_VERSION_2);
    return SP_RETURN_FOUND;
}

BOOLEAN FixtureInitialize(__in PVOID DeviceExtension)
{
    return StorPortEnablePassiveInitialization(DeviceExtension, FixturePassiveInitialize);
}

BOOLEAN FixturePassiveInitialize(_In_ PVOID DeviceExtension)
{
    PFIXTURE_EXTENSION ext = (PFIXTURE_EXTENSION)DeviceExtension;
    InterlockedExchange(&ext->Outstanding, 0);
    return TRUE;
}

__drv_maxIRQL(DISPATCH_LEVEL)
BOOLEAN FixtureBuildIo(__in PVOID DeviceExtension, __inout PSCSI_REQUEST_BLOCK Srb)
{
    PFIXTURE_EXTENSION ext = (PFIXTURE_EXTENSION)DeviceExtension;
    InterlockedIncrement(&ext->Outstanding);
    (void)InterlockedBitTestAndSet(ext->Bits, 33);
    UNREFERENCED_PARAMETER(Srb);
    return TRUE;
}

BOOLEAN FixtureStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PFIXTURE_EXTENSION ext = (PFIXTURE_EXTENSION)DeviceExtension;
    ULONG index;
    if (BitScanForward(&index, (ULONG)ext->Bits[1]))
        InterlockedBitTestAndReset(ext->Bits, (LONG)(32 + index));
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
    InterlockedDecrement(&ext->Outstanding);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
    return TRUE;
}

BOOLEAN FixtureInterrupt(PVOID DeviceExtension)
{
    return FixtureMessageInterrupt(DeviceExtension, 0);
}

BOOLEAN FixtureMessageInterrupt(PVOID HwDeviceExtension, ULONG MessageId)
{
    UNREFERENCED_PARAMETER(HwDeviceExtension);
    KeMemoryBarrier();
    return MessageId == 0;
}

VOID FixtureDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    StorPortSynchronizeAccess(HwDeviceExtension, FixtureSynchronized, NULL);
}

BOOLEAN FixtureSynchronized(PVOID HwDeviceExtension, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    return !IsListEmpty(&((PFIXTURE_EXTENSION)HwDeviceExtension)->Pending);
}

BOOLEAN FixtureResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    return PathId == 0;
}

SCSI_ADAPTER_CONTROL_STATUS FixtureAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                  PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(Parameters);
    return ControlType == ScsiQuerySupportedControlTypes ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;
}

SCSI_UNIT_CONTROL_STATUS FixtureUnitControl(PVOID DeviceExtension, SCSI_UNIT_CONTROL_TYPE ControlType,
                                            PVOID Parameters)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(ControlType);
    UNREFERENCED_PARAMETER(Parameters);
    return ScsiUnitControlUnsuccessful;
}

VOID FixtureTimer(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

VOID FixtureFreeResources(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    ULONG status;
    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    C_ASSERT(sizeof(HW_INITIALIZATION_DATA) == HW_INIT_DATA_SIZE_VIRTUAL);
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = FixtureFindAdapter;
    init.HwInitialize = FixtureInitialize;
    init.HwStartIo = FixtureStartIo;
    init.HwBuildIo = FixtureBuildIo;
    init.HwInterrupt = FixtureInterrupt;
    init.HwResetBus = FixtureResetBus;
    init.HwAdapterControl = FixtureAdapterControl;
    init.HwUnitControl = FixtureUnitControl;
    init.HwFreeAdapterResources = FixtureFreeResources;
    init.DeviceExtensionSize = sizeof(FIXTURE_EXTENSION);
    init.FeatureSupport = STOR_FEATURE_EXTRA_IO_INFORMATION | STOR_FEATURE_ADAPTER_CONTROL_PRE_FINDADAPTER |
                          STOR_FEATURE_DUMP_INFO;
    init.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
    status = StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
    if (DriverObject != NULL && DriverObject->MajorFunction[IRP_MJ_SCSI] == NULL)
        status = (ULONG)STATUS_UNSUCCESSFUL;
    return IsEqualGUID(&MPABI_FIXTURE_GUID, &MPABI_FIXTURE_GUID) ? (NTSTATUS)status : STATUS_INVALID_PARAMETER;
}
