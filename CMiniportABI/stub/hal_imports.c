/*
 * hal_imports.c - the HAL register and port accessors of the import stub.
 *
 * WDK x64 code reaches registers through READ_REGISTER_ULONG and friends (srb.h and
 * storport.h map their own accessor names onto them on Windows). Here they forward to the
 * SCSI Port accessor slots, which the port routes to the emulated device.
 */
#pragma GCC visibility push(hidden)
#include "mpabi_hal.h"
#include "mpabi_stub.h"

UCHAR READ_REGISTER_UCHAR(volatile UCHAR *Register)
{
    MPABI_FORWARD_RET(ScsiPort, ReadRegisterUchar, 0xFF, (PUCHAR)Register);
}
USHORT READ_REGISTER_USHORT(volatile USHORT *Register)
{
    MPABI_FORWARD_RET(ScsiPort, ReadRegisterUshort, 0xFFFF, (PUSHORT)Register);
}
ULONG READ_REGISTER_ULONG(volatile ULONG *Register)
{
    MPABI_FORWARD_RET(ScsiPort, ReadRegisterUlong, 0xFFFFFFFFU, (PULONG)Register);
}
VOID READ_REGISTER_BUFFER_UCHAR(volatile UCHAR *Register, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadRegisterBufferUchar, (PUCHAR)Register, Buffer, Count);
}
VOID READ_REGISTER_BUFFER_USHORT(volatile USHORT *Register, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadRegisterBufferUshort, (PUSHORT)Register, Buffer, Count);
}
VOID READ_REGISTER_BUFFER_ULONG(volatile ULONG *Register, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadRegisterBufferUlong, (PULONG)Register, Buffer, Count);
}
VOID WRITE_REGISTER_UCHAR(volatile UCHAR *Register, UCHAR Value)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterUchar, (PUCHAR)Register, Value);
}
VOID WRITE_REGISTER_USHORT(volatile USHORT *Register, USHORT Value)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterUshort, (PUSHORT)Register, Value);
}
VOID WRITE_REGISTER_ULONG(volatile ULONG *Register, ULONG Value)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterUlong, (PULONG)Register, Value);
}
VOID WRITE_REGISTER_BUFFER_UCHAR(volatile UCHAR *Register, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterBufferUchar, (PUCHAR)Register, Buffer, Count);
}
VOID WRITE_REGISTER_BUFFER_USHORT(volatile USHORT *Register, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterBufferUshort, (PUSHORT)Register, Buffer, Count);
}
VOID WRITE_REGISTER_BUFFER_ULONG(volatile ULONG *Register, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WriteRegisterBufferUlong, (PULONG)Register, Buffer, Count);
}

UCHAR READ_PORT_UCHAR(PUCHAR Port) { MPABI_FORWARD_RET(ScsiPort, ReadPortUchar, 0xFF, Port); }
USHORT READ_PORT_USHORT(PUSHORT Port) { MPABI_FORWARD_RET(ScsiPort, ReadPortUshort, 0xFFFF, Port); }
ULONG READ_PORT_ULONG(PULONG Port) { MPABI_FORWARD_RET(ScsiPort, ReadPortUlong, 0xFFFFFFFFU, Port); }
VOID READ_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadPortBufferUchar, Port, Buffer, Count);
}
VOID READ_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadPortBufferUshort, Port, Buffer, Count);
}
VOID READ_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, ReadPortBufferUlong, Port, Buffer, Count);
}
VOID WRITE_PORT_UCHAR(PUCHAR Port, UCHAR Value) { MPABI_FORWARD_VOID(ScsiPort, WritePortUchar, Port, Value); }
VOID WRITE_PORT_USHORT(PUSHORT Port, USHORT Value) { MPABI_FORWARD_VOID(ScsiPort, WritePortUshort, Port, Value); }
VOID WRITE_PORT_ULONG(PULONG Port, ULONG Value) { MPABI_FORWARD_VOID(ScsiPort, WritePortUlong, Port, Value); }
VOID WRITE_PORT_BUFFER_UCHAR(PUCHAR Port, PUCHAR Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WritePortBufferUchar, Port, Buffer, Count);
}
VOID WRITE_PORT_BUFFER_USHORT(PUSHORT Port, PUSHORT Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WritePortBufferUshort, Port, Buffer, Count);
}
VOID WRITE_PORT_BUFFER_ULONG(PULONG Port, PULONG Buffer, ULONG Count)
{
    MPABI_FORWARD_VOID(ScsiPort, WritePortBufferUlong, Port, Buffer, Count);
}

#if defined(MPABI_MS_ABI_BRIDGE)
/* The bridge's table of these routines (bridge_exports.c). */
#include "mpabi_port_exports.h"
MPABI_HAL_EXPORTS(MPABI_MS_CHECK)
__attribute__((visibility("hidden"))) const MPABI_BRIDGE_EXPORT MpAbiBridgeHalExports[] = {
    MPABI_HAL_EXPORTS(MPABI_BRIDGE_ROW)
    {NULL, NULL, NULL},
};
#endif
