"""mapgen publish and mapgen verify: numbered releases, latest, manifests, byte-identical rebuilds."""
import json
import os

import pytest

from mapgen import api
from mapgen.releases import MANIFEST, OUTPUTS, sha256

from conftest import run_cli, story_copy

CORRECTION = '\n[[corrections]]\ndate = 2026-12-01\nwhat = "Italy was removed."\nwhy = "The source does not name it."\n'


@pytest.fixture
def project(tmp_path):
    return story_copy(tmp_path / "story")


def files_of(folder):
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def publish(project, releases, *args):
    result = run_cli("publish", project, "--to", releases, "--image-width", "800", "--dpi", "100", *args)
    assert result.returncode == 0, result.stderr
    return result


def test_two_releases_keep_the_first_and_latest_is_the_second(project, tmp_path):
    releases = tmp_path / "releases"
    assert publish(project, releases).stdout.strip() == str(releases / "1")
    first = files_of(releases / "1")
    assert sorted(first) == sorted([*OUTPUTS, MANIFEST])
    assert files_of(releases / "latest") == first
    with (project / "mapgen.toml").open("a", encoding="utf-8") as handle:  # correct, and republish
        handle.write(CORRECTION)
    assert publish(project, releases).stdout.strip() == str(releases / "2")
    assert files_of(releases / "1") == first
    second = files_of(releases / "2")
    assert files_of(releases / "latest") == second
    assert not (releases / "latest").is_symlink()
    assert b"Correction, December 1, 2026: Italy was removed." in second["map.html"]
    assert b"Italy was removed." not in first["map.html"]
    assert sorted(os.listdir(releases)) == ["1", "2", "latest"]  # nothing temporary left


def test_the_manifest_records_every_input_and_output_with_its_sha256(project, tmp_path):
    releases = tmp_path / "releases"
    publish(project, releases, "--lang", "pt", "--title", "Um título")
    manifest = json.loads((releases / "1" / MANIFEST).read_bytes())
    assert manifest["release"] == 1 and manifest["mapgen"] == api._version()
    assert manifest["project"] == "../../story"  # from the release's folder
    assert manifest["options"] == {"lang": "pt", "title": "Um título", "subtitle": None, "self_contained": True,
                                   "image_width": 800, "dpi": 100}
    outputs = {entry["file"]: entry["sha256"] for entry in manifest["outputs"]}
    assert outputs == {name: sha256((releases / "1" / name).read_bytes()) for name in OUTPUTS}
    inputs = {entry["path"]: entry["sha256"] for entry in manifest["inputs"]}
    for name in ("mapgen.toml", "facts.csv", "sources.csv", "suppliers.csv", "texts/alpha.txt"):
        assert inputs[name] == sha256((project / name).read_bytes())
    assert "mapgen:boundaries/ne_admin0.topojson" in inputs  # mapgen's own data, wherever installed
    assert str(tmp_path) not in (releases / "1" / MANIFEST).read_text(encoding="utf-8")
    assert b'src="map.html"' in (releases / "1" / "embed.html").read_bytes()


def test_publish_says_what_a_build_would_warn_about(project, tmp_path):
    toml = project / "mapgen.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('texts = "texts"\n', ""), encoding="utf-8")
    result = publish(project, tmp_path / "releases")
    assert result.stdout.strip() == str(tmp_path / "releases" / "1")
    warnings = [line for line in result.stderr.splitlines() if line.startswith("mapgen: warning: ")]
    assert any("not checked against their source texts" in line for line in warnings)
    card = next(line for line in warnings if line.startswith("mapgen: warning: card.png: the social card"))
    assert card.endswith('([output] url = "https://..." in mapgen.toml)')  # publish takes no --url


def test_verify_says_identical_for_an_untouched_release(project, tmp_path):
    publish(project, tmp_path / "releases")
    for release in ("1", "latest"):
        result = run_cli("verify", tmp_path / "releases" / release)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines() == [f"identical: {name}" for name in OUTPUTS]


def test_a_project_moved_with_its_releases_still_verifies(project, tmp_path):
    publish(project, project / "releases")
    moved = tmp_path / "elsewhere" / "story"
    moved.parent.mkdir()
    project.rename(moved)
    result = run_cli("verify", moved / "releases" / "1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == [f"identical: {name}" for name in OUTPUTS]


def test_verify_reports_a_tampered_output(project, tmp_path):
    publish(project, tmp_path / "releases")
    page = tmp_path / "releases" / "1" / "map.csv"
    page.write_bytes(page.read_bytes().replace(b"Brazil", b"Brasil"))
    result = run_cli("verify", tmp_path / "releases" / "1")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[1].startswith("differs: map.csv") and lines.count("identical: map.html") == 1
    assert sum(line.startswith("identical: ") for line in lines) == len(OUTPUTS) - 1


def test_verify_reports_a_changed_input(project, tmp_path):
    publish(project, tmp_path / "releases")
    facts = project / "facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace("Dahua has projects in Brazil.",
                                                               "Dahua has many projects in Brazil."), encoding="utf-8")
    result = run_cli("verify", tmp_path / "releases" / "1")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("input changed: facts.csv (recorded sha256 ")
    assert "differs: map.html" in result.stdout and "identical: embed.html" in result.stdout


def test_verify_of_a_folder_without_a_manifest_is_an_error(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    (tmp_path / "y" / MANIFEST).write_text('{"release": "1"}')
    for folder, message in (("x", "no manifest.json here"), ("y", "not a mapgen release manifest")):
        result = run_cli("verify", tmp_path / folder)
        assert result.returncode == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_a_failed_publish_leaves_no_part_of_the_release(project, tmp_path):
    releases = tmp_path / "releases"
    publish(project, releases)
    before = {name: files_of(releases / name) for name in ("1", "latest")}
    (releases / "latest" / "map.png").unlink()
    (releases / "latest" / "map.png").mkdir()  # a folder where the copy must go: the set cannot be written
    result = run_cli("publish", project, "--to", releases, "--image-width", "800", "--dpi", "100")
    assert result.returncode == 2 and "not a regular file" in result.stderr
    assert sorted(os.listdir(releases)) == ["1", "latest"]
    assert files_of(releases / "1") == before["1"]
    assert {k: v for k, v in files_of(releases / "latest").items() if k != "map.png"} == \
        {k: v for k, v in before["latest"].items() if k != "map.png"}


def test_publish_refuses_a_latest_that_is_a_link(project, tmp_path):
    releases = tmp_path / "releases"
    releases.mkdir()
    (tmp_path / "elsewhere").mkdir()
    (releases / "latest").symlink_to(tmp_path / "elsewhere")
    result = run_cli("publish", project, "--to", releases)
    assert result.returncode == 2 and "symbolic link" in result.stderr
    assert not os.listdir(tmp_path / "elsewhere") and sorted(os.listdir(releases)) == ["latest"]


def test_verify_names_a_missing_input_when_the_project_no_longer_builds(project, tmp_path):
    publish(project, tmp_path / "releases")
    (project / "facts.csv").unlink()
    result = run_cli("verify", tmp_path / "releases" / "1")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "cannot rebuild" in result.stderr and "input missing: facts.csv" in result.stderr


def test_verify_never_reads_a_pipe_a_manifest_names(project, tmp_path):
    publish(project, tmp_path / "releases")
    manifest_path = tmp_path / "releases" / "1" / MANIFEST
    manifest = json.loads(manifest_path.read_bytes())
    os.mkfifo(tmp_path / "pipe")
    manifest["inputs"].append({"path": str(tmp_path / "pipe"), "sha256": "0" * 64})
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    result = run_cli("verify", tmp_path / "releases" / "1")
    assert result.returncode == 1
    assert f"input missing: {tmp_path / 'pipe'} (no regular file there)" in result.stdout
