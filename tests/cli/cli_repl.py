#!/usr/bin/env python3
"""tests/cli/cli_repl.py — the `tricolor` command line used as a person would.

Drives `tricolor` through pipes (REPL with -i, stdin as a script, -e, -v, -,
`arg` and `...`, errors and exit status) and compares with Debian's lua5.4
where the outputs must match: stdout (without the version banner), stderr
with "lua5.4:" read as "tricolor:", and the exit status. Then drives a real
terminal session (tmux when installed, else a pty from python's pty module)
through the REPL: incomplete chunks continue, values print, an error is
reported and the session goes on, Ctrl-D ends it.

Usage: cli_repl.py --tricolor PATH --lua PATH [--results-file PATH]
Writes "passed=N failed=M known=0" to the results file (scripts/test.sh).
"""
import argparse
import os
import pty
import select
import shutil
import subprocess
import sys
import tempfile
import time

checks = {"passed": 0, "failed": 0}


def report(name, ok, detail=""):
    checks["passed" if ok else "failed"] += 1
    print(("ok    " if ok else "FAIL  ") + name)
    if not ok and detail:
        print("      " + detail.replace("\n", "\n      "))


def run(cmd, stdin_text="", cwd=None, extra_env=None):
    env = dict(os.environ)
    env.pop("LUA_INIT", None)
    env.pop("LUA_INIT_5_4", None)
    env.update(extra_env or {})
    # Leak reports of sanitizer builds would mix into stderr.
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    p = subprocess.run(cmd, input=stdin_text.encode(), capture_output=True, cwd=cwd, env=env,
                       timeout=60)
    return p.returncode, p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")


def drop_banner(out):
    return out.split("\n", 1)[1] if "\n" in out else ""


def compare(name, tri, lua, args, stdin_text="", cwd=None, banner=False, same_stderr=True,
            extra_env=None):
    """Runs both interpreters with the same arguments (and environment additions) and compares
    everything (stderr only when same_stderr)."""
    rc1, out1, err1 = run([tri] + args, stdin_text, cwd, extra_env)
    rc2, out2, err2 = run([lua] + args, stdin_text, cwd, extra_env)
    if banner:
        ok_banner = out1.startswith("Tricolor ") and out2.startswith("Lua 5.4")
        out1, out2 = drop_banner(out1), drop_banner(out2)
    else:
        ok_banner = True
    # lua.c names itself by argv[0]; both run by absolute path.
    err2 = err2.replace(lua + ":", "tricolor:")
    err1 = err1.replace(tri + ":", "tricolor:")
    out1 = out1.replace(tri, "INTERPRETER")
    out2 = out2.replace(lua, "INTERPRETER")
    ok = ok_banner and rc1 == rc2 and out1 == out2 and (err1 == err2 or not same_stderr)
    detail = ""
    if not ok:
        detail = (f"status tricolor={rc1} lua5.4={rc2}\n--- tricolor stdout\n{out1}--- lua5.4 stdout\n"
                  f"{out2}--- tricolor stderr\n{err1}--- lua5.4 stderr\n{err2}")
    report(name, ok, detail)


REPL_SESSION = """x = 1
print(x)
=x + 1
x + 2
function f()
  return 5
end
f()
error("boom")
error({})
local a =
= nil
1, 2, nil
"a" .. "b"
for i = 1, 2 do
  print(i)
end
t = {
  10,
  20 }
#t
_PROMPT = "lua> "
_PROMPT2 = "...> "
if x then
print("multi")
end
return
"""


def init_tests(tri, lua, work):
    """lua.c's LUA_INIT_5_4 / LUA_INIT and -E."""
    with open(os.path.join(work, "init.lua"), "w") as f:
        f.write('print("init file", x)\n')
    compare("LUA_INIT chunk runs before -e", tri, lua, ["-e", "print(x)"],
            extra_env={"LUA_INIT": 'x = 1 print("init", x)'})
    compare("LUA_INIT_5_4 wins over LUA_INIT", tri, lua, ["-e", "print(2)"],
            extra_env={"LUA_INIT_5_4": 'print("5.4")', "LUA_INIT": 'print("plain")'})
    compare("LUA_INIT=@file runs the file", tri, lua, ["-e", "print(3)"], cwd=work,
            extra_env={"LUA_INIT": "@init.lua"})
    compare("LUA_INIT error: traceback, status 1, nothing else runs", tri, lua, ["-e", "print(4)"],
            extra_env={"LUA_INIT": 'error("boom")'})
    compare("LUA_INIT=@missing file", tri, lua, ["-e", "print(5)"], cwd=work,
            extra_env={"LUA_INIT": "@missing.lua"})
    compare("-E ignores LUA_INIT and LUA_PATH", tri, lua,
            ["-E", "-e", "print(x, package.path:find('nonexistent', 1, true))"],
            extra_env={"LUA_INIT": "x = 1", "LUA_PATH": "/nonexistent/?.lua"})
    compare("without -E LUA_PATH sets package.path", tri, lua, ["-e", "print(package.path)"],
            extra_env={"LUA_PATH": "/nonexistent/?.lua"})


def pipe_tests(tri, lua, work):
    compare("repl through a pipe (-i)", tri, lua, ["-i"], REPL_SESSION, banner=True)
    # lua5.4.4 prints "(null)" for a chunk left incomplete at the end of input (its
    # message was popped); we print the syntax error itself.
    compare("repl: incomplete chunk at end of input", tri, lua, ["-i"],
            "print(1)\nfunction g()\n", banner=True, same_stderr=False)
    compare("repl: error objects", tri, lua, ["-i"],
            "error(42)\nerror(setmetatable({}, {__tostring = function() return 'obj' end}))\n"
            "error()\nprint('still here')\n", banner=True)
    compare("no script, stdin not a terminal: runs stdin", tri, lua, [],
            "print('from stdin', ...)\nprint(#arg, arg[0])\n")
    compare("- runs stdin with arguments", tri, lua, ["-", "a", "b"],
            "print(..., arg[0], arg[1], arg[2], #arg)\n")
    compare("-e statements in order", tri, lua,
            ["-e", "x = 10", "-e", "print(x * 2)", "-e", "print(select('#', ...))"])
    compare("-e then - (stdin)", tri, lua, ["-e", "y = 3", "-"], "print(y + 1)\n")
    compare("-e error: status 1, message and traceback", tri, lua, ["-e", "error('bad')"])
    compare("-e syntax error", tri, lua, ["-e", "x = = 1"])
    compare("-i with -e", tri, lua, ["-e", "z = 7", "-i"], "z\n", banner=True)
    with open(os.path.join(work, "script.lua"), "w") as f:
        f.write("print('args', ...)\n"
                "print(arg[0], arg[1], arg[2], arg[3], #arg)\n"
                "print(select('#', ...))\n")
    compare("script with arg and ...", tri, lua, ["script.lua", "one", "two", "three"], cwd=work)
    compare("script without arguments", tri, lua, ["script.lua"], cwd=work)
    with open(os.path.join(work, "fail.lua"), "w") as f:
        f.write("local function inner()\n  error('deep failure')\nend\n"
                "local function outer() inner() end\nprint('before')\nouter()\n")
    compare("script error: stderr, traceback, status 1", tri, lua, ["fail.lua"], cwd=work)
    with open(os.path.join(work, "syntax.lua"), "w") as f:
        f.write("print('x'\nlocal\n")
    compare("script syntax error", tri, lua, ["syntax.lua"], cwd=work)
    compare("missing script", tri, lua, ["no_such_file.lua"], cwd=work)
    os.mkdir(os.path.join(work, "adir"))
    compare("a directory as the script", tri, lua, ["adir"], cwd=work)
    with open(os.path.join(work, "objerr.lua"), "w") as f:
        f.write("error(setmetatable({}, {__tostring = function() return 'custom error' end}))\n")
    compare("error object with __tostring", tri, lua, ["objerr.lua"], cwd=work)
    with open(os.path.join(work, "numerr.lua"), "w") as f:
        f.write("error(12.5)\n")
    compare("error object that is a number", tri, lua, ["numerr.lua"], cwd=work)
    with open(os.path.join(work, "exit.lua"), "w") as f:
        f.write("io.write('bye') os.exit(3)\n")
    compare("os.exit status", tri, lua, ["exit.lua"], cwd=work)
    rc, out, err = run([tri, "-v"])
    report("-v prints the version and exits 0",
           rc == 0 and out.startswith("Tricolor ") and out.count("\n") == 1 and err == "",
           f"rc={rc} out={out!r} err={err!r}")
    rc, out, err = run([tri, "-v", "-e", "print(1)"])
    report("-v with -e", rc == 0 and out.startswith("Tricolor ") and out.endswith("\n1\n"),
           f"rc={rc} out={out!r}")
    rc, out, err = run([tri, "-x"])
    report("unknown option: usage, status 1",
           rc == 1 and err.startswith("tricolor: unrecognized option '-x'\nusage: "),
           f"rc={rc} err={err!r}")


# --- A real terminal --------------------------------------------------------------------------

TTY_STEPS = [
    # (keys typed, text expected on the screen afterwards)
    ("function sq(n)", ">> "),
    ("return n * n", ">> "),
    ("end", "> "),
    ("=sq(12)", "144"),
    ("sq(3) + 1", "10"),
    ("error('oops')", "stdin:1: oops"),
    ("print('still alive')", "still alive"),
]


def tty_expectations_ok(screen):
    missing = []
    for needle in ["Tricolor ", "> function sq(n)", ">> return n * n", ">> end", "144", "10",
                   "stdin:1: oops", "stack traceback:", "still alive"]:
        if needle not in screen:
            missing.append(needle)
    return missing


def tmux_session(tri):
    sock = f"tricolor-cli-test-{os.getpid()}"
    base = ["tmux", "-L", sock, "-f", "/dev/null"]
    done_file = tempfile.mktemp(prefix="tricolor-cli-")
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    cmd = f"{tri}; echo \"EXIT=$?\" > {done_file}; sleep 30"
    try:
        subprocess.run(base + ["new-session", "-d", "-s", "t", "-x", "120", "-y", "50", cmd],
                       check=True, env=env, timeout=20)

        def screen():
            return subprocess.run(base + ["capture-pane", "-p", "-t", "t", "-S", "-200"],
                                  capture_output=True, timeout=20).stdout.decode(errors="replace")

        def wait_for(text, timeout=20.0):
            end = time.time() + timeout
            while time.time() < end:
                s = screen()
                if text in s:
                    return s
                time.sleep(0.1)
            return screen()

        wait_for("> ")
        for keys, expect in TTY_STEPS:
            subprocess.run(base + ["send-keys", "-t", "t", "-l", keys], timeout=20)
            subprocess.run(base + ["send-keys", "-t", "t", "Enter"], timeout=20)
            wait_for(expect)
        time.sleep(0.3)
        subprocess.run(base + ["send-keys", "-t", "t", "C-d"], timeout=20)
        end = time.time() + 20
        while time.time() < end and not os.path.exists(done_file):
            time.sleep(0.1)
        status = open(done_file).read().strip() if os.path.exists(done_file) else "no exit"
        return screen(), status
    finally:
        subprocess.run(base + ["kill-server"], capture_output=True, timeout=20)
        if os.path.exists(done_file):
            os.unlink(done_file)


def pty_session(tri):
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=0"
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(tri, [tri], env)
    screen = b""

    def read_until(text, timeout=20.0):
        nonlocal screen
        end = time.time() + timeout
        while time.time() < end and text.encode() not in screen:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    screen += os.read(fd, 4096)
                except OSError:
                    break

    read_until("> ")
    for keys, expect in TTY_STEPS:
        os.write(fd, keys.encode() + b"\n")
        read_until(expect)
    os.write(fd, b"\x04")
    read_until("\n", 2)
    _, st = os.waitpid(pid, 0)
    try:
        while True:
            r, _, _ = select.select([fd], [], [], 0.2)
            if not r:
                break
            chunk = os.read(fd, 4096)
            if not chunk:
                break
            screen += chunk
    except OSError:
        pass
    os.close(fd)
    code = os.waitstatus_to_exitcode(st)
    return screen.decode(errors="replace").replace("\r\n", "\n"), f"EXIT={code}"


def terminal_tests(tri):
    if shutil.which("tmux"):
        kind = "tmux"
        screen, status = tmux_session(tri)
    else:
        kind = "pty"
        screen, status = pty_session(tri)
    missing = tty_expectations_ok(screen)
    report(f"repl in a terminal ({kind}): continuation, values, errors",
           not missing, f"missing {missing}\n--- screen\n{screen}")
    report(f"repl in a terminal ({kind}): Ctrl-D ends with status 0", status == "EXIT=0",
           f"{status}\n--- screen\n{screen}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tricolor", required=True)
    ap.add_argument("--lua", required=True)
    ap.add_argument("--results-file")
    a = ap.parse_args()
    tri = os.path.abspath(a.tricolor)
    with tempfile.TemporaryDirectory(prefix="tricolor-cli-") as work:
        pipe_tests(tri, a.lua, work)
        init_tests(tri, a.lua, work)
    terminal_tests(tri)
    print(f"cli-repl: {checks['passed']} passed, {checks['failed']} failed")
    if a.results_file:
        with open(a.results_file, "w") as f:
            f.write(f"passed={checks['passed']} failed={checks['failed']} known=0\n")
    return 0 if checks["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
