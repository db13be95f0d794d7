#!/usr/bin/env python3
"""Regenerates the deliberately broken mirror files in this folder.

Deterministic; run from anywhere: python3 make_fixtures.py. Tests copy these
files into a temporary directory before opening them and check that a failed
open leaves their bytes unchanged.
"""
import os
import random
import sqlite3

HERE = os.path.dirname(os.path.abspath(__file__))


def path(name):
    return os.path.join(HERE, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def sqlite_file(name, statements):
    tmp = path(name + ".tmp")
    if os.path.exists(tmp):
        os.remove(tmp)
    con = sqlite3.connect(tmp)
    con.execute("PRAGMA page_size = 4096")
    for s in statements:
        con.execute(s)
    con.commit()
    con.close()
    with open(tmp, "rb") as f:
        data = f.read()
    os.remove(tmp)
    return data


def main():
    rng = random.Random(20260115)
    # Random bytes: no SQLite header at all.
    write("garbage.db", bytes(rng.getrandbits(8) for _ in range(8192)))
    # A preallocated file that never got written.
    write("zeros.db", bytes(8192))
    # A text file with a .db name.
    write("text.db", b"This is not a database, it is a note someone saved as mirror.db.\n")
    rows = ["INSERT INTO filler (id, body) VALUES (%d, '%s')" % (i, "x" * 900) for i in range(60)]
    full = sqlite_file("truncated", ["CREATE TABLE filler (id INTEGER PRIMARY KEY, body TEXT)"] + rows)
    assert len(full) >= 8 * 4096
    # Whole pages missing at the end (the header still counts them).
    write("truncated.db", full[: 3 * 4096])
    # Cut in the middle of a page, as a failed copy would.
    write("truncated_mid_page.db", full[: 2 * 4096 + 1234])
    # Only the 100-byte header survived.
    write("header_only.db", full[:100])
    # A healthy SQLite database that belongs to some other program.
    write("not_a_mirror.db", sqlite_file("not_a_mirror", [
        "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
        "INSERT INTO notes (body) VALUES ('hello')",
    ]))


if __name__ == "__main__":
    main()
