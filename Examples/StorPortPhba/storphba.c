/*
 * storphba.c - a StorPort miniport for the SDK's emulated PCI SCSI host bus adapter ("PHBA").
 *
 * The hardware is the one Examples/PhbaMiniport/phba.c drives through SCSI Port, specified in
 * docs/hba-spec.md (interface 1.0): two rings in DMA memory, 64-byte request descriptors the
 * driver produces (doorbell: REQUEST_TAIL) and 16-byte completion descriptors the controller
 * produces (slots go back through COMPLETION_HEAD). The ring, tag-table, reset and recovery
 * logic follows phba.c; what differs is how the work is split between the StorPort entry
 * points and which lock protects what. README.md in this directory has the walk-through.
 *
 * Layout of this file, one section per entry point:
 *
 *     common definitions and helpers (registers, locks, tag table, completion lists,
 *                                     controller start, draining, recovery, resets)
 *     DriverEntry
 *     HwFindAdapter
 *     HwInitialize
 *     HwBuildIo
 *     HwStartIo
 *     HwInterrupt and the completion DPC
 *     HwResetBus
 *     HwAdapterControl
 *
 * StorPort-specific design
 * ------------------------
 *
 * BuildIo / StartIo split. The port calls HwBuildIo for every request without holding any
 * lock, possibly on several processors at once. Everything that depends only on the SRB and
 * on values fixed in HwFindAdapter happens there: validation, the data direction, the
 * controller's scatter/gather list (from StorPortGetScatterGatherList) written into the SRB
 * extension, the sense buffer address, and the complete 64-byte request descriptor except
 * its TAG. Requests that need no controller work (flush, shutdown, abort, unsupported
 * functions) are completed right there. HwStartIo - called under the port's StartIo lock -
 * is left with the short part that touches shared state: take a tag, copy the prepared
 * descriptor into the request ring, ring the doorbell.
 *
 * Locks. The synchronisation model is full duplex (StorSynchronizeFullDuplex): HwStartIo
 * and HwInterrupt can run at the same time on different processors. The ring indices, the
 * tag table and the controller registers that change state are shared between HwStartIo,
 * HwInterrupt, the completion DPC, HwResetBus and HwAdapterControl, and every access to
 * them is made under the port's InterruptLock: HwInterrupt already runs with it, the other
 * routines take it with StorPortAcquireSpinLock around their shared section. The ordering
 * rule DpcLock < StartIoLock < InterruptLock is kept everywhere: the DPC takes DpcLock, then
 * InterruptLock; HwStartIo and HwResetBus (StartIoLock held by the port) take only
 * InterruptLock; HwInitialize and HwInterrupt (InterruptLock held by the port) take nothing.
 * No SRB is ever completed (RequestComplete, StorPortCompleteRequest) while this driver holds
 * InterruptLock: completions are collected on a list under the lock and reported after it is
 * released.
 *
 * DPC completion. HwInterrupt only acknowledges the controller (so the level-triggered line
 * drops), remembers a fatal-error indication and queues the completion DPC. The DPC
 * (StorPortInitializeDpc in HwFindAdapter) drains the completion ring and, if needed,
 * recovers the controller under InterruptLock, then completes the collected SRBs with only
 * DpcLock held. The controller never needs the ring drained at interrupt time: a completion
 * slot stays valid until COMPLETION_HEAD moves past it, and the spec's admission rule keeps
 * the completion ring from overflowing.
 *
 * Dump mode. The crash-dump, hibernation and resume copies (ConfigInfo->DumpMode != 0, or
 * "dump=1" in the argument string) run single-threaded and polled: the port calls one
 * routine at a time and calls HwInterrupt in a loop. DPCs are not available there, and no
 * lock is needed, so in dump mode no DPC is initialised or issued, no spin lock is taken,
 * HwInterrupt drains and completes by itself, the interrupt sources stay masked, the ring
 * has 8 slots (the uncached extension stays far below the 32 KB dump limit) and the
 * registry is not read.
 *
 * Queue pairs. On a controller with several (interface 1.1, spec section 17) and MSI-X
 * messages granted, the driver runs a queue pair per processor (up to STORPHBA_MAX_QUEUES):
 * StorPortInitializePerfOpts asks for concurrent channels, one per queue, so HwStartIo runs
 * on several channels at once without the StartIo lock, and a request goes to its channel's
 * queue. Each queue has its own rings, tag table and completion DPC and is protected by its
 * own message's MSI spin lock (InterruptSynchronizePerMessage): queue Q completes on message
 * Q, which HwMSInterruptRoutine turns into queue Q's DPC. Whatever touches every queue
 * (recovery, bus and target resets, stop, restart) takes every queue's lock, in queue order.
 * With one queue (a 1.0 controller, no messages, the I/O BAR, or dump mode) the driver is the
 * single-ring driver described above, and "the queue's lock" is InterruptLock.
 *
 * NextRequest / NextLuRequest are never sent: StorPort keeps feeding the miniport by itself.
 * Instead ConfigInfo->MaxNumberOfIO tells the port how many requests the ring can hold;
 * should it send more anyway, the request is completed with SRB_STATUS_BUSY after
 * StorPortBusy.
 *
 * Build (from the repository root): plain cc with -I CMiniportABI/include, this file and the
 * import stub's C files (CMiniportABI/stub); the exact command is in README.md.
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

#include "../PhbaMiniport/phba.h"

/* ======================================================================================
 * Common definitions
 * ====================================================================================== */

/* Largest ring in normal operation: the tag table in the device extension has this many
 * entries, so N never exceeds it (nor CAP_QUEUE_DEPTH). */
#define STORPHBA_MAX_RING_ENTRIES       256
/* Queue pairs one adapter uses at most (one per processor). */
#define STORPHBA_MAX_QUEUES             8
/* Ring size in crash-dump / hibernation mode (spec 15.2: one request at a time). */
#define STORPHBA_DUMP_RING_ENTRIES      8
/* The uncached extension limit of the dump modes. */
#define STORPHBA_DUMP_UNCACHED_LIMIT    (32 * 1024)

/* Requests the controller may hold at once unless the registry says otherwise: a full
 * 256-slot ring holds 255 (spec section 6: at most N - 1). */
#define STORPHBA_DEFAULT_QUEUE_DEPTH    (STORPHBA_MAX_RING_ENTRIES - 1)
/* The per-adapter registry value that overrides it (REG_DWORD). */
#define STORPHBA_QUEUE_DEPTH_VALUE      "QueueDepth"

/* Scatter/gather entries per request: the list lives in the SRB extension. 256 entries of
 * 4 KiB pages allow just under 1 MiB per request, whatever the buffer's alignment. */
#define STORPHBA_MAX_SG_ENTRIES         256
/* The page size the transfer limit is computed with. */
#define STORPHBA_PAGE_SIZE              0x1000

/* TAG = sequence number (bits 31:16) | tag-table slot (bits 15:0). A slot's sequence number
 * advances every time the slot is reused, so a completion that arrives for a request the
 * driver already gave back (after a reset) never matches the slot's current owner. */
#define STORPHBA_TAG_SLOT_MASK          0x0000FFFF
#define STORPHBA_TAG_SEQUENCE_SHIFT     16
#define STORPHBA_MAKE_TAG(Sequence, Slot) \
    (((ULONG)(Sequence) << STORPHBA_TAG_SEQUENCE_SHIFT) | ((ULONG)(Slot) & STORPHBA_TAG_SLOT_MASK))

/* ScsiStopAdapter gives commands still in the controller this long to complete (polling
 * with stalls, so virtual time advances) before it resets the controller. */
#define STORPHBA_POLL_INTERVAL_US       100
#define STORPHBA_STOP_DRAIN_TIMEOUT_US  100000

/* "Any bus / any target" for the routines that give requests back by address. */
#define STORPHBA_ANY                    MAXULONG

/* UniqueId values for StorPortLogError: 'S' 'P' in the top bytes, a site number in bits 15:8
 * and a detail (controller error code, HBA status, ...) in bits 7:0. */
#define STORPHBA_LOG_ID(Site, Detail)   (0x53500000U | (((ULONG)(Site) & 0xFF) << 8) | ((ULONG)(Detail) & 0xFF))
#define STORPHBA_SITE_FATAL_INTERRUPT   0x01    /* FATAL noticed by the DPC / polling */
#define STORPHBA_SITE_FATAL_RESET       0x02    /* FATAL (or a busy ring) noticed by a reset path */
#define STORPHBA_SITE_RESTART_FAILED    0x03    /* controller would not become READY */
#define STORPHBA_SITE_INVALID_REQUEST   0x04    /* completion with HBA status INVALID_REQUEST */
#define STORPHBA_SITE_DMA_ERROR         0x05    /* completion with HBA status DMA_ERROR */
#define STORPHBA_SITE_UNKNOWN_STATUS    0x06    /* completion with an HBA status we do not know */
#define STORPHBA_SITE_SG_OVERFLOW       0x07    /* data buffer needed more SG entries than allowed */
#define STORPHBA_SITE_NO_PHYSICAL       0x08    /* no scatter/gather list or physical address */
#define STORPHBA_SITE_BAD_RESIDUAL      0x09    /* residual larger than the transfer */
#define STORPHBA_SITE_RING_INDEX        0x0A    /* COMPLETION_TAIL out of range */
#define STORPHBA_SITE_NO_SRB_EXTENSION  0x0B    /* the port gave an I/O request no SRB extension */

/* Debug output goes to the port through StorPortDebugPrint. */
#define STORPHBA_PRINT_ERROR            0
#define STORPHBA_PRINT_INFO             1
#define STORPHBA_PRINT_TRACE            3

/* What a reset routine did, so its caller knows which notifications to send. */
#define STORPHBA_RESET_NONE             0       /* nothing (no controller) */
#define STORPHBA_RESET_BUS              1       /* one bus or target was reset */
#define STORPHBA_RESET_CONTROLLER       2       /* the whole controller was reset */

/* Full memory barrier: descriptor stores must be visible to the device before the doorbell,
 * and completion loads must not be satisfied before COMPLETION_TAIL was read. */
#define StorPhbaMemoryBarrier()         __atomic_thread_fence(__ATOMIC_SEQ_CST)

/*
 * Per-request state, in the SRB extension the port allocates for every request.
 * HwBuildIo fills SgList, Request and TransferLength; HwStartIo adds the TAG; the drain
 * copies the request's completion descriptor into Completion (under InterruptLock) so it can
 * be translated after the lock is released. The scatter/gather list is first, at the start of
 * the port's block; the controller reads it by DMA, so its physical address comes from
 * StorPortGetPhysicalAddress(ext, NULL, list, &length) (an SRB extension address is
 * translated with Srb = NULL).
 */
typedef struct _STORPHBA_SRB_EXTENSION {
    PHBA_SG_ENTRY SgList[STORPHBA_MAX_SG_ENTRIES];
    PHBA_REQUEST_DESCRIPTOR Request;        /* prepared by HwBuildIo (TAG still 0) */
    PHBA_COMPLETION_DESCRIPTOR Completion;  /* the controller's answer, copied out of the ring */
    PSCSI_REQUEST_BLOCK PreparedSrb;        /* the SRB Request was built for; NULL once used */
    PSCSI_REQUEST_BLOCK NextDone;           /* link in a STORPHBA_DONE_LIST */
    ULONG TransferLength;                   /* TRANSFER_LENGTH given to the controller */
    UCHAR FinalStatus;                      /* != 0: complete with this SrbStatus instead of
                                               translating Completion (resets, recovery) */
    UCHAR Reserved[3];
} STORPHBA_SRB_EXTENSION, *PSTORPHBA_SRB_EXTENSION;

/* One entry of the tag table: which SRB owns a slot, and under which TAG. */
typedef struct _STORPHBA_TAG_ENTRY {
    PSCSI_REQUEST_BLOCK Srb;    /* NULL while the slot is free */
    ULONG Tag;
    ULONG Reserved;
} STORPHBA_TAG_ENTRY, *PSTORPHBA_TAG_ENTRY;

/* SRBs collected under a queue lock and completed after it is released (FIFO). */
typedef struct _STORPHBA_DONE_LIST {
    PSCSI_REQUEST_BLOCK Head;
    PSCSI_REQUEST_BLOCK Tail;
} STORPHBA_DONE_LIST, *PSTORPHBA_DONE_LIST;

/*
 * One queue pair: its rings (fixed once HwFindAdapter has carved them out of the uncached
 * extension), the driver's ring indices and its tag table (shared: changed under the queue's
 * lock, outside dump mode). Completions arrive in the ring of the queue the request went
 * to, so a TAG needs to be unique only within its queue.
 */
typedef struct _STORPHBA_QUEUE {
    STOR_DPC CompletionDpc;     /* drains this queue (not used in dump mode) */

    /* fixed */
    ULONG Number;               /* the controller's queue index */
    ULONG Message;              /* its MSI-X message (queue Q completes on vector Q) */
    PPHBA_REQUEST_DESCRIPTOR RequestRing;
    PPHBA_COMPLETION_DESCRIPTOR CompletionRing;
    ULONGLONG RequestRingPhysical;
    ULONGLONG CompletionRingPhysical;

    /* shared: driver-side ring indices */
    ULONG RequestTail;          /* next request slot the driver fills */
    ULONG CompletionHead;       /* next completion slot the driver reads */

    /* shared: tag table - slot -> SRB, with a stack of free slots */
    ULONG Outstanding;
    ULONG FreeCount;
    USHORT FreeSlots[STORPHBA_MAX_RING_ENTRIES];
    USHORT Sequence[STORPHBA_MAX_RING_ENTRIES];
    STORPHBA_TAG_ENTRY Tags[STORPHBA_MAX_RING_ENTRIES];
} STORPHBA_QUEUE, *PSTORPHBA_QUEUE;

/* A queue lock as taken: the InterruptLock handle, or the MSI spin lock's saved IRQL. */
typedef struct _STORPHBA_LOCK {
    STOR_LOCK_HANDLE Handle;
    ULONG OldIrql;
} STORPHBA_LOCK, *PSTORPHBA_LOCK;

/*
 * The device extension: everything the driver knows about one adapter.
 * "Fixed" fields are set in HwFindAdapter (the queue count and locking in HwInitialize) and
 * only read afterwards (HwBuildIo relies on this: it runs without locks). "Shared" fields
 * are read and written under the queue locks (outside dump mode).
 */
typedef struct _STORPHBA_EXTENSION {
    /* fixed: register access */
    PUCHAR Registers;           /* StorPortGetDeviceBase mapping of BAR0 (or BAR1) */
    BOOLEAN PortIo;             /* TRUE: Registers is BAR1, use the StorPort*Port* accessors */

    /* fixed: mode */
    UCHAR DumpMode;             /* 0 normally, else DUMP_MODE_*: polled, no DPC, no locks */

    /* shared: state (adapter-wide; changed with every queue lock held) */
    BOOLEAN Running;            /* rings programmed and the controller READY */
    BOOLEAN RecoveryPending;    /* an interrupt saw INTERRUPT_STATUS.ERROR; a DPC checks FATAL */

    /* fixed: locking */
    BOOLEAN PerMessageLocks;    /* each queue has its message's MSI spin lock */
    UCHAR Reserved0[3];

    /* fixed: capabilities (spec section 4) */
    ULONG CapBuses;
    ULONG CapTargets;
    ULONG CapLuns;
    ULONG CapQueueDepth;
    ULONG CapMaxTransfer;
    ULONG CapMaxSgEntries;
    ULONG CapQueues;            /* queue pairs (1 on a 1.0 controller) */

    /* fixed: what this driver chose */
    ULONG QueueDepth;           /* registry QueueDepth (or the default) */
    ULONG RingEntries;          /* N, the same for every queue */
    ULONG RingMask;             /* N - 1 */
    ULONG MaxOutstanding;       /* requests held by the controller at once per queue, <= N - 1 */
    ULONG SgEntries;            /* per-request SG entry limit */
    ULONG MaxTransfer;          /* ConfigInfo->MaximumTransferLength */
    ULONG QueuesPrepared;       /* queues with rings (HwFindAdapter) */
    ULONG QueueCount;           /* queues in use (HwInitialize: those with a message of their own) */

    STORPHBA_QUEUE Queues[STORPHBA_MAX_QUEUES];

    /* shared: counters for diagnostics */
    ULONG StaleCompletions;
    ULONG Recoveries;
    ULONG BusyRejections;
} STORPHBA_EXTENSION, *PSTORPHBA_EXTENSION;

/* The identity strings the port matches PCI functions against (4 hex digits, as the WDK). */
static CHAR StorPhbaVendorIdString[] = "6D70";
static CHAR StorPhbaDeviceIdString[] = "5343";

C_ASSERT(STORPHBA_MAX_RING_ENTRIES <= STORPHBA_TAG_SLOT_MASK + 1);
C_ASSERT((STORPHBA_MAX_RING_ENTRIES & (STORPHBA_MAX_RING_ENTRIES - 1)) == 0);
C_ASSERT((STORPHBA_DUMP_RING_ENTRIES & (STORPHBA_DUMP_RING_ENTRIES - 1)) == 0);
C_ASSERT(STORPHBA_DUMP_RING_ENTRIES <= STORPHBA_MAX_RING_ENTRIES);
C_ASSERT(STORPHBA_DUMP_RING_ENTRIES * (sizeof(PHBA_REQUEST_DESCRIPTOR) + sizeof(PHBA_COMPLETION_DESCRIPTOR)) +
         PHBA_RING_ALIGNMENT <= STORPHBA_DUMP_UNCACHED_LIMIT);
C_ASSERT(FIELD_OFFSET(STORPHBA_SRB_EXTENSION, SgList) == 0);

/* Entry points (the port calls these through HW_INITIALIZATION_DATA). */
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
static ULONG StorPhbaHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                                   PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                   PBOOLEAN Reserved3);
static BOOLEAN StorPhbaHwInitialize(PVOID DeviceExtension);
static BOOLEAN StorPhbaHwBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
static BOOLEAN StorPhbaHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
static BOOLEAN StorPhbaHwInterrupt(PVOID DeviceExtension);
static BOOLEAN StorPhbaHwMSInterrupt(PVOID DeviceExtension, ULONG MessageId);
static VOID StorPhbaCompletionDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                                  PVOID SystemArgument2);
static BOOLEAN StorPhbaHwResetBus(PVOID DeviceExtension, ULONG PathId);
static SCSI_ADAPTER_CONTROL_STATUS StorPhbaHwAdapterControl(PVOID DeviceExtension,
                                                            SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                            PVOID Parameters);

/* ---- register access: 32-bit accesses only (spec section 3) ---- */

static ULONG StorPhbaRead(PSTORPHBA_EXTENSION Ext, ULONG Offset)
{
    PULONG address = (PULONG)(Ext->Registers + Offset);
    return Ext->PortIo ? StorPortReadPortUlong(Ext, address) : StorPortReadRegisterUlong(Ext, address);
}

static VOID StorPhbaWrite(PSTORPHBA_EXTENSION Ext, ULONG Offset, ULONG Value)
{
    PULONG address = (PULONG)(Ext->Registers + Offset);
    if (Ext->PortIo)
        StorPortWritePortUlong(Ext, address, Value);
    else
        StorPortWriteRegisterUlong(Ext, address, Value);
}

static ULONG StorPhbaMin(ULONG A, ULONG B)
{
    return A < B ? A : B;
}

/* Largest power of two that is <= Value (0 for 0). */
static ULONG StorPhbaMax(ULONG A, ULONG B)
{
    return A > B ? A : B;
}

static ULONG StorPhbaFloorPowerOfTwo(ULONG Value)
{
    ULONG result = 1;
    if (Value == 0)
        return 0;
    while (result <= Value / 2)
        result <<= 1;
    return result;
}

/* Smallest power of two that is >= Value (Value <= 2^31). */
static ULONG StorPhbaCeilPowerOfTwo(ULONG Value)
{
    ULONG result = 1;
    while (result < Value)
        result <<= 1;
    return result;
}

static BOOLEAN StorPhbaIsDumpMode(PSTORPHBA_EXTENSION Ext)
{
    return Ext->DumpMode != 0;
}

/* The processors of group 0 (StorPortGetGroupAffinity); at least 1. */
static ULONG StorPhbaProcessorCount(PSTORPHBA_EXTENSION Ext)
{
    KAFFINITY mask = 0;
    ULONG count = 0;

    if (StorPortGetGroupAffinity(Ext, 0, &mask) != STOR_STATUS_SUCCESS)
        return 1;
    for (; mask != 0; mask &= mask - 1)
        count++;
    return count == 0 ? 1 : count;
}

/* ---- locks ---- */

/*
 * A queue's lock, for the routines the port calls without it (HwStartIo, HwResetBus,
 * HwAdapterControl, the DPCs): its message's MSI spin lock with per-message
 * synchronization, else InterruptLock. In dump mode the port is single-threaded and
 * nothing is taken.
 */
static VOID StorPhbaLockQueue(PSTORPHBA_EXTENSION Ext, PSTORPHBA_QUEUE Queue, PSTORPHBA_LOCK Lock)
{
    RtlZeroMemory(Lock, sizeof(*Lock));
    if (StorPhbaIsDumpMode(Ext))
        return;
    if (Ext->PerMessageLocks)
        (VOID)StorPortAcquireMSISpinLock(Ext, Queue->Message, &Lock->OldIrql);
    else
        StorPortAcquireSpinLock(Ext, InterruptLock, NULL, &Lock->Handle);
}

static VOID StorPhbaUnlockQueue(PSTORPHBA_EXTENSION Ext, PSTORPHBA_QUEUE Queue, PSTORPHBA_LOCK Lock)
{
    if (StorPhbaIsDumpMode(Ext))
        return;
    if (Ext->PerMessageLocks)
        (VOID)StorPortReleaseMSISpinLock(Ext, Queue->Message, Lock->OldIrql);
    else
        StorPortReleaseSpinLock(Ext, &Lock->Handle);
}

/* Every queue's lock, in queue order (one InterruptLock without per-message locks). Locks
 * has STORPHBA_MAX_QUEUES entries. */
static VOID StorPhbaLockAll(PSTORPHBA_EXTENSION Ext, PSTORPHBA_LOCK Locks)
{
    ULONG q;

    if (!Ext->PerMessageLocks) {
        StorPhbaLockQueue(Ext, &Ext->Queues[0], &Locks[0]);
        return;
    }
    for (q = 0; q < Ext->QueueCount; q++)
        StorPhbaLockQueue(Ext, &Ext->Queues[q], &Locks[q]);
}

static VOID StorPhbaUnlockAll(PSTORPHBA_EXTENSION Ext, PSTORPHBA_LOCK Locks)
{
    ULONG q;

    if (!Ext->PerMessageLocks) {
        StorPhbaUnlockQueue(Ext, &Ext->Queues[0], &Locks[0]);
        return;
    }
    for (q = Ext->QueueCount; q > 0; q--)
        StorPhbaUnlockQueue(Ext, &Ext->Queues[q - 1], &Locks[q - 1]);
}

/* A register of a queue's ring pair: queue 0's at its 1.0 offsets (a 1.0 controller has no
 * queue blocks), the others in their blocks. Offset is PHBA_QUEUE_*. */
static ULONG StorPhbaQueueRegister(PSTORPHBA_QUEUE Queue, ULONG Offset)
{
    return Queue->Number == 0 ? PHBA_REG_REQUEST_RING_LOW + Offset : PHBA_QUEUE_BLOCK(Queue->Number) + Offset;
}

/* ---- completion lists ---- */

static PSTORPHBA_SRB_EXTENSION StorPhbaSrbExtension(PSCSI_REQUEST_BLOCK Srb)
{
    return (PSTORPHBA_SRB_EXTENSION)SrbGetMiniportContext(Srb);
}

static VOID StorPhbaInitDoneList(PSTORPHBA_DONE_LIST List)
{
    List->Head = NULL;
    List->Tail = NULL;
}

/* Queue an SRB the driver has taken out of the tag table. Every SRB in the table has an SRB
 * extension (HwStartIo checks), which holds the link. */
static VOID StorPhbaPushDone(PSTORPHBA_DONE_LIST List, PSCSI_REQUEST_BLOCK Srb)
{
    StorPhbaSrbExtension(Srb)->NextDone = NULL;
    if (List->Tail == NULL)
        List->Head = Srb;
    else
        StorPhbaSrbExtension(List->Tail)->NextDone = Srb;
    List->Tail = Srb;
}

/* Complete an SRB the driver owns and that never reached the controller. */
static VOID StorPhbaCompleteSrb(PSTORPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR SrbStatus)
{
    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);
    SrbSetSrbStatus(Srb, SrbStatus);
    StorPortNotification(RequestComplete, Ext, Srb);
}

/* ---- tag table (caller holds the queue's lock) ---- */

/* Forget every slot (the caller has given their SRBs back). Sequence numbers are kept, so
 * late completions for the forgotten tags still do not match. */
static VOID StorPhbaResetTagTable(PSTORPHBA_EXTENSION Ext, PSTORPHBA_QUEUE Queue)
{
    ULONG slot;

    Queue->FreeCount = 0;
    for (slot = Ext->RingEntries; slot > 0; slot--) {
        Queue->Tags[slot - 1].Srb = NULL;
        Queue->FreeSlots[Queue->FreeCount++] = (USHORT)(slot - 1);
    }
    Queue->Outstanding = 0;
}

/* Take a free slot for Srb under a new TAG. The caller has checked Outstanding. */
static ULONG StorPhbaAllocateSlot(PSTORPHBA_QUEUE Queue, PSCSI_REQUEST_BLOCK Srb)
{
    ULONG slot = Queue->FreeSlots[--Queue->FreeCount];
    ULONG tag;

    Queue->Sequence[slot]++;
    tag = STORPHBA_MAKE_TAG(Queue->Sequence[slot], slot);
    Queue->Tags[slot].Srb = Srb;
    Queue->Tags[slot].Tag = tag;
    Queue->Outstanding++;
    return tag;
}

static VOID StorPhbaReleaseSlot(PSTORPHBA_QUEUE Queue, ULONG Slot)
{
    Queue->Tags[Slot].Srb = NULL;
    Queue->FreeSlots[Queue->FreeCount++] = (USHORT)Slot;
    Queue->Outstanding--;
}

/* Requests the controller holds over every queue. */
static ULONG StorPhbaOutstanding(PSTORPHBA_EXTENSION Ext)
{
    ULONG total = 0;
    ULONG q;

    for (q = 0; q < Ext->QueueCount; q++)
        total += Ext->Queues[q].Outstanding;
    return total;
}

/*
 * Take every request that matches Path/Target (STORPHBA_ANY matches all) out of every
 * queue's tag table (caller holds every queue lock). Sweep = FALSE: each is queued on Done,
 * to be completed with SRB_STATUS_BUS_RESET. Sweep = TRUE: the caller will have
 * StorPortCompleteRequest complete them once it has released the locks (HwResetBus only,
 * where the port has paused I/O).
 */
static VOID StorPhbaTakeOutstanding(PSTORPHBA_EXTENSION Ext, ULONG Path, ULONG Target,
                                    PSTORPHBA_DONE_LIST Done, BOOLEAN Sweep)
{
    ULONG q;
    ULONG slot;

    for (q = 0; q < Ext->QueueCount; q++) {
        PSTORPHBA_QUEUE queue = &Ext->Queues[q];
        for (slot = 0; slot < Ext->RingEntries; slot++) {
            PSCSI_REQUEST_BLOCK srb = queue->Tags[slot].Srb;
            if (srb == NULL)
                continue;
            if (Path != STORPHBA_ANY && SrbGetPathId(srb) != Path)
                continue;
            if (Target != STORPHBA_ANY && SrbGetTargetId(srb) != Target)
                continue;
            StorPhbaReleaseSlot(queue, slot);
            if (!Sweep) {
                StorPhbaSrbExtension(srb)->FinalStatus = SRB_STATUS_BUS_RESET;
                StorPhbaPushDone(Done, srb);
            }
        }
    }
}

/* ---- controller start (caller holds InterruptLock, or is HwInitialize) ---- */

/*
 * Bring the controller from any state to ENABLED with empty rings (spec sections 5, 6, 13):
 * CONTROL.RESET (the only way out of FATAL; drops everything in flight and masks
 * interrupts), program both ring bases and RING_ENTRIES, clear stale interrupt status, set
 * ENABLE, check READY, then unmask both sources - except in dump mode, where the mask stays
 * 0x3 and the port polls (spec section 15). The caller has already dealt with any SRBs the
 * controller still held.
 */
static BOOLEAN StorPhbaStartController(PSTORPHBA_EXTENSION Ext)
{
    ULONG status;

    ULONG q;

    Ext->Running = FALSE;
    Ext->RecoveryPending = FALSE;
    StorPhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);

    /* Every queue's rings and registers (queue 0's at the 1.0 offsets); queues 1 and up are
     * started once the controller is enabled. */
    for (q = 0; q < Ext->QueueCount; q++) {
        PSTORPHBA_QUEUE queue = &Ext->Queues[q];
        RtlZeroMemory(queue->RequestRing, Ext->RingEntries * sizeof(PHBA_REQUEST_DESCRIPTOR));
        RtlZeroMemory(queue->CompletionRing, Ext->RingEntries * sizeof(PHBA_COMPLETION_DESCRIPTOR));
        queue->RequestTail = 0;
        queue->CompletionHead = 0;
        StorPhbaMemoryBarrier();
        StorPhbaWrite(Ext, StorPhbaQueueRegister(queue, PHBA_QUEUE_REQUEST_RING_LOW), (ULONG)queue->RequestRingPhysical);
        StorPhbaWrite(Ext, StorPhbaQueueRegister(queue, PHBA_QUEUE_REQUEST_RING_HIGH),
                      (ULONG)(queue->RequestRingPhysical >> 32));
        StorPhbaWrite(Ext, StorPhbaQueueRegister(queue, PHBA_QUEUE_COMPLETION_RING_LOW),
                      (ULONG)queue->CompletionRingPhysical);
        StorPhbaWrite(Ext, StorPhbaQueueRegister(queue, PHBA_QUEUE_COMPLETION_RING_HIGH),
                      (ULONG)(queue->CompletionRingPhysical >> 32));
        StorPhbaWrite(Ext, StorPhbaQueueRegister(queue, PHBA_QUEUE_RING_ENTRIES), Ext->RingEntries);
    }
    StorPhbaWrite(Ext, PHBA_REG_INTERRUPT_STATUS, PHBA_INTERRUPT_ALL);
    StorPhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_ENABLE);
    for (q = 1; q < Ext->QueueCount; q++)
        StorPhbaWrite(Ext, PHBA_QUEUE_BLOCK(q) + PHBA_QUEUE_ENABLE, 1);

    status = StorPhbaRead(Ext, PHBA_REG_STATUS);
    if ((status & (PHBA_STATUS_READY | PHBA_STATUS_FATAL)) != PHBA_STATUS_READY) {
        ULONG error = StorPhbaRead(Ext, PHBA_REG_ERROR);
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: controller not READY after enable (STATUS %#x, ERROR %u)\n",
                           (unsigned)status, (unsigned)error);
        StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR,
                         STORPHBA_LOG_ID(STORPHBA_SITE_RESTART_FAILED, error));
        /* Leave it reset: masked, disabled, nothing in flight. */
        StorPhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);
        return FALSE;
    }

    StorPhbaWrite(Ext, PHBA_REG_INTERRUPT_MASK, StorPhbaIsDumpMode(Ext) ? PHBA_INTERRUPT_ALL : 0);
    Ext->Running = TRUE;
    return TRUE;
}

/* ---- draining a completion ring (caller holds the queue's lock) ---- */

/* Match one completion to its SRB by TAG, free the slot and queue the SRB with a copy of the
 * completion. A TAG that matches no current owner (a request given back after a reset) is
 * counted and dropped. */
static VOID StorPhbaCollectCompletion(PSTORPHBA_EXTENSION Ext, PSTORPHBA_QUEUE Queue,
                                      const PHBA_COMPLETION_DESCRIPTOR *Completion, PSTORPHBA_DONE_LIST Done)
{
    ULONG slot = Completion->Tag & STORPHBA_TAG_SLOT_MASK;
    PSCSI_REQUEST_BLOCK srb;
    PSTORPHBA_SRB_EXTENSION srbExt;

    if (slot >= Ext->RingEntries || Queue->Tags[slot].Srb == NULL || Queue->Tags[slot].Tag != Completion->Tag) {
        __atomic_fetch_add(&Ext->StaleCompletions, 1, __ATOMIC_RELAXED);   /* queues lock apart */
        StorPortDebugPrint(STORPHBA_PRINT_TRACE, "storphba: queue %u: dropping completion for stale tag %#x (HBA status %u)\n",
                           (unsigned)Queue->Number, (unsigned)Completion->Tag, Completion->HbaStatus);
        return;
    }

    srb = Queue->Tags[slot].Srb;
    StorPhbaReleaseSlot(Queue, slot);

    srbExt = StorPhbaSrbExtension(srb);
    RtlCopyMemory(&srbExt->Completion, Completion, sizeof(*Completion));
    srbExt->FinalStatus = 0;
    StorPhbaPushDone(Done, srb);
}

/*
 * Consume a completion ring (spec section 6, "The completion ring"): read COMPLETION_TAIL,
 * collect the slots from the driver's head up to it, write COMPLETION_HEAD, and read the tail
 * again - writing the head can let waiting requests run and post more - until it stops
 * moving. Returns TRUE if the controller needs a full recovery (COMPLETION_TAIL out of range).
 */
static BOOLEAN StorPhbaDrainLocked(PSTORPHBA_EXTENSION Ext, PSTORPHBA_QUEUE Queue, PSTORPHBA_DONE_LIST Done)
{
    ULONG passes = 0;

    for (;;) {
        ULONG tail = StorPhbaRead(Ext, StorPhbaQueueRegister(Queue, PHBA_QUEUE_COMPLETION_TAIL));

        if (tail >= Ext->RingEntries) {
            StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: queue %u: COMPLETION_TAIL %#x out of range\n",
                               (unsigned)Queue->Number, (unsigned)tail);
            StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR,
                             STORPHBA_LOG_ID(STORPHBA_SITE_RING_INDEX, Queue->Number));
            return TRUE;
        }
        if (tail == Queue->CompletionHead)
            return FALSE;
        /* The admission rule bounds a healthy controller; this only keeps a malfunctioning
         * one from holding the lock forever. Whatever is left is found by the next drain. */
        if (++passes > Ext->RingEntries + 1)
            return FALSE;

        StorPhbaMemoryBarrier();
        while (Queue->CompletionHead != tail) {
            PHBA_COMPLETION_DESCRIPTOR completion;
            RtlCopyMemory(&completion, &Queue->CompletionRing[Queue->CompletionHead], sizeof(completion));
            Queue->CompletionHead = (Queue->CompletionHead + 1) & Ext->RingMask;
            StorPhbaCollectCompletion(Ext, Queue, &completion, Done);
        }
        StorPhbaMemoryBarrier();
        StorPhbaWrite(Ext, StorPhbaQueueRegister(Queue, PHBA_QUEUE_COMPLETION_HEAD), Queue->CompletionHead);
    }
}

/* Drain every queue (caller holds every queue lock). TRUE if one needs a recovery. */
static BOOLEAN StorPhbaDrainAllLocked(PSTORPHBA_EXTENSION Ext, PSTORPHBA_DONE_LIST Done)
{
    BOOLEAN broken = FALSE;
    ULONG q;

    for (q = 0; q < Ext->QueueCount; q++)
        broken = StorPhbaDrainLocked(Ext, &Ext->Queues[q], Done) || broken;
    return broken;
}

/* ---- fatal-error recovery (caller holds every queue lock) ---- */

/*
 * Full recovery (spec sections 11 and 14, "Recovery from FATAL"): log the error code,
 * salvage completions that were posted before the controller stopped, CONTROL.RESET (drops
 * everything in flight, without completions), give back every request still in the tag
 * tables (queued on Done with SRB_STATUS_BUS_RESET, or left to the caller's
 * StorPortCompleteRequest when Sweep is TRUE) and bring the rings back up. The caller sends
 * ResetDetected once it has released the locks.
 */
static VOID StorPhbaRecoverLocked(PSTORPHBA_EXTENSION Ext, PSTORPHBA_DONE_LIST Done, BOOLEAN Sweep,
                                  ULONG UniqueId)
{
    ULONG status;
    ULONG error;

    Ext->Recoveries++;

    status = StorPhbaRead(Ext, PHBA_REG_STATUS);
    error = StorPhbaRead(Ext, PHBA_REG_ERROR);
    StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: resetting controller (STATUS %#x, ERROR %u, %u outstanding)\n",
                       (unsigned)status, (unsigned)error, (unsigned)StorPhbaOutstanding(Ext));
    StorPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, UniqueId | (error & 0xFF));

    /* Completions already in the rings are genuine results (a WRITE that reached the
     * medium): report them rather than turning them into retries. */
    if (Ext->Running && (status & (PHBA_STATUS_READY | PHBA_STATUS_FATAL)) != 0)
        (VOID)StorPhbaDrainAllLocked(Ext, Done);

    StorPhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);
    Ext->Running = FALSE;
    Ext->RecoveryPending = FALSE;

    StorPhbaTakeOutstanding(Ext, STORPHBA_ANY, STORPHBA_ANY, Done, Sweep);

    if (!StorPhbaStartController(Ext))
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: controller did not come back; failing new requests\n");
}

/*
 * The work behind an interrupt, for one queue (caller holds its lock): drain its completion
 * ring, and find out whether the controller stopped. Polled = TRUE (dump mode,
 * ScsiStopAdapter): STATUS is read on every call, as INTERRUPT_STATUS is not relied upon;
 * otherwise only when an interrupt saw the ERROR bit. Returns TRUE if the controller needs a
 * full recovery, which the caller runs with every queue lock held (StorPhbaRecover).
 */
static BOOLEAN StorPhbaServiceLocked(PSTORPHBA_EXTENSION Ext, PSTORPHBA_QUEUE Queue, PSTORPHBA_DONE_LIST Done,
                                     BOOLEAN Polled)
{
    BOOLEAN fatal = FALSE;

    if (Ext->Registers == NULL || !Ext->Running)
        return FALSE;

    if (Polled || __atomic_load_n(&Ext->RecoveryPending, __ATOMIC_ACQUIRE))
        fatal = (StorPhbaRead(Ext, PHBA_REG_STATUS) & PHBA_STATUS_FATAL) != 0;

    /* Recovery salvages the completions posted before the error itself. */
    if (!fatal)
        fatal = StorPhbaDrainLocked(Ext, Queue, Done);
    return fatal;
}

/*
 * Recovery asked for by StorPhbaServiceLocked, with every queue lock taken here. Seen is
 * Ext->Recoveries as the caller read it under its queue lock: a recovery another path ran
 * meanwhile already did the work. Returns TRUE if the controller was reset (the caller then
 * sends ResetDetected).
 */
static BOOLEAN StorPhbaRecover(PSTORPHBA_EXTENSION Ext, ULONG Seen, PSTORPHBA_DONE_LIST Done)
{
    STORPHBA_LOCK locks[STORPHBA_MAX_QUEUES];
    BOOLEAN reset = FALSE;

    StorPhbaLockAll(Ext, locks);
    if (Ext->Recoveries == Seen && Ext->Registers != NULL) {
        StorPhbaRecoverLocked(Ext, Done, FALSE, STORPHBA_LOG_ID(STORPHBA_SITE_FATAL_INTERRUPT, 0));
        reset = TRUE;
    }
    StorPhbaUnlockAll(Ext, locks);
    return reset;
}

/* ---- resets (caller holds every queue lock) ---- */

/* TRUE if the reset registers can be used: READY, not FATAL, and every request the driver
 * rang in has been consumed (a request still waiting in the request ring is not ended by a
 * bus or target reset and would run later, after its SRB had been given back - spec
 * section 10). Otherwise a full controller reset is the only safe answer. */
static BOOLEAN StorPhbaResetRegistersUsable(PSTORPHBA_EXTENSION Ext)
{
    ULONG status;

    ULONG q;

    if (!Ext->Running)
        return FALSE;
    status = StorPhbaRead(Ext, PHBA_REG_STATUS);
    if ((status & (PHBA_STATUS_READY | PHBA_STATUS_FATAL)) != PHBA_STATUS_READY)
        return FALSE;
    for (q = 0; q < Ext->QueueCount; q++) {
        PSTORPHBA_QUEUE queue = &Ext->Queues[q];
        if (StorPhbaRead(Ext, StorPhbaQueueRegister(queue, PHBA_QUEUE_REQUEST_HEAD)) != queue->RequestTail)
            return FALSE;
    }
    return TRUE;
}

/*
 * Reset one SCSI bus (spec sections 10 and 14, "HwResetBus"): BUS_RESET ends every command in
 * flight on the bus with a BUS_RESET completion, posted before the write returns; drain
 * those, then take whatever the tag table still holds for the bus. Escalates to a full
 * controller reset if the controller is FATAL or requests are still waiting in the ring.
 * Returns STORPHBA_RESET_BUS or STORPHBA_RESET_CONTROLLER.
 */
static ULONG StorPhbaResetBusLocked(PSTORPHBA_EXTENSION Ext, ULONG PathId, PSTORPHBA_DONE_LIST Done, BOOLEAN Sweep)
{
    if (Ext->Registers == NULL || Ext->Queues[0].RequestRing == NULL) {
        StorPhbaTakeOutstanding(Ext, PathId, STORPHBA_ANY, Done, Sweep);
        return STORPHBA_RESET_NONE;
    }
    if (!StorPhbaResetRegistersUsable(Ext)) {
        StorPhbaRecoverLocked(Ext, Done, Sweep, STORPHBA_LOG_ID(STORPHBA_SITE_FATAL_RESET, 0));
        return STORPHBA_RESET_CONTROLLER;
    }

    if (PathId < Ext->CapBuses)
        StorPhbaWrite(Ext, PHBA_REG_BUS_RESET, PathId);
    if (StorPhbaDrainAllLocked(Ext, Done)) {
        StorPhbaRecoverLocked(Ext, Done, Sweep, STORPHBA_LOG_ID(STORPHBA_SITE_FATAL_RESET, 1));
        return STORPHBA_RESET_CONTROLLER;
    }
    StorPhbaTakeOutstanding(Ext, PathId, STORPHBA_ANY, Done, Sweep);
    return STORPHBA_RESET_BUS;
}

/* Reset one target (RESET_DEVICE; RESET_LOGICAL_UNIT too, as the controller has no LU
 * reset): TARGET_RESET ends the target's commands in flight with TARGET_RESET completions.
 * Used from HwStartIo only, so leftovers are always queued on Done. */
static ULONG StorPhbaResetTargetLocked(PSTORPHBA_EXTENSION Ext, ULONG PathId, ULONG TargetId,
                                       PSTORPHBA_DONE_LIST Done)
{
    if (!StorPhbaResetRegistersUsable(Ext)) {
        StorPhbaRecoverLocked(Ext, Done, FALSE, STORPHBA_LOG_ID(STORPHBA_SITE_FATAL_RESET, 2));
        return STORPHBA_RESET_CONTROLLER;
    }

    if (PathId < Ext->CapBuses && TargetId < Ext->CapTargets)
        StorPhbaWrite(Ext, PHBA_REG_TARGET_RESET, PHBA_TARGET_RESET_VALUE(PathId, TargetId));
    if (StorPhbaDrainAllLocked(Ext, Done)) {
        StorPhbaRecoverLocked(Ext, Done, FALSE, STORPHBA_LOG_ID(STORPHBA_SITE_FATAL_RESET, 3));
        return STORPHBA_RESET_CONTROLLER;
    }
    StorPhbaTakeOutstanding(Ext, PathId, TargetId, Done, FALSE);
    return STORPHBA_RESET_BUS;
}

/* ---- completing collected requests (no lock of this driver held) ---- */

/* Translate one completion into the SRB's status (spec section 14's table). */
static VOID StorPhbaTranslateCompletion(PSTORPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb,
                                        const PHBA_COMPLETION_DESCRIPTOR *Completion, ULONG TransferLength)
{
    UCHAR status;

    SrbSetScsiStatus(Srb, SCSISTAT_GOOD);

    switch (Completion->HbaStatus) {
    case PHBA_HBA_STATUS_OK:
        SrbSetScsiStatus(Srb, (UCHAR)(Completion->ScsiStatus));
        switch (Completion->ScsiStatus) {
        case SCSISTAT_GOOD:
        case SCSISTAT_CONDITION_MET:
        case SCSISTAT_INTERMEDIATE:
        case SCSISTAT_INTERMEDIATE_COND_MET:
            if (Completion->Residual > TransferLength) {
                StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_PROTOCOL_ERROR,
                                 STORPHBA_LOG_ID(STORPHBA_SITE_BAD_RESIDUAL, 0));
                status = SRB_STATUS_ERROR;
            } else {
                /* Report what moved. An underrun is SRB_STATUS_DATA_OVERRUN with the
                 * shortened length, as Windows expects. (For an SRB sent without a data
                 * direction TransferLength is 0, so DataTransferLength becomes 0.) */
                SrbSetDataTransferLength(Srb, TransferLength - Completion->Residual);
                status = Completion->Residual != 0 ? SRB_STATUS_DATA_OVERRUN : SRB_STATUS_SUCCESS;
            }
            break;

        case SCSISTAT_CHECK_CONDITION:
            status = SRB_STATUS_ERROR;
            if ((Completion->Flags & PHBA_COMPLETION_FLAG_SENSE_VALID) != 0 && Completion->SenseLength != 0) {
                status |= SRB_STATUS_AUTOSENSE_VALID;
                SrbSetSenseInfoBufferLength(Srb, (UCHAR)StorPhbaMin(Completion->SenseLength, SrbGetSenseInfoBufferLength(Srb)));
            }
            break;

        case SCSISTAT_BUSY:
            status = SRB_STATUS_BUSY;           /* the port retries after a pause */
            break;

        default:                                /* TASK SET FULL, RESERVATION CONFLICT, ... */
            status = SRB_STATUS_ERROR;
            break;
        }
        break;

    case PHBA_HBA_STATUS_SELECTION_TIMEOUT:
        status = SRB_STATUS_SELECTION_TIMEOUT;
        break;

    case PHBA_HBA_STATUS_INVALID_REQUEST:
        /* The controller refused a descriptor this driver built: a driver bug. */
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: INVALID_REQUEST for CDB %02x, %u bytes\n",
                           ((PUCHAR)SrbGetCdb(Srb))[0], (unsigned)TransferLength);
        StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                         STORPHBA_LOG_ID(STORPHBA_SITE_INVALID_REQUEST, Completion->HbaStatus));
        status = SRB_STATUS_INVALID_REQUEST;
        break;

    case PHBA_HBA_STATUS_DMA_ERROR:
        /* A data or list address outside the DMA map, or bus mastering off. */
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: DMA_ERROR for CDB %02x, %u bytes\n",
                           ((PUCHAR)SrbGetCdb(Srb))[0], (unsigned)TransferLength);
        StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                         STORPHBA_LOG_ID(STORPHBA_SITE_DMA_ERROR, Completion->HbaStatus));
        status = SRB_STATUS_ERROR;
        break;

    case PHBA_HBA_STATUS_BUS_RESET:
    case PHBA_HBA_STATUS_TARGET_RESET:
        /* Outcome unknown (it may have run): the class driver retries. */
        status = SRB_STATUS_BUS_RESET;
        break;

    default:
        StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                         STORPHBA_LOG_ID(STORPHBA_SITE_UNKNOWN_STATUS, Completion->HbaStatus));
        status = SRB_STATUS_ERROR;
        break;
    }

    SrbSetSrbStatus(Srb, status);
}

/* Report every SRB on Done to the port, in the order collected. Called after InterruptLock
 * is released, so the port is free to start new requests from inside RequestComplete. */
static VOID StorPhbaCompleteDone(PSTORPHBA_EXTENSION Ext, PSTORPHBA_DONE_LIST Done)
{
    PSCSI_REQUEST_BLOCK srb = Done->Head;

    while (srb != NULL) {
        PSTORPHBA_SRB_EXTENSION srbExt = StorPhbaSrbExtension(srb);
        PSCSI_REQUEST_BLOCK next = srbExt->NextDone;

        srbExt->NextDone = NULL;
        if (srbExt->FinalStatus != 0) {
            SrbSetScsiStatus(srb, SCSISTAT_GOOD);
            SrbSetSrbStatus(srb, (UCHAR)(srbExt->FinalStatus));
        } else {
            StorPhbaTranslateCompletion(Ext, srb, &srbExt->Completion, srbExt->TransferLength);
        }
        StorPortNotification(RequestComplete, Ext, srb);
        srb = next;
    }
    StorPhbaInitDoneList(Done);
}

/* ======================================================================================
 * DriverEntry
 *
 * Describe the miniport to StorPort with the Windows 8 form of HW_INITIALIZATION_DATA: a PCI
 * bus-master adapter with two access ranges (BAR0 memory, BAR1 I/O), tagged queuing, several
 * requests per LU, autosense done by the adapter, physical addresses for every buffer and
 * virtual addresses only for the non-READ/WRITE ones (spec sections 2 and 14).
 * ====================================================================================== */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hwInitData;

    RtlZeroMemory(&hwInitData, sizeof(hwInitData));
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.AdapterInterfaceType = PCIBus;

    hwInitData.HwFindAdapter = StorPhbaHwFindAdapter;
    hwInitData.HwInitialize = StorPhbaHwInitialize;
    hwInitData.HwBuildIo = StorPhbaHwBuildIo;
    hwInitData.HwStartIo = StorPhbaHwStartIo;
    hwInitData.HwInterrupt = StorPhbaHwInterrupt;
    hwInitData.HwResetBus = StorPhbaHwResetBus;
    hwInitData.HwAdapterControl = StorPhbaHwAdapterControl;

    hwInitData.DeviceExtensionSize = sizeof(STORPHBA_EXTENSION);
    hwInitData.SpecificLuExtensionSize = 0;
    hwInitData.SrbExtensionSize = sizeof(STORPHBA_SRB_EXTENSION);
    hwInitData.NumberOfAccessRanges = 2;

    hwInitData.MapBuffers = STOR_MAP_NON_READ_WRITE_BUFFERS;
    hwInitData.NeedPhysicalAddresses = TRUE;
    hwInitData.TaggedQueuing = TRUE;
    hwInitData.AutoRequestSense = TRUE;
    hwInitData.MultipleRequestPerLu = TRUE;
    hwInitData.ReceiveEvent = FALSE;

    hwInitData.VendorId = StorPhbaVendorIdString;
    hwInitData.VendorIdLength = (USHORT)(sizeof(StorPhbaVendorIdString) - 1);
    hwInitData.DeviceId = StorPhbaDeviceIdString;
    hwInitData.DeviceIdLength = (USHORT)(sizeof(StorPhbaDeviceIdString) - 1);

    /* SCSI_REQUEST_BLOCKs (or, in the extended build, STORAGE_REQUEST_BLOCKs) addressed by
     * bus/target/LUN. */
#if STORPORT_EXTENDED_SRB
    hwInitData.SrbTypeFlags = SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK;
#else
    hwInitData.SrbTypeFlags = SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK;
#endif
    hwInitData.AddressTypeFlags = ADDRESS_TYPE_FLAG_BTL8;

    return StorPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
}

/* ======================================================================================
 * HwFindAdapter
 *
 * Spec section 14 steps 1-7 (section 15 steps 1-2 in dump mode): locate and map the register
 * block, identify the controller by MAGIC/VERSION, read the capabilities, reset it, read the
 * per-adapter parameters, fill ConfigInfo, allocate the rings from the uncached extension and
 * initialise the completion DPC. The port holds no lock.
 * ====================================================================================== */

static CHAR StorPhbaLowerCase(CHAR C)
{
    return (C >= 'A' && C <= 'Z') ? (CHAR)(C - 'A' + 'a') : C;
}

static BOOLEAN StorPhbaIsArgumentSeparator(CHAR C)
{
    return C == ' ' || C == '\t' || C == ';' || C == ',';
}

/* TRUE if ArgumentString holds "Key=<value>" with a value other than 0 (keys compare
 * case-insensitively; tokens are separated by blanks, ';' or ','). */
static BOOLEAN StorPhbaArgumentIsSet(PCHAR ArgumentString, const CHAR *Key)
{
    PCHAR cursor = ArgumentString;

    if (cursor == NULL)
        return FALSE;

    while (*cursor != '\0') {
        PCHAR token;
        PCHAR end;
        ULONG i = 0;

        while (*cursor != '\0' && StorPhbaIsArgumentSeparator(*cursor))
            cursor++;
        token = cursor;
        while (*cursor != '\0' && !StorPhbaIsArgumentSeparator(*cursor))
            cursor++;
        end = cursor;

        while (Key[i] != '\0' && token + i < end && StorPhbaLowerCase(token[i]) == Key[i])
            i++;
        if (Key[i] == '\0' && token + i < end && token[i] == '=') {
            PCHAR value = token + i + 1;
            BOOLEAN nonZero = FALSE;
            for (; value < end; value++) {
                if (*value != '0')
                    nonZero = TRUE;
            }
            if (nonZero)
                return TRUE;
        }
    }
    return FALSE;
}

/*
 * Read a REG_DWORD parameter of this adapter: first the adapter's own key
 * (Parameters\Device<n>, Global = 0), then the key shared by all adapters of the driver
 * (Parameters\Device, Global = 1). The value travels through a buffer from
 * StorPortAllocateRegistryBuffer (one at a time per adapter), freed before returning.
 * Returns Default when the value is absent or the port has no registry.
 */
static ULONG StorPhbaReadRegistryDword(PSTORPHBA_EXTENSION Ext, PCHAR ValueName, ULONG Default, PBOOLEAN Found)
{
    ULONG bufferLength = sizeof(ULONG);
    PUCHAR buffer;
    ULONG value = Default;
    ULONG global;

    *Found = FALSE;
    buffer = StorPortAllocateRegistryBuffer(Ext, &bufferLength);
    if (buffer == NULL)
        return Default;

    if (bufferLength >= sizeof(ULONG)) {
        for (global = 0; global <= 1 && !*Found; global++) {
            ULONG length = bufferLength;
            RtlZeroMemory(buffer, bufferLength);
            if (StorPortRegistryRead(Ext, (PUCHAR)ValueName, global, REG_DWORD, buffer, &length) &&
                length >= sizeof(ULONG)) {
                RtlCopyMemory(&value, buffer, sizeof(value));
                *Found = TRUE;
            }
        }
    }

    StorPortFreeRegistryBuffer(Ext, buffer);
    return value;
}

/* Optional PCI sanity check (spec section 14 step 2). The IDs and class code are
 * configurable per machine, so they are only reported; the function is rejected only if it
 * reads as absent. Memory/I/O decoding and bus mastering are switched on if firmware left
 * them off. Returns FALSE if nothing answers in the slot. */
static BOOLEAN StorPhbaCheckPciFunction(PSTORPHBA_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                        USHORT NeededCommandBits)
{
    PCI_COMMON_CONFIG pci;
    ULONG length;

    RtlZeroMemory(&pci, sizeof(pci));
    length = StorPortGetBusData(Ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber, ConfigInfo->SlotNumber,
                                &pci, (ULONG)PCI_COMMON_HDR_LENGTH);
    if (length < 4)
        return TRUE;            /* the port offers no configuration access: nothing to check */
    if (pci.VendorID == PCI_INVALID_VENDORID)
        return FALSE;

    if (length >= 0x0C && (pci.BaseClass != PCI_CLASS_MASS_STORAGE_CTLR ||
                           pci.SubClass != PCI_SUBCLASS_MSC_SCSI_BUS_CTLR)) {
        StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: PCI %04x:%04x has class %02x%02x; identifying by MAGIC\n",
                           pci.VendorID, pci.DeviceID, pci.BaseClass, pci.SubClass);
    }

    if (length >= 6 && (pci.Command & NeededCommandBits) != NeededCommandBits) {
        USHORT command = (USHORT)(pci.Command | NeededCommandBits);
        StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: PCI command %#06x lacks %#06x; enabling\n",
                           pci.Command, NeededCommandBits);
        (VOID)StorPortSetBusDataByOffset(Ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber,
                                         ConfigInfo->SlotNumber, &command,
                                         (ULONG)FIELD_OFFSET(PCI_COMMON_CONFIG, Command), sizeof(command));
    }
    return TRUE;
}

/* Map one access range and check MAGIC and the VERSION major through it. */
static ULONG StorPhbaMapAndIdentify(PSTORPHBA_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                    PACCESS_RANGE Range, ULONG Length, BOOLEAN InIoSpace)
{
    PVOID base;
    ULONG magic;
    ULONG version;

    base = StorPortGetDeviceBase(Ext, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber,
                                 Range->RangeStart, Length, InIoSpace);
    if (base == NULL)
        return SP_RETURN_ERROR;

    Ext->Registers = (PUCHAR)base;
    Ext->PortIo = InIoSpace;

    magic = StorPhbaRead(Ext, PHBA_REG_MAGIC);
    version = StorPhbaRead(Ext, PHBA_REG_VERSION);
    if (magic == PHBA_MAGIC && PHBA_VERSION_MAJOR(version) == PHBA_SUPPORTED_MAJOR_VERSION) {
        if (PHBA_VERSION_MINOR(version) != 0)
            StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: interface version %u.%u (driver written for 1.0)\n",
                               (unsigned)(PHBA_VERSION_MAJOR(version)), (unsigned)(PHBA_VERSION_MINOR(version)));
        return SP_RETURN_FOUND;
    }

    StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: not our controller (MAGIC %#x, VERSION %#x)\n",
                       (unsigned)magic, (unsigned)version);
    StorPortFreeDeviceBase(Ext, base);
    Ext->Registers = NULL;
    Ext->PortIo = FALSE;
    return SP_RETURN_NOT_FOUND;
}

/* Give the register mapping back when the adapter is not taken after all. */
static ULONG StorPhbaFindFailed(PSTORPHBA_EXTENSION Ext, ULONG Result)
{
    if (Ext->Registers != NULL) {
        StorPortFreeDeviceBase(Ext, Ext->Registers);
        Ext->Registers = NULL;
    }
    return Result;
}

/* TRUE if the port's PORT_CONFIGURATION_INFORMATION (ConfigInfo->Length bytes) has Field. */
#define STORPHBA_CONFIG_HAS(ConfigInfo, Field)                                                  \
    ((ConfigInfo)->Length >= (ULONG)FIELD_OFFSET(PORT_CONFIGURATION_INFORMATION, Field) +        \
                                 (ULONG)sizeof((ConfigInfo)->Field))

static ULONG StorPhbaHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                                   PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                   PBOOLEAN Reserved3)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)DeviceExtension;
    PACCESS_RANGE memoryRange = NULL;
    PACCESS_RANGE ioRange = NULL;
    ULONG result = SP_RETURN_NOT_FOUND;
    ULONG i;
    ULONG ringLimit;
    ULONG ringBytes;
    ULONG allocation;
    ULONG contiguous = 0;
    ULONG padding;
    PUCHAR uncached;
    STOR_PHYSICAL_ADDRESS physical;
    ULONGLONG base;
    ULONG visibleTargets;
    BOOLEAN fromRegistry = FALSE;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(Reserved3);      /* StorPort's "Again": reserved, left alone */

    RtlZeroMemory(ext, sizeof(*ext));

    /* Everything up to SynchronizationModel is needed; the later members (DumpMode,
     * MaxNumberOfIO) are used when the port's structure has them. */
    if (!STORPHBA_CONFIG_HAS(ConfigInfo, SynchronizationModel))
        return SP_RETURN_BAD_CONFIG;

    /* Dump mode: the port says so in ConfigInfo->DumpMode (crash, hibernation, resume, ...);
     * "dump=1" / "hiber=1" in the argument string is accepted as well. */
    if (STORPHBA_CONFIG_HAS(ConfigInfo, DumpMode))
        ext->DumpMode = ConfigInfo->DumpMode;
    if (ext->DumpMode == 0 && StorPhbaArgumentIsSet(ArgumentString, "dump"))
        ext->DumpMode = DUMP_MODE_CRASH;
    if (ext->DumpMode == 0 && StorPhbaArgumentIsSet(ArgumentString, "hiber"))
        ext->DumpMode = DUMP_MODE_HIBER;

    /* Before a hibernation the port loads a copy in DUMP_MODE_MARK_MEMORY only to learn which
     * memory the hibernation copy needs kept: this extension (length 0: all of it). That load
     * touches no hardware. */
    if (ext->DumpMode == DUMP_MODE_MARK_MEMORY || ext->DumpMode == DUMP_MODE_HIBER)
        StorPortMarkDumpMemory(DeviceExtension, DeviceExtension, 0, 0);
    if (ext->DumpMode == DUMP_MODE_MARK_MEMORY)
        return SP_RETURN_FOUND;

    /* 1. The access ranges the port built from the BARs: BAR0 is memory, 4 KiB; BAR1 is
     *    I/O, 128 bytes. Order is not assumed. */
    if (ConfigInfo->AccessRanges == NULL)
        return SP_RETURN_NOT_FOUND;
    for (i = 0; i < ConfigInfo->NumberOfAccessRanges; i++) {
        PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[i];
        if (range->RangeLength == 0 || range->RangeStart.QuadPart == 0)
            continue;
        if (range->RangeInMemory && range->RangeLength >= PHBA_BAR0_LENGTH && memoryRange == NULL)
            memoryRange = range;
        else if (!range->RangeInMemory && range->RangeLength >= PHBA_BAR1_LENGTH && ioRange == NULL)
            ioRange = range;
    }
    if (memoryRange == NULL && ioRange == NULL)
        return SP_RETURN_NOT_FOUND;

    /* 2. PCI header (not on the dump path, which keeps to the bare minimum). */
    if (!StorPhbaIsDumpMode(ext)) {
        USHORT needed = PCI_ENABLE_BUS_MASTER |
                        (memoryRange != NULL ? PCI_ENABLE_MEMORY_SPACE : PCI_ENABLE_IO_SPACE);
        if (!StorPhbaCheckPciFunction(ext, ConfigInfo, needed))
            return SP_RETURN_NOT_FOUND;
    }

    /* 3. Map BAR0 (memory accessors); fall back to BAR1 (port accessors) if BAR0 cannot be
     *    mapped or does not identify. Then MAGIC / VERSION. */
    if (memoryRange != NULL)
        result = StorPhbaMapAndIdentify(ext, ConfigInfo, memoryRange, PHBA_BAR0_LENGTH, FALSE);
    if (result != SP_RETURN_FOUND && ioRange != NULL)
        result = StorPhbaMapAndIdentify(ext, ConfigInfo, ioRange, PHBA_BAR1_LENGTH, TRUE);
    if (result != SP_RETURN_FOUND)
        return result;

    /* 4. Capabilities, then a controller reset: whatever state it is in (a crashed system
     *    may have left it enabled, busy or FATAL), it is now RESET with interrupts masked. */
    ext->CapBuses = StorPhbaRead(ext, PHBA_REG_CAP_BUSES);
    ext->CapTargets = StorPhbaRead(ext, PHBA_REG_CAP_TARGETS);
    ext->CapLuns = StorPhbaRead(ext, PHBA_REG_CAP_LUNS);
    ext->CapQueueDepth = StorPhbaRead(ext, PHBA_REG_CAP_QUEUE_DEPTH);
    ext->CapMaxTransfer = StorPhbaRead(ext, PHBA_REG_CAP_MAX_TRANSFER);
    ext->CapMaxSgEntries = StorPhbaRead(ext, PHBA_REG_CAP_MAX_SG_ENTRIES);
    /* Queue pairs: interface 1.1 (a 1.0 controller reads 0 there). Their register blocks are
     * in BAR0 only. */
    ext->CapQueues = StorPhbaMin(StorPhbaMax(StorPhbaRead(ext, PHBA_REG_CAP_QUEUES), 1), PHBA_MAX_QUEUES);
    if (ext->PortIo)
        ext->CapQueues = 1;

    if (ext->CapBuses == 0 || ext->CapTargets == 0 || ext->CapLuns == 0 ||
        ext->CapQueueDepth < PHBA_MIN_RING_ENTRIES || ext->CapMaxTransfer == 0) {
        StorPortDebugPrint(STORPHBA_PRINT_ERROR,
                           "storphba: implausible capabilities (buses %u targets %u luns %u depth %u max %u)\n",
                           (unsigned)ext->CapBuses, (unsigned)ext->CapTargets, (unsigned)ext->CapLuns,
                           (unsigned)ext->CapQueueDepth, (unsigned)ext->CapMaxTransfer);
        return StorPhbaFindFailed(ext, SP_RETURN_BAD_CONFIG);
    }
    ext->CapBuses = StorPhbaMin(ext->CapBuses, PHBA_MAX_BUSES);
    ext->CapTargets = StorPhbaMin(ext->CapTargets, PHBA_MAX_TARGETS);
    ext->CapLuns = StorPhbaMin(ext->CapLuns, PHBA_MAX_LUNS);
    ext->CapMaxSgEntries = StorPhbaMin(ext->CapMaxSgEntries, PHBA_MAX_SG_LIMIT);

    StorPhbaWrite(ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);

    /* Per-adapter parameters (not on the dump path: the registry is a passive-level
     *    service the dump environment does not offer). QueueDepth = how many requests the
     *    controller may hold at once; it decides the ring size N (a power of two above it). */
    ext->QueueDepth = STORPHBA_DEFAULT_QUEUE_DEPTH;
    if (!StorPhbaIsDumpMode(ext)) {
        ULONG depth = StorPhbaReadRegistryDword(ext, STORPHBA_QUEUE_DEPTH_VALUE, STORPHBA_DEFAULT_QUEUE_DEPTH,
                                                &fromRegistry);
        if (depth == 0 || depth > STORPHBA_MAX_RING_ENTRIES - 1) {
            StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: registry QueueDepth %u out of range 1..%u; using %u\n",
                               (unsigned)depth, STORPHBA_MAX_RING_ENTRIES - 1, STORPHBA_DEFAULT_QUEUE_DEPTH);
            depth = STORPHBA_DEFAULT_QUEUE_DEPTH;
            fromRegistry = FALSE;
        }
        ext->QueueDepth = depth;
    }

    /* Ring size N: a power of two within CAP_QUEUE_DEPTH and the tag table, big enough for
     * QueueDepth + 1 slots; small on the dump path (spec 15.2). */
    ringLimit = StorPhbaFloorPowerOfTwo(StorPhbaMin(ext->CapQueueDepth, STORPHBA_MAX_RING_ENTRIES));
    if (StorPhbaIsDumpMode(ext))
        ext->RingEntries = StorPhbaMin(ringLimit, STORPHBA_DUMP_RING_ENTRIES);
    else
        ext->RingEntries = StorPhbaMin(ringLimit, StorPhbaCeilPowerOfTwo(ext->QueueDepth + 1));
    if (ext->RingEntries < PHBA_MIN_RING_ENTRIES)
        return StorPhbaFindFailed(ext, SP_RETURN_BAD_CONFIG);
    ext->RingMask = ext->RingEntries - 1;
    ext->MaxOutstanding = StorPhbaMin(ext->QueueDepth, ext->RingEntries - 1);

    /* A queue pair per processor, up to what the controller has and this driver holds; one
     * in dump mode. HwInitialize uses those that get an MSI-X message of their own. */
    ext->QueuesPrepared = 1;
    if (!StorPhbaIsDumpMode(ext))
        ext->QueuesPrepared = StorPhbaMin(StorPhbaMin(ext->CapQueues, StorPhbaProcessorCount(ext)), STORPHBA_MAX_QUEUES);
    ext->QueueCount = 1;

    /* Transfer geometry. Every list element is assumed to end at a page boundary (except the
     * last), so a buffer of L bytes needs at most L / PAGE + 1 elements: E entries carry
     * (E - 1) pages in the worst case. */
    ext->SgEntries = StorPhbaMin(ext->CapMaxSgEntries, STORPHBA_MAX_SG_ENTRIES);
    if (ext->SgEntries == 0)
        ext->SgEntries = 1;     /* no lists at all: only physically contiguous buffers */
    ext->MaxTransfer = ext->CapMaxTransfer;
    if (ext->SgEntries > 1)
        ext->MaxTransfer = StorPhbaMin(ext->MaxTransfer, (ext->SgEntries - 1) * STORPHBA_PAGE_SIZE);
    else
        ext->MaxTransfer = StorPhbaMin(ext->MaxTransfer, STORPHBA_PAGE_SIZE);

    /* 5. ConfigInfo. The controller has no SCSI ID of its own: an initiator ID at or beyond
     *    CAP_TARGETS hides no device. */
    visibleTargets = StorPhbaMin(ext->CapTargets, 255);
    ConfigInfo->MaximumTransferLength = ext->MaxTransfer;
    ConfigInfo->NumberOfPhysicalBreaks = ext->SgEntries - 1;
    ConfigInfo->AlignmentMask = 0;              /* pieces need no alignment (spec section 7) */
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
    ConfigInfo->ResetTargetSupported = TRUE;
    ConfigInfo->InterruptMode = LevelSensitive; /* INTA#, level-triggered (spec section 2) */
    ConfigInfo->NumberOfBuses = (UCHAR)ext->CapBuses;
    ConfigInfo->MaximumNumberOfTargets = (UCHAR)visibleTargets;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)StorPhbaMin(ext->CapLuns, 255);
    for (i = 0; i < RTL_NUMBER_OF(ConfigInfo->InitiatorBusId); i++)
        ConfigInfo->InitiatorBusId[i] = (CCHAR)visibleTargets;
    ConfigInfo->SrbExtensionSize = sizeof(STORPHBA_SRB_EXTENSION);
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    if (STORPHBA_CONFIG_HAS(ConfigInfo, MaxNumberOfIO))
        ConfigInfo->MaxNumberOfIO = ext->MaxOutstanding * ext->QueuesPrepared;
    /* Several queues: a message (and its lock) per queue. */
    if (ext->QueuesPrepared > 1 && STORPHBA_CONFIG_HAS(ConfigInfo, InterruptSynchronizationMode)) {
        ConfigInfo->HwMSInterruptRoutine = StorPhbaHwMSInterrupt;
        ConfigInfo->InterruptSynchronizationMode = InterruptSynchronizePerMessage;
    }

    if (!StorPhbaIsDumpMode(ext) && ConfigInfo->BusInterruptLevel == 0 && ConfigInfo->BusInterruptVector == 0)
        StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: no interrupt assigned; completions depend on HwInterrupt being called\n");

    /* 6. Rings from the uncached extension (allowed only here, after the DMA fields above).
     *    Per queue: request ring (N x 64) then completion ring (N x 16), both 64-byte aligned;
     *    the block is padded so that alignment can be established on the physical address.
     *    In dump mode this is one queue of 8 x 80 + 64 bytes, well inside the 32 KB the dump
     *    modes allow. */
    ringBytes = ext->RingEntries * (ULONG)(sizeof(PHBA_REQUEST_DESCRIPTOR) + sizeof(PHBA_COMPLETION_DESCRIPTOR));
    /* Each queue's share starts 64-byte aligned. */
    ringBytes = (ringBytes + PHBA_RING_ALIGNMENT - 1) & ~(ULONG)(PHBA_RING_ALIGNMENT - 1);
    allocation = ringBytes * ext->QueuesPrepared + PHBA_RING_ALIGNMENT;
    uncached = (PUCHAR)StorPortGetUncachedExtension(ext, ConfigInfo, allocation);
    if (uncached == NULL) {
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: no uncached extension of %u bytes\n", (unsigned)allocation);
        return StorPhbaFindFailed(ext, SP_RETURN_ERROR);
    }
    physical = StorPortGetPhysicalAddress(ext, NULL, uncached, &contiguous);
    base = (ULONGLONG)physical.QuadPart;
    padding = (ULONG)((PHBA_RING_ALIGNMENT - (base & (PHBA_RING_ALIGNMENT - 1))) & (PHBA_RING_ALIGNMENT - 1));
    if (base == 0 || contiguous < padding + ringBytes * ext->QueuesPrepared) {
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: uncached extension not usable (physical %#llx, contiguous %u)\n",
                           (unsigned long long)base, (unsigned)contiguous);
        return StorPhbaFindFailed(ext, SP_RETURN_ERROR);
    }
    RtlZeroMemory(uncached, allocation);
    for (i = 0; i < ext->QueuesPrepared; i++) {
        PSTORPHBA_QUEUE queue = &ext->Queues[i];
        ULONG offset = padding + ringBytes * i;
        queue->Number = i;
        queue->Message = i;
        queue->RequestRing = (PPHBA_REQUEST_DESCRIPTOR)(uncached + offset);
        queue->RequestRingPhysical = base + offset;
        queue->CompletionRing = (PPHBA_COMPLETION_DESCRIPTOR)(uncached + offset +
                                                              ext->RingEntries * sizeof(PHBA_REQUEST_DESCRIPTOR));
        queue->CompletionRingPhysical = queue->RequestRingPhysical + ext->RingEntries * sizeof(PHBA_REQUEST_DESCRIPTOR);
        StorPhbaResetTagTable(ext, queue);
        /* The completion DPC. None in dump mode: the port polls HwInterrupt there. */
        if (!StorPhbaIsDumpMode(ext))
            StorPortInitializeDpc(ext, &queue->CompletionDpc, StorPhbaCompletionDpc);
    }

    StorPortDebugPrint(STORPHBA_PRINT_INFO,
                       "storphba: found adapter (%s): %u bus(es), %u targets, %u LUNs, %u queue(s) prepared, ring %u, "
                       "queue depth %u%s, SG %u, max transfer %u%s\n",
                       ext->PortIo ? "I/O BAR" : "memory BAR", (unsigned)ext->CapBuses, (unsigned)ext->CapTargets,
                       (unsigned)ext->CapLuns, (unsigned)ext->QueuesPrepared, (unsigned)ext->RingEntries,
                       (unsigned)ext->MaxOutstanding,
                       fromRegistry ? " (registry)" : "", (unsigned)ext->SgEntries, (unsigned)ext->MaxTransfer,
                       StorPhbaIsDumpMode(ext) ? ", dump mode (polled)" : "");

    /* 7. */
    return SP_RETURN_FOUND;
}

/* ======================================================================================
 * HwInitialize
 *
 * Spec section 14 "HwInitialize" and 13 "Initialisation": reset, program the rings, enable,
 * require READY, unmask (not in dump mode, spec 15.3). Returning FALSE fails the adapter.
 * The port calls it with InterruptLock held (a physical miniport under Windows StorPort), so
 * this routine takes no lock; no request can be in flight yet either way.
 * ====================================================================================== */

/* Several queues prepared: queue Q takes message Q while StorPortGetMSIInfo grants it; the
 * queues with a message of their own are used (one without MSI-X). */
static VOID StorPhbaChooseQueues(PSTORPHBA_EXTENSION Ext)
{
    MESSAGE_INTERRUPT_INFORMATION info;
    ULONG q;

    Ext->QueueCount = 1;
    Ext->PerMessageLocks = FALSE;
    if (Ext->QueuesPrepared < 2)
        return;
    for (q = 0; q < Ext->QueuesPrepared; q++) {
        RtlZeroMemory(&info, sizeof(info));
        if (StorPortGetMSIInfo(Ext, q, &info) != STOR_STATUS_SUCCESS)
            break;
    }
    if (q == 0)
        return;                 /* no messages: INTA# and InterruptLock */
    Ext->QueueCount = q;
    /* HwFindAdapter asked for per-message synchronization: each message has its own lock. */
    Ext->PerMessageLocks = TRUE;
}

/* Several queues: HwStartIo on a channel per queue at once, without the StartIo lock. */
static VOID StorPhbaChooseChannels(PSTORPHBA_EXTENSION Ext)
{
    PERF_CONFIGURATION_DATA perf;

    if (Ext->QueueCount < 2)
        return;
    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    if (StorPortInitializePerfOpts(Ext, TRUE, &perf) != STOR_STATUS_SUCCESS ||
        (perf.Flags & STOR_PERF_CONCURRENT_CHANNELS) == 0) {
        StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: no concurrent channels; requests use queue 0\n");
        return;
    }
    perf.Flags = STOR_PERF_CONCURRENT_CHANNELS | (perf.Flags & STOR_PERF_DPC_REDIRECTION);
    perf.ConcurrentChannels = Ext->QueueCount;
    if (StorPortInitializePerfOpts(Ext, FALSE, &perf) != STOR_STATUS_SUCCESS)
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: concurrent channels refused; requests use queue 0\n");
}

static BOOLEAN StorPhbaHwInitialize(PVOID DeviceExtension)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)DeviceExtension;
    STORPHBA_DONE_LIST done;
    BOOLEAN started;
    ULONG q;

    if (ext->Registers == NULL || ext->Queues[0].RequestRing == NULL)
        return FALSE;

    /* Nothing should be outstanding here; if something is, the reset below drops it. */
    StorPhbaInitDoneList(&done);
    StorPhbaTakeOutstanding(ext, STORPHBA_ANY, STORPHBA_ANY, &done, FALSE);
    StorPhbaChooseQueues(ext);
    for (q = 0; q < ext->QueueCount; q++)
        StorPhbaResetTagTable(ext, &ext->Queues[q]);

    started = StorPhbaStartController(ext);
    if (started)
        StorPhbaChooseChannels(ext);
    StorPhbaCompleteDone(ext, &done);
    StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: %s, %u queue(s)%s\n", started ? "running" : "not started",
                       (unsigned)ext->QueueCount, ext->PerMessageLocks ? ", a message and lock per queue" : "");
    return started;
}

/* ======================================================================================
 * HwBuildIo
 *
 * Called for every request before HwStartIo, without any lock and possibly on several
 * processors at once. Touches only the SRB, its SRB extension and the fixed part of the
 * device extension. Returns TRUE to have HwStartIo called; FALSE when the request has
 * already been completed here.
 * ====================================================================================== */

/* Whether a CDB moves data to the device, for SRBs that leave the direction unspecified
 * (SRB_FLAGS_UNSPECIFIED_DIRECTION). SPC/SBC meanings; anything unknown reads from the device. */
static BOOLEAN StorPhbaCdbWritesToDevice(UCHAR OperationCode)
{
    switch (OperationCode) {
    case SCSIOP_FORMAT_UNIT:
    case SCSIOP_REASSIGN_BLOCKS:
    case SCSIOP_WRITE6:
    case SCSIOP_MODE_SELECT:
    case SCSIOP_SEND_DIAGNOSTIC:
    case SCSIOP_WRITE:
    case SCSIOP_WRITE_VERIFY:
    case SCSIOP_WRITE_DATA_BUFF:
    case SCSIOP_WRITE_LONG:
    case SCSIOP_WRITE_SAME:
    case SCSIOP_UNMAP:
    case SCSIOP_LOG_SELECT:
    case SCSIOP_MODE_SELECT10:
    case SCSIOP_PERSISTENT_RESERVE_OUT:
    case SCSIOP_EXTENDED_COPY:
    case SCSIOP_ACCESS_CONTROL_OUT:
    case SCSIOP_COMPARE_AND_WRITE:
    case SCSIOP_WRITE16:
    case SCSIOP_WRITE_ATTRIBUTES:
    case SCSIOP_WRITE_VERIFY16:
    case SCSIOP_WRITE_SAME16:
    case SCSIOP_SERVICE_ACTION_OUT16:
    case SCSIOP_MAINTENANCE_OUT:
    case SCSIOP_SERVICE_ACTION_OUT12:
    case SCSIOP_WRITE12:
    case SCSIOP_WRITE_VERIFY12:
    case SCSIOP_SECURITY_PROTOCOL_OUT:
        return TRUE;
    default:
        return FALSE;
    }
}

/* FLAGS direction bits for an SRB (spec section 7, "Data direction"). */
static UCHAR StorPhbaDirectionFlags(PSCSI_REQUEST_BLOCK Srb)
{
    ULONG direction = SrbGetSrbFlags(Srb) & (SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT);

    if (SrbGetDataTransferLength(Srb) == 0 || direction == SRB_FLAGS_NO_DATA_TRANSFER)
        return 0;
    if (direction == SRB_FLAGS_DATA_IN)
        return PHBA_REQUEST_FLAG_DATA_IN;
    if (direction == SRB_FLAGS_DATA_OUT)
        return PHBA_REQUEST_FLAG_DATA_OUT;
    return StorPhbaCdbWritesToDevice(((PUCHAR)SrbGetCdb(Srb))[0]) ? PHBA_REQUEST_FLAG_DATA_OUT : PHBA_REQUEST_FLAG_DATA_IN;
}

/*
 * Describe the data buffer to the controller from the port's scatter/gather list
 * (StorPortGetScatterGatherList). Each element becomes one SG entry, in order, until
 * TRANSFER_LENGTH is covered; elements are not merged even when physically adjacent (each
 * must stay inside one DMA mapping, and only the port knows where mappings end). One entry
 * goes straight into DATA_ADDRESS; several go into the SRB extension's list, whose own
 * physical address becomes DATA_ADDRESS with FLAGS.SG_LIST. Returns SRB_STATUS_PENDING on
 * success.
 */
static UCHAR StorPhbaBuildDataPointer(PSTORPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb,
                                      PSTORPHBA_SRB_EXTENSION SrbExt, ULONG Length)
{
    PSTOR_SCATTER_GATHER_LIST list = StorPortGetScatterGatherList(Ext, Srb);
    PPHBA_REQUEST_DESCRIPTOR request = &SrbExt->Request;
    ULONG remaining = Length;
    ULONG count = 0;
    ULONG element;

    if (list == NULL || list->NumberOfElements == 0) {
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: no scatter/gather list for a %u-byte transfer (CDB %02x)\n",
                           (unsigned)Length, ((PUCHAR)SrbGetCdb(Srb))[0]);
        StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                         STORPHBA_LOG_ID(STORPHBA_SITE_NO_PHYSICAL, 0));
        return SRB_STATUS_ERROR;
    }

    for (element = 0; element < list->NumberOfElements && remaining != 0; element++) {
        ULONGLONG address = (ULONGLONG)list->List[element].PhysicalAddress.QuadPart;
        ULONG run = list->List[element].Length;
        PPHBA_SG_ENTRY entry;

        if (run == 0)
            continue;           /* the controller refuses empty entries */
        if (address == 0) {
            StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                             STORPHBA_LOG_ID(STORPHBA_SITE_NO_PHYSICAL, 1));
            return SRB_STATUS_ERROR;
        }
        if (count == Ext->SgEntries) {
            StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: %u-byte buffer needs more than %u SG entries\n",
                               (unsigned)Length, (unsigned)Ext->SgEntries);
            StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                             STORPHBA_LOG_ID(STORPHBA_SITE_SG_OVERFLOW, 0));
            return SRB_STATUS_INVALID_REQUEST;
        }
        if (run > remaining)
            run = remaining;

        entry = &SrbExt->SgList[count++];
        entry->Address = address;
        entry->Length = run;
        entry->Reserved = 0;
        remaining -= run;
    }

    if (remaining != 0) {
        StorPortDebugPrint(STORPHBA_PRINT_ERROR, "storphba: scatter/gather list covers %u of %u bytes\n",
                           (unsigned)(Length - remaining), (unsigned)Length);
        StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                         STORPHBA_LOG_ID(STORPHBA_SITE_NO_PHYSICAL, 2));
        return SRB_STATUS_ERROR;
    }

    if (count == 1) {
        request->DataAddress = SrbExt->SgList[0].Address;
        return SRB_STATUS_PENDING;
    }

    {
        ULONG listLength = 0;
        ULONG needed = count * (ULONG)sizeof(PHBA_SG_ENTRY);
        STOR_PHYSICAL_ADDRESS physical = StorPortGetPhysicalAddress(Ext, NULL, SrbExt->SgList, &listLength);
        if (physical.QuadPart == 0 || listLength < needed) {
            StorPortDebugPrint(STORPHBA_PRINT_ERROR,
                               "storphba: SRB extension not DMA-addressable (physical %#llx, %u of %u bytes)\n",
                               (unsigned long long)physical.QuadPart, (unsigned)listLength, (unsigned)needed);
            StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                             STORPHBA_LOG_ID(STORPHBA_SITE_NO_PHYSICAL, 3));
            return SRB_STATUS_ERROR;
        }
        request->Flags |= PHBA_REQUEST_FLAG_SG_LIST;
        request->SgCount = (USHORT)count;
        request->DataAddress = (ULONGLONG)physical.QuadPart;
    }
    return SRB_STATUS_PENDING;
}

/* Autosense: point the controller at the SRB's sense buffer unless the SRB disabled it.
 * SENSE_LENGTH is capped to what is physically contiguous, so the range the controller
 * writes always lies inside one mapping. */
static VOID StorPhbaSetSenseBuffer(PSTORPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb,
                                   PPHBA_REQUEST_DESCRIPTOR Request)
{
    ULONG contiguous = 0;
    STOR_PHYSICAL_ADDRESS physical;

    if ((SrbGetSrbFlags(Srb) & SRB_FLAGS_DISABLE_AUTOSENSE) != 0 || SrbGetSenseInfoBuffer(Srb) == NULL ||
        SrbGetSenseInfoBufferLength(Srb) == 0)
        return;

    physical = StorPortGetPhysicalAddress(Ext, Srb, SrbGetSenseInfoBuffer(Srb), &contiguous);
    if (physical.QuadPart == 0 || contiguous == 0) {
        /* Without SENSE_LENGTH the LU keeps its sense for a REQUEST SENSE (spec 7 step 5). */
        StorPortDebugPrint(STORPHBA_PRINT_TRACE, "storphba: sense buffer has no physical address; autosense off\n");
        return;
    }
    Request->SenseLength = (UCHAR)StorPhbaMin(SrbGetSenseInfoBufferLength(Srb), contiguous);
    Request->SenseAddress = (ULONGLONG)physical.QuadPart;
}

/*
 * SRB_FUNCTION_EXECUTE_SCSI: build the whole request descriptor except its TAG in the SRB
 * extension. Returns TRUE if HwStartIo should queue it, FALSE if it was completed here.
 */
static BOOLEAN StorPhbaBuildExecuteScsi(PSTORPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PSTORPHBA_SRB_EXTENSION srbExt = StorPhbaSrbExtension(Srb);
    PPHBA_REQUEST_DESCRIPTOR request;
    UCHAR status = SRB_STATUS_PENDING;
    ULONG transferLength;

    if (srbExt == NULL) {
        /* The port allocates one for every request when SrbExtensionSize is set. */
        StorPortLogError(Ext, Srb, SrbGetPathId(Srb), SrbGetTargetId(Srb), SrbGetLun(Srb), SP_INTERNAL_ADAPTER_ERROR,
                         STORPHBA_LOG_ID(STORPHBA_SITE_NO_SRB_EXTENSION, 0));
        StorPhbaCompleteSrb(Ext, Srb, SRB_STATUS_ERROR);
        return FALSE;
    }
    srbExt->PreparedSrb = NULL;
    srbExt->NextDone = NULL;
    srbExt->FinalStatus = 0;

    /* Requests the controller would refuse anyway are answered here, without a ring slot. */
    if (SrbGetCdbLength(Srb) == 0 || SrbGetCdbLength(Srb) > PHBA_MAX_CDB_LENGTH)
        status = SRB_STATUS_INVALID_REQUEST;
    else if (SrbGetPathId(Srb) >= Ext->CapBuses || SrbGetTargetId(Srb) >= Ext->CapTargets)
        status = SRB_STATUS_SELECTION_TIMEOUT;  /* what the controller itself would report; the
                                                   LUN is not part of selection (spec 7 step 2) */
    else if (SrbGetDataTransferLength(Srb) > Ext->CapMaxTransfer)
        status = SRB_STATUS_INVALID_REQUEST;
    if (status != SRB_STATUS_PENDING) {
        StorPhbaCompleteSrb(Ext, Srb, status);
        return FALSE;
    }

    request = &srbExt->Request;
    RtlZeroMemory(request, sizeof(*request));
    request->Bus = SrbGetPathId(Srb);
    request->Target = SrbGetTargetId(Srb);
    request->Lun = SrbGetLun(Srb);
    request->CdbLength = SrbGetCdbLength(Srb);
    RtlCopyMemory(request->Cdb, ((PUCHAR)SrbGetCdb(Srb)), SrbGetCdbLength(Srb));
    request->Flags = StorPhbaDirectionFlags(Srb);
    transferLength = request->Flags != 0 ? SrbGetDataTransferLength(Srb) : 0;
    request->TransferLength = transferLength;

    if (transferLength != 0) {
        status = StorPhbaBuildDataPointer(Ext, Srb, srbExt, transferLength);
        if (status != SRB_STATUS_PENDING) {
            StorPhbaCompleteSrb(Ext, Srb, status);
            return FALSE;
        }
    }
    StorPhbaSetSenseBuffer(Ext, Srb, request);

    srbExt->TransferLength = transferLength;
    srbExt->PreparedSrb = Srb;
    return TRUE;
}

static BOOLEAN StorPhbaHwBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)DeviceExtension;
    UCHAR status;

    switch (SrbGetSrbFunction(Srb)) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        return StorPhbaBuildExecuteScsi(ext, Srb);

    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        /* These work on the rings and the tag table: HwStartIo, under the lock. */
        return TRUE;

    case SRB_FUNCTION_ABORT_COMMAND:
        /* No register aborts a single command (spec section 10); the port escalates to a
         * reset, which is the controller's way of ending a command. */
        status = SRB_STATUS_ABORT_FAILED;
        break;

    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_FLUSH:
        /* The controller caches nothing (CachesData = FALSE); the class driver flushes the
         * disks' caches with SYNCHRONIZE CACHE itself. */
        status = SRB_STATUS_SUCCESS;
        break;

    case SRB_FUNCTION_DUMP_POINTERS:
        /* The handshake through which a miniport hands the dump stack private data. This is
         * a physical PCI adapter: the dump copy of this driver finds the same controller
         * through HwFindAdapter in dump mode and needs nothing from the running copy, so
         * the request is refused (the feature flag for it is not set either). */
        status = SRB_STATUS_INVALID_REQUEST;
        break;

    default:
        status = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    StorPhbaCompleteSrb(ext, Srb, status);
    return FALSE;
}

/* ======================================================================================
 * HwStartIo
 *
 * The port holds StartIoLock. EXECUTE_SCSI takes a tag and a ring slot and rings the
 * doorbell; the reset functions use the BUS_RESET / TARGET_RESET registers (spec section 10).
 * Both touch state HwInterrupt and the DPC share, so they run under InterruptLock; whatever
 * has to be completed is completed after it is released.
 * ====================================================================================== */

/* The queue of the channel StorPort passes the request in (queue 0 with a single queue). */
static PSTORPHBA_QUEUE StorPhbaQueueFor(PSTORPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
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

/* SRB_FUNCTION_EXECUTE_SCSI, prepared by HwBuildIo, on its channel's queue. */
static VOID StorPhbaStartExecuteScsi(PSTORPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PSTORPHBA_SRB_EXTENSION srbExt = StorPhbaSrbExtension(Srb);
    PSTORPHBA_QUEUE queue;
    STORPHBA_LOCK lock;
    UCHAR status = SRB_STATUS_PENDING;

    if (srbExt == NULL || srbExt->PreparedSrb != Srb) {
        /* A port that skipped HwBuildIo: prepare the request here (nothing in it needs the
         * lock the port holds, it only costs time under it). */
        StorPortDebugPrint(STORPHBA_PRINT_INFO, "storphba: HwStartIo got an SRB HwBuildIo did not prepare\n");
        if (!StorPhbaBuildExecuteScsi(Ext, Srb))
            return;             /* completed there */
        srbExt = StorPhbaSrbExtension(Srb);
    }
    srbExt->PreparedSrb = NULL;

    queue = StorPhbaQueueFor(Ext, Srb);
    StorPhbaLockQueue(Ext, queue, &lock);
    if (!Ext->Running) {
        status = SRB_STATUS_NO_HBA;
    } else if (queue->Outstanding >= Ext->MaxOutstanding || queue->FreeCount == 0) {
        /* More than MaxNumberOfIO asked for: the port requeues a BUSY request. */
        __atomic_fetch_add(&Ext->BusyRejections, 1, __ATOMIC_RELAXED);     /* queues lock apart */
        status = SRB_STATUS_BUSY;
    } else {
        /* Bookkeeping first, then the descriptor, then the doorbell (spec section 12: the
         * controller may post the completion before the write returns; it is collected by
         * the DPC only after this lock is released). */
        srbExt->Request.Tag = StorPhbaAllocateSlot(queue, Srb);
        RtlCopyMemory(&queue->RequestRing[queue->RequestTail], &srbExt->Request, sizeof(PHBA_REQUEST_DESCRIPTOR));
        queue->RequestTail = (queue->RequestTail + 1) & Ext->RingMask;
        StorPhbaMemoryBarrier();
        StorPhbaWrite(Ext, StorPhbaQueueRegister(queue, PHBA_QUEUE_REQUEST_TAIL), queue->RequestTail);
    }
    StorPhbaUnlockQueue(Ext, queue, &lock);

    if (status == SRB_STATUS_BUSY)
        (VOID)StorPortBusy(Ext, 1);     /* hold further requests until one completes */
    if (status != SRB_STATUS_PENDING)
        StorPhbaCompleteSrb(Ext, Srb, status);
}

/* SRB_FUNCTION_RESET_BUS / RESET_DEVICE / RESET_LOGICAL_UNIT, every queue lock held. The
 * reset SRB itself is active, so the requests the reset ends are completed one by one instead
 * of sweeping the bus with StorPortCompleteRequest (which would take the reset SRB along). */
static VOID StorPhbaStartReset(PSTORPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    STORPHBA_LOCK locks[STORPHBA_MAX_QUEUES];
    STORPHBA_DONE_LIST done;
    ULONG reset;

    StorPhbaInitDoneList(&done);

    StorPhbaLockAll(Ext, locks);
    if (SrbGetSrbFunction(Srb) == SRB_FUNCTION_RESET_BUS)
        reset = StorPhbaResetBusLocked(Ext, SrbGetPathId(Srb), &done, FALSE);
    else if (Ext->Registers == NULL || Ext->Queues[0].RequestRing == NULL)
        reset = STORPHBA_RESET_NONE;
    else
        reset = StorPhbaResetTargetLocked(Ext, SrbGetPathId(Srb), SrbGetTargetId(Srb), &done);
    StorPhbaUnlockAll(Ext, locks);

    StorPhbaCompleteDone(Ext, &done);
    if (reset == STORPHBA_RESET_CONTROLLER || (reset == STORPHBA_RESET_BUS && SrbGetSrbFunction(Srb) == SRB_FUNCTION_RESET_BUS))
        StorPortNotification(ResetDetected, Ext);
    StorPhbaCompleteSrb(Ext, Srb, SRB_STATUS_SUCCESS);
}

static BOOLEAN StorPhbaHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)DeviceExtension;

    switch (SrbGetSrbFunction(Srb)) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        StorPhbaStartExecuteScsi(ext, Srb);
        break;

    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        StorPhbaStartReset(ext, Srb);
        break;

    default:
        /* HwBuildIo completes every other function; a port that skipped it gets the same
         * answers from here. */
        (VOID)StorPhbaHwBuildIo(ext, Srb);
        break;
    }
    return TRUE;
}

/* ======================================================================================
 * HwInterrupt and the completion DPC
 *
 * Spec section 9 (interrupt-driven and polled operation), 6 (consuming completions), 8
 * (completion meaning) and 11 (fatal errors). Normally HwInterrupt (InterruptLock held by
 * the port) only acknowledges and queues the DPC, which drains. In dump mode the same routine
 * is the port's polling target and does everything itself (spec section 15 step 4).
 * ====================================================================================== */

/* Dump mode: the interrupt sources are masked, so work is decided by COMPLETION_TAIL and
 * STATUS, not INTERRUPT_STATUS, which is only cleared as a courtesy. */
static BOOLEAN StorPhbaPolledInterrupt(PSTORPHBA_EXTENSION Ext)
{
    STORPHBA_DONE_LIST done;
    ULONG raw;
    ULONG tail;
    BOOLEAN fatal;
    BOOLEAN reset;

    raw = StorPhbaRead(Ext, PHBA_REG_INTERRUPT_STATUS);
    if (raw == MAXULONG)
        return FALSE;           /* the function does not decode (removed / decoding off) */
    tail = StorPhbaRead(Ext, PHBA_REG_COMPLETION_TAIL);
    fatal = (StorPhbaRead(Ext, PHBA_REG_STATUS) & PHBA_STATUS_FATAL) != 0;
    if ((raw & PHBA_INTERRUPT_ALL) == 0 && tail == Ext->Queues[0].CompletionHead && !fatal)
        return FALSE;
    if ((raw & PHBA_INTERRUPT_ALL) != 0)
        StorPhbaWrite(Ext, PHBA_REG_INTERRUPT_STATUS, raw & PHBA_INTERRUPT_ALL);

    /* One queue and no locks in dump mode: a recovery runs right here. */
    StorPhbaInitDoneList(&done);
    reset = StorPhbaServiceLocked(Ext, &Ext->Queues[0], &done, TRUE) && StorPhbaRecover(Ext, Ext->Recoveries, &done);
    StorPhbaCompleteDone(Ext, &done);
    if (reset)
        StorPortNotification(ResetDetected, Ext);
    return TRUE;
}

static BOOLEAN StorPhbaHwInterrupt(PVOID DeviceExtension)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)DeviceExtension;
    ULONG raw;
    ULONG pending;
    ULONG tail;

    if (ext->Registers == NULL || !ext->Running)
        return FALSE;
    if (StorPhbaIsDumpMode(ext))
        return StorPhbaPolledInterrupt(ext);

    raw = StorPhbaRead(ext, PHBA_REG_INTERRUPT_STATUS);
    if (raw == MAXULONG)
        return FALSE;           /* the function does not decode (removed / decoding off) */
    pending = raw & PHBA_INTERRUPT_ALL;
    tail = StorPhbaRead(ext, PHBA_REG_COMPLETION_TAIL);

    /* Not ours (the line may be shared): no event and nothing new in the ring. */
    if (pending == 0 && tail == ext->Queues[0].CompletionHead)
        return FALSE;

    /* Acknowledge now, so the level-triggered line drops before the DPC runs; an event
     * during the drain sets the bit (and raises the line) again. */
    if (pending != 0)
        StorPhbaWrite(ext, PHBA_REG_INTERRUPT_STATUS, pending);
    if ((pending & PHBA_INTERRUPT_ERROR) != 0)
        __atomic_store_n(&ext->RecoveryPending, TRUE, __ATOMIC_RELEASE);   /* the DPC checks STATUS.FATAL */

    /* FALSE only means the DPC was already queued; it drains by COMPLETION_TAIL, so it
     * picks up this interrupt's completions too. */
    (VOID)StorPortIssueDpc(ext, &ext->Queues[0].CompletionDpc, &ext->Queues[0], NULL);
    return TRUE;
}

/* MSI-X (several queues): message Q is queue Q's completions; message 0 also carries the
 * controller's fatal errors, so its routine reads and acknowledges INTERRUPT_STATUS.ERROR
 * (completions need no acknowledgement with messages). The port holds message Q's lock. */
static BOOLEAN StorPhbaHwMSInterrupt(PVOID DeviceExtension, ULONG MessageId)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)DeviceExtension;
    PSTORPHBA_QUEUE queue;

    if (ext->Registers == NULL || !ext->Running || StorPhbaIsDumpMode(ext))
        return FALSE;
    queue = MessageId < ext->QueueCount ? &ext->Queues[MessageId] : &ext->Queues[0];
    if (MessageId == 0) {
        ULONG raw = StorPhbaRead(ext, PHBA_REG_INTERRUPT_STATUS);
        if (raw == MAXULONG)
            return FALSE;       /* the function does not decode (removed / decoding off) */
        if ((raw & PHBA_INTERRUPT_ERROR) != 0) {
            StorPhbaWrite(ext, PHBA_REG_INTERRUPT_STATUS, PHBA_INTERRUPT_ERROR);
            __atomic_store_n(&ext->RecoveryPending, TRUE, __ATOMIC_RELEASE);
        }
    }
    (VOID)StorPortIssueDpc(ext, &queue->CompletionDpc, queue, NULL);
    return TRUE;
}

/* A queue's completion DPC (no lock held by the port; SystemArgument1 is the queue): its
 * DpcLock for the routine, the queue's lock for its ring and tag table, nothing of ours while
 * the SRBs are reported; a recovery it finds needed runs with every queue lock. */
static VOID StorPhbaCompletionDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1,
                                  PVOID SystemArgument2)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)HwDeviceExtension;
    PSTORPHBA_QUEUE queue = SystemArgument1 != NULL ? (PSTORPHBA_QUEUE)SystemArgument1 : &ext->Queues[0];
    STOR_LOCK_HANDLE dpcLock;
    STORPHBA_LOCK lock;
    STORPHBA_DONE_LIST done;
    BOOLEAN broken;
    BOOLEAN reset = FALSE;
    ULONG seen;

    UNREFERENCED_PARAMETER(SystemArgument2);

    StorPhbaInitDoneList(&done);

    StorPortAcquireSpinLock(ext, DpcLock, Dpc, &dpcLock);
    StorPhbaLockQueue(ext, queue, &lock);
    seen = ext->Recoveries;
    broken = StorPhbaServiceLocked(ext, queue, &done, FALSE);
    StorPhbaUnlockQueue(ext, queue, &lock);
    StorPhbaCompleteDone(ext, &done);
    if (broken) {
        reset = StorPhbaRecover(ext, seen, &done);
        StorPhbaCompleteDone(ext, &done);
    }
    StorPortReleaseSpinLock(ext, &dpcLock);

    if (reset)
        StorPortNotification(ResetDetected, ext);
}

/* ======================================================================================
 * HwResetBus
 *
 * The port calls it to clear an error condition - typically a request that timed out, as a
 * command the controller holds ends only through a reset (spec section 14 "HwResetBus",
 * section 10 "Bus reset"). The port has paused I/O and holds StartIoLock (full duplex), so
 * this routine takes every queue lock for the rings and leaves the requests still in the tag
 * table to StorPortCompleteRequest. In dump mode every request is completed individually.
 * ====================================================================================== */

static BOOLEAN StorPhbaHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)DeviceExtension;
    BOOLEAN sweep = !StorPhbaIsDumpMode(ext);
    STORPHBA_LOCK locks[STORPHBA_MAX_QUEUES];
    STORPHBA_DONE_LIST done;
    ULONG reset;
    ULONG bus;

    StorPhbaInitDoneList(&done);

    StorPhbaLockAll(ext, locks);
    reset = StorPhbaResetBusLocked(ext, PathId, &done, sweep);
    StorPhbaUnlockAll(ext, locks);

    /* Genuine completions (including the BUS_RESET completions the reset produced) first,
     * then the sweep of whatever the controller still held. */
    StorPhbaCompleteDone(ext, &done);
    if (sweep) {
        if (reset == STORPHBA_RESET_CONTROLLER) {
            for (bus = 0; bus < ext->CapBuses; bus++)
                StorPortCompleteRequest(ext, (UCHAR)bus, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
        } else {
            StorPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
        }
    }
    if (reset != STORPHBA_RESET_NONE)
        StorPortNotification(ResetDetected, ext);
    return TRUE;
}

/* ======================================================================================
 * HwAdapterControl
 *
 * Stop (power down / PnP stop) and restart (power up), plus the boot/running configuration
 * calls, which this controller needs nothing for. The port holds no lock (see README.md on
 * the Windows documentation's two answers to this), so the shared state is reached under
 * InterruptLock as elsewhere.
 * ====================================================================================== */

/* Quiesce: mask interrupts, give commands still in the controller a bounded time to complete
 * (polling, stalling between polls without holding the lock, so virtual time advances), then
 * reset the controller and give back whatever is left with SRB_STATUS_BUS_RESET. StorPort
 * normally stops an adapter only once its queues are empty, so this rarely waits. */
static VOID StorPhbaStopController(PSTORPHBA_EXTENSION Ext)
{
    STORPHBA_LOCK locks[STORPHBA_MAX_QUEUES];
    STORPHBA_LOCK lock;
    STORPHBA_DONE_LIST done;
    ULONG waited = 0;
    ULONG outstanding;
    BOOLEAN broken;
    ULONG seen;
    ULONG q;

    StorPhbaLockAll(Ext, locks);
    if (Ext->Running)
        StorPhbaWrite(Ext, PHBA_REG_INTERRUPT_MASK, PHBA_INTERRUPT_ALL);
    outstanding = StorPhbaOutstanding(Ext);
    StorPhbaUnlockAll(Ext, locks);

    while (outstanding != 0 && waited < STORPHBA_STOP_DRAIN_TIMEOUT_US) {
        outstanding = 0;
        for (q = 0; q < Ext->QueueCount; q++) {
            PSTORPHBA_QUEUE queue = &Ext->Queues[q];
            StorPhbaInitDoneList(&done);
            StorPhbaLockQueue(Ext, queue, &lock);
            seen = Ext->Recoveries;
            broken = StorPhbaServiceLocked(Ext, queue, &done, TRUE);
            outstanding += Ext->Running ? queue->Outstanding : 0;
            StorPhbaUnlockQueue(Ext, queue, &lock);
            StorPhbaCompleteDone(Ext, &done);
            if (broken && StorPhbaRecover(Ext, seen, &done)) {
                StorPhbaCompleteDone(Ext, &done);
                StorPortNotification(ResetDetected, Ext);
            }
        }
        if (outstanding == 0)
            break;
        StorPortStallExecution(STORPHBA_POLL_INTERVAL_US);
        waited += STORPHBA_POLL_INTERVAL_US;
    }

    StorPhbaInitDoneList(&done);
    StorPhbaLockAll(Ext, locks);
    StorPhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);
    Ext->Running = FALSE;
    Ext->RecoveryPending = FALSE;
    StorPhbaTakeOutstanding(Ext, STORPHBA_ANY, STORPHBA_ANY, &done, FALSE);
    StorPhbaUnlockAll(Ext, locks);

    StorPhbaCompleteDone(Ext, &done);
}

/* Power up again: reprogram everything, as after a power loss. */
static BOOLEAN StorPhbaRestartController(PSTORPHBA_EXTENSION Ext)
{
    STORPHBA_LOCK locks[STORPHBA_MAX_QUEUES];
    STORPHBA_DONE_LIST done;
    BOOLEAN started;
    ULONG q;

    StorPhbaInitDoneList(&done);
    StorPhbaLockAll(Ext, locks);
    StorPhbaTakeOutstanding(Ext, STORPHBA_ANY, STORPHBA_ANY, &done, FALSE);
    for (q = 0; q < Ext->QueueCount; q++)
        StorPhbaResetTagTable(Ext, &Ext->Queues[q]);
    started = StorPhbaStartController(Ext);
    StorPhbaUnlockAll(Ext, locks);

    StorPhbaCompleteDone(Ext, &done);
    return started;
}

static SCSI_ADAPTER_CONTROL_STATUS StorPhbaHwAdapterControl(PVOID DeviceExtension,
                                                            SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                            PVOID Parameters)
{
    PSTORPHBA_EXTENSION ext = (PSTORPHBA_EXTENSION)DeviceExtension;

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
        if (ext->Registers != NULL && ext->Queues[0].RequestRing != NULL)
            StorPhbaStopController(ext);
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        if (ext->Registers == NULL || ext->Queues[0].RequestRing == NULL)
            return ScsiAdapterControlUnsuccessful;
        return StorPhbaRestartController(ext) ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;

    case ScsiSetBootConfig:
    case ScsiSetRunningConfig:
        /* The PCI function keeps its configuration across stop and restart; the rings are
         * reprogrammed by ScsiRestartAdapter. Nothing to switch. */
        return ScsiAdapterControlSuccess;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
