import CMiniportABI
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

extension PortDriver {
    // MARK: pool

    /// ExAllocatePool* / MmAllocateContiguousMemory*: accounted per driver; refused in a dump
    /// mode (dump.pool: the dump stack has no pool). NULL on failure, as documented.
    func allocatePool(kind: ULONG, _ typeOrFlags: UInt64, bytes: Int, tag: ULONG) -> UnsafeMutableRawPointer? {
        let routine: String
        var zero = false
        switch kind {
        case ULONG(MpAbiPoolZero.rawValue): routine = "ExAllocatePoolZero"; zero = true
        case ULONG(MpAbiPoolFlags.rawValue): routine = "ExAllocatePool2"
        case ULONG(MpAbiPoolContiguous.rawValue): routine = "MmAllocateContiguousMemory"; zero = true
        default: routine = "ExAllocatePoolWithTag"
        }
        guard mode == .normal else {
            violate(.dumpPool, "\(routine)(\(bytes) bytes) in \(mode.rawValue) mode: the dump stack has no pool; "
                + "returns NULL")
            return nil
        }
        if kind == ULONG(MpAbiPoolFlags.rawValue) {
            let required = typeOrFlags & 0xFFFF_FFFF
            let known: UInt64 = POOL_FLAG_USE_QUOTA | POOL_FLAG_UNINITIALIZED | POOL_FLAG_SESSION | POOL_FLAG_CACHE_ALIGNED
                | POOL_FLAG_RAISE_ON_FAILURE | POOL_FLAG_NON_PAGED | POOL_FLAG_NON_PAGED_EXECUTE | POOL_FLAG_PAGED
            let types = [POOL_FLAG_NON_PAGED, POOL_FLAG_NON_PAGED_EXECUTE, POOL_FLAG_PAGED].filter { required & $0 != 0 }.count
            guard required & ~known == 0, types == 1 else {
                note(.refused, "ExAllocatePool2 with flags 0x\(String(typeOrFlags, radix: 16)): "
                    + (types == 1 ? "unknown required flags" : "exactly one of POOL_FLAG_NON_PAGED, _NON_PAGED_EXECUTE "
                        + "and _PAGED is required") + "; returns NULL")
                return nil
            }
            zero = required & POOL_FLAG_UNINITIALIZED == 0
        } else if kind != ULONG(MpAbiPoolContiguous.rawValue) {
            let valid: Set<UInt64> = [0, 1, 2, 4, 5, 6, 32, 33, 34, 36, 37, 38, 512, 516, 544]
            guard valid.contains(typeOrFlags & ~UInt64(POOL_RAISE_IF_ALLOCATION_FAILURE | POOL_QUOTA_FAIL_INSTEAD_OF_RAISE)) else {
                note(.refused, "\(routine) with pool type \(typeOrFlags): not a POOL_TYPE; returns NULL")
                return nil
            }
        }
        let size = max(bytes, 1)
        guard bytes >= 0, size <= KernelState.poolLimit - kernel.poolBytes else {
            note(.refused, "\(routine)(\(bytes) bytes): over the \(KernelState.poolLimit >> 20) MiB the model's pool holds; "
                + "returns NULL" + (kind == ULONG(MpAbiPoolFlags.rawValue) && typeOrFlags & POOL_FLAG_RAISE_ON_FAILURE != 0
                    ? " (POOL_FLAG_RAISE_ON_FAILURE: the model cannot raise an exception into the driver)" : ""))
            return nil
        }
        var allocation = KernelState.Allocation(bytes: size, tag: tag, routine: routine, region: nil)
        let pointer: UnsafeMutableRawPointer
        if kind == ULONG(MpAbiPoolContiguous.rawValue) {
            guard let region = machine.memory.allocateDMA(length: size, label: "MmAllocateContiguousMemory") else {
                note(.refused, "\(routine)(\(bytes) bytes): no DMA memory left; returns NULL")
                return nil
            }
            let highest = typeOrFlags == 0 ? UInt64.max : typeOrFlags
            guard region.physicalAddress + UInt64(size) - 1 <= highest else {
                machine.memory.freeDMA(region)
                note(.refused, "\(routine)(\(bytes) bytes): no memory below 0x\(String(highest, radix: 16)); returns NULL")
                return nil
            }
            allocation.region = region
            pointer = region.hostAddress
        } else {
            var raw: UnsafeMutableRawPointer?
            guard posix_memalign(&raw, 16, size) == 0, let raw else { return nil }
            // Uninitialized pool is not zero on Windows: a pattern makes a driver that relies
            // on it fail here too.
            memset(raw, zero ? 0 : 0xCD, size)
            pointer = raw
        }
        kernel.pool[UInt(bitPattern: pointer)] = allocation
        kernel.poolBytes += size
        return pointer
    }

    /// ExFreePoolWithTag / ExFreePool / MmFreeContiguousMemory.
    func freePool(kind: ULONG, _ pointer: UnsafeMutableRawPointer?, tag: ULONG) {
        let routine = kind == ULONG(MpAbiFreeContiguous.rawValue) ? "MmFreeContiguousMemory"
            : kind == ULONG(MpAbiFreeAnyTag.rawValue) ? "ExFreePool" : "ExFreePoolWithTag"
        guard let pointer, let allocation = kernel.pool[UInt(bitPattern: pointer)] else {
            violate(.poolBadFree, "\(routine)(0x\(String(UInt(bitPattern: pointer), radix: 16))): not an address the "
                + "pool routines returned, or already freed")
            return
        }
        if kind == ULONG(MpAbiFreeContiguous.rawValue) && allocation.region == nil
            || kind != ULONG(MpAbiFreeContiguous.rawValue) && allocation.region != nil {
            violate(.poolBadFree, "\(routine) of memory \(allocation.routine) allocated")
            return
        }
        if kind == ULONG(MpAbiFreeWithTag.rawValue), tag != allocation.tag {
            violate(.poolBadFree, "\(routine) with tag \(KernelState.tagText(tag)) of an allocation tagged "
                + "\(KernelState.tagText(allocation.tag)) (\(allocation.routine), \(allocation.bytes) bytes)")
        }
        if !kernel.timers.isEmpty {
            let start = UInt(bitPattern: pointer)
            cancelTimers(in: start..<start + UInt(allocation.bytes), routine: routine)
        }
        kernel.pool[UInt(bitPattern: pointer)] = nil
        kernel.poolBytes -= allocation.bytes
        if let region = allocation.region { machine.memory.freeDMA(region) } else { free(pointer) }
    }

    /// Gives back every allocation (at unload and when the driver goes away).
    func releasePool() {
        for (address, allocation) in kernel.pool {
            if let region = allocation.region { machine.memory.freeDMA(region) } else {
                free(UnsafeMutableRawPointer(bitPattern: address))
            }
        }
        kernel.pool = [:]
        kernel.poolBytes = 0
    }

    /// What a driver unload checks: pool still allocated breaks pool.leak (one violation naming
    /// the allocations by tag), and the port frees it.
    func checkPoolAtUnload() {
        guard !kernel.pool.isEmpty else { return }
        var byTag: [String: (count: Int, bytes: Int)] = [:]
        for allocation in kernel.pool.values {
            let key = KernelState.tagText(allocation.tag)
            byTag[key, default: (0, 0)].count += 1
            byTag[key, default: (0, 0)].bytes += allocation.bytes
        }
        let list = byTag.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.count) (\($0.value.bytes) bytes)" }
        violate(.poolLeak, "\(kernel.pool.count) pool allocation(s), \(kernel.poolBytes) bytes, still allocated at unload: "
            + list.joined(separator: ", "), routine: "DriverUnload")
        releasePool()
    }

    // MARK: physical addresses

    /// MmGetPhysicalAddress over what the port mapped for DMA: the uncached extension, SRB
    /// extensions, contiguous memory and the buffers of active requests (the physical map
    /// ScsiPortGetPhysicalAddress / StorPortGetPhysicalAddress also read). Anything else has
    /// no physical address a device could use on the model: 0 and phys.invalid-address.
    func kernelPhysicalAddress(_ address: UnsafeMutableRawPointer?) -> UInt64 {
        if let address, let (physical, _) = machine.memory.physicalAddress(of: address) { return physical }
        violate(.physInvalidAddress, "MmGetPhysicalAddress(0x\(String(UInt(bitPattern: address), radix: 16))): not memory "
            + "the port mapped for DMA (uncached extension, SRB extension, contiguous memory, an active request's buffers)")
        return 0
    }
}
