/*
 * phba.c - a SCSI Port miniport for the SDK's emulated PCI SCSI host bus adapter ("PHBA").
 *
 * Written from docs/hba-spec.md (interface 1.0) alone. The controller exchanges work with the
 * driver through two rings in DMA memory: 64-byte request descriptors that the driver
 * produces (doorbell: REQUEST_TAIL) and 16-byte completion descriptors that the controller
 * produces (the driver hands slots back through COMPLETION_HEAD). See README.md in this
 * directory for a walk through the design and for which spec section each routine follows.
 *
 * Layout of this file, one section per SCSI Port entry point:
 *
 *     common definitions and helpers (registers, tag table, controller start/stop)
 *     DriverEntry
 *     HwFindAdapter
 *     HwInitialize
 *     HwStartIo
 *     HwInterrupt (and the polled service routine used in dump mode)
 *     HwResetBus (and the fatal-error recovery it shares with the interrupt path)
 *     HwAdapterControl
 *
 * Concurrency model: SCSI Port serialises HwStartIo, HwInterrupt, HwResetBus and
 * HwAdapterControl against each other, so the device extension needs no lock. The emulated
 * controller completes most commands *inside* the doorbell write and raises its interrupt
 * line during that write; SCSI Port delivers the interrupt once the running routine returns
 * (spec section 12). Every routine nevertheless finishes its bookkeeping before writing a
 * register that can post completions and never touches an SRB after handing it to the
 * controller, and a port that did call HwInterrupt from within such a register write would
 * be tolerated too (see PHBA_EXTENSION.Busy).
 *
 * Build (from the repository root): plain cc with -I CMiniportABI/include, this file and
 * the import stub's C files (CMiniportABI/stub); the exact command is in README.md.
 */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>

#include "phba.h"

/* ======================================================================================
 * Common definitions
 * ====================================================================================== */

/* Ring size for normal operation: the tag table in the device extension has this many
 * entries, so N is min(CAP_QUEUE_DEPTH, this), rounded down to a power of two. */
#define PHBA_MAX_RING_ENTRIES       256
/* Ring size in crash-dump / hibernation mode (spec 15.2: one request at a time). */
#define PHBA_DUMP_RING_ENTRIES      8

/* Scatter/gather entries per request: the list lives in the SRB extension. 256 entries of
 * 4 KiB pages allow just under 1 MiB per request, and 255 breaks is also SCSI Port's own
 * ceiling (SCSI_MAXIMUM_PHYSICAL_BREAKS). */
#define PHBA_MAX_SG_ENTRIES         256
/* The granularity assumed for the pieces ScsiPortGetPhysicalAddress returns. */
#define PHBA_PAGE_SIZE              0x1000

/* TAG = sequence number (bits 31:16) | tag-table slot (bits 15:0). Each slot's sequence
 * number advances every time the slot is reused, so a completion that arrives for a request
 * the driver already gave up on (after a reset) never matches the slot's current owner. */
#define PHBA_TAG_SLOT_MASK          0x0000FFFF
#define PHBA_TAG_SEQUENCE_SHIFT     16
#define PHBA_MAKE_TAG(Sequence, Slot) \
    (((ULONG)(Sequence) << PHBA_TAG_SEQUENCE_SHIFT) | ((ULONG)(Slot) & PHBA_TAG_SLOT_MASK))

/* Polling (spec 15.5 and 12: stall between polls, give up after a bounded time). */
#define PHBA_POLL_INTERVAL_US       100
#define PHBA_STOP_DRAIN_TIMEOUT_US  2000000

/* "Any bus / any target" for the routines that fail requests by address. */
#define PHBA_ANY                    MAXULONG

/* UniqueId values for ScsiPortLogError: 'P' 'H' in the top bytes, a site number in bits 15:8
 * and a detail (controller error code, HBA status, ...) in bits 7:0. */
#define PHBA_LOG_ID(Site, Detail)   (0x50480000U | (((ULONG)(Site) & 0xFF) << 8) | ((ULONG)(Detail) & 0xFF))
#define PHBA_SITE_FATAL_INTERRUPT   0x01    /* FATAL noticed by HwInterrupt / polling */
#define PHBA_SITE_FATAL_RESET       0x02    /* FATAL noticed by a reset path */
#define PHBA_SITE_RESTART_FAILED    0x03    /* controller would not become READY again */
#define PHBA_SITE_INVALID_REQUEST   0x04    /* completion with HBA status INVALID_REQUEST */
#define PHBA_SITE_DMA_ERROR         0x05    /* completion with HBA status DMA_ERROR */
#define PHBA_SITE_UNKNOWN_STATUS    0x06    /* completion with an HBA status we do not know */
#define PHBA_SITE_SG_OVERFLOW       0x07    /* data buffer needed more SG entries than allowed */
#define PHBA_SITE_NO_PHYSICAL       0x08    /* ScsiPortGetPhysicalAddress could not translate */
#define PHBA_SITE_BAD_RESIDUAL      0x09    /* residual larger than the transfer */
#define PHBA_SITE_RING_INDEX        0x0A    /* COMPLETION_TAIL out of range */

/* Debug output goes to the port through ScsiDebugPrint (no printf in a miniport). */
#define PHBA_PRINT_ERROR            0
#define PHBA_PRINT_INFO             1
#define PHBA_PRINT_TRACE            3

/* Full memory barrier: descriptor stores must be visible to the device before the doorbell,
 * and completion loads must not be satisfied before COMPLETION_TAIL was read. (On Windows
 * this is KeMemoryBarrier / the implicit barrier of WRITE_REGISTER_ULONG.) */
#define PhbaMemoryBarrier()         __atomic_thread_fence(__ATOMIC_SEQ_CST)

/* Per-request state kept in the SRB extension. The scatter/gather list is first, so it sits
 * at the start of the port-allocated block; its physical address comes from
 * ScsiPortGetPhysicalAddress(ext, NULL, list, &length) (an SRB extension address is
 * translated with Srb = NULL, as the WDK documents). */
typedef struct _PHBA_SRB_EXTENSION {
    PHBA_SG_ENTRY SgList[PHBA_MAX_SG_ENTRIES];
    ULONG Tag;                  /* TAG of the request (diagnostics) */
    ULONG Reserved;
} PHBA_SRB_EXTENSION, *PPHBA_SRB_EXTENSION;

/* One entry of the tag table: which SRB owns a slot, under which TAG, and how many bytes
 * were announced to the controller (TRANSFER_LENGTH), for the residual arithmetic. */
typedef struct _PHBA_TAG_ENTRY {
    PSCSI_REQUEST_BLOCK Srb;    /* NULL while the slot is free */
    ULONG Tag;
    ULONG TransferLength;
} PHBA_TAG_ENTRY, *PPHBA_TAG_ENTRY;

/* The device extension: everything the driver knows about one adapter. */
typedef struct _PHBA_EXTENSION {
    /* register access */
    PUCHAR Registers;           /* ScsiPortGetDeviceBase mapping of BAR0 (or BAR1) */
    BOOLEAN PortIo;             /* TRUE: Registers is BAR1, use the ScsiPort*Port* accessors */

    /* mode and state */
    BOOLEAN DumpMode;           /* crash-dump / hibernation copy: polled, interrupts masked */
    BOOLEAN Running;            /* rings programmed and the controller READY */
    BOOLEAN NextRequestOwed;    /* held back NextRequest because the ring was full */
    BOOLEAN ErrorPending;       /* a nested HwInterrupt saw INTERRUPT_STATUS.ERROR */
    UCHAR Reserved0[3];
    ULONG Busy;                 /* > 0 while draining or recovering (re-entrancy guard) */

    /* capabilities (spec section 4) */
    ULONG CapBuses;
    ULONG CapTargets;
    ULONG CapLuns;
    ULONG CapQueueDepth;
    ULONG CapMaxTransfer;
    ULONG CapMaxSgEntries;

    /* what this driver chose */
    ULONG RingEntries;          /* N */
    ULONG RingMask;             /* N - 1 */
    ULONG MaxOutstanding;       /* N - 1: never more requests than that between doorbell
                                   and reading their completion (spec section 6) */
    ULONG SgEntries;            /* per-request SG entry limit */
    ULONG MaxTransfer;          /* ConfigInfo->MaximumTransferLength */

    /* the rings, in the uncached extension */
    PPHBA_REQUEST_DESCRIPTOR RequestRing;
    PPHBA_COMPLETION_DESCRIPTOR CompletionRing;
    ULONGLONG RequestRingPhysical;
    ULONGLONG CompletionRingPhysical;

    /* driver-side ring indices */
    ULONG RequestTail;          /* next request slot the driver fills */
    ULONG CompletionHead;       /* next completion slot the driver reads */

    /* tag table: slot -> SRB, with a stack of free slots */
    ULONG Outstanding;
    ULONG FreeCount;
    USHORT FreeSlots[PHBA_MAX_RING_ENTRIES];
    USHORT Sequence[PHBA_MAX_RING_ENTRIES];
    PHBA_TAG_ENTRY Tags[PHBA_MAX_RING_ENTRIES];

    /* counters for diagnostics */
    ULONG StaleCompletions;
    ULONG Recoveries;
} PHBA_EXTENSION, *PPHBA_EXTENSION;

/* The identity strings SCSI Port matches PCI functions against (4 hex digits, as the WDK). */
static CHAR PhbaVendorIdString[] = "6D70";
static CHAR PhbaDeviceIdString[] = "5343";

C_ASSERT(PHBA_MAX_RING_ENTRIES <= PHBA_TAG_SLOT_MASK + 1);
C_ASSERT((PHBA_MAX_RING_ENTRIES & (PHBA_MAX_RING_ENTRIES - 1)) == 0);
C_ASSERT((PHBA_DUMP_RING_ENTRIES & (PHBA_DUMP_RING_ENTRIES - 1)) == 0);
C_ASSERT(FIELD_OFFSET(PHBA_SRB_EXTENSION, SgList) == 0);

/* Entry points (the port calls these through HW_INITIALIZATION_DATA). */
ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);
static ULONG PhbaHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                               PBOOLEAN Again);
static BOOLEAN PhbaHwInitialize(PVOID DeviceExtension);
static BOOLEAN PhbaHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
static BOOLEAN PhbaHwInterrupt(PVOID DeviceExtension);
static BOOLEAN PhbaHwResetBus(PVOID DeviceExtension, ULONG PathId);
static SCSI_ADAPTER_CONTROL_STATUS PhbaHwAdapterControl(PVOID DeviceExtension,
                                                        SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                        PVOID Parameters);

/* Shared helpers defined further down. */
static BOOLEAN PhbaDrainCompletions(PPHBA_EXTENSION Ext);
static BOOLEAN PhbaServiceController(PPHBA_EXTENSION Ext, BOOLEAN Polled);
static VOID PhbaRecoverController(PPHBA_EXTENSION Ext, BOOLEAN UsePortSweep, ULONG UniqueId);

/* ---- register access: 32-bit accesses only (spec section 3) ---- */

static ULONG PhbaRead(PPHBA_EXTENSION Ext, ULONG Offset)
{
    PULONG address = (PULONG)(Ext->Registers + Offset);
    return Ext->PortIo ? ScsiPortReadPortUlong(address) : ScsiPortReadRegisterUlong(address);
}

static VOID PhbaWrite(PPHBA_EXTENSION Ext, ULONG Offset, ULONG Value)
{
    PULONG address = (PULONG)(Ext->Registers + Offset);
    if (Ext->PortIo)
        ScsiPortWritePortUlong(address, Value);
    else
        ScsiPortWriteRegisterUlong(address, Value);
}

static ULONG PhbaMin(ULONG A, ULONG B)
{
    return A < B ? A : B;
}

/* Largest power of two that is <= Value (0 for 0). */
static ULONG PhbaFloorPowerOfTwo(ULONG Value)
{
    ULONG result = 1;
    if (Value == 0)
        return 0;
    while (result <= Value / 2)
        result <<= 1;
    return result;
}

/* ---- tag table ---- */

/* Forget every slot (the caller has completed or will complete their SRBs). Sequence
 * numbers are kept, so late completions for the forgotten tags still do not match. */
static VOID PhbaResetTagTable(PPHBA_EXTENSION Ext)
{
    ULONG slot;

    Ext->FreeCount = 0;
    for (slot = Ext->RingEntries; slot > 0; slot--) {
        Ext->Tags[slot - 1].Srb = NULL;
        Ext->FreeSlots[Ext->FreeCount++] = (USHORT)(slot - 1);
    }
    Ext->Outstanding = 0;
}

/* Take a free slot and give it a new TAG. The caller has checked Outstanding. */
static ULONG PhbaAllocateSlot(PPHBA_EXTENSION Ext, PULONG Tag)
{
    ULONG slot = Ext->FreeSlots[--Ext->FreeCount];
    Ext->Sequence[slot]++;
    *Tag = PHBA_MAKE_TAG(Ext->Sequence[slot], slot);
    return slot;
}

/* Release the slot of a request the driver is done with. */
static VOID PhbaReleaseSlot(PPHBA_EXTENSION Ext, ULONG Slot)
{
    Ext->Tags[Slot].Srb = NULL;
    Ext->FreeSlots[Ext->FreeCount++] = (USHORT)Slot;
    Ext->Outstanding--;
}

/* ---- NextRequest bookkeeping ---- */

/* The port hands HwStartIo a new request only after NextRequest/NextLuRequest. While the
 * ring is full (N - 1 outstanding) the notification is held back and sent by the first
 * completion that frees a slot. */
static VOID PhbaAskForNextRequest(PPHBA_EXTENSION Ext)
{
    if (Ext->Outstanding < Ext->MaxOutstanding) {
        Ext->NextRequestOwed = FALSE;
        ScsiPortNotification(NextRequest, Ext);
    } else {
        Ext->NextRequestOwed = TRUE;
    }
}

static VOID PhbaSendOwedNextRequest(PPHBA_EXTENSION Ext)
{
    if (Ext->NextRequestOwed && Ext->Outstanding < Ext->MaxOutstanding) {
        Ext->NextRequestOwed = FALSE;
        ScsiPortNotification(NextRequest, Ext);
    }
}

/* Complete an SRB the driver still owns (never handed to the controller, or taken back). */
static VOID PhbaCompleteSrb(PPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR SrbStatus)
{
    Srb->SrbStatus = SrbStatus;
    ScsiPortNotification(RequestComplete, Ext, Srb);
}

/*
 * Give back every request in the tag table that matches Path/Target (PHBA_ANY matches all)
 * with SrbStatus. Two ways, as the caller's context allows:
 *   UsePortSweep = TRUE: ScsiPortCompleteRequest does the completing (HwResetBus and the
 *     interrupt path, as the spec's section 14 recommends); the table is then just cleared.
 *   UsePortSweep = FALSE: each SRB gets its own RequestComplete. Used where an SRB the port
 *     considers active must not be swept along (a reset SRB inside HwStartIo), and in dump
 *     mode, where a minimal dump port should only ever see RequestComplete.
 */
static VOID PhbaFailOutstanding(PPHBA_EXTENSION Ext, ULONG Path, ULONG Target,
                                BOOLEAN UsePortSweep, UCHAR SrbStatus)
{
    ULONG slot;
    ULONG bus;

    if (UsePortSweep) {
        if (Path == PHBA_ANY) {
            /* One call per bus: correct whether or not the port treats PathId 0xFF as "all". */
            for (bus = 0; bus < Ext->CapBuses; bus++)
                ScsiPortCompleteRequest(Ext, (UCHAR)bus, SP_UNTAGGED, SP_UNTAGGED, SrbStatus);
        } else {
            ScsiPortCompleteRequest(Ext, (UCHAR)Path,
                                    Target == PHBA_ANY ? SP_UNTAGGED : (UCHAR)Target,
                                    SP_UNTAGGED, SrbStatus);
        }
    }

    for (slot = 0; slot < Ext->RingEntries; slot++) {
        PSCSI_REQUEST_BLOCK srb = Ext->Tags[slot].Srb;
        if (srb == NULL)
            continue;
        if (Path != PHBA_ANY && srb->PathId != Path)
            continue;
        if (Target != PHBA_ANY && srb->TargetId != Target)
            continue;
        PhbaReleaseSlot(Ext, slot);
        if (!UsePortSweep) {
            srb->ScsiStatus = SCSISTAT_GOOD;
            PhbaCompleteSrb(Ext, srb, SrbStatus);
        }
    }
}

/* ---- controller start and stop ---- */

/*
 * Bring the controller from any state to ENABLED with empty rings (spec sections 5, 6, 13):
 * CONTROL.RESET (the only way out of FATAL; drops everything in flight and masks
 * interrupts), program both ring bases and RING_ENTRIES, clear stale interrupt status, set
 * ENABLE, check READY, then unmask both sources - except in dump mode, where the mask stays
 * 0x3 and the port polls (spec section 15). The caller has already dealt with any SRBs the
 * controller still held.
 */
static BOOLEAN PhbaStartController(PPHBA_EXTENSION Ext)
{
    ULONG status;

    Ext->Running = FALSE;
    PhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);

    RtlZeroMemory(Ext->RequestRing, Ext->RingEntries * sizeof(PHBA_REQUEST_DESCRIPTOR));
    RtlZeroMemory(Ext->CompletionRing, Ext->RingEntries * sizeof(PHBA_COMPLETION_DESCRIPTOR));
    Ext->RequestTail = 0;
    Ext->CompletionHead = 0;
    Ext->ErrorPending = FALSE;
    PhbaMemoryBarrier();

    PhbaWrite(Ext, PHBA_REG_REQUEST_RING_LOW, (ULONG)Ext->RequestRingPhysical);
    PhbaWrite(Ext, PHBA_REG_REQUEST_RING_HIGH, (ULONG)(Ext->RequestRingPhysical >> 32));
    PhbaWrite(Ext, PHBA_REG_COMPLETION_RING_LOW, (ULONG)Ext->CompletionRingPhysical);
    PhbaWrite(Ext, PHBA_REG_COMPLETION_RING_HIGH, (ULONG)(Ext->CompletionRingPhysical >> 32));
    PhbaWrite(Ext, PHBA_REG_RING_ENTRIES, Ext->RingEntries);
    PhbaWrite(Ext, PHBA_REG_INTERRUPT_STATUS, PHBA_INTERRUPT_ALL);
    PhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_ENABLE);

    status = PhbaRead(Ext, PHBA_REG_STATUS);
    if ((status & (PHBA_STATUS_READY | PHBA_STATUS_FATAL)) != PHBA_STATUS_READY) {
        ULONG error = PhbaRead(Ext, PHBA_REG_ERROR);
        ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: controller not READY after enable (STATUS %#x, ERROR %u)\n",
                       (unsigned)status, (unsigned)error);
        ScsiPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR,
                         PHBA_LOG_ID(PHBA_SITE_RESTART_FAILED, error));
        /* Leave it reset: masked, disabled, nothing in flight. */
        PhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);
        return FALSE;
    }

    PhbaWrite(Ext, PHBA_REG_INTERRUPT_MASK, Ext->DumpMode ? PHBA_INTERRUPT_ALL : 0);
    Ext->Running = TRUE;
    return TRUE;
}

/* Quiesce: mask interrupts, give outstanding commands a bounded time to complete (polling,
 * with stalls so that virtual time advances), then reset the controller and complete
 * whatever is left. Used by ScsiStopAdapter. */
static VOID PhbaStopController(PPHBA_EXTENSION Ext)
{
    ULONG waited = 0;

    if (Ext->Running) {
        PhbaWrite(Ext, PHBA_REG_INTERRUPT_MASK, PHBA_INTERRUPT_ALL);
        while (Ext->Outstanding != 0 && Ext->Running && waited < PHBA_STOP_DRAIN_TIMEOUT_US) {
            (VOID)PhbaServiceController(Ext, TRUE);
            if (Ext->Outstanding == 0)
                break;
            ScsiPortStallExecution(PHBA_POLL_INTERVAL_US);
            waited += PHBA_POLL_INTERVAL_US;
        }
    }

    PhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);
    Ext->Running = FALSE;
    if (Ext->Outstanding != 0)
        PhbaFailOutstanding(Ext, PHBA_ANY, PHBA_ANY, FALSE, SRB_STATUS_BUS_RESET);
}

/* ======================================================================================
 * DriverEntry
 *
 * Describe the miniport to SCSI Port: a PCI bus-master adapter with two access ranges
 * (BAR0 memory, BAR1 I/O), tagged queuing, several requests per LU, autosense done by the
 * adapter, and physical addresses for every buffer (spec section 14, "DriverEntry").
 * ====================================================================================== */

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA hwInitData;

    RtlZeroMemory(&hwInitData, sizeof(hwInitData));
    hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
    hwInitData.AdapterInterfaceType = PCIBus;

    hwInitData.HwFindAdapter = PhbaHwFindAdapter;
    hwInitData.HwInitialize = PhbaHwInitialize;
    hwInitData.HwStartIo = PhbaHwStartIo;
    hwInitData.HwInterrupt = PhbaHwInterrupt;
    hwInitData.HwResetBus = PhbaHwResetBus;
    hwInitData.HwAdapterControl = PhbaHwAdapterControl;

    hwInitData.DeviceExtensionSize = sizeof(PHBA_EXTENSION);
    hwInitData.SpecificLuExtensionSize = 0;
    hwInitData.SrbExtensionSize = sizeof(PHBA_SRB_EXTENSION);
    hwInitData.NumberOfAccessRanges = 2;

    hwInitData.MapBuffers = FALSE;              /* the controller needs physical addresses only */
    hwInitData.NeedPhysicalAddresses = TRUE;
    hwInitData.TaggedQueuing = TRUE;
    hwInitData.AutoRequestSense = TRUE;
    hwInitData.MultipleRequestPerLu = TRUE;
    hwInitData.ReceiveEvent = FALSE;

    hwInitData.VendorId = PhbaVendorIdString;
    hwInitData.VendorIdLength = (USHORT)(sizeof(PhbaVendorIdString) - 1);
    hwInitData.DeviceId = PhbaDeviceIdString;
    hwInitData.DeviceIdLength = (USHORT)(sizeof(PhbaDeviceIdString) - 1);

    return ScsiPortInitialize(DriverObject, RegistryPath, &hwInitData, NULL);
}

/* ======================================================================================
 * HwFindAdapter
 *
 * Spec section 14 steps 1-7, section 15 step 1-2 in dump mode: locate and map the register
 * block, identify the controller by MAGIC/VERSION, read the capabilities, reset it, fill
 * ConfigInfo and allocate the rings from the uncached extension.
 * ====================================================================================== */

static CHAR PhbaLowerCase(CHAR C)
{
    return (C >= 'A' && C <= 'Z') ? (CHAR)(C - 'A' + 'a') : C;
}

static BOOLEAN PhbaIsArgumentSeparator(CHAR C)
{
    return C == ' ' || C == '\t' || C == ';' || C == ',';
}

/* TRUE if ArgumentString holds "Key=<value>" with a value other than 0 (keys compare
 * case-insensitively; tokens are separated by blanks, ';' or ','). The dump port passes
 * "dump=1"; "hiber=1" is accepted as well. */
static BOOLEAN PhbaArgumentIsSet(PCHAR ArgumentString, const CHAR *Key)
{
    PCHAR cursor = ArgumentString;

    if (cursor == NULL)
        return FALSE;

    while (*cursor != '\0') {
        PCHAR token;
        PCHAR end;
        ULONG i = 0;

        while (*cursor != '\0' && PhbaIsArgumentSeparator(*cursor))
            cursor++;
        token = cursor;
        while (*cursor != '\0' && !PhbaIsArgumentSeparator(*cursor))
            cursor++;
        end = cursor;

        while (Key[i] != '\0' && token + i < end && PhbaLowerCase(token[i]) == Key[i])
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

/* Optional PCI sanity check (spec section 14 step 2). The IDs and class code are
 * configurable per machine, so they are only reported; the function is rejected only if it
 * reads as absent. Memory/I/O decoding and bus mastering are switched on if firmware left
 * them off. Returns FALSE if nothing answers in the slot. */
static BOOLEAN PhbaCheckPciFunction(PPHBA_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                    USHORT NeededCommandBits)
{
    PCI_COMMON_CONFIG pci;
    ULONG length;

    RtlZeroMemory(&pci, sizeof(pci));
    length = ScsiPortGetBusData(Ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber,
                                ConfigInfo->SlotNumber, &pci, (ULONG)PCI_COMMON_HDR_LENGTH);
    if (length < 4)
        return TRUE;            /* the port offers no configuration access: nothing to check */
    if (pci.VendorID == PCI_INVALID_VENDORID)
        return FALSE;

    if (length >= 0x0C && (pci.BaseClass != PCI_CLASS_MASS_STORAGE_CTLR ||
                           pci.SubClass != PCI_SUBCLASS_MSC_SCSI_BUS_CTLR)) {
        ScsiDebugPrint(PHBA_PRINT_INFO, "phba: PCI %04x:%04x has class %02x%02x; identifying by MAGIC\n",
                       pci.VendorID, pci.DeviceID, pci.BaseClass, pci.SubClass);
    }

    if (length >= 6 && (pci.Command & NeededCommandBits) != NeededCommandBits) {
        USHORT command = (USHORT)(pci.Command | NeededCommandBits);
        ScsiDebugPrint(PHBA_PRINT_INFO, "phba: PCI command %#06x lacks %#06x; enabling\n",
                       pci.Command, NeededCommandBits);
        (VOID)ScsiPortSetBusDataByOffset(Ext, PCIConfiguration, ConfigInfo->SystemIoBusNumber,
                                         ConfigInfo->SlotNumber, &command,
                                         (ULONG)FIELD_OFFSET(PCI_COMMON_CONFIG, Command), sizeof(command));
    }
    return TRUE;
}

/* Map one access range and check MAGIC and the VERSION major through it. */
static ULONG PhbaMapAndIdentify(PPHBA_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                PACCESS_RANGE Range, ULONG Length, BOOLEAN InIoSpace)
{
    PVOID base;
    ULONG magic;
    ULONG version;

    base = ScsiPortGetDeviceBase(Ext, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber,
                                 Range->RangeStart, Length, InIoSpace);
    if (base == NULL)
        return SP_RETURN_ERROR;

    Ext->Registers = (PUCHAR)base;
    Ext->PortIo = InIoSpace;

    magic = PhbaRead(Ext, PHBA_REG_MAGIC);
    version = PhbaRead(Ext, PHBA_REG_VERSION);
    if (magic == PHBA_MAGIC && PHBA_VERSION_MAJOR(version) == PHBA_SUPPORTED_MAJOR_VERSION) {
        if (PHBA_VERSION_MINOR(version) != 0)
            ScsiDebugPrint(PHBA_PRINT_INFO, "phba: interface version %u.%u (driver written for 1.0)\n",
                           (unsigned)(PHBA_VERSION_MAJOR(version)), (unsigned)(PHBA_VERSION_MINOR(version)));
        return SP_RETURN_FOUND;
    }

    ScsiDebugPrint(PHBA_PRINT_INFO, "phba: not our controller (MAGIC %#x, VERSION %#x)\n", (unsigned)magic,
                   (unsigned)version);
    ScsiPortFreeDeviceBase(Ext, base);
    Ext->Registers = NULL;
    Ext->PortIo = FALSE;
    return SP_RETURN_NOT_FOUND;
}

static ULONG PhbaHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                               PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                               PBOOLEAN Again)
{
    PPHBA_EXTENSION ext = (PPHBA_EXTENSION)DeviceExtension;
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
    SCSI_PHYSICAL_ADDRESS physical;
    ULONGLONG base;
    ULONG visibleTargets;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);

    *Again = FALSE;
    RtlZeroMemory(ext, sizeof(*ext));

    if (ConfigInfo->Length < sizeof(PORT_CONFIGURATION_INFORMATION))
        return SP_RETURN_BAD_CONFIG;

    ext->DumpMode = PhbaArgumentIsSet(ArgumentString, "dump") || PhbaArgumentIsSet(ArgumentString, "hiber");

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

    /* 2. PCI header (not on the dump path, whose port offers the bare minimum). */
    if (!ext->DumpMode) {
        USHORT needed = PCI_ENABLE_BUS_MASTER |
                        (memoryRange != NULL ? PCI_ENABLE_MEMORY_SPACE : PCI_ENABLE_IO_SPACE);
        if (!PhbaCheckPciFunction(ext, ConfigInfo, needed))
            return SP_RETURN_NOT_FOUND;
    }

    /* 3. Map BAR0 (memory accessors); fall back to BAR1 (port accessors) if BAR0 cannot be
     *    mapped or does not identify. Then MAGIC / VERSION. */
    if (memoryRange != NULL)
        result = PhbaMapAndIdentify(ext, ConfigInfo, memoryRange, PHBA_BAR0_LENGTH, FALSE);
    if (result != SP_RETURN_FOUND && ioRange != NULL)
        result = PhbaMapAndIdentify(ext, ConfigInfo, ioRange, PHBA_BAR1_LENGTH, TRUE);
    if (result != SP_RETURN_FOUND)
        return result;

    /* 4. Capabilities, then a controller reset: whatever state it is in (a crashed system
     *    may have left it enabled, busy or FATAL), it is now RESET with interrupts masked. */
    ext->CapBuses = PhbaRead(ext, PHBA_REG_CAP_BUSES);
    ext->CapTargets = PhbaRead(ext, PHBA_REG_CAP_TARGETS);
    ext->CapLuns = PhbaRead(ext, PHBA_REG_CAP_LUNS);
    ext->CapQueueDepth = PhbaRead(ext, PHBA_REG_CAP_QUEUE_DEPTH);
    ext->CapMaxTransfer = PhbaRead(ext, PHBA_REG_CAP_MAX_TRANSFER);
    ext->CapMaxSgEntries = PhbaRead(ext, PHBA_REG_CAP_MAX_SG_ENTRIES);

    if (ext->CapBuses == 0 || ext->CapTargets == 0 || ext->CapLuns == 0 ||
        ext->CapQueueDepth < PHBA_MIN_RING_ENTRIES || ext->CapMaxTransfer == 0) {
        ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: implausible capabilities (buses %u targets %u luns %u depth %u max %u)\n",
                       (unsigned)ext->CapBuses, (unsigned)ext->CapTargets, (unsigned)ext->CapLuns,
                       (unsigned)ext->CapQueueDepth, (unsigned)ext->CapMaxTransfer);
        return SP_RETURN_BAD_CONFIG;
    }
    ext->CapBuses = PhbaMin(ext->CapBuses, PHBA_MAX_BUSES);
    ext->CapTargets = PhbaMin(ext->CapTargets, PHBA_MAX_TARGETS);
    ext->CapLuns = PhbaMin(ext->CapLuns, PHBA_MAX_LUNS);
    ext->CapMaxSgEntries = PhbaMin(ext->CapMaxSgEntries, PHBA_MAX_SG_LIMIT);

    PhbaWrite(ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);

    /* Ring size N: a power of two within CAP_QUEUE_DEPTH and the tag table; small on the
     *    dump path (spec 15.2). At most N - 1 requests are ever outstanding. */
    ringLimit = ext->DumpMode ? PHBA_DUMP_RING_ENTRIES : PHBA_MAX_RING_ENTRIES;
    ext->RingEntries = PhbaFloorPowerOfTwo(PhbaMin(ext->CapQueueDepth, ringLimit));
    if (ext->RingEntries < PHBA_MIN_RING_ENTRIES)
        return SP_RETURN_BAD_CONFIG;
    ext->RingMask = ext->RingEntries - 1;
    ext->MaxOutstanding = ext->RingEntries - 1;

    /* Transfer geometry. Every piece ScsiPortGetPhysicalAddress returns is assumed to end
     * at a page boundary (except the last), so a buffer of L bytes needs at most
     * L / PAGE + 1 entries: E entries carry (E - 1) pages in the worst case. */
    ext->SgEntries = PhbaMin(ext->CapMaxSgEntries, PHBA_MAX_SG_ENTRIES);
    if (ext->SgEntries == 0)
        ext->SgEntries = 1;     /* no lists at all: only physically contiguous buffers */
    ext->MaxTransfer = ext->CapMaxTransfer;
    if (ext->SgEntries > 1)
        ext->MaxTransfer = PhbaMin(ext->MaxTransfer, (ext->SgEntries - 1) * PHBA_PAGE_SIZE);
    else
        ext->MaxTransfer = PhbaMin(ext->MaxTransfer, PHBA_PAGE_SIZE);

    /* 5. ConfigInfo. The controller has no SCSI ID of its own: an initiator ID at or beyond
     *    CAP_TARGETS hides no device. */
    visibleTargets = PhbaMin(ext->CapTargets, 255);
    ConfigInfo->MaximumTransferLength = ext->MaxTransfer;
    ConfigInfo->NumberOfPhysicalBreaks = ext->SgEntries - 1;
    ConfigInfo->AlignmentMask = 0;              /* pieces need no alignment (spec section 7) */
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->CachesData = FALSE;
    ConfigInfo->Dma32BitAddresses = TRUE;
    ConfigInfo->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;
    ConfigInfo->MapBuffers = FALSE;
    ConfigInfo->NeedPhysicalAddresses = TRUE;
    ConfigInfo->TaggedQueuing = TRUE;
    ConfigInfo->MultipleRequestPerLu = TRUE;
    ConfigInfo->AutoRequestSense = TRUE;
    ConfigInfo->ResetTargetSupported = TRUE;
    ConfigInfo->InterruptMode = LevelSensitive; /* INTA#, level-triggered (spec section 2) */
    ConfigInfo->NumberOfBuses = (UCHAR)ext->CapBuses;
    ConfigInfo->MaximumNumberOfTargets = (UCHAR)visibleTargets;
    ConfigInfo->MaximumNumberOfLogicalUnits = (UCHAR)PhbaMin(ext->CapLuns, 255);
    for (i = 0; i < RTL_NUMBER_OF(ConfigInfo->InitiatorBusId); i++)
        ConfigInfo->InitiatorBusId[i] = (UCHAR)visibleTargets;
    ConfigInfo->SrbExtensionSize = sizeof(PHBA_SRB_EXTENSION);

    if (!ext->DumpMode && ConfigInfo->BusInterruptLevel == 0 && ConfigInfo->BusInterruptVector == 0)
        ScsiDebugPrint(PHBA_PRINT_INFO, "phba: no interrupt assigned; completions will be found only by polling\n");

    /* 6. Rings from the uncached extension (allowed only here, after the DMA fields above).
     *    Request ring (N x 64) then completion ring (N x 16), both 64-byte aligned; the block
     *    is padded so that alignment can be established on the physical address. */
    ringBytes = ext->RingEntries * (ULONG)(sizeof(PHBA_REQUEST_DESCRIPTOR) + sizeof(PHBA_COMPLETION_DESCRIPTOR));
    allocation = ringBytes + PHBA_RING_ALIGNMENT;
    uncached = (PUCHAR)ScsiPortGetUncachedExtension(ext, ConfigInfo, allocation);
    if (uncached == NULL) {
        ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: no uncached extension of %u bytes\n", (unsigned)allocation);
        ScsiPortFreeDeviceBase(ext, ext->Registers);
        ext->Registers = NULL;
        return SP_RETURN_ERROR;
    }
    physical = ScsiPortGetPhysicalAddress(ext, NULL, uncached, &contiguous);
    base = (ULONGLONG)physical.QuadPart;
    padding = (ULONG)((PHBA_RING_ALIGNMENT - (base & (PHBA_RING_ALIGNMENT - 1))) & (PHBA_RING_ALIGNMENT - 1));
    if (base == 0 || contiguous < padding + ringBytes) {
        ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: uncached extension not usable (physical %#llx, contiguous %u)\n",
                       (unsigned long long)base, (unsigned)contiguous);
        ScsiPortFreeDeviceBase(ext, ext->Registers);
        ext->Registers = NULL;
        return SP_RETURN_ERROR;
    }
    ext->RequestRing = (PPHBA_REQUEST_DESCRIPTOR)(uncached + padding);
    ext->RequestRingPhysical = base + padding;
    ext->CompletionRing = (PPHBA_COMPLETION_DESCRIPTOR)(uncached + padding +
                                                        ext->RingEntries * sizeof(PHBA_REQUEST_DESCRIPTOR));
    ext->CompletionRingPhysical = ext->RequestRingPhysical + ext->RingEntries * sizeof(PHBA_REQUEST_DESCRIPTOR);
    RtlZeroMemory(uncached, allocation);

    PhbaResetTagTable(ext);

    ScsiDebugPrint(PHBA_PRINT_INFO,
                   "phba: found adapter (%s): %u bus(es), %u targets, %u LUNs, ring %u, SG %u, max transfer %u%s\n",
                   ext->PortIo ? "I/O BAR" : "memory BAR", (unsigned)ext->CapBuses, (unsigned)ext->CapTargets,
                   (unsigned)ext->CapLuns, (unsigned)ext->RingEntries, (unsigned)ext->SgEntries,
                   (unsigned)ext->MaxTransfer,
                   ext->DumpMode ? ", dump mode (polled)" : "");

    /* 7. */
    *Again = FALSE;
    return SP_RETURN_FOUND;
}

/* ======================================================================================
 * HwInitialize
 *
 * Spec section 14 "HwInitialize" and 13 "Initialisation": reset, program the rings, enable,
 * require READY, unmask (not in dump mode, spec 15.3). Returning FALSE fails the adapter.
 * ====================================================================================== */

static BOOLEAN PhbaHwInitialize(PVOID DeviceExtension)
{
    PPHBA_EXTENSION ext = (PPHBA_EXTENSION)DeviceExtension;

    if (ext->Registers == NULL || ext->RequestRing == NULL)
        return FALSE;

    /* Nothing should be outstanding here; if something is, the reset below drops it. */
    if (ext->Outstanding != 0)
        PhbaFailOutstanding(ext, PHBA_ANY, PHBA_ANY, FALSE, SRB_STATUS_BUS_RESET);
    PhbaResetTagTable(ext);
    ext->NextRequestOwed = FALSE;

    return PhbaStartController(ext);
}

/* ======================================================================================
 * HwStartIo
 *
 * EXECUTE_SCSI becomes one request descriptor (spec sections 7 and 14 "HwStartIo"); resets
 * use the BUS_RESET / TARGET_RESET registers (section 10); everything else is answered
 * directly.
 * ====================================================================================== */

/* Whether a CDB moves data to the device, for SRBs that leave the direction unspecified
 * (SRB_FLAGS_UNSPECIFIED_DIRECTION). SPC/SBC meanings; anything unknown reads from the device. */
static BOOLEAN PhbaCdbWritesToDevice(UCHAR OperationCode)
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
static UCHAR PhbaDirectionFlags(PSCSI_REQUEST_BLOCK Srb)
{
    ULONG direction = Srb->SrbFlags & (SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT);

    if (Srb->DataTransferLength == 0 || direction == SRB_FLAGS_NO_DATA_TRANSFER)
        return 0;
    if (direction == SRB_FLAGS_DATA_IN)
        return PHBA_REQUEST_FLAG_DATA_IN;
    if (direction == SRB_FLAGS_DATA_OUT)
        return PHBA_REQUEST_FLAG_DATA_OUT;
    return PhbaCdbWritesToDevice(Srb->Cdb[0]) ? PHBA_REQUEST_FLAG_DATA_OUT : PHBA_REQUEST_FLAG_DATA_IN;
}

/*
 * Describe the data buffer to the controller. Walk DataBuffer with
 * ScsiPortGetPhysicalAddress; each contiguous piece it returns becomes one SG entry (pieces
 * are not merged even when physically adjacent: the controller requires every piece to lie
 * inside one DMA mapping, and only the port knows where mappings end). One piece goes
 * straight into DATA_ADDRESS; several go into the SRB extension's list, whose own physical
 * address becomes DATA_ADDRESS with FLAGS.SG_LIST. Returns SRB_STATUS_PENDING on success.
 */
static UCHAR PhbaBuildDataPointer(PPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb,
                                  PPHBA_REQUEST_DESCRIPTOR Request, ULONG Length)
{
    PPHBA_SRB_EXTENSION srbExt = (PPHBA_SRB_EXTENSION)Srb->SrbExtension;
    PUCHAR virtualAddress = (PUCHAR)Srb->DataBuffer;
    ULONG remaining = Length;
    ULONG count = 0;
    ULONG limit = srbExt != NULL ? Ext->SgEntries : 1;
    PHBA_SG_ENTRY single;

    if (virtualAddress == NULL)
        return SRB_STATUS_INVALID_REQUEST;

    while (remaining != 0) {
        ULONG run = 0;
        SCSI_PHYSICAL_ADDRESS physical = ScsiPortGetPhysicalAddress(Ext, Srb, virtualAddress, &run);
        PPHBA_SG_ENTRY entry;

        if (physical.QuadPart == 0 || run == 0) {
            ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: no physical address for data at offset %u of %u\n",
                           (unsigned)(Length - remaining), (unsigned)Length);
            ScsiPortLogError(Ext, Srb, Srb->PathId, Srb->TargetId, Srb->Lun, SP_INTERNAL_ADAPTER_ERROR,
                             PHBA_LOG_ID(PHBA_SITE_NO_PHYSICAL, 0));
            return SRB_STATUS_ERROR;
        }
        if (run > remaining)
            run = remaining;
        if (count == limit) {
            ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: %u-byte buffer needs more than %u SG entries\n",
                           (unsigned)Length, (unsigned)limit);
            ScsiPortLogError(Ext, Srb, Srb->PathId, Srb->TargetId, Srb->Lun, SP_INTERNAL_ADAPTER_ERROR,
                             PHBA_LOG_ID(PHBA_SITE_SG_OVERFLOW, 0));
            return SRB_STATUS_INVALID_REQUEST;
        }

        entry = srbExt != NULL ? &srbExt->SgList[count] : &single;
        entry->Address = (ULONGLONG)physical.QuadPart;
        entry->Length = run;
        entry->Reserved = 0;
        count++;

        virtualAddress += run;
        remaining -= run;
    }

    if (count == 1) {
        Request->DataAddress = srbExt != NULL ? srbExt->SgList[0].Address : single.Address;
        return SRB_STATUS_PENDING;
    }

    /* count > 1 implies srbExt != NULL (limit is 1 without an SRB extension). */
    {
        ULONG listLength = 0;
        ULONG needed = count * (ULONG)sizeof(PHBA_SG_ENTRY);
        SCSI_PHYSICAL_ADDRESS list = ScsiPortGetPhysicalAddress(Ext, NULL, srbExt->SgList, &listLength);
        if (list.QuadPart == 0 || listLength < needed) {
            ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: SRB extension not DMA-addressable (physical %#llx, %u of %u bytes)\n",
                           (unsigned long long)list.QuadPart, (unsigned)listLength, (unsigned)needed);
            ScsiPortLogError(Ext, Srb, Srb->PathId, Srb->TargetId, Srb->Lun, SP_INTERNAL_ADAPTER_ERROR,
                             PHBA_LOG_ID(PHBA_SITE_NO_PHYSICAL, 1));
            return SRB_STATUS_ERROR;
        }
        Request->Flags |= PHBA_REQUEST_FLAG_SG_LIST;
        Request->SgCount = (USHORT)count;
        Request->DataAddress = (ULONGLONG)list.QuadPart;
    }
    return SRB_STATUS_PENDING;
}

/* Autosense: point the controller at the SRB's sense buffer unless the SRB disabled it.
 * SENSE_LENGTH is capped to what is physically contiguous, so the range the controller
 * writes always lies inside one mapping. */
static VOID PhbaSetSenseBuffer(PPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, PPHBA_REQUEST_DESCRIPTOR Request)
{
    ULONG contiguous = 0;
    SCSI_PHYSICAL_ADDRESS physical;

    if ((Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE) != 0 || Srb->SenseInfoBuffer == NULL ||
        Srb->SenseInfoBufferLength == 0)
        return;

    physical = ScsiPortGetPhysicalAddress(Ext, Srb, Srb->SenseInfoBuffer, &contiguous);
    if (physical.QuadPart == 0 || contiguous == 0) {
        /* Without SENSE_LENGTH the LU keeps its sense for a REQUEST SENSE (spec 7 step 5). */
        ScsiDebugPrint(PHBA_PRINT_TRACE, "phba: sense buffer has no physical address; autosense off\n");
        return;
    }
    Request->SenseLength = (UCHAR)PhbaMin(Srb->SenseInfoBufferLength, contiguous);
    Request->SenseAddress = (ULONGLONG)physical.QuadPart;
}

/* SRB_FUNCTION_EXECUTE_SCSI. */
static VOID PhbaStartExecuteScsi(PPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PHBA_REQUEST_DESCRIPTOR request;
    UCHAR status = SRB_STATUS_PENDING;
    UCHAR pathId = Srb->PathId;
    UCHAR targetId = Srb->TargetId;
    UCHAR lun = Srb->Lun;
    ULONG transferLength;
    ULONG slot;
    ULONG tag;

    /* Requests the controller would refuse anyway are answered here, without a ring slot. */
    if (!Ext->Running)
        status = SRB_STATUS_NO_HBA;
    else if (Srb->CdbLength == 0 || Srb->CdbLength > PHBA_MAX_CDB_LENGTH)
        status = SRB_STATUS_INVALID_REQUEST;
    else if (pathId >= Ext->CapBuses || targetId >= Ext->CapTargets)
        status = SRB_STATUS_SELECTION_TIMEOUT;  /* what the controller itself would report; the
                                                   LUN is not part of selection (spec 7 step 2) */
    else if (Srb->DataTransferLength > Ext->CapMaxTransfer)
        status = SRB_STATUS_INVALID_REQUEST;
    else if (Ext->Outstanding >= Ext->MaxOutstanding || Ext->FreeCount == 0)
        status = SRB_STATUS_BUSY;               /* ring full: the port retries it later */

    if (status != SRB_STATUS_PENDING) {
        PhbaCompleteSrb(Ext, Srb, status);
        PhbaAskForNextRequest(Ext);
        return;
    }

    /* The descriptor is built on the stack and copied into the slot in one go. */
    RtlZeroMemory(&request, sizeof(request));
    request.Bus = pathId;
    request.Target = targetId;
    request.Lun = lun;
    request.CdbLength = Srb->CdbLength;
    RtlCopyMemory(request.Cdb, Srb->Cdb, Srb->CdbLength);
    request.Flags = PhbaDirectionFlags(Srb);
    transferLength = request.Flags != 0 ? Srb->DataTransferLength : 0;
    request.TransferLength = transferLength;

    if (transferLength != 0) {
        status = PhbaBuildDataPointer(Ext, Srb, &request, transferLength);
        if (status != SRB_STATUS_PENDING) {
            PhbaCompleteSrb(Ext, Srb, status);
            PhbaAskForNextRequest(Ext);
            return;
        }
    }
    PhbaSetSenseBuffer(Ext, Srb, &request);

    /* Bookkeeping first: the doorbell may complete the request (and run HwInterrupt)
     * before it returns (spec section 12). */
    slot = PhbaAllocateSlot(Ext, &tag);
    request.Tag = tag;
    Ext->Tags[slot].Srb = Srb;
    Ext->Tags[slot].Tag = tag;
    Ext->Tags[slot].TransferLength = transferLength;
    Ext->Outstanding++;
    if (Srb->SrbExtension != NULL)
        ((PPHBA_SRB_EXTENSION)Srb->SrbExtension)->Tag = tag;

    RtlCopyMemory(&Ext->RequestRing[Ext->RequestTail], &request, sizeof(request));
    Ext->RequestTail = (Ext->RequestTail + 1) & Ext->RingMask;
    PhbaMemoryBarrier();
    PhbaWrite(Ext, PHBA_REG_REQUEST_TAIL, Ext->RequestTail);

    /* From here on the SRB may already be completed: only the saved address is used. */
    if (Ext->Outstanding < Ext->MaxOutstanding) {
        Ext->NextRequestOwed = FALSE;
        ScsiPortNotification(NextLuRequest, Ext, pathId, targetId, lun);
    } else {
        Ext->NextRequestOwed = TRUE;
    }
}

/* TRUE if the controller is in a state where the reset registers can be used: READY, not
 * FATAL, and every request the driver rang in has been consumed (a request still waiting
 * in the request ring is not ended by a bus or target reset and would run later, after the
 * driver had already given its SRB back - spec section 10). Otherwise a full controller
 * reset is the only safe answer. */
static BOOLEAN PhbaResetRegistersUsable(PPHBA_EXTENSION Ext)
{
    ULONG status;

    if (!Ext->Running)
        return FALSE;
    status = PhbaRead(Ext, PHBA_REG_STATUS);
    if ((status & (PHBA_STATUS_READY | PHBA_STATUS_FATAL)) != PHBA_STATUS_READY)
        return FALSE;
    return PhbaRead(Ext, PHBA_REG_REQUEST_HEAD) == Ext->RequestTail;
}

/*
 * Reset one SCSI bus (spec section 10 and 14 "HwResetBus"): BUS_RESET ends every command in
 * flight on the bus with a BUS_RESET completion, posted before the write returns; drain
 * those, then give back whatever the tag table still holds for the bus. Escalates to a full
 * controller reset if the controller is FATAL or requests are still waiting in the ring.
 */
static VOID PhbaResetBus(PPHBA_EXTENSION Ext, ULONG PathId, BOOLEAN UsePortSweep)
{
    if (Ext->Registers == NULL || Ext->RequestRing == NULL) {
        PhbaFailOutstanding(Ext, PathId, PHBA_ANY, UsePortSweep, SRB_STATUS_BUS_RESET);
        return;
    }
    if (!PhbaResetRegistersUsable(Ext)) {
        PhbaRecoverController(Ext, UsePortSweep, PHBA_LOG_ID(PHBA_SITE_FATAL_RESET, 0));
        return;
    }

    if (PathId < Ext->CapBuses)
        PhbaWrite(Ext, PHBA_REG_BUS_RESET, PathId);
    if (PhbaDrainCompletions(Ext)) {
        PhbaRecoverController(Ext, UsePortSweep, PHBA_LOG_ID(PHBA_SITE_FATAL_RESET, 1));
        return;
    }
    PhbaFailOutstanding(Ext, PathId, PHBA_ANY, UsePortSweep, SRB_STATUS_BUS_RESET);
    ScsiPortNotification(ResetDetected, Ext);
    PhbaSendOwedNextRequest(Ext);
}

/* Reset one target (RESET_DEVICE; RESET_LOGICAL_UNIT too, as the controller has no LU
 * reset): TARGET_RESET ends the target's commands in flight with TARGET_RESET completions.
 * Called from HwStartIo only, so leftovers are completed one by one. */
static VOID PhbaResetTarget(PPHBA_EXTENSION Ext, ULONG PathId, ULONG TargetId)
{
    if (!PhbaResetRegistersUsable(Ext)) {
        PhbaRecoverController(Ext, FALSE, PHBA_LOG_ID(PHBA_SITE_FATAL_RESET, 2));
        return;
    }

    if (PathId < Ext->CapBuses && TargetId < Ext->CapTargets)
        PhbaWrite(Ext, PHBA_REG_TARGET_RESET, PHBA_TARGET_RESET_VALUE(PathId, TargetId));
    if (PhbaDrainCompletions(Ext)) {
        PhbaRecoverController(Ext, FALSE, PHBA_LOG_ID(PHBA_SITE_FATAL_RESET, 3));
        return;
    }
    PhbaFailOutstanding(Ext, PathId, TargetId, FALSE, SRB_STATUS_BUS_RESET);
    PhbaSendOwedNextRequest(Ext);
}

static BOOLEAN PhbaHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPHBA_EXTENSION ext = (PPHBA_EXTENSION)DeviceExtension;
    UCHAR status;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        PhbaStartExecuteScsi(ext, Srb);
        return TRUE;

    case SRB_FUNCTION_RESET_BUS:
        /* As HwResetBus, but the reset SRB itself is active: complete the others one by one
         * instead of sweeping the bus with ScsiPortCompleteRequest. */
        PhbaResetBus(ext, Srb->PathId, FALSE);
        status = SRB_STATUS_SUCCESS;
        break;

    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
        PhbaResetTarget(ext, Srb->PathId, Srb->TargetId);
        status = SRB_STATUS_SUCCESS;
        break;

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

    default:
        status = SRB_STATUS_INVALID_REQUEST;
        break;
    }

    Srb->ScsiStatus = SCSISTAT_GOOD;
    PhbaCompleteSrb(ext, Srb, status);
    PhbaAskForNextRequest(ext);
    return TRUE;
}

/* ======================================================================================
 * HwInterrupt
 *
 * Spec section 9 (interrupt-driven and polled operation), 6 (consuming completions), 8
 * (completion meaning) and 11 (fatal errors). In dump mode the same routine is the port's
 * polling target (spec section 15 step 4).
 * ====================================================================================== */

/* Translate one completion into the SRB's status (spec section 14's table). */
static VOID PhbaTranslateCompletion(PPHBA_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb,
                                    const PHBA_COMPLETION_DESCRIPTOR *Completion, ULONG TransferLength)
{
    UCHAR status;

    Srb->ScsiStatus = SCSISTAT_GOOD;

    switch (Completion->HbaStatus) {
    case PHBA_HBA_STATUS_OK:
        Srb->ScsiStatus = Completion->ScsiStatus;
        switch (Completion->ScsiStatus) {
        case SCSISTAT_GOOD:
        case SCSISTAT_CONDITION_MET:
        case SCSISTAT_INTERMEDIATE:
        case SCSISTAT_INTERMEDIATE_COND_MET:
            if (Completion->Residual > TransferLength) {
                ScsiPortLogError(Ext, Srb, Srb->PathId, Srb->TargetId, Srb->Lun, SP_PROTOCOL_ERROR,
                                 PHBA_LOG_ID(PHBA_SITE_BAD_RESIDUAL, 0));
                status = SRB_STATUS_ERROR;
            } else {
                /* Report what moved. An underrun is SRB_STATUS_DATA_OVERRUN with the
                 * shortened length, as Windows expects. (For an SRB sent without a data
                 * direction TransferLength is 0, so DataTransferLength becomes 0.) */
                Srb->DataTransferLength = TransferLength - Completion->Residual;
                status = Completion->Residual != 0 ? SRB_STATUS_DATA_OVERRUN : SRB_STATUS_SUCCESS;
            }
            break;

        case SCSISTAT_CHECK_CONDITION:
            status = SRB_STATUS_ERROR;
            if ((Completion->Flags & PHBA_COMPLETION_FLAG_SENSE_VALID) != 0 && Completion->SenseLength != 0) {
                status |= SRB_STATUS_AUTOSENSE_VALID;
                Srb->SenseInfoBufferLength = (UCHAR)PhbaMin(Completion->SenseLength, Srb->SenseInfoBufferLength);
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
        ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: INVALID_REQUEST for CDB %02x, %u bytes\n",
                       Srb->Cdb[0], (unsigned)TransferLength);
        ScsiPortLogError(Ext, Srb, Srb->PathId, Srb->TargetId, Srb->Lun, SP_INTERNAL_ADAPTER_ERROR,
                         PHBA_LOG_ID(PHBA_SITE_INVALID_REQUEST, Completion->HbaStatus));
        status = SRB_STATUS_INVALID_REQUEST;
        break;

    case PHBA_HBA_STATUS_DMA_ERROR:
        /* A data or list address outside the DMA map, or bus mastering off. */
        ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: DMA_ERROR for CDB %02x, %u bytes\n", Srb->Cdb[0],
                       (unsigned)TransferLength);
        ScsiPortLogError(Ext, Srb, Srb->PathId, Srb->TargetId, Srb->Lun, SP_INTERNAL_ADAPTER_ERROR,
                         PHBA_LOG_ID(PHBA_SITE_DMA_ERROR, Completion->HbaStatus));
        status = SRB_STATUS_ERROR;
        break;

    case PHBA_HBA_STATUS_BUS_RESET:
    case PHBA_HBA_STATUS_TARGET_RESET:
        /* Outcome unknown (it may have run): the class driver retries. */
        status = SRB_STATUS_BUS_RESET;
        break;

    default:
        ScsiPortLogError(Ext, Srb, Srb->PathId, Srb->TargetId, Srb->Lun, SP_INTERNAL_ADAPTER_ERROR,
                         PHBA_LOG_ID(PHBA_SITE_UNKNOWN_STATUS, Completion->HbaStatus));
        status = SRB_STATUS_ERROR;
        break;
    }

    Srb->SrbStatus = status;
}

/* Match one completion to its SRB by TAG, free the slot and complete the SRB. A TAG that
 * matches no current owner (a request given up after a reset) is counted and dropped. */
static VOID PhbaProcessCompletion(PPHBA_EXTENSION Ext, const PHBA_COMPLETION_DESCRIPTOR *Completion)
{
    ULONG slot = Completion->Tag & PHBA_TAG_SLOT_MASK;
    PSCSI_REQUEST_BLOCK srb;
    ULONG transferLength;

    if (slot >= Ext->RingEntries || Ext->Tags[slot].Srb == NULL || Ext->Tags[slot].Tag != Completion->Tag) {
        Ext->StaleCompletions++;
        ScsiDebugPrint(PHBA_PRINT_TRACE, "phba: dropping completion for stale tag %#x (HBA status %u)\n",
                       (unsigned)Completion->Tag, Completion->HbaStatus);
        return;
    }

    srb = Ext->Tags[slot].Srb;
    transferLength = Ext->Tags[slot].TransferLength;
    PhbaReleaseSlot(Ext, slot);

    PhbaTranslateCompletion(Ext, srb, Completion, transferLength);
    ScsiPortNotification(RequestComplete, Ext, srb);
}

/*
 * Consume the completion ring (spec section 6, "The completion ring"): read COMPLETION_TAIL,
 * process the slots from the driver's head up to it, write COMPLETION_HEAD, and read the tail
 * again - writing the head can let waiting requests run and post more - until it stops
 * moving. The driver's head is kept in the extension and advanced before each SRB is
 * completed, so a nested call (a port that re-enters HwStartIo or HwInterrupt from inside a
 * notification or register write) always sees consistent state.
 * Returns TRUE if the controller needs a full recovery (COMPLETION_TAIL out of range, or
 * a nested interrupt reported a fatal error).
 */
static BOOLEAN PhbaDrainCompletions(PPHBA_EXTENSION Ext)
{
    BOOLEAN broken = FALSE;
    ULONG passes = 0;

    Ext->Busy++;
    for (;;) {
        ULONG tail = PhbaRead(Ext, PHBA_REG_COMPLETION_TAIL);

        if (tail >= Ext->RingEntries) {
            ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: COMPLETION_TAIL %#x out of range\n", (unsigned)tail);
            ScsiPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, PHBA_LOG_ID(PHBA_SITE_RING_INDEX, 0));
            broken = TRUE;
            break;
        }
        if (tail == Ext->CompletionHead)
            break;
        /* A controller that keeps posting is bounded by N - 1 outstanding requests; this
         * only stops a malfunctioning one from holding the interrupt routine forever. The
         * COMPLETION bit stays set for whatever is left. */
        if (++passes > Ext->RingEntries + 1)
            break;

        PhbaMemoryBarrier();
        while (Ext->CompletionHead != tail) {
            PHBA_COMPLETION_DESCRIPTOR completion;
            RtlCopyMemory(&completion, &Ext->CompletionRing[Ext->CompletionHead], sizeof(completion));
            Ext->CompletionHead = (Ext->CompletionHead + 1) & Ext->RingMask;
            PhbaProcessCompletion(Ext, &completion);
        }
        PhbaMemoryBarrier();
        PhbaWrite(Ext, PHBA_REG_COMPLETION_HEAD, Ext->CompletionHead);
    }
    Ext->Busy--;

    if (Ext->ErrorPending)
        broken = TRUE;
    return broken;
}

/*
 * The body of HwInterrupt, and the polled helper. Polled = FALSE: interrupt-driven (spec
 * section 9 steps 1-4). Polled = TRUE: interrupts masked (dump mode, or the driver waiting
 * itself): work is decided by COMPLETION_TAIL and STATUS, not INTERRUPT_STATUS, which is only
 * cleared as a courtesy (spec section 15 step 4). Returns TRUE if there was work for us.
 */
static BOOLEAN PhbaServiceController(PPHBA_EXTENSION Ext, BOOLEAN Polled)
{
    ULONG raw;
    ULONG pending;
    ULONG tail;
    BOOLEAN fatal = FALSE;

    if (Ext->Registers == NULL || !Ext->Running)
        return FALSE;

    raw = PhbaRead(Ext, PHBA_REG_INTERRUPT_STATUS);
    if (raw == MAXULONG)
        return FALSE;           /* the function does not decode (removed / decoding off) */
    pending = raw & PHBA_INTERRUPT_ALL;

    if (Ext->Busy != 0) {
        /* Entered from inside our own drain or recovery (a port calling HwInterrupt while a
         * register write of ours is in progress): acknowledge so the line drops, remember
         * a fatal error, and let the outer loop - which re-reads COMPLETION_TAIL until it
         * stops moving - pick up the completions. */
        if (pending != 0) {
            PhbaWrite(Ext, PHBA_REG_INTERRUPT_STATUS, pending);
            if ((pending & PHBA_INTERRUPT_ERROR) != 0)
                Ext->ErrorPending = TRUE;
        }
        return pending != 0;
    }

    tail = PhbaRead(Ext, PHBA_REG_COMPLETION_TAIL);
    if (Polled)
        fatal = (PhbaRead(Ext, PHBA_REG_STATUS) & PHBA_STATUS_FATAL) != 0;

    /* Step 1: not ours (the line may be shared). */
    if (pending == 0 && tail == Ext->CompletionHead && !fatal)
        return FALSE;

    /* Step 2: acknowledge before draining, so an event during the drain sets the bit again. */
    if (pending != 0)
        PhbaWrite(Ext, PHBA_REG_INTERRUPT_STATUS, pending);

    /* Step 3: a fatal error. */
    if (!fatal && (pending & PHBA_INTERRUPT_ERROR) != 0)
        fatal = (PhbaRead(Ext, PHBA_REG_STATUS) & PHBA_STATUS_FATAL) != 0;

    /* Step 4: drain (recovery salvages the completions posted before the error itself). */
    if (!fatal)
        fatal = PhbaDrainCompletions(Ext);
    if (fatal)
        PhbaRecoverController(Ext, !Ext->DumpMode, PHBA_LOG_ID(PHBA_SITE_FATAL_INTERRUPT, 0));

    PhbaSendOwedNextRequest(Ext);
    return TRUE;
}

static BOOLEAN PhbaHwInterrupt(PVOID DeviceExtension)
{
    PPHBA_EXTENSION ext = (PPHBA_EXTENSION)DeviceExtension;

    /* In dump mode the line never rises: the port calls this routine in a loop. */
    return PhbaServiceController(ext, ext->DumpMode);
}

/* ======================================================================================
 * HwResetBus
 *
 * SCSI Port calls it when a request times out (commands the controller holds end only
 * through a reset) - spec section 14 "HwResetBus", section 10 "Bus reset". Also home of the
 * fatal-error recovery (spec section 11 and 14 "Recovery from FATAL").
 * ====================================================================================== */

/*
 * Full recovery: log the error code, salvage completions that were posted before the
 * controller stopped, CONTROL.RESET (drops everything in flight, without completions),
 * complete every request still outstanding with SRB_STATUS_BUS_RESET, bring the rings
 * back up and tell the port a reset happened.
 */
static VOID PhbaRecoverController(PPHBA_EXTENSION Ext, BOOLEAN UsePortSweep, ULONG UniqueId)
{
    ULONG status;
    ULONG error;

    Ext->Busy++;
    Ext->Recoveries++;

    status = PhbaRead(Ext, PHBA_REG_STATUS);
    error = PhbaRead(Ext, PHBA_REG_ERROR);
    ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: resetting controller (STATUS %#x, ERROR %u, %u outstanding)\n",
                   (unsigned)status, (unsigned)error, (unsigned)Ext->Outstanding);
    ScsiPortLogError(Ext, NULL, 0, 0, 0, SP_INTERNAL_ADAPTER_ERROR, UniqueId | (error & 0xFF));

    /* Completions already in the ring are genuine results (a WRITE that reached the
     * medium): report them rather than turning them into retries. Only while the ring is
     * live (READY or FATAL); a controller in RESET has nothing for us. */
    if (Ext->Running && (status & (PHBA_STATUS_READY | PHBA_STATUS_FATAL)) != 0)
        (VOID)PhbaDrainCompletions(Ext);

    PhbaWrite(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);
    Ext->Running = FALSE;
    Ext->ErrorPending = FALSE;

    PhbaFailOutstanding(Ext, PHBA_ANY, PHBA_ANY, UsePortSweep, SRB_STATUS_BUS_RESET);

    if (!PhbaStartController(Ext))
        ScsiDebugPrint(PHBA_PRINT_ERROR, "phba: controller did not come back; failing new requests\n");

    Ext->Busy--;
    ScsiPortNotification(ResetDetected, Ext);
    PhbaSendOwedNextRequest(Ext);
}

static BOOLEAN PhbaHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PPHBA_EXTENSION ext = (PPHBA_EXTENSION)DeviceExtension;

    /* ScsiPortCompleteRequest for the bus's leftovers, as SCSI Port expects from
     * HwResetBus; in dump mode every SRB is completed individually instead. */
    PhbaResetBus(ext, PathId, !ext->DumpMode);
    return TRUE;
}

/* ======================================================================================
 * HwAdapterControl
 *
 * Stop (power down / PnP stop) and restart (power up), the two control types SCSI Port
 * needs for power management. Restart reprograms everything, as after a power loss.
 * ====================================================================================== */

static SCSI_ADAPTER_CONTROL_STATUS PhbaHwAdapterControl(PVOID DeviceExtension,
                                                        SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                        PVOID Parameters)
{
    PPHBA_EXTENSION ext = (PPHBA_EXTENSION)DeviceExtension;

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
        if (ext->Registers != NULL)
            PhbaStopController(ext);
        return ScsiAdapterControlSuccess;

    case ScsiRestartAdapter:
        if (ext->Registers == NULL || ext->RequestRing == NULL)
            return ScsiAdapterControlUnsuccessful;
        if (ext->Outstanding != 0)
            PhbaFailOutstanding(ext, PHBA_ANY, PHBA_ANY, FALSE, SRB_STATUS_BUS_RESET);
        PhbaResetTagTable(ext);
        ext->NextRequestOwed = FALSE;
        return PhbaStartController(ext) ? ScsiAdapterControlSuccess : ScsiAdapterControlUnsuccessful;

    default:
        return ScsiAdapterControlUnsuccessful;
    }
}
