/*
 * init_data.c - a miniport whose HW_INITIALIZATION_DATA and PORT_CONFIGURATION_INFORMATION are
 * whatever its host wrote into InitDataInput before loading it: the port's handling of those two
 * structures, driven through the real ScsiPortInitialize / StorPortInitialize and HwFindAdapter
 * paths with hostile values (HardeningInitTests, the fuzz-init fuzz target).
 *
 * Built for SCSI Port (default) or, with -DINIT_DATA_STORPORT, for StorPort. InitDataInput:
 *
 *   0x000  ULONG  control: bit 0 StorPort (the host loads that build), bit 1 drop one required
 *                 callback (byte 0x001 mod 4: HwInitialize, HwStartIo, HwFindAdapter, HwResetBus),
 *                 bit 2 keep the input's AdapterInterfaceType (else PCIBus), bit 3 keep its
 *                 HwInitializationDataSize (else the size of this port's structure), bit 4
 *                 HwFindAdapter returns the byte at 0x1B4 (else SP_RETURN_FOUND), bit 5 keep
 *                 the input's VendorIdLength and DeviceIdLength (else 4), bit 6 pass NULL as
 *                 Argument1
 *   0x004  HW_INITIALIZATION_DATA, 208 bytes (SCSI Port reads the first 128): every value but
 *          the pointers (callbacks, VendorId, DeviceId), which are this miniport's
 *   0x0D4  PORT_CONFIGURATION_INFORMATION, 224 bytes (SCSI Port's is the first 152): the values
 *          HwFindAdapter copies into ConfigInfo (the limits, flags and sizes a miniport sets)
 *   0x1B4  HwFindAdapter's return value when control bit 4 is set
 *
 * The disk: target 0, LUN 0 answers INQUIRY; everything else ends with SELECTION_TIMEOUT.
 */
#ifdef INIT_DATA_STORPORT
#include <storport.h>
#define PortNotification StorPortNotification
#define PortInitialize StorPortInitialize
#else
#include <miniport.h>
#include <srb.h>
#include <scsi.h>
#define PortNotification ScsiPortNotification
#define PortInitialize ScsiPortInitialize
#endif

#define INIT_DATA_INPUT_SIZE 0x1B8
#define INIT_DATA_HW 0x004
#define INIT_DATA_CONFIG 0x0D4
#define INIT_DATA_FIND_RESULT 0x1B4

UCHAR InitDataInput[INIT_DATA_INPUT_SIZE];

static CHAR InitDataVendor[96] = "6D70";
static CHAR InitDataDevice[96] = "5343";

static ULONG InitDataControl(void)
{
    return (ULONG)InitDataInput[0] | (ULONG)InitDataInput[1] << 8;
}

static void InitDataCopy(PVOID to, const UCHAR *from, ULONG length)
{
    PUCHAR out = (PUCHAR)to;
    ULONG index;
    for (index = 0; index < length; index++) out[index] = from[index];
}

static BOOLEAN InitDataInitialize(PVOID DeviceExtension)
{
    (void)DeviceExtension;
    return TRUE;
}

static BOOLEAN InitDataResetBus(PVOID DeviceExtension, ULONG PathId)
{
    (void)DeviceExtension;
    (void)PathId;
    return TRUE;
}

static BOOLEAN InitDataInterrupt(PVOID DeviceExtension)
{
    (void)DeviceExtension;
    return FALSE;
}

static BOOLEAN InitDataStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PUCHAR data = (PUCHAR)Srb->DataBuffer;
    ULONG index;

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    } else if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
    } else if (Srb->Cdb[0] == SCSIOP_INQUIRY && data != NULL) {
        for (index = 0; index < Srb->DataTransferLength; index++) data[index] = 0;
        if (Srb->DataTransferLength > 4) data[4] = 31;
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    } else {
        Srb->DataTransferLength = 0;
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
    PortNotification(RequestComplete, DeviceExtension, Srb);
    PortNotification(NextRequest, DeviceExtension);
    return TRUE;
}

static ULONG InitDataConfigure(PPORT_CONFIGURATION_INFORMATION ConfigInfo)
{
    PORT_CONFIGURATION_INFORMATION in;
    ULONG bus;

    InitDataCopy(&in, InitDataInput + INIT_DATA_CONFIG, sizeof in);
    ConfigInfo->MaximumTransferLength = in.MaximumTransferLength;
    ConfigInfo->NumberOfPhysicalBreaks = in.NumberOfPhysicalBreaks;
    ConfigInfo->AlignmentMask = in.AlignmentMask;
    ConfigInfo->NumberOfAccessRanges = in.NumberOfAccessRanges;
    ConfigInfo->NumberOfBuses = in.NumberOfBuses;
    for (bus = 0; bus < 8; bus++) ConfigInfo->InitiatorBusId[bus] = in.InitiatorBusId[bus];
    ConfigInfo->ScatterGather = in.ScatterGather;
    ConfigInfo->Master = in.Master;
    ConfigInfo->CachesData = in.CachesData;
    ConfigInfo->AdapterScansDown = in.AdapterScansDown;
    ConfigInfo->Dma32BitAddresses = in.Dma32BitAddresses;
    ConfigInfo->MapBuffers = in.MapBuffers;
    ConfigInfo->NeedPhysicalAddresses = in.NeedPhysicalAddresses;
    ConfigInfo->TaggedQueuing = in.TaggedQueuing;
    ConfigInfo->AutoRequestSense = in.AutoRequestSense;
    ConfigInfo->MultipleRequestPerLu = in.MultipleRequestPerLu;
    ConfigInfo->ReceiveEvent = in.ReceiveEvent;
    ConfigInfo->MaximumNumberOfTargets = in.MaximumNumberOfTargets;
    ConfigInfo->DeviceExtensionSize = in.DeviceExtensionSize;
    ConfigInfo->SpecificLuExtensionSize = in.SpecificLuExtensionSize;
    ConfigInfo->SrbExtensionSize = in.SrbExtensionSize;
    ConfigInfo->Dma64BitAddresses = in.Dma64BitAddresses;
    ConfigInfo->MaximumNumberOfLogicalUnits = in.MaximumNumberOfLogicalUnits;
#ifdef INIT_DATA_STORPORT
    ConfigInfo->SrbType = in.SrbType;
    ConfigInfo->AddressType = in.AddressType;
    ConfigInfo->ResetTargetSupported = in.ResetTargetSupported;
    ConfigInfo->WmiDataProvider = in.WmiDataProvider;
    ConfigInfo->SynchronizationModel = in.SynchronizationModel;
    ConfigInfo->InterruptSynchronizationMode = in.InterruptSynchronizationMode;
    ConfigInfo->RequestedDumpBufferSize = in.RequestedDumpBufferSize;
    ConfigInfo->VirtualDevice = in.VirtualDevice;
    ConfigInfo->ExtendedFlags1 = in.ExtendedFlags1;
    ConfigInfo->MaxNumberOfIO = in.MaxNumberOfIO;
    ConfigInfo->MaxIOsPerLun = in.MaxIOsPerLun;
    ConfigInfo->InitialLunQueueDepth = in.InitialLunQueueDepth;
    ConfigInfo->BusResetHoldTime = in.BusResetHoldTime;
    ConfigInfo->FeatureSupport = in.FeatureSupport;
#endif
    return (InitDataControl() & 0x10) ? InitDataInput[INIT_DATA_FIND_RESULT] : SP_RETURN_FOUND;
}

static ULONG InitDataFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                                 PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    (void)DeviceExtension; (void)HwContext; (void)BusInformation; (void)ArgumentString;
    if (Again != NULL) *Again = FALSE;
    return InitDataConfigure(ConfigInfo);
}

#ifdef INIT_DATA_STORPORT
static ULONG InitDataFindVirtualAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                                        PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    (void)LowerDevice;
    return InitDataFindAdapter(DeviceExtension, HwContext, BusInformation, ArgumentString, ConfigInfo, Again);
}
#endif

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    ULONG control = InitDataControl();
    ULONG size;

    InitDataCopy(&init, InitDataInput + INIT_DATA_HW, sizeof init);
    size = init.HwInitializationDataSize;
    if (!(control & 0x08)) init.HwInitializationDataSize = sizeof init;
    if (!(control & 0x04)) init.AdapterInterfaceType = PCIBus;
    init.HwInitialize = InitDataInitialize;
    init.HwStartIo = InitDataStartIo;
    init.HwInterrupt = InitDataInterrupt;
    init.HwFindAdapter = InitDataFindAdapter;
    init.HwResetBus = InitDataResetBus;
    init.HwDmaStarted = NULL;
    init.HwAdapterState = NULL;
    init.HwAdapterControl = NULL;
    init.Reserved = NULL;
    init.VendorId = InitDataVendor;
    init.DeviceId = InitDataDevice;
    if (!(control & 0x20)) {
        init.VendorIdLength = 4;
        init.DeviceIdLength = 4;
    }
#ifdef INIT_DATA_STORPORT
    init.HwBuildIo = NULL;
    init.HwFreeAdapterResources = NULL;
    init.HwProcessServiceRequest = NULL;
    init.HwCompleteServiceIrp = NULL;
    init.HwInitializeTracing = NULL;
    init.HwCleanupTracing = NULL;
    init.HwTracingEnabled = NULL;
    init.HwUnitControl = NULL;
    /* A virtual miniport's HwFindAdapter takes LowerDevice too (the port decides by the size
     * and FeatureSupport it is given). */
    size = init.HwInitializationDataSize;
    if (size == 176 || (size >= 208 && (init.FeatureSupport & STOR_FEATURE_VIRTUAL_MINIPORT)))
        init.HwFindAdapter = (PHW_FIND_ADAPTER)(void *)InitDataFindVirtualAdapter;
#else
    (void)size;
#endif
    if (control & 0x02) {
        switch (InitDataInput[1] & 3) {
        case 0: init.HwInitialize = NULL; break;
        case 1: init.HwStartIo = NULL; break;
        case 2: init.HwFindAdapter = NULL; break;
        default: init.HwResetBus = NULL; break;
        }
    }
    return PortInitialize((control & 0x40) ? NULL : DriverObject, RegistryPath, &init, NULL);
}
