"""docs/config.md, the reference of every config key, rendered from the config schema.

The schema is the one home of each key's type, default, bounds and meaning; this page is derived
from it (``make docs`` writes it, a test fails when it is stale), so the two cannot disagree.

    python -m mlsweeps.config_docs > docs/config.md
"""
from __future__ import annotations

import json

from .configs import resolve_ref, schema

__all__ = ["render_reference"]

HEADER = """# Config reference

Generated from `workflow/schemas/config.schema.yaml` by `make docs`; edit the schema, not this page.
Each study's section sits under its top-level key; `config.yaml` is the default run (CPU scale), a
value it leaves out takes the default listed here (the reference value of the study's paper scale).
How several config files combine: README, "Config". What each reported number means: the study pages in `docs/`.
"""

_BOUNDS = (("minimum", "≥ {}"), ("exclusiveMinimum", "> {}"), ("maximum", "≤ {}"), ("exclusiveMaximum", "< {}"), ("minItems", "≥ {} items"),
           ("minProperties", "≥ {} entries"))


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _kind(node: dict) -> str:
    if "enum" in node:
        return " / ".join(f"`{choice}`" for choice in node["enum"])
    if "oneOf" in node:
        return "one of: " + "; ".join(" + ".join(f"`{key}`" for key in option["required"]) for option in node["oneOf"])
    kind = node.get("type", "")
    if kind == "array" and "items" in node:
        kind = f"list of {node['items'].get('type', 'values')}"
    return kind


def _bounds(node: dict) -> str:
    return ", ".join(form.format(node[key]) for key, form in _BOUNDS if key in node)


def _rows(prefix: str, node: dict, root: dict):
    """(dotted key, type, default, bounds, description) of ``node``'s keys, depth first, sub-sections after their parent."""
    node = resolve_ref(node, root)
    for key, child in node.get("properties", {}).items():
        resolved = resolve_ref(child, root)
        dotted = f"{prefix}.{key}" if prefix else key
        description = child.get("description", resolved.get("description", ""))
        default = child.get("default", resolved.get("default"))
        if resolved.get("type") == "object" and ("properties" in resolved or isinstance(resolved.get("additionalProperties"), dict)) and not child.get("x-overrides"):
            yield dotted, "section", "", "", description
            yield from _rows(dotted, resolved, root)
            extra = resolved.get("additionalProperties")
            if isinstance(extra, dict):
                yield from _rows(f"{dotted}.<name>", extra, root)
        else:
            shown = "" if default is None else f"`{json.dumps(default, ensure_ascii=False)}`"
            yield dotted, _kind(resolved), shown, _bounds(resolved), description


def render_reference(config_schema: dict | None = None) -> str:
    """The Markdown reference of every key of ``config_schema`` (the workflow's schema by default)."""
    root = config_schema or schema()
    lines = [HEADER]
    for study, node in root["properties"].items():
        lines += [f"## `{study}`", "", _cell(node.get("description", "")), "",
                  "| key | type | default | bounds | meaning |", "| --- | --- | --- | --- | --- |"]
        lines += [f"| `{key}` | {_cell(kind)} | {_cell(default)} | {_cell(bounds)} | {_cell(description)} |"
                  for key, kind, default, bounds, description in _rows(study, node, root)]
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_reference(), end="")
