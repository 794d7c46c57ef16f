// viz/app.h — the Tricolor visualizer's user interface, drawn with Dear ImGui.
//
// The same drawing code runs in the browser (web/main.cpp: SDL2 + WebGL2) and in a native window
// (viz/native_main.cpp: SDL2 + OpenGL 3). The platform layer owns the window, the GL context and
// the ImGui backends; this module only builds ImGui windows between ImGui::NewFrame() and
// ImGui::Render(). It reads the VM and the collector only through core's public interfaces.
#pragma once

namespace tricolor::viz {

// Sets up the shared ImGui look: dark theme, rounding, and a font rasterised at the display's
// pixel ratio (so text stays crisp on high-DPI screens). Call once after ImGui::CreateContext().
void setupStyle(float pixelRatio);

struct FrameReport {
    bool mainWindowVisible = false; // the "Tricolor" window was drawn (not collapsed or hidden)
};

// Draws one frame of the visualizer's windows. `platform` names where it runs ("browser",
// "native"), shown in the main window.
FrameReport drawFrame(const char* platform);

} // namespace tricolor::viz
