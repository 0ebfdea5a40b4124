"""Build the pack's event_forms.tsv and cue_forms.tsv: every inflected form of the event words of
event_lemmas.tsv and of the cue verbs of cue_lemmas.tsv.

    .venv/bin/python scripts/build_lexicon.py [--pack service/packs/default]

Morphology is generated here, at build time, so that the service matches inflected words with
its one automaton scan instead of analysing each word at run time:
- verbs are conjugated by libqutrub (Qutrub, T. Zerrouki; GPL) in the past and present, active
  and passive, every person (قصفت، قصفوا، يقصفون، تقصف، قُصف)); the future is س + the present;
- nouns take their dual, sound plurals and accusative by rule, their broken plurals from the
  arramooz dictionary (T. Zerrouki; GPL) or from the lemma file, and attached pronouns
  (غاراته، قصفها، هجماتهم);
- noun phrases make the adjective agree (غارة جوية، غارتين جويتين، غارات جوية، القصف الجوي);
- verb phrases conjugate their verb and keep the rest (أطلقوا النار، تعرضت لقصف).
arramooz also tells which nouns take a sound plural or a dual. Only the generated table ships;
these libraries belong to the build dependency group, never to the service's runtime.
Why these: qalsadi (an analyser over the same dictionary) takes about 60 ms per sentence, far
too slow at run time; alyahmor (the generator) fails to import on Python 3.11; tashaphyne is a
light stemmer that conflates words (غارات -> غار).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import arramooz.arabicdictionary as arramooz  # noqa: E402
import libqutrub.mosaref_main as qutrub  # noqa: E402
import pyarabic.araby as araby  # noqa: E402

from service.extraction import DEFAULT_PACK  # noqa: E402
from service.extraction.pack import Pack  # noqa: E402

# libqutrub's tenses we keep, and what each becomes. Not the jussive: it adds nothing to a
# sound verb's forms, and a hollow verb's short jussive is another verb's word (استعاد -> يستعد,
# "prepares"; عاد -> يعد, "counts").
_TENSES = {
    "الماضي المعلوم": ("past", "verb"),
    "المضارع المعلوم": ("present", "verb"),
    "المضارع المنصوب": ("present", "verb"),
    "الماضي المجهول": ("past", "passive"),
    "المضارع المجهول": ("present", "passive"),
    "المضارع المجهول المنصوب": ("present", "passive"),
}
_PRONOUNS = ("ه", "ها", "هم", "هما", "هن")  # attached to a noun: غاراته، قصفها
# The ا written after the و of "they" ("قتلوا") falls before an object pronoun ("قتلوه"): the matcher
# reads the pronoun after the form without it.
_GROUP_ALIF = "وا"
_HAMZA_AFTER_ALIF = "اء"  # a final hamza that takes a seat before a pronoun: اعتداء -> اعتدائه
_NO_ACCUSATIVE_ALIF = ("ة", "ا", "ى", "ء", "ئ", "ات")
_TEH_MARBUTA = "ة"
_ARTICLE = "ال"


@dataclass(frozen=True, slots=True)
class Form:
    phrase: str
    type: str
    form: str  # verb | passive | noun | exposure
    weight: str
    lemma: str
    aspect: str  # past | present | future | noun
    number: str  # singular | dual | plural


class Morphology:
    def __init__(self) -> None:
        self.nouns = arramooz.ArabicDictionary("nouns")
        self.verbs = arramooz.ArabicDictionary("verbs")

    def noun_entry(self, lemma: str) -> dict | None:
        entries = [dict(e) for e in self.nouns.lookup(lemma)]
        return entries[0] if entries else None

    def noun(
        self, lemma: str, extra_plurals: list[str], *, doer: bool, not_plurals: frozenset[str] = frozenset()
    ) -> Iterator[tuple[str, str, str]]:
        """(form, number, shape) of a noun: singular, accusative, dual, plurals (but ``not_plurals``,
        the dictionary's plurals that are another word in news), and with attached pronouns;
        ``shape`` says what an agreeing adjective takes (see ``_agree``)."""
        entry = self.noun_entry(lemma) or {}
        stem = lemma[:-1] + "ت" if lemma.endswith(_TEH_MARBUTA) else lemma
        yield lemma, "singular", "nominative"
        if not lemma.endswith(_NO_ACCUSATIVE_ALIF):
            yield lemma + "ا", "singular", "accusative"
        yield stem + "ان", "dual", "ان"
        yield (stem + "ين", "plural", "plural") if doer else (stem + "ين", "dual", "ين")
        plurals = list(extra_plurals)
        if lemma.endswith(_TEH_MARBUTA):
            plurals.append(lemma[:-1] + "ات")
        elif entry.get("feminin_plural"):
            plurals.append(lemma + "ات")
        if doer or entry.get("masculin_plural"):
            plurals += [lemma + "ون", lemma + "ين"]
        plurals += [p for p in _broken_plurals(entry) if p not in not_plurals]
        for plural in dict.fromkeys(plurals):
            yield plural, "plural", "plural"
        for base, number in ((stem, "singular"), *((p, "plural") for p in plurals if p.endswith("ات"))):
            for pronoun in _PRONOUNS:
                for seated in _hamza_seats(base):
                    yield seated + pronoun, number, "pronoun"

    def verb(self, lemma: str, present: str) -> Iterator[tuple[str, str, str]]:
        """(form, aspect, voice) of every person of a verb's past and present, active and passive."""
        table = None
        for vocalized, vowel in self._readings(lemma, present):
            table = qutrub.do_sarf(
                vocalized, vowel, alltense=True, past=True, future=True, passive=True, transitive=True,
                display_format="DICT",
            )  # fmt: skip
            if table:
                break
        if not table:
            raise SystemExit(f"libqutrub cannot conjugate {lemma!r}: give its present vowel or list it as a phrase")
        for tense, (aspect, voice) in _TENSES.items():
            for form in (table.get(tense) or {}).values():
                plain = araby.strip_tashkeel(form)
                if plain:
                    yield plain, aspect, voice
                    if aspect == "present":
                        yield "س" + plain, "future", voice
                    if plain.endswith(_GROUP_ALIF):  # before an object pronoun: "قتلوه", "استردوهما"
                        yield plain[:-1], aspect, voice

    def _readings(self, lemma: str, present: str) -> list[tuple[str, str]]:
        """(vocalized verb, present vowel) to conjugate: arramooz's entries of the lemma (those with
        the given present vowel first), then the bare lemma. libqutrub needs the vowels of a
        doubled verb (صَدَّ) to conjugate it."""
        entries = [dict(e) for e in self.verbs.lookup(lemma)]
        entries.sort(key=lambda e: e.get("future_type") != present)
        readings = [(e["vocalized"], present if present != "-" else e.get("future_type") or "فتحة") for e in entries]
        return [*readings, (lemma, present if present != "-" else "فتحة")]


def _hamza_seats(base: str) -> tuple[str, ...]:
    """A noun that ends in a hamza after a long ا writes it, before an attached pronoun, on the
    seat its case gives: "اعتداءه", "اعتداؤه", "اعتدائه" ("إثر اعتدائه على الحاجز")."""
    if not base.endswith(_HAMZA_AFTER_ALIF):
        return (base,)
    return base, base[:-1] + "ؤ", base[:-1] + "ئ"


def _broken_plurals(entry: dict) -> list[str]:
    raw = araby.strip_tashkeel(entry.get("broken_plural") or "")
    return [p.split("(")[0].strip() for p in raw.replace("،", ",").split(",") if p.split("(")[0].strip()]


def _agree(adjective: str, shape: str) -> str:
    """The adjective of a noun phrase as its noun's shape asks: the dual's ending (غارتين جويتين),
    the feminine singular after a non-human plural (غارات جوية), the accusative (قصفا جويا)."""
    feminine = adjective.endswith(_TEH_MARBUTA)
    if shape in ("ان", "ين"):
        return (adjective[:-1] + "ت" if feminine else adjective) + shape
    if shape == "plural":
        return adjective if feminine else adjective + _TEH_MARBUTA
    if shape == "accusative" and not adjective.endswith(_NO_ACCUSATIVE_ALIF):
        return adjective + "ا"
    return adjective


def _is_tafaul(verb: str) -> bool:
    """A verb of the pattern تفعّل (تعرّض), whose verbal noun is spelled as its past without the
    diacritics: "تعرّضه" is "his being subjected"."""
    return len(verb) == 4 and verb.startswith("ت")


def forms_of(morphology: Morphology, row: dict[str, str]) -> Iterator[Form]:
    lemma, pos, event_type, weight = row["lemma"], row["pos"], row["type"], row["weight"]
    cells = [p for p in row["plurals"].split("|") if p and p != "-"]
    plurals = [p for p in cells if not p.startswith("!")]
    not_plurals = frozenset(p[1:] for p in cells if p.startswith("!"))  # "!مقاتل": fighter, not killings
    exposure = row["role"] == "exposure"

    def form(phrase: str, kind: str, aspect: str, number: str) -> Form:
        return Form(phrase, event_type, "exposure" if exposure else kind, weight, lemma, aspect, number)

    if pos == "phrase":
        yield form(lemma, "noun", "noun", "singular")
    elif pos in ("noun", "participle"):
        for phrase, number, _ in morphology.noun(lemma, plurals, doer=pos == "participle", not_plurals=not_plurals):
            yield form(phrase, "noun", "noun", number)
    elif pos == "verb":
        for phrase, aspect, voice in morphology.verb(lemma, row["present"]):
            yield form(phrase, voice, aspect, "singular")
    elif pos == "verb_phrase":
        verb, _, rest = lemma.partition(" ")
        for phrase, aspect, voice in morphology.verb(verb, row["present"]):
            yield form(f"{phrase} {rest}", voice, aspect, "singular")
        if exposure and _is_tafaul(verb):  # the verbal noun with its subject attached: "تعرضه للضرب"
            for pronoun in _PRONOUNS:
                yield form(f"{verb}{pronoun} {rest}", "noun", "noun", "singular")
    elif pos == "noun_phrase":
        noun, _, adjective = lemma.partition(" ")
        for phrase in (p for p in plurals if " " in p):  # plural phrases the lemma file spells out
            yield form(phrase, "noun", "noun", "plural")
        single_words = [p for p in plurals if " " not in p]
        for head, number, shape in morphology.noun(noun, single_words, doer=False):
            if shape == "pronoun":
                continue  # a pronoun ends the noun phrase: "غاراتها الجوية" is not one phrase
            yield form(f"{head} {_agree(adjective, shape)}", "noun", "noun", number)
            definite = _agree(adjective, "nominative" if shape == "accusative" else shape)
            yield form(f"{head} {_ARTICLE}{definite}", "noun", "noun", number)  # ال + "قصف الجوي"
    else:
        raise SystemExit(f"unknown pos {pos!r} for {lemma!r}")


def merged(forms: Iterator[Form]) -> list[Form]:
    """One row per surface form, type and part of speech: the active voice and the earlier aspect
    win ties (قصف is both قَصَفَ and قُصِفَ once the diacritics are gone); a noun that is spelled as
    a verb keeps its row, which the matcher reads when tanween says it is no verb ("تقدماً": an
    advance, not "they two advanced")."""
    kept: dict[tuple[str, str, bool], Form] = {}
    for f in forms:
        kept.setdefault((f.phrase, f.type, f.aspect == "noun"), f)
    return sorted(kept.values(), key=lambda f: (f.type, f.lemma, f.phrase, f.aspect != "noun"))


def cue_forms(morphology: Morphology, row: dict[str, str]) -> Iterator[str]:
    """Every form of a cue verb: its persons, tenses and voices ("هددت", "يهددون", "أُصيب")."""
    for phrase, _, _ in morphology.verb(row["lemma"], row["present"]):
        yield phrase


def write_cues(pack: Pack, morphology: Morphology, versions: str) -> int:
    rows = pack.rows("cue_lemmas.tsv", columns=("lemma", "cue", "scope", "except", "present"))
    forms: dict[tuple[str, str], tuple[str, str]] = {}
    for row in rows:
        exempt = "" if row["except"] == "-" else row["except"]
        for phrase in cue_forms(morphology, row):
            forms.setdefault((phrase, row["cue"]), (row["scope"], exempt))
    header = [
        "# Every form of the cue verbs of cue_lemmas.tsv, generated by scripts/build_lexicon.py",
        f"# ({versions}). Do not edit: edit cue_lemmas.tsv and rebuild.",
        "phrase\tcue\tscope\texcept",
    ]
    lines = [f"{phrase}\t{cue}\t{scope}\t{exempt}" for (phrase, cue), (scope, exempt) in sorted(forms.items())]
    (pack.path / "cue_forms.tsv").write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", type=Path, default=DEFAULT_PACK)
    options = parser.parse_args()
    pack = Pack(options.pack)
    rows = pack.rows("event_lemmas.tsv", columns=("lemma", "pos", "type", "weight", "present", "plurals", "role"))
    morphology = Morphology()
    forms = merged(f for row in rows for f in forms_of(morphology, row))
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("arramooz-pysqlite", "libqutrub", "PyArabic"))
    header = [
        "# Every inflected form of the event words of event_lemmas.tsv, generated by scripts/build_lexicon.py",
        f"# ({versions}): verbs conjugated by libqutrub, noun plurals and duals from arramooz and rule,",
        "# noun phrases with agreeing adjectives. Do not edit: edit event_lemmas.tsv and rebuild.",
        "# Columns: phrase, type, form (verb | passive | noun | exposure), weight, lemma, aspect, number.",
        "phrase\ttype\tform\tweight\tlemma\taspect\tnumber",
    ]
    lines = [f"{f.phrase}\t{f.type}\t{f.form}\t{f.weight}\t{f.lemma}\t{f.aspect}\t{f.number}" for f in forms]
    (options.pack / "event_forms.tsv").write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} lemmas -> {len(forms)} forms in {options.pack / 'event_forms.tsv'}")
    print(f"cue verbs -> {write_cues(pack, morphology, versions)} forms in {options.pack / 'cue_forms.tsv'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
