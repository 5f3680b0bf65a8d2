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

    func takeAll() -> [Event] {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        flag.store(false, ordering: .relaxed)
        let taken = events
        events.removeAll()
        return taken
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
/// before anything it posts runs). The worker holds its owner weakly through `work`; ``stop()``
/// (or the owner's deinit) ends the thread.
public final class DeviceWorker: @unchecked Sendable {
    /// What the worker is for (diagnostics).
    public let name: String
    private unowned let function: PCIFunction
    private let work: () -> Void
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var pending = false
    private var running = false
    private var stopping = false
    private var thread: pthread_t?
    private var roundsRun = 0

    /// A worker for the device behind `function`; its thread starts now and sleeps until the
    /// first ``wake()``. The function's memory map is shared from here on.
    public init(name: String, function: PCIFunction, work: @escaping () -> Void) {
        self.name = name
        self.function = function
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
            if !running { function.beginAsynchronousWork() }
        }
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Ends the thread after the round it is in, and waits for it. Later wakes run the work
    /// on the caller's thread.
    public func stop() {
        pthread_mutex_lock(mutex)
        let joining = thread
        stopping = true
        thread = nil
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

    private func loop() {
        pthread_setspecific(workerKey, Unmanaged.passUnretained(self).toOpaque())
        pthread_mutex_lock(mutex)
        while true {
            while !pending, !stopping { pthread_cond_wait(condition, mutex) }
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
                function.endAsynchronousWork()
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
