/*
 * wpptrace.h - the WPP configuration of the WPP fixture, written the way WDK drivers write it:
 * a control GUID with flag bits, and the trace functions in a begin_wpp config block that the
 * WPP preprocessor (here: `miniport build`) reads.
 */
#ifndef WPPTRACE_H
#define WPPTRACE_H

#include <evntrace.h>

#define WPP_CONTROL_GUIDS                                                      \
    WPP_DEFINE_CONTROL_GUID(WppFixtureTraceGuid,                               \
        (6c5a1d55, 8c4b, 4e1f, 9a0e, 1b2c3d4e5f60),                            \
        WPP_DEFINE_BIT(TRACE_INIT)                                             \
        WPP_DEFINE_BIT(TRACE_IO))

#define WPP_LEVEL_FLAGS_LOGGER(lvl, flags) WPP_LEVEL_LOGGER(flags)
#define WPP_LEVEL_FLAGS_ENABLED(lvl, flags) (WPP_LEVEL_ENABLED(flags) && WPP_CONTROL(WPP_BIT_##flags).Level >= lvl)

/*
 * begin_wpp config
 * FUNC TraceEvents(LEVEL, FLAGS, MSG, ...);
 * FUNC TraceIo{LEVEL=TRACE_LEVEL_VERBOSE, FLAGS=TRACE_IO}(MSG, ...);
 * USEPREFIX(TraceIo, "io: ");
 * FUNC FuncEntry{LEVEL=TRACE_LEVEL_VERBOSE}(FLAGS);
 * USEPREFIX(FuncEntry, "--> %!FUNC!");
 * end_wpp
 */

#endif
