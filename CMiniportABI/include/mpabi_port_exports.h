/*
 * mpabi_port_exports.h - the routines scsiport.sys, storport.sys and hal.dll export to
 * miniports, as the SDK provides them (stub/scsiport_imports.c, stub/storport_imports.c and
 * stub/hal_imports.c define them), plus the C runtime routines ntoskrnl.exe exports that
 * compiled Windows code calls without naming them (memcpy for a structure copy, _vsnprintf
 * from ntstrsafe.h). The ntoskrnl.exe and hal.dll routines of the kernel model are listed in
 * mpabi_kernel_exports.h.
 *
 * One list per module, X(Name, Module), sorted by name. The lists are the SDK's export
 * tables: `miniport build --target windows` writes the import libraries of a .sys from them,
 * and the PE loader binds a .sys's imports against them. An import by ordinal names the
 * 1-based position of the routine in its module's list sorted by name (Windows' own ordinals
 * change between builds; images built by the SDK import by name).
 */
#ifndef MPABI_PORT_EXPORTS_H
#define MPABI_PORT_EXPORTS_H

#define MPABI_SCSIPORT_EXPORTS(X) \
    X(ScsiDebugPrint, scsiport) \
    X(ScsiPortCompleteRequest, scsiport) \
    X(ScsiPortConvertPhysicalAddressToUlong, scsiport) \
    X(ScsiPortConvertUlongToPhysicalAddress, scsiport) \
    X(ScsiPortFlushDma, scsiport) \
    X(ScsiPortFreeDeviceBase, scsiport) \
    X(ScsiPortGetBusData, scsiport) \
    X(ScsiPortGetDeviceBase, scsiport) \
    X(ScsiPortGetLogicalUnit, scsiport) \
    X(ScsiPortGetPhysicalAddress, scsiport) \
    X(ScsiPortGetSrb, scsiport) \
    X(ScsiPortGetUncachedExtension, scsiport) \
    X(ScsiPortGetVirtualAddress, scsiport) \
    X(ScsiPortInitialize, scsiport) \
    X(ScsiPortIoMapTransfer, scsiport) \
    X(ScsiPortLogError, scsiport) \
    X(ScsiPortMoveMemory, scsiport) \
    X(ScsiPortNotification, scsiport) \
    X(ScsiPortQuerySystemTime, scsiport) \
    X(ScsiPortReadPortBufferUchar, scsiport) \
    X(ScsiPortReadPortBufferUlong, scsiport) \
    X(ScsiPortReadPortBufferUshort, scsiport) \
    X(ScsiPortReadPortUchar, scsiport) \
    X(ScsiPortReadPortUlong, scsiport) \
    X(ScsiPortReadPortUshort, scsiport) \
    X(ScsiPortReadRegisterBufferUchar, scsiport) \
    X(ScsiPortReadRegisterBufferUlong, scsiport) \
    X(ScsiPortReadRegisterBufferUshort, scsiport) \
    X(ScsiPortReadRegisterUchar, scsiport) \
    X(ScsiPortReadRegisterUlong, scsiport) \
    X(ScsiPortReadRegisterUshort, scsiport) \
    X(ScsiPortSetBusDataByOffset, scsiport) \
    X(ScsiPortStallExecution, scsiport) \
    X(ScsiPortValidateRange, scsiport) \
    X(ScsiPortWritePortBufferUchar, scsiport) \
    X(ScsiPortWritePortBufferUlong, scsiport) \
    X(ScsiPortWritePortBufferUshort, scsiport) \
    X(ScsiPortWritePortUchar, scsiport) \
    X(ScsiPortWritePortUlong, scsiport) \
    X(ScsiPortWritePortUshort, scsiport) \
    X(ScsiPortWriteRegisterBufferUchar, scsiport) \
    X(ScsiPortWriteRegisterBufferUlong, scsiport) \
    X(ScsiPortWriteRegisterBufferUshort, scsiport) \
    X(ScsiPortWriteRegisterUchar, scsiport) \
    X(ScsiPortWriteRegisterUlong, scsiport) \
    X(ScsiPortWriteRegisterUshort, scsiport)

#define MPABI_STORPORT_EXPORTS(X) \
    X(StorPortAllocateRegistryBuffer, storport) \
    X(StorPortBusy, storport) \
    X(StorPortCompleteRequest, storport) \
    X(StorPortConvertUlongToPhysicalAddress, storport) \
    X(StorPortDebugPrint, storport) \
    X(StorPortDeviceBusy, storport) \
    X(StorPortDeviceReady, storport) \
    X(StorPortExtendedFunction, storport) \
    X(StorPortFreeDeviceBase, storport) \
    X(StorPortFreeRegistryBuffer, storport) \
    X(StorPortGetBusData, storport) \
    X(StorPortGetDeviceBase, storport) \
    X(StorPortGetLogicalUnit, storport) \
    X(StorPortGetPhysicalAddress, storport) \
    X(StorPortGetScatterGatherList, storport) \
    X(StorPortGetSrb, storport) \
    X(StorPortGetUncachedExtension, storport) \
    X(StorPortGetVirtualAddress, storport) \
    X(StorPortInitialize, storport) \
    X(StorPortLogError, storport) \
    X(StorPortMoveMemory, storport) \
    X(StorPortNotification, storport) \
    X(StorPortPause, storport) \
    X(StorPortPauseDevice, storport) \
    X(StorPortQuerySystemTime, storport) \
    X(StorPortReadPortBufferUchar, storport) \
    X(StorPortReadPortBufferUlong, storport) \
    X(StorPortReadPortBufferUshort, storport) \
    X(StorPortReadPortUchar, storport) \
    X(StorPortReadPortUlong, storport) \
    X(StorPortReadPortUshort, storport) \
    X(StorPortReadRegisterBufferUchar, storport) \
    X(StorPortReadRegisterBufferUlong, storport) \
    X(StorPortReadRegisterBufferUlong64, storport) \
    X(StorPortReadRegisterBufferUshort, storport) \
    X(StorPortReadRegisterUchar, storport) \
    X(StorPortReadRegisterUlong, storport) \
    X(StorPortReadRegisterUlong64, storport) \
    X(StorPortReadRegisterUshort, storport) \
    X(StorPortReady, storport) \
    X(StorPortRegistryRead, storport) \
    X(StorPortRegistryWrite, storport) \
    X(StorPortResume, storport) \
    X(StorPortResumeDevice, storport) \
    X(StorPortSetBusDataByOffset, storport) \
    X(StorPortSetDeviceQueueDepth, storport) \
    X(StorPortStallExecution, storport) \
    X(StorPortSynchronizeAccess, storport) \
    X(StorPortValidateRange, storport) \
    X(StorPortWritePortBufferUchar, storport) \
    X(StorPortWritePortBufferUlong, storport) \
    X(StorPortWritePortBufferUshort, storport) \
    X(StorPortWritePortUchar, storport) \
    X(StorPortWritePortUlong, storport) \
    X(StorPortWritePortUshort, storport) \
    X(StorPortWriteRegisterBufferUchar, storport) \
    X(StorPortWriteRegisterBufferUlong, storport) \
    X(StorPortWriteRegisterBufferUlong64, storport) \
    X(StorPortWriteRegisterBufferUshort, storport) \
    X(StorPortWriteRegisterUchar, storport) \
    X(StorPortWriteRegisterUlong, storport) \
    X(StorPortWriteRegisterUlong64, storport) \
    X(StorPortWriteRegisterUshort, storport)

/* The port and register routines of hal.dll (the kernel model's hal.dll routines are in
 * mpabi_kernel_exports.h). */
#define MPABI_HAL_EXPORTS(X) \
    X(READ_PORT_BUFFER_UCHAR, hal) \
    X(READ_PORT_BUFFER_ULONG, hal) \
    X(READ_PORT_BUFFER_USHORT, hal) \
    X(READ_PORT_UCHAR, hal) \
    X(READ_PORT_ULONG, hal) \
    X(READ_PORT_USHORT, hal) \
    X(READ_REGISTER_BUFFER_UCHAR, hal) \
    X(READ_REGISTER_BUFFER_ULONG, hal) \
    X(READ_REGISTER_BUFFER_USHORT, hal) \
    X(READ_REGISTER_UCHAR, hal) \
    X(READ_REGISTER_ULONG, hal) \
    X(READ_REGISTER_USHORT, hal) \
    X(WRITE_PORT_BUFFER_UCHAR, hal) \
    X(WRITE_PORT_BUFFER_ULONG, hal) \
    X(WRITE_PORT_BUFFER_USHORT, hal) \
    X(WRITE_PORT_UCHAR, hal) \
    X(WRITE_PORT_ULONG, hal) \
    X(WRITE_PORT_USHORT, hal) \
    X(WRITE_REGISTER_BUFFER_UCHAR, hal) \
    X(WRITE_REGISTER_BUFFER_ULONG, hal) \
    X(WRITE_REGISTER_BUFFER_USHORT, hal) \
    X(WRITE_REGISTER_UCHAR, hal) \
    X(WRITE_REGISTER_ULONG, hal) \
    X(WRITE_REGISTER_USHORT, hal)

/* C runtime routines of ntoskrnl.exe: compilers emit calls to the mem* ones for structure
 * copies and clears; ntstrsafe.h formats with _vsnprintf / _vsnwprintf. */
#define MPABI_CRT_EXPORTS(X) \
    X(_snprintf, ntoskrnl) \
    X(_vsnprintf, ntoskrnl) \
    X(memchr, ntoskrnl) \
    X(memcmp, ntoskrnl) \
    X(memcpy, ntoskrnl) \
    X(memmove, ntoskrnl) \
    X(memset, ntoskrnl) \
    X(strcat, ntoskrnl) \
    X(strchr, ntoskrnl) \
    X(strcmp, ntoskrnl) \
    X(strcpy, ntoskrnl) \
    X(strlen, ntoskrnl) \
    X(strncmp, ntoskrnl) \
    X(strncpy, ntoskrnl) \
    X(strnlen, ntoskrnl) \
    X(wcslen, ntoskrnl)

#endif /* MPABI_PORT_EXPORTS_H */
