#!/usr/bin/env python3
"""Generates the demo municipality "Eksempel kommune" as data files under
db/seed/ (protobuf JSON of skillpath.v1 messages). Deterministic: a fixed
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


def write(rel, obj):
    path = os.path.join(SEED, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")


# --- Framework "Digital omstilling" (from the KS report's competence areas) ---
SCALE = [
    (1, "Kjenner til", "Har grunnleggende kjennskap og kan følge instruksjoner med veiledning."),
    (2, "Anvender", "Bruker kompetansen i egne arbeidsoppgaver, med støtte ved behov."),
    (3, "Selvstendig", "Arbeider selvstendig, tilpasser til nye situasjoner og hjelper kolleger."),
    (4, "Ekspert", "Leder utviklingen på området, lærer bort og setter retning for andre."),
]
AREAS = [
    ("do.ledelse", "Teknologiforståelse og IT-strategi for ledere",
     "Ledere forstår hvordan teknologi understøtter kommunens oppgaver og styrer digital utvikling.", [
         ("do.ledelse.it-strategi", "IT i et strategisk perspektiv", "Kobler digitalisering til kommunens mål, tjenester og økonomi."),
         ("do.ledelse.digital-ledelse", "Lede digital omstilling", "Setter retning, prioriterer og skaper rom for digital utvikling i egen enhet."),
         ("do.ledelse.teknologiforstaelse", "Teknologiforståelse", "Forstår muligheter og begrensninger i ny teknologi godt nok til å ta beslutninger."),
     ]),
    ("do.it", "Ny teknologi og trender for IT-avdelingen",
     "IT-avdelingen kjenner ny teknologi og trender og kan ta dem i bruk trygt.", [
         ("do.it.sky", "Skytjenester og plattformer", "Velger, setter opp og drifter skytjenester på en sikker og kostnadsbevisst måte."),
         ("do.it.integrasjon", "Integrasjon og API", "Kobler fagsystemer sammen med standardiserte grensesnitt og felleskomponenter."),
         ("do.it.informasjonssikkerhet", "Informasjonssikkerhet", "Risikovurderer, beskytter og overvåker systemer og data."),
         ("do.it.data-ki", "Data og kunstig intelligens", "Utnytter data og KI-verktøy ansvarlig i tjenesteutvikling."),
     ]),
    ("do.verktoy", "Digitale verktøy for alle ansatte",
     "Alle ansatte mestrer de digitale verktøyene arbeidet krever.", [
         ("do.verktoy.samhandling", "Digital samhandling", "Bruker e-post, Teams, delte dokumenter og videomøter effektivt."),
         ("do.verktoy.fagsystem", "Fagsystemer", "Bruker enhetens fagsystemer riktig og utnytter funksjonene."),
         ("do.verktoy.informasjonshandtering", "Informasjonshåndtering og arkiv", "Journalfører, arkiverer og deler informasjon etter regelverket."),
         ("do.verktoy.velferdsteknologi", "Velferdsteknologi", "Tar i bruk og følger opp velferdsteknologiske løsninger hos brukerne."),
         ("do.verktoy.digitale-laeremidler", "Digitale læremidler", "Planlegger og gjennomfører undervisning med digitale læremidler og læringsplattform."),
     ]),
    ("do.tjenestedesign", "Tjenestedesign", "Utvikler tjenester ut fra innbyggernes behov.", [
         ("do.tjenestedesign.brukerinnsikt", "Brukerinnsikt", "Henter inn og bruker innsikt fra innbyggere og brukere."),
         ("do.tjenestedesign.metode", "Tjenestedesignmetodikk", "Leder en tjenestedesignprosess fra innsikt til ny tjeneste."),
         ("do.tjenestedesign.prototyping", "Prototyping og testing", "Lager og tester enkle prototyper sammen med brukerne."),
     ]),
    ("do.lean", "Lean", "Forbedrer arbeidsprosesser kontinuerlig.", [
         ("do.lean.forbedring", "Kontinuerlig forbedring", "Finner sløsing i egne prosesser og gjennomfører forbedringer."),
         ("do.lean.verdistrom", "Verdistrømanalyse", "Kartlegger og analyserer en tjeneste fra ende til ende."),
     ]),
    ("do.personvern", "Personvern", "Behandler personopplysninger lovlig og trygt (GDPR).", [
         ("do.personvern.grunnlag", "Personvernregelverket", "Kjenner GDPR og personopplysningsloven og følger dem i eget arbeid."),
         ("do.personvern.dpia", "Personvernkonsekvensvurdering", "Gjennomfører DPIA og risikovurderinger for nye løsninger."),
         ("do.personvern.innebygd", "Innebygd personvern", "Bygger personvern inn i løsninger fra start."),
     ]),
    ("do.prosjekt", "Prosjektledelse", "Planlegger og gjennomfører digitaliseringsprosjekter.", [
         ("do.prosjekt.styring", "Prosjektstyring", "Planlegger, styrer og følger opp prosjekter med en anerkjent modell."),
         ("do.prosjekt.smidig", "Smidig arbeid", "Arbeider iterativt med korte leveranser og tett brukerdialog."),
         ("do.prosjekt.anskaffelser", "Anskaffelse av digitale løsninger", "Gjennomfører behovsanalyse og anskaffelse av IT-løsninger."),
     ]),
    ("do.endring", "Omstillingskompetanse", "Leder og deltar i endring, særlig mellomledere.", [
         ("do.endring.omstilling", "Omstilling og endringsledelse", "Planlegger og leder endring i egen enhet."),
         ("do.endring.kommunikasjon", "Endringskommunikasjon og medvirkning", "Involverer ansatte og tillitsvalgte og kommuniserer endring tydelig."),
         ("do.endring.veiledning", "Veiledning av kolleger", "Veileder og motiverer kolleger i nye arbeidsmåter (endringsagent, ildsjel)."),
     ]),
    ("do.gevinst", "Gevinstrealisering", "Sørger for at planlagte gevinster blir tatt ut.", [
         ("do.gevinst.planlegging", "Gevinstplanlegging", "Beskriver, måler og planlegger gevinster før tiltak settes i gang."),
         ("do.gevinst.realisering", "Gevinstrealisering og oppfølging", "Følger opp og henter ut gevinster etter innføring."),
     ]),
]


def framework_digital():
    return {
        "id": "digital-omstilling",
        "name": "Digital omstilling",
        "version": "2026.1",
        "description": "Kompetanseområdene KS peker på for digital transformasjon i kommunesektoren: "
                       "teknologiforståelse for ledere, ny teknologi for IT, digitale verktøy for alle, "
                       "tjenestedesign, lean, personvern, prosjektledelse, omstilling og gevinstrealisering.",
        "sourceUri": "https://www.ks.no/",
        "scale": {"levels": [{"level": l, "name": n, "description": d} for l, n, d in SCALE]},
        "areas": [{"id": aid, "name": an, "description": ad,
                   "competences": [{"id": cid, "name": cn, "description": cd} for cid, cn, cd in comps]}
                  for aid, an, ad, comps in AREAS],
    }


def framework_digcomp():
    with open(os.path.join(SHARED, "digcomp-2.2-levels.csv"), encoding="utf-8") as f:
        levels = list(csv.DictReader(f))
    with open(os.path.join(SHARED, "digcomp-2.2.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    areas = {}
    for r in rows:
        a = areas.setdefault(r["area_code"], {"id": "digcomp." + r["area_code"], "name": r["area_name"],
                                              "competences": []})
        a["competences"].append({"id": "digcomp." + r["competence_code"], "name": r["competence_name"]})
    return {
        "id": "digcomp-2.2",
        "name": "DigComp 2.2",
        "version": "2.2",
        "description": "The EU Digital Competence Framework for Citizens (JRC128415): 5 areas, 21 competences, "
                       "8 proficiency levels.",
        "sourceUri": "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415",
        "scale": {"levels": [{"level": int(l["level"]), "name": f'{l["name"]} ({l["group"]})',
                              "description": f'{l["cognitive_domain"]}; {l["autonomy"]}'} for l in levels]},
        "areas": list(areas.values()),
    }


def framework_ecf():
    with open(os.path.join(SHARED, "e-cf-levels.csv"), encoding="utf-8") as f:
        levels = list(csv.DictReader(f))
    with open(os.path.join(SHARED, "e-cf-3.0.csv"), encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    areas = {}
    for r in rows:
        a = areas.setdefault(r["area_code"], {"id": "ecf." + r["area_code"], "name": r["area_name"],
                                              "competences": []})
        desc = ""
        if r["min_level"] and r["max_level"]:
            desc = f'Defined at e-{r["min_level"]} to e-{r["max_level"]}.'
        a["competences"].append({"id": "ecf." + r["competence_code"], "name": r["competence_name"],
                                 "description": desc})
    return {
        "id": "e-cf-3.0",
        "name": "e-CF 3.0",
        "version": "3.0",
        "description": "European e-Competence Framework (EN 16234-1): 40 ICT competences in 5 areas.",
        "sourceUri": "https://www.ecompetences.eu/",
        "scale": {"levels": [{"level": int(l["level"]), "name": f'{l["code"]} {l["european_title"]}'}
                             for l in levels]},
        "areas": list(areas.values()),
    }


# --- Organisation ---
UNITS = [
    ("kommune", "", "Eksempel kommune"),
    ("stab", "kommune", "Kommunedirektørens stab"),
    ("stab.okonomi", "stab", "Økonomi"),
    ("stab.hr", "stab", "HR og organisasjon"),
    ("stab.digi", "stab", "Digitalisering og utvikling"),
    ("stab.service", "stab", "Servicetorget"),
    ("it", "kommune", "IT-avdelingen"),
    ("it.drift", "it", "Drift og brukerstøtte"),
    ("it.utvikling", "it", "Utvikling og integrasjon"),
    ("ho", "kommune", "Helse og omsorg"),
    ("ho.hjemme", "ho", "Hjemmetjenesten"),
    ("ho.sykehjem", "ho", "Eksempel sykehjem"),
    ("ho.legevakt", "ho", "Legevakt"),
    ("ho.psykisk", "ho", "Psykisk helse og rus"),
    ("opp", "kommune", "Oppvekst"),
    ("opp.nordby", "opp", "Nordby skole"),
    ("opp.sorli", "opp", "Sørli skole"),
    ("opp.barnehage", "opp", "Barnehagene"),
    ("opp.ppt", "opp", "PP-tjenesten"),
    ("tek", "kommune", "Teknisk"),
    ("tek.plan", "tek", "Plan og byggesak"),
    ("tek.va", "tek", "Vann og avløp"),
    ("tek.eiendom", "tek", "Eiendom"),
    ("kultur", "kommune", "Kultur og samfunn"),
    ("kultur.bibliotek", "kultur", "Biblioteket"),
]
# Staff per leaf unit (besides its leader) and the main role there.
STAFF = {
    "stab.okonomi": (8, "saksbehandler"), "stab.hr": (8, "saksbehandler"), "stab.digi": (6, "prosjektleder"),
    "stab.service": (7, "saksbehandler"), "it.drift": (10, "it-radgiver"), "it.utvikling": (8, "it-radgiver"),
    "ho.hjemme": (40, "helsefagarbeider"), "ho.sykehjem": (40, "helsefagarbeider"),
    "ho.legevakt": (10, "helsefagarbeider"), "ho.psykisk": (12, "helsefagarbeider"),
    "opp.nordby": (28, "laerer"), "opp.sorli": (26, "laerer"), "opp.barnehage": (22, "saksbehandler"),
    "opp.ppt": (7, "saksbehandler"), "tek.plan": (10, "saksbehandler"), "tek.va": (9, "saksbehandler"),
    "tek.eiendom": (8, "saksbehandler"), "kultur.bibliotek": (7, "saksbehandler"),
}

T = lambda c, l, p="REQUIRED", w=1: {"competenceId": c, "level": l, "priority": p, "weight": w}
ROLES = [
    ("ansatt", "Ansatt", "Det alle ansatte skal og bør kunne.", [], [
        T("do.verktoy.samhandling", 2), T("do.verktoy.informasjonshandtering", 1), T("do.personvern.grunnlag", 1),
        T("do.verktoy.fagsystem", 2, "DESIRED"), T("digcomp.4.2", 4, "DESIRED")]),
    ("enhetsleder", "Enhetsleder", "Mellomleder: leder en enhet gjennom digital omstilling.", ["ansatt"], [
        T("do.ledelse.digital-ledelse", 2, w=2), T("do.endring.omstilling", 3, w=2), T("do.endring.kommunikasjon", 2),
        T("do.personvern.grunnlag", 2), T("do.gevinst.planlegging", 2), T("do.ledelse.it-strategi", 1),
        T("do.tjenestedesign.metode", 2, "DESIRED"), T("do.lean.forbedring", 2, "DESIRED"),
        T("do.prosjekt.styring", 2, "DESIRED"), T("do.ledelse.digital-ledelse", 3, "DESIRED")]),
    ("kommunalsjef", "Kommunalsjef", "Leder en sektor.", ["enhetsleder"], [
        T("do.ledelse.it-strategi", 3, w=2), T("do.ledelse.digital-ledelse", 3, w=2), T("do.gevinst.realisering", 3),
        T("do.ledelse.teknologiforstaelse", 2), T("do.it.data-ki", 1, "DESIRED")]),
    ("kommunedirektor", "Kommunedirektør", "Øverste administrative leder.", ["kommunalsjef"], [
        T("do.ledelse.it-strategi", 4, w=3), T("do.ledelse.digital-ledelse", 4, w=2),
        T("do.ledelse.teknologiforstaelse", 3)]),
    ("it-radgiver", "IT-rådgiver", "Drifter og utvikler kommunens digitale løsninger.", ["ansatt"], [
        T("do.it.sky", 3, w=2), T("do.it.integrasjon", 3), T("do.it.informasjonssikkerhet", 3, w=2),
        T("do.personvern.innebygd", 2), T("do.it.data-ki", 2, "DESIRED"), T("do.prosjekt.smidig", 2, "DESIRED"),
        T("ecf.C.4", 3, "DESIRED")]),
    ("saksbehandler", "Saksbehandler", "Behandler saker i fagsystemene.", ["ansatt"], [
        T("do.verktoy.fagsystem", 3), T("do.verktoy.informasjonshandtering", 2), T("do.personvern.grunnlag", 2),
        T("do.tjenestedesign.brukerinnsikt", 1, "DESIRED"), T("do.lean.forbedring", 1, "DESIRED")]),
    ("helsefagarbeider", "Helsefagarbeider", "Yter helse- og omsorgstjenester.", ["ansatt"], [
        T("do.verktoy.fagsystem", 2), T("do.personvern.grunnlag", 2, w=2), T("do.verktoy.velferdsteknologi", 2),
        T("do.verktoy.samhandling", 3, "DESIRED")]),
    ("laerer", "Lærer", "Underviser i grunnskolen.", ["ansatt"], [
        T("do.verktoy.digitale-laeremidler", 3, w=2), T("do.verktoy.samhandling", 3), T("do.personvern.grunnlag", 2),
        T("digcomp.3.1", 5, "DESIRED")]),
    ("prosjektleder", "Prosjektleder", "Leder digitaliseringsprosjekter.", ["ansatt"], [
        T("do.prosjekt.styring", 3, w=2), T("do.prosjekt.smidig", 2), T("do.gevinst.planlegging", 3),
        T("do.endring.kommunikasjon", 2), T("do.prosjekt.anskaffelser", 2),
        T("do.tjenestedesign.metode", 2, "DESIRED"), T("do.personvern.dpia", 2, "DESIRED")]),
    ("endringsagent", "Endringsagent", "Ildsjel som veileder kolleger i nye arbeidsmåter.", ["ansatt"], [
        T("do.endring.veiledning", 3, w=2), T("do.endring.omstilling", 2), T("do.verktoy.samhandling", 3),
        T("do.lean.forbedring", 2, "DESIRED"), T("do.tjenestedesign.brukerinnsikt", 2, "DESIRED")]),
    ("tillitsvalgt", "Tillitsvalgt", "Representerer de ansatte i omstillingsarbeid.", ["ansatt"], [
        T("do.personvern.grunnlag", 2), T("do.endring.omstilling", 2), T("do.endring.kommunikasjon", 2, "DESIRED")]),
]

FIRST = ["Ole", "Kari", "Per", "Anne", "Lars", "Ingrid", "Jon", "Marit", "Knut", "Liv", "Arne", "Hilde", "Bjørn",
         "Randi", "Nils", "Solveig", "Tor", "Berit", "Hans", "Kristin", "Erik", "Tone", "Geir", "Silje", "Odd",
         "Åse", "Øystein", "Ragnhild", "Håkon", "Sigrid", "Magnus", "Nora", "Emil", "Ida", "Jonas", "Thea",
         "Sindre", "Maja", "Eirik", "Ingvild", "Torstein", "Synnøve", "Henrik", "Astrid", "Vegard", "Guro",
         "Mats", "Marte", "Trond", "Eli", "Aksel", "Linnea", "Fredrik", "Helene", "Kjetil", "Mona", "Sverre",
         "Frida", "Stian", "Karianne", "Amir", "Fatima", "Piotr", "Agnieszka", "Mohammed", "Leila"]
LAST = ["Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen",
        "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen",
        "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen", "Lund", "Sørensen", "Jakobsen", "Moen",
        "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen",
        "Bakken", "Kristoffersen", "Mathisen", "Lie", "Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde",
        "Solheim", "Berge", "Moe", "Nygård", "Bakke", "Kowalski", "Aas", "Holm", "Myhre", "Sæther", "Ødegård"]


def ascii_fold(s):
    s = s.replace("æ", "ae").replace("ø", "o").replace("å", "a").replace("Æ", "Ae").replace("Ø", "O").replace("Å", "A")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def people_and_roles():
    used = set()
    people = []
    next_id = [1001]

    def person(unit, roles, manages=()):
        while True:
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
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
    for uid, parent, _ in UNITS:
        if parent == "kommune":
            sector_heads[uid] = person(uid, ["kommunalsjef"], [uid])
    for uid, parent, _ in UNITS:
        if uid not in STAFF:
            continue
        count, main_role = STAFF[uid]
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
    unit_parent = {u: p for u, p, _ in UNITS}
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
        for parent in role[3]:
            visit(parent)
        for t in role[4]:
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
    roles_by_id = {r[0]: r for r in ROLES}
    top = {}
    for aid, an, ad, comps in AREAS:
        for cid, *_ in comps:
            top[cid] = 4
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


# --- Learning resources ---
def session(sid, y, m, d, days, cap, loc, fixed):
    return {"id": sid, "start": f"{y:04d}-{m:02d}-{d:02d}T08:30:00Z",
            "end": f"{y:04d}-{m:02d}-{d + days - 1:02d}T15:30:00Z", "capacity": cap, "location": loc,
            "fixedCost": fixed}


def O(c, lo, hi):
    return {"competenceId": c, "minLevel": lo, "reachesLevel": hi}


RESOURCES = [
    # id, title, provider, mode, hours, cost, lang, outcomes, prereqs, sessions
    ("kurs.samhandling-grunnkurs", "Digital samhandling i hverdagen", "KS Læring", "ELEARNING", 3, 0, "nb",
     [O("do.verktoy.samhandling", 0, 2)], [], []),
    ("kurs.samhandling-viderekomne", "Teams og delte dokumenter for viderekomne", "Eksempel kommune IT", "CLASSROOM", 6, 900, "nb",
     [O("do.verktoy.samhandling", 2, 3)], ["kurs.samhandling-grunnkurs"],
     [session("2027-02", 2027, 2, 9, 1, 16, "Rådhuset, møterom Fjorden", 4000),
      session("2027-04", 2027, 4, 13, 1, 16, "Rådhuset, møterom Fjorden", 4000)]),
    ("kurs.arkiv", "Arkiv og journalføring", "Arkivverket", "ELEARNING", 4, 0, "nb",
     [O("do.verktoy.informasjonshandtering", 0, 2)], [], []),
    ("kurs.arkiv-videre", "Informasjonsforvaltning for saksbehandlere", "IKA", "CLASSROOM", 12, 2500, "nb",
     [O("do.verktoy.informasjonshandtering", 2, 3)], ["kurs.arkiv"],
     [session("2027-03", 2027, 3, 2, 2, 20, "IKA, Storgata 4", 6000)]),
    ("kurs.fagsystem-sak", "Saksbehandling i fagsystemet", "Leverandøren", "ELEARNING", 5, 0, "nb",
     [O("do.verktoy.fagsystem", 0, 2)], [], []),
    ("ojt.fagsystem-superbruker", "Superbrukeropplæring i fagsystemet", "Eksempel kommune", "ON_THE_JOB", 16, 0, "nb",
     [O("do.verktoy.fagsystem", 2, 3)], ["kurs.fagsystem-sak"], []),
    ("kurs.velferdsteknologi", "Velferdsteknologiens ABC", "KS og Helsedirektoratet", "ELEARNING", 10, 0, "nb",
     [O("do.verktoy.velferdsteknologi", 0, 2)], [], []),
    ("verksted.velferdsteknologi", "Velferdsteknologi i praksis", "Eksempel kommune", "WORKSHOP", 6, 600, "nb",
     [O("do.verktoy.velferdsteknologi", 2, 3)], ["kurs.velferdsteknologi"],
     [session("2027-01", 2027, 1, 19, 1, 15, "Eksempel sykehjem", 3000),
      session("2027-03", 2027, 3, 16, 1, 15, "Eksempel sykehjem", 3000)]),
    ("kurs.digitale-laeremidler", "Digitale læremidler i undervisningen", "Udir", "ELEARNING", 8, 0, "nb",
     [O("do.verktoy.digitale-laeremidler", 0, 2)], [], []),
    ("videre.digital-didaktikk", "Profesjonsfaglig digital kompetanse (videreutdanning)", "Høgskolen", "CLASSROOM", 60, 12000, "nb",
     [O("do.verktoy.digitale-laeremidler", 2, 4)], ["kurs.digitale-laeremidler"],
     [session("2027-h", 2027, 8, 23, 5, 30, "Høgskolen, campus sentrum", 25000)]),
    ("kurs.personvern-grunnkurs", "Personvern for alle ansatte", "Datatilsynet", "ELEARNING", 2, 0, "nb",
     [O("do.personvern.grunnlag", 0, 2)], [], []),
    ("kurs.personvern-helse", "Taushetsplikt og personvern i helse", "Normen", "ELEARNING", 3, 0, "nb",
     [O("do.personvern.grunnlag", 1, 2)], [], []),
    ("kurs.personvern-videre", "GDPR i praksis for saksbehandlere og ledere", "Advokatfirma", "CLASSROOM", 7, 3500, "nb",
     [O("do.personvern.grunnlag", 2, 3)], ["kurs.personvern-grunnkurs"],
     [session("2027-02", 2027, 2, 23, 1, 25, "Rådhuset, kommunestyresalen", 8000)]),
    ("verksted.dpia", "DPIA-verksted", "Personvernombudet", "WORKSHOP", 6, 0, "nb",
     [O("do.personvern.dpia", 0, 2)], ["kurs.personvern-grunnkurs"],
     [session("2027-03", 2027, 3, 9, 1, 12, "Rådhuset, møterom Lia", 0)]),
    ("kurs.innebygd-personvern", "Privacy by design for developers", "Online academy", "ELEARNING", 8, 1500, "en",
     [O("do.personvern.innebygd", 0, 2), O("do.personvern.dpia", 1, 2)], [], []),
    ("kurs.digital-ledelse", "Digital ledelse i kommunen", "KS Læring", "ELEARNING", 6, 0, "nb",
     [O("do.ledelse.digital-ledelse", 0, 2), O("do.ledelse.teknologiforstaelse", 0, 1)], [], []),
    ("program.lederutvikling", "Lederprogram: Digital transformasjon", "KS Lederutvikling", "CLASSROOM", 40, 18000, "nb",
     [O("do.ledelse.digital-ledelse", 2, 3), O("do.ledelse.it-strategi", 1, 3), O("do.endring.omstilling", 2, 3)],
     ["kurs.digital-ledelse"],
     [session("2027-v", 2027, 3, 1, 4, 24, "Hotell Fjordstuen", 60000)]),
    ("master.it-strategi", "IT-strategi og virksomhetsarkitektur (master-emne)", "Universitetet", "CLASSROOM", 150, 30000, "nb",
     [O("do.ledelse.it-strategi", 2, 4), O("do.ledelse.teknologiforstaelse", 1, 3)], [],
     [session("2027-h", 2027, 9, 6, 5, 30, "Universitetet", 0)]),
    ("mentor.toppleder", "Mentorprogram for toppledere", "KS", "MENTORING", 20, 15000, "nb",
     [O("do.ledelse.digital-ledelse", 3, 4), O("do.ledelse.it-strategi", 3, 4)], [], []),
    ("kurs.teknologitrender", "Ny teknologi for beslutningstakere", "Digdir", "ELEARNING", 4, 0, "nb",
     [O("do.ledelse.teknologiforstaelse", 0, 2), O("do.it.data-ki", 0, 1)], [], []),
    ("kurs.ki-forvaltning", "Kunstig intelligens i offentlig sektor", "Digdir", "ELEARNING", 6, 0, "nb",
     [O("do.it.data-ki", 0, 2)], [], []),
    ("kurs.sky-grunnleggende", "Cloud fundamentals", "Cloud vendor", "ELEARNING", 12, 0, "en",
     [O("do.it.sky", 0, 2)], [], []),
    ("sertifisering.sky-arkitekt", "Cloud architect certification", "Cloud vendor", "CLASSROOM", 32, 22000, "en",
     [O("do.it.sky", 2, 4)], ["kurs.sky-grunnleggende"],
     [session("2027-05", 2027, 5, 10, 4, 12, "Oslo", 0)]),
    ("kurs.sky-drift", "Drift av skytjenester i kommunen", "Eksempel kommune IT", "ON_THE_JOB", 20, 0, "nb",
     [O("do.it.sky", 2, 3)], ["kurs.sky-grunnleggende"], []),
    ("kurs.integrasjon", "Integrasjon med Fiks-plattformen og API", "KS Digital", "ELEARNING", 10, 0, "nb",
     [O("do.it.integrasjon", 0, 2)], [], []),
    ("verksted.integrasjon", "API-design og integrasjonsmønstre", "Konsulentselskap", "WORKSHOP", 14, 8000, "nb",
     [O("do.it.integrasjon", 2, 3)], ["kurs.integrasjon"],
     [session("2027-04", 2027, 4, 20, 2, 14, "Rådhuset, møterom Fjorden", 10000)]),
    ("kurs.infosikkerhet-grunn", "Informasjonssikkerhet for IT-personell", "NSM", "ELEARNING", 8, 0, "nb",
     [O("do.it.informasjonssikkerhet", 0, 2)], [], []),
    ("sertifisering.infosikkerhet", "Security professional certification", "ISC2 partner", "CLASSROOM", 40, 28000, "en",
     [O("do.it.informasjonssikkerhet", 2, 4)], ["kurs.infosikkerhet-grunn"],
     [session("2027-06", 2027, 6, 7, 5, 15, "Oslo", 0)]),
    ("kurs.tjenestedesign-intro", "Innføring i tjenestedesign", "DOGA", "ELEARNING", 4, 0, "nb",
     [O("do.tjenestedesign.brukerinnsikt", 0, 1), O("do.tjenestedesign.metode", 0, 1)], [], []),
    ("verksted.tjenestedesign", "Tjenestedesign i praksis", "DOGA", "WORKSHOP", 14, 4500, "nb",
     [O("do.tjenestedesign.brukerinnsikt", 1, 2), O("do.tjenestedesign.metode", 1, 2),
      O("do.tjenestedesign.prototyping", 0, 2)], ["kurs.tjenestedesign-intro"],
     [session("2027-02", 2027, 2, 16, 2, 20, "Biblioteket, Verkstedet", 5000),
      session("2027-09", 2027, 9, 14, 2, 20, "Biblioteket, Verkstedet", 5000)]),
    ("mentor.tjenestedesign", "Tjenestedesign med veileder i eget prosjekt", "Stab digitalisering", "MENTORING", 20, 0, "nb",
     [O("do.tjenestedesign.metode", 2, 3), O("do.tjenestedesign.brukerinnsikt", 2, 3)], ["verksted.tjenestedesign"], []),
    ("kurs.lean-intro", "Lean i kommunen", "KS Læring", "ELEARNING", 3, 0, "nb",
     [O("do.lean.forbedring", 0, 1)], [], []),
    ("verksted.lean", "Forbedringstavler og verdistrømkartlegging", "Lean-konsulent", "WORKSHOP", 7, 2000, "nb",
     [O("do.lean.forbedring", 1, 2), O("do.lean.verdistrom", 0, 2)], ["kurs.lean-intro"],
     [session("2027-01", 2027, 1, 26, 1, 18, "Rådhuset, kantina", 3000),
      session("2027-05", 2027, 5, 4, 1, 18, "Rådhuset, kantina", 3000)]),
    ("kurs.prosjektveiviseren", "Prosjektveiviseren", "Digdir", "ELEARNING", 6, 0, "nb",
     [O("do.prosjekt.styring", 0, 2), O("do.gevinst.planlegging", 0, 1)], [], []),
    ("sertifisering.prosjektledelse", "Prosjektledelse med sertifisering", "Kursleverandør", "CLASSROOM", 35, 16000, "nb",
     [O("do.prosjekt.styring", 2, 3)], ["kurs.prosjektveiviseren"],
     [session("2027-03", 2027, 3, 15, 5, 16, "Kurssenteret", 0)]),
    ("kurs.smidig", "Smidig arbeid og Scrum", "Kursleverandør", "ELEARNING", 6, 1200, "nb",
     [O("do.prosjekt.smidig", 0, 2)], [], []),
    ("kurs.anskaffelser", "Anskaffelse av IT-løsninger", "DFØ", "ELEARNING", 8, 0, "nb",
     [O("do.prosjekt.anskaffelser", 0, 2)], [], []),
    ("kurs.gevinstrealisering", "Gevinstrealisering i offentlig sektor", "DFØ", "ELEARNING", 5, 0, "nb",
     [O("do.gevinst.planlegging", 0, 2), O("do.gevinst.realisering", 0, 1)], [], []),
    ("verksted.gevinst", "Gevinstkart og oppfølging", "Stab økonomi", "WORKSHOP", 6, 0, "nb",
     [O("do.gevinst.planlegging", 2, 3), O("do.gevinst.realisering", 1, 3)], ["kurs.gevinstrealisering"],
     [session("2027-04", 2027, 4, 6, 1, 20, "Rådhuset, møterom Lia", 0)]),
    ("kurs.endringsledelse", "Endringsledelse for mellomledere", "KS Læring", "ELEARNING", 5, 0, "nb",
     [O("do.endring.omstilling", 0, 2), O("do.endring.kommunikasjon", 0, 1)], [], []),
    ("verksted.endringskommunikasjon", "Medvirkning og endringskommunikasjon (med tillitsvalgte)", "HR", "WORKSHOP", 6, 0, "nb",
     [O("do.endring.kommunikasjon", 1, 2), O("do.endring.omstilling", 2, 3)], ["kurs.endringsledelse"],
     [session("2027-02", 2027, 2, 2, 1, 24, "Rådhuset, kommunestyresalen", 2000),
      session("2027-10", 2027, 10, 5, 1, 24, "Rådhuset, kommunestyresalen", 2000)]),
    ("mentor.endringsagent", "Endringsagentnettverket: veiledning fra en erfaren endringsagent", "Endringsagentene", "MENTORING", 12, 0, "nb",
     [O("do.endring.veiledning", 0, 2)], [], []),
    ("ojt.endringsagent", "Veilede kolleger i egen enhet (praksis)", "Endringsagentene", "ON_THE_JOB", 20, 0, "nb",
     [O("do.endring.veiledning", 2, 3)], ["mentor.endringsagent"], []),
]


def resources():
    out = []
    for rid, title, provider, mode, hours, cost, lang, outcomes, prereqs, sessions in RESOURCES:
        r = {"id": rid, "title": title, "provider": provider, "mode": mode, "hours": hours, "cost": cost,
             "language": lang, "url": f"https://laering.eksempel.kommune.no/katalog/{rid}", "outcomes": outcomes}
        if prereqs:
            r["prerequisiteIds"] = prereqs
        if sessions:
            r["sessions"] = sessions
        out.append(r)
    return out


def main():
    write("frameworks/digital-omstilling.json", framework_digital())
    write("frameworks/digcomp-2.2.json", framework_digcomp())
    write("frameworks/e-cf-3.0.json", framework_ecf())
    write("demo/org_units.json", {"orgUnits": [{"id": i, "parentId": p, "name": n} for i, p, n in UNITS]})
    write("demo/roles.json", {"roles": [{"id": i, "name": n, "description": d, "inheritsRoleIds": inh,
                                         "targets": t} for i, n, d, inh, t in ROLES]})
    people = people_and_roles()
    write("demo/people.json", {"people": people})
    write("demo/resources.json", {"resources": resources()})
    write("demo/assessments.json", {"assessments": assessments(people, manager_of(people))})
    print(f"{len(UNITS)} units, {len(ROLES)} roles, {len(people)} people, {len(RESOURCES)} resources")


if __name__ == "__main__":
    main()
