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
//   map-1m-stepping   the same with one collector unit per frame (model + texture follow events);
//   step-1M           one unit per frame from the start of atomic (sub-steps, flip, sweep).
// Per frame: the CPU cost of the step itself (gcStepUnit + tick), of building the frame, of
// submitting it, and the rasterizer's wall time.
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
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "core/gc.h"
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
    float zoom; // graph zoom: 0 fits every node on screen
    const char* what;
    bool fromAtomic = false; // start stepping at the start of atomic (sub-steps, flip, sweep)
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

// The parts of one frame's time, in ms.
struct FrameTime {
    double wall = 0;      // everything, from the first event to the swap (includes waiting)
    double build = 0;     // main-thread CPU: events, tick (model update), panels, ImGui::Render()
    double submit = 0;    // main-thread CPU: ImGui_ImplOpenGL3_RenderDrawData (GL calls; with
                          // llvmpipe the vertex stage runs here too)
    double rasterize = 0; // wall time of glFinish + swap (the rasterizer's threads)
    double step = 0;      // main-thread CPU of the collector step and the model update it causes
                          // (gcStepUnit + tick): what one "Step unit" click costs before drawing
    int vertices = 0, drawLists = 0, drawCalls = 0;
};

// One frame: events, tick, draw, render, finish.
FrameTime frame(Window& w, Playground& p, bool stepping) {
    FrameTime t;
    double start = nowMs(), cpu0 = threadCpuMs();
    SDL_Event event;
    while (SDL_PollEvent(&event))
        ImGui_ImplSDL2_ProcessEvent(&event);
    if (stepping) p.gcStepUnit();
    p.tick();
    t.step = threadCpuMs() - cpu0;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    ImGui::NewFrame();
    p.draw();
    ImGui::Render();
    double cpu1 = threadCpuMs();
    t.build = cpu1 - cpu0;
    ImDrawData* data = ImGui::GetDrawData();
    t.vertices = data->TotalVtxCount;
    t.drawLists = data->CmdListsCount;
    for (int i = 0; i < data->CmdListsCount; i++)
        t.drawCalls += data->CmdLists[i]->CmdBuffer.Size;
    int width = 0, height = 0;
    SDL_GL_GetDrawableSize(w.window, &width, &height);
    glViewport(0, 0, width, height);
    glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(data);
    t.submit = threadCpuMs() - cpu1;
    double beforeFinish = nowMs();
    glFinish();
    SDL_GL_SwapWindow(w.window);
    double end = nowMs();
    t.rasterize = end - beforeFinish;
    t.wall = end - start;
    return t;
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

struct Stats {
    double mean = 0, p95 = 0, max = 0;
};

Stats statsOf(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    double sum = 0;
    for (double x : v)
        sum += x;
    s.mean = sum / double(v.size());
    s.p95 = v[std::min(v.size() - 1, size_t(double(v.size()) * 0.95))];
    s.max = v.back();
    return s;
}

struct Result {
    std::string name, what;
    uint64_t objects = 0;
    Stats wall, build, submit, rasterize, step;
    int vertices = 0, drawLists = 0, drawCalls = 0;
    double setupMs = 0;
};

Result runScenario(Window& w, const Scenario& s, int frames, const std::string& shots) {
    double t0 = nowMs();
    auto p = std::make_unique<Playground>();
    p->load(s.script, "=bench");
    p->run();
    while (p->state() == tricolor::viz::ProgramState::Running)
        p->tick();
    double loaded = nowMs() - t0;
    // Into the middle of marking: pause -> propagate, then some units, so all colours show.
    p->setValidation(false);
    if (s.fromAtomic) {
        p->runUntil(tricolor::viz::RunUntil::State, int(tricolor::GcState::Atomic));
    } else {
        p->gcStepPhase();
        for (int i = 0; i < 200; i++)
            p->gcStepUnit();
    }
    p->showHeapMap(s.map);
    // Fit (every node on screen, edges hidden by the level of detail) or zoom 1 (labels, edges).
    p->setGraphZoom(s.zoom);
    for (int i = 0; i < 5; i++)
        frame(w, *p, false); // warm-up (first texture upload, fit)
    std::vector<double> wall, build, submit, rasterize, step;
    FrameTime last;
    for (int i = 0; i < frames; i++) {
        last = frame(w, *p, s.stepping);
        step.push_back(last.step);
        wall.push_back(last.wall);
        build.push_back(last.build);
        submit.push_back(last.submit);
        rasterize.push_back(last.rasterize);
    }
    if (!shots.empty()) screenshot(w, shots + "/" + s.name + ".png");
    Result r;
    r.name = s.name;
    r.what = s.what;
    r.wall = statsOf(wall);
    r.build = statsOf(build);
    r.submit = statsOf(submit);
    r.rasterize = statsOf(rasterize);
    r.step = statsOf(step);
    r.vertices = last.vertices;
    r.drawLists = last.drawLists;
    r.drawCalls = last.drawCalls;
    r.setupMs = loaded;
    std::string summary = p->frameSummaryJson();
    size_t at = summary.find("\"objects\":");
    if (at != std::string::npos) r.objects = std::strtoull(summary.c_str() + at + 10, nullptr, 10);
    std::printf("%-18s step %6.2f ms (p95 %6.2f, max %6.2f)\n", s.name, r.step.mean, r.step.p95,
                r.step.max);
    std::printf("%-18s build %6.2f ms (p95 %6.2f) | submit %6.2f ms | raster+swap %7.2f ms | "
                "wall %7.2f ms (p95 %7.2f) | %d vertices, %d draw calls | %llu objects\n",
                s.name, r.build.mean, r.build.p95, r.submit.mean, r.rasterize.mean, r.wall.mean,
                r.wall.p95, r.vertices, r.drawCalls, (unsigned long long)r.objects);
    std::printf("%-18s %s\n", "", summary.c_str());
    std::fflush(stdout);
    p.reset(); // frees the map texture while the GL context is current
    return r;
}

std::string firstLineOf(const char* path, const char* prefix) {
    FILE* f = std::fopen(path, "r");
    if (!f) return "";
    char line[512];
    std::string out;
    while (std::fgets(line, sizeof line, f)) {
        if (prefix && std::strncmp(line, prefix, std::strlen(prefix)) != 0) continue;
        out = line;
        break;
    }
    std::fclose(f);
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    if (prefix) {
        size_t colon = out.find(':');
        if (colon != std::string::npos) out = out.substr(colon + 2);
    }
    return out;
}

// The 1, 5 and 15 minute load averages ("2.10 1.95 1.80").
std::string loadAverage() {
    std::string line = firstLineOf("/proc/loadavg", nullptr);
    size_t end = 0;
    for (int field = 0; field < 3 && end != std::string::npos; field++)
        end = line.find(' ', end + (field > 0 ? 1 : 0));
    return end == std::string::npos ? line : line.substr(0, end);
}

// docs/viz-frames.md: the numbers, the machine, and how to regenerate them.
// The browser's part of the file (tests/browser/viz.test.mjs writes it after this marker) is kept.
constexpr const char* kBrowserMarker = "<!-- browser frame times: tests/browser/viz.test.mjs -->";

std::string browserSection(const std::string& path) {
    std::ifstream in(path);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    size_t at = text.find(kBrowserMarker);
    return at == std::string::npos ? "" : text.substr(at);
}

void writeMarkdown(const std::string& path, const std::vector<Result>& results, int frames,
                   const char* renderer, const std::string& loadBefore) {
    std::string browser = browserSection(path);
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f) {
        std::fprintf(stderr, "viz_frames: cannot write %s\n", path.c_str());
        return;
    }
    char date[64];
    std::time_t now = std::time(nullptr);
    std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
    std::string cpu = firstLineOf("/proc/cpuinfo", "model name");
    std::string loadAfter = loadAverage();
    std::fprintf(f, "# Visualizer frame times\n\n");
    std::fprintf(f,
                 "Generated by `bench/viz_frames.cpp` (target `viz_frames`) on %s.\n"
                 "Machine: %s, %ld cores, renderer %s. Load average before: %s; after: %s.\n\n",
                 date, cpu.c_str(), sysconf(_SC_NPROCESSORS_ONLN), renderer, loadBefore.c_str(),
                 loadAfter.c_str());
    std::fprintf(f, "Regenerate (native, release build, under Xvfb):\n\n```sh\n"
                    "cmake --preset native-release && cmake --build --preset native-release -j2 "
                    "--target viz_frames\n"
                    "xvfb-run -a -s \"-screen 0 1600x1000x24\" build/native-release/viz/viz_frames "
                    "--markdown=docs/viz-frames.md\n```\n\n");
    std::fprintf(f,
                 "Window 1600x1000, %d measured frames per scenario after 5 warm-up frames, vsync "
                 "off. Columns (ms per frame, mean / p95):\n\n"
                 "- **step**: main-thread CPU time of the frame's collector unit and the model "
                 "update it causes (`gcStepUnit()` + `tick()`), with the worst frame in brackets: "
                 "what one \"Step unit\" costs before anything is drawn (it is part of build).\n"
                 "- **build**: main-thread CPU time (`CLOCK_THREAD_CPUTIME_ID`) to poll events, "
                 "update the model (`tick`: snapshot, diff, layout), run every panel and "
                 "`ImGui::Render()` (draw lists). This is the visualizer's own cost and what the "
                 "30 fps target (33 ms) is about.\n"
                 "- **submit**: main-thread CPU time of `ImGui_ImplOpenGL3_RenderDrawData` "
                 "(buffer uploads and draw calls; with Mesa llvmpipe the vertex stage runs "
                 "here too).\n"
                 "- **raster**: wall time of `glFinish` + swap (llvmpipe's rasterizer threads on a "
                 "shared machine: not our code).\n"
                 "- **wall**: the whole frame, wall clock.\n\n",
                 frames);
    std::fprintf(f, "| Scenario | objects | step (max) | build | submit | raster | wall | fps "
                    "(build) | fps (wall) | vertices | draw calls |\n| --- | ---: | ---: | ---: | "
                    "---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (const Result& r : results)
        std::fprintf(f,
                     "| %s | %llu | %.1f / %.1f (%.1f) | %.1f / %.1f | %.1f / %.1f | %.0f / %.0f | "
                     "%.0f / %.0f | %.0f | %.1f | %d | %d |\n",
                     r.name.c_str(), (unsigned long long)r.objects, r.step.mean, r.step.p95,
                     r.step.max, r.build.mean, r.build.p95, r.submit.mean, r.submit.p95,
                     r.rasterize.mean, r.rasterize.p95, r.wall.mean, r.wall.p95,
                     1000.0 / std::max(r.build.mean, 0.01), 1000.0 / r.wall.mean, r.vertices,
                     r.drawCalls);
    std::fprintf(f, "\nScenarios:\n\n");
    for (const Result& r : results)
        std::fprintf(f, "- `%s`: %s\n", r.name.c_str(), r.what.c_str());
    if (!browser.empty()) std::fprintf(f, "\n%s", browser.c_str());
    std::fclose(f);
}

} // namespace

int main(int argc, char** argv) {
    int frames = 60;
    std::string only, shots, markdown;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a.rfind("--frames=", 0) == 0)
            frames = std::max(1, std::atoi(a.c_str() + 9));
        else if (a.rfind("--only=", 0) == 0)
            only = a.substr(7);
        else if (a.rfind("--screenshots=", 0) == 0)
            shots = a.substr(14);
        else if (a.rfind("--markdown=", 0) == 0)
            markdown = a.substr(11);
        else {
            std::fprintf(stderr, "usage: viz_frames [--frames=N] [--only=NAME] [--screenshots=DIR] "
                                 "[--markdown=FILE]\n");
            return 2;
        }
    }
    std::string loadBefore = loadAverage();
    Window w;
    if (!openWindow(w)) {
        std::fprintf(stderr, "viz_frames: no OpenGL 3.2 window: %s\n", SDL_GetError());
        return 1;
    }
    const char* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
    std::printf("viz_frames: 1600x1000 window, %d frames per scenario, renderer %s\n", frames,
                renderer);
    std::fflush(stdout);
    const Scenario scenarios[] = {
        {"small", "x = {}", false, false, 1.0f,
         "a heap of a few objects at zoom 1: the floor of a frame's cost (windows, text, the "
         "phase ladder, the timeline plots)"},
        {"graph-5k", kGraphScript, false, false, 0.0f,
         "a linked list of 5,000 tables (plus the library's objects) in the middle of marking, "
         "zoomed to fit: every node on screen, edges and labels left out by the level of detail"},
        {"graph-5k-zoom1", kGraphScript, false, false, 1.0f,
         "the same at zoom 1: labelled nodes and edges, the rest culled"},
        {"graph-5k-stepping", kGraphScript, false, true, 0.0f,
         "graph-5k while the collector takes one unit per frame (snapshot, diff and layout every "
         "frame)"},
        {"map-1m", kMapScript, true, false, 0.0f,
         "1,000,000 tables in the heap map (one texel per object), heap unchanged"},
        {"map-1m-stepping", kMapScript, true, true, 0.0f,
         "map-1m with one collector unit per frame in the middle of marking (the model and the "
         "map texture follow the collector's events)"},
        {"step-1M", kMapScript, true, true, 0.0f,
         "map-1m stepped one unit per frame from the start of atomic: its sub-steps (the white "
         "flip recolours every object), then sweep units",
         true},
    };
    std::vector<Result> results;
    for (const Scenario& s : scenarios)
        if (only.empty() || only == s.name) results.push_back(runScenario(w, s, frames, shots));
    if (!markdown.empty()) writeMarkdown(markdown, results, frames, renderer, loadBefore);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(w.gl);
    SDL_DestroyWindow(w.window);
    SDL_Quit();
    return 0;
}
