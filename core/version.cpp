#include "core/version.h"

#include "tricolor_version.h"

namespace tricolor {

const char* versionString() {
    return TRICOLOR_VERSION;
}

const char* versionNumber() {
    return TRICOLOR_VERSION_NUMBER;
}

} // namespace tricolor
