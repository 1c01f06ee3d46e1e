"""The pull-request pipeline files stay in step with the project: commands exist, pins match, owners' paths exist."""

from __future__ import annotations

import os
import re

import pytest
from ruamel.yaml import YAML

from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def load(path):
    return YAML(typ="safe").load(path.read_text())


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_commands_exist(path):
    commands = [step["run"] for step in steps(load(path)) if "run" in step]
    assert commands, f"{path.name} runs nothing"
    for command in commands:
        script = ROOT / command.split()[0]
        assert script.is_file() and os.access(script, os.X_OK), f"{path.name}: {command!r} is not a project script"


def test_pull_requests_run_the_tests_and_upload_the_site():
    workflow = load(ROOT / ".github" / "workflows" / "pull-request.yml")
    assert "pull_request" in workflow["on"]
    runs = [s.get("run") for s in steps(workflow)]
    assert "scripts/test" in runs and any(r and r.startswith("scripts/build") for r in runs)
    upload = next(s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert "site/" in upload["with"]["path"].split()


def test_main_deploys_to_pages_only_after_the_tests():
    workflow = load(ROOT / ".github" / "workflows" / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    build = [s.get("run") or s.get("uses") for s in workflow["jobs"]["build"]["steps"]]
    assert build.index("scripts/test") < build.index("scripts/build --publish")
    assert any(u.startswith("actions/upload-pages-artifact@") for u in build)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")


def test_pre_commit_ruff_is_the_locked_ruff():
    config = load(ROOT / ".pre-commit-config.yaml")
    locked = re.search(r"^ruff==(\S+)$", (ROOT / "requirements.lock").read_text(), re.M).group(1)
    ruff = next(r for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert ruff["rev"] == f"v{locked}"
    check = next(h for r in config["repos"] if r["repo"] == "local" for h in r["hooks"])
    assert check["entry"] == "scripts/check" and os.access(ROOT / check["entry"], os.X_OK)


def test_codeowners_guard_the_placement_policy_and_the_test_floor():
    owned = {}
    for line in (ROOT / ".github" / "CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            path, *owners = line.split()
            owned[path] = owners
    assert set(owned) == {"/src/plainmed/content/placement.py", "/tests/plan/test_warning_contract.py"}
    for path, owners in owned.items():
        assert (ROOT / path.lstrip("/")).is_file(), f"CODEOWNERS names a missing file: {path}"
        assert owners == ["@plainmed/clinical-reviewers"]


@pytest.mark.parametrize("name", ["deploy.yml", "pull-request.yml"])
def test_ci_builds_reuse_the_handout_cache_the_plugin_writes(name):
    """The workflows restore the folder mkdocs.yml names as the plugin's cache_dir, before the site is built."""
    cache_dir = next(p["plainmed"]["cache_dir"] for p in load(ROOT / "mkdocs.yml")["plugins"] if isinstance(p, dict))
    steps_ = list(steps(load(ROOT / ".github" / "workflows" / name)))
    restore = next(i for i, s in enumerate(steps_) if s.get("uses", "").startswith("actions/cache@"))
    assert steps_[restore]["with"]["path"] == cache_dir
    assert restore < next(i for i, s in enumerate(steps_) if (s.get("run") or "").startswith("scripts/build"))
