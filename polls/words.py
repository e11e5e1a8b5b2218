"""The terms of a word cloud: how a typed term is cleaned, which terms count together, and the
German filler words that never count.

"Ehrenamt", " ehrenamt " and "EHRENAMT!" are one term; "die Feuerwehr" and "Feuerwehr" too (a
filler word at either end is dropped); "und" alone is no term at all.
"""

import re
import unicodedata

# Articles, pronouns, conjunctions, prepositions and particles: what a word cloud of a German
# room would otherwise be made of. Casefolded ("ß" is "ss").
STOP_WORDS = frozenset(
    """
    aber alle allem allen aller alles als also am an auch auf aus bei beim bin bis bist da damit
    dann das dass dem den denn der des dessen die dies diese diesem diesen dieser dieses doch dort
    du durch ein eine einem einen einer eines er es etwas euch euer für hab habe haben hat hatte
    hier ich ihr ihre im in ist ja jede jedem jeden jeder jedes kein keine man mehr mein meine mich
    mir mit muss nach nicht nichts noch nun nur ob oder ohne sehr sein seine sich sie sind so soll
    sollen sonst über um und uns unser unsere unter viel vom von vor war wäre was weil wenn wer
    werden wie wir wird wo zu zum zur
    """.casefold().split()
)

# Quotes, brackets and punctuation around a term ("„Ehrenamt“", "Zeit!") are not part of it.
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """The term as it will be shown: Unicode-normalised (NFC), inner whitespace collapsed, no
    punctuation at the ends, no filler word at either end. Empty when nothing is left."""
    words = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip().split(" ")
    words = [_EDGES.sub("", word) for word in words]
    words = [word for word in words if word]
    while words and words[0].casefold() in STOP_WORDS:
        words.pop(0)
    while words and words[-1].casefold() in STOP_WORDS:
        words.pop()
    return " ".join(words)


def normalise(text: str) -> str:
    """The key under which terms count together: the cleaned term, casefolded."""
    return clean(text).casefold()
