#!/usr/bin/env python3
"""Asserts that UniFFI generates the configured Python module and Kotlin package names.

Runs the workspace's uniffi-bindgen on the built library with the root uniffi.toml,
exactly as the packaging steps do, then checks file names, package declarations,
and that the generated Python module loads the library and answers a call.
Usage: check_bindgen_names.py <path to libexotel_sip_ffi.so>
"""
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
EXPECTED_PY = {"exotel_sip_ffi.py", "exotel_sip_core.py"}
EXPECTED_KT = {
    "com/exotelsip/ffi/exotel_sip_ffi.kt": "package com.exotelsip.ffi",
    "com/exotelsip/ffi/core/exotel_sip_core.kt": "package com.exotelsip.ffi.core",
}


def generate(library: pathlib.Path, language: str, out: pathlib.Path) -> None:
    subprocess.run(
        ["cargo", "run", "-q", "--bin", "uniffi-bindgen", "--", "generate",
         "--library", str(library), "--language", language, "--out-dir", str(out),
         "--config", str(ROOT / "uniffi.toml"), "--no-format"],
        cwd=ROOT, check=True,
    )


def main() -> int:
    library = pathlib.Path(sys.argv[1]).resolve()
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        py, kt = tmp / "py", tmp / "kt"
        generate(library, "python", py)
        generate(library, "kotlin", kt)
        got_py = {p.name for p in py.glob("*.py")}
        if got_py != EXPECTED_PY:
            failures.append(f"python modules: expected {sorted(EXPECTED_PY)}, got {sorted(got_py)}")
        for rel, package in EXPECTED_KT.items():
            path = kt / rel
            if not path.is_file():
                got = sorted(str(p.relative_to(kt)) for p in kt.rglob("*.kt"))
                failures.append(f"kotlin file {rel} missing; generated {got}")
            elif package not in path.read_text():
                failures.append(f"{rel} does not declare `{package}`")
        # The generated module must find the library under its configured name and work.
        pkg = tmp / "exotel_sip"
        pkg.mkdir()
        (pkg / "__init__.py").write_text("")
        for f in py.glob("*.py"):
            shutil.copy(f, pkg / f.name)
        shutil.copy(library, pkg / library.name)
        probe = subprocess.run(
            [sys.executable, "-c",
             "from exotel_sip import exotel_sip_ffi as f; print(f.sdk_version())"],
            cwd=tmp, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(tmp)},
        )
        if probe.returncode != 0:
            failures.append(f"generated module did not load: {probe.stderr.strip()[-500:]}")
        else:
            print(f"generated module loads, sdk_version() = {probe.stdout.strip()}")
    for failure in failures:
        print(f"FAIL: {failure}")
    print(f"bindgen: {2 + len(EXPECTED_KT) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
