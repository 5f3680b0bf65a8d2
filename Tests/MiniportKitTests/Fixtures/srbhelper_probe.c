/*
 * srbhelper_probe.c - a host program that drives every srbhelper.h accessor over both SRB
 * kinds and over extended SRBs whose offsets and lengths lie. Prints one "FAIL <line> <what>"
 * per broken expectation and "checked <n>" at the end (exit status 1 on any failure).
 *
 * The extended SRB under test sits at the very end of a buffer followed by a canary, so a read
 * or write past SrbLength shows up as a changed canary or a wrong answer.
 */
#include <stdio.h>
#include <storport.h>
#include <srbhelper.h>

static int failures;
static int checked;

#define CHECK(cond)                                                   \
    do {                                                              \
        checked++;                                                    \
        if (!(cond)) {                                                \
            failures++;                                               \
            printf("FAIL %d %s\n", __LINE__, #cond);                  \
        }                                                             \
    } while (0)

/* An extended SRB as a port builds it: header (room for two offsets), STOR_ADDR_BTL8, a CDB16
 * block and an IO_INFO block. */
typedef struct {
    union {
        STORAGE_REQUEST_BLOCK Srb;
        UCHAR Header[128];
    };
    STOR_ADDR_BTL8 Address;
    SRBEX_DATA_SCSI_CDB16 Cdb;
    SRBEX_DATA_IO_INFO IoInfo;
    UCHAR Canary[32];
} PROBE_SRB;

static UCHAR Sense[32];
static UCHAR Data[512];

/* SrbExDataOffset[Index] = Value, in the bytes after the one-element array. */
static void setOffset(PVOID Srb, ULONG Index, ULONG Value)
{
    memcpy((PUCHAR)Srb + FIELD_OFFSET(STORAGE_REQUEST_BLOCK, SrbExDataOffset) + Index * sizeof(ULONG), &Value, sizeof Value);
}

static void build(PROBE_SRB *p)
{
    memset(p, 0, sizeof *p);
    memset(p->Canary, 0x5a, sizeof p->Canary);
    p->Srb.Length = (USHORT)FIELD_OFFSET(STORAGE_REQUEST_BLOCK, Signature);
    p->Srb.Function = SRB_FUNCTION_STORAGE_REQUEST_BLOCK;
    p->Srb.Signature = SRB_SIGNATURE;
    p->Srb.Version = STORAGE_REQUEST_BLOCK_VERSION_1;
    p->Srb.SrbLength = (ULONG)FIELD_OFFSET(PROBE_SRB, Canary);
    p->Srb.SrbFunction = SRB_FUNCTION_EXECUTE_SCSI;
    p->Srb.SrbFlags = SRB_FLAGS_DATA_IN;
    p->Srb.RequestTag = 7;
    p->Srb.RequestAttribute = SRB_SIMPLE_TAG_REQUEST;
    p->Srb.TimeOutValue = 10;
    p->Srb.AddressOffset = (ULONG)FIELD_OFFSET(PROBE_SRB, Address);
    p->Srb.NumSrbExData = 2;
    p->Srb.DataTransferLength = sizeof Data;
    p->Srb.DataBuffer = Data;
    p->Srb.MiniportContext = Sense;
    setOffset(&p->Srb, 0, (ULONG)FIELD_OFFSET(PROBE_SRB, Cdb));
    setOffset(&p->Srb, 1, (ULONG)FIELD_OFFSET(PROBE_SRB, IoInfo));
    p->Address.Type = STOR_ADDRESS_TYPE_BTL8;
    p->Address.AddressLength = STOR_ADDR_BTL8_ADDRESS_LENGTH;
    p->Address.Path = 1;
    p->Address.Target = 2;
    p->Address.Lun = 3;
    p->Cdb.Type = SrbExDataTypeScsiCdb16;
    p->Cdb.Length = SRBEX_DATA_SCSI_CDB16_LENGTH;
    p->Cdb.CdbLength = 10;
    p->Cdb.Cdb[0] = SCSIOP_READ;
    p->Cdb.SenseInfoBuffer = Sense;
    p->Cdb.SenseInfoBufferLength = sizeof Sense;
    p->IoInfo.Type = SrbExDataTypeIoInfo;
    p->IoInfo.Length = SRBEX_DATA_IO_INFO_LENGTH;
    p->IoInfo.RWLength = sizeof Data;
}

static int canaryIntact(const PROBE_SRB *p)
{
    size_t i;
    for (i = 0; i < sizeof p->Canary; i++)
        if (p->Canary[i] != 0x5a) return 0;
    return 1;
}

int main(void)
{
    static PROBE_SRB p;
    static SCSI_REQUEST_BLOCK srb;
    UCHAR path, target, lun;

    /* ---- a well-formed extended SRB ---- */
    build(&p);
    CHECK(SrbGetSrbFunction(&p.Srb) == SRB_FUNCTION_EXECUTE_SCSI);
    CHECK(SrbGetSrbLength(&p.Srb) == FIELD_OFFSET(PROBE_SRB, Canary));
    CHECK(SrbGetCdb(&p.Srb) == (PCDB)p.Cdb.Cdb);
    CHECK(SrbGetCdbLength(&p.Srb) == 10);
    SrbSetCdbLength(&p.Srb, 16);
    CHECK(p.Cdb.CdbLength == 16);
    SrbSetCdbLength(&p.Srb, 17); /* more than a CDB16 block holds: ignored */
    CHECK(p.Cdb.CdbLength == 16);
    CHECK(SrbGetDataBuffer(&p.Srb) == Data);
    SrbSetDataBuffer(&p.Srb, Sense);
    CHECK(p.Srb.DataBuffer == Sense);
    SrbSetDataBuffer(&p.Srb, Data);
    CHECK(SrbGetDataTransferLength(&p.Srb) == sizeof Data);
    SrbSetDataTransferLength(&p.Srb, 100);
    CHECK(p.Srb.DataTransferLength == 100);
    SrbSetSrbStatus(&p.Srb, SRB_STATUS_SUCCESS);
    CHECK(p.Srb.SrbStatus == SRB_STATUS_SUCCESS && SrbGetSrbStatus(&p.Srb) == SRB_STATUS_SUCCESS);
    SrbSetScsiStatus(&p.Srb, SCSISTAT_CHECK_CONDITION);
    CHECK(p.Cdb.ScsiStatus == SCSISTAT_CHECK_CONDITION && SrbGetScsiStatus(&p.Srb) == SCSISTAT_CHECK_CONDITION);
    CHECK(SrbGetSenseInfoBuffer(&p.Srb) == Sense);
    CHECK(SrbGetSenseInfoBufferLength(&p.Srb) == sizeof Sense);
    SrbSetSenseInfoBufferLength(&p.Srb, 18);
    CHECK(p.Cdb.SenseInfoBufferLength == 18);
    SrbSetSrbFlags(&p.Srb, SRB_FLAGS_DISABLE_AUTOSENSE);
    CHECK(SrbGetSrbFlags(&p.Srb) == (SRB_FLAGS_DATA_IN | SRB_FLAGS_DISABLE_AUTOSENSE));
    SrbClearSrbFlags(&p.Srb, SRB_FLAGS_DATA_IN);
    CHECK(SrbGetSrbFlags(&p.Srb) == SRB_FLAGS_DISABLE_AUTOSENSE);
    SrbAssignSrbFlags(&p.Srb, SRB_FLAGS_DATA_OUT);
    CHECK(SrbGetSrbFlags(&p.Srb) == SRB_FLAGS_DATA_OUT);
    SrbGetPathTargetLun(&p.Srb, &path, &target, &lun);
    CHECK(path == 1 && target == 2 && lun == 3);
    CHECK(SrbGetPathId(&p.Srb) == 1 && SrbGetTargetId(&p.Srb) == 2 && SrbGetLun(&p.Srb) == 3);
    CHECK(SrbGetAddress(&p.Srb) == (PSTOR_ADDRESS)&p.Address);
    CHECK(SrbGetMiniportContext(&p.Srb) == Sense);
    CHECK(SrbGetTimeOutValue(&p.Srb) == 10);
    CHECK(SrbGetQueueTag(&p.Srb) == 7 && SrbGetRequestTag(&p.Srb) == 7);
    CHECK(SrbGetQueueAction(&p.Srb) == SRB_SIMPLE_TAG_REQUEST);
    CHECK(SrbGetSrbExDataByType(&p.Srb, SrbExDataTypeIoInfo) == (PSRBEX_DATA)&p.IoInfo);
    CHECK(SrbGetSrbExDataByIndex(&p.Srb, 0) == (PSRBEX_DATA)&p.Cdb);
    CHECK(SrbGetSrbExDataByIndex(&p.Srb, 2) == NULL);
    CHECK(SrbGetSrbExDataByType(&p.Srb, SrbExDataTypePnP) == NULL);
    CHECK(SrbGetPrimarySrbExData(&p.Srb) == (PSRBEX_DATA)&p.Cdb);
    SrbSetNextSrb(&p.Srb, &srb);
    CHECK(SrbGetNextSrb(&p.Srb) == &srb);
    SrbSetOriginalRequest(&p.Srb, Data);
    CHECK(SrbGetOriginalRequest(&p.Srb) == Data);
    CHECK(canaryIntact(&p));

    /* ---- lying offsets and lengths: nothing found, nothing read or written outside ---- */
    build(&p);
    setOffset(&p.Srb, 0, 0xffffff00U);
    CHECK(SrbGetSrbExDataByIndex(&p.Srb, 0) == NULL);
    CHECK(SrbGetSrbExDataByType(&p.Srb, SrbExDataTypeScsiCdb16) == NULL);
    CHECK(SrbGetCdb(&p.Srb) == NULL && SrbGetCdbLength(&p.Srb) == 0 && SrbGetSenseInfoBuffer(&p.Srb) == NULL);
    SrbSetScsiStatus(&p.Srb, 0x22);
    CHECK(p.Cdb.ScsiStatus == 0 && canaryIntact(&p));

    build(&p);
    setOffset(&p.Srb, 0, (ULONG)FIELD_OFFSET(PROBE_SRB, Cdb) + 4); /* misaligned */
    CHECK(SrbGetSrbExDataByIndex(&p.Srb, 0) == NULL);

    build(&p);
    p.Cdb.Length = 0x7fffffff; /* runs past SrbLength */
    CHECK(SrbGetSrbExDataByIndex(&p.Srb, 0) == NULL && SrbGetCdb(&p.Srb) == NULL);

    build(&p);
    p.Cdb.Length = 8; /* shorter than a CDB16 block */
    CHECK(SrbGetSrbExDataByIndex(&p.Srb, 0) != NULL && SrbGetCdb(&p.Srb) == NULL);
    SrbSetSenseInfoBufferLength(&p.Srb, 1);
    CHECK(p.Cdb.SenseInfoBufferLength == sizeof Sense);

    build(&p);
    p.Srb.SrbLength = FIELD_OFFSET(PROBE_SRB, IoInfo) + 4; /* the IO_INFO block no longer fits */
    CHECK(SrbGetSrbExDataByIndex(&p.Srb, 1) == NULL && SrbGetSrbExDataByIndex(&p.Srb, 0) != NULL);

    build(&p);
    p.Srb.NumSrbExData = 0x40000000U; /* an offset table far larger than the SRB */
    CHECK(SrbGetSrbExDataByIndex(&p.Srb, 0x3ffffff0U) == NULL);
    CHECK(SrbGetSrbExDataByType(&p.Srb, SrbExDataTypePnP) == NULL);

    build(&p);
    p.Srb.AddressOffset = 0xfffffff8U;
    CHECK(SrbGetAddress(&p.Srb) == NULL && SrbGetPathId(&p.Srb) == 0);
    build(&p);
    p.Address.AddressLength = 0x1000;
    CHECK(SrbGetAddress(&p.Srb) == NULL);

    /* ---- PnP and power blocks ---- */
    {
        struct {
            union {
                STORAGE_REQUEST_BLOCK Srb;
                UCHAR Header[128];
            };
            SRBEX_DATA_PNP Pnp;
            SRBEX_DATA_POWER Power;
        } q;
        ULONG flags = 0;
        STOR_PNP_ACTION action = StorStartDevice;
        UCHAR powerFlags = 0;
        STOR_DEVICE_POWER_STATE state = StorPowerDeviceUnspecified;
        STOR_POWER_ACTION powerAction = StorPowerActionNone;
        memset(&q, 0, sizeof q);
        q.Srb.Function = SRB_FUNCTION_STORAGE_REQUEST_BLOCK;
        q.Srb.Signature = SRB_SIGNATURE;
        q.Srb.Version = STORAGE_REQUEST_BLOCK_VERSION_1;
        q.Srb.SrbLength = sizeof q;
        q.Srb.SrbFunction = SRB_FUNCTION_PNP;
        q.Srb.NumSrbExData = 2;
        setOffset(&q.Srb, 0, 128);
        setOffset(&q.Srb, 1, 128 + sizeof(SRBEX_DATA_PNP));
        q.Pnp.Type = SrbExDataTypePnP;
        q.Pnp.Length = SRBEX_DATA_PNP_LENGTH;
        q.Pnp.PnPAction = StorRemoveDevice;
        q.Pnp.SrbPnPFlags = SRB_PNP_FLAGS_ADAPTER_REQUEST;
        q.Power.Type = SrbExDataTypePower;
        q.Power.Length = SRBEX_DATA_POWER_LENGTH;
        q.Power.DevicePowerState = StorPowerDeviceD3;
        q.Power.PowerAction = StorPowerActionHibernate;
        q.Power.SrbPowerFlags = SRB_POWER_FLAGS_ADAPTER_REQUEST;
        SrbGetPnpInfo(&q.Srb, &flags, &action);
        CHECK(flags == SRB_PNP_FLAGS_ADAPTER_REQUEST && action == StorRemoveDevice);
        CHECK(SrbGetPrimarySrbExData(&q.Srb) == (PSRBEX_DATA)&q.Pnp);
        SrbGetPowerInfo(&q.Srb, &powerFlags, &state, &powerAction);
        CHECK(powerFlags == SRB_POWER_FLAGS_ADAPTER_REQUEST && state == StorPowerDeviceD3 &&
              powerAction == StorPowerActionHibernate);
        CHECK(SrbGetCdb(&q.Srb) == NULL);
    }

    /* ---- the SCSI_REQUEST_BLOCK kind ---- */
    memset(&srb, 0, sizeof srb);
    srb.Length = sizeof srb;
    srb.Function = SRB_FUNCTION_EXECUTE_SCSI;
    srb.PathId = 4;
    srb.TargetId = 5;
    srb.Lun = 6;
    srb.CdbLength = 6;
    srb.QueueTag = 9;
    srb.QueueAction = SRB_ORDERED_QUEUE_TAG_REQUEST;
    srb.SenseInfoBuffer = Sense;
    srb.SenseInfoBufferLength = 18;
    srb.SrbExtension = Data;
    srb.DataBuffer = Data;
    srb.DataTransferLength = 42;
    CHECK(SrbGetSrbFunction(&srb) == SRB_FUNCTION_EXECUTE_SCSI);
    CHECK(SrbGetSrbLength(&srb) == sizeof(SCSI_REQUEST_BLOCK));
    CHECK(SrbGetCdb(&srb) == (PCDB)srb.Cdb && SrbGetCdbLength(&srb) == 6);
    SrbSetCdbLength(&srb, 17);
    CHECK(srb.CdbLength == 6);
    SrbGetPathTargetLun(&srb, &path, &target, &lun);
    CHECK(path == 4 && target == 5 && lun == 6);
    CHECK(SrbGetQueueTag(&srb) == 9 && SrbGetQueueAction(&srb) == SRB_ORDERED_QUEUE_TAG_REQUEST);
    CHECK(SrbGetSenseInfoBuffer(&srb) == Sense && SrbGetSenseInfoBufferLength(&srb) == 18);
    CHECK(SrbGetMiniportContext(&srb) == Data && SrbGetDataBuffer(&srb) == Data);
    CHECK(SrbGetDataTransferLength(&srb) == 42);
    SrbSetScsiStatus(&srb, SCSISTAT_BUSY);
    SrbSetSrbStatus(&srb, SRB_STATUS_BUSY);
    CHECK(srb.ScsiStatus == SCSISTAT_BUSY && srb.SrbStatus == SRB_STATUS_BUSY);
    SrbSetSrbFlags(&srb, SRB_FLAGS_DATA_IN);
    CHECK(SrbGetSrbFlags(&srb) == SRB_FLAGS_DATA_IN);
    {
        static SCSI_REQUEST_BLOCK copy;
        CHECK(!SrbCopySrb(&copy, sizeof copy - 1, &srb));
        CHECK(SrbCopySrb(&copy, sizeof copy, &srb) && copy.TargetId == 5 && copy.DataTransferLength == 42);
    }
    SrbZeroSrb(&srb);
    CHECK(srb.Length == sizeof srb && srb.Function == SRB_FUNCTION_EXECUTE_SCSI && srb.PathId == 0 && srb.DataBuffer == NULL);

    build(&p);
    {
        static PROBE_SRB copy;
        memset(&copy, 0, sizeof copy);
        CHECK(!SrbCopySrb(&copy, FIELD_OFFSET(PROBE_SRB, Canary) - 1, &p.Srb));
        CHECK(SrbCopySrb(&copy, sizeof copy, &p.Srb) && SrbGetCdb(&copy.Srb) == (PCDB)copy.Cdb.Cdb &&
              SrbGetLun(&copy.Srb) == 3 && copy.Canary[0] == 0);
    }
    SrbZeroSrb(&p.Srb);
    CHECK(p.Srb.Function == SRB_FUNCTION_STORAGE_REQUEST_BLOCK && p.Srb.Signature == 0 &&
          p.Srb.SrbLength == FIELD_OFFSET(PROBE_SRB, Canary) && p.Srb.NumSrbExData == 0 && canaryIntact(&p));

    printf("checked %d\n", checked);
    return failures == 0 ? 0 : 1;
}
