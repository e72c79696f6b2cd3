"""Writing outputs: a build's files as one set, one build per folder at a time.

A build writes several files (the map, its data CSV, its images; a gallery of maps) that must
come from the same build. ``writing(targets)`` does it in four steps:

1. It locks every folder it writes to (``flock`` on the folder itself, so no lock file is left
   behind). A second build into the same folder waits for the first, at most
   ``LOCK_WAIT_SECONDS``, saying so in one line, then gives up with one line.
2. It finishes or clears what a killed build left in those folders (``recover``).
3. It writes every file under a temporary name beside its target (``.NAME.XXXXXXXX.mapgen-tmp``).
4. It commits: a journal in each folder lists that folder's renames by file name; the journal
   beside the first target (the page readers open) is written last, and from then on the set
   counts as written. Then the renames, the first target last, and the journals are removed.

Interrupted: a failure or Ctrl-C before the commit removes the temporary files (all old); a
failure during the renames moves the new files back and restores the old ones (all old). A
killed build is settled by the next one in any of those folders: a set whose main journal exists
is completed (all new); the temporary files of one whose main journal does not are removed (all
old). Recovery touches only what mapgen makes: a journal must name files in its own folder, each
by mapgen's temporary-name pattern for its target; anything else is left alone, with a warning.

Nothing is written through a symbolic link or onto a special file (a pipe, a device, a folder):
such a target is refused before anything is written.

For tests: ``MAPGEN_TEST_PAUSE=POINT:SECONDS`` makes a build print ``mapgen: test pause at
POINT`` and wait there, with its folders locked, for SECONDS or until the file
``MAPGEN_TEST_RESUME`` names exists: at ``staged`` (every temporary file written, nothing
committed) or ``renaming`` (committed, the first rename made). Tests use it to run two builds
into one folder and to kill a build in its rename window.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import re
import secrets
import shutil
import stat
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from mapgen.errors import MapgenError

TEMPORARY_SUFFIX = ".mapgen-tmp"
BACKUP_SUFFIX = ".mapgen-old"  # an old file kept while a set is renamed, to restore on failure
JOURNAL_PREFIX = ".mapgen-commit-"
LOCK_WAIT_SECONDS = 120.0
PAUSE_VARIABLE = "MAPGEN_TEST_PAUSE"
RESUME_VARIABLE = "MAPGEN_TEST_RESUME"

_TOKEN = r"[0-9a-f]{8}"
_MADE_BY_MAPGEN = re.compile(rf"\.(?P<target>.+)\.{_TOKEN}(?:{re.escape(TEMPORARY_SUFFIX)}|{re.escape(BACKUP_SUFFIX)})")
_JOURNAL = re.compile(rf"{re.escape(JOURNAL_PREFIX)}{_TOKEN}\.json")
_JOURNAL_LIMIT = 1024 * 1024
Renames = list[tuple[str, str]]  # (temporary name, target name), in one folder


def write_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Write ``data`` to ``path`` all at once (a set of one file)."""
    return write_set({Path(path): data})[0]


def write_set(files: dict[Path, bytes]) -> list[Path]:
    """Write every file of one build as a set; the first is renamed into place last."""
    targets = [Path(path) for path in files]
    with writing(targets) as stage:
        for target, data in zip(targets, files.values()):
            stage.put(target, data)
    return targets


class Stage:
    """The files of a set being written, under temporary names until it commits."""

    def __init__(self, targets: list[Path]):
        self.targets = targets
        self.temporaries: dict[Path, Path] = {}

    def put(self, target: Path, data: bytes) -> None:
        target = Path(target)
        if target not in self.targets or target in self.temporaries:
            raise ValueError(f"{target} is not an unwritten target of this set")
        self.temporaries[target] = _write_temporary(target, data)

    def discard(self) -> None:
        for temporary in self.temporaries.values():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


@contextlib.contextmanager
def writing(targets: Sequence[Path]) -> Iterator[Stage]:
    """Lock the targets' folders, settle what a killed build left there, and yield a Stage to
    ``put`` every target into; on leaving without an error, commit them as one set (the first
    target renamed last). On an error, nothing is changed."""
    targets = [Path(path) for path in targets]
    _check_targets(targets)
    folders = sorted({_folder_of(target) for target in targets})
    with _locked(folders):
        for folder in folders:
            _recover(folder)
        stage = Stage(targets)
        try:
            yield stage
            missing = [str(target) for target in targets if target not in stage.temporaries]
            if missing:
                raise ValueError(f"not written: {', '.join(missing)}")
            _pause("staged")
            _commit(targets, stage.temporaries)
        finally:
            stage.discard()


def recover(folder: Path) -> None:
    """Complete the sets a killed build committed in ``folder``, and remove the temporary files
    of those it did not (with the folder locked)."""
    folder = Path(folder)
    if folder.is_dir():
        with _locked([folder.resolve()]):
            _recover(folder.resolve())


@contextlib.contextmanager
def holding(folder: Path) -> Iterator[Path]:
    """Hold the lock on ``folder`` (made if missing; never a link) while a caller decides what to
    write into sub-folders of it, e.g. the next release number; yields its real path."""
    folder = Path(folder)
    if folder.is_symlink():
        raise MapgenError(f"{folder}: is a symbolic link; mapgen writes no output through a link "
                          "(remove the link, or choose another folder)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _cannot_write(folder, err) from None
    real = Path(os.path.realpath(folder))
    with _locked([real]):
        yield real


# --- checks and locks ------------------------------------------------------------------------

def _check_targets(targets: list[Path]) -> None:
    if len({os.path.realpath(target) for target in targets}) < len(targets):
        raise MapgenError(f"two outputs would be the same file ({', '.join(map(str, targets))}); "
                          "give each output its own name")
    for target in targets:
        try:
            mode = os.lstat(target).st_mode
        except FileNotFoundError:
            continue
        except OSError as err:
            raise _cannot_write(target, err) from None
        if stat.S_ISLNK(mode):
            raise MapgenError(f"{target}: is a symbolic link; mapgen writes no output through a link "
                              "(remove the link, or choose another path)")
        if not stat.S_ISREG(mode):
            raise MapgenError(f"{target}: is not a regular file (a folder, pipe or device); choose another path")


def _folder_of(target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise _cannot_write(target, err) from None
    return Path(os.path.realpath(target.parent))


def _cannot_write(target: Path, err: OSError) -> MapgenError:
    return MapgenError(f"{target}: cannot write it ({err.strerror or err}); nothing was changed")


@contextlib.contextmanager
def _locked(folders: Iterable[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each folder (in a fixed order, so two builds cannot deadlock)."""
    handles: list[int] = []
    try:
        for folder in folders:
            handles.append(os.open(folder, os.O_RDONLY | os.O_DIRECTORY))
            _lock(handles[-1], folder)
        yield
    finally:
        for handle in handles:
            os.close(handle)  # closing releases the lock


def _lock(handle: int, folder: Path) -> None:
    deadline, told = time.monotonic() + LOCK_WAIT_SECONDS, False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise MapgenError(f"{folder}: another mapgen build is still writing here after "
                                  f"{LOCK_WAIT_SECONDS:.0f} s; try again when it has finished") from None
            if not told:
                _say(f"waiting for another build writing to {folder} (at most {LOCK_WAIT_SECONDS:.0f} s)")
                told = True
            time.sleep(0.1)


# --- committing a set ------------------------------------------------------------------------

def _commit(targets: list[Path], temporaries: dict[Path, Path]) -> None:
    main = _folder_of(targets[0])
    given = {_folder_of(target) / target.name: target for target in targets}  # as the user named them
    plan: dict[Path, Renames] = {}
    for target in [*targets[1:], targets[0]]:  # the page last
        plan.setdefault(_folder_of(target), []).append((temporaries[target].name, target.name))
    order = [folder for folder in plan if folder != main] + [main]
    name = f"{JOURNAL_PREFIX}{secrets.token_hex(4)}.json"
    backups = _back_up(given)
    journals = [_write_journal(folder, name, {"main": str(main), "renames": plan[folder]})
                for folder in order[:-1]]
    journals.append(_write_journal(main, name, {"folders": [str(f) for f in order[:-1]], "renames": plan[main]}))
    done: list[Path] = []
    try:
        for folder in order:
            for temporary, file_name in plan[folder]:
                os.replace(folder / temporary, folder / file_name)
                done.append(folder / file_name)
                if len(done) == 1:
                    _pause("renaming")
    except BaseException as err:
        if _roll_back(done, backups, {folder / file_name: folder / temporary
                                      for folder in order for temporary, file_name in plan[folder]}):
            for journal in reversed(journals):  # the main one first: from then on, nothing is committed
                journal.unlink()
        else:
            temporaries.clear()  # kept for the next build's recovery to complete the set
        _remove(backups.values())
        if isinstance(err, OSError):
            failed = Path(err.filename2 or err.filename or "")
            raise _cannot_write(given.get(failed, targets[0]), err) from None
        raise
    temporaries.clear()
    for journal in journals:
        journal.unlink()
    _remove(backups.values())


def _back_up(places: Iterable[Path]) -> dict[Path, Path]:
    """A second name (a hard link, else a copy) for each existing target, to restore on failure."""
    backups = {}
    for place in places:
        if os.path.lexists(place):
            backups[place] = place.parent / f".{place.name}.{secrets.token_hex(4)}{BACKUP_SUFFIX}"
            try:
                os.link(place, backups[place])
            except OSError:
                shutil.copy2(place, backups[place])
    return backups


def _roll_back(done: list[Path], backups: dict[Path, Path], temporary_of: dict[Path, Path]) -> bool:
    """Undo the renames made, newest first: each new file back to its temporary name (so that a
    kill now is completed by recovery), then the old file back. True when all were undone."""
    for target in reversed(done):
        try:
            os.replace(target, temporary_of[target])
            if target in backups:
                os.replace(backups.pop(target), target)
        except OSError:
            return False
    return True


def _write_journal(folder: Path, name: str, content: dict) -> Path:
    temporary = _write_temporary(folder / name, json.dumps(content).encode("utf-8"))
    os.replace(temporary, folder / name)
    return folder / name


def _remove(paths: Iterable[Path]) -> None:
    for path in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _write_temporary(target: Path, data: bytes) -> Path:
    while True:
        temporary = target.parent / f".{target.name}.{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
        try:
            handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            break
        except FileExistsError:
            continue
        except OSError as err:
            raise _cannot_write(target, err) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException as err:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(err, OSError):
            raise _cannot_write(target, err) from None
        raise
    return temporary


def _pause(point: str) -> None:
    """The test hook (see the module's docstring)."""
    wanted, _, seconds = os.environ.get(PAUSE_VARIABLE, "").partition(":")
    if wanted != point:
        return
    _say(f"test pause at {point}")
    resume = os.environ.get(RESUME_VARIABLE)
    with contextlib.suppress(ValueError):
        deadline = time.monotonic() + float(seconds)
        while time.monotonic() < deadline and not (resume and os.path.exists(resume)):
            time.sleep(0.05)


def _say(line: str, kind: str = "") -> None:
    sys.stderr.write(f"mapgen: {kind}{line}\n")
    sys.stderr.flush()


# --- recovery --------------------------------------------------------------------------------

def _recover(folder: Path) -> None:
    """Settle the sets a killed build left in ``folder`` (locked), then remove the temporary files
    and backups no journal names."""
    for name in sorted(os.listdir(folder)):
        if not (name.startswith(JOURNAL_PREFIX) and name.endswith(".json")):
            continue
        journal = _read_journal(folder, name) if _JOURNAL.fullmatch(name) else None
        if journal is None:
            _say(f"{folder / name}: not a journal of a mapgen build in this folder; left alone", "warning: ")
        elif "main" in journal:  # one folder of a set whose commit is the main folder's journal
            if _is_regular(Path(journal["main"]) / name):
                _complete(folder, journal["renames"])
            (folder / name).unlink()
        else:
            for other in journal["folders"]:
                part = _read_journal(Path(other), name)
                if part is not None and part.get("main") == str(folder):
                    _complete(Path(other), part["renames"])
                    (Path(other) / name).unlink()
            _complete(folder, journal["renames"])
            (folder / name).unlink()
    for name in os.listdir(folder):
        if _MADE_BY_MAPGEN.fullmatch(name) and _is_regular(folder / name):
            os.unlink(folder / name)


def _read_journal(folder: Path, name: str) -> dict | None:
    """The journal, if it is one mapgen wrote: renames between its own folder's files, each from
    mapgen's temporary name for that target; else None."""
    path = folder / name
    if not _is_regular(path) or path.stat().st_size > _JOURNAL_LIMIT:
        return None
    try:
        journal = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(journal, dict) or not isinstance(journal.get("renames"), list):
        return None
    for pair in journal["renames"]:
        if not (isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair)):
            return None
        temporary, target = pair
        made = _MADE_BY_MAPGEN.fullmatch(temporary)
        if not made or made["target"] != target or not temporary.endswith(TEMPORARY_SUFFIX) or not _plain_name(target):
            return None
    places = [journal["main"]] if "main" in journal else journal.get("folders")
    if not isinstance(places, list) or not all(isinstance(p, str) and os.path.isabs(p) for p in places):
        return None
    return journal


def _plain_name(name: str) -> bool:
    return name not in ("", ".", "..") and "/" not in name and "\0" not in name


def _complete(folder: Path, renames: Renames) -> None:
    for temporary, target in renames:
        if not _is_regular(folder / temporary):
            continue  # renamed before the interruption
        if os.path.lexists(folder / target) and not _is_regular(folder / target):
            _say(f"{folder / target}: not a regular file; left alone (an interrupted build's version of it "
                 "is dropped)", "warning: ")
            continue
        try:
            os.replace(folder / temporary, folder / target)
        except OSError as err:
            raise MapgenError(f"{folder / target}: cannot complete the build that was interrupted while writing it "
                              f"({err.strerror or err})") from None


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError as err:
        if err.errno in (errno.ENOENT, errno.ENOTDIR):
            return False
        raise
