// replay.cpp — the deterministic environment, the Replayer and the Recorder
// (see replay.h).
#include "core/replay.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>

#include "core/api.h"
#include "core/digest.h"
#include "core/introspect.h"
#include "core/random.h"

namespace tricolor {

// ===========================================================================
// Virtual clock

namespace {

struct VirtualClock final : Clock {
    const VM& vm;
    int64_t start;
    uint64_t microsPerKilo;

    VirtualClock(const VM& v, int64_t s, uint64_t rate) : vm(v), start(s), microsPerKilo(rate) {}

    // Microseconds of virtual processor time (saturating).
    uint64_t micros() const {
        uint64_t n = vm.instructionCount;
        if (microsPerKilo && n / 1000 > UINT64_MAX / microsPerKilo / 2) return UINT64_MAX;
        return n / 1000 * microsPerKilo + n % 1000 * microsPerKilo / 1000;
    }
    double processSeconds() override { return double(micros()) / 1e6; }
    int64_t epochSeconds() override { return start + int64_t(micros() / 1000000); }
};

// ===========================================================================
// In-memory file system

using FileData = std::shared_ptr<std::string>;

struct MemoryStream final : Stream {
    FileData data;
    size_t pos = 0;
    bool canRead, canWrite, append;
    bool error = false;
    int lastErrno = 0;

    MemoryStream(FileData d, bool r, bool w, bool a)
        : data(std::move(d)), canRead(r), canWrite(w), append(a) {}

    int getChar() override {
        if (!canRead) return failRead();
        if (pos >= data->size()) return EOF;
        return (unsigned char)(*data)[pos++];
    }
    void ungetChar(int c) override {
        if (c != EOF && pos > 0) pos--;
    }
    size_t read(char* buffer, size_t n) override {
        if (!canRead) return size_t(failRead() & 0);
        size_t got = pos < data->size() ? std::min(n, data->size() - pos) : 0;
        std::copy_n(data->data() + pos, got, buffer);
        pos += got;
        return got;
    }
    bool write(const char* bytes, size_t n) override {
        if (!canWrite) {
            lastErrno = EBADF;
            return false;
        }
        if (append) pos = data->size();
        if (data->size() < pos + n) data->resize(pos + n, '\0');
        std::copy_n(bytes, n, data->begin() + std::ptrdiff_t(pos));
        pos += n;
        return true;
    }
    bool flush() override { return true; }
    int64_t seek(int whence, int64_t offset) override {
        int64_t base = whence == SEEK_SET   ? 0
                       : whence == SEEK_CUR ? int64_t(pos)
                                            : int64_t(data->size());
        if (offset > 0 && base > INT64_MAX - offset) base = -1, offset = 0;
        int64_t target = base + offset;
        if (target < 0 || target > int64_t(kRecordingMaxBytes) * 64) {
            lastErrno = EINVAL;
            return -1;
        }
        pos = size_t(target);
        return target;
    }
    bool setBuffering(int, size_t) override { return true; }
    bool close() override { return true; }
    bool hasError() override { return error; }
    void clearError() override { error = false; }
    int lastError() override { return lastErrno; }

    int failRead() {
        error = true;
        lastErrno = EBADF;
        return EOF;
    }
};

// The playground's standard input: lines arrive from the host (the stdin line,
// or Input actions in a replay) and the stream never ends by itself. Reading
// with nothing queued fails with EAGAIN, as a non-blocking descriptor does;
// lib_io.cpp turns that into a suspended read that is retried once a line is
// queued. Non-interactive, it is an empty, ended stream.
struct InputStream final : Stream {
    std::string data;
    size_t pos = 0;
    bool interactive = false;
    bool waiting = false; // the last read found nothing queued
    bool error = false;
    int lastErrno = 0;

    int wouldBlock() {
        if (interactive) {
            waiting = error = true;
            lastErrno = EAGAIN;
        }
        return EOF;
    }
    void append(std::string_view bytes) {
        if (pos > 4096 && pos * 2 > data.size()) { // drop what was read
            data.erase(0, pos);
            pos = 0;
        }
        data.append(bytes);
        if (!bytes.empty()) waiting = false;
    }
    int getChar() override {
        if (pos >= data.size()) return wouldBlock();
        return (unsigned char)data[pos++];
    }
    void ungetChar(int c) override {
        if (c != EOF && pos > 0) pos--;
    }
    size_t read(char* buffer, size_t n) override {
        size_t got = std::min(n, data.size() - pos);
        if (got == 0 && n > 0) return size_t(wouldBlock() & 0);
        std::copy_n(data.data() + pos, got, buffer);
        pos += got;
        return got;
    }
    bool write(const char*, size_t) override {
        lastErrno = EBADF;
        return false;
    }
    bool flush() override { return true; }
    int64_t seek(int, int64_t) override {
        lastErrno = ESPIPE;
        return -1;
    }
    bool setBuffering(int, size_t) override { return true; }
    bool close() override { return true; }
    bool hasError() override { return error; }
    void clearError() override { error = false; }
    int lastError() override { return lastErrno; }
};

struct MemoryFileSystem final : FileSystem {
    std::map<std::string, FileData> files;
    InputStream in;
    uint64_t tmpCounter = 0;

    std::unique_ptr<Stream> open(const std::string& path, const char* mode, int& err) override {
        std::string m = mode;
        bool plus = m.find('+') != std::string::npos;
        auto it = files.find(path);
        if (m[0] == 'r') {
            if (it == files.end()) {
                err = ENOENT;
                return nullptr;
            }
            return std::make_unique<MemoryStream>(it->second, true, plus, false);
        }
        FileData& d = files[path];
        if (!d) d = std::make_shared<std::string>();
        if (m[0] == 'w') d->clear();
        return std::make_unique<MemoryStream>(d, plus, true, m[0] == 'a');
    }
    std::unique_ptr<Stream> popen(const std::string&, const char*, int& err) override {
        err = ENOSYS;
        return nullptr;
    }
    std::unique_ptr<Stream> tmpfile(int&) override {
        return std::make_unique<MemoryStream>(std::make_shared<std::string>(), true, true, false);
    }
    int remove(const std::string& path) override { return files.erase(path) ? 0 : ENOENT; }
    int rename(const std::string& from, const std::string& to) override {
        auto it = files.find(from);
        if (it == files.end()) return ENOENT;
        FileData d = it->second;
        files.erase(it);
        files[to] = std::move(d);
        return 0;
    }
    bool tmpname(std::string& out) override {
        do {
            out = "/tmp/lua_" + std::to_string(++tmpCounter);
        } while (files.count(out));
        files[out] = std::make_shared<std::string>();
        return true;
    }
    bool readable(const std::string& path) override { return files.count(path) != 0; }
    Stream* standardInput() override { return &in; }
    bool getenv(const std::string&, std::string&) override { return false; }
    bool hasShell() override { return false; }
    int execute(const std::string&, std::string& what, int& code) override {
        what = "exit";
        code = ENOSYS;
        return -1;
    }
};

} // namespace

std::unique_ptr<Clock> makeVirtualClock(const VM& vm, int64_t start, uint64_t microsPerKilo) {
    return std::make_unique<VirtualClock>(vm, start, microsPerKilo);
}

std::unique_ptr<FileSystem> makeMemoryFileSystem(const std::vector<VirtualFile>& files,
                                                 bool interactiveStdin) {
    auto fs = std::make_unique<MemoryFileSystem>();
    for (const VirtualFile& f : files)
        fs->files[f.path] = std::make_shared<std::string>(f.contents);
    fs->in.interactive = interactiveStdin;
    return fs;
}

namespace {
InputStream* interactiveInput(VM& vm) {
    if (!vm.lib) return nullptr;
    auto* fs = dynamic_cast<MemoryFileSystem*>(libState(vm).fs.get());
    return fs && fs->in.interactive ? &fs->in : nullptr;
}
} // namespace

bool appendStandardInput(VM& vm, std::string_view bytes) {
    InputStream* in = interactiveInput(vm);
    if (in) in->append(bytes);
    return in != nullptr;
}

bool waitingForStandardInput(VM& vm) {
    InputStream* in = interactiveInput(vm);
    return in && in->waiting;
}

namespace {

struct ReplayWorkerHost final : WorkerHost {
    void attach(std::shared_ptr<Mailbox>) override {}
    bool spawn(const WorkerSpawn&, std::string&) override { return true; }
    PostResult post(uint32_t, Envelope) override { return PostResult::Ok; }
    void terminate(uint32_t) override {}
    void terminateAll() override {}
};

Envelope envelopeOf(const Action& a) {
    Envelope e;
    e.kind = EnvelopeKind(a.messageKind);
    e.from = a.channel;
    if (e.kind == EnvelopeKind::Message)
        e.bytes = a.bytes;
    else
        e.text.assign(a.bytes.begin(), a.bytes.end());
    e.detail = a.detail;
    return e;
}

} // namespace

std::unique_ptr<WorkerHost> makeReplayWorkerHost() {
    return std::make_unique<ReplayWorkerHost>();
}

VM* createRecordedVm(const Recording& r, const VMOptions& base,
                     std::unique_ptr<WorkerHost> workers) {
    VMOptions vo = base;
    vo.memoryLimit = size_t(std::min<uint64_t>(r.memoryLimit, SIZE_MAX));
    vo.hashSeed = r.hashSeed;
    VM* vm = vmCreate(vo);
    if (!vm) return nullptr;
    LibState& lib = libState(*vm);
    lib.clock = makeVirtualClock(*vm, r.clockStart, r.clockMicrosPerKilo);
    lib.fs = makeMemoryFileSystem(r.files, r.interactiveStdin);
    lib.localTimeZone = false;
    openStdlib(*vm);
    RandomState seeded;
    seedRandom(seeded, r.randomSeed1, r.randomSeed2);
    std::copy(std::begin(seeded.s), std::end(seeded.s), lib.randomState);
    if (r.workerLib) openWorkerLib(*vm, workers ? std::move(workers) : makeReplayWorkerHost());
    vm->gc.pause = r.gcPause;
    vm->gc.stepMul = r.gcStepMul;
    vm->gc.stepSizeLog2 = r.gcStepSizeLog2;
    vm->gc.generationalMode = r.gcGenerational;
    vm->gc.stress = r.gcStress;
    vm->gc.validate = r.gcValidate;
    return vm;
}

// ===========================================================================
// Replayer

namespace {

// Steps the collector `count` times (stops early if it refuses, as it did when
// recorded: a finalizer is running). Returns whether the first step was done.
bool stepCollector(VM& vm, ActionKind kind, uint64_t count) {
    bool first = false;
    for (uint64_t k = 0; k < count; k++) {
        bool done = kind == ActionKind::GcUnit    ? gcStepUnit(vm)
                    : kind == ActionKind::GcPhase ? gcStepPhase(vm)
                                                  : gcStepCycle(vm);
        if (!done) break;
        if (k == 0) first = true;
    }
    return first;
}

} // namespace

Replayer::Replayer(Recording recording, ReplayOptions options)
    : recording_(std::move(recording)), options_(std::move(options)) {
    sameWidth_ = recording_.wordBits == sizeof(void*) * 8;
    bool portable = recording_.portableDigest != 0;
    for (const Action& a : recording_.actions)
        portable = portable || a.portableDigest != 0;
    result_.comparable = sameWidth_ || portable;
}

Replayer::~Replayer() {
    if (vm_) vmDestroy(vm_);
}

bool Replayer::fail(const std::string& message) {
    if (!failed_) result_.error = message;
    failed_ = true;
    result_.ok = false;
    return false;
}

bool Replayer::start() {
    VMOptions vo;
    // After a rebuild the same output comes again: only what is new goes out.
    auto sink = [this](std::string_view s) {
        result_.output.append(s);
        if (options_.onOutput && result_.output.size() > forwarded_) {
            size_t fresh = std::min(s.size(), result_.output.size() - forwarded_);
            options_.onOutput(s.substr(s.size() - fresh));
            forwarded_ = result_.output.size();
        }
    };
    vo.writeStdout = sink;
    vo.writeStderr = sink;
    vm_ = createRecordedVm(recording_, vo);
    if (!vm_) return fail("replay: cannot create the VM (not enough memory)");
    std::string error;
    if (!loadString(*vm_, recording_.main.source, recording_.main.chunkName, error))
        return fail("replay: the script does not compile: " + error);
    if (recording_.workerLib)
        setDeliveryObserver(*vm_,
                            [this](const Envelope&, uint64_t at) { deliveredAt_.push_back(at); });
    alive_ = true;
    result_.step = 0;
    result_.ok = true;
    afterStep(0, 0);
    return true;
}

// Runs one slice; updates alive_/waiting_ from the status. False on a replay error.
bool Replayer::runSlice(uint64_t budget) {
    bool resumed = waiting_;
    if (waiting_) {
        resumeCall(*vm_, 0); // as the hosts do once a message may be there
        waiting_ = false;
    }
    if (!started_) {
        startCall(*vm_, 0);
        started_ = true;
    }
    if (gcMutatorLocked(*vm_))
        return fail("replay: the program must run at instruction " +
                    std::to_string(vm_->instructionCount) +
                    " but the collector is inside the atomic phase (a collector step is missing)");
    uint64_t before = vm_->instructionCount;
    RunStatus s = run(*vm_, budget);
    switch (s) {
    case RunStatus::Paused:
        if (vm_->instructionCount == before) return fail("replay: the program made no progress");
        break;
    case RunStatus::Finished:
        pop(*vm_, stackSize(*vm_));
        alive_ = false;
        break;
    case RunStatus::Error:
        result_.programError = errorMessage(*vm_);
        pop(*vm_, stackSize(*vm_));
        alive_ = false;
        break;
    case RunStatus::Yielded:
    case RunStatus::WaitingForMessage:
        waiting_ = true;
        if (resumed && vm_->instructionCount == before)
            return fail("replay: the program waits at instruction " + std::to_string(before) +
                        " for a message the recording does not deliver");
        break;
    case RunStatus::Idle: alive_ = false; break;
    }
    return true;
}

// Runs the program until the instruction count reaches `target` (kRunToEnd:
// until it ends), or it ends, or it waits with nothing to resume it.
bool Replayer::runTo(uint64_t target) {
    while (alive_ && vm_->instructionCount < target) {
        if (vm_->instructionCount >= options_.maxInstructions)
            return fail("replay: the program did not end within " +
                        std::to_string(options_.maxInstructions) + " instructions");
        uint64_t budget = std::min({target - vm_->instructionCount, options_.slice,
                                    options_.maxInstructions - vm_->instructionCount});
        for (const auto& [from, to] : carefulZones_)
            if (vm_->instructionCount >= from && vm_->instructionCount < to) budget = 1;
        if (budgeted_) { // advanceToward: stop between slices once its budget is spent
            if (budget_ == 0) {
                interrupted_ = true;
                return false;
            }
            budget = std::min(budget, budget_);
        }
        uint64_t before = vm_->instructionCount;
        if (!runSlice(budget)) return false;
        if (budgeted_) budget_ -= std::min(budget_, vm_->instructionCount - before);
        if (vm_->instructionCount > target && budget > 1) {
            carefulZones_.emplace_back(before, target);
            overshot_ = true;
            return fail("replay: a run slice passed instruction " + std::to_string(target));
        }
    }
    if (vm_->instructionCount > target)
        return fail("replay: diverged: the program passed instruction " + std::to_string(target) +
                    " (now at " + std::to_string(vm_->instructionCount) + ")");
    if (vm_->instructionCount < target && target != kRunToEnd)
        return fail("replay: diverged: the program ended at instruction " +
                    std::to_string(vm_->instructionCount) + ", before instruction " +
                    std::to_string(target));
    return true;
}

bool Replayer::deliver(const Action& a) {
    std::string error;
    if (options_.deliver) {
        if (!runTo(a.at)) return false;
        if (!options_.deliver(*vm_, a, error))
            return fail("replay: message delivery failed: " + error);
        return true;
    }
    std::shared_ptr<Mailbox> mailbox = recording_.workerLib ? vmMailbox(*vm_) : nullptr;
    if (!mailbox) return fail("replay: a message delivery needs the worker library");
    // Taken by a receive() inside a run slice: the envelopes delivered at this
    // count are queued one instruction before it, so that receive() (that
    // instruction) finds them, as it did when recorded, and no earlier one can.
    // Delivered by the host between slices: queued and delivered at the count.
    size_t index = size_t(result_.step); // this action's index
    if (queuedThrough_ <= index) {
        if (a.duringRun && a.at > 0 && !runTo(a.at - 1)) return false;
        if (!a.duringRun && !runTo(a.at)) return false;
        for (size_t k = index; k < recording_.actions.size(); k++) {
            const Action& next = recording_.actions[k];
            if (next.kind != ActionKind::Deliver || next.at != a.at ||
                next.duringRun != a.duringRun)
                break;
            mailbox->append(envelopeOf(next)); // as recorded: within the receiver's bound
            queuedThrough_ = k + 1;
        }
    }
    if (!runTo(a.at)) return false;
    size_t mine = deliveriesApplied_++;
    if (deliveredAt_.size() <= mine) deliverMessages(*vm_);
    if (deliveredAt_.size() <= mine)
        return fail("replay: the message of step " + std::to_string(index + 1) +
                    " could not be delivered at instruction " + std::to_string(a.at));
    if (deliveredAt_[mine] != a.at)
        return fail("replay: diverged: the message of step " + std::to_string(index + 1) +
                    " was taken at instruction " + std::to_string(deliveredAt_[mine]) +
                    ", recorded at " + std::to_string(a.at));
    return true;
}

bool Replayer::apply(const Action& a) {
    bool gcAction = false;
    switch (a.kind) {
    case ActionKind::GcUnit:
    case ActionKind::GcPhase:
    case ActionKind::GcCycle: {
        // Bounded: a hostile link may ask for 2^32 cycles.
        uint64_t unitsBefore = vm_->gc.counters.units;
        for (uint64_t k = 0; k < a.count; k++) {
            if (!stepCollector(*vm_, a.kind, 1)) break;
            collectorUnits_ += vm_->gc.counters.units - unitsBefore;
            unitsBefore = vm_->gc.counters.units;
            if (collectorUnits_ > options_.maxCollectorUnits)
                return fail("replay: more than " + std::to_string(options_.maxCollectorUnits) +
                            " collector units were asked for");
        }
        gcAction = true;
        break;
    }
    case ActionKind::SetGcParams:
        vm_->gc.pause = a.pause;
        vm_->gc.stepMul = a.stepMul;
        vm_->gc.stepSizeLog2 = a.stepSizeLog2;
        break;
    case ActionKind::Deliver:
        if (!deliver(a)) return false;
        break;
    case ActionKind::Stop:
        if (started_ && alive_) abortCall(*vm_);
        alive_ = waiting_ = false;
        break;
    case ActionKind::Mark: break;
    case ActionKind::Input:
        if (!appendStandardInput(
                *vm_,
                std::string_view(reinterpret_cast<const char*>(a.bytes.data()), a.bytes.size())))
            return fail("replay: an input line, but standard input is not interactive");
        break;
    }
    if (gcAction && !gcValidate(*vm_))
        result_.validatorFailures.push_back("step " + std::to_string(result_.step + 1) + " (" +
                                            actionKindName(a.kind) +
                                            "): " + vm_->gc.validationMessage);
    return true;
}

// Counts one recorded digest as checked; the first that differs is the divergence.
void Replayer::compareDigest(uint64_t expected, uint64_t actual, bool portable) {
    result_.compared++;
    if (expected == actual || result_.divergedAtStep >= 0) return;
    result_.divergedAtStep = int64_t(result_.step);
    result_.divergedPortable = portable;
    result_.expectedDigest = expected;
    result_.actualDigest = actual;
}

// Takes the digests of the step just reached and compares them with the recorded ones. On the
// recording's width the full digest decides (equal states give equal portable digests, so the
// portable one adds nothing there); on another width only the portable one can be compared.
void Replayer::afterStep(uint64_t recordedDigest, uint64_t recordedPortable) {
    bool last = result_.step == lastStep();
    if (options_.stepDigests || last) {
        result_.digestValue = heapDigestValue(*vm_);
        result_.digest = formatDigest(result_.digestValue);
        if (options_.stepDigests) {
            result_.stepDigests.resize(result_.step + 1);
            result_.stepDigests[result_.step] = result_.digestValue;
        }
        if (recordedDigest && sameWidth_)
            compareDigest(recordedDigest, result_.digestValue, false);
        else if (recordedDigest)
            result_.notComparable++;
    }
    bool comparePortable = recordedPortable && !sameWidth_ && (options_.stepDigests || last);
    if (last || comparePortable) {
        uint64_t portable = portableHeapDigestValue(*vm_);
        if (last) result_.portableDigestValue = portable;
        if (comparePortable) compareDigest(recordedPortable, portable, true);
    }
    // The last step is checked too: the program's own run since the last collector action
    // (barriers, allocation) may have broken an invariant.
    if (last && !gcValidate(*vm_))
        result_.validatorFailures.push_back("step " + std::to_string(result_.step) +
                                            " (end): " + vm_->gc.validationMessage);
    result_.instructionCount = vm_->instructionCount;
    result_.programEnded = started_ && !alive_;
}

// Advances one step; when a run slice overshot its target (finalizers run
// inside a slice add to the instruction count beyond the budget), rebuilds the
// VM from scratch with one-instruction slices before that target and tries
// again. Deterministic, so the rebuilt run goes through the same states.
bool Replayer::advance() {
    for (int attempt = 0;; attempt++) {
        uint64_t from = result_.step;
        if (advanceOnce()) return true;
        if (interrupted_ || !overshot_ || attempt >= 1000) return false;
        if (!rebuild(from)) return false;
    }
}

bool Replayer::rebuild(uint64_t step) {
    if (vm_) vmDestroy(vm_);
    vm_ = nullptr;
    started_ = alive_ = waiting_ = failed_ = overshot_ = false;
    deliveredAt_.clear();
    queuedThrough_ = deliveriesApplied_ = 0;
    collectorUnits_ = 0;
    bool comparable = result_.comparable;
    result_ = ReplayResult{};
    result_.comparable = comparable;
    if (!start()) return false;
    while (result_.step < step)
        if (!advanceOnce()) return false;
    return true;
}

bool Replayer::advanceOnce() {
    if (failed_ || !vm_ || result_.step >= lastStep()) return false;
    uint64_t next = result_.step + 1;
    uint64_t recordedDigest, recordedPortable;
    if (next <= recording_.actions.size()) {
        const Action& a = recording_.actions[next - 1];
        // A delivery runs to its count itself (its envelope is queued first).
        if ((a.kind != ActionKind::Deliver && !runTo(a.at)) || !apply(a)) return false;
        recordedDigest = a.digest;
        recordedPortable = a.portableDigest;
    } else {
        if (!runTo(recording_.endAt)) return false;
        recordedDigest = recording_.expectedDigest;
        recordedPortable = recording_.portableDigest;
    }
    result_.step = next;
    afterStep(recordedDigest, recordedPortable);
    return true;
}

bool Replayer::advanceTo(uint64_t step) {
    while (result_.step < std::min(step, lastStep()))
        if (!advance()) return false;
    return !failed_;
}

bool Replayer::advanceToward(uint64_t step, uint64_t budget) {
    budgeted_ = true;
    budget_ = std::max<uint64_t>(budget, 1);
    interrupted_ = false;
    while (!failed_ && !interrupted_ && budget_ > 0 && result_.step < std::min(step, lastStep())) {
        if (!advance()) break;
        // A step's heap walks (digest, validator) count too, as one instruction per object and
        // edge the last validation saw: many collector actions at one count are not free.
        budget_ -= std::min(budget_, 1 + vm_->gc.validationCost);
    }
    budgeted_ = interrupted_ = false;
    return !failed_;
}

namespace {

// Everything but the timeline and the view state: what the VM is created from.
bool sameFixedFields(const Recording& a, const Recording& b) {
    return a.version == b.version && a.wordBits == b.wordBits && a.main == b.main &&
           a.workers == b.workers && a.workerLib == b.workerLib && a.memoryLimit == b.memoryLimit &&
           a.gcGenerational == b.gcGenerational && a.gcPause == b.gcPause &&
           a.gcStepMul == b.gcStepMul && a.gcStepSizeLog2 == b.gcStepSizeLog2 &&
           a.gcStress == b.gcStress && a.gcValidate == b.gcValidate &&
           a.randomSeed1 == b.randomSeed1 && a.randomSeed2 == b.randomSeed2 &&
           a.hashSeed == b.hashSeed && a.clockStart == b.clockStart &&
           a.clockMicrosPerKilo == b.clockMicrosPerKilo && a.files == b.files &&
           a.interactiveStdin == b.interactiveStdin;
}

} // namespace

// The VM is in a state a replay of `next` goes through when `next` was made from the same
// settings, starts with the actions applied (and envelopes queued) here, and its next target
// (the next action's count, or its end) is not behind the VM. At the last step of a cut
// recording the VM stands at endAt, past the last action: `next` continues from there.
bool Replayer::canContinueWith(const Recording& next) const {
    if (failed_ || !vm_ || !sameFixedFields(recording_, next)) return false;
    size_t actionCount = recording_.actions.size();
    bool atEnd = result_.step > actionCount;
    if (atEnd && recording_.endAt == kRunToEnd) return false;
    size_t applied = atEnd ? actionCount : size_t(result_.step);
    size_t used = std::max(applied, queuedThrough_);
    if (next.actions.size() < used ||
        !std::equal(recording_.actions.begin(), recording_.actions.begin() + std::ptrdiff_t(used),
                    next.actions.begin()))
        return false;
    uint64_t now = vm_->instructionCount;
    if (applied == next.actions.size()) return now <= next.endAt;
    const Action& a = next.actions[applied];
    // A delivery taken by receive() is queued one instruction before its count.
    bool queuedEarly =
        a.kind == ActionKind::Deliver && a.duringRun && a.at > 0 && queuedThrough_ <= applied;
    return now <= (queuedEarly ? a.at - 1 : a.at);
}

bool Replayer::continueWith(Recording next) {
    if (!canContinueWith(next)) return false;
    size_t applied = std::min(size_t(result_.step), recording_.actions.size());
    recording_ = std::move(next);
    result_.step = applied;
    if (options_.stepDigests) result_.stepDigests.resize(applied + 1);
    bool portable = recording_.portableDigest != 0;
    for (const Action& a : recording_.actions)
        portable = portable || a.portableDigest != 0;
    result_.comparable = sameWidth_ || portable;
    return true;
}

VM* Replayer::releaseVm() {
    VM* vm = vm_;
    vm_ = nullptr;
    if (!vm) return nullptr;
    vm->options.writeStdout = nullptr;
    vm->options.writeStderr = nullptr;
    if (recording_.workerLib) setDeliveryObserver(*vm, nullptr);
    return vm;
}

ReplayResult replay(const Recording& r, uint64_t stopAtStep, ReplayOptions options) {
    Replayer replayer(r, std::move(options));
    if (replayer.start()) replayer.advanceTo(stopAtStep);
    return replayer.result();
}

// ===========================================================================
// Recorder

Recorder::Recorder(Recording settings, bool keepActions) : settings_(std::move(settings)) {
    if (!keepActions) settings_.actions.clear();
    settings_.endAt = kRunToEnd;
    settings_.expectedDigest = 0;
    settings_.cursor = 0;
}

VM* Recorder::createVm(const VMOptions& base, std::unique_ptr<WorkerHost> workers) {
    if (workers) settings_.workerLib = true;
    VM* vm = createRecordedVm(settings_, base, std::move(workers));
    if (vm) adopt(*vm);
    return vm;
}

void Recorder::adopt(VM& vm) {
    if (settings_.workerLib)
        setDeliveryObserver(vm, [this](const Envelope& e, uint64_t at) {
            Action a;
            a.kind = ActionKind::Deliver;
            a.at = at;
            a.channel = e.from;
            a.messageKind = uint8_t(e.kind);
            if (e.kind == EnvelopeKind::Message)
                a.bytes = e.bytes;
            else
                a.bytes.assign(e.text.begin(), e.text.end());
            a.detail = e.detail;
            a.duringRun = !deliveringBetweenSlices_;
            settings_.actions.push_back(std::move(a)); // no digest: mid-delivery
        });
}

void Recorder::workersOpened(VM& vm) {
    settings_.workerLib = true;
    adopt(vm);
}

void Recorder::deliverMessages(VM& vm) {
    deliveringBetweenSlices_ = true;
    tricolor::deliverMessages(vm);
    deliveringBetweenSlices_ = false;
}

void Recorder::add(const VM& vm, Action a, uint64_t at) {
    a.at = at;
    if (recordDigests) {
        a.digest = heapDigestValue(vm);
        a.portableDigest = portableHeapDigestValue(vm);
    }
    settings_.actions.push_back(std::move(a));
}

bool Recorder::gcStep(VM& vm, ActionKind kind, uint64_t count) {
    Action a;
    a.kind = kind;
    a.count = std::max<uint64_t>(count, 1);
    uint64_t at = vm.instructionCount;
    bool first = stepCollector(vm, kind, a.count);
    add(vm, std::move(a), at);
    return first;
}

void Recorder::gcParams(VM& vm, int pause, int stepMul, int stepSizeLog2) {
    // A slider being dragged: one action for the values it ends at.
    if (!settings_.actions.empty() && settings_.actions.back().kind == ActionKind::SetGcParams &&
        settings_.actions.back().at == vm.instructionCount)
        settings_.actions.pop_back();
    Action a;
    a.kind = ActionKind::SetGcParams;
    a.pause = vm.gc.pause = pause;
    a.stepMul = vm.gc.stepMul = stepMul;
    a.stepSizeLog2 = vm.gc.stepSizeLog2 = stepSizeLog2;
    add(vm, std::move(a), vm.instructionCount);
}

void Recorder::stopped(const VM& vm) {
    Action a;
    a.kind = ActionKind::Stop;
    add(vm, std::move(a), vm.instructionCount);
}

uint64_t Recorder::gcUnitsUntil(VM& vm, const std::function<bool()>& done, uint64_t maxUnits) {
    uint64_t at = vm.instructionCount;
    uint64_t units = 0;
    while (units < maxUnits && !done()) {
        if (!gcStepUnit(vm)) break;
        units++;
    }
    if (units > 0) {
        Action a;
        a.kind = ActionKind::GcUnit;
        a.count = units;
        add(vm, std::move(a), at);
    }
    return units;
}

void Recorder::input(VM& vm, std::string_view bytes) {
    appendStandardInput(vm, bytes);
    Action a;
    a.kind = ActionKind::Input;
    a.bytes.assign(bytes.begin(), bytes.end());
    add(vm, std::move(a), vm.instructionCount);
}

void Recorder::mark(const VM& vm) {
    Action a;
    a.kind = ActionKind::Mark;
    add(vm, std::move(a), vm.instructionCount);
}

Recording Recorder::snapshot(const VM& vm, uint64_t selectedObject) const {
    Recording r = settings_;
    r.endAt = vm.instructionCount;
    r.expectedDigest = heapDigestValue(vm);
    r.portableDigest = portableHeapDigestValue(vm);
    r.cursor = r.stepCount() - 1;
    r.selectedObject = selectedObject;
    return r;
}

} // namespace tricolor
