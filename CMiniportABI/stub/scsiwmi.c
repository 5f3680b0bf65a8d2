/*
 * scsiwmi.c - the SCSI WMI library (the WDK's scsiwmi.lib) compiled into every miniport image.
 *
 * ScsiPortWmiDispatchFunction turns one SRB_FUNCTION_WMI request into a call of the miniport's
 * SCSI_WMILIB_CONTEXT callback; ScsiPortWmiPostProcess, called by the callback, finishes the
 * WNODE reply in the request's buffer. Every offset and length is checked against the buffer
 * size the request came with: a reply that does not fit becomes a WNODE_TOO_SMALL (when the
 * buffer holds one) or SRB_STATUS_DATA_OVERRUN, never a write past the buffer.
 *
 * Reply layouts built here:
 *   WNODE_ALL_DATA   fixed part, OffsetInstanceDataAndLength[InstanceCount], (dynamic names:
 *                    ULONG name offsets), then each instance's data 8-byte aligned.
 *   WNODE_SINGLE_INSTANCE / _ITEM / METHOD_ITEM   data at the DataBlockOffset the request gave.
 *   WMIREGINFOW      one WMIREGGUIDW per GuidList entry, then the MOF resource name (a counted
 *                    Unicode string) when the miniport names one.
 * While a WNODE_ALL_DATA reply is built with ScsiPortWmiSetData/SetInstanceName, its
 * WnodeHeader.BufferSize holds the bytes used so far; ScsiPortWmiPostProcess sets the final value.
 */
/* System headers first: their declarations keep default visibility (libc's mem* routines). */
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <string.h>   /* a freestanding (Windows) build has memcpy and friends from mpabi_types.h */
#endif
#pragma GCC visibility push(hidden)
#include "miniport.h"
#include "srb.h"
#include "scsiwmi.h"
#include "mpabi_stub.h"

#define MPABI_WMI_ALIGN8(x) (((x) + 7U) & ~7U)
#define MPABI_WMI_ALL_DATA_FIXED ((ULONG)offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength))
#define MPABI_WMI_EVENT_MAX 4096U

static ULONG MpAbiWmiGuidIndex(PSCSI_WMILIB_CONTEXT Info, const GUID *Guid)
{
    for (ULONG i = 0; i < Info->GuidCount; i++) {
        if (Info->GuidList[i].Guid != NULL && memcmp(Info->GuidList[i].Guid, Guid, sizeof(GUID)) == 0)
            return i;
    }
    return 0xFFFFFFFFU;
}

static VOID MpAbiWmiComplete(PSCSIWMI_REQUEST_CONTEXT RequestContext, UCHAR Status, ULONG Size)
{
    RequestContext->ReturnStatus = Status;
    RequestContext->ReturnSize = Size;
}

/* The WNODE_HEADER at the start of the buffer, when the buffer holds one. */
static PWNODE_HEADER MpAbiWmiHeader(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG Needed)
{
    if (RequestContext->Buffer == NULL || RequestContext->BufferSize < Needed)
        return NULL;
    return (PWNODE_HEADER)RequestContext->Buffer;
}

/* Replace the reply by a WNODE_TOO_SMALL naming the size needed. */
static VOID MpAbiWmiTooSmall(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG SizeNeeded)
{
    PWNODE_TOO_SMALL small = (PWNODE_TOO_SMALL)MpAbiWmiHeader(RequestContext, sizeof(WNODE_TOO_SMALL));
    if (small == NULL) {
        MpAbiWmiComplete(RequestContext, SRB_STATUS_DATA_OVERRUN, 0);
        return;
    }
    small->WnodeHeader.BufferSize = sizeof(WNODE_TOO_SMALL);
    small->WnodeHeader.Flags |= WNODE_FLAG_TOO_SMALL;
    small->SizeNeeded = SizeNeeded;
    MpAbiWmiComplete(RequestContext, SRB_STATUS_SUCCESS, sizeof(WNODE_TOO_SMALL));
}

static BOOLEAN MpAbiWmiRegInfo(PSCSI_WMILIB_CONTEXT Info, PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext)
{
    PWCHAR mofName = NULL;
    if (Info->QueryWmiRegInfo != NULL)
        (void)Info->QueryWmiRegInfo(DeviceContext, RequestContext, &mofName);
    ULONG nameChars = 0;
    if (mofName != NULL)
        while (mofName[nameChars] != 0 && nameChars < 0x7FFF) nameChars++;
    ULONG fixed = (ULONG)offsetof(WMIREGINFOW, WmiRegGuid) + Info->GuidCount * (ULONG)sizeof(WMIREGGUIDW);
    ULONG needed = fixed + (mofName != NULL ? (ULONG)sizeof(USHORT) + nameChars * (ULONG)sizeof(WCHAR) : 0);
    if (RequestContext->Buffer == NULL || RequestContext->BufferSize < needed) {
        /* WMI's convention: the first ULONG tells the size a second request needs. */
        if (RequestContext->Buffer != NULL && RequestContext->BufferSize >= sizeof(ULONG)) {
            *(PULONG)RequestContext->Buffer = needed;
            MpAbiWmiComplete(RequestContext, SRB_STATUS_SUCCESS, sizeof(ULONG));
        } else {
            MpAbiWmiComplete(RequestContext, SRB_STATUS_DATA_OVERRUN, 0);
        }
        return TRUE;
    }
    PWMIREGINFOW reg = (PWMIREGINFOW)RequestContext->Buffer;
    memset(reg, 0, fixed);
    reg->BufferSize = needed;
    reg->GuidCount = Info->GuidCount;
    for (ULONG i = 0; i < Info->GuidCount; i++) {
        if (Info->GuidList[i].Guid != NULL)
            reg->WmiRegGuid[i].Guid = *Info->GuidList[i].Guid;
        reg->WmiRegGuid[i].Flags = Info->GuidList[i].Flags;
        reg->WmiRegGuid[i].InstanceCount = Info->GuidList[i].InstanceCount;
    }
    if (mofName != NULL) {
        PUCHAR at = RequestContext->Buffer + fixed;
        USHORT bytes = (USHORT)(nameChars * sizeof(WCHAR));
        memcpy(at, &bytes, sizeof bytes);
        memcpy(at + sizeof bytes, mofName, bytes);
        reg->MofResourceName = fixed;
    }
    MpAbiWmiComplete(RequestContext, SRB_STATUS_SUCCESS, needed);
    return TRUE;
}

BOOLEAN ScsiPortWmiDispatchFunction(PSCSI_WMILIB_CONTEXT WmiLibInfo, UCHAR MinorFunction, PVOID DeviceContext,
                                    PSCSIWMI_REQUEST_CONTEXT RequestContext, PVOID DataPath, ULONG BufferSize,
                                    PVOID Buffer)
{
    if (WmiLibInfo == NULL || RequestContext == NULL)
        return FALSE;
    RequestContext->MinorFunction = MinorFunction;
    RequestContext->Buffer = (PUCHAR)Buffer;
    RequestContext->BufferSize = Buffer != NULL ? BufferSize : 0;
    MpAbiWmiComplete(RequestContext, SRB_STATUS_INVALID_REQUEST, 0);

    if (MinorFunction == IRP_MN_REGINFO || MinorFunction == IRP_MN_REGINFO_EX)
        return MpAbiWmiRegInfo(WmiLibInfo, DeviceContext, RequestContext);
    if (MinorFunction > IRP_MN_EXECUTE_METHOD)
        return FALSE;
    if (DataPath == NULL || WmiLibInfo->GuidList == NULL) {
        MpAbiWmiComplete(RequestContext, SRB_STATUS_ERROR, 0);
        return TRUE;
    }
    ULONG guidIndex = MpAbiWmiGuidIndex(WmiLibInfo, (const GUID *)DataPath);
    if (guidIndex == 0xFFFFFFFFU) {
        MpAbiWmiComplete(RequestContext, SRB_STATUS_ERROR, 0);   /* not a GUID of this miniport */
        return TRUE;
    }
    ULONG size = RequestContext->BufferSize;
    PUCHAR buffer = RequestContext->Buffer;

    switch (MinorFunction) {
    case IRP_MN_QUERY_ALL_DATA: {
        PWNODE_ALL_DATA node = (PWNODE_ALL_DATA)MpAbiWmiHeader(RequestContext, sizeof(WNODE_TOO_SMALL));
        if (node == NULL || WmiLibInfo->QueryWmiDataBlock == NULL) {
            MpAbiWmiComplete(RequestContext, node == NULL ? SRB_STATUS_DATA_OVERRUN : SRB_STATUS_INVALID_REQUEST, 0);
            return TRUE;
        }
        ULONG count = WmiLibInfo->GuidList[guidIndex].InstanceCount;
        ULONG dataOffset = MPABI_WMI_ALIGN8(MPABI_WMI_ALL_DATA_FIXED + count * (ULONG)sizeof(OFFSETINSTANCEDATAANDLENGTH));
        if (count > 0x00FFFFFFU || size < dataOffset) {
            MpAbiWmiTooSmall(RequestContext, dataOffset);
            return TRUE;
        }
        node->InstanceCount = count;
        node->OffsetInstanceNameOffsets = 0;
        node->DataBlockOffset = dataOffset;
        node->WnodeHeader.BufferSize = dataOffset;
        /* The callback writes one ULONG length per instance; they wait in the offset table. */
        PULONG lengths = (PULONG)(buffer + MPABI_WMI_ALL_DATA_FIXED);
        memset(lengths, 0, count * sizeof(OFFSETINSTANCEDATAANDLENGTH));
        WmiLibInfo->QueryWmiDataBlock(DeviceContext, RequestContext, guidIndex, 0, count, lengths,
                                      size - dataOffset, buffer + dataOffset);
        return TRUE;
    }
    case IRP_MN_QUERY_SINGLE_INSTANCE:
    case IRP_MN_CHANGE_SINGLE_INSTANCE:
    case IRP_MN_EXECUTE_METHOD: {
        PWNODE_SINGLE_INSTANCE node = (PWNODE_SINGLE_INSTANCE)MpAbiWmiHeader(
            RequestContext, (ULONG)offsetof(WNODE_SINGLE_INSTANCE, VariableData));
        if (node == NULL || node->DataBlockOffset > size ||
            node->DataBlockOffset < offsetof(WNODE_SINGLE_INSTANCE, VariableData)) {
            MpAbiWmiComplete(RequestContext, SRB_STATUS_DATA_OVERRUN, 0);
            return TRUE;
        }
        if (node->InstanceIndex >= WmiLibInfo->GuidList[guidIndex].InstanceCount) {
            MpAbiWmiComplete(RequestContext, SRB_STATUS_ERROR, 0);
            return TRUE;
        }
        ULONG avail = size - node->DataBlockOffset;
        PUCHAR data = buffer + node->DataBlockOffset;
        if (MinorFunction == IRP_MN_QUERY_SINGLE_INSTANCE) {
            if (WmiLibInfo->QueryWmiDataBlock == NULL)
                return TRUE;
            node->SizeDataBlock = 0;
            WmiLibInfo->QueryWmiDataBlock(DeviceContext, RequestContext, guidIndex, node->InstanceIndex, 1,
                                          &node->SizeDataBlock, avail, data);
        } else if (MinorFunction == IRP_MN_CHANGE_SINGLE_INSTANCE) {
            if (WmiLibInfo->SetWmiDataBlock == NULL || node->SizeDataBlock > avail)
                return TRUE;
            WmiLibInfo->SetWmiDataBlock(DeviceContext, RequestContext, guidIndex, node->InstanceIndex,
                                        node->SizeDataBlock, data);
        } else {
            PWNODE_METHOD_ITEM method = (PWNODE_METHOD_ITEM)node;
            if (WmiLibInfo->ExecuteWmiMethod == NULL || method->SizeDataBlock > avail)
                return TRUE;
            WmiLibInfo->ExecuteWmiMethod(DeviceContext, RequestContext, guidIndex, method->InstanceIndex,
                                         method->MethodId, method->SizeDataBlock, avail, data);
        }
        return TRUE;
    }
    case IRP_MN_CHANGE_SINGLE_ITEM: {
        PWNODE_SINGLE_ITEM node = (PWNODE_SINGLE_ITEM)MpAbiWmiHeader(
            RequestContext, (ULONG)offsetof(WNODE_SINGLE_ITEM, VariableData));
        if (node == NULL || node->DataBlockOffset > size || node->SizeDataItem > size - node->DataBlockOffset ||
            node->DataBlockOffset < offsetof(WNODE_SINGLE_ITEM, VariableData)) {
            MpAbiWmiComplete(RequestContext, SRB_STATUS_DATA_OVERRUN, 0);
            return TRUE;
        }
        if (WmiLibInfo->SetWmiDataItem == NULL)
            return TRUE;
        WmiLibInfo->SetWmiDataItem(DeviceContext, RequestContext, guidIndex, node->InstanceIndex, node->ItemId,
                                   node->SizeDataItem, buffer + node->DataBlockOffset);
        return TRUE;
    }
    default: {  /* enable / disable events or collection */
        if (WmiLibInfo->WmiFunctionControl == NULL) {
            MpAbiWmiComplete(RequestContext, SRB_STATUS_SUCCESS, 0);
            return TRUE;
        }
        SCSIWMI_ENABLE_DISABLE_CONTROL what = (MinorFunction == IRP_MN_ENABLE_EVENTS ||
                                               MinorFunction == IRP_MN_DISABLE_EVENTS)
                                                  ? ScsiWmiEventControl : ScsiWmiDataBlockControl;
        BOOLEAN enable = MinorFunction == IRP_MN_ENABLE_EVENTS || MinorFunction == IRP_MN_ENABLE_COLLECTION;
        WmiLibInfo->WmiFunctionControl(DeviceContext, RequestContext, guidIndex, what, enable);
        return TRUE;
    }
    }
}

/* Finish a WNODE_ALL_DATA: lay the instances out from the lengths the callback gave. */
static VOID MpAbiWmiPostAllData(PSCSIWMI_REQUEST_CONTEXT RequestContext, UCHAR SrbStatus, ULONG BufferUsed)
{
    PWNODE_ALL_DATA node = (PWNODE_ALL_DATA)RequestContext->Buffer;
    ULONG size = RequestContext->BufferSize;
    ULONG count = node->InstanceCount;
    ULONG dataOffset = node->DataBlockOffset;
    if (SrbStatus == SRB_STATUS_DATA_OVERRUN) {
        MpAbiWmiTooSmall(RequestContext, dataOffset + BufferUsed);
        return;
    }
    if (SrbStatus != SRB_STATUS_SUCCESS) {
        MpAbiWmiComplete(RequestContext, SrbStatus, 0);
        return;
    }
    if (node->OffsetInstanceNameOffsets != 0) {
        /* Built with ScsiPortWmiSetInstanceCount / SetData: the table is already in place. */
        ULONG used = node->WnodeHeader.BufferSize;
        if (used > size) {
            MpAbiWmiTooSmall(RequestContext, used);
            return;
        }
        MpAbiWmiComplete(RequestContext, SRB_STATUS_SUCCESS, used);
        return;
    }
    /* The callback wrote ULONG lengths[count] where the offset/length pairs go; each instance
     * was written 8-byte aligned after the previous one. Check the sizes, move the lengths to
     * the upper half of the table (back to front), then fill the pairs front to back: neither
     * pass overwrites a length it has yet to read. */
    PULONG table = (PULONG)(RequestContext->Buffer + MPABI_WMI_ALL_DATA_FIXED);
    ULONG end = dataOffset;
    for (ULONG i = 0; i < count; i++) {
        ULONG next = MPABI_WMI_ALIGN8(end) + table[i];
        if (next < end || next > size) {
            MpAbiWmiTooSmall(RequestContext, dataOffset + BufferUsed);
            return;
        }
        end = next;
    }
    for (ULONG i = count; i-- > 0;)
        table[count + i] = table[i];
    ULONG start = dataOffset;
    for (ULONG i = 0; i < count; i++) {
        ULONG length = table[count + i];
        start = MPABI_WMI_ALIGN8(start);
        node->OffsetInstanceDataAndLength[i].OffsetInstanceData = start;
        node->OffsetInstanceDataAndLength[i].LengthInstanceData = length;
        start += length;
    }
    ULONG offsets_end = end;
    node->WnodeHeader.BufferSize = offsets_end;
    node->WnodeHeader.Flags |= WNODE_FLAG_ALL_DATA;
    MpAbiWmiComplete(RequestContext, SRB_STATUS_SUCCESS, offsets_end);
}

VOID ScsiPortWmiPostProcess(PSCSIWMI_REQUEST_CONTEXT RequestContext, UCHAR SrbStatus, ULONG BufferUsed)
{
    if (RequestContext == NULL)
        return;
    ULONG size = RequestContext->BufferSize;
    switch (RequestContext->MinorFunction) {
    case IRP_MN_QUERY_ALL_DATA:
        if (MpAbiWmiHeader(RequestContext, sizeof(WNODE_TOO_SMALL)) == NULL) {
            MpAbiWmiComplete(RequestContext, SRB_STATUS_DATA_OVERRUN, 0);
            return;
        }
        MpAbiWmiPostAllData(RequestContext, SrbStatus, BufferUsed);
        return;
    case IRP_MN_QUERY_SINGLE_INSTANCE:
    case IRP_MN_EXECUTE_METHOD: {
        PWNODE_SINGLE_INSTANCE node = (PWNODE_SINGLE_INSTANCE)MpAbiWmiHeader(
            RequestContext, (ULONG)offsetof(WNODE_SINGLE_INSTANCE, VariableData));
        if (node == NULL) {
            MpAbiWmiComplete(RequestContext, SRB_STATUS_DATA_OVERRUN, 0);
            return;
        }
        ULONG end = node->DataBlockOffset + BufferUsed;
        if (SrbStatus == SRB_STATUS_DATA_OVERRUN || end < BufferUsed || end > size) {
            MpAbiWmiTooSmall(RequestContext, end);
            return;
        }
        if (SrbStatus != SRB_STATUS_SUCCESS) {
            MpAbiWmiComplete(RequestContext, SrbStatus, 0);
            return;
        }
        node->SizeDataBlock = BufferUsed;
        node->WnodeHeader.BufferSize = end;
        MpAbiWmiComplete(RequestContext, SRB_STATUS_SUCCESS, end);
        return;
    }
    default:
        /* Set requests, event and collection control: nothing comes back but the status. */
        MpAbiWmiComplete(RequestContext, SrbStatus, 0);
        return;
    }
}

PWCHAR ScsiPortWmiGetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext)
{
    PWNODE_SINGLE_INSTANCE node = (PWNODE_SINGLE_INSTANCE)MpAbiWmiHeader(
        RequestContext, (ULONG)offsetof(WNODE_SINGLE_INSTANCE, VariableData));
    if (node == NULL || RequestContext->MinorFunction == IRP_MN_QUERY_ALL_DATA || node->OffsetInstanceName == 0 ||
        node->OffsetInstanceName > RequestContext->BufferSize - sizeof(USHORT))
        return NULL;
    return (PWCHAR)(RequestContext->Buffer + node->OffsetInstanceName);
}

PVOID ScsiPortWmiSetInstanceCount(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceCount,
                                  PULONG BufferAvail, PULONG SizeNeeded)
{
    PWNODE_ALL_DATA node = (PWNODE_ALL_DATA)MpAbiWmiHeader(RequestContext, MPABI_WMI_ALL_DATA_FIXED);
    ULONG table = MPABI_WMI_ALL_DATA_FIXED + InstanceCount * (ULONG)(sizeof(OFFSETINSTANCEDATAANDLENGTH) + sizeof(ULONG));
    ULONG dataOffset = MPABI_WMI_ALIGN8(table);
    if (SizeNeeded != NULL)
        *SizeNeeded = dataOffset;
    if (node == NULL || RequestContext->MinorFunction != IRP_MN_QUERY_ALL_DATA || InstanceCount > 0x00FFFFFFU ||
        dataOffset > RequestContext->BufferSize) {
        if (BufferAvail != NULL)
            *BufferAvail = 0;
        return NULL;
    }
    memset(RequestContext->Buffer + MPABI_WMI_ALL_DATA_FIXED, 0, dataOffset - MPABI_WMI_ALL_DATA_FIXED);
    node->InstanceCount = InstanceCount;
    node->OffsetInstanceNameOffsets = MPABI_WMI_ALL_DATA_FIXED + InstanceCount * (ULONG)sizeof(OFFSETINSTANCEDATAANDLENGTH);
    node->DataBlockOffset = dataOffset;
    node->WnodeHeader.BufferSize = dataOffset;
    if (BufferAvail != NULL)
        *BufferAvail = RequestContext->BufferSize - dataOffset;
    return RequestContext->Buffer + dataOffset;
}

/* Reserve Bytes at the next Alignment boundary of a WNODE_ALL_DATA under construction. */
static PUCHAR MpAbiWmiReserve(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex, ULONG Bytes,
                              ULONG Alignment, PULONG Offset, PULONG BufferAvail, PULONG SizeNeeded)
{
    PWNODE_ALL_DATA node = (PWNODE_ALL_DATA)MpAbiWmiHeader(RequestContext, MPABI_WMI_ALL_DATA_FIXED);
    if (node == NULL || node->OffsetInstanceNameOffsets == 0 || InstanceIndex >= node->InstanceCount) {
        if (BufferAvail != NULL)
            *BufferAvail = 0;
        return NULL;
    }
    ULONG used = node->WnodeHeader.BufferSize;
    ULONG start = (used + Alignment - 1) & ~(Alignment - 1);
    ULONG end = start + Bytes;
    if (SizeNeeded != NULL)
        *SizeNeeded += end - used;
    if (start < used || end < start || end > RequestContext->BufferSize) {
        node->WnodeHeader.BufferSize = end;   /* keeps counting what a retry needs */
        if (BufferAvail != NULL)
            *BufferAvail = 0;
        return NULL;
    }
    node->WnodeHeader.BufferSize = end;
    if (BufferAvail != NULL)
        *BufferAvail = RequestContext->BufferSize - end;
    *Offset = start;
    return RequestContext->Buffer + start;
}

PWCHAR ScsiPortWmiSetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex,
                                  ULONG InstanceNameLength, PULONG BufferAvail, PULONG SizeNeeded)
{
    ULONG offset = 0;
    if (InstanceNameLength > 0xFFFFU)
        return NULL;
    PUCHAR at = MpAbiWmiReserve(RequestContext, InstanceIndex, (ULONG)sizeof(USHORT) + InstanceNameLength, 2,
                                &offset, BufferAvail, SizeNeeded);
    if (at == NULL)
        return NULL;
    PWNODE_ALL_DATA node = (PWNODE_ALL_DATA)RequestContext->Buffer;
    USHORT bytes = (USHORT)InstanceNameLength;
    memcpy(at, &bytes, sizeof bytes);
    ULONG slot = node->OffsetInstanceNameOffsets + InstanceIndex * (ULONG)sizeof(ULONG);
    memcpy(RequestContext->Buffer + slot, &offset, sizeof offset);
    return (PWCHAR)(at + sizeof(USHORT));
}

PVOID ScsiPortWmiSetData(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex, ULONG DataLength,
                         PULONG BufferAvail, PULONG SizeNeeded)
{
    ULONG offset = 0;
    PUCHAR at = MpAbiWmiReserve(RequestContext, InstanceIndex, DataLength, 8, &offset, BufferAvail, SizeNeeded);
    if (at == NULL)
        return NULL;
    PWNODE_ALL_DATA node = (PWNODE_ALL_DATA)RequestContext->Buffer;
    node->OffsetInstanceDataAndLength[InstanceIndex].OffsetInstanceData = offset;
    node->OffsetInstanceDataAndLength[InstanceIndex].LengthInstanceData = DataLength;
    return at;
}

VOID ScsiPortWmiFireLogicalUnitEvent(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                     LPGUID Guid, ULONG InstanceIndex, ULONG EventDataSize, PVOID EventData)
{
    ULONG dataOffset = MPABI_WMI_ALIGN8((ULONG)offsetof(WNODE_SINGLE_INSTANCE, VariableData));
    if (Guid == NULL || EventDataSize > MPABI_WMI_EVENT_MAX - dataOffset || (EventDataSize != 0 && EventData == NULL))
        return;
    union {
        WNODE_SINGLE_INSTANCE node;
        UCHAR bytes[MPABI_WMI_EVENT_MAX];
    } event;
    memset(&event.node, 0, dataOffset);
    event.node.WnodeHeader.BufferSize = dataOffset + EventDataSize;
    event.node.WnodeHeader.Guid = *Guid;
    event.node.WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
    event.node.InstanceIndex = InstanceIndex;
    event.node.DataBlockOffset = dataOffset;
    event.node.SizeDataBlock = EventDataSize;
    if (EventDataSize != 0)
        memcpy(event.bytes + dataOffset, EventData, EventDataSize);
#if defined(_WIN32)
    /* A Windows driver image has this library inside; the event goes to the port as the
     * WMIEvent notification (scsiport.sys's ScsiPortNotification; PathId 0xFF: the adapter,
     * without TargetId and Lun). The port copies the event before it returns. */
    if (PathId == 0xFF)
        ScsiPortNotification(WMIEvent, HwDeviceExtension, &event, PathId);
    else
        ScsiPortNotification(WMIEvent, HwDeviceExtension, &event, PathId, TargetId, Lun);
#else
    /* The family whose slots the port filled carries the event (PathId 0xFF: the adapter). */
    if (MPABI_SLOT(ScsiPort, NotifyWMIEvent) != NULL)
        MPABI_SLOT(ScsiPort, NotifyWMIEvent)(MPABI_CONTEXT, HwDeviceExtension, &event, PathId, TargetId, Lun);
    else if (MPABI_SLOT(StorPort, NotifyWMIEvent) != NULL)
        MPABI_SLOT(StorPort, NotifyWMIEvent)(MPABI_CONTEXT, HwDeviceExtension, &event, PathId, TargetId, Lun);
    else
        MpAbiReportUnresolved("ScsiPortWmiFireLogicalUnitEvent");
#endif
}
