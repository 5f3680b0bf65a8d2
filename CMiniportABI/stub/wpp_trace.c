/*
 * wpp_trace.c - the formatter behind WPP trace calls (mpabi_wpp.h), compiled into every image.
 *
 * A WPP message is a printf-style format with WPP's extensions. It is formatted here, one
 * conversion at a time (so each argument is read with its own type), into a bounded buffer and
 * handed to the port log through the family's DebugPrint slot, prefixed with the flag name and
 * level: "[WPP FLAG LEVEL] text". Conversions:
 *   %d %i %u %x %X %o %c %p %s %%   with flags, width, precision (`*` too) and the length
 *                                   modifiers h hh l ll I64 I32 I z j t;
 *   %S %ws %ls                      a WCHAR string (UTF-16, non-ASCII shown as '?');
 *   %!FUNC! %!LINE!                 the calling function and line (no argument);
 *   %!FILE! %!STDPREFIX! %!COMPNAME! %!LEVEL! %!FLAGS!  (no argument; the first three print "");
 *   %!STATUS! %!HRESULT! %!WINERROR!  a 32-bit code, printed as 0x%08X;
 *   %!bool! %!BOOLEAN!              an int, printed TRUE/FALSE;
 *   %!GUID!                         a GUID pointer, printed {xxxxxxxx-xxxx-...};
 *   %!HEXDUMP! %!lstr!              a WppHexDump(ptr, len) / LOG_LENSTR(len, str) argument;
 *   %!<other>!                      one pointer-sized argument, printed in hex.
 * Floating point is not supported (a double argument prints nothing).
 *
 * A Windows driver image (.sys, built freestanding) has this file inside the image too (WPP
 * has no import library to bind against): it formats with ntoskrnl.exe's _vsnprintf and
 * hands the line to DbgPrintEx (DPFLTR_IHVDRIVER_ID) instead of the import table.
 */
#include <stdarg.h>
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <stdio.h>
#include <string.h>
#define MPABI_WPP_VSNPRINTF vsnprintf
#define MPABI_WPP_SNPRINTF snprintf
#else
/* ntoskrnl.exe exports _vsnprintf: -1 and an unterminated buffer when the text does not fit
 * (the callers below use the count only when it is positive and bound it to the buffer). */
int _vsnprintf(char *, size_t, const char *, va_list);
int _snprintf(char *, size_t, const char *, ...);
#define MPABI_WPP_VSNPRINTF _vsnprintf
#define MPABI_WPP_SNPRINTF _snprintf
#endif
#pragma GCC visibility push(hidden)
#include "miniport.h"
#include "srb.h"
#include "mpabi_wpp.h"
#include "mpabi_stub.h"
#if defined(_WIN32)
#include "mpabi_kernel.h"
#endif

typedef struct {
    char *Text;
    size_t Size;
    size_t Used;
} MPABI_WPP_OUT;

static void MpAbiWppPut(MPABI_WPP_OUT *out, const char *text, size_t length)
{
    for (size_t i = 0; i < length && out->Used + 1 < out->Size; i++)
        out->Text[out->Used++] = text[i];
    out->Text[out->Used] = 0;
}

static void MpAbiWppPutf(MPABI_WPP_OUT *out, const char *format, ...)
{
    char piece[96];
    va_list ap;
    va_start(ap, format);
    int n = MPABI_WPP_VSNPRINTF(piece, sizeof piece, format, ap);
    va_end(ap);
    if (n > 0)
        MpAbiWppPut(out, piece, (size_t)n < sizeof piece ? (size_t)n : sizeof piece - 1);
}

static const char *MpAbiWppLevelName(ULONG Level)
{
    static const char *const names[] = {"NONE", "CRITICAL", "ERROR", "WARNING", "INFORMATION", "VERBOSE"};
    return Level < 6 ? names[Level] : "LEVEL";
}

void MpAbiWppTraceMessage(ULONG Level, const char *Flags, const char *Function, int Line, const char *Format, ...)
{
    char text[MPABI_DEBUG_TEXT_MAX];
    MPABI_WPP_OUT out = {text, sizeof text, 0};
    text[0] = 0;
    MpAbiWppPutf(&out, "[WPP %s %s] ", Flags != NULL ? Flags : "", MpAbiWppLevelName(Level));
    va_list ap;
    va_start(ap, Format);
    for (const char *f = Format != NULL ? Format : "(null)"; *f != 0; f++) {
        if (*f != '%') {
            MpAbiWppPut(&out, f, 1);
            continue;
        }
        f++;
        if (*f == '%') {
            MpAbiWppPut(&out, "%", 1);
            continue;
        }
        if (*f == '!') {
            const char *end = f + 1;
            while (*end != 0 && *end != '!')
                end++;
            if (*end == 0)
                break;
            size_t n = (size_t)(end - (f + 1));
            const char *name = f + 1;
            f = end;
#define MPABI_WPP_IS(s) (n == sizeof(s) - 1 && memcmp(name, s, n) == 0)
            if (MPABI_WPP_IS("FUNC"))
                MpAbiWppPut(&out, Function != NULL ? Function : "", Function != NULL ? strlen(Function) : 0);
            else if (MPABI_WPP_IS("LINE"))
                MpAbiWppPutf(&out, "%d", Line);
            else if (MPABI_WPP_IS("LEVEL"))
                MpAbiWppPut(&out, MpAbiWppLevelName(Level), strlen(MpAbiWppLevelName(Level)));
            else if (MPABI_WPP_IS("FLAGS"))
                MpAbiWppPut(&out, Flags != NULL ? Flags : "", Flags != NULL ? strlen(Flags) : 0);
            else if (MPABI_WPP_IS("FILE") || MPABI_WPP_IS("STDPREFIX") || MPABI_WPP_IS("COMPNAME"))
                ;
            else if (MPABI_WPP_IS("STATUS") || MPABI_WPP_IS("HRESULT") || MPABI_WPP_IS("WINERROR"))
                MpAbiWppPutf(&out, "0x%08X", (unsigned int)va_arg(ap, int));
            else if (MPABI_WPP_IS("bool") || MPABI_WPP_IS("BOOLEAN"))
                { int b = va_arg(ap, int); MpAbiWppPut(&out, b ? "TRUE" : "FALSE", b ? 4 : 5); }
            else if (MPABI_WPP_IS("GUID")) {
                const GUID *g = va_arg(ap, const GUID *);
                if (g == NULL)
                    MpAbiWppPut(&out, "(null)", 6);
                else
                    MpAbiWppPutf(&out, "{%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}", (unsigned)g->Data1,
                                 g->Data2, g->Data3, g->Data4[0], g->Data4[1], g->Data4[2], g->Data4[3], g->Data4[4],
                                 g->Data4[5], g->Data4[6], g->Data4[7]);
            } else if (MPABI_WPP_IS("HEXDUMP") || MPABI_WPP_IS("lstr")) {
                MPABI_WPP_HEXDUMP dump = va_arg(ap, MPABI_WPP_HEXDUMP);
                const unsigned char *bytes = (const unsigned char *)dump.Data;
                if (MPABI_WPP_IS("lstr")) {
                    if (bytes != NULL)
                        MpAbiWppPut(&out, (const char *)bytes, dump.Length);
                } else {
                    for (USHORT i = 0; bytes != NULL && i < dump.Length; i++)
                        MpAbiWppPutf(&out, i == 0 ? "%02x" : " %02x", bytes[i]);
                }
            } else
                MpAbiWppPutf(&out, "0x%llx", (unsigned long long)(ULONG_PTR)va_arg(ap, void *));
#undef MPABI_WPP_IS
            continue;
        }
        /* A printf conversion: rebuild it for one argument of the right type. */
        char spec[32];
        size_t n = 0;
        int length = 0; /* 0 int, 1 LONG, 2 64-bit, 3 pointer-sized, -1 short, -2 char */
        int wide = 0;
        spec[n++] = '%';
        while (*f == '-' || *f == '+' || *f == ' ' || *f == '#' || *f == '0') {
            if (n < 8)
                spec[n++] = *f;
            f++;
        }
        if (*f == '*') {
            n += (size_t)MPABI_WPP_SNPRINTF(spec + n, 12, "%d", va_arg(ap, int) % 1000);
            f++;
        } else {
            while (*f >= '0' && *f <= '9') {
                if (n < 14)
                    spec[n++] = *f;
                f++;
            }
        }
        if (*f == '.') {
            spec[n++] = *f++;
            if (*f == '*') {
                n += (size_t)MPABI_WPP_SNPRINTF(spec + n, 12, "%d", va_arg(ap, int) % 1000);
                f++;
            } else {
                while (*f >= '0' && *f <= '9') {
                    if (n < 22)
                        spec[n++] = *f;
                    f++;
                }
            }
        }
        for (;;) {
            if (*f == 'h') { length = length == -1 ? -2 : -1; f++; }
            else if (*f == 'l') { length = length == 1 ? 2 : 1; wide = 1; f++; }
            else if (*f == 'w') { wide = 1; f++; }
            else if (*f == 'I' && f[1] == '6' && f[2] == '4') { length = 2; f += 3; }
            else if (*f == 'I' && f[1] == '3' && f[2] == '2') { length = 0; f += 3; }
            else if (*f == 'I' || *f == 'z' || *f == 'j' || *f == 't') { length = 3; f++; }
            else if (*f == 'L') { length = 2; f++; }
            else break;
        }
        char conv = *f;
        if (conv == 0)
            break;
        switch (conv) {
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
            int isSigned = conv == 'd' || conv == 'i';
            spec[n++] = 'l';
            spec[n++] = 'l';
            spec[n++] = conv;
            spec[n] = 0;
            unsigned long long v;
            if (length == 2)
                v = va_arg(ap, unsigned long long);
            else if (length == 3)
                v = (unsigned long long)va_arg(ap, ULONG_PTR);
            else {
                unsigned int u = va_arg(ap, unsigned int);
                if (length == -1) u = isSigned ? (unsigned int)(int)(short)u : (unsigned short)u;
                if (length == -2) u = isSigned ? (unsigned int)(int)(signed char)u : (unsigned char)u;
                v = isSigned ? (unsigned long long)(long long)(int)u : u;
            }
            MpAbiWppPutf(&out, spec, v);
            break;
        }
        case 'p':
            MpAbiWppPutf(&out, "%p", va_arg(ap, void *));
            break;
        case 'c':
            MpAbiWppPutf(&out, "%c", (char)va_arg(ap, int));
            break;
        case 'C':
            MpAbiWppPutf(&out, "%c", (char)va_arg(ap, int));
            break;
        case 's':
        case 'S':
        case 'Z': {
            const void *s = va_arg(ap, const void *);
            if (s == NULL) {
                MpAbiWppPut(&out, "(null)", 6);
            } else if (conv == 'Z') {   /* %wZ: a UNICODE_STRING pointer */
                const UNICODE_STRING *u = (const UNICODE_STRING *)s;
                for (USHORT i = 0; u->Buffer != NULL && i < u->Length / 2; i++) {
                    char c = u->Buffer[i] < 0x80 ? (char)u->Buffer[i] : '?';
                    MpAbiWppPut(&out, &c, 1);
                }
            } else if (wide || conv == 'S') {
                const WCHAR *w = (const WCHAR *)s;
                for (size_t i = 0; w[i] != 0 && i < 4096; i++) {
                    char c = w[i] < 0x80 ? (char)w[i] : '?';
                    MpAbiWppPut(&out, &c, 1);
                }
            } else {
                MpAbiWppPut(&out, (const char *)s, strlen((const char *)s));
            }
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            (void)va_arg(ap, double);
            break;
        default:
            break;
        }
    }
    va_end(ap);
#if defined(_WIN32)
    /* WPP levels (TRACE_LEVEL_CRITICAL 1 ... VERBOSE 5) as DbgPrintEx levels. */
    ULONG level = Level <= 2 ? DPFLTR_ERROR_LEVEL : Level == 3 ? DPFLTR_WARNING_LEVEL
                : Level == 4 ? DPFLTR_INFO_LEVEL : DPFLTR_TRACE_LEVEL;
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, level, "%s\n", text);
#else
    if (MPABI_SLOT(ScsiPort, DebugPrint) != NULL)
        MPABI_SLOT(ScsiPort, DebugPrint)(MPABI_CONTEXT, Level, text);
    else if (MPABI_SLOT(StorPort, DebugPrint) != NULL)
        MPABI_SLOT(StorPort, DebugPrint)(MPABI_CONTEXT, Level, text);
    else
        MpAbiReportUnresolved("WPP trace");
#endif
}
