// test_worker.cpp — workers (core/worker.h): messages arrive complete and in
// order, failures surface with the worker's id, what cannot cross is refused
// on the sender's side, the inbox bound holds, a looping worker can be
// terminated, the inbox is a GC root, and the transport-independent pieces
// (Mailbox, WorkerRuntime) work on their own.
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/api.h"
#include "core/gc.h"
#include "core/introspect.h"
#include "core/stdlib.h"
#include "core/table.h"
#include "core/wire.h"
#include "core/worker.h"

using namespace tricolor;

namespace {

// A main VM with native workers, driven like the CLI drives it.
struct MainVM {
    VM* vm = nullptr;
    std::string out;
    std::string err;
    MainVM() {
        VMOptions o;
        o.writeStdout = [this](std::string_view s) { out.append(s); };
        o.writeStderr = [this](std::string_view s) { err.append(s); };
        vm = vmCreate(o);
        REQUIRE(vm != nullptr);
        openStdlib(*vm);
        openNativeWorkers(*vm);
    }
    ~MainVM() { vmDestroy(vm); }

    void start(const std::string& src) {
        std::string error;
        REQUIRE_MESSAGE(loadString(*vm, src, "=main", error), error);
        startCall(*vm, 0, 0);
    }
    // One host iteration: run a slice, then serve the inbox (as the CLI does).
    RunStatus slice(uint64_t budget) {
        RunStatus s = run(*vm, budget);
        if (s == RunStatus::WaitingForMessage) waitForMessage(*vm);
        if (s == RunStatus::Paused || s == RunStatus::WaitingForMessage ||
            s == RunStatus::Yielded) {
            deliverMessages(*vm);
            if (s != RunStatus::Paused) resumeCall(*vm, 0);
        }
        return s;
    }
    // Runs `src` to its end; returns stdout, plus "ERROR: msg" if it failed.
    std::string exec(const std::string& src, uint64_t budget = 10000) {
        out.clear();
        start(src);
        RunStatus s;
        while ((s = slice(budget)) != RunStatus::Finished && s != RunStatus::Error) {
        }
        if (s == RunStatus::Error) {
            std::string m = errorMessage(*vm);
            pop(*vm, 1);
            return out + "ERROR: " + m;
        }
        pop(*vm, stackSize(*vm));
        return out;
    }
};

// Runs the host's safe point until the message log holds an entry of `kind`
// from worker `from` (end notices arrive asynchronously).
bool awaitLogged(VM& vm, uint32_t from, EnvelopeKind kind) {
    for (int tries = 0; tries < 2000; tries++) {
        deliverMessages(vm);
        bool found = false;
        forEachLoggedMessage(vm, [&](const MessageLogEntry& e) {
            found = found || (e.from == from && e.kind == kind);
        });
        if (found) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return false;
}

} // namespace

TEST_CASE("worker: 10,000 messages make a round trip complete and in order") {
    MainVM m;
    std::string out = m.exec(R"LUA(
        local w = worker.spawn([[
            for i = 1, 10000 do
                local msg = worker.receive()
                worker.send({ i = msg.i, square = msg.i * msg.i, text = msg.text })
            end
        ]])
        for i = 1, 10000 do w:send({ i = i, text = "message " .. i }) end
        for i = 1, 10000 do
            local r = w:receive()
            assert(r.i == i, "out of order: got " .. tostring(r.i) .. " expected " .. i)
            assert(r.square == i * i and r.text == "message " .. i)
        end
        print("all 10000 back in order")
        local ok, e = pcall(w.receive, w)
        print(ok, e)
    )LUA");
    CHECK(out == "all 10000 back in order\nfalse\tworker 1 finished\n");
    InboxStats s = inboxStats(*m.vm);
    CHECK(s.delivered == 10000);
    CHECK(s.received == 10000);
    CHECK(s.inInbox == 0);
    // The log has the last kMessageLogCapacity deliveries, each received.
    size_t logged = 0, messages = 0;
    forEachLoggedMessage(*m.vm, [&](const MessageLogEntry& e) {
        logged++;
        if (e.kind != EnvelopeKind::Message) return;
        messages++;
        CHECK(e.from == 1);
        CHECK(e.size > 0);
        CHECK(e.received);
        CHECK(e.deliveredAt >= e.queuedAt);
        CHECK(e.receivedAt >= e.deliveredAt);
    });
    CHECK(logged == kMessageLogCapacity);
    CHECK(messages >= kMessageLogCapacity - 1);
}

TEST_CASE("worker: a failing worker reports its id and message; the main VM keeps running") {
    MainVM m;
    std::string out = m.exec(R"LUA(
        local w = worker.spawn("worker.send('before'); error('boom')")
        print(w:receive())             -- what it sent before failing still arrives
        local ok, e = pcall(w.receive, w)
        print(ok, e)
        print(w:status())
        local ok2, e2 = pcall(w.receive, w) -- and it keeps saying so
        print(ok2, e2 == e)
        local v = worker.spawn("error({})")
        print(pcall(worker.receive))   -- receive from any worker: the failure, once
        print(pcall(worker.receive))
        print("main still running")
    )LUA");
    CHECK(out == "before\n"
                 "false\tworker 1 failed: worker 1:1: boom\n"
                 "failed\tworker 1:1: boom\n"
                 "false\ttrue\n"
                 "false\tworker 2 failed: (error object is a table value)\n"
                 "false\tno worker is running\n"
                 "main still running\n");
}

TEST_CASE("worker: what cannot cross is refused on the sender's side") {
    MainVM m;
    std::string out = m.exec(R"LUA(
        local w = worker.spawn("local v = worker.receive(); worker.send(v); worker.send({ f = print })")
        print(pcall(w.send, w, { f = function() end }))
        print(pcall(function() w:send({ f = function() end }) end))
        local t = {}; t.self = t
        print(pcall(function() w:send(t) end))
        print(pcall(function() w:send(coroutine.create(print)) end))
        print(pcall(function() w:send(io.stdout) end))
        print(pcall(function() w:send() end))
        w:send(nil)                    -- nil itself is data
        print(w:receive())
        print(pcall(w.receive, w))     -- the worker's own send of a function failed
        print(pcall(worker.spawn, "x x"))
        print(pcall(worker.spawn, "return", print))
    )LUA");
    CHECK(out ==
          "false\tbad argument #2 to '?' (cannot send a function (at key 'f'))\n"
          "false\tmain:4: bad argument #1 to 'send' (cannot send a function (at key 'f'))\n"
          "false\tmain:6: bad argument #1 to 'send' (cannot send a table that contains itself "
          "(a cycle) (at key 'self'))\n"
          "false\tmain:7: bad argument #1 to 'send' (cannot send a thread)\n"
          "false\tmain:8: bad argument #1 to 'send' (cannot send a userdata)\n"
          "false\tmain:9: bad argument #1 to 'send' (value expected)\n"
          "nil\n"
          "false\tworker 1 failed: worker 1:1: bad argument #1 to 'send' (cannot send a "
          "function (at key 'f'))\n"
          "false\tworker 2:1: syntax error near 'x'\n"
          "false\tbad argument #2 to 'worker.spawn' (cannot send a function)\n");
}

TEST_CASE("worker: a flooding worker hits the inbox bound and is told so") {
    MainVM m;
    std::string out = m.exec(R"LUA(
        local w = worker.spawn([[
            local n = 0
            while true do
                local ok, e = pcall(worker.send, n)
                if not ok then
                    worker.receive()          -- wait until the main script has read them
                    worker.send({ sent = n, error = e })
                    return
                end
                n = n + 1
            end
        ]])
        -- The worker floods; nothing is read yet (a dead worker would end the wait).
        while worker.waiting() < 10000 do assert(w:status() == "running", "worker died") end
        print("waiting", worker.waiting())
        for i = 0, 9999 do assert(w:receive() == i) end
        w:send("go")
        local report = w:receive()
        print(report.sent, report.error)
    )LUA");
    CHECK(out == "waiting\t10000\n10000\tinbox full: the main script already has "
                 "10000 messages or 64 MB waiting\n");
    CHECK(inboxStats(*m.vm).refused == 1);
}

TEST_CASE(
    "worker: a worker in an infinite loop neither blocks the main VM nor survives terminate") {
    MainVM m;
    std::string out = m.exec(R"LUA(
        local w = worker.spawn("while true do end")
        local sum = 0
        for i = 1, 100000 do sum = sum + i end   -- the main VM runs on meanwhile
        print(sum, w:status())
        w:terminate()
        print(w:status())
        print(pcall(w.receive, w))
        print(pcall(w.send, w, 1))
        w:terminate()                              -- twice is harmless
    )LUA");
    CHECK(out == "5000050000\trunning\nterminated\nfalse\tworker 1 was terminated\n"
                 "false\tcannot send: worker 1 was terminated\n");
    // Its thread really stopped: the Terminated notice arrives.
    CHECK(awaitLogged(*m.vm, 1, EnvelopeKind::Terminated));
}

TEST_CASE("worker: the inbox is a GC root holding delivered messages") {
    MainVM m;
    m.start(R"LUA(
        local w = worker.spawn("worker.send({ payload = 'kept alive by the inbox' })")
        while true do end
    )LUA");
    // Run slices (each ends with the host's safe point) until the message is in the inbox.
    for (int i = 0; i < 2000 && inboxStats(*m.vm).inInbox == 0; i++) {
        m.slice(100);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(inboxStats(*m.vm).inInbox == 1);
    REQUIRE(m.vm->inbox != nullptr);
    bool found = false;
    gcEnumerateRoots(*m.vm, [&](const GcRoot& r) {
        if (r.kind == GcRootKind::Inbox) {
            found = true;
            CHECK(r.object == m.vm->inbox);
            CHECK(std::string(gcRootKindName(r.kind)) == "message inbox");
        }
    });
    CHECK(found);
    // The inbox table's edge leads to the decoded message.
    int tables = 0;
    gcEnumerateEdges(*m.vm, m.vm->inbox, [&](const GcEdge& e) {
        if (e.to->tag == Tag::Table) tables++;
    });
    CHECK(tables == 1);
    // Full collections keep it.
    gcFullCollect(*m.vm);
    gcFullCollect(*m.vm);
    CHECK(inboxStats(*m.vm).inInbox == 1);
    abortCall(*m.vm);
}

TEST_CASE("worker: messages waiting in the inbox survive GC stress") {
    MainVM m;
    m.vm->gc.stress = true;
    m.vm->gc.validate = true;
    std::string out = m.exec(R"LUA(
        local w = worker.spawn([[
            for i = 1, 100 do
                worker.send({ i = i, name = "item " .. i, list = { i, i + 1, { deep = i } } })
            end
        ]])
        while worker.waiting() < 100 do assert(w:status() ~= "failed", "worker failed") end
        -- All 100 now sit decoded in the inbox; churn the heap around them.
        for round = 1, 3 do
            local junk = {}
            for k = 1, 200 do junk[k] = { k, tostring(k) } end
            collectgarbage()
        end
        for i = 1, 100 do
            local m = w:receive()
            assert(m.i == i and m.name == "item " .. i and m.list[3].deep == i, "damaged " .. i)
        end
        print("100 intact")
    )LUA",
                             1000);
    CHECK(out == "100 intact\n");
    CHECK_FALSE(m.vm->gc.validationFailed);
}

TEST_CASE("worker: output, arguments, ids and receive inside a coroutine") {
    MainVM m;
    std::string out = m.exec(R"LUA(
        local w = worker.spawn([[
            local a, b = ...
            print("worker says", a, b.x, worker.id())
            worker.send(worker.receive() * 2)
        ]], 21, { x = "y" })
        print(tostring(w), w:id(), worker.id(), type(w))
        local co = coroutine.wrap(function() w:send(w:id() * 10); return w:receive() end)
        print(co())
    )LUA");
    CHECK(out == "worker 1\t1\t0\tuserdata\nworker says\t21\ty\t1\n20\n");
}

TEST_CASE("worker: Mailbox bound, release and close") {
    Mailbox box(3, 100);
    auto message = [](size_t n) {
        Envelope e;
        e.bytes.assign(n, 1);
        return e;
    };
    CHECK(box.append(message(10)) == PostResult::Ok);
    CHECK(box.append(message(10)) == PostResult::Ok);
    CHECK(box.append(message(90)) == PostResult::Full); // bytes
    CHECK(box.append(message(10)) == PostResult::Ok);
    CHECK(box.append(message(1)) == PostResult::Full); // count
    Envelope out;
    out.kind = EnvelopeKind::Output;
    CHECK(box.append(out) == PostResult::Ok); // notices are never refused
    std::deque<Envelope> taken;
    CHECK(box.takeAll(taken));
    CHECK(taken.size() == 4);
    CHECK(box.append(message(1)) == PostResult::Full); // still waiting in the inbox
    box.release(10);
    CHECK(box.append(message(1)) == PostResult::Ok);
    CHECK(box.usage().refused == 3);
    box.close();
    CHECK(box.append(message(1)) == PostResult::Gone);
}

TEST_CASE("worker: WorkerRuntime runs without threads (the browser's way)") {
    // The transport of the browser: no threads, the host pumps step() itself.
    auto toWorker = std::make_shared<Mailbox>();
    auto toMain = std::make_shared<Mailbox>();
    WorkerSpawn spawn;
    spawn.id = 7;
    spawn.source = "local n = ... ; while true do worker.send(worker.receive() + n) end";
    VM* scratch = vmCreate(VMOptions{});
    std::vector<uint8_t> bytes;
    std::string error;
    REQUIRE(wireEncode(*scratch, Value::integer(100), bytes, error));
    spawn.args.push_back(bytes);
    WorkerRuntime rt(spawn, makeMailboxPort(toMain), toWorker);
    CHECK(rt.step() == WorkerRuntime::State::Waiting);
    CHECK(rt.step() == WorkerRuntime::State::Waiting); // nothing arrived: still waiting
    bytes.clear();
    REQUIRE(wireEncode(*scratch, Value::integer(5), bytes, error));
    Envelope e;
    e.bytes = bytes;
    REQUIRE(toWorker->append(e) == PostResult::Ok);
    CHECK(rt.step() == WorkerRuntime::State::Waiting);
    std::deque<Envelope> back;
    REQUIRE(toMain->takeAll(back));
    REQUIRE(back.size() == 1);
    CHECK(back[0].from == 7);
    Value v;
    REQUIRE(wireDecode(*scratch, back[0].bytes.data(), back[0].bytes.size(), v, error));
    CHECK(v.isInt());
    CHECK(v.i == 105);
    rt.terminate();
    CHECK(rt.state() == WorkerRuntime::State::Ended);
    back.clear();
    REQUIRE(toMain->takeAll(back));
    CHECK(back.back().kind == EnvelopeKind::Terminated);
    vmDestroy(scratch);
}

namespace {

// A transport that keeps every worker in the main thread (WorkerRuntime pumped by hand) and records
// the hooks a sender-side-bounded transport (the browser's) relies on.
struct LoopbackHost final : WorkerHost {
    std::shared_ptr<Mailbox> parent;
    std::map<uint32_t, std::unique_ptr<WorkerRuntime>> runtimes;
    std::map<uint32_t, std::shared_ptr<Mailbox>> inboxes;
    std::vector<std::pair<uint32_t, size_t>>* released_;
    int* flushes_;
    LoopbackHost(std::vector<std::pair<uint32_t, size_t>>* r, int* f) : released_(r), flushes_(f) {}
    void attach(std::shared_ptr<Mailbox> m) override { parent = std::move(m); }
    bool spawn(const WorkerSpawn& s, std::string&) override {
        inboxes[s.id] = std::make_shared<Mailbox>();
        runtimes[s.id] = std::make_unique<WorkerRuntime>(s, makeMailboxPort(parent), inboxes[s.id]);
        return true;
    }
    PostResult post(uint32_t id, Envelope m) override {
        return inboxes.at(id)->append(std::move(m));
    }
    void terminate(uint32_t id) override { runtimes.at(id)->terminate(); }
    void terminateAll() override {
        for (auto& [id, rt] : runtimes)
            rt->terminate();
    }
    void released(uint32_t from, size_t bytes) override { released_->push_back({from, bytes}); }
    void flush() override {
        (*flushes_)++;
        for (auto& [id, rt] : runtimes)
            rt->step();
    }
};

} // namespace

TEST_CASE("worker: transport hooks: released() per received message, flush() at safe points, "
          "deliveryCount") {
    std::vector<std::pair<uint32_t, size_t>> released;
    int flushes = 0;
    VM* vm = vmCreate(VMOptions{});
    REQUIRE(vm);
    openStdlib(*vm);
    openWorkerLib(*vm, std::make_unique<LoopbackHost>(&released, &flushes));
    std::string error;
    REQUIRE(loadString(*vm,
                       "local w = worker.spawn('worker.send(worker.receive() * 2)')\n"
                       "w:send(21)\n"
                       "return w:receive()",
                       "=main", error));
    startCall(*vm, 0, 1);
    uint64_t deliveries = deliveryCount(*vm);
    RunStatus s = run(*vm, 100000);
    REQUIRE(s == RunStatus::WaitingForMessage); // nothing arrives until the host's safe point
    CHECK(deliveryCount(*vm) == deliveries);
    deliverMessages(*vm); // flush(): the loopback worker runs and answers
    CHECK(flushes >= 1);
    deliverMessages(*vm); // its answer is delivered
    CHECK(deliveryCount(*vm) > deliveries);
    resumeCall(*vm, 0);
    s = run(*vm, 100000);
    REQUIRE(s == RunStatus::Finished);
    CHECK(stackValue(*vm, -1).isInt());
    CHECK(stackValue(*vm, -1).i == 42);
    REQUIRE(released.size() == 1);
    CHECK(released[0].first == 1);
    CHECK(released[0].second > 0);
    pop(*vm, stackSize(*vm));
    vmDestroy(vm);
}
