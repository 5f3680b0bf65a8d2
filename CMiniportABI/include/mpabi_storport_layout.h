/*
 * mpabi_storport_layout.h - the StorPort structures whose names clash with srb.h.
 *
 * PORT_CONFIGURATION_INFORMATION and HW_INITIALIZATION_DATA exist in both port models with
 * different layouts. This file describes the StorPort (Windows 8 and later) form once and
 * lets the includer choose the names through MPABI_SP(name):
 *
 *     storport.h        #define MPABI_SP(name) name           -> the WDK names
 *     Swift host view   #define MPABI_SP(name) STOR_##name     -> STOR_PORT_CONFIGURATION_INFORMATION,
 *                                                                STOR_HW_INITIALIZATION_DATA, ...
 *
 * Struct tags go through MPABI_SP_TAG(name), which defaults to MPABI_SP(name); a host view
 * that wants tags without a doubled underscore can define it separately.
 *
 * There is deliberately no include guard: include this file exactly once per naming, with
 * MPABI_SP defined, and #undef MPABI_SP (and MPABI_SP_TAG if you defined it) afterwards.
 * It needs mpabi_storport_types.h (included below) and the SCSI_REQUEST_BLOCK family from
 * mpabi_srb_common.h.
 */
#ifndef MPABI_SP
#error "define MPABI_SP(name) before including mpabi_storport_layout.h"
#endif

#include "mpabi_storport_types.h"

#ifdef MPABI_SP_TAG
#define MPABI_SP_TAG_LOCAL(name) MPABI_SP_TAG(name)
#else
#define MPABI_SP_TAG_LOCAL(name) MPABI_SP(name)
#endif

MPABI_EXTERN_C_BEGIN

/*
 * Configuration StorPort hands to HwStorFindAdapter: 224 bytes on x64.
 *
 * The Windows 8 header keeps two pairs of alternatives under #if; the x64 layout for
 * Windows 8 and later uses MiniportDumpData (not Reserved) at 0x40 and SrbType/AddressType
 * (not ReservedUchars[2]) at 0x62. Either member of each pair has the same size, so the
 * offsets are the same for every target version; only the names differ.
 */
typedef struct MPABI_SP_TAG_LOCAL(_PORT_CONFIGURATION_INFORMATION) {
    ULONG Length;                                        /* 0x00 */
    ULONG SystemIoBusNumber;                             /* 0x04 */
    INTERFACE_TYPE AdapterInterfaceType;                 /* 0x08 */
    ULONG BusInterruptLevel;                             /* 0x0c */
    ULONG BusInterruptVector;                            /* 0x10 */
    KINTERRUPT_MODE InterruptMode;                       /* 0x14 */
    ULONG MaximumTransferLength;                         /* 0x18 */
    ULONG NumberOfPhysicalBreaks;                        /* 0x1c */
    ULONG DmaChannel;                                    /* 0x20 */
    ULONG DmaPort;                                       /* 0x24 */
    DMA_WIDTH DmaWidth;                                  /* 0x28 */
    DMA_SPEED DmaSpeed;                                  /* 0x2c */
    ULONG AlignmentMask;                                 /* 0x30 */
    ULONG NumberOfAccessRanges;                          /* 0x34 */
    ACCESS_RANGE (*AccessRanges)[];                      /* 0x38 */
    PVOID MiniportDumpData;                              /* 0x40 (Reserved before Windows 8) */
    UCHAR NumberOfBuses;                                 /* 0x48 */
    CCHAR InitiatorBusId[8];                             /* 0x49 */
    BOOLEAN ScatterGather;                               /* 0x51 */
    BOOLEAN Master;                                      /* 0x52 */
    BOOLEAN CachesData;                                  /* 0x53 */
    BOOLEAN AdapterScansDown;                            /* 0x54 */
    BOOLEAN AtdiskPrimaryClaimed;                        /* 0x55 */
    BOOLEAN AtdiskSecondaryClaimed;                      /* 0x56 */
    BOOLEAN Dma32BitAddresses;                           /* 0x57 */
    BOOLEAN DemandMode;                                  /* 0x58 */
    UCHAR MapBuffers;                                    /* 0x59 STOR_MAP_* */
    BOOLEAN NeedPhysicalAddresses;                       /* 0x5a */
    BOOLEAN TaggedQueuing;                               /* 0x5b */
    BOOLEAN AutoRequestSense;                            /* 0x5c */
    BOOLEAN MultipleRequestPerLu;                        /* 0x5d */
    BOOLEAN ReceiveEvent;                                /* 0x5e */
    BOOLEAN RealModeInitialized;                         /* 0x5f */
    BOOLEAN BufferAccessScsiPortControlled;              /* 0x60 */
    UCHAR MaximumNumberOfTargets;                        /* 0x61 */
    UCHAR SrbType;                                       /* 0x62 (ReservedUchars[0] before Windows 8) */
    UCHAR AddressType;                                   /* 0x63 (ReservedUchars[1] before Windows 8) */
    ULONG SlotNumber;                                    /* 0x64 */
    ULONG BusInterruptLevel2;                            /* 0x68 */
    ULONG BusInterruptVector2;                           /* 0x6c */
    KINTERRUPT_MODE InterruptMode2;                      /* 0x70 */
    ULONG DmaChannel2;                                   /* 0x74 */
    ULONG DmaPort2;                                      /* 0x78 */
    DMA_WIDTH DmaWidth2;                                 /* 0x7c */
    DMA_SPEED DmaSpeed2;                                 /* 0x80 */
    ULONG DeviceExtensionSize;                           /* 0x84 */
    ULONG SpecificLuExtensionSize;                       /* 0x88 */
    ULONG SrbExtensionSize;                              /* 0x8c */
    UCHAR Dma64BitAddresses;                             /* 0x90 */
    BOOLEAN ResetTargetSupported;                        /* 0x91 */
    UCHAR MaximumNumberOfLogicalUnits;                   /* 0x92 */
    BOOLEAN WmiDataProvider;                             /* 0x93 */
    STOR_SYNCHRONIZATION_MODEL SynchronizationModel;     /* 0x94 */
    PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE HwMSInterruptRoutine; /* 0x98 */
    INTERRUPT_SYNCHRONIZATION_MODE InterruptSynchronizationMode; /* 0xa0 */
    MEMORY_REGION DumpRegion;                            /* 0xa8 */
    ULONG RequestedDumpBufferSize;                       /* 0xc0 */
    BOOLEAN VirtualDevice;                               /* 0xc4 */
    UCHAR DumpMode;                                      /* 0xc5 DUMP_MODE_* */
    UCHAR DmaAddressWidth;                               /* 0xc6 bits of DMA address the adapter
                                                          * drives (Windows 10 2004 and later;
                                                          * 0 = use Dma32/Dma64BitAddresses) */
    ULONG ExtendedFlags1;                                /* 0xc8 */
    ULONG MaxNumberOfIO;                                 /* 0xcc */
    ULONG MaxIOsPerLun;                                  /* 0xd0 */
    ULONG InitialLunQueueDepth;                          /* 0xd4 */
    ULONG BusResetHoldTime;                              /* 0xd8 */
    ULONG FeatureSupport;                                /* 0xdc STOR_ADAPTER_* */
} MPABI_SP(PORT_CONFIGURATION_INFORMATION), *MPABI_SP(PPORT_CONFIGURATION_INFORMATION);

/* HwStorFindAdapter. */
typedef ULONG MPABI_SP(HW_FIND_ADAPTER)(
    _In_ PVOID DeviceExtension, _In_ PVOID HwContext, _In_ PVOID BusInformation,
    _In_z_ PCHAR ArgumentString, _Inout_ MPABI_SP(PPORT_CONFIGURATION_INFORMATION) ConfigInfo,
    _In_ PBOOLEAN Reserved3);
typedef MPABI_SP(HW_FIND_ADAPTER) *MPABI_SP(PHW_FIND_ADAPTER);

/* HwStorFindAdapter of a virtual miniport (VIRTUAL_HW_INITIALIZATION_DATA). */
typedef ULONG MPABI_SP(VIRTUAL_HW_FIND_ADAPTER)(
    _In_ PVOID DeviceExtension, _In_ PVOID HwContext, _In_ PVOID BusInformation,
    _In_ PVOID LowerDevice, _In_z_ PCHAR ArgumentString,
    _Inout_ MPABI_SP(PPORT_CONFIGURATION_INFORMATION) ConfigInfo, _In_ PBOOLEAN Again);
typedef MPABI_SP(VIRTUAL_HW_FIND_ADAPTER) *MPABI_SP(PVIRTUAL_HW_FIND_ADAPTER);

/*
 * What DriverEntry passes to StorPortInitialize: 208 bytes on x64 (Windows 8 and later).
 *
 * HwInitializationDataSize tells the port which version the miniport was built with, and the
 * port must accept every earlier size (see MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_* below):
 * it may read only that many bytes and must treat the missing members as zero.
 */
typedef struct MPABI_SP_TAG_LOCAL(_HW_INITIALIZATION_DATA) {
    ULONG HwInitializationDataSize;                      /* 0x00 */
    INTERFACE_TYPE AdapterInterfaceType;                 /* 0x04 */
    PHW_INITIALIZE HwInitialize;                         /* 0x08 */
    PHW_STARTIO HwStartIo;                               /* 0x10 */
    PHW_INTERRUPT HwInterrupt;                           /* 0x18 */
    MPABI_SP(PHW_FIND_ADAPTER) HwFindAdapter;            /* 0x20 */
    PHW_RESET_BUS HwResetBus;                            /* 0x28 */
    PHW_DMA_STARTED HwDmaStarted;                        /* 0x30 */
    PHW_ADAPTER_STATE HwAdapterState;                    /* 0x38 */
    ULONG DeviceExtensionSize;                           /* 0x40 */
    ULONG SpecificLuExtensionSize;                       /* 0x44 */
    ULONG SrbExtensionSize;                              /* 0x48 */
    ULONG NumberOfAccessRanges;                          /* 0x4c */
    PVOID Reserved;                                      /* 0x50 */
    UCHAR MapBuffers;                                    /* 0x58 STOR_MAP_* */
    BOOLEAN NeedPhysicalAddresses;                       /* 0x59 */
    BOOLEAN TaggedQueuing;                               /* 0x5a */
    BOOLEAN AutoRequestSense;                            /* 0x5b */
    BOOLEAN MultipleRequestPerLu;                        /* 0x5c */
    BOOLEAN ReceiveEvent;                                /* 0x5d */
    USHORT VendorIdLength;                               /* 0x5e */
    PVOID VendorId;                                      /* 0x60 */
    union {                                              /* 0x68 */
        USHORT ReservedUshort;
        USHORT PortVersionFlags;
    };
    USHORT DeviceIdLength;                               /* 0x6a */
    PVOID DeviceId;                                      /* 0x70 */
    PHW_ADAPTER_CONTROL HwAdapterControl;                /* 0x78 */
    PHW_BUILDIO HwBuildIo;                               /* 0x80: end of the pre-Windows 8 form */
    PHW_FREE_ADAPTER_RESOURCES HwFreeAdapterResources;   /* 0x88 */
    PHW_PROCESS_SERVICE_REQUEST HwProcessServiceRequest; /* 0x90 */
    PHW_COMPLETE_SERVICE_IRP HwCompleteServiceIrp;       /* 0x98 */
    PHW_INITIALIZE_TRACING HwInitializeTracing;          /* 0xa0 */
    PHW_CLEANUP_TRACING HwCleanupTracing;                /* 0xa8 */
    PHW_TRACING_ENABLED HwTracingEnabled;                /* 0xb0 */
    ULONG FeatureSupport;                                /* 0xb8 STOR_FEATURE_* */
    ULONG SrbTypeFlags;                                  /* 0xbc SRB_TYPE_FLAG_* */
    ULONG AddressTypeFlags;                              /* 0xc0 ADDRESS_TYPE_FLAG_* */
    ULONG Reserved1;                                     /* 0xc4 */
    PHW_UNIT_CONTROL HwUnitControl;                      /* 0xc8 */
} MPABI_SP(HW_INITIALIZATION_DATA), *MPABI_SP(PHW_INITIALIZATION_DATA);

/*
 * What a virtual miniport built for Windows Vista SP1 .. Windows 7 passes to
 * StorPortInitialize (176 bytes on x64). From Windows 8 on, virtual miniports use
 * HW_INITIALIZATION_DATA with STOR_FEATURE_VIRTUAL_MINIPORT instead; the members shared
 * with HW_INITIALIZATION_DATA sit at the same offsets.
 */
typedef struct MPABI_SP_TAG_LOCAL(_VIRTUAL_HW_INITIALIZATION_DATA) {
    ULONG HwInitializationDataSize;                      /* 0x00 */
    INTERFACE_TYPE AdapterInterfaceType;                 /* 0x04 */
    PHW_INITIALIZE HwInitialize;                         /* 0x08 */
    PHW_STARTIO HwStartIo;                               /* 0x10 */
    PHW_INTERRUPT HwInterrupt;                           /* 0x18 */
    MPABI_SP(PVIRTUAL_HW_FIND_ADAPTER) HwFindAdapter;    /* 0x20 */
    PHW_RESET_BUS HwResetBus;                            /* 0x28 */
    PHW_DMA_STARTED HwDmaStarted;                        /* 0x30 */
    PHW_ADAPTER_STATE HwAdapterState;                    /* 0x38 */
    ULONG DeviceExtensionSize;                           /* 0x40 */
    ULONG SpecificLuExtensionSize;                       /* 0x44 */
    ULONG SrbExtensionSize;                              /* 0x48 */
    ULONG NumberOfAccessRanges;                          /* 0x4c */
    PVOID Reserved;                                      /* 0x50 */
    UCHAR MapBuffers;                                    /* 0x58 */
    BOOLEAN NeedPhysicalAddresses;                       /* 0x59 */
    BOOLEAN TaggedQueuing;                               /* 0x5a */
    BOOLEAN AutoRequestSense;                            /* 0x5b */
    BOOLEAN MultipleRequestPerLu;                        /* 0x5c */
    BOOLEAN ReceiveEvent;                                /* 0x5d */
    USHORT VendorIdLength;                               /* 0x5e */
    PVOID VendorId;                                      /* 0x60 */
    union {                                              /* 0x68 */
        USHORT ReservedUshort;
        USHORT PortVersionFlags;
    };
    USHORT DeviceIdLength;                               /* 0x6a */
    PVOID DeviceId;                                      /* 0x70 */
    PHW_ADAPTER_CONTROL HwAdapterControl;                /* 0x78 */
    PHW_BUILDIO HwBuildIo;                               /* 0x80 */
    PHW_FREE_ADAPTER_RESOURCES HwFreeAdapterResources;   /* 0x88 */
    PHW_PROCESS_SERVICE_REQUEST HwProcessServiceRequest; /* 0x90 */
    PHW_COMPLETE_SERVICE_IRP HwCompleteServiceIrp;       /* 0x98 */
    PHW_INITIALIZE_TRACING HwInitializeTracing;          /* 0xa0 */
    PHW_CLEANUP_TRACING HwCleanupTracing;                /* 0xa8 */
} MPABI_SP(VIRTUAL_HW_INITIALIZATION_DATA), *MPABI_SP(PVIRTUAL_HW_INITIALIZATION_DATA);

/*
 * HW_INITIALIZATION_DATA sizes a StorPort miniport may report in HwInitializationDataSize
 * (x64). The port must accept all of them:
 *   128  the SCSI Port form (through HwAdapterControl); StorPort drivers do not normally
 *        pass it, but it is the smallest size with every mandatory StorPort routine
 *   136  Windows Server 2003 through Windows 7 headers (through HwBuildIo)
 *   176  a virtual miniport's VIRTUAL_HW_INITIALIZATION_DATA (through HwCleanupTracing)
 *   208  Windows 8 and later headers (through HwUnitControl)
 */
#ifndef MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_SCSIPORT
#define MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_SCSIPORT 128
#define MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_W2K3 136
#define MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_WIN7 136
#define MPABI_STOR_VIRTUAL_HW_INITIALIZATION_DATA_SIZE 176
#define MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_WIN8 208
#define MPABI_STOR_PORT_CONFIGURATION_INFORMATION_SIZE_WIN8 224
#endif

C_ASSERT(sizeof(MPABI_SP(PORT_CONFIGURATION_INFORMATION)) == 224);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), AccessRanges) == 0x38);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), MiniportDumpData) == 0x40);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), InitiatorBusId) == 0x49);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), MaximumNumberOfTargets) == 0x61);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), SrbType) == 0x62);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), SlotNumber) == 0x64);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), DeviceExtensionSize) == 0x84);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), Dma64BitAddresses) == 0x90);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), SynchronizationModel) == 0x94);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), HwMSInterruptRoutine) == 0x98);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), DumpRegion) == 0xa8);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), RequestedDumpBufferSize) == 0xc0);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), DumpMode) == 0xc5);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), DmaAddressWidth) == 0xc6);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), ExtendedFlags1) == 0xc8);
C_ASSERT(FIELD_OFFSET(MPABI_SP(PORT_CONFIGURATION_INFORMATION), FeatureSupport) == 0xdc);

C_ASSERT(sizeof(MPABI_SP(HW_INITIALIZATION_DATA)) == 208);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwFindAdapter) == 0x20);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), DeviceExtensionSize) == 0x40);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), MapBuffers) == 0x58);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), VendorIdLength) == 0x5e);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), PortVersionFlags) == 0x68);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwAdapterControl) == 0x78);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwBuildIo) == 0x80);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwFreeAdapterResources) == 0x88);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwTracingEnabled) == 0xb0);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), FeatureSupport) == 0xb8);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwUnitControl) == 0xc8);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwBuildIo) + sizeof(PVOID) ==
         MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_W2K3);
C_ASSERT(FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwAdapterControl) + sizeof(PVOID) ==
         MPABI_STOR_HW_INITIALIZATION_DATA_SIZE_SCSIPORT);

C_ASSERT(sizeof(MPABI_SP(VIRTUAL_HW_INITIALIZATION_DATA)) ==
         MPABI_STOR_VIRTUAL_HW_INITIALIZATION_DATA_SIZE);
C_ASSERT(FIELD_OFFSET(MPABI_SP(VIRTUAL_HW_INITIALIZATION_DATA), HwCleanupTracing) ==
         FIELD_OFFSET(MPABI_SP(HW_INITIALIZATION_DATA), HwCleanupTracing));

MPABI_EXTERN_C_END

#undef MPABI_SP_TAG_LOCAL
