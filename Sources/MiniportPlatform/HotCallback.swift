/// A callback that a platform object calls on the I/O path (an interrupt line's edge, an MSI-X
/// message), held so that calling it counts no reference.
///
/// Calling a closure stored in a property retains and releases its context on every call; here
/// the closure lives in a box retained by hand, and a call reaches it through an unretained
/// reference. The callback may be replaced from inside a call of it (an adapter going away, a
/// dump copy taking the line over): the running one is kept until the outermost call returns.
/// Not synchronized: its owner calls and replaces it on one thread at a time.
final class HotCallback<Body> {
    private final class Box {
        let body: Body
        init(_ body: Body) { self.body = body }
    }

    @exclusivity(unchecked) private var current: Unmanaged<Box>?
    /// Calls in progress, and the callbacks replaced during them.
    @exclusivity(unchecked) private var calling = 0
    @exclusivity(unchecked) private var retired: [Unmanaged<Box>] = []

    init() {}

    deinit {
        current?.release()
        for old in retired { old.release() }
    }

    /// The callback (nil: none).
    var body: Body? {
        get { current?._withUnsafeGuaranteedRef { $0.body } }
        set {
            if let old = current {
                if calling > 0 { retired.append(old) } else { old.release() }
            }
            current = newValue.map { Unmanaged.passRetained(Box($0)) }
        }
    }

    /// `invoke` applied to the callback, if there is one.
    @inline(__always)
    func call(_ invoke: (Body) -> Void) {
        guard let current else { return }
        calling += 1
        current._withUnsafeGuaranteedRef { invoke($0.body) }
        calling -= 1
        if calling == 0, !retired.isEmpty {
            for old in retired { old.release() }
            retired.removeAll()
        }
    }
}
