/*
 * mpabi_import_storport.h - the StorPort half of the import table (see mpabi_import.h).
 *
 * One slot per storport export, named without the "StorPort" prefix, each taking the
 * table's Context first and then the routine's own arguments. The variadic routines are
 * decoded by the stub (stub/storport_imports.c):
 *   - StorPortNotification calls one Notify<Type> slot per notification type, or
 *     NotifyUnknown for a type the stub does not know;
 *   - StorPortExtendedFunction calls one slot per decoded STORPORT_FUNCTION_CODE (the
 *     routine names of the WDK wrappers, e.g. AllocatePool, InitializeTimer), or
 *     ExtendedUnknown, whose result (normally STOR_STATUS_NOT_IMPLEMENTED) goes back to the
 *     miniport unchanged;
 *   - StorPortDebugPrint is formatted in the image and arrives as text.
 *
 * Conventions shared with the SCSI Port half: a STOR_PHYSICAL_ADDRESS travels as ULONGLONG
 * (its QuadPart), an INTERFACE_TYPE as ULONG, and PORT_CONFIGURATION_INFORMATION /
 * HW_INITIALIZATION_DATA pointers as PVOID (their layout differs between the families; the
 * port knows it serves StorPort). STOR_UNIT_ATTRIBUTES travels as its ULONG bit image.
 *
 * Host-visible: includes no family header (storport.h, srb.h); mpabi_storport_types.h brings
 * in scsi.h, which defines STOR_ADDRESS.
 */
#ifndef MPABI_IMPORT_STORPORT_H
#define MPABI_IMPORT_STORPORT_H

#include "mpabi_types.h"
#include "mpabi_bus.h"
#include "mpabi_srb_common.h"
#include "mpabi_storport_types.h"

MPABI_EXTERN_C_BEGIN

typedef struct _MPABI_STORPORT_IMPORTS {
    /* ---- adapter bring-up and configuration ---- */
    ULONG (*Initialize)(PVOID Context, PVOID Argument1, PVOID Argument2, PVOID HwInitializationData,
                        PVOID HwContext);
    ULONG (*GetBusData)(PVOID Context, PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber,
                        ULONG SlotNumber, PVOID Buffer, ULONG Length);
    ULONG (*SetBusDataByOffset)(PVOID Context, PVOID DeviceExtension, ULONG BusDataType,
                                ULONG SystemIoBusNumber, ULONG SlotNumber, PVOID Buffer, ULONG Offset,
                                ULONG Length);
    PVOID (*GetDeviceBase)(PVOID Context, PVOID HwDeviceExtension, ULONG BusType, ULONG SystemIoBusNumber,
                           ULONGLONG IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace);
    VOID (*FreeDeviceBase)(PVOID Context, PVOID HwDeviceExtension, PVOID MappedAddress);
    BOOLEAN (*ValidateRange)(PVOID Context, PVOID HwDeviceExtension, ULONG BusType, ULONG SystemIoBusNumber,
                             ULONGLONG IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace);
    PVOID (*GetUncachedExtension)(PVOID Context, PVOID HwDeviceExtension, PVOID ConfigInfo,
                                  ULONG NumberOfBytes);

    /* ---- requests, units, addresses ---- */
    PVOID (*GetLogicalUnit)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
    PSCSI_REQUEST_BLOCK (*GetSrb)(PVOID Context, PVOID DeviceExtension, UCHAR PathId, UCHAR TargetId,
                                  UCHAR Lun, LONG QueueTag);
    ULONGLONG (*GetPhysicalAddress)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                    PVOID VirtualAddress, PULONG Length);
    PVOID (*GetVirtualAddress)(PVOID Context, PVOID HwDeviceExtension, ULONGLONG PhysicalAddress);
    PSTOR_SCATTER_GATHER_LIST (*GetScatterGatherList)(PVOID Context, PVOID HwDeviceExtension,
                                                      PSCSI_REQUEST_BLOCK Srb);
    VOID (*CompleteRequest)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                            UCHAR SrbStatus);
    VOID (*LogError)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId,
                     UCHAR TargetId, UCHAR Lun, ULONG ErrorCode, ULONG UniqueId);

    /* ---- queue management ---- */
    BOOLEAN (*Busy)(PVOID Context, PVOID HwDeviceExtension, ULONG RequestsToComplete);
    BOOLEAN (*Ready)(PVOID Context, PVOID HwDeviceExtension);
    BOOLEAN (*DeviceBusy)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                          ULONG RequestsToComplete);
    BOOLEAN (*DeviceReady)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
    BOOLEAN (*Pause)(PVOID Context, PVOID HwDeviceExtension, ULONG TimeOut);
    BOOLEAN (*Resume)(PVOID Context, PVOID HwDeviceExtension);
    BOOLEAN (*PauseDevice)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                           ULONG TimeOut);
    BOOLEAN (*ResumeDevice)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
    BOOLEAN (*SetDeviceQueueDepth)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                   UCHAR Lun, ULONG Depth);

    /* ---- registry ---- */
    BOOLEAN (*RegistryRead)(PVOID Context, PVOID HwDeviceExtension, PUCHAR ValueName, ULONG Global,
                            ULONG Type, PUCHAR Buffer, PULONG BufferLength);
    BOOLEAN (*RegistryWrite)(PVOID Context, PVOID HwDeviceExtension, PUCHAR ValueName, ULONG Global,
                             ULONG Type, PUCHAR Buffer, ULONG BufferLength);
    PUCHAR (*AllocateRegistryBuffer)(PVOID Context, PVOID HwDeviceExtension, PULONG Length);
    VOID (*FreeRegistryBuffer)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Buffer);

    /* ---- synchronization, time, memory, conversions, debugging ---- */
    BOOLEAN (*SynchronizeAccess)(PVOID Context, PVOID HwDeviceExtension,
                                 PSTOR_SYNCHRONIZED_ACCESS SynchronizedAccessRoutine, PVOID RoutineContext);
    VOID (*StallExecution)(PVOID Context, ULONG Delay);
    VOID (*QuerySystemTime)(PVOID Context, PLARGE_INTEGER CurrentTime);
    VOID (*MoveMemory)(PVOID Context, PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length);
    ULONGLONG (*ConvertUlongToPhysicalAddress)(PVOID Context, ULONG_PTR UlongAddress);
    VOID (*DebugPrint)(PVOID Context, ULONG DebugPrintLevel, const char *Text);

    /* ---- register (memory-mapped) and port (I/O space) accessors ---- */
    UCHAR (*ReadPortUchar)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Port);
    USHORT (*ReadPortUshort)(PVOID Context, PVOID HwDeviceExtension, PUSHORT Port);
    ULONG (*ReadPortUlong)(PVOID Context, PVOID HwDeviceExtension, PULONG Port);
    VOID (*ReadPortBufferUchar)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Port, PUCHAR Buffer,
                                ULONG Count);
    VOID (*ReadPortBufferUshort)(PVOID Context, PVOID HwDeviceExtension, PUSHORT Port, PUSHORT Buffer,
                                 ULONG Count);
    VOID (*ReadPortBufferUlong)(PVOID Context, PVOID HwDeviceExtension, PULONG Port, PULONG Buffer,
                                ULONG Count);
    UCHAR (*ReadRegisterUchar)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Register);
    USHORT (*ReadRegisterUshort)(PVOID Context, PVOID HwDeviceExtension, PUSHORT Register);
    ULONG (*ReadRegisterUlong)(PVOID Context, PVOID HwDeviceExtension, PULONG Register);
    ULONG64 (*ReadRegisterUlong64)(PVOID Context, PVOID HwDeviceExtension, PULONG64 Register);
    VOID (*ReadRegisterBufferUchar)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Register, PUCHAR Buffer,
                                    ULONG Count);
    VOID (*ReadRegisterBufferUshort)(PVOID Context, PVOID HwDeviceExtension, PUSHORT Register,
                                     PUSHORT Buffer, ULONG Count);
    VOID (*ReadRegisterBufferUlong)(PVOID Context, PVOID HwDeviceExtension, PULONG Register, PULONG Buffer,
                                    ULONG Count);
    VOID (*ReadRegisterBufferUlong64)(PVOID Context, PVOID HwDeviceExtension, PULONG64 Register,
                                      PULONG64 Buffer, ULONG Count);
    VOID (*WritePortUchar)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Port, UCHAR Value);
    VOID (*WritePortUshort)(PVOID Context, PVOID HwDeviceExtension, PUSHORT Port, USHORT Value);
    VOID (*WritePortUlong)(PVOID Context, PVOID HwDeviceExtension, PULONG Port, ULONG Value);
    VOID (*WritePortBufferUchar)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Port, PUCHAR Buffer,
                                 ULONG Count);
    VOID (*WritePortBufferUshort)(PVOID Context, PVOID HwDeviceExtension, PUSHORT Port, PUSHORT Buffer,
                                  ULONG Count);
    VOID (*WritePortBufferUlong)(PVOID Context, PVOID HwDeviceExtension, PULONG Port, PULONG Buffer,
                                 ULONG Count);
    VOID (*WriteRegisterUchar)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Register, UCHAR Value);
    VOID (*WriteRegisterUshort)(PVOID Context, PVOID HwDeviceExtension, PUSHORT Register, USHORT Value);
    VOID (*WriteRegisterUlong)(PVOID Context, PVOID HwDeviceExtension, PULONG Register, ULONG Value);
    VOID (*WriteRegisterUlong64)(PVOID Context, PVOID HwDeviceExtension, PULONG64 Register, ULONG64 Value);
    VOID (*WriteRegisterBufferUchar)(PVOID Context, PVOID HwDeviceExtension, PUCHAR Register, PUCHAR Buffer,
                                     ULONG Count);
    VOID (*WriteRegisterBufferUshort)(PVOID Context, PVOID HwDeviceExtension, PUSHORT Register,
                                      PUSHORT Buffer, ULONG Count);
    VOID (*WriteRegisterBufferUlong)(PVOID Context, PVOID HwDeviceExtension, PULONG Register, PULONG Buffer,
                                     ULONG Count);
    VOID (*WriteRegisterBufferUlong64)(PVOID Context, PVOID HwDeviceExtension, PULONG64 Register,
                                       PULONG64 Buffer, ULONG Count);

    /* ---- StorPortNotification, decoded per type ---- */
    VOID (*NotifyRequestComplete)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb);
    VOID (*NotifyNextRequest)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyNextLuRequest)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                UCHAR Lun);
    VOID (*NotifyResetDetected)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyRequestTimerCall)(PVOID Context, PVOID HwDeviceExtension, PHW_TIMER HwStorTimer,
                                   ULONG MiniportTimerValue);
    /* PathId is optional in the WDK call; a miniport that omits it leaves an unspecified value. */
    VOID (*NotifyBusChangeDetected)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId);
    /* TargetId and Lun are 0 when PathId is 0xFF (an adapter event: the miniport passed none). */
    VOID (*NotifyWMIEvent)(PVOID Context, PVOID HwDeviceExtension, PVOID WmiEvent, UCHAR PathId,
                           UCHAR TargetId, UCHAR Lun);
    VOID (*NotifyWMIReregister)(PVOID Context, PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId,
                                UCHAR Lun);
    VOID (*NotifyLinkUp)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyLinkDown)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyQueryTickCount)(PVOID Context, PVOID HwDeviceExtension, PLARGE_INTEGER TickCount);
    VOID (*NotifyBufferOverrunDetected)(PVOID Context, PVOID HwDeviceExtension);
    VOID (*NotifyTraceNotification)(PVOID Context, PVOID HwDeviceExtension, PVOID Argument);
    VOID (*NotifyGetExtendedFunctionTable)(PVOID Context, PVOID HwDeviceExtension, PVOID Argument);
    /* Result receives TRUE when the routine will be called (the WDK wrapper returns it). */
    VOID (*NotifyEnablePassiveInitialization)(PVOID Context, PVOID HwDeviceExtension,
                                              PHW_PASSIVE_INITIALIZE_ROUTINE HwPassiveInitializeRoutine,
                                              PLONG Result);
    VOID (*NotifyInitializeDpc)(PVOID Context, PVOID HwDeviceExtension, PSTOR_DPC Dpc,
                                PHW_DPC_ROUTINE HwDpcRoutine);
    /* Result receives TRUE when the DPC was queued, FALSE when it already was. */
    VOID (*NotifyIssueDpc)(PVOID Context, PVOID HwDeviceExtension, PSTOR_DPC Dpc, PVOID SystemArgument1,
                           PVOID SystemArgument2, PLONG Result);
    VOID (*NotifyAcquireSpinLock)(PVOID Context, PVOID HwDeviceExtension, STOR_SPINLOCK SpinLock,
                                  PVOID LockContext, PSTOR_LOCK_HANDLE LockHandle);
    VOID (*NotifyReleaseSpinLock)(PVOID Context, PVOID HwDeviceExtension, PSTOR_LOCK_HANDLE LockHandle);
    /* Status receives a STOR_STATUS_* code (preset to STOR_STATUS_NOT_IMPLEMENTED). */
    VOID (*NotifyStateChangeDetected)(PVOID Context, PVOID HwDeviceExtension, ULONG ChangedEntity,
                                      PSTOR_ADDRESS Address, ULONG Attributes, PHW_STATE_CHANGE HwStateChange,
                                      PVOID HwStateChangeContext, PULONG Status);
    VOID (*NotifyIoTargetRequestServiceTime)(PVOID Context, PVOID HwDeviceExtension, ULONGLONG Duration,
                                             PSCSI_REQUEST_BLOCK Srb);
    VOID (*NotifyAsyncNotificationDetected)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                            ULONGLONG Flags, PULONG Status);
    VOID (*NotifyMarkDeviceFailed)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                   ULONG Flags, PWSTR FailReason);
    VOID (*NotifyMarkDeviceFailedEx)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                     ULONG Flags, USHORT FaultCode, PWSTR FaultDescription,
                                     USHORT AdditionalDataSize, PUCHAR AdditionalData,
                                     USHORT CriticalDataSize, PUCHAR CriticalData, PULONG Status);
    /* A NotificationType the stub does not decode: the port reports it. */
    VOID (*NotifyUnknown)(PVOID Context, ULONG NotificationType, PVOID HwDeviceExtension);

    /* ---- StorPortExtendedFunction, decoded per function code ---- */
    ULONG (*AllocatePool)(PVOID Context, PVOID HwDeviceExtension, ULONG NumberOfBytes, ULONG Tag,
                          PVOID *BufferPointer);
    ULONG (*FreePool)(PVOID Context, PVOID HwDeviceExtension, PVOID BufferPointer);
    ULONG (*AllocateMdl)(PVOID Context, PVOID HwDeviceExtension, PVOID BufferPointer, ULONG NumberOfBytes,
                         PVOID *Mdl);
    ULONG (*FreeMdl)(PVOID Context, PVOID HwDeviceExtension, PVOID Mdl);
    ULONG (*BuildMdlForNonPagedPool)(PVOID Context, PVOID HwDeviceExtension, PVOID Mdl);
    ULONG (*GetSystemAddress)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                              PVOID *SystemAddress);
    ULONG (*GetOriginalMdl)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID *Mdl);
    ULONG (*CompleteServiceIrp)(PVOID Context, PVOID HwDeviceExtension, PVOID Irp);
    ULONG (*GetDeviceObjects)(PVOID Context, PVOID HwDeviceExtension, PVOID *AdapterDeviceObject,
                              PVOID *PhysicalDeviceObject, PVOID *LowerDeviceObject);
    ULONG (*BuildScatterGatherList)(PVOID Context, PVOID HwDeviceExtension, PVOID Mdl, PVOID CurrentVa,
                                    ULONG Length, PpostScaterGatherExecute ExecutionRoutine,
                                    PVOID RoutineContext, BOOLEAN WriteToDevice, PVOID ScatterGatherBuffer,
                                    ULONG ScatterGatherBufferLength);
    ULONG (*PutScatterGatherList)(PVOID Context, PVOID HwDeviceExtension,
                                  PSTOR_SCATTER_GATHER_LIST ScatterGatherList, BOOLEAN WriteToDevice);
    ULONG (*AcquireMSISpinLock)(PVOID Context, PVOID HwDeviceExtension, ULONG MessageId, PULONG OldIrql);
    ULONG (*ReleaseMSISpinLock)(PVOID Context, PVOID HwDeviceExtension, ULONG MessageId, ULONG OldIrql);
    ULONG (*GetMSIInfo)(PVOID Context, PVOID HwDeviceExtension, ULONG MessageId,
                        PMESSAGE_INTERRUPT_INFORMATION InterruptInfo);
    ULONG (*InitializePerfOpts)(PVOID Context, PVOID HwDeviceExtension, BOOLEAN Query,
                                PPERF_CONFIGURATION_DATA PerfConfigData);
    ULONG (*GetStartIoPerfParams)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                  PSTARTIO_PERFORMANCE_PARAMETERS StartIoPerfParams);
    ULONG (*LogSystemEvent)(PVOID Context, PVOID HwDeviceExtension, PSTOR_LOG_EVENT_DETAILS LogDetails,
                            PULONG MaximumSize);
    ULONG (*GetCurrentProcessorNumber)(PVOID Context, PVOID HwDeviceExtension, PPROCESSOR_NUMBER ProcNumber);
    ULONG (*GetActiveGroupCount)(PVOID Context, PVOID HwDeviceExtension, PUSHORT NumberGroups);
    ULONG (*GetGroupAffinity)(PVOID Context, PVOID HwDeviceExtension, USHORT GroupNumber,
                              PKAFFINITY GroupAffinityMask);
    ULONG (*GetActiveNodeCount)(PVOID Context, PVOID HwDeviceExtension, PULONG NumberNodes);
    ULONG (*GetNodeAffinity)(PVOID Context, PVOID HwDeviceExtension, ULONG NodeNumber,
                             PGROUP_AFFINITY NodeAffinityMask);
    ULONG (*GetHighestNodeNumber)(PVOID Context, PVOID HwDeviceExtension, PULONG HighestNode);
    ULONG (*GetLogicalProcessorRelationship)(PVOID Context, PVOID HwDeviceExtension,
                                             PPROCESSOR_NUMBER ProcessorNumber,
                                             LOGICAL_PROCESSOR_RELATIONSHIP RelationshipType,
                                             PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX Buffer,
                                             PULONG Length);
    ULONG (*AllocateContiguousMemorySpecifyCacheNode)(PVOID Context, PVOID HwDeviceExtension,
                                                      SIZE_T NumberOfBytes, ULONGLONG LowestAcceptableAddress,
                                                      ULONGLONG HighestAcceptableAddress,
                                                      ULONGLONG BoundaryAddressMultiple,
                                                      MEMORY_CACHING_TYPE CacheType,
                                                      NODE_REQUIREMENT PreferredNode, PVOID *BufferPointer);
    ULONG (*FreeContiguousMemorySpecifyCache)(PVOID Context, PVOID HwDeviceExtension, PVOID BaseAddress,
                                              SIZE_T NumberOfBytes, MEMORY_CACHING_TYPE CacheType);
    ULONG (*SetPowerSettingNotificationGuids)(PVOID Context, PVOID HwDeviceExtension, ULONG GuidCount,
                                              LPGUID Guid);
    ULONG (*InvokeAcpiMethod)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                              ULONG MethodName, PVOID InputBuffer, ULONG InputBufferLength,
                              PVOID OutputBuffer, ULONG OutputBufferLength, PULONG BytesReturned);
    ULONG (*GetRequestInfo)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                            PSTOR_REQUEST_INFO RequestInfo);
    ULONG (*InitializeWorker)(PVOID Context, PVOID HwDeviceExtension, PVOID *Worker);
    ULONG (*QueueWorkItem)(PVOID Context, PVOID HwDeviceExtension, PHW_WORKITEM WorkItemCallback,
                           PVOID Worker, PVOID WorkItemContext);
    ULONG (*FreeWorker)(PVOID Context, PVOID HwDeviceExtension, PVOID Worker);
    ULONG (*InitializeTimer)(PVOID Context, PVOID HwDeviceExtension, PVOID *TimerHandle);
    ULONG (*RequestTimer)(PVOID Context, PVOID HwDeviceExtension, PVOID TimerHandle,
                          PHW_TIMER_EX TimerCallback, PVOID CallbackContext, ULONGLONG TimerValue,
                          ULONGLONG TolerableDelay);
    ULONG (*FreeTimer)(PVOID Context, PVOID HwDeviceExtension, PVOID TimerHandle);
    ULONG (*InitializeSListHead)(PVOID Context, PVOID HwDeviceExtension, PSTOR_SLIST_HEADER SListHead);
    ULONG (*InterlockedFlushSList)(PVOID Context, PVOID HwDeviceExtension, PSTOR_SLIST_HEADER SListHead,
                                   PSTOR_SLIST_ENTRY *Result);
    ULONG (*InterlockedPopEntrySList)(PVOID Context, PVOID HwDeviceExtension, PSTOR_SLIST_HEADER SListHead,
                                      PSTOR_SLIST_ENTRY *Result);
    ULONG (*InterlockedPushEntrySList)(PVOID Context, PVOID HwDeviceExtension, PSTOR_SLIST_HEADER SListHead,
                                       PSTOR_SLIST_ENTRY SListEntry, PSTOR_SLIST_ENTRY *Result);
    ULONG (*QueryDepthSList)(PVOID Context, PVOID HwDeviceExtension, PSTOR_SLIST_HEADER SListHead,
                             PUSHORT Result);
    ULONG (*GetActivityIdSrb)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                              LPGUID ActivityId);
    /* The port number goes to Address->Port (a STOR_ADDR_BTL8). */
    ULONG (*GetSystemPortNumber)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address);
    ULONG (*GetDataInBufferMdl)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID *Mdl);
    ULONG (*GetDataInBufferSystemAddress)(PVOID Context, PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                          PVOID *SystemAddress);
    ULONG (*GetDataInBufferScatterGatherList)(PVOID Context, PVOID HwDeviceExtension,
                                              PSCSI_REQUEST_BLOCK Srb, PSTOR_SCATTER_GATHER_LIST *SgList);
    ULONG (*MarkDumpMemory)(PVOID Context, PVOID HwDeviceExtension, PVOID Address, ULONG_PTR Length,
                            ULONG Flags);
    ULONG (*SetUnitAttributes)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                               ULONG Attributes);
    ULONG (*QueryPerformanceCounter)(PVOID Context, PVOID HwDeviceExtension,
                                     PLARGE_INTEGER PerformanceFrequency, PLARGE_INTEGER PerformanceCounter);
    ULONG (*InitializePoFxPower)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                 PSTOR_POFX_DEVICE Device, PBOOLEAN D3ColdEnabled);
    ULONG (*PoFxActivateComponent)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                   PSCSI_REQUEST_BLOCK Srb, ULONG Component, ULONG Flags);
    ULONG (*PoFxIdleComponent)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                               PSCSI_REQUEST_BLOCK Srb, ULONG Component, ULONG Flags);
    ULONG (*PoFxSetComponentLatency)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                     ULONG Component, ULONGLONG Latency);
    ULONG (*PoFxSetComponentResidency)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                                       ULONG Component, ULONGLONG Residency);
    ULONG (*PoFxPowerControl)(PVOID Context, PVOID HwDeviceExtension, PSTOR_ADDRESS Address,
                              LPCGUID PowerControlCode, PVOID InBuffer, SIZE_T InBufferSize,
                              PVOID OutBuffer, SIZE_T OutBufferSize, PSIZE_T BytesReturned);
    ULONG (*IsCurrentOsInstallationUpgrade)(PVOID Context, PVOID HwDeviceExtension, PBOOLEAN Upgrade);
    ULONG (*RegistryReadAdapterKey)(PVOID Context, PVOID HwDeviceExtension, PUCHAR SubKeyName,
                                    PUCHAR ValueName, ULONG ValueType, PVOID *ValueData,
                                    PULONG ValueDataLength);
    ULONG (*RegistryWriteAdapterKey)(PVOID Context, PVOID HwDeviceExtension, PUCHAR SubKeyName,
                                     PUCHAR ValueName, ULONG ValueType, PVOID ValueData,
                                     ULONG ValueDataLength);
    ULONG (*SetAdapterBusType)(PVOID Context, PVOID HwDeviceExtension, ULONG BusType);
    /* Any other function code: the port reports it and returns a STOR_STATUS_* code
     * (normally STOR_STATUS_NOT_IMPLEMENTED, which miniports handle as "older Windows"). */
    ULONG (*ExtendedUnknown)(PVOID Context, STORPORT_FUNCTION_CODE FunctionCode, PVOID HwDeviceExtension);
} MPABI_STORPORT_IMPORTS, *PMPABI_STORPORT_IMPORTS;

MPABI_EXTERN_C_END

#endif /* MPABI_IMPORT_STORPORT_H */
