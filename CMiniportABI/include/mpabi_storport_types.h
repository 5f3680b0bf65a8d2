/*
 * mpabi_storport_types.h - StorPort-only types, constants and callback shapes.
 *
 * Everything here is specific to the StorPort model and has no namesake in srb.h, so the
 * Swift host can see it next to the SCSI Port headers. The two StorPort structures that do
 * clash with srb.h (PORT_CONFIGURATION_INFORMATION, HW_INITIALIZATION_DATA) live in
 * mpabi_storport_layout.h instead.
 *
 * Layouts follow Windows x64: ULONG is 32 bits, pointers and ULONG_PTR 64, enums 32.
 * Sizes the port depends on are pinned by C_ASSERTs at the end of the file.
 *
 * Miniports do not include this file directly; they include storport.h.
 */
#ifndef MPABI_STORPORT_TYPES_H
#define MPABI_STORPORT_TYPES_H

#include "mpabi_types.h"
#include "mpabi_bus.h"
#include "mpabi_srb_common.h"
#include "scsi.h"
#include "mpabi_kernel_types.h"
#include "mpabi_storage_bus_type.h"

MPABI_EXTERN_C_BEGIN

/* The kernel objects StorPort structures embed (KDPC, KSPIN_LOCK, KLOCK_QUEUE_HANDLE), the
 * processor and memory-caching types: mpabi_kernel_types.h, their one home. */


/* =====================================================================================
 * Status codes returned by StorPortExtendedFunction and its wrappers.
 * ===================================================================================== */
#define STOR_STATUS_SUCCESS                 (0x00000000U)
#define STOR_STATUS_UNSUCCESSFUL            (0xC1000001U)
#define STOR_STATUS_NOT_IMPLEMENTED         (0xC1000002U)
#define STOR_STATUS_INSUFFICIENT_RESOURCES  (0xC1000003U)
#define STOR_STATUS_BUFFER_TOO_SMALL        (0xC1000004U)
#define STOR_STATUS_ACCESS_DENIED           (0xC1000005U)
#define STOR_STATUS_INVALID_PARAMETER       (0xC1000006U)
#define STOR_STATUS_INVALID_DEVICE_REQUEST  (0xC1000007U)
#define STOR_STATUS_INVALID_IRQL            (0xC1000008U)
#define STOR_STATUS_INVALID_DEVICE_STATE    (0xC1000009U)
#define STOR_STATUS_INVALID_BUFFER_SIZE     (0xC100000AU)
#define STOR_STATUS_UNSUPPORTED_VERSION     (0xC100000BU)
#define STOR_STATUS_BUSY                    (0xC100000CU)

/* =====================================================================================
 * Addresses, scatter/gather, memory regions.
 * ===================================================================================== */
typedef PHYSICAL_ADDRESS STOR_PHYSICAL_ADDRESS, *PSTOR_PHYSICAL_ADDRESS;

/* One physically contiguous piece of a transfer (24 bytes). */
typedef struct _STOR_SCATTER_GATHER_ELEMENT {
    STOR_PHYSICAL_ADDRESS PhysicalAddress;
    ULONG Length;
    ULONG_PTR Reserved;
} STOR_SCATTER_GATHER_ELEMENT, *PSTOR_SCATTER_GATHER_ELEMENT;

/* Header of 16 bytes followed by NumberOfElements elements. */
typedef struct _STOR_SCATTER_GATHER_LIST {
    ULONG NumberOfElements;
    ULONG_PTR Reserved;
    STOR_SCATTER_GATHER_ELEMENT List[];
} STOR_SCATTER_GATHER_LIST, *PSTOR_SCATTER_GATHER_LIST;

/* A buffer known by both its virtual and its physical address (24 bytes). */
typedef struct _MEMORY_REGION {
    PUCHAR VirtualBase;
    PHYSICAL_ADDRESS PhysicalBase;
    ULONG Length;
} MEMORY_REGION, *PMEMORY_REGION;

/* Unit addresses (STOR_ADDRESS, STOR_ADDR_BTL8) come from scsi.h, their WDK home. */

/* =====================================================================================
 * Crash dump and hibernation support.
 * ===================================================================================== */
#define DUMP_MINIPORT_VERSION_1 0x100
#define DUMP_MINIPORT_VERSION 0x200
#define DUMP_MINIPORT_NAME_LENGTH 15

/* PORT_CONFIGURATION_INFORMATION.DumpMode */
#define DUMP_MODE_CRASH 1
#define DUMP_MODE_HIBER 2
#define DUMP_MODE_MARK_MEMORY 3
#define DUMP_MODE_RESUME 4

/* StorPortMarkDumpMemory flags */
#define STOR_DUMP_MARK_MEMORY_FLAG_NONE 0x0

/* Filled by the miniport for SRB_FUNCTION_DUMP_POINTERS (112 bytes on x64). */
typedef struct _MINIPORT_DUMP_POINTERS {
    USHORT Version;                        /* 0x00 */
    USHORT Size;                           /* 0x02 */
    WCHAR DriverName[DUMP_MINIPORT_NAME_LENGTH]; /* 0x04 */
    struct _ADAPTER_OBJECT *AdapterObject; /* 0x28 */
    PVOID MappedRegisterBase;              /* 0x30 */
    ULONG CommonBufferSize;                /* 0x38 */
    PVOID MiniportPrivateDumpData;         /* 0x40 */
    ULONG SystemIoBusNumber;               /* 0x48 */
    INTERFACE_TYPE AdapterInterfaceType;   /* 0x4c */
    ULONG MaximumTransferLength;           /* 0x50 */
    ULONG NumberOfPhysicalBreaks;          /* 0x54 */
    ULONG AlignmentMask;                   /* 0x58 */
    ULONG NumberOfAccessRanges;            /* 0x5c */
    ACCESS_RANGE (*AccessRanges)[];        /* 0x60 */
    UCHAR NumberOfBuses;                   /* 0x68 */
    BOOLEAN Master;                        /* 0x69 */
    BOOLEAN MapBuffers;                    /* 0x6a */
    UCHAR MaximumNumberOfTargets;          /* 0x6b */
} MINIPORT_DUMP_POINTERS, *PMINIPORT_DUMP_POINTERS;

/* =====================================================================================
 * Initialization-time values.
 * ===================================================================================== */

/* HW_INITIALIZATION_DATA.MapBuffers and PORT_CONFIGURATION_INFORMATION.MapBuffers */
#define STOR_MAP_NO_BUFFERS 0
#define STOR_MAP_ALL_BUFFERS 1
#define STOR_MAP_NON_READ_WRITE_BUFFERS 2
#define STOR_MAP_ALL_BUFFERS_INCLUDING_READ_WRITE 3

/* HW_INITIALIZATION_DATA.FeatureSupport (STOR_FEATURE_*), as the WDK's storport.h numbers them. */
#define STOR_FEATURE_VIRTUAL_MINIPORT                    0x00000001 /* no hardware: a virtual miniport */
#define STOR_FEATURE_ATA_PASS_THROUGH                    0x00000002 /* handles ATA pass-through */
#define STOR_FEATURE_FULL_PNP_DEVICE_CAPABILITIES        0x00000004 /* fills all of STOR_DEVICE_CAPABILITIES */
#define STOR_FEATURE_DUMP_POINTERS                       0x00000008 /* a physical miniport that answers SRB_FUNCTION_DUMP_POINTERS */
#define STOR_FEATURE_DEVICE_NAME_NO_SUFFIX               0x00000010 /* no "SCSI <type> Device" suffix in the friendly name */
#define STOR_FEATURE_DUMP_RESUME_CAPABLE                 0x00000020 /* the dump copy still works after a hibernation resume */
#define STOR_FEATURE_DEVICE_DESCRIPTOR_FROM_ATA_INFO_VPD 0x00000040 /* device descriptor from the ATA Information VPD page */
#define STOR_FEATURE_EXTRA_IO_INFORMATION                0x00000080 /* wants SRBEX_DATA_IO_INFO in extended SRBs */
#define STOR_FEATURE_ADAPTER_CONTROL_PRE_FINDADAPTER     0x00000100 /* HwAdapterControl may be called before HwFindAdapter */
#define STOR_FEATURE_ADAPTER_NOT_REQUIRE_IO_PORT         0x00000200 /* the adapter needs no I/O port resource */
#define STOR_FEATURE_DUMP_16_BYTE_ALIGNMENT              0x00000400 /* 16-byte aligned HwDeviceExtension in dump mode */
#define STOR_FEATURE_SET_ADAPTER_INTERFACE_TYPE          0x00000800 /* the port sets the adapter interface type */
#define STOR_FEATURE_DUMP_INFO                           0x00001000 /* handles the dump-information SRBs */
#define STOR_FEATURE_DMA_ALLOCATION_NO_BOUNDARY          0x00002000 /* DMA memory without boundary constraints */
#define STOR_FEATURE_SUPPORTS_NVME_ADAPTER               0x00004000 /* drives NVMe adapters */
#define STOR_FEATURE_REPORT_INTERNAL_DATA                0x00008000 /* reports internal (telemetry) data */
#define STOR_FEATURE_EARLY_DUMP                          0x00010000 /* supports early crash-dump generation */
#define STOR_FEATURE_NVME_ICE                            0x00020000 /* NVMe inline crypto engine */

/* SRB_TYPE_FLAG_* / SRB_TYPE_* and STORAGE_ADDRESS_TYPE_BTL8 live with the extended SRB in
 * mpabi_srb_common.h. HW_INITIALIZATION_DATA.AddressTypeFlags: */
#define ADDRESS_TYPE_FLAG_BTL8 0x1

/* PORT_CONFIGURATION_INFORMATION.FeatureSupport (port to miniport) */
#define STOR_ADAPTER_FEATURE_DEVICE_TELEMETRY 0x00000001
#define STOR_ADAPTER_FEATURE_STOP_UNIT_DURING_POWER_DOWN 0x00000002
#define STOR_ADAPTER_UNCACHED_EXTENSION_NUMA_NODE_PREFERRED 0x00000004
#define STOR_ADAPTER_DMA_V3_PREFERRED 0x00000008
#define STOR_ADAPTER_FEATURE_ABORT_COMMAND 0x00000010
#define STOR_ADAPTER_FEATURE_RICH_TEMPERATURE_THRESHOLD 0x00000020
#define STOR_ADAPTER_DMA_ADDRESS_WIDTH_SPECIFIED 0x00000040
#define STOR_ADAPTER_FEATURE_DEVICE_TELEMETRY_EX 0x00000080

/* PORT_CONFIGURATION_INFORMATION.ExtendedFlags1 */
#define EXTENDED_FLAG_POFX 0x00000001

/* PORT_CONFIGURATION_INFORMATION.SynchronizationModel */
typedef enum _STOR_SYNCHRONIZATION_MODEL {
    StorSynchronizeHalfDuplex = 0,
    StorSynchronizeFullDuplex = 1
} STOR_SYNCHRONIZATION_MODEL;

/* PORT_CONFIGURATION_INFORMATION.InterruptSynchronizationMode */
typedef enum _INTERRUPT_SYNCHRONIZATION_MODE {
    InterruptSupportNone = 0,
    InterruptSynchronizeAll = 1,
    InterruptSynchronizePerMessage = 2
} INTERRUPT_SYNCHRONIZATION_MODE;

/* StorPortGetMSIInfo result (32 bytes). */
typedef struct _MESSAGE_INTERRUPT_INFORMATION {
    ULONG MessageId;
    ULONG MessageData;
    STOR_PHYSICAL_ADDRESS MessageAddress;
    ULONG InterruptVector;
    ULONG InterruptLevel;
    KINTERRUPT_MODE InterruptMode;
} MESSAGE_INTERRUPT_INFORMATION, *PMESSAGE_INTERRUPT_INFORMATION;

/* =====================================================================================
 * DPCs and locks.
 * ===================================================================================== */
typedef enum _STOR_SPINLOCK {
    DpcLock = 1,
    StartIoLock = 2,
    InterruptLock = 3,
    ThreadedDpcLock = 4,
    DpcLevelLock = 5
} STOR_SPINLOCK;

/* 72 bytes: the kernel DPC plus the lock StorPort keeps beside it. */
typedef struct _STOR_DPC {
    KDPC Dpc;
    KSPIN_LOCK Lock;
} STOR_DPC, *PSTOR_DPC;

/* Filled by StorPortAcquireSpinLock, consumed by StorPortReleaseSpinLock (32 bytes). */
typedef struct _STOR_LOCK_HANDLE {
    STOR_SPINLOCK Lock;
    union {
        KLOCK_QUEUE_HANDLE LockHandle;
        KIRQL OldIrql;
    } Context;
} STOR_LOCK_HANDLE, *PSTOR_LOCK_HANDLE;

/* Interlocked singly linked lists (16-byte aligned on x64). */
typedef struct DECLSPEC_ALIGN(16) _STOR_SLIST_ENTRY {
    struct _STOR_SLIST_ENTRY *Next;
} STOR_SLIST_ENTRY, *PSTOR_SLIST_ENTRY;

typedef union DECLSPEC_ALIGN(16) _STOR_SLIST_HEADER {
    struct {
        ULONGLONG Alignment;
        ULONGLONG Region;
    };
    ULONGLONG Words[2];
} STOR_SLIST_HEADER, *PSTOR_SLIST_HEADER;

/* Doubly linked list with a lock (StorPortInterlocked*List). */
typedef struct _STOR_LIST_ENTRY {
    struct _STOR_LIST_ENTRY *Flink;
    struct _STOR_LIST_ENTRY *Blink;
} STOR_LIST_ENTRY, *PSTOR_LIST_ENTRY;

/* =====================================================================================
 * Unit control (HwUnitControl, Windows 8+).
 * ===================================================================================== */
typedef enum _SCSI_UNIT_CONTROL_TYPE {
    ScsiQuerySupportedUnitControlTypes = 0,
    ScsiUnitUsage = 1,
    ScsiUnitStart = 2,
    ScsiUnitPower = 3,
    ScsiUnitPoFxPowerInfo = 4,
    ScsiUnitPoFxPowerRequired = 5,
    ScsiUnitPoFxPowerActive = 6,
    ScsiUnitPoFxPowerSetFState = 7,
    ScsiUnitPoFxPowerControl = 8,
    ScsiUnitRemove = 9,
    ScsiUnitSurpriseRemoval = 10,
    ScsiUnitRichDescription = 11,
    ScsiUnitQueryBusType = 12,
    ScsiUnitQueryFruId = 13,
    ScsiUnitReportInternalData = 14,
    ScsiUnitControlMax,
    MakeUnitControlTypeSizeOfUlong = 0xffffffff
} SCSI_UNIT_CONTROL_TYPE, *PSCSI_UNIT_CONTROL_TYPE;

typedef enum _SCSI_UNIT_CONTROL_STATUS {
    ScsiUnitControlSuccess = 0,
    ScsiUnitControlUnsuccessful = 1
} SCSI_UNIT_CONTROL_STATUS, *PSCSI_UNIT_CONTROL_STATUS;

/* =====================================================================================
 * Structures the Windows 7/8 routines take.
 * ===================================================================================== */

/* StorPortInitializePerfOpts */
#define STOR_PERF_DPC_REDIRECTION 0x00000001
#define STOR_PERF_CONCURRENT_CHANNELS 0x00000002
#define STOR_PERF_INTERRUPT_MESSAGE_RANGES 0x00000004
#define STOR_PERF_ADV_CONFIG_LOCALITY 0x00000008
#define STOR_PERF_OPTIMIZE_FOR_COMPLETION_DURING_STARTIO 0x00000010
#define STOR_PERF_DPC_REDIRECTION_CURRENT_CPU 0x00000020
#define STOR_PERF_NO_SGL 0x00000040
#define STOR_PERF_VERSION 0x00000005

typedef struct _PERF_CONFIGURATION_DATA {
    ULONG Version;
    ULONG Size;
    ULONG Flags;
    ULONG ConcurrentChannels;
    ULONG FirstRedirectionMessageNumber;
    ULONG LastRedirectionMessageNumber;
    ULONG DeviceNode;
    ULONG Reserved;
    PGROUP_AFFINITY MessageTargets;
} PERF_CONFIGURATION_DATA, *PPERF_CONFIGURATION_DATA;

/* StorPortGetStartIoPerfParams */
typedef struct _STARTIO_PERFORMANCE_PARAMETERS {
    ULONG Version;
    ULONG Size;
    ULONG MessageNumber;
    ULONG ChannelNumber;
} STARTIO_PERFORMANCE_PARAMETERS, *PSTARTIO_PERFORMANCE_PARAMETERS;

/* StorPortLogSystemEvent */
typedef enum _STOR_EVENT_ASSOCIATION_ENUM {
    StorEventAdapterAssociation = 0,
    StorEventLunAssociation = 1,
    StorEventTargetAssociation = 2,
    StorEventInvalidAssociation = 3
} STOR_EVENT_ASSOCIATION_ENUM;

#define STOR_CURRENT_LOG_INTERFACE_REVISION 0x0100

typedef struct _STOR_LOG_EVENT_DETAILS {
    ULONG InterfaceRevision;
    ULONG Size;
    ULONG Flags;
    STOR_EVENT_ASSOCIATION_ENUM EventAssociation;
    ULONG PathId;
    ULONG TargetId;
    ULONG LunId;
    BOOLEAN StorportSpecificErrorCode;
    ULONG ErrorCode;
    ULONG UniqueId;
    ULONG DumpDataSize;
    PVOID DumpData;
    ULONG StringCount;
    PWSTR *StringList;
} STOR_LOG_EVENT_DETAILS, *PSTOR_LOG_EVENT_DETAILS;

/* StorPortGetRequestInfo */
#define STOR_REQUEST_INFO_VER_1 1
/* The REQUEST_INFO_*_FLAG bits are defined with SRBEX_DATA_IO_INFO (mpabi_srb_common.h). */

typedef enum _STOR_IO_PRIORITY_HINT {
    StorIoPriorityVeryLow = 0,
    StorIoPriorityLow = 1,
    StorIoPriorityNormal = 2,
    StorIoPriorityHigh = 3,
    StorIoPriorityCritical = 4
} STOR_IO_PRIORITY_HINT;

typedef struct _STOR_REQUEST_INFO_V1 {
    USHORT Version;
    USHORT Size;
    STOR_IO_PRIORITY_HINT PriorityHint;
    ULONG Flags;
    ULONG Key;
    ULONG Length;
    BOOLEAN IsWriteRequest;
    UCHAR Reserved[3];
} STOR_REQUEST_INFO_V1, *PSTOR_REQUEST_INFO_V1;
typedef STOR_REQUEST_INFO_V1 STOR_REQUEST_INFO, *PSTOR_REQUEST_INFO;

/* StorPortSetUnitAttributes (passed by value) */
typedef struct _STOR_UNIT_ATTRIBUTES {
    ULONG DeviceAttentionSupported : 1;
    ULONG AsyncNotificationSupported : 1;
    ULONG D3ColdNotSupported : 1;
    ULONG Reserved : 29;
} STOR_UNIT_ATTRIBUTES, *PSTOR_UNIT_ATTRIBUTES;

/* StorPortStateChangeDetected */
#define STATE_CHANGE_LUN 0x1
#define STATE_CHANGE_TARGET 0x2
#define STATE_CHANGE_BUS 0x4
#define ATTRIBUTE_VM_PASSTHROUGH_LUN 0x1

/* StorPortAsyncNotificationDetected flags */
#define RAID_ASYNC_NOTIFY_FLAG_MEDIA_STATUS 0x1
#define RAID_ASYNC_NOTIFY_FLAG_DEVICE_STATUS 0x2
#define RAID_ASYNC_NOTIFY_FLAG_DEVICE_OPERATION 0x4

/* StorPortMarkDeviceFailed(Ex) flags */
#define STORPORT_MARK_DEVICE_FAILED_FLAG_REMOVE_DEVICE 0x1
#define STORPORT_MARK_DEVICE_FAILED_FLAG_PREDICTED_FAILURE 0x2

/* Runtime power (PoFx) registration, version 1 forms. */
#define STOR_POFX_DEVICE_VERSION_V1 1
#define STOR_POFX_COMPONENT_VERSION_V1 1
#define STOR_POFX_COMPONENT_IDLE_STATE_VERSION_V1 1
#define STOR_POFX_DEVICE_FLAG_NO_D0 0x01
#define STOR_POFX_DEVICE_FLAG_NO_D3 0x02
#define STOR_POFX_DEVICE_FLAG_ENABLE_D3_COLD 0x04
#define STOR_POFX_DEVICE_FLAG_NO_DUMP_ACTIVE 0x08
#define STOR_POFX_DEVICE_FLAG_IDLE_TIMEOUT 0x10
#define STOR_POFX_DEVICE_FLAG_ADAPTIVE_D3_IDLE_TIMEOUT 0x20
#define STOR_POFX_DEVICE_FLAG_NO_UNIT_REGISTRATION 0x40
#define STOR_POFX_DEVICE_FLAG_PERF_STATE 0x80
#define STOR_POFX_DEVICE_FLAG_PERF_STATE_PEP_OPTIONAL 0x100
#define STOR_POFX_DEVICE_FLAG_NO_UNIT_DEBOUNCE 0x200
#define STOR_POFX_DEVICE_FLAG_DISABLE_INTERRUPTS_ON_D3 0x400
#define STOR_POFX_DEVICE_FLAG_DUMP_ALWAYS_POWER_ON 0x800

typedef struct _STOR_POFX_COMPONENT_IDLE_STATE {
    ULONG Version;
    ULONG Size;
    ULONGLONG TransitionLatency;
    ULONGLONG ResidencyRequirement;
    ULONG NominalPower;
} STOR_POFX_COMPONENT_IDLE_STATE, *PSTOR_POFX_COMPONENT_IDLE_STATE;

typedef struct _STOR_POFX_COMPONENT {
    ULONG Version;
    ULONG Size;
    ULONG FStateCount;
    ULONG DeepestWakeableFState;
    GUID Id;
    STOR_POFX_COMPONENT_IDLE_STATE FStates[ANYSIZE_ARRAY];
} STOR_POFX_COMPONENT, *PSTOR_POFX_COMPONENT;

typedef struct _STOR_POFX_DEVICE {
    ULONG Version;
    ULONG Size;
    ULONG ComponentCount;
    ULONG Flags;
    STOR_POFX_COMPONENT Components[ANYSIZE_ARRAY];
} STOR_POFX_DEVICE, *PSTOR_POFX_DEVICE;

/* StorPortSetAdapterBusType takes a STORAGE_BUS_TYPE value as a ULONG (mpabi_storage_bus_type.h). */

/* =====================================================================================
 * HwStorAdapterControl parameters (power control types).
 * ===================================================================================== */

/* Heads the power-control parameter blocks; Address is NULL for the adapter. */
typedef struct _STOR_POWER_CONTROL_HEADER {
    ULONG Version;
    ULONG Size;
    PSTOR_ADDRESS Address;
} STOR_POWER_CONTROL_HEADER, *PSTOR_POWER_CONTROL_HEADER;

/* ScsiAdapterPower: the adapter's new device power state. */
typedef struct _STOR_ADAPTER_CONTROL_POWER {
    STOR_POWER_CONTROL_HEADER Header;
    STOR_POWER_ACTION PowerAction;
    STOR_DEVICE_POWER_STATE PowerState;
} STOR_ADAPTER_CONTROL_POWER, *PSTOR_ADAPTER_CONTROL_POWER;

/* ScsiPowerSettingNotification: a setting registered with
 * StorPortSetPowerSettingNotificationGuids changed. */
typedef struct _STOR_POWER_SETTING_INFO {
    GUID PowerSettingGuid;
    PVOID Value;
    ULONG ValueLength;
} STOR_POWER_SETTING_INFO, *PSTOR_POWER_SETTING_INFO;

/* =====================================================================================
 * StorPortExtendedFunction codes. The values are the positions in the WDK list and are
 * part of the binary interface; never renumber.
 * ===================================================================================== */
typedef enum _STORPORT_FUNCTION_CODE {
    ExtFunctionAllocatePool = 0,
    ExtFunctionFreePool = 1,
    ExtFunctionAllocateMdl = 2,
    ExtFunctionFreeMdl = 3,
    ExtFunctionBuildMdlForNonPagedPool = 4,
    ExtFunctionGetSystemAddress = 5,
    ExtFunctionGetOriginalMdl = 6,
    ExtFunctionCompleteServiceIrp = 7,
    ExtFunctionGetDeviceObjects = 8,
    ExtFunctionBuildScatterGatherList = 9,
    ExtFunctionPutScatterGatherList = 10,
    ExtFunctionAcquireMSISpinLock = 11,
    ExtFunctionReleaseMSISpinLock = 12,
    ExtFunctionGetMessageInterruptInformation = 13,
    ExtFunctionInitializePerformanceOptimizations = 14,
    ExtFunctionGetStartIoPerformanceParameters = 15,
    ExtFunctionLogSystemEvent = 16,
    ExtFunctionGetCurrentProcessorNumber = 17,
    ExtFunctionGetActiveGroupCount = 18,
    ExtFunctionGetGroupAffinity = 19,
    ExtFunctionGetActiveNodeCount = 20,
    ExtFunctionGetNodeAffinity = 21,
    ExtFunctionGetHighestNodeNumber = 22,
    ExtFunctionGetLogicalProcessorRelationship = 23,
    ExtFunctionAllocateContiguousMemorySpecifyCacheNode = 24,
    ExtFunctionFreeContiguousMemorySpecifyCache = 25,
    ExtFunctionSetPowerSettingNotificationGuids = 26,
    ExtFunctionInvokeAcpiMethod = 27,
    ExtFunctionGetRequestInfo = 28,
    ExtFunctionInitializeWorker = 29,
    ExtFunctionQueueWorkItem = 30,
    ExtFunctionFreeWorker = 31,
    ExtFunctionInitializeTimer = 32,
    ExtFunctionRequestTimer = 33,
    ExtFunctionFreeTimer = 34,
    ExtFunctionInitializeSListHead = 35,
    ExtFunctionInterlockedFlushSList = 36,
    ExtFunctionInterlockedPopEntrySList = 37,
    ExtFunctionInterlockedPushEntrySList = 38,
    ExtFunctionQueryDepthSList = 39,
    ExtFunctionGetActivityId = 40,
    ExtFunctionGetSystemPortNumber = 41,
    ExtFunctionGetDataInBufferMdl = 42,
    ExtFunctionGetDataInBufferSystemAddress = 43,
    ExtFunctionGetDataInBufferScatterGatherList = 44,
    ExtFunctionMarkDumpMemory = 45,
    ExtFunctionSetUnitAttributes = 46,
    ExtFunctionQueryPerformanceCounter = 47,
    ExtFunctionInitializePoFxPower = 48,
    ExtFunctionPoFxActivateComponent = 49,
    ExtFunctionPoFxIdleComponent = 50,
    ExtFunctionPoFxSetComponentLatency = 51,
    ExtFunctionPoFxSetComponentResidency = 52,
    ExtFunctionPoFxPowerControl = 53,
    ExtFunctionFlushDataBufferMdl = 54,
    ExtFunctionDeviceOperationAllowed = 55,
    ExtFunctionGetProcessorIndexFromNumber = 56,
    ExtFunctionPoFxSetIdleTimeout = 57,
    ExtFunctionMiniportEtwEvent2 = 58,
    ExtFunctionMiniportEtwEvent4 = 59,
    ExtFunctionMiniportEtwEvent8 = 60,
    ExtFunctionCurrentOsInstallationUpgrade = 61,
    ExtFunctionRegistryReadAdapterKey = 62,
    ExtFunctionRegistryWriteAdapterKey = 63,
    ExtFunctionSetAdapterBusType = 64,
    ExtFunctionPoFxRegisterPerfStates = 65,
    ExtFunctionPoFxSetPerfState = 66,
    ExtFunctionGetD3ColdSupport = 67,
    ExtFunctionInitializeRpmb = 68,
    ExtFunctionAllocateHmb = 69,
    ExtFunctionFreeHmb = 70,
    ExtFunctionPropagateIrpExtension = 71,
    ExtFunctionInterlockedInsertHeadList = 72,
    ExtFunctionInterlockedInsertTailList = 73,
    ExtFunctionInterlockedRemoveHeadList = 74,
    ExtFunctionInitializeSpinlock = 75,
    ExtFunctionGetPfns = 76,
    ExtFunctionInitializeCryptoEngine = 77,
    ExtFunctionGetRequestCryptoInfo = 78,
    ExtFunctionMiniportTelemetry = 79,
    ExtFunctionUpdateAdapterMaxIO = 80,
    ExtFunctionDelayExecution = 81,
    ExtFunctionAllocateDmaMemory = 82,
    ExtFunctionFreeDmaMemory = 83,
    ExtFunctionUpdateAdapterMaxIOInfo = 84,
    ExtFunctionMiniportChannelEtwEvent2 = 85,
    ExtFunctionMiniportChannelEtwEvent4 = 86,
    ExtFunctionMiniportChannelEtwEvent8 = 87,
    ExtFunctionInitializeHighResolutionTimer = 88,
    ExtFunctionRequestHighResolutionTimer = 89,
    ExtFunctionCancelHighResolutionTimer = 90,
    ExtFunctionFreeHighResolutionTimer = 91,
    ExtFunctionGetCurrentProcessorIndex = 92,
    ExtFunctionAcquireSpinLock = 93,
    ExtFunctionGetProcessorCount = 94,
    ExtFunctionCancelDpc = 95,
    ExtFunctionMiniportTelemetryEx = 96,
    ExtFunctionQueryConfiguration = 97,
    ExtFunctionLogHardwareError = 98,
    ExtFunctionInitializeEvent = 99,
    ExtFunctionWaitForEvent = 100,
    ExtFunctionSetEvent = 101,
    ExtFunctionDeviceReset = 102,
    ExtFunctionSetFeatureList = 103,
    ExtFunctionCaptureLiveDump = 104,
    ExtFunctionMiniportLogByteStream = 105,
    ExtFunctionQueryDpcWatchdogInformation = 106,
    ExtFunctionQueryTimerMinInterval = 107,
    ExtFunctionMaskPciMsixEntry = 108,
    ExtFunctionGetCurrentIrql = 109,
    ExtFunctionCreateSystemThread = 110,
    ExtFunctionSetPriorityThread = 111,
    ExtFunctionSetSystemGroupAffinityThread = 112,
    ExtFunctionRevertToUserGroupAffinityThread = 113,
    ExtFunctionDeviceResetEx = 114,
    ExtFunctionMiniportReportInternalData = 115,
    ExtFunctionGetMessageInterruptIDFromProcessorIndex = 116,
    ExtFunctionGetNodeAffinity2 = 117,
    ExtFunctionEnableRegistryKeyNotification = 118,
    ExtFunctionPoFxRegisterPerfStatesEx = 119,
    ExtFunctionReadRegistryKey = 120,
    ExtFunctionGetDeviceBase2 = 121,
    ExtFunctionIsDriverHotSwapEnabled = 122,
    ExtFunctionRegisterDriverProxy = 123,
    ExtFunctionRegisterDriverProxyEndpoints = 124,
    ExtFunctionGetDriverProxyEndpointWrapper = 125,
    ExtFunctionNvmeIceIoStart = 126,
    ExtFunctionNvmeIceIoComplete = 127,
    ExtFunctionNvmeMiniportEvent = 128,
    ExtFunctionNvmeMiniportTelemetry = 129,
    ExtFunctionGetDriverProxyEndpointWrapperFromEndpoint = 130,
    ExtFunctionSwapDriverProxyEndpoints = 131,
    ExtFunctionStorMQAddController = 132,
    ExtFunctionStorMQRemoveController = 133,
    ExtFunctionNvmeIceIoStartEx = 134,
    ExtFunctionQueryNvmeIceSupport = 135,
    ExtFunctionQueueWorkItemToNode = 136
} STORPORT_FUNCTION_CODE, *PSTORPORT_FUNCTION_CODE;

/* =====================================================================================
 * StorPortNotification types beyond the list in mpabi_srb_common.h (Windows 8 and later).
 * They continue the 0x1000 block after ReleaseSpinLock. Kept as macros so this header does
 * not depend on how far the shared enumeration goes; storport.h casts them to
 * SCSI_NOTIFICATION_TYPE.
 * ===================================================================================== */
#define MPABI_STOR_NOTIFY_STATE_CHANGE_DETECTED 0x1005        /* StateChangeDetectedCall */
#define MPABI_STOR_NOTIFY_IO_TARGET_REQUEST_SERVICE_TIME 0x1006 /* IoTargetRequestServiceTime */
#define MPABI_STOR_NOTIFY_ASYNC_NOTIFICATION_DETECTED 0x1007  /* AsyncNotificationDetected */
#define MPABI_STOR_NOTIFY_REQUEST_DIRECT_COMPLETE 0x1008      /* RequestDirectComplete */
#define MPABI_STOR_NOTIFY_INITIALIZE_DPC_WITH_CONTEXT 0x1009  /* InitializeDpcWithContext */
#define MPABI_STOR_NOTIFY_INITIALIZE_THREADED_DPC 0x100A      /* InitializeThreadedDpc */
#define MPABI_STOR_NOTIFY_SET_TARGET_PROCESSOR_DPC 0x100B     /* SetTargetProcessorDpc */
#define MPABI_STOR_NOTIFY_MARK_DEVICE_FAILED 0x100C           /* MarkDeviceFailed */
#define MPABI_STOR_NOTIFY_MARK_DEVICE_FAILED_EX 0x100D        /* MarkDeviceFailedEx */
#define MPABI_STOR_NOTIFY_TERMINATE_SYSTEM_THREAD 0x100E      /* TerminateSystemThread */
#define MPABI_STOR_NOTIFY_NVMEOF_NOTIFICATION 0x100F          /* NvmeofNotification */
#define MPABI_STOR_NOTIFY_STORMQ_CONTROLLER_START 0x1010      /* StorMQControllerStartInitialization */

/* =====================================================================================
 * Miniport routines StorPort calls (beyond the shared ones in mpabi_srb_common.h), and
 * callbacks miniports hand to StorPort routines.
 * ===================================================================================== */
typedef BOOLEAN HW_BUILDIO(_In_ PVOID DeviceExtension, _In_ PSCSI_REQUEST_BLOCK Srb);
typedef HW_BUILDIO *PHW_BUILDIO;
typedef BOOLEAN HW_PASSIVE_INITIALIZE_ROUTINE(_In_ PVOID DeviceExtension);
typedef HW_PASSIVE_INITIALIZE_ROUTINE *PHW_PASSIVE_INITIALIZE_ROUTINE;
typedef VOID HW_DPC_ROUTINE(_In_ PSTOR_DPC Dpc, _In_ PVOID HwDeviceExtension,
                            _In_ PVOID SystemArgument1, _In_ PVOID SystemArgument2);
typedef HW_DPC_ROUTINE *PHW_DPC_ROUTINE;
typedef BOOLEAN HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE(_In_ PVOID HwDeviceExtension,
                                                      _In_ ULONG MessageId);
typedef HW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE *PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE;
typedef VOID HW_FREE_ADAPTER_RESOURCES(_In_ PVOID DeviceExtension);
typedef HW_FREE_ADAPTER_RESOURCES *PHW_FREE_ADAPTER_RESOURCES;
typedef VOID HW_PROCESS_SERVICE_REQUEST(_In_ PVOID DeviceExtension, _In_ PVOID Irp);
typedef HW_PROCESS_SERVICE_REQUEST *PHW_PROCESS_SERVICE_REQUEST;
typedef VOID HW_COMPLETE_SERVICE_IRP(_In_ PVOID DeviceExtension);
typedef HW_COMPLETE_SERVICE_IRP *PHW_COMPLETE_SERVICE_IRP;
typedef VOID HW_INITIALIZE_TRACING(_In_ PVOID Arg1, _In_ PVOID Arg2);
typedef HW_INITIALIZE_TRACING *PHW_INITIALIZE_TRACING;
typedef VOID HW_CLEANUP_TRACING(_In_ PVOID Arg1);
typedef HW_CLEANUP_TRACING *PHW_CLEANUP_TRACING;
typedef VOID HW_TRACING_ENABLED(_In_ PVOID HwDeviceExtension, _In_ BOOLEAN Enabled);
typedef HW_TRACING_ENABLED *PHW_TRACING_ENABLED;
typedef SCSI_UNIT_CONTROL_STATUS HW_UNIT_CONTROL(_In_ PVOID DeviceExtension,
                                                 _In_ SCSI_UNIT_CONTROL_TYPE ControlType,
                                                 _In_ PVOID Parameters);
typedef HW_UNIT_CONTROL *PHW_UNIT_CONTROL;
typedef VOID HW_STATE_CHANGE(_In_ PVOID HwDeviceExtension, _In_opt_ PVOID Context,
                             _In_ SHORT AddressType, _In_ PVOID Address, _In_ ULONG Status);
typedef HW_STATE_CHANGE *PHW_STATE_CHANGE;
typedef VOID HW_WORKITEM(_In_ PVOID HwDeviceExtension, _In_opt_ PVOID Context,
                         _In_ PVOID Worker);
typedef HW_WORKITEM *PHW_WORKITEM;
typedef VOID HW_TIMER_EX(_In_ PVOID DeviceExtension, _In_opt_ PVOID Context);
typedef HW_TIMER_EX *PHW_TIMER_EX;
typedef BOOLEAN STOR_SYNCHRONIZED_ACCESS(_In_ PVOID HwDeviceExtension, _In_ PVOID Context);
typedef STOR_SYNCHRONIZED_ACCESS *PSTOR_SYNCHRONIZED_ACCESS;
/* Completion routine of StorPortBuildScatterGatherList (the WDK's spelling). */
typedef VOID (*PpostScaterGatherExecute)(_In_ PVOID *DeviceObject, _In_ PVOID *Irp,
                                         _In_ PSTOR_SCATTER_GATHER_LIST ScatterGather,
                                         _In_ PVOID Context);

/* =====================================================================================
 * Registry access (StorPortRegistryRead/Write Type argument).
 * ===================================================================================== */
#ifndef REG_NONE
#define REG_NONE 0
#define REG_SZ 1
#define REG_EXPAND_SZ 2
#define REG_BINARY 3
#define REG_DWORD 4
#define REG_DWORD_LITTLE_ENDIAN 4
#define REG_DWORD_BIG_ENDIAN 5
#define REG_LINK 6
#define REG_MULTI_SZ 7
#define REG_QWORD 11
#define REG_QWORD_LITTLE_ENDIAN 11
#endif

/* StorPortRegistryRead/Write Type values (the REG_* value of each). */
#ifndef MINIPORT_REG_SZ
#define MINIPORT_REG_SZ 1
#define MINIPORT_REG_BINARY 3
#define MINIPORT_REG_DWORD 4
#define MINIPORT_REG_MULTI_SZ 7
#endif

/* =====================================================================================
 * Sizes and offsets the port depends on.
 * ===================================================================================== */
C_ASSERT(sizeof(STOR_DPC) == 72);
C_ASSERT(sizeof(STOR_LOCK_HANDLE) == 32);
C_ASSERT(sizeof(STOR_SCATTER_GATHER_ELEMENT) == 24);
C_ASSERT(sizeof(STOR_SCATTER_GATHER_LIST) == 16);
C_ASSERT(sizeof(MEMORY_REGION) == 24);
C_ASSERT(sizeof(MINIPORT_DUMP_POINTERS) == 112);
C_ASSERT(FIELD_OFFSET(MINIPORT_DUMP_POINTERS, MiniportPrivateDumpData) == 0x40);
C_ASSERT(FIELD_OFFSET(MINIPORT_DUMP_POINTERS, AccessRanges) == 0x60);
C_ASSERT(sizeof(MESSAGE_INTERRUPT_INFORMATION) == 32);
C_ASSERT(sizeof(STOR_ADDRESS) == 16);
C_ASSERT(sizeof(STOR_ADDR_BTL8) == 16);
C_ASSERT(sizeof(PERF_CONFIGURATION_DATA) == 40);
C_ASSERT(sizeof(STOR_UNIT_ATTRIBUTES) == 4);
C_ASSERT(sizeof(STOR_SLIST_HEADER) == 16);
C_ASSERT(sizeof(PROCESSOR_NUMBER) == 4);
C_ASSERT(sizeof(STOR_LOG_EVENT_DETAILS) == 72);
C_ASSERT(sizeof(STOR_POFX_COMPONENT_IDLE_STATE) == 32);
C_ASSERT(sizeof(STOR_POWER_CONTROL_HEADER) == 16);
C_ASSERT(sizeof(STOR_ADAPTER_CONTROL_POWER) == 24);
C_ASSERT(sizeof(STOR_POWER_SETTING_INFO) == 32);

MPABI_EXTERN_C_END

#endif /* MPABI_STORPORT_TYPES_H */
