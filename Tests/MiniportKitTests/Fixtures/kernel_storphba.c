/*
 * kernel_storphba.c - the StorPort example (Examples/StorPortPhba/storphba.c), unchanged, with
 * KeGetCurrentIrql recorded in each routine StorPort calls (KernelRoutineTests): StorPort runs
 * HwBuildIo, HwStartIo and DPCs at DISPATCH_LEVEL, HwInitialize and HwInterrupt at DIRQL. A
 * kernel spin lock taken in HwStartIo shows the raise form at DISPATCH_LEVEL.
 */
#include <ntddk.h>
#include <storport.h>

/* DriverEntry, FindAdapter, Initialize, BuildIo, StartIo, Interrupt, Dpc, SpinOld, and in HwStartIo:
 * under StorPortAcquireSpinLock(InterruptLock), after its release */
KIRQL KernelStorIrql[10];
static PHW_FIND_ADAPTER KernelStorFindAdapter;
static PHW_INITIALIZE KernelStorInitialize;
static PHW_BUILDIO KernelStorBuildIo;
static PHW_STARTIO KernelStorStartIo;
static PHW_INTERRUPT KernelStorInterrupt;
static PHW_DPC_ROUTINE KernelStorDpc;
static KSPIN_LOCK KernelStorLock;

static ULONG KernelStorHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                                     PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    KernelStorIrql[1] = KeGetCurrentIrql();
    return KernelStorFindAdapter(DeviceExtension, HwContext, BusInformation, ArgumentString, ConfigInfo, Again);
}
static BOOLEAN KernelStorHwInitialize(PVOID DeviceExtension)
{
    KernelStorIrql[2] = KeGetCurrentIrql();
    return KernelStorInitialize(DeviceExtension);
}
static BOOLEAN KernelStorHwBuildIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    KernelStorIrql[3] = KeGetCurrentIrql();
    return KernelStorBuildIo(DeviceExtension, Srb);
}
static BOOLEAN KernelStorHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    KernelStorIrql[4] = KeGetCurrentIrql();
    KeAcquireSpinLock(&KernelStorLock, &KernelStorIrql[7]);
    KeReleaseSpinLock(&KernelStorLock, KernelStorIrql[7]);
    {
        STOR_LOCK_HANDLE handle;
        StorPortAcquireSpinLock(DeviceExtension, InterruptLock, NULL, &handle);
        KernelStorIrql[8] = KeGetCurrentIrql();
        StorPortReleaseSpinLock(DeviceExtension, &handle);
        KernelStorIrql[9] = KeGetCurrentIrql();
    }
    return KernelStorStartIo(DeviceExtension, Srb);
}
static BOOLEAN KernelStorHwInterrupt(PVOID DeviceExtension)
{
    KernelStorIrql[5] = KeGetCurrentIrql();
    return KernelStorInterrupt(DeviceExtension);
}
static VOID KernelStorHwDpc(PSTOR_DPC Dpc, PVOID HwDeviceExtension, PVOID SystemArgument1, PVOID SystemArgument2)
{
    KernelStorIrql[6] = KeGetCurrentIrql();
    KernelStorDpc(Dpc, HwDeviceExtension, SystemArgument1, SystemArgument2);
}

static VOID KernelStorInitializeDpc(PVOID DeviceExtension, PSTOR_DPC Dpc, PHW_DPC_ROUTINE HwDpcRoutine)
{
    KernelStorDpc = HwDpcRoutine;
    StorPortInitializeDpc(DeviceExtension, Dpc, KernelStorHwDpc);
}

static ULONG KernelStorPortInitialize(PVOID Argument1, PVOID Argument2, PHW_INITIALIZATION_DATA Init, PVOID HwContext)
{
    KernelStorIrql[0] = KeGetCurrentIrql();
    KeInitializeSpinLock(&KernelStorLock);
    KernelStorFindAdapter = Init->HwFindAdapter;
    KernelStorInitialize = Init->HwInitialize;
    KernelStorBuildIo = Init->HwBuildIo;
    KernelStorStartIo = Init->HwStartIo;
    KernelStorInterrupt = Init->HwInterrupt;
    Init->HwFindAdapter = KernelStorHwFindAdapter;
    Init->HwInitialize = KernelStorHwInitialize;
    Init->HwBuildIo = KernelStorHwBuildIo;
    Init->HwStartIo = KernelStorHwStartIo;
    Init->HwInterrupt = KernelStorHwInterrupt;
    return StorPortInitialize(Argument1, Argument2, Init, HwContext);
}

#define StorPortInitialize KernelStorPortInitialize
#define StorPortInitializeDpc KernelStorInitializeDpc
#include "../../../Examples/StorPortPhba/storphba.c"
