// web/workers.cpp — the Web Worker transport (see web/workers.h for the model and the protocol).
//
// The JavaScript half of the page side is installed once into Module.tricolorWorkerHub (EM_JS
// below, part of tricolor.js: no eval, no inline script). The worker side's JavaScript is
// web/worker.js. Everything here is browser glue; the VM side (Mailbox, inbox, the `worker`
// library, WorkerRuntime) is core/worker.cpp, shared with the native std::thread transport.
#include "web/workers.h"

#include <emscripten.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/spawnrecord.h"
#include "core/vm.h"
#include "core/worker.h"

namespace tricolor::web {
namespace {

// ================================================================================================
// The page's JavaScript hub: Worker objects keyed "host:id", outgoing batches, arrivals.
// (EM_JS bodies go through the C preprocessor: no `===` there, and clang-format must keep out.)
// clang-format off

EM_JS(void, tricolor_js_install_hub, (), {
    if (Module["tricolorWorkerHub"]) return;
    var workers = {};
    function arrive(host, id, kind, bytes, extra, sentAt) {
        var n = bytes ? bytes.length : 0;
        var m = extra ? extra.length : 0;
        var p = _malloc(n + m + 1);
        if (n) HEAPU8.set(bytes, p);
        if (m) HEAPU8.set(extra, p + n);
        Module["_tricolor_workers_arrive"](host, id, kind, p, n, p + n, m, sentAt || 0);
        _free(p);
    }
    function drop(key) {
        var entry = workers[key];
        if (!entry) return;
        delete workers[key];
        entry.worker.onmessage = null;
        entry.worker.onerror = null;
        entry.worker.terminate();
    }
    var encoder = new TextEncoder();
    // A crash: the worker's script failed to load, its wasm trapped, or it threw.
    function crashed(host, id, text) {
        var key = host + ":" + id;
        if (!workers[key]) return;
        drop(key);
        arrive(host, id, 6, encoder.encode(String(text)), null, 0);
    }
    // What a Web Worker posts is checked before anything reaches the wasm heap: a worker whose
    // module misbehaves (or anything else posting to the page) cannot make the page read
    // garbage, allocate without bound or throw in this handler. Anything malformed ends that
    // worker as crashed, with the reason (the console shows it; its receive() raises it).
    var kMaxItemBytes = 64 * 1024 * 1024 + 65536; // a wire message's limit, plus a traceback
    function isCount(v) {
        return typeof v == "number" && v >= 0 && v <= 9007199254740991 && Math.floor(v) == v;
    }
    function badItem(it) {
        if (!it || typeof it != "object") return "not an object";
        if (!isCount(it.k) || it.k > 5) return "unknown kind " + String(it.k).slice(0, 20);
        if (!(it.b instanceof Uint8Array)) return "payload is not bytes";
        if (it.x != null && !(it.x instanceof Uint8Array)) return "traceback is not bytes";
        var size = it.b.length + (it.x ? it.x.length : 0);
        if (size > kMaxItemBytes) return "too large (" + size + " bytes)";
        if (it.s != null && !isCount(it.s)) return "bad instruction count";
        return "";
    }
    function malformed(data) {
        if (!data || typeof data != "object") return "not an object";
        if (data.type == "crash") return typeof data.text == "string" ? "" : "crash without a text";
        if (data.type != "batch") return "unknown type " + String(data.type).slice(0, 20);
        var c = data.credit;
        if (c && (typeof c != "object" || !isCount(c.m) || !isCount(c.n))) return "bad credit";
        if (!Array.isArray(data.items)) return "no list of items";
        for (var i = 0; i < data.items.length; i++) {
            var why = badItem(data.items[i]);
            if (why) return "item " + (i + 1) + ": " + why;
        }
        return "";
    }
    function onMessage(host, id, data) {
        var why = malformed(data);
        if (why) return crashed(host, id, "sent a malformed message: " + why);
        if (data.type == "crash") return crashed(host, id, data.text);
        if (data.credit) Module["_tricolor_workers_credit"](host, id, data.credit.m, data.credit.n);
        var items = data.items;
        for (var i = 0; i < items.length; i++) {
            var it = items[i];
            // Finished / failed / terminated: the worker is done; its thread closes itself.
            if (it.k >= 3) drop(host + ":" + id);
            arrive(host, id, it.k | 0, it.b, it.x, it.s);
        }
    }
    Module["tricolorWorkerHub"] = {spawn : function(host, id, spawnBytes){var key = host + ":" + id;
    var w;
    try {
        w = new Worker("worker.js");
    } catch (e) {
        return String(e && e.message || e);
    }
    var entry = {worker : w, items : [], transfer : [], credit : null};
    workers[key] = entry;
    w.onmessage = function(ev) {
        onMessage(host, id, ev.data);
    };
    w.onerror = function(ev) {
        ev.preventDefault();
        crashed(host, id, ev.message || "the worker's script failed");
    };
    w.onmessageerror = function() {
        crashed(host, id, "a message could not be read");
    };
    w.postMessage({type : "start", spawn : spawnBytes}, [spawnBytes.buffer]);
    return "";
        },
        post: function(host, id, bytes, sentAt) {
    var entry = workers[host + ":" + id];
    if (!entry) return;
    entry.items.push({b : bytes, s : sentAt});
    entry.transfer.push(bytes.buffer);
        },
        credit: function(host, id, m, n) {
    var entry = workers[host + ":" + id];
    if (!entry) return;
    if (!entry.credit) entry.credit = {m : 0, n : 0};
    entry.credit.m += m;
    entry.credit.n += n;
        },
        refuse: function(host, id, n) {
    var entry = workers[host + ":" + id];
    if (entry) entry.worker.postMessage({type : "refused", bytes : n});
        },
        flush: function(host) {
    var prefix = host + ":";
    for (var key in workers) {
        if (key.lastIndexOf(prefix, 0) != 0) continue;
        var entry = workers[key];
        if (!entry.items.length && !entry.credit) continue;
        entry.worker.postMessage({type : "batch", items : entry.items, credit : entry.credit},
                                 entry.transfer);
        entry.items = [];
        entry.transfer = [];
        entry.credit = null;
    }
        },
        terminate: function(host, id) {
    drop(host + ":" + id); },
        terminateAll: function(host) {
    var prefix = host + ":";
    for (var key in workers)
        if (key.lastIndexOf(prefix, 0) == 0) drop(key);
        },
        count: function() {
    return Object.keys(workers).length; },
};
});

// Returns "" or why the Worker could not be created (as a malloc'ed C string).
EM_JS(char*, tricolor_js_spawn, (int host, int id, const uint8_t* spawn, int length), {
    var bytes = HEAPU8.slice(spawn, spawn + length);
    var error = Module["tricolorWorkerHub"].spawn(host, id, bytes);
    var size = lengthBytesUTF8(error) + 1;
    var out = _malloc(size);
    stringToUTF8(error, out, size);
    return out;
});

EM_JS(void, tricolor_js_post, (int host, int id, const uint8_t* bytes, int length, double sentAt),
      { Module["tricolorWorkerHub"].post(host, id, HEAPU8.slice(bytes, bytes + length), sentAt); });

EM_JS(void, tricolor_js_credit, (int host, int id, double messages, double bytes),
      { Module["tricolorWorkerHub"].credit(host, id, messages, bytes); });

EM_JS(void, tricolor_js_refuse, (int host, int id, double bytes),
      { Module["tricolorWorkerHub"].refuse(host, id, bytes); });

EM_JS(void, tricolor_js_flush, (int host), { Module["tricolorWorkerHub"].flush(host); });

EM_JS(void, tricolor_js_terminate, (int host, int id),
      { Module["tricolorWorkerHub"].terminate(host, id); });

EM_JS(void, tricolor_js_terminate_all, (int host), {
    if (Module["tricolorWorkerHub"]) Module["tricolorWorkerHub"].terminateAll(host);
});

// clang-format on

// ================================================================================================
// The main side: WebWorkerHost

// Arrival kinds beyond EnvelopeKind (tricolor_workers_arrive).
constexpr int kArriveCrash = 6;

std::string workerName(uint32_t id) {
    return "worker " + std::to_string(id);
}

class WebWorkerHost;

// The hosts of the page's main VMs, by key (the page has one at a time; keys are never reused,
// so a late message of a previous session's worker finds nobody).
std::map<int, WebWorkerHost*>& hosts() {
    static std::map<int, WebWorkerHost*> all;
    return all;
}

class WebWorkerHost final : public WorkerHost {
  public:
    explicit WebWorkerHost(VM& vm) : vm_(vm) {
        static int lastKey = 0;
        key_ = ++lastKey;
        tricolor_js_install_hub();
        hosts()[key_] = this;
    }
    ~WebWorkerHost() override {
        tricolor_js_terminate_all(key_);
        hosts().erase(key_);
    }

    VM& vm() { return vm_; }

    void attach(std::shared_ptr<Mailbox> mainMailbox) override { main_ = std::move(mainMailbox); }

    bool spawn(const WorkerSpawn& spawn, std::string& error) override {
        std::vector<uint8_t> bytes = encodeSpawnRecord(spawn);
        char* why = tricolor_js_spawn(key_, int(spawn.id), bytes.data(), int(bytes.size()));
        error = why;
        std::free(why);
        if (!error.empty()) return false;
        peers_[spawn.id] = Peer{};
        return true;
    }

    PostResult post(uint32_t id, Envelope message) override {
        auto it = peers_.find(id);
        if (it == peers_.end() || !it->second.alive) return PostResult::Gone;
        Peer& p = it->second;
        size_t n = message.bytes.size();
        if (p.outstandingMessages >= kInboxMaxMessages || n > kInboxMaxBytes - p.outstandingBytes)
            return PostResult::Full;
        p.outstandingMessages++;
        p.outstandingBytes += n;
        tricolor_js_post(key_, int(id), message.bytes.data(), int(n), double(message.sentAt));
        return PostResult::Ok;
    }

    void terminate(uint32_t id) override {
        auto it = peers_.find(id);
        if (it == peers_.end() || !it->second.alive) return;
        it->second.alive = false;
        it->second.terminatedByHost = true;
        tricolor_js_terminate(key_, int(id));
        Envelope e;
        e.kind = EnvelopeKind::Terminated;
        e.from = id;
        append(std::move(e));
    }

    void terminateAll() override {
        for (auto& [id, p] : peers_) {
            p.alive = false;
            p.terminatedByHost = true;
        }
        tricolor_js_terminate_all(key_);
    }

    // Credit for worker `from`: the main script received one of its messages.
    void released(uint32_t from, size_t bytes) override {
        tricolor_js_credit(key_, int(from), 1, double(bytes));
    }

    void flush() override { tricolor_js_flush(key_); }

    // The worker's script received `messages` messages (`bytes` wire bytes) from the main script.
    void credited(uint32_t id, double messages, double bytes) {
        auto it = peers_.find(id);
        if (it == peers_.end()) return;
        Peer& p = it->second;
        p.outstandingMessages -= std::min(p.outstandingMessages, size_t(messages));
        p.outstandingBytes -= std::min(p.outstandingBytes, size_t(bytes));
    }

    // Something worker `id` sent arrived (between two wasm calls: never during a run slice).
    void arrive(uint32_t id, int kind, std::string_view bytes, std::string_view extra,
                double sentAt) {
        auto it = peers_.find(id);
        // Terminated by the main script: whatever was still on its way is dropped with it. (After a
        // worker's own end notice its finalizers may still print: that output is kept.)
        if (it == peers_.end() || it->second.terminatedByHost) return;
        Peer& p = it->second;
        Envelope e;
        e.from = id;
        e.sentAt = uint64_t(sentAt);
        switch (kind) {
        case int(EnvelopeKind::Message): {
            e.kind = EnvelopeKind::Message;
            e.bytes.assign(bytes.begin(), bytes.end());
            if (append(std::move(e)) == PostResult::Full) refuse(id, bytes.size());
            return;
        }
        case int(EnvelopeKind::Output):
        case int(EnvelopeKind::ErrorOutput):
            e.kind = EnvelopeKind(kind);
            e.text = prefixLines(p, id, bytes);
            append(std::move(e));
            return;
        case int(EnvelopeKind::Finished):
            p.alive = false;
            e.kind = EnvelopeKind::Finished;
            append(std::move(e));
            return;
        case int(EnvelopeKind::Terminated):
            p.alive = false;
            e.kind = EnvelopeKind::Terminated;
            append(std::move(e));
            return;
        case int(EnvelopeKind::Failed):
        case kArriveCrash:
            p.alive = false;
            e.kind = EnvelopeKind::Failed;
            e.text =
                kind == kArriveCrash ? "crashed (" + std::string(bytes) + ")" : std::string(bytes);
            e.detail = std::string(extra);
            report(p, id, workerName(id) + " failed: " + e.text + "\n");
            append(std::move(e));
            return;
        default: return;
        }
    }

  private:
    struct Peer {
        bool alive = true;             // no end notice yet
        bool terminatedByHost = false; // terminate() / terminateAll()
        bool atLineStart = true;
        bool refusalReported = false;
        size_t outstandingMessages = 0; // sent by the main script, not yet received by the worker
        size_t outstandingBytes = 0;
    };

    PostResult append(Envelope e) {
        if (!main_) return PostResult::Gone;
        main_->publishClock(vm_.instructionCount); // Envelope::queuedAt
        return main_->append(std::move(e));
    }

    // "[worker 3] " at the start of every line the worker writes.
    std::string prefixLines(Peer& p, uint32_t id, std::string_view text) {
        std::string tag = "[" + workerName(id) + "] ";
        std::string out;
        for (char c : text) {
            if (p.atLineStart) out += tag;
            out += c;
            p.atLineStart = c == '\n';
        }
        return out;
    }

    // A line on the page's console (stderr), on a line of its own.
    void report(Peer& p, uint32_t id, std::string line) {
        Envelope e;
        e.kind = EnvelopeKind::ErrorOutput;
        e.from = id;
        e.text = (p.atLineStart ? "" : "\n") + line;
        p.atLineStart = true;
        append(std::move(e));
    }

    // The main Mailbox was full (several workers flooding at once): the worker learns it (its next
    // send raises "inbox full"), the console says it. Nothing is lost silently.
    void refuse(uint32_t id, size_t bytes) {
        tricolor_js_refuse(key_, int(id), double(bytes));
        Peer& p = peers_[id];
        if (p.refusalReported) return; // once per worker: the console must not flood either
        p.refusalReported = true;
        report(p, id,
               workerName(id) + ": messages refused: inbox full (the main script already has " +
                   std::to_string(kInboxMaxMessages) + " messages or " +
                   std::to_string(kInboxMaxBytes >> 20) +
                   " MB waiting; the refusals are counted in the inbox stats)\n");
    }

    VM& vm_;
    int key_ = 0;
    std::shared_ptr<Mailbox> main_;
    std::map<uint32_t, Peer> peers_;
};

WebWorkerHost* hostFor(int key) {
    auto it = hosts().find(key);
    return it == hosts().end() ? nullptr : it->second;
}

// ================================================================================================
// The worker side (inside a Web Worker: web/worker.js)

// clang-format off
EM_JS(void, tricolor_js_out,
      (int kind, const uint8_t* bytes, int n, const uint8_t* extra, int m, double sentAt), {
          var out = self["tricolorOut"] ||
                    (self["tricolorOut"] = {items : [], transfer : [], credit : null});
          var item = {k : kind, b : HEAPU8.slice(bytes, bytes + n), s : sentAt};
          out.transfer.push(item.b.buffer);
          if (m > 0) {
              item.x = HEAPU8.slice(extra, extra + m);
              out.transfer.push(item.x.buffer);
          }
          out.items.push(item);
      });

EM_JS(void, tricolor_js_out_credit, (double messages, double bytes), {
    var out =
        self["tricolorOut"] || (self["tricolorOut"] = {items : [], transfer : [], credit : null});
    if (!out.credit) out.credit = {m : 0, n : 0};
    out.credit.m += messages;
    out.credit.n += bytes;
});

EM_JS(void, tricolor_js_out_flush, (), {
    var out = self["tricolorOut"];
    if (!out || (!out.items.length && !out.credit)) return;
    self.postMessage({type : "batch", items : out.items, credit : out.credit}, out.transfer);
    out.items = [];
    out.transfer = [];
    out.credit = null;
});

// clang-format on

// The way back to the page: batched, flushed after every run slice.
class WebParentPort final : public ParentPort {
  public:
    PostResult post(Envelope e) override {
        if (e.kind == EnvelopeKind::Message) {
            size_t n = e.bytes.size();
            if (refusals_ > 0) {
                refusals_--;
                return PostResult::Full;
            }
            if (outstandingMessages_ >= kInboxMaxMessages || n > kInboxMaxBytes - outstandingBytes_)
                return PostResult::Full;
            outstandingMessages_++;
            outstandingBytes_ += n;
        }
        bool message = e.kind == EnvelopeKind::Message;
        const uint8_t* data =
            message ? e.bytes.data() : reinterpret_cast<const uint8_t*>(e.text.data());
        size_t size = message ? e.bytes.size() : e.text.size();
        tricolor_js_out(int(e.kind), data, int(size),
                        reinterpret_cast<const uint8_t*>(e.detail.data()), int(e.detail.size()),
                        double(e.sentAt));
        return PostResult::Ok;
    }

    void released(size_t bytes) override { tricolor_js_out_credit(1, double(bytes)); }

    void credited(double messages, double bytes) {
        outstandingMessages_ -= std::min(outstandingMessages_, size_t(messages));
        outstandingBytes_ -= std::min(outstandingBytes_, size_t(bytes));
    }

    // The page refused one of our messages (its Mailbox was full): the next send raises.
    void refused(double bytes) {
        credited(1, bytes);
        refusals_++;
    }

  private:
    size_t outstandingMessages_ = 0; // sent, not yet received by the main script
    size_t outstandingBytes_ = 0;
    size_t refusals_ = 0;
};

struct WorkerSide {
    std::shared_ptr<Mailbox> inbox;
    std::shared_ptr<WebParentPort> port;
    std::unique_ptr<WorkerRuntime> runtime;
    bool ended = false;
};

WorkerSide& workerSide() {
    static WorkerSide side;
    return side;
}

constexpr int kStateRunning = 0, kStateWaiting = 1, kStateEnded = 2;

int stateCode(WorkerRuntime::State s) {
    switch (s) {
    case WorkerRuntime::State::Running: return kStateRunning;
    case WorkerRuntime::State::Waiting: return kStateWaiting;
    case WorkerRuntime::State::Ended: return kStateEnded;
    }
    return kStateEnded;
}

// After the end notice: destroy the VM (finalizers may still print), then send everything.
void finishWorker() {
    WorkerSide& w = workerSide();
    if (!w.ended) {
        w.ended = true;
        w.runtime.reset();
    }
    tricolor_js_out_flush();
}

} // namespace

void openBrowserWorkers(VM& vm) {
    openWorkerLib(vm, std::make_unique<WebWorkerHost>(vm));
}

} // namespace tricolor::web

using namespace tricolor;
using namespace tricolor::web;

extern "C" {

// ---- Page side: called by Module.tricolorWorkerHub ----------------------------------------------

// Something from worker `id` of host `host`: bytes (a message, or text) and extra (a traceback).
EMSCRIPTEN_KEEPALIVE void tricolor_workers_arrive(int host, int id, int kind, const char* bytes,
                                                  int n, const char* extra, int m, double sentAt) {
    if (auto* h = hostFor(host))
        h->arrive(uint32_t(id), kind, std::string_view(bytes, size_t(n)),
                  std::string_view(extra, size_t(m)), sentAt);
}

// Worker `id` received `messages` messages of the main script (credit for the main's window).
EMSCRIPTEN_KEEPALIVE void tricolor_workers_credit(int host, int id, double messages, double bytes) {
    if (auto* h = hostFor(host)) h->credited(uint32_t(id), messages, bytes);
}

// ---- Worker side: called by web/worker.js -------------------------------------------------------

// Starts this Web Worker's VM from a spawn record; returns its state (0 running, 1 waiting, 2
// ended).
EMSCRIPTEN_KEEPALIVE int tricolor_worker_start(const uint8_t* bytes, int n) {
    WorkerSide& w = workerSide();
    w.inbox = std::make_shared<Mailbox>();
    w.port = std::make_shared<WebParentPort>();
    WorkerSpawn spawn;
    std::string why;
    if (!decodeSpawnRecord(bytes, size_t(n), spawn, why)) {
        Envelope e;
        e.kind = EnvelopeKind::Failed;
        e.text = "malformed spawn record (" + why + ")";
        w.port->post(std::move(e));
        w.ended = true;
        tricolor_js_out_flush();
        return kStateEnded;
    }
    // The page's "validate every step" is about the main VM the visualizer shows; a worker's heap
    // is not shown and nothing would read its validator, which doubled the 10k round trip's time.
    spawn.gcValidate = false;
    w.runtime = std::make_unique<WorkerRuntime>(spawn, w.port, w.inbox);
    if (w.runtime->state() == WorkerRuntime::State::Ended) {
        finishWorker();
        return kStateEnded;
    }
    tricolor_js_out_flush();
    return kStateRunning;
}

// A message from the main script (wire bytes).
EMSCRIPTEN_KEEPALIVE void tricolor_worker_message(const uint8_t* bytes, int n, double sentAt) {
    WorkerSide& w = workerSide();
    if (!w.inbox) return;
    Envelope e;
    e.kind = EnvelopeKind::Message;
    e.from = kMainScriptId;
    e.bytes.assign(bytes, bytes + n);
    e.sentAt = uint64_t(sentAt);
    w.inbox->append(std::move(e)); // the main's window keeps it within the bound
}

EMSCRIPTEN_KEEPALIVE void tricolor_worker_credit(double messages, double bytes) {
    if (auto& port = workerSide().port) port->credited(messages, bytes);
}

EMSCRIPTEN_KEEPALIVE void tricolor_worker_refused(double bytes) {
    if (auto& port = workerSide().port) port->refused(bytes);
}

// Runs slices of the worker's script for about `milliseconds`; sends what it produced. Returns
// 0 (call again soon), 1 (waiting for a message) or 2 (ended: close the Web Worker).
EMSCRIPTEN_KEEPALIVE int tricolor_worker_run(double milliseconds) {
    WorkerSide& w = workerSide();
    if (w.ended || !w.runtime) return kStateEnded;
    double start = emscripten_get_now();
    WorkerRuntime::State s;
    do {
        s = w.runtime->step(kWorkerSliceBudget);
    } while (s == WorkerRuntime::State::Running && emscripten_get_now() - start < milliseconds);
    if (s == WorkerRuntime::State::Ended) {
        finishWorker();
        return kStateEnded;
    }
    tricolor_js_out_flush();
    return stateCode(s);
}

} // extern "C"
