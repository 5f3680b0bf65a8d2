/*
 * mpabi_kernel_inline.h - the kernel routines the x64 WDK headers define as macros or inline
 * functions, for the Windows driver target (_WIN32): mpabi_kernel.h includes it there, in place
 * of their declarations. They are the `inline` entries of mpabi_kernel_exports.h: no module
 * exports them, so a .sys computes them itself, as WDK-built code does:
 *
 *   IRQL             the current IRQL is CR8 (the task-priority register): KeGetCurrentIrql
 *                    reads it, KeRaiseIrql / KeRaiseIrqlToDpcLevel / KeLowerIrql write it;
 *   clock            KeQuerySystemTime, KeQueryInterruptTime and KeQueryTickCount read the
 *                    KSYSTEM_TIME values of KUSER_SHARED_DATA at KI_USER_SHARED_DATA
 *                    (InterruptTime at +0x08, SystemTime at +0x14, TickCount at +0x320);
 *   built on exports KeInitializeSpinLock, KeAcquireSpinLock (KeAcquireSpinLockRaiseToDpc),
 *                    KeGetCurrentProcessorNumber (KeGetCurrentProcessorNumberEx),
 *                    ExAllocatePoolZero / ExAllocatePoolUninitialized (ExAllocatePoolWithTag),
 *                    MmGetSystemAddressForMdlSafe (MmMapLockedPagesSpecifyCache).
 *
 * A loader running a .sys outside a kernel traps and emulates the CR8 moves and the reads of
 * the KUSER_SHARED_DATA page. In a Linux .so the import stub defines these routines instead.
 */
#ifndef MPABI_KERNEL_INLINE_H
#define MPABI_KERNEL_INLINE_H

#if defined(_WIN32) && !defined(MPABI_HOST_VIEW)

#ifndef KI_USER_SHARED_DATA
#define KI_USER_SHARED_DATA 0xFFFFF78000000000ULL
#endif

/* Offsets in KUSER_SHARED_DATA of the KSYSTEM_TIME values {ULONG LowPart; LONG High1Time;
 * LONG High2Time;} (TickCountMultiplier, unused here, is the ULONG at +0x04). */
#define MPABI_KUSD_INTERRUPT_TIME 0x008
#define MPABI_KUSD_SYSTEM_TIME    0x014
#define MPABI_KUSD_TICK_COUNT     0x320

/* A KSYSTEM_TIME as one 64-bit value. The writer stores High2Time, LowPart, then High1Time;
 * a reader that sees High1Time equal to High2Time around LowPart has a consistent value. */
FORCEINLINE ULONGLONG MpAbiReadSystemTime(ULONG Offset)
{
    volatile const ULONG *time = (volatile const ULONG *)(ULONG_PTR)(KI_USER_SHARED_DATA + Offset);
    ULONG low, high;
    do {
        high = time[1];
        low = time[0];
    } while (high != time[2]);
    return ((ULONGLONG)high << 32) | low;
}

FORCEINLINE KIRQL MpAbiReadCr8(VOID)
{
    ULONG64 value;
    __asm__ __volatile__("movq %%cr8, %0" : "=r"(value) : : "memory");
    return (KIRQL)value;
}

FORCEINLINE VOID MpAbiWriteCr8(KIRQL Irql)
{
    ULONG64 value = Irql;
    __asm__ __volatile__("movq %0, %%cr8" : : "r"(value) : "memory");
}

/* ---- clock ---- */
FORCEINLINE VOID KeQuerySystemTime(_Out_ PLARGE_INTEGER CurrentTime)
{
    CurrentTime->QuadPart = (LONGLONG)MpAbiReadSystemTime(MPABI_KUSD_SYSTEM_TIME);
}
FORCEINLINE ULONGLONG KeQueryInterruptTime(VOID)
{
    return MpAbiReadSystemTime(MPABI_KUSD_INTERRUPT_TIME);
}
FORCEINLINE VOID KeQueryTickCount(_Out_ PLARGE_INTEGER CurrentCount)
{
    CurrentCount->QuadPart = (LONGLONG)MpAbiReadSystemTime(MPABI_KUSD_TICK_COUNT);
}

/* ---- IRQL ---- */
FORCEINLINE KIRQL KeGetCurrentIrql(VOID)
{
    return MpAbiReadCr8();
}
FORCEINLINE VOID KeRaiseIrql(_In_ KIRQL NewIrql, _Out_ PKIRQL OldIrql)
{
    *OldIrql = MpAbiReadCr8();
    MpAbiWriteCr8(NewIrql);
}
FORCEINLINE VOID KeLowerIrql(_In_ KIRQL NewIrql)
{
    MpAbiWriteCr8(NewIrql);
}
FORCEINLINE KIRQL KeRaiseIrqlToDpcLevel(VOID)
{
    KIRQL old = MpAbiReadCr8();
    MpAbiWriteCr8(DISPATCH_LEVEL);
    return old;
}

/* ---- spin locks ---- */
FORCEINLINE VOID KeInitializeSpinLock(_Out_ PKSPIN_LOCK SpinLock)
{
    *SpinLock = 0;
}
FORCEINLINE VOID KeAcquireSpinLock(_Inout_ PKSPIN_LOCK SpinLock, _Out_ PKIRQL OldIrql)
{
    *OldIrql = KeAcquireSpinLockRaiseToDpc(SpinLock);
}

/* ---- processors ---- */
FORCEINLINE ULONG KeGetCurrentProcessorNumber(VOID)
{
    return KeGetCurrentProcessorNumberEx(NULL);
}

/* ---- pool ---- */
FORCEINLINE PVOID ExAllocatePoolZero(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag)
{
    PVOID memory = ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
    if (memory != NULL)
        RtlZeroMemory(memory, NumberOfBytes);
    return memory;
}
FORCEINLINE PVOID ExAllocatePoolUninitialized(_In_ POOL_TYPE PoolType, _In_ SIZE_T NumberOfBytes, _In_ ULONG Tag)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, Tag);
}

/* ---- MDLs ---- */
FORCEINLINE PVOID MmGetSystemAddressForMdlSafe(_Inout_ PMDL Mdl, _In_ ULONG Priority)
{
    if (Mdl->MdlFlags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
        return Mdl->MappedSystemVa;
    return MmMapLockedPagesSpecifyCache(Mdl, KernelMode, MmCached, NULL, FALSE, Priority);
}

#endif /* _WIN32 && !MPABI_HOST_VIEW */

#endif /* MPABI_KERNEL_INLINE_H */
