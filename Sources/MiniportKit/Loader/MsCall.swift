import CMiniportABI

/// Calls into Windows code: a miniport routine of a `.sys` image, through the C helpers of
/// `mpabi_msabi.h` that make the call with the Microsoft x64 convention (arguments in RCX, RDX,
/// R8, R9 and the stack, 32 bytes of home space, RSI/RDI/XMM6-15 preserved by the callee).
///
/// Each call site of the port keeps its typed call for a `.so` and takes this path when
/// ``PortDriver/msABI`` is set; one predictable branch per call.
enum MsCall {
    /// The routine's address (a C function pointer of any type is one machine word).
    @inline(__always)
    static func entry<F>(_ routine: F) -> UnsafeRawPointer {
        precondition(MemoryLayout<F>.size == MemoryLayout<UnsafeRawPointer>.size)
        return unsafeBitCast(routine, to: UnsafeRawPointer.self)
    }

    @inline(__always) static func arg(_ value: UnsafeMutableRawPointer?) -> UInt64 { UInt64(UInt(bitPattern: value)) }
    @inline(__always) static func arg(_ value: UnsafeRawPointer?) -> UInt64 { UInt64(UInt(bitPattern: value)) }
    @inline(__always) static func arg<T>(_ value: UnsafeMutablePointer<T>?) -> UInt64 { UInt64(UInt(bitPattern: value)) }
    @inline(__always) static func arg<T>(_ value: UnsafePointer<T>?) -> UInt64 { UInt64(UInt(bitPattern: value)) }
    @inline(__always) static func arg(_ value: UInt32) -> UInt64 { UInt64(value) }
    @inline(__always) static func arg(_ value: Int32) -> UInt64 { UInt64(UInt32(bitPattern: value)) }
    @inline(__always) static func arg(_ value: UInt8) -> UInt64 { UInt64(value) }
}
