# Compiler setup shared by every Tricolor target: sanitizers, ccache, warnings, wasm link launcher.

# ccache, when installed, for every compile (TRICOLOR_CCACHE=OFF to disable).
option(TRICOLOR_CCACHE "Use ccache when it is installed" ON)
find_program(TRICOLOR_CCACHE_PROGRAM ccache)
if(TRICOLOR_CCACHE AND TRICOLOR_CCACHE_PROGRAM AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_C_COMPILER_LAUNCHER "${TRICOLOR_CCACHE_PROGRAM}")
  set(CMAKE_CXX_COMPILER_LAUNCHER "${TRICOLOR_CCACHE_PROGRAM}")
endif()

if(TRICOLOR_SANITIZE)
  if(EMSCRIPTEN)
    message(FATAL_ERROR "TRICOLOR_SANITIZE is for native builds")
  endif()
  set(tricolor_sanitize_flags -fsanitize=address,undefined -fno-sanitize-recover=undefined
                              -fno-omit-frame-pointer)
  add_compile_options(${tricolor_sanitize_flags})
  add_link_options(${tricolor_sanitize_flags})
endif()

if(EMSCRIPTEN)
  # The optimising wasm link runs Emscripten's JS tools, which need Debian's node modules.
  set_property(GLOBAL PROPERTY RULE_LAUNCH_LINK "${CMAKE_COMMAND} -E env NODE_PATH=/usr/share/nodejs")
  # C++ exceptions compiled as wasm exceptions: a try block costs nothing until a throw.
  add_compile_options(-fwasm-exceptions)
  add_link_options(-fwasm-exceptions)
endif()

# Warnings for our own targets (never for third-party code).
function(tricolor_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                                           -Wno-unused-parameter)
endfunction()
