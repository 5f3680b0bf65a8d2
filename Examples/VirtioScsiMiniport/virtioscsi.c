/*
 * virtioscsi.c - a StorPort miniport for a virtio SCSI host adapter on PCI (virtio 1.x),
 * written from the OASIS virtio specification. It takes extended SRBs
 * (STORAGE_REQUEST_BLOCK) and reads and writes them through srbhelper.h only.
 *
 * Both PCI functions of the device are driven the same way: the modern one (1AF4:1048) and
 * the transitional one (1AF4:1004), through the virtio vendor capabilities both carry. The
 * adapter is one SCSI bus: targets 0..max_target, LUNs 0..max_lun (capped, README.md); the
 * port scans them with INQUIRY and finds the disks behind the device.
 *
 * Layout of this file:
 *
 *     definitions, register access, locks, completion lists
 *     virtqueues: layout, descriptor chains, draining
 *     device start (reset, features, configuration, queues, vectors, DRIVER_OK) and recovery
 *     the control queue (task management, polled) and the event queue
 *     completion translation (virtio response -> SRB status, sense)
 *     DriverEntry, HwFindAdapter, HwInitialize, HwStartIo
 *     HwInterrupt, HwMSInterruptRoutine, the DPC, HwResetBus, HwAdapterControl
 *
 * Queues: 0 control, 1 event, 2.. requests. Each queue's ring and its per-descriptor data
 * slots (a 64-byte device-readable slot and a 128-byte device-writable one per descriptor
 * index) live in one uncached extension; a chain's head index names its slots and its owner.
 *
 * Locking (full duplex): InterruptLock guards the rings, the free lists and the owner tables.
 * HwStartIo, the DPC, HwResetBus and HwAdapterControl take it; the interrupt routines run
 * under it (MSI-X with InterruptSynchronizeAll). SRBs are completed after it is released.
 * In dump mode nothing runs concurrently: no locks, no DPC, HwInterrupt is polled.
 */
#include <storport.h>
#include <srbhelper.h>

#include "virtioscsi_hw.h"

/* ======================================================================================
 * Definitions
 * ====================================================================================== */

#define VSCSI_MAX_REQUEST_QUEUES        4
#define VSCSI_MAX_QUEUES                (VSCSI_QUEUE_FIRST_REQUEST + VSCSI_MAX_REQUEST_QUEUES)
#define VSCSI_MAX_QUEUE_SIZE            128     /* request queues, normal operation */
#define VSCSI_DUMP_QUEUE_SIZE           32      /* the single request queue of the dump path */
#define VSCSI_CONTROL_QUEUE_SIZE        4
#define VSCSI_EVENT_QUEUE_SIZE          8
#define VSCSI_MAX_SEGMENTS              64
#define VSCSI_DUMP_UNCACHED_LIMIT       (32 * 1024)
#define VSCSI_PAGE_SIZE                 0x1000

/* Per-descriptor data slots: the request header (19 + cdb_size bytes) or a TMF request, and
 * the response (12 + sense_size bytes), a TMF response or an event. */
#define VSCSI_OUT_SLOT                  64
#define VSCSI_IN_SLOT                   128
#define VSCSI_CDB_SIZE                  32      /* cdb_size the driver asks for */
#define VSCSI_SENSE_SIZE                96      /* sense_size the driver asks for */
#define VSCSI_MAX_CDB_SIZE              (VSCSI_OUT_SLOT - VSCSI_REQ_CDB)
#define VSCSI_MAX_SENSE_SIZE            (VSCSI_IN_SLOT - VSCSI_RESP_SENSE)

#define VSCSI_MAX_LUNS                  8       /* LUNs per target the port scans */

/* Bounded waits (microseconds; virtual time advances with StorPortStallExecution). */
#define VSCSI_POLL_US                   10
#define VSCSI_RESET_TIMEOUT_US          100000
#define VSCSI_TMF_TIMEOUT_US            200000
#define VSCSI_STOP_DRAIN_TIMEOUT_US     100000
#define VSCSI_GENERATION_RETRIES        8
#define VSCSI_MAX_CAPABILITIES          48

#define VSCSI_PRINT_ERROR               0
#define VSCSI_PRINT_INFO                1

/* StorPortLogError UniqueId: 'V' 'S', a site, a detail byte. */
#define VSCSI_LOG_ID(Site, Detail)      (0x56530000U | (((ULONG)(Site) & 0xFF) << 8) | ((ULONG)(Detail) & 0xFF))
#define VSCSI_SITE_START_FAILED         1
#define VSCSI_SITE_NEEDS_RESET          2
#define VSCSI_SITE_BAD_RING             3
#define VSCSI_SITE_TMF_FAILED           4

/* The largest a queue of Size entries can take (VScsiQueueBytes plus every alignment gap). */
#define VSCSI_QUEUE_BYTES_BOUND(Size) \
    (16 * (Size) + 6 + 2 * (Size) + 3 + 6 + 8 * (Size) + 63 + (VSCSI_OUT_SLOT + VSCSI_IN_SLOT) * (Size) + 63)
/* The dump path has one request queue and nothing else in its uncached extension. */
C_ASSERT(VSCSI_QUEUE_BYTES_BOUND(VSCSI_DUMP_QUEUE_SIZE) + 64 <= VSCSI_DUMP_UNCACHED_LIMIT);

#define VScsiBarrier()                  __atomic_thread_fence(__ATOMIC_SEQ_CST)

#define VSCSI_CONFIG_HAS(ConfigInfo, Field)                                                      \
    ((ConfigInfo)->Length >= (ULONG)FIELD_OFFSET(PORT_CONFIGURATION_INFORMATION, Field) +         \
                                 (ULONG)sizeof((ConfigInfo)->Field))

/* A register window: a BAR mapping plus a capability's offset, and its length. */
typedef struct _VSCSI_REGION {
    PUCHAR Base;
    ULONG Length;
    BOOLEAN Io;
    UCHAR Reserved[3];
} VSCSI_REGION, *PVSCSI_REGION;

/* One split virtqueue and its bookkeeping (the free list and owners are driver-private). */
typedef struct _VSCSI_QUEUE {
    USHORT Number;              /* virtio queue index */
    USHORT Size;                /* 0: not used */
    USHORT Mask;
    USHORT Vector;
    ULONG NotifyOffset;
    BOOLEAN Enabled;
    UCHAR Reserved[3];

    PVSCSI_DESC Desc;
    PVSCSI_AVAIL Avail;
    PVSCSI_USED Used;
    PUCHAR OutSlots;            /* Size * VSCSI_OUT_SLOT, device-readable */
    PUCHAR InSlots;             /* Size * VSCSI_IN_SLOT, device-writable */
    ULONGLONG DescPa;
    ULONGLONG AvailPa;
    ULONGLONG UsedPa;
    ULONGLONG OutPa;
    ULONGLONG InPa;
    ULONG Bytes;                /* ring + slots, from Desc */

    USHORT AvailIndex;
    USHORT LastUsed;
    USHORT FreeHead;
    USHORT FreeCount;
    ULONG Outstanding;
    ULONG MaxOutstanding;
    USHORT Next[VSCSI_MAX_QUEUE_SIZE];
    USHORT ChainLength[VSCSI_MAX_QUEUE_SIZE];
    PVOID Owner[VSCSI_MAX_QUEUE_SIZE];
} VSCSI_QUEUE, *PVSCSI_QUEUE;

/* Per-request state in the SRB extension (nothing here is seen by the device). */
typedef struct _VSCSI_SRB_EXTENSION {
    PVOID NextDone;
    ULONGLONG Tag;              /* the virtio command tag */
    ULONG TransferLength;       /* data bytes given to the device */
    ULONG Residual;
    ULONG SenseLength;
    USHORT Queue;               /* request queue slot, head */
    USHORT Head;
    UCHAR FinalStatus;          /* != 0: complete with this SRB status (resets) */
    UCHAR Response;             /* virtio response */
    UCHAR ScsiStatus;
    BOOLEAN Resetting;          /* a reset TMF is under way for it: ABORTED -> BUS_RESET */
    BOOLEAN Answered;           /* the device wrote a response */
    UCHAR Reserved[7];
} VSCSI_SRB_EXTENSION, *PVSCSI_SRB_EXTENSION;

typedef struct _VSCSI_DONE_LIST {
    PVOID Head;
    PVOID Tail;
} VSCSI_DONE_LIST, *PVSCSI_DONE_LIST;

typedef struct _VSCSI_EXTENSION {
    STOR_DPC Dpc;

    UCHAR DumpMode;
    BOOLEAN Found;
    BOOLEAN Running;
    BOOLEAN UseMsi;
    ULONG Messages;             /* MSI-X messages granted */
    USHORT ConfigVector;
    USHORT RequestQueues;       /* request queues in use */
    ULONG NextQueue;            /* round robin */

    VSCSI_REGION Common;
    VSCSI_REGION Notify;
    VSCSI_REGION Isr;
    VSCSI_REGION Device;
    ULONG NotifyMultiplier;
    PUCHAR Mapped[6];
    ULONG MappedLength[6];

    ULONGLONG DeviceFeatures;
    ULONGLONG DriverFeatures;
    ULONG DeviceQueues;         /* num_queues of the common configuration */
    ULONG NumRequestQueues;     /* num_queues of the SCSI configuration */
    ULONG SegMax;
    ULONG MaxSectors;
    ULONG CmdPerLun;
    ULONG SenseSize;
    ULONG CdbSize;
    ULONG MaxTarget;
    ULONG MaxLun;
    ULONG SegmentLimit;
    ULONG MaxTransfer;

    PUCHAR Uncached;
    ULONG UncachedBytes;

    /* statistics */
    ULONG Resets;
    ULONG TmfsSent;
    ULONG EventsSeen;
    ULONG Stale;

    VSCSI_QUEUE Queues[VSCSI_MAX_QUEUES];
} VSCSI_EXTENSION, *PVSCSI_EXTENSION;

static const CHAR VScsiVendorId[] = "1AF4";
static const CHAR VScsiTransitionalId[] = "1004";
static const CHAR VScsiModernId[] = "1048";

static HW_FIND_ADAPTER VScsiHwFindAdapter;
static HW_INITIALIZE VScsiHwInitialize;
static HW_STARTIO VScsiHwStartIo;
static HW_INTERRUPT VScsiHwInterrupt;
static HW_RESET_BUS VScsiHwResetBus;
static HW_ADAPTER_CONTROL VScsiHwAdapterControl;
static HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE VScsiHwMsInterrupt;
static VOID VScsiDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2);

static ULONG VScsiMin(ULONG A, ULONG B) { return A < B ? A : B; }

static BOOLEAN VScsiIsDump(PVSCSI_EXTENSION Ext) { return Ext->DumpMode != 0; }

/* ---- register access ---- */

static UCHAR VScsiRead8(PVSCSI_EXTENSION Ext, PVSCSI_REGION R, ULONG Off)
{
    return R->Io ? StorPortReadPortUchar(Ext, R->Base + Off) : StorPortReadRegisterUchar(Ext, R->Base + Off);
}

static USHORT VScsiRead16(PVSCSI_EXTENSION Ext, PVSCSI_REGION R, ULONG Off)
{
    return R->Io ? StorPortReadPortUshort(Ext, (PUSHORT)(R->Base + Off))
                 : StorPortReadRegisterUshort(Ext, (PUSHORT)(R->Base + Off));
}

static ULONG VScsiRead32(PVSCSI_EXTENSION Ext, PVSCSI_REGION R, ULONG Off)
{
    return R->Io ? StorPortReadPortUlong(Ext, (PULONG)(R->Base + Off))
                 : StorPortReadRegisterUlong(Ext, (PULONG)(R->Base + Off));
}

static VOID VScsiWrite8(PVSCSI_EXTENSION Ext, PVSCSI_REGION R, ULONG Off, UCHAR V)
{
    if (R->Io)
        StorPortWritePortUchar(Ext, R->Base + Off, V);
    else
        StorPortWriteRegisterUchar(Ext, R->Base + Off, V);
}

static VOID VScsiWrite16(PVSCSI_EXTENSION Ext, PVSCSI_REGION R, ULONG Off, USHORT V)
{
    if (R->Io)
        StorPortWritePortUshort(Ext, (PUSHORT)(R->Base + Off), V);
    else
        StorPortWriteRegisterUshort(Ext, (PUSHORT)(R->Base + Off), V);
}

static VOID VScsiWrite32(PVSCSI_EXTENSION Ext, PVSCSI_REGION R, ULONG Off, ULONG V)
{
    if (R->Io)
        StorPortWritePortUlong(Ext, (PULONG)(R->Base + Off), V);
    else
        StorPortWriteRegisterUlong(Ext, (PULONG)(R->Base + Off), V);
}

/* 64-bit fields go in as two 32-bit writes, low half first. */
static VOID VScsiWrite64(PVSCSI_EXTENSION Ext, PVSCSI_REGION R, ULONG Off, ULONGLONG V)
{
    VScsiWrite32(Ext, R, Off, (ULONG)V);
    VScsiWrite32(Ext, R, Off + 4, (ULONG)(V >> 32));
}

static UCHAR VScsiGetStatus(PVSCSI_EXTENSION Ext)
{
    return VScsiRead8(Ext, &Ext->Common, VSCSI_COMMON_STATUS);
}

static VOID VScsiSetStatus(PVSCSI_EXTENSION Ext, UCHAR Status)
{
    VScsiWrite8(Ext, &Ext->Common, VSCSI_COMMON_STATUS, Status);
}

/* Write 0 and wait (bounded) until the status reads back 0. */
static BOOLEAN VScsiResetDevice(PVSCSI_EXTENSION Ext)
{
    ULONG waited = 0;

    VScsiSetStatus(Ext, 0);
    while (VScsiGetStatus(Ext) != 0) {
        if (waited >= VSCSI_RESET_TIMEOUT_US)
            return FALSE;
        StorPortStallExecution(VSCSI_POLL_US);
        waited += VSCSI_POLL_US;
    }
    return TRUE;
}

/* ---- locks (none in dump mode) ---- */

static VOID VScsiLock(PVSCSI_EXTENSION Ext, PSTOR_LOCK_HANDLE Handle)
{
    RtlZeroMemory(Handle, sizeof(*Handle));
    if (!VScsiIsDump(Ext))
        StorPortAcquireSpinLock(Ext, InterruptLock, NULL, Handle);
}

static VOID VScsiUnlock(PVSCSI_EXTENSION Ext, PSTOR_LOCK_HANDLE Handle)
{
    if (!VScsiIsDump(Ext))
        StorPortReleaseSpinLock(Ext, Handle);
}

/* ---- completion lists ---- */

static PVSCSI_SRB_EXTENSION VScsiSrbExt(PVOID Srb)
{
    return (PVSCSI_SRB_EXTENSION)SrbGetMiniportContext(Srb);
}

static VOID VScsiInitDone(PVSCSI_DONE_LIST List)
{
    List->Head = NULL;
    List->Tail = NULL;
}

static VOID VScsiPushDone(PVSCSI_DONE_LIST List, PVOID Srb)
{
    VScsiSrbExt(Srb)->NextDone = NULL;
    if (List->Tail == NULL)
        List->Head = Srb;
    else
        VScsiSrbExt(List->Tail)->NextDone = Srb;
    List->Tail = Srb;
}

static VOID VScsiCompleteSrb(PVSCSI_EXTENSION Ext, PVOID Srb, UCHAR SrbStatus)
{
    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    SrbSetSrbStatus(Srb, SrbStatus);
    StorPortNotification(RequestComplete, Ext, Srb);
}

/* ======================================================================================
 * Virtqueues
 * ====================================================================================== */

static ULONG VScsiAlign(ULONG Value, ULONG Alignment)
{
    return (Value + Alignment - 1) & ~(Alignment - 1);
}

/*
 * Bytes of one queue of Size entries (offsets from its 64-aligned start):
 *   descriptors 16*Size | avail 6+2*Size | used (4-aligned) 6+8*Size |
 *   out slots (64-aligned) 64*Size | in slots 128*Size
 */
static ULONG VScsiQueueBytes(ULONG Size, PULONG Avail, PULONG Used, PULONG Out, PULONG In)
{
    ULONG avail = 16 * Size;
    ULONG used = VScsiAlign(avail + VSCSI_AVAIL_BYTES(Size), 4);
    ULONG out = VScsiAlign(used + VSCSI_USED_BYTES(Size), 64);
    ULONG in = out + VSCSI_OUT_SLOT * Size;

    if (Avail != NULL) {
        *Avail = avail;
        *Used = used;
        *Out = out;
        *In = in;
    }
    return VScsiAlign(in + VSCSI_IN_SLOT * Size, 64);
}

/* Empty rings, a full free list, no owners (before the device sees the queue). */
static VOID VScsiResetQueue(PVSCSI_QUEUE Q)
{
    ULONG i;

    if (Q->Size == 0)
        return;
    RtlZeroMemory(Q->Desc, Q->Bytes);
    for (i = 0; i < Q->Size; i++) {
        Q->Next[i] = (USHORT)((i + 1) & Q->Mask);
        Q->ChainLength[i] = 0;
        Q->Owner[i] = NULL;
    }
    Q->FreeHead = 0;
    Q->FreeCount = Q->Size;
    Q->AvailIndex = 0;
    Q->LastUsed = 0;
    Q->Outstanding = 0;
    Q->Enabled = FALSE;
    VScsiBarrier();
}

/* Give a chain back: it was taken from the front of the free list, so its links are the
 * list's own. */
static VOID VScsiFreeChain(PVSCSI_QUEUE Q, USHORT Head)
{
    ULONG count = Q->ChainLength[Head];
    USHORT last = Head;
    ULONG i;

    if (count == 0)
        return;
    for (i = 1; i < count; i++)
        last = Q->Next[last];
    Q->Next[last] = Q->FreeHead;
    Q->FreeHead = Head;
    Q->FreeCount = (USHORT)(Q->FreeCount + count);
    Q->ChainLength[Head] = 0;
}

/* Make head Head available and tell the device. */
static VOID VScsiPublish(PVSCSI_EXTENSION Ext, PVSCSI_QUEUE Q, USHORT Head, BOOLEAN Kick)
{
    Q->Avail->Ring[Q->AvailIndex & Q->Mask] = Head;
    VScsiBarrier();
    Q->AvailIndex++;
    *(volatile USHORT *)&Q->Avail->Index = Q->AvailIndex;
    VScsiBarrier();
    if (Kick && Ext->Running)
        VScsiWrite16(Ext, &Ext->Notify, Q->NotifyOffset, Q->Number);
}

/*
 * Walk the used ring from LastUsed to used->idx, calling back nothing: returns the next
 * element (id, length) in *Id / *Length, or FALSE when the ring is empty. *Broken is set when
 * the device moved the index by more than the queue size.
 */
static BOOLEAN VScsiNextUsed(PVSCSI_QUEUE Q, PULONG Id, PULONG Length, PBOOLEAN Broken)
{
    USHORT deviceIndex;
    volatile VSCSI_USED_ELEM *element;

    if (Q->Size == 0 || !Q->Enabled)
        return FALSE;
    deviceIndex = *(volatile USHORT *)&Q->Used->Index;
    if ((USHORT)(deviceIndex - Q->LastUsed) > Q->Size) {
        *Broken = TRUE;
        return FALSE;
    }
    if (deviceIndex == Q->LastUsed)
        return FALSE;
    VScsiBarrier();
    element = &Q->Used->Ring[Q->LastUsed & Q->Mask];
    *Id = element->Id;
    *Length = element->Length;
    Q->LastUsed++;
    return TRUE;
}

/* Collect the finished commands of one request queue onto Done. Returns FALSE if the
 * device broke the ring. */
static BOOLEAN VScsiDrainRequests(PVSCSI_EXTENSION Ext, PVSCSI_QUEUE Q, PVSCSI_DONE_LIST Done)
{
    BOOLEAN broken = FALSE;
    ULONG id;
    ULONG length;

    while (VScsiNextUsed(Q, &id, &length, &broken)) {
        PVOID srb;
        PVSCSI_SRB_EXTENSION srbExt;
        PUCHAR in;

        if (id >= Q->Size || Q->Owner[id] == NULL) {
            Ext->Stale++;
            continue;
        }
        srb = Q->Owner[id];
        Q->Owner[id] = NULL;
        srbExt = VScsiSrbExt(srb);
        in = Q->InSlots + (ULONG)id * VSCSI_IN_SLOT;
        srbExt->Answered = length >= VSCSI_RESP_SENSE;
        if (srbExt->Answered) {
            PUCHAR sense = (PUCHAR)SrbGetSenseInfoBuffer(srb);
            ULONG room = SrbGetSenseInfoBufferLength(srb);
            ULONG senseLength = *(volatile ULONG *)(in + VSCSI_RESP_SENSE_LEN);

            srbExt->Residual = *(volatile ULONG *)(in + VSCSI_RESP_RESIDUAL);
            srbExt->ScsiStatus = in[VSCSI_RESP_STATUS];
            srbExt->Response = in[VSCSI_RESP_RESPONSE];
            /* Sense: never more than the device may write, the slot holds, or the SRB has. */
            senseLength = VScsiMin(senseLength, Ext->SenseSize);
            senseLength = VScsiMin(senseLength, length - VSCSI_RESP_SENSE);
            if (sense == NULL || (SrbGetSrbFlags(srb) & SRB_FLAGS_DISABLE_AUTOSENSE) != 0)
                room = 0;
            senseLength = VScsiMin(senseLength, room);
            if (senseLength != 0)
                RtlCopyMemory(sense, in + VSCSI_RESP_SENSE, senseLength);
            srbExt->SenseLength = senseLength;
        }
        VScsiFreeChain(Q, (USHORT)id);
        Q->Outstanding--;
        VScsiPushDone(Done, srb);
    }
    if (broken) {
        StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, VSCSI_LOG_ID(VSCSI_SITE_BAD_RING, Q->Number));
        return FALSE;
    }
    return TRUE;
}

/* Every command still with the device goes on Done with FinalStatus (reset). */
static VOID VScsiTakeOutstanding(PVSCSI_EXTENSION Ext, PVSCSI_DONE_LIST Done, UCHAR FinalStatus)
{
    ULONG q;
    ULONG i;

    for (q = 0; q < Ext->RequestQueues; q++) {
        PVSCSI_QUEUE queue = &Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + q];
        for (i = 0; i < queue->Size; i++) {
            PVOID srb = queue->Owner[i];
            if (srb == NULL)
                continue;
            queue->Owner[i] = NULL;
            VScsiFreeChain(queue, (USHORT)i);
            queue->Outstanding--;
            VScsiSrbExt(srb)->FinalStatus = FinalStatus;
            VScsiPushDone(Done, srb);
        }
    }
}

/* ======================================================================================
 * Event queue
 * ====================================================================================== */

/* Every event buffer is one device-writable descriptor into its in-slot. */
static VOID VScsiPostEventBuffers(PVSCSI_EXTENSION Ext)
{
    PVSCSI_QUEUE q = &Ext->Queues[VSCSI_QUEUE_EVENT];
    USHORT i;

    if (q->Size == 0)
        return;
    for (i = 0; i < q->Size; i++) {
        q->Desc[i].Address = q->InPa + (ULONGLONG)i * VSCSI_IN_SLOT;
        q->Desc[i].Length = VSCSI_EVENT_SIZE;
        q->Desc[i].Flags = VSCSI_DESC_F_WRITE;
        q->Desc[i].Next = 0;
        VScsiPublish(Ext, q, i, FALSE);
    }
}

/* Read finished events, give the buffers back; returns TRUE if the bus changed. */
static BOOLEAN VScsiDrainEvents(PVSCSI_EXTENSION Ext, PBOOLEAN Broken)
{
    PVSCSI_QUEUE q = &Ext->Queues[VSCSI_QUEUE_EVENT];
    BOOLEAN changed = FALSE;
    BOOLEAN reposted = FALSE;
    ULONG id;
    ULONG length;

    while (VScsiNextUsed(q, &id, &length, Broken)) {
        ULONG event;

        if (id >= q->Size)
            continue;
        if (length >= 4) {
            event = *(volatile ULONG *)(q->InSlots + id * VSCSI_IN_SLOT);
            Ext->EventsSeen++;
            /* A transport reset (hot plug, removal, rescan), a parameter change or missed
             * events: let the port enumerate again. */
            if ((event & VSCSI_T_EVENTS_MISSED) != 0 || event == VSCSI_T_TRANSPORT_RESET ||
                event == VSCSI_T_PARAM_CHANGE)
                changed = TRUE;
        }
        VScsiPublish(Ext, q, (USHORT)id, FALSE);
        reposted = TRUE;
    }
    if (reposted && Ext->Running)
        VScsiWrite16(Ext, &Ext->Notify, q->NotifyOffset, q->Number);
    return changed;
}

/* ======================================================================================
 * Device start
 * ====================================================================================== */

static ULONG VScsiReadConfig32(PVSCSI_EXTENSION Ext, ULONG Offset)
{
    return VScsiRead32(Ext, &Ext->Device, Offset);
}

static BOOLEAN VScsiFail(PVSCSI_EXTENSION Ext, const char *Why)
{
    StorPortDebugPrint(VSCSI_PRINT_ERROR, "virtioscsi: device start failed: %s\n", Why);
    StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, VSCSI_LOG_ID(VSCSI_SITE_START_FAILED, 0));
    VScsiSetStatus(Ext, VSCSI_STATUS_FAILED);
    Ext->Running = FALSE;
    return FALSE;
}

/* Reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK (read back). */
static BOOLEAN VScsiNegotiate(PVSCSI_EXTENSION Ext)
{
    ULONG low;
    ULONG high;
    ULONGLONG wanted = VSCSI_F_VERSION_1 | VSCSI_F_HOTPLUG | VSCSI_F_CHANGE;

    if (!VScsiResetDevice(Ext))
        return VScsiFail(Ext, "the device did not finish its reset");
    VScsiSetStatus(Ext, VSCSI_STATUS_ACKNOWLEDGE);
    VScsiSetStatus(Ext, VSCSI_STATUS_ACKNOWLEDGE | VSCSI_STATUS_DRIVER);

    VScsiWrite32(Ext, &Ext->Common, VSCSI_COMMON_DFSELECT, 0);
    low = VScsiRead32(Ext, &Ext->Common, VSCSI_COMMON_DF);
    VScsiWrite32(Ext, &Ext->Common, VSCSI_COMMON_DFSELECT, 1);
    high = VScsiRead32(Ext, &Ext->Common, VSCSI_COMMON_DF);
    Ext->DeviceFeatures = ((ULONGLONG)high << 32) | low;
    if ((Ext->DeviceFeatures & VSCSI_F_VERSION_1) == 0)
        return VScsiFail(Ext, "VERSION_1 is not offered");
    /* Events are only useful outside the dump path. */
    if (VScsiIsDump(Ext))
        wanted = VSCSI_F_VERSION_1;
    Ext->DriverFeatures = Ext->DeviceFeatures & wanted;

    VScsiWrite32(Ext, &Ext->Common, VSCSI_COMMON_GFSELECT, 0);
    VScsiWrite32(Ext, &Ext->Common, VSCSI_COMMON_GF, (ULONG)Ext->DriverFeatures);
    VScsiWrite32(Ext, &Ext->Common, VSCSI_COMMON_GFSELECT, 1);
    VScsiWrite32(Ext, &Ext->Common, VSCSI_COMMON_GF, (ULONG)(Ext->DriverFeatures >> 32));
    VScsiSetStatus(Ext, VSCSI_STATUS_ACKNOWLEDGE | VSCSI_STATUS_DRIVER | VSCSI_STATUS_FEATURES_OK);
    if ((VScsiGetStatus(Ext) & VSCSI_STATUS_FEATURES_OK) == 0)
        return VScsiFail(Ext, "the device refused the features");
    return TRUE;
}

/* The SCSI configuration, read under config_generation (again while it changes). The
 * driver's cdb_size and sense_size go in first; what reads back must fit the slots. */
static BOOLEAN VScsiReadScsiConfig(PVSCSI_EXTENSION Ext)
{
    ULONG attempt;

    VScsiWrite32(Ext, &Ext->Device, VSCSI_CONFIG_CDB_SIZE, VSCSI_CDB_SIZE);
    VScsiWrite32(Ext, &Ext->Device, VSCSI_CONFIG_SENSE_SIZE, VSCSI_SENSE_SIZE);
    for (attempt = 0; attempt < VSCSI_GENERATION_RETRIES; attempt++) {
        UCHAR before = VScsiRead8(Ext, &Ext->Common, VSCSI_COMMON_GENERATION);
        Ext->NumRequestQueues = VScsiReadConfig32(Ext, VSCSI_CONFIG_NUM_QUEUES);
        Ext->SegMax = VScsiReadConfig32(Ext, VSCSI_CONFIG_SEG_MAX);
        Ext->MaxSectors = VScsiReadConfig32(Ext, VSCSI_CONFIG_MAX_SECTORS);
        Ext->CmdPerLun = VScsiReadConfig32(Ext, VSCSI_CONFIG_CMD_PER_LUN);
        Ext->SenseSize = VScsiReadConfig32(Ext, VSCSI_CONFIG_SENSE_SIZE);
        Ext->CdbSize = VScsiReadConfig32(Ext, VSCSI_CONFIG_CDB_SIZE);
        Ext->MaxTarget = VScsiRead16(Ext, &Ext->Device, VSCSI_CONFIG_MAX_TARGET);
        Ext->MaxLun = VScsiReadConfig32(Ext, VSCSI_CONFIG_MAX_LUN);
        if (before == VScsiRead8(Ext, &Ext->Common, VSCSI_COMMON_GENERATION))
            break;
    }
    if (Ext->CdbSize == 0 || Ext->CdbSize > VSCSI_MAX_CDB_SIZE || Ext->SenseSize > VSCSI_MAX_SENSE_SIZE)
        return VScsiFail(Ext, "cdb_size or sense_size does not fit the request slots");
    if (Ext->MaxTarget > 255)
        Ext->MaxTarget = 255;
    if (Ext->MaxLun > 16383)
        Ext->MaxLun = 16383;
    return TRUE;
}

/* Program one queue (size, rings, vector), check its notify address, enable it. */
static BOOLEAN VScsiSetupQueue(PVSCSI_EXTENSION Ext, PVSCSI_QUEUE Q)
{
    USHORT maximum;
    ULONG notify;

    VScsiWrite16(Ext, &Ext->Common, VSCSI_COMMON_Q_SELECT, Q->Number);
    maximum = VScsiRead16(Ext, &Ext->Common, VSCSI_COMMON_Q_SIZE);
    if (maximum == 0 || Q->Size > maximum)
        return VScsiFail(Ext, "a queue is smaller than the ring prepared for it");
    VScsiWrite16(Ext, &Ext->Common, VSCSI_COMMON_Q_SIZE, Q->Size);
    VScsiWrite64(Ext, &Ext->Common, VSCSI_COMMON_Q_DESC, Q->DescPa);
    VScsiWrite64(Ext, &Ext->Common, VSCSI_COMMON_Q_DRIVER, Q->AvailPa);
    VScsiWrite64(Ext, &Ext->Common, VSCSI_COMMON_Q_DEVICE, Q->UsedPa);
    VScsiWrite16(Ext, &Ext->Common, VSCSI_COMMON_Q_MSIX, Ext->UseMsi ? Q->Vector : VSCSI_NO_VECTOR);
    if (Ext->UseMsi && VScsiRead16(Ext, &Ext->Common, VSCSI_COMMON_Q_MSIX) != Q->Vector)
        return VScsiFail(Ext, "the device refused a queue's MSI-X vector");
    notify = (ULONG)VScsiRead16(Ext, &Ext->Common, VSCSI_COMMON_Q_NOTIFY_OFF) * Ext->NotifyMultiplier;
    if (Ext->Notify.Length < 2 || notify > Ext->Notify.Length - 2)
        return VScsiFail(Ext, "a queue's notify address lies outside the notify window");
    Q->NotifyOffset = notify;
    VScsiWrite16(Ext, &Ext->Common, VSCSI_COMMON_Q_ENABLE, 1);
    Q->Enabled = TRUE;
    return TRUE;
}

/*
 * From any state to DRIVER_OK with empty queues: negotiate, configuration, the config
 * vector, the queues (control and event outside the dump path, then the request queues),
 * event buffers, DRIVER_OK. Caller took every outstanding request out already and holds
 * InterruptLock (or runs in HwInitialize / dump mode).
 */
static BOOLEAN VScsiStartDevice(PVSCSI_EXTENSION Ext)
{
    ULONG i;

    Ext->Running = FALSE;
    if (!VScsiNegotiate(Ext))
        return FALSE;
    for (i = 0; i < VSCSI_MAX_QUEUES; i++) {
        VScsiResetQueue(&Ext->Queues[i]);
        /* Polled (dump path): the device is asked not to interrupt for used buffers, so the
         * line stays quiet between polls; the used ring is read directly. */
        if (VScsiIsDump(Ext) && Ext->Queues[i].Size != 0)
            Ext->Queues[i].Avail->Flags = VSCSI_AVAIL_F_NO_INTERRUPT;
    }
    if (!VScsiReadScsiConfig(Ext))
        return FALSE;

    VScsiWrite16(Ext, &Ext->Common, VSCSI_COMMON_MSIX_CONFIG, Ext->UseMsi ? Ext->ConfigVector : VSCSI_NO_VECTOR);
    if (Ext->UseMsi && VScsiRead16(Ext, &Ext->Common, VSCSI_COMMON_MSIX_CONFIG) != Ext->ConfigVector)
        return VScsiFail(Ext, "the device refused the configuration MSI-X vector");

    for (i = 0; i < VSCSI_MAX_QUEUES; i++) {
        if (Ext->Queues[i].Size != 0 && !VScsiSetupQueue(Ext, &Ext->Queues[i]))
            return FALSE;
    }
    VScsiPostEventBuffers(Ext);

    VScsiSetStatus(Ext, VSCSI_STATUS_ACKNOWLEDGE | VSCSI_STATUS_DRIVER | VSCSI_STATUS_FEATURES_OK |
                            VSCSI_STATUS_DRIVER_OK);
    if ((VScsiGetStatus(Ext) & (VSCSI_STATUS_NEEDS_RESET | VSCSI_STATUS_FAILED)) != 0)
        return VScsiFail(Ext, "the device reported an error right after DRIVER_OK");
    Ext->Running = TRUE;
    if (Ext->Queues[VSCSI_QUEUE_EVENT].Size != 0)
        VScsiWrite16(Ext, &Ext->Notify, Ext->Queues[VSCSI_QUEUE_EVENT].NotifyOffset, VSCSI_QUEUE_EVENT);
    return TRUE;
}

/* Collect what the device finished, give back the rest with BUS_RESET, start again. */
static VOID VScsiRecoverLocked(PVSCSI_EXTENSION Ext, PVSCSI_DONE_LIST Done)
{
    ULONG q;

    if (Ext->Running) {
        for (q = 0; q < Ext->RequestQueues; q++)
            (VOID)VScsiDrainRequests(Ext, &Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + q], Done);
    }
    VScsiTakeOutstanding(Ext, Done, SRB_STATUS_BUS_RESET);
    Ext->Resets++;
    (VOID)VScsiStartDevice(Ext);
}

/*
 * The interrupt work (caller holds InterruptLock): a device that wants a reset (or lost
 * DRIVER_OK, or broke a ring) is recovered; otherwise the event and request queues are
 * drained. *Reset / *BusChanged say what to tell the port afterwards.
 */
static VOID VScsiServiceLocked(PVSCSI_EXTENSION Ext, PVSCSI_DONE_LIST Done, PBOOLEAN Reset, PBOOLEAN BusChanged)
{
    UCHAR status;
    BOOLEAN broken = FALSE;
    ULONG q;

    if (!Ext->Running)
        return;
    status = VScsiGetStatus(Ext);
    if ((status & (VSCSI_STATUS_NEEDS_RESET | VSCSI_STATUS_FAILED)) != 0 || (status & VSCSI_STATUS_DRIVER_OK) == 0) {
        StorPortDebugPrint(VSCSI_PRINT_ERROR, "virtioscsi: device status %#x: resetting\n", status);
        StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, VSCSI_LOG_ID(VSCSI_SITE_NEEDS_RESET, status));
        VScsiRecoverLocked(Ext, Done);
        *Reset = TRUE;
        return;
    }
    if (VScsiDrainEvents(Ext, &broken))
        *BusChanged = TRUE;
    for (q = 0; q < Ext->RequestQueues && !broken; q++) {
        if (!VScsiDrainRequests(Ext, &Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + q], Done))
            broken = TRUE;
    }
    if (broken) {
        VScsiRecoverLocked(Ext, Done);
        *Reset = TRUE;
    }
}

/* ======================================================================================
 * Control queue: task management, one request at a time, polled (caller holds
 * InterruptLock). Returns the virtio response, or VSCSI_S_FAILURE when the device does not
 * answer in time or there is no control queue (dump path).
 * ====================================================================================== */

static VOID VScsiEncodeLun(PUCHAR Field, UCHAR Target, ULONG Lun)
{
    RtlZeroMemory(Field, 8);
    Field[0] = 1;
    Field[1] = Target;
    Field[2] = (UCHAR)(0x40 | ((Lun >> 8) & 0x3F));
    Field[3] = (UCHAR)Lun;
}

static UCHAR VScsiTaskManagementLocked(PVSCSI_EXTENSION Ext, ULONG Subtype, UCHAR Target, ULONG Lun, ULONGLONG Tag)
{
    PVSCSI_QUEUE q = &Ext->Queues[VSCSI_QUEUE_CONTROL];
    PUCHAR out;
    PUCHAR in;
    ULONG waited = 0;
    BOOLEAN broken = FALSE;
    ULONG id;
    ULONG length;

    if (q->Size < 2 || !Ext->Running)
        return VSCSI_S_FAILURE;
    /* Anything left over from an earlier request that timed out is dropped. */
    while (VScsiNextUsed(q, &id, &length, &broken))
        ;
    if (broken)
        return VSCSI_S_FAILURE;

    out = q->OutSlots;
    in = q->InSlots;
    RtlZeroMemory(out, VSCSI_TMF_REQUEST_SIZE);
    *(PULONG)(out + 0) = VSCSI_T_TMF;
    *(PULONG)(out + 4) = Subtype;
    VScsiEncodeLun(out + 8, Target, Lun);
    *(PULONGLONG)(out + 16) = Tag;
    in[0] = 0xFF;

    q->Desc[0].Address = q->OutPa;
    q->Desc[0].Length = VSCSI_TMF_REQUEST_SIZE;
    q->Desc[0].Flags = VSCSI_DESC_F_NEXT;
    q->Desc[0].Next = 1;
    q->Desc[1].Address = q->InPa;
    q->Desc[1].Length = VSCSI_TMF_RESPONSE_SIZE;
    q->Desc[1].Flags = VSCSI_DESC_F_WRITE;
    q->Desc[1].Next = 0;
    Ext->TmfsSent++;
    VScsiPublish(Ext, q, 0, TRUE);

    for (;;) {
        if (VScsiNextUsed(q, &id, &length, &broken))
            return (id == 0 && length >= VSCSI_TMF_RESPONSE_SIZE) ? *(volatile UCHAR *)in : VSCSI_S_FAILURE;
        if (broken || waited >= VSCSI_TMF_TIMEOUT_US)
            return VSCSI_S_FAILURE;
        StorPortStallExecution(VSCSI_POLL_US);
        waited += VSCSI_POLL_US;
    }
}

static BOOLEAN VScsiTmfSucceeded(UCHAR Response)
{
    return Response == VSCSI_S_FUNCTION_COMPLETE || Response == VSCSI_S_FUNCTION_SUCCEEDED;
}

/* Mark the outstanding commands matching (target, LUN or any) as being reset; returns how
 * many. */
static ULONG VScsiMarkResetting(PVSCSI_EXTENSION Ext, UCHAR Target, BOOLEAN AnyLun, UCHAR Lun)
{
    ULONG count = 0;
    ULONG q;
    ULONG i;

    for (q = 0; q < Ext->RequestQueues; q++) {
        PVSCSI_QUEUE queue = &Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + q];
        for (i = 0; i < queue->Size; i++) {
            PVOID srb = queue->Owner[i];
            if (srb == NULL || SrbGetTargetId(srb) != Target || (!AnyLun && SrbGetLun(srb) != Lun))
                continue;
            VScsiSrbExt(srb)->Resetting = TRUE;
            count++;
        }
    }
    return count;
}

static ULONG VScsiOutstanding(PVSCSI_EXTENSION Ext)
{
    ULONG total = 0;
    ULONG q;

    for (q = 0; q < Ext->RequestQueues; q++)
        total += Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + q].Outstanding;
    return total;
}

static VOID VScsiDrainAllLocked(PVSCSI_EXTENSION Ext, PVSCSI_DONE_LIST Done, PBOOLEAN Broken)
{
    ULONG q;

    for (q = 0; q < Ext->RequestQueues; q++) {
        if (!VScsiDrainRequests(Ext, &Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + q], Done))
            *Broken = TRUE;
    }
}

/*
 * Bus reset (caller holds InterruptLock): finished commands are collected first (one whose
 * interrupt was lost ends normally here); then an I_T nexus reset goes to every target that
 * still has commands, which the device ends as ABORTED (completed BUS_RESET for a retry).
 * If a TMF fails or a command is still out afterwards, the device itself is reset.
 * Returns TRUE if the device was reset.
 */
static BOOLEAN VScsiResetBusLocked(PVSCSI_EXTENSION Ext, PVSCSI_DONE_LIST Done)
{
    BOOLEAN broken = FALSE;
    BOOLEAN failed = FALSE;
    ULONG target;

    if (!Ext->Running || VScsiIsDump(Ext)) {
        VScsiRecoverLocked(Ext, Done);
        return TRUE;
    }
    VScsiDrainAllLocked(Ext, Done, &broken);
    for (target = 0; target <= Ext->MaxTarget && !broken && !failed && VScsiOutstanding(Ext) != 0; target++) {
        if (VScsiMarkResetting(Ext, (UCHAR)target, TRUE, 0) == 0)
            continue;
        if (!VScsiTmfSucceeded(VScsiTaskManagementLocked(Ext, VSCSI_T_TMF_I_T_NEXUS_RESET, (UCHAR)target, 0, 0)))
            failed = TRUE;
        VScsiDrainAllLocked(Ext, Done, &broken);
    }
    if (broken || failed || VScsiOutstanding(Ext) != 0) {
        StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, VSCSI_LOG_ID(VSCSI_SITE_TMF_FAILED, 0));
        VScsiRecoverLocked(Ext, Done);
        return TRUE;
    }
    return FALSE;
}

/* ======================================================================================
 * Completion translation
 * ====================================================================================== */

static VOID VScsiTranslate(PVOID Srb, PVSCSI_SRB_EXTENSION E)
{
    UCHAR status;
    ULONG moved = E->TransferLength;

    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    if (E->FinalStatus != 0) {
        SrbSetSrbStatus(Srb, E->FinalStatus);
        return;
    }
    if (!E->Answered) {
        SrbSetSrbStatus(Srb, SRB_STATUS_ERROR);
        return;
    }
    if (E->Residual <= E->TransferLength)
        moved = E->TransferLength - E->Residual;

    switch (E->Response) {
    case VSCSI_S_OK:
        SrbSetScsiStatus(Srb, E->ScsiStatus);
        switch (E->ScsiStatus) {
        case SCSISTAT_GOOD:
        case SCSISTAT_CONDITION_MET:
        case SCSISTAT_INTERMEDIATE:
        case SCSISTAT_INTERMEDIATE_COND_MET:
            if (E->Residual > E->TransferLength) {
                status = SRB_STATUS_ERROR;
            } else {
                /* An underrun is DATA_OVERRUN with the shortened length, as Windows expects. */
                SrbSetDataTransferLength(Srb, moved);
                status = E->Residual != 0 ? SRB_STATUS_DATA_OVERRUN : SRB_STATUS_SUCCESS;
            }
            break;
        case SCSISTAT_CHECK_CONDITION:
            status = SRB_STATUS_ERROR;
            SrbSetDataTransferLength(Srb, moved);
            if (E->SenseLength != 0) {
                status |= SRB_STATUS_AUTOSENSE_VALID;
                SrbSetSenseInfoBufferLength(Srb, (UCHAR)E->SenseLength);
            }
            break;
        case SCSISTAT_BUSY:
        case SCSISTAT_QUEUE_FULL:
            status = SRB_STATUS_BUSY;       /* the port retries after a pause */
            break;
        default:                            /* RESERVATION CONFLICT, ... */
            status = SRB_STATUS_ERROR;
            break;
        }
        break;
    case VSCSI_S_OVERRUN:
        SrbSetDataTransferLength(Srb, moved);
        status = SRB_STATUS_DATA_OVERRUN;
        break;
    case VSCSI_S_ABORTED:
        status = E->Resetting ? SRB_STATUS_BUS_RESET : SRB_STATUS_ABORTED;
        break;
    case VSCSI_S_BAD_TARGET:
        status = SRB_STATUS_SELECTION_TIMEOUT;
        break;
    case VSCSI_S_RESET:
        status = SRB_STATUS_BUS_RESET;
        break;
    case VSCSI_S_BUSY:
        status = SRB_STATUS_BUSY;
        break;
    case VSCSI_S_INCORRECT_LUN:
        status = SRB_STATUS_INVALID_LUN;
        break;
    case VSCSI_S_TRANSPORT_FAILURE:
    case VSCSI_S_NEXUS_FAILURE:
        status = SRB_STATUS_BUS_RESET;      /* outcome unknown: retried */
        break;
    default:                                /* TARGET_FAILURE, FAILURE, unknown */
        status = SRB_STATUS_ERROR;
        break;
    }
    SrbSetSrbStatus(Srb, status);
}

/* Report every SRB on Done, in order (no lock of ours held). */
static VOID VScsiCompleteDone(PVSCSI_EXTENSION Ext, PVSCSI_DONE_LIST Done)
{
    PVOID srb = Done->Head;

    while (srb != NULL) {
        PVSCSI_SRB_EXTENSION e = VScsiSrbExt(srb);
        PVOID next = e->NextDone;

        e->NextDone = NULL;
        VScsiTranslate(srb, e);
        StorPortNotification(RequestComplete, Ext, srb);
        srb = next;
    }
    VScsiInitDone(Done);
}

/* ======================================================================================
 * DriverEntry: one StorPortInitialize per device ID.
 * ====================================================================================== */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
    ULONG transitional;
    ULONG modern;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = VScsiHwFindAdapter;
    init.HwInitialize = VScsiHwInitialize;
    init.HwStartIo = VScsiHwStartIo;
    init.HwInterrupt = VScsiHwInterrupt;
    init.HwResetBus = VScsiHwResetBus;
    init.HwAdapterControl = VScsiHwAdapterControl;
    init.DeviceExtensionSize = sizeof(VSCSI_EXTENSION);
    init.SpecificLuExtensionSize = 0;
    init.SrbExtensionSize = sizeof(VSCSI_SRB_EXTENSION);
    init.NumberOfAccessRanges = 6;
    init.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    init.NeedPhysicalAddresses = TRUE;
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;
    init.VendorId = (PVOID)VScsiVendorId;
    init.VendorIdLength = (USHORT)(sizeof(VScsiVendorId) - 1);
    init.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
    init.AddressTypeFlags = ADDRESS_TYPE_FLAG_BTL8;

    init.DeviceId = (PVOID)VScsiTransitionalId;
    init.DeviceIdLength = (USHORT)(sizeof(VScsiTransitionalId) - 1);
    transitional = StorPortInitialize(DriverObject, RegistryPath, &init, NULL);

    init.DeviceId = (PVOID)VScsiModernId;
    init.DeviceIdLength = (USHORT)(sizeof(VScsiModernId) - 1);
    modern = StorPortInitialize(DriverObject, RegistryPath, &init, NULL);

    return transitional < modern ? transitional : modern;
}

/* ======================================================================================
 * HwFindAdapter
 * ====================================================================================== */

static CHAR VScsiLower(CHAR C)
{
    return (C >= 'A' && C <= 'Z') ? (CHAR)(C - 'A' + 'a') : C;
}

/* TRUE if Arguments has "Key=<value other than 0>" (separators: space, tab, ';', ','). */
static BOOLEAN VScsiArgument(PCHAR Arguments, const CHAR *Key)
{
    PCHAR cursor = Arguments;

    if (cursor == NULL)
        return FALSE;
    while (*cursor != '\0') {
        PCHAR token;
        PCHAR end;
        ULONG i = 0;

        while (*cursor == ' ' || *cursor == '\t' || *cursor == ';' || *cursor == ',')
            cursor++;
        token = cursor;
        while (*cursor != '\0' && *cursor != ' ' && *cursor != '\t' && *cursor != ';' && *cursor != ',')
            cursor++;
        end = cursor;
        while (Key[i] != '\0' && token + i < end && VScsiLower(token[i]) == Key[i])
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

static ULONG VScsiLe32(const UCHAR *Bytes, ULONG Offset)
{
    return (ULONG)Bytes[Offset] | ((ULONG)Bytes[Offset + 1] << 8) | ((ULONG)Bytes[Offset + 2] << 16) |
           ((ULONG)Bytes[Offset + 3] << 24);
}

/* The BAR's address from configuration space, matched to an access range of the same kind,
 * mapped once with StorPortGetDeviceBase. */
static PUCHAR VScsiMapBar(PVSCSI_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo, const UCHAR *Config,
                          ULONG Bar, PBOOLEAN Io, PULONG Length)
{
    ULONG raw;
    ULONGLONG address;
    BOOLEAN io;
    ULONG i;

    if (Bar >= 6)
        return NULL;
    raw = VScsiLe32(Config, VSCSI_PCI_BAR0 + 4 * Bar);
    io = (raw & 1) != 0;
    if (io) {
        address = raw & ~(ULONGLONG)3;
    } else {
        address = raw & ~(ULONGLONG)0xF;
        if (((raw >> 1) & 3) == 2 && Bar < 5)
            address |= (ULONGLONG)VScsiLe32(Config, VSCSI_PCI_BAR0 + 4 * (Bar + 1)) << 32;
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
        *Io = io;
        *Length = Ext->MappedLength[Bar];
        return Ext->Mapped[Bar];
    }
    return NULL;
}

static BOOLEAN VScsiMapCap(PVSCSI_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo, const UCHAR *Config,
                           ULONG Cap, PVSCSI_REGION Region, ULONG MinimumLength)
{
    BOOLEAN io = FALSE;
    ULONG barLength = 0;
    ULONG offset = VScsiLe32(Config, Cap + VSCSI_CAP_OFFSET);
    ULONG length = VScsiLe32(Config, Cap + VSCSI_CAP_LENGTH);
    PUCHAR base = VScsiMapBar(Ext, ConfigInfo, Config, Config[Cap + VSCSI_CAP_BAR], &io, &barLength);

    if (base == NULL || length < MinimumLength || length == 0 || offset > barLength || length > barLength - offset)
        return FALSE;
    Region->Base = base + offset;
    Region->Length = length;
    Region->Io = io;
    return TRUE;
}

/* Walk the capability list (bounded) for the first capability of each virtio type. */
static BOOLEAN VScsiFindCapabilities(PVSCSI_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                     const UCHAR *Config, ULONG ConfigLength)
{
    ULONG offset;
    ULONG visited = 0;
    BOOLEAN common = FALSE, notify = FALSE, isr = FALSE, device = FALSE;

    if (ConfigLength < 0x40 ||
        ((Config[VSCSI_PCI_STATUS] | (Config[VSCSI_PCI_STATUS + 1] << 8)) & VSCSI_PCI_STATUS_CAP_LIST) == 0)
        return FALSE;
    offset = Config[VSCSI_PCI_CAP_POINTER] & 0xFC;
    while (offset >= 0x40 && offset + VSCSI_CAP_SIZE <= ConfigLength && visited++ < VSCSI_MAX_CAPABILITIES) {
        ULONG next = Config[offset + 1] & 0xFC;

        if (Config[offset] == VSCSI_PCI_CAP_VENDOR && Config[offset + VSCSI_CAP_LEN] >= VSCSI_CAP_SIZE) {
            switch (Config[offset + VSCSI_CAP_CFG_TYPE]) {
            case VSCSI_CFG_COMMON:
                if (!common)
                    common = VScsiMapCap(Ext, ConfigInfo, Config, offset, &Ext->Common, VSCSI_COMMON_SIZE);
                break;
            case VSCSI_CFG_NOTIFY:
                if (!notify && Config[offset + VSCSI_CAP_LEN] >= VSCSI_CAP_NOTIFY_SIZE &&
                    offset + VSCSI_CAP_NOTIFY_SIZE <= ConfigLength) {
                    notify = VScsiMapCap(Ext, ConfigInfo, Config, offset, &Ext->Notify, 2);
                    Ext->NotifyMultiplier = VScsiLe32(Config, offset + VSCSI_CAP_NOTIFY_MULTIPLIER);
                }
                break;
            case VSCSI_CFG_ISR:
                if (!isr)
                    isr = VScsiMapCap(Ext, ConfigInfo, Config, offset, &Ext->Isr, 1);
                break;
            case VSCSI_CFG_DEVICE:
                if (!device)
                    device = VScsiMapCap(Ext, ConfigInfo, Config, offset, &Ext->Device, VSCSI_CONFIG_SIZE);
                break;
            default:
                break;
            }
        }
        offset = next;
    }
    return common && notify && isr && device;
}

static VOID VScsiUnmapAll(PVSCSI_EXTENSION Ext)
{
    ULONG bar;

    for (bar = 0; bar < 6; bar++) {
        if (Ext->Mapped[bar] != NULL)
            StorPortFreeDeviceBase(Ext, Ext->Mapped[bar]);
        Ext->Mapped[bar] = NULL;
    }
}

static ULONG VScsiFloorPow2(ULONG Value)
{
    ULONG p = 1;

    if (Value == 0)
        return 0;
    while (p <= Value / 2)
        p <<= 1;
    return p;
}

/* The queue size to use for queue Number: ours, capped by the device's maximum (0: absent). */
static ULONG VScsiChooseSize(PVSCSI_EXTENSION Ext, ULONG Number, ULONG Wanted)
{
    USHORT maximum;

    if (Number >= Ext->DeviceQueues)
        return 0;
    VScsiWrite16(Ext, &Ext->Common, VSCSI_COMMON_Q_SELECT, (USHORT)Number);
    maximum = VScsiRead16(Ext, &Ext->Common, VSCSI_COMMON_Q_SIZE);
    return VScsiFloorPow2(VScsiMin(maximum, Wanted));
}

/* MSI-X: how many messages the port granted (none in dump mode). */
static ULONG VScsiCountMessages(PVSCSI_EXTENSION Ext)
{
    MESSAGE_INTERRUPT_INFORMATION info;
    ULONG count = 0;

    if (VScsiIsDump(Ext))
        return 0;
    while (count < 64) {
        RtlZeroMemory(&info, sizeof(info));
        if (StorPortGetMSIInfo(Ext, count, &info) != STOR_STATUS_SUCCESS)
            break;
        count++;
    }
    return count;
}

/* Fail HwFindAdapter after the device was touched: leave it reset, unmap. */
static ULONG VScsiGiveUp(PVSCSI_EXTENSION Ext, ULONG Status)
{
    (VOID)VScsiResetDevice(Ext);
    VScsiUnmapAll(Ext);
    return Status;
}

static ULONG VScsiHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                                PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Reserved3)
{
    PVSCSI_EXTENSION ext = (PVSCSI_EXTENSION)DeviceExtension;
    UCHAR config[256];
    ULONG configLength;
    ULONG sizes[VSCSI_MAX_QUEUES];
    ULONG total = 0;
    ULONG allocation;
    ULONG contiguous = 0;
    ULONG padding;
    ULONG offset;
    PUCHAR uncached;
    STOR_PHYSICAL_ADDRESS physical;
    ULONGLONG base;
    ULONG wantedQueues;
    ULONG segments;
    ULONG targets;
    ULONG i;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(Reserved3);

    RtlZeroMemory(ext, sizeof(*ext));
    if (!VSCSI_CONFIG_HAS(ConfigInfo, SynchronizationModel))
        return SP_RETURN_BAD_CONFIG;
    if (VSCSI_CONFIG_HAS(ConfigInfo, DumpMode))
        ext->DumpMode = ConfigInfo->DumpMode;
    if (ext->DumpMode == 0 && VScsiArgument(ArgumentString, "dump"))
        ext->DumpMode = DUMP_MODE_CRASH;
    if (ext->DumpMode == 0 && VScsiArgument(ArgumentString, "hiber"))
        ext->DumpMode = DUMP_MODE_HIBER;
    if (ext->DumpMode == DUMP_MODE_MARK_MEMORY || ext->DumpMode == DUMP_MODE_HIBER)
        StorPortMarkDumpMemory(DeviceExtension, DeviceExtension, 0, 0);
    if (ext->DumpMode == DUMP_MODE_MARK_MEMORY)
        return SP_RETURN_FOUND;
    if (ConfigInfo->AccessRanges == NULL || ConfigInfo->NumberOfAccessRanges == 0)
        return SP_RETURN_NOT_FOUND;

    RtlZeroMemory(config, sizeof(config));
    configLength = StorPortGetBusData(ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber, ConfigInfo->SlotNumber,
                                      config, sizeof(config));
    if (configLength < 0x40 || configLength > sizeof(config))
        return SP_RETURN_NOT_FOUND;
    if ((config[0] | (config[1] << 8)) != VSCSI_PCI_VENDOR)
        return SP_RETURN_NOT_FOUND;
    {
        USHORT command = (USHORT)(config[4] | (config[5] << 8));
        USHORT needed = PCI_ENABLE_BUS_MASTER | PCI_ENABLE_MEMORY_SPACE | PCI_ENABLE_IO_SPACE;
        if ((command & needed) != needed) {
            command |= needed;
            (VOID)StorPortSetBusDataByOffset(ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber,
                                             ConfigInfo->SlotNumber, &command, 4, sizeof(command));
        }
    }
    if (!VScsiFindCapabilities(ext, ConfigInfo, config, configLength)) {
        VScsiUnmapAll(ext);
        return SP_RETURN_NOT_FOUND;
    }

    /* Discovery: negotiate, read the configuration and the queue sizes, reset again. */
    if (!VScsiNegotiate(ext) || !VScsiReadScsiConfig(ext))
        return VScsiGiveUp(ext, SP_RETURN_ERROR);
    ext->DeviceQueues = VScsiRead16(ext, &ext->Common, VSCSI_COMMON_NUM_QUEUES);

    /* Interrupts: one message for configuration changes, one for the control and event
     * queues, one per request queue when enough are granted (README.md). */
    ext->Messages = VScsiCountMessages(ext);
    wantedQueues = 1;
    if (ext->Messages >= VSCSI_QUEUE_FIRST_REQUEST + 2 && ext->NumRequestQueues > 1)
        wantedQueues = VScsiMin(VScsiMin(ext->NumRequestQueues, VSCSI_MAX_REQUEST_QUEUES),
                                ext->Messages - VSCSI_QUEUE_FIRST_REQUEST);
    if (ext->DeviceQueues < VSCSI_QUEUE_FIRST_REQUEST + wantedQueues)
        wantedQueues = ext->DeviceQueues > VSCSI_QUEUE_FIRST_REQUEST ? 1 : 0;
    if (wantedQueues == 0)
        return VScsiGiveUp(ext, SP_RETURN_BAD_CONFIG);

    RtlZeroMemory(sizes, sizeof(sizes));
    if (!VScsiIsDump(ext)) {
        sizes[VSCSI_QUEUE_CONTROL] = VScsiChooseSize(ext, VSCSI_QUEUE_CONTROL, VSCSI_CONTROL_QUEUE_SIZE);
        sizes[VSCSI_QUEUE_EVENT] = VScsiChooseSize(ext, VSCSI_QUEUE_EVENT, VSCSI_EVENT_QUEUE_SIZE);
        if (sizes[VSCSI_QUEUE_CONTROL] < 2)
            sizes[VSCSI_QUEUE_CONTROL] = 0;
    }
    for (i = 0; i < wantedQueues; i++) {
        ULONG n = VSCSI_QUEUE_FIRST_REQUEST + i;
        sizes[n] = VScsiChooseSize(ext, n, VScsiIsDump(ext) ? VSCSI_DUMP_QUEUE_SIZE : VSCSI_MAX_QUEUE_SIZE);
        if (sizes[n] < 4) {
            if (i == 0)
                return VScsiGiveUp(ext, SP_RETURN_BAD_CONFIG);
            break;
        }
        ext->RequestQueues = (USHORT)(i + 1);
    }
    (VOID)VScsiResetDevice(ext);

    /* Segments per command: seg_max, our cap, and the ring (header + response). */
    segments = VScsiIsDump(ext) ? VSCSI_DUMP_QUEUE_SIZE - 2 : VSCSI_MAX_SEGMENTS;
    if (ext->SegMax != 0)
        segments = VScsiMin(segments, ext->SegMax);
    for (i = 0; i < ext->RequestQueues; i++)
        segments = VScsiMin(segments, sizes[VSCSI_QUEUE_FIRST_REQUEST + i] - 2);
    if (segments < 2)
        return VScsiGiveUp(ext, SP_RETURN_BAD_CONFIG);
    ext->SegmentLimit = segments;
    ext->MaxTransfer = (segments - 1) * VSCSI_PAGE_SIZE;
    if (ext->MaxSectors != 0 && ext->MaxSectors < ext->MaxTransfer / 512)
        ext->MaxTransfer = ext->MaxSectors * 512;
    if (ext->MaxTransfer < 512)
        return VScsiGiveUp(ext, SP_RETURN_BAD_CONFIG);

    /* Queue memory: one uncached block, 64-aligned on the physical address. */
    for (i = 0; i < VSCSI_MAX_QUEUES; i++) {
        if (sizes[i] != 0)
            total += VScsiQueueBytes(sizes[i], NULL, NULL, NULL, NULL);
    }
    allocation = total + 64;
    if (VScsiIsDump(ext) && allocation > VSCSI_DUMP_UNCACHED_LIMIT)
        return VScsiGiveUp(ext, SP_RETURN_BAD_CONFIG);

    targets = VScsiMin(ext->MaxTarget + 1, 255);
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
    ConfigInfo->MaximumNumberOfTargets = (UCHAR)targets;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)VScsiMin(ext->MaxLun + 1, VSCSI_MAX_LUNS);
    for (i = 0; i < RTL_NUMBER_OF(ConfigInfo->InitiatorBusId); i++)
        ConfigInfo->InitiatorBusId[i] = (UCHAR)targets;     /* outside the scanned targets */
    ConfigInfo->SrbExtensionSize = sizeof(VSCSI_SRB_EXTENSION);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    if (!VScsiIsDump(ext) && VSCSI_CONFIG_HAS(ConfigInfo, InterruptSynchronizationMode)) {
        ConfigInfo->HwMSInterruptRoutine = VScsiHwMsInterrupt;
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizeAll;
    }

    uncached = (PUCHAR)StorPortGetUncachedExtension(ext, ConfigInfo, allocation);
    if (uncached == NULL)
        return VScsiGiveUp(ext, SP_RETURN_ERROR);
    physical = StorPortGetPhysicalAddress(ext, NULL, uncached, &contiguous);
    base = (ULONGLONG)physical.QuadPart;
    padding = (ULONG)((64 - (base & 63)) & 63);
    if (base == 0 || contiguous < padding + total)
        return VScsiGiveUp(ext, SP_RETURN_ERROR);
    ext->Uncached = uncached + padding;
    ext->UncachedBytes = allocation;

    offset = 0;
    for (i = 0; i < VSCSI_MAX_QUEUES; i++) {
        PVSCSI_QUEUE q = &ext->Queues[i];
        ULONG availOff, usedOff, outOff, inOff;
        ULONG bytes;
        ULONGLONG pa;

        q->Number = (USHORT)i;
        q->Vector = VSCSI_NO_VECTOR;
        if (sizes[i] == 0)
            continue;
        bytes = VScsiQueueBytes(sizes[i], &availOff, &usedOff, &outOff, &inOff);
        pa = base + padding + offset;
        q->Size = (USHORT)sizes[i];
        q->Mask = (USHORT)(sizes[i] - 1);
        q->Bytes = bytes;
        q->Desc = (PVSCSI_DESC)(ext->Uncached + offset);
        q->Avail = (PVSCSI_AVAIL)(ext->Uncached + offset + availOff);
        q->Used = (PVSCSI_USED)(ext->Uncached + offset + usedOff);
        q->OutSlots = ext->Uncached + offset + outOff;
        q->InSlots = ext->Uncached + offset + inOff;
        q->DescPa = pa;
        q->AvailPa = pa + availOff;
        q->UsedPa = pa + usedOff;
        q->OutPa = pa + outOff;
        q->InPa = pa + inOff;
        /* One chain needs up to SegmentLimit + 2 descriptors; one command at a time when
         * dumping. */
        q->MaxOutstanding = VScsiIsDump(ext) ? 1 : VScsiMin(q->Size / 2, ext->CmdPerLun != 0 ? ext->CmdPerLun * 8 : q->Size);
        if (q->MaxOutstanding == 0)
            q->MaxOutstanding = 1;
        VScsiResetQueue(q);
        offset += bytes;
    }
    if (VSCSI_CONFIG_HAS(ConfigInfo, MaxNumberOfIO)) {
        ULONG io = 0;
        for (i = 0; i < ext->RequestQueues; i++)
            io += ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + i].MaxOutstanding;
        ConfigInfo->MaxNumberOfIO = io;
    }
    if (!VScsiIsDump(ext))
        StorPortInitializeDpc(ext, &ext->Dpc, VScsiDpc);

    ext->Found = TRUE;
    StorPortDebugPrint(VSCSI_PRINT_INFO,
                       "virtioscsi: %u request queue(s), %u segments, max transfer %u, targets %u, uncached %u bytes%s\n",
                       (unsigned)ext->RequestQueues, (unsigned)ext->SegmentLimit, (unsigned)ext->MaxTransfer,
                       (unsigned)targets, (unsigned)allocation, VScsiIsDump(ext) ? ", dump mode (polled)" : "");
    return SP_RETURN_FOUND;
}

/* ======================================================================================
 * HwInitialize: vectors, then start the device.
 * ====================================================================================== */

/* Message 0: configuration changes; message 1: control and event queues; 2 + n: request
 * queue n. With fewer messages the queues share message 1 (or everything message 0). */
static VOID VScsiChooseVectors(PVSCSI_EXTENSION Ext)
{
    ULONG i;

    Ext->UseMsi = Ext->Messages != 0;
    Ext->ConfigVector = Ext->UseMsi ? 0 : VSCSI_NO_VECTOR;
    for (i = 0; i < VSCSI_MAX_QUEUES; i++) {
        USHORT vector = VSCSI_NO_VECTOR;
        if (Ext->UseMsi) {
            if (i >= VSCSI_QUEUE_FIRST_REQUEST && Ext->Messages >= (ULONG)VSCSI_QUEUE_FIRST_REQUEST + Ext->RequestQueues)
                vector = (USHORT)i;
            else
                vector = (USHORT)(Ext->Messages >= 2 ? 1 : 0);
        }
        Ext->Queues[i].Vector = vector;
    }
}

static BOOLEAN VScsiHwInitialize(PVOID DeviceExtension)
{
    PVSCSI_EXTENSION ext = (PVSCSI_EXTENSION)DeviceExtension;
    VSCSI_DONE_LIST done;
    BOOLEAN started;

    if (!ext->Found)
        return FALSE;
    VScsiChooseVectors(ext);
    VScsiInitDone(&done);
    VScsiTakeOutstanding(ext, &done, SRB_STATUS_BUS_RESET);
    started = VScsiStartDevice(ext);
    VScsiCompleteDone(ext, &done);
    StorPortDebugPrint(VSCSI_PRINT_INFO, "virtioscsi: %s, %s, %u messages, cdb %u, sense %u, max_target %u, max_lun %u\n",
                       started ? "running" : "not started",
                       ext->UseMsi ? "MSI-X" : (VScsiIsDump(ext) ? "polled" : "INTx"), (unsigned)ext->Messages,
                       (unsigned)ext->CdbSize, (unsigned)ext->SenseSize, (unsigned)ext->MaxTarget,
                       (unsigned)ext->MaxLun);
    return started;
}

/* ======================================================================================
 * HwStartIo
 * ====================================================================================== */

static UCHAR VScsiTaskAttribute(PVOID Srb)
{
    switch (SrbGetRequestAttribute(Srb)) {
    case SRB_HEAD_OF_QUEUE_TAG_REQUEST:
        return VSCSI_TASK_HEAD;
    case SRB_ORDERED_QUEUE_TAG_REQUEST:
        return VSCSI_TASK_ORDERED;
    default:
        return VSCSI_TASK_SIMPLE;
    }
}

/* The CDB and its length from the SRB's CDB16, CDB32 or variable-length block. */
static const UCHAR *VScsiCdb(PVOID Srb, PULONG Length)
{
    UCHAR length8 = 0;
    ULONG length32 = 0;
    PCDB cdb = SrbGetScsiData((PSTORAGE_REQUEST_BLOCK)Srb, &length8, &length32, NULL, NULL, NULL);

    *Length = length8 != 0 ? length8 : length32;
    return (const UCHAR *)cdb;
}

/*
 * Put one command on a request queue: header (LUN, tag, task attribute, CDB), the data-out
 * pieces, the response, the data-in pieces. Returns SRB_STATUS_PENDING when queued.
 */
static UCHAR VScsiQueueCommand(PVSCSI_EXTENSION Ext, PVOID Srb)
{
    PVSCSI_SRB_EXTENSION e = VScsiSrbExt(Srb);
    PSTOR_SCATTER_GATHER_LIST list = NULL;
    const UCHAR *cdb;
    ULONG cdbLength = 0;
    ULONG flags = SrbGetSrbFlags(Srb);
    ULONG length = SrbGetDataTransferLength(Srb);
    BOOLEAN dataIn = (flags & SRB_FLAGS_DATA_IN) != 0;
    BOOLEAN dataOut = (flags & SRB_FLAGS_DATA_OUT) != 0;
    ULONG pieces = 0;
    ULONG element;
    ULONG remaining;
    STOR_LOCK_HANDLE lock;
    UCHAR status = SRB_STATUS_PENDING;

    if (e == NULL)
        return SRB_STATUS_ERROR;
    cdb = VScsiCdb(Srb, &cdbLength);
    if (cdb == NULL || cdbLength == 0 || cdbLength > Ext->CdbSize)
        return SRB_STATUS_INVALID_REQUEST;
    if (dataIn && dataOut)
        return SRB_STATUS_INVALID_REQUEST;     /* no bidirectional commands (no INOUT) */
    if (!dataIn && !dataOut)
        length = 0;
    if (length > Ext->MaxTransfer)
        return SRB_STATUS_INVALID_REQUEST;
    if (length != 0) {
        list = StorPortGetScatterGatherList(Ext, Srb);
        if (list == NULL || list->NumberOfElements == 0)
            return SRB_STATUS_ERROR;
        remaining = length;
        for (element = 0; element < list->NumberOfElements && remaining != 0; element++) {
            ULONG run = VScsiMin(list->List[element].Length, remaining);
            if (run == 0)
                continue;
            pieces++;
            remaining -= run;
        }
        if (remaining != 0 || pieces > Ext->SegmentLimit)
            return SRB_STATUS_INVALID_REQUEST;
    }

    RtlZeroMemory(e, sizeof(*e));
    e->TransferLength = length;

    VScsiLock(Ext, &lock);
    {
        ULONG index = Ext->RequestQueues > 1 ? Ext->NextQueue++ % Ext->RequestQueues : 0;
        PVSCSI_QUEUE q = &Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + index];

        if (!Ext->Running) {
            status = SRB_STATUS_BUS_RESET;
        } else if (q->Outstanding >= q->MaxOutstanding || q->FreeCount < pieces + 2) {
            status = SRB_STATUS_BUSY;
        } else {
            USHORT head = q->FreeHead;
            USHORT current = head;
            PUCHAR out = q->OutSlots + (ULONG)head * VSCSI_OUT_SLOT;
            PUCHAR in = q->InSlots + (ULONG)head * VSCSI_IN_SLOT;
            ULONG count = pieces + 2;
            ULONG pass;
            PVSCSI_DESC desc;

            e->Queue = (USHORT)index;
            e->Head = head;
            /* The tag names the command to ABORT TASK: queue, head and the SRB's own tag. */
            e->Tag = ((ULONGLONG)index << 56) | ((ULONGLONG)head << 32) | SrbGetQueueTag(Srb);

            RtlZeroMemory(out, VSCSI_OUT_SLOT);
            VScsiEncodeLun(out + VSCSI_REQ_LUN, SrbGetTargetId(Srb), SrbGetLun(Srb));
            *(PULONGLONG)(out + VSCSI_REQ_ID) = e->Tag;
            out[VSCSI_REQ_TASK_ATTR] = VScsiTaskAttribute(Srb);
            RtlCopyMemory(out + VSCSI_REQ_CDB, cdb, cdbLength);
            RtlZeroMemory(in, VSCSI_RESP_SENSE);
            in[VSCSI_RESP_RESPONSE] = 0xFF;

            desc = &q->Desc[current];
            desc->Address = q->OutPa + (ULONGLONG)head * VSCSI_OUT_SLOT;
            desc->Length = VSCSI_REQ_CDB + Ext->CdbSize;
            desc->Flags = VSCSI_DESC_F_NEXT;
            desc->Next = q->Next[current];
            current = q->Next[current];

            /* Pass 0: data out (device-readable); the response; pass 1: data in. */
            for (pass = 0; pass < 2; pass++) {
                BOOLEAN writable = pass == 1;
                if (writable) {
                    desc = &q->Desc[current];
                    desc->Address = q->InPa + (ULONGLONG)head * VSCSI_IN_SLOT;
                    desc->Length = VSCSI_RESP_SENSE + Ext->SenseSize;
                    desc->Flags = (USHORT)(VSCSI_DESC_F_WRITE | (dataIn && pieces != 0 ? VSCSI_DESC_F_NEXT : 0));
                    desc->Next = dataIn && pieces != 0 ? q->Next[current] : 0;
                    if (dataIn && pieces != 0)
                        current = q->Next[current];
                }
                if (list == NULL || writable != dataIn)
                    continue;
                remaining = length;
                for (element = 0; element < list->NumberOfElements && remaining != 0; element++) {
                    ULONG run = VScsiMin(list->List[element].Length, remaining);
                    BOOLEAN last;
                    if (run == 0)
                        continue;
                    remaining -= run;
                    last = remaining == 0 && writable;
                    desc = &q->Desc[current];
                    desc->Address = (ULONGLONG)list->List[element].PhysicalAddress.QuadPart;
                    desc->Length = run;
                    desc->Flags = (USHORT)((writable ? VSCSI_DESC_F_WRITE : 0) | (last ? 0 : VSCSI_DESC_F_NEXT));
                    desc->Next = last ? 0 : q->Next[current];
                    if (!last)
                        current = q->Next[current];
                }
            }

            q->FreeHead = q->Next[current];
            q->FreeCount = (USHORT)(q->FreeCount - count);
            q->ChainLength[head] = (USHORT)count;
            q->Owner[head] = Srb;
            q->Outstanding++;
            VScsiPublish(Ext, q, head, TRUE);
        }
    }
    VScsiUnlock(Ext, &lock);
    if (status == SRB_STATUS_BUSY)
        (VOID)StorPortBusy(Ext, 1);
    return status;
}

static VOID VScsiExecuteScsi(PVSCSI_EXTENSION Ext, PVOID Srb)
{
    UCHAR status;

    if (SrbGetPathId(Srb) != 0) {
        VScsiCompleteSrb(Ext, Srb, SRB_STATUS_INVALID_PATH_ID);
        return;
    }
    if (SrbGetTargetId(Srb) > Ext->MaxTarget) {
        VScsiCompleteSrb(Ext, Srb, SRB_STATUS_SELECTION_TIMEOUT);
        return;
    }
    if (SrbGetLun(Srb) > Ext->MaxLun) {
        VScsiCompleteSrb(Ext, Srb, SRB_STATUS_INVALID_LUN);
        return;
    }
    status = VScsiQueueCommand(Ext, Srb);
    if (status != SRB_STATUS_PENDING)
        VScsiCompleteSrb(Ext, Srb, status);
}

/* The queued command an SRB_FUNCTION_ABORT_COMMAND names, or NULL. */
static PVSCSI_SRB_EXTENSION VScsiFindOutstanding(PVSCSI_EXTENSION Ext, PVOID Target)
{
    ULONG q;
    ULONG i;

    if (Target == NULL)
        return NULL;
    for (q = 0; q < Ext->RequestQueues; q++) {
        PVSCSI_QUEUE queue = &Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST + q];
        for (i = 0; i < queue->Size; i++) {
            if (queue->Owner[i] == Target)
                return VScsiSrbExt(Target);
        }
    }
    return NULL;
}

/*
 * Task management SRBs: ABORT_COMMAND -> ABORT TASK, RESET_LOGICAL_UNIT -> LOGICAL UNIT
 * RESET, RESET_DEVICE -> I_T NEXUS RESET, RESET_BUS -> a nexus reset per busy target. A
 * reset whose TMF fails, or that leaves the unit's commands outstanding, resets the device.
 */
static VOID VScsiTaskManagementSrb(PVSCSI_EXTENSION Ext, PVOID Srb, ULONG Function)
{
    STOR_LOCK_HANDLE lock;
    VSCSI_DONE_LIST done;
    BOOLEAN broken = FALSE;
    BOOLEAN deviceReset = FALSE;
    UCHAR target = SrbGetTargetId(Srb);
    UCHAR lun = SrbGetLun(Srb);
    UCHAR status = SRB_STATUS_SUCCESS;

    VScsiInitDone(&done);
    VScsiLock(Ext, &lock);
    VScsiDrainAllLocked(Ext, &done, &broken);
    if (broken || !Ext->Running || VScsiIsDump(Ext)) {
        VScsiRecoverLocked(Ext, &done);
        deviceReset = TRUE;
    } else if (Function == SRB_FUNCTION_ABORT_COMMAND) {
        PVSCSI_SRB_EXTENSION victim = VScsiFindOutstanding(Ext, SrbGetNextSrb(Srb));
        if (victim != NULL) {
            UCHAR response = VScsiTaskManagementLocked(Ext, VSCSI_T_TMF_ABORT_TASK, target, lun, victim->Tag);
            if (!VScsiTmfSucceeded(response))
                status = SRB_STATUS_ERROR;
            VScsiDrainAllLocked(Ext, &done, &broken);
        }
    } else if (Function == SRB_FUNCTION_RESET_BUS) {
        deviceReset = VScsiResetBusLocked(Ext, &done);
    } else {
        BOOLEAN unit = Function == SRB_FUNCTION_RESET_LOGICAL_UNIT;
        ULONG marked = VScsiMarkResetting(Ext, target, !unit, lun);
        UCHAR response = VScsiTaskManagementLocked(Ext, unit ? VSCSI_T_TMF_LOGICAL_UNIT_RESET : VSCSI_T_TMF_I_T_NEXUS_RESET,
                                                   target, lun, 0);
        VScsiDrainAllLocked(Ext, &done, &broken);
        if (response == VSCSI_S_BAD_TARGET || response == VSCSI_S_INCORRECT_LUN) {
            status = response == VSCSI_S_BAD_TARGET ? SRB_STATUS_SELECTION_TIMEOUT : SRB_STATUS_INVALID_LUN;
        } else if (!VScsiTmfSucceeded(response) || broken ||
                   (marked != 0 && VScsiMarkResetting(Ext, target, !unit, lun) != 0)) {
            VScsiRecoverLocked(Ext, &done);
            deviceReset = TRUE;
        }
    }
    VScsiUnlock(Ext, &lock);
    VScsiCompleteDone(Ext, &done);
    VScsiCompleteSrb(Ext, Srb, status);
    if (deviceReset)
        StorPortNotification(ResetDetected, Ext);
}

static BOOLEAN VScsiHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Request)
{
    PVSCSI_EXTENSION ext = (PVSCSI_EXTENSION)DeviceExtension;
    PVOID srb = (PVOID)Request;
    ULONG function = SrbGetSrbFunction(srb);

    if (!ext->Found) {
        VScsiCompleteSrb(ext, srb, SRB_STATUS_NO_HBA);
        return TRUE;
    }
    switch (function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        VScsiExecuteScsi(ext, srb);
        break;
    case SRB_FUNCTION_ABORT_COMMAND:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_BUS:
        VScsiTaskManagementSrb(ext, srb, function);
        break;
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_POWER:
    case SRB_FUNCTION_PNP:
        VScsiCompleteSrb(ext, srb, SRB_STATUS_SUCCESS);
        break;
    default:
        VScsiCompleteSrb(ext, srb, SRB_STATUS_INVALID_REQUEST);
        break;
    }
    return TRUE;
}

/* ======================================================================================
 * Interrupts
 * ====================================================================================== */

static UCHAR VScsiReadIsr(PVSCSI_EXTENSION Ext)
{
    return VScsiRead8(Ext, &Ext->Isr, 0);
}

/* Dump mode: the port polls; completions come from the used ring itself. */
static BOOLEAN VScsiPoll(PVSCSI_EXTENSION Ext)
{
    PVSCSI_QUEUE q = &Ext->Queues[VSCSI_QUEUE_FIRST_REQUEST];
    VSCSI_DONE_LIST done;
    BOOLEAN reset = FALSE;
    BOOLEAN changed = FALSE;
    UCHAR isr;

    if (!Ext->Running)
        return FALSE;
    isr = VScsiReadIsr(Ext);
    if (isr == 0 && *(volatile USHORT *)&q->Used->Index == q->LastUsed &&
        (VScsiGetStatus(Ext) & VSCSI_STATUS_NEEDS_RESET) == 0)
        return FALSE;
    VScsiInitDone(&done);
    VScsiServiceLocked(Ext, &done, &reset, &changed);
    VScsiCompleteDone(Ext, &done);
    if (reset)
        StorPortNotification(ResetDetected, Ext);
    return TRUE;
}

/* INTx: the ISR byte says whether the (shared) line is ours; reading it lowers it. */
static BOOLEAN VScsiHwInterrupt(PVOID DeviceExtension)
{
    PVSCSI_EXTENSION ext = (PVSCSI_EXTENSION)DeviceExtension;
    UCHAR isr;

    if (!ext->Found || ext->Uncached == NULL)
        return FALSE;
    if (VScsiIsDump(ext))
        return VScsiPoll(ext);
    isr = VScsiReadIsr(ext);
    if (isr == 0 || isr == 0xFF)
        return FALSE;
    (VOID)StorPortIssueDpc(ext, &ext->Dpc, NULL, NULL);
    return TRUE;
}

/* MSI-X: every message (configuration, control/event, a request queue) runs the DPC, which
 * checks the device status first and then drains the queues. */
static BOOLEAN VScsiHwMsInterrupt(PVOID DeviceExtension, ULONG MessageId)
{
    PVSCSI_EXTENSION ext = (PVSCSI_EXTENSION)DeviceExtension;

    if (!ext->Found || VScsiIsDump(ext) || MessageId >= ext->Messages)
        return FALSE;
    (VOID)StorPortIssueDpc(ext, &ext->Dpc, NULL, NULL);
    return TRUE;
}

static VOID VScsiDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PVSCSI_EXTENSION ext = (PVSCSI_EXTENSION)HwDeviceExtension;
    STOR_LOCK_HANDLE dpcLock;
    STOR_LOCK_HANDLE interruptLock;
    VSCSI_DONE_LIST done;
    BOOLEAN reset = FALSE;
    BOOLEAN changed = FALSE;

    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);
    VScsiInitDone(&done);
    StorPortAcquireSpinLock(ext, DpcLock, Dpc, &dpcLock);
    StorPortAcquireSpinLock(ext, InterruptLock, NULL, &interruptLock);
    VScsiServiceLocked(ext, &done, &reset, &changed);
    StorPortReleaseSpinLock(ext, &interruptLock);
    VScsiCompleteDone(ext, &done);
    StorPortReleaseSpinLock(ext, &dpcLock);
    if (reset)
        StorPortNotification(ResetDetected, ext);
    if (changed)
        StorPortNotification(BusChangeDetected, ext, 0);
}

/* ======================================================================================
 * HwResetBus: a command timed out (held by the device, or its interrupt lost).
 * ====================================================================================== */

static BOOLEAN VScsiHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PVSCSI_EXTENSION ext = (PVSCSI_EXTENSION)DeviceExtension;
    STOR_LOCK_HANDLE lock;
    VSCSI_DONE_LIST done;

    UNREFERENCED_PARAMETER(PathId);
    if (!ext->Found)
        return TRUE;
    VScsiInitDone(&done);
    VScsiLock(ext, &lock);
    (VOID)VScsiResetBusLocked(ext, &done);
    VScsiUnlock(ext, &lock);
    VScsiCompleteDone(ext, &done);
    return TRUE;
}

/* ======================================================================================
 * HwAdapterControl: stop (power down, hibernation) and restart (resume).
 * ====================================================================================== */

static VOID VScsiStopDevice(PVSCSI_EXTENSION Ext)
{
    STOR_LOCK_HANDLE lock;
    VSCSI_DONE_LIST done;
    ULONG waited = 0;
    ULONG outstanding;
    BOOLEAN reset;
    BOOLEAN changed;

    for (;;) {
        reset = FALSE;
        changed = FALSE;
        VScsiInitDone(&done);
        VScsiLock(Ext, &lock);
        VScsiServiceLocked(Ext, &done, &reset, &changed);
        outstanding = Ext->Running ? VScsiOutstanding(Ext) : 0;
        VScsiUnlock(Ext, &lock);
        VScsiCompleteDone(Ext, &done);
        if (outstanding == 0 || waited >= VSCSI_STOP_DRAIN_TIMEOUT_US)
            break;
        StorPortStallExecution(VSCSI_POLL_US);
        waited += VSCSI_POLL_US;
    }
    VScsiInitDone(&done);
    VScsiLock(Ext, &lock);
    (VOID)VScsiResetDevice(Ext);
    Ext->Running = FALSE;
    VScsiTakeOutstanding(Ext, &done, SRB_STATUS_BUS_RESET);
    VScsiUnlock(Ext, &lock);
    VScsiCompleteDone(Ext, &done);
}

static BOOLEAN VScsiRestartDevice(PVSCSI_EXTENSION Ext)
{
    STOR_LOCK_HANDLE lock;
    VSCSI_DONE_LIST done;
    BOOLEAN started;

    VScsiInitDone(&done);
    VScsiLock(Ext, &lock);
    VScsiTakeOutstanding(Ext, &done, SRB_STATUS_BUS_RESET);
    started = VScsiStartDevice(Ext);
    VScsiUnlock(Ext, &lock);
    VScsiCompleteDone(Ext, &done);
    return started;
}

static SCSI_ADAPTER_CONTROL_STATUS VScsiHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                         PVOID Parameters)
{
    PVSCSI_EXTENSION ext = (PVSCSI_EXTENSION)DeviceExtension;

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
            VScsiStopDevice(ext);
        return ScsiAdapterControlSuccess;
    case ScsiRestartAdapter:
        if (!ext->Found)
            return ScsiAdapterControlUnsuccessful;
        return VScsiRestartDevice(ext) ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;
    case ScsiSetBootConfig:
    case ScsiSetRunningConfig:
        return ScsiAdapterControlSuccess;
    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
