// viz/samples.h — the scripts the playground starts with: small programs whose heaps show every
// part of the collector (lists, closures and upvalues, a coroutine, a weak table, a finalizer that
// resurrects its object).
#pragma once

namespace tricolor::viz {

// The default script of the page and the native window.
const char* defaultSampleScript();

} // namespace tricolor::viz
