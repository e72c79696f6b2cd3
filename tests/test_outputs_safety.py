"""A build touches only the outputs it was asked for, as whole sets: not through links, not onto
special files or inputs, not outside the project for a project's own paths, never mixed with
another build's files, whatever a planted journal says and however a build ends."""
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys

import pytest

from mapgen import files
from mapgen.api import embed
from mapgen.errors import MapgenError

from conftest import run_cli, story_copy, with_story

SET = ("map.csv", "map.html", "map.png")


def listing(folder) -> list[str]:
    return sorted(os.listdir(folder))


def contents(folder, names=None) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in (names or listing(folder))}


def one_line_error(result, *words: str) -> None:
    assert result.returncode == 2, result.stdout
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("mapgen: error: "), result.stderr
    assert "Traceback" not in result.stderr and files.TEMPORARY_SUFFIX not in result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def project(tmp_path):
    """A copy of the test story as a project of its own, with a source text."""
    return story_copy(tmp_path / "project")


# --- journals: recovery moves only mapgen's own files in its own folder -------------------------

def test_a_planted_journal_cannot_move_a_file_from_elsewhere(tmp_path):
    out, victim = tmp_path / "out", tmp_path / "private" / "secret.txt"
    victim.parent.mkdir()
    victim.write_text("private")
    out.mkdir()
    for name in (".mapgen-commit-x.json", ".mapgen-commit-0123abcd.json"):
        (out / name).write_text(json.dumps([[str(victim), str(out / "published.txt")]]))
    result = run_cli("build", "--out", out / "map.html")
    assert result.returncode == 0, result.stderr
    assert victim.read_text() == "private"
    assert listing(out) == [".mapgen-commit-0123abcd.json", ".mapgen-commit-x.json", "map.csv", "map.html"]
    assert result.stderr.count("not a journal of a mapgen build in this folder; left alone") == 2


@pytest.mark.parametrize("renames", [
    [["../private/secret.txt", "stolen.txt"]],                          # out of its folder
    [[".secret.txt.0123abcd.mapgen-tmp", "../private/secret.txt"]],       # onto another folder
    [["notes.txt", "map.html"]],                                          # not a temporary name
    [[".notes.txt.0123abcd.mapgen-tmp", "map.html"]],                     # another target's temporary
])
def test_a_journal_naming_anything_but_its_own_temporaries_is_left_alone(tmp_path, renames):
    out, private = tmp_path / "out", tmp_path / "private"
    out.mkdir()
    private.mkdir()
    (private / "secret.txt").write_text("private")
    (out / "notes.txt").write_text("mine")
    (out / ".notes.txt.0123abcd.mapgen-tmp").symlink_to(private / "secret.txt")
    (out / ".mapgen-commit-0123abcd.json").write_text(json.dumps({"folders": [], "renames": renames}))
    files.recover(out)
    assert (private / "secret.txt").read_text() == "private" and (out / "notes.txt").read_text() == "mine"
    assert listing(out) == [".mapgen-commit-0123abcd.json", ".notes.txt.0123abcd.mapgen-tmp", "notes.txt"]


# --- where outputs go ----------------------------------------------------------------------------

@pytest.mark.parametrize("link", ["map.html", "map.csv"])
def test_an_output_that_is_a_symbolic_link_is_refused(tmp_path, link):
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("kept")
    (out / link).symlink_to(elsewhere)
    one_line_error(run_cli("build", "--out", out / "map.html"), f"{link}: is a symbolic link")
    assert elsewhere.read_text() == "kept" and listing(out) == [link] and (out / link).is_symlink()


def test_a_pipe_at_the_output_path_is_refused(tmp_path):
    os.mkfifo(tmp_path / "map.html")
    one_line_error(run_cli("build", "--out", tmp_path / "map.html"), "map.html: is not a regular file")
    assert listing(tmp_path) == ["map.html"] and not (tmp_path / "map.html").is_file()


@pytest.mark.parametrize("args, replaced", [
    (["--out", "{p}/mapgen.toml"], "mapgen.toml"),
    (["--out", "{p}/memberships.html"], "memberships.csv"),  # the map's CSV
    (["--out", "{p}/suppliers.html"], "suppliers.csv"),
    (["--out", "{p}/sources.html"], "sources.csv"),
    (["--out", "{p}/facts.html"], "facts.csv"),
    (["--out", "{p}/words.html", "--strings", "{p}/words.csv"], "words.csv"),  # a translation table
])
def test_no_output_replaces_an_input(project, args, replaced):
    (project / "words.csv").write_text("key,en\nactor,firm\n")
    before = contents(project, [replaced])
    result = run_cli("build", project, *[arg.format(p=project) for arg in args])
    one_line_error(result, f"would overwrite the input {project / replaced}")
    assert contents(project, [replaced]) == before


@pytest.mark.parametrize("name", ["texts/alpha.txt", "table.recipe.toml", "table.csv"])
def test_export_replaces_no_source_text_dataset_or_recipe(project, name):
    (project / "table.csv").write_text("country,suppliers\nKenya,Dahua\n")
    (project / "table.recipe.toml").write_text('[suppliers]\ncolumn = "suppliers"\n')
    with (project / "mapgen.toml").open("a") as toml:
        toml.write('\n[[datasets]]\npath = "table.csv"\n')
    texts = sorted((project / "texts").iterdir())
    target = texts[0] if name.startswith("texts/") else project / name
    before = target.read_bytes()
    one_line_error(run_cli("export", project, "--out", target), "would overwrite the input")
    assert target.read_bytes() == before


@pytest.mark.parametrize("where", ["../outside.html", "{tmp}/outside.html", "linked/outside.html"])
def test_a_projects_output_paths_stay_inside_it(project, tmp_path, where):
    (project / "linked").symlink_to(tmp_path)  # a folder in the project that leads out of it
    with (project / "mapgen.toml").open("a") as toml:
        toml.write(f'\n[output]\nmap = "{where.format(tmp=tmp_path)}"\n')
    one_line_error(run_cli("build", project), "is outside the project folder")
    assert not (tmp_path / "outside.html").exists()


def test_the_command_line_may_write_anywhere_the_user_asks(project, tmp_path):
    result = run_cli("build", project, "--out", tmp_path / "elsewhere" / "map.html")
    assert result.returncode == 0 and listing(tmp_path / "elsewhere") == ["map.csv", "map.html"]


@pytest.mark.parametrize("src", ["javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:x", "file:///etc/hosts",
                                 "map\n.html", ""])
def test_embed_refuses_addresses_that_are_not_relative_or_http(src):
    with pytest.raises(MapgenError, match="a relative address"):
        embed(src, title="A map")
    one_line_error(run_cli("embed", src, "--title", "A map"), "a relative address")


@pytest.mark.parametrize("src", ["map.html", "maps/a b.html", "../map.html", "//example.org/map.html",
                                 "https://example.org/map.html", "HTTP://example.org/map.html"])
def test_embed_takes_relative_and_http_addresses(src):
    assert 'src="' in embed(src, title="A map")


@pytest.mark.parametrize("target", ["out/map.html", "{p}/facts.csv", "{p}/mapgen.toml", "words.csv"])
def test_the_embed_snippet_replaces_neither_its_page_nor_an_input(project, tmp_path, monkeypatch, target):
    """--out is checked against the page the snippet embeds, the --project's files and --strings."""
    monkeypatch.chdir(tmp_path)
    assert run_cli("build", project, "--out", "out/map.html").returncode == 0
    (tmp_path / "words.csv").write_text("key,en\nactor,firm\n")
    target = tmp_path / target.format(p=project)
    before = target.read_bytes()
    result = run_cli("embed", "out/map.html", "--project", project, "--strings", "words.csv", "--out", target)
    one_line_error(result, "the snippet would overwrite the input")
    assert target.read_bytes() == before
    assert run_cli("embed", "out/map.html", "--project", project, "--out", "out/embed.html").returncode == 0
    assert 'src="out/map.html"' in (tmp_path / "out" / "embed.html").read_text()


# --- a build that fails changes nothing ----------------------------------------------------------

def test_a_build_failing_on_its_last_rename_changes_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out" / "map.html"
    args = ("build", "--out", out, "--png", out.with_suffix(".png"))
    assert run_cli(*args, "--supplier", "dahua").returncode == 0
    before = contents(out.parent)
    real_replace = os.replace

    def page_cannot_be_renamed(source, target):
        if str(source).endswith(files.TEMPORARY_SUFFIX) and os.path.basename(target) == "map.html":
            raise OSError(5, "Input/output error", str(source), None, str(target))
        return real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", page_cannot_be_renamed)
    for _ in range(2):  # and again: nothing piles up
        one_line_error(run_cli(*args), f"{out}: cannot write it (Input/output error); nothing was changed")
        assert contents(out.parent) == before
    monkeypatch.undo()
    assert run_cli(*args).returncode == 0 and listing(out.parent) == list(SET)


def test_ctrl_c_during_the_renames_leaves_the_old_set(tmp_path, monkeypatch):
    old = {tmp_path / "map.html": b"old page", tmp_path / "map.csv": b"old data", tmp_path / "map.png": b"old image"}
    files.write_set(old)
    real_replace = os.replace

    def interrupted_at_the_page(source, target):
        if str(source).endswith(files.TEMPORARY_SUFFIX) and os.path.basename(target) == "map.html":
            raise KeyboardInterrupt
        return real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", interrupted_at_the_page)
    with pytest.raises(KeyboardInterrupt):
        files.write_set({path: b"new " + path.suffix.encode() for path in old})
    assert contents(tmp_path) == {path.name: data for path, data in old.items()}


# --- one build per folder, whole sets across processes --------------------------------------------

def start(*args, pause: str | None = None, resume=None) -> subprocess.Popen:
    """``python -m mapgen ...`` started, optionally held at a point of its write (mapgen.files)."""
    env = dict(os.environ)
    if pause:
        env[files.PAUSE_VARIABLE] = pause
        env[files.RESUME_VARIABLE] = str(resume or "")
    return subprocess.Popen([sys.executable, "-m", "mapgen", *with_story(args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def wait_for_line(process: subprocess.Popen, words: str) -> list[str]:
    """Read the process's stderr up to the line holding ``words``; the lines read."""
    lines = []
    while True:
        line = process.stderr.readline()
        assert line, f"the process ended without saying {words!r}: {lines}"
        lines.append(line)
        if words in line:
            return lines


def built(folder, *args) -> dict[str, bytes]:
    """The files a build writes on its own (builds are byte-identical)."""
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    return contents(folder)


@pytest.fixture(scope="module")
def sets(tmp_path_factory):
    """Two sets of a map, its CSV and PNG (all three differ), as builds write them into a folder."""
    folders = {name: tmp_path_factory.mktemp(name) for name in ("old", "new")}
    return {name: (folder, built(folder, "build", "--supplier", supplier, "--out", folder / "map.html",
                                 "--png", folder / "map.png"))
            for (name, folder), supplier in zip(folders.items(), ("dahua", "huawei"))}


@pytest.fixture(scope="module")
def galleries(tmp_path_factory):
    """Two --per-supplier galleries of the same maps under different titles."""
    folders = {name: tmp_path_factory.mktemp(name) for name in ("old", "new")}
    return {name: (folder, built(folder, "build", "--per-supplier", "--supplier", "dahua", "--title", title,
                                 "--out-dir", folder))
            for (name, folder), title in zip(folders.items(), ("Old maps", "New maps"))}


def test_two_builds_into_one_folder_leave_one_whole_set(tmp_path, sets):
    out, go = tmp_path / "out", tmp_path / "go"
    first = start("build", "--supplier", "dahua", "--out", out / "map.html", "--png", out / "map.png",
                  pause="staged:120", resume=go)
    wait_for_line(first, "test pause at staged")  # its temporary files are written, its lock held
    second = start("build", "--supplier", "huawei", "--out", out / "map.html", "--png", out / "map.png")
    told = wait_for_line(second, "waiting for another build")
    assert told[-1].strip() == f"mapgen: waiting for another build writing to {out.resolve()} (at most 120 s)"
    go.touch()
    assert first.wait(60) == 0 and second.wait(60) == 0
    assert contents(out) == sets["new"][1]  # the second build's set, whole; nothing of the first's left


def test_a_build_gives_up_waiting_with_one_line(tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(files, "LOCK_WAIT_SECONDS", 0.3)
    handle = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)  # as another build holds it
        result = run_cli("build", "--out", out / "map.html")
    finally:
        os.close(handle)
    assert result.returncode == 2 and listing(out) == []
    assert result.stderr.splitlines()[-1] == (f"mapgen: error: {out.resolve()}: another mapgen build is still "
                                              "writing here after 0 s; try again when it has finished")


@pytest.mark.parametrize("point, survivor", [("renaming", "new"), ("staged", "old")])
def test_a_killed_build_is_completed_or_rolled_back_as_a_whole(tmp_path, sets, point, survivor):
    out = tmp_path / "out"
    shutil.copytree(sets["old"][0], out)
    killed = start("build", "--supplier", "huawei", "--out", out / "map.html", "--png", out / "map.png",
                   pause=f"{point}:120")
    wait_for_line(killed, f"test pause at {point}")
    killed.send_signal(signal.SIGKILL)
    killed.wait(30)
    if point == "renaming":  # the window: the CSV is new, the page still old
        assert (out / "map.csv").read_bytes() == sets["new"][1]["map.csv"]
        assert (out / "map.html").read_bytes() == sets["old"][1]["map.html"]
    # The next build writing into the folder (another map here) settles the killed one first.
    assert run_cli("build", "--out", out / "other.html", "--no-data").returncode == 0
    assert contents(out, list(SET)) == sets[survivor][1]
    assert listing(out) == [*SET, "other.html"]


@pytest.mark.parametrize("point, survivor", [("renaming", "new"), ("staged", "old")])
def test_a_killed_gallery_is_one_set(tmp_path, galleries, point, survivor):
    out = tmp_path / "gallery"
    old, new = galleries["old"][1], galleries["new"][1]
    assert sorted(old) == sorted(new) and len(old) == 9
    assert all(old[name] != new[name] for name in old if not name.endswith(".csv"))  # the CSVs have no title
    shutil.copytree(galleries["old"][0], out)
    killed = start("build", "--per-supplier", "--supplier", "dahua", "--title", "New maps", "--out-dir", out,
                   pause=f"{point}:120")
    wait_for_line(killed, f"test pause at {point}")
    killed.send_signal(signal.SIGKILL)
    killed.wait(30)
    if point == "renaming":
        assert contents(out) not in (old, new)  # the window: some files new, others old
    files.recover(out)  # what the next build into the folder does first
    assert contents(out) == galleries[survivor][1]


def test_a_set_spanning_folders_is_settled_in_each(tmp_path):
    page, image = tmp_path / "site" / "map.html", tmp_path / "images" / "map.png"
    old = {page: b"old page", image: b"old image"}
    files.write_set(old)
    journal = ".mapgen-commit-0123abcd.json"
    # As a build killed after committing leaves them: temporaries and journals in both folders.
    for target in old:
        (target.parent / f".{target.name}.89abcdef{files.TEMPORARY_SUFFIX}").write_bytes(b"new")
    (image.parent / journal).write_text(json.dumps({"main": str(page.parent.resolve()), "renames": [
        [f".map.png.89abcdef{files.TEMPORARY_SUFFIX}", "map.png"]]}))
    (page.parent / journal).write_text(json.dumps({"folders": [str(image.parent.resolve())], "renames": [
        [f".map.html.89abcdef{files.TEMPORARY_SUFFIX}", "map.html"]]}))
    files.recover(image.parent)  # the image's folder alone: its main journal is there, so complete it
    assert image.read_bytes() == b"new" and page.read_bytes() == b"old page"
    files.recover(page.parent)
    assert page.read_bytes() == b"new"
    assert listing(page.parent) == ["map.html"] and listing(image.parent) == ["map.png"]


def test_a_set_spanning_folders_killed_before_its_commit_stays_old(tmp_path):
    page, image = tmp_path / "site" / "map.html", tmp_path / "images" / "map.png"
    files.write_set({page: b"old page", image: b"old image"})
    temporary = f".map.png.89abcdef{files.TEMPORARY_SUFFIX}"
    (image.parent / temporary).write_bytes(b"new")
    (image.parent / ".mapgen-commit-0123abcd.json").write_text(json.dumps({
        "main": str(page.parent.resolve()), "renames": [[temporary, "map.png"]]}))
    files.recover(image.parent)  # no main journal beside the page: never committed
    assert image.read_bytes() == b"old image" and listing(image.parent) == ["map.png"]
