#!/usr/bin/env python3
"""The front matter of a JS lesson, for tests/js_oracle_test.sh.

A lesson's settings are TOML in its first block comment, when that comment's first line is
exactly `/* loopstep`; the TOML runs up to a `*/` on a line of its own (scenarios/README.md).

  js_front_matter.py FILE.js              prints {"front_matter": bool, "files": {...}, "symlinks": {...}}
  js_front_matter.py FILE.js --write DIR  creates the lesson's [files] and [symlinks] in DIR
  js_front_matter.py FILE.js --check      checks that every `line` note names a line of code
                                          after the front matter (not blank, not a comment)

Paths must be relative and free of `..`, as loopstep requires; anything else is an error
(exit 1), so the oracle never writes outside its temporary folder.
"""
import json
import os
import sys
import tomllib


def front_matter(text):
    """The TOML text of the front matter, or None. Only blank lines, `//` comments and a
    `#!` first line may come before it: the first block comment must be the front matter."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        s = line.strip()
        if s == "" or s.startswith("//") or (i == 0 and s.startswith("#!")):
            continue
        if line.rstrip("\r").rstrip() != "/* loopstep":
            return None
        for j in range(i + 1, len(lines)):
            if lines[j].strip() == "*/":
                return "\n".join(lines[i + 1:j])
        raise ValueError(f"line {i + 1}: `/* loopstep` front matter without a closing `*/` line")
    return None


def checked(path):
    if not isinstance(path, str) or path == "" or path.startswith("/") or "\0" in path:
        raise ValueError(f"bad sandbox path {path!r}")
    if any(part in ("", ".", "..") for part in path.split("/")):
        raise ValueError(f"bad sandbox path {path!r}")
    return path


def check_lines(name, text, doc):
    lines = text.split("\n")
    end = next((i + 1 for i, l in enumerate(lines) if l.strip() == "*/"), 0)  # 1-based
    bad = 0
    for note in doc.get("notes", []):
        if "line" not in note:
            continue
        n = note["line"]
        code = lines[n - 1].strip() if isinstance(n, int) and 0 < n <= len(lines) else ""
        if n <= end or code == "" or code.startswith("//") or code.startswith("/*") or code.startswith("*"):
            print(f"{name}: note line = {n} is not a line of code: {code!r}", file=sys.stderr)
            bad = 1
    return bad


def main(argv):
    if not (len(argv) == 2 or (len(argv) == 3 and argv[2] == "--check") or
            (len(argv) == 4 and argv[2] == "--write")):
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    try:
        fm = front_matter(text)
        doc = tomllib.loads(fm) if fm is not None else {}
        files = {checked(k): v for k, v in doc.get("files", {}).items()}
        links = {checked(k): v for k, v in doc.get("symlinks", {}).items()}
        for k, v in list(files.items()) + list(links.items()):
            if not isinstance(v, str):
                raise ValueError(f"{k}: the value must be a string")
    except (ValueError, tomllib.TOMLDecodeError) as e:
        print(f"{argv[1]}: front matter: {e}", file=sys.stderr)
        return 1
    if len(argv) == 3:
        return check_lines(argv[1], text, doc)
    if len(argv) == 2:
        print(json.dumps({"front_matter": fm is not None, "files": files, "symlinks": links}, indent=1))
        return 0
    root = argv[3]
    for name, content in files.items():
        dest = os.path.join(root, name)
        os.makedirs(os.path.dirname(dest) or root, exist_ok=True)
        with open(dest, "w", encoding="utf-8", newline="") as f:
            f.write(content)
    for name, target in links.items():
        dest = os.path.join(root, name)
        os.makedirs(os.path.dirname(dest) or root, exist_ok=True)
        os.symlink(target, dest)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
