#!/usr/bin/env python3
"""Pins every migration's SHA-256 in crates/store/tests/migrations.rs (run after writing a
new migration, before it ships; a shipped migration's pin must never change)."""
import hashlib, pathlib, re

root = pathlib.Path(__file__).resolve().parent.parent
test = root / "crates/store/tests/migrations.rs"
files = sorted((root / "crates/store/migrations").glob("[0-9][0-9][0-9][0-9]_*.sql"))
pins = "".join(
    f'    (\n        {int(f.name[:4])},\n        "{hashlib.sha256(f.read_bytes()).hexdigest()}",\n    ),\n'
    for f in files
)
src = test.read_text()
new = re.sub(r"(const PINNED: &\[\(u32, &str\)\] = &\[\n).*?(\];)", lambda m: m.group(1) + pins + m.group(2), src, count=1, flags=re.S)
test.write_text(new)
