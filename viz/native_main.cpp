// viz/native_main.cpp — `tricolor-viz`: the visualizer in a native SDL2 + OpenGL 3 window. Its VMs
// have the `worker` library on native threads (core/worker.h), as the page has it on Web Workers.
//
//   tricolor-viz                       an interactive window until it is closed
//   tricolor-viz --frames=N --screenshot=out.png [--results-file=path]
//                                      render N frames, save the last one as a PNG, check that it
//                                      is not blank (exit status 1 if it is), and exit
//   options for both:
//     --script=file.lua                the script to load (default: the sample script)
//     --run                            run the program to its end before the first frame
//     --gc=unit,phase,cycle,...        collector steps to take before the first frame
//     --select=ID                      select object ID (the inspector shows it)
//     --select-global=NAME             select the object in global NAME
//     --size=WxH                       the window size (default 1400x860)
//     --map                            show the heap map instead of the graph
//     --break-invariant                test aid: after the steps, turn a black object's black child
//                                      white by hand (what a store without a write barrier leaves)
//                                      and step once, so the invariant alarm shows
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/api.h"
#include "core/gc.h"
#include "core/introspect.h"
#include "core/vm.h"
#include "core/worker.h"
#include "viz/app.h"
#include "viz/heap_model.h"
#include "viz/playground.h"
#include "viz/png_writer.h"
#include "viz/samples.h"

namespace {

struct Options {
    long frames = 0; // 0: run until the window is closed
    std::string screenshot;
    std::string resultsFile;
    std::string script;
    bool run = false;
    std::vector<std::string> gcSteps;
    unsigned long long select = 0;
    std::string selectGlobal;
    bool breakInvariant = false;
    bool map = false;
    int width = 1400, height = 860;
};

std::vector<std::string> splitCommas(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Test aid (--break-invariant): a black table whose black child turns white again behind the
// collector's back, as if a store had skipped its write barrier; the next step's validation fails.
void breakInvariant(tricolor::viz::Playground& playground) {
    using namespace tricolor;
    VM* vm = playground.vm();
    if (!vm) return;
    if (vm->gc.state != GcState::Propagate) {
        std::fprintf(stderr, "tricolor-viz: --break-invariant needs the collector in propagate\n");
        return;
    }
    viz::HeapSnapshot s = viz::takeSnapshot(*vm);
    for (const viz::HeapEdge& e : s.edges) {
        const viz::HeapNode& from = s.nodes[e.from];
        const viz::HeapNode& to = s.nodes[e.to];
        if (e.from < s.rootCount || from.colour != GcColour::Black ||
            to.colour != GcColour::Black || to.tag != Tag::Table || from.site == 0)
            continue;
        GCObject* child = gcFindObject(*vm, to.id);
        child->marked = uint8_t((child->marked & ~kColourBits) | vm->gc.currentWhite);
        std::printf("tricolor-viz: broke the invariant: #%llu -> #%llu (%s)\n",
                    (unsigned long long)from.id, (unsigned long long)to.id, e.label.c_str());
        playground.gcStepUnit();
        return;
    }
    std::fprintf(stderr,
                 "tricolor-viz: no black->black table edge to break (step into propagate)\n");
}

// Loads the script, runs it and steps the collector as the options say.
void prepareSession(tricolor::viz::Playground& playground, const Options& options) {
    playground.onOutput = [](tricolor::viz::OutputKind kind, std::string_view text) {
        // The program's output arrives in pieces (print sends each argument, tab and newline):
        // written as is. Errors and the playground's own notes are whole lines, on stderr.
        using tricolor::viz::OutputKind;
        bool program = kind == OutputKind::Stdout || kind == OutputKind::Stderr;
        FILE* out = kind == OutputKind::Stdout ? stdout : stderr;
        std::fwrite(text.data(), 1, text.size(), out);
        if (!program && (text.empty() || text.back() != '\n')) std::fputc('\n', out);
    };
    // The `worker` library on native threads (core/worker.h), as the page has it on Web Workers.
    playground.onVmCreated = [](tricolor::VM& vm) { tricolor::openNativeWorkers(vm); };
    std::string source = options.script.empty() ? std::string(tricolor::viz::defaultSampleScript())
                                                : readFile(options.script);
    playground.load(source, options.script.empty() ? "=sample" : "@" + options.script);
    if (options.run) {
        playground.run();
        // A program waiting for a worker's message continues once the message arrives (at most
        // ~10 s of waiting).
        using tricolor::viz::ProgramState;
        for (int i = 0, waited = 0; i < 100000 && waited < 10000; i++) {
            ProgramState s = playground.state();
            if (s == ProgramState::WaitingForMessage) {
                SDL_Delay(1);
                waited++;
            } else if (s != ProgramState::Running) {
                break;
            }
            playground.tick();
        }
    }
    for (const std::string& step : options.gcSteps) {
        if (step == "unit")
            playground.gcStepUnit();
        else if (step == "phase")
            playground.gcStepPhase();
        else if (step == "cycle")
            playground.gcFullCycle();
        else if (step == "line")
            playground.stepLine();
        else if (step == "instr")
            playground.stepInstruction();
        else
            std::fprintf(stderr, "tricolor-viz: unknown step %s\n", step.c_str());
    }
    if (options.breakInvariant) breakInvariant(playground);
    if (options.select) playground.select(options.select);
    if (!options.selectGlobal.empty() && playground.vm()) {
        tricolor::Value v = tricolor::getGlobal(*playground.vm(), options.selectGlobal);
        if (v.tag >= tricolor::Tag::String && v.tag <= tricolor::Tag::Thread)
            playground.select(v.gc->id);
        else
            std::fprintf(stderr, "tricolor-viz: global %s holds no object\n",
                         options.selectGlobal.c_str());
    }
    if (options.map) playground.showHeapMap(true);
}

bool parseOptions(int argc, char** argv, Options& options) {
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg.rfind("--frames=", 0) == 0) {
            options.frames = std::strtol(arg.c_str() + 9, nullptr, 10);
        } else if (arg.rfind("--screenshot=", 0) == 0) {
            options.screenshot = arg.substr(13);
        } else if (arg.rfind("--results-file=", 0) == 0) {
            options.resultsFile = arg.substr(15);
        } else if (arg.rfind("--script=", 0) == 0) {
            options.script = arg.substr(9);
        } else if (arg == "--map") {
            options.map = true;
        } else if (arg == "--break-invariant") {
            options.breakInvariant = true;
        } else if (arg == "--run") {
            options.run = true;
        } else if (arg.rfind("--gc=", 0) == 0) {
            options.gcSteps = splitCommas(arg.substr(5));
        } else if (arg.rfind("--select-global=", 0) == 0) {
            options.selectGlobal = arg.substr(16);
        } else if (arg.rfind("--select=", 0) == 0) {
            options.select = std::strtoull(arg.c_str() + 9, nullptr, 10);
        } else if (arg.rfind("--size=", 0) == 0) {
            std::sscanf(arg.c_str() + 7, "%dx%d", &options.width, &options.height);
        } else {
            std::fprintf(
                stderr,
                "usage: tricolor-viz [--frames=N] [--screenshot=file.png] [--results-file=path]\n"
                "                    [--script=file.lua] [--run] [--gc=unit,phase,cycle,...]\n"
                "                    [--select=ID] [--select-global=NAME] [--size=WxH]\n");
            return false;
        }
    }
    if (!options.screenshot.empty() && options.frames <= 0) options.frames = 30;
    return true;
}

// Reads the current framebuffer, top row first.
std::vector<std::uint8_t> readFramebuffer(int width, int height) {
    std::vector<std::uint8_t> bottomUp(static_cast<size_t>(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, bottomUp.data());
    std::vector<std::uint8_t> topDown(bottomUp.size());
    size_t rowBytes = static_cast<size_t>(width) * 4;
    for (int y = 0; y < height; ++y) {
        std::memcpy(&topDown[static_cast<size_t>(y) * rowBytes],
                    &bottomUp[static_cast<size_t>(height - 1 - y) * rowBytes], rowBytes);
    }
    return topDown;
}

size_t distinctColours(const std::vector<std::uint8_t>& rgba) {
    std::set<std::uint32_t> colours;
    for (size_t i = 0; i + 3 < rgba.size() && colours.size() < 1000; i += 4) {
        colours.insert(rgba[i] << 16 | rgba[i + 1] << 8 | rgba[i + 2]);
    }
    return colours.size();
}

// Saves the frame; returns whether it shows a plausible ImGui window (many colours, not blank).
bool saveScreenshot(const std::string& path, int width, int height) {
    std::vector<std::uint8_t> pixels = readFramebuffer(width, height);
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    if (!tricolor::viz::writePng(path, width, height, pixels)) {
        std::fprintf(stderr, "tricolor-viz: cannot write %s\n", path.c_str());
        return false;
    }
    size_t colours = distinctColours(pixels);
    std::printf("tricolor-viz: saved %s (%dx%d, %zu colours)\n", path.c_str(), width, height,
                colours);
    if (colours < 8)
        std::fprintf(stderr, "tricolor-viz: the frame looks blank (%zu colours)\n", colours);
    return colours >= 8;
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    if (!parseOptions(argc, argv, options)) return 2;
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        std::fprintf(stderr, "tricolor-viz: SDL_Init failed: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 2);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_Window* window = SDL_CreateWindow(
        "Tricolor", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, options.width, options.height,
        SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
    if (!gl) {
        std::fprintf(stderr, "tricolor-viz: no OpenGL 3.2 window: %s\n", SDL_GetError());
        return 1;
    }
    SDL_GL_MakeCurrent(window, gl);
    SDL_GL_SetSwapInterval(1);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    int windowWidth = 0, drawableWidth = 0, height = 0;
    SDL_GetWindowSize(window, &windowWidth, &height);
    SDL_GL_GetDrawableSize(window, &drawableWidth, &height);
    tricolor::viz::setupStyle(windowWidth > 0 ? static_cast<float>(drawableWidth) / windowWidth
                                              : 1.0f);
    ImGui_ImplSDL2_InitForOpenGL(window, gl);
    ImGui_ImplOpenGL3_Init("#version 150");

    auto session = std::make_unique<tricolor::viz::Playground>();
    tricolor::viz::Playground& playground = *session;
    prepareSession(playground, options);

    bool running = true, screenshotOk = true, windowSeen = false;
    for (long frame = 0; running && (options.frames == 0 || frame < options.frames); ++frame) {
        SDL_Event event;
        while (SDL_PollEvent(&event)) {
            ImGui_ImplSDL2_ProcessEvent(&event);
            if (event.type == SDL_QUIT) running = false;
        }
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplSDL2_NewFrame();
        ImGui::NewFrame();
        playground.tick();
        playground.draw();
        windowSeen = playground.mainWindowVisible();
        ImGui::Render();
        int width = 0;
        SDL_GL_GetDrawableSize(window, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(0.08f, 0.09f, 0.11f, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        if (!options.screenshot.empty() && frame + 1 == options.frames) {
            screenshotOk = saveScreenshot(options.screenshot, width, height) && windowSeen;
        }
        SDL_GL_SwapWindow(window);
    }

    if (!options.screenshot.empty())
        std::printf("tricolor-viz: %s\n", playground.frameSummaryJson().c_str());
    session.reset(); // its GL texture goes while the context is alive
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplSDL2_Shutdown();
    ImGui::DestroyContext();
    SDL_GL_DeleteContext(gl);
    SDL_DestroyWindow(window);
    SDL_Quit();
    if (!options.resultsFile.empty()) {
        std::ofstream(options.resultsFile) << "passed=" << (screenshotOk ? 1 : 0)
                                           << " failed=" << (screenshotOk ? 0 : 1) << " known=0\n";
    }
    return screenshotOk ? 0 : 1;
}
