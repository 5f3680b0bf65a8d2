#if canImport(Glibc)
import Glibc
#endif

/// The machine's virtual processors.
///
/// A Windows storage driver sees the processor it runs on: StorPort passes a request in the
/// concurrent channel of the submitting processor, a multi-queue miniport picks its queue by it,
/// and an MSI-X message interrupts the processors of its affinity. The machine has
/// ``Machine/processors`` of them (group 0, node 0) and every thread that drives it runs on one:
/// processor 0 unless it runs code inside ``Machine/run(onProcessor:_:)``. The number belongs to
/// the thread, not to a machine, and a machine with fewer processors folds it
/// (``Machine/currentProcessor``).
extension Machine {
    /// The most processors a machine may have (one group's affinity mask is 64 bits).
    public static let processorLimit = 64

    /// The processor the calling thread runs on, in `0..<processors`.
    public var currentProcessor: Int {
        let number = VirtualProcessor.current
        return number < processors ? number : number % processors
    }

    /// The affinity mask of every processor of the machine (bit n: processor n).
    public var activeProcessorMask: UInt64 {
        processors >= 64 ? UInt64.max : (UInt64(1) << UInt64(processors)) &- 1
    }

    /// Runs `body` on the calling thread as processor `number` (folded into `0..<processors`),
    /// and restores the thread's previous processor afterwards: a thread that submits I/O on
    /// processor 1 gets StorPort's channel 1, an interrupt routine for a message that targets
    /// processor 1 runs there.
    public func run<T, E: Error>(onProcessor number: Int, _ body: () throws(E) -> T) throws(E) -> T {
        let previous = VirtualProcessor.current
        VirtualProcessor.current = number < 0 ? 0 : (number < processors ? number : number % processors)
        defer { VirtualProcessor.current = previous }
        return try body()
    }

    /// The processor an MSI-X message is delivered to: messages are spread over the processors
    /// in order (message m targets processor m modulo the processors), as Windows spreads an
    /// adapter's messages when it grants them.
    public func targetProcessor(ofMessage message: Int) -> Int {
        message < 0 ? 0 : message % processors
    }
}

/// The calling thread's processor number, as ``Machine/run(onProcessor:_:)`` set it.
enum VirtualProcessor {
    static var current: Int {
        get { Int(bitPattern: pthread_getspecific(processorKey)) }
        set { pthread_setspecific(processorKey, UnsafeRawPointer(bitPattern: newValue)) }
    }
}

/// Holds each thread's processor number (0: no value set).
private let processorKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
