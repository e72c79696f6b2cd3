"""--per-supplier --jobs N: the gallery's maps drawn in worker processes."""
import os
import subprocess
import sys
import time

import pytest

from mapgen import api

from conftest import STORY, run_cli

SMALL = ("--image-width", "640", "--dpi", "100")


def files_in(folder):
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def gallery(folder, *args):
    result = run_cli("build", "--per-supplier", "--out-dir", folder, *SMALL, *args)
    assert result.returncode == 0, result.stderr
    return files_in(folder)


def test_two_jobs_write_the_same_files_as_one(tmp_path):
    serial = gallery(tmp_path / "serial", "--jobs", "1")
    parallel = gallery(tmp_path / "parallel", "--jobs", "2")
    assert len(serial) == 6 * 4 + 1
    assert parallel == serial


def failing_on_megvii(error):
    """_rendered, failing for the map of Megvii (in whichever worker draws it)."""
    original = api._rendered

    def rendered(data, view, outputs, **options):
        if any(path.name.startswith("megvii") for path in outputs.values()):
            if error == "exit":
                os._exit(9)  # a worker killed mid-map
            raise error
        return original(data, view, outputs, **options)
    return rendered


@pytest.mark.parametrize("error, message", [
    (api.MapgenError("the image needs a font"), "mapgen: error: the image needs a font"),
    (RuntimeError("boom"), "mapgen: error: a worker process failed on map 3: RuntimeError: boom"),
    ("exit", "mapgen: error: a worker process stopped before finishing its map"),
])
def test_a_failing_worker_fails_the_batch_in_one_line_and_writes_nothing(tmp_path, monkeypatch, error, message):
    out_dir = tmp_path / "maps"
    few = ("--supplier", "dahua", "--supplier", "megvii")
    before = gallery(out_dir, *few, "--jobs", "1", "--title", "Before")
    monkeypatch.setattr(api, "_rendered", failing_on_megvii(error))
    result = run_cli("build", "--per-supplier", "--out-dir", out_dir, *SMALL, *few, "--jobs", "2", "--title", "After")
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if not line.startswith("mapgen: [")]
    assert len(errors) == 1 and errors[0].startswith(message)
    assert files_in(out_dir) == before  # the earlier gallery, whole; nothing temporary left


def test_jobs_goes_with_per_supplier(tmp_path):
    result = run_cli("build", "--out", tmp_path / "map.html", "--jobs", "2")
    assert result.returncode == 2 and "--jobs go with --per-supplier" in result.stderr
    assert not (tmp_path / "map.html").exists()


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rpartition(")")[2].split()[1]) == pid:
                found.add(int(entry))
    return found


def test_workers_end_when_the_build_is_killed_and_the_next_build_is_not_kept_waiting(tmp_path):
    out_dir = tmp_path / "maps"
    build = [sys.executable, "-m", "mapgen", "build", "--facts", str(STORY), "--per-supplier", "--out-dir",
             str(out_dir), *SMALL, "--jobs", "2"]
    process = subprocess.Popen(build, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(children_of(process.pid)) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    workers = children_of(process.pid)
    assert len(workers) == 2, "the workers did not start"
    process.kill()
    process.wait()
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") and "zombie" not in open(f"/proc/{pid}/status").read()
              for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if os.path.exists(f"/proc/{pid}")
                and "zombie" not in open(f"/proc/{pid}/status").read()]
    again = subprocess.run(build, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "waiting for another build" not in again.stderr
    assert (out_dir / "index.html").is_file()
