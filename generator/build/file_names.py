"""A file of content as the output names it: its name on disk, the bytes that name may take, and
how an address writes it.

The output keeps each attachment's and image's name as the editor gave it (``Báo cáo #3.pdf``);
every address of it, in a page, a record or ``_server/gone.txt``, writes that name percent-encoded
(``B%C3%A1o%20c%C3%A1o%20%233.pdf``): a space ends an address in ``srcset`` and in ``gone.txt``,
``#`` and ``?`` would cut the path, ``%`` would start an escape. Non-ASCII letters are encoded too:
``gone.txt`` and the nginx configuration hold ASCII tokens, and an address in a page, a record or a
CDN's purge list is then the same bytes as there. A name that needs no encoding is unchanged.
"""
from __future__ import annotations

from urllib.parse import quote

# Besides letters, digits and -._~ (always kept): the characters RFC 3986 allows in a path as they are.
# Everything else (space, quotes, {}, #, ?, %, backslash, controls, non-ASCII as UTF-8) is percent-encoded.
PATH_SAFE = "/!$&'()*+,;=:@"
# The bytes of one file name on the file systems an output is written to (ext4, XFS, Btrfs, tmpfs, APFS)
NAME_MAX = 255


def in_address(path: str) -> str:
    """A path of the output as an address writes it, percent-encoded: one token, no space, ``?`` or
    ``#`` in it. A name that is no proper text (surrogates from odd bytes) keeps its bytes."""
    return quote(path, safe=PATH_SAFE, errors="surrogateescape")


def name_bytes(name: str) -> int:
    """The length of a file name as the file system counts it: its bytes in UTF-8."""
    return len(name.encode("utf-8", "surrogateescape"))
