/* scsiwmi_run.c - drives the SCSI WMI library (CMiniportABI/stub/scsiwmi.c) the way a miniport's
 * SRB_FUNCTION_WMI handler does, with a data provider of two GUIDs, and checks the WNODE replies.
 * Prints "PASS name" / "FAIL name" and exits with the number of failures. */
#include <stdio.h>
#include <string.h>
#include <miniport.h>
#include <srb.h>
#include <scsiwmi.h>

static int failures;
static void Check(const char *name, int ok) { printf("%s %s\n", ok ? "PASS" : "FAIL", name); failures += !ok; }

static GUID TempGuid = {0x11111111, 0x2222, 0x3333, {1, 2, 3, 4, 5, 6, 7, 8}};
static GUID NameGuid = {0x44444444, 0x5555, 0x6666, {8, 7, 6, 5, 4, 3, 2, 1}};
static GUID OtherGuid = {0x77777777, 0, 0, {0}};
static SCSIWMIGUIDREGINFO Guids[] = {{&TempGuid, 2, 0}, {&NameGuid, 1, WMIREG_FLAG_EXPENSIVE}};
static ULONG SetValue;
static int EventsEnabled;
static WCHAR Mof[] = {'M', 'O', 'F', 0};

static UCHAR QueryRegInfo(PVOID Ctx, PSCSIWMI_REQUEST_CONTEXT Rc, PWCHAR *MofName)
{
    (void)Ctx; (void)Rc;
    *MofName = Mof;
    return SRB_STATUS_SUCCESS;
}

static BOOLEAN QueryDataBlock(PVOID Ctx, PSCSIWMI_REQUEST_CONTEXT Rc, ULONG GuidIndex, ULONG InstanceIndex,
                              ULONG InstanceCount, PULONG Lengths, ULONG BufferAvail, PUCHAR Buffer)
{
    (void)Ctx;
    if (GuidIndex == 0) {   /* instance i: (i + 1) ULONGs of value 100 + i */
        ULONG need = 0;
        for (ULONG i = 0; i < InstanceCount; i++) need = ((need + 7) & ~7U) + (InstanceIndex + i + 1) * 4;
        if (need > BufferAvail) { ScsiPortWmiPostProcess(Rc, SRB_STATUS_DATA_OVERRUN, need); return FALSE; }
        ULONG at = 0;
        for (ULONG i = 0; i < InstanceCount; i++) {
            at = (at + 7) & ~7U;
            for (ULONG k = 0; k <= InstanceIndex + i; k++) { ULONG v = 100 + InstanceIndex + i; memcpy(Buffer + at + 4 * k, &v, 4); }
            Lengths[i] = (InstanceIndex + i + 1) * 4;
            at += Lengths[i];
        }
        ScsiPortWmiPostProcess(Rc, SRB_STATUS_SUCCESS, at);
        return FALSE;
    }
    if (BufferAvail < 4) { ScsiPortWmiPostProcess(Rc, SRB_STATUS_DATA_OVERRUN, 4); return FALSE; }
    memcpy(Buffer, &SetValue, 4);
    Lengths[0] = 4;
    ScsiPortWmiPostProcess(Rc, SRB_STATUS_SUCCESS, 4);
    return FALSE;
}

static BOOLEAN SetDataBlock(PVOID Ctx, PSCSIWMI_REQUEST_CONTEXT Rc, ULONG GuidIndex, ULONG InstanceIndex,
                            ULONG BufferSize, PUCHAR Buffer)
{
    (void)Ctx; (void)InstanceIndex;
    if (GuidIndex != 1 || BufferSize != 4) { ScsiPortWmiPostProcess(Rc, SRB_STATUS_ERROR, 0); return FALSE; }
    memcpy(&SetValue, Buffer, 4);
    ScsiPortWmiPostProcess(Rc, SRB_STATUS_SUCCESS, 0);
    return FALSE;
}

static BOOLEAN FunctionControl(PVOID Ctx, PSCSIWMI_REQUEST_CONTEXT Rc, ULONG GuidIndex,
                               SCSIWMI_ENABLE_DISABLE_CONTROL Function, BOOLEAN Enable)
{
    (void)Ctx; (void)GuidIndex;
    if (Function == ScsiWmiEventControl) EventsEnabled = Enable;
    ScsiPortWmiPostProcess(Rc, SRB_STATUS_SUCCESS, 0);
    return FALSE;
}

static SCSI_WMILIB_CONTEXT Lib = {2, Guids, QueryRegInfo, QueryDataBlock, SetDataBlock, NULL, NULL, FunctionControl};

int main(void)
{
    static ULONGLONG storage[128];
    UCHAR *buffer = (UCHAR *)storage;
    SCSIWMI_REQUEST_CONTEXT rc;

    /* registration */
    memset(storage, 0, sizeof storage);
    Check("reginfo.dispatch", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_REGINFO, NULL, &rc, NULL, sizeof storage, buffer));
    PWMIREGINFOW reg = (PWMIREGINFOW)buffer;
    Check("reginfo.status", ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_SUCCESS);
    Check("reginfo.guids", reg->GuidCount == 2 && memcmp(&reg->WmiRegGuid[1].Guid, &NameGuid, sizeof(GUID)) == 0 &&
                               reg->WmiRegGuid[0].InstanceCount == 2 && reg->WmiRegGuid[1].Flags == WMIREG_FLAG_EXPENSIVE);
    Check("reginfo.mof", reg->MofResourceName != 0 && *(USHORT *)(buffer + reg->MofResourceName) == 6 &&
                             reg->BufferSize == ScsiPortWmiGetReturnSize(&rc));
    Check("reginfo.small", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_REGINFO, NULL, &rc, NULL, 8, buffer) &&
                               ScsiPortWmiGetReturnSize(&rc) == 4 && *(ULONG *)buffer == reg->BufferSize);

    /* all data of GUID 0: two instances, 4 and 8 bytes, 8-byte aligned */
    memset(storage, 0, sizeof storage);
    PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)buffer;
    all->WnodeHeader.BufferSize = sizeof storage;
    all->WnodeHeader.Guid = TempGuid;
    Check("alldata.dispatch", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_QUERY_ALL_DATA, NULL, &rc, &TempGuid, sizeof storage, buffer));
    Check("alldata.status", ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_SUCCESS);
    Check("alldata.count", all->InstanceCount == 2);
    Check("alldata.lengths", all->OffsetInstanceDataAndLength[0].LengthInstanceData == 4 &&
                                 all->OffsetInstanceDataAndLength[1].LengthInstanceData == 8);
    ULONG o0 = all->OffsetInstanceDataAndLength[0].OffsetInstanceData, o1 = all->OffsetInstanceDataAndLength[1].OffsetInstanceData;
    Check("alldata.offsets", o0 == all->DataBlockOffset && o1 == ((o0 + 4 + 7) & ~7U) && o0 % 8 == 0);
    Check("alldata.values", *(ULONG *)(buffer + o0) == 100 && *(ULONG *)(buffer + o1 + 4) == 101);
    Check("alldata.size", ScsiPortWmiGetReturnSize(&rc) == o1 + 8 && all->WnodeHeader.BufferSize == o1 + 8);

    /* too small: a WNODE_TOO_SMALL with the size needed */
    memset(storage, 0, sizeof storage);
    Check("toosmall.dispatch", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_QUERY_ALL_DATA, NULL, &rc, &TempGuid, 88, buffer));
    PWNODE_TOO_SMALL small = (PWNODE_TOO_SMALL)buffer;
    Check("toosmall.reply", ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_SUCCESS &&
                                (small->WnodeHeader.Flags & WNODE_FLAG_TOO_SMALL) && small->SizeNeeded > 88 &&
                                ScsiPortWmiGetReturnSize(&rc) == sizeof(WNODE_TOO_SMALL));

    /* set then query a single instance of GUID 1 */
    memset(storage, 0, sizeof storage);
    PWNODE_SINGLE_INSTANCE single = (PWNODE_SINGLE_INSTANCE)buffer;
    single->DataBlockOffset = 64;
    single->SizeDataBlock = 4;
    *(ULONG *)(buffer + 64) = 0xC0FFEE;
    Check("set.dispatch", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_CHANGE_SINGLE_INSTANCE, NULL, &rc, &NameGuid, 72, buffer));
    Check("set.value", ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_SUCCESS && SetValue == 0xC0FFEE);
    memset(storage, 0, sizeof storage);
    single->DataBlockOffset = 64;
    Check("single.dispatch", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_QUERY_SINGLE_INSTANCE, NULL, &rc, &NameGuid, 128, buffer));
    Check("single.reply", ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_SUCCESS && single->SizeDataBlock == 4 &&
                              *(ULONG *)(buffer + 64) == 0xC0FFEE && ScsiPortWmiGetReturnSize(&rc) == 68);
    single->InstanceIndex = 5;
    Check("single.bad-instance", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_QUERY_SINGLE_INSTANCE, NULL, &rc, &NameGuid, 128, buffer) &&
                                     ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_ERROR);

    /* unknown GUID, unknown minor function, missing callback, event control */
    Check("guid.unknown", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_QUERY_ALL_DATA, NULL, &rc, &OtherGuid, sizeof storage, buffer) &&
                              ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_ERROR);
    Check("minor.unknown", !ScsiPortWmiDispatchFunction(&Lib, 0x20, NULL, &rc, &TempGuid, sizeof storage, buffer));
    single->InstanceIndex = 0;
    Check("method.missing", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_EXECUTE_METHOD, NULL, &rc, &TempGuid, 128, buffer) &&
                                ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_INVALID_REQUEST);
    Check("events.enable", ScsiPortWmiDispatchFunction(&Lib, IRP_MN_ENABLE_EVENTS, NULL, &rc, &TempGuid, 0, NULL) &&
                               EventsEnabled == 1 && ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_SUCCESS);

    /* dynamic instance names */
    memset(storage, 0, sizeof storage);
    rc.MinorFunction = IRP_MN_QUERY_ALL_DATA;
    rc.Buffer = buffer;
    rc.BufferSize = sizeof storage;
    ULONG avail = 0, needed = 0;
    Check("dynamic.count", ScsiPortWmiSetInstanceCount(&rc, 1, &avail, &needed) != NULL && all->InstanceCount == 1);
    PWCHAR name = ScsiPortWmiSetInstanceName(&rc, 0, 4, &avail, &needed);
    if (name != NULL) { name[0] = 'L'; name[1] = '0'; }
    PVOID data = ScsiPortWmiSetData(&rc, 0, 4, &avail, &needed);
    Check("dynamic.set", name != NULL && data != NULL && ((ULONG_PTR)((PUCHAR)data - buffer) % 8) == 0);
    ScsiPortWmiPostProcess(&rc, SRB_STATUS_SUCCESS, 0);
    Check("dynamic.post", ScsiPortWmiGetReturnStatus(&rc) == SRB_STATUS_SUCCESS &&
                              all->OffsetInstanceDataAndLength[0].LengthInstanceData == 4 &&
                              ScsiPortWmiGetReturnSize(&rc) == all->OffsetInstanceDataAndLength[0].OffsetInstanceData + 4);

    printf("DONE %d\n", failures);
    return failures;
}
