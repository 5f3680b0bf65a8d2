/*
 * ms_format_test_support.c - ms_format.c and ms_crt.c compiled as the bridge compiles them
 * (MPABI_MS_ABI_BRIDGE), and the C callers of CMsFormatTestSupport.h.
 */
#include "../../CMiniportABI/stub/ms_format.c"
#include "../../CMiniportABI/stub/ms_crt.c"

#include "CMsFormatTestSupport.h"

int MsTestVsnprintfSlots(char *Buffer, size_t Count, const char *Format, const uint64_t *Slots)
{
    /* A Microsoft va_list is a pointer to the first 8-byte slot. */
    __builtin_ms_va_list arguments = (__builtin_ms_va_list)(uintptr_t)Slots;
    return MpAbiMsVsnprintf(Buffer, Count, Format, arguments);
}

int MsTestFormatSlots(char *Buffer, size_t Count, const char *Format, const uint64_t *Slots)
{
    __builtin_ms_va_list arguments = (__builtin_ms_va_list)(uintptr_t)Slots;
    return MpAbiMsFormat(Buffer, Count, Format, arguments);
}

int MsTestSnprintfInt(char *Buffer, size_t Count, const char *Format, int32_t Value)
{
    return MpAbiMs__snprintf(Buffer, Count, Format, Value);
}

int MsTestSnprintfU64(char *Buffer, size_t Count, const char *Format, uint64_t Value)
{
    return MpAbiMs__snprintf(Buffer, Count, Format, Value);
}

int MsTestSnprintfDouble(char *Buffer, size_t Count, const char *Format, double Value)
{
    return MpAbiMs__snprintf(Buffer, Count, Format, Value);
}

int MsTestSnprintfPointer(char *Buffer, size_t Count, const char *Format, const void *Value)
{
    return MpAbiMs__snprintf(Buffer, Count, Format, Value);
}

int MsTestSnprintf4(char *Buffer, size_t Count, const char *Format, uint64_t A, uint64_t B, uint64_t C, uint64_t D)
{
    return MpAbiMs__snprintf(Buffer, Count, Format, A, B, C, D);
}

int MsTestSnprintfMixed(char *Buffer, size_t Count, const char *Format, int32_t Width, double Value,
                        const char *String, int32_t Integer)
{
    return MpAbiMs__snprintf(Buffer, Count, Format, Width, Value, String, Integer);
}

MPABI_MS_ABI static int MsTestVsnprintfVariadic(char *Buffer, size_t Count, const char *Format, ...)
{
    __builtin_ms_va_list arguments;
    __builtin_ms_va_start(arguments, Format);
    int length = MpAbiMs__vsnprintf(Buffer, Count, Format, arguments);
    __builtin_ms_va_end(arguments);
    return length;
}

int MsTestVsnprintf2(char *Buffer, size_t Count, const char *Format, uint64_t A, uint64_t B)
{
    return MsTestVsnprintfVariadic(Buffer, Count, Format, A, B);
}

MPABI_MS_ABI static int MsTestFormatVariadic(char *Buffer, size_t Count, const char *Format, ...)
{
    __builtin_ms_va_list arguments;
    __builtin_ms_va_start(arguments, Format);
    int length = MpAbiMsFormat(Buffer, Count, Format, arguments);
    __builtin_ms_va_end(arguments);
    return length;
}

int MsTestFormat2(char *Buffer, size_t Count, const char *Format, uint64_t A, uint64_t B)
{
    return MsTestFormatVariadic(Buffer, Count, Format, A, B);
}

void *MsTestMemcpy(void *Destination, const void *Source, size_t Count) { return MpAbiMs_memcpy(Destination, Source, Count); }
void *MsTestMemmove(void *Destination, const void *Source, size_t Count) { return MpAbiMs_memmove(Destination, Source, Count); }
void *MsTestMemset(void *Destination, int Value, size_t Count) { return MpAbiMs_memset(Destination, Value, Count); }
int MsTestMemcmp(const void *Left, const void *Right, size_t Count) { return MpAbiMs_memcmp(Left, Right, Count); }
void *MsTestMemchr(const void *Buffer, int Value, size_t Count) { return MpAbiMs_memchr(Buffer, Value, Count); }
size_t MsTestStrlen(const char *String) { return MpAbiMs_strlen(String); }
size_t MsTestStrnlen(const char *String, size_t MaxCount) { return MpAbiMs_strnlen(String, MaxCount); }
int MsTestStrcmp(const char *Left, const char *Right) { return MpAbiMs_strcmp(Left, Right); }
int MsTestStrncmp(const char *Left, const char *Right, size_t Count) { return MpAbiMs_strncmp(Left, Right, Count); }
char *MsTestStrcpy(char *Destination, const char *Source) { return MpAbiMs_strcpy(Destination, Source); }
char *MsTestStrncpy(char *Destination, const char *Source, size_t Count) { return MpAbiMs_strncpy(Destination, Source, Count); }
char *MsTestStrcat(char *Destination, const char *Source) { return MpAbiMs_strcat(Destination, Source); }
char *MsTestStrchr(const char *String, int Character) { return MpAbiMs_strchr(String, Character); }
size_t MsTestWcslen(const uint16_t *String) { return MpAbiMs_wcslen(String); }

int MsTestCallSnprintf(const void *Routine, char *Buffer, size_t Count, const char *Format, uint64_t Value)
{
    int (MPABI_MS_ABI *snprintfRoutine)(char *, size_t, const char *, ...) =
        (int (MPABI_MS_ABI *)(char *, size_t, const char *, ...))Routine;
    return snprintfRoutine(Buffer, Count, Format, Value);
}

MPABI_MS_ABI static int MsTestCallVsnprintfVariadic(const void *Routine, char *Buffer, size_t Count,
                                                    const char *Format, ...)
{
    int (MPABI_MS_ABI *vsnprintfRoutine)(char *, size_t, const char *, __builtin_ms_va_list) =
        (int (MPABI_MS_ABI *)(char *, size_t, const char *, __builtin_ms_va_list))Routine;
    __builtin_ms_va_list arguments;
    __builtin_ms_va_start(arguments, Format);
    int length = vsnprintfRoutine(Buffer, Count, Format, arguments);
    __builtin_ms_va_end(arguments);
    return length;
}

int MsTestCallVsnprintf(const void *Routine, char *Buffer, size_t Count, const char *Format, uint64_t A, uint64_t B)
{
    return MsTestCallVsnprintfVariadic(Routine, Buffer, Count, Format, A, B);
}

void *MsTestCallMemcpy(const void *Routine, void *Destination, const void *Source, size_t Count)
{
    return ((void *(MPABI_MS_ABI *)(void *, const void *, size_t))Routine)(Destination, Source, Count);
}

size_t MsTestCallWcslen(const void *Routine, const uint16_t *String)
{
    return ((size_t (MPABI_MS_ABI *)(const uint16_t *))Routine)(String);
}
