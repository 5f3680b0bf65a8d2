/* Owns the fixture GUIDs: initguid.h first turns DEFINE_GUID into definitions. */
#include <ntddk.h>
#include <initguid.h>
#include "wdk_guids.h"
