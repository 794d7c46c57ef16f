# Writes the version header from core/version.h.in: VERSION (the project version) plus the git
# short hash of SOURCE_DIR's HEAD. Run with `cmake -P` on every build; configure_file only touches
# OUTPUT when its content changes, so an unchanged version recompiles nothing.
execute_process(
  COMMAND git -C "${SOURCE_DIR}" rev-parse --short=8 HEAD
  OUTPUT_VARIABLE TRICOLOR_GIT_HASH
  OUTPUT_STRIP_TRAILING_WHITESPACE
  ERROR_QUIET
  RESULT_VARIABLE git_result)
if(NOT git_result EQUAL 0 OR TRICOLOR_GIT_HASH STREQUAL "")
  set(TRICOLOR_GIT_HASH "unknown")
endif()
set(TRICOLOR_VERSION_NUMBER "${VERSION}")
set(TRICOLOR_VERSION "${VERSION}+${TRICOLOR_GIT_HASH}")
configure_file("${INPUT}" "${OUTPUT}" @ONLY)
