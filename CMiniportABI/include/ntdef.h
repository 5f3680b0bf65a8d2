/*
 * ntdef.h - the WDK's base definitions (Windows x64 / LLP64 layouts), for WDK source that
 * includes <ntdef.h>, <wdm.h> or <ntddk.h>.
 *
 * The integer types, LARGE_INTEGER, LIST_ENTRY, UNICODE_STRING and GUID have one home,
 * mpabi_types.h (which miniport.h and storport.h include too); the STATUS_* codes live in
 * ntstatus.h. This header adds what the WDK's ntdef.h has beyond those: handles, counted
 * strings and their helpers, OBJECT_ATTRIBUTES, declaration decorations, alignment and
 * pointer-conversion macros. It may be included before or after miniport.h / storport.h.
 */
#ifndef _NTDEF_
#define _NTDEF_

#include "mpabi_types.h"
#include "ntstatus.h"
#include "guiddef.h"

MPABI_EXTERN_C_BEGIN

/* ---- compiler keywords of the Microsoft compiler, for gcc and clang on Linux ---- */
#if !defined(_MSC_VER)
#ifndef __int64
#define __int64 long long
#endif
#ifndef __int32
#define __int32 int
#endif
#ifndef __int16
#define __int16 short
#endif
#ifndef __int8
#define __int8 char
#endif
#ifndef __ptr64
#define __ptr64
#endif
#ifndef __ptr32
#define __ptr32
#endif
#endif /* !_MSC_VER */

/* Pointer-width decorations. Both are plain pointers here: a POINTER_32 member keeps 8 bytes. */
#ifndef POINTER_64
#define POINTER_64
#endif
#ifndef POINTER_32
#define POINTER_32
#endif
#ifndef POINTER_SIGNED
#define POINTER_SIGNED
#endif
#ifndef POINTER_UNSIGNED
#define POINTER_UNSIGNED
#endif
#ifndef FIRMWARE_PTR
#define FIRMWARE_PTR
#endif

/* ---- declaration decorations (all no-ops: one calling convention, no DLL linkage) ---- */
#ifndef EXTERN_C
#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif
#endif
#ifndef NTSYSAPI
#define NTSYSAPI
#endif
#ifndef NTSYSCALLAPI
#define NTSYSCALLAPI
#endif
#ifndef NTKERNELAPI
#define NTKERNELAPI
#endif
#ifndef NTHALAPI
#define NTHALAPI
#endif
#ifndef NTAPI_INLINE
#define NTAPI_INLINE NTAPI
#endif
#ifndef WINAPI
#define WINAPI
#endif
#ifndef CALLBACK
#define CALLBACK
#endif
#ifndef FASTCALL
#define FASTCALL
#endif
#ifndef DECLSPEC_EXPORT
#define DECLSPEC_EXPORT
#endif
#ifndef DECLSPEC_NORETURN
#if defined(_MSC_VER) && !defined(__clang__)
#define DECLSPEC_NORETURN __declspec(noreturn)
#else
#define DECLSPEC_NORETURN __attribute__((noreturn))
#endif
#endif
#ifndef DECLSPEC_NOTHROW
#define DECLSPEC_NOTHROW
#endif
#ifndef DECLSPEC_NOVTABLE
#define DECLSPEC_NOVTABLE
#endif
#ifndef DECLSPEC_SELECTANY
#if defined(_MSC_VER)
#define DECLSPEC_SELECTANY __declspec(selectany)
#else
#define DECLSPEC_SELECTANY __attribute__((weak))
#endif
#endif
#ifndef DECLSPEC_CACHEALIGN
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#endif
#ifndef SYSTEM_CACHE_ALIGNMENT_SIZE
#define SYSTEM_CACHE_ALIGNMENT_SIZE 64
#endif
#ifndef DECLSPEC_UUID
#define DECLSPEC_UUID(x)
#endif
#ifndef DECLSPEC_DEPRECATED
#define DECLSPEC_DEPRECATED
#endif
#ifndef DECLSPEC_DEPRECATED_DDK
#define DECLSPEC_DEPRECATED_DDK
#endif
#ifndef DECLSPEC_ADDRSAFE
#define DECLSPEC_ADDRSAFE
#endif
#ifndef DECLSPEC_SAFEBUFFERS
#define DECLSPEC_SAFEBUFFERS
#endif
#ifndef DECLSPEC_GUARDNOCF
#define DECLSPEC_GUARDNOCF
#endif
#ifndef DECLSPEC_GUARD_SUPPRESS
#define DECLSPEC_GUARD_SUPPRESS
#endif
#ifndef DECLSPEC_RESTRICT
#define DECLSPEC_RESTRICT
#endif
#ifndef DECLSPEC_NOALIAS
#define DECLSPEC_NOALIAS
#endif
#ifndef DECLSPEC_NOSANITIZE_ADDRESS
#define DECLSPEC_NOSANITIZE_ADDRESS
#endif
#ifndef NOP_FUNCTION
#define NOP_FUNCTION (void)0
#endif
#ifndef UNALIGNED
#define UNALIGNED
#endif
#ifndef UNALIGNED64
#define UNALIGNED64
#endif
#ifndef RESTRICTED_POINTER
#define RESTRICTED_POINTER
#endif
#ifndef NOTHING
#define NOTHING
#endif
#ifndef NTSYSAPI_INLINE
#define NTSYSAPI_INLINE FORCEINLINE
#endif
#ifndef CFORCEINLINE
#define CFORCEINLINE FORCEINLINE
#endif
#ifndef PREFAST_SUPPRESS_WARNING
#define PREFAST_SUPPRESS_WARNING(x)
#endif
#ifndef __WARNING_SUPPRESS
#define __WARNING_SUPPRESS(x)
#endif
#ifndef DEFINE_ENUM_FLAG_OPERATORS
#define DEFINE_ENUM_FLAG_OPERATORS(ENUMTYPE)
#endif
#ifndef C_ASSERT_TYPE
#define C_ASSERT_TYPE(e) C_ASSERT(e)
#endif

/* ---- more integer and pointer types ---- */
typedef short CSHORT, *PCSHORT;
typedef ULONG CLONG, *PCLONG;
typedef ULONG LOGICAL, *PLOGICAL;
typedef ULONG LCID, *PLCID;
typedef USHORT LANGID, *PLANGID;
typedef ULONG EXECUTION_STATE, *PEXECUTION_STATE;
typedef void *HANDLE, **PHANDLE;
typedef double DOUBLE;
typedef float FLOAT, *PFLOAT;
typedef char *PSZ;
typedef const char *PCSZ;
typedef char *LPSTR, *NPSTR, *PCH, *LPCH;
typedef const char *LPCSTR, *PCCH, *LPCCH;
typedef WCHAR *LPWSTR, *NWPSTR, *PWCH, *LPWCH, *PZZWSTR;
typedef const WCHAR *LPCWSTR, *PCWCH, *LPCWCH, *PCZZWSTR;
typedef PWSTR *PZPWSTR;
typedef PCWSTR *PZPCWSTR;
typedef ULONGLONG DWORDLONG, *PDWORDLONG;
typedef DWORD64 *PDWORD64;
typedef DWORD32 *PDWORD32;
typedef ULONG_PTR DWORD_PTR, *PDWORD_PTR;
typedef LONGLONG USN;
typedef LONG_PTR LPARAM;
typedef ULONG_PTR WPARAM;
typedef UCHAR FCHAR;
typedef USHORT FSHORT;
typedef ULONG FLONG;
typedef LONG HRESULT;
typedef ULONG ACCESS_MASK, *PACCESS_MASK;

#ifndef NULL64
#define NULL64 ((void *)0)
#endif
#ifndef NULL32
#define NULL32 ((void *)0)
#endif

#define MINCHAR 0x80
#define MAXCHAR 0x7f
#define MINSHORT 0x8000
#define MAXSHORT 0x7fff
#define MINLONG 0x80000000
#define MAXDWORD 0xffffffffU
#define MAXLONG64 0x7fffffffffffffffLL
#define MINLONG64 (-MAXLONG64 - 1)
#define MAXULONG64 0xffffffffffffffffULL
#define MAXULONG32 0xffffffffU
#define MAXLONG32 0x7fffffff
#define MAXULONG_PTR (~(ULONG_PTR)0)
#define MAXLONG_PTR ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MINLONG_PTR (~MAXLONG_PTR)
#define MAXSIZE_T ((SIZE_T)~((SIZE_T)0))
#define MAXSSIZE_T ((SSIZE_T)(MAXSIZE_T >> 1))
#define MINSSIZE_T ((SSIZE_T)~MAXSSIZE_T)

/* ---- counted strings ---- */
typedef const UNICODE_STRING *PCUNICODE_STRING;
typedef STRING OEM_STRING, *POEM_STRING;
typedef const STRING *PCSTRING, *PCANSI_STRING, *PCOEM_STRING;

#define UNICODE_NULL ((WCHAR)0)
#define ANSI_NULL ((CHAR)0)
#define UNICODE_STRING_MAX_BYTES ((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS (32767)

/*
 * A STRING / UNICODE_STRING initializer for a literal: Length without the terminator,
 * MaximumLength with it. WCHAR is 16 bits; L"" literals on Linux are 32-bit wchar_t unless the
 * translation unit is compiled with -fshort-wchar (the project's fixtures are), so WDK code
 * using RTL_CONSTANT_STRING(L"...") builds with -fshort-wchar.
 */
#define RTL_CONSTANT_STRING(s) \
    { (USHORT)(sizeof(s) - sizeof((s)[0])), (USHORT)sizeof(s), (void *)(s) }
#define DECLARE_CONST_UNICODE_STRING(_var, _string) \
    const WCHAR _var##_buffer[] = _string; \
    const UNICODE_STRING _var = { sizeof(_string) - sizeof(WCHAR), sizeof(_string), (PWCH)_var##_buffer }
#define DECLARE_GLOBAL_CONST_UNICODE_STRING(_var, _str) \
    extern const UNICODE_STRING _var = RTL_CONSTANT_STRING(_str)
#define DECLARE_UNICODE_STRING_SIZE(_var, _size) \
    WCHAR _var##_buffer[_size]; \
    UNICODE_STRING _var = { 0, (_size) * sizeof(WCHAR), _var##_buffer }

/* ---- object attributes (passed to Zw* routines and InitializeObjectAttributes) ---- */
#define OBJ_INHERIT 0x00000002L
#define OBJ_PERMANENT 0x00000010L
#define OBJ_EXCLUSIVE 0x00000020L
#define OBJ_CASE_INSENSITIVE 0x00000040L
#define OBJ_OPENIF 0x00000080L
#define OBJ_OPENLINK 0x00000100L
#define OBJ_KERNEL_HANDLE 0x00000200L
#define OBJ_FORCE_ACCESS_CHECK 0x00000400L
#define OBJ_IGNORE_IMPERSONATED_DEVICEMAP 0x00000800L
#define OBJ_DONT_REPARSE 0x00001000L
#define OBJ_VALID_ATTRIBUTES 0x00001FF2L

/* 48 bytes on x64. */
typedef struct _OBJECT_ATTRIBUTES {
    ULONG Length;
    HANDLE RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG Attributes;
    PVOID SecurityDescriptor;
    PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef const OBJECT_ATTRIBUTES *PCOBJECT_ATTRIBUTES;

#define InitializeObjectAttributes(p, n, a, r, s) \
    do { \
        (p)->Length = sizeof(OBJECT_ATTRIBUTES); \
        (p)->RootDirectory = (r); \
        (p)->Attributes = (a); \
        (p)->ObjectName = (n); \
        (p)->SecurityDescriptor = (s); \
        (p)->SecurityQualityOfService = NULL; \
    } while (0)
#define RTL_CONSTANT_OBJECT_ATTRIBUTES(n, a) \
    { sizeof(OBJECT_ATTRIBUTES), NULL, RTL_CONST_CAST(PUNICODE_STRING)(n), (a), NULL, NULL }
#define RTL_INIT_OBJECT_ATTRIBUTES(n, a) RTL_CONSTANT_OBJECT_ATTRIBUTES(n, a)
#define RTL_CONST_CAST(type) (type)

/* ---- single 32-bit and 64-bit list links used in shared structures ---- */
typedef struct LIST_ENTRY32 {
    ULONG Flink;
    ULONG Blink;
} LIST_ENTRY32, *PLIST_ENTRY32;

typedef struct LIST_ENTRY64 {
    ULONGLONG Flink;
    ULONGLONG Blink;
} LIST_ENTRY64, *PLIST_ENTRY64;

typedef LIST_ENTRY *PRLIST_ENTRY;

/* ---- record and field helpers ---- */
#ifndef TYPE_ALIGNMENT
#define TYPE_ALIGNMENT(t) ((LONG)__alignof__(t))
#endif
#ifndef PROBE_ALIGNMENT
#define PROBE_ALIGNMENT(t) TYPE_ALIGNMENT(t)
#endif
#ifndef RTL_SIZEOF_THROUGH_FIELD
#define RTL_SIZEOF_THROUGH_FIELD(type, field) (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#endif
#ifndef RTL_CONTAINS_FIELD
#define RTL_CONTAINS_FIELD(Struct, Size, Field) \
    ((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#endif
#ifndef RTL_FIELD_TYPE
#define RTL_FIELD_TYPE(type, field) __typeof__(((type *)0)->field)
#endif
#ifndef RTL_NUMBER_OF_V1
#define RTL_NUMBER_OF_V1(A) (sizeof(A) / sizeof((A)[0]))
#endif
#ifndef RTL_NUMBER_OF_V2
#define RTL_NUMBER_OF_V2(A) RTL_NUMBER_OF_V1(A)
#endif
#ifndef RTL_NUMBER_OF_FIELD
#define RTL_NUMBER_OF_FIELD(type, field) (RTL_NUMBER_OF(RTL_FIELD_TYPE(type, field)))
#endif
#ifndef _ARRAYSIZE
#define _ARRAYSIZE(A) RTL_NUMBER_OF_V1(A)
#endif
#ifndef RTL_BITS_OF
#define RTL_BITS_OF(sizeOfArg) (sizeof(sizeOfArg) * 8)
#endif
#ifndef RTL_BITS_OF_FIELD
#define RTL_BITS_OF_FIELD(type, field) (RTL_BITS_OF(RTL_FIELD_TYPE(type, field)))
#endif
#ifndef RTL_PADDING_BETWEEN_FIELDS
#define RTL_PADDING_BETWEEN_FIELDS(T, F1, F2) \
    ((FIELD_OFFSET(T, F2) > FIELD_OFFSET(T, F1)) \
         ? (FIELD_OFFSET(T, F2) - FIELD_OFFSET(T, F1) - RTL_FIELD_SIZE(T, F1)) \
         : (FIELD_OFFSET(T, F1) - FIELD_OFFSET(T, F2) - RTL_FIELD_SIZE(T, F2)))
#endif
#ifndef UFIELD_OFFSET
#define UFIELD_OFFSET(type, field) ((ULONG)offsetof(type, field))
#endif

#ifndef ARGUMENT_PRESENT
#define ARGUMENT_PRESENT(ArgumentPointer) ((CHAR *)((ULONG_PTR)(ArgumentPointer)) != (CHAR *)NULL)
#endif

/* ---- alignment of values and pointers ---- */
#ifndef ALIGN_DOWN_BY
#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment) - 1))
#define ALIGN_UP_BY(length, alignment) (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment) - 1), alignment))
#define ALIGN_DOWN_POINTER_BY(address, alignment) \
    ((PVOID)((ULONG_PTR)(address) & ~((ULONG_PTR)(alignment) - 1)))
#define ALIGN_UP_POINTER_BY(address, alignment) \
    (ALIGN_DOWN_POINTER_BY(((ULONG_PTR)(address) + (alignment) - 1), alignment))
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY(length, sizeof(type))
#define ALIGN_UP(length, type) ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN_POINTER(address, type) ALIGN_DOWN_POINTER_BY(address, sizeof(type))
#define ALIGN_UP_POINTER(address, type) ALIGN_UP_POINTER_BY(address, sizeof(type))
#endif
#ifndef IS_ALIGNED
#define IS_ALIGNED(_pointer, _alignment) \
    ((((ULONG_PTR)(_pointer)) & ((_alignment) - 1)) == 0)
#endif

/* ---- conversions between pointers, handles and integers (basetsd.h) ---- */
#define PtrToUlong(p) ((ULONG)(ULONG_PTR)(p))
#define PtrToLong(p) ((LONG)(LONG_PTR)(p))
#define PtrToUint(p) ((UINT)(UINT_PTR)(p))
#define PtrToInt(p) ((INT)(INT_PTR)(p))
#define PtrToUshort(p) ((unsigned short)(ULONG_PTR)(p))
#define PtrToShort(p) ((short)(LONG_PTR)(p))
#define PtrToUlong64(p) ((ULONG64)(ULONG_PTR)(p))
#define PtrToPtr64(p) ((void *POINTER_64)(p))
#define Ptr64ToPtr(p) ((void *)(p))
#define PtrToPtr32(p) ((void *POINTER_32)(p))
#define Ptr32ToPtr(p) ((void *)(p))
#define UlongToPtr(ul) ((VOID *)(ULONG_PTR)((unsigned long)(ul)))
#define LongToPtr(l) ((VOID *)(LONG_PTR)((long)(l)))
#define UintToPtr(ui) ((VOID *)(UINT_PTR)((unsigned int)(ui)))
#define IntToPtr(i) ((VOID *)(INT_PTR)((int)(i)))
#define ULongToPtr(ul) UlongToPtr(ul)
#define Ulong64ToPtr(ul) ((VOID *)(ULONG_PTR)(ul))
#define HandleToUlong(h) ((ULONG)(ULONG_PTR)(h))
#define HandleToLong(h) ((LONG)(LONG_PTR)(h))
#define HandleToULong(h) HandleToUlong(h)
#define UlongToHandle(ul) ((HANDLE)(ULONG_PTR)(ul))
#define LongToHandle(h) ((HANDLE)(LONG_PTR)(h))
#define ULongToHandle(ul) UlongToHandle(ul)
#define HandleToHandle64(h) PtrToPtr64(h)
#define Handle64ToHandle(h) Ptr64ToPtr(h)
#define PtrOffset(B, O) ((ULONG)((ULONG_PTR)(O) - (ULONG_PTR)(B)))

/* ---- integer halves ---- */
#ifndef LOBYTE
#define LOBYTE(w) ((UCHAR)(((ULONG_PTR)(w)) & 0xff))
#define HIBYTE(w) ((UCHAR)((((ULONG_PTR)(w)) >> 8) & 0xff))
#define LOWORD(l) ((USHORT)(((ULONG_PTR)(l)) & 0xffff))
#define HIWORD(l) ((USHORT)((((ULONG_PTR)(l)) >> 16) & 0xffff))
#define MAKEWORD(a, b) ((USHORT)(((UCHAR)(a)) | ((USHORT)((UCHAR)(b))) << 8))
#define MAKELONG(a, b) ((LONG)(((USHORT)(a)) | ((ULONG)((USHORT)(b))) << 16))
#endif
#ifndef Int32x32To64
#define Int32x32To64(a, b) ((LONGLONG)((LONG)(a)) * (LONGLONG)((LONG)(b)))
#define UInt32x32To64(a, b) ((ULONGLONG)((ULONG)(a)) * (ULONGLONG)((ULONG)(b)))
#endif

/*
 * min and max, as ntdef.h defines them (unless NOMINMAX). C++ code that also uses
 * std::min / std::max defines NOMINMAX, as it would with the WDK.
 */
#ifndef NOMINMAX
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif

MPABI_EXTERN_C_END

#endif /* _NTDEF_ */
