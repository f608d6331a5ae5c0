"""What a menu item runs: the plugin itself, with our arguments, wherever it lives. Pure.

The hosts disagree on how an action's path reaches the OS. xbar execs `bash=`
with the params as argv. SwiftBar builds a shell string, putting the path in
'…' only when it has a space, without escaping a ' inside. Argos pastes the
`bash=` value into `bash -c` unquoted. Params, though, reach the program intact in
all three, so the path goes in a param, after `/usr/bin/env`, which runs it.

One kind of path can't be written as a param in every host: xbar's and SwiftBar's
parameter syntax has no escapes, so a value holding a space, a ' and a " at once
can't be quoted. Such a path (and one holding `=`, which env would read as a
variable, a backslash, which Argos would unescape, or a character that would end the
line) goes printf-encoded, as
`\\ooo` octal escapes, to a one-line sh script that decodes it and execs it.
"""

from __future__ import annotations

ENV = "/usr/bin/env"
SHELL = "/bin/sh"
DECODE_AND_RUN = 'exec "$(printf "$0")" "$@"'  # $0: the encoded path; "$@": our arguments
PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._-+,@")


def launch_params(path: str, *args: str) -> dict[str, str]:
    """`bash=` and `paramN=` values that run `path` with `args`, in every host."""
    if _writable_as_param(path):
        words = [path, *args]
        command = ENV
    else:
        words = ["-c", DECODE_AND_RUN, printf_encoded(path), *args]
        command = SHELL
    params = {"bash": command}
    params.update((f"param{i}", word) for i, word in enumerate(words, start=1))
    return params


def printf_encoded(text: str) -> str:
    """`text` as a printf format that prints it: anything but PLAIN as \\ooo octal bytes."""
    return "".join(
        chr(byte) if chr(byte) in PLAIN else f"\\{byte:03o}"
        for byte in text.encode("utf-8", "surrogateescape")  # a path's own bytes, undecodable too
    )


def _writable_as_param(path: str) -> bool:
    quotes = ("'" in path) + ('"' in path)
    plain = path.isprintable() and not {"=", "\\"} & set(path)  # no line breaks, no escapes
    return path.startswith("/") and quotes < 2 and plain
