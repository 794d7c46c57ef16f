// web/main.cpp — the browser entry point: SDL2 + WebGL2 + Dear ImGui, driven by the browser's frame
// loop (emscripten_set_main_loop).
//
// A thin layer: it owns the window, the GL context and the ImGui backends, draws the visualizer
// (viz/app.h) once per animation frame, and exports a few `extern "C"` functions that the page
// (web/shell.js) and the browser tests call through `window.tricolor`.
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <cstdio>

#include "core/version.h"
#include "viz/app.h"

namespace {

// The page's one app (browser glue; nothing in core/ is global).
struct WebApp {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    unsigned long frameCount = 0;
    bool mainWindowVisible = false;
};

WebApp& app() {
    static WebApp instance;
    return instance;
}

// One browser frame: events, the ImGui frame, render.
void frame() {
    WebApp& a = app();
    SDL_Event event;
    while (SDL_PollEvent(&event))
        ImGui_ImplSDL2_ProcessEvent(&event);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    a.mainWindowVisible = tricolor::viz::drawFrame("browser").mainWindowVisible;
    ImGui::Render();

    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(a.window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(a.window);
    ++a.frameCount;
}

bool createWindow() {
    WebApp& a = app();
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "SDL_Init failed: %s\n", SDL_GetError());
        return false;
    }
    // WebGL2 = OpenGL ES 3.0.
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    // The canvas is sized by CSS (the whole viewport); SDL follows it, at devicePixelRatio.
    a.window =
        SDL_CreateWindow("Tricolor", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, 1280, 720,
                         SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    a.gl = a.window ? SDL_GL_CreateContext(a.window) : nullptr;
    if (!a.gl) {
        std::fprintf(stderr, "cannot create a WebGL2 context: %s\n", SDL_GetError());
        return false;
    }
    SDL_GL_MakeCurrent(a.window, a.gl);
    return true;
}

} // namespace

extern "C" {

// Frames drawn so far (the page and the tests check that it advances).
EMSCRIPTEN_KEEPALIVE double tricolor_frame_count() {
    return static_cast<double>(app().frameCount);
}

// 1 when the last frame drew the main "Tricolor" window.
EMSCRIPTEN_KEEPALIVE int tricolor_main_window_visible() {
    return app().mainWindowVisible ? 1 : 0;
}

// The build's version, "0.1.0+<git hash>".
EMSCRIPTEN_KEEPALIVE const char* tricolor_version() {
    return tricolor::versionString();
}

} // extern "C"

int main() {
    if (!createWindow()) return 1;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    tricolor::viz::setupStyle(static_cast<float>(emscripten_get_device_pixel_ratio()));
    ImGui_ImplSDL2_InitForOpenGL(app().window, app().gl);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    std::printf("Tricolor %s\n", tricolor::versionString());
    // 0 fps: the browser's animation frame rate; true: main() does not return.
    emscripten_set_main_loop(frame, 0, true);
    return 0;
}
