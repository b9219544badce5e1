"""The learner's working copy (`make lab`, `make reset`, tools/workspace.py): JupyterLab
edits a copy, so the course's notebooks/ stay exactly as stored.

Every test works on a temporary copy (never the real workspace/); the make tests call the
Makefile's own targets with WORKSPACE=<temporary folder> and the running Python as PY, so
no virtual environment is created or installed.
"""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT / "tools"))

import workspace  # noqa: E402


def snapshot(folder):
    """{relative path: SHA-256} of the course files under folder (hidden files left out)."""
    return {p.as_posix(): hashlib.sha256((folder / p).read_bytes()).hexdigest()
            for p in workspace.course_files(folder)}


def git_status_of_notebooks():
    """`git status --porcelain notebooks/`, or None outside a git checkout."""
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return None
    return subprocess.run(["git", "status", "--porcelain", "notebooks/"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout


def make(*args):
    """Run make in the project with the running Python; returns its output."""
    result = subprocess.run(["make", "--no-print-directory", *args, f"PY={sys.executable}"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def edit(notebook):
    """Change a notebook as JupyterLab's autosave would: a new cell, written back."""
    content = json.loads(notebook.read_text(encoding="utf-8"))
    content["cells"].append({"cell_type": "markdown", "id": "learner-note", "metadata": {},
                             "source": "my own note"})
    notebook.write_text(json.dumps(content, indent=1), encoding="utf-8")


@pytest.fixture
def course(tmp_path):
    """A private copy of notebooks/ to play the course, for tests that change the course."""
    source = tmp_path / "course"
    shutil.copytree(NOTEBOOKS, source, ignore=shutil.ignore_patterns(".*", "__pycache__"))
    return source


def test_the_copy_has_every_notebook_byte_for_byte(tmp_path):
    target = tmp_path / "workspace"
    added, changed = workspace.ensure(NOTEBOOKS, target)
    names = {p.name for p in NOTEBOOKS.glob("*.ipynb")}
    assert len(names) >= 12 and names <= {p.name for p in target.glob("*.ipynb")}
    assert snapshot(target) == snapshot(NOTEBOOKS) and len(added) == len(snapshot(NOTEBOOKS))
    assert changed == []


def test_editing_the_copy_leaves_the_course_unchanged(tmp_path):
    before = snapshot(NOTEBOOKS)
    target = tmp_path / "workspace"
    workspace.ensure(NOTEBOOKS, target)
    edit(target / "04_loss_and_delta.ipynb")
    assert snapshot(NOTEBOOKS) == before
    assert snapshot(target)["04_loss_and_delta.ipynb"] != before["04_loss_and_delta.ipynb"]


def test_ensure_never_overwrites_and_adds_what_the_course_gained(course, tmp_path):
    target = tmp_path / "workspace"
    workspace.ensure(course, target)
    edit(target / "08_training.ipynb")
    edited = (target / "08_training.ipynb").read_bytes()
    (target / "10_playground.ipynb").unlink()                  # a learner's way to get one fresh
    (course / "extra").mkdir()
    shutil.copyfile(course / "00_welcome.ipynb", course / "extra" / "00_welcome.ipynb")
    edit(course / "03_forward_pass.ipynb")                     # the course changes a notebook
    added, changed = workspace.ensure(course, target)
    assert (target / "08_training.ipynb").read_bytes() == edited
    assert sorted(map(str, added)) == ["10_playground.ipynb", "extra/00_welcome.ipynb"]
    assert (target / "extra" / "00_welcome.ipynb").read_bytes() == (course / "00_welcome.ipynb").read_bytes()
    assert changed == [Path("03_forward_pass.ipynb")]
    assert (target / "03_forward_pass.ipynb").read_bytes() != (course / "03_forward_pass.ipynb").read_bytes()
    shutil.copyfile(course / "03_forward_pass.ipynb", target / "03_forward_pass.ipynb")   # by hand
    assert workspace.ensure(course, target) == ([], [])


def test_reset_backs_up_the_copy_and_gives_fresh_ones(tmp_path):
    target = tmp_path / "workspace"
    workspace.ensure(NOTEBOOKS, target)
    edit(target / "05_backprop_equations.ipynb")
    edited = snapshot(target)
    backup = workspace.reset(NOTEBOOKS, target)
    assert backup.parent == tmp_path and backup.name.startswith("workspace.backup-")
    assert snapshot(backup) == edited
    assert snapshot(target) == snapshot(NOTEBOOKS)
    second = workspace.reset(NOTEBOOKS, target)               # two resets in one second
    assert second != backup and second.exists() and backup.exists()


def test_the_copy_may_not_lie_inside_the_course(course):
    for target in (course, course / "workspace", course.parent):
        with pytest.raises(SystemExit):
            workspace.ensure(course, target)
    assert not (course / "workspace").exists()


def test_make_workspace_and_reset_leave_notebooks_untouched(tmp_path):
    status, before = git_status_of_notebooks(), snapshot(NOTEBOOKS)
    target = tmp_path / "ws"
    assert "Made your working copy" in make("workspace", f"WORKSPACE={target}")
    assert snapshot(target) == before
    edit(target / "07_sigmoid_saturation.ipynb")
    edited = snapshot(target)
    make("workspace", f"WORKSPACE={target}")                   # the next `make lab`
    assert snapshot(target) == edited
    out = make("reset", f"WORKSPACE={target}")
    backups = list(tmp_path.glob("ws.backup-*"))
    assert len(backups) == 1 and str(backups[0]) in out
    assert snapshot(backups[0]) == edited and snapshot(target) == before
    assert snapshot(NOTEBOOKS) == before
    assert git_status_of_notebooks() == status     # empty on a clean checkout, and still empty


def commands(*args):
    """The commands that `make -n -B <args>` would run (continuation lines joined)."""
    return make("-n", "-B", *args).replace("\\\n", " ")


def test_make_lab_opens_the_copy_and_installs_no_test_packages():
    lab = commands("lab", "WORKSPACE=my-copy")
    installs = [line for line in lab.splitlines() if "pip install" in line]
    assert installs and all("[test]" not in line and line.rstrip().endswith("-e .") for line in installs)
    assert "--progress-bar on" in installs[0] and "--quiet" not in lab
    assert "tools/workspace.py ensure --source notebooks --target my-copy" in lab
    assert "--notebook-dir=my-copy" in lab and "--notebook-dir=notebooks" not in lab
    assert "DNN_PROJECTOR" not in lab and "DNN_PROJECTOR" not in commands("lab", "PROJECTOR=0")
    assert "DNN_PROJECTOR=1 " in commands("lab", "PROJECTOR=1")
    assert '-e ".[test]"' in commands("test")


def test_make_app_serves_the_app_notebook_with_its_settings():
    app = commands("app", "APP_PORT=9999", "PROJECTOR=1")
    voila = next(line for line in app.splitlines() if "bin/voila" in line)
    assert "apps/explorers.ipynb" in voila and "--Voila.config_file_paths=apps" in voila
    assert "--port=9999" in voila and "--Voila.ip=127.0.0.1" in voila and "--no-browser" in voila
    assert voila.startswith("DNN_PROJECTOR=1 ") and f"JUPYTER_PATH={ROOT}/apps" in voila
    assert "[test]" not in app
