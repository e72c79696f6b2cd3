"""mapgen preview without a browser: what the server answers, what it watches, what it never
writes, and how it stops. (The page itself: test_preview_browser.py.)"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mapgen import api
from mapgen.errors import MapgenError

from conftest import ROOT, STORY

FIXTURE = STORY.parent


@pytest.fixture
def story(tmp_path) -> Path:
    """A copy of the tests' story, to edit while it is previewed."""
    return Path(shutil.copytree(FIXTURE, tmp_path / "story"))


@pytest.fixture
def running(story):
    builds = []
    built = threading.Condition()

    def on_build(build):
        with built:
            builds.append(build)
            built.notify_all()

    preview = api.preview(project=story, port=0, on_build=on_build).start()

    def wait_for(count: int):
        with built:
            assert built.wait_for(lambda: len(builds) >= count, timeout=20), f"no build {count} within 20 s"
        return builds[count - 1]
    preview.wait_for = wait_for
    yield preview
    preview.stop()


def get(preview, path: str, host: str | None = None, method: str = "GET") -> tuple[int, dict, bytes]:
    port = preview.server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request(method, path, headers={"Host": host or f"127.0.0.1:{port}"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_the_map_route_serves_the_built_page_as_build_makes_it(running, story):
    status, headers, page = get(running, "/map")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    data = api.load(project=story)
    from mapgen import renderers
    assert page == renderers.render("page", api.view_of(data), renderers.Context(data.boundaries))
    assert b"EventSource" not in page and b"/events" not in page  # the reload lives in the preview's shell only


def test_the_shell_links_only_its_own_script_and_the_map(running):
    status, headers, shell = get(running, "/")
    assert status == 200
    assert b'src="/preview.js"' in shell and "script-src 'self'" in headers["Content-Security-Policy"]
    assert get(running, "/preview.js")[0] == 200 and get(running, "/preview.css")[0] == 200


@pytest.mark.parametrize("path", ["/facts.csv", "/mapgen.toml", "/../facts.csv", "/%2e%2e/facts.csv",
                                  "/texts/alpha.txt", "/etc/passwd", "//etc/passwd", "/map/../facts.csv"])
def test_no_file_is_served_from_disk(running, path):
    status, _, body = get(running, path)
    assert status == 404 and b"Fixture" not in body


def test_a_request_for_another_host_name_is_refused(running):
    """A page elsewhere whose name is pointed at 127.0.0.1 (DNS rebinding) cannot read the map."""
    status, _, body = get(running, "/map", host="attacker.example:80")
    assert status == 421 and b"<html" not in body
    assert get(running, "/map", host=f"localhost:{running.server.server_address[1]}")[0] == 200


def test_the_preview_only_reads(running):
    assert get(running, "/map", method="POST")[0] == 405


def test_it_listens_on_the_loopback_interface_only(running):
    assert running.server.server_address[0] == "127.0.0.1"
    assert running.address.startswith("http://127.0.0.1:")


def test_a_save_rebuilds_in_memory_and_writes_nothing(running, story):
    before = snapshot(story)
    facts = story / "facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace("Dahua earns money abroad.",
                                                               "Dahua earns money in other lands."), encoding="utf-8")
    build = running.wait_for(2)
    assert build.page is not None and b"Dahua earns money in other lands." in build.page
    assert get(running, "/map")[2] == build.page
    after = snapshot(story)
    assert set(after) == set(before)  # no output folder, no temporary file
    assert {name: data for name, data in after.items() if name != "facts.csv"} == \
        {name: data for name, data in before.items() if name != "facts.csv"}


def test_a_source_text_is_watched_too(running, story):
    """A quote its text no longer holds is a problem check reports: the preview reports it."""
    text = story / "texts" / "beta.txt"
    text.write_text("Nothing about anyone.\n", encoding="utf-8")
    build = running.wait_for(2)
    assert build.page is None and any("beta.txt" in str(problem) for problem in build.problems)
    assert get(running, "/map")[0] == 200  # the last good map stays


def test_a_dataset_added_to_the_project_is_watched_from_then_on(running, story):
    """The watched files come from the loaded project: a dataset (in a folder of its own) and its
    recipe named in mapgen.toml are watched after the save that names them."""
    (story / "tables").mkdir()
    (story / "tables" / "vendors.csv").write_text("Land,Company 1\nBrazil,Hikvision\n", encoding="utf-8")
    recipe = story / "tables" / "vendors.recipe.toml"
    recipe.write_text('title = "Vendor table"\ncountry = "Land"\n[suppliers]\ncolumns = ["Company *"]\n',
                      encoding="utf-8")
    with (story / "mapgen.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[[datasets]]\npath = "tables/vendors.csv"\n')
    assert b"Vendor table" in running.wait_for(2).page
    recipe.write_text(recipe.read_text(encoding="utf-8").replace("Vendor table", "Contracts table"), encoding="utf-8")
    page = running.wait_for(3).page
    assert b"Contracts table" in page and b"Vendor table" not in page


def test_a_translation_table_is_watched(story):
    table = story.parent / "pt.csv"
    table.write_text("key,pt\nlegend_title,Legenda\n", encoding="utf-8")
    builds = []
    preview = api.preview(project=story, port=0, lang="pt", strings=table, on_build=builds.append)
    try:
        assert b"Legenda" in builds[0].page
        table.write_text("key,pt\nlegend_title,Chave do mapa\n", encoding="utf-8")
        deadline = time.monotonic() + 20
        while b"Chave do mapa" not in builds[-1].page and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"Chave do mapa" in builds[-1].page and b"Legenda" not in builds[-1].page
    finally:
        preview.stop()


def test_a_failed_build_reports_file_and_line_and_keeps_the_last_good_map(running, story):
    good = running.wait_for(1).page
    facts = story / "facts.csv"
    original = facts.read_text(encoding="utf-8")
    facts.write_text(original.replace("dahua-brazil,named,", "dahua-brazil,nameless,"), encoding="utf-8")
    broken = running.wait_for(2)
    line = next(n for n, row in enumerate(original.splitlines(), 1) if row.startswith("dahua-brazil,"))
    assert broken.page is None and any(p.file.endswith("facts.csv") and p.line == line for p in broken.problems)
    state = running.previewed.state()
    assert not state["ok"] and state["page"] == 1 and get(running, "/map")[2] == good
    facts.write_text(original, encoding="utf-8")
    fixed = running.wait_for(3)
    assert fixed.page is not None and running.previewed.state()["problems"] == []


def test_a_project_that_does_not_build_at_the_start_is_watched_until_it_does(story):
    facts = story / "facts.csv"
    original = facts.read_text(encoding="utf-8")
    facts.write_text(original.replace("dahua-brazil,named,", "dahua-brazil,nameless,"), encoding="utf-8")
    builds = []
    preview = api.preview(project=story, port=0, on_build=builds.append).start()
    try:
        assert builds[0].page is None and get(preview, "/map")[0] == 404
        assert b"nameless" not in get(preview, "/")[2]  # problems reach the page only as JSON, written as text
        assert preview.previewed.state()["problems"][0]["line"] is not None
        facts.write_text(original, encoding="utf-8")
        deadline = time.monotonic() + 20
        while builds[-1].page is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert builds[-1].page is not None and get(preview, "/map")[0] == 200
    finally:
        preview.stop()


def test_without_file_change_notices_it_looks_for_saves_itself(story, monkeypatch):
    """Where the system gives no more inotify watches, the preview polls (watchfiles' own polling)."""
    import watchfiles

    real_watch = watchfiles.watch

    def no_notices(*paths, force_polling=False, **options):
        if not force_polling:
            raise OSError(28, "OS file watch limit reached")
        return real_watch(*paths, force_polling=True, poll_delay_ms=50, **options)
    monkeypatch.setattr(watchfiles, "watch", no_notices)
    builds = []
    preview = api.preview(project=story, port=0, on_build=builds.append)
    try:
        edit = story / "facts.csv"
        edit.write_text(edit.read_text(encoding="utf-8").replace("Dahua earns money abroad.", "Dahua sells abroad."),
                        encoding="utf-8")
        deadline = time.monotonic() + 20
        while (builds[-1].page is None or b"Dahua sells abroad." not in builds[-1].page) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert b"Dahua sells abroad." in builds[-1].page
    finally:
        preview.stop()


def test_a_project_that_is_not_there_is_one_line(tmp_path):
    with pytest.raises(MapgenError, match="no such file or folder; nothing to preview"):
        api.preview(project=tmp_path / "nowhere", port=0)


def test_the_events_stream_sends_the_state_and_each_build(running, story):
    port = running.server.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        stream = sock.makefile("rb")
        assert b"text/event-stream" in b"".join(iter(stream.readline, b"\r\n"))
        first = json.loads(stream.readline().removeprefix(b"data: "))
        assert first["ok"] and first["version"] == 1
        (story / "mapgen.toml").write_text((story / "mapgen.toml").read_text(encoding="utf-8"), encoding="utf-8")
        stream.readline()
        assert json.loads(stream.readline().removeprefix(b"data: "))["version"] == 2


def test_a_port_in_use_is_one_clear_line(running):
    port = running.server.server_address[1]
    with pytest.raises(MapgenError, match=f"127.0.0.1:{port} is already in use"):
        api.preview(project=FIXTURE, port=port)
    result = subprocess.run([sys.executable, "-m", "mapgen", "preview", str(FIXTURE), "--port", str(port)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines()[-1] == (f"mapgen: error: 127.0.0.1:{port} is already in use, by another "
                                                      "preview or another program (pick another with --port N, or "
                                                      "--port 0 for any free one)")


def test_ctrl_c_stops_it_with_one_line(story):
    process = subprocess.Popen([sys.executable, "-m", "mapgen", "preview", str(story), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = process.stdout.readline()
        assert line.startswith("mapgen: previewing ") and "http://127.0.0.1:" in line and "Ctrl-C" in line
        address = line.split(" at ", 1)[1].split()[0]
        port = int(address.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/map")
        assert connection.getresponse().status == 200
        connection.close()
        time.sleep(0.3)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err, err
    assert err.splitlines()[-1] == "mapgen: interrupted"
    with pytest.raises(OSError):  # the port is free again: nothing left listening
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
