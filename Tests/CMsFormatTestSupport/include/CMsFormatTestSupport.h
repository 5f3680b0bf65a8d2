/*
 * CMsFormatTestSupport.h - C callers for the tests of ms_format.c and ms_crt.c.
 *
 * Swift cannot call variadic or ms_abi functions, so every call a Windows image would make is
 * made here, in C, with the Microsoft x64 convention: the MsTestSnprintf* functions call the
 * ms_abi variadic MpAbiMs__snprintf (or an ms_abi variadic wrapper of MpAbiMsFormat /
 * MpAbiMs__vsnprintf) with arguments of the C types their names give, and the *Slots functions
 * hand the formatter an argument list built by hand: consecutive 8-byte slots, as the
 * Microsoft va_list points to, so a test chooses every bit of every slot.
 */
#ifndef CMS_FORMAT_TEST_SUPPORT_H
#define CMS_FORMAT_TEST_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

/** ANSI_STRING / UNICODE_STRING as Windows x64 lays them out: Buffer at offset 8, 16 bytes. */
typedef struct {
    uint16_t Length;
    uint16_t MaximumLength;
    const void *Buffer;
} MsTestCountedString;

/** MpAbiMsVsnprintf over the argument list `Slots` (8 bytes each). */
int MsTestVsnprintfSlots(char *Buffer, size_t Count, const char *Format, const uint64_t *Slots);
/** MpAbiMsFormat over the argument list `Slots` (8 bytes each). */
int MsTestFormatSlots(char *Buffer, size_t Count, const char *Format, const uint64_t *Slots);

/** MpAbiMs__snprintf called with one 32-bit int. */
int MsTestSnprintfInt(char *Buffer, size_t Count, const char *Format, int32_t Value);
/** MpAbiMs__snprintf called with one 64-bit integer. */
int MsTestSnprintfU64(char *Buffer, size_t Count, const char *Format, uint64_t Value);
/** MpAbiMs__snprintf called with one double (passed in a register: XMM3 and R9). */
int MsTestSnprintfDouble(char *Buffer, size_t Count, const char *Format, double Value);
/** MpAbiMs__snprintf called with one pointer. */
int MsTestSnprintfPointer(char *Buffer, size_t Count, const char *Format, const void *Value);
/** MpAbiMs__snprintf called with four 64-bit integers (the last three on the stack). */
int MsTestSnprintf4(char *Buffer, size_t Count, const char *Format, uint64_t A, uint64_t B, uint64_t C, uint64_t D);
/** MpAbiMs__snprintf called with an int, a double (on the stack), a string and an int. */
int MsTestSnprintfMixed(char *Buffer, size_t Count, const char *Format, int32_t Width, double Value,
                        const char *String, int32_t Integer);
/** MpAbiMs__vsnprintf called from an ms_abi variadic wrapper with two 64-bit integers. */
int MsTestVsnprintf2(char *Buffer, size_t Count, const char *Format, uint64_t A, uint64_t B);
/** MpAbiMsFormat called from an ms_abi variadic wrapper with two 64-bit integers. */
int MsTestFormat2(char *Buffer, size_t Count, const char *Format, uint64_t A, uint64_t B);

/* The C runtime entry points, each called with the Microsoft convention. */
void *MsTestMemcpy(void *Destination, const void *Source, size_t Count);
void *MsTestMemmove(void *Destination, const void *Source, size_t Count);
void *MsTestMemset(void *Destination, int Value, size_t Count);
int MsTestMemcmp(const void *Left, const void *Right, size_t Count);
void *MsTestMemchr(const void *Buffer, int Value, size_t Count);
size_t MsTestStrlen(const char *String);
size_t MsTestStrnlen(const char *String, size_t MaxCount);
int MsTestStrcmp(const char *Left, const char *Right);
int MsTestStrncmp(const char *Left, const char *Right, size_t Count);
char *MsTestStrcpy(char *Destination, const char *Source);
char *MsTestStrncpy(char *Destination, const char *Source, size_t Count);
char *MsTestStrcat(char *Destination, const char *Source);
char *MsTestStrchr(const char *String, int Character);
size_t MsTestWcslen(const uint16_t *String);

/* Routines looked up in a built Windows-image bridge, called with the Microsoft convention. */
/** Calls `Routine` as `_snprintf` with one 64-bit argument. */
int MsTestCallSnprintf(const void *Routine, char *Buffer, size_t Count, const char *Format, uint64_t Value);
/** Calls `Routine` as `_vsnprintf` (through an ms_abi variadic wrapper) with two 64-bit arguments. */
int MsTestCallVsnprintf(const void *Routine, char *Buffer, size_t Count, const char *Format, uint64_t A, uint64_t B);
/** Calls `Routine` as `memcpy`. */
void *MsTestCallMemcpy(const void *Routine, void *Destination, const void *Source, size_t Count);
/** Calls `Routine` as `wcslen`. */
size_t MsTestCallWcslen(const void *Routine, const uint16_t *String);

#endif /* CMS_FORMAT_TEST_SUPPORT_H */
