/*
 * storport_srbx.c - a small virtual StorPort miniport (an 8 MiB disk in its own globals) that
 * takes extended SRBs (SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK, STOR_FEATURE_EXTRA_IO_INFORMATION)
 * and reads them only through srbhelper.h. What it saw is kept in the Srbx* globals below for
 * the tests to read.
 *
 * Built with one of these it corrupts the extended SRB of every READ before completing it
 * (srb.extended-invalid):
 *
 *   -DCORRUPT_FUNCTION      Function 0 (no longer SRB_FUNCTION_STORAGE_REQUEST_BLOCK)
 *   -DCORRUPT_SIGNATURE     Signature 0x12345678
 *   -DCORRUPT_VERSION       Version 7
 *   -DCORRUPT_SRBLENGTH     SrbLength 0xfffffff0
 *   -DCORRUPT_NUMSRBEXDATA  NumSrbExData 1000
 *   -DCORRUPT_OFFSET        SrbExDataOffset[0] 0xffffff00 (far outside the SRB)
 *   -DCORRUPT_MISALIGNED    SrbExDataOffset[0] one byte off
 *   -DCORRUPT_BLOCK_LENGTH  the CDB block's Length 0x7fffffff
 *   -DCORRUPT_BLOCK_TYPE    the CDB block's Type 0x1234
 *   -DCORRUPT_ADDRESS       AddressOffset 0xffff0000
 *   -DCORRUPT_AFTER         SrbStatus rewritten after RequestComplete (srb.use-after-completion)
 *
 * and with one of these it breaks a rule both SRB kinds share, on every READ:
 *
 *   -DRULE_TRANSFER_LENGTH  DataTransferLength 512 bytes above the request's (srb.transfer-length)
 *   -DRULE_EXTENSION_OVERRUN four bytes written past the 64-byte SRB extension (srb.extension-overrun)
 *   -DRULE_DOUBLE_COMPLETE  RequestComplete twice (srb.double-completion)
 */
#include <storport.h>
#include <srbhelper.h>

#define DISK_BLOCKS 16384u
#define BLOCK_SIZE 512u

static UCHAR Disk[DISK_BLOCKS * BLOCK_SIZE];
static PUCHAR DiskBase;

/* What the miniport saw (read by the tests through the image's symbols). */
ULONG SrbxConfigSrbType = 0xff;     /* ConfigInfo->SrbType in HwFindAdapter */
ULONG SrbxExtended;                 /* requests that arrived as STORAGE_REQUEST_BLOCKs */
ULONG SrbxClassic;                  /* requests that arrived as SCSI_REQUEST_BLOCKs */
ULONG SrbxAddressOk;                /* requests with a STOR_ADDR_BTL8 for 0:0:0 */
ULONG SrbxIoInfo;                   /* READ/WRITEs with an SRBEX_DATA_IO_INFO matching the transfer */
ULONG SrbxPhysicalOk;               /* StorPortGetPhysicalAddress answers for the data buffer */
ULONG SrbxRequestInfoOk;            /* StorPortGetRequestInfo answers matching the transfer */
ULONG SrbxGetSrbOk;                 /* StorPortGetSrb returns the extended SRB being started */
ULONG SrbxLongCdbLength;            /* a 0x7F (variable-length) CDB's length, its last byte and block type */
ULONG SrbxLongCdbLast;
ULONG SrbxLongCdbBlock;
ULONG SrbxScatterGatherOk;          /* StorPortGetScatterGatherList answers for READ/WRITEs */
ULONG SrbxSystemAddressOk;          /* StorPortGetSystemAddress gives the data buffer */
ULONG SrbxDumpPointers;             /* SRB_FUNCTION_DUMP_POINTERS seen */
ULONG SrbxFunctions;                /* bit (1 << SrbFunction) of every function seen, below 64 */
ULONG SrbxFunctionsHigh;            /* ... bits 32 to 63 */
ULONG SrbxPnpAction = 0xff, SrbxPnpFlags = 0xff;        /* the last SRB_FUNCTION_PNP's parameters */
ULONG SrbxPowerState = 0xff, SrbxPowerAction = 0xff, SrbxPowerFlags = 0xff; /* the last SRB_FUNCTION_POWER's */

typedef struct {
    BOOLEAN DumpMode;
} SRBX_EXTENSION;

static ULONG SrbxFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                             PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    SRBX_EXTENSION *ext = (SRBX_EXTENSION *)DeviceExtension;
    (void)HwContext; (void)BusInformation; (void)LowerDevice; (void)ArgumentString; (void)Again;
    ext->DumpMode = ConfigInfo->DumpMode != 0;
    DiskBase = ext->DumpMode ? (PUCHAR)ConfigInfo->MiniportDumpData : Disk;
    if (DiskBase == NULL) return SP_RETURN_NOT_FOUND;
    SrbxConfigSrbType = ConfigInfo->SrbType;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 64 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->InitiatorBusId[0] = 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    return SP_RETURN_FOUND;
}

static BOOLEAN SrbxInitialize(PVOID DeviceExtension)
{
    (void)DeviceExtension;
    return TRUE;
}

#if defined(CORRUPT_FUNCTION) || defined(CORRUPT_SIGNATURE) || defined(CORRUPT_VERSION) || \
    defined(CORRUPT_SRBLENGTH) || defined(CORRUPT_NUMSRBEXDATA) || defined(CORRUPT_OFFSET) || \
    defined(CORRUPT_MISALIGNED) || defined(CORRUPT_BLOCK_LENGTH) || defined(CORRUPT_BLOCK_TYPE) || \
    defined(CORRUPT_ADDRESS)
#define SRBX_CORRUPTS 1
#endif

static VOID SrbxComplete(PVOID DeviceExtension, PVOID Srb, UCHAR Status)
{
#if defined(SRBX_CORRUPTS)
    PCDB cdb = SrbGetCdb(Srb);
    if (cdb != NULL && cdb->AsByte[0] == SCSIOP_READ && SrbGetSrbFunction(Srb) == SRB_FUNCTION_EXECUTE_SCSI) {
        PSTORAGE_REQUEST_BLOCK srbEx = (PSTORAGE_REQUEST_BLOCK)Srb;
        PSRBEX_DATA block = SrbGetSrbExDataByIndex(srbEx, 0);
        (void)block;
#if defined(CORRUPT_FUNCTION)
        srbEx->Function = 0;
#elif defined(CORRUPT_SIGNATURE)
        srbEx->Signature = 0x12345678;
#elif defined(CORRUPT_VERSION)
        srbEx->Version = 7;
#elif defined(CORRUPT_SRBLENGTH)
        srbEx->SrbLength = 0xfffffff0U;
#elif defined(CORRUPT_NUMSRBEXDATA)
        srbEx->NumSrbExData = 1000;
#elif defined(CORRUPT_OFFSET)
        srbEx->SrbExDataOffset[0] = 0xffffff00U;
#elif defined(CORRUPT_MISALIGNED)
        srbEx->SrbExDataOffset[0] += 1;
#elif defined(CORRUPT_BLOCK_LENGTH)
        if (block != NULL) block->Length = 0x7fffffff;
#elif defined(CORRUPT_BLOCK_TYPE)
        if (block != NULL) block->Type = (SRBEXDATATYPE)0x1234;
#elif defined(CORRUPT_ADDRESS)
        srbEx->AddressOffset = 0xffff0000U;
#endif
    }
#endif
#if defined(RULE_TRANSFER_LENGTH) || defined(RULE_EXTENSION_OVERRUN) || defined(RULE_DOUBLE_COMPLETE)
    {
        PCDB cdb = SrbGetCdb(Srb);
        BOOLEAN read = cdb != NULL && cdb->AsByte[0] == SCSIOP_READ && SrbGetSrbFunction(Srb) == SRB_FUNCTION_EXECUTE_SCSI;
#if defined(RULE_TRANSFER_LENGTH)
        if (read) SrbSetDataTransferLength(Srb, SrbGetDataTransferLength(Srb) + 512);
#elif defined(RULE_EXTENSION_OVERRUN)
        if (read) memset((PUCHAR)SrbGetMiniportContext(Srb) + 64, 0xEE, 4);
#elif defined(RULE_DOUBLE_COMPLETE)
        if (read) {
            SrbSetSrbStatus(Srb, Status);
            StorPortNotification(RequestComplete, DeviceExtension, Srb);
        }
#endif
    }
#endif
    SrbSetSrbStatus(Srb, Status);
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
#if defined(CORRUPT_AFTER)
    SrbSetSrbStatus(Srb, SRB_STATUS_ERROR);
#endif
}

/* What every request should carry, checked through the accessors and the port's routines. */
static VOID SrbxObserve(PVOID DeviceExtension, PVOID Srb)
{
    ULONG function = SrbGetSrbFunction(Srb);
    if (function < 32) SrbxFunctions |= 1U << function;
    else if (function < 64) SrbxFunctionsHigh |= 1U << (function - 32);
    if (((PSTORAGE_REQUEST_BLOCK_HEADER)Srb)->Function != SRB_FUNCTION_STORAGE_REQUEST_BLOCK) {
        SrbxClassic++;
        return;
    }
    SrbxExtended++;
    {
        PSTORAGE_REQUEST_BLOCK srbEx = (PSTORAGE_REQUEST_BLOCK)Srb;
        PSTOR_ADDRESS address = SrbGetAddress(srbEx);
        if (srbEx->Signature == SRB_SIGNATURE && srbEx->Version == STORAGE_REQUEST_BLOCK_VERSION_1 &&
            address != NULL && address->Type == STOR_ADDRESS_TYPE_BTL8 && SrbGetPathId(Srb) == 0 &&
            SrbGetTargetId(Srb) == 0 && SrbGetLun(Srb) == 0) {
            SrbxAddressOk++;
        }
        if (function == SRB_FUNCTION_EXECUTE_SCSI) {
            PCDB cdb = SrbGetCdb(Srb);
            UCHAR tag = (UCHAR)SrbGetQueueTag(Srb);
            if (StorPortGetSrb(DeviceExtension, 0, 0, 0, tag) == Srb) SrbxGetSrbOk++;
            if (cdb != NULL && (cdb->AsByte[0] == SCSIOP_READ || cdb->AsByte[0] == SCSIOP_WRITE)) {
                PSRBEX_DATA_IO_INFO info = (PSRBEX_DATA_IO_INFO)SrbGetSrbExDataByType(srbEx, SrbExDataTypeIoInfo);
                STOR_REQUEST_INFO request;
                ULONG length = 0;
                STOR_PHYSICAL_ADDRESS physical;
                if (info != NULL && info->Length >= SRBEX_DATA_IO_INFO_LENGTH &&
                    info->RWLength == SrbGetDataTransferLength(Srb) &&
                    info->IsWriteRequest == (cdb->AsByte[0] == SCSIOP_WRITE)) {
                    SrbxIoInfo++;
                }
                RtlZeroMemory(&request, sizeof request);
                request.Version = STOR_REQUEST_INFO_VER_1;
                request.Size = sizeof request;
                if (StorPortGetRequestInfo(DeviceExtension, (PSCSI_REQUEST_BLOCK)Srb, &request) == STOR_STATUS_SUCCESS &&
                    request.Length == SrbGetDataTransferLength(Srb) && info != NULL && request.Flags == info->Flags &&
                    (request.Flags & REQUEST_INFO_NO_FILE_OBJECT_FLAG) != 0) {
                    SrbxRequestInfoOk++;
                }
                physical = StorPortGetPhysicalAddress(DeviceExtension, (PSCSI_REQUEST_BLOCK)Srb, SrbGetDataBuffer(Srb), &length);
                if (physical.QuadPart != 0 && length != 0) SrbxPhysicalOk++;
                {
                    PSTOR_SCATTER_GATHER_LIST list = StorPortGetScatterGatherList(DeviceExtension, (PSCSI_REQUEST_BLOCK)Srb);
                    PVOID system = NULL;
                    if (list != NULL && list->NumberOfElements >= 1 &&
                        list->List[0].Length <= SrbGetDataTransferLength(Srb)) {
                        SrbxScatterGatherOk++;
                    }
                    if (StorPortGetSystemAddress(DeviceExtension, (PSCSI_REQUEST_BLOCK)Srb, &system) == STOR_STATUS_SUCCESS &&
                        system == SrbGetDataBuffer(Srb)) {
                        SrbxSystemAddressOk++;
                    }
                }
            }
        }
    }
}

static VOID SrbxExecute(PVOID DeviceExtension, PVOID Srb)
{
    PUCHAR cdb = (PUCHAR)SrbGetCdb(Srb);
    PUCHAR data = (PUCHAR)SrbGetDataBuffer(Srb);
    ULONG transfer = SrbGetDataTransferLength(Srb);
    ULONG lba, blocks;

    if (cdb == NULL || SrbGetPathId(Srb) != 0 || SrbGetTargetId(Srb) != 0 || SrbGetLun(Srb) != 0) {
        SrbxComplete(DeviceExtension, Srb, SRB_STATUS_SELECTION_TIMEOUT);
        return;
    }
    lba = ((ULONG)cdb[2] << 24) | ((ULONG)cdb[3] << 16) | ((ULONG)cdb[4] << 8) | cdb[5];
    blocks = ((ULONG)cdb[7] << 8) | cdb[8];
    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    switch (cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_SYNCHRONIZE_CACHE:
        break;
    case 0x7F: { /* a variable-length CDB: only an extended SRB carries more than 16 bytes */
        UCHAR length = SrbGetCdbLength(Srb);
        PSRBEX_DATA block = ((PSTORAGE_REQUEST_BLOCK_HEADER)Srb)->Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK
                                ? SrbGetPrimarySrbExData((PSTORAGE_REQUEST_BLOCK)Srb) : NULL;
        SrbxLongCdbLength = length;
        SrbxLongCdbLast = length != 0 ? cdb[length - 1] : 0;
        SrbxLongCdbBlock = block != NULL ? (ULONG)block->Type : 0;
        break;
    }
    case SCSIOP_INQUIRY: {
        ULONG i;
        for (i = 0; i < transfer; i++) data[i] = 0;
        if (transfer >= 36) {
            const char *id = "MPSDK   SRBX            0001";
            data[2] = 5; data[3] = 2; data[4] = 31;
            for (i = 0; i < 28; i++) data[8 + i] = (UCHAR)id[i];
        }
        break;
    }
    case SCSIOP_READ_CAPACITY:
        if (transfer < 8) { SrbxComplete(DeviceExtension, Srb, SRB_STATUS_ERROR); return; }
        data[0] = 0; data[1] = 0; data[2] = (UCHAR)((DISK_BLOCKS - 1) >> 8); data[3] = (UCHAR)(DISK_BLOCKS - 1);
        data[4] = 0; data[5] = 0; data[6] = (UCHAR)(BLOCK_SIZE >> 8); data[7] = 0;
        SrbSetDataTransferLength(Srb, 8);
        break;
    case SCSIOP_READ:
    case SCSIOP_WRITE:
        if ((ULONGLONG)lba + blocks > DISK_BLOCKS || transfer != blocks * BLOCK_SIZE) {
            SrbxComplete(DeviceExtension, Srb, SRB_STATUS_INVALID_REQUEST);
            return;
        }
        if (cdb[0] == SCSIOP_READ) StorPortMoveMemory(data, DiskBase + lba * BLOCK_SIZE, transfer);
        else StorPortMoveMemory(DiskBase + lba * BLOCK_SIZE, data, transfer);
        break;
    default: {
        /* Unsupported: CHECK CONDITION, ILLEGAL REQUEST, with autosense through the accessors. */
        PUCHAR sense = (PUCHAR)SrbGetSenseInfoBuffer(Srb);
        UCHAR senseLength = SrbGetSenseInfoBufferLength(Srb);
        SrbSetScsiStatus(Srb, SCSISTAT_CHECK_CONDITION);
        SrbSetDataTransferLength(Srb, 0);
        if (sense != NULL && senseLength >= 18) {
            ULONG i;
            for (i = 0; i < 18; i++) sense[i] = 0;
            sense[0] = 0x70; sense[2] = SCSI_SENSE_ILLEGAL_REQUEST; sense[7] = 10; sense[12] = 0x20;
            SrbSetSenseInfoBufferLength(Srb, 18);
            SrbxComplete(DeviceExtension, Srb, SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID);
        } else {
            SrbxComplete(DeviceExtension, Srb, SRB_STATUS_ERROR);
        }
        return;
    }
    }
    SrbxComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
}

static BOOLEAN SrbxStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    SrbxObserve(DeviceExtension, Srb);
    switch (SrbGetSrbFunction(Srb)) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        SrbxExecute(DeviceExtension, Srb);
        return TRUE;
    case SRB_FUNCTION_DUMP_POINTERS: {
        PMINIPORT_DUMP_POINTERS pointers = (PMINIPORT_DUMP_POINTERS)SrbGetDataBuffer(Srb);
        SrbxDumpPointers++;
        if (pointers == NULL || SrbGetDataTransferLength(Srb) < sizeof(MINIPORT_DUMP_POINTERS)) {
            SrbxComplete(DeviceExtension, Srb, SRB_STATUS_ERROR);
            return TRUE;
        }
        pointers->Version = DUMP_MINIPORT_VERSION;
        pointers->Size = sizeof(MINIPORT_DUMP_POINTERS);
        pointers->MiniportPrivateDumpData = Disk;
        SrbxComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
        return TRUE;
    }
    case SRB_FUNCTION_PNP: {
        ULONG flags;
        STOR_PNP_ACTION action;
        SrbGetPnpInfo(Srb, &flags, &action);
        SrbxPnpAction = (ULONG)action;
        SrbxPnpFlags = flags;
        SrbxComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
        return TRUE;
    }
    case SRB_FUNCTION_POWER: {
        UCHAR flags;
        STOR_DEVICE_POWER_STATE state;
        STOR_POWER_ACTION action;
        SrbGetPowerInfo(Srb, &flags, &state, &action);
        SrbxPowerState = (ULONG)state;
        SrbxPowerAction = (ULONG)action;
        SrbxPowerFlags = flags;
        SrbxComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
        return TRUE;
    }
    default:
        SrbxComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
        return TRUE;
    }
}

static BOOLEAN SrbxResetBus(PVOID DeviceExtension, ULONG PathId)
{
    (void)DeviceExtension; (void)PathId;
    return TRUE;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = Internal;
    init.HwInitialize = SrbxInitialize;
    init.HwStartIo = SrbxStartIo;
    init.HwFindAdapter = (PHW_FIND_ADAPTER)(void (*)(void))SrbxFindAdapter;
    init.HwResetBus = SrbxResetBus;
    init.DeviceExtensionSize = sizeof(SRBX_EXTENSION);
    init.SrbExtensionSize = 64;
    init.TaggedQueuing = TRUE;
    init.MultipleRequestPerLu = TRUE;
    init.AutoRequestSense = TRUE;
    init.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    init.FeatureSupport = STOR_FEATURE_VIRTUAL_MINIPORT | STOR_FEATURE_EXTRA_IO_INFORMATION;
#if defined(SRBX_CLASSIC)
    init.SrbTypeFlags = SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK;
#else
    init.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
#endif
    init.AddressTypeFlags = ADDRESS_TYPE_FLAG_BTL8;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
