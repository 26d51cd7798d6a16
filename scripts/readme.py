#!/usr/bin/env python3
"""Refreshes the included blocks of README.md and docs/*.md from their
source files.

A block looks like
    <!-- include: src/rules/starter.yaml -->
    ...
    <!-- end include -->
and is replaced by the file's text (a `.yaml` file goes in a yaml code
block). The path is from the repository's root. tests/generated.rs fails
when a block is stale.
"""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent

def render(match):
    name = match.group(1)
    body = (root / name).read_text(encoding="utf-8").rstrip() + "\n"
    if name.endswith(".yaml"):
        body = "```yaml\n" + body + "```\n"
    return f"<!-- include: {name} -->\n{body}<!-- end include -->"

stale = False
for page in [root / "README.md", *sorted((root / "docs").glob("*.md"))]:
    text = page.read_text(encoding="utf-8")
    new = re.sub(r"<!-- include: (\S+) -->\n.*?<!-- end include -->", render, text, flags=re.S)
    if new != text:
        stale = True
        if "--check" not in sys.argv:
            page.write_text(new, encoding="utf-8")
if "--check" in sys.argv:
    sys.exit(1 if stale else 0)
