/// A reference to an owner that the owner cuts when it goes away: what `[weak self]` gives a
/// closure that may outlive its owner (a clock timer, a device callback), without the side
/// table a weak reference attaches to the owner — once an object has one, every retain and
/// release of it goes through the runtime's slow path, and the port's objects are retained on
/// every I/O.
final class Lifeline<Owner: AnyObject> {
    /// The owner, until it cuts the line (in its deinit).
    private(set) unowned(unsafe) var owner: Owner?

    init(_ owner: Owner) { self.owner = owner }

    func cut() { owner = nil }
}
