/*
 * wdm.h - the part of the WDK's wdm.h a storage miniport may use (Windows x64 layouts).
 *
 * Includes ntdef.h (base types), ntstatus.h (STATUS_* codes) and mpabi_kernel.h (the
 * ntoskrnl / HAL routines and the kernel objects they take: events, spin locks, DPCs, timers,
 * pool, MDLs, work items, ...). This header adds the inline helpers the WDK defines in
 * wdm.h itself: doubly and singly linked lists, Interlocked* operations, memory barriers,
 * bit scans and byte swaps, page arithmetic, ASSERT and friends, and the driver-object
 * types DriverEntry sees.
 *
 * Left out on purpose: IRP, IO_STACK_LOCATION and DEVICE_OBJECT are incomplete types here (a
 * miniport never looks inside them; the port owns IRPs), as are FAST_IO_DISPATCH and the
 * security and file-system types. It may be included before or after miniport.h / srb.h or
 * storport.h, in any order.
 */
#ifndef _WDMDDK_
#define _WDMDDK_
#ifndef _WDM_INCLUDED_
#define _WDM_INCLUDED_
#endif

#include "ntdef.h"
#include "ntstatus.h"
#include "mpabi_bus.h"
#include "mpabi_kernel.h"

MPABI_EXTERN_C_BEGIN

/* =====================================================================================
 * Compiler intrinsics. The Windows driver target (clang, x86_64-pc-windows-msvc) knows
 * these as builtins that need a declaration; on Linux they are defined below on gcc/clang
 * builtins.
 * ===================================================================================== */
#if defined(_MSC_VER)
unsigned char _BitScanForward(unsigned long *Index, unsigned long Mask);
unsigned char _BitScanReverse(unsigned long *Index, unsigned long Mask);
unsigned char _BitScanForward64(unsigned long *Index, unsigned long long Mask);
unsigned char _BitScanReverse64(unsigned long *Index, unsigned long long Mask);
void _ReadWriteBarrier(void);
void __faststorefence(void);
void _mm_pause(void);
void _mm_mfence(void);
void _mm_lfence(void);
void _mm_sfence(void);
void __debugbreak(void);
#else
static inline unsigned char _BitScanForward(ULONG *Index, ULONG Mask)
{
    if (Mask == 0)
        return 0;
    *Index = (ULONG)__builtin_ctz(Mask);
    return 1;
}
static inline unsigned char _BitScanReverse(ULONG *Index, ULONG Mask)
{
    if (Mask == 0)
        return 0;
    *Index = 31U - (ULONG)__builtin_clz(Mask);
    return 1;
}
static inline unsigned char _BitScanForward64(ULONG *Index, ULONG64 Mask)
{
    if (Mask == 0)
        return 0;
    *Index = (ULONG)__builtin_ctzll(Mask);
    return 1;
}
static inline unsigned char _BitScanReverse64(ULONG *Index, ULONG64 Mask)
{
    if (Mask == 0)
        return 0;
    *Index = 63U - (ULONG)__builtin_clzll(Mask);
    return 1;
}
static inline unsigned char _bittest(const LONG *Base, LONG Offset)
{
    return (unsigned char)((((const ULONG *)Base)[Offset >> 5] >> (Offset & 31)) & 1);
}
static inline unsigned char _bittestandset(LONG *Base, LONG Offset)
{
    ULONG *word = (ULONG *)Base + (Offset >> 5), bit = 1U << (Offset & 31);
    unsigned char old = (unsigned char)((*word & bit) != 0);
    *word |= bit;
    return old;
}
static inline unsigned char _bittestandreset(LONG *Base, LONG Offset)
{
    ULONG *word = (ULONG *)Base + (Offset >> 5), bit = 1U << (Offset & 31);
    unsigned char old = (unsigned char)((*word & bit) != 0);
    *word &= ~bit;
    return old;
}
static inline unsigned char _bittestandcomplement(LONG *Base, LONG Offset)
{
    ULONG *word = (ULONG *)Base + (Offset >> 5), bit = 1U << (Offset & 31);
    unsigned char old = (unsigned char)((*word & bit) != 0);
    *word ^= bit;
    return old;
}
static inline unsigned char _bittest64(const LONG64 *Base, LONG64 Offset)
{
    return (unsigned char)((((const ULONG64 *)Base)[Offset >> 6] >> (Offset & 63)) & 1);
}
static inline USHORT _byteswap_ushort(USHORT Value) { return __builtin_bswap16(Value); }
static inline ULONG _byteswap_ulong(ULONG Value) { return __builtin_bswap32(Value); }
static inline ULONG64 _byteswap_uint64(ULONG64 Value) { return __builtin_bswap64(Value); }
#define _ReadWriteBarrier() __asm__ __volatile__("" ::: "memory")
#define _ReadBarrier() _ReadWriteBarrier()
#define _WriteBarrier() _ReadWriteBarrier()
#if defined(__x86_64__)
#define _mm_pause() __builtin_ia32_pause()
#define __faststorefence() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define __debugbreak() __asm__ __volatile__("int3")
#else
#define _mm_pause() __asm__ __volatile__("yield")
#define __faststorefence() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define __debugbreak() __builtin_trap()
#endif
#endif /* _MSC_VER */

#define BitScanForward _BitScanForward
#define BitScanReverse _BitScanReverse
#define BitScanForward64 _BitScanForward64
#define BitScanReverse64 _BitScanReverse64
#ifndef _MSC_VER
#define BitTest _bittest
#define BitTestAndSet _bittestandset
#define BitTestAndReset _bittestandreset
#define BitTestAndComplement _bittestandcomplement
#define BitTest64 _bittest64
#endif

/* =====================================================================================
 * Memory ordering.
 * ===================================================================================== */
#ifndef KeMemoryBarrier
/* A full fence: no load or store moves across it (x64: a locked store to the stack). */
#define KeMemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef KeMemoryBarrierWithoutFence
/* Stops the compiler, not the processor, from reordering memory accesses across it. */
#define KeMemoryBarrierWithoutFence() __asm__ __volatile__("" ::: "memory")
#endif
#ifndef MemoryBarrier
#define MemoryBarrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#endif
#ifndef FastFence
#define FastFence() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define LoadFence() __atomic_thread_fence(__ATOMIC_ACQUIRE)
#define StoreFence() __atomic_thread_fence(__ATOMIC_RELEASE)
#endif
#ifndef YieldProcessor
#if defined(__x86_64__)
#define YieldProcessor() __builtin_ia32_pause()
#else
#define YieldProcessor() __asm__ __volatile__("yield")
#endif
#endif
#ifndef PreFetchCacheLine
#define PF_TEMPORAL_LEVEL_1 3
#define PF_NON_TEMPORAL_LEVEL_ALL 0
#define PreFetchCacheLine(l, a) __builtin_prefetch((const void *)(a), 0, (l))
#endif
#ifndef ReadForWriteAccess
#define ReadForWriteAccess(p) (*(p))
#endif

/* =====================================================================================
 * Interlocked operations: each is a full barrier, as on x64. The Acquire / Release /
 * NoFence spellings map to the same operations.
 * ===================================================================================== */
#define MPABI_SEQ __ATOMIC_SEQ_CST

static inline LONG InterlockedIncrement(LONG volatile *Addend) { return __atomic_add_fetch(Addend, 1, MPABI_SEQ); }
static inline LONG InterlockedDecrement(LONG volatile *Addend) { return __atomic_sub_fetch(Addend, 1, MPABI_SEQ); }
static inline LONG InterlockedExchange(LONG volatile *Target, LONG Value) { return __atomic_exchange_n(Target, Value, MPABI_SEQ); }
static inline LONG InterlockedExchangeAdd(LONG volatile *Addend, LONG Value) { return __atomic_fetch_add(Addend, Value, MPABI_SEQ); }
static inline LONG InterlockedAdd(LONG volatile *Addend, LONG Value) { return __atomic_add_fetch(Addend, Value, MPABI_SEQ); }
static inline LONG InterlockedOr(LONG volatile *Destination, LONG Value) { return __atomic_fetch_or(Destination, Value, MPABI_SEQ); }
static inline LONG InterlockedAnd(LONG volatile *Destination, LONG Value) { return __atomic_fetch_and(Destination, Value, MPABI_SEQ); }
static inline LONG InterlockedXor(LONG volatile *Destination, LONG Value) { return __atomic_fetch_xor(Destination, Value, MPABI_SEQ); }
static inline LONG InterlockedCompareExchange(LONG volatile *Destination, LONG Exchange, LONG Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, MPABI_SEQ, MPABI_SEQ);
    return Comparand; /* the initial value, whether or not the exchange happened */
}

static inline LONG64 InterlockedIncrement64(LONG64 volatile *Addend) { return __atomic_add_fetch(Addend, 1, MPABI_SEQ); }
static inline LONG64 InterlockedDecrement64(LONG64 volatile *Addend) { return __atomic_sub_fetch(Addend, 1, MPABI_SEQ); }
static inline LONG64 InterlockedExchange64(LONG64 volatile *Target, LONG64 Value) { return __atomic_exchange_n(Target, Value, MPABI_SEQ); }
static inline LONG64 InterlockedExchangeAdd64(LONG64 volatile *Addend, LONG64 Value) { return __atomic_fetch_add(Addend, Value, MPABI_SEQ); }
static inline LONG64 InterlockedAdd64(LONG64 volatile *Addend, LONG64 Value) { return __atomic_add_fetch(Addend, Value, MPABI_SEQ); }
static inline LONG64 InterlockedOr64(LONG64 volatile *Destination, LONG64 Value) { return __atomic_fetch_or(Destination, Value, MPABI_SEQ); }
static inline LONG64 InterlockedAnd64(LONG64 volatile *Destination, LONG64 Value) { return __atomic_fetch_and(Destination, Value, MPABI_SEQ); }
static inline LONG64 InterlockedXor64(LONG64 volatile *Destination, LONG64 Value) { return __atomic_fetch_xor(Destination, Value, MPABI_SEQ); }
static inline LONG64 InterlockedCompareExchange64(LONG64 volatile *Destination, LONG64 Exchange, LONG64 Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, MPABI_SEQ, MPABI_SEQ);
    return Comparand;
}

static inline CHAR InterlockedExchange8(CHAR volatile *Target, CHAR Value) { return __atomic_exchange_n(Target, Value, MPABI_SEQ); }
static inline CHAR InterlockedOr8(CHAR volatile *Destination, CHAR Value) { return __atomic_fetch_or(Destination, Value, MPABI_SEQ); }
static inline CHAR InterlockedAnd8(CHAR volatile *Destination, CHAR Value) { return __atomic_fetch_and(Destination, Value, MPABI_SEQ); }
static inline CHAR InterlockedXor8(CHAR volatile *Destination, CHAR Value) { return __atomic_fetch_xor(Destination, Value, MPABI_SEQ); }
static inline CHAR InterlockedCompareExchange8(CHAR volatile *Destination, CHAR Exchange, CHAR Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, MPABI_SEQ, MPABI_SEQ);
    return Comparand;
}
static inline SHORT InterlockedIncrement16(SHORT volatile *Addend) { return __atomic_add_fetch(Addend, 1, MPABI_SEQ); }
static inline SHORT InterlockedDecrement16(SHORT volatile *Addend) { return __atomic_sub_fetch(Addend, 1, MPABI_SEQ); }
static inline SHORT InterlockedExchange16(SHORT volatile *Target, SHORT Value) { return __atomic_exchange_n(Target, Value, MPABI_SEQ); }
static inline SHORT InterlockedOr16(SHORT volatile *Destination, SHORT Value) { return __atomic_fetch_or(Destination, Value, MPABI_SEQ); }
static inline SHORT InterlockedAnd16(SHORT volatile *Destination, SHORT Value) { return __atomic_fetch_and(Destination, Value, MPABI_SEQ); }
static inline SHORT InterlockedXor16(SHORT volatile *Destination, SHORT Value) { return __atomic_fetch_xor(Destination, Value, MPABI_SEQ); }
static inline SHORT InterlockedCompareExchange16(SHORT volatile *Destination, SHORT Exchange, SHORT Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, MPABI_SEQ, MPABI_SEQ);
    return Comparand;
}

static inline PVOID InterlockedExchangePointer(PVOID volatile *Target, PVOID Value)
{
    return __atomic_exchange_n(Target, Value, MPABI_SEQ);
}
static inline PVOID InterlockedCompareExchangePointer(PVOID volatile *Destination, PVOID Exchange, PVOID Comparand)
{
    __atomic_compare_exchange_n(Destination, &Comparand, Exchange, 0, MPABI_SEQ, MPABI_SEQ);
    return Comparand;
}

/* Bit Offset of the bit string at Base: set / clear it and return its previous value. */
static inline BOOLEAN InterlockedBitTestAndSet(LONG volatile *Base, LONG Offset)
{
    LONG bit = (LONG)(1U << (Offset & 31));
    return (BOOLEAN)((__atomic_fetch_or(Base + (Offset >> 5), bit, MPABI_SEQ) & bit) != 0);
}
static inline BOOLEAN InterlockedBitTestAndReset(LONG volatile *Base, LONG Offset)
{
    LONG bit = (LONG)(1U << (Offset & 31));
    return (BOOLEAN)((__atomic_fetch_and(Base + (Offset >> 5), ~bit, MPABI_SEQ) & bit) != 0);
}
static inline BOOLEAN InterlockedBitTestAndComplement(LONG volatile *Base, LONG Offset)
{
    LONG bit = (LONG)(1U << (Offset & 31));
    return (BOOLEAN)((__atomic_fetch_xor(Base + (Offset >> 5), bit, MPABI_SEQ) & bit) != 0);
}
static inline BOOLEAN InterlockedBitTestAndSet64(LONG64 volatile *Base, LONG64 Offset)
{
    LONG64 bit = (LONG64)(1ULL << (Offset & 63));
    return (BOOLEAN)((__atomic_fetch_or(Base + (Offset >> 6), bit, MPABI_SEQ) & bit) != 0);
}
static inline BOOLEAN InterlockedBitTestAndReset64(LONG64 volatile *Base, LONG64 Offset)
{
    LONG64 bit = (LONG64)(1ULL << (Offset & 63));
    return (BOOLEAN)((__atomic_fetch_and(Base + (Offset >> 6), ~bit, MPABI_SEQ) & bit) != 0);
}

/* The compiler-intrinsic spellings (the Windows target has them built in). */
#ifndef _MSC_VER
#define _InterlockedIncrement InterlockedIncrement
#define _InterlockedDecrement InterlockedDecrement
#define _InterlockedExchange InterlockedExchange
#define _InterlockedExchangeAdd InterlockedExchangeAdd
#define _InterlockedCompareExchange InterlockedCompareExchange
#define _InterlockedOr InterlockedOr
#define _InterlockedAnd InterlockedAnd
#define _InterlockedXor InterlockedXor
#define _InterlockedIncrement64 InterlockedIncrement64
#define _InterlockedDecrement64 InterlockedDecrement64
#define _InterlockedExchange64 InterlockedExchange64
#define _InterlockedExchangeAdd64 InterlockedExchangeAdd64
#define _InterlockedCompareExchange64 InterlockedCompareExchange64
#define _InterlockedOr64 InterlockedOr64
#define _InterlockedAnd64 InterlockedAnd64
#define _InterlockedXor64 InterlockedXor64
#define _InterlockedExchange8 InterlockedExchange8
#define _InterlockedOr8 InterlockedOr8
#define _InterlockedAnd8 InterlockedAnd8
#define _InterlockedXor8 InterlockedXor8
#define _InterlockedCompareExchange8 InterlockedCompareExchange8
#define _InterlockedIncrement16 InterlockedIncrement16
#define _InterlockedDecrement16 InterlockedDecrement16
#define _InterlockedExchange16 InterlockedExchange16
#define _InterlockedOr16 InterlockedOr16
#define _InterlockedAnd16 InterlockedAnd16
#define _InterlockedXor16 InterlockedXor16
#define _InterlockedCompareExchange16 InterlockedCompareExchange16
#define _InterlockedExchangePointer InterlockedExchangePointer
#define _InterlockedCompareExchangePointer InterlockedCompareExchangePointer
#define _interlockedbittestandset InterlockedBitTestAndSet
#define _interlockedbittestandreset InterlockedBitTestAndReset
#define _interlockedbittestandset64 InterlockedBitTestAndSet64
#define _interlockedbittestandreset64 InterlockedBitTestAndReset64
#endif

#define InterlockedExchangeAddSizeT(a, b) ((SIZE_T)InterlockedExchangeAdd64((LONG64 volatile *)(a), (LONG64)(b)))
#define InterlockedIncrementSizeT(a) ((SIZE_T)InterlockedIncrement64((LONG64 volatile *)(a)))
#define InterlockedDecrementSizeT(a) ((SIZE_T)InterlockedDecrement64((LONG64 volatile *)(a)))
#define InterlockedIncrementAcquire InterlockedIncrement
#define InterlockedIncrementRelease InterlockedIncrement
#define InterlockedIncrementNoFence InterlockedIncrement
#define InterlockedDecrementAcquire InterlockedDecrement
#define InterlockedDecrementRelease InterlockedDecrement
#define InterlockedDecrementNoFence InterlockedDecrement
#define InterlockedExchangeAcquire InterlockedExchange
#define InterlockedExchangeNoFence InterlockedExchange
#define InterlockedExchangeAddAcquire InterlockedExchangeAdd
#define InterlockedExchangeAddRelease InterlockedExchangeAdd
#define InterlockedExchangeAddNoFence InterlockedExchangeAdd
#define InterlockedCompareExchangeAcquire InterlockedCompareExchange
#define InterlockedCompareExchangeRelease InterlockedCompareExchange
#define InterlockedCompareExchangeNoFence InterlockedCompareExchange
#define InterlockedCompareExchangeAcquire64 InterlockedCompareExchange64
#define InterlockedCompareExchangeRelease64 InterlockedCompareExchange64
#define InterlockedCompareExchangeNoFence64 InterlockedCompareExchange64
#define InterlockedOrAcquire InterlockedOr
#define InterlockedOrRelease InterlockedOr
#define InterlockedOrNoFence InterlockedOr
#define InterlockedAndAcquire InterlockedAnd
#define InterlockedAndRelease InterlockedAnd
#define InterlockedAndNoFence InterlockedAnd
#define InterlockedExchangePointerAcquire InterlockedExchangePointer
#define InterlockedExchangePointerNoFence InterlockedExchangePointer
#define InterlockedCompareExchangePointerAcquire InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerRelease InterlockedCompareExchangePointer
#define InterlockedCompareExchangePointerNoFence InterlockedCompareExchangePointer

/* Plain loads and stores with acquire / release ordering (or none). */
static inline LONG ReadAcquire(LONG const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_ACQUIRE); }
static inline LONG ReadNoFence(LONG const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_RELAXED); }
static inline void WriteRelease(LONG volatile *Destination, LONG Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELEASE); }
static inline void WriteNoFence(LONG volatile *Destination, LONG Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELAXED); }
static inline LONG64 ReadAcquire64(LONG64 const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_ACQUIRE); }
static inline LONG64 ReadNoFence64(LONG64 const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_RELAXED); }
static inline void WriteRelease64(LONG64 volatile *Destination, LONG64 Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELEASE); }
static inline void WriteNoFence64(LONG64 volatile *Destination, LONG64 Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELAXED); }
static inline PVOID ReadPointerAcquire(PVOID const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_ACQUIRE); }
static inline PVOID ReadPointerNoFence(PVOID const volatile *Source) { return __atomic_load_n(Source, __ATOMIC_RELAXED); }
static inline void WritePointerRelease(PVOID volatile *Destination, PVOID Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELEASE); }
static inline void WritePointerNoFence(PVOID volatile *Destination, PVOID Value) { __atomic_store_n(Destination, Value, __ATOMIC_RELAXED); }

/* =====================================================================================
 * Byte order.
 * ===================================================================================== */
#ifndef RtlUshortByteSwap
#define RtlUshortByteSwap(_x) ((USHORT)__builtin_bswap16((USHORT)(_x)))
#define RtlUlongByteSwap(_x) ((ULONG)__builtin_bswap32((ULONG)(_x)))
#define RtlUlonglongByteSwap(_x) ((ULONGLONG)__builtin_bswap64((ULONGLONG)(_x)))
#endif

/* =====================================================================================
 * Doubly and singly linked lists (LIST_ENTRY heads are circular; an empty head points at
 * itself).
 * ===================================================================================== */
FORCEINLINE VOID InitializeListHead(_Out_ PLIST_ENTRY ListHead)
{
    ListHead->Flink = ListHead->Blink = ListHead;
}

FORCEINLINE BOOLEAN IsListEmpty(_In_ const LIST_ENTRY *ListHead)
{
    return (BOOLEAN)(ListHead->Flink == ListHead);
}

/* Unlinks Entry; TRUE when the list it was on is now empty. */
FORCEINLINE BOOLEAN RemoveEntryList(_In_ PLIST_ENTRY Entry)
{
    PLIST_ENTRY next = Entry->Flink, previous = Entry->Blink;
    previous->Flink = next;
    next->Blink = previous;
    return (BOOLEAN)(next == previous);
}

/* Unlinks and returns the first entry (the head itself when the list is empty). */
FORCEINLINE PLIST_ENTRY RemoveHeadList(_Inout_ PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Flink, next = entry->Flink;
    ListHead->Flink = next;
    next->Blink = ListHead;
    return entry;
}

/* Unlinks and returns the last entry (the head itself when the list is empty). */
FORCEINLINE PLIST_ENTRY RemoveTailList(_Inout_ PLIST_ENTRY ListHead)
{
    PLIST_ENTRY entry = ListHead->Blink, previous = entry->Blink;
    ListHead->Blink = previous;
    previous->Flink = ListHead;
    return entry;
}

FORCEINLINE VOID InsertTailList(_Inout_ PLIST_ENTRY ListHead, _Out_ PLIST_ENTRY Entry)
{
    PLIST_ENTRY last = ListHead->Blink;
    Entry->Flink = ListHead;
    Entry->Blink = last;
    last->Flink = Entry;
    ListHead->Blink = Entry;
}

FORCEINLINE VOID InsertHeadList(_Inout_ PLIST_ENTRY ListHead, _Out_ PLIST_ENTRY Entry)
{
    PLIST_ENTRY first = ListHead->Flink;
    Entry->Flink = first;
    Entry->Blink = ListHead;
    first->Blink = Entry;
    ListHead->Flink = Entry;
}

/* Splices the headless ring that ListToAppend starts onto the end of ListHead. */
FORCEINLINE VOID AppendTailList(_Inout_ PLIST_ENTRY ListHead, _Inout_ PLIST_ENTRY ListToAppend)
{
    PLIST_ENTRY last = ListHead->Blink;
    ListHead->Blink->Flink = ListToAppend;
    ListHead->Blink = ListToAppend->Blink;
    ListToAppend->Blink->Flink = ListHead;
    ListToAppend->Blink = last;
}

FORCEINLINE PSINGLE_LIST_ENTRY PopEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead)
{
    PSINGLE_LIST_ENTRY first = ListHead->Next;
    if (first != NULL)
        ListHead->Next = first->Next;
    return first;
}

FORCEINLINE VOID PushEntryList(_Inout_ PSINGLE_LIST_ENTRY ListHead, _Inout_ PSINGLE_LIST_ENTRY Entry)
{
    Entry->Next = ListHead->Next;
    ListHead->Next = Entry;
}

/* =====================================================================================
 * Pages (x64: 4 KiB).
 * ===================================================================================== */
#ifndef PAGE_SIZE
#define PAGE_SIZE 0x1000
#endif
#ifndef PAGE_SHIFT
#define PAGE_SHIFT 12L
#endif
#ifndef PAGE_ALIGN
#define PAGE_ALIGN(Va) ((PVOID)((ULONG_PTR)(Va) & ~(PAGE_SIZE - 1)))
#endif
#ifndef BYTE_OFFSET
#define BYTE_OFFSET(Va) ((ULONG)((LONG_PTR)(Va) & (PAGE_SIZE - 1)))
#endif
#ifndef ROUND_TO_PAGES
#define ROUND_TO_PAGES(Size) (((ULONG_PTR)(Size) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#endif
#ifndef BYTES_TO_PAGES
#define BYTES_TO_PAGES(Size) (((Size) >> PAGE_SHIFT) + (((Size) & (PAGE_SIZE - 1)) != 0))
#endif
#ifndef ADDRESS_AND_SIZE_TO_SPAN_PAGES
#define ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size) \
    ((BYTE_OFFSET(Va) + ((SIZE_T)(Size)) + (PAGE_SIZE - 1)) >> PAGE_SHIFT)
#endif
#ifndef COMPUTE_PAGES_SPANNED
#define COMPUTE_PAGES_SPANNED(Va, Size) ADDRESS_AND_SIZE_TO_SPAN_PAGES(Va, Size)
#endif

/* =====================================================================================
 * Flags.
 * ===================================================================================== */
#ifndef FlagOn
#define FlagOn(_F, _SF) ((_F) & (_SF))
#endif
#ifndef BooleanFlagOn
#define BooleanFlagOn(F, SF) ((BOOLEAN)(((F) & (SF)) != 0))
#endif
#ifndef SetFlag
#define SetFlag(_F, _SF) ((_F) |= (_SF))
#endif
#ifndef ClearFlag
#define ClearFlag(_F, _SF) ((_F) &= ~(_SF))
#endif

/* =====================================================================================
 * Assertions: nothing unless the driver is built with DBG=1, then RtlAssert (the kernel's
 * assertion report) with the expression text, file and line.
 * ===================================================================================== */
#if defined(DBG) && DBG
#ifndef MPABI_RTLASSERT_DECLARED
#define MPABI_RTLASSERT_DECLARED
NTSYSAPI VOID NTAPI RtlAssert(_In_ PVOID VoidFailedAssertion, _In_ PVOID VoidFileName,
                              _In_ ULONG LineNumber, _In_opt_ PSTR MutableMessage);
#endif
#define MPABI_ASSERT_REPORT(text, msg) \
    (RtlAssert((PVOID)(text), (PVOID)__FILE__, (ULONG)__LINE__, (PSTR)(msg)), FALSE)
#define ASSERT(exp) ((void)((!(exp)) ? MPABI_ASSERT_REPORT(#exp, NULL) : TRUE))
#define ASSERTMSG(msg, exp) ((void)((!(exp)) ? MPABI_ASSERT_REPORT(#exp, msg) : TRUE))
#define RTL_SOFT_ASSERT(exp) ASSERT(exp)
#define RTL_SOFT_ASSERTMSG(msg, exp) ASSERTMSG(msg, exp)
#define RTL_VERIFY(exp) ((!(exp)) ? MPABI_ASSERT_REPORT(#exp, NULL) : TRUE)
#define RTL_VERIFYMSG(msg, exp) ((!(exp)) ? MPABI_ASSERT_REPORT(#exp, msg) : TRUE)
#define RTL_SOFT_VERIFY(exp) RTL_VERIFY(exp)
#define RTL_SOFT_VERIFYMSG(msg, exp) RTL_VERIFYMSG(msg, exp)
#define NT_ASSERT(exp) ((void)((!(exp)) ? MPABI_ASSERT_REPORT(#exp, NULL) : TRUE))
#define NT_ASSERTMSG(msg, exp) ((void)((!(exp)) ? MPABI_ASSERT_REPORT(#exp, msg) : TRUE))
#define NT_ASSERTMSGW(msg, exp) ((void)((!(exp)) ? MPABI_ASSERT_REPORT(#exp, NULL) : TRUE))
#define NT_VERIFY(exp) ((!(exp)) ? MPABI_ASSERT_REPORT(#exp, NULL) : TRUE)
#define NT_VERIFYMSG(msg, exp) ((!(exp)) ? MPABI_ASSERT_REPORT(#exp, msg) : TRUE)
#define NT_VERIFYMSGW(msg, exp) NT_VERIFY(exp)
#else
#define ASSERT(exp) ((void)0)
#define ASSERTMSG(msg, exp) ((void)0)
#define RTL_SOFT_ASSERT(exp) ((void)0)
#define RTL_SOFT_ASSERTMSG(msg, exp) ((void)0)
#define RTL_VERIFY(exp) ((exp) ? TRUE : FALSE)
#define RTL_VERIFYMSG(msg, exp) ((exp) ? TRUE : FALSE)
#define RTL_SOFT_VERIFY(exp) ((exp) ? TRUE : FALSE)
#define RTL_SOFT_VERIFYMSG(msg, exp) ((exp) ? TRUE : FALSE)
#define NT_ASSERT(exp) ((void)0)
#define NT_ASSERTMSG(msg, exp) ((void)0)
#define NT_ASSERTMSGW(msg, exp) ((void)0)
#define NT_VERIFY(exp) ((exp) ? TRUE : FALSE)
#define NT_VERIFYMSG(msg, exp) ((exp) ? TRUE : FALSE)
#define NT_VERIFYMSGW(msg, exp) ((exp) ? TRUE : FALSE)
#endif
#define NT_ASSERT_ACTION(exp) NT_ASSERT(exp)
#define NT_ASSERT_ASSUME(exp) NT_ASSERT(exp)
#define NT_ASSERT_NOASSUME(exp) NT_ASSERT(exp)
#define NT_FRE_ASSERT(exp) NT_ASSERT(exp)
#define NT_ANALYSIS_ASSUME(exp) ((void)0)

/* =====================================================================================
 * Code sections and debugger output. Pageable and discardable sections do not exist here:
 * PAGED_CODE() checks nothing and the section markers are empty. ALLOC_PRAGMA is not defined,
 * so `#ifdef ALLOC_PRAGMA` / `#pragma alloc_text(...)` blocks drop out as with other compilers.
 * KdPrint / KdPrintEx reach DbgPrint / DbgPrintEx only when DBG=1, as in the WDK.
 * ===================================================================================== */
#ifndef PAGED_CODE
#define PAGED_CODE() ((void)0)
#endif
#ifndef PAGED_CODE_LOCKED
#define PAGED_CODE_LOCKED() ((void)0)
#endif
#ifndef CODE_SEG
#define CODE_SEG(segment)
#endif
#ifndef PAGED_CODE_SEG
#define PAGED_CODE_SEG
#endif
#ifndef INIT_CODE_SEG
#define INIT_CODE_SEG
#endif
#ifndef PAGE_SEG
#define PAGE_SEG
#endif
#ifndef KdPrint
#if defined(DBG) && DBG
#define KdPrint(_x_) DbgPrint _x_
#define KdPrintEx(_x_) DbgPrintEx _x_
#define vKdPrintEx(_x_) vDbgPrintEx _x_
#define vKdPrintExWithPrefix(_x_) vDbgPrintExWithPrefix _x_
#define KdBreakPoint() DbgBreakPoint()
#define KdBreakPointWithStatus(s) DbgBreakPointWithStatus(s)
#else
#define KdPrint(_x_)
#define KdPrintEx(_x_)
#define vKdPrintEx(_x_)
#define vKdPrintExWithPrefix(_x_)
#define KdBreakPoint()
#define KdBreakPointWithStatus(s)
#endif
#endif

/* =====================================================================================
 * Power states and actions (what a miniport reads from power SRBs and STOR_POWER_* data).
 * ===================================================================================== */
typedef enum _SYSTEM_POWER_STATE {
    PowerSystemUnspecified = 0,
    PowerSystemWorking = 1,
    PowerSystemSleeping1 = 2,
    PowerSystemSleeping2 = 3,
    PowerSystemSleeping3 = 4,
    PowerSystemHibernate = 5,
    PowerSystemShutdown = 6,
    PowerSystemMaximum = 7
} SYSTEM_POWER_STATE, *PSYSTEM_POWER_STATE;
#define POWER_SYSTEM_MAXIMUM 7

typedef enum _DEVICE_POWER_STATE {
    PowerDeviceUnspecified = 0,
    PowerDeviceD0 = 1,
    PowerDeviceD1 = 2,
    PowerDeviceD2 = 3,
    PowerDeviceD3 = 4,
    PowerDeviceMaximum = 5
} DEVICE_POWER_STATE, *PDEVICE_POWER_STATE;

typedef enum _POWER_ACTION {
    PowerActionNone = 0,
    PowerActionReserved = 1,
    PowerActionSleep = 2,
    PowerActionHibernate = 3,
    PowerActionShutdown = 4,
    PowerActionShutdownReset = 5,
    PowerActionShutdownOff = 6,
    PowerActionWarmEject = 7,
    PowerActionDisplayOff = 8
} POWER_ACTION, *PPOWER_ACTION;

typedef enum _POWER_STATE_TYPE {
    SystemPowerState = 0,
    DevicePowerState = 1
} POWER_STATE_TYPE, *PPOWER_STATE_TYPE;

typedef union _POWER_STATE {
    SYSTEM_POWER_STATE SystemState;
    DEVICE_POWER_STATE DeviceState;
} POWER_STATE, *PPOWER_STATE;

/* =====================================================================================
 * Driver objects, as DriverEntry receives them.
 * ===================================================================================== */
struct _DEVICE_OBJECT;
struct _IRP;
struct _IO_STACK_LOCATION;
struct _FAST_IO_DISPATCH;
struct _DRIVER_OBJECT;
struct _KDPC;
struct _KINTERRUPT;
typedef struct _DEVICE_OBJECT *PDEVICE_OBJECT;
typedef struct _IRP *PIRP;
typedef struct _IO_STACK_LOCATION *PIO_STACK_LOCATION;
typedef struct _FAST_IO_DISPATCH *PFAST_IO_DISPATCH;
typedef struct _DRIVER_OBJECT *PDRIVER_OBJECT;

/* 16 bytes on x64. */
typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID Pointer;
    };
    ULONG_PTR Information;
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

typedef NTSTATUS DRIVER_INITIALIZE(_In_ struct _DRIVER_OBJECT *DriverObject, _In_ PUNICODE_STRING RegistryPath);
typedef DRIVER_INITIALIZE *PDRIVER_INITIALIZE;
typedef VOID DRIVER_UNLOAD(_In_ struct _DRIVER_OBJECT *DriverObject);
typedef DRIVER_UNLOAD *PDRIVER_UNLOAD;
typedef NTSTATUS DRIVER_ADD_DEVICE(_In_ struct _DRIVER_OBJECT *DriverObject,
                                   _In_ struct _DEVICE_OBJECT *PhysicalDeviceObject);
typedef DRIVER_ADD_DEVICE *PDRIVER_ADD_DEVICE;
typedef NTSTATUS DRIVER_DISPATCH(_In_ struct _DEVICE_OBJECT *DeviceObject, _Inout_ struct _IRP *Irp);
typedef DRIVER_DISPATCH *PDRIVER_DISPATCH;
typedef DRIVER_DISPATCH DRIVER_DISPATCH_RAISED;
typedef DRIVER_DISPATCH DRIVER_DISPATCH_PAGED;
typedef VOID DRIVER_STARTIO(_Inout_ struct _DEVICE_OBJECT *DeviceObject, _Inout_ struct _IRP *Irp);
typedef DRIVER_STARTIO *PDRIVER_STARTIO;
typedef VOID DRIVER_CANCEL(_Inout_ struct _DEVICE_OBJECT *DeviceObject, _Inout_ struct _IRP *Irp);
typedef DRIVER_CANCEL *PDRIVER_CANCEL;
typedef NTSTATUS IO_COMPLETION_ROUTINE(_In_ struct _DEVICE_OBJECT *DeviceObject, _In_ struct _IRP *Irp,
                                       _In_opt_ PVOID Context);
typedef IO_COMPLETION_ROUTINE *PIO_COMPLETION_ROUTINE;
typedef VOID IO_DPC_ROUTINE(_In_ struct _KDPC *Dpc, _In_ struct _DEVICE_OBJECT *DeviceObject,
                            _Inout_ struct _IRP *Irp, _In_opt_ PVOID Context);
typedef IO_DPC_ROUTINE *PIO_DPC_ROUTINE;
typedef BOOLEAN KSERVICE_ROUTINE(_In_ struct _KINTERRUPT *Interrupt, _In_opt_ PVOID ServiceContext);
typedef KSERVICE_ROUTINE *PKSERVICE_ROUTINE;
typedef BOOLEAN KMESSAGE_SERVICE_ROUTINE(_In_ struct _KINTERRUPT *Interrupt, _In_ PVOID ServiceContext,
                                         _In_ ULONG MessageID);
typedef KMESSAGE_SERVICE_ROUTINE *PKMESSAGE_SERVICE_ROUTINE;
typedef BOOLEAN KSYNCHRONIZE_ROUTINE(_In_opt_ PVOID SynchronizeContext);
typedef KSYNCHRONIZE_ROUTINE *PKSYNCHRONIZE_ROUTINE;

/* Major function codes (DRIVER_OBJECT.MajorFunction indexes). */
#define IRP_MJ_CREATE 0x00
#define IRP_MJ_CREATE_NAMED_PIPE 0x01
#define IRP_MJ_CLOSE 0x02
#define IRP_MJ_READ 0x03
#define IRP_MJ_WRITE 0x04
#define IRP_MJ_QUERY_INFORMATION 0x05
#define IRP_MJ_SET_INFORMATION 0x06
#define IRP_MJ_QUERY_EA 0x07
#define IRP_MJ_SET_EA 0x08
#define IRP_MJ_FLUSH_BUFFERS 0x09
#define IRP_MJ_QUERY_VOLUME_INFORMATION 0x0a
#define IRP_MJ_SET_VOLUME_INFORMATION 0x0b
#define IRP_MJ_DIRECTORY_CONTROL 0x0c
#define IRP_MJ_FILE_SYSTEM_CONTROL 0x0d
#define IRP_MJ_DEVICE_CONTROL 0x0e
#define IRP_MJ_INTERNAL_DEVICE_CONTROL 0x0f
#define IRP_MJ_SCSI IRP_MJ_INTERNAL_DEVICE_CONTROL
#define IRP_MJ_SHUTDOWN 0x10
#define IRP_MJ_LOCK_CONTROL 0x11
#define IRP_MJ_CLEANUP 0x12
#define IRP_MJ_CREATE_MAILSLOT 0x13
#define IRP_MJ_QUERY_SECURITY 0x14
#define IRP_MJ_SET_SECURITY 0x15
#define IRP_MJ_POWER 0x16
#define IRP_MJ_SYSTEM_CONTROL 0x17
#define IRP_MJ_DEVICE_CHANGE 0x18
#define IRP_MJ_QUERY_QUOTA 0x19
#define IRP_MJ_SET_QUOTA 0x1a
#define IRP_MJ_PNP 0x1b
#define IRP_MJ_PNP_POWER IRP_MJ_PNP
#define IRP_MJ_MAXIMUM_FUNCTION 0x1b

/* 40 bytes on x64. */
typedef struct _DRIVER_EXTENSION {
    struct _DRIVER_OBJECT *DriverObject;
    PDRIVER_ADD_DEVICE AddDevice;
    ULONG Count;
    UNICODE_STRING ServiceKeyName;
} DRIVER_EXTENSION, *PDRIVER_EXTENSION;

#define DRVO_UNLOAD_INVOKED 0x00000001
#define DRVO_LEGACY_DRIVER 0x00000002
#define DRVO_BUILTIN_DRIVER 0x00000004

/* 336 bytes on x64 (MajorFunction at 0x70). */
typedef struct _DRIVER_OBJECT {
    CSHORT Type;
    CSHORT Size;
    PDEVICE_OBJECT DeviceObject;
    ULONG Flags;
    PVOID DriverStart;
    ULONG DriverSize;
    PVOID DriverSection;
    PDRIVER_EXTENSION DriverExtension;
    UNICODE_STRING DriverName;
    PUNICODE_STRING HardwareDatabase;
    PFAST_IO_DISPATCH FastIoDispatch;
    PDRIVER_INITIALIZE DriverInit;
    PDRIVER_STARTIO DriverStartIo;
    PDRIVER_UNLOAD DriverUnload;
    PDRIVER_DISPATCH MajorFunction[IRP_MJ_MAXIMUM_FUNCTION + 1];
} DRIVER_OBJECT;

C_ASSERT(sizeof(IO_STATUS_BLOCK) == 16);
C_ASSERT(sizeof(DRIVER_EXTENSION) == 40);
C_ASSERT(sizeof(DRIVER_OBJECT) == 336);
C_ASSERT(FIELD_OFFSET(DRIVER_OBJECT, MajorFunction) == 0x70);

MPABI_EXTERN_C_END

#endif /* _WDMDDK_ */
