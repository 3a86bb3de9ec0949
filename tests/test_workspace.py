"""Tests for crmcourse.authoring.workspace: `crmcourse init` copies, backups, and finding a workspace."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from crmcourse.authoring import workspace as ws
from crmcourse.authoring.workspace import (BACKUP_DIR, MANIFEST_NAME, WORKSPACE_FILE, CourseFiles, WorkspaceError,
                                           course_files, course_notebooks, find_workspace, init_command,
                                           init_workspace, is_workspace, locate, offer_workspace)

REPO = Path(__file__).resolve().parents[1]
STAMPED = re.compile(r"\.\d{8}-\d{6}(-\d+)?\.ipynb$")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


@pytest.fixture
def course(tmp_path) -> CourseFiles:
    """A small course: two English notebooks, a Chinese edition, and things that must not be copied."""
    nbs, sols = tmp_path / "course" / "notebooks", tmp_path / "course" / "solutions"
    for root, kind in ((nbs, "learner"), (sols, "solution")):
        write(root / "00_start_here.ipynb", f'{{"start": "{kind}"}}\r\n')   # CRLF kept byte for byte
        write(root / "01_m" / "01_a.ipynb", f'{{"a": "{kind}"}}\n')
        write(root / "zh" / "00_start_here.ipynb", f'{{"开始": "{kind}"}}\n')
        write(root / "zh" / "01_m" / "01_a.ipynb", f'{{"甲": "{kind}"}}\n')
        write(root / ".ipynb_checkpoints" / "00_start_here-checkpoint.ipynb", "{}")
        write(root / "01_m" / ".ipynb_checkpoints" / "01_a-checkpoint.ipynb", "{}")
    write(nbs / BACKUP_DIR / "00_start_here.20260101-000000.ipynb", '{"old": 1}')
    write(nbs / MANIFEST_NAME, "{}")
    write(nbs / "01_m" / "crm_lab.sqlite", "not a notebook")
    return CourseFiles(nbs, sols, installed=True)


@pytest.fixture(autouse=True)
def no_default_workspace(tmp_path, monkeypatch):
    """Keep the learner's real ~/crmcourse-workspace out of every test."""
    monkeypatch.setenv(ws.WORKSPACE_ENV, str(tmp_path / "default-ws"))


def files_under(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


# --------------------------------------------------------------------------- what the course is
def test_the_backup_rule_names_are_crmcourse_learners():
    from crmcourse.authoring import learner

    assert (ws.MANIFEST_NAME, ws.BACKUP_DIR) == (learner.MANIFEST_NAME, learner.BACKUP_DIR)


def test_init_lab_and_progress_do_not_load_nbformat():
    import subprocess
    import sys

    code = ("import sys, crmcourse.cli, crmcourse.authoring.workspace, crmcourse.authoring.progress; "
            "print(sorted(m for m in ('nbformat', 'pandas', 'jinja2') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_course_notebooks_skip_backups_checkpoints_and_other_languages(course):
    assert course_notebooks(course.notebooks) == ["00_start_here.ipynb", "01_m/01_a.ipynb"]
    assert course_notebooks(course.notebooks, "zh") == ["00_start_here.ipynb", "01_m/01_a.ipynb"]
    with pytest.raises(WorkspaceError, match="not a course language"):
        course_notebooks(course.notebooks, "fr")


def test_the_real_course_is_found_with_every_learner_notebook():
    files = course_files()
    assert not files.installed and files.notebooks == REPO / "notebooks"
    found = course_notebooks(files.notebooks)
    assert "00_start_here.ipynb" in found and len(found) == len(course_notebooks(files.solutions))
    assert ws.languages(files)[0] == "en"


# --------------------------------------------------------------------------- init
def test_init_copies_notebooks_and_solutions_apart_byte_for_byte(course, tmp_path):
    target = tmp_path / "my course"
    report = init_workspace(target, files=course)
    assert files_under(target) == [
        WORKSPACE_FILE, f"notebooks/{MANIFEST_NAME}", "notebooks/00_start_here.ipynb", "notebooks/01_m/01_a.ipynb",
        f"solutions/{MANIFEST_NAME}", "solutions/00_start_here.ipynb", "solutions/01_m/01_a.ipynb"]
    assert (target / "notebooks" / "00_start_here.ipynb").read_bytes() == b'{"start": "learner"}\r\n'
    assert (target / "solutions" / "01_m" / "01_a.ipynb").read_bytes() == b'{"a": "solution"}\n'
    assert len(report.written) == 4 and not report.backed_up
    info = json.loads((target / WORKSPACE_FILE).read_text(encoding="utf-8"))
    assert info == {"course": "crmcourse", "version": ws.course_version(), "lang": "en", "solutions": True}
    manifest = json.loads((target / "notebooks" / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert sorted(manifest) == ["00_start_here.ipynb", "01_m/01_a.ipynb"]
    assert is_workspace(target) and "workspace" in report.summary() and "4 copied" in report.summary()


def test_init_no_solutions_and_chinese(course, tmp_path):
    report = init_workspace(tmp_path / "ws", lang="zh", solutions=False, files=course)
    assert not (tmp_path / "ws" / "solutions").exists()
    start = tmp_path / "ws" / "notebooks" / "00_start_here.ipynb"
    assert start.read_text(encoding="utf-8") == '{"开始": "learner"}\n'
    assert not (tmp_path / "ws" / "notebooks" / "zh").exists()
    assert "简体中文, no solutions" in report.summary()


def test_init_refuses_a_language_the_course_does_not_carry(course, tmp_path):
    import shutil

    shutil.rmtree(course.notebooks / "zh")
    with pytest.raises(WorkspaceError, match="no 简体中文 edition") as err:
        init_workspace(tmp_path / "ws", lang="zh", files=course)
    assert "--lang en" in str(err.value)
    assert not (tmp_path / "ws").exists()


def test_init_again_never_loses_a_learners_file(course, tmp_path):
    target = tmp_path / "ws"
    init_workspace(target, files=course)
    mine = target / "notebooks" / "01_m" / "01_a.ipynb"
    write(mine, '{"a": "my answers"}')
    own = write(target / "notebooks" / "01_m" / "my_notes.ipynb", "{}")
    db = write(target / "notebooks" / "01_m" / "crm_lab.sqlite", "db")

    first = init_workspace(target, files=course)
    assert first.updated == ["notebooks/01_m/01_a.ipynb"] and len(first.backed_up) == 1
    backup = target / first.backed_up[0]
    assert backup.parent == target / "notebooks" / BACKUP_DIR and STAMPED.search(backup.name)
    assert backup.name.startswith("01_m__01_a.")
    assert backup.read_text(encoding="utf-8") == '{"a": "my answers"}'
    assert mine.read_text(encoding="utf-8") == '{"a": "learner"}\n'          # fresh again
    assert own.read_text(encoding="utf-8") == "{}" and db.read_text(encoding="utf-8") == "db"

    # edited again within the same second: a second backup, the first one untouched
    write(mine, '{"a": "second try"}')
    second = init_workspace(target, files=course)
    assert len(second.backed_up) == 1 and second.backed_up != first.backed_up
    assert backup.read_text(encoding="utf-8") == '{"a": "my answers"}'
    assert len(list((target / "notebooks" / BACKUP_DIR).iterdir())) == 2

    # nothing changed: nothing copied, nothing backed up
    third = init_workspace(target, files=course)
    assert not (third.written or third.updated or third.backed_up) and len(third.unchanged) == 4


def test_init_refreshes_an_untouched_copy_when_the_course_changes(course, tmp_path):
    target = tmp_path / "ws"
    init_workspace(target, files=course)
    write(course.notebooks / "00_start_here.ipynb", '{"start": "version 2"}')   # a newer course
    report = init_workspace(target, files=course)
    assert report.updated == ["notebooks/00_start_here.ipynb"] and not report.backed_up
    assert (target / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8") == '{"start": "version 2"}'


def test_a_file_already_there_without_a_manifest_is_backed_up(course, tmp_path):
    target = tmp_path / "ws"
    write(target / "notebooks" / "00_start_here.ipynb", '{"someone else": 1}')
    report = init_workspace(target, files=course)
    assert report.backed_up and (target / report.backed_up[0]).read_text(encoding="utf-8") == '{"someone else": 1}'


def test_init_refuses_the_course_itself_and_files_in_the_way(course, tmp_path):
    with pytest.raises(WorkspaceError, match="course's own notebooks"):
        init_workspace(course.notebooks.parent, files=course)
    with pytest.raises(WorkspaceError, match="course's own notebooks"):
        init_workspace(course.notebooks / "01_m", files=course)
    with pytest.raises(WorkspaceError, match="course's own notebooks"):
        init_workspace(REPO)
    write(tmp_path / "ws" / "notebooks", "a file")
    with pytest.raises(WorkspaceError, match="is a file"):
        init_workspace(tmp_path / "ws", files=course)
    write(tmp_path / "ws2" / "notebooks" / ".backup", "a file")
    write(tmp_path / "ws2" / "notebooks" / "00_start_here.ipynb", "changed")
    with pytest.raises(WorkspaceError, match="is a file"):
        init_workspace(tmp_path / "ws2", files=course)


def test_init_copies_the_real_course(tmp_path):
    report = init_workspace(tmp_path / "ws", solutions=False)
    learner = course_notebooks(REPO / "notebooks")
    assert sorted(r.removeprefix("notebooks/") for r in report.written) == learner
    for rel in learner:
        assert (tmp_path / "ws" / "notebooks" / rel).read_bytes() == (REPO / "notebooks" / rel).read_bytes()
    assert not (tmp_path / "ws" / "notebooks" / BACKUP_DIR).exists()


# --------------------------------------------------------------------------- finding
def test_locate_finds_the_workspace_from_inside_it(course, tmp_path):
    target = tmp_path / "ws"
    init_workspace(target, files=course)
    inside = target / "notebooks" / "01_m"
    assert find_workspace(inside) == target.resolve()
    for found in (locate(inside), locate(folder=target), locate(folder=target / "notebooks")):
        assert (found.kind, found.root, found.notebooks) == ("workspace", target.resolve(),
                                                              target.resolve() / "notebooks")


def test_locate_a_checkout_a_plain_folder_and_the_default_workspace(course, tmp_path, monkeypatch):
    assert locate(REPO / "crmcourse").kind == "checkout" and locate(REPO).notebooks == REPO / "notebooks"
    assert locate(folder=REPO / "notebooks").kind == "checkout"
    plain = tmp_path / "plain"
    plain.mkdir()
    assert locate(folder=plain).kind == "folder" and locate(folder=plain).notebooks == plain.resolve()
    with pytest.raises(WorkspaceError, match="not a folder"):
        locate(folder=tmp_path / "missing")

    # outside any workspace or checkout: the default workspace once it exists ...
    default = Path(ws.default_workspace())
    init_workspace(default, files=course)
    assert locate(plain) == ws.Located(default.resolve() / "notebooks", default.resolve(), "workspace")
    # ... else the checkout of an editable install (this test run), else nothing
    monkeypatch.setenv(ws.WORKSPACE_ENV, str(tmp_path / "nothing-here"))
    assert locate(plain).kind == "checkout"
    monkeypatch.setattr(ws, "_PACKAGE_DIR", tmp_path / "site-packages" / "crmcourse")
    assert locate(plain) is None


def test_offer_workspace_prints_the_command_when_nobody_can_answer(tmp_path):
    out = io.StringIO()
    assert offer_workspace(interactive=False, out=out) is None
    assert init_command(ws.default_workspace()) in out.getvalue()
    assert not ws.default_workspace().exists()


@pytest.mark.parametrize("answer, created", [("", True), ("y", True), ("n", False)])
def test_offer_workspace_asks_in_a_terminal(answer, created, course, monkeypatch):
    monkeypatch.setattr(ws, "course_files", lambda: course)
    asked = []
    out = io.StringIO()
    result = offer_workspace(interactive=True, ask=lambda q: asked.append(q) or answer, out=out)
    assert asked and str(ws.default_workspace()) in asked[0]
    assert (result is not None) is created and is_workspace(ws.default_workspace()) is created
    if not created:
        assert "crmcourse init" in out.getvalue()


def test_init_command_quotes_the_folder():
    assert init_command("/tmp/plain") == "crmcourse init /tmp/plain"
    assert init_command("/tmp/a b", lang="zh", solutions=False) == "crmcourse init '/tmp/a b' --lang zh --no-solutions"


# --------------------------------------------------------------------------- the commands
def test_crmcourse_init_command(course, tmp_path, monkeypatch, capsys):
    from crmcourse import cli

    monkeypatch.setattr(ws, "course_files", lambda: course)
    assert cli.main(["init", str(tmp_path / "ws"), "--no-solutions"]) == 0
    out = capsys.readouterr().out
    assert "2 copied" in out and f'crmcourse lab --root "{(tmp_path / "ws").resolve()}"' in out
    assert not (tmp_path / "ws" / "solutions").exists()
    assert cli.main(["init"]) == 0 and is_workspace(ws.default_workspace())
    assert "Open it with `crmcourse lab`" in capsys.readouterr().out
    assert cli.main(["init", str(course.notebooks.parent)]) == 2
    assert "course's own notebooks" in capsys.readouterr().err
    for lang in ws.LANGUAGES:   # the command offers every course language
        assert cli.build_parser().parse_args(["init", "--lang", lang]).lang == lang


def test_crmcourse_lab_opens_the_workspace_or_says_how_to_make_one(course, tmp_path, monkeypatch, capsys):
    from crmcourse import cli
    from crmcourse.authoring import lab

    started = []
    monkeypatch.setattr(lab, "run_lab", lambda cmd, cwd: started.append((cmd, Path(cwd))) or 0)
    monkeypatch.setattr(ws, "_PACKAGE_DIR", tmp_path / "site-packages" / "crmcourse")   # an installed wheel
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))        # nobody to answer
    assert cli.main(["lab", "--no-browser"]) == 2 and not started
    assert init_command(ws.default_workspace()) in capsys.readouterr().out

    init_workspace(tmp_path / "ws", files=course)
    monkeypatch.chdir(tmp_path / "ws" / "notebooks" / "01_m")
    assert cli.main(["lab", "--no-browser", "--port", "8899"]) == 0
    cmd, cwd = started[-1]
    assert cwd == (tmp_path / "ws" / "notebooks").resolve() and "--ServerApp.port=8899" in cmd
    monkeypatch.chdir(elsewhere)
    assert cli.main(["lab", "--root", str(tmp_path / "ws")]) == 0 and started[-1][1] == cwd
    assert cli.main(["lab", "--root", str(elsewhere)]) == 2
    assert "is missing" in capsys.readouterr().err
