// viz/playground.h — one playground session: a VM, its program, the
// collector controls, and the visualizer's panels.
//
// The platform layers (web/main.cpp in the browser, viz/native_main.cpp in a
// native window) own the window and the frame loop; each frame they call
// tick() (run the program for a slice of its budget) and draw() (the ImGui
// panels). Everything else is commands: load a script, run, pause, step an
// instruction or a line, step the collector by a unit, a phase or a cycle.
//
// The playground drives the VM only through core/api.h and reads the
// collector only through core/introspect.h. It never blocks: a program that
// loops forever is just a program that is always Running, one slice per frame.
//
// Owner: the visualizer helper (playground.cpp and the panels). The web page
// helper calls this interface from web/main.cpp; changes to it are additive.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace tricolor {
struct VM;
}

namespace tricolor::viz {

enum class ProgramState : uint8_t {
    Idle,              // nothing loaded, or stopped
    Running,           // runs a slice every tick
    Paused,            // by the user or a "run until" condition
    WaitingForInput,   // io.read with no input line queued
    WaitingForMessage, // a receive() with an empty inbox (workers)
    MutatorLocked,     // the user is single-stepping inside the atomic phase
    Finished,
    Error,
};
const char* programStateName(ProgramState s); // "running", "paused", ...

enum class OutputKind : uint8_t { Stdout, Stderr, Error, Info };

// "Run until" conditions (the collector runs, with the program when it can still run).
enum class RunUntil : uint8_t {
    ColourChange,       // the selected object changes colour (or is freed)
    State,              // the collector enters a chosen state
    Finalizer,          // a finalizer is called
    InvariantViolation, // the heap validator fails
};

struct PlaygroundOptions {
    size_t memoryLimit = size_t(256) << 20;
    uint64_t instructionsPerTick = 200000; // budget of one tick while Running
    double maxTickMilliseconds = 8.0;      // tick() returns early after this long
};

class Playground {
  public:
    explicit Playground(PlaygroundOptions options = {});
    ~Playground();

    // --- Program ---------------------------------------------------------------
    // Makes a fresh VM and compiles `source`; a syntax error is reported through
    // onOutput (OutputKind::Error) and leaves the state Error. The program does
    // not start until run() or a step.
    bool load(std::string_view source, std::string_view chunkName = "=main");
    void run();   // start or continue
    void pause(); // answer within one tick
    void stop();  // abandon the program (state Idle; the heap stays visible)
    void stepInstruction();
    void stepLine(); // until the current line changes (or the program ends)
    void provideInput(std::string_view line); // a line for io.read (queued)

    // --- Collector ---------------------------------------------------------------
    void gcStepUnit();
    void gcStepPhase();
    void gcFullCycle();
    // Runs until the condition holds (state: a GcState as int, for RunUntil::State). If the
    // program can still run it runs too (paused when the condition holds); otherwise only the
    // collector steps.
    void runUntil(RunUntil condition, int state = -1);
    // Collector parameters as collectgarbage("incremental", pause, stepmul, stepsize) sets them.
    void setGcParameters(int pause, int stepMul, int stepSizeLog2);
    // Steps the collector by `unitsPerSecond` units while not Running (0 or false: off).
    void setAutoStep(bool on, float unitsPerSecond);
    // Runs the heap validator after every collector step (an alarm pauses on failure).
    void setValidation(bool on);

    // --- Frame loop ------------------------------------------------------------------
    void tick(); // run one slice if Running
    void draw(); // all panels, between ImGui::NewFrame() and ImGui::Render()
    // The part of the display the panels tile (logical pixels); the rest belongs to the page (the
    // editor). Default, or width <= 0: the whole display.
    void setViewport(float x, float y, float width, float height);
    // View controls for scripted screenshots and benchmarks: the heap tab shown (graph or map) and
    // the graph's zoom (1 = a node is 74 pixels wide; 0 = fit everything).
    void showHeapMap(bool map);
    void setGraphZoom(float zoom);

    // --- Recording: share links, step back (core/replay.h) --------------------------------
    // The session is recorded as it happens (script, settings, collector steps, stdin lines,
    // worker deliveries, each at its instruction count), so it can be shared and any earlier
    // point rebuilt exactly by replaying it.
    //
    // The session so far as a share link payload ("1.<base64url>", the value of "#r=").
    std::string shareLink() const;
    // A Markdown bug report: the link (`pageUrl` + "#r=" + payload), the script, the collector
    // settings, the expected (recorded) and actual digests.
    std::string bugReport(std::string_view pageUrl) const;
    // Opens a share link (a URL, "#r=...", "r=..." or the payload): replays it in a fresh VM up to
    // its cursor and continues from there. False with `message` for a malformed, truncated,
    // oversized or hostile link (the playground is then empty); true with `message` saying
    // "reproduced ✓ ...", "diverged ✗ at step N ..." or why nothing could be compared.
    bool openLink(std::string_view link, std::string& message);
    // The heap digest (core/digest.h) of the current VM, 16 hex digits ("" without a VM); the
    // portable one leaves out sizes (comparable between the browser and a native build).
    std::string digest() const;
    std::string portableDigest() const;
    // The timeline: the points the session stopped at (load, every step, pause, stdin line, end),
    // oldest first, and the one it is at. stepBack() goes to the previous point, jumpTo() to any;
    // both replay the recording (deterministic), so the heap is exactly the one the session had
    // there: from the nearest checkpoint at or before the point (a Replayer parked there by idle
    // frames: the two points before the cursor and the latest one), else from the start. Doing
    // something new there drops the later points.
    size_t timelineSize() const;
    size_t timelineCursor() const;
    uint64_t timelineInstruction(size_t point) const;
    bool stepBack();
    bool jumpTo(size_t point);

    // --- Observation -------------------------------------------------------------------
    ProgramState state() const;
    uint64_t instructionCount() const;
    int currentLine() const;            // line of a paused program's next instruction, or -1
    int selectedObjectSiteLine() const; // allocation line of the selected object, or -1
    VM* vm() const;                     // the current VM (null before load)
    const std::string& source() const;  // the loaded script
    void select(uint64_t objectId);     // 0: nothing
    uint64_t selected() const;
    bool mainWindowVisible() const; // the last draw() showed the "Tricolor" window
    bool alarmRaised() const;       // the validator failed (the program was paused)
    // The last frame as JSON: state, atomic step, mutator lock, object counts by colour, the
    // graph's drawn nodes by colour, ghosts, alarm (for tests and the page's status line); and
    // the step-back checkpoints: parked, wanted but not parked yet ("checkpointsPending"), jumps
    // made from one, the instruction the last jump started from (-1: from the start) and its
    // duration in milliseconds.
    std::string frameSummaryJson() const;

    // Called when the user clicks an allocation site (chunk:line) in the inspector.
    std::function<void(int line)> onSiteClicked;

    // Program output and errors ("chunk:line: message" for errors).
    std::function<void(OutputKind, std::string_view)> onOutput;

    // Called for every fresh VM, after openStdlib: the platform opens extra libraries here (the
    // browser's Web Worker transport, web/workers.h). Set before load().
    std::function<void(VM&)> onVmCreated;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace tricolor::viz
