/*
 * A small SCSI Port miniport for one disk at target 0 that misbehaves in one way chosen at
 * build time, to check that the port refuses and logs what a broken miniport hands it instead
 * of crashing, hanging or trusting it:
 *
 *   HOSTILE_DEVICE_BASE      ScsiPortGetDeviceBase for a range ending past 2^64
 *   HOSTILE_REGISTER_POINTER a register read through a pointer near 2^64
 *   HOSTILE_SRB_EXTENSION    SrbExtensionSize of almost 4 GiB
 *   HOSTILE_ALIGNMENT        AlignmentMask 0x17 (not 2^n - 1)
 *   HOSTILE_STORM            HwInterrupt claims every interrupt and never clears the adapter's
 *                            condition (the adapter is made to raise a fatal-error interrupt)
 *   HOSTILE_NO_NEXT_REQUEST  HwStartIo never sends NextRequest, and a timer routine re-arms
 *                            itself every millisecond, so virtual time always has somewhere to go
 *   HOSTILE_LONG_STALL       HwInitialize stalls for 0.2 s (verifier rule stall.too-long)
 *   HOSTILE_BAD_STATUS       data commands complete with SrbStatus 0x0C, which is no SRB_STATUS_*
 *                            value (srb.invalid-status)
 *   HOSTILE_DUMP_MEMORY      in a dump mode ("dump=1"), HwFindAdapter asks for 64 KB of non-cached
 *                            memory (dump.memory-limit) and goes on without it
 *   HOSTILE_FAKE_RESET       HwResetBus returns TRUE without resetting anything (the other variants
 *                            write the adapter's BUS_RESET register) (dump.bus-reset-honored)
 *   HOSTILE_DUMP_SILENT      in a dump mode, READ and WRITE are accepted and never completed
 *                            (dump.no-completion)
 *   HOSTILE_DUMP_NOT_READY   in a dump mode, the first request ends with SRB_STATUS_NO_DEVICE
 *                            (dump.not-ready)
 *   HOSTILE_DUMP_IDENTITY    in a dump mode, INQUIRY reports another vendor (dump.target-changed)
 *   HOSTILE_BAD_PHYSICAL     HwInitialize asks ScsiPortGetPhysicalAddress for a stack address
 *                            (phys.invalid-address)
 *   HOSTILE_LATE_UNCACHED    HwInitialize calls ScsiPortGetUncachedExtension (uncached.bad-call)
 *   HOSTILE_SLOW_STARTIO     HwStartIo stalls 6 x 90 ms for a READ: each stall is short, the routine
 *                            is not (routine.too-long)
 *   HOSTILE_NEXTLU_UNTAGGED  HwStartIo asks for NextLuRequest before completing an untagged READ
 *                            (nextlu.while-untagged)
 *   HOSTILE_DOUBLE_COMPLETE  a READ is completed twice (srb.double-completion)
 *   HOSTILE_FOREIGN_COMPLETE HwInitialize completes an SRB of its own making (srb.unknown-completion)
 *   HOSTILE_SKEWED_SRB       for a READ, HwStartIo passes a pointer 8 bytes into its SRB (inside the
 *                            port's block of SRBs, but no SRB) to ScsiPortGetPhysicalAddress for the
 *                            data buffer (phys.invalid-address) and to RequestComplete
 *                            (srb.unknown-completion), then completes the real SRB
 *   HOSTILE_RESET_KEEPS      a READ is accepted and never completed; HwResetBus resets the bus but
 *                            does not complete it either (reset.outstanding-after-hold)
 *   HOSTILE_BUSY_GROW        the first data command grows DataTransferLength to 16 MiB and ends
 *                            BUSY; on the resubmission the miniport records the contiguous length
 *                            ScsiPortGetPhysicalAddress gives for the buffer (HostileMappedLength)
 *                            and reports 16 MiB transferred
 *   HOSTILE_STATUS_AFTER_COMPLETE  INQUIRY: SrbStatus is overwritten with SRB_STATUS_ERROR right after
 *                            RequestComplete (srb.use-after-completion)
 *   HOSTILE_EXTENSION_AFTER_COMPLETE  READ: the SRB extension is written right after
 *                            RequestComplete (srb.use-after-completion)
 *   HOSTILE_DATA_OUT_WRITE   WRITE: the miniport scribbles over the first 16 bytes of the data it is
 *                            to write (srb.data-out-written; the caller's buffer stays intact)
 *   HOSTILE_EXTENSION_OVERRUN READ: 256 bytes written past the end of the 64-byte SRB extension
 *                            (srb.extension-overrun)
 *   HOSTILE_EXTENSION_GROWN  not hostile: HW_INITIALIZATION_DATA asks for a 64-byte SRB extension,
 *                            HwFindAdapter raises ConfigInfo->SrbExtensionSize to 320 and READ
 *                            writes all 320 bytes (no rule: the port honours the larger size)
 *   HOSTILE_DEVICE_OVERRUN   HwInitialize writes 8 bytes past the end of the device extension
 *                            (srb.extension-overrun, found at stop or unload)
 *   HOSTILE_TRANSFER_GROW    READ completes with DataTransferLength 4096 bytes above its buffer
 *                            (srb.transfer-length)
 *   HOSTILE_UNCLAIMED        READ is accepted and the adapter made to raise a fatal-error interrupt;
 *                            HwInterrupt returns FALSE for it (interrupt.unclaimed)
 *   HOSTILE_INIT_TWICE       DriverEntry calls ScsiPortInitialize twice with the same data and
 *                            returns the second status (init.twice)
 *   HOSTILE_INIT_TWO_IDS     DriverEntry calls ScsiPortInitialize a second time for another PCI
 *                            DeviceId, which this machine does not have (allowed: no rule)
 *   HOSTILE_INIT_MISSING     DriverEntry returns STATUS_SUCCESS without calling ScsiPortInitialize
 *                            (init.missing)
 *
 * Requests complete inside HwStartIo; the disk has 4096 blocks of 512 bytes.
 */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>

#if defined(HOSTILE_EXTENSION_AFTER_COMPLETE) || defined(HOSTILE_EXTENSION_OVERRUN) || defined(HOSTILE_EXTENSION_GROWN)
#define HOSTILE_SRB_EXTENSION_SIZE 64
#endif
#ifdef HOSTILE_EXTENSION_GROWN
#define HOSTILE_GROWN_EXTENSION_SIZE (HOSTILE_SRB_EXTENSION_SIZE + 256)
#endif

typedef struct {
    PUCHAR Registers;
    ULONG BusyDone;
    ULONG Requests;
    BOOLEAN DumpMode;
} HOSTILE_EXTENSION;

ULONG HostileMappedLength;

#ifdef HOSTILE_NO_NEXT_REQUEST
static VOID HostileTimer(PVOID DeviceExtension)
{
    ScsiPortNotification(RequestTimerCall, DeviceExtension, HostileTimer, 1000);
}
#endif

static BOOLEAN HostileInitialize(PVOID DeviceExtension)
{
#ifdef HOSTILE_NO_NEXT_REQUEST
    ScsiPortNotification(RequestTimerCall, DeviceExtension, HostileTimer, 1000);
#endif
#ifdef HOSTILE_LONG_STALL
    ScsiPortStallExecution(200000);
#endif
#ifdef HOSTILE_BAD_PHYSICAL
    {
        ULONG local = 0, length = 0;
        (void)ScsiPortGetPhysicalAddress(DeviceExtension, NULL, &local, &length);
    }
#endif
#ifdef HOSTILE_LATE_UNCACHED
    (void)ScsiPortGetUncachedExtension(DeviceExtension, NULL, 4096);
#endif
#ifdef HOSTILE_DEVICE_OVERRUN
    {
        volatile PUCHAR past = (PUCHAR)DeviceExtension + sizeof(HOSTILE_EXTENSION);
        ULONG byte;
        for (byte = 0; byte < 8; byte++) past[byte] = 0xEE;
    }
#endif
#ifdef HOSTILE_FOREIGN_COMPLETE
    {
        static SCSI_REQUEST_BLOCK foreign;
        foreign.SrbStatus = SRB_STATUS_SUCCESS;
        ScsiPortNotification(RequestComplete, DeviceExtension, &foreign);
    }
#endif
#ifdef HOSTILE_STORM
    HOSTILE_EXTENSION *ext = (HOSTILE_EXTENSION *)DeviceExtension;
    /* Unmask interrupts, then write COMPLETION_HEAD while the controller is disabled: the
     * adapter reports a fatal error and asserts its line until INTERRUPT_STATUS is cleared. */
    ScsiPortWriteRegisterUlong((PULONG)(ext->Registers + 0x58), 0);
    ScsiPortWriteRegisterUlong((PULONG)(ext->Registers + 0x50), 0);
#else
    (void)DeviceExtension;
#endif
    return TRUE;
}

static BOOLEAN HostileResetBus(PVOID DeviceExtension, ULONG PathId)
{
#ifdef HOSTILE_FAKE_RESET
    (void)DeviceExtension;
    (void)PathId;
#elif defined(HOSTILE_RESET_KEEPS)
    HOSTILE_EXTENSION *ext = (HOSTILE_EXTENSION *)DeviceExtension;
    ScsiPortWriteRegisterUlong((PULONG)(ext->Registers + 0x5C), PathId);   /* BUS_RESET, nothing completed */
#else
    HOSTILE_EXTENSION *ext = (HOSTILE_EXTENSION *)DeviceExtension;
    if (ext->Registers != NULL)
        ScsiPortWriteRegisterUlong((PULONG)(ext->Registers + 0x5C), PathId);   /* BUS_RESET */
    ScsiPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
#endif
    return TRUE;
}

static BOOLEAN HostileInterrupt(PVOID DeviceExtension)
{
    (void)DeviceExtension;
#if defined(HOSTILE_STORM)
    return TRUE;
#else
    return FALSE;
#endif
}

static BOOLEAN HostileStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PUCHAR data = (PUCHAR)Srb->DataBuffer;
    ULONG index;

    ((HOSTILE_EXTENSION *)DeviceExtension)->Requests++;
#ifdef HOSTILE_SLOW_STARTIO
    if (Srb->Cdb[0] == SCSIOP_READ) {
        for (index = 0; index < 6; index++) ScsiPortStallExecution(90000);
    }
#endif
#ifdef HOSTILE_NEXTLU_UNTAGGED
    if (Srb->Cdb[0] == SCSIOP_READ)
        ScsiPortNotification(NextLuRequest, DeviceExtension, Srb->PathId, Srb->TargetId, Srb->Lun);
#endif
#ifdef HOSTILE_DUMP_NOT_READY
    if (((HOSTILE_EXTENSION *)DeviceExtension)->DumpMode && ((HOSTILE_EXTENSION *)DeviceExtension)->Requests == 1) {
        Srb->SrbStatus = SRB_STATUS_NO_DEVICE;
        ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
        ScsiPortNotification(NextRequest, DeviceExtension);
        return TRUE;
    }
#endif
#ifdef HOSTILE_DUMP_SILENT
    if (((HOSTILE_EXTENSION *)DeviceExtension)->DumpMode
        && (Srb->Cdb[0] == SCSIOP_READ || Srb->Cdb[0] == SCSIOP_WRITE)) {
        return TRUE;   /* accepted, never completed */
    }
#endif
#ifdef HOSTILE_RESET_KEEPS
    if (Srb->Cdb[0] == SCSIOP_READ) {
        ScsiPortNotification(NextRequest, DeviceExtension);
        return TRUE;   /* accepted, never completed */
    }
#endif
#ifdef HOSTILE_UNCLAIMED
    if (Srb->Cdb[0] == SCSIOP_READ) {
        HOSTILE_EXTENSION *ext = (HOSTILE_EXTENSION *)DeviceExtension;
        /* Unmask interrupts, then write COMPLETION_HEAD while the controller is disabled: the
         * adapter reports a fatal error and holds its line; HwInterrupt never claims it. */
        ScsiPortWriteRegisterUlong((PULONG)(ext->Registers + 0x58), 0);
        ScsiPortWriteRegisterUlong((PULONG)(ext->Registers + 0x50), 0);
        ScsiPortNotification(NextRequest, DeviceExtension);
        return TRUE;   /* accepted; the completion would come from HwInterrupt */
    }
#endif
#ifdef HOSTILE_DATA_OUT_WRITE
    if (Srb->Cdb[0] == SCSIOP_WRITE && Srb->DataTransferLength >= 16) {
        for (index = 0; index < 16; index++) ((volatile UCHAR *)Srb->DataBuffer)[index] = 0xDD;
    }
#endif
#ifdef HOSTILE_EXTENSION_OVERRUN
    if (Srb->Cdb[0] == SCSIOP_READ) {
        volatile PUCHAR extension = (PUCHAR)Srb->SrbExtension;
        for (index = 0; index < HOSTILE_SRB_EXTENSION_SIZE + 256; index++) extension[index] = 0xEE;
    }
#endif
#ifdef HOSTILE_EXTENSION_GROWN
    if (Srb->Cdb[0] == SCSIOP_READ) {
        volatile PUCHAR extension = (PUCHAR)Srb->SrbExtension;
        for (index = 0; index < HOSTILE_GROWN_EXTENSION_SIZE; index++) extension[index] = 0xEE;
    }
#endif

    if (Srb->TargetId != 0 || Srb->Lun != 0) {
        Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
    } else if (Srb->Cdb[0] == SCSIOP_INQUIRY) {
        for (index = 0; index < Srb->DataTransferLength; index++) data[index] = 0;
        if (Srb->DataTransferLength > 4) data[4] = 31;
#ifdef HOSTILE_DUMP_IDENTITY
        if (((HOSTILE_EXTENSION *)DeviceExtension)->DumpMode && Srb->DataTransferLength >= 16) {
            for (index = 8; index < 16; index++) data[index] = (UCHAR)"CHANGED "[index - 8];
        }
#endif
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    } else if (Srb->Cdb[0] == SCSIOP_READ_CAPACITY && Srb->DataTransferLength >= 8) {
        /* Last LBA 4095, 512-byte blocks. */
        data[0] = 0; data[1] = 0; data[2] = 0x0F; data[3] = 0xFF;
        data[4] = 0; data[5] = 0; data[6] = 0x02; data[7] = 0;
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
    } else {
#ifdef HOSTILE_BUSY_GROW
        HOSTILE_EXTENSION *ext = (HOSTILE_EXTENSION *)DeviceExtension;
        if (!ext->BusyDone) {
            ext->BusyDone = 1;
            Srb->DataTransferLength = 16u << 20;
            Srb->SrbStatus = SRB_STATUS_BUSY;
        } else {
            ULONG length = 0;
            (void)ScsiPortGetPhysicalAddress(DeviceExtension, Srb, Srb->DataBuffer, &length);
            HostileMappedLength = length;
            Srb->DataTransferLength = 16u << 20;
            Srb->SrbStatus = SRB_STATUS_SUCCESS;
        }
#elif defined(HOSTILE_BAD_STATUS)
        Srb->SrbStatus = 0x0C;
#elif defined(HOSTILE_TRANSFER_GROW)
        Srb->DataTransferLength += 4096;
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
#else
        Srb->SrbStatus = SRB_STATUS_SUCCESS;
#endif
    }
#ifdef HOSTILE_SKEWED_SRB
    if (Srb->Cdb[0] == SCSIOP_READ) {
        PSCSI_REQUEST_BLOCK skewed = (PSCSI_REQUEST_BLOCK)((PUCHAR)Srb + 8);
        ULONG length = 0;
        (void)ScsiPortGetPhysicalAddress(DeviceExtension, skewed, Srb->DataBuffer, &length);
        ScsiPortNotification(RequestComplete, DeviceExtension, skewed);
    }
#endif
    ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
#ifdef HOSTILE_STATUS_AFTER_COMPLETE
    if (Srb->Cdb[0] == SCSIOP_INQUIRY) ((volatile SCSI_REQUEST_BLOCK *)Srb)->SrbStatus = SRB_STATUS_ERROR;
#endif
#ifdef HOSTILE_EXTENSION_AFTER_COMPLETE
    if (Srb->Cdb[0] == SCSIOP_READ) ((volatile UCHAR *)Srb->SrbExtension)[3] ^= 0x5A;
#endif
#ifdef HOSTILE_DOUBLE_COMPLETE
    if (Srb->Cdb[0] == SCSIOP_READ)
        ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
#endif
#ifndef HOSTILE_NO_NEXT_REQUEST
    ScsiPortNotification(NextRequest, DeviceExtension);
#endif
    return TRUE;
}

static ULONG HostileFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                                PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again)
{
    HOSTILE_EXTENSION *ext = (HOSTILE_EXTENSION *)DeviceExtension;
    PACCESS_RANGE range = &(*ConfigInfo->AccessRanges)[0];

    (void)HwContext;
    (void)BusInformation;
    *Again = FALSE;
    ext->DumpMode = ArgumentString != NULL && ArgumentString[0] == 'd';
#ifdef HOSTILE_DUMP_MEMORY
    if (ArgumentString != NULL && ArgumentString[0] == 'd') {
        (void)ScsiPortGetUncachedExtension(DeviceExtension, ConfigInfo, 64 * 1024);
    }
#else
    (void)ArgumentString;
#endif
#ifdef HOSTILE_EXTENSION_GROWN
    ConfigInfo->SrbExtensionSize = HOSTILE_GROWN_EXTENSION_SIZE;
#endif
    ext->Registers = (PUCHAR)ScsiPortGetDeviceBase(DeviceExtension, ConfigInfo->AdapterInterfaceType,
                                                   ConfigInfo->SystemIoBusNumber, range->RangeStart, 0x1000, FALSE);
    if (ext->Registers == NULL) return SP_RETURN_NOT_FOUND;
#ifdef HOSTILE_DEVICE_BASE
    {
        SCSI_PHYSICAL_ADDRESS far;
        far.QuadPart = (LONGLONG)0xFFFFFFFFFFFFFFF0ULL;
        if (ScsiPortGetDeviceBase(DeviceExtension, ConfigInfo->AdapterInterfaceType, ConfigInfo->SystemIoBusNumber,
                                  far, 0x100, FALSE) != NULL) {
            return SP_RETURN_ERROR;
        }
    }
#endif
#ifdef HOSTILE_REGISTER_POINTER
    (void)ScsiPortReadRegisterUlong((PULONG)(ULONG_PTR)0xFFFFFFFFFFFFFFFCULL);
#endif
#ifdef HOSTILE_ALIGNMENT
    ConfigInfo->AlignmentMask = 0x17;
#endif
    ConfigInfo->NumberOfBuses = 1;
    ConfigInfo->MaximumNumberOfTargets = 2;
    ConfigInfo->MaximumNumberOfLogicalUnits = 1;
    return SP_RETURN_FOUND;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath);

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;
#if defined(HOSTILE_INIT_TWICE) || defined(HOSTILE_INIT_TWO_IDS)
    ULONG first;
#endif

    RtlZeroMemory(&init, sizeof init);
    init.HwInitializationDataSize = sizeof init;
    init.AdapterInterfaceType = PCIBus;
    init.HwInitialize = HostileInitialize;
    init.HwStartIo = HostileStartIo;
    init.HwInterrupt = HostileInterrupt;
    init.HwFindAdapter = HostileFindAdapter;
    init.HwResetBus = HostileResetBus;
    init.DeviceExtensionSize = sizeof(HOSTILE_EXTENSION);
    init.NumberOfAccessRanges = 2;
    init.VendorId = "6D70";
    init.VendorIdLength = 4;
    init.DeviceId = "5343";
    init.DeviceIdLength = 4;
#ifdef HOSTILE_SRB_EXTENSION
    init.SrbExtensionSize = 0xFFFFFFF8u;
#endif
#ifdef HOSTILE_SRB_EXTENSION_SIZE
    init.SrbExtensionSize = HOSTILE_SRB_EXTENSION_SIZE;
#endif
#if defined(HOSTILE_INIT_MISSING)
    (void)DriverObject;
    (void)RegistryPath;
    return 0;   /* STATUS_SUCCESS, and no ScsiPortInitialize */
#elif defined(HOSTILE_INIT_TWICE)
    first = ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
    (void)first;
    return ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
#elif defined(HOSTILE_INIT_TWO_IDS)
    first = ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
    init.DeviceId = "5344";
    (void)ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
    return first;
#else
    return ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
#endif
}
