"""XML from strangers, parsed safely, with problems that say the file, line and element.

defusedxml refuses any DTD before expat sees an entity: CXL, GraphML and GEXF never need one,
and a DTD is how billion-laughs, quadratic blow-up and external-entity (file:, http:) attacks
arrive. Elements remember the line and column they start on, so a format module can point at
the exact ``<connection>`` that names a missing concept.

Writing is here too: one place that makes text safe for XML 1.0 and serialises a tree.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser

from mapviewer.io.jsonsafe import decode_utf8, read_bytes
from mapviewer.io.records import At, Progress, fail
from mapviewer.problems import MapFileError, Problem

CHUNK = 256 * 1024
Element = ET.Element


@dataclass
class XmlDoc:
    """A parsed file: its root, its name for problems, and where each element starts."""

    root: Element
    name: str
    lines: dict[Element, tuple[int, int]] = field(default_factory=dict)

    def at(self, element: Element, where: str | None = None) -> At:
        line, column = self.lines.get(element, (None, None))
        return At(line, column, where)

    def error(self, element: Element, message: str) -> MapFileError:
        return fail(self.name, message, self.at(element))


class _LineTarget:
    """A TreeBuilder that also records each element's starting line and column."""

    def __init__(self) -> None:
        self.builder = ET.TreeBuilder()
        self.lines: dict[Element, tuple[int, int]] = {}
        self.expat: object | None = None

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        element = self.builder.start(tag, attrs)
        parser = self.expat
        if parser is not None:
            position = (parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)  # type: ignore[attr-defined]
            self.lines[element] = position
        return element

    def end(self, tag: str) -> Element:
        return self.builder.end(tag)

    def data(self, text: str) -> None:
        self.builder.data(text)

    def close(self) -> Element:
        return self.builder.close()


def _refusal(name: str, exc: DefusedXmlException) -> MapFileError:
    if isinstance(exc, DTDForbidden):
        what = "declares a DTD (<!DOCTYPE ...>)"
    elif isinstance(exc, EntitiesForbidden):
        what = "declares entities"
    else:
        what = "refers to an external resource"
    message = (
        f"refused: the file {what}. Map files never need one, and it is how entity bombs and "
        "external-file or network fetches get into XML, so mapviewer does not read it"
    )
    return MapFileError(name, [Problem(name, message)])


def _not_utf8(raw: bytes, name: str) -> MapFileError | None:
    """Expat says only "invalid token" for bad UTF-8; name the byte instead, as JSON does."""
    declared = re.match(rb"<\?xml[^>]*encoding=[\"']([A-Za-z0-9._\-]+)", raw.lstrip()[:200])
    if declared and declared.group(1).lower().replace(b"_", b"-") not in (b"utf-8", b"utf8"):
        return None
    try:
        decode_utf8(raw, name)
    except MapFileError as error:
        return error
    return None


_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*(["'])(.*?)\1""", re.DOTALL)
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_UNMARKED = ((b"<\x00?\x00", "utf-16-le"), (b"\x00<\x00?", "utf-16-be"))
_EXPAT_OWN = ("utf-8", "us-ascii", "ascii", "iso8859-1", "latin-1")


def _encoding_of(raw: bytes) -> tuple[str | None, int]:
    """The encoding a byte order mark or UTF-16's zero bytes show, and the BOM's length."""
    for mark, codec in _BOMS:
        if raw.startswith(mark):
            return codec, len(mark)
    for start, codec in _UNMARKED:
        if raw.startswith(start):
            return codec, 0
    return None, 0


def _as_utf8(raw: bytes, name: str) -> bytes:
    """The file as UTF-8 bytes for expat, whatever encoding it is really in.

    pyexpat raises LookupError for an encoding Python does not know (``encoding="NaN"``) and
    ValueError for multi-byte ones it cannot hand to expat (UTF-16 declared, Shift-JIS):
    text in any encoding Python knows is decoded here and its declaration rewritten to UTF-8
    (line numbers stay the same); an encoding no codec reads is refused with its name.
    """
    found, skip = _encoding_of(raw)
    if found is not None:
        try:
            text = raw[skip:].decode(found)
        except UnicodeDecodeError as exc:
            raise fail(
                name, f"not valid {found.upper()} text (at byte {exc.start + skip})"
            ) from None
        return _redeclared(text)
    declared = _DECLARED.match(raw.lstrip(b"\xef\xbb\xbf \t\r\n"))
    if declared is None:
        return raw
    label = declared.group(2).decode("ascii", "replace").strip()
    try:
        codec = codecs.lookup(label).name
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        shown = label if len(label) <= 40 else label[:40] + "..."
        message = f"the XML declaration names an encoding mapviewer does not know: {shown!r}"
        raise fail(name, message, At(1, 1)) from None
    if codec in _EXPAT_OWN or codec.startswith("utf-8"):
        return raw
    if codec.startswith(("utf-16", "utf-32")):  # its declaration was readable as ASCII: a lie
        message = f"the XML declaration says {label}, but the file is not {label} text"
        raise fail(name, message, At(1, 1))
    try:
        text = raw.decode(codec)
    except (UnicodeDecodeError, ValueError) as exc:
        at = getattr(exc, "start", None)
        where = f" (at byte {at})" if at is not None else ""
        raise fail(name, f"not valid {label} text{where}", At(1, 1)) from None
    return _redeclared(text)


def _redeclared(text: str) -> bytes:
    """Decoded XML text back to bytes, its declaration now saying what they are: UTF-8."""
    text = re.sub(
        r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)(["']).*?\2""", r"\1\2UTF-8\2", text, count=1
    )
    return text.encode("utf-8", "surrogatepass")


def _syntax_error(raw: bytes, name: str, exc: Exception) -> MapFileError:
    line, column = getattr(exc, "position", (None, None))
    bad = _not_utf8(raw, name)
    if bad is not None:
        return bad
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"["):
        return fail(name, "not XML: the file holds JSON", At(1, 1))
    message = str(exc).split(":")[0] if ":" in str(exc) else str(exc)
    return fail(name, f"not well-formed XML: {message}", At(line, (column or 0) + 1))


def parse(path: Path, progress: Progress | None = None) -> XmlDoc:
    """Parse an XML file safely; raises MapFileError for every way it can fail."""
    name = str(path)
    raw = read_bytes(path)
    if not raw.strip():
        raise fail(name, "file is empty", At(1, 1))
    raw = _as_utf8(raw, name)
    target = _LineTarget()
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    target.expat = parser.parser
    try:
        for offset in range(0, len(raw), CHUNK):
            parser.feed(raw[offset : offset + CHUNK])
            if progress is not None:
                progress(offset / len(raw))
        root = parser.close()
    except DefusedXmlException as exc:
        raise _refusal(name, exc) from None
    except (ET.ParseError, SyntaxError) as exc:  # defusedxml's pure-Python parser has its own
        raise _syntax_error(raw, name, exc) from None
    except RecursionError:
        raise fail(name, "XML is nested too deeply") from None
    except (LookupError, ValueError) as exc:  # an encoding _as_utf8 let through after all
        raise fail(name, f"cannot read the file's encoding: {exc}", At(1, 1)) from None
    if progress is not None:
        progress(1.0)
    return XmlDoc(root, name, target.lines)


def local(tag: object) -> str:
    """An element's name without its namespace: ``{http://...}node`` -> ``node``."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Element, name: str) -> Iterator[Element]:
    """Direct children called ``name`` in any namespace (files disagree on namespaces)."""
    return (child for child in element if local(child.tag) == name)


def child(element: Element, name: str) -> Element | None:
    return next(children(element, name), None)


def descendants(element: Element, name: str) -> Iterator[Element]:
    return (e for e in element.iter() if local(e.tag) == name)


def text_of(element: Element | None) -> str:
    """All text inside an element (a yEd label has child elements after its text)."""
    return (element.text or "").strip() if element is not None else ""


# --- writing --------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text XML 1.0 can hold: characters it forbids (control codes) become U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


def sub(
    parent: Element, tag: str, attrs: Mapping[str, object] | None = None, text: str | None = None
) -> Element:
    """Append a child element; attribute values and text are made XML-safe."""
    values = {k: xml_text(v) for k, v in (attrs or {}).items() if v is not None}
    element = ET.SubElement(parent, tag, values)
    if text is not None:
        element.text = xml_text(text)
    return element


def to_bytes(root: Element) -> bytes:
    """Indented UTF-8 with a declaration: what CmapTools, yEd and Gephi all read."""
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
