"""The benchmark's gallery rows: `mapgen build --per-supplier` with worker processes against one.

Two cases: a project of the benchmark's own with many companies (written here, at run time), and,
when the shared datasets folder is beside the repository, the default story with the 2019 AI
surveillance index loaded (a map per company the index names).
"""
from __future__ import annotations

import csv
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path

COMPANIES = 48
COUNTRIES = ("Brazil", "Italy", "Kenya", "Ecuador", "Germany", "France", "Spain", "Portugal", "Mexico", "Chile",
             "Peru", "Argentina", "Nigeria", "Egypt", "Morocco", "Turkey", "Pakistan", "India", "Indonesia",
             "Malaysia", "Thailand", "Vietnam", "Philippines", "Australia", "Canada", "Poland", "Serbia", "Hungary",
             "Uganda", "Zambia", "Ethiopia", "Ghana", "Senegal", "Bolivia", "Colombia", "Venezuela", "Iran",
             "Uzbekistan", "Kazakhstan", "Mongolia", "Sri Lanka", "Bangladesh")


def gallery_project(folder: Path, companies: int = COMPANIES) -> Path:
    """A project naming ``companies`` companies, each in three to six countries (made-up facts)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mapgen.toml").write_text('facts = "facts.csv"\ntitle = "Made-up suppliers, for the benchmark"\n',
                                        encoding="utf-8")
    write(folder / "sources.csv", ["id", "file", "headline", "publisher", "date", "url", "note", "summary"],
          [["bench", "not stated", "Made-up report", "Benchmark", "not stated", "", "", ""]])
    write(folder / "suppliers.csv", ["id", "name", "aliases", "home_country"],
          [[f"co{n:02d}", f"Company {n:02d}", "", "China"] for n in range(1, companies + 1)])
    facts = []
    for n in range(1, companies + 1):
        for k in range(3 + n % 4):
            country = COUNTRIES[(n * 7 + k * 5) % len(COUNTRIES)]
            facts.append([f"co{n:02d}-{k}", "named", country, f"Company {n:02d}", "deployment", "", "", "",
                          f"Company {n:02d} has a project in {country}.", "bench", "", "", "", ""])
    write(folder / "facts.csv", ["id", "kind", "country", "supplier", "role", "value", "denominator", "unit", "claim",
                                 "source", "date", "scope", "qualifier", "evidence"], facts)
    return folder


def write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def paired_galleries(python: str, args: list[str], folder: Path, jobs: int, rounds: int) -> dict:
    """Serial and parallel galleries in turn, ``rounds`` times each: wall seconds, and whether
    both wrote the same bytes."""
    serial, parallel, same = [], [], True
    for round_ in range(rounds):
        written = {}
        for name, count in (("serial", 1), ("parallel", jobs)):
            out = folder / f"{name}-{round_}"
            started = time.perf_counter()
            subprocess.run([python, "-m", "mapgen", "build", *args, "--per-supplier", "--out-dir", str(out),
                            "--jobs", str(count)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            (serial if count == 1 else parallel).append(time.perf_counter() - started)
            written[name] = {path.name: path.read_bytes() for path in out.iterdir()}
            shutil.rmtree(out)
        same = same and written["serial"] == written["parallel"]
        maps = sum(name.endswith(".thumb.png") for name in written["serial"])
    return {"serial": serial, "parallel": parallel, "same": same, "maps": maps, "jobs": jobs,
            "ratio": statistics.median(p / s for p, s in zip(parallel, serial))}


def gallery_cases(python: str, folder: Path, root: Path, rounds: int = 3) -> dict[str, dict]:
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    cases = {"fixture": paired_galleries(python, [str(gallery_project(folder / "project"))], folder, jobs, rounds)}
    index = root.parent / "shared" / "datasets" / "aigs-2019-index.csv"
    if index.is_file():
        recipe = root / "data" / "recipes" / "aigs-2019-index.recipe.toml"
        cases["index-2019"] = paired_galleries(python, ["--dataset", str(index), "--recipe", str(recipe)], folder,
                                               jobs, 1)
    return cases


def gallery_rows(row, cases: dict[str, dict]) -> None:
    labels = {"fixture": f"--per-supplier, {COMPANIES} made-up companies",
              "index-2019": "--per-supplier, default story + 2019 index"}
    for name, case in cases.items():
        label = f"{labels[name]} ({case['maps']} maps): --jobs {case['jobs']} / --jobs 1"
        times = (f"{statistics.median(case['parallel']):.1f} s / {statistics.median(case['serial']):.1f} s, "
                 f"{len(case['serial'])} paired round(s), same bytes: {'yes' if case['same'] else 'NO'}")
        row(label, f"{case['ratio']:.2f}x", times, "<= 0.6x, same bytes",
            case["ratio"] <= 0.6 and case["same"])
