/*
 * storport_rules.c - a small virtual StorPort miniport (an 8 MiB disk in its own globals) that
 * breaks one StorPort verifier rule when built with one of:
 *
 *   -DRULE_DUMP_DPC        StorPortInitializeDpc in a dump mode            (dump.dpc)
 *   -DRULE_DUMP_TIME       StorPortQuerySystemTime in a dump mode          (dump.time-query)
 *   -DRULE_DUMP_REGISTRY   StorPortAllocateRegistryBuffer in a dump mode   (dump.passive-only)
 *   -DRULE_LOCK_ORDER      DpcLock acquired in HwStartIo (StartIoLock held) (lock.misuse)
 *   -DWITH_CONCURRENT_CHANNELS  HwInitialize turns on two concurrent channels: HwStartIo then
 *                          runs without the StartIo lock, so RULE_LOCK_ORDER breaks nothing
 *   -DRULE_LOCK_LEFT       HwStartIo returns holding the InterruptLock     (lock.misuse)
 *   -DRULE_DOUBLE_COMPLETE every READ completed twice                      (srb.double-completion, 0x2004)
 *   -DRULE_WRITE_AFTER_COMPLETE HwStartIo sets a READ's SrbStatus to ERROR after completing it
 *                          (srb.use-after-completion)
 *   -DRULE_LONG_STALL      StorPortStallExecution(200 ms) in HwInitialize  (stall.too-long, 0x2001)
 *   -DRULE_BAD_DUMP_POINTERS a 128 KB common buffer in MINIPORT_DUMP_POINTERS (dump.pointers-invalid)
 *   -DWITH_RENDEZVOUS      (with WITH_CONCURRENT_CHANNELS) a READ of block RENDEZVOUS_LBA or above
 *                          waits in HwStartIo, for a bounded number of spins, until a second
 *                          such READ reaches HwStartIo (once per load); it completes with
 *                          SRB_STATUS_SUCCESS if one came meanwhile, SRB_STATUS_TIMEOUT if none
 *                          did (breaks nothing)
 *   -DWITH_COMPLETION_THREAD (with WITH_CONCURRENT_CHANNELS) HwStartIo hands each READ to a
 *                          thread of the miniport's own (outside any routine), which serves and
 *                          completes it, and waits for that thread to exit (breaks nothing)
 *
 * Built with none of them it breaks nothing (the control case).
 */
#include <storport.h>
#ifdef WITH_COMPLETION_THREAD
#include <pthread.h>
#endif

#define DISK_BLOCKS 16384u
#define BLOCK_SIZE 512u

static UCHAR Disk[DISK_BLOCKS * BLOCK_SIZE];
/* The disk served: this copy's own, or in a dump copy the normal copy's (the dump pointers). */
static PUCHAR DiskBase;

typedef struct {
    STOR_DPC Dpc;
    BOOLEAN DumpMode;
} RULES_EXTENSION;

#ifdef WITH_RENDEZVOUS
#define RENDEZVOUS_LBA 8192u
/* HwStartIo calls that reached the rendezvous (a one-shot barrier for two). */
static volatile LONG Arrived;

/* Whether a second HwStartIo reached the rendezvous while this one was in it (waiting at most
 * 2^34 spins, several seconds: under a loaded test run the partner's thread may wait that long
 * for a core): the two ran at the same time. */
static BOOLEAN RulesRendezvous(void)
{
    ULONGLONG spins;
    __atomic_add_fetch(&Arrived, 1, __ATOMIC_ACQ_REL);
    for (spins = 0; spins < (1ull << 34); spins++) {
        if (__atomic_load_n(&Arrived, __ATOMIC_ACQUIRE) >= 2)
            return TRUE;
    }
    return FALSE;
}
#endif

static VOID RulesDpc(PSTOR_DPC Dpc, PVOID DeviceExtension, PVOID Argument1, PVOID Argument2)
{
    (void)Dpc; (void)DeviceExtension; (void)Argument1; (void)Argument2;
}

static ULONG RulesFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                              PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    RULES_EXTENSION *ext = (RULES_EXTENSION *)DeviceExtension;
    (void)HwContext; (void)BusInformation; (void)LowerDevice; (void)ArgumentString; (void)Again;
    ext->DumpMode = ConfigInfo->DumpMode != 0;
    DiskBase = ext->DumpMode ? (PUCHAR)ConfigInfo->MiniportDumpData : Disk;
    if (DiskBase == NULL) return SP_RETURN_NOT_FOUND;
    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->MaximumTransferLength = 64 * 1024;
    ConfigInfo->NumberOfPhysicalBreaks = 17;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->InitiatorBusId[0] = 1;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
#ifdef RULE_DUMP_REGISTRY
    if (ext->DumpMode) {
        ULONG length = 4;
        PUCHAR buffer = StorPortAllocateRegistryBuffer(DeviceExtension, &length);
        if (buffer != NULL) StorPortFreeRegistryBuffer(DeviceExtension, buffer);
    }
#endif
    return SP_RETURN_FOUND;
}

static BOOLEAN RulesInitialize(PVOID DeviceExtension)
{
    RULES_EXTENSION *ext = (RULES_EXTENSION *)DeviceExtension;
    (void)ext;
#ifdef RULE_DUMP_DPC
    StorPortInitializeDpc(DeviceExtension, &ext->Dpc, RulesDpc);
#else
    if (!ext->DumpMode) StorPortInitializeDpc(DeviceExtension, &ext->Dpc, RulesDpc);
#endif
#ifdef WITH_CONCURRENT_CHANNELS
    if (!ext->DumpMode) {
        PERF_CONFIGURATION_DATA perf;
        RtlZeroMemory(&perf, sizeof(perf));
        perf.Version = STOR_PERF_VERSION;
        perf.Size = sizeof(perf);
        perf.Flags = STOR_PERF_DPC_REDIRECTION | STOR_PERF_CONCURRENT_CHANNELS;
        perf.ConcurrentChannels = 2;
        if (StorPortInitializePerfOpts(DeviceExtension, FALSE, &perf) != STOR_STATUS_SUCCESS) return FALSE;
    }
#endif
#ifdef RULE_DUMP_TIME
    {
        LARGE_INTEGER now;
        StorPortQuerySystemTime(&now);
    }
#endif
#ifdef RULE_LONG_STALL
    StorPortStallExecution(200000);
#endif
    return TRUE;
}

static VOID RulesComplete(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR Status)
{
    Srb->SrbStatus = Status;
    StorPortNotification(RequestComplete, DeviceExtension, Srb);
}

static VOID RulesExecute(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PUCHAR cdb = Srb->Cdb;
    PUCHAR data = (PUCHAR)Srb->DataBuffer;
    ULONG lba = ((ULONG)cdb[2] << 24) | ((ULONG)cdb[3] << 16) | ((ULONG)cdb[4] << 8) | cdb[5];
    ULONG blocks = ((ULONG)cdb[7] << 8) | cdb[8];

    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        RulesComplete(DeviceExtension, Srb, SRB_STATUS_SELECTION_TIMEOUT);
        return;
    }
    switch (cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
        break;
    case SCSIOP_INQUIRY: {
        ULONG i;
        for (i = 0; i < Srb->DataTransferLength; i++) data[i] = 0;
        if (Srb->DataTransferLength >= 36) {
            const char *id = "MPSDK   RULES           0001";
            data[2] = 5; data[3] = 2; data[4] = 31;
            for (i = 0; i < 28; i++) data[8 + i] = (UCHAR)id[i];
        }
        break;
    }
    case SCSIOP_READ_CAPACITY:
        if (Srb->DataTransferLength < 8) { RulesComplete(DeviceExtension, Srb, SRB_STATUS_ERROR); return; }
        data[0] = 0; data[1] = 0; data[2] = (UCHAR)((DISK_BLOCKS - 1) >> 8); data[3] = (UCHAR)(DISK_BLOCKS - 1);
        data[4] = 0; data[5] = 0; data[6] = (UCHAR)(BLOCK_SIZE >> 8); data[7] = 0;
        Srb->DataTransferLength = 8;
        break;
    case SCSIOP_READ:
    case SCSIOP_WRITE:
        if ((ULONGLONG)lba + blocks > DISK_BLOCKS || Srb->DataTransferLength != blocks * BLOCK_SIZE) {
            RulesComplete(DeviceExtension, Srb, SRB_STATUS_INVALID_REQUEST);
            return;
        }
        if (cdb[0] == SCSIOP_READ) StorPortMoveMemory(data, DiskBase + lba * BLOCK_SIZE, blocks * BLOCK_SIZE);
        else StorPortMoveMemory(DiskBase + lba * BLOCK_SIZE, data, blocks * BLOCK_SIZE);
#ifdef RULE_DOUBLE_COMPLETE
        if (cdb[0] == SCSIOP_READ) RulesComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
#endif
        break;
    case SCSIOP_SYNCHRONIZE_CACHE:
        break;
    default:
        RulesComplete(DeviceExtension, Srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    RulesComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
}

#ifdef WITH_COMPLETION_THREAD
typedef struct {
    PVOID DeviceExtension;
    PSCSI_REQUEST_BLOCK Srb;
} RULES_HANDOFF;

static void *RulesCompletionThread(void *Argument)
{
    RULES_HANDOFF *handoff = (RULES_HANDOFF *)Argument;
    RulesExecute(handoff->DeviceExtension, handoff->Srb);
    return NULL;
}

/* A thread serves and completes Srb while HwStartIo waits for it to exit (so no thread of the
 * fixture outlives the request, or the unloaded image); FALSE when none could be started. */
static BOOLEAN RulesHandOff(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    RULES_HANDOFF handoff = { DeviceExtension, Srb };
    pthread_t thread;
    if (pthread_create(&thread, NULL, RulesCompletionThread, &handoff) != 0) return FALSE;
    pthread_join(thread, NULL);
    return TRUE;
}
#endif

static BOOLEAN RulesStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
#ifdef WITH_CONCURRENT_CHANNELS
    {
        STARTIO_PERFORMANCE_PARAMETERS perf;
        RtlZeroMemory(&perf, sizeof(perf));
        perf.Version = 1;
        perf.Size = sizeof(perf);
        perf.ChannelNumber = 0xFF;
        if (StorPortGetStartIoPerfParams(DeviceExtension, Srb, &perf) != STOR_STATUS_SUCCESS || perf.ChannelNumber >= 2) {
            StorPortDebugPrint(0, "FAIL channel %u\n", perf.ChannelNumber);
        }
    }
#endif
#ifdef RULE_LOCK_ORDER
    {
        STOR_LOCK_HANDLE handle;
        StorPortAcquireSpinLock(DeviceExtension, DpcLock, &((RULES_EXTENSION *)DeviceExtension)->Dpc, &handle);
        StorPortReleaseSpinLock(DeviceExtension, &handle);
    }
#endif
#ifdef RULE_LOCK_LEFT
    {
        static STOR_LOCK_HANDLE handle;
        StorPortAcquireSpinLock(DeviceExtension, InterruptLock, NULL, &handle);
    }
#endif
    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
#ifdef WITH_RENDEZVOUS
        if (Srb->Cdb[0] == SCSIOP_READ
            && (((ULONG)Srb->Cdb[2] << 24) | ((ULONG)Srb->Cdb[3] << 16) | ((ULONG)Srb->Cdb[4] << 8) | Srb->Cdb[5])
                >= RENDEZVOUS_LBA
            && !RulesRendezvous()) {
            RulesComplete(DeviceExtension, Srb, SRB_STATUS_TIMEOUT);
            return TRUE;
        }
#endif
#ifdef WITH_COMPLETION_THREAD
        if (Srb->Cdb[0] == SCSIOP_READ && RulesHandOff(DeviceExtension, Srb)) return TRUE;
#endif
        RulesExecute(DeviceExtension, Srb);
#ifdef RULE_WRITE_AFTER_COMPLETE
        if (Srb->Cdb[0] == SCSIOP_READ) Srb->SrbStatus = SRB_STATUS_ERROR;
#endif
        return TRUE;
    case SRB_FUNCTION_DUMP_POINTERS: {
        PMINIPORT_DUMP_POINTERS pointers = (PMINIPORT_DUMP_POINTERS)Srb->DataBuffer;
        pointers->Version = DUMP_MINIPORT_VERSION;
        pointers->Size = sizeof(MINIPORT_DUMP_POINTERS);
#ifdef RULE_BAD_DUMP_POINTERS
        pointers->CommonBufferSize = 128 * 1024;
#endif
        pointers->MiniportPrivateDumpData = Disk;
        RulesComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
        return TRUE;
    }
    default:
        RulesComplete(DeviceExtension, Srb, SRB_STATUS_SUCCESS);
        return TRUE;
    }
}

static BOOLEAN RulesResetBus(PVOID DeviceExtension, ULONG PathId)
{
    (void)DeviceExtension; (void)PathId;
    return TRUE;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;
    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = Internal;
    init.HwInitialize = RulesInitialize;
    init.HwStartIo = RulesStartIo;
    init.HwFindAdapter = RulesFindAdapter;
    init.HwResetBus = RulesResetBus;
    init.DeviceExtensionSize = sizeof(RULES_EXTENSION);
    init.TaggedQueuing = TRUE;
    init.MultipleRequestPerLu = TRUE;
    init.AutoRequestSense = TRUE;
    init.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
