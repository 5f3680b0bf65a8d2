import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Records what a run does as Chrome trace events, the JSON Perfetto (ui.perfetto.dev) and
/// chrome://tracing open: every SRB's lifetime as an async slice on its logical unit's track
/// (queued, HwBuildIo, StartIo, device start, DMA, completion) and every miniport routine call
/// as a slice on its adapter's track. Each port driver is a process named after its mode and
/// image (`normal phba.so`, `crash dump_phba.so`, …), so normal and dump paths sit apart.
///
/// Timestamps are real (monotonic) time since the recorder was made; the virtual time of each
/// event is in its arguments. Pass a recorder to ``PortDriver/load(path:machine:argumentString:parameters:trace:logging:sdkRoot:)``
/// or ``MiniportRunner/trace``; without one, the port's hooks cost a nil check each.
/// Thread-safe: StorPort adapters record from several threads.
public final class TraceRecorder: Sendable {
    struct Event {
        var phase: UInt8
        var name: String
        var category: StaticString
        var pid: Int
        var tid: Int
        /// Nanoseconds since the recorder's origin.
        var time: UInt64
        var duration: UInt64 = 0
        var id: UInt64 = 0
        var args: [(String, String)] = []
    }

    private struct State {
        var events: [Event] = []
        var processes: [String: Int] = [:]
        var tracks: [String: Int] = [:]
    }

    private let state = Mutex(State())
    private let origin: UInt64

    /// An empty recorder; its clock starts now.
    public init() { origin = Self.monotonic() }

    /// CLOCK_MONOTONIC in nanoseconds (real time, unlike the machine's virtual clock).
    static func monotonic() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Nanoseconds since the recorder was made.
    func now() -> UInt64 { Self.monotonic() &- origin }

    /// Events recorded so far.
    public var count: Int { state.withLock { $0.events.count } }

    // MARK: tracks

    /// A process for one port driver (a new one per call: a rebooted driver is another process).
    func process(_ name: String) -> Int {
        state.withLock { state in
            let pid = state.processes.count + 1
            let unique = state.processes[name] == nil ? name : "\(name) #\(pid)"
            state.processes[unique] = pid
            state.events.append(Event(phase: UInt8(ascii: "M"), name: "process_name", category: "__metadata", pid: pid, tid: 0,
                                      time: 0, args: [("name", unique)]))
            return pid
        }
    }

    /// The track named `name` in process `pid`, made on first use.
    func track(_ pid: Int, _ name: String) -> Int {
        state.withLock { state in
            let key = "\(pid)/\(name)"
            if let tid = state.tracks[key] { return tid }
            let tid = state.tracks.count + 1
            state.tracks[key] = tid
            state.events.append(Event(phase: UInt8(ascii: "M"), name: "thread_name", category: "__metadata", pid: pid, tid: tid,
                                      time: 0, args: [("name", name)]))
            return tid
        }
    }

    // MARK: events

    /// A slice: something that ran from `start` to `end` (nanoseconds from ``now()``).
    func slice(_ name: String, pid: Int, tid: Int, start: UInt64, end: UInt64, args: [(String, String)] = []) {
        append(Event(phase: UInt8(ascii: "X"), name: name, category: "routine", pid: pid, tid: tid, time: start,
                     duration: end &- start, args: args))
    }

    /// A moment on a track.
    func instant(_ name: String, pid: Int, tid: Int, args: [(String, String)] = []) {
        append(Event(phase: UInt8(ascii: "i"), name: name, category: "device", pid: pid, tid: tid, time: now(), args: args))
    }

    /// An SRB's lifetime: begins, steps, ends (one id per request).
    func requestBegin(_ name: String, id: UInt64, pid: Int, tid: Int, args: [(String, String)]) {
        append(Event(phase: UInt8(ascii: "b"), name: name, category: "srb", pid: pid, tid: tid, time: now(), id: id, args: args))
    }

    func requestStep(_ name: String, id: UInt64, pid: Int, tid: Int, args: [(String, String)] = []) {
        append(Event(phase: UInt8(ascii: "n"), name: name, category: "srb", pid: pid, tid: tid, time: now(), id: id, args: args))
    }

    func requestEnd(_ name: String, id: UInt64, pid: Int, tid: Int, args: [(String, String)]) {
        append(Event(phase: UInt8(ascii: "e"), name: name, category: "srb", pid: pid, tid: tid, time: now(), id: id, args: args))
    }

    private func append(_ event: Event) {
        state.withLock { $0.events.append(event) }
    }

    // MARK: output

    /// `{"traceEvents": [...], "displayTimeUnit": "ns"}`, timestamps in microseconds.
    public func jsonData() -> Data {
        let events = state.withLock { $0.events }
        var out = #"{"displayTimeUnit":"ns","traceEvents":["#
        out.reserveCapacity(events.count * 120)
        for (index, event) in events.enumerated() {
            if index > 0 { out += "," }
            out += #"{"name":"# + Self.quoted(event.name)
            out += #","cat":"# + Self.quoted("\(event.category)")
            out += #","ph":""# + String(UnicodeScalar(event.phase)) + #"""#
            out += #","pid":\#(event.pid),"tid":\#(event.tid),"ts":"# + Self.microseconds(event.time)
            if event.phase == UInt8(ascii: "X") { out += #","dur":"# + Self.microseconds(event.duration) }
            if event.phase == UInt8(ascii: "i") { out += #","s":"t""# }
            if event.id != 0 { out += #","id":"0x"# + String(event.id, radix: 16) + #"""# }
            if !event.args.isEmpty {
                out += #","args":{"# + event.args.map { Self.quoted($0.0) + ":" + Self.quoted($0.1) }.joined(separator: ",") + "}"
            }
            out += "}"
        }
        out += "]}"
        return Data(out.utf8)
    }

    /// Writes the recorded events to `path` as a Chrome trace (JSON), for ui.perfetto.dev or chrome://tracing.
    public func write(to path: String) throws {
        try jsonData().write(to: URL(fileURLWithPath: path))
    }

    static func microseconds(_ nanoseconds: UInt64) -> String {
        "\(nanoseconds / 1000).\(String(nanoseconds % 1000 + 1000).dropFirst())"
    }

    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

extension TraceRecorder {
    /// Joins traces recorded apart (one per scenario, each in its own process) into one:
    /// process ids are renumbered so they do not collide, and each process name is prefixed
    /// with its part's label ("crash: normal phba.so"). Parts that are not trace JSON are
    /// skipped.
    public static func merge(_ parts: [(label: String, json: Data)]) -> Data {
        var merged: [[String: Any]] = []
        for (index, part) in parts.enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: part.json) as? [String: Any],
                  let events = object["traceEvents"] as? [[String: Any]] else { continue }
            let offset = (index + 1) * 1000
            for var event in events {
                event["pid"] = offset + ((event["pid"] as? Int) ?? 0)
                if event["name"] as? String == "process_name", var args = event["args"] as? [String: Any] {
                    args["name"] = "\(part.label): \(args["name"] as? String ?? "")"
                    event["args"] = args
                }
                merged.append(event)
            }
        }
        let object: [String: Any] = ["displayTimeUnit": "ns", "traceEvents": merged]
        return (try? JSONSerialization.data(withJSONObject: object)) ?? Data(#"{"traceEvents":[]}"#.utf8)
    }
}
