/*
 * mpabi_hal.h - the HAL register and port accessors (READ_REGISTER_ULONG and friends).
 *
 * On Windows x64 the WDK maps ScsiPortReadRegisterUlong and its siblings onto these HAL
 * routines, and many miniports call them directly. Here they are real functions defined by
 * the per-image import stub and forwarded to the port, which routes each access to the
 * emulated device behind the mapped range (there is no real I/O space in user space).
 */
#ifndef MPABI_HAL_H
#define MPABI_HAL_H

#include "mpabi_types.h"

MPABI_EXTERN_C_BEGIN

#if !defined(MPABI_HOST_VIEW)

#ifndef NTHALAPI
#define NTHALAPI
#endif

NTHALAPI UCHAR READ_REGISTER_UCHAR(_In_ volatile UCHAR *Register);
NTHALAPI USHORT READ_REGISTER_USHORT(_In_ volatile USHORT *Register);
NTHALAPI ULONG READ_REGISTER_ULONG(_In_ volatile ULONG *Register);
NTHALAPI VOID READ_REGISTER_BUFFER_UCHAR(_In_ volatile UCHAR *Register, _Out_ PUCHAR Buffer, _In_ ULONG Count);
NTHALAPI VOID READ_REGISTER_BUFFER_USHORT(_In_ volatile USHORT *Register, _Out_ PUSHORT Buffer, _In_ ULONG Count);
NTHALAPI VOID READ_REGISTER_BUFFER_ULONG(_In_ volatile ULONG *Register, _Out_ PULONG Buffer, _In_ ULONG Count);
NTHALAPI VOID WRITE_REGISTER_UCHAR(_In_ volatile UCHAR *Register, _In_ UCHAR Value);
NTHALAPI VOID WRITE_REGISTER_USHORT(_In_ volatile USHORT *Register, _In_ USHORT Value);
NTHALAPI VOID WRITE_REGISTER_ULONG(_In_ volatile ULONG *Register, _In_ ULONG Value);
NTHALAPI VOID WRITE_REGISTER_BUFFER_UCHAR(_In_ volatile UCHAR *Register, _In_ PUCHAR Buffer, _In_ ULONG Count);
NTHALAPI VOID WRITE_REGISTER_BUFFER_USHORT(_In_ volatile USHORT *Register, _In_ PUSHORT Buffer, _In_ ULONG Count);
NTHALAPI VOID WRITE_REGISTER_BUFFER_ULONG(_In_ volatile ULONG *Register, _In_ PULONG Buffer, _In_ ULONG Count);

NTHALAPI UCHAR READ_PORT_UCHAR(_In_ PUCHAR Port);
NTHALAPI USHORT READ_PORT_USHORT(_In_ PUSHORT Port);
NTHALAPI ULONG READ_PORT_ULONG(_In_ PULONG Port);
NTHALAPI VOID READ_PORT_BUFFER_UCHAR(_In_ PUCHAR Port, _Out_ PUCHAR Buffer, _In_ ULONG Count);
NTHALAPI VOID READ_PORT_BUFFER_USHORT(_In_ PUSHORT Port, _Out_ PUSHORT Buffer, _In_ ULONG Count);
NTHALAPI VOID READ_PORT_BUFFER_ULONG(_In_ PULONG Port, _Out_ PULONG Buffer, _In_ ULONG Count);
NTHALAPI VOID WRITE_PORT_UCHAR(_In_ PUCHAR Port, _In_ UCHAR Value);
NTHALAPI VOID WRITE_PORT_USHORT(_In_ PUSHORT Port, _In_ USHORT Value);
NTHALAPI VOID WRITE_PORT_ULONG(_In_ PULONG Port, _In_ ULONG Value);
NTHALAPI VOID WRITE_PORT_BUFFER_UCHAR(_In_ PUCHAR Port, _In_ PUCHAR Buffer, _In_ ULONG Count);
NTHALAPI VOID WRITE_PORT_BUFFER_USHORT(_In_ PUSHORT Port, _In_ PUSHORT Buffer, _In_ ULONG Count);
NTHALAPI VOID WRITE_PORT_BUFFER_ULONG(_In_ PULONG Port, _In_ PULONG Buffer, _In_ ULONG Count);

#endif /* !MPABI_HOST_VIEW */

MPABI_EXTERN_C_END

#endif /* MPABI_HAL_H */
