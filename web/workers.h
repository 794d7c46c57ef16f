// web/workers.h — the browser transport for workers (core/worker.h): one Web Worker per
// `worker.spawn`, running its own VM from the same tricolor.wasm.
//
// Two halves live in web/workers.cpp, both compiled into tricolor.wasm:
//
//   main side    openBrowserWorkers(vm) opens the `worker` library in the page's main VM with a
//                WebWorkerHost: spawn creates `new Worker("worker.js")`, post batches the wire
//                bytes (flushed at the main VM's safe points, deliverMessages), terminate calls
//                Worker.terminate() (a worker in `while true do end` included: it never needs to
//                cooperate). What comes back (messages, output, end notices, crashes) enters
//                through the exported tricolor_workers_arrive(), which only APPENDS to the main
//                VM's Mailbox; the VM drains it at safe points (lesson 2).
//   worker side  web/worker.js instantiates the same module with noInitialRun (main() and its
//                window never start) and drives a WorkerRuntime through tricolor_worker_start /
//                _message / _run: budgeted slices of a few milliseconds, rescheduled through a
//                MessageChannel, so arriving messages and terminate() always get their turn.
//
// postMessage carries only wire bytes (Uint8Array, transferred) and small control notices:
//   page -> worker  {type:"start", spawn}  {type:"batch", items:[{b, s}], credit}  {type:"refused",
//   bytes} worker -> page  {type:"batch", items:[{k, b, x, s}], credit}  {type:"crash", text}
// (k: EnvelopeKind; b: bytes or text; x: a failure's traceback; s: the sender's instruction count;
// spawn: the WorkerSpawn as a spawn record, core/spawnrecord.h, decoded by the worker's VM.)
//
// Overflow policy in the browser. The receiver's bound (kInboxMaxMessages / kInboxMaxBytes) cannot
// be asked synchronously across postMessage, so each SENDER keeps a window: messages it sent that
// the receiver's script has not received yet. The receiver returns credit as its script receives
// (WorkerHost::released / ParentPort::released). A send beyond the window fails at once in the
// sender with the same "inbox full" error as natively. Several workers flooding the main script
// together can still overflow its shared Mailbox: such a message is refused on arrival, the console
// says so, and the sender's next send raises "inbox full" — never a silent loss.
//
// Ends. A worker's end notice (finished / failed) closes its Web Worker; a crash (the script fails
// to load, the wasm traps, JavaScript throws) arrives as a failure "crashed (<what>)"; every failure
// is also written to the page's console as "worker N failed: ...". terminate() (and Stop, and a new
// Run) calls Worker.terminate() at once: what that worker had already sent and the page had taken in
// is still received; what was still in flight is dropped with it. Worker output reaches the console
// prefixed "[worker N] ".
#pragma once

namespace tricolor {
struct VM;
}

namespace tricolor::web {

// Opens the `worker` library in `vm` (after openStdlib) with the Web Worker transport.
void openBrowserWorkers(VM& vm);

} // namespace tricolor::web
