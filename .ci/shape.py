#!/usr/bin/env python3
"""The shape checks a reviewer can run (issue 13): no file under src/ over 600
lines, no function over 80 lines, and no import circle, neither between the
crate's top-level modules nor between sibling files of one folder.
Exits 1 and lists what breaks a rule."""
import re, sys, os, glob
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
def strip(src):
    out=[];i=0;n=len(src)
    while i<n:
        c=src[i]
        if src.startswith('//',i):
            j=src.find('\n',i); j=n if j<0 else j; out.append(' '*(j-i)); i=j; continue
        if src.startswith('/*',i):
            j=src.find('*/',i); j=n if j<0 else j+2; out.append(re.sub(r'[^\n]',' ',src[i:j])); i=j; continue
        m=re.match(r'r(#*)"',src[i:i+10]) if (c=='r' and (i==0 or not (src[i-1].isalnum() or src[i-1]=='_'))) else None
        if m:
            h=m.group(1); end='"'+h; j=src.find(end,i+len(m.group(0))); j=n if j<0 else j+len(end)
            out.append(re.sub(r'[^\n]',' ',src[i:j])); i=j; continue
        if c=='"':
            j=i+1
            while j<n and src[j]!='"':
                j+= 2 if src[j]=='\\' else 1
            j+=1; out.append(re.sub(r'[^\n]',' ',src[i:j])); i=j; continue
        if c=="'":
            m=re.match(r"'(\\.[^']*|[^\\'])'",src[i:i+12])
            if m: out.append(' '*len(m.group(0))); i+=len(m.group(0)); continue
        out.append(c); i+=1
    return ''.join(out)
bad=0
for f in sorted(glob.glob('src/**/*.rs',recursive=True)):
    src=open(f,encoding='utf-8').read(); s=strip(src)
    nl=src.count('\n')
    if nl>600: print(f"FILE {f} {nl}"); bad+=1
    for m in re.finditer(r'\bfn\s+(\w+)',s):
        j=m.end(); depth=0
        # find first '{' or ';' at paren depth 0
        k=j; pd=0
        while k<len(s):
            ch=s[k]
            if ch in '([<': pd+=1
            elif ch in ')]>': pd-=1
            if ch==';' and pd<=0: k=-1;break
            if ch=='{' and pd<=0: break
            k+=1
        if k<0 or k>=len(s): continue
        d=0;e=k
        while e<len(s):
            if s[e]=='{': d+=1
            elif s[e]=='}':
                d-=1
                if d==0: break
            e+=1
        start=s.count('\n',0,m.start())+1; end=s.count('\n',0,e)+1
        L=end-start+1
        if L>80: print(f"FN {f}:{start} {m.group(1)} {L}"); bad+=1

def modpath(f):
    p = f[len("src/"):-len(".rs")].split("/")
    if p[-1] == "mod":
        p = p[:-1]
    if p in (["lib"], ["main"]):
        return []
    return p

files = sorted(glob.glob("src/**/*.rs", recursive=True))
mods = {tuple(modpath(f)): f for f in files}
edges = {}
for f in files:
    me = tuple(modpath(f))
    s = strip(open(f, encoding="utf-8").read())
    s = re.sub(r"#\[cfg\(test\)\]\s*mod\s+tests\s*\{.*", "", s, flags=re.S)
    for m in re.finditer(r"\b(crate|super)((?:::\w+)+)", s):
        parts = m.group(2).split("::")[1:]
        if m.group(1) == "super":
            here = list(me) if f.endswith("mod.rs") else list(me[:-1])
            target = here[:-1] + parts if f.endswith("mod.rs") else here + parts
        else:
            target = parts
        while target and tuple(target) not in mods:
            target = target[:-1]
        t = tuple(target)
        if t and t != me:
            edges.setdefault(me, set()).add(t)

def circles(nodes, succ):
    index, low, stack, on, out = {}, {}, [], set(), []
    def visit(v):
        index[v] = low[v] = len(index); stack.append(v); on.add(v)
        for w in succ(v):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: out.append(comp)
    for v in nodes:
        if v not in index: visit(v)
    return out

top = {m[:1] for m in mods if m}
def top_succ(v):
    return {t[:1] for m, ts in edges.items() if m[:1] == v for t in ts if t[:1] != v}
for comp in circles(sorted(top), top_succ):
    print("CIRCLE between top-level modules:", " ".join("::".join(c) for c in sorted(comp))); bad += 1
folders = {m[:-1] for m in mods if len(m) > 1}
for fo in sorted(folders):
    sibs = [m for m in mods if len(m) == len(fo) + 1 and m[:-1] == fo]
    def sib_succ(v, fo=fo):
        return {t[:len(fo) + 1] for t in edges.get(v, ()) if len(t) > len(fo) and t[:len(fo)] == fo and t[:len(fo) + 1] != v}
    for comp in circles(sorted(sibs), sib_succ):
        print("CIRCLE between files of", "::".join(fo) + ":", " ".join("::".join(c) for c in sorted(comp))); bad += 1
print(f"shape: {bad} problem(s)" if bad else "shape: ok")
sys.exit(1 if bad else 0)
