#!/usr/bin/env python3
"""Runs ShoalDB's sqllogictest files against a real PostgreSQL (15) and reports every record whose
outcome differs there, so expected results can be checked against PostgreSQL. Not part of the test
suite (which never needs PostgreSQL).

usage: slt-pg-check.py [--host /tmp/pg15] [--user postgres] FILE.test...
Each file runs in a fresh database; `session N` records switch between psql connections.
Records that differ on purpose (ShoalDB-only syntax, features answered with 0A000) are listed too;
read the output, it does not fail the build.
"""
import argparse, os, re, subprocess, sys, uuid

SEP = "\x1f"

class Conn:
    def __init__(self, host, user, db):
        env = dict(os.environ, PGOPTIONS="-c default_transaction_isolation=serializable")
        self.p = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-F", SEP, "-P", "null=NULL",
                                   "-v", "VERBOSITY=verbose", "-h", host, "-U", user, db],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, bufsize=1, env=env)

    def run(self, sql):
        marker = "__END_" + uuid.uuid4().hex + "__"
        # ShoalDB's storage and distribution clauses mean nothing to PostgreSQL: strip them.
        sql = re.sub(r"\s+USING\s+MEMTX", "", sql, flags=re.I)
        sql = re.sub(r"\s+DISTRIBUTED\s+(BY\s*\([^)]*\)|GLOBALLY)", "", sql, flags=re.I)
        self.p.stdin.write(sql.rstrip().rstrip(";") + "\n;\n\\echo " + marker + "\n")
        self.p.stdin.flush()
        lines = []
        for line in self.p.stdout:
            line = line.rstrip("\n")
            if line == marker:
                break
            lines.append(line)
        errors = [l for l in lines if l.startswith("ERROR:")]
        rows = [l for l in lines if not l.startswith(("ERROR:", "LOCATION:", "DETAIL:", "HINT:", "WARNING:",
                                                       "NOTICE:", "LINE ", "CONTEXT:", "STATEMENT:"))
                and not l.startswith(" ")]
        code = errors[0].split()[1].rstrip(":") if errors else None
        return code, errors[0] if errors else None, rows

    def close(self):
        self.p.stdin.close()
        self.p.wait()

def fmt(row):
    return " ".join("(empty)" if f == "" else f for f in row.split(SEP))

def check(path, host, user):
    db = "slt_" + uuid.uuid4().hex[:8]
    subprocess.run(["createdb", "-h", host, "-U", user, db], check=True)
    conns = {0: Conn(host, user, db)}
    cur = conns[0]
    lines = open(path).read().split("\n")
    i, diffs = 0, 0
    while i < len(lines):
        line = lines[i].strip()
        if not line or line.startswith("#"):
            i += 1
            continue
        start, head = i + 1, line.split()
        i += 1
        if head[0] == "session":
            n = int(head[1])
            if n not in conns:
                conns[n] = Conn(host, user, db)
            cur = conns[n]
            continue
        sql = []
        while i < len(lines) and lines[i].strip() and lines[i].strip() != "----":
            sql.append(lines[i]); i += 1
        expected = []
        if i < len(lines) and lines[i].strip() == "----":
            i += 1
            while i < len(lines) and lines[i].strip():
                expected.append(lines[i].strip()); i += 1
        code, err, rows = cur.run("\n".join(sql))
        where = f"{path}:{start}: {' '.join(s.strip() for s in sql)}"
        if head[0] == "statement" and head[1] == "ok" and code:
            print(f"DIFF {where}\n  PostgreSQL: {err}"); diffs += 1
        elif head[0] == "statement" and head[1] == "error":
            want = head[2] if len(head) > 2 else None
            if code is None or (want and code != want):
                print(f"DIFF {where}\n  expected error {want}, PostgreSQL: {err or 'ok'}"); diffs += 1
        elif head[0] == "query":
            if code:
                print(f"DIFF {where}\n  PostgreSQL: {err}"); diffs += 1
                continue
            actual = [fmt(r) for r in rows]
            exp = list(expected)
            if len(head) > 2 and head[2] == "rowsort":
                actual.sort(); exp.sort()
            if actual != exp:
                print(f"DIFF {where}\n  expected: {exp}\n  PostgreSQL: {actual}"); diffs += 1
    for c in conns.values():
        c.close()
    subprocess.run(["dropdb", "-h", host, "-U", user, db], check=True)
    return diffs

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="/tmp/pg15")
    ap.add_argument("--user", default="postgres")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    total = sum(check(f, a.host, a.user) for f in a.files)
    print(f"{total} record(s) differ from PostgreSQL")

if __name__ == "__main__":
    main()
