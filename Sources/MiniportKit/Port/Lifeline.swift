/// A reference to an owner that the owner cuts when it goes away: what `[weak self]` gives a
/// closure that may outlive its owner (a clock timer, a device callback), without the side
/// table a weak reference attaches to the owner — once an object has one, every retain and
/// release of it goes through the runtime's slow path, and the port's objects are retained on
/// every I/O.
final class Lifeline<Owner: AnyObject> {
    /// The owner, unretained, until it cuts the line (in its deinit).
    @exclusivity(unchecked) private var raw: UnsafeMutableRawPointer?

    init(_ owner: Owner) { raw = Unmanaged.passUnretained(owner).toOpaque() }

    /// The owner, until it cuts the line.
    var owner: Owner? { raw.map { Unmanaged<Owner>.fromOpaque($0).takeUnretainedValue() } }

    /// `body` applied to the owner without reference counting (the owner is alive until it
    /// cuts the line); nil once cut.
    @inline(__always)
    func withOwner<T>(_ body: (Owner) -> T) -> T? {
        guard let raw else { return nil }
        return Unmanaged<Owner>.fromOpaque(raw)._withUnsafeGuaranteedRef(body)
    }

    func cut() { raw = nil }
}
