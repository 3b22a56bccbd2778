"""Reading a submitted instance (the XML a phone or the browser sends) into plain values.

Groups are flattened (names are unique in a form); a repeat becomes a list of dicts, one per repetition.
A reviewer's corrections are laid over the values by the same keys the problems name: `returned_on`,
`referral.2.referred_on` (repetitions counted from 1, as the form shows them)."""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.utils.translation import gettext as _

# A submission's XML is a few kilobytes; far more is not a form instance.
MAX_XML_BYTES = 2 * 1024 * 1024


class InstanceError(ValueError):
    """The XML is not a form instance this server can read (said to the sender, who keeps it)."""


@dataclass
class Instance:
    form_id: str
    version: str
    instance_id: str
    values: dict


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read(element, repeats: frozenset[str], values: dict) -> None:
    for child in element:
        name = _local(child.tag)
        if name == "meta":
            continue
        if name in repeats:
            item: dict = {}
            _read(child, repeats, item)
            values.setdefault(name, []).append(item)
        elif len(child):
            _read(child, repeats, values)
        else:
            values[name] = (child.text or "").strip()


def parse(xml: bytes | str, *, repeats_of) -> Instance:
    """Parse an instance; `repeats_of(form_id)` names the form's repeat groups (None: an unknown form)."""
    raw = xml.encode() if isinstance(xml, str) else xml
    if len(raw) > MAX_XML_BYTES:
        raise InstanceError(_("The submission is larger than a form instance can be."))
    try:
        # The standard library's parser does not fetch external entities and refuses entity expansion bombs
        # (expat 2.4+), which is what an instance from an unknown phone calls for.
        root = ET.fromstring(raw)
    except ET.ParseError as error:
        raise InstanceError(
            _("The submission is not well-formed XML (%(error)s).") % {"error": error}
        ) from None
    form_id = root.get("id", "")
    repeats = repeats_of(form_id)
    if repeats is None:
        raise InstanceError(_("There is no form %(form)s on this server.") % {"form": repr(form_id)})
    instance_id = ""
    for element in root.iter():
        if _local(element.tag) == "instanceID":
            instance_id = (element.text or "").strip()
    if not instance_id:
        raise InstanceError(_("The submission has no instance ID (meta/instanceID)."))
    values: dict = {}
    _read(root, repeats, values)
    return Instance(form_id, root.get("version", ""), instance_id, values)


def corrected(values: dict, corrections: dict[str, str]) -> dict:
    """The values with a reviewer's corrections laid over them (keys as in `problems`)."""
    out = {k: [dict(item) for item in v] if isinstance(v, list) else v for k, v in values.items()}
    for key, value in corrections.items():
        parts = key.split(".")
        if len(parts) == 3 and parts[1].isdigit() and isinstance(out.get(parts[0]), list):
            items = out[parts[0]]
            index = int(parts[1]) - 1
            if 0 <= index < len(items):
                items[index][parts[2]] = value
        elif len(parts) == 1:
            out[key] = value
    return out


def flat(values: dict) -> list[tuple[str, str]]:
    """Every answer as (key, value), repetitions as `name.N.field`: what a reviewer reads and corrects."""
    rows = []
    for key, value in values.items():
        if isinstance(value, list):
            for n, item in enumerate(value, start=1):
                rows += [(f"{key}.{n}.{k}", v) for k, v in item.items() if not isinstance(v, list)]
        else:
            rows.append((key, value))
    return rows
