"""Outside text made fit to show on one line: nothing in it can hide, reorder or break it. Pure.

Model names and messages come from the API and from Claude Code's status-line
feed. In a menu line a bidi control (U+202E) reverses the rest of the line and a
zero-width character hides inside a name; as a notifier's argument a NUL or a
lone surrogate cannot even be passed to the program.
"""

from __future__ import annotations

LINE_BREAKS = "\r\n\u2028\u2029\x85\x0b\x0c"
_HIDDEN_RANGES = (  # inclusive; every Cf (format) character of Unicode 16, and the controls
    (0x00, 0x1F),  # C0 controls, NUL among them
    (0x7F, 0x9F),  # DEL and the C1 controls
    (0xAD, 0xAD),
    (0x600, 0x605),
    (0x61C, 0x61C),  # Arabic letter mark (bidi)
    (0x6DD, 0x6DD),
    (0x70F, 0x70F),
    (0x890, 0x891),
    (0x8E2, 0x8E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),  # zero-width space, non-joiner, joiner; LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x2066, 0x206F),  # bidi isolates, deprecated format characters
    (0xFEFF, 0xFEFF),  # zero-width no-break space (BOM)
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),  # tag characters
)
# For str.translate, which does in C what a loop over characters would do in Python:
# a cached menu run cleans every line, and building this table costs ~15 µs.
HIDDEN: dict[int, str | None] = dict.fromkeys(
    [code for first, last in _HIDDEN_RANGES for code in range(first, last + 1)]
)
HIDDEN.update(dict.fromkeys(map(ord, LINE_BREAKS), " "))


def one_line(text: str) -> str:
    """`text` with line breaks as spaces, without controls, format characters or lone surrogates."""
    text = text.translate(HIDDEN)
    if text.isascii():
        return text
    return text.encode("utf-8", "ignore").decode("utf-8")  # drops lone surrogates (U+D800–DFFF)
