#!/usr/bin/env python3
"""Generates the demo municipality "Eksempel kommune" as data files under
db/seed/ (protobuf JSON of skillpath.v1 messages) from tools/demo_source.json
and the reference CSVs. Deterministic: a fixed
random seed, so the same script always writes the same files. skillpathd
compiles the files in and loads them through the public API (--demo).

Run from the repository root:  python3 tools/gen_demo.py
"""
import csv
import json
import os
import random
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = os.path.join(ROOT, "db", "seed")
SHARED = os.path.join(ROOT, "db", "seed", "reference")
rng = random.Random(20261129)

# What the demo is made of, as data: the framework "Digital omstilling" (its
# scale and the KS report's competence areas), the org units, the staff per
# leaf unit (besides its leader) and the main role there, the roles with
# their targets, the names people are drawn from, and the learning resources.
with open(os.path.join(ROOT, "tools", "demo_source.json"), encoding="utf-8") as _f:
    SOURCE = json.load(_f)
UNITS = SOURCE["units"]
ROLES = SOURCE["roles"]
RESOURCES = SOURCE["resources"]


def write(rel, obj):
    path = os.path.join(SEED, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


def framework_digital():
    return {
        "id": "digital-omstilling",
        "name": "Digital omstilling",
        "version": "2026.1",
        "description": "Kompetanseområdene KS peker på for digital transformasjon i kommunesektoren: "
                       "teknologiforståelse for ledere, ny teknologi for IT, digitale verktøy for alle, "
                       "tjenestedesign, lean, personvern, prosjektledelse, omstilling og gevinstrealisering.",
        "sourceUri": "https://www.ks.no/",
        "scale": {"levels": SOURCE["scale"]},
        "areas": SOURCE["areas"],
    }


def read_reference(name):
    with open(os.path.join(SHARED, name), encoding="utf-8") as f:
        return list(csv.DictReader(f))


def reference_areas(rows, prefix, competence):
    """The areas of a reference framework, in the order of `rows` (one a
    competence, with its area's code and name), each competence as
    `competence(row)`."""
    areas = {}
    for r in rows:
        a = areas.setdefault(r["area_code"], {"id": prefix + r["area_code"], "name": r["area_name"],
                                              "competences": []})
        a["competences"].append(competence(r))
    return list(areas.values())


def framework_digcomp():
    levels = read_reference("digcomp-2.2-levels.csv")
    areas = reference_areas(read_reference("digcomp-2.2.csv"), "digcomp.",
                            lambda r: {"id": "digcomp." + r["competence_code"], "name": r["competence_name"]})
    return {
        "id": "digcomp-2.2",
        "name": "DigComp 2.2",
        "version": "2.2",
        "description": "The EU Digital Competence Framework for Citizens (JRC128415): 5 areas, 21 competences, "
                       "8 proficiency levels.",
        "sourceUri": "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415",
        "scale": {"levels": [{"level": int(l["level"]), "name": f'{l["name"]} ({l["group"]})',
                              "description": f'{l["cognitive_domain"]}; {l["autonomy"]}'} for l in levels]},
        "areas": areas,
    }


def framework_ecf():
    def competence(r):
        desc = ""
        if r["min_level"] and r["max_level"]:
            desc = f'Defined at e-{r["min_level"]} to e-{r["max_level"]}.'
        return {"id": "ecf." + r["competence_code"], "name": r["competence_name"], "description": desc}

    levels = read_reference("e-cf-levels.csv")
    areas = reference_areas(read_reference("e-cf-3.0.csv"), "ecf.", competence)
    return {
        "id": "e-cf-3.0",
        "name": "e-CF 3.0",
        "version": "3.0",
        "description": "European e-Competence Framework (EN 16234-1): 40 ICT competences in 5 areas.",
        "sourceUri": "https://www.ecompetences.eu/",
        "scale": {"levels": [{"level": int(l["level"]), "name": f'{l["code"]} {l["european_title"]}'}
                             for l in levels]},
        "areas": areas,
    }


def ascii_fold(s):
    s = s.replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("Æ", "Ae").replace("Ø", "O").replace("Å", "A")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def people_and_roles():
    used = set()
    people = []
    next_id = [1001]

    def person(unit, roles, manages=()):
        while True:
            name = f"{rng.choice(SOURCE['firstNames'])} {rng.choice(SOURCE['lastNames'])}"
            if name not in used:
                used.add(name)
                break
        pid = f"E{next_id[0]}"
        next_id[0] += 1
        email = ascii_fold(name).lower().replace(" ", ".") + "@eksempel.kommune.no"
        p = {"id": pid, "name": name, "email": email, "orgUnitId": unit, "roleIds": list(roles)}
        if manages:
            p["managesUnitIds"] = list(manages)
        people.append(p)
        return p

    person("stab", ["kommunedirektor"], ["kommune"])
    sector_heads = {}
    for u in UNITS:
        if u["parentId"] == "kommune":
            sector_heads[u["id"]] = person(u["id"], ["kommunalsjef"], [u["id"]])
    for u in UNITS:
        uid = u["id"]
        if uid not in SOURCE["staff"]:
            continue
        count, main_role = SOURCE["staff"][uid]["count"], SOURCE["staff"][uid]["mainRole"]
        person(uid, ["enhetsleder"], [uid])
        for i in range(count):
            roles = [main_role]
            r = rng.random()
            if r < 0.06:
                roles.append("endringsagent")
            elif r < 0.09:
                roles.append("tillitsvalgt")
            elif r < 0.11 and main_role != "prosjektleder":
                roles.append("prosjektleder")
            person(uid, roles)
    return people


def manager_of(people):
    """The person who manages each unit, and each person's nearest manager."""
    unit_parent = {u["id"]: u["parentId"] for u in UNITS}
    manages = {}
    for p in people:
        for u in p.get("managesUnitIds", []):
            manages[u] = p["id"]
    result = {}
    for p in people:
        u = p["orgUnitId"]
        m = None
        while u:
            if u in manages and manages[u] != p["id"]:
                m = manages[u]
                break
            u = unit_parent.get(u, "")
        result[p["id"]] = m
    return result


def targets_of(person_roles, roles_by_id):
    out = {}
    def visit(rid):
        role = roles_by_id[rid]
        for parent in role["inheritsRoleIds"]:
            visit(parent)
        for t in role["targets"]:
            key = t["competenceId"]
            out[key] = max(out.get(key, 0), t["level"])
    for r in person_roles:
        visit(r)
    return out


def ts(year, month, day):
    return f"{year:04d}-{month:02d}-{day:02d}T{rng.randrange(7, 16):02d}:{rng.choice([0, 15, 30, 45]):02d}:00Z"


def rand_date(start_year=2024, end=(2026, 10)):
    while True:
        y = rng.randrange(start_year, end[0] + 1)
        m = rng.randrange(1, 13)
        if (y, m) <= end:
            return y, m, rng.randrange(1, 28)


def assessments(people, mgr):
    roles_by_id = {r["id"]: r for r in ROLES}
    top = {}
    for area in SOURCE["areas"]:
        for c in area["competences"]:
            top[c["id"]] = 4
    out = []
    n = [0]

    def add(p, comp, level, source, when, assessor="", expires=None, note="", uri=""):
        n[0] += 1
        a = {"id": f"demo-a{n[0]:05d}", "personId": p["id"], "competenceId": comp, "level": level,
             "source": source, "assessedAt": when}
        if assessor:
            a["assessorId"] = assessor
        if expires:
            a["expiresAt"] = expires
        if note:
            a["note"] = note
        if uri:
            a["evidenceUri"] = uri
        out.append(a)

    for p in people:
        targets = targets_of(p["roleIds"], roles_by_id)
        # A stable "talent" per person so their levels hang together.
        skill = rng.gauss(0, 0.8)
        for comp, target in sorted(targets.items()):
            if comp not in top:
                continue  # DigComp / e-CF targets stay unassessed: they show as gaps at level 0
            if rng.random() < 0.12:
                continue  # never assessed
            true_level = max(0, min(4, round(target - 0.6 + skill + rng.gauss(0, 0.9))))
            y, m, d = rand_date()
            self_level = max(0, min(4, true_level + rng.choice([0, 0, 0, 1, 1, -1, 2])))
            add(p, comp, self_level, "SELF", ts(y, m, d), assessor=p["id"])
            if mgr[p["id"]] and rng.random() < 0.65:
                my, mm = (y, m + rng.randrange(1, 4))
                if mm > 12:
                    my, mm = my + 1, mm - 12
                if (my, mm) > (2026, 10):
                    my, mm = 2026, 10
                # Some manager ratings were given for a limited time and have run out.
                expired = rng.random() < 0.1 and (my, mm) <= (2026, 3)
                ey, em = (my, mm + 6) if mm <= 6 else (my + 1, mm - 6)
                add(p, comp, true_level, "MANAGER", ts(my, mm, rng.randrange(1, 28)), assessor=mgr[p["id"]],
                    expires=f"{ey:04d}-{em:02d}-28T00:00:00Z" if expired else None,
                    note="Medarbeidersamtale" if not expired else "Medarbeidersamtale (utløpt vurdering)")
            if rng.random() < 0.12 and true_level >= 2:
                y2, m2, d2 = rand_date(2025)
                add(p, comp, true_level, "EVIDENCE", ts(y2, m2, d2),
                    note="Fullført kurs", uri=f"https://laering.eksempel.kommune.no/bevis/{p['id']}/{comp}")
            if comp in ("do.it.sky", "do.it.informasjonssikkerhet") and rng.random() < 0.5:
                y3, m3, d3 = rand_date(2023, (2026, 6))
                expires = f"{y3 + 2:04d}-{m3:02d}-{d3:02d}T00:00:00Z"
                add(p, comp, min(4, true_level + 1), "CERTIFICATION", ts(y3, m3, d3), expires=expires,
                    note="Sertifisering (gyldig i to år)")
    out.sort(key=lambda a: (a["assessedAt"], a["id"]))
    return out


def resources():
    out = []
    for src in RESOURCES:
        r = {k: src[k] for k in ("id", "title", "provider", "mode", "hours", "cost", "language")}
        r["url"] = f"https://laering.eksempel.kommune.no/katalog/{src['id']}"
        r["outcomes"] = src["outcomes"]
        if src["prerequisiteIds"]:
            r["prerequisiteIds"] = src["prerequisiteIds"]
        if src["sessions"]:
            r["sessions"] = src["sessions"]
        out.append(r)
    return out


def main():
    write("frameworks/digital-omstilling.json", framework_digital())
    write("frameworks/digcomp-2.2.json", framework_digcomp())
    write("frameworks/e-cf-3.0.json", framework_ecf())
    write("demo/org_units.json", {"orgUnits": UNITS})
    write("demo/roles.json", {"roles": ROLES})
    people = people_and_roles()
    write("demo/people.json", {"people": people})
    write("demo/resources.json", {"resources": resources()})
    write("demo/assessments.json", {"assessments": assessments(people, manager_of(people))})
    print(f"{len(UNITS)} units, {len(ROLES)} roles, {len(people)} people, {len(RESOURCES)} resources")


if __name__ == "__main__":
    main()
