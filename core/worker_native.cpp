// worker_native.cpp — the native transport for workers: one std::thread per
// worker (see worker.h for the model).
//
// Each thread owns one WorkerRuntime (and so one VM) and nothing else; it
// runs it in slices of kWorkerSliceBudget instructions and, when the script
// waits in receive(), blocks on the worker's Mailbox. The only objects two
// threads ever touch are Mailboxes (mutex-protected queues of bytes) and two
// atomic flags per worker:
//   stop  set by the main thread (terminate): the worker thread checks it
//         between slices, so even `while true do end` stops within a slice;
//   done  set by the worker thread when it has posted its end notice and
//         closed its Mailbox; the main thread then joins it.
// The main VM's thread never blocks on a worker except in terminateAll(),
// which joins every thread (VM shutdown).
//
// WebAssembly builds have no threads here: the browser transport (Web
// Workers) replaces this file there.
#include "core/worker.h"

#if !defined(__EMSCRIPTEN__)

#include <atomic>
#include <map>
#include <system_error>
#include <thread>

namespace tricolor {

namespace {

struct NativeWorker {
    uint32_t id = 0;
    std::shared_ptr<Mailbox> mailbox = std::make_shared<Mailbox>();
    std::atomic<bool> stop{false};
    std::atomic<bool> done{false};
    std::thread thread;
};

// The body of a worker thread.
void runWorker(NativeWorker& w, const WorkerSpawn& spawn, std::shared_ptr<Mailbox> parentBox) {
    std::shared_ptr<ParentPort> parent = makeMailboxPort(parentBox);
    try {
        WorkerRuntime runtime(spawn, parent, w.mailbox);
        for (;;) {
            if (w.stop.load()) {
                runtime.terminate();
                break;
            }
            WorkerRuntime::State s = runtime.step(kWorkerSliceBudget);
            if (s == WorkerRuntime::State::Ended) break;
            if (s == WorkerRuntime::State::Waiting) w.mailbox->waitUntilNonEmpty();
        }
    } catch (...) {
        // Nothing in core/ should throw past the runtime; never let a worker
        // take the process down with it.
        Envelope e;
        e.kind = EnvelopeKind::Failed;
        e.from = spawn.id;
        e.text = "internal error in the worker's thread";
        parent->post(std::move(e));
    }
    w.mailbox->close();
    w.done.store(true);
}

class NativeWorkerHost final : public WorkerHost {
  public:
    ~NativeWorkerHost() override { terminateAll(); }

    void attach(std::shared_ptr<Mailbox> mainMailbox) override { parent_ = std::move(mainMailbox); }

    bool spawn(const WorkerSpawn& spawn, std::string& error) override {
        reapFinished();
        auto w = std::make_unique<NativeWorker>();
        w->id = spawn.id;
        NativeWorker* raw = w.get();
        try {
            raw->thread =
                std::thread([raw, spawn, parent = parent_] { runWorker(*raw, spawn, parent); });
        } catch (const std::system_error& e) {
            error = e.what();
            return false;
        }
        workers_[spawn.id] = std::move(w);
        return true;
    }

    PostResult post(uint32_t id, Envelope message) override {
        auto it = workers_.find(id);
        if (it == workers_.end()) return PostResult::Gone;
        return it->second->mailbox->append(std::move(message));
    }

    void terminate(uint32_t id) override {
        auto it = workers_.find(id);
        if (it == workers_.end()) return;
        it->second->stop.store(true);
        it->second->mailbox->wake();
    }

    void terminateAll() override {
        for (auto& [id, w] : workers_) {
            w->stop.store(true);
            w->mailbox->wake();
        }
        for (auto& [id, w] : workers_) {
            if (w->thread.joinable()) w->thread.join();
        }
        workers_.clear();
    }

  private:
    // Joins the threads of workers that have ended (they hold no more than
    // their stack by then), so a script spawning many short workers in turn
    // does not pile up threads.
    void reapFinished() {
        for (auto it = workers_.begin(); it != workers_.end();) {
            if (it->second->done.load()) {
                if (it->second->thread.joinable()) it->second->thread.join();
                it = workers_.erase(it);
            } else {
                ++it;
            }
        }
    }

    std::shared_ptr<Mailbox> parent_;
    std::map<uint32_t, std::unique_ptr<NativeWorker>> workers_;
};

} // namespace

std::unique_ptr<WorkerHost> makeNativeWorkerHost() {
    return std::make_unique<NativeWorkerHost>();
}

void openNativeWorkers(VM& vm) {
    openWorkerLib(vm, makeNativeWorkerHost());
}

} // namespace tricolor

#endif // !__EMSCRIPTEN__
