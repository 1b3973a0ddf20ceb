"""The GitHub workflows, PR template and CODEOWNERS: valid, safe, and what `init` writes.

The workflow files are validated offline against GitHub's workflow schema as vendored by
check-jsonschema (`vendor.github-workflows`), by the real check-jsonschema command.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gitprogram import GitProgram, session_text
from helpers import REPO_ROOT, VENV_BIN, run_main
from mentorlog.scaffold import GITHUB_FILES, VERBATIM_FILES, init_program, template
from mentorlog.yamlload import load_bytes

pytestmark = pytest.mark.usefixtures("isolated_git")  # pinned, isolated git
WORKFLOWS = {"pr": "github-pr.yml", "main": "github-main.yml", "landed": "github-landed.yml"}
WORKFLOW_FILES = sorted([*(REPO_ROOT / ".github/workflows").glob("*.yml"),
                         *(REPO_ROOT / "tools/mentorlog/templates").glob("github-*.yml")])
# owner/repo[/path]@<full commit SHA>  # vX.Y.Z
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w.-]+(?:/[\w./-]+)?)@([0-9a-f]{40})"
                    r"  # (v\d+\.\d+\.\d+)$")
HASHED_PIN = ("mentorlog @ https://example.org/mentorlog-0.1.0-py3-none-any.whl "
              "--hash=sha256:" + "a" * 64 + "\n")


def workflow(name: str) -> dict[str, Any]:
    """A workflow template read as YAML 1.2 (where `on:` is a key, not `true`)."""
    doc, problems = load_bytes(template(WORKFLOWS[name]).encode(), name)
    assert doc is not None and not problems
    return doc.data


def steps(flow: dict[str, Any], job: str) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = flow["jobs"][job]["steps"]
    return result


def step_using(flow: dict[str, Any], job: str, action: str) -> dict[str, Any]:
    found = [s for s in steps(flow, job) if str(s.get("uses", "")).startswith(action + "@")]
    assert len(found) == 1, action
    return found[0]


def run_text(flow: dict[str, Any], job: str) -> str:
    return "\n".join(str(s.get("run", "")) for s in steps(flow, job))


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("init") / "program"
    init_program(target, "business")
    return target


def test_workflows_match_githubs_schema(initialised: Path) -> None:
    files = [*(initialised / ".github/workflows").glob("*.yml"),
             *(REPO_ROOT / ".github/workflows").glob("*.yml")]
    assert len(files) == 10
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", *map(str, files)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(template("github-pr.yml").replace("runs-on:", "runs_on:"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                           "vendor.github-workflows", str(broken)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1


def test_pr_workflow_is_judged_by_the_base_branch() -> None:
    flow = workflow("pr")
    # merge_group: with GitHub's merge queue the check runs again when the change lands
    assert set(flow["on"]) == {"pull_request", "merge_group"}
    assert flow["permissions"] == {"contents": "read"}
    assert flow["jobs"]["check"]["permissions"] == {"contents": "read", "pull-requests": "read",
                                                    "issues": "read"}
    assert step_using(flow, "check", "actions/checkout")["with"]["fetch-depth"] == 0
    install = next(s for s in steps(flow, "check") if "pip install" in str(s.get("run", "")))
    assert install["env"]["BASE_SHA"] == ("${{ github.event.pull_request.base.sha || "
                                          "github.event.merge_group.base_sha }}")
    assert 'git worktree add --detach "$RUNNER_TEMP/base" "$BASE_SHA"' in install["run"]
    assert 'cd "$RUNNER_TEMP/base"' in install["run"]  # installs the base's, not the PR's
    check = steps(flow, "check")[-1]
    assert check["run"] == 'mentorlog check --base "$BASE" --author "$AUTHOR" --format github'
    assert check["env"] == {
        "BASE": "${{ github.event.merge_group.base_sha || format('origin/{0}', github.base_ref) }}",
        "AUTHOR": "${{ steps.author.outputs.login }}"}
    queued = pr_step("Find whose change")
    assert queued["id"] == "author" and "if" not in queued
    # the token reaches only the step that asks GitHub, never the one that runs mentorlog
    assert [s["name"] for s in steps(flow, "check") if "GH_TOKEN" in s.get("env", {})] == [
        queued["name"]]


def test_no_expression_is_pasted_into_a_script() -> None:
    """Values reach scripts through env: a branch name cannot inject shell code."""
    for file in WORKFLOW_FILES:
        flow = load_workflow(file)
        for job in flow["jobs"]:
            assert "${{" not in run_text(flow, job), (file, job)
            assert "${{" not in str(flow["jobs"][job].get("if", "")), (file, job)


def load_workflow(file: Path) -> dict[str, Any]:
    doc, problems = load_bytes(file.read_bytes(), file.name)
    assert doc is not None and not problems
    return doc.data


def test_every_action_is_pinned_by_its_commit_sha() -> None:
    """A tag can be moved to other code; a full commit SHA cannot. One SHA per action."""
    seen: dict[str, set[tuple[str, str]]] = {}
    for file in WORKFLOW_FILES:
        for line in file.read_text(encoding="utf-8").splitlines():
            if re.match(r"^\s*(- )?uses:", line):
                pinned = PINNED.match(line)
                assert pinned, f"{file.name}: {line.strip()}"
                seen.setdefault(pinned[1], set()).add((pinned[2], pinned[3]))
        flow = load_workflow(file)
        uses = [s["uses"] for job in flow["jobs"] for s in steps(flow, job) if "uses" in s]
        assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), file
    assert set(seen) == {"actions/cache", "actions/checkout", "actions/setup-python",
                         "actions/upload-artifact",
                         "actions/upload-pages-artifact", "actions/deploy-pages"}
    assert all(len(pins) == 1 for pins in seen.values()), seen


def test_the_pin_check_catches_a_tag() -> None:
    sha = "11bd71901bbe5b1630ceea73d27597364c9af683"
    assert not PINNED.match("      - uses: actions/checkout@v4")
    assert not PINNED.match(f"        uses: actions/checkout@{sha}")  # which version?
    assert not PINNED.match(f"        uses: actions/checkout@{sha[:12]}  # v4.2.2")
    assert PINNED.match(f"        uses: actions/checkout@{sha}  # v4.2.2")


def pip_installs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()
            if "pip install" in line and not line.strip().startswith("#")]


def test_nothing_is_installed_by_a_bare_name() -> None:
    """pip installs either a hash-locked list or the package source in this checkout."""
    installs = [cmd for file in WORKFLOW_FILES for cmd in pip_installs(file.read_text())]
    assert len(installs) == 20  # 5 workflows x (program repo, this repo), templates and copies
    for cmd in installs:
        hashed = re.search(r"--require-hashes -r \.github/mentorlog-(site-)?requirements\.txt",
                           cmd)
        assert hashed or cmd.endswith((" .", ' ".[site]"')), cmd  # the checked-out source


def install_script(name: str) -> str:
    (script,) = [str(s["run"]) for job in workflow(name)["jobs"]
                 for s in steps(workflow(name), job) if "pip install" in str(s.get("run", ""))]
    return script


def test_every_workflow_installs_mentorlog_the_same_way() -> None:
    """The same script, but the site workflow installs the [site] extra's list."""
    site = install_script("main").replace("of this commit", "of the base commit")
    scripts = {install_script("pr"), install_script("landed"),
               site.replace("mentorlog-site-requirements", "mentorlog-requirements")
               .replace('".[site]"', ".")}
    bodies = {script.split('cd "$RUNNER_TEMP/base"\n')[-1] for script in scripts}
    assert len(bodies) == 1, bodies


def test_only_the_site_workflow_installs_the_site_generator() -> None:
    """The gate checks records, which needs no MkDocs; the site workflow builds with it."""
    for gate in ("pr", "landed"):
        assert "site" not in install_script(gate), gate
    site = install_script("main")
    assert "python -m pip install --require-hashes -r .github/mentorlog-site-requirements.txt" \
        in site
    assert site.rstrip().endswith('python -m pip install --constraint requirements/lock.txt '
                                  '".[site]"\nfi')


def test_main_workflow_publishes_only_the_public_site() -> None:
    flow = workflow("main")
    assert flow["on"]["push"] == {"branches": ["main"]}
    # a manual run from another branch builds nothing (deploy needs build)
    assert "workflow_dispatch" in flow["on"]
    assert flow["jobs"]["build"]["if"] == "github.ref == 'refs/heads/main'"
    build = run_text(flow, "build")
    assert 'mentorlog build --site-dir "$RUNNER_TEMP/coordinators-site"' in build
    assert 'mentorlog build --public --site-dir "$RUNNER_TEMP/public-site"' in build
    artifact = step_using(flow, "build", "actions/upload-artifact")["with"]
    assert artifact["path"] == "${{ runner.temp }}/coordinators-site"
    pages = step_using(flow, "build", "actions/upload-pages-artifact")["with"]
    assert pages["path"] == "${{ runner.temp }}/public-site"
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert step_using(flow, "deploy", "actions/deploy-pages")["id"] == "deployment"
    assert flow["permissions"] == {"contents": "read"}  # only deploy may write to Pages


def test_codeowners() -> None:
    lines = [line.split() for line in template("CODEOWNERS").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines == [["*", "@your-org/mentorlog-coordinators"], ["/records/sessions/"],
                     ["/records/attachments/"]]
    assert "PLACEHOLDER" in template("CODEOWNERS")


def test_pr_template_is_a_checklist() -> None:
    text = template("pull_request_template.md")
    assert text.count("- [ ]") >= 6 and "late_reason" in text


@pytest.mark.parametrize("profile", ["business", "youth"])
def test_init_writes_every_file(profile: str, tmp_path: Path) -> None:
    target = tmp_path / profile
    assert run_main(["init", str(target), "--profile", profile]).code == 0
    for rel, source in VERBATIM_FILES.items():
        assert (target / rel).read_text(encoding="utf-8") == template(source), rel
    pins = {".github/mentorlog-requirements.txt": "mentorlog==0.1.0",
            ".github/mentorlog-site-requirements.txt": "mentorlog[site]==0.1.0"}
    assert set(GITHUB_FILES) | set(pins) | {".github/ISSUE_TEMPLATE/log-a-session.yml"} == {
        p.relative_to(target).as_posix() for p in (target / ".github").rglob("*") if p.is_file()}
    for rel, bare in pins.items():
        pin = (target / rel).read_text(encoding="utf-8")
        # no requirement yet, least of all a bare name: only comments until a coordinator pins
        assert all(line.startswith("#") for line in pin.splitlines()), pin
        assert bare in pin and "--generate-hashes" in pin
    assert '"mentorlog[site] @ https://' in pin  # the site list: the same wheel, with [site]


def test_this_repository_uses_the_templates() -> None:
    """The demo program runs the very files `init` writes (and installs from source)."""
    for target, source in VERBATIM_FILES.items():
        assert (REPO_ROOT / target).read_text(encoding="utf-8") == template(source), target
    assert not (REPO_ROOT / ".github/mentorlog-requirements.txt").exists()
    assert not (REPO_ROOT / ".github/mentorlog-site-requirements.txt").exists()
    assert sorted(p.name for p in (REPO_ROOT / ".github/workflows").iterdir()) == [
        "landed.yml", "log-session.yml", "main.yml", "pr.yml", "reminders.yml"]


# --- the workflow's own shell steps, run for real with bash and git ---

def pr_step(name_part: str) -> dict[str, Any]:
    return next(s for s in steps(workflow("pr"), "check") if name_part in s.get("name", ""))


def test_pr_install_step_reads_the_base_branch(tmp_path: Path) -> None:
    """A pull request that edits the pin cannot change what is installed to judge it.

    git and bash are real; `python` is a stand-in that records what pip would install."""
    program = GitProgram.create(tmp_path / "program")
    program.git("checkout", "-q", "main")
    program.write(".github/mentorlog-requirements.txt", HASHED_PIN)
    program.commit("pin")
    base_sha = program.git("rev-parse", "HEAD").strip()
    program.git("checkout", "-q", "-B", "change")
    program.write(".github/mentorlog-requirements.txt", "mentorlog @ git+https://evil.example\n")
    program.commit("the pull request moves the pin")
    log = tmp_path / "pip.log"
    done = run_install(tmp_path, program.root, base_sha, log)
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == [
        f"{tmp_path}/runner/base -m pip install --require-hashes -r "
        ".github/mentorlog-requirements.txt", HASHED_PIN.strip()]


def run_install(tmp_path: Path, cwd: Path, base_sha: str,
                log: Path) -> subprocess.CompletedProcess[str]:
    """The PR workflow's install step, with a `python` stand-in that records what pip gets."""
    bin_dir = tmp_path / "bin"
    stand_in_python(bin_dir, log)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "RUNNER_TEMP": str(tmp_path / "runner"), "BASE_SHA": base_sha}
    return subprocess.run(["bash", "-e", "-c", pr_step("Install")["run"]], cwd=cwd, env=env,
                          check=False, capture_output=True, text=True)


def stand_in_python(bin_dir: Path, log: Path) -> None:
    """A `python` that records its arguments and the requirements file pip would read."""
    bin_dir.mkdir(exist_ok=True)
    stand_in = bin_dir / "python"
    stand_in.write_text(f'#!/bin/sh\necho "$PWD $*" >> {log}\ncat "$6" >> {log}\n')
    stand_in.chmod(0o755)


def test_the_site_workflow_installs_the_hashed_site_list(tmp_path: Path) -> None:
    """What `init` writes stops the site workflow; a hash-locked [site] list is installed."""
    root = tmp_path / "program"
    assert run_main(["init", str(root), "--profile", "business"]).code == 0
    log, bin_dir = tmp_path / "pip.log", tmp_path / "bin"
    stand_in_python(bin_dir, log)
    (step,) = [s for s in steps(workflow("main"), "build") if "pip install" in str(s.get("run"))]
    done = run_step(step, root, bin_dir, {})
    assert done.returncode == 1
    assert "::error file=.github/mentorlog-site-requirements.txt::no hash-" in done.stdout
    assert not log.exists()  # pip never ran
    pinned = HASHED_PIN.replace("mentorlog @", "mentorlog[site] @")
    (root / ".github/mentorlog-site-requirements.txt").write_text(pinned, encoding="utf-8")
    done = run_step(step, root, bin_dir, {})
    assert done.returncode == 0, done.stderr
    assert log.read_text().splitlines() == [
        f"{root} -m pip install --require-hashes -r .github/mentorlog-site-requirements.txt",
        pinned.strip()]


def test_a_program_without_a_hashed_pin_installs_nothing(tmp_path: Path) -> None:
    """What `init` writes stops the workflow with a message, instead of a bare-name install."""
    root = tmp_path / "program"
    assert run_main(["init", str(root), "--profile", "business"]).code == 0
    program = GitProgram(root)
    program.git("-c", "init.defaultBranch=main", "init", "-q")
    program.commit("mentorlog init")
    log = tmp_path / "pip.log"
    done = run_install(tmp_path, root, program.git("rev-parse", "HEAD").strip(), log)
    assert done.returncode == 1
    assert "\n::error file=.github/mentorlog-requirements.txt::no hash-" in done.stdout
    assert not log.exists()  # pip never ran


def test_pr_check_step_runs_mentorlog_check(tmp_path: Path) -> None:
    """The step's command line, with GitHub's values in env, as bash runs it."""
    origin = GitProgram.create(tmp_path / "origin")
    clone = GitProgram(tmp_path / "clone")
    subprocess.run(["git", "clone", "-q", str(origin.root), str(clone.root)], check=True)
    clone.git("checkout", "-q", "change")
    clone.write("records/clients/new-client.yaml", "name: New Client\n")
    step = pr_step("mentorlog check")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "BASE": "origin/main", "AUTHOR": "kim-gh"}
    done = subprocess.run(["bash", "-c", step["run"]], cwd=clone.root, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith(
        "::error file=records/clients/new-client.yaml,title=mentorlog coordinator-only::")
    env["AUTHOR"] = "ana-gh"
    assert subprocess.run(["bash", "-c", step["run"]], cwd=clone.root, env=env,
                          capture_output=True, check=False).returncode == 0


# --- merge queue: the check runs again when the change lands ---

def stand_in_gh(bin_dir: Path, log: Path, reply: str) -> None:
    """A `gh` that records its arguments and prints `reply` (GitHub's answer)."""
    bin_dir.mkdir(exist_ok=True)
    gh = bin_dir / "gh"
    gh.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> {log}\nprintf "%s" "{reply}"\n')
    gh.chmod(0o755)


def run_step(step: dict[str, Any], cwd: Path, bin_dir: Path,
             env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A workflow step's script as GitHub runs it (bash -e), stand-ins first on PATH."""
    path = os.pathsep.join([str(bin_dir), str(VENV_BIN), os.environ["PATH"]])
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, check=False, text=True,
                          capture_output=True, env={**os.environ, "PATH": path, **env})


def test_merge_group_asks_github_who_opened_the_pull_request(tmp_path: Path) -> None:
    log, output = tmp_path / "gh.log", tmp_path / "output"
    stand_in_gh(tmp_path / "bin", log, "kim-gh feature-branch")
    env = {"EVENT": "merge_group",
           "GROUP_REF": "refs/heads/gh-readonly-queue/main/pr-42-" + "b" * 40,
           "GH_REPO": "acme/program", "GH_TOKEN": "t", "GITHUB_OUTPUT": str(output)}
    done = run_step(pr_step("Find whose change"), tmp_path, tmp_path / "bin", env)
    assert done.returncode == 0, done.stderr
    assert log.read_text() == \
        'api repos/acme/program/pulls/42 --jq "\\(.user.login) \\(.head.ref)"\n'
    assert output.read_text() == "login=kim-gh\n"
    env["GROUP_REF"] = "refs/heads/main"  # not a merge queue ref: no author, no check
    done = run_step(pr_step("Find whose change"), tmp_path, tmp_path / "bin", env)
    assert (done.returncode, done.stdout) == (1, "::error::not a merge queue ref\n")


def scripted_gh(bin_dir: Path, log: Path, replies: dict[str, str]) -> None:
    """A `gh` that records its arguments and answers by the API path it is asked for."""
    bin_dir.mkdir(exist_ok=True)
    cases = "".join(f'  *"{path}"*) printf "%s\\n" "{reply}";;\n'
                    for path, reply in replies.items())
    script = f'#!/bin/bash\nprintf "%s\\n" "$*" >> {log}\ncase "$*" in\n{cases}esac\n'
    (bin_dir / "gh").write_text(script)
    (bin_dir / "gh").chmod(0o755)


@pytest.mark.parametrize("event", ["pull_request", "merge_group"])
def test_a_session_logged_with_the_form_is_judged_as_the_issues_author(
        tmp_path: Path, event: str) -> None:
    """log-session.yml's bot opens the pull request from log-session/issue-N: the change is
    the issue author's, and the gate judges them (their rights, not the bot's none)."""
    log, output = tmp_path / "gh.log", tmp_path / "output"
    scripted_gh(tmp_path / "bin", log, {"pulls/42": "github-actions[bot] log-session/issue-7",
                                        "issues/7": "kim-gh"})
    env = {"EVENT": event, "GROUP_REF": "refs/heads/gh-readonly-queue/main/pr-42-" + "b" * 40,
           "PR_LOGIN": "github-actions[bot]", "PR_BRANCH": "log-session/issue-7",
           "GH_REPO": "acme/program", "GH_TOKEN": "t", "GITHUB_OUTPUT": str(output)}
    done = run_step(pr_step("Find whose change"), tmp_path, tmp_path / "bin", env)
    assert done.returncode == 0, done.stderr
    assert output.read_text() == "login=kim-gh\n"
    assert log.read_text().endswith("api repos/acme/program/issues/7 --jq .user.login\n")


@pytest.mark.parametrize(("login", "branch"), [
    ("github-actions[bot]", "log-session/issue-7x"),  # not the workflow's branch shape
    ("github-actions[bot]", "feature/log-session/issue-7"),
    ("ana-gh", "log-session/issue-7"),  # a person's pull request stays theirs
])
def test_only_the_bots_log_session_branches_are_mapped(tmp_path: Path, login: str,
                                                       branch: str) -> None:
    log, output = tmp_path / "gh.log", tmp_path / "output"
    scripted_gh(tmp_path / "bin", log, {"issues/7": "kim-gh"})
    env = {"EVENT": "pull_request", "PR_LOGIN": login, "PR_BRANCH": branch,
           "GH_REPO": "acme/program", "GH_TOKEN": "t", "GITHUB_OUTPUT": str(output)}
    done = run_step(pr_step("Find whose change"), tmp_path, tmp_path / "bin", env)
    assert done.returncode == 0, done.stderr
    assert output.read_text() == f"login={login}\n" and not log.exists()


# --- every push to main, judged again with the clock of its run ---

def landed_step(job: str, name_part: str) -> dict[str, Any]:
    return next(s for s in steps(workflow("landed"), job) if name_part in s.get("name", ""))


def test_landed_workflow_reports_with_least_privilege() -> None:
    flow = workflow("landed")
    assert flow["on"] == {"push": {"branches": ["main"]}}
    assert flow["permissions"] == {"contents": "read"}
    rejudge, report = flow["jobs"]["rejudge"], flow["jobs"]["report"]
    assert rejudge["permissions"] == {"contents": "read", "pull-requests": "read",
                                      "issues": "read"}
    assert rejudge["if"] == "github.event.created == false"
    assert step_using(flow, "rejudge", "actions/checkout")["with"]["fetch-depth"] == 0
    install = landed_step("rejudge", "Install")
    assert install["env"] == {"BASE_SHA": "${{ github.event.before }}"}  # the rules before
    # only the job that writes the issue may write issues, and it runs only on a failure
    assert (report["needs"], report["if"], report["permissions"]) == (
        "rejudge", "failure()", {"issues": "write"})
    assert [s.get("uses") for s in report["steps"]] == [None]  # gh only: no checkout, no code
    assert "mentorlog check --base \"$sha^\"" in landed_step("rejudge", "Re-judge")["run"]


def landed_repo(tmp_path: Path) -> tuple[GitProgram, str]:
    """main as it was before a push; the commit `before` the push."""
    program = GitProgram.create(tmp_path / "program")
    program.git("checkout", "-q", "main")
    return program, program.git("rev-parse", "HEAD").strip()


def merge(program: GitProgram, branch: str, files: dict[str, str]) -> str:
    """A pull request's branch merged into main with a merge commit; returns its SHA."""
    program.git("checkout", "-q", "-b", branch, "main")
    for rel, content in files.items():
        program.write(rel, content)
    program.commit(f"{branch}: sessions")
    program.git("checkout", "-q", "main")
    program.git("merge", "-q", "--no-ff", "-m", f"Merge {branch}", branch)
    return program.git("rev-parse", "HEAD").strip()


def rejudge(tmp_path: Path, program: GitProgram, before: str, pr_author: str,
            pusher: str = "ana-gh") -> subprocess.CompletedProcess[str]:
    """The re-judge step over before..HEAD, real git and mentorlog, `gh` a stand-in."""
    stand_in_gh(tmp_path / "bin", tmp_path / "gh.log", pr_author)
    env = {"BEFORE": before, "AFTER": program.git("rev-parse", "HEAD").strip(),
           "PUSHER": pusher, "GH_REPO": "acme/program", "GH_TOKEN": "t"}
    done = run_step(landed_step("rejudge", "Re-judge"), program.root, tmp_path / "bin", env)
    program.git("checkout", "-q", "main")
    return done


LATE = "records/sessions/2026/03/2026-03-10-r-2026-001.yaml"  # due 2026-04-06: long past


def test_a_late_session_merged_after_its_deadline_fails_on_main(tmp_path: Path) -> None:
    program, before = landed_repo(tmp_path)
    merged = merge(program, "kims-march", {LATE: session_text(date="2026-03-10")})
    done = rejudge(tmp_path, program, before, "kim-gh")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"::group::commit {merged}, judged as kim-gh" in done.stdout
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 1 and errors[0].startswith(f"::error file={LATE},line=")
    assert "title=mentorlog late-without-reason::" in errors[0]
    assert (tmp_path / "gh.log").read_text() == (
        f"api repos/acme/program/commits/{merged}/pulls --jq .[0] // empty | "
        '"\\(.user.login) \\(.head.ref)"\n')
    assert program.git("rev-parse", "HEAD").strip() == merged  # history is never rewritten


def test_a_late_session_with_a_reason_passes_on_main(tmp_path: Path) -> None:
    program, before = landed_repo(tmp_path)
    merge(program, "kims-march", {LATE: session_text(date="2026-03-10",
                                                     extra="late_reason: was ill\n")})
    done = rejudge(tmp_path, program, before, "kim-gh")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_form_logged_session_is_rejudged_as_the_issues_author(tmp_path: Path) -> None:
    """On main too, a commit the log-session bot's pull request brought is the issue author's."""
    program, before = landed_repo(tmp_path)
    merged = merge(program, "log-session/issue-7", {LATE: session_text(date="2026-03-10")})
    scripted_gh(tmp_path / "bin", tmp_path / "gh.log",
                {f"commits/{merged}/pulls": "github-actions[bot] log-session/issue-7",
                 "issues/7": "kim-gh"})
    env = {"BEFORE": before, "AFTER": merged, "PUSHER": "ana-gh", "GH_REPO": "acme/program",
           "GH_TOKEN": "t"}
    done = run_step(landed_step("rejudge", "Re-judge"), program.root, tmp_path / "bin", env)
    program.git("checkout", "-q", "main")
    assert f"::group::commit {merged}, judged as kim-gh" in done.stdout, done.stdout
    assert done.returncode == 1 and "late-without-reason" in done.stdout


def test_each_commit_is_judged_as_its_own_author(tmp_path: Path) -> None:
    """A locked session changed by a mentor fails; the same change pushed by a coordinator
    without a pull request (gh finds none) is judged as the pusher's and passes."""
    locked = "records/sessions/2026/01/2026-01-20-r-2026-001.yaml"
    program, before = landed_repo(tmp_path)
    merge(program, "kim-edits", {locked: session_text(date="2026-01-20").replace("1.5", "6")})
    mentor = rejudge(tmp_path, program, before, "kim-gh")
    assert mentor.returncode == 1
    assert "title=mentorlog session-locked::" in mentor.stdout
    coordinator = rejudge(tmp_path, program, before, "", pusher="ana-gh")
    assert coordinator.returncode == 0, coordinator.stdout
    assert "judged as ana-gh" in coordinator.stdout


def test_the_issue_is_opened_once_then_updated(tmp_path: Path) -> None:
    step = landed_step("report", "issue")
    env = {"GH_REPO": "acme/program", "GH_TOKEN": "t", "AFTER": "c" * 40,
           "RUN_URL": "https://github.com/acme/program/actions/runs/9"}
    for reply, action in (("", "issue create --title"), ("7", "issue comment 7 --body")):
        log = tmp_path / f"gh-{reply or 'none'}.log"
        stand_in_gh(tmp_path / "bin", log, reply)
        done = run_step(step, tmp_path, tmp_path / "bin", env)
        assert done.returncode == 0, done.stderr
        calls = log.read_text()
        assert calls.startswith("issue list --state open --limit 200 --json number,title")
        assert f"\n{action} " in calls
        assert "c" * 40 in calls and env["RUN_URL"] in calls


# --- CODEOWNERS: validate warns while it names the placeholder team ---

def test_codeowners_placeholder_warns_until_replaced(initialised: Path, tmp_path: Path) -> None:
    program = tmp_path / "program"
    assert run_main(["init", str(program), "--profile", "business"]).code == 0
    result = run_main(["validate", "--format", "github"], cwd=program)
    assert result.code == 0  # a warning: the program works before its GitHub set-up is done
    assert result.out.startswith("::warning file=.github/CODEOWNERS,line=10,col=25,"
                                 "title=mentorlog codeowners-placeholder::")
    owners = program / ".github/CODEOWNERS"
    owners.write_text(owners.read_text().replace("@your-org/mentorlog-coordinators",
                                                 "@acme/coordinators @ana-gh"))
    assert "PLACEHOLDER" in owners.read_text()  # the comment that explains it stays
    assert run_main(["validate"], cwd=program).out == "0 files checked: all valid\n"


def test_codeowners_placeholder_anywhere_among_the_owners(tmp_path: Path) -> None:
    program = tmp_path / "program"
    assert run_main(["init", str(program), "--profile", "youth"]).code == 0
    (program / ".github/CODEOWNERS").write_text(
        "# @your-org/mentorlog-coordinators in a comment is no owner\n"
        "*  @acme/leads\n"
        "/schema/  @acme/leads   @Your-Org/Mentorlog-Coordinators  # case-insensitive\n")
    result = run_main(["validate"], cwd=program)
    assert result.out.splitlines()[0].startswith(
        ".github/CODEOWNERS:3:25: warning[codeowners-placeholder]: ")
    assert result.out.splitlines()[1:] == ["0 files checked: 0 errors, 1 warning"]


# --- .gitattributes: LF on every machine ---

def test_gitattributes_keeps_records_lf_and_attachments_as_they_are(tmp_path: Path) -> None:
    """A record saved with CRLF (Windows) is stored with LF; an attachment keeps its bytes."""
    root = tmp_path / "program"
    assert run_main(["init", str(root), "--profile", "business"]).code == 0
    program = GitProgram(root)
    program.git("-c", "init.defaultBranch=main", "init", "-q")
    program.write("records/mentors/kim-osei.yaml", "name: Kim\r\nemail: k@example.org\r\n")
    program.write("records/attachments/r-1/sales.csv", "month,sales\r\n3,10\r\n")
    program.commit("first")
    eol = {line.split("\t")[1]: line.split("\t")[0].split()
           for line in program.git("ls-files", "--eol").splitlines()}
    assert eol["records/mentors/kim-osei.yaml"] == ["i/lf", "w/crlf", "attr/text=auto", "eol=lf"]
    assert eol["records/attachments/r-1/sales.csv"] == ["i/crlf", "w/crlf", "attr/-text"]
    assert eol["mentorlog.yaml"][0] == "i/lf"
