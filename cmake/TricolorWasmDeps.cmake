# WebAssembly dependencies of the browser app, prepared by scripts/bootstrap.sh from Debian source
# packages (never committed, never downloaded from elsewhere):
#   third_party/sdl2-wasm -> SDL2 built with emcc, installed in a cache outside the clone
#   third_party/imgui     -> Dear ImGui 1.86 sources (imgui source package)
# Provides `tricolor_imgui`: ImGui + the SDL2 and OpenGL3 (WebGL2 / GLES 3) backends + SDL2.
set(TRICOLOR_SDL2_WASM_PREFIX "${CMAKE_SOURCE_DIR}/third_party/sdl2-wasm" CACHE PATH
    "Install prefix of SDL2 built for wasm (scripts/bootstrap.sh makes it)")
set(TRICOLOR_IMGUI_SOURCE_DIR "${CMAKE_SOURCE_DIR}/third_party/imgui" CACHE PATH
    "Dear ImGui 1.86 sources (scripts/bootstrap.sh fetches them)")

foreach(required IN ITEMS "${TRICOLOR_SDL2_WASM_PREFIX}/lib/libSDL2.a"
                          "${TRICOLOR_IMGUI_SOURCE_DIR}/imgui.cpp"
                          "${TRICOLOR_IMGUI_SOURCE_DIR}/backends/imgui_impl_sdl.cpp")
  if(NOT EXISTS "${required}")
    message(FATAL_ERROR "${required} is missing: run scripts/bootstrap.sh first")
  endif()
endforeach()

add_library(tricolor_sdl2 STATIC IMPORTED)
set_target_properties(tricolor_sdl2 PROPERTIES
  IMPORTED_LOCATION "${TRICOLOR_SDL2_WASM_PREFIX}/lib/libSDL2.a"
  INTERFACE_INCLUDE_DIRECTORIES "${TRICOLOR_SDL2_WASM_PREFIX}/include/SDL2;${TRICOLOR_SDL2_WASM_PREFIX}/include"
  # Not a system include: em++ puts its own SDL 1 headers on the system path, and <SDL.h> must
  # find SDL2's first.
  SYSTEM OFF)

set(imgui "${TRICOLOR_IMGUI_SOURCE_DIR}")
add_library(tricolor_imgui STATIC
  "${imgui}/imgui.cpp" "${imgui}/imgui_draw.cpp" "${imgui}/imgui_tables.cpp"
  "${imgui}/imgui_widgets.cpp"
  "${imgui}/backends/imgui_impl_sdl.cpp" "${imgui}/backends/imgui_impl_opengl3.cpp")
target_include_directories(tricolor_imgui SYSTEM PUBLIC "${imgui}" "${imgui}/backends")
# WebGL2 is OpenGL ES 3.0: shaders "#version 300 es".
target_compile_definitions(tricolor_imgui PUBLIC IMGUI_IMPL_OPENGL_ES3)
target_link_libraries(tricolor_imgui PUBLIC tricolor_sdl2)
target_link_options(tricolor_imgui INTERFACE -sUSE_WEBGL2=1 -sFULL_ES3=1)
