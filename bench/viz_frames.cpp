// bench/viz_frames.cpp — frame times of the visualizer's two heap views, in a native SDL2 + OpenGL
// 3 window (run it under Xvfb: `xvfb-run -a -s "-screen 0 1600x1000x24"
// build/native-release/viz/viz_frames`).
//
// Scenarios (each: a fresh Playground with a generated heap, frames rendered with vsync off and
// glFinish, so a frame's time includes the GPU's part):
//   graph-5k          a linked list of 5,000 tables (plus the standard library's objects) in the
//                     middle of marking, the graph zoomed to show every node;
//   graph-5k-stepping the same while the collector takes one unit per frame (a snapshot, a diff
//                     and a layout update every frame);
//   map-1m            1,000,000 tables in the heap map, heap unchanged between frames;
//   map-1m-stepping   the same with one collector unit per frame (snapshot + texture per frame).
// Prints ms per frame (mean, p95, max) and frames per second; the numbers go to the benchmark
// report (docs/visualizer.md), no threshold is asserted here.
//
//   viz_frames [--frames=N] [--only=NAME] [--screenshots=DIR]
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "viz/app.h"
#include "viz/playground.h"
#include "viz/png_writer.h"

namespace {

using tricolor::viz::Playground;

// CPU time of this thread (the machine may be shared: wall time then says little about our cost).
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
}

double nowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

struct Scenario {
    const char* name;
    const char* script;
    bool map;
    bool stepping;
};

const char* kGraphScript = R"lua(
objs = {}
for i = 1, 5000 do objs[i] = {index = i} end
for i = 1, 4999 do objs[i].next = objs[i + 1] end
)lua";

const char* kMapScript = R"lua(
objs = {}
for i = 1, 1000000 do objs[i] = {} end
)lua";

struct Window {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
};

bool openWindow(Window& w) {
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) return false;
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    w.window = SDL_CreateWindow("Tricolor benchmark", SDL_WINDOWPOS_CENTERED,
                                SDL_WINDOWPOS_CENTERED, 1600, 1000, SDL_WINDOW_OPENGL);
    w.gl = w.window ? SDL_GL_CreateContext(w.window) : nullptr;
    if (!w.gl) return false;
    SDL_GL_MakeCurrent(w.window, w.gl);
    SDL_GL_SetSwapInterval(0);
    ImGui::CreateContext();
    tricolor::viz::setupStyle(1.0f);
    ImGui_ImplSDL2_InitForOpenGL(w.window, w.gl);
    ImGui_ImplOpenGL3_Init("#version 150");
    return true;
}

// One frame: events, tick, draw, render, finish. Returns its duration in ms; `cpu` gets the part
// before glFinish (building the ImGui frame and submitting it), i.e. without the rasterizer.
double frame(Window& w, Playground& p, bool stepping, double* cpu = nullptr) {
    double start = nowMs(), startCpu = threadCpuMs();
    SDL_Event event;
    while (SDL_PollEvent(&event))
        ImGui_ImplSDL2_ProcessEvent(&event);
    if (stepping) p.gcStepUnit();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    p.tick();
    p.draw();
    ImGui::Render();
    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(w.window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    if (cpu) *cpu = threadCpuMs() - startCpu;
    glFinish();
    SDL_GL_SwapWindow(w.window);
    return nowMs() - start;
}

void screenshot(Window& w, const std::string& path) {
    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(w.window, &width, &height);
    std::vector<std::uint8_t> up(size_t(width) * height * 4), down(up.size());
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, up.data());
    size_t row = size_t(width) * 4;
    for (int y = 0; y < height; y++)
        std::memcpy(&down[size_t(y) * row], &up[size_t(height - 1 - y) * row], row);
    tricolor::viz::writePng(path, width, height, down);
}

void runScenario(Window& w, const Scenario& s, int frames, const std::string& shots) {
    double t0 = nowMs();
    auto p = std::make_unique<Playground>();
    p->load(s.script, "=bench");
    p->run();
    while (p->state() == tricolor::viz::ProgramState::Running)
        p->tick();
    double loaded = nowMs() - t0;
    // Into the middle of marking: pause -> propagate, then some units, so all colours show.
    p->setValidation(false);
    p->gcStepPhase();
    for (int i = 0; i < 200; i++)
        p->gcStepUnit();
    p->showHeapMap(s.map);
    // Fit (every node on screen, edges hidden by the level of detail) or zoom 1 (labels, edges).
    p->setGraphZoom(std::strcmp(s.name, "graph-5k-zoom1") == 0 ? 1.0f : 0.0f);
    for (int i = 0; i < 5; i++)
        frame(w, *p, false); // warm-up (first texture upload, fit)
    std::vector<double> times, cpuTimes;
    for (int i = 0; i < frames; i++) {
        double cpu = 0;
        times.push_back(frame(w, *p, s.stepping, &cpu));
        cpuTimes.push_back(cpu);
    }
    std::sort(cpuTimes.begin(), cpuTimes.end());
    double cpuSum = 0;
    for (double t : cpuTimes)
        cpuSum += t;
    if (!shots.empty()) screenshot(w, shots + "/" + s.name + ".png");
    std::sort(times.begin(), times.end());
    double sum = 0;
    for (double t : times)
        sum += t;
    double mean = sum / double(times.size());
    double p95 = times[std::min(times.size() - 1, size_t(double(times.size()) * 0.95))];
    std::printf("%-18s mean %7.2f ms  p95 %7.2f ms  max %7.2f ms  = %6.1f fps  (setup %.0f ms)\n",
                s.name, mean, p95, times.back(), 1000.0 / mean, loaded);
    std::printf(
        "%-18s main-thread CPU time to build and submit the frame: mean %.2f ms, p95 %.2f ms\n", "",
        cpuSum / double(cpuTimes.size()),
        cpuTimes[std::min(cpuTimes.size() - 1, size_t(double(cpuTimes.size()) * 0.95))]);
    std::printf("%-18s %s\n", "", p->frameSummaryJson().c_str());
    std::fflush(stdout);
    p.reset(); // frees the map texture while the GL context is current
}

} // namespace

int main(int argc, char** argv) {
    int frames = 120;
    std::string only, shots;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a.rfind("--frames=", 0) == 0)
            frames = std::atoi(a.c_str() + 9);
        else if (a.rfind("--only=", 0) == 0)
            only = a.substr(7);
        else if (a.rfind("--screenshots=", 0) == 0)
            shots = a.substr(14);
        else {
            std::fprintf(stderr,
                         "usage: viz_frames [--frames=N] [--only=NAME] [--screenshots=DIR]\n");
            return 2;
        }
    }
    Window w;
    if (!openWindow(w)) {
        std::fprintf(stderr, "viz_frames: no OpenGL 3.2 window: %s\n", SDL_GetError());
        return 1;
    }
    std::printf("viz_frames: 1600x1000 window, %d frames per scenario, renderer %s\n", frames,
                reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
    std::fflush(stdout);
    const Scenario scenarios[] = {
        {"graph-5k", kGraphScript, false, false},
        {"graph-5k-zoom1", kGraphScript, false, false},
        {"graph-5k-stepping", kGraphScript, false, true},
        {"map-1m", kMapScript, true, false},
        {"map-1m-stepping", kMapScript, true, true},
    };
    for (const Scenario& s : scenarios)
        if (only.empty() || only == s.name) runScenario(w, s, frames, shots);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(w.gl);
    SDL_DestroyWindow(w.window);
    SDL_Quit();
    return 0;
}
