/* ntstrsafe_run.c - a program that checks ntstrsafe.h's results and prints one line per check:
 * "PASS name" or "FAIL name ..."; it exits with the number of failures. */
#include <stdio.h>
#include <string.h>
#include <ntstrsafe.h>

static int failures;
static void Check(const char *name, int ok) { printf("%s %s\n", ok ? "PASS" : "FAIL", name); failures += !ok; }

int main(void)
{
    char small[8];
    char big[32];
    WCHAR wide[8];
    static const WCHAR abc[] = {'a', 'b', 'c', 0};
    static const WCHAR fmt[] = {'%', 'd', '-', '%', 's', 0};
    size_t length = 99;

    Check("copy.fits", RtlStringCbCopyA(big, sizeof big, "hello") == STATUS_SUCCESS && strcmp(big, "hello") == 0);
    Check("copy.truncates", RtlStringCbCopyA(small, sizeof small, "0123456789") == STATUS_BUFFER_OVERFLOW &&
                                strcmp(small, "0123456") == 0);
    Check("copy.zero-size", RtlStringCchCopyA(small, 0, "x") == STATUS_INVALID_PARAMETER);
    Check("copy.too-large", RtlStringCchCopyA(small, (size_t)NTSTRSAFE_MAX_CCH + 1, "x") == STATUS_INVALID_PARAMETER);
    Check("copyn", RtlStringCbCopyNA(big, sizeof big, "abcdef", 3) == STATUS_SUCCESS && strcmp(big, "abc") == 0);
    Check("cat.fits", RtlStringCbCatA(big, sizeof big, "-xyz") == STATUS_SUCCESS && strcmp(big, "abc-xyz") == 0);
    Check("cat.truncates", RtlStringCbCatA(small, sizeof small, "zz") == STATUS_BUFFER_OVERFLOW && strlen(small) == 7);
    memset(small, 'x', sizeof small);
    Check("cat.unterminated", RtlStringCbCatA(small, sizeof small, "a") == STATUS_INVALID_PARAMETER);
    Check("length", RtlStringCchLengthA("four", 10, &length) == STATUS_SUCCESS && length == 4);
    Check("length.unterminated", RtlStringCchLengthA("four", 4, &length) == STATUS_INVALID_PARAMETER && length == 0);
    Check("printf.fits", RtlStringCbPrintfA(big, sizeof big, "%s=%u", "lun", 7U) == STATUS_SUCCESS && strcmp(big, "lun=7") == 0);
    Check("printf.truncates", RtlStringCbPrintfA(small, sizeof small, "%d", 123456789) == STATUS_BUFFER_OVERFLOW &&
                                  strcmp(small, "1234567") == 0);
    Check("wide.copy", RtlStringCchCopyW(wide, 6, abc) == STATUS_SUCCESS && wide[2] == 'c' && wide[3] == 0);
    Check("wide.cb-length", RtlStringCbLengthW(abc, sizeof abc, &length) == STATUS_SUCCESS && length == 6);
    Check("wide.printf", RtlStringCchPrintfW(wide, 8, fmt, 42, abc) == STATUS_SUCCESS && wide[0] == '4' &&
                             wide[2] == '-' && wide[5] == 'c' && wide[6] == 0);
    Check("wide.printf.truncates", RtlStringCchPrintfW(wide, 4, fmt, 42, abc) == STATUS_BUFFER_OVERFLOW && wide[3] == 0 &&
                                       wide[2] == '-');
    printf("DONE %d\n", failures);
    return failures;
}
