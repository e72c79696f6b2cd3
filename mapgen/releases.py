"""Numbered releases of a map, and checking that a release is what its inputs build.

A releases folder holds ``1/``, ``2/``, ... (each a whole map: page, data, images, embed snippet
and ``manifest.json``) and ``latest/``, a copy of the newest one. ``latest`` is a folder of
files rather than a symbolic link: mapgen writes nothing through a link, copying or uploading a
folder of releases keeps it, and a web server serves it without following links. The release and
its ``latest`` copy are written as one set (mapgen.files): a failed publish leaves neither.

The manifest records mapgen's version, the options used, the project's folder (relative to the
release's folder), and the SHA-256 of every input and of every output. An input's path is
relative to the project's folder, or ``mapgen:`` and its place in mapgen's own data (boundaries,
translations): so the manifest names no folder of the machine it was made on, and a project
moved or cloned with its releases beside it still verifies. ``verify`` compares a rebuild with a
release byte for byte, so builds are deterministic (see mapgen.page and mapgen.image).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mapgen.errors import MapgenError, shown
from mapgen.paths import data_path

MANIFEST = "manifest.json"
LATEST = "latest"
PAGE, DATA, IMAGE, CARD, EMBED = "map.html", "map.csv", "map.png", "card.png", "embed.html"
OUTPUTS = (PAGE, DATA, IMAGE, CARD, EMBED)  # every release has these files, and its manifest
MANIFEST_LIMIT = 1024 * 1024
FORMAT = 1  # of the manifest
_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def numbered(folder: Path) -> list[int]:
    """The release numbers in ``folder`` (its sub-folders named 1, 2, ...)."""
    if not folder.is_dir():
        return []
    return sorted(int(name) for name in os.listdir(folder) if _NUMBER.fullmatch(name))


def next_number(folder: Path) -> int:
    """The number of the next release: one more than any folder so named, even one a failed
    publish left empty, so an earlier release is never written into."""
    return max(numbered(folder), default=0) + 1


SHIPPED = "mapgen:"  # an input from mapgen's own data folder


def recorded_path(path: Path, project: Path) -> str:
    """An input's path as the manifest records it: relative to the project's folder if inside it,
    ``mapgen:`` and its place in mapgen's data if shipped with mapgen, else as it is."""
    real = os.path.realpath(path)
    for base, prefix in ((os.path.realpath(project), ""), (os.path.realpath(data_path()), SHIPPED)):
        if real.startswith(os.path.join(base, "")):
            return prefix + Path(os.path.relpath(real, base)).as_posix()
    return real


def input_hashes(paths: list[Path], project: Path) -> list[dict[str, str]]:
    """The SHA-256 of every input that exists, by its recorded path, sorted and without repeats."""
    hashes: dict[str, str] = {}
    for path in paths:
        if path.is_file():
            hashes[recorded_path(path, project)] = sha256(path.read_bytes())
    return [{"path": name, "sha256": digest} for name, digest in sorted(hashes.items())]


def manifest_bytes(*, number: int, version: str, project: Path, release: Path, options: dict[str, Any],
                   inputs: list[dict[str, str]], outputs: dict[str, bytes]) -> bytes:
    """The manifest of release ``number``, to be written into the folder ``release``."""
    where = Path(os.path.relpath(os.path.realpath(project), os.path.realpath(release))).as_posix()
    manifest = {
        "format": FORMAT, "release": number, "mapgen": version, "project": where,
        "options": options, "inputs": inputs,
        "outputs": [{"file": name, "sha256": sha256(content), "bytes": len(content)} for name, content in outputs.items()],
    }
    return (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Manifest:
    path: Path
    number: int
    version: str
    project: Path
    options: dict[str, Any]
    inputs: list[dict[str, str]]
    outputs: list[dict[str, Any]]

    def input_path(self, recorded: str) -> Path:
        if recorded.startswith(SHIPPED):
            return data_path(recorded[len(SHIPPED):])
        return Path(recorded) if os.path.isabs(recorded) else self.project / recorded


def read_manifest(release: Path) -> Manifest:
    """A release's manifest, checked: every field of the right kind, every output one a release has."""
    path = Path(release) / MANIFEST
    if not path.is_file():
        raise MapgenError(f"{release}: no {MANIFEST} here; give a release folder that mapgen publish wrote")
    if path.stat().st_size > MANIFEST_LIMIT:
        raise MapgenError(f"{path}: larger than a manifest can be ({MANIFEST_LIMIT // 1024} KB)")
    try:
        data = json.loads(path.read_bytes())
    except (ValueError, UnicodeDecodeError, RecursionError) as err:
        raise MapgenError(f"{path}: not a mapgen release manifest ({shown(str(err), 80)})") from None
    try:
        # The project's folder is recorded relative to the release's own folder.
        manifest = Manifest(path, data["release"], data["mapgen"], Path(release) / data["project"], data["options"],
                            data["inputs"], data["outputs"])
        good = (data["format"] == FORMAT and isinstance(manifest.number, int) and isinstance(manifest.version, str)
                and isinstance(data["project"], str)
                and isinstance(manifest.options, dict)
                and all(isinstance(i, dict) and isinstance(i.get("path"), str) and _is_hash(i.get("sha256"))
                        for i in manifest.inputs)
                and sorted(str(o.get("file")) for o in manifest.outputs if isinstance(o, dict)) == sorted(OUTPUTS)
                and all(_is_hash(o.get("sha256")) for o in manifest.outputs))
    except (KeyError, TypeError):
        good = False
    if not good:
        raise MapgenError(f"{path}: not a mapgen release manifest (a field is missing or of the wrong kind)")
    return manifest


def _is_hash(value: Any) -> bool:
    return isinstance(value, str) and re.fullmatch(r"[0-9a-f]{64}", value) is not None


def changed_inputs(manifest: Manifest) -> list[str]:
    """One line per input that is missing or no longer has its recorded SHA-256."""
    lines = []
    for entry in manifest.inputs:
        content = regular_file_bytes(manifest.input_path(entry["path"]))
        if content is None:
            lines.append(f"input missing: {shown(entry['path'], 200)} (no regular file there)")
            continue
        digest = sha256(content)
        if digest != entry["sha256"]:
            lines.append(f"input changed: {shown(entry['path'], 200)} (recorded sha256 {entry['sha256'][:12]}…, "
                         f"now {digest[:12]}…)")
    return lines


def regular_file_bytes(path: Path) -> bytes | None:
    """The file's bytes, or None when there is no regular file there (a pipe or a device, which a
    planted manifest could name, is never read)."""
    with contextlib.suppress(OSError):
        if stat.S_ISREG(os.stat(path).st_mode):
            return path.read_bytes()
    return None


def compared_outputs(release: Path, rebuilt: dict[str, bytes]) -> list[tuple[str, bool]]:
    """Each output of the release with whether the rebuild gave the very same bytes."""
    lines = []
    for name in OUTPUTS:
        published = regular_file_bytes(Path(release) / name)
        if published is None:
            lines.append((f"missing: {name} (not in the release)", False))
        elif published == rebuilt[name]:
            lines.append((f"identical: {name}", True))
        else:
            lines.append((f"differs: {name} (sha256 {sha256(published)[:12]}… in the release, "
                          f"{sha256(rebuilt[name])[:12]}… rebuilt)", False))
    return lines
