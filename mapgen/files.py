"""Writing outputs: each file all at once, and a build's files as a set.

A file is written beside its target under a temporary name and renamed over it, so a failed run
leaves the previous file untouched and never a partial one.

A build writes several files (the map, its data CSV, its images) that must come from the same
build. ``write_set`` writes them all to temporary files first, then records the renames it is
about to make in a journal beside the map, then makes them, map last, and removes the journal.
If the process is killed part-way, the next write in that folder (``recover``) completes the
renames a journal lists, so the set is all new, and removes temporary files no journal lists, so
a set killed before its journal stays all old.
"""
from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

TEMPORARY_SUFFIX = ".mapgen-tmp"
JOURNAL_PREFIX = ".mapgen-commit-"


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` all at once: a temporary file beside it, then a rename."""
    path = Path(path)
    temporary = _write_temporary(path, data)
    try:
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return path


def write_set(files: dict[Path, bytes]) -> list[Path]:
    """Write every file of one build so that, after any interruption and the next write in the
    same folder, they are all from this build or all from the one before. The first file is
    renamed into place last (the page readers open)."""
    targets = [Path(path) for path in files]
    if not targets:
        return []
    home = targets[0].parent
    home.mkdir(parents=True, exist_ok=True)
    recover(home)
    temporaries: list[Path] = []
    try:
        for target in targets:
            temporaries.append(_write_temporary(target, files[target]))
        renames = [(str(temp.resolve()), str(target.resolve())) for temp, target in zip(temporaries, targets)]
        journal = _write_temporary(home / f"{JOURNAL_PREFIX}x", json.dumps(renames[1:] + renames[:1]).encode())
        journal_path = home / f"{JOURNAL_PREFIX}{journal.name.split('.')[-2]}.json"
        os.replace(journal, journal_path)  # from here on, the set is committed
    except BaseException:
        for temp in temporaries:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
        raise
    _complete(journal_path)
    return targets


def recover(folder: Path) -> None:
    """Finish the sets that a killed build committed in ``folder``, and remove the temporary
    files of sets it did not."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    listed: set[str] = set()
    for journal in sorted(folder.glob(f"{JOURNAL_PREFIX}*.json")):
        with contextlib.suppress(OSError, ValueError):
            listed.update(temp for temp, _ in json.loads(journal.read_text(encoding="utf-8")))
            _complete(journal)
    for stray in folder.glob(f".*{TEMPORARY_SUFFIX}"):
        if str(stray.resolve()) not in listed:
            with contextlib.suppress(FileNotFoundError):
                stray.unlink()


def _complete(journal: Path) -> None:
    for temporary, target in json.loads(journal.read_text(encoding="utf-8")):
        with contextlib.suppress(FileNotFoundError):  # renamed before the interruption
            os.replace(temporary, target)
    journal.unlink()


def _write_temporary(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    return temporary
