"""The command line as a user meets it."""
import ast

from mapgen.cli import main

from conftest import ROOT, run_cli, run_module


def test_python_dash_m_runs_the_cli_and_lists_every_command():
    result = run_module("--help")
    assert result.returncode == 0
    for command in main.commands:
        assert command in result.stdout


def test_default_build_writes_output_map_html_relative_to_where_it_runs(tmp_path):
    result = run_module("build", cwd=tmp_path, story=False)
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["output/map.html", "output/map.csv"]
    assert (tmp_path / "output" / "map.html").stat().st_size > 10_000


def test_bad_option_value_exits_2_without_traceback():
    result = run_module("report", "--format", "xml")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "'xml' is not one of" in result.stderr


def test_missing_facts_file_is_one_line():
    result = run_cli("report", "--facts", ROOT / "nope.csv")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "facts file not found" in result.stderr


def test_readme_documents_every_command_and_the_options_it_promises():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in main.commands:
        assert f"mapgen {command}" in readme
    for text in ("--cdn", "--supplier", "--texts", "--dataset"):
        assert text in readme


def test_the_cli_goes_through_the_api_only():
    tree = ast.parse((ROOT / "mapgen" / "cli.py").read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    imported |= {f"mapgen.{alias.name}" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                 and node.module == "mapgen" for alias in node.names}
    assert {name for name in imported if name.startswith("mapgen")} == {"mapgen", "mapgen.api", "mapgen.errors"}


def test_flag_hints_are_the_clis_own_words(tmp_path):
    table = tmp_path / "t.csv"
    table.write_text("country,suppliers\nAtlantis,Dahua\n", encoding="utf-8")
    result = run_cli("report", "--dataset", table, "--suppliers-column", "suppliers")
    assert result.returncode == 2
    assert "(or pass --skip-unresolved to skip such rows)" in result.stderr and "skip_unresolved=True" not in result.stderr
