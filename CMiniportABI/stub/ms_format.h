/*
 * ms_format.h - Windows printf-style formatting from a Microsoft x64 argument list, and the
 * C runtime routines of ntoskrnl.exe, for the bridge that binds the imports of a Windows
 * x64 .sys image (PE32+) on Linux x86-64.
 *
 * Windows code calls DbgPrint, _vsnprintf and the like with the Microsoft x64 convention:
 * its argument list (__builtin_ms_va_list) is a pointer to consecutive 8-byte slots, one per
 * argument (integers and pointers in the low bytes, doubles as their bit pattern, structures
 * larger than 8 bytes by reference). glibc's vsnprintf cannot read such a list, and the
 * format language is Microsoft's: `long` is 32 bits (%ld, %lx take 32-bit values), %I64d,
 * %I32x and %Iu (pointer-sized) are size prefixes, %S / %ls / %ws print 16-bit WCHAR strings,
 * %Z prints an ANSI_STRING and %wZ a UNICODE_STRING, %p prints 16 upper-case hex digits.
 * ms_format.c implements that language; ms_crt.c the C runtime entry points.
 *
 * Both files belong to the Windows-image bridge, the stub directory compiled with
 * MPABI_MS_ABI_BRIDGE (stub/bridge_exports.c, mpabi_stub.h's MPABI_VSNPRINTF): compiled
 * without it, as into an ELF miniport, they are empty.
 *
 * The conversions, sizes and limits (every read of the formatter is bounded):
 *   %d %i %u %o %x %X   32-bit by default; size prefixes hh (8), h (16), l (32, as Windows'
 *                        long), I32 (32), ll, I64, I, z, t, j, L (64). Only the low bits of
 *                        a slot are read, so garbage in a slot's upper half is ignored.
 *   %c %hc / %C %lc %wc  a char / a WCHAR (the low 16 bits of the slot).
 *   %s %hs / %S %ls %ws  a NUL-terminated char* / WCHAR* string; NULL prints "(null)".
 *   %Z %hZ / %wZ %lZ     an ANSI_STRING* / UNICODE_STRING* (USHORT Length in bytes, USHORT
 *                        MaximumLength, Buffer at offset 8); at most Length bytes (Length / 2
 *                        units, an odd Length rounds down) are read, MaximumLength is not
 *                        used, output stops at an embedded NUL; a NULL structure or Buffer
 *                        prints "(null)".
 *   %p                   the slot as 16 upper-case hex digits, no prefix (Windows x64).
 *   %e %E %f %F %g %G %a %A   a double (glibc's rendering: two-digit exponents, as the
 *                        Universal CRT; the legacy msvcrt printed three).
 *   %n                   refused: its pointer slot is consumed and nothing is written.
 *   %%                   a percent sign.
 * Flags - + space # 0, a width and a precision (decimal or *, a negative * width left-justifies,
 * a negative * precision is ignored) apply as in C; widths and precisions are capped at
 * MPABI_MS_FORMAT_FIELD_MAX. A WCHAR text is written as UTF-8 (a lone surrogate becomes '?');
 * a precision on a string counts output bytes and never splits a UTF-8 sequence. A string is
 * read at most up to the room left in the buffer (plus one character, to tell truncation). An
 * unknown or incomplete conversion is copied to the output as written, consuming no argument.
 */
#ifndef MPABI_MS_FORMAT_H
#define MPABI_MS_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#if defined(__x86_64__)

#ifdef __cplusplus
extern "C" {
#endif

/** The Microsoft x64 calling convention, for the entry points Windows code calls (as
 * mpabi_types.h defines it for the bridge). */
#ifndef MPABI_MS_ABI
#define MPABI_MS_ABI __attribute__((ms_abi))
#endif

/** The largest width or precision the formatter honours; larger ones are capped to it. */
#define MPABI_MS_FORMAT_FIELD_MAX 4096

/** The largest text MpAbiMsVsnprintf measures when called with a NULL Buffer and Count 0. */
#define MPABI_MS_FORMAT_MEASURE_MAX 65536

/**
 * Formats like Windows' _vsnprintf: writes at most Count bytes to Buffer and returns the
 * number written. A terminating NUL is written only when the text is shorter than Count; a
 * text of exactly Count bytes returns Count unterminated; a longer text fills Buffer and
 * returns -1 (no terminator, as on Windows). Buffer NULL with Count 0 returns the length the
 * text needs (-1 beyond MPABI_MS_FORMAT_MEASURE_MAX); a NULL Format or a NULL Buffer with a
 * non-zero Count returns -1.
 */
int MpAbiMsVsnprintf(char *Buffer, size_t Count, const char *Format, __builtin_ms_va_list Arguments);

/**
 * Formats for the debug-print entry points: always terminates Buffer (when Count > 0) and
 * truncates. Returns the length of the text when it fitted (less than Count); when it did
 * not, formatting stops at the first piece that did not fit (nothing past the printed text is
 * read) and the value returned is at least Count: the length up to and including that piece,
 * a lower bound of the full length. A NULL Format leaves an empty string and returns -1.
 */
int MpAbiMsFormat(char *Buffer, size_t Count, const char *Format, __builtin_ms_va_list Arguments);

/* ===== The C runtime routines of ntoskrnl.exe (MPABI_CRT_EXPORTS in mpabi_port_exports.h),
 * with the Microsoft x64 convention, for a .sys image's imports. WCHAR is 16 bits. ===== */

/** memcpy; copies with memmove semantics, so an overlapping copy does not corrupt. */
MPABI_MS_ABI void *MpAbiMs_memcpy(void *Destination, const void *Source, size_t Count);
/** memmove. */
MPABI_MS_ABI void *MpAbiMs_memmove(void *Destination, const void *Source, size_t Count);
/** memset. */
MPABI_MS_ABI void *MpAbiMs_memset(void *Destination, int Value, size_t Count);
/** memcmp. */
MPABI_MS_ABI int MpAbiMs_memcmp(const void *Left, const void *Right, size_t Count);
/** memchr. */
MPABI_MS_ABI void *MpAbiMs_memchr(const void *Buffer, int Value, size_t Count);
/** strlen. */
MPABI_MS_ABI size_t MpAbiMs_strlen(const char *String);
/** strnlen. */
MPABI_MS_ABI size_t MpAbiMs_strnlen(const char *String, size_t MaxCount);
/** strcmp. */
MPABI_MS_ABI int MpAbiMs_strcmp(const char *Left, const char *Right);
/** strncmp. */
MPABI_MS_ABI int MpAbiMs_strncmp(const char *Left, const char *Right, size_t Count);
/** strcpy. */
MPABI_MS_ABI char *MpAbiMs_strcpy(char *Destination, const char *Source);
/** strncpy (pads with NULs up to Count, does not terminate a longer source). */
MPABI_MS_ABI char *MpAbiMs_strncpy(char *Destination, const char *Source, size_t Count);
/** strcat. */
MPABI_MS_ABI char *MpAbiMs_strcat(char *Destination, const char *Source);
/** strchr. */
MPABI_MS_ABI char *MpAbiMs_strchr(const char *String, int Character);
/** wcslen of a 16-bit WCHAR string (Linux's wchar_t is 32 bits, so not libc's wcslen). */
MPABI_MS_ABI size_t MpAbiMs_wcslen(const uint16_t *String);
/** _vsnprintf: MpAbiMsVsnprintf with the Microsoft convention. */
MPABI_MS_ABI int MpAbiMs__vsnprintf(char *Buffer, size_t Count, const char *Format, __builtin_ms_va_list Arguments);
/** _snprintf: the variadic form of MpAbiMs__vsnprintf. */
MPABI_MS_ABI int MpAbiMs__snprintf(char *Buffer, size_t Count, const char *Format, ...);

#ifdef __cplusplus
}
#endif

#endif /* __x86_64__ */

#endif /* MPABI_MS_FORMAT_H */
