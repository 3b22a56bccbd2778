"""Filling a downloaded XForm as ODK Collect does: copy the form's primary instance, answer its questions by
name, repeat its repeat groups, and keep the instance ID the form generates."""

import copy
import uuid
import xml.etree.ElementTree as ET

XFORMS = "{http://www.w3.org/2002/xforms}"
JR_TEMPLATE = "{http://openrosa.org/javarosa}template"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _answer(element, answers: dict) -> None:
    for child in element:
        if len(child):
            _answer(child, answers)
        elif _local(child.tag) in answers:
            child.text = str(answers[_local(child.tag)])


def fill(
    xform: str, answers: dict, repeats: dict[str, list[dict]] | None = None, instance_id: str = ""
) -> bytes:
    """The instance XML Collect would send for these answers."""
    root = ET.fromstring(xform)
    model = root.find(f".//{XFORMS}model")
    data = copy.deepcopy(model.find(f"{XFORMS}instance")[0])  # type: ignore[union-attr,index]
    for name, items in (repeats or {}).items():
        parent = next(p for p in data.iter() for c in p if _local(c.tag) == name)
        templates = [c for c in parent if _local(c.tag) == name]
        template = templates[0]
        position = list(parent).index(template)
        for c in templates:
            parent.remove(c)
        for n, item in enumerate(items):
            copy_ = copy.deepcopy(template)
            copy_.attrib.pop(JR_TEMPLATE, None)
            _answer(copy_, item)
            parent.insert(position + n, copy_)
    _answer(data, answers)
    for element in data.iter():
        if _local(element.tag) == "instanceID":
            element.text = instance_id or f"uuid:{uuid.uuid4()}"
    ET.register_namespace("", "http://www.w3.org/2002/xforms")
    # Collect writes the instance without the XForms default namespace on the data element.
    text = ET.tostring(data, encoding="unicode").replace(' xmlns="http://www.w3.org/2002/xforms"', "")
    text = text.replace("ns0:", "").replace(":ns0", "")
    return ("<?xml version='1.0' ?>" + text).encode()
