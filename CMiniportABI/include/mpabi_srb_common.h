/*
 * mpabi_srb_common.h - the request-block interface shared by SCSI Port (srb.h) and StorPort
 * (storport.h): SRB function/status/flag codes, SCSI_REQUEST_BLOCK and its WMI/power/PnP
 * variants, access ranges, adapter control, notification types and the miniport callback
 * types both port models call.
 *
 * Two lists differ between the families exactly as in the WDK: SCSI_ADAPTER_CONTROL_TYPE and
 * SCSI_NOTIFICATION_TYPE. storport.h defines MPABI_STORPORT_FAMILY before including this file
 * and gets the longer StorPort lists; srb.h gets the SCSI Port lists (ScsiAdapterControlMax is
 * 5 there, as a SCSI Port miniport expects).
 *
 * Do not include directly; include srb.h (with miniport.h) or storport.h.
 */
#ifndef MPABI_SRB_COMMON_H
#define MPABI_SRB_COMMON_H

#include "mpabi_types.h"
#include "mpabi_bus.h"

MPABI_EXTERN_C_BEGIN

/* ---- configuration limits ---- */
#define SCSI_MAXIMUM_BUSES_PER_ADAPTER 255
#define SCSI_MAXIMUM_TARGETS_PER_BUS 128
#define SCSI_MAXIMUM_LUNS_PER_TARGET 255
#define SCSI_MINIMUM_PHYSICAL_BREAKS 16
#define SCSI_MAXIMUM_PHYSICAL_BREAKS 255
#define SCSI_MAXIMUM_BUSES 8
#define SCSI_MAXIMUM_TARGETS 8
#define SCSI_MAXIMUM_LOGICAL_UNITS 8

/* Bus and target packed in one USHORT for adapters with more than 32 targets. */
#define SCSI_COMBINE_BUS_TARGET(Bus, Target)                    \
    (((((UCHAR)(Target)) & ~(0x20 - 1)) << 8) |                 \
     (((UCHAR)(Bus)) << 5) | (((UCHAR)(Target)) & (0x20 - 1)))
#define SCSI_DECODE_BUS_TARGET(Value, Bus, Target)                                   \
    (Bus = (UCHAR)((Value) >> 5),                                                    \
     Target = (UCHAR)(((((Value) >> 8) & ~(0x20 - 1)) | ((Value) & (0x20 - 1)))))

#define SP_UNINITIALIZED_VALUE ((ULONG)~0)
#define SP_UNTAGGED ((UCHAR)~0)

/* Asynchronous events a miniport may report. */
#define SRBEV_BUS_RESET 0x0001
#define SRBEV_SCSI_ASYNC_NOTIFICATION 0x0002

#define MAXIMUM_CDB_SIZE 12

/* PORT_CONFIGURATION_INFORMATION.Dma64BitAddresses bits */
#define SCSI_DMA64_MINIPORT_SUPPORTED 0x01
#define SCSI_DMA64_MINIPORT_FULL64BIT_SUPPORTED 0x02
#define SCSI_DMA64_SYSTEM_SUPPORTED 0x80

/* ---- SRB functions (SCSI_REQUEST_BLOCK.Function) ---- */
#define SRB_FUNCTION_EXECUTE_SCSI 0x00
#define SRB_FUNCTION_CLAIM_DEVICE 0x01
#define SRB_FUNCTION_IO_CONTROL 0x02
#define SRB_FUNCTION_RECEIVE_EVENT 0x03
#define SRB_FUNCTION_RELEASE_QUEUE 0x04
#define SRB_FUNCTION_ATTACH_DEVICE 0x05
#define SRB_FUNCTION_RELEASE_DEVICE 0x06
#define SRB_FUNCTION_SHUTDOWN 0x07
#define SRB_FUNCTION_FLUSH 0x08
#define SRB_FUNCTION_PROTOCOL_COMMAND 0x09
#define SRB_FUNCTION_EXECUTE_NVME 0x0A
#define SRB_FUNCTION_ABORT_COMMAND 0x10
#define SRB_FUNCTION_RELEASE_RECOVERY 0x11
#define SRB_FUNCTION_RESET_BUS 0x12
#define SRB_FUNCTION_RESET_DEVICE 0x13
#define SRB_FUNCTION_TERMINATE_IO 0x14
#define SRB_FUNCTION_FLUSH_QUEUE 0x15
#define SRB_FUNCTION_REMOVE_DEVICE 0x16
#define SRB_FUNCTION_WMI 0x17
#define SRB_FUNCTION_LOCK_QUEUE 0x18
#define SRB_FUNCTION_UNLOCK_QUEUE 0x19
#define SRB_FUNCTION_QUIESCE_DEVICE 0x1A
#define SRB_FUNCTION_RESET_LOGICAL_UNIT 0x20
#define SRB_FUNCTION_SET_LINK_TIMEOUT 0x21
#define SRB_FUNCTION_LINK_TIMEOUT_OCCURRED 0x22
#define SRB_FUNCTION_LINK_TIMEOUT_COMPLETE 0x23
#define SRB_FUNCTION_POWER 0x24
#define SRB_FUNCTION_PNP 0x25
#define SRB_FUNCTION_DUMP_POINTERS 0x26
#define SRB_FUNCTION_FREE_DUMP_POINTERS 0x27
#define SRB_FUNCTION_STORAGE_REQUEST_BLOCK 0x28
#define SRB_FUNCTION_CRYPTO_OPERATION 0x29
#define SRB_FUNCTION_GET_DUMP_INFO 0x2A
#define SRB_FUNCTION_FREE_DUMP_INFO 0x2B
#define SRB_FUNCTION_NVMEOF_OPERATION 0x2C
#define SRB_FUNCTION_MINIPORT_PASSTHROUGH_REQUEST 0x2D

/* ---- SRB status (SCSI_REQUEST_BLOCK.SrbStatus) ---- */
#define SRB_STATUS_PENDING 0x00
#define SRB_STATUS_SUCCESS 0x01
#define SRB_STATUS_ABORTED 0x02
#define SRB_STATUS_ABORT_FAILED 0x03
#define SRB_STATUS_ERROR 0x04
#define SRB_STATUS_BUSY 0x05
#define SRB_STATUS_INVALID_REQUEST 0x06
#define SRB_STATUS_INVALID_PATH_ID 0x07
#define SRB_STATUS_NO_DEVICE 0x08
#define SRB_STATUS_TIMEOUT 0x09
#define SRB_STATUS_SELECTION_TIMEOUT 0x0A
#define SRB_STATUS_COMMAND_TIMEOUT 0x0B
#define SRB_STATUS_MESSAGE_REJECTED 0x0D
#define SRB_STATUS_BUS_RESET 0x0E
#define SRB_STATUS_PARITY_ERROR 0x0F
#define SRB_STATUS_REQUEST_SENSE_FAILED 0x10
#define SRB_STATUS_NO_HBA 0x11
#define SRB_STATUS_DATA_OVERRUN 0x12
#define SRB_STATUS_UNEXPECTED_BUS_FREE 0x13
#define SRB_STATUS_PHASE_SEQUENCE_FAILURE 0x14
#define SRB_STATUS_BAD_SRB_BLOCK_LENGTH 0x15
#define SRB_STATUS_REQUEST_FLUSHED 0x16
#define SRB_STATUS_ACCESS_DENIED 0x17
#define SRB_STATUS_OPERATION_IN_PROGRESS 0x18
#define SRB_STATUS_INVALID_LUN 0x20
#define SRB_STATUS_INVALID_TARGET_ID 0x21
#define SRB_STATUS_BAD_FUNCTION 0x22
#define SRB_STATUS_ERROR_RECOVERY 0x23
#define SRB_STATUS_NOT_POWERED 0x24
#define SRB_STATUS_LINK_DOWN 0x25
#define SRB_STATUS_INSUFFICIENT_RESOURCES 0x26
#define SRB_STATUS_THROTTLED_REQUEST 0x27
#define SRB_STATUS_INVALID_PARAMETER 0x28
/* Set by the port for errors outside SCSI; a miniport never returns it. */
#define SRB_STATUS_INTERNAL_ERROR 0x30
/* Modifier bits OR-ed into the status. */
#define SRB_STATUS_QUEUE_FROZEN 0x40
#define SRB_STATUS_AUTOSENSE_VALID 0x80
#define SRB_STATUS(Status) ((Status) & ~(SRB_STATUS_AUTOSENSE_VALID | SRB_STATUS_QUEUE_FROZEN))

/* ---- SRB flags (SCSI_REQUEST_BLOCK.SrbFlags) ---- */
#define SRB_FLAGS_QUEUE_ACTION_ENABLE 0x00000002
#define SRB_FLAGS_DISABLE_DISCONNECT 0x00000004
#define SRB_FLAGS_DISABLE_SYNCH_TRANSFER 0x00000008
#define SRB_FLAGS_BYPASS_FROZEN_QUEUE 0x00000010
#define SRB_FLAGS_DISABLE_AUTOSENSE 0x00000020
#define SRB_FLAGS_DATA_IN 0x00000040
#define SRB_FLAGS_DATA_OUT 0x00000080
#define SRB_FLAGS_NO_DATA_TRANSFER 0x00000000
#define SRB_FLAGS_UNSPECIFIED_DIRECTION (SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT)
#define SRB_FLAGS_NO_QUEUE_FREEZE 0x00000100
#define SRB_FLAGS_ADAPTER_CACHE_ENABLE 0x00000200
#define SRB_FLAGS_FREE_SENSE_BUFFER 0x00000400
#define SRB_FLAGS_D3_PROCESSING 0x00000800
#define SRB_FLAGS_SEQUENTIAL_REQUIRED 0x00001000
#define SRB_FLAGS_IS_ACTIVE 0x00010000
#define SRB_FLAGS_ALLOCATED_FROM_ZONE 0x00020000
#define SRB_FLAGS_SGLIST_FROM_POOL 0x00040000
#define SRB_FLAGS_BYPASS_LOCKED_QUEUE 0x00080000
#define SRB_FLAGS_NO_KEEP_AWAKE 0x00100000
#define SRB_FLAGS_PORT_DRIVER_ALLOCSENSE 0x00200000
#define SRB_FLAGS_PORT_DRIVER_SENSEHASPORT 0x00400000
#define SRB_FLAGS_DONT_START_NEXT_PACKET 0x00800000
#define SRB_FLAGS_PORT_DRIVER_RESERVED 0x0F000000
#define SRB_FLAGS_CLASS_DRIVER_RESERVED 0xF0000000

/* Queue actions (SCSI_REQUEST_BLOCK.QueueAction) */
#define SRB_SIMPLE_TAG_REQUEST 0x20
#define SRB_HEAD_OF_QUEUE_TAG_REQUEST 0x21
#define SRB_ORDERED_QUEUE_TAG_REQUEST 0x22

#define SRB_WMI_FLAGS_ADAPTER_REQUEST 0x01
#define SRB_POWER_FLAGS_ADAPTER_REQUEST 0x01
#define SRB_PNP_FLAGS_ADAPTER_REQUEST 0x01
#define SRB_IOCTL_FLAGS_ADAPTER_REQUEST 0x01
#define SRB_PROTOCOL_FLAGS_ADAPTER_REQUEST 0x01

/* ---- port error codes (ScsiPortLogError / StorPortLogError ErrorCode) ---- */
#define SP_BUS_PARITY_ERROR 0x0001
#define SP_UNEXPECTED_DISCONNECT 0x0002
#define SP_INVALID_RESELECTION 0x0003
#define SP_BUS_TIME_OUT 0x0004
#define SP_PROTOCOL_ERROR 0x0005
#define SP_INTERNAL_ADAPTER_ERROR 0x0006
#define SP_REQUEST_TIMEOUT 0x0007
#define SP_IRQ_NOT_RESPONDING 0x0008
#define SP_BAD_FW_WARNING 0x0009
#define SP_BAD_FW_ERROR 0x000a
#define SP_LOST_WMI_MINIPORT_REQUEST 0x000b

/* Port version flags (HW_INITIALIZATION_DATA.PortVersionFlags) */
#define SP_VER_TRACE_SUPPORT 0x0010

/* HwFindAdapter results */
#define SP_RETURN_NOT_FOUND 0
#define SP_RETURN_FOUND 1
#define SP_RETURN_ERROR 2
#define SP_RETURN_BAD_CONFIG 3

/* ---- access ranges ---- */
typedef PHYSICAL_ADDRESS SCSI_PHYSICAL_ADDRESS, *PSCSI_PHYSICAL_ADDRESS;

typedef struct _ACCESS_RANGE {
    SCSI_PHYSICAL_ADDRESS RangeStart;
    ULONG RangeLength;
    BOOLEAN RangeInMemory;
} ACCESS_RANGE, *PACCESS_RANGE;

/* ---- the request block (88 bytes on x64) ---- */
typedef struct _SCSI_REQUEST_BLOCK {
    USHORT Length;                       /* 0x00 */
    UCHAR Function;                      /* 0x02 */
    UCHAR SrbStatus;                     /* 0x03 */
    UCHAR ScsiStatus;                    /* 0x04 */
    UCHAR PathId;                        /* 0x05 */
    UCHAR TargetId;                      /* 0x06 */
    UCHAR Lun;                           /* 0x07 */
    UCHAR QueueTag;                      /* 0x08 */
    UCHAR QueueAction;                   /* 0x09 */
    UCHAR CdbLength;                     /* 0x0a */
    UCHAR SenseInfoBufferLength;         /* 0x0b */
    ULONG SrbFlags;                      /* 0x0c */
    ULONG DataTransferLength;            /* 0x10 */
    ULONG TimeOutValue;                  /* 0x14 */
    PVOID DataBuffer;                    /* 0x18 */
    PVOID SenseInfoBuffer;               /* 0x20 */
    struct _SCSI_REQUEST_BLOCK *NextSrb; /* 0x28 */
    PVOID OriginalRequest;               /* 0x30 */
    PVOID SrbExtension;                  /* 0x38 */
    union {                              /* 0x40 */
        ULONG InternalStatus;
        ULONG QueueSortKey;
        ULONG LinkTimeoutValue;
    };
    ULONG Reserved;                      /* 0x44: keeps Cdb pointer-aligned on x64 */
    UCHAR Cdb[16];                       /* 0x48 */
} SCSI_REQUEST_BLOCK, *PSCSI_REQUEST_BLOCK;

#define SCSI_REQUEST_BLOCK_SIZE sizeof(SCSI_REQUEST_BLOCK)

/* Same header, for SRB_FUNCTION_WMI. */
typedef struct _SCSI_WMI_REQUEST_BLOCK {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
    UCHAR WMISubFunction;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    UCHAR Reserved1;
    UCHAR WMIFlags;
    UCHAR Reserved2[2];
    ULONG SrbFlags;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    PVOID DataBuffer;
    PVOID DataPath;
    PVOID Reserved3;
    PVOID OriginalRequest;
    PVOID SrbExtension;
    ULONG Reserved4;
    ULONG Reserved6;
    UCHAR Reserved5[16];
} SCSI_WMI_REQUEST_BLOCK, *PSCSI_WMI_REQUEST_BLOCK;

typedef enum _STOR_DEVICE_POWER_STATE {
    StorPowerDeviceUnspecified = 0,
    StorPowerDeviceD0,
    StorPowerDeviceD1,
    StorPowerDeviceD2,
    StorPowerDeviceD3,
    StorPowerDeviceMaximum
} STOR_DEVICE_POWER_STATE, *PSTOR_DEVICE_POWER_STATE;

typedef enum _STOR_POWER_ACTION {
    StorPowerActionNone = 0,
    StorPowerActionReserved,
    StorPowerActionSleep,
    StorPowerActionHibernate,
    StorPowerActionShutdown,
    StorPowerActionShutdownReset,
    StorPowerActionShutdownOff,
    StorPowerActionWarmEject
} STOR_POWER_ACTION, *PSTOR_POWER_ACTION;

/* Same header, for SRB_FUNCTION_POWER. */
typedef struct _SCSI_POWER_REQUEST_BLOCK {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
    UCHAR SrbPowerFlags;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    STOR_DEVICE_POWER_STATE DevicePowerState;
    ULONG SrbFlags;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    PVOID DataBuffer;
    PVOID SenseInfoBuffer;
    struct _SCSI_REQUEST_BLOCK *NextSrb;
    PVOID OriginalRequest;
    PVOID SrbExtension;
    STOR_POWER_ACTION PowerAction;
    ULONG Reserved;
    UCHAR Reserved5[16];
} SCSI_POWER_REQUEST_BLOCK, *PSCSI_POWER_REQUEST_BLOCK;

/* PnP minor functions a port forwards (values are IRP_MN_* codes). */
typedef enum _STOR_PNP_ACTION {
    StorStartDevice = 0x0,
    StorRemoveDevice = 0x2,
    StorStopDevice = 0x4,
    StorQueryCapabilities = 0x9,
    StorQueryResourceRequirements = 0xB,
    StorFilterResourceRequirements = 0xD,
    StorSurpriseRemoval = 0x17
} STOR_PNP_ACTION, *PSTOR_PNP_ACTION;

/* A USHORT followed by ULONG bit-fields: MSVC starts a new ULONG unit at offset 4, which is
 * what ms_struct asks gcc and clang for (without it they would pack the bits at offset 2). */
typedef struct __attribute__((ms_struct)) _STOR_DEVICE_CAPABILITIES {
    USHORT Version;
    ULONG DeviceD1 : 1;
    ULONG DeviceD2 : 1;
    ULONG LockSupported : 1;
    ULONG EjectSupported : 1;
    ULONG Removable : 1;
    ULONG DockDevice : 1;
    ULONG UniqueID : 1;
    ULONG SilentInstall : 1;
    ULONG SurpriseRemovalOK : 1;
    ULONG NoDisplayInUI : 1;
} STOR_DEVICE_CAPABILITIES, *PSTOR_DEVICE_CAPABILITIES;

#define STOR_DEVICE_CAPABILITIES_EX_VERSION_1 0x1

typedef struct __attribute__((ms_struct)) _STOR_DEVICE_CAPABILITIES_EX {
    USHORT Version;
    USHORT Size;
    ULONG DeviceD1 : 1;
    ULONG DeviceD2 : 1;
    ULONG LockSupported : 1;
    ULONG EjectSupported : 1;
    ULONG Removable : 1;
    ULONG DockDevice : 1;
    ULONG UniqueID : 1;
    ULONG SilentInstall : 1;
    ULONG RawDeviceOK : 1;
    ULONG SurpriseRemovalOK : 1;
    ULONG NoDisplayInUI : 1;
    ULONG DefaultWriteCacheEnabled : 1;
    ULONG Reserved0 : 20;
    ULONG Address;
    ULONG UINumber;
    ULONG Reserved1[2];
} STOR_DEVICE_CAPABILITIES_EX, *PSTOR_DEVICE_CAPABILITIES_EX;

/* Same header, for SRB_FUNCTION_PNP. */
typedef struct _SCSI_PNP_REQUEST_BLOCK {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
    UCHAR PnPSubFunction;
    UCHAR PathId;
    UCHAR TargetId;
    UCHAR Lun;
    STOR_PNP_ACTION PnPAction;
    ULONG SrbFlags;
    ULONG DataTransferLength;
    ULONG TimeOutValue;
    PVOID DataBuffer;
    PVOID SenseInfoBuffer;
    struct _SCSI_REQUEST_BLOCK *NextSrb;
    PVOID OriginalRequest;
    PVOID SrbExtension;
    ULONG SrbPnPFlags;
    ULONG Reserved;
    UCHAR Reserved4[16];
} SCSI_PNP_REQUEST_BLOCK, *PSCSI_PNP_REQUEST_BLOCK;

/* ---- extended request blocks (STORAGE_REQUEST_BLOCK, Windows 8 and later) ----
 *
 * An extended SRB is a fixed header followed, inside SrbLength, by a unit address (at
 * AddressOffset) and NumSrbExData typed data blocks (at SrbExDataOffset[i]). Its first four bytes
 * match SCSI_REQUEST_BLOCK's, with Function SRB_FUNCTION_STORAGE_REQUEST_BLOCK; the operation is
 * in SrbFunction. Every block is 8-byte aligned on 64-bit Windows so that the pointers inside
 * stay aligned; on 32-bit Windows the WDK aligns nothing. */
#if defined(_WIN64) || defined(__x86_64__) || defined(__aarch64__) || defined(_M_AMD64) || defined(_M_ARM64)
#ifndef SRB_ALIGN
#define SRB_ALIGN DECLSPEC_ALIGN(8)
#endif
#ifndef POINTER_ALIGN
#define POINTER_ALIGN DECLSPEC_ALIGN(8)
#endif
#else
#ifndef SRB_ALIGN
#define SRB_ALIGN
#endif
#ifndef POINTER_ALIGN
#define POINTER_ALIGN
#endif
#endif

/* HW_INITIALIZATION_DATA.SrbTypeFlags (what the miniport accepts) and
 * PORT_CONFIGURATION_INFORMATION.SrbType (what the port will send). */
#define SRB_TYPE_FLAG_SCSI_REQUEST_BLOCK 0x1
#define SRB_TYPE_FLAG_STORAGE_REQUEST_BLOCK 0x2
#define SRB_TYPE_SCSI_REQUEST_BLOCK 0
#define SRB_TYPE_STORAGE_REQUEST_BLOCK 1

/* PORT_CONFIGURATION_INFORMATION.AddressType */
#define STORAGE_ADDRESS_TYPE_BTL8 0

#define SRB_SIGNATURE 0x53524258 /* "SRBX" read as a little-endian ULONG */
#define STORAGE_REQUEST_BLOCK_VERSION_1 0x1

/* What an SRBEX_DATA block holds (its Type). */
typedef enum _SRBEXDATATYPE {
    SrbExDataTypeUnknown = 0,
    SrbExDataTypeBidirectional = 0x01,
    SrbExDataTypeScsiCdb16 = 0x40,
    SrbExDataTypeScsiCdb32 = 0x41,
    SrbExDataTypeScsiCdbVar = 0x42,
    SrbExDataTypeNvmeCommand = 0x43,
    SrbExDataTypeWmi = 0x60,
    SrbExDataTypePower = 0x61,
    SrbExDataTypePnP = 0x62,
    SrbExDataTypeIoInfo = 0x80,
    SrbExDataTypeMSReservedStart = 0xf0000000,
    SrbExDataTypeReserved = 0xffffffff
} SRBEXDATATYPE, *PSRBEXDATATYPE;

/* The head every data block starts with; Length counts the bytes after it. */
typedef struct SRB_ALIGN _SRBEX_DATA {
    SRBEXDATATYPE Type;                  /* 0x00 */
    ULONG Length;                        /* 0x04 */
    UCHAR Data[ANYSIZE_ARRAY];           /* 0x08 */
} SRBEX_DATA, *PSRBEX_DATA;

/* A second (data-in) buffer for a bidirectional command; DataBuffer is the data-out one. */
#define SRBEX_DATA_BIDIRECTIONAL_LENGTH ((2 * sizeof(ULONG)) + sizeof(PVOID))
typedef struct SRB_ALIGN _SRBEX_DATA_BIDIRECTIONAL {
    SRBEXDATATYPE Type;                  /* 0x00 SrbExDataTypeBidirectional */
    ULONG Length;                        /* 0x04 */
    ULONG DataInTransferLength;          /* 0x08 */
    ULONG Reserved1;                     /* 0x0c */
    PVOID POINTER_ALIGN DataInBuffer;    /* 0x10 */
} SRBEX_DATA_BIDIRECTIONAL, *PSRBEX_DATA_BIDIRECTIONAL;

/* A CDB of up to 16 bytes with its SCSI status and sense buffer. */
#define SRBEX_DATA_SCSI_CDB16_LENGTH ((20 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
typedef struct SRB_ALIGN _SRBEX_DATA_SCSI_CDB16 {
    SRBEXDATATYPE Type;                  /* 0x00 SrbExDataTypeScsiCdb16 */
    ULONG Length;                        /* 0x04 */
    UCHAR ScsiStatus;                    /* 0x08 */
    UCHAR SenseInfoBufferLength;         /* 0x09 */
    UCHAR CdbLength;                     /* 0x0a */
    UCHAR Reserved;                      /* 0x0b */
    ULONG Reserved1;                     /* 0x0c */
    PVOID POINTER_ALIGN SenseInfoBuffer; /* 0x10 */
    UCHAR POINTER_ALIGN Cdb[16];         /* 0x18 */
} SRBEX_DATA_SCSI_CDB16, *PSRBEX_DATA_SCSI_CDB16;

/* The same for CDBs of 17 to 32 bytes. */
#define SRBEX_DATA_SCSI_CDB32_LENGTH ((36 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
typedef struct SRB_ALIGN _SRBEX_DATA_SCSI_CDB32 {
    SRBEXDATATYPE Type;                  /* 0x00 SrbExDataTypeScsiCdb32 */
    ULONG Length;                        /* 0x04 */
    UCHAR ScsiStatus;                    /* 0x08 */
    UCHAR SenseInfoBufferLength;         /* 0x09 */
    UCHAR CdbLength;                     /* 0x0a */
    UCHAR Reserved;                      /* 0x0b */
    ULONG Reserved1;                     /* 0x0c */
    PVOID POINTER_ALIGN SenseInfoBuffer; /* 0x10 */
    UCHAR POINTER_ALIGN Cdb[32];         /* 0x18 */
} SRBEX_DATA_SCSI_CDB32, *PSRBEX_DATA_SCSI_CDB32;

/* A CDB of any length (CdbLength bytes from Cdb; Length covers them). */
#define SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MIN ((4 * sizeof(UCHAR)) + (3 * sizeof(ULONG)) + sizeof(PVOID))
#define SRBEX_DATA_SCSI_CDB_VAR_LENGTH_MAX 0xffffffffU
typedef struct SRB_ALIGN _SRBEX_DATA_SCSI_CDB_VAR {
    SRBEXDATATYPE Type;                  /* 0x00 SrbExDataTypeScsiCdbVar */
    ULONG Length;                        /* 0x04 */
    UCHAR ScsiStatus;                    /* 0x08 */
    UCHAR SenseInfoBufferLength;         /* 0x09 */
    UCHAR Reserved[2];                   /* 0x0a */
    ULONG CdbLength;                     /* 0x0c */
    ULONG Reserved1[2];                  /* 0x10 */
    PVOID POINTER_ALIGN SenseInfoBuffer; /* 0x18 */
    UCHAR POINTER_ALIGN Cdb[ANYSIZE_ARRAY]; /* 0x20 */
} SRBEX_DATA_SCSI_CDB_VAR, *PSRBEX_DATA_SCSI_CDB_VAR;

/* SRB_FUNCTION_WMI parameters. */
#define SRBEX_DATA_WMI_LENGTH ((4 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))
typedef struct SRB_ALIGN _SRBEX_DATA_WMI {
    SRBEXDATATYPE Type;                  /* 0x00 SrbExDataTypeWmi */
    ULONG Length;                        /* 0x04 */
    UCHAR WMISubFunction;                /* 0x08 */
    UCHAR WMIFlags;                      /* 0x09 SRB_WMI_FLAGS_* */
    UCHAR Reserved[2];                   /* 0x0a */
    ULONG Reserved1;                     /* 0x0c */
    PVOID POINTER_ALIGN DataPath;        /* 0x10 */
} SRBEX_DATA_WMI, *PSRBEX_DATA_WMI;

/* SRB_FUNCTION_POWER parameters. */
#define SRBEX_DATA_POWER_LENGTH ((4 * sizeof(UCHAR)) + sizeof(STOR_DEVICE_POWER_STATE) + sizeof(STOR_POWER_ACTION))
typedef struct SRB_ALIGN _SRBEX_DATA_POWER {
    SRBEXDATATYPE Type;                  /* 0x00 SrbExDataTypePower */
    ULONG Length;                        /* 0x04 */
    UCHAR SrbPowerFlags;                 /* 0x08 SRB_POWER_FLAGS_* */
    UCHAR Reserved[3];                   /* 0x09 */
    STOR_DEVICE_POWER_STATE DevicePowerState; /* 0x0c */
    STOR_POWER_ACTION PowerAction;       /* 0x10 */
} SRBEX_DATA_POWER, *PSRBEX_DATA_POWER;

/* SRB_FUNCTION_PNP parameters. */
#define SRBEX_DATA_PNP_LENGTH ((4 * sizeof(UCHAR)) + sizeof(STOR_PNP_ACTION) + (2 * sizeof(ULONG)))
typedef struct SRB_ALIGN _SRBEX_DATA_PNP {
    SRBEXDATATYPE Type;                  /* 0x00 SrbExDataTypePnP */
    ULONG Length;                        /* 0x04 */
    UCHAR PnPSubFunction;                /* 0x08 */
    UCHAR Reserved[3];                   /* 0x09 */
    STOR_PNP_ACTION PnPAction;           /* 0x0c */
    ULONG SrbPnPFlags;                   /* 0x10 SRB_PNP_FLAGS_* */
    ULONG Reserved1;                     /* 0x14 */
} SRBEX_DATA_PNP, *PSRBEX_DATA_PNP;

/* SRBEX_DATA_IO_INFO.Flags and STOR_REQUEST_INFO.Flags */
#define REQUEST_INFO_NO_CACHE_FLAG 0x00000001
#define REQUEST_INFO_PAGING_IO_FLAG 0x00000002
#define REQUEST_INFO_SEQUENTIAL_IO_FLAG 0x00000004
#define REQUEST_INFO_TEMPORARY_FLAG 0x00000008
#define REQUEST_INFO_WRITE_THROUGH_FLAG 0x00000010
#define REQUEST_INFO_HYBRID_WRITE_THROUGH_FLAG 0x00000020
#define REQUEST_INFO_NO_FILE_OBJECT_FLAG 0x00000040
#define REQUEST_INFO_VOLSNAP_IO_FLAG 0x00000080
#define REQUEST_INFO_STREAM_FLAG 0x00000100
#define REQUEST_INFO_VALID_CACHEPRIORITY_FLAG 0x80000000

/* What the I/O manager knew about a read or write (STOR_FEATURE_EXTRA_IO_INFORMATION).
 * Flags are the REQUEST_INFO_*_FLAG bits StorPortGetRequestInfo also reports. */
#define SRBEX_DATA_IO_INFO_LENGTH ((5 * sizeof(ULONG)) + (4 * sizeof(UCHAR)))
typedef struct SRB_ALIGN _SRBEX_DATA_IO_INFO {
    SRBEXDATATYPE Type;                  /* 0x00 SrbExDataTypeIoInfo */
    ULONG Length;                        /* 0x04 */
    ULONG Flags;                         /* 0x08 REQUEST_INFO_*_FLAG */
    ULONG Key;                           /* 0x0c */
    ULONG RWLength;                      /* 0x10 */
    BOOLEAN IsWriteRequest;              /* 0x14 */
    UCHAR CachePriority;                 /* 0x15 */
    UCHAR Reserved[2];                   /* 0x16 */
    ULONG Reserved1[2];                  /* 0x18 */
} SRBEX_DATA_IO_INFO, *PSRBEX_DATA_IO_INFO;

/* The four bytes both SRB kinds begin with. */
typedef struct SRB_ALIGN _STORAGE_REQUEST_BLOCK_HEADER {
    USHORT Length;
    UCHAR Function;
    UCHAR SrbStatus;
} STORAGE_REQUEST_BLOCK_HEADER, *PSTORAGE_REQUEST_BLOCK_HEADER;

typedef struct SRB_ALIGN _STORAGE_REQUEST_BLOCK {
    USHORT Length;                       /* 0x00 offset of Signature, for SCSI_REQUEST_BLOCK readers */
    UCHAR Function;                      /* 0x02 SRB_FUNCTION_STORAGE_REQUEST_BLOCK */
    UCHAR SrbStatus;                     /* 0x03 */
    ULONG ReservedUlong1;                /* 0x04 */
    ULONG Signature;                     /* 0x08 SRB_SIGNATURE */
    ULONG Version;                       /* 0x0c STORAGE_REQUEST_BLOCK_VERSION_1 */
    ULONG SrbLength;                     /* 0x10 every byte: header, address and data blocks */
    ULONG SrbFunction;                   /* 0x14 SRB_FUNCTION_* */
    ULONG SrbFlags;                      /* 0x18 SRB_FLAGS_* */
    ULONG ReservedUlong2;                /* 0x1c */
    ULONG RequestTag;                    /* 0x20 */
    USHORT RequestPriority;              /* 0x24 */
    USHORT RequestAttribute;             /* 0x26 queue action (SRB_*_TAG_REQUEST) */
    ULONG TimeOutValue;                  /* 0x28 seconds */
    union {                              /* 0x2c */
        ULONG SystemStatus;
        ULONG RequestTagHigh4Bytes;
    };
    ULONG ZeroGuard1;                    /* 0x30 */
    ULONG AddressOffset;                 /* 0x34 STOR_ADDRESS, from the start of the SRB */
    ULONG NumSrbExData;                  /* 0x38 */
    ULONG DataTransferLength;            /* 0x3c */
    PVOID POINTER_ALIGN DataBuffer;      /* 0x40 */
    PVOID POINTER_ALIGN ZeroGuard2;      /* 0x48 */
    PVOID POINTER_ALIGN OriginalRequest; /* 0x50 */
    PVOID POINTER_ALIGN ClassContext;    /* 0x58 */
    PVOID POINTER_ALIGN PortContext;     /* 0x60 */
    PVOID POINTER_ALIGN MiniportContext; /* 0x68 the SRB extension */
    struct _STORAGE_REQUEST_BLOCK POINTER_ALIGN *NextSrb; /* 0x70 */
    ULONG SrbExDataOffset[ANYSIZE_ARRAY]; /* 0x78 one per data block, from the start of the SRB */
} STORAGE_REQUEST_BLOCK, *PSTORAGE_REQUEST_BLOCK;

/* ---- adapter control (HwAdapterControl) ---- */
typedef enum _SCSI_ADAPTER_CONTROL_TYPE {
    ScsiQuerySupportedControlTypes = 0,
    ScsiStopAdapter = 1,
    ScsiRestartAdapter = 2,
    ScsiSetBootConfig = 3,
    ScsiSetRunningConfig = 4,
#if defined(MPABI_STORPORT_FAMILY)
    ScsiPowerSettingNotification = 5,
    ScsiAdapterPower = 6,
    ScsiAdapterPoFxPowerRequired = 7,
    ScsiAdapterPoFxPowerActive = 8,
    ScsiAdapterPoFxPowerSetFState = 9,
    ScsiAdapterPoFxPowerControl = 10,
    ScsiAdapterPrepareForBusReScan = 11,
    ScsiAdapterSystemPowerHints = 12,
    ScsiAdapterFilterResourceRequirements = 13,
    ScsiAdapterPoFxMaxOperationalPower = 14,
    ScsiAdapterPoFxSetPerfState = 15,
    ScsiAdapterSurpriseRemoval = 16,
    ScsiAdapterSerialNumber = 17,
    ScsiAdapterCryptoOperation = 18,
    ScsiAdapterQueryFruId = 19,
    ScsiAdapterSetEventLogging = 20,
    ScsiAdapterReportInternalData = 21,
#endif
    ScsiAdapterControlMax,
    MakeAdapterControlTypeSizeOfUlong = 0xffffffff
} SCSI_ADAPTER_CONTROL_TYPE, *PSCSI_ADAPTER_CONTROL_TYPE;

typedef enum _SCSI_ADAPTER_CONTROL_STATUS {
    ScsiAdapterControlSuccess = 0,
    ScsiAdapterControlUnsuccessful
} SCSI_ADAPTER_CONTROL_STATUS, *PSCSI_ADAPTER_CONTROL_STATUS;

/* Parameters of ScsiQuerySupportedControlTypes: the miniport sets TRUE for each type it
 * supports, never past MaxControlType entries. */
typedef struct _SCSI_SUPPORTED_CONTROL_TYPE_LIST {
    ULONG MaxControlType;
    BOOLEAN SupportedTypeList[];
} SCSI_SUPPORTED_CONTROL_TYPE_LIST, *PSCSI_SUPPORTED_CONTROL_TYPE_LIST;

/* ---- notifications (ScsiPortNotification / StorPortNotification first argument) ---- */
typedef enum _SCSI_NOTIFICATION_TYPE {
    RequestComplete = 0,
    NextRequest = 1,
    NextLuRequest = 2,
    ResetDetected = 3,
    CallDisableInterrupts = 4,
    CallEnableInterrupts = 5,
    RequestTimerCall = 6,
    BusChangeDetected = 7,
    WMIEvent = 8,
    WMIReregister = 9,
    LinkUp = 10,
    LinkDown = 11,
    QueryTickCount = 12,
    BufferOverrunDetected = 13,
    TraceNotification = 14,
#if defined(MPABI_STORPORT_FAMILY)
    GetExtendedFunctionTable = 15,
    EnablePassiveInitialization = 0x1000,
    InitializeDpc = 0x1001,
    IssueDpc = 0x1002,
    AcquireSpinLock = 0x1003,
    ReleaseSpinLock = 0x1004,
    StateChangeDetectedCall = 0x1005,
    IoTargetRequestServiceTime = 0x1006,
    AsyncNotificationDetected = 0x1007,
    RequestDirectComplete = 0x1008,
    InitializeDpcWithContext = 0x1009,
    InitializeThreadedDpc = 0x100A,
    SetTargetProcessorDpc = 0x100B,
    MarkDeviceFailed = 0x100C,
    MarkDeviceFailedEx = 0x100D,
    TerminateSystemThread = 0x100E,
    NvmeofNotification = 0x100F,
    StorMQControllerStartInitialization = 0x1010,
#endif
} SCSI_NOTIFICATION_TYPE, *PSCSI_NOTIFICATION_TYPE;

/* ---- miniport routines the port calls (common to both models) ---- */
typedef BOOLEAN HW_INITIALIZE(_In_ PVOID DeviceExtension);
typedef HW_INITIALIZE *PHW_INITIALIZE;
typedef BOOLEAN HW_STARTIO(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb);
typedef HW_STARTIO *PHW_STARTIO;
typedef BOOLEAN HW_INTERRUPT(_In_ PVOID DeviceExtension);
typedef HW_INTERRUPT *PHW_INTERRUPT;
typedef VOID HW_TIMER(_In_ PVOID DeviceExtension);
typedef HW_TIMER *PHW_TIMER;
typedef VOID HW_DMA_STARTED(_In_ PVOID DeviceExtension);
typedef HW_DMA_STARTED *PHW_DMA_STARTED;
typedef BOOLEAN HW_RESET_BUS(_In_ PVOID DeviceExtension, _In_ ULONG PathId);
typedef HW_RESET_BUS *PHW_RESET_BUS;
typedef BOOLEAN HW_ADAPTER_STATE(_In_ PVOID DeviceExtension, _In_ PVOID Context,
                                 _In_ BOOLEAN SaveState);
typedef HW_ADAPTER_STATE *PHW_ADAPTER_STATE;
typedef SCSI_ADAPTER_CONTROL_STATUS HW_ADAPTER_CONTROL(_In_ PVOID DeviceExtension,
                                                       _In_ SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                       _In_ PVOID Parameters);
typedef HW_ADAPTER_CONTROL *PHW_ADAPTER_CONTROL;

/* DriverEntry of a miniport, as srb.h and storport.h name it (the same shape as wdm.h's
 * DRIVER_INITIALIZE): `sp_DRIVER_INITIALIZE DriverEntry;` then the definition. */
struct _DRIVER_OBJECT;
typedef NTSTATUS sp_DRIVER_INITIALIZE(_In_ struct _DRIVER_OBJECT *DriverObject,
                                      _In_ PUNICODE_STRING RegistryPath);
typedef sp_DRIVER_INITIALIZE *Psp_DRIVER_INITIALIZE;

MPABI_EXTERN_C_END

#endif /* MPABI_SRB_COMMON_H */
