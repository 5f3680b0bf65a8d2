/*
 * ramdisk.c - a virtual StorPort miniport: one SCSI disk held in memory.
 *
 * There is no hardware. DriverEntry registers a *virtual* miniport
 * (VIRTUAL_HW_INITIALIZATION_DATA, ConfigInfo->VirtualDevice = TRUE): no access ranges, no
 * interrupt, no DMA. The adapter has one bus with one target and one logical unit, and at
 * PathId 0 / TargetId 0 / Lun 0 it presents a direct-access device (peripheral type 0) whose
 * blocks (512 bytes each) live in a buffer from StorPortAllocatePool. The size comes from the
 * registry value DiskSizeMB (default 16 MiB). Every other address answers
 * SRB_STATUS_SELECTION_TIMEOUT, so the port's scan finds exactly one disk.
 *
 * Layout of this file, one section per StorPort entry point:
 *
 *     common definitions and helpers (disk descriptor, extensions, completion, sense)
 *     SCSI command emulation (validation and execution of each CDB)
 *     the pending list (interlocked SList between HwStartIo and the DPC)
 *     DriverEntry
 *     HwFindAdapter
 *     HwInitialize
 *     HwBuildIo
 *     HwStartIo (SCSI requests, dump pointers, resets, aborts)
 *     the completion DPC
 *     HwResetBus
 *     HwAdapterControl
 *     HwFreeAdapterResources
 *     HwProcessServiceRequest and HwCompleteServiceIrp
 *
 * ---- Asynchronous completion and locks (normal mode) ----
 *
 * The port calls HwBuildIo first, with no lock held and possibly on several processors at
 * once. HwBuildIo only reads the disk descriptor, which does not change after HwFindAdapter,
 * and the SRB it was given; it checks the address, the operation code and the block range
 * and completes a bad request on the spot (CHECK CONDITION with fixed-format sense).
 *
 * HwStartIo then runs with the StartIoLock held (full-duplex synchronisation). It does not
 * execute the command. It pushes the SRB onto a per-adapter pending list and issues the
 * adapter's DPC, then returns. The DPC takes the whole list, puts it back into arrival order,
 * executes every request (the memory copies happen here) and completes each with
 * StorPortNotification(RequestComplete).
 *
 * The port orders its locks DpcLock < StartIoLock < InterruptLock: a routine may only take a
 * lock above every lock it already holds, and never one it holds already. HwStartIo already
 * holds the StartIoLock, so it cannot take the DpcLock to guard a list the DPC also uses. It
 * could take the InterruptLock, but then every SRB would bounce through a spin lock that
 * exists only to serialise an interrupt this adapter does not have. So the pending list is an
 * interlocked singly linked list instead (StorPortInterlockedPushEntrySList to add,
 * StorPortInterlockedFlushSList to take everything at once). Neither call takes a StorPort
 * lock, so this driver acquires *no* spin lock anywhere and the lock order cannot be broken:
 *
 *     HwStartIo (StartIoLock held)  push one entry, StorPortIssueDpc
 *     DPC (no lock held)            flush, reverse, execute, RequestComplete
 *     resets and aborts             flush, then complete or push the entries back
 *
 * Each SRB is in exactly one place at a time: on the list, in the private chain of the one
 * routine that flushed it, or completed. That is what makes a reset safe while the DPC is
 * working through a batch: the reset only sees what is still on the list, and the DPC
 * finishes what it already took. (This is also why resets here do not call
 * StorPortCompleteRequest: it would complete the SRBs a running DPC still holds, and the DPC
 * would then complete them a second time.) If the DPC is already queued or running when
 * HwStartIo issues it, it runs again after the push, so no request is left behind.
 *
 * A list entry must be 16-byte aligned. It lives in the SRB extension, and the list head
 * lives in the device extension, but the port promises only pointer alignment for either. Both
 * are therefore declared as byte areas 15 bytes larger than needed, and the aligned address
 * inside each area is computed at run time (RdQueueEntryOf, RdPendingHead). The extension
 * structures contain no 16-byte-aligned types, so the compiler never assumes that alignment
 * when it copies or clears them.
 *
 * If the port cannot initialise an interlocked list, or an SRB arrives without an SRB
 * extension, the request is executed and completed inside HwStartIo. That is the dump-mode
 * path below, and it is always correct, only not asynchronous.
 *
 * ---- Crash dump and hibernation copies ----
 *
 * For a crash dump or a hibernation file the port loads a separate copy of this image, with
 * its own globals and its own device extension. HwFindAdapter sees a ConfigInfo->DumpMode of
 * DUMP_MODE_CRASH, DUMP_MODE_HIBER, DUMP_MODE_MARK_MEMORY or DUMP_MODE_RESUME, and "dump=1" in
 * the argument string. The disk's memory belongs to the normal copy, so the dump copy needs to
 * be told where it is. This is the dump-pointers handshake:
 *
 *  1. After HwInitialize the port sends the normal copy an SRB_FUNCTION_DUMP_POINTERS
 *     request whose DataBuffer is a MINIPORT_DUMP_POINTERS. The normal copy fills it in:
 *     driver name "ramdisk", the transfer limits, Internal bus, no common buffer, and
 *     MiniportPrivateDumpData = the address of its RD_DISK descriptor (magic, size, RAM
 *     pointer, block count, block size, serial number). The descriptor sits in the normal
 *     copy's device extension, so it lives exactly as long as the adapter it describes.
 *  2. When it starts a dump copy, the port passes that pointer in ConfigInfo->MiniportDumpData.
 *     The dump copy checks the descriptor (magic, size, geometry) and serves the same memory.
 *     It does not allocate anything. If the pointer is missing or the descriptor is invalid,
 *     HwFindAdapter returns SP_RETURN_NOT_FOUND.
 *  3. HwFreeAdapterResources in the normal copy clears the magic before it frees the memory,
 *     so a dump copy started afterwards rejects the stale pointer instead of using it.
 *
 * In dump mode the port polls and nothing may be deferred. The dump copy uses no DPC, work
 * item or timer, does not read the registry, does not call StorPortQuerySystemTime and does
 * not allocate pool. HwStartIo executes and completes every request before it returns. The
 * adapter has no interrupt, so HwInterrupt is NULL in both modes. HwResetBus and the reset
 * functions have nothing to cancel in dump mode because nothing is ever pending.
 *
 * Build (from the repository root): plain cc with -I CMiniportABI/include, this file and the
 * import stub's C files (CMiniportABI/stub). README.md in this directory gives the exact
 * command.
 */
#include <storport.h>
/* The SRB accessors that read and write either SRB kind: this source serves both builds. */
#include <srbhelper.h>

/* Build with -DSTORPORT_EXTENDED_SRB=1 to take extended SRBs (STORAGE_REQUEST_BLOCK): the
 * miniport then asks for them in HW_INITIALIZATION_DATA.SrbTypeFlags and sees one in every
 * HwBuildIo / HwStartIo. The default build takes SCSI_REQUEST_BLOCKs. */
#ifndef STORPORT_EXTENDED_SRB
#define STORPORT_EXTENDED_SRB 0
#endif

/* ======================================================================================
 * Common definitions
 * ====================================================================================== */

/* storport.h names registry value types REG_*. The WDK also names the ones
 * StorPortRegistryRead accepts MINIPORT_REG_*; define the one used here if it is missing. */
#ifndef MINIPORT_REG_DWORD
#define MINIPORT_REG_DWORD          REG_DWORD
#endif

/* Geometry. */
#define RD_BLOCK_SIZE               512U
#define RD_BLOCK_SHIFT              9
#define RD_DEFAULT_DISK_MB          16U
#define RD_MAX_DISK_MB              2048U       /* the pool request is a ULONG of bytes */
#define RD_BLOCKS_PER_MB            (0x100000U / RD_BLOCK_SIZE)

/* Transfer limits, the same in normal and dump mode. Buffers are virtual (MapBuffers), so
 * NumberOfPhysicalBreaks only tells the class driver that any 1 MiB buffer is acceptable,
 * even one that does not start on a page boundary. */
#define RD_MAX_TRANSFER             0x100000U
#define RD_PAGE_SIZE                0x1000U
#define RD_PHYSICAL_BREAKS          (RD_MAX_TRANSFER / RD_PAGE_SIZE + 1)

/* Bus layout: one bus, one target, one logical unit. The initiator id is placed outside the
 * target range so that a scan that skips the initiator's id never skips target 0. */
#define RD_PATH_ID                  0
#define RD_TARGET_ID                0
#define RD_LUN                      0
#define RD_INITIATOR_ID             1

/* 'RDsk' in memory: the byte order a Windows four-character pool tag literal has. */
#define RD_POOL_TAG                 ((ULONG)'R' | ((ULONG)'D' << 8) | ((ULONG)'s' << 16) | ((ULONG)'k' << 24))

/* Identifies a valid RD_DISK ("RDSK" followed by "DUMP" when read as bytes). */
#define RD_DISK_MAGIC               0x504D55444B534452ULL

/* Serial number: "RAMDISK-" and the block count as 8 hexadecimal digits. */
#define RD_SERIAL_PREFIX            "RAMDISK-"
#define RD_SERIAL_LENGTH            16

/* Interlocked list entries and heads need this alignment. */
#define RD_SLIST_ALIGNMENT          16

/* An additional sense code the headers do not name. */
#define RD_ASC_SAVING_PARAMETERS_NOT_SUPPORTED 0x39

/* Debug output levels for StorPortDebugPrint. */
#define RD_PRINT_ERROR              0
#define RD_PRINT_INFO               1

/*
 * The disk: what the normal copy owns and what the dump-pointers handshake hands to a dump
 * copy (MiniportPrivateDumpData points at one of these). Plain data only, so a dump copy
 * built from the same source reads it the same way.
 */
typedef struct _RD_DISK {
    ULONGLONG Magic;            /* RD_DISK_MAGIC while the memory below is valid */
    ULONG Size;                 /* sizeof(RD_DISK) */
    ULONG BlockSize;            /* RD_BLOCK_SIZE */
    ULONGLONG BlockCount;
    PUCHAR Ram;                 /* BlockCount * BlockSize bytes, from StorPortAllocatePool */
    ULONG RamBytes;
    CHAR SerialNumber[RD_SERIAL_LENGTH + 1];
} RD_DISK, *PRD_DISK;

/* One pending request: the list link and the SRB it stands for. Lives in the SRB extension,
 * at a 16-byte-aligned address computed by RdQueueEntryOf. */
typedef struct _RD_QUEUE_ENTRY {
    STOR_SLIST_ENTRY Link;      /* first member: a list entry is also the queue entry */
    PSCSI_REQUEST_BLOCK Srb;
} RD_QUEUE_ENTRY, *PRD_QUEUE_ENTRY;

/* What the port allocates per SRB: room for one aligned RD_QUEUE_ENTRY. */
#define RD_SRB_EXTENSION_SIZE       (sizeof(RD_QUEUE_ENTRY) + RD_SLIST_ALIGNMENT - 1)

/* The device extension: everything this driver knows about one adapter. */
typedef struct _RD_EXTENSION {
    /* the disk this adapter serves: &OwnDisk (normal mode) or the normal copy's (dump mode) */
    PRD_DISK Disk;

    /* mode */
    UCHAR DumpMode;             /* 0 for the normal copy, else DUMP_MODE_* */
    BOOLEAN QueueReady;         /* DPC and pending list initialised: complete asynchronously */
    UCHAR Reserved0[6];

    /* normal mode only */
    RD_DISK OwnDisk;            /* the descriptor the dump-pointers handshake hands out */
    STOR_DPC WorkDpc;           /* drains the pending list */
    UCHAR PendingHeadSpace[sizeof(STOR_SLIST_HEADER) + RD_SLIST_ALIGNMENT - 1];
} RD_EXTENSION, *PRD_EXTENSION;

/* The driver name the dump copy is loaded under, as the WCHARs MINIPORT_DUMP_POINTERS holds. */
static const WCHAR RdDriverName[] = { 'r', 'a', 'm', 'd', 'i', 's', 'k', 0 };

C_ASSERT(sizeof(RdDriverName) <= sizeof(((PMINIPORT_DUMP_POINTERS)0)->DriverName));
C_ASSERT(FIELD_OFFSET(RD_QUEUE_ENTRY, Link) == 0);
C_ASSERT(sizeof(RD_SERIAL_PREFIX) - 1 + 8 == RD_SERIAL_LENGTH);
C_ASSERT((ULONGLONG)RD_MAX_DISK_MB * 0x100000U <= MAXULONG);
C_ASSERT(sizeof(SENSE_DATA) == SENSE_BUFFER_SIZE);

/* Entry points (the port calls these through VIRTUAL_HW_INITIALIZATION_DATA). */
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
static ULONG RdHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                             PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
static BOOLEAN RdHwInitialize(PVOID DeviceExtension);
static BOOLEAN RdHwBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
static BOOLEAN RdHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
static VOID RdHwDpcRoutine(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2);
static BOOLEAN RdHwResetBus(PVOID DeviceExtension, ULONG PathId);
static SCSI_ADAPTER_CONTROL_STATUS RdHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                      PVOID Parameters);
static VOID RdHwFreeAdapterResources(PVOID DeviceExtension);
static VOID RdHwProcessServiceRequest(PVOID DeviceExtension, PVOID Irp);
static VOID RdHwCompleteServiceIrp(PVOID DeviceExtension);

/* ---- small helpers ---- */

static ULONG RdMin(ULONG A, ULONG B)
{
    return A < B ? A : B;
}

/* Round Address up to a multiple of RD_SLIST_ALIGNMENT. */
static PVOID RdAlignUp(PVOID Address)
{
    ULONG_PTR value = (ULONG_PTR)Address;
    return (PVOID)((value + RD_SLIST_ALIGNMENT - 1) & ~(ULONG_PTR)(RD_SLIST_ALIGNMENT - 1));
}

static PSTOR_SLIST_HEADER RdPendingHead(PRD_EXTENSION Ext)
{
    return (PSTOR_SLIST_HEADER)RdAlignUp(Ext->PendingHeadSpace);
}

/* The queue entry inside an SRB's extension, or NULL if the SRB has none. */
static PRD_QUEUE_ENTRY RdQueueEntryOf(PSCSI_REQUEST_BLOCK Srb)
{
    if (SrbGetMiniportContext(Srb) == NULL)
        return NULL;
    return (PRD_QUEUE_ENTRY)RdAlignUp(SrbGetMiniportContext(Srb));
}

/* Big-endian fields of CDBs and of the data this disk returns. */
static ULONG RdGetBe16(const UCHAR *Bytes)
{
    return ((ULONG)Bytes[0] << 8) | Bytes[1];
}

static ULONG RdGetBe32(const UCHAR *Bytes)
{
    return ((ULONG)Bytes[0] << 24) | ((ULONG)Bytes[1] << 16) | ((ULONG)Bytes[2] << 8) | Bytes[3];
}

static ULONGLONG RdGetBe64(const UCHAR *Bytes)
{
    return ((ULONGLONG)RdGetBe32(Bytes) << 32) | RdGetBe32(Bytes + 4);
}

static VOID RdPutBe16(PUCHAR Bytes, ULONG Value)
{
    Bytes[0] = (UCHAR)(Value >> 8);
    Bytes[1] = (UCHAR)Value;
}

static VOID RdPutBe32(PUCHAR Bytes, ULONG Value)
{
    Bytes[0] = (UCHAR)(Value >> 24);
    Bytes[1] = (UCHAR)(Value >> 16);
    Bytes[2] = (UCHAR)(Value >> 8);
    Bytes[3] = (UCHAR)Value;
}

static VOID RdPutBe64(PUCHAR Bytes, ULONGLONG Value)
{
    RdPutBe32(Bytes, (ULONG)(Value >> 32));
    RdPutBe32(Bytes + 4, (ULONG)Value);
}

/* Copy a text into a fixed-width field, padded with blanks. */
static VOID RdPutText(PUCHAR Field, ULONG Width, const CHAR *Text)
{
    ULONG i;
    for (i = 0; i < Width; i++) {
        if (*Text != '\0')
            Field[i] = (UCHAR)*Text++;
        else
            Field[i] = ' ';
    }
}

/* ---- completion and status ---- */

/* Hand a finished SRB back to the port. The SRB must not be touched afterwards. */
static VOID RdCompleteSrb(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    StorPortNotification(RequestComplete, Ext, Srb);
}

/* End an SRB with an SRB status and no data. */
static VOID RdSetSrbStatus(PSCSI_REQUEST_BLOCK Srb, UCHAR SrbStatus)
{
    SrbSetSrbStatus(Srb, SrbStatus);
    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    SrbSetDataTransferLength(Srb, 0);
}

/* A command that moves no data went well. */
static VOID RdSetNoDataSuccess(PSCSI_REQUEST_BLOCK Srb)
{
    RdSetSrbStatus(Srb, SRB_STATUS_SUCCESS);
}

/*
 * End an SRB with CHECK CONDITION. The fixed-format sense data goes straight into the
 * request's sense buffer (autosense), unless the request has none or disabled autosense.
 */
static VOID RdSetCheckCondition(PSCSI_REQUEST_BLOCK Srb, UCHAR SenseKey, UCHAR Asc, UCHAR Ascq)
{
    SrbSetSrbStatus(Srb, SRB_STATUS_ERROR);
    SrbSetScsiStatus(Srb, SCSISTAT_CHECK_CONDITION);
    SrbSetDataTransferLength(Srb, 0);

    if (SrbGetSenseInfoBuffer(Srb) != NULL && SrbGetSenseInfoBufferLength(Srb) != 0 &&
        (SrbGetSrbFlags(Srb) & SRB_FLAGS_DISABLE_AUTOSENSE) == 0) {
        SENSE_DATA sense;
        ULONG length = RdMin(sizeof(sense), SrbGetSenseInfoBufferLength(Srb));

        RtlZeroMemory(&sense, sizeof(sense));
        sense.ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
        sense.SenseKey = SenseKey;
        sense.AdditionalSenseLength = (UCHAR)(sizeof(sense) - FIELD_OFFSET(SENSE_DATA, CommandSpecificInformation));
        sense.AdditionalSenseCode = Asc;
        sense.AdditionalSenseCodeQualifier = Ascq;

        RtlCopyMemory(SrbGetSenseInfoBuffer(Srb), &sense, length);
        SrbSetSenseInfoBufferLength(Srb, (UCHAR)length);
        SrbSetSrbStatus(Srb, (UCHAR)(SrbGetSrbStatus(Srb) | SRB_STATUS_AUTOSENSE_VALID));
    }
}

static VOID RdSetIllegalRequest(PSCSI_REQUEST_BLOCK Srb, UCHAR Asc)
{
    RdSetCheckCondition(Srb, SCSI_SENSE_ILLEGAL_REQUEST, Asc, 0);
}

/*
 * Return Available bytes of Data to the initiator, at most AllocationLength (from the CDB)
 * and at most the buffer. DataTransferLength becomes the bytes moved; fewer than the buffer
 * holds is an underrun, reported as SRB_STATUS_DATA_OVERRUN with the shorter length.
 */
static VOID RdReturnData(PSCSI_REQUEST_BLOCK Srb, const VOID *Data, ULONG Available, ULONG AllocationLength)
{
    ULONG moved = RdMin(Available, RdMin(AllocationLength, SrbGetDataTransferLength(Srb)));

    if (moved != 0 && SrbGetDataBuffer(Srb) == NULL) {
        RdSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    if (moved != 0)
        RtlCopyMemory(SrbGetDataBuffer(Srb), Data, moved);

    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    if (moved < SrbGetDataTransferLength(Srb)) {
        SrbSetDataTransferLength(Srb, moved);
        SrbSetSrbStatus(Srb, SRB_STATUS_DATA_OVERRUN);
    } else {
        SrbSetSrbStatus(Srb, SRB_STATUS_SUCCESS);
    }
}

/* ======================================================================================
 * SCSI command emulation
 *
 * RdValidateScsi is the part HwBuildIo runs: address, CDB length, operation code, block
 * range and transfer length. RdExecuteScsi validates again (in dump mode HwBuildIo may not
 * have run) and then carries the command out. Both only write to the SRB, its buffers and,
 * for WRITE, the disk's memory, so they are safe in any context and on any processor.
 * ====================================================================================== */

/* CDB length a command's operation code implies (its group code), or 0 for an unknown group. */
static ULONG RdCdbLengthOf(UCHAR OperationCode)
{
    switch (OperationCode >> 5) {
    case 0:
        return 6;
    case 1:
    case 2:
        return 10;
    case 4:
        return 16;
    case 5:
        return 12;
    default:
        return 0;
    }
}

/* Starting LBA and block count of a READ, WRITE or VERIFY CDB. */
static VOID RdDecodeRange(const UCHAR *Cdb, PULONGLONG Lba, PULONG Blocks)
{
    if (Cdb[0] == SCSIOP_READ16 || Cdb[0] == SCSIOP_WRITE16) {
        *Lba = RdGetBe64(Cdb + 2);
        *Blocks = RdGetBe32(Cdb + 10);
    } else {
        *Lba = RdGetBe32(Cdb + 2);
        *Blocks = RdGetBe16(Cdb + 7);
    }
}

/* TRUE if Blocks blocks from Lba lie on the disk (computed without overflow). */
static BOOLEAN RdRangeIsOnDisk(PRD_DISK Disk, ULONGLONG Lba, ULONGLONG Blocks)
{
    return Lba <= Disk->BlockCount && Blocks <= Disk->BlockCount - Lba;
}

/*
 * Check everything about an EXECUTE_SCSI request that can be checked without executing it.
 * On failure the SRB's status (and sense) are set and FALSE is returned; the caller
 * completes it.
 */
static BOOLEAN RdValidateScsi(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PRD_DISK disk = Ext->Disk;
    const UCHAR *cdb = ((PUCHAR)SrbGetCdb(Srb));
    ULONGLONG lba;
    ULONG blocks;

    if (SrbGetPathId(Srb) != RD_PATH_ID || SrbGetTargetId(Srb) != RD_TARGET_ID || SrbGetLun(Srb) != RD_LUN) {
        RdSetSrbStatus(Srb, SRB_STATUS_SELECTION_TIMEOUT);
        return FALSE;
    }
    if (SrbGetCdbLength(Srb) == 0 || SrbGetCdbLength(Srb) > 16) {
        RdSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        return FALSE;
    }

    switch (cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_REQUEST_SENSE:
    case SCSIOP_INQUIRY:
    case SCSIOP_MODE_SENSE:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_READ_CAPACITY:
    case SCSIOP_MODE_SENSE10:
    case SCSIOP_REPORT_LUNS:
        break;

    case SCSIOP_SERVICE_ACTION_IN16:
        /* Only READ CAPACITY(16) among its service actions. */
        if (SrbGetCdbLength(Srb) >= RdCdbLengthOf(cdb[0]) && (cdb[1] & 0x1F) != SERVICE_ACTION_READ_CAPACITY16) {
            RdSetIllegalRequest(Srb, SCSI_ADSENSE_INVALID_CDB);
            return FALSE;
        }
        break;

    case SCSIOP_SYNCHRONIZE_CACHE:
        /* A block count of 0 means "to the end of the disk". */
        if (SrbGetCdbLength(Srb) >= RdCdbLengthOf(cdb[0])) {
            RdDecodeRange(cdb, &lba, &blocks);
            if (lba > disk->BlockCount || (blocks != 0 && !RdRangeIsOnDisk(disk, lba, blocks))) {
                RdSetIllegalRequest(Srb, SCSI_ADSENSE_ILLEGAL_BLOCK);
                return FALSE;
            }
        }
        break;

    case SCSIOP_VERIFY:
        if (SrbGetCdbLength(Srb) >= RdCdbLengthOf(cdb[0])) {
            /* Only the medium check (BYTCHK = 0): there is no data to compare. */
            if ((cdb[1] & 0x02) != 0) {
                RdSetIllegalRequest(Srb, SCSI_ADSENSE_INVALID_CDB);
                return FALSE;
            }
            RdDecodeRange(cdb, &lba, &blocks);
            if (!RdRangeIsOnDisk(disk, lba, blocks)) {
                RdSetIllegalRequest(Srb, SCSI_ADSENSE_ILLEGAL_BLOCK);
                return FALSE;
            }
        }
        break;

    case SCSIOP_READ:
    case SCSIOP_WRITE:
    case SCSIOP_READ16:
    case SCSIOP_WRITE16:
        if (SrbGetCdbLength(Srb) >= RdCdbLengthOf(cdb[0])) {
            RdDecodeRange(cdb, &lba, &blocks);
            if (!RdRangeIsOnDisk(disk, lba, blocks)) {
                RdSetIllegalRequest(Srb, SCSI_ADSENSE_ILLEGAL_BLOCK);
                return FALSE;
            }
            /* The buffer must be exactly the blocks the CDB names. */
            if ((ULONGLONG)SrbGetDataTransferLength(Srb) != (ULONGLONG)blocks << RD_BLOCK_SHIFT ||
                (blocks != 0 && SrbGetDataBuffer(Srb) == NULL)) {
                RdSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
                return FALSE;
            }
        }
        break;

    default:
        RdSetIllegalRequest(Srb, SCSI_ADSENSE_ILLEGAL_COMMAND);
        return FALSE;
    }

    /* Known command, but a CDB too short to hold its fields. */
    if (SrbGetCdbLength(Srb) < RdCdbLengthOf(cdb[0])) {
        RdSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        return FALSE;
    }
    return TRUE;
}

/* ---- READ and WRITE ---- */

static VOID RdReadWrite(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PRD_DISK disk = Ext->Disk;
    ULONGLONG lba;
    ULONG blocks;
    ULONG bytes;
    PUCHAR medium;

    RdDecodeRange(((PUCHAR)SrbGetCdb(Srb)), &lba, &blocks);
    bytes = blocks << RD_BLOCK_SHIFT;           /* validated: equals DataTransferLength */
    medium = disk->Ram + (lba << RD_BLOCK_SHIFT);

    if (bytes != 0) {
        if (((PUCHAR)SrbGetCdb(Srb))[0] == SCSIOP_READ || ((PUCHAR)SrbGetCdb(Srb))[0] == SCSIOP_READ16)
            RtlCopyMemory(SrbGetDataBuffer(Srb), medium, bytes);
        else
            RtlCopyMemory(medium, SrbGetDataBuffer(Srb), bytes);
    }
    SrbSetSrbStatus(Srb, SRB_STATUS_SUCCESS);
    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    SrbSetDataTransferLength(Srb, bytes);
}

/* ---- INQUIRY ---- */

static VOID RdInquiryStandard(PSCSI_REQUEST_BLOCK Srb, ULONG AllocationLength)
{
    INQUIRYDATA data;

    RtlZeroMemory(&data, sizeof(data));
    data.DeviceType = DIRECT_ACCESS_DEVICE;
    data.DeviceTypeQualifier = DEVICE_CONNECTED;
    data.Versions = 0x05;                       /* SPC-3 */
    data.ResponseDataFormat = 2;
    data.AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
    data.CommandQueue = 1;                      /* tagged queuing */
    RdPutText(data.VendorId, sizeof(data.VendorId), "MPSDK");
    RdPutText(data.ProductId, sizeof(data.ProductId), "RAMDISK");
    RdPutText(data.ProductRevisionLevel, sizeof(data.ProductRevisionLevel), "1.0");

    RdReturnData(Srb, &data, INQUIRYDATABUFFERSIZE, AllocationLength);
}

/* Vital product data: pages 0x00 (supported pages), 0x80 (serial number) and 0x83 (one
 * T10-vendor-based identifier: vendor id followed by the serial number). */
static VOID RdInquiryVpd(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR PageCode, ULONG AllocationLength)
{
    PRD_DISK disk = Ext->Disk;
    UCHAR page[64];
    ULONG length;

    RtlZeroMemory(page, sizeof(page));
    page[0] = DIRECT_ACCESS_DEVICE;             /* qualifier 0, type 0 */
    page[1] = PageCode;

    switch (PageCode) {
    case VPD_SUPPORTED_PAGES:
        page[3] = 3;
        page[4] = VPD_SUPPORTED_PAGES;
        page[5] = VPD_SERIAL_NUMBER;
        page[6] = VPD_DEVICE_IDENTIFIERS;
        length = 4 + 3;
        break;

    case VPD_SERIAL_NUMBER:
        page[3] = RD_SERIAL_LENGTH;
        RtlCopyMemory(&page[4], disk->SerialNumber, RD_SERIAL_LENGTH);
        length = 4 + RD_SERIAL_LENGTH;
        break;

    case VPD_DEVICE_IDENTIFIERS: {
        PUCHAR descriptor = &page[4];
        ULONG identifierLength = 8 + RD_SERIAL_LENGTH;

        descriptor[0] = VpdCodeSetAscii;
        descriptor[1] = (UCHAR)((VpdAssocDevice << 4) | VpdIdentifierTypeVendorId);
        descriptor[3] = (UCHAR)identifierLength;
        RdPutText(&descriptor[4], 8, "MPSDK");
        RtlCopyMemory(&descriptor[4 + 8], disk->SerialNumber, RD_SERIAL_LENGTH);
        page[3] = (UCHAR)(4 + identifierLength);
        length = 4 + 4 + identifierLength;
        break;
    }

    default:
        RdSetIllegalRequest(Srb, SCSI_ADSENSE_INVALID_CDB);
        return;
    }

    RdReturnData(Srb, page, length, AllocationLength);
}

static VOID RdInquiry(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    const UCHAR *cdb = ((PUCHAR)SrbGetCdb(Srb));
    ULONG allocationLength = RdGetBe16(cdb + 3);
    BOOLEAN evpd = (cdb[1] & 0x01) != 0;

    if (evpd)
        RdInquiryVpd(Ext, Srb, cdb[2], allocationLength);
    else if (cdb[2] != 0)
        RdSetIllegalRequest(Srb, SCSI_ADSENSE_INVALID_CDB);     /* a page code needs EVPD */
    else
        RdInquiryStandard(Srb, allocationLength);
}

/* ---- READ CAPACITY(10) and (16) ---- */

static VOID RdReadCapacity10(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    ULONGLONG lastLba = Ext->Disk->BlockCount - 1;
    UCHAR data[8];

    /* A disk too large for 32 bits answers 0xFFFFFFFF: "ask READ CAPACITY(16)". */
    RdPutBe32(&data[0], lastLba > 0xFFFFFFFEULL ? 0xFFFFFFFFU : (ULONG)lastLba);
    RdPutBe32(&data[4], Ext->Disk->BlockSize);
    RdReturnData(Srb, data, sizeof(data), sizeof(data));
}

static VOID RdReadCapacity16(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    UCHAR data[32];

    RtlZeroMemory(data, sizeof(data));
    RdPutBe64(&data[0], Ext->Disk->BlockCount - 1);
    RdPutBe32(&data[8], Ext->Disk->BlockSize);
    /* no protection, one logical block per physical block, no thin provisioning */
    RdReturnData(Srb, data, sizeof(data), RdGetBe32(((PUCHAR)SrbGetCdb(Srb)) + 10));
}

/* ---- MODE SENSE(6) and (10) ---- */

/*
 * Mode parameter header, no block descriptors, and the caching page when it is asked for
 * (page 0x08 or all pages). The write cache is reported off: a write is in the disk's memory
 * when it completes, so there is nothing to flush.
 */
static VOID RdModeSense(PSCSI_REQUEST_BLOCK Srb)
{
    const UCHAR *cdb = ((PUCHAR)SrbGetCdb(Srb));
    BOOLEAN ten = (cdb[0] == SCSIOP_MODE_SENSE10);
    ULONG headerLength = ten ? MODE_HEADER_LENGTH10 : MODE_HEADER_LENGTH;
    ULONG allocationLength = ten ? RdGetBe16(cdb + 7) : cdb[4];
    UCHAR pageCode = cdb[2] & 0x3F;
    UCHAR pageControl = (UCHAR)(cdb[2] >> 6);
    UCHAR subpageCode = cdb[3];
    UCHAR data[MODE_HEADER_LENGTH10 + 20];
    ULONG length = headerLength;

    if (pageControl == MODE_SENSE_SAVED_VALUES_PAGE_CONTROL) {
        RdSetIllegalRequest(Srb, RD_ASC_SAVING_PARAMETERS_NOT_SUPPORTED);
        return;
    }
    if (subpageCode != 0 && !(pageCode == MODE_SENSE_RETURN_ALL && subpageCode == 0xFF)) {
        RdSetIllegalRequest(Srb, SCSI_ADSENSE_INVALID_CDB);
        return;
    }

    RtlZeroMemory(data, sizeof(data));
    if (pageCode == MODE_PAGE_CACHING || pageCode == MODE_SENSE_RETURN_ALL) {
        /* Caching page, 20 bytes. Current, default and changeable values are all zero:
         * read cache on, write cache off, nothing changeable. */
        data[length + 0] = MODE_PAGE_CACHING;
        data[length + 1] = 0x12;
        length += 20;
    } else {
        RdSetIllegalRequest(Srb, SCSI_ADSENSE_INVALID_CDB);
        return;
    }

    /* Medium type 0, device-specific parameter 0 (not write-protected), no descriptors. */
    if (ten)
        RdPutBe16(&data[0], length - 2);
    else
        data[0] = (UCHAR)(length - 1);

    RdReturnData(Srb, data, length, allocationLength);
}

/* ---- REQUEST SENSE and REPORT LUNS ---- */

/* Errors are reported through autosense as they happen, so there is never sense data left
 * over: REQUEST SENSE returns NO SENSE. */
static VOID RdRequestSense(PSCSI_REQUEST_BLOCK Srb)
{
    SENSE_DATA sense;

    RtlZeroMemory(&sense, sizeof(sense));
    sense.ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
    sense.SenseKey = SCSI_SENSE_NO_SENSE;
    sense.AdditionalSenseLength = (UCHAR)(sizeof(sense) - FIELD_OFFSET(SENSE_DATA, CommandSpecificInformation));
    RdReturnData(Srb, &sense, sizeof(sense), ((PUCHAR)SrbGetCdb(Srb))[4]);
}

/* One logical unit: LUN 0. */
static VOID RdReportLuns(PSCSI_REQUEST_BLOCK Srb)
{
    ULONG allocationLength = RdGetBe32(((PUCHAR)SrbGetCdb(Srb)) + 6);
    UCHAR data[16];

    if (allocationLength < sizeof(data)) {
        RdSetIllegalRequest(Srb, SCSI_ADSENSE_INVALID_CDB);
        return;
    }
    RtlZeroMemory(data, sizeof(data));
    RdPutBe32(&data[0], 8);                     /* one 8-byte entry; LUN 0 is all zeros */
    RdReturnData(Srb, data, sizeof(data), allocationLength);
}

/* Validate and carry out an EXECUTE_SCSI request; the caller completes it. */
static VOID RdExecuteScsi(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    if (!RdValidateScsi(Ext, Srb))
        return;

    switch (((PUCHAR)SrbGetCdb(Srb))[0]) {
    case SCSIOP_READ:
    case SCSIOP_WRITE:
    case SCSIOP_READ16:
    case SCSIOP_WRITE16:
        RdReadWrite(Ext, Srb);
        break;
    case SCSIOP_INQUIRY:
        RdInquiry(Ext, Srb);
        break;
    case SCSIOP_READ_CAPACITY:
        RdReadCapacity10(Ext, Srb);
        break;
    case SCSIOP_SERVICE_ACTION_IN16:
        RdReadCapacity16(Ext, Srb);
        break;
    case SCSIOP_MODE_SENSE:
    case SCSIOP_MODE_SENSE10:
        RdModeSense(Srb);
        break;
    case SCSIOP_REQUEST_SENSE:
        RdRequestSense(Srb);
        break;
    case SCSIOP_REPORT_LUNS:
        RdReportLuns(Srb);
        break;
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_VERIFY:
        /* Always ready, nothing to spin, flush or check: the range was validated. */
        RdSetNoDataSuccess(Srb);
        break;
    default:
        /* RdValidateScsi lets no other operation code through. */
        RdSetIllegalRequest(Srb, SCSI_ADSENSE_ILLEGAL_COMMAND);
        break;
    }
}

/* ======================================================================================
 * The pending list
 *
 * Normal mode only (QueueReady). HwStartIo pushes; the DPC, resets, aborts and
 * ScsiStopAdapter flush. None of these takes a spin lock (see the header comment).
 * ====================================================================================== */

/* Add an SRB to the pending list and make sure the DPC runs. FALSE if the SRB could not be
 * queued (no SRB extension, or the push failed); the caller then executes it itself. */
static BOOLEAN RdQueueRequest(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PRD_QUEUE_ENTRY entry = RdQueueEntryOf(Srb);
    PSTOR_SLIST_ENTRY previous = NULL;

    if (entry == NULL)
        return FALSE;

    entry->Srb = Srb;
    if (StorPortInterlockedPushEntrySList(Ext, RdPendingHead(Ext), &entry->Link, &previous) != STOR_STATUS_SUCCESS)
        return FALSE;

    /* From here on the SRB belongs to the DPC, which may already be completing it. If the
     * DPC is queued already, StorPortIssueDpc returns FALSE, and that queued run will see
     * the entry. */
    (VOID)StorPortIssueDpc(Ext, &Ext->WorkDpc, NULL, NULL);
    return TRUE;
}

/* Take every pending entry off the list, oldest first. */
static PSTOR_SLIST_ENTRY RdTakePending(PRD_EXTENSION Ext)
{
    PSTOR_SLIST_ENTRY newestFirst = NULL;
    PSTOR_SLIST_ENTRY oldestFirst = NULL;

    if (!Ext->QueueReady)
        return NULL;
    if (StorPortInterlockedFlushSList(Ext, RdPendingHead(Ext), &newestFirst) != STOR_STATUS_SUCCESS)
        return NULL;

    /* The list hands entries back newest first; reverse the chain. */
    while (newestFirst != NULL) {
        PSTOR_SLIST_ENTRY next = newestFirst->Next;
        newestFirst->Next = oldestFirst;
        oldestFirst = newestFirst;
        newestFirst = next;
    }
    return oldestFirst;
}

static PSCSI_REQUEST_BLOCK RdSrbOf(PSTOR_SLIST_ENTRY Entry)
{
    return CONTAINING_RECORD(Entry, RD_QUEUE_ENTRY, Link)->Srb;
}

/* Execute and complete everything pending, including what arrives meanwhile. */
static VOID RdDrainPending(PRD_EXTENSION Ext)
{
    PSTOR_SLIST_ENTRY chain;

    while ((chain = RdTakePending(Ext)) != NULL) {
        while (chain != NULL) {
            /* Read the link first: once completed, the SRB and its extension are the port's. */
            PSTOR_SLIST_ENTRY next = chain->Next;
            PSCSI_REQUEST_BLOCK srb = RdSrbOf(chain);

            RdExecuteScsi(Ext, srb);
            RdCompleteSrb(Ext, srb);
            chain = next;
        }
    }
}

/* Complete everything still pending with SrbStatus, unexecuted (resets). */
static VOID RdFailPending(PRD_EXTENSION Ext, UCHAR SrbStatus)
{
    PSTOR_SLIST_ENTRY chain = RdTakePending(Ext);

    while (chain != NULL) {
        PSTOR_SLIST_ENTRY next = chain->Next;
        PSCSI_REQUEST_BLOCK srb = RdSrbOf(chain);

        RdSetSrbStatus(srb, SrbStatus);
        RdCompleteSrb(Ext, srb);
        chain = next;
    }
}

/* Complete Victim with SRB_STATUS_ABORTED if it is still pending; everything else taken off
 * the list goes back on it in its original order. TRUE if Victim was found. */
static BOOLEAN RdAbortPending(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Victim)
{
    PSTOR_SLIST_ENTRY chain = RdTakePending(Ext);
    BOOLEAN found = FALSE;
    BOOLEAN requeued = FALSE;

    while (chain != NULL) {
        PSTOR_SLIST_ENTRY next = chain->Next;
        PSCSI_REQUEST_BLOCK srb = RdSrbOf(chain);

        if (srb == Victim && !found) {
            found = TRUE;
            RdSetSrbStatus(srb, SRB_STATUS_ABORTED);
            RdCompleteSrb(Ext, srb);
        } else {
            PSTOR_SLIST_ENTRY previous = NULL;
            if (StorPortInterlockedPushEntrySList(Ext, RdPendingHead(Ext), chain, &previous) == STOR_STATUS_SUCCESS) {
                requeued = TRUE;
            } else {
                /* It was on this list a moment ago; if it cannot go back, finish it here. */
                RdExecuteScsi(Ext, srb);
                RdCompleteSrb(Ext, srb);
            }
        }
        chain = next;
    }

    if (requeued)
        (VOID)StorPortIssueDpc(Ext, &Ext->WorkDpc, NULL, NULL);
    return found;
}

/* ======================================================================================
 * DriverEntry
 *
 * Register a virtual miniport: no interrupt, no access ranges, every buffer mapped to a
 * virtual address (the copies are done by the CPU), tagged queuing with several requests per
 * LU, autosense, and the routines StorPort calls for virtual adapters.
 * ====================================================================================== */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
#if STORPORT_EXTENDED_SRB
    /* SrbTypeFlags exists only in the Windows 8 form, where a virtual miniport says what it is
     * with STOR_FEATURE_VIRTUAL_MINIPORT (its HwFindAdapter keeps the virtual signature). */
    HW_INITIALIZATION_DATA hwInitData;
#else
    VIRTUAL_HW_INITIALIZATION_DATA hwInitData;
#endif

    RtlZeroMemory(&hwInitData, sizeof(hwInitData));
    hwInitData.HwInitializationDataSize = sizeof(hwInitData);
    hwInitData.AdapterInterfaceType = Internal;

    hwInitData.HwInitialize = RdHwInitialize;
    hwInitData.HwStartIo = RdHwStartIo;
    hwInitData.HwInterrupt = NULL;              /* no hardware, no interrupt */
#if STORPORT_EXTENDED_SRB
    hwInitData.HwFindAdapter = (PHW_FIND_ADAPTER)(void (*)(void))RdHwFindAdapter;
    hwInitData.FeatureSupport = STOR_FEATURE_VIRTUAL_MINIPORT;
    hwInitData.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
    hwInitData.AddressTypeFlags = ADDRESS_TYPE_FLAG_BTL8;
#else
    hwInitData.HwFindAdapter = RdHwFindAdapter;
#endif
    hwInitData.HwResetBus = RdHwResetBus;
    hwInitData.HwAdapterControl = RdHwAdapterControl;
    hwInitData.HwBuildIo = RdHwBuildIo;
    hwInitData.HwFreeAdapterResources = RdHwFreeAdapterResources;
    hwInitData.HwProcessServiceRequest = RdHwProcessServiceRequest;
    hwInitData.HwCompleteServiceIrp = RdHwCompleteServiceIrp;

    hwInitData.DeviceExtensionSize = sizeof(RD_EXTENSION);
    hwInitData.SpecificLuExtensionSize = 0;
    hwInitData.SrbExtensionSize = (ULONG)RD_SRB_EXTENSION_SIZE;
    hwInitData.NumberOfAccessRanges = 0;

    hwInitData.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    hwInitData.NeedPhysicalAddresses = FALSE;
    hwInitData.TaggedQueuing = TRUE;
    hwInitData.AutoRequestSense = TRUE;
    hwInitData.MultipleRequestPerLu = TRUE;
    hwInitData.ReceiveEvent = FALSE;

    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&hwInitData, NULL);
}

/* ======================================================================================
 * HwFindAdapter
 *
 * Describe the virtual adapter in ConfigInfo. The normal copy reads DiskSizeMB, allocates
 * and clears the disk's memory and fills in its descriptor. A dump copy takes the descriptor
 * the normal copy handed out through the dump-pointers handshake (ConfigInfo->
 * MiniportDumpData) and allocates nothing.
 * ====================================================================================== */

static CHAR RdLowerCase(CHAR C)
{
    return (C >= 'A' && C <= 'Z') ? (CHAR)(C - 'A' + 'a') : C;
}

static BOOLEAN RdIsArgumentSeparator(CHAR C)
{
    return C == ' ' || C == '\t' || C == ';' || C == ',';
}

/* TRUE if ArgumentString holds "Key=<value>" with a value other than 0. Keys compare
 * case-insensitively (Key is given in lower case); tokens are separated by blanks, ';' or
 * ','. */
static BOOLEAN RdArgumentIsSet(PCHAR ArgumentString, const CHAR *Key)
{
    PCHAR cursor = ArgumentString;

    if (cursor == NULL)
        return FALSE;

    while (*cursor != '\0') {
        PCHAR token;
        PCHAR end;
        ULONG i = 0;

        while (*cursor != '\0' && RdIsArgumentSeparator(*cursor))
            cursor++;
        token = cursor;
        while (*cursor != '\0' && !RdIsArgumentSeparator(*cursor))
            cursor++;
        end = cursor;

        while (Key[i] != '\0' && token + i < end && RdLowerCase(token[i]) == Key[i])
            i++;
        if (Key[i] == '\0' && token + i < end && token[i] == '=') {
            PCHAR value;
            for (value = token + i + 1; value < end; value++) {
                if (*value != '0')
                    return TRUE;
            }
        }
    }
    return FALSE;
}

/* Read one REG_DWORD value through a registry buffer. Global = 0 reads the adapter's own
 * value, 1 the value shared by every adapter of this driver. */
static BOOLEAN RdReadRegistryDword(PRD_EXTENSION Ext, ULONG Global, PULONG Value)
{
    UCHAR valueName[] = "DiskSizeMB";
    ULONG length = sizeof(ULONG);
    PUCHAR buffer = StorPortAllocateRegistryBuffer(Ext, &length);
    BOOLEAN found = FALSE;

    if (buffer == NULL)
        return FALSE;

    RtlZeroMemory(buffer, sizeof(ULONG));
    length = sizeof(ULONG);
    if (StorPortRegistryRead(Ext, valueName, Global, MINIPORT_REG_DWORD, buffer, &length) &&
        length >= sizeof(ULONG)) {
        RtlCopyMemory(Value, buffer, sizeof(ULONG));
        found = TRUE;
    }
    StorPortFreeRegistryBuffer(Ext, buffer);
    return found;
}

/* Disk size in MiB: the adapter's DiskSizeMB, else the driver-wide one, else 16. */
static ULONG RdQueryDiskSizeMB(PRD_EXTENSION Ext)
{
    ULONG sizeMB = 0;

    if (!RdReadRegistryDword(Ext, 0, &sizeMB) && !RdReadRegistryDword(Ext, 1, &sizeMB))
        return RD_DEFAULT_DISK_MB;

    if (sizeMB == 0 || sizeMB > RD_MAX_DISK_MB) {
        StorPortDebugPrint(RD_PRINT_ERROR, "ramdisk: DiskSizeMB %u is outside 1..%u, using %u\n", (unsigned)sizeMB,
                           RD_MAX_DISK_MB, RD_DEFAULT_DISK_MB);
        return RD_DEFAULT_DISK_MB;
    }
    return sizeMB;
}

/* "RAMDISK-" followed by the block count in 8 hexadecimal digits. */
static VOID RdMakeSerialNumber(PRD_DISK Disk)
{
    static const CHAR hexDigits[] = "0123456789ABCDEF";
    ULONG prefixLength = sizeof(RD_SERIAL_PREFIX) - 1;
    ULONG value = (ULONG)Disk->BlockCount;
    ULONG i;

    RtlCopyMemory(Disk->SerialNumber, RD_SERIAL_PREFIX, prefixLength);
    for (i = 0; i < 8; i++)
        Disk->SerialNumber[prefixLength + i] = hexDigits[(value >> (28 - 4 * i)) & 0xF];
    Disk->SerialNumber[RD_SERIAL_LENGTH] = '\0';
}

/* A descriptor a dump copy may use: the normal copy's, still valid, and self-consistent. */
static BOOLEAN RdDiskIsValid(PRD_DISK Disk)
{
    return Disk != NULL && Disk->Magic == RD_DISK_MAGIC && Disk->Size == sizeof(RD_DISK) &&
           Disk->BlockSize == RD_BLOCK_SIZE && Disk->Ram != NULL && Disk->BlockCount != 0 &&
           Disk->BlockCount * RD_BLOCK_SIZE == Disk->RamBytes;
}

/* Normal copy: size the disk, allocate and clear its memory, describe it. */
static ULONG RdCreateDisk(PRD_EXTENSION Ext)
{
    PRD_DISK disk = &Ext->OwnDisk;
    ULONG sizeMB = RdQueryDiskSizeMB(Ext);
    ULONG bytes = sizeMB * 0x100000U;
    PVOID ram = NULL;
    ULONG status;

    status = StorPortAllocatePool(Ext, bytes, RD_POOL_TAG, &ram);
    if (status != STOR_STATUS_SUCCESS || ram == NULL) {
        StorPortDebugPrint(RD_PRINT_ERROR, "ramdisk: cannot allocate %u MiB for the disk (status %#x)\n",
                           (unsigned)sizeMB,
                           (unsigned)status);
        StorPortLogError(Ext, NULL, RD_PATH_ID, RD_TARGET_ID, RD_LUN, SP_INTERNAL_ADAPTER_ERROR, sizeMB);
        return SP_RETURN_ERROR;
    }
    RtlZeroMemory(ram, bytes);

    disk->Size = sizeof(RD_DISK);
    disk->BlockSize = RD_BLOCK_SIZE;
    disk->BlockCount = (ULONGLONG)sizeMB * RD_BLOCKS_PER_MB;
    disk->Ram = ram;
    disk->RamBytes = bytes;
    RdMakeSerialNumber(disk);
    disk->Magic = RD_DISK_MAGIC;                /* last: the descriptor is now complete */

    Ext->Disk = disk;
    StorPortDebugPrint(RD_PRINT_INFO, "ramdisk: %u MiB disk, %llu blocks of %u bytes\n", (unsigned)sizeMB,
                       disk->BlockCount, (unsigned)disk->BlockSize);
    return SP_RETURN_FOUND;
}

static ULONG RdHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                             PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceExtension;
    ULONG result;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);

    if (Again != NULL)
        *Again = FALSE;

    RtlZeroMemory(ext, sizeof(*ext));
    ext->DumpMode = ConfigInfo->DumpMode;
    if (ext->DumpMode == 0 && RdArgumentIsSet(ArgumentString, "dump"))
        ext->DumpMode = DUMP_MODE_CRASH;

    if (ext->DumpMode != 0) {
        /* The normal copy's descriptor, from the dump-pointers handshake. Nothing of ours to
         * allocate: the memory is the normal copy's and stays its. */
        PRD_DISK disk = (PRD_DISK)ConfigInfo->MiniportDumpData;
        if (!RdDiskIsValid(disk)) {
            StorPortDebugPrint(RD_PRINT_ERROR, "ramdisk: dump mode %u without valid dump data (%p)\n",
                               ext->DumpMode, (PVOID)disk);
            return SP_RETURN_NOT_FOUND;
        }
        ext->Disk = disk;
    } else {
        result = RdCreateDisk(ext);
        if (result != SP_RETURN_FOUND)
            return result;
    }

    /* A virtual adapter: one bus, one target, one LU; no interrupt, no DMA constraints. */
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->AdapterInterfaceType = Internal;
    ConfigInfo->MaximumTransferLength = RD_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = RD_PHYSICAL_BREAKS;
    ConfigInfo->AlignmentMask = 0;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->InitiatorBusId[0] = RD_INITIATOR_ID;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->TaggedQueuing = TRUE;
    ConfigInfo->AutoRequestSense = TRUE;
    ConfigInfo->MultipleRequestPerLu = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;

    return SP_RETURN_FOUND;
}

/* ======================================================================================
 * HwInitialize
 *
 * Normal mode: set up the completion DPC and the pending list. If the list cannot be set up,
 * requests are completed inside HwStartIo instead. Dump mode: nothing (no DPCs there).
 * ====================================================================================== */

static BOOLEAN RdHwInitialize(PVOID DeviceExtension)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceExtension;
    ULONG status;

    ext->QueueReady = FALSE;
    if (ext->DumpMode != 0)
        return TRUE;

    StorPortInitializeDpc(ext, &ext->WorkDpc, RdHwDpcRoutine);
    status = StorPortInitializeSListHead(ext, RdPendingHead(ext));
    if (status == STOR_STATUS_SUCCESS) {
        ext->QueueReady = TRUE;
    } else {
        StorPortDebugPrint(RD_PRINT_ERROR,
                           "ramdisk: no interlocked list (status %#x): completing requests in HwStartIo\n",
                           (unsigned)status);
    }
    return TRUE;
}

/* ======================================================================================
 * HwBuildIo
 *
 * No lock held, possibly several at once. Complete what is bad (wrong address, unknown
 * command, blocks off the disk, buffer that does not match the CDB) right here and return
 * FALSE so the port does not pass it to HwStartIo. Everything else goes on to HwStartIo.
 * ====================================================================================== */

static BOOLEAN RdHwBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceExtension;

    if (SrbGetSrbFunction(Srb) != SRB_FUNCTION_EXECUTE_SCSI)
        return TRUE;                            /* HwStartIo handles the other functions */

    if (!RdValidateScsi(ext, Srb)) {
        RdCompleteSrb(ext, Srb);
        return FALSE;
    }
    return TRUE;
}

/* ======================================================================================
 * HwStartIo
 *
 * StartIoLock held. SCSI requests are queued for the DPC (normal mode) or executed on the
 * spot (dump mode). The other functions are answered at once: the dump-pointers handshake,
 * resets and aborts (which finish what is still pending), flush and shutdown (nothing cached).
 * ====================================================================================== */

/* The normal copy describes itself for a dump copy (see the header comment). */
static VOID RdFillDumpPointers(PRD_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PMINIPORT_DUMP_POINTERS pointers = (PMINIPORT_DUMP_POINTERS)SrbGetDataBuffer(Srb);
    ULONG i;

    /* Only the normal copy hands out its disk; a dump copy has nothing of its own to offer. */
    if (Ext->DumpMode != 0 || pointers == NULL || SrbGetDataTransferLength(Srb) < sizeof(MINIPORT_DUMP_POINTERS)) {
        RdSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }

    RtlZeroMemory(pointers, sizeof(*pointers));
    pointers->Version = DUMP_MINIPORT_VERSION;
    pointers->Size = (USHORT)sizeof(MINIPORT_DUMP_POINTERS);
    for (i = 0; i < RTL_NUMBER_OF(RdDriverName); i++)
        pointers->DriverName[i] = RdDriverName[i];
    pointers->AdapterObject = NULL;
    pointers->MappedRegisterBase = NULL;
    pointers->CommonBufferSize = 0;             /* the dump copy needs no DMA buffer */
    pointers->MiniportPrivateDumpData = Ext->Disk;
    pointers->SystemIoBusNumber = 0;
    pointers->AdapterInterfaceType = Internal;
    pointers->MaximumTransferLength = RD_MAX_TRANSFER;
    pointers->NumberOfPhysicalBreaks = RD_PHYSICAL_BREAKS;
    pointers->AlignmentMask = 0;
    pointers->NumberOfAccessRanges = 0;
    pointers->AccessRanges = NULL;
    pointers->NumberOfBuses = 1;
    pointers->Master = TRUE;
    pointers->MapBuffers = TRUE;
    pointers->MaximumNumberOfTargets = 1;

    SrbSetSrbStatus(Srb, SRB_STATUS_SUCCESS);
    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    SrbSetDataTransferLength(Srb, sizeof(MINIPORT_DUMP_POINTERS));
}

static BOOLEAN RdHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceExtension;

    switch (SrbGetSrbFunction(Srb)) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        if (ext->QueueReady && RdQueueRequest(ext, Srb))
            return TRUE;                        /* the DPC completes it */
        RdExecuteScsi(ext, Srb);
        break;

    case SRB_FUNCTION_DUMP_POINTERS:
        RdFillDumpPointers(ext, Srb);
        break;

    case SRB_FUNCTION_FREE_DUMP_POINTERS:
        RdSetNoDataSuccess(Srb);
        break;

    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        /* One bus, one target, one LU: every reset covers all pending requests. */
        RdFailPending(ext, SRB_STATUS_BUS_RESET);
        RdSetNoDataSuccess(Srb);
        break;

    case SRB_FUNCTION_ABORT_COMMAND:
        /* NextSrb names the request to abort. If it is no longer pending it has completed
         * or is being completed, which is as good as aborted. */
        (VOID)RdAbortPending(ext, SrbGetNextSrb(Srb));
        RdSetNoDataSuccess(Srb);
        break;

    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_FLUSH:
        /* No cache: a completed write is already in the disk's memory. */
        RdSetNoDataSuccess(Srb);
        break;

    default:
        RdSetSrbStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        break;
    }

    RdCompleteSrb(ext, Srb);
    return TRUE;
}

/* ======================================================================================
 * The completion DPC
 *
 * No lock held. Takes everything pending, oldest first, executes and completes it, and
 * repeats until the list is empty.
 * ====================================================================================== */

static VOID RdHwDpcRoutine(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    RdDrainPending((PRD_EXTENSION)HwDeviceExtension);
}

/* ======================================================================================
 * HwResetBus
 *
 * Complete every pending request with SRB_STATUS_BUS_RESET. Requests a running DPC has
 * already taken finish normally. In dump mode nothing is ever pending.
 * ====================================================================================== */

static BOOLEAN RdHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(PathId);

    RdFailPending((PRD_EXTENSION)DeviceExtension, SRB_STATUS_BUS_RESET);
    return TRUE;
}

/* ======================================================================================
 * HwAdapterControl
 *
 * No lock held. Stop finishes whatever is still pending (the port normally stops only an idle
 * adapter); restart has nothing to reprogram. The disk's memory is kept across stop and
 * restart, as a power-managed disk keeps its medium.
 * ====================================================================================== */

static SCSI_ADAPTER_CONTROL_STATUS RdHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                      PVOID Parameters)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceExtension;

    switch (ControlType) {
    case ScsiQuerySupportedControlTypes: {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        static const SCSI_ADAPTER_CONTROL_TYPE supported[] = {
            ScsiQuerySupportedControlTypes, ScsiStopAdapter, ScsiRestartAdapter, ScsiSetBootConfig,
            ScsiSetRunningConfig,
        };
        ULONG i;

        for (i = 0; i < RTL_NUMBER_OF(supported); i++) {
            if ((ULONG)supported[i] < list->MaxControlType)
                list->SupportedTypeList[supported[i]] = TRUE;
        }
        return ScsiAdapterControlSuccess;
    }

    case ScsiStopAdapter:
        RdDrainPending(ext);
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
    case ScsiSetBootConfig:
    case ScsiSetRunningConfig:
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}

/* ======================================================================================
 * HwFreeAdapterResources
 *
 * The normal copy invalidates its descriptor, then frees the disk's memory. A dump copy
 * owns nothing: the memory it served is the normal copy's.
 * ====================================================================================== */

static VOID RdHwFreeAdapterResources(PVOID DeviceExtension)
{
    PRD_EXTENSION ext = (PRD_EXTENSION)DeviceExtension;
    PRD_DISK disk = &ext->OwnDisk;

    if (ext->DumpMode != 0 || disk->Ram == NULL)
        return;

    disk->Magic = 0;                            /* a dump copy started now refuses it */
    (VOID)StorPortFreePool(ext, disk->Ram);
    disk->Ram = NULL;
    disk->RamBytes = 0;
    disk->BlockCount = 0;
    ext->Disk = NULL;
}

/* ======================================================================================
 * HwProcessServiceRequest and HwCompleteServiceIrp
 *
 * The service-request channel through which a virtual miniport's companion software talks
 * to it. This disk offers no services: a request is completed at once, and nothing is ever
 * held that would need cancelling.
 * ====================================================================================== */

static VOID RdHwProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    (VOID)StorPortCompleteServiceIrp(DeviceExtension, Irp);
}

static VOID RdHwCompleteServiceIrp(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}
