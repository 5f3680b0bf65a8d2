/*
 * export_probe.c - a small SCSI Port miniport for the emulated HBA that calls every SCSI Port
 * export, every ScsiPortNotification type and the HAL accessors in the context where a real
 * miniport would (used by ExportTests).
 *
 * It drives the controller the way Examples/PhbaMiniport does, in far fewer lines: one ring of
 * 16 slots in the uncached extension, tag = slot index, one data piece per request (requests
 * are small), interrupts. Everything the port returns is written to ExportProbe, an array of
 * 64-bit values indexed by the PX_* names below (ExportTests.swift mirrors them, in order).
 * The test also writes PX_ACTION to make the next HwStartIo do something particular.
 *
 * -DLEGACY_ADAPTER builds an adapter without autosense, tagged queuing or several requests
 * per logical unit: the port then issues REQUEST SENSE itself and starts one request per LU.
 */
#include <miniport.h>
#include <srb.h>
#include <scsi.h>

#include "phba.h"

enum {
    /* control, written by the test */
    PX_ACTION, PX_ACTION_ARG,
    /* DriverEntry */
    PX_INIT_STATUS,
    /* HwFindAdapter: PCI configuration */
    PX_PCI_LENGTH, PX_PCI_VENDOR, PX_PCI_DEVICE, PX_PCI_CLASS, PX_IRQ_LINE, PX_IRQ_SET_LENGTH,
    PX_IRQ_READBACK, PX_EMPTY_SLOT_LENGTH, PX_EMPTY_SLOT_VENDOR, PX_NO_BUS_LENGTH, PX_OTHER_TYPE_LENGTH,
    /* HwFindAdapter: ranges and mappings */
    PX_VALIDATE_BAR0, PX_VALIDATE_BAR1, PX_VALIDATE_BEYOND, PX_VALIDATE_WRONG_SPACE,
    PX_BASE_OUTSIDE, PX_BASE_MEMORY, PX_BASE_IO,
    /* HwFindAdapter: registers */
    PX_MAGIC_REGISTER, PX_MAGIC_PORT, PX_MAGIC_HAL_REGISTER, PX_MAGIC_HAL_PORT,
    PX_CAPS, PX_CAPS_END = PX_CAPS + 5, PX_CAPS_BUFFERS_MATCH, PX_PORT_BUFFER_REPEATS,
    PX_RING_REGISTERS_READBACK, PX_PORT_WRITE_BUFFER_LAST, PX_HAL_PORT_WRITE_BUFFER_LAST,
    PX_PORT_TO_REGISTER, PX_HAL_PORT_TO_REGISTER, PX_REGISTER_TO_PORT, PX_HAL_REGISTER_TO_PORT,
    PX_NARROW_ACCESSES, PX_NARROW_READS_ALL_ONES, PX_NARROW_WRITES_IGNORED,
    PX_FREED_READ, PX_FOREIGN_READ,
    /* HwFindAdapter: uncached extension and addresses */
    PX_UNCACHED, PX_UNCACHED_PHYSICAL, PX_UNCACHED_LENGTH, PX_UNCACHED_VIRTUAL, PX_UNCACHED_OFFSET_VIRTUAL,
    PX_UNCACHED_AGAIN, PX_NOT_DMA_PHYSICAL, PX_NOT_DMA_LENGTH, PX_NOT_DMA_VIRTUAL,
    /* HwFindAdapter: time, memory, conversions */
    PX_STALL_SYSTEM_TIME_DELTA, PX_TICK_DELTA, PX_TIME_MONOTONIC, PX_MOVE_FORWARD, PX_MOVE_BACKWARD,
    PX_ULONG_TO_PHYSICAL, PX_PHYSICAL_TO_ULONG,
    /* HwInitialize */
    PX_UNCACHED_LATE, PX_TIMER_FIRES, PX_TIMER_FIRST_TIME, PX_TIMER_SECOND_TIME, PX_INIT_TIME,
    /* HwStartIo and HwInterrupt */
    PX_START_IO_COUNT, PX_INTERRUPT_COUNT, PX_OUTSTANDING, PX_OUTSTANDING_MAX, PX_BUSY_RETURNED,
    PX_REQUEST_SENSE_SEEN, PX_GETSRB_MATCH, PX_GETSRB_MISMATCH, PX_GETSRB_BOGUS_NULL,
    PX_LU_EXTENSION, PX_LU_REQUESTS, PX_LU_ABSENT, PX_SRB_EXTENSION_ROUND_TRIPS,
    PX_DATA_PHYSICAL, PX_DATA_LENGTH, PX_DATA_VIRTUAL, PX_SENSE_PHYSICAL, PX_SENSE_LENGTH,
    PX_LAST_START_TIME, PX_PREVIOUS_START_TIME, PX_QUEUE_TAG,
    PX_DISABLED_ROUTINE_RAN, PX_ENABLED_ROUTINE_RAN, PX_INTERRUPT_WHILE_DISABLED,
    PX_STARTIO_TIMER_RAN, PX_STARTIO_TIMER_NESTED, PX_PARKED, PX_RESET_BUS_CALLS, PX_RESET_BUS_NESTED,
    PX_SRB_EXTENSION_LENGTH,
    PX_COUNT
};

enum {
    ACTION_NONE,
    ACTION_BUSY_ONCE,           /* complete with SRB_STATUS_BUSY; the port resubmits */
    ACTION_COMPLETE_TWICE,      /* RequestComplete twice for the same SRB */
    ACTION_RESET_DETECTED,      /* ResetDetected, then run the request */
    ACTION_BUS_CHANGE,          /* BusChangeDetected, then run the request */
    ACTION_DISABLE_INTERRUPTS,  /* ring the doorbell from a CallDisableInterrupts routine */
    ACTION_PARK,                /* hold ACTION_ARG requests, then end them with ScsiPortCompleteRequest */
    ACTION_TIMER_IN_STARTIO,    /* a timer falls due while HwStartIo stalls */
    ACTION_LONG_STALL,          /* HwStartIo stalls 2 s, after ACTION_ARG requests have passed */
};

ULONGLONG ExportProbe[128];
#define P ExportProbe
#define PX_LAYOUT_CHECK 127         /* PX_COUNT, so the test can tell it mirrors this list */

#define RING_ENTRIES 16
#define MAX_TRANSFER 0x10000

typedef struct {
    PUCHAR Registers;           /* BAR0 */
    PUCHAR Ports;               /* BAR1, the I/O mirror */
    PPHBA_REQUEST_DESCRIPTOR RequestRing;
    PPHBA_COMPLETION_DESCRIPTOR CompletionRing;
    ULONGLONG RequestRingPhysical;
    ULONGLONG CompletionRingPhysical;
    ULONG RequestTail;
    ULONG CompletionHead;
    PSCSI_REQUEST_BLOCK Tags[RING_ENTRIES];
    BOOLEAN InterruptsDisabled;
    BOOLEAN InStartIo;
    BOOLEAN BusyDone;
    PSCSI_REQUEST_BLOCK Parked[8];
    ULONG ParkedCount;
} PROBE_EXTENSION, *PPROBE_EXTENSION;

typedef struct {
    ULONG Requests;             /* requests seen for this logical unit */
    ULONG Marker;
} PROBE_LU_EXTENSION;

typedef struct {
    ULONGLONG Cookie;
    UCHAR Scratch[56];
} PROBE_SRB_EXTENSION;

static UCHAR VendorId[] = "6D70";
static UCHAR DeviceId[] = "5343";

static ULONG Read(PPROBE_EXTENSION Ext, ULONG Offset)
{
    return ScsiPortReadRegisterUlong((PULONG)(Ext->Registers + Offset));
}

static VOID Write(PPROBE_EXTENSION Ext, ULONG Offset, ULONG Value)
{
    ScsiPortWriteRegisterUlong((PULONG)(Ext->Registers + Offset), Value);
}

static LONGLONG SystemTime(VOID)
{
    LARGE_INTEGER now;
    ScsiPortQuerySystemTime(&now);
    return now.QuadPart;
}

static LONGLONG TickCount(PVOID Ext)
{
    LARGE_INTEGER ticks;
    ticks.QuadPart = -1;
    ScsiPortNotification(QueryTickCount, Ext, &ticks);
    return ticks.QuadPart;
}

/* ---- HwFindAdapter pieces ---- */

static VOID ProbePciConfiguration(PPROBE_EXTENSION Ext, PPORT_CONFIGURATION_INFORMATION Config)
{
    PCI_COMMON_CONFIG pci;
    UCHAR line;
    UCHAR scratch = 0x5A;

    RtlZeroMemory(&pci, sizeof(pci));
    P[PX_PCI_LENGTH] = ScsiPortGetBusData(Ext, PCIConfiguration, Config->SystemIoBusNumber, Config->SlotNumber,
                                          &pci, PCI_COMMON_HDR_LENGTH);
    P[PX_PCI_VENDOR] = pci.VendorID;
    P[PX_PCI_DEVICE] = pci.DeviceID;
    P[PX_PCI_CLASS] = ((ULONG)pci.BaseClass << 8) | pci.SubClass;
    line = pci.u.type0.InterruptLine;
    P[PX_IRQ_LINE] = line;

    /* INTERRUPT_LINE is a writable scratch byte: write, read back, restore. */
    P[PX_IRQ_SET_LENGTH] = ScsiPortSetBusDataByOffset(Ext, PCIConfiguration, Config->SystemIoBusNumber,
                                                      Config->SlotNumber, &scratch, 0x3C, 1);
    RtlZeroMemory(&pci, sizeof(pci));
    ScsiPortGetBusData(Ext, PCIConfiguration, Config->SystemIoBusNumber, Config->SlotNumber, &pci,
                       PCI_COMMON_HDR_LENGTH);
    P[PX_IRQ_READBACK] = pci.u.type0.InterruptLine;
    ScsiPortSetBusDataByOffset(Ext, PCIConfiguration, Config->SystemIoBusNumber, Config->SlotNumber, &line, 0x3C, 1);

    /* An empty slot (20), a bus that does not exist, a bus data type that does not exist here. */
    RtlZeroMemory(&pci, sizeof(pci));
    P[PX_EMPTY_SLOT_LENGTH] = ScsiPortGetBusData(Ext, PCIConfiguration, Config->SystemIoBusNumber, 20, &pci,
                                                 PCI_COMMON_HDR_LENGTH);
    P[PX_EMPTY_SLOT_VENDOR] = pci.VendorID;
    P[PX_NO_BUS_LENGTH] = ScsiPortGetBusData(Ext, PCIConfiguration, 7, Config->SlotNumber, &pci,
                                             PCI_COMMON_HDR_LENGTH);
    P[PX_OTHER_TYPE_LENGTH] = ScsiPortGetBusData(Ext, EisaConfiguration, Config->SystemIoBusNumber,
                                                 Config->SlotNumber, &pci, PCI_COMMON_HDR_LENGTH);
}

/* Every 8- and 16-bit accessor: the controller ignores such accesses (reads all ones, writes
 * have no effect) and counts them, so the test can check each one reached it. */
static VOID ProbeNarrowAccessors(PPROBE_EXTENSION Ext)
{
    PUCHAR reg = Ext->Registers + PHBA_REG_INTERRUPT_MASK;
    PUCHAR port = Ext->Ports + PHBA_REG_INTERRUPT_MASK;
    UCHAR bytes[4] = { 1, 2, 3, 4 };
    USHORT words[2] = { 5, 6 };
    ULONG allOnes = 1;
    ULONG count = 0;
    ULONG mask = Read(Ext, PHBA_REG_INTERRUPT_MASK);
    ULONG i;

    allOnes &= ScsiPortReadRegisterUchar(reg) == 0xFF;
    allOnes &= ScsiPortReadRegisterUshort((PUSHORT)reg) == 0xFFFF;
    allOnes &= ScsiPortReadPortUchar(port) == 0xFF;
    allOnes &= ScsiPortReadPortUshort((PUSHORT)port) == 0xFFFF;
    allOnes &= READ_REGISTER_UCHAR(reg) == 0xFF;
    allOnes &= READ_REGISTER_USHORT((PUSHORT)reg) == 0xFFFF;
    allOnes &= READ_PORT_UCHAR(port) == 0xFF;
    allOnes &= READ_PORT_USHORT((PUSHORT)port) == 0xFFFF;
    count += 8;
    ScsiPortWriteRegisterUchar(reg, 0);
    ScsiPortWriteRegisterUshort((PUSHORT)reg, 0);
    ScsiPortWritePortUchar(port, 0);
    ScsiPortWritePortUshort((PUSHORT)port, 0);
    WRITE_REGISTER_UCHAR(reg, 0);
    WRITE_REGISTER_USHORT((PUSHORT)reg, 0);
    WRITE_PORT_UCHAR(port, 0);
    WRITE_PORT_USHORT((PUSHORT)port, 0);
    count += 8;

    ScsiPortReadRegisterBufferUchar(reg, bytes, 4);
    for (i = 0; i < 4; i++) allOnes &= bytes[i] == 0xFF;
    ScsiPortReadRegisterBufferUshort((PUSHORT)reg, words, 2);
    for (i = 0; i < 2; i++) allOnes &= words[i] == 0xFFFF;
    ScsiPortReadPortBufferUchar(port, bytes, 4);
    ScsiPortReadPortBufferUshort((PUSHORT)port, words, 2);
    READ_REGISTER_BUFFER_UCHAR(reg, bytes, 4);
    READ_REGISTER_BUFFER_USHORT((PUSHORT)reg, words, 2);
    READ_PORT_BUFFER_UCHAR(port, bytes, 4);
    READ_PORT_BUFFER_USHORT((PUSHORT)port, words, 2);
    for (i = 0; i < 4; i++) allOnes &= bytes[i] == 0xFF;
    for (i = 0; i < 2; i++) allOnes &= words[i] == 0xFFFF;
    count += 4 * 6;
    RtlZeroMemory(bytes, sizeof(bytes));
    RtlZeroMemory(words, sizeof(words));
    ScsiPortWriteRegisterBufferUchar(reg, bytes, 4);
    ScsiPortWriteRegisterBufferUshort((PUSHORT)reg, words, 2);
    ScsiPortWritePortBufferUchar(port, bytes, 4);
    ScsiPortWritePortBufferUshort((PUSHORT)port, words, 2);
    WRITE_REGISTER_BUFFER_UCHAR(reg, bytes, 4);
    WRITE_REGISTER_BUFFER_USHORT((PUSHORT)reg, words, 2);
    WRITE_PORT_BUFFER_UCHAR(port, bytes, 4);
    WRITE_PORT_BUFFER_USHORT((PUSHORT)port, words, 2);
    count += 4 * 6;

    P[PX_NARROW_ACCESSES] = count;
    P[PX_NARROW_READS_ALL_ONES] = allOnes;
    P[PX_NARROW_WRITES_IGNORED] = Read(Ext, PHBA_REG_INTERRUPT_MASK) == mask;
}

static VOID ProbeRegisters(PPROBE_EXTENSION Ext)
{
    ULONG caps[6];
    ULONG halCaps[6];
    ULONG repeated[3];
    ULONG ring[4] = { 0x00100040, 0x00000001, 0x00100440, 0x00000002 };
    ULONG back[4];
    ULONG values[3] = { 1, 2, 3 };
    ULONG i;
    ULONG ok;

    P[PX_MAGIC_REGISTER] = Read(Ext, PHBA_REG_MAGIC);
    P[PX_MAGIC_PORT] = ScsiPortReadPortUlong((PULONG)(Ext->Ports + PHBA_REG_MAGIC));
    P[PX_MAGIC_HAL_REGISTER] = READ_REGISTER_ULONG((PULONG)(Ext->Registers + PHBA_REG_MAGIC));
    P[PX_MAGIC_HAL_PORT] = READ_PORT_ULONG((PULONG)(Ext->Ports + PHBA_REG_MAGIC));

    /* Register buffers walk consecutive registers: the six capability registers. */
    ScsiPortReadRegisterBufferUlong((PULONG)(Ext->Registers + PHBA_REG_CAP_BUSES), caps, 6);
    READ_REGISTER_BUFFER_ULONG((PULONG)(Ext->Registers + PHBA_REG_CAP_BUSES), halCaps, 6);
    ok = 1;
    for (i = 0; i < 6; i++) {
        P[PX_CAPS + i] = caps[i];
        ok &= caps[i] == halCaps[i] && caps[i] == Read(Ext, PHBA_REG_CAP_BUSES + 4 * i);
    }
    P[PX_CAPS_BUFFERS_MATCH] = ok;

    /* Port buffers repeat one port. */
    ok = 1;
    ScsiPortReadPortBufferUlong((PULONG)(Ext->Ports + PHBA_REG_MAGIC), repeated, 3);
    for (i = 0; i < 3; i++) ok &= repeated[i] == PHBA_MAGIC;
    RtlZeroMemory(repeated, sizeof(repeated));
    READ_PORT_BUFFER_ULONG((PULONG)(Ext->Ports + PHBA_REG_MAGIC), repeated, 3);
    for (i = 0; i < 3; i++) ok &= repeated[i] == PHBA_MAGIC;
    P[PX_PORT_BUFFER_REPEATS] = ok;

    /* The four ring address registers (writable while disabled), written as one buffer. */
    Write(Ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);
    ok = 1;
    ScsiPortWriteRegisterBufferUlong((PULONG)(Ext->Registers + PHBA_REG_REQUEST_RING_LOW), ring, 4);
    ScsiPortReadRegisterBufferUlong((PULONG)(Ext->Registers + PHBA_REG_REQUEST_RING_LOW), back, 4);
    for (i = 0; i < 4; i++) ok &= back[i] == ring[i];
    for (i = 0; i < 4; i++) ring[i] += 0x40;
    WRITE_REGISTER_BUFFER_ULONG((PULONG)(Ext->Registers + PHBA_REG_REQUEST_RING_LOW), ring, 4);
    READ_REGISTER_BUFFER_ULONG((PULONG)(Ext->Registers + PHBA_REG_REQUEST_RING_LOW), back, 4);
    for (i = 0; i < 4; i++) ok &= back[i] == ring[i];
    P[PX_RING_REGISTERS_READBACK] = ok;

    /* Port buffer writes all go to one port: the last value stays. */
    ScsiPortWritePortBufferUlong((PULONG)(Ext->Ports + PHBA_REG_INTERRUPT_MASK), values, 3);
    P[PX_PORT_WRITE_BUFFER_LAST] = Read(Ext, PHBA_REG_INTERRUPT_MASK);
    values[2] = 1;
    WRITE_PORT_BUFFER_ULONG((PULONG)(Ext->Ports + PHBA_REG_INTERRUPT_MASK), values, 3);
    P[PX_HAL_PORT_WRITE_BUFFER_LAST] = Read(Ext, PHBA_REG_INTERRUPT_MASK);

    /* Both BARs reach the same registers. */
    ScsiPortWritePortUlong((PULONG)(Ext->Ports + PHBA_REG_INTERRUPT_MASK), 2);
    P[PX_PORT_TO_REGISTER] = Read(Ext, PHBA_REG_INTERRUPT_MASK);
    WRITE_PORT_ULONG((PULONG)(Ext->Ports + PHBA_REG_INTERRUPT_MASK), 1);
    P[PX_HAL_PORT_TO_REGISTER] = READ_REGISTER_ULONG((PULONG)(Ext->Registers + PHBA_REG_INTERRUPT_MASK));
    Write(Ext, PHBA_REG_INTERRUPT_MASK, 3);
    P[PX_REGISTER_TO_PORT] = ScsiPortReadPortUlong((PULONG)(Ext->Ports + PHBA_REG_INTERRUPT_MASK));
    WRITE_REGISTER_ULONG((PULONG)(Ext->Registers + PHBA_REG_INTERRUPT_MASK), 2);
    P[PX_HAL_REGISTER_TO_PORT] = READ_PORT_ULONG((PULONG)(Ext->Ports + PHBA_REG_INTERRUPT_MASK));
    Write(Ext, PHBA_REG_INTERRUPT_MASK, PHBA_INTERRUPT_ALL);

    ProbeNarrowAccessors(Ext);
}

static VOID ProbeTimeMemoryConversions(PPROBE_EXTENSION Ext)
{
    LONGLONG before, after;
    LONGLONG ticksBefore, ticksAfter;
    CHAR text[11] = "0123456789";
    SCSI_PHYSICAL_ADDRESS physical;
    ULONGLONG packed = 0;
    ULONG i;

    before = SystemTime();
    ScsiPortStallExecution(1000);
    after = SystemTime();
    P[PX_STALL_SYSTEM_TIME_DELTA] = (ULONGLONG)(after - before);

    ticksBefore = TickCount(Ext);
    ScsiPortStallExecution(15625);
    ScsiPortStallExecution(15625);
    ticksAfter = TickCount(Ext);
    P[PX_TICK_DELTA] = (ULONGLONG)(ticksAfter - ticksBefore);
    P[PX_TIME_MONOTONIC] = ticksBefore >= 0 && SystemTime() >= after;

    /* Overlapping moves in both directions. */
    ScsiPortMoveMemory(text + 2, text, 6);          /* "0101234589" */
    for (i = 0; i < 8; i++) packed |= (ULONGLONG)(UCHAR)text[i] << (8 * i);
    P[PX_MOVE_FORWARD] = packed;
    ScsiPortMoveMemory(text, text + 3, 7);          /* "1234589589" */
    packed = 0;
    for (i = 0; i < 8; i++) packed |= (ULONGLONG)(UCHAR)text[i] << (8 * i);
    P[PX_MOVE_BACKWARD] = packed;

    physical = ScsiPortConvertUlongToPhysicalAddress(0x89ABCDEF);
    P[PX_ULONG_TO_PHYSICAL] = (ULONGLONG)physical.QuadPart;
    physical.QuadPart = 0x123456789LL;
    P[PX_PHYSICAL_TO_ULONG] = (ScsiPortConvertPhysicalAddressToUlong)(physical);   /* the function, not the macro */
}

static ULONG ProbeHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                                PPORT_CONFIGURATION_INFORMATION Config, PBOOLEAN Again)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;
    PACCESS_RANGE memory = &(*Config->AccessRanges)[0];
    PACCESS_RANGE io = &(*Config->AccessRanges)[1];
    SCSI_PHYSICAL_ADDRESS address;
    SCSI_PHYSICAL_ADDRESS physical;
    PVOID extra;
    PUCHAR uncached;
    ULONG length = 0;
    ULONG local = 0;
    ULONG ringBytes = RING_ENTRIES * (ULONG)(sizeof(PHBA_REQUEST_DESCRIPTOR) + sizeof(PHBA_COMPLETION_DESCRIPTOR));

    (VOID)HwContext;
    (VOID)BusInformation;
    (VOID)ArgumentString;
    *Again = FALSE;

    if (Config->NumberOfAccessRanges < 2 || !memory->RangeInMemory || io->RangeInMemory)
        return SP_RETURN_NOT_FOUND;

    ProbePciConfiguration(ext, Config);

    P[PX_VALIDATE_BAR0] = ScsiPortValidateRange(ext, PCIBus, Config->SystemIoBusNumber, memory->RangeStart,
                                                memory->RangeLength, FALSE);
    P[PX_VALIDATE_BAR1] = ScsiPortValidateRange(ext, PCIBus, Config->SystemIoBusNumber, io->RangeStart,
                                                io->RangeLength, TRUE);
    address.QuadPart = memory->RangeStart.QuadPart + memory->RangeLength;
    P[PX_VALIDATE_BEYOND] = ScsiPortValidateRange(ext, PCIBus, Config->SystemIoBusNumber, address, 16, FALSE);
    P[PX_VALIDATE_WRONG_SPACE] = ScsiPortValidateRange(ext, PCIBus, Config->SystemIoBusNumber, memory->RangeStart,
                                                       16, TRUE);
    P[PX_BASE_OUTSIDE] = (ULONGLONG)(ULONG_PTR)ScsiPortGetDeviceBase(ext, PCIBus, Config->SystemIoBusNumber,
                                                                    address, 16, FALSE);

    ext->Registers = (PUCHAR)ScsiPortGetDeviceBase(ext, PCIBus, Config->SystemIoBusNumber, memory->RangeStart,
                                                   PHBA_BAR0_LENGTH, FALSE);
    ext->Ports = (PUCHAR)ScsiPortGetDeviceBase(ext, PCIBus, Config->SystemIoBusNumber, io->RangeStart,
                                               PHBA_BAR1_LENGTH, TRUE);
    P[PX_BASE_MEMORY] = (ULONGLONG)(ULONG_PTR)ext->Registers;
    P[PX_BASE_IO] = (ULONGLONG)(ULONG_PTR)ext->Ports;
    if (ext->Registers == NULL || ext->Ports == NULL)
        return SP_RETURN_ERROR;

    ProbeRegisters(ext);
    if (P[PX_MAGIC_REGISTER] != PHBA_MAGIC)
        return SP_RETURN_NOT_FOUND;

    /* A second mapping, freed: accesses through it are refused afterwards. A pointer that no
     * mapping covers is refused too. */
    extra = ScsiPortGetDeviceBase(ext, PCIBus, Config->SystemIoBusNumber, memory->RangeStart, 0x100, FALSE);
    ScsiPortFreeDeviceBase(ext, extra);
    P[PX_FREED_READ] = ScsiPortReadRegisterUlong((PULONG)extra);
    P[PX_FOREIGN_READ] = ScsiPortReadRegisterUlong(&local);
    ScsiPortFreeDeviceBase(ext, &local);

    ProbeTimeMemoryConversions(ext);
    ScsiPortLogError(ext, NULL, 0, 1, 2, SP_BUS_PARITY_ERROR, 0xE1E2E3E4);
    ScsiDebugPrint(1, "export_probe: MAGIC %08x through both BARs", (unsigned)P[PX_MAGIC_PORT]);

    /* Configuration, then the uncached extension (after the DMA fields, as documented). */
    Config->MaximumTransferLength = MAX_TRANSFER;
    Config->NumberOfPhysicalBreaks = 0;
    Config->ScatterGather = FALSE;
    Config->Master = TRUE;
    Config->Dma32BitAddresses = TRUE;
    Config->Dma64BitAddresses = SCSI_DMA64_MINIPORT_SUPPORTED;
    Config->NumberOfBuses = 1;
    Config->MaximumNumberOfTargets = 4;
    Config->MaximumNumberOfLogicalUnits = 2;
    Config->InitiatorBusId[0] = 7;
#ifdef LEGACY_ADAPTER
    Config->TaggedQueuing = FALSE;
    Config->MultipleRequestPerLu = FALSE;
    Config->AutoRequestSense = FALSE;
#endif

    uncached = (PUCHAR)ScsiPortGetUncachedExtension(ext, Config, ringBytes);
    P[PX_UNCACHED] = (ULONGLONG)(ULONG_PTR)uncached;
    if (uncached == NULL)
        return SP_RETURN_ERROR;
    P[PX_UNCACHED_AGAIN] = (ULONGLONG)(ULONG_PTR)ScsiPortGetUncachedExtension(ext, Config, ringBytes);
    physical = ScsiPortGetPhysicalAddress(ext, NULL, uncached, &length);
    P[PX_UNCACHED_PHYSICAL] = (ULONGLONG)physical.QuadPart;
    P[PX_UNCACHED_LENGTH] = length;
    P[PX_UNCACHED_VIRTUAL] = (ULONGLONG)(ULONG_PTR)ScsiPortGetVirtualAddress(ext, physical);
    physical.QuadPart += 0x123;
    P[PX_UNCACHED_OFFSET_VIRTUAL] = (ULONGLONG)(ULONG_PTR)ScsiPortGetVirtualAddress(ext, physical);
    length = 77;
    physical = ScsiPortGetPhysicalAddress(ext, NULL, &local, &length);
    P[PX_NOT_DMA_PHYSICAL] = (ULONGLONG)physical.QuadPart;
    P[PX_NOT_DMA_LENGTH] = length;
    physical.QuadPart = 0x7000;
    P[PX_NOT_DMA_VIRTUAL] = (ULONGLONG)(ULONG_PTR)ScsiPortGetVirtualAddress(ext, physical);

    ext->RequestRing = (PPHBA_REQUEST_DESCRIPTOR)uncached;
    ext->RequestRingPhysical = (ULONGLONG)P[PX_UNCACHED_PHYSICAL];
    ext->CompletionRing = (PPHBA_COMPLETION_DESCRIPTOR)(uncached + RING_ENTRIES * sizeof(PHBA_REQUEST_DESCRIPTOR));
    ext->CompletionRingPhysical = ext->RequestRingPhysical + RING_ENTRIES * sizeof(PHBA_REQUEST_DESCRIPTOR);
    return SP_RETURN_FOUND;
}

/* ---- HwInitialize, timer ---- */

static VOID ProbeTimer(PVOID DeviceExtension)
{
    ULONGLONG fires = ++P[PX_TIMER_FIRES];

    if (fires == 1) {
        P[PX_TIMER_FIRST_TIME] = (ULONGLONG)SystemTime();
        ScsiPortNotification(RequestTimerCall, DeviceExtension, ProbeTimer, 20000);
    } else if (fires == 2) {
        P[PX_TIMER_SECOND_TIME] = (ULONGLONG)SystemTime();
        /* Arm and cancel: the timer must not fire again. */
        ScsiPortNotification(RequestTimerCall, DeviceExtension, ProbeTimer, 10000);
        ScsiPortNotification(RequestTimerCall, DeviceExtension, ProbeTimer, 0);
    }
}

static BOOLEAN ProbeHwInitialize(PVOID DeviceExtension)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;
    SCSI_REQUEST_BLOCK stranger;
    UCHAR wmiEvent[16] = { 0 };
    ULONG ring[4];

    /* Not allowed outside HwFindAdapter. */
    P[PX_UNCACHED_LATE] = (ULONGLONG)(ULONG_PTR)ScsiPortGetUncachedExtension(ext, NULL, 64);

    /* Start the controller: reset, rings (one buffer write), enable, unmask. */
    Write(ext, PHBA_REG_CONTROL, PHBA_CONTROL_RESET);
    RtlZeroMemory(ext->RequestRing, RING_ENTRIES * sizeof(PHBA_REQUEST_DESCRIPTOR));
    RtlZeroMemory(ext->CompletionRing, RING_ENTRIES * sizeof(PHBA_COMPLETION_DESCRIPTOR));
    ring[0] = (ULONG)ext->RequestRingPhysical;
    ring[1] = (ULONG)(ext->RequestRingPhysical >> 32);
    ring[2] = (ULONG)ext->CompletionRingPhysical;
    ring[3] = (ULONG)(ext->CompletionRingPhysical >> 32);
    ScsiPortWriteRegisterBufferUlong((PULONG)(ext->Registers + PHBA_REG_REQUEST_RING_LOW), ring, 4);
    Write(ext, PHBA_REG_RING_ENTRIES, RING_ENTRIES);
    Write(ext, PHBA_REG_INTERRUPT_STATUS, PHBA_INTERRUPT_ALL);
    Write(ext, PHBA_REG_CONTROL, PHBA_CONTROL_ENABLE);
    if ((Read(ext, PHBA_REG_STATUS) & PHBA_STATUS_READY) == 0)
        return FALSE;
    Write(ext, PHBA_REG_INTERRUPT_MASK, 0);
    ext->RequestTail = 0;
    ext->CompletionHead = 0;

    /* Routines this machine has no use for: each is answered and logged. */
    ScsiPortFlushDma(ext);
    ScsiPortIoMapTransfer(ext, NULL, NULL, 0);
    ScsiPortNotification(WMIEvent, ext, wmiEvent, 0, 1, 0);
    ScsiPortNotification(WMIReregister, ext, 0xFF);
    ScsiPortNotification(LinkUp, ext);
    ScsiPortNotification(LinkDown, ext);
    ScsiPortNotification(BufferOverrunDetected, ext);
    ScsiPortNotification(TraceNotification, ext, (PVOID)wmiEvent);
    ScsiPortNotification((SCSI_NOTIFICATION_TYPE)0x77, ext);

    /* Refusals: an SRB the port never started; a device extension of no adapter. */
    RtlZeroMemory(&stranger, sizeof(stranger));
    ScsiPortNotification(RequestComplete, ext, &stranger);
    ScsiPortNotification(NextRequest, (PVOID)&stranger);

    P[PX_INIT_TIME] = (ULONGLONG)SystemTime();
    ScsiPortNotification(RequestTimerCall, ext, ProbeTimer, 50000);
    return TRUE;
}

/* ---- requests ---- */

static VOID Complete(PPROBE_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb, UCHAR Status)
{
    Srb->SrbStatus = Status;
    ScsiPortNotification(RequestComplete, Ext, Srb);
}

static VOID AskForMore(PPROBE_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    ScsiPortNotification(NextLuRequest, Ext, Srb->PathId, Srb->TargetId, Srb->Lun);
}

/* Builds the descriptor for an EXECUTE_SCSI SRB in the next ring slot; returns FALSE (and
 * completes the SRB) when it cannot. The doorbell is left to the caller. */
static BOOLEAN Prepare(PPROBE_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PPHBA_REQUEST_DESCRIPTOR request;
    ULONG tag;
    ULONG length = 0;
    SCSI_PHYSICAL_ADDRESS physical;

    for (tag = 0; tag < RING_ENTRIES - 1 && Ext->Tags[tag] != NULL; tag++)
        ;
    if (tag == RING_ENTRIES - 1) {
        Complete(Ext, Srb, SRB_STATUS_BUSY);
        return FALSE;
    }
    request = &Ext->RequestRing[Ext->RequestTail];
    RtlZeroMemory(request, sizeof(*request));
    request->Tag = tag;
    request->Bus = Srb->PathId;
    request->Target = Srb->TargetId;
    request->Lun = Srb->Lun;
    request->CdbLength = Srb->CdbLength;
    RtlCopyMemory(request->Cdb, Srb->Cdb, Srb->CdbLength);
    if (Srb->DataTransferLength != 0 && (Srb->SrbFlags & (SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT)) != 0) {
        physical = ScsiPortGetPhysicalAddress(Ext, Srb, Srb->DataBuffer, &length);
        if (physical.QuadPart == 0 || length < Srb->DataTransferLength) {
            Complete(Ext, Srb, SRB_STATUS_ERROR);
            return FALSE;
        }
        request->Flags = (Srb->SrbFlags & SRB_FLAGS_DATA_IN) ? PHBA_REQUEST_FLAG_DATA_IN : PHBA_REQUEST_FLAG_DATA_OUT;
        request->TransferLength = Srb->DataTransferLength;
        request->DataAddress = (ULONGLONG)physical.QuadPart;
    }
#ifndef LEGACY_ADAPTER
    if ((Srb->SrbFlags & SRB_FLAGS_DISABLE_AUTOSENSE) == 0 && Srb->SenseInfoBuffer != NULL &&
        Srb->SenseInfoBufferLength != 0) {
        physical = ScsiPortGetPhysicalAddress(Ext, Srb, Srb->SenseInfoBuffer, &length);
        request->SenseLength = (UCHAR)(length < Srb->SenseInfoBufferLength ? length : Srb->SenseInfoBufferLength);
        request->SenseAddress = (ULONGLONG)physical.QuadPart;
    }
#endif
    Ext->Tags[tag] = Srb;
    Ext->RequestTail = (Ext->RequestTail + 1) % RING_ENTRIES;
    if (++P[PX_OUTSTANDING] > P[PX_OUTSTANDING_MAX])
        P[PX_OUTSTANDING_MAX] = P[PX_OUTSTANDING];
    return TRUE;
}

static VOID RingDoorbell(PPROBE_EXTENSION Ext)
{
    Write(Ext, PHBA_REG_REQUEST_TAIL, Ext->RequestTail);
}

/* What a running request lets the miniport look at: its SRB by tag, its LU extension, the
 * physical addresses of its SRB extension, data and sense buffers. */
static VOID ProbeActiveRequest(PPROBE_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    PROBE_LU_EXTENSION *lu;
    PROBE_SRB_EXTENSION *srbExt = (PROBE_SRB_EXTENSION *)Srb->SrbExtension;
    SCSI_PHYSICAL_ADDRESS physical;
    ULONG length = 0;

    P[PX_QUEUE_TAG] = Srb->QueueTag;
    if (ScsiPortGetSrb(Ext, Srb->PathId, Srb->TargetId, Srb->Lun, Srb->QueueTag) == Srb)
        P[PX_GETSRB_MATCH]++;
    else
        P[PX_GETSRB_MISMATCH]++;
    if (ScsiPortGetSrb(Ext, Srb->PathId, Srb->TargetId, Srb->Lun, 200) == NULL)
        P[PX_GETSRB_BOGUS_NULL]++;

    lu = (PROBE_LU_EXTENSION *)ScsiPortGetLogicalUnit(Ext, Srb->PathId, Srb->TargetId, Srb->Lun);
    P[PX_LU_EXTENSION] = (ULONGLONG)(ULONG_PTR)lu;
    if (lu != NULL)
        P[PX_LU_REQUESTS] = ++lu->Requests;
    P[PX_LU_ABSENT] = (ULONGLONG)(ULONG_PTR)ScsiPortGetLogicalUnit(Ext, 0, 60, 0);

    if (srbExt != NULL) {
        physical = ScsiPortGetPhysicalAddress(Ext, NULL, srbExt, &length);
        P[PX_SRB_EXTENSION_LENGTH] = length;
        if (physical.QuadPart != 0 && length >= sizeof(*srbExt) && ScsiPortGetVirtualAddress(Ext, physical) == srbExt)
            P[PX_SRB_EXTENSION_ROUND_TRIPS]++;
    }
    if (Srb->Cdb[0] == SCSIOP_READ && Srb->DataBuffer != NULL && Srb->DataTransferLength > 1) {
        physical = ScsiPortGetPhysicalAddress(Ext, Srb, (PUCHAR)Srb->DataBuffer + 1, &length);
        P[PX_DATA_PHYSICAL] = (ULONGLONG)physical.QuadPart;
        P[PX_DATA_LENGTH] = length;
        P[PX_DATA_VIRTUAL] = (ULONGLONG)(ULONG_PTR)ScsiPortGetVirtualAddress(Ext, physical);
    }
    if (Srb->SenseInfoBuffer != NULL) {
        physical = ScsiPortGetPhysicalAddress(Ext, Srb, Srb->SenseInfoBuffer, &length);
        P[PX_SENSE_PHYSICAL] = (ULONGLONG)physical.QuadPart;
        P[PX_SENSE_LENGTH] = length;
    }
}

static BOOLEAN DisabledRoutine(PVOID DeviceExtension);
static BOOLEAN EnabledRoutine(PVOID DeviceExtension);

static VOID StartIoTimer(PVOID DeviceExtension)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;
    P[PX_STARTIO_TIMER_RAN]++;
    if (ext->InStartIo)
        P[PX_STARTIO_TIMER_NESTED]++;
}

static VOID Park(PPROBE_EXTENSION Ext, PSCSI_REQUEST_BLOCK Srb)
{
    Ext->Parked[Ext->ParkedCount++] = Srb;
    P[PX_PARKED] = Ext->ParkedCount;
    if (Ext->ParkedCount < P[PX_ACTION_ARG] && Ext->ParkedCount < 8) {
        AskForMore(Ext, Srb);
        return;
    }
    /* Everything on target 1 is aborted, then whatever is left on bus 0. */
    ScsiPortCompleteRequest(Ext, 0, 1, SP_UNTAGGED, SRB_STATUS_ABORTED);
    ScsiPortCompleteRequest(Ext, 0, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    Ext->ParkedCount = 0;
    P[PX_ACTION] = ACTION_NONE;
    ScsiPortNotification(NextRequest, Ext);
}

static BOOLEAN ProbeHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;
    ULONG action = (ULONG)P[PX_ACTION];

    P[PX_START_IO_COUNT]++;
    P[PX_PREVIOUS_START_TIME] = P[PX_LAST_START_TIME];
    P[PX_LAST_START_TIME] = (ULONGLONG)SystemTime();

    if (Srb->Function != SRB_FUNCTION_EXECUTE_SCSI) {
        Complete(ext, Srb, Srb->Function == SRB_FUNCTION_RESET_BUS ? SRB_STATUS_SUCCESS : SRB_STATUS_INVALID_REQUEST);
        ScsiPortNotification(NextRequest, ext);
        return TRUE;
    }
    if (Srb->Cdb[0] == SCSIOP_REQUEST_SENSE)
        P[PX_REQUEST_SENSE_SEEN]++;
    ProbeActiveRequest(ext, Srb);
    if (action == ACTION_LONG_STALL && P[PX_ACTION_ARG] > 0) {
        P[PX_ACTION_ARG]--;
        action = ACTION_NONE;
    } else if (action != ACTION_PARK) {
        P[PX_ACTION] = ACTION_NONE;
    }

    switch (action) {
    case ACTION_BUSY_ONCE:
        P[PX_BUSY_RETURNED]++;
        Complete(ext, Srb, SRB_STATUS_BUSY);
        ScsiPortNotification(NextRequest, ext);
        return TRUE;
    case ACTION_COMPLETE_TWICE:
        Srb->ScsiStatus = SCSISTAT_GOOD;
        Complete(ext, Srb, SRB_STATUS_SUCCESS);
        Complete(ext, Srb, SRB_STATUS_SUCCESS);
        ScsiPortNotification(NextRequest, ext);
        return TRUE;
    case ACTION_PARK:
        Park(ext, Srb);
        return TRUE;
    case ACTION_RESET_DETECTED:
        ScsiPortNotification(ResetDetected, ext);
        break;
    case ACTION_BUS_CHANGE:
        ScsiPortNotification(BusChangeDetected, ext, Srb->PathId);
        break;
    case ACTION_LONG_STALL:
        ext->InStartIo = TRUE;
        ScsiPortStallExecution(1000000);
        ScsiPortStallExecution(1000000);
        ext->InStartIo = FALSE;
        break;
    case ACTION_TIMER_IN_STARTIO:
        ext->InStartIo = TRUE;
        ScsiPortNotification(RequestTimerCall, ext, StartIoTimer, 100);
        ScsiPortStallExecution(200);
        ext->InStartIo = FALSE;
        break;
    default:
        break;
    }

    if (!Prepare(ext, Srb)) {
        ScsiPortNotification(NextRequest, ext);
        return TRUE;
    }
    if (action == ACTION_DISABLE_INTERRUPTS) {
        /* The doorbell rings from the routine that runs with the adapter's interrupt disabled. */
        ScsiPortNotification(CallDisableInterrupts, ext, DisabledRoutine);
    } else {
        RingDoorbell(ext);
    }
    AskForMore(ext, Srb);
    return TRUE;
}

static BOOLEAN DisabledRoutine(PVOID DeviceExtension)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;

    P[PX_DISABLED_ROUTINE_RAN]++;
    ext->InterruptsDisabled = TRUE;
    RingDoorbell(ext);                  /* completes at once: the line rises now */
    ScsiPortNotification(CallEnableInterrupts, ext, EnabledRoutine);
    return TRUE;
}

static BOOLEAN EnabledRoutine(PVOID DeviceExtension)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;

    P[PX_ENABLED_ROUTINE_RAN]++;
    ext->InterruptsDisabled = FALSE;
    return TRUE;
}

static BOOLEAN ProbeHwInterrupt(PVOID DeviceExtension)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;
    ULONG pending = Read(ext, PHBA_REG_INTERRUPT_STATUS) & PHBA_INTERRUPT_ALL;
    ULONG tail;

    if (pending == 0)
        return FALSE;
    P[PX_INTERRUPT_COUNT]++;
    if (ext->InterruptsDisabled)
        P[PX_INTERRUPT_WHILE_DISABLED]++;
    Write(ext, PHBA_REG_INTERRUPT_STATUS, pending);

    for (tail = Read(ext, PHBA_REG_COMPLETION_TAIL); tail != ext->CompletionHead;
         tail = Read(ext, PHBA_REG_COMPLETION_TAIL)) {
        while (ext->CompletionHead != tail) {
            PPHBA_COMPLETION_DESCRIPTOR completion = &ext->CompletionRing[ext->CompletionHead];
            PSCSI_REQUEST_BLOCK srb = completion->Tag < RING_ENTRIES ? ext->Tags[completion->Tag] : NULL;
            ext->CompletionHead = (ext->CompletionHead + 1) % RING_ENTRIES;
            if (srb == NULL)
                continue;
            ext->Tags[completion->Tag] = NULL;
            P[PX_OUTSTANDING]--;
            srb->ScsiStatus = completion->ScsiStatus;
            if (completion->HbaStatus == PHBA_HBA_STATUS_SELECTION_TIMEOUT) {
                Complete(ext, srb, SRB_STATUS_SELECTION_TIMEOUT);
            } else if (completion->HbaStatus != PHBA_HBA_STATUS_OK) {
                Complete(ext, srb, SRB_STATUS_ERROR);
            } else if (completion->ScsiStatus == SCSISTAT_GOOD) {
                srb->DataTransferLength -= completion->Residual;
                Complete(ext, srb, completion->Residual != 0 ? SRB_STATUS_DATA_OVERRUN : SRB_STATUS_SUCCESS);
            } else if (completion->ScsiStatus == SCSISTAT_CHECK_CONDITION &&
                       (completion->Flags & PHBA_COMPLETION_FLAG_SENSE_VALID) != 0) {
                srb->SenseInfoBufferLength = completion->SenseLength;
                Complete(ext, srb, SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID);
            } else {
                Complete(ext, srb, SRB_STATUS_ERROR);
            }
        }
        Write(ext, PHBA_REG_COMPLETION_HEAD, ext->CompletionHead);
    }
    return TRUE;
}

static BOOLEAN ProbeHwResetBus(PVOID DeviceExtension, ULONG PathId)
{
    PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceExtension;
    ULONG tag;

    P[PX_RESET_BUS_CALLS]++;
    if (ext->InStartIo)
        P[PX_RESET_BUS_NESTED]++;
    Write(ext, PHBA_REG_BUS_RESET, PathId);
    ScsiPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
    for (tag = 0; tag < RING_ENTRIES; tag++) {
        if (ext->Tags[tag] != NULL && ext->Tags[tag]->PathId == PathId) {
            ext->Tags[tag] = NULL;
            P[PX_OUTSTANDING]--;
        }
    }
    return TRUE;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath)
{
    HW_INITIALIZATION_DATA init;

    RtlZeroMemory(&init, sizeof(init));
    init.HwInitializationDataSize = sizeof(init);
    init.AdapterInterfaceType = PCIBus;
    init.HwFindAdapter = ProbeHwFindAdapter;
    init.HwInitialize = ProbeHwInitialize;
    init.HwStartIo = ProbeHwStartIo;
    init.HwInterrupt = ProbeHwInterrupt;
    init.HwResetBus = ProbeHwResetBus;
    init.DeviceExtensionSize = sizeof(PROBE_EXTENSION);
    init.SpecificLuExtensionSize = sizeof(PROBE_LU_EXTENSION);
    init.SrbExtensionSize = sizeof(PROBE_SRB_EXTENSION);
    init.NumberOfAccessRanges = 2;
    init.NeedPhysicalAddresses = TRUE;
#ifdef LEGACY_ADAPTER
    init.TaggedQueuing = FALSE;
    init.AutoRequestSense = FALSE;
    init.MultipleRequestPerLu = FALSE;
#else
    init.TaggedQueuing = TRUE;
    init.AutoRequestSense = TRUE;
    init.MultipleRequestPerLu = TRUE;
#endif
    init.VendorId = VendorId;
    init.VendorIdLength = 4;
    init.DeviceId = DeviceId;
    init.DeviceIdLength = 4;
    P[PX_LAYOUT_CHECK] = PX_COUNT;
    P[PX_INIT_STATUS] = ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
    return (ULONG)P[PX_INIT_STATUS];
}
