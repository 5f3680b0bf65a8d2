/*
 * storport_exports.c - a small virtual StorPort miniport that calls the Windows 8+ StorPort
 * routines at the moments a real miniport does and checks every answer against the value
 * the port must give, in C.
 *
 * The adapter (VIRTUAL_HW_INITIALIZATION_DATA) has one bus with target 0 / LUN 0: a 1 MiB
 * disk of 512-byte blocks held in pool memory. HwStartIo executes and completes every request
 * before it returns (INQUIRY, READ CAPACITY(10), READ(10), WRITE(10), TEST UNIT READY; any
 * other command is SRB_STATUS_INVALID_REQUEST).
 *
 * The checks run in HwFindAdapter, in HwInitialize and in HwStartIo for the first READ(10).
 * Each prints one line through StorPortDebugPrint(0, ...):
 *
 *     PASS <name>
 *     FAIL <name> got 0x<value> want 0x<value>
 *
 * Names are unique; StorPortExportsTests.swift lists every one, so a check that stops running
 * is noticed too. The state-change callback prints "STATECHANGE ctx .. type .. status ..".
 *
 * HwAdapterControl supports the query, stop, restart, boot and running configuration, power
 * setting notifications, the bus rescan and surprise removal; built with -DWITH_ADAPTER_POWER
 * also ScsiAdapterPower. Every call except the query prints "CONTROL <type>" (with the power
 * state and action for ScsiAdapterPower, with the setting's value for
 * ScsiPowerSettingNotification), supported or not.
 */
#include <storport.h>

#define EX_BLOCK_SIZE       512U
#define EX_DISK_BYTES       0x100000U
#define EX_DISK_BLOCKS      (EX_DISK_BYTES / EX_BLOCK_SIZE)
#define EX_MAX_TRANSFER     0x10000U
#define EX_POOL_TAG         ((ULONG)'E' | ((ULONG)'x' << 8) | ((ULONG)'p' << 16) | ((ULONG)'t' << 24))
#define EX_CONTIGUOUS_BYTES 8192U

typedef struct _EX_EXTENSION {
    PUCHAR Ram;
    BOOLEAN ReadChecked;        /* the first READ(10) ran the HwStartIo checks */
} EX_EXTENSION, *PEX_EXTENSION;

/* {0B2D69D7-A2A1-449C-9680-F91C70521C60} */
static GUID ExPowerSetting = { 0x0b2d69d7, 0xa2a1, 0x449c, { 0x96, 0x80, 0xf9, 0x1c, 0x70, 0x52, 0x1c, 0x60 } };

static WCHAR ExDiskString[] = { 'd', 'i', 's', 'k', 0 };
static WCHAR ExTired[] = { 't', 'i', 'r', 'e', 'd', 0 };
static WCHAR ExWorn[] = { 'w', 'o', 'r', 'n', 0 };
static UCHAR ExLargeData[2000];

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);

/* ======================================================================================
 * Checks
 * ====================================================================================== */

static VOID Check(const char *Name, ULONGLONG Got, ULONGLONG Want)
{
    if (Got == Want)
        StorPortDebugPrint(0, "PASS %s\n", Name);
    else
        StorPortDebugPrint(0, "FAIL %s got 0x%x want 0x%x\n", Name, (ULONG)Got, (ULONG)Want);
}

static VOID CheckTrue(const char *Name, BOOLEAN Condition)
{
    Check(Name, Condition ? 1 : 0, 1);
}

static STOR_ADDR_BTL8 ExBtl8(UCHAR Target)
{
    STOR_ADDR_BTL8 address;

    RtlZeroMemory(&address, sizeof(address));
    address.Type = STOR_ADDRESS_TYPE_BTL8;
    address.AddressLength = STOR_ADDR_BTL8_ADDRESS_LENGTH;
    address.Path = 0;
    address.Target = Target;
    address.Lun = 0;
    return address;
}

/* ---- HwFindAdapter ---- */

static VOID CheckBusType(PVOID Ext)
{
    Check("bustype.sas", StorPortSetAdapterBusType(Ext, BusTypeSas), STOR_STATUS_SUCCESS);
    Check("bustype.invalid", StorPortSetAdapterBusType(Ext, 0x80), STOR_STATUS_INVALID_PARAMETER);
}

static VOID CheckRegistry(PVOID Ext)
{
    UCHAR mode[] = "Mode";
    UCHAR sub[] = "Sub";
    UCHAR name[] = "Name";
    UCHAR abc[] = "abc";
    UCHAR small[2];
    UCHAR big[16];
    ULONG seven = 7;
    ULONG value = 0;
    PVOID data;
    ULONG length;

    Check("regwrite.mode", StorPortRegistryWriteAdapterKey(Ext, NULL, mode, REG_DWORD, &seven, sizeof(seven)),
          STOR_STATUS_SUCCESS);

    data = &value;
    length = sizeof(value);
    Check("regread.mode", StorPortRegistryReadAdapterKey(Ext, NULL, mode, REG_DWORD, &data, &length),
          STOR_STATUS_SUCCESS);
    Check("regread.mode.value", value, 7);
    Check("regread.mode.length", length, 4);

    data = &value;
    length = sizeof(value);
    Check("regread.sub-mode", StorPortRegistryReadAdapterKey(Ext, sub, mode, REG_DWORD, &data, &length),
          STOR_STATUS_UNSUCCESSFUL);

    Check("regwrite.sub-name", StorPortRegistryWriteAdapterKey(Ext, sub, name, REG_SZ, abc, sizeof(abc)),
          STOR_STATUS_SUCCESS);

    data = small;
    length = sizeof(small);
    Check("regread.small", StorPortRegistryReadAdapterKey(Ext, sub, name, REG_SZ, &data, &length),
          STOR_STATUS_BUFFER_TOO_SMALL);
    Check("regread.small.length", length, 4);

    RtlZeroMemory(big, sizeof(big));
    data = big;
    length = sizeof(big);
    Check("regread.name", StorPortRegistryReadAdapterKey(Ext, sub, name, REG_SZ, &data, &length),
          STOR_STATUS_SUCCESS);
    CheckTrue("regread.name.value", big[0] == 'a' && big[1] == 'b' && big[2] == 'c' && big[3] == 0);
    Check("regread.name.length", length, 4);

    data = NULL;
    length = sizeof(value);
    Check("regread.null-data", StorPortRegistryReadAdapterKey(Ext, NULL, mode, REG_DWORD, &data, &length),
          STOR_STATUS_INVALID_PARAMETER);
}

static VOID CheckUpgrade(PVOID Ext)
{
    BOOLEAN upgrade = TRUE;

    Check("upgrade", StorPortIsCurrentOsInstallationUpgrade(Ext, &upgrade), STOR_STATUS_SUCCESS);
    Check("upgrade.value", upgrade, FALSE);
    Check("upgrade.null", StorPortIsCurrentOsInstallationUpgrade(Ext, NULL), STOR_STATUS_INVALID_PARAMETER);
}

static VOID CheckContiguousMemory(PVOID Ext)
{
    PHYSICAL_ADDRESS lowest, highest, boundary, physical;
    PVOID buffer = NULL;
    ULONG length = 0;
    ULONG status;

    lowest.QuadPart = 0;
    highest.QuadPart = -1;                      /* 0xFFFFFFFFFFFFFFFF */
    boundary.QuadPart = 0;
    status = StorPortAllocateContiguousMemorySpecifyCacheNode(Ext, EX_CONTIGUOUS_BYTES, lowest, highest, boundary,
                                                              MmCached, 0, &buffer);
    Check("contig.alloc", status, STOR_STATUS_SUCCESS);
    CheckTrue("contig.nonnull", buffer != NULL);
    Check("contig.aligned", (ULONG_PTR)buffer & 0xFFF, 0);

    if (buffer != NULL) {
        physical = StorPortGetPhysicalAddress(Ext, NULL, buffer, &length);
        CheckTrue("contig.physical", physical.QuadPart != 0);
        CheckTrue("contig.physical.length", length >= EX_CONTIGUOUS_BYTES);
        /* A pointer that is no adapter's device extension: no address, and no length either. */
        length = 1234;
        physical = StorPortGetPhysicalAddress((PVOID)&length, NULL, buffer, &length);
        CheckTrue("physical.foreign-extension", physical.QuadPart == 0 && length == 0);
    }

    Check("contig.free", StorPortFreeContiguousMemorySpecifyCache(Ext, buffer, EX_CONTIGUOUS_BYTES, MmCached),
          STOR_STATUS_SUCCESS);
    Check("contig.free-again", StorPortFreeContiguousMemorySpecifyCache(Ext, buffer, EX_CONTIGUOUS_BYTES, MmCached),
          STOR_STATUS_INVALID_PARAMETER);

    buffer = &length;                           /* must come back NULL */
    highest.QuadPart = 0xFFF;
    status = StorPortAllocateContiguousMemorySpecifyCacheNode(Ext, EX_CONTIGUOUS_BYTES, lowest, highest, boundary,
                                                              MmCached, 0, &buffer);
    Check("contig.too-high", status, STOR_STATUS_INSUFFICIENT_RESOURCES);
    CheckTrue("contig.too-high.null", buffer == NULL);
}

static VOID CheckMsi(PVOID Ext)
{
    MESSAGE_INTERRUPT_INFORMATION info;
    ULONG oldIrql = 0;

    RtlZeroMemory(&info, sizeof(info));
    Check("msi.info", StorPortGetMSIInfo(Ext, 0, &info), STOR_STATUS_INVALID_DEVICE_REQUEST);
    Check("msi.info.null", StorPortGetMSIInfo(Ext, 0, NULL), STOR_STATUS_INVALID_PARAMETER);
    Check("msi.lock", StorPortAcquireMSISpinLock(Ext, 0, &oldIrql), STOR_STATUS_INVALID_PARAMETER);
}

static VOID CheckAffinity(PVOID Ext)
{
    KAFFINITY mask = 0;
    GROUP_AFFINITY affinity;

    Check("group.affinity", StorPortGetGroupAffinity(Ext, 0, &mask), STOR_STATUS_SUCCESS);
    Check("group.affinity.mask", mask, 1);
    Check("group.affinity.group1", StorPortGetGroupAffinity(Ext, 1, &mask), STOR_STATUS_UNSUCCESSFUL);
    Check("group.affinity.null", StorPortGetGroupAffinity(Ext, 0, NULL), STOR_STATUS_INVALID_PARAMETER);

    RtlZeroMemory(&affinity, sizeof(affinity));
    affinity.Mask = 0xFF;
    affinity.Group = 7;
    Check("node.affinity", StorPortGetNodeAffinity(Ext, 0, &affinity), STOR_STATUS_SUCCESS);
    Check("node.affinity.mask", affinity.Mask, 1);
    Check("node.affinity.group", affinity.Group, 0);
    Check("node.affinity.range", StorPortGetNodeAffinity(Ext, 70000, &affinity), STOR_STATUS_INVALID_PARAMETER);
    Check("node.affinity.node1", StorPortGetNodeAffinity(Ext, 1, &affinity), STOR_STATUS_UNSUCCESSFUL);
}

static VOID CheckSystemEvent(PVOID Ext)
{
    static UCHAR dump[4] = { 1, 2, 3, 4 };
    static UCHAR largeDump[200];
    PWSTR strings[1] = { ExDiskString };
    STOR_LOG_EVENT_DETAILS details;
    ULONG maximumSize = 0;

    RtlZeroMemory(&details, sizeof(details));
    details.InterfaceRevision = STOR_CURRENT_LOG_INTERFACE_REVISION;
    details.Size = sizeof(details);
    details.Flags = 0;
    details.EventAssociation = StorEventLunAssociation;
    details.PathId = 0;
    details.TargetId = 0;
    details.LunId = 0;
    details.StorportSpecificErrorCode = FALSE;
    details.ErrorCode = 0x1234;
    details.UniqueId = 0x55;
    details.DumpDataSize = sizeof(dump);
    details.DumpData = dump;
    details.StringCount = 1;
    details.StringList = strings;
    Check("event.log", StorPortLogSystemEvent(Ext, &details, &maximumSize), STOR_STATUS_SUCCESS);

    details.InterfaceRevision = 0x200;
    Check("event.revision", StorPortLogSystemEvent(Ext, &details, &maximumSize), STOR_STATUS_UNSUPPORTED_VERSION);
    Check("event.revision.rewritten", details.InterfaceRevision, 0x100);

    details.InterfaceRevision = STOR_CURRENT_LOG_INTERFACE_REVISION;
    details.Flags = 1;
    Check("event.flags", StorPortLogSystemEvent(Ext, &details, &maximumSize), STOR_STATUS_INVALID_PARAMETER);

    details.Flags = 0;
    details.DumpDataSize = sizeof(largeDump);
    details.DumpData = largeDump;
    maximumSize = 0;
    Check("event.size", StorPortLogSystemEvent(Ext, &details, &maximumSize), STOR_STATUS_INVALID_BUFFER_SIZE);
    Check("event.size.maximum", maximumSize, 150);
}

static VOID CheckFindAdapterMisc(PVOID Ext)
{
    STOR_POFX_DEVICE device;
    BOOLEAN d3ColdEnabled = FALSE;

    Check("powerguids", StorPortSetPowerSettingNotificationGuids(Ext, 1, &ExPowerSetting), STOR_STATUS_SUCCESS);
    Check("dumpmem", StorPortMarkDumpMemory(Ext, Ext, 16, 0), STOR_STATUS_INVALID_DEVICE_STATE);

    RtlZeroMemory(&device, sizeof(device));
    Check("pofx", StorPortInitializePoFxPower(Ext, NULL, &device, &d3ColdEnabled), STOR_STATUS_NOT_IMPLEMENTED);
}

/* ---- HwInitialize ---- */

static VOID CheckPerfOpts(PVOID Ext)
{
    PERF_CONFIGURATION_DATA perf;

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    Check("perf.query", StorPortInitializePerfOpts(Ext, TRUE, &perf), STOR_STATUS_SUCCESS);
    Check("perf.query.flags", perf.Flags,
          STOR_PERF_DPC_REDIRECTION | STOR_PERF_CONCURRENT_CHANNELS | STOR_PERF_INTERRUPT_MESSAGE_RANGES |
              STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO | STOR_PERF_DPC_REDIRECTION_CURRENT_CPU | STOR_PERF_NO_SGL);

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = 2;
    perf.Size = sizeof(perf);
    Check("perf.query.v2", StorPortInitializePerfOpts(Ext, TRUE, &perf), STOR_STATUS_SUCCESS);
    Check("perf.query.v2.flags", perf.Flags,
          STOR_PERF_DPC_REDIRECTION | STOR_PERF_CONCURRENT_CHANNELS | STOR_PERF_INTERRUPT_MESSAGE_RANGES);

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = sizeof(perf);
    perf.Flags = STOR_PERF_CONCURRENT_CHANNELS;
    perf.ConcurrentChannels = 0;
    Check("perf.set.channels", StorPortInitializePerfOpts(Ext, FALSE, &perf), STOR_STATUS_INVALID_PARAMETER);
    perf.ConcurrentChannels = 4;
    Check("perf.set.channels.count", StorPortInitializePerfOpts(Ext, FALSE, &perf), STOR_STATUS_SUCCESS);
    perf.Flags = STOR_PERF_ADV_CONFIG_LOCALITY;
    Check("perf.set.unoffered", StorPortInitializePerfOpts(Ext, FALSE, &perf), STOR_STATUS_UNSUCCESSFUL);

    /* Message ranges and the other redirection options need DPC redirection too; a range must
     * lie within the messages granted (this adapter has none). */
    perf.Flags = STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO;
    Check("perf.set.needs.dpc", StorPortInitializePerfOpts(Ext, FALSE, &perf), STOR_STATUS_INVALID_PARAMETER);
    perf.Flags = STOR_PERF_DPC_REDIRECTION | STOR_PERF_INTERRUPT_MESSAGE_RANGES;
    perf.FirstRedirectionMessageNumber = 0;
    perf.LastRedirectionMessageNumber = 0;
    Check("perf.set.range.ungranted", StorPortInitializePerfOpts(Ext, FALSE, &perf), STOR_STATUS_INVALID_PARAMETER);

    perf.Flags = STOR_PERF_DPC_REDIRECTION;
    Check("perf.set.dpc", StorPortInitializePerfOpts(Ext, FALSE, &perf), STOR_STATUS_SUCCESS);

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Version = STOR_PERF_VERSION;
    perf.Size = 4;
    Check("perf.size", StorPortInitializePerfOpts(Ext, TRUE, &perf), STOR_STATUS_INVALID_PARAMETER);
}

/* ---- HwStartIo, first READ(10) ---- */

static VOID ExStateChange(PVOID HwDeviceExtension, PVOID Context, SHORT AddressType, PVOID Address, ULONG Status)
{
    UNREFERENCED_PARAMETER(HwDeviceExtension);
    UNREFERENCED_PARAMETER(Address);

    StorPortDebugPrint(0, "STATECHANGE ctx 0x%llx type %d status 0x%x\n", (unsigned long long)(ULONG_PTR)Context,
                       (int)AddressType, Status);
}

static VOID CheckRequest(PVOID Ext, PSCSI_REQUEST_BLOCK Srb)
{
    STOR_REQUEST_INFO info;
    STARTIO_PERFORMANCE_PARAMETERS perf;
    GUID activity;
    STOR_ADDR_BTL8 address;
    PVOID systemAddress = NULL;

    RtlZeroMemory(&info, sizeof(info));
    info.Version = STOR_REQUEST_INFO_VER_1;
    info.Size = sizeof(info);
    info.PriorityHint = StorIoPriorityVeryLow;
    info.IsWriteRequest = TRUE;
    Check("reqinfo", StorPortGetRequestInfo(Ext, Srb, &info), STOR_STATUS_SUCCESS);
    Check("reqinfo.length", info.Length, Srb->DataTransferLength);
    Check("reqinfo.write", info.IsWriteRequest, FALSE);
    Check("reqinfo.priority", info.PriorityHint, StorIoPriorityNormal);
    info.Version = 7;
    Check("reqinfo.version", StorPortGetRequestInfo(Ext, Srb, &info), STOR_STATUS_UNSUPPORTED_VERSION);

    RtlZeroMemory(&perf, sizeof(perf));
    perf.Size = sizeof(perf);
    perf.MessageNumber = 0xFF;
    perf.ChannelNumber = 0xFF;
    Check("perfparams", StorPortGetStartIoPerfParams(Ext, Srb, &perf), STOR_STATUS_SUCCESS);
    Check("perfparams.message", perf.MessageNumber, 0);
    Check("perfparams.channel", perf.ChannelNumber, 0);
    perf.Size = 4;
    Check("perfparams.size", StorPortGetStartIoPerfParams(Ext, Srb, &perf), STOR_STATUS_INVALID_PARAMETER);

    RtlZeroMemory(&activity, sizeof(activity));
    Check("activityid", StorPortGetActivityIdSrb(Ext, Srb, &activity), STOR_STATUS_UNSUCCESSFUL);
    Check("activityid.null", StorPortGetActivityIdSrb(Ext, Srb, NULL), STOR_STATUS_INVALID_PARAMETER);

    /* The port number comes back in Address->Port (WDK); start from a value it is not. */
    address = ExBtl8(0);
    address.Port = 0xFFFF;
    Check("portnumber", StorPortGetSystemPortNumber(Ext, (PSTOR_ADDRESS)&address), STOR_STATUS_SUCCESS);
    Check("portnumber.port", address.Port, 0);
    address = ExBtl8(0);
    address.Type = 0;
    Check("portnumber.type", StorPortGetSystemPortNumber(Ext, (PSTOR_ADDRESS)&address),
          STOR_STATUS_INVALID_PARAMETER);

    Check("datain.address", StorPortGetDataInBufferSystemAddress(Ext, Srb, &systemAddress),
          STOR_STATUS_INVALID_PARAMETER);

    /* STOR_PERF_NO_SGL was not enabled, so the request has a scatter/gather list. */
    CheckTrue("sgl", StorPortGetScatterGatherList(Ext, Srb) != NULL);

    StorPortNotification(IoTargetRequestServiceTime, Ext, (ULONGLONG)100, Srb);
}

static VOID CheckUnitEvents(PVOID Ext)
{
    STOR_ADDR_BTL8 unit = ExBtl8(0);
    STOR_ADDR_BTL8 absent = ExBtl8(5);
    STOR_UNIT_ATTRIBUTES attributes;
    STOR_UNIT_ATTRIBUTES reserved;

    RtlZeroMemory(&attributes, sizeof(attributes));
    attributes.AsyncNotificationSupported = 1;
    reserved = attributes;
    reserved.Reserved = 1;
    Check("unitattr", StorPortSetUnitAttributes(Ext, (PSTOR_ADDRESS)&unit, attributes), STOR_STATUS_SUCCESS);
    Check("unitattr.target", StorPortSetUnitAttributes(Ext, (PSTOR_ADDRESS)&absent, attributes),
          STOR_STATUS_INVALID_PARAMETER);
    Check("unitattr.reserved", StorPortSetUnitAttributes(Ext, (PSTOR_ADDRESS)&unit, reserved),
          STOR_STATUS_INVALID_PARAMETER);

    /* The first notification stays pending until the port processes it after HwStartIo. */
    Check("async", StorPortAsyncNotificationDetected(Ext, (PSTOR_ADDRESS)&unit, RAID_ASYNC_NOTIFY_FLAG_MEDIA_STATUS),
          STOR_STATUS_SUCCESS);
    Check("async.flags", StorPortAsyncNotificationDetected(Ext, (PSTOR_ADDRESS)&unit, 0x8),
          STOR_STATUS_INVALID_PARAMETER);
    Check("async.busy", StorPortAsyncNotificationDetected(Ext, (PSTOR_ADDRESS)&unit, RAID_ASYNC_NOTIFY_FLAG_MEDIA_STATUS),
          STOR_STATUS_BUSY);

    Check("statechange",
          StorPortStateChangeDetected(Ext, STATE_CHANGE_TARGET, (PSTOR_ADDRESS)&unit, 0, ExStateChange, (PVOID)0x1234),
          STOR_STATUS_SUCCESS);
    Check("statechange.pending",
          StorPortStateChangeDetected(Ext, STATE_CHANGE_TARGET, (PSTOR_ADDRESS)&unit, 0, ExStateChange, (PVOID)0x1234),
          STOR_STATUS_UNSUCCESSFUL);
    Check("statechange.entity",
          StorPortStateChangeDetected(Ext, 0, (PSTOR_ADDRESS)&unit, 0, ExStateChange, (PVOID)0x1234),
          STOR_STATUS_INVALID_PARAMETER);

    StorPortMarkDeviceFailed(Ext, NULL, 0, ExTired);
    Check("failed.ex.large",
          StorPortMarkDeviceFailedEx(Ext, (PSTOR_ADDRESS)&unit, 0, 7, ExWorn, (USHORT)sizeof(ExLargeData), ExLargeData,
                                     0, NULL),
          STOR_STATUS_INVALID_PARAMETER);
    Check("failed.ex", StorPortMarkDeviceFailedEx(Ext, (PSTOR_ADDRESS)&unit, 0, 7, ExWorn, 2, ExLargeData, 0, NULL),
          STOR_STATUS_SUCCESS);
}

/* ======================================================================================
 * The disk
 * ====================================================================================== */

static ULONG ExMin(ULONG A, ULONG B)
{
    return A < B ? A : B;
}

static VOID ExPutBe32(PUCHAR Bytes, ULONG Value)
{
    Bytes[0] = (UCHAR)(Value >> 24);
    Bytes[1] = (UCHAR)(Value >> 16);
    Bytes[2] = (UCHAR)(Value >> 8);
    Bytes[3] = (UCHAR)Value;
}

static VOID ExSetStatus(PSCSI_REQUEST_BLOCK Srb, UCHAR SrbStatus)
{
    Srb->SrbStatus = SrbStatus;
    Srb->ScsiStatus = SCSISTAT_GOOD;
    if (SrbStatus != SRB_STATUS_SUCCESS)
        Srb->DataTransferLength = 0;
}

/* Up to Available bytes, at most AllocationLength and the buffer; fewer is an underrun. */
static VOID ExReturnData(PSCSI_REQUEST_BLOCK Srb, const VOID *Data, ULONG Available, ULONG AllocationLength)
{
    ULONG moved = ExMin(Available, ExMin(AllocationLength, Srb->DataTransferLength));

    if (moved != 0 && Srb->DataBuffer == NULL) {
        ExSetStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    if (moved != 0)
        RtlCopyMemory(Srb->DataBuffer, Data, moved);
    Srb->ScsiStatus = SCSISTAT_GOOD;
    if (moved < Srb->DataTransferLength) {
        Srb->DataTransferLength = moved;
        Srb->SrbStatus = SRB_STATUS_DATA_OVERRUN;
    } else {
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
}

static VOID ExInquiry(PSCSI_REQUEST_BLOCK Srb)
{
    static const CHAR id[] = "MPSDK   EXPORTS         0001";
    INQUIRYDATA data;
    ULONG i;

    if ((Srb->Cdb[1] & 0x01) != 0 || Srb->Cdb[2] != 0) {
        ExSetStatus(Srb, SRB_STATUS_INVALID_REQUEST);   /* no vital product data */
        return;
    }
    RtlZeroMemory(&data, sizeof(data));
    data.DeviceType = DIRECT_ACCESS_DEVICE;
    data.Versions = 0x05;
    data.ResponseDataFormat = 2;
    data.AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
    for (i = 0; i < 28; i++)
        ((PUCHAR)&data)[8 + i] = (UCHAR)id[i];
    ExReturnData(Srb, &data, INQUIRYDATABUFFERSIZE, ((ULONG)Srb->Cdb[3] << 8) | Srb->Cdb[4]);
}

static VOID ExReadCapacity(PSCSI_REQUEST_BLOCK Srb)
{
    UCHAR data[8];

    ExPutBe32(&data[0], EX_DISK_BLOCKS - 1);
    ExPutBe32(&data[4], EX_BLOCK_SIZE);
    ExReturnData(Srb, data, sizeof(data), sizeof(data));
}

static VOID ExReadWrite(PEX_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    const UCHAR *cdb = Srb->Cdb;
    ULONG lba = ((ULONG)cdb[2] << 24) | ((ULONG)cdb[3] << 16) | ((ULONG)cdb[4] << 8) | cdb[5];
    ULONG blocks = ((ULONG)cdb[7] << 8) | cdb[8];
    ULONG bytes = blocks * EX_BLOCK_SIZE;
    PUCHAR medium;

    if (lba > EX_DISK_BLOCKS || blocks > EX_DISK_BLOCKS - lba || Srb->DataTransferLength != bytes ||
        (bytes != 0 && Srb->DataBuffer == NULL)) {
        ExSetStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        return;
    }
    medium = Ext->Ram + (ULONG_PTR)lba * EX_BLOCK_SIZE;
    if (cdb[0] == SCSIOP_READ)
        RtlCopyMemory(Srb->DataBuffer, medium, bytes);
    else
        RtlCopyMemory(medium, Srb->DataBuffer, bytes);
    ExSetStatus(Srb, SRB_STATUS_SUCCESS);
}

/* StorPort hands every request a zeroed SRB extension: check, then leave it dirty for the next
 * request in the same slot. */
#define EX_SRB_EXTENSION_SIZE 64

static VOID CheckSrbExtension(PSCSI_REQUEST_BLOCK Srb)
{
    PUCHAR bytes = (PUCHAR)Srb->SrbExtension;
    ULONG index;
    BOOLEAN zeroed = bytes != NULL;

    for (index = 0; zeroed && index < EX_SRB_EXTENSION_SIZE; index++)
        zeroed = bytes[index] == 0;
    CheckTrue("srbext.zeroed", zeroed);
    if (bytes != NULL)
        RtlFillMemory(bytes, EX_SRB_EXTENSION_SIZE, 0xA5);
}

static VOID ExExecuteScsi(PEX_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    CheckSrbExtension(Srb);
    if (Srb->PathId != 0 || Srb->TargetId != 0 || Srb->Lun != 0) {
        ExSetStatus(Srb, SRB_STATUS_SELECTION_TIMEOUT);
        return;
    }
    switch (Srb->Cdb[0]) {
    case SCSIOP_TEST_UNIT_READY:
        ExSetStatus(Srb, SRB_STATUS_SUCCESS);
        Srb->DataTransferLength = 0;
        break;
    case SCSIOP_INQUIRY:
        ExInquiry(Srb);
        break;
    case SCSIOP_READ_CAPACITY:
        ExReadCapacity(Srb);
        break;
    case SCSIOP_READ:
        if (!Ext->ReadChecked) {
            Ext->ReadChecked = TRUE;
            CheckRequest(Ext, Srb);
            CheckUnitEvents(Ext);
        }
        ExReadWrite(Ext, Srb);
        break;
    case SCSIOP_WRITE:
        ExReadWrite(Ext, Srb);
        break;
    default:
        ExSetStatus(Srb, SRB_STATUS_INVALID_REQUEST);
        break;
    }
}

/* ======================================================================================
 * Entry points
 * ====================================================================================== */

static ULONG ExHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PVOID LowerDevice,
                             PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    PEX_EXTENSION ext = (PEX_EXTENSION)DeviceExtension;
    PVOID ram = NULL;

    UNREFERENCED_PARAMETER(HwContext);
    UNREFERENCED_PARAMETER(BusInformation);
    UNREFERENCED_PARAMETER(LowerDevice);
    UNREFERENCED_PARAMETER(ArgumentString);

    if (Again != NULL)
        *Again = FALSE;
    if (ConfigInfo->DumpMode != 0)
        return SP_RETURN_NOT_FOUND;             /* no dump copy: the disk does not outlive the adapter */

    RtlZeroMemory(ext, sizeof(*ext));
    if (StorPortAllocatePool(ext, EX_DISK_BYTES, EX_POOL_TAG, &ram) != STOR_STATUS_SUCCESS || ram == NULL)
        return SP_RETURN_ERROR;
    RtlZeroMemory(ram, EX_DISK_BYTES);
    ext->Ram = (PUCHAR)ram;

    CheckBusType(ext);
    CheckRegistry(ext);
    CheckUpgrade(ext);
    CheckContiguousMemory(ext);
    CheckMsi(ext);
    CheckAffinity(ext);
    CheckSystemEvent(ext);
    CheckFindAdapterMisc(ext);

    ConfigInfo->VirtualDevice = TRUE;
    ConfigInfo->AdapterInterfaceType = Internal;
    ConfigInfo->MaximumTransferLength = EX_MAX_TRANSFER;
    ConfigInfo->NumberOfPhysicalBreaks = EX_MAX_TRANSFER / 0x1000 + 1;
    ConfigInfo->AlignmentMask = 0;
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->InitiatorBusId[0] = 1;
    ConfigInfo->MaximumNumberOfTargets = 1;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    ConfigInfo->ScatterGather = TRUE;
    ConfigInfo->Master = TRUE;
    ConfigInfo->MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    ConfigInfo->TaggedQueuing = TRUE;
    ConfigInfo->AutoRequestSense = TRUE;
    ConfigInfo->MultipleRequestPerLu = TRUE;
    ConfigInfo->SynchronizationModel = StorSynchronizeFullDuplex;
    return SP_RETURN_FOUND;
}

static BOOLEAN ExHwInitialize(PVOID DeviceExtension)
{
    CheckPerfOpts(DeviceExtension);
    Check("bustype.late", StorPortSetAdapterBusType(DeviceExtension, BusTypeSas), STOR_STATUS_UNSUCCESSFUL);
    return TRUE;
}

static BOOLEAN ExHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PEX_EXTENSION ext = (PEX_EXTENSION)DeviceExtension;

    switch (Srb->Function) {
    case SRB_FUNCTION_EXECUTE_SCSI:
        ExExecuteScsi(ext, Srb);
        break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
    case SRB_FUNCTION_ABORT_COMMAND:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
        /* Nothing is ever pending or cached. */
        ExSetStatus(Srb, SRB_STATUS_SUCCESS);
        Srb->DataTransferLength = 0;
        break;
    default:
        ExSetStatus(Srb, SRB_STATUS_INVALID_REQUEST);   /* dump pointers among them: no dump copy */
        break;
    }
    StorPortNotification(RequestComplete, ext, Srb);
    return TRUE;
}

static BOOLEAN ExHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
    UNREFERENCED_PARAMETER(PathId);
    return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS ExHwAdapterControl(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                      PVOID Parameters)
{
    static const SCSI_ADAPTER_CONTROL_TYPE supported[] = {
        ScsiQuerySupportedControlTypes, ScsiStopAdapter, ScsiRestartAdapter, ScsiSetBootConfig,
        ScsiSetRunningConfig, ScsiPowerSettingNotification, ScsiAdapterPrepareForBusReScan,
        ScsiAdapterSurpriseRemoval,
#ifdef WITH_ADAPTER_POWER
        ScsiAdapterPower,
#endif
    };
    ULONG i;

    UNREFERENCED_PARAMETER(DeviceExtension);

    if (ControlType == ScsiQuerySupportedControlTypes) {
        PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
        for (i = 0; i < RTL_NUMBER_OF(supported); i++) {
            if ((ULONG)supported[i] < list->MaxControlType)
                list->SupportedTypeList[supported[i]] = TRUE;
        }
        return ScsiAdapterControlSuccess;
    }

    switch (ControlType) {
    case ScsiPowerSettingNotification: {
        PSTOR_POWER_SETTING_INFO setting = (PSTOR_POWER_SETTING_INFO)Parameters;
        ULONG value = 0;

        if (setting != NULL && setting->Value != NULL && setting->ValueLength >= sizeof(ULONG))
            RtlCopyMemory(&value, setting->Value, sizeof(ULONG));
        StorPortDebugPrint(0, "CONTROL %u value %u\n", (ULONG)ControlType, value);
        return ScsiAdapterControlSuccess;
    }

#ifdef WITH_ADAPTER_POWER
    case ScsiAdapterPower: {
        PSTOR_ADAPTER_CONTROL_POWER power = (PSTOR_ADAPTER_CONTROL_POWER)Parameters;

        if (power == NULL) {
            StorPortDebugPrint(0, "CONTROL %u\n", (ULONG)ControlType);
            return ScsiAdapterControlUnsuccessful;
        }
        StorPortDebugPrint(0, "CONTROL %u state %d action %d\n", (ULONG)ControlType, (int)power->PowerState,
                           (int)power->PowerAction);
        return ScsiAdapterControlSuccess;
    }
#endif

    case ScsiStopAdapter:
    case ScsiRestartAdapter:
    case ScsiSetBootConfig:
    case ScsiSetRunningConfig:
    case ScsiAdapterPrepareForBusReScan:
    case ScsiAdapterSurpriseRemoval:
        StorPortDebugPrint(0, "CONTROL %u\n", (ULONG)ControlType);
        return ScsiAdapterControlSuccess;

    default:
        /* Not supported: the port should not have called. The line shows that it did. */
        StorPortDebugPrint(0, "CONTROL %u\n", (ULONG)ControlType);
        return ScsiAdapterControlUnsuccessful;
    }
}

static VOID ExHwFreeAdapterResources(PVOID DeviceExtension)
{
    PEX_EXTENSION ext = (PEX_EXTENSION)DeviceExtension;

    if (ext->Ram != NULL) {
        (VOID)StorPortFreePool(ext, ext->Ram);
        ext->Ram = NULL;
    }
}

static VOID ExHwProcessServiceRequest(PVOID DeviceExtension, PVOID Irp)
{
    (VOID)StorPortCompleteServiceIrp(DeviceExtension, Irp);
}

static VOID ExHwCompleteServiceIrp(PVOID DeviceExtension)
{
    UNREFERENCED_PARAMETER(DeviceExtension);
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    VIRTUAL_HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(VIRTUAL_HW_INITIALIZATION_DATA);
    init.AdapterInterfaceType = Internal;
    init.HwInitialize = ExHwInitialize;
    init.HwStartIo = ExHwStartIo;
    init.HwFindAdapter = ExHwFindAdapter;
    init.HwResetBus = ExHwResetBus;
    init.HwAdapterControl = ExHwAdapterControl;
    init.HwFreeAdapterResources = ExHwFreeAdapterResources;
    init.HwProcessServiceRequest = ExHwProcessServiceRequest;
    init.HwCompleteServiceIrp = ExHwCompleteServiceIrp;
    init.DeviceExtensionSize = sizeof(EX_EXTENSION);
    init.SrbExtensionSize = EX_SRB_EXTENSION_SIZE;
    init.MapBuffers = STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE;
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;
    return StorPortInitialize(DriverObject, RegistryPath, (PHW_INITIALIZATION_DATA)&init, NULL);
}
