import CMiniportABI
import Foundation
@testable import MiniportKit
import MiniportSCSI
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The kernel routines miniports import (mpabi_kernel.h, docs/kernel-routines.md), driven by
/// Fixtures/kernel_phba.c: the example SCSI Port miniport with kernel calls around its routines.
@Suite("Kernel routines: ntoskrnl / hal imports on the port's model")
struct KernelRoutineTests {
    /// kernel_phba.c built with `defines`.
    static func build(_ defines: [String] = [], in dir: URL) throws -> String {
        try FixtureBuilder.buildSharedObject(["kernel_phba.c"], name: "kernel_\(defines.joined(separator: "_")).so",
                                             extraFlags: defines.map { "-D" + $0 }, in: dir)
    }

    /// A KernelProbe field of a loaded image.
    static func probe(_ driver: PortDriver, _ field: String) -> Int64 {
        guard let symbol = driver.image.symbol("KernelProbeValue") else { return Int64.min }
        let read = unsafeBitCast(symbol, to: (@convention(c) (UnsafePointer<CChar>) -> Int64).self)
        return field.withCString { read($0) }
    }

    static func rules(_ driver: PortDriver) -> Set<String> { Set(driver.violations.map(\.rule)) }

    /// Loads the fixture on a machine with the HBA and one disk and reads a block (HwStartIo and
    /// HwInterrupt run).
    static func loadAndRead(_ defines: [String] = [], in dir: URL) throws -> (PortDriver, TestMachine) {
        let test = try TestMachine()
        let driver = try PortDriver.load(path: try build(defines, in: dir), machine: test.machine)
        let adapter = try #require(driver.adapters.first)
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        var block = [UInt8](repeating: 0, count: 512)
        try block.withUnsafeMutableBytes { try disk.read(lba: 0, into: $0) }
        return (driver, test)
    }

    @Test("KeGetCurrentIrql answers the level the port runs each routine at (SCSI Port)")
    func irqlPerRoutine() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(in: dir)
        #expect(Self.probe(driver, "DriverEntryIrql") == 0)
        #expect(Self.probe(driver, "FindAdapterIrql") == 0)
        #expect(Self.probe(driver, "InitializeIrql") == 5, "HwInitialize: DIRQL")
        #expect(Self.probe(driver, "StartIoIrql") == 5, "SCSI Port's HwStartIo: DIRQL")
        #expect(Self.probe(driver, "InterruptIrql") == 5)
        #expect(Self.probe(driver, "RaiseOldIrql") == 5 && Self.probe(driver, "RaisedIrql") == 15)
        #expect(driver.violations.isEmpty, "\(driver.violations)")
        driver.unload()
        #expect(driver.violations.isEmpty, "everything allocated was freed: \(driver.violations)")
    }

    @Test("KeGetCurrentIrql under StorPort: HwBuildIo, HwStartIo and DPCs at DISPATCH_LEVEL; spin locks at DISPATCH_LEVEL")
    func storPortIrql() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try FixtureBuilder.buildSharedObject(["kernel_storphba.c"], name: "kernel_storphba.so", in: dir)
        let (machine, _) = try MiniportRunner(miniportPath: path)
            .makeMachine(disks: [SCSIDisk(store: try RAMBlockStore(blockSize: 512, blockCount: 4096))])
        let driver = try PortDriver.load(path: path, machine: machine)
        #expect(driver.model == .storPort)
        let adapter = try #require(driver.adapters.first)
        let disk = try DiskClass(adapter: adapter, device: try #require(adapter.devices.first))
        var block = [UInt8](repeating: 0, count: 512)
        try block.withUnsafeMutableBytes { try disk.read(lba: 0, into: $0) }
        let irqls = try #require(driver.image.symbol("KernelStorIrql")).assumingMemoryBound(to: UInt8.self)
        // DriverEntry, HwFindAdapter, HwInitialize, HwBuildIo, HwStartIo, HwInterrupt, DPC, the
        // IRQL KeAcquireSpinLock returned in HwStartIo, under StorPort's InterruptLock, after it.
        #expect((0..<10).map { irqls[$0] } == [0, 0, 5, 2, 2, 5, 2, 2, 5, 2])
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("KeInsertQueueDpc: queued once, run at DISPATCH_LEVEL after the routine returns; refused in a dump copy")
    func kernelDpc() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, test) = try Self.loadAndRead(in: dir)
        #expect(Self.probe(driver, "DpcQueued") == 1 && Self.probe(driver, "DpcQueuedAgain") == 0)
        #expect(Self.probe(driver, "DpcRuns") == 1 && Self.probe(driver, "DpcIrql") == 2)
        #expect(Self.probe(driver, "DpcArguments") == 0x12, "the first insert's arguments")
        let boot = try #require(driver.adapters.first?.devices.first)
        let dump = try DumpPort(miniportPath: try Self.build(in: dir), machine: test.machine, mode: .crashDump,
                                targetId: boot.targetId)
        #expect(dump.driver.violations.contains { $0.rule == "dump.dpc" && $0.routine == "HwInitialize" })
        #expect(Self.probe(dump.driver, "DpcQueued") == 0 && Self.probe(dump.driver, "DpcRuns") == 0)
    }

    @Test("KTIMER: expiry on the virtual clock signals the timer and queues its DPC at DISPATCH_LEVEL; cancel, re-set, periodic")
    func timerDpcs() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, test) = try Self.loadAndRead(["KERNEL_TIMERS"], in: dir)
        #expect(Self.probe(driver, "TimerSetFirst") == 0 && Self.probe(driver, "TimerSetAgain") == 1,
                "KeSetTimer answers whether the timer was set")
        #expect(Self.probe(driver, "CancelWasSet") == 1 && Self.probe(driver, "CancelAgain") == 0)
        #expect(Self.probe(driver, "ReadStateAfterStall") == 1, "the stall in HwInitialize passed the periodic due time")
        // The stall's expiry queued the periodic DPC; it ran once HwInitialize returned.
        #expect(Self.probe(driver, "PeriodicRuns") >= 1)
        test.machine.clock.advance(by: 100_000_000)   // 100 ms
        #expect(Self.probe(driver, "OneShotRuns") == 1, "re-set: runs once, at the new due time")
        #expect(Self.probe(driver, "OneShotRanAt") == Self.probe(driver, "OneShotDue"))
        #expect(Self.probe(driver, "AbsoluteRuns") == 1)
        #expect(Self.probe(driver, "AbsoluteRanAt") == Self.probe(driver, "AbsoluteDue"), "absolute system time")
        #expect(Self.probe(driver, "CancelledRuns") == 0, "a cancelled timer queues no DPC")
        #expect(Self.probe(driver, "PeriodicRuns") == 3, "its DPC cancels the periodic timer at the third run")
        #expect(Self.probe(driver, "PeriodicCancel") == 1, "a periodic timer is always in the timer queue")
        #expect(Self.probe(driver, "PeriodicLastAt") - Self.probe(driver, "PeriodicFirstAt") == 50_000,
                "the second and third runs: 5 ms apart, on the due times")
        #expect(Self.probe(driver, "TimerDpcIrql") == 2)
        #expect(driver.kernel.timers.isEmpty)
        #expect(driver.violations.isEmpty, "\(driver.violations)")

        let boot = try #require(driver.adapters.first?.devices.first)
        let dump = try DumpPort(miniportPath: try Self.build(["KERNEL_TIMERS"], in: dir), machine: test.machine,
                                mode: .crashDump, targetId: boot.targetId)
        #expect(dump.driver.violations.contains {
            $0.rule == "dump.dpc" && $0.routine == "HwInitialize" && $0.detail.contains("KeSetTimer")
        }, "\(dump.driver.violations)")
        test.machine.clock.advance(by: 100_000_000)
        #expect(Self.probe(dump.driver, "OneShotRuns") == 0, "a dump copy runs no timer DPC")
        driver.unload()
        #expect(driver.kernel.timers.isEmpty)
    }

    @Test("sync.semaphore-limit past KSEMAPHORE.Limit (count unchanged); a mutex released when not held is lock.misuse")
    func semaphoreAndMutex() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(["KERNEL_SYNC"], in: dir)
        #expect(Self.probe(driver, "SemaphoreFirst") == 1 && Self.probe(driver, "SemaphorePastLimit") == 2)
        #expect(Self.probe(driver, "SemaphoreAfter") == 2, "the count stays at the limit")
        #expect(Self.probe(driver, "MutexWait") == 0 && Self.probe(driver, "MutexRecursive") == 0, "KMUTEX is recursive")
        #expect(Self.probe(driver, "MutexReleaseFirst") == -1 && Self.probe(driver, "MutexReleaseSecond") == 0)
        #expect(Self.probe(driver, "MutexReleaseThird") == 1 && Self.probe(driver, "MutexAfter") == 1)
        #expect(Self.rules(driver) == ["sync.semaphore-limit", "lock.misuse"], "\(driver.violations)")
        #expect(driver.violations.allSatisfy { $0.routine == "HwFindAdapter" })
        #expect(driver.violations.contains { $0.rule == "lock.misuse" && $0.detail.contains("KeReleaseMutex") })
    }

    /// docs/kernel-routines.md's IRQL table, written out independently of KernelModel's.
    static func documentedIrql(_ routine: String, model: PortDriver.Model, mode: PortMode) -> UInt8 {
        if mode != .normal { return 15 }
        switch routine {
        case "DriverEntry", "HwFindAdapter", "HwPassiveInitializeRoutine", "HwWorkItem", "HwFreeAdapterResources",
             "HwProcessServiceRequest", "port":
            return 0
        case "HwInterrupt", "HwInitialize", "interrupt synchronization routine", "synchronized access routine":
            return KernelModel.deviceIrql
        case "HwStartIo", "HwTimer", "HwResetBus", "HwAdapterControl", "HwAdapterState":
            return model == .storPort ? 2 : KernelModel.deviceIrql
        default:
            return 2
        }
    }

    @Test("The IRQL table read by name (StaticString, no allocation) agrees with the documented one")
    func irqlTable() {
        let names: [StaticString] = ["DriverEntry", "HwFindAdapter", "HwInitialize", "HwStartIo", "HwInterrupt", "HwBuildIo",
                                     "HwTimer", "HwResetBus", "HwAdapterControl", "HwAdapterState", "HwDpcRoutine",
                                     "HwPassiveInitializeRoutine", "HwWorkItem", "HwFreeAdapterResources",
                                     "HwProcessServiceRequest", "port", "interrupt synchronization routine",
                                     "synchronized access routine", "DPC routine", "HwStateChange"]
        for model in [PortDriver.Model.scsiPort, .storPort] {
            for mode in [PortMode.normal, .crashDump] {
                for name in names {
                    #expect(KernelModel.routineIrql(name, model: model, mode: mode)
                            == KernelModel.routineIrql("\(name)", model: model, mode: mode), "\(name) \(model) \(mode)")
                    #expect(KernelModel.routineIrql(name, model: model, mode: mode)
                            == Self.documentedIrql("\(name)", model: model, mode: mode), "\(name) \(model) \(mode)")
                }
            }
        }
    }

    @Test("KeStallExecutionProcessor advances the virtual clock; time queries read it")
    func clock() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(in: dir)
        let before = Self.probe(driver, "StallBefore"), after = Self.probe(driver, "StallAfter")
        #expect(after - before == 2_500, "250 µs in 100 ns units")
        #expect(Self.probe(driver, "SystemTime") >= 134_118_144_000_000_000)
        #expect(Self.probe(driver, "TimeIncrement") == 156_250)
        #expect(Self.probe(driver, "Frequency") == 10_000_000)
        #expect(Self.probe(driver, "Performance") == after)
        #expect(Self.probe(driver, "TickCount") == after / 156_250)
    }

    @Test("Spin locks raise to DISPATCH_LEVEL and restore; waits time out on the virtual clock")
    func locksAndWaits() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(in: dir)
        #expect(Self.probe(driver, "SpinOldIrql") == 0 && Self.probe(driver, "SpinHeldIrql") == 2)
        #expect(Self.probe(driver, "SpinAfterIrql") == 0 && Self.probe(driver, "QueuedHeldIrql") == 2)
        #expect(Self.probe(driver, "WaitZero") == Int64(STATUS_TIMEOUT))
        #expect(Self.probe(driver, "WaitTimeout") == Int64(STATUS_TIMEOUT))
        #expect(Self.probe(driver, "WaitTimeoutAfter") - Self.probe(driver, "WaitTimeoutBefore") == 200_000, "20 ms")
        #expect(Self.probe(driver, "WaitSignalled") == 0)
        #expect(Self.probe(driver, "EventStateAfterSyncWait") == 0, "a satisfied wait resets a synchronization event")
        #expect(Self.probe(driver, "WaitTimer") == 1, "the timer (object 1) ends the wait")
        #expect(Self.probe(driver, "TimerWokeAt") == Self.probe(driver, "TimerAt"), "the clock moved to the due time")
        #expect(Self.probe(driver, "WaitAll") == 0)
        #expect(driver.violations.isEmpty, "\(driver.violations)")
    }

    @Test("irql.bad-change: lowering below the routine's level, raising down, returning at another IRQL")
    func badIrql() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(["KERNEL_BAD_IRQL"], in: dir)
        let bad = driver.violations.filter { $0.rule == "irql.bad-change" }
        #expect(bad.contains { $0.routine == "HwInitialize" && $0.detail.contains("returned at HIGH_LEVEL") }, "\(bad)")
        #expect(bad.contains { $0.routine == "HwStartIo" && $0.detail.contains("KeLowerIrql to PASSIVE_LEVEL") }, "\(bad)")
        #expect(bad.contains { $0.routine == "HwStartIo" && $0.detail.contains("raising to a lower level") }, "\(bad)")
        #expect(Self.rules(driver) == ["irql.bad-change"])
        #expect(bad.allSatisfy { $0.code == nil })
    }

    @Test("wait.irql above APC_LEVEL, wait.forever without a timeout: both return instead of blocking")
    func waitRules() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(["KERNEL_WAIT_RULES"], in: dir)
        #expect(Self.rules(driver) == ["wait.irql", "wait.forever"])
        #expect(driver.violations.contains { $0.rule == "wait.irql" && $0.routine == "HwStartIo" && $0.detail.contains("DIRQL") })
        #expect(driver.violations.contains { $0.rule == "wait.forever" && $0.routine == "HwFindAdapter" })
    }

    @Test("A kernel spin lock acquired twice is a deadlock: lock.misuse")
    func deadlock() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(["KERNEL_DEADLOCK"], in: dir)
        #expect(driver.violations.contains {
            $0.rule == "lock.misuse" && $0.routine == "HwFindAdapter" && $0.detail.contains("already held")
        }, "\(driver.violations)")
    }

    @Test("Pool: ExAllocatePool2 zeroes and checks its flags; a leak is reported at unload; bad frees are caught")
    func pool() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (good, _) = try Self.loadAndRead(in: dir)
        #expect(Self.probe(good, "Pool2Zeroed") == 1 && Self.probe(good, "PoolZeroZeroed") == 1)
        #expect(Self.probe(good, "Pool2Null") == 0, "no POOL_FLAG_NON_PAGED / _PAGED: NULL")
        #expect(good.log.contains { $0.message.contains("ExAllocatePool2 with flags 0x2") })

        let (leaky, _) = try Self.loadAndRead(["KERNEL_LEAK"], in: dir)
        #expect(leaky.violations.isEmpty)
        leaky.unload()
        let leak = try #require(leaky.violations.first)
        #expect(leak.rule == "pool.leak" && leak.routine == "DriverUnload")
        #expect(leak.detail.contains("'Leak'") && leak.detail.contains("100 bytes"), "\(leak.detail)")
        leaky.unload()
        #expect(leaky.violations.count == 1, "unload is idempotent")

        let (bad, _) = try Self.loadAndRead(["KERNEL_BAD_FREE"], in: dir)
        let frees = bad.violations.filter { $0.rule == "pool.bad-free" }
        #expect(Self.rules(bad) == ["pool.bad-free", "phys.invalid-address"])
        #expect(frees.count == 2, "\(bad.violations)")
        #expect(frees.first?.detail.contains("tag 'xxxx'") == true && frees.first?.detail.contains("'MpKa'") == true)
        #expect(frees.last?.detail.contains("already freed") == true)
    }

    @Test("miniport verify's normal scenario ends with the driver's unload: a leak is pool.leak, a clean driver passes")
    func verifyReportsLeak() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let leaky = try IsolationTests.json(["verify", try Self.build(["KERNEL_LEAK"], in: dir), "--scenario", "normal"])
        #expect(leaky.status == 1)
        #expect(IsolationTests.violations(leaky.document).contains {
            $0["rule"] as? String == "pool.leak" && ($0["detail"] as? String)?.contains("'Leak'") == true
        }, "\(leaky.document)")
        let clean = try IsolationTests.json(["verify", try Self.build(in: dir), "--scenario", "normal"])
        #expect(clean.status == 0, "\(clean.document)")
    }

    @Test("miniport run ends with the driver's unload too: pool.leak in run's report; Session.unload for a program's own")
    func runReportsLeak() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let leakyPath = try Self.build(["KERNEL_LEAK"], in: dir)
        let leaky = try IsolationTests.json(["run", "--miniport", leakyPath, "--no-dump"])
        #expect(leaky.status == 1)
        #expect(IsolationTests.violations(leaky.document).contains {
            $0["rule"] as? String == "pool.leak" && ($0["routine"] as? String) == "DriverUnload"
        }, "\(leaky.document)")
        let clean = try IsolationTests.json(["run", "--miniport", try Self.build(in: dir), "--no-dump"])
        #expect(clean.status == 0, "\(clean.document)")
        // With the crash-dump step (the default) the driver the reboot loads is unloaded.
        let dumped = try IsolationTests.json(["run", "--miniport", leakyPath])
        #expect(IsolationTests.violations(dumped.document).contains { $0["rule"] as? String == "pool.leak" },
                "\(dumped.document)")

        // The library: run() without a crash dump unloads; a Session unloads on request.
        var runner = MiniportRunner(miniportPath: leakyPath)
        runner.crashDump = false
        let report = try runner.run()
        #expect(report.violations.map(\.rule) == ["pool.leak"] && !report.succeeded)
        let session = try MiniportRunner(miniportPath: leakyPath).boot()
        #expect(session.unload().map(\.rule) == ["pool.leak"])
        #expect(session.unload().isEmpty, "idempotent")
    }

    @Test("A Swift miniport calls the kernel routines (CMiniportStub exposes mpabi_kernel.h); vDbgPrintEx via withVaList")
    func swiftMiniportKernel() throws {
        let test = try TestMachine()
        let driver = try PortDriver.load(path: try BuildProducts.path("libPhbaSwiftMiniport.so"), machine: test.machine)
        #expect(driver.log.contains {
            $0.message == "DbgPrintEx(component 77, level 3): phba (Swift): HwFindAdapter at IRQL 0"
        }, "\(driver.log.map(\.message))")
        #expect(driver.violations.isEmpty)
    }

    @Test("dump.pool: a dump copy has no pool; the allocation returns NULL")
    func dumpPool() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine()
        let path = try Self.build(in: dir)
        let normal = try PortDriver.load(path: path, machine: test.machine)
        let boot = try #require(normal.adapters.first?.devices.first)
        #expect(normal.violations.isEmpty)
        let dump = try DumpPort(miniportPath: path, machine: test.machine, mode: .crashDump, targetId: boot.targetId)
        let refused = dump.driver.violations.filter { $0.rule == "dump.pool" }
        #expect(refused.contains { $0.routine == "HwFindAdapter" } && refused.allSatisfy { $0.mode == "crash" })
        #expect(dump.driver.violations.contains { $0.rule == "dump.time-query" }, "time queries break the dump rule")
        #expect(Self.probe(dump.driver, "FindAdapterIrql") == 15, "a dump copy runs at HIGH_LEVEL")
    }

    @Test("MmGetPhysicalAddress of the uncached extension is what ScsiPortGetPhysicalAddress says; pool has none")
    func physicalAddress() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(in: dir)
        let kernel = Self.probe(driver, "UncachedKernelPhysical")
        #expect(kernel != 0 && kernel == Self.probe(driver, "UncachedPortPhysical"))
        #expect(driver.verifier.counts[.physInvalidAddress] == nil)
        let (bad, _) = try Self.loadAndRead(["KERNEL_BAD_FREE"], in: dir)
        #expect(Self.probe(bad, "PoolPhysical") == 0, "pool is not in the physical map")
        #expect(bad.violations.contains { $0.rule == "phys.invalid-address" && $0.routine == "HwFindAdapter" })
    }

    @Test("DbgPrint and DbgPrintEx reach the port log, formatted in the image")
    func debugPrint() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(in: dir)
        let prints = driver.log.filter { $0.kind == .debugPrint }.map(\.message)
        #expect(prints.contains("DbgPrint: kernel probe: DriverEntry \n"), "\(prints)")
        #expect(prints.contains("DbgPrintEx(component 77, level 2): kernel probe interrupt at 5\n"), "\(prints)")
    }

    @Test("Rtl strings, integers and time fields; one processor")
    func pureRoutines() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (driver, _) = try Self.loadAndRead(in: dir)
        #expect(Self.probe(driver, "CompareSame") == 2)
        #expect(Self.probe(driver, "CompareUnicode") < 0 && Self.probe(driver, "EqualCaseInsensitive") == 1)
        #expect(Self.probe(driver, "ParsedDecimal") == 42 && Self.probe(driver, "ParsedHex") == 31)
        #expect(Self.probe(driver, "IntegerTextLength") == 8, "\"1000\"")
        #expect([Self.probe(driver, "IntegerText[0]"), Self.probe(driver, "IntegerText[1]"),
                     Self.probe(driver, "IntegerText[2]")] == [0x31, 0x30, 0x30], "4096 = 0x1000")
        #expect(Self.probe(driver, "AnsiRoundTrip[0]") == Int64(UInt8(ascii: "p"))
                && Self.probe(driver, "AnsiRoundTrip[3]") == Int64(UInt8(ascii: "a")))
        #expect([Self.probe(driver, "Fields.Year"), Self.probe(driver, "Fields.Month"), Self.probe(driver, "Fields.Day"),
                     Self.probe(driver, "Fields.Hour"), Self.probe(driver, "Fields.Minute"), Self.probe(driver, "Fields.Second"),
                     Self.probe(driver, "Fields.Milliseconds"), Self.probe(driver, "Fields.Weekday")]
                == [2026, 1, 2, 13, 4, 3, 6, 5], "134118144000000000 is 2026-01-02 08:00 UTC, a Friday")
        #expect(Self.probe(driver, "FieldsBack.QuadPart") == 134_118_144_000_000_000 + 10_000_000 * 18_243 + 60_000)
        #expect(Self.probe(driver, "ActiveProcessors") == 1 && Self.probe(driver, "MaximumProcessors") == 1)
        #expect(Self.probe(driver, "ProcessorNumber") == 0 && Self.probe(driver, "ProcNumber.Group") == 0)
        #expect(Self.probe(driver, "ActiveGroups") == 1)
    }

    @Test("The processor queries answer the machine's processors and the one the calling thread runs on")
    func processors() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let test = try TestMachine(processors: 4)
        let path = try Self.build(in: dir)
        // DriverEntry runs on the loading thread: processor 2 here.
        let driver = try test.machine.run(onProcessor: 2) { try PortDriver.load(path: path, machine: test.machine) }
        #expect(Self.probe(driver, "ActiveProcessors") == 4 && Self.probe(driver, "MaximumProcessors") == 4)
        #expect(Self.probe(driver, "ProcessorNumber") == 2 && Self.probe(driver, "ProcNumber.Number") == 2)
        #expect(Self.probe(driver, "ProcNumber.Group") == 0 && Self.probe(driver, "ActiveGroups") == 1)
        #expect(test.machine.currentProcessor == 0, "the thread's processor is restored after the body")
        // A number past the machine's processors is folded into them.
        #expect(test.machine.run(onProcessor: 6) { test.machine.currentProcessor } == 2)
        #expect(test.machine.activeProcessorMask == 0xF)
    }

    @Test("A routine the SDK does not implement returns its documented failure, in unresolvedCalls and inspect")
    func unresolved() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.build(["KERNEL_UNRESOLVED"], in: dir)
        let driver = try PortDriver.inspect(path: path)
        #expect(driver.unresolvedCalls == ["ZwClose", "IoAllocateWorkItem"])
        #expect(Self.probe(driver, "UnresolvedStatus") == Int64(Int32(bitPattern: 0xC000_0002)), "STATUS_NOT_IMPLEMENTED")
        #expect(Self.probe(driver, "WorkItem") == 0)
        let inspect = try miniport(["inspect", path, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspect.output.utf8)) as? [String: Any])
        #expect(json["unresolvedCalls"] as? [String] == ["ZwClose", "IoAllocateWorkItem"], "\(inspect.output)")
        let text = try miniport(["inspect", path])
        #expect(text.output.contains("Unresolved") && text.output.contains("  ZwClose"), "\(text.output)")
    }

    @Test("KeBugCheckEx: miniport.bugcheck with the code and four parameters, and the scenario ends as a crash does")
    func bugCheck() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.build(["KERNEL_BUGCHECK"], in: dir)
        let result = try IsolationTests.json(["run", "--miniport", path, "--no-dump"])
        #expect(result.status == 1)
        let violation = try #require(IsolationTests.violations(result.document).first)
        #expect(violation["rule"] as? String == "miniport.bugcheck")
        #expect(violation["routine"] as? String == "HwStartIo")
        let detail = violation["detail"] as? String ?? ""
        #expect(detail.contains("KeBugCheckEx(0xDEAD0001, 0x11, 0x22, 0x33, 0x0)"), "\(detail)")
    }

    @Test("The kernel headers compile for the Windows target (LLP64, MSVC layout) with the same sizes",
          .enabled(if: FileManager.default.isExecutableFile(atPath: "/opt/swift/usr/bin/clang")))
    func windowsTarget() throws {
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("kernel.c")
        // The headers pin the sizes with C_ASSERTs; the export list must name declared routines.
        try """
            #include <ntddk.h>
            #include <storport.h>
            #include <mpabi_kernel_exports.h>
            #define MPABI_ADDRESS(Name, Module, How) (void *)&Name,
            void *mpabi_exports[] = { MPABI_KERNEL_EXPORTS(MPABI_ADDRESS) };
            C_ASSERT(sizeof(KEVENT) == 24 && sizeof(KTIMER) == 64 && sizeof(MDL) == 48 && sizeof(KDPC) == 64);
            C_ASSERT(sizeof(LONG) == 4 && sizeof(KSPIN_LOCK) == 8);
            """.write(to: source, atomically: true, encoding: .utf8)
        try FixtureBuilder.run("/opt/swift/usr/bin/clang", ["--target=x86_64-pc-windows-msvc", "-ffreestanding", "-x", "c",
                                                            "-std=c11", "-Wall", "-Wextra", "-Werror", "-fsyntax-only",
                                                            "-I", FixtureBuilder.includeDirectory, source.path])
    }

    @Test("The export list names every routine once, each declared by mpabi_kernel.h and defined by the stub")
    func exportList() throws {
        let header = try String(contentsOfFile: FixtureBuilder.includeDirectory + "/mpabi_kernel_exports.h", encoding: .utf8)
        let entries = header.split(separator: "\n").compactMap { line -> (String, String, String)? in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("X("), let close = text.firstIndex(of: ")") else { return nil }
            let parts = text[text.index(text.startIndex, offsetBy: 2)..<close].split(separator: ",")
                .map { $0.trimmingCharacters(in: .whitespaces) }
            return parts.count == 3 ? (parts[0], parts[1], parts[2]) : nil
        }
        #expect(entries.count >= 100, "\(entries.count)")
        #expect(Set(entries.map(\.0)).count == entries.count, "each routine once")
        #expect(entries.allSatisfy { ["ntoskrnl", "hal", "inline"].contains($0.1) && ["PORT", "IMAGE", "FAILURE"].contains($0.2) })
        // Every listed routine is defined (hidden) in an image built with the stub.
        let dir = try FixtureBuilder.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.build(in: dir)
        let symbols = try FixtureBuilder.run("nm", ["--defined-only", path])
        let defined = Set(symbols.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
        let missing = entries.map(\.0).filter { !defined.contains($0) }
        #expect(missing.isEmpty, "\(missing)")
        let exported = try FixtureBuilder.run("nm", ["-D", "--defined-only", path])
        #expect(!exported.contains("KeBugCheckEx") && !exported.contains("ExAllocatePoolWithTag"), "stub routines stay hidden")
    }
}
