"""The command line as a user meets it."""
from conftest import ROOT, run_module


def test_python_dash_m_and_help():
    result = run_module("--help")
    assert result.returncode == 0
    for command in ("build", "suppliers", "check", "report", "embed", "boundaries"):
        assert command in result.stdout


def test_default_build_writes_output_map_html_relative_to_where_it_runs(tmp_path):
    result = run_module("build", cwd=tmp_path, story=False)
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["output/map.html", "output/map.csv"]
    assert (tmp_path / "output" / "map.html").stat().st_size > 10_000


def test_bad_option_value_exits_2_without_traceback():
    result = run_module("report", "--format", "xml")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_missing_facts_file_is_one_line():
    result = run_module("report", "--facts", ROOT / "nope.csv")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "facts file not found" in result.stderr


def test_readme_documents_the_commands_it_promises():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for text in ("mapgen build", "mapgen suppliers", "mapgen check", "mapgen report", "mapgen embed",
                 "mapgen boundaries", "--self-contained", "--supplier"):
        assert text in readme
