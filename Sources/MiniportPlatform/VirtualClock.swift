/// The machine's time: nanoseconds since power-on, advanced only on purpose.
///
/// Stalls, timers and timeouts all run on this clock, so a test of a ten-second timeout takes
/// microseconds of real time and gives the same result every run. Nothing advances it behind
/// the caller's back: a port advances it when a miniport stalls, a test advances it to let
/// delayed completions and timers fire.
///
/// The clock is also the machine's event loop for threads of its own: a device working on a
/// ``DeviceWorker`` thread cannot touch the clock, the port or the platform directly, so it
/// posts what it wants done (``post(after:_:)``; the platform does it for MSI-X messages and
/// reports) and the thread that drives the machine runs it (``runPostedEvents()``, and before
/// any timer query or advance). Everything else is for that one thread.
public final class VirtualClock {
    // Stored properties skip the runtime exclusivity check (@exclusivity(unchecked)): on the
    // I/O path it cost a third of the time (docs/performance.md).
    /// Identifies a scheduled timer.
    public struct TimerID: Hashable, Sendable {
        fileprivate let value: UInt64
    }

    private struct Entry {
        var deadline: UInt64
        var sequence: UInt64
        var id: TimerID
        var action: () -> Void
    }

    /// Current time in nanoseconds.
    public var now: UInt64 { _now }
    // Other modules reach stored properties directly and check them at run time whatever the
    // attribute says: they read through a computed property (docs/performance.md).
    @exclusivity(unchecked) private var _now: UInt64 = 0
    @exclusivity(unchecked) private var heap: [Entry] = []
    @exclusivity(unchecked) private var cancelled: Set<UInt64> = []
    @exclusivity(unchecked) private var nextSequence: UInt64 = 0

    /// Events posted from other threads (``post(after:_:)``).
    private let posted = PostBox()

    /// A clock at time 0 with no timers.
    public init() {}

    /// Number of timers still pending (events posted from other threads become timers first).
    public var pendingTimers: Int {
        if posted.hasEvents { runPostedEvents() }
        return heap.count - cancelled.count
    }

    /// The earliest pending deadline, if any.
    public var nextDeadline: UInt64? {
        if posted.hasEvents { runPostedEvents() }
        purgeCancelledTop()
        return heap.first?.deadline
    }

    /// Runs `action` when the clock reaches `now + delay`. Timers with equal deadlines run in the
    /// order they were scheduled.
    @discardableResult
    public func schedule(after delay: UInt64, _ action: @escaping () -> Void) -> TimerID {
        let (deadline, overflow) = now.addingReportingOverflow(delay)
        nextSequence += 1
        let id = TimerID(value: nextSequence)
        push(Entry(deadline: overflow ? .max : deadline, sequence: nextSequence, id: id, action: action))
        return id
    }

    /// Cancels a pending timer; returns false if it already ran or was cancelled.
    @discardableResult
    public func cancel(_ id: TimerID) -> Bool {
        guard heap.contains(where: { $0.id == id }), !cancelled.contains(id.value) else { return false }
        cancelled.insert(id.value)
        return true
    }

    /// Advances time by `delta` nanoseconds, running every timer that falls due, each at its own
    /// deadline (a timer scheduled by a running timer also runs if it falls inside the window).
    public func advance(by delta: UInt64) {
        let (target, overflow) = now.addingReportingOverflow(delta)
        advance(to: overflow ? .max : target)
    }

    /// Advances time to `deadline` (never backwards), running due timers on the way.
    public func advance(to deadline: UInt64) {
        if posted.hasEvents { runPostedEvents() }
        while true {
            purgeCancelledTop()
            guard let first = heap.first, first.deadline <= deadline else { break }
            let entry = popFirst()
            _now = max(_now, entry.deadline)
            entry.action()
        }
        _now = max(_now, deadline)
    }

    /// Advances to the next pending deadline and runs what falls due there; returns false when
    /// no timer is pending.
    @discardableResult
    public func advanceToNextDeadline() -> Bool {
        guard let deadline = nextDeadline else { return false }
        advance(to: deadline)
        return true
    }

    // MARK: - events from other threads

    /// Asks the thread that drives the machine to run `action` `delay` nanoseconds after it
    /// next looks (``runPostedEvents()``): at once for a delay of 0, as a timer otherwise. The
    /// one clock call any thread may make; events run in the order they were posted.
    public func post(after delay: UInt64 = 0, _ action: @escaping () -> Void) {
        posted.append(delay: delay, action: action)
    }

    /// Whether another thread posted events not run yet (one atomic load).
    @inline(__always) public var hasPostedEvents: Bool { posted.hasEvents }

    /// Runs the events other threads posted with no delay and schedules the others (the driving
    /// thread). Returns whether there were any.
    @discardableResult
    public func runPostedEvents() -> Bool {
        posted.drain { event in
            if event.delay == 0 { event.action() } else { schedule(after: event.delay, event.action) }
        }
    }

    // MARK: - binary heap ordered by (deadline, sequence)

    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.sequence < b.sequence
    }

    private func push(_ entry: Entry) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func popFirst() -> Entry {
        let first = heap[0]
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return first
    }

    private func purgeCancelledTop() {
        while let first = heap.first, cancelled.contains(first.id.value) {
            cancelled.remove(first.id.value)
            _ = popFirst()
        }
    }
}
