/*
 * The example miniport (Examples/PhbaMiniport/phba.c), unchanged, with one attempt to escape
 * or fool the tool wrapped around it, chosen at build time. The supervised child must turn
 * each into a truthful report (docs/isolation.md):
 *
 *   ESCAPE_EXIT             DriverEntry calls exit(0)                         (miniport.exited)
 *   ESCAPE_UNDERSCORE_EXIT  HwStartIo calls _exit(0) on a READ                (miniport.exited)
 *   ESCAPE_SIGKILL          HwStartIo raises SIGKILL on a READ                (miniport.crashed)
 *   ESCAPE_IGNORE_ALARM     HwStartIo ignores SIGALRM and spins on a READ     (routine.too-long)
 *   ESCAPE_PRINT            DriverEntry prints to standard output and error   (miniportOutput)
 *   ESCAPE_CLOSE_STDOUT     DriverEntry closes descriptors 0, 1 and 2         (the report survives)
 *   ESCAPE_FORK             DriverEntry forks; the child would sleep forever  (refused)
 *   ESCAPE_KILL_PARENT      DriverEntry sends SIGKILL to its parent           (refused)
 *   ESCAPE_EXEC             DriverEntry runs /bin/true                         (refused)
 *   ESCAPE_SOCKET           DriverEntry opens an IPv4 socket                   (refused)
 *   ESCAPE_NO_DEVICES       every request to a target ends in SELECTION_TIMEOUT: the scan finds nothing
 *
 * The refused cases print what the system call returned, so a test reads it in miniportOutput.
 */
#define _GNU_SOURCE
#include <miniport.h>
#include <srb.h>
#include <scsi.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static PHW_STARTIO EscapeExampleStartIo;

static __attribute__((unused)) void EscapeReport(const char *what, long result)
{
    printf("%s=%ld errno=%s\n", what, result, result < 0 ? strerror(errno) : "0");
    fflush(stdout);
}

static BOOLEAN EscapeStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb)
{
    BOOLEAN read = Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && Srb->Cdb[0] == SCSIOP_READ;
    (void)read;
#if defined(ESCAPE_UNDERSCORE_EXIT)
    if (read) _exit(0);
#elif defined(ESCAPE_SIGKILL)
    if (read) raise(SIGKILL);
#elif defined(ESCAPE_IGNORE_ALARM)
    if (read) {
        signal(SIGALRM, SIG_IGN);
        for (;;) { }
    }
#elif defined(ESCAPE_NO_DEVICES)
    if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI) {
        Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
        ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
        ScsiPortNotification(NextRequest, DeviceExtension);
        return TRUE;
    }
#endif
    return EscapeExampleStartIo(DeviceExtension, Srb);
}

static ULONG EscapeInitialize(PVOID Argument1, PVOID Argument2, PHW_INITIALIZATION_DATA Init, PVOID HwContext)
{
#if defined(ESCAPE_EXIT)
    exit(0);
#elif defined(ESCAPE_PRINT)
    printf("hello from DriverEntry on stdout\n");
    fflush(stdout);
    fprintf(stderr, "and on stderr\n");
#elif defined(ESCAPE_CLOSE_STDOUT)
    close(0);
    close(1);
    close(2);
#elif defined(ESCAPE_FORK)
    pid_t child = fork();
    if (child == 0) {
        for (;;) pause();
    }
    EscapeReport("fork", child);
#elif defined(ESCAPE_KILL_PARENT)
    EscapeReport("kill", kill(getppid(), SIGKILL));
#elif defined(ESCAPE_EXEC)
    char *const argv[] = { "/bin/true", NULL };
    char *const envp[] = { NULL };
    EscapeReport("execve", execve("/bin/true", argv, envp));
#elif defined(ESCAPE_SOCKET)
    EscapeReport("socket", socket(AF_INET, SOCK_STREAM, 0));
#endif
    EscapeExampleStartIo = Init->HwStartIo;
    Init->HwStartIo = EscapeStartIo;
    return ScsiPortInitialize(Argument1, Argument2, Init, HwContext);
}

#define ScsiPortInitialize EscapeInitialize
#include "../../../Examples/PhbaMiniport/phba.c"
