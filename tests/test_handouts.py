"""Printable handouts (issue 14): ``crmcourse handouts`` prints a learner handout per module and a trainer
key through headless Chromium; the PDFs are opened with pypdf and their content is found.

Chromium is Debian's ``chromium`` (installed in CI). Without it the printing tests are skipped
locally, and fail in CI or with ``CRMCOURSE_REQUIRE_BROWSER=1`` (the rule of tests/browser/).
"""
from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import nbformat
import pytest

from crmcourse import cli
from crmcourse.authoring import handouts
from crmcourse.authoring.handouts import (HandoutError, build_handouts, check_yourself, exercise_answer, key_terms,
                                          markdown_tables, split_exercises)
from crmcourse.authoring.pdf import PrintError
from crmcourse.checks import get_exercise

ROOT = Path(__file__).resolve().parents[1]
MODULE = "01_satisfaction"


def _require_chromium() -> None:
    try:
        handouts.find_chromium()
    except PrintError as exc:
        required = os.environ.get("CI", "").lower() == "true" or \
            os.environ.get("CRMCOURSE_REQUIRE_BROWSER", "").lower() not in ("", "0", "false", "no")
        if required:
            pytest.fail(f"Chromium is needed to print the handouts: {exc}")
        pytest.skip(f"no Chromium: {exc}")


def _text(pdf: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)
    # PDF text maps some CJK glyphs to compatibility characters (⼤ for 大); fold them, and join lines
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    _require_chromium()
    out = tmp_path_factory.mktemp("handouts")
    status = cli.main(["handouts", "--out", str(out), "--module", MODULE])
    assert status == 0
    return out


def test_one_pdf_per_module_and_the_key(built):
    assert sorted(p.name for p in built.glob("*.pdf")) == [f"{MODULE}.pdf", "trainer_key.pdf"]
    for pdf in built.glob("*.pdf"):
        assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.with_suffix(".html").is_file()


def test_learner_handout_has_terms_in_both_languages_frameworks_and_exercises_without_answers(built):
    text = _text(built / f"{MODULE}.pdf")
    assert "Key terms" in text
    # (a term whose characters survive PDF text extraction: the CJK font shares some glyphs, e.g. 户/戶)
    assert "perceived performance" in text and "可感知效果" in text
    assert "must-be attribute" in text and "基本特性" in text    # a Kano term and its Chinese
    assert "Exercise 1.3." in text                                  # an exercise of 1.3 The Kano model
    assert "Check yourself" in text
    assert "Model answers" not in text and "BEGIN SOLUTION" not in text
    learner_nb = nbformat.read(ROOT / "notebooks" / MODULE / "03_kano.ipynb", as_version=4)
    assert not any("### BEGIN SOLUTION" in c.source for c in learner_nb.cells)   # read from the learner copy


def test_trainer_key_holds_the_answers(built):
    text = _text(built / "trainer_key.pdf")
    assert "Trainer key" in text
    assert "Model answers to the discussion prompts" in text and "Fong" in text
    kano = get_exercise("m1_kano_pair")
    assert kano is not None and f"m1_kano_pair — {kano.title}" in text
    answer = exercise_answer(kano)
    assert answer and not answer.startswith("(") and answer in text
    assert "m1_ratio_respondent" in text and exercise_answer(get_exercise("m1_ratio_respondent")) in text


def test_the_cli_reports_a_missing_chromium(tmp_path, capsys):
    status = cli.main(["handouts", "--out", str(tmp_path), "--module", MODULE, "--chromium", "/no/such/chromium"])
    assert status == 2 and "no Chromium" in capsys.readouterr().err
    with pytest.raises(HandoutError):
        build_handouts(tmp_path, modules=["no_such_module"])


# ------------------------------------------------------------------ reading notebooks (no browser)
def test_reading_helpers():
    title = "# 1.3 Kano\n*狩野模型*\n\n**Key terms**\n\n| English | 中文 |\n|---|---|\n| must-be | 基本特性 |\n"
    assert key_terms(title) == [("must-be", "基本特性")]
    concept, exercises = split_exercises("Text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**Exercise 1.3.1.** Do it.\n"
                                         "\n**Exercise 1.3.2.** And this.")
    assert exercises == ["**Exercise 1.3.1.** Do it.", "**Exercise 1.3.2.** And this."]
    assert markdown_tables(concept) == ["| a | b |\n|---|---|\n| 1 | 2 |"]
    assert check_yourself("## Wrap-up\n**Check yourself**\n\n1. Why?\n2. How?\n\n**Next:** 1.4") == "1. Why?\n2. How?"


def test_every_declared_exercise_has_a_printable_answer():
    from crmcourse.checks import all_exercises

    missing = [e.id for e in all_exercises() if exercise_answer(e).startswith("(could not")]
    assert not missing, missing
