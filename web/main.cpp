// web/main.cpp — the browser entry point: SDL2 + WebGL2 + Dear ImGui, driven by the browser's frame
// loop (emscripten_set_main_loop), around one viz::Playground.
//
// A thin layer: it owns the window, the GL context, the ImGui backends and the page's one
// Playground (the VM session). Each animation frame runs one budgeted slice of the program
// (Playground::tick, which returns after a few milliseconds at most) and then draws the
// visualizer's panels, so a script that loops forever never freezes the page.
//
// The page (web/editor/*.js) drives the session through the `extern "C"` functions below. They are
// plain calls made between two frames: pause() and stop() therefore take effect before the next
// slice runs, i.e. within one frame. Program output reaches the page through
// Module.tricolorOutput(kind, text) (see emitOutput). Nothing here lets a Lua script reach
// JavaScript: the only way out of the VM is that output callback, which the page shows as text.
#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "core/memory.h"
#include "core/version.h"
#include "core/vm.h"
#include "viz/app.h"
#include "viz/playground.h"
#include "web/workers.h"

namespace {

using tricolor::viz::OutputKind;
using tricolor::viz::Playground;
using tricolor::viz::PlaygroundOptions;
using tricolor::viz::ProgramState;

constexpr double kDefaultMemoryLimitMb = 256;
constexpr double kMinMemoryLimitMb = 1;
constexpr double kMaxMemoryLimitMb = 2048;

// The page's one app (browser glue; nothing in core/ is global).
struct WebApp {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    unsigned long frameCount = 0;
    bool mainWindowVisible = false;
    std::unique_ptr<Playground> playground;
    double memoryLimitMb = kDefaultMemoryLimitMb;
    double playgroundLimitMb = 0;     // the limit the current Playground was made with
    float viewport[4] = {0, 0, 0, 0}; // the page's visualizer pane (CSS pixels); 0 wide: all
    std::string statusJson; // returned by tricolor_status_json (valid until the next call)
    std::string text;       // returned by the share-link exports (valid until the next call)
};

WebApp& app() {
    static WebApp instance;
    return instance;
}

} // namespace

// Hands one piece of program output to the page (Module.tricolorOutput(kind, text)); kind is the
// OutputKind's number: 0 stdout, 1 stderr, 2 error, 3 info. Falls back to the browser console
// while the page script has not installed its handler.
EM_JS(void, tricolor_emit_output, (int kind, const char* text, int length), {
    var s = UTF8ToString(text, length);
    if (Module["tricolorOutput"])
        Module["tricolorOutput"](kind, s);
    else
        console.log(s);
});

// Tells the page that the user clicked an allocation site (main:LINE) in the visualizer.
EM_JS(void, tricolor_emit_site_clicked, (int line), {
    if (Module["tricolorSiteClicked"]) Module["tricolorSiteClicked"](line);
});

namespace {

void emitOutput(OutputKind kind, std::string_view text) {
    tricolor_emit_output(static_cast<int>(kind), text.data(), static_cast<int>(text.size()));
}

size_t megabytesToBytes(double mb) {
    return static_cast<size_t>(mb * 1024.0 * 1024.0);
}

// Makes the Playground with the current memory limit (the limit is a VM option).
void makePlayground() {
    WebApp& a = app();
    a.playground.reset(); // the old session (and its VM) goes first
    PlaygroundOptions options;
    options.memoryLimit = megabytesToBytes(a.memoryLimitMb);
    a.playground = std::make_unique<Playground>(options);
    a.playground->onOutput = emitOutput;
    a.playground->onVmCreated = tricolor::web::openBrowserWorkers; // `worker` (web/workers.h)
    a.playground->onSiteClicked = [](int line) { tricolor_emit_site_clicked(line); };
    a.playground->setViewport(a.viewport[0], a.viewport[1], a.viewport[2], a.viewport[3]);
    a.playgroundLimitMb = a.memoryLimitMb;
}

Playground& playground() {
    if (!app().playground) makePlayground();
    return *app().playground;
}

// Before a load (which makes a fresh VM anyway): a changed memory limit takes effect here, so
// the previous run's heap stays visible until the next Run.
Playground& playgroundForLoad() {
    if (app().playgroundLimitMb != app().memoryLimitMb) makePlayground();
    return playground();
}

// A JSON string literal for `s` (quotes, backslashes and control characters escaped).
std::string jsonString(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
            out += buffer;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

std::string statusJson() {
    Playground& p = playground();
    const tricolor::VM* vm = p.vm();
    std::string json = "{\"state\":";
    json += jsonString(tricolor::viz::programStateName(p.state()));
    json += ",\"instructions\":" + std::to_string(p.instructionCount());
    json += ",\"line\":" + std::to_string(p.currentLine());
    json += ",\"siteLine\":" + std::to_string(p.selectedObjectSiteLine());
    json += ",\"memoryBytes\":" + std::to_string(vm ? vm->memory.bytesInUse : 0);
    json += ",\"memoryLimitMb\":" + std::to_string(app().memoryLimitMb);
    json += ",\"timeline\":" + std::to_string(p.timelineSize());
    json += ",\"cursor\":" + std::to_string(p.timelineCursor());
    json += "}";
    return json;
}

// One browser frame: a slice of the program, events, the ImGui frame, render.
void frame() {
    WebApp& a = app();
    playground().tick();

    SDL_Event event;
    while (SDL_PollEvent(&event))
        ImGui_ImplSDL2_ProcessEvent(&event);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    playground().draw();
    a.mainWindowVisible = playground().mainWindowVisible();
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
    // Keyboard events go to the canvas only (it takes focus when clicked). SDL's default, the
    // whole window, would swallow Backspace, arrows and Ctrl+C/V/Z meant for the page's editor.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, "#canvas");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "SDL_Init failed: %s\n", SDL_GetError());
        return false;
    }
    // WebGL2 = OpenGL ES 3.0.
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    // The canvas is sized by CSS (its pane); SDL follows it, at devicePixelRatio, on every window
    // resize event (the page sends one when a pane is resized).
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

// 1 when the last frame drew the visualizer's main "Tricolor" window.
EMSCRIPTEN_KEEPALIVE int tricolor_main_window_visible() {
    return app().mainWindowVisible ? 1 : 0;
}

// The build's version, "0.1.0+<git hash>".
EMSCRIPTEN_KEEPALIVE const char* tricolor_version() {
    return tricolor::versionString();
}

// --- The session (the page's toolbar) ---------------------------------------------------------

// Makes a fresh VM and compiles `source` (chunk "main"); 0 on a syntax error (already reported
// through the output callback).
EMSCRIPTEN_KEEPALIVE int tricolor_load(const char* source) {
    return playgroundForLoad().load(source, "=main") ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void tricolor_run() {
    playground().run();
}

EMSCRIPTEN_KEEPALIVE void tricolor_pause() {
    playground().pause();
}

EMSCRIPTEN_KEEPALIVE void tricolor_stop() {
    playground().stop();
}

EMSCRIPTEN_KEEPALIVE void tricolor_step_instruction() {
    playground().stepInstruction();
}

EMSCRIPTEN_KEEPALIVE void tricolor_step_line() {
    playground().stepLine();
}

// One line typed into the page's input box, for io.read.
EMSCRIPTEN_KEEPALIVE void tricolor_provide_input(const char* line) {
    playground().provideInput(line);
}

EMSCRIPTEN_KEEPALIVE void tricolor_gc_step_unit() {
    playground().gcStepUnit();
}

EMSCRIPTEN_KEEPALIVE void tricolor_gc_step_phase() {
    playground().gcStepPhase();
}

EMSCRIPTEN_KEEPALIVE void tricolor_gc_full_cycle() {
    playground().gcFullCycle();
}

// {"state", "instructions", "line", "siteLine", "memoryBytes", "memoryLimitMb"}; the pointer is
// valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* tricolor_status_json() {
    app().statusJson = statusJson();
    return app().statusJson.c_str();
}

// --- Recording: share links, bug reports, step back (viz/playground.h) ---------------------------

// The session so far as a share link payload ("1.<base64url>", the value of "#r="); "" before a
// program was loaded. Valid until the next call of a function returning a string here.
EMSCRIPTEN_KEEPALIVE const char* tricolor_share_link() {
    app().text = playground().shareLink();
    return app().text.c_str();
}

// A Markdown bug report whose link starts with `pageUrl` (the page's address without fragment).
EMSCRIPTEN_KEEPALIVE const char* tricolor_bug_report(const char* pageUrl) {
    app().text = playground().bugReport(pageUrl);
    return app().text.c_str();
}

// Opens a share link (URL, "#r=..." or payload): {"ok": bool, "message": "reproduced ✓ ..." |
// "diverged ✗ at step N ..." | "share link: <why it is malformed>", "source": the script}.
EMSCRIPTEN_KEEPALIVE const char* tricolor_open_link(const char* link) {
    Playground& p = playgroundForLoad();
    std::string message;
    bool ok = p.openLink(link, message);
    app().text = std::string("{\"ok\":") + (ok ? "true" : "false") +
                 ",\"message\":" + jsonString(message) + ",\"source\":" + jsonString(p.source()) +
                 "}";
    return app().text.c_str();
}

// {"digest": 16 hex digits, "portable": the width-independent one} of the current heap.
EMSCRIPTEN_KEEPALIVE const char* tricolor_digest() {
    Playground& p = playground();
    app().text = "{\"digest\":" + jsonString(p.digest()) +
                 ",\"portable\":" + jsonString(p.portableDigest()) + "}";
    return app().text.c_str();
}

// The collector's pacing (collectgarbage("incremental", pause, stepmul, stepsize)): for the
// current VM (recorded) and the next Run.
EMSCRIPTEN_KEEPALIVE void tricolor_set_gc_parameters(int pause, int stepMul, int stepSizeLog2) {
    playground().setGcParameters(pause, stepMul, stepSizeLog2);
}

// Back to the previous timeline point (1), or 0 at the first.
EMSCRIPTEN_KEEPALIVE int tricolor_step_back() {
    return playground().stepBack() ? 1 : 0;
}

// To timeline point `point` (0 = the program loaded); 1 on success.
EMSCRIPTEN_KEEPALIVE int tricolor_timeline_jump(int point) {
    return point >= 0 && playground().jumpTo(size_t(point)) ? 1 : 0;
}

// --- The visualizer's own controls (viz/playground.h), for the page and the browser tests -------

// The last frame as JSON (Playground::frameSummaryJson); valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* tricolor_viz_frame_summary() {
    app().text = playground().frameSummaryJson();
    return app().text.c_str();
}
EMSCRIPTEN_KEEPALIVE void tricolor_viz_select(double id) {
    playground().select(static_cast<uint64_t>(id));
}
EMSCRIPTEN_KEEPALIVE void tricolor_viz_show_map(int map) {
    playground().showHeapMap(map != 0);
}
EMSCRIPTEN_KEEPALIVE void tricolor_viz_set_graph_zoom(float zoom) {
    playground().setGraphZoom(zoom);
}
// kind: 0 colour change of the selected object, 1 state (a GcState number), 2 finalizer,
// 3 invariant violation.
EMSCRIPTEN_KEEPALIVE void tricolor_viz_run_until(int kind, int state) {
    playground().runUntil(static_cast<tricolor::viz::RunUntil>(kind), state);
}
EMSCRIPTEN_KEEPALIVE void tricolor_viz_set_auto_step(int on, float unitsPerSecond) {
    playground().setAutoStep(on != 0, unitsPerSecond);
}

// The memory limit of the VMs made from now on (the next Run), in MB, clamped to [1, 2048].
// Returns the limit in effect.
EMSCRIPTEN_KEEPALIVE double tricolor_set_memory_limit(double mb) {
    if (!(mb >= kMinMemoryLimitMb)) mb = mb > 0 ? kMinMemoryLimitMb : kDefaultMemoryLimitMb;
    if (mb > kMaxMemoryLimitMb) mb = kMaxMemoryLimitMb;
    app().memoryLimitMb = mb; // used by the next load (playgroundForLoad)
    return mb;
}

// The part of the canvas the visualizer's panels tile: the page's visualizer pane, in CSS pixels
// from the canvas's top-left corner (the rest of the canvas lies under the editor).
EMSCRIPTEN_KEEPALIVE void tricolor_set_viewport(float x, float y, float width, float height) {
    WebApp& a = app();
    a.viewport[0] = x;
    a.viewport[1] = y;
    a.viewport[2] = width;
    a.viewport[3] = height;
    playground().setViewport(x, y, width, height);
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
