/*
 * mpabi_types.h - Windows x64 (LLP64) base types for miniports built on Linux (LP64).
 *
 * Part of the miniport SDK's CMiniportABI module. Included by miniport.h and storport.h;
 * a miniport does not include it directly.
 *
 * Width rules (checked by the ABI layout tests):
 *   ULONG/LONG are 32 bits (never C `long`), ULONG_PTR and pointers are 64 bits,
 *   WCHAR is 16 bits, BOOLEAN is 8 bits, enums are 32 bits (int-sized),
 *   LARGE_INTEGER/PHYSICAL_ADDRESS are 8-byte unions with LowPart/HighPart/QuadPart.
 */
#ifndef MPABI_TYPES_H
#define MPABI_TYPES_H

#include <stddef.h>
#include <stdint.h>
#if defined(__STDC_HOSTED__) && __STDC_HOSTED__
#include <string.h>
#else
/* A freestanding build (the Windows driver target) has no C library headers; the compiler
 * still provides these routines as builtins, and a driver image resolves them from the
 * kernel, as WDK code expects. */
#ifdef __cplusplus
extern "C" {
#endif
void *memcpy(void *, const void *, size_t);
void *memmove(void *, const void *, size_t);
void *memset(void *, int, size_t);
int memcmp(const void *, const void *, size_t);
size_t strlen(const char *);
#ifdef __cplusplus
}
#endif
#endif

#include "mpabi_sal.h"

#if !defined(__x86_64__) && !defined(__aarch64__)
#error "CMiniportABI models the Windows x64 ABI and needs a 64-bit little-endian target"
#endif

#ifdef __cplusplus
#define MPABI_EXTERN_C_BEGIN extern "C" {
#define MPABI_EXTERN_C_END }
#define MPABI_STATIC_ASSERT(e, m) static_assert(e, m)
#else
#define MPABI_EXTERN_C_BEGIN
#define MPABI_EXTERN_C_END
#define MPABI_STATIC_ASSERT(e, m) _Static_assert(e, m)
#endif

/* ---- calling conventions and storage keywords: one convention on Linux x86_64 ---- */
/*
 * The Windows-image bridge (the import stub compiled with MPABI_MS_ABI_BRIDGE, see
 * stub/bridge_exports.c) gives every exported routine the Microsoft x64 convention: the
 * convention keywords of the declarations become ms_abi, and a .sys calls them directly.
 */
#if defined(MPABI_MS_ABI_BRIDGE)
#if !defined(__clang__) || !defined(__x86_64__)
#error "the Windows-image bridge is built with clang for x86-64"
#endif
#define MPABI_MS_ABI __attribute__((ms_abi))
#define NTAPI MPABI_MS_ABI
#define __cdecl MPABI_MS_ABI
#define __stdcall MPABI_MS_ABI
#define STORPORT_API MPABI_MS_ABI
#define SCSIPORT_API MPABI_MS_ABI
#define NTKERNELAPI MPABI_MS_ABI
#define NTHALAPI MPABI_MS_ABI
#define NTSYSAPI MPABI_MS_ABI
#endif
#ifndef NTAPI
#define NTAPI
#endif
#ifndef __cdecl
#define __cdecl
#endif
#ifndef __stdcall
#define __stdcall
#endif
#ifndef __fastcall
#define __fastcall
#endif
#ifndef STDCALL
#define STDCALL
#endif
#ifndef DECLSPEC_IMPORT
#define DECLSPEC_IMPORT
#endif
#ifndef DECLSPEC_ALIGN
#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#endif
#ifndef DECLSPEC_NOINLINE
#define DECLSPEC_NOINLINE __attribute__((noinline))
#endif
#ifndef FORCEINLINE
#define FORCEINLINE static inline __attribute__((always_inline))
#endif
#ifndef __forceinline
#define __forceinline inline __attribute__((always_inline))
#endif
#ifndef __inline
#define __inline inline
#endif
#ifndef __unaligned
#define __unaligned
#endif
#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef VOID
#define VOID void
#endif

/* ---- integer types (Windows widths) ---- */
typedef char CHAR, *PCHAR, *PSTR;
typedef const char *PCSTR;
typedef char CCHAR, *PCCHAR;
typedef unsigned char UCHAR, *PUCHAR;
typedef short SHORT, *PSHORT;
typedef unsigned short USHORT, *PUSHORT;
#if defined(_WIN32)
/* LLP64: `long` is 32 bits, and WDK code relies on LONG and ULONG being `long`. */
typedef long LONG, *PLONG;
typedef unsigned long ULONG, *PULONG;
#else
typedef int LONG, *PLONG;
typedef unsigned int ULONG, *PULONG;
#endif
typedef int INT, *PINT;
typedef unsigned int UINT, *PUINT;
typedef long long LONGLONG, *PLONGLONG;
typedef unsigned long long ULONGLONG, *PULONGLONG;
typedef int8_t INT8, *PINT8;
typedef uint8_t UINT8, *PUINT8;
typedef int16_t INT16, *PINT16;
typedef uint16_t UINT16, *PUINT16;
typedef int32_t INT32, *PINT32, LONG32, *PLONG32;
typedef uint32_t UINT32, *PUINT32, ULONG32, *PULONG32, DWORD32;
typedef int64_t INT64, *PINT64, LONG64, *PLONG64;
typedef uint64_t UINT64, *PUINT64, ULONG64, *PULONG64, DWORD64;
typedef int64_t LONG_PTR, *PLONG_PTR, INT_PTR, *PINT_PTR;
typedef uint64_t ULONG_PTR, *PULONG_PTR, UINT_PTR, *PUINT_PTR;
typedef ULONG_PTR SIZE_T, *PSIZE_T;
typedef LONG_PTR SSIZE_T, *PSSIZE_T;
typedef ULONG_PTR KAFFINITY, *PKAFFINITY;
typedef unsigned char BYTE, *PBYTE;
typedef unsigned short WORD, *PWORD;
#if defined(_WIN32)
typedef unsigned long DWORD, *PDWORD;
#else
typedef unsigned int DWORD, *PDWORD;
#endif
typedef uint16_t WCHAR, *PWCHAR, *PWSTR;
typedef const uint16_t *PCWSTR;
typedef UCHAR BOOLEAN, *PBOOLEAN;
typedef void *PVOID, **PPVOID;
typedef const void *PCVOID;
typedef LONG NTSTATUS, *PNTSTATUS;
typedef UCHAR KIRQL, *PKIRQL;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef ANYSIZE_ARRAY
#define ANYSIZE_ARRAY 1
#endif

#define MAXUCHAR 0xff
#define MAXUSHORT 0xffff
#define MAXULONG 0xffffffffU
#define MAXLONG 0x7fffffff
#define MAXLONGLONG 0x7fffffffffffffffLL
#define MAXULONGLONG 0xffffffffffffffffULL

/* ---- 64-bit integers split in halves ---- */
typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG HighPart;
    };
    struct {
        ULONG LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct _UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR Buffer;
} UNICODE_STRING, *PUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR Buffer;
} STRING, ANSI_STRING, *PSTRING, *PANSI_STRING;

#ifndef GUID_DEFINED
#define GUID_DEFINED
typedef struct _GUID {
    ULONG Data1;
    USHORT Data2;
    USHORT Data3;
    UCHAR Data4[8];
} GUID, *LPGUID;
#endif
typedef const GUID *LPCGUID;

/* ---- status codes: every STATUS_* and NT_SUCCESS live in ntstatus.h (included at the end) ---- */

/* ---- helpers every WDK source expects ---- */
#ifndef C_ASSERT
#define C_ASSERT(e) MPABI_STATIC_ASSERT(e, #e)
#endif
#ifndef FIELD_OFFSET
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#endif
#ifndef RTL_FIELD_SIZE
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#endif
#ifndef RTL_NUMBER_OF
#define RTL_NUMBER_OF(A) (sizeof(A) / sizeof((A)[0]))
#endif
#ifndef ARRAYSIZE
#define ARRAYSIZE(A) RTL_NUMBER_OF(A)
#endif
#ifndef CONTAINING_RECORD
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((PCHAR)(address) - (ULONG_PTR)offsetof(type, field)))
#endif
#ifndef UNREFERENCED_PARAMETER
#define UNREFERENCED_PARAMETER(P) ((void)(P))
#endif
#ifndef DBG_UNREFERENCED_PARAMETER
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#endif
#ifndef DBG_UNREFERENCED_LOCAL_VARIABLE
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#endif
#ifndef RtlZeroMemory
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#endif
#ifndef RtlFillMemory
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#endif
#ifndef RtlCopyMemory
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#endif
#ifndef RtlMoveMemory
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#endif
#ifndef RtlEqualMemory
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))
#endif

/* ---- IRQL levels (x64) ---- */
#define PASSIVE_LEVEL 0
#define LOW_LEVEL 0
#define APC_LEVEL 1
#define DISPATCH_LEVEL 2
#define CMCI_LEVEL 5
#define CLOCK_LEVEL 13
#define IPI_LEVEL 14
#define DRS_LEVEL 14
#define POWER_LEVEL 14
#define PROFILE_LEVEL 15
#define HIGH_LEVEL 15

/* The STATUS_* codes; ntstatus.h needs NTSTATUS from above. */
#include "ntstatus.h"

#endif /* MPABI_TYPES_H */
