/*
 * toyblock.c - a StorPort miniport for the toy block controller of the device-model example
 * (Examples/DeviceModel/ToyDeviceModel/ToyBlockController.swift; docs/device-models.md).
 *
 * The controller is a block device, not a SCSI one: it reads, writes and flushes blocks, one
 * command at a time. This miniport makes a SCSI disk of it for StorPort: it answers INQUIRY,
 * READ CAPACITY, MODE SENSE and TEST UNIT READY itself, turns READ/WRITE(10/16) and
 * SYNCHRONIZE CACHE into controller commands, and fails every other CDB with ILLEGAL REQUEST
 * and autosense.
 *
 * Registers (BAR 0, 32-bit): MAGIC, BLOCK_SIZE, CAPACITY, MAX_BLOCKS, MAX_SG, CONTROL,
 * STATUS, COMMAND, LBA, BLOCKS, SG address and count, DOORBELL, RESULT, SENSE and
 * INTERRUPT_STATUS (write 1 to acknowledge). A command's data is described by a
 * scatter/gather list of 16-byte entries in DMA memory: this driver keeps the one list it
 * needs in the uncached extension.
 *
 * Synchronisation: half duplex (StorPort's default). The port calls HwStartIo, HwInterrupt,
 * HwMSInterruptRoutine (InterruptSynchronizeAll) and HwResetBus holding the interrupt lock,
 * so they never overlap and this driver takes no lock of its own. The device exposes one
 * disk (target 0, LUN 0) and the driver does not declare tagged queuing or several requests
 * per LU, so the port hands it one request at a time: ActiveSrb is the whole queue.
 *
 * Interrupts: MSI-X when the port grants a message (StorPortGetMSIInfo succeeds in
 * HwFindAdapter): ConfigInfo->HwMSInterruptRoutine serves message 0. Otherwise the INTA# line
 * and HwInterrupt. In the dump modes (crash dump, hibernation) there are no interrupts: the
 * controller's interrupts stay disabled and the port polls HwInterrupt, which reads
 * INTERRUPT_STATUS all the same.
 *
 * Recovery: a command the controller holds (it never completes) times out at the port, which
 * calls HwResetBus: CONTROL.RESET drops the command, the SRB ends with SRB_STATUS_BUS_RESET
 * and the class driver retries it. A controller failure (STATUS.FATAL, INTERRUPT_STATUS.ERROR)
 * is handled the same way from the interrupt routine. A lost interrupt also ends in the
 * timeout and the reset.
 */

#include <storport.h>

#define TOY_REG_MAGIC 0x00
#define TOY_REG_BLOCK_SIZE 0x04
#define TOY_REG_CAPACITY_LOW 0x08
#define TOY_REG_CAPACITY_HIGH 0x0C
#define TOY_REG_MAX_BLOCKS 0x10
#define TOY_REG_MAX_SG 0x14
#define TOY_REG_CONTROL 0x18
#define TOY_REG_STATUS 0x1C
#define TOY_REG_COMMAND 0x20
#define TOY_REG_LBA_LOW 0x24
#define TOY_REG_LBA_HIGH 0x28
#define TOY_REG_BLOCKS 0x2C
#define TOY_REG_SG_LOW 0x30
#define TOY_REG_SG_HIGH 0x34
#define TOY_REG_SG_COUNT 0x38
#define TOY_REG_DOORBELL 0x3C
#define TOY_REG_RESULT 0x40
#define TOY_REG_SENSE 0x44
#define TOY_REG_INTERRUPT_STATUS 0x48
#define TOY_BAR0_LENGTH 0x1000

#define TOY_MAGIC 0x54594F42u
#define TOY_CONTROL_ENABLE 0x1u
#define TOY_CONTROL_INTERRUPT_ENABLE 0x2u
#define TOY_CONTROL_RESET 0x80000000u
#define TOY_STATUS_READY 0x1u
#define TOY_STATUS_BUSY 0x2u
#define TOY_STATUS_FATAL 0x4u
#define TOY_INTERRUPT_DONE 0x1u
#define TOY_INTERRUPT_ERROR 0x2u
#define TOY_COMMAND_READ 1
#define TOY_COMMAND_WRITE 2
#define TOY_COMMAND_FLUSH 3
#define TOY_RESULT_OK 0
#define TOY_RESULT_CHECK_CONDITION 1
#define TOY_RESULT_BUSY 2

/* This driver's limit on list entries (the controller says how many it takes in MAX_SG). */
#define TOY_SG_ENTRIES 32
#define TOY_PAGE_SIZE 4096

/* One scatter/gather list entry, as the controller reads it. */
typedef struct _TOY_SG_ENTRY {
    ULONGLONG Address;
    ULONG Length;
    ULONG Reserved;
} TOY_SG_ENTRY, *PTOY_SG_ENTRY;

C_ASSERT(sizeof(TOY_SG_ENTRY) == 16);

typedef struct _TOY_EXTENSION {
    PUCHAR Registers;
    UCHAR DumpMode;             /* ConfigInfo->DumpMode: 0 normal, else polled */
    BOOLEAN MessageGranted;     /* MSI-X message 0 is ours */
    ULONG BlockSize;
    ULONGLONG Capacity;         /* blocks */
    ULONG MaxBlocks;            /* per command */
    ULONG SgEntries;
    PTOY_SG_ENTRY SgList;       /* in the uncached extension */
    ULONGLONG SgListPhysical;
    PSCSI_REQUEST_BLOCK ActiveSrb;  /* the command at the controller, if any */
    ULONG Resets;
} TOY_EXTENSION, *PTOY_EXTENSION;

static BOOLEAN ToyHwMessageInterrupt(PVOID DeviceExtension, ULONG MessageId);

static CHAR ToyVendorId[] = "6D70";
static CHAR ToyDeviceId[] = "5442";

static ULONG ToyRead(PTOY_EXTENSION Ext, ULONG Offset)
{
    return StorPortReadRegisterUlong(Ext, (PULONG)(Ext->Registers + Offset));
}

static VOID ToyWrite(PTOY_EXTENSION Ext, ULONG Offset, ULONG Value)
{
    StorPortWriteRegisterUlong(Ext, (PULONG)(Ext->Registers + Offset), Value);
}

/* ---- controller state ---- */

/* Reset, then enable; interrupts only outside the dump modes. */
static BOOLEAN ToyStartController(PTOY_EXTENSION Ext)
{
    ToyWrite(Ext, TOY_REG_CONTROL, TOY_CONTROL_RESET);
    Ext->Resets++;
    ToyWrite(Ext, TOY_REG_CONTROL, TOY_CONTROL_ENABLE | (Ext->DumpMode == 0 ? TOY_CONTROL_INTERRUPT_ENABLE : 0));
    return (ToyRead(Ext, TOY_REG_STATUS) & TOY_STATUS_READY) != 0;
}

/* Fixed-format sense data into the SRB's sense buffer, if autosense is on. */
static UCHAR ToySetSense(PSCSI_REQUEST_BLOCK Srb, UCHAR Key, UCHAR Asc, UCHAR Ascq)
{
    PSENSE_DATA sense = (PSENSE_DATA)Srb->SenseInfoBuffer;

    Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
    if ((Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE) != 0 || sense == NULL ||
        Srb->SenseInfoBufferLength < FIELD_OFFSET(SENSE_DATA, AdditionalSenseCodeQualifier) + 1)
        return SRB_STATUS_ERROR;
    RtlZeroMemory(sense, Srb->SenseInfoBufferLength);
    sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
    sense->SenseKey = Key;
    sense->AdditionalSenseLength = (UCHAR)(sizeof(SENSE_DATA) - FIELD_OFFSET(SENSE_DATA, AdditionalSenseLength) - 1);
    sense->AdditionalSenseCode = Asc;
    sense->AdditionalSenseCodeQualifier = Ascq;
    if (Srb->SenseInfoBufferLength > sizeof(SENSE_DATA))
        Srb->SenseInfoBufferLength = sizeof(SENSE_DATA);
    return SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID;
}

static VOID ToyComplete(PTOY_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR SrbStatus)
{
    Srb->SrbStatus = SrbStatus;
    StorPortNotification(RequestComplete, Ext, Srb);
}

/* The controller finished ActiveSrb: RESULT says how. */
static VOID ToyFinishActive(PTOY_EXTENSION Ext)
{
    PSCSI_REQUEST_BLOCK srb = Ext->ActiveSrb;
    ULONG result;
    ULONG sense;
    UCHAR status;

    if (srb == NULL)
        return;
    Ext->ActiveSrb = NULL;
    result = ToyRead(Ext, TOY_REG_RESULT);
    switch (result) {
    case TOY_RESULT_OK:
        srb->ScsiStatus = SCSISTAT_GOOD;
        status = SRB_STATUS_SUCCESS;
        break;
    case TOY_RESULT_CHECK_CONDITION:
        sense = ToyRead(Ext, TOY_REG_SENSE);
        status = ToySetSense(srb, (UCHAR)(sense & 0x0F), (UCHAR)(sense >> 8), (UCHAR)(sense >> 16));
        break;
    case TOY_RESULT_BUSY:
        srb->ScsiStatus = SCSISTAT_BUSY;
        status = SRB_STATUS_BUSY;       /* the port retries */
        break;
    default:                            /* DMA error, invalid command: this driver's bug */
        StorPortDebugPrint(0, "toyblock: the controller refused a command (RESULT %u)\n", (unsigned)result);
        status = SRB_STATUS_ERROR;
        break;
    }
    ToyComplete(Ext, srb, status);
}

/* Reset the controller and give the command it had back for a retry. */
static VOID ToyRecover(PTOY_EXTENSION Ext)
{
    PSCSI_REQUEST_BLOCK srb = Ext->ActiveSrb;

    Ext->ActiveSrb = NULL;
    if (!ToyStartController(Ext))
        StorPortDebugPrint(0, "toyblock: the controller did not come back after a reset\n");
    if (srb != NULL)
        ToyComplete(Ext, srb, SRB_STATUS_BUS_RESET);
    StorPortNotification(ResetDetected, Ext);
}

/* The work of both interrupt routines (and of the dump-mode polling). */
static BOOLEAN ToyService(PTOY_EXTENSION Ext)
{
    ULONG pending;

    if (Ext->Registers == NULL)
        return FALSE;
    pending = ToyRead(Ext, TOY_REG_INTERRUPT_STATUS);
    if (pending == MAXULONG)
        return FALSE;                   /* the function does not decode */
    pending &= TOY_INTERRUPT_DONE | TOY_INTERRUPT_ERROR;
    if (pending == 0)
        return FALSE;                   /* not ours (INTA# may be shared) */
    ToyWrite(Ext, TOY_REG_INTERRUPT_STATUS, pending);

    if ((pending & TOY_INTERRUPT_ERROR) != 0 || (ToyRead(Ext, TOY_REG_STATUS) & TOY_STATUS_FATAL) != 0) {
        StorPortDebugPrint(0, "toyblock: controller failure; resetting it\n");
        ToyRecover(Ext);
        return TRUE;
    }
    if ((ToyRead(Ext, TOY_REG_STATUS) & TOY_STATUS_BUSY) == 0)
        ToyFinishActive(Ext);
    return TRUE;
}

/* ---- SCSI commands the driver answers itself ---- */

/* Copy Length bytes of an answer into the SRB's buffer (no more than it holds). */
static UCHAR ToyReturnData(PSCSI_REQUEST_BLOCK Srb, const VOID *Data, ULONG Length)
{
    if (Srb->DataBuffer == NULL)
        return SRB_STATUS_ERROR;
    if (Length > Srb->DataTransferLength)
        Length = Srb->DataTransferLength;
    StorPortCopyMemory(Srb->DataBuffer, (PVOID)Data, Length);
    Srb->DataTransferLength = Length;
    Srb->ScsiStatus = SCSISTAT_GOOD;
    return SRB_STATUS_SUCCESS;
}

static UCHAR ToyInquiry(PSCSI_REQUEST_BLOCK Srb)
{
    UCHAR data[36];
    PCDB cdb = (PCDB)Srb->Cdb;

    RtlZeroMemory(data, sizeof(data));
    if (cdb->CDB6INQUIRY3.EnableVitalProductData) {
        if (cdb->CDB6INQUIRY3.PageCode != VPD_SUPPORTED_PAGES)
            return ToySetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
        data[1] = VPD_SUPPORTED_PAGES;  /* only this page: device type 0, one entry (00) */
        data[3] = 1;
        return ToyReturnData(Srb, data, 5);
    }
    if (cdb->CDB6INQUIRY3.PageCode != 0)
        return ToySetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
    data[0] = DIRECT_ACCESS_DEVICE;
    data[2] = 5;                        /* SPC-3 */
    data[3] = 2;                        /* response data format */
    data[4] = sizeof(data) - 5;
    StorPortCopyMemory(&data[8], "TOYBLOCK", 8);
    StorPortCopyMemory(&data[16], "TOY BLOCK DISK  ", 16);
    StorPortCopyMemory(&data[32], "1.0 ", 4);
    return ToyReturnData(Srb, data, sizeof(data));
}

static UCHAR ToyReadCapacity(PTOY_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, BOOLEAN Long)
{
    ULONGLONG last = Ext->Capacity - 1;
    UCHAR data[32];
    ULONG i;

    RtlZeroMemory(data, sizeof(data));
    if (!Long) {
        ULONG last32 = last > 0xFFFFFFFFull ? 0xFFFFFFFFu : (ULONG)last;
        for (i = 0; i < 4; i++) {
            data[i] = (UCHAR)(last32 >> (24 - 8 * i));
            data[4 + i] = (UCHAR)(Ext->BlockSize >> (24 - 8 * i));
        }
        return ToyReturnData(Srb, data, 8);
    }
    for (i = 0; i < 8; i++)
        data[i] = (UCHAR)(last >> (56 - 8 * i));
    for (i = 0; i < 4; i++)
        data[8 + i] = (UCHAR)(Ext->BlockSize >> (24 - 8 * i));
    return ToyReturnData(Srb, data, sizeof(data));
}

/* MODE SENSE(6/10): the caching page (write cache off) or all pages; no block descriptors. */
static UCHAR ToyModeSense(PSCSI_REQUEST_BLOCK Srb)
{
    UCHAR data[8 + 20];
    BOOLEAN ten = Srb->Cdb[0] == SCSIOP_MODE_SENSE10;
    ULONG header = ten ? 8 : 4;
    UCHAR page = Srb->Cdb[2] & 0x3F;
    ULONG length = header;

    RtlZeroMemory(data, sizeof(data));
    if (page != MODE_PAGE_CACHING && page != MODE_SENSE_RETURN_ALL)
        return ToySetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
    data[length] = MODE_PAGE_CACHING;
    data[length + 1] = 18;              /* page length; WCE (byte 2 bit 2) clear */
    length += 20;
    if (ten) {
        data[1] = (UCHAR)(length - 2);
    } else {
        data[0] = (UCHAR)(length - 1);
    }
    return ToyReturnData(Srb, data, length);
}

/* ---- READ, WRITE, SYNCHRONIZE CACHE: commands for the controller ---- */

static UCHAR ToyStartTransfer(PTOY_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PUCHAR cdb = Srb->Cdb;
    ULONGLONG lba = 0;
    ULONG blocks = 0;
    ULONG command;
    ULONG i;

    switch (cdb[0]) {
    case SCSIOP_READ:
    case SCSIOP_WRITE:
        for (i = 2; i < 6; i++)
            lba = lba << 8 | cdb[i];
        blocks = (ULONG)cdb[7] << 8 | cdb[8];
        command = cdb[0] == SCSIOP_READ ? TOY_COMMAND_READ : TOY_COMMAND_WRITE;
        break;
    case SCSIOP_READ16:
    case SCSIOP_WRITE16:
        for (i = 2; i < 10; i++)
            lba = lba << 8 | cdb[i];
        for (i = 10; i < 14; i++)
            blocks = blocks << 8 | cdb[i];
        command = cdb[0] == SCSIOP_READ16 ? TOY_COMMAND_READ : TOY_COMMAND_WRITE;
        break;
    default:                            /* SYNCHRONIZE CACHE (10/16): the whole disk */
        command = TOY_COMMAND_FLUSH;
        break;
    }

    if (command != TOY_COMMAND_FLUSH) {
        PSTOR_SCATTER_GATHER_LIST list;
        ULONG remaining;
        ULONG count = 0;

        if (lba > Ext->Capacity || blocks > Ext->Capacity - lba)
            return ToySetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
        if (blocks == 0) {
            Srb->ScsiStatus = SCSISTAT_GOOD;
            return SRB_STATUS_SUCCESS;
        }
        if (blocks > Ext->MaxBlocks || (ULONGLONG)blocks * Ext->BlockSize > Srb->DataTransferLength)
            return SRB_STATUS_INVALID_REQUEST;
        /* The list the controller reads, from the port's scatter/gather list. */
        list = StorPortGetScatterGatherList(Ext, Srb);
        if (list == NULL)
            return SRB_STATUS_ERROR;
        remaining = blocks * Ext->BlockSize;
        for (i = 0; i < list->NumberOfElements && remaining != 0; i++) {
            ULONG run = list->List[i].Length < remaining ? list->List[i].Length : remaining;
            if (run == 0)
                continue;
            if (count == Ext->SgEntries)
                return SRB_STATUS_INVALID_REQUEST;
            Ext->SgList[count].Address = (ULONGLONG)list->List[i].PhysicalAddress.QuadPart;
            Ext->SgList[count].Length = run;
            Ext->SgList[count].Reserved = 0;
            count++;
            remaining -= run;
        }
        if (remaining != 0)
            return SRB_STATUS_ERROR;
        ToyWrite(Ext, TOY_REG_LBA_LOW, (ULONG)lba);
        ToyWrite(Ext, TOY_REG_LBA_HIGH, (ULONG)(lba >> 32));
        ToyWrite(Ext, TOY_REG_BLOCKS, blocks);
        ToyWrite(Ext, TOY_REG_SG_LOW, (ULONG)Ext->SgListPhysical);
        ToyWrite(Ext, TOY_REG_SG_HIGH, (ULONG)(Ext->SgListPhysical >> 32));
        ToyWrite(Ext, TOY_REG_SG_COUNT, count);
    }

    /* A failed controller is reset before it takes the command; one still not ready gets
     * the request back later (the port resubmits SRB_STATUS_BUSY). */
    if ((ToyRead(Ext, TOY_REG_STATUS) & TOY_STATUS_FATAL) != 0)
        ToyRecover(Ext);
    if ((ToyRead(Ext, TOY_REG_STATUS) & (TOY_STATUS_READY | TOY_STATUS_BUSY)) != TOY_STATUS_READY)
        return SRB_STATUS_BUSY;
    Ext->ActiveSrb = Srb;
    ToyWrite(Ext, TOY_REG_COMMAND, command);
    ToyWrite(Ext, TOY_REG_DOORBELL, 1);
    return SRB_STATUS_PENDING;
}

static UCHAR ToyExecuteScsi(PTOY_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    if (Srb->PathId != 0 || Srb->TargetId != 0)
        return SRB_STATUS_SELECTION_TIMEOUT;
    if (Srb->Lun != 0)
        return SRB_STATUS_INVALID_LUN;
    if (Ext->ActiveSrb != NULL)
        return SRB_STATUS_BUSY;         /* cannot happen with one request per LU; be safe */

    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
        Srb->ScsiStatus = SCSISTAT_GOOD;
        return SRB_STATUS_SUCCESS;
    case SCSIOP_INQUIRY:
        return ToyInquiry(Srb);
    case SCSIOP_READ_CAPACITY:
        return ToyReadCapacity(Ext, Srb, FALSE);
    case SCSIOP_SERVICE_ACTION_IN16:
        if ((Srb->Cdb[1] & 0x1F) == SERVICE_ACTION_READ_CAPACITY16)
            return ToyReadCapacity(Ext, Srb, TRUE);
        return ToySetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
    case SCSIOP_MODE_SENSE:
    case SCSIOP_MODE_SENSE10:
        return ToyModeSense(Srb);
    case SCSIOP_READ:
    case SCSIOP_WRITE:
    case SCSIOP_READ16:
    case SCSIOP_WRITE16:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_SYNCHRONIZE_CACHE16:
        return ToyStartTransfer(Ext, Srb);
    default:
        return ToySetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
    }
}

/* ---- entry points ---- */

static ULONG ToyHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Reserved)
{
    PTOY_EXTENSION ext = (PTOY_EXTENSION)DeviceExtension;
    PACCESS_RANGE range;
    MESSAGE_INTERRUPT_INFORMATION message;
    ULONG contiguous = 0;
    PVOID uncached;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(ArgumentString);
    UNREFERENCED_PARAMETER(Reserved);

    RtlZeroMemory(ext, sizeof(*ext));
    ext->DumpMode = ConfigInfo->DumpMode;
    /* Before a hibernation a copy is loaded only to say which memory the hibernation copy
     * keeps (this extension); it touches no hardware. */
    if (ext->DumpMode == DUMP_MODE_MARK_MEMORY || ext->DumpMode == DUMP_MODE_HIBER)
        StorPortMarkDumpMemory(DeviceExtension, DeviceExtension, 0, 0);
    if (ext->DumpMode == DUMP_MODE_MARK_MEMORY)
        return SP_RETURN_FOUND;

    /* BAR 0: the registers (BAR 1 is the MSI-X table, the platform's business). */
    if (ConfigInfo->NumberOfAccessRanges < 1 || ConfigInfo->AccessRanges == NULL)
        return SP_RETURN_NOT_FOUND;
    range = &(*ConfigInfo->AccessRanges)[0];
    if (!range->RangeInMemory || range->RangeLength < TOY_BAR0_LENGTH)
        return SP_RETURN_NOT_FOUND;
    ext->Registers = (PUCHAR)StorPortGetDeviceBase(ext, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber,
                                                   range->RangeStart, TOY_BAR0_LENGTH, FALSE);
    if (ext->Registers == NULL || ToyRead(ext, TOY_REG_MAGIC) != TOY_MAGIC)
        return SP_RETURN_NOT_FOUND;

    ext->BlockSize = ToyRead(ext, TOY_REG_BLOCK_SIZE);
    ext->Capacity = (ULONGLONG)ToyRead(ext, TOY_REG_CAPACITY_HIGH) << 32 | ToyRead(ext, TOY_REG_CAPACITY_LOW);
    ext->MaxBlocks = ToyRead(ext, TOY_REG_MAX_BLOCKS);
    ext->SgEntries = ToyRead(ext, TOY_REG_MAX_SG);
    if (ext->SgEntries > TOY_SG_ENTRIES)
        ext->SgEntries = TOY_SG_ENTRIES;
    if (ext->BlockSize < 512 || ext->BlockSize > TOY_PAGE_SIZE || (ext->BlockSize & (ext->BlockSize - 1)) != 0 ||
        ext->Capacity == 0 || ext->MaxBlocks == 0 || ext->SgEntries < 2)
        return SP_RETURN_BAD_CONFIG;
    /* Whatever a crashed system left running stops here. */
    ToyWrite(ext, TOY_REG_CONTROL, TOY_CONTROL_RESET);

    /* Transfers: MAX_BLOCKS per command, and a list of SgEntries pieces (page-sized but the
     * first and last). */
    ConfigInfo->MaximumTransferLength = ext->MaxBlocks * ext->BlockSize;
    if (ConfigInfo->MaximumTransferLength > (ext->SgEntries - 1) * TOY_PAGE_SIZE)
        ConfigInfo->MaximumTransferLength = (ext->SgEntries - 1) * TOY_PAGE_SIZE;
    ConfigInfo->NumberOfPhysicalBreaks = ext->SgEntries - 1;
    ConfigInfo->AlignmentMask = 0;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->Dma32BitAddresses = TRUE;
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;
    ConfigInfo->MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    ConfigInfo->NeedPhysicalAddresses = TRUE;
    ConfigInfo->AutoRequestSense = TRUE;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->InitiatorBusId[0] = 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeHalfDuplex;
    ConfigInfo->InterruptMode = LevelSensitive;

    /* MSI-X: granted when StorPortGetMSIInfo knows message 0 (never in the dump modes). */
    if (ext->DumpMode == 0 && StorPortGetMSIInfo(ext, 0, &message) == STOR_STATUS_SUCCESS) {
        ext->MessageGranted = TRUE;
        ConfigInfo->HwMSInterruptRoutine = ToyHwMessageInterrupt;
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    }

    /* The scatter/gather list: 512 bytes of uncached memory, well inside the 32 KB the dump
     * modes allow. */
    uncached = StorPortGetUncachedExtension(ext, ConfigInfo, TOY_SG_ENTRIES * sizeof(TOY_SG_ENTRY));
    if (uncached == NULL)
        return SP_RETURN_ERROR;
    ext->SgList = (PTOY_SG_ENTRY)uncached;
    ext->SgListPhysical = (ULONGLONG)StorPortGetPhysicalAddress(ext, NULL, uncached, &contiguous).QuadPart;
    if (ext->SgListPhysical == 0 || contiguous < TOY_SG_ENTRIES * sizeof(TOY_SG_ENTRY))
        return SP_RETURN_ERROR;

    StorPortDebugPrint(0, "toyblock: %llu blocks of %u bytes, %s%s\n", (unsigned long long)ext->Capacity,
                       (unsigned)ext->BlockSize, ext->MessageGranted ? "MSI-X" : "INTx",
                       ext->DumpMode != 0 ? " (dump mode, polled)" : "");
    return SP_RETURN_FOUND;
}

static BOOLEAN ToyHwInitialize(PVOID DeviceExtension)
{
    PTOY_EXTENSION ext = (PTOY_EXTENSION)DeviceExtension;

    if (ext->Registers == NULL)
        return FALSE;
    return ToyStartController(ext);
}

static BOOLEAN ToyHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PTOY_EXTENSION ext = (PTOY_EXTENSION)DeviceExtension;
    UCHAR status;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        status = ToyExecuteScsi(ext, Srb);
        break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        ToyRecover(ext);
        status = SRB_STATUS_SUCCESS;
        break;
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        status = SRB_STATUS_SUCCESS;    /* the cache is flushed by SYNCHRONIZE CACHE */
        break;
    default:
        status = SRB_STATUS_INVALID_REQUEST;
        break;
    }
    if (status != SRB_STATUS_PENDING)
        ToyComplete(ext, Srb, status);
    return TRUE;
}

/* INTA# (and the dump-mode polling target). */
static BOOLEAN ToyHwInterrupt(PVOID DeviceExtension)
{
    return ToyService((PTOY_EXTENSION)DeviceExtension);
}

/* MSI-X message 0. */
static BOOLEAN ToyHwMessageInterrupt(PVOID DeviceExtension, ULONG MessageId)
{
    if (MessageId != 0)
        return FALSE;
    (VOID)ToyService((PTOY_EXTENSION)DeviceExtension);
    return TRUE;                        /* a message is never shared */
}

/* A request timed out (a held command, a lost interrupt) or the port wants the bus reset
 * before a dump: reset the controller for real, hand the command back for a retry. */
static BOOLEAN ToyHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PTOY_EXTENSION ext = (PTOY_EXTENSION)DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    if (ext->Registers == NULL)
        return FALSE;
    ToyRecover(ext);
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS ToyHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                       PVOID Parameters)
{
    PTOY_EXTENSION ext = (PTOY_EXTENSION)DeviceExtension;
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes:
        if (list->MaxControlType > ScsiQuerySupportedControlTypes)
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        if (list->MaxControlType > ScsiStopAdapter)
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        if (list->MaxControlType > ScsiRestartAdapter)
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    case ScsiStopAdapter:
        if (ext->Registers != NULL)
            ToyWrite(ext, TOY_REG_CONTROL, TOY_CONTROL_RESET);
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        return ext->Registers != NULL && ToyStartController(ext) ? ScsiAdapterControlSuccess
                                                                 : ScsiAdapterControlUnsuccessful;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = ToyHwFindAdapter;
    init.HwInitialize = ToyHwInitialize;
    init.HwStartIo = ToyHwStartIo;
    init.HwInterrupt = ToyHwInterrupt;
    init.HwResetBus = ToyHwResetBus;
    init.HwAdapterControl = ToyHwAdapterControl;
    init.DeviceExtensionSize = sizeof(TOY_EXTENSION);
    init.NumberOfAccessRanges = 2;
    init.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    init.NeedPhysicalAddresses = TRUE;
    init.AutoRequestSense = TRUE;
    init.VendorId = ToyVendorId;
    init.VendorIdLength = sizeof(ToyVendorId) - 1;
    init.DeviceId = ToyDeviceId;
    init.DeviceIdLength = sizeof(ToyDeviceId) - 1;
    init.SrbTypeFlags = SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK;
    return StorPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
