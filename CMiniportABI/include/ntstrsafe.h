/*
 * ntstrsafe.h - bounded string routines for drivers (the RtlString* subset WDK code uses).
 *
 * Part of the miniport SDK's CMiniportABI module, named as in the WDK. Every routine is a
 * static inline function returning an NTSTATUS:
 *   STATUS_SUCCESS            the whole result fit;
 *   STATUS_BUFFER_OVERFLOW    the result was cut to fit; the destination is still terminated;
 *   STATUS_INVALID_PARAMETER  a zero size, a size above NTSTRSAFE_MAX_CCH characters, a NULL
 *                             string, or (Cat, Length) no terminator within the given size.
 * "Cch" sizes count characters, "Cb" sizes count bytes (rounded down to whole characters).
 *
 * Printf variants: the narrow ones (RtlStringCbPrintfA, ...) format with the C library's
 * vsnprintf on Linux; a freestanding Windows-target build declares `_vsnprintf` instead, which
 * a driver image imports from ntoskrnl.exe. Conversions are the C library's (`%I64x` and `%wZ`
 * are Microsoft extensions that glibc does not know). The wide ones (RtlStringCbPrintfW, ...)
 * take a WCHAR format and are formatted here, one conversion at a time: %d %i %u %x %X %o %c
 * %p %s %% with flags, width, precision (`*` too) and the length modifiers h hh l ll I64 I32
 * I z j t L; in a wide format %s, %ls and %ws take a WCHAR string, %hs and %S a char string,
 * %c/%lc a WCHAR and %hc/%C a char; floating-point conversions are not supported (a driver
 * may not use them at DISPATCH_LEVEL anyway) and print nothing.
 */
#ifndef MPABI_NTSTRSAFE_H
#define MPABI_NTSTRSAFE_H
#ifndef _NTSTRSAFE_H_INCLUDED_
#define _NTSTRSAFE_H_INCLUDED_
#endif

#include <stdarg.h>
#include "mpabi_types.h"

MPABI_EXTERN_C_BEGIN

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
int vsnprintf(char *, size_t, const char *, va_list);
#define MPABI_STRSAFE_VSNPRINTF vsnprintf
#elif defined(_WIN32)
/* ntoskrnl.exe exports _vsnprintf: it returns -1 and leaves the buffer unterminated when the
 * text does not fit, which the wrappers below handle. */
int _vsnprintf(char *, size_t, const char *, va_list);
#define MPABI_STRSAFE_VSNPRINTF _vsnprintf
#else
int vsnprintf(char *, size_t, const char *, va_list);
#define MPABI_STRSAFE_VSNPRINTF vsnprintf
#endif

#ifndef STATUS_BUFFER_OVERFLOW
#define STATUS_BUFFER_OVERFLOW ((NTSTATUS)0x80000005L)
#endif

#define NTSTRSAFE_MAX_CCH 2147483647
#define NTSTRSAFE_UNICODE_STRING_MAX_CCH 32767
#ifndef NTSTRSAFE_MAX_LENGTH
#define NTSTRSAFE_MAX_LENGTH (NTSTRSAFE_MAX_CCH - 1)
#endif

typedef char *NTSTRSAFE_PSTR;
typedef const char *NTSTRSAFE_PCSTR;
typedef WCHAR *NTSTRSAFE_PWSTR;
typedef const WCHAR *NTSTRSAFE_PCWSTR;
typedef const WCHAR *NTSTRSAFE_PCUWSTR;

#define MPABI_STRSAFE_BODY_COPY(T)                                                             \
    size_t i = 0;                                                                              \
    if (pszDest == NULL || cchDest == 0 || cchDest > NTSTRSAFE_MAX_CCH)                        \
        return STATUS_INVALID_PARAMETER;                                                       \
    if (pszSrc == NULL) {                                                                      \
        pszDest[0] = 0;                                                                        \
        return STATUS_INVALID_PARAMETER;                                                       \
    }                                                                                          \
    for (; i < cchDest - 1 && i < cchToCopy && pszSrc[i] != 0; i++)                            \
        pszDest[i] = (T)pszSrc[i];                                                             \
    pszDest[i] = 0;                                                                            \
    return (i < cchToCopy && pszSrc[i] != 0) ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;

/* ---- copy ---- */
static inline NTSTATUS RtlStringCchCopyNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc, size_t cchToCopy)
{ MPABI_STRSAFE_BODY_COPY(char) }
static inline NTSTATUS RtlStringCchCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToCopy)
{ MPABI_STRSAFE_BODY_COPY(WCHAR) }
static inline NTSTATUS RtlStringCchCopyA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc)
{ return RtlStringCchCopyNA(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH); }
static inline NTSTATUS RtlStringCchCopyW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{ return RtlStringCchCopyNW(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH); }
static inline NTSTATUS RtlStringCbCopyA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc)
{ return RtlStringCchCopyNA(pszDest, cbDest, pszSrc, NTSTRSAFE_MAX_CCH); }
static inline NTSTATUS RtlStringCbCopyW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{ return RtlStringCchCopyNW(pszDest, cbDest / sizeof(WCHAR), pszSrc, NTSTRSAFE_MAX_CCH); }
static inline NTSTATUS RtlStringCbCopyNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc, size_t cbToCopy)
{ return RtlStringCchCopyNA(pszDest, cbDest, pszSrc, cbToCopy); }
static inline NTSTATUS RtlStringCbCopyNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc, size_t cbToCopy)
{ return RtlStringCchCopyNW(pszDest, cbDest / sizeof(WCHAR), pszSrc, cbToCopy / sizeof(WCHAR)); }

/* ---- length ---- */
#define MPABI_STRSAFE_BODY_LENGTH                                                              \
    size_t n = 0;                                                                              \
    if (pcchLength != NULL)                                                                    \
        *pcchLength = 0;                                                                       \
    if (psz == NULL || cchMax == 0 || cchMax > NTSTRSAFE_MAX_CCH)                              \
        return STATUS_INVALID_PARAMETER;                                                       \
    while (n < cchMax && psz[n] != 0)                                                          \
        n++;                                                                                   \
    if (n == cchMax)                                                                           \
        return STATUS_INVALID_PARAMETER;                                                       \
    if (pcchLength != NULL)                                                                    \
        *pcchLength = n;                                                                       \
    return STATUS_SUCCESS;

static inline NTSTATUS RtlStringCchLengthA(NTSTRSAFE_PCSTR psz, size_t cchMax, size_t *pcchLength)
{ MPABI_STRSAFE_BODY_LENGTH }
static inline NTSTATUS RtlStringCchLengthW(NTSTRSAFE_PCWSTR psz, size_t cchMax, size_t *pcchLength)
{ MPABI_STRSAFE_BODY_LENGTH }
static inline NTSTATUS RtlStringCbLengthA(NTSTRSAFE_PCSTR psz, size_t cbMax, size_t *pcbLength)
{ return RtlStringCchLengthA(psz, cbMax, pcbLength); }
static inline NTSTATUS RtlStringCbLengthW(NTSTRSAFE_PCWSTR psz, size_t cbMax, size_t *pcbLength)
{
    size_t cch = 0;
    NTSTATUS status = RtlStringCchLengthW(psz, cbMax / sizeof(WCHAR), &cch);
    if (pcbLength != NULL)
        *pcbLength = cch * sizeof(WCHAR);
    return status;
}

/* ---- concatenate ---- */
#define MPABI_STRSAFE_BODY_CAT(CopyN)                                                          \
    size_t used = 0;                                                                           \
    if (pszDest == NULL || cchDest == 0 || cchDest > NTSTRSAFE_MAX_CCH)                        \
        return STATUS_INVALID_PARAMETER;                                                       \
    while (used < cchDest && pszDest[used] != 0)                                               \
        used++;                                                                                \
    if (used == cchDest)                                                                       \
        return STATUS_INVALID_PARAMETER;                                                       \
    if (pszSrc == NULL)                                                                        \
        return STATUS_INVALID_PARAMETER;                                                       \
    return CopyN(pszDest + used, cchDest - used, pszSrc, cchToAppend);

static inline NTSTATUS RtlStringCchCatNA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc, size_t cchToAppend)
{ MPABI_STRSAFE_BODY_CAT(RtlStringCchCopyNA) }
static inline NTSTATUS RtlStringCchCatNW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc, size_t cchToAppend)
{ MPABI_STRSAFE_BODY_CAT(RtlStringCchCopyNW) }
static inline NTSTATUS RtlStringCchCatA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszSrc)
{ return RtlStringCchCatNA(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH); }
static inline NTSTATUS RtlStringCchCatW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszSrc)
{ return RtlStringCchCatNW(pszDest, cchDest, pszSrc, NTSTRSAFE_MAX_CCH); }
static inline NTSTATUS RtlStringCbCatA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc)
{ return RtlStringCchCatNA(pszDest, cbDest, pszSrc, NTSTRSAFE_MAX_CCH); }
static inline NTSTATUS RtlStringCbCatW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc)
{ return RtlStringCchCatNW(pszDest, cbDest / sizeof(WCHAR), pszSrc, NTSTRSAFE_MAX_CCH); }
static inline NTSTATUS RtlStringCbCatNA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszSrc, size_t cbToAppend)
{ return RtlStringCchCatNA(pszDest, cbDest, pszSrc, cbToAppend); }
static inline NTSTATUS RtlStringCbCatNW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszSrc, size_t cbToAppend)
{ return RtlStringCchCatNW(pszDest, cbDest / sizeof(WCHAR), pszSrc, cbToAppend / sizeof(WCHAR)); }

/* ---- formatted output, narrow ---- */
static inline NTSTATUS RtlStringCchVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, va_list argList)
{
    if (pszDest == NULL || cchDest == 0 || cchDest > NTSTRSAFE_MAX_CCH)
        return STATUS_INVALID_PARAMETER;
    if (pszFormat == NULL) {
        pszDest[0] = 0;
        return STATUS_INVALID_PARAMETER;
    }
    int written = MPABI_STRSAFE_VSNPRINTF(pszDest, cchDest, pszFormat, argList);
    if (written < 0 || (size_t)written >= cchDest) {
        pszDest[cchDest - 1] = 0;
        return STATUS_BUFFER_OVERFLOW;
    }
    pszDest[written] = 0;
    return STATUS_SUCCESS;
}
static inline NTSTATUS RtlStringCbVPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, va_list argList)
{ return RtlStringCchVPrintfA(pszDest, cbDest, pszFormat, argList); }
static inline NTSTATUS RtlStringCchPrintfA(NTSTRSAFE_PSTR pszDest, size_t cchDest, NTSTRSAFE_PCSTR pszFormat, ...)
{
    va_list ap;
    va_start(ap, pszFormat);
    NTSTATUS status = RtlStringCchVPrintfA(pszDest, cchDest, pszFormat, ap);
    va_end(ap);
    return status;
}
static inline NTSTATUS RtlStringCbPrintfA(NTSTRSAFE_PSTR pszDest, size_t cbDest, NTSTRSAFE_PCSTR pszFormat, ...)
{
    va_list ap;
    va_start(ap, pszFormat);
    NTSTATUS status = RtlStringCchVPrintfA(pszDest, cbDest, pszFormat, ap);
    va_end(ap);
    return status;
}

/* ---- formatted output, wide (see the conversion list at the top) ---- */
typedef struct {
    NTSTRSAFE_PWSTR Dest;
    size_t Cch;
    size_t Used;
    BOOLEAN Overflow;
} MPABI_STRSAFE_WOUT;

static inline void MpAbiStrSafePutW(MPABI_STRSAFE_WOUT *out, WCHAR c)
{
    if (out->Used + 1 < out->Cch)
        out->Dest[out->Used++] = c;
    else
        out->Overflow = TRUE;
}

/* One integer or pointer conversion through the narrow formatter (varargs helpers). */
static inline int MpAbiStrSafeFormatVa(char *text, size_t size, const char *spec, ...)
{
    va_list ap;
    va_start(ap, spec);
    int r = MPABI_STRSAFE_VSNPRINTF(text, size, spec, ap);
    va_end(ap);
    if (r < 0 || (size_t)r >= size) {
        text[size - 1] = 0;
        r = (int)size - 1;
        while (r > 0 && text[r - 1] == 0) r--;
    }
    return r;
}
#define MpAbiStrSafeFormatOne(text, size, spec, v) MpAbiStrSafeFormatVa(text, size, spec, (long long)(v))
#define MpAbiStrSafeFormatOneU(text, size, spec, v) MpAbiStrSafeFormatVa(text, size, spec, (unsigned long long)(v))
#define MpAbiStrSafeFormatOneP(text, size, spec, v) MpAbiStrSafeFormatVa(text, size, spec, (void *)(v))

static inline NTSTATUS RtlStringCchVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{
    MPABI_STRSAFE_WOUT out = {pszDest, cchDest, 0, FALSE};
    if (pszDest == NULL || cchDest == 0 || cchDest > NTSTRSAFE_MAX_CCH)
        return STATUS_INVALID_PARAMETER;
    if (pszFormat == NULL) {
        pszDest[0] = 0;
        return STATUS_INVALID_PARAMETER;
    }
    va_list ap;
    va_copy(ap, argList);
    for (const WCHAR *f = pszFormat; *f != 0; f++) {
        if (*f != '%') {
            MpAbiStrSafePutW(&out, *f);
            continue;
        }
        /* one conversion: rebuild it as a narrow spec for vsnprintf, string ones by hand */
        char spec[32];
        size_t n = 0;
        int width = -1, precision = -1, length = 0; /* length: 0 int, 1 long, 2 long long, 3 size, -1 short, -2 char */
        int wideString = 1, leftAlign = 0;
        spec[n++] = '%';
        f++;
        while (*f == '-' || *f == '+' || *f == ' ' || *f == '#' || *f == '0') {
            if (*f == '-') leftAlign = 1;
            if (n < 8) spec[n++] = (char)*f;
            f++;
        }
        if (*f == '*') { width = va_arg(ap, int); f++; }
        else { while (*f >= '0' && *f <= '9') { width = (width < 0 ? 0 : width) * 10 + (int)(*f - '0'); if (width > 4096) width = 4096; f++; } }
        if (*f == '.') {
            f++;
            precision = 0;
            if (*f == '*') { precision = va_arg(ap, int); f++; }
            else { while (*f >= '0' && *f <= '9') { precision = precision * 10 + (int)(*f - '0'); if (precision > 4096) precision = 4096; f++; } }
        }
        for (;;) {
            if (*f == 'h') { length = (length == -1) ? -2 : -1; wideString = 0; f++; }
            else if (*f == 'l') { length = (length == 1) ? 2 : 1; f++; }
            else if (*f == 'w') { wideString = 1; length = 1; f++; }
            else if (*f == 'I' && f[1] == '6' && f[2] == '4') { length = 2; f += 3; }
            else if (*f == 'I' && f[1] == '3' && f[2] == '2') { length = 0; f += 3; }
            else if (*f == 'I' || *f == 'z' || *f == 'j' || *f == 't') { length = 3; f++; }
            else if (*f == 'L') { length = 2; f++; }
            else break;
        }
        WCHAR conv = *f;
        if (conv == 0)
            break;
        if (conv == '%') { MpAbiStrSafePutW(&out, '%'); continue; }
        if (conv == 'S' || conv == 'C') { wideString = 0; conv = (WCHAR)(conv == 'S' ? 's' : 'c'); }
        char text[128];
        size_t textLen = 0;
        if (conv == 's' || conv == 'c') {
            size_t count = 0;
            const char *narrow = NULL;
            const WCHAR *wide = NULL;
            WCHAR one = 0;
            char oneNarrow = 0;
            if (conv == 'c') {
                if (wideString) { one = (WCHAR)va_arg(ap, int); wide = &one; }
                else { oneNarrow = (char)va_arg(ap, int); narrow = &oneNarrow; }
                count = 1;
            } else if (wideString) {
                wide = va_arg(ap, const WCHAR *);
                if (wide == NULL) { narrow = "(null)"; wide = NULL; }
            } else {
                narrow = va_arg(ap, const char *);
                if (narrow == NULL) narrow = "(null)";
            }
            if (conv == 's') {
                if (wide != NULL) { while ((precision < 0 || (int)count < precision) && wide[count] != 0) count++; }
                else { while ((precision < 0 || (int)count < precision) && narrow[count] != 0) count++; }
            }
            int pad = width > (int)count ? width - (int)count : 0;
            if (!leftAlign) while (pad-- > 0) MpAbiStrSafePutW(&out, ' ');
            for (size_t k = 0; k < count; k++)
                MpAbiStrSafePutW(&out, wide != NULL ? wide[k] : (WCHAR)(unsigned char)narrow[k]);
            if (leftAlign) while (pad-- > 0) MpAbiStrSafePutW(&out, ' ');
            continue;
        }
        if (width >= 0) { int w = width; char digits[8]; int d = 0; do { digits[d++] = (char)('0' + w % 10); w /= 10; } while (w && d < 7); while (d) spec[n++] = digits[--d]; }
        if (precision >= 0) { int p = precision; char digits[8]; int d = 0; spec[n++] = '.'; do { digits[d++] = (char)('0' + p % 10); p /= 10; } while (p && d < 7); while (d) spec[n++] = digits[--d]; }
        switch (conv) {
        case 'd': case 'i': case 'u': case 'x': case 'X': case 'o': {
            int isSigned = conv == 'd' || conv == 'i';
            spec[n++] = 'l'; spec[n++] = 'l'; spec[n++] = (char)conv; spec[n] = 0;
            long long sv = 0;
            unsigned long long uv = 0;
            if (length == 2) { if (isSigned) sv = va_arg(ap, long long); else uv = va_arg(ap, unsigned long long); }
            else if (length == 3) { if (isSigned) sv = (long long)va_arg(ap, LONG_PTR); else uv = (unsigned long long)va_arg(ap, size_t); }
            else if (length == 1) { if (isSigned) sv = (LONG)va_arg(ap, LONG); else uv = (ULONG)va_arg(ap, ULONG); }
            else { int v = va_arg(ap, int);
                   if (length == -1) { if (isSigned) sv = (short)v; else uv = (unsigned short)v; }
                   else if (length == -2) { if (isSigned) sv = (signed char)v; else uv = (unsigned char)v; }
                   else { if (isSigned) sv = v; else uv = (unsigned int)v; } }
            int r = isSigned ? MpAbiStrSafeFormatOne(text, sizeof text, spec, sv) : MpAbiStrSafeFormatOneU(text, sizeof text, spec, uv);
            textLen = r < 0 ? 0 : ((size_t)r >= sizeof text ? sizeof text - 1 : (size_t)r);
            break;
        }
        case 'p': {
            spec[n++] = 'p'; spec[n] = 0;
            void *pv = va_arg(ap, void *);
            int r = MpAbiStrSafeFormatOneP(text, sizeof text, spec, pv);
            textLen = r < 0 ? 0 : ((size_t)r >= sizeof text ? sizeof text - 1 : (size_t)r);
            break;
        }
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'a': case 'A':
            (void)va_arg(ap, double);
            break;
        default:
            break;
        }
        for (size_t k = 0; k < textLen; k++)
            MpAbiStrSafePutW(&out, (WCHAR)(unsigned char)text[k]);
    }
    va_end(ap);
    pszDest[out.Used] = 0;
    return out.Overflow ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}
static inline NTSTATUS RtlStringCbVPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, va_list argList)
{ return RtlStringCchVPrintfW(pszDest, cbDest / sizeof(WCHAR), pszFormat, argList); }
static inline NTSTATUS RtlStringCchPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cchDest, NTSTRSAFE_PCWSTR pszFormat, ...)
{
    va_list ap;
    va_start(ap, pszFormat);
    NTSTATUS status = RtlStringCchVPrintfW(pszDest, cchDest, pszFormat, ap);
    va_end(ap);
    return status;
}
static inline NTSTATUS RtlStringCbPrintfW(NTSTRSAFE_PWSTR pszDest, size_t cbDest, NTSTRSAFE_PCWSTR pszFormat, ...)
{
    va_list ap;
    va_start(ap, pszFormat);
    NTSTATUS status = RtlStringCchVPrintfW(pszDest, cbDest / sizeof(WCHAR), pszFormat, ap);
    va_end(ap);
    return status;
}

MPABI_EXTERN_C_END

#endif /* MPABI_NTSTRSAFE_H */
