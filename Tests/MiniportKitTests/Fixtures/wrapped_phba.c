/*
 * The example miniport (Examples/PhbaMiniport/phba.c), unchanged, with one misbehaviour
 * wrapped around it and chosen at build time. These are the verifier rules and crash cases
 * that need real DMA and real commands through the emulated HBA:
 *
 *   WRAP_DMA_PAST_BUFFER   every data-buffer piece ScsiPortGetPhysicalAddress returns is moved
 *                          64 KiB on, past the buffer's mapping (dma.out-of-bounds)
 *   WRAP_DUMP_WRITE_SHIFT  in a dump mode, WRITE(10) and WRITE(16) commands are moved 64 blocks
 *                          on before the example sees them (dump.write-outside-area)
 *   WRAP_SEGV              HwStartIo stores through a NULL pointer on a READ (miniport.crashed)
 *   WRAP_ABORT             HwStartIo calls abort() on a READ (miniport.crashed)
 *   WRAP_SPIN              HwStartIo spins forever on a READ (routine.too-long, by wall clock)
 *   WRAP_ONLY_IN_DUMP      with the three above: only in a dump mode, and on a WRITE
 *   WRAP_DUMP_MEMORY       in a dump mode, ScsiPortGetUncachedExtension asks for 64 KB more than
 *                          the example does: refused (dump.memory-limit), so the dump copy finds
 *                          no adapter
 *
 * A dump copy is recognised by DriverEntry's NULL arguments.
 */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>
#include <stdlib.h>

static BOOLEAN WrapDumpMode;
static PHW_STARTIO WrapExampleStartIo;
#ifdef WRAP_SEGV
static volatile ULONG *volatile WrapNowhere;
#endif

static SCSI_PHYSICAL_ADDRESS WrapGetPhysicalAddress(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                                    PVOID VirtualAddress, ULONG *Length)
{
    SCSI_PHYSICAL_ADDRESS address = ScsiPortGetPhysicalAddress(DeviceExtension, Srb, VirtualAddress, Length);
#ifdef WRAP_DMA_PAST_BUFFER
    if (Srb != NULL && VirtualAddress != Srb->SenseInfoBuffer && address.QuadPart != 0)
        address.QuadPart += 0x10000;
#endif
    return address;
}

static VOID WrapShiftWrite(PSCSI_REQUEST_BLOCK Srb, ULONG Blocks)
{
    ULONG last = Srb->Cdb[0] == SCSIOP_WRITE ? 5 : 9;   /* big-endian LBA in CDB bytes 2..last */
    ULONG carry = Blocks, index;

    if (Srb->Cdb[0] != SCSIOP_WRITE && Srb->Cdb[0] != SCSIOP_WRITE16) return;
    for (index = last + 1; index-- > 2 && carry != 0;) {
        carry += Srb->Cdb[index];
        Srb->Cdb[index] = (UCHAR)carry;
        carry >>= 8;
    }
}

static BOOLEAN WrapStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
#if defined(WRAP_SEGV) || defined(WRAP_ABORT) || defined(WRAP_SPIN)
#ifdef WRAP_ONLY_IN_DUMP
    BOOLEAN misbehave = WrapDumpMode && Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && Srb->Cdb[0] == SCSIOP_WRITE;
#else
    BOOLEAN misbehave = Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && Srb->Cdb[0] == SCSIOP_READ;
#endif
    if (misbehave) {
#if defined(WRAP_SEGV)
        *WrapNowhere = 0x5E6F;   /* a store through NULL */
#elif defined(WRAP_ABORT)
        abort();
#else
        for (;;) { }
#endif
    }
#endif
#ifdef WRAP_DUMP_WRITE_SHIFT
    if (WrapDumpMode && Srb->Function == SRB_FUNCTION_EXECUTE_SCSI) WrapShiftWrite(Srb, 64);
#else
    (void)WrapShiftWrite;
#endif
    return WrapExampleStartIo(DeviceExtension, Srb);
}

static ULONG WrapInitialize(PVOID Argument1, PVOID Argument2, PHW_INITIALIZATION_DATA Init, PVOID HwContext)
{
    WrapDumpMode = Argument1 == NULL;
    WrapExampleStartIo = Init->HwStartIo;
    Init->HwStartIo = WrapStartIo;
    return ScsiPortInitialize(Argument1, Argument2, Init, HwContext);
}

static PVOID WrapGetUncachedExtension(PVOID DeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo, ULONG Length)
{
#ifdef WRAP_DUMP_MEMORY
    if (WrapDumpMode) Length += 64 * 1024;
#endif
    return ScsiPortGetUncachedExtension(DeviceExtension, ConfigInfo, Length);
}

#define ScsiPortGetPhysicalAddress WrapGetPhysicalAddress
#define ScsiPortGetUncachedExtension WrapGetUncachedExtension
#define ScsiPortInitialize WrapInitialize
#include "../../../Examples/PhbaMiniport/phba.c"
