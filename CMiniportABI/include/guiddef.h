/*
 * guiddef.h - GUID declarations and comparisons, as WDK code uses them.
 *
 * The GUID type itself has one home, mpabi_types.h. DEFINE_GUID(name, l, w1, w2, b1..b8)
 * declares `extern const GUID name;` unless initguid.h was included before this point in the
 * translation unit, in which case it defines the GUID with its value. Include initguid.h in
 * exactly one source file of a driver, before the headers whose GUIDs it should define.
 */
#include "mpabi_types.h"

/* DEFINE_GUID depends on whether initguid.h came first, so it is (re)defined on every
 * inclusion, like the WDK's; the rest of this header is guarded. */
#ifdef DEFINE_GUID
#undef DEFINE_GUID
#endif
#ifdef INITGUID
#ifdef __cplusplus
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID DECLSPEC_SELECTANY name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    const GUID DECLSPEC_SELECTANY name = { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }
#endif
#else
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    EXTERN_C const GUID name
#endif

#ifndef MPABI_GUIDDEF_H
#define MPABI_GUIDDEF_H
#ifndef _GUIDDEF_H_
#define _GUIDDEF_H_
#endif

#ifndef EXTERN_C
#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif
#endif
#ifndef DECLSPEC_SELECTANY
#if defined(_MSC_VER)
#define DECLSPEC_SELECTANY __declspec(selectany)
#else
#define DECLSPEC_SELECTANY __attribute__((weak))
#endif
#endif

#define DEFINE_OLEGUID(name, l, w1, w2) DEFINE_GUID(name, l, w1, w2, 0xC0, 0, 0, 0, 0, 0, 0, 0x46)

typedef GUID IID, *LPIID, CLSID, *LPCLSID, FMTID, *LPFMTID;
typedef GUID *PGUID;
typedef const GUID *PCGUID;
#define REFGUID const GUID *
#define REFIID const IID *
#define REFCLSID const IID *
#define REFFMTID const IID *
#define IID_NULL GUID_NULL
#define CLSID_NULL GUID_NULL
#define FMTID_NULL GUID_NULL

MPABI_EXTERN_C_BEGIN

/* Byte-wise equality of two GUIDs (TRUE/FALSE). */
static inline int InlineIsEqualGUID(const GUID *a, const GUID *b)
{
    const ULONG *x = (const ULONG *)(const void *)a, *y = (const ULONG *)(const void *)b;
    return x[0] == y[0] && x[1] == y[1] && x[2] == y[2] && x[3] == y[3];
}
static inline int IsEqualGUID(const GUID *a, const GUID *b)
{
    return memcmp(a, b, sizeof(GUID)) == 0;
}

MPABI_EXTERN_C_END

#define IsEqualIID(a, b) IsEqualGUID((a), (b))
#define IsEqualCLSID(a, b) IsEqualGUID((a), (b))
#define IsEqualFMTID(a, b) IsEqualGUID((a), (b))

#endif /* MPABI_GUIDDEF_H */
