/* A miniport image whose DriverEntry is a data symbol, not a function: calling it faults. */
#include <miniport.h>

ULONG DriverEntry[4] = { 0, 0, 0, 0 };
