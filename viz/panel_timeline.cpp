// viz/panel_timeline.cpp — the collector over time, as plots: a band of states, bytes in use
// against the threshold, work per step, the distribution of step pauses (max, p99), finalizer calls
// and message deliveries.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <vector>

#include "viz/panels.h"

namespace tricolor::viz {

namespace {

// A box with several line series on a shared vertical scale, last value written at the right.
void multiLine(const char* title, const std::vector<std::vector<float>>& series,
               const std::vector<ImU32>& colours, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 lo = ImGui::GetCursorScreenPos();
    ImVec2 hi(lo.x + size.x, lo.y + size.y);
    ImGui::Dummy(size);
    dl->AddRectFilled(lo, hi, IM_COL32(30, 34, 42, 255), 3);
    float top = 1;
    for (const auto& s : series)
        for (float x : s)
            top = std::max(top, x);
    for (size_t k = 0; k < series.size(); k++) {
        const auto& s = series[k];
        if (s.size() < 2) continue;
        std::vector<ImVec2> points(s.size());
        for (size_t i = 0; i < s.size(); i++)
            points[i] = ImVec2(lo.x + 2 + (size.x - 4) * float(i) / float(s.size() - 1),
                               hi.y - 2 - (size.y - 16) * s[i] / top);
        dl->AddPolyline(points.data(), int(points.size()), colours[k], 0, 1.5f);
    }
    dl->AddText(ImVec2(lo.x + 4, lo.y + 1), IM_COL32(200, 200, 200, 255), title);
}

float percentile(std::vector<float> v, float p) {
    if (v.empty()) return 0;
    size_t k = size_t(std::clamp(p, 0.0f, 1.0f) * float(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + long(k), v.end());
    return v[k];
}

} // namespace

void TimelinePanel::Draw(VizState& v) {
    const auto& samples = v.history.samples;
    if (samples.empty()) {
        ImGui::TextDisabled("Run the program or step the collector to record a timeline.");
        return;
    }
    float width = ImGui::GetContentRegionAvail().x;
    float half = (width - 8) * 0.5f;
    float plotHeight = std::max(44.0f, (ImGui::GetContentRegionAvail().y - 60) / 2 - 6);

    // The state band.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImVec2 lo = ImGui::GetCursorScreenPos();
    float bandHeight = 14;
    float step = width / float(std::max<size_t>(samples.size(), 240)); // fills up, then scrolls
    float x0 = lo.x + width - step * float(samples.size());
    for (size_t i = 0; i < samples.size(); i++)
        dl->AddRectFilled(ImVec2(x0 + step * float(i), lo.y),
                          ImVec2(x0 + step * float(i + 1) + 0.5f, lo.y + bandHeight),
                          palette::state(samples[i].state));
    ImGui::Dummy(ImVec2(width, bandHeight));
    if (ImGui::IsItemHovered()) {
        float mx = ImGui::GetIO().MousePos.x;
        long i = long((mx - x0) / step);
        if (i >= 0 && size_t(i) < samples.size())
            ImGui::SetTooltip("%s", gcStateName(samples[size_t(i)].state));
    }

    std::vector<float> bytes, threshold, work, finalizers, messages;
    for (const TimelineSample& s : samples) {
        bytes.push_back(float(s.bytes) / 1024.0f);
        threshold.push_back(float(s.threshold) / 1024.0f);
        work.push_back(float(s.work));
        finalizers.push_back(float(s.finalizers));
        messages.push_back(float(s.messages));
    }
    char title[128];
    std::snprintf(title, sizeof title, "KB in use %.0f / threshold %.0f (amber), debt %.0f",
                  bytes.back(), threshold.back(), samples.back().debt / 1024.0);
    multiLine(title, {threshold, bytes},
              {IM_COL32(240, 170, 60, 255), IM_COL32(235, 235, 235, 255)},
              ImVec2(half, plotHeight));
    ImGui::SameLine();
    std::snprintf(title, sizeof title, "work units per step (last %.0f)", work.back());
    ImGui::PlotHistogram("##work", work.data(), int(work.size()), 0, title, 0, FLT_MAX,
                         ImVec2(half, plotHeight));

    // Step pauses as a histogram of durations.
    std::vector<float> pauses(v.history.stepPauses.begin(), v.history.stepPauses.end());
    float maxPause = pauses.empty() ? 0 : *std::max_element(pauses.begin(), pauses.end());
    float p99 = percentile(pauses, 0.99f);
    std::vector<float> bins(24, 0.0f);
    for (float p : pauses)
        bins[std::min<size_t>(bins.size() - 1, size_t(p / std::max(maxPause, 1e-6f) * 23.999f))]++;
    std::snprintf(title, sizeof title, "step pauses: %zu, max %.3f ms, p99 %.3f ms", pauses.size(),
                  maxPause, p99);
    ImGui::PlotHistogram("##pauses", bins.data(), int(bins.size()), 0, title, 0, FLT_MAX,
                         ImVec2(half, plotHeight));
    ImGui::SameLine();
    std::snprintf(title, sizeof title, "finalizers %llu (amber) / messages %llu (blue)",
                  (unsigned long long)v.history.finalizerCalls,
                  (unsigned long long)v.history.messages);
    multiLine(title, {finalizers, messages},
              {IM_COL32(240, 170, 60, 255), IM_COL32(90, 150, 240, 255)}, ImVec2(half, plotHeight));
}

} // namespace tricolor::viz
