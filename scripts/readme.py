#!/usr/bin/env python3
"""Refreshes the README's included blocks from their source files.

A block looks like
    <!-- include: docs/sla.md -->
    ...
    <!-- end include -->
and is replaced by the file's text (a `.yaml` file goes in a yaml code block).
tests/generated.rs fails when a block is stale.
"""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
readme = root / "README.md"
text = readme.read_text(encoding="utf-8")

def render(match):
    name = match.group(1)
    body = (root / name).read_text(encoding="utf-8").rstrip() + "\n"
    if name.endswith(".yaml"):
        body = "```yaml\n" + body + "```\n"
    return f"<!-- include: {name} -->\n{body}<!-- end include -->"

new = re.sub(r"<!-- include: (\S+) -->\n.*?<!-- end include -->", render, text, flags=re.S)
if "--check" in sys.argv:
    sys.exit(0 if new == text else 1)
readme.write_text(new, encoding="utf-8")
