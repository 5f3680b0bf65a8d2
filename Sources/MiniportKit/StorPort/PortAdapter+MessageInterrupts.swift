import CMiniportABI
import MiniportPlatform

#if canImport(Glibc)
import Glibc
#endif

/// Message-signalled interrupts (MSI-X) for StorPort adapters.
///
/// As on Windows, the decision is the platform's, made before the miniport starts: a physical
/// StorPort adapter in normal mode on a function with an MSI-X capability is granted messages
/// unless its device key says otherwise (``AdapterParameters/messageSignaledInterrupts``,
/// `--no-msi`). The port then programs the function's table (message n: address 0xFEE00000,
/// data n) and enables MSI-X before HwFindAdapter, as the PCI bus driver does when it assigns
/// resources. HwFindAdapter sees the messages through StorPortGetMSIInfo and sets
/// ConfigInfo->HwMSInterruptRoutine and InterruptSynchronizationMode.
///
/// A message the device sends is serviced when the current routine returns (as an interrupt
/// is): HwMSInterruptRoutine with the message ID, holding the message's own lock
/// (InterruptSynchronizePerMessage) or the interrupt lock (otherwise), or HwInterrupt when the
/// miniport gave no message routine. Dump modes have no interrupts: MSI-X stays disabled,
/// StorPortGetMSIInfo fails and the port polls HwInterrupt.
extension PortAdapter {
    /// The most messages one adapter is granted.
    static let messageLimit = 64

    /// Grants messages before HwFindAdapter (normal mode, physical StorPort adapter with MSI-X).
    func grantMessages() {
        guard let stor, !stor.isVirtual, let function else { return }
        guard function.msixVectors > 0, driver.mode == .normal, !polled else {
            // A dump copy finds the function as the crashed system left it: interrupts off.
            if function.msixEnabled { function.configureMSIX(enable: false) }
            return
        }
        guard driver.parameters.messageSignaledInterrupts else {
            function.configureMSIX(enable: false)
            driver.note(.port, "MSI-X: not granted (MSISupported is 0); the adapter uses its INTx line")
            return
        }
        let limit = min(Self.messageLimit, max(1, driver.parameters.messageNumberLimit ?? Self.messageLimit))
        let granted = min(function.msixVectors, limit)
        stor.messagesGranted = granted
        // Data n for message n (a vector the table has beyond the grant gets data the port ignores).
        function.configureMSIX(enable: true, data: { UInt32($0) })
        // Through the lifeline, as the INTx hook: no reference counting per message.
        function.onMessage = { [lifeline] vector, _, data in
            lifeline.withOwner { $0.messageArrived(vector: vector, data: data) }
        }
        driver.note(.port, "MSI-X: \(granted) message(s) granted of the function's \(function.msixVectors)")
    }

    /// Reads ConfigInfo's interrupt fields back after HwFindAdapter.
    func adoptMessageConfiguration() {
        guard let stor, stor.messagesGranted > 0 else { return }
        let config = storConfig.pointee
        stor.messageRoutine = config.HwMSInterruptRoutine
        stor.perMessageLocks = config.InterruptSynchronizationMode == InterruptSynchronizePerMessage
        driver.note(.port, "MSI-X: "
            + (stor.messageRoutine == nil ? "no HwMSInterruptRoutine, messages call HwInterrupt"
                : "HwMSInterruptRoutine, " + (stor.perMessageLocks ? "a lock per message" : "one interrupt lock")))
    }

    /// The device sent a message: serviced when the current routine returns.
    private func messageArrived(vector: Int, data: UInt32) {
        withStor(()) { stor in
            guard !isShutDown else { return }
            guard Int(data) < stor.messagesGranted else {
                driver.note(.refused, "MSI-X vector \(vector) sent data \(data), which is no granted message")
                return
            }
            stor.pendingMessages |= 1 << UInt64(data)
            runDeferred()
        }
    }

    /// Calls the miniport for every pending message, lowest ID first. Returns whether any ran.
    /// Under the concurrent engine, only the messages this thread may service
    /// (``PortAdapter/mayServe(processor:)``): those of its processor, and those whose
    /// processor no thread serves now.
    func serviceMessages() -> Bool {
        withStor(false) { stor in
            guard stor.pendingMessages != 0 else { return false }
            var serviced = false
            while stor.pendingMessages != 0 {
                guard let message = nextMessage(stor) else { break }
                serviced = true
                stor.pendingMessages &= ~(1 << UInt64(message))
                if let routine = stor.messageRoutine {
                    stor.messageHeld = stor.perMessageLocks ? message : nil
                    // The routine runs on the processor the message targets, as the interrupt would.
                    let claimed = machine.processors == 1 ? callMessageRoutine(routine, message, perMessage: stor.perMessageLocks)
                        : machine.run(onProcessor: machine.targetProcessor(ofMessage: message)) {
                            callMessageRoutine(routine, message, perMessage: stor.perMessageLocks)
                        }
                    stor.messageHeld = nil
                    if claimed == 0 { driver.note(.port, "HwMSInterruptRoutine(\(message)) returned FALSE") }
                } else if let interrupt = hw.HwInterrupt {
                    _ = callMiniport("HwInterrupt", holding: .interrupt) {
                        msABI ? MpAbiMsCallU81(MsCall.entry(interrupt), MsCall.arg(deviceExtension)) : interrupt(deviceExtension)
                    }
                }
                messagesServiced += 1
            }
            return serviced
        }
    }

    /// The lowest pending message this thread may service (any, on the deterministic engine).
    func nextMessage(_ stor: StorPortState) -> Int? {
        guard stor.concurrent, machine.processors > 1 else {
            return stor.pendingMessages == 0 ? nil : stor.pendingMessages.trailingZeroBitCount
        }
        var pending = stor.pendingMessages
        while pending != 0 {
            let message = pending.trailingZeroBitCount
            if mayServe(processor: machine.targetProcessor(ofMessage: message)) { return message }
            pending &= pending - 1
        }
        return nil
    }

    private func callMessageRoutine(_ routine: PHW_MESSAGE_SIGNALED_INTERRUPT_ROUTINE, _ message: Int, perMessage: Bool) -> UInt8 {
        let (extensionPointer, windowsABI) = (deviceExtension, msABI)   // captured instead of the adapter (callMiniport)
        return callMiniport("HwMSInterruptRoutine", holding: perMessage ? [] : .interrupt, message: perMessage ? message : nil) {
            windowsABI
                ? MpAbiMsCallU82(MsCall.entry(routine), MsCall.arg(extensionPointer), MsCall.arg(ULONG(message)))
                : routine(extensionPointer, ULONG(message))
        }
    }

    /// StorPortGetMSIInfo: INVALID_PARAMETER for a NULL InterruptInfo or a MessageId past the
    /// grant, INVALID_DEVICE_REQUEST when the adapter has no messages (it does not support MSI).
    func messageInfo(_ message: ULONG, _ info: UnsafeMutablePointer<MESSAGE_INTERRUPT_INFORMATION>?) -> ULONG {
        guard let info else { return STOR_STATUS_INVALID_PARAMETER }
        // An adapter granted no messages does not support MSI; one past the grant is a bad MessageId.
        guard let stor, stor.messagesGranted > 0 else { return STOR_STATUS_INVALID_DEVICE_REQUEST }
        guard let function, Int(message) < stor.messagesGranted,
              let entry = function.msixEntry(Int(message)) else { return STOR_STATUS_INVALID_PARAMETER }
        var result = MESSAGE_INTERRUPT_INFORMATION()
        result.MessageId = message
        result.MessageData = entry.data
        result.MessageAddress.QuadPart = LONGLONG(bitPattern: entry.address)
        result.InterruptVector = 0x60 + message
        result.InterruptLevel = ULONG(KernelModel.deviceIrql)
        result.InterruptMode = Latched
        info.pointee = result
        return STOR_STATUS_SUCCESS
    }

    /// StorPortAcquireMSISpinLock: the message's lock (the interrupt lock when messages share one).
    func acquireMessageLock(_ message: ULONG, oldIrql: UnsafeMutablePointer<ULONG>?) -> ULONG {
        guard let stor, Int(message) < stor.messagesGranted else {
            driver.note(.refused, "StorPortAcquireMSISpinLock(\(message)): no such message was granted")
            return STOR_STATUS_INVALID_PARAMETER
        }
        let id = Int(message)
        // Without per-message synchronization every message's lock is the interrupt lock.
        let shared = !stor.perMessageLocks
        let misused = stor.messageHeld == id || stor.messageLocksAcquired.contains { $0.message == id || shared }
            || (shared && (stor.portHeld.contains(.interrupt) || stor.acquired.contains { $0.lock == .interrupt }))
        if misused {
            driver.violate(.lockMisuse, "StorPortAcquireMSISpinLock(\(message)) while that message's lock is already held: "
                + "a deadlock on Windows")
        }
        oldIrql?.pointee = ULONG(KernelModel.currentIrql(driver))
        if KernelModel.currentIrql(driver) < KernelModel.deviceIrql { KernelModel.setIrql(driver, KernelModel.deviceIrql) }
        var mutex: HostMutex?
        if stor.concurrent, !misused, let mutexes = stor.mutexes {
            mutex = shared ? mutexes.interrupt : mutexes.messages[id]
            take(mutex!)
        }
        stor.messageLocksAcquired.append((id, mutex?.raw))
        return STOR_STATUS_SUCCESS
    }

    /// StorPortReleaseMSISpinLock.
    func releaseMessageLock(_ message: ULONG, oldIrql: ULONG) -> ULONG {
        guard let stor, Int(message) < stor.messagesGranted else {
            driver.note(.refused, "StorPortReleaseMSISpinLock(\(message)): no such message was granted")
            return STOR_STATUS_INVALID_PARAMETER
        }
        guard let index = stor.messageLocksAcquired.lastIndex(where: { $0.message == Int(message) }) else {
            driver.violate(.lockMisuse, "StorPortReleaseMSISpinLock(\(message)) without holding that message's lock")
            return STOR_STATUS_INVALID_PARAMETER
        }
        if let mutex = stor.messageLocksAcquired.remove(at: index).mutex { pthread_mutex_unlock(mutex) }
        guard oldIrql <= ULONG(KernelModel.deviceIrql) else {
            driver.violate(.irqlBadChange, "StorPortReleaseMSISpinLock(\(message)) with OldIrql \(oldIrql), above DIRQL")
            return STOR_STATUS_INVALID_PARAMETER
        }
        KernelModel.setIrql(driver, UInt8(oldIrql))
        return STOR_STATUS_SUCCESS
    }

    /// Message locks a routine returned holding: reported and released.
    func releaseLeftMessageLocks(routine: StaticString) {
        guard let stor, !stor.messageLocksAcquired.isEmpty else { return }
        for (message, mutex) in stor.messageLocksAcquired {
            driver.violate(.lockMisuse, "\(routine) returned holding the MSI spin lock of message \(message)", routine: routine)
            if let mutex { pthread_mutex_unlock(mutex) }
        }
        stor.messageLocksAcquired.removeAll()
    }

    /// Whether the INTx line must be ignored: a function with MSI-X enabled may not use INTx
    /// (the PCI specification prohibits it), and Windows connects no line interrupt to an adapter granted
    /// messages. A device model that drives the line anyway has a bug the port must not hide
    /// by calling HwInterrupt: it is noted (once) and counted.
    func lineSilencedByMessages(noting rise: Bool = false) -> Bool {
        guard let stor, let function, function.msixEnabled else { return false }
        if rise {
            stor.lineAssertionsIgnored += 1
            if stor.lineAssertionsIgnored == 1 {
                driver.note(.refused, "the device asserted INTx while MSI-X is enabled (a device model bug): "
                    + "ignored, HwInterrupt is not called for it")
            }
        }
        return true
    }

    /// Stops message delivery to this adapter (freeze, shutdown).
    func dropMessageHook() {
        guard let stor, stor.messagesGranted > 0 else { return }
        function?.onMessage = nil
        stor.pendingMessages = 0
    }
}
