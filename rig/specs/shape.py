"""A product's shape as its spec states it: motors, heads, coupling, and what its certificate prints.

The spec is the only place a product's shape is written down: the steps, the
analysis, the certificate and the simulated bench all take it from here (the
bench by the spec's ``model``). What is checked is only what the rig's
analysis can handle, never a list of known products.
"""

from __future__ import annotations

import re
from typing import Any

from instruments.yaml_nodes import Document
from rig.specs.fields import as_int, as_list, as_mapping, as_number, as_text, child
from rig.specs.model import StepSpec

PRODUCT_PATTERN = re.compile(r"[a-z][a-z0-9-]*")
# The head analysis separates one motor, or two that share the heads half and half.
MAX_MOTORS = 2
CERTIFICATE_FIELDS = ("key_measurements",)


def read_product(doc: Document, top: dict[str, Any]) -> str:
    """Return the product id: lower-case letters, digits and '-' (it names files and index rows)."""
    product = as_text(doc, child(doc, top, (), "product"), ("product",))
    if not PRODUCT_PATTERN.fullmatch(product):
        raise doc.error(("product",), f"product ids are lower-case letters, digits and '-', "
                                      f"got {product!r}")
    return product


def read_shape(doc: Document, top: dict[str, Any]) -> dict[str, Any]:
    """Return ``motors``, ``heads`` and ``head_coupling``, checked against each other."""
    motors = as_int(doc, child(doc, top, (), "motors"), ("motors",), minimum=1)
    if motors > MAX_MOTORS:
        raise doc.error(("motors",), f"the rig analyses products of 1 or {MAX_MOTORS} motors, "
                                     f"not {motors}")
    heads = as_int(doc, child(doc, top, (), "heads"), ("heads",), minimum=1)
    if heads % motors:
        raise doc.error(("heads",), f"{motors} motors drive an equal share of the heads each; "
                                    f"{heads} head{'s' * (heads > 1)} cannot be shared so")
    coupling = as_number(doc, child(doc, top, (), "head_coupling"), ("head_coupling",))
    if not 0.0 <= coupling < 1.0 or (motors == 1 and coupling != 0.0):
        need = "0 with one motor" if motors == 1 else "at least 0 and below 1"
        raise doc.error(("head_coupling",), f"must be {need}, got {coupling}")
    return {"motors": motors, "heads": heads, "head_coupling": coupling}


def read_key_measurements(doc: Document, top: dict[str, Any],
                          steps: dict[str, StepSpec]) -> tuple[str, ...]:
    """Return what a certificate prints per unit (the first is charted); () without the section."""
    if "certificate" not in top:
        return ()
    path = ("certificate",)
    section = as_mapping(doc, top["certificate"], path, CERTIFICATE_FIELDS)
    where = (*path, "key_measurements")
    names = as_list(doc, child(doc, section, path, "key_measurements"), where)
    if not names:
        raise doc.error(where, "must name at least one measurement")
    judged = {f"{step.id}.{name}" for step in steps.values() for name in step.limits}
    for index, name in enumerate(names):
        if not isinstance(name, str) or name not in judged:
            raise doc.error((*where, index), f"{name!r} is no measurement with limits in this spec "
                                             "(names look like 'high.fundamental')")
        if name in names[:index]:
            raise doc.error((*where, index), f"{name!r} appears twice")
    return tuple(names)
