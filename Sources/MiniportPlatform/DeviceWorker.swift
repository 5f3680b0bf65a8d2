import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Events other threads posted to a ``VirtualClock``: a locked list and a flag the driving
/// thread checks with one atomic load.
final class PostBox: @unchecked Sendable {
    struct Event {
        let delay: UInt64
        let action: () -> Void
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var events: [Event] = []
    /// The buffer being drained (the driving thread's).
    private var spare: [Event] = []
    private var draining = false
    private let flag = Atomic<Bool>(false)

    init() { pthread_mutex_init(mutex, nil) }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    @inline(__always) var hasEvents: Bool { flag.load(ordering: .acquiring) }

    func append(delay: UInt64, action: @escaping () -> Void) {
        pthread_mutex_lock(mutex)
        events.append(Event(delay: delay, action: action))
        flag.store(true, ordering: .releasing)
        pthread_mutex_unlock(mutex)
    }

    /// Runs `body` for every event posted so far, outside the lock, in posting order (the
    /// driving thread). The two buffers trade places, so a steady stream allocates nothing. An
    /// event that drains again (re-entrantly) finds nothing: what it posted waits for the next
    /// drain. Returns whether there were any.
    func drain(_ body: (Event) -> Void) -> Bool {
        guard !draining else { return false }
        pthread_mutex_lock(mutex)
        flag.store(false, ordering: .relaxed)
        swap(&events, &spare)
        pthread_mutex_unlock(mutex)
        guard !spare.isEmpty else { return false }
        draining = true
        for event in spare { body(event) }
        spare.removeAll(keepingCapacity: true)
        draining = false
        return true
    }
}

/// Where a device model does the work a driver's doorbell starts.
public enum DeviceExecution: Sendable, Equatable {
    /// In the register write that rings the doorbell, on the driver's thread: deterministic,
    /// and what the verifier's scenarios use (the default).
    case inline
    /// On a thread of the device's own (``DeviceWorker``), woken by the doorbell, as hardware
    /// runs beside the CPU.
    case ownThread
}

/// Counts the device work in flight on one machine (every function's ``DeviceWorker`` wakes).
final class DeviceWorkCounter: Sendable {
    let count = Atomic<Int>(0)
    /// Rounds of device work ended so far (progress, for a thread waiting on a busy machine).
    let ended = Atomic<UInt64>(0)
}

/// One function's device work: its count, the machine's, the hook, and the workers to stop
/// when the machine goes away. Workers hold it strongly, so a round that ends after the
/// function is gone still counts correctly.
final class FunctionWork: @unchecked Sendable {
    let count = Atomic<Int>(0)
    let machine: DeviceWorkCounter
    /// ``PCIFunction/onAsynchronousWorkEnded`` (set before the device works).
    var onEnded: (() -> Void)?
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var workers: [DeviceWorker] = []
    /// Whether a worker was ever started for the function (set on the driving thread before
    /// the worker runs): without one no call can come from a device thread.
    var hasWorkers = false

    init(machine: DeviceWorkCounter) {
        self.machine = machine
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func begin() {
        count.wrappingAdd(1, ordering: .acquiringAndReleasing)
        machine.count.wrappingAdd(1, ordering: .acquiringAndReleasing)
    }

    func end() {
        // Read before the counts drop: a thread that sees them at 0 may set a new hook.
        let hook = onEnded
        count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
        machine.count.wrappingSubtract(1, ordering: .acquiringAndReleasing)
        machine.ended.wrappingAdd(1, ordering: .acquiringAndReleasing)
        hook?()
    }

    func register(_ worker: DeviceWorker) {
        hasWorkers = true
        pthread_mutex_lock(mutex)
        workers.append(worker)
        pthread_mutex_unlock(mutex)
    }

    /// Stops every worker of the function and waits for each (the machine is going away).
    func stopWorkers() {
        pthread_mutex_lock(mutex)
        let stopping = workers
        workers.removeAll()
        pthread_mutex_unlock(mutex)
        for worker in stopping { worker.stop() }
    }
}

/// The lock of a device model that works on a thread of its own (``DeviceExecution/ownThread``):
/// recursive, so that an entry point may call another (a status write that resets the device).
/// The model takes it in every register access, hook and round of its ``DeviceWorker``.
public final class DeviceLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    /// A new, unlocked lock.
    public init() {
        var attributes = pthread_mutexattr_t()
        pthread_mutexattr_init(&attributes)
        pthread_mutexattr_settype(&attributes, Int32(PTHREAD_MUTEX_RECURSIVE))
        pthread_mutex_init(mutex, &attributes)
        pthread_mutexattr_destroy(&attributes)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// `body` with the lock held.
    public func withLock<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }
}

/// A thread of a device's own: the hardware beside the CPU that drives it.
///
/// A device model that works asynchronously (a virtio queue consumed after the driver's
/// notify, a controller processing its submission rings) hands that work to a worker:
/// ``wake()`` from the register write that rings the doorbell, and the worker runs the model's
/// `work` on its thread until no wake is left. While it runs, the platform keeps the machine
/// consistent for the thread that drives it:
/// - what the device signals is posted to the machine's clock instead of happening on the
///   worker: MSI-X messages (``PCIFunction/signalMSIX(vector:)``), protocol-violation reports,
///   refused DMA reports, and whatever the model posts itself (``VirtualClock/post(after:_:)``,
///   for example a completion delayed in virtual time);
/// - the physical map locks its translations (``PhysicalMemory/shareWithDeviceThreads()``);
/// - ``PCIFunction/asynchronousWork`` counts wakes not yet finished, so a port waits for the
///   device in real time before it lets virtual time move on, and
///   ``PCIFunction/onAsynchronousWorkEnded`` tells it when a round has ended.
///
/// The model itself serializes `work` against its register accesses (its own lock, released
/// before anything it posts runs). `work` should not hold its owner strongly (a cycle) and had
/// better not weakly either (a weak reference moves the owner's reference counts to a side
/// table, and every retain of it onto the slow path): capture it `unowned(unsafe)` and call
/// ``stop()`` first thing in the owner's deinit, which waits for the round in progress. The
/// machine also stops every worker of its devices before it goes away.
public final class DeviceWorker: @unchecked Sendable {
    /// What the worker is for (diagnostics).
    public let name: String
    private let accounting: FunctionWork
    private let work: () -> Void
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending = false
    private var running = false
    private var stopping = false
    /// The thread sleeps on the condition (a wake must signal it); otherwise it is running or
    /// spinning, and sees `wakes` change by itself.
    private var sleeping = false
    /// Bumped by every wake: what a spinning worker watches (no system call on either side).
    private let wakes = Atomic<UInt64>(0)
    /// How long the thread keeps looking for a wake after a round before it sleeps (real time):
    /// a driver that rings again within it is served without a wake-up through the kernel, as a
    /// polling device back end does.
    public static let spinNanoseconds: UInt64 = 50_000
    private var thread: pthread_t?
    private var roundsRun = 0

    /// A worker for the device behind `function`; its thread starts now and sleeps until the
    /// first ``wake()``. The function's memory map is shared from here on.
    public init(name: String, function: PCIFunction, work: @escaping () -> Void) {
        self.name = name
        self.accounting = function.work
        self.work = work
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
        function.memory.shareWithDeviceThreads()
        var created = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&created, nil, { raw in
            let worker = Unmanaged<DeviceWorker>.fromOpaque(raw!).takeRetainedValue()
            worker.loop()
            return nil
        }, context)
        if started == 0 {
            thread = created
            function.work.register(self)
        } else {
            Unmanaged<DeviceWorker>.fromOpaque(context).release()
            stopping = true   // wake() then runs the work inline: no thread, same results
        }
    }

    deinit {
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Asks the worker to run its work (again): from the driving thread, any number of times.
    public func wake() {
        pthread_mutex_lock(mutex)
        if stopping {
            pthread_mutex_unlock(mutex)
            work()
            return
        }
        if !pending {
            pending = true
            if !running { accounting.begin() }
        }
        wakes.wrappingAdd(1, ordering: .releasing)
        if sleeping { pthread_cond_signal(condition) }
        pthread_mutex_unlock(mutex)
    }

    /// Ends the thread after the round it is in, and waits for it. Later wakes run the work
    /// on the caller's thread.
    public func stop() {
        pthread_mutex_lock(mutex)
        let joining = thread
        stopping = true
        thread = nil
        wakes.wrappingAdd(1, ordering: .releasing)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
        if let joining, pthread_equal(joining, pthread_self()) == 0 { pthread_join(joining, nil) }
        else if let joining { pthread_detach(joining) }
    }

    /// Rounds of work the thread has run so far.
    public var rounds: Int {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return roundsRun
    }

    /// Whether the calling thread is a device worker's (the platform posts its side effects).
    public static var isCurrentThread: Bool { pthread_getspecific(workerKey) != nil }

    /// Looks for a wake for up to ``spinNanoseconds`` (mutex not held).
    private func spin() {
        let seen = wakes.load(ordering: .acquiring)
        let start = Self.monotonic()
        var polls = 0
        while wakes.load(ordering: .acquiring) == seen {
            polls += 1
            if polls & 63 == 0 {
                if Self.monotonic() &- start > Self.spinNanoseconds { return }
                sched_yield()   // a machine with fewer cores than busy threads lets the others run
            }
        }
    }

    /// CLOCK_MONOTONIC in nanoseconds.
    public static func monotonic() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
    }

    private func loop() {
        pthread_setspecific(workerKey, Unmanaged.passUnretained(self).toOpaque())
        pthread_mutex_lock(mutex)
        while true {
            if !pending, !stopping {
                pthread_mutex_unlock(mutex)
                spin()
                pthread_mutex_lock(mutex)
            }
            while !pending, !stopping {
                sleeping = true
                pthread_cond_wait(condition, mutex)
                sleeping = false
            }
            if !pending, stopping { break }
            pending = false
            running = true
            pthread_mutex_unlock(mutex)
            work()
            pthread_mutex_lock(mutex)
            roundsRun += 1
            running = false
            if !pending {
                pthread_mutex_unlock(mutex)
                accounting.end()
                pthread_mutex_lock(mutex)
            }
        }
        pthread_mutex_unlock(mutex)
        pthread_setspecific(workerKey, nil)
    }
}

/// Marks device worker threads (``DeviceWorker/isCurrentThread``).
private let workerKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()
