/*
 * ms_crt.c - the C runtime routines ntoskrnl.exe exports (MPABI_CRT_EXPORTS in
 * mpabi_port_exports.h), as Microsoft x64 entry points for a .sys image's imports
 * (ms_format.h declares them).
 *
 * Bridge only: empty unless MPABI_MS_ABI_BRIDGE is defined, like ms_format.c.
 *
 * The byte routines have the same meaning on both sides and forward to glibc; a zero count
 * touches no pointer, so Windows code may pass NULL with it. The Windows differences are the
 * calling convention, WCHAR (16 bits, where Linux's wchar_t has 32) and _snprintf /
 * _vsnprintf, which format Microsoft's language from a Microsoft argument list.
 */
#include "ms_format.h"

#if defined(__x86_64__) && defined(MPABI_MS_ABI_BRIDGE)

#include <string.h>

MPABI_MS_ABI void *MpAbiMs_memcpy(void *Destination, const void *Source, size_t Count)
{
    if (Count == 0)
        return Destination;
    return memmove(Destination, Source, Count);
}

MPABI_MS_ABI void *MpAbiMs_memmove(void *Destination, const void *Source, size_t Count)
{
    if (Count == 0)
        return Destination;
    return memmove(Destination, Source, Count);
}

MPABI_MS_ABI void *MpAbiMs_memset(void *Destination, int Value, size_t Count)
{
    if (Count == 0)
        return Destination;
    return memset(Destination, Value, Count);
}

MPABI_MS_ABI int MpAbiMs_memcmp(const void *Left, const void *Right, size_t Count)
{
    if (Count == 0)
        return 0;
    return memcmp(Left, Right, Count);
}

MPABI_MS_ABI void *MpAbiMs_memchr(const void *Buffer, int Value, size_t Count)
{
    if (Count == 0)
        return NULL;
    return memchr(Buffer, Value, Count);
}

MPABI_MS_ABI size_t MpAbiMs_strlen(const char *String)
{
    return strlen(String);
}

MPABI_MS_ABI size_t MpAbiMs_strnlen(const char *String, size_t MaxCount)
{
    /* strnlen is POSIX, not C11: a bounded scan of our own. */
    if (MaxCount == 0)
        return 0;
    const char *end = memchr(String, 0, MaxCount);
    return end != NULL ? (size_t)(end - String) : MaxCount;
}

MPABI_MS_ABI int MpAbiMs_strcmp(const char *Left, const char *Right)
{
    return strcmp(Left, Right);
}

MPABI_MS_ABI int MpAbiMs_strncmp(const char *Left, const char *Right, size_t Count)
{
    return strncmp(Left, Right, Count);
}

MPABI_MS_ABI char *MpAbiMs_strcpy(char *Destination, const char *Source)
{
    return strcpy(Destination, Source);
}

MPABI_MS_ABI char *MpAbiMs_strncpy(char *Destination, const char *Source, size_t Count)
{
    return strncpy(Destination, Source, Count);
}

MPABI_MS_ABI char *MpAbiMs_strcat(char *Destination, const char *Source)
{
    return strcat(Destination, Source);
}

MPABI_MS_ABI char *MpAbiMs_strchr(const char *String, int Character)
{
    return strchr(String, Character);
}

MPABI_MS_ABI size_t MpAbiMs_wcslen(const uint16_t *String)
{
    size_t length = 0;
    for (;;) {
        uint16_t unit;
        memcpy(&unit, (const unsigned char *)String + length * 2, sizeof unit);
        if (unit == 0)
            return length;
        length++;
    }
}

MPABI_MS_ABI int MpAbiMs__vsnprintf(char *Buffer, size_t Count, const char *Format, __builtin_ms_va_list Arguments)
{
    return MpAbiMsVsnprintf(Buffer, Count, Format, Arguments);
}

MPABI_MS_ABI int MpAbiMs__snprintf(char *Buffer, size_t Count, const char *Format, ...)
{
    __builtin_ms_va_list arguments;
    __builtin_ms_va_start(arguments, Format);
    int length = MpAbiMsVsnprintf(Buffer, Count, Format, arguments);
    __builtin_ms_va_end(arguments);
    return length;
}

#else

/* Not the bridge: nothing (ISO C wants a declaration in every translation unit). */
typedef int MpAbiMsCrtNotCompiled;

#endif /* __x86_64__ && MPABI_MS_ABI_BRIDGE */
