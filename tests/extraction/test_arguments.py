"""Clauses: where a sentence breaks into separate reports (the pack's ``clause_breaks.tsv``)."""

from __future__ import annotations

import pytest

from service.extraction.clauses import clauses

from .support import normalize, shipped_knowledge


def clause_texts(raw: str) -> list[str]:
    text = normalize(raw)
    return [text.original_text(a, b) for a, b in clauses(text, shipped_knowledge().clauses)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # "both": after a comma or a space
        ("قصفت الطائرات البلدة، في حين اشتبكت الفصائل", ["قصفت الطائرات البلدة", "في حين اشتبكت الفصائل"]),
        ("قصفت الطائرات البلدة بينما اشتبكت الفصائل", ["قصفت الطائرات البلدة", "بينما اشتبكت الفصائل"]),
        ("قصفت الطائرات البلدة وبينما اشتبكت الفصائل", ["قصفت الطائرات البلدة", "وبينما اشتبكت الفصائل"]),
        # "comma": only after a comma
        ("قصفت الطائرات البلدة، فيما اشتبكت الفصائل", ["قصفت الطائرات البلدة", "فيما اشتبكت الفصائل"]),
        ("قصفت الطائرات البلدة فيما اشتبكت الفصائل", ["قصفت الطائرات البلدة فيما اشتبكت الفصائل"]),
        # "space": the phrase must be followed by a space
        ("قتل شخص بالتزامن مع قصف البلدة", ["قتل شخص", "بالتزامن مع قصف البلدة"]),
        # "في وقت" after a comma starts another report; "في وقت سابق" is a time ("never": the longer wins)
        (
            "قتل مدنيان في قصف على البلدة، في وقت بلغت حصيلة الجمعة 19",
            ["قتل مدنيان في قصف على البلدة", "في وقت بلغت حصيلة الجمعة 19"],
        ),
        ("قصفت الطائرات البلدة، في وقت سابق اليوم", ["قصفت الطائرات البلدة، في وقت سابق اليوم"]),
        # semicolons and colons always break
        ("قصف البلدة؛ اشتباكات في الريف", ["قصف البلدة", "اشتباكات في الريف"]),
        # no break for a connective inside another word or after another clitic
        ("قصفت الطائرات البلدة بحيث اشتبكت الفصائل", ["قصفت الطائرات البلدة بحيث اشتبكت الفصائل"]),
        # a sentence-final connective breaks nothing, and clauses stay inside their sentence
        ("قصفت الطائرات البلدة بينما. اشتبكت الفصائل", ["قصفت الطائرات البلدة بينما.", "اشتبكت الفصائل"]),
    ],
)
def test_clause_breaks(raw: str, expected: list[str]) -> None:
    assert clause_texts(raw) == expected
