/*
 * buslogic.c - a SCSI Port miniport for the BusLogic BT-958 (MultiMaster) PCI SCSI host
 * adapter, written from docs/buslogic-spec.md.
 *
 * The adapter is driven through four 8-bit I/O ports (CONTROL/STATUS, COMMAND/DATA IN,
 * INTERRUPT, GEOMETRY). Host adapter commands configure it; SCSI commands travel as 40-byte
 * CCBs (one in each SRB extension) handed over through a ring of outgoing mailboxes and
 * answered in a ring of incoming mailboxes (both in the uncached extension, extended 32-bit
 * format, 8 bytes an entry).
 *
 * Layout: definitions and register helpers, host adapter commands and adapter start,
 * DriverEntry, HwFindAdapter, HwInitialize, HwStartIo, HwInterrupt, HwResetBus (and the
 * recovery from a stopped adapter), HwAdapterControl.
 *
 * SCSI Port serialises HwStartIo, HwInterrupt, HwResetBus and HwAdapterControl, so the
 * device extension needs no lock. The adapter posts most completions during the EXECUTE
 * MAILBOX COMMAND write; every routine finishes its bookkeeping before that write.
 *
 * Dump mode (ArgumentString "dump=1" or "hiber=1"): the adapter's interrupt is disabled with
 * SET HOST ADAPTER INTERRUPT, the port polls HwInterrupt, four mailboxes each way; the
 * uncached extension is 104 bytes (mailboxes and the device-reset CCB).
 */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>

/* ======================================================================================
 * Definitions (docs/buslogic-spec.md)
 * ====================================================================================== */

#define BL_PORT_CONTROL         0       /* write: CONTROL, read: STATUS */
#define BL_PORT_COMMAND         1       /* write: COMMAND/PARAMETER, read: DATA IN */
#define BL_PORT_INTERRUPT       2
#define BL_IO_LENGTH            4

#define BL_CONTROL_HARD_RESET   0x80
#define BL_CONTROL_SOFT_RESET   0x40
#define BL_CONTROL_INT_RESET    0x20
#define BL_CONTROL_BUS_RESET    0x10

#define BL_STATUS_DIAG_ACTIVE   0x80
#define BL_STATUS_DIAG_FAILURE  0x40
#define BL_STATUS_INIT_REQUIRED 0x20
#define BL_STATUS_READY         0x10
#define BL_STATUS_PARAM_BUSY    0x08
#define BL_STATUS_DATA_READY    0x04
#define BL_STATUS_CMD_INVALID   0x01

#define BL_INT_MAILBOX_IN       0x01
#define BL_INT_COMMAND_COMPLETE 0x04
#define BL_INT_SCSI_RESET       0x08
#define BL_INT_VALID            0x80

#define BL_CMD_EXECUTE_MAILBOX  0x02
#define BL_CMD_INQUIRE_BOARD_ID 0x04
#define BL_CMD_SET_INTERRUPT    0x25
#define BL_CMD_INIT_EXT_MAILBOX 0x81

#define BL_ACTION_START         1
#define BL_ACTION_ABORT         2

#define BL_DONE_OK              1
#define BL_DONE_ABORTED         2
#define BL_DONE_NOT_FOUND       3
#define BL_DONE_ERROR           4
#define BL_DONE_INVALID         5

#define BL_HOST_SELECTION_TIMEOUT 0x11
#define BL_HOST_OVER_UNDERRUN     0x12
#define BL_HOST_ASSERTED_RESET    0x22
#define BL_HOST_OTHER_RESET       0x23
#define BL_HOST_DEVICE_RESET      0x25

#define BL_CCB_SG_RESIDUAL      0x04
#define BL_CCB_RESIDUAL         0x03
#define BL_CCB_DEVICE_RESET     0x81

#define BL_DIR_IN               (1 << 3)
#define BL_DIR_OUT              (2 << 3)
#define BL_DIR_NONE             (3 << 3)

#define BL_MAILBOXES            32      /* each way; at most this many CCBs outstanding */
#define BL_DUMP_MAILBOXES       4
#define BL_SG_ENTRIES           17      /* 64 KiB in 4 KiB pages, unaligned: 17 pieces */
#define BL_MAX_TRANSFER         (64 * 1024)
#define BL_TARGETS              16
#define BL_LUNS                 8
#define BL_HOST_ID              7

/* Bounded waits: 10 us steps. A hard reset's diagnostics end well inside 50 ms. */
#define BL_STEP_US              10
#define BL_RESET_STEPS          5000
#define BL_COMMAND_STEPS        1000

#pragma pack(push, 1)
typedef struct _BL_CCB {
    UCHAR Opcode;
    UCHAR Control;              /* bits 3-4: direction */
    UCHAR CdbLength;
    UCHAR SenseLength;
    ULONG DataLength;           /* residual after completion (residual opcodes) */
    ULONG DataPointer;
    UCHAR Reserved1[2];
    UCHAR HostStatus;
    UCHAR TargetStatus;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR Cdb[12];
    UCHAR Reserved2[6];
    ULONG SensePointer;
} BL_CCB, *PBL_CCB;

typedef struct _BL_SG {
    ULONG Length;
    ULONG Address;
} BL_SG;

typedef struct _BL_OUT_MAILBOX {
    ULONG Ccb;
    UCHAR Reserved[3];
    UCHAR Action;
} BL_OUT_MAILBOX;

typedef struct _BL_IN_MAILBOX {
    ULONG Ccb;
    UCHAR HostStatus;
    UCHAR TargetStatus;
    UCHAR Reserved;
    UCHAR Code;
} BL_IN_MAILBOX;
#pragma pack(pop)

C_ASSERT(sizeof(BL_CCB) == 40);
C_ASSERT(sizeof(BL_OUT_MAILBOX) == 8);
C_ASSERT(sizeof(BL_IN_MAILBOX) == 8);

/* The SRB extension: the CCB first, then its scatter/gather list. */
typedef struct _BL_SRB_EXTENSION {
    BL_CCB Ccb;
    BL_SG Sg[BL_SG_ENTRIES];
    ULONG TransferLength;       /* DataTransferLength when the CCB was built */
} BL_SRB_EXTENSION, *PBL_SRB_EXTENSION;

typedef struct _BL_EXTENSION {
    PUCHAR Ports;
    BOOLEAN DumpMode;
    BOOLEAN Running;            /* mailboxes initialised, CCBs accepted */
    BOOLEAN NextRequestOwed;    /* the queue was full when a request started */
    ULONG Mailboxes;            /* N, each way */
    volatile BL_OUT_MAILBOX *Out;
    volatile BL_IN_MAILBOX *In;
    ULONG MailboxPhysical;
    PBL_CCB ResetCcb;           /* the bus device reset CCB (after the mailboxes) */
    ULONG ResetCcbPhysical;
    ULONG OutIndex;
    ULONG InIndex;
    ULONG Outstanding;
    PSCSI_REQUEST_BLOCK Slots[BL_MAILBOXES];
    ULONG SlotCcb[BL_MAILBOXES];
    ULONG Recoveries;
} BL_EXTENSION, *PBL_EXTENSION;

static CHAR BlVendorId[] = "104B";
static CHAR BlDeviceId[] = "1040";

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);

static UCHAR BlRead(PBL_EXTENSION Ext, ULONG Port)
{
    return ScsiPortReadPortUchar(Ext->Ports + Port);
}

static VOID BlWrite(PBL_EXTENSION Ext, ULONG Port, UCHAR Value)
{
    ScsiPortWritePortUchar(Ext->Ports + Port, Value);
}

/* Polls STATUS until (STATUS & Mask) == Value, at most Steps times. */
static BOOLEAN BlWaitStatus(PBL_EXTENSION Ext, UCHAR Mask, UCHAR Value, ULONG Steps)
{
    ULONG i;
    for (i = 0; i < Steps; i++) {
        if ((BlRead(Ext, BL_PORT_CONTROL) & Mask) == Value)
            return TRUE;
        ScsiPortStallExecution(BL_STEP_US);
    }
    return FALSE;
}

/* ======================================================================================
 * Host adapter commands and adapter start
 * ====================================================================================== */

/*
 * Sends one host adapter command: the opcode, its parameters (each once COMMAND/PARAMETER
 * BUSY is clear), then reads ReplyLength bytes from DATA IN. Waits for COMMAND COMPLETE and
 * clears it. FALSE if the adapter was not ready, did not answer or said COMMAND INVALID.
 * Used only while no CCB is outstanding (start, recovery), so INTERRUPT RESET loses nothing.
 */
static BOOLEAN BlCommand(PBL_EXTENSION Ext, UCHAR Opcode, const UCHAR *Parameters, ULONG ParameterLength,
                         PUCHAR Reply, ULONG ReplyLength)
{
    ULONG i;
    ULONG step;

    if (!BlWaitStatus(Ext, BL_STATUS_READY, BL_STATUS_READY, BL_COMMAND_STEPS))
        return FALSE;
    BlWrite(Ext, BL_PORT_COMMAND, Opcode);
    for (i = 0; i < ParameterLength; i++) {
        if (!BlWaitStatus(Ext, BL_STATUS_PARAM_BUSY, 0, BL_COMMAND_STEPS))
            return FALSE;
        BlWrite(Ext, BL_PORT_COMMAND, Parameters[i]);
    }
    for (i = 0; i < ReplyLength; i++) {
        if (!BlWaitStatus(Ext, BL_STATUS_DATA_READY, BL_STATUS_DATA_READY, BL_COMMAND_STEPS))
            return FALSE;
        Reply[i] = BlRead(Ext, BL_PORT_COMMAND);
    }
    for (step = 0; step < BL_COMMAND_STEPS; step++) {
        if ((BlRead(Ext, BL_PORT_INTERRUPT) & BL_INT_COMMAND_COMPLETE) != 0)
            break;
        ScsiPortStallExecution(BL_STEP_US);
    }
    BlWrite(Ext, BL_PORT_CONTROL, BL_CONTROL_INT_RESET);
    return (BlRead(Ext, BL_PORT_CONTROL) & BL_STATUS_CMD_INVALID) == 0;
}

/* Hard reset, then wait for the diagnostics: HOST ADAPTER READY without DIAGNOSTIC FAILURE. */
static BOOLEAN BlHardReset(PBL_EXTENSION Ext)
{
    BlWrite(Ext, BL_PORT_CONTROL, BL_CONTROL_HARD_RESET);
    ScsiPortStallExecution(BL_STEP_US);
    if (!BlWaitStatus(Ext, BL_STATUS_DIAG_ACTIVE | BL_STATUS_DIAG_FAILURE | BL_STATUS_READY,
                      BL_STATUS_READY, BL_RESET_STEPS)) {
        ScsiDebugPrint(0, "buslogic: adapter did not pass its diagnostics (STATUS %02x)\n",
                       (unsigned)BlRead(Ext, BL_PORT_CONTROL));
        return FALSE;
    }
    return TRUE;
}

/*
 * Brings the adapter to the running state: hard reset, empty mailboxes, INITIALIZE EXTENDED
 * MAILBOX, and the adapter's interrupt on (off in dump mode, where the port polls).
 */
static BOOLEAN BlStartAdapter(PBL_EXTENSION Ext)
{
    UCHAR parameters[5];
    UCHAR interruptOn;
    ULONG i;

    Ext->Running = FALSE;
    if (!BlHardReset(Ext))
        return FALSE;
    for (i = 0; i < Ext->Mailboxes; i++) {
        Ext->Out[i].Ccb = 0;
        Ext->Out[i].Action = 0;
        Ext->In[i].Ccb = 0;
        Ext->In[i].Code = 0;
    }
    Ext->OutIndex = 0;
    Ext->InIndex = 0;
    parameters[0] = (UCHAR)Ext->Mailboxes;
    parameters[1] = (UCHAR)(Ext->MailboxPhysical & 0xFF);
    parameters[2] = (UCHAR)((Ext->MailboxPhysical >> 8) & 0xFF);
    parameters[3] = (UCHAR)((Ext->MailboxPhysical >> 16) & 0xFF);
    parameters[4] = (UCHAR)((Ext->MailboxPhysical >> 24) & 0xFF);
    if (!BlCommand(Ext, BL_CMD_INIT_EXT_MAILBOX, parameters, 5, NULL, 0)) {
        ScsiDebugPrint(0, "buslogic: INITIALIZE EXTENDED MAILBOX refused\n");
        return FALSE;
    }
    interruptOn = Ext->DumpMode ? 0 : 1;
    if (!BlCommand(Ext, BL_CMD_SET_INTERRUPT, &interruptOn, 1, NULL, 0))
        return FALSE;
    Ext->Running = TRUE;
    return TRUE;
}

/* Completes every outstanding SRB with SrbStatus: through ScsiPortCompleteRequest (HwResetBus)
 * or one RequestComplete each (HwStartIo, dump mode). */
static VOID BlFailOutstanding(PBL_EXTENSION Ext, BOOLEAN UsePortSweep, UCHAR SrbStatus)
{
    ULONG slot;

    if (UsePortSweep)
        ScsiPortCompleteRequest(Ext, 0, SP_UNTAGGED, SP_UNTAGGED, SrbStatus);
    for (slot = 0; slot < BL_MAILBOXES; slot++) {
        PSCSI_REQUEST_BLOCK srb = Ext->Slots[slot];
        if (srb == NULL)
            continue;
        Ext->Slots[slot] = NULL;
        Ext->SlotCcb[slot] = 0;
        Ext->Outstanding--;
        if (!UsePortSweep) {
            srb->SrbStatus = SrbStatus;
            ScsiPortNotification(RequestComplete, Ext, srb);
        }
    }
}

static VOID BlSendOwedNextRequest(PBL_EXTENSION Ext)
{
    if (Ext->NextRequestOwed && Ext->Outstanding < Ext->Mailboxes) {
        Ext->NextRequestOwed = FALSE;
        ScsiPortNotification(NextRequest, Ext);
    }
}

/* ======================================================================================
 * DriverEntry
 * ====================================================================================== */

static BOOLEAN BlHwInitialize(PVOID DeviceExtension);
static BOOLEAN BlHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
static BOOLEAN BlHwInterrupt(PVOID DeviceExtension);
static BOOLEAN BlHwResetBus(PVOID DeviceExtension, ULONG PathId);
static SCSI_ADAPTER_CONTROL_STATUS BlHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                      PVOID Parameters);
static ULONG BlHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                             PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hwInitData;

    RtlZeroMemory(&hwInitData, sizeof(hwInitData));
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.AdapterInterfaceType = PCIBus;
    hwInitData.HwFindAdapter = BlHwFindAdapter;
    hwInitData.HwInitialize = BlHwInitialize;
    hwInitData.HwStartIo = BlHwStartIo;
    hwInitData.HwInterrupt = BlHwInterrupt;
    hwInitData.HwResetBus = BlHwResetBus;
    hwInitData.HwAdapterControl = BlHwAdapterControl;
    hwInitData.DeviceExtensionSize = sizeof(BL_EXTENSION);
    hwInitData.SpecificLuExtensionSize = 0;
    hwInitData.SrbExtensionSize = sizeof(BL_SRB_EXTENSION);
    hwInitData.NumberOfAccessRanges = 2;        /* BAR 0 (I/O), BAR 1 (memory alias) */
    hwInitData.MapBuffers = FALSE;
    hwInitData.NeedPhysicalAddresses = TRUE;
    hwInitData.TaggedQueuing = TRUE;
    hwInitData.AutoRequestSense = TRUE;
    hwInitData.MultipleRequestPerLu = TRUE;
    hwInitData.VendorId = BlVendorId;
    hwInitData.VendorIdLength = (USHORT)(sizeof(BlVendorId) - 1);
    hwInitData.DeviceId = BlDeviceId;
    hwInitData.DeviceIdLength = (USHORT)(sizeof(BlDeviceId) - 1);
    return ScsiPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
}

/* ======================================================================================
 * HwFindAdapter
 * ====================================================================================== */

static CHAR BlLower(CHAR C)
{
    return (C >= 'A' && C <= 'Z') ? (CHAR)(C - 'A' + 'a') : C;
}

/* TRUE if ArgumentString has a token "Key=<value>" whose value is not 0 (bounded scan). */
static BOOLEAN BlArgument(PCHAR ArgumentString, const CHAR *Key)
{
    ULONG i;
    ULONG start = 0;

    if (ArgumentString == NULL)
        return FALSE;
    for (i = 0; i < 256; i++) {
        CHAR c = ArgumentString[i];
        if (c == '\0' || c == ' ' || c == ';' || c == ',') {
            ULONG k = 0;
            ULONG at = start;
            while (Key[k] != '\0' && at < i && BlLower(ArgumentString[at]) == Key[k]) {
                k++;
                at++;
            }
            if (Key[k] == '\0' && at + 1 < i && ArgumentString[at] == '=' && ArgumentString[at + 1] != '0')
                return TRUE;
            if (c == '\0')
                return FALSE;
            start = i + 1;
        }
    }
    return FALSE;
}

static ULONG BlHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                             PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PBL_EXTENSION ext = (PBL_EXTENSION)DeviceExtension;
    PACCESS_RANGE ioRange = NULL;
    UCHAR board[4];
    ULONG i;
    ULONG bytes;
    ULONG contiguous = 0;
    PUCHAR uncached;
    SCSI_PHYSICAL_ADDRESS physical;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    *Again = FALSE;
    RtlZeroMemory(ext, sizeof(*ext));
    if (ConfigInfo->Length < sizeof(PORT_CONFIGURATION_INFORMATION) || ConfigInfo->AccessRanges == NULL)
        return SP_RETURN_BAD_CONFIG;
    ext->DumpMode = BlArgument(ArgumentString, "dump") || BlArgument(ArgumentString, "hiber");
    ext->Mailboxes = ext->DumpMode ? BL_DUMP_MAILBOXES : BL_MAILBOXES;

    /* The I/O BAR: four ports. */
    for (i = 0; i < ConfigInfo->NumberOfAccessRanges && i < 6; i++) {
        PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[i];
        if (!range->RangeInMemory && range->RangeLength >= BL_IO_LENGTH && range->RangeStart.QuadPart != 0) {
            ioRange = range;
            break;
        }
    }
    if (ioRange == NULL)
        return SP_RETURN_NOT_FOUND;
    ext->Ports = (PUCHAR)ScsiPortGetDeviceBase(ext, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber,
                                               ioRange->RangeStart, BL_IO_LENGTH, TRUE);
    if (ext->Ports == NULL)
        return SP_RETURN_NOT_FOUND;

    /* Whatever state a crash left it in: hard reset, then identify. */
    if (!BlHardReset(ext) || !BlCommand(ext, BL_CMD_INQUIRE_BOARD_ID, NULL, 0, board, 4)) {
        ScsiPortFreeDeviceBase(ext, ext->Ports);
        ext->Ports = NULL;
        return SP_RETURN_NOT_FOUND;
    }

    ConfigInfo->MaximumTransferLength = BL_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = BL_SG_ENTRIES - 1;
    ConfigInfo->AlignmentMask = 0;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->Dma32BitAddresses = TRUE;
    ConfigInfo->Dma64BitAddresses = 0;         /* every adapter pointer is 32-bit */
    ConfigInfo->MapBuffers = FALSE;
    ConfigInfo->NeedPhysicalAddresses = TRUE;
    ConfigInfo->TaggedQueuing = TRUE;
    ConfigInfo->MultipleRequestPerLu = TRUE;
    ConfigInfo->AutoRequestSense = TRUE;
    ConfigInfo->ResetTargetSupported = TRUE;
    ConfigInfo->InterruptMode = LevelSensitive;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = BL_TARGETS;
    ConfigInfo->MaximumNumberOfLogicalUnits = BL_LUNS;
    ConfigInfo->InitiatorBusId[0] = BL_HOST_ID;
    ConfigInfo->SrbExtensionSize = sizeof(BL_SRB_EXTENSION);

    /* Mailboxes: N outgoing then N incoming, 8 bytes each, then the CCB for device resets
     * (RESET_DEVICE SRBs come without an SRB extension); all below 4 GiB. */
    bytes = 2 * ext->Mailboxes * 8 + (ULONG)sizeof(BL_CCB);
    uncached = (PUCHAR)ScsiPortGetUncachedExtension(ext, ConfigInfo, bytes);
    if (uncached == NULL) {
        ScsiPortFreeDeviceBase(ext, ext->Ports);
        ext->Ports = NULL;
        return SP_RETURN_ERROR;
    }
    physical = ScsiPortGetPhysicalAddress(ext, NULL, uncached, &contiguous);
    if (physical.QuadPart == 0 || (ULONGLONG)physical.QuadPart + bytes > 0x100000000ULL || contiguous < bytes) {
        ScsiDebugPrint(0, "buslogic: mailboxes not addressable (physical %#llx, %u bytes)\n",
                       (unsigned long long)physical.QuadPart, (unsigned)contiguous);
        ScsiPortFreeDeviceBase(ext, ext->Ports);
        ext->Ports = NULL;
        return SP_RETURN_ERROR;
    }
    RtlZeroMemory(uncached, bytes);
    ext->Out = (volatile BL_OUT_MAILBOX *)uncached;
    ext->In = (volatile BL_IN_MAILBOX *)(uncached + ext->Mailboxes * 8);
    ext->MailboxPhysical = (ULONG)physical.QuadPart;
    ext->ResetCcb = (PBL_CCB)(uncached + 2 * ext->Mailboxes * 8);
    ext->ResetCcbPhysical = ext->MailboxPhysical + 2 * ext->Mailboxes * 8;

    ScsiDebugPrint(1, "buslogic: BT-958 board %c%c firmware %c.%c, %u mailboxes%s\n", board[0], board[1], board[2],
                   board[3], (unsigned)ext->Mailboxes, ext->DumpMode ? ", dump mode (polled)" : "");
    return SP_RETURN_FOUND;
}

/* ======================================================================================
 * HwInitialize
 * ====================================================================================== */

static BOOLEAN BlHwInitialize(PVOID DeviceExtension)
{
    PBL_EXTENSION ext = (PBL_EXTENSION)DeviceExtension;

    if (ext->Ports == NULL || ext->Out == NULL)
        return FALSE;
    return BlStartAdapter(ext);
}

/* ======================================================================================
 * HwStartIo
 * ====================================================================================== */

/* A free slot for an SRB, or BL_MAILBOXES when the queue is full. */
static ULONG BlFreeSlot(PBL_EXTENSION Ext)
{
    ULONG slot;
    if (Ext->Outstanding >= Ext->Mailboxes)
        return BL_MAILBOXES;
    for (slot = 0; slot < Ext->Mailboxes; slot++) {
        if (Ext->Slots[slot] == NULL)
            return slot;
    }
    return BL_MAILBOXES;
}

/* Puts a CCB address in the next outgoing mailbox and starts the adapter. FALSE when the
 * mailbox is still in use (the adapter has not taken it). */
static BOOLEAN BlPost(PBL_EXTENSION Ext, ULONG Ccb, UCHAR Action)
{
    volatile BL_OUT_MAILBOX *box = &Ext->Out[Ext->OutIndex];

    if (box->Action != 0)
        return FALSE;
    box->Ccb = Ccb;
    box->Action = Action;
    Ext->OutIndex = (Ext->OutIndex + 1) % Ext->Mailboxes;
    BlWrite(Ext, BL_PORT_COMMAND, BL_CMD_EXECUTE_MAILBOX);
    return TRUE;
}

/* Fills the CCB's data pointer: a scatter/gather list of the buffer's physical pieces. */
static UCHAR BlBuildData(PBL_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, PBL_SRB_EXTENSION SrbExt, ULONG CcbPhysical)
{
    PUCHAR va = (PUCHAR)Srb->DataBuffer;
    ULONG remaining = Srb->DataTransferLength;
    ULONG count = 0;

    if (va == NULL)
        return SRB_STATUS_INVALID_REQUEST;
    while (remaining != 0) {
        ULONG run = 0;
        SCSI_PHYSICAL_ADDRESS physical = ScsiPortGetPhysicalAddress(Ext, Srb, va, &run);
        if (physical.QuadPart == 0 || run == 0 || (ULONGLONG)physical.QuadPart + (run < remaining ? run : remaining) > 0x100000000ULL)
            return SRB_STATUS_ERROR;
        if (run > remaining)
            run = remaining;
        if (count == BL_SG_ENTRIES)
            return SRB_STATUS_INVALID_REQUEST;
        SrbExt->Sg[count].Length = run;
        SrbExt->Sg[count].Address = (ULONG)physical.QuadPart;
        count++;
        va += run;
        remaining -= run;
    }
    SrbExt->Ccb.DataLength = count * (ULONG)sizeof(BL_SG);
    SrbExt->Ccb.DataPointer = CcbPhysical + (ULONG)FIELD_OFFSET(BL_SRB_EXTENSION, Sg);
    return SRB_STATUS_PENDING;
}

/* Builds the CCB for an EXECUTE_SCSI SRB in its SRB extension and starts it. */
static VOID BlStartCcb(PBL_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PBL_SRB_EXTENSION srbExt = (PBL_SRB_EXTENSION)Srb->SrbExtension;
    ULONG slot = BlFreeSlot(Ext);
    ULONG contiguous = 0;
    SCSI_PHYSICAL_ADDRESS physical;
    UCHAR status = SRB_STATUS_PENDING;
    ULONG ccbPhysical;
    ULONG i;

    if (!Ext->Running || slot == BL_MAILBOXES) {
        Srb->SrbStatus = SRB_STATUS_BUSY;
        ScsiPortNotification(RequestComplete, Ext, Srb);
        ScsiPortNotification(NextRequest, Ext);
        return;
    }
    if (srbExt == NULL || Srb->TargetId >= BL_TARGETS || Srb->Lun >= BL_LUNS || Srb->PathId != 0 ||
        Srb->CdbLength == 0 || Srb->CdbLength > 12) {
        Srb->SrbStatus = Srb->PathId != 0 || Srb->TargetId >= BL_TARGETS || Srb->Lun >= BL_LUNS
            ? SRB_STATUS_INVALID_LUN : SRB_STATUS_INVALID_REQUEST;
        ScsiPortNotification(RequestComplete, Ext, Srb);
        ScsiPortNotification(NextRequest, Ext);
        return;
    }
    physical = ScsiPortGetPhysicalAddress(Ext, NULL, &srbExt->Ccb, &contiguous);
    if (physical.QuadPart == 0 || contiguous < sizeof(BL_SRB_EXTENSION) ||
        (ULONGLONG)physical.QuadPart + sizeof(BL_SRB_EXTENSION) > 0x100000000ULL) {
        Srb->SrbStatus = SRB_STATUS_ERROR;
        ScsiPortNotification(RequestComplete, Ext, Srb);
        ScsiPortNotification(NextRequest, Ext);
        return;
    }
    ccbPhysical = (ULONG)physical.QuadPart;

    RtlZeroMemory(&srbExt->Ccb, sizeof(srbExt->Ccb));
    srbExt->Ccb.TargetId = Srb->TargetId;
    srbExt->Ccb.Lun = Srb->Lun;
    srbExt->TransferLength = 0;
    {
        srbExt->Ccb.CdbLength = Srb->CdbLength;
        for (i = 0; i < Srb->CdbLength; i++)
            srbExt->Ccb.Cdb[i] = Srb->Cdb[i];
        if ((Srb->SrbFlags & (SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT)) != 0 && Srb->DataTransferLength != 0) {
            if (Srb->DataTransferLength > BL_MAX_TRANSFER) {
                status = SRB_STATUS_INVALID_REQUEST;
            } else {
                srbExt->Ccb.Opcode = BL_CCB_SG_RESIDUAL;
                srbExt->Ccb.Control = (Srb->SrbFlags & SRB_FLAGS_DATA_IN) != 0 ? BL_DIR_IN : BL_DIR_OUT;
                srbExt->TransferLength = Srb->DataTransferLength;
                status = BlBuildData(Ext, Srb, srbExt, ccbPhysical);
            }
        } else {
            srbExt->Ccb.Opcode = BL_CCB_RESIDUAL;
            srbExt->Ccb.Control = BL_DIR_NONE;
        }
        if ((Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE) == 0 && Srb->SenseInfoBuffer != NULL &&
            Srb->SenseInfoBufferLength != 0) {
            ULONG senseRun = 0;
            SCSI_PHYSICAL_ADDRESS sense = ScsiPortGetPhysicalAddress(Ext, Srb, Srb->SenseInfoBuffer, &senseRun);
            if (sense.QuadPart != 0 && senseRun != 0 && (ULONGLONG)sense.QuadPart < 0x100000000ULL) {
                srbExt->Ccb.SenseLength = (UCHAR)(senseRun < Srb->SenseInfoBufferLength ? senseRun
                                                                                        : Srb->SenseInfoBufferLength);
                srbExt->Ccb.SensePointer = (ULONG)sense.QuadPart;
            }
        }
    }
    if (status != SRB_STATUS_PENDING) {
        Srb->SrbStatus = status;
        ScsiPortNotification(RequestComplete, Ext, Srb);
        ScsiPortNotification(NextRequest, Ext);
        return;
    }

    Ext->Slots[slot] = Srb;
    Ext->SlotCcb[slot] = ccbPhysical;
    Ext->Outstanding++;
    if (Ext->Outstanding < Ext->Mailboxes)
        ScsiPortNotification(NextLuRequest, Ext, Srb->PathId, Srb->TargetId, Srb->Lun);
    else
        Ext->NextRequestOwed = TRUE;
    if (!BlPost(Ext, ccbPhysical, BL_ACTION_START)) {
        Ext->Slots[slot] = NULL;
        Ext->SlotCcb[slot] = 0;
        Ext->Outstanding--;
        Srb->SrbStatus = SRB_STATUS_BUSY;
        ScsiPortNotification(RequestComplete, Ext, Srb);
    }
}

/* RESET_DEVICE / RESET_LOGICAL_UNIT: a BUS DEVICE RESET CCB (the one in the uncached
 * extension; one reset at a time). The adapter ends the target's CCBs, then completes it. */
static VOID BlStartDeviceReset(PBL_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    ULONG slot = BlFreeSlot(Ext);
    ULONG i;

    for (i = 0; i < BL_MAILBOXES; i++) {
        if (Ext->Slots[i] != NULL && Ext->SlotCcb[i] == Ext->ResetCcbPhysical)
            slot = BL_MAILBOXES;                /* a reset is already in flight */
    }
    if (!Ext->Running || slot == BL_MAILBOXES || Srb->TargetId >= BL_TARGETS || Srb->PathId != 0) {
        Srb->SrbStatus = Srb->TargetId >= BL_TARGETS || Srb->PathId != 0 ? SRB_STATUS_INVALID_LUN : SRB_STATUS_BUSY;
        ScsiPortNotification(RequestComplete, Ext, Srb);
        ScsiPortNotification(NextRequest, Ext);
        return;
    }
    RtlZeroMemory(Ext->ResetCcb, sizeof(BL_CCB));
    Ext->ResetCcb->Opcode = BL_CCB_DEVICE_RESET;
    Ext->ResetCcb->Control = BL_DIR_NONE;
    Ext->ResetCcb->TargetId = Srb->TargetId;
    Ext->Slots[slot] = Srb;
    Ext->SlotCcb[slot] = Ext->ResetCcbPhysical;
    Ext->Outstanding++;
    if (!BlPost(Ext, Ext->ResetCcbPhysical, BL_ACTION_START)) {
        Ext->Slots[slot] = NULL;
        Ext->SlotCcb[slot] = 0;
        Ext->Outstanding--;
        Srb->SrbStatus = SRB_STATUS_BUSY;
        ScsiPortNotification(RequestComplete, Ext, Srb);
    }
    ScsiPortNotification(NextRequest, Ext);
}

/* SRB_FUNCTION_ABORT_COMMAND: an ABORT mailbox for the CCB of Srb->NextSrb; the aborted SRB
 * completes (ABORTED) through its incoming mailbox. */
static UCHAR BlAbort(PBL_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    ULONG slot;

    for (slot = 0; slot < BL_MAILBOXES; slot++) {
        if (Ext->Slots[slot] != NULL && Ext->Slots[slot] == Srb->NextSrb)
            return BlPost(Ext, Ext->SlotCcb[slot], BL_ACTION_ABORT) ? SRB_STATUS_SUCCESS : SRB_STATUS_ABORT_FAILED;
    }
    return SRB_STATUS_ABORT_FAILED;
}

static VOID BlResetBus(PBL_EXTENSION Ext, BOOLEAN UsePortSweep);

static BOOLEAN BlHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PBL_EXTENSION ext = (PBL_EXTENSION)DeviceExtension;
    UCHAR status;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        BlStartCcb(ext, Srb);
        return TRUE;
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        BlStartDeviceReset(ext, Srb);
        return TRUE;
    case SRB_FUNCTION_ABORT_COMMAND:
        status = ext->Running ? BlAbort(ext, Srb) : SRB_STATUS_ABORT_FAILED;
        break;
    case SRB_FUNCTION_RESET_BUS:
        BlResetBus(ext, FALSE);
        status = SRB_STATUS_SUCCESS;
        break;
    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_FLUSH:
        status = SRB_STATUS_SUCCESS;
        break;
    default:
        status = SRB_STATUS_INVALID_REQUEST;
        break;
    }
    Srb->SrbStatus = status;
    ScsiPortNotification(RequestComplete, ext, Srb);
    ScsiPortNotification(NextRequest, ext);
    return TRUE;
}

/* ======================================================================================
 * HwInterrupt
 * ====================================================================================== */

/* Turns one incoming mailbox into the SRB's status. */
static VOID BlTranslate(PSCSI_REQUEST_BLOCK Srb, PBL_SRB_EXTENSION SrbExt, UCHAR Code, UCHAR Host, UCHAR Target)
{
    UCHAR status;
    ULONG residual;

    Srb->ScsiStatus = SCSISTAT_GOOD;
    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = Code == BL_DONE_OK ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR;     /* device reset */
        return;
    }
    switch (Code) {
    case BL_DONE_OK:
    case BL_DONE_ERROR:
        if (Host == 0) {
            Srb->ScsiStatus = Target;
            if (Target == SCSISTAT_GOOD || Target == SCSISTAT_CONDITION_MET) {
                residual = SrbExt->Ccb.DataLength;
                if (SrbExt->TransferLength == 0)
                    residual = 0;
                if (residual > SrbExt->TransferLength) {
                    status = SRB_STATUS_ERROR;
                } else {
                    Srb->DataTransferLength = SrbExt->TransferLength - residual;
                    status = residual != 0 ? SRB_STATUS_DATA_OVERRUN : SRB_STATUS_SUCCESS;
                }
            } else if (Target == SCSISTAT_CHECK_CONDITION) {
                status = SRB_STATUS_ERROR;
                if (SrbExt->Ccb.SenseLength != 0) {
                    status |= SRB_STATUS_AUTOSENSE_VALID;
                    if (Srb->SenseInfoBufferLength > SrbExt->Ccb.SenseLength)
                        Srb->SenseInfoBufferLength = SrbExt->Ccb.SenseLength;
                }
            } else if (Target == SCSISTAT_BUSY) {
                status = SRB_STATUS_BUSY;
            } else {
                status = SRB_STATUS_ERROR;
            }
        } else if (Host == BL_HOST_SELECTION_TIMEOUT) {
            status = SRB_STATUS_SELECTION_TIMEOUT;
        } else if (Host == BL_HOST_OVER_UNDERRUN) {
            status = SRB_STATUS_DATA_OVERRUN;
        } else if (Host == BL_HOST_ASSERTED_RESET || Host == BL_HOST_OTHER_RESET || Host == BL_HOST_DEVICE_RESET) {
            status = SRB_STATUS_BUS_RESET;
        } else {
            status = SRB_STATUS_ERROR;
        }
        break;
    case BL_DONE_ABORTED:
        status = SRB_STATUS_ABORTED;
        break;
    default:                                    /* INVALID CCB: a CCB this driver built */
        status = SRB_STATUS_INVALID_REQUEST;
        break;
    }
    Srb->SrbStatus = status;
}

/* Consumes the filled incoming mailboxes (at most N), completing their SRBs. A mailbox for a
 * CCB no SRB owns any more (given up in a reset, ABORTED NOT FOUND) is dropped. */
static VOID BlDrainIncoming(PBL_EXTENSION Ext)
{
    ULONG n;

    for (n = 0; n < Ext->Mailboxes; n++) {
        volatile BL_IN_MAILBOX *box = &Ext->In[Ext->InIndex];
        UCHAR code = box->Code;
        ULONG ccb;
        UCHAR host;
        UCHAR target;
        ULONG slot;

        if (code == 0)
            break;
        ccb = box->Ccb;
        host = box->HostStatus;
        target = box->TargetStatus;
        box->Code = 0;
        Ext->InIndex = (Ext->InIndex + 1) % Ext->Mailboxes;
        if (code == BL_DONE_NOT_FOUND)
            continue;
        for (slot = 0; slot < BL_MAILBOXES; slot++) {
            if (Ext->Slots[slot] != NULL && Ext->SlotCcb[slot] == ccb)
                break;
        }
        if (slot == BL_MAILBOXES)
            continue;
        {
            PSCSI_REQUEST_BLOCK srb = Ext->Slots[slot];
            Ext->Slots[slot] = NULL;
            Ext->SlotCcb[slot] = 0;
            Ext->Outstanding--;
            BlTranslate(srb, (PBL_SRB_EXTENSION)srb->SrbExtension, code, host, target);
            ScsiPortNotification(RequestComplete, Ext, srb);
        }
    }
}

static BOOLEAN BlHwInterrupt(PVOID DeviceExtension)
{
    PBL_EXTENSION ext = (PBL_EXTENSION)DeviceExtension;
    UCHAR pending;

    if (ext->Ports == NULL)
        return FALSE;
    pending = BlRead(ext, BL_PORT_INTERRUPT);
    if ((pending & BL_INT_VALID) == 0 && !ext->DumpMode)
        return FALSE;
    if (pending != 0)
        BlWrite(ext, BL_PORT_CONTROL, BL_CONTROL_INT_RESET);
    if (ext->Running)
        BlDrainIncoming(ext);
    BlSendOwedNextRequest(ext);
    return TRUE;
}

/* ======================================================================================
 * HwResetBus and recovery
 * ====================================================================================== */

/* The adapter stopped (DIAGNOSTIC FAILURE, not ready) or never started: salvage nothing,
 * restart it from a hard reset and give every outstanding SRB back. */
static VOID BlRecover(PBL_EXTENSION Ext, BOOLEAN UsePortSweep)
{
    Ext->Recoveries++;
    ScsiDebugPrint(0, "buslogic: restarting the adapter (STATUS %02x, %u outstanding)\n",
                   (unsigned)BlRead(Ext, BL_PORT_CONTROL), (unsigned)Ext->Outstanding);
    ScsiPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, 0x42490000 | Ext->Recoveries);
    if (!BlStartAdapter(Ext))
        ScsiDebugPrint(0, "buslogic: adapter did not come back\n");
    BlFailOutstanding(Ext, UsePortSweep, SRB_STATUS_BUS_RESET);
}

/* SCSI bus reset: completions already posted are reported; the adapter forgets the rest,
 * which are given back with SRB_STATUS_BUS_RESET. A stopped adapter is restarted instead. */
static VOID BlResetBus(PBL_EXTENSION Ext, BOOLEAN UsePortSweep)
{
    UCHAR status;

    if (Ext->Ports == NULL || Ext->Out == NULL) {
        BlFailOutstanding(Ext, UsePortSweep, SRB_STATUS_BUS_RESET);
        return;
    }
    status = BlRead(Ext, BL_PORT_CONTROL);
    if (!Ext->Running || (status & (BL_STATUS_DIAG_ACTIVE | BL_STATUS_DIAG_FAILURE | BL_STATUS_INIT_REQUIRED)) != 0 ||
        (status & BL_STATUS_READY) == 0) {
        BlRecover(Ext, UsePortSweep);
    } else {
        BlDrainIncoming(Ext);
        BlWrite(Ext, BL_PORT_CONTROL, BL_CONTROL_BUS_RESET);
        BlWrite(Ext, BL_PORT_CONTROL, BL_CONTROL_INT_RESET);
        BlDrainIncoming(Ext);
        BlFailOutstanding(Ext, UsePortSweep, SRB_STATUS_BUS_RESET);
    }
    ScsiPortNotification(ResetDetected, Ext);
    BlSendOwedNextRequest(Ext);
}

static BOOLEAN BlHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PBL_EXTENSION ext = (PBL_EXTENSION)DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    BlResetBus(ext, !ext->DumpMode);
    return TRUE;
}

/* ======================================================================================
 * HwAdapterControl: stop (power down) and restart (power up, after hibernation).
 * ====================================================================================== */

static SCSI_ADAPTER_CONTROL_STATUS BlHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                      PVOID Parameters)
{
    PBL_EXTENSION ext = (PBL_EXTENSION)DeviceExtension;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes: {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        if (list == NULL)
            return ScsiAdapterControlUnsuccessful;
        if (list->MaxControlType > ScsiQuerySupportedControlTypes)
            list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
        if (list->MaxControlType > ScsiStopAdapter)
            list->SupportedTypeList[ScsiStopAdapter] = TRUE;
        if (list->MaxControlType > ScsiRestartAdapter)
            list->SupportedTypeList[ScsiRestartAdapter] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    case ScsiStopAdapter:
        /* A hard reset quiets the adapter: no mailboxes, no interrupt. */
        if (ext->Ports != NULL)
            BlWrite(ext, BL_PORT_CONTROL, BL_CONTROL_HARD_RESET);
        ext->Running = FALSE;
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        if (ext->Ports == NULL || ext->Out == NULL)
            return ScsiAdapterControlUnsuccessful;
        if (ext->Outstanding != 0)
            BlFailOutstanding(ext, FALSE, SRB_STATUS_BUS_RESET);
        ext->NextRequestOwed = FALSE;
        return BlStartAdapter(ext) ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
