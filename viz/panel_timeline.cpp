// viz/panel_timeline.cpp — the collector over time, as plots: a band of states, bytes in use
// against the threshold, work per step, the distribution of step pauses (max, p99), finalizer calls
// and message deliveries.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/worker.h"
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
    if (title && *title)
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
    CountDeliveries(v);
    if (!ImGui::BeginTabBar("timelineviews")) return;
    if (ImGui::BeginTabItem("Plots")) {
        DrawPlots(v);
        ImGui::EndTabItem();
    }
    if (ImGui::BeginTabItem("Message log")) {
        DrawMessageLog(v);
        ImGui::EndTabItem();
    }
    ImGui::EndTabBar();
}

// Deliveries into the inbox since the last frame go to the newest sample.
void TimelinePanel::CountDeliveries(VizState& v) {
    VM* vm = v.playground->vm();
    if (vm != deliveriesVm_) {
        deliveriesAt_.clear();
        deliveredSeen_ = 0;
        deliveriesVm_ = vm;
    }
    if (!vm || v.history.samples.empty()) return;
    uint64_t delivered = inboxStats(*vm).delivered;
    if (delivered > deliveredSeen_)
        deliveriesAt_[v.history.samples.back().time] += uint32_t(delivered - deliveredSeen_);
    deliveredSeen_ = delivered;
    while (!deliveriesAt_.empty() && deliveriesAt_.begin()->first < v.history.samples.front().time)
        deliveriesAt_.erase(deliveriesAt_.begin());
}

void TimelinePanel::DrawPlots(VizState& v) {
    const auto& samples = v.history.samples;
    if (samples.empty()) {
        textDisabledWrapped("Run the program or step the collector to record a timeline.");
        return;
    }
    float width = ImGui::GetContentRegionAvail().x;
    float half = (width - ImGui::GetStyle().ItemSpacing.x) * 0.5f;
    float line = ImGui::GetTextLineHeightWithSpacing();
    float bandHeight = 12;
    // Two rows of plots, each with its title on a line of its own above it.
    float plotHeight = std::max(30.0f, (ImGui::GetContentRegionAvail().y - bandHeight - line * 3 -
                                        ImGui::GetStyle().ItemSpacing.y * 4) /
                                           2);

    // The state band: one slice per sample, coloured like the phase ladder.
    ImDrawList* dl = ImGui::GetWindowDrawList();
    textDisabledWrapped("collector state over time (hover for the state; colours as in the "
                        "phase ladder)");
    ImVec2 lo = ImGui::GetCursorScreenPos();
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
    uint64_t deliveries = 0;
    for (const TimelineSample& s : samples) {
        bytes.push_back(float(s.bytes) / 1024.0f);
        threshold.push_back(float(s.threshold) / 1024.0f);
        work.push_back(float(s.work));
        finalizers.push_back(float(s.finalizers));
        auto it = deliveriesAt_.find(s.time);
        uint32_t delivered = s.messages + (it == deliveriesAt_.end() ? 0 : it->second);
        messages.push_back(float(delivered));
        deliveries += delivered;
    }
    // Pauses as a histogram of durations.
    std::vector<float> pauses(v.history.stepPauses.begin(), v.history.stepPauses.end());
    float maxPause = pauses.empty() ? 0 : *std::max_element(pauses.begin(), pauses.end());
    float p99 = percentile(pauses, 0.99f);
    std::vector<float> bins(24, 0.0f);
    for (float p : pauses)
        bins[std::min<size_t>(bins.size() - 1, size_t(p / std::max(maxPause, 1e-6f) * 23.999f))]++;

    // Captions short enough for the page's narrow pane (a column of ~280 pixels).
    char title[4][160];
    std::snprintf(title[0], sizeof title[0], "KB used %.0f / threshold %.0f, debt %.0f",
                  bytes.back(), threshold.back(), samples.back().debt / 1024.0);
    std::snprintf(title[1], sizeof title[1], "work units per step (last %.0f)", work.back());
    std::snprintf(title[2], sizeof title[2], "step pauses: %zu, max %.3f, p99 %.3f ms",
                  pauses.size(), maxPause, p99);
    std::snprintf(title[3], sizeof title[3], "finalizers %llu / messages %llu",
                  (unsigned long long)v.history.finalizerCalls, (unsigned long long)deliveries);
    const char* tips[4] = {"Bytes in use (white) against the threshold of the next step (amber)",
                           "Units of collector work done per sample",
                           "Histogram of the wall time of single incremental steps",
                           "Finalizer calls (amber), message deliveries (blue) per sample"};
    if (!ImGui::BeginTable("plots", 2, ImGuiTableFlags_SizingStretchSame)) return;
    int captionIndex = 0;
    // A caption wider than its column is cut with "..." (the tooltip has all of it).
    auto caption = [&](const char* text) {
        std::string shown = elided(text, ImGui::GetContentRegionAvail().x);
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(200, 205, 215, 255));
        ImGui::TextUnformatted(shown.c_str());
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n%s", text, tips[captionIndex]);
        captionIndex++;
    };
    float cell = std::max(40.0f, half);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    caption(title[0]);
    multiLine("", {threshold, bytes}, {IM_COL32(240, 170, 60, 255), IM_COL32(235, 235, 235, 255)},
              ImVec2(cell, plotHeight));
    ImGui::TableNextColumn();
    caption(title[1]);
    ImGui::PlotHistogram("##work", work.data(), int(work.size()), 0, nullptr, 0, FLT_MAX,
                         ImVec2(cell, plotHeight));
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    caption(title[2]);
    ImGui::PlotHistogram("##pauses", bins.data(), int(bins.size()), 0, nullptr, 0, FLT_MAX,
                         ImVec2(cell, plotHeight));
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("How many steps took how long: 24 bins from 0 to %.3f ms", maxPause);
    ImGui::TableNextColumn();
    caption(title[3]);
    multiLine("", {finalizers, messages},
              {IM_COL32(240, 170, 60, 255), IM_COL32(90, 150, 240, 255)}, ImVec2(cell, plotHeight));
    ImGui::EndTable();
}

// The worker inbox's delivery log (core/worker.h): who sent what, when it was queued, delivered
// and received, in the receiver's instruction counts.
void TimelinePanel::DrawMessageLog(VizState& v) {
    VM* vm = v.playground->vm();
    if (!vm) {
        ImGui::TextDisabled("No program loaded.");
        return;
    }
    InboxStats st = inboxStats(*vm);
    ImGui::TextWrapped(
        "inbox: %llu delivered, %llu received, %zu waiting (%zu in the mailbox, %zu bytes), "
        "%llu refused as full, %u live workers",
        (unsigned long long)st.delivered, (unsigned long long)st.received, st.inInbox, st.inMailbox,
        st.waitingBytes, (unsigned long long)st.refused, st.liveWorkers);
    std::vector<MessageLogEntry> log;
    forEachLoggedMessage(*vm, [&](const MessageLogEntry& e) { log.push_back(e); });
    if (log.empty()) {
        ImGui::TextWrapped("No message delivered yet. Messages from workers (worker.spawn, "
                           "w:send) land in the inbox, a GC root; each delivery is listed here "
                           "and counted in the timeline.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("messages", 7, flags, ImGui::GetContentRegionAvail())) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("from");
    ImGui::TableSetupColumn("kind");
    ImGui::TableSetupColumn("bytes");
    ImGui::TableSetupColumn("queued at");
    ImGui::TableSetupColumn("delivered at");
    ImGui::TableSetupColumn("received at", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(int(log.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; r++) {
            // Newest first.
            const MessageLogEntry& e = log[log.size() - 1 - size_t(r)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%llu", (unsigned long long)e.seq);
            ImGui::TableNextColumn();
            ImGui::Text(e.from == 0 ? "main" : "worker %u", e.from);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(envelopeKindName(e.kind));
            ImGui::TableNextColumn();
            ImGui::Text("%zu", e.size);
            ImGui::TableNextColumn();
            ImGui::Text("%llu", (unsigned long long)e.queuedAt);
            ImGui::TableNextColumn();
            ImGui::Text("%llu", (unsigned long long)e.deliveredAt);
            ImGui::TableNextColumn();
            if (e.received)
                ImGui::Text("%llu", (unsigned long long)e.receivedAt);
            else
                ImGui::TextDisabled("waiting");
        }
    }
    ImGui::EndTable();
}

} // namespace tricolor::viz
