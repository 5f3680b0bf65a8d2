/*
 * fltused.c - `_fltused`, for Windows driver images (a member of the SDK's mpabi_sdk.lib).
 *
 * A compiler targeting the MSVC ABI references `_fltused` from every object that uses
 * floating point; the C runtime defines it, and a driver has none. The linker takes this
 * member only when an object references the symbol. Empty for any other target.
 */
#if defined(_WIN32)
int _fltused = 0;
#else
typedef int MpAbiFltusedUnused;
#endif
