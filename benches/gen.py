#!/usr/bin/env python3
"""Generates benchmark inputs from the sample articles in corpus/.

usage: gen.py OUTDIR MEGABYTES SMALL_FILES

OUTDIR/articles/  about MEGABYTES of article-sized files (shuffled sentences,
                  changed numbers and provinces, so figures stay dense and real)
OUTDIR/small/     SMALL_FILES small files (one or two sentences each)
OUTDIR/single.txt the same bytes as articles/, as one file
Deterministic (fixed seed).
"""
import os
import random
import re
import sys

out, megabytes, small = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
random.seed(20261122)
here = os.path.dirname(os.path.abspath(__file__))
corpus = os.path.join(here, "..", "corpus")
sentences = []
for name in sorted(os.listdir(corpus)):
    if not name.endswith(".txt") or "cp1258" in name or "utf16" in name:
        continue
    text = open(os.path.join(corpus, name), encoding="utf-8").read()
    for para in text.split("\n"):
        for s in re.split(r"(?<=[.;])\s+", para):
            if re.search(r"\d", s) and len(s) > 30:
                sentences.append(s.strip())
provinces = ["Gia Lai", "Lâm Đồng", "Bắc Giang", "Nghệ An", "Hà Nam", "Khánh Hòa", "Tây Ninh", "Cà Mau", "Điện Biên", "Bình Định"]

def vary(s):
    s = re.sub(r"\d+", lambda m: str(max(1, int(m.group()) + random.randint(-3, 3))) if len(m.group()) < 4 else m.group(), s)
    for p in provinces:
        if p in s:
            s = s.replace(p, random.choice(provinces))
    return s

def article():
    n = random.randint(8, 30)
    title = f"{random.choice(provinces)}: kết quả chuyển đổi số năm {random.choice([2022, 2023, 2024])}\n\n"
    body = []
    for _ in range(n):
        body.append(" ".join(vary(random.choice(sentences)) for _ in range(random.randint(1, 4))))
    return title + "\n\n".join(body) + "\n"

os.makedirs(os.path.join(out, "articles"), exist_ok=True)
os.makedirs(os.path.join(out, "small"), exist_ok=True)
total, i = 0, 0
with open(os.path.join(out, "single.txt"), "w", encoding="utf-8") as single:
    while total < megabytes * 1e6:
        a = article()
        with open(os.path.join(out, "articles", f"{i:06}.txt"), "w", encoding="utf-8") as f:
            f.write(a)
        single.write(a + "\n")
        total += len(a.encode())
        i += 1
for k in range(small):
    d = os.path.join(out, "small", f"{k // 1000:03}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"{k:06}.txt"), "w", encoding="utf-8") as f:
        f.write(vary(random.choice(sentences)) + "\n")
print(f"{i} articles, {total / 1e6:.1f} MB; {small} small files")
