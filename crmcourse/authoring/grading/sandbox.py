"""Running a submission's code where it can do no harm: bubblewrap, resource limits, nothing left behind.

:func:`run_sandboxed` starts one command for one submission and returns what it wrote on its
standard output (the grader's channel, capped), whether it ran past its time, and nothing else.

With bubblewrap (Debian's ``bubblewrap``, :func:`find_sandbox`) the command runs in new PID,
network, IPC and UTS namespaces (no network but its own loopback; it sees only its own
processes), on a read-only view of the system directories (``/usr``, ``/etc``, ``/lib`` …), the
Python installation, the virtual environment, the installed ``crmcourse`` package and its data
— and nothing else: no ``/home``, ``/root``, ``/work``, no submissions, solutions, answer keys
or grades. ``/tmp`` is a private, size-limited tmpfs holding the notebook's only copy. When
the grader runs as root, the code inside runs as an unprivileged user id of its own (one per
worker slot, picked at random per run), so ``RLIMIT_NPROC`` holds and root-only files stay
unreadable; as another user, bubblewrap adds a user namespace (``--unshare-all``).

Resource limits (:class:`Limits`) are set by a tiny launcher before any submission code runs,
and apply to every process the notebook starts: address space, CPU seconds, processes, file
size, open files, no core dumps. At the end the whole tree is killed: the process group, the
sandbox's PID namespace (``--die-with-parent``; when its first process dies, the kernel kills
every process in it, detached ones included) and, when a user id was dropped to, every process
still running under that id.

Without bubblewrap the same launcher, limits and kills apply, but files and network are not
isolated: :attr:`Sandbox.warning` says so, and the grader prints it once per run.

>>> Limits().rlimits(60)["RLIMIT_CPU"]
90
"""
from __future__ import annotations

import json
import os
import queue
import secrets
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from crmcourse.authoring.grading.reaper import kill_run, kill_uid

__all__ = ["Limits", "Sandbox", "Outcome", "find_sandbox", "run_sandboxed", "sandbox_env", "bwrap_arguments",
           "runtime_paths", "slot_uids"]

#: Directories of the operating system shown read-only inside the sandbox.
SYSTEM_DIRS = ("usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "etc")

#: Sets the limits, drops to the slot's user id, then becomes the real command. It runs before
#: any submission code, so every process the notebook starts inherits the limits.
LAUNCHER = """\
import json, os, resource, sys
spec = json.loads(sys.argv[1])
for name, value in spec["limits"].items():
    kind = getattr(resource, name, None)
    if kind is None:  # a limit this system does not have
        continue
    hard = resource.getrlimit(kind)[1]
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (value, value))
if spec["uid"] is not None:
    os.setgroups([])
    os.setgid(spec["uid"])
    os.setuid(spec["uid"])
os.umask(0o077)
os.execv(sys.argv[2], sys.argv[2:])
"""


@dataclass(frozen=True)
class Limits:
    """Resource limits for every process of one submission.

    Parameters
    ----------
    memory : int, default 4 GiB
        Address space per process (``RLIMIT_AS``), in bytes.
    cpu : int, optional
        CPU seconds per process (``RLIMIT_CPU``); default: the time limit + 30 s.
    processes : int, default 256
        Processes and threads of the submission's user (``RLIMIT_NPROC``; a kernel uses ~20).
    file_size : int, default 64 MiB
        Largest file a process may write (``RLIMIT_FSIZE``).
    open_files : int, default 1024
        Open file descriptors per process (``RLIMIT_NOFILE``).
    tmp_size : int, default 512 MiB
        Size of the sandbox's private ``/tmp`` (bubblewrap only).

    Examples
    --------
    >>> Limits(memory=2**30).rlimits(10)["RLIMIT_AS"]
    1073741824
    """

    memory: int = 4 * 2**30
    cpu: int | None = None
    processes: int = 256
    file_size: int = 64 * 2**20
    open_files: int = 1024
    tmp_size: int = 512 * 2**20

    def rlimits(self, timeout: int) -> dict[str, int]:
        """The ``resource`` limits (name → value) for a notebook with a time limit of ``timeout`` seconds.

        Parameters
        ----------
        timeout : int

        Returns
        -------
        dict

        Raises
        ------
        None

        Examples
        --------
        >>> sorted(Limits().rlimits(5))
        ['RLIMIT_AS', 'RLIMIT_CORE', 'RLIMIT_CPU', 'RLIMIT_FSIZE', 'RLIMIT_NOFILE', 'RLIMIT_NPROC']
        """
        return {"RLIMIT_AS": int(self.memory), "RLIMIT_CPU": int(self.cpu or timeout + 30),
                "RLIMIT_NPROC": int(self.processes), "RLIMIT_FSIZE": int(self.file_size),
                "RLIMIT_NOFILE": int(self.open_files), "RLIMIT_CORE": 0}


@dataclass(frozen=True)
class Sandbox:
    """How submissions run: ``kind`` is ``"bubblewrap"`` or ``"none"``.

    ``reason`` says why there is none; :attr:`warning` is the line the grader prints then.
    ``own_uid``: the notebook runs under an unprivileged user id of its own (the grader is
    root and the Python installation is readable by others).
    """

    kind: str
    program: str | None = None
    reason: str = ""
    as_root: bool = field(default_factory=lambda: os.geteuid() == 0)
    own_uid: bool = False

    @property
    def warning(self) -> str:
        """The plain warning printed once per run when there is no sandbox ("" with one)."""
        if self.kind != "none":
            return ""
        who = (", and the notebook runs under an unprivileged user id of its own" if self.own_uid else
               " (as root, the process limit does not apply)" if self.as_root else "")
        return (f"WARNING: submissions run UNSANDBOXED ({self.reason}): a hostile notebook can read and change "
                f"whatever this account can. Resource limits and the process-group kill still apply{who}. "
                "Install Debian's `bubblewrap` to isolate them.")

    def describe(self) -> str:
        """One line for the run's summary.

        Examples
        --------
        >>> Sandbox("none", reason="test").describe()
        'sandbox: none (test)'
        """
        if self.kind == "none":
            return f"sandbox: none ({self.reason})"
        return f"sandbox: bubblewrap ({'own user id per worker' if self.own_uid else 'user namespace'})"


@dataclass
class Outcome:
    """What one sandboxed run produced: its channel lines, how it ended, how long it took."""

    lines: list[bytes]
    returncode: int | None
    timed_out: bool = False
    overflow: bool = False
    seconds: float = 0.0


_FOUND: dict[str, Sandbox] = {}


def runtime_paths() -> list[Path]:
    """What a graded kernel needs to see besides the system: Python, the environment, crmcourse and its data.

    Returns
    -------
    list of Path
        Existing folders, without duplicates.

    Raises
    ------
    None

    Examples
    --------
    >>> Path(sys.prefix).resolve() in runtime_paths()
    True
    """
    import crmcourse
    from crmcourse.paths import data_dir

    wanted = [sys.base_prefix, sys.prefix, sys.exec_prefix, sys.base_exec_prefix,
              os.path.dirname(os.path.realpath(sys.executable)), os.path.dirname(crmcourse.__file__)]
    try:
        wanted.append(str(data_dir()))
    except Exception:  # an install without its data: the notebook will say so itself
        pass
    out: list[Path] = []
    for item in wanted:
        path = Path(os.path.realpath(item))
        if path.is_dir() and path not in out:
            out.append(path)
    return out


def _within(path: Path, roots: list[Path]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def bwrap_arguments(program: str, *, as_root: bool, hide: list[Path], tmp_size: int, info_fd: int | None = None) -> list[str]:
    """The bubblewrap command line up to ``--`` (the command follows).

    Parameters
    ----------
    program : str
        The ``bwrap`` executable.
    as_root : bool
        The grader runs as root: no user namespace (the launcher drops to its own uid instead).
    hide : list of Path
        Folders that must stay invisible even if they lie inside a shown folder (solutions,
        submissions, grades, answer keys).
    tmp_size : int
        Bytes for the private ``/tmp``.
    info_fd : int, optional
        A file descriptor bubblewrap writes the sandbox's first process id to.

    Returns
    -------
    list of str

    Raises
    ------
    None

    Examples
    --------
    >>> args = bwrap_arguments("bwrap", as_root=False, hide=[], tmp_size=2**20)
    >>> "--unshare-all" in args and args[-1] == "--"
    True
    """
    args = [program]
    if as_root:
        args += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
    else:
        args += ["--unshare-all", "--unshare-user", "--disable-userns"]
    args += ["--die-with-parent", "--new-session", "--proc", "/proc", "--dev", "/dev",
             "--perms", "1777", "--size", str(int(tmp_size)), "--tmpfs", "/tmp",
             "--perms", "1777", "--size", str(int(min(tmp_size, 64 * 2**20))), "--tmpfs", "/dev/shm"]
    if info_fd is not None:
        args += ["--info-fd", str(info_fd)]
    shown: list[Path] = []
    for name in SYSTEM_DIRS:
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
            shown.append(path)
    made: set[Path] = {Path("/"), Path("/tmp")}
    for path in runtime_paths():
        if _within(path, shown):
            continue
        for parent in reversed(path.parents):
            if parent not in made and not _within(parent, shown):
                args += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
        args += ["--ro-bind", str(path), str(path)]
        shown.append(path)
    for path in hide:
        path = Path(os.path.realpath(path))
        if _within(path, shown) and path.exists():
            args += ["--tmpfs", str(path)] if path.is_dir() else ["--ro-bind", "/dev/null", str(path)]
    return args + ["--chdir", "/tmp", "--"]


def find_sandbox(mode: str = "auto") -> Sandbox:
    """The sandbox this machine offers: bubblewrap when it is installed and works, else none.

    Parameters
    ----------
    mode : {"auto", "bubblewrap", "none"}
        ``"auto"`` uses bubblewrap when it works; ``"none"`` runs without (tests, or machines
        where the grader already runs in a container).

    Returns
    -------
    Sandbox

    Raises
    ------
    ValueError
        Unknown ``mode``.

    Examples
    --------
    >>> find_sandbox("none").kind
    'none'
    """
    if mode not in ("auto", "bubblewrap", "none"):
        raise ValueError(f"sandbox mode must be auto, bubblewrap or none, not {mode!r}")
    if mode in _FOUND:
        return _FOUND[mode]
    as_root = os.geteuid() == 0
    program = shutil.which("bwrap")
    if mode == "none":
        found = Sandbox("none", reason="switched off")
    elif not sys.platform.startswith("linux"):
        found = Sandbox("none", reason=f"bubblewrap needs Linux, this is {sys.platform}")
    elif program is None:
        found = Sandbox("none", reason="bwrap not found")
    else:  # namespaces can be forbidden (e.g. inside an unprivileged container): try once
        prefix = bwrap_arguments(program, as_root=as_root, hide=[], tmp_size=2**24)
        error = _probe(prefix, slot_uids(1)[0] if as_root else None)
        found = (Sandbox("bubblewrap", program, own_uid=as_root) if error is None
                 else Sandbox("none", reason=f"bwrap does not work here: {error}"))
    if found.kind == "none" and as_root:  # can an unprivileged user id still run Python and crmcourse?
        found = Sandbox("none", reason=found.reason, own_uid=_probe([], slot_uids(1)[0]) is None)
    if mode == "bubblewrap" and found.kind == "none":
        return found  # the caller refuses to run
    _FOUND[mode] = found
    return found


def _probe(prefix: list[str], uid: int | None) -> str | None:
    """None when ``prefix`` + the launcher can run Python and import crmcourse's checks, else why not."""
    spec = json.dumps({"limits": Limits().rlimits(60), "uid": uid})
    cmd = prefix + [sys.executable, "-I", "-S", "-c", LAUNCHER, spec,
                    sys.executable, "-I", "-c", "import crmcourse.checks; print('ok')"]
    try:
        probe = subprocess.run(cmd, capture_output=True, timeout=120, check=False, cwd="/",
                               env=sandbox_env("/tmp", "/tmp"), start_new_session=True)
    except (OSError, subprocess.SubprocessError) as exc:
        return type(exc).__name__
    finally:
        if uid is not None:
            kill_uid(uid)
    if probe.stdout.strip() == b"ok":
        return None
    lines = probe.stderr.decode("utf-8", "replace").strip().splitlines()
    return lines[-1][:160] if lines else f"exit status {probe.returncode}"


def sandbox_env(home: str, tmp: str) -> dict[str, str]:
    """The whole environment of a graded notebook: a short allow-list, no variable of the grader's.

    Parameters
    ----------
    home, tmp : str
        The notebook's home and temporary folder.

    Returns
    -------
    dict

    Raises
    ------
    None

    Examples
    --------
    >>> env = sandbox_env("/tmp/home", "/tmp")
    >>> env["HOME"], env["CRMCOURSE_GRADING"]
    ('/tmp/home', '1')
    """
    from crmcourse.checks.transfer import GRADING_ENV

    bin_dir = os.path.dirname(sys.executable)
    return {
        "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin", "HOME": home, "TMPDIR": tmp,
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1", "MPLCONFIGDIR": f"{tmp}/matplotlib", "IPYTHONDIR": f"{tmp}/ipython",
        "JUPYTER_RUNTIME_DIR": f"{tmp}/jupyter/runtime", "JUPYTER_CONFIG_DIR": f"{tmp}/jupyter/config",
        "JUPYTER_DATA_DIR": f"{tmp}/jupyter/data", "JUPYTER_PLATFORM_DIRS": "1",
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        "NUMEXPR_NUM_THREADS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1", GRADING_ENV: "1",
    }


def slot_uids(count: int) -> list[int]:
    """``count`` unprivileged user ids for this run's worker slots, picked at random (no other run shares them).

    Parameters
    ----------
    count : int

    Returns
    -------
    list of int

    Raises
    ------
    None

    Examples
    --------
    >>> a, b = slot_uids(2)
    >>> b == a + 1 and a >= 100_000_000
    True
    """
    base = 100_000_000 + secrets.randbelow(500_000_000) * 4  # below 2**31: shown unsigned everywhere
    return [base + i for i in range(count)]


def _read_info(fd: int, proc: subprocess.Popen) -> int | None:
    """The sandbox's first process id, from bubblewrap's ``--info-fd`` JSON."""
    data = b""
    end = time.monotonic() + 30
    try:
        while time.monotonic() < end:
            sel = selectors.DefaultSelector()
            sel.register(fd, selectors.EVENT_READ)
            ready = sel.select(timeout=0.2)
            sel.close()
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                data += chunk
                if b"}" in data:
                    break
            elif proc.poll() is not None:
                break
        pid = json.loads(data.decode("utf-8")).get("child-pid")
        return int(pid) if isinstance(pid, int) else None
    except (OSError, ValueError, AttributeError):
        return None
    finally:
        os.close(fd)


def run_sandboxed(argv: list[str], *, stdin: bytes, sandbox: Sandbox, limits: Limits, timeout: int,
                  wall_timeout: float, channel_limit: int, line_limit: int, uid: int | None = None,
                  hide: list[Path] | None = None) -> Outcome:
    """Run ``argv`` for one submission; return its standard output as lines, capped.

    Parameters
    ----------
    argv : list of str
        The command (a Python program) to run inside.
    stdin : bytes
        Fed to the command's standard input (the submission itself: no file of the grader is shown).
    sandbox : Sandbox
        From :func:`find_sandbox`.
    limits : Limits
    timeout : int
        The notebook's time limit (sets the CPU limit).
    wall_timeout : float
        Seconds after which everything is killed, whatever the command does.
    channel_limit : int
        Bytes of standard output read at most; past it the run is killed (``overflow``).
    line_limit : int
        Longest line kept; longer lines are dropped.
    uid : int, optional
        The unprivileged user id the command runs as when ``sandbox.own_uid`` (see :func:`slot_uids`).
    hide : list of Path, optional
        Folders to keep invisible (see :func:`bwrap_arguments`).

    Returns
    -------
    Outcome

    Raises
    ------
    OSError
        Only if the command cannot be started at all.
    """
    started = time.monotonic()
    private = None
    uid = uid if sandbox.own_uid else None
    spec = json.dumps({"limits": limits.rlimits(timeout), "uid": uid})
    # POSIX: the launcher sets the limits; elsewhere (Windows) there are none to set and no exec
    launch = [sys.executable, "-I", "-S", "-c", LAUNCHER, spec] if os.name == "posix" else []
    info_r = None  # bubblewrap tells the sandbox's first process id here
    passed: list[int] = []  # descriptors only the child keeps
    if sandbox.kind == "bubblewrap":
        info_r, info_w = os.pipe()
        args_r, args_w = os.pipe()
        passed = [info_w, args_r]
        options = bwrap_arguments(sandbox.program, as_root=sandbox.as_root, hide=list(hide or []),
                                  tmp_size=limits.tmp_size, info_fd=info_w)[1:]
        # the options go through a pipe (--args): the sandbox's /proc/1/cmdline shows no path of the grader's
        os.write(args_w, b"".join(a.encode() + b"\0" for a in options[:-1]))
        os.close(args_w)
        cmd = [sandbox.program, "--args", str(args_r), "--"] + launch + argv
        env = sandbox_env("/tmp/home", "/tmp")
        cwd = "/"
    else:
        private = tempfile.mkdtemp(prefix="crmcourse-grade-")
        if uid is not None:
            os.chown(private, uid, uid)
        cmd = launch + argv
        env = sandbox_env(f"{private}/home", private)
        cwd = private
    outcome = Outcome([], None)
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=env, cwd=cwd, start_new_session=True, pass_fds=tuple(passed))
    except BaseException:
        for fd in passed + ([info_r] if info_r is not None else []):
            os.close(fd)
        if private:
            shutil.rmtree(private, ignore_errors=True)
        raise
    for fd in passed:
        os.close(fd)
    child = None
    try:
        def feed() -> None:
            try:
                proc.stdin.write(stdin)
                proc.stdin.close()
            except OSError:  # the command stopped reading (or died): nothing to do
                pass

        threading.Thread(target=feed, daemon=True).start()
        if info_r is not None:
            child = _read_info(info_r, proc)  # closes info_r
            info_r = None
        _read_channel(proc, outcome, started + wall_timeout, channel_limit, line_limit)
        try:
            outcome.returncode = proc.wait(timeout=max(0.1, min(10.0, started + wall_timeout - time.monotonic())))
        except subprocess.TimeoutExpired:
            outcome.timed_out = True
    finally:
        kill_run(proc, child, uid)
        if info_r is not None:
            os.close(info_r)
        for stream in (proc.stdin, proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if private:
            shutil.rmtree(private, ignore_errors=True)
    outcome.seconds = time.monotonic() - started
    return outcome


def _read_channel(proc: subprocess.Popen, outcome: Outcome, deadline: float, limit: int, line_limit: int) -> None:
    """Collect complete lines from the command's standard output until it ends, the deadline, or ``limit`` bytes."""
    chunks: queue.Queue = queue.Queue()
    stop = threading.Event()

    def pump() -> None:  # a thread, so that waiting has a deadline on every platform
        try:
            while not stop.is_set():
                chunk = proc.stdout.read1(1 << 16)
                chunks.put(chunk)
                if not chunk:
                    return
        except (OSError, ValueError):
            chunks.put(b"")

    threading.Thread(target=pump, daemon=True).start()
    total = 0
    partial = b""
    skipping = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                outcome.timed_out = True
                return
            try:
                chunk = chunks.get(timeout=min(left, 1.0))
            except queue.Empty:
                continue
            if not chunk:
                return
            total += len(chunk)
            if total > limit:
                outcome.overflow = True
                return
            *complete, partial = (partial + chunk).split(b"\n")
            for line in complete:
                if skipping:
                    skipping = False
                    continue
                if line:
                    outcome.lines.append(line)
            if len(partial) > line_limit:
                partial, skipping = b"", True
    finally:
        stop.set()
