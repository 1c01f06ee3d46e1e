"""Shared fixtures: the site is built once per test session, and tests read the built HTML."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plainmed.content.catalog import load_catalog
from plainmed.plan.pages import plan_site

ROOT = Path(__file__).resolve().parents[1]
FIXED_TODAY = "2026-12-01"  # a fixed clock so review-date checks do not depend on the day tests run


def run_build(project: Path, site_dir: Path, *extra: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` the way scripts/build does (never with -v: it skips anchor checks)."""
    # PLAINMED_NO_CACHE: every test build makes its handouts afresh; the cache has its own test.
    full_env = {
        **os.environ,
        "PLAINMED_TODAY": FIXED_TODAY,
        "NO_MKDOCS_2_WARNING": "1",
        "PLAINMED_NO_CACHE": "1",
        **(env or {}),
    }
    # The `mkdocs` command itself, as scripts/build runs it: under `python -m mkdocs` MkDocs logs library warnings
    # to a logger nobody hears, so a test could not see them.
    return subprocess.run(
        [
            str(Path(sys.executable).parent / "mkdocs"),
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=project,
    )


def run_plainmed(project: Path, *args: str, today: str = FIXED_TODAY) -> subprocess.CompletedProcess:
    """Run the `plainmed` command as an editor would, inside a project folder."""
    env = {**os.environ, "PLAINMED_TODAY": today}
    command = [str(Path(sys.executable).parent / "plainmed"), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=project, timeout=60)


def copy_project(dest: Path) -> Path:
    """A throwaway copy of the project's inputs, for tests that break content on purpose."""
    for name in ("mkdocs.yml", "docs", "templates", "content"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> subprocess.CompletedProcess:
    site = tmp_path_factory.mktemp("built") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr}"
    result.site = site
    return result


@pytest.fixture(scope="session")
def site(build) -> Path:
    return build.site


@pytest.fixture(scope="session")
def site_plan():
    return plan_site(load_catalog(ROOT / "content", ROOT))


# Browser fixtures (one server, one Chromium per session) live beside the browser helpers.
from browser_support import browser, desktop, mobile, served  # noqa: E402, F401
