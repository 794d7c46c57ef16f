#include "viz/app.h"

#include <imgui.h>

#include "core/version.h"

namespace tricolor::viz {

void setupStyle(float pixelRatio) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no imgui.ini: the layout is the program's, not a file's
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 6.0f;
    style.FrameRounding = 4.0f;
    style.WindowPadding = ImVec2(12.0f, 10.0f);

    // Rasterise the font at the real pixel size, then scale it back in logical units.
    float ratio = pixelRatio > 1.0f ? pixelRatio : 1.0f;
    ImFontConfig font;
    font.SizePixels = 13.0f * ratio;
    io.Fonts->AddFontDefault(&font);
    io.FontGlobalScale = 1.0f / ratio;
}

namespace {

// The main window: the build's version and the frame rate.
bool drawMainWindow(const char* platform) {
    ImGui::SetNextWindowPos(ImVec2(24.0f, 24.0f), ImGuiCond_FirstUseEver);
    bool visible = ImGui::Begin("Tricolor", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    if (visible) {
        ImGui::Text("Tricolor %s", versionString());
        ImGui::Separator();
        const ImGuiIO& io = ImGui::GetIO();
        ImGui::Text("%.1f frames/s (%.2f ms/frame)", io.Framerate,
                    io.Framerate > 0.0f ? 1000.0f / io.Framerate : 0.0f);
        ImGui::Text("Running in the %s.", platform);
        ImGui::TextDisabled("A Lua 5.4 playground with a visible garbage collector.");
    }
    ImGui::End();
    return visible;
}

} // namespace

FrameReport drawFrame(const char* platform) {
    FrameReport report;
    report.mainWindowVisible = drawMainWindow(platform);
    return report;
}

} // namespace tricolor::viz
