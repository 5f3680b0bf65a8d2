/* The fault trap's text: bounded string building without library calls (signal-safe). */
#ifndef MPABI_TRAP_TEXT_H
#define MPABI_TRAP_TEXT_H

#include <stddef.h>
#include "mpabi_trap.h"

/* A NUL-terminated string being built in a fixed buffer; what does not fit is dropped. */
typedef struct {
    char *Buffer;
    size_t Capacity;   /* bytes of Buffer, the NUL included */
    size_t Used;       /* characters written, without the NUL */
} MPABI_TRAP_TEXT;

void MpAbiTrapTextStart(MPABI_TRAP_TEXT *text, char *buffer, size_t capacity);
void MpAbiTrapTextAppend(MPABI_TRAP_TEXT *text, const char *string);
/* "0x" and lower-case hexadecimal digits, no leading zeros. */
void MpAbiTrapTextHex(MPABI_TRAP_TEXT *text, unsigned long long value);
/* Two hexadecimal digits. */
void MpAbiTrapTextByte(MPABI_TRAP_TEXT *text, unsigned value);

/* Decoded->Text for a decoded instruction (Name: its mnemonic where the op has several). */
void MpAbiTrapFormat(MPABI_TRAP_DECODED *decoded, const char *name);
/* Decoded->Text for bytes that are not a decoded instruction: "(bad) ..", "(truncated) ..",
 * "(unsupported) .." with the bytes. */
void MpAbiTrapFormatUndecoded(MPABI_TRAP_DECODED *decoded, const unsigned char *bytes, size_t count);

#endif /* MPABI_TRAP_TEXT_H */
