"""The learner's working copy of the course's notebooks (`make lab`, `make reset`).

JupyterLab saves every edit and every output into the notebook it has open, so `make lab`
opens a copy, workspace/ (ignored by git), and the course's notebooks/ stay as stored:

    python tools/workspace.py ensure [--source notebooks] [--target workspace]
    python tools/workspace.py reset  [--source notebooks] [--target workspace]

ensure  makes the copy on first use. Later it only adds what the course gained since (a
        notebook the learner already has is never overwritten; one deleted from the copy
        comes back fresh) and names the notebooks that the course changed after they were
        copied: `make reset`, or deleting that one notebook from the copy, gives the new version.
reset   moves the whole copy to <target>.backup-<date>-<time>/ (nothing is deleted), says
        where it went, and makes a fresh copy.

The copy holds every file under the source folder except hidden ones (.ipynb_checkpoints)
and __pycache__, byte for byte, with the same subfolders, so the links between notebooks
work in the copy too. `.course-versions.json` in the copy remembers the SHA-256 of each file
as copied from the course.
"""

import argparse
import hashlib
import json
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VERSIONS = ".course-versions.json"


def course_files(source):
    """The files of the course folder to copy, as paths relative to it, sorted."""
    files = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        hidden = any(part.startswith(".") or part == "__pycache__" for part in relative.parts)
        if path.is_file() and not hidden:
            files.append(relative)
    return files


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_versions(target):
    path = target / VERSIONS
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def write_versions(target, versions):
    (target / VERSIONS).write_text(json.dumps(versions, indent=1, sort_keys=True) + "\n",
                                   encoding="utf-8")


def check_folders(source, target):
    """Stop with a message when the copy could write into the course's folder (or the reverse)."""
    source, target = source.resolve(), target.resolve()
    if not source.is_dir() or not course_files(source):
        sys.exit(f"no course notebooks in {source}")
    if target == source or source in target.parents or target in source.parents:
        sys.exit(f"the working copy {target} must be outside the course's folder {source} "
                 f"(and not contain it)")
    if target.exists() and not target.is_dir():
        sys.exit(f"{target} exists and is not a folder")


def course_changed(course_file, copy, versions, key):
    """True when the course changed this file after it was copied and the copy is not the
    course's present version; a copy equal to that version (copied again by hand) is noted."""
    current = digest(course_file)
    if digest(copy) == current:
        versions[key] = current
        return False
    return versions.get(key, current) != current


def ensure(source, target):
    """Copy into `target` every course file it lacks; never overwrite one it has.

    Returns (added, changed_in_course): relative paths copied now, and relative paths the
    course changed since they were copied (left as they are)."""
    check_folders(source, target)
    target.mkdir(parents=True, exist_ok=True)
    versions = read_versions(target)
    added, changed = [], []
    for relative in course_files(source):
        course_file, copy, key = source / relative, target / relative, relative.as_posix()
        if not copy.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(course_file, copy)
            versions[key] = digest(course_file)
            added.append(relative)
        elif course_changed(course_file, copy, versions, key):
            changed.append(relative)
    write_versions(target, versions)
    return added, changed


def backup_name(target):
    """A folder next to target, <target>.backup-<date>-<time>, that does not exist yet."""
    stem = f"{target.name}.backup-{time.strftime('%Y%m%d-%H%M%S')}"
    candidate, n = target.with_name(stem), 2
    while candidate.exists():
        candidate, n = target.with_name(f"{stem}-{n}"), n + 1
    return candidate


def reset(source, target):
    """Move the copy aside (returns where it went, or None if there was none) and copy afresh."""
    check_folders(source, target)
    backup = None
    if target.exists():
        backup = backup_name(target)
        shutil.move(str(target), str(backup))
    ensure(source, target)
    return backup


def report_ensure(source, target):
    first_time = not target.exists()
    added, changed = ensure(source, target)
    if first_time:
        print(f"Made your working copy of {source}/ in {target}/ ({len(added)} files): JupyterLab "
              "saves your edits there, and the course's own notebooks stay as they are.")
    elif added:
        print(f"Copied into {target}/ what the course added: {', '.join(map(str, added))}")
    if changed:
        print(f"The course has changed {', '.join(map(str, changed))} since your copy was made; "
              f"your copies are kept. For the new versions delete those files from {target}/ and "
              "run make lab again, or run make reset (it keeps a backup of your whole copy).")


def report_reset(source, target):
    backup = reset(source, target)
    where = f"your previous copy is now {backup}/" if backup else "there was no copy to back up"
    print(f"Fresh copies of {source}/ in {target}/; {where}.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["ensure", "reset"])
    parser.add_argument("--source", type=Path, default=ROOT / "notebooks",
                        help="the course's notebooks (default: notebooks/)")
    parser.add_argument("--target", type=Path, default=ROOT / "workspace",
                        help="the working copy (default: workspace/)")
    args = parser.parse_args(argv)
    {"ensure": report_ensure, "reset": report_reset}[args.action](args.source.expanduser(),
                                                               args.target.expanduser())


if __name__ == "__main__":
    main()
