# Native dependencies of the visualizer, all from Debian packages: SDL2 (libsdl2-dev), OpenGL
# (libgl-dev) and Dear ImGui 1.86 with its SDL2 and OpenGL3 backends (libimgui-dev: a static
# library built against Debian's stb, found with pkg-config). Provides `tricolor_imgui`.
find_package(SDL2 REQUIRED)
find_package(OpenGL REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(TRICOLOR_IMGUI REQUIRED IMPORTED_TARGET imgui)

add_library(tricolor_imgui INTERFACE)
target_include_directories(tricolor_imgui SYSTEM INTERFACE
  ${TRICOLOR_IMGUI_INCLUDE_DIRS} "${TRICOLOR_IMGUI_INCLUDEDIR}/backends")
target_link_libraries(tricolor_imgui INTERFACE
  PkgConfig::TRICOLOR_IMGUI SDL2::SDL2 OpenGL::GL ${CMAKE_DL_LIBS})
