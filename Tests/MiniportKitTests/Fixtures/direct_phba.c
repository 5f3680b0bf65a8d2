/*
 * direct_phba.c - the example miniport (Examples/PhbaMiniport/phba.c), unchanged, built as a
 * Windows x64 .sys the way WDK x64 code reaches hardware: registers are read and written by
 * dereferencing the mapped base (READ_REGISTER_ULONG is a volatile load on x64), ports with
 * IN and OUT (__indword / __outdword), the IRQL through CR8 (KeGetCurrentIrql is inline) and the
 * time from KUSER_SHARED_DATA (KeQuerySystemTime is inline). Each of these faults in a Linux
 * process; the loader's trap emulates them (WindowsTrapRunTests). Windows target only.
 *
 *   DIRECT_CLI   HwInitialize executes `cli` (miniport.privileged-instruction)
 *   DIRECT_SEGV  HwStartIo stores through NULL on a READ (miniport.crashed, named by .pdata)
 */
#include <ntddk.h>
#include <miniport.h>
#include <srb.h>
#include <scsi.h>

static ULONG DirectInDword(PULONG Port)
{
    ULONG value;
    __asm__ __volatile__("inl %w1, %0" : "=a"(value) : "Nd"((USHORT)(ULONG_PTR)Port));
    return value;
}

static VOID DirectOutDword(PULONG Port, ULONG Value)
{
    __asm__ __volatile__("outl %0, %w1" : : "a"(Value), "Nd"((USHORT)(ULONG_PTR)Port));
}

static ULONG DirectInitialize(PVOID Argument1, PVOID Argument2, PHW_INITIALIZATION_DATA Init, PVOID HwContext);

#define ScsiPortReadRegisterUlong(Register) (*(volatile ULONG *)(Register))
#define ScsiPortWriteRegisterUlong(Register, Value) ((void)(*(volatile ULONG *)(Register) = (Value)))
#define ScsiPortReadPortUlong(Port) DirectInDword(Port)
#define ScsiPortWritePortUlong(Port, Value) DirectOutDword(Port, Value)
#define ScsiPortInitialize DirectInitialize
#include "../../../Examples/PhbaMiniport/phba.c"
#undef ScsiPortInitialize

static PHW_FIND_ADAPTER DirectExampleFindAdapter;
static PHW_INITIALIZE DirectExampleHwInitialize;
static PHW_STARTIO DirectExampleStartIo;
#ifdef DIRECT_SEGV
static volatile ULONG *volatile DirectNowhere;
#endif

static BOOLEAN DirectStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
#ifdef DIRECT_SEGV
    if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && Srb->Cdb[0] == SCSIOP_READ)
        *DirectNowhere = 0x5E6F;
#endif
    return DirectExampleStartIo(DeviceExtension, Srb);
}

/* After the example found its adapter through memory space: MAGIC read through the I/O BAR
 * with IN, from the port number ScsiPortGetDeviceBase returns for I/O space. */
static ULONG DirectFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                               PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    ULONG result = DirectExampleFindAdapter(DeviceExtension, HwContext, BusInformation, ArgumentString, ConfigInfo,
                                            Again);
    ULONG index;
    for (index = 0; result == SP_RETURN_FOUND && index < ConfigInfo->NumberOfAccessRanges; index++) {
        ACCESS_RANGE *range = &(*ConfigInfo->AccessRanges)[index];
        PVOID port;
        if (range->RangeInMemory || range->RangeLength == 0)
            continue;
        port = ScsiPortGetDeviceBase(DeviceExtension, ConfigInfo->AdapterInterfaceType,
                                     ConfigInfo->SystemIoBusNumber, range->RangeStart, range->RangeLength, TRUE);
        if (port != NULL) {
            DbgPrint("direct: MAGIC through IN is %#lx\n", DirectInDword((PULONG)((PUCHAR)port + PHBA_REG_MAGIC)));
            ScsiPortFreeDeviceBase(DeviceExtension, port);
        }
    }
    return result;
}

static BOOLEAN DirectHwInitialize(PVOID DeviceExtension)
{
    LARGE_INTEGER now;
    KIRQL irql = KeGetCurrentIrql();
    KeQuerySystemTime(&now);
    DbgPrint("direct: HwInitialize at IRQL %u; system time %s\n", (unsigned)irql, now.QuadPart > 0 ? "set" : "zero");
#ifdef DIRECT_CLI
    __asm__ __volatile__("cli");
#endif
    return DirectExampleHwInitialize(DeviceExtension);
}

static ULONG DirectInitialize(PVOID Argument1, PVOID Argument2, PHW_INITIALIZATION_DATA Init, PVOID HwContext)
{
    DirectExampleFindAdapter = Init->HwFindAdapter;
    DirectExampleHwInitialize = Init->HwInitialize;
    Init->HwFindAdapter = DirectFindAdapter;
    Init->HwInitialize = DirectHwInitialize;
    DirectExampleStartIo = Init->HwStartIo;
    Init->HwStartIo = DirectStartIo;
    return ScsiPortInitialize(Argument1, Argument2, Init, HwContext);
}
