/*
 * virtioblk.c - a StorPort miniport for a virtio block device on PCI (virtio 1.x).
 *
 * It drives both PCI functions a virtio-blk device may present: the modern one (device ID
 * 0x1042, virtio vendor capabilities only) and the transitional one (0x1001, the legacy I/O
 * header in BAR0 plus the modern capabilities). The modern interface is used whenever its
 * capabilities are present; a transitional device is driven through its legacy interface
 * instead when the adapter's registry value "VirtioLegacy" (REG_DWORD) is non-zero or the
 * argument string has "legacy=1". README.md in this directory walks through the design: the
 * queue layout, MSI-X versus INTx, recovery and the dump path's memory budget.
 *
 * Layout of this file:
 *
 *     common definitions, register access, locks, completion lists
 *     the virtqueue (layout, descriptor allocation, draining)
 *     device start (reset, features, queue, vectors, DRIVER_OK) and recovery
 *     SCSI translation (commands answered from the configuration, sense data)
 *     DriverEntry, HwFindAdapter, HwInitialize, HwStartIo
 *     HwInterrupt, HwMSInterruptRoutine and the completion DPC
 *     HwResetBus, HwAdapterControl
 *
 * Request virtqueues: one, or with VIRTIO_BLK_F_MQ on the modern interface one per processor
 * (up to VIOBLK_MAX_QUEUES and the device's num_queues), each with its own MSI-X message.
 * Every request is a descriptor chain: the 16-byte header (device-readable), the data pieces
 * from StorPortGetScatterGatherList and the status byte (device-writable). Headers and status
 * bytes live next to each queue's rings in the uncached extension, one per possible chain
 * head, so a chain head identifies both its SRB and its header / status slot.
 *
 * Locking follows the full-duplex model. With one queue the port's InterruptLock protects the
 * ring, the descriptor free list and the owner table; HwStartIo, the DPC, HwResetBus and
 * HwAdapterControl take it; the interrupt routines already run under it (MSI-X with
 * InterruptSynchronizeAll). With several queues the adapter asks for concurrent channels
 * (StorPortInitializePerfOpts) and per-message interrupt synchronization: a request goes to
 * its channel's queue, each queue is protected by its own message's MSI spin lock, which
 * HwMSInterruptRoutine holds for that message, and each queue has its own completion DPC.
 * Whatever touches every queue (a reset, a stop) takes all the queue locks in queue order.
 * SRBs are completed only after the locks are released. In dump mode nothing runs
 * concurrently: one queue, no lock, no DPC, HwInterrupt is polled and completes directly.
 */
#include <storport.h>
#include <srbhelper.h>

#include "virtioblk_hw.h"

/* ======================================================================================
 * Common definitions
 * ====================================================================================== */

/* Largest queue this driver manages (owner table and free list are sized for it). A legacy
 * interface cannot shrink the device's queue, so a device with a bigger one is refused. */
#define VIOBLK_MAX_QUEUE_SIZE           1024
/* Queue size in normal operation (when the device allows choosing: modern interface). */
#define VIOBLK_QUEUE_SIZE               256
/* Request queues one adapter uses at most (one per processor, each with its own message). */
#define VIOBLK_MAX_QUEUES               8
/* Queue size on the dump path (modern interface): see README.md for the byte budget. */
#define VIOBLK_DUMP_QUEUE_SIZE          32
/* The dump path's non-cached memory limit. */
#define VIOBLK_DUMP_UNCACHED_LIMIT      (32 * 1024)

/* Data pieces per request in normal and dump operation (each piece is one descriptor). */
#define VIOBLK_MAX_SEGMENTS             64
#define VIOBLK_DUMP_MAX_SEGMENTS        (VIOBLK_DUMP_QUEUE_SIZE - 2)
#define VIOBLK_PAGE_SIZE                0x1000

/* Bounded waits (virtual time advances with StorPortStallExecution). */
#define VIOBLK_POLL_INTERVAL_US         10
#define VIOBLK_RESET_TIMEOUT_US         100000
#define VIOBLK_STOP_DRAIN_TIMEOUT_US    100000
#define VIOBLK_GENERATION_RETRIES       8

/* Registry value / argument that selects the legacy interface of a transitional device. */
#define VIOBLK_LEGACY_VALUE             "VirtioLegacy"

#define VIOBLK_PRINT_ERROR              0
#define VIOBLK_PRINT_INFO               1
#define VIOBLK_PRINT_TRACE              3

/* UniqueId values for StorPortLogError: 'V' 'B' in the top bytes, a site in bits 15:8. */
#define VIOBLK_LOG_ID(Site, Detail)     (0x56420000U | (((ULONG)(Site) & 0xFF) << 8) | ((ULONG)(Detail) & 0xFF))
#define VIOBLK_SITE_START_FAILED        0x01
#define VIOBLK_SITE_NEEDS_RESET         0x02
#define VIOBLK_SITE_BAD_USED_RING       0x03
#define VIOBLK_SITE_NO_SG_LIST          0x04

#define VioBlkMemoryBarrier()           __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* One mapped register window: a BAR mapping plus the offset a capability names. */
typedef struct _VIOBLK_REGION {
    PUCHAR Base;                /* NULL: absent */
    ULONG Length;
    BOOLEAN InIoSpace;
    UCHAR Reserved[3];
} VIOBLK_REGION, *PVIOBLK_REGION;

/* Per-request state in the SRB extension (bookkeeping only: nothing here is DMA'd). */
typedef struct _VIOBLK_SRB_EXTENSION {
    PSCSI_REQUEST_BLOCK NextDone;   /* link in a VIOBLK_DONE_LIST */
    ULONGLONG Lba;                  /* first block, for the sense INFORMATION field */
    UCHAR FinalStatus;              /* != 0: complete with this SrbStatus (resets) */
    UCHAR VirtioStatus;             /* the device's status byte, copied at completion */
    UCHAR RequestType;              /* VIRTIO_BLK_T_* */
    UCHAR Reserved[5];
} VIOBLK_SRB_EXTENSION, *PVIOBLK_SRB_EXTENSION;

/* SRBs collected under the lock and completed after it is released (FIFO). */
typedef struct _VIOBLK_DONE_LIST {
    PSCSI_REQUEST_BLOCK Head;
    PSCSI_REQUEST_BLOCK Tail;
} VIOBLK_DONE_LIST, *PVIOBLK_DONE_LIST;

/* One request virtqueue: its memory in the uncached extension (fixed once HwFindAdapter has
 * carved it) and its state, which changes under the queue's lock (outside dump mode). */
typedef struct _VIOBLK_QUEUE {
    STOR_DPC CompletionDpc;     /* drains this queue (normal mode) */

    /* fixed */
    USHORT Number;              /* the virtqueue's index */
    USHORT Vector;              /* its MSI-X message (VIRTIO_MSI_NO_VECTOR: none) */
    ULONG NotifyOffset;         /* its notify address within Notify (after start) */
    PUCHAR RingMemory;          /* start of the ring area */
    ULONG RingBytes;            /* descriptors, avail and used rings (with legacy padding) */
    ULONG Reserved0;
    PVIRTQ_DESC Desc;
    PVIRTQ_AVAIL Avail;
    PVIRTQ_USED Used;
    PVIRTIO_BLK_REQUEST_HEADER Headers;
    PUCHAR Statuses;
    ULONGLONG DescPhysical;
    ULONGLONG AvailPhysical;
    ULONGLONG UsedPhysical;
    ULONGLONG HeadersPhysical;
    ULONGLONG StatusesPhysical;

    /* shared */
    USHORT AvailIndex;          /* the driver's next avail->idx */
    USHORT LastUsedIndex;       /* the used->idx value consumed so far */
    USHORT FreeHead;
    USHORT Reserved1;
    ULONG FreeCount;
    ULONG Outstanding;
    USHORT Next[VIOBLK_MAX_QUEUE_SIZE];         /* free list and chain links */
    USHORT ChainLength[VIOBLK_MAX_QUEUE_SIZE];  /* descriptors of the chain at a head */
    PSCSI_REQUEST_BLOCK Owner[VIOBLK_MAX_QUEUE_SIZE];
} VIOBLK_QUEUE, *PVIOBLK_QUEUE;

/* A queue lock as taken: the InterruptLock handle, or the MSI spin lock's saved IRQL. */
typedef struct _VIOBLK_LOCK {
    STOR_LOCK_HANDLE Handle;
    ULONG OldIrql;
} VIOBLK_LOCK, *PVIOBLK_LOCK;

/*
 * The device extension. "Fixed" fields are set in HwFindAdapter (or HwInitialize); "shared"
 * ones change under the queue locks (outside dump mode).
 */
typedef struct _VIOBLK_EXTENSION {
    /* fixed: mode and interface */
    UCHAR DumpMode;
    BOOLEAN Legacy;             /* the legacy I/O interface is in use */
    BOOLEAN MsixEnabled;        /* the function has MSI-X enabled (legacy header layout) */
    BOOLEAN Found;

    /* shared */
    BOOLEAN Running;            /* DRIVER_OK set and the queues live */
    BOOLEAN UseMsi;             /* vectors programmed (messages granted) */
    USHORT ConfigVector;
    BOOLEAN PerMessageLocks;    /* InterruptSynchronizePerMessage: each queue has its message's lock */
    UCHAR Reserved0[3];

    /* fixed: register windows */
    VIOBLK_REGION Common;
    VIOBLK_REGION Notify;
    VIOBLK_REGION Isr;
    VIOBLK_REGION DeviceConfig;
    VIOBLK_REGION LegacyHeader;
    ULONG NotifyMultiplier;
    PUCHAR Mapped[6];           /* BAR mappings, by BAR index */
    ULONG MappedLength[6];

    /* features and geometry (refreshed at every start) */
    ULONGLONG DeviceFeatures;
    ULONGLONG DriverFeatures;
    ULONGLONG CapacitySectors;
    ULONGLONG Blocks;
    ULONG BlockSize;
    ULONG SectorsPerBlock;
    ULONG SizeMax;              /* largest data piece per descriptor */
    BOOLEAN ReadOnly;
    BOOLEAN FlushSupported;
    UCHAR Reserved1[2];

    /* fixed: queue geometry (the same for every queue) */
    ULONG QueueSize;
    ULONG QueueMask;
    ULONG SegmentLimit;         /* data descriptors per request */
    ULONG MaxTransfer;
    ULONG MaxOutstanding;       /* per queue */
    ULONG QueuesPrepared;       /* queues with memory (HwFindAdapter) */
    ULONG QueueCount;           /* queues in use (HwInitialize: those with a message of their own) */
    VIOBLK_QUEUE Queues[VIOBLK_MAX_QUEUES];

    /* PCI location */
    ULONG BusNumber;
    ULONG SlotNumber;

    /* diagnostics */
    ULONG Resets;
    ULONG StaleCompletions;
    ULONG BusyRejections;
} VIOBLK_EXTENSION, *PVIOBLK_EXTENSION;

/* The identity strings StorPort matches PCI functions with (one device ID per
 * StorPortInitialize call). */
static CHAR VioBlkVendorIdString[] = "1AF4";
static CHAR VioBlkLegacyDeviceIdString[] = "1001";
static CHAR VioBlkModernDeviceIdString[] = "1042";

C_ASSERT((VIOBLK_QUEUE_SIZE & (VIOBLK_QUEUE_SIZE - 1)) == 0);
C_ASSERT((VIOBLK_DUMP_QUEUE_SIZE & (VIOBLK_DUMP_QUEUE_SIZE - 1)) == 0);
C_ASSERT(VIOBLK_QUEUE_SIZE <= VIOBLK_MAX_QUEUE_SIZE);
/* The dump path's whole uncached extension (see VioBlkQueueBytes): rings, headers, status
 * bytes and the alignment slack. */
C_ASSERT(VIOBLK_DUMP_QUEUE_SIZE * 16 + VIRTQ_AVAIL_BYTES(VIOBLK_DUMP_QUEUE_SIZE) + 4 +
         VIRTQ_USED_BYTES(VIOBLK_DUMP_QUEUE_SIZE) + 16 + VIOBLK_DUMP_QUEUE_SIZE * 17 + 64 <=
         VIOBLK_DUMP_UNCACHED_LIMIT);

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
static ULONG VioBlkHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                                 PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                 PBOOLEAN Reserved3);
static BOOLEAN VioBlkHwInitialize(PVOID DeviceExtension);
static BOOLEAN VioBlkHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
static BOOLEAN VioBlkHwInterrupt(PVOID DeviceExtension);
static BOOLEAN VioBlkHwMsInterrupt(PVOID DeviceExtension, ULONG MessageId);
static VOID VioBlkCompletionDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                                PVOID SystemArgument2);
static BOOLEAN VioBlkHwResetBus(PVOID DeviceExtension, ULONG PathId);
static SCSI_ADAPTER_CONTROL_STATUS VioBlkHwAdapterControl(PVOID DeviceExtension,
                                                          SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                          PVOID Parameters);

static ULONG VioBlkMin(ULONG A, ULONG B)
{
    return A < B ? A : B;
}

static ULONG VioBlkFloorPowerOfTwo(ULONG Value)
{
    ULONG result = 1;
    if (Value == 0)
        return 0;
    while (result <= Value / 2)
        result <<= 1;
    return result;
}

/* The processors of group 0 (StorPortGetGroupAffinity); at least 1. */
static ULONG VioBlkProcessorCount(PVIOBLK_EXTENSION Ext)
{
    KAFFINITY mask = 0;
    ULONG count = 0;

    if (StorPortGetGroupAffinity(Ext, 0, &mask) != STOR_STATUS_SUCCESS)
        return 1;
    for (; mask != 0; mask &= mask - 1)
        count++;
    return count == 0 ? 1 : count;
}

static BOOLEAN VioBlkIsDumpMode(PVIOBLK_EXTENSION Ext)
{
    return Ext->DumpMode != 0;
}

/* ---- register access ---- */

static UCHAR VioBlkRead8(PVIOBLK_EXTENSION Ext, PVIOBLK_REGION Region, ULONG Offset)
{
    PUCHAR address = Region->Base + Offset;
    return Region->InIoSpace ? StorPortReadPortUchar(Ext, address) : StorPortReadRegisterUchar(Ext, address);
}

static USHORT VioBlkRead16(PVIOBLK_EXTENSION Ext, PVIOBLK_REGION Region, ULONG Offset)
{
    PUSHORT address = (PUSHORT)(Region->Base + Offset);
    return Region->InIoSpace ? StorPortReadPortUshort(Ext, address) : StorPortReadRegisterUshort(Ext, address);
}

static ULONG VioBlkRead32(PVIOBLK_EXTENSION Ext, PVIOBLK_REGION Region, ULONG Offset)
{
    PULONG address = (PULONG)(Region->Base + Offset);
    return Region->InIoSpace ? StorPortReadPortUlong(Ext, address) : StorPortReadRegisterUlong(Ext, address);
}

static VOID VioBlkWrite8(PVIOBLK_EXTENSION Ext, PVIOBLK_REGION Region, ULONG Offset, UCHAR Value)
{
    PUCHAR address = Region->Base + Offset;
    if (Region->InIoSpace)
        StorPortWritePortUchar(Ext, address, Value);
    else
        StorPortWriteRegisterUchar(Ext, address, Value);
}

static VOID VioBlkWrite16(PVIOBLK_EXTENSION Ext, PVIOBLK_REGION Region, ULONG Offset, USHORT Value)
{
    PUSHORT address = (PUSHORT)(Region->Base + Offset);
    if (Region->InIoSpace)
        StorPortWritePortUshort(Ext, address, Value);
    else
        StorPortWriteRegisterUshort(Ext, address, Value);
}

static VOID VioBlkWrite32(PVIOBLK_EXTENSION Ext, PVIOBLK_REGION Region, ULONG Offset, ULONG Value)
{
    PULONG address = (PULONG)(Region->Base + Offset);
    if (Region->InIoSpace)
        StorPortWritePortUlong(Ext, address, Value);
    else
        StorPortWriteRegisterUlong(Ext, address, Value);
}

/* 64-bit common-configuration fields are written as two 32-bit halves, low first. */
static VOID VioBlkWrite64(PVIOBLK_EXTENSION Ext, PVIOBLK_REGION Region, ULONG Offset, ULONGLONG Value)
{
    VioBlkWrite32(Ext, Region, Offset, (ULONG)Value);
    VioBlkWrite32(Ext, Region, Offset + 4, (ULONG)(Value >> 32));
}

/* ---- device status ---- */

static UCHAR VioBlkGetStatus(PVIOBLK_EXTENSION Ext)
{
    if (Ext->Legacy)
        return VioBlkRead8(Ext, &Ext->LegacyHeader, VIRTIO_LEGACY_DEVICE_STATUS);
    return VioBlkRead8(Ext, &Ext->Common, VIRTIO_COMMON_DEVICE_STATUS);
}

static VOID VioBlkSetStatus(PVIOBLK_EXTENSION Ext, UCHAR Status)
{
    if (Ext->Legacy)
        VioBlkWrite8(Ext, &Ext->LegacyHeader, VIRTIO_LEGACY_DEVICE_STATUS, Status);
    else
        VioBlkWrite8(Ext, &Ext->Common, VIRTIO_COMMON_DEVICE_STATUS, Status);
}

/* Writing 0 resets the device; the modern interface says the reset is complete when 0 reads
 * back. Returns FALSE if it never does. */
static BOOLEAN VioBlkResetDevice(PVIOBLK_EXTENSION Ext)
{
    ULONG waited = 0;

    VioBlkSetStatus(Ext, 0);
    while (VioBlkGetStatus(Ext) != 0) {
        if (waited >= VIOBLK_RESET_TIMEOUT_US)
            return FALSE;
        StorPortStallExecution(VIOBLK_POLL_INTERVAL_US);
        waited += VIOBLK_POLL_INTERVAL_US;
    }
    return TRUE;
}

/* The ISR status byte (reading it acknowledges: the INTx line drops). */
static UCHAR VioBlkReadIsr(PVIOBLK_EXTENSION Ext)
{
    if (Ext->Legacy)
        return VioBlkRead8(Ext, &Ext->LegacyHeader, VIRTIO_LEGACY_ISR_STATUS);
    return VioBlkRead8(Ext, &Ext->Isr, 0);
}

/* ---- device configuration ---- */

static ULONG VioBlkReadConfig32(PVIOBLK_EXTENSION Ext, ULONG Offset)
{
    if (Ext->Legacy) {
        ULONG base = Ext->MsixEnabled ? VIRTIO_LEGACY_DEVICE_CONFIG_MSIX : VIRTIO_LEGACY_DEVICE_CONFIG;
        return VioBlkRead32(Ext, &Ext->LegacyHeader, base + Offset);
    }
    return VioBlkRead32(Ext, &Ext->DeviceConfig, Offset);
}

/* Read the block configuration the negotiated features make valid. The modern interface
 * guards multi-field reads with config_generation: read again until it is stable. */
static VOID VioBlkReadBlockConfig(PVIOBLK_EXTENSION Ext)
{
    ULONG attempt;
    ULONG low = 0;
    ULONG high = 0;
    ULONG blockSize = VIRTIO_BLK_SECTOR_SIZE;
    ULONG sizeMax = 0;

    for (attempt = 0; attempt < VIOBLK_GENERATION_RETRIES; attempt++) {
        UCHAR before = Ext->Legacy ? 0 : VioBlkRead8(Ext, &Ext->Common, VIRTIO_COMMON_CONFIG_GENERATION);
        low = VioBlkReadConfig32(Ext, VIRTIO_BLK_CFG_CAPACITY);
        high = VioBlkReadConfig32(Ext, VIRTIO_BLK_CFG_CAPACITY + 4);
        if ((Ext->DriverFeatures & VIRTIO_BLK_F_BLK_SIZE) != 0)
            blockSize = VioBlkReadConfig32(Ext, VIRTIO_BLK_CFG_BLK_SIZE);
        if ((Ext->DriverFeatures & VIRTIO_BLK_F_SIZE_MAX) != 0)
            sizeMax = VioBlkReadConfig32(Ext, VIRTIO_BLK_CFG_SIZE_MAX);
        if (Ext->Legacy || before == VioBlkRead8(Ext, &Ext->Common, VIRTIO_COMMON_CONFIG_GENERATION))
            break;
    }

    /* A block size must be a power of two multiple of 512 within a page; anything else is
     * ignored and the device is addressed in 512-byte blocks. */
    if (blockSize < VIRTIO_BLK_SECTOR_SIZE || blockSize > VIOBLK_PAGE_SIZE || (blockSize & (blockSize - 1)) != 0)
        blockSize = VIRTIO_BLK_SECTOR_SIZE;
    Ext->BlockSize = blockSize;
    Ext->SectorsPerBlock = blockSize / VIRTIO_BLK_SECTOR_SIZE;
    Ext->CapacitySectors = ((ULONGLONG)high << 32) | low;
    Ext->Blocks = Ext->CapacitySectors / Ext->SectorsPerBlock;
    Ext->SizeMax = (sizeMax >= VIRTIO_BLK_SECTOR_SIZE) ? sizeMax : MAXULONG;
    Ext->ReadOnly = (Ext->DriverFeatures & VIRTIO_BLK_F_RO) != 0;
    Ext->FlushSupported = (Ext->DriverFeatures & VIRTIO_BLK_F_FLUSH) != 0;
}

/* ---- locks (none in dump mode) ---- */

/* The lock of one queue: its message's MSI spin lock with per-message synchronization, else
 * the InterruptLock. */
static VOID VioBlkLockQueue(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue, PVIOBLK_LOCK Lock)
{
    RtlZeroMemory(Lock, sizeof(*Lock));
    if (VioBlkIsDumpMode(Ext))
        return;
    if (Ext->PerMessageLocks)
        (VOID)StorPortAcquireMSISpinLock(Ext, Queue->Vector, &Lock->OldIrql);
    else
        StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &Lock->Handle);
}

static VOID VioBlkUnlockQueue(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue, PVIOBLK_LOCK Lock)
{
    if (VioBlkIsDumpMode(Ext))
        return;
    if (Ext->PerMessageLocks)
        (VOID)StorPortReleaseMSISpinLock(Ext, Queue->Vector, Lock->OldIrql);
    else
        StorPortReleaseSpinLock(Ext, &Lock->Handle);
}

/* Every queue's lock, in queue order (one InterruptLock without per-message locks). Locks
 * holds VIOBLK_MAX_QUEUES entries. */
static VOID VioBlkLockAll(PVIOBLK_EXTENSION Ext, PVIOBLK_LOCK Locks)
{
    ULONG q;

    if (!Ext->PerMessageLocks) {
        VioBlkLockQueue(Ext, &Ext->Queues[0], &Locks[0]);
        return;
    }
    for (q = 0; q < Ext->QueueCount; q++)
        VioBlkLockQueue(Ext, &Ext->Queues[q], &Locks[q]);
}

static VOID VioBlkUnlockAll(PVIOBLK_EXTENSION Ext, PVIOBLK_LOCK Locks)
{
    ULONG q;

    if (!Ext->PerMessageLocks) {
        VioBlkUnlockQueue(Ext, &Ext->Queues[0], &Locks[0]);
        return;
    }
    for (q = Ext->QueueCount; q > 0; q--)
        VioBlkUnlockQueue(Ext, &Ext->Queues[q - 1], &Locks[q - 1]);
}

/* ---- completion lists ---- */

static PVIOBLK_SRB_EXTENSION VioBlkSrbExtension(PSCSI_REQUEST_BLOCK Srb)
{
    return (PVIOBLK_SRB_EXTENSION)SrbGetMiniportContext(Srb);
}

static VOID VioBlkInitDoneList(PVIOBLK_DONE_LIST List)
{
    List->Head = NULL;
    List->Tail = NULL;
}

static VOID VioBlkPushDone(PVIOBLK_DONE_LIST List, PSCSI_REQUEST_BLOCK Srb)
{
    VioBlkSrbExtension(Srb)->NextDone = NULL;
    if (List->Tail == NULL)
        List->Head = Srb;
    else
        VioBlkSrbExtension(List->Tail)->NextDone = Srb;
    List->Tail = Srb;
}

static VOID VioBlkCompleteSrb(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR SrbStatus)
{
    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    SrbSetSrbStatus(Srb, SrbStatus);
    StorPortNotification(RequestComplete, Ext, Srb);
}

/* ======================================================================================
 * SCSI sense and data helpers
 * ====================================================================================== */

/* Fixed-format sense data into the SRB's sense buffer; CHECK CONDITION with autosense when
 * it fits, plain CHECK CONDITION otherwise. */
static VOID VioBlkSetSense(PSCSI_REQUEST_BLOCK Srb, UCHAR SenseKey, UCHAR Asc, UCHAR Ascq, BOOLEAN InfoValid,
                           ULONGLONG Information)
{
    PUCHAR sense = (PUCHAR)SrbGetSenseInfoBuffer(Srb);
    ULONG length = SrbGetSenseInfoBufferLength(Srb);
    UCHAR fixed[18];

    RtlZeroMemory(fixed, sizeof(fixed));
    fixed[0] = (UCHAR)(0x70 | (InfoValid && Information <= MAXULONG ? 0x80 : 0));
    fixed[2] = SenseKey;
    if (InfoValid && Information <= MAXULONG) {
        fixed[3] = (UCHAR)(Information >> 24);
        fixed[4] = (UCHAR)(Information >> 16);
        fixed[5] = (UCHAR)(Information >> 8);
        fixed[6] = (UCHAR)Information;
    }
    fixed[7] = 10;              /* additional sense length */
    fixed[12] = Asc;
    fixed[13] = Ascq;

    SrbSetScsiStatus(Srb, SCSISTAT_CHECK_CONDITION);
    if (sense != NULL && length != 0 && (SrbGetSrbFlags(Srb) & SRB_FLAGS_DISABLE_AUTOSENSE) == 0) {
        RtlCopyMemory(sense, fixed, VioBlkMin(length, sizeof(fixed)));
        SrbSetSrbStatus(Srb, SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID);
    } else {
        SrbSetSrbStatus(Srb, SRB_STATUS_ERROR);
    }
}

static VOID VioBlkCompleteWithSense(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR SenseKey, UCHAR Asc,
                                    UCHAR Ascq)
{
    VioBlkSetSense(Srb, SenseKey, Asc, Ascq, FALSE, 0);
    StorPortNotification(RequestComplete, Ext, Srb);
}

/* Copy Length bytes of answer into the SRB's data buffer (truncated to the allocation) and
 * complete it. */
static VOID VioBlkCompleteWithData(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, const UCHAR *Data, ULONG Length)
{
    PUCHAR buffer = (PUCHAR)SrbGetDataBuffer(Srb);
    ULONG room = SrbGetDataTransferLength(Srb);
    ULONG moved = VioBlkMin(room, Length);

    if (moved != 0 && buffer == NULL) {
        VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_ERROR);
        return;
    }
    if (moved != 0)
        RtlCopyMemory(buffer, Data, moved);
    SrbSetDataTransferLength(Srb, moved);
    VioBlkCompleteSrb(Ext, Srb, moved < room ? SRB_STATUS_DATA_OVERRUN : SRB_STATUS_SUCCESS);
}

static VOID VioBlkPutBe32(PUCHAR Bytes, ULONG Value)
{
    Bytes[0] = (UCHAR)(Value >> 24);
    Bytes[1] = (UCHAR)(Value >> 16);
    Bytes[2] = (UCHAR)(Value >> 8);
    Bytes[3] = (UCHAR)Value;
}

static VOID VioBlkPutBe64(PUCHAR Bytes, ULONGLONG Value)
{
    VioBlkPutBe32(Bytes, (ULONG)(Value >> 32));
    VioBlkPutBe32(Bytes + 4, (ULONG)Value);
}

static ULONG VioBlkGetBe32(const UCHAR *Bytes)
{
    return ((ULONG)Bytes[0] << 24) | ((ULONG)Bytes[1] << 16) | ((ULONG)Bytes[2] << 8) | Bytes[3];
}

static ULONGLONG VioBlkGetBe64(const UCHAR *Bytes)
{
    return ((ULONGLONG)VioBlkGetBe32(Bytes) << 32) | VioBlkGetBe32(Bytes + 4);
}

/* ======================================================================================
 * The virtqueue
 * ====================================================================================== */

static ULONG VioBlkAlignUp(ULONG Value, ULONG Alignment)
{
    return (Value + Alignment - 1) & ~(Alignment - 1);
}

/*
 * Byte layout of the queue memory for QueueSize entries (offsets from the ring base):
 *   descriptors  16 * Q            at 0 (16-byte aligned; page-aligned for legacy)
 *   avail ring   6 + 2 * Q         right after the descriptors
 *   used ring    6 + 8 * Q         4-byte aligned (legacy: the next 4096 boundary)
 *   headers      16 * Q            16-byte aligned
 *   status bytes Q
 * Returns the total; the offsets come back through the pointers.
 */
static ULONG VioBlkQueueBytes(ULONG QueueSize, BOOLEAN Legacy, PULONG AvailOffset, PULONG UsedOffset,
                              PULONG HeadersOffset, PULONG StatusesOffset)
{
    ULONG avail = 16 * QueueSize;
    ULONG used = avail + VIRTQ_AVAIL_BYTES(QueueSize);
    ULONG headers;
    ULONG statuses;

    used = Legacy ? VioBlkAlignUp(used, VIRTIO_LEGACY_QUEUE_ALIGN) : VioBlkAlignUp(used, VIRTQ_USED_ALIGN);
    headers = VioBlkAlignUp(used + VIRTQ_USED_BYTES(QueueSize), 16);
    statuses = headers + 16 * QueueSize;
    *AvailOffset = avail;
    *UsedOffset = used;
    *HeadersOffset = headers;
    *StatusesOffset = statuses;
    return statuses + QueueSize;
}

/* Empty rings and a full free list (before the queue is given to the device). */
static VOID VioBlkResetQueueState(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue)
{
    ULONG i;

    RtlZeroMemory(Queue->RingMemory, Queue->RingBytes);
    for (i = 0; i < Ext->QueueSize; i++) {
        Queue->Next[i] = (USHORT)((i + 1) & Ext->QueueMask);
        Queue->ChainLength[i] = 0;
        Queue->Owner[i] = NULL;
    }
    Queue->FreeHead = 0;
    Queue->FreeCount = Ext->QueueSize;
    Queue->AvailIndex = 0;
    Queue->LastUsedIndex = 0;
    Queue->Outstanding = 0;
    /* Polled operation: ask the device for no used-buffer interrupts at all. */
    if (VioBlkIsDumpMode(Ext))
        Queue->Avail->Flags = VIRTQ_AVAIL_F_NO_INTERRUPT;
    VioBlkMemoryBarrier();
}

/* Give a chain's descriptors back to the free list. The chain was taken from the front of
 * the free list, so its links are the free list's own links. */
static VOID VioBlkFreeChain(PVIOBLK_QUEUE Queue, USHORT Head)
{
    ULONG count = Queue->ChainLength[Head];
    USHORT last = Head;
    ULONG i;

    if (count == 0)
        return;
    for (i = 1; i < count; i++)
        last = Queue->Next[last];
    Queue->Next[last] = Queue->FreeHead;
    Queue->FreeHead = Head;
    Queue->FreeCount += count;
    Queue->ChainLength[Head] = 0;
}

/* Take every request the driver has given the device on this queue out of its owner table,
 * each queued on Done to be completed with SRB_STATUS_BUS_RESET (the class driver retries
 * them). The queue state is rebuilt by the caller (VioBlkStartDevice). */
static VOID VioBlkTakeOutstanding(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue, PVIOBLK_DONE_LIST Done)
{
    ULONG i;

    for (i = 0; i < Ext->QueueSize; i++) {
        PSCSI_REQUEST_BLOCK srb = Queue->Owner[i];
        if (srb == NULL)
            continue;
        Queue->Owner[i] = NULL;
        VioBlkFreeChain(Queue, (USHORT)i);
        Queue->Outstanding--;
        VioBlkSrbExtension(srb)->FinalStatus = SRB_STATUS_BUS_RESET;
        VioBlkPushDone(Done, srb);
    }
}

/*
 * Consume a used ring (caller holds the queue's lock): every element from the driver's last
 * used index up to used->idx names a chain head; its SRB is queued on Done with the status
 * byte the device wrote. Returns FALSE if the device broke the ring (an index that moved by
 * more than the queue size), so the caller resets it.
 */
static BOOLEAN VioBlkDrainUsed(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue, PVIOBLK_DONE_LIST Done)
{
    USHORT deviceIndex;
    USHORT pending;

    if (Queue->Used == NULL)
        return TRUE;
    deviceIndex = *(volatile USHORT *)&Queue->Used->Index;
    pending = (USHORT)(deviceIndex - Queue->LastUsedIndex);
    if (pending > Ext->QueueSize) {
        StorPortDebugPrint(VIOBLK_PRINT_ERROR, "virtioblk: queue %u: used index %u is %u ahead of %u\n",
                           (unsigned)Queue->Number, deviceIndex, pending, Queue->LastUsedIndex);
        StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR,
                         VIOBLK_LOG_ID(VIOBLK_SITE_BAD_USED_RING, Queue->Number));
        return FALSE;
    }
    VioBlkMemoryBarrier();      /* the elements are read after the index */

    while (Queue->LastUsedIndex != deviceIndex) {
        volatile VIRTQ_USED_ELEMENT *element = &Queue->Used->Ring[Queue->LastUsedIndex & Ext->QueueMask];
        ULONG id = element->Id;
        PSCSI_REQUEST_BLOCK srb;
        PVIOBLK_SRB_EXTENSION srbExt;

        Queue->LastUsedIndex++;
        if (id >= Ext->QueueSize || Queue->Owner[id] == NULL) {
            __atomic_fetch_add(&Ext->StaleCompletions, 1, __ATOMIC_RELAXED);
            continue;
        }
        srb = Queue->Owner[id];
        Queue->Owner[id] = NULL;
        srbExt = VioBlkSrbExtension(srb);
        srbExt->VirtioStatus = *(volatile UCHAR *)&Queue->Statuses[id];
        srbExt->FinalStatus = 0;
        VioBlkFreeChain(Queue, (USHORT)id);
        Queue->Outstanding--;
        VioBlkPushDone(Done, srb);
    }
    return TRUE;
}

static VOID VioBlkNotify(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue)
{
    VioBlkMemoryBarrier();
    if (Ext->Legacy)
        VioBlkWrite16(Ext, &Ext->LegacyHeader, VIRTIO_LEGACY_QUEUE_NOTIFY, Queue->Number);
    else
        VioBlkWrite16(Ext, &Ext->Notify, Queue->NotifyOffset, Queue->Number);
}

/* ======================================================================================
 * Device start and recovery
 * ====================================================================================== */

static ULONGLONG VioBlkReadDeviceFeatures(PVIOBLK_EXTENSION Ext)
{
    ULONG low;
    ULONG high;

    if (Ext->Legacy)
        return VioBlkRead32(Ext, &Ext->LegacyHeader, VIRTIO_LEGACY_HOST_FEATURES);
    VioBlkWrite32(Ext, &Ext->Common, VIRTIO_COMMON_DEVICE_FEATURE_SELECT, 0);
    low = VioBlkRead32(Ext, &Ext->Common, VIRTIO_COMMON_DEVICE_FEATURE);
    VioBlkWrite32(Ext, &Ext->Common, VIRTIO_COMMON_DEVICE_FEATURE_SELECT, 1);
    high = VioBlkRead32(Ext, &Ext->Common, VIRTIO_COMMON_DEVICE_FEATURE);
    return ((ULONGLONG)high << 32) | low;
}

/* The features this driver accepts; VERSION_1 is required on the modern interface. Indirect
 * descriptors and event indices are not used (README.md). Several queues (MQ) only on the
 * modern interface and outside dump mode (the dump path has one queue and no interrupts). */
static ULONGLONG VioBlkChooseFeatures(PVIOBLK_EXTENSION Ext, ULONGLONG Offered)
{
    ULONGLONG wanted = VIRTIO_BLK_F_SIZE_MAX | VIRTIO_BLK_F_SEG_MAX | VIRTIO_BLK_F_GEOMETRY | VIRTIO_BLK_F_RO |
                       VIRTIO_BLK_F_BLK_SIZE | VIRTIO_BLK_F_FLUSH | VIRTIO_BLK_F_TOPOLOGY;
    if (!Ext->Legacy)
        wanted |= VIRTIO_F_VERSION_1;
    if (!Ext->Legacy && !VioBlkIsDumpMode(Ext))
        wanted |= VIRTIO_BLK_F_MQ;
    return Offered & wanted;
}

static BOOLEAN VioBlkFail(PVIOBLK_EXTENSION Ext, const char *Why)
{
    StorPortDebugPrint(VIOBLK_PRINT_ERROR, "virtioblk: device start failed: %s\n", Why);
    StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, VIOBLK_LOG_ID(VIOBLK_SITE_START_FAILED, 0));
    VioBlkSetStatus(Ext, VIRTIO_STATUS_FAILED);
    Ext->Running = FALSE;
    return FALSE;
}

/* Modern interface: program a queue and its vector, then enable it. */
static BOOLEAN VioBlkSetupModernQueue(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue)
{
    PVIOBLK_REGION common = &Ext->Common;
    USHORT vector = Ext->UseMsi ? Queue->Vector : VIRTIO_MSI_NO_VECTOR;
    USHORT maximum;
    ULONG notifyOffset;

    VioBlkWrite16(Ext, common, VIRTIO_COMMON_QUEUE_SELECT, Queue->Number);
    maximum = VioBlkRead16(Ext, common, VIRTIO_COMMON_QUEUE_SIZE);
    if (maximum == 0 || Ext->QueueSize > maximum)
        return VioBlkFail(Ext, "a request queue is smaller than the ring prepared for it");
    VioBlkWrite16(Ext, common, VIRTIO_COMMON_QUEUE_SIZE, (USHORT)Ext->QueueSize);
    VioBlkWrite64(Ext, common, VIRTIO_COMMON_QUEUE_DESC, Queue->DescPhysical);
    VioBlkWrite64(Ext, common, VIRTIO_COMMON_QUEUE_DRIVER, Queue->AvailPhysical);
    VioBlkWrite64(Ext, common, VIRTIO_COMMON_QUEUE_DEVICE, Queue->UsedPhysical);
    VioBlkWrite16(Ext, common, VIRTIO_COMMON_QUEUE_MSIX_VECTOR, vector);
    if (Ext->UseMsi && VioBlkRead16(Ext, common, VIRTIO_COMMON_QUEUE_MSIX_VECTOR) != vector)
        return VioBlkFail(Ext, "the device refused a queue's MSI-X vector");

    notifyOffset = (ULONG)VioBlkRead16(Ext, common, VIRTIO_COMMON_QUEUE_NOTIFY_OFF) * Ext->NotifyMultiplier;
    if (Ext->Notify.Length < 2 || notifyOffset > Ext->Notify.Length - 2)
        return VioBlkFail(Ext, "a queue's notify address lies outside the notify window");
    Queue->NotifyOffset = notifyOffset;

    VioBlkWrite16(Ext, common, VIRTIO_COMMON_QUEUE_ENABLE, 1);
    return TRUE;
}

/* Legacy interface (one queue): the device's queue size is fixed; the ring goes in by page
 * number. */
static BOOLEAN VioBlkSetupLegacyQueue(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue)
{
    PVIOBLK_REGION header = &Ext->LegacyHeader;
    ULONGLONG pfn = Queue->DescPhysical >> VIRTIO_LEGACY_PFN_SHIFT;
    USHORT vector = Ext->UseMsi ? Queue->Vector : VIRTIO_MSI_NO_VECTOR;

    VioBlkWrite16(Ext, header, VIRTIO_LEGACY_QUEUE_SELECT, Queue->Number);
    if (VioBlkRead16(Ext, header, VIRTIO_LEGACY_QUEUE_SIZE) != Ext->QueueSize)
        return VioBlkFail(Ext, "the legacy queue size changed");
    if (pfn > MAXULONG)
        return VioBlkFail(Ext, "the ring lies above what a legacy page number reaches");
    if (Ext->MsixEnabled) {
        VioBlkWrite16(Ext, header, VIRTIO_LEGACY_QUEUE_MSIX_VECTOR, vector);
        if (Ext->UseMsi && VioBlkRead16(Ext, header, VIRTIO_LEGACY_QUEUE_MSIX_VECTOR) != vector)
            return VioBlkFail(Ext, "the device refused the queue's MSI-X vector");
    }
    VioBlkWrite32(Ext, header, VIRTIO_LEGACY_QUEUE_PFN, (ULONG)pfn);
    return TRUE;
}

static BOOLEAN VioBlkNegotiate(PVIOBLK_EXTENSION Ext)
{
    ULONGLONG offered;

    if (!VioBlkResetDevice(Ext))
        return VioBlkFail(Ext, "the device did not finish its reset");
    VioBlkSetStatus(Ext, VIRTIO_STATUS_ACKNOWLEDGE);
    VioBlkSetStatus(Ext, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER);

    offered = VioBlkReadDeviceFeatures(Ext);
    Ext->DeviceFeatures = offered;
    if (!Ext->Legacy && (offered & VIRTIO_F_VERSION_1) == 0)
        return VioBlkFail(Ext, "the modern interface does not offer VERSION_1");
    Ext->DriverFeatures = VioBlkChooseFeatures(Ext, offered);

    if (Ext->Legacy) {
        VioBlkWrite32(Ext, &Ext->LegacyHeader, VIRTIO_LEGACY_GUEST_FEATURES, (ULONG)Ext->DriverFeatures);
    } else {
        VioBlkWrite32(Ext, &Ext->Common, VIRTIO_COMMON_DRIVER_FEATURE_SELECT, 0);
        VioBlkWrite32(Ext, &Ext->Common, VIRTIO_COMMON_DRIVER_FEATURE, (ULONG)Ext->DriverFeatures);
        VioBlkWrite32(Ext, &Ext->Common, VIRTIO_COMMON_DRIVER_FEATURE_SELECT, 1);
        VioBlkWrite32(Ext, &Ext->Common, VIRTIO_COMMON_DRIVER_FEATURE, (ULONG)(Ext->DriverFeatures >> 32));
        VioBlkSetStatus(Ext, VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_FEATURES_OK);
        if ((VioBlkGetStatus(Ext) & VIRTIO_STATUS_FEATURES_OK) == 0)
            return VioBlkFail(Ext, "the device did not accept the features");
    }
    return TRUE;
}

/*
 * Bring the device from any state to DRIVER_OK with empty queues (spec 3.1.1): reset,
 * ACKNOWLEDGE, DRIVER, features (and FEATURES_OK on the modern interface), the queues and the
 * MSI-X vectors, the block configuration, DRIVER_OK. The caller has taken every outstanding
 * request out already. Runs under every queue lock (or in HwInitialize / dump mode).
 */
static BOOLEAN VioBlkStartDevice(PVIOBLK_EXTENSION Ext)
{
    ULONG q;

    Ext->Running = FALSE;
    if (!VioBlkNegotiate(Ext))
        return FALSE;
    /* The device is reset: nothing of it touches the rings. */
    for (q = 0; q < Ext->QueueCount; q++)
        VioBlkResetQueueState(Ext, &Ext->Queues[q]);

    /* The configuration-change vector (NEEDS_RESET and capacity changes arrive there). */
    if (Ext->Legacy) {
        if (Ext->MsixEnabled) {
            VioBlkWrite16(Ext, &Ext->LegacyHeader, VIRTIO_LEGACY_CONFIG_MSIX_VECTOR,
                          Ext->UseMsi ? Ext->ConfigVector : VIRTIO_MSI_NO_VECTOR);
            if (Ext->UseMsi && VioBlkRead16(Ext, &Ext->LegacyHeader, VIRTIO_LEGACY_CONFIG_MSIX_VECTOR) != Ext->ConfigVector)
                return VioBlkFail(Ext, "the device refused the configuration MSI-X vector");
        }
        if (!VioBlkSetupLegacyQueue(Ext, &Ext->Queues[0]))
            return FALSE;
    } else {
        VioBlkWrite16(Ext, &Ext->Common, VIRTIO_COMMON_CONFIG_MSIX_VECTOR,
                      Ext->UseMsi ? Ext->ConfigVector : VIRTIO_MSI_NO_VECTOR);
        if (Ext->UseMsi && VioBlkRead16(Ext, &Ext->Common, VIRTIO_COMMON_CONFIG_MSIX_VECTOR) != Ext->ConfigVector)
            return VioBlkFail(Ext, "the device refused the configuration MSI-X vector");
        for (q = 0; q < Ext->QueueCount; q++) {
            if (!VioBlkSetupModernQueue(Ext, &Ext->Queues[q]))
                return FALSE;
        }
    }

    VioBlkReadBlockConfig(Ext);

    VioBlkSetStatus(Ext, (UCHAR)(VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER | VIRTIO_STATUS_DRIVER_OK |
                                 (Ext->Legacy ? 0 : VIRTIO_STATUS_FEATURES_OK)));
    if ((VioBlkGetStatus(Ext) & (VIRTIO_STATUS_DEVICE_NEEDS_RESET | VIRTIO_STATUS_FAILED)) != 0)
        return VioBlkFail(Ext, "the device reported an error right after DRIVER_OK");
    Ext->Running = TRUE;
    return TRUE;
}

/* Every queue's outstanding requests out, each queued on Done with SRB_STATUS_BUS_RESET. */
static VOID VioBlkTakeAllOutstanding(PVIOBLK_EXTENSION Ext, PVIOBLK_DONE_LIST Done)
{
    ULONG q;

    for (q = 0; q < Ext->QueueCount; q++)
        VioBlkTakeOutstanding(Ext, &Ext->Queues[q], Done);
}

/*
 * Full recovery (caller holds every queue lock): collect what the device already completed,
 * give back everything else with SRB_STATUS_BUS_RESET (a reset drops in-flight requests
 * without completing them), then start the device again.
 */
static VOID VioBlkRecoverLocked(PVIOBLK_EXTENSION Ext, PVIOBLK_DONE_LIST Done)
{
    ULONG q;

    for (q = 0; Ext->Running && q < Ext->QueueCount; q++)
        (VOID)VioBlkDrainUsed(Ext, &Ext->Queues[q], Done);
    VioBlkTakeAllOutstanding(Ext, Done);
    Ext->Resets++;
    (VOID)VioBlkStartDevice(Ext);
}

/* Whether the device needs a reset: it asked for one (DEVICE_NEEDS_RESET), failed, or lost
 * DRIVER_OK. */
static BOOLEAN VioBlkDeviceBroken(PVIOBLK_EXTENSION Ext)
{
    UCHAR status = VioBlkGetStatus(Ext);

    if ((status & (VIRTIO_STATUS_DEVICE_NEEDS_RESET | VIRTIO_STATUS_FAILED)) == 0 &&
        (status & VIRTIO_STATUS_DRIVER_OK) != 0)
        return FALSE;
    StorPortDebugPrint(VIOBLK_PRINT_ERROR, "virtioblk: device status %#x: resetting\n", status);
    StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, VIOBLK_LOG_ID(VIOBLK_SITE_NEEDS_RESET, status));
    return TRUE;
}

/* Drain one queue (caller holds its lock). Returns TRUE if the device needs a reset (it asked
 * for one or broke the ring); the caller resets it with every queue lock held
 * (VioBlkResetAndComplete), or directly in dump mode. */
static BOOLEAN VioBlkServiceLocked(PVIOBLK_EXTENSION Ext, PVIOBLK_QUEUE Queue, PVIOBLK_DONE_LIST Done)
{
    if (!Ext->Running)
        return FALSE;
    if (VioBlkDeviceBroken(Ext))
        return TRUE;
    return !VioBlkDrainUsed(Ext, Queue, Done);
}

/* ======================================================================================
 * Completion translation
 * ====================================================================================== */

static VOID VioBlkTranslateCompletion(PSCSI_REQUEST_BLOCK Srb, PVIOBLK_SRB_EXTENSION SrbExt)
{
    if (SrbExt->FinalStatus != 0) {
        SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
        SrbSetSrbStatus(Srb, SrbExt->FinalStatus);
        return;
    }
    switch (SrbExt->VirtioStatus) {
    case VIRTIO_BLK_S_OK:
        SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
        SrbSetSrbStatus(Srb, SRB_STATUS_SUCCESS);
        break;
    case VIRTIO_BLK_S_IOERR:
        /* The device does not say which block: the INFORMATION field names the first. */
        VioBlkSetSense(Srb, SCSI_SENSE_MEDIUM_ERROR,
                       SrbExt->RequestType == VIRTIO_BLK_T_OUT ? SCSI_ADSENSE_WRITE_ERROR : SCSI_ADSENSE_UNRECOVERED_ERROR,
                       0, SrbExt->RequestType != VIRTIO_BLK_T_FLUSH, SrbExt->Lba);
        break;
    case VIRTIO_BLK_S_UNSUPP:
        VioBlkSetSense(Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0, FALSE, 0);
        break;
    default:
        /* No status written (0xFF stays) or an unknown value. */
        SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
        SrbSetSrbStatus(Srb, SRB_STATUS_ERROR);
        break;
    }
}

/* Report every SRB on Done, in order (no lock of ours held). */
static VOID VioBlkCompleteDone(PVIOBLK_EXTENSION Ext, PVIOBLK_DONE_LIST Done)
{
    PSCSI_REQUEST_BLOCK srb = Done->Head;

    while (srb != NULL) {
        PVIOBLK_SRB_EXTENSION srbExt = VioBlkSrbExtension(srb);
        PSCSI_REQUEST_BLOCK next = srbExt->NextDone;

        srbExt->NextDone = NULL;
        VioBlkTranslateCompletion(srb, srbExt);
        StorPortNotification(RequestComplete, Ext, srb);
        srb = next;
    }
    VioBlkInitDoneList(Done);
}

/* ======================================================================================
 * DriverEntry: one StorPortInitialize per device ID (transitional, then modern).
 * ====================================================================================== */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hwInitData;
    ULONG legacyStatus;
    ULONG modernStatus;

    RtlZeroMemory(&hwInitData, sizeof(hwInitData));
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.AdapterInterfaceType = PCIBus;

    hwInitData.HwFindAdapter = VioBlkHwFindAdapter;
    hwInitData.HwInitialize = VioBlkHwInitialize;
    hwInitData.HwStartIo = VioBlkHwStartIo;
    hwInitData.HwInterrupt = VioBlkHwInterrupt;
    hwInitData.HwResetBus = VioBlkHwResetBus;
    hwInitData.HwAdapterControl = VioBlkHwAdapterControl;

    hwInitData.DeviceExtensionSize = sizeof(VIOBLK_EXTENSION);
    hwInitData.SpecificLuExtensionSize = 0;
    hwInitData.SrbExtensionSize = sizeof(VIOBLK_SRB_EXTENSION);
    hwInitData.NumberOfAccessRanges = 6;

    hwInitData.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hwInitData.NeedPhysicalAddresses = TRUE;
    hwInitData.TaggedQueuing = TRUE;
    hwInitData.AutoRequestSense = TRUE;
    hwInitData.MultipleRequestPerLu = TRUE;

    hwInitData.VendorId = VioBlkVendorIdString;
    hwInitData.VendorIdLength = (USHORT)(sizeof(VioBlkVendorIdString) - 1);
    hwInitData.SrbTypeFlags = SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK;
    hwInitData.AddressTypeFlags = ADDRESS_TYPE_FLAG_BTL8;

    hwInitData.DeviceId = VioBlkLegacyDeviceIdString;
    hwInitData.DeviceIdLength = (USHORT)(sizeof(VioBlkLegacyDeviceIdString) - 1);
    legacyStatus = StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);

    hwInitData.DeviceId = VioBlkModernDeviceIdString;
    hwInitData.DeviceIdLength = (USHORT)(sizeof(VioBlkModernDeviceIdString) - 1);
    modernStatus = StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);

    /* Loaded if either registration worked (the smaller status, as for several IDs). */
    return legacyStatus < modernStatus ? legacyStatus : modernStatus;
}

/* ======================================================================================
 * HwFindAdapter
 * ====================================================================================== */

static CHAR VioBlkLowerCase(CHAR C)
{
    return (C >= 'A' && C <= 'Z') ? (CHAR)(C - 'A' + 'a') : C;
}

static BOOLEAN VioBlkIsSeparator(CHAR C)
{
    return C == ' ' || C == '\t' || C == ';' || C == ',';
}

/* TRUE if ArgumentString has "Key=<value>" with a value other than 0. */
static BOOLEAN VioBlkArgumentIsSet(PCHAR ArgumentString, const CHAR *Key)
{
    PCHAR cursor = ArgumentString;

    if (cursor == NULL)
        return FALSE;
    while (*cursor != '\0') {
        PCHAR token;
        PCHAR end;
        ULONG i = 0;

        while (*cursor != '\0' && VioBlkIsSeparator(*cursor))
            cursor++;
        token = cursor;
        while (*cursor != '\0' && !VioBlkIsSeparator(*cursor))
            cursor++;
        end = cursor;
        while (Key[i] != '\0' && token + i < end && VioBlkLowerCase(token[i]) == Key[i])
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

/* A REG_DWORD of this adapter (Parameters\Device<n>, then Parameters\Device); 0 if absent. */
static ULONG VioBlkReadRegistryDword(PVIOBLK_EXTENSION Ext, PCHAR ValueName)
{
    ULONG bufferLength = sizeof(ULONG);
    PUCHAR buffer = StorPortAllocateRegistryBuffer(Ext, &bufferLength);
    ULONG value = 0;
    ULONG global;

    if (buffer == NULL)
        return 0;
    if (bufferLength >= sizeof(ULONG)) {
        for (global = 0; global <= 1; global++) {
            ULONG length = bufferLength;
            RtlZeroMemory(buffer, bufferLength);
            if (StorPortRegistryRead(Ext, (PUCHAR)ValueName, global, REG_DWORD, buffer, &length) &&
                length >= sizeof(ULONG)) {
                RtlCopyMemory(&value, buffer, sizeof(value));
                break;
            }
        }
    }
    StorPortFreeRegistryBuffer(Ext, buffer);
    return value;
}

static ULONG VioBlkConfig32(const UCHAR *Config, ULONG Offset)
{
    return (ULONG)Config[Offset] | ((ULONG)Config[Offset + 1] << 8) | ((ULONG)Config[Offset + 2] << 16) |
           ((ULONG)Config[Offset + 3] << 24);
}

/*
 * Map BAR Bar (once) and return its mapping: the BAR register in configuration space gives
 * its address; the access range with that address and kind is the one to map.
 */
static PUCHAR VioBlkMapBar(PVIOBLK_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo, const UCHAR *Config,
                           ULONG Bar, PBOOLEAN InIoSpace, PULONG Length)
{
    ULONG raw;
    ULONGLONG address;
    BOOLEAN io;
    ULONG i;

    if (Bar >= 6)
        return NULL;
    raw = VioBlkConfig32(Config, PCI_CONFIG_BAR0_OFFSET + 4 * Bar);
    io = (raw & 1) != 0;
    if (io) {
        address = raw & ~(ULONGLONG)3;
    } else {
        address = raw & ~(ULONGLONG)0xF;
        if (((raw >> 1) & 3) == 2 && Bar < 5)
            address |= (ULONGLONG)VioBlkConfig32(Config, PCI_CONFIG_BAR0_OFFSET + 4 * (Bar + 1)) << 32;
    }
    if (address == 0)
        return NULL;

    for (i = 0; i < ConfigInfo->NumberOfAccessRanges; i++) {
        PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[i];
        if ((ULONGLONG)range->RangeStart.QuadPart != address || range->RangeLength == 0 ||
            (range->RangeInMemory != 0) == io)
            continue;
        if (Ext->Mapped[Bar] == NULL) {
            Ext->Mapped[Bar] = (PUCHAR)StorPortGetDeviceBase(Ext, ConfigInfo->AdapterInterfaceType,
                                                             ConfigInfo->SystemIoBusNumber, range->RangeStart,
                                                             range->RangeLength, io);
            Ext->MappedLength[Bar] = range->RangeLength;
        }
        *InIoSpace = io;
        *Length = Ext->MappedLength[Bar];
        return Ext->Mapped[Bar];
    }
    return NULL;
}

/* Point Region at (BAR, offset, length) of a capability, checked against the BAR's size. */
static BOOLEAN VioBlkMapCapability(PVIOBLK_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                   const UCHAR *Config, ULONG CapOffset, PVIOBLK_REGION Region)
{
    BOOLEAN io = FALSE;
    ULONG barLength = 0;
    ULONG offset = VioBlkConfig32(Config, CapOffset + VIRTIO_CAP_OFFSET_OFFSET);
    ULONG length = VioBlkConfig32(Config, CapOffset + VIRTIO_CAP_OFFSET_LENGTH);
    PUCHAR base = VioBlkMapBar(Ext, ConfigInfo, Config, Config[CapOffset + VIRTIO_CAP_OFFSET_BAR], &io, &barLength);

    if (base == NULL || length == 0 || offset > barLength || length > barLength - offset)
        return FALSE;
    Region->Base = base + offset;
    Region->Length = length;
    Region->InIoSpace = io;
    return TRUE;
}

/*
 * Walk the capability list (at most 48 entries, each inside the 256-byte space) for the
 * virtio vendor capabilities; the first of each type is used. Returns TRUE when the common,
 * notify, ISR and device windows are all mapped. Also notes whether MSI-X is enabled.
 */
static BOOLEAN VioBlkFindModernInterface(PVIOBLK_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                         const UCHAR *Config, ULONG ConfigLength)
{
    ULONG offset;
    ULONG visited = 0;
    BOOLEAN common = FALSE;
    BOOLEAN notify = FALSE;
    BOOLEAN isr = FALSE;
    BOOLEAN device = FALSE;

    if (ConfigLength < 0x40 ||
        (((ULONG)Config[PCI_CONFIG_STATUS_OFFSET] | ((ULONG)Config[PCI_CONFIG_STATUS_OFFSET + 1] << 8)) &
         PCI_STATUS_HAS_CAPABILITIES) == 0)
        return FALSE;

    offset = Config[PCI_CONFIG_CAPABILITIES_OFFSET] & 0xFC;
    while (offset >= 0x40 && offset + 2 <= ConfigLength && visited++ < 48) {
        UCHAR id = Config[offset];
        ULONG next = Config[offset + 1] & 0xFC;

        if (id == PCI_CAPABILITY_ID_MSIX && offset + 4 <= ConfigLength) {
            ULONG control = (ULONG)Config[offset + 2] | ((ULONG)Config[offset + 3] << 8);
            Ext->MsixEnabled = (control & PCI_MSIX_CONTROL_ENABLE) != 0;
        } else if (id == PCI_CAPABILITY_ID_VENDOR && offset + VIRTIO_CAP_MIN_LENGTH <= ConfigLength &&
                   Config[offset + 2] >= VIRTIO_CAP_MIN_LENGTH) {
            switch (Config[offset + VIRTIO_CAP_OFFSET_CFG_TYPE]) {
            case VIRTIO_PCI_CAP_COMMON_CFG:
                if (!common)
                    common = VioBlkMapCapability(Ext, ConfigInfo, Config, offset, &Ext->Common) &&
                             Ext->Common.Length >= VIRTIO_COMMON_MIN_LENGTH;
                break;
            case VIRTIO_PCI_CAP_NOTIFY_CFG:
                if (!notify && Config[offset + 2] >= VIRTIO_CAP_NOTIFY_MIN_LENGTH &&
                    offset + VIRTIO_CAP_NOTIFY_MIN_LENGTH <= ConfigLength) {
                    notify = VioBlkMapCapability(Ext, ConfigInfo, Config, offset, &Ext->Notify);
                    Ext->NotifyMultiplier = VioBlkConfig32(Config, offset + VIRTIO_CAP_OFFSET_NOTIFY_MULTIPLIER);
                }
                break;
            case VIRTIO_PCI_CAP_ISR_CFG:
                if (!isr)
                    isr = VioBlkMapCapability(Ext, ConfigInfo, Config, offset, &Ext->Isr);
                break;
            case VIRTIO_PCI_CAP_DEVICE_CFG:
                if (!device)
                    device = VioBlkMapCapability(Ext, ConfigInfo, Config, offset, &Ext->DeviceConfig) &&
                             Ext->DeviceConfig.Length >= VIRTIO_BLK_CFG_MIN_LENGTH;
                break;
            default:
                break;
            }
        }
        offset = next;
    }
    return common && notify && isr && device;
}

static VOID VioBlkUnmapAll(PVIOBLK_EXTENSION Ext)
{
    ULONG bar;

    for (bar = 0; bar < 6; bar++) {
        if (Ext->Mapped[bar] != NULL)
            StorPortFreeDeviceBase(Ext, Ext->Mapped[bar]);
        Ext->Mapped[bar] = NULL;
    }
}

#define VIOBLK_CONFIG_HAS(ConfigInfo, Field)                                                     \
    ((ConfigInfo)->Length >= (ULONG)FIELD_OFFSET(PORT_CONFIGURATION_INFORMATION, Field) +         \
                                 (ULONG)sizeof((ConfigInfo)->Field))

static ULONG VioBlkHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                                 PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                 PBOOLEAN Reserved3)
{
    PVIOBLK_EXTENSION ext = (PVIOBLK_EXTENSION)DeviceExtension;
    UCHAR config[256];
    ULONG configLength;
    BOOLEAN modern;
    BOOLEAN wantLegacy = FALSE;
    ULONG deviceQueue;
    ULONG availOffset, usedOffset, headersOffset, statusesOffset;
    ULONG bytes;
    ULONG alignment;
    ULONG allocation;
    ULONG stride;
    ULONG padding;
    ULONG contiguous = 0;
    PUCHAR uncached;
    STOR_PHYSICAL_ADDRESS physical;
    ULONGLONG base;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(Reserved3);

    RtlZeroMemory(ext, sizeof(*ext));
    if (!VIOBLK_CONFIG_HAS(ConfigInfo, SynchronizationModel))
        return SP_RETURN_BAD_CONFIG;

    if (VIOBLK_CONFIG_HAS(ConfigInfo, DumpMode))
        ext->DumpMode = ConfigInfo->DumpMode;
    if (ext->DumpMode == 0 && VioBlkArgumentIsSet(ArgumentString, "dump"))
        ext->DumpMode = DUMP_MODE_CRASH;
    if (ext->DumpMode == 0 && VioBlkArgumentIsSet(ArgumentString, "hiber"))
        ext->DumpMode = DUMP_MODE_HIBER;

    /* The hibernation copy needs this extension kept; the marking load touches no hardware. */
    if (ext->DumpMode == DUMP_MODE_MARK_MEMORY || ext->DumpMode == DUMP_MODE_HIBER)
        StorPortMarkDumpMemory(DeviceExtension, DeviceExtension, 0, 0);
    if (ext->DumpMode == DUMP_MODE_MARK_MEMORY)
        return SP_RETURN_FOUND;

    if (ConfigInfo->AccessRanges == NULL || ConfigInfo->NumberOfAccessRanges == 0)
        return SP_RETURN_NOT_FOUND;
    ext->BusNumber = ConfigInfo->SystemIoBusNumber;
    ext->SlotNumber = ConfigInfo->SlotNumber;

    /* Configuration space: identity, BARs, capabilities. */
    RtlZeroMemory(config, sizeof(config));
    configLength = StorPortGetBusData(ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber, ConfigInfo->SlotNumber,
                                      config, sizeof(config));
    if (configLength < 0x40)
        return SP_RETURN_NOT_FOUND;
    if ((config[0] | (config[1] << 8)) != VIRTIO_PCI_VENDOR_ID)
        return SP_RETURN_NOT_FOUND;

    /* Bus mastering and decoding on, should firmware have left them off. The dump path runs
     * polled: INTx is disabled in the command register there (and enabled otherwise, as a
     * previous dump copy may have left it). */
    {
        USHORT command = (USHORT)(config[4] | (config[5] << 8));
        USHORT wanted = (USHORT)(command | PCI_ENABLE_BUS_MASTER | PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_IO_SPACE);
        if (VioBlkIsDumpMode(ext))
            wanted |= PCI_COMMAND_INTERRUPT_DISABLE;
        else
            wanted &= (USHORT)~PCI_COMMAND_INTERRUPT_DISABLE;
        if (wanted != command) {
            command = wanted;
            (VOID)StorPortSetBusDataByOffset(ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber,
                                             ConfigInfo->SlotNumber, &command, 4, sizeof(command));
        }
    }

    modern = VioBlkFindModernInterface(ext, ConfigInfo, config, configLength);

    /* The legacy interface: asked for (never on the dump path, which has no registry and
     * keeps the small modern queue), or the only one there is. */
    if (!VioBlkIsDumpMode(ext))
        wantLegacy = VioBlkArgumentIsSet(ArgumentString, "legacy") ||
                     VioBlkReadRegistryDword(ext, (PCHAR)VIOBLK_LEGACY_VALUE) != 0;
    if (!modern || wantLegacy) {
        BOOLEAN io = FALSE;
        ULONG length = 0;
        PUCHAR header = NULL;
        USHORT deviceId = (USHORT)(config[2] | (config[3] << 8));

        if (deviceId >= VIRTIO_PCI_DEVICE_ID_BLK_LEGACY && deviceId < 0x1040)
            header = VioBlkMapBar(ext, ConfigInfo, config, 0, &io, &length);
        if (header != NULL && io && length >= VIRTIO_LEGACY_DEVICE_CONFIG_MSIX + VIRTIO_BLK_CFG_MIN_LENGTH) {
            ext->LegacyHeader.Base = header;
            ext->LegacyHeader.Length = length;
            ext->LegacyHeader.InIoSpace = TRUE;
            ext->Legacy = TRUE;
        } else if (!modern) {
            VioBlkUnmapAll(ext);
            return SP_RETURN_NOT_FOUND;
        }
    }

    /* Discovery: negotiate as a start would (reset, ACKNOWLEDGE, DRIVER, features), learn
     * the queue's size and the segment limits, and leave the device reset again. */
    if (!VioBlkNegotiate(ext)) {
        VioBlkUnmapAll(ext);
        return SP_RETURN_ERROR;
    }
    if (ext->Legacy) {
        VioBlkWrite16(ext, &ext->LegacyHeader, VIRTIO_LEGACY_QUEUE_SELECT, 0);
        deviceQueue = VioBlkRead16(ext, &ext->LegacyHeader, VIRTIO_LEGACY_QUEUE_SIZE);
        /* A legacy queue has the device's size: it must be a power of two we can hold. */
        if (deviceQueue == 0 || deviceQueue > VIOBLK_MAX_QUEUE_SIZE || (deviceQueue & (deviceQueue - 1)) != 0 ||
            (VioBlkIsDumpMode(ext) && deviceQueue > 256)) {
            StorPortDebugPrint(VIOBLK_PRINT_ERROR, "virtioblk: legacy queue size %u not usable\n", (unsigned)deviceQueue);
            (VOID)VioBlkResetDevice(ext);
            VioBlkUnmapAll(ext);
            return SP_RETURN_BAD_CONFIG;
        }
        ext->QueueSize = deviceQueue;
    } else {
        deviceQueue = 0;
        if (VioBlkRead16(ext, &ext->Common, VIRTIO_COMMON_NUM_QUEUES) != 0) {
            VioBlkWrite16(ext, &ext->Common, VIRTIO_COMMON_QUEUE_SELECT, 0);
            deviceQueue = VioBlkRead16(ext, &ext->Common, VIRTIO_COMMON_QUEUE_SIZE);
        }
        ext->QueueSize = VioBlkFloorPowerOfTwo(VioBlkMin(deviceQueue, VioBlkIsDumpMode(ext) ? VIOBLK_DUMP_QUEUE_SIZE
                                                                                              : VIOBLK_QUEUE_SIZE));
        if (ext->QueueSize < 4) {
            (VOID)VioBlkResetDevice(ext);
            VioBlkUnmapAll(ext);
            return SP_RETURN_BAD_CONFIG;
        }
    }
    ext->QueueMask = ext->QueueSize - 1;

    /* Segment limit: the device's SEG_MAX, our own cap, and the ring (header + status). */
    {
        ULONGLONG offered = ext->DriverFeatures;
        ULONG segments = VioBlkIsDumpMode(ext) ? VIOBLK_DUMP_MAX_SEGMENTS : VIOBLK_MAX_SEGMENTS;
        ULONG sizeMax = MAXULONG;
        if ((offered & VIRTIO_BLK_F_SEG_MAX) != 0) {
            ULONG segMax = VioBlkReadConfig32(ext, VIRTIO_BLK_CFG_SEG_MAX);
            if (segMax != 0)
                segments = VioBlkMin(segments, segMax);
        }
        if ((offered & VIRTIO_BLK_F_SIZE_MAX) != 0) {
            sizeMax = VioBlkReadConfig32(ext, VIRTIO_BLK_CFG_SIZE_MAX);
            if (sizeMax < VIRTIO_BLK_SECTOR_SIZE)
                sizeMax = MAXULONG;
        }
        /* Several request queues (modern interface, MQ negotiated): one per processor, up to
         * what the device has and this driver holds; each gets its message in HwInitialize. */
        ext->QueuesPrepared = 1;
        if ((offered & VIRTIO_BLK_F_MQ) != 0 && ext->DeviceConfig.Length >= VIRTIO_BLK_CFG_NUM_QUEUES + 2) {
            ULONG deviceQueues = VioBlkRead16(ext, &ext->DeviceConfig, VIRTIO_BLK_CFG_NUM_QUEUES);
            ULONG processors = VioBlkProcessorCount(ext);
            ULONG wanted = VioBlkMin(VioBlkMin(deviceQueues, processors), VIOBLK_MAX_QUEUES);
            if (wanted > 1)
                ext->QueuesPrepared = wanted;
        }
        (VOID)VioBlkResetDevice(ext);
        segments = VioBlkMin(segments, ext->QueueSize - 2);
        if (segments < 2) {
            VioBlkUnmapAll(ext);
            return SP_RETURN_BAD_CONFIG;
        }
        ext->SegmentLimit = segments;
        /* Every piece may be cut at page boundaries (and at SIZE_MAX): the worst case for
         * L bytes is L / PAGE + 1 pieces. */
        ext->MaxTransfer = (segments - 1) * VioBlkMin(VIOBLK_PAGE_SIZE, sizeMax & ~(VIRTIO_BLK_SECTOR_SIZE - 1));
    }
    /* One chain needs at most SegmentLimit + 2 descriptors; one request at a time when
     * dumping. */
    ext->MaxOutstanding = VioBlkIsDumpMode(ext) ? 1 : ext->QueueSize / 3;
    if (ext->MaxOutstanding == 0)
        ext->MaxOutstanding = 1;
    ext->QueueCount = 1;

    ConfigInfo->MaximumTransferLength = ext->MaxTransfer;
    ConfigInfo->NumberOfPhysicalBreaks = ext->SegmentLimit - 1;
    ConfigInfo->AlignmentMask = 0;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->Dma32BitAddresses = TRUE;
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;
    ConfigInfo->MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    ConfigInfo->NeedPhysicalAddresses = TRUE;
    ConfigInfo->TaggedQueuing = TRUE;
    ConfigInfo->MultipleRequestPerLu = TRUE;
    ConfigInfo->AutoRequestSense = TRUE;
    ConfigInfo->InterruptMode = LevelSensitive;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    for (i = 0; i < RTL_NUMBER_OF(ConfigInfo->InitiatorBusId); i++)
        ConfigInfo->InitiatorBusId[i] = 1;      /* the disk is target 0 */
    ConfigInfo->SrbExtensionSize = sizeof(VIOBLK_SRB_EXTENSION);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    if (VIOBLK_CONFIG_HAS(ConfigInfo, MaxNumberOfIO))
        ConfigInfo->MaxNumberOfIO = ext->MaxOutstanding * ext->QueuesPrepared;
    if (!VioBlkIsDumpMode(ext) && VIOBLK_CONFIG_HAS(ConfigInfo, InterruptSynchronizationMode)) {
        ConfigInfo->HwMSInterruptRoutine = VioBlkHwMsInterrupt;
        /* Several queues: each message (and so each queue) has a lock of its own. */
        ConfigInfo->InterruptSynchronizationMode =
            ext->QueuesPrepared > 1 ? InterruptSynchronizePerMessage : InterruptSynchronizeAll;
    }

    /* Queue memory: one uncached block, aligned on the physical address (a page for the
     * legacy interface, whose ring goes in by page number); each queue's share starts aligned. */
    bytes = VioBlkQueueBytes(ext->QueueSize, ext->Legacy, &availOffset, &usedOffset, &headersOffset, &statusesOffset);
    alignment = ext->Legacy ? VIRTIO_LEGACY_QUEUE_ALIGN : 64;
    stride = VioBlkAlignUp(bytes, alignment);
    allocation = stride * ext->QueuesPrepared + alignment;
    if (VioBlkIsDumpMode(ext) && allocation > VIOBLK_DUMP_UNCACHED_LIMIT) {
        VioBlkUnmapAll(ext);
        return SP_RETURN_BAD_CONFIG;
    }
    uncached = (PUCHAR)StorPortGetUncachedExtension(ext, ConfigInfo, allocation);
    if (uncached == NULL) {
        VioBlkUnmapAll(ext);
        return SP_RETURN_ERROR;
    }
    physical = StorPortGetPhysicalAddress(ext, NULL, uncached, &contiguous);
    base = (ULONGLONG)physical.QuadPart;
    padding = (ULONG)((alignment - (base & (alignment - 1))) & (alignment - 1));
    if (base == 0 || contiguous < padding + stride * ext->QueuesPrepared) {
        VioBlkUnmapAll(ext);
        return SP_RETURN_ERROR;
    }
    for (i = 0; i < ext->QueuesPrepared; i++) {
        PVIOBLK_QUEUE queue = &ext->Queues[i];
        queue->Number = (USHORT)i;
        queue->Vector = VIRTIO_MSI_NO_VECTOR;
        queue->RingMemory = uncached + padding + stride * i;
        queue->RingBytes = bytes;
        queue->Desc = (PVIRTQ_DESC)queue->RingMemory;
        queue->Avail = (PVIRTQ_AVAIL)(queue->RingMemory + availOffset);
        queue->Used = (PVIRTQ_USED)(queue->RingMemory + usedOffset);
        queue->Headers = (PVIRTIO_BLK_REQUEST_HEADER)(queue->RingMemory + headersOffset);
        queue->Statuses = queue->RingMemory + statusesOffset;
        queue->DescPhysical = base + padding + (ULONGLONG)stride * i;
        queue->AvailPhysical = queue->DescPhysical + availOffset;
        queue->UsedPhysical = queue->DescPhysical + usedOffset;
        queue->HeadersPhysical = queue->DescPhysical + headersOffset;
        queue->StatusesPhysical = queue->DescPhysical + statusesOffset;
        VioBlkResetQueueState(ext, queue);
        if (!VioBlkIsDumpMode(ext))
            StorPortInitializeDpc(ext, &queue->CompletionDpc, VioBlkCompletionDpc);
    }

    ext->Found = TRUE;
    StorPortDebugPrint(VIOBLK_PRINT_INFO,
                       "virtioblk: found %s interface, %u queue(s) of %u, %u segments, max transfer %u, uncached %u bytes%s\n",
                       ext->Legacy ? "legacy" : "modern", (unsigned)ext->QueuesPrepared, (unsigned)ext->QueueSize,
                       (unsigned)ext->SegmentLimit,
                       (unsigned)ext->MaxTransfer, (unsigned)allocation,
                       VioBlkIsDumpMode(ext) ? ", dump mode (polled)" : "");
    return SP_RETURN_FOUND;
}

/* ======================================================================================
 * HwInitialize: choose MSI-X or INTx and start the device (the port holds InterruptLock).
 * ====================================================================================== */

static VOID VioBlkChooseInterrupts(PVIOBLK_EXTENSION Ext)
{
    MESSAGE_INTERRUPT_INFORMATION info;
    ULONG q;

    Ext->UseMsi = FALSE;
    Ext->PerMessageLocks = FALSE;
    Ext->ConfigVector = VIRTIO_MSI_NO_VECTOR;
    Ext->QueueCount = 1;
    for (q = 0; q < VIOBLK_MAX_QUEUES; q++)
        Ext->Queues[q].Vector = VIRTIO_MSI_NO_VECTOR;
    if (VioBlkIsDumpMode(Ext))
        return;
    RtlZeroMemory(&info, sizeof(info));
    if (StorPortGetMSIInfo(Ext, 0, &info) != STOR_STATUS_SUCCESS)
        return;
    /* Message 0: configuration changes; message q + 1 (when granted): request queue q. A
     * queue without a message of its own is not used (queue 0 shares message 0 then). */
    Ext->UseMsi = TRUE;
    Ext->ConfigVector = 0;
    Ext->Queues[0].Vector = 0;
    for (q = 0; q < Ext->QueuesPrepared; q++) {
        RtlZeroMemory(&info, sizeof(info));
        if (StorPortGetMSIInfo(Ext, q + 1, &info) != STOR_STATUS_SUCCESS)
            break;
        Ext->Queues[q].Vector = (USHORT)(q + 1);
    }
    if (q > 1)
        Ext->QueueCount = q;
    /* HwFindAdapter asked for per-message synchronization when it prepared several queues. */
    Ext->PerMessageLocks = Ext->QueuesPrepared > 1;
}

/* Several queues: StartIo on several channels at once (one per queue, without the StartIo
 * lock), each completion DPC on the processor that issued it. */
static VOID VioBlkChooseChannels(PVIOBLK_EXTENSION Ext)
{
    PERF_CONFIGURATION_DATA perf;

    if (Ext->QueueCount < 2)
        return;
    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    if (StorPortInitializePerfOpts(Ext, TRUE, &perf) != STOR_STATUS_SUCCESS ||
        (perf.Flags & STOR_PERF_CONCURRENT_CHANNELS) == 0) {
        /* No concurrent channels: every request comes in channel 0 and uses queue 0. */
        StorPortDebugPrint(VIOBLK_PRINT_INFO, "virtioblk: no concurrent channels; requests use queue 0\n");
        return;
    }
    perf.Flags = STOR_PERF_CONCURRENT_CHANNELS | (perf.Flags & STOR_PERF_DPC_REDIRECTION);
    perf.ConcurrentChannels = Ext->QueueCount;
    if (StorPortInitializePerfOpts(Ext, FALSE, &perf) != STOR_STATUS_SUCCESS)
        StorPortDebugPrint(VIOBLK_PRINT_ERROR, "virtioblk: concurrent channels refused; requests use queue 0\n");
}

static BOOLEAN VioBlkHwInitialize(PVOID DeviceExtension)
{
    PVIOBLK_EXTENSION ext = (PVIOBLK_EXTENSION)DeviceExtension;
    VIOBLK_DONE_LIST done;
    BOOLEAN started;

    if (!ext->Found)
        return FALSE;
    VioBlkInitDoneList(&done);
    VioBlkTakeAllOutstanding(ext, &done);
    VioBlkChooseInterrupts(ext);
    started = VioBlkStartDevice(ext);
    if (started)
        VioBlkChooseChannels(ext);
    VioBlkCompleteDone(ext, &done);
    StorPortDebugPrint(VIOBLK_PRINT_INFO, "virtioblk: %s, %llu blocks of %u bytes, %s, %u queue(s)%s%s\n",
                       started ? "running" : "not started", (unsigned long long)ext->Blocks, (unsigned)ext->BlockSize,
                       ext->UseMsi ? "MSI-X" : (VioBlkIsDumpMode(ext) ? "polled" : "INTx"), (unsigned)ext->QueueCount,
                       ext->ReadOnly ? ", read-only" : "", ext->FlushSupported ? ", flush" : "");
    return started;
}

/* ======================================================================================
 * HwStartIo (the port holds StartIoLock)
 * ====================================================================================== */

/* Standard INQUIRY data, or the vital product data pages 00h, 80h and 83h. */
static VOID VioBlkInquiry(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, const UCHAR *Cdb)
{
    UCHAR data[36];
    ULONG length;

    RtlZeroMemory(data, sizeof(data));
    if ((Cdb[1] & 1) == 0) {
        if (Cdb[2] != 0) {
            VioBlkCompleteWithSense(Ext, Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
            return;
        }
        data[0] = DIRECT_ACCESS_DEVICE;
        data[2] = 5;            /* SPC-3 */
        data[3] = 2;            /* response data format */
        data[4] = 36 - 5;
        data[7] = 0x02;         /* CmdQue */
        RtlCopyMemory(&data[8], "VIRTIO  ", 8);
        RtlCopyMemory(&data[16], "BLOCK DEVICE    ", 16);
        RtlCopyMemory(&data[32], "1.0 ", 4);
        length = 36;
    } else {
        switch (Cdb[2]) {
        case 0x00:
            data[3] = 3;
            data[4] = 0x00;
            data[5] = 0x80;
            data[6] = 0x83;
            length = 7;
            break;
        case 0x80:
            data[1] = 0x80;
            data[3] = 1;
            data[4] = '0';
            length = 5;
            break;
        case 0x83:
            /* One T10 vendor identification descriptor (ASCII). */
            data[1] = 0x83;
            data[4] = 0x02;
            data[5] = 0x01;
            data[7] = 14;
            RtlCopyMemory(&data[8], "VIRTIO  BLOCK0", 14);
            data[3] = 4 + 14;
            length = 22;
            break;
        default:
            VioBlkCompleteWithSense(Ext, Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
            return;
        }
        data[0] = DIRECT_ACCESS_DEVICE;
    }
    VioBlkCompleteWithData(Ext, Srb, data, VioBlkMin(length, Cdb[4] | ((ULONG)Cdb[3] << 8)));
}

/* MODE SENSE(6/10): a header (write protect from RO) and the caching page (WCE when the
 * device has a flush command, i.e. a volatile write cache). */
static VOID VioBlkModeSense(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, const UCHAR *Cdb, BOOLEAN Ten)
{
    UCHAR data[8 + 20];
    UCHAR page = Cdb[2] & 0x3F;
    ULONG header = Ten ? 8 : 4;
    ULONG length = header;
    ULONG allocation = Ten ? (((ULONG)Cdb[7] << 8) | Cdb[8]) : Cdb[4];

    RtlZeroMemory(data, sizeof(data));
    if (page == 0x08 || page == 0x3F) {
        PUCHAR caching = &data[header];
        caching[0] = 0x08;
        caching[1] = 18;
        caching[2] = Ext->FlushSupported ? 0x04 : 0;     /* WCE */
        length += 20;
    } else if (page != 0) {
        VioBlkCompleteWithSense(Ext, Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
        return;
    }
    if (Ten) {
        data[0] = (UCHAR)((length - 2) >> 8);
        data[1] = (UCHAR)(length - 2);
        data[3] = Ext->ReadOnly ? 0x80 : 0;
    } else {
        data[0] = (UCHAR)(length - 1);
        data[2] = Ext->ReadOnly ? 0x80 : 0;
    }
    VioBlkCompleteWithData(Ext, Srb, data, VioBlkMin(length, allocation));
}

static VOID VioBlkReadCapacity(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, BOOLEAN Sixteen, const UCHAR *Cdb)
{
    UCHAR data[32];
    ULONGLONG last = Ext->Blocks == 0 ? 0 : Ext->Blocks - 1;

    RtlZeroMemory(data, sizeof(data));
    if (!Sixteen) {
        VioBlkPutBe32(data, last > MAXULONG ? MAXULONG : (ULONG)last);
        VioBlkPutBe32(data + 4, Ext->BlockSize);
        VioBlkCompleteWithData(Ext, Srb, data, 8);
    } else {
        VioBlkPutBe64(data, last);
        VioBlkPutBe32(data + 8, Ext->BlockSize);
        VioBlkCompleteWithData(Ext, Srb, data, VioBlkMin(32, VioBlkGetBe32(Cdb + 10)));
    }
}

static VOID VioBlkReportLuns(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, const UCHAR *Cdb)
{
    UCHAR data[16];

    RtlZeroMemory(data, sizeof(data));
    data[3] = 8;                /* one LUN: 0 */
    VioBlkCompleteWithData(Ext, Srb, data, VioBlkMin(16, VioBlkGetBe32(Cdb + 6)));
}

/* Decode the LBA and block count of READ/WRITE/VERIFY(6/10/12/16). */
static BOOLEAN VioBlkDecodeRange(const UCHAR *Cdb, ULONG CdbLength, PULONGLONG Lba, PULONG Blocks)
{
    switch (Cdb[0]) {
    case SCSIOP_READ6:
    case SCSIOP_WRITE6:
        if (CdbLength < 6)
            return FALSE;
        *Lba = ((ULONGLONG)(Cdb[1] & 0x1F) << 16) | ((ULONG)Cdb[2] << 8) | Cdb[3];
        *Blocks = Cdb[4] == 0 ? 256 : Cdb[4];
        return TRUE;
    case SCSIOP_READ:
    case SCSIOP_WRITE:
    case SCSIOP_VERIFY:
        if (CdbLength < 10)
            return FALSE;
        *Lba = VioBlkGetBe32(Cdb + 2);
        *Blocks = ((ULONG)Cdb[7] << 8) | Cdb[8];
        return TRUE;
    case SCSIOP_READ12:
    case SCSIOP_WRITE12:
        if (CdbLength < 12)
            return FALSE;
        *Lba = VioBlkGetBe32(Cdb + 2);
        *Blocks = VioBlkGetBe32(Cdb + 6);
        return TRUE;
    case SCSIOP_READ16:
    case SCSIOP_WRITE16:
    case SCSIOP_VERIFY16:
        if (CdbLength < 16)
            return FALSE;
        *Lba = VioBlkGetBe64(Cdb + 2);
        *Blocks = VioBlkGetBe32(Cdb + 10);
        return TRUE;
    default:
        return FALSE;
    }
}

/* The queue of the channel StorPort passes the request in (queue 0 with a single queue). */
static PVIOBLK_QUEUE VioBlkQueueFor(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    STARTIO_PERFORMANCE_PARAMETERS params;

    if (Ext->QueueCount < 2)
        return &Ext->Queues[0];
    RtlZeroMemory(&params, sizeof(params));
    params.Size = sizeof(params);
    if (StorPortGetStartIoPerfParams(Ext, Srb, &params) != STOR_STATUS_SUCCESS)
        return &Ext->Queues[0];
    return &Ext->Queues[params.ChannelNumber % Ext->QueueCount];
}

/*
 * Put one request on its channel's ring: header, data pieces, status. Type is VIRTIO_BLK_T_IN / OUT /
 * FLUSH; for FLUSH there are no data pieces. Returns SRB_STATUS_PENDING when queued.
 */
static UCHAR VioBlkQueueRequest(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, ULONG Type, ULONGLONG Lba,
                                ULONG Length)
{
    PSTOR_SCATTER_GATHER_LIST list = NULL;
    PVIOBLK_SRB_EXTENSION srbExt = VioBlkSrbExtension(Srb);
    PVIOBLK_QUEUE queue;
    VIOBLK_LOCK lock;
    ULONG pieces = 0;
    ULONG element;
    ULONG remaining;
    UCHAR status = SRB_STATUS_PENDING;

    if (srbExt == NULL)
        return SRB_STATUS_ERROR;

    /* Count the descriptors the data needs (pieces are cut at SIZE_MAX). */
    if (Length != 0) {
        list = StorPortGetScatterGatherList(Ext, Srb);
        if (list == NULL || list->NumberOfElements == 0) {
            StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                             VIOBLK_LOG_ID(VIOBLK_SITE_NO_SG_LIST, 0));
            return SRB_STATUS_ERROR;
        }
        remaining = Length;
        for (element = 0; element < list->NumberOfElements && remaining != 0; element++) {
            ULONG run = VioBlkMin(list->List[element].Length, remaining);
            if (run == 0)
                continue;
            pieces += (run + Ext->SizeMax - 1) / Ext->SizeMax;
            remaining -= run;
            if (pieces > Ext->SegmentLimit)
                return SRB_STATUS_INVALID_REQUEST;
        }
        if (remaining != 0)
            return SRB_STATUS_ERROR;
    }

    srbExt->FinalStatus = 0;
    srbExt->VirtioStatus = 0xFF;
    srbExt->RequestType = (UCHAR)Type;
    srbExt->Lba = Lba;
    srbExt->NextDone = NULL;

    queue = VioBlkQueueFor(Ext, Srb);
    VioBlkLockQueue(Ext, queue, &lock);
    if (!Ext->Running) {
        status = SRB_STATUS_BUS_RESET;
    } else if (queue->Outstanding >= Ext->MaxOutstanding || queue->FreeCount < pieces + 2) {
        __atomic_fetch_add(&Ext->BusyRejections, 1, __ATOMIC_RELAXED);    /* queues lock apart */
        status = SRB_STATUS_BUSY;
    } else {
        USHORT head = queue->FreeHead;
        USHORT current = head;
        PVIRTIO_BLK_REQUEST_HEADER header = &queue->Headers[head];
        PVIRTQ_DESC desc;
        ULONG count = pieces + 2;

        header->Type = Type;
        header->Reserved = 0;
        header->Sector = Lba * Ext->SectorsPerBlock;
        queue->Statuses[head] = 0xFF;

        desc = &queue->Desc[current];
        desc->Address = queue->HeadersPhysical + 16 * (ULONGLONG)head;
        desc->Length = sizeof(VIRTIO_BLK_REQUEST_HEADER);
        desc->Flags = VIRTQ_DESC_F_NEXT;
        desc->Next = queue->Next[current];
        current = queue->Next[current];

        remaining = Length;
        for (element = 0; list != NULL && element < list->NumberOfElements && remaining != 0; element++) {
            ULONGLONG address = (ULONGLONG)list->List[element].PhysicalAddress.QuadPart;
            ULONG run = VioBlkMin(list->List[element].Length, remaining);
            remaining -= run;
            while (run != 0) {
                ULONG piece = VioBlkMin(run, Ext->SizeMax);
                desc = &queue->Desc[current];
                desc->Address = address;
                desc->Length = piece;
                desc->Flags = (USHORT)(VIRTQ_DESC_F_NEXT | (Type == VIRTIO_BLK_T_IN ? VIRTQ_DESC_F_WRITE : 0));
                desc->Next = queue->Next[current];
                current = queue->Next[current];
                address += piece;
                run -= piece;
            }
        }

        desc = &queue->Desc[current];
        desc->Address = queue->StatusesPhysical + head;
        desc->Length = 1;
        desc->Flags = VIRTQ_DESC_F_WRITE;
        desc->Next = 0;

        /* Take the chain off the free list. */
        queue->FreeHead = queue->Next[current];
        queue->FreeCount -= count;
        queue->ChainLength[head] = (USHORT)count;
        queue->Owner[head] = Srb;
        queue->Outstanding++;

        queue->Avail->Ring[queue->AvailIndex & Ext->QueueMask] = head;
        VioBlkMemoryBarrier();
        queue->AvailIndex++;
        *(volatile USHORT *)&queue->Avail->Index = queue->AvailIndex;
        VioBlkNotify(Ext, queue);
    }
    VioBlkUnlockQueue(Ext, queue, &lock);

    if (status == SRB_STATUS_BUSY)
        (VOID)StorPortBusy(Ext, 1);
    return status;
}

static VOID VioBlkExecuteScsi(PVIOBLK_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    const UCHAR *cdb = (const UCHAR *)SrbGetCdb(Srb);
    ULONG cdbLength = SrbGetCdbLength(Srb);
    ULONGLONG lba = 0;
    ULONG blocks = 0;
    UCHAR status;

    if (SrbGetPathId(Srb) != 0) {
        VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_INVALID_PATH_ID);
        return;
    }
    if (SrbGetTargetId(Srb) != 0) {
        VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_SELECTION_TIMEOUT);
        return;
    }
    if (SrbGetLun(Srb) != 0) {
        VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_INVALID_LUN);
        return;
    }
    if (cdb == NULL || cdbLength == 0) {
        VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }

    switch (cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
    case SCSIOP_START_STOP_UNIT:
    case SCSIOP_MEDIUM_REMOVAL:
    case SCSIOP_RESERVE_UNIT:
    case SCSIOP_RELEASE_UNIT:
    case SCSIOP_RESERVE_UNIT10:
    case SCSIOP_RELEASE_UNIT10:
        VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_SUCCESS);
        return;

    case SCSIOP_INQUIRY:
        VioBlkInquiry(Ext, Srb, cdb);
        return;

    case SCSIOP_REQUEST_SENSE: {
        /* Autosense reports every error, so nothing is ever pending. */
        UCHAR sense[18];
        RtlZeroMemory(sense, sizeof(sense));
        sense[0] = 0x70;
        sense[7] = 10;
        VioBlkCompleteWithData(Ext, Srb, sense, VioBlkMin(sizeof(sense), cdb[4]));
        return;
    }

    case SCSIOP_READ_CAPACITY:
        VioBlkReadCapacity(Ext, Srb, FALSE, cdb);
        return;

    case SCSIOP_SERVICE_ACTION_IN16:
        if (cdbLength >= 16 && (cdb[1] & 0x1F) == SERVICE_ACTION_READ_CAPACITY16) {
            VioBlkReadCapacity(Ext, Srb, TRUE, cdb);
            return;
        }
        break;

    case SCSIOP_MODE_SENSE:
        VioBlkModeSense(Ext, Srb, cdb, FALSE);
        return;
    case SCSIOP_MODE_SENSE10:
        if (cdbLength >= 10) {
            VioBlkModeSense(Ext, Srb, cdb, TRUE);
            return;
        }
        break;

    case SCSIOP_REPORT_LUNS:
        if (cdbLength >= 12) {
            VioBlkReportLuns(Ext, Srb, cdb);
            return;
        }
        break;

    case SCSIOP_SYNCHRONIZE_CACHE:
    case SCSIOP_SYNCHRONIZE_CACHE16:
        if (!Ext->FlushSupported || Ext->ReadOnly) {
            VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_SUCCESS);    /* nothing volatile to write */
            return;
        }
        status = VioBlkQueueRequest(Ext, Srb, VIRTIO_BLK_T_FLUSH, 0, 0);
        if (status != SRB_STATUS_PENDING)
            VioBlkCompleteSrb(Ext, Srb, status);
        return;

    case SCSIOP_VERIFY:
    case SCSIOP_VERIFY16:
        /* The medium has no separate check: a range check only (BYTCHK not supported). */
        if (!VioBlkDecodeRange(cdb, cdbLength, &lba, &blocks))
            break;
        if ((cdb[1] & 0x02) != 0) {
            VioBlkCompleteWithSense(Ext, Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_INVALID_CDB, 0);
            return;
        }
        if (lba > Ext->Blocks || blocks > Ext->Blocks - lba) {
            VioBlkCompleteWithSense(Ext, Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
            return;
        }
        VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_SUCCESS);
        return;

    case SCSIOP_READ6:
    case SCSIOP_READ:
    case SCSIOP_READ12:
    case SCSIOP_READ16:
    case SCSIOP_WRITE6:
    case SCSIOP_WRITE:
    case SCSIOP_WRITE12:
    case SCSIOP_WRITE16: {
        BOOLEAN write = cdb[0] == SCSIOP_WRITE6 || cdb[0] == SCSIOP_WRITE || cdb[0] == SCSIOP_WRITE12 ||
                        cdb[0] == SCSIOP_WRITE16;
        ULONG transfer = SrbGetDataTransferLength(Srb);
        ULONG length;

        if (!VioBlkDecodeRange(cdb, cdbLength, &lba, &blocks))
            break;
        if (lba > Ext->Blocks || blocks > Ext->Blocks - lba) {
            VioBlkCompleteWithSense(Ext, Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_BLOCK, 0);
            return;
        }
        if (write && Ext->ReadOnly) {
            VioBlkCompleteWithSense(Ext, Srb, SCSI_SENSE_DATA_PROTECT, SCSI_ADSENSE_WRITE_PROTECT, 0);
            return;
        }
        /* The buffer bounds the transfer: never move more than the SRB describes. */
        if ((ULONGLONG)blocks * Ext->BlockSize > transfer)
            blocks = transfer / Ext->BlockSize;
        length = blocks * Ext->BlockSize;
        if (length == 0) {
            SrbSetDataTransferLength(Srb, 0);
            VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_SUCCESS);
            return;
        }
        if (length > Ext->MaxTransfer) {
            VioBlkCompleteSrb(Ext, Srb, SRB_STATUS_INVALID_REQUEST);
            return;
        }
        SrbSetDataTransferLength(Srb, length);
        status = VioBlkQueueRequest(Ext, Srb, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN, lba, length);
        if (status != SRB_STATUS_PENDING)
            VioBlkCompleteSrb(Ext, Srb, status);
        return;
    }

    default:
        break;
    }
    VioBlkCompleteWithSense(Ext, Srb, SCSI_SENSE_ILLEGAL_REQUEST, SCSI_ADSENSE_ILLEGAL_COMMAND, 0);
}

/* Reset the device (RESET_BUS / RESET_DEVICE / RESET_LOGICAL_UNIT SRBs, HwResetBus, a broken
 * device or ring), every queue lock held: outstanding requests come back with
 * SRB_STATUS_BUS_RESET. */
static VOID VioBlkResetAndComplete(PVIOBLK_EXTENSION Ext)
{
    VIOBLK_LOCK locks[VIOBLK_MAX_QUEUES];
    VIOBLK_DONE_LIST done;
    ULONG before = 0;
    ULONG q;

    VioBlkInitDoneList(&done);
    VioBlkLockAll(Ext, locks);
    for (q = 0; q < Ext->QueueCount; q++)
        before += Ext->Queues[q].Outstanding;
    VioBlkRecoverLocked(Ext, &done);
    VioBlkUnlockAll(Ext, locks);
    StorPortDebugPrint(VIOBLK_PRINT_INFO, "virtioblk: reset requested with %u request(s) outstanding; device %s\n",
                       (unsigned)before, Ext->Running ? "running again" : "not restarted");
    VioBlkCompleteDone(Ext, &done);
    StorPortNotification(ResetDetected, Ext);
}

static BOOLEAN VioBlkHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PVIOBLK_EXTENSION ext = (PVIOBLK_EXTENSION)DeviceExtension;

    switch (SrbGetSrbFunction(Srb)) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        VioBlkExecuteScsi(ext, Srb);
        break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        if (ext->Found)
            VioBlkResetAndComplete(ext);
        VioBlkCompleteSrb(ext, Srb, SRB_STATUS_SUCCESS);
        break;
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_ABORT_COMMAND:
    case SRB_FUNCTION_POWER:
        VioBlkCompleteSrb(ext, Srb, SRB_STATUS_SUCCESS);
        break;
    default:
        VioBlkCompleteSrb(ext, Srb, SRB_STATUS_INVALID_REQUEST);
        break;
    }
    return TRUE;
}

/* ======================================================================================
 * Interrupts and the completion DPC
 * ====================================================================================== */

/* Dump mode: the port polls (one queue, no locks). Completions are found from the used ring
 * itself; the ISR byte is read only to drop the INTx state the device raised. */
static BOOLEAN VioBlkPoll(PVIOBLK_EXTENSION Ext)
{
    PVIOBLK_QUEUE queue = &Ext->Queues[0];
    VIOBLK_DONE_LIST done;
    BOOLEAN reset;
    UCHAR isr;

    if (!Ext->Running)
        return FALSE;
    isr = VioBlkReadIsr(Ext);
    if (isr == 0 && *(volatile USHORT *)&queue->Used->Index == queue->LastUsedIndex &&
        (VioBlkGetStatus(Ext) & VIRTIO_STATUS_DEVICE_NEEDS_RESET) == 0)
        return FALSE;
    VioBlkInitDoneList(&done);
    reset = VioBlkServiceLocked(Ext, queue, &done);
    if (reset)
        VioBlkRecoverLocked(Ext, &done);
    VioBlkCompleteDone(Ext, &done);
    if (reset)
        StorPortNotification(ResetDetected, Ext);
    return TRUE;
}

/* INTx: the ISR byte says whether the (possibly shared) line is ours; reading it clears it.
 * (One queue: several come only with messages.) */
static BOOLEAN VioBlkHwInterrupt(PVOID DeviceExtension)
{
    PVIOBLK_EXTENSION ext = (PVIOBLK_EXTENSION)DeviceExtension;
    UCHAR isr;

    if (!ext->Found || ext->Queues[0].RingMemory == NULL)
        return FALSE;
    if (VioBlkIsDumpMode(ext))
        return VioBlkPoll(ext);
    isr = VioBlkReadIsr(ext);
    if (isr == 0 || isr == 0xFF)
        return FALSE;
    (VOID)StorPortIssueDpc(ext, &ext->Queues[0].CompletionDpc, &ext->Queues[0], NULL);
    return TRUE;
}

/* MSI-X: message q + 1 is request queue q; message 0 is configuration changes, which queue
 * 0's DPC picks up (every queue's DPC checks the device status on every run). The DPC does
 * the work. */
static BOOLEAN VioBlkHwMsInterrupt(PVOID DeviceExtension, ULONG MessageId)
{
    PVIOBLK_EXTENSION ext = (PVIOBLK_EXTENSION)DeviceExtension;
    PVIOBLK_QUEUE queue = &ext->Queues[0];

    if (!ext->Found || VioBlkIsDumpMode(ext))
        return FALSE;
    if (MessageId >= 1 && MessageId <= ext->QueueCount && ext->Queues[MessageId - 1].Vector == MessageId)
        queue = &ext->Queues[MessageId - 1];
    (VOID)StorPortIssueDpc(ext, &queue->CompletionDpc, queue, NULL);
    return TRUE;
}

/* Drains the queue the DPC belongs to (SystemArgument1) under the DPC's lock and the queue's
 * lock; a broken device or ring is then reset with every queue lock held. */
static VOID VioBlkCompletionDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                                PVOID SystemArgument2)
{
    PVIOBLK_EXTENSION ext = (PVIOBLK_EXTENSION)HwDeviceExtension;
    PVIOBLK_QUEUE queue = (PVIOBLK_QUEUE)SystemArgument1;
    STOR_LOCK_HANDLE dpcLock;
    VIOBLK_LOCK lock;
    VIOBLK_DONE_LIST done;
    BOOLEAN reset;

    UNREFERENCED_PARAMETER(SystemArgument2);
    if (queue == NULL)
        queue = &ext->Queues[0];

    VioBlkInitDoneList(&done);
    StorPortAcquireSpinLock(ext, DpcLock, Dpc, &dpcLock);
    VioBlkLockQueue(ext, queue, &lock);
    reset = VioBlkServiceLocked(ext, queue, &done);
    VioBlkUnlockQueue(ext, queue, &lock);
    VioBlkCompleteDone(ext, &done);
    if (reset)
        VioBlkResetAndComplete(ext);
    StorPortReleaseSpinLock(ext, &dpcLock);
}

/* ======================================================================================
 * HwResetBus: a timed-out request (or the class driver) asks for a reset. Completed
 * requests are collected first; the rest come back with SRB_STATUS_BUS_RESET.
 * ====================================================================================== */

static BOOLEAN VioBlkHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PVIOBLK_EXTENSION ext = (PVIOBLK_EXTENSION)DeviceExtension;

    UNREFERENCED_PARAMETER(PathId);
    if (ext->Found)
        VioBlkResetAndComplete(ext);
    return TRUE;
}

/* ======================================================================================
 * HwAdapterControl: stop (power down, hibernation) and restart (power up, resume).
 * ====================================================================================== */

/* Give outstanding requests a bounded time to finish, then reset the device and give back
 * what is left. */
static VOID VioBlkStopDevice(PVIOBLK_EXTENSION Ext)
{
    VIOBLK_LOCK locks[VIOBLK_MAX_QUEUES];
    VIOBLK_LOCK lock;
    VIOBLK_DONE_LIST done;
    ULONG waited = 0;
    ULONG outstanding;
    BOOLEAN reset;
    ULONG q;

    for (;;) {
        outstanding = 0;
        reset = FALSE;
        for (q = 0; q < Ext->QueueCount && !reset; q++) {
            PVIOBLK_QUEUE queue = &Ext->Queues[q];
            VioBlkInitDoneList(&done);
            VioBlkLockQueue(Ext, queue, &lock);
            reset = VioBlkServiceLocked(Ext, queue, &done);
            outstanding += Ext->Running ? queue->Outstanding : 0;
            VioBlkUnlockQueue(Ext, queue, &lock);
            VioBlkCompleteDone(Ext, &done);
        }
        if (reset)
            VioBlkResetAndComplete(Ext);
        if (outstanding == 0 || waited >= VIOBLK_STOP_DRAIN_TIMEOUT_US)
            break;
        StorPortStallExecution(VIOBLK_POLL_INTERVAL_US);
        waited += VIOBLK_POLL_INTERVAL_US;
    }

    VioBlkInitDoneList(&done);
    VioBlkLockAll(Ext, locks);
    (VOID)VioBlkResetDevice(Ext);
    Ext->Running = FALSE;
    VioBlkTakeAllOutstanding(Ext, &done);
    VioBlkUnlockAll(Ext, locks);
    VioBlkCompleteDone(Ext, &done);
}

static BOOLEAN VioBlkRestartDevice(PVIOBLK_EXTENSION Ext)
{
    VIOBLK_LOCK locks[VIOBLK_MAX_QUEUES];
    VIOBLK_DONE_LIST done;
    BOOLEAN started;

    VioBlkInitDoneList(&done);
    VioBlkLockAll(Ext, locks);
    VioBlkTakeAllOutstanding(Ext, &done);
    started = VioBlkStartDevice(Ext);
    VioBlkUnlockAll(Ext, locks);
    VioBlkCompleteDone(Ext, &done);
    return started;
}

static SCSI_ADAPTER_CONTROL_STATUS VioBlkHwAdapterControl(PVOID DeviceExtension,
                                                          SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                          PVOID Parameters)
{
    PVIOBLK_EXTENSION ext = (PVIOBLK_EXTENSION)DeviceExtension;

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
        if (list->MaxControlType > ScsiSetBootConfig)
            list->SupportedTypeList[ScsiSetBootConfig] = TRUE;
        if (list->MaxControlType > ScsiSetRunningConfig)
            list->SupportedTypeList[ScsiSetRunningConfig] = TRUE;
        return ScsiAdapterControlSuccess;
    }
    case ScsiStopAdapter:
        if (ext->Found)
            VioBlkStopDevice(ext);
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        if (!ext->Found)
            return ScsiAdapterControlUnsuccessful;
        return VioBlkRestartDevice(ext) ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;
    case ScsiSetBootConfig:
    case ScsiSetRunningConfig:
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
