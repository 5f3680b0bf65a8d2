/*
 * scsiwmi.h - the SCSI WMI library a SCSI Port or StorPort miniport links (scsiwmi.lib in the
 * WDK): the miniport describes its WMI data blocks in a SCSI_WMILIB_CONTEXT and hands each
 * SRB_FUNCTION_WMI request to ScsiPortWmiDispatchFunction, which calls the miniport's
 * callbacks and builds the WNODE reply in the SRB's buffer.
 *
 * Part of the miniport SDK's CMiniportABI module. Include it after miniport.h/srb.h or
 * storport.h. The routines are implemented in the import stub (CMiniportABI/stub/scsiwmi.c),
 * so they are linked into every miniport image, like the WDK's static library.
 */
#ifndef MPABI_SCSIWMI_H
#define MPABI_SCSIWMI_H
#ifndef _SCSIWMI_
#define _SCSIWMI_
#endif

#include "mpabi_types.h"
#include "wmistr.h"

MPABI_EXTERN_C_BEGIN

/* The library's records are packed to 4 bytes, as in the WDK (x64: pointers may sit at offset 4). */
#pragma pack(push, 4)

/* SRB WMISubFunction values: the WMI minor function codes (wdm.h's IRP_MN_* for WMI IRPs). */
#ifndef IRP_MN_QUERY_ALL_DATA
#define IRP_MN_QUERY_ALL_DATA        0x00
#define IRP_MN_QUERY_SINGLE_INSTANCE 0x01
#define IRP_MN_CHANGE_SINGLE_INSTANCE 0x02
#define IRP_MN_CHANGE_SINGLE_ITEM    0x03
#define IRP_MN_ENABLE_EVENTS         0x04
#define IRP_MN_DISABLE_EVENTS        0x05
#define IRP_MN_ENABLE_COLLECTION     0x06
#define IRP_MN_DISABLE_COLLECTION    0x07
#define IRP_MN_REGINFO               0x08
#define IRP_MN_EXECUTE_METHOD        0x09
#endif
#ifndef IRP_MN_REGINFO_EX
#define IRP_MN_REGINFO_EX            0x0b
#endif

/* One data block (GUID) the miniport provides. */
typedef struct {
    LPCGUID Guid;
    ULONG InstanceCount;
    ULONG Flags;                /* WMIREG_FLAG_* */
} SCSIWMIGUIDREGINFO, *PSCSIWMIGUIDREGINFO;

/* Per-request state; the miniport keeps it (usually in its SRB extension) until it posts. */
typedef struct _SCSIWMI_REQUEST_CONTEXT {
    PVOID UserContext;          /* the miniport's own */
    ULONG BufferSize;
    PUCHAR Buffer;
    UCHAR MinorFunction;
    UCHAR ReturnStatus;         /* SRB_STATUS_* for the SRB */
    ULONG ReturnSize;           /* bytes of the reply, for the SRB's DataTransferLength */
} SCSIWMI_REQUEST_CONTEXT, *PSCSIWMI_REQUEST_CONTEXT;

typedef enum {
    ScsiWmiEventControl,
    ScsiWmiDataBlockControl
} SCSIWMI_ENABLE_DISABLE_CONTROL;

typedef UCHAR (*PSCSIWMI_QUERY_REGINFO)(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                         PWCHAR *MofResourceName);
typedef BOOLEAN (*PSCSIWMI_QUERY_DATABLOCK)(PVOID Context, PSCSIWMI_REQUEST_CONTEXT DispatchContext,
                                            ULONG GuidIndex, ULONG InstanceIndex, ULONG InstanceCount,
                                            PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer);
typedef BOOLEAN (*PSCSIWMI_SET_DATABLOCK)(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                          ULONG GuidIndex, ULONG InstanceIndex, ULONG BufferSize, PUCHAR Buffer);
typedef BOOLEAN (*PSCSIWMI_SET_DATAITEM)(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                         ULONG GuidIndex, ULONG InstanceIndex, ULONG DataItemId,
                                         ULONG BufferSize, PUCHAR Buffer);
typedef BOOLEAN (*PSCSIWMI_EXECUTE_METHOD)(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                           ULONG GuidIndex, ULONG InstanceIndex, ULONG MethodId,
                                           ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer);
typedef BOOLEAN (*PSCSIWMI_FUNCTION_CONTROL)(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                             ULONG GuidIndex, SCSIWMI_ENABLE_DISABLE_CONTROL Function,
                                             BOOLEAN Enable);

typedef struct _SCSIWMILIB_CONTEXT {
    ULONG GuidCount;
    PSCSIWMIGUIDREGINFO GuidList;
    PSCSIWMI_QUERY_REGINFO QueryWmiRegInfo;
    PSCSIWMI_QUERY_DATABLOCK QueryWmiDataBlock;
    PSCSIWMI_SET_DATABLOCK SetWmiDataBlock;
    PSCSIWMI_SET_DATAITEM SetWmiDataItem;
    PSCSIWMI_EXECUTE_METHOD ExecuteWmiMethod;
    PSCSIWMI_FUNCTION_CONTROL WmiFunctionControl;
} SCSI_WMILIB_CONTEXT, *PSCSI_WMILIB_CONTEXT;

#pragma pack(pop)

/* Hands one WMI request to the miniport's callbacks. FALSE: not a WMI request this library
 * knows (complete the SRB with SRB_STATUS_INVALID_REQUEST). TRUE: read the outcome with
 * ScsiPortWmiGetReturnStatus / ScsiPortWmiGetReturnSize once the callback has posted. */
BOOLEAN ScsiPortWmiDispatchFunction(PSCSI_WMILIB_CONTEXT WmiLibInfo, UCHAR MinorFunction, PVOID DeviceContext,
                                    PSCSIWMI_REQUEST_CONTEXT RequestContext, PVOID DataPath, ULONG BufferSize,
                                    PVOID Buffer);

/* Called by the miniport's callback when it has the answer: finishes the WNODE in the buffer.
 * SRB_STATUS_DATA_OVERRUN with BufferUsed = the bytes needed turns the reply into a
 * WNODE_TOO_SMALL. */
VOID ScsiPortWmiPostProcess(PSCSIWMI_REQUEST_CONTEXT RequestContext, UCHAR SrbStatus, ULONG BufferUsed);

#define ScsiPortWmiGetReturnStatus(RequestContext) ((RequestContext)->ReturnStatus)
#define ScsiPortWmiGetReturnSize(RequestContext) ((RequestContext)->ReturnSize)

/* Builds a WNODE_SINGLE_INSTANCE event for Guid and hands it to the port (WMIEvent). */
VOID ScsiPortWmiFireLogicalUnitEvent(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                     LPGUID Guid, ULONG InstanceIndex, ULONG EventDataSize, PVOID EventData);
#define ScsiPortWmiFireAdapterEvent(HwDeviceExtension, Guid, InstanceIndex, EventDataSize, EventData) \
    ScsiPortWmiFireLogicalUnitEvent((HwDeviceExtension), 0xff, 0, 0, (Guid), (InstanceIndex), (EventDataSize), (EventData))

/* Dynamic instance names: helpers that lay out a WNODE_ALL_DATA / WNODE_SINGLE_INSTANCE reply
 * instance by instance (used from the query callback, before posting). */
PWCHAR ScsiPortWmiGetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext);
PVOID ScsiPortWmiSetInstanceCount(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceCount,
                                  PULONG BufferAvail, PULONG SizeNeeded);
PWCHAR ScsiPortWmiSetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex,
                                  ULONG InstanceNameLength, PULONG BufferAvail, PULONG SizeNeeded);
PVOID ScsiPortWmiSetData(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex, ULONG DataLength,
                         PULONG BufferAvail, PULONG SizeNeeded);

MPABI_EXTERN_C_END

#endif /* MPABI_SCSIWMI_H */
