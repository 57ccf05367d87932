#!/usr/bin/env python3
"""Generate rules/lexicon/wordnet.toml: English verbs mapped to mcprisk categories from the
verb hierarchy of WordNet 3.0.

Why: the classifier's own verb list (rules/verbs.toml) was grown case by case. WordNet groups
verbs into synsets (senses) linked by hypernymy ("erase" is a kind of "remove"), so a handful of
reviewed family roots ("destroy", "create", "pay", "perform", "perceive", ...) give every verb
below them a category, systematically. The classifier reads the output as a layer of lower
precedence behind rules/verbs.toml.

How a verb gets its category:
1. Each synset's category is that of the nearest family root above it (breadth-first along the
   hypernym links, the synset itself at distance 0). Roots of different categories at the same
   nearest distance leave the synset without a category.
2. A verb is a single lower-case word. Its senses come in WordNet's order (most frequent first).
   It takes the category of its FIRST sense, and only if that category also holds a strict
   majority of its senses that have a category; otherwise its senses disagree and it is dropped.
   (So "run", whose first sense is moving on foot, is left to rules/verbs.toml.)
3. A verb that is mostly a noun is dropped: in a tool name (`case_status`, `power_on`) such a
   word names the object, not the action. "Mostly" = its noun senses were tagged more than
   NOUN_RATIO times as often as its verb senses in WordNet's sense-tagged corpus (cntlist.rev).
4. Verbs and synsets listed in EXCLUDED_VERBS / EXCLUDED_SYNSETS below are left out, each with
   the reason: a sense that WordNet files correctly but that means something else in a tool
   name (for example "describe" sits under "communicate", yet describe_* tools only read).
   Review the output by reading it; correct it here, never by editing the output.

Rerun (needs Debian's wordnet-base, `apt-get install wordnet-base`, or WORDNET_DIR pointing at a
WordNet 3.0 `dict` directory holding data.verb and index.verb):

    python3 scripts/lexicon/wordnet.py > rules/lexicon/wordnet.toml

Standard library only; the output is deterministic (sorted), so a rerun on the same database
gives the same bytes.
"""

import os
import re
import sys
from collections import deque

WORDNET_DIR = os.environ.get("WORDNET_DIR", "/usr/share/wordnet")

# Family roots: (category, lemma, synset offset in WordNet 3.0). The lemma is checked against the
# synset, so a different WordNet version fails loudly instead of mapping the wrong senses.
ROOTS = [
    # Destructive: destroy, remove, eliminate, get rid of, kill (a process, an instance).
    ("Destructive", "destroy", "01619947"),
    ("Destructive", "remove", "00173338"),
    ("Destructive", "get_rid_of", "02224073"),
    ("Destructive", "eliminate", "00471711"),
    ("Destructive", "kill", "01323976"),
    # Write: create, make, change/modify, record, communicate (send, transmit, inform).
    ("Write", "create", "01617210"),
    ("Write", "create", "01753806"),
    ("Write", "change", "00126264"),
    ("Write", "record", "01000232"),
    ("Write", "send", "01437272"),
    ("Write", "send", "01031274"),
    ("Write", "transmit", "01435398"),
    ("Write", "communicate", "00742338"),
    ("Write", "inform", "00831669"),
    # ... and, for coverage, the largest top-level families of verbs that change things:
    # moving or placing something, connecting things, naming things.
    ("Write", "move", "01850333"),
    ("Write", "connect", "01354691"),
    ("Write", "designate", "01030150"),
    # Financial: pay, transfer possession, buy, sell, trade.
    ("Financial", "pay", "02251761"),
    ("Financial", "give", "02199608"),
    ("Financial", "buy", "02207224"),
    ("Financial", "sell", "02242482"),
    ("Financial", "trade", "02260380"),
    ("Financial", "trade", "02259023"),
    # Execute: perform, run/execute (a program), operate, start (set in motion).
    ("Execute", "perform", "01712722"),
    ("Execute", "run", "02563327"),
    ("Execute", "execute", "01640873"),
    ("Execute", "operate", "02443849"),
    ("Execute", "operate", "01224762"),
    ("Execute", "start", "00348746"),
    ("Execute", "begin", "00345761"),
    # Read: perceive, examine, search, get information (find out), compute, read.
    ("Read", "perceive", "02106524"),
    ("Read", "examine", "00644601"),
    ("Read", "examine", "02131297"),
    ("Read", "search", "01315631"),
    ("Read", "search", "02153727"),
    ("Read", "find_out", "00598954"),
    ("Read", "compute", "00637277"),
    ("Read", "read", "00625137"),
    # ... and, for coverage: showing, looking, retrieving from memory, understanding. ("get,
    # acquire" is not a root: its family is earning, buying and inheriting as much as reading,
    # and it took "pay" out of Financial by outvoting its senses.)
    ("Read", "show", "02137150"),
    ("Read", "look", "02130542"),
    ("Read", "retrieve", "00607780"),
    ("Read", "understand", "00588888"),
]

# Synsets whose whole subtree is left out: offset -> reason.
EXCLUDED_SYNSETS = {
    # Under "give" (transfer possession): giving that moves no money or value.
    "01182727": "provide/supply/cater: giving support or food, not value",
    "02327218": "supply/provide/furnish: equipping something (caption, wire, power, staff)",
    "02219112": "support: materially or financially, mostly the former",
    "02255286": "accord/allot/grant a privilege: access, not money (the privilege signal)",
    "02255480": "allow/grant permission: access, not money",
    "02294454": "distribute/administer/deal: handing out in portions, mostly not money",
    "02297160": "offer/proffer: presenting for acceptance commits nothing",
    "02262770": "present/submit: handing over a document",
    "02263806": "heap: bestowing work or scorn",
    "02316667": "concede/yield/cede: giving up control",
    "02345665": "spare/give up/part with: doing without",
    "02362934": "vest: placing authority in someone's control",
    # Under "create": creating in the mind (imagine, plan, design, invent) changes nothing.
    "01631552": "create mentally: planning and designing return ideas, they store nothing",
    # Under "connect" (join): the sexual senses; never a tool's action.
    "01428871": "copulate/mate: the sexual sense of joining",
}

# Verbs left out: verb -> reason.
EXCLUDED_VERBS = {
    # Destructive by WordNet (under remove/take away), but the word means something else, or
    # the taxonomy files it elsewhere.
    "dig": "DNS lookup in tool names (Read); WordNet: removing earth",
    "delve": "exploring a topic (Read)",
    "burrow": "digging",
    "furrow": "digging",
    "tunnel": "network tunnels (Execute/Write)",
    "scoop": "taking out, nothing lost",
    "shovel": "taking out, nothing lost",
    "spade": "taking out, nothing lost",
    "spoon": "taking out, nothing lost",
    "trowel": "taking out, nothing lost",
    "rootle": "digging",
    "unpack": "extracting an archive writes files; nothing lost",
    "unbox": "extracting; nothing lost",
    "uncase": "extracting; nothing lost",
    "uncrate": "extracting; nothing lost",
    "unlade": "unloading; nothing lost",
    "unsheathe": "extracting; nothing lost",
    "disburden": "unloading; nothing lost",
    "undress": "taking off clothes",
    "disrobe": "taking off clothes",
    "doff": "taking off clothes",
    "offsaddle": "taking off a saddle",
    "unsaddle": "taking off a saddle",
    "unbridle": "taking off a bridle",
    "unmuzzle": "taking off a muzzle",
    "unstring": "taking off strings",
    "milk": "drawing off; nothing lost",
    "siphon": "drawing off; nothing lost",
    "syphon": "drawing off; nothing lost",
    "leach": "drawing off; nothing lost",
    "omit": "leaving out of output (omit fields) loses nothing",
    "elide": "leaving out of output loses nothing",
    "shed": "bodily; 'shed load' is not deletion",
    "molt": "bodily",
    "moult": "bodily",
    "slough": "bodily",
    "exuviate": "bodily",
    "expectorate": "bodily",
    "aspirate": "bodily; 'aspirate' in tools is phonetics",
    "trash": "moving to the trash is reversible: Write by the taxonomy's conventions",
    "dump": "a dump exports data (database dump, heap dump): Read",
    "disassemble": "disassembling a binary reads it",
    "liquidate": "selling assets: Financial, not Destructive",
    "forfeit": "losing a right or a stake: Financial or Write, not Destructive",
    "abandon": "abandoning a merge, cart or session discards nothing stored",
    "cheque": "a spelling of check (chess); WordNet files it under removal",
    "off": "a particle in tool names (turn_off, set_off), not 'to kill'",
    "flesh": "'flesh out' adds detail",
    # Write by WordNet (change, create, communicate), but tools with these verbs only return a
    # result, or the taxonomy files them in another category.
    "describe": "describe_* tools read (taxonomy: Read)",
    "explain": "returns an explanation (Read)",
    "render": "rendered output is returned (taxonomy: Read)",
    "translate": "translated text is returned (Read)",
    "summarize": "a summary is returned (Read)",
    "summarise": "a summary is returned (Read)",
    "fetch": "fetching reads (taxonomy: Read)",
    "generate": "generated text returned (Read) or saved (Write): the description decides",
    "convert": "converted output returned (Read) or a file written (Write): ambiguous",
    "report": "produce a report (Read) or report an issue (Write): ambiguous",
    "map": "mapping a value (Read) or a route (Write): ambiguous",
    "load": "loading data reads it; loading a config changes state: ambiguous",
    "build": "builds run programs (taxonomy: Execute)",
    "trigger": "triggering starts a flow (taxonomy: Execute)",
    "invoke": "invoking runs something (taxonomy: Execute)",
    "authenticate": "starting an authentication flow (taxonomy: Execute)",
    "truncate": "truncating deletes data (taxonomy: Destructive)",
    "overwrite": "overwriting without a backup (taxonomy: Destructive)",
    "mint": "minting tokens moves value (taxonomy: Financial)",
    "order": "sort (Read) or place an order (Financial): ambiguous",
    "format": "formatting returns text (Read) or rewrites a file (Write): ambiguous",
    "tabulate": "a table is returned (Read)",
    "outline": "an outline is returned (Read)",
    "quote": "a price quote is returned (Read)",
    "indicate": "indicating states something (Read)",
    "terminate": "terminating instances (taxonomy: Destructive)",
    "out": "a particle in tool names (log_out, opt_out)",
    # Write by WordNet (move, place, connect), but the taxonomy files them elsewhere or the tool
    # sense differs.
    "deploy": "deploys (taxonomy: Execute)",
    "download": "a download returns content (Read)",
    "drop": "dropping a table or database (taxonomy: Destructive); drag-and-drop is browser automation",
    "shred": "shredding destroys (Destructive)",
    "tear": "'tear down' destroys (Destructive)",
    "hash": "a hash is computed and returned (Read)",
    "serialize": "serialised output is returned (Read)",
    "serialise": "serialised output is returned (Read)",
    "paginate": "paging through results reads (Read)",
    "install": "an install may run install scripts (Execute) or only edit a manifest (Write)",
    "instal": "an install may run install scripts (Execute) or only edit a manifest (Write)",
    "reinstall": "an install may run install scripts (Execute) or only edit a manifest (Write)",
    "call": "a phone call (Write), a function call (Execute) or naming: ambiguous",
    "settle": "settling a payment moves money (Financial)",
    "deposit": "depositing money or tokens (Financial)",
    "bridge": "bridging tokens moves value (Financial)",
    "drill": "'drill down' reads (Read)",
    # Financial by WordNet, but not in tool names.
    "export": "exporting data (Read); WordNet: selling abroad",
    "resubmit": "submitting a form again moves no money",
    "deplete": "using up a supply moves no money",
    "afford": "being able to pay is not paying",
    "redispose": "arranging again moves no money",
    # Read by WordNet, but not in tool names.
    "deduct": "deducting from a balance moves value; WordNet: subtracting",
    "retry": "retrying repeats an operation; WordNet: a new trial in court",
    # Execute by WordNet (perform), but performing music or speech runs nothing.
    "carol": "singing",
    "madrigal": "singing",
    "serenade": "singing",
    "solmizate": "singing",
    "declaim": "speaking",
    "elocute": "speaking",
    "financier": "dealing in finance, not running anything",
    # Execute by WordNet, but the taxonomy files it elsewhere.
    "dial": "a phone call to people is Write (taxonomy conventions)",
}

# A verb whose noun senses were tagged more than this many times as often as its verb senses
# is mostly a noun (rule 4 above).
NOUN_RATIO = 4

CATEGORIES = ["Read", "Write", "Execute", "Destructive", "Financial"]
WORD = re.compile(r"^[a-z]{3,}$")


def read_synsets(path):
    """offset -> (lemmas, verb hypernym offsets, gloss)."""
    synsets = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):  # the license header
                continue
            fields, _, gloss = line.partition(" | ")
            tok = fields.split()
            offset, words = tok[0], int(tok[3], 16)
            lemmas = [tok[4 + 2 * i].lower() for i in range(words)]
            i = 4 + 2 * words
            pointers = int(tok[i])
            i += 1
            hypernyms = []
            for _ in range(pointers):
                symbol, target, pos = tok[i], tok[i + 1], tok[i + 2]
                i += 4
                if symbol in ("@", "@i") and pos == "v":
                    hypernyms.append(target)
            # Lemmas may carry a syntactic marker such as "(a)"; drop it.
            lemmas = [re.sub(r"\(.*\)$", "", l) for l in lemmas]
            synsets[offset] = (lemmas, hypernyms, gloss.strip())
    return synsets


def read_index(path):
    """lemma -> synset offsets, most frequent sense first."""
    index = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            tok = line.split()
            lemma, senses, pointer_kinds = tok[0], int(tok[2]), int(tok[3])
            offsets = tok[4 + pointer_kinds + 2:]
            assert len(offsets) == senses, lemma
            index[lemma] = offsets
    return index


def read_tag_counts(path):
    """lemma -> (noun tag count, verb tag count) from cntlist.rev (sense_key sense_no count)."""
    counts = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            key, _, count = line.split()
            lemma, _, rest = key.partition("%")
            pos = rest.split(":")[0]
            noun, verb = counts.get(lemma, (0, 0))
            if pos == "1":
                noun += int(count)
            elif pos == "2":
                verb += int(count)
            counts[lemma] = (noun, verb)
    return counts


def synset_category(offset, synsets, roots):
    """The category of the nearest root above `offset` (None when none, or a tie)."""
    seen = {offset}
    frontier = [offset]
    while frontier:
        found = {roots[o] for o in frontier if o in roots}
        if found:
            return found.pop() if len(found) == 1 else None
        nxt = []
        for o in frontier:
            if o in EXCLUDED_SYNSETS:
                continue
            for h in synsets[o][1]:
                if h not in seen:
                    seen.add(h)
                    nxt.append(h)
        frontier = [o for o in nxt if o not in EXCLUDED_SYNSETS]
    return None


def main():
    synsets = read_synsets(os.path.join(WORDNET_DIR, "data.verb"))
    index = read_index(os.path.join(WORDNET_DIR, "index.verb"))
    tags = read_tag_counts(os.path.join(WORDNET_DIR, "cntlist.rev"))
    roots = {}
    for category, lemma, offset in ROOTS:
        if offset not in synsets or lemma not in synsets[offset][0]:
            sys.exit(f"wordnet.py: synset {offset} is not '{lemma}' here: is this WordNet 3.0?")
        roots[offset] = category
    for offset in EXCLUDED_SYNSETS:
        if offset not in synsets:
            sys.exit(f"wordnet.py: excluded synset {offset} does not exist")
    for verb in EXCLUDED_VERBS:
        if verb not in index:
            sys.exit(f"wordnet.py: excluded verb '{verb}' is not in WordNet")

    cache = {}

    def category(o):
        if o not in cache:
            cache[o] = None if o in EXCLUDED_SYNSETS else synset_category(o, synsets, roots)
        return cache[o]

    verbs = {c: [] for c in CATEGORIES}
    disagree = nouns = 0
    for lemma in sorted(index):
        if not WORD.match(lemma) or lemma in EXCLUDED_VERBS:
            continue
        noun, verb = tags.get(lemma, (0, 0))
        if noun > NOUN_RATIO * verb:
            nouns += 1
            continue
        cats = [category(o) for o in index[lemma]]
        first = cats[0]
        if first is None:
            continue
        mapped = [c for c in cats if c]
        if mapped.count(first) * 2 <= len(mapped):
            disagree += 1
            continue
        verbs[first].append(lemma)

    out = sys.stdout
    out.write(HEADER)
    out.write("[meta]\n")
    out.write('source = "WordNet 3.0 (Princeton University), as shipped in Debian\'s wordnet-base"\n')
    out.write('license = "WordNet 3.0 license (permissive; see https://wordnet.princeton.edu/license-and-commercial-use)"\n')
    out.write('generator = "scripts/lexicon/wordnet.py"\n')
    out.write(
        'rule = "a verb takes the category of the nearest family root above its first '
        '(most frequent) sense, when that category also holds a strict majority of its '
        f'categorised senses; verbs tagged more than {NOUN_RATIO} times as often as nouns, '
        'and the reviewed exclusions of the generator, are left out"\n'
    )
    out.write(f"dropped_disagreeing_senses = {disagree}\n")
    out.write(f"dropped_mostly_nouns = {nouns}\n")
    out.write(f"excluded_verbs = {len(EXCLUDED_VERBS)}\n")
    out.write(f"excluded_synsets = {len(EXCLUDED_SYNSETS)}\n\n")
    out.write("# The family roots: lemma.v.sense-in-this-lemma (offset): gloss.\n")
    out.write("[meta.roots]\n")
    for c in CATEGORIES:
        out.write(f"{c} = [\n")
        for category_, lemma, offset in ROOTS:
            if category_ != c:
                continue
            gloss = synsets[offset][2].split(";")[0].replace('"', "'").strip()
            sense = index[lemma].index(offset) + 1 if lemma in index else 0
            out.write(f'    "{lemma}.v.{sense:02d} ({offset}): {gloss}",\n')
        out.write("]\n")
    out.write("\n[verbs]\n")
    for c in CATEGORIES:
        words = sorted(verbs[c])
        out.write(f"# {len(words)} verbs\n{c} = [\n")
        line = "   "
        for w in words:
            item = f' "{w}",'
            if len(line) + len(item) > 100:
                out.write(line + "\n")
                line = "   "
            line += item
        if line.strip():
            out.write(line + "\n")
        out.write("]\n")


HEADER = """\
# Verbs mapped to mcprisk categories from WordNet 3.0's verb hierarchy.
#
# GENERATED by scripts/lexicon/wordnet.py; do not edit by hand. To change it, change the family
# roots or the exclusion lists in the script (each exclusion says why) and rerun:
#     python3 scripts/lexicon/wordnet.py > rules/lexicon/wordnet.toml
# A lower-precedence layer behind rules/verbs.toml: a verb there wins over the same verb here.
#
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. (WordNet 3.0 license.)

"""


if __name__ == "__main__":
    main()
