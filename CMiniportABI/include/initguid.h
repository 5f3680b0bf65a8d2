/*
 * initguid.h - makes the following DEFINE_GUID uses define their GUIDs instead of declaring
 * them. Include it in one source file, before the headers (or DEFINE_GUID lines) whose GUIDs
 * that file should own.
 */
#ifndef INITGUID
#define INITGUID
#endif
#include "guiddef.h"
